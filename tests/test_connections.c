/*
 * Connections of the real binary (harness_proc.h): at --max-connections a
 * new client takes the place of the one idle the longest; a head that
 * does not arrive within --header-timeout, or is left half-closed, is
 * closed; out of open files, a new client waits its turn. And what the
 * kernel tells of a connection (net_tcp_open).
 */
#define _GNU_SOURCE /* prlimit */
#include <arpa/inet.h>
#include <dirent.h>
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
#include <sys/resource.h>
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
	int fds[16], fd;
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
	proc_stop_clean(&p);
}

/*
 * A burst past --max-connections: the server is stopped while 32 clients
 * connect and begin a head (the request line, and no more: busy, never
 * idle, so none can make room), then continued, so that the acceptor
 * hands over all 32 in one turn, before any worker counts one. At most
 * 16 stay open; the others are closed at once, not left waiting.
 */
static void
test_burst_past_max(void **state)
{
	const char *args[] = { "--port", "0", "--db", harness_db(),
		"--max-connections", "16", "--connections-per-address", "0",
		"--threads", "1", "--access-log", "off", NULL };
	static const char line[] = "GET /healthz HTTP/1.1\r\n";
	enum { BURST = 32 };
	struct timespec settle = { 1, 0 };
	struct proc p;
	unsigned short port;
	int fds[BURST], open = 0, closed = 0;

	(void)state;
	port = proc_start_with(&p, args);
	proc_pause(p.pid);
	for (int i = 0; i < BURST; i++) {
		fds[i] = proc_connect(port);
		assert_int_equal(send(fds[i], line, sizeof(line) - 1, 0),
		    (ssize_t)sizeof(line) - 1);
	}
	assert_int_equal(kill(p.pid, SIGCONT), 0);
	nanosleep(&settle, NULL);
	for (int i = 0; i < BURST; i++) {
		struct pollfd w = { .fd = fds[i], .events = POLLIN };
		char buf[16];
		ssize_t n = poll(&w, 1, 0) == 1
		    ? recv(fds[i], buf, sizeof(buf), MSG_DONTWAIT)
		    : -2;

		open += n == -2;
		closed += n == 0 || (n == -1 && errno == ECONNRESET);
		close(fds[i]);
	}
	check(open >= 1 && open <= 16,
	    "%d of a burst of %d held open, with --max-connections 16", open,
	    BURST);
	check(open + closed == BURST,
	    "of a burst of %d, %d held open and %d closed: the rest were "
	    "answered",
	    BURST, open, closed);
	proc_stop_clean(&p);
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
 * kept-alive connection. */
static void
test_header_deadline(void **state)
{
	const char *args[] = { "--port", "0", "--db", harness_db(),
		"--header-timeout", "1", NULL };
	static const char part[] = "GET /healthz HTTP/1.1\r\nHost: t\r\n";
	static const char whole[] = "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n";
	struct proc p;
	unsigned short port;
	int slow, kept;
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
	assert_int_equal(kill(p.pid, SIGTERM), 0);
	assert_true(proc_wait(p.pid, 10) != -1);
	close(p.out);
	close(p.err);
}

/*
 * A client that closes its side part way through a head is closed within
 * a second and a half (the reaper looks into a connection once it has
 * been still for a look, then sees the close on two looks), not left for
 * the deadline (10 s here); one that closes its side after a whole head
 * is answered first. The server is stopped while each client sends, so
 * that its bytes and its FIN wait for it together: libmicrohttpd 0.9.75
 * then reads the bytes and never the FIN, which only the reaper sees.
 */
static void
test_half_closed(void **state)
{
	const char *args[] = { "--port", "0", "--db", harness_db(),
		"--header-timeout", "10", NULL };
	static const char part[] = "GET /healthz HTTP/1.1\r\nHost: t\r\n";
	static const char whole[] = "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n";
	struct proc p;
	unsigned short port;
	int half, done;
	long ms;
	char buf[16];

	(void)state;
	port = proc_start_with(&p, args);
	check(proc_healthy(port), "not healthy at start");
	proc_pause(p.pid);
	half = proc_connect(port);
	done = proc_connect(port);
	assert_int_equal(
	    send(half, part, sizeof(part) - 1, 0), (ssize_t)sizeof(part) - 1);
	assert_int_equal(shutdown(half, SHUT_WR), 0);
	assert_int_equal(send(done, whole, sizeof(whole) - 1, 0),
	    (ssize_t)sizeof(whole) - 1);
	assert_int_equal(shutdown(done, SHUT_WR), 0);
	assert_int_equal(kill(p.pid, SIGCONT), 0);
	ms = closed_after(half, 5000);
	check(ms >= 0 && ms < 1500, "a half-closed head: closed after %ld ms",
	    ms);
	check(recv(done, buf, sizeof(buf), 0) >= 13 &&
		strncmp(buf, "HTTP/1.1 200 ", 13) == 0,
	    "a whole head, then the client's FIN: not answered");
	close(half);
	close(done);
	proc_stop_clean(&p);
}

/* What the kernel says of a connection (net_tcp_open): the bytes its
 * client sent, and open both ways until the client's FIN; nothing of no
 * descriptor, or of one that is not a TCP socket. */
static void
test_tcp_state(void **state)
{
	unsigned short port;
	unsigned long long rx;
	int lfd, client, server, fds[2];
	char buf[8];

	(void)state;
	assert_true((lfd = net_listen("127.0.0.1", 0, 8, &port)) >= 0);
	client = proc_connect(port);
	assert_true((server = accept(lfd, NULL, NULL)) >= 0);
	assert_int_equal(send(client, "hello", 5, 0), 5);
	assert_int_equal(recv(server, buf, sizeof(buf), 0), 5);
	check(net_tcp_open(server, &rx) == 1 && rx == 5,
	    "5 bytes received, open: said %llu", rx);
	assert_int_equal(shutdown(client, SHUT_WR), 0);
	check(net_tcp_open(server, &rx) == 0 && rx >= 5,
	    "the client's FIN: said open, %llu bytes", rx);
	check(net_tcp_open(-1, &rx) == 0 && rx == 0,
	    "no descriptor: said open, %llu bytes", rx);
	assert_int_equal(pipe(fds), 0);
	check(net_tcp_open(fds[0], &rx) == 0 && rx == 0 &&
		net_bytes_received(fds[0]) == 0,
	    "a pipe: said open, %llu bytes", rx);
	close(fds[0]);
	close(fds[1]);
	close(server);
	close(client);
	close(lfd);
}

/* The lowest file descriptor a process has free: the one its next file
 * takes. */
static long
lowest_free_fd(pid_t pid)
{
	char path[64];
	unsigned char used[4096] = { 0 };
	DIR *dir;
	long n = 0;

	snprintf(path, sizeof(path), "/proc/%ld/fd", (long)pid);
	assert_non_null(dir = opendir(path));
	for (struct dirent *e; (e = readdir(dir)) != NULL;) {
		long fd = strtol(e->d_name, NULL, 10);

		if (e->d_name[0] != '.' && fd >= 0 && fd < (long)sizeof(used))
			used[fd] = 1;
	}
	closedir(dir);
	while (n < (long)sizeof(used) && used[n])
		n++;
	return n;
}

/* Whether fd gets an answer within ms (its first bytes "HTTP/1.1 200 "). */
static int
answered_within(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[16];

	return poll(&p, 1, ms) == 1 && recv(fd, buf, sizeof(buf), 0) >= 13 &&
	    strncmp(buf, "HTTP/1.1 200 ", 13) == 0;
}

/*
 * Out of open files, a new client is not accepted, nor dropped: it waits
 * in the listen queue, the server says why (once), and it is served as
 * soon as another connection closes. The server's limit is lowered while
 * it runs (prlimit), so that one more file fits: its lowest free
 * descriptor.
 */
static void
test_out_of_files(void **state)
{
	const char *args[] = { "--port", "0", "--db", harness_db(),
		"--connections-per-address", "0", NULL };
	static const char get[] = "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n";
	struct proc p;
	struct rlimit was, low;
	unsigned short port;
	static const char cannot[] =
	    "cannot accept a connection (Too many open files)";
	int first, waiting, status, times;
	char *said;

	(void)state;
	port = proc_start_with(&p, args);
	assert_int_equal(prlimit(p.pid, RLIMIT_NOFILE, NULL, &was), 0);
	low = was;
	low.rlim_cur = (rlim_t)lowest_free_fd(p.pid) + 1;
	assert_int_equal(prlimit(p.pid, RLIMIT_NOFILE, &low, NULL), 0);
	first = proc_connect(port);
	assert_int_equal(
	    send(first, get, sizeof(get) - 1, 0), (ssize_t)sizeof(get) - 1);
	check(answered_within(first, 5000),
	    "the one connection the open-file limit leaves is not served");
	waiting = proc_connect(port);
	assert_int_equal(
	    send(waiting, get, sizeof(get) - 1, 0), (ssize_t)sizeof(get) - 1);
	check(!answered_within(waiting, 500),
	    "a client past the open-file limit is served: the test did not "
	    "reach the limit");
	close(first);
	check(answered_within(waiting, 5000),
	    "the client that waited is not served once a connection closed");
	close(waiting);
	assert_int_equal(prlimit(p.pid, RLIMIT_NOFILE, &was, NULL), 0);
	check(proc_healthy(port), "not healthy after running out of files");
	assert_int_equal(kill(p.pid, SIGTERM), 0);
	status = proc_wait(p.pid, 10);
	check(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "status %d", status);
	/* said when it ran out, not at each of the tries (every 10 ms,
	 * some 50 while the client waited) */
	said = proc_slurp(p.err, 1000);
	times = 0;
	for (const char *at = said; (at = strstr(at, cannot)) != NULL; at++)
		times++;
	check(times >= 1 && times < 5,
	    "said %d times that it ran out of files: %s", times, said);
	free(said);
	close(p.out);
	close(p.err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_max_connections),
		cmocka_unit_test(test_burst_past_max),
		cmocka_unit_test(test_header_deadline),
		cmocka_unit_test(test_half_closed),
		cmocka_unit_test(test_tcp_state),
		cmocka_unit_test(test_out_of_files),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests_name("connections", tests, NULL, NULL);
}
