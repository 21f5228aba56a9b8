/*
 * The request side: everything read from a request before a handler runs.
 * Strict parsing of the target, limits, method rules, the trusted proxy's
 * headers, content negotiation (CSV, gzip, indentation), request ids and
 * the client's address.
 */
#define _GNU_SOURCE /* strncasecmp */
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

#include "../db/text.h"
#include "internal.h"

#define MAX_TARGET	 8192 /* longer: 414 */
#define MAX_HEADER_BYTES 8192 /* more: 431 */
#define MAX_HEADERS	 100  /* more: 431 */
#define MAX_METHOD	 32   /* longer: 501 */

#define ALNUM "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

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

/*
 * Writes n in hex at out, digits digits wide (0: as few as it takes, at
 * least one) and a NUL; returns the end. out holds 17 bytes.
 */
static char *
put_hex(char *out, uint64_t n, int digits)
{
	char tmp[16];
	int len = 0;

	do
		tmp[len++] = "0123456789abcdef"[n & 15];
	while ((n >>= 4) != 0 || len < digits);
	while (len > 0)
		*out++ = tmp[--len];
	*out = '\0';
	return out;
}

/* A new request id: a random process prefix and a counter, in hex
 * ("04ad869cc18be539-fab"); out holds 34 bytes. */
static void
new_request_id(char *out)
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
	out = put_hex(out, p, 16);
	*out++ = '-';
	put_hex(out, atomic_fetch_add(&counter, 1), 0);
}

const char *
head_get(const struct head *h, const char *name)
{
	for (size_t i = 0; i < h->nfields && i < HEAD_FIELDS; i++)
		if (strcasecmp(h->field[i].key, name) == 0)
			return h->field[i].value;
	return NULL;
}

void
head_add(struct head *h, const char *key, const char *value)
{
	if (h->nfields < HEAD_FIELDS)
		h->field[h->nfields] = (struct field){ key != NULL ? key : "",
			value != NULL ? value : "" };
	h->nfields++;
	h->bytes += (key != NULL ? strlen(key) : 0) +
	    (value != NULL ? strlen(value) : 0) + 4;
}

static enum MHD_Result
add_field(
    void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	head_add(cls, key, value);
	return MHD_YES;
}

void
head_from(struct MHD_Connection *con, const char *method, const char *version,
    struct head *h)
{
	memset(h, 0, sizeof(*h));
	h->method = method;
	h->version = version;
	MHD_get_connection_values(con, MHD_HEADER_KIND, add_field, h);
}

/*
 * A weight (RFC 9110, 12.4.2: "0" to "1" with at most three decimals) in
 * thousandths, from s up to end (or to ';', a space or a tab). A weight
 * that is not one (nan, 1e3, -1, 1.5) makes its element unacceptable: 0.
 */
