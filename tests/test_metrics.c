/*
 * /metrics: each daemon counts its own requests; the latency histogram;
 * the gauges of requests, connections and their memory; the data and
 * build served; and every line in the Prometheus text format.
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
#include "harness_daemons.h"
#include "harness_metrics.h"

#define EVENTS_200 "aid_http_requests_total{route=\"events\",status=\"200\"}"

/* /metrics counts the requests of its own daemon: none before the first,
 * then exactly ours, and none that another daemon of this process
 * answered. */
static void
test_metrics_counts(void **state)
{
	char *text = scrape(PLAIN);
	double plain = series_value(text, EVENTS_200);

	(void)state;
	free(text);
	if (plain < 0)
		plain = 0; /* a counter has no series before its first count */
	for (int i = 0; i < 3; i++) {
		struct http_response r;

		fetch(&r, PLAIN, "GET", API "/events?limit=1", NULL);
		http_response_free(&r);
	}
	free(scrape_until(PLAIN, EVENTS_200, plain + 3));
	text = scrape(COUNTED);
	check(series_value(text, EVENTS_200) < 0,
	    "%s is %g on a daemon that was asked for no event", EVENTS_200,
	    series_value(text, EVENTS_200));
	free(text);
	for (int i = 0; i < 3; i++) {
		struct http_response r;

		fetch(&r, COUNTED, "GET", API "/events?limit=1", NULL);
		http_response_free(&r);
	}
	text = scrape_until(COUNTED, EVENTS_200, 3);
	check(series_value(text, EVENTS_200) == 3, "%s is %g after 3 requests",
	    EVENTS_200, series_value(text, EVENTS_200));
	free(text);
}

/* The latency histogram: cumulative buckets up to +Inf, _sum, and _count
 * equal to the +Inf bucket, for every route it has. */
static void
test_metrics_histogram(void **state)
{
	const char *count = "aid_http_request_duration_seconds_count{route=\"";
	char *text = scrape(PLAIN);
	size_t routes = 0;

	(void)state;
	for (const char *p = strstr(text, count); p != NULL;
	     p = strstr(p + 1, count)) {
		char route[64], name[256];
		double n = 0, prev = 0, inf;

		snprintf(route, sizeof(route), "%.*s",
		    (int)strcspn(p + strlen(count), "\""), p + strlen(count));
		n = strtod(strchr(p, ' ') + 1, NULL);
		snprintf(name, sizeof(name),
		    "aid_http_request_duration_seconds_bucket{route=\"%s\","
		    "le=\"+Inf\"}",
		    route);
		inf = series_value(text, name);
		check(inf == n, "route %s: the +Inf bucket is %g, _count %g",
		    route, inf, n);
		snprintf(name, sizeof(name),
		    "aid_http_request_duration_seconds_sum{route=\"%s\"}",
		    route);
		check(
		    series_value(text, name) >= 0, "route %s: no _sum", route);
		snprintf(name, sizeof(name),
		    "aid_http_request_duration_seconds_bucket{route=\"%s\",",
		    route);
		for (const char *b = strstr(text, name); b != NULL;
		     b = strstr(b + 1, name)) {
			double v = strtod(strchr(b, ' ') + 1, NULL);

			check(
			    v >= prev, "route %s: the buckets decrease", route);
			prev = v;
		}
		routes++;
	}
	check(routes > 0 && strstr(text, count) != NULL,
	    "no aid_http_request_duration_seconds series");
	check(strstr(text,
		  "aid_http_request_duration_seconds_count{route="
		  "\"events\"}") != NULL,
	    "no latency series for events");
	free(text);
}

/* Gauges of requests in flight and open connections, and the data and
 * build being served. */
static void
test_metrics_info(void **state)
{
	char *text = scrape(PLAIN), name[256];
	const char *build;

	(void)state;
	check(series_value(text, "aid_http_requests_in_flight") >= 1,
	    "aid_http_requests_in_flight is %g during a request",
	    series_value(text, "aid_http_requests_in_flight"));
	check(series_value(text, "aid_http_connections_open") >= 1,
	    "aid_http_connections_open is %g on an open connection",
	    series_value(text, "aid_http_connections_open"));
	/* the memory the open connections hold, and their most */
	check(series_value(text, "aid_http_connections_memory_bytes") ==
		series_value(text, "aid_http_connections_open") *
		    (CONNECTION_MEMORY + CONNECTION_STATE),
	    "aid_http_connections_memory_bytes is %g for %g connections",
	    series_value(text, "aid_http_connections_memory_bytes"),
	    series_value(text, "aid_http_connections_open"));
	check(series_value(text, "aid_http_connections_max") >= 16,
	    "aid_http_connections_max is %g",
	    series_value(text, "aid_http_connections_max"));
	/* the libmicrohttpd the server runs with, as this process loaded it */
	snprintf(name, sizeof(name), "libmicrohttpd=\"%s\"", MHD_get_version());
	check(strstr(text, name) != NULL, "aid_build_info has no %s", name);
	snprintf(name, sizeof(name), "aid_dataset_info{dataset_version=\"%s\"}",
	    daemons_version);
	check(series_value(text, name) == 1, "no '%s 1' in /metrics", name);
	build = strstr(text, "\naid_build_info{");
	check(build != NULL && strstr(build, "version=\"") != NULL &&
		strncmp(build + strcspn(build, "}"), "} 1\n", 4) == 0,
	    "no aid_build_info{version=...} 1 in /metrics");
	free(text);
}

