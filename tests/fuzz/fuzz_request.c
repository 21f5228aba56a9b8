/*
 * libFuzzer target: one request's head through the server, from the
 * framing check to the handler and the rendition sent, in process and
 * without a socket: what server/daemon.c and server/respond.c do with a
 * head libmicrohttpd has read, on the real database (build/aid.db, or
 * $AID_DB), with a rendition cache small enough to evict.
 *
 * The input is text, lines ending in LF or CRLF:
 *
 *   line 1  the configuration, in the low bits of its first byte: 1 trusts
 *           the proxy's X-Forwarded-* headers; 2 and 4 choose the CORS
 *           policy (0 none, 2 a list of two origins, 4 any origin, 6 the
 *           list); 8 answers as a draining server does. The rest of the
 *           line is a comment: "3 proxy, CORS list".
 *   line 2  the request line, split as libmicrohttpd 0.9.75 splits it:
 *           the method up to the first space, the version after the last
 *           space, the target between them (spaces after the method
 *           skipped). Empty lines before it are skipped (as
 *           libmicrohttpd reads lines, one that starts with a NUL is
 *           empty).
 *   then    header fields, "Name: value", up to an empty line or the end:
 *           the name up to the first colon, the value after it without its
 *           leading spaces and tabs; a line that starts with a space or a
 *           tab continues the value above (joined as libmicrohttpd joins
 *           it). What follows the head is ignored: no route takes a body,
 *           and the framing refuses one before it is read.
 *
 * An input libmicrohttpd would refuse before the server sees it (no
 * method, no version or one other than HTTP/1.x, a field line without a
 * colon) is skipped and kept out of the corpus. A NUL in the target is
 * refused as the daemon refuses it.
 *
 * After each input it checks, aborting on failure: no status of 500 or
 * more (but a 501 for a transfer coding other than chunked or a method
 * over 32 bytes, which is what RFC 9112 asks); every 4xx and that 501 a problem
 * document of its status (application/problem+json); every JSON body parses;
 * the body bytes send_rendition reports are the rendition's (its gzip body when
 * Content-Encoding says gzip, which inflates to the identity body);
 * X-Request-Id is the exchange's, the client's when it is sane (1 to 128
 * of [A-Za-z0-9._-]) and a new one when not; a 304 only of data asked
 * conditionally; Allow on 204 and 405; Access-Control-Allow-Origin
 * exactly when the policy allows the Origin; a rendition the cache gave
 * has the bytes and headers the handler makes afresh.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "../../db/text.h"
#include "../../handlers/handlers.h"
#include "../../server/internal.h"
#include "check.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct service svc;
static struct cors *cors_any;

static void
teardown(void)
{
	cors_free(cors_any);
	service_close(&svc);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct config cfg;

	(void)argc;
	(void)argv;
	fuzz_config(&cfg);
	cfg.threads = 1;
	cfg.trust_proxy = 0;
	if (service_open(&svc, &cfg, &aid_app) != 0 ||
	    (cors_any = cors_new("*")) == NULL)
		fuzz_fail("cannot open the service on %s", cfg.db);
	atexit(teardown);
	return 0;
}

/* One line of the input: its start, cut at its end (LF or CRLF); NULL
 * past the last. *len is its length up to the cut (NULs included). */
static char *
next_line(char **p, char *end, size_t *len)
{
	char *line = *p, *nl;

	if (line >= end)
		return NULL;
	if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
		nl = end;
	*p = nl < end ? nl + 1 : end;
	if (nl > line && nl[-1] == '\r')
		nl--;
	*nl = '\0';
	*len = (size_t)(nl - line);
	return line;
}

/* The version libmicrohttpd passes on: "HTTP/1.d". */
static int
version_passed(const char *v, size_t len)
{
	return len == 8 && strncmp(v, "HTTP/1.", 7) == 0 && v[7] >= '0' &&
	    v[7] <= '9';
}

/*
 * Decodes the input (copied into buf, which the head then points into)
 * into h. Returns the target, with *nul set when a NUL cut it short; NULL
 * when libmicrohttpd would refuse the input itself.
 */
