/*
 * /api/v1/funding: every amount of money, and its honest totals.
 */
#include <stddef.h>
#include <string.h>

#include "collection.h"

/* The kinds of db/schema.sql's CHECK constraint, with their row names. */
static const char *const kinds[] = { "government_aid", "donation",
	"enterprise_investment", NULL };
static const char *const kind_names[] = { "Government aid", "Donation",
	"Enterprise investment", NULL };

static const struct choice_filter choices[] = {
	{ "kind", offsetof(struct store_filter, kind), kinds },
	{ NULL, 0, NULL },
};

static const struct sort_key sorts[] = {
	{ "id", "id" },
	{ "start", "period.start" },
	{ "end", "period.end" },
	{ "amount_yuan", "amount_yuan" },
	{ "kind", "kind" },
	{ "donor", "donor" },
	{ NULL, NULL },
};

static const char *const fields[] = { "id", "amount_yuan", "bound", "kind",
	"period", "donor", "recipients", "purpose", "cumulative", "part_of",
	"summary", "source", NULL };

static const char *const columns[] = { "id", "amount_yuan", "bound", "kind",
	"period.start.year", "period.start.month", "period.end.year",
	"period.end.month", "donor.id", "donor.name", "recipients", "purpose",
	"cumulative", "part_of", "summary", "source.id", "source.quote", NULL };

static const struct collection funding = {
	.coll = COLL_FUNDING,
	.path = API_PREFIX "/funding",
	.noun = "funding record",
	.filters =
	    F_Q | F_YEARS | F_ENTITY | F_DONOR | F_RECIPIENT | F_CUMULATIVE,
	.choices = choices,
	.sorts = sorts,
	.default_sort = "start",
	.fields = fields,
	.columns = columns,
};

void
handle_fundings(struct request *req, struct reply *rep)
{
	collection_list(req, rep, &funding);
}

void
handle_funding(struct request *req, struct reply *rep)
{
	collection_item(req, rep, &funding);
}

static const char *const total_columns[] = { "key", "name", "amount_yuan",
	"at_least", "counted", "contained", NULL };

static const char *const group_bys[] = { "kind", "recipient", "donor", NULL };

static const char *const rules[] = {
	"Each row adds up the amount_yuan of its counted records; a record "
	"that is part_of another record of the same row is listed as "
	"contained and not added, so no yuan is counted twice within a row.",
	"Each row adds up the amount_yuan of its counted records; a record "
	"that is part_of another record of the same row is listed as "
	"contained and not added. A record with several recipients counts in "
	"the row of each, so the rows must not be added together.",
};

/* Appends a record to the row of key, creating the row. */
static int
add_to_row(json_t *rows, const char *key, const char *name, json_t *item)
{
	json_t *row = json_object_get(rows, key);

	if (row == NULL) {
		row = json_pack(
		    "{s:s, s:s, s:[]}", "key", key, "name", name, "members");
		if (row == NULL || json_object_set_new(rows, key, row) != 0)
			return -1;
	}
	return json_array_append(json_object_get(row, "members"), item);
}

/* 1 when a part_of chain from item reaches another member of the row. */
static int
contained(json_t *item, json_t *members, json_t *by_id)
{
	json_t *p = json_object_get(item, "part_of");

	for (size_t depth = 0; json_is_string(p) && depth < 64; depth++) {
		json_t *container =
		    json_object_get(by_id, json_string_value(p));
		size_t i;
		json_t *m;

		json_array_foreach(members, i, m) if (m == container) return 1;
		p = json_object_get(container, "part_of");
	}
	return 0;
}

/* Turns a row's members into amount_yuan, at_least, counted, contained. */
static json_t *
finish_row(json_t *row, json_t *by_id)
{
	json_t *members = json_object_get(row, "members");
	json_t *counted = json_array(), *inside = json_array(), *m;
	json_int_t sum = 0;
	int at_least = 0;
	size_t i;

	json_array_foreach(members, i, m)
	{
		json_t *id = json_object_get(m, "id");

		if (contained(m, members, by_id)) {
			json_array_append(inside, id);
			continue;
		}
		json_array_append(counted, id);
		sum += json_integer_value(json_object_get(m, "amount_yuan"));
		at_least |=
		    strcmp(json_string_value(json_object_get(m, "bound")),
			"at_least") == 0;
	}
	return json_pack("{s:O, s:O, s:I, s:b, s:o, s:o}", "key",
	    json_object_get(row, "key"), "name", json_object_get(row, "name"),
	    "amount_yuan", sum, "at_least", at_least, "counted", counted,
	    "contained", inside);
}

