/*
 * What differs between the libmicrohttpd versions the server runs with:
 * Debian 12's 0.9.75 and Debian 13's 1.0.1. It is decided once, from the
 * version the process loaded (MHD_get_version), never from the headers it
 * was built with: the options a version offers, and the workarounds of the
 * versions that need them. Each workaround says the range of versions it
 * serves, why it exists, and which test fails when it stops working.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The number libmicrohttpd 0.9.77 and later give the option of client
 * discipline levels; older headers do not name it. */
#if MHD_VERSION >= 0x00097701
#define OPTION_DISCIPLINE MHD_OPTION_CLIENT_DISCIPLINE_LVL
#else
#define OPTION_DISCIPLINE ((enum MHD_OPTION)38)
#endif

unsigned long
mhd_version_of(const char *text)
{
	unsigned long v = 0;
	int parts = 0;

	/* "1.0.1" is 0x01000100: each part's decimal digits as hex ones */
	while (parts < 4) {
		char *end;
		unsigned long part = strtoul(text, &end, 10);

		if (end == text || end - text > 2 || part > 99)
			return 0;
		v = v << 8 | (part / 10) << 4 | part % 10;
		parts++;
		if (*end != '.')
			break;
		text = end + 1;
	}
	return parts >= 2 ? v << 8 * (4 - parts) : 0;
}

struct mhd_traits
mhd_traits_of(unsigned long version)
{
	struct mhd_traits t = { .version = version };

	/* the option exists since 0.9.77.01 (its documentation) */
	t.discipline = version >= 0x00097701;
	/*
	 * The query cut. libmicrohttpd calls the URI log callback with the
	 * request target in its read buffer, the query still in it, and then
	 * splits the query into arguments in the connection's memory pool,
	 * 64 bytes or more for each: a target of 8 KiB (a&a&...) fills a pool
	 * of 128 KiB, and libmicrohttpd then answers its own 431, or nothing.
	 * The server parses the query from its own copy of the target, so the
	 * callback ends the query at its first byte and libmicrohttpd records
	 * no argument. Read in the sources of 0.9.75 and 1.0.1 (1.0's
	 * process_request_target calls the callback, then parses from the
	 * byte after the '?'); a version outside that range is left alone
	 * until it has been read. Guarded by the case many-parameters of
	 * tests/malformed/corpus.txt: 2,000 parameters get the server's 400.
	 */
	t.cut_query = version >= 0x00097500 && version < 0x01010000;
	/* read in the same sources: MHD_epoll reads again while a read
	 * comes back full (128 events), with the first read's timeout
	 * (server/mhdepoll.c) */
	t.drain_waits = version >= 0x00097500 && version < 0x01010000;
	/*
	 * The checks "as sent". libmicrohttpd before 0.9.77 has no
	 * discipline levels and, at its most pedantic, still takes several
	 * requests RFC 9112 says to refuse: it skips extra spaces after the
	 * method, cuts a target at a NUL, folds obs-fold lines, cuts a value
	 * at a NUL, and ends the header block at a line that begins with a
	 * colon. Its read buffer keeps the traces (mhd_line_as_sent and
	 * mhd_fields_as_sent read them), laid out as 0.9.75 lays it out
	 * (0.9.76 and 0.9.77 are hotfix releases of its branch; the parser
	 * was written anew, with the discipline levels, after them, as
	 * libmicrohttpd's ChangeLog says). Those later versions refuse these
	 * requests themselves at discipline 1 (mhd_options). Guarded by the
	 * cases of tests/malformed/corpus.txt whose 0.9 answer is the
	 * server's 400.
	 */
	t.as_sent = version >= 0x00097500 && version < 0x00097701;
	return t;
}

const struct mhd_traits *
mhd_traits(void)
{
	static struct mhd_traits t;
	static int known;

	/* the first call is daemon_start's, before any thread runs */
	if (!known) {
		t = mhd_traits_of(mhd_version_of(MHD_get_version()));
		known = 1;
	}
	return &t;
}

size_t
mhd_options(const struct mhd_traits *t, int discipline,
    struct MHD_OptionItem *item, size_t room)
{
	size_t n = 0;

