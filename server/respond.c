/*
 * From a request to a queued response. Everything HTTP that every route
 * shares happens here, once: strict parsing of the target, limits, method
 * rules, the trusted proxy's headers, content negotiation (CSV, gzip),
 * renditions from the cache, conditional requests (ETag, 304), caching
 * headers, CORS, request ids.
 */
#define _GNU_SOURCE /* strptime, timegm */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>

#include "internal.h"

#define ALLOW		 "GET, HEAD, OPTIONS"
#define MAX_TARGET	 8192  /* longer: 414 */
#define MAX_HEADER_BYTES 16384 /* more: 431 */
#define JSON_TYPE	 "application/json; charset=utf-8"
#define PROBLEM_TYPE	 "application/problem+json; charset=utf-8"
#define CSV_TYPE	 "text/csv; charset=utf-8; header=present"

/* What the request's headers decided, beside struct request. */
struct negotiated {
	int gzip;	    /* Accept-Encoding allows gzip */
	const char *origin; /* Origin, or NULL */
	char prefix[256];   /* X-Forwarded-Prefix, trusted and sane */
	char base[512];	    /* scheme://host + prefix, or "" */
};

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

/* 1 when every byte of s is in set and s has 1..max bytes. */
static int
only(const char *s, const char *set, size_t max)
{
	size_t n = strlen(s);

	return n > 0 && n <= max && strspn(s, set) == n;
}

#define ALNUM "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

/* A new request id: a random process prefix and a counter. */
static void
new_request_id(char *out, size_t cap)
{
	static atomic_uint_fast64_t counter;
	static atomic_uint_fast64_t prefix;
	uint64_t p = atomic_load(&prefix);

	if (p == 0) {
		if (getrandom(&p, sizeof(p), 0) != (ssize_t)sizeof(p))
			p = (uint64_t)time(NULL) * UINT64_C(0x9e3779b97f4a7c15);
		p |= 1;
		atomic_store(&prefix, p);
	}
	snprintf(out, cap, "%016llx-%llx", (unsigned long long)p,
	    (unsigned long long)atomic_fetch_add(&counter, 1));
}

static const char *
header(struct MHD_Connection *con, const char *name)
{
	return MHD_lookup_connection_value(con, MHD_HEADER_KIND, name);
}

/*
 * The q-value (in thousandths) that an Accept-style list gives token, or
 * -1 when the list does not name it. Tokens compare case-insensitively.
 */
static int
list_q(const char *list, const char *token)
{
	size_t tlen = strlen(token);

	for (const char *p = list; p != NULL && *p != '\0';) {
		const char *end = p + strcspn(p, ","), *semi;
		size_t len;
		int q = 1000;

		p += strspn(p, " \t");
		semi = memchr(p, ';', (size_t)(end - p));
		len = (size_t)((semi != NULL ? semi : end) - p);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		for (const char *a = semi; a != NULL && a < end;
		     a = memchr(a + 1, ';', (size_t)(end - a - 1))) {
			const char *v = a + 1 + strspn(a + 1, " \t");

			if ((v[0] == 'q' || v[0] == 'Q') && v[1] == '=') {
				double d = strtod(v + 2, NULL);

				q = d <= 0   ? 0
				    : d >= 1 ? 1000
					     : (int)(d * 1000);
			}
		}
		if (len == tlen && strncasecmp(p, token, len) == 0)
			return q;
		p = *end != '\0' ? end + 1 : end;
	}
	return -1;
}

/* The q of the most specific of the given tokens the list names; 0 if none. */
static int
best_q(const char *list, const char *a, const char *b, const char *c)
{
	int q;

	if ((q = list_q(list, a)) >= 0 || (q = list_q(list, b)) >= 0 ||
	    (c != NULL && (q = list_q(list, c)) >= 0))
		return q;
	return 0;
}

