/*
 * /api/v1/funding/totals: the honest totals (API.md, "Honest totals").
 *
 * For each row (a kind, a donor or a recipient, each entity with
 * everything below it) a record lies in it wholly (the article places all
 * of it there), shared (the article places it there and elsewhere), read
 * (only a reading of the article ties it there: a recipient or a location
 * inferred from context) or not at all. Of those wholly in it, one whose
 * chain of containers reaches another record wholly in the row is
 * contained when every link of the chain is stated, uncertain when one is
 * read or only possible; the rest are counted. Only the counted are added,
 * so each amount is a lower bound whichever way the article is read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collection.h"

static const char *const total_columns[] = { "key", "name", "href",
	"amount_yuan", "at_least", "counted", "contained", "uncertain",
	"shared", "inferred", NULL };

static const char *const group_bys[] = { "kind", "recipient", "donor", NULL };

enum grouping { BY_KIND, BY_RECIPIENT, BY_DONOR };

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

/* How a record lies in a row, from not at all to wholly: the least of two
 * is how it lies in both. */
enum lies { NONE, READ, SHARED, WHOLLY };

/* What a record is in a row it lies wholly in (the order of its lists in
 * total_columns). */
enum status { COUNTED, CONTAINED, UNCERTAIN, NSTATUS };

/* How an entity (a recipient) lies in another: in it (it or below it),
 * partly (a place it is located in is in it), or out of it. */
enum tie { OUT, PART, IN };

static enum lies
least(enum lies a, enum lies b)
{
	return a < b ? a : b;
}

/* How entity r lies in entity e; *stated is 0 when only read locations
 * make it lie there partly. */
static enum tie
tie_of(const struct dataset *ds, int r, int e, int *stated)
{
	const struct attrs *a = &ds->coll[COLL_ENTITIES].docs[r].a;
	enum tie t = OUT;

	*stated = 1;
	if (dataset_below(ds, r, e))
		return IN;
	*stated = 0;
	for (size_t k = 0; k < a->nlocations; k++)
		if (dataset_below(ds, a->locations[k], e)) {
			t = PART;
			*stated |= !a->location_inferred[k];
		}
	return t;
}

/*
 * How funding record a lies with entity e, by its recipients that count
 * for e: for a place (or group of places), the places among them (all of
 * them when none is a place); for a group that is not a place (an ethnic
 * group, which qualifies the places it is named with), those that are not
 * places. Wholly when each of those is e or below it and one of them is
 * stated; else shared when one stated recipient is in e, or partly in it
 * by a stated location; else read when one is tied to e at all.
 */
static enum lies
lies_with(const struct dataset *ds, const struct attrs *a, int e)
{
	const struct dataset_coll *ents = &ds->coll[COLL_ENTITIES];
	int place_row = ents->docs[e].a.place;
	size_t places = 0, of = 0, in = 0, stated_in = 0, tied = 0,
	       stated_tied = 0;

	for (size_t k = 0; k < a->nrecipients; k++)
		places += ents->docs[a->recipients[k]].a.place;
	for (size_t k = 0; k < a->nrecipients; k++) {
		int r = a->recipients[k], place = ents->docs[r].a.place;
		int said =
		    a->recipient_inferred == NULL || !a->recipient_inferred[k];
		int stated;
		enum tie t;

		if (place_row ? !place && places > 0 : place)
			continue;
		of++;
		t = tie_of(ds, r, e, &stated);
		in += t == IN;
		stated_in += t == IN && said;
		tied += t != OUT;
		stated_tied += t != OUT && said && stated;
	}
	if (tied == 0)
		return NONE;
	if (in == of && stated_in > 0)
		return WHOLLY;
	return stated_tied > 0 ? SHARED : READ;
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
	unsigned char *limit; /* per selected record: how it lies with the
			       * filters' entities (enum lies) */
	int *at;	      /* per funding record: its place in sel, or -1 */
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
		certain &= a->part_of != STORE_UNSET && !a->part_of_inferred;
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
	return l == NONE ? NONE : least(l, (enum lies)t->limit[i]);
}

static void
finish_row(const struct totals *t, struct row *r)
{
	for (size_t i = 0; i < t->n; i++)
		r->lies[i] = (unsigned char)lies_in(t, r, i);
	for (size_t i = 0; i < t->n; i++) {
		const struct attrs *a = &t->funds->docs[t->sel[i]].a;

		if (r->lies[i] == SHARED || r->lies[i] == READ)
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
 * records, and for entities every entity above one or, for a recipient
 * located in places, above one of those (within the filter's entity, when
 * it names one). */
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

			for (size_t up = 0; up < ents->n; up++) {
				int stated;

				if ((t->by == BY_DONOR
					    ? dataset_below(t->ds, e, (int)up)
					    : tie_of(t->ds, e, (int)up,
						  &stated) != OUT) &&
				    (within == STORE_UNSET ||
					dataset_below(t->ds, (int)up, within)))
					add_row(rows, ents->docs[up].id,
					    ents->docs[up].name, (int)up, t->n);
			}
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

/*
 * How each selected record lies with the filters' entities: by recipient,
 * as it lies with it; by any party, wholly when its donor is below it,
 * else as it lies with it. A record lies in a row no more than that.
 */
static void
mark_limits(struct totals *t, const struct store_filter *f)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct attrs *a = &t->funds->docs[t->sel[i]].a;
		enum lies l = WHOLLY;

		if (f->recipient != STORE_UNSET)
			l = least(l, lies_with(t->ds, a, f->recipient));
		if (f->entity != STORE_UNSET &&
		    !dataset_below(t->ds, a->donor, f->entity))
			l = least(l, lies_with(t->ds, a, f->entity));
		/* found by a filter through a recipient that does not count
		 * for its entity: tied to it, not placed in it */
		t->limit[i] = (unsigned char)(l == NONE ? READ : l);
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
	mark_limits(&t, &filter);
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
		put_rule(&b, t.by, &filter);
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
	free(t.limit);
	free(t.at);
}
