/*
 * The in-process seam of the chaos tests (tests/harness_chaos.h): a
 * request's head through what server/daemon.c and server/respond.c do
 * with it, as tests/fuzz/fuzz_request.c sends it; what a client would
 * get; how a run under failure ended against the answer without; and the
 * requests of every route, made from the data.
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

#include "../db/internal.h"
#include "../db/text.h"
#include "../handlers/collection.h"
#include "../handlers/web.h"
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

/* The requests: every route, and what changes a request's path. */
struct chaos_rq chaos_rqs[CHAOS_MAX_RQS];
struct chaos_outcome chaos_refs[CHAOS_MAX_RQS];
size_t chaos_nrqs;

__attribute__((format(printf, 3, 4))) static void
add_rq(const char *name, int varies, const char *fmt, ...)
{
	struct chaos_rq *q = &chaos_rqs[chaos_nrqs++];
	va_list ap;

	assert_true(chaos_nrqs <= CHAOS_MAX_RQS);
	snprintf(q->name, sizeof(q->name), "%s", name);
	q->varies = varies;
	va_start(ap, fmt);
	vsnprintf(q->text, sizeof(q->text), fmt, ap);
	va_end(ap);
}

static int
keep_unreserved(unsigned char c)
{
	return pct_unreserved(c);
}

/* Keys of the dataset: one that names one entity and is not its id, one
 * that names two, one in Han characters (percent-encoded). */
static void
entity_keys(const struct dataset *ds, const char **alias,
    const char **ambiguous, char *han, size_t cap)
{
	*alias = *ambiguous = NULL;
	*han = '\0';
	for (size_t i = 0; i < ds->nkeys; i++) {
		const struct entity_key *k = &ds->keys[i];
		int same = (i > 0 && strcmp(k[-1].key, k->key) == 0) ||
		    (i + 1 < ds->nkeys && strcmp(k[1].key, k->key) == 0);

		if (same && *ambiguous == NULL)
			*ambiguous = k->key;
		if (!same && *alias == NULL &&
		    strcmp(k->key,
			ds->coll[COLL_ENTITIES].docs[k->entity].id) != 0)
			*alias = k->key;
		if (*han == '\0' && (unsigned char)k->key[0] >= 0x80 &&
		    3 * strlen(k->key) < cap)
			pct_encode(han, k->key, keep_unreserved);
	}
	assert_non_null(*alias);
	assert_non_null(*ambiguous);
	assert_true(*han != '\0');
}

#define GZ "\nAccept-Encoding: gzip"
#define A  API_PREFIX

