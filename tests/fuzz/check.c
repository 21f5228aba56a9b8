/*
 * What both fuzz targets check of an answer, and how they fail.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <zlib.h>

#include "../../server/internal.h"
#include "check.h"

void
fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

const char *
problem_why_not(unsigned int status, const char *body, size_t len)
{
	json_t *doc = json_loadb(body, len, 0, NULL), *st;
	const char *why = NULL;

	st = json_object_get(doc, "status");
	if (!json_is_object(doc))
		why = "the body is not a JSON object";
	else if (!json_is_string(json_object_get(doc, "type")) ||
	    !json_is_string(json_object_get(doc, "title")) ||
	    !json_is_string(json_object_get(doc, "detail")))
		why = "type, title or detail is not a string";
	else if (!json_is_integer(st) ||
	    json_integer_value(st) != (json_int_t)status)
		why = "its status is not the HTTP status";
	json_decref(doc);
	return why;
}

int
json_parses(const char *body, size_t len)
{
	json_t *doc = json_loadb(body, len, 0, NULL);

	json_decref(doc);
	return doc != NULL;
}

char *
gunzip(const char *gz, size_t len, size_t *out)
{
	z_stream z;
	size_t cap = 4 * len + 1024;
	char *buf = malloc(cap), *more;
	int rc = Z_OK;

	memset(&z, 0, sizeof(z));
	if (buf == NULL || inflateInit2(&z, 15 + 16) != Z_OK)
		fuzz_fail("cannot inflate");
	z.next_in = (Bytef *)(uintptr_t)gz;
	z.avail_in = (uInt)len;
	while (rc == Z_OK) {
		if (z.total_out == cap) {
			if ((more = realloc(buf, cap * 2)) == NULL)
				fuzz_fail("out of memory");
			buf = more;
			cap *= 2;
		}
		z.next_out = (Bytef *)buf + z.total_out;
		z.avail_out = (uInt)(cap - z.total_out);
		rc = inflate(&z, Z_NO_FLUSH);
	}
	*out = z.total_out;
	inflateEnd(&z);
	if (rc != Z_STREAM_END || z.avail_in != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

void
fuzz_config(struct config *cfg)
{
	char name[] = "aid-api", *args[] = { name, NULL };
	const char *db = getenv("AID_DB");

	unsetenv("PORT");
	unsetenv("BIND");
	if (config_parse(cfg, 1, args) != 0)
		fuzz_fail("the configuration of the environment is refused");
	cfg->db = db != NULL && *db != '\0' ? db : "build/aid.db";
	cfg->cache_bytes = 256 * 1024; /* a few bodies: the cache evicts */
	cfg->cors_origin = "https://app.example,http://localhost:3000";
}
