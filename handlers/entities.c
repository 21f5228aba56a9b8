/*
 * /api/v1/entities: places, organisations, programmes and groups of people.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collection.h"

/* The kinds and sides of db/schema.sql's CHECK constraints. */
static const char *const kinds[] = { "municipality", "province", "prefecture",
	"city", "district", "county", "town", "village", "county_group",
	"village_group", "hospital_group", "school_group", "company",
	"company_group", "agency", "delegation", "meeting", "programme",
	"document", "people_group", "ethnic_group", NULL };
static const char *const sides[] = { "shanghai", "yunnan", "national", NULL };

static const struct choice_filter choices[] = {
	{ "kind", offsetof(struct store_filter, kind), kinds },
	{ "side", offsetof(struct store_filter, side), sides },
	{ NULL, 0, NULL },
};

static const struct sort_key sorts[] = {
	{ "id", "id" },
	{ "name", "name" },
	{ "kind", "kind" },
	{ "side", "side" },
	{ "parent", "parent" },
	{ NULL, NULL },
};

static const char *const entity_fields[] = { "id", "name", "kind", "side",
	"parent", "aliases", "note", "source", NULL };

static const char *const columns[] = { "id", "name", "kind", "side", "parent",
	"aliases", "note", "source.id", "source.quote", NULL };

static const struct collection entities = {
	.coll = COLL_ENTITIES,
	.path = API_PREFIX "/entities",
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
	collection_list(req, rep, &entities);
}

/* 300: the key names several entities; the body lists them. */
static void
multiple_choices(struct request *req, struct reply *rep, json_t *refs)
{
	size_t i;
	json_t *ref;

	json_array_foreach(refs, i, ref)
	{
		char *href = NULL;
		size_t n = strlen(req->prefix) +
		    sizeof(API_PREFIX "/entities/") +
		    strlen(json_string_value(json_object_get(ref, "id")));

		if ((href = malloc(n)) != NULL) {
			snprintf(href, n, "%s%s/%s", req->prefix, entities.path,
			    json_string_value(json_object_get(ref, "id")));
			json_object_set_new(ref, "href", json_string(href));
			free(href);
		}
	}
	reply_json(rep, 300,
	    json_pack("{s:s, s:s, s:O}", "title", "Multiple Choices", "detail",
		"the key names several entities; "
		"ask for one of the candidates by its id",
		"candidates", refs));
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
	json_t *fields = collection_fields(req, &entities), *refs = NULL;
	json_t *item = NULL;
	const char *id;
	int found;

	if (req_finish(req)) {
		reply_invalid(rep, req);
		goto out;
	}
	if (store_resolve_entity(req->store, req->arg, &refs) != 0) {
		reply_fault(rep);
		goto out;
	}
	if (json_array_size(refs) == 0) {
		reply_problem(rep, 404,
		    "no entity has the id, name or alias "
		    "'%s'",
		    req->arg);
		goto out;
	}
	if (json_array_size(refs) > 1) {
		multiple_choices(req, rep, refs);
		goto out;
	}
	id = json_string_value(json_object_get(json_array_get(refs, 0), "id"));
	if ((found = store_get(req->store, COLL_ENTITIES, id, &item)) <= 0) {
		reply_fault(rep); /* resolved but not found: a broken store */
		goto out;
	}
	reply_json(rep, 200,
	    json_pack("{s:o}", "data", collection_project(item, fields)));
	if (strcmp(id, req->arg) != 0 && rep->status == 200) {
		size_t n = strlen(req->prefix) + strlen(entities.path) +
		    strlen(id) + 2;

		if ((rep->location = malloc(n)) != NULL)
			snprintf(rep->location, n, "%s%s/%s", req->prefix,
			    entities.path, id);
	}
out:
	json_decref(refs);
	json_decref(fields);
}
