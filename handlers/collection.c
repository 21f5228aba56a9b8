/*
 * The machinery of every collection: filters, sort, paging, fields, the
 * envelope and its links. Each resource file only describes itself.
 *
 * Start-up prepares, for each collection, a rank of every item under every
 * sort key (so that a request sorts small integers), the member of every
 * field in every document (so that ?fields= copies byte spans) and the CSV
 * cell of every column. A request selects item indexes (db/), orders and
 * slices them, and copies the documents' bytes into the envelope.
 */
#define _GNU_SOURCE /* qsort_r */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "collection.h"

#include "../db/text.h"

#define MAX_SORT_KEYS 8
#define MAX_FIELDS    64  /* fields of an item */
#define MAX_LISTED    512 /* names in one ?fields= */
#define MAX_Q_BYTES   256

/* The value at a dotted path ("period.start.year"), or NULL. */
static json_t *
json_at(json_t *v, const char *path)
{
	char key[256];
	const char *dot;

	while ((dot = strchr(path, '.')) != NULL && v != NULL) {
		size_t n = (size_t)(dot - path);

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		v = json_object_get(v, key);
		path = dot + 1;
	}
	return v != NULL ? json_object_get(v, path) : NULL;
}

static int
type_rank(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_FALSE:
	case JSON_TRUE: return 0;
	case JSON_INTEGER:
	case JSON_REAL: return 1;
	case JSON_STRING: return 2;
	case JSON_OBJECT: return 3;
	default: return 4;
	}
}

/*
 * Orders two values: numbers by value, strings by bytes, false before true,
 * objects by their year, month, name then id (dates and entity refs), and
 * missing or null after everything else.
 */
static int
value_cmp(json_t *a, json_t *b)
{
	static const char *const keys[] = { "year", "month", "name", "id" };
	int an = a == NULL || json_is_null(a),
	    bn = b == NULL || json_is_null(b);

	if (an || bn)
		return an - bn;
	if (type_rank(a) != type_rank(b))
		return type_rank(a) - type_rank(b);
	switch (json_typeof(a)) {
	case JSON_INTEGER: {
		json_int_t x = json_integer_value(a), y = json_integer_value(b);

		return (x > y) - (x < y);
	}
	case JSON_STRING:
		return strcmp(json_string_value(a), json_string_value(b));
	case JSON_TRUE:
	case JSON_FALSE: return json_is_true(a) - json_is_true(b);
	case JSON_OBJECT:
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			json_t *x = json_object_get(a, keys[i]);
			json_t *y = json_object_get(b, keys[i]);
			int c;

			/* an unknown month sorts before the year's months */
			if (i == 1 &&
			    (x == NULL || json_is_null(x) || y == NULL ||
				json_is_null(y))) {
				c = !(x == NULL || json_is_null(x)) -
				    !(y == NULL || json_is_null(y));
			} else {
				c = value_cmp(x, y);
			}
			if (c != 0)
				return c;
		}
		return 0;
	default: return 0;
	}
}

/* Ranks the items under one sort key: rank[i] is the number of items
 * that sort strictly before item i. */
static int
rank_by(json_t **docs, size_t n, const char *path, uint32_t *rank)
{
	for (size_t i = 0; i < n; i++) {
		json_t *vi = json_at(docs[i], path);
		uint32_t r = 0;

		for (size_t j = 0; j < n; j++)
			if (value_cmp(json_at(docs[j], path), vi) < 0)
				r++;
		rank[i] = r;
	}
	return 0;
}

/* A date's parts for the chronological order; null when the item has no
 * such date (ongoing: after every date). */
struct when {
	uint32_t item;
	int null, year, month, position; /* month 0: unknown */
};

static int
when_cmp(const void *pa, const void *pb)
{
	const struct when *a = pa, *b = pb;

	if (a->null != b->null)
		return a->null - b->null;
	if (a->year != b->year)
		return (a->year > b->year) - (a->year < b->year);
	if ((a->month == 0) != (b->month == 0))
		return (a->month == 0) - (b->month == 0);
	if (a->month != b->month)
		return (a->month > b->month) - (a->month < b->month);
	return (a->position > b->position) - (a->position < b->position);
}

/*
 * Ranks the items chronologically under a date key: by year; within a
 * year, the dates with a month in month order, each date without a month
 * placed by where the article tells it (before the first dated fact the
 * article tells after it), so that two facts the dates cannot order come
 * in the article's order. Dates equal in year, month and position share
 * a rank.
 */
