#ifndef AID_TEST_HARNESS_NUMERALS_H
#define AID_TEST_HARNESS_NUMERALS_H

/*
 * The article's numerals, for the guards that account for every one of
 * them: a scanner of the numerals of a text (numbers, decades, ordinals,
 * compounds, dates), the list of those that are not facts
 * (tests/data/numerals-not-facts.tsv), and the claims of the fact rows
 * (each quote with the values its row states).
 */

#include <stddef.h>

#include "harness_data.h"

#define NUM_PARTS 4

enum numkind {
	NUM_NUMBER,   /* 12, 9,664, 6.6, 6.6 million */
	NUM_DECADE,   /* 1960s */
	NUM_ORDINAL,  /* 5th */
	NUM_COMPOUND, /* 7+8 */
	NUM_DATE      /* 02-02-2018 */
};

/* One numeral occurring in a text. */
struct numeral {
	size_t off;  /* its first byte */
	size_t len;  /* as written, suffix included */
	size_t span; /* len, plus " million" or " billion" */
	enum numkind kind;
	int exact; /* value (every part) is a known integer */
	long long value;
	long long parts[NUM_PARTS]; /* of a compound or a date */
	size_t nparts;
};

/* A fact row (event, partnership, funding): its quote and its values. */
struct claim {
	char *what; /* "event some-id" */
	char *quote;
	size_t qlen;
	long long *values;
	size_t nvalues;
	long long decade; /* start year of a decade event, or -1 */
};

struct claims {
	struct claim *v;
	size_t n;
};

/* One row of the not-facts list; the strings point into buf. */
struct notfact {
	size_t line;
	const char *numeral;
	const char *context;
	const char *reason;
};

struct notfacts {
	char *buf;
	struct notfact *v;
	size_t n;
	int malformed; /* lines that are not a row */
};

/* Every numeral of t (n bytes, NUL-terminated) in order, their number in
 * *count; the caller frees. */
struct numeral *numerals_scan(const char *t, size_t n, size_t *count);

/*
 * Loads the not-facts list (the fixture's not_facts_path) into *nf; lines
 * that are not a row are skipped, counted in nf->malformed and, if loud,
 * reported. Returns 0, or -1 when the file cannot be read (reported, and
 * the guard cannot check). Free *nf with notfacts_free() either way.
 */
int notfacts_load(struct guard *g, struct notfacts *nf, int loud);
void notfacts_free(struct notfacts *nf);

/*
 * Whether the not-facts row r accounts for the numeral nm of t (n bytes):
 * r names it as written (with or without its " million") and one
 * occurrence of r's context in t contains it.
 */
int notfact_covers(
    const struct notfact *r, const char *t, size_t n, const struct numeral *nm);

/* Loads every claim of the database into *cl: 0, or -1 (reported, and the
 * guard cannot check; *cl is then empty). Free with claims_free(). */
int claims_load(struct guard *g, struct claims *cl);
void claims_free(struct claims *cl);

/* Whether some occurrence of c's quote in t (n bytes) contains nm and c
 * states its value (a number or ordinal one of its values, each part of a
 * compound, the decade of a decade event; never a date). */
int claim_covers(
    const struct claim *c, const char *t, size_t n, const struct numeral *nm);

#endif
