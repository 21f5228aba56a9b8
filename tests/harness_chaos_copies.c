/*
 * Copies of the real database for the tests of databases that lie and
 * of unusual ones that do not (tests/harness_chaos.h; the prefix is the
 * chaos tests', whose harness this file shares), and a text of the real
 * one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness.h"
#include "harness_chaos.h"

void
chaos_db_text(const char *sql, char *out, size_t cap)
{
	sqlite3 *db;
	sqlite3_stmt *st;

	assert_int_equal(
	    sqlite3_open_v2(harness_db(), &db, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
}

void
chaos_db_copy(const char *path)
{
	FILE *in = fopen(harness_db(), "rb"), *out = fopen(path, "wb");
	char chunk[65536];
	size_t n;

	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		assert_int_equal(fwrite(chunk, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}
