/*
 * What a request asks of a collection, read from its query: the sort
 * (?sort=, as often as given, as if given once), the filters (q, years,
 * entities, choices) and the fields (?fields=). Each bad value is recorded
 * on the request for its one 400 (req_finish).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collection.h"

#include "../db/text.h"

/* The index of sort key name in c, or -1. */
static int
sort_index(const struct collection *c, const char *name, size_t len)
{
	for (size_t k = 0; c->sorts[k].name != NULL; k++)
		if (strlen(c->sorts[k].name) == len &&
		    memcmp(c->sorts[k].name, name, len) == 0)
			return (int)k;
	return -1;
}

static void
sort_error(struct request *req, const struct collection *c, const char *bad)
{
	const char *names[MAX_SORT_KEYS * 2 + 1];
	size_t n = 0;
	char *s;

	for (;
	     c->sorts[n].name != NULL && n + 1 < sizeof(names) / sizeof(*names);
	     n++)
		names[n] = c->sorts[n].name;
	names[n] = NULL;
	s = req_join(req, names);
	req_error(req, "sort",
	    "has %s; give a comma list of: %s, each "
	    "optionally preceded by - for descending order",
	    bad, s != NULL ? s : "");
	free(s);
}

/* Adds the keys of one ?sort= value (a comma list: "-start,title") to
 * spec. Returns 0, or -1 and *bad: an empty, unknown or repeated key, or
 * too many. */
static int
sort_keys(const char *value, const struct collection *c, struct sort_spec *spec,
    const char **bad)
{
	const char *p = value;

	for (;;) { /* each key; an empty one ("", "a,") is refused */
		const char *comma = strchr(p, ',');
		size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		int desc = len > 0 && p[0] == '-', k;

		if (len == 0 || len >= 64 || spec->n == MAX_SORT_KEYS) {
			*bad = len == 0 ? "an empty key" : "too many keys";
			return -1;
		}
		if ((k = sort_index(c, p + desc, len - (size_t)desc)) < 0) {
			*bad = "an unknown key";
			return -1;
		}
		for (size_t i = 0; i < spec->n; i++)
			if (spec->key[i] == (size_t)k) {
				*bad = "a key twice";
				return -1;
			}
		spec->key[spec->n] = (size_t)k;
		spec->desc[spec->n++] = desc;
		if (comma == NULL)
			return 0;
		p = comma + 1;
		if (*p == '\0') {
			*bad = "an empty key";
			return -1;
		}
	}
}

int
collection_sort(
    struct request *req, const struct collection *c, struct sort_spec *spec)
{
	const char *v, *bad = NULL;
	int id = sort_index(c, "id", 2), has_id = 0;
	size_t k;

	spec->n = 0;
	for (k = 0; (v = req_list(req, "sort", k)) != NULL; k++)
		if (sort_keys(v, c, spec, &bad) != 0)
			break;
	if (bad == NULL && k == 0)
		(void)sort_keys(c->default_sort, c, spec, &bad);
	if (bad != NULL) {
		sort_error(req, c, bad);
		return -1;
	}
	/* ties broken by id */
	for (size_t i = 0; i < spec->n; i++)
		has_id |= spec->key[i] == (size_t)id;
	if (!has_id && id >= 0) {
		spec->key[spec->n] = (size_t)id;
		spec->desc[spec->n++] = 0;
	}
	return 0;
}

/* Resolves an entity key parameter to an entity index; STORE_UNSET when
 * absent or bad (recorded). */
static int
entity_param(struct request *req, const char *param)
{
	const struct dataset *ds = req->api->data;
	const char *key = req_param(req, param);
	int found[64];
	size_t n;

	if (key == NULL)
		return STORE_UNSET;
	n = dataset_resolve_entity(ds, key, found, 64);
	if (n == 1)
		return found[0];
	if (n == 0) {
		req_error(req, param,
		    "no entity has the id, name or alias '%s'", key);
	} else {
		const char *ids[65];
		char *s;
		size_t k;

		for (k = 0; k < n && k < 64; k++)
			ids[k] = ds->coll[COLL_ENTITIES].docs[found[k]].id;
		ids[k] = NULL;
		s = req_join(req, ids);
		req_error(req, param, "'%s' names %zu entities (%s); use an id",
		    key, n, s != NULL ? s : "");
		free(s);
	}
	return STORE_UNSET;
}

void
collection_filter(struct request *req, const struct collection *c,
    struct store_filter *f, char *match, size_t matchlen)
{
	*f = STORE_FILTER_NONE;
	if (c->filters & F_Q) {
		const char *q = req_param(req, "q");
		int n;

		if (q != NULL) {
			n = strlen(q) <= MAX_Q_BYTES
			    ? store_match_query(req->store, q, match, matchlen)
			    : -1;
			if (n > 0)
				f->match = match;
			else if (n == 0)
				req_error(
				    req, "q", "has no word to search for");
			else
				req_error(req, "q", "must be at most %d bytes",
				    MAX_Q_BYTES);
		}
	}
	if (c->filters & F_YEARS) {
		f->from = (int)req_int(req, "from", STORE_UNSET, 1000, 9999);
		f->to = (int)req_int(req, "to", STORE_UNSET, 1000, 9999);
		if (f->from != STORE_UNSET && f->to != STORE_UNSET &&
		    f->from > f->to)
			req_error(req, "from", "must not be after to (%d > %d)",
			    f->from, f->to);
	}
	if (c->filters & F_ENTITY)
		f->entity = entity_param(req, "entity");
	if (c->filters & F_DONOR)
		f->donor = entity_param(req, "donor");
	if (c->filters & F_RECIPIENT)
		f->recipient = entity_param(req, "recipient");
	if (c->filters & F_PARENT)
		f->parent = entity_param(req, "parent");
	if (c->filters & F_CUMULATIVE)
		f->cumulative = req_bool(req, "cumulative", STORE_UNSET);
	for (const struct choice_filter *cf = c->choices;
	     cf != NULL && cf->param != NULL; cf++)
		*(const char **)(void *)((char *)f + cf->offset) =
		    req_choice(req, cf->param,
			(const char *const *)req->api->data->enums[cf->values]
			    .values);
}

int
collection_fields(
    struct request *req, const struct collection *c, size_t *out, size_t cap)
{
	const char *v, *p;
	size_t n = 0;

	for (size_t k = 0; (v = req_list(req, "fields", k)) != NULL; k++) {
		for (p = v;;) {
			const char *comma = strchr(p, ',');
			size_t len =
			    comma != NULL ? (size_t)(comma - p) : strlen(p);
			size_t f;

			for (f = 0; c->fields[f] != NULL; f++)
				if (strlen(c->fields[f]) == len &&
				    strncmp(c->fields[f], p, len) == 0)
					break;
			if (c->fields[f] == NULL) {
				req_error(req, "fields",
				    "'%.*s' is not a field of %s; "
				    "fields are named in the OpenAPI document",
				    (int)(len > 40 ? utf8_cut(p, 40) : len), p,
				    c->noun);
				return -1;
			}
			if (n == cap) {
				req_error(req, "fields",
				    "names more than %zu fields", cap);
				return -1;
			}
			out[n++] = f;
			if (comma == NULL)
				break;
			p = comma + 1;
		}
	}
	return (int)n;
}
