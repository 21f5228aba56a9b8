/*
 * /api/v1/entities: places, organisations, programmes and groups of people.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collection.h"

static int find_entity(
    struct request *, struct reply *, const struct collection *);

static const struct choice_filter choices[] = {
	{ "kind", offsetof(struct store_filter, kind), ENUM_ENTITY_KIND },
	{ "side", offsetof(struct store_filter, side), ENUM_SIDE },
	{ NULL, 0, ENUM__MAX },
};

static const struct sort_key sorts[] = {
	{ "id", "id", 0 },
	{ "name", "name", 0 },
	{ "kind", "kind", 0 },
	{ "side", "side", 0 },
	{ "parent", "parent", 0 },
	{ NULL, NULL, 0 },
};

static const char *const entity_fields[] = { "id", "href", "name", "kind",
	"side", "parent", "aliases", "note", "located_in", "source",
	"chinese_name", NULL };

static const char *const columns[] = { "id", "href", "name", "kind", "side",
	"parent.id", "parent.name", "aliases", "note", "located_in.id",
	"located_in.name", "located_in.inferred", "source.id", "source.quote",
	"chinese_name.zh", "chinese_name.pinyin", "chinese_name.short_zh",
	"chinese_name.short_pinyin", "chinese_name.former",
	"chinese_name.from_article", "chinese_name.rule",
	"chinese_name.null_reason", NULL };

const struct collection entities_collection = {
	.coll = COLL_ENTITIES,
	.path = API_PREFIX "/entities",
	.csv_name = "entities.csv",
	.noun = "entity",
	.filters = F_Q | F_PARENT,
	.choices = choices,
	.sorts = sorts,
	.default_sort = "name",
	.fields = entity_fields,
	.columns = columns,
	.find = find_entity,
};

void
handle_entities(struct request *req, struct reply *rep)
{
	collection_list(req, rep, &entities_collection);
}

/* 300: the key names several entities; the body lists them. */
static void
multiple_choices(
    struct request *req, struct reply *rep, const int *found, size_t n)
{
	const struct dataset_coll *ents = &req->api->data->coll[COLL_ENTITIES];
	struct buf b = { 0 };

	buf_puts(&b,
	    "{\"title\":\"Multiple Choices\",\"detail\":"
	    "\"the key names several entities; ask for one of the "
	    "candidates by its id\",\"candidates\":[");
	for (size_t i = 0; i < n; i++) {
		const struct doc *d = &ents->docs[found[i]];

		if (i > 0)
			buf_putc(&b, ',');
		buf_puts(&b, "{\"id\":");
		buf_json_string(&b, d->id, strlen(d->id));
		buf_puts(&b, ",\"name\":");
		buf_json_string(&b, d->name, strlen(d->name));
		buf_puts(&b, ",\"kind\":");
		buf_json_string(&b, d->a.kind, strlen(d->a.kind));
		buf_puts(&b, ",\"href\":\"");
		put_href(&b, req, &entities_collection, d->id);
		buf_puts(&b, "\"}");
	}
	buf_puts(&b, "]}");
	reply_buf(rep, 300, TYPE_JSON, &b);
}

/*
 * The entity an /entities/{key} names: the key is an id or the slug of a
 * name or alias, any case. Several answer 300 with the candidates, none
 * 404.
 */
static int
find_entity(struct request *req, struct reply *rep, const struct collection *c)
{
	int found[64];
	size_t n = dataset_resolve_entity(req->api->data, req->arg, found, 64);

	(void)c;
	if (n == 0) {
		reply_problem(rep, 404,
		    "no entity has the id, name or alias '%s'", req->arg);
		return -1;
	}
	if (n > 1) {
		multiple_choices(req, rep, found, n < 64 ? n : 64);
		return -1;
	}
	return found[0];
}

/* GET /entities/{key}: the canonical entity, its address in
 * Content-Location when the key was not its id. */
void
handle_entity(struct request *req, struct reply *rep)
{
	collection_item(req, rep, &entities_collection);
}
