/*
 * Request ids: every answer has an X-Request-Id, the server's own or, when
 * sane, the client's echoed; an insane one is replaced, and no two
 * requests share one.
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
#include "harness_headers.h"
#include "harness_raw.h"

/* An id the server made itself: 16 hex digits, a dash, hex digits (a
 * process prefix and a counter). */
static int
own_id(const char *id)
{
	const char *hex = "0123456789abcdef";
	size_t n = id != NULL ? strlen(id) : 0;

	return n > 17 && strspn(id, hex) == 16 && id[16] == '-' &&
	    strspn(id + 17, hex) == n - 17;
}

/* A raw request whose response must be a problem document of status. */
static void
expect_raw_problem(const char *request, long status)
{
	struct raw_msg m;
	char *bytes;
	size_t len, off = 0;
	json_t *doc;

	bytes =
	    raw_exchange(srv_port[PLAIN], request, strlen(request), 3000, &len);
	check(raw_parse(bytes, len, &off, 0, &m) == 0 && m.status == status,
	    "%s: not a %ld: %.300s", last_request(), status, bytes);
	check(raw_hdr(&m, "Content-Type") != NULL &&
		strcmp(raw_hdr(&m, "Content-Type"), PROBLEM_TYPE) == 0,
	    "%s: the %ld is not %s: %.300s", last_request(), status,
	    PROBLEM_TYPE, m.head);
	check(sane_id(raw_hdr(&m, "X-Request-Id")),
	    "%s: the %ld has no X-Request-Id", last_request(), status);
	doc = json_loadb(m.body, m.bodylen, 0, NULL);
	check(json_integer_value(json_object_get(doc, "status")) == status,
	    "%s: not a problem document of %ld: %.*s", last_request(), status,
	    (int)m.bodylen, m.body);
	json_decref(doc);
	free(bytes);
}

/* A request of the given shape: a target of n bytes, or a header field of
 * n bytes (malloc'd). */
static char *
long_request(size_t target_len, size_t header_len)
{
	struct buf b = { 0 };
	char *r;

	buf_puts(&b, "GET " API "/events");
	if (target_len > 0) {
		buf_puts(&b, "?q=");
		for (size_t i = strlen(API "/events?q="); i < target_len; i++)
			buf_putc(&b, 'a');
	}
	buf_puts(&b, " HTTP/1.1\r\nHost: localhost\r\n");
	if (header_len > 0) {
		buf_puts(&b, "X-Big: ");
		for (size_t i = 0; i < header_len; i++)
			buf_putc(&b, 'b');
		buf_puts(&b, "\r\n");
	}
	buf_puts(&b, "Connection: close\r\n\r\n");
	r = buf_finish(&b);
	assert_non_null(r);
	return r;
}

/* Every response has an X-Request-Id: 200, 304, 400, 404, 405, 204, 414. */
static void
test_request_id_everywhere(void **state)
{
	static const struct {
		const char *method, *target;
		long status;
	} cases[] = { { "GET", BIG, 200 }, { "GET", BIG, 304 },
		{ "GET", API "/events?limit=0", 400 }, { "GET", "/nope", 404 },
		{ "DELETE", BIG, 405 }, { "OPTIONS", BIG, 204 },
		{ "HEAD", BIG, 200 } };
	char etag[128], inm[256], *req, ids[8][130];
	size_t nids = 0;

	(void)state;
	etag_of(PLAIN, BIG, NULL, etag, sizeof(etag));
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct http_response r;

		fetch(&r, PLAIN, cases[i].method, cases[i].target,
		    cases[i].status == 304 ? inm : NULL, NULL);
		expect_status(&r, cases[i].status);
		check(own_id(hdr(&r, "X-Request-Id")),
		    "%s: X-Request-Id '%s' is not an id of the server's",
		    last_request(), hdr(&r, "X-Request-Id"));
		for (size_t j = 0; j < nids; j++)
			check(strcmp(ids[j], hdr(&r, "X-Request-Id")) != 0,
			    "%s: X-Request-Id %s was given before",
			    last_request(), ids[j]);
		snprintf(
		    ids[nids++], sizeof(ids[0]), "%s", hdr(&r, "X-Request-Id"));
		http_response_free(&r);
	}
	req = long_request(9000, 0);
	expect_raw_problem(req, 414); /* checks X-Request-Id */
	free(req);
}

