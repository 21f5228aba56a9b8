/*
 * Behind a trusted proxy: X-Forwarded-Prefix before every link (bodies,
 * Link, the index, Content-Location, a 300's candidates), X-Forwarded-Proto
 * and -Host in /openapi.json's servers, headers no link can carry refused;
 * nothing of it without --trust-proxy, and no prefix mixed up by the
 * cache.
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

/* Fails unless link starts with prefix, then "/" and not "/aid" (no
 * prefix where none belongs, nor twice). */
static void
expect_prefixed(const char *what, const char *link, const char *prefix)
{
	size_t n = strlen(prefix);

	check(link != NULL && strncmp(link, prefix, n) == 0 && link[n] == '/' &&
		strncmp(link + n, "/aid", 4) != 0,
	    "%s: %s '%s' does not start with '%s/'", last_request(), what,
	    link != NULL ? link : "(absent)", prefix);
}

/* Every <...> of a Link header starts with prefix. */
static void
expect_link_header(const struct http_response *r, const char *prefix)
{
	const char *link = hdr(r, "Link");
	size_t n = 0;

	check(link != NULL, "%s: no Link", last_request());
	for (const char *p = strchr(link, '<'); p != NULL;
	     p = strchr(p + 1, '<')) {
		char target[1024];

		snprintf(target, sizeof(target), "%.*s",
		    (int)strcspn(p + 1, ">"), p + 1);
		expect_prefixed("Link", target, prefix);
		n++;
	}
	check(
	    n >= 2, "%s: Link names %zu targets: %s", last_request(), n, link);
}

/* A middle page's links, body and Link header, all under prefix. */
static void
expect_page_links(int srv, const char *prefix_header, const char *prefix)
{
	static const char *const rels[] = { "self", "next", "prev", NULL };
	struct http_response r;
	json_t *links;

	fetch(&r, srv, "GET", API "/events?limit=2&offset=2", prefix_header,
	    NULL);
	expect_status(&r, 200);
	links = json_object_get(r.json, "links");
	for (size_t i = 0; rels[i] != NULL; i++)
		expect_prefixed(rels[i],
		    json_string_value(json_object_get(links, rels[i])), prefix);
	expect_link_header(&r, prefix);
	http_response_free(&r);
}

/* The index's links all under prefix. */
static void
expect_index_links(int srv, const char *prefix_header, const char *prefix)
{
	struct http_response r;
	json_t *links, *v;
	const char *key;

	fetch(&r, srv, "GET", API, prefix_header, NULL);
	expect_status(&r, 200);
	links = json_object_get(json_object_get(r.json, "data"), "links");
	check(json_object_size(links) > 0, "%s: no data.links", last_request());
	json_object_foreach (links, key, v)
		expect_prefixed(key, json_string_value(v), prefix);
	http_response_free(&r);
}

/* An entity asked for by another key than its id: Content-Location under
 * prefix. */
static void
expect_location(int srv, const char *prefix_header, const char *prefix)
{
	char id[256], upper[256], target[512];
	struct http_response r;
	size_t i;

	first_id(srv, "entities", id, sizeof(id));
	for (i = 0; id[i] != '\0' && i + 1 < sizeof(upper); i++)
		upper[i] =
		    (char)(id[i] >= 'a' && id[i] <= 'z' ? id[i] - 32 : id[i]);
	upper[i] = '\0';
	snprintf(target, sizeof(target), API "/entities/%s", upper);
	fetch(&r, srv, "GET", target, prefix_header, NULL);
	expect_status(&r, 200);
	expect_prefixed(
	    "Content-Location", hdr(&r, "Content-Location"), prefix);
	snprintf(target, sizeof(target), "%s" API "/entities/%s", prefix, id);
	expect_header(&r, "Content-Location", target);
	http_response_free(&r);
}

/* With trust_proxy, X-Forwarded-Prefix goes before every link: bodies,
 * Link, the index, Content-Location. */
static void
test_proxy_prefix(void **state)
{
	(void)state;
	expect_page_links(PROXY, PREFIX, "/aid");
	expect_index_links(PROXY, PREFIX, "/aid");
	expect_location(PROXY, PREFIX, "/aid");
	expect_page_links(
	    PROXY, "X-Forwarded-Prefix: /a/b-c.d_e~f", "/a/b-c.d_e~f");
}