static char *
decode(char *buf, size_t size, struct head *h, int *nul)
{
	char *p = buf, *end = buf + size, *line, *target, *sp, *last = NULL;
	char *key = NULL, *value = NULL;
	size_t len;

	memset(h, 0, sizeof(*h));
	if (next_line(&p, end, &len) == NULL)
		return NULL; /* no configuration line */
	while ((line = next_line(&p, end, &len)) != NULL && *line == '\0')
		; /* empty, or a NUL first, which libmicrohttpd takes for empty
		   */
	if (line == NULL || (sp = memchr(line, ' ', len)) == NULL || sp == line)
		return NULL;
	*sp = '\0';
	h->method = line;
	for (target = sp + 1; target < line + len && *target == ' '; target++)
		;
	for (last = line + len; last > target && last[-1] == ' '; last--)
		;
	while (last > target && last[-1] != ' ')
		last--;
	if (last <= target ||
	    !version_passed(last, len - (size_t)(last - line)))
		return NULL;
	last[-1] = '\0';
	h->version = last;
	*nul = strlen(target) < (size_t)(last - 1 - target);
	/* the fields; each is added once the next line shows it whole */
	while ((line = next_line(&p, end, &len)) != NULL && *line != '\0') {
		char *colon;

		if ((*line == ' ' || *line == '\t') && key != NULL) {
			line += strspn(line, " \t");
			memmove(value + strlen(value), line, strlen(line) + 1);
			continue;
		}
		if (key != NULL)
			head_add(h, key, value);
		if ((colon = strchr(line, ':')) == NULL)
			return NULL;
		*colon = '\0';
		key = line;
		value = colon + 1 + strspn(colon + 1, " \t");
	}
	if (key != NULL)
		head_add(h, key, value);
	return target;
}

/* The bytes of a body, flat (malloc'd; the caller frees). */
static char *
flatten(const struct body *b)
{
	char *out = malloc(b->len + 1);

	if (out == NULL)
		fuzz_fail("out of memory");
	if (b->flat != NULL)
		memcpy(out, b->flat, b->len);
	for (size_t i = 0; b->flat == NULL && i < b->nchunks; i++) {
		size_t off = i * BODY_CHUNK;

		memcpy(out + off, b->chunk[i],
		    b->len - off < BODY_CHUNK ? b->len - off : BODY_CHUNK);
	}
	out[b->len] = '\0';
	return out;
}

/* Fails unless gz[0..gzlen) inflates to exactly id[0..idlen). */
static void
check_gzip(const char *gz, size_t gzlen, const char *id, size_t idlen)
{
	size_t len;
	char *out = gunzip(gz, gzlen, &len);

	if (out == NULL || len != idlen || memcmp(out, id, idlen) != 0)
		fuzz_fail("the gzip body does not inflate to the identity "
			  "body (%zu bytes)",
		    idlen);
	free(out);
}

static int
is_json_type(const char *type)
{
	return type != NULL &&
	    (strcmp(type, TYPE_JSON) == 0 ||
		strcmp(type, TYPE_PROJECTION) == 0 ||
		strcmp(type, TYPE_PROBLEM) == 0);
}

/* 1 when id is one the server keeps: 1 to 128 of [A-Za-z0-9._-]. */
static int
sane_id(const char *id)
{
	size_t n = strlen(id);

	return n >= 1 && n <= 128 &&
	    strspn(id,
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"0123456789._-") == n;
}

/*
 * The headers that do not depend on the rendition: the client's request
 * id kept when sane and replaced when not; the CORS grant exactly when
 * the policy (cors: the configuration's bits 2 and 4) allows the Origin,
 * and on every answer when it is "*".
 */
static void
check_grants(const struct head *h, const struct exchange *x, unsigned int cors,
    struct MHD_Response *resp)
{
	const char *client = head_get(h, "X-Request-Id");
	const char *origin = head_get(h, "Origin"), *want = NULL;
	const char *got =
	    MHD_get_response_header(resp, "Access-Control-Allow-Origin");

