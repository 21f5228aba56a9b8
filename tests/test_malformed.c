/*
 * The malformed-request corpus (tests/malformed/corpus.txt, whose head
 * says how to read it; loaded by harness_corpus.c), replayed on raw
 * sockets, one test per case.
 *
 * Directly: against the daemon started in this process; each case must
 * get the answers of its "direct" line, within a second, and the access
 * log must show what libmicrohttpd refused itself (a line of the route
 * "refused" with its status, or status 0 for no answer, for each), which
 * /metrics must count at the end.
 *
 * Through nginx: with AID_MALFORMED_PROXY=127.0.0.1:PORT, against that
 * address (scripts/check-proxy.sh starts nginx with deploy/'s
 * configuration in front of replicas); each case must get its "nginx"
 * line.
 *
 * AID_MALFORMED_REPORT=1 prints what each case gets, in the corpus's
 * notation, instead of checking it.
 */
#define _GNU_SOURCE /* memmem */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "harness_corpus.h"
#include "harness_raw.h"

#define WAIT_MS	 1000 /* the most an answer may take */
#define HEADER_S 1    /* the direct daemon's --header-timeout */

/* The follow-up that shows a connection was kept open. */
static const char follow_up[] = "GET /healthz HTTP/1.1\r\nHost: follow.up\r\n"
				"Connection: close\r\n\r\n";

static struct malformed *cases;
static size_t ncases;
static enum series running; /* the series of the libmicrohttpd loaded */
static unsigned long long refusals[600]; /* expected in /metrics, by status */
static struct daemon *daemon_under_test;
static struct sockaddr_in target;
static int via_proxy, report;

static long long
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* What a case got. */
struct got {
	struct buf bytes;  /* everything the answers were */
	int closed;	   /* the peer closed (EOF or a reset) */
	long long ms;	   /* from the last byte sent (from connecting, for
			    * a deadline) to the close, or to the last
			    * answer expected */
	struct buf follow; /* keep: the follow-up's answer */
	int follow_closed;
};

/* The complete responses at the start of b: how many, up to max. */
static size_t
answers_in(const struct buf *b, int bodiless, size_t max)
{
	size_t off = 0, n = 0;
	struct raw_msg m;

	while (n < max && b->len > 0 &&
	    raw_parse(b->data, b->len, &off, bodiless, &m) == 0)
		n++;
	return n;
}

/*
 * Sends what remains of out (from *sent) and reads into in, until the
 * peer closes, or want (when not 0) answers are in, or wait_ms pass with
 * nothing sent or read; *sent_at is when the last byte went (or the peer
 * stopped taking them). Returns 1 when the peer closed.
 */
static int
pump(int fd, const char *out, size_t outlen, size_t *sent, long long *sent_at,
    struct buf *in, size_t want, int bodiless, long long wait_ms)
{
	long long quiet_since = now_ms();
	char chunk[16384];

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long long left = quiet_since + wait_ms - now_ms();
		ssize_t n;

		if (want > 0 && answers_in(in, bodiless, want) == want)
			return 0;
		if (left <= 0)
			return 0;
		if (*sent < outlen)
			p.events |= POLLOUT;
		if (poll(&p, 1, (int)left) <= 0)
			continue;
		if (p.revents & POLLOUT) {
			n = send(fd, out + *sent, outlen - *sent,
			    MSG_NOSIGNAL | MSG_DONTWAIT);
			if (n > 0) {
				*sent += (size_t)n;
				quiet_since = now_ms();
			} else if (errno != EAGAIN && errno != EWOULDBLOCK) {
				*sent = outlen; /* refused: read its answer */
			}
			if (*sent == outlen)
				*sent_at = now_ms();
		}
		if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
			n = recv(fd, chunk, sizeof(chunk), MSG_DONTWAIT);
			if (n == 0 ||
			    (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
				errno != EINTR))
				return 1;
			if (n > 0) {
				buf_putn(in, chunk, (size_t)n);
				quiet_since = now_ms();
			}
		}
	}
}

