/*
 * libFuzzer target: raw bytes to the real daemon over loopback TCP. The
 * daemon is started once, in this process (daemon_start on 127.0.0.1,
 * port 0: the harness's configuration, trusting a proxy, with a CORS list
 * and a rendition cache small enough to evict). Each input is sent as it
 * is on a new connection, whose write side is shut down once the server
 * has read it all (see exchange()); what comes back is read until the
 * server closes (10 s at most: a server that holds the connection longer
 * is a finding) and checked, aborting on failure:
 *
 *   - it is a sequence of whole responses, each a status line
 *     "HTTP/1.1 NNN reason" with libmicrohttpd's reason for NNN, header
 *     fields with token names and no control characters in values, one
 *     Content-Length, and that many body bytes (none for 204 and 304, nor
 *     for an answer to HEAD); nothing else;
 *   - nothing follows a response with "Connection: close";
 *   - the server's own responses carry X-Request-Id, have no status of 500
 *     or more (but a 501 for a transfer coding other than chunked or a
 *     method over 32 bytes, as RFC 9112 asks), every 4xx and that 501 is a
 * problem document of its status (application/problem+json), and every JSON
 * body parses;
 *   - what libmicrohttpd 0.9.75 decides itself, before or instead of the
 *     server, is one of the decisions listed in mhd_decides[] below,
 *     exactly: its own answers (the last thing on the connection), a
 *     100 Continue, or no answer at all where the input allows it.
 */
#define _GNU_SOURCE /* memmem, ppoll */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../../handlers/handlers.h"
#include "../../server/internal.h"
#include "check.h"

#define DEADLINE_MS 10000 /* for the server to answer and close */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* How near a head must come to libmicrohttpd's memory for one connection
 * (CONNECTION_MEMORY, server/internal.h) to leave no room for the answer's
 * head. */
#define NO_ROOM	   1024
#define RECORD	   64	/* its record of a field or an argument */
#define FOLD_SLACK 4096 /* below half of it, for folded_full */

static size_t head_length(const uint8_t *in, size_t len);

/* No whole request head: the request line has no space or an empty
 * method, or the input ends before the empty line. */
static int
not_whole(const uint8_t *in, size_t len)
{
	return head_length(in, len) == 0;
}

/* A whole head with a folded field line (obs-fold, which the server
 * refuses), and bytes enough after it to fill libmicrohttpd's first read
 * buffer, half of the connection's memory: 0.9.75 reallocates the folded
 * value behind the read buffer, which then can neither shrink nor grow in
 * place, and finds no room for the answer's head. */
static int
folded_full(const uint8_t *in, size_t len)
{
	size_t n = head_length(in, len);
	const uint8_t *p = in, *end = in + n, *eol;
	int fields = 0; /* past the request line */

	if (n == 0 || len + FOLD_SLACK < CONNECTION_MEMORY / 2)
		return 0;
	for (; p < end && (eol = memchr(p, '\n', (size_t)(end - p))) != NULL;
	     p = eol + 1) {
		if (fields && (*p == ' ' || *p == '\t'))
			return 1;
		if (eol > p && eol > p + (eol[-1] == '\r'))
			fields = 1;
	}
	return 0;
}

/*
 * A whole head that, with the records libmicrohttpd keeps of it, comes
 * within NO_ROOM bytes of the connection's memory: each field line and
 * each argument of the query takes RECORD bytes of that memory besides
 * the read buffer (0.9.75's struct MHD_HTTP_Req_Header, aligned), as long
 * as there is room for it.
 */
