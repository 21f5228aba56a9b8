/*
 * Replies: the constructors handlers use, and problem documents (RFC 9457).
 * Every error status becomes its document here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/text.h"
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
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

/* Frees what the reply owns and resets it. */
static void
clear(struct reply *rep)
{
	free(rep->body);
	free(rep->link);
	free(rep->location);
	*rep = (struct reply){ .total = -1 };
}

void
reply_buf(
    struct reply *rep, unsigned int status, const char *type, struct buf *b)
{
	char *body;
	size_t len = b->len;

	if ((body = buf_finish(b)) == NULL) {
		reply_fault(rep);
		return;
	}
	free(rep->body);
	rep->status = status;
	rep->body = body;
	rep->len = len;
	rep->type = type;
}

/* The small document of a 500, sent as it is when nothing else can be. */
const char fault_doc[] =
    "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\","
    "\"status\":500,\"detail\":\"the server failed to answer; the fault is "
    "logged\"}";
const size_t fault_doc_len = sizeof(fault_doc) - 1;

/* Replaces the reply with a problem document; errors (the elements of its
 * "errors" array) may be NULL. */
static void
problem(struct reply *rep, unsigned int status, const char *detail, size_t len,
    const struct buf *errors)
{
	struct buf b = { 0 };
	const char *title = http_reason(status);

	clear(rep);
	buf_puts(&b, "{\"type\":\"about:blank\",\"title\":");
	buf_json_string(&b, title, strlen(title));
	buf_printf(&b, ",\"status\":%u,\"detail\":", status);
	buf_json_string(&b, detail, len);
	if (errors != NULL) {
		buf_puts(&b, ",\"errors\":[");
		buf_putn(
		    &b, errors->data != NULL ? errors->data : "", errors->len);
		buf_putc(&b, ']');
		if (errors->oom)
			b.oom = 1;
	}
	buf_putc(&b, '}');
	rep->status = status;
	rep->type = TYPE_PROBLEM;
	rep->len = b.len;
	if ((rep->body = buf_finish(&b)) == NULL) {
		rep->status = 500;
		rep->len = fault_doc_len;
		rep->body = strdup(fault_doc); /* NULL: sent without body */
		if (rep->body == NULL)
			rep->type = NULL;
	}
}

void
reply_problem(struct reply *rep, unsigned int status, const char *fmt, ...)
{
	char detail[1024];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = text_vformat(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	problem(rep, status, detail, n, NULL);
}

void
reply_invalid(struct reply *rep, struct request *req)
{
	static const char one[] = "1 query parameter is invalid; see errors";
	static const char some[] =
	    "some query parameters are invalid; see errors";

	if (req->nerrors == 1)
		problem(rep, 400, one, sizeof(one) - 1, &req->errors);
	else
		problem(rep, 400, some, sizeof(some) - 1, &req->errors);
}

void
reply_fault(struct reply *rep)
{
	static const char detail[] =
	    "the server failed to answer; the fault is logged";

	problem(rep, 500, detail, sizeof(detail) - 1, NULL);
}