static int
qvalue(const char *s, const char *end)
{
	int q, scale = 100;

	if (s >= end || (*s != '0' && *s != '1'))
		return 0;
	q = (*s++ - '0') * 1000;
	if (s < end && *s == '.')
		for (s++; s < end && *s >= '0' && *s <= '9' && scale > 0;
		     s++, scale /= 10)
			q += (*s - '0') * scale;
	if (s < end && *s != ';' && *s != ' ' && *s != '\t')
		return 0;
	return q > 1000 ? 0 : q;
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

			if ((v[0] == 'q' || v[0] == 'Q') && v[1] == '=')
				q = qvalue(v + 2, end);
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
negotiate(const struct head *h, struct request *req, struct negotiated *n)
{
	const char *accept = head_get(h, MHD_HTTP_HEADER_ACCEPT);
	const char *enc = head_get(h, MHD_HTTP_HEADER_ACCEPT_ENCODING);

	n->origin = head_get(h, MHD_HTTP_HEADER_ORIGIN);
	n->gzip = enc != NULL && best_q(enc, "gzip", "x-gzip", "*") > 0;
	if (accept != NULL) {
		int csv = best_q(accept, "text/csv", "text/*", "*/*");
		int json =
		    best_q(accept, "application/json", "application/*", "*/*");

		int html = best_q(accept, "text/html", "text/*", "*/*");

		req->accept_csv = csv > 0 && csv > json;
		req->accept_html = html > 0 && html > json;
	}
}

/* Each request has its peer's address formatted once (request_begin), an
 * IPv4 one, nearly every client's, without printf. */
void
peer_address(const struct sockaddr *sa, char *out, size_t cap)
{
	snprintf(out, cap, "-");
	if (sa != NULL && sa->sa_family == AF_INET && cap >= INET_ADDRSTRLEN) {
		const unsigned char *a = (const unsigned char *)&(
		    (const struct sockaddr_in *)(const void *)sa)
					     ->sin_addr;

		for (int i = 0; i < 4; i++) {
			if (a[i] >= 100)
				*out++ = (char)('0' + a[i] / 100);
			if (a[i] >= 10)
				*out++ = (char)('0' + a[i] / 10 % 10);
			*out++ = (char)('0' + a[i] % 10);
			*out++ = i < 3 ? '.' : '\0';
		}
	} else if (sa != NULL && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    out, (socklen_t)cap);
}

/* Behind a trusted proxy, the client's address is the last address of
 * X-Forwarded-For (the one that proxy added): out, the peer's address
 * until then, becomes it when it is one. */
static void
forwarded_client(const struct head *h, char *out, size_t cap)
{
	const char *xff = head_get(h, "X-Forwarded-For");

	if (xff != NULL) {
		const char *last = strrchr(xff, ',');
		unsigned char addr[sizeof(struct in6_addr)];
		char tmp[64];

		last = last != NULL ? last + 1 : xff;
		last += strspn(last, " \t");
		snprintf(
		    tmp, sizeof(tmp), "%.*s", (int)strcspn(last, " \t"), last);
		if (inet_pton(AF_INET, tmp, addr) == 1 ||
		    inet_pton(AF_INET6, tmp, addr) == 1)
			snprintf(out, cap, "%s", tmp);
	}
}

/*
 * 1 when the len bytes at s are a host and an optional port (RFC 9110,
 * 7.2: uri-host [":" port]): an IP literal in brackets, or a reg-name of
 * unreserved, percent-encoded and sub-delims characters (an IPv4 address
 * is one), then ":" and digits. Userinfo ("@") is none of them.
 */
static int
host_valid(const char *s, size_t len)
{
	static const char reg[] = ALNUM "-._~!$&'()*+,;=";
	size_t i = 0;

	if (len > 0 && s[0] == '[') {
		for (i = 1; i < len && s[i] != ']'; i++)
			if (s[i] == '\0' ||
			    strchr(ALNUM ":._~!$&'()*+,;=-", s[i]) == NULL)
				return 0;
		if (i == len || i == 1)
			return 0;
		i++;
	} else {
		for (; i < len && s[i] != ':'; i++) {
			if (s[i] == '%' && i + 2 < len &&
			    strchr("0123456789abcdefABCDEF", s[i + 1]) &&
			    strchr("0123456789abcdefABCDEF", s[i + 2])) {
				i += 2;
				continue;
			}
			if (s[i] == '\0' || strchr(reg, s[i]) == NULL)
				return 0;
		}
	}
	if (i < len && s[i++] != ':')
		return 0;
	for (; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/*
 * X-Forwarded-Prefix, -Proto and -Host of a trusted proxy. Returns NULL,
 * or why one it sent is refused (static): a proxy that sends what no link
 * can carry is misconfigured, and links silently without it would be
 * wrong.
 */
static const char *
proxy_location(const struct head *h, struct negotiated *n)
{
	const char *prefix = head_get(h, "X-Forwarded-Prefix");
	const char *proto = head_get(h, "X-Forwarded-Proto");
	const char *host = head_get(h, "X-Forwarded-Host");
	size_t len;

	if (prefix != NULL) {
		if (prefix[0] != '/' ||
		    !only(prefix, ALNUM "/-._~", sizeof(n->prefix) - 1) ||
		    strstr(prefix, "//") != NULL ||
		    strstr(prefix, "/.") != NULL)
			return "X-Forwarded-Prefix must be a path of at most "
			       "255 bytes of letters, digits, '/', '-', '.', "
			       "'_' and '~', with no empty or dot segment";
		snprintf(n->prefix, sizeof(n->prefix), "%s", prefix);
		len = strlen(n->prefix);
		while (len > 0 && n->prefix[len - 1] == '/')
			n->prefix[--len] = '\0';
	}
	if (proto != NULL && strcmp(proto, "http") != 0 &&
	    strcmp(proto, "https") != 0)
		return "X-Forwarded-Proto must be http or https";
	if (host != NULL &&
	    (*host == '\0' || !only(host, ALNUM ".-:[]", 255) ||
		!host_valid(host, strlen(host))))
		return "X-Forwarded-Host must be a host name or address and "
		       "port of at most 255 bytes";
	if (proto != NULL && host != NULL)
		snprintf(n->base, sizeof(n->base), "%s://%s%s", proto, host,
		    n->prefix);
	return NULL;
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
		*query++ = '\0';
		query_ok = params_parse(query, &req->params, &req->nparams,
			       &bad, &why) == 0;
		if (query_ok)
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

/* What the framing check counts of a request's header fields. */
struct framing {
	size_t fields, host, length, coding;
	const char *cl, *hv; /* Content-Length, Host */
	const char *bad;     /* why the fields are refused, or NULL */
	unsigned int status;
};

/* 1 when c may be in a field name (RFC 9110's tchar). */
static int
tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* 1 when every byte of s may be in a token. */
static int
token(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (!tchar(*p))
			return 0;
	return 1;
}

static void
frame_field(struct framing *f, const char *key, const char *value)
{
	f->fields++;
	if (f->bad != NULL)
		return;
	if (*key == '\0') {
		f->bad = "a header field has no name";
		return;
	}
	if (!token(key)) {
		f->bad = "a header field name is not a token";
		return;
	}
	for (const unsigned char *p = (const unsigned char *)value; *p; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f) {
			f->bad = "a header field value holds a control "
				 "character";
			return;
		}
	if (strcasecmp(key, MHD_HTTP_HEADER_HOST) == 0) {
		f->host++;
		f->hv = value;
	} else if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
		f->length++;
		f->cl = value;
	} else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0)
		f->coding++;
}

/* 1 when the target holds a byte no target may: a space or a control
 * character (RFC 9112, 3.2; RFC 3986, 2). */
static int
target_invalid(const char *target)
{
	for (const unsigned char *p = (const unsigned char *)target; *p; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return 1;
	return 0;
}

/*
 * An absolute-form target (RFC 9112, 3.2.2) names its host: it must be
 * one, not empty (RFC 9110, 4.2.1), without userinfo (4.2.4). Returns 0,
 * or 400 and *detail why.
 */
static unsigned int
absolute_form(const char *target, const char **detail)
{
	const char *auth;
	size_t len;

	if (strncasecmp(target, "http://", 7) == 0)
		auth = target + 7;
	else if (strncasecmp(target, "https://", 8) == 0)
		auth = target + 8;
	else
		return 0;
	len = strcspn(auth, "/?#");
	if (len == 0 || auth[0] == ':' || !host_valid(auth, len)) {
		*detail = "the request target's authority is not a host and a "
			  "port";
		return 400;
	}
	return 0;
}

/*
 * The transfer codings of every Transfer-Encoding field, in order (RFC
 * 9112, 6.1). Returns 0 when they are chunked alone; else the status to
 * refuse them with and *detail why: 400 when chunked is not the last
 * coding (the body's length cannot be known) or comes twice, 501 for
 * any other coding (the server knows none).
 */
static unsigned int
codings(const struct head *h, const char **detail)
{
	size_t n = 0, chunked = 0;
	int last = 0; /* the last coding is chunked */

	for (size_t i = 0; i < h->nfields && i < HEAD_FIELDS; i++) {
		const char *p = h->field[i].value;

		if (strcasecmp(h->field[i].key,
			MHD_HTTP_HEADER_TRANSFER_ENCODING) != 0)
			continue;
		while (*p != '\0') {
			size_t len;

			p += strspn(p, " \t,");
			if ((len = strcspn(p, ",")) == 0)
				continue;
			while (len > 0 &&
			    (p[len - 1] == ' ' || p[len - 1] == '\t'))
				len--;
			n++;
			last = len == 7 && strncasecmp(p, "chunked", 7) == 0;
			chunked += (size_t)last;
			p += strcspn(p, ",");
		}
	}
	if (!last) {
		*detail = "chunked is not the last transfer coding: the "
			  "body's length cannot be known";
		return 400;
	}
	if (chunked > 1) {
		*detail = "chunked is applied more than once";
		return 400;
	}
	if (n > 1) {
		*detail =
		    "the only transfer coding the server knows is chunked";
		return 501;
	}
	return 0;
}

unsigned int
request_framing(const struct head *h, const char *target, const char **detail)
{
	struct framing f = { 0 };
	enum method m = parse_method(h->method);
	unsigned int status;

	if (*h->method == '\0' || !token(h->method)) {
		*detail = "the method is not a token";
		return 400;
	}
	if (strlen(h->method) > MAX_METHOD) {
		*detail = "the method is longer than 32 bytes, longer than any "
			  "the server implements";
		return 501;
	}
	if (target != NULL && target_invalid(target)) {
		*detail = "the request target holds a space or a control "
			  "character";
		return 400;
	}
	for (size_t i = 0; i < h->nfields && i < HEAD_FIELDS; i++)
		frame_field(&f, h->field[i].key, h->field[i].value);
	f.fields = h->nfields;
	*detail = f.bad;
	if (f.bad != NULL)
		return 400;
	if (f.fields > MAX_HEADERS) {
		*detail = "the request has more than 100 header fields";
		return 431;
	}
	if (f.host > 1) {
		*detail = "the request has more than one Host header";
		return 400;
	}
	if (f.host == 1 && !host_valid(f.hv, strlen(f.hv))) {
		*detail = "the Host header is not a host and a port";
		return 400;
	}
	if (target != NULL && (status = absolute_form(target, detail)) != 0)
		return status;
	if (f.length > 1) {
		*detail = "the request has more than one Content-Length";
		return 400;
	}
	if (f.coding > 0 && f.length > 0) {
		*detail = "the request has both Transfer-Encoding and "
			  "Content-Length";
		return 400;
	}
	if (f.coding > 0 && strcmp(h->version, MHD_HTTP_VERSION_1_0) == 0) {
		*detail = "an HTTP/1.0 request cannot use Transfer-Encoding";
		return 400;
	}
	if (f.coding > 0 && (status = codings(h, detail)) != 0)
		return status;
	if (f.coding == 0 && (f.length == 0 || strcmp(f.cl, "0") == 0))
		return 0; /* no body: the request is whole */
	/* a body: no route takes one, so it is refused before it is read */
	if (m == METHOD_OTHER) {
		*detail = "the API is read-only: use GET or HEAD";
		return 405;
	}
	*detail = "the API takes no request body";
	return 413;
}

void
request_begin(const struct sockaddr *peer, struct exchange *x)
{
	new_request_id(x->id);
	peer_address(peer, x->client, sizeof(x->client));
}

int
request_read(const struct head *h, struct exchange *x, const struct app *app,
    int trust_proxy, char *target, struct request *req, struct negotiated *n,
    struct reply *rep)
{
	const char *client_id = head_get(h, "X-Request-Id");
	const char *proxy_refused = NULL;

	snprintf(x->method, sizeof(x->method), "%s", h->method);
	if (client_id != NULL && only(client_id, ALNUM "._-", 128))
		snprintf(x->id, sizeof(x->id), "%s", client_id);
	if (trust_proxy) {
		forwarded_client(h, x->client, sizeof(x->client));
		proxy_refused = proxy_location(h, n);
	}
	req->prefix = n->prefix;
	req->public_base = n->base[0] != '\0' ? n->base : NULL;
	req->method = parse_method(h->method);
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
