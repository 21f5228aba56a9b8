#ifndef AID_DB_INTERNAL_H
#define AID_DB_INTERNAL_H

/* What the files of db/ share among themselves. */

#include <sqlite3.h>

#include "store.h"

/* The connection of a store, for the loader's one-time queries. */
sqlite3 *store_db(struct store *);

/*
 * Runs the full-text search: calls found(id, arg) for each id of resource
 * whose search body matches the FTS5 query match. Returns 0, or -1 on a
 * database error (logged).
 */
int store_search(struct store *, const char *resource, const char *match,
    void (*found)(const char *id, void *arg), void *arg);

#endif
