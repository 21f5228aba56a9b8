/*
 * Metrics in the Prometheus text exposition format (version 0.0.4):
 * requests by route and status, a latency histogram by route, requests in
 * flight, open connections, and what data and build are serving. Counters
 * are process-wide atomics, updated without locks.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const unsigned int statuses[] = { 200, 204, 300, 304, 400, 404, 405, 414,
	431, 500, 503 };
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))

/* Upper bounds of the latency buckets, in microseconds and as printed. */
static const long long bucket_us[] = { 100, 250, 500, 1000, 2500, 5000, 10000,
	25000, 50000, 100000, 250000, 500000, 1000000 };
static const char *const bucket_le[] = { "0.0001", "0.00025", "0.0005", "0.001",
	"0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1" };
#define NBUCKET (sizeof(bucket_us) / sizeof(bucket_us[0]))

static atomic_ullong requests[ROUTE__MAX][NSTATUS + 1]; /* + other */
static atomic_ullong buckets[ROUTE__MAX][NBUCKET + 1];	/* + +Inf */
static atomic_ullong sum_us[ROUTE__MAX];
static atomic_llong in_flight;
static atomic_llong connections;
static atomic_ullong renditions_built;
static atomic_ullong renditions_reused;

void
metrics_observe(enum route r, unsigned int status, long long us)
{
	size_t s = 0, b = 0;

	while (s < NSTATUS && statuses[s] != status)
		s++;
	while (b < NBUCKET && us > bucket_us[b])
		b++;
	atomic_fetch_add(&requests[r][s], 1);
	atomic_fetch_add(&buckets[r][b], 1);
	atomic_fetch_add(&sum_us[r], us > 0 ? (unsigned long long)us : 0);
}

void
metrics_rendition(int reused)
{
	atomic_fetch_add(reused ? &renditions_reused : &renditions_built, 1);
}

void
metrics_in_flight(int delta)
{
	atomic_fetch_add(&in_flight, delta);
}

void
metrics_connections(int delta)
{
	atomic_fetch_add(&connections, delta);
}

char *
metrics_text(const char *dataset_version, size_t *len)
{
	struct buf b = { 0 };

	buf_puts(&b,
	    "# HELP aid_http_requests_total HTTP requests answered, "
	    "by route and status.\n"
	    "# TYPE aid_http_requests_total counter\n");
	for (int r = 0; r < ROUTE__MAX; r++) {
		for (size_t s = 0; s <= NSTATUS; s++) {
			unsigned long long n = atomic_load(&requests[r][s]);
			char code[8];

			if (n == 0)
				continue;
			if (s < NSTATUS)
				snprintf(code, sizeof(code), "%u", statuses[s]);
			else
				snprintf(code, sizeof(code), "other");
			buf_printf(&b,
			    "aid_http_requests_total{route=\"%s\","
			    "status=\"%s\"} %llu\n",
			    route_name((enum route)r), code, n);
		}
	}
	buf_puts(&b,
	    "# HELP aid_http_request_duration_seconds Time from the "
	    "request line to the last byte queued, by route.\n"
	    "# TYPE aid_http_request_duration_seconds histogram\n");
	for (int r = 0; r < ROUTE__MAX; r++) {
		unsigned long long cum = 0, seen = 0;
		const char *name = route_name((enum route)r);

		for (size_t i = 0; i <= NBUCKET; i++)
			seen += atomic_load(&buckets[r][i]);
		if (seen == 0)
			continue; /* a route never asked for has no series */
		for (size_t i = 0; i <= NBUCKET; i++) {
			cum += atomic_load(&buckets[r][i]);
			buf_printf(&b,
			    "aid_http_request_duration_seconds_bucket{route=\"%"
			    "s\","
			    "le=\"%s\"} %llu\n",
			    name, i < NBUCKET ? bucket_le[i] : "+Inf", cum);
		}
		buf_printf(&b,
		    "aid_http_request_duration_seconds_sum{route=\"%s\"} "
		    "%.6f\n",
		    name, (double)atomic_load(&sum_us[r]) / 1e6);
		buf_printf(&b,
		    "aid_http_request_duration_seconds_count{route=\"%s\"} "
		    "%llu\n",
		    name, cum);
	}
	buf_printf(&b,
	    "# HELP aid_http_requests_in_flight Requests begun and not yet "
	    "completed.\n"
	    "# TYPE aid_http_requests_in_flight gauge\n"
	    "aid_http_requests_in_flight %lld\n"
	    "# HELP aid_http_connections_open Open client connections.\n"
	    "# TYPE aid_http_connections_open gauge\n"
	    "aid_http_connections_open %lld\n",
	    atomic_load(&in_flight), atomic_load(&connections));
	buf_printf(&b,
	    "# HELP aid_renditions_built_total 200 responses serialized and "
	    "compressed.\n"
	    "# TYPE aid_renditions_built_total counter\n"
	    "aid_renditions_built_total %llu\n"
	    "# HELP aid_renditions_reused_total 200 responses served from the "
	    "response cache, ready made.\n"
	    "# TYPE aid_renditions_reused_total counter\n"
	    "aid_renditions_reused_total %llu\n",
	    atomic_load(&renditions_built), atomic_load(&renditions_reused));
	buf_printf(&b,
	    "# HELP aid_dataset_info The data being served: the hash of the "
	    "database's content.\n"
	    "# TYPE aid_dataset_info gauge\n"
	    "aid_dataset_info{dataset_version=\"%s\"} 1\n",
	    dataset_version);
	buf_printf(&b,
	    "# HELP aid_build_info The server's version and its libraries.\n"
	    "# TYPE aid_build_info gauge\n"
	    "aid_build_info{version=\"%s\",libmicrohttpd=\"%s\","
	    "sqlite=\"%s\",jansson=\"%s\"} 1\n",
	    AID_VERSION, MHD_get_version(), store_library_version(),
	    JANSSON_VERSION);
	*len = b.len;
	return buf_finish(&b);
}

char *
server_metrics(const struct request *req, size_t *len)
{
	return metrics_text(req->info->dataset_version, len);
}
