/*
 * CSV (RFC 4180): a collection's items as rows under a header row. The
 * columns are given (each collection names its own, so that they depend
 * on its schema and ?fields= only, never on the data): a dotted path such
 * as start.year reaches into nested objects. A list becomes one cell, its
 * elements joined by "; " (an object element by its id, or by its values
 * joined by spaces when it has none); null is an empty cell. Cells are
 * quoted when they hold a comma, a quote, CR or LF; lines end with CRLF.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The text of a scalar: strings as they are, numbers and booleans as JSON,
 * null or missing as nothing. */
static void
put_scalar(struct buf *b, json_t *v)
{
	if (v == NULL)
		return;
	switch (json_typeof(v)) {
	case JSON_STRING:
		buf_putn(b, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL: buf_printf(b, "%.17g", json_real_value(v)); break;
	case JSON_TRUE: buf_puts(b, "true"); break;
	case JSON_FALSE: buf_puts(b, "false"); break;
	default: break;
	}
}

static void
put_flat(struct buf *b, json_t *v)
{
	size_t i;
	json_t *e;

	if (!json_is_array(v)) {
		put_scalar(b, v);
		return;
	}
	json_array_foreach(v, i, e)
	{
		if (i > 0)
			buf_puts(b, "; ");
		if (json_is_object(e) && json_object_get(e, "id") != NULL) {
			put_scalar(b, json_object_get(e, "id"));
		} else if (json_is_object(e)) {
			const char *key;
			json_t *x;
			int first = 1;

			json_object_foreach(e, key, x)
			{
				if (json_is_null(x))
					continue;
				if (!first)
					buf_putc(b, ' ');
				put_scalar(b, x);
				first = 0;
			}
		} else {
			put_scalar(b, e);
		}
	}
}

/* Appends one cell, quoted when RFC 4180 needs it. */
static void
put_cell(struct buf *b, const char *s, size_t len)
{
	if (strcspn(s, ",\"\r\n") >= len) {
		buf_putn(b, s, len);
		return;
	}
	buf_putc(b, '"');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			buf_putc(b, '"');
		buf_putc(b, s[i]);
	}
	buf_putc(b, '"');
}

char *
csv_render(json_t *items, json_t *columns, size_t *len)
{
	struct buf b = { 0 };
	json_t *item, *c;
	size_t i, j;

	json_array_foreach(columns, j, c)
	{
		if (j > 0)
			buf_putc(&b, ',');
		put_cell(&b, json_string_value(c), json_string_length(c));
	}
	buf_puts(&b, "\r\n");
	json_array_foreach(items, i, item)
	{
		json_array_foreach(columns, j, c)
		{
			struct buf cell = { 0 };
			char *s;

			if (j > 0)
				buf_putc(&b, ',');
			put_flat(&cell, json_at(item, json_string_value(c)));
			if ((s = buf_finish(&cell)) == NULL) {
				b.oom = 1;
				continue;
			}
			put_cell(&b, s, strlen(s));
			free(s);
		}
		buf_puts(&b, "\r\n");
	}
	*len = b.len;
	return buf_finish(&b);
}
