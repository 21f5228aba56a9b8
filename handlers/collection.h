#ifndef AID_COLLECTION_H
#define AID_COLLECTION_H

/*
 * What the collection handlers share: a collection is described by data
 * (its path, filters, sort keys, fields) and listed, filtered, sorted,
 * paged and projected by the same code.
 */

#include <stddef.h>

#include "handlers.h"

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

/* A parameter whose value must be one of a list, kept as a string filter. */
struct choice_filter {
	const char *param;
	size_t offset; /* of its const char * in struct store_filter */
	const char *const *values; /* NULL-terminated */
};

/* A ?sort= key and where its value is in an item ("period.start"). */
struct sort_key {
	const char *name;
	const char *path;
};

struct collection {
	enum store_coll coll;
	const char *path; /* API_PREFIX "/events" */
	const char *noun; /* "event", for messages */
	unsigned int filters;
	const struct choice_filter *choices; /* ends with param NULL */
	const struct sort_key *sorts;	     /* ends with name NULL */
	const char *default_sort;	     /* a ?sort= value */
	const char *const *fields;  /* every field of an item, NULL-ended */
	const char *const *columns; /* its CSV columns, NULL-ended: nested
				     * objects as dotted paths */
};

/*
 * Reads the filter parameters of c into f (strings borrowed from req, which
 * must outlive f; entity keys resolved to ids). Bad values are recorded in
 * req->errors. Returns 0, or -1 when the store failed (rep is then a 500).
 */
int collection_filter(struct request *, const struct collection *c,
    struct store_filter *f, struct reply *rep);

/*
 * Reads ?fields= against c's fields. Returns a new array of field names,
 * or NULL when absent or bad (then recorded in req->errors).
 */
json_t *collection_fields(struct request *, const struct collection *c);

/*
 * The CSV columns of the listed fields (borrowed; NULL: all), in their
 * order, from columns (NULL-ended). Returns a new array, NULL when out of
 * memory.
 */
json_t *collection_columns(const char *const *columns, const json_t *fields);

/* Keeps only the fields (borrowed) in item (taken); returns a new object. */
json_t *collection_project(json_t *item, const json_t *fields);

/* GET on a collection: 200 with the envelope of API.md, or 400. */
void collection_list(
    struct request *, struct reply *, const struct collection *c);

/* GET on one item by id: 200 {"data": item}, 400 or 404. */
void collection_item(
    struct request *, struct reply *, const struct collection *c);

#endif
