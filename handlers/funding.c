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
	{ "id", "id", 0 },
	{ "start", "period.start", 1 },
	{ "end", "period.end", 1 },
	{ "amount_yuan", "amount_yuan", 0 },
	{ "kind", "kind", 0 },
	{ "donor", "donor", 0 },
	{ NULL, NULL, 0 },
};

static const char *const fields[] = { "id", "href", "name", "amount_yuan",
	"bound", "kind", "period", "period_label", "donor", "recipients",
	"purpose", "cumulative", "part_of", "possibly_part_of", "summary",
	"source", NULL };

static const char *const columns[] = { "id", "href", "name", "amount_yuan",
	"bound", "kind", "period.start.year", "period.start.month",
	"period.start.label", "period.start.inferred", "period.end.year",
	"period.end.month", "period.end.label", "period.end.inferred",
	"period_label", "donor.id", "donor.name", "recipients.id",
	"recipients.name", "purpose", "cumulative", "part_of.id",
	"part_of.name", "possibly_part_of.id", "possibly_part_of.name",
	"summary", "source.id", "source.quote", NULL };

const struct collection funding_collection = {
	.coll = COLL_FUNDING,
	.path = API_PREFIX "/funding",
	.csv_name = "funding.csv",
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

/*
 * The honest totals (API.md, "Honest totals"). For each row (a kind, a
 * donor or a recipient, each entity with everything below it) a record is
 * in the row wholly, partly (shared: some unknown part of it reached the
 * row's group) or not at all. Of those wholly in it, one whose chain of
 * part_of reaches another record wholly in the row is contained, one whose
 * chain passes a possibly_part_of is uncertain; the rest are counted.
 * Only the counted are added, so each amount is a guaranteed lower bound.
 */

static const char *const total_columns[] = { "key", "name", "href",
	"amount_yuan", "at_least", "counted", "contained", "uncertain",
	"shared", NULL };

static const char *const group_bys[] = { "kind", "recipient", "donor", NULL };

enum grouping { BY_KIND, BY_RECIPIENT, BY_DONOR };

static const char *const rules[] = {
	[BY_KIND] =
	    "A row adds up the amount_yuan of its counted records; a record "
	    "that is part_of another record of the row (contained), that may "
	    "be (uncertain) or that a filtered place shares with others "
	    "(shared) is listed and not added, so each amount is a lower bound "
	    "that counts no yuan twice. A record has one kind, so these rows "
	    "may be added together.",
	[BY_RECIPIENT] =
	    "A row adds up the amount_yuan of the records that lie wholly in "
	    "its place or group and below it; one it shares with places "
	    "outside it (shared), one that is part_of another record of the "
	    "row (contained) or may be (uncertain) is listed and not added, so "
	    "each amount is a lower bound. Rows nest (Yunnan holds Wenshan), "
	    "so "
	    "they must not be added together.",
	[BY_DONOR] =
	    "A row adds up the amount_yuan of the records given by its entity "
	    "or anything below it; one that is part_of another record of the "
	    "row (contained) or may be (uncertain) is listed and not added, so "
	    "each amount is a lower bound. Rows nest (Shanghai holds its "
	    "enterprises), so they must not be added together.",
};

/* How a record lies in a row. */
enum lies { NONE, SHARED, WHOLLY };

/* What a record is in a row it lies wholly in. */
enum status { COUNTED, CONTAINED, UNCERTAIN, NSTATUS };

static const char *const status_names[NSTATUS] = { "counted", "contained",
	"uncertain" };

/*
 * How funding record a lies among the recipients of entity e. For a place
 * (or group of places), by the places among the recipients (all of them
 * when none is a place): wholly when every one is e or below it, shared
 * when some are. For a group that is not a place (an ethnic group, say),
 * which qualifies the places it is named with: wholly when it, or what is
 * below it, is the record's only such recipient, shared when it is one of
 * several.
 */
static enum lies
lies_with(const struct dataset *ds, const struct attrs *a, int e)
{
	const struct dataset_coll *ents = &ds->coll[COLL_ENTITIES];
	size_t places = 0, in = 0, groups = 0, groups_in = 0;

	for (size_t k = 0; k < a->nrecipients; k++)
		places += ents->docs[a->recipients[k]].a.place;
	for (size_t k = 0; k < a->nrecipients; k++) {
		int r = a->recipients[k], below = dataset_below(ds, r, e);

		if (ents->docs[r].a.place || places == 0)
			in += below;
		if (!ents->docs[r].a.place) {
			groups++;
			groups_in += below;
		}
	}
	if (ents->docs[e].a.place) {
		size_t of = places > 0 ? places : a->nrecipients;

		return in == 0 ? NONE : in == of ? WHOLLY : SHARED;
	}
	return groups_in == 0 ? NONE : groups_in == groups ? WHOLLY : SHARED;
}

/* A row: its group, and how each selected record lies in it. */
struct row {
	const char *key, *name;
	int entity;	     /* its entity, or -1 for a kind */
	unsigned char *lies; /* per selected record: enum lies */
	unsigned char *status;
	long long sum;
	int at_least;
};

struct rows {
	struct row *v;
	size_t n;
	int oom;
};

static struct row *
find_row(struct rows *rows, const char *key)
{
	for (size_t k = 0; k < rows->n; k++)
		if (strcmp(rows->v[k].key, key) == 0)
			return &rows->v[k];
	return NULL;
}

/* Adds a row for key unless there is one. */
static void
add_row(struct rows *rows, const char *key, const char *name, int entity,
    size_t nsel)
{
	struct row *v;

	if (find_row(rows, key) != NULL)
		return;
	if ((v = realloc(rows->v, (rows->n + 1) * sizeof(*v))) == NULL) {
		rows->oom = 1;
		return;
	}
	rows->v = v;
	v[rows->n] = (struct row){ .key = key, .name = name, .entity = entity };
	if ((v[rows->n].lies = calloc(nsel + 1, 1)) == NULL ||
	    (v[rows->n].status = calloc(nsel + 1, 1)) == NULL) {
		free(v[rows->n].lies);
		rows->oom = 1;
		return;
	}
	rows->n++;
}

/* What a selection of records is for the totals. */
struct totals {
	const struct dataset *ds;
	const struct dataset_coll *funds;
	uint32_t *sel; /* the selected records, in id order */
	size_t n;
	unsigned char *shared; /* per selected record: a filter shares it */
	int *at;	       /* per funding record: its place in sel, or -1 */
	enum grouping by;
};

/* The status of selected record i in row r, which it lies wholly in: its
 * chain of containers reaches another record wholly in the row? */
static enum status
status_in(const struct totals *t, const struct row *r, size_t i)
{
	const struct attrs *a = &t->funds->docs[t->sel[i]].a;
	int certain = 1;

	for (int depth = 0; depth < 64; depth++) {
		int next = a->part_of != STORE_UNSET ? a->part_of
						     : a->possibly_part_of;

		if (next == STORE_UNSET)
			break;
		certain &= a->part_of != STORE_UNSET;
		if (t->at[next] >= 0 && r->lies[t->at[next]] == WHOLLY)
			return certain ? CONTAINED : UNCERTAIN;
		a = &t->funds->docs[next].a;
	}
	return COUNTED;
}

static enum lies
lies_in(const struct totals *t, const struct row *r, size_t i)
{
	const struct attrs *a = &t->funds->docs[t->sel[i]].a;
	enum lies l;

	switch (t->by) {
	case BY_KIND: l = strcmp(a->kind, r->key) == 0 ? WHOLLY : NONE; break;
	case BY_DONOR:
		l = dataset_below(t->ds, a->donor, r->entity) ? WHOLLY : NONE;
		break;
	default: l = lies_with(t->ds, a, r->entity);
	}
	return l == WHOLLY && t->shared[i] ? SHARED : l;
}

static void
finish_row(const struct totals *t, struct row *r)
{
	for (size_t i = 0; i < t->n; i++)
		r->lies[i] = (unsigned char)lies_in(t, r, i);
	for (size_t i = 0; i < t->n; i++) {
		const struct attrs *a = &t->funds->docs[t->sel[i]].a;

		if (r->lies[i] == SHARED)
			r->at_least = 1;
		if (r->lies[i] != WHOLLY)
			continue;
		r->status[i] = (unsigned char)status_in(t, r, i);
		if (r->status[i] == COUNTED) {
			r->sum += a->amount;
			r->at_least |= a->at_least;
		} else if (r->status[i] == UNCERTAIN) {
			r->at_least = 1;
		}
	}
}

/* The rows of the grouping: every kind, donor or recipient of the selected
 * records, and for entities every entity above one (within the filter's
 * entity, when it names one). */
static void
make_rows(const struct totals *t, struct rows *rows, int within)
{
	const struct dataset_coll *ents = &t->ds->coll[COLL_ENTITIES];

	for (size_t i = 0; i < t->n; i++) {
		const struct attrs *a = &t->funds->docs[t->sel[i]].a;

		if (t->by == BY_KIND) {
			add_row(rows, a->kind,
			    dataset_label(t->ds, ENUM_FUNDING_KIND, a->kind),
			    -1, t->n);
			continue;
		}
		for (size_t k = 0; k < a->nrecipients || t->by == BY_DONOR;
		     k++) {
			int e = t->by == BY_DONOR ? a->donor : a->recipients[k];

			for (size_t up = 0; up < ents->n; up++)
				if (dataset_below(t->ds, e, (int)up) &&
				    (within == STORE_UNSET ||
					dataset_below(t->ds, (int)up, within)))
					add_row(rows, ents->docs[up].id,
					    ents->docs[up].name, (int)up, t->n);
			if (t->by == BY_DONOR)
				break;
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
		for (int s = 0; s < NSTATUS; s++) {
			buf_printf(b, ",\"%s\":", status_names[s]);
			put_list(b, t, r, WHOLLY, (enum status)s, prefix, 0);
		}
		buf_puts(b, ",\"shared\":");
		put_list(b, t, r, SHARED, COUNTED, prefix, 0);
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
		for (int s = 0; s <= NSTATUS; s++) {
			struct buf cell = { 0 };
			size_t len;
			char *text;

			if (s < NSTATUS)
				put_list(
				    &cell, t, r, WHOLLY, (enum status)s, "", 1);
			else
				put_list(&cell, t, r, SHARED, COUNTED, "", 1);
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

/*
 * Which selected records a filter by entity shares with others: by
 * recipient, those that lie only partly with it; by any party, those
 * whose donor is not below it and that lie only partly with it.
 */
static void
mark_shared(struct totals *t, const struct store_filter *f)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct attrs *a = &t->funds->docs[t->sel[i]].a;

		if (f->recipient != STORE_UNSET &&
		    lies_with(t->ds, a, f->recipient) != WHOLLY)
			t->shared[i] = 1;
		if (f->entity != STORE_UNSET &&
		    !dataset_below(t->ds, a->donor, f->entity) &&
		    lies_with(t->ds, a, f->entity) != WHOLLY)
			t->shared[i] = 1;
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
	struct store_filter filter;
	struct totals t = { .ds = ds, .funds = &ds->coll[COLL_FUNDING] };
	struct rows rows = { 0 };
	struct buf b = { 0 };
	char match[1024];
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
	collection_filter(
	    req, &funding_collection, &filter, match, sizeof(match));
	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	if ((t.sel = malloc((t.funds->n + 1) * sizeof(*t.sel))) == NULL ||
	    (t.shared = calloc(t.funds->n + 1, 1)) == NULL ||
	    (t.at = malloc((t.funds->n + 1) * sizeof(*t.at))) == NULL ||
	    (n = store_select(req->store, ds, COLL_FUNDING, &filter, t.sel)) <
		0) {
		reply_fault(rep);
		goto out;
	}
	t.n = (size_t)n;
	for (size_t i = 0; i < t.funds->n; i++)
		t.at[i] = -1;
	for (size_t i = 0; i < t.n; i++)
		t.at[t.sel[i]] = (int)i;
	mark_shared(&t, &filter);
	make_rows(&t, &rows,
	    t.by == BY_RECIPIENT   ? filter.recipient
		: t.by == BY_DONOR ? filter.donor
				   : STORE_UNSET);
	for (size_t i = 0; i < rows.n; i++)
		finish_row(&t, &rows.v[i]);
	if (rows.oom) {
		reply_fault(rep);
		goto out;
	}
	if (rows.n > 1)
		qsort(rows.v, rows.n, sizeof(*rows.v), row_cmp);
	if (csv) {
		put_rows_csv(&b, &t, &rows, req->prefix);
		reply_buf(rep, 200, TYPE_CSV, &b);
		rep->filename = "funding-totals.csv";
	} else {
		put_rows_json(&b, &t, &rows, req->prefix);
		buf_puts(&b, ",\"meta\":{\"group_by\":");
		buf_json_string(&b, group_by, strlen(group_by));
		buf_puts(&b, ",\"rule\":");
		buf_json_string(&b, rules[t.by], strlen(rules[t.by]));
		buf_printf(&b, ",\"records\":%ld,\"dataset_version\":", n);
		buf_json_string(&b, req->info->dataset_version,
		    strlen(req->info->dataset_version));
		buf_puts(&b, "}}");
		reply_buf(rep, 200, TYPE_JSON, &b);
	}
out:
	for (size_t i = 0; i < rows.n; i++) {
		free(rows.v[i].lies);
		free(rows.v[i].status);
	}
	free(rows.v);
	free(t.sel);
	free(t.shared);
	free(t.at);
}
