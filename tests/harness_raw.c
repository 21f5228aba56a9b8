/*
 * The raw-socket client (harness_raw.h): a request's bytes on a new TCP
 * connection, and the parser of the responses that come back.
 */
#define _GNU_SOURCE /* memmem */
#include "harness_raw.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

char *
raw_exchange(unsigned short port, const char *request, size_t reqlen,
    int timeout_ms, size_t *len)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
		.sin_port = htons(port) };
	struct buf b = { 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	char chunk[4096];
	size_t line = 0;

	while (line < reqlen && line < 1000 && request[line] != '\r' &&
	    request[line] != '\n')
		line++;
	set_last_request("raw %.*s", (int)line, request);
	assert_true(fd >= 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	for (size_t off = 0; off < reqlen;) {
		ssize_t w = send(fd, request + off, reqlen - off, MSG_NOSIGNAL);

		if (w <= 0)
			break; /* the server may refuse early; read its answer
				*/
		off += (size_t)w;
	}
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t r;

		if (poll(&p, 1, timeout_ms) <= 0)
			break;
		if ((r = recv(fd, chunk, sizeof(chunk), 0)) <= 0)
			break;
		buf_putn(&b, chunk, (size_t)r);
	}
	close(fd);
	*len = b.len;
	{
		char *s = buf_finish(&b);

		assert_non_null(s);
		return s;
	}
}

const char *
raw_hdr(struct raw_msg *m, const char *name)
{
	struct http_response fake = { .headers = m->head };

	return hdr(&fake, name);
}

/* 1 when the n bytes at p are all of, or the start of, "HTTP/1.1 ". */
static int
status_line_start(const char *p, size_t n)
{
	return memcmp(p, "HTTP/1.1 ", n < 9 ? n : 9) == 0;
}

/* The end of the head at p (its blank line's first CR), or NULL. */
static const char *
head_end(const char *p, size_t n)
{
	return memmem(p, n, "\r\n\r\n", 4);
}

int
raw_parse(
    const char *bytes, size_t len, size_t *off, int bodiless, struct raw_msg *m)
{
	size_t at = *off, headlen;
	const char *start, *end, *v;

	memset(m, 0, sizeof(*m));
	if (at >= len)
		return at == len ? 1 : -1;
	start = bytes + at;
	if (!status_line_start(start, len - at))
		return -1;
	if ((end = head_end(start, len - at)) == NULL)
		return len - at < sizeof(m->head) ? 1 : -1;
	headlen = (size_t)(end - start) + 2;
	if (headlen >= sizeof(m->head))
		return -1;
	memcpy(m->head, start, headlen);
	m->head[headlen] = '\0';
	m->status = strtol(start + 9, NULL, 10);
	at += headlen + 2;
	if ((v = raw_hdr(m, "Content-Length")) != NULL) {
		m->has_length = 1;
		m->length = strtoul(v, NULL, 10);
	}
	bodiless =
	    bodiless || m->status < 200 || m->status == 304 || m->status == 204;
	/* a body is due: a status line in its place is the head again */
	if (!bodiless && m->length > 0 && at < len && bytes[at] == 'H' &&
	    status_line_start(bytes + at, len - at)) {
		if (len - at < 9 ||
		    (end = head_end(bytes + at, len - at)) == NULL)
			return 1;
		if ((size_t)(end - (bytes + at)) + 2 != headlen ||
		    strncmp(bytes + at, m->head, strcspn(m->head, "\r")) != 0)
			return -1;
		m->twice = 1;
		at += headlen + 2;
	}
	m->body = bytes + at;
	if (!bodiless) {
		if (!m->has_length)
			return -1;
		if (len - at < m->length)
			return 1;
		m->bodylen = m->length;
		at += m->length;
	}
	*off = at;
	return 0;
}

void
raw_one(unsigned short port, const char *method, const char *target,
    const char *extra, struct raw_msg *m, char **bytes)
{
	char req[2048];
	size_t len, off = 0;

	snprintf(req, sizeof(req),
	    "%s %s HTTP/1.1\r\nHost: localhost\r\n%s%sConnection: "
	    "close\r\n\r\n",
	    method, target, extra != NULL ? extra : "",
	    extra != NULL ? "\r\n" : "");
	*bytes = raw_exchange(port, req, strlen(req), 3000, &len);
	check(raw_parse(*bytes, len, &off, strcmp(method, "HEAD") == 0, m) == 0,
	    "%s: not one response: %.300s", last_request(), *bytes);
	check(off == len, "%s: %zu bytes follow the response: %.200s",
	    last_request(), len - off, *bytes + off);
}
