#ifndef AID_CITE_H
#define AID_CITE_H

/*
 * The forms of a citation (handlers/cite.c), which handlers/citation.c
 * fills for the dataset and for each fact: dates, BibTeX's escapes, the
 * permanent address, the licence of a part, and the one way out (JSON
 * with the three forms, or one alone as a download).
 */

#include <jansson.h>

#include "collection.h"

/* ?format=: JSON with every form, or one alone. */
enum { FORMAT_JSON, FORMAT_TEXT, FORMAT_BIBTEX, FORMAT_CSL };

/* English month names, and BibTeX's (index 0: January). */
extern const char *const months[12];
extern const char *const bib_months[12];

/* A date's parts from "YYYY-MM-DD..." (0s when it is not one). */
struct ymd {
	int y, m, d;
};

/* A date's parts from "YYYY-MM-DD..." (0s when it is not one). */
struct ymd ymd_of(const char *s);
/* Appends "(2018, February 2)", APA's date of a dated work ("(n.d.)"). */
void put_apa_date(struct buf *, struct ymd t);
/* Appends s as a BibTeX field value: TeX's special characters escaped. */
void put_bib(struct buf *, const char *s);
/* Appends the permanent address of path: absolute when a trusted proxy
 * gave the public base, else the path under the request's prefix. */
void put_address(struct buf *, const struct request *, const char *path);
/* CSL's {"date-parts": [[y, m, d]]} (a new reference, or NULL). */
json_t *csl_date(struct ymd t);
/* The licence of a part of the dataset ("data"), or NULL. */
const struct store_licence *licence(const struct api *, const char *part);
/* The index of the value of ?format= (FORMAT_JSON when absent; a bad value
 * is recorded on req). */
int format_of(struct request *);
/*
 * Sends one citation: JSON with all three forms (data, already holding its
 * own members, gains text, bibtex and csl), or one alone as a download.
 * Takes data, text, bib and csl, on every path; any of them NULL (out of
 * memory) is the 500.
 */
void reply_citation(struct request *, struct reply *, int format, json_t *data,
    char *text, char *bib, json_t *csl);

#endif
