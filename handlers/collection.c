/*
 * The machinery of every collection: filters, sort, paging, fields, the
 * envelope and its links. Each resource file only describes itself.
 */
#define _GNU_SOURCE /* qsort_r */
#include <stdlib.h>
#include <string.h>

#include "collection.h"

#define MAX_SORT_KEYS 8
#define MAX_Q_BYTES   256

struct sort_spec {
	const char *path[MAX_SORT_KEYS + 1];
	int desc[MAX_SORT_KEYS + 1];
	size_t n;
};

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
	case JSON_INTEGER: {
		json_int_t x = json_integer_value(a), y = json_integer_value(b);

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

static int
item_cmp(const void *pa, const void *pb, void *arg)
{
	json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	const struct sort_spec *s = arg;

	for (size_t i = 0; i < s->n; i++) {
		int c =
		    value_cmp(json_at(a, s->path[i]), json_at(b, s->path[i]));

		if (c != 0)
			return s->desc[i] ? -c : c;
	}
	return 0;
}

/* Parses a ?sort= value into spec, adding the id tie-break. */
static int
parse_sort(const char *value, const struct collection *c,
    struct sort_spec *spec, const char **bad)
{
	char tok[64];
	const char *p = value;
	int has_id = 0;

	spec->n = 0;
	for (;;) { /* each key; an empty one ("", "a,") is refused */
		const char *comma = strchr(p, ',');
		size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		const struct sort_key *k;
		int desc = 0;

		if (len == 0 || len >= sizeof(tok) ||
		    spec->n == MAX_SORT_KEYS) {
			*bad = len == 0 ? "an empty key" : "too many keys";
			return -1;
		}
		memcpy(tok, p, len);
		tok[len] = '\0';
		if (tok[0] == '-')
			desc = 1;
		for (k = c->sorts; k->name != NULL; k++)
			if (strcmp(k->name, tok + desc) == 0)
				break;
		if (k->name == NULL) {
			*bad = "an unknown key";
			return -1;
		}
		for (size_t i = 0; i < spec->n; i++)
			if (spec->path[i] == k->path) {
				*bad = "a key twice";
				return -1;
			}
		has_id |= strcmp(k->name, "id") == 0;
		spec->path[spec->n] = k->path;
		spec->desc[spec->n++] = desc;
		if (comma == NULL)
			break;
		p = comma + 1;
		if (*p == '\0') {
			*bad = "an empty key";
			return -1;
		}
	}
	if (!has_id) {
		spec->path[spec->n] = "id";
		spec->desc[spec->n++] = 0;
	}
	return 0;
}

static void
sort_error(struct request *req, const struct collection *c, const char *bad)
{
	char keys[512];
	size_t n = 0;

	keys[0] = '\0';
	for (const struct sort_key *k = c->sorts;
	     k->name != NULL && n < sizeof(keys); k++)
		n += (size_t)snprintf(
		    keys + n, sizeof(keys) - n, "%s%s", n ? ", " : "", k->name);
	req_error(req, "sort",
	    "has %s; give a comma list of: %s, each "
	    "optionally preceded by - for descending order",
	    bad, keys);
}

/* Resolves an entity key parameter to an id; NULL when absent or bad. */
static const char *
entity_param(struct request *req, const char *param, int *fault)
{
	const char *key = req_param(req, param);
	json_t *refs = NULL;
	const char *id = NULL;
	size_t n;

	if (key == NULL)
		return NULL;
	if (store_resolve_entity(req->store, key, &refs) != 0) {
		*fault = 1;
		return NULL;
	}
	n = json_array_size(refs);
	if (n == 1) {
		json_t *ref = json_array_get(refs, 0);

		json_array_append(req->keep, ref); /* keeps the id alive */
		id = json_string_value(json_object_get(ref, "id"));
	} else if (n == 0) {
		req_error(req, param,
		    "no entity has the id, name or alias "
		    "'%s'",
		    key);
	} else {
		char list[256];
		size_t len = 0;

		list[0] = '\0';
		for (size_t i = 0; i < n && len < sizeof(list); i++)
			len += (size_t)snprintf(list + len, sizeof(list) - len,
			    "%s%s", i ? ", " : "",
			    json_string_value(json_object_get(
				json_array_get(refs, i), "id")));
		req_error(req, param,
		    "'%s' names %zu entities (%s); use an "
		    "id",
		    key, n, list);
	}
	json_decref(refs);
	return id;
}

int
collection_filter(struct request *req, const struct collection *c,
    struct store_filter *f, struct reply *rep)
{
	int fault = 0;

	*f = (struct store_filter){ .from = STORE_UNSET,
		.to = STORE_UNSET,
		.cumulative = STORE_UNSET };
	/* the strings f borrows live in req->keep, freed with the request */
	if (req->keep == NULL && (req->keep = json_array()) == NULL) {
		reply_fault(rep);
		return -1;
	}
	if (c->filters & F_Q) {
		const char *q = req_param(req, "q");
		char match[4 * MAX_Q_BYTES];
		int n;

		if (q != NULL) {
			n = strlen(q) <= MAX_Q_BYTES
			    ? store_match_query(q, match, sizeof(match))
			    : -1;
			if (n > 0) {
				json_array_append_new(
				    req->keep, json_string(match));
				f->match = json_string_value(json_array_get(
				    req->keep, json_array_size(req->keep) - 1));
			} else if (n == 0) {
				req_error(
				    req, "q", "has no word to search for");
			} else {
				req_error(req, "q", "must be at most %d bytes",
				    MAX_Q_BYTES);
			}
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
		f->entity = entity_param(req, "entity", &fault);
	if (c->filters & F_DONOR)
		f->donor = entity_param(req, "donor", &fault);
	if (c->filters & F_RECIPIENT)
		f->recipient = entity_param(req, "recipient", &fault);
	if (c->filters & F_PARENT)
		f->parent = entity_param(req, "parent", &fault);
	if (c->filters & F_CUMULATIVE)
		f->cumulative = req_bool(req, "cumulative", STORE_UNSET);
	for (const struct choice_filter *cf = c->choices;
	     cf != NULL && cf->param != NULL; cf++)
		*(const char **)(void *)((char *)f + cf->offset) =
		    req_choice(req, cf->param, cf->values);
	if (fault) {
		reply_fault(rep);
		return -1;
	}
	return 0;
}

json_t *
collection_fields(struct request *req, const struct collection *c)
{
	const char *v = req_param(req, "fields"), *p;
	json_t *fields;

	if (v == NULL)
		return NULL;
	if ((fields = json_array()) == NULL)
		return NULL;
	for (p = v;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		const char *const *f;

		for (f = c->fields; *f != NULL; f++)
			if (strlen(*f) == len && strncmp(*f, p, len) == 0)
				break;
		if (*f == NULL) {
			req_error(req, "fields",
			    "'%.*s' is not a field of %s; "
			    "fields are named in the OpenAPI document",
			    (int)(len > 40 ? 40 : len), p, c->noun);
			json_decref(fields);
			return NULL;
		}
		json_array_append_new(fields, json_string(*f));
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	return fields;
}

/* 1 when column (a dotted path) belongs to field. */
static int
column_of(const char *column, const char *field)
{
	size_t n = strlen(field);

	return strncmp(column, field, n) == 0 &&
	    (column[n] == '\0' || column[n] == '.');
}

json_t *
collection_columns(const char *const *columns, const json_t *fields)
{
	json_t *out = json_array(), *f;
	size_t i;

	if (out == NULL)
		return NULL;
	if (fields == NULL) {
		for (i = 0; columns[i] != NULL; i++)
			json_array_append_new(out, json_string(columns[i]));
		return out;
	}
	json_array_foreach(fields, i, f)
	{
		for (size_t j = 0; columns[j] != NULL; j++)
			if (column_of(columns[j], json_string_value(f)))
				json_array_append_new(
				    out, json_string(columns[j]));
	}
	return out;
}

json_t *
collection_project(json_t *item, const json_t *fields)
{
	json_t *out;
	size_t i;
	json_t *name;

	if (fields == NULL)
		return item;
	if ((out = json_object()) != NULL)
		json_array_foreach(fields, i, name)
		{
			const char *key = json_string_value(name);
			json_t *v = json_object_get(item, key);

			if (v != NULL)
				json_object_set(out, key, v);
		}
	json_decref(item);
	return out;
}

/* The Link header: RFC 8288 next and prev, or NULL when neither. */
static char *
link_header(const char *next, const char *prev)
{
	size_t n;
	char *s;

	if (next == NULL && prev == NULL)
		return NULL;
	n = (next ? strlen(next) : 0) + (prev ? strlen(prev) : 0) + 64;
	if ((s = malloc(n)) == NULL)
		return NULL;
	snprintf(s, n, "%s%s%s%s%s%s%s", next ? "<" : "", next ? next : "",
	    next ? ">; rel=\"next\"" : "", next && prev ? ", " : "",
	    prev ? "<" : "", prev ? prev : "", prev ? ">; rel=\"prev\"" : "");
	return s;
}

void
collection_list(
    struct request *req, struct reply *rep, const struct collection *c)
{
	struct store_filter filter;
	struct sort_spec spec;
	json_t *items = NULL, *page = NULL, *fields, *doc;
	char *self = NULL, *next = NULL, *prev = NULL;
	const char *sort, *bad;
	long long limit, offset;
	size_t total, n;
	int csv;

	csv = req_csv(req);
	limit = req_int(req, "limit", 50, 1, 500);
	offset = req_int(req, "offset", 0, 0, 1000000000);
	sort = req_param(req, "sort");
	if (parse_sort(sort != NULL ? sort : c->default_sort, c, &spec, &bad) !=
	    0)
		sort_error(req, c, bad);
	fields = collection_fields(req, c);
	if (collection_filter(req, c, &filter, rep) != 0)
		goto out;
	if (req_finish(req)) {
		reply_invalid(rep, req);
		goto out;
	}
	if (store_list(req->store, c->coll, &filter, &items) != 0) {
		reply_fault(rep);
		goto out;
	}
	total = json_array_size(items);
	{
		/* sort the array's elements in place */
		json_t **v = malloc((total ? total : 1) * sizeof(*v));

		if (v == NULL) {
			reply_fault(rep);
			goto out;
		}
		for (size_t i = 0; i < total; i++)
			v[i] = json_incref(json_array_get(items, i));
		qsort_r(v, total, sizeof(*v), item_cmp, &spec);
		json_array_clear(items);
		for (size_t i = 0; i < total; i++)
			json_array_append_new(items, v[i]);
		free(v);
	}
	if ((page = json_array()) == NULL) {
		reply_fault(rep);
		goto out;
	}
	for (size_t i = (size_t)offset;
	     i < total && i < (size_t)(offset + limit); i++)
		json_array_append_new(page,
		    collection_project(
			json_incref(json_array_get(items, i)), fields));
	n = json_array_size(page);
	self = req_link(req, c->path, -1);
	if ((size_t)(offset + limit) < total)
		next = req_link(req, c->path, offset + limit);
	if (offset > 0) {
		/* the page before; past the end, the last page */
		long long back = (size_t)offset > total
		    ? (long long)total - limit
		    : offset - limit;

		prev = req_link(req, c->path, back > 0 ? back : 0);
	}
	doc = json_pack("{s:O, s:{s:I, s:I, s:I, s:I, s:s}, s:{s:s?, s:s?, "
			"s:s?}}",
	    "data", page, "meta", "total", (json_int_t)total, "count",
	    (json_int_t)n, "limit", (json_int_t)limit, "offset",
	    (json_int_t)offset, "dataset_version", req->info->dataset_version,
	    "links", "self", self, "next", next, "prev", prev);
	reply_json(rep, 200, doc);
	if (doc != NULL) {
		if (csv)
			reply_csv(rep, collection_columns(c->columns, fields));
		rep->total = (long long)total;
		rep->link = link_header(next, prev);
	}
out:
	free(self);
	free(next);
	free(prev);
	json_decref(fields);
	json_decref(items);
	json_decref(page);
}

void
collection_item(
    struct request *req, struct reply *rep, const struct collection *c)
{
	json_t *fields = collection_fields(req, c), *item = NULL;
	int found;

	if (req_finish(req)) {
		reply_invalid(rep, req);
		goto out;
	}
	if ((found = store_get(req->store, c->coll, req->arg, &item)) < 0) {
		reply_fault(rep);
		goto out;
	}
	if (found == 0) {
		reply_problem(
		    rep, 404, "no %s has the id '%s'", c->noun, req->arg);
		goto out;
	}
	reply_json(rep, 200,
	    json_pack("{s:o}", "data", collection_project(item, fields)));
out:
	json_decref(fields);
}
