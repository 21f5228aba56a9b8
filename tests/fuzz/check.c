/*
 * What both fuzz targets check of an answer, and how they fail.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

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
