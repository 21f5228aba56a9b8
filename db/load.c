/*
 * Loading the dataset: every document with the columns the filters test,
 * the keys that name entities and the enumerations, read once at start-up
 * and shared read-only by every thread (the relations between items:
 * db/relations.c); and freeing it. The documents are the bytes aid-mkdb
 * rendered, never parsed again: each is scanned once (db/scan.c) and
 * checked to be the object of its own id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * Each collection's items with their documents and attributes, in id
 * order: its table says which items there are, and each must have its
 * document and its name (item_refs): one without is a database that lies,
 * refused, not an item left out. Every query gives the same columns; NULL
 * where an attribute does not apply:
 * id, doc, name, position, kind, side, sector, category, place,
 * start_year, end_year, cumulative, amount_yuan, at_least. The end year is
 * the last year the item is known to run: its end, or where the article
 * gives no end and does not say it goes on, its known_until (NULL only
 * for what goes on).
 */
enum {
	C_ID,
	C_DOC,
	C_NAME,
	C_POSITION,
	C_KIND,
	C_SIDE,
	C_SECTOR,
	C_CATEGORY,
	C_PLACE,
	C_START,
	C_END,
	C_CUMULATIVE,
	C_AMOUNT,
	C_AT_LEAST
};

#define DOCS(res, table, cols)                                                 \
	"SELECT x.id, d.doc, r.name, r.position, " cols " FROM " table " x"    \
	" LEFT JOIN documents d ON d.resource = '" res "' AND d.id = x.id"     \
	" LEFT JOIN item_refs r ON r.resource = '" res "' AND r.id = x.id"     \
	" ORDER BY x.id"
static const char *const docs_sql[COLL__MAX] = {
	[COLL_ENTITIES] = DOCS("entities", "entities",
	    "x.kind, x.side, NULL, NULL, (SELECT k.place FROM entity_kinds k"
	    " WHERE k.value = x.kind), NULL, NULL, NULL, NULL, NULL"),
	[COLL_PARTNERSHIPS] = DOCS("partnerships", "partnerships",
	    "NULL, NULL, x.sector, NULL, NULL, x.start_year,"
	    " coalesce(x.end_year, x.known_until_year), NULL,"
	    " NULL, NULL"),
	[COLL_FUNDING] = DOCS("funding", "funding",
	    "x.kind, NULL, NULL, NULL, NULL, x.start_year,"
	    " coalesce(x.end_year, x.known_until_year),"
	    " x.cumulative, x.amount_yuan, x.bound = 'at_least'"),
	[COLL_EVENTS] = DOCS("events", "events",
	    "NULL, NULL, NULL, x.category, NULL, x.start_year,"
	    " coalesce(x.end_year, x.known_until_year),"
	    " NULL, NULL, NULL"),
	[COLL_SOURCES] = DOCS("sources", "sources",
	    "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"),
};

/* The table of each enumeration. */
static const char *const enum_tables[ENUM__MAX] = {
	[ENUM_ENTITY_KIND] = "entity_kinds",
	[ENUM_SIDE] = "sides",
	[ENUM_SECTOR] = "sectors",
	[ENUM_CATEGORY] = "event_categories",
	[ENUM_FUNDING_KIND] = "funding_kinds",
	[ENUM_BOUND] = "bounds",
	[ENUM_PRECISION] = "precisions",
};

const char *const dataset_resources[COLL__MAX] = {
	[COLL_ENTITIES] = "entities",
	[COLL_PARTNERSHIPS] = "partnerships",
	[COLL_FUNDING] = "funding",
	[COLL_EVENTS] = "events",
	[COLL_SOURCES] = "sources",
};

int
loader_fail(struct loader *l, const char *what)
{
	snprintf(l->err, l->errlen, "database: %s: %s", what,
	    sqlite3_errmsg(store_db(l->store)));
	return -1;
}

int
loader_entity(
    struct loader *l, const char *table, const char *item, const char *id)
{
	int e = id != NULL ? dataset_find(l->ds, COLL_ENTITIES, id) : -1;

	if (e < 0)
		snprintf(l->err, l->errlen,
		    "database: %s%s%s refers to no entity '%s'", table,
		    item != NULL ? "/" : "", item != NULL ? item : "",
		    id != NULL ? id : "NULL");
	return e;
}

/*
 * The text of column col into *out (malloc'd), exactly its bytes, NUL
 * included if it holds one (db/scan.c refuses such a document); NULL for
 * an SQL NULL. Returns 0, or -1 when out of memory (with err said).
 */
static int
text_col(struct loader *l, sqlite3_stmt *st, int col, char **out)
{
	const unsigned char *v = sqlite3_column_text(st, col);
	size_t n = (size_t)sqlite3_column_bytes(st, col);

	*out = NULL;
	if (v == NULL)
		return sqlite3_errcode(store_db(l->store)) == SQLITE_NOMEM
		    ? loader_oom(l)
		    : 0;
	if ((*out = malloc(n + 1)) == NULL)
		return loader_oom(l);
	memcpy(*out, v, n);
	(*out)[n] = '\0';
	return 0;
}

