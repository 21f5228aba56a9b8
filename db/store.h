#ifndef AID_STORE_H
#define AID_STORE_H

/*
 * The store: the SQLite database built by aid-mkdb, read-only.
 *
 * Two objects. A struct store is one connection with its statements
 * prepared, used by one thread at a time: it answers full-text searches and
 * pings. A struct dataset is everything else, read once at start-up into
 * memory and shared read-only by every thread: each item's finished JSON
 * document (as aid-mkdb rendered it) with the byte spans of its members and
 * links, and the columns the filters test. Nothing here knows about HTTP.
 */

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* The schema version this code reads (PRAGMA user_version of the file). */
#define STORE_SCHEMA_VERSION 5

/* An unset integer filter or attribute. */
#define STORE_UNSET (-1)

/* The prefix of every link inside a document. */
#define STORE_LINK_PREFIX "/api/v1"

enum store_coll {
	COLL_ENTITIES,
	COLL_PARTNERSHIPS,
	COLL_FUNDING,
	COLL_EVENTS,
	COLL_SOURCES,
	COLL__MAX
};

/* The enumerations of schema.sql: the values a column may take. */
enum store_enum {
	ENUM_ENTITY_KIND,
	ENUM_SIDE,
	ENUM_SECTOR,
	ENUM_CATEGORY,
	ENUM_FUNDING_KIND,
	ENUM_BOUND,
	ENUM_PRECISION,
	ENUM__MAX
};

/* One enumeration, in its order: values (NULL-terminated) and labels. */
struct store_values {
	char **values;
	char **labels;
	size_t n;
};

/* The entity sets an item is found by (each closed upward: an item found by
 * an entity is found by every entity above it). */
enum store_role {
	ROLE_ENTITY, /* any party: donor, recipient, involved */
	ROLE_DONOR,
	ROLE_RECIPIENT,
	ROLE__MAX
};

/* A top-level member of a document: "key":value at json[off, off + len);
 * key (keylen bytes, not NUL-terminated) points into json. */
struct member {
	const char *key;
	uint32_t keylen, off, len;
};

/* What the filters and the totals read of an item besides its document. */
struct attrs {
	char *kind;	      /* entities, funding; else NULL */
	char *side;	      /* entities */
	char *sector;	      /* partnerships */
	char *category;	      /* events */
	int parent;	      /* entities: the parent's index, or STORE_UNSET */
	int place;	      /* entities: a place or a group of places */
	int position;	      /* where the quote starts in the source */
	int start_year;	      /* dated items; else STORE_UNSET */
	int end_year;	      /* the last year known to run; STORE_UNSET:
			       * still going on, or undated */
	int cumulative;	      /* funding: 0 or 1; else STORE_UNSET */
	long long amount;     /* funding: yuan */
	int at_least;	      /* funding: the amount is a lower bound */
	int donor;	      /* funding: the donor's entity index */
	int part_of;	      /* funding: the container's index, or UNSET */
	int possibly_part_of; /* funding: a possible container, or UNSET */
	int *recipients;      /* funding: entity indexes, in order */
	size_t nrecipients;
	unsigned char *recipient_inferred; /* funding: per recipient, 1 when
					    * read, not stated; or NULL */
	int part_of_inferred; /* funding: the containment is read */
	int *locations;	      /* entities: the places a group lies in */
	unsigned char *location_inferred; /* per location, 1 when read */
	size_t nlocations;
	uint64_t *sets[ROLE__MAX]; /* bitsets over entities, or NULL */
};

/* One item as it is served. */
struct doc {
	char *id;
	char *name; /* what a reference calls it: a name, title or label */
	char *json; /* the finished document, compact */
	size_t len;
	struct member *members;
	size_t nmembers;
	uint32_t *links; /* offsets in json of each "/api/v1..." link */
	size_t nlinks;
	struct attrs a;
};

struct dataset_coll {
	struct doc *docs; /* sorted by id */
	size_t n;
};

struct store_info {
	int schema_version;
	char dataset_version[64];
	time_t built_at;
};

struct dataset {
	struct dataset_coll coll[COLL__MAX];
	size_t words;		 /* uint64_t words in each entity bitset */
	uint64_t **ancestors;	 /* per entity: itself and every entity above */
	struct entity_key *keys; /* the slugs that name entities, sorted */
	size_t nkeys;
	struct store_values enums[ENUM__MAX];
	struct store_info info;
};

/*
 * Filters of a selection. NULL or STORE_UNSET means "no filter". Entity
 * filters hold entity indexes (from store_resolve_entity); each matches that
 * entity and every entity below it. A collection uses the filters that
 * apply to it.
 */
