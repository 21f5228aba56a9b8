/*
 * Citations: of the dataset (GET /api/v1/citation), and of each fact
 * (GET /api/v1/citations/{collection}/{id}, where every item's
 * source.citation points): the article (title, publisher, date) with the
 * fact's quote and the fact's permanent address. Each in plain text (APA
 * style), BibTeX and CSL-JSON; ?format= picks one alone, as a download.
 * The address is absolute when a trusted proxy gives the public one, else
 * a path like every link of the API.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cite.h"

/* GET /api/v1/citation: how to cite the dataset, with its version and
 * the date of its data. */
void
handle_citation(struct request *req, struct reply *rep)
{
	const struct api *api = req->api;
	const struct store_about *a = &api->about;
	const char *version = req->info->dataset_version;
	const struct store_licence *lic = licence(api, "data");
	const struct cite_source *src =
	    api->cites.nsources > 0 ? &api->cites.sources[0] : NULL;
	int format = format_of(req);
	struct ymd date = ymd_of(a->data_modified);
	struct ymd pub = ymd_of(src != NULL ? src->published : NULL);
	struct buf tb = { 0 }, bb = { 0 }, addr = { 0 };
	json_t *data, *csl;
	char *url, *text, *bib;

	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	put_address(&addr, req, API_PREFIX);
	if ((url = buf_finish(&addr)) == NULL) {
		reply_fault(rep);
		return;
	}
	buf_printf(&tb, "%s. ", a->author);
	put_apa_date(&tb, date);
	buf_printf(&tb, ". %s (Version %s) [Data set].", a->title, version);
	if (src != NULL) {
		buf_printf(&tb, " Made from %s ", src->publisher);
		put_apa_date(&tb, pub);
		buf_printf(&tb, ", %s.", src->title);
	}
	if (lic != NULL && lic->spdx != NULL)
		buf_printf(&tb, " Licence %s.", lic->spdx);
	buf_printf(&tb, " %s", url);
	text = buf_finish(&tb);

	buf_printf(&bb, "@misc{aid-api-%s,\n  author = {{", version);
	put_bib(&bb, a->author);
	buf_puts(&bb, "}},\n  title = {{");
	put_bib(&bb, a->title);
	buf_printf(&bb, "}},\n  year = {%d},\n", date.y);
	if (date.m > 0)
		buf_printf(&bb, "  month = %s,\n", bib_months[date.m - 1]);
	buf_printf(
	    &bb, "  version = {%s},\n  howpublished = {Data set, ", version);
	put_bib(&bb, url);
	buf_printf(&bb, "},\n  note = {Data of %04d-%02d-%02d", date.y, date.m,
	    date.d);
	if (src != NULL) {
		buf_puts(&bb, ", made from ");
		put_bib(&bb, src->publisher);
		buf_printf(&bb, " (%s), ``", src->published);
		put_bib(&bb, src->title);
		buf_puts(&bb, "''");
	}
	if (lic != NULL && lic->spdx != NULL) {
		buf_puts(&bb, ". Licence ");
		put_bib(&bb, lic->spdx);
	}
	buf_puts(&bb, "}\n}\n");
	bib = buf_finish(&bb);

	csl = json_pack("{s:s++, s:s, s:s, s:[{s:s}], s:o, s:s, s:s}", "id",
	    "aid-api-", version, "", "type", "dataset", "title", a->title,
	    "author", "literal", a->author, "issued", csl_date(date), "version",
	    version, "note", text != NULL ? text : "");
	if (csl != NULL && req->public_base != NULL &&
	    json_object_set_new(csl, "URL", json_string(url)) != 0) {
		json_decref(csl);
		csl = NULL; /* out of memory: reply_citation's 500 */
	}
	data = json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s, s:s?}", "title",
	    a->title, "author", a->author, "version", version, "data_modified",
	    a->data_modified, "licence", lic != NULL ? lic->spdx : NULL,
	    "address", url, "source", src != NULL ? src->id : NULL);
	free(url);
	reply_citation(req, rep, format, data, text, bib, csl);
}

/* 1 when a quote ends a sentence (., ! or ?): no full stop after it. */
static int
ends_sentence(const char *quote)
{
	size_t n = strlen(quote);

	return n > 0 && strchr(".!?", quote[n - 1]) != NULL;
}

/* The address of an item, prefix + path, as a new string (NULL when out
 * of memory); absolute when public. */
static char *
item_address(
    const struct request *req, int public, const char *res, const char *id)
{
	struct buf b = { 0 };

	buf_puts(&b,
	    public && req->public_base != NULL ? req->public_base
					       : req->prefix);
	buf_printf(&b, "%s/%s/%s", API_PREFIX, res, id);
	return buf_finish(&b);
}

