/*
 * CORS: which origins may read responses in a browser (--cors-origin), the
 * headers that grant it on every response, errors included (the origin,
 * the headers a script may read, the timing it may see), and the answer
 * to a preflight.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define EXPOSE                                                                 \
	"Link, X-Total-Count, ETag, X-Request-Id, Content-Location, Allow, "   \
	"Content-Disposition"
#define ALLOW_HEADERS                                                          \
	"Accept, Accept-Language, Content-Language, If-None-Match, "           \
	"If-Modified-Since, X-Request-Id, Cache-Control"

struct cors {
	int any;    /* "*" */
	char *list; /* the comma list, as configured */
};

struct cors *
cors_new(const char *origins)
{
	struct cors *c;

	if (origins == NULL || *origins == '\0')
		return NULL; /* no origin may read: no headers at all */
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->any = strcmp(origins, "*") == 0;
	if ((c->list = strdup(origins)) == NULL) {
		free(c);
		return NULL;
	}
	return c;
}

void
cors_free(struct cors *c)
{
	if (c == NULL)
		return;
	free(c->list);
	free(c);
}

/* The Access-Control-Allow-Origin value for origin, or NULL. */
static const char *
allowed(const struct cors *c, const char *origin)
{
	size_t n;

	if (c == NULL)
		return NULL;
	if (c->any) /* whatever the Origin: the answer does not vary by it */
		return "*";
	if (origin == NULL)
		return NULL;
	n = strlen(origin);
	for (const char *p = c->list; *p != '\0';) {
		size_t len = strcspn(p, ",");

		if (len == n && strncmp(p, origin, n) == 0)
			return origin;
		p += len + (p[len] == ',');
	}
	return NULL;
}

int
cors_varies(const struct cors *c)
{
	return c != NULL && !c->any;
}

int
cors_headers(
    const struct cors *c, struct MHD_Response *resp, const char *origin)
{
	const char *grant = allowed(c, origin);

	if (grant == NULL)
		return 0;
	/* the Resource Timing API may show the script how long we took */
	return MHD_add_response_header(resp,
		   MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_ORIGIN,
		   grant) == MHD_YES &&
		MHD_add_response_header(
		    resp, "Access-Control-Expose-Headers", EXPOSE) == MHD_YES &&
		MHD_add_response_header(resp, "Timing-Allow-Origin", grant) ==
		    MHD_YES
	    ? 0
	    : -1;
}

int
cors_preflight(
    const struct cors *c, struct MHD_Response *resp, const char *origin)
{
	if (allowed(c, origin) == NULL)
		return 0;
	return MHD_add_response_header(resp, "Access-Control-Allow-Methods",
		   "GET, HEAD, OPTIONS") == MHD_YES &&
		MHD_add_response_header(resp, "Access-Control-Allow-Headers",
		    ALLOW_HEADERS) == MHD_YES &&
		MHD_add_response_header(
		    resp, "Access-Control-Max-Age", "86400") == MHD_YES
	    ? 0
	    : -1;
}
