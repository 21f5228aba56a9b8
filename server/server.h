#ifndef AID_SERVER_H
#define AID_SERVER_H

/*
 * The server layer: what handlers see of HTTP. A handler reads a struct
 * request (method, decoded path argument, query parameters, the thread's
 * store, the state its layer prepared at start-up) and fills a struct reply
 * (status, body bytes, a few headers). The server turns every reply into a
 * rendition and sends it: renditions, problem documents, Link and
 * X-Total-Count, caching, compression, indentation, CORS, request ids, logs
 * and metrics all live here, not in handlers. The server knows nothing of
 * the handlers but the table of routes it is given (struct app).
 */

#include <stddef.h>
#include <time.h>

#include "../db/store.h"

#define AID_VERSION "1.0.0"
#define API_PREFIX  "/api/v1"

#define TYPE_JSON "application/json; charset=utf-8"
/* A ?fields= answer: JSON whose items hold only the fields asked for, a
 * media type of its own so that its schema is its own in the OpenAPI
 * document and full items keep every field required. */
#define TYPE_PROJECTION "application/vnd.aid-api.projection+json; charset=utf-8"
#define TYPE_PROBLEM	"application/problem+json; charset=utf-8"
#define TYPE_CSV	"text/csv; charset=utf-8; header=present"

/*
 * A growing byte buffer, zeroed to begin ({ 0 }). Every buf_put* appends
 * and never fails in the caller's eyes: a failed allocation sets oom, and
 * from then on every write does nothing, so that a caller checks once, at
 * buf_finish, which frees everything and returns NULL. data is not
 * NUL-terminated before buf_finish.
 */
struct buf {
	char *data;
	size_t len, cap;
	int oom;
};

