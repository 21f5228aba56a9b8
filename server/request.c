/*
 * Reading a request before its handler runs: its id and client, the
 * limits of its target and head, the trusted proxy's location, what it
 * negotiates, then the path and the query decoded and the route found.
 */
#define _GNU_SOURCE /* strncasecmp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../db/text.h"
#include "internal.h"

#define MAX_TARGET	 8192 /* longer: 414 */
#define MAX_HEADER_BYTES 8192 /* more: 431 */

/* pretty=1, pretty=true or a bare ?pretty indent; 0 and false do not. */
static int
want_pretty(struct request *req)
{
	const char *v = req_param(req, "pretty");

	if (v == NULL || strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
		return 0;
	if (*v == '\0' || strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
		return 1;
	req_error(req, "pretty", "must be 1, true, 0 or false");
	return 0;
}

/*
 * Decodes the path and the query and finds the route. Returns 1 when the
 * route's handler should run; 0 when rep already holds the answer (400,
 * 404, 405, 204). The indentation is read first, so that every answer
 * honours it.
 */
static int
route_request(struct exchange *x, const struct app *app, struct request *req,
    struct negotiated *n, struct reply *rep, char *target)
{
	char *path = target, *query;
	const char *bad = NULL, *why = NULL;
	size_t len;
	int dec, query_ok = 1;

	/* absolute form (RFC 9112, 3.2.2): the path starts after the
	 * authority */
	if (strncasecmp(target, "http://", 7) == 0 ||
	    strncasecmp(target, "https://", 8) == 0) {
		char *auth = strstr(target, "//") + 2;
		size_t alen = strcspn(auth, "/?");

		if (auth[alen] == '/')
			path = target = auth + alen;
		else { /* "http://host?q": the path is "/" */
			path = target = auth + alen - 1;
			*path = '/';
		}
	}

	if ((query = strchr(target, '?')) != NULL) {
		int rc;

		*query++ = '\0';
		rc = params_parse(
		    query, &req->params, &req->nparams, &bad, &why);
		if (rc == -2) {
			reply_fault(rep); /* out of memory */
			return 0;
		}
		if ((query_ok = rc == 0) != 0)
			n->pretty = want_pretty(req);
	}
	/* a trailing slash names the same; stripped before decoding, so
	 * that an encoded one (%2F) stays part of its segment */
	for (len = strlen(path); len > 1 && path[len - 1] == '/'; len--)
		path[len - 1] = '\0';
	if ((dec = pct_decode(path, 0)) < 0 || !utf8_valid(path, (size_t)dec) ||
	    memchr(path, '\0', (size_t)dec) != NULL || path[0] != '/') {
		reply_problem(rep, 400,
		    "the path is not a valid percent-encoded UTF-8 path");
		return 0;
	}
	req->path = path;
	x->route = route_match(app, path, &req->arg);
	if (x->route == app->nroutes - 1) {
		app->routes[x->route].handler(req, rep);
		return 0;
	}
	if (req->method == METHOD_OTHER) {
		reply_problem(
		    rep, 405, "%s is read-only: use GET or HEAD", path);
		return 0;
	}
	if (req->method == METHOD_OPTIONS) {
		rep->status = 204;
		return 0;
	}
	if (!query_ok) {
		free(buf_finish(&req->errors));
		req->nerrors = 0;
		req_error(req, bad, "%s", why);
		reply_invalid(rep, req);
		return 0;
	}
	return 1;
}

int
request_read(const struct head *h, struct exchange *x, const struct app *app,
    int trust_proxy, char *target, struct request *req, struct negotiated *n,
    struct reply *rep)
{
	const char *client_id = head_get(h, "X-Request-Id");
	const char *proxy_refused = NULL;

	snprintf(x->method, sizeof(x->method), "%s", h->method);
	if (client_id != NULL && only_chars(client_id, ALNUM "._-", 128))
		snprintf(x->id, sizeof(x->id), "%s", client_id);
	if (trust_proxy) {
		forwarded_client(h, x->client, sizeof(x->client));
		proxy_refused = proxy_location(h, n);
	}
	req->prefix = n->prefix;
	req->public_base = n->base[0] != '\0' ? n->base : NULL;
	req->method = method_of(h->method);
	negotiate(h, req, n);

	if (x->refuse != 0) {
		reply_problem(rep, x->refuse, "%s", x->refuse_detail);
		return 0;
	}
	if (x->target == NULL) {
		reply_fault(rep); /* out of memory when the request began */
		return 0;
	}
	if (strlen(x->target) > MAX_TARGET) {
		reply_problem(rep, 414,
		    "the request target is longer than %d bytes", MAX_TARGET);
		return 0;
	}
	if (h->bytes > MAX_HEADER_BYTES) {
		reply_problem(rep, 431,
		    "the request's header fields are longer than %d bytes",
		    MAX_HEADER_BYTES);
		return 0;
	}
	/* HTTP/1.1 and its later minor versions (libmicrohttpd passes
	 * HTTP/1.x alone) */
	if (strcmp(h->version, MHD_HTTP_VERSION_1_0) != 0 &&
	    head_get(h, MHD_HTTP_HEADER_HOST) == NULL) {
		reply_problem(
		    rep, 400, "an HTTP/1.1 request needs a Host header");
		return 0;
	}
	if (proxy_refused != NULL) {
		reply_problem(rep, 400, "%s", proxy_refused);
		return 0;
	}
	if (req->method == METHOD_OPTIONS && strcmp(x->target, "*") == 0) {
		rep->status =
		    204; /* the server as a whole: GET, HEAD, OPTIONS */
		return 0;
	}
	if (target == NULL) {
		reply_fault(rep); /* out of memory copying the target */
		return 0;
	}
	return route_request(x, app, req, n, rep, target);
}
