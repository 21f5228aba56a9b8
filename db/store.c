#include "store.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "internal.h"
#include "text.h"

/*
 * Every statement the server runs on a connection, prepared once. The rest
 * of the data is read once at start-up (db/load.c).
 */
enum stmt { STMT_PING, STMT_META, STMT_SEARCH, STMT__MAX };

static const char *const stmt_sql[STMT__MAX] = {
	[STMT_PING] = "SELECT count(*) FROM sources",
	[STMT_META] = "SELECT key, value FROM meta",
	[STMT_SEARCH] = ("SELECT id FROM search WHERE search MATCH :match"
			 " AND resource = :resource"),
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *st[STMT__MAX];
	/* the search index's own tokenizer, which splits q into words */
	fts5_tokenizer tok;
	Fts5Tokenizer *tokenizer;
};

sqlite3 *
store_db(struct store *s)
{
	return s->db;
}

/* Logs a database failure; the caller turns it into a generic error. */
static int
fail(struct store *s, const char *what)
{
	fprintf(
	    stderr, "aid-api: store: %s: %s\n", what, sqlite3_errmsg(s->db));
	return -1;
}

/* A byte a file: URI keeps as it is. */
static int
uri_keeps(unsigned char c)
{
	return c != '%' && c != '?' && c != '#' && c >= 0x20;
}

/* "file:" URI for path, opened immutable: nothing can change it under us. */
static char *
file_uri(const char *path)
{
	char *uri;
	size_t n;

	if ((uri = malloc(sizeof("file:?immutable=1") + 3 * strlen(path))) ==
	    NULL)
		return NULL;
	memcpy(uri, "file:", 5);
	n = 5 + pct_encode(uri + 5, path, uri_keeps);
	memcpy(uri + n, "?immutable=1", sizeof("?immutable=1"));
	return uri;
}

