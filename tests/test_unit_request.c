/*
 * Unit tests of a request, read and refused: percent-decoding, the query's
 * parameters and their getters, links, the route table, problem
 * documents; and the choices, sort keys and fields a request may name,
 * one list in the store, the code and the OpenAPI document.
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

#include "../db/text.h"
#include "../handlers/collection.h"
#include "harness.h"

/* Parses a query into req (the buffer must outlive req). */
static void
parse_into(struct request *req, char *query)
{
	const char *bad, *why;

	memset(req, 0, sizeof(*req));
	req->path = "/api/v1/events";
	req->prefix = "";
	assert_int_equal(
	    params_parse(query, &req->params, &req->nparams, &bad, &why), 0);
}

static void
free_req(struct request *req)
{
	req_clear(req);
}

/* The errors recorded so far, as the JSON array a 400 would hold. */
static json_t *
errors_of(const struct request *req)
{
	struct buf b = { 0 };
	json_t *errors;
	char *s;

	buf_putc(&b, '[');
	buf_putn(&b, req->errors.data != NULL ? req->errors.data : "",
	    req->errors.len);
	buf_putc(&b, ']');
	s = buf_finish(&b);
	errors = json_loads(s, 0, NULL);
	free(s);
	assert_non_null(errors);
	return errors;
}

/* The detail recorded for param, or NULL (a copy kept until the next
 * call). */
static const char *
error_for(const struct request *req, const char *param)
{
	static char detail[512];
	json_t *errors = errors_of(req), *e;
	const char *found = NULL;
	size_t i;

	json_array_foreach (errors, i, e) {
		if (strcmp(json_string_value(json_object_get(e, "param")),
			param) == 0) {
			snprintf(detail, sizeof(detail), "%s",
			    json_string_value(json_object_get(e, "detail")));
			found = detail;
		}
	}
	json_decref(errors);
	return found;
}

static void
test_pct_decode(void **state)
{
	char a[] = "a%20b+c%2Bd", b[] = "bad%2", c[] = "bad%zz", d[] = "%C3%A9";

	(void)state;
	assert_int_equal(pct_decode(a, 1), 7);
	assert_string_equal(a, "a b c+d");
	assert_int_equal(pct_decode(b, 1), -1);
	assert_int_equal(pct_decode(c, 1), -1);
	assert_int_equal(pct_decode(d, 0), 2);
	assert_string_equal(d, "\xc3\xa9");
}

static void
test_params_parse(void **state)
{
	char q[] = "limit=5&q=decent+life&&empty=&bare";
	struct param *p;
	size_t n;
	const char *bad, *why;

	(void)state;
	assert_int_equal(params_parse(q, &p, &n, &bad, &why), 0);
	assert_int_equal(n, 4);
	assert_string_equal(p[0].key, "limit");
	assert_string_equal(p[0].value, "5");
	assert_string_equal(p[1].value, "decent life");
	assert_string_equal(p[2].key, "empty");
	assert_string_equal(p[2].value, "");
	assert_string_equal(p[3].key, "bare");
	assert_string_equal(p[3].value, "");
	free(p);
}

static void
test_params_parse_rejects(void **state)
{
	char escape[] = "q=%E2%8", utf8[] = "q=%FF", control[] = "q=a%0Ab";
	struct param *p;
	size_t n;
	const char *bad, *why;

	(void)state;
	assert_int_equal(params_parse(escape, &p, &n, &bad, &why), -1);
	assert_string_equal(why, "malformed percent-encoding");
	assert_int_equal(params_parse(utf8, &p, &n, &bad, &why), -1);
	assert_string_equal(bad, "q");
	assert_string_equal(why, "not valid UTF-8 text");
	assert_int_equal(params_parse(control, &p, &n, &bad, &why), -1);
}

/* A repeated key is kept as given: a single-valued getter refuses it, a
 * list getter reads every value. */
