#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