static int
rank_chronological(json_t **docs, const struct dataset_coll *items, size_t n,
    const char *path, uint32_t *rank)
{
	struct when *w = calloc(n ? n : 1, sizeof(*w)),
		    *out = calloc(n ? n : 1, sizeof(*out));
	size_t at = 0;

	if (w == NULL || out == NULL) {
		free(w);
		free(out);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *d = json_at(docs[i], path);

		w[i] = (struct when){ .item = (uint32_t)i,
			.null = !json_is_object(d),
			.year =
			    (int)json_integer_value(json_object_get(d, "year")),
			.month = (int)json_integer_value(
			    json_object_get(d, "month")),
			.position = items->docs[i].a.position };
	}
	/* by year, then the dated before the undated, each in order */
	qsort(w, n, sizeof(*w), when_cmp);
	for (size_t y = 0; y < n;) {
		size_t end = y, undated;

		while (end < n && w[end].null == w[y].null &&
		    w[end].year == w[y].year)
			end++;
		for (undated = y; undated < end && w[undated].month != 0;)
			undated++;
		/* merge [y, undated) and [undated, end) by position */
		for (size_t a = y, b = undated; a < undated || b < end;)
			if (b == end ||
			    (a < undated && w[a].position <= w[b].position))
				out[at++] = w[a++];
			else
				out[at++] = w[b++];
		y = end;
	}
	for (size_t k = 0; k < n; k++)
		rank[out[k].item] = k > 0 && when_cmp(&out[k], &out[k - 1]) == 0
		    ? rank[out[k - 1].item]
		    : (uint32_t)k;
	free(w);
	free(out);
	return 0;
}

void
view_close(struct view *v)
{
	for (size_t s = 0; v->rank != NULL && s < v->nsorts; s++)
		free(v->rank[s]);
	free(v->rank);
	free(v->member);
	for (size_t i = 0; v->cells != NULL && v->items != NULL &&
	     i < v->items->n * v->ncolumns;
	     i++)
		free(v->cells[i]);
	free(v->cells);
	free(v->cell_lens);
	memset(v, 0, sizeof(*v));
}

int
view_open(struct view *v, const struct collection *c, const struct dataset *ds,
    char *err, size_t errlen)
{
	const struct dataset_coll *items = &ds->coll[c->coll];
	size_t n = items->n;
	json_t **docs = calloc(n ? n : 1, sizeof(*docs));
	int rc = -1;

	memset(v, 0, sizeof(*v));
	v->c = c;
	v->items = items;
	while (c->sorts[v->nsorts].name != NULL)
		v->nsorts++;
	while (c->fields[v->nfields] != NULL)
		v->nfields++;
	while (c->columns[v->ncolumns] != NULL)
		v->ncolumns++;
	if (docs == NULL || v->nfields > MAX_FIELDS ||
	    (v->rank = calloc(v->nsorts, sizeof(*v->rank))) == NULL ||
	    (v->member = calloc(n * v->nfields + 1, sizeof(*v->member))) ==
		NULL ||
	    (v->cells = calloc(n * v->ncolumns + 1, sizeof(*v->cells))) ==
		NULL ||
	    (v->cell_lens =
		    calloc(n * v->ncolumns + 1, sizeof(*v->cell_lens))) == NULL)
		goto oom;
	/* the documents parsed once, here, for their values */
	for (size_t i = 0; i < n; i++) {
		json_error_t jerr;

		if ((docs[i] = json_loadb(items->docs[i].json,
			 items->docs[i].len, 0, &jerr)) == NULL) {
			snprintf(err, errlen,
			    "the document of %s is not JSON: %s",
			    items->docs[i].id, jerr.text);
			goto out;
		}
	}
	for (size_t s = 0; s < v->nsorts; s++)
		if ((v->rank[s] = calloc(n ? n : 1, sizeof(uint32_t))) ==
			NULL ||
		    (c->sorts[s].chronological
			    ? rank_chronological(
				  docs, items, n, c->sorts[s].path, v->rank[s])
			    : rank_by(docs, n, c->sorts[s].path, v->rank[s])) !=
			0)
			goto oom;
	for (size_t i = 0; i < n; i++) {
		const struct doc *d = &items->docs[i];

		for (size_t f = 0; f < v->nfields; f++) {
			int32_t m = -1;

			for (size_t k = 0; k < d->nmembers && m < 0; k++)
				if (d->members[k].keylen ==
					strlen(c->fields[f]) &&
				    memcmp(d->members[k].key, c->fields[f],
					d->members[k].keylen) == 0)
					m = (int32_t)k;
			v->member[i * v->nfields + f] = m;
		}
		for (size_t col = 0; col < v->ncolumns; col++) {
			struct buf cell = { 0 };
			size_t len;

			csv_value(&cell, docs[i], c->columns[col]);
			len = cell.len;
			if ((v->cells[i * v->ncolumns + col] =
				    buf_finish(&cell)) == NULL)
				goto oom;
			v->cell_lens[i * v->ncolumns + col] = (uint32_t)len;
		}
	}
	rc = 0;
	goto out;
oom:
	snprintf(err, errlen, "out of memory");
out:
	for (size_t i = 0; docs != NULL && i < n; i++)
		json_decref(docs[i]);
	free(docs);
	if (rc != 0)
		view_close(v);
	return rc;
}

