/*
 * Connections of the real binary (harness_proc.h): at --max-connections a
 * new client takes the place of the one idle the longest, and a head that
 * does not arrive within --header-timeout, or is left half-closed, is
 * closed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "harness_proc.h"

/* At --max-connections, a new client takes the place of the connection
 * idle the longest (one whose next head has begun is not idle); when
 * every connection is busy with a request, it is closed at once. */
static void
test_max_connections(void **state)
{
	const char *args[] = { "--port", "0", "--db", harness_db(),
		"--max-connections", "16", "--connections-per-address", "0",
		"--threads", "1", NULL };
	static const char line[] = "GET /healthz HTTP/1.1\r\n";
	struct proc p;
	unsigned short port;
	int fds[16], fd, status;
	char buf[64];
	ssize_t n;

	(void)state;
	port = proc_start_with(&p, args);
	/* 16 idle connections; the oldest has begun a head ("GE") */
	for (int i = 0; i < 16; i++) {
		fds[i] = proc_connect(port);
		if (i == 0)
			assert_int_equal(send(fds[i], "GE", 2, 0), 2);
		usleep(20 * 1000);
	}
	usleep(200 * 1000);
	check(proc_healthy(port), "a 17th client is not answered");
	/* the second oldest made room: closed; the oldest was not */
	n = recv(fds[1], buf, sizeof(buf), MSG_DONTWAIT);
	check(n == 0 || (n < 0 && errno == ECONNRESET),
	    "the connection idle the longest is still open (%zd)", n);
	n = recv(fds[0], buf, sizeof(buf), MSG_DONTWAIT);
	check(n < 0 && errno == EAGAIN, "a head begun was closed (%zd)", n);
	for (int i = 0; i < 16; i++)
		close(fds[i]);
	usleep(300 * 1000);
	/* 16 connections each with its request line sent: none is idle */
	for (int i = 0; i < 16; i++) {
		fds[i] = proc_connect(port);
		assert_int_equal(send(fds[i], line, sizeof(line) - 1, 0),
		    (ssize_t)sizeof(line) - 1);
	}
	usleep(300 * 1000);
	fd = proc_connect(port);
	n = send(fd, "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n", 35, 0);
	n = recv(fd, buf, sizeof(buf), 0);
	check(n <= 0, "a client past the most is answered: %.*s", (int)n, buf);
	close(fd);
	for (int i = 0; i < 16; i++)
		close(fds[i]);
	assert_int_equal(kill(p.pid, SIGTERM), 0);
	status = proc_wait(p.pid, 10);
	check(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "status %d", status);
	close(p.out);
	close(p.err);
}

/* Milliseconds until the server closes fd (reads what comes), at most
 * limit; -1 when it did not. */
static long
closed_after(int fd, long limit)
{
	struct timespec t0, t1;
	char buf[4096];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long ms;
		ssize_t n;

		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = (t1.tv_sec - t0.tv_sec) * 1000 +
		    (t1.tv_nsec - t0.tv_nsec) / 1000000;
		if (ms > limit || poll(&p, 1, (int)(limit - ms)) <= 0)
			return -1;
		if ((n = recv(fd, buf, sizeof(buf), 0)) <= 0) {
			clock_gettime(CLOCK_MONOTONIC, &t1);
			return (t1.tv_sec - t0.tv_sec) * 1000 +
			    (t1.tv_nsec - t0.tv_nsec) / 1000000;
		}
	}
}

/* A head that does not arrive within --header-timeout is closed: one
 * trickled on a new connection, and one begun after an answer on a
 * kept-alive connection; a client that closes its side part way through
 * a head is closed at once (two looks of the reaper), not left for the
 * deadline. */
static void
test_header_deadline(void **state)
{
	const char *args[] = { "--port", "0", "--db", harness_db(),
		"--header-timeout", "1", NULL };
	static const char part[] = "GET /healthz HTTP/1.1\r\nHost: t\r\n";
	static const char whole[] = "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n";
	struct proc p;
	unsigned short port;
	int slow, kept, half;
	long ms;
	char buf[1024];

	(void)state;
	port = proc_start_with(&p, args);
	slow = proc_connect(port);
	assert_int_equal(
	    send(slow, part, sizeof(part) - 1, 0), (ssize_t)sizeof(part) - 1);
	ms = closed_after(slow, 5000);
	check(
	    ms >= 500 && ms < 3000, "a head trickled: closed after %ld ms", ms);
	close(slow);
	/* an answer, then the next head begun and left */
	kept = proc_connect(port);
	assert_int_equal(send(kept, whole, sizeof(whole) - 1, 0),
	    (ssize_t)sizeof(whole) - 1);
	check(recv(kept, buf, sizeof(buf), 0) > 12 &&
		strncmp(buf, "HTTP/1.1 200 ", 13) == 0,
	    "the first request on the kept connection is not answered");
	usleep(300 * 1000);
	assert_int_equal(send(kept, "GE", 2, 0), 2);
	ms = closed_after(kept, 5000);
	check(ms >= 500 && ms < 3000,
	    "a next head begun and left: closed after %ld ms", ms);
	close(kept);
	/* the client closes its side part way through a head */
	half = proc_connect(port);
	assert_int_equal(
	    send(half, part, sizeof(part) - 1, 0), (ssize_t)sizeof(part) - 1);
	assert_int_equal(shutdown(half, SHUT_WR), 0);
	ms = closed_after(half, 5000);
	check(
	    ms >= 0 && ms < 900, "a half-closed head: closed after %ld ms", ms);
	close(half);
	assert_int_equal(kill(p.pid, SIGTERM), 0);
	assert_true(proc_wait(p.pid, 10) != -1);
	close(p.out);
	close(p.err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_max_connections),
		cmocka_unit_test(test_header_deadline),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests_name("connections", tests, NULL, NULL);
}
