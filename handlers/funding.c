/*
 * /api/v1/funding: every amount of money (its honest totals: totals.c).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collection.h"

static const struct choice_filter choices[] = {
	{ "kind", offsetof(struct store_filter, kind), ENUM_FUNDING_KIND },
	{ NULL, 0, ENUM__MAX },
};

static const struct sort_key sorts[] = {
	{ "id", "id", 0 },
	{ "start", "period.start", 1 },
	{ "end", "period.end", 1 },
	{ "amount_yuan", "amount_yuan", 0 },
	{ "kind", "kind", 0 },
	{ "donor", "donor", 0 },
	{ NULL, NULL, 0 },
};

static const char *const fields[] = { "id", "href", "name", "amount_yuan",
	"bound", "kind", "period", "end_status", "known_until", "period_label",
	"donor", "recipients", "purpose", "cumulative", "part_of",
	"possibly_part_of", "summary", "source", NULL };

static const char *const columns[] = { "id", "href", "name", "amount_yuan",
	"bound", "kind", "period.start.year", "period.start.month",
	"period.start.label", "period.start.inferred", "period.end.year",
	"period.end.month", "period.end.label", "period.end.inferred",
	"end_status", "known_until.year", "known_until.month",
	"known_until.label", "known_until.inferred", "period_label", "donor.id",
	"donor.name", "recipients.id", "recipients.name", "recipients.inferred",
	"purpose", "cumulative", "part_of.id", "part_of.name",
	"part_of.inferred", "possibly_part_of.id", "possibly_part_of.name",
	"summary", "source.id", "source.quote", NULL };

const struct collection funding_collection = {
	.coll = COLL_FUNDING,
	.path = API_PREFIX "/funding",
	.csv_name = "funding.csv",
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
	collection_list(req, rep, &funding_collection);
}

void
handle_funding(struct request *req, struct reply *rep)
{
	collection_item(req, rep, &funding_collection);
}
