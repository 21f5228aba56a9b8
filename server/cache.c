/*
 * The response cache. The data never changes while the server runs, so a
 * data rendition (server/rendition.c) is kept and served again without
 * touching the handler or zlib; the cache holds at most its budget of
 * bytes (bodies, gzip bodies, keys and bookkeeping), least recently used
 * out first.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct cache {
	pthread_mutex_t lock;
	struct rendition **buckets;
	size_t nbuckets;		       /* a power of two */
	struct rendition *lru_head, *lru_tail; /* head: most recent */
	size_t entries, bytes, budget;
	unsigned long long hits, misses, evictions;
};

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

void
cache_charge(struct cache *c, struct rendition *r, size_t extra)
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
	/* a cached body is kept apart (see struct body), charged so */
	if (r->id.len > 0 && body_keep(&r->id) != 0)
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
