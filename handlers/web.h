#ifndef AID_WEB_H
#define AID_WEB_H

/*
 * The page's files (web/), embedded at build time by scripts/embed-web.sh
 * (build/gen/web.c).
 */

#include <stddef.h>

struct web_file {
	const char *name; /* "app.js" */
	const char *type; /* its Content-Type */
	const unsigned char *data;
	size_t len;
};

extern const struct web_file web_files[];
extern const size_t web_nfiles;
/* A hash of every file (16 hex digits): in the names the page asks its
 * files by (app.<version>.js), so that an address with the current one
 * may be cached for a year. */
extern const char web_version[];

#endif