/* 1 when s[0..n) is a metric or label name. */
static int
metric_name(const char *s, size_t n)
{
	static const char first[] = "abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ_:";

	return n > 0 && strchr(first, s[0]) != NULL &&
	    strspn(s,
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"_:0123456789") >= n;
}

/* The length of the sample line's labels "{a="x",b="y"}" at s, or 0 when
 * malformed. */
static size_t
labels_len(const char *s)
{
	const char *p = s + 1;

	if (*s != '{')
		return 0;
	while (*p != '}') {
		size_t n = strcspn(p, "=");

		if (!metric_name(p, n) || p[n] != '=' || p[n + 1] != '"')
			return 0;
		for (p += n + 2; *p != '"'; p++) {
			if (*p == '\0' || *p == '\n')
				return 0;
			if (*p == '\\' && (*++p == '\0' || *p == '\n'))
				return 0;
		}
		p++;
		if (*p == ',')
			p++;
		else if (*p != '}')
			return 0;
	}
	return (size_t)(p + 1 - s);
}

/* Every line is a # HELP, a # TYPE or "name{labels} value", and every
 * series belongs to a family with # HELP and # TYPE. */
static void
test_metrics_format(void **state)
{
	static const char *const suffixes[] = { "_bucket", "_sum", "_count",
		NULL };
	char *text = scrape(PLAIN), *line, *save = NULL;
	json_t *help = json_object(), *type = json_object();

	(void)state;
	for (line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		size_t n = strcspn(line, "{ "), l = 0;
		char family[256], *end;
		int known;

		if (strncmp(line, "# HELP ", 7) == 0 ||
		    strncmp(line, "# TYPE ", 7) == 0) {
			const char *name = line + 7, *rest;
			size_t m = strcspn(name, " ");

			snprintf(family, sizeof(family), "%.*s", (int)m, name);
			rest = name + m + (name[m] == ' ');
			check(metric_name(name, m) && *rest != '\0',
			    "/metrics: bad line '%s'", line);
			if (line[2] == 'T')
				check(strcmp(rest, "counter") == 0 ||
					strcmp(rest, "gauge") == 0 ||
					strcmp(rest, "histogram") == 0,
				    "/metrics: bad type '%s'", line);
			json_object_set_new(line[2] == 'H' ? help : type,
			    family, json_string(rest));
			continue;
		}
		check(
		    line[0] != '#', "/metrics: an unknown comment '%s'", line);
		if (line[n] == '{')
			l = labels_len(line + n);
		check(metric_name(line, n) && (line[n] == ' ' || l > 0) &&
			line[n + l] == ' ',
		    "/metrics: '%s' is not name{labels} value", line);
		if (strcmp(line + n + l + 1, "+Inf") != 0 &&
		    strcmp(line + n + l + 1, "NaN") != 0) {
			strtod(line + n + l + 1, &end);
			check(end != line + n + l + 1 && *end == '\0',
			    "/metrics: '%s' has no number for value", line);
		}
		snprintf(family, sizeof(family), "%.*s", (int)n, line);
		known = json_object_get(type, family) != NULL;
		for (size_t i = 0; !known && suffixes[i] != NULL; i++) {
			size_t s = strlen(suffixes[i]);

			if (n > s && strcmp(family + n - s, suffixes[i]) == 0) {
				family[n - s] = '\0';
				known = json_is_string(
					    json_object_get(type, family)) &&
				    strcmp(json_string_value(
					       json_object_get(type, family)),
					"histogram") == 0;
				if (!known)
					family[n - s] = suffixes[i][0];
			}
		}
		check(known && json_object_get(help, family) != NULL,
		    "/metrics: '%.*s' has no # HELP and # TYPE before it",
		    (int)n, line);
	}
	check(json_object_get(type, "aid_http_requests_total") != NULL &&
		json_object_get(type, "aid_http_request_duration_seconds") !=
		    NULL,
	    "/metrics lacks the request counter or the latency histogram");
	json_decref(help);
	json_decref(type);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metrics_counts),
		cmocka_unit_test(test_metrics_histogram),
		cmocka_unit_test(test_metrics_info),
		cmocka_unit_test(test_metrics_format),
	};

	return run_with_daemons("metrics", tests, DAEMON(COUNTED));
}
