/*
 * CORS: with a list of origins (CORS_LIST), an allowed Origin is granted
 * on every answer, errors and 304s included, and Vary names Origin; a
 * denied one gets no Access-Control-* header; with "*" every answer is
 * granted "*"; preflights; and nothing without --cors-origin.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "harness.h"
#include "harness_daemons.h"
#include "harness_headers.h"

#define ALLOWED2 "Origin: http://localhost:3000"
#define DENIED	 "Origin: https://evil.example"
#define EXPOSED                                                                \
	"Link, X-Total-Count, ETag, X-Request-Id, Content-Location, Allow, "   \
	"Content-Disposition"

/* Fails when the response has any Access-Control-* header. */
static void
expect_no_cors(const struct http_response *r)
{
	for (const char *line = r->headers; line != NULL && *line != '\0';) {
		check(strncasecmp(line, "Access-Control-", 15) != 0,
		    "%s: a denied or unconfigured origin got %.*s",
		    last_request(), (int)strcspn(line, "\r\n"), line);
		line = strstr(line, "\r\n");
		line = line != NULL ? line + 2 : NULL;
	}
}

/* An allowed origin is granted, and the headers scripts need exposed. */
static void
expect_granted(const struct http_response *r, const char *origin)
{
	expect_header(r, "Access-Control-Allow-Origin", origin);
	expect_tokens(r, "Access-Control-Expose-Headers", EXPOSED);
	expect_header(r, "Timing-Allow-Origin", origin);
}

/* An allowed Origin gets Access-Control-Allow-Origin and -Expose-Headers
 * on 200, 304, 404 and 400, and Vary names Origin. */
static void
test_cors_allowed(void **state)
{
	static const char *const origins[] = { ALLOWED, ALLOWED2, NULL };
	char etag[128], inm[256];
	struct http_response r;

	(void)state;
	etag_of(CORS, BIG, NULL, etag, sizeof(etag));
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	for (size_t i = 0; origins[i] != NULL; i++) {
		const char *origin = origins[i] + strlen("Origin: ");

		fetch(&r, CORS, "GET", BIG, origins[i], NULL);
		expect_status(&r, 200);
		expect_granted(&r, origin);
		expect_token(&r, "Vary", "Origin");
		http_response_free(&r);
		fetch(&r, CORS, "GET", BIG, origins[i], inm, NULL);
		expect_status(&r, 304);
		expect_granted(&r, origin);
		expect_token(&r, "Vary", "Origin");
		http_response_free(&r);
		fetch(&r, CORS, "GET", API "/nope", origins[i], NULL);
		expect_status(&r, 404);
		expect_granted(&r, origin);
		expect_token(&r, "Vary", "Origin");
		http_response_free(&r);
		fetch(&r, CORS, "GET", API "/events?limit=x", origins[i], NULL);
		expect_status(&r, 400);
		expect_granted(&r, origin);
		expect_token(&r, "Vary", "Origin");
		http_response_free(&r);
	}
}

/* An origin not on the list gets no Access-Control-* header at all, and
 * Vary still names Origin. */
static void
test_cors_denied(void **state)
{
	static const char *const origins[] = { DENIED,
		"Origin: https://app.example.evil.example",
		"Origin: https://app.exampl", "Origin: http://app.example",
		"Origin: null", "Origin: " CORS_LIST, NULL };
	static const struct {
		const char *target;
		long status;
	} cases[] = { { BIG, 200 }, { API "/nope", 404 },
		{ API "/events?limit=x", 400 }, { "/healthz", 200 } };
	char etag[128], inm[256];
	struct http_response r;

	(void)state;
	etag_of(CORS, BIG, NULL, etag, sizeof(etag));
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	for (size_t i = 0; origins[i] != NULL; i++) {
		for (size_t j = 0; j < sizeof(cases) / sizeof(cases[0]); j++) {
			fetch(
			    &r, CORS, "GET", cases[j].target, origins[i], NULL);
			expect_status(&r, cases[j].status);
			expect_no_cors(&r);
			expect_token(&r, "Vary", "Origin");
			http_response_free(&r);
		}
		fetch(&r, CORS, "GET", BIG, origins[i], inm, NULL);
		expect_status(&r, 304);
		expect_no_cors(&r);
		http_response_free(&r);
	}
}

