/*
 * Whole documents against golden files (tests/golden/): the index and
 * the problem documents, member by member and in their order. What
 * changes with the data (the dataset's version and dates, the licences
 * and the source, the names of candidates) is not written in the golden
 * files: a string "{{name}}" there stands for a value substituted from
 * the database (or, for the version, from the server's AID_VERSION), so
 * that the files change only when a document's shape or words do.
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
#include "harness_sql.h"

#define GOLDEN_DIR "tests/golden/"

/*
 * The placeholders of the golden files and what each stands for: SQL
 * whose one row is a JSON value, or a literal string.
 */
static const struct {
	const char *name, *sql, *text;
} values[] = {
	{ "{{version}}", NULL, AID_VERSION },
	{ "{{dataset_version}}",
	    "SELECT json_quote(value) FROM meta"
	    " WHERE key = 'dataset_version'",
	    NULL },
	{ "{{built_at}}",
	    "SELECT json_quote(strftime('%Y-%m-%dT%H:%M:%SZ', value,"
	    " 'unixepoch')) FROM meta WHERE key = 'built_at'",
	    NULL },
	{ "{{data_modified}}",
	    "SELECT json_quote(value) FROM meta WHERE key = 'data_modified'",
	    NULL },
	{ "{{licenses}}",
	    "SELECT json_group_object(part, json_object('spdx', spdx, 'name',"
	    " name, 'url', url, 'holder', holder, 'note', note))"
	    " FROM (SELECT * FROM licences ORDER BY position)",
	    NULL },
	/* the first source, without its text */
	{ "{{source}}",
	    "SELECT json_object('id', id, 'href', '" API "/sources/' || id,"
	    " 'title', title, 'publisher', publisher, 'published',"
	    " published, 'language', language, 'url', url, 'rights', rights)"
	    " FROM sources ORDER BY id LIMIT 1",
	    NULL },
	/* the two entities the key baoshan names, by id */
	{ "{{baoshan_candidates}}",
	    "SELECT json_group_array(json_object('id', id, 'name', name,"
	    " 'kind', kind, 'href', '" API "/entities/' || id)) FROM (SELECT *"
	    " FROM entities WHERE id IN ('baoshan-city', 'baoshan-district')"
	    " ORDER BY id)",
	    NULL },
};

/* The value a placeholder stands for (new reference); fails the test on
 * an unknown placeholder. */
static json_t *
placeholder(const char *name)
{
	json_error_t e;
	json_t *v;
	char *s;

	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		if (strcmp(values[i].name, name) != 0)
			continue;
		if (values[i].text != NULL)
			return json_string(values[i].text);
		s = sql_text("%s", values[i].sql);
		check(s != NULL, "%s: the database has no value", name);
		v = json_loads(s, JSON_DECODE_ANY, &e);
		check(v != NULL, "%s: not JSON (%s): %s", name, e.text, s);
		free(s);
		return v;
	}
	fail_msg("an unknown placeholder %s", name);
	return NULL;
}

/* v with every placeholder replaced, in place; returns v, or the value of
 * the placeholder v is (v then released). */
static json_t *
substitute(json_t *v)
{
	const char *key, *s = json_string_value(v);
	json_t *m;
	size_t i;

	if (s != NULL && strncmp(s, "{{", 2) == 0 &&
	    strcmp(s + strlen(s) - 2, "}}") == 0) {
		m = placeholder(s);
		json_decref(v);
		return m;
	}
	json_object_foreach (v, key, m)
		json_object_set_new(v, key, substitute(json_incref(m)));
	json_array_foreach (v, i, m)
		json_array_set_new(v, i, substitute(json_incref(m)));
	return v;
}

/*
 * GETs target and fails the test unless it answers status with the
 * golden file's document, placeholders substituted: the two indented the
 * same way are the same text, line for line.
 */
static void
expect_golden(const char *file, const char *target, long status)
{
	char path[256];
	struct http_response r;
	json_error_t e;
	json_t *want;
	char *w, *g, *wl, *gl;
	int line = 1;

	snprintf(path, sizeof(path), GOLDEN_DIR "%s", file);
	want = json_load_file(path, 0, &e);
	check(want != NULL, "%s:%d: %s", path, e.line, e.text);
	want = substitute(want);
	api_get(&r, "%s", target);
	check(r.status == status, "%s: %ld, not %ld", last_request(), r.status,
	    status);
	w = json_dumps(want, JSON_INDENT(2));
	g = json_dumps(r.json, JSON_INDENT(2));
	assert_non_null(w);
	assert_non_null(g);
	for (wl = w, gl = g; *wl != '\0' && *wl == *gl; wl++, gl++)
		line += *wl == '\n';
	while (wl > w && wl[-1] != '\n') {
		wl--;
		gl--;
	}
	check(strcmp(w, g) == 0,
	    "%s: not %s, from line %d:\n  served:   %.*s\n  expected: %.*s",
	    last_request(), path, line, (int)strcspn(gl, "\n"), gl,
	    (int)strcspn(wl, "\n"), wl);
	free(w);
	free(g);
	json_decref(want);
	http_response_free(&r);
}

/* GET /api/v1: what the API is, its links, licences, source and data. */
static void
test_index_document(void **state)
{
	(void)state;
	expect_golden("index.json", API, 200);
}

/* Two bad parameters: one 400 naming each, in the order given. */
static void
test_problem_bad_parameters(void **state)
{
	(void)state;
	expect_golden("problem-400-parameters.json",
	    API "/events?limit=0&sort=nope", 400);
}

/* from after to: a 400 naming from, with both years. */
static void
test_problem_years(void **state)
{
	(void)state;
	expect_golden(
	    "problem-400-years.json", API "/events?from=2010&to=2000", 400);
}

/* q on the totals: a 400 naming q that says what to use instead. */
static void
test_problem_totals_q(void **state)
{
	(void)state;
	expect_golden(
	    "problem-400-totals-q.json", API "/funding/totals?q=aid", 400);
}

/* A path no route has: a 404 that says where the API starts. */
static void
test_problem_unknown_path(void **state)
{
	(void)state;
	expect_golden("problem-404-path.json", API "/nope", 404);
}

/* An id no item has: a 404 naming the collection's item and the id. */
static void
test_problem_unknown_item(void **state)
{
	(void)state;
	expect_golden("problem-404-item.json", API "/events/no-such-item", 404);
}

/* A key no entity has: a 404 naming what a key may be. */
static void
test_problem_unknown_entity(void **state)
{
	(void)state;
	expect_golden("problem-404-entity.json", API "/entities/atlantis", 404);
}

/* A key two entities share: a 300 with both candidates. */
static void
test_entity_choices(void **state)
{
	(void)state;
	expect_golden("entity-300.json", API "/entities/baoshan", 300);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index_document),
		cmocka_unit_test(test_problem_bad_parameters),
		cmocka_unit_test(test_problem_years),
		cmocka_unit_test(test_problem_totals_q),
		cmocka_unit_test(test_problem_unknown_path),
		cmocka_unit_test(test_problem_unknown_item),
		cmocka_unit_test(test_problem_unknown_entity),
		cmocka_unit_test(test_entity_choices),
	};

	return cmocka_run_group_tests_name(
	    "documents", tests, api_setup, api_teardown);
}
