#ifndef AID_TEST_HARNESS_HEADERS_H
#define AID_TEST_HARNESS_HEADERS_H

/*
 * Header values, read as HTTP writes them: comma lists of tokens
 * (Vary, Allow, Access-Control-*), request ids and HTTP-dates.
 */

#include <stddef.h>
#include <time.h>

#include "harness.h"

/* 1 when the comma list names token (any case); list may be NULL. */
int has_token(const char *list, const char *token);

/* The number of elements of a comma list (0 for NULL). */
size_t count_tokens(const char *list);

/* Fails the test unless header name of r is a comma list of exactly the
 * tokens of want (in any order and case). */
void expect_tokens_at(const char *file, int line, const struct http_response *r,
    const char *name, const char *want);
#define expect_tokens(...) expect_tokens_at(__FILE__, __LINE__, __VA_ARGS__)

/* Fails the test unless the comma list in header name of r includes
 * token. */
void expect_token_at(const char *file, int line, const struct http_response *r,
    const char *name, const char *token);
#define expect_token(...) expect_token_at(__FILE__, __LINE__, __VA_ARGS__)

/* 1 when id is a request id as the server makes or keeps them: 1 to 128
 * of [A-Za-z0-9._-]. */
int sane_id(const char *id);

/* t as an HTTP-date (IMF-fixdate) into out. */
void http_date(time_t t, char *out, size_t cap);

/* An HTTP-date (IMF-fixdate) as a time, or -1 (for NULL too). */
time_t parse_http_date(const char *s);

#endif
