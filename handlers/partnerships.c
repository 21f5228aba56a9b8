/*
 * /api/v1/partnerships: who was paired with whom, when, in what sector.
 */
#include <stddef.h>

#include "collection.h"

static const struct choice_filter choices[] = {
	{ "sector", offsetof(struct store_filter, sector), ENUM_SECTOR },
	{ NULL, 0, ENUM__MAX },
};

static const struct sort_key sorts[] = {
	{ "id", "id" },
	{ "start", "start" },
	{ "end", "end" },
	{ "sector", "sector" },
	{ "donor_count", "donor_count" },
	{ "recipient_count", "recipient_count" },
	{ NULL, NULL },
};

static const char *const fields[] = { "id", "donors", "recipients",
	"donor_count", "recipient_count", "sector", "start", "end", "summary",
	"source", NULL };

static const char *const columns[] = { "id", "donors", "recipients",
	"donor_count", "recipient_count", "sector", "start.year", "start.month",
	"end.year", "end.month", "summary", "source.id", "source.quote", NULL };

const struct collection partnerships_collection = {
	.coll = COLL_PARTNERSHIPS,
	.path = API_PREFIX "/partnerships",
	.noun = "partnership",
	.filters = F_Q | F_YEARS | F_ENTITY | F_DONOR | F_RECIPIENT,
	.choices = choices,
	.sorts = sorts,
	.default_sort = "start",
	.fields = fields,
	.columns = columns,
};

void
handle_partnerships(struct request *req, struct reply *rep)
{
	collection_list(req, rep, &partnerships_collection);
}

void
handle_partnership(struct request *req, struct reply *rep)
{
	collection_item(req, rep, &partnerships_collection);
}
