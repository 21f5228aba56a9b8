/*
 * Routing: a path against the app's table of routes (handlers/routes.c).
 * An item route ("/api/v1/events/{id}") matches its path plus one
 * non-empty segment; exact paths are tried first, so /api/v1/funding/totals
 * is not a funding id.
 */
#include <string.h>

#include "internal.h"

size_t
route_match(const struct app *app, const char *path, const char **arg)
{
	const struct route *routes = app->routes;
	size_t last = app->nroutes - 1;

	*arg = NULL;
	for (size_t r = 0; r < last; r++)
		if (!routes[r].item && strcmp(path, routes[r].path) == 0)
			return r;
	for (size_t r = 0; r < last; r++) {
		size_t n;

		if (!routes[r].item)
			continue;
		n = strlen(routes[r].path);
		if (strncmp(path, routes[r].path, n) == 0 && path[n] == '/' &&
		    path[n + 1] != '\0' && strchr(path + n + 1, '/') == NULL) {
			*arg = path + n + 1;
			return r;
		}
	}
	return last;
}

const char *
route_label(const struct app *app, size_t route)
{
	return route < app->nroutes ? app->routes[route].name : "refused";
}
