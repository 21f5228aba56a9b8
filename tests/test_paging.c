/*
 * Paging: limit and offset, their bounds and errors, the links next and
 * prev (in the body and the Link header) carrying every parameter, and a
 * walk over every page of every collection under every sort listing each
 * item once.
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
#include "harness_sql.h"

/* Without limit a page holds 50 items, and meta.limit says so. */
static void
test_limit_default(void **state)
{
	struct http_response r;

	(void)state;
	assert_true(sql_count("entities") > 50); /* or this shows nothing */
	for (size_t i = 0; i < API_NCOLLS; i++) {
		api_get(&r, API "/%s", api_colls[i].name);
		page_expect(&r, 50, 0);
		http_response_free(&r);
	}
}

/* limit 1 and 500 are accepted and give pages of that size. */
static void
test_limit_bounds(void **state)
{
	struct http_response r;

	(void)state;
	for (size_t i = 0; i < API_NCOLLS; i++) {
		api_get(&r, API "/%s?limit=1", api_colls[i].name);
		page_expect(&r, 1, 0);
		http_response_free(&r);
		api_get(&r, API "/%s?limit=500", api_colls[i].name);
		page_expect(&r, 500, 0);
		http_response_free(&r);
	}
}

/* A limit that is no integer in 1..500 is a 400 naming limit. */
static void
test_limit_invalid(void **state)
{
	static const char *const bad[] = { "0", "501", "-1", "1.5", "abc", "",
		"1e2", "%2B5", "99999999999999999999", NULL };

	(void)state;
	for (size_t i = 0; i < API_NCOLLS; i++)
		for (size_t j = 0; bad[j] != NULL; j++)
			expect_bad_param(api_port, "limit", API "/%s?limit=%s",
			    api_colls[i].name, bad[j]);
}

/* An offset that is no integer >= 0 is a 400 naming offset. */
static void
test_offset_invalid(void **state)
{
	static const char *const bad[] = { "-1", "abc", "", "2.0", NULL };

	(void)state;
	for (size_t i = 0; i < API_NCOLLS; i++)
		for (size_t j = 0; bad[j] != NULL; j++)
			expect_bad_param(api_port, "offset",
			    API "/%s?offset=%s", api_colls[i].name, bad[j]);
}

/* An offset at or past the end is an empty page, not an error. */
static void
test_offset_past_end(void **state)
{
	struct http_response r;

	(void)state;
	for (size_t i = 0; i < API_NCOLLS; i++) {
		long long n = sql_count(api_colls[i].table);

		api_get(&r, API "/%s?offset=%lld", api_colls[i].name, n);
		page_expect(&r, 50, n);
		assert_int_equal(
		    json_array_size(json_object_get(r.json, "data")), 0);
		http_response_free(&r);
		api_get(&r, API "/%s?offset=%lld&limit=3", api_colls[i].name,
		    n + 100);
		page_expect(&r, 3, n + 100);
		assert_int_equal(
		    api_int(json_object_get(r.json, "meta"), "total"), n);
		http_response_free(&r);
	}
}

/* A middle page links next and prev, carrying every parameter, in the
 * body and in the Link header. */
static void
test_links_carry_parameters(void **state)
{
	struct http_response r;
	json_t *links;
	const char *self, *next, *prev;

	(void)state;
	api_get(&r, API "/events?limit=2&offset=4&sort=-start&from=1990");
	page_expect(&r, 2, 4);
	links = json_object_get(r.json, "links");
	self = page_link(links, "self");
	next = page_link(links, "next");
	prev = page_link(links, "prev");
	assert_non_null(next);
	assert_non_null(prev);
	assert_true(
	    strncmp(self, API "/events?", sizeof(API "/events?") - 1) == 0);
	for (size_t i = 0; i < 3; i++) {
		const char *l = i == 0 ? self : i == 1 ? next : prev;

		check(strstr(l, "limit=2") != NULL &&
			strstr(l, "sort=-start") != NULL &&
			strstr(l, "from=1990") != NULL,
		    "%s: link %s drops a parameter", last_request(), l);
	}
	assert_non_null(strstr(self, "offset=4"));
	assert_non_null(strstr(next, "offset=6"));
	assert_non_null(strstr(prev, "offset=2"));
	http_response_free(&r);
}

/* A collection on one page has neither next nor prev and no Link. */
static void
test_no_link_on_single_page(void **state)
{
	struct http_response r;

	(void)state;
	api_get(&r, API "/events?" ALL);
	page_expect(&r, 500, 0);
	expect_absent(&r, "Link");
	http_response_free(&r);
}

/* The first page of several links next only. */
static void
test_first_page_links_next_only(void **state)
{
	struct http_response r;
	const char *link;

	(void)state;
	api_get(&r, API "/events?limit=1");
	page_expect(&r, 1, 0);
	link = hdr(&r, "Link");
	assert_non_null(link);
	assert_null(strstr(link, "rel=\"prev\""));
	http_response_free(&r);
}

/* Walking the pages lists every item once, for every sort. */
static void
test_pages_cover_every_item(void **state)
{
	(void)state;
	for (size_t i = 0; i < API_NCOLLS; i++)
		order_each_sort(&api_colls[i], page_walk);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limit_default),
		cmocka_unit_test(test_limit_bounds),
		cmocka_unit_test(test_limit_invalid),
		cmocka_unit_test(test_offset_invalid),
		cmocka_unit_test(test_offset_past_end),
		cmocka_unit_test(test_links_carry_parameters),
		cmocka_unit_test(test_no_link_on_single_page),
		cmocka_unit_test(test_first_page_links_next_only),
		cmocka_unit_test(test_pages_cover_every_item),
	};

	return cmocka_run_group_tests_name(
	    "paging", tests, api_setup, api_teardown);
}
