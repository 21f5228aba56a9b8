/*
 * /api/v1/funding: every amount of money, and its honest totals.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collection.h"

static const struct choice_filter choices[] = {
	{ "kind", offsetof(struct store_filter, kind), ENUM_FUNDING_KIND },
	{ NULL, 0, ENUM__MAX },
};

static const struct sort_key sorts[] = {
	{ "id", "id" },
	{ "start", "period.start" },
	{ "end", "period.end" },
	{ "amount_yuan", "amount_yuan" },
	{ "kind", "kind" },
	{ "donor", "donor" },
	{ NULL, NULL },
};

static const char *const fields[] = { "id", "amount_yuan", "bound", "kind",
	"period", "donor", "recipients", "purpose", "cumulative", "part_of",
	"summary", "source", NULL };

static const char *const columns[] = { "id", "amount_yuan", "bound", "kind",
	"period.start.year", "period.start.month", "period.end.year",
	"period.end.month", "donor.id", "donor.name", "recipients", "purpose",
	"cumulative", "part_of", "summary", "source.id", "source.quote", NULL };

const struct collection funding_collection = {
	.coll = COLL_FUNDING,
	.path = API_PREFIX "/funding",
	.noun = "funding record",
	.filters =
	    F_Q | F_YEARS | F_ENTITY | F_DONOR | F_RECIPIENT | F_CUMULATIVE,
	.choices = choices,
	.sorts = sorts,
	.default_sort = "start",
	.fields = fields,
	.columns = columns,
};

void
handle_fundings(struct request *req, struct reply *rep)
{
	collection_list(req, rep, &funding_collection);
}

void
handle_funding(struct request *req, struct reply *rep)
{
	collection_item(req, rep, &funding_collection);
}

static const char *const total_columns[] = { "key", "name", "amount_yuan",
	"at_least", "counted", "contained", NULL };

static const char *const group_bys[] = { "kind", "recipient", "donor", NULL };

static const char *const rules[] = {
	"Each row adds up the amount_yuan of its counted records; a record "
	"that is part_of another record of the same row is listed as "
	"contained and not added, so no yuan is counted twice within a row.",
	"Each row adds up the amount_yuan of its counted records; a record "
	"that is part_of another record of the same row is listed as "
	"contained and not added. A record with several recipients counts in "
	"the row of each, so the rows must not be added together.",
};

/* A row of the totals: its group and the records in it. */
struct row {
	const char *key, *name;
	uint32_t *members; /* funding indexes, in id order */
	size_t n;
	long long sum;
	int at_least;
	unsigned char *contained; /* per member */
};

struct rows {
	struct row *v;
	size_t n;
	int oom;
};

/* Appends a record to the row of key, creating the row. */
static void
add_to_row(struct rows *rows, const char *key, const char *name, uint32_t i)
{
	struct row *r = NULL;
	uint32_t *m;

	for (size_t k = 0; k < rows->n && r == NULL; k++)
		if (strcmp(rows->v[k].key, key) == 0)
			r = &rows->v[k];
	if (r == NULL) {
		struct row *v = realloc(rows->v, (rows->n + 1) * sizeof(*v));

		if (v == NULL) {
			rows->oom = 1;
			return;
		}
		rows->v = v;
		r = &v[rows->n++];
		*r = (struct row){ .key = key, .name = name };
	}
	if ((m = realloc(r->members, (r->n + 1) * sizeof(*m))) == NULL) {
		rows->oom = 1;
		return;
	}
	r->members = m;
	m[r->n++] = i;
}

static int
in_row(const struct row *r, int i)
{
	for (size_t k = 0; k < r->n; k++)
		if ((int)r->members[k] == i)
			return 1;
	return 0;
}

/* Sums a row: a member whose part_of chain (through the selected records)
 * reaches another member is contained, the others are counted. */
static void
finish_row(struct row *r, const struct dataset_coll *funds,
    const unsigned char *selected, struct rows *rows)
{
	if ((r->contained = calloc(r->n ? r->n : 1, 1)) == NULL) {
		rows->oom = 1;
		return;
	}
	for (size_t k = 0; k < r->n; k++) {
		const struct attrs *a = &funds->docs[r->members[k]].a;
		int p = a->part_of;

		for (int depth = 0;
		     p != STORE_UNSET && selected[p] && depth < 64; depth++) {
			if (in_row(r, p)) {
				r->contained[k] = 1;
				break;
			}
			p = funds->docs[p].a.part_of;
		}
		if (!r->contained[k]) {
			r->sum += a->amount;
			r->at_least |= a->at_least;
		}
	}
}

static int
row_cmp(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;

	if (a->sum != b->sum)
		return a->sum > b->sum ? -1 : 1;
	return strcmp(a->key, b->key);
}

/* The ids of a row's counted (want 0) or contained (want 1) members. */
static void
put_ids(struct buf *b, const struct row *r, const struct dataset_coll *funds,
    int want, int csv)
{
	int first = 1;

	if (!csv)
		buf_putc(b, '[');
	for (size_t k = 0; k < r->n; k++) {
		const char *id = funds->docs[r->members[k]].id;

		if (r->contained[k] != want)
			continue;
		if (!first)
			buf_puts(b, csv ? "; " : ",");
		first = 0;
		if (csv)
			buf_puts(b, id);
		else
			buf_json_string(b, id, strlen(id));
	}
	if (!csv)
		buf_putc(b, ']');
}

