/*
 * The honest totals reckoned again (harness_totals.h), without the
 * server's code: where each record lies in each row (wholly, shared, read
 * or not at all), then which of those wholly in a row are contained,
 * uncertain or counted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness_api.h"
#include "harness_ids.h"
#include "harness_pages.h"
#include "harness_sql.h"
#include "harness_totals.h"

json_t *
totals_get(const char *query)
{
	char target[TARGET_MAX];

	snprintf(target, sizeof(target), API "/funding/totals%s%s",
	    *query != '\0' ? "?" : "", query);
	return api_get_ok(target);
}

json_t *
totals_row(json_t *doc, const char *key)
{
	json_t *row;
	size_t i;

	json_array_foreach (json_object_get(doc, "data"), i, row) {
		if (strcmp(json_string_value(json_object_get(row, "key")),
			key) == 0)
			return row;
	}
	fail_msg("%s: no row %s", last_request(), key);
	return NULL;
}

/* A funding record as the base tables hold it. */
struct rec {
	char id[96], kind[48], donor[96], part_of[96], possibly[96];
	char recipients[16][96];
	int read[16]; /* the recipient is read from context, not stated */
	size_t nrecipients;
	long long amount;
	int at_least, part_of_read;
};

/* How a record lies in a row, from not at all to wholly; the least of two
 * is how it lies in both. */
enum lie { LIE_NONE, LIE_READ, LIE_PARTLY, LIE_WHOLLY };

static struct rec recs[32];
static size_t nrecs;

static void
copy_col(char *out, size_t cap, sqlite3_stmt *st, int col)
{
	const char *v = (const char *)sqlite3_column_text(st, col);

	snprintf(out, cap, "%s", v != NULL ? v : "");
}

