/*
 * Caching, as README's "HTTP behaviour" says it: every data answer's
 * strong ETag, Last-Modified (the build's date) and Cache-Control with
 * the configured max-age and staleness (RFC 5861), Vary, and conditional
 * requests (If-None-Match, If-Modified-Since) answered 304; what is never
 * stored.
 */
#define _GNU_SOURCE /* strptime */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "harness.h"
#include "harness_daemons.h"
#include "harness_headers.h"

#define VARY_CORS "Accept, Accept-Encoding, Origin"

/* The targets whose 200 is data: the index, every collection and its
 * first item, the totals, the OpenAPI document, a CSV, a later page. */
static json_t *
data_targets(int srv)
{
	json_t *t = json_pack("[s, s, s, s, s]", API, API "/funding/totals",
	    "/openapi.json", CSV_PAGE, API "/events?limit=2&offset=2");

	assert_non_null(t);
	for (size_t i = 0; collection_names[i] != NULL; i++) {
		char id[256], target[512];

		snprintf(
		    target, sizeof(target), API "/%s", collection_names[i]);
		json_array_append_new(t, json_string(target));
		first_id(srv, collection_names[i], id, sizeof(id));
		snprintf(target, sizeof(target), API "/%s/%s",
		    collection_names[i], id);
		json_array_append_new(t, json_string(target));
	}
	return t;
}

/* A data 200: a strong ETag "<dataset_version>-<hash>", Last-Modified the
 * build, Cache-Control public with the configured max-age, and vary. */
static void
expect_cacheable(const struct http_response *r, const char *vary)
{
	const char *etag = hdr(r, "ETag");
	size_t n = etag != NULL ? strlen(etag) : 0,
	       dv = strlen(daemons_version);

	expect_status(r, 200);
	check(n > dv + 3 && etag[0] == '"' && etag[n - 1] == '"' &&
		strncmp(etag + 1, daemons_version, dv) == 0 &&
		etag[1 + dv] == '-' &&
		strspn(etag + 2 + dv,
		    "0123456789abcdefghijklmnopqrstuvwxyz-") == n - dv - 3,
	    "%s: ETag %s is not a strong \"%s-<hash>\"", last_request(),
	    etag != NULL ? etag : "(absent)", daemons_version);
	expect_header(r, "Last-Modified", daemons_last_modified);
	expect_header(r, "Cache-Control", CACHE_CONTROL);
	expect_tokens(r, "Vary", vary);
}

/* Every data 200 has a strong ETag, Last-Modified, Cache-Control with the
 * configured max-age and Vary: Accept, Accept-Encoding. */
static void
test_data_caching_headers(void **state)
{
	json_t *targets = data_targets(PLAIN), *t;
	struct http_response r;
	time_t now = time(NULL);
	size_t i;

	(void)state;
	check(daemons_built_at != (time_t)-1 && daemons_built_at <= now,
	    "Last-Modified '%s' is not an HTTP-date in the past",
	    daemons_last_modified);
	json_array_foreach (targets, i, t) {
		fetch(&r, PLAIN, "GET", json_string_value(t), NULL);
		expect_cacheable(&r, VARY_DATA);
		http_response_free(&r);
		fetch(&r, PLAIN, "GET", json_string_value(t), GZIP, NULL);
		expect_cacheable(&r, VARY_DATA);
		http_response_free(&r);
	}
	json_decref(targets);
}

/* Last-Modified is when the database was built (meta.daemons_built_at). */
static void
test_last_modified_is_build(void **state)
{
	struct http_response r;
	const char *b;
	struct tm tm;

	(void)state;
	fetch(&r, PLAIN, "GET", API, NULL);
	b = json_string_value(
	    json_object_get(json_object_get(r.json, "meta"), "built_at"));
	if (b == NULL) {
		http_response_free(&r);
		skip(); /* the index does not say when it was built */
	}
	memset(&tm, 0, sizeof(tm));
	check(strptime(b, "%Y-%m-%dT%H:%M:%SZ", &tm) != NULL &&
		timegm(&tm) == daemons_built_at,
	    "meta.built_at %s is not Last-Modified %s", b,
	    daemons_last_modified);
	http_response_free(&r);
}

/* With a CORS list, data 200s vary by Origin as well; with "*" they do
 * not. */
static void
test_vary_origin(void **state)
{
	struct http_response r;

	(void)state;
	fetch(&r, CORS, "GET", BIG, ALLOWED, NULL);
	expect_cacheable(&r, VARY_CORS);
	http_response_free(&r);
	fetch(&r, CORS, "GET", API, NULL);
	expect_cacheable(&r, VARY_CORS);
	http_response_free(&r);
	fetch(&r, STAR, "GET", BIG, ALLOWED, NULL);
	expect_cacheable(&r, VARY_DATA);
	http_response_free(&r);
}