void
put_span(struct buf *b, const struct doc *d, size_t off, size_t len,
    const char *prefix)
{
	size_t end = off + len;

	if (*prefix != '\0')
		for (size_t i = 0; i < d->nlinks; i++) {
			size_t at = d->links[i];

			if (at < off || at >= end)
				continue;
			buf_putn(b, d->json + off, at - off);
			buf_puts(b, prefix);
			off = at;
		}
	buf_putn(b, d->json + off, end - off);
}

void
put_item(struct buf *b, const struct view *v, size_t i, const size_t *fields,
    int nfields, const char *prefix)
{
	const struct doc *d = &v->items->docs[i];
	unsigned long long seen = 0; /* fields already put, by index */
	int first = 1;

	if (nfields <= 0) {
		put_span(b, d, 0, d->len, prefix);
		return;
	}
	buf_putc(b, '{');
	for (int f = 0; f < nfields; f++) {
		int32_t m = v->member[i * v->nfields + fields[f]];

		if (m < 0 || (seen >> fields[f]) & 1)
			continue;
		seen |= 1ULL << fields[f];
		if (!first)
			buf_putc(b, ',');
		first = 0;
		put_span(b, d, d->members[m].off, d->members[m].len, prefix);
	}
	buf_putc(b, '}');
}

/* A sort: keys (indexes into the collection's sorts) and directions. */
struct sort_spec {
	const struct view *v;
	size_t key[MAX_SORT_KEYS + 1];
	int desc[MAX_SORT_KEYS + 1];
	size_t n;
};

static int
item_cmp(const void *pa, const void *pb, void *arg)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	const struct sort_spec *s = arg;

	for (size_t i = 0; i < s->n; i++) {
		const uint32_t *rank = s->v->rank[s->key[i]];
		int c = (rank[a] > rank[b]) - (rank[a] < rank[b]);

		if (c != 0)
			return s->desc[i] ? -c : c;
	}
	return 0;
}

/* The index of sort key name in c, or -1. */
static int
sort_index(const struct collection *c, const char *name, size_t len)
{
	for (size_t k = 0; c->sorts[k].name != NULL; k++)
		if (strlen(c->sorts[k].name) == len &&
		    memcmp(c->sorts[k].name, name, len) == 0)
			return (int)k;
	return -1;
}

/* The values of a list parameter joined by commas into buf, as if given
 * once. Returns 1 when there are some, 0 when absent, -1 when they do not
 * fit. */
static int
join_list(struct request *req, const char *key, char *buf, size_t cap)
{
	const char *v;
	size_t n = 0, k;

	buf[0] = '\0';
	for (k = 0; (v = req_list(req, key, k)) != NULL; k++) {
		size_t len = strlen(v);

		if (n + len + 2 > cap)
			return -1;
		if (k > 0)
			buf[n++] = ',';
		memcpy(buf + n, v, len + 1);
		n += len;
	}
	return k > 0;
}

/* Parses a ?sort= value into spec, adding the id tie-break. */
static int
parse_sort(const char *value, const struct collection *c,
    struct sort_spec *spec, const char **bad)
{
	const char *p = value;
	int has_id = 0, id = sort_index(c, "id", 2);

