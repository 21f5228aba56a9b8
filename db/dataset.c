/*
 * The dataset: every document and the columns the filters test, read once
 * at start-up and shared read-only by every thread. Selection by filters is
 * a pass over these arrays (and one full-text query when there is a q); the
 * documents are the bytes aid-mkdb rendered, never parsed again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "text.h"

struct entity_key {
	char *key;
	int entity;
};

/*
 * Each collection's documents with their attributes, in id order. Every
 * query gives the same columns; NULL where an attribute does not apply:
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
	"SELECT d.id, d.doc, r.name, r.position, " cols                        \
	" FROM documents d JOIN " table " x ON x.id = d.id"                    \
	" JOIN item_refs r ON r.resource = d.resource AND r.id = d.id"         \
	" WHERE d.resource = '" res "' ORDER BY d.id"
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

/* The entity sets each item is found by: (item id, entity id) pairs, each
 * entity already closed upward through entity_reach (what is above it,
 * and the places a group lies in with what is above them). */
#define UP(table, key)                                                         \
	"SELECT x." key ", a.ancestor_id FROM " table " x"                     \
	" JOIN entity_reach a ON a.entity_id = x.entity_id"
#define FUNDING_DONOR                                                          \
	"SELECT f.id, a.ancestor_id FROM funding f"                            \
	" JOIN entity_ancestors a ON a.entity_id = f.donor"
