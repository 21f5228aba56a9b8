/*
 * From a read request to a queued response, one way for every reply: the
 * route's handler runs (or the cache has its rendition), the reply becomes
 * a rendition, and one function sends it with the headers its kind needs:
 * validators and caching for data, no-store for the rest, conditional
 * requests (ETag, 304), gzip, CORS, request ids.
 */
#define _GNU_SOURCE /* strptime, timegm */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define ALLOW "GET, HEAD, OPTIONS"

/* Runs the route's handler on the parsed request. */
static void
run_handler(const struct app *app, struct exchange *x, struct request *req,
    struct reply *rep)
{
	if (req->store == NULL) {
		reply_problem(rep, 503, "no database connection is available");
		return;
	}
	app->routes[x->route].handler(req, rep);
	if (rep->status == 0)
		reply_fault(rep); /* a handler that answered nothing */
}

/* Appends one field of a cache key: its length, then its bytes. */
static void
key_field(struct buf *b, const char *s)
{
	size_t len = s != NULL ? strlen(s) : 0;

	buf_putu(b, len);
	buf_putc(b, ':');
	buf_putn(b, s != NULL ? s : "", len);
}

/*
 * The cache key: everything that decides the bytes of a data 200, in a
 * canonical form, so that spellings of one request share an entry (the
 * decoded path and parameters, not the target as sent): the route, its
 * {id}, the year (what is still going on runs to it), the representation,
 * the proxy's prefix and base, and the parameters in their order.
 */
static void
cache_key(struct buf *b, const struct exchange *x, const struct request *req,
    const struct negotiated *n)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	buf_putu(b, x->route);
	buf_putc(b, '|');
	buf_putu(b, (unsigned long long)tm.tm_year);
	buf_putc(b, req->accept_csv ? '1' : '0');
	buf_putc(b, req->accept_html ? '1' : '0');
	buf_putc(b, '|');
	key_field(b, n->prefix);
	key_field(b, n->base);
	key_field(b, req->arg);
	for (size_t i = 0; i < req->nparams; i++) {
		key_field(b, req->params[i].key);
		key_field(b, req->params[i].value);
	}
}

