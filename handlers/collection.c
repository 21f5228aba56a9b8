/*
 * The answers of every collection: a page of its items, with the envelope
 * and links of API.md, as JSON or CSV, and one item by id. A request
 * selects item indexes (db/), orders them by the ranks of its view
 * (handlers/view.c), slices them, and copies the documents' bytes.
 */
#define _GNU_SOURCE /* qsort_r */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collection.h"

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
	char match[4 * MAX_Q_BYTES];
	char *self = NULL, *next = NULL, *prev = NULL;
	uint32_t *items = NULL;
	long long limit, offset;
	long total;
	size_t n, first;
	int csv, whole, nfields;

	csv = req_csv(req);
	/* CSV without limit: every row that matches (at most CSV_MAX_ROWS) */
	whole = csv && req_list(req, "limit", 0) == NULL;
	limit = req_int(req, "limit", 50, 1, 500);
	offset = req_int(req, "offset", 0, 0, 1000000000);
	(void)collection_sort(req, c, &spec);
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
		csv_page(&b, v, items + first, n, fields, nfields, req->prefix);
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
		if ((rep->link = link_header(next, prev)) == NULL &&
		    (next != NULL || prev != NULL))
			reply_fault(rep);
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
	const char *id;

	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	if (c->find != NULL) {
		if ((i = c->find(req, rep, c)) < 0)
			return;
	} else if ((i = dataset_find(req->api->data, c->coll, req->arg)) < 0) {
		reply_problem(
		    rep, 404, "no %s has the id '%s'", c->noun, req->arg);
		return;
	}
	buf_puts(&b, "{\"data\":");
	put_item(&b, v, (size_t)i, fields, nfields, req->prefix);
	buf_putc(&b, '}');
	reply_buf(rep, 200, nfields > 0 ? TYPE_PROJECTION : TYPE_JSON, &b);
	id = v->items->docs[i].id;
	if (rep->status == 200 && strcmp(id, req->arg) != 0) {
		struct buf loc = { 0 };

		put_href(&loc, req, c, id);
		if ((rep->location = buf_finish(&loc)) == NULL)
			reply_fault(rep);
	}
}

void
put_href(struct buf *b, const struct request *req, const struct collection *c,
    const char *id)
{
	buf_puts(b, req->prefix);
	buf_puts(b, c->path);
	buf_putc(b, '/');
	buf_puts(b, id);
}
