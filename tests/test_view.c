/*
 * The orders a collection's view ranks its items by (handlers/view.c), on
 * documents made for them rather than the data's, which has no value of
 * some kinds under a sort key (no boolean, no real, no array): the order
 * of values (false before true, then numbers by value, strings by bytes,
 * objects by year, month, name and id, then the rest; missing or null
 * last), the chronological order (by year; within a year the dates with a
 * month in month order, and each date without one where the article tells
 * it), ties sharing a rank; and the fields and CSV cells of each item.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../db/internal.h"
#include "../handlers/collection.h"
#include "harness.h"

/* the last sort key and column: a path whose middle key is longer than
 * any key is (made by test_paths_fields_cells) */
static char longer_path[2 + 300 + 3];

static const struct sort_key sorts[] = {
	{ "v", "v", 0 },
	{ "when", "when", 1 },
	{ "deep", "o.a.b", 0 },
	{ "long", longer_path, 0 },
	{ NULL, NULL, 0 },
};
static const char *const fields[] = { "id", "v", "when", NULL };
static const char *const columns[] = { "id", "v", "o.a.b", longer_path, "l",
	"m.id", NULL };

static const struct collection made = {
	.coll = COLL_EVENTS,
	.path = API_PREFIX "/made",
	.noun = "made",
	.csv_name = "made.csv",
	.sorts = sorts,
	.default_sort = "id",
	.fields = fields,
	.columns = columns,
};

/* One made document: its id, its position in the article, its JSON. */
struct made_doc {
	const char *id;
	int position;
	const char *json;
};

/* Builds a dataset of docs (in id order) and opens the view of made. */
static void
open_view(
    const struct made_doc *in, size_t n, struct dataset *ds, struct view *v)
{
	struct doc *docs = calloc(n, sizeof(*docs));
	char err[256];

	assert_non_null(docs);
	memset(ds, 0, sizeof(*ds));
	for (size_t i = 0; i < n; i++) {
		docs[i].id = strdup(in[i].id);
		docs[i].name = strdup(in[i].id);
		docs[i].json = strdup(in[i].json);
		docs[i].len = strlen(in[i].json);
		docs[i].a.position = in[i].position;
		assert_int_equal(doc_scan(&docs[i]), 0);
	}
	ds->coll[COLL_EVENTS].docs = docs;
	ds->coll[COLL_EVENTS].n = n;
	if (view_open(v, &made, ds, err, sizeof(err)) != 0)
		fail_msg("view_open: %s", err);
}

static void
close_view(struct dataset *ds, struct view *v)
{
	struct dataset_coll *c = &ds->coll[COLL_EVENTS];

	view_close(v);
	for (size_t i = 0; i < c->n; i++) {
		free(c->docs[i].id);
		free(c->docs[i].name);
		free(c->docs[i].json);
		free(c->docs[i].members);
		free(c->docs[i].links);
	}
	free(c->docs);
}

/* Fails unless the ranks under sort s are want (by item). */
static void
expect_ranks(const struct view *v, size_t s, const uint32_t *want)
{
	for (size_t i = 0; i < v->items->n; i++)
		check(v->rank[s][i] == want[i], "%s: %s ranks %u, not %u",
		    sorts[s].name, v->items->docs[i].id, v->rank[s][i],
		    want[i]);
}

/* The order of values: every kind, ties sharing a rank. */
static void
test_value_order(void **state)
{
	static const struct made_doc docs[] = {
		{ "a", 0, "{\"id\":\"a\",\"v\":\"b\"}" },
		{ "b", 0, "{\"id\":\"b\",\"v\":true}" },
		{ "c", 0, "{\"id\":\"c\",\"v\":2.5}" },
		{ "d", 0, "{\"id\":\"d\",\"v\":null}" },
		{ "e", 0, "{\"id\":\"e\",\"v\":-3}" },
		{ "f", 0, "{\"id\":\"f\",\"v\":[1]}" },
		{ "g", 0, "{\"id\":\"g\",\"v\":false}" },
		{ "h", 0, "{\"id\":\"h\",\"v\":{\"year\":2000,\"month\":5}}" },
		{ "i", 0, "{\"id\":\"i\"}" },
		{ "j", 0,
		    "{\"id\":\"j\",\"v\":{\"year\":2000,\"month\":null,"
		    "\"name\":\"z\"}}" },
		{ "k", 0, "{\"id\":\"k\",\"v\":\"a\"}" },
		{ "l", 0, "{\"id\":\"l\",\"v\":3}" },
		{ "m", 0,
		    "{\"id\":\"m\",\"v\":{\"year\":1999,\"name\":\"y\"}}" },
		{ "n", 0,
		    "{\"id\":\"n\",\"v\":{\"year\":2000,\"month\":5,"
		    "\"name\":\"a\",\"id\":\"x\"}}" },
		{ "o", 0, "{\"id\":\"o\",\"v\":[2]}" },
		{ "p", 0, "{\"id\":\"p\",\"v\":1}" },
	};
	/* false, true, -3, 1, 2.5, 3, "a", "b", {1999}, {2000 no month},
	 * {2000-5 "a"}, {2000-5 no name}, the arrays (tied), null and
	 * missing (tied) */
	static const uint32_t want[] = { 7, 1, 4, 14, 2, 12, 0, 11, 14, 9, 6, 5,
		8, 10, 12, 3 };
	struct dataset ds;
	struct view v;

	(void)state;
	open_view(docs, sizeof(docs) / sizeof(*docs), &ds, &v);
	expect_ranks(&v, 0, want);
	close_view(&ds, &v);
}

