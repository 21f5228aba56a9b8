#ifndef AID_TEST_HARNESS_CHAOS_H
#define AID_TEST_HARNESS_CHAOS_H

/*
 * Allocation failures on demand, in the spirit of jansson's
 * test/suites/api/test_chaos.c: while armed, every allocation the code
 * makes is counted, and the Nth fails as an allocation fails (NULL, or
 * the library's own out-of-memory answer). A test runs one operation with
 * nothing failing, which counts its allocation points, then once with
 * each point failing (N = 1, 2, ...; every step-th under a sanitizer or
 * valgrind: chaos_step), and demands a clean end of every run.
 *
 * What is counted: the calls of libc's allocating functions the code
 * makes (malloc, calloc, realloc, strdup, strndup, fopen, pthread_create),
 * for a program linked with -Wl,--wrap=NAME for each (WRAP_test_chaos in
 * the Makefile: a program without it counts nothing); jansson's
 * allocations (json_set_alloc_funcs), SQLite's (SQLITE_CONFIG_MALLOC),
 * zlib's in every stream the code sets up (deflateInit2_ is wrapped to
 * give the stream a counted zalloc), and libmicrohttpd's responses and
 * their header fields (MHD_create_response_*, MHD_add_response_header).
 * What is not: libmicrohttpd's allocations inside the library (the
 * daemon's start, its connections), and libc's inside libc (qsort's
 * buffer, stdio's, time zones): no call of the code reaches them. What is
 * counted apart and never failed: jansson's parser's (chaos_spared), and
 * inside nested calls all but the first (chaos_nesting).
 */

#include <stddef.h>

/*
 * Installs the hooks of jansson and SQLite. First thing in main, before
 * SQLite or jansson run (SQLite takes its allocator only before it
 * initializes, which this does).
 */
void chaos_init(void);

/* From now on counts allocations, and fails the nth (0: none fails). */
void chaos_arm(unsigned long nth);

/* Stops counting; returns how many allocations were counted since
 * chaos_arm. */
unsigned long chaos_disarm(void);

/*
 * Which of an operation's points its runs fail: every step-th from the
 * first, where step is 1 (every point) unless AID_CHAOS_RUNS=N caps the
 * failing runs of one operation at N (0: no cap). Its default is no cap,
 * or 500 in a program built with a sanitizer, whose runs are many times
 * slower (the plain build fails every point).
 */
unsigned long chaos_step(unsigned long points);

/* 1 when the allocation chaos_arm named has failed. */
int chaos_failed(void);

/*
 * The allocations counted apart and never failed since chaos_arm: those
 * of jansson's parser (json_loadb, wrapped), whose lexer cannot survive
 * one failing (akheron/jansson#362: it then writes past its buffer).
 */
unsigned long chaos_spared(void);

/*
 * Nesting: an operation made of others each tested on its own (opening
 * the service opens stores and loads the dataset) fails its own
 * allocations and, in each call marked nested, only the first: enough to
 * see that the caller handles that call's failure. While chaos_nesting is
 * on, a call between chaos_enter and chaos_leave counts its first
 * allocation and counts the rest apart (chaos_covered), never failed.
 */
void chaos_nesting(int on);
void chaos_enter(void);
void chaos_leave(void);
unsigned long chaos_covered(void);

/*
 * The blocks the counted allocators hold now (allocated and not yet
 * freed), SQLite's apart: a connection keeps pages it has read in its
 * cache, so only what the code holds itself (the first) must come back
 * to what it was after an operation; the second comes back when every
 * connection is closed.
 */
long chaos_live(void);
long chaos_live_sqlite(void);

/*
 * The in-process seam the chaos tests send requests through
 * (tests/harness_chaos_seam.c): what server/daemon.c and
 * server/respond.c do with a request's head, as tests/fuzz/fuzz_request.c
 * does it, and what a client would get.
 */

struct respond_env;
struct service;