static int
no_room(const uint8_t *in, size_t len)
{
	size_t n = head_length(in, len), used, lines = 0;
	const uint8_t *p = in, *end = in + n, *eol, *q, *sp;

	if (n == 0)
		return 0;
	/* the read buffer: half of the memory at first (0.9.75's
	 * try_grow_read_buffer), then as long as the head */
	used = n > CONNECTION_MEMORY / 2 ? n : CONNECTION_MEMORY / 2;
	while ((eol = memchr(p, '\n', (size_t)(end - p))) != NULL &&
	    eol <= p + (eol > p && eol[-1] == '\r'))
		p = eol + 1; /* empty lines before the request line */
	/* the query's arguments: the pieces between the first '?', each '&'
	 * and a space, but empty ones */
	if (eol != NULL && (sp = memchr(p, ' ', (size_t)(eol - p))) != NULL &&
	    (q = memchr(sp + 1, '?', (size_t)(eol - sp - 1))) != NULL)
		for (const uint8_t *sep = q; q < eol && *q != ' '; q++)
			if ((q == sep || *q == '&') && q + 1 < eol &&
			    q[1] != '&' && q[1] != ' ' && q[1] != '\r')
				used += RECORD;
	for (; p < end && (eol = memchr(p, '\n', (size_t)(end - p))) != NULL;
	     p = eol + 1)
		lines++;
	if (lines > 2) /* the request line and the empty line are no fields */
		used += (lines - 2) * RECORD;
	/* it records what its memory still holds: between none and all */
	return used + NO_ROOM > CONNECTION_MEMORY &&
	    n <= CONNECTION_MEMORY + NO_ROOM;
}

/*
 * What libmicrohttpd 0.9.75 decides itself, before or instead of the
 * server (src/microhttpd/connection.c): the only answers that are not
 * the server's, and no finding. An answer is matched exactly: its status
 * and its HTML body byte for byte, sent with Content-Length and nothing
 * the server adds (no X-Request-Id, no Content-Type), the last thing on
 * the connection; an answer to HEAD has the Content-Length of its body
 * and no body. No answer at all is no finding only where an entry of
 * status 0 says so of the input.
 *
 * Not listed, because the server never lets them happen, so that seeing
 * one is a finding: REQUEST_CHUNKED_MALFORMED (400) and
 * REQUEST_CHUNK_TOO_LARGE (413), since a request with a body is refused
 * before its body is read (request_framing); REQUEST_LACKS_HOST (400),
 * since the daemon leaves MHD_OPTION_STRICT_FOR_CLIENT at 0 and answers
 * a missing Host itself; INTERNAL_ERROR (500), which needs a handler that
 * leaves upload data unread.
 */