/* With trust_proxy, a 300's candidates have their href under the prefix. */
static void
test_proxy_prefix_candidates(void **state)
{
	static const char *const prefixes[][2] = { { PREFIX, "/aid" },
		{ NULL, "" } };

	(void)state;
	for (size_t k = 0; k < 2; k++) {
		struct http_response r;
		json_t *candidates, *c;
		size_t i;

		fetch(&r, FIXTURE, "GET", API "/entities/" SHARED_KEY,
		    prefixes[k][0], NULL);
		expect_status(&r, 300);
		candidates = json_object_get(r.json, "candidates");
		check(json_array_size(candidates) == 2,
		    "%s: not two candidates: %.300s", last_request(), r.body);
		json_array_foreach (candidates, i, c) {
			char want[512];

			snprintf(want, sizeof(want), "%s" API "/entities/%s",
			    prefixes[k][1],
			    json_string_value(json_object_get(c, "id")));
			check(json_is_string(json_object_get(c, "href")) &&
				strcmp(json_string_value(
					   json_object_get(c, "href")),
				    want) == 0,
			    "%s: candidate href %s, not %s", last_request(),
			    json_string_value(json_object_get(c, "href")),
			    want);
		}
		http_response_free(&r);
	}
}

/* The bytes and Link of target on srv with header, and without. */
static void
expect_same_as_without(int srv, const char *target, const char *header)
{
	struct http_response a, b;

	fetch(&b, srv, "GET", target, NULL);
	fetch(&a, srv, "GET", target, header, NULL);
	check(a.len == b.len && memcmp(a.body, b.body, a.len) == 0,
	    "%s: not what it is without the header:\n%.300s\n%.300s",
	    last_request(), a.body, b.body);
	if (hdr(&b, "Link") != NULL)
		expect_header(&a, "Link", hdr(&b, "Link"));
	else
		expect_absent(&a, "Link");
	http_response_free(&a);
	http_response_free(&b);
}

/* A trailing slash of the prefix is dropped: /aid/ works as /aid. */
static void
test_proxy_prefix_slash(void **state)
{
	struct http_response a, b;

	(void)state;
	expect_page_links(PROXY, "X-Forwarded-Prefix: /aid/", "/aid");
	fetch(&a, PROXY, "GET", API "/events?limit=2&offset=2",
	    "X-Forwarded-Prefix: /aid/", NULL);
	fetch(&b, PROXY, "GET", API "/events?limit=2&offset=2", PREFIX, NULL);
	check(a.len == b.len && memcmp(a.body, b.body, a.len) == 0,
	    "%s: not the body of /aid", last_request());
	expect_header(&a, "Link", hdr(&b, "Link"));
	http_response_free(&a);
	http_response_free(&b);
}

/* A header of the trusted proxy that no link can carry is refused, with a
 * problem naming it, rather than dropped: links without it would be
 * wrong. */
static void
test_proxy_prefix_insane(void **state)
{
	static const char *const insane[] = { "X-Forwarded-Prefix: /aid/../x",
		"X-Forwarded-Prefix: aid", "X-Forwarded-Prefix: /a b",
		"X-Forwarded-Prefix: //evil.example",
		"X-Forwarded-Prefix: /aid?x=1", "X-Forwarded-Prefix: /aid/./x",
		"X-Forwarded-Prefix: https://evil.example",
		"X-Forwarded-Proto: gopher", "X-Forwarded-Host: evil.example/x",
		NULL };
	char longest[300], over[300];

	(void)state;
	for (size_t i = 0; insane[i] != NULL; i++) {
		struct http_response r;
		size_t name = strcspn(insane[i], ":");

		fetch(&r, PROXY, "GET", API "/events?limit=2", insane[i], NULL);
		expect_status(&r, 400);
		expect_problem_doc(&r, 400);
		check(r.json != NULL &&
			strncmp(json_string_value(
				    json_object_get(r.json, "detail")),
			    insane[i], name) == 0,
		    "%s: the detail does not name %.*s", last_request(),
		    (int)name, insane[i]);
		http_response_free(&r);
	}
	/* 255 bytes of prefix are kept whole; 256 are refused */
	snprintf(longest, sizeof(longest), "X-Forwarded-Prefix: /%0254d", 0);
	snprintf(over, sizeof(over), "X-Forwarded-Prefix: /%0255d", 0);
	expect_page_links(
	    PROXY, longest, longest + strlen("X-Forwarded-Prefix: "));
	{
		struct http_response r;

		fetch(&r, PROXY, "GET", API, over, NULL);
		expect_problem_doc(&r, 400);
		http_response_free(&r);
	}
}

