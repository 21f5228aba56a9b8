/*
 * q=: a prefix search over names, aliases, titles, summaries and quotes,
 * in any case; every name and alias finds its entity; a q with no word,
 * or too long, is refused.
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

/* q is a prefix search: q=cadre finds every event, partnership and
 * funding record whose own text has "cadres", and each word of a longer
 * q is a prefix too. */
static void
test_q_prefix(void **state)
{
	static const struct {
		const char *coll, *q, *sql;
	} cases[] = {
		{ "events", "cadre",
		    "SELECT id FROM events WHERE title LIKE '%cadre%' OR "
		    "summary LIKE '%cadre%' OR quote LIKE '%cadre%'" },
		{ "partnerships", "hospital",
		    "SELECT id FROM partnerships WHERE summary LIKE "
		    "'%hospital%' OR quote LIKE '%hospital%'" },
		{ "funding", "financ",
		    "SELECT id FROM funding WHERE purpose LIKE '%financ%' OR "
		    "summary LIKE '%financ%' OR quote LIKE '%financ%'" },
		{ "events", "decen%20villag",
		    "SELECT id FROM events WHERE (title LIKE '%decen%' OR "
		    "summary LIKE '%decen%' OR quote LIKE '%decen%') AND "
		    "(title LIKE '%villag%' OR summary LIKE '%villag%' OR "
		    "quote LIKE '%villag%')" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char q[64], *got, *want = sql_ids("%s", cases[i].sql);

		snprintf(q, sizeof(q), "q=%s", cases[i].q);
		got = page_ids(cases[i].coll, q);
		check(*want != '\0', "no %s has '%s': the test shows nothing",
		    cases[i].coll, cases[i].q);
		ids_expect_subset(want, got, "the search");
		free(got);
		free(want);
	}
}

/* q ignores case. */
static void
test_q_case_insensitive(void **state)
{
	char *lower = page_ids("events", "q=cadre");
	char *upper = page_ids("events", "q=CADRE");
	char *mixed = page_ids("events", "q=Cadres");

	(void)state;
	assert_true(*lower != '\0');
	assert_string_equal(upper, lower);
	assert_string_equal(mixed, lower);
	free(lower);
	free(upper);
	free(mixed);
}

/* Searching an entity's alias (or its name) finds that entity. */
static void
test_q_finds_aliases(void **state)
{
	sqlite3_stmt *st;
	int rows = 0;

	(void)state;
	assert_int_equal(sqlite3_prepare_v2(api_db,
			     "SELECT entity_id, alias FROM entity_aliases "
			     "UNION ALL SELECT id, name FROM entities",
			     -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *alias = (const char *)sqlite3_column_text(st, 1);
		char q[1024], enc[1024], *got;

		snprintf(q, sizeof(q), "q=%s",
		    api_url_encode(alias, enc, sizeof(enc)));
		got = page_ids("entities", q);
		check(ids_has(got, id), "entities?%s does not find %s (%s)", q,
		    id, got);
		free(got);
		rows++;
	}
	sqlite3_finalize(st);
	assert_true(rows > 0);
}

/* A q that matches nothing is an empty page. */
static void
test_q_no_match(void **state)
{
	(void)state;
	for (size_t i = 0; i < API_NCOLLS; i++) {
		json_t *items = page_all(api_colls[i].name, "q=zzxqzzy");

		assert_int_equal(json_array_size(items), 0);
		json_decref(items);
	}
}

/* A q with no word in it is a 400 naming q: punctuation of any script
 * (full-width, CJK, Latin-1, Arabic) is no word. */
static void
test_q_without_word(void **state)
{
	static const char *const bad[] = { "%20-%20", "", "%2A", "%22%22",
		"-+-", "%E2%80%94", "%EF%BC%9F", "%E3%80%82", "%C2%BF",
		"%EF%BC%81%EF%BC%8C", "%E3%80%8C%E3%80%8D", "%D8%9F",
		"%E2%80%BD", NULL };

	(void)state;
	for (size_t i = 0; i < API_NCOLLS; i++)
		for (size_t j = 0; bad[j] != NULL; j++)
			expect_bad_param(api_port, "q", API "/%s?q=%s",
			    api_colls[i].name, bad[j]);
}

/* q is at most 256 bytes: 256 is searched, 257 is a 400 naming q. */
static void
test_q_too_long(void **state)
{
	char q[300];
	json_t *items;

	(void)state;
	memset(q, 'a', 257);
	q[257] = '\0';
	for (size_t i = 0; i < API_NCOLLS; i++)
		expect_bad_param(
		    api_port, "q", API "/%s?q=%s", api_colls[i].name, q);
	q[256] = '\0';
	items = page_all("events", "q=%s", q);
	json_decref(items);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_q_prefix),
		cmocka_unit_test(test_q_case_insensitive),
		cmocka_unit_test(test_q_finds_aliases),
		cmocka_unit_test(test_q_no_match),
		cmocka_unit_test(test_q_without_word),
		cmocka_unit_test(test_q_too_long),
	};

	return cmocka_run_group_tests_name(
	    "search", tests, api_setup, api_teardown);
}
