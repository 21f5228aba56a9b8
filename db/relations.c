/*
 * The relations between the items of the dataset, read once the documents
 * are loaded: an entity's parent, a funding record's donor, recipients and
 * containers (stated or read), where groups lie, every entity's
 * ancestors, and the entity sets each item is found by.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

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

int
dataset_below(const struct dataset *ds, int e, int a)
{
	return set_has(ds->ancestors[e], a);
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
		return loader_fail(l, dataset_resources[coll]);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *a = (const char *)sqlite3_column_text(st, 1);
		const char *b = (const char *)sqlite3_column_text(st, 2);
		const char *c = (const char *)sqlite3_column_text(st, 3);
		int i = dataset_find(l->ds, coll, id);
		struct attrs *at;

		if (i < 0) {
			snprintf(l->err, l->errlen, "database: no %s '%s'",
			    dataset_resources[coll], id);
			goto out;
		}
		at = &l->ds->coll[coll].docs[i].a;
		if (coll == COLL_ENTITIES && a != NULL &&
		    (at->parent = loader_entity(
			 l, dataset_resources[coll], id, a)) < 0)
			goto out;
		if (coll == COLL_FUNDING) {
			if ((at->donor = loader_entity(
				 l, dataset_resources[coll], id, a)) < 0)
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
	rc = step == SQLITE_DONE ? 0 : loader_fail(l, dataset_resources[coll]);
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
		return loader_fail(l, dataset_resources[coll]);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		int i = dataset_find(l->ds, coll, id), e;

		if (i < 0) {
			snprintf(l->err, l->errlen, "database: no %s '%s'",
			    dataset_resources[coll], id);
			goto out;
		}
		if ((e = loader_entity(l, dataset_resources[coll], id,
			 (const char *)sqlite3_column_text(st, 1))) < 0 ||
		    add(l, &l->ds->coll[coll].docs[i], e, arg) != 0)
			goto out;
	}
	rc = step == SQLITE_DONE ? 0 : loader_fail(l, dataset_resources[coll]);
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
		return loader_fail(l, "entity_ancestors");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int e = loader_entity(l, "entity_ancestors", NULL,
		    (const char *)sqlite3_column_text(st, 0));
		int a = e < 0 ? -1
			      : loader_entity(l, "entity_ancestors", NULL,
				    (const char *)sqlite3_column_text(st, 1));

		if (a < 0)
			goto out;
		add_ancestor(l, NULL, a, &e);
	}
	rc = step == SQLITE_DONE ? 0 : loader_fail(l, "entity_ancestors");
	goto out;
oom:
	snprintf(l->err, l->errlen, "out of memory");
out:
	sqlite3_finalize(st);
	return rc;
}

int
dataset_relate(struct loader *l)
{
	if (load_ancestors(l) != 0 ||
	    link_attrs(l, COLL_ENTITIES,
		"SELECT id, parent, NULL, NULL FROM entities WHERE parent IS "
		"NOT NULL") != 0 ||
	    link_attrs(l, COLL_FUNDING,
		"SELECT id, donor, part_of, possibly_part_of FROM funding") !=
		0 ||
	    pairs(l, COLL_FUNDING,
		"SELECT funding_id, entity_id FROM funding_recipients "
		"ORDER BY funding_id, position",
		add_recipient, NULL) != 0 ||
	    load_readings(l) != 0)
		return -1;
	for (int c = 0; c < COLL__MAX; c++)
		for (int r = 0; r < ROLE__MAX; r++) {
			enum store_role role = (enum store_role)r;

			if (sets_sql[c][r] != NULL &&
			    pairs(l, (enum store_coll)c, sets_sql[c][r],
				add_to_set, &role) != 0)
				return -1;
		}
	return 0;
}
