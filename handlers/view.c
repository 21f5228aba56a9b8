/*
 * Each collection's view, prepared once at start-up from the documents:
 * the rank of every item under every sort key (so that a request sorts
 * small integers; chronological order by date, the article's order where
 * dates cannot tell), the member of every field in every document (so
 * that ?fields= copies byte spans) and the CSV cell of every column.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "collection.h"

/* The value at a dotted path ("period.start.year"), or NULL. */
static json_t *
json_at(json_t *v, const char *path)
{
	char key[256];
	const char *dot;

	while ((dot = strchr(path, '.')) != NULL && v != NULL) {
		size_t n = (size_t)(dot - path);

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		v = json_object_get(v, key);
		path = dot + 1;
	}
	return v != NULL ? json_object_get(v, path) : NULL;
}

static int
type_rank(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_FALSE:
	case JSON_TRUE: return 0;
	case JSON_INTEGER:
	case JSON_REAL: return 1;
	case JSON_STRING: return 2;
	case JSON_OBJECT: return 3;
	default: return 4;
	}
}

/*
 * Orders two values: numbers by value, strings by bytes, false before true,
 * objects by their year, month, name then id (dates and entity refs), and
 * missing or null after everything else.
 */
static int
value_cmp(json_t *a, json_t *b)
{
	static const char *const keys[] = { "year", "month", "name", "id" };
	int an = a == NULL || json_is_null(a),
	    bn = b == NULL || json_is_null(b);

	if (an || bn)
		return an - bn;
	if (type_rank(a) != type_rank(b))
		return type_rank(a) - type_rank(b);
	switch (json_typeof(a)) {
	case JSON_INTEGER:
	case JSON_REAL: /* integers exactly, a real with any number by value */
		if (json_is_integer(a) && json_is_integer(b)) {
			json_int_t x = json_integer_value(a),
				   y = json_integer_value(b);

			return (x > y) - (x < y);
		} else {
			double x = json_number_value(a),
			       y = json_number_value(b);

			return (x > y) - (x < y);
		}
	case JSON_STRING:
		return strcmp(json_string_value(a), json_string_value(b));
	case JSON_TRUE:
	case JSON_FALSE: return json_is_true(a) - json_is_true(b);
	case JSON_OBJECT:
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			json_t *x = json_object_get(a, keys[i]);
			json_t *y = json_object_get(b, keys[i]);
			int c;

			/* an unknown month sorts before the year's months */
			if (i == 1 &&
			    (x == NULL || json_is_null(x) || y == NULL ||
				json_is_null(y))) {
				c = !(x == NULL || json_is_null(x)) -
				    !(y == NULL || json_is_null(y));
			} else {
				c = value_cmp(x, y);
			}
			if (c != 0)
				return c;
		}
		return 0;
	default: return 0;
	}
}

/* Ranks the items under one sort key: rank[i] is the number of items
 * that sort strictly before item i. */
static int
rank_by(json_t **docs, size_t n, const char *path, uint32_t *rank)
{
	for (size_t i = 0; i < n; i++) {
		json_t *vi = json_at(docs[i], path);
		uint32_t r = 0;

		for (size_t j = 0; j < n; j++)
			if (value_cmp(json_at(docs[j], path), vi) < 0)
				r++;
		rank[i] = r;
	}
	return 0;
}

/* A date's parts for the chronological order; null when the item has no
 * such date (ongoing: after every date). */
struct when {
	uint32_t item;
	int null, year, month, position; /* month 0: unknown */
};

static int
when_cmp(const void *pa, const void *pb)
{
	const struct when *a = pa, *b = pb;

	if (a->null != b->null)
		return a->null - b->null;
	if (a->year != b->year)
		return (a->year > b->year) - (a->year < b->year);
	if ((a->month == 0) != (b->month == 0))
		return (a->month == 0) - (b->month == 0);
	if (a->month != b->month)
		return (a->month > b->month) - (a->month < b->month);
	return (a->position > b->position) - (a->position < b->position);
}

/*
 * Ranks the items chronologically under a date key: by year; within a
 * year, the dates with a month in month order, each date without a month
 * placed by where the article tells it (before the first dated fact the
 * article tells after it), so that two facts the dates cannot order come
 * in the article's order. Dates equal in year, month and position share
 * a rank.
 */