static void
negotiate(struct MHD_Connection *con, struct request *req, struct negotiated *n)
{
	const char *accept = header(con, MHD_HTTP_HEADER_ACCEPT);
	const char *enc = header(con, MHD_HTTP_HEADER_ACCEPT_ENCODING);

	n->origin = header(con, MHD_HTTP_HEADER_ORIGIN);
	n->gzip = enc != NULL && best_q(enc, "gzip", "x-gzip", "*") > 0;
	if (accept != NULL) {
		int csv = best_q(accept, "text/csv", "text/*", "*/*");
		int json =
		    best_q(accept, "application/json", "application/*", "*/*");

		req->accept_csv = csv > 0 && csv > json;
	}
}

/* The client's address: the peer, or behind a trusted proxy the last
 * address of X-Forwarded-For (the one that proxy added). */
static void
client_address(struct MHD_Connection *con, int trust, char *out, size_t cap)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci != NULL ? ci->client_addr : NULL;
	const char *xff = trust ? header(con, "X-Forwarded-For") : NULL;

	snprintf(out, cap, "-");
	if (xff != NULL) {
		const char *last = strrchr(xff, ',');
		unsigned char addr[sizeof(struct in6_addr)];
		char tmp[64];

		last = last != NULL ? last + 1 : xff;
		last += strspn(last, " \t");
		snprintf(
		    tmp, sizeof(tmp), "%.*s", (int)strcspn(last, " \t"), last);
		if (inet_pton(AF_INET, tmp, addr) == 1 ||
		    inet_pton(AF_INET6, tmp, addr) == 1) {
			snprintf(out, cap, "%s", tmp);
			return;
		}
	}
	if (sa != NULL && sa->sa_family == AF_INET)
		inet_ntop(AF_INET,
		    &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		    out, (socklen_t)cap);
	else if (sa != NULL && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    out, (socklen_t)cap);
}

/* X-Forwarded-Prefix, -Proto and -Host of a trusted proxy, when sane. */
static void
proxy_location(struct MHD_Connection *con, struct negotiated *n)
{
	const char *prefix = header(con, "X-Forwarded-Prefix");
	const char *proto = header(con, "X-Forwarded-Proto");
	const char *host = header(con, "X-Forwarded-Host");
	size_t len;

	if (prefix != NULL && prefix[0] == '/' &&
	    only(prefix, ALNUM "/-._~", sizeof(n->prefix) - 1) &&
	    strstr(prefix, "//") == NULL && strstr(prefix, "/.") == NULL) {
		snprintf(n->prefix, sizeof(n->prefix), "%s", prefix);
		len = strlen(n->prefix);
		while (len > 0 && n->prefix[len - 1] == '/')
			n->prefix[--len] = '\0';
	}
	if (proto != NULL && host != NULL &&
	    (strcmp(proto, "http") == 0 || strcmp(proto, "https") == 0) &&
	    only(host, ALNUM ".-:[]", 255))
		snprintf(n->base, sizeof(n->base), "%s://%s%s", proto, host,
		    n->prefix);
}

static enum MHD_Result
add_length(
    void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	size_t *total = cls;

	(void)kind;
	*total += strlen(key) + (value != NULL ? strlen(value) : 0) + 4;
	return MHD_YES;
}

/* The size of the request's header block, roughly as it was sent. */
static size_t
header_bytes(struct MHD_Connection *con)
{
	size_t total = 0;

	MHD_get_connection_values(con, MHD_HEADER_KIND, add_length, &total);
	return total;
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

/*
 * Decodes the path and the query and finds the route. Returns 1 when the
 * route's handler should run; 0 when rep already holds the answer (400,
 * 404, 405, 204). *pretty is read first, so that every answer honours it.
 */
static int
route_request(struct exchange *x, struct request *req, struct reply *rep,
    char *target, int *pretty)
{
	char *path = target, *query;
	const char *bad = NULL, *why = NULL;
	size_t len;
	int n, query_ok = 1;

	/* absolute form (RFC 9112, 3.2.2): the path starts after the authority
	 */
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
		*query++ = '\0';
		query_ok = params_parse(query, &req->params, &req->nparams,
			       &bad, &why) == 0;
		if (query_ok)
			*pretty = want_pretty(req);
	}
	if ((n = pct_decode(path, 0)) < 0 || !utf8_valid(path, (size_t)n) ||
	    memchr(path, '\0', (size_t)n) != NULL || path[0] != '/') {
		reply_problem(rep, 400,
		    "the path is not a valid percent-encoded UTF-8 path");
		return 0;
	}
	for (len = strlen(path); len > 1 && path[len - 1] == '/'; len--)
		path[len - 1] = '\0'; /* a trailing slash names the same */
	req->path = path;
	x->route = route_match(path, &req->arg);
	if (x->route == ROUTE_NOT_FOUND) {
		route_handler(x->route)(req, rep);
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
		json_decref(req->errors);
		req->errors = NULL;
		req_error(req, bad, "%s", why);
		reply_invalid(rep, req);
		return 0;
	}
	return 1;
}

