/*
 * Unit tests of the text the server reads and writes: UTF-8, slugs, the
 * search index's words, JSON strings, numbers and peer addresses, each
 * against an independent writer (jansson, printf, inet_ntop) where there
 * is one.
 */
#include <arpa/inet.h>
#include <limits.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../db/text.h"
#include "harness.h"

static void
test_utf8_valid(void **state)
{
	(void)state;
	assert_true(utf8_valid("plain", 5));
	assert_true(utf8_valid("Pu\xe2\x80\x99"
			       "er",
	    7));
	assert_false(utf8_valid("\xff", 1));
	assert_false(utf8_valid("\xc0\xaf", 2));	 /* overlong '/' */
	assert_false(utf8_valid("\xed\xa0\x80", 3));	 /* surrogate */
	assert_false(utf8_valid("\xe2\x80", 2));	 /* truncated */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
}

static void
test_slug(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(slug_write("Pu'er City", out, sizeof(out)), 9);
	assert_string_equal(out, "puer-city");
	slug_write("  Shangri-La  County ", out, sizeof(out));
	assert_string_equal(out, "shangri-la-county");
	slug_write("Yunnan\xe2\x80\x99s Fight", out, sizeof(out));
	assert_string_equal(out, "yunnans-fight");
	assert_int_equal(slug_write("--", out, sizeof(out)), 0);
	assert_int_equal(slug_write("abcdef", out, 4), -1);
	assert_string_equal(out, "");
	/* pinyin with tone marks, precomposed or not, slugs as without */
	slug_write(
	    "W\xc3\xa9nsh\xc4\x81n Zhu\xc3\xa0ngz\xc3\xba", out, sizeof(out));
	assert_string_equal(out, "wenshan-zhuangzu");
	slug_write("Pu\xcc\x8c'e\xcc\x8cr Sh\xc7\x90", out, sizeof(out));
	assert_string_equal(out, "puer-shi");
	/* Han characters are kept, as they are */
	slug_write("\xe6\x96\x87\xe5\xb1\xb1 (Wenshan)", out, sizeof(out));
	assert_string_equal(out, "\xe6\x96\x87\xe5\xb1\xb1-wenshan");
	/* a Han character does not fit in the last two bytes */
	assert_int_equal(slug_write("a\xe6\x96\x87", out, 4), -1);
}

/* q split by the search index's own tokenizer: punctuation of any script
 * separates words, letters of any script make them. */
static void
test_match_query(void **state)
{
	char out[128], err[256];
	struct store *s = store_open(harness_db(), err, sizeof(err));

	(void)state;
	if (s == NULL)
		fail_msg("%s", err);
	assert_int_equal(store_match_query(s, "Cadre", out, sizeof(out)), 8);
	assert_string_equal(out, "\"cadre\"*");
	store_match_query(s, " decent-life \"x\" ", out, sizeof(out));
	assert_string_equal(out, "\"decent\"* \"life\"* \"x\"*");
	store_match_query(s, "\xe2\x80\x9cpilot\xe2\x80\x9d", out, sizeof(out));
	assert_string_equal(out, "\"pilot\"*");
	/* 上海？ with a full-width question mark: one word, whose Han
	 * characters the index holds one by one: the phrase of them */
	store_match_query(
	    s, "\xe4\xb8\x8a\xe6\xb5\xb7\xef\xbc\x9f", out, sizeof(out));
	assert_string_equal(out, "\"\xe4\xb8\x8a \xe6\xb5\xb7\"");
	/* Latin and Han in one word: a prefix term, then the phrase */
	store_match_query(s, "W\xc3\xa9nsh\xc4\x81n\xe6\x96\x87\xe5\xb1\xb1",
	    out, sizeof(out));
	assert_string_equal(out, "\"wenshan\"* \"\xe6\x96\x87 \xe5\xb1\xb1\"");
	assert_int_equal(store_match_query(s, " -*\"() ", out, sizeof(out)), 0);
	/* an em dash, a full-width ?, an ideographic full stop, a ¿ */
	assert_int_equal(
	    store_match_query(s, "\xe2\x80\x94", out, sizeof(out)), 0);
	assert_int_equal(
	    store_match_query(s, "\xef\xbc\x9f", out, sizeof(out)), 0);
	assert_int_equal(
	    store_match_query(s, "\xe3\x80\x82", out, sizeof(out)), 0);
	assert_int_equal(store_match_query(s, "\xc2\xbf", out, sizeof(out)), 0);
	assert_int_equal(store_match_query(s, "abcdefgh", out, 8), -1);
	store_close(s);
}

