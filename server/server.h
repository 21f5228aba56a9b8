#ifndef AID_SERVER_H
#define AID_SERVER_H

/*
 * The server layer: what handlers see of HTTP. A handler reads a struct
 * request (method, decoded path argument, query parameters, the thread's
 * store) and fills a struct reply (status, JSON body, a few headers). The
 * server turns the reply into bytes on the wire: serialization, problem
 * documents, Link and X-Total-Count, caching, compression, CORS, request
 * ids, logs and metrics all live here, not in handlers. Nothing here knows
 * SQL; handlers reach the data through db/store.h.
 */

#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "../db/store.h"

#define AID_VERSION "1.0.0"
#define API_PREFIX  "/api/v1"

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

/* What every request can read of the running server; set at start-up. */
struct server_info {
	char dataset_version[64];
	time_t built_at;
};

struct request {
	enum method method;
	const char *path; /* decoded, without a trailing slash */
	const char *arg;  /* the {id} of an item route, decoded; or NULL */
	struct param *params;
	size_t nparams;
	struct store *store; /* this worker thread's connection */
	const char *prefix;  /* put before every link: "" or "/aid" */
	const struct server_info *info;
	json_t *errors;		 /* bad parameters found so far, or NULL */
	json_t *keep;		 /* what handlers borrow strings from, or
				  * NULL; released with the request */
	int accept_csv;		 /* the Accept header prefers text/csv */
	const char *public_base; /* "https://host/prefix" when a trusted
				  * proxy says so, else NULL */
};

struct reply {
	unsigned int status;
	json_t *body;	       /* owned; NULL for no body */
	int problem;	       /* body is an RFC 9457 problem document */
	long long total;       /* X-Total-Count, or -1 for none */
	char *link;	       /* Link header value, owned, or NULL */
	char *location;	       /* Content-Location, owned, or NULL */
	json_t *csv;	       /* CSV columns: send body's "data" as CSV */
	char *text;	       /* a body that is not JSON, owned, or NULL */
	size_t textlen;	       /* its length */
	const char *text_type; /* its Content-Type */
};

typedef void handler_fn(struct request *, struct reply *);

/*
 * Query parameters (server/params.c). Each getter marks the parameter used
 * and, on a bad value, records {"param","detail"} in req->errors and
 * returns the default; a handler answers reply_invalid() once it has read
 * them all, so one response names every bad parameter.
 */

/* The value of key, or NULL when absent. Marks it used. */
const char *req_param(struct request *, const char *key);

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

/*
 * Records every parameter no getter has read as unknown. Call after the
 * getters. Returns 1 when req->errors holds anything, else 0.
 */
int req_finish(struct request *);

/*
 * Replies (server/reply.c). Each consumes what it is given on every path.
 */

/* 200 (or status) with body; takes the reference to body. */
void reply_json(struct reply *, unsigned int status, json_t *body);

/* A problem document: status, its title, and detail (printf-style). */
void reply_problem(struct reply *, unsigned int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* 400 naming every bad parameter recorded in req->errors. */
void reply_invalid(struct reply *, struct request *);

/* 500 with nothing internal in it; the cause is logged by whoever failed. */
void reply_fault(struct reply *);

/* Sends the reply's "data" array as CSV with these columns (dotted paths
 * into each item); takes columns. */
void reply_csv(struct reply *, json_t *columns);

/* 200 (or status) with a body that is not JSON; takes text. */
void reply_text(struct reply *, unsigned int status, const char *type,
    char *text, size_t len);

/* The metrics in the Prometheus text format; a new string (free()). */
char *server_metrics(const struct request *, size_t *len);

/*
 * Builds an absolute link to path with the request's parameters (in their
 * order, re-encoded); where offset >= 0 it replaces the offset parameter or
 * is added. Returns a new string (free()), or NULL when out of memory.
 */
char *req_link(const struct request *, const char *path, long long offset);

/*
 * The value at a dotted path ("period.start.year") in nested objects, or
 * NULL when any step is missing. Borrowed from v.
 */
json_t *json_at(json_t *v, const char *path);

/* The standard reason phrase of an HTTP status, "Unknown" when none. */
const char *http_reason(unsigned int status);

#endif