static void
test_repeated_keys(void **state)
{
	char q[] = "limit=5&limit=6&fields=id&other=1&fields=name,title";
	struct request req;

	(void)state;
	parse_into(&req, q);
	assert_int_equal(req.nparams, 5);
	assert_null(req_param(&req, "limit"));
	assert_non_null(strstr(error_for(&req, "limit"), "more than once"));
	assert_string_equal(req_list(&req, "fields", 0), "id");
	assert_string_equal(req_list(&req, "fields", 1), "name,title");
	assert_null(req_list(&req, "fields", 2));
	assert_null(error_for(&req, "fields"));
	assert_int_equal(req_finish(&req), 1);
	assert_non_null(strstr(error_for(&req, "other"), "unknown"));
	assert_int_equal(req.nerrors, 2);
	free_req(&req);
}

static void
test_req_int(void **state)
{
	char q[] = "limit=500&offset=-1&from=19x&to=2010";
	struct request req;

	(void)state;
	parse_into(&req, q);
	assert_int_equal(req_int(&req, "limit", 50, 1, 500), 500);
	assert_int_equal(req_int(&req, "offset", 0, 0, 100), 0);
	assert_int_equal(req_int(&req, "from", -1, 1000, 9999), -1);
	assert_int_equal(req_int(&req, "to", -1, 1000, 9999), 2010);
	assert_int_equal(req_int(&req, "absent", 7, 0, 9), 7);
	assert_non_null(error_for(&req, "offset"));
	assert_non_null(error_for(&req, "from"));
	assert_null(error_for(&req, "limit"));
	assert_int_equal(req.nerrors, 2);
	free_req(&req);
}

static void
test_req_choice_and_bool(void **state)
{
	static const char *const kinds[] = { "donation", "government_aid",
		NULL };
	char q[] = "kind=gift&cumulative=true&other=1";
	struct request req;

	(void)state;
	parse_into(&req, q);
	assert_null(req_choice(&req, "kind", kinds));
	assert_non_null(strstr(error_for(&req, "kind"), "government_aid"));
	assert_int_equal(req_bool(&req, "cumulative", -1), 1);
	/* "other" was never read: req_finish names it */
	assert_int_equal(req_finish(&req), 1);
	assert_non_null(strstr(error_for(&req, "other"), "unknown"));
	free_req(&req);
}

/* req_link into a new string. */
static char *
link_of(const struct request *req, const char *path, long long offset)
{
	struct buf b = { 0 };

	req_link(&b, req, path, offset);
	return buf_finish(&b);
}

static void
test_req_link(void **state)
{
	char q[] = "limit=2&q=a%26b%20c&offset=4";
	struct request req;
	char *link;

	(void)state;
	parse_into(&req, q);
	req.prefix = "/aid";
	link = link_of(&req, "/api/v1/events", 6);
	assert_string_equal(link,
	    "/aid/api/v1/events?limit=2&q=a%26b%20c"
	    "&offset=6");
	free(link);
	link = link_of(&req, "/api/v1/events", -1);
	assert_string_equal(link,
	    "/aid/api/v1/events?limit=2&q=a%26b%20c"
	    "&offset=4");
	free(link);
	free_req(&req);
	parse_into(&req, q + sizeof(q) - 1); /* no parameters */
	link = link_of(&req, "/api/v1/events", 50);
	assert_string_equal(link, "/api/v1/events?offset=50");
	free(link);
	free_req(&req);
}

/* The route of path, checking its {id} argument. */
static size_t
route_of(const char *path, const char *want_arg)
{
	const char *arg;
	size_t r = route_match(&aid_app, path, &arg);

	if (want_arg == NULL)
		assert_null(arg);
	else
		assert_string_equal(arg, want_arg);
	return r;
}

