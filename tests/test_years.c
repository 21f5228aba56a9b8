/*
 * from= and to=: what overlaps the years, against API.md's overlap in
 * SQL, on every dated collection; an item spanning the range, one going
 * on, one whose end the article does not give; years refused.
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
#include "harness_ids.h"
#include "harness_pages.h"
#include "harness_sql.h"

/* The SQL of API.md's overlap: [start, end] meets [from, to], where the
 * end is the end given, else the last date the article attests (an end it
 * does not give), else this year (what goes on). */
static char *
db_overlap(const char *table, int from, int to)
{
	return sql_ids("SELECT id FROM \"%w\" WHERE (%d < 0 OR "
		       "coalesce(end_year, known_until_year,"
		       " CAST(strftime('%%Y', 'now') AS "
		       "INTEGER)) >= %d) AND (%d < 0 OR start_year <= %d)",
	    table, from, from, to, to);
}

/* from and to keep what overlaps the closed range, on every dated
 * collection and for ranges inside, around and beside the items. */
static void
test_years_overlap(void **state)
{
	static const int ranges[][2] = { { 2008, 2008 }, { 1960, 1969 },
		{ 1965, -1 }, { -1, 1996 }, { 2011, 2011 }, { 1990, 1995 },
		{ 2020, -1 }, { 1000, 9999 }, { 1997, 2004 } };

	(void)state;
	for (size_t i = 0; api_dated[i] != NULL; i++)
		for (size_t j = 0; j < sizeof(ranges) / sizeof(ranges[0]);
		     j++) {
			char query[64], *want;
			int from = ranges[j][0], to = ranges[j][1];

			query[0] = '\0';
			if (from >= 0)
				snprintf(query, sizeof(query), "from=%d", from);
			if (to >= 0)
				snprintf(query + strlen(query),
				    sizeof(query) - strlen(query), "%sto=%d",
				    from >= 0 ? "&" : "", to);
			want = db_overlap(api_dated[i], from, to);
			page_expect_ids(api_dated[i], query, want);
			free(want);
		}
}

/* An item running across the range matches it (2006-2010 matches
 * from=2008&to=2008). */
static void
test_years_spanning_item(void **state)
{
	char *spanning = sql_ids("SELECT id FROM partnerships WHERE start_year "
				 "< 2008 AND end_year > 2008");
	char *got = page_ids("partnerships", "from=2008&to=2008");

	(void)state;
	assert_true(*spanning != '\0'); /* 2006-2010, De'ang */
	ids_expect_subset(spanning, got, "from=2008&to=2008");
	free(spanning);
	free(got);
}

/* An ongoing item (the article says it goes on) runs to today: from=2020
 * finds it. */
static void
test_years_ongoing(void **state)
{
	int some = 0;

	(void)state;
	for (size_t i = 0; api_dated[i] != NULL; i++) {
		char *ongoing = sql_ids("SELECT id FROM \"%w\""
					" WHERE end_status = 'ongoing'",
		    api_dated[i]);
		char *got = page_ids(api_dated[i], "from=2020");

		some |= *ongoing != '\0';
		ids_expect_subset(ongoing, got, "from=2020 (ongoing items)");
		free(ongoing);
		free(got);
	}
	assert_true(some); /* or this shows nothing */
}

/*
 * An item whose end the article does not give, and does not say goes on,
 * is known to run only until the last date the article attests: the year
 * after that finds it no more, that year does. And the article's own date
 * (2018, when it was published) finds only what the article says goes on:
 * no pairing is running in 2018 merely because its end is not told.
 */
static void
test_years_unknown_end(void **state)
{
	int some = 0;

	(void)state;
	for (size_t i = 0; api_dated[i] != NULL; i++) {
		sqlite3_stmt *st;
		char *sql =
		    sqlite3_mprintf("SELECT id, known_until_year FROM \"%w\""
				    " WHERE end_status = 'unknown'",
			api_dated[i]);
		char *ongoing, *got;

		assert_int_equal(
		    sqlite3_prepare_v2(api_db, sql, -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *id =
			    (const char *)sqlite3_column_text(st, 0);
			int until = sqlite3_column_int(st, 1);
			char query[64], *at, *after;

			some = 1;
			snprintf(query, sizeof(query), "from=%d&to=%d", until,
			    until);
			at = page_ids(api_dated[i], query);
			snprintf(query, sizeof(query), "from=%d", until + 1);
			after = page_ids(api_dated[i], query);
			check(ids_has(at, id) && !ids_has(after, id),
			    "%s %s: known until %d, but from=%d finds it: %s; "
			    "from=%d&to=%d finds it: %s",
			    api_dated[i], id, until, until + 1,
			    ids_has(after, id) ? "yes" : "no", until, until,
			    ids_has(at, id) ? "yes" : "no");
			free(at);
			free(after);
		}
		sqlite3_finalize(st);
		sqlite3_free(sql);
		ongoing = sql_ids("SELECT id FROM \"%w\""
				  " WHERE end_status = 'ongoing'"
				  " AND start_year <= 2018",
		    api_dated[i]);
		got = page_ids(api_dated[i], "from=2018&to=2018");
		ids_expect_same(got, ongoing, "from=2018&to=2018");
		free(ongoing);
		free(got);
	}
	assert_true(some); /* or this shows nothing */
}

/* from > to, a year out of 1000..9999 or no integer is a 400. */
static void
test_years_invalid(void **state)
{
	static const char *const bad[] = { "999", "10000", "abc", "2008.5",
		"-2000", "", "20%2008", NULL };

	(void)state;
	for (size_t i = 0; api_dated[i] != NULL; i++) {
		struct http_response r;

		for (size_t j = 0; bad[j] != NULL; j++) {
			expect_bad_param(api_port, "from", API "/%s?from=%s",
			    api_dated[i], bad[j]);
			expect_bad_param(api_port, "to", API "/%s?to=%s",
			    api_dated[i], bad[j]);
		}
		api_get(&r, API "/%s?from=2010&to=2000", api_dated[i]);
		check(r.status == 400 &&
			(error_naming(&r, "from") != NULL ||
			    error_naming(&r, "to") != NULL),
		    "%s: from > to is not a 400 naming from or to",
		    last_request());
		http_response_free(&r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_years_overlap),
		cmocka_unit_test(test_years_spanning_item),
		cmocka_unit_test(test_years_ongoing),
		cmocka_unit_test(test_years_unknown_end),
		cmocka_unit_test(test_years_invalid),
	};

	return cmocka_run_group_tests_name(
	    "years", tests, api_setup, api_teardown);
}
