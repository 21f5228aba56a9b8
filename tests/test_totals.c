/*
 * /funding/totals, the honest totals: by kind, recipient and donor by
 * hand from the article, and every row of every grouping, under every
 * filter, against the independent reckoning of harness_totals.h; q
 * refused; meta.rule in plain words; group_by's default and errors.
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
#include "harness_totals.h"

/*
 * group_by=kind, from the article. Government aid: "accumulatively
 * provided more than 1.981 billion" by June 2011, at least 1,981,000,000.
 * The 6.6 million (1998), the 33.64 million (2006-2010) and the 416
 * million (Wenshan, 15 years) are read as inside it, which the article
 * never says; whether the 80 million "donated" in 2004 is inside it the
 * article leaves open: all four are uncertain and not added, so the bound
 * holds whichever way the article is read.
 */
static void
test_totals_by_kind_by_hand(void **state)
{
	json_t *doc = totals_get("group_by=kind");

	(void)state;
	totals_expect_row(totals_row(doc, "government_aid"), 1981000000LL, 1,
	    TOTALS_ROW("aid-total-to-june-2011", "",
		"deang-aid-2006-2010 delegation-donation-2004 "
		"pilot-villages-aid-1998 wenshan-aid-15-years",
		"", ""));
	/* "donate more than 30 million yuan": 30,000,000, at least */
	totals_expect_row(totals_row(doc, "donation"), 30000000LL, 1,
	    TOTALS_ROW("wenshan-donations-15-years", "", "", "", ""));
	/* "1.15 billion yuan from Shanghai enterprises": 1,150,000,000 */
	totals_expect_row(totals_row(doc, "enterprise_investment"),
	    1150000000LL, 0,
	    TOTALS_ROW(
		"wenshan-enterprise-investment-15-years", "", "", "", ""));
	json_decref(doc);
}

/*
 * group_by=recipient, by hand. Yunnan holds every place of every record:
 *	1,981,000,000 + 30,000,000 + 1,150,000,000 = 3,161,000,000, at least
 * (the 80 million and the three amounts read as parts of the 1.981
 * billion uncertain). The article gives Wenshan by name only the 416
 * million ("416 million yuan in financial aid for ... Wenshan"); the 30
 * million and the 1.15 billion it gives to Yunnan ("With those funds,
 * 1,672 supporting projects were launched in Yunnan"), and the 6.6 million
 * reaches Wenshan only through villages it is read to have gone to: all
 * three are inferred in Wenshan's row, not added; the 1.981 billion it
 * shares with three other prefectures:
 *	416,000,000, at least.
 * The 80 De'ang villages are the 33.64 million's recipient ("invested
 * 33.64 million yuan to give full support to the 80 natural villages");
 * Dehong, Baoshan and Lincang are where they lie, so they share it, and
 * the 1.981 billion reaches the villages only as read:
 *	villages 33,640,000, at least; Dehong 0, at least.
 */
static void
test_totals_by_recipient_by_hand(void **state)
{
	json_t *doc = totals_get("group_by=recipient");

	(void)state;
	totals_expect_row(totals_row(doc, "yunnan"), 3161000000LL, 1,
	    TOTALS_ROW("aid-total-to-june-2011 wenshan-donations-15-years "
		       "wenshan-enterprise-investment-15-years",
		"",
		"deang-aid-2006-2010 delegation-donation-2004 "
		"pilot-villages-aid-1998 wenshan-aid-15-years",
		"", ""));
	totals_expect_row(totals_row(doc, "wenshan"), 416000000LL, 1,
	    TOTALS_ROW("wenshan-aid-15-years", "", "", "aid-total-to-june-2011",
		"pilot-villages-aid-1998 wenshan-donations-15-years "
		"wenshan-enterprise-investment-15-years"));
	totals_expect_row(totals_row(doc, "deang-natural-villages"), 33640000LL,
	    1,
	    TOTALS_ROW(
		"deang-aid-2006-2010", "", "", "", "aid-total-to-june-2011"));
	totals_expect_row(totals_row(doc, "deang"), 33640000LL, 1,
	    TOTALS_ROW(
		"deang-aid-2006-2010", "", "", "aid-total-to-june-2011", ""));
	totals_expect_row(totals_row(doc, "dehong"), 0, 1,
	    TOTALS_ROW(
		"", "", "", "deang-aid-2006-2010", "aid-total-to-june-2011"));
	json_decref(doc);
	/* Wenshan by kind: its 416 million of government aid, not the
	 * 1.981 billion it shares, nor what reaches it only as read */
	doc = totals_get("group_by=kind&recipient=wenshan");
	totals_expect_row(totals_row(doc, "government_aid"), 416000000LL, 1,
	    TOTALS_ROW("wenshan-aid-15-years", "", "", "aid-total-to-june-2011",
		"pilot-villages-aid-1998"));
	totals_expect_row(totals_row(doc, "donation"), 0, 1,
	    TOTALS_ROW("", "", "", "", "wenshan-donations-15-years"));
	json_decref(doc);
}