static const struct mhd_decision {
	unsigned int status; /* 0: no answer at all */
	const char *body;    /* the HTML; for the 100, the whole message */
	int twice;	     /* its status line and header block come twice */
	int (*applies)(const uint8_t *in, size_t len); /* status 0: when */
	const char *when;
} mhd_decides[] = {
	/* REQUEST_MALFORMED: process_header_line, parse_http_version */
	{ 400,
	    "<html><head><title>Request malformed</title></head><body>Your "
	    "HTTP request was syntactically incorrect.</body></html>",
	    0, NULL,
	    "a field line without a colon, or a version that is not "
	    "HTTP/ digit . digit" },
	/* REQUEST_CONTENTLENGTH_MALFORMED, read in parse_connection_headers;
	 * the state machine then goes on to START_REPLY, which builds the
	 * header block a second time */
	{ 400,
	    "<html><head><title>Request malformed</title></head><body>Your "
	    "HTTP request has wrong value for <b>Content-Length</b> "
	    "header.</body></html>",
	    1, NULL,
	    "a Content-Length not only of digits: -1, +5, 0x5, "
	    "\"5, 5\", empty" },
	/* REQUEST_CONTENTLENGTH_TOOLARGE: the same path, the same double */
	{ 413,
	    "<html><head><title>Request content too large</title></head>"
	    "<body>Your HTTP request has too large value for "
	    "<b>Content-Length</b> header.</body></html>",
	    1, NULL, "a Content-Length of digits beyond 2^64 - 1" },
	/* REQUEST_TOO_BIG, while the request line is read */
	{ 414,
	    "<html><head><title>Request too big</title></head><body>Your HTTP "
	    "header was too big for the memory constraints of this "
	    "webserver.</body></html>",
	    0, NULL, "a request line beyond the connection's memory" },
	/* REQUEST_TOO_BIG, while the fields are read or recorded */
	{ 431,
	    "<html><head><title>Request too big</title></head><body>Your HTTP "
	    "header was too big for the memory constraints of this "
	    "webserver.</body></html>",
	    0, NULL,
	    "a header block (its lines, their records, a folded "
	    "value) beyond the connection's memory" },
	/* REQ_HTTP_VER_IS_TOO_OLD */
	{ 505,
	    "<html><head><title>Requested HTTP version is not supported</title>"
	    "</head><body>Requested HTTP version is too old and not "
	    "supported.</body></html>",
	    0, NULL, "HTTP/0.x" },
	/* REQ_HTTP_VER_IS_NOT_SUPPORTED */
	{ 505,
	    "<html><head><title>Requested HTTP version is not supported</title>"
	    "</head><body>Requested HTTP version is not supported.</body>"
	    "</html>",
	    0, NULL, "HTTP/2.x to HTTP/9.x" },
	/* need_100_continue: before the server's answer, which it gives on
	 * the second call (a refusal on the first sends none) */
	{ 100, "HTTP/1.1 100 Continue\r\n\r\n", 0, NULL,
	    "Expect: 100-continue on an HTTP/1.1 request without a body" },
	/* parse_initial_message_line's MHD_NO, and the end of input while
	 * a head is read: the connection is closed */
	{ 0, NULL, 0, not_whole,
	    "no whole request head: a request line without a space or with "
	    "an empty method, or a head cut short" },
	/* build_header_response finds no room in the connection's memory
	 * ("failed to create response header"): the head it read, with its
	 * records, leaves less than the answer's head needs (a window of a
	 * few hundred bytes below CONNECTION_MEMORY; above it, the 414 and
	 * 431 above), and unlike its own answers it frees nothing for the
	 * server's */
	{ 0, NULL, 0, no_room,
	    "a whole head that, in a read buffer of half the connection's "
	    "memory or more, comes within 1 KiB of all of it, with "
	    "64 bytes for each field and argument" },
	/* the same failure, when a folded field line (obs-fold) keeps the
	 * read buffer from shrinking to the bytes pipelined after the head */
	{ 0, NULL, 0, folded_full,
	    "a head with a folded field line, and over half the "
	    "connection's memory in all sent on the connection" },
};
#define NMHD (sizeof(mhd_decides) / sizeof(mhd_decides[0]))

static struct daemon *daemon_;
static unsigned short port;

static void
teardown(void)
{
	daemon_set_drain(daemon_, 0);
	daemon_stop(daemon_);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct config cfg;

	(void)argc;
	(void)argv;
	fuzz_config(&cfg);
	cfg.port = 0;
	cfg.bind = "127.0.0.1";
	cfg.threads = 2;
	cfg.drain_seconds = 0;
	cfg.access_log = "off";
	cfg.trust_proxy = 1;
	/* well inside DEADLINE_MS: a head that libmicrohttpd stalls on (its
	 * 431 queued with no room to send it) is closed by this deadline */
	cfg.header_timeout = 2;
	if ((daemon_ = daemon_start(&cfg, &aid_app)) == NULL)
		fuzz_fail("the daemon does not start on %s", cfg.db);
	port = daemon_port(daemon_);
	atexit(teardown);
	return 0;
}

static long long
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/*
 * The server's end of the connection fd: this process holds both. -1
 * until the daemon has accepted it.
 */
