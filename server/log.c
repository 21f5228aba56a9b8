/*
 * The access log: one JSON object per line on stderr for every request,
 * written with one write(2) so that lines from worker threads never mix.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

static void
put_json_string(struct buf *b, const char *s)
{
	buf_json_string(b, s, strlen(s));
}

void
log_exchange(const struct exchange *x, const struct app *app)
{
	struct timespec now, wall;
	struct tm tm;
	struct buf b = { 0 };
	char when[32];
	const char *q;
	char *line;
	long long us;

	clock_gettime(CLOCK_MONOTONIC, &now);
	clock_gettime(CLOCK_REALTIME, &wall);
	us = (long long)(now.tv_sec - x->start.tv_sec) * 1000000 +
	    (now.tv_nsec - x->start.tv_nsec) / 1000;
	gmtime_r(&wall.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);

	buf_printf(&b, "{\"time\":\"%s.%03ldZ\",\"request_id\":", when,
	    wall.tv_nsec / 1000000);
	put_json_string(&b, x->id);
	buf_puts(&b, ",\"method\":");
	put_json_string(&b, x->method);
	buf_puts(&b, ",\"path\":");
	q = x->target != NULL ? strchr(x->target, '?') : NULL;
	if (x->target == NULL) {
		put_json_string(&b, "");
	} else {
		struct buf path = { 0 };
		char *p;

		buf_putn(&path, x->target,
		    q != NULL ? (size_t)(q - x->target) : strlen(x->target));
		if ((p = buf_finish(&path)) != NULL)
			put_json_string(&b, p);
		free(p);
	}
	buf_puts(&b, ",\"query\":");
	put_json_string(&b, q != NULL ? q + 1 : "");
	buf_printf(&b,
	    ",\"route\":\"%s\",\"status\":%u,\"bytes\":%zu,"
	    "\"duration_us\":%lld,\"client\":",
	    route_label(app, x->route), x->status, x->bytes, us);
	put_json_string(&b, x->client);
	buf_puts(&b, "}\n");
	if ((line = buf_finish(&b)) != NULL) {
		ssize_t unused = write(STDERR_FILENO, line, strlen(line));

		(void)unused;
		free(line);
	}
}
