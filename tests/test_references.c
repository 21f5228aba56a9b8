/*
 * References, links and labels: every item's href, every reference to
 * another item an {id, name, href} that leads to it; recipients and
 * containments stated or read as the tables have them; dates and periods
 * with the labels a person writes and the end statuses of the store, as
 * the OpenAPI document lists them.
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
#include "harness_pages.h"
#include "harness_sql.h"

/* The fields of an item that refer to other items, and what they refer
 * to: a field (a ref or a list of refs), the collection, and whether each
 * reference also says if the article states it or it is read (inferred). */
static const struct {
	const char *coll, *field, *to;
	int read;
} refs[] = {
	{ "entities", "parent", "entities", 0 },
	{ "entities", "located_in", "entities", 1 },
	{ "partnerships", "donors", "entities", 0 },
	{ "partnerships", "recipients", "entities", 0 },
	{ "funding", "donor", "entities", 0 },
	{ "funding", "recipients", "entities", 1 },
	{ "funding", "part_of", "funding", 1 },
	{ "funding", "possibly_part_of", "funding", 0 },
	{ "events", "entities", "entities", 0 },
	{ "events", "partnerships", "partnerships", 0 },
	{ "events", "funding", "funding", 0 },
};

/* Asserts ref is {id, name, href} (and inferred, a boolean, where read) of
 * an item of coll that exists, whose name is the item's name (its title
 * for an event). */
static void
assert_ref(json_t *ref, const char *coll, int read, const char *where)
{
	const char *id = json_string_value(json_object_get(ref, "id"));
	char href[512];
	json_t *doc, *item;
	const char *name;

	check(json_is_object(ref) && id != NULL &&
		json_is_string(json_object_get(ref, "name")) &&
		json_object_size(ref) == (read ? 4u : 3u) &&
		(!read || json_is_boolean(json_object_get(ref, "inferred"))),
	    "%s: not a reference {id, name, href%s}", where,
	    read ? ", inferred" : "");
	snprintf(href, sizeof(href), API "/%s/%s", coll, id);
	check(json_is_string(json_object_get(ref, "href")) &&
		strcmp(json_string_value(json_object_get(ref, "href")), href) ==
		    0,
	    "%s: the reference to %s links elsewhere", where, id);
	doc = api_get_ok(href);
	item = json_object_get(doc, "data");
	name = json_string_value(json_object_get(
	    item, strcmp(coll, "events") == 0 ? "title" : "name"));
	check(name != NULL &&
		strcmp(name, json_string_value(json_object_get(ref, "name"))) ==
		    0,
	    "%s: the reference to %s is named '%s', the item '%s'", where, id,
	    json_string_value(json_object_get(ref, "name")), name);
	json_decref(doc);
}

/* Every item has its own href, and every reference to another item is an
 * object {id, name, href} that leads to that item, never a bare id. */
static void
test_references(void **state)
{
	(void)state;
	for (size_t i = 0; i < API_NCOLLS; i++) {
		json_t *items = page_all(api_colls[i].name, "%s", ""), *item;
		size_t j;

		json_array_foreach (items, j, item) {
			const char *id =
			    json_string_value(json_object_get(item, "id"));
			char href[512], where[512];

			snprintf(href, sizeof(href), API "/%s/%s",
			    api_colls[i].name, id);
			check(json_is_string(json_object_get(item, "href")) &&
				strcmp(json_string_value(
					   json_object_get(item, "href")),
				    href) == 0,
			    "%s %s: href is not %s", api_colls[i].name, id,
			    href);
			for (size_t r = 0; r < sizeof(refs) / sizeof(refs[0]);
			     r++) {
				json_t *v, *e;
				size_t k;

				if (strcmp(refs[r].coll, api_colls[i].name) !=
				    0)
					continue;
				v = json_object_get(item, refs[r].field);
				snprintf(where, sizeof(where), "%s %s: %s",
				    api_colls[i].name, id, refs[r].field);
				if (json_is_array(v)) {
					json_array_foreach (v, k, e)
						assert_ref(e, refs[r].to,
						    refs[r].read, where);
				} else if (!json_is_null(v)) {
					assert_ref(
					    v, refs[r].to, refs[r].read, where);
				}
			}
		}
		json_decref(items);
	}
}

/*
 * Stated or read: each recipient of every funding record, and its part_of,
 * says whether the article states it (inferred false) or it is read from
 * context (true), as funding_recipients.inferred and part_of_inferred
 * have it, recipient by recipient in their order.
 */