static void
put_rows_json(
    struct buf *b, const struct rows *rows, const struct dataset_coll *funds)
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
		buf_printf(b,
		    ",\"amount_yuan\":%lld,\"at_least\":%s,"
		    "\"counted\":",
		    r->sum, r->at_least ? "true" : "false");
		put_ids(b, r, funds, 0, 0);
		buf_puts(b, ",\"contained\":");
		put_ids(b, r, funds, 1, 0);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
}

static void
put_rows_csv(
    struct buf *b, const struct rows *rows, const struct dataset_coll *funds)
{
	buf_join(b, total_columns, ",");
	buf_puts(b, "\r\n");
	for (size_t i = 0; i < rows->n; i++) {
		const struct row *r = &rows->v[i];
		struct buf cell = { 0 };
		char *s;

		csv_text(b, r->key, strlen(r->key));
		buf_putc(b, ',');
		csv_text(b, r->name, strlen(r->name));
		buf_printf(
		    b, ",%lld,%s,", r->sum, r->at_least ? "true" : "false");
		for (int want = 0; want <= 1; want++) {
			size_t len;

			put_ids(&cell, r, funds, want, 1);
			len = cell.len;
			if ((s = buf_finish(&cell)) == NULL) {
				b->oom = 1;
				return;
			}
			csv_text(b, s, len);
			free(s);
			if (want == 0)
				buf_putc(b, ',');
		}
		buf_puts(b, "\r\n");
	}
}

/*
 * GET /funding/totals?group_by=kind|recipient|donor and the filters of
 * /funding: one row per group, not paged (API.md, "Honest totals").
 */
void
handle_funding_totals(struct request *req, struct reply *rep)
{
	const struct dataset *ds = req->api->data;
	const struct dataset_coll *funds = &ds->coll[COLL_FUNDING];
	const struct dataset_coll *ents = &ds->coll[COLL_ENTITIES];
	struct store_filter filter;
	struct rows rows = { 0 };
	struct buf b = { 0 };
	char match[1024];
	const char *group_by;
	uint32_t *sel = NULL;
	unsigned char *selected = NULL;
	long n;
	int csv;

	csv = req_csv(req);
	group_by = req_choice(req, "group_by", group_bys);
	if (group_by == NULL)
		group_by = "kind";
	collection_filter(
	    req, &funding_collection, &filter, match, sizeof(match));
	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	if ((sel = malloc((funds->n + 1) * sizeof(*sel))) == NULL ||
	    (selected = calloc(funds->n + 1, 1)) == NULL ||
	    (n = store_select(req->store, ds, COLL_FUNDING, &filter, sel)) <
		0) {
		reply_fault(rep);
		goto out;
	}
	for (long i = 0; i < n; i++) {
		const struct attrs *a = &funds->docs[sel[i]].a;

		selected[sel[i]] = 1;
		if (strcmp(group_by, "kind") == 0) {
			add_to_row(&rows, a->kind,
			    dataset_label(ds, ENUM_FUNDING_KIND, a->kind),
			    sel[i]);
		} else if (strcmp(group_by, "donor") == 0) {
			add_to_row(&rows, ents->docs[a->donor].id,
			    ents->docs[a->donor].name, sel[i]);
		} else {
			for (size_t k = 0; k < a->nrecipients; k++)
				add_to_row(&rows,
				    ents->docs[a->recipients[k]].id,
				    ents->docs[a->recipients[k]].name, sel[i]);
		}
	}
	for (size_t i = 0; i < rows.n; i++)
		finish_row(&rows.v[i], funds, selected, &rows);
	if (rows.oom) {
		reply_fault(rep);
		goto out;
	}
	qsort(rows.v, rows.n, sizeof(*rows.v), row_cmp);
	if (csv) {
		put_rows_csv(&b, &rows, funds);
		reply_buf(rep, 200, TYPE_CSV, &b);
	} else {
		put_rows_json(&b, &rows, funds);
		buf_puts(&b, ",\"meta\":{\"group_by\":");
		buf_json_string(&b, group_by, strlen(group_by));
		buf_puts(&b, ",\"rule\":");
		buf_json_string(&b, rules[strcmp(group_by, "recipient") == 0],
		    strlen(rules[strcmp(group_by, "recipient") == 0]));
		buf_printf(&b, ",\"records\":%ld,\"dataset_version\":", n);
		buf_json_string(&b, req->info->dataset_version,
		    strlen(req->info->dataset_version));
		buf_puts(&b, "}}");
		reply_buf(rep, 200, TYPE_JSON, &b);
	}
out:
	for (size_t i = 0; i < rows.n; i++) {
		free(rows.v[i].members);
		free(rows.v[i].contained);
	}
	free(rows.v);
	free(sel);
	free(selected);
}
