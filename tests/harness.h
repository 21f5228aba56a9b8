#ifndef AID_TEST_HARNESS_H
#define AID_TEST_HARNESS_H

/*
 * Test harness: the real daemon on a real socket inside the test process,
 * and real clients (libcurl, a raw socket) to talk to it.
 */

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

struct http_response {
	long status;
	char *body; /* NUL-terminated */
	size_t len;
	char *headers; /* the raw header block of the last response */
	json_t *json;  /* the body parsed, or NULL */
};

/*
 * One request with a new libcurl handle. method is "GET", "HEAD", ...;
 * headers a NULL-terminated list of "Name: value" or NULL. Fails the test
 * on a transport error. Free out with http_response_free().
 */
void http_request(unsigned short port, const char *method, const char *target,
    const char *const *headers, struct http_response *out);

/* GET target; returns the status. */
long http_get(
    unsigned short port, const char *target, struct http_response *out);

void http_response_free(struct http_response *);

/*
 * The value of header name (any case) of a response, copied into buf;
 * NULL when absent.
 */
const char *http_header(
    const struct http_response *, const char *name, char *buf, size_t cap);

/*
 * Sends request bytes on a new TCP connection and reads until the server
 * closes it or timeout_ms of silence. Returns the bytes read (malloc'd,
 * NUL-terminated) and their length in *len.
 */
char *raw_exchange(unsigned short port, const char *request, size_t reqlen,
    int timeout_ms, size_t *len);

#endif