static int
server_end(int fd)
{
	static int last = 3; /* mostly the same number each time */
	struct sockaddr_in me, peer;
	socklen_t len = sizeof(me);

	if (getsockname(fd, (struct sockaddr *)&me, &len) != 0)
		return -1;
	for (int i = 0; i < fd + 256; i++) {
		int s = i == 0 ? last : i;

		len = sizeof(peer);
		if (s != fd && s > 2 &&
		    getpeername(s, (struct sockaddr *)&peer, &len) == 0 &&
		    len == sizeof(peer) && peer.sin_family == AF_INET &&
		    peer.sin_port == me.sin_port &&
		    peer.sin_addr.s_addr == me.sin_addr.s_addr)
			return last = s;
	}
	return -1;
}

/* 1 when the server has read every byte sent on fd (its end sfd holds
 * none unread, and none is on its way). */
static int
drained(int fd, int sfd)
{
	int unread = 0, unacked = 0;

	return ioctl(fd, SIOCOUTQ, &unacked) == 0 && unacked == 0 &&
	    ioctl(sfd, FIONREAD, &unread) == 0 && unread == 0;
}

/*
 * Connects fd to sa. libFuzzer's timer signal may interrupt connect(),
 * which then goes on in the background: wait for it. Returns 0, or -1
 * with errno.
 */
static int
connect_to(int fd, const struct sockaddr_in *sa)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	socklen_t len = sizeof(int);
	int err = 0, n;

	if (connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0)
		return 0;
	if (errno != EINTR)
		return -1;
	while ((n = poll(&p, 1, 1000)) < 0 && errno == EINTR)
		;
	if (n == 0)
		err = ETIMEDOUT;
	else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		err = errno;
	errno = err;
	return err == 0 ? 0 : -1;
}

/*
 * Sends data on a new connection and reads all the server sends until it
 * closes (into b). Returns 1 when the connection ended with a reset: the
 * server closed it with input left unread, and the kernel then drops
 * what it had received for us and we had not read yet, so the end of b
 * may be cut anywhere (RFC 9112, 9.6: libmicrohttpd closes at once, it
 * does not linger). The write side is shut down once the server has read
 * every byte: libmicrohttpd 0.9.75 reads until a short read, so an end
 * of input that comes with the last bytes goes unseen until the server's
 * reaper looks (every 250 ms, server/conns.c); one that comes after them
 * is seen at once. Sending and reading go together, so that a server
 * blocked on writing never blocks the client's sending.
 */
static int
exchange(const uint8_t *data, size_t size, struct buf *b)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
		.sin_port = htons(port) };
	long long deadline = now_ms() + DEADLINE_MS, sent = now_ms();
	size_t off = 0;
	int fd, sfd = -1, shut = 0, tries = 0, reset = 0;
	char chunk[65536];

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (;;) {
		if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
			fuzz_fail("socket: %s", strerror(errno));
		if (connect_to(fd, &sa) == 0)
			break;
		if (errno != EADDRNOTAVAIL || ++tries == 100)
			fuzz_fail("cannot connect to the daemon: %s",
			    strerror(errno));
		close(fd); /* no local port free for now: wait a little */
		nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);
	}
	for (;;) {
		struct pollfd p = { .fd = fd,
			.events = POLLIN | (off < size ? POLLOUT : 0) };
		struct timespec tick = { 0, 100 * 1000 };
		ssize_t n;

		if (now_ms() > deadline)
			fuzz_fail("the server did not close the connection "
				  "within %d ms (%zu of %zu bytes sent, %zu "
				  "read)",
			    DEADLINE_MS, off, size, b->len);
		if (ppoll(&p, 1, &tick, NULL) < 0 && errno != EINTR)
			fuzz_fail("poll: %s", strerror(errno));
		if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
			n = recv(fd, chunk, sizeof(chunk), MSG_DONTWAIT);
			if (n < 0 && errno == ECONNRESET) {
				reset = 1; /* closed, input left unread */
				break;
			}
			if (n == 0)
				break; /* closed */
			if (n < 0 && errno != EAGAIN && errno != EINTR)
				fuzz_fail("recv: %s", strerror(errno));
			if (n > 0)
				buf_putn(b, chunk, (size_t)n);
		}
		if (off < size && (p.revents & POLLOUT)) {
			n = send(fd, data + off, size - off,
			    MSG_NOSIGNAL | MSG_DONTWAIT);
			if (n > 0)
				off += (size_t)n;
			else if (n < 0 && errno != EAGAIN && errno != EINTR)
				off = size; /* refused early: read its answer */
			if (off == size)
				sent = now_ms();
		}
		if (off == size && !shut) {
			if (sfd < 0)
				sfd = server_end(fd);
			/* not accepted within 100 ms: shut it all the same */
			if ((sfd < 0 && now_ms() > sent + 100) ||
			    (sfd >= 0 && drained(fd, sfd))) {
				shutdown(fd, SHUT_WR);
				shut = 1;
			}
		}
	}
	close(fd);
	if (b->oom)
		fuzz_fail("out of memory");
	return reset;
}

