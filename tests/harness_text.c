/*
 * Text for the data guards (harness_text.h): classes of bytes, finding,
 * clipping and excerpts for messages, reading a file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness_data.h"
#include "harness_text.h"

#define EXCERPT_SIDE 40 /* bytes of context either side of an excerpt */

int
txt_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int
txt_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int
txt_is_blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

int
txt_is_slug(const char *s)
{
	char prev = '-';

	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (*s == '-') {
			if (prev == '-')
				return 0;
		} else if (!((*s >= 'a' && *s <= 'z') || txt_is_digit(*s)))
			return 0;
		prev = *s;
	}
	return prev != '-';
}

size_t
txt_find(const char *hay, size_t hn, const char *needle, size_t nn, size_t from)
{
	size_t i;

	if (nn == 0 || nn > hn)
		return NOPOS;
	for (i = from; i + nn <= hn; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, nn) == 0)
			return i;
	return NOPOS;
}

int
txt_contains_ci(const char *hay, const char *needle)
{
	size_t i, j, nn = strlen(needle);
	char a, b;

	for (i = 0; hay[i] != '\0'; i++) {
		for (j = 0; j < nn && hay[i + j] != '\0'; j++) {
			a = hay[i + j];
			b = needle[j];
			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (b >= 'A' && b <= 'Z')
				b = (char)(b - 'A' + 'a');
			if (a != b)
				break;
		}
		if (j == nn)
			return 1;
	}
	return 0;
}

size_t
txt_line_of(const char *t, size_t off)
{
	size_t i, line = 1;

	for (i = 0; i < off; i++)
		if (t[i] == '\n')
			line++;
	return line;
}

int
txt_clip(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return (int)n;
	for (n = max; n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80; n--)
		continue;
	return (int)n;
}

const char *
txt_ellipsis(const char *s, size_t max)
{
	return strlen(s) > max ? "..." : "";
}

void
txt_excerpt(
    const char *t, size_t n, size_t off, size_t len, char *out, size_t cap)
{
	size_t s, e, i, k = 0;

	s = off > EXCERPT_SIDE ? off - EXCERPT_SIDE : 0;
	while (s < off && ((unsigned char)t[s] & 0xc0) == 0x80)
		s++;
	e = off + len + EXCERPT_SIDE < n ? off + len + EXCERPT_SIDE : n;
	while (e > off + len && ((unsigned char)t[e] & 0xc0) == 0x80)
		e--;
	for (i = s; i <= e && k + 4 < cap; i++) {
		if (i == off)
			out[k++] = '[';
		if (i == off + len)
			out[k++] = ']';
		if (i == e)
			break;
		out[k++] = t[i] == '\n' || t[i] == '\t' ? ' ' : t[i];
	}
	out[k] = '\0';
}

int
txt_slurp(const char *path, char **buf, size_t *len)
{
	FILE *fp = NULL;
	char *b = NULL;
	size_t n = 0, cap = 0, got;
	int rc = -1;

	if ((fp = fopen(path, "rb")) == NULL) {
		print_error("%s: cannot open\n", path);
		goto out;
	}
	for (;;) {
		if (cap - n < 4096) {
			cap = cap == 0 ? 8192 : cap * 2;
			b = data_realloc(b, cap, 1);
		}
		if ((got = fread(b + n, 1, cap - n - 1, fp)) == 0)
			break;
		n += got;
	}
	if (ferror(fp)) {
		print_error("%s: read error\n", path);
		goto out;
	}
	b[n] = '\0';
	if (memchr(b, '\0', n) != NULL) {
		print_error("%s: holds a NUL byte\n", path);
		goto out;
	}
	*buf = b;
	*len = n;
	b = NULL;
	rc = 0;
out:
	if (fp != NULL)
		fclose(fp);
	free(b);
	return rc;
}
