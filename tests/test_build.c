/*
 * The build of the store (build/aid-mkdb, $AID_MKDB, with the files of
 * $AID_DATA, as the Makefile runs it): two builds of the same files and
 * date are the same bytes, and the same as the database under test (so
 * every document and date served is the same); the dataset version is a
 * hash of the files, changing with any of them and not with the date; the
 * date is SOURCE_DATE_EPOCH, required, never the time of the build.
 */
#include <errno.h>
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

static char mkdb[PATH_MAX], tmp[64], epoch[32];
static char *files[64];
static size_t nfiles;

/* Reads a whole file (malloc'd, *len its size), or NULL. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (b = malloc((size_t)n + 1)) != NULL &&
	    fread(b, 1, (size_t)n, f) == (size_t)n) {
		b[n] = '\0';
		*len = (size_t)n;
	} else {
		free(b);
		b = NULL;
	}
	fclose(f);
	return b;
}

/* Runs aid-mkdb in dir (the checkout, or a copy of its files), writing
 * out, with SOURCE_DATE_EPOCH date (unset when NULL). Returns its exit
 * status; its standard error in err. */
static int
run_mkdb(const char *dir, const char *out, const char *date, char *err,
    size_t errlen)
{
	char log[128];
	pid_t pid;
	int status;
	size_t len;
	char *text;

	snprintf(log, sizeof(log), "%s/mkdb.log", tmp);
	if ((pid = fork()) == 0) {
		char *argv[70];
		size_t n = 0;

		if (chdir(dir) != 0 || freopen(log, "w", stderr) == NULL)
			_exit(127);
		if (date != NULL)
			setenv("SOURCE_DATE_EPOCH", date, 1);
		else
			unsetenv("SOURCE_DATE_EPOCH");
		argv[n++] = mkdb;
		argv[n++] = (char *)(uintptr_t)out;
		for (size_t i = 0; i < nfiles; i++)
			argv[n++] = files[i];
		argv[n] = NULL;
		execv(mkdb, argv);
		_exit(127);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	text = slurp(log, &len);
	snprintf(err, errlen, "%s", text != NULL ? text : "");
	free(text);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A meta value of the database at path (a new string). */
static char *
meta(const char *path, const char *key)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *v = NULL;

	assert_int_equal(
	    sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(
		db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_non_null(v);
	return v;
}

static int
same_bytes(const char *a, const char *b)
{
	size_t la, lb;
	char *x = slurp(a, &la), *y = slurp(b, &lb);
	int same = x != NULL && y != NULL && la == lb && memcmp(x, y, la) == 0;

	free(x);
	free(y);
	return same;
}

/* Two builds of the same files with the same date: the same bytes, and
 * those of the database under test, which make built from these files. */
static void
test_two_builds_are_the_same_bytes(void **state)
{
	char a[128], b[128], err[1024];

	(void)state;
	snprintf(a, sizeof(a), "%s/a.db", tmp);
	snprintf(b, sizeof(b), "%s/b.db", tmp);
	check(run_mkdb(".", a, epoch, err, sizeof(err)) == 0, "%s", err);
	check(run_mkdb(".", b, epoch, err, sizeof(err)) == 0, "%s", err);
	check(same_bytes(a, b), "two builds of the same files differ");
	check(same_bytes(a, harness_db()),
	    "a build differs from %s, built by make from the same files",
	    harness_db());
}

/* Copies the data files (and the article) into dir, keeping their paths. */
static void
copy_files(const char *dir)
{
	const char *more[] = { "db/source/shanghai-yunnan-partner-aid.txt" };

	for (size_t i = 0; i < nfiles + 1; i++) {
		const char *f = i < nfiles ? files[i] : more[0];
		char path[512], *p, *bytes;
		size_t len;
		FILE *out;

		snprintf(path, sizeof(path), "%s/%s", dir, f);
		for (p = strchr(path + strlen(dir) + 1, '/'); p != NULL;
		     p = strchr(p + 1, '/')) {
			*p = '\0';
			mkdir(path, 0700);
			*p = '/';
		}
		assert_non_null(bytes = slurp(f, &len));
		assert_non_null(out = fopen(path, "wb"));
		assert_int_equal(fwrite(bytes, 1, len, out), len);
		fclose(out);
		free(bytes);
	}
}

/* The version is of the files: one byte more in a data file's comment
 * changes it, and not the date; another date changes the date alone. */
static void
test_version_follows_the_files(void **state)
{
	char dir[128], changed[128], later[128], err[1024], *p;
	const char *victim = NULL;
	char *v0 = meta(harness_db(), "dataset_version");
	char *d0 = meta(harness_db(), "built_at");
	char *v1, *d1, *v2, *d2, next[32];
	FILE *f;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/copy", tmp);
	mkdir(dir, 0700);
	copy_files(dir);
	for (size_t i = 0; i < nfiles; i++)
		if (strstr(files[i], "db/data/") != NULL)
			victim = files[i];
	assert_non_null(victim);
	assert_true(snprintf(changed, sizeof(changed), "%s/%s", dir, victim) <
	    (int)sizeof(changed));
	assert_non_null(f = fopen(changed, "a"));
	fputs("-- one more comment\n", f);
	fclose(f);
	snprintf(changed, sizeof(changed), "%s/changed.db", tmp);
	check(run_mkdb(dir, changed, epoch, err, sizeof(err)) == 0, "%s", err);
	v1 = meta(changed, "dataset_version");
	d1 = meta(changed, "built_at");
	check(strcmp(v1, v0) != 0, "a changed %s kept the version %s", victim,
	    v0);
	check(strcmp(d1, d0) == 0, "a changed file changed the date");
	snprintf(next, sizeof(next), "%lld", atoll(epoch) + 86400);
	snprintf(later, sizeof(later), "%s/later.db", tmp);
	check(run_mkdb(".", later, next, err, sizeof(err)) == 0, "%s", err);
	v2 = meta(later, "dataset_version");
	d2 = meta(later, "built_at");
	check(strcmp(v2, v0) == 0 && strcmp(d2, next) == 0,
	    "another date gave version %s (not %s) and built_at %s (not %s)",
	    v2, v0, d2, next);
	p = meta(later, "data_modified");
	check(strlen(p) == 20 && p[10] == 'T', "data_modified is %s", p);
	free(p);
	free(v0);
	free(d0);
	free(v1);
	free(d1);
	free(v2);
	free(d2);
}

/* Without a date, or with one that is no number, the build refuses,
 * naming SOURCE_DATE_EPOCH, and writes nothing. */
static void
test_date_is_required(void **state)
{
	static const char *const bad[] = { NULL, "", "yesterday", "-5", "12x",
		" 5", "+5", "99999999999999999999", "253402300800" };
	char out[128], err[1024];

	(void)state;
	snprintf(out, sizeof(out), "%s/none.db", tmp);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = run_mkdb(".", out, bad[i], err, sizeof(err));

		check(rc == 2 && strstr(err, "SOURCE_DATE_EPOCH") != NULL,
		    "SOURCE_DATE_EPOCH=%s: exit %d, said: %s",
		    bad[i] != NULL ? bad[i] : "(unset)", rc, err);
		check(access(out, F_OK) != 0, "SOURCE_DATE_EPOCH=%s wrote %s",
		    bad[i] != NULL ? bad[i] : "(unset)", out);
	}
}

static int
setup(void **state)
{
	const char *bin = getenv("AID_MKDB"), *data = getenv("AID_DATA");
	char *list, *tok, *save = NULL, *d;

	(void)state;
	if (bin == NULL || data == NULL || realpath(bin, mkdb) == NULL) {
		fprintf(stderr,
		    "test_build: set AID_MKDB and AID_DATA (make test "
		    "does)\n");
		return -1;
	}
	if ((list = strdup(data)) == NULL)
		return -1;
	for (tok = strtok_r(list, " ", &save); tok != NULL && nfiles < 63;
	     tok = strtok_r(NULL, " ", &save))
		files[nfiles++] = strdup(tok);
	free(list);
	snprintf(tmp, sizeof(tmp), "/tmp/aid-build-XXXXXX");
	if (mkdtemp(tmp) == NULL)
		return -1;
	d = meta(harness_db(), "built_at");
	snprintf(epoch, sizeof(epoch), "%s", d);
	free(d);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < nfiles; i++)
		free(files[i]);
	return harness_rmtree(tmp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_builds_are_the_same_bytes),
		cmocka_unit_test(test_version_follows_the_files),
		cmocka_unit_test(test_date_is_required),
	};

	return cmocka_run_group_tests_name("build", tests, setup, teardown);
}
