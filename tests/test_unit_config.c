/*
 * Unit tests of start-up: the flags and their variables, the
 * libmicrohttpd versions and what each needs, and the default connection
 * limit against the memory the process may take.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

/*
 * config_parse on the arguments given (NULL-terminated), copied into
 * storage that outlives the call: the configuration borrows its strings.
 */
static int
parse_args(struct config *cfg, ...)
{
	static char store[8][64];
	char *argv[9];
	const char *a;
	int argc = 0;
	va_list ap;

	va_start(ap, cfg);
	while ((a = va_arg(ap, const char *)) != NULL && argc < 8) {
		snprintf(store[argc], sizeof(store[argc]), "%s", a);
		argv[argc] = store[argc];
		argc++;
	}
	va_end(ap);
	argv[argc] = NULL;
	return config_parse(cfg, argc, argv);
}

static void
test_config(void **state)
{
	struct config cfg;

	(void)state;
	assert_int_equal(parse_args(&cfg, "aid-api", "--port", "0",
			     "--threads=3", "--db", "x.db", NULL),
	    0);
	assert_int_equal(cfg.port, 0);
	assert_int_equal(cfg.threads, 3);
	assert_string_equal(cfg.db, "x.db");
	assert_int_equal(
	    parse_args(&cfg, "aid-api", "--port", "70000", NULL), 2);
	assert_int_equal(parse_args(&cfg, "aid-api", "--nope", NULL), 2);
	assert_int_equal(parse_args(&cfg, "aid-api", "--db", NULL), 2);
	assert_int_equal(
	    parse_args(&cfg, "aid-api", "--access-log=xml", NULL), 2);
	assert_int_equal(parse_args(&cfg, "aid-api", "stray", NULL), 2);
	setenv("PORT", "9090", 1);
	assert_int_equal(parse_args(&cfg, "aid-api", NULL), 0);
	assert_int_equal(cfg.port, 9090);
	assert_int_equal(parse_args(&cfg, "aid-api", "--port", "1", NULL), 0);
	assert_int_equal(cfg.port, 1); /* a flag wins over its variable */
	setenv("PORT", "nine", 1);
	assert_int_equal(parse_args(&cfg, "aid-api", NULL), 2);
	unsetenv("PORT");
	/* spaces around the origins of a list are forgiven */
	assert_int_equal(parse_args(&cfg, "aid-api", "--cors-origin",
			     " https://a.example , http://b:8000", NULL),
	    0);
	assert_string_equal(cfg.cors_origin, "https://a.example,http://b:8000");
	assert_int_equal(
	    parse_args(&cfg, "aid-api", "--cors-origin", "*", NULL), 0);
	assert_string_equal(cfg.cors_origin, "*");
	assert_int_equal(parse_args(&cfg, "aid-api", "--cors-origin",
			     "https://a.example,,http://b", NULL),
	    2);
	assert_int_equal(parse_args(&cfg, "aid-api", "--cors-origin",
			     "*, https://a.example", NULL),
	    2);
	/* sizes take K, M and G */
	assert_int_equal(
	    parse_args(&cfg, "aid-api", "--cache-bytes", "64K", NULL), 0);
	assert_int_equal(cfg.cache_bytes, 64 * 1024);
	assert_int_equal(
	    parse_args(&cfg, "aid-api", "--cache-bytes", "2M", NULL), 0);
	assert_int_equal(cfg.cache_bytes, 2 * 1024 * 1024);
	assert_int_equal(
	    parse_args(&cfg, "aid-api", "--cache-bytes", "0", NULL), 0);
	assert_int_equal(cfg.cache_bytes, 0);
	assert_int_equal(
	    parse_args(&cfg, "aid-api", "--cache-bytes", "65G", NULL), 2);
	assert_int_equal(
	    parse_args(&cfg, "aid-api", "--cache-bytes", "M", NULL), 2);
}

/* --stale-while-revalidate and --stale-if-error: their defaults, their
 * variables, a flag winning over its variable, and what is refused. */