/* Replays c, reading what e says is due (all that comes when e is NULL). */
static void
replay(const struct malformed *c, const struct expect *e, struct got *g)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	int bodiless = strncmp(c->send.data, "HEAD ", 5) == 0;
	long long start, sent_at, wait = WAIT_MS;
	size_t sent = 0, want = 0;

	memset(g, 0, sizeof(*g));
	assert_true(fd >= 0);
	start = sent_at = now_ms();
	assert_int_equal(
	    connect(fd, (const struct sockaddr *)&target, sizeof(target)), 0);
	if (e == NULL)
		wait = (HEADER_S + 1) * 1000;
	else if (e->ending == DEADLINE)
		wait = HEADER_S * 1000 + WAIT_MS;
	else if (e->ending == KEEP)
		want = e->n;
	g->closed = pump(fd, c->send.data, c->send.len, &sent, &sent_at,
	    &g->bytes, want, bodiless, wait);
	g->ms =
	    now_ms() - (e != NULL && e->ending == DEADLINE ? start : sent_at);
	if (e != NULL && e->ending == KEEP && !g->closed) {
		sent = 0;
		g->follow_closed = pump(fd, follow_up, sizeof(follow_up) - 1,
		    &sent, &sent_at, &g->follow, 0, 0, WAIT_MS);
	}
	close(fd);
	assert_false(g->bytes.oom || g->follow.oom);
}

static void
got_free(struct got *g)
{
	free(buf_finish(&g->bytes));
	free(buf_finish(&g->follow));
}

/* A problem document of status (RFC 9457): its type, and its body's
 * status member. */
static int
is_problem(struct raw_msg *m, long status, int exact_type)
{
	const char *ct = raw_hdr(m, "Content-Type");
	json_t *doc;
	int ok;

	if (ct == NULL ||
	    (exact_type ? strcmp(ct, PROBLEM_TYPE) != 0
			: strncmp(ct, "application/problem+json", 24) != 0))
		return 0;
	doc = json_loadb(m->body, m->bodylen, 0, NULL);
	ok = json_integer_value(json_object_get(doc, "status")) == status &&
	    json_is_string(json_object_get(doc, "title"));
	if (exact_type)
		ok = ok && json_is_string(json_object_get(doc, "type")) &&
		    json_is_string(json_object_get(doc, "detail"));
	json_decref(doc);
	return ok;
}

/* Fails the test unless answer i of what c got, at *off, is a. */
static void
check_answer(const struct malformed *c, const struct got *g, size_t *off,
    size_t i, const struct answer *a)
{
	struct raw_msg m;
	int bodiless = strncmp(c->send.data, "HEAD ", 5) == 0;
	int rc = raw_parse(g->bytes.data, g->bytes.len, off, bodiless, &m);
	const char *id;

	check(rc == 0, "%s: answer %zu (%ld) is %s: %.300s", c->name, i + 1,
	    a->status, rc > 0 ? "cut short or missing" : "not a response",
	    g->bytes.len > *off ? g->bytes.data + *off : "(nothing)");
	check(m.status == a->status, "%s: answer %zu is %ld, not %ld: %.300s",
	    c->name, i + 1, m.status, a->status, m.head);
	check(m.twice == (a->who == MHD_TWICE),
	    "%s: answer %zu has its head %s: %.300s", c->name, i + 1,
	    m.twice ? "twice" : "once", m.head);
	id = raw_hdr(&m, "X-Request-Id");
	if (via_proxy) {
		check(m.status < 400 || is_problem(&m, a->status, 0),
		    "%s: the %ld of nginx is not a problem document: %.300s",
		    c->name, m.status, m.head);
		return;
	}
	if (a->who != OURS) {
		check(id == NULL && m.bodylen > 0 &&
			memmem(m.body, m.bodylen, "<html>", 6) != NULL,
		    "%s: answer %zu is not libmicrohttpd's page: %.300s",
		    c->name, i + 1, m.head);
		return;
	}
	check(id != NULL && *id != '\0', "%s: answer %zu has no X-Request-Id",
	    c->name, i + 1);
	check(m.status < 400 || is_problem(&m, a->status, 1),
	    "%s: the %ld is not our problem document: %.300s %.*s", c->name,
	    m.status, m.head, (int)m.bodylen, m.body);
}

