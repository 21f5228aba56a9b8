/*
 * The hostile client of issue 12: every way a client was found to hang,
 * leak or exhaust aid-api, and variants of them, replayed against a
 * running build/aid-api. Each case must get the right answer or a closed
 * connection within a second (the slow ones within the header deadline
 * and a second); then nothing may be left in flight, and 100,000 hostile
 * requests must leave the server's memory within 10 % of where it was.
 * A second mode is the well-behaved client that the slow-client runs of
 * scripts/check-hostile.sh measure.
 *
 *   hostile cases HOST:PORT PID [--limited HOST:PORT] [--header-timeout S]
 *       [--per-address N] [--requests N] [--soak-seconds S]
 *   hostile client HOST:PORT [--interface ADDR] [--seconds S]
 *       [--interval-ms MS] [--min-requests N] [--target-ms MS]
 *       [--allow-refused]
 *
 * PID is the server's, for its VmRSS. --limited names a second server
 * started with --max-connections 1. Exits 0 when every check holds, 1
 * when one fails, 2 on bad arguments. Every check here is timed, so it is
 * not part of `make test`.
 */
#define _GNU_SOURCE /* memmem, strcasestr */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#define PROMPT_MS   1000 /* an answer or a close, at most this late */
#define MAX_ANSWERS 8
#define MB	    (1024 * 1024)

/* ------------------------------------------------------------------ */
/* Time, bytes, addresses                                              */

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

static void
sleep_ms(double ms)
{
	struct timespec t;

	if (ms <= 0)
		return;
	t.tv_sec = (time_t)(ms / 1000);
	t.tv_nsec = (long)((ms - (double)t.tv_sec * 1000) * 1e6);
	nanosleep(&t, NULL);
}

/* A growing byte string; out of memory ends the program. */
struct bytes {
	char *p;
	size_t len, cap;
};

static void
put(struct bytes *b, const void *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (b->len + n + 1 > cap)
			cap *= 2;
		if ((p = realloc(b->p, cap)) == NULL) {
			fputs("hostile: out of memory\n", stderr);
			exit(1);
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
put_str(struct bytes *b, const char *s)
{
	put(b, s, strlen(s));
}

/* unit count times, each "%d" in it replaced by the repetition's index. */
static void
put_repeat(struct bytes *b, const char *unit, int count)
{
	for (int i = 0; i < count; i++) {
		for (const char *p = unit; *p != '\0'; p++) {
			char num[16];

			if (p[0] == '%' && p[1] == 'd') {
				snprintf(num, sizeof(num), "%d", i);
				put_str(b, num);
				p++;
			} else {
				put(b, p, 1);
			}
		}
	}
}

static void
bytes_free(struct bytes *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

struct addr {
	struct sockaddr_in sin;
	char text[64];
};

/* "127.0.0.1:8080" into a; -1 when it is not one. */
static int
parse_addr(const char *s, struct addr *a)
{
	const char *colon = strrchr(s, ':');
	char host[48];
	long port;
	char *end;

	memset(a, 0, sizeof(*a));
	if (colon == NULL || (size_t)(colon - s) >= sizeof(host))
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || port < 1 || port > 65535)
		return -1;
	a->sin.sin_family = AF_INET;
	a->sin.sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, host, &a->sin.sin_addr) != 1)
		return -1;
	snprintf(a->text, sizeof(a->text), "%s", s);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Raw connections                                                     */

/*
 * A non-blocking TCP connection to a, from the address from (NULL: the
 * system's choice). Returns the socket, or -1 when it cannot connect
 * within PROMPT_MS (a server that leaves clients in its listen queue).
 */
static int
dial(const struct addr *a, const char *from)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1, err = 0;
	socklen_t elen = sizeof(err);
	struct pollfd pfd;

	if (fd < 0)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (from != NULL) {
		struct sockaddr_in src = { .sin_family = AF_INET };

#ifdef IP_BIND_ADDRESS_NO_PORT
		setsockopt(
		    fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
#endif
		if (inet_pton(AF_INET, from, &src.sin_addr) != 1 ||
		    bind(fd, (struct sockaddr *)&src, sizeof(src)) != 0) {
			close(fd);
			return -1;
		}
	}
	if (connect(fd, (const struct sockaddr *)&a->sin, sizeof(a->sin)) == 0)
		return fd;
	if (errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	pfd = (struct pollfd){ .fd = fd, .events = POLLOUT };
	if (poll(&pfd, 1, PROMPT_MS) != 1 ||
	    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0 ||
	    err != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Closes fd with a reset (RST) rather than a FIN. */
static void
close_reset(int fd)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(fd);
}

/*
 * Sends len bytes of p before deadline (now_ms). Returns how many went:
 * fewer when the server closed or reset the connection, or the deadline
 * passed.
 */
static size_t
send_until(int fd, const char *p, size_t len, double deadline)
{
	size_t sent = 0;

	while (sent < len) {
		ssize_t n = send(fd, p + sent, len - sent, MSG_NOSIGNAL);
		struct pollfd pfd = { .fd = fd, .events = POLLOUT };
		double left;

		if (n > 0) {
			sent += (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR)
			break;
		if ((left = deadline - now_ms()) <= 0 ||
		    poll(&pfd, 1, (int)left + 1) < 0)
			break;
	}
	return sent;
}

/* What a connection brought back: the answers read whole, and whether
 * and when the server closed it. */
struct reading {
	struct bytes raw;
	size_t parsed;
	int head; /* the requests were HEAD: answers have no body */
	int n;	  /* answers read whole */
	int status[MAX_ANSWERS];
	int problem[MAX_ANSWERS];   /* of type application/problem+json */
	int closed, reset;	    /* EOF or a reset seen */
	double first_at, closed_at; /* now_ms of the first answer, the close */
};

/* The value of header name in the head h (len bytes), or NULL. */
static const char *
head_value(const char *h, size_t len, const char *name, size_t *vlen)
{
	size_t nlen = strlen(name);

	for (const char *line = memchr(h, '\n', len); line != NULL;) {
		const char *end = h + len;
		const char *eol;

		line++;
		if ((eol = memchr(line, '\n', (size_t)(end - line))) == NULL)
			return NULL;
		if ((size_t)(eol - line) > nlen + 1 &&
		    strncasecmp(line, name, nlen) == 0 && line[nlen] == ':') {
			const char *v = line + nlen + 1;

			while (*v == ' ' || *v == '\t')
				v++;
			*vlen = (size_t)(eol - v);
			if (*vlen > 0 && v[*vlen - 1] == '\r')
				(*vlen)--;
			return v;
		}
		line = eol;
	}
	return NULL;
}

/* Takes every answer read whole from r->raw past r->parsed. */
static void
parse_answers(struct reading *r)
{
	for (;;) {
		const char *p = r->raw.p + r->parsed;
		size_t avail = r->raw.len - r->parsed, hlen, vlen, body = 0;
		const char *end, *v;
		int status;

		if (avail == 0 ||
		    (end = memmem(p, avail, "\r\n\r\n", 4)) == NULL)
			return;
		hlen = (size_t)(end - p) + 4;
		if (avail < 12 || strncmp(p, "HTTP/1.", 7) != 0 ||
		    (status = atoi(p + 9)) < 100 || status > 599) {
			status = -1; /* not an answer: count it as one */
			hlen = avail;
		} else if (!r->head && status >= 200 && status != 204 &&
		    status != 304) {
			if ((v = head_value(
				 p, hlen, "Content-Length", &vlen)) != NULL)
				body = (size_t)strtoull(v, NULL, 10);
			else if (!r->closed)
				return; /* a body to the close */
			else
				body = avail - hlen;
		}
		if (avail < hlen + body)
			return;
		if (r->n < MAX_ANSWERS) {
			r->status[r->n] = status;
			v = status > 0
			    ? head_value(p, hlen, "Content-Type", &vlen)
			    : NULL;
			r->problem[r->n] = v != NULL &&
			    strncmp(v, "application/problem+json", 24) == 0;
		}
		if (r->n++ == 0)
			r->first_at = now_ms();
		r->parsed += hlen + body;
	}
}

/*
 * Reads from fd into r until the server closes the connection, the
 * deadline (now_ms) passes, or (stop_after > 0) that many answers are
 * whole.
 */
static void
read_answers(int fd, struct reading *r, double deadline, int stop_after)
{
	char buf[65536];

	while (!r->closed && (stop_after <= 0 || r->n < stop_after)) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		double left = deadline - now_ms();
		ssize_t n;

		if (left <= 0)
			break;
		if (poll(&pfd, 1, (int)left + 1) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n > 0) {
			put(&r->raw, buf, (size_t)n);
		} else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
			r->closed = 1;
			r->reset = n < 0;
			r->closed_at = now_ms();
		}
		parse_answers(r);
	}
}

/* Reads into r what fd has now, without waiting. */
static void
drain_answers(int fd, struct reading *r)
{
	char buf[65536];
	ssize_t n;

	while (!r->closed) {
		if ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
			put(&r->raw, buf, (size_t)n);
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n < 0 && errno == EINTR)
			continue;
		r->closed = 1;
		r->reset = n < 0;
		r->closed_at = now_ms();
	}
	parse_answers(r);
}

/* 1 when the server has closed fd (or reset it); reads nothing that is
 * not already there. */
static int
is_closed(int fd)
{
	char c;
	ssize_t n = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);

	return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

/* Waits up to ms for the server to close fd; 1 when it did. */
static int
closed_within(int fd, double ms)
{
	double until = now_ms() + ms;

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		double left = until - now_ms();

		if (is_closed(fd))
			return 1;
		if (left <= 0)
			return 0;
		if (poll(&pfd, 1, (int)left + 1) > 0) {
			char buf[4096];

			/* an answer before the close: read past it */
			if (!is_closed(fd) &&
			    recv(fd, buf, sizeof(buf), MSG_DONTWAIT) <= 0)
				return 1;
		}
	}
}

