#ifndef AID_RECKON_H
#define AID_RECKON_H

/*
 * The reckoning of the honest totals (handlers/reckon.c), which
 * handlers/totals.c answers with: the rows of a grouping of the selected
 * funding records, how each record lies in each row, and what each row
 * adds.
 */

#include "collection.h"

enum grouping { BY_KIND, BY_RECIPIENT, BY_DONOR };

/* How a record lies in a row, from not at all to wholly: the least of two
 * is how it lies in both. */
enum lies { NONE, READ, SHARED, WHOLLY };

/* What a record is in a row it lies wholly in (the order of its lists in
 * total_columns). */
enum status { COUNTED, CONTAINED, UNCERTAIN, NSTATUS };

/* How an entity (a recipient) lies in another: in it (it or below it),
 * partly (a place it is located in is in it), or out of it. */
enum tie { OUT, PART, IN };

/* A row: its group, and how each selected record lies in it. */
struct row {
	const char *key, *name;
	int entity;	     /* its entity, or -1 for a kind */
	unsigned char *lies; /* per selected record: enum lies */
	unsigned char *status;
	long long sum;
	int at_least;
};

struct rows {
	struct row *v;
	size_t n;
	int oom;
};

/* What a selection of records is for the totals. */
struct totals {
	const struct dataset *ds;
	const struct dataset_coll *funds;
	uint32_t *sel; /* the selected records, in id order */
	size_t n;
	unsigned char *limit; /* per selected record: how it lies with the
			       * filters' entities (enum lies) */
	int *at;	      /* per funding record: its place in sel, or -1 */
	enum grouping by;
};

/*
 * Reckons the rows of t's grouping of its selected records (t->sel[0..n),
 * t->at and t->limit allocated): which rows there are (within the
 * entity within, or STORE_UNSET), how each record lies in each (no more
 * than the filter f lets it), what each adds, largest sum first. Sets
 * rows->oom when memory runs out.
 */
void totals_reckon(struct totals *t, const struct store_filter *f, int within,
    struct rows *rows);

/* Frees the rows; what reckoned them may have failed part way. */
void rows_free(struct rows *);

#endif
