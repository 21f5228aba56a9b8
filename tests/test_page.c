/*
 * The page at /: GET / negotiates the page or the index document; the
 * page's Content-Security-Policy and caching; its assets by version.
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

/*
 * GET / negotiates: a browser (Accept prefers text/html) gets the page, with
 * a Content-Security-Policy that allows only its own origin; a client that
 * asks for JSON (or for anything) gets the index document, the same as
 * /api/v1. Every answer says nosniff. The page is revalidated every time
 * (it names its files' versions); its assets are served with their types,
 * under names that carry the page's version (app.VERSION.js), and its
 * scripts import each other by those names; an address with the current
 * version may be cached for a year, any other name of the file as usual; a
 * version in a query is refused; a file the page does not have is a JSON
 * 404.
 */
static void
test_root_negotiates(void **state)
{
	struct http_response page, index, json;
	const char *v;
	char asset[256], lib[128], version[64] = "";

	(void)state;
	fetch(&page, PLAIN, "GET", "/",
	    "Accept: text/html,application/xhtml+xml,*/*;q=0.8", NULL);
	expect_status(&page, 200);
	expect_header(&page, "Content-Type", "text/html; charset=utf-8");
	check(strstr(page.body, "<html lang=\"en\">") != NULL &&
		strstr(page.body, "<title>") != NULL,
	    "/: not the page: %.200s", page.body);
	v = hdr(&page, "Content-Security-Policy");
	check(v != NULL && strstr(v, "default-src 'self'") != NULL &&
		strstr(v, "script-src 'self'") != NULL,
	    "/: Content-Security-Policy '%s'", v != NULL ? v : "(absent)");
	expect_header(&page, "X-Content-Type-Options", "nosniff");
	expect_header(&page, "Vary", VARY_DATA);
	/* the HTML names its files' versions: revalidated every second */
	expect_header(&page, "Cache-Control", PAGE_CONTROL);
	/* the assets the page names, with its version in their names */
	if ((v = strstr(page.body, "\"assets/app.")) != NULL)
		snprintf(version, sizeof(version), "%.*s",
		    (int)strspn(v + 12, "0123456789abcdef"), v + 12);
	check(strlen(version) == 16,
	    "/: the page names no app.VERSION.js: '%s'", version);
	snprintf(asset, sizeof(asset), "/assets/app.%s.js", version);
	check(strstr(page.body, asset + 1) != NULL, "/: no %s", asset + 1);
	http_response_free(&page);
	fetch(&page, PLAIN, "GET", asset, NULL);
	expect_status(&page, 200);
	expect_header(&page, "Content-Type", "text/javascript; charset=utf-8");
	expect_header(
	    &page, "Cache-Control", "public, max-age=31536000, immutable");
	/* its imports name the same version */
	snprintf(lib, sizeof(lib), "from './lib.%s.js'", version);
	check(strstr(page.body, lib) != NULL &&
		strstr(page.body, "'./lib.js'") == NULL,
	    "%s does not import %s: %.300s", asset, lib, page.body);
	http_response_free(&page);
	/* another version, or none: the same file, cached as usual */
	fetch(&page, PLAIN, "GET", "/assets/app.0000000000000000.js", NULL);
	expect_status(&page, 200);
	expect_header(&page, "Cache-Control", CACHE_CONTROL);
	http_response_free(&page);
	fetch(&page, PLAIN, "GET", "/assets/app.js", NULL);
	expect_status(&page, 200);
	expect_header(&page, "Cache-Control", CACHE_CONTROL);
	http_response_free(&page);
	snprintf(asset, sizeof(asset), "/assets/app.js?v=%s", version);
	fetch(&page, PLAIN, "GET", asset, NULL);
	expect_status(&page, 400);
	http_response_free(&page);
	fetch(&page, PLAIN, "GET", "/assets/no-such.js", NULL);
	expect_status(&page, 404);
	expect_header(&page, "Content-Type", PROBLEM_TYPE);
	http_response_free(&page);
	fetch(&page, PLAIN, "GET", "/assets/index.html", NULL);
	expect_status(&page, 404);
	http_response_free(&page);
	snprintf(asset, sizeof(asset), "/assets/index.%s.html", version);
	fetch(&page, PLAIN, "GET", asset, NULL);
	expect_status(&page, 404);
	http_response_free(&page);
	/* JSON, or no preference: the index */
	fetch(&json, PLAIN, "GET", "/", "Accept: application/json", NULL);
	fetch(&index, PLAIN, "GET", API, NULL);
	expect_status(&json, 200);
	expect_header(&json, "Content-Type", JSON_TYPE);
	check(strcmp(json.body, index.body) == 0,
	    "/ as JSON is not the index: %.200s", json.body);
	expect_header(&json, "Cache-Control", CACHE_CONTROL);
	expect_header(&json, "X-Content-Type-Options", "nosniff");
	http_response_free(&json);
	fetch(&json, PLAIN, "GET", "/", NULL);
	check(strcmp(json.body, index.body) == 0,
	    "/ without Accept is not the index: %.200s", json.body);
	http_response_free(&json);
	http_response_free(&index);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_negotiates),
	};

	return run_with_daemons("page", tests, DAEMON(PLAIN));
}
