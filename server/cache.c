/*
 * Renditions and the response cache. A rendition is one 200 response body
 * made ready once: serialized and its strong ETag computed; gzipped, when
 * that is worth it, the first time a client asks for gzip. The data never
 * changes while the server runs, so a rendition is kept (bounded, least
 * recently used first out) and served again without touching the handler, the
 * store or zlib. Renditions are reference counted: a response on the wire holds
 * one.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "internal.h"

#define GZIP_MIN_BYTES 512 /* smaller bodies are sent as they are */
#define CACHE_BUCKETS  4096

struct cache {
	pthread_mutex_t lock;
	struct rendition *buckets[CACHE_BUCKETS];
	struct rendition *lru_head, *lru_tail; /* head: most recent */
	size_t n, max;
};

static uint64_t
fnv1a(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

char *
gzip_body(const char *body, size_t len, size_t *outlen)
{
	z_stream z;
	char *out;
	uLong cap;

	if (len < GZIP_MIN_BYTES)
		return NULL;
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		return NULL;
	cap = deflateBound(&z, (uLong)len);
	if ((out = malloc(cap)) == NULL) {
		deflateEnd(&z);
		return NULL;
	}
	z.next_in = (Bytef *)(uintptr_t)body;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END || z.total_out >= len) {
		deflateEnd(&z);
		free(out);
		return NULL;
	}
	*outlen = z.total_out;
	deflateEnd(&z);
	return out;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

struct rendition *
rendition_new(const struct reply *rep, char *body, size_t len, const char *type,
    const char *dataset_version)
{
	struct rendition *r = calloc(1, sizeof(*r));
	uint64_t h;

	if (r == NULL) {
		free(body);
		return NULL;
	}
	atomic_init(&r->refs, 1);
	r->body = body;
	r->len = len;
	r->type = type;
	r->total = rep->total;
	r->link = dup_or_null(rep->link);
	r->location = dup_or_null(rep->location);
	if ((rep->link != NULL && r->link == NULL) ||
	    (rep->location != NULL && r->location == NULL)) {
		rendition_unref(r);
		return NULL;
	}
	h = fnv1a(body, len);
	snprintf(r->etag, sizeof(r->etag), "\"%.16s-%016" PRIx64 "\"",
	    dataset_version, h);
	snprintf(r->etag_gz, sizeof(r->etag_gz), "\"%.16s-%016" PRIx64 "-gz\"",
	    dataset_version, h);
	if (pthread_mutex_init(&r->gz_lock, NULL) != 0) {
		r->gz_tried = 1; /* no lock, no gzip: identity only */
		r->gz_nolock = 1;
	}
	return r;
}

char *
rendition_gzip(struct rendition *r, size_t *len)
{
	char *gz;

	if (r->gz_nolock)
		return NULL;
	pthread_mutex_lock(&r->gz_lock);
	if (!r->gz_tried) {
		r->gz = gzip_body(r->body, r->len, &r->gzlen);
		r->gz_tried = 1;
	}
	gz = r->gz;
	*len = r->gzlen;
	pthread_mutex_unlock(&r->gz_lock);
	return gz;
}

struct rendition *
rendition_ref(struct rendition *r)
{
	atomic_fetch_add(&r->refs, 1);
	return r;
}

void
rendition_unref(void *cls)
{
	struct rendition *r = cls;

	if (r == NULL || atomic_fetch_sub(&r->refs, 1) != 1)
		return;
	if (!r->gz_nolock)
		pthread_mutex_destroy(&r->gz_lock);
	free(r->key);
	free(r->body);
	free(r->gz);
	free(r->link);
	free(r->location);
	free(r);
}

struct cache *
cache_new(size_t max)
{
	struct cache *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	if (pthread_mutex_init(&c->lock, NULL) != 0) {
		free(c);
		return NULL;
	}
	c->max = max;
	return c;
}

static void
lru_unlink(struct cache *c, struct rendition *r)
{
	if (r->lru_prev != NULL)
		r->lru_prev->lru_next = r->lru_next;
	else
		c->lru_head = r->lru_next;
	if (r->lru_next != NULL)
		r->lru_next->lru_prev = r->lru_prev;
	else
		c->lru_tail = r->lru_prev;
	r->lru_prev = r->lru_next = NULL;
}

static void
lru_push(struct cache *c, struct rendition *r)
{
	r->lru_next = c->lru_head;
	r->lru_prev = NULL;
	if (c->lru_head != NULL)
		c->lru_head->lru_prev = r;
	c->lru_head = r;
	if (c->lru_tail == NULL)
		c->lru_tail = r;
}

/* Removes r from its bucket and the LRU list; the caller drops its ref. */
static void
forget(struct cache *c, struct rendition *r)
{
	struct rendition **pp = &c->buckets[r->hash % CACHE_BUCKETS];

	while (*pp != r)
		pp = &(*pp)->chain;
	*pp = r->chain;
	lru_unlink(c, r);
	c->n--;
}

void
cache_free(struct cache *c)
{
	if (c == NULL)
		return;
	while (c->lru_head != NULL) {
		struct rendition *r = c->lru_head;

		forget(c, r);
		rendition_unref(r);
	}
	pthread_mutex_destroy(&c->lock);
	free(c);
}

struct rendition *
cache_get(struct cache *c, const char *key)
{
	uint64_t h = fnv1a(key, strlen(key));
	struct rendition *r;

	if (c == NULL || c->max == 0)
		return NULL;
	pthread_mutex_lock(&c->lock);
	for (r = c->buckets[h % CACHE_BUCKETS]; r != NULL; r = r->chain)
		if (r->hash == h && strcmp(r->key, key) == 0)
			break;
	if (r != NULL) {
		lru_unlink(c, r);
		lru_push(c, r);
		rendition_ref(r);
	}
	pthread_mutex_unlock(&c->lock);
	return r;
}

void
cache_put(struct cache *c, const char *key, struct rendition *r)
{
	uint64_t h = fnv1a(key, strlen(key));
	struct rendition *old;

	if (c == NULL || c->max == 0 || r->key != NULL ||
	    (r->key = strdup(key)) == NULL)
		return;
	r->hash = h;
	pthread_mutex_lock(&c->lock);
	/* another thread may have rendered the same key meanwhile */
	for (old = c->buckets[h % CACHE_BUCKETS]; old != NULL; old = old->chain)
		if (old->hash == h && strcmp(old->key, key) == 0)
			break;
	if (old == NULL) {
		r->chain = c->buckets[h % CACHE_BUCKETS];
		c->buckets[h % CACHE_BUCKETS] = rendition_ref(r);
		lru_push(c, r);
		c->n++;
		while (c->n > c->max) {
			struct rendition *victim = c->lru_tail;

			forget(c, victim);
			rendition_unref(victim);
		}
	}
	pthread_mutex_unlock(&c->lock);
}
