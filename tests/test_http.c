/*
 * Resource tests: the real daemon on a real socket in this process, spoken
 * to with libcurl, checked against the contract of API.md's data routes:
 * the index, every collection and item and their fields, /healthz and
 * /readyz, Content-Type, provenance; the parameters (limit, offset and
 * links, sort, fields, q, from and to, the entity and choice filters, and
 * unknown ones); entity keys and the 300 of a shared one; 404s; and the
 * honest totals. What HTTP does on every route (methods, HEAD, caching,
 * framing, strictness of the request, request ids, pretty, CSV, CORS, the
 * proxy headers, the log, the metrics) is test_behaviour.c's.
 *
 * Expectations come from the database itself, read with SQLite directly
 * ($AID_DB, else build/aid.db), not from copies of the data: totals and
 * filters are compared with SQL queries written here from the contract,
 * orders with comparisons of adjacent items, paging by walking the pages.
 * Only the honest totals are also checked by hand, from the article.
 *
 * Every request goes through the harness's http_fetch(), which fails the
 * test on a 500 and on a response without X-Request-Id; get() fails it on
 * a body that is not JSON of the right Content-Type, expect_problem() and
 * expect_bad_param() on one that is not the problem document expected.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <sqlite3.h>

#include "harness.h"

#define TARGET_MAX 8192

/* A sort key: its name in ?sort= and where its value is in an item. */
struct sort_key {
	const char *name;
	const char *path;
};

/* A collection as the tests know it. */
struct coll {
	const char *name;	       /* the path segment: "events" */
	const char *table;	       /* its SQL table */
	const char *const *fields;     /* the fields API.md gives an item */
	const struct sort_key *sorts;  /* ends with name NULL */
	const char *const *sort_lists; /* comma lists to try, NULL-ended */
	const char *default_order;     /* the order without ?sort, or NULL */
	int paged_by;		       /* page size when walking the pages */
};

static const char *const entity_fields[] = { "id", "href", "name", "kind",
	"side", "parent", "aliases", NULL };
static const char *const partnership_fields[] = { "id", "href", "name",
	"donors", "recipients", "donor_count", "recipient_count", "sector",
	"start", "end", "end_status", "known_until", "period_label", "summary",
	"source", NULL };
static const char *const funding_fields[] = { "id", "href", "name",
	"amount_yuan", "bound", "kind", "period", "end_status", "known_until",
	"period_label", "donor", "recipients", "purpose", "cumulative",
	"part_of", "possibly_part_of", "source", NULL };
static const char *const event_fields[] = { "id", "href", "start", "end",
	"end_status", "known_until", "period_label", "precision", "title",
	"summary", "category", "entities", "figures", "partnerships", "funding",
	"source", NULL };
static const char *const source_fields[] = { "id", "href", "title", "publisher",
	"published", "text", NULL };

static const struct sort_key entity_sorts[] = { { "id", "id" },
	{ "name", "name" }, { "kind", "kind" }, { "side", "side" },
	{ "parent", "parent" }, { NULL, NULL } };
static const struct sort_key partnership_sorts[] = { { "id", "id" },
	{ "start", "start" }, { "end", "end" }, { "sector", "sector" },
	{ "donor_count", "donor_count" },
	{ "recipient_count", "recipient_count" }, { NULL, NULL } };
static const struct sort_key funding_sorts[] = { { "id", "id" },
	{ "start", "period.start" }, { "end", "period.end" },
	{ "amount_yuan", "amount_yuan" }, { "kind", "kind" },
	{ "donor", "donor" }, { NULL, NULL } };
static const struct sort_key event_sorts[] = { { "id", "id" },
	{ "start", "start" }, { "end", "end" }, { "title", "title" },
	{ "category", "category" }, { "precision", "precision" },
	{ NULL, NULL } };
static const struct sort_key source_sorts[] = { { "id", "id" },
	{ "published", "published" }, { "title", "title" }, { NULL, NULL } };

static const char *const entity_lists[] = { "side,kind,-name", "-parent,name",
	NULL };
static const char *const partnership_lists[] = { "sector,-start",
	"-donor_count,end", NULL };
static const char *const funding_lists[] = { "kind,-amount_yuan", "-end,donor",
	NULL };
static const char *const event_lists[] = { "category,-start",
	"precision,-end,title", NULL };
static const char *const source_lists[] = { "-published,title", NULL };

static const struct coll colls[] = {
	{ "entities", "entities", entity_fields, entity_sorts, entity_lists,
	    "name", 9 },
	{ "partnerships", "partnerships", partnership_fields, partnership_sorts,
	    partnership_lists, "start", 3 },
	{ "funding", "funding", funding_fields, funding_sorts, funding_lists,
	    "start", 2 },
	{ "events", "events", event_fields, event_sorts, event_lists, "start",
	    2 },
	{ "sources", "sources", source_fields, source_sorts, source_lists, NULL,
	    1 },
};
#define NCOLLS (sizeof(colls) / sizeof(colls[0]))

/* The collections whose items are dated facts with from/to filters. */
static const char *const dated[] = { "events", "partnerships", "funding",
	NULL };

static struct daemon *srv;
static unsigned short port;
static sqlite3 *db;
static char dataset_version[64];

static long get(struct http_response *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* SQL formats of sqlite3_mprintf (%q, %Q, %w), not printf's. */
static char *db_ids(const char *fmt, ...);
static char *db_text(const char *fmt, ...);
static json_t *list_all(const char *coll, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---------------------------------------------------------------------
 * Requests and the checks every response gets
 */

/*
 * GETs the target fmt formats, checked by http_fetch() and, as every
 * response of this file, for a body that is JSON of its type: a problem
 * document on an error. Returns the status; free r with http_response_free.
 */
static long
get(struct http_response *r, const char *fmt, ...)
{
	va_list ap;
	const char *ct;

	va_start(ap, fmt);
	http_vfetch(r, port, "GET", NULL, fmt, ap);
	va_end(ap);
	check(r->json != NULL, "%s: the body is not JSON: %.300s",
	    last_request(), r->body);
	if (r->status >= 400) {
		expect_problem_doc(r, r->status);
		return r->status;
	}
	/* a ?fields= answer has a media type of its own */
	ct = hdr(r, "Content-Type");
	check(ct != NULL &&
		strcmp(ct,
		    strstr(last_request(), "fields=") != NULL &&
			    r->status == 200
			? PROJECTION_TYPE
			: JSON_TYPE) == 0,
	    "%s: Content-Type '%s'", last_request(),
	    ct != NULL ? ct : "(absent)");
	return r->status;
}

/* GETs a target that must answer 200; returns its body (new reference). */
static json_t *
get_ok(const char *target)
{
	struct http_response r;
	json_t *doc;

	get(&r, "%s", target);
	check(r.status == 200, "GET %s: %ld, not 200: %.300s", target, r.status,
	    r.body);
	doc = json_incref(r.json);
	http_response_free(&r);
	return doc;
}

/* ---------------------------------------------------------------------
 * Ids, as sorted or ordered space-separated lists, from the API and SQL
 */

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The strings of v joined by single spaces, sorted first when asked. */
static char *
join(const char **v, size_t n, int sorted)
{
	struct buf b = { 0 };

	if (sorted && n > 1)
		qsort(v, n, sizeof(*v), str_cmp);
	buf_puts(&b, "");
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&b, ' ');
		buf_puts(&b, v[i]);
	}
	return buf_finish(&b);
}

/* The ids of items (or of an array of id strings), joined. */
static char *
ids_of(json_t *items, int sorted)
{
	size_t n = json_array_size(items), i;
	const char **v = calloc(n + 1, sizeof(*v));
	json_t *item;
	char *s;

	assert_non_null(v);
	json_array_foreach (items, i, item) {
		json_t *id =
		    json_is_string(item) ? item : json_object_get(item, "id");

		check(json_is_string(id), "%s: an item without an id",
		    last_request());
		v[i] = json_string_value(id);
	}
	s = join(v, n, sorted);
	free(v);
	assert_non_null(s);
	return s;
}

/* 1 when the space-separated list has word. */
static int
has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') &&
		    (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/* Asserts that every word of the list sub is in the list super. */
static void
assert_subset(const char *sub, const char *super, const char *what)
{
	char *copy = strdup(sub), *save = NULL;

	assert_non_null(copy);
	for (char *w = strtok_r(copy, " ", &save); w != NULL;
	     w = strtok_r(NULL, " ", &save))
		check(has_word(super, w), "%s: %s misses %s\n  [%s]",
		    last_request(), what, w, super);
	free(copy);
}

static sqlite3_stmt *
db_prepare(const char *fmt, va_list ap)
{
	char *sql = sqlite3_vmprintf(fmt, ap);
	sqlite3_stmt *st = NULL;

	assert_non_null(sql);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("SQL %s: %s", sql, sqlite3_errmsg(db));
	sqlite3_free(sql);
	return st;
}

/* The first column of every row of the query, sorted and joined. */
static char *
db_ids(const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	const char **v = NULL;
	size_t n = 0;
	char *s;

	va_start(ap, fmt);
	st = db_prepare(fmt, ap);
	va_end(ap);
	while (sqlite3_step(st) == SQLITE_ROW) {
		v = realloc(v, (n + 1) * sizeof(*v));
		assert_non_null(v);
		v[n] = strdup((const char *)sqlite3_column_text(st, 0));
		assert_non_null(v[n]);
		n++;
	}
	sqlite3_finalize(st);
	s = join(v, n, 1);
	for (size_t i = 0; i < n; i++)
		free((void *)(uintptr_t)v[i]);
	free(v);
	assert_non_null(s);
	return s;
}

/* The first column of the first row (a new string), or NULL. */
static char *
db_text(const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	st = db_prepare(fmt, ap);
	va_end(ap);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_text(st, 0) != NULL)
		s = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return s;
}

static long long
db_count(const char *table)
{
	char *s = db_text("SELECT count(*) FROM \"%w\"", table);
	long long n;

	assert_non_null(s);
	n = atoll(s);
	free(s);
	return n;
}

/* Asserts that two joined id lists are equal, naming what they are. */
static void
assert_same_ids(const char *got, const char *want, const char *what)
{
	check(strcmp(got, want) == 0,
	    "%s: %s\n  served:   [%s]\n  expected: [%s]", last_request(), what,
	    got, want);
}

/* Percent-encodes s as a query value or path segment into out. */
static const char *
url_encode(const char *s, char *out, size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		assert_true(n + 4 < cap);
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~') {
			out[n++] = (char)*p;
		} else {
			out[n++] = '%';
			out[n++] = hex[*p >> 4];
			out[n++] = hex[*p & 15];
		}
	}
	out[n] = '\0';
	return out;
}

/*
 * The slug of API.md's entity keys, written here from its definition:
 * ASCII letters lowercased, digits kept, apostrophes (' and U+2019)
 * dropped, every other run turned into one '-', none at either end.
 */