/* Runs the route's handler on the parsed request. */
static void
run_handler(struct exchange *x, struct request *req, struct reply *rep)
{
	if (req->store == NULL) {
		reply_problem(rep, 503, "no database connection is available");
		return;
	}
	route_handler(x->route)(req, rep);
	if (rep->status == 0)
		reply_fault(rep); /* a handler that answered nothing */
}

/* The body of a reply: its text, CSV of its data, or JSON. */
static char *
body_of(struct reply *rep, int pretty, size_t *len, const char **type)
{
	char *body;

	if (rep->text != NULL) {
		body = rep->text;
		*len = rep->textlen;
		*type = rep->text_type;
		rep->text = NULL;
		return body;
	}
	if (rep->csv != NULL && !rep->problem) {
		*type = CSV_TYPE;
		return csv_render(
		    json_object_get(rep->body, "data"), rep->csv, len);
	}
	*type = rep->problem ? PROBLEM_TYPE : JSON_TYPE;
	return reply_serialize(rep, pretty, len);
}

/* The cache key: what decides the bytes of a 200 besides the data. */
static char *
cache_key(
    const struct request *req, const struct negotiated *n, const char *target)
{
	size_t len = strlen(target) + strlen(n->prefix) + strlen(n->base) + 8;
	char *key = malloc(len);

	if (key != NULL)
		snprintf(key, len, "%d|%s|%s|%s", req->accept_csv, n->prefix,
		    n->base, target);
	return key;
}

/* 1 when If-None-Match names one of the tags, or is "*". */
static int
none_match(const char *inm, const char *tag, const char *tag_gz)
{
	for (const char *p = inm; *p != '\0';) {
		size_t len;

		p += strspn(p, " \t,");
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		len = strcspn(p, " \t,");
		if (len == 1 && *p == '*')
			return 1;
		if ((len == strlen(tag) && strncmp(p, tag, len) == 0) ||
		    (*tag_gz != '\0' && len == strlen(tag_gz) &&
			strncmp(p, tag_gz, len) == 0))
			return 1;
		p += len;
	}
	return 0;
}

/* 1 when If-Modified-Since is a date not before the build. */
static int
not_modified_since(const char *ims, time_t built)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	end = strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	return end != NULL && *end == '\0' && timegm(&tm) >= built;
}

static void
http_date(time_t t, char *out, size_t cap)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, cap, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

static void
add(struct MHD_Response *resp, const char *name, const char *value)
{
	if (value != NULL)
		MHD_add_response_header(resp, name, value);
}

/* The headers every response carries. */
static void
add_common(struct MHD_Response *resp, const struct exchange *x,
    const struct negotiated *n, const struct respond_env *env)
{
	add(resp, "X-Request-Id", x->id);
	cors_headers(env->cors, resp, n->origin);
	if (env->closing)
		add(resp, MHD_HTTP_HEADER_CONNECTION, "close");
}

/*
 * A rendition as a 200, or as a 304 when the client's copy is current.
 * A 304 is built on the same bytes, so that the Content-Length that
 * libmicrohttpd sends is the one a 200 would have, and no body follows.
 */
