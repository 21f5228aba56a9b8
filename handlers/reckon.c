/*
 * The honest totals' reckoning (API.md, "Honest totals").
 *
 * For each row (a kind, a donor or a recipient, each entity with
 * everything below it) a record lies in it wholly (the article places all
 * of it there), shared (the article places it there and elsewhere), read
 * (only a reading of the article ties it there: a recipient or a location
 * inferred from context) or not at all. Of those wholly in it, one whose
 * chain of containers reaches another record wholly in the row is
 * contained when every link of the chain is stated, uncertain when one is
 * read or only possible; the rest are counted. Only the counted are added,
 * so each amount is a lower bound whichever way the article is read.
 */
#include <stdlib.h>
#include <string.h>

#include "reckon.h"

static enum lies
least(enum lies a, enum lies b)
{
	return a < b ? a : b;
}

/* How entity r lies in entity e; *stated is 0 when only read locations
 * make it lie there partly. */
static enum tie
tie_of(const struct dataset *ds, int r, int e, int *stated)
{
	const struct attrs *a = &ds->coll[COLL_ENTITIES].docs[r].a;
	enum tie t = OUT;

	*stated = 1;
	if (dataset_below(ds, r, e))
		return IN;
	*stated = 0;
	for (size_t k = 0; k < a->nlocations; k++)
		if (dataset_below(ds, a->locations[k], e)) {
			t = PART;
			*stated |= !a->location_inferred[k];
		}
	return t;
}

/*
 * How funding record a lies with entity e, by its recipients that count
 * for e: for a place (or group of places), the places among them (all of
 * them when none is a place); for a group that is not a place (an ethnic
 * group, which qualifies the places it is named with), those that are not
 * places. Wholly when each of those is e or below it and one of them is
 * stated; else shared when one stated recipient is in e, or partly in it
 * by a stated location; else read when one is tied to e at all.
 */
static enum lies
lies_with(const struct dataset *ds, const struct attrs *a, int e)
{
	const struct dataset_coll *ents = &ds->coll[COLL_ENTITIES];
	int place_row = ents->docs[e].a.place;
	size_t places = 0, of = 0, in = 0, stated_in = 0, tied = 0,
	       stated_tied = 0;

	for (size_t k = 0; k < a->nrecipients; k++)
		places += ents->docs[a->recipients[k]].a.place;
	for (size_t k = 0; k < a->nrecipients; k++) {
		int r = a->recipients[k], place = ents->docs[r].a.place;
		int said =
		    a->recipient_inferred == NULL || !a->recipient_inferred[k];
		int stated;
		enum tie t;

		if (place_row ? !place && places > 0 : place)
			continue;
		of++;
		t = tie_of(ds, r, e, &stated);
		in += t == IN;
		stated_in += t == IN && said;
		tied += t != OUT;
		stated_tied += t != OUT && said && stated;
	}
	if (tied == 0)
		return NONE;
	if (in == of && stated_in > 0)
		return WHOLLY;
	return stated_tied > 0 ? SHARED : READ;
}

static struct row *
find_row(struct rows *rows, const char *key)
{
	for (size_t k = 0; k < rows->n; k++)
		if (strcmp(rows->v[k].key, key) == 0)
			return &rows->v[k];
	return NULL;
}

/* Adds a row for key unless there is one. */
static void
add_row(struct rows *rows, const char *key, const char *name, int entity,
    size_t nsel)
{
	struct row *v;

	if (find_row(rows, key) != NULL)
		return;
	if ((v = realloc(rows->v, (rows->n + 1) * sizeof(*v))) == NULL) {
		rows->oom = 1;
		return;
	}
	rows->v = v;
	v[rows->n] = (struct row){ .key = key, .name = name, .entity = entity };
	if ((v[rows->n].lies = calloc(nsel + 1, 1)) == NULL ||
	    (v[rows->n].status = calloc(nsel + 1, 1)) == NULL) {
		free(v[rows->n].lies);
		rows->oom = 1;
		return;
	}
	rows->n++;
}

/* The status of selected record i in row r, which it lies wholly in: its
 * chain of containers reaches another record wholly in the row? */
static enum status
status_in(const struct totals *t, const struct row *r, size_t i)
{
	const struct attrs *a = &t->funds->docs[t->sel[i]].a;
	int certain = 1;

	for (int depth = 0; depth < 64; depth++) {
		int next = a->part_of != STORE_UNSET ? a->part_of
						     : a->possibly_part_of;

		if (next == STORE_UNSET)
			break;
		certain &= a->part_of != STORE_UNSET && !a->part_of_inferred;
		if (t->at[next] >= 0 && r->lies[t->at[next]] == WHOLLY)
			return certain ? CONTAINED : UNCERTAIN;
		a = &t->funds->docs[next].a;
	}
	return COUNTED;
}

