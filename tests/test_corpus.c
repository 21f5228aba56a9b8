/*
 * The fuzz target of a request's head (tests/fuzz/fuzz_request.c, linked
 * in) on every input of its seed corpus (tests/fuzz/corpus/request/), in
 * the suite rather than only under libFuzzer: each must pass the checks
 * the target makes of an answer (no 500, problem documents of their
 * status, gzip that inflates to the body, request ids, CORS grants, a
 * cached answer the same as the handler's), or it aborts.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define CORPUS "tests/fuzz/corpus/request"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bytes of a file (malloc'd), their length in *len. */
static uint8_t *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;

	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_putn(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return (uint8_t *)buf_finish(&b);
}

static void
test_request_corpus(void **state)
{
	DIR *d = opendir(CORPUS);
	struct dirent *e;
	size_t inputs = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[512];
		uint8_t *data;
		size_t len;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", CORPUS, e->d_name);
		data = read_all(path, &len);
		LLVMFuzzerTestOneInput(data, len);
		free(data);
		inputs++;
	}
	closedir(d);
	check(inputs > 0, "no input in %s", CORPUS);
	print_message("%zu inputs of %s\n", inputs, CORPUS);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_corpus),
	};

	LLVMFuzzerInitialize(&argc, &argv);
	return cmocka_run_group_tests_name("corpus", tests, NULL, NULL);
}
