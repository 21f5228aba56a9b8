/*
 * The filters: entity=, donor=, recipient= for every entity (by id, name
 * or alias, everything below it found), the events of what an entity's
 * filter finds among its events, the choice filters for every value, and
 * the values refused (unknown, ambiguous, not a choice).
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

/*
 * What a filter by an entity finds, across resources, for every entity:
 * each event of a funding record or partnership that the entity's filter
 * finds is among the events its filter finds.
 */
static void
test_filters_agree(void **state)
{
	static const struct {
		const char *coll, *param, *link;
	} paths[] = { { "funding", "recipient", "event_funding" },
		{ "funding", "donor", "event_funding" },
		{ "funding", "entity", "event_funding" },
		{ "partnerships", "entity", "event_partnerships" } };
	sqlite3_stmt *st;

	(void)state;
	assert_int_equal(sqlite3_prepare_v2(
			     api_db, "SELECT id FROM entities", -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		char query[256], *events;

		snprintf(query, sizeof(query), "entity=%s", id);
		events = page_ids("events", query);
		for (size_t p = 0; p < sizeof(paths) / sizeof(paths[0]); p++) {
			char *facts, *linked, *w, *save = NULL;

			snprintf(
			    query, sizeof(query), "%s=%s", paths[p].param, id);
			facts = page_ids(paths[p].coll, query);
			for (w = strtok_r(facts, " ", &save); w != NULL;
			     w = strtok_r(NULL, " ", &save)) {
				linked = sql_ids("SELECT event_id FROM \"%w\""
						 " WHERE %s_id = %Q",
				    paths[p].link,
				    strcmp(paths[p].coll, "funding") == 0
					? "funding"
					: "partnership",
				    w);
				ids_expect_subset(
				    linked, events, "events?entity=");
				free(linked);
			}
			free(facts);
		}
		free(events);
	}
	sqlite3_finalize(st);
}

/*
 * SQL: the table below of SQL_BELOW, and the groups located in a place of it
 * (entity_locations, stated or read) with what is below them: what the
 * entity filters find under an entity.
 */
#define REACH                                                                  \
	"WITH RECURSIVE below(id) AS (SELECT %Q UNION "                        \
	"SELECT e.id FROM entities e JOIN entities r ON r.id = %Q"             \
	" WHERE r.parent IS NULL AND r.kind IN ('municipality', 'province')"   \
	" AND e.parent IS NULL AND e.side = r.side UNION "                     \
	"SELECT e.id FROM entities e JOIN below b ON e.parent = b.id UNION "   \
	"SELECT l.entity_id FROM entity_locations l"                           \
	" JOIN below b ON l.place_id = b.id) "

/* What API.md's entity filters keep, per collection and parameter. An
 * event is found by what it names and by the parties of its partnerships
 * and funding; a group located in places is found under them. */
static char *
db_filter(const char *coll, const char *param, const char *id)
{
	if (strcmp(coll, "events") == 0)
		return sql_ids(REACH
		    "SELECT event_id FROM event_entities"
		    " WHERE entity_id IN below"
		    " UNION SELECT x.event_id FROM event_partnerships x"
		    " JOIN partnership_parties p"
		    " ON p.partnership_id = x.partnership_id"
		    " WHERE p.entity_id IN below"
		    " UNION SELECT x.event_id FROM event_funding x"
		    " JOIN funding f ON f.id = x.funding_id"
		    " WHERE f.donor IN below"
		    " UNION SELECT x.event_id FROM event_funding x"
		    " JOIN funding_recipients r ON r.funding_id = x.funding_id"
		    " WHERE r.entity_id IN below",
		    id, id);
	if (strcmp(coll, "partnerships") == 0)
		return sql_ids(REACH
		    "SELECT DISTINCT partnership_id FROM "
		    "partnership_parties WHERE entity_id IN below "
		    "AND (%Q = 'entity' OR role = %Q)",
		    id, id, param, param);
	if (strcmp(param, "donor") == 0)
		return sql_ids(REACH
		    "SELECT id FROM funding WHERE donor IN below",
		    id, id);
	if (strcmp(param, "recipient") == 0)
		return sql_ids(REACH
		    "SELECT DISTINCT funding_id FROM "
		    "funding_recipients WHERE entity_id IN below",
		    id, id);
	return sql_ids(REACH "SELECT id FROM funding WHERE donor IN below "
			     "UNION SELECT funding_id FROM "
			     "funding_recipients WHERE entity_id IN below",
	    id, id);
}

/* For every entity, entity=, donor= and recipient= keep what involves it
 * or an entity below it. */
static void
test_entity_filters_every_entity(void **state)
{
	static const struct {
		const char *coll, *param;
	} filters[] = { { "events", "entity" }, { "partnerships", "entity" },
		{ "partnerships", "donor" }, { "partnerships", "recipient" },
		{ "funding", "entity" }, { "funding", "donor" },
		{ "funding", "recipient" } };
	sqlite3_stmt *st;

	(void)state;
	assert_int_equal(sqlite3_prepare_v2(
			     api_db, "SELECT id FROM entities", -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);

		for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]);
		     i++) {
			char query[256], *want;

			snprintf(query, sizeof(query), "%s=%s",
			    filters[i].param, id);
			want = db_filter(filters[i].coll, filters[i].param, id);
			page_expect_ids(filters[i].coll, query, want);
			free(want);
		}
	}
	sqlite3_finalize(st);
}