static const char *const sets_sql[COLL__MAX][ROLE__MAX] = {
	[COLL_PARTNERSHIPS] = {
	    [ROLE_ENTITY] = UP("partnership_parties", "partnership_id"),
	    [ROLE_DONOR] = UP("partnership_parties", "partnership_id")
		" WHERE x.role = 'donor'",
	    [ROLE_RECIPIENT] = UP("partnership_parties", "partnership_id")
		" WHERE x.role = 'recipient'",
	},
	[COLL_FUNDING] = {
	    [ROLE_ENTITY] = FUNDING_DONOR " UNION "
		UP("funding_recipients", "funding_id"),
	    [ROLE_DONOR] = FUNDING_DONOR,
	    [ROLE_RECIPIENT] = UP("funding_recipients", "funding_id"),
	},
	[COLL_EVENTS] = {
	    [ROLE_ENTITY] = UP("event_involvement", "event_id"),
	},
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

static const char *const resources[COLL__MAX] = {
	[COLL_ENTITIES] = "entities",
	[COLL_PARTNERSHIPS] = "partnerships",
	[COLL_FUNDING] = "funding",
	[COLL_EVENTS] = "events",
	[COLL_SOURCES] = "sources",
};

/* Where loading stopped, for the one-line reason. */
struct loader {
	struct store *store;
	struct dataset *ds;
	char *err;
	size_t errlen;
};

static int
db_fail(struct loader *l, const char *what)
{
	snprintf(l->err, l->errlen, "database: %s: %s", what,
	    sqlite3_errmsg(store_db(l->store)));
	return -1;
}

static char *
dup_col(sqlite3_stmt *st, int col)
{
	const char *v = (const char *)sqlite3_column_text(st, col);

	return v != NULL ? strdup(v) : NULL;
}

static int
int_col(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL
	    ? STORE_UNSET
	    : sqlite3_column_int(st, col);
}

/*
 * Skips the JSON string at json[i] (its opening quote), recording a link
 * when its text starts with STORE_LINK_PREFIX. Returns the index past the
 * closing quote, or 0 when malformed.
 */
static size_t
skip_string(const char *json, size_t len, size_t i, struct doc *d)
{
	size_t start = ++i, plen = sizeof(STORE_LINK_PREFIX) - 1;

	if (len - start > plen &&
	    memcmp(json + start, STORE_LINK_PREFIX, plen) == 0 &&
	    (json[start + plen] == '/' || json[start + plen] == '"' ||
		json[start + plen] == '?')) {
		uint32_t *links =
		    realloc(d->links, (d->nlinks + 1) * sizeof(*d->links));

		if (links == NULL)
			return 0;
		d->links = links;
		d->links[d->nlinks++] = (uint32_t)start;
	}
	for (; i < len; i++) {
		if (json[i] == '\\')
			i++;
		else if (json[i] == '"')
			return i + 1;
	}
	return 0;
}

/* Skips the JSON value at json[i]. Returns the index past it, or 0. */
static size_t
skip_value(const char *json, size_t len, size_t i, struct doc *d)
{
	int depth = 0;

	do {
		if (i >= len)
			return 0;
		switch (json[i]) {
		case '"':
			if ((i = skip_string(json, len, i, d)) == 0)
				return 0;
			break;
		case '{':
		case '[':
			depth++;
			i++;
			break;
		case '}':
		case ']':
			if (--depth < 0)
				return 0;
			i++;
			break;
		case ',':
		case ':':
			if (depth == 0)
				return 0;
			i++;
			break;
		default: /* a number, true, false or null */
			while (i < len && strchr(",:]}\"{[", json[i]) == NULL)
				i++;
		}
	} while (depth > 0);
	return i;
}

/* Finds the members and links of a compact JSON object. 0, or -1. */
static int
scan_doc(struct doc *d)
{
	const char *j = d->json;
	size_t len = d->len, i = 1;

	if (len < 2 || j[0] != '{' || j[len - 1] != '}')
		return -1;
	while (i < len - 1) {
		struct member m;
		size_t keyend, end;
		struct member *mm;

		if (j[i] != '"' || (keyend = skip_string(j, len, i, d)) == 0 ||
		    keyend >= len || j[keyend] != ':' ||
		    (end = skip_value(j, len, keyend + 1, d)) == 0)
			return -1;
		m = (struct member){ .key = j + i + 1,
			.keylen = (uint32_t)(keyend - i - 2),
			.off = (uint32_t)i,
			.len = (uint32_t)(end - i) };
		if ((mm = realloc(
			 d->members, (d->nmembers + 1) * sizeof(*mm))) == NULL)
			return -1;
		d->members = mm;
		d->members[d->nmembers++] = m;
		if (j[end] == ',')
			end++;
		else if (end != len - 1)
			return -1;
		i = end;
	}
	return 0;
}

int
dataset_find(const struct dataset *ds, enum store_coll coll, const char *id)
{
	const struct dataset_coll *c = &ds->coll[coll];
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(id, c->docs[mid].id);

		if (cmp == 0)
			return (int)mid;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* The entity index of an id the database refers to; -1 (and err) if none. */
static int
entity_of(struct loader *l, const char *id)
{
	int e = dataset_find(l->ds, COLL_ENTITIES, id);

	if (e < 0)
		snprintf(l->err, l->errlen, "database: no entity '%s'", id);
	return e;
}

static uint64_t *
new_set(struct dataset *ds)
{
	return calloc(ds->words, sizeof(uint64_t));
}

static void
set_bit(uint64_t *set, int e)
{
	set[(size_t)e / 64] |= UINT64_C(1) << ((size_t)e % 64);
}

static int
has_bit(const uint64_t *set, int e)
{
	return (set[(size_t)e / 64] >> ((size_t)e % 64)) & 1;
}

int
dataset_below(const struct dataset *ds, int e, int a)
{
	return has_bit(ds->ancestors[e], a);
}

static int
load_docs(struct loader *l, enum store_coll coll)
{
	struct dataset_coll *c = &l->ds->coll[coll];
	sqlite3_stmt *st = NULL;
	int rc = -1, step;

	if (sqlite3_prepare_v2(
		store_db(l->store), docs_sql[coll], -1, &st, NULL) != SQLITE_OK)
		return db_fail(l, resources[coll]);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct doc *docs = realloc(c->docs, (c->n + 1) * sizeof(*docs));
		struct doc *d;

		if (docs == NULL)
			goto oom;
		c->docs = docs;
		d = &c->docs[c->n++];
		memset(d, 0, sizeof(*d));
		d->id = dup_col(st, C_ID);
		d->json = dup_col(st, C_DOC);
		d->len = (size_t)sqlite3_column_bytes(st, C_DOC);
		d->name = dup_col(st, C_NAME);
		d->a = (struct attrs){ .kind = dup_col(st, C_KIND),
			.side = dup_col(st, C_SIDE),
			.sector = dup_col(st, C_SECTOR),
			.category = dup_col(st, C_CATEGORY),
			.parent = STORE_UNSET,
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
		if (d->id == NULL || d->json == NULL || d->name == NULL)
			goto oom;
		if (scan_doc(d) != 0) {
			snprintf(l->err, l->errlen,
			    "database: the document of %s/%s is not a "
			    "compact JSON object",
			    resources[coll], d->id);
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		db_fail(l, resources[coll]);
		goto out;
	}
	rc = 0;
	goto out;
oom:
	snprintf(l->err, l->errlen, "out of memory");
out:
	sqlite3_finalize(st);
	return rc;
}

/* The references between items, once every collection is loaded: an
 * entity's parent, a funding record's donor and container. */
static int
link_attrs(struct loader *l, enum store_coll coll, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int rc = -1, step;

	if (sqlite3_prepare_v2(store_db(l->store), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		return db_fail(l, resources[coll]);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *a = (const char *)sqlite3_column_text(st, 1);
		const char *b = (const char *)sqlite3_column_text(st, 2);
		const char *c = (const char *)sqlite3_column_text(st, 3);
		int i = dataset_find(l->ds, coll, id);
		struct attrs *at;

		if (i < 0) {
			snprintf(l->err, l->errlen, "database: no %s '%s'",
			    resources[coll], id);
			goto out;
		}
		at = &l->ds->coll[coll].docs[i].a;
		if (coll == COLL_ENTITIES && a != NULL &&
		    (at->parent = entity_of(l, a)) < 0)
			goto out;
		if (coll == COLL_FUNDING) {
			if ((at->donor = entity_of(l, a)) < 0)
				goto out;
			if ((b != NULL &&
				(at->part_of = dataset_find(
				     l->ds, COLL_FUNDING, b)) < 0) ||
			    (c != NULL &&
				(at->possibly_part_of = dataset_find(
				     l->ds, COLL_FUNDING, c)) < 0)) {
				snprintf(l->err, l->errlen,
				    "database: no funding '%s'",
				    b != NULL && at->part_of < 0 ? b : c);
				goto out;
			}
		}
	}
	rc = step == SQLITE_DONE ? 0 : db_fail(l, resources[coll]);
out:
	sqlite3_finalize(st);
	return rc;
}

/*
 * Runs a query of (item id, entity id) rows; calls add for each with the
 * item's document and the entity's index.
 */
static int
pairs(struct loader *l, enum store_coll coll, const char *sql,
    int (*add)(struct loader *, struct doc *, int, void *), void *arg)
{
	sqlite3_stmt *st = NULL;
	int rc = -1, step;

	if (sqlite3_prepare_v2(store_db(l->store), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		return db_fail(l, resources[coll]);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		int i = dataset_find(l->ds, coll, id), e;

		if (i < 0) {
			snprintf(l->err, l->errlen, "database: no %s '%s'",
			    resources[coll], id);
			goto out;
		}
		if ((e = entity_of(
			 l, (const char *)sqlite3_column_text(st, 1))) < 0 ||
		    add(l, &l->ds->coll[coll].docs[i], e, arg) != 0)
			goto out;
	}
	rc = step == SQLITE_DONE ? 0 : db_fail(l, resources[coll]);
out:
	sqlite3_finalize(st);
	return rc;
}

static int
add_to_set(struct loader *l, struct doc *d, int e, void *arg)
{
	enum store_role role = *(enum store_role *)arg;

	if (d->a.sets[role] == NULL &&
	    (d->a.sets[role] = new_set(l->ds)) == NULL) {
		snprintf(l->err, l->errlen, "out of memory");
		return -1;
	}
	set_bit(d->a.sets[role], e);
	return 0;
}

static int
add_recipient(struct loader *l, struct doc *d, int e, void *arg)
{
	int *r = realloc(d->a.recipients, (d->a.nrecipients + 1) * sizeof(*r));

	(void)arg;
	if (r == NULL) {
		snprintf(l->err, l->errlen, "out of memory");
		return -1;
	}
	d->a.recipients = r;
	r[d->a.nrecipients++] = e;
	return 0;
}

/* Marks recipient e of funding record d as read, not stated. */
static int
mark_recipient_read(struct loader *l, struct doc *d, int e, void *arg)
{
	(void)arg;
	if (d->a.recipient_inferred == NULL &&
	    (d->a.recipient_inferred = calloc(
		 d->a.nrecipients ? d->a.nrecipients : 1, 1)) == NULL) {
		snprintf(l->err, l->errlen, "out of memory");
		return -1;
	}
	for (size_t k = 0; k < d->a.nrecipients; k++)
		if (d->a.recipients[k] == e)
			d->a.recipient_inferred[k] = 1;
	return 0;
}

/* Marks the containment of funding record d as read, not stated. */
static int
mark_part_of_read(struct loader *l, struct doc *d, int e, void *arg)
{
	(void)l;
	(void)e;
	(void)arg;
	d->a.part_of_inferred = 1;
	return 0;
}

/* Adds place e to where entity d lies; arg says whether that is read. */
static int
add_location(struct loader *l, struct doc *d, int e, void *arg)
{
	size_t n = d->a.nlocations + 1;
	int *v = realloc(d->a.locations, n * sizeof(*v));
	unsigned char *flags;

	if (v != NULL)
		d->a.locations = v;
	if (v == NULL || (flags = realloc(d->a.location_inferred, n)) == NULL) {
		snprintf(l->err, l->errlen, "out of memory");
		return -1;
	}
	d->a.location_inferred = flags;
	d->a.locations[d->a.nlocations] = e;
	d->a.location_inferred[d->a.nlocations++] =
	    (unsigned char)*(const int *)arg;
	return 0;
}

/* What is read rather than stated (funding recipients and containments),
 * and where groups lie (entity_locations). */
static int
load_readings(struct loader *l)
{
	static int stated = 0, inferred = 1;

	if (pairs(l, COLL_FUNDING,
		"SELECT funding_id, entity_id FROM funding_recipients"
		" WHERE inferred",
		mark_recipient_read, NULL) != 0)
		return -1;
	/* the donor only makes it a pair */
	if (pairs(l, COLL_FUNDING,
		"SELECT id, donor FROM funding WHERE part_of_inferred",
		mark_part_of_read, NULL) != 0)
		return -1;
	if (pairs(l, COLL_ENTITIES,
		"SELECT entity_id, place_id FROM entity_locations"
		" WHERE NOT inferred ORDER BY entity_id, position",
		add_location, &stated) != 0)
		return -1;
	return pairs(l, COLL_ENTITIES,
	    "SELECT entity_id, place_id FROM entity_locations"
	    " WHERE inferred ORDER BY entity_id, position",
	    add_location, &inferred);
}

static int
add_ancestor(struct loader *l, struct doc *d, int e, void *arg)
{
	(void)d;
	set_bit(l->ds->ancestors[*(int *)arg], e);
	return 0;
}

/* Every entity with itself and each entity above it. */
static int
load_ancestors(struct loader *l)
{
	struct dataset *ds = l->ds;
	size_t n = ds->coll[COLL_ENTITIES].n;
	sqlite3_stmt *st = NULL;
	int rc = -1, step;

	if ((ds->ancestors = calloc(n ? n : 1, sizeof(*ds->ancestors))) == NULL)
		goto oom;
	for (size_t i = 0; i < n; i++)
		if ((ds->ancestors[i] = new_set(ds)) == NULL)
			goto oom;
	if (sqlite3_prepare_v2(store_db(l->store),
		"SELECT entity_id, ancestor_id FROM entity_ancestors", -1, &st,
		NULL) != SQLITE_OK)
		return db_fail(l, "entity_ancestors");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int e = entity_of(l, (const char *)sqlite3_column_text(st, 0));
		int a = e < 0
		    ? -1
		    : entity_of(l, (const char *)sqlite3_column_text(st, 1));

		if (a < 0)
			goto out;
		add_ancestor(l, NULL, a, &e);
	}
	rc = step == SQLITE_DONE ? 0 : db_fail(l, "entity_ancestors");
	goto out;
oom:
	snprintf(l->err, l->errlen, "out of memory");
out:
	sqlite3_finalize(st);
	return rc;
}

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
		return db_fail(l, "entity_keys");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct entity_key *k =
		    realloc(ds->keys, (ds->nkeys + 1) * sizeof(*k));
		int e;

		if (k == NULL) {
			snprintf(l->err, l->errlen, "out of memory");
			goto out;
		}
		ds->keys = k;
		if ((e = entity_of(
			 l, (const char *)sqlite3_column_text(st, 1))) < 0)
			goto out;
		if ((k[ds->nkeys].key = dup_col(st, 0)) == NULL) {
			snprintf(l->err, l->errlen, "out of memory");
			goto out;
		}
		k[ds->nkeys++].entity = e;
	}
	rc = step == SQLITE_DONE ? 0 : db_fail(l, "entity_keys");
out:
	sqlite3_finalize(st);
	return rc;
}

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
		return db_fail(l, enum_tables[e]);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		char **values = realloc(v->values, (v->n + 2) * sizeof(char *));
		char **labels;

		if (values == NULL)
			goto oom;
		v->values = values;
		if ((labels = realloc(
			 v->labels, (v->n + 2) * sizeof(char *))) == NULL)
			goto oom;
		v->labels = labels;
		v->values[v->n + 1] = v->labels[v->n + 1] = NULL;
		if ((v->values[v->n] = dup_col(st, 0)) == NULL ||
		    (v->labels[v->n++] = dup_col(st, 1)) == NULL)
			goto oom;
	}
	rc = step == SQLITE_DONE && v->n > 0 ? 0 : db_fail(l, enum_tables[e]);
	goto out;
oom:
	snprintf(l->err, l->errlen, "out of memory");
out:
	sqlite3_finalize(st);
	return rc;
}