/* A fact's citation: the article, the quote, the fact's address. */
static void
cite_fact(struct request *req, struct reply *rep, enum store_coll coll)
{
	const struct api *api = req->api;
	const char *version = req->info->dataset_version;
	const char *res = api->views[coll].c->path + strlen(API_PREFIX) + 1;
	const char *noun = api->views[coll].c->noun;
	int format = format_of(req), i;
	const struct cite_source *src;
	struct buf tb = { 0 }, bb = { 0 };
	struct ymd pub, date = ymd_of(api->about.data_modified);
	const struct doc *d;
	json_t *data, *csl;
	char *url, *item, *source, *text, *bib;
	const char *quote;

	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	if ((i = dataset_find(api->data, coll, req->arg)) < 0) {
		reply_problem(
		    rep, 404, "no %s has the id '%s'", noun, req->arg);
		return;
	}
	d = &api->data->coll[coll].docs[i];
	quote = api->cites.quotes[coll][i];
	src = &api->cites.sources[api->cites.source_at[coll][i]];
	pub = ymd_of(src->published);
	url = item_address(req, 1, res, d->id);
	item = item_address(req, 0, res, d->id);
	source = item_address(req, 0, "sources", src->id);
	if (url == NULL || item == NULL || source == NULL) {
		free(url);
		free(item);
		free(source);
		reply_fault(rep);
		return;
	}

	buf_printf(&tb, "%s. ", src->publisher);
	put_apa_date(&tb, pub);
	/* the sentence's full stop once, inside the quote when it ends one */
	buf_printf(&tb,
	    ". %s%s. Quoted: \xe2\x80\x9c%s\xe2\x80\x9d%s Cited for the %s "
	    "\xe2\x80\x9c%s\xe2\x80\x9d, %s, in %s. ",
	    src->title,
	    src->url == NULL ? " [original web address unknown]" : "", quote,
	    ends_sentence(quote) ? "" : ".", noun, d->name, url,
	    api->about.author);
	put_apa_date(&tb, date);
	buf_printf(
	    &tb, ". %s (Version %s) [Data set].", api->about.title, version);
	if (src->url != NULL)
		buf_printf(&tb, " Article: %s", src->url);
	text = buf_finish(&tb);

	buf_printf(&bb, "@misc{%s-%s,\n  author = {{", res, d->id);
	put_bib(&bb, src->publisher);
	buf_puts(&bb, "}},\n  title = {{");
	put_bib(&bb, src->title);
	buf_printf(&bb, "}},\n  year = {%d},\n", pub.y);
	if (pub.m > 0)
		buf_printf(&bb, "  month = %s,\n  day = {%d},\n",
		    bib_months[pub.m - 1], pub.d);
	buf_puts(&bb, "  publisher = {");
	put_bib(&bb, src->publisher);
	buf_puts(&bb, "},\n");
	if (src->url != NULL) {
		buf_puts(&bb, "  url = {");
		put_bib(&bb, src->url);
		buf_puts(&bb, "},\n");
	}
	buf_puts(&bb, "  note = {Quoted: ``");
	put_bib(&bb, quote);
	buf_printf(&bb, "''%s Cited for the %s ``",
	    ends_sentence(quote) ? "" : ".", noun);
	put_bib(&bb, d->name);
	buf_puts(&bb, "'', ");
	put_bib(&bb, url);
	buf_printf(&bb, ", in aid-api data version %s (%04d-%02d-%02d)",
	    version, date.y, date.m, date.d);
	if (src->url == NULL)
		buf_puts(&bb, ". Original web address unknown");
	buf_puts(&bb, "}\n}\n");
	bib = buf_finish(&bb);

	csl = json_pack("{s:s++, s:s, s:s, s:[{s:s}], s:s, s:o, s:s}", "id",
	    res, "-", d->id, "type", "article", "title", src->title, "author",
	    "literal", src->publisher, "publisher", src->publisher, "issued",
	    csl_date(pub), "note", text != NULL ? text : "");
	if (csl != NULL && src->url != NULL &&
	    json_object_set_new(csl, "URL", json_string(src->url)) != 0) {
		json_decref(csl);
		csl = NULL; /* out of memory: reply_citation's 500 */
	}
	data = json_pack("{s:{s:s, s:s, s:s}, s:s, s:s, s:{s:s, s:s, s:s, "
			 "s:s, s:s?, s:s}, s:{s:s, s:s, s:s++}}",
	    "fact", "id", d->id, "name", d->name, "href", item, "quote", quote,
	    "address", url, "article", "id", src->id, "title", src->title,
	    "publisher", src->publisher, "published", src->published, "url",
	    src->url, "href", source, "dataset", "version", version,
	    "data_modified", api->about.data_modified, "citation", req->prefix,
	    API_PREFIX, "/citation");
	free(url);
	free(item);
	free(source);
	reply_citation(req, rep, format, data, text, bib, csl);
}

