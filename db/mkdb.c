/*
 * aid-mkdb: builds the store from its readable files.
 *
 *   aid-mkdb OUT.db FILE.sql...
 *
 * Runs each SQL file in order inside one transaction with foreign keys on,
 * with SQL functions the files may use: readfile(PATH), the text of a
 * file (as the sqlite3 shell has it), slug(TEXT) (db/text.c),
 * han_spaced(TEXT), the text with a space on each side of every Han
 * character (the search index holds them one by one), json_canonical(TEXT),
 * a JSON text as the server sends it (compact, by jansson, keys in their
 * order), dataset_version() and data_date() (db/version.c), and those of
 * the data package (db/package.c). Then it checks foreign keys, records in
 * `meta` the dataset version (a hash of every file read) and the data's
 * date (SOURCE_DATE_EPOCH, required), and moves the result to OUT.db.
 * Any error names the file and line and exits 1, leaving OUT.db untouched.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include <jansson.h>
#include <sqlite3.h>

#include "mkdb.h"
#include "text.h"

static char *
read_file(const char *path, size_t *lenp)
{
	FILE *f;
	char *buf = NULL;
	struct stat sb;
	long len;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	/* a directory opens, and its length would be 2^63 - 1 */
	if (fstat(fileno(f), &sb) != 0)
		goto out;
	if (!S_ISREG(sb.st_mode)) {
		errno = S_ISDIR(sb.st_mode) ? EISDIR : EINVAL;
		goto out;
	}
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
	version_add(path, text, len);
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
sql_han_spaced(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	size_t len = (size_t)sqlite3_value_bytes(argv[0]), n = 0;
	char *out;

	(void)argc;
	if (s == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if ((out = sqlite3_malloc64(3 * (sqlite3_uint64)len + 1)) == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	for (size_t i = 0, k; i < len; i += k) {
		unsigned long cp;
		int han;

		if ((k = utf8_next(s + i, len - i, &cp)) == 0)
			k = 1;
		han = k > 1 && han_char(cp);
		if (han && n > 0 && out[n - 1] != ' ')
			out[n++] = ' ';
		memcpy(out + n, s + i, k);
		n += k;
		if (han && i + k < len)
			out[n++] = ' ';
	}
	sqlite3_result_text64(ctx, out, n, sqlite3_free, SQLITE_UTF8);
}

/* json_dump_callback's writer: into an sqlite3_str, whose error stays set
 * (jansson goes on past a failed write of an object's key). */
static int
put_json(const char *s, size_t n, void *arg)
{
	sqlite3_str_append(arg, s, (int)n);
	return sqlite3_str_errcode(arg) == SQLITE_OK ? 0 : -1;
}

static void
sql_json_canonical(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *text = (const char *)sqlite3_value_text(argv[0]);
	json_error_t jerr;
	json_t *doc;
	sqlite3_str *out;
	int rc, len;

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
	out = sqlite3_str_new(NULL);
	rc = json_dump_callback(doc, put_json, out, JSON_COMPACT);
	json_decref(doc);
	if (rc != 0 || sqlite3_str_errcode(out) != SQLITE_OK) {
		sqlite3_free(sqlite3_str_finish(out));
		sqlite3_result_error_nomem(ctx);
		return;
	}
	len = sqlite3_str_length(out);
	sqlite3_result_text(ctx, sqlite3_str_finish(out), len, sqlite3_free);
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
	size_t len;
	int rc = -1;

	if ((text = read_file(path, &len)) == NULL) {
		fprintf(stderr, "aid-mkdb: %s: %s\n", path, strerror(errno));
		return -1;
	}
	version_add(path, text, len);
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

/* The meta table: the dataset version, and the data's date (when the data
 * last changed) in seconds as built_at (the name the server reads) and as
 * an ISO 8601 date-time as data_modified. */
static int
write_meta(sqlite3 *db, long long date)
{
	sqlite3_stmt *st = NULL;
	char version[17], epoch[32], iso[32];
	time_t t = (time_t)date;
	struct tm tm;
	int rc = -1;

	if (version_final(version) != 0) {
		fprintf(stderr,
		    "aid-mkdb: a file was read after dataset_version() was "
		    "called: call it in the last file\n");
		return -1;
	}
	snprintf(epoch, sizeof(epoch), "%lld", date);
	gmtime_r(&t, &tm);
	strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (sqlite3_prepare_v2(db,
		"INSERT INTO meta (key, value) VALUES "
		"('dataset_version', ?1), ('built_at', ?2), "
		"('data_modified', ?3)",
		-1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(st, 1, version, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, epoch, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, iso, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "aid-mkdb: meta: %s\n", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc;
}

int
main(int argc, char *argv[])
{
	sqlite3 *db = NULL;
	char tmp[4096];
	long long date;
	int rc = 1;

	if (argc < 3) {
		fprintf(stderr, "usage: aid-mkdb OUT.db FILE.sql...\n");
		return 2;
	}
	if (version_date(&date) != 0)
		return 2;
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
	    sqlite3_create_function(db, "han_spaced", 1,
		SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_han_spaced, NULL,
		NULL) != SQLITE_OK ||
	    version_functions(db) != SQLITE_OK ||
	    package_functions(db) != SQLITE_OK ||
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
	if (write_meta(db, date) != 0)
		goto out;
	if (sqlite3_exec(db, "COMMIT; ANALYZE; VACUUM", NULL, NULL, NULL) !=
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
