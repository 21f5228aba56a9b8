/*
 * Replies (server/reply.c): the reason phrase of every status the server
 * sends, and of one it does not know; a problem document's title is its
 * status's reason, its detail as given (cut at a character's boundary
 * when too long); reply_buf takes the buffer it is given. Renditions
 * (server/rendition.c): gzip only when it is worth it (512 bytes or more,
 * and smaller), tried once; no gzip of a reply without a body.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../db/wraps.h"
#include "harness.h"

static void
test_reasons(void **state)
{
	static const struct {
		unsigned int status;
		const char *reason;
	} r[] = {
		{ 200, "OK" },
		{ 204, "No Content" },
		{ 300, "Multiple Choices" },
		{ 304, "Not Modified" },
		{ 400, "Bad Request" },
		{ 404, "Not Found" },
		{ 405, "Method Not Allowed" },
		{ 406, "Not Acceptable" },
		{ 413, "Content Too Large" },
		{ 414, "URI Too Long" },
		{ 431, "Request Header Fields Too Large" },
		{ 500, "Internal Server Error" },
		{ 501, "Not Implemented" },
		{ 503, "Service Unavailable" },
		{ 299, "Unknown" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(r) / sizeof(*r); i++)
		check(strcmp(http_reason(r[i].status), r[i].reason) == 0,
		    "%u: '%s', not '%s'", r[i].status, http_reason(r[i].status),
		    r[i].reason);
}

static void
test_problem(void **state)
{
	struct reply rep = { .total = -1 };
	char long_detail[2000];
	struct buf b = { 0 };
	json_t *doc;

	(void)state;
	/* "ab" and 3-byte characters past 1,023 bytes: cut whole, at 1,022 */
	memcpy(long_detail, "ab", 2);
	for (size_t i = 2; i + 3 < sizeof(long_detail); i += 3)
		memcpy(long_detail + i, "\xe6\x96\x87", 3);
	long_detail[1502] = '\0';
	reply_problem(&rep, 406, "%s", long_detail);
	assert_non_null(doc = json_loadb(rep.body, rep.len, 0, NULL));
	check(rep.status == 406 &&
		strcmp(json_string_value(json_object_get(doc, "title")),
		    "Not Acceptable") == 0 &&
		strlen(json_string_value(json_object_get(doc, "detail"))) ==
		    1022,
	    "%s", rep.body);
	json_decref(doc);
	buf_puts(&b, "{}");
	reply_buf(&rep, 200, TYPE_JSON, &b);
	check(
	    rep.status == 200 && strcmp(rep.body, "{}") == 0 && b.data == NULL,
	    "reply_buf: %u %s", rep.status, rep.body);
	free(rep.body);
}

/* A rendition of a body of len bytes, each made by byte(i). */
static struct rendition *
made(size_t len, unsigned char (*byte)(size_t))
{
	struct reply rep = { .status = 200, .type = TYPE_JSON, .total = -1 };
	struct rendition *r;

	if (len > 0) {
		assert_non_null(rep.body = malloc(len));
		for (size_t i = 0; i < len; i++)
			rep.body[i] = (char)byte(i);
		rep.len = len;
	}
	assert_non_null(r = rendition_new(&rep, 1, "v1"));
	return r;
}

static unsigned char
repeated(size_t i)
{
	return (unsigned char)('a' + i % 3);
}

/* bytes no deflate can shrink: a linear congruential sequence's high
 * bytes (it wraps on purpose) */
WRAPS static unsigned char
noise(size_t i)
{
	uint64_t x = i * UINT64_C(6364136223846793005) + 1442695040888963407u;

	return (unsigned char)(x >> 56 ^ x >> 33);
}

static void
test_gzip_worth_it(void **state)
{
	struct rendition *small = made(511, repeated),
			 *big = made(4096, repeated);
	struct rendition *random = made(4096, noise), *none = made(0, repeated);
	const struct body *gz;

	(void)state;
	check(rendition_gzip(small) == NULL, "511 bytes are gzipped");
	check((gz = rendition_gzip(big)) != NULL && gz->len < 4096 &&
		rendition_gzip(big) == gz,
	    "4,096 repeated bytes are not gzipped once");
	check(rendition_gzip(random) == NULL, "noise is gzipped");
	check(rendition_gzip(none) == NULL && none->etag[0] == '\0',
	    "an empty reply has gzip or an ETag");
	check(strcmp(big->etag_gz, big->etag) != 0 &&
		strncmp(big->etag, "\"v1-", 4) == 0,
	    "ETags '%s' '%s'", big->etag, big->etag_gz);
	rendition_unref(small);
	rendition_unref(big);
	rendition_unref(random);
	rendition_unref(none);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_problem),
		cmocka_unit_test(test_gzip_worth_it),
	};

	return cmocka_run_group_tests_name("reply", tests, NULL, NULL);
}