static enum lies
lies_in(const struct totals *t, const struct row *r, size_t i)
{
	const struct attrs *a = &t->funds->docs[t->sel[i]].a;
	enum lies l;

	switch (t->by) {
	case BY_KIND: l = strcmp(a->kind, r->key) == 0 ? WHOLLY : NONE; break;
	case BY_DONOR:
		l = dataset_below(t->ds, a->donor, r->entity) ? WHOLLY : NONE;
		break;
	default: l = lies_with(t->ds, a, r->entity);
	}
	return l == NONE ? NONE : least(l, (enum lies)t->limit[i]);
}

static void
finish_row(const struct totals *t, struct row *r)
{
	for (size_t i = 0; i < t->n; i++)
		r->lies[i] = (unsigned char)lies_in(t, r, i);
	for (size_t i = 0; i < t->n; i++) {
		const struct attrs *a = &t->funds->docs[t->sel[i]].a;

		if (r->lies[i] == SHARED || r->lies[i] == READ)
			r->at_least = 1;
		if (r->lies[i] != WHOLLY)
			continue;
		r->status[i] = (unsigned char)status_in(t, r, i);
		if (r->status[i] == COUNTED) {
			r->sum += a->amount;
			r->at_least |= a->at_least;
		} else if (r->status[i] == UNCERTAIN) {
			r->at_least = 1;
		}
	}
}

/* The rows of the grouping: every kind, donor or recipient of the selected
 * records, and for entities every entity above one or, for a recipient
 * located in places, above one of those (within the filter's entity, when
 * it names one). */
static void
make_rows(const struct totals *t, struct rows *rows, int within)
{
	const struct dataset_coll *ents = &t->ds->coll[COLL_ENTITIES];

	for (size_t i = 0; i < t->n; i++) {
		const struct attrs *a = &t->funds->docs[t->sel[i]].a;

		if (t->by == BY_KIND) {
			add_row(rows, a->kind,
			    dataset_label(t->ds, ENUM_FUNDING_KIND, a->kind),
			    -1, t->n);
			continue;
		}
		for (size_t k = 0; k < a->nrecipients || t->by == BY_DONOR;
		     k++) {
			int e = t->by == BY_DONOR ? a->donor : a->recipients[k];

			for (size_t up = 0; up < ents->n; up++) {
				int stated;

				if ((t->by == BY_DONOR
					    ? dataset_below(t->ds, e, (int)up)
					    : tie_of(t->ds, e, (int)up,
						  &stated) != OUT) &&
				    (within == STORE_UNSET ||
					dataset_below(t->ds, (int)up, within)))
					add_row(rows, ents->docs[up].id,
					    ents->docs[up].name, (int)up, t->n);
			}
			if (t->by == BY_DONOR)
				break;
		}
	}
}

static int
row_cmp(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;

	if (a->sum != b->sum)
		return a->sum > b->sum ? -1 : 1;
	return strcmp(a->key, b->key);
}

/*
 * How each selected record lies with the filters' entities: by recipient,
 * as it lies with it; by any party, wholly when its donor is below it,
 * else as it lies with it. A record lies in a row no more than that.
 */
static void
mark_limits(struct totals *t, const struct store_filter *f)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct attrs *a = &t->funds->docs[t->sel[i]].a;
		enum lies l = WHOLLY;

		if (f->recipient != STORE_UNSET)
			l = least(l, lies_with(t->ds, a, f->recipient));
		if (f->entity != STORE_UNSET &&
		    !dataset_below(t->ds, a->donor, f->entity))
			l = least(l, lies_with(t->ds, a, f->entity));
		/* found by a filter through a recipient that does not count
		 * for its entity: tied to it, not placed in it */
		t->limit[i] = (unsigned char)(l == NONE ? READ : l);
	}
}

void
totals_reckon(struct totals *t, const struct store_filter *f, int within,
    struct rows *rows)
{
	mark_limits(t, f);
	make_rows(t, rows, within);
	for (size_t i = 0; i < rows->n; i++)
		finish_row(t, &rows->v[i]);
	if (!rows->oom && rows->n > 1)
		qsort(rows->v, rows->n, sizeof(*rows->v), row_cmp);
}

void
rows_free(struct rows *rows)
{
	for (size_t i = 0; i < rows->n; i++) {
		free(rows->v[i].lies);
		free(rows->v[i].status);
	}
	free(rows->v);
	memset(rows, 0, sizeof(*rows));
}
