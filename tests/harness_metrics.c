/* /metrics read (harness_metrics.h). */
#include "harness_metrics.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "harness_daemons.h"

double
series_value(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *line = text; line != NULL && *line != '\0';) {
		if (strncmp(line, name, n) == 0 && line[n] == ' ')
			return strtod(line + n + 1, NULL);
		line = strchr(line, '\n');
		line = line != NULL ? line + 1 : NULL;
	}
	return -1;
}

char *
scrape(int srv)
{
	struct http_response r;
	char *text;

	fetch(&r, srv, "GET", "/metrics", NULL);
	expect_status(&r, 200);
	expect_header(&r, "Content-Type", METRICS_TYPE);
	text = strdup(r.body);
	assert_non_null(text);
	http_response_free(&r);
	return text;
}

char *
scrape_until(int srv, const char *name, double want)
{
	char *text = scrape(srv);

	for (int i = 0; i < 300 && series_value(text, name) < want; i++) {
		struct timespec tick = { 0, 10 * 1000 * 1000 };

		nanosleep(&tick, NULL);
		free(text);
		text = scrape(srv);
	}
	return text;
}
