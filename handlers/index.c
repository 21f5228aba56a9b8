/*
 * GET /api/v1: what the API is, links to every collection, the source.
 * And the 404 of every path no route knows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "handlers.h"

static const char *const collections[] = { "entities", "partnerships",
	"funding", "funding/totals", "events", "sources", NULL };

/* Sets key to prefix + path in obj. */
static void
set_link(json_t *obj, const char *key, const char *prefix, const char *path)
{
	size_t n = strlen(prefix) + strlen(path) + 1;
	char *s = malloc(n);

	if (s == NULL)
		return;
	snprintf(s, n, "%s%s", prefix, path);
	json_object_set_new(obj, key, json_string(s));
	free(s);
}

void
handle_index(struct request *req, struct reply *rep)
{
	json_t *links = json_object(), *sources = NULL, *source, *doc;
	char path[128], built[32];
	struct tm tm;

	if (req_finish(req)) {
		reply_invalid(rep, req);
		goto out;
	}
	if (store_list(req->store, COLL_SOURCES,
		&(struct store_filter){ .from = STORE_UNSET,
		    .to = STORE_UNSET,
		    .cumulative = STORE_UNSET },
		&sources) != 0 ||
	    links == NULL) {
		reply_fault(rep);
		goto out;
	}
	set_link(links, "self", req->prefix, API_PREFIX);
	for (size_t i = 0; collections[i] != NULL; i++) {
		snprintf(path, sizeof(path), API_PREFIX "/%s", collections[i]);
		set_link(links,
		    strcmp(collections[i], "funding/totals") == 0
			? "funding_totals"
			: collections[i],
		    req->prefix, path);
	}
	set_link(links, "healthz", req->prefix, "/healthz");
	set_link(links, "readyz", req->prefix, "/readyz");
	/* the source without its text: /sources has that */
	source = json_array_get(sources, 0);
	json_object_del(source, "text");
	gmtime_r(&req->info->built_at, &tm);
	strftime(built, sizeof(built), "%Y-%m-%dT%H:%M:%SZ", &tm);
	doc = json_pack("{s:{s:s, s:s, s:s, s:s, s:O, s:O*}, s:{s:s, s:s}}",
	    "data", "name", "aid-api", "description",
	    "Every fact of the "
	    "article \"Shanghai's partner aid to Yunnan\" (GPIG, 2018-02-02): "
	    "partnerships, funding, events, entities and the source, each "
	    "with the quote that states it.",
	    "api_version", "v1", "version", AID_VERSION, "links", links,
	    "source", source, "meta", "dataset_version",
	    req->info->dataset_version, "built_at", built);
	reply_json(rep, 200, doc);
out:
	json_decref(links);
	json_decref(sources);
}

void
handle_not_found(struct request *req, struct reply *rep)
{
	reply_problem(rep, 404, "no resource at %s; the API starts at %s%s",
	    req->path, req->prefix, API_PREFIX);
}
