#ifndef AID_SERVER_INTERNAL_H
#define AID_SERVER_INTERNAL_H

/*
 * What the files of server/ share among themselves; handlers include only
 * server.h.
 */

#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <microhttpd.h>
#include <pthread.h>

#include "server.h"

/* A growing byte buffer. A failed allocation sets oom; buf_finish then
 * frees everything and returns NULL. */
struct buf {
	char *data;
	size_t len, cap;
	int oom;
};

void buf_putn(struct buf *, const char *s, size_t n);
void buf_puts(struct buf *, const char *s);
void buf_putc(struct buf *, char c);
void buf_printf(struct buf *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The NUL-terminated contents (caller frees), or NULL after a failure. */
char *buf_finish(struct buf *);

/* Configuration (server/config.c), from the environment, then flags. */
struct config {
	long port;
	const char *bind;
	const char *db;
	long threads;
	long max_connections;
	long idle_timeout;
	long drain_seconds;
	const char *access_log;	 /* "json" or "off" */
	long cache_max_age;	 /* Cache-Control max-age, seconds */
	long cache_entries;	 /* renditions kept in memory */
	const char *cors_origin; /* "*", a comma list, or NULL */
	long trust_proxy;	 /* believe X-Forwarded-* */
	int healthcheck;	 /* --healthcheck: probe, do not serve */
	char db_default[4096];	 /* aid.db beside the executable */
};

/*
 * Fills cfg from the environment and argv, whose strings it borrows (they
 * must outlive cfg). Returns 0 to run, 1 when it
 * printed --help or --version (exit 0), 2 after printing one line on stderr
 * naming the bad flag or variable (exit 2).
 */
int config_parse(struct config *cfg, int argc, char **argv);

/*
 * Asks GET /readyz of the server at cfg's port on its bind address (the
 * loopback one when bound to every address). Returns 0 when it answers
 * 200 within two seconds, else 1 with one line on stderr.
 */
int healthcheck(const struct config *cfg);

/* Parsing (server/params.c). */

/* 1 when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *s, size_t len);

/* Decodes %XX (and '+' as space when asked) in place. Returns the new
 * length, or -1 on a malformed escape. */
int pct_decode(char *s, int plus_is_space);

/*
 * Splits a raw query string (modified in place; the params point into it)
 * into decoded parameters. Returns 0, or -1 with *bad naming the parameter
 * and *why the reason (malformed escape, not UTF-8, repeated key).
 * *out is freed by the caller.
 */
int params_parse(char *query, struct param **out, size_t *n, const char **bad,
    const char **why);

/* Routing (server/routes.c). */

enum route {
	ROUTE_INDEX,
	ROUTE_ENTITIES,
	ROUTE_ENTITY,
	ROUTE_PARTNERSHIPS,
	ROUTE_PARTNERSHIP,
	ROUTE_FUNDINGS,
	ROUTE_FUNDING_TOTALS,
	ROUTE_FUNDING,
	ROUTE_EVENTS,
	ROUTE_EVENT,
	ROUTE_SOURCES,
	ROUTE_SOURCE,
	ROUTE_HEALTHZ,
	ROUTE_READYZ,
	ROUTE_OPENAPI,
	ROUTE_METRICS,
	ROUTE_NOT_FOUND,
	ROUTE__MAX
};

/*
 * Finds the route of a decoded path (trailing slash already removed); sets
 * *arg to the {id} segment of an item route (pointing into path), else
 * NULL. Returns ROUTE_NOT_FOUND when nothing matches.
 */
enum route route_match(const char *path, const char **arg);

/* The handler of a route, never NULL (ROUTE_NOT_FOUND answers 404). */
handler_fn *route_handler(enum route);

/* A short stable name for logs and metrics ("entities", "entity", ...). */
const char *route_name(enum route);

/* 1 when the route's 200 responses are data: cached, with ETag. */
int route_cacheable(enum route);

/* Replies (server/reply.c). */

/*
 * Serializes the reply's body: compact, or indented when pretty. Returns a
 * new string (free()) and its length, or NULL when out of memory.
 */
char *reply_serialize(const struct reply *, int pretty, size_t *len);

/* Frees what the reply owns and resets it. */
void reply_clear(struct reply *);

/*
 * Renditions and the response cache (server/cache.c). A rendition is a
 * 200 body made ready once: serialized, with its ETag, gzipped when worth
 * it. Reference counted; rendition_unref() fits MHD's free callback.
 */
struct rendition {
	atomic_int refs;
	const char *type; /* Content-Type */
	char *body;	  /* identity */
	size_t len;
	char etag[48];	  /* strong, of the identity body */
	char etag_gz[48]; /* of the gzip body */
	long long total;  /* X-Total-Count, or -1 */
	char *link;	  /* Link, or NULL */
	char *location;	  /* Content-Location, or NULL */
	/* gzip, made on first demand (rendition_gzip) under gz_lock */
	pthread_mutex_t gz_lock;
	int gz_tried, gz_nolock;
	char *gz; /* NULL when not worth it */
	size_t gzlen;
	/* the cache's bookkeeping */
	char *key;
	uint64_t hash;
	struct rendition *chain, *lru_prev, *lru_next;
};

/* Makes a rendition of rep's headers and body (taken); NULL when out of
 * memory (body freed). */
struct rendition *rendition_new(const struct reply *rep, char *body, size_t len,
    const char *type, const char *dataset_version);
struct rendition *rendition_ref(struct rendition *);
/* The gzip body (compressed on the first call), or NULL when gzip is not
 * worth it; *len its length. */
char *rendition_gzip(struct rendition *, size_t *len);
void rendition_unref(void *rendition);

/* gzip of body when it is worth it (512 bytes or more) and saves bytes; a
 * new buffer, or NULL when not worth it or out of memory. */
char *gzip_body(const char *body, size_t len, size_t *outlen);

struct cache;

/* A cache of at most max renditions (0: keeps none); NULL when out of
 * memory. */
struct cache *cache_new(size_t max);
void cache_free(struct cache *);
/* A new reference to the rendition of key, or NULL. */
struct rendition *cache_get(struct cache *, const char *key);
/* Keeps r under key (the cache takes its own reference). */
void cache_put(struct cache *, const char *key, struct rendition *r);

/* CSV (server/csv.c): the items of an array as RFC 4180 rows under a
 * header row of columns (dotted paths into each item). Returns a new
 * string, or NULL when out of memory. */
char *csv_render(json_t *items, json_t *columns, size_t *len);

/* CORS (server/cors.c). */
struct cors;
/* The policy of --cors-origin; NULL (no origin allowed) when unset. */
struct cors *cors_new(const char *origins);
void cors_free(struct cors *);
/* 1 when responses differ by Origin (a list rather than "*"). */
int cors_varies(const struct cors *);
/* Adds Access-Control-Allow-Origin and -Expose-Headers for an allowed
 * origin; nothing otherwise. */
void cors_headers(
    const struct cors *, struct MHD_Response *, const char *origin);
/* Adds the preflight's -Allow-Methods, -Allow-Headers, -Max-Age. */
void cors_preflight(
    const struct cors *, struct MHD_Response *, const char *origin);

/* Metrics (server/metrics.c), process-wide. */
void metrics_observe(enum route, unsigned int status, long long us);
void metrics_in_flight(int delta);
/* Counts a rendition made (reused 0) or served from the cache (1). */
void metrics_rendition(int reused);
void metrics_connections(int delta);
/* The exposition text; a new string, or NULL when out of memory. */
char *metrics_text(const char *dataset_version, size_t *len);

/* One request as it goes through the server (server/respond.c). */

struct exchange {
	char *target; /* the request target as received */
	struct timespec start;
	int seen; /* the access handler has been called once */
	enum route route;
	unsigned int status; /* what was queued */
	size_t bytes;	     /* body bytes sent */
	char method[16];
	char id[129];	 /* X-Request-Id, ours or the client's */
	char client[64]; /* the client's address, or X-Forwarded-For's */
};

/* Where respond() finds what it needs of the running daemon. */
struct respond_env {
	struct store *store; /* the worker thread's, or NULL: 503 */
	const struct server_info *info;
	struct cache *cache;
	const struct cors *cors;
	long max_age;	 /* Cache-Control max-age */
	int trust_proxy; /* believe X-Forwarded-* */
	int closing;	 /* draining: ask clients to close */
};

/*
 * Answers one request: parses the target, routes, runs the handler or
 * finds its rendition, and queues the response. Returns what
 * MHD_queue_response returned.
 */
enum MHD_Result respond(struct MHD_Connection *, struct exchange *,
    const char *method, const char *version, const struct respond_env *);

/* Writes the access-log line of a finished exchange on stderr (log.c). */
void log_exchange(const struct exchange *);

/* The daemon (server/daemon.c). */

struct daemon;

/*
 * Opens one store per worker thread, binds, listens and starts serving.
 * Returns the daemon, or NULL after printing one line on stderr.
 */
struct daemon *daemon_start(const struct config *);

/* The port the daemon listens on (useful with port 0). */
unsigned short daemon_port(const struct daemon *);

/*
 * Stops accepting, waits up to the drain deadline for requests in flight,
 * then stops and frees everything. NULL is a no-op.
 */
void daemon_stop(struct daemon *);

#endif