static const char *
slug(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	int dash = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		if (*p == '\'') {
			p++;
		} else if (p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0x99) {
			p += 3;
		} else if ((*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z')) {
			assert_true(n + 2 < cap);
			if (dash && n > 0)
				out[n++] = '-';
			dash = 0;
			out[n++] =
			    (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
			p++;
		} else {
			dash = 1;
			p++;
		}
	}
	out[n] = '\0';
	return out;
}

/* ---------------------------------------------------------------------
 * Collections: the envelope, the Link header, listing everything
 */

/* The URL of rel in a Link header value, copied into out; NULL if none. */
static const char *
link_rel(const char *header, const char *rel, char *out, size_t cap)
{
	char want[32], params[256];
	const char *p = header;

	snprintf(want, sizeof(want), "rel=\"%s\"", rel);
	while ((p = strchr(p, '<')) != NULL) {
		const char *end = strchr(p, '>'), *next;
		size_t len;

		if (end == NULL)
			return NULL;
		next = strchr(end, '<');
		len = next != NULL ? (size_t)(next - end) : strlen(end);
		snprintf(params, sizeof(params), "%.*s", (int)len, end);
		if (strstr(params, want) != NULL) {
			snprintf(out, cap, "%.*s", (int)(end - p - 1), p + 1);
			return out;
		}
		p = end;
	}
	return NULL;
}

/* Asserts that the Link header of r has rel with url, or no rel at all
 * when url is NULL. */
static void
assert_link(const struct http_response *r, const char *header, const char *rel,
    const char *url)
{
	char got[TARGET_MAX];
	const char *v =
	    header != NULL ? link_rel(header, rel, got, sizeof(got)) : NULL;

	(void)r;
	if (url == NULL) {
		check(v == NULL, "%s: Link has rel=\"%s\" but links.%s is null",
		    last_request(), rel, rel);
		return;
	}
	check(v != NULL,
	    "%s: links.%s is %s but the Link header (%s) has no rel=\"%s\"",
	    last_request(), rel, url, header != NULL ? header : "absent", rel);
	check(strcmp(v, url) == 0, "%s: Link rel=\"%s\" <%s> but links.%s %s",
	    last_request(), rel, v, rel, url);
}

/* links.<rel>: a string or NULL (JSON null); fails on anything else. */
static const char *
link_of(json_t *links, const char *rel)
{
	json_t *v = json_object_get(links, rel);

	check(json_is_string(v) || json_is_null(v),
	    "%s: links.%s is neither a string nor null", last_request(), rel);
	return json_string_value(v);
}

static long long
int_member(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	check(json_is_integer(v), "%s: %s is not an integer", last_request(),
	    key);
	return json_integer_value(v);
}

/*
 * Asserts that r is a 200 collection page of limit and offset: the
 * envelope, X-Total-Count, links and the Link header of API.md.
 */
static void
assert_page(const struct http_response *r, long long limit, long long offset)
{
	json_t *data = json_object_get(r->json, "data");
	json_t *meta = json_object_get(r->json, "meta");
	json_t *links = json_object_get(r->json, "links");
	const char *self, *next, *prev, *link, *xtc;
	long long total, count, want;

	check(r->status == 200, "%s: %ld, not 200: %.300s", last_request(),
	    r->status, r->body);
	check(json_is_array(data) && json_is_object(meta) &&
		json_is_object(links),
	    "%s: not the collection envelope: %.300s", last_request(), r->body);
	total = int_member(meta, "total");
	count = int_member(meta, "count");
	check(int_member(meta, "limit") == limit,
	    "%s: meta.limit %lld, not %lld", last_request(),
	    int_member(meta, "limit"), limit);
	check(int_member(meta, "offset") == offset,
	    "%s: meta.offset %lld, not %lld", last_request(),
	    int_member(meta, "offset"), offset);
	check(count == (long long)json_array_size(data),
	    "%s: meta.count %lld but %zu items", last_request(), count,
	    json_array_size(data));
	want = total - offset < limit ? total - offset : limit;
	check(count == (want > 0 ? want : 0),
	    "%s: %lld items of %lld from %lld by %lld", last_request(), count,
	    total, offset, limit);
	check(json_is_string(json_object_get(meta, "dataset_version")) &&
		strcmp(
		    json_string_value(json_object_get(meta, "dataset_version")),
		    dataset_version) == 0,
	    "%s: meta.dataset_version is not the database's %s", last_request(),
	    dataset_version);
	xtc = hdr(r, "X-Total-Count");
	check(xtc != NULL && atoll(xtc) == total &&
		strspn(xtc, "0123456789") == strlen(xtc),
	    "%s: X-Total-Count is not meta.total %lld", last_request(), total);
	self = link_of(links, "self");
	next = link_of(links, "next");
	prev = link_of(links, "prev");
	check(self != NULL && strncmp(self, API "/", sizeof(API)) == 0,
	    "%s: links.self %s is not an absolute path", last_request(),
	    self != NULL ? self : "null");
	check((next != NULL) == (offset + limit < total),
	    "%s: links.next is %s with %lld items from %lld by %lld",
	    last_request(), next != NULL ? next : "null", total, offset, limit);
	check((prev != NULL) == (offset > 0),
	    "%s: links.prev is %s at offset %lld", last_request(),
	    prev != NULL ? prev : "null", offset);
	check(next == NULL || strncmp(next, API "/", sizeof(API)) == 0,
	    "%s: links.next %s is not an absolute path", last_request(),
	    next != NULL ? next : "");
	check(prev == NULL || strncmp(prev, API "/", sizeof(API)) == 0,
	    "%s: links.prev %s is not an absolute path", last_request(),
	    prev != NULL ? prev : "");
	link = hdr(r, "Link");
	check(link != NULL || (next == NULL && prev == NULL),
	    "%s: no Link header", last_request());
	check(link == NULL || next != NULL || prev != NULL,
	    "%s: a Link header (%s) without next or prev", last_request(),
	    link);
	assert_link(r, link, "next", next);
	assert_link(r, link, "prev", prev);
}

/* Every item of a collection under the query fmt formats (maybe ""), in
 * the order served, from one page of 500. New reference. */
static json_t *
list_all(const char *coll, const char *fmt, ...)
{
	char query[TARGET_MAX];
	struct http_response r;
	json_t *data;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(query, sizeof(query), fmt, ap);
	va_end(ap);
	get(&r, API "/%s?%s%s" ALL, coll, query, query[0] != '\0' ? "&" : "");
	assert_page(&r, 500, 0);
	check(int_member(json_object_get(r.json, "meta"), "total") ==
		(long long)json_array_size(json_object_get(r.json, "data")),
	    "%s: more than one page of 500", last_request());
	data = json_incref(json_object_get(r.json, "data"));
	http_response_free(&r);
	return data;
}

/* The sorted ids a collection lists under a query. New string. */
static char *
served_ids(const char *coll, const char *query)
{
	json_t *items = list_all(coll, "%s", query);
	char *ids = ids_of(items, 1);

	json_decref(items);
	return ids;
}

/* Asserts that coll?query lists exactly the ids of the SQL query. */
static void
assert_lists(const char *coll, const char *query, const char *sql_ids)
{
	char *got = served_ids(coll, query);

	assert_same_ids(got, sql_ids, "not the items the database has");
	free(got);
}

/* ---------------------------------------------------------------------
 * Order of items
 */

/* The value at a dotted path in an item, or NULL. */
static json_t *
value_at(json_t *item, const char *path)
{
	char key[64];
	const char *dot;

	while ((dot = strchr(path, '.')) != NULL) {
		snprintf(key, sizeof(key), "%.*s", (int)(dot - path), path);
		item = json_object_get(item, key);
		path = dot + 1;
	}
	return json_object_get(item, path);
}

/*
 * How a sort orders two values: numbers by value, strings by bytes, dates
 * by year then month (a date given to the year only comes before the
 * months of that year), entity refs by name then id; null (an ongoing end,
 * an absent count) after every value.
 */
static int
value_cmp(json_t *a, json_t *b)
{
	int an = a == NULL || json_is_null(a),
	    bn = b == NULL || json_is_null(b);

	if (an || bn)
		return an - bn;
	if (json_is_integer(a) && json_is_integer(b))
		return (json_integer_value(a) > json_integer_value(b)) -
		    (json_integer_value(a) < json_integer_value(b));
	if (json_is_string(a) && json_is_string(b))
		return strcmp(json_string_value(a), json_string_value(b));
	if (json_is_boolean(a) && json_is_boolean(b))
		return json_is_true(a) - json_is_true(b);
	if (json_is_object(a) && json_is_object(b) &&
	    json_object_get(a, "year") != NULL) {
		json_t *ma = json_object_get(a, "month");
		json_t *mb = json_object_get(b, "month");
		int c = value_cmp(
		    json_object_get(a, "year"), json_object_get(b, "year"));

		if (c != 0)
			return c;
		if (json_is_null(ma) || json_is_null(mb))
			return !json_is_null(ma) - !json_is_null(mb);
		return value_cmp(ma, mb);
	}
	if (json_is_object(a) && json_is_object(b)) {
		int c = value_cmp(
		    json_object_get(a, "name"), json_object_get(b, "name"));

		return c != 0 ? c
			      : value_cmp(json_object_get(a, "id"),
				    json_object_get(b, "id"));
	}
	fail_msg(
	    "%s: values of different types under one sort key", last_request());
	return 0;
}

/* The path of sort key name in c. */
static const char *
sort_path(const struct coll *c, const char *name)
{
	for (const struct sort_key *k = c->sorts; k->name != NULL; k++)
		if (strcmp(k->name, name) == 0)
			return k->path;
	fail_msg("no sort key %s in %s", name, c->name);
	return NULL;
}

/* Where the quote of item id of c starts in the article (from the base
 * tables: instr of the quote in its source). */
static long long
article_position(const struct coll *c, json_t *item)
{
	char *pos = db_text("SELECT instr(s.text, x.quote) FROM \"%w\" x"
			    " JOIN sources s ON s.id = x.source_id"
			    " WHERE x.id = %Q",
	    c->table, json_string_value(json_object_get(item, "id")));
	long long v = pos != NULL ? atoll(pos) : -1;

	free(pos);
	return v;
}

/*
 * The order of two dates (API.md, "Query parameters"): by year, then by
 * month where both have one; where they are equal or one lacks the month
 * the other has, by where the article tells the two facts.
 */
static int
chrono_cmp(const struct coll *c, json_t *a, json_t *b, json_t *da, json_t *dz)
{
	int an = !json_is_object(da), bn = !json_is_object(dz);
	json_t *ma, *mb;
	long long pa, pb;
	int cmp;

	if (an || bn) {
		if (an != bn)
			return an - bn; /* ongoing after every date */
	} else {
		cmp = value_cmp(
		    json_object_get(da, "year"), json_object_get(dz, "year"));
		if (cmp != 0)
			return cmp;
		ma = json_object_get(da, "month");
		mb = json_object_get(dz, "month");
		if (!json_is_null(ma) && !json_is_null(mb) &&
		    (cmp = value_cmp(ma, mb)) != 0)
			return cmp;
	}
	pa = article_position(c, a);
	pb = article_position(c, b);
	return (pa > pb) - (pa < pb);
}

/* 1 when a sort key is chronological (a date: start or end). */
static int
chronological(const char *path)
{
	const char *last = strrchr(path, '.');

	last = last != NULL ? last + 1 : path;
	return strcmp(last, "start") == 0 || strcmp(last, "end") == 0;
}

/*
 * Asserts that items follow the ?sort= value spec of c: each adjacent pair
 * in order by the keys, and by id (ascending) where all the keys tie.
 */
static void
assert_sorted(const struct coll *c, json_t *items, const char *spec)
{
	const char *path[16];
	int desc[16];
	size_t n = 0;
	char copy[256], *save = NULL;

	snprintf(copy, sizeof(copy), "%s", spec);
	for (char *k = strtok_r(copy, ",", &save); k != NULL && n < 16;
	     k = strtok_r(NULL, ",", &save)) {
		desc[n] = k[0] == '-';
		path[n] = sort_path(c, k + desc[n]);
		n++;
	}
	for (size_t i = 1; i < json_array_size(items); i++) {
		json_t *a = json_array_get(items, i - 1);
		json_t *b = json_array_get(items, i);
		int cmp = 0;

		for (size_t k = 0; k < n && cmp == 0; k++) {
			cmp = chronological(path[k])
			    ? chrono_cmp(c, a, b, value_at(a, path[k]),
				  value_at(b, path[k]))
			    : value_cmp(
				  value_at(a, path[k]), value_at(b, path[k]));
			cmp = desc[k] ? -cmp : cmp;
		}
		if (cmp == 0)
			cmp = value_cmp(
			    json_object_get(a, "id"), json_object_get(b, "id"));
		check(cmp < 0, "%s: sort=%s puts %s before %s", last_request(),
		    spec, json_string_value(json_object_get(a, "id")),
		    json_string_value(json_object_get(b, "id")));
	}
}

/* Calls fn with every sort of c: each key both ways, then the lists. */
static void
each_sort(const struct coll *c, void (*fn)(const struct coll *, const char *))
{
	char spec[80];

	for (const struct sort_key *k = c->sorts; k->name != NULL; k++) {
		fn(c, k->name);
		snprintf(spec, sizeof(spec), "-%s", k->name);
		fn(c, spec);
	}
	for (size_t i = 0; c->sort_lists[i] != NULL; i++)
		fn(c, c->sort_lists[i]);
}

static void
check_sorted_by(const struct coll *c, const char *spec)
{
	json_t *items = list_all(c->name, "sort=%s", spec);

	assert_sorted(c, items, spec);
	json_decref(items);
}

/*
 * Walks the pages of c sorted by spec, following links.next from the
 * first page: together they list the items of the full listing in its
 * order, each once, and each page's links.prev leads back to the page
 * before.
 */
static void
walk_pages(const struct coll *c, const char *spec)
{
	json_t *all = list_all(c->name, "sort=%s", spec), *pages = json_array();
	char target[TARGET_MAX], *want, *got, *before = NULL;
	long long offset = 0, per = c->paged_by, npages = 0;
	size_t total = json_array_size(all);

	snprintf(target, sizeof(target), API "/%s?sort=%s&limit=%lld", c->name,
	    spec, per);
	for (;;) {
		struct http_response r;
		json_t *data, *item;
		const char *next, *prev;
		size_t i;

		get(&r, "%s", target);
		assert_page(&r, per, offset);
		data = json_object_get(r.json, "data");
		json_array_foreach (data, i, item) {
			json_array_append(pages, item);
		}
		prev = link_of(json_object_get(r.json, "links"), "prev");
		if (prev != NULL) {
			struct http_response p;
			char *ids;

			get(&p, "%s", prev);
			assert_page(&p, per, offset - per);
			ids = ids_of(json_object_get(p.json, "data"), 0);
			assert_same_ids(ids, before,
			    "links.prev does not lead to the page before");
			free(ids);
			http_response_free(&p);
		}
		free(before);
		before = ids_of(data, 0);
		npages++;
		next = link_of(json_object_get(r.json, "links"), "next");
		if (next != NULL)
			snprintf(target, sizeof(target), "%s", next);
		http_response_free(&r);
		if (next == NULL)
			break;
		offset += per;
		check(npages <= (long long)total, "%s: more pages than items",
		    target);
	}
	check(npages == (total > 0 ? ((long long)total + per - 1) / per : 1),
	    "%s: %lld pages of %lld for %zu items", c->name, npages, per,
	    total);
	want = ids_of(all, 0);
	got = ids_of(pages, 0);
	check(strcmp(want, got) == 0,
	    "%s sort=%s limit=%lld: the pages list\n  [%s]\nnot the "
	    "collection\n  [%s]",
	    c->name, spec, per, got, want);
	free(want);
	free(got);
	free(before);
	json_decref(pages);
	json_decref(all);
}

/* ---------------------------------------------------------------------
 * Setup
 */

static int
setup(void **state)
{
	static struct config cfg;
	char *v;

	(void)state;
	if (curl_global_init(CURL_GLOBAL_ALL) != CURLE_OK)
		return -1;
	if (sqlite3_open_v2(harness_db(), &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "test_http: cannot open %s\n", harness_db());
		return -1;
	}
	v = db_text("SELECT value FROM meta WHERE key = 'dataset_version'");
	if (v == NULL)
		return -1;
	snprintf(dataset_version, sizeof(dataset_version), "%s", v);
	free(v);
	harness_config(&cfg);
	srv = harness_start(&cfg);
	port = daemon_port(srv);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	daemon_stop(srv);
	sqlite3_close(db);
	curl_global_cleanup();
	return 0;
}

/* ---------------------------------------------------------------------
 * Endpoints and shapes
 */

/* GET /api/v1 links every collection, names the version and the source. */
static void
test_index(void **state)
{
	static const char *const paths[] = { API "/entities",
		API "/partnerships", API "/funding", API "/funding/totals",
		API "/events", API "/sources", NULL };
	json_t *doc = get_ok(API), *data = json_object_get(doc, "data");
	json_t *links = json_object_get(data, "links");
	json_t *source = json_object_get(data, "source"), *link;
	const char *key;
	char *sid = db_text("SELECT id FROM sources");

	(void)state;
	assert_string_equal(
	    json_string_value(json_object_get(data, "api_version")), "v1");
	assert_string_equal(
	    json_string_value(json_object_get(
		json_object_get(doc, "meta"), "dataset_version")),
	    dataset_version);
	assert_string_equal(
	    json_string_value(json_object_get(source, "id")), sid);
	assert_true(json_is_string(json_object_get(source, "title")));
	assert_null(json_object_get(source, "text"));
	for (size_t i = 0; paths[i] != NULL; i++) {
		int found = 0;

		json_object_foreach (links, key, link) {
			found |= json_is_string(link) &&
			    strcmp(json_string_value(link), paths[i]) == 0;
		}
		check(found, "the index does not link %s", paths[i]);
	}
	json_object_foreach (links, key, link) {
		struct http_response r;

		/* the downloads are not JSON: test_dataout.c has them */
		http_fetch(
		    &r, port, "GET", NULL, "%s", json_string_value(link));
		check(
		    r.status == 200, "the index links %s: %ld", key, r.status);
		http_response_free(&r);
	}
	free(sid);
	json_decref(doc);
}

/* Every collection's meta.total is the number of rows of its table. */
static void
test_collection_totals_match_db(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCOLLS; i++) {
		struct http_response r;
		long long n = db_count(colls[i].table);

		get(&r, API "/%s", colls[i].name);
		assert_page(&r, 50, 0);
		check(int_member(json_object_get(r.json, "meta"), "total") == n,
		    "%s: meta.total is not the %lld rows of %s", last_request(),
		    n, colls[i].table);
		http_response_free(&r);
	}
}

