/*
 * Id lists (harness_ids.h): joined, read from items, compared.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "harness_ids.h"

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *
ids_join(const char **v, size_t n, int sorted)
{
	struct buf b = { 0 };

	if (sorted && n > 1)
		qsort(v, n, sizeof(*v), str_cmp);
	buf_puts(&b, "");
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&b, ' ');
		buf_puts(&b, v[i]);
	}
	return buf_finish(&b);
}

char *
ids_of(json_t *items, int sorted)
{
	size_t n = json_array_size(items), i;
	const char **v = calloc(n + 1, sizeof(*v));
	json_t *item;
	char *s;

	assert_non_null(v);
	json_array_foreach (items, i, item) {
		json_t *id =
		    json_is_string(item) ? item : json_object_get(item, "id");

		check(json_is_string(id), "%s: an item without an id",
		    last_request());
		v[i] = json_string_value(id);
	}
	s = ids_join(v, n, sorted);
	free(v);
	assert_non_null(s);
	return s;
}

int
ids_has(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') &&
		    (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

void
ids_expect_subset(const char *sub, const char *super, const char *what)
{
	char *copy = strdup(sub), *save = NULL;

	assert_non_null(copy);
	for (char *w = strtok_r(copy, " ", &save); w != NULL;
	     w = strtok_r(NULL, " ", &save))
		check(ids_has(super, w), "%s: %s misses %s\n  [%s]",
		    last_request(), what, w, super);
	free(copy);
}

void
ids_expect_same(const char *got, const char *want, const char *what)
{
	check(strcmp(got, want) == 0,
	    "%s: %s\n  served:   [%s]\n  expected: [%s]", last_request(), what,
	    got, want);
}
