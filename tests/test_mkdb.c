/*
 * aid-mkdb ($AID_MKDB, else build/aid-mkdb) on files of the test's own:
 * the SQL functions the data files use do what db/mkdb.c says (readfile,
 * slug, han_spaced, json_canonical, table_csv, enum_values,
 * dataset_version, data_date) and the meta table is written; and every way
 * a build can go wrong (no date, a date that is none, a file missing, an
 * SQL error, a function given what it cannot take, a foreign key that
 * points nowhere, a file read after the version was taken, no meta table,
 * an output it cannot write) exits non-zero with one line saying where,
 * leaving no output behind.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness.h"

static char dir[] = "/tmp/aid-mkdb-XXXXXX";

/* The meta table every build writes into. */
#define META "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"

static const char *
mkdb(void)
{
	const char *m = getenv("AID_MKDB");

	return m != NULL && *m != '\0' ? m : "build/aid-mkdb";
}

/* dir/name, in one of 32 buffers used in turn. */
static const char *
in_dir(const char *name)
{
	static char paths[32][PATH_MAX];
	static int next;
	char *p = paths[next++ % 32];

	snprintf(p, PATH_MAX, "%s/%s", dir, name);
	return p;
}

/* Writes text to dir/name; returns its path. */
static const char *
put_file(const char *name, const char *text)
{
	const char *path = in_dir(name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return path;
}

/*
 * Runs aid-mkdb in dir with args (NULL-terminated) and SOURCE_DATE_EPOCH
 * date (NULL: unset). Returns its exit status (-1: a signal); what it said
 * on stderr into said (malloc'd).
 */
static int
run(const char *date, char **said, const char *const *args)
{
	int err[2], status;
	pid_t pid;
	struct buf b = { 0 };
	char chunk[1024];
	ssize_t n;

	assert_int_equal(pipe(err), 0);
	assert_true((pid = fork()) >= 0);
	if (pid == 0) {
		const char *argv[16];
		size_t k = 0;

		dup2(err[1], 2);
		close(err[0]);
		if (date != NULL)
			setenv("SOURCE_DATE_EPOCH", date, 1);
		else
			unsetenv("SOURCE_DATE_EPOCH");
		argv[k++] = mkdb();
		for (; args[k - 1] != NULL && k < 15; k++)
			argv[k] = args[k - 1];
		argv[k] = NULL;
		execv(argv[0], (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	close(err[1]);
	while ((n = read(err[0], chunk, sizeof(chunk))) > 0)
		buf_putn(&b, chunk, (size_t)n);
	close(err[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	*said = buf_finish(&b);
	assert_non_null(*said);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Expects aid-mkdb OUT FILE... to exit rc with one line holding want, and
 * neither OUT nor its temporary file left. */
static void
expect_fails(
    const char *date, int rc, const char *want, const char *const *args)
{
	char *said, tmp[PATH_MAX + 8];
	int got = run(date, &said, args);
	const char *nl = strchr(said, '\n');
	struct stat sb;

	if (got != rc || nl == NULL || nl[1] != '\0' ||
	    strstr(said, want) == NULL)
		fail_msg("want exit %d and one line with '%s'; got %d: %s", rc,
		    want, got, said);
	if (args[0] != NULL) {
		snprintf(tmp, sizeof(tmp), "%s.tmp", args[0]);
		check(stat(tmp, &sb) != 0, "%s is left behind", tmp);
	}
	free(said);
}

/* One text of the database at path: the first column of sql's first row
 * (a new string, NULL for NULL). */
static char *
value(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *v = NULL;

	assert_int_equal(
	    sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	if (sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void
expect_text(const char *path, const char *sql, const char *want)
{
	char *v = value(path, sql);

	check(want == NULL ? v == NULL : v != NULL && strcmp(v, want) == 0,
	    "%s: '%s', not '%s'", sql, v != NULL ? v : "NULL",
	    want != NULL ? want : "NULL");
	free(v);
}

/* The functions the data files use, and meta. */
static void
test_functions(void **state)
{
	const char *text = put_file("text.txt", "a file\n");
	const char *out = in_dir("out.db");
	const char *sql = put_file("f.sql",
	    META
	    "CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT);\n"
	    "INSERT INTO t VALUES ('a', 'plain'), ('b', 'a, \"quoted\""
	    "\nvalue'), ('c', NULL);\n"
	    "CREATE TABLE sides (value TEXT PRIMARY KEY, position "
	    "INTEGER);\n"
	    "INSERT INTO sides VALUES ('two', 2), ('one', 1);\n"
	    "CREATE TABLE r AS SELECT readfile('text.txt') AS file,\n"
	    "  slug('Pu''er City') AS s1, slug('W\xc3\xa9nsh\xc4\x81n') "
	    "AS s2,\n"
	    "  han_spaced('in \xe6\x96\x87\xe5\xb1\xb1, here') AS han,\n"
	    "  han_spaced('x\xe6\x96\x87' || CAST(x'ff' AS TEXT)) AS han2,\n"
	    "  json_canonical('{ \"b\": 1, \"a\": [ true, null ] }') AS "
	    "js,\n"
	    "  table_csv('t') AS csv, enum_values('sides') AS e,\n"
	    "  slug(NULL) AS n1, han_spaced(NULL) AS n2,\n"
	    "  json_canonical(NULL) AS n3, readfile(NULL) AS n4,\n"
	    "  data_date() AS date, dataset_version() AS version;\n"
	    "-- the last statement is done; a comment ends the file\n");
	const char *args[] = { out, sql, NULL };
	char *said, *version;
	int rc;

	(void)state;
	(void)text;
	rc = run("1517529600", &said, args);
	check(rc == 0, "aid-mkdb: %s", said);
	free(said);
	expect_text(out, "SELECT file FROM r", "a file\n");
	expect_text(out, "SELECT s1 FROM r", "puer-city");
	expect_text(out, "SELECT s2 FROM r", "wenshan");
	expect_text(
	    out, "SELECT han FROM r", "in \xe6\x96\x87 \xe5\xb1\xb1 , here");
	expect_text(out, "SELECT han2 FROM r", "x \xe6\x96\x87 \xff");
	expect_text(out, "SELECT js FROM r", "{\"b\":1,\"a\":[true,null]}");
	expect_text(out, "SELECT csv FROM r",
	    "k,v\r\na,plain\r\nb,\"a, \"\"quoted\"\"\nvalue\"\r\nc,\r\n");
	expect_text(out, "SELECT e FROM r", "[\"one\",\"two\"]");
	expect_text(out, "SELECT coalesce(n1, n2, n3, n4) FROM r", NULL);
	expect_text(out, "SELECT date FROM r", "2018-02-02T00:00:00Z");
	expect_text(
	    out, "SELECT value FROM meta WHERE key = 'built_at'", "1517529600");
	expect_text(out, "SELECT value FROM meta WHERE key = 'data_modified'",
	    "2018-02-02T00:00:00Z");
	/* the version SQL took is the one recorded: no file read after */
	version = value(out, "SELECT version FROM r");
	assert_non_null(version);
	check(strlen(version) == 16, "version '%s'", version);
	expect_text(out, "SELECT value FROM meta WHERE key = 'dataset_version'",
	    version);
	free(version);
}

/* The date: needed, and a number of seconds. */
static void
test_date(void **state)
{
	const char *sql = put_file("ok.sql", META);
	const char *args[] = { in_dir("date.db"), sql, NULL };
	const char *usage[] = { in_dir("usage.db"), NULL };

	(void)state;
	expect_fails("1517529600", 2, "usage: aid-mkdb", usage);
	expect_fails(NULL, 2, "SOURCE_DATE_EPOCH is not set", args);
	expect_fails("", 2, "SOURCE_DATE_EPOCH is not set", args);
	expect_fails("soon", 2, "'soon' is not a number", args);
	expect_fails("-1", 2, "'-1' is not a number", args);
	expect_fails("99999999999999", 2, "before the year 10000", args);
}

/* Each way a build fails names the file and line, or what failed. */
static void
test_failures(void **state)
{
	char longer[PATH_MAX + 16], want[PATH_MAX + 64];
	const char *ok = put_file("ok.sql", META);
	const char *bad = put_file("bad.sql",
	    META "CREATE TABLE t (x);\n-- a comment\n\n  SELEC 1;\n");
	const char *nofile = put_file(
	    "nofile.sql", META "SELECT readfile('no-such-file.txt');\n");
	const char *slug = put_file("slug.sql", META "SELECT slug('--');\n");
	const char *readdir_ =
	    put_file("readdir.sql", META "SELECT readfile('.');\n");
	const char *json =
	    put_file("json.sql", META "SELECT json_canonical('{\"a\":');\n");
	const char *csv =
	    put_file("csv.sql", META "SELECT table_csv('no_such_table');\n");
	const char *enums =
	    put_file("enum.sql", META "SELECT enum_values('meta');\n");
	const char *fk = put_file("fk.sql",
	    META "CREATE TABLE p (id TEXT PRIMARY KEY);\n"
		 "CREATE TABLE c (p TEXT REFERENCES p (id) DEFERRABLE "
		 "INITIALLY DEFERRED);\n"
		 "INSERT INTO c VALUES ('nobody');\n");
	const char *late =
	    put_file("late.sql", META "SELECT dataset_version();\n");
	const char *nometa = put_file("nometa.sql", "SELECT 1;\n");
	const char *more = put_file("more.sql", "SELECT 2;\n");
	const char *out = in_dir("out.db");

	(void)state;
	memset(longer, 'x', sizeof(longer) - 1);
	longer[0] = '/';
	longer[sizeof(longer) - 1] = '\0';
	expect_fails(
	    "1", 2, "path too long", (const char *[]){ longer, ok, NULL });
	expect_fails("1", 1, "no-such-dir/out.db.tmp",
	    (const char *[]){ in_dir("no-such-dir/out.db"), ok, NULL });
	snprintf(want, sizeof(want), "%s: No such file", in_dir("none.sql"));
	expect_fails(
	    "1", 1, want, (const char *[]){ out, in_dir("none.sql"), NULL });
	snprintf(want, sizeof(want), "%s:5: near \"SELEC\"", bad);
	expect_fails("1", 1, want, (const char *[]){ out, bad, NULL });
	expect_fails("1", 1, "readfile: no-such-file.txt: No such file",
	    (const char *[]){ out, nofile, NULL });
	expect_fails("1", 1, "readfile: .: Is a directory",
	    (const char *[]){ out, readdir_, NULL });
	expect_fails("1", 1, "slug: empty or too long",
	    (const char *[]){ out, slug, NULL });
	expect_fails(
	    "1", 1, "json_canonical: ", (const char *[]){ out, json, NULL });
	expect_fails("1", 1, "table_csv: no such table",
	    (const char *[]){ out, csv, NULL });
	expect_fails("1", 1, "enum_values: meta is not an enumeration",
	    (const char *[]){ out, enums, NULL });
	expect_fails("1", 1, "table c row 1 refers to a missing row of p",
	    (const char *[]){ out, fk, NULL });
	expect_fails("1", 1, "a file was read after dataset_version()",
	    (const char *[]){ out, late, more, NULL });
	expect_fails("1", 1, "meta: no such table: meta",
	    (const char *[]){ out, nometa, NULL });
	/* the output cannot take the place of a directory */
	assert_int_equal(mkdir(in_dir("a-dir.db"), 0700), 0);
	expect_fails("1", 1,
	    "a-dir.db: ", (const char *[]){ in_dir("a-dir.db"), ok, NULL });
	rmdir(in_dir("a-dir.db"));
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) != NULL && chdir(dir) == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	return harness_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_functions),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_failures),
	};
	char *m = realpath(mkdb(), NULL);

	/* the tests run in their own directory: the program's full path */
	if (m == NULL) {
		fprintf(stderr, "no %s\n", mkdb());
		return 1;
	}
	setenv("AID_MKDB", m, 1);
	free(m);
	return cmocka_run_group_tests_name("mkdb", tests, setup, teardown);
}
