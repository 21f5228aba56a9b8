#ifndef AID_TEST_HARNESS_DATA_H
#define AID_TEST_HARNESS_DATA_H

/*
 * The data guards (test_quotes.c, test_numerals.c, ... test_wording.c):
 * programs that open the built database read-only and check it against
 * the article and against the schema's rules, with no server. What they
 * share: the fixture (the database, the article, the lists beside it),
 * the guard every check runs as, and the SQLite and memory helpers.
 *
 * A guard reports every offending row with print_error before it fails,
 * so that one run shows all of them, not just the first; a guard that
 * cannot run (a query that fails, a file that cannot be read) says so and
 * fails too. Paths come from the environment, relative to the repository
 * root where the programs run:
 *
 *	AID_DB		the database (build/aid.db)
 *	AID_SOURCE_FILE	the article (db/source/shanghai-yunnan-partner-aid.txt)
 *	AID_NOT_FACTS	the numerals of the article that are not facts
 *			(tests/data/numerals-not-facts.tsv)
 *	AID_NOT_CLAIMED	phrases that claim more than the article says
 *			(tests/data/claims-not-made.tsv)
 */

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#define NOPOS SIZE_MAX /* no offset, no index */

/* What every guard of a program reads: set up once for the group. */
struct data_fixture {
	sqlite3 *db;
	char *article; /* the article's bytes, NUL-terminated */
	size_t article_len;
	const char *not_facts_path;
	const char *not_claimed_path;
};

/*
 * cmocka group setup and teardown: opens $AID_DB read-only (checking that
 * it is a database) and reads $AID_SOURCE_FILE into a data_fixture, the
 * state of every test. Returns 0, or -1 (reported with print_error).
 */
int data_setup(void **state);
int data_teardown(void **state);

/* One run of a guard: its fixture, the offences it found, and whether it
 * could not check (the reason reported). */
struct guard {
	struct data_fixture *f;
	int bad;
	int err;
};

/* A guard on the fixture of a test's state, with nothing found yet. */
struct guard guard_begin(void **state);

/* Reports one offence: print_error's message, counted in g->bad. */
void guard_offence(struct guard *g, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* sql prepared on the fixture's database, or NULL (reported, and the
 * guard cannot check). Finalize it. */
sqlite3_stmt *guard_prepare(struct guard *g, const char *sql);

/* What a guard does with one row of its query; arg is the caller's. */
typedef void guard_row_fn(struct guard *g, sqlite3_stmt *st, void *arg);

/*
 * Steps st (prepared, or reset and bound) to its end, calling row with
 * each row. Returns the number of rows, or -1 when a step ends in error
 * (reported, and the guard cannot check). st is not finalized.
 */
int guard_each(struct guard *g, sqlite3_stmt *st, guard_row_fn *row, void *arg);

/* guard_prepare(), guard_each() and finalize: the number of rows, or -1
 * when sql could not be prepared or run. */
int guard_rows(struct guard *g, const char *sql, guard_row_fn *row, void *arg);

/*
 * Ends the guard: fails the running test when it could not check
 * ("what: could not be checked") or found offences ("N what"); else
 * returns.
 */
void guard_end(struct guard *g, const char *what);

/* The whole guard of one query: guard_begin(), guard_rows() with row (arg
 * NULL), guard_end() naming what. */
void guard_run(
    void **state, const char *sql, guard_row_fn *row, const char *what);

/* The whole guard of a query whose every row is one offence, described by
 * its first column: fails the test naming what when it has rows. */
void guard_query(void **state, const char *sql, const char *what);

/*
 * SQLite helpers. data_prepare() and data_step_end() report with
 * print_error what goes wrong, and leave the verdict to the caller.
 */

/* sql prepared on db, or NULL (reported). */
sqlite3_stmt *data_prepare(sqlite3 *db, const char *sql);

/* 0 when rc, the last step's, is SQLITE_DONE; else -1 (reported). */
int data_step_end(sqlite3 *db, int rc);

/* Column i as a string, "" for NULL; valid until the next step. */
const char *data_col(sqlite3_stmt *st, int i);

/* Column i as a new string (the caller frees), or NULL for NULL. */
char *data_col_dup(sqlite3_stmt *st, int i);

/*
 * Memory: these abort the program with a message when memory runs out,
 * so that a guard never reports a short list as a clean one.
 */

/* realloc() of n elements of size bytes (at least one byte). */
void *data_realloc(void *p, size_t n, size_t size);

/* v with room for one more element (n used, *cap allocated, doubling). */
void *data_grow(void *v, size_t n, size_t *cap, size_t size);

/* A copy of s. */
char *data_strdup(const char *s);

#endif