/* recipient=yunnan finds funding for a Yunnan prefecture, and
 * entity=shanghai pairings of a Shanghai district. */
static void
test_entity_filter_hierarchy(void **state)
{
	char *below_only =
	    sql_ids("SELECT funding_id FROM funding_recipients r JOIN entities "
		    "e ON e.id = r.entity_id WHERE e.parent = 'yunnan' AND "
		    "r.funding_id NOT IN (SELECT funding_id FROM "
		    "funding_recipients WHERE entity_id = 'yunnan')");
	char *districts =
	    sql_ids("SELECT partnership_id FROM partnership_parties x JOIN "
		    "entities e ON e.id = x.entity_id WHERE e.parent = "
		    "'shanghai' AND e.kind = 'district'");
	char *funding = page_ids("funding", "recipient=yunnan");
	char *pairings = page_ids("partnerships", "entity=shanghai");

	(void)state;
	assert_true(*below_only != '\0' && *districts != '\0');
	ids_expect_subset(below_only, funding, "recipient=yunnan");
	ids_expect_subset(districts, pairings, "entity=shanghai");
	free(below_only);
	free(districts);
	free(funding);
	free(pairings);
}

/* An entity filter takes an alias, in any spelling of its slug. */
static void
test_entity_filter_by_alias(void **state)
{
	static const char *const keys[] = { "Minghang%20District",
		"Minghang+District", "minghang-district", "MINHANG-DISTRICT",
		"Minhang%20District", NULL };
	char *want = db_filter("partnerships", "entity", "minhang-district");

	(void)state;
	assert_true(*want != '\0');
	for (size_t i = 0; keys[i] != NULL; i++) {
		char query[128];

		snprintf(query, sizeof(query), "entity=%s", keys[i]);
		page_expect_ids("partnerships", query, want);
	}
	free(want);
}

/* An entity that does not exist is a 400 naming the parameter. */
static void
test_entity_filter_unknown(void **state)
{
	(void)state;
	for (size_t i = 0; api_dated[i] != NULL; i++)
		expect_bad_param(api_port, "entity", API "/%s?entity=atlantis",
		    api_dated[i]);
	expect_bad_param(api_port, "donor", API "/partnerships?donor=atlantis");
	expect_bad_param(
	    api_port, "recipient", API "/partnerships?recipient=atlantis");
	expect_bad_param(api_port, "donor", API "/funding?donor=atlantis");
	expect_bad_param(api_port, "recipient", API "/funding?recipient=%%20");
	expect_bad_param(api_port, "parent", API "/entities?parent=atlantis");
	expect_bad_param(
	    api_port, "recipient", API "/funding/totals?recipient=atlantis");
}

/* A key that names two entities (baoshan: Baoshan District of Shanghai,
 * Baoshan City of Yunnan) is a 400 naming both. */