/* "[200, 400]" of r's answers, "no answer" when none. */
static void
describe(const struct reading *r, char *out, size_t cap)
{
	size_t at = 0;

	if (r->n == 0) {
		snprintf(out, cap, "no answer");
		return;
	}
	for (int i = 0; i < r->n && i < MAX_ANSWERS && at + 8 < cap; i++)
		at += (size_t)snprintf(out + at, cap - at, "%s%d",
		    i == 0 ? "" : ", ", r->status[i]);
}

/*
 * One request on a new connection, "Connection: close": the answer's
 * status and body (malloc'd, or NULL). Returns the status, or 0 when
 * there was none within timeout_ms.
 */
static int
fetch(const struct addr *a, const char *from, const char *target, char **body,
    int timeout_ms)
{
	struct bytes req = { 0 };
	struct reading r = { 0 };
	int fd = dial(a, from), status = 0;

	if (body != NULL)
		*body = NULL;
	if (fd < 0)
		return 0;
	put_str(&req, "GET ");
	put_str(&req, target);
	put_str(&req, " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
	send_until(fd, req.p, req.len, now_ms() + timeout_ms);
	read_answers(fd, &r, now_ms() + timeout_ms, 0);
	close(fd);
	if (r.n > 0) {
		const char *h = memmem(r.raw.p, r.raw.len, "\r\n\r\n", 4);

		status = r.status[0];
		if (body != NULL && h != NULL)
			*body = strdup(h + 4);
	}
	bytes_free(&req);
	bytes_free(&r.raw);
	return status;
}

/* The value of metric name on a's /metrics, or -1 when unreadable. The
 * scrape is itself a connection and a request in flight. */
static long long
metric(const struct addr *a, const char *name)
{
	char *body = NULL, *at;
	long long v = -1;
	size_t nlen = strlen(name);

	if (fetch(a, NULL, "/metrics", &body, 2000) == 200 && body != NULL)
		for (at = body; (at = strstr(at, name)) != NULL; at += nlen)
			if ((at == body || at[-1] == '\n') && at[nlen] == ' ') {
				v = strtoll(at + nlen + 1, NULL, 10);
				break;
			}
	free(body);
	return v;
}

/* 1 when a's server runs libmicrohttpd 1.0 or later, 0 for 0.9 (the
 * aid_build_info of its /metrics); -1 when it cannot tell. */
static int
runs_mhd10(const struct addr *a)
{
	char *body = NULL, *at;
	int v = -1;

	if (fetch(a, NULL, "/metrics", &body, 2000) == 200 && body != NULL &&
	    (at = strstr(body, "libmicrohttpd=\"")) != NULL)
		v = atoi(at + strlen("libmicrohttpd=\"")) >= 1;
	free(body);
	return v;
}

/* Waits up to ms for a's open connections to come down to want (the
 * scrape's own not counted); returns the last count. */
static long long
connections_down_to(const struct addr *a, long long want, double ms)
{
	double until = now_ms() + ms;
	long long n;

	while ((n = metric(a, "aid_http_connections_open") - 1) > want &&
	    now_ms() < until)
		sleep_ms(20);
	return n;
}

/* The server's resident memory in kB, or -1. */
static long
rss_kb(pid_t pid)
{
	char path[64], line[256];
	FILE *f;
	long kb = -1;

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "VmRSS:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	fclose(f);
	return kb;
}

/* ------------------------------------------------------------------ */
/* Cases                                                               */

struct ctx {
	struct addr api;     /* the server under test */
	struct addr limited; /* one with --max-connections 1, if any */
	int have_limited;
	pid_t pid;
	long header_ms;	 /* the servers' --header-timeout */
	int per_address; /* their --connections-per-address */
	long requests;	 /* for the soak */
	double soak_s;	 /* its bound */
	int mhd10; /* the server runs libmicrohttpd 1.0 or later (/metrics) */
};

struct result {
	int ok;
	char detail[512];
};

__attribute__((format(printf, 3, 4))) static void
verdict(struct result *res, int ok, const char *fmt, ...)
{
	va_list ap;

	res->ok = ok;
	va_start(ap, fmt);
	vsnprintf(res->detail, sizeof(res->detail), fmt, ap);
	va_end(ap);
}

enum after { SEND, FIN }; /* after sending: nothing, or half-close */
enum ending {
	KEEP,
	CLOSED
}; /* after the answers: may stay open, or the
      server must close */

/*
 * A case that is bytes sent at once: head, then unit count times ("%d"
 * in it is the repetition's index), then tail. want lists the statuses
 * of the answers in order (none: no answer); any other answer (such as a
 * 100 Continue) fails it.
 */
struct plain {
	const char *name;
	const char *head; /* its length next: it may hold a NUL */
	size_t head_len;
	const char *unit;
	int count;
	const char *tail;
	enum after after;
	int want[4];
	enum ending ending;
	int problem;   /* the first answer is a problem document */
	int head_req;  /* a HEAD request: its answer has no body */
	int mhd_twice; /* libmicrohttpd's own refusal, whose head 0.9.75
			  sends twice (the first counts) */
	/* what libmicrohttpd 1.0 answers itself, where it refuses the request
	 * before the server (tests/malformed/corpus.txt, direct-1.0): its
	 * page of this status, or no answer (-1), then it closes; 0 where it
	 * leaves the request to the server */
	int lib10;
};

#define H11    " HTTP/1.1\r\nHost: h\r\n\r\n"
#define LIT(s) s, sizeof(s) - 1
#define GH     "GET /healthz HTTP/1.1\r\nHost: h\r\n"

static const struct plain plains[] = {
	/* the repros of issue 12 */
	{ "1,200 '&' on /healthz", LIT("GET /healthz?"), "&", 1200, H11, SEND,
	    { 200 }, KEEP, 0, 0, 0, 0 },
	{ "8,000 '&' on /healthz", LIT("GET /healthz?"), "&", 8000, H11, SEND,
	    { 200 }, KEEP, 0, 0, 0, 0 },
	{ "100 parameters", LIT("GET /api/v1/events?a0=1"), "&a%d=1", 99, H11,
	    SEND, { 400 }, KEEP, 1, 0, 0, 0 },
	{ "Transfer-Encoding: gzip", LIT(GH), "", 0,
	    "Transfer-Encoding: gzip\r\n\r\n", SEND, { 400 }, CLOSED, 1, 0, 0,
	    400 },
	{ "Transfer-Encoding: xchunked", LIT(GH), "", 0,
	    "Transfer-Encoding: xchunked\r\n\r\n", SEND, { 400 }, CLOSED, 1, 0,
	    0, 400 },
	{ "Content-Length: 18446744073709551615", LIT(GH), "", 0,
	    "Content-Length: 18446744073709551615\r\n\r\n", SEND, { 413 },
	    CLOSED, 1, 0, 0, 413 },
	{ "chunk size FFFFFFFFFFFFFFFF", LIT(GH), "", 0,
	    "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\n", SEND,
	    { 413 }, CLOSED, 1, 0, 0, 0 },
	{ "POST, Content-Length 1e15, Expect: 100-continue",
	    LIT("POST /api/v1/events HTTP/1.1\r\nHost: h\r\n"), "", 0,
	    "Content-Length: 1000000000000000\r\n"
	    "Expect: 100-continue\r\n\r\n",
	    SEND, { 405 }, CLOSED, 1, 0, 0, 0 },

	/* other routes, other counts */
	{ "1,200 '&' on /api/v1/events", LIT("GET /api/v1/events?"), "&", 1200,
	    H11, SEND, { 200 }, KEEP, 0, 0, 0, 0 },
	{ "8,000 '&' on /openapi.json", LIT("GET /openapi.json?"), "&", 8000,
	    H11, SEND, { 200 }, KEEP, 0, 0, 0, 0 },
	{ "a target of exactly 8 KiB (8,183 '&')", LIT("GET /healthz?"), "&",
	    8183, H11, SEND, { 200 }, KEEP, 0, 0, 0, 0 },
	{ "a target of 8 KiB + 1 (8,184 '&')", LIT("GET /healthz?"), "&", 8184,
	    H11, SEND, { 414 }, KEEP, 1, 0, 0, 0 },
	{ "64 unknown parameters", LIT("GET /healthz?a0=1"), "&a%d=1", 63, H11,
	    SEND, { 400 }, KEEP, 1, 0, 0, 0 },
	{ "65 parameters", LIT("GET /api/v1/entities?a0=1"), "&a%d=1", 64, H11,
	    SEND, { 400 }, KEEP, 1, 0, 0, 0 },
	{ "2,000 repeated pairs", LIT("GET /api/v1/funding?"), "a=1&", 2000,
	    H11, SEND, { 400 }, KEEP, 1, 0, 0, 0 },
	{ "a percent-encoded key (%6cimit)",
	    LIT("GET /api/v1/events?%6cimit=3"), "", 0, H11, SEND, { 200 },
	    KEEP, 0, 0, 0, 0 },
	{ "an absolute-form target", LIT("GET http://h1/openapi.json?pretty=1"),
	    "", 0, H11, SEND, { 200 }, KEEP, 0, 0, 0, 0 },
	{ "bad percent-encoding", LIT("GET /api/v1/events?q=%zz"), "", 0, H11,
	    SEND, { 400 }, KEEP, 1, 0, 0, 0 },
	{ "Transfer-Encoding: chunked, gzip", LIT(GH), "", 0,
	    "Transfer-Encoding: chunked, gzip\r\n\r\n", SEND, { 400 }, CLOSED,
	    1, 0, 0, 400 },
	{ "Transfer-Encoding: identity", LIT(GH), "", 0,
	    "Transfer-Encoding: identity\r\n\r\n", SEND, { 400 }, CLOSED, 1, 0,
	    0, 400 },
	{ "Transfer-Encoding: gzip, chunked", LIT(GH), "", 0,
	    "Transfer-Encoding: gzip, chunked\r\n\r\n", SEND, { 501 }, CLOSED,
	    1, 0, 0, 400 },
	{ "Transfer-Encoding and Content-Length", LIT(GH), "", 0,
	    "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", SEND,
	    { 400 }, CLOSED, 1, 0, 0, 400 },
	{ "two Content-Lengths", LIT(GH), "", 0,
	    "Content-Length: 0\r\nContent-Length: 5\r\n\r\n", SEND, { 400 },
	    CLOSED, 1, 0, 0, 0 },
	{ "Content-Length: -1", LIT(GH), "", 0, "Content-Length: -1\r\n\r\n",
	    SEND, { 400 }, CLOSED, 0, 0, 1, 0 },
	{ "Content-Length: 99999999999999999999", LIT(GH), "", 0,
	    "Content-Length: 99999999999999999999\r\n\r\n", SEND, { 413 },
	    CLOSED, 0, 0, 1, 0 },
	{ "a chunk size of 17 digits", LIT(GH), "", 0,
	    "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF\r\n", SEND,
	    { 413 }, CLOSED, 1, 0, 0, 0 },
	{ "POST, chunk size FFFFFFFFFFFFFFFF",
	    LIT("POST /api/v1/events HTTP/1.1\r\nHost: h\r\n"), "", 0,
	    "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\n", SEND,
	    { 405 }, CLOSED, 1, 0, 0, 0 },
	{ "GET with a body and Expect: 100-continue", LIT(GH), "", 0,
	    "Content-Length: 10\r\nExpect: 100-continue\r\n\r\n", SEND, { 413 },
	    CLOSED, 1, 0, 0, 0 },
	{ "PUT with a body", LIT("PUT /api/v1/events HTTP/1.1\r\nHost: h\r\n"),
	    "", 0, "Content-Length: 5\r\n\r\nabcde", SEND, { 405 }, CLOSED, 1,
	    0, 0, 0 },
	{ "OPTIONS with a body",
	    LIT("OPTIONS /api/v1/events HTTP/1.1\r\nHost: h\r\n"), "", 0,
	    "Content-Length: 3\r\n\r\nabc", SEND, { 413 }, CLOSED, 1, 0, 0, 0 },
	{ "HEAD with a body", LIT("HEAD /healthz HTTP/1.1\r\nHost: h\r\n"), "",
	    0, "Content-Length: 3\r\n\r\nabc", SEND, { 413 }, CLOSED, 1, 1, 0,
	    0 },
	{ "DELETE", LIT("DELETE /api/v1/events"), "", 0, H11, SEND, { 405 },
	    KEEP, 1, 0, 0, 0 },
	{ "a NUL in the target", LIT("GET /api/v1\0/events"), "", 0, H11, SEND,
	    { 400 }, CLOSED, 1, 0, 0, -1 },
	{ "101 header fields", LIT(GH), "X-%d: b\r\n", 100, "\r\n", SEND,
	    { 431 }, CLOSED, 1, 0, 0, 0 },
	{ "a 9,000-byte header field", LIT(GH "X-Big: "), "b", 9000, "\r\n\r\n",
	    SEND, { 431 }, KEEP, 1, 0, 0, 0 },
	{ "HTTP/1.1 without Host", LIT("GET /healthz HTTP/1.1\r\n\r\n"), "", 0,
	    "", SEND, { 400 }, KEEP, 1, 0, 0, 400 },
	{ "HTTP/1.0", LIT("GET /healthz HTTP/1.0\r\n\r\n"), "", 0, "", SEND,
	    { 200 }, CLOSED, 0, 0, 0, 0 },

	/* pipelined requests */
	{ "a request pipelined after a refused one", LIT(GH),
	    "Transfer-Encoding: gzip\r\n\r\n", 1, "GET /healthz" H11, SEND,
	    { 400 }, CLOSED, 1, 0, 0, 400 },
	{ "a request in a refused body", LIT(GH), "Content-Length: 40\r\n\r\n",
	    1, "GET /api/v1" H11, SEND, { 413 }, CLOSED, 1, 0, 0, 0 },
	{ "three pipelined requests", LIT("GET /healthz" H11 "GET /api/v1" H11),
	    "", 0, "GET /readyz" H11, SEND, { 200, 200, 200 }, KEEP, 0, 0, 0,
	    0 },
	{ "good, refused, good, pipelined", LIT("GET /healthz" H11), GH, 1,
	    "Transfer-Encoding: identity\r\n\r\nGET /healthz" H11, SEND,
	    { 200, 400 }, CLOSED, 0, 0, 0, 0 },
	{ "a 400 then a 200, pipelined", LIT("GET /healthz?a=1" H11), "", 0,
	    "GET /healthz" H11, SEND, { 400, 200 }, KEEP, 1, 0, 0, 0 },

	/* the client closes its side (FIN) */
	{ "FIN with nothing sent", LIT(""), "", 0, "", FIN, { 0 }, CLOSED, 0, 0,
	    0, 0 },
	{ "FIN in the request line", LIT("GET /api/v1/ev"), "", 0, "", FIN,
	    { 0 }, CLOSED, 0, 0, 0, 0 },
	{ "FIN in the header block", LIT(GH), "", 0, "X-A: b\r\n", FIN, { 0 },
	    CLOSED, 0, 0, 0, 0 },
	{ "FIN in a NUL-holding line", LIT("GET /a\0b"), "", 0, "", FIN, { 0 },
	    CLOSED, 0, 0, 0, 0 },
	{ "FIN after a TLS ClientHello",
	    LIT("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03"), "\x07", 40, "",
	    FIN, { 0 }, CLOSED, 0, 0, 0, 0 },
	{ "FIN in a refused body",
	    LIT("POST /api/v1/events HTTP/1.1\r\nHost: h\r\n"), "", 0,
	    "Content-Length: 100\r\n\r\n0123456789", FIN, { 405 }, CLOSED, 1, 0,
	    0, 0 },
	{ "FIN right after a whole request", LIT("GET /healthz" H11), "", 0, "",
	    FIN, { 200 }, CLOSED, 0, 0, 0, 0 },
};
#define NPLAINS (sizeof(plains) / sizeof(plains[0]))

static void
plain_bytes(const struct plain *p, struct bytes *b)
{
	put(b, p->head, p->head_len);
	put_repeat(b, p->unit, p->count);
	put_str(b, p->tail);
}

static int
nwant(const int *want)
{
	int n = 0;

	while (n < 4 && want[n] != 0)
		n++;
	return n;
}

/* What p must get from c's server: on libmicrohttpd 1.0, the library's
 * own refusal where it decides first. */
static struct plain
expected(const struct ctx *c, const struct plain *p)
{
	struct plain q = *p;

	if (c->mhd10 && p->lib10 != 0) {
		memset(q.want, 0, sizeof(q.want));
		q.want[0] = p->lib10 > 0 ? p->lib10 : 0;
		q.ending = CLOSED;
		q.problem = 0;
		q.mhd_twice = 0;
	}
	return q;
}

static void
run_plain(const struct ctx *c, const struct plain *plain, struct result *res)
{
	struct plain due = expected(c, plain);
	const struct plain *p = &due;
	struct bytes req = { 0 };
	struct reading r = { 0 };
	int fd, n = nwant(p->want), match;
	double sent_at;
	char got[96];

	plain_bytes(p, &req);
	if ((fd = dial(&c->api, NULL)) < 0) {
		verdict(res, 0, "could not connect within %d ms", PROMPT_MS);
		goto out;
	}
	r.head = p->head_req;
	send_until(fd, req.p, req.len, now_ms() + PROMPT_MS);
	if (p->after == FIN)
		shutdown(fd, SHUT_WR);
	sent_at = now_ms();
	read_answers(fd, &r, sent_at + PROMPT_MS, p->ending == KEEP ? n : 0);
	if (p->ending == KEEP) /* any answer more, soon after */
		read_answers(fd, &r, now_ms() + 50, 0);
	close(fd);
	describe(&r, got, sizeof(got));
	match = p->mhd_twice ? r.n >= 1 && r.status[0] == p->want[0] : r.n == n;
	for (int i = 0; match && i < n && i < MAX_ANSWERS; i++)
		match = r.status[i] == p->want[i];
	if (!match) {
		verdict(res, 0, "got %s%s", got,
		    r.closed ? ", then the connection closed"
			     : " within a second");
	} else if (p->ending == CLOSED && !r.closed) {
		verdict(res, 0, "got %s but the connection stayed open", got);
	} else if (p->problem && !r.problem[0]) {
		verdict(res, 0, "got %s, not a problem document", got);
	} else {
		verdict(res, 1, "%s%s in %.0f ms%s", got,
		    r.closed ? ", closed" : "",
		    (n > 0 ? r.first_at : r.closed_at) - sent_at,
		    p->mhd_twice && r.n > 1
			? " (libmicrohttpd's own page, its head sent twice)"
			: "");
	}
out:
	if (fd >= 0)
		bytes_free(&r.raw);
	bytes_free(&req);
}

/* The repro: a 50 MB body on GET /healthz is refused before it is read:
 * the 413 comes, and the connection closes, long before the body is
 * sent. */
static void
case_big_body(const struct ctx *c, struct result *res)
{
	const size_t body = 50 * (size_t)MB;
	char chunk[65536];
	const char *head = GH "Content-Length: 52428800\r\n\r\n";
	struct reading r = { 0 };
	size_t sent = 0;
	double start, until;
	int fd;

	memset(chunk, 'x', sizeof(chunk));
	if ((fd = dial(&c->api, NULL)) < 0) {
		verdict(res, 0, "could not connect within %d ms", PROMPT_MS);
		return;
	}
	start = now_ms();
	until = start + PROMPT_MS;
	send_until(fd, head, strlen(head), until);
	while (!r.closed && now_ms() < until) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLOUT };
		ssize_t n;

		if (sent >= body)
			pfd.events = POLLIN;
		if (poll(&pfd, 1, 10) <= 0)
			continue;
		if (pfd.revents & POLLIN) {
			read_answers(fd, &r, now_ms() + 1, 0);
			continue;
		}
		n = send(fd, chunk,
		    body - sent < sizeof(chunk) ? body - sent : sizeof(chunk),
		    MSG_NOSIGNAL);
		if (n > 0)
			sent += (size_t)n;
		else if (n < 0 && errno != EAGAIN)
			read_answers(fd, &r, until, 0); /* reset: read what
							   came first */
	}
	close(fd);
	if (r.n != 1 || r.status[0] != 413 || !r.problem[0])
		verdict(res, 0, "got %d answers, the first %d", r.n,
		    r.n > 0 ? r.status[0] : 0);
	else if (!r.closed)
		verdict(res, 0, "413, but the connection stayed open");
	else if (sent >= body)
		verdict(res, 0, "413, but only after the whole 50 MB was sent");
	else
		verdict(res, 1, "413 in %.0f ms, closed after %zu KB of 51,200",
		    r.first_at - start, sent / 1024);
	bytes_free(&r.raw);
}

