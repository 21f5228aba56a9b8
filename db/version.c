/*
 * The dataset's version and date, for aid-mkdb (db/mkdb.h).
 *
 * The version is a hash of the files the data is made of, not of the
 * database: two builds of one commit give one version, and any change to
 * a data file, the schema or the article gives another. The date is when
 * the data last changed (SOURCE_DATE_EPOCH, which the Makefile sets from
 * the newest commit of those files), so that two builds of one commit are
 * the same bytes.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "mkdb.h"
#include "wraps.h"

static uint64_t hash = UINT64_C(0xcbf29ce484222325);
static int taken; /* SQL read the version */
static int late;  /* a file was counted after that */

WRAPS static uint64_t
fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

void
version_add(const char *path, const char *bytes, size_t len)
{
	size_t plen = 0;

	while (path[plen] != '\0')
		plen++;
	hash = fnv1a(hash, path, plen + 1);
	hash = fnv1a(hash, bytes, len);
	hash = fnv1a(hash, "", 1);
	late |= taken;
}

int
version_final(char out[17])
{
	snprintf(out, 17, "%016" PRIx64, hash);
	return late ? -1 : 0;
}

int
version_date(long long *t)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;

	if (s == NULL || *s == '\0') {
		fprintf(stderr,
		    "aid-mkdb: SOURCE_DATE_EPOCH is not set: it is the date "
		    "the data last changed (make sets it from git log -1 "
		    "--format=%%ct of the data files; without .git, pass "
		    "it)\n");
		return -1;
	}
	errno = 0;
	*t = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || *t < 0 || *s < '0' || *s > '9' ||
	    *t > 253402300799LL) {
		fprintf(stderr,
		    "aid-mkdb: SOURCE_DATE_EPOCH '%s' is not a number of "
		    "seconds since 1970 (before the year 10000)\n",
		    s);
		return -1;
	}
	return 0;
}

static void
sql_dataset_version(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char v[17];

	(void)argc;
	(void)argv;
	taken = 1;
	version_final(v);
	sqlite3_result_text(ctx, v, -1, SQLITE_TRANSIENT);
}

static void
sql_data_date(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	long long t;
	time_t tt;
	struct tm tm;
	char out[32];

	(void)argc;
	(void)argv;
	if (version_date(&t) != 0) {
		sqlite3_result_error(
		    ctx, "data_date: no SOURCE_DATE_EPOCH", -1);
		return;
	}
	tt = (time_t)t;
	gmtime_r(&tt, &tm);
	strftime(out, sizeof(out), "%Y-%m-%dT%H:%M:%SZ", &tm);
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

int
version_functions(sqlite3 *db)
{
	int rc = sqlite3_create_function(db, "dataset_version", 0, SQLITE_UTF8,
	    NULL, sql_dataset_version, NULL, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "data_date", 0, SQLITE_UTF8,
		    NULL, sql_data_date, NULL, NULL);
	return rc;
}
