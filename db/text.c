#include "text.h"

#include <string.h>

size_t
utf8_next(const char *s, size_t avail, unsigned long *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long c;
	size_t n;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, c = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, c = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, c = p[0] & 0x07;
	else
		return 0;
	if (avail < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return n;
}

int
utf8_valid(const char *s, size_t len)
{
	unsigned long cp;

	for (size_t i = 0, n; i < len; i += n)
		if ((n = utf8_next(s + i, len - i, &cp)) == 0)
			return 0;
	return 1;
}

size_t
utf8_cut(const char *s, size_t len)
{
	size_t i = len;

	/* back over continuation bytes to the lead byte of the last sequence */
	while (i > 0 && len - i < 4 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
		i--;
	if (i > 0 && (unsigned char)s[i - 1] >= 0xc0) {
		unsigned long cp;

		if (utf8_next(s + i - 1, len - i + 1, &cp) != len - i + 1)
			return i - 1; /* the last sequence is cut: drop it */
	}
	return len;
}

/* The ASCII letter each Latin letter with a diacritic folds to, for
 * U+00C0..U+017F and U+01CD..U+01DC (the tone vowels of Hanyu Pinyin); '-'
 * where none (Æ, ×, ß, ...). */
static const char fold_c0[] = "aaaaaa-ceeeeiiii"
			      "dnooooo-ouuuuy--"
			      "aaaaaa-ceeeeiiii"
			      "dnooooo-ouuuuy-y"
			      "aaaaaaccccccccdd"
			      "ddeeeeeeeeeegggg"
			      "gggghhhhiiiiiiii"
			      "ii--jjkkklllllll"
			      "lllnnnnnnnnnoooo"
			      "oo--rrrrrrssssss"
			      "ssttttttuuuuuuuu"
			      "uuuuwwyyyzzzzzzs";
static const char fold_pinyin[] = "aaiioouuuuuuuuuu";

int
han_char(unsigned long cp)
{
	return cp == 0x3007 || (cp >= 0x3400 && cp <= 0x4dbf) ||
	    (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0x20000 && cp <= 0x3134f);
}

/* The ASCII letter a Latin letter with a diacritic folds to, or 0. */
static char
fold_latin(unsigned long cp)
{
	char c = 0;

	if (cp >= 0xc0 && cp <= 0x17f)
		c = fold_c0[cp - 0xc0];
	else if (cp >= 0x1cd && cp <= 0x1dc)
		c = fold_pinyin[cp - 0x1cd];
	return c == '-' ? 0 : c;
}

int
slug_write(const char *s, char *out, size_t cap)
{
	size_t n = 0, len = strlen(s);
	int gap = 0;

	for (size_t i = 0; i < len;) {
		unsigned long cp;
		size_t k = utf8_next(s + i, len - i, &cp);
		char c = 0;

		if (k == 0) { /* not UTF-8: a byte that separates words */
			gap = 1;
			i++;
			continue;
		}
		i += k;
		if (cp == '\'' || cp == 0x2019 || (cp >= 0x300 && cp <= 0x36f))
			continue; /* apostrophes, combining diacritics */
		if (cp >= 'A' && cp <= 'Z')
			c = (char)(cp - 'A' + 'a');
		else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			c = (char)cp;
		else if (cp >= 0xc0)
			c = fold_latin(cp);
		if (c == 0 && !han_char(cp)) {
			gap = 1;
			continue;
		}
		if (gap && n > 0) {
			if (n + 1 >= cap)
				goto toolong;
			out[n++] = '-';
		}
		gap = 0;
		if (c != 0) {
			if (n + 1 >= cap)
				goto toolong;
			out[n++] = c;
		} else { /* a Han character, as it is */
			if (n + k >= cap)
				goto toolong;
			memcpy(out + n, s + i - k, k);
			n += k;
		}
	}
	out[n] = '\0';
	return (int)n;
toolong:
	out[0] = '\0';
	return -1;
}

int
pct_unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

size_t
pct_encode(char *out, const char *s, int (*keep)(unsigned char))
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (keep(*p)) {
			out[n++] = (char)*p;
		} else {
			out[n++] = '%';
			out[n++] = hex[*p >> 4];
			out[n++] = hex[*p & 15];
		}
	}
	out[n] = '\0';
	return n;
}

int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
