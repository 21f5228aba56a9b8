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
#include <sys/socket.h>

#include "server.h"

/* Configuration (server/config.c), from the environment, then flags. */
/*
 * What one open connection holds, at most: libmicrohttpd's memory for it
 * (--connection-memory, CONNECTION_MEMORY by default: the request's head,
 * 64 bytes for each of its header fields, the answer's head; libmicrohttpd
 * zeroes it all after each request, so all of it stays resident), and
 * CONNECTION_STATE, the server's own state and libmicrohttpd's (measured:
 * about 350 bytes). The memory the process may take is the cache's
 * budget, a fixed part (MEMORY_FIXED: the code, the dataset, the threads'
 * stacks and stores) and this per connection.
 */
#define CONNECTION_MEMORY (16 * 1024)
#define CONNECTION_STATE  1024
#define MEMORY_FIXED	  (16L * 1024 * 1024)

struct config {
	long port;
	const char *bind;
	const char *db;
	long threads;
	long max_connections;
	long connections_per_address; /* 0: no limit */
	long idle_timeout;
	long header_timeout; /* seconds for a request's head */
	long drain_seconds;
	const char *access_log;	 /* "json" or "off" */
	long cache_max_age;	 /* Cache-Control max-age, seconds */
	long stale_revalidate;	 /* its stale-while-revalidate, or 0 */
	long stale_if_error;	 /* its stale-if-error, or 0 */
	long cache_bytes;	 /* bytes of renditions kept in memory */
	long connection_memory;	 /* libmicrohttpd's, for each connection */
	const char *cors_origin; /* "*", a comma list, or NULL */
	long trust_proxy;	 /* believe X-Forwarded-* */
	int healthcheck;	 /* --healthcheck: probe, do not serve */
	/* libmicrohttpd's client discipline level, where it offers levels
	 * (MHD_DISCIPLINE; not a flag: the tests measure the others) */
	int mhd_discipline;
	char db_default[4096]; /* aid.db beside the executable */
	char cors_list[4096];  /* --cors-origin without its spaces */
};

/*
 * Formats into out (cap bytes, at least 1) as vsnprintf does; what does
 * not fit is cut at a UTF-8 character's boundary (server/buf.c). Returns
 * the length written.
 */