/* With "*", any origin is granted "*", and so is a request without
 * Origin: the answer does not vary by Origin (no Vary: Origin), so a
 * shared cache may give it to any client. */
static void
test_cors_any(void **state)
{
	static const char *const origins[] = { ALLOWED, DENIED, "Origin: null",
		NULL };
	struct http_response r;

	(void)state;
	fetch(&r, STAR, "GET", BIG, NULL);
	expect_status(&r, 200);
	expect_granted(&r, "*");
	http_response_free(&r);
	for (size_t i = 0; origins[i] != NULL; i++) {
		fetch(&r, STAR, "GET", BIG, origins[i], NULL);
		expect_status(&r, 200);
		expect_granted(&r, "*");
		http_response_free(&r);
		fetch(&r, STAR, "GET", API "/nope", origins[i], NULL);
		expect_status(&r, 404);
		expect_granted(&r, "*");
		http_response_free(&r);
	}
}

/* One preflight of /api/v1/events from origin (a full header line). */
static void
preflight(int srv, const char *origin, struct http_response *r)
{
	fetch(r, srv, "OPTIONS", API "/events", origin,
	    "Access-Control-Request-Method: GET",
	    "Access-Control-Request-Headers: x-request-id, if-none-match",
	    NULL);
	expect_status(r, 204);
	expect_tokens(r, "Allow", METHODS);
	check(r->len == 0, "%s: a 204 with %zu body bytes", last_request(),
	    r->len);
}

/* A preflight from an allowed origin is a 204 with -Allow-Methods,
 * -Allow-Headers (naming what it asked for), -Max-Age and Allow; from a
 * denied origin a 204 without any Access-Control-*. */
static void
test_cors_preflight(void **state)
{
	struct http_response r;
	const char *age;

	(void)state;
	preflight(CORS, ALLOWED, &r);
	expect_header(&r, "Access-Control-Allow-Origin", "https://app.example");
	expect_tokens(&r, "Access-Control-Allow-Methods", METHODS);
	expect_token(&r, "Access-Control-Allow-Headers", "X-Request-Id");
	expect_token(&r, "Access-Control-Allow-Headers", "If-None-Match");
	age = hdr(&r, "Access-Control-Max-Age");
	check(age != NULL && strspn(age, "0123456789") == strlen(age) &&
		atol(age) > 0,
	    "%s: Access-Control-Max-Age is '%s'", last_request(),
	    age != NULL ? age : "(absent)");
	http_response_free(&r);
	preflight(CORS, DENIED, &r);
	expect_no_cors(&r);
	http_response_free(&r);
	preflight(STAR, DENIED, &r);
	expect_header(&r, "Access-Control-Allow-Origin", "*");
	expect_tokens(&r, "Access-Control-Allow-Methods", METHODS);
	http_response_free(&r);
}

/* Without --cors-origin, no Access-Control-* header ever, and no Vary on
 * Origin. */
static void
test_cors_off(void **state)
{
	static const char *const targets[] = { BIG, API "/nope",
		API "/events?limit=x", "/healthz", NULL };
	char etag[128], inm[256];
	struct http_response r;

	(void)state;
	for (size_t i = 0; targets[i] != NULL; i++) {
		fetch(&r, PLAIN, "GET", targets[i], ALLOWED, NULL);
		expect_no_cors(&r);
		check(!has_token(hdr(&r, "Vary"), "Origin"),
		    "%s: Vary names Origin without CORS", last_request());
		http_response_free(&r);
	}
	etag_of(PLAIN, BIG, NULL, etag, sizeof(etag));
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	fetch(&r, PLAIN, "GET", BIG, ALLOWED, inm, NULL);
	expect_status(&r, 304);
	expect_no_cors(&r);
	http_response_free(&r);
	preflight(PLAIN, ALLOWED, &r);
	expect_no_cors(&r);
	http_response_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cors_allowed),
		cmocka_unit_test(test_cors_denied),
		cmocka_unit_test(test_cors_any),
		cmocka_unit_test(test_cors_preflight),
		cmocka_unit_test(test_cors_off),
	};

	return run_with_daemons("cors", tests, DAEMON(CORS) | DAEMON(STAR));
}
