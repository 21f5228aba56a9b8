/*
 * /api/v1/events: the timeline.
 */
#include <stddef.h>

#include "collection.h"

static const struct choice_filter choices[] = {
	{ "category", offsetof(struct store_filter, category), ENUM_CATEGORY },
	{ NULL, 0, ENUM__MAX },
};

static const struct sort_key sorts[] = {
	{ "id", "id", 0 },
	{ "start", "start", 1 },
	{ "end", "end", 1 },
	{ "title", "title", 0 },
	{ "category", "category", 0 },
	{ "precision", "precision", 0 },
	{ NULL, NULL, 0 },
};

static const char *const fields[] = { "id", "href", "start", "end",
	"end_status", "known_until", "period_label", "precision", "title",
	"summary", "category", "entities", "figures", "partnerships", "funding",
	"source", NULL };

static const char *const columns[] = { "id", "href", "start.year",
	"start.month", "start.label", "start.inferred", "end.year", "end.month",
	"end.label", "end.inferred", "end_status", "known_until.year",
	"known_until.month", "known_until.label", "known_until.inferred",
	"period_label", "precision", "title", "summary", "category",
	"entities.id", "entities.name", "figures.count", "partnerships.id",
	"partnerships.name", "funding.id", "funding.name", "source.id",
	"source.quote", NULL };

const struct collection events_collection = {
	.coll = COLL_EVENTS,
	.path = API_PREFIX "/events",
	.csv_name = "events.csv",
	.noun = "event",
	.filters = F_Q | F_YEARS | F_ENTITY,
	.choices = choices,
	.sorts = sorts,
	.default_sort = "start",
	.fields = fields,
	.columns = columns,
};

void
handle_events(struct request *req, struct reply *rep)
{
	collection_list(req, rep, &events_collection);
}

void
handle_event(struct request *req, struct reply *rep)
{
	collection_item(req, rep, &events_collection);
}
