/*
 * fields=: the projection of every collection and of one item, and the
 * field names refused (a long one echoed cut on a whole character).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness_api.h"
#include "harness_pages.h"
#include "harness_sql.h"

/* Asserts every item of items has exactly the fields of the list. */
static void
assert_only_fields(json_t *items, const char *const *want, size_t n)
{
	json_t *item;
	size_t i;

	json_array_foreach (items, i, item) {
		check(json_object_size(item) == n,
		    "%s: an item has %zu fields, not %zu", last_request(),
		    json_object_size(item), n);
		for (size_t f = 0; f < n; f++)
			check(json_object_get(item, want[f]) != NULL,
			    "%s: an item lacks %s", last_request(), want[f]);
	}
}

/* fields=a,b keeps only those fields of each item. */
static void
test_fields_projection(void **state)
{
	(void)state;
	for (size_t i = 0; i < API_NCOLLS; i++) {
		const char *const *f = api_colls[i].fields;
		json_t *items = page_all(api_colls[i].name, "fields=%s", f[0]);

		assert_only_fields(items, f, 1);
		json_decref(items);
		items = page_all(api_colls[i].name, "fields=%s,%s", f[1], f[2]);
		assert_only_fields(items, f + 1, 2);
		assert_true(json_array_size(items) > 0);
		json_decref(items);
	}
}

/* fields applies to one item too. */
static void
test_fields_on_item(void **state)
{
	json_t *doc;
	char *id = sql_text("SELECT id FROM events ORDER BY id LIMIT 1");
	char target[TARGET_MAX];

	(void)state;
	snprintf(target, sizeof(target), API "/events/%s?fields=title,id", id);
	doc = api_get_ok(target);
	assert_int_equal(json_object_size(json_object_get(doc, "data")), 2);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(doc, "data"), "id")),
	    id);
	json_decref(doc);
	free(id);
}

/* An unknown field is a 400 naming fields. */
static void
test_fields_invalid(void **state)
{
	(void)state;
	for (size_t i = 0; i < API_NCOLLS; i++) {
		expect_bad_param(api_port, "fields", API "/%s?fields=nope",
		    api_colls[i].name);
		expect_bad_param(api_port, "fields", API "/%s?fields=id,nope",
		    api_colls[i].name);
		expect_bad_param(
		    api_port, "fields", API "/%s?fields=", api_colls[i].name);
		/* a long name is echoed cut on a whole character */
		for (int n = 12; n <= 15; n++) {
			char name[200] = "";

			for (int k = 0; k < n; k++)
				strcat(name, "%E4%B8%8A");
			expect_bad_param(api_port, "fields",
			    API "/%s?fields=%s", api_colls[i].name, name);
		}
	}
	expect_bad_param(
	    api_port, "fields", API "/entities/shanghai?fields=nope");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_projection),
		cmocka_unit_test(test_fields_on_item),
		cmocka_unit_test(test_fields_invalid),
	};

	return cmocka_run_group_tests_name(
	    "fields", tests, api_setup, api_teardown);
}
