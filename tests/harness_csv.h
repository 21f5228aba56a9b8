#ifndef AID_TEST_HARNESS_CSV_H
#define AID_TEST_HARNESS_CSV_H

/*
 * The CSV reader: RFC 4180 text parsed strictly into rows, and how a
 * CSV's columns and cells stand for an item's JSON.
 */

#include <stddef.h>

#include <jansson.h>

/*
 * Parses RFC 4180 text strictly: every record ends with CRLF (the last
 * one too); a field is quoted ("" for a quote inside) or holds no quote,
 * CR or LF. Returns the rows, each an array of strings (a new reference),
 * or NULL with *why saying what is wrong.
 */
json_t *csv_parse(const char *s, size_t len, const char **why);

/* The index of column name in a header row, or -1. */
long csv_column(json_t *header, const char *name);

/* The value a dotted column ("source.quote") names in an object
 * (borrowed), or NULL. */
json_t *csv_dotted(json_t *item, const char *column);

/* The RFC 4180 form of a value that needs quoting: in quotes, its quotes
 * doubled (malloc'd). */
char *csv_quote(const char *s);

#endif