/* Reads every funding record from the base tables (once). */
static void
load_recs(void)
{
	sqlite3_stmt *st, *rs;

	if (nrecs > 0)
		return;
	assert_int_equal(
	    sqlite3_prepare_v2(api_db,
		"SELECT id, kind, donor, part_of, possibly_part_of,"
		" amount_yuan, bound = 'at_least', part_of_inferred"
		" FROM funding ORDER BY id",
		-1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(api_db,
			     "SELECT entity_id, inferred FROM"
			     " funding_recipients"
			     " WHERE funding_id = ? ORDER BY position",
			     -1, &rs, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct rec *r = &recs[nrecs++];

		assert_true(nrecs < sizeof(recs) / sizeof(recs[0]));
		copy_col(r->id, sizeof(r->id), st, 0);
		copy_col(r->kind, sizeof(r->kind), st, 1);
		copy_col(r->donor, sizeof(r->donor), st, 2);
		copy_col(r->part_of, sizeof(r->part_of), st, 3);
		copy_col(r->possibly, sizeof(r->possibly), st, 4);
		r->amount = sqlite3_column_int64(st, 5);
		r->at_least = sqlite3_column_int(st, 6);
		r->part_of_read = sqlite3_column_int(st, 7);
		sqlite3_bind_text(rs, 1, r->id, -1, SQLITE_STATIC);
		while (sqlite3_step(rs) == SQLITE_ROW && r->nrecipients < 16) {
			r->read[r->nrecipients] = sqlite3_column_int(rs, 1);
			copy_col(r->recipients[r->nrecipients++], 96, rs, 0);
		}
		sqlite3_reset(rs);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(rs);
}

static const struct rec *
rec_of(const char *id)
{
	for (size_t i = 0; i < nrecs; i++)
		if (strcmp(recs[i].id, id) == 0)
			return &recs[i];
	return NULL;
}

/* 1 when entity e is a or below it, as API.md's filters have it. */
static int
below(const char *e, const char *a)
{
	char *ids =
	    sql_ids(SQL_BELOW "SELECT id FROM below WHERE id = %Q", a, a, e);
	int yes = *ids != '\0';

	free(ids);
	return yes;
}

/* 1 when entity e is a place or a group of places. */
static int
is_place(const char *e)
{
	char *v = sql_text("SELECT k.place FROM entities e JOIN entity_kinds k"
			   " ON k.value = e.kind WHERE e.id = %Q",
	    e);
	int yes = v != NULL && strcmp(v, "1") == 0;

	free(v);
	return yes;
}

/*
 * Where recipient r lies in entity e: 2 when it is e or below it; 1 when
 * it is a group located in a place that is e or below it (*stated then
 * says whether one such location is stated, not read); 0 otherwise.
 */
static int
tie(const char *r, const char *e, int *stated)
{
	char *read;
	int t;

	*stated = 1;
	if (below(r, e))
		return 2;
	read = sql_text(SQL_BELOW "SELECT min(inferred) FROM entity_locations"
				  " WHERE entity_id = %Q AND place_id IN below",
	    e, e, r);
	t = read != NULL;
	*stated = read != NULL && strcmp(read, "0") == 0;
	free(read);
	return t;
}

/*
 * How record r lies with entity e, by the recipients that count for e:
 * for a place, the places among r's recipients (all of them when none is
 * one); for a group that is not a place, those that are not places.
 * Wholly when each of them lies in e and one of those is stated (so that
 * all of it is e's whichever way the article is read); shared when some
 * stated recipient lies in e or, by a stated location, partly in it;
 * read when the only ties are read (a recipient or a location inferred).
 */
static enum lie
lies_with(const struct rec *r, const char *e)
{
	int place = is_place(e);
	size_t of = 0, in = 0, stated_in = 0, tied = 0, stated_tied = 0;
	size_t places = 0;

	for (size_t k = 0; k < r->nrecipients; k++)
		places += is_place(r->recipients[k]);
	for (size_t k = 0; k < r->nrecipients; k++) {
		int p = is_place(r->recipients[k]), stated, t;

		if (place ? !p && places > 0 : p)
			continue;
		of++;
		t = tie(r->recipients[k], e, &stated);
		in += t == 2;
		stated_in += t == 2 && !r->read[k];
		tied += t > 0;
		stated_tied += t > 0 && stated && !r->read[k];
	}
	if (tied == 0)
		return LIE_NONE;
	if (in == of && stated_in > 0)
		return LIE_WHOLLY;
	return stated_tied > 0 ? LIE_PARTLY : LIE_READ;
}

/* Where record r lies in row key of group_by, under filter f: no more
 * than it lies with the entity of a recipient or entity filter (by any
 * party: wholly when its donor is below it). */
static enum lie
lies_in(const struct rec *r, const char *group_by, const char *key,
    const struct totals_filter *f)
{
	enum lie l, most = LIE_WHOLLY;

	if (strcmp(group_by, "kind") == 0)
		l = strcmp(r->kind, key) == 0 ? LIE_WHOLLY : LIE_NONE;
	else if (strcmp(group_by, "donor") == 0)
		l = below(r->donor, key) ? LIE_WHOLLY : LIE_NONE;
	else
		l = lies_with(r, key);
	if (l == LIE_NONE || f->param == NULL)
		return l;
	if (strcmp(f->param, "recipient") == 0 ||
	    (strcmp(f->param, "entity") == 0 && !below(r->donor, f->entity)))
		most = lies_with(r, f->entity);
	if (most == LIE_NONE) /* found through what does not count */
		most = LIE_READ;
	return l < most ? l : most;
}

/* The id list (space-separated) the row has under name, checking that
 * each is a funding ref with its amount. */
static char *
row_list(json_t *row, const char *name)
{
	json_t *list = json_object_get(row, name), *ref;
	size_t i;

	check(json_is_array(list), "%s: row %s has no list %s", last_request(),
	    json_string_value(json_object_get(row, "key")), name);
	json_array_foreach (list, i, ref) {
		const struct rec *r =
		    rec_of(json_string_value(json_object_get(ref, "id")));
		char href[256];

		check(r != NULL &&
			json_is_string(json_object_get(ref, "name")) &&
			api_int(ref, "amount_yuan") == r->amount,
		    "%s: %s lists %s without its name and amount",
		    last_request(), name,
		    json_string_value(json_object_get(ref, "id")));
		snprintf(href, sizeof(href), API "/funding/%s", r->id);
		check(json_is_string(json_object_get(ref, "href")) &&
			strcmp(json_string_value(json_object_get(ref, "href")),
			    href) == 0,
		    "%s: %s does not link %s", last_request(), name, href);
	}
	return ids_of(list, 1);
}

/* 1 when the list of /funding records holds id. */
static int
listed(json_t *records, const char *id)
{
	json_t *item;
	size_t i;

	json_array_foreach (records, i, item) {
		if (strcmp(json_string_value(json_object_get(item, "id")),
			id) == 0)
			return 1;
	}
	return 0;
}

/* What record r, wholly in row key, is there: "contained" when its chain
 * of part_of reaches another listed record wholly in the row, every link
 * stated; "uncertain" when a link on the way is read (part_of inferred)
 * or only possible (possibly_part_of); else "counted". */
static const char *
status_in(const struct rec *r, json_t *records, const char *group_by,
    const char *key, const struct totals_filter *f)
{
	int certain = 1;

	for (int depth = 0; depth < 16; depth++) {
		const char *up = *r->part_of != '\0' ? r->part_of : r->possibly;
		const struct rec *c;

		if (*up == '\0' || (c = rec_of(up)) == NULL)
			break;
		certain &= *r->part_of != '\0' && !r->part_of_read;
		if (listed(records, c->id) &&
		    lies_in(c, group_by, key, f) == LIE_WHOLLY)
			return certain ? "contained" : "uncertain";
		r = c;
	}
	return "counted";
}

/* The lists of a totals row, in their order. */
static const char *const totals_lists[TOTALS_NLISTS] = { "counted", "contained",
	"uncertain", "shared", "inferred" };

void
totals_expect(
    const char *group_by, const char *filter, const struct totals_filter *f)
{
	char query[1024];
	json_t *doc, *row, *records;
	size_t i;

	load_recs();
	snprintf(query, sizeof(query), "group_by=%s%s%s", group_by,
	    *filter != '\0' ? "&" : "", filter);
	doc = totals_get(query);
	check(json_is_string(
		  json_object_get(json_object_get(doc, "meta"), "rule")),
	    "%s: no meta.rule", last_request());
	records = page_all("funding", "%s", filter);
	json_array_foreach (json_object_get(doc, "data"), i, row) {
		const char *key =
		    json_string_value(json_object_get(row, "key"));
		char *lists[TOTALS_NLISTS];
		long long sum = 0;
		int at_least = 0, any = 0;
		json_t *item;
		size_t j;

		check(json_object_size(row) == 5 + TOTALS_NLISTS,
		    "%s: row %s has %zu members, not key, name, href, "
		    "amount_yuan, at_least and its %zu lists",
		    last_request(), key, json_object_size(row), TOTALS_NLISTS);
		for (size_t l = 0; l < TOTALS_NLISTS; l++)
			lists[l] = row_list(row, totals_lists[l]);
		json_array_foreach (records, j, item) {
			const struct rec *r = rec_of(
			    json_string_value(json_object_get(item, "id")));
			enum lie l = lies_in(r, group_by, key, f);
			const char *want = "nowhere";
			int in = 0, right = 0;

			if (l == LIE_READ)
				want = "inferred";
			else if (l == LIE_PARTLY)
				want = "shared";
			else if (l == LIE_WHOLLY)
				want = status_in(r, records, group_by, key, f);
			if (strcmp(want, "counted") == 0) {
				sum += r->amount;
				at_least |= r->at_least;
			} else if (l != LIE_NONE &&
			    strcmp(want, "contained") != 0) {
				at_least = 1;
			}
			any |= l != LIE_NONE;
			for (size_t k = 0; k < TOTALS_NLISTS; k++) {
				in += ids_has(lists[k], r->id);
				right += ids_has(lists[k], r->id) &&
				    strcmp(totals_lists[k], want) == 0;
			}
			check(in == (l != LIE_NONE) && right == in,
			    "%s: row %s: %s should be %s (counted [%s], "
			    "contained [%s], uncertain [%s], shared [%s], "
			    "inferred [%s])",
			    last_request(), key, r->id, want, lists[0],
			    lists[1], lists[2], lists[3], lists[4]);
		}
		check(any, "%s: row %s holds no record", last_request(), key);
		check(api_int(row, "amount_yuan") == sum,
		    "%s: row %s: amount_yuan %lld, its counted records add up "
		    "to %lld",
		    last_request(), key, api_int(row, "amount_yuan"), sum);
		check(
		    json_is_true(json_object_get(row, "at_least")) == at_least,
		    "%s: row %s: at_least should be %s", last_request(), key,
		    at_least ? "true" : "false");
		for (size_t l = 0; l < TOTALS_NLISTS; l++)
			free(lists[l]);
	}
	if (f->param == NULL && *filter == '\0' &&
	    strcmp(group_by, "kind") != 0) {
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_prepare_v2(api_db,
				     "SELECT id FROM entities", -1, &st, NULL),
		    SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *e =
			    (const char *)sqlite3_column_text(st, 0);
			const char *lying = NULL;
			json_t *r;
			size_t k, n = 0;

			for (size_t j = 0; j < nrecs && lying == NULL; j++)
				if (lies_in(&recs[j], group_by, e, f) !=
				    LIE_NONE)
					lying = recs[j].id;
			json_array_foreach (
			    json_object_get(doc, "data"), k, r) {
				n += strcmp(json_string_value(
						json_object_get(r, "key")),
					 e) == 0;
			}
			check(n == (lying != NULL),
			    "%s: %zu rows for %s, where %s lies",
			    last_request(), n, e,
			    lying != NULL ? lying : "no record");
		}
		sqlite3_finalize(st);
	}
	json_decref(records);
	json_decref(doc);
}

void
totals_expect_row(json_t *row, long long amount, int at_least,
    const char *const want[TOTALS_NLISTS])
{
	check(api_int(row, "amount_yuan") == amount,
	    "%s: row %s: amount_yuan %lld, not %lld", last_request(),
	    json_string_value(json_object_get(row, "key")),
	    api_int(row, "amount_yuan"), amount);
	check(json_is_true(json_object_get(row, "at_least")) == at_least,
	    "%s: row %s: at_least is not %d", last_request(),
	    json_string_value(json_object_get(row, "key")), at_least);
	for (size_t i = 0; i < TOTALS_NLISTS; i++) {
		char *got = ids_of(json_object_get(row, totals_lists[i]), 1);

		ids_expect_same(got, want[i], totals_lists[i]);
		free(got);
	}
}
