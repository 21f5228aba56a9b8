/*
 * Every numeral of the article accounted for (a data guard,
 * harness_data.h): each is a fact of the store, inside the quote of a row
 * that states its value, the date of publication, or a row of the list
 * of numerals that are not facts; and each row of that list is well
 * formed and used.
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
#include "harness_text.h"

/*
 * Whether the numeral nm of the article is accounted for: listed as no
 * fact, the article's date of publication (pub asks for it), or stated by
 * a fact whose quote contains it. A query that fails sets g->err.
 */
static int
numeral_accounted(struct guard *g, sqlite3_stmt *pub, const struct claims *cl,
    const struct notfacts *nf, const struct numeral *nm)
{
	const struct data_fixture *f = g->f;
	char d1[64], d2[64];
	size_t i;
	int rc, hit;

	for (i = 0; i < nf->n; i++)
		if (notfact_covers(&nf->v[i], f->article, f->article_len, nm))
			return 1;
	if (nm->kind == NUM_DATE && nm->exact && nm->nparts == 3) {
		/* The byline's order (day-month or month-day) is unknown. */
		snprintf(d1, sizeof(d1), "%04lld-%02lld-%02lld", nm->parts[2],
		    nm->parts[1], nm->parts[0]);
		snprintf(d2, sizeof(d2), "%04lld-%02lld-%02lld", nm->parts[2],
		    nm->parts[0], nm->parts[1]);
		sqlite3_reset(pub);
		if (sqlite3_bind_text(pub, 1, d1, -1, SQLITE_TRANSIENT) !=
			SQLITE_OK ||
		    sqlite3_bind_text(pub, 2, d2, -1, SQLITE_TRANSIENT) !=
			SQLITE_OK) {
			g->err = 1;
			return 0;
		}
		hit = 0;
		while ((rc = sqlite3_step(pub)) == SQLITE_ROW)
			hit = sqlite3_column_int(pub, 0) > 0;
		if (data_step_end(sqlite3_db_handle(pub), rc) == -1)
			g->err = 1;
		if (hit)
			return 1;
	}
	for (i = 0; i < cl->n; i++)
		if (claim_covers(&cl->v[i], f->article, f->article_len, nm))
			return 1;
	return 0;
}

/*
 * Guards completeness: every numeral occurrence of the article is a fact
 * of the store (inside the quote of a row that states its value), the
 * date of publication, or listed in the not-facts file.
 */
static void
test_numerals_accounted(void **state)
{
	struct guard g = guard_begin(state);
	const struct data_fixture *f = g.f;
	struct numeral *nums = NULL;
	struct claims cl = { NULL, 0 };
	struct notfacts nf;
	sqlite3_stmt *pub = NULL;
	char ctx[TXT_EXCERPT_MAX];
	size_t n = 0, i;

	memset(&nf, 0, sizeof(nf));
	if (notfacts_load(&g, &nf, 0) == -1 || claims_load(&g, &cl) == -1 ||
	    (pub = guard_prepare(&g,
		 "SELECT count(*) FROM sources"
		 " WHERE published IN (?1, ?2)")) == NULL)
		goto out;
	nums = numerals_scan(f->article, f->article_len, &n);
	if (n == 0)
		guard_offence(
		    &g, "the article has no numeral at all: wrong file?\n");
	for (i = 0; i < n; i++) {
		if (numeral_accounted(&g, pub, &cl, &nf, &nums[i]))
			continue;
		txt_excerpt(f->article, f->article_len, nums[i].off,
		    nums[i].span, ctx, sizeof(ctx));
		guard_offence(&g,
		    "numeral \"%.*s\" at line %zu, byte %zu, is not "
		    "accounted for: ...%s...\n",
		    (int)nums[i].span, f->article + nums[i].off,
		    txt_line_of(f->article, nums[i].off), nums[i].off, ctx);
	}
out:
	sqlite3_finalize(pub);
	free(nums);
	claims_free(&cl);
	notfacts_free(&nf);
	guard_end(&g,
	    "numeral occurrence(s) of the article neither a fact nor listed "
	    "as no fact");
}

/*
 * Guards the not-facts list: well formed, and each row used, its context
 * found in the article and containing the numeral it names.
 */
static void
test_not_facts_rows_used(void **state)
{
	struct guard g = guard_begin(state);
	const struct data_fixture *f = g.f;
	struct numeral *nums = NULL;
	struct notfacts nf;
	const struct notfact *r;
	size_t n = 0, i, j;
	int used;

	memset(&nf, 0, sizeof(nf));
	if (notfacts_load(&g, &nf, 1) == -1)
		goto out;
	g.bad += nf.malformed;
	nums = numerals_scan(f->article, f->article_len, &n);
	for (i = 0; i < nf.n; i++) {
		r = &nf.v[i];
		if (txt_is_blank(r->reason))
			guard_offence(&g, "%s:%zu: \"%s\" has no reason\n",
			    f->not_facts_path, r->line, r->numeral);
		if (txt_find(f->article, f->article_len, r->context,
			strlen(r->context), 0) == NOPOS) {
			guard_offence(&g,
			    "%s:%zu: context not in the article: "
			    "\"%.*s%s\"\n",
			    f->not_facts_path, r->line,
			    txt_clip(r->context, TXT_CLIP), r->context,
			    txt_ellipsis(r->context, TXT_CLIP));
			continue;
		}
		for (used = 0, j = 0; j < n && !used; j++)
			used = notfact_covers(
			    r, f->article, f->article_len, &nums[j]);
		if (!used)
			guard_offence(&g,
			    "%s:%zu: \"%s\" is not a numeral of its context "
			    "\"%.*s%s\"\n",
			    f->not_facts_path, r->line, r->numeral,
			    txt_clip(r->context, TXT_CLIP), r->context,
			    txt_ellipsis(r->context, TXT_CLIP));
	}
out:
	free(nums);
	notfacts_free(&nf);
	guard_end(&g, "problem(s) in the not-facts list");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numerals_accounted),
		cmocka_unit_test(test_not_facts_rows_used),
	};

	return cmocka_run_group_tests_name(
	    "numerals", tests, data_setup, data_teardown);
}