/* Every item of every collection has the fields API.md gives it. */
static void
test_items_have_their_fields(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCOLLS; i++) {
		json_t *items = list_all(colls[i].name, "%s", ""), *item;
		size_t j;

		json_array_foreach (items, j, item) {
			const char *const *f = colls[i].fields;

			for (; *f != NULL; f++)
				check(json_object_get(item, *f) != NULL,
				    "%s %s has no %s", colls[i].name,
				    json_string_value(
					json_object_get(item, "id")),
				    *f);
		}
		json_decref(items);
	}
}

/* /{collection}/{id} answers {"data": item}, the item as listed. */
static void
test_item_by_id(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCOLLS; i++) {
		json_t *items = list_all(colls[i].name, "%s", ""), *item;
		size_t j;

		json_array_foreach (items, j, item) {
			char target[TARGET_MAX], enc[512];
			json_t *doc;

			snprintf(target, sizeof(target), API "/%s/%s",
			    colls[i].name,
			    url_encode(
				json_string_value(json_object_get(item, "id")),
				enc, sizeof(enc)));
			doc = get_ok(target);
			check(json_object_size(doc) == 1 &&
				json_equal(json_object_get(doc, "data"), item),
			    "%s is not {\"data\": the listed item}", target);
			json_decref(doc);
		}
		json_decref(items);
	}
}

/* Each source is the article: its text as the database holds it. */
static void
test_source_text(void **state)
{
	json_t *items = list_all("sources", "%s", ""), *item;
	size_t i;

	(void)state;
	json_array_foreach (items, i, item) {
		const char *id = json_string_value(json_object_get(item, "id"));
		char *text =
		    db_text("SELECT text FROM sources WHERE id = %Q", id);

		assert_non_null(text);
		assert_string_equal(
		    json_string_value(json_object_get(item, "text")), text);
		assert_true(json_is_string(json_object_get(item, "publisher")));
		assert_true(json_is_string(json_object_get(item, "published")));
		free(text);
	}
	json_decref(items);
}

/* /healthz and /readyz answer 200 JSON while the database answers. */
static void
test_health(void **state)
{
	json_t *h, *r;

	(void)state;
	h = get_ok("/healthz");
	r = get_ok("/readyz");
	assert_true(json_is_object(h));
	assert_true(json_is_object(r));
	json_decref(h);
	json_decref(r);
}

/* Successes are application/json, errors application/problem+json. */
static void
test_content_types(void **state)
{
	struct http_response r;

	(void)state;
	get(&r, API "/events?limit=1");
	expect_header(&r, "Content-Type", JSON_TYPE);
	http_response_free(&r);
	get(&r, API "/events?limit=0");
	assert_int_equal(r.status, 400);
	expect_header(&r, "Content-Type", PROBLEM_TYPE);
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "title")), "Bad Request");
	http_response_free(&r);
}

/* Every fact's source.quote is verbatim in its source's text. */
static void
test_provenance(void **state)
{
	static const char *const facts[] = { "events", "partnerships",
		"funding", "entities", NULL };

	(void)state;
	for (size_t i = 0; facts[i] != NULL; i++) {
		json_t *items = list_all(facts[i], "%s", ""), *item;
		size_t j;

		json_array_foreach (items, j, item) {
			json_t *src = json_object_get(item, "source"), *doc;
			const char *sid =
			    json_string_value(json_object_get(src, "id"));
			const char *quote =
			    json_string_value(json_object_get(src, "quote"));
			char target[TARGET_MAX];

			check(sid != NULL && quote != NULL && *quote != '\0',
			    "%s %s: no source.id and source.quote", facts[i],
			    json_string_value(json_object_get(item, "id")));
			snprintf(
			    target, sizeof(target), API "/sources/%s", sid);
			doc = get_ok(target);
			check(strstr(json_string_value(json_object_get(
					 json_object_get(doc, "data"), "text")),
				  quote) != NULL,
			    "%s %s: the quote \"%s\" is not in %s", facts[i],
			    json_string_value(json_object_get(item, "id")),
			    quote, sid);
			json_decref(doc);
		}
		json_decref(items);
	}
}

/* ---------------------------------------------------------------------
 * Paging: limit, offset, links
 */

/* Without limit a page holds 50 items, and meta.limit says so. */
static void
test_limit_default(void **state)
{
	struct http_response r;

	(void)state;
	assert_true(db_count("entities") > 50); /* or this shows nothing */
	for (size_t i = 0; i < NCOLLS; i++) {
		get(&r, API "/%s", colls[i].name);
		assert_page(&r, 50, 0);
		http_response_free(&r);
	}
}

/* limit 1 and 500 are accepted and give pages of that size. */
static void
test_limit_bounds(void **state)
{
	struct http_response r;

	(void)state;
	for (size_t i = 0; i < NCOLLS; i++) {
		get(&r, API "/%s?limit=1", colls[i].name);
		assert_page(&r, 1, 0);
		http_response_free(&r);
		get(&r, API "/%s?limit=500", colls[i].name);
		assert_page(&r, 500, 0);
		http_response_free(&r);
	}
}

/* A limit that is no integer in 1..500 is a 400 naming limit. */
static void
test_limit_invalid(void **state)
{
	static const char *const bad[] = { "0", "501", "-1", "1.5", "abc", "",
		"1e2", "%2B5", "99999999999999999999", NULL };

	(void)state;
	for (size_t i = 0; i < NCOLLS; i++)
		for (size_t j = 0; bad[j] != NULL; j++)
			expect_bad_param(port, "limit", API "/%s?limit=%s",
			    colls[i].name, bad[j]);
}

/* An offset that is no integer >= 0 is a 400 naming offset. */
static void
test_offset_invalid(void **state)
{
	static const char *const bad[] = { "-1", "abc", "", "2.0", NULL };

	(void)state;
	for (size_t i = 0; i < NCOLLS; i++)
		for (size_t j = 0; bad[j] != NULL; j++)
			expect_bad_param(port, "offset", API "/%s?offset=%s",
			    colls[i].name, bad[j]);
}

/* An offset at or past the end is an empty page, not an error. */
static void
test_offset_past_end(void **state)
{
	struct http_response r;

	(void)state;
	for (size_t i = 0; i < NCOLLS; i++) {
		long long n = db_count(colls[i].table);

		get(&r, API "/%s?offset=%lld", colls[i].name, n);
		assert_page(&r, 50, n);
		assert_int_equal(
		    json_array_size(json_object_get(r.json, "data")), 0);
		http_response_free(&r);
		get(&r, API "/%s?offset=%lld&limit=3", colls[i].name, n + 100);
		assert_page(&r, 3, n + 100);
		assert_int_equal(
		    int_member(json_object_get(r.json, "meta"), "total"), n);
		http_response_free(&r);
	}
}

/* A middle page links next and prev, carrying every parameter, in the
 * body and in the Link header. */
static void
test_links_carry_parameters(void **state)
{
	struct http_response r;
	json_t *links;
	const char *self, *next, *prev;

	(void)state;
	get(&r, API "/events?limit=2&offset=4&sort=-start&from=1990");
	assert_page(&r, 2, 4);
	links = json_object_get(r.json, "links");
	self = link_of(links, "self");
	next = link_of(links, "next");
	prev = link_of(links, "prev");
	assert_non_null(next);
	assert_non_null(prev);
	assert_true(
	    strncmp(self, API "/events?", sizeof(API "/events?") - 1) == 0);
	for (size_t i = 0; i < 3; i++) {
		const char *l = i == 0 ? self : i == 1 ? next : prev;

		check(strstr(l, "limit=2") != NULL &&
			strstr(l, "sort=-start") != NULL &&
			strstr(l, "from=1990") != NULL,
		    "%s: link %s drops a parameter", last_request(), l);
	}
	assert_non_null(strstr(self, "offset=4"));
	assert_non_null(strstr(next, "offset=6"));
	assert_non_null(strstr(prev, "offset=2"));
	http_response_free(&r);
}

/* A collection on one page has neither next nor prev and no Link. */
static void
test_no_link_on_single_page(void **state)
{
	struct http_response r;

	(void)state;
	get(&r, API "/events?" ALL);
	assert_page(&r, 500, 0);
	expect_absent(&r, "Link");
	http_response_free(&r);
}

/* The first page of several links next only. */
static void
test_first_page_links_next_only(void **state)
{
	struct http_response r;
	const char *link;

	(void)state;
	get(&r, API "/events?limit=1");
	assert_page(&r, 1, 0);
	link = hdr(&r, "Link");
	assert_non_null(link);
	assert_null(strstr(link, "rel=\"prev\""));
	http_response_free(&r);
}

/* Walking the pages lists every item once, for every sort. */
static void
test_pages_cover_every_item(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCOLLS; i++)
		each_sort(&colls[i], walk_pages);
}

/* ---------------------------------------------------------------------
 * References, links and labels
 */

/* The fields of an item that refer to other items, and what they refer
 * to: a field (a ref or a list of refs), the collection, and whether each
 * reference also says if the article states it or it is read (inferred). */
static const struct {
	const char *coll, *field, *to;
	int read;
} refs[] = {
	{ "entities", "parent", "entities", 0 },
	{ "partnerships", "donors", "entities", 0 },
	{ "partnerships", "recipients", "entities", 0 },
	{ "funding", "donor", "entities", 0 },
	{ "funding", "recipients", "entities", 1 },
	{ "funding", "part_of", "funding", 1 },
	{ "funding", "possibly_part_of", "funding", 0 },
	{ "events", "entities", "entities", 0 },
	{ "events", "partnerships", "partnerships", 0 },
	{ "events", "funding", "funding", 0 },
};

/* Asserts ref is {id, name, href} (and inferred, a boolean, where read) of
 * an item of coll that exists, whose name is the item's name (its title
 * for an event). */
static void
assert_ref(json_t *ref, const char *coll, int read, const char *where)
{
	const char *id = json_string_value(json_object_get(ref, "id"));
	char href[512];
	json_t *doc, *item;
	const char *name;

	check(json_is_object(ref) && id != NULL &&
		json_is_string(json_object_get(ref, "name")) &&
		json_object_size(ref) == (read ? 4u : 3u) &&
		(!read || json_is_boolean(json_object_get(ref, "inferred"))),
	    "%s: not a reference {id, name, href%s}", where,
	    read ? ", inferred" : "");
	snprintf(href, sizeof(href), API "/%s/%s", coll, id);
	check(json_is_string(json_object_get(ref, "href")) &&
		strcmp(json_string_value(json_object_get(ref, "href")), href) ==
		    0,
	    "%s: the reference to %s links elsewhere", where, id);
	doc = get_ok(href);
	item = json_object_get(doc, "data");
	name = json_string_value(json_object_get(
	    item, strcmp(coll, "events") == 0 ? "title" : "name"));
	check(name != NULL &&
		strcmp(name, json_string_value(json_object_get(ref, "name"))) ==
		    0,
	    "%s: the reference to %s is named '%s', the item '%s'", where, id,
	    json_string_value(json_object_get(ref, "name")), name);
	json_decref(doc);
}

/* Every item has its own href, and every reference to another item is an
 * object {id, name, href} that leads to that item, never a bare id. */
static void
test_references(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCOLLS; i++) {
		json_t *items = list_all(colls[i].name, "%s", ""), *item;
		size_t j;

		json_array_foreach (items, j, item) {
			const char *id =
			    json_string_value(json_object_get(item, "id"));
			char href[512], where[512];

			snprintf(href, sizeof(href), API "/%s/%s",
			    colls[i].name, id);
			check(json_is_string(json_object_get(item, "href")) &&
				strcmp(json_string_value(
					   json_object_get(item, "href")),
				    href) == 0,
			    "%s %s: href is not %s", colls[i].name, id, href);
			for (size_t r = 0; r < sizeof(refs) / sizeof(refs[0]);
			     r++) {
				json_t *v, *e;
				size_t k;

				if (strcmp(refs[r].coll, colls[i].name) != 0)
					continue;
				v = json_object_get(item, refs[r].field);
				snprintf(where, sizeof(where), "%s %s: %s",
				    colls[i].name, id, refs[r].field);
				if (json_is_array(v)) {
					json_array_foreach (v, k, e)
						assert_ref(e, refs[r].to,
						    refs[r].read, where);
				} else if (!json_is_null(v)) {
					assert_ref(
					    v, refs[r].to, refs[r].read, where);
				}
			}
		}
		json_decref(items);
	}
}

/*
 * Stated or read: each recipient of every funding record, and its part_of,
 * says whether the article states it (inferred false) or it is read from
 * context (true), as funding_recipients.inferred and part_of_inferred
 * have it, recipient by recipient in their order.
 */
static void
test_stated_or_read(void **state)
{
	json_t *items = list_all("funding", "%s", ""), *item;
	size_t i;
	int read = 0;

	(void)state;
	json_array_foreach (items, i, item) {
		const char *id = json_string_value(json_object_get(item, "id"));
		json_t *recipients = json_object_get(item, "recipients");
		json_t *part_of = json_object_get(item, "part_of"), *r;
		char *want = db_ids("SELECT printf('%%03d:%%s:%%d',"
				    " row_number() OVER (ORDER BY position),"
				    " entity_id, inferred)"
				    " FROM funding_recipients"
				    " WHERE funding_id = %Q",
		    id);
		char *flag = db_text("SELECT part_of_inferred FROM funding"
				     " WHERE id = %Q AND part_of IS NOT NULL",
		    id);
		struct buf got = { 0 };
		char *g;
		size_t k;

		json_array_foreach (recipients, k, r) {
			buf_printf(&got, "%s%03zu:%s:%d", k > 0 ? " " : "",
			    k + 1, json_string_value(json_object_get(r, "id")),
			    json_is_true(json_object_get(r, "inferred")));
			read |= json_is_true(json_object_get(r, "inferred"));
		}
		g = buf_finish(&got);
		check(g != NULL && strcmp(g, want) == 0,
		    "funding %s: recipients [%s], the table has [%s]", id,
		    g != NULL ? g : "?", want);
		check(flag == NULL ? json_is_null(part_of)
				   : json_is_object(part_of) &&
			    json_is_true(json_object_get(part_of,
				"inferred")) == (strcmp(flag, "1") == 0),
		    "funding %s: part_of.inferred is not the table's %s", id,
		    flag != NULL ? flag : "(no part_of)");
		free(g);
		free(want);
		free(flag);
	}
	json_decref(items);
	assert_true(read); /* or this shows nothing */
}

static const char *const month_names[] = { "January", "February", "March",
	"April", "May", "June", "July", "August", "September", "October",
	"November", "December" };

/* Asserts a date object: year, month or null, a label at its precision,
 * inferred as the base table has it. */
