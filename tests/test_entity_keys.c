/*
 * /entities/{key}: an entity by its id in any case, and by every name and
 * alias as a slug and as written, at its canonical address; a key shared
 * by entities answers 300 with exactly them; one that names none, 404.
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
#include "harness_ids.h"
#include "harness_sql.h"

/*
 * The slug of API.md's entity keys, written here from its definition:
 * ASCII letters lowercased, digits kept, apostrophes (' and U+2019)
 * dropped, every other run turned into one '-', none at either end.
 */
static const char *
slug(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	int dash = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		if (*p == '\'') {
			p++;
		} else if (p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0x99) {
			p += 3;
		} else if ((*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z')) {
			assert_true(n + 2 < cap);
			if (dash && n > 0)
				out[n++] = '-';
			dash = 0;
			out[n++] =
			    (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
			p++;
		} else {
			dash = 1;
			p++;
		}
	}
	out[n] = '\0';
	return out;
}

/* An entity is found by its id in any case; another key than the id
 * gives its canonical address in Content-Location. */
static void
test_entity_by_id_any_case(void **state)
{
	struct http_response r;

	(void)state;
	api_get(&r, API "/entities/wenshan");
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(r.json, "data"), "id")),
	    "wenshan");
	http_response_free(&r);
	api_get(&r, API "/entities/WENSHAN");
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(r.json, "data"), "id")),
	    "wenshan");
	expect_header(&r, "Content-Location", API "/entities/wenshan");
	http_response_free(&r);
}

/* /entities/minghang-district is Minhang District, at its own address. */
static void
test_entity_by_misspelt_alias(void **state)
{
	struct http_response r;

	(void)state;
	api_get(&r, API "/entities/minghang-district");
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(r.json, "data"), "name")),
	    "Minhang District");
	expect_header(&r, "Content-Location", API "/entities/minhang-district");
	http_response_free(&r);
}

/* A key of an entity: the slug of its id, name or an alias, and the text
 * it is the slug of. */
struct key {
	char slug[256];
	char id[128];
	char text[512];
};

static int
key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c = strcmp(x->slug, y->slug);

	return c != 0 ? c : strcmp(x->id, y->id);
}

/* The keys of every entity: the slugs of its id, name and aliases. */
static struct key *
entity_keys(size_t *n)
{
	sqlite3_stmt *st;
	struct key *keys = NULL;

	*n = 0;
	assert_int_equal(sqlite3_prepare_v2(api_db,
			     "SELECT id, id FROM entities UNION ALL SELECT id, "
			     "name FROM entities UNION ALL SELECT entity_id, "
			     "alias FROM entity_aliases",
			     -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		keys = realloc(keys, (*n + 1) * sizeof(*keys));
		assert_non_null(keys);
		snprintf(keys[*n].id, sizeof(keys[*n].id), "%s",
		    (const char *)sqlite3_column_text(st, 0));
		snprintf(keys[*n].text, sizeof(keys[*n].text), "%s",
		    (const char *)sqlite3_column_text(st, 1));
		slug(keys[*n].text, keys[*n].slug, sizeof(keys[*n].slug));
		(*n)++;
	}
	sqlite3_finalize(st);
	qsort(keys, *n, sizeof(*keys), key_cmp);
	return keys;
}

/* Asserts /entities/<key> is the entity id, naming it in
 * Content-Location when the key is not the id. */
static void
assert_entity_at(const char *key, const char *id)
{
	struct http_response r;
	char want[256];

	api_get(&r, API "/entities/%s", key);
	check(r.status == 200, "%s: %ld, not entity %s", last_request(),
	    r.status, id);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(r.json, "data"), "id")),
	    id);
	if (strcmp(key, id) != 0) {
		snprintf(want, sizeof(want), API "/entities/%s", id);
		expect_header(&r, "Content-Location", want);
	}
	http_response_free(&r);
}

/* Every name and alias finds its entity, by its slug and as written. */
static void
test_entity_by_every_key(void **state)
{
	size_t n;
	struct key *keys = entity_keys(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		char enc[1024];
		int shared =
		    (i > 0 && strcmp(keys[i - 1].slug, keys[i].slug) == 0 &&
			strcmp(keys[i - 1].id, keys[i].id) != 0) ||
		    (i + 1 < n && strcmp(keys[i + 1].slug, keys[i].slug) == 0 &&
			strcmp(keys[i + 1].id, keys[i].id) != 0);

		if (shared)
			continue; /* the next test */
		assert_entity_at(keys[i].slug, keys[i].id);
		assert_entity_at(
		    api_url_encode(keys[i].text, enc, sizeof(enc)), keys[i].id);
	}
	free(keys);
}

