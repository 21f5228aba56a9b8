/*
 * Allocation failures on demand (tests/harness_chaos.h): the counter, the
 * hooks of jansson, SQLite and zlib, and the wrappers of libc's and
 * libmicrohttpd's allocating calls. Every test program links this file;
 * only one linked with -Wl,--wrap=NAME reaches a __wrap_NAME, whose
 * __real_NAME the linker then gives. In any other the __real_ names stay
 * unresolved (weak: null), and nothing calls them.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <microhttpd.h>
#include <sqlite3.h>
#include <zlib.h>

#include "harness_chaos.h"

static atomic_int armed, failed;
static atomic_ulong counted, nth, spared;
static atomic_long live, live_sqlite;
static _Thread_local int parsing; /* inside json_loadb */
/* nesting: inside a call marked nested (chaos_enter), only the first
 * allocation counts; the others are counted apart (covered) */
static atomic_int nesting;
static atomic_ulong covered;
static _Thread_local int depth, first_done;

void
chaos_arm(unsigned long n)
{
	atomic_store(&counted, 0);
	atomic_store(&spared, 0);
	atomic_store(&covered, 0);
	atomic_store(&failed, 0);
	atomic_store(&nth, n);
	atomic_store(&armed, 1);
}

unsigned long
chaos_disarm(void)
{
	atomic_store(&armed, 0);
	return atomic_load(&counted);
}

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifdef SANITIZED
#define DEFAULT_RUNS 500
#else
#define DEFAULT_RUNS 0
#endif

unsigned long
chaos_step(unsigned long points)
{
	const char *e = getenv("AID_CHAOS_RUNS");
	unsigned long cap =
	    e != NULL && *e != '\0' ? strtoul(e, NULL, 10) : DEFAULT_RUNS;

	return cap > 0 && points > cap ? (points + cap - 1) / cap : 1;
}

int
chaos_failed(void)
{
	return atomic_load(&failed);
}

unsigned long
chaos_spared(void)
{
	return atomic_load(&spared);
}

void
chaos_nesting(int on)
{
	atomic_store(&nesting, on);
}

void
chaos_enter(void)
{
	if (depth++ == 0)
		first_done = 0;
}

void
chaos_leave(void)
{
	depth--;
}

unsigned long
chaos_covered(void)
{
	return atomic_load(&covered);
}

long
chaos_live(void)
{
	return atomic_load(&live) - atomic_load(&live_sqlite);
}

long
chaos_live_sqlite(void)
{
	return atomic_load(&live_sqlite);
}

/* Counts one allocation; 1 when it is the one to fail. */
static int
fails(void)
{
	if (atomic_load(&armed) && parsing) {
		atomic_fetch_add(&spared, 1);
		return 0;
	}
	if (atomic_load(&armed) && atomic_load(&nesting) && depth > 0 &&
	    first_done++ > 0) {
		atomic_fetch_add(&covered, 1);
		return 0;
	}
	if (!atomic_load(&armed) ||
	    atomic_fetch_add(&counted, 1) + 1 != atomic_load(&nth))
		return 0;
	atomic_store(&failed, 1);
	errno = ENOMEM;
	return 1;
}

/* Counts a block made (1) or freed (-1). */
static void *
held(void *p)
{
	if (p != NULL)
		atomic_fetch_add(&live, 1);
	return p;
}

/* libc, as the code calls it. */

