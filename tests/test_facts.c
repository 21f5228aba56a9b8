/*
 * The parts of each fact (a data guard, harness_data.h): every pairing
 * has donors and recipients and its sector by one rule; every figure is a
 * positive quantity with a label and a unit, part only of a larger one
 * in its unit; every event involves exactly what its facts name.
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

#include "harness_data.h"
#include "harness_text.h"

/* A partnership without donors or without recipients. */
static void
parties_row(struct guard *g, sqlite3_stmt *st, void *arg)
{
	(void)arg;
	if (sqlite3_column_int(st, 1) == 0)
		guard_offence(g, "partnership %s: no donor\n", data_col(st, 0));
	if (sqlite3_column_int(st, 2) == 0)
		guard_offence(
		    g, "partnership %s: no recipient\n", data_col(st, 0));
}

/* Guards pairings: every partnership has donors and recipients. */
static void
test_partnership_parties(void **state)
{
	guard_run(state,
	    "SELECT p.id,"
	    " (SELECT count(*) FROM partnership_parties x"
	    "  WHERE x.partnership_id = p.id AND x.role = 'donor'),"
	    " (SELECT count(*) FROM partnership_parties x"
	    "  WHERE x.partnership_id = p.id AND x.role = 'recipient')"
	    " FROM partnerships p ORDER BY p.id",
	    parties_row, "partnership(s) without donors or recipients");
}

/* A figure without a value above 0, a label or a unit. */
static void
figure_row(struct guard *g, sqlite3_stmt *st, void *arg)
{
	(void)arg;
	if (sqlite3_column_int64(st, 3) <= 0 || txt_is_blank(data_col(st, 2)) ||
	    txt_is_blank(data_col(st, 4)))
		guard_offence(g,
		    "event %s figure %d: value %lld, label \"%.*s\", unit "
		    "\"%.*s\": needs a value > 0, a label and a unit\n",
		    data_col(st, 0), sqlite3_column_int(st, 1),
		    (long long)sqlite3_column_int64(st, 3),
		    txt_clip(data_col(st, 2), TXT_CLIP), data_col(st, 2),
		    txt_clip(data_col(st, 4), TXT_CLIP), data_col(st, 4));
}

/* Guards figures: each is a positive quantity with a label and a unit. */
static void
test_figures_valid(void **state)
{
	guard_run(state,
	    "SELECT event_id, position, label, value, unit FROM event_figures"
	    " ORDER BY event_id, position",
	    figure_row, "invalid figure(s)");
}

/*
 * Guards figures that contain figures: part_of names another figure of
 * the same event, in the same unit, at least as large, so that nothing
 * sums the part with its whole.
 */
static void
test_figures_part_of(void **state)
{
	guard_query(state,
	    "SELECT 'event ' || g.event_id || ' figure ' || g.position ||"
	    " ' (' || g.value || ' ' || g.unit || ') part_of figure ' ||"
	    " g.part_of || CASE WHEN c.position IS NULL"
	    "  THEN ', which does not exist'"
	    "  ELSE ' (' || c.value || ' ' || c.unit || '), not a whole of"
	    " it' END"
	    " FROM event_figures g LEFT JOIN event_figures c"
	    "  ON c.event_id = g.event_id AND c.position = g.part_of"
	    " WHERE g.part_of IS NOT NULL AND (c.position IS NULL"
	    "  OR c.unit <> g.unit OR c.value < g.value OR c.part_of IS NOT "
	    "NULL)",
	    "figure(s) part of no whole");
}

/*
 * Guards sectors by one rule (db/data/README.md, "Sectors"): a partnership
 * of hospitals is health, of schools education, one whose recipients are
 * an ethnic group ethnic_minority, and every other one, whoever gives it,
 * poverty_alleviation.
 */
static void
test_sectors_by_rule(void **state)
{
	guard_query(state,
	    "SELECT 'partnership ' || id || ': sector ' || sector ||"
	    " ', by the rule ' || want FROM (SELECT p.id, p.sector, CASE"
	    "  WHEN EXISTS (SELECT 1 FROM partnership_parties x JOIN entities e"
	    "   ON e.id = x.entity_id WHERE x.partnership_id = p.id"
	    "   AND e.kind = 'hospital_group') THEN 'health'"
	    "  WHEN EXISTS (SELECT 1 FROM partnership_parties x JOIN entities e"
	    "   ON e.id = x.entity_id WHERE x.partnership_id = p.id"
	    "   AND e.kind = 'school_group') THEN 'education'"
	    "  WHEN EXISTS (SELECT 1 FROM partnership_parties x JOIN entities e"
	    "   ON e.id = x.entity_id WHERE x.partnership_id = p.id"
	    "   AND x.role = 'recipient' AND e.kind = 'ethnic_group')"
	    "   THEN 'ethnic_minority'"
	    "  ELSE 'poverty_alleviation' END AS want FROM partnerships p)"
	    " WHERE sector <> want",
	    "partnership(s) whose sector breaks the rule");
}

/*
 * Guards what a filter by entity finds: an event involves every entity it
 * names and every party of its partnerships and funding, each once.
 */
static void
test_event_involvement(void **state)
{
	guard_query(state,
	    "WITH should (event_id, entity_id, why) AS ("
	    " SELECT event_id, entity_id, 'it names' FROM event_entities"
	    " UNION SELECT x.event_id, p.entity_id, 'partnership ' ||"
	    "  x.partnership_id || ' names'"
	    "  FROM event_partnerships x JOIN partnership_parties p"
	    "  ON p.partnership_id = x.partnership_id"
	    " UNION SELECT x.event_id, f.donor, 'funding ' || x.funding_id ||"
	    "  ' names' FROM event_funding x JOIN funding f ON f.id = "
	    "x.funding_id"
	    " UNION SELECT x.event_id, r.entity_id, 'funding ' ||"
	    "  x.funding_id || ' names'"
	    "  FROM event_funding x JOIN funding_recipients r"
	    "  ON r.funding_id = x.funding_id)"
	    " SELECT 'event ' || s.event_id || ' does not involve ' ||"
	    " s.entity_id || ', which ' || s.why FROM should s"
	    " WHERE NOT EXISTS (SELECT 1 FROM event_involvement i"
	    "  WHERE i.event_id = s.event_id AND i.entity_id = s.entity_id)"
	    " UNION ALL SELECT 'event ' || i.event_id || ' involves ' ||"
	    " i.entity_id || ', which nothing names' FROM event_involvement i"
	    " WHERE NOT EXISTS (SELECT 1 FROM should s"
	    "  WHERE s.event_id = i.event_id AND s.entity_id = i.entity_id)",
	    "event(s) missing what their facts involve");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_partnership_parties),
		cmocka_unit_test(test_figures_valid),
		cmocka_unit_test(test_figures_part_of),
		cmocka_unit_test(test_sectors_by_rule),
		cmocka_unit_test(test_event_involvement),
	};

	return cmocka_run_group_tests_name(
	    "facts", tests, data_setup, data_teardown);
}
