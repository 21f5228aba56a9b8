/*
 * The full-text query a q makes (store_match_query, db/store.c), with the
 * search index's own tokenizer: each word a quoted prefix term, a run of
 * Han characters the phrase of its characters, punctuation of any script
 * between words, nothing of the text when it has no word; and -1, never a
 * query cut short, when the query does not fit in its buffer, wherever
 * that happens (between terms, at a quote, in a word, at its end).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

static struct store *store;

static void
test_queries(void **state)
{
	static const struct {
		const char *q, *want;
	} cases[] = {
		{ "cadre", "\"cadre\"*" },
		{ "Aid, cadres!", "\"aid\"* \"cadres\"*" },
		{ "\xe6\x96\x87\xe5\xb1\xb1", "\"\xe6\x96\x87 \xe5\xb1\xb1\"" },
		{ "x\xe6\x96\x87y", "\"x\"* \"\xe6\x96\x87\" \"y\"*" },
		{ "W\xc3\xa9nsh\xc4\x81n\xe3\x80\x82", "\"wenshan\"*" },
		{ "?!", "" },
	};
	char out[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		int n = store_match_query(store, cases[i].q, out, sizeof(out));

		check(n == (int)strlen(cases[i].want) &&
			strcmp(out, cases[i].want) == 0,
		    "'%s': %d '%s', not '%s'", cases[i].q, n, out,
		    cases[i].want);
	}
}

static void
test_too_long(void **state)
{
	/* "aid" "cadres" needs 18 bytes and its NUL */
	static const char *const texts[] = { "aid cadres",
		"\xe6\x96\x87\xe5\xb1\xb1 aid" };
	char out[64];

	(void)state;
	for (size_t t = 0; t < 2; t++) {
		int whole =
		    store_match_query(store, texts[t], out, sizeof(out));

		check(whole > 0, "'%s' makes no query", texts[t]);
		/* every room short of the query's: -1, wherever it stops */
		for (size_t cap = 0; cap <= (size_t)whole; cap++)
			check(
			    store_match_query(store, texts[t], out, cap) == -1,
			    "'%s' fits in %zu bytes", texts[t], cap);
		check(store_match_query(
			  store, texts[t], out, (size_t)whole + 1) == whole,
		    "'%s' does not fit in %d bytes", texts[t], whole + 1);
	}
}

static int
setup(void **state)
{
	char err[256];

	(void)state;
	return (store = store_open(harness_db(), err, sizeof(err))) != NULL
	    ? 0
	    : -1;
}

static int
teardown(void **state)
{
	(void)state;
	store_close(store);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_queries),
		cmocka_unit_test(test_too_long),
	};

	return cmocka_run_group_tests_name("match", tests, setup, teardown);
}
