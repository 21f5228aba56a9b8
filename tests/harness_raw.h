#ifndef AID_TEST_HARNESS_RAW_H
#define AID_TEST_HARNESS_RAW_H

/*
 * The raw-socket client: bytes sent as they are on a new TCP connection,
 * and the responses read back off it, byte for byte, for what libcurl
 * would hide (framing, a head sent twice, pipelining).
 */

#include <stddef.h>

/*
 * Sends request bytes on a new TCP connection, recorded for
 * last_request(), and reads until the server closes it or timeout_ms of
 * silence. Returns the bytes read (malloc'd, NUL-terminated) and their
 * length in *len.
 */
char *raw_exchange(unsigned short port, const char *request, size_t reqlen,
    int timeout_ms, size_t *len);

/* One response read off a raw connection. */
struct raw_msg {
	long status;
	char head[8192]; /* status line and fields, NUL-terminated */
	const char *body;
	size_t bodylen;
	int has_length;
	size_t length; /* Content-Length */
	int twice;     /* the status line and fields came twice, the second
			* copy at once after the first (libmicrohttpd
			* 0.9.75 does so on some answers of its own) */
};

/* The value of header name of a raw response (hdr()'s buffers), or NULL. */
const char *raw_hdr(struct raw_msg *, const char *name);

/*
 * Parses the response at bytes[*off]: the head up to the blank line (and
 * a second head that follows it at once), then Content-Length bytes of
 * body unless it has none (bodiless: a HEAD; 1xx, 304, 204). Returns 0 and
 * moves *off past it; 1 when the bytes there begin a response but do not
 * hold all of it; -1 when they cannot be one. *m is valid when 0.
 */
int raw_parse(const char *bytes, size_t len, size_t *off, int bodiless,
    struct raw_msg *m);

/*
 * GET (or HEAD) of target alone on a raw connection to port, with one
 * more header line ("Name: value") or none, and Connection: close; fails
 * the test unless what comes back is one response, parsed into *m. *bytes
 * is what came (free() it; *m points into it).
 */
void raw_one(unsigned short port, const char *method, const char *target,
    const char *extra, struct raw_msg *m, char **bytes);

#endif
