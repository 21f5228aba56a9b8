/*
 * Dates, periods and ends (a data guard, harness_data.h): nothing ends
 * before it starts; an event's dates fit its precision; a date is
 * inferred exactly where one rule says, and its summary says so; a thing
 * goes on only where the article says it does, and an end the article
 * does not give is told as unknown.
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

/* A period that ends before it starts. */
static void
period_row(struct guard *g, sqlite3_stmt *st, void *arg)
{
	int sy, sm, ey, em;

	(void)arg;
	if (sqlite3_column_type(st, 4) == SQLITE_NULL)
		return;
	sy = sqlite3_column_int(st, 2);
	sm = sqlite3_column_int(st, 3);
	ey = sqlite3_column_int(st, 4);
	em = sqlite3_column_int(st, 5);
	if (ey < sy || (ey == sy && sm != 0 && em != 0 && em < sm))
		guard_offence(g,
		    "%s %s: ends (%d-%02d) before it starts (%d-%02d)\n",
		    data_col(st, 0), data_col(st, 1), ey, em, sy, sm);
}

/* Guards time: no event, partnership or funding ends before it starts. */
static void
test_periods_ordered(void **state)
{
	guard_run(state,
	    "SELECT 'event', id, start_year, start_month, end_year,"
	    " end_month FROM events"
	    " UNION ALL SELECT 'partnership', id, start_year, start_month,"
	    " end_year, end_month FROM partnerships"
	    " UNION ALL SELECT 'funding', id, start_year, start_month,"
	    " end_year, end_month FROM funding ORDER BY 1, 2",
	    period_row, "period(s) ending before they start");
}

/* An event whose dates do not fit its precision. */
static void
precision_row(struct guard *g, sqlite3_stmt *st, void *arg)
{
	const char *id = data_col(st, 0), *prec = data_col(st, 1);
	int sy = sqlite3_column_int(st, 2);

	(void)arg;
	if (strcmp(prec, "month") == 0 &&
	    sqlite3_column_type(st, 3) == SQLITE_NULL)
		guard_offence(
		    g, "event %s: precision month without a start month\n", id);
	if (strcmp(prec, "decade") != 0)
		return;
	if (sy % 10 != 0 || sqlite3_column_type(st, 3) != SQLITE_NULL)
		guard_offence(g,
		    "event %s: a decade that starts in %d-%s, not a year "
		    "ending in 0\n",
		    id, sy, data_col(st, 3));
	if (sqlite3_column_type(st, 4) == SQLITE_NULL ||
	    sqlite3_column_int(st, 4) != sy + 9)
		guard_offence(g,
		    "event %s: a decade from %d that ends in %s, not %d\n", id,
		    sy,
		    sqlite3_column_type(st, 4) == SQLITE_NULL ? "(none)"
							      : data_col(st, 4),
		    sy + 9);
}

/*
 * Guards event dates against their precision: a month event has its
 * month, a decade event starts on a year ending in 0 and ends 9 later.
 */
static void
test_event_precision(void **state)
{
	guard_run(state,
	    "SELECT id, precision, start_year, start_month, end_year"
	    " FROM events ORDER BY id",
	    precision_row, "event(s) whose dates do not fit their precision");
}

/*
 * Guards dates: a date marked inferred is explained in its summary, and
 * no summary calls a date the article's when the article implies it.
 */
static void
test_inferred_dates_explained(void **state)
{
	guard_query(state,
	    "WITH dated (what, id, si, ei, summary) AS ("
	    " SELECT 'event', id, start_inferred, end_inferred, summary"
	    "  FROM events"
	    " UNION ALL SELECT 'partnership', id, start_inferred,"
	    "  end_inferred, summary FROM partnerships"
	    " UNION ALL SELECT 'funding', id, start_inferred, end_inferred,"
	    "  summary FROM funding)"
	    " SELECT what || ' ' || id || CASE"
	    "  WHEN (si OR ei) AND instr(lower(summary), 'inferred') = 0"
	    "   THEN ': an inferred date its summary does not explain'"
	    "  ELSE ': its summary calls an inferred date the article''s' END"
	    " FROM dated"
	    " WHERE ((si OR ei) AND instr(lower(summary), 'inferred') = 0)"
	    "  OR ((si OR ei) AND (summary LIKE '%year is the article''s%'"
	    "   OR summary LIKE '%the article''s year%'))",
	    "date(s) inferred without saying so");
}

/*
 * Guards one rule for inferred dates (README.md, "Dates"): a date is
 * stated when the quote of the thing dated gives it (its year, or the
 * decade; its month's name, where it has one) or points to a date the
 * article gives ("In the same year", "On that tour"); a partnership the
 * article tells as a decision or request "to establish" it is dated by
 * that decision, so its start is inferred; every other date is inferred.
 * A point (end = start) and the end of a decade need no words of their
 * own; an inferred date is not one its quote gives.
 */