static void
assert_date(json_t *d, int decade, int inferred, const char *where)
{
	long long y = int_member(d, "year");
	json_t *m = json_object_get(d, "month");
	char want[64];

	if (decade)
		snprintf(want, sizeof(want), "%llds", y / 10 * 10);
	else if (json_is_integer(m))
		snprintf(want, sizeof(want), "%s %lld",
		    month_names[json_integer_value(m) - 1], y);
	else
		snprintf(want, sizeof(want), "%lld", y);
	check(json_is_string(json_object_get(d, "label")) &&
		strcmp(json_string_value(json_object_get(d, "label")), want) ==
		    0,
	    "%s: label '%s', not '%s'", where,
	    json_string_value(json_object_get(d, "label")), want);
	check(json_is_boolean(json_object_get(d, "inferred")) &&
		json_is_true(json_object_get(d, "inferred")) == inferred,
	    "%s: inferred is not %s", where, inferred ? "true" : "false");
}

/*
 * Every date of every dated item has the label a person writes at its
 * precision ("1960s", "1996", "September 1996") and the inferred flag of
 * the base tables; every period has a label ("2006–2010", "since 2009",
 * "from 1996, end unknown"); end_status is the table's: ended exactly
 * when there is an end, and known_until (the last date the article
 * attests) exactly when the end is unknown.
 */
static void
test_date_labels(void **state)
{
	(void)state;
	for (size_t i = 0; dated[i] != NULL; i++) {
		const char *coll = dated[i];
		json_t *items = list_all(coll, "%s", ""), *item;
		size_t j;

		json_array_foreach (items, j, item) {
			const char *id =
			    json_string_value(json_object_get(item, "id"));
			const char *table =
			    strcmp(coll, "events") == 0 ? "events" : coll;
			json_t *period = strcmp(coll, "funding") == 0
			    ? json_object_get(item, "period")
			    : item;
			json_t *start = json_object_get(period, "start");
			json_t *end = json_object_get(period, "end");
			char *si = db_text("SELECT start_inferred FROM \"%w\""
					   " WHERE id = %Q",
			    table, id);
			char *ei = db_text("SELECT end_inferred FROM \"%w\""
					   " WHERE id = %Q",
			    table, id);
			char *status = db_text("SELECT end_status FROM"
					       " \"%w\" WHERE id = %Q",
			    table, id);
			char *ki = db_text("SELECT known_until_inferred FROM"
					   " \"%w\" WHERE id = %Q",
			    table, id);
			char *ky = db_text("SELECT known_until_year FROM"
					   " \"%w\" WHERE id = %Q",
			    table, id);
			json_t *known = json_object_get(item, "known_until");
			const char *es = json_string_value(
			    json_object_get(item, "end_status"));
			int decade = strcmp(coll, "events") == 0 &&
			    strcmp(json_string_value(
				       json_object_get(item, "precision")),
				"decade") == 0;
			const char *pl = json_string_value(
			    json_object_get(item, "period_label"));
			char where[256];

			snprintf(where, sizeof(where), "%s %s start", coll, id);
			assert_date(
			    start, decade, si != NULL && *si == '1', where);
			snprintf(
			    where, sizeof(where), "%s %s end_status", coll, id);
			check(es != NULL && status != NULL &&
				strcmp(es, status) == 0 &&
				(strcmp(es, "ended") == 0) ==
				    !json_is_null(end),
			    "%s: '%s', the table's '%s', with end %s", where,
			    es != NULL ? es : "(none)",
			    status != NULL ? status : "(none)",
			    json_is_null(end) ? "null" : "given");
			snprintf(where, sizeof(where), "%s %s known_until",
			    coll, id);
			check((ky != NULL) == json_is_object(known) &&
				(ky == NULL ||
				    int_member(known, "year") == atoll(ky)) &&
				(ky != NULL) ==
				    (es != NULL && strcmp(es, "unknown") == 0),
			    "%s: not the table's %s (end_status %s)", where,
			    ky != NULL ? ky : "null", es != NULL ? es : "?");
			if (ky != NULL)
				assert_date(
				    known, 0, ki != NULL && *ki == '1', where);
			snprintf(where, sizeof(where), "%s %s period_label",
			    coll, id);
			check(pl != NULL, "%s: none", where);
			if (json_is_null(end)) {
				const char *sl = json_string_value(
				    json_object_get(start, "label"));
				const char *kl = json_string_value(
				    json_object_get(known, "label"));
				char want[160];

				if (es != NULL && strcmp(es, "ongoing") == 0)
					snprintf(
					    want, sizeof(want), "since %s", sl);
				else if (kl != NULL && strcmp(kl, sl) != 0)
					snprintf(want, sizeof(want),
					    "from %s, known until %s, end "
					    "unknown",
					    sl, kl);
				else
					snprintf(want, sizeof(want),
					    "from %s, end unknown", sl);
				check(strcmp(pl, want) == 0,
				    "%s: '%s', not '%s'", where, pl, want);
			} else {
				const char *sl = json_string_value(
				    json_object_get(start, "label"));
				const char *el;

				snprintf(where, sizeof(where), "%s %s end",
				    coll, id);
				assert_date(end, decade,
				    ei != NULL && *ei == '1', where);
				el = json_string_value(
				    json_object_get(end, "label"));
				check(strcmp(sl, el) == 0
					? strcmp(pl, sl) == 0
					: strstr(pl, sl) == pl &&
					    strstr(pl, "–") != NULL &&
					    strcmp(pl + strlen(pl) - strlen(el),
						el) == 0,
				    "%s %s: period_label '%s' for %s to %s",
				    coll, id, pl, sl, el);
			}
			free(si);
			free(ei);
			free(status);
			free(ki);
			free(ky);
		}
		json_decref(items);
	}
}

/* The values of end_status are those of the end_statuses table, in its
 * order, as the OpenAPI document served lists them (EndStatus). */
static void
test_end_statuses_documented(void **state)
{
	json_t *doc = get_ok("/openapi.json"), *values, *v;
	char *want = db_ids("SELECT printf('%%02d:%%s', position, value)"
			    " FROM end_statuses");
	struct buf got = { 0 };
	char *g;
	size_t i;

	(void)state;
	values = json_object_get(
	    json_object_get(
		json_object_get(json_object_get(doc, "components"), "schemas"),
		"EndStatus"),
	    "enum");
	check(json_is_array(values), "/openapi.json: no EndStatus enum");
	json_array_foreach (values, i, v)
		buf_printf(&got, "%s%02zu:%s", i > 0 ? " " : "", i + 1,
		    json_string_value(v));
	g = buf_finish(&got);
	check(g != NULL && strcmp(g, want) == 0,
	    "EndStatus lists [%s], the store [%s]", g != NULL ? g : "?", want);
	free(g);
	free(want);
	json_decref(doc);
}

/* Of two ids, 1 when a comes before b in the list of items. */
static int
before(json_t *items, const char *a, const char *b)
{
	json_t *item;
	size_t i;
	int seen_a = 0;

	json_array_foreach (items, i, item) {
		const char *id = json_string_value(json_object_get(item, "id"));

		if (strcmp(id, a) == 0)
			seen_a = 1;
		if (strcmp(id, b) == 0)
			return seen_a;
	}
	fail_msg("%s: %s or %s missing", last_request(), a, b);
	return 0;
}

/*
 * The timeline in the article's order, by hand: "At the end of the 1960s"
 * (the educated youths) follows "In the 1960s" (the Third Front), and the
 * pairing made "After mutual consultations" (1996, no month) follows the
 * September 1996 meeting. Both ways: -start is the exact reverse.
 */
static void
test_article_order(void **state)
{
	static const char *const pairs[][2] = {
		{ "1960s-third-front-relocation",
		    "1960s-educated-youths-to-yunnan" },
		{ "1996-09-east-west-cooperation-and-shanghai-request",
		    "1996-districts-paired-with-key-counties" },
	};
	json_t *plain = list_all("events", "%s", "");
	json_t *up = list_all("events", "%s", "sort=start");
	json_t *down = list_all("events", "%s", "sort=-start");

	(void)state;
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		check(before(plain, pairs[i][0], pairs[i][1]),
		    "the timeline puts %s before %s", pairs[i][1], pairs[i][0]);
		check(before(up, pairs[i][0], pairs[i][1]),
		    "sort=start puts %s before %s", pairs[i][1], pairs[i][0]);
		check(before(down, pairs[i][1], pairs[i][0]),
		    "sort=-start puts %s before %s", pairs[i][0], pairs[i][1]);
	}
	/* the same pairing as a partnership follows the 1996 request */
	json_decref(plain);
	plain = list_all("partnerships", "%s", "");
	check(before(plain, "shanghai-yunnan-counterpart-cooperation",
		  "shanghai-districts-yunnan-key-counties"),
	    "the partnerships put the pairing before the cooperation");
	json_decref(plain);
	json_decref(up);
	json_decref(down);
}

/*
 * What a filter by an entity finds, across resources, for every entity:
 * each event of a funding record or partnership that the entity's filter
 * finds is among the events its filter finds.
 */
static void
test_filters_agree(void **state)
{
	static const struct {
		const char *coll, *param, *link;
	} paths[] = { { "funding", "recipient", "event_funding" },
		{ "funding", "donor", "event_funding" },
		{ "funding", "entity", "event_funding" },
		{ "partnerships", "entity", "event_partnerships" } };
	sqlite3_stmt *st;

	(void)state;
	assert_int_equal(
	    sqlite3_prepare_v2(db, "SELECT id FROM entities", -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		char query[256], *events;

		snprintf(query, sizeof(query), "entity=%s", id);
		events = served_ids("events", query);
		for (size_t p = 0; p < sizeof(paths) / sizeof(paths[0]); p++) {
			char *facts, *linked, *w, *save = NULL;

			snprintf(
			    query, sizeof(query), "%s=%s", paths[p].param, id);
			facts = served_ids(paths[p].coll, query);
			for (w = strtok_r(facts, " ", &save); w != NULL;
			     w = strtok_r(NULL, " ", &save)) {
				linked = db_ids("SELECT event_id FROM \"%w\""
						" WHERE %s_id = %Q",
				    paths[p].link,
				    strcmp(paths[p].coll, "funding") == 0
					? "funding"
					: "partnership",
				    w);
				assert_subset(linked, events, "events?entity=");
				free(linked);
			}
			free(facts);
		}
		free(events);
	}
	sqlite3_finalize(st);
}

/* ---------------------------------------------------------------------
 * Sort
 */

/* Dated facts come chronologically (start, then id) by default,
 * entities by name. */
static void
test_default_order(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCOLLS; i++) {
		json_t *items;

		if (colls[i].default_order == NULL)
			continue;
		items = list_all(colls[i].name, "%s", "");
		assert_sorted(&colls[i], items, colls[i].default_order);
		json_decref(items);
	}
}

/* Every sort key orders both ways, and comma lists key by key, with ties
 * broken by id. */
static void
test_sort_orders(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCOLLS; i++)
		each_sort(&colls[i], check_sorted_by);
}

/* An unknown, empty or repeated sort key is a 400 naming sort. */
static void
test_sort_invalid(void **state)
{
	static const char *const bad[] = { "nope", "", ",", "id,", ",id",
		"id,,title", "-", "id,id", "id,-id", "%2Bid", NULL };

	(void)state;
	for (size_t i = 0; i < NCOLLS; i++)
		for (size_t j = 0; bad[j] != NULL; j++)
			expect_bad_param(port, "sort", API "/%s?sort=%s",
			    colls[i].name, bad[j]);
	expect_bad_param(port, "sort", API "/events?sort=start,-start");
}

/* ---------------------------------------------------------------------
 * fields
 */

/* Asserts every item of items has exactly the fields of the list. */
static void
assert_only_fields(json_t *items, const char *const *want, size_t n)
{
	json_t *item;
	size_t i;

	json_array_foreach (items, i, item) {
		check(json_object_size(item) == n,
		    "%s: an item has %zu fields, not %zu", last_request(),
		    json_object_size(item), n);
		for (size_t f = 0; f < n; f++)
			check(json_object_get(item, want[f]) != NULL,
			    "%s: an item lacks %s", last_request(), want[f]);
	}
}

/* fields=a,b keeps only those fields of each item. */
static void
test_fields_projection(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCOLLS; i++) {
		const char *const *f = colls[i].fields;
		json_t *items = list_all(colls[i].name, "fields=%s", f[0]);

		assert_only_fields(items, f, 1);
		json_decref(items);
		items = list_all(colls[i].name, "fields=%s,%s", f[1], f[2]);
		assert_only_fields(items, f + 1, 2);
		assert_true(json_array_size(items) > 0);
		json_decref(items);
	}
}

/* fields applies to one item too. */
static void
test_fields_on_item(void **state)
{
	json_t *doc;
	char *id = db_text("SELECT id FROM events ORDER BY id LIMIT 1");
	char target[TARGET_MAX];

	(void)state;
	snprintf(target, sizeof(target), API "/events/%s?fields=title,id", id);
	doc = get_ok(target);
	assert_int_equal(json_object_size(json_object_get(doc, "data")), 2);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(doc, "data"), "id")),
	    id);
	json_decref(doc);
	free(id);
}

/* An unknown field is a 400 naming fields. */
static void
test_fields_invalid(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCOLLS; i++) {
		expect_bad_param(
		    port, "fields", API "/%s?fields=nope", colls[i].name);
		expect_bad_param(
		    port, "fields", API "/%s?fields=id,nope", colls[i].name);
		expect_bad_param(
		    port, "fields", API "/%s?fields=", colls[i].name);
		/* a long name is echoed cut on a whole character */
		for (int n = 12; n <= 15; n++) {
			char name[200] = "";

			for (int k = 0; k < n; k++)
				strcat(name, "%E4%B8%8A");
			expect_bad_param(port, "fields", API "/%s?fields=%s",
			    colls[i].name, name);
		}
	}
	expect_bad_param(port, "fields", API "/entities/shanghai?fields=nope");
}

/* ---------------------------------------------------------------------
 * q
 */

/* q is a prefix search: q=cadre finds every event, partnership and
 * funding record whose own text has "cadres", and each word of a longer
 * q is a prefix too. */
