/*
 * Renditions and the response cache. A rendition is one reply made ready
 * to send: its body, its headers, and when it is data (a 200 of a cached
 * route) its strong ETag; gzipped, when that is worth it, the first time a
 * client asks for gzip. The data never changes while the server runs, so
 * a data rendition is kept and served again without touching the handler
 * or zlib; the cache holds at most its budget of bytes (bodies, gzip
 * bodies, keys and bookkeeping), least recently used out first.
 * Renditions are reference counted: a response on the wire holds one.
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
#include "../db/wraps.h"

#define GZIP_MIN_BYTES 512 /* smaller bodies are sent as they are */

struct cache {
	pthread_mutex_t lock;
	struct rendition **buckets;
	size_t nbuckets;		       /* a power of two */
	struct rendition *lru_head, *lru_tail; /* head: most recent */
	size_t entries, bytes, budget;
	unsigned long long hits, misses, evictions;
};

/* A 64-bit hash of bytes, four lanes of eight bytes at a time, so that a
 * body of tens of kilobytes hashes in microseconds. */
WRAPS static uint64_t
hash_bytes(const void *data, size_t len)
{
	static const uint64_t k1 = UINT64_C(0x9e3779b185ebca87),
			      k2 = UINT64_C(0xc2b2ae3d27d4eb4f);
	const unsigned char *p = data;
	uint64_t lane[4] = { k1, k2, ~k1, ~k2 }, h;
	size_t i = 0;

	for (; i + 32 <= len; i += 32)
		for (int j = 0; j < 4; j++) {
			uint64_t w;

			memcpy(&w, p + i + 8 * (size_t)j, 8);
			lane[j] = (lane[j] ^ (w * k2)) * k1;
			lane[j] ^= lane[j] >> 29;
		}
	h = (uint64_t)len * k1;
	for (int j = 0; j < 4; j++)
		h = (h ^ lane[j]) * k2 + (h >> 31);
	for (; i < len; i++)
		h = (h ^ p[i]) * k1;
	h ^= h >> 33;
	h *= k2;
	h ^= h >> 29;
	return h;
}

static void
body_free(struct body *b)
{
	free(b->flat);
	for (size_t i = 0; i < b->nchunks; i++)
		free(b->chunk[i]);
	free(b->chunk);
	memset(b, 0, sizeof(*b));
}

/* Moves a flat body into chunks: 0, or -1 (still flat) when out of
 * memory. */
static int
body_chunk(struct body *b)
{
	size_t n = (b->len + BODY_CHUNK - 1) / BODY_CHUNK;
	char **chunk;

	if (b->flat == NULL)
		return 0;
	if ((chunk = calloc(n ? n : 1, sizeof(*chunk))) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		size_t off = i * BODY_CHUNK,
		       len = b->len - off < BODY_CHUNK ? b->len - off
						       : BODY_CHUNK;

		if ((chunk[i] = malloc(BODY_CHUNK)) == NULL) {
			while (i-- > 0)
				free(chunk[i]);
			free(chunk);
			return -1;
		}
		memcpy(chunk[i], b->flat + off, len);
	}
	free(b->flat);
	b->flat = NULL;
	b->chunk = chunk;
	b->nchunks = n;
	return 0;
}

/* What a body takes of the heap, as a cache charges it. */
static size_t
body_cost(const struct body *b)
{
	if (b->flat != NULL)
		return b->len;
	return b->nchunks * (BODY_CHUNK + sizeof(char *) + 16);
}

/* gzip of a body when it is worth it (512 bytes or more) and saves bytes:
 * into out, flat and of its own size; 0 when made. */
static int
gzip_body(const struct body *in, struct body *out)
{
	z_stream z;
	char *buf, *fit;
	uLong cap;
	int rc;

	if (in->len < GZIP_MIN_BYTES)
		return -1;
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		return -1;
	cap = deflateBound(&z, (uLong)in->len);
	if ((buf = malloc(cap)) == NULL) {
		deflateEnd(&z);
		return -1;
	}
	z.next_out = (Bytef *)buf;
	z.avail_out = (uInt)cap;
	if (in->flat != NULL) {
		z.next_in = (Bytef *)(uintptr_t)in->flat;
		z.avail_in = (uInt)in->len;
		rc = deflate(&z, Z_FINISH);
	} else {
		rc = Z_OK;
		for (size_t i = 0; i < in->nchunks && rc == Z_OK; i++) {
			size_t off = i * BODY_CHUNK;

			z.next_in = (Bytef *)(uintptr_t)in->chunk[i];
			z.avail_in =
			    (uInt)(in->len - off < BODY_CHUNK ? in->len - off
							      : BODY_CHUNK);
			rc = deflate(
			    &z, i + 1 == in->nchunks ? Z_FINISH : Z_NO_FLUSH);
		}
	}
	if (rc != Z_STREAM_END || z.total_out >= in->len) {
		deflateEnd(&z);
		free(buf);
		return -1;
	}
	*out = (struct body){ .flat = buf, .len = z.total_out };
	deflateEnd(&z);
	/* keep only what the compressed body needs */
	if ((fit = realloc(buf, out->len)) != NULL)
		out->flat = fit;
	return 0;
}

