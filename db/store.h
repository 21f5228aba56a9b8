#ifndef AID_STORE_H
#define AID_STORE_H

/*
 * The store: read-only access to the SQLite database built by aid-mkdb.
 * One struct store is one connection with every statement prepared; it is
 * used by one thread at a time. Items come back as jansson documents in the
 * shapes of API.md. Nothing here knows about HTTP.
 */

#include <stddef.h>
#include <time.h>

#include <jansson.h>

/* The schema version this code reads (PRAGMA user_version of the file). */
#define STORE_SCHEMA_VERSION 1

/* An unset integer filter. */
#define STORE_UNSET (-1)

enum store_coll {
	COLL_ENTITIES,
	COLL_PARTNERSHIPS,
	COLL_FUNDING,
	COLL_EVENTS,
	COLL_SOURCES,
	COLL__MAX
};

/*
 * Filters of a list query. Strings are borrowed; NULL (or STORE_UNSET) means
 * "no filter". Entity ids must be resolved ids (store_resolve_entity); each
 * matches that entity and every entity below it. A collection's query uses
 * only the filters that apply to it.
 */
struct store_filter {
	const char *match;  /* an FTS5 query from store_match_query() */
	const char *entity; /* any party (donor, recipient, involved) */
	const char *donor;
	const char *recipient;
	const char *parent;   /* entities: direct children of this id */
	const char *kind;     /* entities, funding */
	const char *side;     /* entities */
	const char *sector;   /* partnerships */
	const char *category; /* events */
	int from;	      /* years: keep what overlaps [from, to] */
	int to;
	int cumulative; /* funding: 0, 1 */
};

struct store_info {
	int schema_version;
	char dataset_version[64];
	time_t built_at;
};

struct store;

/*
 * Opens the database at path read-only and prepares every statement.
 * Returns the store, or NULL with a one-line reason in err (errlen bytes)
 * when the file is missing, unreadable, not a database, corrupt or of
 * another schema version. Free with store_close().
 */
struct store *store_open(const char *path, char *err, size_t errlen);

/* Finalizes the statements and closes the connection; NULL is a no-op. */
void store_close(struct store *);

/* Fills info from the meta table. Returns 0, or -1 on a database error. */
int store_info(struct store *, struct store_info *info);

/* The version of the SQLite library in use ("3.40.1"). */
const char *store_library_version(void);

/* Runs a trivial query. Returns 0 when the database answers, else -1. */
int store_ping(struct store *);

/*
 * Sets *out to a new array of the documents of coll that pass filter, in
 * the store's order (by id). Returns 0, or -1 on a database error (*out is
 * then NULL). The caller owns *out.
 */
int store_list(struct store *, enum store_coll coll,
    const struct store_filter *filter, json_t **out);

/*
 * Sets *out to a new reference to the document of coll with this id.
 * Returns 1 when found, 0 when not (*out NULL), -1 on a database error.
 */
int store_get(
    struct store *, enum store_coll coll, const char *id, json_t **out);

/*
 * Finds the entities a key names: an id (any case), or the slug of a name
 * or alias ("minghang-district", "Minghang District"). Sets *out to a new
 * array of {"id","name","kind"} refs: one element when the key names one
 * entity (an exact id wins over slugs), several when it is ambiguous, none
 * when it names nothing. Returns 0, or -1 on a database error.
 */
int store_resolve_entity(struct store *, const char *key, json_t **out);

/*
 * Turns free text into an FTS5 query: each word (a run of ASCII letters and
 * digits, or of non-ASCII bytes) becomes a quoted prefix term, all of them
 * required. Returns the query length, 0 when the text has no word, or -1
 * when it does not fit in out (cap bytes).
 */
int store_match_query(const char *text, char *out, size_t cap);

#endif