/* How much of n bytes a message shows. */
#define SHOW(n) ((int)((n) > 300 ? 300 : (n)))

/*
 * The length of the head at b[0..blen) (its blank line included) when it
 * is the head a[0..alen) again, but for its Date (which may tick between
 * the two); else 0.
 */
static size_t
same_head(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

	while (i < alen && j < blen) {
		const char *ea = memmem(a + i, alen - i, "\r\n", 2),
			   *eb = memmem(b + j, blen - j, "\r\n", 2);
		size_t la, lb;

		if (ea == NULL || eb == NULL)
			return 0;
		la = (size_t)(ea - a - i);
		lb = (size_t)(eb - b - j);
		if (!(la == lb && memcmp(a + i, b + j, la) == 0) &&
		    !(la > 5 && lb > 5 && strncmp(a + i, "Date:", 5) == 0 &&
			strncmp(b + j, "Date:", 5) == 0))
			return 0;
		i += la + 2;
		j += lb + 2;
	}
	return i == alen ? j : 0;
}

/* One response as read. */
struct msg {
	unsigned int status;
	const char *head; /* the status line and fields, up to the CRLF
			   * that ends the block */
	size_t headlen;
	const char *body;
	size_t bodylen;
	int bodiless_head; /* an answer to HEAD: Content-Length, no body */
	size_t length;	   /* Content-Length */
	int twice;	   /* the head came twice */
	int cut;	   /* cut short by a reset: not checked */
};

/* The value of field name (any case) in m's head, copied into out (cap
 * bytes); NULL when absent. */
static const char *
field(const struct msg *m, const char *name, char *out, size_t cap)
{
	size_t n = strlen(name);
	const char *p = memchr(m->head, '\n', m->headlen),
		   *end = m->head + m->headlen;

	for (p = p != NULL ? p + 1 : end; p < end;) {
		const char *eol = memmem(p, (size_t)(end - p), "\r\n", 2);
		size_t len = (size_t)((eol != NULL ? eol : end) - p);

		if (len > n + 1 && p[n] == ':' &&
		    strncasecmp(p, name, n) == 0) {
			const char *v = p + n + 1 + strspn(p + n + 1, " ");
			size_t vlen = len - (size_t)(v - p);

			snprintf(out, cap, "%.*s", (int)vlen, v);
			return out;
		}
		p = eol != NULL ? eol + 2 : end;
	}
	return NULL;
}

/* 1 when c may be in a field name (RFC 9110's tchar). */
static int
tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') ||
	    (c != '\0' && strchr("!#$%&'*+-.^_`|~", c));
}

/* Checks the status line and fields of a head of len bytes (its CRLFs
 * included, the blank line not); sets *status and *length (SIZE_MAX
 * when there is no Content-Length). */
