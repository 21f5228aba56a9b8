/*
 * Header values (harness_headers.h): comma lists of tokens, request ids
 * and HTTP-dates.
 */
#define _GNU_SOURCE /* strptime */
#include "harness_headers.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

int
has_token(const char *list, const char *token)
{
	size_t n = strlen(token);

	for (const char *p = list; p != NULL && *p != '\0';) {
		size_t len;

		p += strspn(p, " \t,");
		len = strcspn(p, ",");
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == n && strncasecmp(p, token, n) == 0)
			return 1;
		p += strcspn(p, ",");
	}
	return 0;
}

size_t
count_tokens(const char *list)
{
	size_t n = 0;

	for (const char *p = list; p != NULL && *p != '\0';) {
		p += strspn(p, " \t,");
		if (*p != '\0')
			n++;
		p += strcspn(p, ",");
	}
	return n;
}

void
expect_tokens_at(const char *file, int line, const struct http_response *r,
    const char *name, const char *want)
{
	const char *got = hdr(r, name);
	int ok = got != NULL && count_tokens(got) == count_tokens(want);

	for (const char *p = want; ok && *p != '\0';) {
		char token[128];
		size_t len;

		p += strspn(p, " ,");
		len = strcspn(p, ",");
		snprintf(token, sizeof(token), "%.*s", (int)len, p);
		ok = has_token(got, token);
		p += len;
	}
	check_at(file, line, ok, "%s: %s is '%s', not the list '%s'",
	    last_request(), name, got != NULL ? got : "(absent)", want);
}

void
expect_token_at(const char *file, int line, const struct http_response *r,
    const char *name, const char *token)
{
	const char *got = hdr(r, name);

	check_at(file, line, got != NULL && has_token(got, token),
	    "%s: %s is '%s', without %s", last_request(), name,
	    got != NULL ? got : "(absent)", token);
}

int
sane_id(const char *id)
{
	size_t n = id != NULL ? strlen(id) : 0;

	return n > 0 && n <= 128 &&
	    strspn(id,
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"0123456789._-") == n;
}

void
http_date(time_t t, char *out, size_t cap)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, cap, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

time_t
parse_http_date(const char *s)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	end = s != NULL ? strptime(s, "%a, %d %b %Y %H:%M:%S GMT", &tm) : NULL;
	return end != NULL && *end == '\0' ? timegm(&tm) : (time_t)-1;
}
