#ifndef AID_TEST_HARNESS_DAEMONS_H
#define AID_TEST_HARNESS_DAEMONS_H

/*
 * The daemons by configuration, for the programs that test what HTTP
 * does on every route (test_caching, test_cors, test_proxy and their
 * siblings): each program starts, in its process, the daemons it asks
 * for, one per configuration, on a snapshot of the test database ($AID_DB,
 * else build/aid.db), so that a rebuild of it while the tests run cannot
 * give two daemons two versions. FIXTURE serves a copy in which one event
 * holds values that are hard for CSV (quotes, commas, line breaks) and
 * one key names two entities (a 300); nothing else in it differs. Each
 * daemon has its own /metrics counters.
 */

#include <stddef.h>
#include <time.h>

#include "harness.h"

/* What the daemons are configured with, and what their tests send. */
#define MAX_AGE	      123 /* not the default (300) */
#define CACHE_CONTROL "public, max-age=123" STALE
#define STALE_REVAL   45  /* not the default (60) */
#define STALE_ERROR   678 /* not the default (86400) */
#define STALE	      ", stale-while-revalidate=45, stale-if-error=678"
#define PAGE_CONTROL  "public, max-age=1, stale-if-error=678"
#define CORS_LIST     "https://app.example,http://localhost:3000"
#define ALLOWED	      "Origin: https://app.example"
#define GZIP	      "Accept-Encoding: gzip"
#define PREFIX	      "X-Forwarded-Prefix: /aid"
#define BIG	      API "/events" /* a body worth compressing */
#define CSV_PAGE      API "/events?format=csv&limit=3"
#define SHARED_KEY    "behaviour-shared-key" /* two entities in the fixture */
#define METHODS	      "GET, HEAD, OPTIONS"
#define VARY_DATA     "Accept, Accept-Encoding"

/* The daemons, by configuration. */
enum {
	PLAIN,	 /* defaults but max-age and staleness */
	CORS,	 /* a list of origins */
	STAR,	 /* any origin */
	PROXY,	 /* trusts X-Forwarded-* */
	NOCACHE, /* keeps no rendition */
	FIXTURE, /* the altered copy of the database, trusting a proxy */
	COUNTED, /* as PLAIN, asked only by test_metrics_counts */
	NSRV
};

/* The bit of daemon k, for daemons_start(). */
#define DAEMON(k) (1u << (k))

/* The port of each daemon started (0 for the others). */
extern unsigned short srv_port[NSRV];

/* The collections' names, NULL-terminated. */
extern const char *const collection_names[];

/* The snapshot every daemon but FIXTURE serves (a file name). */
extern char daemons_snapshot[64];

/* The index's meta.dataset_version and Last-Modified (the build's date),
 * as PLAIN answered them at the start, and that date as a time (-1 when
 * it is no HTTP-date). */
extern char daemons_version[64];
extern char daemons_last_modified[64];
extern time_t daemons_built_at;

struct CMUnitTest;

/*
 * Runs tests (n of them) as the cmocka group name, with daemons started
 * before the first: the snapshot (and the fixture when FIXTURE is asked
 * for) is made, PLAIN and the daemons whose DAEMON() bits are in which are
 * started, and the index of PLAIN read; they are stopped and the databases
 * removed after the last. Returns what cmocka returns (the number of tests
 * failed); a database that cannot be made fails the group.
 */
int daemons_run(
    const char *name, const struct CMUnitTest *tests, size_t n, unsigned which);
#define run_with_daemons(name, tests, which)                                   \
	daemons_run(                                                           \
	    (name), (tests), sizeof(tests) / sizeof((tests)[0]), (which))

/* One request to daemon srv with the headers that follow (a NULL-ended
 * list of "Name: value", 15 at most), by http_fetch(). Returns the
 * status; free r with http_response_free(). */
long fetch(struct http_response *r, int srv, const char *method,
    const char *target, ...) __attribute__((sentinel));

/* Fails the test unless r's status is want. */
void expect_status_at(
    const char *file, int line, const struct http_response *r, long want);
#define expect_status(...) expect_status_at(__FILE__, __LINE__, __VA_ARGS__)

/* The id of the first item of collection coll on daemon srv, into buf. */
void first_id(int srv, const char *coll, char *buf, size_t cap);

/* The ETag of GET target on daemon srv with the header given (one or
 * NULL), into buf; fails the test unless it is a 200 with an ETag. */
void etag_of(
    int srv, const char *target, const char *header, char *buf, size_t cap);

#endif