static struct MHD_Response *
send_rendition(struct MHD_Connection *con, struct exchange *x,
    struct rendition *r, const struct negotiated *n,
    const struct respond_env *env, unsigned int *status)
{
	struct MHD_Response *resp;
	const char *inm = header(con, MHD_HTTP_HEADER_IF_NONE_MATCH);
	const char *ims = header(con, MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
	size_t gzlen = 0;
	char *gzbody = n->gzip ? rendition_gzip(r, &gzlen) : NULL;
	int gz = gzbody != NULL;
	char date[64], cc[64], total[32];

	if (inm != NULL)
		*status = none_match(inm, r->etag, r->etag_gz) ? 304 : 200;
	else if (ims != NULL)
		*status =
		    not_modified_since(ims, env->info->built_at) ? 304 : 200;
	else
		*status = 200;
	resp = MHD_create_response_from_buffer_with_free_callback_cls(
	    gz ? gzlen : r->len, gz ? gzbody : r->body, rendition_unref,
	    rendition_ref(r));
	if (resp == NULL) {
		rendition_unref(r);
		return NULL;
	}
	add(resp, MHD_HTTP_HEADER_ETAG, gz ? r->etag_gz : r->etag);
	http_date(env->info->built_at, date, sizeof(date));
	add(resp, MHD_HTTP_HEADER_LAST_MODIFIED, date);
	snprintf(cc, sizeof(cc), "public, max-age=%ld", env->max_age);
	add(resp, MHD_HTTP_HEADER_CACHE_CONTROL, cc);
	add(resp, MHD_HTTP_HEADER_VARY,
	    cors_varies(env->cors) ? "Accept, Accept-Encoding, Origin"
				   : "Accept, Accept-Encoding");
	add(resp, MHD_HTTP_HEADER_CONTENT_LOCATION, r->location);
	if (*status == 200) {
		add(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->type);
		if (gz)
			add(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
		if (r->total >= 0) {
			snprintf(total, sizeof(total), "%lld", r->total);
			add(resp, "X-Total-Count", total);
		}
		add(resp, MHD_HTTP_HEADER_LINK, r->link);
		x->bytes = gz ? gzlen : r->len;
	}
	add_common(resp, x, n, env);
	return resp;
}

/* Any other reply: errors, health, metrics, preflight. Not stored. */
static struct MHD_Response *
send_reply(struct exchange *x, struct reply *rep, int pretty,
    const struct negotiated *n, const struct respond_env *env)
{
	struct MHD_Response *resp;
	const char *type = NULL;
	char *body = NULL, *gz = NULL, total[32];
	size_t len = 0, gzlen = 0;

	if (rep->body != NULL || rep->text != NULL) {
		body = body_of(rep, pretty, &len, &type);
		if (body == NULL) {
			reply_fault(
			    rep); /* out of memory: the small document */
			body = body_of(rep, 0, &len, &type);
		}
	}
	if (body != NULL && n->gzip &&
	    (gz = gzip_body(body, len, &gzlen)) != NULL) {
		free(body); /* dynamic bodies (metrics) are compressed anew */
		body = gz;
		len = gzlen;
	}
	resp = body != NULL
	    ? MHD_create_response_from_buffer_with_free_callback(
		  len, body, free)
	    : MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	if (resp == NULL) {
		free(body);
		return NULL;
	}
	x->bytes = len;
	add(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	add(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (gz != NULL)
		add(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	if (body != NULL)
		add(resp, MHD_HTTP_HEADER_VARY,
		    cors_varies(env->cors) ? "Accept-Encoding, Origin"
					   : "Accept-Encoding");
	else if (cors_varies(env->cors))
		add(resp, MHD_HTTP_HEADER_VARY, "Origin");
	if (rep->total >= 0) {
		snprintf(total, sizeof(total), "%lld", rep->total);
		add(resp, "X-Total-Count", total);
	}
	add(resp, MHD_HTTP_HEADER_LINK, rep->link);
	add(resp, MHD_HTTP_HEADER_CONTENT_LOCATION, rep->location);
	if (rep->status == 405 || rep->status == 204)
		add(resp, MHD_HTTP_HEADER_ALLOW, ALLOW);
	if (rep->status == 204)
		cors_preflight(env->cors, resp, n->origin);
	add_common(resp, x, n, env);
	return resp;
}

enum MHD_Result
respond(struct MHD_Connection *con, struct exchange *x, const char *method,
    const char *version, const struct respond_env *env)
{
	struct request req = { .store = env->store, .info = env->info };
	struct reply rep = { .total = -1 };
	struct negotiated n = { 0 };
	struct rendition *r = NULL;
	struct MHD_Response *resp;
	const char *client_id = header(con, "X-Request-Id");
	char *target = NULL, *key = NULL;
	enum MHD_Result ret;
	unsigned int status;
	int pretty = 0;

	snprintf(x->method, sizeof(x->method), "%s", method);
	if (client_id != NULL && only(client_id, ALNUM "._-", 128))
		snprintf(x->id, sizeof(x->id), "%s", client_id);
	else
		new_request_id(x->id, sizeof(x->id));
	client_address(con, env->trust_proxy, x->client, sizeof(x->client));
	if (env->trust_proxy)
		proxy_location(con, &n);
	req.prefix = n.prefix;
	req.public_base = n.base[0] != '\0' ? n.base : NULL;
	req.method = parse_method(method);
	negotiate(con, &req, &n);

	if (x->target == NULL)
		reply_fault(&rep); /* out of memory when the request began */
	else if (strlen(x->target) > MAX_TARGET)
		reply_problem(&rep, 414,
		    "the request target is longer than %d "
		    "bytes",
		    MAX_TARGET);
	else if (header_bytes(con) > MAX_HEADER_BYTES)
		reply_problem(&rep, 431,
		    "the request's header fields are "
		    "longer than %d bytes",
		    MAX_HEADER_BYTES);
	else if (strcmp(version, MHD_HTTP_VERSION_1_1) == 0 &&
	    header(con, MHD_HTTP_HEADER_HOST) == NULL)
		reply_problem(&rep, 400,
		    "an HTTP/1.1 request needs a Host "
		    "header");
	else if (req.method == METHOD_OPTIONS && strcmp(x->target, "*") == 0)
		rep.status =
		    204; /* the server as a whole: GET, HEAD, OPTIONS */
	else if ((target = strdup(x->target)) == NULL)
		reply_fault(&rep);
	else if (route_request(x, &req, &rep, target, &pretty)) {
		int cacheable = route_cacheable(x->route);

		if (cacheable &&
		    (key = cache_key(&req, &n, x->target)) != NULL &&
		    (r = cache_get(env->cache, key)) != NULL)
			metrics_rendition(1);
		if (r == NULL) {
			run_handler(x, &req, &rep);
			if (cacheable && rep.status == 200) {
				const char *type;
				size_t len;
				char *body = body_of(&rep, pretty, &len, &type);

				r = body != NULL
				    ? rendition_new(&rep, body, len, type,
					  env->info->dataset_version)
				    : NULL;
				if (r == NULL)
					reply_fault(&rep);
				else if (key != NULL)
					cache_put(env->cache, key, r);
				if (r != NULL)
					metrics_rendition(0);
			}
		}
	}
	if (r != NULL) {
		resp = send_rendition(con, x, r, &n, env, &status);
		rendition_unref(r);
	} else {
		status = rep.status;
		resp = send_reply(x, &rep, pretty, &n, env);
	}
	if (req.method == METHOD_HEAD || status == 304)
		x->bytes = 0;
	x->status = status;
	if (resp == NULL) {
		ret = MHD_NO; /* out of memory: MHD closes the connection */
	} else {
		ret = MHD_queue_response(con, status, resp);
		MHD_destroy_response(resp);
	}
	reply_clear(&rep);
	json_decref(req.errors);
	json_decref(req.keep);
	free(req.params);
	free(target);
	free(key);
	return ret;
}