/* ETags differ between different responses, are equal for the same one,
 * and the gzip representation has its own. */
static void
test_etags_distinct(void **state)
{
	json_t *targets = data_targets(PLAIN), *tags = json_array(), *t;
	char etag[128], again[128], gz[128];
	size_t i, j;

	(void)state;
	json_array_foreach (targets, i, t) {
		etag_of(PLAIN, json_string_value(t), NULL, etag, sizeof(etag));
		etag_of(
		    PLAIN, json_string_value(t), NULL, again, sizeof(again));
		check(strcmp(etag, again) == 0, "%s: ETag %s, then %s",
		    last_request(), etag, again);
		for (j = 0; j < json_array_size(tags); j++)
			check(strcmp(etag,
				  json_string_value(json_array_get(tags, j))) !=
				0,
			    "%s and %s share the ETag %s", json_string_value(t),
			    json_string_value(json_array_get(targets, j)),
			    etag);
		json_array_append_new(tags, json_string(etag));
	}
	etag_of(PLAIN, BIG, NULL, etag, sizeof(etag));
	etag_of(PLAIN, BIG, GZIP, gz, sizeof(gz));
	etag_of(PLAIN, BIG, GZIP, again, sizeof(again));
	check(strcmp(etag, gz) != 0, "%s: the gzip ETag is the identity one %s",
	    last_request(), etag);
	check(strcmp(gz, again) == 0, "%s: ETag %s, then %s", last_request(),
	    gz, again);
	json_decref(tags);
	json_decref(targets);
}

/* One conditional GET: its status, and a 304 carries the ETag and no
 * body. */
static void
expect_conditional(const char *target, const char *condition,
    const char *encoding, long want, const char *etag)
{
	struct http_response r;

	fetch(&r, PLAIN, "GET", target, condition, encoding, NULL);
	expect_status(&r, want);
	expect_header(&r, "ETag", etag);
	if (want == 304) {
		check(r.len == 0, "%s: a 304 with %zu body bytes",
		    last_request(), r.len);
		expect_header(&r, "Cache-Control", CACHE_CONTROL);
		expect_tokens(&r, "Vary", VARY_DATA);
	}
	http_response_free(&r);
}

/* If-None-Match with the ETag, a list holding it, W/ or "*" is a 304; with
 * another tag a 200; the gzip ETag works for the gzip representation. */
static void
test_if_none_match(void **state)
{
	static const char *const targets[] = { API, BIG, API "/funding/totals",
		"/openapi.json", CSV_PAGE, NULL };
	char etag[128], gz[128], h[512];

	(void)state;
	for (size_t i = 0; targets[i] != NULL; i++) {
		etag_of(PLAIN, targets[i], NULL, etag, sizeof(etag));
		snprintf(h, sizeof(h), "If-None-Match: %s", etag);
		expect_conditional(targets[i], h, NULL, 304, etag);
		snprintf(h, sizeof(h), "If-None-Match: \"x\", %s, \"y\"", etag);
		expect_conditional(targets[i], h, NULL, 304, etag);
		snprintf(h, sizeof(h), "If-None-Match: \"x\",%s", etag);
		expect_conditional(targets[i], h, NULL, 304, etag);
		snprintf(h, sizeof(h), "If-None-Match: W/%s", etag);
		expect_conditional(targets[i], h, NULL, 304, etag);
		expect_conditional(
		    targets[i], "If-None-Match: *", NULL, 304, etag);
		expect_conditional(
		    targets[i], "If-None-Match: \"other\"", NULL, 200, etag);
		snprintf(
		    h, sizeof(h), "If-None-Match: \"%s-0\"", daemons_version);
		expect_conditional(targets[i], h, NULL, 200, etag);
	}
	etag_of(PLAIN, BIG, GZIP, gz, sizeof(gz));
	snprintf(h, sizeof(h), "If-None-Match: %s", gz);
	expect_conditional(BIG, h, GZIP, 304, gz);
	expect_conditional(BIG, "If-None-Match: \"other\"", GZIP, 200, gz);
}

/* If-Modified-Since at or after Last-Modified is a 304, before it a 200;
 * If-None-Match, when sent, decides alone. */