static int
check_file(const char *path, char *err, size_t errlen)
{
	struct stat sb;

	if (stat(path, &sb) != 0) {
		snprintf(err, errlen, "database %s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "database %s: not a regular file", path);
		return -1;
	}
	if (access(path, R_OK) != 0) {
		snprintf(err, errlen, "database %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Why the last call on s failed, in err: a file SQLite finds malformed
 * (the schema's own pages among them) is "corrupt", whatever call met it. */
static void
why_failed(struct store *s, const char *path, char *err, size_t errlen)
{
	int code = sqlite3_errcode(s->db);

	if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
		snprintf(err, errlen, "database %s is corrupt: %s", path,
		    sqlite3_errmsg(s->db));
	else
		snprintf(err, errlen, "database %s: %s", path,
		    sqlite3_errmsg(s->db));
}

/* One integer from a PRAGMA, or -1 with err set. */
static int
pragma_int(struct store *s, const char *sql, const char *path, char *err,
    size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		why_failed(s, path, err, errlen);
		goto out;
	}
	v = sqlite3_column_int(st, 0);
out:
	sqlite3_finalize(st);
	return v;
}

static int
quick_check(struct store *s, const char *path, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	const char *res;
	int rc = -1;

	if (sqlite3_prepare_v2(s->db, "PRAGMA quick_check(1)", -1, &st, NULL) !=
		SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		why_failed(s, path, err, errlen);
		goto out;
	}
	res = (const char *)sqlite3_column_text(st, 0);
	if (res == NULL && sqlite3_errcode(s->db) == SQLITE_NOMEM) {
		snprintf(err, errlen, "database %s: out of memory", path);
		goto out;
	}
	if (res == NULL || strcmp(res, "ok") != 0) {
		/* a page SQLite could not read for want of memory is in its
		 * report as "unable to get the page. error code=7" */
		const char *code =
		    res != NULL ? strstr(res, "error code=") : NULL;

		if (code != NULL &&
		    (atoi(code + sizeof("error code=") - 1) & 0xff) ==
			SQLITE_NOMEM)
			snprintf(
			    err, errlen, "database %s: out of memory", path);
		else
			snprintf(err, errlen, "database %s is corrupt: %s",
			    path, res != NULL ? res : "?");
		for (char *nl = err; (nl = strchr(nl, '\n')) != NULL;)
			*nl = ' '; /* one line */
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

/*
 * The tokenizer of the search table (db/schema.sql: unicode61 with
 * remove_diacritics 2), so that q is split into the very words the index
 * holds: letters and numbers of every script are words, everything else
 * (ASCII, full-width or any other punctuation) separates them.
 */
static int
open_tokenizer(struct store *s, const char *path, char *err, size_t errlen)
{
	static const char *const args[] = { "remove_diacritics", "2" };
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	void *ud = NULL;

	if (sqlite3_prepare_v2(s->db, "SELECT fts5(?1)", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (api == NULL || api->iVersion < 2 ||
	    api->xFindTokenizer(api, "unicode61", &ud, &s->tok) != SQLITE_OK ||
	    s->tok.xCreate(ud, (const char **)(uintptr_t)args, 2,
		&s->tokenizer) != SQLITE_OK) {
		snprintf(err, errlen,
		    "database %s: SQLite has no FTS5 unicode61 tokenizer",
		    path);
		s->tokenizer = NULL;
		return -1;
	}
	return 0;
}

struct store *
store_open(const char *path, char *err, size_t errlen)
{
	struct store *s;
	char *uri = NULL;
	int version;

	if (check_file(path, err, errlen) != 0)
		return NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (uri = file_uri(path)) == NULL) {
		snprintf(err, errlen, "database %s: out of memory", path);
		goto fail;
	}
	if (sqlite3_open_v2(uri, &s->db,
		SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
		NULL) != SQLITE_OK) {
		snprintf(err, errlen, "database %s: %s", path,
		    s->db != NULL ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	/* nothing on disk but the database: a read-only root file system */
	if (sqlite3_exec(s->db, "PRAGMA temp_store = MEMORY", NULL, NULL,
		NULL) != SQLITE_OK) {
		why_failed(s, path, err, errlen);
		goto fail;
	}
	if ((version = pragma_int(
		 s, "PRAGMA user_version", path, err, errlen)) < 0)
		goto fail;
	if (version != STORE_SCHEMA_VERSION) {
		snprintf(err, errlen,
		    "database %s has schema version %d; this "
		    "server reads version %d (rebuild it with make)",
		    path, version, STORE_SCHEMA_VERSION);
		goto fail;
	}
	if (quick_check(s, path, err, errlen) != 0 ||
	    open_tokenizer(s, path, err, errlen) != 0)
		goto fail;
	for (int i = 0; i < STMT__MAX; i++) {
		if (sqlite3_prepare_v3(s->db, stmt_sql[i], -1,
			SQLITE_PREPARE_PERSISTENT, &s->st[i],
			NULL) != SQLITE_OK) {
			snprintf(err, errlen,
			    "database %s does not have the "
			    "expected schema: %s",
			    path, sqlite3_errmsg(s->db));
			goto fail;
		}
	}
	free(uri);
	return s;
fail:
	free(uri);
	store_close(s);
	return NULL;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	for (int i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(s->st[i]);
	if (s->tokenizer != NULL)
		s->tok.xDelete(s->tokenizer);
	sqlite3_close(s->db);
	free(s);
}

/* Resets a statement after use so that it holds no read transaction. */
static void
done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

const char *
store_library_version(void)
{
	return sqlite3_libversion();
}

int
store_ping(struct store *s)
{
	sqlite3_stmt *st = s->st[STMT_PING];
	int rc = sqlite3_step(st) == SQLITE_ROW ? 0 : fail(s, "ping");

	done(st);
	return rc;
}

int
store_info(struct store *s, struct store_info *info, char *err, size_t errlen)
{
	sqlite3_stmt *st = s->st[STMT_META];
	int rc;

	memset(info, 0, sizeof(*info));
	info->schema_version = STORE_SCHEMA_VERSION;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		const char *v = (const char *)sqlite3_column_text(st, 1);

		if (k == NULL || v == NULL)
			continue;
		if (strcmp(k, "dataset_version") == 0)
			snprintf(info->dataset_version,
			    sizeof(info->dataset_version), "%s", v);
		else if (strcmp(k, "built_at") == 0)
			info->built_at = (time_t)strtoll(v, NULL, 10);
	}
	if (rc != SQLITE_DONE)
		snprintf(err, errlen, "database: its meta table: %s",
		    sqlite3_errmsg(s->db));
	rc = rc == SQLITE_DONE ? 0 : -1;
	done(st);
	return rc;
}

/* Binds a text parameter by name; NULL leaves it NULL. */
static void
bind_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0 && v != NULL)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

int
store_search(struct store *s, const char *resource, const char *match,
    void (*found)(const char *id, void *arg), void *arg)
{
	sqlite3_stmt *st = s->st[STMT_SEARCH];
	int rc;

	bind_text(st, ":match", match);
	bind_text(st, ":resource", resource);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		found((const char *)sqlite3_column_text(st, 0), arg);
	rc = rc == SQLITE_DONE ? 0 : fail(s, "search");
	done(st);
	return rc;
}

/* What store_match_query builds, token by token. */
struct match {
	char *out;
	size_t cap, n;
	int words, over;
};

/* Appends s[0..len) to the query; 0, or -1 (over) when it does not fit
 * with room for the final NUL. */
static int
put_query(struct match *m, const char *s, size_t len)
{
	if (m->n + len + 1 > m->cap) {
		m->over = 1;
		return -1;
	}
	memcpy(m->out + m->n, s, len);
	m->n += len;
	return 0;
}

/* 1 when the character at p (n bytes) is a Han character; its length in
 * *k (1 for a byte that is not UTF-8). */
static int
han_at(const char *p, size_t n, size_t *k)
{
	unsigned long cp;

	/* GCOVR_EXCL_START: q is checked to be UTF-8 before it is
	 * tokenized (server/params.c), so every byte is of a character */
	if ((*k = utf8_next(p, n, &cp)) == 0) {
		*k = 1;
		return 0;
	}
	/* GCOVR_EXCL_STOP */
	return han_char(cp);
}

/*
 * Adds one token of q. The index holds Han characters one by one (derive.sql
 * spaces them out: a per-character index), so each run of Han characters
 * in a token becomes a phrase of its characters ("文山" is "文 山": the
 * two in a row); each other run is a quoted prefix term ("wenshan"*). All
 * terms are required.
 */
static int
add_term(void *ctx, int flags, const char *token, int len, int start, int end)
{
	struct match *m = ctx;
	size_t i = 0, n = (size_t)len, k;

	(void)flags;
	(void)start;
	(void)end;
	while (i < n) {
		int han = han_at(token + i, n - i, &k);
		size_t j = i;

		if ((m->words++ > 0 && put_query(m, " ", 1) != 0) ||
		    put_query(m, "\"", 1) != 0)
			return SQLITE_DONE; /* stops the tokenizer */
		while (j < n && han_at(token + j, n - j, &k) == han) {
			if ((han && j > i && put_query(m, " ", 1) != 0) ||
			    put_query(m, token + j, k) != 0)
				return SQLITE_DONE;
			j += k;
		}
		if (put_query(m, han ? "\"" : "\"*", han ? 1 : 2) != 0)
			return SQLITE_DONE;
		i = j;
	}
	return SQLITE_OK;
}

int
store_match_query(struct store *s, const char *text, char *out, size_t cap)
{
	struct match m = { out, cap, 0, 0, 0 };
	size_t len = strlen(text);
	int rc;

	if (cap == 0 || len > INT_MAX)
		return -1;
	out[0] = '\0';
	rc = s->tok.xTokenize(
	    s->tokenizer, &m, FTS5_TOKENIZE_QUERY, text, (int)len, add_term);
	if (m.over)
		return -1;
	if (rc != SQLITE_OK) {
		fail(s, "tokenizing a query");
		return -1;
	}
	out[m.n] = '\0';
	return m.words > 0 ? (int)m.n : 0;
}