static void
test_q_prefix(void **state)
{
	static const struct {
		const char *coll, *q, *sql;
	} cases[] = {
		{ "events", "cadre",
		    "SELECT id FROM events WHERE title LIKE '%cadre%' OR "
		    "summary LIKE '%cadre%' OR quote LIKE '%cadre%'" },
		{ "partnerships", "hospital",
		    "SELECT id FROM partnerships WHERE summary LIKE "
		    "'%hospital%' OR quote LIKE '%hospital%'" },
		{ "funding", "financ",
		    "SELECT id FROM funding WHERE purpose LIKE '%financ%' OR "
		    "summary LIKE '%financ%' OR quote LIKE '%financ%'" },
		{ "events", "decen%20villag",
		    "SELECT id FROM events WHERE (title LIKE '%decen%' OR "
		    "summary LIKE '%decen%' OR quote LIKE '%decen%') AND "
		    "(title LIKE '%villag%' OR summary LIKE '%villag%' OR "
		    "quote LIKE '%villag%')" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char q[64], *got, *want = db_ids("%s", cases[i].sql);

		snprintf(q, sizeof(q), "q=%s", cases[i].q);
		got = served_ids(cases[i].coll, q);
		check(*want != '\0', "no %s has '%s': the test shows nothing",
		    cases[i].coll, cases[i].q);
		assert_subset(want, got, "the search");
		free(got);
		free(want);
	}
}

/* q ignores case. */
static void
test_q_case_insensitive(void **state)
{
	char *lower = served_ids("events", "q=cadre");
	char *upper = served_ids("events", "q=CADRE");
	char *mixed = served_ids("events", "q=Cadres");

	(void)state;
	assert_true(*lower != '\0');
	assert_string_equal(upper, lower);
	assert_string_equal(mixed, lower);
	free(lower);
	free(upper);
	free(mixed);
}

/* Searching an entity's alias (or its name) finds that entity. */
static void
test_q_finds_aliases(void **state)
{
	sqlite3_stmt *st;
	int rows = 0;

	(void)state;
	assert_int_equal(sqlite3_prepare_v2(db,
			     "SELECT entity_id, alias FROM entity_aliases "
			     "UNION ALL SELECT id, name FROM entities",
			     -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *alias = (const char *)sqlite3_column_text(st, 1);
		char q[1024], enc[1024], *got;

		snprintf(
		    q, sizeof(q), "q=%s", url_encode(alias, enc, sizeof(enc)));
		got = served_ids("entities", q);
		check(has_word(got, id), "entities?%s does not find %s (%s)", q,
		    id, got);
		free(got);
		rows++;
	}
	sqlite3_finalize(st);
	assert_true(rows > 0);
}

/* A q that matches nothing is an empty page. */
static void
test_q_no_match(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCOLLS; i++) {
		json_t *items = list_all(colls[i].name, "q=zzxqzzy");

		assert_int_equal(json_array_size(items), 0);
		json_decref(items);
	}
}

/* A q with no word in it is a 400 naming q: punctuation of any script
 * (full-width, CJK, Latin-1, Arabic) is no word. */
static void
test_q_without_word(void **state)
{
	static const char *const bad[] = { "%20-%20", "", "%2A", "%22%22",
		"-+-", "%E2%80%94", "%EF%BC%9F", "%E3%80%82", "%C2%BF",
		"%EF%BC%81%EF%BC%8C", "%E3%80%8C%E3%80%8D", "%D8%9F",
		"%E2%80%BD", NULL };

	(void)state;
	for (size_t i = 0; i < NCOLLS; i++)
		for (size_t j = 0; bad[j] != NULL; j++)
			expect_bad_param(
			    port, "q", API "/%s?q=%s", colls[i].name, bad[j]);
}

/* q is at most 256 bytes: 256 is searched, 257 is a 400 naming q. */
static void
test_q_too_long(void **state)
{
	char q[300];
	json_t *items;

	(void)state;
	memset(q, 'a', 257);
	q[257] = '\0';
	for (size_t i = 0; i < NCOLLS; i++)
		expect_bad_param(port, "q", API "/%s?q=%s", colls[i].name, q);
	q[256] = '\0';
	items = list_all("events", "q=%s", q);
	json_decref(items);
}

/* ---------------------------------------------------------------------
 * from, to
 */

/* The SQL of API.md's overlap: [start, end] meets [from, to], where the
 * end is the end given, else the last date the article attests (an end it
 * does not give), else this year (what goes on). */
static char *
db_overlap(const char *table, int from, int to)
{
	return db_ids("SELECT id FROM \"%w\" WHERE (%d < 0 OR "
		      "coalesce(end_year, known_until_year,"
		      " CAST(strftime('%%Y', 'now') AS "
		      "INTEGER)) >= %d) AND (%d < 0 OR start_year <= %d)",
	    table, from, from, to, to);
}

/* from and to keep what overlaps the closed range, on every dated
 * collection and for ranges inside, around and beside the items. */
static void
test_years_overlap(void **state)
{
	static const int ranges[][2] = { { 2008, 2008 }, { 1960, 1969 },
		{ 1965, -1 }, { -1, 1996 }, { 2011, 2011 }, { 1990, 1995 },
		{ 2020, -1 }, { 1000, 9999 }, { 1997, 2004 } };

	(void)state;
	for (size_t i = 0; dated[i] != NULL; i++)
		for (size_t j = 0; j < sizeof(ranges) / sizeof(ranges[0]);
		     j++) {
			char query[64], *want;
			int from = ranges[j][0], to = ranges[j][1];

			query[0] = '\0';
			if (from >= 0)
				snprintf(query, sizeof(query), "from=%d", from);
			if (to >= 0)
				snprintf(query + strlen(query),
				    sizeof(query) - strlen(query), "%sto=%d",
				    from >= 0 ? "&" : "", to);
			want = db_overlap(dated[i], from, to);
			assert_lists(dated[i], query, want);
			free(want);
		}
}

/* An item running across the range matches it (2006-2010 matches
 * from=2008&to=2008). */
static void
test_years_spanning_item(void **state)
{
	char *spanning = db_ids("SELECT id FROM partnerships WHERE start_year "
				"< 2008 AND end_year > 2008");
	char *got = served_ids("partnerships", "from=2008&to=2008");

	(void)state;
	assert_true(*spanning != '\0'); /* 2006-2010, De'ang */
	assert_subset(spanning, got, "from=2008&to=2008");
	free(spanning);
	free(got);
}

/* An ongoing item (the article says it goes on) runs to today: from=2020
 * finds it. */
static void
test_years_ongoing(void **state)
{
	int some = 0;

	(void)state;
	for (size_t i = 0; dated[i] != NULL; i++) {
		char *ongoing = db_ids("SELECT id FROM \"%w\""
				       " WHERE end_status = 'ongoing'",
		    dated[i]);
		char *got = served_ids(dated[i], "from=2020");

		some |= *ongoing != '\0';
		assert_subset(ongoing, got, "from=2020 (ongoing items)");
		free(ongoing);
		free(got);
	}
	assert_true(some); /* or this shows nothing */
}

/*
 * An item whose end the article does not give, and does not say goes on,
 * is known to run only until the last date the article attests: the year
 * after that finds it no more, that year does. And the article's own date
 * (2018, when it was published) finds only what the article says goes on:
 * no pairing is running in 2018 merely because its end is not told.
 */
static void
test_years_unknown_end(void **state)
{
	int some = 0;

	(void)state;
	for (size_t i = 0; dated[i] != NULL; i++) {
		sqlite3_stmt *st;
		char *sql =
		    sqlite3_mprintf("SELECT id, known_until_year FROM \"%w\""
				    " WHERE end_status = 'unknown'",
			dated[i]);
		char *ongoing, *got;

		assert_int_equal(
		    sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *id =
			    (const char *)sqlite3_column_text(st, 0);
			int until = sqlite3_column_int(st, 1);
			char query[64], *at, *after;

			some = 1;
			snprintf(query, sizeof(query), "from=%d&to=%d", until,
			    until);
			at = served_ids(dated[i], query);
			snprintf(query, sizeof(query), "from=%d", until + 1);
			after = served_ids(dated[i], query);
			check(has_word(at, id) && !has_word(after, id),
			    "%s %s: known until %d, but from=%d finds it: %s; "
			    "from=%d&to=%d finds it: %s",
			    dated[i], id, until, until + 1,
			    has_word(after, id) ? "yes" : "no", until, until,
			    has_word(at, id) ? "yes" : "no");
			free(at);
			free(after);
		}
		sqlite3_finalize(st);
		sqlite3_free(sql);
		ongoing = db_ids("SELECT id FROM \"%w\""
				 " WHERE end_status = 'ongoing'"
				 " AND start_year <= 2018",
		    dated[i]);
		got = served_ids(dated[i], "from=2018&to=2018");
		assert_same_ids(got, ongoing, "from=2018&to=2018");
		free(ongoing);
		free(got);
	}
	assert_true(some); /* or this shows nothing */
}

/* from > to, a year out of 1000..9999 or no integer is a 400. */
static void
test_years_invalid(void **state)
{
	static const char *const bad[] = { "999", "10000", "abc", "2008.5",
		"-2000", "", "20%2008", NULL };

	(void)state;
	for (size_t i = 0; dated[i] != NULL; i++) {
		struct http_response r;

		for (size_t j = 0; bad[j] != NULL; j++) {
			expect_bad_param(
			    port, "from", API "/%s?from=%s", dated[i], bad[j]);
			expect_bad_param(
			    port, "to", API "/%s?to=%s", dated[i], bad[j]);
		}
		get(&r, API "/%s?from=2010&to=2000", dated[i]);
		check(r.status == 400 &&
			(error_naming(&r, "from") != NULL ||
			    error_naming(&r, "to") != NULL),
		    "%s: from > to is not a 400 naming from or to",
		    last_request());
		http_response_free(&r);
	}
}

/* ---------------------------------------------------------------------
 * Entity filters
 */

/*
 * SQL: the table below, of the entities at or below an entity (the two
 * %Q): its descendants by parent, and for one of the two partners (a
 * municipality or province at the top) also what has no parent place on
 * its side (its companies, government, ethnic groups) and their
 * descendants.
 */
#define BELOW                                                                  \
	"WITH RECURSIVE below(id) AS (SELECT %Q UNION "                        \
	"SELECT e.id FROM entities e JOIN entities r ON r.id = %Q"             \
	" WHERE r.parent IS NULL AND r.kind IN ('municipality', 'province')"   \
	" AND e.parent IS NULL AND e.side = r.side UNION "                     \
	"SELECT e.id FROM entities e JOIN below b ON e.parent = b.id) "

/*
 * SQL: the table below of BELOW, and the groups located in a place of it
 * (entity_locations, stated or read) with what is below them: what the
 * entity filters find under an entity.
 */
#define REACH                                                                  \
	"WITH RECURSIVE below(id) AS (SELECT %Q UNION "                        \
	"SELECT e.id FROM entities e JOIN entities r ON r.id = %Q"             \
	" WHERE r.parent IS NULL AND r.kind IN ('municipality', 'province')"   \
	" AND e.parent IS NULL AND e.side = r.side UNION "                     \
	"SELECT e.id FROM entities e JOIN below b ON e.parent = b.id UNION "   \
	"SELECT l.entity_id FROM entity_locations l"                           \
	" JOIN below b ON l.place_id = b.id) "

/* What API.md's entity filters keep, per collection and parameter. An
 * event is found by what it names and by the parties of its partnerships
 * and funding; a group located in places is found under them. */
static char *
db_filter(const char *coll, const char *param, const char *id)
{
	if (strcmp(coll, "events") == 0)
		return db_ids(REACH
		    "SELECT event_id FROM event_entities"
		    " WHERE entity_id IN below"
		    " UNION SELECT x.event_id FROM event_partnerships x"
		    " JOIN partnership_parties p"
		    " ON p.partnership_id = x.partnership_id"
		    " WHERE p.entity_id IN below"
		    " UNION SELECT x.event_id FROM event_funding x"
		    " JOIN funding f ON f.id = x.funding_id"
		    " WHERE f.donor IN below"
		    " UNION SELECT x.event_id FROM event_funding x"
		    " JOIN funding_recipients r ON r.funding_id = x.funding_id"
		    " WHERE r.entity_id IN below",
		    id, id);
	if (strcmp(coll, "partnerships") == 0)
		return db_ids(REACH
		    "SELECT DISTINCT partnership_id FROM "
		    "partnership_parties WHERE entity_id IN below "
		    "AND (%Q = 'entity' OR role = %Q)",
		    id, id, param, param);
	if (strcmp(param, "donor") == 0)
		return db_ids(REACH
		    "SELECT id FROM funding WHERE donor IN below",
		    id, id);
	if (strcmp(param, "recipient") == 0)
		return db_ids(REACH
		    "SELECT DISTINCT funding_id FROM "
		    "funding_recipients WHERE entity_id IN below",
		    id, id);
	return db_ids(REACH "SELECT id FROM funding WHERE donor IN below "
			    "UNION SELECT funding_id FROM "
			    "funding_recipients WHERE entity_id IN below",
	    id, id);
}

/* For every entity, entity=, donor= and recipient= keep what involves it
 * or an entity below it. */
static void
test_entity_filters_every_entity(void **state)
{
	static const struct {
		const char *coll, *param;
	} filters[] = { { "events", "entity" }, { "partnerships", "entity" },
		{ "partnerships", "donor" }, { "partnerships", "recipient" },
		{ "funding", "entity" }, { "funding", "donor" },
		{ "funding", "recipient" } };
	sqlite3_stmt *st;

	(void)state;
	assert_int_equal(
	    sqlite3_prepare_v2(db, "SELECT id FROM entities", -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);

		for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]);
		     i++) {
			char query[256], *want;

			snprintf(query, sizeof(query), "%s=%s",
			    filters[i].param, id);
			want = db_filter(filters[i].coll, filters[i].param, id);
			assert_lists(filters[i].coll, query, want);
			free(want);
		}
	}
	sqlite3_finalize(st);
}

/* recipient=yunnan finds funding for a Yunnan prefecture, and
 * entity=shanghai pairings of a Shanghai district. */
static void
test_entity_filter_hierarchy(void **state)
{
	char *below_only =
	    db_ids("SELECT funding_id FROM funding_recipients r JOIN entities "
		   "e ON e.id = r.entity_id WHERE e.parent = 'yunnan' AND "
		   "r.funding_id NOT IN (SELECT funding_id FROM "
		   "funding_recipients WHERE entity_id = 'yunnan')");
	char *districts =
	    db_ids("SELECT partnership_id FROM partnership_parties x JOIN "
		   "entities e ON e.id = x.entity_id WHERE e.parent = "
		   "'shanghai' AND e.kind = 'district'");
	char *funding = served_ids("funding", "recipient=yunnan");
	char *pairings = served_ids("partnerships", "entity=shanghai");

	(void)state;
	assert_true(*below_only != '\0' && *districts != '\0');
	assert_subset(below_only, funding, "recipient=yunnan");
	assert_subset(districts, pairings, "entity=shanghai");
	free(below_only);
	free(districts);
	free(funding);
	free(pairings);
}