/* The bytes of b from off on, for messages ("" when there are none). */
static const char *
from(const struct buf *b, size_t off)
{
	return b->data != NULL && off < b->len ? b->data + off : "";
}

/* 1 when the n bytes at s are a problem document of status alone. */
static int
bare_problem(const char *s, size_t n, long status)
{
	json_t *doc = n > 0 ? json_loadb(s, n, 0, NULL) : NULL;
	int ok = json_integer_value(json_object_get(doc, "status")) == status &&
	    json_is_string(json_object_get(doc, "title"));

	json_decref(doc);
	return ok;
}

static void
check_got(const struct malformed *c, const struct expect *e, struct got *g)
{
	size_t off = 0;

	if (e->n == 1 && e->answer[0].who == HTTP09) {
		check(bare_problem(
			  g->bytes.data, g->bytes.len, e->answer[0].status),
		    "%s: not an HTTP/0.9 problem document of %ld: %.300s",
		    c->name, e->answer[0].status, from(&g->bytes, 0));
		off = g->bytes.len;
	}
	for (size_t i = 0; i < e->n && e->answer[i].who != HTTP09; i++)
		check_answer(c, g, &off, i, &e->answer[i]);
	check(off == g->bytes.len, "%s: %zu bytes after the answers: %.300s",
	    c->name, g->bytes.len - off, from(&g->bytes, off));
	switch (e->ending) {
	case CLOSE:
		check(g->closed && g->ms <= WAIT_MS,
		    "%s: not closed within %d ms of the request (%s after %lld "
		    "ms)",
		    c->name, WAIT_MS, g->closed ? "closed" : "open", g->ms);
		break;
	case DEADLINE:
		check(g->closed && g->ms >= HEADER_S * 1000 - 100 &&
			g->ms <= HEADER_S * 1000 + WAIT_MS,
		    "%s: not closed by the %d s header deadline (%s after "
		    "%lld ms)",
		    c->name, HEADER_S, g->closed ? "closed" : "open", g->ms);
		break;
	case KEEP: {
		struct raw_msg m;
		size_t foff = 0;

		check(!g->closed && g->ms <= WAIT_MS,
		    "%s: closed, or not answered within %d ms (%lld ms)",
		    c->name, WAIT_MS, g->ms);
		check(g->follow.len > 0 &&
			raw_parse(
			    g->follow.data, g->follow.len, &foff, 0, &m) == 0 &&
			m.status == 200 && foff == g->follow.len &&
			g->follow_closed,
		    "%s: the follow-up on the kept connection got: %.300s",
		    c->name, g->follow.len > 0 ? g->follow.data : "(nothing)");
		break;
	}
	}
}

