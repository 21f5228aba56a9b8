#ifndef AID_TEST_HARNESS_ROWS_H
#define AID_TEST_HARNESS_ROWS_H

/*
 * Rows of the store in memory, for the guards that walk them: entities
 * with the index of their parent, their aliases, funding rows with the
 * index of their container and their recipients. Each loader reads its
 * table of the guard's database in id order; on failure it reports,
 * marks the guard unable to check, leaves the set empty and returns -1.
 * Free a set with its _free() either way.
 */

#include <stddef.h>

#include "harness_data.h"

#define SLUG_MAX 512

struct entity {
	char *id;
	char *name;
	char *kind;
	char *side;
	char *parent;	     /* NULL at the top */
	size_t up;	     /* index of parent, NOPOS if none */
	char slug[SLUG_MAX]; /* of the name */
};

struct entities {
	struct entity *v;
	size_t n;
};

struct alias {
	char *entity_id;
	size_t entity; /* index in entities, NOPOS if none */
	char *alias;
	char slug[SLUG_MAX];
};

struct aliases {
	struct alias *v;
	size_t n;
};

/* A funding row; months are 0 when unknown. */
struct fund {
	char *id;
	int sy, sm;
	int has_end, ey, em;
	int cumulative;
	char *part_of;
	char *summary;
	size_t up;     /* index of part_of, NOPOS if none */
	char **rec;    /* recipient entity ids */
	int *rec_read; /* per recipient: read from context, not stated */
	size_t nrec;
};

struct funds {
	struct fund *v;
	size_t n;
};

/* Loads every entity, its slug and the index of its parent: 0, or -1. */
int entities_load(struct guard *g, struct entities *es);
void entities_free(struct entities *es);

/* The index of entity id in es, or NOPOS. */
size_t entity_index(const struct entities *es, const char *id);

/* Whether entity a is e or above e, walking at most es->n steps up. */
int entity_at_or_above(const struct entities *es, size_t a, size_t e);

/* Reports, as offences of g, each entity whose parent chain is a cycle. */
void entities_cycles(struct guard *g, const struct entities *es);

/* Loads every alias, its slug and the index of its entity in es: 0, or
 * -1. */
int aliases_load(
    struct guard *g, const struct entities *es, struct aliases *as);
void aliases_free(struct aliases *as);

/* Loads every funding row with its recipients and the index of its
 * container (part_of): 0, or -1. */
int funds_load(struct guard *g, struct funds *fs);
void funds_free(struct funds *fs);

/* The first and last month (year * 12 + month - 1) of a funding row's
 * period: a missing month the whole year, a missing end LONG_MAX. */
long fund_period_lo(const struct fund *fd);
long fund_period_hi(const struct fund *fd);

/* Reports, as offences of g, each funding row whose part_of chain is a
 * cycle. */
void funds_cycles(struct guard *g, const struct funds *fs);

#endif
