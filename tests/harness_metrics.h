#ifndef AID_TEST_HARNESS_METRICS_H
#define AID_TEST_HARNESS_METRICS_H

/* /metrics of the daemons by configuration (harness_daemons.h), read. */

#define METRICS_TYPE "text/plain; version=0.0.4; charset=utf-8"

/* The value of a metrics series (its name and labels as printed), or -1
 * when the text has no such line. */
double series_value(const char *text, const char *name);

/* GET /metrics of daemon srv: its text (malloc'd); fails the test unless
 * it is a 200 of METRICS_TYPE. */
char *scrape(int srv);

/* Scrapes daemon srv until series name is at least want (three seconds at
 * most: request counters move when a request completes, just after its
 * client has the response); the last text (malloc'd). */
char *scrape_until(int srv, const char *name, double want);

#endif
