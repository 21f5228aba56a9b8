/*
 * From a request target to a queued response: strict parsing of the
 * target, method rules, routing, the handler, then the headers every
 * response shares. HTTP concerns that apply to all routes live here.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "internal.h"

#define ALLOW "GET, HEAD, OPTIONS"

static enum method
parse_method(const char *m)
{
	if (strcmp(m, MHD_HTTP_METHOD_GET) == 0)
		return METHOD_GET;
	if (strcmp(m, MHD_HTTP_METHOD_HEAD) == 0)
		return METHOD_HEAD;
	if (strcmp(m, MHD_HTTP_METHOD_OPTIONS) == 0)
		return METHOD_OPTIONS;
	return METHOD_OTHER;
}

/* A client's request id is kept when it is 1..128 of [A-Za-z0-9._-]. */
static int
sane_request_id(const char *s)
{
	size_t n = 0;

	for (; s[n] != '\0'; n++) {
		char c = s[n];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '.' || c == '_' ||
			c == '-'))
			return 0;
	}
	return n > 0 && n <= 128;
}

/* A new request id: a random process prefix and a counter. */
static void
new_request_id(char *out, size_t cap)
{
	static atomic_uint_fast64_t counter;
	static uint64_t prefix;
	static atomic_int ready;

	if (!atomic_load(&ready)) {
		uint64_t r;

		if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r))
			r = (uint64_t)time(NULL) * UINT64_C(0x9e3779b97f4a7c15);
		prefix = r;
		atomic_store(&ready, 1);
	}
	snprintf(out, cap, "%016llx-%llx", (unsigned long long)prefix,
	    (unsigned long long)atomic_fetch_add(&counter, 1));
}

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

static void
add_header(struct MHD_Response *resp, const char *name, const char *value)
{
	if (value != NULL)
		MHD_add_response_header(resp, name, value);
}

/* Builds the response of a reply with the headers every response shares. */
static struct MHD_Response *
render(struct exchange *x, struct reply *rep, int pretty, int closing,
    size_t *bytes)
{
	struct MHD_Response *resp;
	char *body;
	size_t len;
	char total[32];

	body = reply_serialize(rep, pretty, &len);
	if (body == NULL && rep->body != NULL) {
		reply_fault(rep); /* out of memory: try the small document */
		body = reply_serialize(rep, 0, &len);
	}
	resp = body != NULL
	    ? MHD_create_response_from_buffer_with_free_callback(
		  len, body, free)
	    : MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	if (resp == NULL) {
		free(body);
		return NULL;
	}
	*bytes = body != NULL ? len : 0;
	if (body != NULL)
		add_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
		    rep->problem ? "application/problem+json; charset=utf-8"
				 : "application/json; charset=utf-8");
	if (rep->total >= 0) {
		snprintf(total, sizeof(total), "%lld", rep->total);
		add_header(resp, "X-Total-Count", total);
	}
	add_header(resp, MHD_HTTP_HEADER_LINK, rep->link);
	add_header(resp, MHD_HTTP_HEADER_CONTENT_LOCATION, rep->location);
	if (rep->status == 405 || rep->status == 204)
		add_header(resp, MHD_HTTP_HEADER_ALLOW, ALLOW);
	add_header(resp, "X-Request-Id", x->id);
	if (closing)
		add_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	return resp;
}

/* Fills req and rep for the target; rep holds the answer when it returns. */
static void
dispatch(struct exchange *x, struct request *req, struct reply *rep,
    char *target, int *pretty)
{
	char *query = strchr(target, '?'), *path = target;
	const char *bad, *why;
	size_t len;
	int n;

	if (query != NULL)
		*query++ = '\0';
	if ((n = pct_decode(path, 0)) < 0 || !utf8_valid(path, (size_t)n) ||
	    memchr(path, '\0', (size_t)n) != NULL || path[0] != '/') {
		reply_problem(rep, 400,
		    "the path is not a valid "
		    "percent-encoded UTF-8 path");
		return;
	}
	for (len = strlen(path); len > 1 && path[len - 1] == '/'; len--)
		path[len - 1] = '\0'; /* a trailing slash names the same */
	req->path = path;
	x->route = route_match(path, &req->arg);
	if (x->route == ROUTE_NOT_FOUND) {
		route_handler(x->route)(req, rep);
		return;
	}
	if (req->method == METHOD_OTHER) {
		reply_problem(
		    rep, 405, "%s is read-only: use GET or HEAD", path);
		return;
	}
	if (req->method == METHOD_OPTIONS) {
		rep->status = 204;
		return;
	}
	if (query != NULL &&
	    params_parse(query, &req->params, &req->nparams, &bad, &why) != 0) {
		req_error(req, bad, "%s", why);
		reply_invalid(rep, req);
		return;
	}
	*pretty = want_pretty(req);
	if (req->store == NULL) {
		reply_problem(rep, 503, "no database connection is available");
		return;
	}
	route_handler(x->route)(req, rep);
}

enum MHD_Result
respond(struct MHD_Connection *con, struct exchange *x, const char *method,
    const struct respond_env *env)
{
	struct request req = {
		.store = env->store, .info = env->info, .prefix = ""
	};
	struct reply rep = { .total = -1 };
	struct MHD_Response *resp;
	const char *client_id;
	char *target;
	enum MHD_Result ret;
	int pretty = 0;

	snprintf(x->method, sizeof(x->method), "%s", method);
	client_id =
	    MHD_lookup_connection_value(con, MHD_HEADER_KIND, "X-Request-Id");
	if (client_id != NULL && sane_request_id(client_id))
		snprintf(x->id, sizeof(x->id), "%s", client_id);
	else
		new_request_id(x->id, sizeof(x->id));
	req.method = parse_method(method);
	if ((target = strdup(x->target != NULL ? x->target : "/")) == NULL)
		reply_fault(&rep);
	else
		dispatch(x, &req, &rep, target, &pretty);
	if (rep.status == 0)
		reply_fault(&rep); /* a handler that answered nothing */
	resp = render(x, &rep, pretty, env->closing, &x->bytes);
	x->status = rep.status;
	if (resp == NULL) {
		ret = MHD_NO; /* out of memory: MHD closes the connection */
	} else {
		ret = MHD_queue_response(con, rep.status, resp);
		MHD_destroy_response(resp);
	}
	reply_clear(&rep);
	json_decref(req.errors);
	json_decref(req.keep);
	free(req.params);
	free(target);
	return ret;
}
