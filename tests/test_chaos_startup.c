/*
 * The chaos test of start-up (tests/harness_chaos.h): every allocation of
 * each start-up operation fails in turn, N = 1, 2, ... until it succeeds
 * with nothing failed. Each run must end clean: refused with a one-line
 * reason (in its error buffer, or printed as "aid-api: ..."), or
 * succeeded all the same with what it makes without failure; and every
 * block it allocated freed (SQLite's too, where it opens its own
 * connections).
 *
 * The operations: the configuration, opening a store, loading the
 * dataset, what the dataset offers whole, each collection's view, the
 * OpenAPI document and the citations, each on its own; then the service
 * (stores, handlers' state, cache, counters, CORS) and the daemon as
 * daemon_start makes it, whose allocations are their own and those of the
 * operations above, nested (chaos_nesting): of each nested call only the
 * first fails there, the rest having failed in its own operation.
 * libmicrohttpd's own start (MHD_start_daemon) allocates inside the
 * library, where no hook reaches.
 *
 * AID_CHAOS_STDERR=keep leaves stderr alone (a sanitizer's report in the
 * middle of a run is then seen; the one line a run prints is not
 * checked).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../db/internal.h"
#include "../handlers/collection.h"
#include "harness.h"
#include "harness_chaos.h"

/*
 * A start-up operation makes something (run: 0, or -1 with a one-line
 * reason in err, or the one line it printed), is undone (also after a
 * failure: what it made in part), and, when it succeeded though an
 * allocation failed, must have made what it makes without failure (same).
 */
struct startup {
	const char *name;
	int (*run)(char *err, size_t cap);
	int (*same)(void);
	void (*undo)(void);
	int sqlite; /* opens and closes its own connections */
	int prints; /* says why on stderr, not in err */
	int nested; /* made of the operations above */
};

static int keep_stderr; /* AID_CHAOS_STDERR=keep */

/* service_open itself, not the nested call (tests/harness_chaos_nest.c) */
int __real_service_open(
    struct service *, const struct config *, const struct app *);

/* What every operation compares with: made once, without failure. */
static struct config cfg;	/* the service's */
static struct service svc;	/* the requests' answers */
static struct store *store;	/* the operations' own connection */
static struct dataset *dataset; /* loaded from it */
static struct store_about about;
static struct view views[COLL__MAX];
static struct api api; /* the dataset and the rest as api_open makes them */

static const struct collection *const collections[COLL__MAX] = {
	&entities_collection, &partnerships_collection, &funding_collection,
	&events_collection, &sources_collection
};

/* The configuration: the defaults (the memory the machine allows is read
 * from files), and every flag given. */
static struct config conf, conf_ref;
static char *conf_argv[40];
static int conf_argc;

static int
run_config(char *err, size_t cap)
{
	(void)err;
	(void)cap;
	return config_parse(&conf, conf_argc, conf_argv) == 0 ? 0 : -1;
}

static int
same_config(void)
{
	const struct config *a = &conf, *b = &conf_ref;

	return a->port == b->port && chaos_same_str(a->bind, b->bind) &&
	    chaos_same_str(a->db, b->db) && a->threads == b->threads &&
	    a->max_connections == b->max_connections &&
	    a->connections_per_address == b->connections_per_address &&
	    a->idle_timeout == b->idle_timeout &&
	    a->header_timeout == b->header_timeout &&
	    a->drain_seconds == b->drain_seconds &&
	    chaos_same_str(a->access_log, b->access_log) &&
	    a->cache_max_age == b->cache_max_age &&
	    a->stale_revalidate == b->stale_revalidate &&
	    a->stale_if_error == b->stale_if_error &&
	    a->cache_bytes == b->cache_bytes &&
	    a->connection_memory == b->connection_memory &&
	    chaos_same_str(a->cors_origin, b->cors_origin) &&
	    a->trust_proxy == b->trust_proxy &&
	    a->healthcheck == b->healthcheck &&
	    a->mhd_discipline == b->mhd_discipline;
}

