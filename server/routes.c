/*
 * The routes: one row per endpoint. An item route ("/api/v1/events/{id}")
 * matches its collection path plus one non-empty segment; exact paths are
 * tried first, so /api/v1/funding/totals is not a funding id.
 */
#include <string.h>

#include "../handlers/handlers.h"
#include "internal.h"

struct route_def {
	const char *path;
	int item; /* takes one more segment, the {id} */
	handler_fn *handler;
	const char *name;
};

static const struct route_def routes[ROUTE__MAX] = {
	[ROUTE_INDEX] = { API_PREFIX, 0, handle_index, "index" },
	[ROUTE_ENTITIES] = { API_PREFIX "/entities", 0, handle_entities,
	    "entities" },
	[ROUTE_ENTITY] = { API_PREFIX "/entities", 1, handle_entity, "entity" },
	[ROUTE_PARTNERSHIPS] = { API_PREFIX "/partnerships", 0,
	    handle_partnerships, "partnerships" },
	[ROUTE_PARTNERSHIP] = { API_PREFIX "/partnerships", 1,
	    handle_partnership, "partnership" },
	[ROUTE_FUNDINGS] = { API_PREFIX "/funding", 0, handle_fundings,
	    "funding" },
	[ROUTE_FUNDING_TOTALS] = { API_PREFIX "/funding/totals", 0,
	    handle_funding_totals, "funding_totals" },
	[ROUTE_FUNDING] = { API_PREFIX "/funding", 1, handle_funding,
	    "funding_item" },
	[ROUTE_EVENTS] = { API_PREFIX "/events", 0, handle_events, "events" },
	[ROUTE_EVENT] = { API_PREFIX "/events", 1, handle_event, "event" },
	[ROUTE_SOURCES] = { API_PREFIX "/sources", 0, handle_sources,
	    "sources" },
	[ROUTE_SOURCE] = { API_PREFIX "/sources", 1, handle_source, "source" },
	[ROUTE_HEALTHZ] = { "/healthz", 0, handle_healthz, "healthz" },
	[ROUTE_READYZ] = { "/readyz", 0, handle_readyz, "readyz" },
	[ROUTE_NOT_FOUND] = { NULL, 0, handle_not_found, "not_found" },
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
