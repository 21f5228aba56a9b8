#ifndef AID_DB_INTERNAL_H
#define AID_DB_INTERNAL_H

/* What the files of db/ share among themselves. */

#include <time.h>

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

/*
 * A ZIP archive of files, in their order, each deflated and dated date
 * (db/zip.c): sets zip->data (malloc'd) and zip->len. Returns 0, or -1 when
 * out of memory or past the 4 GiB and 65535 files of a ZIP without its
 * 64-bit extensions.
 */
int zip_build(const struct store_file *files, size_t n, time_t date,
    struct store_file *zip);

#endif