static void
test_dates_by_rule(void **state)
{
	guard_query(state,
	    "WITH d (what, id, quote, sy, sm, si, ey, em, ei, ky, ki, decade,"
	    "  partnership) AS ("
	    " SELECT 'event', id, quote, start_year, start_month,"
	    "  start_inferred, end_year, end_month, end_inferred,"
	    "  known_until_year, known_until_inferred, precision = 'decade', 0"
	    "  FROM events"
	    " UNION ALL SELECT 'partnership', id, quote, start_year,"
	    "  start_month, start_inferred, end_year, end_month, end_inferred,"
	    "  known_until_year, known_until_inferred, 0, 1 FROM partnerships"
	    " UNION ALL SELECT 'funding', id, quote, start_year, start_month,"
	    "  start_inferred, end_year, end_month, end_inferred,"
	    "  known_until_year, known_until_inferred, 0, 0 FROM funding),"
	    " g AS (SELECT *,"
	    "  instr(quote, 'In the same year') > 0"
	    "   OR instr(quote, 'On that tour') > 0 AS refers,"
	    "  instr(quote, CAST(sy AS TEXT)) > 0 AS has_sy,"
	    "  sm IS NULL OR instr(quote, (SELECT name FROM months"
	    "   WHERE month = sm)) > 0 AS has_sm,"
	    "  partnership AND quote LIKE '%to establish%' AS decided,"
	    "  ey IS NOT NULL AND NOT decade AND (ey <> sy OR em IS NOT sm)"
	    "   AS span,"
	    "  instr(quote, CAST(ey AS TEXT)) > 0 AS has_ey FROM d)"
	    " SELECT what || ' ' || id || CASE"
	    "  WHEN decided AND NOT si THEN ': dated by a decision to establish"
	    " it, its start is inferred'"
	    "  WHEN NOT si AND NOT refers AND NOT (has_sy AND has_sm)"
	    "   THEN ': its start is stated, but its quote does not give it'"
	    "  WHEN si AND NOT decided AND (refers OR has_sy)"
	    "   THEN ': its start is inferred, but its quote gives it'"
	    "  WHEN span AND NOT ei AND NOT has_ey"
	    "   THEN ': its end is stated, but its quote does not give it'"
	    "  WHEN span AND ei AND has_ey"
	    "   THEN ': its end is inferred, but its quote gives it'"
	    "  ELSE ': its last attested date is stated, but its quote does"
	    " not give it' END"
	    " FROM g WHERE (decided AND NOT si)"
	    "  OR (NOT si AND NOT refers AND NOT (has_sy AND has_sm))"
	    "  OR (si AND NOT decided AND (refers OR has_sy))"
	    "  OR (span AND NOT ei AND NOT has_ey)"
	    "  OR (span AND ei AND has_ey)"
	    "  OR (ky IS NOT NULL AND NOT ki"
	    "   AND instr(quote, CAST(ky AS TEXT)) = 0)",
	    "date(s) against the rule for inferred dates");
}

/*
 * Guards ends (README.md, "Ends"): a thing is ongoing only where the
 * article says it goes on ("Since 2009 ... have established"), and its
 * summary says it goes on; one whose end the article does not give says
 * so ("gives no end") and is known only until a date within the article's
 * years (up to its publication).
 */
static void
test_ends(void **state)
{
	guard_query(state,
	    "WITH d (what, id, quote, summary, status, ky) AS ("
	    " SELECT 'event', id, quote, summary, end_status,"
	    "  known_until_year FROM events"
	    " UNION ALL SELECT 'partnership', id, quote, summary, end_status,"
	    "  known_until_year FROM partnerships"
	    " UNION ALL SELECT 'funding', id, quote, summary, end_status,"
	    "  known_until_year FROM funding)"
	    " SELECT what || ' ' || id || CASE"
	    "  WHEN status = 'ongoing' AND NOT (quote GLOB '*Since [12]*'"
	    "   AND (quote GLOB '* have *' OR quote GLOB '* has *'))"
	    "   THEN ': ongoing, but its quote does not say it goes on'"
	    "  WHEN status = 'ongoing' THEN ': ongoing, but its summary does"
	    " not say it goes on'"
	    "  WHEN instr(summary, 'gives no end') = 0"
	    "   THEN ': its end is unknown, but its summary does not say the"
	    " article gives no end'"
	    "  ELSE ': known until ' || ky || ', after the article''s date' END"
	    " FROM d WHERE (status = 'ongoing' AND (NOT (quote GLOB"
	    "   '*Since [12]*' AND (quote GLOB '* have *'"
	    "   OR quote GLOB '* has *')) OR instr(summary, 'going on') = 0))"
	    "  OR (status = 'unknown' AND (instr(summary, 'gives no end') = 0"
	    "   OR ky > (SELECT max(CAST(substr(published, 1, 4) AS INTEGER))"
	    "   FROM sources)))",
	    "end(s) the article does not tell so");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_periods_ordered),
		cmocka_unit_test(test_event_precision),
		cmocka_unit_test(test_inferred_dates_explained),
		cmocka_unit_test(test_dates_by_rule),
		cmocka_unit_test(test_ends),
	};

	return cmocka_run_group_tests_name(
	    "dates", tests, data_setup, data_teardown);
}