int
loader_oom(struct loader *l)
{
	snprintf(l->err, l->errlen, "out of memory");
	return -1;
}

static int
int_col(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL
	    ? STORE_UNSET
	    : sqlite3_column_int(st, col);
}

/* 1 when d's member key is the JSON string value (ids and links are
 * [a-z0-9/-]: no escapes). */
static int
member_is(const struct doc *d, const char *key, const char *value)
{
	size_t k = strlen(key), n = strlen(value);

	for (size_t i = 0; i < d->nmembers; i++) {
		const struct member *m = &d->members[i];

		if (m->keylen == k && memcmp(m->key, key, k) == 0)
			/* "key":"value" */
			return m->len == k + n + 5 &&
			    d->json[m->off + k + 3] == '"' &&
			    memcmp(d->json + m->off + k + 4, value, n) == 0 &&
			    d->json[m->off + k + 4 + n] == '"';
	}
	return 0;
}

/* 1 when d is the object of its own id: its "id" is it, its "href" its
 * address. */
static int
own_doc(const struct doc *d, enum store_coll coll)
{
	char href[512];
	int n = snprintf(href, sizeof(href), "%s/%s/%s", STORE_LINK_PREFIX,
	    dataset_resources[coll], d->id);

	return n > 0 && (size_t)n < sizeof(href) && member_is(d, "id", d->id) &&
	    member_is(d, "href", href);
}

static int
load_docs(struct loader *l, enum store_coll coll)
{
	struct dataset_coll *c = &l->ds->coll[coll];
	sqlite3_stmt *st = NULL;
	int rc = -1, step;

	if (sqlite3_prepare_v2(
		store_db(l->store), docs_sql[coll], -1, &st, NULL) != SQLITE_OK)
		return loader_fail(l, dataset_resources[coll]);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct doc *docs = realloc(c->docs, (c->n + 1) * sizeof(*docs));
		struct doc *d;

		if (docs == NULL) {
			loader_oom(l);
			goto out;
		}
		c->docs = docs;
		d = &c->docs[c->n++];
		memset(d, 0, sizeof(*d));
		d->a = (struct attrs){ .parent = STORE_UNSET,
			.place = int_col(st, C_PLACE) == 1,
			.position = sqlite3_column_int(st, C_POSITION),
			.start_year = int_col(st, C_START),
			.end_year = int_col(st, C_END),
			.cumulative = int_col(st, C_CUMULATIVE),
			.amount = sqlite3_column_int64(st, C_AMOUNT),
			.at_least = int_col(st, C_AT_LEAST) == 1,
			.donor = STORE_UNSET,
			.part_of = STORE_UNSET,
			.possibly_part_of = STORE_UNSET };
		if (text_col(l, st, C_ID, &d->id) != 0 ||
		    text_col(l, st, C_DOC, &d->json) != 0 ||
		    text_col(l, st, C_NAME, &d->name) != 0 ||
		    text_col(l, st, C_KIND, &d->a.kind) != 0 ||
		    text_col(l, st, C_SIDE, &d->a.side) != 0 ||
		    text_col(l, st, C_SECTOR, &d->a.sector) != 0 ||
		    text_col(l, st, C_CATEGORY, &d->a.category) != 0)
			goto out;
		if (d->id == NULL || d->json == NULL || d->name == NULL) {
			snprintf(l->err, l->errlen,
			    d->id == NULL ? "database: %s: an item has no id"
				: d->json == NULL
				? "database: %s/%s has no document"
				: "database: %s/%s has no name (no row in "
				  "item_refs)",
			    dataset_resources[coll], d->id);
			goto out;
		}
		d->len = (size_t)sqlite3_column_bytes(st, C_DOC);
		if (doc_scan(d) != 0) {
			snprintf(l->err, l->errlen,
			    "database: the document of %s/%s is not a "
			    "compact JSON object",
			    dataset_resources[coll], d->id);
			goto out;
		}
		if (!own_doc(d, coll)) {
			snprintf(l->err, l->errlen,
			    "database: the document of %s/%s is not the "
			    "object of that id (its \"id\" and \"href\" "
			    "members)",
			    dataset_resources[coll], d->id);
			goto out;
		}
	}
	rc = step == SQLITE_DONE ? 0 : loader_fail(l, dataset_resources[coll]);
out:
	sqlite3_finalize(st);
	return rc;
}

