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
	{ "id", "id", 0 },
	{ "start", "start", 1 },
	{ "end", "end", 1 },
	{ "sector", "sector", 0 },
	{ "donor_count", "donor_count", 0 },
	{ "recipient_count", "recipient_count", 0 },
	{ NULL, NULL, 0 },
};

static const char *const fields[] = { "id", "href", "name", "donors",
	"recipients", "donor_count", "recipient_count", "sector", "start",
	"end", "end_status", "known_until", "period_label", "summary", "source",
	NULL };

static const char *const columns[] = { "id", "href", "name", "donors.id",
	"donors.name", "recipients.id", "recipients.name", "donor_count",
	"recipient_count", "sector", "start.year", "start.month", "start.label",
	"start.inferred", "end.year", "end.month", "end.label", "end.inferred",
	"end_status", "known_until.year", "known_until.month",
	"known_until.label", "known_until.inferred", "period_label", "summary",
	"source.id", "source.quote", NULL };

const struct collection partnerships_collection = {
	.coll = COLL_PARTNERSHIPS,
	.path = API_PREFIX "/partnerships",
	.csv_name = "partnerships.csv",
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
