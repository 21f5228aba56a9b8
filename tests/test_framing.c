/*
 * Methods, and how answers are framed: OPTIONS (204 with Allow) and the
 * methods refused (405); 304 and HEAD on a raw socket (no body, the GET's
 * head, a request pipelined after them read at once); several requests
 * on one kept-alive connection.
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
#include <curl/curl.h>

#include "harness.h"
#include "harness_daemons.h"
#include "harness_headers.h"
#include "harness_raw.h"

/* The header lines of a raw head but Date and X-Request-Id, which differ
 * from one response to the next. */
static void
stable_lines(const char *head, char *out, size_t cap)
{
	size_t n = 0;

	out[0] = '\0';
	for (const char *line = head; *line != '\0';) {
		size_t len = strcspn(line, "\r");

		if (strncasecmp(line, "Date:", 5) != 0 &&
		    strncasecmp(line, "X-Request-Id:", 13) != 0 &&
		    n + len + 2 < cap) {
			memcpy(out + n, line, len);
			n += len;
			out[n++] = '\n';
			out[n] = '\0';
		}
		line += len;
		line += strspn(line, "\r\n");
	}
}

/* OPTIONS answers 204 with Allow and no body. */
static void
test_options(void **state)
{
	static const char *const targets[] = { API, API "/events",
		API "/funding/totals", API "/entities/shanghai", NULL };
	struct http_response r;

	(void)state;
	for (size_t i = 0; targets[i] != NULL; i++) {
		fetch(&r, PLAIN, "OPTIONS", targets[i], NULL);
		expect_status(&r, 204);
		expect_header(&r, "Allow", METHODS);
		check(r.len == 0, "%s: a 204 with %zu body bytes",
		    last_request(), r.len);
		http_response_free(&r);
	}
}

/* POST, PUT, DELETE and PATCH are a 405 problem with Allow. */
static void
test_other_methods(void **state)
{
	static const char *const methods[] = { "POST", "PUT", "DELETE", "PATCH",
		NULL };
	static const char *const targets[] = { API "/events",
		API "/entities/shanghai", API "/funding/totals", "/healthz",
		NULL };
	struct http_response r;

	(void)state;
	for (size_t i = 0; methods[i] != NULL; i++)
		for (size_t j = 0; targets[j] != NULL; j++) {
			fetch(&r, PLAIN, methods[i], targets[j], NULL);
			expect_problem_doc(&r, 405);
			expect_header(&r, "Allow", METHODS);
			http_response_free(&r);
		}
}

/* A 304 has no body bytes, a Content-Length (if any) that is the 200's,
 * and a GET pipelined after it is read right after its head. */
static void
expect_304_framing(const char *target, const char *encoding)
{
	struct raw_msg ok, nm, next;
	char *bytes, *pair, req[2048], etag[128];
	size_t len, off = 0;

	raw_one(srv_port[PLAIN], "GET", target, encoding, &ok, &bytes);
	check(ok.status == 200 && raw_hdr(&ok, "ETag") != NULL,
	    "%s: %ld without ETag", last_request(), ok.status);
	snprintf(etag, sizeof(etag), "%s", raw_hdr(&ok, "ETag"));
	snprintf(req, sizeof(req),
	    "GET %s HTTP/1.1\r\nHost: localhost\r\n%s%sIf-None-Match: "
	    "%s\r\n\r\nGET /healthz HTTP/1.1\r\nHost: localhost\r\n"
	    "Connection: close\r\n\r\n",
	    target, encoding != NULL ? encoding : "",
	    encoding != NULL ? "\r\n" : "", etag);
	pair = raw_exchange(srv_port[PLAIN], req, strlen(req), 3000, &len);
	check(raw_parse(pair, len, &off, 1, &nm) == 0 && nm.status == 304,
	    "%s: not a 304: %.300s", last_request(), pair);
	check(!nm.has_length || nm.length == ok.bodylen,
	    "%s: the 304 says Content-Length %zu, the 200 has %zu bytes",
	    last_request(), nm.length, ok.bodylen);
	check(raw_hdr(&nm, "ETag") != NULL &&
		strcmp(raw_hdr(&nm, "ETag"), etag) == 0,
	    "%s: the 304's ETag is not %s", last_request(), etag);
	check(raw_parse(pair, len, &off, 0, &next) == 0 && next.status == 200,
	    "%s: the pipelined GET /healthz is not read right after the "
	    "304's head; there follows: %.200s",
	    last_request(), nm.body);
	check(next.bodylen > 0 && strncmp(next.body, "{", 1) == 0,
	    "%s: /healthz after the 304 has no JSON body", last_request());
	check(off == len, "%s: %zu stray bytes after both responses",
	    last_request(), len - off);
	free(pair);
	free(bytes);
}