	if (client != NULL && sane_id(client) != (strcmp(x->id, client) == 0))
		fuzz_fail("%s %s: the client's X-Request-Id '%s' %s", h->method,
		    x->target, client, sane_id(client) ? "lost" : "kept");
	if (cors == 4) /* "*": every answer, with an Origin or without */
		want = "*";
	else if (origin != NULL && cors != 0 &&
	    (strcmp(origin, "https://app.example") == 0 ||
		strcmp(origin, "http://localhost:3000") == 0))
		want = origin;
	if ((want == NULL) != (got == NULL) ||
	    (want != NULL && strcmp(want, got) != 0))
		fuzz_fail("%s %s: Origin '%s' granted '%s', not '%s'",
		    h->method, x->target, origin != NULL ? origin : "(none)",
		    got != NULL ? got : "(none)",
		    want != NULL ? want : "(none)");
}

/* Every check of one answer: the rendition r sent as resp with status. */
static void
check_answer(const struct head *h, const struct exchange *x,
    struct rendition *r, const struct negotiated *n, struct MHD_Response *resp,
    unsigned int status)
{
	const char *type = MHD_get_response_header(resp, "Content-Type");
	const char *coding = MHD_get_response_header(resp, "Content-Encoding");
	const char *id = MHD_get_response_header(resp, "X-Request-Id");
	const struct body *gz = n->gzip ? rendition_gzip(r) : NULL;
	const struct body *sent = gz != NULL ? gz : &r->id;
	char *body = flatten(&r->id);
	const char *why;

	if (status >= 500 &&
	    !(status == 501 &&
		(head_get(h, "Transfer-Encoding") != NULL ||
		    strlen(h->method) > 32)))
		fuzz_fail("%s %s: status %u", h->method, x->target, status);
	if (id == NULL || strcmp(id, x->id) != 0)
		fuzz_fail("%s %s: X-Request-Id '%s', not the exchange's '%s'",
		    h->method, x->target, id != NULL ? id : "(none)", x->id);
	if (status == 304) {
		if (!r->data ||
		    (head_get(h, "If-None-Match") == NULL &&
			head_get(h, "If-Modified-Since") == NULL))
			fuzz_fail(
			    "%s %s: a 304 not asked for", h->method, x->target);
		if (type != NULL || coding != NULL)
			fuzz_fail("%s %s: a 304 with Content-Type or "
				  "-Encoding",
			    h->method, x->target);
		free(body);
		return;
	}
	if (x->bytes != sent->len)
		fuzz_fail("%s %s: send_rendition reports %zu bytes, the "
			  "rendition has %zu",
		    h->method, x->target, x->bytes, sent->len);
	if ((gz != NULL) != (coding != NULL && strcmp(coding, "gzip") == 0))
		fuzz_fail("%s %s: Content-Encoding '%s' for a %s body",
		    h->method, x->target, coding != NULL ? coding : "(none)",
		    gz != NULL ? "gzip" : "identity");
	if (gz != NULL) {
		char *zipped = flatten(gz);

		check_gzip(zipped, gz->len, body, r->id.len);
		free(zipped);
	}
	if (r->has_body && type == NULL)
		fuzz_fail(
		    "%s %s: a body without Content-Type", h->method, x->target);
	if ((status >= 400 && status < 500) || status == 501) {
		if (type == NULL || strcmp(type, TYPE_PROBLEM) != 0)
			fuzz_fail("%s %s: %u of type '%s'", h->method,
			    x->target, status, type != NULL ? type : "(none)");
		if ((why = problem_why_not(status, body, r->id.len)) != NULL)
			fuzz_fail("%s %s: %u: %s: %.300s", h->method, x->target,
			    status, why, body);
	}
	if (is_json_type(type) && !json_parses(body, r->id.len))
		fuzz_fail("%s %s: %u: the JSON body does not parse: %.300s",
		    h->method, x->target, status, body);
	if (type != NULL && strncmp(type, "text/csv", 8) == 0 &&
	    !utf8_valid(body, r->id.len))
		fuzz_fail(
		    "%s %s: the CSV body is not UTF-8", h->method, x->target);
	if ((status == 204 || status == 405) &&
	    MHD_get_response_header(resp, "Allow") == NULL)
		fuzz_fail(
		    "%s %s: %u without Allow", h->method, x->target, status);
	free(body);
}