/* Indents a JSON body for ?pretty. */
static void
indent_body(struct reply *rep)
{
	struct buf b = { 0 };

	if (rep->body == NULL || rep->type == NULL ||
	    (strcmp(rep->type, TYPE_JSON) != 0 &&
		strcmp(rep->type, TYPE_PROJECTION) != 0 &&
		strcmp(rep->type, TYPE_PROBLEM) != 0))
		return;
	json_indent(&b, rep->body, rep->len);
	if (b.oom) {
		free(buf_finish(&b));
		reply_fault(rep);
		return;
	}
	free(rep->body);
	rep->len = b.len;
	rep->body = buf_finish(&b);
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

/* Adds a header field (none when value is NULL); a field libmicrohttpd
 * has no memory for clears *ok. */
static void
add(struct MHD_Response *resp, int *ok, const char *name, const char *value)
{
	if (value != NULL &&
	    MHD_add_response_header(resp, name, value) != MHD_YES)
		*ok = 0;
}

/* The status a rendition is sent with: a data 200 becomes a 304 when the
 * client's copy is current. */
static unsigned int
conditional(const struct head *h, const struct rendition *r,
    const struct respond_env *env)
{
	const char *inm = head_get(h, MHD_HTTP_HEADER_IF_NONE_MATCH);
	const char *ims = head_get(h, MHD_HTTP_HEADER_IF_MODIFIED_SINCE);

	if (!r->data)
		return r->status;
	if (inm != NULL)
		return none_match(inm, r->etag, r->etag_gz) ? 304 : 200;
	if (ims != NULL)
		return not_modified_since(ims, env->info->built_at) ? 304 : 200;
	return 200;
}

/*
 * The one way out: a rendition as a response. A 304 is built on the same
 * bytes as its 200, so that the Content-Length libmicrohttpd sends is the
 * one the 200 would have, and no body follows.
 */
struct MHD_Response *
send_rendition(const struct head *h, struct exchange *x, struct rendition *r,
    const struct negotiated *n, const struct respond_env *env,
    unsigned int *status)
{
	struct MHD_Response *resp;
	const struct body *gz = n->gzip ? rendition_gzip(r) : NULL;
	int varies = cors_varies(env->cors), ok = 1;
	char total[32];

	*status = conditional(h, r, env);
	if ((resp = rendition_response(r, gz != NULL ? gz : &r->id)) == NULL)
		return NULL;
	if (r->data) {
		add(resp, &ok, MHD_HTTP_HEADER_ETAG,
		    gz != NULL ? r->etag_gz : r->etag);
		add(resp, &ok, MHD_HTTP_HEADER_LAST_MODIFIED,
		    env->last_modified);
		add(resp, &ok, MHD_HTTP_HEADER_CACHE_CONTROL,
		    r->fresh == FRESH_IMMUTABLE
			? "public, max-age=31536000, immutable"
			: r->fresh == FRESH_REVALIDATE ? env->page_control
						       : env->cache_control);
		add(resp, &ok, MHD_HTTP_HEADER_VARY,
		    varies ? "Accept, Accept-Encoding, Origin"
			   : "Accept, Accept-Encoding");
	} else {
		add(resp, &ok, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
		if (r->has_body)
			add(resp, &ok, MHD_HTTP_HEADER_VARY,
			    varies ? "Accept-Encoding, Origin"
				   : "Accept-Encoding");
		else if (varies)
			add(resp, &ok, MHD_HTTP_HEADER_VARY, "Origin");
	}
	add(resp, &ok, MHD_HTTP_HEADER_CONTENT_LOCATION, r->location);
	if (*status != 304) {
		add(resp, &ok, MHD_HTTP_HEADER_CONTENT_TYPE, r->type);
		if (gz != NULL)
			add(resp, &ok, MHD_HTTP_HEADER_CONTENT_ENCODING,
			    "gzip");
		if (r->total >= 0) {
			snprintf(total, sizeof(total), "%lld", r->total);
			add(resp, &ok, "X-Total-Count", total);
		}
		add(resp, &ok, MHD_HTTP_HEADER_LINK, r->link);
		if (r->filename != NULL) {
			char cd[160];

			snprintf(cd, sizeof(cd), "attachment; filename=\"%s\"",
			    r->filename);
			add(resp, &ok, MHD_HTTP_HEADER_CONTENT_DISPOSITION, cd);
		}
		x->bytes = gz != NULL ? gz->len : r->id.len;
	}
	if (*status == 405 || *status == 204)
		add(resp, &ok, MHD_HTTP_HEADER_ALLOW, ALLOW);
	if (*status == 204 && cors_preflight(env->cors, resp, n->origin) != 0)
		ok = 0;
	add(resp, &ok, "Content-Security-Policy", r->csp);
	add(resp, &ok, "X-Content-Type-Options", "nosniff");
	add(resp, &ok, "X-Request-Id", x->id);
	if (cors_headers(env->cors, resp, n->origin) != 0)
		ok = 0;
	if (env->closing)
		add(resp, &ok, MHD_HTTP_HEADER_CONNECTION, "close");
	if (!ok) { /* a response without all its fields is not sent */
		MHD_destroy_response(resp);
		return NULL;
	}
	return resp;
}

struct MHD_Response *
send_fault(struct exchange *x, unsigned int *status)
{
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(fault_doc_len,
		(void *)(uintptr_t)fault_doc, MHD_RESPMEM_PERSISTENT);
	int ok = 1;

	*status = 500;
	if (resp != NULL) {
		add(resp, &ok, MHD_HTTP_HEADER_CONTENT_TYPE, TYPE_PROBLEM);
		add(resp, &ok, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
		add(resp, &ok, "X-Content-Type-Options", "nosniff");
		add(resp, &ok, "X-Request-Id", x->id);
		x->bytes = fault_doc_len;
		if (!ok) {
			MHD_destroy_response(resp);
			return NULL;
		}
	}
	return resp;
}

struct rendition *
answer(const struct head *h, struct exchange *x, const struct respond_env *env,
    struct negotiated *n)
{
	struct request req = { .store = env->store,
		.api = env->api,
		.info = env->info,
		.metrics = env->metrics };
	struct reply rep = { .total = -1 };
	struct rendition *r = NULL;
	struct buf key = { 0 };
	char *target = x->target != NULL ? strdup(x->target) : NULL;
	int cacheable = 0;

	memset(n, 0, sizeof(*n));
	if (request_read(
		h, x, env->app, env->trust_proxy, target, &req, n, &rep)) {
		cacheable = env->app->routes[x->route].cache;
		if (cacheable) {
			cache_key(&key, x, &req, n);
			if (!key.oom &&
			    (r = cache_get(env->cache, key.data, key.len)) !=
				NULL)
				metrics_rendition(env->metrics, 1);
		}
		if (r == NULL)
			run_handler(env->app, x, &req, &rep);
	}
	if (r == NULL) {
		int data;

		if (n->pretty)
			indent_body(&rep);
		data = cacheable && rep.status == 200;
		if ((r = rendition_new(
			 &rep, data, env->info->dataset_version)) != NULL &&
		    data) {
			metrics_rendition(env->metrics, 0);
			if (!key.oom)
				cache_put(env->cache, key.data, key.len, r);
		}
	}
	req_clear(&req);
	free(buf_finish(&key));
	free(target);
	return r;
}

enum MHD_Result
respond(struct MHD_Connection *con, struct exchange *x, const char *method,
    const char *version, const struct respond_env *env)
{
	struct head h;
	struct negotiated n;
	struct rendition *r;
	struct MHD_Response *resp = NULL;
	enum MHD_Result ret;
	unsigned int status;

	head_from(con, method, version, &h);
	if ((r = answer(&h, x, env, &n)) != NULL) {
		resp = send_rendition(&h, x, r, &n, env, &status);
		rendition_unref(r);
	}
	if (resp == NULL) /* out of memory making or sending it */
		resp = send_fault(x, &status);
	if (strcmp(method, MHD_HTTP_METHOD_HEAD) == 0 || status == 304)
		x->bytes = 0;
	x->status = status;
	if (resp == NULL)
		return MHD_NO; /* out of memory: MHD closes the connection */
	ret = MHD_queue_response(con, status, resp);
	MHD_destroy_response(resp);
	return ret;
}
