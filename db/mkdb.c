/*
 * aid-mkdb: builds the store from its readable files.
 *
 *   aid-mkdb OUT.db FILE.sql...
 *
 * Runs each SQL file in order inside one transaction with foreign keys on,
 * with three SQL functions the files may use: readfile(PATH), the text of a
 * file (as the sqlite3 shell has it), slug(TEXT) (db/text.c), and
 * json_canonical(TEXT), a JSON text as the server sends it (compact, by
 * jansson, keys in their order). Then it
 * checks foreign keys, records the dataset version (a hash of every table's
 * content) and the build time in `meta`, and moves the result to OUT.db.
 * Any error names the file and line and exits 1, leaving OUT.db untouched.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sqlite3.h>

#include "text.h"
#include "wraps.h"

static char *
read_file(const char *path, size_t *lenp)
{
	FILE *f;
	char *buf = NULL;
	long len;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0)
		goto out;
	if ((buf = malloc((size_t)len + 1)) == NULL)
		goto out;
	if (fread(buf, 1, (size_t)len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
		goto out;
	}
	buf[len] = '\0';
	if (lenp != NULL)
		*lenp = (size_t)len;
out:
	fclose(f);
	return buf;
}

static void
sql_readfile(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *path = (const char *)sqlite3_value_text(argv[0]);
	char *text;
	size_t len;

	(void)argc;
	if (path == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if ((text = read_file(path, &len)) == NULL) {
		char msg[512];

		snprintf(msg, sizeof(msg), "readfile: %s: %s", path,
		    strerror(errno));
		sqlite3_result_error(ctx, msg, -1);
		return;
	}
	sqlite3_result_text64(ctx, text, len, free, SQLITE_UTF8);
}

static void
sql_slug(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	char out[512];

	(void)argc;
	if (s == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if (slug_write(s, out, sizeof(out)) <= 0) {
		sqlite3_result_error(ctx, "slug: empty or too long", -1);
		return;
	}
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

static void
sql_json_canonical(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *text = (const char *)sqlite3_value_text(argv[0]);
	json_error_t jerr;
	json_t *doc;
	char *out;

	(void)argc;
	if (text == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if ((doc = json_loads(text, 0, &jerr)) == NULL) {
		char msg[256];

		snprintf(msg, sizeof(msg), "json_canonical: %s", jerr.text);
		sqlite3_result_error(ctx, msg, -1);
		return;
	}
	out = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	if (out == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_text(ctx, out, -1, free);
}

static int
line_of(const char *text, const char *at)
{
	int line = 1;

	for (; text < at; text++)
		if (*text == '\n')
			line++;
	return line;
}

/* Runs every statement of one file; prints "file:line: error" on failure. */
static int
run_file(sqlite3 *db, const char *path)
{
	char *text;
	const char *p, *tail;
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if ((text = read_file(path, NULL)) == NULL) {
		fprintf(stderr, "aid-mkdb: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (p = text; *p != '\0'; p = tail) {
		if (sqlite3_prepare_v2(db, p, -1, &st, &tail) != SQLITE_OK)
			goto fail;
		if (st == NULL)
			continue; /* only whitespace or comments left */
		while (sqlite3_step(st) == SQLITE_ROW)
			continue;
		if (sqlite3_finalize(st) != SQLITE_OK) {
			st = NULL;
			goto fail;
		}
		st = NULL;
	}
	rc = 0;
	goto out;
fail:
	for (;;) { /* point at the statement, past blanks and comments */
		p += strspn(p, " \t\r\n");
		if (strncmp(p, "--", 2) != 0)
			break;
		p += strcspn(p, "\n");
	}
	fprintf(stderr, "aid-mkdb: %s:%d: %s\n", path, line_of(text, p),
	    sqlite3_errmsg(db));
	sqlite3_finalize(st);
out:
	free(text);
	return rc;
}

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

/*
 * The dataset version: FNV-1a 64 over every value of every table except
 * meta and the search index's shadow tables, in table-name then primary-key
 * order, each value tagged with its type so that NULL, 1 and '1' differ.
 */
static int
dataset_version(sqlite3 *db, char out[17])
{
	sqlite3_stmt *tables = NULL, *rows = NULL;
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	int rc = -1;

	if (sqlite3_prepare_v2(db,
		"SELECT name FROM sqlite_schema WHERE type = 'table' "
		"AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search%' "
		"AND name <> 'meta' ORDER BY name",
		-1, &tables, NULL) != SQLITE_OK)
		goto out;
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", name);

		if (sql == NULL)
			goto out;
		h = fnv1a(h, name, strlen(name) + 1);
		if (sqlite3_prepare_v2(db, sql, -1, &rows, NULL) != SQLITE_OK) {
			sqlite3_free(sql);
			goto out;
		}
		sqlite3_free(sql);
		while (sqlite3_step(rows) == SQLITE_ROW) {
			for (int i = 0; i < sqlite3_column_count(rows); i++) {
				unsigned char type =
				    (unsigned char)sqlite3_column_type(rows, i);
				const void *v = sqlite3_column_blob(rows, i);
				size_t n =
				    (size_t)sqlite3_column_bytes(rows, i);

				h = fnv1a(h, &type, 1);
				if (v != NULL)
					h = fnv1a(h, v, n);
				h = fnv1a(h, "", 1);
			}
		}
		sqlite3_finalize(rows);
		rows = NULL;
	}
	snprintf(out, 17, "%016" PRIx64, h);
	rc = 0;
out:
	sqlite3_finalize(rows);
	sqlite3_finalize(tables);
	return rc;
}

