#ifndef AID_TEXT_H
#define AID_TEXT_H

/*
 * Text helpers every layer shares: UTF-8 decoding, slugs, percent-encoding.
 * None of them allocates.
 */

#include <stddef.h>

/*
 * Decodes the UTF-8 sequence at p (n bytes available, n > 0). Returns its
 * length and sets *cp to the code point, or returns 0 when the bytes are not
 * a well-formed sequence (truncated, overlong, a surrogate, beyond
 * U+10FFFF).
 */
size_t utf8_next(const char *p, size_t n, unsigned long *cp);

/* 1 when s[0..len) is well-formed UTF-8, else 0. */
int utf8_valid(const char *s, size_t len);

/*
 * The length of the longest prefix of s[0..len) that does not end inside
 * a UTF-8 sequence (so that cutting there leaves well-formed text when s
 * was). Never more than len.
 */
size_t utf8_cut(const char *s, size_t len);

/*
 * Writes the slug of the NUL-terminated UTF-8 string s into out (capacity
 * cap, cap > 0): ASCII letters lowercased and digits kept, Latin letters
 * with diacritics folded to theirs (é and ā to e and a, so that Hanyu
 * Pinyin with tone marks slugs as without), Han characters kept as they
 * are, apostrophes (' and U+2019) and combining marks dropped, every other
 * run of characters turned into one '-', no '-' at either end. "Pu'er
 * City" gives "puer-city", "Wénshān" "wenshan", "文山" itself.
 * Returns the slug's length, or -1 (out holds "") when it does not fit.
 * out is always NUL-terminated.
 */
int slug_write(const char *s, char *out, size_t cap);

/* 1 when the code point is a Han character (CJK unified ideographs, their
 * extensions and compatibility forms, and 〇), else 0. */
int han_char(unsigned long cp);

/*
 * Percent-encodes s into out, which must hold 3 * strlen(s) + 1 bytes:
 * every byte that keep() refuses becomes %XX (upper-case hex). Returns the
 * length written (out is NUL-terminated).
 */
size_t pct_encode(char *out, const char *s, int (*keep)(unsigned char));

/* The value of a hexadecimal digit (either case), or -1. */
int hex_digit(int c);

/* A byte of RFC 3986's unreserved set (ALPHA DIGIT - . _ ~). */
int pct_unreserved(unsigned char c);

#endif
