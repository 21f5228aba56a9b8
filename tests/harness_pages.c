/*
 * Collection pages (harness_pages.h): the envelope and the Link header,
 * listing everything, walking the pages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness_api.h"
#include "harness_ids.h"
#include "harness_pages.h"

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

const char *
page_link(json_t *links, const char *rel)
{
	json_t *v = json_object_get(links, rel);

	check(json_is_string(v) || json_is_null(v),
	    "%s: links.%s is neither a string nor null", last_request(), rel);
	return json_string_value(v);
}

void
page_expect(const struct http_response *r, long long limit, long long offset)
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
	total = api_int(meta, "total");
	count = api_int(meta, "count");
	check(api_int(meta, "limit") == limit, "%s: meta.limit %lld, not %lld",
	    last_request(), api_int(meta, "limit"), limit);
	check(api_int(meta, "offset") == offset,
	    "%s: meta.offset %lld, not %lld", last_request(),
	    api_int(meta, "offset"), offset);
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
		    api_dataset_version) == 0,
	    "%s: meta.dataset_version is not the database's %s", last_request(),
	    api_dataset_version);
	xtc = hdr(r, "X-Total-Count");
	check(xtc != NULL && atoll(xtc) == total &&
		strspn(xtc, "0123456789") == strlen(xtc),
	    "%s: X-Total-Count is not meta.total %lld", last_request(), total);
	self = page_link(links, "self");
	next = page_link(links, "next");
	prev = page_link(links, "prev");
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

json_t *
page_all(const char *coll, const char *fmt, ...)
{
	char query[TARGET_MAX];
	struct http_response r;
	json_t *data;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(query, sizeof(query), fmt, ap);
	va_end(ap);
	api_get(
	    &r, API "/%s?%s%s" ALL, coll, query, query[0] != '\0' ? "&" : "");
	page_expect(&r, 500, 0);
	check(api_int(json_object_get(r.json, "meta"), "total") ==
		(long long)json_array_size(json_object_get(r.json, "data")),
	    "%s: more than one page of 500", last_request());
	data = json_incref(json_object_get(r.json, "data"));
	http_response_free(&r);
	return data;
}

char *
page_ids(const char *coll, const char *query)
{
	json_t *items = page_all(coll, "%s", query);
	char *ids = ids_of(items, 1);

	json_decref(items);
	return ids;
}

void
page_expect_ids(const char *coll, const char *query, const char *sql_ids)
{
	char *got = page_ids(coll, query);

	ids_expect_same(got, sql_ids, "not the items the database has");
	free(got);
}

void
page_walk(const struct coll *c, const char *spec)
{
	json_t *all = page_all(c->name, "sort=%s", spec), *pages = json_array();
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

		api_get(&r, "%s", target);
		page_expect(&r, per, offset);
		data = json_object_get(r.json, "data");
		json_array_foreach (data, i, item) {
			json_array_append(pages, item);
		}
		prev = page_link(json_object_get(r.json, "links"), "prev");
		if (prev != NULL) {
			struct http_response p;
			char *ids;

			api_get(&p, "%s", prev);
			page_expect(&p, per, offset - per);
			ids = ids_of(json_object_get(p.json, "data"), 0);
			ids_expect_same(ids, before,
			    "links.prev does not lead to the page before");
			free(ids);
			http_response_free(&p);
		}
		free(before);
		before = ids_of(data, 0);
		npages++;
		next = page_link(json_object_get(r.json, "links"), "next");
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
