/*
 * The routes: one row per endpoint. An item route ("/api/v1/events/{id}")
 * matches its collection path plus one non-empty segment; exact paths are
 * tried first, so /api/v1/funding/totals is not a funding id. A cached
 * route's 200 responses are data: rendered once, with ETag and gzip.
 */
#include <string.h>

#include "../handlers/handlers.h"
#include "internal.h"

struct route_def {
	const char *path;
	int item;  /* takes one more segment, the {id} */
	int cache; /* its 200 responses are renditions */
	handler_fn *handler;
	const char *name;
};

#define COLL(r, path, fn, name) [r] = { API_PREFIX path, 0, 1, fn, name }
#define ITEM(r, path, fn, name) [r] = { API_PREFIX path, 1, 1, fn, name }

static const struct route_def routes[ROUTE__MAX] = {
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
	[ROUTE_HEALTHZ] = { "/healthz", 0, 0, handle_healthz, "healthz" },
	[ROUTE_READYZ] = { "/readyz", 0, 0, handle_readyz, "readyz" },
	[ROUTE_OPENAPI] = { "/openapi.json", 0, 1, handle_openapi, "openapi" },
	[ROUTE_METRICS] = { "/metrics", 0, 0, handle_metrics, "metrics" },
	[ROUTE_NOT_FOUND] = { NULL, 0, 0, handle_not_found, "unmatched" },
};

enum route
route_match(const char *path, const char **arg)
{
	*arg = NULL;
	for (int r = 0; r < ROUTE__MAX; r++)
		if (routes[r].path != NULL && !routes[r].item &&
		    strcmp(path, routes[r].path) == 0)
			return (enum route)r;
	for (int r = 0; r < ROUTE__MAX; r++) {
		size_t n;

		if (routes[r].path == NULL || !routes[r].item)
			continue;
		n = strlen(routes[r].path);
		if (strncmp(path, routes[r].path, n) == 0 && path[n] == '/' &&
		    path[n + 1] != '\0' && strchr(path + n + 1, '/') == NULL) {
			*arg = path + n + 1;
			return (enum route)r;
		}
	}
	return ROUTE_NOT_FOUND;
}

handler_fn *
route_handler(enum route r)
{
	return routes[r].handler;
}

const char *
route_name(enum route r)
{
	return routes[r].name;
}

int
route_cacheable(enum route r)
{
	return routes[r].cache;
}