/* An entity filter takes an alias, in any spelling of its slug. */
static void
test_entity_filter_by_alias(void **state)
{
	static const char *const keys[] = { "Minghang%20District",
		"Minghang+District", "minghang-district", "MINHANG-DISTRICT",
		"Minhang%20District", NULL };
	char *want = db_filter("partnerships", "entity", "minhang-district");

	(void)state;
	assert_true(*want != '\0');
	for (size_t i = 0; keys[i] != NULL; i++) {
		char query[128];

		snprintf(query, sizeof(query), "entity=%s", keys[i]);
		assert_lists("partnerships", query, want);
	}
	free(want);
}

/* An entity that does not exist is a 400 naming the parameter. */
static void
test_entity_filter_unknown(void **state)
{
	(void)state;
	for (size_t i = 0; dated[i] != NULL; i++)
		expect_bad_param(
		    port, "entity", API "/%s?entity=atlantis", dated[i]);
	expect_bad_param(port, "donor", API "/partnerships?donor=atlantis");
	expect_bad_param(
	    port, "recipient", API "/partnerships?recipient=atlantis");
	expect_bad_param(port, "donor", API "/funding?donor=atlantis");
	expect_bad_param(port, "recipient", API "/funding?recipient=%%20");
	expect_bad_param(port, "parent", API "/entities?parent=atlantis");
	expect_bad_param(
	    port, "recipient", API "/funding/totals?recipient=atlantis");
}

/* A key that names two entities (baoshan: Baoshan District of Shanghai,
 * Baoshan City of Yunnan) is a 400 naming both. */
static void
test_entity_filter_ambiguous(void **state)
{
	struct http_response r;
	json_t *e;
	char detail[512] = "";
	long status;

	(void)state;
	get(&r, API "/funding?recipient=baoshan");
	status = r.status;
	if ((e = error_naming(&r, "recipient")) != NULL)
		snprintf(detail, sizeof(detail), "%s",
		    json_string_value(json_object_get(e, "detail")));
	http_response_free(&r); /* before failing: no leak */
	check(status == 400 && strstr(detail, "baoshan-city") != NULL &&
		strstr(detail, "baoshan-district") != NULL,
	    "%s: %ld, '%s' does not name both Baoshans", last_request(), status,
	    detail);
}

/* ---------------------------------------------------------------------
 * Choice filters
 */

/* Every value of each choice filter keeps exactly the rows that have it. */
static void
test_choice_filters(void **state)
{
	static const struct {
		const char *coll, *param, *table, *column;
	} choices[] = { { "entities", "kind", "entities", "kind" },
		{ "entities", "side", "entities", "side" },
		{ "partnerships", "sector", "partnerships", "sector" },
		{ "events", "category", "events", "category" },
		{ "funding", "kind", "funding", "kind" } };

	(void)state;
	for (size_t i = 0; i < sizeof(choices) / sizeof(choices[0]); i++) {
		sqlite3_stmt *st;
		char *sql =
		    sqlite3_mprintf("SELECT DISTINCT \"%w\" FROM \"%w\"",
			choices[i].column, choices[i].table);
		int values = 0;

		assert_int_equal(
		    sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *v =
			    (const char *)sqlite3_column_text(st, 0);
			char query[128],
			    *want = db_ids(
				"SELECT id FROM \"%w\" WHERE \"%w\" = %Q",
				choices[i].table, choices[i].column, v);

			snprintf(
			    query, sizeof(query), "%s=%s", choices[i].param, v);
			assert_lists(choices[i].coll, query, want);
			free(want);
			values++;
		}
		sqlite3_finalize(st);
		sqlite3_free(sql);
		assert_true(values > 0);
	}
}

/* parent= keeps the entity's direct children, by id or alias. */
static void
test_parent_filter(void **state)
{
	char *want = db_ids("SELECT id FROM entities WHERE parent = 'diqing'");

	(void)state;
	assert_true(*want != '\0');
	assert_lists("entities", "parent=diqing", want);
	assert_lists("entities", "parent=Diqing%20Prefecture", want);
	free(want);
}

/* cumulative=true and false keep the running totals and the others. */
static void
test_cumulative_filter(void **state)
{
	char *yes = db_ids("SELECT id FROM funding WHERE cumulative = 1");
	char *no = db_ids("SELECT id FROM funding WHERE cumulative = 0");

	(void)state;
	assert_true(*yes != '\0' && *no != '\0');
	assert_lists("funding", "cumulative=true", yes);
	assert_lists("funding", "cumulative=false", no);
	free(yes);
	free(no);
}

/* A value not in a choice list is a 400 naming the parameter. */
static void
test_choice_invalid(void **state)
{
	(void)state;
	expect_bad_param(port, "kind", API "/entities?kind=planet");
	expect_bad_param(port, "side", API "/entities?side=beijing");
	expect_bad_param(port, "sector", API "/partnerships?sector=space");
	expect_bad_param(port, "category", API "/events?category=war");
	expect_bad_param(port, "kind", API "/funding?kind=loan");
	expect_bad_param(port, "kind", API "/funding?kind=");
	expect_bad_param(port, "kind", API "/funding?kind=Donation");
	expect_bad_param(port, "cumulative", API "/funding?cumulative=yes");
	expect_bad_param(port, "cumulative", API "/funding?cumulative=1");
	expect_bad_param(port, "cumulative", API "/funding?cumulative=");
}

/* ---------------------------------------------------------------------
 * Unknown parameters
 */

/* Every endpoint rejects a parameter it does not document, by name. */
static void
test_unknown_parameter(void **state)
{
	static const char *const targets[] = { API, API "/funding/totals",
		"/healthz", "/readyz", API "/entities/shanghai", NULL };

	(void)state;
	for (size_t i = 0; i < NCOLLS; i++) {
		char *id =
		    db_text("SELECT id FROM \"%w\" LIMIT 1", colls[i].table);

		expect_bad_param(
		    port, "bogus", API "/%s?bogus=1", colls[i].name);
		expect_bad_param(
		    port, "bogus", API "/%s?limit=2&bogus", colls[i].name);
		expect_bad_param(
		    port, "Limit", API "/%s?Limit=2", colls[i].name);
		expect_bad_param(
		    port, "bogus", API "/%s/%s?bogus=1", colls[i].name, id);
		expect_bad_param(
		    port, "limit", API "/%s/%s?limit=1", colls[i].name, id);
		free(id);
	}
	for (size_t i = 0; targets[i] != NULL; i++)
		expect_bad_param(port, "bogus", "%s?bogus=x", targets[i]);
	expect_bad_param(port, "limit", API "/funding/totals?limit=1");
}

/* ---------------------------------------------------------------------
 * /entities/{key}
 */

/* An entity is found by its id in any case; another key than the id
 * gives its canonical address in Content-Location. */
static void
test_entity_by_id_any_case(void **state)
{
	struct http_response r;

	(void)state;
	get(&r, API "/entities/wenshan");
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(r.json, "data"), "id")),
	    "wenshan");
	http_response_free(&r);
	get(&r, API "/entities/WENSHAN");
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(r.json, "data"), "id")),
	    "wenshan");
	expect_header(&r, "Content-Location", API "/entities/wenshan");
	http_response_free(&r);
}

/* /entities/minghang-district is Minhang District, at its own address. */
static void
test_entity_by_misspelt_alias(void **state)
{
	struct http_response r;

	(void)state;
	get(&r, API "/entities/minghang-district");
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(r.json, "data"), "name")),
	    "Minhang District");
	expect_header(&r, "Content-Location", API "/entities/minhang-district");
	http_response_free(&r);
}

/* A key of an entity: the slug of its id, name or an alias, and the text
 * it is the slug of. */
struct key {
	char slug[256];
	char id[128];
	char text[512];
};

static int
key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c = strcmp(x->slug, y->slug);

	return c != 0 ? c : strcmp(x->id, y->id);
}

/* The keys of every entity: the slugs of its id, name and aliases. */
static struct key *
entity_keys(size_t *n)
{
	sqlite3_stmt *st;
	struct key *keys = NULL;

	*n = 0;
	assert_int_equal(sqlite3_prepare_v2(db,
			     "SELECT id, id FROM entities UNION ALL SELECT id, "
			     "name FROM entities UNION ALL SELECT entity_id, "
			     "alias FROM entity_aliases",
			     -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		keys = realloc(keys, (*n + 1) * sizeof(*keys));
		assert_non_null(keys);
		snprintf(keys[*n].id, sizeof(keys[*n].id), "%s",
		    (const char *)sqlite3_column_text(st, 0));
		snprintf(keys[*n].text, sizeof(keys[*n].text), "%s",
		    (const char *)sqlite3_column_text(st, 1));
		slug(keys[*n].text, keys[*n].slug, sizeof(keys[*n].slug));
		(*n)++;
	}
	sqlite3_finalize(st);
	qsort(keys, *n, sizeof(*keys), key_cmp);
	return keys;
}

/* Asserts /entities/<key> is the entity id, naming it in
 * Content-Location when the key is not the id. */
static void
assert_entity_at(const char *key, const char *id)
{
	struct http_response r;
	char want[256];

	get(&r, API "/entities/%s", key);
	check(r.status == 200, "%s: %ld, not entity %s", last_request(),
	    r.status, id);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(r.json, "data"), "id")),
	    id);
	if (strcmp(key, id) != 0) {
		snprintf(want, sizeof(want), API "/entities/%s", id);
		expect_header(&r, "Content-Location", want);
	}
	http_response_free(&r);
}

/* Every name and alias finds its entity, by its slug and as written. */
static void
test_entity_by_every_key(void **state)
{
	size_t n;
	struct key *keys = entity_keys(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		char enc[1024];
		int shared =
		    (i > 0 && strcmp(keys[i - 1].slug, keys[i].slug) == 0 &&
			strcmp(keys[i - 1].id, keys[i].id) != 0) ||
		    (i + 1 < n && strcmp(keys[i + 1].slug, keys[i].slug) == 0 &&
			strcmp(keys[i + 1].id, keys[i].id) != 0);

		if (shared)
			continue; /* the next test */
		assert_entity_at(keys[i].slug, keys[i].id);
		assert_entity_at(
		    url_encode(keys[i].text, enc, sizeof(enc)), keys[i].id);
	}
	free(keys);
}

/*
 * Whether r is a 300 whose candidates are exactly the ids (sorted,
 * space-separated), each with id, name, kind and href: 1, or 0 with the
 * reason in why. It does not fail the test itself, so that the caller can
 * free r first (a failing cmocka test leaks what it holds).
 */
static int
candidates_ok(
    const struct http_response *r, const char *ids, char *why, size_t cap)
{
	json_t *candidates = json_object_get(r->json, "candidates"), *c;
	char *got;
	size_t i;
	int ok;

	if (r->status != 300 || !json_is_array(candidates)) {
		snprintf(why, cap,
		    "%.200s: %ld, not 300 with candidates [%s]: %.300s",
		    last_request(), r->status, ids, r->body);
		return 0;
	}
	json_array_foreach (candidates, i, c) {
		char want[256];
		const char *id = json_string_value(json_object_get(c, "id"));
		const char *href =
		    json_string_value(json_object_get(c, "href"));

		snprintf(want, sizeof(want), API "/entities/%s",
		    id != NULL ? id : "");
		if (id == NULL || !json_is_string(json_object_get(c, "name")) ||
		    !json_is_string(json_object_get(c, "kind")) ||
		    href == NULL || strcmp(href, want) != 0) {
			snprintf(why, cap,
			    "%.200s: candidate %zu lacks id, name, kind or "
			    "href %s",
			    last_request(), i, want);
			return 0;
		}
	}
	got = ids_of(candidates, 1);
	ok = strcmp(got, ids) == 0;
	snprintf(why, cap, "%.200s: candidates [%.300s], not [%.300s]",
	    last_request(), got, ids);
	free(got);
	return ok;
}

/* 1 when slug is the id of an entity of keys. */
static int
key_is_id(const struct key *keys, size_t n, const char *slug)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(keys[i].id, slug) == 0)
			return 1;
	return 0;
}

/* A key shared by several entities answers 300 with exactly them. */
static void
test_entity_shared_keys(void **state)
{
	size_t n, i = 0;
	struct key *keys = entity_keys(&n);

	(void)state;
	while (i < n) {
		const char *ids[16];
		size_t j = i, m = 0;
		char *want;

		for (; j < n && strcmp(keys[j].slug, keys[i].slug) == 0; j++)
			if (m == 0 || strcmp(ids[m - 1], keys[j].id) != 0)
				if (m < 16)
					ids[m++] = keys[j].id;
		want = join(ids, m, 1);
		/* an entity's own id names it alone (store.h: the exact id
		 * wins), so only keys that are no id are ambiguous */
		if (m > 1 && !key_is_id(keys, n, keys[i].slug)) {
			struct http_response r;
			char why[1024];
			int ok;

			get(&r, API "/entities/%s", keys[i].slug);
			ok = candidates_ok(&r, want, why, sizeof(why));
			http_response_free(&r);
			check(ok, "%s", why);
		}
		free(want);
		i = j;
	}
	free(keys);
}

/* /entities/baoshan (Baoshan District of Shanghai, Baoshan City of
 * Yunnan) answers 300 with both. */
static void
test_entity_ambiguous(void **state)
{
	struct http_response r;
	char why[1024];
	int ok;

	(void)state;
	get(&r, API "/entities/baoshan");
	ok = candidates_ok(
	    &r, "baoshan-city baoshan-district", why, sizeof(why));
	http_response_free(&r);
	check(ok, "%s", why);
}

/* A key that names no entity is a 404 problem. */
static void
test_entity_unknown(void **state)
{
	(void)state;
	expect_problem(port, 404, API "/entities/atlantis");
	expect_problem(port, 404, API "/entities/-");
}

/* ---------------------------------------------------------------------
 * 404
 */

/* An id no item has is a 404 problem, in every collection. */
static void
test_unknown_item(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCOLLS; i++) {
		expect_problem(
		    port, 404, API "/%s/no-such-item", colls[i].name);
		expect_problem(port, 404, API "/%s/%%C3%%A9", colls[i].name);
	}
}

/* An unknown path is a JSON 404 problem, never an HTML page. */
static void
test_unknown_path(void **state)
{
	static const char *const paths[] = { "/nope", "/api/v2/events",
		API "/events/a/b", "/api", API "/nope", API "/eventsx",
		API "/funding/totals/x", "/healthz/x", "/index.html", NULL };

	(void)state;
	for (size_t i = 0; paths[i] != NULL; i++)
		expect_problem(port, 404, "%s", paths[i]);
}

/* ---------------------------------------------------------------------
 * /funding/totals
 *
 * The expectations come from the base tables and the contract (API.md,
 * "Honest totals" and "Additions"), written here again without the
 * server's code: where each record lies in each row (wholly, shared, read
 * or not at all), then which of those wholly in a row are contained,
 * uncertain or counted.
 */

static json_t *
get_totals(const char *query)
{
	char target[TARGET_MAX];

	snprintf(target, sizeof(target), API "/funding/totals%s%s",
	    *query != '\0' ? "?" : "", query);
	return get_ok(target);
}