/* Prints what c got in the corpus's notation. */
static void
print_got(const struct malformed *c, const struct got *g)
{
	size_t off = 0;
	struct raw_msg m;
	int n = 0, bodiless = strncmp(c->send.data, "HEAD ", 5) == 0;

	printf("%-32s %s:", c->name, via_proxy ? "nginx" : "direct");
	while (
	    raw_parse(g->bytes.data, g->bytes.len, &off, bodiless, &m) == 0) {
		int ours = via_proxy || raw_hdr(&m, "X-Request-Id") != NULL;

		printf(" %s%ld%s%s", ours ? "" : "mhd-", m.status,
		    m.twice ? "x2" : "",
		    ours && m.status >= 400 &&
			    !is_problem(&m, m.status, !via_proxy)
			? "(not a problem document)"
			: "");
		n++;
	}
	if (n == 0 && off == g->bytes.len)
		printf(" none");
	else if (n == 0) {
		json_t *doc = json_loadb(g->bytes.data, g->bytes.len, 0, NULL);

		if (json_is_integer(json_object_get(doc, "status"))) {
			printf(" http09-%lld",
			    (long long)json_integer_value(
				json_object_get(doc, "status")));
			off = g->bytes.len;
		}
		json_decref(doc);
	}
	if (off < g->bytes.len)
		printf(" [%zu other bytes: %.40s]", g->bytes.len - off,
		    g->bytes.data + off);
	printf(" %s (%lld ms)\n",
	    !g->closed					   ? "keep"
		: n == 0 && g->ms >= HEADER_S * 1000 - 100 ? "deadline"
							   : "close",
	    g->ms);
}

/* The value of the sample name in the /metrics text, or -1. */
static long long
sample(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = text; (p = strstr(p, name)) != NULL; p += n)
		if ((p == text || p[-1] == '\n') && p[n] == ' ')
			return strtoll(p + n + 1, NULL, 10);
	return -1;
}

/* Waits (two seconds at most) until no connection but the asking one is
 * open: every exchange before is logged and counted. */
static void
quiesce(void)
{
	for (int i = 0; i < 200; i++) {
		struct http_response r;
		long long open;
		struct timespec tick = { 0, 10 * 1000 * 1000 };

		http_request(daemon_port(daemon_under_test), "GET", "/metrics",
		    NULL, &r);
		open = sample(r.body, "aid_http_connections_open");
		http_response_free(&r);
		if (open == 1)
			return;
		nanosleep(&tick, NULL);
	}
	fail_msg("connections stay open");
}

/* The statuses of the access log's refused lines in log, in order, into
 * got (at most max); how many there are. */
static size_t
refused_lines(const char *log, long *got, size_t max)
{
	size_t n = 0;

	for (const char *line = log; *line != '\0';) {
		size_t len = strcspn(line, "\n");
		const char *st;

		if (memmem(line, len, "\"route\":\"refused\"", 17) != NULL &&
		    (st = memmem(line, len, "\"status\":", 9)) != NULL) {
			if (n < max)
				got[n] = strtol(st + 9, NULL, 10);
			n++;
		}
		line += len + (line[len] == '\n');
	}
	return n;
}

/* The statuses the log must show refused for e: libmicrohttpd's pages,
 * or 0 for no answer at all. */
static size_t
refusals_due(const struct expect *e, long *due)
{
	size_t n = 0;

	if (e->n == 0) {
		due[n++] = 0;
		return n;
	}
	for (size_t i = 0; i < e->n; i++)
		if (e->answer[i].who != OURS)
			due[n++] = e->answer[i].status;
	return n;
}

static void
check_log(const struct malformed *c, const char *log)
{
	long due[MAX_ANSWER], got[MAX_ANSWER];
	size_t ndue = refusals_due(&c->direct[running], due);
	size_t ngot = refused_lines(log, got, MAX_ANSWER);

	check(ngot == ndue,
	    "%s: the access log has %zu refused lines, not "
	    "%zu: %.600s",
	    c->name, ngot, ndue, log);
	for (size_t i = 0; i < ndue; i++) {
		check(got[i] == due[i],
		    "%s: the access log has a refused %ld, not %ld: %.600s",
		    c->name, got[i], due[i], log);
		refusals[due[i]]++;
	}
}

static void
test_case(void **state)
{
	const struct malformed *c = *state;
	const struct expect *e = via_proxy ? &c->nginx : &c->direct[running];
	struct got g;
	char *log = NULL;

	if (!via_proxy && !report)
		capture_stderr();
	replay(c, report ? NULL : e, &g);
	if (!via_proxy && !report) {
		quiesce();
		log = release_stderr();
	}
	if (report)
		print_got(c, &g);
	else
		check_got(c, e, &g);
	if (log != NULL)
		check_log(c, log);
	free(log);
	got_free(&g);
}