/* A sane client id (<= 128 of [A-Za-z0-9._-]) is echoed, on successes and
 * errors alike (200, 300, 400, 404, 405) and on HEAD. */
static void
test_request_id_echoed(void **state)
{
	static const char *const targets[] = { BIG, API "/events?limit=1",
		"/nope", API "/nope", API "/events?limit=0",
		API "/entities/baoshan", NULL };
	static const struct {
		const char *method, *header, *id;
	} others[] = { { "HEAD", "X-Request-Id: h-1", "h-1" },
		{ "POST", "X-Request-Id: p-1", "p-1" } };
	char id128[129], h[256];
	const char *ids[] = { "abc-123._XYZ", "0", id128, NULL };
	struct http_response r;

	(void)state;
	memset(id128, 'x', 128);
	id128[128] = '\0';
	for (size_t i = 0; targets[i] != NULL; i++)
		for (size_t k = 0; ids[k] != NULL; k++) {
			snprintf(h, sizeof(h), "X-Request-Id: %s", ids[k]);
			fetch(&r, PLAIN, "GET", targets[i], h, NULL);
			expect_header(&r, "X-Request-Id", ids[k]);
			http_response_free(&r);
		}
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		fetch(&r, PLAIN, others[i].method, API, others[i].header, NULL);
		expect_header(&r, "X-Request-Id", others[i].id);
		http_response_free(&r);
	}
}

/* An insane client id (129 characters, a space, a slash, not ASCII, other
 * characters) is replaced by a new one, on successes and errors alike,
 * different on every request; so are the ids of requests without one. */
static void
test_request_id_replaced(void **state)
{
	static const char *const targets[] = { BIG, API "/nope", NULL };
	char id129[130], h[256], first[256];
	const char *ids[] = { id129, "a b", "a/b", "caf\xc3\xa9", "a;b", "<x>",
		NULL };
	struct http_response r;
	const char *got;

	(void)state;
	memset(id129, 'y', 129);
	id129[129] = '\0';
	for (size_t k = 0; ids[k] != NULL; k++) {
		snprintf(h, sizeof(h), "X-Request-Id: %s", ids[k]);
		for (size_t i = 0; targets[i] != NULL; i++)
			for (int n = 0; n < 2; n++) {
				fetch(&r, PLAIN, "GET", targets[i], h, NULL);
				got = hdr(&r, "X-Request-Id");
				check(sane_id(got) && strcmp(got, ids[k]) != 0,
				    "%s: the id '%s' is kept or not replaced "
				    "by a sane one: '%s'",
				    last_request(), ids[k], got);
				if (n == 0)
					snprintf(
					    first, sizeof(first), "%s", got);
				else
					check(strcmp(first, got) != 0,
					    "%s: two requests got the id %s",
					    last_request(), got);
				http_response_free(&r);
			}
	}
	for (int n = 0; n < 2; n++) {
		fetch(&r, PLAIN, "GET", BIG, NULL);
		got = hdr(&r, "X-Request-Id");
		check(sane_id(got), "%s: X-Request-Id '%s' is not an id",
		    last_request(), got);
		if (n == 0)
			snprintf(first, sizeof(first), "%s", got);
		else
			check(strcmp(first, got) != 0,
			    "%s: two requests without an id share the id %s",
			    last_request(), got);
		http_response_free(&r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_id_everywhere),
		cmocka_unit_test(test_request_id_echoed),
		cmocka_unit_test(test_request_id_replaced),
	};

	return run_with_daemons("request_ids", tests, DAEMON(PLAIN));
}
