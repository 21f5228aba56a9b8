/*
 * Endpoints and their shapes, against API.md's data routes: the index,
 * every collection and item and their fields, the source, /healthz and
 * /readyz, Content-Type, provenance; a parameter an endpoint does not
 * document; 404s. The real daemon on a real socket in this process, spoken
 * to with libcurl (harness_api.h); expectations from the database itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness_api.h"
#include "harness_pages.h"
#include "harness_sql.h"

/* GET /api/v1 links every collection, names the version and the source. */
static void
test_index(void **state)
{
	static const char *const paths[] = { API "/entities",
		API "/partnerships", API "/funding", API "/funding/totals",
		API "/events", API "/sources", NULL };
	json_t *doc = api_get_ok(API), *data = json_object_get(doc, "data");
	json_t *links = json_object_get(data, "links");
	json_t *source = json_object_get(data, "source"), *link;
	const char *key;
	char *sid = sql_text("SELECT id FROM sources");

	(void)state;
	assert_string_equal(
	    json_string_value(json_object_get(data, "api_version")), "v1");
	assert_string_equal(
	    json_string_value(json_object_get(
		json_object_get(doc, "meta"), "dataset_version")),
	    api_dataset_version);
	assert_string_equal(
	    json_string_value(json_object_get(source, "id")), sid);
	assert_true(json_is_string(json_object_get(source, "title")));
	assert_null(json_object_get(source, "text"));
	for (size_t i = 0; paths[i] != NULL; i++) {
		int found = 0;

		json_object_foreach (links, key, link) {
			found |= json_is_string(link) &&
			    strcmp(json_string_value(link), paths[i]) == 0;
		}
		check(found, "the index does not link %s", paths[i]);
	}
	json_object_foreach (links, key, link) {
		struct http_response r;

		/* the downloads are not JSON: test_dataout.c has them */
		http_fetch(
		    &r, api_port, "GET", NULL, "%s", json_string_value(link));
		check(
		    r.status == 200, "the index links %s: %ld", key, r.status);
		http_response_free(&r);
	}
	free(sid);
	json_decref(doc);
}

/* Every collection's meta.total is the number of rows of its table. */
static void
test_collection_totals_match_db(void **state)
{
	(void)state;
	for (size_t i = 0; i < API_NCOLLS; i++) {
		struct http_response r;
		long long n = sql_count(api_colls[i].table);

		api_get(&r, API "/%s", api_colls[i].name);
		page_expect(&r, 50, 0);
		check(api_int(json_object_get(r.json, "meta"), "total") == n,
		    "%s: meta.total is not the %lld rows of %s", last_request(),
		    n, api_colls[i].table);
		http_response_free(&r);
	}
}

/* Every item of every collection has the fields API.md gives it. */
static void
test_items_have_their_fields(void **state)
{
	(void)state;
	for (size_t i = 0; i < API_NCOLLS; i++) {
		json_t *items = page_all(api_colls[i].name, "%s", ""), *item;
		size_t j;

		json_array_foreach (items, j, item) {
			const char *const *f = api_colls[i].fields;

			for (; *f != NULL; f++)
				check(json_object_get(item, *f) != NULL,
				    "%s %s has no %s", api_colls[i].name,
				    json_string_value(
					json_object_get(item, "id")),
				    *f);
		}
		json_decref(items);
	}
}

/* /{collection}/{id} answers {"data": item}, the item as listed. */
static void
test_item_by_id(void **state)
{
	(void)state;
	for (size_t i = 0; i < API_NCOLLS; i++) {
		json_t *items = page_all(api_colls[i].name, "%s", ""), *item;
		size_t j;

		json_array_foreach (items, j, item) {
			char target[TARGET_MAX], enc[512];
			json_t *doc;

			snprintf(target, sizeof(target), API "/%s/%s",
			    api_colls[i].name,
			    api_url_encode(
				json_string_value(json_object_get(item, "id")),
				enc, sizeof(enc)));
			doc = api_get_ok(target);
			check(json_object_size(doc) == 1 &&
				json_equal(json_object_get(doc, "data"), item),
			    "%s is not {\"data\": the listed item}", target);
			json_decref(doc);
		}
		json_decref(items);
	}
}

/* Each source is the article: its text as the database holds it. */
static void
test_source_text(void **state)
{
	json_t *items = page_all("sources", "%s", ""), *item;
	size_t i;

	(void)state;
	json_array_foreach (items, i, item) {
		const char *id = json_string_value(json_object_get(item, "id"));
		char *text =
		    sql_text("SELECT text FROM sources WHERE id = %Q", id);

		assert_non_null(text);
		assert_string_equal(
		    json_string_value(json_object_get(item, "text")), text);
		assert_true(json_is_string(json_object_get(item, "publisher")));
		assert_true(json_is_string(json_object_get(item, "published")));
		free(text);
	}
	json_decref(items);
}