/* The repro: a kept-alive connection half-closed by its client is
 * closed at once, not at the idle timeout. */
static void
case_half_closed(const struct ctx *c, struct result *res)
{
	struct reading r = { 0 };
	const char *req = "GET /healthz" H11;
	double at;
	int fd = dial(&c->api, NULL);

	if (fd < 0) {
		verdict(res, 0, "could not connect within %d ms", PROMPT_MS);
		return;
	}
	send_until(fd, req, strlen(req), now_ms() + PROMPT_MS);
	read_answers(fd, &r, now_ms() + PROMPT_MS, 1);
	if (r.n != 1 || r.status[0] != 200 || r.closed) {
		verdict(res, 0, "the request before the FIN was not answered");
	} else {
		sleep_ms(100); /* idle, kept alive */
		shutdown(fd, SHUT_WR);
		at = now_ms();
		if (closed_within(fd, PROMPT_MS))
			verdict(res, 1,
			    "200, then closed %.0f ms after the FIN",
			    now_ms() - at);
		else
			verdict(res, 0, "still open %d ms after the FIN",
			    PROMPT_MS);
	}
	close(fd);
	bytes_free(&r.raw);
}

/*
 * Connections the client resets (RST) part way through: the server must
 * let go of each at once, leaving nothing in flight. sent is what goes
 * before the reset.
 */
