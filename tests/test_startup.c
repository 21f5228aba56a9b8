/*
 * Start-up of the real binary (harness_proc.h): every way the database,
 * the socket or a flag can be wrong gives one line on stderr naming the
 * problem and a non-zero exit, never a crash or a server that answers
 * 500s; the flags and variables it takes, and its help and version.
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
#include "harness_proc.h"

static char tmpdir[] = "/tmp/aid-startup-XXXXXX";

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
	(void)state;
	return harness_rmtree(tmpdir);
}

/* A database path that does not exist. */
static void
test_missing_db(void **state)
{
	const char *path = tmp_path("absent.db");
	const char *args[] = { "--port", "0", "--db", path, NULL };

	(void)state;
	proc_expect_refusal(args, 1, path);
}

/* A directory where the database should be. */
static void
test_db_is_directory(void **state)
{
	const char *args[] = { "--port", "0", "--db", tmpdir, NULL };

	(void)state;
	proc_expect_refusal(args, 1, "not a regular file");
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
	proc_expect_refusal(args, 1, path);
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
	proc_expect_refusal(args, 1, path);
}

/* An empty file: SQLite reads it as an empty database of version 0. */
static void
test_db_empty(void **state)
{
	const char *path = tmp_path("empty.db");
	const char *args[] = { "--port", "0", "--db", path, NULL };

	(void)state;
	write_file(path, "", 0);
	proc_expect_refusal(args, 1, "schema version 0");
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
	proc_expect_refusal(args, 1, want);
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
	proc_expect_refusal(args, 1, "expected schema");
}

/* An address that is not this machine's (TEST-NET-1): exit 1 naming it. */
static void
test_bind_elsewhere(void **state)
{
	const char *args[] = { "--port", "0", "--bind", "192.0.2.1", "--db",
		harness_db(), NULL };

	(void)state;
	proc_expect_refusal(args, 1, "cannot listen on 192.0.2.1 port 0");
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
	proc_expect_refusal(args, 1, port);
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
	proc_expect_refusal(origin, 2, "'ftp://b.example' is not an origin");
	proc_expect_refusal(size, 2, "--cache-bytes");
	proc_expect_refusal(port, 2, "--port");
	proc_expect_refusal(threads, 2, "--threads");
	proc_expect_refusal(bind_, 2, "--bind");
	proc_expect_refusal(unknown, 2, "--colour");
	proc_expect_refusal(empty, 2, "--db");
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

		proc_env = bad[i].env != NULL ? env : NULL;
		proc_expect_refusal(bad[i].args, 2, bad[i].want);
	}
	proc_env = NULL;
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	proc_expect_refusal(longer_cors, 2, "--cors-origin: is too long");
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
	proc_env = env;
	proc_expect_refusal(args, 1, path);
	proc_env = more_env;
	proc_expect_refusal(more, 1, path);
	proc_env = NULL;
}

/* -h is --help. */
static void
test_short_help(void **state)
{
	const char *args[] = { "-h", NULL };
	struct proc p;
	char *out;

	(void)state;
	proc_spawn(&p, args);
	out = proc_slurp(p.out, 5000);
	assert_int_equal(proc_wait(p.pid, 5), 0);
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
	proc_spawn(&p, help);
	out = proc_slurp(p.out, 5000);
	assert_int_equal(proc_wait(p.pid, 5), 0);
	for (const char *want = "--port\0PORT\0--bind\0BIND\0--db\0AID_DB\0"
				"--threads\0--drain-seconds\0";
	     *want; want += strlen(want) + 1)
		assert_non_null(strstr(out, want));
	free(out);
	close(p.out);
	close(p.err);
	proc_spawn(&p, version);
	out = proc_slurp(p.out, 5000);
	assert_int_equal(proc_wait(p.pid, 5), 0);
	/* the libmicrohttpd it runs with, as this process loaded it too */
	snprintf(line, sizeof(line), "aid-api %s (libmicrohttpd %s)\n",
	    AID_VERSION, MHD_get_version());
	assert_string_equal(out, line);
	free(out);
	close(p.out);
	close(p.err);
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
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests_name("startup", tests, setup, teardown);
}
