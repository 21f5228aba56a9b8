/* The real binary as a process (harness_proc.h). */
#include "harness_proc.h"

#include <arpa/inet.h>
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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <microhttpd.h>

#include "harness.h"

const char *const *proc_env;

const char *
proc_bin(void)
{
	const char *b = getenv("AID_BIN");

	return b != NULL && *b != '\0' ? b : "build/aid-api";
}

void
proc_spawn(struct proc *p, const char *const *args)
{
	int out[2], err[2];
	const char *argv[16];
	size_t n = 0;

	argv[n++] = proc_bin();
	while (args[n - 1] != NULL && n < 15) {
		argv[n] = args[n - 1];
		n++;
	}
	argv[n] = NULL;
	assert_int_equal(pipe(out), 0);
	assert_int_equal(pipe(err), 0);
	p->pid = fork();
	assert_true(p->pid >= 0);
	if (p->pid == 0) {
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(out[0]);
		close(err[0]);
		unsetenv("AID_DB");
		unsetenv("PORT");
		for (size_t i = 0; proc_env != NULL && proc_env[i] != NULL; i++)
			putenv((char *)(uintptr_t)proc_env[i]);
		execv(argv[0], (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	p->out = out[0];
	p->err = err[0];
}

char *
proc_slurp(int fd, int timeout_ms)
{
	struct buf b = { 0 };
	char chunk[1024];

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t r;

		if (poll(&pfd, 1, timeout_ms) <= 0)
			break;
		if ((r = read(fd, chunk, sizeof(chunk))) <= 0)
			break;
		buf_putn(&b, chunk, (size_t)r);
	}
	return buf_finish(&b);
}

int
proc_wait(pid_t pid, int seconds)
{
	for (int i = 0; i < seconds * 100; i++) {
		int status;
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		usleep(10000);
	}
	return -1;
}

char *
proc_refusal(const char *const *args, int rc)
{
	struct proc p;
	char *err;
	int status;
	size_t lines = 0, n;

	proc_spawn(&p, args);
	status = proc_wait(p.pid, 10);
	err = proc_slurp(p.err, 100);
	close(p.out);
	close(p.err);
	if (status == -1) {
		kill(p.pid, SIGKILL);
		waitpid(p.pid, NULL, 0);
		fail_msg("still running; stderr: %s", err);
	}
	for (const char *c = err; *c != '\0'; c++)
		lines += *c == '\n';
	if (!WIFEXITED(status) || WEXITSTATUS(status) != rc || lines != 1)
		fail_msg("want exit %d and one line; got %s %d and stderr: %s",
		    rc, WIFEXITED(status) ? "exit" : "signal",
		    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
		    err);
	n = strlen(err);
	if (n > 0 && err[n - 1] == '\n')
		err[n - 1] = '\0';
	return err;
}

void
proc_expect_refusal(const char *const *args, int rc, const char *want)
{
	char *line = proc_refusal(args, rc);

	if (strstr(line, want) == NULL)
		fail_msg("want a line with '%s'; got '%s'", want, line);
	free(line);
}

unsigned short
proc_start_with(struct proc *p, const char *const *args)
{
	char line[256];
	size_t n = 0;
	const char *colon;

	proc_spawn(p, args);
	/* read the first line: "... listening on http://127.0.0.1:PORT/" */
	while (n < sizeof(line) - 1) {
		struct pollfd pfd = { .fd = p->out, .events = POLLIN };

		if (poll(&pfd, 1, 10000) <= 0 || read(p->out, line + n, 1) != 1)
			break;
		if (line[n++] == '\n')
			break;
	}
	line[n] = '\0';
	colon = strstr(line, "127.0.0.1:");
	if (colon == NULL)
		fail_msg("no port in '%s'", line);
	if (strstr(line, MHD_get_version()) == NULL)
		fail_msg("no libmicrohttpd version in '%s'", line);
	return (unsigned short)atoi(colon + strlen("127.0.0.1:"));
}

unsigned short
proc_start_threads(struct proc *p, const char *threads)
{
	const char *args[] = { "--port", "0", "--db", harness_db(), "--threads",
		threads, "--drain-seconds", "5", NULL };

	return proc_start_with(p, args);
}

unsigned short
proc_start(struct proc *p)
{
	return proc_start_threads(p, "2");
}

int
proc_connect(unsigned short port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
		.sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

/* GET /healthz on a new connection: 1 when it is answered 200. */
int
proc_healthy(unsigned short port)
{
	static const char get[] =
	    "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
	int fd = proc_connect(port), ok;
	char *answer;

	ok = send(fd, get, sizeof(get) - 1, 0) == (ssize_t)sizeof(get) - 1;
	answer = proc_slurp(fd, 5000);
	close(fd);
	ok = ok && strncmp(answer, "HTTP/1.1 200 ", 13) == 0;
	free(answer);
	return ok;
}

/* The state letter of pid in /proc/pid/stat ('T' stopped), or 0. */
static char
proc_state(pid_t pid)
{
	char path[64], line[512], *end;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	end = fgets(line, sizeof(line), f) != NULL ? strrchr(line, ')') : NULL;
	fclose(f);
	return end != NULL && end[1] == ' ' ? end[2] : 0;
}

void
proc_pause(pid_t pid)
{
	struct timespec tick = { 0, 5 * 1000 * 1000 };

	assert_int_equal(kill(pid, SIGSTOP), 0);
	for (int i = 0; i < 1000 && proc_state(pid) != 'T'; i++)
		nanosleep(&tick, NULL);
	check(proc_state(pid) == 'T', "the server did not stop");
}

void
proc_stop_clean(struct proc *p)
{
	int status;

	assert_int_equal(kill(p->pid, SIGTERM), 0);
	status = proc_wait(p->pid, 10);
	check(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "status %d", status);
	close(p->out);
	close(p->err);
}
