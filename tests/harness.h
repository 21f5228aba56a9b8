#ifndef AID_TEST_HARNESS_H
#define AID_TEST_HARNESS_H

/*
 * Test harness: the real daemon on a real socket inside the test process,
 * a libcurl client to talk to it, and the expectations every HTTP test
 * program shares. What some programs share besides is in
 * tests/harness_<role>.h, one role each: the raw-socket client
 * (harness_raw.h), the daemons by configuration (harness_daemons.h),
 * header values (harness_headers.h), the gzip and CSV readers
 * (harness_gzip.h, harness_csv.h), /metrics (harness_metrics.h), and the
 * malformed-request corpus (harness_corpus.h).
 */

#include <stdarg.h>
#include <stddef.h>

#include <jansson.h>

#include "../handlers/handlers.h"
#include "../server/internal.h"

/*
 * Fails the test at file:line with a printf-style message when ok is
 * false; check(ok, ...) passes the caller's place.
 */
void check_at(const char *file, int line, int ok, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define check(ok, ...) check_at(__FILE__, __LINE__, (ok), __VA_ARGS__)

/* The test database: $AID_DB, else build/aid.db. */
const char *harness_db(void);

/* A configuration for tests: 127.0.0.1, port 0, two threads, no log. */
void harness_config(struct config *cfg);

/* Starts a daemon with cfg; fails the test when it cannot. */
struct daemon *harness_start(const struct config *cfg);

/* What the HTTP test programs share. */
#define API		"/api/v1"
#define ALL		"limit=500" /* one page holds every item */
#define JSON_TYPE	"application/json; charset=utf-8"
#define PROBLEM_TYPE	"application/problem+json; charset=utf-8"
#define PROJECTION_TYPE "application/vnd.aid-api.projection+json; charset=utf-8"

struct http_response {
	long status;
	char *body; /* NUL-terminated */
	size_t len;
	char *headers; /* the raw header block of the last response */
	json_t *json;  /* the body parsed, or NULL */
};

/*
 * One request with a new libcurl handle, and no check of the response
 * (http_fetch() is the checked one). method is "GET", "HEAD", ...;
 * headers a NULL-terminated list of "Name: value" or NULL. A target that
 * does not begin with '/' ("*", "http://host/path") is sent as the
 * request line's target as it is, to the same address. Fails the test on
 * a transport error. Free out with http_response_free().
 */
void http_request(unsigned short port, const char *method, const char *target,
    const char *const *headers, struct http_response *out);

/*
 * One request, by http_request(), to the target fmt formats (less than
 * 8192 bytes), recorded for last_request(). Fails the test on a status
 * of 500 or outside 200..599 (0: no status line) and on a response without
 * an X-Request-Id. Returns the status; free r with http_response_free().
 */
long http_fetch(struct http_response *r, unsigned short port,
    const char *method, const char *const *headers, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
long http_vfetch(struct http_response *r, unsigned short port,
    const char *method, const char *const *headers, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));

/*
 * The last request of http_fetch() or raw_exchange(), for failure
 * messages: "GET /target [Name: value]..." or "raw " and its request
 * line; "" before the first. Valid until the next request.
 */
const char *last_request(void);

/* Records what last_request() names from now on (printf-style; cut at
 * about 9 KB). */
void set_last_request(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

void http_response_free(struct http_response *);

/*
 * The value of header name (any case) of a response, or NULL when absent.
 * It is kept in one of eight buffers used in turn: valid for the next
 * seven calls. Fails the test on a value of 8 KiB or more.
 */
const char *hdr(const struct http_response *, const char *name);

/*
 * The expectations below fail the test at the caller's file:line, naming
 * last_request(); each X(...) is X_at(__FILE__, __LINE__, ...).
 */

/* Fails the test unless header name of r is exactly want (absent when
 * want is NULL). */
void expect_header_at(const char *file, int line, const struct http_response *r,
    const char *name, const char *want);
#define expect_header(...) expect_header_at(__FILE__, __LINE__, __VA_ARGS__)

/* Fails the test when r has header name. */
void expect_absent_at(const char *file, int line, const struct http_response *r,
    const char *name);
#define expect_absent(...) expect_absent_at(__FILE__, __LINE__, __VA_ARGS__)

/*
 * Fails the test unless r is a problem document (RFC 9457) of status: of
 * type PROBLEM_TYPE, with type, title and detail strings and status.
 */
void expect_problem_doc_at(
    const char *file, int line, const struct http_response *r, long status);
#define expect_problem_doc(...)                                                \
	expect_problem_doc_at(__FILE__, __LINE__, __VA_ARGS__)

/* GETs the target fmt formats and fails the test unless it answers a
 * problem document of status, with no HTML in it. */
void expect_problem_at(const char *file, int line, unsigned short port,
    long status, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
#define expect_problem(...) expect_problem_at(__FILE__, __LINE__, __VA_ARGS__)

/* GETs the target fmt formats and fails the test unless it answers a 400
 * problem document whose errors name param. */
void expect_bad_param_at(const char *file, int line, unsigned short port,
    const char *param, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
#define expect_bad_param(...)                                                  \
	expect_bad_param_at(__FILE__, __LINE__, __VA_ARGS__)

/* The entry of r's "errors" that names param (borrowed), or NULL; fails
 * the test on an entry without a param and a detail string. */
json_t *error_naming(const struct http_response *r, const char *param);

/* From here on, what is written on fd 2 (the access log, libmicrohttpd's
 * messages) goes to a temporary file, until release_stderr(). */
void capture_stderr(void);

/* Puts fd 2 back; returns what was written on it (free()). */
char *release_stderr(void);

/* Removes the directory dir and everything in it (a test's temporary
 * directory): 0, or -1 when it could not. */
int harness_rmtree(const char *dir);

#endif
