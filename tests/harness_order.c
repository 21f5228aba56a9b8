/*
 * The order of items (harness_order.h): comparing values and dates as
 * ?sort= does, checking a listing against it, every sort of a collection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness_api.h"
#include "harness_order.h"
#include "harness_sql.h"

/* The value at a dotted path in an item, or NULL. */
static json_t *
value_at(json_t *item, const char *path)
{
	char key[64];
	const char *dot;

	while ((dot = strchr(path, '.')) != NULL) {
		snprintf(key, sizeof(key), "%.*s", (int)(dot - path), path);
		item = json_object_get(item, key);
		path = dot + 1;
	}
	return json_object_get(item, path);
}

/*
 * How a sort orders two values: numbers by value, strings by bytes, dates
 * by year then month (a date given to the year only comes before the
 * months of that year), entity refs by name then id; null (an ongoing end,
 * an absent count) after every value.
 */
static int
value_cmp(json_t *a, json_t *b)
{
	int an = a == NULL || json_is_null(a),
	    bn = b == NULL || json_is_null(b);

	if (an || bn)
		return an - bn;
	if (json_is_integer(a) && json_is_integer(b))
		return (json_integer_value(a) > json_integer_value(b)) -
		    (json_integer_value(a) < json_integer_value(b));
	if (json_is_string(a) && json_is_string(b))
		return strcmp(json_string_value(a), json_string_value(b));
	if (json_is_boolean(a) && json_is_boolean(b))
		return json_is_true(a) - json_is_true(b);
	if (json_is_object(a) && json_is_object(b) &&
	    json_object_get(a, "year") != NULL) {
		json_t *ma = json_object_get(a, "month");
		json_t *mb = json_object_get(b, "month");
		int c = value_cmp(
		    json_object_get(a, "year"), json_object_get(b, "year"));

		if (c != 0)
			return c;
		if (json_is_null(ma) || json_is_null(mb))
			return !json_is_null(ma) - !json_is_null(mb);
		return value_cmp(ma, mb);
	}
	if (json_is_object(a) && json_is_object(b)) {
		int c = value_cmp(
		    json_object_get(a, "name"), json_object_get(b, "name"));

		return c != 0 ? c
			      : value_cmp(json_object_get(a, "id"),
				    json_object_get(b, "id"));
	}
	fail_msg(
	    "%s: values of different types under one sort key", last_request());
	return 0;
}

/* The path of sort key name in c. */
static const char *
sort_path(const struct coll *c, const char *name)
{
	for (const struct coll_sort *k = c->sorts; k->name != NULL; k++)
		if (strcmp(k->name, name) == 0)
			return k->path;
	fail_msg("no sort key %s in %s", name, c->name);
	return NULL;
}

/* Where the quote of item id of c starts in the article (from the base
 * tables: instr of the quote in its source). */
static long long
article_position(const struct coll *c, json_t *item)
{
	char *pos = sql_text("SELECT instr(s.text, x.quote) FROM \"%w\" x"
			     " JOIN sources s ON s.id = x.source_id"
			     " WHERE x.id = %Q",
	    c->table, json_string_value(json_object_get(item, "id")));
	long long v = pos != NULL ? atoll(pos) : -1;

	free(pos);
	return v;
}

/*
 * The order of two dates (API.md, "Query parameters"): by year, then by
 * month where both have one; where they are equal or one lacks the month
 * the other has, by where the article tells the two facts.
 */
static int
chrono_cmp(const struct coll *c, json_t *a, json_t *b, json_t *da, json_t *dz)
{
	int an = !json_is_object(da), bn = !json_is_object(dz);
	json_t *ma, *mb;
	long long pa, pb;
	int cmp;

	if (an || bn) {
		if (an != bn)
			return an - bn; /* ongoing after every date */
	} else {
		cmp = value_cmp(
		    json_object_get(da, "year"), json_object_get(dz, "year"));
		if (cmp != 0)
			return cmp;
		ma = json_object_get(da, "month");
		mb = json_object_get(dz, "month");
		if (!json_is_null(ma) && !json_is_null(mb) &&
		    (cmp = value_cmp(ma, mb)) != 0)
			return cmp;
	}
	pa = article_position(c, a);
	pb = article_position(c, b);
	return (pa > pb) - (pa < pb);
}

/* 1 when a sort key is chronological (a date: start or end). */
static int
chronological(const char *path)
{
	const char *last = strrchr(path, '.');

	last = last != NULL ? last + 1 : path;
	return strcmp(last, "start") == 0 || strcmp(last, "end") == 0;
}

void
order_expect_sorted(const struct coll *c, json_t *items, const char *spec)
{
	const char *path[16];
	int desc[16];
	size_t n = 0;
	char copy[256], *save = NULL;

	snprintf(copy, sizeof(copy), "%s", spec);
	for (char *k = strtok_r(copy, ",", &save); k != NULL && n < 16;
	     k = strtok_r(NULL, ",", &save)) {
		desc[n] = k[0] == '-';
		path[n] = sort_path(c, k + desc[n]);
		n++;
	}
	for (size_t i = 1; i < json_array_size(items); i++) {
		json_t *a = json_array_get(items, i - 1);
		json_t *b = json_array_get(items, i);
		int cmp = 0;

		for (size_t k = 0; k < n && cmp == 0; k++) {
			cmp = chronological(path[k])
			    ? chrono_cmp(c, a, b, value_at(a, path[k]),
				  value_at(b, path[k]))
			    : value_cmp(
				  value_at(a, path[k]), value_at(b, path[k]));
			cmp = desc[k] ? -cmp : cmp;
		}
		if (cmp == 0)
			cmp = value_cmp(
			    json_object_get(a, "id"), json_object_get(b, "id"));
		check(cmp < 0, "%s: sort=%s puts %s before %s", last_request(),
		    spec, json_string_value(json_object_get(a, "id")),
		    json_string_value(json_object_get(b, "id")));
	}
}

void
order_each_sort(
    const struct coll *c, void (*fn)(const struct coll *, const char *))
{
	char spec[80];

	for (const struct coll_sort *k = c->sorts; k->name != NULL; k++) {
		fn(c, k->name);
		snprintf(spec, sizeof(spec), "-%s", k->name);
		fn(c, spec);
	}
	for (size_t i = 0; c->sort_lists[i] != NULL; i++)
		fn(c, c->sort_lists[i]);
}