size_t text_vformat(char *out, size_t cap, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* The small problem document of a 500, sent as it is when nothing else can
 * be made (server/reply.c). */
extern const char fault_doc[];
extern const size_t fault_doc_len;

/* Raises the soft open-file limit as far as the hard one allows, so that
 * the default connection limit can be as high (server/limits.c). */
void raise_file_limit(void);
/* The memory the process may take: its cgroup's limit, or the machine's
 * memory when lower or when there is none; 0 when unknown. */
unsigned long long memory_allowed(void);
/* The memory limit of the cgroup of the process, read from the files
 * under root ("" for the machine's own: /proc/self/cgroup, then
 * /sys/fs/cgroup's v2 memory.max, its namespace's, or v1's
 * memory.limit_in_bytes); 0 when none is a number. */
unsigned long long cgroup_memory_limit(const char *root);
/* How many connections files open files (ULLONG_MAX: no limit) and mem
 * bytes of memory (0: unknown, no bound) allow beside a cache of
 * cache_bytes and MEMORY_FIXED, at per_connection bytes each: 576 files
 * are kept for the listening socket, the database and a margin; from 16
 * to 16384. */
long connections_for(unsigned long long files, unsigned long long mem,
    long cache_bytes, long per_connection);
/* The default --max-connections: connections_for with the process's
 * open-file limit and memory_allowed(). */
long connections_allowed(long cache_bytes, long per_connection);

/*
 * Fills cfg from the environment and argv, whose strings it borrows (they
 * must outlive cfg). Returns 0 to run, 1 when it
 * printed --help or --version (exit 0), 2 after printing one line on stderr
 * naming the bad flag or variable (exit 2).
 */
int config_parse(struct config *cfg, int argc, char **argv);

/*
 * The socket address of an IPv4 or IPv6 address text and a port. Returns
 * 0, or -1 when addr is neither (server/net.c).
 */
int net_address(
    const char *addr, long port, struct sockaddr_storage *ss, socklen_t *len);

/*
 * A listening TCP socket on addr and port (0: any free port), with *bound
 * the port it has. Returns its fd, or -1 after one line on stderr saying
 * why (an address that is none, a port in use).
 */
int net_listen(const char *addr, long port, int backlog, unsigned short *bound);

/*
 * The bytes the peer of the TCP socket fd has sent so far, as the kernel
 * counts them (Linux's TCP_INFO, 4.1 and later); 0 when it cannot tell.
 */
unsigned long long net_bytes_received(int fd);
/*
 * The same count, in *rx, and whether the connection is still open both
 * ways as far as the kernel knows (1), or not (0: the peer's FIN or reset
 * has come, or the kernel cannot tell): one system call for both.
 */
int net_tcp_open(int fd, unsigned long long *rx);

/*
 * Asks GET /readyz of the server at cfg's port on its bind address (the
 * loopback one when bound to every address). Returns 0 when it answers
 * 200 within two seconds, else 1 with one line on stderr.
 */
int healthcheck(const struct config *cfg);

/* Parsing (server/params.c). */

/* Decodes %XX (and '+' as space when asked) in place. Returns the new
 * length, or -1 on a malformed escape. */
int pct_decode(char *s, int plus_is_space);

/*
 * Splits a raw query string (modified in place; the params point into it)
 * into decoded parameters, in their order (a repeated key appears as often
 * as it is given: the getters decide). Returns 0; -1 with *bad naming
 * the parameter and *why the reason (malformed escape, not UTF-8, too
 * many); -2 when out of memory. *out is freed by the caller.
 */
int params_parse(char *query, struct param **out, size_t *n, const char **bad,
    const char **why);

/* Frees what a request owns (its parameters and errors). */
void req_clear(struct request *);

/*
 * Finds the route of a decoded path (trailing slash already removed) in
 * app's table; sets *arg to the {id} segment of an item route (pointing
 * into path), else NULL. Returns the route's index; the last route (the
 * one of every other path) when nothing matches (server/routes.c).
 */
size_t route_match(const struct app *, const char *path, const char **arg);

/*
 * Renditions (server/rendition.c) and the response cache (server/cache.c).
 * A rendition is a reply made ready to send: its body, its headers, its
 * ETag when it is data (a 200 of a cached route), gzipped on first demand
 * when worth it. Reference counted; rendition_unref() fits MHD's free
 * callback.
 */
struct cache;

/*
 * A body (server/body.c): flat (one buffer), or, once a cache holds it,
 * in a block of a few set sizes (more than BODY_CHUNK bytes) or in one
 * chunk, so that what the cache frees is reusable by what it keeps next
 * (bodies of every size in one heap leave holes no later body fits: some
 * 40 % of the heap under churn), its budget is what it takes, and each
 * goes out in one piece; in chunks, when it could not have its block.
 */
struct body {
	char *flat;   /* the bytes, or NULL when in chunks */
	size_t block; /* the size of flat's block once kept, or 0 */
	char **chunk; /* BODY_CHUNK bytes each, the last partly used */
	size_t nchunks;
	size_t len;
};

#define BODY_CHUNK 2048

struct rendition {
	atomic_int refs;
	unsigned int status;
	const char *type; /* Content-Type, or NULL without body */
	struct body id;	  /* identity (len 0 without body) */
	int has_body;
	int data;	      /* a 200 of a cached route: validators, public */
	char etag[48];	      /* data: strong, of the identity body */
	char etag_gz[48];     /* data: of the gzip body */
	long long total;      /* X-Total-Count, or -1 */
	char *link;	      /* Link, or NULL */
	char *location;	      /* Content-Location, or NULL */
	const char *filename; /* Content-Disposition's, or NULL */
	const char *csp;      /* Content-Security-Policy, or NULL */
	enum freshness fresh; /* the Cache-Control of a data 200 */
	/* gzip, made on first demand (rendition_gzip) under gz_lock */
	pthread_mutex_t gz_lock;
	int gz_tried, gz_nolock;
	struct body gz; /* len 0 when not worth it */
	/* the cache's bookkeeping: owner is the cache it was offered to (set
	 * before it is shared), cache the one holding it (under its lock) */
	struct cache *owner, *cache;
	char *key;
	size_t keylen;
	uint64_t hash;
	size_t charged; /* bytes counted against the cache's budget */
	struct rendition *chain, *lru_prev, *lru_next;
};

/*
 * Makes a rendition of rep (its body and headers taken; rep is cleared).
 * data says it is a 200 of a cached route (ETag from dataset_version and
 * the body). NULL when out of memory (rep cleared all the same).
 */
struct rendition *rendition_new(
    struct reply *rep, int data, const char *dataset_version);
/* Takes one more reference to r (never fails) and returns r; each is
 * given back with rendition_unref. */
struct rendition *rendition_ref(struct rendition *);
/* The gzip body (compressed on the first call), or NULL when gzip is not
 * worth it. */
const struct body *rendition_gzip(struct rendition *);
/* A response sending body, which r holds until MHD is done with it (a
 * new reference); NULL when out of memory. */
struct MHD_Response *rendition_response(
    struct rendition *, const struct body *);
/* Gives back one reference; the last one frees the rendition and all it
 * holds. NULL is nothing to give back. */
void rendition_unref(void *rendition);
/* A 64-bit hash of len bytes (the ETag's, and the cache's keys'). */
uint64_t hash_bytes(const void *data, size_t len);
/* Keeps a flat body as a cache holds it (a block of its own, or chunks):
 * 0, or -1 (left flat) when out of memory. */
int body_keep(struct body *);
/* What a body takes of memory, as a cache charges it. */
size_t body_cost(const struct body *);
/* The body in one buffer (flat, its block or its one chunk), or NULL
 * when it is in chunks. */
const char *body_whole(const struct body *);
/* Frees what the body holds and clears it. */
void body_free(struct body *);

/* A cache of renditions holding at most budget bytes (0: keeps none); NULL
 * when out of memory. */
struct cache *cache_new(size_t budget);
/* Frees the cache (NULL: nothing) and gives back its reference to each
 * rendition it holds: those still on the wire live until sent. */
void cache_free(struct cache *);
/* A new reference to the rendition of key, or NULL. Counts a hit or miss. */
struct rendition *cache_get(struct cache *, const char *key, size_t keylen);
/* Keeps r under key (the cache takes its own reference), dropping the
 * least recently used renditions to stay within the budget. */
void cache_put(
    struct cache *, const char *key, size_t keylen, struct rendition *r);
/* Counts extra bytes of r (its gzip body, made later) against the cache
 * that holds it, dropping others to stay within the budget; nothing when
 * r was dropped meanwhile. */
void cache_charge(struct cache *, struct rendition *r, size_t extra);
/* What the cache holds and has done, for /metrics. */
struct cache_stats {
	size_t bytes, budget, entries;
	unsigned long long hits, misses, evictions;
};
void cache_stats(struct cache *, struct cache_stats *);

/* CORS (server/cors.c). */
struct cors;
/* The policy of --cors-origin (a comma list without spaces, or "*"); NULL
 * (no origin allowed) when unset. */
struct cors *cors_new(const char *origins);
void cors_free(struct cors *);
/* 1 when responses differ by Origin (a list rather than "*"). */
int cors_varies(const struct cors *);
/* Adds Access-Control-Allow-Origin and -Expose-Headers for an allowed
 * origin; nothing otherwise. 0, or -1 when out of memory. */
int cors_headers(
    const struct cors *, struct MHD_Response *, const char *origin);
/* Adds the preflight's -Allow-Methods, -Allow-Headers, -Max-Age. 0, or
 * -1 when out of memory. */
int cors_preflight(
    const struct cors *, struct MHD_Response *, const char *origin);

/*
 * Metrics (server/metrics.c): one set of counters per daemon. Every
 * function but metrics_new and metrics_free may be called from any thread
 * at once (the counters are atomic, or under the metrics' lock); none
 * fails, and none allocates but metrics_new and metrics_text.
 */

/* Counters for the routes of app, reporting on cache and on the
 * connections (max_connections at most, per_connection bytes each) too;
 * NULL when out of memory. */
struct metrics *metrics_new(const struct app *, struct cache *,
    long max_connections, long per_connection);
/* Frees the counters; NULL is nothing. */
void metrics_free(struct metrics *);
/* Counts an answer of route (app's nroutes: refused by libmicrohttpd) with
 * status (0: none sent) that took us microseconds. */
void metrics_observe(
    struct metrics *, size_t route, unsigned int status, long long us);
/* Adds delta (1 or -1) to the requests in flight, and reads them. */
void metrics_in_flight(struct metrics *, int delta);
long long metrics_get_in_flight(struct metrics *);
/* Adds delta (1 or -1) to the open connections, and reads them. */
void metrics_connections(struct metrics *, int delta);
long long metrics_get_connections(struct metrics *);
/* Counts a connection refused at once (the server held its most). */
void metrics_refused(struct metrics *);
/* Counts a rendition made (reused 0) or served from the cache (1). */
void metrics_rendition(struct metrics *, int reused);
/* Appends the exposition text (Prometheus 0.0.4) to b; b's oom says it
 * failed. */
void metrics_text(struct metrics *, const char *dataset_version, struct buf *b);

/* One request as it goes through the server (server/respond.c). */

struct exchange {
	char *target;	   /* the request target as received */
	uintptr_t line_at; /* where libmicrohttpd holds it (mhd_line_as_sent) */
	struct timespec start;
	int begun;   /* the request line was read */
	int handled; /* its head was read whole and the handler called */
	size_t route;
	unsigned int status; /* what was queued */
	size_t bytes;	     /* body bytes sent */
	char method[16];
	char id[129];	 /* X-Request-Id, ours or the client's */
	char client[64]; /* the client's address, or X-Forwarded-For's */
	/* a refusal decided before the handler (framing): status, detail */
	unsigned int refuse;
	const char *refuse_detail;
};

/*
 * What differs between libmicrohttpd versions (server/mhdcompat.c), read
 * from the version the process loaded, once.
 */
struct mhd_traits {
	unsigned long version; /* as MHD_VERSION: 0x01000100 is 1.0.1 */
	/* offers client discipline levels (0.9.77 and later) */
	int discipline;
	/* the URI callback ends the query in place (0.9.75 to 1.0.x) */
	int cut_query;
	/* the checks of the line and fields as sent (0.9.75 and 0.9.76) */
	int as_sent;
	/* its event loop's read after a full one waits (0.9.75 to 1.0.x):
	 * server/mhdepoll.c */
	int drain_waits;
};

/* The client discipline level the server asks of libmicrohttpd where it
 * offers levels: docs/framing.md says why this one. */
#define MHD_DISCIPLINE 1

/* "1.0.1" as MHD_VERSION writes it (0x01000100); 0 when it is no version. */
unsigned long mhd_version_of(const char *text);
/* What a version offers and needs. */
struct mhd_traits mhd_traits_of(unsigned long version);
/* The traits of the libmicrohttpd the process loaded (first call before
 * any thread starts). */
const struct mhd_traits *mhd_traits(void);
/* Appends to item (room places at most) the options of t: the client
 * discipline level where it is offered. Returns how many. */
size_t mhd_options(const struct mhd_traits *t, int discipline,
    struct MHD_OptionItem *item, size_t room);
/* In the URI callback: ends the query of uri (libmicrohttpd's, writable)
 * at its first byte, where t says so, so that libmicrohttpd records no
 * argument. */
void mhd_cut_query(const struct mhd_traits *t, const char *uri);
/* Where t says so: why the request line as sent is refused (static), or
 * NULL; x->line_at is where the URI callback saw the target. */
const char *mhd_line_as_sent(const struct mhd_traits *t,
    const struct exchange *x, const char *method, const char *version);
/* Where t says so: why the header block as sent is refused, or NULL. */
const char *mhd_fields_as_sent(const struct mhd_traits *t,
    struct MHD_Connection *con, const char *method, const char *version);

/*
 * Connections (server/conns.c): each open connection's state, which owns
 * everything of its current request, and the reaper that enforces the
 * header deadline.
 */
struct conn {
	struct conn *prev, *next; /* the daemon's list, under its lock */
	int fd;
	/* ms: since when a request head is due, or 0 */
	long long waiting_since;
	/* between requests: watched for EOF */
	int idle;
	/* bytes received when it became idle */
	unsigned long long rx_mark;
	/* the reaper's last look saw the client's side closed */
	int eof_seen;
	/* ms: when a request last began, was read or was answered */
	long long moved_at;
	/* shut down by the reaper */
	int reaped;
	/* in the queue of those with no request begun (conns.c) */
	int quiet;
	struct conn *qprev, *qnext;
	struct exchange x; /* the request being read or answered */
	/* what was received when the last exchange ended (ULLONG_MAX when
	 * it ended the connection), and when: bytes beyond it that made no
	 * request line are a request libmicrohttpd refused unseen */
	unsigned long long rx_done;
	struct timespec done_at;
};

struct conns;

/* The connections of a daemon, and their reaper thread: a connection
 * whose request head takes longer than header_timeout seconds is shut
 * down. NULL when out of memory or threads. */
struct conns *conns_new(long header_timeout);
/* Stops the reaper; every connection must be closed. */
void conns_free(struct conns *);
/* A new connection on fd, its first request head due from now; NULL when
 * out of memory. */
struct conn *conn_open(struct conns *, int fd);
/* Forgets c and frees what it holds (before its fd is closed). */
void conn_close(struct conns *, struct conn *c);
/* A request head is being read (1), or has been read whole (0). */
void conn_reading(struct conns *, struct conn *c, int reading);
/* Between requests: no head due; closed at once if the client closes
 * (as is a connection part way through a head). rx: the bytes its client
 * has sent so far (net_bytes_received). */
void conn_idle(struct conns *, struct conn *c, unsigned long long rx);
/*
 * Makes room for a new connection: shuts down the one that has waited
 * longest with no request begun (a fresh one that sent nothing, or one
 * kept alive after its answer). Returns 1 when one was, 0 when every
 * connection is busy with a request.
 */
int conns_make_room(struct conns *);

/* Whether a read of an epoll set that follows a full one is made not to
 * wait (server/mhdepoll.c, which defines epoll_wait): on (1) for the
 * versions whose event loop needs it (mhd_traits: drain_waits). */
void mhd_epoll_keep_awake(int on);
/* Reads made not to wait so far. */
unsigned long long mhd_epoll_unblocked(void);

struct acceptor;

/* Accepting on the listening socket fd for mhd (a daemon without a
 * listening socket of its own). NULL when out of memory or files: fd is
 * still the caller's. */
struct acceptor *acceptor_new(int fd, struct MHD_Daemon *mhd);
/* Starts the thread that accepts every connection queued and hands it to
 * mhd: 0, or -1 when out of threads. */
int acceptor_run(struct acceptor *);
/* The connections handed to mhd and not yet started by a worker (the one
 * on_accept decides on among them). */
long acceptor_pending(struct acceptor *);
/* A worker started the connection on fd. */
void acceptor_started(struct acceptor *, int fd);
/* Stops accepting and closes the listening socket. */
void acceptor_stop(struct acceptor *);
/* acceptor_stop, and frees (once mhd is stopped: its workers tell of
 * connections started, acceptor_started). */
void acceptor_free(struct acceptor *);

/* The characters of tokens the server makes and checks. */
#define ALNUM "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

/*
 * A request's head as the server reads it (server/head.c): its line
 * and header fields, gathered from libmicrohttpd once (head_from), so that
 * everything from there to the rendition is plain data.
 */
#define HEAD_FIELDS 128 /* fields kept; more are counted (and refused) */

struct field {
	const char *key, *value;
};

struct head {
	const char *method, *version;
	struct field field[HEAD_FIELDS];
	size_t nfields; /* as many as were sent */
	size_t bytes;	/* of the header fields, roughly as sent */
};

/* Gathers the head of the request on con (pointers into libmicrohttpd's
 * memory: valid during the callback). */
void head_from(struct MHD_Connection *, const char *method, const char *version,
    struct head *);
/* Adds a header field (kept by pointer) to h: the first HEAD_FIELDS are
 * kept, every one is counted in nfields and bytes. */
void head_add(struct head *, const char *key, const char *value);
/* The value of the first field name (any case) of h, or NULL. */
const char *head_get(const struct head *, const char *name);
/* A socket address as text ("-" when NULL or neither IPv4 nor IPv6). */
void peer_address(const struct sockaddr *, char *out, size_t cap);
/* The method of the request line. */
enum method method_of(const char *method);
/* 1 when every byte of s is in set and s has 1..max bytes. */
int only_chars(const char *s, const char *set, size_t max);

/* What the request's headers decided, beside struct request
 * (server/negotiate.c, server/proxy.c). */
struct negotiated {
	int gzip;		  /* Accept-Encoding allows gzip */
	const char *origin;	  /* Origin, or NULL */
	char prefix[256];	  /* X-Forwarded-Prefix, trusted and sane */
	char base[8 + 255 + 256]; /* scheme://host + prefix, or "" */
	int pretty;		  /* ?pretty asks for indented JSON */
};

/* Fills n's gzip and origin, and req's accept_csv and accept_html, from
 * Accept-Encoding, Origin and Accept (server/negotiate.c). */
void negotiate(const struct head *, struct request *req, struct negotiated *n);

/* Behind a trusted proxy (server/proxy.c): out, the peer's address, becomes
 * the last address of X-Forwarded-For (the one that proxy added) when it
 * is one. */
void forwarded_client(const struct head *, char *out, size_t cap);
/* The trusted proxy's X-Forwarded-Prefix, -Proto and -Host into n's prefix
 * and base. Returns NULL, or why one it sent is refused (static): a proxy
 * that sends what no link can carry is misconfigured. */
const char *proxy_location(const struct head *, struct negotiated *n);

/*
 * Reads the request (server/request.c): its id, client, method, headers,
 * and the target
 * (modified in place: req's path and parameters point into it). Returns 1
 * when the route's handler should run; 0 when rep already holds the
 * answer (400, 404, 405, 414, 431, 204).
 */
int request_read(const struct head *, struct exchange *, const struct app *,
    int trust_proxy, char *target, struct request *, struct negotiated *,
    struct reply *);

/* Gives an exchange whose request line was just read a request id and
 * the peer's address, which request_read refines from the header fields
 * (what the log shows when libmicrohttpd refuses the request itself). */
void request_begin(const struct sockaddr *peer, struct exchange *);

/* 1 when the len bytes at s are a host and an optional port (RFC 9110,
 * 7.2), without userinfo (server/framing.c). */
int host_valid(const char *s, size_t len);

/*
 * Checks the framing of a request whose head was read whole (server/
 * framing.c), before the
 * server acts on it: the method, the target as received (NULL: not
 * known), field names and values, one Host, one Content-Length, no
 * Transfer-Encoding beside it, only chunked, and no body (no route takes one).
 * Returns 0, or the status to refuse it with (400, 405, 413, 431, 501) and
 * *detail why (static).
 */
unsigned int request_framing(
    const struct head *, const char *target, const char **detail);

/* Where respond() finds what it needs of the running daemon. */
struct respond_env {
	const struct app *app;
	const struct api *api;
	struct store *store; /* the worker thread's, or NULL: 503 */
	const struct store_info *info;
	struct cache *cache;
	struct metrics *metrics;
	const struct cors *cors;
	int trust_proxy;	   /* believe X-Forwarded-* */
	int closing;		   /* draining: ask clients to close */
	const char *last_modified; /* the build time, as an HTTP date */
	const char *cache_control; /* of a data 200: public, max-age */
	const char *page_control;  /* of the page's HTML (FRESH_REVALIDATE) */
};

/*
 * What a configuration serves with, apart from sockets and threads
 * (server/service.c): the daemon's, or a program's that answers heads
 * without a socket.
 */
struct service {
	const struct app *app;
	struct api *api;       /* the handlers' state, shared read-only */
	struct store **stores; /* one per worker thread */
	size_t nstores;
	struct store_info info;
	struct cache *cache;	 /* renditions of data responses */
	struct metrics *metrics; /* the counters */
	struct cors *cors;	 /* --cors-origin, or NULL */
	long max_age;		 /* --cache-max-age */
	int trust_proxy;	 /* --trust-proxy */
	char last_modified[40];	 /* info.built_at as an HTTP date */
	char cache_control[128]; /* "public, max-age=N, stale-..." */
	char page_control[64];	 /* of the page's HTML */
};

/*
 * Opens cfg->threads stores of cfg->db and prepares app's state, the
 * cache, the counters and the CORS policy of cfg into s. Returns 0, or -1
 * after printing one line on stderr (s is then empty). Free with
 * service_close().
 */
int service_open(
    struct service *s, const struct config *cfg, const struct app *);
/* Frees what s holds; an empty s is a no-op. */
void service_close(struct service *s);
/* The env of a request answered with store (one of s's, or NULL: 503),
 * not closing. */
struct respond_env service_env(const struct service *s, struct store *store);

/*
 * The answer to a request's head (server/respond.c): reads it, routes,
 * finds its rendition or runs the handler. Returns the rendition (a new
 * reference), or NULL when out of memory; n holds what the head decided.
 */
struct rendition *answer(const struct head *, struct exchange *,
    const struct respond_env *, struct negotiated *n);

/*
 * The response sending rendition r for head h: its status in *status (a
 * data 200 becomes a 304 when the client's copy is current) and every
 * header. NULL when out of memory.
 */
struct MHD_Response *send_rendition(const struct head *, struct exchange *,
    struct rendition *r, const struct negotiated *, const struct respond_env *,
    unsigned int *status);

/*
 * The last resort when no rendition can be made or sent: the small 500
 * (fault_doc), status in *status. NULL when out of memory.
 */
struct MHD_Response *send_fault(struct exchange *, unsigned int *status);

/*
 * Answers one request: gathers its head, answers it (the small 500 when
 * out of memory), and queues the response. Returns what MHD_queue_response
 * returned.
 */
enum MHD_Result respond(struct MHD_Connection *, struct exchange *,
    const char *method, const char *version, const struct respond_env *);

/* The name of a route for logs and metrics: the app's, or "refused" for
 * the pseudo-route (index nroutes) of what no handler answered. */
const char *route_label(const struct app *, size_t route);

/* Writes the access-log line of a finished exchange on stderr (log.c). */
void log_exchange(const struct exchange *, const struct app *);

/* The daemon (server/daemon.c). */

struct daemon;

/*
 * Opens one store per worker thread, prepares app's state, binds, listens
 * and starts serving. Returns the daemon, or NULL after printing one line
 * on stderr.
 */
struct daemon *daemon_start(const struct config *, const struct app *);

/* Sets how long daemon_stop waits for requests in flight (0: not at all,
 * and no last request on kept-alive connections). */
void daemon_set_drain(struct daemon *, long seconds);

/* The port the daemon listens on (useful with port 0). */
unsigned short daemon_port(const struct daemon *);

/*
 * Stops accepting, waits up to the drain deadline for requests in flight,
 * then stops and frees everything. NULL is a no-op.
 */
void daemon_stop(struct daemon *);

#endif
