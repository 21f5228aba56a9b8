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

int
slug_write(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	int gap = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p != '\0';
	     p++) {
		unsigned char c = *p;

		if (c == '\'')
			continue;
		if (c == 0xe2 && p[1] == 0x80 && p[2] == 0x99) {
			p += 2; /* U+2019, the typographic apostrophe */
			continue;
		}
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (gap && n > 0) {
				if (n + 1 >= cap)
					goto toolong;
				out[n++] = '-';
			}
			gap = 0;
			if (n + 1 >= cap)
				goto toolong;
			out[n++] = (char)c;
		} else {
			gap = 1;
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
