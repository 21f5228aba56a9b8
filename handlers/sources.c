/*
 * /api/v1/sources: the article itself.
 */
#include <stddef.h>

#include "collection.h"

static const struct sort_key sorts[] = {
	{ "id", "id", 0 },
	{ "published", "published", 0 },
	{ "title", "title", 0 },
	{ NULL, NULL, 0 },
};

static const char *const fields[] = { "id", "href", "title", "publisher",
	"published", "language", "text", "url", "rights", NULL };

static const char *const columns[] = { "id", "href", "title", "publisher",
	"published", "language", "text", "url", "rights", NULL };

const struct collection sources_collection = {
	.coll = COLL_SOURCES,
	.path = API_PREFIX "/sources",
	.csv_name = "sources.csv",
	.noun = "source",
	.filters = F_Q,
	.choices = NULL,
	.sorts = sorts,
	.default_sort = "published",
	.fields = fields,
	.columns = columns,
};

void
handle_sources(struct request *req, struct reply *rep)
{
	collection_list(req, rep, &sources_collection);
}

void
handle_source(struct request *req, struct reply *rep)
{
	collection_item(req, rep, &sources_collection);
}
