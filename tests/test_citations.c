/*
 * Citing the data (issue 18), against the real daemon: every fact's
 * source.citation answers its citation (the article, the quote, the
 * fact's address); the dataset's citation in text, BibTeX and CSL-JSON
 * with its version and the date of its data, as downloads named with the
 * version; the index's licences of the code, the data and the article's
 * text apart; the data's date as Last-Modified, built_at and
 * data_modified.
 */
#define _GNU_SOURCE /* strptime, timegm */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <sqlite3.h>

#include "harness_api.h"
#include "harness_sql.h"

static char modified[32]; /* meta.data_modified */

/* The collections of facts, each with its source. */
static const char *const colls[] = { "entities", "partnerships", "funding",
	"events", NULL };

/* Every fact's source.citation answers its citation: the article, the
 * quote, the fact's address, in the three forms. */
static void
test_every_fact_is_cited(void **state)
{
	(void)state;
	for (size_t k = 0; colls[k] != NULL; k++) {
		struct http_response list;
		json_t *item;
		size_t i;

		http_fetch(&list, api_port, "GET", NULL, API "/%s?limit=500",
		    colls[k]);
		json_array_foreach (
		    json_object_get(list.json, "data"), i, item) {
			json_t *source = json_object_get(item, "source"), *c;
			const char *quote =
			    json_string_value(json_object_get(source, "quote"));
			const char *href =
			    json_string_value(json_object_get(item, "href"));
			struct http_response r;

			http_fetch(&r, api_port, "GET", NULL, "%s",
			    json_string_value(
				json_object_get(source, "citation")));
			c = json_object_get(r.json, "data");
			check(r.status == 200 &&
				strcmp(json_string_value(
					   json_object_get(c, "quote")),
				    quote) == 0 &&
				strcmp(json_string_value(
					   json_object_get(c, "address")),
				    href) == 0,
			    "%s: not the quote and address of %s",
			    last_request(), href);
			check(strstr(
				  json_string_value(json_object_get(c, "text")),
				  quote) != NULL &&
				strncmp(json_string_value(
					    json_object_get(c, "bibtex")),
				    "@misc{", 6) == 0 &&
				json_is_null(json_object_get(
				    json_object_get(c, "article"), "url")),
			    "%s: the text lacks the quote, the BibTeX is no "
			    "entry or the article has a made-up url",
			    last_request());
			http_response_free(&r);
		}
		http_response_free(&list);
	}
}

/* The dataset's citation in its three forms: the version and the data's
 * date in each; the downloads named with the version. */
static void
test_dataset_citation(void **state)
{
	static const struct {
		const char *format, *type, *ext;
	} forms[] = {
		{ "text", "text/plain; charset=utf-8", "-citation.txt" },
		{ "bibtex", "application/x-bibtex; charset=utf-8", ".bib" },
		{ "csl",
		    "application/vnd.citationstyles.csl+json; charset=utf-8",
		    ".csl.json" },
	};
	struct http_response r;
	json_t *d;
	int y, m, dd;

	(void)state;
	http_fetch(&r, api_port, "GET", NULL, API "/citation");
	d = json_object_get(r.json, "data");
	check(strcmp(json_string_value(json_object_get(d, "version")),
		  api_dataset_version) == 0 &&
		strcmp(json_string_value(json_object_get(d, "data_modified")),
		    modified) == 0,
	    "the citation's version or date is not %s, %s", api_dataset_version,
	    modified);
	assert_int_equal(sscanf(modified, "%d-%d-%d", &y, &m, &dd), 3);
	check(json_integer_value(json_array_get(
		  json_array_get(
		      json_object_get(
			  json_object_get(json_object_get(d, "csl"), "issued"),
			  "date-parts"),
		      0),
		  0)) == y,
	    "the CSL issued year is not %d", y);
	expect_absent(&r, "Content-Disposition");
	http_response_free(&r);
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		char cd[128];

		http_fetch(&r, api_port, "GET", NULL, API "/citation?format=%s",
		    forms[i].format);
		snprintf(cd, sizeof(cd),
		    "attachment; filename=\"aid-api-%s%s\"",
		    api_dataset_version, forms[i].ext);
		api_expect_download(&r, forms[i].type, cd);
		check(strstr(r.body, api_dataset_version) != NULL,
		    "%s: no version", last_request());
		http_response_free(&r);
	}
	expect_bad_param(api_port, "format", API "/citation?format=ris");
	expect_problem(api_port, 404, API "/citations/events/no-such-event");
}

/* The index links the downloads and the citation, names the three parts'
 * rights apart, and dates the data by its last change: Last-Modified,
 * built_at and data_modified are one date, the meta table's. */
static void
test_index_licences_and_date(void **state)
{
	struct http_response r;
	json_t *data, *lic, *links;
	char *publisher = sql_value("SELECT publisher FROM sources");

	(void)state;
	http_fetch(&r, api_port, "GET", NULL, API);
	data = json_object_get(r.json, "data");
	lic = json_object_get(data, "licenses");
	links = json_object_get(data, "links");
	check(strcmp(json_string_value(
			 json_object_get(json_object_get(lic, "code"), "spdx")),
		  "MIT") == 0,
	    "the code is not MIT");
	check(strcmp(json_string_value(
			 json_object_get(json_object_get(lic, "data"), "spdx")),
		  "CC-BY-4.0") == 0,
	    "the data is not CC-BY-4.0");
	check(json_is_null(json_object_get(
		  json_object_get(lic, "article_text"), "spdx")) &&
		strcmp(json_string_value(json_object_get(
			   json_object_get(lic, "article_text"), "holder")),
		    publisher) == 0,
	    "the article's text is licensed, or not its publisher's");
	check(json_is_null(
		  json_object_get(json_object_get(data, "source"), "url")),
	    "the article has a url the project does not know");
	for (const char *const *k = (const char *const[]){ "database",
		 "datapackage", "datapackage_descriptor", "citation", NULL };
	     *k != NULL; k++)
		check(json_is_string(json_object_get(links, *k)),
		    "the index does not link %s", *k);
	check(strcmp(json_string_value(json_object_get(
			 json_object_get(r.json, "meta"), "data_modified")),
		  modified) == 0 &&
		strcmp(json_string_value(json_object_get(
			   json_object_get(r.json, "meta"), "built_at")),
		    modified) == 0,
	    "meta's dates are not the data's, %s", modified);
	{
		char lm[64];
		struct tm tm = { 0 };
		time_t t;

		assert_non_null(strptime(modified, "%Y-%m-%dT%H:%M:%SZ", &tm));
		t = timegm(&tm);
		strftime(
		    lm, sizeof(lm), "%a, %d %b %Y %H:%M:%S GMT", gmtime(&t));
		expect_header(&r, "Last-Modified", lm);
	}
	free(publisher);
	http_response_free(&r);
}

static int
setup(void **state)
{
	char *v;

	if (api_setup(state) != 0)
		return -1;
	v = sql_value("SELECT value FROM meta WHERE key = 'data_modified'");
	snprintf(modified, sizeof(modified), "%s", v);
	free(v);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_fact_is_cited),
		cmocka_unit_test(test_dataset_citation),
		cmocka_unit_test(test_index_licences_and_date),
	};

	return cmocka_run_group_tests_name(
	    "citations", tests, setup, api_teardown);
}