static void
undo_nothing(void)
{
}

/* Opening a store. */
static struct store *opened;

static int
run_store(char *err, size_t cap)
{
	return (opened = store_open(harness_db(), err, cap)) != NULL ? 0 : -1;
}

static int
same_store(void)
{
	struct store_info a, b;
	char err[256];

	return store_ping(opened) == 0 &&
	    store_info(opened, &a, err, sizeof(err)) == 0 &&
	    store_info(store, &b, err, sizeof(err)) == 0 &&
	    memcmp(&a, &b, sizeof(a)) == 0;
}

static void
undo_store(void)
{
	store_close(opened);
	opened = NULL;
}

/* Loading the dataset. */
static struct dataset *loaded;

static int
run_dataset(char *err, size_t cap)
{
	return (loaded = dataset_load(store, err, cap)) != NULL ? 0 : -1;
}

static int
same_dataset(void)
{
	return chaos_same_dataset(loaded, dataset);
}

static void
undo_dataset(void)
{
	dataset_free(loaded);
	loaded = NULL;
}

/* What the dataset is and offers whole. */
static struct store_about about_run;

static int
run_about(char *err, size_t cap)
{
	return about_load(store, &about_run, err, cap);
}

static int
same_about(void)
{
	return chaos_same_about(&about_run, &about);
}

static void
undo_about(void)
{
	about_free(&about_run);
}

/* Each collection's view: ranks, members, CSV cells. */
static struct view views_run[COLL__MAX];

static int
run_views(char *err, size_t cap)
{
	for (int c = 0; c < COLL__MAX; c++)
		if (view_open(
			&views_run[c], collections[c], dataset, err, cap) != 0)
			return -1;
	return 0;
}

static int
same_views(void)
{
	for (int c = 0; c < COLL__MAX; c++)
		if (!chaos_same_view(&views_run[c], &views[c]))
			return 0;
	return 1;
}

static void
undo_views(void)
{
	for (int c = 0; c < COLL__MAX; c++)
		view_close(&views_run[c]);
}

/* The OpenAPI document, rendered around its servers' url. */
static struct api api_run;

static int
run_openapi(char *err, size_t cap)
{
	return openapi_open(&api_run, err, cap);
}

static int
same_openapi(void)
{
	return api_run.openapi_head_len == api.openapi_head_len &&
	    api_run.openapi_tail_len == api.openapi_tail_len &&
	    chaos_same_mem(
		api_run.openapi_head, api.openapi_head, api.openapi_head_len) &&
	    chaos_same_str(api_run.openapi_tail, api.openapi_tail);
}

static void
undo_openapi(void)
{
	free(api_run.openapi_head);
	memset(&api_run, 0, sizeof(api_run));
}

/* What the citations read of the data. */
static int
run_cites(char *err, size_t cap)
{
	api_run.data = dataset;
	return cites_open(&api_run, err, cap);
}

static int
same_cites(void)
{
	return chaos_same_cites(&api_run.cites, &api.cites);
}

static void
undo_cites(void)
{
	cites_close(&api_run.cites);
	memset(&api_run, 0, sizeof(api_run));
}

/* The whole service: stores, the handlers' state, cache, counters, CORS.
 * It says why on stderr. */
static struct service service;

static int
run_service(char *err, size_t cap)
{
	(void)err;
	(void)cap;
	return __real_service_open(&service, &cfg, &aid_app); /* not nested */
}

/* Serves every request as the service without failure does. */
static int
same_service(void)
{
	struct respond_env env = service_env(&service, service.stores[0]);
	int same = 1;

	env.cache = NULL;
	for (size_t i = 0; i < chaos_nrqs && same; i++) {
		struct chaos_outcome o;

		chaos_exchange(&chaos_rqs[i], &env, 0, &o);
		same = chaos_judge(&chaos_rqs[i], &chaos_refs[i], &o) ==
		    CHAOS_SAME;
		chaos_outcome_free(&o);
	}
	return same;
}

