/*
 * What a configuration serves with, apart from sockets and threads: one
 * store per worker, the handlers' state, the dataset's facts, the
 * rendition cache, the counters and the CORS policy. The daemon opens one;
 * so can a program that answers heads without a socket (tests/fuzz/).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

/*
 * The Cache-Control of a data 200: its max-age, then how long past it a
 * cache may answer stale while it revalidates and when the server fails
 * (RFC 5861), each left out when 0. The page's HTML names its files'
 * versions: fresh for one second only (a cache such as nginx stores
 * nothing fresh for 0), stale only when the server fails; without
 * stale-if-error, no-cache.
 */
static void
cache_controls(struct service *s, const struct config *cfg)
{
	char swr[48] = "", sie[40] = "";

	if (cfg->stale_revalidate > 0)
		snprintf(swr, sizeof(swr), ", stale-while-revalidate=%ld",
		    cfg->stale_revalidate);
	if (cfg->stale_if_error > 0)
		snprintf(sie, sizeof(sie), ", stale-if-error=%ld",
		    cfg->stale_if_error);
	snprintf(s->cache_control, sizeof(s->cache_control),
	    "public, max-age=%ld%s%s", s->max_age, swr, sie);
	snprintf(s->page_control, sizeof(s->page_control), "%s%s",
	    *sie != '\0' ? "public, max-age=1" : "public, no-cache", sie);
}

int
service_open(struct service *s, const struct config *cfg, const struct app *app)
{
	char err[512];
	struct tm tm;

	memset(s, 0, sizeof(*s));
	s->app = app;
	s->max_age = cfg->cache_max_age;
	s->trust_proxy = cfg->trust_proxy != 0;
	if ((s->stores = calloc((size_t)cfg->threads, sizeof(*s->stores))) ==
		NULL ||
	    (s->cache = cache_new((size_t)cfg->cache_bytes)) == NULL ||
	    (s->metrics = metrics_new(app, s->cache, cfg->max_connections,
		 cfg->connection_memory + CONNECTION_STATE)) == NULL ||
	    (cfg->cors_origin != NULL &&
		(s->cors = cors_new(cfg->cors_origin)) == NULL)) {
		fprintf(stderr, "aid-api: out of memory\n");
		goto fail;
	}
	for (long i = 0; i < cfg->threads; i++) {
		if ((s->stores[i] = store_open(cfg->db, err, sizeof(err))) ==
		    NULL) {
			fprintf(stderr, "aid-api: %s\n", err);
			goto fail;
		}
		s->nstores++;
	}
	if (store_info(s->stores[0], &s->info, err, sizeof(err)) != 0) {
		fprintf(stderr, "aid-api: %s: %s\n", cfg->db, err);
		goto fail;
	}
	if (s->info.dataset_version[0] == '\0') {
		fprintf(stderr,
		    "aid-api: database %s: no dataset version in its meta "
		    "table\n",
		    cfg->db);
		goto fail;
	}
	cache_controls(s, cfg);
	gmtime_r(&s->info.built_at, &tm);
	strftime(s->last_modified, sizeof(s->last_modified),
	    "%a, %d %b %Y %H:%M:%S GMT", &tm);
	if ((s->api = app->open(s->stores[0], err, sizeof(err))) == NULL) {
		fprintf(stderr, "aid-api: %s: %s\n", cfg->db, err);
		goto fail;
	}
	return 0;
fail:
	service_close(s);
	return -1;
}

void
service_close(struct service *s)
{
	if (s->api != NULL)
		s->app->close(s->api);
	for (size_t i = 0; i < s->nstores; i++)
		store_close(s->stores[i]);
	free(s->stores);
	metrics_free(s->metrics);
	cache_free(s->cache);
	cors_free(s->cors);
	memset(s, 0, sizeof(*s));
}

struct respond_env
service_env(const struct service *s, struct store *store)
{
	return (struct respond_env){ .app = s->app,
		.api = s->api,
		.store = store,
		.info = &s->info,
		.cache = s->cache,
		.metrics = s->metrics,
		.cors = s->cors,
		.trust_proxy = s->trust_proxy,
		.last_modified = s->last_modified,
		.cache_control = s->cache_control,
		.page_control = s->page_control };
}