static void
run_reset(const struct ctx *c, const char *sent, struct result *res)
{
	long long before = metric(&c->api, "aid_http_connections_open") - 1;
	long long flying = metric(&c->api, "aid_http_requests_in_flight") - 1;
	long long after, now_flying;
	double at;
	int fd = dial(&c->api, NULL);

	if (fd < 0 || before < 0) {
		verdict(res, 0, "could not connect or read /metrics");
		if (fd >= 0)
			close(fd);
		return;
	}
	send_until(fd, sent, strlen(sent), now_ms() + PROMPT_MS);
	sleep_ms(50); /* read by the server */
	close_reset(fd);
	at = now_ms();
	after = connections_down_to(&c->api, before, PROMPT_MS);
	now_flying = metric(&c->api, "aid_http_requests_in_flight") - 1;
	if (after > before)
		verdict(res, 0,
		    "%lld connections open a second after the "
		    "reset, %lld before",
		    after, before);
	else if (now_flying > flying)
		verdict(res, 0,
		    "%lld requests in flight after the reset, %lld "
		    "before",
		    now_flying, flying);
	else
		verdict(res, 1, "let go within %.0f ms, nothing in flight",
		    now_ms() - at);
}

static void
case_rst_head(const struct ctx *c, struct result *res)
{
	run_reset(c, GH "X-A: b\r\n", res);
}

static void
case_rst_line(const struct ctx *c, struct result *res)
{
	run_reset(c, "GET /api/v1/eve", res);
}

static void
case_rst_body(const struct ctx *c, struct result *res)
{
	run_reset(c,
	    "POST /api/v1/events HTTP/1.1\r\nHost: h\r\n"
	    "Content-Length: 1000\r\n\r\n0123456789",
	    res);
}

static void
case_rst_request(const struct ctx *c, struct result *res)
{
	run_reset(c, "GET /openapi.json" H11, res);
}

/* A client that answers "refused at once" on fd: closed (or reset)
 * within PROMPT_MS, with no answer or a 503. */
static int
refused_at_once(int fd, char *why, size_t cap)
{
	struct reading r = { 0 };
	double at = now_ms();
	int ok;

	read_answers(fd, &r, at + PROMPT_MS, 0);
	ok = r.closed && (r.n == 0 || (r.n == 1 && r.status[0] == 503));
	snprintf(why, cap, "%s%s after %.0f ms",
	    r.n == 0	   ? "no answer"
		: r.n == 1 ? "one answer"
			   : "answers",
	    r.closed ? ", closed" : ", still open", now_ms() - at);
	bytes_free(&r.raw);
	return ok;
}

/* Connections past --connections-per-address from one address are
 * refused at once, and another address is served meanwhile. */
static void
case_per_address(const struct ctx *c, struct result *res)
{
	int *held = calloc((size_t)c->per_address + 1, sizeof(int));
	int n = 0, fd = -1, open = 0, status;
	long long base = metric(&c->api, "aid_http_connections_open") - 1;
	char why[128];

	if (held == NULL || base < 0) {
		verdict(res, 0, "out of memory or no /metrics");
		free(held);
		return;
	}
	for (; n < c->per_address; n++)
		if ((held[n] = dial(&c->api, "127.0.0.3")) < 0)
			break;
	if (n < c->per_address) {
		verdict(res, 0, "only %d connections from 127.0.0.3", n);
		goto out;
	}
	/* the server holds them all before the next one comes */
	for (double until = now_ms() + PROMPT_MS;
	     metric(&c->api, "aid_http_connections_open") - 1 < base + n &&
	     now_ms() < until;)
		sleep_ms(10);
	if ((fd = dial(&c->api, "127.0.0.3")) < 0) {
		verdict(res, 0, "connection %d was left in the listen queue",
		    n + 1);
		goto out;
	}
	if (!refused_at_once(fd, why, sizeof(why))) {
		verdict(res, 0, "connection %d from 127.0.0.3: %s", n + 1, why);
		goto out;
	}
	for (int i = 0; i < n; i++)
		open += !is_closed(held[i]);
	status = fetch(&c->api, "127.0.0.4", "/healthz", NULL, PROMPT_MS);
	if (open != n)
		verdict(
		    res, 0, "only %d of the %d held are still open", open, n);
	else if (status != 200)
		verdict(res, 0, "127.0.0.4 got %d meanwhile", status);
	else
		verdict(res, 1,
		    "%d held from 127.0.0.3, the next %s; "
		    "127.0.0.4 served",
		    n, why);
out:
	if (fd >= 0)
		close(fd);
	for (int i = 0; i < n; i++)
		if (held[i] >= 0)
			close_reset(held[i]);
	free(held);
	connections_down_to(&c->api, base, PROMPT_MS);
}