/* buf_json_string escapes as jansson does, so bodies built by either are
 * the same bytes; bytes that are not UTF-8 become U+FFFD. */
static void
test_json_string(void **state)
{
	static const char *const cases[] = { "plain",
		"quote \" back \\ slash /", "tab\tnl\ncr\rff\fbs\b",
		"\x01\x1f\x7f",
		"Pu\xe2\x80\x99"
		"er",
		"\xf0\x9f\x98\x80"
		" emoji",
		"", NULL };
	json_t *s;
	char *want, *got;
	struct buf b = { 0 };

	(void)state;
	for (size_t i = 0; cases[i] != NULL; i++) {
		s = json_string(cases[i]);
		want = json_dumps(s, JSON_ENCODE_ANY);
		buf_json_string(&b, cases[i], strlen(cases[i]));
		got = buf_finish(&b);
		assert_string_equal(got, want);
		free(want);
		free(got);
		json_decref(s);
	}
	buf_json_string(&b,
	    "a\xff"
	    "b",
	    3);
	got = buf_finish(&b);
	assert_string_equal(got, "\"a\\ufffdb\"");
	free(got);
}

/* peer_address writes what inet_ntop does, for every value of every
 * byte of an IPv4 address, for IPv6, and "-" for no address. */
static void
test_peer_address(void **state)
{
	struct sockaddr_in in = { .sin_family = AF_INET };
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6 };
	char got[64], want[64];

	(void)state;
	for (int at = 0; at < 4; at++)
		for (int v = 0; v < 256; v++) {
			unsigned char *a = (unsigned char *)&in.sin_addr;

			memset(a, at == 0 ? 7 : 250, 4);
			a[at] = (unsigned char)v;
			peer_address((struct sockaddr *)&in, got, sizeof(got));
			inet_ntop(AF_INET, a, want, sizeof(want));
			check(strcmp(got, want) == 0, "IPv4 %s written as %s",
			    want, got);
		}
	inet_pton(AF_INET6, "2001:db8::1", &in6.sin6_addr);
	peer_address((struct sockaddr *)&in6, got, sizeof(got));
	check(strcmp(got, "2001:db8::1") == 0, "IPv6 written as %s", got);
	peer_address(NULL, got, sizeof(got));
	check(strcmp(got, "-") == 0, "no address written as %s", got);
}

/* buf_putu writes what printf's %llu does, at every power of ten and
 * beside it, and at the largest value. */
static void
test_buf_putu(void **state)
{
	struct buf b = { 0 };
	char want[64];
	unsigned long long p = 1;
	char *got;

	(void)state;
	for (int i = 0; i < 20; i++) { /* 10^19 is the last below 2^64 */
		const unsigned long long v[] = { p - 1, p, p + 1 };

		for (int j = 0; j < 3; j++) {
			b.len = 0;
			buf_putu(&b, v[j]);
			snprintf(want, sizeof(want), "%llu", v[j]);
			check(b.len == strlen(want) &&
				memcmp(b.data, want, b.len) == 0,
			    "%s written as %.*s", want, (int)b.len, b.data);
		}
		if (i < 19)
			p *= 10;
	}
	b.len = 0;
	buf_putu(&b, ULLONG_MAX);
	buf_putc(&b, '\0');
	got = buf_finish(&b);
	snprintf(want, sizeof(want), "%llu", ULLONG_MAX);
	check(got != NULL && strcmp(got, want) == 0, "%s written as %s", want,
	    got != NULL ? got : "(out of memory)");
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_slug),
		cmocka_unit_test(test_match_query),
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_peer_address),
		cmocka_unit_test(test_buf_putu),
	};

	return cmocka_run_group_tests_name("unit_text", tests, NULL, NULL);
}