struct rendition *
rendition_new(struct reply *rep, int data, const char *dataset_version)
{
	struct rendition *r = calloc(1, sizeof(*r));

	if (r == NULL) {
		free(rep->body);
		free(rep->link);
		free(rep->location);
		*rep = (struct reply){ .total = -1 };
		return NULL;
	}
	atomic_init(&r->refs, 1);
	r->status = rep->status;
	r->has_body = rep->body != NULL;
	r->type = r->has_body ? rep->type : NULL;
	r->id = (struct body){ .flat = rep->body,
		.len = r->has_body ? rep->len : 0 };
	r->total = rep->total;
	r->link = rep->link;
	r->location = rep->location;
	r->filename = rep->filename;
	r->csp = rep->csp;
	r->fresh = rep->fresh;
	*rep = (struct reply){ .total = -1 };
	if (data && r->has_body) {
		uint64_t h = hash_bytes(r->id.flat, r->id.len);

		r->data = 1;
		snprintf(r->etag, sizeof(r->etag), "\"%.16s-%016" PRIx64 "\"",
		    dataset_version, h);
		snprintf(r->etag_gz, sizeof(r->etag_gz),
		    "\"%.16s-%016" PRIx64 "-gz\"", dataset_version, h);
	}
	if (pthread_mutex_init(&r->gz_lock, NULL) != 0) {
		r->gz_tried = 1; /* no lock, no gzip: identity only */
		r->gz_nolock = 1;
	}
	return r;
}

/* Counts extra bytes of r against its cache, evicting to fit. */
static void charge(struct cache *, struct rendition *, size_t extra);

const struct body *
rendition_gzip(struct rendition *r)
{
	const struct body *gz;
	int made = 0;

	if (r->gz_nolock || !r->has_body)
		return NULL;
	pthread_mutex_lock(&r->gz_lock);
	if (!r->gz_tried) {
		r->gz_tried = 1;
		/* a cached rendition keeps its gzip in chunks too */
		if (gzip_body(&r->id, &r->gz) == 0) {
			made = 1;
			if (r->owner != NULL)
				(void)body_chunk(&r->gz);
		}
	}
	gz = r->gz.len > 0 ? &r->gz : NULL;
	pthread_mutex_unlock(&r->gz_lock);
	if (made && r->owner != NULL)
		charge(r->owner, r, body_cost(&r->gz));
	return gz;
}

struct MHD_Response *
rendition_response(struct rendition *r, const struct body *b)
{
	struct MHD_Response *resp;
	struct MHD_IoVec small[64], *iov = small;

	if (b == NULL || b->len == 0)
		return MHD_create_response_from_buffer(
		    0, NULL, MHD_RESPMEM_PERSISTENT);
	if (b->flat != NULL) {
		resp = MHD_create_response_from_buffer_with_free_callback_cls(
		    b->len, b->flat, rendition_unref, rendition_ref(r));
	} else {
		if (b->nchunks > sizeof(small) / sizeof(small[0]) &&
		    (iov = calloc(b->nchunks, sizeof(*iov))) == NULL)
			return NULL;
		for (size_t i = 0; i < b->nchunks; i++) {
			size_t off = i * BODY_CHUNK;

			iov[i].iov_base = b->chunk[i];
			iov[i].iov_len = b->len - off < BODY_CHUNK
			    ? b->len - off
			    : BODY_CHUNK;
		}
		/* MHD copies the vector, and sends the chunks themselves */
		resp = MHD_create_response_from_iovec(iov,
		    (unsigned int)b->nchunks, rendition_unref,
		    rendition_ref(r));
		if (iov != small)
			free(iov);
	}
	if (resp == NULL)
		rendition_unref(r);
	return resp;
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
	body_free(&r->id);
	body_free(&r->gz);
	free(r->link);
	free(r->location);
	free(r);
}