	spec->n = 0;
	for (;;) { /* each key; an empty one ("", "a,") is refused */
		const char *comma = strchr(p, ',');
		size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		int desc = len > 0 && p[0] == '-', k;

		if (len == 0 || len >= 64 || spec->n == MAX_SORT_KEYS) {
			*bad = len == 0 ? "an empty key" : "too many keys";
			return -1;
		}
		if ((k = sort_index(c, p + desc, len - (size_t)desc)) < 0) {
			*bad = "an unknown key";
			return -1;
		}
		for (size_t i = 0; i < spec->n; i++)
			if (spec->key[i] == (size_t)k) {
				*bad = "a key twice";
				return -1;
			}
		has_id |= k == id;
		spec->key[spec->n] = (size_t)k;
		spec->desc[spec->n++] = desc;
		if (comma == NULL)
			break;
		p = comma + 1;
		if (*p == '\0') {
			*bad = "an empty key";
			return -1;
		}
	}
	if (!has_id && id >= 0) {
		spec->key[spec->n] = (size_t)id;
		spec->desc[spec->n++] = 0;
	}
	return 0;
}

static void
sort_error(struct request *req, const struct collection *c, const char *bad)
{
	const char *names[MAX_SORT_KEYS * 2 + 1];
	struct buf keys = { 0 };
	size_t n = 0;
	char *s;

	for (;
	     c->sorts[n].name != NULL && n + 1 < sizeof(names) / sizeof(*names);
	     n++)
		names[n] = c->sorts[n].name;
	names[n] = NULL;
	buf_join(&keys, names, ", ");
	s = buf_finish(&keys);
	req_error(req, "sort",
	    "has %s; give a comma list of: %s, each "
	    "optionally preceded by - for descending order",
	    bad, s != NULL ? s : "?");
	free(s);
}

/* Resolves an entity key parameter to an entity index; STORE_UNSET when
 * absent or bad (recorded). */
static int
entity_param(struct request *req, const char *param)
{
	const struct dataset *ds = req->api->data;
	const char *key = req_param(req, param);
	int found[64];
	size_t n;

	if (key == NULL)
		return STORE_UNSET;
	n = dataset_resolve_entity(ds, key, found, 64);
	if (n == 1)
		return found[0];
	if (n == 0) {
		req_error(req, param,
		    "no entity has the id, name or alias '%s'", key);
	} else {
		const char *ids[65];
		struct buf list = { 0 };
		char *s;
		size_t k;

		for (k = 0; k < n && k < 64; k++)
			ids[k] = ds->coll[COLL_ENTITIES].docs[found[k]].id;
		ids[k] = NULL;
		buf_join(&list, ids, ", ");
		s = buf_finish(&list);
		req_error(req, param, "'%s' names %zu entities (%s); use an id",
		    key, n, s != NULL ? s : "?");
		free(s);
	}
	return STORE_UNSET;
}

void
collection_filter(struct request *req, const struct collection *c,
    struct store_filter *f, char *match, size_t matchlen)
{
	*f = STORE_FILTER_NONE;
	if (c->filters & F_Q) {
		const char *q = req_param(req, "q");
		int n;

		if (q != NULL) {
			n = strlen(q) <= MAX_Q_BYTES
			    ? store_match_query(req->store, q, match, matchlen)
			    : -1;
			if (n > 0)
				f->match = match;
			else if (n == 0)
				req_error(
				    req, "q", "has no word to search for");
			else
				req_error(req, "q", "must be at most %d bytes",
				    MAX_Q_BYTES);
		}
	}
	if (c->filters & F_YEARS) {
		f->from = (int)req_int(req, "from", STORE_UNSET, 1000, 9999);
		f->to = (int)req_int(req, "to", STORE_UNSET, 1000, 9999);
		if (f->from != STORE_UNSET && f->to != STORE_UNSET &&
		    f->from > f->to)
			req_error(req, "from", "must not be after to (%d > %d)",
			    f->from, f->to);
	}
	if (c->filters & F_ENTITY)
		f->entity = entity_param(req, "entity");
	if (c->filters & F_DONOR)
		f->donor = entity_param(req, "donor");
	if (c->filters & F_RECIPIENT)
		f->recipient = entity_param(req, "recipient");
	if (c->filters & F_PARENT)
		f->parent = entity_param(req, "parent");
	if (c->filters & F_CUMULATIVE)
		f->cumulative = req_bool(req, "cumulative", STORE_UNSET);
	for (const struct choice_filter *cf = c->choices;
	     cf != NULL && cf->param != NULL; cf++)
		*(const char **)(void *)((char *)f + cf->offset) =
		    req_choice(req, cf->param,
			(const char *const *)req->api->data->enums[cf->values]
			    .values);
}