/* The row of key in a totals document (borrowed), failing when absent. */
static json_t *
totals_row(json_t *doc, const char *key)
{
	json_t *row;
	size_t i;

	json_array_foreach (json_object_get(doc, "data"), i, row) {
		if (strcmp(json_string_value(json_object_get(row, "key")),
			key) == 0)
			return row;
	}
	fail_msg("%s: no row %s", last_request(), key);
	return NULL;
}

/* A funding record as the base tables hold it. */
struct rec {
	char id[96], kind[48], donor[96], part_of[96], possibly[96];
	char recipients[16][96];
	int read[16]; /* the recipient is read from context, not stated */
	size_t nrecipients;
	long long amount;
	int at_least, part_of_read;
};

/* How a record lies in a row, from not at all to wholly; the least of two
 * is how it lies in both. */
enum lie { LIE_NONE, LIE_READ, LIE_PARTLY, LIE_WHOLLY };

static struct rec recs[32];
static size_t nrecs;

static void
copy_col(char *out, size_t cap, sqlite3_stmt *st, int col)
{
	const char *v = (const char *)sqlite3_column_text(st, col);

	snprintf(out, cap, "%s", v != NULL ? v : "");
}

/* Reads every funding record from the base tables (once). */
static void
load_recs(void)
{
	sqlite3_stmt *st, *rs;

	if (nrecs > 0)
		return;
	assert_int_equal(
	    sqlite3_prepare_v2(db,
		"SELECT id, kind, donor, part_of, possibly_part_of,"
		" amount_yuan, bound = 'at_least', part_of_inferred"
		" FROM funding ORDER BY id",
		-1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
			     "SELECT entity_id, inferred FROM"
			     " funding_recipients"
			     " WHERE funding_id = ? ORDER BY position",
			     -1, &rs, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct rec *r = &recs[nrecs++];

		assert_true(nrecs < sizeof(recs) / sizeof(recs[0]));
		copy_col(r->id, sizeof(r->id), st, 0);
		copy_col(r->kind, sizeof(r->kind), st, 1);
		copy_col(r->donor, sizeof(r->donor), st, 2);
		copy_col(r->part_of, sizeof(r->part_of), st, 3);
		copy_col(r->possibly, sizeof(r->possibly), st, 4);
		r->amount = sqlite3_column_int64(st, 5);
		r->at_least = sqlite3_column_int(st, 6);
		r->part_of_read = sqlite3_column_int(st, 7);
		sqlite3_bind_text(rs, 1, r->id, -1, SQLITE_STATIC);
		while (sqlite3_step(rs) == SQLITE_ROW && r->nrecipients < 16) {
			r->read[r->nrecipients] = sqlite3_column_int(rs, 1);
			copy_col(r->recipients[r->nrecipients++], 96, rs, 0);
		}
		sqlite3_reset(rs);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(rs);
}

static const struct rec *
rec_of(const char *id)
{
	for (size_t i = 0; i < nrecs; i++)
		if (strcmp(recs[i].id, id) == 0)
			return &recs[i];
	return NULL;
}

/* 1 when entity e is a or below it, as API.md's filters have it. */
static int
below(const char *e, const char *a)
{
	char *ids = db_ids(BELOW "SELECT id FROM below WHERE id = %Q", a, a, e);
	int yes = *ids != '\0';

	free(ids);
	return yes;
}

/* 1 when entity e is a place or a group of places. */
static int
is_place(const char *e)
{
	char *v = db_text("SELECT k.place FROM entities e JOIN entity_kinds k"
			  " ON k.value = e.kind WHERE e.id = %Q",
	    e);
	int yes = v != NULL && strcmp(v, "1") == 0;

	free(v);
	return yes;
}

/*
 * Where recipient r lies in entity e: 2 when it is e or below it; 1 when
 * it is a group located in a place that is e or below it (*stated then
 * says whether one such location is stated, not read); 0 otherwise.
 */
static int
tie(const char *r, const char *e, int *stated)
{
	char *read;
	int t;

	*stated = 1;
	if (below(r, e))
		return 2;
	read = db_text(BELOW "SELECT min(inferred) FROM entity_locations"
			     " WHERE entity_id = %Q AND place_id IN below",
	    e, e, r);
	t = read != NULL;
	*stated = read != NULL && strcmp(read, "0") == 0;
	free(read);
	return t;
}

/*
 * How record r lies with entity e, by the recipients that count for e:
 * for a place, the places among r's recipients (all of them when none is
 * one); for a group that is not a place, those that are not places.
 * Wholly when each of them lies in e and one of those is stated (so that
 * all of it is e's whichever way the article is read); shared when some
 * stated recipient lies in e or, by a stated location, partly in it;
 * read when the only ties are read (a recipient or a location inferred).
 */
static enum lie
lies_with(const struct rec *r, const char *e)
{
	int place = is_place(e);
	size_t of = 0, in = 0, stated_in = 0, tied = 0, stated_tied = 0;
	size_t places = 0;

	for (size_t k = 0; k < r->nrecipients; k++)
		places += is_place(r->recipients[k]);
	for (size_t k = 0; k < r->nrecipients; k++) {
		int p = is_place(r->recipients[k]), stated, t;

		if (place ? !p && places > 0 : p)
			continue;
		of++;
		t = tie(r->recipients[k], e, &stated);
		in += t == 2;
		stated_in += t == 2 && !r->read[k];
		tied += t > 0;
		stated_tied += t > 0 && stated && !r->read[k];
	}
	if (tied == 0)
		return LIE_NONE;
	if (in == of && stated_in > 0)
		return LIE_WHOLLY;
	return stated_tied > 0 ? LIE_PARTLY : LIE_READ;
}

/* A filter of /funding on the totals: its kind and entity, if any. */
struct tfilter {
	const char *param; /* "recipient", "entity", "donor", or NULL */
	const char *entity;
};

/* Where record r lies in row key of group_by, under filter f: no more
 * than it lies with the entity of a recipient or entity filter (by any
 * party: wholly when its donor is below it). */
static enum lie
lies_in(const struct rec *r, const char *group_by, const char *key,
    const struct tfilter *f)
{
	enum lie l, most = LIE_WHOLLY;

	if (strcmp(group_by, "kind") == 0)
		l = strcmp(r->kind, key) == 0 ? LIE_WHOLLY : LIE_NONE;
	else if (strcmp(group_by, "donor") == 0)
		l = below(r->donor, key) ? LIE_WHOLLY : LIE_NONE;
	else
		l = lies_with(r, key);
	if (l == LIE_NONE || f->param == NULL)
		return l;
	if (strcmp(f->param, "recipient") == 0 ||
	    (strcmp(f->param, "entity") == 0 && !below(r->donor, f->entity)))
		most = lies_with(r, f->entity);
	if (most == LIE_NONE) /* found through what does not count */
		most = LIE_READ;
	return l < most ? l : most;
}

/* The id list (space-separated) the row has under name, checking that
 * each is a funding ref with its amount. */
static char *
row_list(json_t *row, const char *name)
{
	json_t *list = json_object_get(row, name), *ref;
	size_t i;

	check(json_is_array(list), "%s: row %s has no list %s", last_request(),
	    json_string_value(json_object_get(row, "key")), name);
	json_array_foreach (list, i, ref) {
		const struct rec *r =
		    rec_of(json_string_value(json_object_get(ref, "id")));
		char href[256];

		check(r != NULL &&
			json_is_string(json_object_get(ref, "name")) &&
			int_member(ref, "amount_yuan") == r->amount,
		    "%s: %s lists %s without its name and amount",
		    last_request(), name,
		    json_string_value(json_object_get(ref, "id")));
		snprintf(href, sizeof(href), API "/funding/%s", r->id);
		check(json_is_string(json_object_get(ref, "href")) &&
			strcmp(json_string_value(json_object_get(ref, "href")),
			    href) == 0,
		    "%s: %s does not link %s", last_request(), name, href);
	}
	return ids_of(list, 1);
}

/* 1 when the list of /funding records holds id. */
static int
listed(json_t *records, const char *id)
{
	json_t *item;
	size_t i;

	json_array_foreach (records, i, item) {
		if (strcmp(json_string_value(json_object_get(item, "id")),
			id) == 0)
			return 1;
	}
	return 0;
}

/* What record r, wholly in row key, is there: "contained" when its chain
 * of part_of reaches another listed record wholly in the row, every link
 * stated; "uncertain" when a link on the way is read (part_of inferred)
 * or only possible (possibly_part_of); else "counted". */
static const char *
status_in(const struct rec *r, json_t *records, const char *group_by,
    const char *key, const struct tfilter *f)
{
	int certain = 1;

	for (int depth = 0; depth < 16; depth++) {
		const char *up = *r->part_of != '\0' ? r->part_of : r->possibly;
		const struct rec *c;

		if (*up == '\0' || (c = rec_of(up)) == NULL)
			break;
		certain &= *r->part_of != '\0' && !r->part_of_read;
		if (listed(records, c->id) &&
		    lies_in(c, group_by, key, f) == LIE_WHOLLY)
			return certain ? "contained" : "uncertain";
		r = c;
	}
	return "counted";
}

/* The lists of a totals row, in their order. */
static const char *const total_lists[] = { "counted", "contained", "uncertain",
	"shared", "inferred" };
#define NLISTS (sizeof(total_lists) / sizeof(total_lists[0]))

/*
 * Checks a totals document against the contract, over every record /funding
 * lists under the same filter: each lies in each row as lies_in says and
 * is listed accordingly (wholly: counted, contained or uncertain; shared;
 * read: inferred), each once; contained when its part_of chain reaches a
 * record wholly in the row, uncertain when a read or possible link on the
 * way does; amount_yuan is the sum of the counted; at_least when a
 * counted is a lower bound or anything is uncertain, shared or inferred;
 * each row holds a record; and, with no filter, every entity a record
 * lies in has its row.
 */
static void
assert_totals(const char *group_by, const char *filter, const struct tfilter *f)
{
	char query[1024];
	json_t *doc, *row, *records;
	size_t i;

	load_recs();
	snprintf(query, sizeof(query), "group_by=%s%s%s", group_by,
	    *filter != '\0' ? "&" : "", filter);
	doc = get_totals(query);
	check(json_is_string(
		  json_object_get(json_object_get(doc, "meta"), "rule")),
	    "%s: no meta.rule", last_request());
	records = list_all("funding", "%s", filter);
	json_array_foreach (json_object_get(doc, "data"), i, row) {
		const char *key =
		    json_string_value(json_object_get(row, "key"));
		char *lists[NLISTS];
		long long sum = 0;
		int at_least = 0, any = 0;
		json_t *item;
		size_t j;

		check(json_object_size(row) == 5 + NLISTS,
		    "%s: row %s has %zu members, not key, name, href, "
		    "amount_yuan, at_least and its %zu lists",
		    last_request(), key, json_object_size(row), NLISTS);
		for (size_t l = 0; l < NLISTS; l++)
			lists[l] = row_list(row, total_lists[l]);
		json_array_foreach (records, j, item) {
			const struct rec *r = rec_of(
			    json_string_value(json_object_get(item, "id")));
			enum lie l = lies_in(r, group_by, key, f);
			const char *want = "nowhere";
			int in = 0, right = 0;

			if (l == LIE_READ)
				want = "inferred";
			else if (l == LIE_PARTLY)
				want = "shared";
			else if (l == LIE_WHOLLY)
				want = status_in(r, records, group_by, key, f);
			if (strcmp(want, "counted") == 0) {
				sum += r->amount;
				at_least |= r->at_least;
			} else if (l != LIE_NONE &&
			    strcmp(want, "contained") != 0) {
				at_least = 1;
			}
			any |= l != LIE_NONE;
			for (size_t k = 0; k < NLISTS; k++) {
				in += has_word(lists[k], r->id);
				right += has_word(lists[k], r->id) &&
				    strcmp(total_lists[k], want) == 0;
			}
			check(in == (l != LIE_NONE) && right == in,
			    "%s: row %s: %s should be %s (counted [%s], "
			    "contained [%s], uncertain [%s], shared [%s], "
			    "inferred [%s])",
			    last_request(), key, r->id, want, lists[0],
			    lists[1], lists[2], lists[3], lists[4]);
		}
		check(any, "%s: row %s holds no record", last_request(), key);
		check(int_member(row, "amount_yuan") == sum,
		    "%s: row %s: amount_yuan %lld, its counted records add up "
		    "to %lld",
		    last_request(), key, int_member(row, "amount_yuan"), sum);
		check(
		    json_is_true(json_object_get(row, "at_least")) == at_least,
		    "%s: row %s: at_least should be %s", last_request(), key,
		    at_least ? "true" : "false");
		for (size_t l = 0; l < NLISTS; l++)
			free(lists[l]);
	}
	if (f->param == NULL && *filter == '\0' &&
	    strcmp(group_by, "kind") != 0) {
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_prepare_v2(db,
				     "SELECT id FROM entities", -1, &st, NULL),
		    SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *e =
			    (const char *)sqlite3_column_text(st, 0);
			const char *lying = NULL;
			json_t *r;
			size_t k, n = 0;

			for (size_t j = 0; j < nrecs && lying == NULL; j++)
				if (lies_in(&recs[j], group_by, e, f) !=
				    LIE_NONE)
					lying = recs[j].id;
			json_array_foreach (
			    json_object_get(doc, "data"), k, r) {
				n += strcmp(json_string_value(
						json_object_get(r, "key")),
					 e) == 0;
			}
			check(n == (lying != NULL),
			    "%s: %zu rows for %s, where %s lies",
			    last_request(), n, e,
			    lying != NULL ? lying : "no record");
		}
		sqlite3_finalize(st);
	}
	json_decref(records);
	json_decref(doc);
}

/* Asserts a row's sum, bound and lists (ids sorted, space-separated):
 * counted, contained, uncertain, shared, inferred. */
static void
assert_row(
    json_t *row, long long amount, int at_least, const char *const want[NLISTS])
{
	check(int_member(row, "amount_yuan") == amount,
	    "%s: row %s: amount_yuan %lld, not %lld", last_request(),
	    json_string_value(json_object_get(row, "key")),
	    int_member(row, "amount_yuan"), amount);
	check(json_is_true(json_object_get(row, "at_least")) == at_least,
	    "%s: row %s: at_least is not %d", last_request(),
	    json_string_value(json_object_get(row, "key")), at_least);
	for (size_t i = 0; i < NLISTS; i++) {
		char *got = ids_of(json_object_get(row, total_lists[i]), 1);

		assert_same_ids(got, want[i], total_lists[i]);
		free(got);
	}
}

#define ROW(counted, contained, uncertain, shared, inferred)                   \
	(const char *const[NLISTS])                                            \
	{                                                                      \
		counted, contained, uncertain, shared, inferred                \
	}

/*
 * group_by=kind, from the article. Government aid: "accumulatively
 * provided more than 1.981 billion" by June 2011, at least 1,981,000,000.
 * The 6.6 million (1998), the 33.64 million (2006-2010) and the 416
 * million (Wenshan, 15 years) are read as inside it, which the article
 * never says; whether the 80 million "donated" in 2004 is inside it the
 * article leaves open: all four are uncertain and not added, so the bound
 * holds whichever way the article is read.
 */
static void
test_totals_by_kind_by_hand(void **state)
{
	json_t *doc = get_totals("group_by=kind");

	(void)state;
	assert_row(totals_row(doc, "government_aid"), 1981000000LL, 1,
	    ROW("aid-total-to-june-2011", "",
		"deang-aid-2006-2010 delegation-donation-2004 "
		"pilot-villages-aid-1998 wenshan-aid-15-years",
		"", ""));
	/* "donate more than 30 million yuan": 30,000,000, at least */
	assert_row(totals_row(doc, "donation"), 30000000LL, 1,
	    ROW("wenshan-donations-15-years", "", "", "", ""));
	/* "1.15 billion yuan from Shanghai enterprises": 1,150,000,000 */
	assert_row(totals_row(doc, "enterprise_investment"), 1150000000LL, 0,
	    ROW("wenshan-enterprise-investment-15-years", "", "", "", ""));
	json_decref(doc);
}

/*
 * group_by=recipient, by hand. Yunnan holds every place of every record:
 *	1,981,000,000 + 30,000,000 + 1,150,000,000 = 3,161,000,000, at least
 * (the 80 million and the three amounts read as parts of the 1.981
 * billion uncertain). The article gives Wenshan by name only the 416
 * million ("416 million yuan in financial aid for ... Wenshan"); the 30
 * million and the 1.15 billion it gives to Yunnan ("With those funds,
 * 1,672 supporting projects were launched in Yunnan"), and the 6.6 million
 * reaches Wenshan only through villages it is read to have gone to: all
 * three are inferred in Wenshan's row, not added; the 1.981 billion it
 * shares with three other prefectures:
 *	416,000,000, at least.
 * The 80 De'ang villages are the 33.64 million's recipient ("invested
 * 33.64 million yuan to give full support to the 80 natural villages");
 * Dehong, Baoshan and Lincang are where they lie, so they share it, and
 * the 1.981 billion reaches the villages only as read:
 *	villages 33,640,000, at least; Dehong 0, at least.
 */
static void
test_totals_by_recipient_by_hand(void **state)
{
	json_t *doc = get_totals("group_by=recipient");

	(void)state;
	assert_row(totals_row(doc, "yunnan"), 3161000000LL, 1,
	    ROW("aid-total-to-june-2011 wenshan-donations-15-years "
		"wenshan-enterprise-investment-15-years",
		"",
		"deang-aid-2006-2010 delegation-donation-2004 "
		"pilot-villages-aid-1998 wenshan-aid-15-years",
		"", ""));
	assert_row(totals_row(doc, "wenshan"), 416000000LL, 1,
	    ROW("wenshan-aid-15-years", "", "", "aid-total-to-june-2011",
		"pilot-villages-aid-1998 wenshan-donations-15-years "
		"wenshan-enterprise-investment-15-years"));
	assert_row(totals_row(doc, "deang-natural-villages"), 33640000LL, 1,
	    ROW("deang-aid-2006-2010", "", "", "", "aid-total-to-june-2011"));
	assert_row(totals_row(doc, "deang"), 33640000LL, 1,
	    ROW("deang-aid-2006-2010", "", "", "aid-total-to-june-2011", ""));
	assert_row(totals_row(doc, "dehong"), 0, 1,
	    ROW("", "", "", "deang-aid-2006-2010", "aid-total-to-june-2011"));
	json_decref(doc);
	/* Wenshan by kind: its 416 million of government aid, not the
	 * 1.981 billion it shares, nor what reaches it only as read */
	doc = get_totals("group_by=kind&recipient=wenshan");
	assert_row(totals_row(doc, "government_aid"), 416000000LL, 1,
	    ROW("wenshan-aid-15-years", "", "", "aid-total-to-june-2011",
		"pilot-villages-aid-1998"));
	assert_row(totals_row(doc, "donation"), 0, 1,
	    ROW("", "", "", "", "wenshan-donations-15-years"));
	json_decref(doc);
}

/*
 * group_by=donor, Shanghai: what its government gives and what its social
 * sectors and enterprises below it give, as for Yunnan:
 *	1,981,000,000 + 30,000,000 + 1,150,000,000 = 3,161,000,000, at least.
 */
static void
test_totals_by_donor_by_hand(void **state)
{
	json_t *doc = get_totals("group_by=donor");

	(void)state;
	assert_row(totals_row(doc, "shanghai"), 3161000000LL, 1,
	    ROW("aid-total-to-june-2011 wenshan-donations-15-years "
		"wenshan-enterprise-investment-15-years",
		"",
		"deang-aid-2006-2010 delegation-donation-2004 "
		"pilot-villages-aid-1998 wenshan-aid-15-years",
		"", ""));
	assert_row(totals_row(doc, "shanghai-enterprises"), 1150000000LL, 0,
	    ROW("wenshan-enterprise-investment-15-years", "", "", "", ""));
	json_decref(doc);
}

/* Every row of every grouping keeps the rules of honest totals. */
static void
test_totals_invariants(void **state)
{
	static const struct tfilter none = { NULL, NULL };

	(void)state;
	assert_totals("kind", "", &none);
	assert_totals("recipient", "", &none);
	assert_totals("donor", "", &none);
}

/* The filters of /funding apply to the totals under the same rules, for a
 * filter by every entity and the other filters. */
static void
test_totals_filters(void **state)
{
	static const char *const groupings[] = { "kind", "recipient", "donor" };
	static const char *const params[] = { "recipient", "entity", "donor" };
	static const char *const others[] = { "kind=donation",
		"cumulative=false", "from=2004&to=2004", "from=2012", NULL };
	static const struct tfilter none = { NULL, NULL };
	sqlite3_stmt *st;

	(void)state;
	assert_int_equal(
	    sqlite3_prepare_v2(db, "SELECT id FROM entities", -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);

		for (size_t p = 0; p < 3; p++) {
			struct tfilter f = { params[p], id };
			char filter[256];

			snprintf(
			    filter, sizeof(filter), "%s=%s", params[p], id);
			for (size_t g = 0; g < 3; g++)
				assert_totals(groupings[g], filter, &f);
		}
	}
	sqlite3_finalize(st);
	for (size_t i = 0; others[i] != NULL; i++)
		for (size_t g = 0; g < 3; g++)
			assert_totals(groupings[g], others[i], &none);
}

/*
 * q on the totals is a 400 naming q that points to recipient= and donor=:
 * a total is of a group of records, and a text match is not one (q=wenshan
 * would make a total of whatever mentions Wenshan).
 */
static void
test_totals_refuse_q(void **state)
{
	static const char *const groupings[] = { "kind", "recipient", "donor" };

	(void)state;
	for (size_t g = 0; g < 3; g++) {
		struct http_response r;
		const char *detail;

		get(&r, API "/funding/totals?group_by=%s&q=wenshan",
		    groupings[g]);
		detail = json_string_value(
		    json_object_get(error_naming(&r, "q"), "detail"));
		check(r.status == 400 && detail != NULL &&
			strstr(detail, "recipient=") != NULL &&
			strstr(detail, "donor=") != NULL,
		    "%s: not a 400 naming q and pointing to recipient= and "
		    "donor= (%ld, %s)",
		    last_request(), r.status,
		    detail != NULL ? detail : "no error naming q");
		http_response_free(&r);
	}
	expect_bad_param(
	    port, "q", API "/funding/totals?q=aid&recipient=yunnan");
}

/*
 * meta.rule says the rule in plain words, for a person: no field names
 * (no word with an underscore). With from or to it adds one sentence that
 * names the years and says that records overlapping them are counted
 * whole; without, it says nothing of years.
 */
static void
test_totals_rule(void **state)
{
	static const char *const groupings[] = { "kind", "recipient", "donor" };
	static const struct {
		const char *query, *years;
	} years[] = { { "", NULL }, { "&from=2004&to=2004", "2004 to 2004" },
		{ "&from=2004", "from 2004" }, { "&to=1998", "up to 1998" },
		{ "&recipient=wenshan", NULL } };

	(void)state;
	for (size_t g = 0; g < 3; g++) {
		char base[2048];
		json_t *doc;
		const char *rule;

		snprintf(base, sizeof(base), "group_by=%s", groupings[g]);
		doc = get_totals(base);
		rule = json_string_value(
		    json_object_get(json_object_get(doc, "meta"), "rule"));
		assert_non_null(rule);
		snprintf(base, sizeof(base), "%s", rule);
		json_decref(doc);
		for (size_t y = 0; y < sizeof(years) / sizeof(years[0]); y++) {
			char query[256];
			const char *u;

			snprintf(query, sizeof(query), "group_by=%s%s",
			    groupings[g], years[y].query);
			doc = get_totals(query);
			rule = json_string_value(json_object_get(
			    json_object_get(doc, "meta"), "rule"));
			check(rule != NULL && strchr(rule, '_') == NULL,
			    "%s: meta.rule names a field: %s", last_request(),
			    rule != NULL ? rule : "(none)");
			for (u = rule; u != NULL && *u != '\0'; u++)
				check(*u != '`', "%s: meta.rule has code",
				    last_request());
			if (years[y].years == NULL)
				check(rule != NULL && strcmp(rule, base) == 0 &&
					strstr(rule, "whole") == NULL,
				    "%s: meta.rule is not the grouping's: %s",
				    last_request(), rule);
			else
				check(rule != NULL &&
					strncmp(rule, base, strlen(base)) ==
					    0 &&
					strstr(rule + strlen(base),
					    years[y].years) != NULL &&
					strstr(rule + strlen(base),
					    "counted whole") != NULL,
				    "%s: meta.rule does not say that records "
				    "overlapping %s are counted whole: %s",
				    last_request(), years[y].years,
				    rule != NULL ? rule : "(none)");
			json_decref(doc);
		}
	}
}

/* Without group_by the totals are by kind. */
static void
test_totals_default_group_by(void **state)
{
	json_t *doc = get_totals(""), *by_kind = get_totals("group_by=kind");

	(void)state;
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(doc, "meta"), "group_by")),
	    "kind");
	assert_true(json_equal(
	    json_object_get(doc, "data"), json_object_get(by_kind, "data")));
	json_decref(doc);
	json_decref(by_kind);
}