/* 304 framing on a raw socket: no body, honest Content-Length, and the
 * next pipelined request parses. */
static void
test_304_framing(void **state)
{
	(void)state;
	expect_304_framing(BIG, NULL);
	expect_304_framing(BIG, GZIP);
	expect_304_framing(API, NULL);
	expect_304_framing(CSV_PAGE, NULL);
}

/* HEAD of target has the GET's status and headers (same Content-Length,
 * same ETag) and no body; a GET pipelined after it parses. */
static void
expect_head_framing(const char *target, const char *extra)
{
	struct raw_msg get, head, next;
	char *gbytes, *hbytes, *pair, req[2048], a[8192], b[8192];
	size_t len, off = 0;

	raw_one(srv_port[PLAIN], "GET", target, extra, &get, &gbytes);
	raw_one(srv_port[PLAIN], "HEAD", target, extra, &head, &hbytes);
	check(head.status == get.status, "%s: HEAD %ld, GET %ld",
	    last_request(), head.status, get.status);
	stable_lines(get.head, a, sizeof(a));
	stable_lines(head.head, b, sizeof(b));
	check(strcmp(a, b) == 0, "%s: HEAD's head\n%s\nis not GET's\n%s",
	    last_request(), b, a);
	check(head.has_length && head.length == get.bodylen,
	    "%s: HEAD's Content-Length %zu, GET's body %zu bytes",
	    last_request(), head.length, get.bodylen);
	check(sane_id(raw_hdr(&head, "X-Request-Id")),
	    "%s: HEAD without an X-Request-Id", last_request());
	snprintf(req, sizeof(req),
	    "HEAD %s HTTP/1.1\r\nHost: localhost\r\n%s%s\r\n"
	    "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: "
	    "close\r\n\r\n",
	    target, extra != NULL ? extra : "", extra != NULL ? "\r\n" : "");
	pair = raw_exchange(srv_port[PLAIN], req, strlen(req), 3000, &len);
	check(raw_parse(pair, len, &off, 1, &head) == 0 &&
		head.status == get.status,
	    "%s: HEAD is not answered: %.300s", last_request(), pair);
	check(raw_parse(pair, len, &off, 0, &next) == 0 && next.status == 200,
	    "%s: the pipelined GET /healthz is not read right after the "
	    "HEAD's head; there follows: %.200s",
	    last_request(), head.body);
	check(off == len, "%s: %zu stray bytes after both responses",
	    last_request(), len - off);
	free(pair);
	free(gbytes);
	free(hbytes);
}

/* HEAD answers what GET does without the body, on a raw socket: the index,
 * pages with and without Link, an item by an alias (Content-Location), the
 * totals, gzip, CSV, errors and /healthz. */
static void
test_head_framing(void **state)
{
	static const char *const targets[] = { API, BIG, API "/events?limit=2",
		API "/events?limit=2&offset=2",
		API "/entities/minghang-district", API "/funding/totals",
		CSV_PAGE, API "/events?limit=0", API "/nope", "/healthz",
		NULL };

	(void)state;
	for (size_t i = 0; targets[i] != NULL; i++)
		expect_head_framing(targets[i], NULL);
	expect_head_framing(BIG, GZIP);
}

static size_t
discard(char *data, size_t size, size_t n, void *arg)
{
	(void)data;
	(void)arg;
	return size * n;
}

/* Several requests go over one kept-alive connection. */
static void
test_keep_alive(void **state)
{
	static const char *const targets[] = { API "/events?limit=1",
		API "/entities/wenshan", API "/nope", API "/funding/totals",
		API "/events?limit=0" };
	CURL *curl = curl_easy_init();
	long first_port = -1;

	(void)state;
	assert_non_null(curl);
	curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		char url[512];
		long connects = -1, local = -1, status = 0;

		snprintf(url, sizeof(url), "http://127.0.0.1:%u%s",
		    srv_port[PLAIN], targets[i]);
		curl_easy_setopt(curl, CURLOPT_URL, url);
		assert_int_equal(curl_easy_perform(curl), CURLE_OK);
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
		curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
		curl_easy_getinfo(curl, CURLINFO_LOCAL_PORT, &local);
		check(status != 500 && status != 0, "%s: %ld", targets[i],
		    status);
		check(connects == (i == 0 ? 1 : 0),
		    "request %zu (%s) opened %ld connections", i + 1,
		    targets[i], connects);
		if (i == 0)
			first_port = local;
		check(local == first_port,
		    "request %zu left from port %ld, the first from %ld", i + 1,
		    local, first_port);
	}
	curl_easy_cleanup(curl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_other_methods),
		cmocka_unit_test(test_304_framing),
		cmocka_unit_test(test_head_framing),
		cmocka_unit_test(test_keep_alive),
	};

	return run_with_daemons("framing", tests, DAEMON(PLAIN));
}