void
handle_cite_entity(struct request *req, struct reply *rep)
{
	cite_fact(req, rep, COLL_ENTITIES);
}

void
handle_cite_partnership(struct request *req, struct reply *rep)
{
	cite_fact(req, rep, COLL_PARTNERSHIPS);
}

void
handle_cite_funding(struct request *req, struct reply *rep)
{
	cite_fact(req, rep, COLL_FUNDING);
}

void
handle_cite_event(struct request *req, struct reply *rep)
{
	cite_fact(req, rep, COLL_EVENTS);
}

/* A string member of a JSON object, duplicated into *out (NULL when
 * absent or null). 0, or -1 when out of memory. */
static int
dup_member(json_t *o, const char *key, char **out)
{
	const char *v = json_string_value(json_object_get(o, key));

	*out = v != NULL ? strdup(v) : NULL;
	return v != NULL && *out == NULL ? -1 : 0;
}

/* The collections of facts, each of which cites a source. */
static const struct collection *const facts[] = { &entities_collection,
	&partnerships_collection, &funding_collection, &events_collection };

int
cites_open(struct api *api, char *err, size_t errlen)
{
	const struct dataset_coll *srcs = &api->data->coll[COLL_SOURCES];
	struct cites *c = &api->cites;

	if ((c->sources = calloc(srcs->n + 1, sizeof(*c->sources))) == NULL)
		goto oom;
	for (size_t i = 0; i < srcs->n; i++) {
		json_t *doc =
		    json_loadb(srcs->docs[i].json, srcs->docs[i].len, 0, NULL);
		struct cite_source *s = &c->sources[c->nsources++];
		/* view_open parsed it already: NULL is out of memory */
		int oom = doc == NULL || dup_member(doc, "id", &s->id) != 0 ||
		    dup_member(doc, "title", &s->title) != 0 ||
		    dup_member(doc, "publisher", &s->publisher) != 0 ||
		    dup_member(doc, "published", &s->published) != 0 ||
		    dup_member(doc, "url", &s->url) != 0;

		json_decref(doc);
		if (oom)
			goto oom;
		if (s->id == NULL || s->title == NULL || s->publisher == NULL ||
		    s->published == NULL) {
			snprintf(err, errlen,
			    "database: sources/%s has no id, title, publisher "
			    "or published",
			    srcs->docs[i].id);
			return -1;
		}
	}
	for (size_t k = 0; k < sizeof(facts) / sizeof(facts[0]); k++) {
		enum store_coll f = facts[k]->coll;
		const struct dataset_coll *items = &api->data->coll[f];
		const char *res = facts[k]->path + strlen(API_PREFIX) + 1;

		if ((c->quotes[f] = calloc(items->n + 1, sizeof(char *))) ==
			NULL ||
		    (c->source_at[f] = calloc(items->n + 1, sizeof(size_t))) ==
			NULL)
			goto oom;
		c->n[f] = items->n;
		for (size_t i = 0; i < items->n; i++) {
			json_t *doc = json_loadb(
			    items->docs[i].json, items->docs[i].len, 0, NULL);
			json_t *source = json_object_get(doc, "source");
			const char *id =
			    json_string_value(json_object_get(source, "id"));
			/* c->sources are the dataset's, in its order */
			int at = id != NULL
			    ? dataset_find(api->data, COLL_SOURCES, id)
			    : -1;
			int oom = doc == NULL ||
			    dup_member(source, "quote", &c->quotes[f][i]) != 0,
			    none = at < 0;

			json_decref(doc);
			if (oom)
				goto oom;
			c->source_at[f][i] = none ? 0 : (size_t)at;
			/* what a fact's citation reads: its quote and the
			 * source it cites */
			if (c->quotes[f][i] == NULL || none) {
				snprintf(err, errlen,
				    "database: %s/%s has no source with an id "
				    "and a quote, or cites none of the sources",
				    res, items->docs[i].id);
				return -1;
			}
		}
	}
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
	return -1;
}

void
cites_close(struct cites *c)
{
	for (int f = 0; f < COLL__MAX; f++) {
		for (size_t i = 0; i < c->n[f]; i++)
			free(c->quotes[f][i]);
		free(c->quotes[f]);
		free(c->source_at[f]);
	}
	for (size_t i = 0; i < c->nsources; i++) {
		free(c->sources[i].id);
		free(c->sources[i].title);
		free(c->sources[i].publisher);
		free(c->sources[i].published);
		free(c->sources[i].url);
	}
	free(c->sources);
	memset(c, 0, sizeof(*c));
}