struct cache *
cache_new(size_t budget)
{
	struct cache *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	/* about one bucket per 4 KiB of budget, from 64 to 65536 */
	c->nbuckets = 64;
	while (c->nbuckets < 65536 && c->nbuckets * 4096 < budget)
		c->nbuckets *= 2;
	if ((c->buckets = calloc(c->nbuckets, sizeof(*c->buckets))) == NULL ||
	    pthread_mutex_init(&c->lock, NULL) != 0) {
		free(c->buckets);
		free(c);
		return NULL;
	}
	c->budget = budget;
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

/* Removes r from its bucket and the LRU list and drops the cache's
 * reference. Under the lock. */
static void
forget(struct cache *c, struct rendition *r)
{
	struct rendition **pp = &c->buckets[r->hash & (c->nbuckets - 1)];

	while (*pp != r)
		pp = &(*pp)->chain;
	*pp = r->chain;
	lru_unlink(c, r);
	c->entries--;
	c->bytes -= r->charged;
	r->charged = 0;
	r->cache = NULL;
	rendition_unref(r);
}

/* Drops the least recently used renditions until the budget holds. */
static void
evict(struct cache *c)
{
	while (c->bytes > c->budget && c->lru_tail != NULL) {
		forget(c, c->lru_tail);
		c->evictions++;
	}
}

static void
charge(struct cache *c, struct rendition *r, size_t extra)
{
	pthread_mutex_lock(&c->lock);
	if (r->cache == c) { /* still held: not evicted meanwhile */
		r->charged += extra;
		c->bytes += extra;
		evict(c);
	}
	pthread_mutex_unlock(&c->lock);
}

void
cache_free(struct cache *c)
{
	if (c == NULL)
		return;
	while (c->lru_head != NULL)
		forget(c, c->lru_head);
	pthread_mutex_destroy(&c->lock);
	free(c->buckets);
	free(c);
}

static struct rendition *
lookup(struct cache *c, const char *key, size_t keylen, uint64_t h)
{
	struct rendition *r = c->buckets[h & (c->nbuckets - 1)];

	for (; r != NULL; r = r->chain)
		if (r->hash == h && r->keylen == keylen &&
		    memcmp(r->key, key, keylen) == 0)
			return r;
	return NULL;
}

struct rendition *
cache_get(struct cache *c, const char *key, size_t keylen)
{
	uint64_t h;
	struct rendition *r;

	if (c == NULL || c->budget == 0)
		return NULL;
	h = hash_bytes(key, keylen);
	pthread_mutex_lock(&c->lock);
	if ((r = lookup(c, key, keylen, h)) != NULL) {
		lru_unlink(c, r);
		lru_push(c, r);
		rendition_ref(r);
		c->hits++;
	} else {
		c->misses++;
	}
	pthread_mutex_unlock(&c->lock);
	return r;
}

void
cache_put(struct cache *c, const char *key, size_t keylen, struct rendition *r)
{
	size_t cost;

	if (c == NULL || c->budget == 0 || r->key != NULL)
		return;
	/* a cached body is kept in chunks (see struct body), charged so */
	if (r->id.len > 0 && body_chunk(&r->id) != 0)
		return; /* never held: it is sent and freed */
	cost = sizeof(*r) + keylen + body_cost(&r->id) +
	    (r->link ? strlen(r->link) : 0) +
	    (r->location ? strlen(r->location) : 0);
	if (cost > c->budget || (r->key = malloc(keylen)) == NULL)
		return; /* never held: it is sent and freed */
	memcpy(r->key, key, keylen);
	r->keylen = keylen;
	r->owner = c;
	r->hash = hash_bytes(key, keylen);
	pthread_mutex_lock(&c->lock);
	/* another thread may have rendered the same key meanwhile */
	if (lookup(c, key, keylen, r->hash) == NULL) {
		struct rendition **b = &c->buckets[r->hash & (c->nbuckets - 1)];

		r->chain = *b;
		*b = rendition_ref(r);
		r->cache = c;
		r->charged = cost;
		lru_push(c, r);
		c->entries++;
		c->bytes += cost;
		evict(c);
	}
	pthread_mutex_unlock(&c->lock);
}

void
cache_stats(struct cache *c, struct cache_stats *s)
{
	memset(s, 0, sizeof(*s));
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->lock);
	s->bytes = c->bytes;
	s->budget = c->budget;
	s->entries = c->entries;
	s->hits = c->hits;
	s->misses = c->misses;
	s->evictions = c->evictions;
	pthread_mutex_unlock(&c->lock);
}