static int
foreign_keys_ok(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int ok = 1;

	if (sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, NULL) !=
	    SQLITE_OK)
		return 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		fprintf(stderr,
		    "aid-mkdb: table %s row %lld refers to a "
		    "missing row of %s\n",
		    sqlite3_column_text(st, 0),
		    (long long)sqlite3_column_int64(st, 1),
		    sqlite3_column_text(st, 2));
		ok = 0;
	}
	sqlite3_finalize(st);
	return ok;
}

/* The build time: SOURCE_DATE_EPOCH when set (reproducible builds), else now.
 */
static long long
build_time(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long t;

	if (s != NULL && *s != '\0') {
		errno = 0;
		t = strtoll(s, &end, 10);
		if (errno == 0 && *end == '\0' && t >= 0)
			return t;
	}
	return (long long)time(NULL);
}

static int
write_meta(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	char version[17], built[32];
	int rc = -1;

	if (dataset_version(db, version) != 0)
		return -1;
	snprintf(built, sizeof(built), "%lld", build_time());
	if (sqlite3_prepare_v2(db,
		"INSERT INTO meta (key, value) VALUES "
		"('dataset_version', ?1), ('built_at', ?2)",
		-1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(st, 1, version, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, built, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto out;
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

int
main(int argc, char *argv[])
{
	sqlite3 *db = NULL;
	char tmp[4096];
	int rc = 1;

	if (argc < 3) {
		fprintf(stderr, "usage: aid-mkdb OUT.db FILE.sql...\n");
		return 2;
	}
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]) >=
	    sizeof(tmp)) {
		fprintf(stderr, "aid-mkdb: %s: path too long\n", argv[1]);
		return 2;
	}
	remove(tmp);
	if (sqlite3_open_v2(tmp, &db,
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		goto dberr;
	if (sqlite3_create_function(db, "readfile", 1, SQLITE_UTF8, NULL,
		sql_readfile, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "slug", 1,
		SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_slug, NULL,
		NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "json_canonical", 1,
		SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_json_canonical,
		NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db,
		"PRAGMA foreign_keys = ON; PRAGMA journal_mode = "
		"OFF; BEGIN",
		NULL, NULL, NULL) != SQLITE_OK)
		goto dberr;
	for (int i = 2; i < argc; i++)
		if (run_file(db, argv[i]) != 0)
			goto out;
	if (!foreign_keys_ok(db))
		goto out;
	if (write_meta(db) != 0 ||
	    sqlite3_exec(db, "COMMIT; ANALYZE; VACUUM", NULL, NULL, NULL) !=
		SQLITE_OK)
		goto dberr;
	if (sqlite3_close(db) != SQLITE_OK) {
		fprintf(stderr, "aid-mkdb: %s: cannot close\n", tmp);
		db = NULL;
		goto out;
	}
	db = NULL;
	if (rename(tmp, argv[1]) != 0) {
		fprintf(stderr, "aid-mkdb: %s: %s\n", argv[1], strerror(errno));
		goto out;
	}
	return 0;
dberr:
	fprintf(stderr, "aid-mkdb: %s: %s\n", tmp,
	    db != NULL ? sqlite3_errmsg(db) : "out of memory");
out:
	sqlite3_close(db);
	remove(tmp);
	return rc;
}
