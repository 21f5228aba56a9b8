#ifndef AID_SERVER_INTERNAL_H
#define AID_SERVER_INTERNAL_H

/*
 * What the files of server/ share among themselves; handlers include only
 * server.h.
 */

#include <stdarg.h>
#include <stddef.h>
#include <time.h>

#include <microhttpd.h>

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
	const char *access_log; /* "json" or "off" */
	char db_default[4096];	/* aid.db beside the executable */
};

/*
 * Fills cfg from the environment and argv. Returns 0 to run, 1 when it
 * printed --help or --version (exit 0), 2 after printing one line on stderr
 * naming the bad flag or variable (exit 2).
 */
int config_parse(struct config *cfg, int argc, char **argv);

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

/* Replies (server/reply.c). */

/*
 * Serializes the reply's body: compact, or indented when pretty. Returns a
 * new string (free()) and its length, or NULL when out of memory.
 */
char *reply_serialize(const struct reply *, int pretty, size_t *len);

/* Frees what the reply owns and resets it. */
void reply_clear(struct reply *);

/* One request as it goes through the server (server/respond.c). */

struct MHD_Connection;

struct exchange {
	char *target; /* the request target as received */
	struct timespec start;
	int seen; /* the access handler has been called once */
	enum route route;
	unsigned int status; /* what was queued */
	size_t bytes;	     /* body bytes queued */
	char method[16];
	char id[129]; /* X-Request-Id, ours or the client's */
};

/* Where respond() finds what it needs of the running daemon. */
struct respond_env {
	struct store *store; /* the worker thread's, or NULL: 503 */
	const struct server_info *info;
	int closing; /* draining: ask clients to close */
};

/*
 * Answers one request: parses the target, routes, runs the handler and
 * queues the response. Returns what MHD_queue_response returned.
 */
enum MHD_Result respond(struct MHD_Connection *, struct exchange *,
    const char *method, const struct respond_env *);

/* Writes the access-log line of a finished exchange on stderr (log.c). */
void log_exchange(const struct exchange *, struct MHD_Connection *);

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
