/*
 * The in-process seam of the chaos tests (tests/harness_chaos.h): a
 * request's head through what server/daemon.c and server/respond.c do
 * with it, as tests/fuzz/fuzz_request.c sends it; what a client would
 * get; how a run under failure ended against the answer without (the
 * requests: tests/harness_chaos_requests.c).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <zlib.h>

#include "harness.h"
#include "harness_chaos.h"

const char *const chaos_kind_names[CHAOS__MAX] = { "same", "not gzipped", "500",
	"503", "closed", "refused", "CHAOS_WRONG" };

double
chaos_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
chaos_report(const char *name, const struct chaos_tally *t)
{
	char line[512];
	size_t n;

	n = (size_t)snprintf(line, sizeof(line),
	    "  %-44s %5lu points (%.1f s):", name, t->points, t->seconds);
	for (int k = 0; k < CHAOS__MAX && n < sizeof(line); k++)
		if (t->n[k] > 0)
			n += (size_t)snprintf(line + n, sizeof(line) - n,
			    " %lu %s", t->n[k], chaos_kind_names[k]);
	if (t->step > 1 && n < sizeof(line))
		n += (size_t)snprintf(line + n, sizeof(line) - n,
		    " (one in %lu failed)", t->step);
	if (t->covered > 0 && n < sizeof(line))
		n += (size_t)snprintf(line + n, sizeof(line) - n,
		    "; %lu more in nested calls", t->covered);
	if (t->spared > 0 && n < sizeof(line))
		snprintf(line + n, sizeof(line) - n,
		    "; %lu in jansson's parser spared", t->spared);
	print_message("%s\n", line);
}

void
chaos_outcome_free(struct chaos_outcome *o)
{
	free(o->fields);
	free(o->body);
	memset(o, 0, sizeof(*o));
}

/* Splits a request's text (copied into buf) into h; returns its target. */
static const char *
parse(const char *text, char *buf, struct head *h)
{
	char *line, *save = NULL, *sp, *target;

	snprintf(buf, CHAOS_TEXT_MAX, "%s", text);
	memset(h, 0, sizeof(*h));
	line = strtok_r(buf, "\n", &save);
	sp = strchr(line, ' ');
	assert_non_null(sp);
	*sp = '\0';
	target = sp + 1;
	h->method = line;
	h->version = "HTTP/1.1";
	if (strstr(text, "\nHost: ") == NULL)
		head_add(h, "Host", "chaos.test");
	head_add(h, "X-Request-Id", "chaos");
	while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
		char *colon = strchr(line, ':');

		assert_non_null(colon);
		*colon = '\0';
		head_add(h, line, colon + 1 + strspn(colon + 1, " "));
	}
	return target;
}

static enum MHD_Result
put_field(
    void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	buf_printf(cls, "%s: %s\n", key, value);
	return MHD_YES;
}

/* The bytes a gzip body inflates to (malloc'd), or NULL. */
static char *
inflated(const struct body *b, size_t *len)
{
	struct buf out = { 0 };
	z_stream z;
	char chunk[16384];
	int rc = Z_OK;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return NULL;
	for (size_t i = 0; rc == Z_OK && i < (b->flat ? 1 : b->nchunks); i++) {
		size_t off = i * BODY_CHUNK;

		z.next_in =
		    (Bytef *)(uintptr_t)(b->flat ? b->flat : b->chunk[i]);
		z.avail_in = (uInt)(b->flat	    ? b->len
			: b->len - off < BODY_CHUNK ? b->len - off
						    : BODY_CHUNK);
		do {
			z.next_out = (Bytef *)chunk;
			z.avail_out = sizeof(chunk);
			rc = inflate(&z, Z_NO_FLUSH);
			buf_putn(&out, chunk, sizeof(chunk) - z.avail_out);
		} while (rc == Z_OK && z.avail_out == 0);
	}
	inflateEnd(&z);
	*len = out.len;
	if (rc != Z_STREAM_END) {
		free(buf_finish(&out));
		return NULL;
	}
	return buf_finish(&out);
}

static char *
flat(const struct body *b, size_t *len)
{
	struct buf out = { 0 };

	if (b->flat != NULL)
		buf_putn(&out, b->flat, b->len);
	for (size_t i = 0; b->flat == NULL && i < b->nchunks; i++) {
		size_t off = i * BODY_CHUNK;

		buf_putn(&out, b->chunk[i],
		    b->len - off < BODY_CHUNK ? b->len - off : BODY_CHUNK);
	}
	*len = out.len;
	return buf_finish(&out);
}

/*
 * One request through the seam, as respond() answers it, with the nth
 * allocation failing (0: none); o gets what the client would. Returns how
 * many allocations it made.
 */