/* Waits up to ms for a client of a to be served (the server with
 * --max-connections 1 lets go of its one place after a close); returns
 * the last status. */
static int
served_within(const struct addr *a, double ms)
{
	double until = now_ms() + ms;
	int status;

	while ((status = fetch(a, NULL, "/healthz", NULL, PROMPT_MS)) != 200 &&
	    now_ms() < until)
		sleep_ms(20);
	return status;
}

/*
 * The one place of the server with --max-connections 1, taken by a
 * connection that sends first ("" for nothing; a whole request is
 * answered first). Retries for a second while the place is still being
 * let go of; returns the socket, or -1.
 */
static int
take_place(const struct ctx *c, const char *first, int whole)
{
	double until = now_ms() + PROMPT_MS;

	while (now_ms() < until) {
		struct reading r = { 0 };
		int fd = dial(&c->limited, NULL), held;

		if (fd < 0)
			return -1;
		send_until(fd, first, strlen(first), now_ms() + PROMPT_MS);
		if (whole)
			read_answers(fd, &r, now_ms() + PROMPT_MS, 1);
		sleep_ms(150); /* accepted, or refused by now */
		held = !is_closed(fd) &&
		    (!whole || (r.n == 1 && r.status[0] == 200));
		bytes_free(&r.raw);
		if (held)
			return fd;
		close(fd);
		sleep_ms(20);
	}
	return -1;
}

/*
 * On the server with --max-connections 1: a socket sitting idle (a
 * fresh one that sent nothing, or one kept alive after an answer) does
 * not keep the next client out: that one is served at once, and the idle
 * one is closed to make room.
 */
static void
run_idle_slot(const struct ctx *c, const char *first, struct result *res)
{
	int fd, status;
	double at;

	if (!c->have_limited) {
		verdict(res, 0, "no --limited server given");
		return;
	}
	if ((fd = take_place(c, first, *first != '\0')) < 0) {
		verdict(res, 0, "the first client could not take the place");
		return;
	}
	at = now_ms();
	status = fetch(&c->limited, NULL, "/healthz", NULL, PROMPT_MS);
	if (status != 200)
		verdict(res, 0, "the next client got %s while one sat idle",
		    status == 0 ? "no answer within a second" : "an error");
	else if (!closed_within(fd, PROMPT_MS))
		verdict(res, 0, "both were served: the limit did not hold");
	else
		verdict(res, 1,
		    "the next client served in %.0f ms, the idle "
		    "one closed",
		    now_ms() - at);
	close(fd);
}

static void
case_idle_fresh(const struct ctx *c, struct result *res)
{
	run_idle_slot(c, "", res);
}

static void
case_idle_kept(const struct ctx *c, struct result *res)
{
	run_idle_slot(c, "GET /healthz" H11, res);
}

/*
 * On the server with --max-connections 1: a connection part way through
 * its head holds the one place; the next client is refused at once (not
 * queued), the first is closed by the header deadline, then a client is
 * served.
 */
static void
case_busy_slot(const struct ctx *c, struct result *res)
{
	const char *part = GH "X-A: b\r\n";
	double start;
	int fd, next, status;
	char why[128];

	if (!c->have_limited) {
		verdict(res, 0, "no --limited server given");
		return;
	}
	if ((fd = take_place(c, part, 0)) < 0) {
		verdict(res, 0, "the first client could not take the place");
		return;
	}
	start = now_ms() - 150; /* when its head began */
	if ((next = dial(&c->limited, NULL)) < 0) {
		verdict(res, 0, "the next client was left in the listen queue");
		close(fd);
		return;
	}
	if (!refused_at_once(next, why, sizeof(why))) {
		verdict(res, 0, "the next client: %s", why);
	} else if (!closed_within(fd,
		       (double)c->header_ms + PROMPT_MS - (now_ms() - start))) {
		verdict(res, 0,
		    "the first was not closed by the header "
		    "deadline");
	} else if ((status = served_within(&c->limited, PROMPT_MS)) != 200) {
		verdict(res, 0,
		    "no client served within a second of the "
		    "deadline (%d)",
		    status);
	} else {
		verdict(res, 1,
		    "the next refused at once (%s), the first "
		    "closed at %.1f s, then a client served",
		    why, (now_ms() - start) / 1000);
	}
	close(next);
	close(fd);
}

/*
 * Slow clients: first sends first (a request whose answer is read, for
 * a kept-alive connection; NULL for none), then trickle, every_ms per
 * byte (one_line: per line), and must be closed by the header deadline
 * counted from the first trickled byte; with finish, the trickle is a
 * whole head sent slowly but in time, and must be answered instead.
 */
struct slow {
	const char *first;
	const char *trickle;
	int per_line; /* trickle a line at a time, not a byte */
	double every_ms;
	int finish; /* the head ends in time: answered 200 */
};

static void
run_slow(const struct ctx *c, const struct slow *s, struct result *res)
{
	struct reading r = { 0 };
	const char *p = s->trickle;
	double start = 0, limit, closed_at = 0;
	int fd = dial(&c->api, NULL);

	if (fd < 0) {
		verdict(res, 0, "could not connect within %d ms", PROMPT_MS);
		return;
	}
	if (s->first != NULL) {
		send_until(
		    fd, s->first, strlen(s->first), now_ms() + PROMPT_MS);
		read_answers(fd, &r, now_ms() + PROMPT_MS, 1);
		if (r.n != 1 || r.status[0] != 200 || r.closed) {
			verdict(res, 0, "the first request was not answered");
			goto out;
		}
		sleep_ms(200);
	}
	start = now_ms();
	limit = start + (double)c->header_ms + PROMPT_MS;
	while (now_ms() < limit) {
		const char *nl = s->per_line ? strchr(p, '\n') : NULL;
		size_t len = nl != NULL ? (size_t)(nl - p) + 1
		    : s->per_line	? strlen(p)
					: 1;

		if (*p != '\0') {
			if (send(fd, p, len, MSG_NOSIGNAL) != (ssize_t)len)
				break; /* closed: seen below */
			p += len;
		}
		if (*p == '\0' && s->finish)
			break; /* the head is whole: its answer is read below */
		if (closed_within(fd, s->every_ms)) {
			closed_at = now_ms();
			break;
		}
	}
	if (s->finish) {
		struct reading a = { 0 };

		read_answers(fd, &a, now_ms() + PROMPT_MS, 1);
		if (*p == '\0' && a.n == 1 && a.status[0] == 200)
			verdict(res, 1, "a head taking %.1f s answered 200",
			    (now_ms() - start) / 1000);
		else
			verdict(res, 0, "a head taking %.1f s was not answered",
			    (now_ms() - start) / 1000);
		bytes_free(&a.raw);
	} else if (closed_at == 0 && !closed_within(fd, limit - now_ms())) {
		verdict(res, 0,
		    "still open %.1f s after it began (header "
		    "deadline %ld s)",
		    (now_ms() - start) / 1000, c->header_ms / 1000);
	} else {
		if (closed_at == 0)
			closed_at = now_ms();
		verdict(res, 1, "closed %.1f s after it began",
		    (closed_at - start) / 1000);
	}
out:
	close(fd);
	bytes_free(&r.raw);
}

/* A header line every second: 30 of them would outlast any deadline. */
#define TRICKLED_HEADERS                                                       \
	"X-A1: b\r\nX-A2: b\r\nX-A3: b\r\nX-A4: b\r\nX-A5: b\r\nX-A6: b\r\n"   \
	"X-A7: b\r\nX-A8: b\r\nX-A9: b\r\nX-B1: b\r\nX-B2: b\r\nX-B3: b\r\n"   \
	"X-B4: b\r\nX-B5: b\r\nX-B6: b\r\nX-B7: b\r\nX-B8: b\r\nX-B9: b\r\n"   \
	"X-C1: b\r\nX-C2: b\r\nX-C3: b\r\nX-C4: b\r\nX-C5: b\r\nX-C6: b\r\n"   \
	"X-C7: b\r\nX-C8: b\r\nX-C9: b\r\nX-D1: b\r\nX-D2: b\r\nX-D3: b\r\n"