struct store_filter {
	const char *match; /* an FTS5 query from store_match_query() */
	int entity;	   /* any party (donor, recipient, involved) */
	int donor;
	int recipient;
	int parent;	      /* entities: direct children of this one */
	const char *kind;     /* entities, funding */
	const char *side;     /* entities */
	const char *sector;   /* partnerships */
	const char *category; /* events */
	int from;	      /* years: keep what overlaps [from, to] */
	int to;
	int cumulative; /* funding: 0, 1 */
};

/* A filter that keeps everything. */
#define STORE_FILTER_NONE                                                      \
	((struct store_filter){ .entity = STORE_UNSET,                         \
	    .donor = STORE_UNSET,                                              \
	    .recipient = STORE_UNSET,                                          \
	    .parent = STORE_UNSET,                                             \
	    .from = STORE_UNSET,                                               \
	    .to = STORE_UNSET,                                                 \
	    .cumulative = STORE_UNSET })

/* A file served whole: one of the data package (package_files), or the
 * database itself. */
struct store_file {
	char *path; /* "datapackage.json", "entities.csv" */
	char *type; /* its media type */
	char *data;
	size_t len;
};

/* The licence of a part of the dataset (table licences): code, data,
 * article_text. spdx and url are NULL where the part has no licence. */
struct store_licence {
	char *part, *spdx, *name, *url, *holder, *note;
};

/* What the dataset is and what it offers whole (tables about, licences,
 * package_files, meta), read once at start-up. */
struct store_about {
	char *name, *title, *author, *description;
	char *data_modified; /* when the data last changed, ISO 8601 */
	struct store_licence *licences; /* in their order */
	size_t nlicences;
	struct store_file *files; /* the data package's, sorted by path */
	size_t nfiles;
	struct store_file package;  /* all of them in one ZIP archive */
	struct store_file database; /* the database's own bytes */
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

/* Fills info from the meta table. Returns 0, or -1 with a one-line
 * reason in err (errlen bytes) on a database error. */
int store_info(
    struct store *, struct store_info *info, char *err, size_t errlen);

/* The version of the SQLite library in use ("3.40.1"). */
const char *store_library_version(void);

/* Runs a trivial query. Returns 0 when the database answers, else -1. */
int store_ping(struct store *);

/*
 * Reads every document and attribute into memory. Returns the dataset, or
 * NULL with a one-line reason in err when the database fails or holds a
 * document that is not the compact JSON object aid-mkdb writes. Free with
 * dataset_free(); read-only once loaded, so threads share it.
 */
struct dataset *dataset_load(struct store *, char *err, size_t errlen);

/* Frees everything; NULL is a no-op. */
void dataset_free(struct dataset *);

/* The index of the document of coll with this id, or -1. */
int dataset_find(const struct dataset *, enum store_coll coll, const char *id);

/* The label of value in an enumeration ("Government aid"), or value. */
const char *dataset_label(
    const struct dataset *, enum store_enum e, const char *value);

/* 1 when entity e is a, or lies below a, in the place hierarchy. */
int dataset_below(const struct dataset *, int e, int a);

/*
 * Selects the documents of coll that pass filter: sets out[0..n) to their
 * indexes in id order (out holds the collection's size) and returns n, or
 * -1 when the full-text search fails (logged).
 */
long dataset_select(struct store *, const struct dataset *,
    enum store_coll coll, const struct store_filter *filter, uint32_t *out);

/*
 * Finds the entities a key names: an id (any case), or the slug of a name
 * or alias ("minghang-district", "Minghang District"). Writes up to cap
 * entity indexes to out: one when the key names one entity (an exact id
 * wins over slugs), several in id order when it is ambiguous. Returns how
 * many the key names (possibly more than cap), 0 for none.
 */
size_t dataset_resolve_entity(
    const struct dataset *, const char *key, int *out, size_t cap);

/*
 * Reads what the dataset is and offers whole into about: its names, its
 * licences, the files of the data package (and a ZIP archive of them,
 * datapackage.json first, dated data_modified) and a copy of the
 * database's bytes (as the file holds them). Returns 0, or -1 with a one-line
 * reason in err. Free with about_free() (also after a failure).
 */
int about_load(
    struct store *, struct store_about *about, char *err, size_t errlen);
void about_free(struct store_about *);

/* The file of the data package at path, or NULL. */
const struct store_file *about_file(
    const struct store_about *, const char *path);

/*
 * Turns free text into an FTS5 query: each word, as the search index's
 * tokenizer splits it (letters and numbers of any script; punctuation of
 * any script separates), becomes a quoted prefix term, all of them
 * required; a run of Han characters becomes the phrase of its characters,
 * which the index holds one by one ("文山" matches 文山壮族苗族自治州). Returns
 * the query length, 0 when the text has no word, or -1 when it does not fit in
 * out (cap bytes).
 */
int store_match_query(struct store *, const char *text, char *out, size_t cap);

#endif
