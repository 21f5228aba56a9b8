/*
 * Metrics in the Prometheus text exposition format (version 0.0.4):
 * requests by route and status, a latency histogram by route, requests in
 * flight, open connections, the response cache, and what data and build
 * are serving. One struct metrics per daemon, updated with atomics.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "internal.h"

/* 0: none, a connection closed without answer */
static const unsigned int statuses[] = { 0, 200, 204, 300, 304, 400, 404, 405,
	413, 414, 431, 500, 501, 503, 505 };
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))

/* Upper bounds of the latency buckets, in microseconds and as printed. */
static const long long bucket_us[] = { 100, 250, 500, 1000, 2500, 5000, 10000,
	25000, 50000, 100000, 250000, 500000, 1000000 };
static const char *const bucket_le[] = { "0.0001", "0.00025", "0.0005", "0.001",
	"0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1" };
#define NBUCKET (sizeof(bucket_us) / sizeof(bucket_us[0]))

struct route_counters {
	atomic_ullong requests[NSTATUS + 1]; /* + other */
	atomic_ullong buckets[NBUCKET + 1];  /* + +Inf */
	atomic_ullong sum_us;
};

struct metrics {
	const struct app *app;
	struct cache *cache;
	struct route_counters *routes; /* one per route of app, and one for
					* what no handler answered */
	atomic_ullong refused;
	atomic_llong in_flight;
	atomic_llong connections;
	long max_connections; /* --max-connections */
	long per_connection;  /* the memory each holds, at most */
	atomic_ullong renditions_built;
	atomic_ullong renditions_reused;
};

struct metrics *
metrics_new(const struct app *app, struct cache *cache, long max_connections,
    long per_connection)
{
	struct metrics *m = calloc(1, sizeof(*m));

	if (m == NULL ||
	    (m->routes = calloc(app->nroutes + 1, sizeof(*m->routes))) ==
		NULL) {
		free(m);
		return NULL;
	}
	m->app = app;
	m->cache = cache;
	m->max_connections = max_connections;
	m->per_connection = per_connection;
	return m;
}

void
metrics_free(struct metrics *m)
{
	if (m == NULL)
		return;
	free(m->routes);
	free(m);
}

void
metrics_observe(
    struct metrics *m, size_t route, unsigned int status, long long us)
{
	struct route_counters *r = &m->routes[route];
	size_t s = 0, b = 0;

	while (s < NSTATUS && statuses[s] != status)
		s++;
	while (b < NBUCKET && us > bucket_us[b])
		b++;
	atomic_fetch_add(&r->requests[s], 1);
	atomic_fetch_add(&r->buckets[b], 1);
	atomic_fetch_add(&r->sum_us, us > 0 ? (unsigned long long)us : 0);
}

void
metrics_rendition(struct metrics *m, int reused)
{
	atomic_fetch_add(
	    reused ? &m->renditions_reused : &m->renditions_built, 1);
}

void
metrics_refused(struct metrics *m)
{
	atomic_fetch_add(&m->refused, 1);
}

void
metrics_in_flight(struct metrics *m, int delta)
{
	atomic_fetch_add(&m->in_flight, delta);
}

long long
metrics_get_in_flight(struct metrics *m)
{
	return atomic_load(&m->in_flight);
}

void
metrics_connections(struct metrics *m, int delta)
{
	atomic_fetch_add(&m->connections, delta);
}

long long
metrics_get_connections(struct metrics *m)
{
	return atomic_load(&m->connections);
}

static void
requests_text(struct metrics *m, struct buf *b)
{
	buf_puts(b,
	    "# HELP aid_http_requests_total HTTP requests, by route and "
	    "status (route refused: by libmicrohttpd, before the server; "
	    "status none: no answer).\n"
	    "# TYPE aid_http_requests_total counter\n");
	for (size_t r = 0; r <= m->app->nroutes; r++) {
		for (size_t s = 0; s <= NSTATUS; s++) {
			unsigned long long n =
			    atomic_load(&m->routes[r].requests[s]);

			if (n == 0)
				continue;
			buf_printf(b,
			    "aid_http_requests_total{route=\"%s\","
			    "status=\"",
			    route_label(m->app, r));
			if (s < NSTATUS && statuses[s] == 0)
				buf_puts(b, "none");
			else if (s < NSTATUS)
				buf_printf(b, "%u", statuses[s]);
			else
				buf_puts(b, "other");
			buf_printf(b, "\"} %llu\n", n);
		}
	}
}

static void
latency_text(struct metrics *m, struct buf *b)
{
	buf_puts(b,
	    "# HELP aid_http_request_duration_seconds Time from the "
	    "request line to the last byte queued, by route.\n"
	    "# TYPE aid_http_request_duration_seconds histogram\n");
	for (size_t r = 0; r <= m->app->nroutes; r++) {
		struct route_counters *c = &m->routes[r];
		unsigned long long cum = 0, seen = 0;
		const char *name = route_label(m->app, r);

		for (size_t i = 0; i <= NBUCKET; i++)
			seen += atomic_load(&c->buckets[i]);
		if (seen == 0)
			continue; /* a route never asked for has no series */
		for (size_t i = 0; i <= NBUCKET; i++) {
			cum += atomic_load(&c->buckets[i]);
			buf_printf(b,
			    "aid_http_request_duration_seconds_bucket{route="
			    "\"%s\",le=\"%s\"} %llu\n",
			    name, i < NBUCKET ? bucket_le[i] : "+Inf", cum);
		}
		buf_printf(b,
		    "aid_http_request_duration_seconds_sum{route=\"%s\"} "
		    "%.6f\n",
		    name, (double)atomic_load(&c->sum_us) / 1e6);
		buf_printf(b,
		    "aid_http_request_duration_seconds_count{route=\"%s\"} "
		    "%llu\n",
		    name, cum);
	}
}

