/*
 * What the chaos test of start-up compares (tests/harness_chaos.h): what
 * an operation made though an allocation failed against what it makes
 * without failure, member by member.
 */
#include <stdint.h>
#include <string.h>

#include "../db/internal.h"
#include "../handlers/collection.h"
#include "harness_chaos.h"

/* 1 when a and b are both NULL or the same string. */
int
chaos_same_str(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* 1 when the n bytes at a and b are the same, or both are NULL. */
int
chaos_same_mem(const void *a, const void *b, size_t n)
{
	return a == b || n == 0 ||
	    (a != NULL && b != NULL && memcmp(a, b, n) == 0);
}

static int
same_doc(const struct doc *a, const struct doc *b, size_t words)
{
	const struct attrs *x = &a->a, *y = &b->a;
	size_t nr = x->nrecipients, nl = x->nlocations;

	if (!chaos_same_str(a->id, b->id) ||
	    !chaos_same_str(a->name, b->name) || a->len != b->len ||
	    !chaos_same_mem(a->json, b->json, a->len) ||
	    a->nmembers != b->nmembers || a->nlinks != b->nlinks ||
	    !chaos_same_mem(a->links, b->links, a->nlinks * sizeof(*a->links)))
		return 0;
	if (!chaos_same_str(x->kind, y->kind) ||
	    !chaos_same_str(x->side, y->side) ||
	    !chaos_same_str(x->sector, y->sector) ||
	    !chaos_same_str(x->category, y->category) ||
	    x->parent != y->parent || x->place != y->place ||
	    x->position != y->position || x->start_year != y->start_year ||
	    x->end_year != y->end_year || x->cumulative != y->cumulative ||
	    x->amount != y->amount || x->at_least != y->at_least ||
	    x->donor != y->donor || x->part_of != y->part_of ||
	    x->possibly_part_of != y->possibly_part_of ||
	    x->part_of_inferred != y->part_of_inferred ||
	    nr != y->nrecipients || nl != y->nlocations ||
	    !chaos_same_mem(x->recipients, y->recipients, nr * sizeof(int)) ||
	    !chaos_same_mem(x->recipient_inferred, y->recipient_inferred, nr) ||
	    !chaos_same_mem(x->locations, y->locations, nl * sizeof(int)) ||
	    !chaos_same_mem(x->location_inferred, y->location_inferred, nl))
		return 0;
	for (size_t m = 0; m < a->nmembers; m++)
		if (a->members[m].keylen != b->members[m].keylen ||
		    a->members[m].off != b->members[m].off ||
		    a->members[m].len != b->members[m].len)
			return 0;
	for (int r = 0; r < ROLE__MAX; r++)
		if ((x->sets[r] == NULL) != (y->sets[r] == NULL) ||
		    !chaos_same_mem(x->sets[r], y->sets[r], words * 8))
			return 0;
	return 1;
}

int
chaos_same_dataset(const struct dataset *a, const struct dataset *b)
{
	if (a->words != b->words || a->nkeys != b->nkeys ||
	    memcmp(&a->info, &b->info, sizeof(a->info)) != 0)
		return 0;
	for (int c = 0; c < COLL__MAX; c++) {
		if (a->coll[c].n != b->coll[c].n)
			return 0;
		for (size_t i = 0; i < a->coll[c].n; i++)
			if (!same_doc(&a->coll[c].docs[i], &b->coll[c].docs[i],
				a->words))
				return 0;
	}
	for (size_t i = 0; i < a->coll[COLL_ENTITIES].n; i++)
		if (!chaos_same_mem(
			a->ancestors[i], b->ancestors[i], a->words * 8))
			return 0;
	for (size_t i = 0; i < a->nkeys; i++)
		if (!chaos_same_str(a->keys[i].key, b->keys[i].key) ||
		    a->keys[i].entity != b->keys[i].entity)
			return 0;
	for (int e = 0; e < ENUM__MAX; e++) {
		if (a->enums[e].n != b->enums[e].n)
			return 0;
		for (size_t i = 0; i < a->enums[e].n; i++)
			if (!chaos_same_str(
				a->enums[e].values[i], b->enums[e].values[i]) ||
			    !chaos_same_str(
				a->enums[e].labels[i], b->enums[e].labels[i]))
				return 0;
	}
	return 1;
}

static int
same_file(const struct store_file *a, const struct store_file *b)
{
	return chaos_same_str(a->path, b->path) &&
	    chaos_same_str(a->type, b->type) && a->len == b->len &&
	    chaos_same_mem(a->data, b->data, a->len);
}

int
chaos_same_about(const struct store_about *a, const struct store_about *b)
{
	if (!chaos_same_str(a->name, b->name) ||
	    !chaos_same_str(a->title, b->title) ||
	    !chaos_same_str(a->author, b->author) ||
	    !chaos_same_str(a->description, b->description) ||
	    !chaos_same_str(a->data_modified, b->data_modified) ||
	    a->nlicences != b->nlicences || a->nfiles != b->nfiles ||
	    !same_file(&a->package, &b->package) ||
	    !same_file(&a->database, &b->database))
		return 0;
	for (size_t i = 0; i < a->nlicences; i++) {
		const struct store_licence *x = &a->licences[i],
					   *y = &b->licences[i];

		if (!chaos_same_str(x->part, y->part) ||
		    !chaos_same_str(x->spdx, y->spdx) ||
		    !chaos_same_str(x->name, y->name) ||
		    !chaos_same_str(x->url, y->url) ||
		    !chaos_same_str(x->holder, y->holder) ||
		    !chaos_same_str(x->note, y->note))
			return 0;
	}
	for (size_t i = 0; i < a->nfiles; i++)
		if (!same_file(&a->files[i], &b->files[i]))
			return 0;
	return 1;
}

int
chaos_same_view(const struct view *a, const struct view *b)
{
	size_t n = a->items->n, cells = n * a->ncolumns;

	if (a->c != b->c || a->items != b->items || a->nsorts != b->nsorts ||
	    a->nfields != b->nfields || a->ncolumns != b->ncolumns ||
	    !chaos_same_mem(
		a->member, b->member, n * a->nfields * sizeof(*a->member)) ||
	    !chaos_same_mem(
		a->cell_lens, b->cell_lens, cells * sizeof(*a->cell_lens)))
		return 0;
	for (size_t s = 0; s < a->nsorts; s++)
		if (!chaos_same_mem(
			a->rank[s], b->rank[s], n * sizeof(*a->rank[s])))
			return 0;
	for (size_t i = 0; i < cells; i++)
		if (!chaos_same_mem(a->cells[i], b->cells[i], a->cell_lens[i]))
			return 0;
	return 1;
}

int
chaos_same_cites(const struct cites *a, const struct cites *b)
{
	if (a->nsources != b->nsources)
		return 0;
	for (size_t i = 0; i < a->nsources; i++) {
		const struct cite_source *x = &a->sources[i],
					 *y = &b->sources[i];

		if (!chaos_same_str(x->id, y->id) ||
		    !chaos_same_str(x->title, y->title) ||
		    !chaos_same_str(x->publisher, y->publisher) ||
		    !chaos_same_str(x->published, y->published) ||
		    !chaos_same_str(x->url, y->url))
			return 0;
	}
	for (int c = 0; c < COLL__MAX; c++) {
		if (a->n[c] != b->n[c])
			return 0;
		for (size_t i = 0; i < a->n[c]; i++)
			if (!chaos_same_str(a->quotes[c][i], b->quotes[c][i]) ||
			    a->source_at[c][i] != b->source_at[c][i])
				return 0;
	}
	return 1;
}
