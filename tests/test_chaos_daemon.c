/*
 * The chaos test of a connection to the running daemon (tests/
 * harness_chaos.h): the real daemon on a socket in this process, and a
 * client that allocates nothing (so that every allocation counted while
 * armed is the server's: the connection's state, the request's target,
 * its answer and response). Each allocation of a request fails in turn;
 * the client must get the answer it gets without failure, or the small
 * 500, or a connection closed without an answer (when the connection's
 * own state cannot be made); then the same request again is answered as
 * without failure; and nothing printed but the access log and
 * libmicrohttpd's word of a connection it closed. The rendition
 * cache is off (test_chaos.c has it).
 * libmicrohttpd's own allocations, inside the library, are not counted.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "harness_chaos.h"

static struct daemon *daemon_;
static unsigned short port;

/* An answer as the client read it, in a buffer of its own. */
struct answer {
	char bytes[65536];
	size_t len;
	int status;	  /* 0: none */
	const char *body; /* into bytes */
	size_t body_len;
};

/*
 * Sends request (with Connection: close) on a new connection and reads
 * until the server closes it: no allocation on the way.
 */
static void
ask(const char *request, struct answer *a)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
		.sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	size_t n = strlen(request);
	const char *end;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a->len = 0;
	a->status = 0;
	a->body = NULL;
	a->body_len = 0;
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	if (send(fd, request, n, MSG_NOSIGNAL) == (ssize_t)n)
		for (;;) {
			struct pollfd p = { .fd = fd, .events = POLLIN };
			ssize_t r;

			if (poll(&p, 1, 10000) != 1 ||
			    (r = recv(fd, a->bytes + a->len,
				 sizeof(a->bytes) - 1 - a->len, 0)) <= 0)
				break;
			a->len += (size_t)r;
		}
	close(fd);
	a->bytes[a->len] = '\0';
	if (a->len > 13 && strncmp(a->bytes, "HTTP/1.1 ", 9) == 0)
		a->status = atoi(a->bytes + 9);
	if ((end = strstr(a->bytes, "\r\n\r\n")) != NULL) {
		a->body = end + 4;
		a->body_len = a->len - (size_t)(a->body - a->bytes);
	}
}

/* The requests: a page of a list, a list, a problem, the liveness (gzip
 * is test_chaos.c's). */
static const char *const requests[] = {
	"GET /api/v1/events?limit=2&fields=id HTTP/1.1\r\nHost: t\r\n"
	"Connection: close\r\n\r\n",
	"GET /api/v1/sources HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
	"\r\n",
	"GET /api/v1/events?limit=0 HTTP/1.1\r\nHost: t\r\n"
	"Connection: close\r\n\r\n",
	"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
};

/* How a run ended against ref, the answer without failure. */
static enum chaos_kind
judge(const struct answer *ref, const struct answer *a)
{
	if (a->len == 0)
		return CHAOS_CLOSED;
	if (a->status == 500 && a->body_len == fault_doc_len &&
	    memcmp(a->body, fault_doc, fault_doc_len) == 0)
		return CHAOS_FAULT;
	if (a->status == ref->status && a->body_len == ref->body_len &&
	    memcmp(a->body, ref->body, a->body_len) == 0)
		return CHAOS_SAME;
	return CHAOS_WRONG;
}

/* Checks what the runs printed: the access log's lines, JSON objects
 * (one lost when memory ran out for it), and libmicrohttpd's word that it
 * closed a connection the server could not keep; nothing else. */
static void
log_lines(void)
{
	char *all = release_stderr();

	assert_non_null(all);
	for (char *line = all, *nl; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		check(nl != NULL &&
			((line[0] == '{' && nl[-1] == '}') ||
			    strncmp(line, "aid-api: libmicrohttpd: ", 24) == 0),
		    "printed: %s", line);
	}
	free(all);
}

static void
test_connections(void **state)
{
	static struct answer ref, a;
	struct chaos_tally all = { 0 };

	(void)state;
	capture_stderr(); /* the access log */
	for (size_t i = 0; i < sizeof(requests) / sizeof(*requests); i++) {
		struct chaos_tally t = { 0 };
		double t0 = chaos_now();
		char name[64];

		ask(requests[i], &ref);
		assert_true(ref.status >= 200 && ref.body != NULL);
		chaos_arm(0);
		ask(requests[i], &a);
		t.points = chaos_disarm();
		check(judge(&ref, &a) == CHAOS_SAME,
		    "%.40s: not answered "
		    "the same twice",
		    requests[i]);
		t.step = chaos_step(t.points);
		for (unsigned long n = 1; n <= t.points; n += t.step) {
			enum chaos_kind k;

			chaos_arm(n);
			ask(requests[i], &a);
			chaos_disarm();
			k = judge(&ref, &a);
			check(chaos_failed() && k != CHAOS_WRONG,
			    "%.40s, allocation %lu failing: %s", requests[i], n,
			    a.bytes);
			t.n[k]++;
			/* the next request: nothing is left broken */
			ask(requests[i], &a);
			check(judge(&ref, &a) == CHAOS_SAME,
			    "%.40s: after allocation %lu failed: %s",
			    requests[i], n, a.bytes);
		}
		t.seconds = chaos_now() - t0;
		snprintf(name, sizeof(name), "%.*s, %d",
		    (int)strcspn(requests[i], "\r"), requests[i], ref.status);
		log_lines();
		chaos_report(name, &t);
		capture_stderr();
		all.points += t.points;
		for (int k = 0; k < CHAOS__MAX; k++)
			all.n[k] += t.n[k];
	}
	log_lines();
	chaos_report("every request on a connection", &all);
}

static int
setup(void **state)
{
	struct config cfg;

	(void)state;
	harness_config(&cfg);
	cfg.cache_bytes = 0;
	cfg.access_log = "json";
	if ((daemon_ = daemon_start(&cfg, &aid_app)) == NULL)
		return -1;
	port = daemon_port(daemon_);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	daemon_stop(daemon_);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_connections),
	};

	chaos_init();
	return cmocka_run_group_tests_name(
	    "chaos of connections", tests, setup, teardown);
}
