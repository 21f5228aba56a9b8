/*
 * Compression: gzip when Accept-Encoding allows it (q-values honoured)
 * and the body is worth it, its bytes inflating to the identity body;
 * /metrics too; and the rendition cache, which compresses a response once
 * (none kept without a cache).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "harness_daemons.h"
#include "harness_gzip.h"
#include "harness_headers.h"
#include "harness_metrics.h"

/* gzip on a large body: Content-Encoding, Vary, and the bytes inflate to
 * exactly the identity body. */
static void
test_gzip_body(void **state)
{
	static const char *const targets[] = { BIG, API "/entities?" ALL,
		API "/entities?format=csv&" ALL, "/openapi.json", NULL };

	(void)state;
	for (size_t i = 0; targets[i] != NULL; i++) {
		struct http_response id, gz;
		char *plain;
		size_t n = 0;

		fetch(&id, PLAIN, "GET", targets[i], NULL);
		fetch(&gz, PLAIN, "GET", targets[i], GZIP, NULL);
		expect_status(&gz, 200);
		expect_absent(&id, "Content-Encoding");
		expect_header(&gz, "Content-Encoding", "gzip");
		expect_token(&gz, "Vary", "Accept-Encoding");
		expect_header(&gz, "Content-Type", hdr(&id, "Content-Type"));
		check(gz.len < id.len, "%s: gzip is %zu bytes, identity %zu",
		    last_request(), gz.len, id.len);
		plain = gunzip(gz.body, gz.len, &n);
		check(plain != NULL, "%s: the body is not one gzip stream",
		    last_request());
		check(n == id.len && memcmp(plain, id.body, n) == 0,
		    "%s: inflates to %zu bytes, not the %zu of identity",
		    last_request(), n, id.len);
		free(plain);
		http_response_free(&id);
		http_response_free(&gz);
	}
}

/* A large reply that is not data (/metrics) is compressed too, anew each
 * time, and inflates to the exposition text. */
static void
test_gzip_metrics(void **state)
{
	struct http_response r;
	char *text;
	size_t n = 0;

	(void)state;
	fetch(&r, PLAIN, "GET", "/metrics", GZIP, NULL);
	expect_status(&r, 200);
	expect_header(&r, "Content-Encoding", "gzip");
	expect_header(&r, "Content-Type", METRICS_TYPE);
	expect_token(&r, "Vary", "Accept-Encoding");
	text = gunzip(r.body, r.len, &n);
	check(text != NULL && strncmp(text, "# HELP ", 7) == 0 &&
		strstr(text, "\naid_build_info{") != NULL,
	    "%s: does not inflate to the metrics: %.100s", last_request(),
	    text != NULL ? text : "(not gzip)");
	free(text);
	http_response_free(&r);
}

/* Accept-Encoding is negotiated by its q-values. */
static void
test_gzip_negotiation(void **state)
{
	static const struct {
		const char *header;
		int gzip;
	} cases[] = { { "Accept-Encoding: gzip", 1 },
		{ "Accept-Encoding: gzip;q=0", 0 },
		{ "Accept-Encoding: gzip; q=0.0", 0 },
		{ "Accept-Encoding: *", 1 }, { "Accept-Encoding: identity", 0 },
		{ "Accept-Encoding: br", 0 },
		{ "Accept-Encoding: deflate, gzip;q=0.5", 1 },
		{ "Accept-Encoding: GZIP", 1 },
		{ "Accept-Encoding: br, *;q=0.1", 1 },
		{ "Accept-Encoding: gzip;q=0, *", 0 },
		{ "Accept-Encoding: *;q=0", 0 },
		{ "Accept-Encoding: gzipx", 0 },
		{ "Accept-Encoding: gzip;q=0.001", 1 },
		{ "Accept-Encoding: gzip;q=1.000", 1 },
		{ "Accept-Encoding: gzip;q=1 ;x=y", 1 },
		/* weights that are not weights: not acceptable */
		{ "Accept-Encoding: gzip;q=nan", 0 },
		{ "Accept-Encoding: gzip;q=NaN, *;q=nan", 0 },
		{ "Accept-Encoding: gzip;q=inf", 0 },
		{ "Accept-Encoding: gzip;q=1e3", 0 },
		{ "Accept-Encoding: gzip;q=-1", 0 },
		{ "Accept-Encoding: gzip;q=1.5", 0 },
		{ "Accept-Encoding: gzip;q=0x1", 0 },
		{ "Accept-Encoding: gzip;q=0.0001", 0 },
		{ "Accept-Encoding: gzip;q=", 0 } };
	struct http_response id;

	(void)state;
	fetch(&id, PLAIN, "GET", BIG, NULL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct http_response r;

		fetch(&r, PLAIN, "GET", BIG, cases[i].header, NULL);
		expect_status(&r, 200);
		if (cases[i].gzip) {
			expect_header(&r, "Content-Encoding", "gzip");
		} else {
			expect_absent(&r, "Content-Encoding");
			check(r.len == id.len &&
				memcmp(r.body, id.body, r.len) == 0,
			    "%s: not the identity body", last_request());
			expect_header(&r, "ETag", hdr(&id, "ETag"));
		}
		http_response_free(&r);
	}
	http_response_free(&id);
}