/* The servers[0].url of /openapi.json on srv with the headers given. */
static void
expect_servers_url(
    int srv, const char *h1, const char *h2, const char *h3, const char *want)
{
	struct http_response r;
	const char *url;

	fetch(&r, srv, "GET", "/openapi.json", h1, h2, h3, NULL);
	expect_status(&r, 200);
	url = json_string_value(json_object_get(
	    json_array_get(json_object_get(r.json, "servers"), 0), "url"));
	check(url != NULL && strcmp(url, want) == 0,
	    "%s: servers[0].url is '%s', not '%s'", last_request(),
	    url != NULL ? url : "(absent)", want);
	http_response_free(&r);
}

/* X-Forwarded-Proto and -Host (and -Prefix) set /openapi.json's
 * servers[0].url. */
static void
test_proxy_servers_url(void **state)
{
	(void)state;
	expect_servers_url(PROXY, PREFIX, "X-Forwarded-Proto: https",
	    "X-Forwarded-Host: host", "https://host/aid");
	expect_servers_url(PROXY, "X-Forwarded-Proto: http",
	    "X-Forwarded-Host: api.example:8443", NULL,
	    "http://api.example:8443");
	expect_servers_url(PROXY, "X-Forwarded-Proto: https",
	    "X-Forwarded-Host: host", NULL, "https://host");
	/* the longest host and prefix: the URL is not cut */
	{
		char host[300], prefix[300], want[700];

		snprintf(host, sizeof(host), "X-Forwarded-Host: h%0254d", 0);
		snprintf(
		    prefix, sizeof(prefix), "X-Forwarded-Prefix: /%0254d", 0);
		snprintf(want, sizeof(want), "https://%s%s",
		    host + strlen("X-Forwarded-Host: "),
		    prefix + strlen("X-Forwarded-Prefix: "));
		expect_servers_url(
		    PROXY, "X-Forwarded-Proto: https", host, prefix, want);
	}
}

/* Without trust_proxy, X-Forwarded-* change nothing. */
static void
test_proxy_untrusted(void **state)
{
	static const char *const headers[] = { PREFIX,
		"X-Forwarded-Prefix: /aid/", "X-Forwarded-Proto: https",
		"X-Forwarded-Host: host", NULL };

	(void)state;
	for (size_t i = 0; headers[i] != NULL; i++) {
		expect_same_as_without(
		    PLAIN, API "/events?limit=2&offset=2", headers[i]);
		expect_same_as_without(PLAIN, API, headers[i]);
		expect_same_as_without(PLAIN, "/openapi.json", headers[i]);
	}
	expect_page_links(PLAIN, PREFIX, "");
	expect_location(PLAIN, PREFIX, "");
	expect_servers_url(PLAIN, PREFIX, "X-Forwarded-Proto: https",
	    "X-Forwarded-Host: host", "/");
}

/* The cache does not mix prefixes: the same URL with and without gets the
 * right links every time. */
static void
test_proxy_cache_not_mixed(void **state)
{
	(void)state;
	for (int i = 0; i < 2; i++) {
		expect_page_links(PROXY, NULL, "");
		expect_page_links(PROXY, PREFIX, "/aid");
		expect_index_links(PROXY, PREFIX, "/aid");
		expect_index_links(PROXY, NULL, "");
		expect_servers_url(PROXY, PREFIX, "X-Forwarded-Proto: https",
		    "X-Forwarded-Host: host", "https://host/aid");
		expect_servers_url(PROXY, NULL, NULL, NULL, "/");
		expect_location(PROXY, NULL, "");
		expect_location(PROXY, PREFIX, "/aid");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proxy_prefix),
		cmocka_unit_test(test_proxy_prefix_candidates),
		cmocka_unit_test(test_proxy_prefix_slash),
		cmocka_unit_test(test_proxy_prefix_insane),
		cmocka_unit_test(test_proxy_servers_url),
		cmocka_unit_test(test_proxy_untrusted),
		cmocka_unit_test(test_proxy_cache_not_mixed),
	};

	return run_with_daemons(
	    "proxy", tests, DAEMON(PROXY) | DAEMON(FIXTURE));
}