/* Appends the n bytes at s (NUL bytes too). */
void buf_putn(struct buf *, const char *s, size_t n);
/* Appends the string s. */
void buf_puts(struct buf *, const char *s);
/* Appends the byte c. */
void buf_putc(struct buf *, char c);
/* Appends n in decimal (no printf: the cache key is made per request). */
void buf_putu(struct buf *, unsigned long long n);
/* Appends what printf would print. */
void buf_printf(struct buf *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends s[0..len) as a JSON string, escaped as jansson escapes it; a byte
 * that is not UTF-8 becomes U+FFFD. */
void buf_json_string(struct buf *, const char *s, size_t len);
/* Appends the strings of list (NULL-terminated) joined by sep. */
void buf_join(struct buf *, const char *const *list, const char *sep);
/*
 * Appends the JSON text of a jansson value as json_dumps() writes it with
 * flags. Any failure sets oom: jansson's own writer goes on past a failed
 * write of an object's key, and json_dumps() may then return JSON with
 * bytes missing.
 */
struct json_t;
void buf_json(struct buf *, const struct json_t *, size_t flags);
/* The NUL-terminated contents (caller frees), or NULL after a failure. */
char *buf_finish(struct buf *);

enum method {
	METHOD_GET,
	METHOD_HEAD,
	METHOD_OPTIONS,
	METHOD_OTHER,
	METHOD__MAX
};

/* A query parameter, percent-decoded and checked to be UTF-8. */
struct param {
	const char *key;
	const char *value;
	int used; /* read by the handler (or the server) */
};

struct api;	/* what the handlers prepared at start-up (struct app) */
struct metrics; /* the daemon's counters */

struct request {
	enum method method;
	const char *path; /* decoded, without a trailing slash */
	const char *arg;  /* the {id} of an item route, decoded; or NULL */
	struct param *params;
	size_t nparams;
	struct store *store; /* this worker thread's connection */
	const struct api *api;
	const struct store_info *info;
	struct metrics *metrics;
	const char *prefix;	 /* put before every link: "" or "/aid" */
	const char *public_base; /* "https://host/prefix" when a trusted
				  * proxy says so, else NULL */
	int accept_csv;		 /* the Accept header prefers text/csv */
	int accept_html;	 /* ... or text/html (a browser) */
	struct buf errors;	 /* bad parameters: the "errors" elements */
	size_t nerrors;
};

/* How long a client may keep a data 200 without asking again. */
enum freshness {
	FRESH_MAX_AGE,	  /* --cache-max-age (the default) */
	FRESH_IMMUTABLE,  /* a versioned file of the page: a year, for good */
	FRESH_REVALIDATE, /* ask each time (the ETag makes it a 304), or
			   * after a second, and stale only on error: the
			   * page's HTML, which names its files' versions */
};

struct reply {
	unsigned int status;
	char *body; /* owned; NULL for no body */
	size_t len;
	const char *type;     /* its Content-Type */
	long long total;      /* X-Total-Count, or -1 for none */
	char *link;	      /* Link header value, owned, or NULL */
	char *location;	      /* Content-Location, owned, or NULL */
	const char *filename; /* a download's name (Content-Disposition), or
			       * NULL */
	const char *csp;      /* Content-Security-Policy of a page, or NULL */
	enum freshness fresh; /* how long a client may keep a data 200 */
};

typedef void handler_fn(struct request *, struct reply *);

/* A route: an exact path, or (item) its path plus one {id} segment. */
struct route {
	const char *path; /* NULL: the route of every other path */
	int item;
	int cache; /* its 200 responses are data: ETag, cached */
	handler_fn *handler;
	const char *name; /* for logs and metrics */
};

/* What the server is given to serve: routes and the state behind them. */
struct app {
	const struct route *routes; /* exact paths before {id} paths; the
				     * last row's path is NULL */
	size_t nroutes;
	/* Prepares the handlers' state from a store at start-up; NULL with a
	 * one-line reason in err. */
	struct api *(*open)(struct store *, char *err, size_t errlen);
	void (*close)(struct api *);
};

/*
 * The whole program (server/main.c): configuration, signals, the daemon
 * serving app until SIGTERM or SIGINT. Returns the exit status.
 */
int server_main(int argc, char **argv, const struct app *);

/*
 * Query parameters (server/params.c). Each getter marks the parameter used
 * and, on a bad value, records it in req->errors and returns the default; a
 * handler answers reply_invalid() once it has read them all, so one
 * response names every bad parameter.
 */

/* The value of key, or NULL when absent; a key given more than once is
 * recorded as bad (NULL). Marks it used. */
const char *req_param(struct request *, const char *key);

/*
 * The i-th value (from 0) of a parameter that takes a comma list and may
 * be given more than once (fields=a&fields=b means fields=a,b), or NULL
 * past the last. Marks every occurrence used.
 */
const char *req_list(struct request *, const char *key, size_t i);

/* An integer in [min, max]; def when absent. */
long long req_int(struct request *, const char *key, long long def,
    long long min, long long max);

/* One of choices (a NULL-terminated list); NULL when absent. */
const char *req_choice(
    struct request *, const char *key, const char *const *choices);

/* "true" or "false" as 1 or 0; def when absent. */
int req_bool(struct request *, const char *key, int def);

/*
 * The representation a collection asked for: 1 for CSV (format=csv, or an
 * Accept header that prefers text/csv), 0 for JSON (format=json).
 */
int req_csv(struct request *);

/* Records a bad parameter (detail is printf-style). */
void req_error(struct request *, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* items (NULL-ended) joined by ", " for a bad parameter's detail
 * (malloc'd, the caller frees), or NULL when memory ran out, which marks
 * the errors as out of memory: the 400 that would list them is the 500. */
char *req_join(struct request *, const char *const *items);

/*
 * Records every parameter no getter has read as unknown. Call after the
 * getters. Returns 1 when req->errors holds anything, else 0.
 */
int req_finish(struct request *);

/*
 * Appends an absolute link to path with the request's parameters (in
 * their order, re-encoded); where offset >= 0 it replaces the offset
 * parameter or is added.
 */
void req_link(
    struct buf *, const struct request *, const char *path, long long offset);

/*
 * Replies (server/reply.c). Each consumes what it is given on every path.
 */

/* status with the contents of b (taken) as a body of type. */
void reply_buf(
    struct reply *, unsigned int status, const char *type, struct buf *b);

/* A problem document: status, its title, and detail (printf-style). */
void reply_problem(struct reply *, unsigned int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* 400 naming every bad parameter recorded in req->errors. */
void reply_invalid(struct reply *, struct request *);

/* 500 with nothing internal in it; the cause is logged by whoever failed. */
void reply_fault(struct reply *);

/* The metrics in the Prometheus text format into b. */
void server_metrics(const struct request *, struct buf *b);

/* The standard reason phrase of an HTTP status, "Unknown" when none. */
const char *http_reason(unsigned int status);

/* Appends a compact JSON text indented by two spaces per level, as
 * jansson's JSON_INDENT(2) writes it (server/indent.c). */
void json_indent(struct buf *, const char *json, size_t len);

#endif
