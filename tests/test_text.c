/*
 * The text helpers of db/text.h at their edges: every way a UTF-8
 * sequence can be ill-formed, cutting at a character's boundary, the Han
 * characters of each block, slugs of Latin letters with diacritics (Hanyu
 * Pinyin's tone vowels too), of bytes that are not UTF-8 and of Han
 * characters beyond the BMP, a slug that does not fit, and
 * percent-encoding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../db/text.h"
#include "harness.h"

/* Every way a sequence is not UTF-8, and the longest that are. */
static void
test_utf8_edges(void **state)
{
	static const struct {
		const char *s;
		size_t len, want; /* what utf8_next returns */
	} cases[] = {
		{ "\xc2\x80", 2, 2 },	      /* U+0080 */
		{ "\xef\xbf\xbf", 3, 3 },     /* U+FFFF */
		{ "\xf4\x8f\xbf\xbf", 4, 4 }, /* U+10FFFF */
		{ "\xc1\xbf", 2, 0 },	      /* overlong lead */
		{ "\xe4\x41\x8a", 3, 0 },     /* a continuation that is none */
		{ "\xe0\x9f\xbf", 3, 0 },     /* overlong of 3 bytes */
		{ "\xf0\x8f\xbf\xbf", 4, 0 }, /* overlong of 4 bytes */
		{ "\xed\xbf\xbf", 3, 0 },     /* a surrogate */
		{ "\xf5\x80\x80\x80", 4, 0 }, /* a lead past U+10FFFF */
		{ "\xf0\x9f\x98", 3, 0 },     /* cut short */
		{ "\x80", 1, 0 },	      /* a continuation alone */
	};
	unsigned long cp;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		check(utf8_next(cases[i].s, cases[i].len, &cp) == cases[i].want,
		    "case %zu: utf8_next is not %zu", i, cases[i].want);
	/* a cut keeps whole characters: of 4 bytes, of 2, and after ASCII */
	check(utf8_cut("a\xf0\x9f\x98\x80", 5) == 5, "a whole emoji is cut");
	check(utf8_cut("a\xf0\x9f\x98", 4) == 1, "a cut emoji is kept");
	check(utf8_cut("a\xc3", 2) == 1, "a lead byte alone is kept");
	check(utf8_cut("abc", 3) == 3 && utf8_cut("", 0) == 0, "ASCII is cut");
}

/* The Han characters of each block; the characters beside them are not. */
static void
test_han_blocks(void **state)
{
	static const unsigned long han[] = { 0x3007, 0x3400, 0x4dbf, 0x4e00,
		0x9fff, 0xf900, 0xfaff, 0x20000, 0x3134f };
	static const unsigned long not [] = { 0x3006, 0x33ff, 0x4dc0, 0xa000,
		0xf8ff, 0xfb00, 0x1ffff, 0x31350 };

	(void)state;
	for (size_t i = 0; i < sizeof(han) / sizeof(*han); i++)
		check(han_char(han[i]), "U+%lX is not taken for Han", han[i]);
	for (size_t i = 0; i < sizeof(not ) / sizeof(*not ); i++)
		check(!han_char(not [i]), "U+%lX is taken for Han", not [i]);
}

/* Slugs: Latin letters folded (Latin-1 and Extended-A, Pinyin's tone
 * vowels), letters without a fold and bytes that are not UTF-8 separate
 * words, Han characters of every block kept, and one too long refused. */
static void
test_slug_edges(void **state)
{
	static const struct {
		const char *s, *want;
	} cases[] = {
		{ "\xc3\x80\xc3\xa9\xc5\xbe\xc5\x93", "aez" }, /* À é ž œ */
		{ "L\xc7\x8e\xc7\x9c", "lau" }, /* lǎ ǜ (Pinyin) */
		{ "a\xc3\x97"
		  "b\xc3\x9f"
		  "c",
		    "a-b-c" }, /* × and ß: none */
		{ "a\xff"
		  "b\x80"
		  "c",
		    "a-b-c" }, /* not UTF-8 */
		{ "\xf0\xa0\x80\x80 \xe3\x80\x87",
		    "\xf0\xa0\x80\x80-\xe3\x80\x87" },
		{ "\xef\xa4\x80!", "\xef\xa4\x80" }, /* compatibility form */
	};
	char out[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		int n = slug_write(cases[i].s, out, sizeof(out));

		check(n == (int)strlen(cases[i].want) &&
			strcmp(out, cases[i].want) == 0,
		    "case %zu: '%s', not '%s'", i, out, cases[i].want);
	}
	/* the separator does not fit, then a letter does not */
	check(slug_write("ab c", out, 3) == -1 && out[0] == '\0',
	    "a slug past its room is taken: '%s'", out);
	check(slug_write("abc", out, 3) == -1, "a slug of 3 in 3 bytes");
}

/* Percent-encoding keeps the unreserved characters and nothing else. */
static void
test_pct(void **state)
{
	char out[64];

	(void)state;
	check(pct_encode(out, "a-b.c_d~e f/\xc3\xa9", pct_unreserved) == 22 &&
		strcmp(out, "a-b.c_d~e%20f%2F%C3%A9") == 0,
	    "'%s'", out);
	check(hex_digit('a') == 10 && hex_digit('F') == 15 &&
		hex_digit('9') == 9 && hex_digit('g') == -1,
	    "hex digits");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_edges),
		cmocka_unit_test(test_han_blocks),
		cmocka_unit_test(test_slug_edges),
		cmocka_unit_test(test_pct),
	};

	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
