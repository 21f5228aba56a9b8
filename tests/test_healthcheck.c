/*
 * --healthcheck (server/healthcheck.c), the container's probe, run as the
 * real binary (harness_proc.h) against a server that is ready, a port
 * nothing listens on, and a socket that answers 503 or nothing.
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

/* A port of 127.0.0.1 nothing listens on. */
static unsigned short
free_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd);
	return ntohs(sa.sin_port);
}

/* A socket listening on 127.0.0.1; its port in *port. */
static int
listening(unsigned short *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	*port = ntohs(sa.sin_port);
	return fd;
}

/* --healthcheck against the running server: exit 0, in silence; from the
 * settings of a server bound to every address too (it asks loopback). */
static void
test_healthcheck_ready(void **state)
{
	struct proc server;
	char port[16];
	const char *direct[] = { "--healthcheck", "--port", port, NULL };
	const char *any[] = { "--healthcheck", "--bind", "0.0.0.0", "--port",
		port, NULL };
	const char *const *runs[] = { direct, any };

	(void)state;
	snprintf(port, sizeof(port), "%u", proc_start(&server));
	for (size_t i = 0; i < 2; i++) {
		struct proc p;
		char *err;
		int status;

		proc_spawn(&p, runs[i]);
		status = proc_wait(p.pid, 10);
		err = proc_slurp(p.err, 100);
		if (status == -1 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0 || *err != '\0')
			fail_msg("--healthcheck %s: status %d, stderr: %s",
			    runs[i][1], status, err);
		free(err);
		close(p.out);
		close(p.err);
	}
	assert_int_equal(kill(server.pid, SIGTERM), 0);
	assert_true(proc_wait(server.pid, 10) != -1);
	close(server.out);
	close(server.err);
}

/* --healthcheck against nothing: exit 1, one line naming the address and
 * the port (IPv6's loopback for a server bound to every IPv6 address). */
static void
test_healthcheck_nothing(void **state)
{
	char port[16], want[64];
	const char *args[] = { "--healthcheck", "--port", port, NULL };
	const char *six[] = { "--healthcheck", "--bind", "::", "--port", port,
		NULL };

	(void)state;
	snprintf(port, sizeof(port), "%u", free_port());
	snprintf(want, sizeof(want), "healthcheck: 127.0.0.1 port %s: ", port);
	proc_expect_refusal(args, 1, want);
	snprintf(want, sizeof(want), "healthcheck: ::1 port %s: ", port);
	proc_expect_refusal(six, 1, want);
}

/* --healthcheck against a server that is not ready (503), and one that
 * answers nothing within its two seconds: exit 1, one line saying what
 * came back. */
static void
test_healthcheck_not_ready(void **state)
{
	static const char answer[] =
	    "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n";
	unsigned short p;
	int fd = listening(&p);
	char port[16];
	const char *args[] = { "--healthcheck", "--port", port, NULL };
	pid_t child;

	(void)state;
	snprintf(port, sizeof(port), "%u", p);
	assert_true((child = fork()) >= 0);
	if (child == 0) {
		int c = accept(fd, NULL, NULL);
		char head[512];

		(void)!read(c, head, sizeof(head));
		(void)!write(c, answer, sizeof(answer) - 1);
		close(c);
		_exit(0);
	}
	proc_expect_refusal(args, 1, "answered 'HTTP/1.1 503 Service'");
	waitpid(child, NULL, 0);
	/* the same socket, never accepted: the request goes unanswered */
	proc_expect_refusal(args, 1, "answered 'nothing'");
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthcheck_ready),
		cmocka_unit_test(test_healthcheck_nothing),
		cmocka_unit_test(test_healthcheck_not_ready),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests_name("healthcheck", tests, NULL, NULL);
}