static void
undo_service(void)
{
	service_close(&service);
}

/* The daemon: the connections' reaper, the service, the listening
 * socket, libmicrohttpd. */
static struct daemon *daemon_run;

static int
run_daemon(char *err, size_t cap)
{
	(void)err;
	(void)cap;
	return (daemon_run = daemon_start(&cfg, &aid_app)) != NULL ? 0 : -1;
}

static int
same_daemon(void)
{
	return daemon_port(daemon_run) > 0;
}

static void
undo_daemon(void)
{
	daemon_stop(daemon_run);
	daemon_run = NULL;
}

static const struct startup startups[] = {
	{ "opening the store", run_store, same_store, undo_store, 1, 0, 0 },
	{ "loading the dataset", run_dataset, same_dataset, undo_dataset, 0, 0,
	    0 },
	{ "what the dataset offers whole", run_about, same_about, undo_about, 0,
	    0, 0 },
	{ "each collection's view", run_views, same_views, undo_views, 0, 0,
	    0 },
	{ "the OpenAPI document", run_openapi, same_openapi, undo_openapi, 0, 0,
	    0 },
	{ "the citations", run_cites, same_cites, undo_cites, 0, 0, 0 },
	{ "the service (all of the above, nested)", run_service, same_service,
	    undo_service, 1, 1, 1 },
	{ "the daemon (the service nested)", run_daemon, same_daemon,
	    undo_daemon, 1, 1, 1 },
};

/* The reason a run gave: err, or the one line it printed ("aid-api: "). */
static void
reason(int rc, char *err, size_t cap, char *said)
{
	size_t n = strlen(said);

	if (rc == 0 || err[0] != '\0')
		return;
	if (keep_stderr)
		snprintf(err, cap, "(on stderr)");
	else if (strncmp(said, "aid-api: ", 9) == 0 && n > 0 &&
	    strchr(said, '\n') == said + n - 1)
		snprintf(err, cap, "%.*s", (int)n - 1, said);
	else
		snprintf(err, cap, "%s", said); /* not one line: refused */
}

/*
 * One run of op with allocation n failing (0: none): refused with its one
 * line, or made as without failure; then undone, every block freed.
 * Returns how many allocations it made; *failed says whether n failed,
 * *k how it ended.
 */
static unsigned long
run_once(const struct startup *op, unsigned long n, int *failed,
    enum chaos_kind *k, struct chaos_tally *t)
{
	long live = chaos_live(), sq = chaos_live_sqlite();
	char err[512] = "", *said;
	unsigned long counted;
	int rc, capture = op->prints && !keep_stderr;

	if (capture)
		capture_stderr();
	chaos_arm(n);
	rc = op->run(err, sizeof(err));
	counted = chaos_disarm();
	*failed = chaos_failed();
	t->covered = chaos_covered();
	t->spared = chaos_spared();
	said = capture ? release_stderr() : strdup("");
	assert_non_null(said);
	reason(rc, err, sizeof(err), said);
	free(said);
	if (rc != 0) {
		check(*failed, "%s: refused with nothing failed: %s", op->name,
		    err);
		check(err[0] != '\0' && strchr(err, '\n') == NULL,
		    "%s: refused with allocation %lu failing, saying '%s'",
		    op->name, n, err);
		*k = CHAOS_REFUSED;
	} else {
		*k = op->same() ? CHAOS_SAME : CHAOS_WRONG;
		check(*k == CHAOS_SAME,
		    "%s: succeeded with allocation %lu failing, but not as it "
		    "does without",
		    op->name, n);
	}
	op->undo();
	check(
	    chaos_live() == live && (!op->sqlite || chaos_live_sqlite() == sq),
	    "%s: with allocation %lu failing, %ld blocks (%ld of SQLite's) "
	    "are left",
	    op->name, n, chaos_live() - live, chaos_live_sqlite() - sq);
	return counted;
}

