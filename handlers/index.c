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
	buf_putc(&b, '}');
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
	buf_printf(&b, ",\"built_at\":\"%s\"}}", built);
	reply_buf(rep, 200, TYPE_JSON, &b);
	if (rep->status == 200) {
		struct buf link = { 0 };

		/* RFC 8631: where the description of the service is */
		buf_printf(&link, "<%s/openapi.json>; rel=\"service-desc\"",
		    req->prefix);
		rep->link = buf_finish(&link);
	}
}

void
handle_not_found(struct request *req, struct reply *rep)
{
	reply_problem(rep, 404, "no resource at %s; the API starts at %s%s",
	    req->path, req->prefix, API_PREFIX);
}
