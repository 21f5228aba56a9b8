/*
 * Whether a request's framing can be trusted, decided as soon as its head
 * is read (RFC 9112): the method, the target, the field names and values,
 * Host, Content-Length and Transfer-Encoding, and a body no route takes.
 */
#define _GNU_SOURCE /* strncasecmp */
#include <string.h>
#include <strings.h>

#include "internal.h"

#define MAX_HEADERS 100 /* more: 431 */
#define MAX_METHOD  32	/* longer: 501 */

/* What the framing check counts of a request's header fields. */
struct framing {
	size_t fields, host, length, coding;
	const char *cl, *hv; /* Content-Length, Host */
	const char *bad;     /* why the fields are refused, or NULL */
	unsigned int status;
};

/* 1 when c may be in a field name (RFC 9110's tchar). */
static int
tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* 1 when every byte of s may be in a token. */
static int
token(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (!tchar(*p))
			return 0;
	return 1;
}

static void
frame_field(struct framing *f, const char *key, const char *value)
{
	f->fields++;
	if (f->bad != NULL)
		return;
	if (*key == '\0') {
		f->bad = "a header field has no name";
		return;
	}
	if (!token(key)) {
		f->bad = "a header field name is not a token";
		return;
	}
	for (const unsigned char *p = (const unsigned char *)value; *p; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f) {
			f->bad = "a header field value holds a control "
				 "character";
			return;
		}
	if (strcasecmp(key, MHD_HTTP_HEADER_HOST) == 0) {
		f->host++;
		f->hv = value;
	} else if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
		f->length++;
		f->cl = value;
	} else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0)
		f->coding++;
}

/* 1 when the target holds a byte no target may: a space or a control
 * character (RFC 9112, 3.2; RFC 3986, 2). */