static void
test_if_modified_since(void **state)
{
	static const char *const targets[] = { API, BIG, API "/sources", NULL };
	char etag[128], h[128], before[64], now[64];
	struct http_response r;

	(void)state;
	http_date(daemons_built_at - 1, before, sizeof(before));
	http_date(time(NULL), now, sizeof(now));
	for (size_t i = 0; targets[i] != NULL; i++) {
		etag_of(PLAIN, targets[i], NULL, etag, sizeof(etag));
		snprintf(h, sizeof(h), "If-Modified-Since: %s",
		    daemons_last_modified);
		expect_conditional(targets[i], h, NULL, 304, etag);
		snprintf(h, sizeof(h), "If-Modified-Since: %s", now);
		expect_conditional(targets[i], h, NULL, 304, etag);
		snprintf(h, sizeof(h), "If-Modified-Since: %s", before);
		expect_conditional(targets[i], h, NULL, 200, etag);
		expect_conditional(targets[i], "If-Modified-Since: yesterday",
		    NULL, 200, etag);
		snprintf(h, sizeof(h), "If-Modified-Since: %s", now);
		fetch(&r, PLAIN, "GET", targets[i], h,
		    "If-None-Match: \"other\"", NULL);
		expect_status(&r, 200);
		http_response_free(&r);
	}
}

/* /healthz, /readyz, /metrics and errors are no-store, without ETag or
 * Last-Modified. */
static void
test_no_store(void **state)
{
	static const struct {
		const char *method, *target;
		long status;
	} cases[] = { { "GET", "/healthz", 200 }, { "GET", "/readyz", 200 },
		{ "GET", "/metrics", 200 }, { "GET", API "/nope", 404 },
		{ "GET", API "/events?limit=0", 400 },
		{ "GET", API "/events/no-such-event", 404 },
		{ "POST", API "/events", 405 },
		{ "OPTIONS", API "/events", 204 },
		{ "HEAD", API "/nope", 404 } };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct http_response r;

		fetch(&r, PLAIN, cases[i].method, cases[i].target, GZIP, NULL);
		expect_status(&r, cases[i].status);
		expect_header(&r, "Cache-Control", "no-store");
		expect_absent(&r, "ETag");
		expect_absent(&r, "Last-Modified");
		http_response_free(&r);
	}
}

/*
 * --stale-while-revalidate and --stale-if-error (RFC 5861) are said on data
 * answers, their 304s too, each only when not 0; the page's HTML may be
 * stale only on error (and is then fresh for a second, else no-cache);
 * what is no-store says nothing of staleness.
 */
static void
test_stale_directives(void **state)
{
	static const struct {
		long swr, sie;
		const char *data, *page;
	} cases[] = {
		{ 0, 0, "public, max-age=123", "public, no-cache" },
		{ 7, 0, "public, max-age=123, stale-while-revalidate=7",
		    "public, no-cache" },
		{ 0, 9, "public, max-age=123, stale-if-error=9",
		    "public, max-age=1, stale-if-error=9" },
		{ 31536000, 31536000,
		    "public, max-age=123, stale-while-revalidate=31536000, "
		    "stale-if-error=31536000",
		    "public, max-age=1, stale-if-error=31536000" },
	};
	static const char *const html[] = { "Accept: text/html", NULL };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct config cfg;
		struct daemon *d;
		unsigned short port;
		struct http_response r;
		char inm[160];
		const char *cond[] = { inm, NULL };

		harness_config(&cfg);
		cfg.cache_max_age = MAX_AGE;
		cfg.stale_revalidate = cases[i].swr;
		cfg.stale_if_error = cases[i].sie;
		d = harness_start(&cfg);
		port = daemon_port(d);
		http_fetch(&r, port, "GET", NULL, "%s", BIG);
		expect_status(&r, 200);
		expect_header(&r, "Cache-Control", cases[i].data);
		snprintf(inm, sizeof(inm), "If-None-Match: %s",
		    hdr(&r, "ETag") != NULL ? hdr(&r, "ETag") : "\"none\"");
		http_response_free(&r);
		http_fetch(&r, port, "GET", cond, "%s", BIG);
		expect_status(&r, 304);
		expect_header(&r, "Cache-Control", cases[i].data);
		http_response_free(&r);
		http_fetch(&r, port, "GET", html, "/");
		expect_status(&r, 200);
		expect_header(&r, "Cache-Control", cases[i].page);
		http_response_free(&r);
		http_fetch(&r, port, "GET", NULL, "/readyz");
		expect_header(&r, "Cache-Control", "no-store");
		http_response_free(&r);
		http_fetch(&r, port, "GET", NULL, API "/events/no-such-event");
		expect_header(&r, "Cache-Control", "no-store");
		http_response_free(&r);
		daemon_stop(d);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_data_caching_headers),
		cmocka_unit_test(test_last_modified_is_build),
		cmocka_unit_test(test_vary_origin),
		cmocka_unit_test(test_etags_distinct),
		cmocka_unit_test(test_if_none_match),
		cmocka_unit_test(test_if_modified_since),
		cmocka_unit_test(test_no_store),
		cmocka_unit_test(test_stale_directives),
	};

	return run_with_daemons("caching", tests, DAEMON(CORS) | DAEMON(STAR));
}