int
collection_fields(
    struct request *req, const struct collection *c, size_t *out, size_t cap)
{
	const char *v, *p;
	size_t n = 0;

	for (size_t k = 0; (v = req_list(req, "fields", k)) != NULL; k++) {
		for (p = v;;) {
			const char *comma = strchr(p, ',');
			size_t len =
			    comma != NULL ? (size_t)(comma - p) : strlen(p);
			size_t f;

			for (f = 0; c->fields[f] != NULL; f++)
				if (strlen(c->fields[f]) == len &&
				    strncmp(c->fields[f], p, len) == 0)
					break;
			if (c->fields[f] == NULL) {
				req_error(req, "fields",
				    "'%.*s' is not a field of %s; "
				    "fields are named in the OpenAPI document",
				    (int)(len > 40 ? utf8_cut(p, 40) : len), p,
				    c->noun);
				return -1;
			}
			if (n == cap) {
				req_error(req, "fields",
				    "names more than %zu fields", cap);
				return -1;
			}
			out[n++] = f;
			if (comma == NULL)
				break;
			p = comma + 1;
		}
	}
	return (int)n;
}

/* 1 when column (a dotted path) belongs to field. */
static int
column_of(const char *column, const char *field)
{
	size_t n = strlen(field);

	return strncmp(column, field, n) == 0 &&
	    (column[n] == '\0' || column[n] == '.');
}

/* The page as CSV: a header row of the listed fields' columns (all when
 * none are listed), then one row per item; an href under the request's
 * prefix, like the JSON's. */
static void
put_csv(struct buf *b, const struct view *v, const uint32_t *page, size_t n,
    const size_t *fields, int nfields, const char *prefix)
{
	const struct collection *c = v->c;
	size_t cols[MAX_LISTED * 4], ncols = 0;

	if (nfields <= 0) {
		for (; ncols < v->ncolumns; ncols++)
			cols[ncols] = ncols;
	} else {
		for (int f = 0; f < nfields; f++)
			for (size_t col = 0; col < v->ncolumns &&
			     ncols < sizeof(cols) / sizeof(*cols);
			     col++)
				if (column_of(
					c->columns[col], c->fields[fields[f]]))
					cols[ncols++] = col;
	}
	for (size_t k = 0; k < ncols; k++) {
		if (k > 0)
			buf_putc(b, ',');
		csv_text(b, c->columns[cols[k]], strlen(c->columns[cols[k]]));
	}
	buf_puts(b, "\r\n");
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < ncols; k++) {
			size_t at = page[i] * v->ncolumns + cols[k];

			if (k > 0)
				buf_putc(b, ',');
			if (strcmp(c->columns[cols[k]], "href") == 0)
				buf_puts(
				    b, prefix); /* an href needs no quotes */
			buf_putn(b, v->cells[at], v->cell_lens[at]);
		}
		buf_puts(b, "\r\n");
	}
}

/* The Link header: RFC 8288 next and prev, or NULL when neither. */
static char *
link_header(const char *next, const char *prev)
{
	struct buf b = { 0 };

	if (next == NULL && prev == NULL)
		return NULL;
	if (next != NULL)
		buf_printf(&b, "<%s>; rel=\"next\"", next);
	if (next != NULL && prev != NULL)
		buf_puts(&b, ", ");
	if (prev != NULL)
		buf_printf(&b, "<%s>; rel=\"prev\"", prev);
	return buf_finish(&b);
}

/* A link of the request as a new string, or NULL when out of memory. */
static char *
link_to(const struct request *req, const char *path, long long offset)
{
	struct buf b = { 0 };

	req_link(&b, req, path, offset);
	return buf_finish(&b);
}

/* "key":"string" or "key":null. */
static void
put_link_member(struct buf *b, const char *key, const char *link)
{
	buf_printf(b, "\"%s\":", key);
	if (link != NULL)
		buf_json_string(b, link, strlen(link));
	else
		buf_puts(b, "null");
}

void
collection_list(
    struct request *req, struct reply *rep, const struct collection *c)
{
	const struct view *v = &req->api->views[c->coll];
	struct store_filter filter;
	struct sort_spec spec = { .v = v };
	struct buf b = { 0 };
	size_t fields[MAX_LISTED];
	char match[4 * MAX_Q_BYTES], sortbuf[1024];
	char *self = NULL, *next = NULL, *prev = NULL;
	uint32_t *items = NULL;
	const char *bad;
	long long limit, offset;
	long total;
	size_t n, first;
	int csv, whole, nfields, given;

