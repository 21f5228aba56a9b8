/*
 * Signals to the real binary (harness_proc.h): SIGTERM drains what is in
 * flight and exits 0, SIGINT exits 0 at once, SIGHUP, SIGUSR1 and SIGUSR2
 * are said and ignored, SIGQUIT stops at once; every thread count starts
 * and stops in silence.
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

/*
 * SIGTERM while a request is in flight (its request line sent, its headers
 * not yet): the server stops accepting, the request completes with 200, and
 * the process exits 0.
 */
static void
test_sigterm_drains(void **state)
{
	static const char head[] = "GET /api/v1/events?limit=1 HTTP/1.1\r\n";
	static const char rest[] = "Host: t\r\nConnection: close\r\n\r\n";
	struct proc p;
	unsigned short port;
	char *answer, *err;
	int fd, status, probe;
	struct sockaddr_in sa = { .sin_family = AF_INET };

	(void)state;
	port = proc_start(&p);
	fd = proc_connect(port);
	assert_int_equal(
	    send(fd, head, sizeof(head) - 1, 0), (ssize_t)sizeof(head) - 1);
	usleep(200 * 1000); /* the server has read the request line */
	assert_int_equal(kill(p.pid, SIGTERM), 0);
	usleep(300 * 1000);
	/* no longer accepting: a new connection is refused */
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	probe = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(
	    connect(probe, (struct sockaddr *)&sa, sizeof(sa)), -1);
	close(probe);
	assert_int_equal(waitpid(p.pid, &status, WNOHANG), 0); /* draining */
	assert_int_equal(
	    send(fd, rest, sizeof(rest) - 1, 0), (ssize_t)sizeof(rest) - 1);
	answer = proc_slurp(fd, 5000);
	close(fd);
	assert_true(strncmp(answer, "HTTP/1.1 200 ", 13) == 0);
	assert_non_null(strstr(answer, "\"data\""));
	status = proc_wait(p.pid, 10);
	err = proc_slurp(p.err, 100);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) != 0)
		fail_msg("exit %d; stderr: %s", WEXITSTATUS(status), err);
	assert_non_null(strstr(err, "SIGTERM"));
	free(err);
	free(answer);
	close(p.out);
	close(p.err);
}

/* SIGINT with nothing in flight: exit 0 at once. */
static void
test_sigint_exits(void **state)
{
	struct proc p;
	struct timespec t0, t1;
	int status;

	(void)state;
	proc_start(&p);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(kill(p.pid, SIGINT), 0);
	status = proc_wait(p.pid, 10);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(t1.tv_sec - t0.tv_sec < 3);
	close(p.out);
	close(p.err);
}

/* SIGHUP, SIGUSR1 and SIGUSR2 are said and ignored (the server answers
 * on); SIGQUIT stops at once, exit 0. */
static void
test_signals_ignored_then_quit(void **state)
{
	static const int ignored[] = { SIGHUP, SIGUSR1, SIGUSR2 };
	static const char *const said[] = { "SIGHUP: ignored",
		"SIGUSR1: ignored", "SIGUSR2: ignored",
		"SIGQUIT: stopping at once" };
	struct proc p;
	unsigned short port = proc_start(&p);
	int status;
	char *err;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(kill(p.pid, ignored[i]), 0);
		usleep(100 * 1000);
		check(proc_healthy(port), "no answer after signal %d",
		    ignored[i]);
	}
	assert_int_equal(kill(p.pid, SIGQUIT), 0);
	status = proc_wait(p.pid, 10);
	err = proc_slurp(p.err, 100);
	check(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "SIGQUIT: status %d, stderr: %s", status, err);
	for (size_t i = 0; i < 4; i++)
		check(strstr(err, said[i]) != NULL,
		    "stderr does not say '%s': %s", said[i], err);
	free(err);
	close(p.out);
	close(p.err);
}

/* Every thread count starts in silence: stderr holds only what SIGTERM
 * says (no warning of libmicrohttpd's about its thread pool). */
static void
test_threads_quiet(void **state)
{
	static const char *const counts[] = { "1", "2", "3", NULL };

	(void)state;
	for (size_t i = 0; counts[i] != NULL; i++) {
		struct proc p;
		char *err;
		int status;

		proc_start_threads(&p, counts[i]);
		assert_int_equal(kill(p.pid, SIGTERM), 0);
		status = proc_wait(p.pid, 10);
		err = proc_slurp(p.err, 100);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
		    strstr(err, "libmicrohttpd") != NULL ||
		    strchr(err, '\n') != strrchr(err, '\n'))
			fail_msg("--threads %s: status %d, stderr: %s",
			    counts[i], status, err);
		free(err);
		close(p.out);
		close(p.err);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sigterm_drains),
		cmocka_unit_test(test_sigint_exits),
		cmocka_unit_test(test_threads_quiet),
		cmocka_unit_test(test_signals_ignored_then_quit),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests_name("signals", tests, NULL, NULL);
}