/* /healthz and /readyz answer 200 JSON while the database answers. */
static void
test_health(void **state)
{
	json_t *h, *r;

	(void)state;
	h = api_get_ok("/healthz");
	r = api_get_ok("/readyz");
	assert_true(json_is_object(h));
	assert_true(json_is_object(r));
	json_decref(h);
	json_decref(r);
}

/* Successes are application/json, errors application/problem+json. */
static void
test_content_types(void **state)
{
	struct http_response r;

	(void)state;
	api_get(&r, API "/events?limit=1");
	expect_header(&r, "Content-Type", JSON_TYPE);
	http_response_free(&r);
	api_get(&r, API "/events?limit=0");
	assert_int_equal(r.status, 400);
	expect_header(&r, "Content-Type", PROBLEM_TYPE);
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "title")), "Bad Request");
	http_response_free(&r);
}

/* Every fact's source.quote is verbatim in its source's text. */
static void
test_provenance(void **state)
{
	static const char *const facts[] = { "events", "partnerships",
		"funding", "entities", NULL };

	(void)state;
	for (size_t i = 0; facts[i] != NULL; i++) {
		json_t *items = page_all(facts[i], "%s", ""), *item;
		size_t j;

		json_array_foreach (items, j, item) {
			json_t *src = json_object_get(item, "source"), *doc;
			const char *sid =
			    json_string_value(json_object_get(src, "id"));
			const char *quote =
			    json_string_value(json_object_get(src, "quote"));
			char target[TARGET_MAX];

			check(sid != NULL && quote != NULL && *quote != '\0',
			    "%s %s: no source.id and source.quote", facts[i],
			    json_string_value(json_object_get(item, "id")));
			snprintf(
			    target, sizeof(target), API "/sources/%s", sid);
			doc = api_get_ok(target);
			check(strstr(json_string_value(json_object_get(
					 json_object_get(doc, "data"), "text")),
				  quote) != NULL,
			    "%s %s: the quote \"%s\" is not in %s", facts[i],
			    json_string_value(json_object_get(item, "id")),
			    quote, sid);
			json_decref(doc);
		}
		json_decref(items);
	}
}

/* Every endpoint rejects a parameter it does not document, by name. */
static void
test_unknown_parameter(void **state)
{
	static const char *const targets[] = { API, API "/funding/totals",
		"/healthz", "/readyz", API "/entities/shanghai", NULL };

	(void)state;
	for (size_t i = 0; i < API_NCOLLS; i++) {
		char *id = sql_text(
		    "SELECT id FROM \"%w\" LIMIT 1", api_colls[i].table);

		expect_bad_param(
		    api_port, "bogus", API "/%s?bogus=1", api_colls[i].name);
		expect_bad_param(api_port, "bogus", API "/%s?limit=2&bogus",
		    api_colls[i].name);
		expect_bad_param(
		    api_port, "Limit", API "/%s?Limit=2", api_colls[i].name);
		expect_bad_param(api_port, "bogus", API "/%s/%s?bogus=1",
		    api_colls[i].name, id);
		expect_bad_param(api_port, "limit", API "/%s/%s?limit=1",
		    api_colls[i].name, id);
		free(id);
	}
	for (size_t i = 0; targets[i] != NULL; i++)
		expect_bad_param(api_port, "bogus", "%s?bogus=x", targets[i]);
	expect_bad_param(api_port, "limit", API "/funding/totals?limit=1");
}

/* An id no item has is a 404 problem, in every collection. */
static void
test_unknown_item(void **state)
{
	(void)state;
	for (size_t i = 0; i < API_NCOLLS; i++) {
		expect_problem(
		    api_port, 404, API "/%s/no-such-item", api_colls[i].name);
		expect_problem(
		    api_port, 404, API "/%s/%%C3%%A9", api_colls[i].name);
	}
}

/* An unknown path is a JSON 404 problem, never an HTML page. */
static void
test_unknown_path(void **state)
{
	static const char *const paths[] = { "/nope", "/api/v2/events",
		API "/events/a/b", "/api", API "/nope", API "/eventsx",
		API "/funding/totals/x", "/healthz/x", "/index.html", NULL };

	(void)state;
	for (size_t i = 0; paths[i] != NULL; i++)
		expect_problem(api_port, 404, "%s", paths[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_collection_totals_match_db),
		cmocka_unit_test(test_items_have_their_fields),
		cmocka_unit_test(test_item_by_id),
		cmocka_unit_test(test_source_text),
		cmocka_unit_test(test_health),
		cmocka_unit_test(test_content_types),
		cmocka_unit_test(test_provenance),
		cmocka_unit_test(test_unknown_parameter),
		cmocka_unit_test(test_unknown_item),
		cmocka_unit_test(test_unknown_path),
	};

	return cmocka_run_group_tests_name(
	    "endpoints", tests, api_setup, api_teardown);
}
