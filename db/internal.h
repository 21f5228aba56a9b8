#ifndef AID_DB_INTERNAL_H
#define AID_DB_INTERNAL_H

/* What the files of db/ share among themselves. */

#include <stdint.h>
#include <time.h>

#include <sqlite3.h>

#include "store.h"

/* The connection of a store, for the loader's one-time queries. */
sqlite3 *store_db(struct store *);

/* A slug that names an entity (entity_keys), in the dataset's sorted
 * keys. */
struct entity_key {
	char *key;
	int entity;
};

/* The name of each collection's resource ("entities"). */
extern const char *const dataset_resources[COLL__MAX];

/*
 * Loading the dataset (db/load.c, db/relations.c): where it stopped, for
 * the one-line reason in err.
 */
struct loader {
	struct store *store;
	struct dataset *ds;
	char *err;
	size_t errlen;
};

/* Says in err that the database failed at what (SQLite's message);
 * returns -1. */
int loader_fail(struct loader *, const char *what);
/* Says in err that memory ran out; returns -1. */
int loader_oom(struct loader *);
/* The index of the entity of an id (NULL: none) that table (item, or
 * NULL) refers to; -1 (and err naming them) when there is none. */
int loader_entity(
    struct loader *, const char *table, const char *item, const char *id);
/* Reads the relations between the loaded documents (db/relations.c):
 * parents, donors, recipients, containers, locations, ancestors and the
 * entity sets of the filters. Returns 0, or -1 with err said. */
int dataset_relate(struct loader *);

/* 1 when entity e is in the bit set. */
static inline int
set_has(const uint64_t *set, int e)
{
	return (set[(size_t)e / 64] >> ((size_t)e % 64)) & 1;
}

/*
 * Finds the members and links of d's document (db/scan.c): 0, or -1 when
 * it is not a compact JSON object (a NUL byte among its len bytes, a
 * string or bracket left open, a member without a value), or memory ran
 * out.
 */
int doc_scan(struct doc *d);

/*
 * Runs the full-text search: calls found(id, arg) for each id of resource
 * whose search body matches the FTS5 query match. Returns 0, or -1 on a
 * database error (logged).
 */
int store_search(struct store *, const char *resource, const char *match,
    void (*found)(const char *id, void *arg), void *arg);

/*
 * A ZIP archive of files, in their order, each deflated and dated date
 * (db/zip.c): sets zip->data (malloc'd) and zip->len. Returns 0, or -1 when
 * out of memory or past the 4 GiB and 65535 files of a ZIP without its
 * 64-bit extensions.
 */
int zip_build(const struct store_file *files, size_t n, time_t date,
    struct store_file *zip);

#endif