	if (t->discipline && n < room)
		item[n++] = (struct MHD_OptionItem){ OPTION_DISCIPLINE,
			(intptr_t)discipline, NULL };
	return n;
}

void
mhd_cut_query(const struct mhd_traits *t, const char *uri)
{
	char *query;

	/* (the target lies in libmicrohttpd's read buffer, writable) */
	if (t->cut_query && (query = strchr(uri, '?')) != NULL)
		query[1] = '\0';
}

/*
 * 0.9.75 splits the request line in its read buffer: the method, one NUL
 * where the space was, the target, one NUL, the version. It skips any
 * further spaces after the method, and a NUL byte in the target cuts the
 * target short: the distances between the three tell. Checked only where
 * the distances are a line's (and the version one that follows a target).
 */
const char *
mhd_line_as_sent(const struct mhd_traits *t, const struct exchange *x,
    const char *method, const char *version)
{
	uintptr_t m = (uintptr_t)method, at = x->line_at;
	uintptr_t v = (uintptr_t)version;

	if (!t->as_sent || x->target == NULL ||
	    strncmp(version, "HTTP/", 5) != 0 || m >= at || at >= v ||
	    v - m > 3 * 8192)
		return NULL;
	if (m + strlen(method) + 1 != at)
		return "the request line has more than one space after the "
		       "method";
	if (v - at - 1 > strlen(x->target))
		return "the request target holds a NUL byte";
	return NULL;
}

/* The walk of mhd_fields_as_sent over the header block. */
struct walk {
	uintptr_t at, end; /* where the next line may begin; the block's end */
	const char *bad;   /* why the block is refused, or NULL */
};

/* 1 when the n bytes at p are all NUL. */
static int
all_nul(uintptr_t p, size_t n)
{
	const char *s = (const char *)p;

	for (size_t i = 0; i < n; i++)
		if (s[i] != '\0')
			return 0;
	return 1;
}

static enum MHD_Result
walk_field(
    void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct walk *w = cls;
	uintptr_t k = (uintptr_t)key, v = (uintptr_t)value, k_end;

	(void)kind;
	/* the line begins after the last one's end (one or two NULs) */
	if (k <= w->at || k > w->at + 2 || k >= w->end) {
		w->bad = "a header field is folded over more than one line "
			 "(obs-fold)";
		return MHD_NO;
	}
	k_end = k + strlen(key); /* where the colon was */
	if (!all_nul(w->at, k - w->at) || v <= k_end || v >= w->end) {
		w->bad = "a header field value holds a NUL byte";
		return MHD_NO;
	}
	for (uintptr_t p = k_end + 1; p < v; p++)
		if (*(const char *)p != ' ' && *(const char *)p != '\t') {
			w->bad = "a header field line is malformed";
			return MHD_NO;
		}
	w->at = v + strlen(value);
	return MHD_YES;
}

/*
 * 0.9.75 reads each field in place in its read buffer, the colon and the
 * line ends turned to NULs, so that one field's line follows the last; it
 * folds an obs-fold line onto the field's name, copied elsewhere; it takes
 * a NUL in a value for its end; and it takes a line that begins with a
 * colon for the end of the block, leaving what follows for a next request.
 * Each leaves bytes that no field accounts for, or a field out of its
 * place.
 */
const char *
mhd_fields_as_sent(const struct mhd_traits *t, struct MHD_Connection *con,
    const char *method, const char *version)
{
	const union MHD_ConnectionInfo *ci;
	struct walk w;

	if (!t->as_sent || strncmp(version, "HTTP/", 5) != 0 ||
	    (ci = MHD_get_connection_info(
		 con, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE)) == NULL)
		return NULL;
	w.at = (uintptr_t)version + strlen(version);
	w.end = (uintptr_t)method + ci->header_size;
	w.bad = NULL;
	if (w.at >= w.end)
		return NULL;
	MHD_get_connection_values(con, MHD_HEADER_KIND, walk_field, &w);
	if (w.bad != NULL)
		return w.bad;
	/* the last line's end, then the empty line's */
	if (w.at > w.end || w.end - w.at < 2 || w.end - w.at > 4 ||
	    !all_nul(w.at, w.end - w.at))
		return "a header field value holds a NUL byte, or a line "
		       "without a field name ends the header fields";
	return NULL;
}
