/*
 * /api/v1/funding/totals: the honest totals (API.md, "Honest totals"),
 * as JSON or CSV: the rows handlers/reckon.c reckons, their lists, and
 * the rule in words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reckon.h"

static const char *const total_columns[] = { "key", "name", "href",
	"amount_yuan", "at_least", "counted", "contained", "uncertain",
	"shared", "inferred", NULL };

static const char *const group_bys[] = { "kind", "recipient", "donor", NULL };

/* The rule of each grouping, for a person: no field names. */
static const char *const rules[] = {
	[BY_KIND] =
	    "Each row adds up the amounts of its kind, so that no yuan is "
	    "counted twice and each sum is the least the article guarantees. "
	    "An amount is listed but not added when it lies inside another "
	    "amount of the row, or may (the article leaves it open, or it is "
	    "only read so); when a place the filters name shares it with "
	    "places outside it; or when it reaches that place only by a "
	    "reading of the article, not by its words. An amount has one "
	    "kind, so these rows may be added together.",
	[BY_RECIPIENT] =
	    "Each row adds up the amounts the article gives wholly to its "
	    "place or group, or to what lies within it, so each sum is the "
	    "least the article guarantees. An amount is listed but not added "
	    "when it lies inside another amount of the row, or may (the "
	    "article leaves it open, or it is only read so); when it went to "
	    "this place together with places outside it; or when it reaches "
	    "this place only by a reading of the article, not by its words. "
	    "Rows nest (Yunnan holds Wenshan), so they must not be added "
	    "together.",
	[BY_DONOR] =
	    "Each row adds up the amounts given by its donor or by anything "
	    "below it, so each sum is the least the article guarantees. An "
	    "amount is listed but not added when it lies inside another "
	    "amount of the row, or may (the article leaves it open, or it is "
	    "only read so); or when a place the filters name shares it with "
	    "places outside it, or it reaches that place only by a reading of "
	    "the article. Rows nest (Shanghai holds its enterprises), so they "
	    "must not be added together.",
};

/* A list of a row: the funding refs (with their amount) of the records
 * that lie in it as lies says and, when wholly, have status. */
static void
put_list(struct buf *b, const struct totals *t, const struct row *r,
    enum lies lies, enum status status, const char *prefix, int csv)
{
	int first = 1;

	if (!csv)
		buf_putc(b, '[');
	for (size_t i = 0; i < t->n; i++) {
		const struct doc *d = &t->funds->docs[t->sel[i]];

		if (r->lies[i] != lies ||
		    (lies == WHOLLY && r->status[i] != status))
			continue;
		if (!first)
			buf_puts(b, csv ? "; " : ",");
		first = 0;
		if (csv) {
			buf_puts(b, d->id);
			continue;
		}
		buf_puts(b, "{\"id\":");
		buf_json_string(b, d->id, strlen(d->id));
		buf_puts(b, ",\"name\":");
		buf_json_string(b, d->name, strlen(d->name));
		buf_printf(b, ",\"href\":\"%s%s/%s\",\"amount_yuan\":%lld}",
		    prefix, funding_collection.path, d->id, d->a.amount);
	}
	if (!csv)
		buf_putc(b, ']');
}

/* The lists of a row after its sum: counted, contained, uncertain (wholly
 * in it), shared and inferred (read). */
#define NLISTS (NSTATUS + 2)
static void
put_nth_list(struct buf *b, const struct totals *t, const struct row *r, int n,
    const char *prefix, int csv)
{
	if (n < NSTATUS)
		put_list(b, t, r, WHOLLY, (enum status)n, prefix, csv);
	else
		put_list(b, t, r, n == NSTATUS ? SHARED : READ, COUNTED, prefix,
		    csv);
}

