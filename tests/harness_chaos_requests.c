/*
 * The requests of the chaos tests (tests/harness_chaos.h): every route,
 * and what changes a request's path, made from the data a service serves
 * (its ids, keys and files), and each one's answer without failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../db/internal.h"
#include "../db/text.h"
#include "../handlers/collection.h"
#include "../handlers/web.h"
#include "harness.h"
#include "harness_chaos.h"

/* The requests: every route, and what changes a request's path. */
struct chaos_rq chaos_rqs[CHAOS_MAX_RQS];
struct chaos_outcome chaos_refs[CHAOS_MAX_RQS];
size_t chaos_nrqs;

__attribute__((format(printf, 3, 4))) static void
add_rq(const char *name, int varies, const char *fmt, ...)
{
	struct chaos_rq *q = &chaos_rqs[chaos_nrqs++];
	va_list ap;

	assert_true(chaos_nrqs <= CHAOS_MAX_RQS);
	snprintf(q->name, sizeof(q->name), "%s", name);
	q->varies = varies;
	va_start(ap, fmt);
	vsnprintf(q->text, sizeof(q->text), fmt, ap);
	va_end(ap);
}

static int
keep_unreserved(unsigned char c)
{
	return pct_unreserved(c);
}

/* Keys of the dataset: one that names one entity and is not its id, one
 * that names two, one in Han characters (percent-encoded). */
static void
entity_keys(const struct dataset *ds, const char **alias,
    const char **ambiguous, char *han, size_t cap)
{
	*alias = *ambiguous = NULL;
	*han = '\0';
	for (size_t i = 0; i < ds->nkeys; i++) {
		const struct entity_key *k = &ds->keys[i];
		int same = (i > 0 && strcmp(k[-1].key, k->key) == 0) ||
		    (i + 1 < ds->nkeys && strcmp(k[1].key, k->key) == 0);

		if (same && *ambiguous == NULL)
			*ambiguous = k->key;
		if (!same && *alias == NULL &&
		    strcmp(k->key,
			ds->coll[COLL_ENTITIES].docs[k->entity].id) != 0)
			*alias = k->key;
		if (*han == '\0' && (unsigned char)k->key[0] >= 0x80 &&
		    3 * strlen(k->key) < cap)
			pct_encode(han, k->key, keep_unreserved);
	}
	assert_non_null(*alias);
	assert_non_null(*ambiguous);
	assert_true(*han != '\0');
}

#define GZ "\nAccept-Encoding: gzip"
#define A  API_PREFIX