static int
rank_chronological(json_t **docs, const struct dataset_coll *items, size_t n,
    const char *path, uint32_t *rank)
{
	struct when *w = calloc(n ? n : 1, sizeof(*w)),
		    *out = calloc(n ? n : 1, sizeof(*out));
	size_t at = 0;

	if (w == NULL || out == NULL) {
		free(w);
		free(out);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *d = json_at(docs[i], path);

		w[i] = (struct when){ .item = (uint32_t)i,
			.null = !json_is_object(d),
			.year =
			    (int)json_integer_value(json_object_get(d, "year")),
			.month = (int)json_integer_value(
			    json_object_get(d, "month")),
			.position = items->docs[i].a.position };
	}
	/* by year, then the dated before the undated, each in order */
	qsort(w, n, sizeof(*w), when_cmp);
	for (size_t y = 0; y < n;) {
		size_t end = y, undated;

		while (end < n && w[end].null == w[y].null &&
		    w[end].year == w[y].year)
			end++;
		for (undated = y; undated < end && w[undated].month != 0;)
			undated++;
		/* merge [y, undated) and [undated, end) by position */
		for (size_t a = y, b = undated; a < undated || b < end;)
			if (b == end ||
			    (a < undated && w[a].position <= w[b].position))
				out[at++] = w[a++];
			else
				out[at++] = w[b++];
		y = end;
	}
	for (size_t k = 0; k < n; k++)
		rank[out[k].item] = k > 0 && when_cmp(&out[k], &out[k - 1]) == 0
		    ? rank[out[k - 1].item]
		    : (uint32_t)k;
	free(w);
	free(out);
	return 0;
}

void
view_close(struct view *v)
{
	for (size_t s = 0; v->rank != NULL && s < v->nsorts; s++)
		free(v->rank[s]);
	free(v->rank);
	free(v->member);
	for (size_t i = 0; v->cells != NULL && v->items != NULL &&
	     i < v->items->n * v->ncolumns;
	     i++)
		free(v->cells[i]);
	free(v->cells);
	free(v->cell_lens);
	memset(v, 0, sizeof(*v));
}

int
view_open(struct view *v, const struct collection *c, const struct dataset *ds,
    char *err, size_t errlen)
{
	const struct dataset_coll *items = &ds->coll[c->coll];
	size_t n = items->n;
	json_t **docs = calloc(n ? n : 1, sizeof(*docs));
	int rc = -1;

	memset(v, 0, sizeof(*v));
	v->c = c;
	v->items = items;
	while (c->sorts[v->nsorts].name != NULL)
		v->nsorts++;
	while (c->fields[v->nfields] != NULL)
		v->nfields++;
	while (c->columns[v->ncolumns] != NULL)
		v->ncolumns++;
	if (docs == NULL || v->nfields > MAX_FIELDS ||
	    (v->rank = calloc(v->nsorts, sizeof(*v->rank))) == NULL ||
	    (v->member = calloc(n * v->nfields + 1, sizeof(*v->member))) ==
		NULL ||
	    (v->cells = calloc(n * v->ncolumns + 1, sizeof(*v->cells))) ==
		NULL ||
	    (v->cell_lens =
		    calloc(n * v->ncolumns + 1, sizeof(*v->cell_lens))) == NULL)
		goto oom;
	/* the documents parsed once, here, for their values */
	for (size_t i = 0; i < n; i++) {
		json_error_t jerr;

		if ((docs[i] = json_loadb(items->docs[i].json,
			 items->docs[i].len, 0, &jerr)) == NULL) {
			snprintf(err, errlen,
			    "database: the document of %s/%s is not JSON: %s",
			    c->path + strlen(API_PREFIX) + 1, items->docs[i].id,
			    jerr.text);
			goto out;
		}
	}
	for (size_t s = 0; s < v->nsorts; s++)
		if ((v->rank[s] = calloc(n ? n : 1, sizeof(uint32_t))) ==
			NULL ||
		    (c->sorts[s].chronological
			    ? rank_chronological(
				  docs, items, n, c->sorts[s].path, v->rank[s])
			    : rank_by(docs, n, c->sorts[s].path, v->rank[s])) !=
			0)
			goto oom;
	for (size_t i = 0; i < n; i++) {
		const struct doc *d = &items->docs[i];

		for (size_t f = 0; f < v->nfields; f++) {
			int32_t m = -1;

			for (size_t k = 0; k < d->nmembers && m < 0; k++)
				if (d->members[k].keylen ==
					strlen(c->fields[f]) &&
				    memcmp(d->members[k].key, c->fields[f],
					d->members[k].keylen) == 0)
					m = (int32_t)k;
			v->member[i * v->nfields + f] = m;
		}
		for (size_t col = 0; col < v->ncolumns; col++) {
			struct buf cell = { 0 };
			size_t len;

			csv_value(&cell, docs[i], c->columns[col]);
			len = cell.len;
			if ((v->cells[i * v->ncolumns + col] =
				    buf_finish(&cell)) == NULL)
				goto oom;
			v->cell_lens[i * v->ncolumns + col] = (uint32_t)len;
		}
	}
	rc = 0;
	goto out;
oom:
	snprintf(err, errlen, "out of memory");
out:
	for (size_t i = 0; docs != NULL && i < n; i++)
		json_decref(docs[i]);
	free(docs);
	if (rc != 0)
		view_close(v);
	return rc;
}