static int
row_cmp(const void *pa, const void *pb)
{
	json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	json_int_t x = json_integer_value(json_object_get(a, "amount_yuan"));
	json_int_t y = json_integer_value(json_object_get(b, "amount_yuan"));

	if (x != y)
		return x > y ? -1 : 1;
	return strcmp(json_string_value(json_object_get(a, "key")),
	    json_string_value(json_object_get(b, "key")));
}

/* Groups the records and sums each group; NULL when out of memory. */
static json_t *
totals(json_t *items, const char *group_by)
{
	json_t *rows = json_object(), *by_id = json_object(), *out = NULL;
	json_t *item, *row, **v = NULL;
	const char *key;
	size_t i, n = 0;

	if (rows == NULL || by_id == NULL)
		goto out;
	json_array_foreach(items, i, item)
	{
		json_t *ref, *recipients;
		size_t j;

		json_object_set(by_id,
		    json_string_value(json_object_get(item, "id")), item);
		if (strcmp(group_by, "kind") == 0) {
			const char *k =
			    json_string_value(json_object_get(item, "kind"));
			size_t x = 0;

			while (kinds[x] != NULL && strcmp(kinds[x], k) != 0)
				x++;
			if (add_to_row(rows, k,
				kind_names[x] != NULL ? kind_names[x] : k,
				item) != 0)
				goto out;
		} else if (strcmp(group_by, "donor") == 0) {
			ref = json_object_get(item, "donor");
			if (add_to_row(rows,
				json_string_value(json_object_get(ref, "id")),
				json_string_value(json_object_get(ref, "name")),
				item) != 0)
				goto out;
		} else {
			recipients = json_object_get(item, "recipients");
			json_array_foreach(recipients, j,
			    ref) if (add_to_row(rows,
					 json_string_value(
					     json_object_get(ref, "id")),
					 json_string_value(
					     json_object_get(ref, "name")),
					 item) != 0) goto out;
		}
	}
	if ((v = malloc((json_object_size(rows) + 1) * sizeof(*v))) == NULL)
		goto out;
	json_object_foreach(
	    rows, key, row) if ((v[n] = finish_row(row, by_id)) != NULL) n++;
	else goto out;
	qsort(v, n, sizeof(*v), row_cmp);
	if ((out = json_array()) == NULL)
		goto out;
	for (i = 0; i < n; i++)
		json_array_append(out, v[i]);
out:
	for (i = 0; i < n; i++)
		json_decref(v[i]);
	free(v);
	json_decref(rows);
	json_decref(by_id);
	return out;
}

/*
 * GET /funding/totals?group_by=kind|recipient|donor and the filters of
 * /funding: one row per group, not paged (API.md, "Honest totals").
 */
void
handle_funding_totals(struct request *req, struct reply *rep)
{
	struct store_filter filter;
	const char *group_by;
	json_t *items = NULL, *rows;
	int csv;

	csv = req_csv(req);
	group_by = req_choice(req, "group_by", group_bys);
	if (group_by == NULL)
		group_by = "kind";
	if (collection_filter(req, &funding, &filter, rep) != 0)
		return;
	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	if (store_list(req->store, COLL_FUNDING, &filter, &items) != 0) {
		reply_fault(rep);
		return;
	}
	if ((rows = totals(items, group_by)) == NULL) {
		reply_fault(rep);
	} else {
		reply_json(rep, 200,
		    json_pack("{s:o, s:{s:s, s:s, s:I, s:s}}", "data", rows,
			"meta", "group_by", group_by, "rule",
			rules[strcmp(group_by, "recipient") == 0], "records",
			(json_int_t)json_array_size(items), "dataset_version",
			req->info->dataset_version));
		if (csv)
			reply_csv(rep, collection_columns(total_columns, NULL));
	}
	json_decref(items);
}