static void
test_config_staleness(void **state)
{
	static const char *const bad[] = { "-1", "31536001", "1e3", "", "x",
		NULL };
	struct config cfg;

	(void)state;
	unsetenv("AID_STALE_WHILE_REVALIDATE");
	unsetenv("AID_STALE_IF_ERROR");
	assert_int_equal(parse_args(&cfg, "aid-api", NULL), 0);
	assert_int_equal(cfg.stale_revalidate, 60);
	assert_int_equal(cfg.stale_if_error, 86400);
	assert_int_equal(parse_args(&cfg, "aid-api", "--stale-while-revalidate",
			     "0", "--stale-if-error=31536000", NULL),
	    0);
	assert_int_equal(cfg.stale_revalidate, 0);
	assert_int_equal(cfg.stale_if_error, 31536000);
	setenv("AID_STALE_WHILE_REVALIDATE", "5", 1);
	setenv("AID_STALE_IF_ERROR", "0", 1);
	assert_int_equal(parse_args(&cfg, "aid-api", NULL), 0);
	assert_int_equal(cfg.stale_revalidate, 5);
	assert_int_equal(cfg.stale_if_error, 0);
	assert_int_equal(
	    parse_args(&cfg, "aid-api", "--stale-if-error", "7", NULL), 0);
	assert_int_equal(cfg.stale_if_error, 7); /* the flag wins */
	for (size_t i = 0; bad[i] != NULL; i++) {
		setenv("AID_STALE_IF_ERROR", bad[i], 1);
		assert_int_equal(parse_args(&cfg, "aid-api", NULL), 2);
		unsetenv("AID_STALE_IF_ERROR");
		assert_int_equal(parse_args(&cfg, "aid-api",
				     "--stale-while-revalidate", bad[i], NULL),
		    2);
	}
	unsetenv("AID_STALE_WHILE_REVALIDATE");
}

/* Versions as MHD_VERSION writes them, and what each offers and needs:
 * the workarounds of server/mhdcompat.c apply within their ranges only. */
static void
test_mhd_versions(void **state)
{
	static const struct {
		const char *text;
		unsigned long version;
		int discipline, cut_query, as_sent;
	} v[] = {
		{ "0.9.75", 0x00097500, 0, 1, 1 },
		{ "0.9.76", 0x00097600, 0, 1, 1 },
		{ "0.9.77", 0x00097700, 0, 1, 1 },
		{ "0.9.77.1", 0x00097701, 1, 1, 0 },
		{ "1.0.1", 0x01000100, 1, 1, 0 },
		{ "1.0", 0x01000000, 1, 1, 0 },
		{ "1.1.0", 0x01010000, 1, 0, 0 },
		{ "0.9.74", 0x00097400, 0, 0, 0 },
		{ "", 0, 0, 0, 0 },
		{ "1", 0, 0, 0, 0 },
		{ "x.y", 0, 0, 0, 0 },
		{ "1.100", 0, 0, 0, 0 },
		{ "001.0", 0, 0, 0, 0 },
		{ "1.0.1.2.3", 0x01000102, 1, 1, 0 },
	};
	struct mhd_traits t;

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		check(mhd_version_of(v[i].text) == v[i].version,
		    "'%s' is 0x%08lx, not 0x%08lx", v[i].text,
		    mhd_version_of(v[i].text), v[i].version);
		t = mhd_traits_of(v[i].version);
		check(t.discipline == v[i].discipline &&
			t.cut_query == v[i].cut_query &&
			t.as_sent == v[i].as_sent &&
			/* (the same range as the cut: the same sources) */
			t.drain_waits == v[i].cut_query,
		    "%s: discipline %d, cut %d, as sent %d", v[i].text,
		    t.discipline, t.cut_query, t.as_sent);
	}
	/* the library this test runs with is one the server knows */
	t = *mhd_traits();
	check(t.version == mhd_version_of(MHD_get_version()) && t.cut_query,
	    "libmicrohttpd %s: no query cut", MHD_get_version());
}

/* The default connection limit keeps the memory bound within what the
 * process may take: the cache's budget, the fixed part and each
 * connection's share; never under 16 nor over 16384. */
static void
test_connections_allowed(void **state)
{
	unsigned long long mem = memory_allowed();
	long budgets[] = { 0, 32L << 20, 1L << 30 }, all;

	(void)state;
	check(mem > 0, "no memory limit known");
	for (size_t i = 0; i < sizeof(budgets) / sizeof(budgets[0]); i++) {
		long n = connections_allowed(budgets[i], 17 * 1024);
		unsigned long long need = (unsigned long long)budgets[i] +
		    MEMORY_FIXED + (unsigned long long)n * 17 * 1024;

		check(n >= 16 && n <= 16384, "%ld connections", n);
		check(n == 16 || need <= mem,
		    "%ld connections with a cache of %ld bytes need %llu "
		    "bytes, more than %llu",
		    n, budgets[i], need, mem);
	}
	/* a budget as large as the memory leaves the least */
	all = (long)(mem > LONG_MAX ? LONG_MAX : mem);
	check(connections_allowed(all, 17 * 1024) == 16,
	    "a cache as large as the memory still leaves %ld connections",
	    connections_allowed(all, 17 * 1024));
}