int
chaos_requests(const struct service *svc)
{
	const struct dataset *ds = svc->api->data;
	const char *en = ds->coll[COLL_ENTITIES].docs[0].id;
	const char *pa = ds->coll[COLL_PARTNERSHIPS].docs[0].id;
	const char *fu = ds->coll[COLL_FUNDING].docs[0].id;
	const char *ev = ds->coll[COLL_EVENTS].docs[0].id;
	const char *so = ds->coll[COLL_SOURCES].docs[0].id;
	const char *file = svc->api->about.files[0].path;
	const char *alias, *ambiguous;
	char han[256], many_fields[3 * (MAX_LISTED + 1)];
	struct respond_env env;

	entity_keys(ds, &alias, &ambiguous, han, sizeof(han));
	for (size_t i = 0; i <= MAX_LISTED; i++)
		memcpy(many_fields + 3 * i, i < MAX_LISTED ? "id," : "id", 3);
	add_rq("the page", 0, "GET /\nAccept: text/html" GZ);
	add_rq(
	    "a file of the page", 0, "GET /assets/app.js?v=%s" GZ, web_version);
	add_rq("the index, asked for at /", 0, "GET /" GZ);
	add_rq("the index", 0, "GET " A "?pretty=1");
	add_rq("a list", 0, "GET " A "/entities" GZ);
	add_rq("a list, filtered and sorted", 0,
	    "GET " A "/entities?kind=prefecture&sort=-name,id&limit=5"
	    "&offset=2");
	add_rq("a list by entity and fields", 0,
	    "GET " A "/partnerships?entity=%s&fields=id,donors,start" GZ, en);
	add_rq("a list by years, pretty", 0,
	    "GET " A "/events?from=1990&to=2018&pretty=1" GZ);
	add_rq("a list by q", 0, "GET " A "/events?q=cadres%%20aid" GZ);
	add_rq(
	    "a list by q in Han characters", 0, "GET " A "/entities?q=%s", han);
	add_rq("a list by donor, recipient, kind", 0,
	    "GET " A "/funding?donor=%s&recipient=%s&cumulative=true"
	    "&kind=government_aid",
	    en, en);
	add_rq("a list as CSV", 0, "GET " A "/events?format=csv" GZ);
	add_rq("a list as CSV, asked by Accept", 0,
	    "GET " A "/funding?fields=id,amount_yuan\nAccept: text/csv");
	add_rq("a list behind a proxy", 0,
	    "GET " A "/sources\nX-Forwarded-Prefix: /aid\n"
	    "X-Forwarded-Proto: https\nX-Forwarded-Host: example.org" GZ);
	add_rq("an entity", 0, "GET " A "/entities/%s?pretty" GZ, en);
	add_rq("an entity by a name", 0, "GET " A "/entities/%s", alias);
	add_rq("an entity by Han characters", 0, "GET " A "/entities/%s", han);
	add_rq("an ambiguous key", 0, "GET " A "/entities/%s", ambiguous);
	add_rq("a partnership, some fields", 0,
	    "GET " A "/partnerships/%s?fields=id,name", pa);
	add_rq("a funding record", 0, "GET " A "/funding/%s" GZ, fu);
	add_rq("an event", 0, "GET " A "/events/%s?pretty=true" GZ, ev);
	add_rq("a source", 0, "GET " A "/sources/%s" GZ, so);
	add_rq("totals by kind", 0, "GET " A "/funding/totals" GZ);
	add_rq("totals by recipient, filtered", 0,
	    "GET " A "/funding/totals?group_by=recipient&from=2000&to=2018");
	add_rq("totals by donor as CSV", 0,
	    "GET " A "/funding/totals?group_by=donor&format=csv" GZ);
	add_rq("totals of an entity", 0,
	    "GET " A "/funding/totals?recipient=%s&entity=%s", en, en);
	add_rq("the database", 0, "GET " A "/database");
	add_rq("the data package", 0, "GET " A "/datapackage");
	add_rq("the data package, gzipped", 0, "GET " A "/datapackage" GZ);
	add_rq("a file of the data package", 0, "GET " A "/datapackage/%s" GZ,
	    file);
	add_rq("the dataset's citation", 0, "GET " A "/citation" GZ);
	add_rq("the dataset's citation, public", 0,
	    "GET " A "/citation?format=csl\nX-Forwarded-Proto: https\n"
	    "X-Forwarded-Host: example.org");
	add_rq("the dataset's citation as BibTeX", 0,
	    "GET " A "/citation?format=bibtex");
	add_rq(
	    "an event's citation", 0, "GET " A "/citations/events/%s" GZ, ev);
	add_rq("an entity's citation as text", 0,
	    "GET " A "/citations/entities/%s?format=text", en);
	add_rq("a funding record's citation as CSL", 0,
	    "GET " A "/citations/funding/%s?format=csl", fu);
	add_rq("a partnership's citation as BibTeX", 0,
	    "GET " A "/citations/partnerships/%s?format=bibtex", pa);
	add_rq("the OpenAPI document, public", 0,
	    "GET /openapi.json\nX-Forwarded-Proto: https\n"
	    "X-Forwarded-Host: example.org" GZ);
	add_rq("liveness", 0, "GET /healthz");
	add_rq("readiness", 0, "GET /readyz");
	add_rq("the metrics", 1, "GET /metrics");
	add_rq("a conditional request", 0,
	    "GET " A "/events\nIf-Modified-Since: Fri, 01 Jan 2100 00:00:00 "
	    "GMT");
	add_rq("HEAD", 0, "HEAD " A "/partnerships" GZ);
	add_rq("a CORS preflight", 0,
	    "OPTIONS " A "/events\nOrigin: https://app.example\n"
	    "Access-Control-Request-Method: GET");
	add_rq("a CORS request", 0,
	    "GET " A "/events/%s\nOrigin: https://app.example", ev);
	add_rq("a bad parameter", 0,
	    "GET " A "/events?limit=0&sort=nope&colour=red");
	add_rq("a malformed query", 0, "GET " A "/events?q=%%zz");
	add_rq("a value not among the choices", 0,
	    "GET " A "/entities?kind=nope&side=nowhere");
	add_rq("an entity filter that names two", 0,
	    "GET " A "/funding?entity=%s", ambiguous);
	add_rq("empty and spaced parameters", 0,
	    "GET " A "/events?&pretty&&q=cadres+aid&limit=2&offset=1" GZ);
	add_rq("a validator that matches", 0,
	    "GET " A "/sources\nIf-None-Match: W/\"x\", *");
	add_rq("a validator that does not match", 0,
	    "GET " A "/sources\nIf-None-Match: \"x\"" GZ);
	add_rq("a date that is none", 0,
	    "GET " A "/sources\nIf-Modified-Since: yesterday");
	add_rq("gzip weighed against identity", 0,
	    "GET " A "/events\nAccept-Encoding: identity;q=0.9, gzip;q=0.5, "
	    "br");
	add_rq("a parameter the page does not take", 0,
	    "GET /?v=1\nAccept: text/html");
	add_rq("a parameter a file does not take", 0, "GET /assets/app.js?w=1");
	add_rq("a parameter a download does not take", 0,
	    "GET " A "/database?x=1");
	add_rq("a parameter the archive does not take", 0,
	    "GET " A "/datapackage?x=1");
	add_rq("a parameter a package file does not take", 0,
	    "GET " A "/datapackage/%s?x=1", file);
	add_rq("a parameter the OpenAPI document does not take", 0,
	    "GET /openapi.json?x=1");
	add_rq("a parameter the metrics do not take", 0, "GET /metrics?x=1");
	add_rq("a parameter a citation does not take", 0,
	    "GET " A "/citations/events/%s?x=1", ev);
	add_rq("more fields than a request may name", 0,
	    "GET " A "/sources?fields=%s", many_fields);
	add_rq("more sort keys than a request may give", 0,
	    "GET " A "/events?sort=id,start,end,title,category,precision,"
	    "-id,-start,-end");
	add_rq("hosts: an IPv6 literal, percent-encoded", 0,
	    "GET http://[::1]:8080" A "/sources\nHost: a%%41b.example:80");
	add_rq("a target in absolute form, https", 0,
	    "GET https://chaos.test/healthz");
	add_rq("a target in absolute form without its host", 0,
	    "GET http://:80/healthz");
	add_rq("transfer codings: one unknown, then chunked", 0,
	    "GET /healthz\nTransfer-Encoding: ,gzip , chunked\t");
	add_rq("weights of every form", 0,
	    "GET " A "/sources\nAccept-Encoding: gzip ;Q=0.1234, x-gzip;"
	    "level=1;q=1.0, br;q=nan\nAccept: text/* ;q=0.5, "
	    "application/json;q=0.4");
	add_rq("weights that are none", 0,
	    "GET " A "/sources\nAccept-Encoding: gzip;q=2, x-gzip;q=1.5, "
	    "identity\nAccept: text/csv;q=1e3,*/*;q=0.2");
	add_rq("weights of too many decimals, or none", 0,
	    "GET " A "/sources\nAccept-Encoding: gzip;q=1.0000, x-gzip;q=0., "
	    "*;q=0.5\nAccept: */*;q=0.5, text/*;q=0.9");
	add_rq("CSV asked to be pretty (it is not JSON)", 0,
	    "GET " A "/events?format=csv&pretty" GZ);
	add_rq("a projection, pretty", 0,
	    "GET " A "/events?fields=id,title&pretty=1");
	add_rq("a copy older than the data", 0,
	    "GET " A "/sources\nIf-Modified-Since: Mon, 01 Jan 1990 00:00:00 "
	    "GMT");
	add_rq("a plus in the path", 0, "GET " A "/entities/a+b");
	add_rq(
	    "a control character in a value", 0, "GET " A "/events?q=a%%7Fb");
	add_rq("a key malformed", 0, "GET " A "/events?%%zz=1");
	add_rq(
	    "a key that is a control character", 0, "GET " A "/events?%%01=1");
	add_rq("an empty key", 0, "GET " A "/events?=1&limit=2");
	add_rq("an unknown parameter twice", 0,
	    "GET " A "/events?colour=red&colour=blue");
	add_rq("spaces before a weight, a parameter that is none", 0,
	    "GET " A "/sources\nAccept-Encoding: gzip  ;q=1, br;qx=1");
	add_rq("gzip refused", 0,
	    "GET " A "/events\nAccept-Encoding: gzip;q=0, *;q=1");
	add_rq("an unknown item", 0, "GET " A "/events/no-such-event");
	add_rq("an unknown path", 0, "GET /no/such/path");
	add_rq("another method", 0, "DELETE " A "/events");
	add_rq("a body", 0, "GET " A "\nContent-Length: 5");
	add_rq("a long target", 0, "GET " A "/events?q=%0*d", 8200, 0);
	env = service_env(svc, svc->stores[0]);
	env.cache = NULL;
	for (size_t i = 0; i < chaos_nrqs; i++) {
		chaos_exchange(&chaos_rqs[i], &env, 0, &chaos_refs[i]);
		if (!chaos_refs[i].made)
			return -1;
		/* after a list in gzip: a request naming its gzip ETag */
		if (i == 4) {
			const char *tag =
			    strstr(chaos_refs[i].fields, "ETag: ");

			if (tag == NULL)
				return -1;
			add_rq("the gzip validator", 0,
			    "GET " A "/entities\nIf-None-Match: \"x\", %.*s" GZ,
			    (int)strcspn(tag + 6, "\n"), tag + 6);
		}
	}
	return 0;
}

void
chaos_requests_free(void)
{
	for (size_t i = 0; i < chaos_nrqs; i++)
		chaos_outcome_free(&chaos_refs[i]);
	chaos_nrqs = 0;
}

/* The request without its Accept-Encoding: what fills the cache first. */
void
chaos_without_gzip(const struct chaos_rq *q, struct chaos_rq *plain)
{
	char *gz;

	*plain = *q;
	while ((gz = strstr(plain->text, GZ)) != NULL)
		memmove(gz, gz + strlen(GZ), strlen(gz + strlen(GZ)) + 1);
}
