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
	{ "id", "id" },
	{ "start", "start" },
	{ "end", "end" },
	{ "title", "title" },
	{ "category", "category" },
	{ "precision", "precision" },
	{ NULL, NULL },
};

static const char *const fields[] = { "id", "start", "end", "precision",
	"title", "summary", "category", "entities", "figures", "partnerships",
	"funding", "source", NULL };

static const char *const columns[] = { "id", "start.year", "start.month",
	"end.year", "end.month", "precision", "title", "summary", "category",
	"entities", "figures", "partnerships", "funding", "source.id",
	"source.quote", NULL };

const struct collection events_collection = {
	.coll = COLL_EVENTS,
	.path = API_PREFIX "/events",
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
