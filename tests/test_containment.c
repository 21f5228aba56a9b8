/*
 * Funding containment, for the honest totals (a data guard,
 * harness_data.h): a record part of another lies inside it (a running
 * total of its kind, its period and its recipients); no chain of
 * containers is a cycle; running totals are cumulative, and a bound is
 * at_least exactly where the quote says "more than"; what is read from
 * context is said to be read.
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
#include "harness_numerals.h"
#include "harness_rows.h"
#include "harness_text.h"

/*
 * Guards honest totals: a funding row part_of another points to a
 * cumulative row whose period contains its period and whose recipients
 * include each of its recipients or one of their ancestors: each of those
 * it is read to have gone to, where it has such (the reading that makes it
 * a part: the 6.6 million, which Yunnan used, read as going to the 44
 * pilot villages), else each it is stated to have gone to.
 */
static void
test_funding_part_of(void **state)
{
	struct guard g = guard_begin(state);
	struct entities es = { NULL, 0 };
	struct funds fs = { NULL, 0 };
	const struct fund *fd, *c;
	size_t i, j, k, r, cr, nread;
	int in;

	if (entities_load(&g, &es) == -1 || funds_load(&g, &fs) == -1)
		goto out;
	for (i = 0; i < fs.n; i++) {
		fd = &fs.v[i];
		if (fd->part_of == NULL)
			continue;
		if (fd->up == NOPOS) {
			guard_offence(&g,
			    "funding %s: part_of %s does not exist\n", fd->id,
			    fd->part_of);
			continue;
		}
		c = &fs.v[fd->up];
		if (!c->cumulative)
			guard_offence(&g,
			    "funding %s: part_of %s, which is not "
			    "cumulative\n",
			    fd->id, c->id);
		if (fund_period_lo(fd) < fund_period_lo(c) ||
		    fund_period_hi(fd) > fund_period_hi(c))
			guard_offence(&g,
			    "funding %s: its period (%d-%02d to %d-%02d) is "
			    "not within that of %s (%d-%02d to %d-%02d; month "
			    "00: whole year, year 0: ongoing)\n",
			    fd->id, fd->sy, fd->sm, fd->ey, fd->em, c->id,
			    c->sy, c->sm, c->ey, c->em);
		for (nread = 0, j = 0; j < fd->nrec; j++)
			nread += fd->rec_read[j] != 0;
		for (j = 0; j < fd->nrec; j++) {
			if (nread > 0 && !fd->rec_read[j])
				continue;
			r = entity_index(&es, fd->rec[j]);
			for (in = 0, k = 0; k < c->nrec && !in; k++) {
				cr = entity_index(&es, c->rec[k]);
				in = r != NOPOS && cr != NOPOS &&
				    entity_at_or_above(&es, cr, r);
			}
			if (!in)
				guard_offence(&g,
				    "funding %s: recipient %s is neither a "
				    "recipient of %s nor below one (summary "
				    "of %s: \"%.*s%s\")\n",
				    fd->id, fd->rec[j], c->id, c->id,
				    txt_clip(c->summary, TXT_CLIP), c->summary,
				    txt_ellipsis(c->summary, TXT_CLIP));
		}
	}
out:
	funds_free(&fs);
	entities_free(&es);
	guard_end(&g, "funding part_of link(s) that do not hold");
}

/* Guards the totals' walk: part_of chains have no cycle. */
static void
test_funding_part_of_acyclic(void **state)
{
	struct guard g = guard_begin(state);
	struct funds fs = { NULL, 0 };

	if (funds_load(&g, &fs) == 0)
		funds_cycles(&g, &fs);
	funds_free(&fs);
	guard_end(&g, "funding row(s) in a part_of cycle");
}

/* A quote that states a running total on a row not cumulative. */
static void
cumulative_row(struct guard *g, sqlite3_stmt *st, void *arg)
{
	const char *quote = data_col(st, 2);

	(void)arg;
	if ((txt_contains_ci(quote, "accumulatively") ||
		txt_contains_ci(quote, "in the past")) &&
	    sqlite3_column_int(st, 1) != 1)
		guard_offence(g,
		    "funding %s: quote states a running total but cumulative "
		    "is %d\n",
		    data_col(st, 0), sqlite3_column_int(st, 1));
}

/* Guards running totals: a quote that says one makes the row cumulative. */
static void
test_funding_cumulative(void **state)
{
	guard_run(state,
	    "SELECT id, cumulative, quote FROM funding ORDER BY id",
	    cumulative_row, "running total(s) not marked cumulative");
}

/* An amount its quote does not state, or a bound its quote does not
 * give. */
static void
bound_row(struct guard *g, sqlite3_stmt *st, void *arg)
{
	static const char more[] = "more than ";
	const char *id = data_col(st, 0), *bound = data_col(st, 2);
	const char *quote = data_col(st, 3);
	long long amount = sqlite3_column_int64(st, 1);
	size_t n, i, ml = sizeof(more) - 1;
	struct numeral *nums = numerals_scan(quote, strlen(quote), &n);
	int stated = 0, after_more = 0;

	(void)arg;
	for (i = 0; i < n; i++) {
		if (nums[i].kind != NUM_NUMBER || !nums[i].exact ||
		    nums[i].value != amount)
			continue;
		stated = 1;
		if (nums[i].off >= ml &&
		    strncmp(quote + nums[i].off - ml, more, ml) == 0)
			after_more = 1;
	}
	free(nums);
	if (!stated)
		guard_offence(g,
		    "funding %s: amount %lld is not stated in its quote\n", id,
		    amount);
	else if (after_more != (strcmp(bound, "at_least") == 0))
		guard_offence(g,
		    "funding %s: bound is %s but the quote has %s\"more than\" "
		    "before %lld\n",
		    id, bound, after_more ? "" : "no ", amount);
}