static void
test_stated_or_read(void **state)
{
	json_t *items = page_all("funding", "%s", ""), *item;
	size_t i;
	int read = 0;

	(void)state;
	json_array_foreach (items, i, item) {
		const char *id = json_string_value(json_object_get(item, "id"));
		json_t *recipients = json_object_get(item, "recipients");
		json_t *part_of = json_object_get(item, "part_of"), *r;
		char *want = sql_ids("SELECT printf('%%03d:%%s:%%d',"
				     " row_number() OVER (ORDER BY position),"
				     " entity_id, inferred)"
				     " FROM funding_recipients"
				     " WHERE funding_id = %Q",
		    id);
		char *flag = sql_text("SELECT part_of_inferred FROM funding"
				      " WHERE id = %Q AND part_of IS NOT NULL",
		    id);
		struct buf got = { 0 };
		char *g;
		size_t k;

		json_array_foreach (recipients, k, r) {
			buf_printf(&got, "%s%03zu:%s:%d", k > 0 ? " " : "",
			    k + 1, json_string_value(json_object_get(r, "id")),
			    json_is_true(json_object_get(r, "inferred")));
			read |= json_is_true(json_object_get(r, "inferred"));
		}
		g = buf_finish(&got);
		check(g != NULL && strcmp(g, want) == 0,
		    "funding %s: recipients [%s], the table has [%s]", id,
		    g != NULL ? g : "?", want);
		check(flag == NULL ? json_is_null(part_of)
				   : json_is_object(part_of) &&
			    json_is_true(json_object_get(part_of,
				"inferred")) == (strcmp(flag, "1") == 0),
		    "funding %s: part_of.inferred is not the table's %s", id,
		    flag != NULL ? flag : "(no part_of)");
		free(g);
		free(want);
		free(flag);
	}
	json_decref(items);
	assert_true(read); /* or this shows nothing */
}

/*
 * Where groups lie: every entity's located_in is the places
 * entity_locations gives it, in order, each stated or read as the table
 * has it (an entity that is no such group: none).
 */
static void
test_located_in(void **state)
{
	json_t *items = page_all("entities", "%s", ""), *item;
	size_t i, located = 0;

	(void)state;
	json_array_foreach (items, i, item) {
		const char *id = json_string_value(json_object_get(item, "id"));
		char *want =
		    sql_ids("SELECT printf('%%03d:%%s:%%d',"
			    " row_number() OVER (ORDER BY position),"
			    " place_id, inferred)"
			    " FROM entity_locations WHERE entity_id = %Q",
			id);
		struct buf got = { 0 };
		json_t *r;
		size_t k;
		char *g;

		json_array_foreach (json_object_get(item, "located_in"), k, r)
			buf_printf(&got, "%s%03zu:%s:%d", k > 0 ? " " : "",
			    k + 1, json_string_value(json_object_get(r, "id")),
			    json_is_true(json_object_get(r, "inferred")));
		g = buf_finish(&got);
		check(json_is_array(json_object_get(item, "located_in")) &&
			g != NULL && strcmp(g, want) == 0,
		    "entity %s: located_in [%s], the table has [%s]", id,
		    g != NULL ? g : "?", want);
		located += *want != '\0';
		free(g);
		free(want);
	}
	json_decref(items);
	check(
	    located > 0, "no entity lies anywhere"); /* or this shows nothing */
}

static const char *const month_names[] = { "January", "February", "March",
	"April", "May", "June", "July", "August", "September", "October",
	"November", "December" };

/* Asserts a date object: year, month or null, a label at its precision,
 * inferred as the base table has it. */
static void
assert_date(json_t *d, int decade, int inferred, const char *where)
{
	long long y = api_int(d, "year");
	json_t *m = json_object_get(d, "month");
	char want[64];

	if (decade)
		snprintf(want, sizeof(want), "%llds", y / 10 * 10);
	else if (json_is_integer(m))
		snprintf(want, sizeof(want), "%s %lld",
		    month_names[json_integer_value(m) - 1], y);
	else
		snprintf(want, sizeof(want), "%lld", y);
	check(json_is_string(json_object_get(d, "label")) &&
		strcmp(json_string_value(json_object_get(d, "label")), want) ==
		    0,
	    "%s: label '%s', not '%s'", where,
	    json_string_value(json_object_get(d, "label")), want);
	check(json_is_boolean(json_object_get(d, "inferred")) &&
		json_is_true(json_object_get(d, "inferred")) == inferred,
	    "%s: inferred is not %s", where, inferred ? "true" : "false");
}

/*
 * Every date of every dated item has the label a person writes at its
 * precision ("1960s", "1996", "September 1996") and the inferred flag of
 * the base tables; every period has a label ("2006–2010", "since 2009",
 * "from 1996, end unknown"); end_status is the table's: ended exactly
 * when there is an end, and known_until (the last date the article
 * attests) exactly when the end is unknown.
 */
