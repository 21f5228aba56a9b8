/*
 * Representations: CSV (format=csv or Accept: text/csv) strictly RFC 4180,
 * row for row and cell for cell the JSON, its quoting on the fixture's
 * hard values, every collection, every field, the totals; format refused
 * where it means nothing; pretty=1.
 */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "harness_csv.h"
#include "harness_daemons.h"
#include "harness_headers.h"

#define CSV_TYPE "text/csv; charset=utf-8; header=present"

/*
 * The events as CSV (query given) against their JSON: CSV's type, strict
 * RFC 4180 with CRLF, a header row with dotted columns, a row per item,
 * and title, summary and source.quote giving back the JSON values exactly,
 * quoted (quotes doubled) where they hold a comma, a quote, CR or LF.
 * Counts the values that needed quoting and those with a quote or LF.
 */
static void
expect_csv_events(int srv, size_t *needed, size_t *hard)
{
	static const char *const cells[] = { "id", "title", "summary",
		"source.quote", NULL };
	struct http_response j, c;
	json_t *rows, *header, *data;
	const char *why = "";
	size_t i;

	*needed = *hard = 0;
	fetch(&j, srv, "GET", API "/events?" ALL, NULL);
	fetch(&c, srv, "GET", API "/events?" ALL "&format=csv", NULL);
	expect_status(&c, 200);
	expect_header(&c, "Content-Type", CSV_TYPE);
	data = json_object_get(j.json, "data");
	rows = csv_parse(c.body, c.len, &why);
	check(rows != NULL, "%s: not RFC 4180 with CRLF: %s", last_request(),
	    why);
	header = json_array_get(rows, 0);
	check(json_array_size(rows) == json_array_size(data) + 1,
	    "%s: %zu rows under the header for %zu items", last_request(),
	    json_array_size(rows) - 1, json_array_size(data));
	check(hdr(&c, "X-Total-Count") != NULL &&
		strtoul(hdr(&c, "X-Total-Count"), NULL, 10) ==
		    json_array_size(data),
	    "%s: X-Total-Count %s for %zu rows", last_request(),
	    hdr(&c, "X-Total-Count"), json_array_size(data));
	check(csv_column(header, "start.year") >= 0 &&
		csv_column(header, "source.id") >= 0 &&
		csv_column(header, "source.quote") >= 0 &&
		csv_column(header, "start") < 0 &&
		csv_column(header, "source") < 0,
	    "%s: nested values are not dotted columns: %.300s", last_request(),
	    c.body);
	for (i = 1; i < json_array_size(rows); i++) {
		json_t *row = json_array_get(rows, i);
		json_t *item = json_array_get(data, i - 1);

		check(json_array_size(row) == json_array_size(header),
		    "%s: row %zu has %zu cells, the header %zu", last_request(),
		    i, json_array_size(row), json_array_size(header));
		for (size_t k = 0; cells[k] != NULL; k++) {
			long col = csv_column(header, cells[k]);
			const char *want =
			    json_string_value(csv_dotted(item, cells[k]));
			const char *got =
			    json_string_value(json_array_get(row, (size_t)col));

			check(col >= 0 && want != NULL,
			    "%s: no %s column or value", last_request(),
			    cells[k]);
			check(got != NULL && strcmp(got, want) == 0,
			    "%s: row %zu %s is\n  '%s'\nnot the JSON's\n  '%s'",
			    last_request(), i, cells[k], got != NULL ? got : "",
			    want);
			if (strpbrk(want, ",\"\r\n") != NULL) {
				char *q = csv_quote(want);

				check(
				    memmem(c.body, c.len, q, strlen(q)) != NULL,
				    "%s: %s of row %zu is not quoted as RFC "
				    "4180 says: %s",
				    last_request(), cells[k], i, q);
				free(q);
				(*needed)++;
			}
			if (strpbrk(want, "\"\n") != NULL)
				(*hard)++;
		}
	}
	json_decref(rows);
	http_response_free(&j);
	http_response_free(&c);
}

/* format=csv: CSV of the events, row for row and cell for cell the JSON. */
static void
test_csv_events(void **state)
{
	size_t needed, hard;

	(void)state;
	expect_csv_events(PLAIN, &needed, &hard);
	check(needed > 0, "no event value holds a comma: quoting is untested");
}

