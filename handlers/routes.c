/*
 * The routes: one row per endpoint, in the order of enum route. Exact
 * paths are tried before {id} paths. A cached route's 200 responses are
 * data: with ETag, kept ready by the server.
 */
#include <stdio.h>
#include <stdlib.h>

#include "collection.h"

#define COLL(r, path, fn, name) [r] = { API_PREFIX path, 0, 1, fn, name }
#define ITEM(r, path, fn, name) [r] = { API_PREFIX path, 1, 1, fn, name }

static const struct route routes[ROUTE__MAX] = {
	[ROUTE_ROOT] = { "/", 0, 1, handle_root, "root" },
	COLL(ROUTE_INDEX, "", handle_index, "index"),
	COLL(ROUTE_ENTITIES, "/entities", handle_entities, "entities"),
	ITEM(ROUTE_ENTITY, "/entities", handle_entity, "entity"),
	COLL(ROUTE_PARTNERSHIPS, "/partnerships", handle_partnerships,
	    "partnerships"),
	ITEM(ROUTE_PARTNERSHIP, "/partnerships", handle_partnership,
	    "partnership"),
	COLL(ROUTE_FUNDINGS, "/funding", handle_fundings, "funding"),
	COLL(ROUTE_FUNDING_TOTALS, "/funding/totals", handle_funding_totals,
	    "funding_totals"),
	ITEM(ROUTE_FUNDING, "/funding", handle_funding, "funding_item"),
	COLL(ROUTE_EVENTS, "/events", handle_events, "events"),
	ITEM(ROUTE_EVENT, "/events", handle_event, "event"),
	COLL(ROUTE_SOURCES, "/sources", handle_sources, "sources"),
	ITEM(ROUTE_SOURCE, "/sources", handle_source, "source"),
	COLL(ROUTE_DATABASE, "/database", handle_database, "database"),
	COLL(ROUTE_PACKAGE, "/datapackage", handle_package, "datapackage"),
	ITEM(ROUTE_PACKAGE_FILE, "/datapackage", handle_package_file,
	    "datapackage_file"),
	COLL(ROUTE_CITATION, "/citation", handle_citation, "citation"),
	ITEM(ROUTE_CITE_ENTITY, "/citations/entities", handle_cite_entity,
	    "citation_entity"),
	ITEM(ROUTE_CITE_PARTNERSHIP, "/citations/partnerships",
	    handle_cite_partnership, "citation_partnership"),
	ITEM(ROUTE_CITE_FUNDING, "/citations/funding", handle_cite_funding,
	    "citation_funding"),
	ITEM(ROUTE_CITE_EVENT, "/citations/events", handle_cite_event,
	    "citation_event"),
	[ROUTE_HEALTHZ] = { "/healthz", 0, 0, handle_healthz, "healthz" },
	[ROUTE_READYZ] = { "/readyz", 0, 0, handle_readyz, "readyz" },
	[ROUTE_OPENAPI] = { "/openapi.json", 0, 1, handle_openapi, "openapi" },
	[ROUTE_METRICS] = { "/metrics", 0, 0, handle_metrics, "metrics" },
	[ROUTE_ASSET] = { "/assets", 1, 1, handle_asset, "asset" },
	[ROUTE_NOT_FOUND] = { NULL, 0, 0, handle_not_found, "unmatched" },
};

static const struct collection *const collections[COLL__MAX] = {
	[COLL_ENTITIES] = &entities_collection,
	[COLL_PARTNERSHIPS] = &partnerships_collection,
	[COLL_FUNDING] = &funding_collection,
	[COLL_EVENTS] = &events_collection,
	[COLL_SOURCES] = &sources_collection,
};

static void
api_close(struct api *api)
{
	if (api == NULL)
		return;
	for (int c = 0; c < COLL__MAX; c++)
		view_close(&api->views[c]);
	cites_close(&api->cites);
	about_free(&api->about);
	free(api->openapi_head);
	dataset_free(api->data);
	free(api);
}

/* Reads the dataset and prepares every collection and document once. */
static struct api *
api_open(struct store *store, char *err, size_t errlen)
{
	struct api *api = calloc(1, sizeof(*api));

	if (api == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if ((api->data = dataset_load(store, err, errlen)) == NULL)
		goto fail;
	for (int c = 0; c < COLL__MAX; c++)
		if (view_open(&api->views[c], collections[c], api->data, err,
			errlen) != 0)
			goto fail;
	if (openapi_open(api, err, errlen) != 0 ||
	    about_load(store, &api->about, err, errlen) != 0 ||
	    downloads_open(api, err, errlen) != 0 ||
	    cites_open(api, err, errlen) != 0)
		goto fail;
	return api;
fail:
	api_close(api);
	return NULL;
}

const struct app aid_app = {
	.routes = routes,
	.nroutes = ROUTE__MAX,
	.open = api_open,
	.close = api_close,
};