static void
put_rows_json(struct buf *b, const struct totals *t, const struct rows *rows,
    const char *prefix)
{
	buf_puts(b, "{\"data\":[");
	for (size_t i = 0; i < rows->n; i++) {
		const struct row *r = &rows->v[i];

		if (i > 0)
			buf_putc(b, ',');
		buf_puts(b, "{\"key\":");
		buf_json_string(b, r->key, strlen(r->key));
		buf_puts(b, ",\"name\":");
		buf_json_string(b, r->name, strlen(r->name));
		if (r->entity >= 0)
			buf_printf(b, ",\"href\":\"%s%s/%s\"", prefix,
			    entities_collection.path, r->key);
		else
			buf_puts(b, ",\"href\":null");
		buf_printf(b, ",\"amount_yuan\":%lld,\"at_least\":%s", r->sum,
		    r->at_least ? "true" : "false");
		for (int s = 0; s < NLISTS; s++) {
			buf_printf(b, ",\"%s\":", total_columns[5 + s]);
			put_nth_list(b, t, r, s, prefix, 0);
		}
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
}

static void
put_rows_csv(struct buf *b, const struct totals *t, const struct rows *rows,
    const char *prefix)
{
	buf_join(b, total_columns, ",");
	buf_puts(b, "\r\n");
	for (size_t i = 0; i < rows->n; i++) {
		const struct row *r = &rows->v[i];

		csv_text(b, r->key, strlen(r->key));
		buf_putc(b, ',');
		csv_text(b, r->name, strlen(r->name));
		buf_putc(b, ',');
		if (r->entity >= 0)
			buf_printf(b, "%s%s/%s", prefix,
			    entities_collection.path, r->key);
		buf_printf(
		    b, ",%lld,%s", r->sum, r->at_least ? "true" : "false");
		for (int s = 0; s < NLISTS; s++) {
			struct buf cell = { 0 };
			size_t len;
			char *text;

			put_nth_list(&cell, t, r, s, "", 1);
			len = cell.len;
			if ((text = buf_finish(&cell)) == NULL) {
				b->oom = 1;
				return;
			}
			buf_putc(b, ',');
			csv_text(b, text, len);
			free(text);
		}
		buf_puts(b, "\r\n");
	}
}

/* meta.rule: the grouping's rule, and what years filters do. */
static void
put_rule(struct buf *b, enum grouping by, const struct store_filter *f)
{
	struct buf rule = { 0 };
	size_t len;
	char *text;

	buf_puts(&rule, rules[by]);
	if (f->from != STORE_UNSET || f->to != STORE_UNSET) {
		buf_puts(&rule, " Only amounts whose years overlap ");
		if (f->from != STORE_UNSET && f->to != STORE_UNSET)
			buf_printf(&rule, "%d to %d", f->from, f->to);
		else if (f->from != STORE_UNSET)
			buf_printf(&rule, "the years from %d on", f->from);
		else
			buf_printf(&rule, "the years up to %d", f->to);
		buf_puts(&rule,
		    " are kept, and each is counted whole: a running total "
		    "over many years is not cut to the years asked for, so a "
		    "sum is not the money spent in them.");
	}
	len = rule.len;
	if ((text = buf_finish(&rule)) == NULL) {
		b->oom = 1;
		return;
	}
	buf_json_string(b, text, len);
	free(text);
}

/* Reads the filters of /funding but q: a total is of a group of records,
 * not of a text match. */
static void
totals_filter(struct request *req, struct store_filter *f)
{
	struct collection c = funding_collection;
	char match[8];

	if (req_param(req, "q") != NULL)
		req_error(req, "q",
		    "is not taken by the totals: a total is of a group of "
		    "records, not of a text match; choose the records with "
		    "recipient= or donor= (or entity=, kind=, cumulative=, "
		    "from=, to=)");
	c.filters &= ~(unsigned int)F_Q;
	collection_filter(req, &c, f, match, sizeof(match));
}

/*
 * GET /funding/totals?group_by=kind|recipient|donor and the filters of
 * /funding but q: one row per group, not paged (API.md, "Honest totals").
 */
void
handle_funding_totals(struct request *req, struct reply *rep)
{
	const struct dataset *ds = req->api->data;
	struct store_filter filter;
	struct totals t = { .ds = ds, .funds = &ds->coll[COLL_FUNDING] };
	struct rows rows = { 0 };
	struct buf b = { 0 };
	const char *group_by;
	long n;
	int csv;

	csv = req_csv(req);
	group_by = req_choice(req, "group_by", group_bys);
	if (group_by == NULL)
		group_by = "kind";
	t.by = strcmp(group_by, "kind") == 0	 ? BY_KIND
	    : strcmp(group_by, "recipient") == 0 ? BY_RECIPIENT
						 : BY_DONOR;
	totals_filter(req, &filter);
	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	if ((t.sel = malloc((t.funds->n + 1) * sizeof(*t.sel))) == NULL ||
	    (t.limit = calloc(t.funds->n + 1, 1)) == NULL ||
	    (t.at = malloc((t.funds->n + 1) * sizeof(*t.at))) == NULL ||
	    (n = dataset_select(req->store, ds, COLL_FUNDING, &filter, t.sel)) <
		0) {
		reply_fault(rep);
		goto out;
	}
	t.n = (size_t)n;
	for (size_t i = 0; i < t.funds->n; i++)
		t.at[i] = -1;
	for (size_t i = 0; i < t.n; i++)
		t.at[t.sel[i]] = (int)i;
	totals_reckon(&t, &filter,
	    t.by == BY_RECIPIENT   ? filter.recipient
		: t.by == BY_DONOR ? filter.donor
				   : STORE_UNSET,
	    &rows);
	if (rows.oom) {
		reply_fault(rep);
		goto out;
	}
	if (csv) {
		put_rows_csv(&b, &t, &rows, req->prefix);
		reply_buf(rep, 200, TYPE_CSV, &b);
		rep->filename = "funding-totals.csv";
	} else {
		put_rows_json(&b, &t, &rows, req->prefix);
		buf_puts(&b, ",\"meta\":{\"group_by\":");
		buf_json_string(&b, group_by, strlen(group_by));
		buf_puts(&b, ",\"rule\":");
		put_rule(&b, t.by, &filter);
		buf_printf(&b, ",\"records\":%ld,\"dataset_version\":", n);
		buf_json_string(&b, req->info->dataset_version,
		    strlen(req->info->dataset_version));
		buf_puts(&b, "}}");
		reply_buf(rep, 200, TYPE_JSON, &b);
	}
out:
	rows_free(&rows);
	free(t.sel);
	free(t.limit);
	free(t.at);
}