/* A file of the tree under root, its directories made. */
static void
put_file(const char *root, const char *path, const char *text)
{
	char full[512], cmd[600];
	FILE *f;

	snprintf(full, sizeof(full), "%s%s", root, path);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", full);
	assert_int_equal(system(cmd), 0);
	assert_non_null(f = fopen(full, "w"));
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* The cgroup's memory limit from a tree of each kind: v2 at the process's
 * own path, "max" there and a number at the namespace's root, the root
 * itself ("0::/"), v1, and none or no number anywhere. */
static void
test_cgroup_memory_limit(void **state)
{
	static const struct {
		const char *cgroup, *v2_own, *v2_root, *v1;
		unsigned long long want;
	} trees[] = {
		{ "12:cpu:/x\n0::/a/b\n", "1073741824\n", "5\n", NULL,
		    1073741824ULL },
		{ "0::/a/b\n", "max\n", "536870912\n", NULL, 536870912ULL },
		{ "0::/\n", NULL, "268435456\n", NULL, 268435456ULL },
		{ "4:memory:/x\n", NULL, NULL, "9223372036854771712\n",
		    9223372036854771712ULL },
		{ "0::/a/b\n", "max\n", "max\n", "junk\n", 0 },
		{ NULL, NULL, NULL, NULL, 0 },
	};
	char root[] = "/tmp/aid-cgroup-XXXXXX";

	(void)state;
	for (size_t i = 0; i < sizeof(trees) / sizeof(trees[0]); i++) {
		unsigned long long got;

		assert_non_null(mkdtemp(root));
		if (trees[i].cgroup != NULL)
			put_file(root, "/proc/self/cgroup", trees[i].cgroup);
		if (trees[i].v2_own != NULL)
			put_file(root, "/sys/fs/cgroup/a/b/memory.max",
			    trees[i].v2_own);
		if (trees[i].v2_root != NULL)
			put_file(root, "/sys/fs/cgroup/memory.max",
			    trees[i].v2_root);
		if (trees[i].v1 != NULL)
			put_file(root,
			    "/sys/fs/cgroup/memory/memory.limit_in_bytes",
			    trees[i].v1);
		got = cgroup_memory_limit(root);
		check(got == trees[i].want, "tree %zu: %llu, not %llu", i, got,
		    trees[i].want);
		assert_int_equal(harness_rmtree(root), 0);
		memcpy(root + strlen(root) - 6, "XXXXXX", 6);
	}
}

/* The connections open files and memory allow: files less the 576 kept,
 * memory less the cache and the fixed part over each connection's share,
 * the lower of the two, from 16 to 16384. */
static void
test_connections_for(void **state)
{
	const unsigned long long mib = 1ULL << 20, conn = 16 * 1024;
	const unsigned long long fixed = 32 * mib + MEMORY_FIXED;
	static const unsigned long long none = 0;
	const struct {
		unsigned long long files, mem;
		long cache, per;
		long want;
	} cases[] = {
		{ ULLONG_MAX, none, 32L << 20, 16 * 1024, 16384 },
		{ 1024, none, 32L << 20, 16 * 1024, 1024 - 576 },
		{ 600, none, 32L << 20, 16 * 1024, 24 },
		{ 100, none, 32L << 20, 16 * 1024, 16 },
		{ 100, fixed + 1000 * conn, 32L << 20, 16 * 1024, 16 },
		{ 100000, fixed + 1000 * conn, 32L << 20, 16 * 1024, 1000 },
		{ 100000, fixed + 1000 * conn + conn - 1, 32L << 20, 16 * 1024,
		    1000 },
		{ 1024, fixed + 1000 * conn, 32L << 20, 16 * 1024, 448 },
		{ 100000, fixed, 32L << 20, 16 * 1024, 16 },
		{ 100000, fixed - 1, 32L << 20, 16 * 1024, 16 },
		{ 100000, 64 * 1024 * mib, 32L << 20, 0, 16 },
		{ 65536, 64 * 1024 * mib, 32L << 20, 16 * 1024, 16384 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long got = connections_for(
		    cases[i].files, cases[i].mem, cases[i].cache, cases[i].per);

		check(got == cases[i].want,
		    "%llu files, %llu bytes, a cache of %ld, %ld each: %ld "
		    "connections, not %ld",
		    cases[i].files, cases[i].mem, cases[i].cache, cases[i].per,
		    got, cases[i].want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_config_staleness),
		cmocka_unit_test(test_mhd_versions),
		cmocka_unit_test(test_connections_allowed),
		cmocka_unit_test(test_cgroup_memory_limit),
		cmocka_unit_test(test_connections_for),
	};

	return cmocka_run_group_tests_name("unit_config", tests, NULL, NULL);
}
