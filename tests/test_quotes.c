/*
 * The provenance of every fact (a data guard, harness_data.h): the store
 * has exactly one source, the article, byte for byte; every quote is a
 * verbatim substring of its source's text; and every item is placed in
 * the article's order where its quote starts.
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

/* A source that is not the article: its title, publisher, date or text
 * differ; *arg counts the sources. */
static void
source_row(struct guard *g, sqlite3_stmt *st, void *arg)
{
	const struct data_fixture *f = g->f;
	const char *id = data_col(st, 0), *text;
	size_t n, i;

	++*(int *)arg;
	if (strcmp(data_col(st, 1), "Shanghai's partner aid to Yunnan") != 0)
		guard_offence(g,
		    "source %s: title \"%s\" is not the article's\n", id,
		    data_col(st, 1));
	if (strcmp(data_col(st, 2), "GPIG") != 0)
		guard_offence(g, "source %s: publisher \"%s\" is not GPIG\n",
		    id, data_col(st, 2));
	if (strcmp(data_col(st, 3), "2018-02-02") != 0)
		guard_offence(g,
		    "source %s: published \"%s\" is not 2018-02-02\n", id,
		    data_col(st, 3));
	text = sqlite3_column_blob(st, 4);
	n = (size_t)sqlite3_column_bytes(st, 4);
	if (n != f->article_len || n == 0 || memcmp(text, f->article, n) != 0) {
		for (i = 0;
		     i < n && i < f->article_len && text[i] == f->article[i];
		     i++)
			continue;
		guard_offence(g,
		    "source %s: text (%zu bytes) is not the article (%zu "
		    "bytes); first difference at byte %zu\n",
		    id, n, f->article_len, i);
	}
}

/*
 * Guards the provenance: the store has exactly one source, the article,
 * byte for byte, with its title, publisher and date.
 */
static void
test_source_is_the_article(void **state)
{
	struct guard g = guard_begin(state);
	sqlite3_stmt *st = guard_prepare(&g,
	    "SELECT id, title, publisher, published, text FROM sources"
	    " ORDER BY id");
	int rows = 0;

	if (st != NULL) {
		guard_each(&g, st, source_row, &rows);
		if (rows != 1)
			guard_offence(&g,
			    "the store has %d sources, not exactly the one "
			    "article\n",
			    rows);
	}
	sqlite3_finalize(st);
	guard_end(&g, "problem(s) with the source");
}

/* The kinds of fact with a quote, in the order of quotes_sql. */
static const char *const quoted[] = { "entity", "event", "funding", "location",
	"partnership" };
#define NQUOTED (sizeof(quoted) / sizeof(quoted[0]))

/* A quote that is empty or not in its source; arg counts each kind. */
static void
quote_row(struct guard *g, sqlite3_stmt *st, void *arg)
{
	int *seen = arg;
	const char *kind = data_col(st, 0), *id = data_col(st, 1);
	const char *quote = data_col(st, 2), *text;
	size_t k;

	for (k = 0; k < NQUOTED; k++)
		if (strcmp(kind, quoted[k]) == 0)
			seen[k]++;
	if (sqlite3_column_type(st, 4) == SQLITE_NULL) {
		guard_offence(g, "%s %s: source \"%s\" does not exist\n", kind,
		    id, data_col(st, 3));
		return;
	}
	text = data_col(st, 4);
	if (strlen(quote) == 0 || txt_is_blank(quote))
		guard_offence(g, "%s %s: empty quote\n", kind, id);
	else if (txt_find(text, strlen(text), quote, strlen(quote), 0) == NOPOS)
		guard_offence(g, "%s %s: quote not in article: \"%.*s%s\"\n",
		    kind, id, txt_clip(quote, TXT_CLIP), quote,
		    txt_ellipsis(quote, TXT_CLIP));
}

/*
 * Guards provenance of every fact: each quote is a non-empty, verbatim
 * substring of its source's text; and the store is not empty.
 */
static void
test_quotes_verbatim(void **state)
{
	struct guard g = guard_begin(state);
	int seen[NQUOTED] = { 0 };
	sqlite3_stmt *st = guard_prepare(&g,
	    "SELECT 'entity', x.id, x.quote, x.source_id, s.text"
	    " FROM entities x LEFT JOIN sources s ON s.id = x.source_id "
	    "UNION ALL SELECT 'event', x.id, x.quote, x.source_id, s.text"
	    " FROM events x LEFT JOIN sources s ON s.id = x.source_id "
	    "UNION ALL SELECT 'funding', x.id, x.quote, x.source_id, s.text"
	    " FROM funding x LEFT JOIN sources s ON s.id = x.source_id "
	    "UNION ALL SELECT 'partnership', x.id, x.quote, x.source_id,"
	    " s.text FROM partnerships x"
	    " LEFT JOIN sources s ON s.id = x.source_id "
	    "UNION ALL SELECT 'location', x.entity_id || ' in ' ||"
	    " x.place_id, x.quote, x.source_id, s.text"
	    " FROM entity_locations x"
	    " LEFT JOIN sources s ON s.id = x.source_id "
	    "ORDER BY 1, 2");

	if (st != NULL) {
		guard_each(&g, st, quote_row, seen);
		for (size_t k = 0; k < NQUOTED; k++)
			if (seen[k] == 0)
				guard_offence(&g,
				    "no %s row at all: the store holds none "
				    "of the article's facts of that kind\n",
				    quoted[k]);
	}
	sqlite3_finalize(st);
	guard_end(&g, "quote(s) not verbatim in their source");
}

/*
 * Guards the article's order: every item's position is where its quote
 * starts in its source (what orders facts the dates cannot).
 */
static void
test_article_positions(void **state)
{
	guard_query(state,
	    "WITH q (resource, id, source_id, quote) AS ("
	    " SELECT 'events', id, source_id, quote FROM events"
	    " UNION ALL SELECT 'partnerships', id, source_id, quote"
	    "  FROM partnerships"
	    " UNION ALL SELECT 'funding', id, source_id, quote FROM funding"
	    " UNION ALL SELECT 'entities', id, source_id, quote FROM entities)"
	    " SELECT q.resource || ' ' || q.id || ': position ' ||"
	    " coalesce(r.position, 'none') || ', its quote starts at ' ||"
	    " instr(s.text, q.quote)"
	    " FROM q JOIN sources s ON s.id = q.source_id"
	    " LEFT JOIN item_refs r ON r.resource = q.resource AND r.id = q.id"
	    " WHERE r.position IS NOT instr(s.text, q.quote)",
	    "item(s) placed elsewhere than their quote");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_source_is_the_article),
		cmocka_unit_test(test_quotes_verbatim),
		cmocka_unit_test(test_article_positions),
	};

	return cmocka_run_group_tests_name(
	    "quotes", tests, data_setup, data_teardown);
}