/*
 * Guards lower bounds: the amount is stated in the quote, and bound is
 * at_least exactly when "more than " comes right before it.
 */
static void
test_funding_bound(void **state)
{
	guard_run(state,
	    "SELECT id, amount_yuan, bound, quote FROM funding ORDER BY id",
	    bound_row,
	    "funding row(s) whose bound or amount does not match the quote");
}

/* A funding row's period as comparable numbers: lo and hi in YYYYMM, a
 * missing month the whole year, a missing end ongoing. */
#define LO(t) "(" t ".start_year * 100 + coalesce(" t ".start_month, 1))"
#define HI(t)                                                                  \
	"(coalesce(" t ".end_year, 9999) * 100 + coalesce(" t ".end_month, "   \
	"12))"

/*
 * Guards the lower bounds: a record possibly_part_of another names a
 * cumulative record of its own kind whose period contains its period,
 * and is not also part_of one; no chain of part_of and possibly_part_of
 * is a cycle; and a record is only ever contained in one of its own kind,
 * so that totals by kind may be added together.
 */
static void
test_funding_possibly_part_of(void **state)
{
	guard_query(state,
	    "SELECT 'funding ' || f.id || ': possibly_part_of ' ||"
	    " f.possibly_part_of || CASE"
	    "  WHEN c.id IS NULL THEN ', which does not exist'"
	    "  WHEN f.part_of IS NOT NULL THEN ' and part_of ' || f.part_of"
	    "  WHEN NOT c.cumulative THEN ', which is not cumulative'"
	    "  WHEN " LO("f") " < " LO("c") " OR " HI("f") " > " HI(
		"c") "   THEN ', whose period does not contain its own' END"
		     " FROM funding f LEFT JOIN funding c ON c.id = "
		     "f.possibly_part_of"
		     " WHERE f.possibly_part_of IS NOT NULL AND (c.id IS NULL"
		     "  OR f.part_of IS NOT NULL OR NOT c.cumulative"
		     "  OR " LO("f") " < " LO("c") " OR " HI("f") " > " HI(
			 "c") ")"
			      " UNION ALL"
			      " SELECT 'funding ' || f.id || ' (' || f.kind || "
			      "') is in ' ||"
			      " c.id || ' (' || c.kind || '): containment "
			      "across kinds'"
			      " FROM funding f JOIN funding c"
			      "  ON c.id = coalesce(f.part_of, "
			      "f.possibly_part_of)"
			      " WHERE c.kind <> f.kind"
			      " UNION ALL"
			      " SELECT 'funding ' || id || ': its chain of "
			      "containers is a cycle'"
			      " FROM (WITH RECURSIVE up (start, id, n) AS ("
			      "  SELECT id, coalesce(part_of, "
			      "possibly_part_of), 1 FROM funding"
			      "  UNION ALL SELECT up.start,"
			      "   coalesce(f.part_of, f.possibly_part_of), n + "
			      "1"
			      "   FROM up JOIN funding f ON f.id = up.id WHERE "
			      "n < 64)"
			      "  SELECT DISTINCT start AS id FROM up WHERE id "
			      "= start)",
	    "funding row(s) whose possible container does not hold");
}

/*
 * Guards "stated or read" (README.md): every funding record has a
 * recipient the article states; a record with a recipient or a
 * containment read from context says in its summary that it is read; and
 * no summary states a read containment as a fact ("Part of ...").
 */
static void
test_stated_or_read(void **state)
{
	guard_query(state,
	    "SELECT 'funding ' || f.id || CASE"
	    "  WHEN NOT EXISTS (SELECT 1 FROM funding_recipients r"
	    "   WHERE r.funding_id = f.id AND NOT r.inferred)"
	    "   THEN ': no recipient the article states'"
	    "  WHEN f.part_of_inferred AND (f.summary GLOB 'Part of *'"
	    "   OR f.summary GLOB '*[.;] Part of *')"
	    "   THEN ': its summary states as a fact a containment that is"
	    " read'"
	    "  ELSE ': a recipient or containment read from context that its"
	    " summary does not call read' END"
	    " FROM funding f"
	    " WHERE NOT EXISTS (SELECT 1 FROM funding_recipients r"
	    "   WHERE r.funding_id = f.id AND NOT r.inferred)"
	    "  OR (f.part_of_inferred AND (f.summary GLOB 'Part of *'"
	    "   OR f.summary GLOB '*[.;] Part of *'))"
	    "  OR ((f.part_of_inferred OR EXISTS (SELECT 1"
	    "   FROM funding_recipients r WHERE r.funding_id = f.id"
	    "   AND r.inferred))"
	    "   AND ' ' || lower(f.summary) || ' ' NOT GLOB "
	    "'*[^a-z]read[^a-z]*')",
	    "funding row(s) that state what is read");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_funding_part_of),
		cmocka_unit_test(test_funding_part_of_acyclic),
		cmocka_unit_test(test_funding_cumulative),
		cmocka_unit_test(test_funding_bound),
		cmocka_unit_test(test_funding_possibly_part_of),
		cmocka_unit_test(test_stated_or_read),
	};

	return cmocka_run_group_tests_name(
	    "containment", tests, data_setup, data_teardown);
}