/* A group_by not in kind, recipient, donor is a 400 naming it. */
static void
test_totals_bad_group_by(void **state)
{
	(void)state;
	expect_bad_param(port, "group_by", API "/funding/totals?group_by=year");
	expect_bad_param(port, "group_by", API "/funding/totals?group_by=");
	expect_bad_param(port, "group_by", API "/funding/totals?group_by=Kind");
	expect_bad_param(port, "kind", API "/funding/totals?kind=loan");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		/* endpoints and shapes */
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_collection_totals_match_db),
		cmocka_unit_test(test_items_have_their_fields),
		cmocka_unit_test(test_item_by_id),
		cmocka_unit_test(test_source_text),
		cmocka_unit_test(test_health),
		cmocka_unit_test(test_content_types),
		cmocka_unit_test(test_provenance),
		/* paging */
		cmocka_unit_test(test_limit_default),
		cmocka_unit_test(test_limit_bounds),
		cmocka_unit_test(test_limit_invalid),
		cmocka_unit_test(test_offset_invalid),
		cmocka_unit_test(test_offset_past_end),
		cmocka_unit_test(test_links_carry_parameters),
		cmocka_unit_test(test_no_link_on_single_page),
		cmocka_unit_test(test_first_page_links_next_only),
		cmocka_unit_test(test_pages_cover_every_item),
		/* sort */
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_stated_or_read),
		cmocka_unit_test(test_date_labels),
		cmocka_unit_test(test_end_statuses_documented),
		cmocka_unit_test(test_article_order),
		cmocka_unit_test(test_filters_agree),
		cmocka_unit_test(test_default_order),
		cmocka_unit_test(test_sort_orders),
		cmocka_unit_test(test_sort_invalid),
		/* fields */
		cmocka_unit_test(test_fields_projection),
		cmocka_unit_test(test_fields_on_item),
		cmocka_unit_test(test_fields_invalid),
		/* q */
		cmocka_unit_test(test_q_prefix),
		cmocka_unit_test(test_q_case_insensitive),
		cmocka_unit_test(test_q_finds_aliases),
		cmocka_unit_test(test_q_no_match),
		cmocka_unit_test(test_q_without_word),
		cmocka_unit_test(test_q_too_long),
		/* from, to */
		cmocka_unit_test(test_years_overlap),
		cmocka_unit_test(test_years_spanning_item),
		cmocka_unit_test(test_years_ongoing),
		cmocka_unit_test(test_years_unknown_end),
		cmocka_unit_test(test_years_invalid),
		/* entity filters */
		cmocka_unit_test(test_entity_filters_every_entity),
		cmocka_unit_test(test_entity_filter_hierarchy),
		cmocka_unit_test(test_entity_filter_by_alias),
		cmocka_unit_test(test_entity_filter_unknown),
		cmocka_unit_test(test_entity_filter_ambiguous),
		/* choice filters */
		cmocka_unit_test(test_choice_filters),
		cmocka_unit_test(test_parent_filter),
		cmocka_unit_test(test_cumulative_filter),
		cmocka_unit_test(test_choice_invalid),
		/* unknown parameters */
		cmocka_unit_test(test_unknown_parameter),
		/* /entities/{key} */
		cmocka_unit_test(test_entity_by_id_any_case),
		cmocka_unit_test(test_entity_by_misspelt_alias),
		cmocka_unit_test(test_entity_by_every_key),
		cmocka_unit_test(test_entity_shared_keys),
		cmocka_unit_test(test_entity_ambiguous),
		cmocka_unit_test(test_entity_unknown),
		/* 404 */
		cmocka_unit_test(test_unknown_item),
		cmocka_unit_test(test_unknown_path),
		/* totals */
		cmocka_unit_test(test_totals_by_kind_by_hand),
		cmocka_unit_test(test_totals_by_recipient_by_hand),
		cmocka_unit_test(test_totals_by_donor_by_hand),
		cmocka_unit_test(test_totals_invariants),
		cmocka_unit_test(test_totals_filters),
		cmocka_unit_test(test_totals_refuse_q),
		cmocka_unit_test(test_totals_rule),
		cmocka_unit_test(test_totals_default_group_by),
		cmocka_unit_test(test_totals_bad_group_by),
	};

	return cmocka_run_group_tests_name("http", tests, setup, teardown);
}