static void
test_date_labels(void **state)
{
	(void)state;
	for (size_t i = 0; api_dated[i] != NULL; i++) {
		const char *coll = api_dated[i];
		json_t *items = page_all(coll, "%s", ""), *item;
		size_t j;

		json_array_foreach (items, j, item) {
			const char *id =
			    json_string_value(json_object_get(item, "id"));
			const char *table =
			    strcmp(coll, "events") == 0 ? "events" : coll;
			json_t *period = strcmp(coll, "funding") == 0
			    ? json_object_get(item, "period")
			    : item;
			json_t *start = json_object_get(period, "start");
			json_t *end = json_object_get(period, "end");
			char *si = sql_text("SELECT start_inferred FROM \"%w\""
					    " WHERE id = %Q",
			    table, id);
			char *ei = sql_text("SELECT end_inferred FROM \"%w\""
					    " WHERE id = %Q",
			    table, id);
			char *status = sql_text("SELECT end_status FROM"
						" \"%w\" WHERE id = %Q",
			    table, id);
			char *ki = sql_text("SELECT known_until_inferred FROM"
					    " \"%w\" WHERE id = %Q",
			    table, id);
			char *ky = sql_text("SELECT known_until_year FROM"
					    " \"%w\" WHERE id = %Q",
			    table, id);
			json_t *known = json_object_get(item, "known_until");
			const char *es = json_string_value(
			    json_object_get(item, "end_status"));
			int decade = strcmp(coll, "events") == 0 &&
			    strcmp(json_string_value(
				       json_object_get(item, "precision")),
				"decade") == 0;
			const char *pl = json_string_value(
			    json_object_get(item, "period_label"));
			char where[256];

			snprintf(where, sizeof(where), "%s %s start", coll, id);
			assert_date(
			    start, decade, si != NULL && *si == '1', where);
			snprintf(
			    where, sizeof(where), "%s %s end_status", coll, id);
			check(es != NULL && status != NULL &&
				strcmp(es, status) == 0 &&
				(strcmp(es, "ended") == 0) ==
				    !json_is_null(end),
			    "%s: '%s', the table's '%s', with end %s", where,
			    es != NULL ? es : "(none)",
			    status != NULL ? status : "(none)",
			    json_is_null(end) ? "null" : "given");
			snprintf(where, sizeof(where), "%s %s known_until",
			    coll, id);
			check((ky != NULL) == json_is_object(known) &&
				(ky == NULL ||
				    api_int(known, "year") == atoll(ky)) &&
				(ky != NULL) ==
				    (es != NULL && strcmp(es, "unknown") == 0),
			    "%s: not the table's %s (end_status %s)", where,
			    ky != NULL ? ky : "null", es != NULL ? es : "?");
			if (ky != NULL)
				assert_date(
				    known, 0, ki != NULL && *ki == '1', where);
			snprintf(where, sizeof(where), "%s %s period_label",
			    coll, id);
			check(pl != NULL, "%s: none", where);
			if (json_is_null(end)) {
				const char *sl = json_string_value(
				    json_object_get(start, "label"));
				const char *kl = json_string_value(
				    json_object_get(known, "label"));
				char want[160];

				if (es != NULL && strcmp(es, "ongoing") == 0)
					snprintf(
					    want, sizeof(want), "since %s", sl);
				else if (kl != NULL && strcmp(kl, sl) != 0)
					snprintf(want, sizeof(want),
					    "from %s, known until %s, end "
					    "unknown",
					    sl, kl);
				else
					snprintf(want, sizeof(want),
					    "from %s, end unknown", sl);
				check(strcmp(pl, want) == 0,
				    "%s: '%s', not '%s'", where, pl, want);
			} else {
				const char *sl = json_string_value(
				    json_object_get(start, "label"));
				const char *el;

				snprintf(where, sizeof(where), "%s %s end",
				    coll, id);
				assert_date(end, decade,
				    ei != NULL && *ei == '1', where);
				el = json_string_value(
				    json_object_get(end, "label"));
				check(strcmp(sl, el) == 0
					? strcmp(pl, sl) == 0
					: strstr(pl, sl) == pl &&
					    strstr(pl, "–") != NULL &&
					    strcmp(pl + strlen(pl) - strlen(el),
						el) == 0,
				    "%s %s: period_label '%s' for %s to %s",
				    coll, id, pl, sl, el);
			}
			free(si);
			free(ei);
			free(status);
			free(ki);
			free(ky);
		}
		json_decref(items);
	}
}

/* The values of end_status are those of the end_statuses table, in its
 * order, as the OpenAPI document served lists them (EndStatus). */
static void
test_end_statuses_documented(void **state)
{
	json_t *doc = api_get_ok("/openapi.json"), *values, *v;
	char *want = sql_ids("SELECT printf('%%02d:%%s', position, value)"
			     " FROM end_statuses");
	struct buf got = { 0 };
	char *g;
	size_t i;

	(void)state;
	values = json_object_get(
	    json_object_get(
		json_object_get(json_object_get(doc, "components"), "schemas"),
		"EndStatus"),
	    "enum");
	check(json_is_array(values), "/openapi.json: no EndStatus enum");
	json_array_foreach (values, i, v)
		buf_printf(&got, "%s%02zu:%s", i > 0 ? " " : "", i + 1,
		    json_string_value(v));
	g = buf_finish(&got);
	check(g != NULL && strcmp(g, want) == 0,
	    "EndStatus lists [%s], the store [%s]", g != NULL ? g : "?", want);
	free(g);
	free(want);
	json_decref(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_located_in),
		cmocka_unit_test(test_stated_or_read),
		cmocka_unit_test(test_date_labels),
		cmocka_unit_test(test_end_statuses_documented),
	};

	return cmocka_run_group_tests_name(
	    "references", tests, api_setup, api_teardown);
}
