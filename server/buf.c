/*
 * Growing byte buffers, and the JSON string writer every body uses.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../db/text.h"
#include "internal.h"

static int
reserve(struct buf *b, size_t more)
{
	char *p;
	size_t cap;

	if (b->oom)
		return -1;
	if (b->len + more < b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap <= b->len + more)
		cap *= 2;
	if ((p = realloc(b->data, cap)) == NULL) {
		b->oom = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

void
buf_putn(struct buf *b, const char *s, size_t n)
{
	if (reserve(b, n) != 0)
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_putn(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_putn(b, &c, 1);
}

void
buf_putu(struct buf *b, unsigned long long n)
{
	char digits[20], *p = digits + sizeof(digits);

	do
		*--p = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	buf_putn(b, p, (size_t)(digits + sizeof(digits) - p));
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || reserve(b, (size_t)n + 1) != 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

size_t
text_vformat(char *out, size_t cap, const char *fmt, va_list ap)
{
	int n = vsnprintf(out, cap, fmt, ap);

	if (n < 0) {
		out[0] = '\0';
		return 0;
	}
	if ((size_t)n >= cap)
		return utf8_cut(out, cap - 1);
	return (size_t)n;
}

void
buf_json_string(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i = 0, run = 0;

	buf_putc(b, '"');
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		unsigned long cp;
		size_t n = c < 0x80 ? 1 : utf8_next(s + i, len - i, &cp);
		const char *esc = NULL;
		char u[7];

		if (n == 0) {
			esc = "\\ufffd"; /* not UTF-8: U+FFFD */
			n = 1;
		} else if (c == '"') {
			esc = "\\\"";
		} else if (c == '\\') {
			esc = "\\\\";
		} else if (c < 0x20) {
			switch (c) {
			case '\b': esc = "\\b"; break;
			case '\f': esc = "\\f"; break;
			case '\n': esc = "\\n"; break;
			case '\r': esc = "\\r"; break;
			case '\t': esc = "\\t"; break;
			default:
				memcpy(u, "\\u00", 4);
				u[4] = hex[c >> 4];
				u[5] = hex[c & 15];
				u[6] = '\0';
				esc = u;
			}
		}
		if (esc == NULL) {
			i += n;
			run += n;
			continue;
		}
		buf_putn(b, s + i - run, run);
		buf_puts(b, esc);
		run = 0;
		i += n;
	}
	buf_putn(b, s + i - run, run);
	buf_putc(b, '"');
}

void
buf_join(struct buf *b, const char *const *list, const char *sep)
{
	for (size_t i = 0; list[i] != NULL; i++) {
		if (i > 0)
			buf_puts(b, sep);
		buf_puts(b, list[i]);
	}
}

static int
put_json(const char *s, size_t n, void *arg)
{
	struct buf *b = arg;

	buf_putn(b, s, n);
	return b->oom ? -1 : 0;
}

void
buf_json(struct buf *b, const struct json_t *v, size_t flags)
{
	if (json_dump_callback(v, put_json, b, flags) != 0)
		b->oom = 1;
}

char *
buf_finish(struct buf *b)
{
	char *s = b->data;

	if (b->oom) {
		free(s);
		s = NULL;
	} else if (s == NULL) {
		s = strdup("");
	}
	memset(b, 0, sizeof(*b));
	return s;
}
