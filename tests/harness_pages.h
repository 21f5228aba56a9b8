#ifndef AID_TEST_HARNESS_PAGES_H
#define AID_TEST_HARNESS_PAGES_H

/*
 * Collection pages: the envelope of API.md (data, meta, links), the
 * X-Total-Count and Link headers that go with it, every item under a
 * query, and the walk from page to page. The expectations fail the test
 * naming last_request().
 */

#include <jansson.h>

#include "harness.h"
#include "harness_api.h"

/* links.<rel> of a collection: a string, or NULL for JSON null; fails the
 * test on anything else. Borrowed from links. */
const char *page_link(json_t *links, const char *rel);

/*
 * Fails the test unless r is a 200 collection page of limit and offset:
 * the envelope, meta (count, limit, offset, the dataset's version),
 * X-Total-Count, links as absolute paths, next and prev exactly where
 * there is a page, and the Link header saying the same.
 */
void page_expect(
    const struct http_response *r, long long limit, long long offset);

/* Every item of a collection under the query fmt formats (maybe ""), in
 * the order served, from one page of 500 (fails the test when it needs
 * more). New reference. */
json_t *page_all(const char *coll, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The sorted ids (harness_ids.h) a collection lists under a query. New
 * string. */
char *page_ids(const char *coll, const char *query);

/* Fails the test unless coll?query lists exactly the ids (sorted, joined)
 * of sql_ids. */
void page_expect_ids(const char *coll, const char *query, const char *sql_ids);

/*
 * Walks the pages of c sorted by spec, following links.next from the
 * first page of c->paged_by items: fails the test unless together they
 * list the items of the full listing in its order, each once, and each
 * page's links.prev leads back to the page before.
 */
void page_walk(const struct coll *c, const char *spec);

#endif