unsigned long
chaos_exchange(const struct chaos_rq *q, const struct respond_env *env,
    unsigned long nth, struct chaos_outcome *o)
{
	struct sockaddr_in peer = { .sin_family = AF_INET };
	char buf[CHAOS_TEXT_MAX];
	struct head h;
	struct exchange x;
	struct negotiated n;
	struct rendition *r;
	struct MHD_Response *resp = NULL;
	struct buf fields = { 0 };
	const char *target = parse(q->text, buf, &h), *coding;
	unsigned long counted;
	int faulted = 0;

	peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	memset(o, 0, sizeof(*o));
	memset(&x, 0, sizeof(x));
	chaos_arm(nth);
	/* what daemon.c's on_uri and on_request do */
	x.target = strdup(target);
	request_begin((struct sockaddr *)&peer, &x);
	x.refuse = request_framing(&h, x.target, &x.refuse_detail);
	/* what respond() does */
	if ((r = answer(&h, &x, env, &n)) != NULL)
		resp = send_rendition(&h, &x, r, &n, env, &o->status);
	if (resp == NULL) {
		resp = send_fault(&x, &o->status);
		faulted = 1;
	}
	counted = chaos_disarm();

	if ((o->made = resp != NULL)) {
		MHD_get_response_headers(resp, put_field, &fields);
		o->fields = buf_finish(&fields);
		coding = MHD_get_response_header(resp, "Content-Encoding");
		o->gzip = coding != NULL && strcmp(coding, "gzip") == 0;
		if (o->status == 304 || strcmp(h.method, "HEAD") == 0)
			o->body = flat(&(struct body){ 0 }, &o->len);
		else if (faulted)
			o->body = flat(
			    &(struct body){
				.flat = (char *)(uintptr_t)fault_doc,
				.len = fault_doc_len },
			    &o->len);
		else if (o->gzip)
			o->body = inflated(&r->gz, &o->len);
		else
			o->body = flat(&r->id, &o->len);
		assert_non_null(o->fields);
		assert_non_null(o->body);
		MHD_destroy_response(resp);
	}
	rendition_unref(r);
	free(x.target);
	return counted;
}

/* 1 when o has the header field line "name: value". */
static int
has_field(const struct chaos_outcome *o, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = o->fields; (p = strstr(p, line)) != NULL; p++)
		if ((p == o->fields || p[-1] == '\n') && p[n] == '\n')
			return 1;
	return 0;
}

/* The fields without Content-Encoding, the gzip ETag as the identity's. */
static char *
identity_fields(const char *fields)
{
	struct buf b = { 0 };

	for (const char *p = fields; *p != '\0';) {
		size_t n = strcspn(p, "\n") + 1;
		const char *gz;

		if (strncmp(p, "Content-Encoding: ", 18) == 0) {
			p += n;
			continue;
		}
		if (strncmp(p, "ETag: ", 6) == 0 &&
		    (gz = strstr(p, "-gz\"\n")) != NULL && gz < p + n) {
			buf_putn(&b, p, (size_t)(gz - p));
			buf_puts(&b, "\"\n");
		} else {
			buf_putn(&b, p, n);
		}
		p += n;
	}
	return buf_finish(&b);
}

/* 1 when body is the small 500's document (indented or not: ?pretty). */
static int
is_fault(const char *body, size_t len)
{
	json_t *a = json_loadb(body, len, 0, NULL);
	json_t *b = json_loadb(fault_doc, fault_doc_len, 0, NULL);
	int same = a != NULL && json_equal(a, b);

	json_decref(a);
	json_decref(b);
	return same;
}

/* How a run of q ended, against ref, its answer without failure. */
enum chaos_kind
chaos_judge(const struct chaos_rq *q, const struct chaos_outcome *ref,
    const struct chaos_outcome *o)
{
	int problem;
	char *a, *b;
	enum chaos_kind k;

	if (!o->made)
		return CHAOS_CLOSED;
	problem = has_field(o, "Content-Type: " TYPE_PROBLEM) &&
	    has_field(o, "Cache-Control: no-store");
	if (o->status == 500 && problem &&
	    (strncmp(q->text, "HEAD ", 5) == 0 ? o->len == 0
					       : is_fault(o->body, o->len)))
		return CHAOS_FAULT;
	if (o->status == 503 && problem && strstr(o->body, "\"status\":503"))
		return CHAOS_UNREADY;
	if (o->status != ref->status ||
	    (!q->varies &&
		(o->len != ref->len ||
		    memcmp(o->body, ref->body, o->len) != 0)))
		return CHAOS_WRONG;
	if (strcmp(o->fields, ref->fields) == 0 && o->gzip == ref->gzip)
		return CHAOS_SAME;
	/* gzip left out: sent as it is, or a 304 naming the identity's ETag
	 * (the one a 200 would now carry) */
	if (o->gzip || (!ref->gzip && ref->status != 304))
		return CHAOS_WRONG;
	a = identity_fields(o->fields);
	b = identity_fields(ref->fields);
	k = a != NULL && b != NULL && strcmp(a, b) == 0 ? CHAOS_PLAIN
							: CHAOS_WRONG;
	free(a);
	free(b);
	return k;
}
