/*
 * Choosing from the dataset on a request's path: a document by id, the
 * documents of a collection that pass a request's filters (a pass over the
 * arrays loaded at start-up, and one full-text query when there is a q),
 * the entities a key names, an enumeration's label.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "text.h"

int
dataset_find(const struct dataset *ds, enum store_coll coll, const char *id)
{
	const struct dataset_coll *c = &ds->coll[coll];
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(id, c->docs[mid].id);

		if (cmp == 0)
			return (int)mid;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

const char *
dataset_label(const struct dataset *ds, enum store_enum e, const char *value)
{
	const struct store_values *v = &ds->enums[e];

	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->values[i], value) == 0)
			return v->labels[i];
	return value;
}

/* What a full-text search marks: the documents it found. */
struct found {
	const struct dataset *ds;
	enum store_coll coll;
	unsigned char *hit;
};

static void
mark(const char *id, void *arg)
{
	struct found *f = arg;
	int i = dataset_find(f->ds, f->coll, id);

	if (i >= 0)
		f->hit[i] = 1;
}

/* The year now, for items still going on. */
static int
this_year(void)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	return tm.tm_year + 1900;
}

static int
in_set(const uint64_t *set, int e)
{
	return set != NULL && set_has(set, e);
}

static int
same(const char *want, const char *have)
{
	return want == NULL || (have != NULL && strcmp(want, have) == 0);
}

long
dataset_select(struct store *s, const struct dataset *ds, enum store_coll coll,
    const struct store_filter *f, uint32_t *out)
{
	const struct dataset_coll *c = &ds->coll[coll];
	struct found found = { ds, coll, NULL };
	int year = f->from != STORE_UNSET ? this_year() : 0;
	long n = 0;

	if (f->match != NULL) {
		if ((found.hit = calloc(c->n ? c->n : 1, 1)) == NULL)
			return -1;
		if (store_search(s, dataset_resources[coll], f->match, mark,
			&found) != 0) {
			free(found.hit);
			return -1;
		}
	}
	for (size_t i = 0; i < c->n; i++) {
		const struct attrs *a = &c->docs[i].a;
		int end = a->end_year != STORE_UNSET ? a->end_year : year;

		if ((found.hit != NULL && !found.hit[i]) ||
		    !same(f->kind, a->kind) || !same(f->side, a->side) ||
		    !same(f->sector, a->sector) ||
		    !same(f->category, a->category) ||
		    (f->parent != STORE_UNSET && a->parent != f->parent) ||
		    (f->cumulative != STORE_UNSET &&
			a->cumulative != f->cumulative) ||
		    (f->from != STORE_UNSET &&
			(a->start_year == STORE_UNSET || end < f->from)) ||
		    (f->to != STORE_UNSET &&
			(a->start_year == STORE_UNSET ||
			    a->start_year > f->to)) ||
		    (f->entity != STORE_UNSET &&
			!in_set(a->sets[ROLE_ENTITY], f->entity)) ||
		    (f->donor != STORE_UNSET &&
			!in_set(a->sets[ROLE_DONOR], f->donor)) ||
		    (f->recipient != STORE_UNSET &&
			!in_set(a->sets[ROLE_RECIPIENT], f->recipient)))
			continue;
		out[n++] = (uint32_t)i;
	}
	free(found.hit);
	return n;
}

static int
key_cmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct entity_key *)e)->key);
}

size_t
dataset_resolve_entity(
    const struct dataset *ds, const char *key, int *out, size_t cap)
{
	char lower[256], slug[256];
	const struct entity_key *k, *end = ds->keys + ds->nkeys;
	size_t len = strlen(key), n = 0;
	int e;

	if (slug_write(key, slug, sizeof(slug)) <= 0)
		return 0; /* nothing can match */
	if (len < sizeof(lower)) {
		for (size_t i = 0; i <= len; i++)
			lower[i] = key[i] >= 'A' && key[i] <= 'Z'
			    ? (char)(key[i] - 'A' + 'a')
			    : key[i];
		if ((e = dataset_find(ds, COLL_ENTITIES, lower)) >= 0) {
			if (cap > 0)
				out[0] = e; /* the exact id wins */
			return 1;
		}
	}
	k = bsearch(slug, ds->keys, ds->nkeys, sizeof(*k), key_cmp);
	if (k == NULL)
		return 0;
	while (k > ds->keys && strcmp(k[-1].key, slug) == 0)
		k--;
	for (; k < end && strcmp(k->key, slug) == 0; k++) {
		if (n < cap)
			out[n] = k->entity;
		n++;
	}
	return n;
}
