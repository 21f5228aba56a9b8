#ifndef AID_TEST_HARNESS_API_H
#define AID_TEST_HARNESS_API_H

/*
 * The API under test, as the resource tests (test_endpoints.c,
 * test_paging.c, ... test_totals.c) share it: one daemon on a real socket
 * in the test process, spoken to with libcurl; the same database opened
 * read-only beside it; and the collections as API.md describes them.
 *
 * Expectations come from the database itself, not from copies of the
 * data: totals and filters are compared with SQL queries written from
 * the contract (harness_sql.h), orders with comparisons of adjacent items
 * (harness_order.h), paging by walking the pages (harness_pages.h). Only
 * the honest totals are also checked by hand, from the article.
 *
 * Every request goes through the harness's http_fetch(), which fails the
 * test on a 500 and on a response without X-Request-Id; api_get() fails
 * it on a body that is not JSON of the right Content-Type,
 * expect_problem() and expect_bad_param() on one that is not the problem
 * document expected. What HTTP does on every route (methods, HEAD,
 * caching, framing, CSV, CORS, the proxy headers, the log, the metrics)
 * is not these tests' but test_behaviour.c's.
 */

#include <stdarg.h>
#include <stddef.h>

#include <jansson.h>
#include <sqlite3.h>

#include "harness.h"

#ifndef TARGET_MAX
#define TARGET_MAX 8192
#endif

/* A sort key: its name in ?sort= and where its value is in an item. */
struct coll_sort {
	const char *name;
	const char *path;
};

/* A collection as the tests know it. */
struct coll {
	const char *name;	       /* the path segment: "events" */
	const char *table;	       /* its SQL table */
	const char *const *fields;     /* the fields API.md gives an item */
	const struct coll_sort *sorts; /* ends with name NULL */
	const char *const *sort_lists; /* comma lists to try, NULL-ended */
	const char *default_order;     /* the order without ?sort, or NULL */
	int paged_by;		       /* page size when walking the pages */
};

/* Every collection: entities, partnerships, funding, events, sources. */
#define API_NCOLLS 5
extern const struct coll api_colls[API_NCOLLS];

/* The collections whose items are dated facts with from/to filters,
 * NULL-ended. */
extern const char *const api_dated[];

/* Set by api_setup(): the daemon's port, the database read-only, and the
 * dataset's version as the database has it. */
extern unsigned short api_port;
extern sqlite3 *api_db;
extern char api_dataset_version[64];

/*
 * cmocka group setup and teardown: starts libcurl, opens the database
 * ($AID_DB, else build/aid.db) and the daemon on a free port. Returns 0,
 * or -1 (with a message) when the database cannot be opened or read.
 */
int api_setup(void **state);
int api_teardown(void **state);

/*
 * GETs the target fmt formats, checked by http_fetch() and, as every
 * response of the resource tests, for a body that is JSON of its type: a
 * problem document on an error, the projection type under ?fields=.
 * Returns the status; free r with http_response_free().
 */
long api_get(struct http_response *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* GETs a target that must answer 200; returns its body (new reference).
 * Fails the test otherwise. */
json_t *api_get_ok(const char *target);

/* The integer member key of obj; fails the test when it is none. */
long long api_int(json_t *obj, const char *key);

/*
 * The checks of a download r (the last request): 200, its Content-Type
 * type, a strong ETag of this dataset version that answers 304, and the
 * Content-Disposition cd.
 */
void api_expect_download(
    struct http_response *r, const char *type, const char *cd);

/* Percent-encodes s as a query value or path segment into out (cap
 * bytes, failing the test when they do not hold it); returns out. */
const char *api_url_encode(const char *s, char *out, size_t cap);

#endif