/* /metrics counts every refusal the access log showed, by status. */
static void
test_refusals_counted(void **state)
{
	struct http_response r;
	unsigned long long total = 0;

	(void)state;
	http_request(
	    daemon_port(daemon_under_test), "GET", "/metrics", NULL, &r);
	for (size_t st = 0; st < sizeof(refusals) / sizeof(refusals[0]); st++) {
		char name[96];
		long long n;

		if (refusals[st] == 0)
			continue;
		if (st == 0)
			snprintf(name, sizeof(name),
			    "aid_http_requests_total{route=\"refused\","
			    "status=\"none\"}");
		else
			snprintf(name, sizeof(name),
			    "aid_http_requests_total{route=\"refused\","
			    "status=\"%zu\"}",
			    st);
		n = sample(r.body, name);
		check(n >= 0 && (unsigned long long)n == refusals[st],
		    "%s is %lld, not %llu", name, n, refusals[st]);
		total += refusals[st];
	}
	check(total > 0, "no case was refused by libmicrohttpd");
	http_response_free(&r);
}

static int
setup(void **state)
{
	const char *proxy = getenv("AID_MALFORMED_PROXY"), *level;
	struct config cfg;

	(void)state;
	target.sin_family = AF_INET;
	if (proxy != NULL && *proxy != '\0') {
		char host[64];
		const char *colon = strrchr(proxy, ':');

		via_proxy = 1;
		if (colon == NULL || (size_t)(colon - proxy) >= sizeof(host))
			return -1;
		snprintf(
		    host, sizeof(host), "%.*s", (int)(colon - proxy), proxy);
		if (inet_pton(AF_INET, host, &target.sin_addr) != 1)
			return -1;
		target.sin_port = htons((unsigned short)atoi(colon + 1));
		return 0;
	}
	harness_config(&cfg);
	if ((level = getenv("AID_MALFORMED_DISCIPLINE")) != NULL)
		cfg.mhd_discipline = atoi(level);
	cfg.header_timeout = HEADER_S;
	cfg.access_log = "json";
	daemon_under_test = harness_start(&cfg);
	target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	target.sin_port = htons(daemon_port(daemon_under_test));
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	daemon_stop(daemon_under_test);
	return 0;
}

int
main(void)
{
	const char *path = getenv("AID_MALFORMED_CORPUS");
	struct CMUnitTest *tests;
	const char *flag = getenv("AID_MALFORMED_REPORT");
	int rc, proxy;

	report = flag != NULL && strcmp(flag, "1") == 0;
	running =
	    mhd_version_of(MHD_get_version()) < 0x01000000 ? MHD_09 : MHD_10;
	cases =
	    corpus_load(path != NULL && *path != '\0' ? path : CORPUS, &ncases);
	proxy = getenv("AID_MALFORMED_PROXY") != NULL;
	tests = calloc(ncases + 1, sizeof(*tests));
	assert_non_null(tests);
	for (size_t i = 0; i < ncases; i++)
		tests[i] = (struct CMUnitTest){ cases[i].name, test_case, NULL,
			NULL, &cases[i] };
	if (!proxy && !report) /* last: after every case */
		tests[ncases] = (struct CMUnitTest){ "refusals-counted",
			test_refusals_counted, NULL, NULL, NULL };
	if (!proxy)
		printf("libmicrohttpd %s: the corpus's %s answers\n",
		    MHD_get_version(), corpus_series_key[running]);
	rc = _cmocka_run_group_tests(
	    proxy ? "malformed through nginx" : "malformed", tests,
	    ncases + (!proxy && !report), setup, teardown);
	free(tests);
	corpus_free(cases, ncases);
	return rc;
}
