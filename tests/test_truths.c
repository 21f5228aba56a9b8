/*
 * Copies of the real database ($AID_DB, else build/aid.db) that do not
 * lie but are unusual are served as they are (tests/test_lies.c has those
 * that lie): the article's web address known (every citation names it),
 * TeX's special characters in the dataset's title (escaped in BibTeX),
 * dates of the data and of the article that are none ("n.d."), no
 * licence for the data or one without an SPDX id, a collection without
 * items (empty, as a page, by q and as CSV).
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

#include "harness.h"
#include "harness_chaos.h"

static char dir[] = "/tmp/aid-truths-XXXXXX";

/* A copy of the real database at dir/name with sql (statements) run; its
 * path (one of eight kept in turn). */
static const char *
make_copy(const char *name, const char *sql)
{
	static char paths_made[8][256];
	static int next;
	char *path = paths_made[next++ % 8];
	sqlite3 *db;
	char *err = NULL;

	snprintf(path, sizeof(paths_made[0]), "%s/%s.db", dir, name);
	chaos_db_copy(path);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", name, err);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
	return path;
}

/*
 * Each request of want on the database at path must be answered with
 * status and hold every string of has and none of has_not (each list
 * NULL-terminated, or NULL).
 */
struct served {
	const char *request;
	unsigned int status;
	const char *has[4], *has_not[2];
};

static void
expect_served(
    const char *name, const char *path, const struct served *want, size_t n)
{
	struct service svc;
	struct config cfg;
	struct respond_env env;

	harness_config(&cfg);
	cfg.db = path;
	check(service_open(&svc, &cfg, &aid_app) == 0, "%s: not served", name);
	env = service_env(&svc, svc.stores[0]);
	env.cache = NULL;
	for (size_t i = 0; i < n; i++) {
		struct chaos_rq q = { .name = "" };
		struct chaos_outcome o;

		snprintf(q.text, sizeof(q.text), "%s", want[i].request);
		chaos_exchange(&q, &env, 0, &o);
		check(o.made && o.status == want[i].status, "%s: %s: %u %s",
		    name, want[i].request, o.status, o.body);
		for (size_t k = 0; k < 4 && want[i].has[k] != NULL; k++)
			check(strstr(o.body, want[i].has[k]) != NULL,
			    "%s: %s does not hold %s: %s", name,
			    want[i].request, want[i].has[k], o.body);
		for (size_t k = 0; k < 2 && want[i].has_not[k] != NULL; k++)
			check(strstr(o.body, want[i].has_not[k]) == NULL,
			    "%s: %s holds %s: %s", name, want[i].request,
			    want[i].has_not[k], o.body);
		chaos_outcome_free(&o);
	}
	service_close(&svc);
}

/* The article's web address known: every citation names it. */
static void
test_truth_address(void **state)
{
	const char *path = make_copy("address",
	    "UPDATE documents SET doc = json_set(doc, '$.url', "
	    "'https://example.org/article') WHERE resource = 'sources'");
	char event[128], cite[256], csl[300];
	const struct served want[] = {
		{ cite, 200,
		    { "\"url\":\"https://example.org/article\"",
			"Article: https://example.org/article",
			"url = {https://example.org/article}" },
		    { "web address unknown" } },
		{ csl, 200, { "\"URL\":\"https://example.org/article\"" },
		    { NULL } },
	};

	(void)state;
	chaos_db_text("SELECT min(id) FROM events", event, sizeof(event));
	snprintf(cite, sizeof(cite), "GET " API_PREFIX "/citations/events/%s",
	    event);
	snprintf(csl, sizeof(csl), "%s?format=csl", cite);
	expect_served("the article's address known", path, want, 2);
}

/* TeX's special characters in the dataset's title, escaped in BibTeX;
 * dates of the data and the article that are none: "n.d.". */
static void
test_truth_unusual_text(void **state)
{
	const char *tex = make_copy("tex",
	    "UPDATE about SET value = 'Aid \\~^{}&%$#_ data' WHERE key = "
	    "'title'");
	const char *dates = make_copy("dates",
	    "UPDATE meta SET value = '2018-13-01T00:00:00Z' WHERE key = "
	    "'data_modified'; UPDATE documents SET doc = json_set(doc, "
	    "'$.published', '2018-02') WHERE resource = 'sources'");
	const struct served bib[] = {
		{ "GET " API_PREFIX "/citation?format=bibtex", 200,
		    { "{{Aid \\textbackslash{}\\textasciitilde{}"
		      "\\textasciicircum{}\\{\\}\\&\\%\\$\\#\\_ "
		      "data}}" },
		    { NULL } },
	};
	const struct served nd[] = {
		{ "GET " API_PREFIX "/citation?format=text", 200,
		    { "contributors. (n.d.).", "GPIG (n.d.)" }, { NULL } },
		{ "GET " API_PREFIX "/citation?format=bibtex", 200,
		    { "year = {0}" }, { "month = " } },
	};

	(void)state;
	expect_served("TeX's characters", tex, bib, 1);
	expect_served("dates that are none", dates, nd, 2);
}

/* No licence for the data, or one without an SPDX id: no licence said. */
static void
test_truth_no_licence(void **state)
{
	const char *none =
	    make_copy("nolicence", "DELETE FROM licences WHERE part = 'data'");
	const char *nospdx = make_copy("nospdx",
	    "UPDATE licences SET spdx = NULL, url = NULL WHERE part = 'data'");
	const struct served want[] = {
		{ "GET " API_PREFIX "/citation?format=text", 200, { NULL },
		    { "Licence" } },
		{ "GET " API_PREFIX "/citation", 200, { "\"licence\":null" },
		    { NULL } },
	};
	const struct served index[] = {
		{ "GET " API_PREFIX, 200,
		    { "\"data\":{\"spdx\":null", "\"url\":null" }, { NULL } },
	};

	(void)state;
	expect_served("no licence for the data", none, want, 2);
	expect_served("a licence without an SPDX id", nospdx, want, 2);
	expect_served("a licence without an SPDX id", nospdx, index, 1);
}

/* A collection without items: served empty, as a page and as CSV. */
static void
test_truth_empty_collection(void **state)
{
	const char *path = make_copy("empty",
	    "DELETE FROM events; DELETE FROM documents WHERE resource = "
	    "'events'; DELETE FROM item_refs WHERE resource = 'events'; "
	    "DELETE FROM event_entities; DELETE FROM event_figures; "
	    "DELETE FROM event_partnerships; DELETE FROM event_funding; "
	    "DELETE FROM event_involvement");
	const struct served want[] = {
		{ "GET " API_PREFIX "/events?sort=-start", 200,
		    { "{\"data\":[],\"meta\":{\"total\":0,\"count\":0" },
		    { NULL } },
		{ "GET " API_PREFIX "/events?q=cadres", 200, { "\"total\":0" },
		    { NULL } },
		{ "GET " API_PREFIX "/events?format=csv", 200, { "id,href," },
		    { "\r\n1" } },
	};

	(void)state;
	expect_served("no events", path, want, 3);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	return harness_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_truth_address),
		cmocka_unit_test(test_truth_unusual_text),
		cmocka_unit_test(test_truth_no_licence),
		cmocka_unit_test(test_truth_empty_collection),
	};

	return cmocka_run_group_tests_name("truths", tests, setup, teardown);
}