static void
check_head(const char *head, size_t len, unsigned int *status, size_t *length)
{
	const char *p = head, *end = head + len, *eol, *reason;
	int nlength = 0;

	if (len < 13 || strncmp(head, "HTTP/1.1 ", 9) != 0 || head[9] < '1' ||
	    head[9] > '5' || head[10] < '0' || head[10] > '9' ||
	    head[11] < '0' || head[11] > '9' || head[12] != ' ')
		fuzz_fail("a malformed status line: %.*s", SHOW(len), head);
	*status = (unsigned int)((head[9] - '0') * 100 + (head[10] - '0') * 10 +
	    (head[11] - '0'));
	eol = memmem(p, len, "\r\n", 2);
	reason = MHD_get_reason_phrase_for(*status);
	if (eol == NULL || (size_t)(eol - head - 13) != strlen(reason) ||
	    strncmp(head + 13, reason, strlen(reason)) != 0)
		fuzz_fail("a status line with a reason that is not %u's: "
			  "%.*s",
		    *status, SHOW(len), head);
	*length = SIZE_MAX;
	for (p = eol + 2; p < end; p = eol + 2) {
		const char *c = p;

		eol = memmem(p, (size_t)(end - p), "\r\n", 2);
		if (eol == NULL)
			fuzz_fail("a field line without CRLF");
		while (c < eol && tchar((unsigned char)*c))
			c++;
		if (c == p || c == eol || *c != ':')
			fuzz_fail("a field name that is not a token: %.*s",
			    (int)(eol - p), p);
		for (const char *v = c + 1; v < eol; v++)
			if (((unsigned char)*v < 0x20 && *v != '\t') ||
			    *v == 0x7f)
				fuzz_fail("a control character in a field: "
					  "%.*s",
				    (int)(eol - p), p);
		if ((size_t)(c - p) == 14 &&
		    strncasecmp(p, "Content-Length", 14) == 0) {
			const char *v = c + 1 + strspn(c + 1, " ");
			size_t n = 0;

			if (v == eol || nlength++ > 0)
				fuzz_fail("none or two Content-Length values");
			for (; v < eol; v++) {
				if (*v < '0' || *v > '9' || n > SIZE_MAX / 20)
					fuzz_fail("a Content-Length that is "
						  "not a size: %.*s",
					    (int)(eol - p), p);
				n = n * 10 + (size_t)(*v - '0');
			}
			*length = n;
		}
	}
}

/* 1 when the input holds a request of method (at a line's start). */
static int
input_has_method(const uint8_t *data, size_t size, const char *method)
{
	size_t n = strlen(method);

	for (size_t i = 0; i + n < size; i++)
		if ((i == 0 || data[i - 1] == '\n') &&
		    memcmp(data + i, method, n) == 0 && data[i + n] == ' ')
			return 1;
	return 0;
}

/* 1 when the input names field (any case) at a line's start. */
static int
input_has_field(const uint8_t *data, size_t size, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 1; i + n < size; i++)
		if (data[i - 1] == '\n' &&
		    strncasecmp((const char *)data + i, name, n) == 0)
			return 1;
	return 0;
}

/* 1 when a line of the input starts with a method longer than 32 bytes
 * (a run without space or LF, then a space: libmicrohttpd ends a line at
 * LF alone, a bare CR is part of it): the server's 501. */
static int
input_long_method(const uint8_t *data, size_t size)
{
	for (size_t i = 0; i < size; i++) {
		size_t n = 0;

		if (i > 0 && data[i - 1] != '\n')
			continue;
		while (
		    i + n < size && data[i + n] != ' ' && data[i + n] != '\n')
			n++;
		if (n > 32 && i + n < size && data[i + n] == ' ')
			return 1;
	}
	return 0;
}

/* The entry of mhd_decides that answer m is, or NULL. */
static const struct mhd_decision *
mhd_answer(const struct msg *m)
{
	char v[256];

	if (m->status == 100) {
		for (size_t i = 0; i < NMHD; i++)
			if (mhd_decides[i].status == 100 &&
			    m->headlen + 2 == strlen(mhd_decides[i].body) &&
			    memcmp(m->head, mhd_decides[i].body,
				m->headlen + 2) == 0)
				return &mhd_decides[i];
		return NULL;
	}
	if (field(m, "X-Request-Id", v, sizeof(v)) != NULL ||
	    field(m, "Content-Type", v, sizeof(v)) != NULL)
		return NULL;
	for (size_t i = 0; i < NMHD; i++) {
		const struct mhd_decision *a = &mhd_decides[i];

		if (a->status != m->status || a->body == NULL ||
		    strlen(a->body) != m->length)
			continue;
		if (m->bodiless_head ||
		    memcmp(m->body, a->body, m->length) == 0)
			return a;
	}
	return NULL;
}