#define LONG_LINE                                                              \
	"GET /api/v1/events?q=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"   \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa HTTP/1.1\r\n"

static void
case_slowloris(const struct ctx *c, struct result *res)
{
	const struct slow s = { NULL, GH TRICKLED_HEADERS, 1, 1000, 0 };

	run_slow(c, &s, res);
}

static void
case_slow_line(const struct ctx *c, struct result *res)
{
	const struct slow s = { NULL, LONG_LINE, 0, 500, 0 };

	run_slow(c, &s, res);
}

static void
case_cut_line(const struct ctx *c, struct result *res)
{
	const struct slow s = { NULL, "GET /api/v1/ev", 1, 100, 0 };

	run_slow(c, &s, res);
}

static void
case_silent(const struct ctx *c, struct result *res)
{
	const struct slow s = { NULL, "", 0, 100, 0 };

	run_slow(c, &s, res);
}

static void
case_kept_slowloris(const struct ctx *c, struct result *res)
{
	const struct slow s = { "GET /healthz" H11, GH TRICKLED_HEADERS, 1,
		1000, 0 };

	run_slow(c, &s, res);
}

static void
case_kept_slow_line(const struct ctx *c, struct result *res)
{
	const struct slow s = { "GET /healthz" H11, LONG_LINE, 0, 500, 0 };

	run_slow(c, &s, res);
}

static void
case_slow_in_time(const struct ctx *c, struct result *res)
{
	/* four header lines a second apart, then the end: in time */
	const struct slow s = { NULL,
		GH "X-A1: b\r\nX-A2: b\r\nX-A3: b\r\n\r\n", 1, 1000, 1 };

	run_slow(c, &s, res);
}

struct special {
	const char *name;
	void (*run)(const struct ctx *, struct result *);
	int slow; /* takes the header deadline: run beside the others */
};

static const struct special specials[] = {
	{ "a 50 MB body on GET /healthz", case_big_body, 0 },
	{ "a half-closed keep-alive connection", case_half_closed, 0 },
	{ "RST in the request line", case_rst_line, 0 },
	{ "RST in the header block", case_rst_head, 0 },
	{ "RST in a refused body", case_rst_body, 0 },
	{ "RST before the answer", case_rst_request, 0 },
	{ "connections past --connections-per-address", case_per_address, 0 },
	{ "--max-connections 1, an idle socket held", case_idle_fresh, 0 },
	{ "--max-connections 1, a kept-alive socket held", case_idle_kept, 0 },
	{ "slowloris: a header line a second", case_slowloris, 1 },
	{ "a request line a byte every 0.5 s", case_slow_line, 1 },
	{ "a request line cut in the middle", case_cut_line, 1 },
	{ "a connection that sends nothing", case_silent, 1 },
	{ "kept alive, then slowloris", case_kept_slowloris, 1 },
	{ "kept alive, then a request line a byte every 0.5 s",
	    case_kept_slow_line, 1 },
	{ "a slow head that ends in time", case_slow_in_time, 1 },
	{ "--max-connections 1, a slow head held", case_busy_slot, 1 },
};
#define NSPECIALS (sizeof(specials) / sizeof(specials[0]))

struct slow_job {
	pthread_t thread;
	const struct ctx *c;
	const struct special *s;
	struct result res;
};

static void *
slow_thread(void *arg)
{
	struct slow_job *j = arg;

	j->s->run(j->c, &j->res);
	return NULL;
}

static int passed, failed;

static void
report(const char *name, const struct result *res)
{
	printf("%s %s: %s\n", res->ok ? "ok  " : "FAIL", name, res->detail);
	fflush(stdout);
	if (res->ok)
		passed++;
	else
		failed++;
}

/* ------------------------------------------------------------------ */
/* The soak: many hostile requests, memory before and after            */

enum shot_end { READ, HALF, RESET };

/* One connection's worth: its bytes, how many answers of status want
 * it gets (0: none), and how the client ends it. */
struct shot {
	struct bytes req;
	int answers, want;
	enum shot_end end;
};

static struct shot *shots;
static size_t nshots;

static void
add_shot(int answers, int want, enum shot_end end, const char *head,
    const char *unit, int count, const char *tail)
{
	struct shot *s;

	if ((s = realloc(shots, (nshots + 1) * sizeof(*s))) == NULL) {
		fputs("hostile: out of memory\n", stderr);
		exit(1);
	}
	shots = s;
	s = &shots[nshots++];
	memset(s, 0, sizeof(*s));
	s->answers = answers;
	s->want = want;
	s->end = end;
	for (int i = 0; i < (answers > 1 ? answers : 1); i++) {
		put_str(&s->req, head);
		put_repeat(&s->req, unit, count);
		put_str(&s->req, tail);
	}
}

/* The mix: every repro, and the spellings that used to fill the cache. */
static void
make_shots(int mhd10)
{
	char host[64];

	add_shot(4, 200, READ, "GET /healthz?", "&", 1200, H11);
	add_shot(2, 200, READ, "GET /healthz?", "&", 8000, H11);
	add_shot(4, 400, READ, "GET /api/v1/events?a0=1", "&a%d=1", 99, H11);
	add_shot(1, 400, READ, GH "Transfer-Encoding: gzip\r\n\r\n", "", 0, "");
	/* (libmicrohttpd 1.0 refuses any coding but chunked itself) */
	add_shot(1, mhd10 ? 400 : 501, READ,
	    GH "Transfer-Encoding: gzip, chunked\r\n\r\n", "", 0, "");
	add_shot(1, 413, READ,
	    GH "Content-Length: 18446744073709551615\r\n\r\n", "", 0, "");
	add_shot(1, 413, READ,
	    GH "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\n", "", 0,
	    "");
	add_shot(1, 405, READ,
	    "POST /api/v1/events HTTP/1.1\r\nHost: h\r\n"
	    "Content-Length: 1000000000000000\r\n"
	    "Expect: 100-continue\r\n\r\n",
	    "", 0, "");
	add_shot(
	    1, 413, READ, GH "Content-Length: 52428800\r\n\r\n", "x", 4096, "");
	add_shot(1, 200, HALF, "GET /healthz" H11, "", 0, "");
	add_shot(0, 0, HALF, GH, "X-A: b\r\n", 3, "");
	add_shot(0, 0, RESET, GH, "X-A: b\r\n", 3, "");
	add_shot(1, 0, RESET, "GET /api/v1/events?limit=3" H11, "", 0, "");
	add_shot(4, 200, READ,
	    "GET /api/v1/events?limit=7&&&pretty=1 HTTP/1.1\r\n"
	    "Host: h\r\nAccept-Encoding: gzip\r\n\r\n",
	    "", 0, "");
	add_shot(4, 200, READ,
	    "GET /api/v1/events?%6cimit=7&pretty=%31 HTTP/1.1\r\n"
	    "Host: h\r\nAccept-Encoding: gzip\r\n\r\n",
	    "", 0, "");
	for (int i = 0; i < 16; i++) {
		snprintf(host, sizeof(host),
		    "GET http://h%d/api/v1/events?limit=7&pretty=1", i);
		add_shot(2, 200, READ, host, "", 0, H11);
	}
}

struct soak {
	const struct ctx *c;
	atomic_long next;     /* shots taken */
	atomic_long requests; /* requests sent */
	atomic_long wrong;    /* answered wrongly, or not in time */
	long target;	      /* requests to send */
	double until;	      /* the bound */
	char first_wrong[256];
	pthread_mutex_t lock;
};

/* Counts one shot's requests, and its verdict. */
static void
soak_count(struct soak *s, const struct shot *sh, const struct reading *r,
    int connected, int ok)
{
	atomic_fetch_add(&s->requests, sh->answers > 0 ? sh->answers : 1);
	if (!ok && atomic_fetch_add(&s->wrong, 1) == 0) {
		char got[96];

		describe(r, got, sizeof(got));
		pthread_mutex_lock(&s->lock);
		snprintf(s->first_wrong, sizeof(s->first_wrong), "%.*s: %s%s",
		    (int)strcspn(sh->req.p, "\r"), sh->req.p,
		    !connected ? "no connection" : got,
		    r->closed ? ", closed" : ", still open");
		pthread_mutex_unlock(&s->lock);
	}
}

/* 1 when r holds what sh must get. */
static int
soak_right(const struct shot *sh, const struct reading *r)
{
	int ok = r->n >= sh->answers && (sh->end != HALF || r->closed);

	for (int i = 0; ok && i < sh->answers && i < MAX_ANSWERS; i++)
		ok = r->status[i] == sh->want;
	return ok;
}

/*
 * A half-closed connection, waiting for the server to answer and close
 * it: the reaper takes up to half a second, so each worker keeps a few
 * of them open while it goes on.
 */
struct pending {
	int fd;
	const struct shot *sh;
	double deadline;
	struct reading r;
};

#define PENDING_MAX                                                            \
	32 /* per worker, each on its own address: below the                   \
	      per-address limit */