/* How a run ended. */
enum chaos_kind {
	CHAOS_SAME,    /* as without failure: the failure was absorbed */
	CHAOS_PLAIN,   /* as without failure, but not gzipped */
	CHAOS_FAULT,   /* the small 500 problem document */
	CHAOS_UNREADY, /* a 503 problem document (readiness) */
	CHAOS_CLOSED,  /* no response could be made: the connection closes */
	CHAOS_REFUSED, /* a start-up refused, with its one-line reason */
	CHAOS_WRONG,   /* anything else */
	CHAOS__MAX
};

extern const char *const chaos_kind_names[CHAOS__MAX];

/* What one operation's runs came to. */
struct chaos_tally {
	unsigned long points;	     /* allocation points, each failed once */
	unsigned long spared;	     /* jansson's parser's: never failed */
	unsigned long covered;	     /* inside nested calls: failed elsewhere */
	unsigned long step;	     /* every step-th point failed */
	double seconds;		     /* how long its runs took */
	unsigned long n[CHAOS__MAX]; /* failed runs, by how they ended */
};

/* Seconds of a monotonic clock. */
double chaos_now(void);

/* Prints one operation's line: its points and how its runs ended. */
void chaos_report(const char *name, const struct chaos_tally *);

/* One request: "METHOD target" then "Name: value" lines (Host and
 * X-Request-Id are added). */
#define CHAOS_TEXT_MAX 10240
struct chaos_rq {
	char name[64];
	char text[CHAOS_TEXT_MAX];
	int varies; /* its body changes from one request to the next */
};

/* A response as the client would get it. */
struct chaos_outcome {
	int made;	     /* else the connection closes unanswered */
	unsigned int status; /* what would be queued */
	int gzip;	     /* sent gzipped */
	char *fields;	     /* its header fields, "name: value\n" each */
	char *body;	     /* the body as sent, inflated when gzipped */
	size_t len;
};

void chaos_outcome_free(struct chaos_outcome *);

/*
 * One request through the seam, as respond() answers it, with the nth
 * allocation failing (0: none); o gets what the client would. Returns how
 * many allocations it made.
 */
unsigned long chaos_exchange(const struct chaos_rq *,
    const struct respond_env *, unsigned long nth, struct chaos_outcome *o);

/* How a run of q ended (o), against ref, its answer without failure. */
enum chaos_kind chaos_judge(const struct chaos_rq *q,
    const struct chaos_outcome *ref, const struct chaos_outcome *o);

/* q without its Accept-Encoding: what fills a cache first. */
void chaos_without_gzip(const struct chaos_rq *q, struct chaos_rq *plain);

/*
 * The requests of every route and of what changes a request's path, made
 * from the data svc serves (ids, keys, files), and each one's answer
 * without failure (svc with no cache). 0, or -1 when one is not made.
 */
#define CHAOS_MAX_RQS 96
extern struct chaos_rq chaos_rqs[CHAOS_MAX_RQS];
extern struct chaos_outcome chaos_refs[CHAOS_MAX_RQS];
extern size_t chaos_nrqs;
int chaos_requests(const struct service *svc);
void chaos_requests_free(void);

/*
 * What start-up makes, compared (tests/harness_chaos_same.c): 1 when a and
 * b are the same, member by member (pointers into each's own memory
 * aside).
 */
struct dataset;
struct store_about;
struct view;
struct cites;
int chaos_same_str(const char *a, const char *b); /* both NULL: same */
int chaos_same_mem(const void *a, const void *b, size_t n);
int chaos_same_dataset(const struct dataset *a, const struct dataset *b);
int chaos_same_about(const struct store_about *a, const struct store_about *b);
int chaos_same_view(const struct view *a, const struct view *b);
int chaos_same_cites(const struct cites *a, const struct cites *b);

/*
 * The real database ($AID_DB, else build/aid.db) copied to path; and one
 * text of it, the first column of sql's first row, into out
 * (tests/harness_chaos_copies.c). Each fails the test when it cannot.
 */
void chaos_db_copy(const char *path);
void chaos_db_text(const char *sql, char *out, size_t cap);

#endif
