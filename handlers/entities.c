/*
 * /api/v1/entities: places, organisations, programmes and groups of people.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collection.h"

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
	"side", "parent", "aliases", "note", "source", "chinese_name", NULL };

static const char *const columns[] = { "id", "href", "name", "kind", "side",
	"parent.id", "parent.name", "aliases", "note", "source.id",
	"source.quote", "chinese_name.zh", "chinese_name.pinyin",
	"chinese_name.short_zh", "chinese_name.short_pinyin",
	"chinese_name.former", "chinese_name.from_article", "chinese_name.rule",
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
		buf_puts(&b, req->prefix);
		buf_puts(&b, entities_collection.path);
		buf_putc(&b, '/');
		buf_puts(&b, d->id);
		buf_puts(&b, "\"}");
	}
	buf_puts(&b, "]}");
	reply_buf(rep, 300, TYPE_JSON, &b);
}

/*
 * GET /entities/{key}: the key is an id or the slug of a name or alias,
 * any case. One match answers the canonical entity (with its canonical
 * address in Content-Location when the key was not its id); several
 * answer 300 with the candidates.
 */
void
handle_entity(struct request *req, struct reply *rep)
{
	const struct view *v = &req->api->views[COLL_ENTITIES];
	size_t fields[64];
	int nfields = collection_fields(req, &entities_collection, fields, 64);
	int found[64];
	size_t n;
	struct buf b = { 0 };
	const char *id;

	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	n = dataset_resolve_entity(req->api->data, req->arg, found, 64);
	if (n == 0) {
		reply_problem(rep, 404,
		    "no entity has the id, name or alias '%s'", req->arg);
		return;
	}
	if (n > 1) {
		multiple_choices(req, rep, found, n < 64 ? n : 64);
		return;
	}
	buf_puts(&b, "{\"data\":");
	put_item(&b, v, (size_t)found[0], fields, nfields, req->prefix);
	buf_putc(&b, '}');
	reply_buf(rep, 200, nfields > 0 ? TYPE_PROJECTION : TYPE_JSON, &b);
	id = v->items->docs[found[0]].id;
	if (strcmp(id, req->arg) != 0 && rep->status == 200) {
		struct buf loc = { 0 };

		buf_puts(&loc, req->prefix);
		buf_puts(&loc, entities_collection.path);
		buf_putc(&loc, '/');
		buf_puts(&loc, id);
		rep->location = buf_finish(&loc);
	}
}
