#ifndef AID_TEST_HARNESS_TOTALS_H
#define AID_TEST_HARNESS_TOTALS_H

/*
 * The honest totals reckoned again, independently of the server: from
 * the base tables and the contract (API.md, "Honest totals" and
 * "Additions"), where each funding record lies in each row of a grouping
 * (wholly, shared, read or not at all), then which of those wholly in a
 * row are contained, uncertain or counted; and a row checked against
 * lists given by hand.
 */

#include <jansson.h>

/* A filter of /funding on the totals: its parameter and entity, if any. */
struct totals_filter {
	const char *param; /* "recipient", "entity", "donor", or NULL */
	const char *entity;
};

/* The lists of a totals row: counted, contained, uncertain, shared,
 * inferred. */
#define TOTALS_NLISTS ((size_t)5)

/* The five lists of a row for totals_expect_row(), each its ids sorted
 * and space-separated. */
#define TOTALS_ROW(counted, contained, uncertain, shared, inferred)            \
	(const char *const[TOTALS_NLISTS])                                     \
	{                                                                      \
		counted, contained, uncertain, shared, inferred                \
	}

/* GET /api/v1/funding/totals?query (query maybe ""), which must answer
 * 200. New reference. */
json_t *totals_get(const char *query);

/* The row of key in a totals document (borrowed); fails the test when it
 * has none. */
json_t *totals_row(json_t *doc, const char *key);

/*
 * Fails the test unless the totals by group_by under filter (a query,
 * maybe "", that f describes) keep the contract over every record /funding
 * lists under the same filter: each lies in each row as the reckoning
 * says and is listed accordingly (wholly: counted, contained or
 * uncertain; shared; read: inferred), each once; contained when its
 * part_of chain reaches a record wholly in the row, uncertain when a read
 * or possible link on the way does; amount_yuan is the sum of the
 * counted; at_least when a counted is a lower bound or anything is
 * uncertain, shared or inferred; each row holds a record; and, with no
 * filter, every entity a record lies in has its row.
 */
void totals_expect(
    const char *group_by, const char *filter, const struct totals_filter *f);

/* Fails the test unless row has amount_yuan amount, at_least and the
 * lists want (TOTALS_ROW). */
void totals_expect_row(json_t *row, long long amount, int at_least,
    const char *const want[TOTALS_NLISTS]);

#endif
