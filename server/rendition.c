/*
 * Renditions: one reply made ready to send, its body, its headers, and
 * when it is data (a 200 of a cached route) its strong ETag; gzipped, when
 * that is worth it, the first time a client asks for gzip. Renditions are
 * reference counted: a response on the wire holds one, and so does the
 * cache (server/cache.c) while it keeps one.
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

/* A 64-bit hash of bytes, four lanes of eight bytes at a time, so that a
 * body of tens of kilobytes hashes in microseconds. */
WRAPS uint64_t
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

/* gzip of a body when it is worth it (512 bytes or more) and saves bytes:
 * into out, flat and of its own size. 0 when made, 1 when not worth it,
 * -1 when out of memory (worth trying again). */
static int
gzip_body(const struct body *in, struct body *out)
{
	z_stream z;
	char *buf, *fit;
	uLong cap;
	int rc;

	if (in->len < GZIP_MIN_BYTES)
		return 1;
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
		return 1;
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
	/* GCOVR_EXCL_START: glibc's pthread_mutex_init never fails with
	 * default attributes; no test can make it */
	if (pthread_mutex_init(&r->gz_lock, NULL) != 0) {
		r->gz_tried = 1; /* no lock, no gzip: identity only */
		r->gz_nolock = 1;
	}
	/* GCOVR_EXCL_STOP */
	return r;
}

const struct body *
rendition_gzip(struct rendition *r)
{
	const struct body *gz;
	int made = 0;

	if (r->gz_nolock || !r->has_body)
		return NULL;
	pthread_mutex_lock(&r->gz_lock);
	if (!r->gz_tried) {
		int rc = gzip_body(&r->id, &r->gz);

		/* out of memory: sent as it is this time, tried again next */
		r->gz_tried = rc >= 0;
		/* a cached rendition keeps its gzip as it keeps its body */
		if (rc == 0) {
			made = 1;
			if (r->owner != NULL)
				(void)body_keep(&r->gz);
		}
	}
	gz = r->gz.len > 0 ? &r->gz : NULL;
	pthread_mutex_unlock(&r->gz_lock);
	if (made && r->owner != NULL)
		cache_charge(r->owner, r, body_cost(&r->gz));
	return gz;
}

struct MHD_Response *
rendition_response(struct rendition *r, const struct body *b)
{
	struct MHD_Response *resp;
	struct MHD_IoVec small[64], *iov = small;
	const char *whole;

	if (b == NULL || b->len == 0)
		return MHD_create_response_from_buffer(
		    0, NULL, MHD_RESPMEM_PERSISTENT);
	if ((whole = body_whole(b)) != NULL) { /* one call, with its head */
		resp = MHD_create_response_from_buffer_with_free_callback_cls(
		    b->len, (void *)(uintptr_t)whole, rendition_unref,
		    rendition_ref(r));
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