/* The entry of mhd_decides that allows no answer to in, or NULL. */
static const struct mhd_decision *
mhd_silence(const uint8_t *in, size_t len)
{
	for (size_t i = 0; i < NMHD; i++)
		if (mhd_decides[i].status == 0 &&
		    mhd_decides[i].applies(in, len))
			return &mhd_decides[i];
	return NULL;
}

/*
 * Reads one response at out[0..len): its head (and a second copy of it),
 * then its body. Returns the bytes it takes. After a reset (see
 * exchange()), a head or body that the end of out cuts is marked cut.
 */
static size_t
read_msg(const uint8_t *in, size_t inlen, const char *out, size_t len,
    int reset, struct msg *m)
{
	const char *end = memmem(out, len, "\r\n\r\n", 4), *rest;
	size_t off, left, again;

	memset(m, 0, sizeof(*m));
	if (end == NULL && reset) {
		m->cut = 1;
		return len;
	}
	if (end == NULL)
		fuzz_fail("a response head cut short: %.*s", SHOW(len), out);
	m->head = out;
	m->headlen = (size_t)(end - out) + 2;
	check_head(m->head, m->headlen, &m->status, &m->length);
	off = m->headlen + 2;
	if (m->status == 100) {
		if (mhd_answer(m) == NULL)
			fuzz_fail("a 100 that is not libmicrohttpd's: %.*s",
			    SHOW(len), out);
		return off;
	}
	if ((again = same_head(out, off, out + off, len - off)) > 0) {
		m->twice = 1;
		off += again;
	}
	if (m->length == SIZE_MAX) {
		if (m->status != 204 && m->status != 304)
			fuzz_fail("a %u without Content-Length", m->status);
		m->length = 0;
	}
	rest = out + off;
	left = len - off;
	if (m->status == 204 || m->status == 304 || m->length == 0)
		return off;
	if (reset && left < m->length &&
	    !(left >= 7 && memcmp(rest, "HTTP/1.", 7) == 0)) {
		m->cut = 1; /* a body cut, or an answer to HEAD at the end */
		return len;
	}
	if (left < m->length ||
	    (left >= 7 && memcmp(rest, "HTTP/1.", 7) == 0)) {
		/* no body follows: an answer to HEAD */
		if (!input_has_method(in, inlen, "HEAD"))
			fuzz_fail("a %u with Content-Length %zu and %zu bytes "
				  "of body, and no HEAD asked",
			    m->status, m->length, left);
		m->bodiless_head = 1;
		return off;
	}
	m->body = rest;
	m->bodylen = m->length;
	return off + m->length;
}

/* 1 when m says the connection closes after it. */
static int
closes(const struct msg *m)
{
	char v[256];

	return field(m, "Connection", v, sizeof(v)) != NULL &&
	    strcasecmp(v, "close") == 0;
}

/* The checks of one of the server's own responses (its body inflated
 * when gzipped). */