/* 1 when a and b are both NULL or the same string. */
static int
same(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/*
 * Fails unless the rendition r that the cache gave for head h is the one
 * the handler makes afresh: else the cache key misses something that
 * decides the bytes, and one request gets another's answer.
 */
static void
check_fresh(const struct head *h, const struct exchange *x,
    const struct respond_env *env, struct rendition *r)
{
	struct respond_env fresh = *env;
	struct exchange y;
	struct negotiated n;
	struct rendition *f;
	char *was, *is;

	fresh.cache = NULL; /* keeps nothing, finds nothing */
	memset(&y, 0, sizeof(y));
	y.target = x->target;
	if ((f = answer(h, &y, &fresh, &n)) == NULL)
		fuzz_fail("answer() made no rendition");
	was = flatten(&r->id);
	is = flatten(&f->id);
	if (f->status != r->status || f->id.len != r->id.len ||
	    memcmp(was, is, r->id.len) != 0)
		fuzz_fail("%s %s: the cache's %u of %zu bytes is not the "
			  "handler's %u of %zu bytes: %.200s | %.200s",
		    h->method, x->target, r->status, r->id.len, f->status,
		    f->id.len, was, is);
	if (!same(f->link, r->link) || !same(f->location, r->location) ||
	    !same(f->type, r->type) || f->total != r->total)
		fuzz_fail("%s %s: the cache's Link, Content-Location, "
			  "Content-Type or X-Total-Count is not the "
			  "handler's: '%s' '%s' '%s' %lld | '%s' '%s' '%s' "
			  "%lld",
		    h->method, x->target, r->link ? r->link : "",
		    r->location ? r->location : "", r->type ? r->type : "",
		    r->total, f->link ? f->link : "",
		    f->location ? f->location : "", f->type ? f->type : "",
		    f->total);
	free(was);
	free(is);
	rendition_unref(f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_in peer = { .sin_family = AF_INET };
	struct respond_env env = service_env(&svc, svc.stores[0]);
	struct exchange x;
	struct negotiated n;
	struct rendition *r;
	struct MHD_Response *resp;
	struct head h;
	struct cache_stats before, after;
	unsigned int status, cfg = size > 0 ? data[0] : 0;
	char *buf = malloc(size + 1), *target;
	int nul = 0;

	if (buf == NULL)
		fuzz_fail("out of memory");
	memcpy(buf, data, size);
	buf[size] = '\0';
	if ((target = decode(buf, size, &h, &nul)) == NULL) {
		free(buf);
		return -1; /* libmicrohttpd's to refuse: not worth keeping */
	}
	env.trust_proxy = cfg & 1;
	env.cors = (cfg & 6) == 0 ? NULL : (cfg & 6) == 4 ? cors_any : svc.cors;
	env.closing = (cfg & 8) != 0;
	peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

	/* what daemon.c's on_uri and on_request do */
	memset(&x, 0, sizeof(x));
	if ((x.target = strdup(target)) == NULL)
		fuzz_fail("out of memory");
	request_begin((struct sockaddr *)&peer, &x);
	if ((x.refuse = request_framing(&h, x.target, &x.refuse_detail)) == 0 &&
	    nul) {
		x.refuse = 400;
		x.refuse_detail = "the request target holds a NUL byte";
	}
	if (x.refuse != 0)
		env.closing = 1;

	/* what respond.c's respond() does */
	cache_stats(svc.cache, &before);
	if ((r = answer(&h, &x, &env, &n)) == NULL)
		fuzz_fail("answer() made no rendition");
	cache_stats(svc.cache, &after);
	if (after.hits > before.hits)
		check_fresh(&h, &x, &env, r);
	if ((resp = send_rendition(&h, &x, r, &n, &env, &status)) == NULL)
		fuzz_fail("send_rendition() made no response");
	check_answer(&h, &x, r, &n, resp, status);
	check_grants(&h, &x, cfg & 6, resp);
	MHD_destroy_response(resp);
	rendition_unref(r);
	free(x.target);
	free(buf);
	return 0;
}
