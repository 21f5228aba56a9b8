/*
 * The API under test (harness_api.h): the collections as API.md describes
 * them, the daemon and the database the resource tests share, and the
 * requests they make.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <sqlite3.h>

#include "harness_api.h"
#include "harness_sql.h"

static const char *const entity_fields[] = { "id", "href", "name", "kind",
	"side", "parent", "aliases", NULL };
static const char *const partnership_fields[] = { "id", "href", "name",
	"donors", "recipients", "donor_count", "recipient_count", "sector",
	"start", "end", "end_status", "known_until", "period_label", "summary",
	"source", NULL };
static const char *const funding_fields[] = { "id", "href", "name",
	"amount_yuan", "bound", "kind", "period", "end_status", "known_until",
	"period_label", "donor", "recipients", "purpose", "cumulative",
	"part_of", "possibly_part_of", "source", NULL };
static const char *const event_fields[] = { "id", "href", "start", "end",
	"end_status", "known_until", "period_label", "precision", "title",
	"summary", "category", "entities", "figures", "partnerships", "funding",
	"source", NULL };
static const char *const source_fields[] = { "id", "href", "title", "publisher",
	"published", "text", NULL };

static const struct coll_sort entity_sorts[] = { { "id", "id" },
	{ "name", "name" }, { "kind", "kind" }, { "side", "side" },
	{ "parent", "parent" }, { NULL, NULL } };
static const struct coll_sort partnership_sorts[] = { { "id", "id" },
	{ "start", "start" }, { "end", "end" }, { "sector", "sector" },
	{ "donor_count", "donor_count" },
	{ "recipient_count", "recipient_count" }, { NULL, NULL } };
static const struct coll_sort funding_sorts[] = { { "id", "id" },
	{ "start", "period.start" }, { "end", "period.end" },
	{ "amount_yuan", "amount_yuan" }, { "kind", "kind" },
	{ "donor", "donor" }, { NULL, NULL } };
static const struct coll_sort event_sorts[] = { { "id", "id" },
	{ "start", "start" }, { "end", "end" }, { "title", "title" },
	{ "category", "category" }, { "precision", "precision" },
	{ NULL, NULL } };
static const struct coll_sort source_sorts[] = { { "id", "id" },
	{ "published", "published" }, { "title", "title" }, { NULL, NULL } };

static const char *const entity_lists[] = { "side,kind,-name", "-parent,name",
	NULL };
static const char *const partnership_lists[] = { "sector,-start",
	"-donor_count,end", NULL };
static const char *const funding_lists[] = { "kind,-amount_yuan", "-end,donor",
	NULL };
static const char *const event_lists[] = { "category,-start",
	"precision,-end,title", NULL };
static const char *const source_lists[] = { "-published,title", NULL };

/* The fields API.md gives each item, the sort keys, comma lists of keys to
 * try, the order without ?sort, the page size to walk the pages by. */
const struct coll api_colls[API_NCOLLS] = {
	{ "entities", "entities", entity_fields, entity_sorts, entity_lists,
	    "name", 9 },
	{ "partnerships", "partnerships", partnership_fields, partnership_sorts,
	    partnership_lists, "start", 3 },
	{ "funding", "funding", funding_fields, funding_sorts, funding_lists,
	    "start", 2 },
	{ "events", "events", event_fields, event_sorts, event_lists, "start",
	    2 },
	{ "sources", "sources", source_fields, source_sorts, source_lists, NULL,
	    1 },
};

const char *const api_dated[] = { "events", "partnerships", "funding", NULL };

unsigned short api_port;
sqlite3 *api_db;
char api_dataset_version[64];

static struct daemon *srv;

long
api_get(struct http_response *r, const char *fmt, ...)
{
	va_list ap;
	const char *ct;

	va_start(ap, fmt);
	http_vfetch(r, api_port, "GET", NULL, fmt, ap);
	va_end(ap);
	check(r->json != NULL, "%s: the body is not JSON: %.300s",
	    last_request(), r->body);
	if (r->status >= 400) {
		expect_problem_doc(r, r->status);
		return r->status;
	}
	/* a ?fields= answer has a media type of its own */
	ct = hdr(r, "Content-Type");
	check(ct != NULL &&
		strcmp(ct,
		    strstr(last_request(), "fields=") != NULL &&
			    r->status == 200
			? PROJECTION_TYPE
			: JSON_TYPE) == 0,
	    "%s: Content-Type '%s'", last_request(),
	    ct != NULL ? ct : "(absent)");
	return r->status;
}

json_t *
api_get_ok(const char *target)
{
	struct http_response r;
	json_t *doc;

	api_get(&r, "%s", target);
	check(r.status == 200, "GET %s: %ld, not 200: %.300s", target, r.status,
	    r.body);
	doc = json_incref(r.json);
	http_response_free(&r);
	return doc;
}

long long
api_int(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	check(json_is_integer(v), "%s: %s is not an integer", last_request(),
	    key);
	return json_integer_value(v);
}

const char *
api_url_encode(const char *s, char *out, size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		assert_true(n + 4 < cap);
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~') {
			out[n++] = (char)*p;
		} else {
			out[n++] = '%';
			out[n++] = hex[*p >> 4];
			out[n++] = hex[*p & 15];
		}
	}
	out[n] = '\0';
	return out;
}

int
api_setup(void **state)
{
	static struct config cfg;
	char *v;

	(void)state;
	if (curl_global_init(CURL_GLOBAL_ALL) != CURLE_OK)
		return -1;
	if (sqlite3_open_v2(harness_db(), &api_db, SQLITE_OPEN_READONLY,
		NULL) != SQLITE_OK) {
		fprintf(stderr, "cannot open %s\n", harness_db());
		return -1;
	}
	v = sql_text("SELECT value FROM meta WHERE key = 'dataset_version'");
	if (v == NULL)
		return -1;
	snprintf(api_dataset_version, sizeof(api_dataset_version), "%s", v);
	free(v);
	harness_config(&cfg);
	srv = harness_start(&cfg);
	api_port = daemon_port(srv);
	return 0;
}

int
api_teardown(void **state)
{
	(void)state;
	daemon_stop(srv);
	sqlite3_close(api_db);
	curl_global_cleanup();
	return 0;
}

void
api_expect_download(struct http_response *r, const char *type, const char *cd)
{
	const char *etag = hdr(r, "ETag");
	char inm[128], target[512];
	struct http_response again;
	const char *const h[] = { inm, NULL };

	snprintf(target, sizeof(target), "%s", last_request() + 4);

	check(r->status == 200, "%s: %ld", last_request(), r->status);
	expect_header(r, "Content-Type", type);
	expect_header(r, "Content-Disposition", cd);
	check(etag != NULL && etag[0] == '"' &&
		strncmp(etag + 1, api_dataset_version,
		    strlen(api_dataset_version)) == 0,
	    "%s: ETag %s is not strong with version %s", last_request(),
	    etag != NULL ? etag : "(none)", api_dataset_version);
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	http_fetch(&again, api_port, "GET", h, "%s", target);
	check(again.status == 304, "%s: %ld, not 304", last_request(),
	    again.status);
	http_response_free(&again);
}
