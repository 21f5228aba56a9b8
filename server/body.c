/*
 * Bodies (struct body, server/internal.h): the bytes of a reply, flat as
 * a handler made them, and as the response cache keeps them. A body the
 * cache keeps must leave, once evicted, memory that the next body can use
 * whatever its size (bodies of every size in one heap leave holes that no
 * later body fits), and should go out in one piece: libmicrohttpd sends a
 * body in one buffer together with its head, in one system call, but
 * sends the head of a body in pieces apart, which costs a second call on
 * every response. So a body of more than one chunk is moved into one
 * block of whole KEEP_UNITs (a block freed is reusable by the next body
 * of its size or smaller: under a stream of never-repeated URLs the heap
 * stays within the budget, scripts/bench.sh), and a smaller one into a
 * chunk of BODY_CHUNK bytes, the same size for all; a body that cannot
 * have its block is kept in chunks. (Pages of its own, from mmap, kept
 * the heap whole too, but every miss then mapped and unmapped, and under
 * that stream the server answered a third as fast.)
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define KEEP_UNIT  4096 /* a kept block's sizes */
#define HEAP_EXTRA 16	/* malloc's header */
#define CHUNK_COST (BODY_CHUNK + sizeof(char *) + HEAP_EXTRA)

void
body_free(struct body *b)
{
	free(b->flat);
	for (size_t i = 0; i < b->nchunks; i++)
		free(b->chunk[i]);
	free(b->chunk);
	memset(b, 0, sizeof(*b));
}

/* Moves the flat body b into a block of whole KEEP_UNITs: 0, or -1
 * (still flat). */
static int
body_block(struct body *b)
{
	size_t size = (b->len + KEEP_UNIT - 1) / KEEP_UNIT * KEEP_UNIT;
	char *p = malloc(size);

	if (p == NULL)
		return -1;
	memcpy(p, b->flat, b->len);
	free(b->flat);
	b->flat = p;
	b->block = size;
	return 0;
}

/* Moves the flat body b into chunks: 0, or -1 (still flat). */
static int
body_chunk(struct body *b)
{
	size_t n = (b->len + BODY_CHUNK - 1) / BODY_CHUNK;
	char **chunk;

	if ((chunk = calloc(n ? n : 1, sizeof(*chunk))) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		size_t off = i * BODY_CHUNK,
		       len = b->len - off < BODY_CHUNK ? b->len - off
						       : BODY_CHUNK;

		if ((chunk[i] = malloc(BODY_CHUNK)) == NULL) {
			while (i > 0) /* (i-- would wrap past 0) */
				free(chunk[--i]);
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

int
body_keep(struct body *b)
{
	if (b->flat == NULL || b->block > 0)
		return 0; /* kept already */
	if (b->len > BODY_CHUNK && body_block(b) == 0)
		return 0;
	return body_chunk(b);
}

size_t
body_cost(const struct body *b)
{
	if (b->block > 0)
		return b->block + HEAP_EXTRA;
	if (b->flat != NULL)
		return b->len;
	return b->nchunks * CHUNK_COST;
}

const char *
body_whole(const struct body *b)
{
	if (b->flat != NULL)
		return b->flat;
	return b->nchunks == 1 ? b->chunk[0] : NULL;
}