static void
test_routes(void **state)
{
	(void)state;
	assert_int_equal(route_of("/api/v1", NULL), ROUTE_INDEX);
	assert_int_equal(route_of("/api/v1/events", NULL), ROUTE_EVENTS);
	assert_int_equal(route_of("/api/v1/events/x-1", "x-1"), ROUTE_EVENT);
	assert_int_equal(
	    route_of("/api/v1/funding/totals", NULL), ROUTE_FUNDING_TOTALS);
	assert_int_equal(route_of("/api/v1/funding/abc", "abc"), ROUTE_FUNDING);
	assert_int_equal(route_of("/api/v1/events/a/b", NULL), ROUTE_NOT_FOUND);
	assert_int_equal(route_of("/api/v1/nothing", NULL), ROUTE_NOT_FOUND);
	assert_int_equal(route_of("/api/v1/eventsx", NULL), ROUTE_NOT_FOUND);
	assert_int_equal(route_of("/healthz", NULL), ROUTE_HEALTHZ);
	assert_int_equal(route_of("/readyz", NULL), ROUTE_READYZ);
	assert_int_equal(aid_app.nroutes, ROUTE__MAX);
	assert_null(aid_app.routes[ROUTE__MAX - 1].path);
	for (size_t r = 0; r < aid_app.nroutes; r++) {
		assert_non_null(aid_app.routes[r].handler);
		assert_non_null(aid_app.routes[r].name);
	}
}

static void
test_problem_document(void **state)
{
	char q[] = "limit=0";
	struct request req;
	struct reply rep = { .total = -1 };
	struct buf b = { 0 };
	json_t *doc;
	char *s;

	(void)state;
	parse_into(&req, q);
	req_int(&req, "limit", 50, 1, 500);
	reply_invalid(&rep, &req);
	assert_int_equal(rep.status, 400);
	assert_string_equal(rep.type, TYPE_PROBLEM);
	doc = json_loadb(rep.body, rep.len, 0, NULL);
	assert_non_null(doc);
	assert_string_equal(
	    json_string_value(json_object_get(doc, "title")), "Bad Request");
	assert_int_equal(
	    json_integer_value(json_object_get(doc, "status")), 400);
	assert_string_equal(
	    json_string_value(json_object_get(
		json_array_get(json_object_get(doc, "errors"), 0), "param")),
	    "limit");
	json_decref(doc);
	reply_fault(&rep);
	assert_int_equal(rep.status, 500);
	json_indent(&b, rep.body, rep.len);
	s = buf_finish(&b);
	assert_null(strstr(s, "sqlite"));
	assert_non_null(strstr(s, "\n  \"status\": 500"));
	free(s);
	free(rep.body);
	free_req(&req);
}

/* A detail cut in the middle of a UTF-8 character still makes a problem
 * document: the cut drops the partial character. */
static void
test_problem_cut_utf8(void **state)
{
	char key[1500];
	struct reply rep = { .total = -1 };
	json_t *doc;

	(void)state;
	for (size_t i = 0; i + 3 < sizeof(key); i += 3)
		memcpy(key + i, "\xe4\xb8\x8a", 3);
	key[sizeof(key) - 3] = '\0';
	reply_problem(&rep, 404, "no entity has the id '%s'", key);
	doc = json_loadb(rep.body, rep.len, 0, NULL);
	assert_non_null(doc);
	assert_true(
	    utf8_valid(json_string_value(json_object_get(doc, "detail")),
		strlen(json_string_value(json_object_get(doc, "detail")))));
	json_decref(doc);
	free(rep.body);
	assert_int_equal(utf8_cut("ab\xe4\xb8", 4), 2);
	assert_int_equal(utf8_cut("ab\xe4\xb8\x8a", 5), 5);
	assert_int_equal(utf8_cut("ab\xe4", 3), 2);
	assert_int_equal(utf8_cut("abc", 3), 3);
}

extern const unsigned char openapi_json[];
extern const size_t openapi_json_len;

/* The values of an enumeration table, in order, as a JSON array. */
static json_t *
table_values(sqlite3 *db, const char *table)
{
	json_t *out = json_array();
	sqlite3_stmt *st;
	char sql[128];

	snprintf(
	    sql, sizeof(sql), "SELECT value FROM %s ORDER BY position", table);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(
		    out, json_string((const char *)sqlite3_column_text(st, 0)));
	sqlite3_finalize(st);
	return out;
}

