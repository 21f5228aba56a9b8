#ifndef AID_FUZZ_CHECK_H
#define AID_FUZZ_CHECK_H

/*
 * What both fuzz targets check of an answer, and how they fail: a message
 * on stderr, then abort(), which libFuzzer reports as a crash and keeps
 * the input that caused it.
 */

#include <stddef.h>

#include "../harness_gzip.h" /* gunzip, shared with the suite */

struct config;

/* The server's defaults as both targets start from: PORT and BIND unset,
 * the database AID_DB or build/aid.db, a cache of a few bodies (it
 * evicts) and two CORS origins. Fails when they are refused. */
void fuzz_config(struct config *cfg);

/* Prints "fuzz: " and the message on stderr, then aborts. */
void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)))
__attribute__((noreturn));

/*
 * Returns NULL when body[0..len) is a problem document (RFC 9457) of
 * status: a JSON object with the strings type, title and detail and the
 * integer status equal to status. Else why not (static).
 */
const char *problem_why_not(unsigned int status, const char *body, size_t len);

/* 1 when body[0..len) parses as one JSON text (jansson), else 0. */
int json_parses(const char *body, size_t len);

#endif
