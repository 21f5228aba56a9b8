/*
 * The order of items: the default order (chronological, in the article's
 * order where dates cannot tell; entities by name), every sort key both
 * ways and comma lists of keys (harness_order.h), the article's order by
 * hand, and the sort values refused.
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
#include "harness_order.h"
#include "harness_pages.h"

/* Fails the test unless c sorted by spec lists its items in that order. */
static void
check_sorted_by(const struct coll *c, const char *spec)
{
	json_t *items = page_all(c->name, "sort=%s", spec);

	order_expect_sorted(c, items, spec);
	json_decref(items);
}

/* Of two ids, 1 when a comes before b in the list of items. */
static int
before(json_t *items, const char *a, const char *b)
{
	json_t *item;
	size_t i;
	int seen_a = 0;

	json_array_foreach (items, i, item) {
		const char *id = json_string_value(json_object_get(item, "id"));

		if (strcmp(id, a) == 0)
			seen_a = 1;
		if (strcmp(id, b) == 0)
			return seen_a;
	}
	fail_msg("%s: %s or %s missing", last_request(), a, b);
	return 0;
}

/*
 * The timeline in the article's order, by hand: "At the end of the 1960s"
 * (the educated youths) follows "In the 1960s" (the Third Front), and the
 * pairing made "After mutual consultations" (1996, no month) follows the
 * September 1996 meeting. Both ways: -start is the exact reverse.
 */
static void
test_article_order(void **state)
{
	static const char *const pairs[][2] = {
		{ "1960s-third-front-relocation",
		    "1960s-educated-youths-to-yunnan" },
		{ "1996-09-east-west-cooperation-and-shanghai-request",
		    "1996-districts-paired-with-key-counties" },
	};
	json_t *plain = page_all("events", "%s", "");
	json_t *up = page_all("events", "%s", "sort=start");
	json_t *down = page_all("events", "%s", "sort=-start");

	(void)state;
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		check(before(plain, pairs[i][0], pairs[i][1]),
		    "the timeline puts %s before %s", pairs[i][1], pairs[i][0]);
		check(before(up, pairs[i][0], pairs[i][1]),
		    "sort=start puts %s before %s", pairs[i][1], pairs[i][0]);
		check(before(down, pairs[i][1], pairs[i][0]),
		    "sort=-start puts %s before %s", pairs[i][0], pairs[i][1]);
	}
	/* the same pairing as a partnership follows the 1996 request */
	json_decref(plain);
	plain = page_all("partnerships", "%s", "");
	check(before(plain, "shanghai-yunnan-counterpart-cooperation",
		  "shanghai-districts-yunnan-key-counties"),
	    "the partnerships put the pairing before the cooperation");
	json_decref(plain);
	json_decref(up);
	json_decref(down);
}

/* Dated facts come chronologically (start, then id) by default,
 * entities by name. */
static void
test_default_order(void **state)
{
	(void)state;
	for (size_t i = 0; i < API_NCOLLS; i++) {
		json_t *items;

		if (api_colls[i].default_order == NULL)
			continue;
		items = page_all(api_colls[i].name, "%s", "");
		order_expect_sorted(
		    &api_colls[i], items, api_colls[i].default_order);
		json_decref(items);
	}
}

/* Every sort key orders both ways, and comma lists key by key, with ties
 * broken by id. */
static void
test_sort_orders(void **state)
{
	(void)state;
	for (size_t i = 0; i < API_NCOLLS; i++)
		order_each_sort(&api_colls[i], check_sorted_by);
}

/* An unknown, empty or repeated sort key is a 400 naming sort. */
static void
test_sort_invalid(void **state)
{
	static const char *const bad[] = { "nope", "", ",", "id,", ",id",
		"id,,title", "-", "id,id", "id,-id", "%2Bid", NULL };

	(void)state;
	for (size_t i = 0; i < API_NCOLLS; i++)
		for (size_t j = 0; bad[j] != NULL; j++)
			expect_bad_param(api_port, "sort", API "/%s?sort=%s",
			    api_colls[i].name, bad[j]);
	expect_bad_param(api_port, "sort", API "/events?sort=start,-start");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_article_order),
		cmocka_unit_test(test_default_order),
		cmocka_unit_test(test_sort_orders),
		cmocka_unit_test(test_sort_invalid),
	};

	return cmocka_run_group_tests_name(
	    "sort", tests, api_setup, api_teardown);
}