void
metrics_text(struct metrics *m, const char *dataset_version, struct buf *b)
{
	struct cache_stats cs;

	requests_text(m, b);
	latency_text(m, b);
	buf_printf(b,
	    "# HELP aid_http_requests_in_flight Requests begun and not yet "
	    "completed.\n"
	    "# TYPE aid_http_requests_in_flight gauge\n"
	    "aid_http_requests_in_flight %lld\n"
	    "# HELP aid_http_connections_open Open client connections.\n"
	    "# TYPE aid_http_connections_open gauge\n"
	    "aid_http_connections_open %lld\n"
	    "# HELP aid_http_connections_max Open client connections at most "
	    "(--max-connections).\n"
	    "# TYPE aid_http_connections_max gauge\n"
	    "aid_http_connections_max %ld\n"
	    "# HELP aid_http_connections_memory_bytes Memory the open "
	    "connections hold, at most: libmicrohttpd's memory and the "
	    "state of each (%ld bytes).\n"
	    "# TYPE aid_http_connections_memory_bytes gauge\n"
	    "aid_http_connections_memory_bytes %lld\n"
	    "# HELP aid_http_connections_refused_total Connections closed at "
	    "once because the server held its most.\n"
	    "# TYPE aid_http_connections_refused_total counter\n"
	    "aid_http_connections_refused_total %llu\n"
	    "# HELP aid_mhd_epoll_unblocked_total Reads of libmicrohttpd's "
	    "event loop that followed a full read of 128 events and were "
	    "made not to wait (server/mhdepoll.c).\n"
	    "# TYPE aid_mhd_epoll_unblocked_total counter\n"
	    "aid_mhd_epoll_unblocked_total %llu\n",
	    atomic_load(&m->in_flight), atomic_load(&m->connections),
	    m->max_connections, m->per_connection,
	    atomic_load(&m->connections) * m->per_connection,
	    atomic_load(&m->refused), mhd_epoll_unblocked());
	buf_printf(b,
	    "# HELP aid_renditions_built_total 200 responses serialized and "
	    "compressed.\n"
	    "# TYPE aid_renditions_built_total counter\n"
	    "aid_renditions_built_total %llu\n"
	    "# HELP aid_renditions_reused_total 200 responses served from the "
	    "response cache, ready made.\n"
	    "# TYPE aid_renditions_reused_total counter\n"
	    "aid_renditions_reused_total %llu\n",
	    atomic_load(&m->renditions_built),
	    atomic_load(&m->renditions_reused));
	cache_stats(m->cache, &cs);
	buf_printf(b,
	    "# HELP aid_cache_bytes Bytes the response cache holds "
	    "(bodies, gzip bodies, keys and bookkeeping).\n"
	    "# TYPE aid_cache_bytes gauge\n"
	    "aid_cache_bytes %zu\n"
	    "# HELP aid_cache_budget_bytes The most the response cache may "
	    "hold (--cache-bytes).\n"
	    "# TYPE aid_cache_budget_bytes gauge\n"
	    "aid_cache_budget_bytes %zu\n"
	    "# HELP aid_cache_entries Responses the cache holds.\n"
	    "# TYPE aid_cache_entries gauge\n"
	    "aid_cache_entries %zu\n"
	    "# HELP aid_cache_hits_total Lookups that found a response.\n"
	    "# TYPE aid_cache_hits_total counter\n"
	    "aid_cache_hits_total %llu\n"
	    "# HELP aid_cache_misses_total Lookups that found none.\n"
	    "# TYPE aid_cache_misses_total counter\n"
	    "aid_cache_misses_total %llu\n"
	    "# HELP aid_cache_evictions_total Responses dropped to stay "
	    "within the budget.\n"
	    "# TYPE aid_cache_evictions_total counter\n"
	    "aid_cache_evictions_total %llu\n",
	    cs.bytes, cs.budget, cs.entries, cs.hits, cs.misses, cs.evictions);
	buf_printf(b,
	    "# HELP aid_dataset_info The data being served: the hash of the "
	    "database's content.\n"
	    "# TYPE aid_dataset_info gauge\n"
	    "aid_dataset_info{dataset_version=\"%s\"} 1\n",
	    dataset_version);
	buf_printf(b,
	    "# HELP aid_build_info The server's version and its libraries.\n"
	    "# TYPE aid_build_info gauge\n"
	    "aid_build_info{version=\"%s\",libmicrohttpd=\"%s\","
	    "sqlite=\"%s\",jansson=\"%s\"} 1\n",
	    AID_VERSION, MHD_get_version(), store_library_version(),
	    JANSSON_VERSION);
}

void
server_metrics(const struct request *req, struct buf *b)
{
	metrics_text(req->metrics, req->info->dataset_version, b);
}
