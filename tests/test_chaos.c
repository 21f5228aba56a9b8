/*
 * The chaos test of the request path (tests/harness_chaos.h): every
 * allocation a request makes fails in turn, N = 1, 2, ... until the
 * request is answered with nothing failed, for every route and what
 * changes a request's path (filters, q, fields, CSV, pretty, gzip, the
 * totals, the citations, the downloads, the page, conditional requests,
 * CORS, errors), through the in-process seam tests/fuzz/fuzz_request.c
 * uses, with the rendition cache off, empty, and holding the answer
 * already. Each run must end clean: answered as without failure (gzip
 * may be left out), or with the small 500 problem document, or a 503
 * (readiness), or, when not even the 500 can be made, its connection
 * closed; then the same request again answered exactly as without
 * failure (nothing left broken); and every block the run allocated
 * freed; and nothing printed but the store's log that memory ran out.
 * Each test prints how many allocation points each request has (every
 * one failed), its status without failure and how the failed runs ended.
 * AID_CHAOS_STDERR=keep leaves stderr alone (a sanitizer's report in the
 * middle of a run is then seen).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "harness_chaos.h"

/* The service every request runs on (opened without failures). */
static struct service svc;

enum mode { CACHE_OFF, CACHE_EMPTY, CACHE_HELD, MODE__MAX };

static const char *const mode_names[MODE__MAX] = { "cache off", "cache empty",
	"cache holding it" };

#define CACHE_BUDGET (8L << 20)

/* AID_CHAOS_STDERR=keep: what the exchanges print is not captured (a
 * sanitizer's report in the middle of one is then seen). */
static int keep_stderr;

/*
 * chaos_exchange, with what it prints captured and checked: only the
 * store's log of a failure that memory ran out ("aid-api: store: search:
 * out of memory").
 */
static unsigned long
exchange(const struct chaos_rq *q, const struct respond_env *env,
    unsigned long nth, struct chaos_outcome *o)
{
	unsigned long counted;
	char *all;

	if (keep_stderr)
		return chaos_exchange(q, env, nth, o);
	capture_stderr();
	counted = chaos_exchange(q, env, nth, o);
	assert_non_null(all = release_stderr());
	for (char *line = all, *nl; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		check(nl != NULL &&
			strncmp(line, "aid-api: store: ", 16) == 0 &&
			nl - line > 13 &&
			strncmp(nl - 13, "out of memory", 13) == 0,
		    "%s printed: %s", q->name, line);
	}
	free(all);
	return counted;
}

/* The env of a run in mode m: its own cache (*c, freed by the caller),
 * holding the answer already when m says so. */
static struct respond_env
env_for(enum mode m, const struct chaos_rq *q, struct cache **c)
{
	struct respond_env env = service_env(&svc, svc.stores[0]);
	struct chaos_outcome o;
	struct chaos_rq plain;

	*c = NULL;
	if (m != CACHE_OFF)
		assert_non_null(*c = cache_new(CACHE_BUDGET));
	env.cache = *c;
	if (m == CACHE_HELD) {
		chaos_without_gzip(q, &plain);
		exchange(&plain, &env, 0, &o);
		chaos_outcome_free(&o);
	}
	return env;
}

/*
 * One run of q in mode m with allocation n failing (0: none): it must end
 * clean, the same request again be answered as without failure, and
 * every block be freed. Returns how many allocations it made; *failed
 * says whether n failed, *k how it ended.
 */
static unsigned long
run_once(
    size_t i, enum mode m, unsigned long n, int *failed, enum chaos_kind *k)
{
	const struct chaos_rq *q = &chaos_rqs[i];
	long live = chaos_live();
	struct cache *c;
	struct respond_env env = env_for(m, q, &c);
	struct chaos_outcome o;
	unsigned long counted = exchange(q, &env, n, &o);
	enum chaos_kind next;

	*failed = chaos_failed();
	*k = chaos_judge(q, &chaos_refs[i], &o);
	check(*k != CHAOS_WRONG,
	    "%s (%s), allocation %lu failing: %u, not %u or the small 500\n"
	    "%s%.400s\n-- without failure:\n%s%.400s",
	    q->name, mode_names[m], n, o.status, chaos_refs[i].status,
	    o.fields ? o.fields : "", o.body ? o.body : "",
	    chaos_refs[i].fields, chaos_refs[i].body);
	check(*failed || *k == CHAOS_SAME, "%s (%s): nothing failed, yet %s",
	    q->name, mode_names[m], chaos_kind_names[*k]);
	chaos_outcome_free(&o);
	/* the next request: nothing is left broken */
	exchange(q, &env, 0, &o);
	next = chaos_judge(q, &chaos_refs[i], &o);
	check(next == CHAOS_SAME,
	    "%s (%s): after allocation %lu failed, the next request is "
	    "answered %s: %u\n%s%.300s",
	    q->name, mode_names[m], n, chaos_kind_names[next], o.status,
	    o.fields ? o.fields : "", o.body ? o.body : "");
	chaos_outcome_free(&o);
	cache_free(c);
	check(chaos_live() == live,
	    "%s (%s): with allocation %lu failing, %ld blocks are left",
	    q->name, mode_names[m], n, chaos_live() - live);
	return counted;
}

