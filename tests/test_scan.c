/*
 * The document scanner (db/scan.c) on its own: the members and links it
 * finds in a compact JSON object, and every way a stored document can
 * fail to be one, each refused. Every document of the real database is
 * scanned too, and each member found must be what jansson reads there.
 */
#define _GNU_SOURCE /* asprintf */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../db/internal.h"
#include "harness.h"

/* Scans the len bytes at json as a document; fills d (free with
 * doc_done). Returns what doc_scan returns. */
static int
scan(const char *json, size_t len, struct doc *d)
{
	memset(d, 0, sizeof(*d));
	d->json = malloc(len + 1);
	assert_non_null(d->json);
	memcpy(d->json, json, len);
	d->json[len] = '\0';
	d->len = len;
	return doc_scan(d);
}

static void
doc_done(struct doc *d)
{
	free(d->json);
	free(d->members);
	free(d->links);
}

/* The members of a compact object, each with its key and its whole
 * "key":value span, and the links: strings that start with /api/v1. */
static void
test_scan_members(void **state)
{
	static const char json[] =
	    "{\"id\":\"a\",\"n\":-1.5e3,\"t\":true,\"x\":null,"
	    "\"o\":{\"k\":[1,\"]\",{}],\"href\":\"/api/v1/e/a\"},"
	    "\"s\":\"q\\\"}\",\"l\":\"/api/v1?x\",\"m\":\"/api/v1x\"}";
	static const char *const keys[] = { "id", "n", "t", "x", "o", "s", "l",
		"m" };
	struct doc d;

	(void)state;
	assert_int_equal(scan(json, sizeof(json) - 1, &d), 0);
	check(d.nmembers == 8, "%zu members, not 8", d.nmembers);
	for (size_t i = 0; i < d.nmembers && i < 8; i++) {
		const struct member *m = &d.members[i];

		check(m->keylen == strlen(keys[i]) &&
			memcmp(m->key, keys[i], m->keylen) == 0,
		    "member %zu is '%.*s', not '%s'", i, (int)m->keylen, m->key,
		    keys[i]);
		check(d.json[m->off] == '"' &&
			(d.json[m->off + m->len] == ',' ||
			    d.json[m->off + m->len] == '}'),
		    "member %zu's span '%.*s' is not a whole member", i,
		    (int)m->len, d.json + m->off);
	}
	/* /api/v1/e/a and /api/v1?x are links; /api/v1x is not */
	check(d.nlinks == 2, "%zu links, not 2", d.nlinks);
	for (size_t i = 0; i < d.nlinks; i++)
		check(strncmp(d.json + d.links[i], "/api/v1", 7) == 0,
		    "link %zu is at '%.12s'", i, d.json + d.links[i]);
	doc_done(&d);
	assert_int_equal(scan("{}", 2, &d), 0);
	check(d.nmembers == 0, "{} has %zu members", d.nmembers);
	doc_done(&d);
}

/* Every way not to be a compact JSON object is refused, a NUL byte
 * anywhere among the bytes first of all. */
static void
test_scan_refuses(void **state)
{
	static const struct {
		const char *json;
		size_t len; /* 0: strlen */
	} bad[] = {
		{ "", 0 },
		{ "{", 0 },
		{ "}", 0 },
		{ "[]", 0 },
		{ "{\"a\":1", 0 },
		{ "{\"a\":\"x}", 0 },
		{ "{\"a\":[1}", 0 },
		{ "{\"a\":{\"b\":1}", 0 },
		{ "{\"a\":1]}", 0 },
		{ "{\"a\"}", 0 },
		{ "{\"a\":}", 0 },
		{ "{\"a\":1,}", 0 },
		{ "{,\"a\":1}", 0 },
		{ "{a:1}", 0 },
		{ "{\"a\":1 \"b\":2}", 0 },
		{ "{\"a\":1,,\"b\":2}", 0 },
		{ "{\"a\":1:2}", 0 },
		{ "{\"a\":\"\\\"}", 0 },
		/* a NUL byte: in a value, a string, a key, at the end */
		{ "{\"a\":1\0}", 7 },
		{ "{\"a\":\"x\0y\"}", 11 },
		{ "{\"a\0\":1}", 8 },
		{ "{\"a\":1}\0", 8 },
		{ "{\"a\":tr\0ue}", 11 },
	};
	struct doc d;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t len = bad[i].len ? bad[i].len : strlen(bad[i].json);

		check(scan(bad[i].json, len, &d) != 0,
		    "'%.*s' (%zu bytes) is taken for a document", (int)len,
		    bad[i].json, len);
		doc_done(&d);
	}
}

/* Every document of the real database scans, and each member's span is
 * the member jansson reads under that key. */
static void
test_scan_database(void **state)
{
	char err[256];
	struct store *s = store_open(harness_db(), err, sizeof(err));
	struct dataset *ds;
	size_t docs = 0, members = 0;

	(void)state;
	assert_non_null(s);
	ds = dataset_load(s, err, sizeof(err));
	check(ds != NULL, "the database is refused: %s", err);
	for (int c = 0; ds != NULL && c < COLL__MAX; c++)
		for (size_t i = 0; i < ds->coll[c].n; i++) {
			const struct doc *d = &ds->coll[c].docs[i];
			json_t *whole = json_loadb(d->json, d->len, 0, NULL);

			check(whole != NULL &&
				d->nmembers == json_object_size(whole),
			    "%s: %zu members, jansson reads %zu", d->id,
			    d->nmembers, json_object_size(whole));
			for (size_t k = 0; k < d->nmembers; k++) {
				const struct member *m = &d->members[k];
				char key[64], *span;
				json_t *one, *theirs;

				snprintf(key, sizeof(key), "%.*s",
				    (int)m->keylen, m->key);
				assert_true(
				    asprintf(&span, "{%.*s}", (int)m->len,
					d->json + m->off) > 0);
				one = json_loads(span, 0, NULL);
				theirs = json_object_get(whole, key);
				check(one != NULL && theirs != NULL &&
					json_equal(
					    json_object_get(one, key), theirs),
				    "%s: member %s is not its span '%s'", d->id,
				    key, span);
				json_decref(one);
				free(span);
				members++;
			}
			json_decref(whole);
			docs++;
		}
	check(docs > 0 && members > docs, "%zu documents, %zu members", docs,
	    members);
	dataset_free(ds);
	store_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_members),
		cmocka_unit_test(test_scan_refuses),
		cmocka_unit_test(test_scan_database),
	};

	return cmocka_run_group_tests_name("scan", tests, NULL, NULL);
}
