/*
 * Bodies as the cache keeps them (server/body.c): a body of more than one
 * chunk moved whole into a block of whole 4 KiB (so that libmicrohttpd
 * sends it with its head in one call), charged what its block takes; a
 * smaller one in one chunk, whole too; kept twice, the same. And with
 * each of its allocations failed in turn (-Wl,--wrap, harness_chaos.c):
 * in chunks when it cannot have its block, or left flat, every byte the
 * same and nothing leaked. Every size across the edges.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "harness_chaos.h"

static const size_t sizes[] = { 1, 100, BODY_CHUNK - 1, BODY_CHUNK,
	BODY_CHUNK + 1, 4096, 4097, 36 * 1024 + 17, 300 * 1024 };

/* A flat body of len bytes, as a handler makes one. */
static struct body
flat_of(size_t len)
{
	struct body b = { .len = len };

	assert_non_null(b.flat = malloc(len));
	for (size_t i = 0; i < len; i++)
		b.flat[i] = (char)('a' + (i * 7 + i / 251) % 26);
	return b;
}

/* 1 when b holds, in order, the bytes flat_of(b->len) made. */
static int
same_bytes(const struct body *b)
{
	struct body want = flat_of(b->len);
	const char *whole = body_whole(b);
	int same = 1;

	if (whole != NULL)
		same = memcmp(whole, want.flat, b->len) == 0;
	else
		for (size_t i = 0; i < b->nchunks && same; i++) {
			size_t off = i * BODY_CHUNK;
			size_t n = b->len - off < BODY_CHUNK ? b->len - off
							     : BODY_CHUNK;

			same = memcmp(b->chunk[i], want.flat + off, n) == 0;
		}
	free(want.flat);
	return same;
}

static void
test_kept_whole(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		struct body b = flat_of(sizes[k]);

		assert_int_equal(body_keep(&b), 0);
		check(body_whole(&b) != NULL,
		    "a body of %zu bytes kept is not whole", sizes[k]);
		check(same_bytes(&b), "a body of %zu bytes kept changed",
		    sizes[k]);
		if (sizes[k] > BODY_CHUNK)
			check(b.block >= b.len && b.block % 4096 == 0 &&
				b.block < b.len + 4096 &&
				body_cost(&b) > b.block &&
				body_cost(&b) < b.block + 64 && b.nchunks == 0,
			    "%zu bytes: a block of %zu, %zu chunks, charged "
			    "%zu",
			    b.len, b.block, b.nchunks, body_cost(&b));
		else
			check(b.block == 0 && b.nchunks == 1 &&
				body_cost(&b) > BODY_CHUNK &&
				body_cost(&b) < BODY_CHUNK + 64,
			    "%zu bytes: a block of %zu, %zu chunks, charged "
			    "%zu",
			    b.len, b.block, b.nchunks, body_cost(&b));
		/* kept once more: nothing changes */
		assert_int_equal(body_keep(&b), 0);
		check(same_bytes(&b) && body_whole(&b) != NULL,
		    "a body of %zu bytes kept twice changed", sizes[k]);
		body_free(&b);
		check(b.flat == NULL && b.chunk == NULL && b.block == 0 &&
			b.len == 0,
		    "a body freed is not cleared");
	}
}

static void
test_out_of_memory(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t chunks = (sizes[k] + BODY_CHUNK - 1) / BODY_CHUNK;
		int in_chunks = 0, left_flat = 0;

		for (unsigned long n = 1;; n++) {
			long live = chaos_live();
			struct body b = flat_of(sizes[k]);
			int rc, failed;

			chaos_arm(n);
			rc = body_keep(&b);
			(void)chaos_disarm();
			failed = chaos_failed();
			check(same_bytes(&b),
			    "%zu bytes, allocation %lu "
			    "failed: the bytes changed",
			    sizes[k], n);
			if (rc != 0) {
				check(rc == -1 && failed && b.flat != NULL &&
					b.block == 0 && b.nchunks == 0,
				    "%zu bytes, allocation %lu failed: %d, "
				    "not left flat",
				    sizes[k], n, rc);
				left_flat++;
			} else if (failed) { /* its block: in chunks */
				check(b.flat == NULL && b.nchunks == chunks &&
					body_cost(&b) >= chunks * BODY_CHUNK &&
					(body_whole(&b) != NULL) ==
					    (chunks == 1),
				    "%zu bytes in %zu chunks, charged %zu",
				    sizes[k], b.nchunks, body_cost(&b));
				in_chunks += chunks > 1;
			} else {
				check(body_whole(&b) != NULL,
				    "%zu bytes kept after %lu allocations: not "
				    "whole",
				    sizes[k], n - 1);
			}
			body_free(&b);
			check(chaos_live() == live,
			    "%zu bytes, allocation %lu failed: %ld blocks "
			    "leaked",
			    sizes[k], n, chaos_live() - live);
			if (!failed)
				break;
		}
		/* a larger body falls back to chunks, one of one chunk to
		 * staying flat */
		check(chunks > 1 ? in_chunks > 0 && left_flat == 0
				 : left_flat > 0 && in_chunks == 0,
		    "%zu bytes: left flat %d times, in chunks %d times",
		    sizes[k], left_flat, in_chunks);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kept_whole),
		cmocka_unit_test(test_out_of_memory),
	};

	return cmocka_run_group_tests_name("body", tests, NULL, NULL);
}