/* The slugs that name entities, sorted (dataset_resolve_entity). */
static int
load_keys(struct loader *l)
{
	struct dataset *ds = l->ds;
	sqlite3_stmt *st = NULL;
	int rc = -1, step;

	if (sqlite3_prepare_v2(store_db(l->store),
		"SELECT key, entity_id FROM entity_keys ORDER BY key, "
		"entity_id",
		-1, &st, NULL) != SQLITE_OK)
		return loader_fail(l, "entity_keys");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct entity_key *k =
		    realloc(ds->keys, (ds->nkeys + 1) * sizeof(*k));
		int e;

		if (k == NULL) {
			loader_oom(l);
			goto out;
		}
		ds->keys = k;
		if ((e = loader_entity(l, "entity_keys",
			 (const char *)sqlite3_column_text(st, 0),
			 (const char *)sqlite3_column_text(st, 1))) < 0 ||
		    text_col(l, st, 0, &k[ds->nkeys].key) != 0)
			goto out;
		if (k[ds->nkeys].key == NULL) {
			snprintf(l->err, l->errlen, "database: a NULL key");
			goto out;
		}
		k[ds->nkeys++].entity = e;
	}
	rc = step == SQLITE_DONE ? 0 : loader_fail(l, "entity_keys");
out:
	sqlite3_finalize(st);
	return rc;
}

/* The values and labels of an enumeration, in order. */
static int
load_enum(struct loader *l, enum store_enum e)
{
	struct store_values *v = &l->ds->enums[e];
	sqlite3_stmt *st = NULL;
	char sql[128];
	int rc = -1, step;

	snprintf(sql, sizeof(sql),
	    "SELECT value, label FROM %s ORDER BY position", enum_tables[e]);
	if (sqlite3_prepare_v2(store_db(l->store), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		return loader_fail(l, enum_tables[e]);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		char **values = realloc(v->values, (v->n + 2) * sizeof(char *));
		char **labels;

		if (values == NULL) {
			loader_oom(l);
			goto out;
		}
		v->values = values;
		if ((labels = realloc(
			 v->labels, (v->n + 2) * sizeof(char *))) == NULL) {
			loader_oom(l);
			goto out;
		}
		v->labels = labels;
		v->values[v->n] = v->labels[v->n] = NULL;
		v->values[v->n + 1] = v->labels[v->n + 1] = NULL;
		/* counted first, so that dataset_free frees what was made */
		v->n++;
		if (text_col(l, st, 0, &v->values[v->n - 1]) != 0 ||
		    text_col(l, st, 1, &v->labels[v->n - 1]) != 0)
			goto out;
		if (v->values[v->n - 1] == NULL ||
		    v->labels[v->n - 1] == NULL) {
			snprintf(l->err, l->errlen,
			    "database: a NULL value or label in %s",
			    enum_tables[e]);
			goto out;
		}
	}
	if (step != SQLITE_DONE)
		rc = loader_fail(l, enum_tables[e]);
	else if (v->n == 0)
		snprintf(l->err, l->errlen,
		    "database: the enumeration %s is empty", enum_tables[e]);
	else
		rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

struct dataset *
dataset_load(struct store *s, char *err, size_t errlen)
{
	struct dataset *ds = calloc(1, sizeof(*ds));
	struct loader l = { s, ds, err, errlen };

	if (ds == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (store_info(s, &ds->info, err, errlen) != 0)
		goto fail;
	for (int e = 0; e < ENUM__MAX; e++)
		if (load_enum(&l, (enum store_enum)e) != 0)
			goto fail;
	for (int c = 0; c < COLL__MAX; c++)
		if (load_docs(&l, (enum store_coll)c) != 0)
			goto fail;
	ds->words = (ds->coll[COLL_ENTITIES].n + 63) / 64;
	if (ds->words == 0)
		ds->words = 1;
	if (load_keys(&l) != 0 || dataset_relate(&l) != 0)
		goto fail;
	return ds;
fail:
	dataset_free(ds);
	return NULL;
}

void
dataset_free(struct dataset *ds)
{
	if (ds == NULL)
		return;
	for (int c = 0; c < COLL__MAX; c++) {
		for (size_t i = 0; i < ds->coll[c].n; i++) {
			struct doc *d = &ds->coll[c].docs[i];

			free(d->id);
			free(d->name);
			free(d->json);
			free(d->members);
			free(d->links);
			free(d->a.kind);
			free(d->a.side);
			free(d->a.sector);
			free(d->a.category);
			free(d->a.recipients);
			free(d->a.recipient_inferred);
			free(d->a.locations);
			free(d->a.location_inferred);
			for (int r = 0; r < ROLE__MAX; r++)
				free(d->a.sets[r]);
		}
		free(ds->coll[c].docs);
	}
	for (size_t i = 0;
	     ds->ancestors != NULL && i < ds->coll[COLL_ENTITIES].n; i++)
		free(ds->ancestors[i]);
	free(ds->ancestors);
	for (size_t i = 0; i < ds->nkeys; i++)
		free(ds->keys[i].key);
	free(ds->keys);
	for (int e = 0; e < ENUM__MAX; e++) {
		for (size_t i = 0; i < ds->enums[e].n; i++) {
			free(ds->enums[e].values[i]);
			free(ds->enums[e].labels[i]);
		}
		free(ds->enums[e].values);
		free(ds->enums[e].labels);
	}
	free(ds);
}