const char *
dataset_label(const struct dataset *ds, enum store_enum e, const char *value)
{
	const struct store_values *v = &ds->enums[e];

	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->values[i], value) == 0)
			return v->labels[i];
	return value;
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
	if (store_info(s, &ds->info) != 0) {
		snprintf(err, errlen, "database: cannot read its meta table");
		goto fail;
	}
	for (int e = 0; e < ENUM__MAX; e++)
		if (load_enum(&l, (enum store_enum)e) != 0)
			goto fail;
	for (int c = 0; c < COLL__MAX; c++)
		if (load_docs(&l, (enum store_coll)c) != 0)
			goto fail;
	ds->words = (ds->coll[COLL_ENTITIES].n + 63) / 64;
	if (ds->words == 0)
		ds->words = 1;
	if (load_ancestors(&l) != 0 || load_keys(&l) != 0 ||
	    link_attrs(&l, COLL_ENTITIES,
		"SELECT id, parent, NULL, NULL FROM entities WHERE parent IS "
		"NOT NULL") != 0 ||
	    link_attrs(&l, COLL_FUNDING,
		"SELECT id, donor, part_of, possibly_part_of FROM funding") !=
		0 ||
	    pairs(&l, COLL_FUNDING,
		"SELECT funding_id, entity_id FROM funding_recipients "
		"ORDER BY funding_id, position",
		add_recipient, NULL) != 0 ||
	    load_readings(&l) != 0)
		goto fail;
	for (int c = 0; c < COLL__MAX; c++)
		for (int r = 0; r < ROLE__MAX; r++) {
			enum store_role role = (enum store_role)r;

			if (sets_sql[c][r] != NULL &&
			    pairs(&l, (enum store_coll)c, sets_sql[c][r],
				add_to_set, &role) != 0)
				goto fail;
		}
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

