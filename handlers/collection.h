#ifndef AID_COLLECTION_H
#define AID_COLLECTION_H

/*
 * What the collection handlers share: a collection is described by data
 * (its path, filters, sort keys, fields) and listed, filtered, sorted,
 * paged and projected by the same code, over what start-up prepared: the
 * store's documents, a rank of every item for every sort key, the member
 * of every field and the CSV cell of every column.
 */

#include <stddef.h>
#include <stdint.h>

#include "handlers.h"

/*
 * The most rows a CSV answer without limit holds: it holds every row that
 * matches (the whole dataset is some sixty rows a collection), and past
 * this answers a 400 naming limit rather than cutting the rows silently.
 */
#define CSV_MAX_ROWS 1000

#define MAX_SORT_KEYS 8
#define MAX_FIELDS    64  /* fields of an item */
#define MAX_LISTED    512 /* names in one ?fields= */
#define MAX_Q_BYTES   256 /* of q */

/* Filters a collection takes besides its choice filters. */
enum {
	F_Q = 1 << 0,	   /* q: full-text search */
	F_YEARS = 1 << 1,  /* from, to */
	F_ENTITY = 1 << 2, /* entity: any party */
	F_DONOR = 1 << 3,
	F_RECIPIENT = 1 << 4,
	F_PARENT = 1 << 5,     /* parent: direct children */
	F_CUMULATIVE = 1 << 6, /* cumulative: true or false */
};

/* A parameter whose value must be one of an enumeration of the store,
 * kept as a string filter. */
struct choice_filter {
	const char *param;
	size_t offset; /* of its const char * in struct store_filter */
	enum store_enum values;
};

/*
 * A ?sort= key and where its value is in an item ("period.start"). A
 * chronological key orders dates by year, then by month where both have
 * one, and otherwise by where the article tells the facts.
 */
struct sort_key {
	const char *name;
	const char *path;
	int chronological;
};

struct collection {
	enum store_coll coll;
	const char *path;     /* API_PREFIX "/events" */
	const char *noun;     /* "event", for messages */
	const char *csv_name; /* "events.csv", a download's name */
	unsigned int filters;
	const struct choice_filter *choices; /* ends with param NULL */
	const struct sort_key *sorts;	     /* ends with name NULL */
	const char *default_sort;	     /* a ?sort= value */
	const char *const *fields; /* every field of an item, NULL-ended */
	/* its CSV columns, NULL-ended: nested objects as dotted paths */
	const char *const *columns;
	/* the item GET path/{arg} names: its index, or -1 when rep already
	 * holds the answer (404, 300); NULL: the item whose id is arg */
	int (*find)(
	    struct request *, struct reply *, const struct collection *);
};

extern const struct collection entities_collection;
extern const struct collection partnerships_collection;
extern const struct collection funding_collection;
extern const struct collection events_collection;
extern const struct collection sources_collection;

/* A collection as start-up prepared it. */
struct view {
	const struct collection *c;
	const struct dataset_coll *items;
	size_t nsorts, nfields, ncolumns;
	uint32_t **rank;     /* [sort key][item]: its place in that order */
	int32_t *member;     /* [item * nfields + field]: member, or -1 */
	char **cells;	     /* [item * ncolumns + column]: the CSV cell */
	uint32_t *cell_lens; /* their lengths */
};

/* What the citations read of the data, prepared at start-up
 * (citation.c). */
struct cite_source {
	char *id, *title, *publisher, *published, *url; /* url NULL: unknown */
};
struct cites {
	char **quotes[COLL__MAX];     /* [coll][item]: the fact's quote */
	size_t *source_at[COLL__MAX]; /* [coll][item]: its source's index */
	size_t n[COLL__MAX];
	struct cite_source *sources;
	size_t nsources;
};

/* Everything the handlers prepared at start-up, shared read-only. */
struct api {
	struct dataset *data;
	struct view views[COLL__MAX];
	char *openapi_head, *openapi_tail; /* around the servers url */
	size_t openapi_head_len, openapi_tail_len;
	struct store_about about; /* names, licences, downloads */
	struct cites cites;
	/* the downloads' file names, with the dataset version */
	char database_name[96], package_name[96], bibtex_name[96], csl_name[96],
	    text_name[96];
};

/* Prepares the downloads' names and the citations (at start-up); 0, or
 * -1 with err. */
int downloads_open(struct api *, char *err, size_t errlen);
int cites_open(struct api *, char *err, size_t errlen);
void cites_close(struct cites *);

/* Prepares the view of a collection (at start-up, handlers/view.c); 0, or
 * -1 with err. */
int view_open(struct view *, const struct collection *, const struct dataset *,
    char *err, size_t errlen);
/* Frees what view_open made (also after it failed) and clears v. */
void view_close(struct view *);

/* Prepares /openapi.json (openapi.c); 0, or -1 with err. */
int openapi_open(struct api *, char *err, size_t errlen);

/*
 * CSV (csv.c): appends the cell of the value at a dotted path of item (a
 * scalar as text, a list joined by "; ", null as nothing), quoted when
 * RFC 4180 needs it; and a cell of plain text.
 */
struct json_t;
void csv_value(struct buf *, struct json_t *item, const char *path);
void csv_text(struct buf *, const char *s, size_t len);
/* Appends the items page[0..n) of v as CSV: a header row of the columns of
 * fields (all when nfields is 0), then one row each; an href under
 * prefix. */
void csv_page(struct buf *, const struct view *v, const uint32_t *page,
    size_t n, const size_t *fields, int nfields, const char *prefix);

/*
 * Appends doc's bytes [off, off + len) with prefix put before each link
 * they hold.
 */
void put_span(struct buf *, const struct doc *, size_t off, size_t len,
    const char *prefix);

/* A request's order: keys (indexes into the collection's sorts) and
 * directions, the id last to break ties. */
struct sort_spec {
	const struct view *v;
	size_t key[MAX_SORT_KEYS + 1];
	int desc[MAX_SORT_KEYS + 1];
	size_t n;
};

/*
 * Reads ?sort= of c (its values in order, as if given once as a comma
 * list; c's default order without it) into spec, ending with the id.
 * Returns 0, or -1 when bad (recorded in req->errors).
 */
int collection_sort(
    struct request *, const struct collection *c, struct sort_spec *spec);

/*
 * Reads the filter parameters of c into f (entity keys resolved to
 * entity indexes, the search query in match, which f borrows). Bad values
 * are recorded in req->errors.
 */
void collection_filter(struct request *, const struct collection *c,
    struct store_filter *f, char *match, size_t matchlen);

/* GET on a collection: 200 with the envelope of API.md, or 400. */
void collection_list(
    struct request *, struct reply *, const struct collection *c);

/* GET on one item (by id, or as c->find says): 200 {"data": item}, with
 * the item's own address in Content-Location when arg is not its id; 400
 * or 404 (or what c->find answers). */
void collection_item(
    struct request *, struct reply *, const struct collection *c);

/*
 * Reads ?fields= against c's fields into out (field indexes, in the order
 * given, at most cap). Returns how many, 0 when absent, -1 when bad
 * (recorded in req->errors).
 */
int collection_fields(
    struct request *, const struct collection *c, size_t *out, size_t cap);

/* Appends the address of c's item id under the request's prefix. */
void put_href(struct buf *, const struct request *, const struct collection *c,
    const char *id);

/* Appends {"data": item} of doc i of view v, projected to fields. */
void put_item(struct buf *, const struct view *v, size_t i,
    const size_t *fields, int nfields, const char *prefix);

#endif
