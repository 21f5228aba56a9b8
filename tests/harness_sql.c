/*
 * SQL oracles (harness_sql.h): the expectations of the resource tests,
 * read from the database directly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness_api.h"
#include "harness_ids.h"
#include "harness_sql.h"

/* The query fmt formats, prepared on api_db; fails the test when it does
 * not prepare. */
static sqlite3_stmt *
sql_prepare(const char *fmt, va_list ap)
{
	char *sql = sqlite3_vmprintf(fmt, ap);
	sqlite3_stmt *st = NULL;

	assert_non_null(sql);
	if (sqlite3_prepare_v2(api_db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("SQL %s: %s", sql, sqlite3_errmsg(api_db));
	sqlite3_free(sql);
	return st;
}

char *
sql_ids(const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	const char **v = NULL;
	size_t n = 0;
	char *s;

	va_start(ap, fmt);
	st = sql_prepare(fmt, ap);
	va_end(ap);
	while (sqlite3_step(st) == SQLITE_ROW) {
		v = realloc(v, (n + 1) * sizeof(*v));
		assert_non_null(v);
		v[n] = strdup((const char *)sqlite3_column_text(st, 0));
		assert_non_null(v[n]);
		n++;
	}
	sqlite3_finalize(st);
	s = ids_join(v, n, 1);
	for (size_t i = 0; i < n; i++)
		free((void *)(uintptr_t)v[i]);
	free(v);
	assert_non_null(s);
	return s;
}

char *
sql_text(const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	st = sql_prepare(fmt, ap);
	va_end(ap);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_text(st, 0) != NULL)
		s = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return s;
}

char *
sql_value(const char *sql)
{
	char *s = sql_text("%s", sql);

	check(s != NULL, "SQL %s: no value", sql);
	assert_non_null(s);
	return s;
}

long long
sql_count(const char *table)
{
	char *s = sql_text("SELECT count(*) FROM \"%w\"", table);
	long long n;

	assert_non_null(s);
	n = atoll(s);
	free(s);
	return n;
}
