/*
 * libmicrohttpd's event loop kept from stalling (server/mhdepoll.c): a
 * read of an epoll set that follows a full read does not wait; any other
 * waits as asked, and so does every read when it is switched off. Then the case
 * itself, on the real binary: one worker with exactly 128 requests ready at
 * once answers them all (libmicrohttpd alone left the worker asleep, its
 * clients waiting, until the idle timeout).
 */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "harness_proc.h"

static long
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 +
	    (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* An epoll set of two event counters, both signalled once, edge-triggered:
 * a read of two events takes both, and nothing is left for the next. */
static void
test_after_a_full_read(void **state)
{
	struct epoll_event ev[2];
	struct timespec t0;
	unsigned long long before = mhd_epoll_unblocked();
	int ep = epoll_create1(EPOLL_CLOEXEC), fd[2], n;
	long ms;

	(void)state;
	mhd_epoll_keep_awake(1);
	assert_true(ep >= 0);
	for (int i = 0; i < 2; i++) {
		struct epoll_event add = { .events = EPOLLIN | EPOLLET,
			.data.fd = i };

		assert_true((fd[i] = eventfd(1, EFD_CLOEXEC)) >= 0);
		assert_int_equal(epoll_ctl(ep, EPOLL_CTL_ADD, fd[i], &add), 0);
	}
	/* full: the next read returns at once, with nothing */
	assert_int_equal(epoll_wait(ep, ev, 2, 3000), 2);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	n = epoll_wait(ep, ev, 2, 3000);
	ms = ms_since(&t0);
	check(n == 0 && ms < 2000,
	    "a read after a full one: %d events after %ld ms", n, ms);
	check(mhd_epoll_unblocked() == before + 1,
	    "the read made not to wait is not counted (%llu, was %llu)",
	    mhd_epoll_unblocked(), before);
	/* not full: the next read waits as asked */
	assert_int_equal(epoll_wait(ep, ev, 2, 0), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	n = epoll_wait(ep, ev, 2, 200);
	ms = ms_since(&t0);
	check(n == 0 && ms >= 150,
	    "a read after one not full did not wait: %d events after %ld ms", n,
	    ms);
	check(mhd_epoll_unblocked() == before + 1,
	    "a read that waited is counted");
	/* off (a version that does not need it): a read after a full one
	 * waits as asked */
	mhd_epoll_keep_awake(0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(write(fd[i], &(uint64_t){ 1 }, 8), 8);
	assert_int_equal(epoll_wait(ep, ev, 2, 3000), 2);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	n = epoll_wait(ep, ev, 2, 200);
	ms = ms_since(&t0);
	check(n == 0 && ms >= 150,
	    "switched off, a read after a full one did not wait: %d events "
	    "after %ld ms",
	    n, ms);
	for (int i = 0; i < 2; i++)
		close(fd[i]);
	close(ep);
}

enum { CLIENTS = 128, ROUNDS = 3 };

/* Reads one whole answer to GET /healthz from fd; 0 when it comes within
 * ms, -1 otherwise. */
static int
read_answer(int fd, int ms)
{
	struct timespec t0;
	char buf[2048];
	size_t have = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long left = ms - ms_since(&t0);
		ssize_t n;
		char *end;

		if (left <= 0 || poll(&p, 1, (int)left) != 1)
			return -1;
		if ((n = recv(fd, buf + have, sizeof(buf) - 1 - have, 0)) <= 0)
			return -1;
		have += (size_t)n;
		buf[have] = '\0';
		if ((end = strstr(buf, "\r\n\r\n")) != NULL) {
			const char *cl = strstr(buf, "Content-Length: ");
			size_t body =
			    cl != NULL ? strtoul(cl + 16, NULL, 10) : 0;

			if (have >= (size_t)(end + 4 - buf) + body)
				return 0;
		}
		if (have == sizeof(buf) - 1)
			return -1;
	}
}

/* Each client sends its request; the clients that have no answer within
 * 10 s. */
static int
round_trip(const int *fd, int clients)
{
	static const char get[] = "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n";
	int late = 0;

	for (int i = 0; i < clients; i++)
		assert_int_equal(send(fd[i], get, sizeof(get) - 1, 0),
		    (ssize_t)sizeof(get) - 1);
	for (int i = 0; i < clients; i++)
		late += read_answer(fd[i], 10000) != 0;
	return late;
}

/*
 * One worker finds exactly 128 requests ready at once: the server is
 * stopped (SIGSTOP) while 128 clients send theirs, then continued. Every
 * request must be answered; libmicrohttpd alone would read its 128
 * events, then wait for more before answering them, and none would come.
 */
static void
test_exactly_a_full_read(void **state)
{
	const char *args[] = { "--port", "0", "--db", harness_db(), "--threads",
		"1", "--connections-per-address", "0", "--access-log", "off",
		NULL };
	static const char get[] = "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n";
	static int fd[CLIENTS];
	struct timespec pause = { 0, 100 * 1000 * 1000 };
	struct proc p;
	unsigned short port;
	int late;

	(void)state;
	port = proc_start_with(&p, args);
	for (int i = 0; i < CLIENTS; i++)
		fd[i] = proc_connect(port);
	/* every connection taken and served once */
	late = round_trip(fd, CLIENTS);
	check(late == 0, "%d of %d clients had no first answer", late, CLIENTS);
	for (int round = 0; round < ROUNDS && late == 0; round++) {
		proc_pause(p.pid);
		for (int i = 0; i < CLIENTS; i++)
			assert_int_equal(send(fd[i], get, sizeof(get) - 1, 0),
			    (ssize_t)sizeof(get) - 1);
		nanosleep(&pause, NULL);
		assert_int_equal(kill(p.pid, SIGCONT), 0);
		for (int i = 0; i < CLIENTS; i++)
			late += read_answer(fd[i], 10000) != 0;
		check(late == 0,
		    "round %d: %d of %d requests ready at once had no answer "
		    "within 10 s",
		    round, late, CLIENTS);
	}
	for (int i = 0; i < CLIENTS; i++)
		close(fd[i]);
	proc_stop_clean(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_after_a_full_read),
		cmocka_unit_test(test_exactly_a_full_read),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests_name("mhdepoll", tests, NULL, NULL);
}