/* Reads what has come on each pending connection, and ends those that
 * are closed or late; returns how many remain. */
static int
soak_pending(struct soak *s, struct pending *p, int n, int wait_ms)
{
	struct pollfd pfd[PENDING_MAX];

	for (int i = 0; i < n; i++)
		pfd[i] = (struct pollfd){ .fd = p[i].fd, .events = POLLIN };
	if (n > 0 && wait_ms > 0)
		poll(pfd, (nfds_t)n, wait_ms);
	for (int i = 0; i < n;) {
		drain_answers(p[i].fd, &p[i].r);
		if (!p[i].r.closed && now_ms() < p[i].deadline) {
			i++;
			continue;
		}
		soak_count(
		    s, p[i].sh, &p[i].r, 1, soak_right(p[i].sh, &p[i].r));
		close_reset(p[i].fd);
		bytes_free(&p[i].r.raw);
		p[i] = p[--n];
	}
	return n;
}

struct worker {
	struct soak *s;
	char from[32]; /* its own source address */
};

static void *
soak_thread(void *arg)
{
	struct worker *w = arg;
	struct soak *s = w->s;
	struct pending p[PENDING_MAX];
	int npending = 0;

	for (;;) {
		long i = atomic_fetch_add(&s->next, 1);
		const struct shot *sh = &shots[(size_t)i % nshots];
		struct reading r = { 0 };
		int fd;

		if (atomic_load(&s->requests) >= s->target ||
		    now_ms() > s->until)
			break;
		npending = soak_pending(s, p, npending, 0);
		while (npending == PENDING_MAX)
			npending = soak_pending(s, p, npending, 10);
		if ((fd = dial(&s->c->api, w->from)) < 0) {
			soak_count(s, sh, &r, 0, 0);
			continue;
		}
		send_until(fd, sh->req.p, sh->req.len, now_ms() + PROMPT_MS);
		if (sh->end == RESET) {
			close_reset(fd);
			soak_count(s, sh, &r, 1, 1);
			continue;
		}
		if (sh->end == HALF) {
			shutdown(fd, SHUT_WR);
			p[npending++] = (struct pending){ .fd = fd,
				.sh = sh,
				.deadline = now_ms() + PROMPT_MS };
			continue;
		}
		read_answers(fd, &r, now_ms() + PROMPT_MS, sh->answers);
		close_reset(fd);
		soak_count(s, sh, &r, 1, soak_right(sh, &r));
		bytes_free(&r.raw);
	}
	while (npending > 0)
		npending = soak_pending(s, p, npending, 10);
	return NULL;
}

/* Requests of the mix until about n are sent (or the bound passes);
 * returns how many were, the wrong ones in *wrong. */
static long
soak_run(const struct ctx *c, long n, double bound_s, long *wrong, char *why,
    size_t cap)
{
	struct soak s = { .c = c };
	pthread_t t[4];
	struct worker w[4];

	s.target = n;
	s.until = now_ms() + bound_s * 1000;
	pthread_mutex_init(&s.lock, NULL);
	for (int i = 0; i < 4; i++) {
		w[i].s = &s;
		snprintf(w[i].from, sizeof(w[i].from), "127.0.1.%d", i + 1);
		pthread_create(&t[i], NULL, soak_thread, &w[i]);
	}
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	pthread_mutex_destroy(&s.lock);
	*wrong = atomic_load(&s.wrong);
	snprintf(why, cap, "%s", s.first_wrong);
	return atomic_load(&s.requests);
}

/*
 * Fills the server's response cache to its budget: distinct cacheable
 * answers, on one kept-alive connection, until it has evicted (it is
 * full) and then as many again. Returns the cache's bytes, or -1.
 */
static long long
fill_cache(const struct ctx *c, long long *budget)
{
	static const char *const routes[] = { "events", "partnerships",
		"funding", "entities" };
	struct bytes req = { 0 };
	int fd = -1, full = 0, sent = 0;

	*budget = metric(&c->api, "aid_cache_budget_bytes");
	for (int round = 0; round < 2; round++)
		for (int limit = 1; limit <= 500; limit++)
			for (int r = 0; r < 4; r++) {
				struct reading a = { 0 };
				char line[160];

				if (fd < 0 && (fd = dial(&c->api, NULL)) < 0)
					return -1;
				snprintf(line, sizeof(line),
				    "GET /api/v1/%s?limit=%d&pretty=%d "
				    "HTTP/1.1\r\nHost: h\r\n%s\r\n",
				    routes[r], limit, round,
				    limit % 2 ? "Accept-Encoding: gzip\r\n"
					      : "");
				req.len = 0;
				put_str(&req, line);
				send_until(
				    fd, req.p, req.len, now_ms() + PROMPT_MS);
				read_answers(fd, &a, now_ms() + PROMPT_MS, 1);
				if (a.n != 1 || a.closed) {
					close(fd);
					fd = -1;
				}
				bytes_free(&a.raw);
				if (++sent % 200 == 0 && !full &&
				    metric(&c->api,
					"aid_cache_evictions_total") > 0)
					full = sent;
				if (full && sent >= 2 * full)
					goto done;
			}
done:
	if (fd >= 0)
		close(fd);
	bytes_free(&req);
	return full ? metric(&c->api, "aid_cache_bytes") : -1;
}

/* Waits up to 2 s for the server to have nothing in flight but the
 * scrape that asks; returns what it had. */
static long long
in_flight_settled(const struct ctx *c)
{
	double until = now_ms() + 2000;
	long long n;

	while ((n = metric(&c->api, "aid_http_requests_in_flight") - 1) != 0 &&
	    now_ms() < until)
		sleep_ms(50);
	return n;
}

static int
run_cases(const struct ctx *c)
{
	struct slow_job jobs[NSPECIALS];
	struct result res;
	long long flying, cache, budget;
	long before, after, sent, wrong, warm_wrong;
	double t0, secs;
	char why[256];
	int nslow = 0, fail_soak = 0;

	printf("libmicrohttpd of the server: %s\n",
	    c->mhd10 ? "1.0 or later" : "0.9");
	/* the quick ones one after another, then the slow ones together */
	for (size_t i = 0; i < NPLAINS; i++) {
		memset(&res, 0, sizeof(res));
		run_plain(c, &plains[i], &res);
		report(plains[i].name, &res);
	}
	for (size_t i = 0; i < NSPECIALS; i++) {
		if (specials[i].slow)
			continue;
		memset(&res, 0, sizeof(res));
		specials[i].run(c, &res);
		report(specials[i].name, &res);
	}
	for (size_t i = 0; i < NSPECIALS; i++) {
		if (!specials[i].slow)
			continue;
		jobs[nslow] = (struct slow_job){ .c = c, .s = &specials[i] };
		pthread_create(
		    &jobs[nslow].thread, NULL, slow_thread, &jobs[nslow]);
		nslow++;
	}
	for (int i = 0; i < nslow; i++) {
		pthread_join(jobs[i].thread, NULL);
		report(jobs[i].s->name, &jobs[i].res);
	}

	flying = in_flight_settled(c);
	verdict(&res, flying == 0, "%lld requests in flight after the cases",
	    flying);
	report("aid_http_requests_in_flight back to 0", &res);

	/* the soak, on a server whose cache is full and which has seen the
	 * mix already */
	make_shots(c->mhd10);
	cache = fill_cache(c, &budget);
	verdict(&res, cache >= 0, "%lld of %lld bytes", cache, budget);
	report("response cache filled to its budget", &res);
	/* warm-ups until the memory settles, so that the server has held as
	 * many connections at once as the soak will: their memory
	 * (libmicrohttpd's, 16 KiB each, from the heap) stays with the
	 * process once they close, reused by the next ones, and is no growth
	 * (one warm-up of a fifth of the soak was not always enough: 14.2 MB
	 * before, 16.0 after, where the plateau is 15.8 to 16.0) */
	warm_wrong = 0;
	before = -1;
	for (int k = 0; k < 6; k++) {
		long was = before, w = 0;

		soak_run(c, c->requests / 5, c->soak_s, &w, why, sizeof(why));
		warm_wrong += w;
		sleep_ms(300);
		before = rss_kb(c->pid);
		if (was > 0 && before <= was + was / 100)
			break; /* grew by 1 % or less: settled */
	}
	t0 = now_ms();
	sent = soak_run(c, c->requests, c->soak_s, &wrong, why, sizeof(why));
	secs = (now_ms() - t0) / 1000;
	sleep_ms(300);
	after = rss_kb(c->pid);
	if (wrong + warm_wrong > 0)
		verdict(&res, 0,
		    "%ld of %ld answered wrongly or late; first: %s",
		    wrong + warm_wrong, sent, why);
	else if (sent < c->requests)
		verdict(&res, 0, "only %ld of %ld sent within %.0f s", sent,
		    c->requests, c->soak_s);
	else
		verdict(&res, 1,
		    "%ld in %.1f s (%.0f/s), every one answered "
		    "right",
		    sent, secs, (double)sent / secs);
	report("hostile requests", &res);
	fail_soak = !res.ok;
	if (before <= 0 || after <= 0)
		verdict(&res, 0, "no VmRSS for pid %ld", (long)c->pid);
	else
		verdict(&res, (double)after <= (double)before * 1.10,
		    "%ld kB before, %ld kB after (%+.1f %%)", before, after,
		    100.0 * (double)(after - before) / (double)before);
	report("RSS after the hostile requests within 10 % of before", &res);
	flying = in_flight_settled(c);
	verdict(&res, flying == 0, "%lld requests in flight after the soak",
	    flying);
	report("aid_http_requests_in_flight back to 0 after the soak", &res);

	printf("hostile: %d cases, %d passed, %d failed; %ld hostile requests "
	       "sent%s; RSS %ld kB before, %ld kB after\n",
	    passed + failed, passed, failed, sent,
	    fail_soak ? " (some wrong)" : "", before, after);
	return failed > 0 ? 1 : 0;
}

