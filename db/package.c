/*
 * The SQL functions db/package.sql makes the data package with (db/mkdb.h):
 * each table as CSV, and the values of an enumeration. The descriptor,
 * its resources and their Table Schemas are SQL over the schema
 * (package.sql), so that a column added to a table is in the package
 * without anything written here.
 */
#include <string.h>

#include "mkdb.h"

/* Appends one CSV cell: as it is, or quoted (quotes doubled) when it holds
 * a comma, a quote, CR or LF (RFC 4180). */
static void
put_cell(sqlite3_str *out, const char *s, int len)
{
	if (s == NULL)
		return;
	if (strcspn(s, ",\"\r\n") >= (size_t)len) {
		sqlite3_str_append(out, s, len);
		return;
	}
	sqlite3_str_appendchar(out, 1, '"');
	for (int i = 0; i < len; i++) {
		if (s[i] == '"')
			sqlite3_str_appendchar(out, 1, '"');
		sqlite3_str_appendchar(out, 1, s[i]);
	}
	sqlite3_str_appendchar(out, 1, '"');
}

/* The ORDER BY of a table: its primary key's columns, in the key's order
 * (rowid for a table without one); NULL when out of memory. */
static char *
order_by(sqlite3 *db, const char *table)
{
	sqlite3_stmt *st = NULL;
	sqlite3_str *s = sqlite3_str_new(db);
	int n = 0;

	if (sqlite3_prepare_v2(db,
		"SELECT name FROM pragma_table_info(?1) WHERE pk > 0 "
		"ORDER BY pk",
		-1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW)
			sqlite3_str_appendf(s, "%s\"%w\"",
			    n++ ? ", " : " ORDER BY ",
			    (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	if (n == 0)
		sqlite3_str_appendall(s, " ORDER BY rowid");
	return sqlite3_str_finish(s);
}

static void
sql_table_csv(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	sqlite3 *db = sqlite3_context_db_handle(ctx);
	const char *table = (const char *)sqlite3_value_text(argv[0]);
	sqlite3_stmt *st = NULL;
	sqlite3_str *out = NULL;
	char *order = NULL, *sql = NULL, *csv;
	int cols, step;

	(void)argc;
	if (table == NULL || (order = order_by(db, table)) == NULL ||
	    (sql = sqlite3_mprintf(
		 "SELECT * FROM main.\"%w\"%s", table, order)) == NULL) {
		sqlite3_result_error(ctx, "table_csv: out of memory", -1);
		goto out;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		char *msg =
		    sqlite3_mprintf("table_csv: %s", sqlite3_errmsg(db));

		sqlite3_result_error(ctx, msg ? msg : "table_csv", -1);
		sqlite3_free(msg);
		goto out;
	}
	out = sqlite3_str_new(db);
	cols = sqlite3_column_count(st);
	for (int i = 0; i < cols; i++) {
		const char *name = sqlite3_column_name(st, i);

		if (i > 0)
			sqlite3_str_appendchar(out, 1, ',');
		put_cell(out, name, (int)strlen(name));
	}
	sqlite3_str_append(out, "\r\n", 2);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < cols; i++) {
			const char *v =
			    (const char *)sqlite3_column_text(st, i);

			if (i > 0)
				sqlite3_str_appendchar(out, 1, ',');
			put_cell(out, v, sqlite3_column_bytes(st, i));
		}
		sqlite3_str_append(out, "\r\n", 2);
	}
	if (step != SQLITE_DONE) {
		sqlite3_result_error(ctx, sqlite3_errmsg(db), -1);
		goto out;
	}
	if (sqlite3_str_errcode(out) != SQLITE_OK) {
		sqlite3_result_error_nomem(ctx);
		goto out;
	}
	csv = sqlite3_str_finish(out);
	out = NULL;
	if (csv == NULL) /* an empty table: its header alone is not empty */
		sqlite3_result_error_nomem(ctx);
	else
		sqlite3_result_text(ctx, csv, -1, sqlite3_free);
out:
	sqlite3_free(sqlite3_str_finish(out));
	sqlite3_finalize(st);
	sqlite3_free(sql);
	sqlite3_free(order);
}

/* enum_values(TABLE): the values of an enumeration table (value, position,
 * label), in order, as a JSON array of strings; an error when the table is
 * not one. */
static void
sql_enum_values(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	sqlite3 *db = sqlite3_context_db_handle(ctx);
	const char *table = (const char *)sqlite3_value_text(argv[0]);
	sqlite3_stmt *st = NULL;
	char *sql;

	(void)argc;
	if (table == NULL ||
	    (sql = sqlite3_mprintf("SELECT json_group_array(value) FROM "
				   "(SELECT value FROM main.\"%w\" ORDER BY "
				   "position)",
		 table)) == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		char *msg = sqlite3_mprintf("enum_values: %s is not an "
					    "enumeration (value, position): %s",
		    table, sqlite3_errmsg(db));

		sqlite3_result_error(ctx, msg ? msg : "enum_values", -1);
		sqlite3_free(msg);
	} else {
		sqlite3_result_text(ctx,
		    (const char *)sqlite3_column_text(st, 0), -1,
		    SQLITE_TRANSIENT);
	}
	sqlite3_finalize(st);
	sqlite3_free(sql);
}

int
package_functions(sqlite3 *db)
{
	int rc = sqlite3_create_function(
	    db, "table_csv", 1, SQLITE_UTF8, NULL, sql_table_csv, NULL, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "enum_values", 1, SQLITE_UTF8,
		    NULL, sql_enum_values, NULL, NULL);
	return rc;
}