	csv = req_csv(req);
	/* CSV without limit: every row that matches (at most CSV_MAX_ROWS) */
	whole = csv && req_list(req, "limit", 0) == NULL;
	limit = req_int(req, "limit", 50, 1, 500);
	offset = req_int(req, "offset", 0, 0, 1000000000);
	if ((given = join_list(req, "sort", sortbuf, sizeof(sortbuf))) < 0)
		sort_error(req, c, "too many keys");
	else if (parse_sort(
		     given ? sortbuf : c->default_sort, c, &spec, &bad) != 0)
		sort_error(req, c, bad);
	nfields = collection_fields(req, c, fields, MAX_LISTED);
	collection_filter(req, c, &filter, match, sizeof(match));
	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	if ((items = malloc((v->items->n + 1) * sizeof(*items))) == NULL ||
	    (total = dataset_select(
		 req->store, req->api->data, c->coll, &filter, items)) < 0) {
		reply_fault(rep);
		goto out;
	}
	qsort_r(items, (size_t)total, sizeof(*items), item_cmp, &spec);
	first = (size_t)offset < (size_t)total ? (size_t)offset : (size_t)total;
	if (whole) {
		if ((size_t)total - first > CSV_MAX_ROWS) {
			req_error(req, "limit",
			    "is needed: %zu rows match, and a CSV answer "
			    "without limit holds every row up to %d; give "
			    "limit "
			    "(1 to 500) and offset to page it",
			    (size_t)total - first, CSV_MAX_ROWS);
			reply_invalid(rep, req);
			goto out;
		}
		limit = (long long)((size_t)total - first);
	}
	n = (size_t)total - first < (size_t)limit ? (size_t)total - first
						  : (size_t)limit;
	self = link_to(req, c->path, -1);
	if (offset + limit < total)
		next = link_to(req, c->path, offset + limit);
	if (offset > 0) {
		/* the page before; past the end, the last page; the whole
		 * CSV from its start */
		long long back = whole ? 0
		    : offset > total   ? total - limit
				       : offset - limit;

		prev = link_to(req, c->path, back > 0 ? back : 0);
	}
	if (self == NULL || (offset + limit < total && next == NULL) ||
	    (offset > 0 && prev == NULL)) {
		reply_fault(rep);
		goto out;
	}
	if (csv) {
		put_csv(&b, v, items + first, n, fields, nfields, req->prefix);
		reply_buf(rep, 200, TYPE_CSV, &b);
		rep->filename = c->csv_name;
	} else {
		buf_puts(&b, "{\"data\":[");
		for (size_t i = 0; i < n; i++) {
			if (i > 0)
				buf_putc(&b, ',');
			put_item(&b, v, items[first + i], fields, nfields,
			    req->prefix);
		}
		buf_printf(&b,
		    "],\"meta\":{\"total\":%ld,\"count\":%zu,\"limit\":%lld,"
		    "\"offset\":%lld,\"dataset_version\":",
		    total, n, limit, offset);
		buf_json_string(&b, req->info->dataset_version,
		    strlen(req->info->dataset_version));
		buf_puts(&b, "},\"links\":{");
		put_link_member(&b, "self", self);
		buf_putc(&b, ',');
		put_link_member(&b, "next", next);
		buf_putc(&b, ',');
		put_link_member(&b, "prev", prev);
		buf_puts(&b, "}}");
		reply_buf(
		    rep, 200, nfields > 0 ? TYPE_PROJECTION : TYPE_JSON, &b);
	}
	if (rep->status == 200) {
		rep->total = total;
		rep->link = link_header(next, prev);
	}
out:
	free(items);
	free(self);
	free(next);
	free(prev);
}

void
collection_item(
    struct request *req, struct reply *rep, const struct collection *c)
{
	const struct view *v = &req->api->views[c->coll];
	size_t fields[MAX_LISTED];
	int nfields = collection_fields(req, c, fields, MAX_LISTED), i;
	struct buf b = { 0 };

	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	if ((i = dataset_find(req->api->data, c->coll, req->arg)) < 0) {
		reply_problem(
		    rep, 404, "no %s has the id '%s'", c->noun, req->arg);
		return;
	}
	buf_puts(&b, "{\"data\":");
	put_item(&b, v, (size_t)i, fields, nfields, req->prefix);
	buf_putc(&b, '}');
	reply_buf(rep, 200, nfields > 0 ? TYPE_PROJECTION : TYPE_JSON, &b);
}