/* CSV quoting round-trips quotes, commas, CR and LF (the fixture). */
static void
test_csv_quoting(void **state)
{
	size_t needed, hard;

	(void)state;
	expect_csv_events(FIXTURE, &needed, &hard);
	check(
	    hard >= 3, "the fixture's hard values are not served (%zu)", hard);
}

/* Every collection as CSV: one row per item, in the JSON's order, every
 * row as wide as the header. */
static void
test_csv_every_collection(void **state)
{

	(void)state;
	for (size_t k = 0; collection_names[k] != NULL; k++) {
		struct http_response j, c;
		char target[256];
		const char *why = "";
		json_t *rows, *data;
		long id;

		snprintf(target, sizeof(target), API "/%s?" ALL,
		    collection_names[k]);
		fetch(&j, PLAIN, "GET", target, NULL);
		snprintf(target, sizeof(target), API "/%s?" ALL "&format=csv",
		    collection_names[k]);
		fetch(&c, PLAIN, "GET", target, NULL);
		expect_status(&c, 200);
		expect_header(&c, "Content-Type", CSV_TYPE);
		data = json_object_get(j.json, "data");
		rows = csv_parse(c.body, c.len, &why);
		check(rows != NULL, "%s: not RFC 4180 with CRLF: %s",
		    last_request(), why);
		check(json_array_size(rows) == json_array_size(data) + 1,
		    "%s: %zu rows under the header for %zu items",
		    last_request(), json_array_size(rows) - 1,
		    json_array_size(data));
		id = csv_column(json_array_get(rows, 0), "id");
		check(id >= 0, "%s: no id column", last_request());
		for (size_t i = 1; i < json_array_size(rows); i++) {
			json_t *row = json_array_get(rows, i);
			const char *want = json_string_value(
			    json_object_get(json_array_get(data, i - 1), "id"));

			check(json_array_size(row) ==
				json_array_size(json_array_get(rows, 0)),
			    "%s: row %zu is not as wide as the header",
			    last_request(), i);
			check(want != NULL &&
				strcmp(json_string_value(
					   json_array_get(row, (size_t)id)),
				    want) == 0,
			    "%s: row %zu is not item %s", last_request(), i,
			    want != NULL ? want : "?");
		}
		json_decref(rows);
		http_response_free(&j);
		http_response_free(&c);
	}
}

/* The cell of column name in the CSV body of r's first data row, or NULL;
 * *ncols the header's width. */
static json_t *
csv_first_row(const struct http_response *r, size_t *ncols)
{
	const char *why = "";
	json_t *rows = csv_parse(r->body, r->len, &why);

	check(rows != NULL && json_array_size(rows) >= 2,
	    "%s: not a CSV with a row: %s", last_request(), why);
	*ncols = json_array_size(json_array_get(rows, 0));
	return rows;
}

/* fields= in CSV: every field of every collection gives its columns
 * (header named by the field, or field.sub), href among them, and an href
 * cell is the JSON's href, under a trusted proxy's prefix too. */
static void
test_csv_every_field(void **state)
{
	(void)state;
	for (size_t k = 0; collection_names[k] != NULL; k++) {
		struct http_response j, c;
		json_t *item, *v, *rows;
		const char *key;
		char target[256];
		size_t ncols;

		snprintf(target, sizeof(target), API "/%s?limit=1",
		    collection_names[k]);
		fetch(&j, PLAIN, "GET", target, NULL);
		item = json_array_get(json_object_get(j.json, "data"), 0);
		check(
		    json_object_size(item) > 0, "%s: no item", last_request());
		json_object_foreach (item, key, v) {
			snprintf(target, sizeof(target),
			    API "/%s?limit=1&format=csv&fields=%s",
			    collection_names[k], key);
			fetch(&c, PLAIN, "GET", target, NULL);
			expect_status(&c, 200);
			rows = csv_first_row(&c, &ncols);
			check(ncols > 0, "%s: no column", last_request());
			for (size_t i = 0; i < ncols; i++) {
				const char *h = json_string_value(
				    json_array_get(json_array_get(rows, 0), i));
				size_t n = strlen(key);

				check(h != NULL && strncmp(h, key, n) == 0 &&
					(h[n] == '\0' || h[n] == '.'),
				    "%s: column '%s' is not of %s",
				    last_request(), h != NULL ? h : "?", key);
			}
			json_decref(rows);
			http_response_free(&c);
		}
		http_response_free(&j);
		for (int srv = PLAIN; srv <= PROXY; srv += PROXY - PLAIN) {
			const char *pre = srv == PROXY ? PREFIX : NULL;

			snprintf(target, sizeof(target), API "/%s?limit=1",
			    collection_names[k]);
			fetch(&j, srv, "GET", target, pre, NULL);
			snprintf(target, sizeof(target),
			    API "/%s?limit=1&format=csv&fields=href",
			    collection_names[k]);
			fetch(&c, srv, "GET", target, pre, NULL);
			rows = csv_first_row(&c, &ncols);
			check(ncols == 1 &&
				json_equal(
				    json_array_get(json_array_get(rows, 1), 0),
				    json_object_get(
					json_array_get(
					    json_object_get(j.json, "data"), 0),
					"href")),
			    "%s: the href cell is not the JSON's href",
			    last_request());
			json_decref(rows);
			http_response_free(&j);
			http_response_free(&c);
		}
	}
}