/* A small body is sent as it is, whatever Accept-Encoding says. */
static void
test_small_not_compressed(void **state)
{
	char id[256], target[512], a[128], b[128];
	struct http_response r;

	(void)state;
	first_id(PLAIN, "events", id, sizeof(id));
	snprintf(target, sizeof(target), API "/events/%s?fields=id", id);
	fetch(&r, PLAIN, "GET", target, GZIP, NULL);
	expect_status(&r, 200);
	expect_absent(&r, "Content-Encoding");
	check(r.json != NULL, "%s: not JSON as it is", last_request());
	http_response_free(&r);
	etag_of(PLAIN, target, NULL, a, sizeof(a));
	etag_of(PLAIN, target, GZIP, b, sizeof(b));
	check(strcmp(a, b) == 0, "%s: ETag %s with gzip, %s without",
	    last_request(), b, a);
	fetch(&r, PLAIN, "GET", "/healthz", GZIP, NULL);
	expect_status(&r, 200);
	expect_absent(&r, "Content-Encoding");
	check(r.json != NULL, "%s: not JSON as it is", last_request());
	http_response_free(&r);
}

/* The built and reused rendition counters of /metrics. */
static void
renditions(int srv, double *built, double *reused)
{
	char *text = scrape(srv);

	*built = series_value(text, "aid_renditions_built_total");
	*reused = series_value(text, "aid_renditions_reused_total");
	check(*built >= 0 && *reused >= 0,
	    "/metrics has no aid_renditions_built_total or "
	    "aid_renditions_reused_total");
	free(text);
}

/* Three gzip GETs of one URL on daemon srv: the rendition counters move by
 * built and reused; the three bodies are the same bytes. */
static void
expect_renditions(int srv, const char *target, double built, double reused)
{
	double b0, r0, b1, r1;
	struct http_response r[3];

	renditions(srv, &b0, &r0);
	for (int i = 0; i < 3; i++) {
		fetch(&r[i], srv, "GET", target, GZIP, NULL);
		expect_status(&r[i], 200);
		expect_header(&r[i], "Content-Encoding", "gzip");
	}
	renditions(srv, &b1, &r1);
	check(b1 - b0 == built && r1 - r0 == reused,
	    "%s three times: %g built and %g reused, not %g and %g", target,
	    b1 - b0, r1 - r0, built, reused);
	for (int i = 1; i < 3; i++) {
		check(r[i].len == r[0].len &&
			memcmp(r[i].body, r[0].body, r[0].len) == 0,
		    "%s: request %d has other bytes than the first", target,
		    i + 1);
		expect_header(&r[i], "ETag", hdr(&r[0], "ETag"));
	}
	for (int i = 0; i < 3; i++)
		http_response_free(&r[i]);
}

/* A response is compressed once: the same URL three times builds one
 * rendition and reuses it twice. */
static void
test_rendition_reused(void **state)
{
	(void)state;
	expect_renditions(PLAIN, API "/events?limit=13&offset=1", 1, 2);
}

/* With a cache of 0 bytes, every request builds its rendition. */
static void
test_rendition_without_cache(void **state)
{
	(void)state;
	expect_renditions(NOCACHE, API "/events?limit=13&offset=1", 3, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gzip_body),
		cmocka_unit_test(test_gzip_metrics),
		cmocka_unit_test(test_gzip_negotiation),
		cmocka_unit_test(test_small_not_compressed),
		cmocka_unit_test(test_rendition_reused),
		cmocka_unit_test(test_rendition_without_cache),
	};

	return run_with_daemons("compression", tests, DAEMON(NOCACHE));
}
