/*
 * The access log: one JSON line per request, with its time, request id,
 * method, path, status, bytes, duration and client (a trusted proxy's
 * X-Forwarded-For, or the peer), each on a daemon of its own.
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

/* One request of a log test, and what its line must say. */
struct logged {
	const char *method, *target, *xff;
	const char *id;	    /* sent as X-Request-Id */
	const char *client; /* the client the line must name */
	long status;
	size_t bytes; /* filled in: the body bytes received */
};

/*
 * Runs the requests on a new daemon that writes the access log (trusting
 * a proxy or not), with fd 2 captured, and returns the log's lines parsed
 * (an array of objects).
 */
static json_t *
log_of(int trust, struct logged *reqs, size_t n)
{
	struct config cfg;
	struct daemon *d;
	char *text, *line, *save = NULL;
	json_t *lines = json_array();

	harness_config(&cfg);
	cfg.db = daemons_snapshot;
	cfg.access_log = "json";
	cfg.trust_proxy = trust;
	capture_stderr();
	d = daemon_start(&cfg, &aid_app);
	for (size_t i = 0; d != NULL && i < n; i++) {
		struct http_response r;
		char xff[256], id[256];
		const char *headers[3] = { id, NULL, NULL };

		snprintf(id, sizeof(id), "X-Request-Id: %s", reqs[i].id);
		snprintf(xff, sizeof(xff), "X-Forwarded-For: %s",
		    reqs[i].xff != NULL ? reqs[i].xff : "");
		if (reqs[i].xff != NULL)
			headers[1] = xff;
		http_request(daemon_port(d), reqs[i].method, reqs[i].target,
		    headers, &r);
		reqs[i].bytes = r.len;
		http_response_free(&r);
	}
	daemon_stop(d); /* every line is written when it returns */
	text = release_stderr();
	assert_non_null(d);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		json_t *o = json_loads(line, 0, NULL);

		check(json_is_object(o), "an access log line is not JSON: %s",
		    line);
		json_array_append_new(lines, o);
	}
	free(text);
	return lines;
}

/* The line of request id, checked against what was asked and answered. */
static void
expect_log_line(json_t *lines, const struct logged *q)
{
	static const char *const ints[] = { "status", "bytes", "duration_us",
		NULL };
	json_t *line = NULL, *l;
	const char *when, *path;
	size_t i, plen = strcspn(q->target, "?");

	json_array_foreach (lines, i, l)
		if (json_is_string(json_object_get(l, "request_id")) &&
		    strcmp(json_string_value(json_object_get(l, "request_id")),
			q->id) == 0)
			line = l;
	check(line != NULL, "no access log line has request_id %s", q->id);
	for (i = 0; ints[i] != NULL; i++)
		check(json_is_integer(json_object_get(line, ints[i])) &&
			json_integer_value(json_object_get(line, ints[i])) >= 0,
		    "log line of %s: %s is not a count", q->id, ints[i]);
	when = json_string_value(json_object_get(line, "time"));
	check(when != NULL && strlen(when) >= 20 && when[4] == '-' &&
		when[10] == 'T' && when[strlen(when) - 1] == 'Z',
	    "log line of %s: time '%s' is not RFC 3339 UTC", q->id,
	    when != NULL ? when : "(absent)");
	check(json_is_string(json_object_get(line, "method")) &&
		strcmp(json_string_value(json_object_get(line, "method")),
		    q->method) == 0,
	    "log line of %s: method is not %s", q->id, q->method);
	path = json_string_value(json_object_get(line, "path"));
	check(path != NULL && strlen(path) == plen &&
		strncmp(path, q->target, plen) == 0,
	    "log line of %s: path '%s', not that of %s", q->id,
	    path != NULL ? path : "(absent)", q->target);
	check(json_integer_value(json_object_get(line, "status")) == q->status,
	    "log line of %s: status %lld, not %ld", q->id,
	    json_integer_value(json_object_get(line, "status")), q->status);
	check((size_t)json_integer_value(json_object_get(line, "bytes")) ==
		q->bytes,
	    "log line of %s: %lld bytes, the client got %zu", q->id,
	    json_integer_value(json_object_get(line, "bytes")), q->bytes);
	check(json_is_string(json_object_get(line, "client")) &&
		strcmp(json_string_value(json_object_get(line, "client")),
		    q->client) == 0,
	    "log line of %s: client '%s', not %s", q->id,
	    json_string_value(json_object_get(line, "client")), q->client);
}

/* One JSON line per request with time, request_id, method, path, status,
 * bytes, duration_us and client (the peer, X-Forwarded-For ignored). */
static void
test_access_log(void **state)
{
	struct logged reqs[] = {
		{ "GET", API "/events?limit=1", "203.0.113.7", "log-1",
		    "127.0.0.1", 200, 0 },
		{ "GET", "/nope", NULL, "log-2", "127.0.0.1", 404, 0 },
		{ "HEAD", API "/events", "203.0.113.7, 198.51.100.9", "log-3",
		    "127.0.0.1", 200, 0 },
		{ "GET", API "/events?limit=0", NULL, "log-4", "127.0.0.1", 400,
		    0 },
	};
	size_t n = sizeof(reqs) / sizeof(reqs[0]);
	json_t *lines;

	(void)state;
	lines = log_of(0, reqs, n);
	check(json_array_size(lines) == n,
	    "%zu access log lines for %zu "
	    "requests",
	    json_array_size(lines), n);
	for (size_t i = 0; i < n; i++)
		expect_log_line(lines, &reqs[i]);
	json_decref(lines);
}

/* With trust_proxy, the client of the log is X-Forwarded-For's last
 * address. */
static void
test_access_log_trusted(void **state)
{
	struct logged reqs[] = {
		{ "GET", "/healthz", "203.0.113.7, 198.51.100.9", "tp-1",
		    "198.51.100.9", 200, 0 },
		{ "GET", "/healthz", "192.0.2.1", "tp-2", "192.0.2.1", 200, 0 },
		{ "GET", "/healthz", "203.0.113.7,2001:db8::1", "tp-3",
		    "2001:db8::1", 200, 0 },
		{ "GET", "/healthz", NULL, "tp-4", "127.0.0.1", 200, 0 },
	};
	size_t n = sizeof(reqs) / sizeof(reqs[0]);
	json_t *lines;

	(void)state;
	lines = log_of(1, reqs, n);
	check(json_array_size(lines) == n,
	    "%zu access log lines for %zu "
	    "requests",
	    json_array_size(lines), n);
	for (size_t i = 0; i < n; i++)
		expect_log_line(lines, &reqs[i]);
	json_decref(lines);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_access_log),
		cmocka_unit_test(test_access_log_trusted),
	};

	return run_with_daemons("access_log", tests, DAEMON(PLAIN));
}
