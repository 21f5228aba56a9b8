/* The CSV reader (harness_csv.h). */
#include "harness_csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

json_t *
csv_parse(const char *s, size_t len, const char **why)
{
	json_t *rows = json_array(), *row = json_array();
	struct buf cell = { 0 };
	size_t i = 0;

	while (i < len) {
		size_t n;
		char *c;

		if (s[i] == '"') {
			for (i++;; i++) {
				if (i >= len) {
					*why = "a quoted field is not closed";
					goto bad;
				}
				if (s[i] == '"' && i + 1 < len &&
				    s[i + 1] == '"') {
					buf_putc(&cell, '"');
					i++;
				} else if (s[i] == '"') {
					i++;
					break;
				} else {
					buf_putc(&cell, s[i]);
				}
			}
		} else {
			for (; i < len && s[i] != ',' && s[i] != '\r' &&
			     s[i] != '\n';
			     i++) {
				if (s[i] == '"') {
					*why = "a quote in an unquoted field";
					goto bad;
				}
				buf_putc(&cell, s[i]);
			}
		}
		n = cell.len;
		c = buf_finish(&cell);
		json_array_append_new(row, json_stringn(c, n));
		free(c);
		if (i < len && s[i] == ',') {
			i++;
			continue;
		}
		if (i + 1 < len && s[i] == '\r' && s[i + 1] == '\n') {
			i += 2;
			json_array_append_new(rows, row);
			row = json_array();
			continue;
		}
		*why = i < len ? "a field ends in neither a comma nor CRLF"
			       : "the last record does not end with CRLF";
		goto bad;
	}
	json_decref(row);
	return rows;
bad:
	free(buf_finish(&cell));
	json_decref(row);
	json_decref(rows);
	return NULL;
}

long
csv_column(json_t *header, const char *name)
{
	size_t i;
	json_t *c;

	json_array_foreach (header, i, c)
		if (strcmp(json_string_value(c), name) == 0)
			return (long)i;
	return -1;
}

json_t *
csv_dotted(json_t *item, const char *column)
{
	json_t *v = item;
	const char *path = column;
	char key[128];
	size_t n;

	while (v != NULL && path[n = strcspn(path, ".")] == '.') {
		snprintf(key, sizeof(key), "%.*s", (int)n, path);
		v = json_object_get(v, key);
		path += n + 1;
	}
	return v != NULL ? json_object_get(v, path) : NULL;
}

char *
csv_quote(const char *s)
{
	struct buf b = { 0 };

	buf_putc(&b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_putc(&b, '"');
		buf_putc(&b, *s);
	}
	buf_putc(&b, '"');
	return buf_finish(&b);
}