static void
check_server_msg(const uint8_t *in, size_t inlen, const struct msg *m)
{
	char type[256], id[256], coding[64];
	const char *why, *body = m->body;
	size_t bodylen = m->bodylen;
	char *inflated = NULL;

	if (m->twice)
		fuzz_fail(
		    "the server's %u came with its head twice", m->status);
	if (field(m, "X-Request-Id", id, sizeof(id)) == NULL || *id == '\0')
		fuzz_fail("a %u without X-Request-Id: %.*s", m->status,
		    SHOW(m->headlen), m->head);
	if (m->status >= 500 &&
	    !(m->status == 501 &&
		(input_has_field(in, inlen, "Transfer-Encoding") ||
		    input_long_method(in, inlen))))
		fuzz_fail(
		    "status %u: %.*s", m->status, SHOW(m->headlen), m->head);
	if (field(m, "Content-Type", type, sizeof(type)) == NULL) {
		if (m->body != NULL && m->bodylen > 0)
			fuzz_fail(
			    "a %u with a body and no Content-Type", m->status);
		*type = '\0';
	}
	if (field(m, "Content-Encoding", coding, sizeof(coding)) != NULL &&
	    body != NULL) {
		if (strcmp(coding, "gzip") != 0)
			fuzz_fail(
			    "a %u of Content-Encoding '%s'", m->status, coding);
		if ((inflated = gunzip(body, bodylen, &bodylen)) == NULL)
			fuzz_fail(
			    "a %u whose gzip body does not inflate", m->status);
		body = inflated;
	}
	if ((m->status >= 400 && m->status < 500) || m->status == 501) {
		if (strcmp(type, TYPE_PROBLEM) != 0)
			fuzz_fail("a %u of type '%s': %.*s", m->status, type,
			    SHOW(m->headlen), m->head);
		if (body != NULL &&
		    (why = problem_why_not(m->status, body, bodylen)) != NULL)
			fuzz_fail("a %u: %s: %.*s", m->status, why,
			    SHOW(bodylen), body);
	}
	if (body != NULL &&
	    (strcmp(type, TYPE_JSON) == 0 ||
		strcmp(type, TYPE_PROJECTION) == 0) &&
	    !json_parses(body, bodylen))
		fuzz_fail("a %u whose JSON body does not parse: %.*s",
		    m->status, SHOW(bodylen), body);
	free(inflated);
}

/*
 * The length of the whole request head the input starts with (its empty
 * line included), or 0: after any empty lines, a request line with a
 * method and a space, then lines up to an empty one, which is what
 * libmicrohttpd answers or passes on. Lines end in LF or CRLF; as
 * libmicrohttpd reads them, a line that starts with a NUL is empty.
 */
static size_t
head_length(const uint8_t *in, size_t len)
{
	const uint8_t *p = in, *end = in + len, *eol;

	for (;; p = eol + 1) {
		if (p == end ||
		    (eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return 0;
		if (!(eol == p || (eol == p + 1 && *p == '\r') || *p == '\0'))
			break;
	}
	if (*p == ' ' || memchr(p, ' ', (size_t)(eol - p)) == NULL)
		return 0;
	for (p = eol + 1; p < end; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return 0;
		if (eol == p || (eol == p + 1 && *p == '\r') || *p == '\0')
			return (size_t)(eol + 1 - in);
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf b = { 0 };
	size_t off = 0;
	int reset = exchange(data, size, &b);

	if (b.len == 0 && mhd_silence(data, size) == NULL)
		fuzz_fail("no answer to a whole request head of %zu bytes",
		    head_length(data, size));
	while (off < b.len) {
		const struct mhd_decision *a;
		struct msg m;

		off +=
		    read_msg(data, size, b.data + off, b.len - off, reset, &m);
		if (m.cut)
			break;
		if (m.status == 100)
			continue;
		if ((a = mhd_answer(&m)) != NULL) {
			if (a->twice != m.twice)
				fuzz_fail("libmicrohttpd's %u (%s) with its "
					  "head %s",
				    a->status, a->when,
				    m.twice ? "twice" : "once");
			if (off != b.len)
				fuzz_fail("%zu bytes after libmicrohttpd's %u "
					  "(%s)",
				    b.len - off, a->status, a->when);
			continue;
		}
		check_server_msg(data, size, &m);
		if (closes(&m) && off != b.len)
			fuzz_fail("%zu bytes after a %u with Connection: close",
			    b.len - off, m.status);
	}
	free(buf_finish(&b));
	return 0;
}