static void
test_entity_filter_ambiguous(void **state)
{
	struct http_response r;
	json_t *e;
	char detail[512] = "";
	long status;

	(void)state;
	api_get(&r, API "/funding?recipient=baoshan");
	status = r.status;
	if ((e = error_naming(&r, "recipient")) != NULL)
		snprintf(detail, sizeof(detail), "%s",
		    json_string_value(json_object_get(e, "detail")));
	http_response_free(&r); /* before failing: no leak */
	check(status == 400 && strstr(detail, "baoshan-city") != NULL &&
		strstr(detail, "baoshan-district") != NULL,
	    "%s: %ld, '%s' does not name both Baoshans", last_request(), status,
	    detail);
}

/* Every value of each choice filter keeps exactly the rows that have it. */
static void
test_choice_filters(void **state)
{
	static const struct {
		const char *coll, *param, *table, *column;
	} choices[] = { { "entities", "kind", "entities", "kind" },
		{ "entities", "side", "entities", "side" },
		{ "partnerships", "sector", "partnerships", "sector" },
		{ "events", "category", "events", "category" },
		{ "funding", "kind", "funding", "kind" } };

	(void)state;
	for (size_t i = 0; i < sizeof(choices) / sizeof(choices[0]); i++) {
		sqlite3_stmt *st;
		char *sql =
		    sqlite3_mprintf("SELECT DISTINCT \"%w\" FROM \"%w\"",
			choices[i].column, choices[i].table);
		int values = 0;

		assert_int_equal(
		    sqlite3_prepare_v2(api_db, sql, -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *v =
			    (const char *)sqlite3_column_text(st, 0);
			char query[128],
			    *want = sql_ids(
				"SELECT id FROM \"%w\" WHERE \"%w\" = %Q",
				choices[i].table, choices[i].column, v);

			snprintf(
			    query, sizeof(query), "%s=%s", choices[i].param, v);
			page_expect_ids(choices[i].coll, query, want);
			free(want);
			values++;
		}
		sqlite3_finalize(st);
		sqlite3_free(sql);
		assert_true(values > 0);
	}
}

/* parent= keeps the entity's direct children, by id or alias. */
static void
test_parent_filter(void **state)
{
	char *want = sql_ids("SELECT id FROM entities WHERE parent = 'diqing'");

	(void)state;
	assert_true(*want != '\0');
	page_expect_ids("entities", "parent=diqing", want);
	page_expect_ids("entities", "parent=Diqing%20Prefecture", want);
	free(want);
}

/* cumulative=true and false keep the running totals and the others. */
static void
test_cumulative_filter(void **state)
{
	char *yes = sql_ids("SELECT id FROM funding WHERE cumulative = 1");
	char *no = sql_ids("SELECT id FROM funding WHERE cumulative = 0");

	(void)state;
	assert_true(*yes != '\0' && *no != '\0');
	page_expect_ids("funding", "cumulative=true", yes);
	page_expect_ids("funding", "cumulative=false", no);
	free(yes);
	free(no);
}

/* A value not in a choice list is a 400 naming the parameter. */
static void
test_choice_invalid(void **state)
{
	(void)state;
	expect_bad_param(api_port, "kind", API "/entities?kind=planet");
	expect_bad_param(api_port, "side", API "/entities?side=beijing");
	expect_bad_param(api_port, "sector", API "/partnerships?sector=space");
	expect_bad_param(api_port, "category", API "/events?category=war");
	expect_bad_param(api_port, "kind", API "/funding?kind=loan");
	expect_bad_param(api_port, "kind", API "/funding?kind=");
	expect_bad_param(api_port, "kind", API "/funding?kind=Donation");
	expect_bad_param(api_port, "cumulative", API "/funding?cumulative=yes");
	expect_bad_param(api_port, "cumulative", API "/funding?cumulative=1");
	expect_bad_param(api_port, "cumulative", API "/funding?cumulative=");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filters_agree),
		cmocka_unit_test(test_entity_filters_every_entity),
		cmocka_unit_test(test_entity_filter_hierarchy),
		cmocka_unit_test(test_entity_filter_by_alias),
		cmocka_unit_test(test_entity_filter_unknown),
		cmocka_unit_test(test_entity_filter_ambiguous),
		cmocka_unit_test(test_choice_filters),
		cmocka_unit_test(test_parent_filter),
		cmocka_unit_test(test_cumulative_filter),
		cmocka_unit_test(test_choice_invalid),
	};

	return cmocka_run_group_tests_name(
	    "filters", tests, api_setup, api_teardown);
}
