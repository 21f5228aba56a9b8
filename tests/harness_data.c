/*
 * The data guards' fixture, guard and helpers (harness_data.h): one way to
 * open the data, run a check over rows and give its verdict.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness_data.h"
#include "harness_text.h"

void *
data_realloc(void *p, size_t n, size_t size)
{
	void *np;

	if (size != 0 && n > SIZE_MAX / size)
		goto oom;
	if ((np = realloc(p, n * size == 0 ? 1 : n * size)) == NULL)
		goto oom;
	return np;
oom:
	fputs("data guards: out of memory\n", stderr);
	abort();
}

void *
data_grow(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap == 0 ? 16 : *cap * 2;
	return data_realloc(v, *cap, size);
}

char *
data_strdup(const char *s)
{
	size_t n = strlen(s);
	char *p = data_realloc(NULL, n + 1, 1);

	memcpy(p, s, n + 1);
	return p;
}

sqlite3_stmt *
data_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		print_error(
		    "cannot prepare: %s\n    %s\n", sqlite3_errmsg(db), sql);
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

int
data_step_end(sqlite3 *db, int rc)
{
	if (rc == SQLITE_DONE)
		return 0;
	print_error("query failed: %s\n", sqlite3_errmsg(db));
	return -1;
}

const char *
data_col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s == NULL ? "" : (const char *)s;
}

char *
data_col_dup(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	return data_strdup(data_col(st, i));
}

struct guard
guard_begin(void **state)
{
	struct guard g = { *state, 0, 0 };

	return g;
}

void
guard_offence(struct guard *g, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint_error(fmt, ap);
	va_end(ap);
	g->bad++;
}

sqlite3_stmt *
guard_prepare(struct guard *g, const char *sql)
{
	sqlite3_stmt *st = data_prepare(g->f->db, sql);

	if (st == NULL)
		g->err = 1;
	return st;
}

int
guard_each(struct guard *g, sqlite3_stmt *st, guard_row_fn *row, void *arg)
{
	int rc, n = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row(g, st, arg);
		n++;
	}
	if (data_step_end(g->f->db, rc) == -1) {
		g->err = 1;
		return -1;
	}
	return n;
}

int
guard_rows(struct guard *g, const char *sql, guard_row_fn *row, void *arg)
{
	sqlite3_stmt *st = guard_prepare(g, sql);
	int n;

	if (st == NULL)
		return -1;
	n = guard_each(g, st, row, arg);
	sqlite3_finalize(st);
	return n;
}

void
guard_end(struct guard *g, const char *what)
{
	if (g->err)
		fail_msg("%s: could not be checked (see above)", what);
	if (g->bad > 0)
		fail_msg("%d %s", g->bad, what);
}

/* A row of guard_query(): its first column is the offence. */
static void
offence_row(struct guard *g, sqlite3_stmt *st, void *arg)
{
	(void)arg;
	guard_offence(g, "%s\n", data_col(st, 0));
}

void
guard_run(void **state, const char *sql, guard_row_fn *row, const char *what)
{
	struct guard g = guard_begin(state);

	guard_rows(&g, sql, row, NULL);
	guard_end(&g, what);
}

void
guard_query(void **state, const char *sql, const char *what)
{
	guard_run(state, sql, offence_row, what);
}

static const char *
env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : def;
}

int
data_setup(void **state)
{
	struct data_fixture *f;
	sqlite3_stmt *st = NULL;
	const char *db = env_or("AID_DB", "build/aid.db");
	const char *src = env_or(
	    "AID_SOURCE_FILE", "db/source/shanghai-yunnan-partner-aid.txt");
	int rc = -1;

	f = data_realloc(NULL, 1, sizeof(*f));
	memset(f, 0, sizeof(*f));
	f->not_facts_path =
	    env_or("AID_NOT_FACTS", "tests/data/numerals-not-facts.tsv");
	f->not_claimed_path =
	    env_or("AID_NOT_CLAIMED", "tests/data/claims-not-made.tsv");
	if (sqlite3_open_v2(db, &f->db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		print_error("%s: %s\n", db, sqlite3_errmsg(f->db));
		goto out;
	}
	if ((st = data_prepare(f->db, "SELECT count(*) FROM sqlite_schema")) ==
		NULL ||
	    sqlite3_step(st) != SQLITE_ROW) {
		print_error(
		    "%s: not a database: %s\n", db, sqlite3_errmsg(f->db));
		goto out;
	}
	if (txt_slurp(src, &f->article, &f->article_len) == -1)
		goto out;
	*state = f;
	f = NULL;
	rc = 0;
out:
	sqlite3_finalize(st);
	if (f != NULL) {
		sqlite3_close(f->db);
		free(f->article);
		free(f);
	}
	return rc;
}

int
data_teardown(void **state)
{
	struct data_fixture *f = *state;

	if (f != NULL) {
		sqlite3_close(f->db);
		free(f->article);
		free(f);
	}
	return 0;
}
