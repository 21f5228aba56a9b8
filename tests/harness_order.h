#ifndef AID_TEST_HARNESS_ORDER_H
#define AID_TEST_HARNESS_ORDER_H

/*
 * The order of items, written here from API.md ("Query parameters"): how
 * a sort key compares two items (numbers, strings, dates by year then
 * month and then by where the article tells them, references by name),
 * ties broken by id; and every sort a collection takes.
 */

#include <jansson.h>

#include "harness_api.h"

/*
 * Fails the test unless items (an array of c) follow the ?sort= value
 * spec: each adjacent pair in order by the keys, and by id (ascending)
 * where all the keys tie.
 */
void order_expect_sorted(const struct coll *c, json_t *items, const char *spec);

/* Calls fn with every sort of c: each key both ways, then its comma
 * lists. */
void order_each_sort(
    const struct coll *c, void (*fn)(const struct coll *, const char *));

#endif