/* ------------------------------------------------------------------ */
/* The well-behaved client                                             */

static size_t
discard(char *data, size_t size, size_t n, void *arg)
{
	(void)data;
	(void)arg;
	return size * n;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct client_opts {
	const char *iface; /* the address to send from, or NULL */
	double seconds, interval_ms, target_ms;
	long min;	   /* requests at least */
	int allow_refused; /* a connection closed at once is no failure */
};

/*
 * GETs a few routes in turn, each on a new connection (a client that
 * needs one is what an exhausted server turns away), every interval_ms
 * for seconds; prints the latency figures and fails on any failed
 * request, on fewer than min requests, or on a p99 at or over target_ms.
 * With allow_refused, a connection closed with no answer (or a 503)
 * within a second counts as refused at once, and only a late or a wrong
 * answer fails.
 */
static int
run_client(const struct addr *a, const struct client_opts *o)
{
	static const char *const paths[] = { "/healthz",
		"/api/v1/events?limit=5", "/api/v1", "/readyz",
		"/api/v1/entities/minghang-district" };
	size_t cap = (size_t)(o->seconds * 1000 / o->interval_ms) + 16, n = 0;
	double *ms = calloc(cap, sizeof(double)), start = now_ms(), next;
	double refused_max = 0, p99 = 0, slowest = 0, slowest_at = 0;
	long failures = 0, refused = 0, sent = 0;
	char url[256], first[320] = "";
	CURL *h;
	int rc;

	if (ms == NULL || curl_global_init(CURL_GLOBAL_DEFAULT) != 0 ||
	    (h = curl_easy_init()) == NULL) {
		fputs("client: cannot start libcurl\n", stderr);
		free(ms);
		return 1;
	}
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROXY, "");
	if (o->iface != NULL)
		curl_easy_setopt(h, CURLOPT_INTERFACE, o->iface);
	for (next = start; now_ms() < start + o->seconds * 1000 && n < cap;
	     next += o->interval_ms) {
		long status = 0;
		double t0, took;
		CURLcode e;

		sleep_ms(next - now_ms());
		snprintf(url, sizeof(url), "http://%s%s", a->text,
		    paths[sent++ % (long)(sizeof(paths) / sizeof(paths[0]))]);
		curl_easy_setopt(h, CURLOPT_URL, url);
		t0 = now_ms();
		e = curl_easy_perform(h);
		took = now_ms() - t0;
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		if (o->allow_refused && took < PROMPT_MS &&
		    (e == CURLE_GOT_NOTHING || e == CURLE_RECV_ERROR ||
			e == CURLE_SEND_ERROR || e == CURLE_COULDNT_CONNECT ||
			(e == CURLE_OK && status == 503))) {
			refused++;
			refused_max = took > refused_max ? took : refused_max;
			continue;
		}
		if (e != CURLE_OK || status != 200) {
			if (failures++ == 0)
				snprintf(first, sizeof(first),
				    "%.200s: %.50s after %.0f ms", url,
				    e != CURLE_OK ? curl_easy_strerror(e)
						  : "not 200",
				    took);
			took = 5000; /* counts as slow as it gets */
		}
		if (took > slowest) {
			slowest = took;
			slowest_at = t0 - start;
		}
		ms[n++] = took;
	}
	curl_easy_cleanup(h);
	curl_global_cleanup();
	qsort(ms, n, sizeof(double), cmp_double);
	if (n > 0)
		p99 = ms[(n * 99) / 100];
	printf("client: %ld requests from %s to %s in %.1f s, %ld failed; "
	       "p50 %.2f ms, p99 %.2f ms (target < %.0f ms), max %.2f ms "
	       "(at %.1f s)",
	    sent, o->iface != NULL ? o->iface : "any address", a->text,
	    (now_ms() - start) / 1000, failures, n ? ms[n / 2] : 0, p99,
	    o->target_ms, slowest, slowest_at / 1000);
	if (o->allow_refused)
		printf("; %ld refused at once (the slowest in %.1f ms), %zu "
		       "answered",
		    refused, refused_max, n);
	putchar('\n');
	rc = failures > 0;
	if (failures > 0)
		printf("client: FAIL: %ld failed, the first %s\n", failures,
		    first);
	if (!o->allow_refused && sent < o->min) {
		printf("client: FAIL: fewer than %ld requests\n", o->min);
		rc = 1;
	}
	if (!o->allow_refused && p99 >= o->target_ms) {
		printf("client: FAIL: p99 at or over %.0f ms\n", o->target_ms);
		rc = 1;
	}
	free(ms);
	return rc;
}

/* ------------------------------------------------------------------ */

static void
usage(void)
{
	fputs("usage: hostile cases HOST:PORT PID [--limited HOST:PORT] "
	      "[--header-timeout S]\n"
	      "           [--per-address N] [--requests N] "
	      "[--soak-seconds S]\n"
	      "       hostile client HOST:PORT [--interface ADDR] "
	      "[--seconds S]\n"
	      "           [--interval-ms MS] [--min-requests N] "
	      "[--target-ms MS] [--allow-refused]\n",
	    stderr);
}

/* The number after flag argv[*i], or exits 2. */
static double
number(int argc, char **argv, int *i)
{
	char *end;
	double v;

	if (*i + 1 >= argc) {
		usage();
		exit(2);
	}
	v = strtod(argv[++*i], &end);
	if (*end != '\0' || v < 0) {
		usage();
		exit(2);
	}
	return v;
}

int
main(int argc, char **argv)
{
	struct ctx c = { .header_ms = 10000,
		.per_address = 64,
		.requests = 100000,
		.soak_s = 60 };
	struct client_opts o = {
		.seconds = 10, .interval_ms = 20, .target_ms = 50, .min = 300
	};
	int i = 3;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 3 || parse_addr(argv[2], &c.api) != 0) {
		usage();
		return 2;
	}
	if (strcmp(argv[1], "cases") == 0) {
		if (argc < 4 || (c.pid = (pid_t)atol(argv[3])) <= 0) {
			usage();
			return 2;
		}
		for (i = 4; i < argc; i++) {
			if (strcmp(argv[i], "--limited") == 0 && i + 1 < argc) {
				if (parse_addr(argv[++i], &c.limited) != 0) {
					usage();
					return 2;
				}
				c.have_limited = 1;
			} else if (strcmp(argv[i], "--header-timeout") == 0) {
				c.header_ms =
				    (long)(number(argc, argv, &i) * 1000);
			} else if (strcmp(argv[i], "--per-address") == 0) {
				c.per_address = (int)number(argc, argv, &i);
			} else if (strcmp(argv[i], "--requests") == 0) {
				c.requests = (long)number(argc, argv, &i);
			} else if (strcmp(argv[i], "--soak-seconds") == 0) {
				c.soak_s = number(argc, argv, &i);
			} else {
				usage();
				return 2;
			}
		}
		if ((c.mhd10 = runs_mhd10(&c.api)) < 0) {
			fprintf(stderr,
			    "hostile: no libmicrohttpd version in "
			    "/metrics\n");
			return 2;
		}
		return run_cases(&c);
	}
	if (strcmp(argv[1], "client") == 0) {
		for (; i < argc; i++) {
			if (strcmp(argv[i], "--interface") == 0 && i + 1 < argc)
				o.iface = argv[++i];
			else if (strcmp(argv[i], "--seconds") == 0)
				o.seconds = number(argc, argv, &i);
			else if (strcmp(argv[i], "--interval-ms") == 0)
				o.interval_ms = number(argc, argv, &i);
			else if (strcmp(argv[i], "--min-requests") == 0)
				o.min = (long)number(argc, argv, &i);
			else if (strcmp(argv[i], "--target-ms") == 0)
				o.target_ms = number(argc, argv, &i);
			else if (strcmp(argv[i], "--allow-refused") == 0)
				o.allow_refused = 1;
			else {
				usage();
				return 2;
			}
		}
		if (o.interval_ms < 1) {
			usage();
			return 2;
		}
		return run_client(&c.api, &o);
	}
	usage();
	return 2;
}