/* Runs one start-up operation with each allocation failing in turn
 * (every step-th: chaos_step). */
static void
chaos_startup(const struct startup *op, struct chaos_tally *t)
{
	double t0 = chaos_now();
	enum chaos_kind k;
	int failed;

	memset(t, 0, sizeof(*t));
	chaos_nesting(op->nested);
	t->points = run_once(op, 0, &failed, &k, t);
	t->step = chaos_step(t->points);
	for (unsigned long n = 1; n <= t->points; n += t->step) {
		struct chaos_tally run;

		run_once(op, n, &failed, &k, &run);
		check(failed, "%s: allocation %lu of %lu was not made",
		    op->name, n, t->points);
		t->n[k]++;
	}
	chaos_nesting(0);
	t->seconds = chaos_now() - t0;
}

static void
test_configuration(void **state)
{
	static const struct startup op = { "the configuration", run_config,
		same_config, undo_nothing, 0, 0, 0 };
	static const char *const flags[] = { "--port", "0", "--bind", "::1",
		"--threads", "3", "--max-connections", "100", "--cache-bytes",
		"2M", "--cors-origin", "*", "--trust-proxy", "--access-log",
		"off", NULL };
	char name[] = "aid-api";
	struct chaos_tally t;

	(void)state;
	/* the defaults: what the machine allows is read from files */
	conf_argv[0] = name;
	conf_argc = 1;
	assert_int_equal(config_parse(&conf_ref, conf_argc, conf_argv), 0);
	chaos_startup(&op, &t);
	chaos_report("the configuration (defaults)", &t);
	/* every flag given: nothing to read */
	for (conf_argc = 1; flags[conf_argc - 1] != NULL; conf_argc++)
		conf_argv[conf_argc] = (char *)(uintptr_t)flags[conf_argc - 1];
	assert_int_equal(config_parse(&conf_ref, conf_argc, conf_argv), 0);
	chaos_startup(&op, &t);
	chaos_report("the configuration (every flag)", &t);
}

static void
test_startup(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(startups) / sizeof(*startups); i++) {
		struct chaos_tally t;

		chaos_startup(&startups[i], &t);
		chaos_report(startups[i].name, &t);
	}
}

static int
setup(void **state)
{
	char err[256];

	(void)state;
	harness_config(&cfg);
	cfg.trust_proxy = 1;
	cfg.cors_origin = "https://app.example,http://localhost:3000";
	if (service_open(&svc, &cfg, &aid_app) != 0 ||
	    chaos_requests(&svc) != 0 ||
	    (store = store_open(harness_db(), err, sizeof(err))) == NULL ||
	    (dataset = dataset_load(store, err, sizeof(err))) == NULL ||
	    about_load(store, &about, err, sizeof(err)) != 0)
		return -1;
	for (int c = 0; c < COLL__MAX; c++)
		if (view_open(&views[c], collections[c], dataset, err,
			sizeof(err)) != 0)
			return -1;
	api.data = dataset;
	return openapi_open(&api, err, sizeof(err)) != 0 ||
		cites_open(&api, err, sizeof(err)) != 0
	    ? -1
	    : 0;
}

static int
teardown(void **state)
{
	(void)state;
	cites_close(&api.cites);
	free(api.openapi_head);
	for (int c = 0; c < COLL__MAX; c++)
		view_close(&views[c]);
	about_free(&about);
	dataset_free(dataset);
	store_close(store);
	chaos_requests_free();
	service_close(&svc);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_configuration),
		cmocka_unit_test(test_startup),
	};

	chaos_init();
	keep_stderr = getenv("AID_CHAOS_STDERR") != NULL &&
	    strcmp(getenv("AID_CHAOS_STDERR"), "keep") == 0;
	return cmocka_run_group_tests_name(
	    "chaos of start-up", tests, setup, teardown);
}