static int
target_invalid(const char *target)
{
	for (const unsigned char *p = (const unsigned char *)target; *p; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return 1;
	return 0;
}

/*
 * 1 when the len bytes at s are a host and an optional port (RFC 9110,
 * 7.2: uri-host [":" port]): an IP literal in brackets, or a reg-name of
 * unreserved, percent-encoded and sub-delims characters (an IPv4 address
 * is one), then ":" and digits. Userinfo ("@") is none of them.
 */
int
host_valid(const char *s, size_t len)
{
	static const char reg[] = ALNUM "-._~!$&'()*+,;=";
	size_t i = 0;

	if (len > 0 && s[0] == '[') {
		for (i = 1; i < len && s[i] != ']'; i++)
			if (s[i] == '\0' ||
			    strchr(ALNUM ":._~!$&'()*+,;=-", s[i]) == NULL)
				return 0;
		if (i == len || i == 1)
			return 0;
		i++;
	} else {
		for (; i < len && s[i] != ':'; i++) {
			if (s[i] == '%' && i + 2 < len &&
			    strchr("0123456789abcdefABCDEF", s[i + 1]) &&
			    strchr("0123456789abcdefABCDEF", s[i + 2])) {
				i += 2;
				continue;
			}
			if (s[i] == '\0' || strchr(reg, s[i]) == NULL)
				return 0;
		}
	}
	if (i < len && s[i++] != ':')
		return 0;
	for (; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/*
 * An absolute-form target (RFC 9112, 3.2.2) names its host: it must be
 * one, not empty (RFC 9110, 4.2.1), without userinfo (4.2.4). Returns 0,
 * or 400 and *detail why.
 */
static unsigned int
absolute_form(const char *target, const char **detail)
{
	const char *auth;
	size_t len;

	if (strncasecmp(target, "http://", 7) == 0)
		auth = target + 7;
	else if (strncasecmp(target, "https://", 8) == 0)
		auth = target + 8;
	else
		return 0;
	len = strcspn(auth, "/?#");
	if (len == 0 || auth[0] == ':' || !host_valid(auth, len)) {
		*detail = "the request target's authority is not a host and a "
			  "port";
		return 400;
	}
	return 0;
}

/*
 * The transfer codings of every Transfer-Encoding field, in order (RFC
 * 9112, 6.1). Returns 0 when they are chunked alone; else the status to
 * refuse them with and *detail why: 400 when chunked is not the last
 * coding (the body's length cannot be known) or comes twice, 501 for
 * any other coding (the server knows none).
 */
static unsigned int
codings(const struct head *h, const char **detail)
{
	size_t n = 0, chunked = 0;
	int last = 0; /* the last coding is chunked */

	for (size_t i = 0; i < h->nfields && i < HEAD_FIELDS; i++) {
		const char *p = h->field[i].value;

		if (strcasecmp(h->field[i].key,
			MHD_HTTP_HEADER_TRANSFER_ENCODING) != 0)
			continue;
		while (*p != '\0') {
			size_t len;

			p += strspn(p, " \t,");
			if ((len = strcspn(p, ",")) == 0)
				continue;
			while (len > 0 &&
			    (p[len - 1] == ' ' || p[len - 1] == '\t'))
				len--;
			n++;
			last = len == 7 && strncasecmp(p, "chunked", 7) == 0;
			chunked += (size_t)last;
			p += strcspn(p, ",");
		}
	}
	if (!last) {
		*detail = "chunked is not the last transfer coding: the "
			  "body's length cannot be known";
		return 400;
	}
	if (chunked > 1) {
		*detail = "chunked is applied more than once";
		return 400;
	}
	if (n > 1) {
		*detail =
		    "the only transfer coding the server knows is chunked";
		return 501;
	}
	return 0;
}

unsigned int
request_framing(const struct head *h, const char *target, const char **detail)
{
	struct framing f = { 0 };
	enum method m = method_of(h->method);
	unsigned int status;

	if (*h->method == '\0' || !token(h->method)) {
		*detail = "the method is not a token";
		return 400;
	}
	if (strlen(h->method) > MAX_METHOD) {
		*detail = "the method is longer than 32 bytes, longer than any "
			  "the server implements";
		return 501;
	}
	if (target != NULL && target_invalid(target)) {
		*detail = "the request target holds a space or a control "
			  "character";
		return 400;
	}
	for (size_t i = 0; i < h->nfields && i < HEAD_FIELDS; i++)
		frame_field(&f, h->field[i].key, h->field[i].value);
	f.fields = h->nfields;
	*detail = f.bad;
	if (f.bad != NULL)
		return 400;
	if (f.fields > MAX_HEADERS) {
		*detail = "the request has more than 100 header fields";
		return 431;
	}
	if (f.host > 1) {
		*detail = "the request has more than one Host header";
		return 400;
	}
	if (f.host == 1 && !host_valid(f.hv, strlen(f.hv))) {
		*detail = "the Host header is not a host and a port";
		return 400;
	}
	if (target != NULL && (status = absolute_form(target, detail)) != 0)
		return status;
	if (f.length > 1) {
		*detail = "the request has more than one Content-Length";
		return 400;
	}
	if (f.coding > 0 && f.length > 0) {
		*detail = "the request has both Transfer-Encoding and "
			  "Content-Length";
		return 400;
	}
	if (f.coding > 0 && strcmp(h->version, MHD_HTTP_VERSION_1_0) == 0) {
		*detail = "an HTTP/1.0 request cannot use Transfer-Encoding";
		return 400;
	}
	if (f.coding > 0 && (status = codings(h, detail)) != 0)
		return status;
	if (f.coding == 0 && (f.length == 0 || strcmp(f.cl, "0") == 0))
		return 0; /* no body: the request is whole */
	/* a body: no route takes one, so it is refused before it is read */
	if (m == METHOD_OTHER) {
		*detail = "the API is read-only: use GET or HEAD";
		return 405;
	}
	*detail = "the API takes no request body";
	return 413;
}
