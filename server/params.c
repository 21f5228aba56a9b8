/*
 * Query parameters: strict parsing of the raw query string, the typed
 * getters handlers use, and links that carry the parameters on.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/text.h"
#include "internal.h"

#define PARAMS_MAX 64 /* a query with more is refused */

int
pct_decode(char *s, int plus_is_space)
{
	char *r = s, *w = s;

	while (*r != '\0') {
		if (*r == '%') {
			int hi = hex_digit((unsigned char)r[1]), lo;

			if (hi < 0 || (lo = hex_digit((unsigned char)r[2])) < 0)
				return -1;
			*w++ = (char)(hi << 4 | lo);
			r += 3;
		} else if (*r == '+' && plus_is_space) {
			*w++ = ' ';
			r++;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return (int)(w - s);
}

/* A decoded string a parameter may hold: valid UTF-8 without NUL or controls.
 */
static int
clean_text(const char *s, size_t len)
{
	if (!utf8_valid(s, len))
		return 0;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

int
params_parse(char *query, struct param **out, size_t *nout, const char **bad,
    const char **why)
{
	struct param *params = NULL;
	size_t n = 0, cap = 0;
	char *save = NULL;

	*out = NULL;
	*nout = 0;
	for (char *pair = strtok_r(query, "&", &save); pair != NULL;
	     pair = strtok_r(NULL, "&", &save)) {
		char *value = strchr(pair, '=');
		int klen, vlen;

		if (value != NULL)
			*value++ = '\0';
		else
			value =
			    pair + strlen(pair); /* "?pretty": empty value */
		if ((klen = pct_decode(pair, 1)) < 0 ||
		    (vlen = pct_decode(value, 1)) < 0) {
			*bad = klen < 0 ? "" : pair;
			*why = "malformed percent-encoding";
			goto fail;
		}
		if (!clean_text(pair, (size_t)klen) ||
		    !clean_text(value, (size_t)vlen)) {
			*bad = clean_text(pair, (size_t)klen) ? pair : "";
			*why = "not valid UTF-8 text";
			goto fail;
		}
		if (klen == 0)
			continue; /* "a=1&&b=2" */
		if (n == PARAMS_MAX) {
			*bad = "";
			*why = "more than 64 parameters";
			goto fail;
		}
		if (n == cap) {
			struct param *p;

			cap = cap ? cap * 2 : 8;
			if ((p = realloc(params, cap * sizeof(*p))) == NULL) {
				free(params);
				return -2;
			}
			params = p;
		}
		params[n++] = (struct param){ .key = pair, .value = value };
	}
	*out = params;
	*nout = n;
	return 0;
fail:
	free(params);
	return -1;
}

/* Marks every occurrence of key used; returns how many there are and the
 * first in *first. */
static size_t
occurrences(struct request *req, const char *key, struct param **first)
{
	size_t n = 0;

	*first = NULL;
	for (size_t i = 0; i < req->nparams; i++) {
		if (strcmp(req->params[i].key, key) != 0)
			continue;
		req->params[i].used = 1;
		if (n++ == 0)
			*first = &req->params[i];
	}
	return n;
}

void
req_error(struct request *req, const char *key, const char *fmt, ...)
{
	char detail[512];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = text_vformat(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (req->nerrors++ > 0)
		buf_putc(&req->errors, ',');
	buf_puts(&req->errors, "{\"param\":");
	buf_json_string(&req->errors, key, strlen(key));
	buf_puts(&req->errors, ",\"detail\":");
	buf_json_string(&req->errors, detail, n);
	buf_putc(&req->errors, '}');
}

char *
req_join(struct request *req, const char *const *items)
{
	struct buf list = { 0 };
	char *s;

	buf_join(&list, items, ", ");
	if ((s = buf_finish(&list)) == NULL)
		req->errors.oom = 1;
	return s;
}

void
req_clear(struct request *req)
{
	free(req->params);
	req->params = NULL;
	req->nparams = 0;
	free(buf_finish(&req->errors));
	req->nerrors = 0;
}

const char *
req_param(struct request *req, const char *key)
{
	struct param *p;

	if (occurrences(req, key, &p) > 1) {
		req_error(req, key, "given more than once");
		return NULL;
	}
	return p != NULL ? p->value : NULL;
}

const char *
req_list(struct request *req, const char *key, size_t i)
{
	struct param *p;

	occurrences(req, key, &p);
	for (; p != NULL && p < req->params + req->nparams; p++)
		if (strcmp(p->key, key) == 0) {
			if (i == 0)
				return p->value;
			i--;
		}
	return NULL;
}

long long
req_int(struct request *req, const char *key, long long def, long long min,
    long long max)
{
	const char *v = req_param(req, key);
	long long n = 0;

	if (v == NULL)
		return def;
	if (*v == '\0' || strlen(v) > 18)
		goto bad;
	for (const char *p = v; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		n = n * 10 + (*p - '0');
	}
	if (n < min || n > max)
		goto bad;
	return n;
bad:
	req_error(req, key, "must be an integer from %lld to %lld", min, max);
	return def;
}

const char *
req_choice(struct request *req, const char *key, const char *const *choices)
{
	const char *v = req_param(req, key);
	char *s;

	if (v == NULL)
		return NULL;
	for (size_t i = 0; choices[i] != NULL; i++)
		if (strcmp(v, choices[i]) == 0)
			return choices[i];
	s = req_join(req, choices);
	req_error(req, key, "must be one of: %s", s != NULL ? s : "");
	free(s);
	return NULL;
}

int
req_bool(struct request *req, const char *key, int def)
{
	static const char *const choices[] = { "true", "false", NULL };
	const char *v = req_choice(req, key, choices);

	return v == NULL ? def : v == choices[0];
}

int
req_csv(struct request *req)
{
	static const char *const formats[] = { "json", "csv", NULL };
	const char *f = req_choice(req, "format", formats);

	return f != NULL ? f == formats[1] : req->accept_csv;
}

int
req_finish(struct request *req)
{
	for (size_t i = 0; i < req->nparams; i++) {
		size_t before = 0;

		if (req->params[i].used)
			continue;
		while (before < i &&
		    strcmp(req->params[before].key, req->params[i].key) != 0)
			before++;
		if (before == i) /* an unknown key is named once */
			req_error(req, req->params[i].key,
			    "unknown parameter for %s", req->path);
	}
	return req->nerrors > 0;
}

/* A byte a query component keeps as it is: unreserved, and the comma. */
static int
query_keeps(unsigned char c)
{
	return pct_unreserved(c) || c == ',';
}

/* Appends s percent-encoded as a query component. */
static void
put_encoded(struct buf *b, const char *s)
{
	size_t len = strlen(s);
	char small[256],
	    *out = 3 * len < sizeof(small) ? small : malloc(3 * len + 1);

	if (out == NULL) {
		b->oom = 1;
		return;
	}
	buf_putn(b, out, pct_encode(out, s, query_keeps));
	if (out != small)
		free(out);
}

void
req_link(struct buf *b, const struct request *req, const char *path,
    long long offset)
{
	int first = 1, put_offset = offset >= 0;

	buf_puts(b, req->prefix);
	buf_puts(b, path);
	for (size_t i = 0; i < req->nparams; i++) {
		const struct param *p = &req->params[i];

		buf_putc(b, first ? '?' : '&');
		first = 0;
		put_encoded(b, p->key);
		buf_putc(b, '=');
		if (offset >= 0 && strcmp(p->key, "offset") == 0) {
			buf_printf(b, "%lld", offset);
			put_offset = 0;
		} else {
			put_encoded(b, p->value);
		}
	}
	if (put_offset)
		buf_printf(b, "%coffset=%lld", first ? '?' : '&', offset);
}