int
chaos_requests(const struct service *svc)
{
	const struct dataset *ds = svc->api->data;
	const char *en = ds->coll[COLL_ENTITIES].docs[0].id;
	const char *pa = ds->coll[COLL_PARTNERSHIPS].docs[0].id;
	const char *fu = ds->coll[COLL_FUNDING].docs[0].id;
	const char *ev = ds->coll[COLL_EVENTS].docs[0].id;
	const char *so = ds->coll[COLL_SOURCES].docs[0].id;
	const char *file = svc->api->about.files[0].path;
	const char *alias, *ambiguous;
	char han[256], many_fields[3 * (MAX_LISTED + 1)];
	struct respond_env env;

	entity_keys(ds, &alias, &ambiguous, han, sizeof(han));
	for (size_t i = 0; i <= MAX_LISTED; i++)
		memcpy(many_fields + 3 * i, i < MAX_LISTED ? "id," : "id", 3);
	add_rq("the page", 0, "GET /\nAccept: text/html" GZ);
	add_rq(
	    "a file of the page", 0, "GET /assets/app.js?v=%s" GZ, web_version);
	add_rq("the index, asked for at /", 0, "GET /" GZ);
	add_rq("the index", 0, "GET " A "?pretty=1");
	add_rq("a list", 0, "GET " A "/entities" GZ);
	add_rq("a list, filtered and sorted", 0,
	    "GET " A "/entities?kind=prefecture&sort=-name,id&limit=5"
	    "&offset=2");
	add_rq("a list by entity and fields", 0,
	    "GET " A "/partnerships?entity=%s&fields=id,donors,start" GZ, en);
	add_rq("a list by years, pretty", 0,
	    "GET " A "/events?from=1990&to=2018&pretty=1" GZ);
	add_rq("a list by q", 0, "GET " A "/events?q=cadres%%20aid" GZ);
	add_rq(
	    "a list by q in Han characters", 0, "GET " A "/entities?q=%s", han);
	add_rq("a list by donor, recipient, kind", 0,
	    "GET " A "/funding?donor=%s&recipient=%s&cumulative=true"
	    "&kind=government_aid",
	    en, en);
	add_rq("a list as CSV", 0, "GET " A "/events?format=csv" GZ);
	add_rq("a list as CSV, asked by Accept", 0,
	    "GET " A "/funding?fields=id,amount_yuan\nAccept: text/csv");
	add_rq("a list behind a proxy", 0,
	    "GET " A "/sources\nX-Forwarded-Prefix: /aid\n"
	    "X-Forwarded-Proto: https\nX-Forwarded-Host: example.org" GZ);
	add_rq("an entity", 0, "GET " A "/entities/%s?pretty" GZ, en);
	add_rq("an entity by a name", 0, "GET " A "/entities/%s", alias);
	add_rq("an entity by Han characters", 0, "GET " A "/entities/%s", han);
	add_rq("an ambiguous key", 0, "GET " A "/entities/%s", ambiguous);
	add_rq("a partnership, some fields", 0,
	    "GET " A "/partnerships/%s?fields=id,name", pa);
	add_rq("a funding record", 0, "GET " A "/funding/%s" GZ, fu);
	add_rq("an event", 0, "GET " A "/events/%s?pretty=true" GZ, ev);
	add_rq("a source", 0, "GET " A "/sources/%s" GZ, so);
	add_rq("totals by kind", 0, "GET " A "/funding/totals" GZ);
	add_rq("totals by recipient, filtered", 0,
	    "GET " A "/funding/totals?group_by=recipient&from=2000&to=2018");
	add_rq("totals by donor as CSV", 0,
	    "GET " A "/funding/totals?group_by=donor&format=csv" GZ);
	add_rq("totals of an entity", 0,
	    "GET " A "/funding/totals?recipient=%s&entity=%s", en, en);
	add_rq("the database", 0, "GET " A "/database");
	add_rq("the data package", 0, "GET " A "/datapackage");
	add_rq("the data package, gzipped", 0, "GET " A "/datapackage" GZ);
	add_rq("a file of the data package", 0, "GET " A "/datapackage/%s" GZ,
	    file);
	add_rq("the dataset's citation", 0, "GET " A "/citation" GZ);
	add_rq("the dataset's citation, public", 0,
	    "GET " A "/citation?format=csl\nX-Forwarded-Proto: https\n"
	    "X-Forwarded-Host: example.org");
	add_rq("the dataset's citation as BibTeX", 0,
	    "GET " A "/citation?format=bibtex");
	add_rq(
	    "an event's citation", 0, "GET " A "/citations/events/%s" GZ, ev);
	add_rq("an entity's citation as text", 0,
	    "GET " A "/citations/entities/%s?format=text", en);
	add_rq("a funding record's citation as CSL", 0,
	    "GET " A "/citations/funding/%s?format=csl", fu);
	add_rq("a partnership's citation as BibTeX", 0,
	    "GET " A "/citations/partnerships/%s?format=bibtex", pa);
	add_rq("the OpenAPI document, public", 0,
	    "GET /openapi.json\nX-Forwarded-Proto: https\n"
	    "X-Forwarded-Host: example.org" GZ);
	add_rq("liveness", 0, "GET /healthz");
	add_rq("readiness", 0, "GET /readyz");
	add_rq("the metrics", 1, "GET /metrics");
	add_rq("a conditional request", 0,
	    "GET " A "/events\nIf-Modified-Since: Fri, 01 Jan 2100 00:00:00 "
	    "GMT");
	add_rq("HEAD", 0, "HEAD " A "/partnerships" GZ);
	add_rq("a CORS preflight", 0,
	    "OPTIONS " A "/events\nOrigin: https://app.example\n"
	    "Access-Control-Request-Method: GET");
	add_rq("a CORS request", 0,
	    "GET " A "/events/%s\nOrigin: https://app.example", ev);
	add_rq("a bad parameter", 0,
	    "GET " A "/events?limit=0&sort=nope&colour=red");
	add_rq("a malformed query", 0, "GET " A "/events?q=%%zz");
	add_rq("a value not among the choices", 0,
	    "GET " A "/entities?kind=nope&side=nowhere");
	add_rq("an entity filter that names two", 0,
	    "GET " A "/funding?entity=%s", ambiguous);
	add_rq("empty and spaced parameters", 0,
	    "GET " A "/events?&pretty&&q=cadres+aid&limit=2&offset=1" GZ);
	add_rq("a validator that matches", 0,
	    "GET " A "/sources\nIf-None-Match: W/\"x\", *");
	add_rq("a validator that does not match", 0,
	    "GET " A "/sources\nIf-None-Match: \"x\"" GZ);
	add_rq("a date that is none", 0,
	    "GET " A "/sources\nIf-Modified-Since: yesterday");
	add_rq("gzip weighed against identity", 0,
	    "GET " A "/events\nAccept-Encoding: identity;q=0.9, gzip;q=0.5, "
	    "br");
	add_rq("a parameter the page does not take", 0,
	    "GET /?v=1\nAccept: text/html");
	add_rq("a parameter a file does not take", 0, "GET /assets/app.js?w=1");
	add_rq("a parameter a download does not take", 0,
	    "GET " A "/database?x=1");
	add_rq("a parameter the archive does not take", 0,
	    "GET " A "/datapackage?x=1");
	add_rq("a parameter a package file does not take", 0,
	    "GET " A "/datapackage/%s?x=1", file);
	add_rq("a parameter the OpenAPI document does not take", 0,
	    "GET /openapi.json?x=1");
	add_rq("a parameter the metrics do not take", 0, "GET /metrics?x=1");
	add_rq("a parameter a citation does not take", 0,
	    "GET " A "/citations/events/%s?x=1", ev);
	add_rq("more fields than a request may name", 0,
	    "GET " A "/sources?fields=%s", many_fields);
	add_rq("more sort keys than a request may give", 0,
	    "GET " A "/events?sort=id,start,end,title,category,precision,"
	    "-id,-start,-end");
	add_rq("hosts: an IPv6 literal, percent-encoded", 0,
	    "GET http://[::1]:8080" A "/sources\nHost: a%%41b.example:80");
	add_rq("a target in absolute form, https", 0,
	    "GET https://chaos.test/healthz");
	add_rq("a target in absolute form without its host", 0,
	    "GET http://:80/healthz");
	add_rq("transfer codings: one unknown, then chunked", 0,
	    "GET /healthz\nTransfer-Encoding: ,gzip , chunked\t");
	add_rq("weights of every form", 0,
	    "GET " A "/sources\nAccept-Encoding: gzip ;Q=0.1234, x-gzip;"
	    "level=1;q=1.0, br;q=nan\nAccept: text/* ;q=0.5, "
	    "application/json;q=0.4");
	add_rq("weights that are none", 0,
	    "GET " A "/sources\nAccept-Encoding: gzip;q=2, x-gzip;q=1.5, "
	    "identity\nAccept: text/csv;q=1e3,*/*;q=0.2");
	add_rq("weights of too many decimals, or none", 0,
	    "GET " A "/sources\nAccept-Encoding: gzip;q=1.0000, x-gzip;q=0., "
	    "*;q=0.5\nAccept: */*;q=0.5, text/*;q=0.9");
	add_rq("CSV asked to be pretty (it is not JSON)", 0,
	    "GET " A "/events?format=csv&pretty" GZ);
	add_rq("a projection, pretty", 0,
	    "GET " A "/events?fields=id,title&pretty=1");
	add_rq("a copy older than the data", 0,
	    "GET " A "/sources\nIf-Modified-Since: Mon, 01 Jan 1990 00:00:00 "
	    "GMT");
	add_rq("a plus in the path", 0, "GET " A "/entities/a+b");
	add_rq(
	    "a control character in a value", 0, "GET " A "/events?q=a%%7Fb");
	add_rq("a key malformed", 0, "GET " A "/events?%%zz=1");
	add_rq(
	    "a key that is a control character", 0, "GET " A "/events?%%01=1");
	add_rq("an empty key", 0, "GET " A "/events?=1&limit=2");
	add_rq("an unknown parameter twice", 0,
	    "GET " A "/events?colour=red&colour=blue");
	add_rq("spaces before a weight, a parameter that is none", 0,
	    "GET " A "/sources\nAccept-Encoding: gzip  ;q=1, br;qx=1");
	add_rq("gzip refused", 0,
	    "GET " A "/events\nAccept-Encoding: gzip;q=0, *;q=1");
	add_rq("an unknown item", 0, "GET " A "/events/no-such-event");
	add_rq("an unknown path", 0, "GET /no/such/path");
	add_rq("another method", 0, "DELETE " A "/events");
	add_rq("a body", 0, "GET " A "\nContent-Length: 5");
	add_rq("a long target", 0, "GET " A "/events?q=%0*d", 8200, 0);
	env = service_env(svc, svc->stores[0]);
	env.cache = NULL;
	for (size_t i = 0; i < chaos_nrqs; i++) {
		chaos_exchange(&chaos_rqs[i], &env, 0, &chaos_refs[i]);
		if (!chaos_refs[i].made)
			return -1;
		/* after a list in gzip: a request naming its gzip ETag */
		if (i == 4) {
			const char *tag =
			    strstr(chaos_refs[i].fields, "ETag: ");

			if (tag == NULL)
				return -1;
			add_rq("the gzip validator", 0,
			    "GET " A "/entities\nIf-None-Match: \"x\", %.*s" GZ,
			    (int)strcspn(tag + 6, "\n"), tag + 6);
		}
	}
	return 0;
}

void
chaos_requests_free(void)
{
	for (size_t i = 0; i < chaos_nrqs; i++)
		chaos_outcome_free(&chaos_refs[i]);
	chaos_nrqs = 0;
}

/* The request without its Accept-Encoding: what fills the cache first. */
void
chaos_without_gzip(const struct chaos_rq *q, struct chaos_rq *plain)
{
	char *gz;

	*plain = *q;
	while ((gz = strstr(plain->text, GZ)) != NULL)
		memmove(gz, gz + strlen(GZ), strlen(gz + strlen(GZ)) + 1);
}
