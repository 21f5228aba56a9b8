#ifndef AID_DB_MKDB_H
#define AID_DB_MKDB_H

/*
 * What aid-mkdb's files share: the dataset's version and date
 * (db/version.c) and the SQL functions that make the data package
 * (db/package.c). Nothing here is in the server.
 */

#include <stddef.h>

#include <sqlite3.h>

/*
 * The dataset version is FNV-1a 64 over every file the build reads, in the
 * order it reads them (each SQL file given, each file readfile() reads):
 * the file's path, a NUL, its bytes, a NUL. version_add counts one file in.
 */
void version_add(const char *path, const char *bytes, size_t len);

/*
 * The version as 16 hexadecimal digits into out. Returns 0, or -1 when a
 * file was counted after SQL took the version (dataset_version()), which
 * would then not be the version of what was built.
 */
int version_final(char out[17]);

/*
 * The data's date, from SOURCE_DATE_EPOCH (seconds since 1970, UTC): when
 * the data last changed, never the time of the build. Returns 0 and sets
 * *t, or -1 with a one-line reason on stderr when it is unset or not a
 * number.
 */
int version_date(long long *t);

/*
 * Registers dataset_version() (the version of every file read so far; the
 * files after must not change it) and data_date() (the data's date as
 * 2018-02-02T00:00:00Z) on db. SQLITE_OK or an error code.
 */
int version_functions(sqlite3 *db);

/*
 * Registers the functions package.sql uses on db: table_csv(TABLE), the
 * table as CSV (RFC 4180: a header of its column names, then its rows by
 * primary key, lines ending in CRLF, NULL as an empty cell, values as
 * SQLite gives their text); enum_values(TABLE), the values of an
 * enumeration table (value, position) in order, as a JSON array.
 * SQLITE_OK or an error code.
 */
int package_functions(sqlite3 *db);

#endif