/* The chronological order: by year; in a year the dates with a month in
 * month order, each without one placed by where the article tells it;
 * equal dates share a rank, no date is last. */
static void
test_chronological_order(void **state)
{
	static const struct made_doc docs[] = {
		{ "a", 50,
		    "{\"id\":\"a\",\"when\":{\"year\":2000,\"month\":3}}" },
		{ "b", 10,
		    "{\"id\":\"b\",\"when\":{\"year\":2000,\"month\":null}}" },
		{ "c", 100,
		    "{\"id\":\"c\",\"when\":{\"year\":2000,\"month\":7}}" },
		{ "d", 60, "{\"id\":\"d\",\"when\":{\"year\":2000}}" },
		{ "e", 5,
		    "{\"id\":\"e\",\"when\":{\"year\":1999,\"month\":12}}" },
		{ "f", 5, "{\"id\":\"f\",\"when\":null}" },
		{ "g", 5,
		    "{\"id\":\"g\",\"when\":{\"year\":1999,\"month\":12}}" },
		{ "h", 7,
		    "{\"id\":\"h\",\"when\":{\"year\":1999,\"month\":11}}" },
	};
	/* 1999-11, then 1999-12 twice (one rank); in 2000: b (no month,
	 * told at 10), a (March, 50), d (no month, 60), c (July); no date */
	static const uint32_t want[] = { 4, 3, 6, 5, 1, 7, 1, 0 };
	struct dataset ds;
	struct view v;

	(void)state;
	open_view(docs, sizeof(docs) / sizeof(*docs), &ds, &v);
	expect_ranks(&v, 1, want);
	close_view(&ds, &v);
}

/* A value deep in objects, one not there, a path whose key is too long
 * to follow (nothing), the fields each item has, and the CSV cells. */
static void
test_paths_fields_cells(void **state)
{
	static const struct made_doc docs[] = {
		{ "a", 0,
		    "{\"id\":\"a\",\"o\":{\"a\":{\"b\":2}},\"v\":\"x,y\","
		    "\"l\":[{\"id\":\"x\",\"n\":1},{\"a\":1,\"b\":null,\"c\":"
		    "\"z\"},2.5,true,false,null],\"m\":[{\"id\":\"p\"},{\"id\":"
		    "\"q\"}]}" },
		{ "b", 0, "{\"id\":\"b\",\"o\":{\"a\":{\"b\":1}}}" },
		{ "c", 0, "{\"id\":\"c\",\"o\":{\"b\":{\"b\":0}}}" },
	};
	static const uint32_t want[] = { 1, 0, 2 };
	struct dataset ds;
	struct view v;

	(void)state;
	memcpy(longer_path, "o.", 2);
	memset(longer_path + 2, 'k', 300);
	memcpy(longer_path + 302, ".b", 3);
	open_view(docs, sizeof(docs) / sizeof(*docs), &ds, &v);
	expect_ranks(&v, 2, want);
	/* fields: id and v where they are, -1 where not */
	check(v.member[0 * v.nfields + 1] >= 0 &&
		v.member[1 * v.nfields + 1] == -1 &&
		v.member[2 * v.nfields + 2] == -1,
	    "fields of the items: %d %d %d", v.member[1],
	    v.member[v.nfields + 1], v.member[2 * v.nfields + 2]);
	/* cells: quoted where CSV needs it, empty where nothing is */
	check(strcmp(v.cells[0 * v.ncolumns + 1], "\"x,y\"") == 0 &&
		strcmp(v.cells[0 * v.ncolumns + 2], "2") == 0 &&
		v.cell_lens[1 * v.ncolumns + 1] == 0 &&
		v.cell_lens[2 * v.ncolumns + 2] == 0,
	    "cells: '%s' '%s' %u %u", v.cells[1], v.cells[2],
	    v.cell_lens[v.ncolumns + 1], v.cell_lens[2 * v.ncolumns + 2]);
	/* a list: each element's id, or its values, or itself; and a path
	 * through a list: the values of each element */
	check(strcmp(v.cells[4], "x; 1 z; 2.5; true; false; ") == 0 &&
		strcmp(v.cells[5], "p; q") == 0,
	    "cells of lists: '%s' '%s'", v.cells[4], v.cells[5]);
	for (size_t i = 0; i < 3; i++)
		check(v.cell_lens[i * v.ncolumns + 3] == 0 && v.rank[3][i] == 0,
		    "a path too long to follow gives '%s', rank %u",
		    v.cells[i * v.ncolumns + 3], v.rank[3][i]);
	close_view(&ds, &v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value_order),
		cmocka_unit_test(test_chronological_order),
		cmocka_unit_test(test_paths_fields_cells),
	};

	return cmocka_run_group_tests_name("view", tests, NULL, NULL);
}
