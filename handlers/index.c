/*
 * GET /api/v1: what the API is, links to every collection, the source.
 * And the 404 of every path no route knows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collection.h"

static const char *const collections[] = { "entities", "partnerships",
	"funding", "funding/totals", "events", "sources", NULL };

/* What the index links beside the collections: the downloads and the
 * dataset's citation. */
static const struct {
	const char *key, *path;
} downloads[] = {
	{ "database", API_PREFIX "/database" },
	{ "datapackage", API_PREFIX "/datapackage" },
	{ "datapackage_descriptor",
	    API_PREFIX "/datapackage/datapackage.json" },
	{ "citation", API_PREFIX "/citation" },
	{ NULL, NULL },
};

/* "key":"value" or "key":null. */
static void
put_member(struct buf *b, const char *key, const char *value)
{
	buf_printf(b, ",\"%s\":", key);
	if (value != NULL)
		buf_json_string(b, value, strlen(value));
	else
		buf_puts(b, "null");
}

/* ,"licenses":{"code":{...},"data":{...},"article_text":{...}}: whose
 * each part is and under which licence (spdx null: none). */
static void
put_licences(struct buf *b, const struct store_about *a)
{
	buf_puts(b, ",\"licenses\":{");
	for (size_t i = 0; i < a->nlicences; i++) {
		const struct store_licence *l = &a->licences[i];

		if (i > 0)
			buf_putc(b, ',');
		buf_json_string(b, l->part, strlen(l->part));
		buf_printf(b, ":{\"spdx\":");
		if (l->spdx != NULL)
			buf_json_string(b, l->spdx, strlen(l->spdx));
		else
			buf_puts(b, "null");
		put_member(b, "name", l->name);
		put_member(b, "url", l->url);
		put_member(b, "holder", l->holder);
		put_member(b, "note", l->note);
		buf_putc(b, '}');
	}
	buf_putc(b, '}');
}

/* "key":"prefix + path" */
static void
put_link(struct buf *b, const char *key, const char *prefix, const char *path)
{
	buf_printf(b, "\"%s\":\"%s%s\"", key, prefix, path);
}

void
handle_index(struct request *req, struct reply *rep)
{
	const struct dataset_coll *sources =
	    &req->api->data->coll[COLL_SOURCES];
	struct buf b = { 0 };
	char path[128], built[32];
	struct tm tm;

	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	buf_puts(&b,
	    "{\"data\":{\"name\":\"aid-api\",\"description\":\"Every fact of "
	    "the article \\\"Shanghai's partner aid to Yunnan\\\" (GPIG, "
	    "2018-02-02): partnerships, funding, events, entities and the "
	    "source, each with the quote that states it.\",\"api_version\":"
	    "\"v1\",\"version\":\"" AID_VERSION "\",\"links\":{");
	put_link(&b, "self", req->prefix, API_PREFIX);
	for (size_t i = 0; collections[i] != NULL; i++) {
		snprintf(path, sizeof(path), API_PREFIX "/%s", collections[i]);
		buf_putc(&b, ',');
		put_link(&b,
		    strcmp(collections[i], "funding/totals") == 0
			? "funding_totals"
			: collections[i],
		    req->prefix, path);
	}
	buf_putc(&b, ',');
	put_link(&b, "healthz", req->prefix, "/healthz");
	buf_putc(&b, ',');
	put_link(&b, "readyz", req->prefix, "/readyz");
	buf_putc(&b, ',');
	put_link(&b, "openapi", req->prefix, "/openapi.json");
	for (size_t i = 0; downloads[i].key != NULL; i++) {
		buf_putc(&b, ',');
		put_link(&b, downloads[i].key, req->prefix, downloads[i].path);
	}
	buf_putc(&b, '}');
	put_licences(&b, &req->api->about);
	if (sources->n > 0) {
		/* the first source without its text: /sources has that */
		const struct doc *d = &sources->docs[0];
		int first = 1;

		buf_puts(&b, ",\"source\":{");
		for (size_t m = 0; m < d->nmembers; m++) {
			if (d->members[m].keylen == 4 &&
			    memcmp(d->members[m].key, "text", 4) == 0)
				continue;
			if (!first)
				buf_putc(&b, ',');
			first = 0;
			put_span(&b, d, d->members[m].off, d->members[m].len,
			    req->prefix);
		}
		buf_putc(&b, '}');
	}
	gmtime_r(&req->info->built_at, &tm);
	strftime(built, sizeof(built), "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_puts(&b, "},\"meta\":{\"dataset_version\":");
	buf_json_string(
	    &b, req->info->dataset_version, strlen(req->info->dataset_version));
	buf_printf(&b, ",\"built_at\":\"%s\",\"data_modified\":", built);
	buf_json_string(&b, req->api->about.data_modified,
	    strlen(req->api->about.data_modified));
	buf_puts(&b, "}}");
	reply_buf(rep, 200, TYPE_JSON, &b);
	if (rep->status == 200) {
		struct buf link = { 0 };

		/* RFC 8631: where the description of the service is */
		buf_printf(&link, "<%s/openapi.json>; rel=\"service-desc\"",
		    req->prefix);
		if ((rep->link = buf_finish(&link)) == NULL)
			reply_fault(rep);
	}
}

void
handle_not_found(struct request *req, struct reply *rep)
{
	reply_problem(rep, 404, "no resource at %s; the API starts at %s%s",
	    req->path, req->prefix, API_PREFIX);
}
