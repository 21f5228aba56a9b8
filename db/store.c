#include "store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "slug.h"

/*
 * Every statement the server runs, prepared once per connection. Filters
 * are optional: a NULL parameter switches its clause off. Items are read
 * from the *_docs views of schema.sql, which build each JSON document.
 */
enum stmt {
	STMT_PING,
	STMT_META,
	STMT_RESOLVE,
	STMT_ENTITIES,
	STMT_ENTITY,
	STMT_PARTNERSHIPS,
	STMT_PARTNERSHIP,
	STMT_FUNDINGS,
	STMT_FUNDING,
	STMT_EVENTS,
	STMT_EVENT,
	STMT_SOURCES,
	STMT_SOURCE,
	STMT__MAX
};

#define MATCH(res)                                                             \
	" AND (:match IS NULL OR id IN (SELECT id FROM search"                 \
	" WHERE search MATCH :match AND resource = '" res "'))"
#define YEARS                                                                  \
	" AND (:from IS NULL OR coalesce(end_year,"                            \
	" CAST(strftime('%Y', 'now') AS INTEGER)) >= :from)"                   \
	" AND (:to IS NULL OR start_year <= :to)"
#define BELOW(param, table, key, extra)                                        \
	" AND (" param " IS NULL OR EXISTS (SELECT 1 FROM " table " x"         \
	" JOIN entity_ancestors a ON a.entity_id = x.entity_id"                \
	" WHERE x." key " = v.id AND a.ancestor_id = " param extra "))"

static const char *const stmt_sql[STMT__MAX] = {
	[STMT_PING] = "SELECT count(*) FROM sources",
	[STMT_META] = "SELECT key, value FROM meta",
	[STMT_RESOLVE] =
	    "SELECT id, name, kind, id = lower(:key) AS exact FROM entities"
	    " WHERE id = lower(:key)"
	    " OR id IN (SELECT entity_id FROM entity_keys WHERE key = :slug)"
	    " ORDER BY exact DESC, id",
	[STMT_ENTITIES] = "SELECT doc FROM entity_docs v WHERE 1"
			  " AND (:kind IS NULL OR kind = :kind)"
			  " AND (:side IS NULL OR side = :side)"
			  " AND (:parent IS NULL OR parent = :parent)" MATCH(
			      "entities") " ORDER BY id",
	[STMT_ENTITY] = "SELECT doc FROM entity_docs WHERE id = :id",
	[STMT_PARTNERSHIPS] =
	    "SELECT doc FROM partnership_docs v WHERE 1"
	    " AND (:sector IS NULL OR sector = :sector)" YEARS BELOW(
		":entity", "partnership_parties", "partnership_id", "")
		BELOW(":donor", "partnership_parties", "partnership_id",
		    " AND x.role = 'donor'")
		    BELOW(":recipient", "partnership_parties", "partnership_id",
			" AND x.role = 'recipient'")
			MATCH("partnerships") " ORDER BY id",
	[STMT_PARTNERSHIP] = "SELECT doc FROM partnership_docs WHERE id = :id",
	[STMT_FUNDINGS] =
	    "SELECT doc FROM funding_docs v WHERE 1"
	    " AND (:kind IS NULL OR kind = :kind)"
	    " AND (:cumulative IS NULL OR cumulative = :cumulative)" YEARS
	    " AND (:entity IS NULL"
	    " OR EXISTS (SELECT 1 FROM entity_ancestors a"
	    " WHERE a.entity_id = v.donor AND a.ancestor_id = :entity)"
	    " OR EXISTS (SELECT 1 FROM funding_recipients x"
	    " JOIN entity_ancestors a ON a.entity_id = x.entity_id"
	    " WHERE x.funding_id = v.id AND a.ancestor_id = :entity))"
	    " AND (:donor IS NULL"
	    " OR EXISTS (SELECT 1 FROM entity_ancestors a"
	    " WHERE a.entity_id = v.donor AND a.ancestor_id = :donor))" BELOW(
		":recipient", "funding_recipients", "funding_id", "")
		MATCH("funding") " ORDER BY id",
	[STMT_FUNDING] = "SELECT doc FROM funding_docs WHERE id = :id",
	[STMT_EVENTS] =
	    "SELECT doc FROM event_docs v WHERE 1"
	    " AND (:category IS NULL OR category = :category)" YEARS BELOW(
		":entity", "event_entities", "event_id", "")
		MATCH("events") " ORDER BY id",
	[STMT_EVENT] = "SELECT doc FROM event_docs WHERE id = :id",
	[STMT_SOURCES] = "SELECT doc FROM source_docs v WHERE 1" MATCH(
	    "sources") " ORDER BY id",
	[STMT_SOURCE] = "SELECT doc FROM source_docs WHERE id = :id",
};

