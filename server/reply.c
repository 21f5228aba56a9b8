/*
 * Replies: the constructors handlers use, problem documents (RFC 9457),
 * and serialization. Every error status becomes its document here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const char *
http_reason(unsigned int status)
{
	switch (status) {
	case 200: return "OK";
	case 204: return "No Content";
	case 300: return "Multiple Choices";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 414: return "URI Too Long";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

json_t *
json_at(json_t *v, const char *path)
{
	char key[256];
	const char *dot;

	while ((dot = strchr(path, '.')) != NULL && v != NULL) {
		size_t n = (size_t)(dot - path);

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		v = json_object_get(v, key);
		path = dot + 1;
	}
	return v != NULL ? json_object_get(v, path) : NULL;
}

void
reply_clear(struct reply *rep)
{
	json_decref(rep->body);
	free(rep->link);
	free(rep->location);
	free(rep->text);
	json_decref(rep->csv);
	*rep = (struct reply){ .total = -1 };
}

void
reply_csv(struct reply *rep, json_t *columns)
{
	if (columns == NULL) {
		reply_fault(rep);
		return;
	}
	json_decref(rep->csv);
	rep->csv = columns;
}

void
reply_text(struct reply *rep, unsigned int status, const char *type, char *text,
    size_t len)
{
	if (text == NULL) {
		reply_fault(rep);
		return;
	}
	reply_clear(rep);
	rep->status = status;
	rep->text = text;
	rep->textlen = len;
	rep->text_type = type;
}

void
reply_json(struct reply *rep, unsigned int status, json_t *body)
{
	free(rep->text);
	rep->text = NULL;
	json_decref(rep->body);
	rep->status = status;
	rep->body = body;
	rep->problem = 0;
	if (body == NULL)
		reply_fault(rep);
}

/* Replaces the reply with a problem document; takes errors (may be NULL). */
static void
problem(
    struct reply *rep, unsigned int status, const char *detail, json_t *errors)
{
	json_t *doc;

	reply_clear(rep);
	rep->status = status;
	rep->problem = 1;
	doc = json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title",
	    http_reason(status), "status", (int)status, "detail", detail);
	if (doc != NULL && errors != NULL)
		json_object_set(doc, "errors", errors);
	json_decref(errors);
	rep->body = doc; /* NULL only when out of memory: sent without body */
}

void
reply_problem(struct reply *rep, unsigned int status, const char *fmt, ...)
{
	char detail[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	problem(rep, status, detail, NULL);
}

void
reply_invalid(struct reply *rep, struct request *req)
{
	size_t n = json_array_size(req->errors);

	problem(rep, 400,
	    n == 1 ? "1 query parameter is invalid; see errors"
		   : "some query parameters are invalid; see errors",
	    json_incref(req->errors));
}

void
reply_fault(struct reply *rep)
{
	problem(
	    rep, 500, "the server failed to answer; the fault is logged", NULL);
}

char *
reply_serialize(const struct reply *rep, int pretty, size_t *len)
{
	char *s;

	if (rep->body == NULL) {
		*len = 0;
		return NULL;
	}
	s = json_dumps(rep->body, pretty ? JSON_INDENT(2) : JSON_COMPACT);
	*len = s != NULL ? strlen(s) : 0;
	return s;
}