/* Accept: text/csv gives the CSV; a tie or a lower q for CSV gives JSON;
 * the cache does not mix the two. */
static void
test_csv_by_accept(void **state)
{
	static const struct {
		const char *accept;
		int csv;
	} cases[] = { { "Accept: text/csv", 1 },
		{ "Accept: text/csv, application/json", 0 },
		{ "Accept: application/json, text/csv", 0 },
		{ "Accept: text/csv;q=0.5, application/json", 0 },
		{ "Accept: text/csv;q=0.9, application/json;q=0.8", 1 },
		{ "Accept: application/json", 0 }, { "Accept: */*", 0 },
		{ "Accept: text/csv", 1 } };
	struct http_response want;

	(void)state;
	fetch(&want, PLAIN, "GET", API "/events?limit=4&format=csv", NULL);
	expect_header(&want, "Content-Type", CSV_TYPE);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct http_response r;

		fetch(&r, PLAIN, "GET", API "/events?limit=4", cases[i].accept,
		    NULL);
		expect_status(&r, 200);
		expect_token(&r, "Vary", "Accept");
		if (cases[i].csv) {
			expect_header(&r, "Content-Type", CSV_TYPE);
			check(r.len == want.len &&
				memcmp(r.body, want.body, r.len) == 0,
			    "%s: not the CSV of format=csv", last_request());
		} else {
			expect_header(&r, "Content-Type", JSON_TYPE);
			check(r.json != NULL, "%s: not JSON", last_request());
		}
		http_response_free(&r);
	}
	http_response_free(&want);
}

/* fields=id,title&format=csv gives exactly those columns. */
static void
test_csv_fields(void **state)
{
	struct http_response r;
	const char *why = "";
	json_t *rows, *row;
	size_t i;

	(void)state;
	fetch(&r, PLAIN, "GET", API "/events?fields=id,title&format=csv&" ALL,
	    NULL);
	expect_status(&r, 200);
	expect_header(&r, "Content-Type", CSV_TYPE);
	check(strncmp(r.body, "id,title\r\n", 10) == 0,
	    "%s: the header row is not 'id,title': %.100s", last_request(),
	    r.body);
	rows = csv_parse(r.body, r.len, &why);
	check(rows != NULL && json_array_size(rows) > 1,
	    "%s: not CSV with rows: %s", last_request(), why);
	json_array_foreach (rows, i, row)
		check(json_array_size(row) == 2, "%s: row %zu has %zu cells",
		    last_request(), i, json_array_size(row));
	json_decref(rows);
	http_response_free(&r);
}