/* Runs q in mode m with each of its allocations failing in turn (every
 * step-th: chaos_step). */
static void
run_request(size_t i, enum mode m, struct chaos_tally *t)
{
	double t0 = chaos_now();
	enum chaos_kind k;
	int failed;

	memset(t, 0, sizeof(*t));
	t->points = run_once(i, m, 0, &failed, &k);
	t->step = chaos_step(t->points);
	for (unsigned long n = 1; n <= t->points; n += t->step) {
		run_once(i, m, n, &failed, &k);
		check(failed, "%s (%s): allocation %lu of %lu was not made",
		    chaos_rqs[i].name, mode_names[m], n, t->points);
		t->n[k]++;
	}
	t->seconds = chaos_now() - t0;
}

/* Every request in mode m. */
static void
run_requests(enum mode m)
{
	struct chaos_tally all = { 0 };
	char name[64];

	print_message("%s: allocation points of each request, each failed\n",
	    mode_names[m]);
	for (size_t i = 0; i < chaos_nrqs; i++) {
		struct chaos_tally t;

		run_request(i, m, &t);
		snprintf(name, sizeof(name), "%.40s, %u", chaos_rqs[i].name,
		    chaos_refs[i].status);
		chaos_report(name, &t);
		all.points += t.points;
		all.spared += t.spared;
		all.seconds += t.seconds;
		for (int k = 0; k < CHAOS__MAX; k++)
			all.n[k] += t.n[k];
	}
	chaos_report("every request", &all);
}

static void
test_requests_cache_off(void **state)
{
	(void)state;
	run_requests(CACHE_OFF);
}

static void
test_requests_cache_empty(void **state)
{
	(void)state;
	run_requests(CACHE_EMPTY);
}

static void
test_requests_cache_holding(void **state)
{
	(void)state;
	run_requests(CACHE_HELD);
}

/* A worker without a store (more threads than stores) answers 503, and
 * a request's id and no-store as every answer does. */
static void
test_no_store(void **state)
{
	struct respond_env env = service_env(&svc, NULL);
	struct chaos_rq q = { .name = "no store" };
	struct chaos_outcome o;

	(void)state;
	snprintf(q.text, sizeof(q.text), "GET " API_PREFIX "/events");
	chaos_exchange(&q, &env, 0, &o);
	check(o.made && o.status == 503 &&
		strstr(o.body, "no database connection") != NULL &&
		strstr(o.fields, "Cache-Control: no-store\n") != NULL,
	    "without a store: %u %s%s", o.status, o.fields, o.body);
	chaos_outcome_free(&o);
}

static int
setup(void **state)
{
	struct config cfg;

	(void)state;
	harness_config(&cfg);
	cfg.trust_proxy = 1;
	cfg.cors_origin = "https://app.example,http://localhost:3000";
	if (service_open(&svc, &cfg, &aid_app) != 0)
		return -1;
	return chaos_requests(&svc);
}

static int
teardown(void **state)
{
	(void)state;
	chaos_requests_free();
	service_close(&svc);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_requests_cache_off),
		cmocka_unit_test(test_requests_cache_empty),
		cmocka_unit_test(test_requests_cache_holding),
		cmocka_unit_test(test_no_store),
	};

	chaos_init();
	keep_stderr = getenv("AID_CHAOS_STDERR") != NULL &&
	    strcmp(getenv("AID_CHAOS_STDERR"), "keep") == 0;
	return cmocka_run_group_tests_name("chaos", tests, setup, teardown);
}