/*
 * group_by=donor, Shanghai: what its government gives and what its social
 * sectors and enterprises below it give, as for Yunnan:
 *	1,981,000,000 + 30,000,000 + 1,150,000,000 = 3,161,000,000, at least.
 */
static void
test_totals_by_donor_by_hand(void **state)
{
	json_t *doc = totals_get("group_by=donor");

	(void)state;
	totals_expect_row(totals_row(doc, "shanghai"), 3161000000LL, 1,
	    TOTALS_ROW("aid-total-to-june-2011 wenshan-donations-15-years "
		       "wenshan-enterprise-investment-15-years",
		"",
		"deang-aid-2006-2010 delegation-donation-2004 "
		"pilot-villages-aid-1998 wenshan-aid-15-years",
		"", ""));
	totals_expect_row(totals_row(doc, "shanghai-enterprises"), 1150000000LL,
	    0,
	    TOTALS_ROW(
		"wenshan-enterprise-investment-15-years", "", "", "", ""));
	json_decref(doc);
}

/* Every row of every grouping keeps the rules of honest totals. */
static void
test_totals_invariants(void **state)
{
	static const struct totals_filter none = { NULL, NULL };

	(void)state;
	totals_expect("kind", "", &none);
	totals_expect("recipient", "", &none);
	totals_expect("donor", "", &none);
}

/* The filters of /funding apply to the totals under the same rules, for a
 * filter by every entity and the other filters. */
static void
test_totals_filters(void **state)
{
	static const char *const groupings[] = { "kind", "recipient", "donor" };
	static const char *const params[] = { "recipient", "entity", "donor" };
	static const char *const others[] = { "kind=donation",
		"cumulative=false", "from=2004&to=2004", "from=2012", NULL };
	static const struct totals_filter none = { NULL, NULL };
	sqlite3_stmt *st;

	(void)state;
	assert_int_equal(sqlite3_prepare_v2(
			     api_db, "SELECT id FROM entities", -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);

		for (size_t p = 0; p < 3; p++) {
			struct totals_filter f = { params[p], id };
			char filter[256];

			snprintf(
			    filter, sizeof(filter), "%s=%s", params[p], id);
			for (size_t g = 0; g < 3; g++)
				totals_expect(groupings[g], filter, &f);
		}
	}
	sqlite3_finalize(st);
	for (size_t i = 0; others[i] != NULL; i++)
		for (size_t g = 0; g < 3; g++)
			totals_expect(groupings[g], others[i], &none);
}

/*
 * q on the totals is a 400 naming q that points to recipient= and donor=:
 * a total is of a group of records, and a text match is not one (q=wenshan
 * would make a total of whatever mentions Wenshan).
 */
static void
test_totals_refuse_q(void **state)
{
	static const char *const groupings[] = { "kind", "recipient", "donor" };

	(void)state;
	for (size_t g = 0; g < 3; g++) {
		struct http_response r;
		const char *detail;

		api_get(&r, API "/funding/totals?group_by=%s&q=wenshan",
		    groupings[g]);
		detail = json_string_value(
		    json_object_get(error_naming(&r, "q"), "detail"));
		check(r.status == 400 && detail != NULL &&
			strstr(detail, "recipient=") != NULL &&
			strstr(detail, "donor=") != NULL,
		    "%s: not a 400 naming q and pointing to recipient= and "
		    "donor= (%ld, %s)",
		    last_request(), r.status,
		    detail != NULL ? detail : "no error naming q");
		http_response_free(&r);
	}
	expect_bad_param(
	    api_port, "q", API "/funding/totals?q=aid&recipient=yunnan");
}

