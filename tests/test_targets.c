/*
 * Request targets: a trailing slash names the same resource, an encoded
 * one does not; a key given twice is refused, but for the parameters that
 * take a list; malformed escapes or bytes that are not UTF-8, in the query
 * or the path, are a 400; the absolute form and "OPTIONS *". How malformed
 * request lines and fields are framed and refused is the corpus's alone
 * (tests/malformed/corpus.txt, test_malformed.c).
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

/* A trailing slash names the same resource: /api/v1/events/ answers the
 * bytes, Content-Type and ETag of /api/v1/events, with or without a query. */
static void
test_trailing_slash(void **state)
{
	static const char *const pairs[][2] = {
		{ API "/events/", API "/events" },
		{ API "/events/?limit=1", API "/events?limit=1" },
		{ API "/events/?limit=2&offset=2",
		    API "/events?limit=2&offset=2" },
		{ API "/", API },
		{ API "/entities/shanghai/", API "/entities/shanghai" },
		{ API "/funding/totals/", API "/funding/totals" },
		{ "/healthz/", "/healthz" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		struct http_response a, b;

		fetch(&a, PLAIN, "GET", pairs[i][0], NULL);
		expect_status(&a, 200);
		expect_header(&a, "Content-Type", JSON_TYPE);
		fetch(&b, PLAIN, "GET", pairs[i][1], NULL);
		expect_status(&b, 200);
		expect_header(&b, "Content-Type", JSON_TYPE);
		check(a.len == b.len && memcmp(a.body, b.body, a.len) == 0,
		    "%s and %s differ", pairs[i][0], pairs[i][1]);
		expect_header(&a, "ETag", hdr(&b, "ETag"));
		http_response_free(&a);
		http_response_free(&b);
	}
}

/* A query key given twice is a 400 naming it, with the same value or
 * not, on every collection and on the totals. */
static void
test_repeated_parameter(void **state)
{
	(void)state;
	for (size_t i = 0; collection_names[i] != NULL; i++) {
		expect_bad_param(srv_port[PLAIN], "limit",
		    API "/%s?limit=1&limit=1", collection_names[i]);
		expect_bad_param(srv_port[PLAIN], "limit",
		    API "/%s?limit=1&limit=2", collection_names[i]);
		expect_bad_param(srv_port[PLAIN], "q",
		    API "/%s?q=a&offset=0&q=b", collection_names[i]);
	}
	expect_bad_param(srv_port[PLAIN], "group_by",
	    API "/funding/totals?group_by=kind&group_by=kind");
}

/* The data of GET target on the plain daemon (new reference), failing
 * unless it is a 200. */
static json_t *
data_of(const char *target)
{
	struct http_response r;
	json_t *data;

	fetch(&r, PLAIN, "GET", target, NULL);
	expect_status(&r, 200);
	data = json_incref(json_object_get(r.json, "data"));
	http_response_free(&r);
	return data;
}

/* A parameter that takes a comma list may be repeated, as openapi-fetch
 * and other clients send lists: fields=a&fields=b is fields=a,b, and
 * sort=a&sort=-b is sort=a,-b. */
static void
test_repeated_list_parameter(void **state)
{
	static const struct {
		const char *repeated, *once;
	} cases[] = {
		{ "/events?fields=id&fields=title,start",
		    "/events?fields=id,title,start" },
		{ "/entities?fields=name&fields=id",
		    "/entities?fields=name,id" },
		{ "/funding?sort=kind&sort=-amount_yuan",
		    "/funding?sort=kind,-amount_yuan" },
		{ "/partnerships?sort=-start&fields=id&sort=id&fields=sector",
		    "/partnerships?sort=-start,id&fields=id,sector" },
		{ "/events/2011-06-aid-total?fields=title&fields=id",
		    "/events/2011-06-aid-total?fields=title,id" },
	};
	char a[256], b[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *x, *y;

		snprintf(a, sizeof(a), API "%s", cases[i].repeated);
		snprintf(b, sizeof(b), API "%s", cases[i].once);
		x = data_of(a);
		y = data_of(b);
		check(x != NULL && json_equal(x, y),
		    "%s does not answer the data of %s", a, b);
		json_decref(x);
		json_decref(y);
	}
	/* a key twice inside the joined list is still refused */
	expect_bad_param(
	    srv_port[PLAIN], "sort", API "/events?sort=start&sort=start");
}

/* A malformed escape or bytes that are not UTF-8 in the query are a 400
 * naming the parameter, on every collection. */
static void
test_bad_encoding(void **state)
{
	static const char *const bad[] = { "%zz", "%FF", "%E2%8", "%E2%82",
		"%C0%AF", "%ED%A0%80", "a%", "%0A",
		/* with a word, so that only the UTF-8 check can refuse them */
		"cadre%FF", "cadre%E2%82", NULL };

	(void)state;
	for (size_t i = 0; collection_names[i] != NULL; i++)
		for (size_t j = 0; bad[j] != NULL; j++)
			expect_bad_param(srv_port[PLAIN], "q", API "/%s?q=%s",
			    collection_names[i], bad[j]);
}

/* A path with a malformed escape or a NUL is a 400 problem document, sent
 * by curl as it is (on a raw socket, the corpus's bad-escape-in-target). */
static void
test_bad_path(void **state)
{
	static const char *const targets[] = { API "/events%zz",
		API "/events/%zz", API "/events/%E2%82", API "/events/%",
		API "/events/a%00b", NULL };
	static const char *const slashes[] = { API "/events/%2F",
		API "/events/%2F%2F", API "/entities/%2F", API "/events%2F",
		API "/entities/yunnan%2F", NULL };

	(void)state;
	for (size_t i = 0; targets[i] != NULL; i++)
		expect_problem(srv_port[PLAIN], 400, "%s", targets[i]);
	/* an encoded slash is part of its segment, never a trailing slash */
	for (size_t i = 0; slashes[i] != NULL; i++)
		expect_problem(srv_port[PLAIN], 404, "%s", slashes[i]);
}

/*
 * The request forms of RFC 9112 beyond the origin form, sent by libcurl as
 * the request line's target: an absolute-form target names the same
 * resource, its query included; "OPTIONS *" asks about the server as a
 * whole (204 with Allow). How each form is framed, and every malformed
 * one, is the corpus's (tests/malformed/corpus.txt).
 */
static void
test_request_forms(void **state)
{
	struct http_response r;

	(void)state;
	fetch(&r, PLAIN, "GET", "http://localhost" API "/events?limit=1", NULL);
	check(r.status == 200 && strstr(r.body, "\"limit\":1") != NULL,
	    "%s: absolute form not served: %.300s", last_request(), r.body);
	http_response_free(&r);
	fetch(&r, PLAIN, "OPTIONS", "*", NULL);
	check(r.status == 204 && hdr(&r, "Allow") != NULL &&
		strcmp(hdr(&r, "Allow"), METHODS) == 0,
	    "%s: not a 204 with Allow: %.300s", last_request(), r.headers);
	http_response_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trailing_slash),
		cmocka_unit_test(test_repeated_parameter),
		cmocka_unit_test(test_repeated_list_parameter),
		cmocka_unit_test(test_bad_encoding),
		cmocka_unit_test(test_bad_path),
		cmocka_unit_test(test_request_forms),
	};

	return run_with_daemons("targets", tests, DAEMON(PLAIN));
}
