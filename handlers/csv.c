/*
 * CSV (RFC 4180) cells, made once at start-up for every item and column.
 * A dotted column such as start.year reaches into nested objects, and
 * through a list into each element (donors.name: the donors' names). A list
 * becomes one cell, its elements joined by "; " (an object element by its
 * id, or by its values joined by spaces when it has none), and x.count of
 * a list x is how many elements it has (events' figures.count: the
 * figures themselves are a table of the data package); null is an empty
 * cell. Cells are quoted when they hold a comma, a quote, CR or LF. A page
 * of a collection as CSV is a header row and these cells (csv_page).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "collection.h"

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
	json_array_foreach (v, i, e) {
		if (i > 0)
			buf_puts(b, "; ");
		if (json_is_object(e) && json_object_get(e, "id") != NULL) {
			put_scalar(b, json_object_get(e, "id"));
		} else if (json_is_object(e)) {
			const char *key;
			json_t *x;
			int first = 1;

			json_object_foreach (e, key, x) {
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

void
csv_text(struct buf *b, const char *s, size_t len)
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

/* The values at a dotted path in v; through a list, those of each element,
 * joined by "; ". */
static void
put_path(struct buf *b, json_t *v, const char *path)
{
	const char *dot = strchr(path, '.');
	char key[128];
	size_t n = dot != NULL ? (size_t)(dot - path) : strlen(path);

	if (json_is_array(v)) {
		size_t i;
		json_t *e;

		json_array_foreach (v, i, e) {
			if (i > 0)
				buf_puts(b, "; ");
			put_path(b, e, path);
		}
		return;
	}
	if (n >= sizeof(key))
		return;
	memcpy(key, path, n);
	key[n] = '\0';
	v = json_object_get(v, key);
	if (dot != NULL && json_is_array(v) && strcmp(dot + 1, "count") == 0) {
		buf_printf(b, "%zu", json_array_size(v)); /* x.count */
		return;
	}
	if (dot != NULL && (json_is_object(v) || json_is_array(v)))
		put_path(b, v, dot + 1);
	else if (dot == NULL)
		put_flat(b, v);
}

void
csv_value(struct buf *b, json_t *item, const char *path)
{
	struct buf cell = { 0 };
	size_t len;
	char *s;

	put_path(&cell, item, path);
	len = cell.len;
	if ((s = buf_finish(&cell)) == NULL) {
		b->oom = 1;
		return;
	}
	csv_text(b, s, len);
	free(s);
}

/* 1 when column (a dotted path) belongs to field. */
static int
column_of(const char *column, const char *field)
{
	size_t n = strlen(field);

	return strncmp(column, field, n) == 0 &&
	    (column[n] == '\0' || column[n] == '.');
}

/* The page as CSV: a header row of the listed fields' columns (all when
 * none are listed), then one row per item; an href under the request's
 * prefix, like the JSON's. */
void
csv_page(struct buf *b, const struct view *v, const uint32_t *page, size_t n,
    const size_t *fields, int nfields, const char *prefix)
{
	const struct collection *c = v->c;
	size_t cols[MAX_LISTED * 4], ncols = 0;

	if (nfields <= 0) {
		for (; ncols < v->ncolumns; ncols++)
			cols[ncols] = ncols;
	} else {
		for (int f = 0; f < nfields; f++)
			for (size_t col = 0; col < v->ncolumns &&
			     ncols < sizeof(cols) / sizeof(*cols);
			     col++)
				if (column_of(
					c->columns[col], c->fields[fields[f]]))
					cols[ncols++] = col;
	}
	for (size_t k = 0; k < ncols; k++) {
		if (k > 0)
			buf_putc(b, ',');
		csv_text(b, c->columns[cols[k]], strlen(c->columns[cols[k]]));
	}
	buf_puts(b, "\r\n");
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < ncols; k++) {
			size_t at = page[i] * v->ncolumns + cols[k];

			if (k > 0)
				buf_putc(b, ',');
			if (strcmp(c->columns[cols[k]], "href") == 0)
				buf_puts(
				    b, prefix); /* an href needs no quotes */
			buf_putn(b, v->cells[at], v->cell_lens[at]);
		}
		buf_puts(b, "\r\n");
	}
}