/* /funding/totals?format=csv is the totals' rows as CSV. */
static void
test_csv_totals(void **state)
{
	struct http_response j, c;
	const char *why = "";
	json_t *rows;

	(void)state;
	fetch(&j, PLAIN, "GET", API "/funding/totals", NULL);
	fetch(&c, PLAIN, "GET", API "/funding/totals?format=csv", NULL);
	expect_status(&c, 200);
	expect_header(&c, "Content-Type", CSV_TYPE);
	rows = csv_parse(c.body, c.len, &why);
	check(rows != NULL, "%s: not CSV: %s", last_request(), why);
	check(json_array_size(rows) ==
		json_array_size(json_object_get(j.json, "data")) + 1,
	    "%s: %zu rows for %zu totals", last_request(),
	    json_array_size(rows) - 1,
	    json_array_size(json_object_get(j.json, "data")));
	check(csv_column(json_array_get(rows, 0), "key") >= 0 &&
		csv_column(json_array_get(rows, 0), "amount_yuan") >= 0,
	    "%s: no key or amount_yuan column: %.200s", last_request(), c.body);
	json_decref(rows);
	http_response_free(&j);
	http_response_free(&c);
}

/* format=xml is a 400; format=csv where no collection is (an item,
 * /healthz) is an unknown parameter. */
static void
test_format_rejected(void **state)
{
	char id[256], target[512];

	(void)state;
	expect_bad_param(srv_port[PLAIN], "format", API "/events?format=xml");
	first_id(PLAIN, "events", id, sizeof(id));
	snprintf(target, sizeof(target), API "/events/%s?format=csv", id);
	expect_bad_param(srv_port[PLAIN], "format", "%s", target);
	expect_bad_param(srv_port[PLAIN], "format", "/healthz?format=csv");
}

/* pretty=1 indents; the document (but links.self, which carries
 * pretty=1), its status and its type are those of the compact one, on
 * items, totals, pages and errors. */
static void
test_pretty(void **state)
{
	static const char *const targets[][2] = {
		{ API "/entities/wenshan?pretty=1", API "/entities/wenshan" },
		{ API "/funding/totals?pretty=1", API "/funding/totals" },
		{ API "/events?limit=2&pretty=1", API "/events?limit=2" },
		{ API "/events?limit=0&pretty=1", API "/events?limit=0" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		struct http_response p, c;

		fetch(&c, PLAIN, "GET", targets[i][1], NULL);
		expect_header(&c, "Content-Type",
		    c.status < 400 ? JSON_TYPE : PROBLEM_TYPE);
		fetch(&p, PLAIN, "GET", targets[i][0], NULL);
		expect_status(&p, c.status);
		expect_header(&p, "Content-Type", hdr(&c, "Content-Type"));
		check(strstr(p.body, "\n  \"") != NULL,
		    "%s is not indented: %.200s", targets[i][0], p.body);
		check(strchr(c.body, '\n') == NULL, "%s is not compact",
		    targets[i][1]);
		check(p.json != NULL && c.json != NULL, "%s or %s is not JSON",
		    targets[i][0], targets[i][1]);
		json_object_del(p.json, "links");
		json_object_del(c.json, "links");
		check(json_equal(p.json, c.json), "%s differs from %s",
		    targets[i][0], targets[i][1]);
		http_response_free(&p);
		http_response_free(&c);
	}
}

/* pretty=1 indents the 404 of an unknown path like any other answer. */
static void
test_pretty_unknown_path(void **state)
{
	struct http_response r;
	char body[512];
	long status;

	(void)state;
	fetch(&r, PLAIN, "GET", API "/nope?pretty=1", NULL);
	status = r.status;
	snprintf(body, sizeof(body), "%s", r.body);
	http_response_free(&r); /* before failing: no leak */
	check(status == 404 && strstr(body, "\n  \"") != NULL,
	    "%s: %ld, not indented: %s", last_request(), status, body);
}

/* pretty takes 1, true, 0 or false; anything else is a 400. */
static void
test_pretty_invalid(void **state)
{
	(void)state;
	expect_bad_param(srv_port[PLAIN], "pretty", API "/events?pretty=maybe");
	expect_bad_param(
	    srv_port[PLAIN], "pretty", API "/entities/wenshan?pretty=2");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_events),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_every_collection),
		cmocka_unit_test(test_csv_every_field),
		cmocka_unit_test(test_csv_by_accept),
		cmocka_unit_test(test_csv_fields),
		cmocka_unit_test(test_csv_totals),
		cmocka_unit_test(test_format_rejected),
		cmocka_unit_test(test_pretty),
		cmocka_unit_test(test_pretty_unknown_path),
		cmocka_unit_test(test_pretty_invalid),
	};

	return run_with_daemons(
	    "representations", tests, DAEMON(PROXY) | DAEMON(FIXTURE));
}