/*
 * Whether r is a 300 whose candidates are exactly the ids (sorted,
 * space-separated), each with id, name, kind and href: 1, or 0 with the
 * reason in why. It does not fail the test itself, so that the caller can
 * free r first (a failing cmocka test leaks what it holds).
 */
static int
candidates_ok(
    const struct http_response *r, const char *ids, char *why, size_t cap)
{
	json_t *candidates = json_object_get(r->json, "candidates"), *c;
	char *got;
	size_t i;
	int ok;

	if (r->status != 300 || !json_is_array(candidates)) {
		snprintf(why, cap,
		    "%.200s: %ld, not 300 with candidates [%s]: %.300s",
		    last_request(), r->status, ids, r->body);
		return 0;
	}
	json_array_foreach (candidates, i, c) {
		char want[256];
		const char *id = json_string_value(json_object_get(c, "id"));
		const char *href =
		    json_string_value(json_object_get(c, "href"));

		snprintf(want, sizeof(want), API "/entities/%s",
		    id != NULL ? id : "");
		if (id == NULL || !json_is_string(json_object_get(c, "name")) ||
		    !json_is_string(json_object_get(c, "kind")) ||
		    href == NULL || strcmp(href, want) != 0) {
			snprintf(why, cap,
			    "%.200s: candidate %zu lacks id, name, kind or "
			    "href %s",
			    last_request(), i, want);
			return 0;
		}
	}
	got = ids_of(candidates, 1);
	ok = strcmp(got, ids) == 0;
	snprintf(why, cap, "%.200s: candidates [%.300s], not [%.300s]",
	    last_request(), got, ids);
	free(got);
	return ok;
}

/* 1 when slug is the id of an entity of keys. */
static int
key_is_id(const struct key *keys, size_t n, const char *slug)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(keys[i].id, slug) == 0)
			return 1;
	return 0;
}

/* A key shared by several entities answers 300 with exactly them. */
static void
test_entity_shared_keys(void **state)
{
	size_t n, i = 0;
	struct key *keys = entity_keys(&n);

	(void)state;
	while (i < n) {
		const char *ids[16];
		size_t j = i, m = 0;
		char *want;

		for (; j < n && strcmp(keys[j].slug, keys[i].slug) == 0; j++)
			if (m == 0 || strcmp(ids[m - 1], keys[j].id) != 0)
				if (m < 16)
					ids[m++] = keys[j].id;
		want = ids_join(ids, m, 1);
		/* an entity's own id names it alone (store.h: the exact id
		 * wins), so only keys that are no id are ambiguous */
		if (m > 1 && !key_is_id(keys, n, keys[i].slug)) {
			struct http_response r;
			char why[1024];
			int ok;

			api_get(&r, API "/entities/%s", keys[i].slug);
			ok = candidates_ok(&r, want, why, sizeof(why));
			http_response_free(&r);
			check(ok, "%s", why);
		}
		free(want);
		i = j;
	}
	free(keys);
}

/* /entities/baoshan (Baoshan District of Shanghai, Baoshan City of
 * Yunnan) answers 300 with both. */
static void
test_entity_ambiguous(void **state)
{
	struct http_response r;
	char why[1024];
	int ok;

	(void)state;
	api_get(&r, API "/entities/baoshan");
	ok = candidates_ok(
	    &r, "baoshan-city baoshan-district", why, sizeof(why));
	http_response_free(&r);
	check(ok, "%s", why);
}

/* A key that names no entity is a 404 problem. */
static void
test_entity_unknown(void **state)
{
	(void)state;
	expect_problem(api_port, 404, API "/entities/atlantis");
	expect_problem(api_port, 404, API "/entities/-");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entity_by_id_any_case),
		cmocka_unit_test(test_entity_by_misspelt_alias),
		cmocka_unit_test(test_entity_by_every_key),
		cmocka_unit_test(test_entity_shared_keys),
		cmocka_unit_test(test_entity_ambiguous),
		cmocka_unit_test(test_entity_unknown),
	};

	return cmocka_run_group_tests_name(
	    "entity keys", tests, api_setup, api_teardown);
}