static const enum stmt coll_list[COLL__MAX] = {
	[COLL_ENTITIES] = STMT_ENTITIES,
	[COLL_PARTNERSHIPS] = STMT_PARTNERSHIPS,
	[COLL_FUNDING] = STMT_FUNDINGS,
	[COLL_EVENTS] = STMT_EVENTS,
	[COLL_SOURCES] = STMT_SOURCES,
};

static const enum stmt coll_item[COLL__MAX] = {
	[COLL_ENTITIES] = STMT_ENTITY,
	[COLL_PARTNERSHIPS] = STMT_PARTNERSHIP,
	[COLL_FUNDING] = STMT_FUNDING,
	[COLL_EVENTS] = STMT_EVENT,
	[COLL_SOURCES] = STMT_SOURCE,
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *st[STMT__MAX];
};

/* Logs a database failure; the caller turns it into a generic error. */
static int
fail(struct store *s, const char *what)
{
	fprintf(
	    stderr, "aid-api: store: %s: %s\n", what, sqlite3_errmsg(s->db));
	return -1;
}

/* "file:" URI for path, opened immutable: nothing can change it under us. */
static char *
file_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(path);
	char *uri, *p;

	if ((uri = malloc(sizeof("file:?immutable=1") + 3 * len)) == NULL)
		return NULL;
	p = uri + sprintf(uri, "file:");
	for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
		if (*c == '%' || *c == '?' || *c == '#' || *c < 0x20) {
			*p++ = '%';
			*p++ = hex[*c >> 4];
			*p++ = hex[*c & 15];
		} else {
			*p++ = (char)*c;
		}
	}
	strcpy(p, "?immutable=1");
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

/* One integer from a PRAGMA, or -1 with err set. */
static int
pragma_int(struct store *s, const char *sql, const char *path, char *err,
    size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		snprintf(err, errlen, "database %s: %s", path,
		    sqlite3_errmsg(s->db));
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
		snprintf(err, errlen, "database %s: %s", path,
		    sqlite3_errmsg(s->db));
		goto out;
	}
	res = (const char *)sqlite3_column_text(st, 0);
	if (res == NULL || strcmp(res, "ok") != 0) {
		snprintf(err, errlen, "database %s is corrupt: %s", path,
		    res != NULL ? res : "?");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
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
		snprintf(err, errlen, "database %s: %s", path,
		    sqlite3_errmsg(s->db));
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
	if (quick_check(s, path, err, errlen) != 0)
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
store_info(struct store *s, struct store_info *info)
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
	rc = rc == SQLITE_DONE ? 0 : fail(s, "meta");
	done(st);
	return rc;
}

static void
bind_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0 && v != NULL)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static void
bind_int(sqlite3_stmt *st, const char *name, int v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0 && v != STORE_UNSET)
		sqlite3_bind_int(st, i, v);
}

static void
bind_filter(sqlite3_stmt *st, const struct store_filter *f)
{
	bind_text(st, ":match", f->match);
	bind_text(st, ":entity", f->entity);
	bind_text(st, ":donor", f->donor);
	bind_text(st, ":recipient", f->recipient);
	bind_text(st, ":parent", f->parent);
	bind_text(st, ":kind", f->kind);
	bind_text(st, ":side", f->side);
	bind_text(st, ":sector", f->sector);
	bind_text(st, ":category", f->category);
	bind_int(st, ":from", f->from);
	bind_int(st, ":to", f->to);
	bind_int(st, ":cumulative", f->cumulative);
}

/* Parses the doc column of the current row; NULL on a malformed document. */
static json_t *
row_doc(sqlite3_stmt *st)
{
	const char *text = (const char *)sqlite3_column_text(st, 0);
	json_error_t jerr;
	json_t *doc;

	if (text == NULL)
		return NULL;
	doc = json_loadb(text, (size_t)sqlite3_column_bytes(st, 0), 0, &jerr);
	if (doc == NULL)
		fprintf(
		    stderr, "aid-api: store: bad document: %s\n", jerr.text);
	return doc;
}