/*
 * meta.rule says the rule in plain words, for a person: no field names
 * (no word with an underscore). With from or to it adds one sentence that
 * names the years and says that records overlapping them are counted
 * whole; without, it says nothing of years.
 */
static void
test_totals_rule(void **state)
{
	static const char *const groupings[] = { "kind", "recipient", "donor" };
	static const struct {
		const char *query, *years;
	} years[] = { { "", NULL }, { "&from=2004&to=2004", "2004 to 2004" },
		{ "&from=2004", "from 2004" }, { "&to=1998", "up to 1998" },
		{ "&recipient=wenshan", NULL } };

	(void)state;
	for (size_t g = 0; g < 3; g++) {
		char base[2048];
		json_t *doc;
		const char *rule;

		snprintf(base, sizeof(base), "group_by=%s", groupings[g]);
		doc = totals_get(base);
		rule = json_string_value(
		    json_object_get(json_object_get(doc, "meta"), "rule"));
		assert_non_null(rule);
		snprintf(base, sizeof(base), "%s", rule);
		json_decref(doc);
		for (size_t y = 0; y < sizeof(years) / sizeof(years[0]); y++) {
			char query[256];
			const char *u;

			snprintf(query, sizeof(query), "group_by=%s%s",
			    groupings[g], years[y].query);
			doc = totals_get(query);
			rule = json_string_value(json_object_get(
			    json_object_get(doc, "meta"), "rule"));
			check(rule != NULL && strchr(rule, '_') == NULL,
			    "%s: meta.rule names a field: %s", last_request(),
			    rule != NULL ? rule : "(none)");
			for (u = rule; u != NULL && *u != '\0'; u++)
				check(*u != '`', "%s: meta.rule has code",
				    last_request());
			if (years[y].years == NULL)
				check(rule != NULL && strcmp(rule, base) == 0 &&
					strstr(rule, "whole") == NULL,
				    "%s: meta.rule is not the grouping's: %s",
				    last_request(), rule);
			else
				check(rule != NULL &&
					strncmp(rule, base, strlen(base)) ==
					    0 &&
					strstr(rule + strlen(base),
					    years[y].years) != NULL &&
					strstr(rule + strlen(base),
					    "counted whole") != NULL,
				    "%s: meta.rule does not say that records "
				    "overlapping %s are counted whole: %s",
				    last_request(), years[y].years,
				    rule != NULL ? rule : "(none)");
			json_decref(doc);
		}
	}
}

/* Without group_by the totals are by kind. */
static void
test_totals_default_group_by(void **state)
{
	json_t *doc = totals_get(""), *by_kind = totals_get("group_by=kind");

	(void)state;
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(doc, "meta"), "group_by")),
	    "kind");
	assert_true(json_equal(
	    json_object_get(doc, "data"), json_object_get(by_kind, "data")));
	json_decref(doc);
	json_decref(by_kind);
}

/* A group_by not in kind, recipient, donor is a 400 naming it. */
static void
test_totals_bad_group_by(void **state)
{
	(void)state;
	expect_bad_param(
	    api_port, "group_by", API "/funding/totals?group_by=year");
	expect_bad_param(api_port, "group_by", API "/funding/totals?group_by=");
	expect_bad_param(
	    api_port, "group_by", API "/funding/totals?group_by=Kind");
	expect_bad_param(api_port, "kind", API "/funding/totals?kind=loan");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_totals_by_kind_by_hand),
		cmocka_unit_test(test_totals_by_recipient_by_hand),
		cmocka_unit_test(test_totals_by_donor_by_hand),
		cmocka_unit_test(test_totals_invariants),
		cmocka_unit_test(test_totals_filters),
		cmocka_unit_test(test_totals_refuse_q),
		cmocka_unit_test(test_totals_rule),
		cmocka_unit_test(test_totals_default_group_by),
		cmocka_unit_test(test_totals_bad_group_by),
	};

	return cmocka_run_group_tests_name(
	    "totals", tests, api_setup, api_teardown);
}