#define WEAK __attribute__((weak))
WEAK void *__real_malloc(size_t);
WEAK void *__real_calloc(size_t, size_t);
WEAK void *__real_realloc(void *, size_t);
WEAK void __real_free(void *);
WEAK char *__real_strdup(const char *);
WEAK char *__real_strndup(const char *, size_t);
WEAK FILE *__real_fopen(const char *, const char *);
WEAK int __real_pthread_create(
    pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
void *__wrap_malloc(size_t);
void *__wrap_calloc(size_t, size_t);
void *__wrap_realloc(void *, size_t);
void __wrap_free(void *);
char *__wrap_strdup(const char *);
char *__wrap_strndup(const char *, size_t);
FILE *__wrap_fopen(const char *, const char *);
int __wrap_pthread_create(
    pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);

void *
__wrap_malloc(size_t n)
{
	return fails() ? NULL : held(__real_malloc(n));
}

void *
__wrap_calloc(size_t n, size_t size)
{
	return fails() ? NULL : held(__real_calloc(n, size));
}

void *
__wrap_realloc(void *p, size_t n)
{
	void *q;

	if (fails())
		return NULL;
	q = __real_realloc(p, n);
	return p == NULL ? held(q) : q;
}

void
__wrap_free(void *p)
{
	if (p != NULL)
		atomic_fetch_sub(&live, 1);
	__real_free(p);
}

char *
__wrap_strdup(const char *s)
{
	return fails() ? NULL : held(__real_strdup(s));
}

char *
__wrap_strndup(const char *s, size_t n)
{
	return fails() ? NULL : held(__real_strndup(s, n));
}

FILE *
__wrap_fopen(const char *path, const char *mode)
{
	return fails() ? NULL : __real_fopen(path, mode);
}

int
__wrap_pthread_create(
    pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	return fails() ? EAGAIN : __real_pthread_create(t, attr, fn, arg);
}

/* zlib: a stream the code sets up allocates through a counted zalloc. */

WEAK int __real_deflateInit2_(
    z_streamp, int, int, int, int, int, const char *, int);
int __wrap_deflateInit2_(z_streamp, int, int, int, int, int, const char *, int);

static voidpf
z_alloc(voidpf opaque, uInt items, uInt size)
{
	(void)opaque;
	if (size != 0 && items > SIZE_MAX / size)
		return Z_NULL;
	return malloc((size_t)items * size);
}

static void
z_free(voidpf opaque, voidpf p)
{
	(void)opaque;
	free(p);
}

int
__wrap_deflateInit2_(z_streamp z, int level, int method, int bits, int mem,
    int strategy, const char *version, int size)
{
	if (z->zalloc == Z_NULL && z->zfree == Z_NULL) {
		z->zalloc = z_alloc;
		z->zfree = z_free;
	}
	return __real_deflateInit2_(
	    z, level, method, bits, mem, strategy, version, size);
}

/* libmicrohttpd: a response and each of its header fields is allocated
 * (MHD_NO or NULL when it cannot be). */

WEAK struct MHD_Response *__real_MHD_create_response_from_buffer(
    size_t, void *, enum MHD_ResponseMemoryMode);
WEAK struct MHD_Response *
__real_MHD_create_response_from_buffer_with_free_callback_cls(
    size_t, void *, MHD_ContentReaderFreeCallback, void *);
WEAK struct MHD_Response *__real_MHD_create_response_from_iovec(
    const struct MHD_IoVec *, unsigned int, MHD_ContentReaderFreeCallback,
    void *);
WEAK enum MHD_Result __real_MHD_add_response_header(
    struct MHD_Response *, const char *, const char *);
struct MHD_Response *__wrap_MHD_create_response_from_buffer(
    size_t, void *, enum MHD_ResponseMemoryMode);
struct MHD_Response *
__wrap_MHD_create_response_from_buffer_with_free_callback_cls(
    size_t, void *, MHD_ContentReaderFreeCallback, void *);
struct MHD_Response *__wrap_MHD_create_response_from_iovec(
    const struct MHD_IoVec *, unsigned int, MHD_ContentReaderFreeCallback,
    void *);
enum MHD_Result __wrap_MHD_add_response_header(
    struct MHD_Response *, const char *, const char *);

struct MHD_Response *
__wrap_MHD_create_response_from_buffer(
    size_t size, void *buffer, enum MHD_ResponseMemoryMode mode)
{
	return fails()
	    ? NULL
	    : __real_MHD_create_response_from_buffer(size, buffer, mode);
}

struct MHD_Response *
__wrap_MHD_create_response_from_buffer_with_free_callback_cls(
    size_t size, void *buffer, MHD_ContentReaderFreeCallback cb, void *cls)
{
	return fails()
	    ? NULL
	    : __real_MHD_create_response_from_buffer_with_free_callback_cls(
		  size, buffer, cb, cls);
}

struct MHD_Response *
__wrap_MHD_create_response_from_iovec(const struct MHD_IoVec *iov,
    unsigned int n, MHD_ContentReaderFreeCallback cb, void *cls)
{
	return fails() ? NULL
		       : __real_MHD_create_response_from_iovec(iov, n, cb, cls);
}

enum MHD_Result
__wrap_MHD_add_response_header(
    struct MHD_Response *resp, const char *name, const char *value)
{
	return fails() ? MHD_NO
		       : __real_MHD_add_response_header(resp, name, value);
}

/*
 * jansson's parser is spared: its lexer drops a failed allocation of the
 * text it saves (lex_save ignores strbuffer_append_byte's -1) and then
 * reads and writes past the end of its buffer (akheron/jansson#362, open
 * in 2.14 and since), which no caller can make clean.
 */
WEAK json_t *__real_json_loadb(const char *, size_t, size_t, json_error_t *);
json_t *__wrap_json_loadb(const char *, size_t, size_t, json_error_t *);

json_t *
__wrap_json_loadb(const char *s, size_t len, size_t flags, json_error_t *err)
{
	json_t *v;

	parsing = 1;
	v = __real_json_loadb(s, len, flags, err);
	parsing = 0;
	return v;
}

/* jansson and SQLite allocate through malloc, counted as the code's own
 * calls are; SQLite's blocks carry their size before them. */

#define SQ_HEAD 16 /* keeps SQLite's 8-byte alignment */

static void *
json_alloc(size_t n)
{
	return malloc(n);
}

static void
json_release(void *p)
{
	free(p);
}

static void *
sq_malloc(int n)
{
	char *p = n >= 0 ? malloc(SQ_HEAD + (size_t)n) : NULL;

	if (p == NULL)
		return NULL;
	memcpy(p, &n, sizeof(n));
	atomic_fetch_add(&live_sqlite, 1);
	return p + SQ_HEAD;
}

static void
sq_free(void *q)
{
	if (q == NULL)
		return;
	atomic_fetch_sub(&live_sqlite, 1);
	free((char *)q - SQ_HEAD);
}

static void *
sq_realloc(void *q, int n)
{
	char *p =
	    n >= 0 ? realloc((char *)q - SQ_HEAD, SQ_HEAD + (size_t)n) : NULL;

	if (p == NULL)
		return NULL;
	memcpy(p, &n, sizeof(n));
	return p + SQ_HEAD;
}

static int
sq_size(void *q)
{
	int n = 0;

	if (q != NULL)
		memcpy(&n, (char *)q - SQ_HEAD, sizeof(n));
	return n;
}

static int
sq_roundup(int n)
{
	return (n + 7) & ~7;
}

static int
sq_init(void *arg)
{
	(void)arg;
	return SQLITE_OK;
}

static void
sq_shutdown(void *arg)
{
	(void)arg;
}

void
chaos_init(void)
{
	static const sqlite3_mem_methods mem = { sq_malloc, sq_free, sq_realloc,
		sq_size, sq_roundup, sq_init, sq_shutdown, NULL };

	json_set_alloc_funcs(json_alloc, json_release);
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &mem) != SQLITE_OK ||
	    sqlite3_initialize() != SQLITE_OK) {
		fprintf(stderr, "chaos: SQLite refuses the allocator\n");
		abort();
	}
}
