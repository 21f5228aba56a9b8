/*
 * Indentation of compact JSON (?pretty=1): a pass over the bytes that adds
 * newlines and two spaces per level, the layout of jansson's
 * JSON_INDENT(2), so that an indented answer is built from the same
 * finished bytes as a compact one and nothing is parsed.
 */
#include "internal.h"

static void
newline(struct buf *b, int depth)
{
	buf_putc(b, '\n');
	for (int i = 0; i < depth; i++)
		buf_putn(b, "  ", 2);
}

void
json_indent(struct buf *b, const char *json, size_t len)
{
	int depth = 0;

	for (size_t i = 0; i < len; i++) {
		char c = json[i];
		size_t start = i;

		switch (c) {
		case '"': /* the whole string, escapes included */
			for (i++; i < len && json[i] != '"'; i++)
				if (json[i] == '\\')
					i++;
			buf_putn(
			    b, json + start, (i < len ? i + 1 : len) - start);
			break;
		case '{':
		case '[':
			buf_putc(b, c);
			if (i + 1 < len &&
			    json[i + 1] == (c == '{' ? '}' : ']')) {
				buf_putc(b, json[++i]); /* {} and [] stay */
				break;
			}
			newline(b, ++depth);
			break;
		case '}':
		case ']':
			newline(b, --depth);
			buf_putc(b, c);
			break;
		case ',':
			buf_putc(b, ',');
			newline(b, depth);
			break;
		case ':': buf_putn(b, ": ", 2); break;
		default: buf_putc(b, c);
		}
	}
}
