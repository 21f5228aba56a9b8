/*
 * Start-up and shutdown of the real binary ($AID_BIN, else build/aid-api):
 * every way the database, the socket or a flag can be wrong gives one line
 * on stderr naming the problem and a non-zero exit, never a crash or a
 * server that answers 500s; SIGTERM and SIGINT drain and exit 0.
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
#include <sqlite3.h>

#include "harness.h"

static char tmpdir[] = "/tmp/aid-startup-XXXXXX";

struct proc {
	pid_t pid;
	int out, err; /* read ends of its stdout and stderr */
};

static const char *
bin(void)
{
	const char *b = getenv("AID_BIN");

	return b != NULL && *b != '\0' ? b : "build/aid-api";
}

/* Variables the next spawn() sets in the child ("NAME=value", NULL-ended;
 * NULL: none). */
static const char *const *child_env;

/* Starts the binary with argv (NULL-terminated, argv[0] excluded). */
static void
spawn(struct proc *p, const char *const *args)
{
	int out[2], err[2];
	const char *argv[16];
	size_t n = 0;

	argv[n++] = bin();
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
		for (size_t i = 0; child_env != NULL && child_env[i] != NULL;
		     i++)
			putenv((char *)(uintptr_t)child_env[i]);
		execv(argv[0], (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	p->out = out[0];
	p->err = err[0];
}

/* Reads fd until EOF or timeout_ms of silence; returns a new string. */
static char *
slurp(int fd, int timeout_ms)
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

/* Waits up to seconds for the process; returns its wait status or -1. */
static int
wait_for(pid_t pid, int seconds)
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

/*
 * Runs the binary with args, expecting it to exit with code rc and exactly
 * one line on stderr that contains want.
 */
static void
expect_refusal(const char *const *args, int rc, const char *want)
{
	struct proc p;
	char *err;
	int status;
	size_t lines = 0;

	spawn(&p, args);
	status = wait_for(p.pid, 10);
	err = slurp(p.err, 100);
	close(p.out);
	close(p.err);
	if (status == -1) {
		kill(p.pid, SIGKILL);
		waitpid(p.pid, NULL, 0);
		fail_msg("still running; stderr: %s", err);
	}
	for (const char *c = err; *c != '\0'; c++)
		lines += *c == '\n';
	if (!WIFEXITED(status) || WEXITSTATUS(status) != rc || lines != 1 ||
	    strstr(err, want) == NULL)
		fail_msg("want exit %d and one line with '%s'; got %s %d and "
			 "stderr: %s",
		    rc, want, WIFEXITED(status) ? "exit" : "signal",
		    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
		    err);
	free(err);
}

/* A path in the test's directory (eight live at a time). */
static const char *
tmp_path(const char *name)
{
	static char paths[8][256];
	static int next;
	char *p = paths[next++ % 8];

	snprintf(p, sizeof(paths[0]), "%s/%s", tmpdir, name);
	return p;
}

static void
write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void
make_db(const char *path, const char *sql)
{
	sqlite3 *db;

	unlink(path);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[512];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A database path that does not exist. */
static void
test_missing_db(void **state)
{
	const char *path = tmp_path("absent.db");
	const char *args[] = { "--port", "0", "--db", path, NULL };

	(void)state;
	expect_refusal(args, 1, path);
}

/* A directory where the database should be. */
static void
test_db_is_directory(void **state)
{
	const char *args[] = { "--port", "0", "--db", tmpdir, NULL };

	(void)state;
	expect_refusal(args, 1, "not a regular file");
}

/* A file that is not SQLite at all. */
static void
test_db_not_sqlite(void **state)
{
	const char *path = tmp_path("garbage.db");
	const char *args[] = { "--port", "0", "--db", path, NULL };
	char junk[8192];

	(void)state;
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (char)(i * 7 + 3);
	write_file(path, junk, sizeof(junk));
	expect_refusal(args, 1, path);
}

/* The real database cut in half: corrupt. */
static void
test_db_truncated(void **state)
{
	const char *path = tmp_path("truncated.db");
	const char *args[] = { "--port", "0", "--db", path, NULL };
	FILE *f = fopen(harness_db(), "rb");
	char *data;
	long len;

	(void)state;
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc((size_t)len);
	assert_int_equal(fread(data, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	write_file(path, data, (size_t)len / 2);
	free(data);
	expect_refusal(args, 1, path);
}

/* An empty file: SQLite reads it as an empty database of version 0. */
static void
test_db_empty(void **state)
{
	const char *path = tmp_path("empty.db");
	const char *args[] = { "--port", "0", "--db", path, NULL };

	(void)state;
	write_file(path, "", 0);
	expect_refusal(args, 1, "schema version 0");
}

/* A database of another schema version. */
static void
test_db_wrong_version(void **state)
{
	const char *path = tmp_path("next.db");
	const char *args[] = { "--port", "0", "--db", path, NULL };
	char sql[128], want[64];

	(void)state;
	snprintf(sql, sizeof(sql),
	    "CREATE TABLE t (x); PRAGMA user_version = %d;",
	    STORE_SCHEMA_VERSION + 1);
	snprintf(
	    want, sizeof(want), "schema version %d", STORE_SCHEMA_VERSION + 1);
	make_db(path, sql);
	expect_refusal(args, 1, want);
}

/* The right version number on tables that are not ours. */
static void
test_db_wrong_tables(void **state)
{
	const char *path = tmp_path("other.db");
	const char *args[] = { "--port", "0", "--db", path, NULL };
	char sql[128];

	(void)state;
	snprintf(sql, sizeof(sql),
	    "CREATE TABLE meta (key, value); PRAGMA user_version = %d;",
	    STORE_SCHEMA_VERSION);
	make_db(path, sql);
	expect_refusal(args, 1, "expected schema");
}

/* An address that is not this machine's (TEST-NET-1): exit 1 naming it. */
static void
test_bind_elsewhere(void **state)
{
	const char *args[] = { "--port", "0", "--bind", "192.0.2.1", "--db",
		harness_db(), NULL };

	(void)state;
	expect_refusal(args, 1, "cannot listen on 192.0.2.1 port 0");
}

/* A port another socket holds. */
static void
test_port_in_use(void **state)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	char port[16];
	const char *args[] = { "--port", port, "--db", harness_db(), NULL };

	(void)state;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 1), 0);
	getsockname(fd, (struct sockaddr *)&sa, &len);
	snprintf(port, sizeof(port), "%u", ntohs(sa.sin_port));
	expect_refusal(args, 1, port);
	close(fd);
}

/* Bad flag values and unknown flags exit 2 naming the flag. */
static void
test_bad_flags(void **state)
{
	const char *port[] = { "--port", "http", NULL };
	const char *threads[] = { "--threads", "0", NULL };
	const char *bind_[] = { "--bind", "localhost:80", NULL };
	const char *unknown[] = { "--colour", "red", NULL };
	const char *empty[] = { "--db=", NULL };
	const char *origin[] = { "--cors-origin",
		"https://a.example, ftp://b.example", NULL };
	const char *size[] = { "--cache-bytes", "12X", NULL };

	(void)state;
	/* the offending entry of a list is named, not only the flag */
	expect_refusal(origin, 2, "'ftp://b.example' is not an origin");
	expect_refusal(size, 2, "--cache-bytes");
	expect_refusal(port, 2, "--port");
	expect_refusal(threads, 2, "--threads");
	expect_refusal(bind_, 2, "--bind");
	expect_refusal(unknown, 2, "--colour");
	expect_refusal(empty, 2, "--db");
}

/* Each kind of value refused, from a flag or its variable: exit 2 and one
 * line naming it and what it must be. */
static void
test_bad_values(void **state)
{
	char longer[5000];
	const char *longer_cors[] = { "--cors-origin", longer, NULL };
	static const struct {
		const char *args[4];
		const char *env;
		const char *want;
	} bad[] = {
		{ { "--trust-proxy=maybe" }, NULL, "must be true or false" },
		{ { "--access-log", "yaml" }, NULL, "must be json|off" },
		{ { "--cors-origin", "http://a b" }, NULL,
		    "'http://a b' is not an origin" },
		{ { "--cors-origin", "*, https://a.example" }, NULL,
		    "'*' is not an origin" },
		{ { "--cors-origin", "gopher://a" }, NULL, "is not an origin" },
		{ { "--cache-bytes", "M" }, NULL,
		    "--cache-bytes: must be a "
		    "number of bytes" },
		{ { "--cache-bytes", "65G" }, NULL, "from 0 to 64G" },
		{ { "--connection-memory", "1K" }, NULL,
		    "--connection-memory: must be" },
		{ { "--port", "1234567890123" }, NULL, "from 0 to 65535" },
		{ { "--port", "-1" }, NULL, "--port: must be an integer" },
		{ { "--threads", "" }, NULL, "--threads: must be an integer" },
		{ { "--port" }, NULL, "--port: needs a value" },
		{ { "serve" }, NULL, "unexpected argument 'serve'" },
		{ { "--a-flag-whose-name-goes-on-and-on-past-forty-bytes" },
		    NULL, "'--a-flag-whose-name-goes-on-and-on-past-fo'" },
		{ { NULL }, "PORT=http", "PORT: must be an integer" },
		{ { NULL }, "AID_TRUST_PROXY=perhaps",
		    "AID_TRUST_PROXY: must be true or false" },
		{ { NULL }, "BIND=", "BIND: must not be empty" },
		{ { NULL }, "AID_CORS_ORIGIN=ftp://b", "AID_CORS_ORIGIN: " },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *env[] = { bad[i].env, NULL };

		child_env = bad[i].env != NULL ? env : NULL;
		expect_refusal(bad[i].args, 2, bad[i].want);
	}
	child_env = NULL;
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	expect_refusal(longer_cors, 2, "--cors-origin: is too long");
}

/* Every kind of value taken, from flags and variables: the server goes on
 * to its database, which is not there, and says only that. */
static void
test_good_values(void **state)
{
	const char *path = tmp_path("none.db");
	const char *args[] = { "--trust-proxy=yes", "--access-log", "off",
		"--cache-bytes", "1G", "--connection-memory=32K", "--port", "0",
		"--db", path, "--cors-origin",
		" https://a.example ,\thttp://b:8000 ", NULL };
	static const char *const env[] = { "AID_TRUST_PROXY=0",
		"AID_CACHE_BYTES=64K", "AID_THREADS=2", "AID_STALE_IF_ERROR=0",
		NULL };

	const char *more[] = { "--trust-proxy=false", "--trust-proxy=no",
		"--cors-origin", "http://[::1]:8000,https://A.Example", "--db",
		path, "--access-log=json", NULL };
	static const char *const more_env[] = { "AID_TRUST_PROXY=1",
		"AID_CORS_ORIGIN=*", "AID_CONNECTION_MEMORY=1M", NULL };

	(void)state;
	child_env = env;
	expect_refusal(args, 1, path);
	child_env = more_env;
	expect_refusal(more, 1, path);
	child_env = NULL;
}

/* -h is --help. */
static void
test_short_help(void **state)
{
	const char *args[] = { "-h", NULL };
	struct proc p;
	char *out;

	(void)state;
	spawn(&p, args);
	out = slurp(p.out, 5000);
	assert_int_equal(wait_for(p.pid, 5), 0);
	check(strstr(out, "--cors-origin") != NULL &&
		strstr(out, "=true|false, default false") != NULL &&
		strstr(out, "default 32M") != NULL,
	    "-h printed: %s", out);
	free(out);
	close(p.out);
	close(p.err);
}

/* --help lists every flag with its variable; --version prints it. */
static void
test_help_and_version(void **state)
{
	const char *help[] = { "--help", NULL };
	const char *version[] = { "--version", NULL };
	struct proc p;
	char *out, line[128];

	(void)state;
	spawn(&p, help);
	out = slurp(p.out, 5000);
	assert_int_equal(wait_for(p.pid, 5), 0);
	for (const char *want = "--port\0PORT\0--bind\0BIND\0--db\0AID_DB\0"
				"--threads\0--drain-seconds\0";
	     *want; want += strlen(want) + 1)
		assert_non_null(strstr(out, want));
	free(out);
	close(p.out);
	close(p.err);
	spawn(&p, version);
	out = slurp(p.out, 5000);
	assert_int_equal(wait_for(p.pid, 5), 0);
	/* the libmicrohttpd it runs with, as this process loaded it too */
	snprintf(line, sizeof(line), "aid-api %s (libmicrohttpd %s)\n",
	    AID_VERSION, MHD_get_version());
	assert_string_equal(out, line);
	free(out);
	close(p.out);
	close(p.err);
}

/* Starts the server with args (one of them --port 0); returns the port it
 * printed. */
static unsigned short
start_server_with(struct proc *p, const char *const *args)
{
	char line[256];
	size_t n = 0;
	const char *colon;

	spawn(p, args);
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

/* Starts the server on a free port; returns the port it printed. */
static unsigned short
start_server_threads(struct proc *p, const char *threads)
{
	const char *args[] = { "--port", "0", "--db", harness_db(), "--threads",
		threads, "--drain-seconds", "5", NULL };

	return start_server_with(p, args);
}

static unsigned short
start_server(struct proc *p)
{
	return start_server_threads(p, "2");
}

static int
connect_to(unsigned short port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
		.sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

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
	port = start_server(&p);
	fd = connect_to(port);
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
	answer = slurp(fd, 5000);
	close(fd);
	assert_true(strncmp(answer, "HTTP/1.1 200 ", 13) == 0);
	assert_non_null(strstr(answer, "\"data\""));
	status = wait_for(p.pid, 10);
	err = slurp(p.err, 100);
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
	start_server(&p);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(kill(p.pid, SIGINT), 0);
	status = wait_for(p.pid, 10);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(t1.tv_sec - t0.tv_sec < 3);
	close(p.out);
	close(p.err);
}

/* GET /healthz on a new connection: 1 when it is answered 200. */
static int
healthy(unsigned short port)
{
	static const char get[] =
	    "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
	int fd = connect_to(port), ok;
	char *answer;

	ok = send(fd, get, sizeof(get) - 1, 0) == (ssize_t)sizeof(get) - 1;
	answer = slurp(fd, 5000);
	close(fd);
	ok = ok && strncmp(answer, "HTTP/1.1 200 ", 13) == 0;
	free(answer);
	return ok;
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
	unsigned short port = start_server(&p);
	int status;
	char *err;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(kill(p.pid, ignored[i]), 0);
		usleep(100 * 1000);
		check(healthy(port), "no answer after signal %d", ignored[i]);
	}
	assert_int_equal(kill(p.pid, SIGQUIT), 0);
	status = wait_for(p.pid, 10);
	err = slurp(p.err, 100);
	check(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "SIGQUIT: status %d, stderr: %s", status, err);
	for (size_t i = 0; i < 4; i++)
		check(strstr(err, said[i]) != NULL,
		    "stderr does not say '%s': %s", said[i], err);
	free(err);
	close(p.out);
	close(p.err);
}

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
	port = start_server_with(&p, args);
	/* 16 idle connections; the oldest has begun a head ("GE") */
	for (int i = 0; i < 16; i++) {
		fds[i] = connect_to(port);
		if (i == 0)
			assert_int_equal(send(fds[i], "GE", 2, 0), 2);
		usleep(20 * 1000);
	}
	usleep(200 * 1000);
	check(healthy(port), "a 17th client is not answered");
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
		fds[i] = connect_to(port);
		assert_int_equal(send(fds[i], line, sizeof(line) - 1, 0),
		    (ssize_t)sizeof(line) - 1);
	}
	usleep(300 * 1000);
	fd = connect_to(port);
	n = send(fd, "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n", 35, 0);
	n = recv(fd, buf, sizeof(buf), 0);
	check(n <= 0, "a client past the most is answered: %.*s", (int)n, buf);
	close(fd);
	for (int i = 0; i < 16; i++)
		close(fds[i]);
	assert_int_equal(kill(p.pid, SIGTERM), 0);
	status = wait_for(p.pid, 10);
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
	port = start_server_with(&p, args);
	slow = connect_to(port);
	assert_int_equal(
	    send(slow, part, sizeof(part) - 1, 0), (ssize_t)sizeof(part) - 1);
	ms = closed_after(slow, 5000);
	check(
	    ms >= 500 && ms < 3000, "a head trickled: closed after %ld ms", ms);
	close(slow);
	/* an answer, then the next head begun and left */
	kept = connect_to(port);
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
	half = connect_to(port);
	assert_int_equal(
	    send(half, part, sizeof(part) - 1, 0), (ssize_t)sizeof(part) - 1);
	assert_int_equal(shutdown(half, SHUT_WR), 0);
	ms = closed_after(half, 5000);
	check(
	    ms >= 0 && ms < 900, "a half-closed head: closed after %ld ms", ms);
	close(half);
	assert_int_equal(kill(p.pid, SIGTERM), 0);
	assert_true(wait_for(p.pid, 10) != -1);
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

		start_server_threads(&p, counts[i]);
		assert_int_equal(kill(p.pid, SIGTERM), 0);
		status = wait_for(p.pid, 10);
		err = slurp(p.err, 100);
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
	snprintf(port, sizeof(port), "%u", start_server(&server));
	for (size_t i = 0; i < 2; i++) {
		struct proc p;
		char *err;
		int status;

		spawn(&p, runs[i]);
		status = wait_for(p.pid, 10);
		err = slurp(p.err, 100);
		if (status == -1 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0 || *err != '\0')
			fail_msg("--healthcheck %s: status %d, stderr: %s",
			    runs[i][1], status, err);
		free(err);
		close(p.out);
		close(p.err);
	}
	assert_int_equal(kill(server.pid, SIGTERM), 0);
	assert_true(wait_for(server.pid, 10) != -1);
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
	expect_refusal(args, 1, want);
	snprintf(want, sizeof(want), "healthcheck: ::1 port %s: ", port);
	expect_refusal(six, 1, want);
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
	expect_refusal(args, 1, "answered 'HTTP/1.1 503 Service'");
	waitpid(child, NULL, 0);
	/* the same socket, never accepted: the request goes unanswered */
	expect_refusal(args, 1, "answered 'nothing'");
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_db),
		cmocka_unit_test(test_db_is_directory),
		cmocka_unit_test(test_db_not_sqlite),
		cmocka_unit_test(test_db_truncated),
		cmocka_unit_test(test_db_empty),
		cmocka_unit_test(test_db_wrong_version),
		cmocka_unit_test(test_db_wrong_tables),
		cmocka_unit_test(test_port_in_use),
		cmocka_unit_test(test_bind_elsewhere),
		cmocka_unit_test(test_bad_flags),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_good_values),
		cmocka_unit_test(test_short_help),
		cmocka_unit_test(test_help_and_version),
		cmocka_unit_test(test_sigterm_drains),
		cmocka_unit_test(test_sigint_exits),
		cmocka_unit_test(test_threads_quiet),
		cmocka_unit_test(test_signals_ignored_then_quit),
		cmocka_unit_test(test_max_connections),
		cmocka_unit_test(test_header_deadline),
		cmocka_unit_test(test_healthcheck_ready),
		cmocka_unit_test(test_healthcheck_nothing),
		cmocka_unit_test(test_healthcheck_not_ready),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests_name("startup", tests, setup, teardown);
}