/* What a full-text search marks: the documents it found. */
struct found {
	const struct dataset *ds;
	enum store_coll coll;
	unsigned char *hit;
};

static void
mark(const char *id, void *arg)
{
	struct found *f = arg;
	int i = dataset_find(f->ds, f->coll, id);

	if (i >= 0)
		f->hit[i] = 1;
}

/* The year now, for items still going on. */
static int
this_year(void)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	return tm.tm_year + 1900;
}

static int
in_set(const uint64_t *set, int e)
{
	return set != NULL && has_bit(set, e);
}

static int
same(const char *want, const char *have)
{
	return want == NULL || (have != NULL && strcmp(want, have) == 0);
}

long
store_select(struct store *s, const struct dataset *ds, enum store_coll coll,
    const struct store_filter *f, uint32_t *out)
{
	const struct dataset_coll *c = &ds->coll[coll];
	struct found found = { ds, coll, NULL };
	int year = f->from != STORE_UNSET ? this_year() : 0;
	long n = 0;

	if (f->match != NULL) {
		if ((found.hit = calloc(c->n ? c->n : 1, 1)) == NULL)
			return -1;
		if (store_search(s, resources[coll], f->match, mark, &found) !=
		    0) {
			free(found.hit);
			return -1;
		}
	}
	for (size_t i = 0; i < c->n; i++) {
		const struct attrs *a = &c->docs[i].a;
		int end = a->end_year != STORE_UNSET ? a->end_year : year;

		if ((found.hit != NULL && !found.hit[i]) ||
		    !same(f->kind, a->kind) || !same(f->side, a->side) ||
		    !same(f->sector, a->sector) ||
		    !same(f->category, a->category) ||
		    (f->parent != STORE_UNSET && a->parent != f->parent) ||
		    (f->cumulative != STORE_UNSET &&
			a->cumulative != f->cumulative) ||
		    (f->from != STORE_UNSET &&
			(a->start_year == STORE_UNSET || end < f->from)) ||
		    (f->to != STORE_UNSET &&
			(a->start_year == STORE_UNSET ||
			    a->start_year > f->to)) ||
		    (f->entity != STORE_UNSET &&
			!in_set(a->sets[ROLE_ENTITY], f->entity)) ||
		    (f->donor != STORE_UNSET &&
			!in_set(a->sets[ROLE_DONOR], f->donor)) ||
		    (f->recipient != STORE_UNSET &&
			!in_set(a->sets[ROLE_RECIPIENT], f->recipient)))
			continue;
		out[n++] = (uint32_t)i;
	}
	free(found.hit);
	return n;
}

static int
key_cmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct entity_key *)e)->key);
}

size_t
store_resolve_entity(
    const struct dataset *ds, const char *key, int *out, size_t cap)
{
	char lower[256], slug[256];
	const struct entity_key *k, *end = ds->keys + ds->nkeys;
	size_t len = strlen(key), n = 0;
	int e;

	if (slug_write(key, slug, sizeof(slug)) <= 0)
		return 0; /* nothing can match */
	if (len < sizeof(lower)) {
		for (size_t i = 0; i <= len; i++)
			lower[i] = key[i] >= 'A' && key[i] <= 'Z'
			    ? (char)(key[i] - 'A' + 'a')
			    : key[i];
		if ((e = dataset_find(ds, COLL_ENTITIES, lower)) >= 0) {
			if (cap > 0)
				out[0] = e; /* the exact id wins */
			return 1;
		}
	}
	k = bsearch(slug, ds->keys, ds->nkeys, sizeof(*k), key_cmp);
	if (k == NULL)
		return 0;
	while (k > ds->keys && strcmp(k[-1].key, slug) == 0)
		k--;
	for (; k < end && strcmp(k->key, slug) == 0; k++) {
		if (n < cap)
			out[n] = k->entity;
		n++;
	}
	return n;
}