/* Fails unless the JSON arrays a and b are equal, naming what. */
static void
expect_same_list(const char *what, json_t *a, json_t *b)
{
	char *sa = json_dumps(a, JSON_ENCODE_ANY | JSON_COMPACT);
	char *sb = json_dumps(b, JSON_ENCODE_ANY | JSON_COMPACT);

	check(a != NULL && b != NULL && json_equal(a, b),
	    "%s: the OpenAPI document lists %s, the code or the store %s", what,
	    sa != NULL ? sa : "nothing", sb != NULL ? sb : "nothing");
	free(sa);
	free(sb);
}

/*
 * One source for every enumeration: the store's tables (which the server
 * reads its choices from) and the OpenAPI document list the same values in
 * the same order, and the document's sort keys and fields are those of the
 * collections' descriptions. Every value of every table is compared, not
 * only those the data uses.
 */
static void
test_enumerations(void **state)
{
	static const struct {
		const char *schema, *table;
	} enums[] = { { "EntityKind", "entity_kinds" }, { "Side", "sides" },
		{ "Sector", "sectors" },
		{ "EventCategory", "event_categories" },
		{ "FundingKind", "funding_kinds" }, { "Bound", "bounds" },
		{ "Precision", "precisions" } };
	static const struct {
		const char *name;
		const struct collection *c;
	} colls[] = { { "entities", &entities_collection },
		{ "partnerships", &partnerships_collection },
		{ "funding", &funding_collection },
		{ "events", &events_collection },
		{ "sources", &sources_collection } };
	json_t *doc =
	    json_loadb((const char *)openapi_json, openapi_json_len, 0, NULL);
	json_t *schemas =
	    json_object_get(json_object_get(doc, "components"), "schemas");
	json_t *params =
	    json_object_get(json_object_get(doc, "components"), "parameters");
	sqlite3 *db;

	(void)state;
	assert_non_null(doc);
	assert_int_equal(
	    sqlite3_open_v2(harness_db(), &db, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	for (size_t i = 0; i < sizeof(enums) / sizeof(enums[0]); i++) {
		json_t *values = table_values(db, enums[i].table);

		assert_true(json_array_size(values) > 0);
		expect_same_list(enums[i].schema,
		    json_object_get(
			json_object_get(schemas, enums[i].schema), "enum"),
		    values);
		json_decref(values);
	}
	for (size_t i = 0; i < sizeof(colls) / sizeof(colls[0]); i++) {
		const struct collection *c = colls[i].c;
		json_t *sorts = json_array(), *fields = json_array();
		char name[64];

		for (size_t k = 0; c->sorts[k].name != NULL; k++) {
			json_array_append_new(
			    sorts, json_string(c->sorts[k].name));
			snprintf(name, sizeof(name), "-%s", c->sorts[k].name);
			json_array_append_new(sorts, json_string(name));
		}
		for (size_t k = 0; c->fields[k] != NULL; k++)
			json_array_append_new(
			    fields, json_string(c->fields[k]));
		snprintf(name, sizeof(name), "%sSort", colls[i].name);
		expect_same_list(name,
		    json_object_get(
			json_object_get(
			    json_object_get(
				json_object_get(params, name), "schema"),
			    "items"),
			"enum"),
		    sorts);
		snprintf(name, sizeof(name), "%sFields", colls[i].name);
		expect_same_list(name,
		    json_object_get(
			json_object_get(
			    json_object_get(
				json_object_get(params, name), "schema"),
			    "items"),
			"enum"),
		    fields);
		json_decref(sorts);
		json_decref(fields);
	}
	sqlite3_close(db);
	json_decref(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pct_decode),
		cmocka_unit_test(test_params_parse),
		cmocka_unit_test(test_params_parse_rejects),
		cmocka_unit_test(test_repeated_keys),
		cmocka_unit_test(test_req_int),
		cmocka_unit_test(test_req_choice_and_bool),
		cmocka_unit_test(test_req_link),
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_problem_document),
		cmocka_unit_test(test_problem_cut_utf8),
		cmocka_unit_test(test_enumerations),
	};

	return cmocka_run_group_tests_name("unit_request", tests, NULL, NULL);
}