int
store_list(struct store *s, enum store_coll coll,
    const struct store_filter *filter, json_t **out)
{
	sqlite3_stmt *st = s->st[coll_list[coll]];
	json_t *items, *doc;
	int rc;

	*out = NULL;
	if ((items = json_array()) == NULL)
		return -1;
	bind_filter(st, filter);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((doc = row_doc(st)) == NULL ||
		    json_array_append_new(items, doc) != 0) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	if (rc != SQLITE_DONE) {
		fail(s, "list");
		json_decref(items);
		done(st);
		return -1;
	}
	done(st);
	*out = items;
	return 0;
}

int
store_get(struct store *s, enum store_coll coll, const char *id, json_t **out)
{
	sqlite3_stmt *st = s->st[coll_item[coll]];
	int rc;

	*out = NULL;
	bind_text(st, ":id", id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = (*out = row_doc(st)) != NULL ? 1 : -1;
	else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = fail(s, "get");
	done(st);
	return rc;
}

int
store_resolve_entity(struct store *s, const char *key, json_t **out)
{
	sqlite3_stmt *st = s->st[STMT_RESOLVE];
	char slug[256];
	json_t *refs;
	int rc;

	*out = NULL;
	if ((refs = json_array()) == NULL)
		return -1;
	if (slug_write(key, slug, sizeof(slug)) <= 0) {
		*out = refs; /* nothing can match */
		return 0;
	}
	bind_text(st, ":key", key);
	bind_text(st, ":slug", slug);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *ref = json_pack("{s:s, s:s, s:s}", "id",
		    (const char *)sqlite3_column_text(st, 0), "name",
		    (const char *)sqlite3_column_text(st, 1), "kind",
		    (const char *)sqlite3_column_text(st, 2));

		if (ref == NULL || json_array_append_new(refs, ref) != 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		if (sqlite3_column_int(st, 3)) {
			rc = SQLITE_DONE; /* the exact id wins */
			break;
		}
	}
	if (rc != SQLITE_DONE) {
		fail(s, "resolve");
		json_decref(refs);
		done(st);
		return -1;
	}
	done(st);
	*out = refs;
	return 0;
}

/* Length of the UTF-8 sequence at p, its code point in *cp; 0 if invalid. */
static size_t
utf8_next(const unsigned char *p, unsigned long *cp)
{
	size_t n;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, *cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, *cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, *cp = p[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (p[i] & 0x3f);
	}
	return n;
}

/* A word character: ASCII letters and digits, non-ASCII but punctuation. */
static int
is_word(unsigned long cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		    (cp >= 'A' && cp <= 'Z');
	if (cp <= 0xbf || cp == 0xd7 || cp == 0xf7)
		return 0; /* Latin-1 punctuation and symbols */
	if ((cp >= 0x2000 && cp <= 0x2bff) || (cp >= 0x3000 && cp <= 0x303f) ||
	    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff0f))
		return 0; /* punctuation, symbols, CJK and fullwidth marks */
	return 1;
}

int
store_match_query(const char *text, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t n = 0;
	int words = 0, in = 0;

	while (*p != '\0') {
		unsigned long cp;
		size_t len = utf8_next(p, &cp);
		int w = len > 0 && is_word(cp);

		if (len == 0)
			len = 1;
		if (w && !in) {
			/* open a term: space between terms, then a quote */
			if (n + 3 > cap)
				return -1;
			if (words++ > 0)
				out[n++] = ' ';
			out[n++] = '"';
		} else if (!w && in) {
			if (n + 3 > cap)
				return -1;
			out[n++] = '"';
			out[n++] = '*';
		}
		if (w) {
			if (n + len + 3 > cap)
				return -1;
			memcpy(out + n, p, len);
			n += len;
		}
		in = w;
		p += len;
	}
	if (in) {
		if (n + 3 > cap)
			return -1;
		out[n++] = '"';
		out[n++] = '*';
	}
	if (cap == 0)
		return -1;
	out[n] = '\0';
	return words > 0 ? (int)n : 0;
}
