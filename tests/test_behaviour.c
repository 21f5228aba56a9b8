/*
 * Behaviour tests: what HTTP does on every route, checked at the header
 * and byte level against "HTTP behaviour" in API.md. Methods (OPTIONS,
 * 405); conditional requests and caching headers; 304 and HEAD framing on
 * a raw socket, and kept-alive connections; gzip and the rendition cache;
 * CORS; representations (CSV and content negotiation, format, pretty);
 * strictness of the request (trailing slash, repeated keys, bad encoding
 * in the query and the path, request forms, limits); request ids; a
 * trusted proxy's headers; the access log; and the metrics. The resources
 * and their parameters are test_http.c's.
 *
 * Several daemons run in this process, one per configuration (setup())
 * and one more that only test_metrics_counts asks, on a snapshot of the test
 * database ($AID_DB, else build/aid.db). One of them serves a copy in which one
 * event holds values that are hard for CSV (quotes, commas, line breaks) and
 * one key names two entities (a 300); nothing else in it differs. Each daemon
 * has its own /metrics counters.
 */
#define _GNU_SOURCE /* memmem, strptime */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <sqlite3.h>
#include <zlib.h>

#include "harness.h"

#define CSV_TYPE      "text/csv; charset=utf-8; header=present"
#define METRICS_TYPE  "text/plain; version=0.0.4; charset=utf-8"
#define MAX_AGE	      123 /* not the default (300) */
#define CACHE_CONTROL "public, max-age=123" STALE
#define STALE_REVAL   45  /* not the default (60) */
#define STALE_ERROR   678 /* not the default (86400) */
#define STALE	      ", stale-while-revalidate=45, stale-if-error=678"
#define PAGE_CONTROL  "public, max-age=1, stale-if-error=678"
#define CORS_LIST     "https://app.example,http://localhost:3000"
#define ALLOWED	      "Origin: https://app.example"
#define ALLOWED2      "Origin: http://localhost:3000"
#define DENIED	      "Origin: https://evil.example"
#define GZIP	      "Accept-Encoding: gzip"
#define PREFIX	      "X-Forwarded-Prefix: /aid"
#define BIG	      API "/events" /* a body worth compressing */
#define CSV_PAGE      API "/events?format=csv&limit=3"
#define SHARED_KEY    "behaviour-shared-key" /* two entities in the fixture */
#define EXPOSED                                                                \
	"Link, X-Total-Count, ETag, X-Request-Id, Content-Location, Allow, "   \
	"Content-Disposition"
#define METHODS	  "GET, HEAD, OPTIONS"
#define VARY_DATA "Accept, Accept-Encoding"
#define VARY_CORS "Accept, Accept-Encoding, Origin"

/* The daemons, by configuration. */
enum {
	PLAIN,	 /* defaults but max-age */
	CORS,	 /* a list of origins */
	STAR,	 /* any origin */
	PROXY,	 /* trusts X-Forwarded-* */
	NOCACHE, /* keeps no rendition */
	FIXTURE, /* the altered copy of the database, trusting a proxy */
	COUNTED, /* as PLAIN, asked only by test_metrics_counts */
	NSRV
};

/* The collections. */
static const char *const colls[] = { "entities", "partnerships", "funding",
	"events", "sources", NULL };

static struct daemon *daemons[NSRV];
static unsigned short ports[NSRV];
static char snapshot_db[64], fixture_db[64];
static char dataset_version[64];
static char last_modified[64]; /* of the index, the build's date */
static time_t built_at;

static long fetch(struct http_response *, int srv, const char *method,
    const char *target, ...) __attribute__((sentinel));

/* One request to daemon srv with the headers that follow (a NULL-ended
 * list of "Name: value"), by http_fetch(). Returns the status. */
static long
fetch(struct http_response *r, int srv, const char *method, const char *target,
    ...)
{
	const char *headers[16];
	size_t n = 0;
	va_list ap;

	va_start(ap, target);
	while ((headers[n] = va_arg(ap, const char *)) != NULL)
		assert_true(++n < sizeof(headers) / sizeof(headers[0]));
	va_end(ap);
	return http_fetch(r, ports[srv], method, headers, "%s", target);
}

static void
expect_status(const struct http_response *r, long want)
{
	check(r->status == want, "%s: %ld, not %ld: %.300s", last_request(),
	    r->status, want, r->body);
}

/* 1 when the comma list names token (any case). */
static int
has_token(const char *list, const char *token)
{
	size_t n = strlen(token);

	for (const char *p = list; p != NULL && *p != '\0';) {
		size_t len;

		p += strspn(p, " \t,");
		len = strcspn(p, ",");
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == n && strncasecmp(p, token, n) == 0)
			return 1;
		p += strcspn(p, ",");
	}
	return 0;
}

/* The number of elements of a comma list. */
static size_t
count_tokens(const char *list)
{
	size_t n = 0;

	for (const char *p = list; p != NULL && *p != '\0';) {
		p += strspn(p, " \t,");
		if (*p != '\0')
			n++;
		p += strcspn(p, ",");
	}
	return n;
}

/* Fails unless header name is a comma list of exactly the tokens of want
 * (in any order and case). */
static void
expect_tokens(const struct http_response *r, const char *name, const char *want)
{
	const char *got = hdr(r, name);
	int ok = got != NULL && count_tokens(got) == count_tokens(want);

	for (const char *p = want; ok && *p != '\0';) {
		char token[128];
		size_t len;

		p += strspn(p, " ,");
		len = strcspn(p, ",");
		snprintf(token, sizeof(token), "%.*s", (int)len, p);
		ok = has_token(got, token);
		p += len;
	}
	check(ok, "%s: %s is '%s', not the list '%s'", last_request(), name,
	    got != NULL ? got : "(absent)", want);
}

/* Fails unless the comma list in header name includes token. */
static void
expect_token(const struct http_response *r, const char *name, const char *token)
{
	const char *got = hdr(r, name);

	check(got != NULL && has_token(got, token),
	    "%s: %s is '%s', without %s", last_request(), name,
	    got != NULL ? got : "(absent)", token);
}

/* Fails when the response has any Access-Control-* header. */
static void
expect_no_cors(const struct http_response *r)
{
	for (const char *line = r->headers; line != NULL && *line != '\0';) {
		check(strncasecmp(line, "Access-Control-", 15) != 0,
		    "%s: a denied or unconfigured origin got %.*s",
		    last_request(), (int)strcspn(line, "\r\n"), line);
		line = strstr(line, "\r\n");
		line = line != NULL ? line + 2 : NULL;
	}
}

/* A request id as the server makes or keeps them. */
static int
sane_id(const char *id)
{
	size_t n = id != NULL ? strlen(id) : 0;

	return n > 0 && n <= 128 &&
	    strspn(id,
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"0123456789._-") == n;
}

/* An id the server made itself: 16 hex digits, a dash, hex digits (a
 * process prefix and a counter). */
static int
own_id(const char *id)
{
	const char *hex = "0123456789abcdef";
	size_t n = id != NULL ? strlen(id) : 0;

	return n > 17 && strspn(id, hex) == 16 && id[16] == '-' &&
	    strspn(id + 17, hex) == n - 17;
}

static void
http_date(time_t t, char *out, size_t cap)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, cap, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* An HTTP-date (IMF-fixdate) as a time, or -1. */
static time_t
parse_http_date(const char *s)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	end = s != NULL ? strptime(s, "%a, %d %b %Y %H:%M:%S GMT", &tm) : NULL;
	return end != NULL && *end == '\0' ? timegm(&tm) : (time_t)-1;
}

/* The id of the first item of a collection. */
static void
first_id(int srv, const char *coll, char *buf, size_t cap)
{
	struct http_response r;
	char target[256];
	const char *id;

	snprintf(target, sizeof(target), API "/%s?limit=1", coll);
	fetch(&r, srv, "GET", target, NULL);
	expect_status(&r, 200);
	id = json_string_value(json_object_get(
	    json_array_get(json_object_get(r.json, "data"), 0), "id"));
	check(id != NULL, "%s: no first item", last_request());
	snprintf(buf, cap, "%s", id);
	http_response_free(&r);
}

/* The ETag of GET target with the headers given (one or none). */
static void
etag_of(int srv, const char *target, const char *header, char *buf, size_t cap)
{
	struct http_response r;
	const char *etag;

	fetch(&r, srv, "GET", target, header, NULL);
	expect_status(&r, 200);
	etag = hdr(&r, "ETag");
	check(etag != NULL, "%s: no ETag", last_request());
	snprintf(buf, cap, "%s", etag);
	http_response_free(&r);
}

/* ---------------------------------------------------------------------
 * The raw socket
 */

/* Sends request on a new connection; everything the server sent. */
static char *
raw(int srv, const char *request, size_t *len)
{
	return raw_exchange(ports[srv], request, strlen(request), 3000, len);
}

/* GET (or HEAD) of target alone on a raw connection, with one more header
 * line or none; parses the one response that must be all it sends. */
static void
raw_one(int srv, const char *method, const char *target, const char *extra,
    struct raw_msg *m, char **bytes)
{
	char req[2048];
	size_t len, off = 0;

	snprintf(req, sizeof(req),
	    "%s %s HTTP/1.1\r\nHost: localhost\r\n%s%sConnection: "
	    "close\r\n\r\n",
	    method, target, extra != NULL ? extra : "",
	    extra != NULL ? "\r\n" : "");
	*bytes = raw(srv, req, &len);
	check(raw_parse(*bytes, len, &off, strcmp(method, "HEAD") == 0, m) == 0,
	    "%s: not one response: %.300s", last_request(), *bytes);
	check(off == len, "%s: %zu bytes follow the response: %.200s",
	    last_request(), len - off, *bytes + off);
}

/* The header lines of a raw head but Date and X-Request-Id, which differ
 * from one response to the next. */
static void
stable_lines(const char *head, char *out, size_t cap)
{
	size_t n = 0;

	out[0] = '\0';
	for (const char *line = head; *line != '\0';) {
		size_t len = strcspn(line, "\r");

		if (strncasecmp(line, "Date:", 5) != 0 &&
		    strncasecmp(line, "X-Request-Id:", 13) != 0 &&
		    n + len + 2 < cap) {
			memcpy(out + n, line, len);
			n += len;
			out[n++] = '\n';
			out[n] = '\0';
		}
		line += len;
		line += strspn(line, "\r\n");
	}
}

/* ---------------------------------------------------------------------
 * gzip, CSV and metrics text
 */

/* The bytes a gzip stream decompresses to, or NULL when it is not one
 * whole gzip stream. */
static char *
gunzip(const char *in, size_t inlen, size_t *outlen)
{
	struct buf b = { 0 };
	char chunk[16384];
	z_stream z;
	int rc;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 32) != Z_OK)
		return NULL;
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)inlen;
	do {
		z.next_out = (Bytef *)chunk;
		z.avail_out = sizeof(chunk);
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END)
			break;
		buf_putn(&b, chunk, sizeof(chunk) - z.avail_out);
	} while (rc != Z_STREAM_END);
	inflateEnd(&z);
	if (rc != Z_STREAM_END || z.avail_in != 0) {
		free(buf_finish(&b));
		return NULL;
	}
	*outlen = b.len;
	return buf_finish(&b);
}

/*
 * Parses RFC 4180 text strictly: every record ends with CRLF (the last
 * one too); a field is quoted ("" for a quote inside) or holds no quote,
 * CR or LF. Returns the rows, each an array of strings, or NULL with *why.
 */
static json_t *
csv_parse(const char *s, size_t len, const char **why)
{
	json_t *rows = json_array(), *row = json_array();
	struct buf cell = { 0 };
	size_t i = 0;

	while (i < len) {
		size_t n;
		char *c;

		if (s[i] == '"') {
			for (i++;; i++) {
				if (i >= len) {
					*why = "a quoted field is not closed";
					goto bad;
				}
				if (s[i] == '"' && i + 1 < len &&
				    s[i + 1] == '"') {
					buf_putc(&cell, '"');
					i++;
				} else if (s[i] == '"') {
					i++;
					break;
				} else {
					buf_putc(&cell, s[i]);
				}
			}
		} else {
			for (; i < len && s[i] != ',' && s[i] != '\r' &&
			     s[i] != '\n';
			     i++) {
				if (s[i] == '"') {
					*why = "a quote in an unquoted field";
					goto bad;
				}
				buf_putc(&cell, s[i]);
			}
		}
		n = cell.len;
		c = buf_finish(&cell);
		json_array_append_new(row, json_stringn(c, n));
		free(c);
		if (i < len && s[i] == ',') {
			i++;
			continue;
		}
		if (i + 1 < len && s[i] == '\r' && s[i + 1] == '\n') {
			i += 2;
			json_array_append_new(rows, row);
			row = json_array();
			continue;
		}
		*why = i < len ? "a field ends in neither a comma nor CRLF"
			       : "the last record does not end with CRLF";
		goto bad;
	}
	json_decref(row);
	return rows;
bad:
	free(buf_finish(&cell));
	json_decref(row);
	json_decref(rows);
	return NULL;
}

/* The index of column name in a header row, or -1. */
static long
column(json_t *header, const char *name)
{
	size_t i;
	json_t *c;

	json_array_foreach (header, i, c)
		if (strcmp(json_string_value(c), name) == 0)
			return (long)i;
	return -1;
}

/* The value at a dotted path ("source.quote") of an object. */
static json_t *
at_path(json_t *v, const char *path)
{
	char key[128];
	size_t n;

	while (v != NULL && path[n = strcspn(path, ".")] == '.') {
		snprintf(key, sizeof(key), "%.*s", (int)n, path);
		v = json_object_get(v, key);
		path += n + 1;
	}
	return v != NULL ? json_object_get(v, path) : NULL;
}

/* The RFC 4180 form of a value that needs quoting. */
static char *
quoted(const char *s)
{
	struct buf b = { 0 };

	buf_putc(&b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_putc(&b, '"');
		buf_putc(&b, *s);
	}
	buf_putc(&b, '"');
	return buf_finish(&b);
}

/* The value of a metrics series (its name and labels as printed), or -1
 * when the text has no such line. */
static double
series(const char *text, const char *name)
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

/* GET /metrics of daemon srv: its text (free()). */
static char *
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

/* Scrapes until name is at least want: request counters move when a
 * request completes, just after its client has the response. */
static char *
scrape_until(int srv, const char *name, double want)
{
	char *text = scrape(srv);

	for (int i = 0; i < 300 && series(text, name) < want; i++) {
		struct timespec tick = { 0, 10 * 1000 * 1000 };

		nanosleep(&tick, NULL);
		free(text);
		text = scrape(srv);
	}
	return text;
}

/* ---------------------------------------------------------------------
 * Setup: the daemons, and the fixture database
 */

static int
exec_sql(sqlite3 *db, const char *sql, int want_changes)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK ||
	    sqlite3_changes(db) != want_changes) {
		fprintf(stderr, "test_behaviour: fixture: %s: %s\n", sql,
		    err != NULL ? err : "not the rows expected");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* Copies the database at from into a new temporary file, named in path. */
static sqlite3 *
copy_db(const char *from, char *path, size_t cap)
{
	sqlite3 *src = NULL, *dst = NULL;
	sqlite3_backup *b;
	int fd, ok = 0;

	snprintf(path, cap, "/tmp/aid-behaviour-XXXXXX");
	if ((fd = mkstemp(path)) < 0)
		return NULL;
	close(fd);
	if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL) ==
		SQLITE_OK &&
	    sqlite3_open(path, &dst) == SQLITE_OK &&
	    (b = sqlite3_backup_init(dst, "main", src, "main")) != NULL) {
		sqlite3_backup_step(b, -1);
		ok = sqlite3_backup_finish(b) == SQLITE_OK;
	}
	if (!ok)
		fprintf(stderr, "test_behaviour: cannot copy %s to %s: %s\n",
		    from, path,
		    dst != NULL ? sqlite3_errmsg(dst) : "out of memory");
	sqlite3_close(src);
	if (!ok) {
		sqlite3_close(dst);
		return NULL;
	}
	return dst;
}

/*
 * The databases: a snapshot of the test database, so that a rebuild of it
 * while the tests run cannot give two daemons two versions; and the
 * fixture, a copy where the first event's title holds quotes, its summary
 * LF and CRLF (and nothing else that needs quoting), its quote all of them
 * with a comma, and where SHARED_KEY names the first two entities.
 */
static int
make_databases(void)
{
	sqlite3 *db;
	int rc;

	if ((db = copy_db(harness_db(), snapshot_db, sizeof(snapshot_db))) ==
	    NULL)
		return -1;
	sqlite3_close(db);
	if ((db = copy_db(snapshot_db, fixture_db, sizeof(fixture_db))) == NULL)
		return -1;
	rc = exec_sql(db,
		 "UPDATE events SET"
		 " title = 'He said \"yes\" and left',"
		 " summary = 'One line' || char(10) || 'and a second' ||"
		 "   char(13) || char(10) || 'and a third',"
		 " quote = '\"\"Doubled\"\", then' || char(10) || '\"end\"'"
		 " WHERE id = (SELECT min(id) FROM events)",
		 1) != 0 ||
		exec_sql(db,
		    "UPDATE documents SET doc = (SELECT doc FROM event_docs v"
		    " WHERE v.id = documents.id) WHERE resource = 'events'"
		    " AND id = (SELECT min(id) FROM events)",
		    1) != 0 ||
		exec_sql(db,
		    "INSERT INTO entity_keys (key, entity_id)"
		    " SELECT '" SHARED_KEY "', id FROM"
		    " (SELECT id FROM entities ORDER BY id LIMIT 2)",
		    2) != 0
	    ? -1
	    : 0;
	sqlite3_close(db);
	return rc;
}

static int
setup(void **state)
{
	static struct config cfg[NSRV];
	struct http_response r;
	const char *v;

	(void)state;
	if (curl_global_init(CURL_GLOBAL_ALL) != CURLE_OK)
		return -1;
	if (make_databases() != 0) {
		unlink(snapshot_db);
		unlink(fixture_db);
		return -1;
	}
	for (int i = 0; i < NSRV; i++) {
		harness_config(&cfg[i]);
		cfg[i].db = snapshot_db;
		cfg[i].cache_max_age = MAX_AGE;
		cfg[i].stale_revalidate = STALE_REVAL;
		cfg[i].stale_if_error = STALE_ERROR;
	}
	cfg[CORS].cors_origin = CORS_LIST;
	cfg[STAR].cors_origin = "*";
	cfg[PROXY].trust_proxy = 1;
	cfg[NOCACHE].cache_bytes = 0;
	cfg[FIXTURE].db = fixture_db;
	cfg[FIXTURE].trust_proxy = 1;
	for (int i = 0; i < NSRV; i++) {
		daemons[i] = harness_start(&cfg[i]);
		ports[i] = daemon_port(daemons[i]);
	}
	/* no check here: the tests say what is missing */
	http_request(ports[PLAIN], "GET", API, NULL, &r);
	v = json_string_value(json_object_get(
	    json_object_get(r.json, "meta"), "dataset_version"));
	snprintf(dataset_version, sizeof(dataset_version), "%s",
	    v != NULL ? v : "(no meta.dataset_version in " API ")");
	v = hdr(&r, "Last-Modified");
	snprintf(last_modified, sizeof(last_modified), "%s",
	    v != NULL ? v : "(no Last-Modified on " API ")");
	built_at = parse_http_date(last_modified);
	http_response_free(&r);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	for (int i = 0; i < NSRV; i++)
		daemon_stop(daemons[i]);
	if (snapshot_db[0] != '\0')
		unlink(snapshot_db);
	if (fixture_db[0] != '\0')
		unlink(fixture_db);
	curl_global_cleanup();
	return 0;
}

/* ---------------------------------------------------------------------
 * Conditional requests and caching headers
 */

/* The targets whose 200 is data: the index, every collection and its
 * first item, the totals, the OpenAPI document, a CSV, a later page. */
static json_t *
data_targets(int srv)
{
	json_t *t = json_pack("[s, s, s, s, s]", API, API "/funding/totals",
	    "/openapi.json", CSV_PAGE, API "/events?limit=2&offset=2");

	assert_non_null(t);
	for (size_t i = 0; colls[i] != NULL; i++) {
		char id[256], target[512];

		snprintf(target, sizeof(target), API "/%s", colls[i]);
		json_array_append_new(t, json_string(target));
		first_id(srv, colls[i], id, sizeof(id));
		snprintf(target, sizeof(target), API "/%s/%s", colls[i], id);
		json_array_append_new(t, json_string(target));
	}
	return t;
}

/* A data 200: a strong ETag "<dataset_version>-<hash>", Last-Modified the
 * build, Cache-Control public with the configured max-age, and vary. */
static void
expect_cacheable(const struct http_response *r, const char *vary)
{
	const char *etag = hdr(r, "ETag");
	size_t n = etag != NULL ? strlen(etag) : 0,
	       dv = strlen(dataset_version);

	expect_status(r, 200);
	check(n > dv + 3 && etag[0] == '"' && etag[n - 1] == '"' &&
		strncmp(etag + 1, dataset_version, dv) == 0 &&
		etag[1 + dv] == '-' &&
		strspn(etag + 2 + dv,
		    "0123456789abcdefghijklmnopqrstuvwxyz-") == n - dv - 3,
	    "%s: ETag %s is not a strong \"%s-<hash>\"", last_request(),
	    etag != NULL ? etag : "(absent)", dataset_version);
	expect_header(r, "Last-Modified", last_modified);
	expect_header(r, "Cache-Control", CACHE_CONTROL);
	expect_tokens(r, "Vary", vary);
}

/* Every data 200 has a strong ETag, Last-Modified, Cache-Control with the
 * configured max-age and Vary: Accept, Accept-Encoding. */
static void
test_data_caching_headers(void **state)
{
	json_t *targets = data_targets(PLAIN), *t;
	struct http_response r;
	time_t now = time(NULL);
	size_t i;

	(void)state;
	check(built_at != (time_t)-1 && built_at <= now,
	    "Last-Modified '%s' is not an HTTP-date in the past",
	    last_modified);
	json_array_foreach (targets, i, t) {
		fetch(&r, PLAIN, "GET", json_string_value(t), NULL);
		expect_cacheable(&r, VARY_DATA);
		http_response_free(&r);
		fetch(&r, PLAIN, "GET", json_string_value(t), GZIP, NULL);
		expect_cacheable(&r, VARY_DATA);
		http_response_free(&r);
	}
	json_decref(targets);
}

/* Last-Modified is when the database was built (meta.built_at). */
static void
test_last_modified_is_build(void **state)
{
	struct http_response r;
	const char *b;
	struct tm tm;

	(void)state;
	fetch(&r, PLAIN, "GET", API, NULL);
	b = json_string_value(
	    json_object_get(json_object_get(r.json, "meta"), "built_at"));
	if (b == NULL) {
		http_response_free(&r);
		skip(); /* the index does not say when it was built */
	}
	memset(&tm, 0, sizeof(tm));
	check(strptime(b, "%Y-%m-%dT%H:%M:%SZ", &tm) != NULL &&
		timegm(&tm) == built_at,
	    "meta.built_at %s is not Last-Modified %s", b, last_modified);
	http_response_free(&r);
}

/* With a CORS list, data 200s vary by Origin as well; with "*" they do
 * not. */
static void
test_vary_origin(void **state)
{
	struct http_response r;

	(void)state;
	fetch(&r, CORS, "GET", BIG, ALLOWED, NULL);
	expect_cacheable(&r, VARY_CORS);
	http_response_free(&r);
	fetch(&r, CORS, "GET", API, NULL);
	expect_cacheable(&r, VARY_CORS);
	http_response_free(&r);
	fetch(&r, STAR, "GET", BIG, ALLOWED, NULL);
	expect_cacheable(&r, VARY_DATA);
	http_response_free(&r);
}

/* ETags differ between different responses, are equal for the same one,
 * and the gzip representation has its own. */
static void
test_etags_distinct(void **state)
{
	json_t *targets = data_targets(PLAIN), *tags = json_array(), *t;
	char etag[128], again[128], gz[128];
	size_t i, j;

	(void)state;
	json_array_foreach (targets, i, t) {
		etag_of(PLAIN, json_string_value(t), NULL, etag, sizeof(etag));
		etag_of(
		    PLAIN, json_string_value(t), NULL, again, sizeof(again));
		check(strcmp(etag, again) == 0, "%s: ETag %s, then %s",
		    last_request(), etag, again);
		for (j = 0; j < json_array_size(tags); j++)
			check(strcmp(etag,
				  json_string_value(json_array_get(tags, j))) !=
				0,
			    "%s and %s share the ETag %s", json_string_value(t),
			    json_string_value(json_array_get(targets, j)),
			    etag);
		json_array_append_new(tags, json_string(etag));
	}
	etag_of(PLAIN, BIG, NULL, etag, sizeof(etag));
	etag_of(PLAIN, BIG, GZIP, gz, sizeof(gz));
	etag_of(PLAIN, BIG, GZIP, again, sizeof(again));
	check(strcmp(etag, gz) != 0, "%s: the gzip ETag is the identity one %s",
	    last_request(), etag);
	check(strcmp(gz, again) == 0, "%s: ETag %s, then %s", last_request(),
	    gz, again);
	json_decref(tags);
	json_decref(targets);
}

/* One conditional GET: its status, and a 304 carries the ETag and no
 * body. */
static void
expect_conditional(const char *target, const char *condition,
    const char *encoding, long want, const char *etag)
{
	struct http_response r;

	fetch(&r, PLAIN, "GET", target, condition, encoding, NULL);
	expect_status(&r, want);
	expect_header(&r, "ETag", etag);
	if (want == 304) {
		check(r.len == 0, "%s: a 304 with %zu body bytes",
		    last_request(), r.len);
		expect_header(&r, "Cache-Control", CACHE_CONTROL);
		expect_tokens(&r, "Vary", VARY_DATA);
	}
	http_response_free(&r);
}

/* If-None-Match with the ETag, a list holding it, W/ or "*" is a 304; with
 * another tag a 200; the gzip ETag works for the gzip representation. */
static void
test_if_none_match(void **state)
{
	static const char *const targets[] = { API, BIG, API "/funding/totals",
		"/openapi.json", CSV_PAGE, NULL };
	char etag[128], gz[128], h[512];

	(void)state;
	for (size_t i = 0; targets[i] != NULL; i++) {
		etag_of(PLAIN, targets[i], NULL, etag, sizeof(etag));
		snprintf(h, sizeof(h), "If-None-Match: %s", etag);
		expect_conditional(targets[i], h, NULL, 304, etag);
		snprintf(h, sizeof(h), "If-None-Match: \"x\", %s, \"y\"", etag);
		expect_conditional(targets[i], h, NULL, 304, etag);
		snprintf(h, sizeof(h), "If-None-Match: \"x\",%s", etag);
		expect_conditional(targets[i], h, NULL, 304, etag);
		snprintf(h, sizeof(h), "If-None-Match: W/%s", etag);
		expect_conditional(targets[i], h, NULL, 304, etag);
		expect_conditional(
		    targets[i], "If-None-Match: *", NULL, 304, etag);
		expect_conditional(
		    targets[i], "If-None-Match: \"other\"", NULL, 200, etag);
		snprintf(
		    h, sizeof(h), "If-None-Match: \"%s-0\"", dataset_version);
		expect_conditional(targets[i], h, NULL, 200, etag);
	}
	etag_of(PLAIN, BIG, GZIP, gz, sizeof(gz));
	snprintf(h, sizeof(h), "If-None-Match: %s", gz);
	expect_conditional(BIG, h, GZIP, 304, gz);
	expect_conditional(BIG, "If-None-Match: \"other\"", GZIP, 200, gz);
}

/* If-Modified-Since at or after Last-Modified is a 304, before it a 200;
 * If-None-Match, when sent, decides alone. */
static void
test_if_modified_since(void **state)
{
	static const char *const targets[] = { API, BIG, API "/sources", NULL };
	char etag[128], h[128], before[64], now[64];
	struct http_response r;

	(void)state;
	http_date(built_at - 1, before, sizeof(before));
	http_date(time(NULL), now, sizeof(now));
	for (size_t i = 0; targets[i] != NULL; i++) {
		etag_of(PLAIN, targets[i], NULL, etag, sizeof(etag));
		snprintf(h, sizeof(h), "If-Modified-Since: %s", last_modified);
		expect_conditional(targets[i], h, NULL, 304, etag);
		snprintf(h, sizeof(h), "If-Modified-Since: %s", now);
		expect_conditional(targets[i], h, NULL, 304, etag);
		snprintf(h, sizeof(h), "If-Modified-Since: %s", before);
		expect_conditional(targets[i], h, NULL, 200, etag);
		expect_conditional(targets[i], "If-Modified-Since: yesterday",
		    NULL, 200, etag);
		snprintf(h, sizeof(h), "If-Modified-Since: %s", now);
		fetch(&r, PLAIN, "GET", targets[i], h,
		    "If-None-Match: \"other\"", NULL);
		expect_status(&r, 200);
		http_response_free(&r);
	}
}

/* /healthz, /readyz, /metrics and errors are no-store, without ETag or
 * Last-Modified. */
static void
test_no_store(void **state)
{
	static const struct {
		const char *method, *target;
		long status;
	} cases[] = { { "GET", "/healthz", 200 }, { "GET", "/readyz", 200 },
		{ "GET", "/metrics", 200 }, { "GET", API "/nope", 404 },
		{ "GET", API "/events?limit=0", 400 },
		{ "GET", API "/events/no-such-event", 404 },
		{ "POST", API "/events", 405 },
		{ "OPTIONS", API "/events", 204 },
		{ "HEAD", API "/nope", 404 } };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct http_response r;

		fetch(&r, PLAIN, cases[i].method, cases[i].target, GZIP, NULL);
		expect_status(&r, cases[i].status);
		expect_header(&r, "Cache-Control", "no-store");
		expect_absent(&r, "ETag");
		expect_absent(&r, "Last-Modified");
		http_response_free(&r);
	}
}

/*
 * --stale-while-revalidate and --stale-if-error (RFC 5861) are said on data
 * answers, their 304s too, each only when not 0; the page's HTML may be
 * stale only on error (and is then fresh for a second, else no-cache);
 * what is no-store says nothing of staleness.
 */
static void
test_stale_directives(void **state)
{
	static const struct {
		long swr, sie;
		const char *data, *page;
	} cases[] = {
		{ 0, 0, "public, max-age=123", "public, no-cache" },
		{ 7, 0, "public, max-age=123, stale-while-revalidate=7",
		    "public, no-cache" },
		{ 0, 9, "public, max-age=123, stale-if-error=9",
		    "public, max-age=1, stale-if-error=9" },
		{ 31536000, 31536000,
		    "public, max-age=123, stale-while-revalidate=31536000, "
		    "stale-if-error=31536000",
		    "public, max-age=1, stale-if-error=31536000" },
	};
	static const char *const html[] = { "Accept: text/html", NULL };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct config cfg;
		struct daemon *d;
		unsigned short port;
		struct http_response r;
		char inm[160];
		const char *cond[] = { inm, NULL };

		harness_config(&cfg);
		cfg.cache_max_age = MAX_AGE;
		cfg.stale_revalidate = cases[i].swr;
		cfg.stale_if_error = cases[i].sie;
		d = harness_start(&cfg);
		port = daemon_port(d);
		http_fetch(&r, port, "GET", NULL, "%s", BIG);
		expect_status(&r, 200);
		expect_header(&r, "Cache-Control", cases[i].data);
		snprintf(inm, sizeof(inm), "If-None-Match: %s",
		    hdr(&r, "ETag") != NULL ? hdr(&r, "ETag") : "\"none\"");
		http_response_free(&r);
		http_fetch(&r, port, "GET", cond, "%s", BIG);
		expect_status(&r, 304);
		expect_header(&r, "Cache-Control", cases[i].data);
		http_response_free(&r);
		http_fetch(&r, port, "GET", html, "/");
		expect_status(&r, 200);
		expect_header(&r, "Cache-Control", cases[i].page);
		http_response_free(&r);
		http_fetch(&r, port, "GET", NULL, "/readyz");
		expect_header(&r, "Cache-Control", "no-store");
		http_response_free(&r);
		http_fetch(&r, port, "GET", NULL, API "/events/no-such-event");
		expect_header(&r, "Cache-Control", "no-store");
		http_response_free(&r);
		daemon_stop(d);
	}
}

/* ---------------------------------------------------------------------
 * Methods
 */

/* OPTIONS answers 204 with Allow and no body. */
static void
test_options(void **state)
{
	static const char *const targets[] = { API, API "/events",
		API "/funding/totals", API "/entities/shanghai", NULL };
	struct http_response r;

	(void)state;
	for (size_t i = 0; targets[i] != NULL; i++) {
		fetch(&r, PLAIN, "OPTIONS", targets[i], NULL);
		expect_status(&r, 204);
		expect_header(&r, "Allow", METHODS);
		check(r.len == 0, "%s: a 204 with %zu body bytes",
		    last_request(), r.len);
		http_response_free(&r);
	}
}

/* POST, PUT, DELETE and PATCH are a 405 problem with Allow. */
static void
test_other_methods(void **state)
{
	static const char *const methods[] = { "POST", "PUT", "DELETE", "PATCH",
		NULL };
	static const char *const targets[] = { API "/events",
		API "/entities/shanghai", API "/funding/totals", "/healthz",
		NULL };
	struct http_response r;

	(void)state;
	for (size_t i = 0; methods[i] != NULL; i++)
		for (size_t j = 0; targets[j] != NULL; j++) {
			fetch(&r, PLAIN, methods[i], targets[j], NULL);
			expect_problem_doc(&r, 405);
			expect_header(&r, "Allow", METHODS);
			http_response_free(&r);
		}
}

/* ---------------------------------------------------------------------
 * Framing: 304 and HEAD on a raw socket, kept-alive connections
 */

/* A 304 has no body bytes, a Content-Length (if any) that is the 200's,
 * and a GET pipelined after it is read right after its head. */
static void
expect_304_framing(const char *target, const char *encoding)
{
	struct raw_msg ok, nm, next;
	char *bytes, *pair, req[2048], etag[128];
	size_t len, off = 0;

	raw_one(PLAIN, "GET", target, encoding, &ok, &bytes);
	check(ok.status == 200 && raw_hdr(&ok, "ETag") != NULL,
	    "%s: %ld without ETag", last_request(), ok.status);
	snprintf(etag, sizeof(etag), "%s", raw_hdr(&ok, "ETag"));
	snprintf(req, sizeof(req),
	    "GET %s HTTP/1.1\r\nHost: localhost\r\n%s%sIf-None-Match: "
	    "%s\r\n\r\nGET /healthz HTTP/1.1\r\nHost: localhost\r\n"
	    "Connection: close\r\n\r\n",
	    target, encoding != NULL ? encoding : "",
	    encoding != NULL ? "\r\n" : "", etag);
	pair = raw(PLAIN, req, &len);
	check(raw_parse(pair, len, &off, 1, &nm) == 0 && nm.status == 304,
	    "%s: not a 304: %.300s", last_request(), pair);
	check(!nm.has_length || nm.length == ok.bodylen,
	    "%s: the 304 says Content-Length %zu, the 200 has %zu bytes",
	    last_request(), nm.length, ok.bodylen);
	check(raw_hdr(&nm, "ETag") != NULL &&
		strcmp(raw_hdr(&nm, "ETag"), etag) == 0,
	    "%s: the 304's ETag is not %s", last_request(), etag);
	check(raw_parse(pair, len, &off, 0, &next) == 0 && next.status == 200,
	    "%s: the pipelined GET /healthz is not read right after the "
	    "304's head; there follows: %.200s",
	    last_request(), nm.body);
	check(next.bodylen > 0 && strncmp(next.body, "{", 1) == 0,
	    "%s: /healthz after the 304 has no JSON body", last_request());
	check(off == len, "%s: %zu stray bytes after both responses",
	    last_request(), len - off);
	free(pair);
	free(bytes);
}

/* 304 framing on a raw socket: no body, honest Content-Length, and the
 * next pipelined request parses. */
static void
test_304_framing(void **state)
{
	(void)state;
	expect_304_framing(BIG, NULL);
	expect_304_framing(BIG, GZIP);
	expect_304_framing(API, NULL);
	expect_304_framing(CSV_PAGE, NULL);
}

/* HEAD of target has the GET's status and headers (same Content-Length,
 * same ETag) and no body; a GET pipelined after it parses. */
static void
expect_head_framing(const char *target, const char *extra)
{
	struct raw_msg get, head, next;
	char *gbytes, *hbytes, *pair, req[2048], a[8192], b[8192];
	size_t len, off = 0;

	raw_one(PLAIN, "GET", target, extra, &get, &gbytes);
	raw_one(PLAIN, "HEAD", target, extra, &head, &hbytes);
	check(head.status == get.status, "%s: HEAD %ld, GET %ld",
	    last_request(), head.status, get.status);
	stable_lines(get.head, a, sizeof(a));
	stable_lines(head.head, b, sizeof(b));
	check(strcmp(a, b) == 0, "%s: HEAD's head\n%s\nis not GET's\n%s",
	    last_request(), b, a);
	check(head.has_length && head.length == get.bodylen,
	    "%s: HEAD's Content-Length %zu, GET's body %zu bytes",
	    last_request(), head.length, get.bodylen);
	check(sane_id(raw_hdr(&head, "X-Request-Id")),
	    "%s: HEAD without an X-Request-Id", last_request());
	snprintf(req, sizeof(req),
	    "HEAD %s HTTP/1.1\r\nHost: localhost\r\n%s%s\r\n"
	    "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: "
	    "close\r\n\r\n",
	    target, extra != NULL ? extra : "", extra != NULL ? "\r\n" : "");
	pair = raw(PLAIN, req, &len);
	check(raw_parse(pair, len, &off, 1, &head) == 0 &&
		head.status == get.status,
	    "%s: HEAD is not answered: %.300s", last_request(), pair);
	check(raw_parse(pair, len, &off, 0, &next) == 0 && next.status == 200,
	    "%s: the pipelined GET /healthz is not read right after the "
	    "HEAD's head; there follows: %.200s",
	    last_request(), head.body);
	check(off == len, "%s: %zu stray bytes after both responses",
	    last_request(), len - off);
	free(pair);
	free(gbytes);
	free(hbytes);
}

/* HEAD answers what GET does without the body, on a raw socket: the index,
 * pages with and without Link, an item by an alias (Content-Location), the
 * totals, gzip, CSV, errors and /healthz. */
static void
test_head_framing(void **state)
{
	static const char *const targets[] = { API, BIG, API "/events?limit=2",
		API "/events?limit=2&offset=2",
		API "/entities/minghang-district", API "/funding/totals",
		CSV_PAGE, API "/events?limit=0", API "/nope", "/healthz",
		NULL };

	(void)state;
	for (size_t i = 0; targets[i] != NULL; i++)
		expect_head_framing(targets[i], NULL);
	expect_head_framing(BIG, GZIP);
}

static size_t
discard(char *data, size_t size, size_t n, void *arg)
{
	(void)data;
	(void)arg;
	return size * n;
}

/* Several requests go over one kept-alive connection. */
static void
test_keep_alive(void **state)
{
	static const char *const targets[] = { API "/events?limit=1",
		API "/entities/wenshan", API "/nope", API "/funding/totals",
		API "/events?limit=0" };
	CURL *curl = curl_easy_init();
	long first_port = -1;

	(void)state;
	assert_non_null(curl);
	curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		char url[512];
		long connects = -1, local = -1, status = 0;

		snprintf(url, sizeof(url), "http://127.0.0.1:%u%s",
		    ports[PLAIN], targets[i]);
		curl_easy_setopt(curl, CURLOPT_URL, url);
		assert_int_equal(curl_easy_perform(curl), CURLE_OK);
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
		curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
		curl_easy_getinfo(curl, CURLINFO_LOCAL_PORT, &local);
		check(status != 500 && status != 0, "%s: %ld", targets[i],
		    status);
		check(connects == (i == 0 ? 1 : 0),
		    "request %zu (%s) opened %ld connections", i + 1,
		    targets[i], connects);
		if (i == 0)
			first_port = local;
		check(local == first_port,
		    "request %zu left from port %ld, the first from %ld", i + 1,
		    local, first_port);
	}
	curl_easy_cleanup(curl);
}

/* ---------------------------------------------------------------------
 * gzip and renditions
 */

/* gzip on a large body: Content-Encoding, Vary, and the bytes inflate to
 * exactly the identity body. */
static void
test_gzip_body(void **state)
{
	static const char *const targets[] = { BIG, API "/entities?" ALL,
		API "/entities?format=csv&" ALL, "/openapi.json", NULL };

	(void)state;
	for (size_t i = 0; targets[i] != NULL; i++) {
		struct http_response id, gz;
		char *plain;
		size_t n = 0;

		fetch(&id, PLAIN, "GET", targets[i], NULL);
		fetch(&gz, PLAIN, "GET", targets[i], GZIP, NULL);
		expect_status(&gz, 200);
		expect_absent(&id, "Content-Encoding");
		expect_header(&gz, "Content-Encoding", "gzip");
		expect_token(&gz, "Vary", "Accept-Encoding");
		expect_header(&gz, "Content-Type", hdr(&id, "Content-Type"));
		check(gz.len < id.len, "%s: gzip is %zu bytes, identity %zu",
		    last_request(), gz.len, id.len);
		plain = gunzip(gz.body, gz.len, &n);
		check(plain != NULL, "%s: the body is not one gzip stream",
		    last_request());
		check(n == id.len && memcmp(plain, id.body, n) == 0,
		    "%s: inflates to %zu bytes, not the %zu of identity",
		    last_request(), n, id.len);
		free(plain);
		http_response_free(&id);
		http_response_free(&gz);
	}
}

/* A large reply that is not data (/metrics) is compressed too, anew each
 * time, and inflates to the exposition text. */
static void
test_gzip_metrics(void **state)
{
	struct http_response r;
	char *text;
	size_t n = 0;

	(void)state;
	fetch(&r, PLAIN, "GET", "/metrics", GZIP, NULL);
	expect_status(&r, 200);
	expect_header(&r, "Content-Encoding", "gzip");
	expect_header(&r, "Content-Type", METRICS_TYPE);
	expect_token(&r, "Vary", "Accept-Encoding");
	text = gunzip(r.body, r.len, &n);
	check(text != NULL && strncmp(text, "# HELP ", 7) == 0 &&
		strstr(text, "\naid_build_info{") != NULL,
	    "%s: does not inflate to the metrics: %.100s", last_request(),
	    text != NULL ? text : "(not gzip)");
	free(text);
	http_response_free(&r);
}

/* Accept-Encoding is negotiated by its q-values. */
static void
test_gzip_negotiation(void **state)
{
	static const struct {
		const char *header;
		int gzip;
	} cases[] = { { "Accept-Encoding: gzip", 1 },
		{ "Accept-Encoding: gzip;q=0", 0 },
		{ "Accept-Encoding: gzip; q=0.0", 0 },
		{ "Accept-Encoding: *", 1 }, { "Accept-Encoding: identity", 0 },
		{ "Accept-Encoding: br", 0 },
		{ "Accept-Encoding: deflate, gzip;q=0.5", 1 },
		{ "Accept-Encoding: GZIP", 1 },
		{ "Accept-Encoding: br, *;q=0.1", 1 },
		{ "Accept-Encoding: gzip;q=0, *", 0 },
		{ "Accept-Encoding: *;q=0", 0 },
		{ "Accept-Encoding: gzipx", 0 },
		{ "Accept-Encoding: gzip;q=0.001", 1 },
		{ "Accept-Encoding: gzip;q=1.000", 1 },
		{ "Accept-Encoding: gzip;q=1 ;x=y", 1 },
		/* weights that are not weights: not acceptable */
		{ "Accept-Encoding: gzip;q=nan", 0 },
		{ "Accept-Encoding: gzip;q=NaN, *;q=nan", 0 },
		{ "Accept-Encoding: gzip;q=inf", 0 },
		{ "Accept-Encoding: gzip;q=1e3", 0 },
		{ "Accept-Encoding: gzip;q=-1", 0 },
		{ "Accept-Encoding: gzip;q=1.5", 0 },
		{ "Accept-Encoding: gzip;q=0x1", 0 },
		{ "Accept-Encoding: gzip;q=0.0001", 0 },
		{ "Accept-Encoding: gzip;q=", 0 } };
	struct http_response id;

	(void)state;
	fetch(&id, PLAIN, "GET", BIG, NULL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct http_response r;

		fetch(&r, PLAIN, "GET", BIG, cases[i].header, NULL);
		expect_status(&r, 200);
		if (cases[i].gzip) {
			expect_header(&r, "Content-Encoding", "gzip");
		} else {
			expect_absent(&r, "Content-Encoding");
			check(r.len == id.len &&
				memcmp(r.body, id.body, r.len) == 0,
			    "%s: not the identity body", last_request());
			expect_header(&r, "ETag", hdr(&id, "ETag"));
		}
		http_response_free(&r);
	}
	http_response_free(&id);
}

/* A small body is sent as it is, whatever Accept-Encoding says. */
static void
test_small_not_compressed(void **state)
{
	char id[256], target[512], a[128], b[128];
	struct http_response r;

	(void)state;
	first_id(PLAIN, "events", id, sizeof(id));
	snprintf(target, sizeof(target), API "/events/%s?fields=id", id);
	fetch(&r, PLAIN, "GET", target, GZIP, NULL);
	expect_status(&r, 200);
	expect_absent(&r, "Content-Encoding");
	check(r.json != NULL, "%s: not JSON as it is", last_request());
	http_response_free(&r);
	etag_of(PLAIN, target, NULL, a, sizeof(a));
	etag_of(PLAIN, target, GZIP, b, sizeof(b));
	check(strcmp(a, b) == 0, "%s: ETag %s with gzip, %s without",
	    last_request(), b, a);
	fetch(&r, PLAIN, "GET", "/healthz", GZIP, NULL);
	expect_status(&r, 200);
	expect_absent(&r, "Content-Encoding");
	check(r.json != NULL, "%s: not JSON as it is", last_request());
	http_response_free(&r);
}

/* The built and reused rendition counters of /metrics. */
static void
renditions(int srv, double *built, double *reused)
{
	char *text = scrape(srv);

	*built = series(text, "aid_renditions_built_total");
	*reused = series(text, "aid_renditions_reused_total");
	check(*built >= 0 && *reused >= 0,
	    "/metrics has no aid_renditions_built_total or "
	    "aid_renditions_reused_total");
	free(text);
}

/* Three gzip GETs of one URL on daemon srv: the rendition counters move by
 * built and reused; the three bodies are the same bytes. */
static void
expect_renditions(int srv, const char *target, double built, double reused)
{
	double b0, r0, b1, r1;
	struct http_response r[3];

	renditions(srv, &b0, &r0);
	for (int i = 0; i < 3; i++) {
		fetch(&r[i], srv, "GET", target, GZIP, NULL);
		expect_status(&r[i], 200);
		expect_header(&r[i], "Content-Encoding", "gzip");
	}
	renditions(srv, &b1, &r1);
	check(b1 - b0 == built && r1 - r0 == reused,
	    "%s three times: %g built and %g reused, not %g and %g", target,
	    b1 - b0, r1 - r0, built, reused);
	for (int i = 1; i < 3; i++) {
		check(r[i].len == r[0].len &&
			memcmp(r[i].body, r[0].body, r[0].len) == 0,
		    "%s: request %d has other bytes than the first", target,
		    i + 1);
		expect_header(&r[i], "ETag", hdr(&r[0], "ETag"));
	}
	for (int i = 0; i < 3; i++)
		http_response_free(&r[i]);
}

/* A response is compressed once: the same URL three times builds one
 * rendition and reuses it twice. */
static void
test_rendition_reused(void **state)
{
	(void)state;
	expect_renditions(PLAIN, API "/events?limit=13&offset=1", 1, 2);
}

/* With a cache of 0 bytes, every request builds its rendition. */
static void
test_rendition_without_cache(void **state)
{
	(void)state;
	expect_renditions(NOCACHE, API "/events?limit=13&offset=1", 3, 0);
}

/* ---------------------------------------------------------------------
 * CORS
 */

/* An allowed origin is granted, and the headers scripts need exposed. */
static void
expect_granted(const struct http_response *r, const char *origin)
{
	expect_header(r, "Access-Control-Allow-Origin", origin);
	expect_tokens(r, "Access-Control-Expose-Headers", EXPOSED);
	expect_header(r, "Timing-Allow-Origin", origin);
}

/* An allowed Origin gets Access-Control-Allow-Origin and -Expose-Headers
 * on 200, 304, 404 and 400, and Vary names Origin. */
static void
test_cors_allowed(void **state)
{
	static const char *const origins[] = { ALLOWED, ALLOWED2, NULL };
	char etag[128], inm[256];
	struct http_response r;

	(void)state;
	etag_of(CORS, BIG, NULL, etag, sizeof(etag));
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	for (size_t i = 0; origins[i] != NULL; i++) {
		const char *origin = origins[i] + strlen("Origin: ");

		fetch(&r, CORS, "GET", BIG, origins[i], NULL);
		expect_status(&r, 200);
		expect_granted(&r, origin);
		expect_token(&r, "Vary", "Origin");
		http_response_free(&r);
		fetch(&r, CORS, "GET", BIG, origins[i], inm, NULL);
		expect_status(&r, 304);
		expect_granted(&r, origin);
		expect_token(&r, "Vary", "Origin");
		http_response_free(&r);
		fetch(&r, CORS, "GET", API "/nope", origins[i], NULL);
		expect_status(&r, 404);
		expect_granted(&r, origin);
		expect_token(&r, "Vary", "Origin");
		http_response_free(&r);
		fetch(&r, CORS, "GET", API "/events?limit=x", origins[i], NULL);
		expect_status(&r, 400);
		expect_granted(&r, origin);
		expect_token(&r, "Vary", "Origin");
		http_response_free(&r);
	}
}

/* An origin not on the list gets no Access-Control-* header at all, and
 * Vary still names Origin. */
static void
test_cors_denied(void **state)
{
	static const char *const origins[] = { DENIED,
		"Origin: https://app.example.evil.example",
		"Origin: https://app.exampl", "Origin: http://app.example",
		"Origin: null", "Origin: " CORS_LIST, NULL };
	static const struct {
		const char *target;
		long status;
	} cases[] = { { BIG, 200 }, { API "/nope", 404 },
		{ API "/events?limit=x", 400 }, { "/healthz", 200 } };
	char etag[128], inm[256];
	struct http_response r;

	(void)state;
	etag_of(CORS, BIG, NULL, etag, sizeof(etag));
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	for (size_t i = 0; origins[i] != NULL; i++) {
		for (size_t j = 0; j < sizeof(cases) / sizeof(cases[0]); j++) {
			fetch(
			    &r, CORS, "GET", cases[j].target, origins[i], NULL);
			expect_status(&r, cases[j].status);
			expect_no_cors(&r);
			expect_token(&r, "Vary", "Origin");
			http_response_free(&r);
		}
		fetch(&r, CORS, "GET", BIG, origins[i], inm, NULL);
		expect_status(&r, 304);
		expect_no_cors(&r);
		http_response_free(&r);
	}
}

/* With "*", any origin is granted "*", and so is a request without
 * Origin: the answer does not vary by Origin (no Vary: Origin), so a
 * shared cache may give it to any client. */
static void
test_cors_any(void **state)
{
	static const char *const origins[] = { ALLOWED, DENIED, "Origin: null",
		NULL };
	struct http_response r;

	(void)state;
	fetch(&r, STAR, "GET", BIG, NULL);
	expect_status(&r, 200);
	expect_granted(&r, "*");
	http_response_free(&r);
	for (size_t i = 0; origins[i] != NULL; i++) {
		fetch(&r, STAR, "GET", BIG, origins[i], NULL);
		expect_status(&r, 200);
		expect_granted(&r, "*");
		http_response_free(&r);
		fetch(&r, STAR, "GET", API "/nope", origins[i], NULL);
		expect_status(&r, 404);
		expect_granted(&r, "*");
		http_response_free(&r);
	}
}

/* One preflight of /api/v1/events from origin (a full header line). */
static void
preflight(int srv, const char *origin, struct http_response *r)
{
	fetch(r, srv, "OPTIONS", API "/events", origin,
	    "Access-Control-Request-Method: GET",
	    "Access-Control-Request-Headers: x-request-id, if-none-match",
	    NULL);
	expect_status(r, 204);
	expect_tokens(r, "Allow", METHODS);
	check(r->len == 0, "%s: a 204 with %zu body bytes", last_request(),
	    r->len);
}

/* A preflight from an allowed origin is a 204 with -Allow-Methods,
 * -Allow-Headers (naming what it asked for), -Max-Age and Allow; from a
 * denied origin a 204 without any Access-Control-*. */
static void
test_cors_preflight(void **state)
{
	struct http_response r;
	const char *age;

	(void)state;
	preflight(CORS, ALLOWED, &r);
	expect_header(&r, "Access-Control-Allow-Origin", "https://app.example");
	expect_tokens(&r, "Access-Control-Allow-Methods", METHODS);
	expect_token(&r, "Access-Control-Allow-Headers", "X-Request-Id");
	expect_token(&r, "Access-Control-Allow-Headers", "If-None-Match");
	age = hdr(&r, "Access-Control-Max-Age");
	check(age != NULL && strspn(age, "0123456789") == strlen(age) &&
		atol(age) > 0,
	    "%s: Access-Control-Max-Age is '%s'", last_request(),
	    age != NULL ? age : "(absent)");
	http_response_free(&r);
	preflight(CORS, DENIED, &r);
	expect_no_cors(&r);
	http_response_free(&r);
	preflight(STAR, DENIED, &r);
	expect_header(&r, "Access-Control-Allow-Origin", "*");
	expect_tokens(&r, "Access-Control-Allow-Methods", METHODS);
	http_response_free(&r);
}

/* Without --cors-origin, no Access-Control-* header ever, and no Vary on
 * Origin. */
static void
test_cors_off(void **state)
{
	static const char *const targets[] = { BIG, API "/nope",
		API "/events?limit=x", "/healthz", NULL };
	char etag[128], inm[256];
	struct http_response r;

	(void)state;
	for (size_t i = 0; targets[i] != NULL; i++) {
		fetch(&r, PLAIN, "GET", targets[i], ALLOWED, NULL);
		expect_no_cors(&r);
		check(!has_token(hdr(&r, "Vary"), "Origin"),
		    "%s: Vary names Origin without CORS", last_request());
		http_response_free(&r);
	}
	etag_of(PLAIN, BIG, NULL, etag, sizeof(etag));
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	fetch(&r, PLAIN, "GET", BIG, ALLOWED, inm, NULL);
	expect_status(&r, 304);
	expect_no_cors(&r);
	http_response_free(&r);
	preflight(PLAIN, ALLOWED, &r);
	expect_no_cors(&r);
	http_response_free(&r);
}

/* ---------------------------------------------------------------------
 * Representations
 */

/*
 * The events as CSV (query given) against their JSON: CSV's type, strict
 * RFC 4180 with CRLF, a header row with dotted columns, a row per item,
 * and title, summary and source.quote giving back the JSON values exactly,
 * quoted (quotes doubled) where they hold a comma, a quote, CR or LF.
 * Counts the values that needed quoting and those with a quote or LF.
 */
static void
expect_csv_events(int srv, size_t *needed, size_t *hard)
{
	static const char *const cells[] = { "id", "title", "summary",
		"source.quote", NULL };
	struct http_response j, c;
	json_t *rows, *header, *data;
	const char *why = "";
	size_t i;

	*needed = *hard = 0;
	fetch(&j, srv, "GET", API "/events?" ALL, NULL);
	fetch(&c, srv, "GET", API "/events?" ALL "&format=csv", NULL);
	expect_status(&c, 200);
	expect_header(&c, "Content-Type", CSV_TYPE);
	data = json_object_get(j.json, "data");
	rows = csv_parse(c.body, c.len, &why);
	check(rows != NULL, "%s: not RFC 4180 with CRLF: %s", last_request(),
	    why);
	header = json_array_get(rows, 0);
	check(json_array_size(rows) == json_array_size(data) + 1,
	    "%s: %zu rows under the header for %zu items", last_request(),
	    json_array_size(rows) - 1, json_array_size(data));
	check(hdr(&c, "X-Total-Count") != NULL &&
		strtoul(hdr(&c, "X-Total-Count"), NULL, 10) ==
		    json_array_size(data),
	    "%s: X-Total-Count %s for %zu rows", last_request(),
	    hdr(&c, "X-Total-Count"), json_array_size(data));
	check(column(header, "start.year") >= 0 &&
		column(header, "source.id") >= 0 &&
		column(header, "source.quote") >= 0 &&
		column(header, "start") < 0 && column(header, "source") < 0,
	    "%s: nested values are not dotted columns: %.300s", last_request(),
	    c.body);
	for (i = 1; i < json_array_size(rows); i++) {
		json_t *row = json_array_get(rows, i);
		json_t *item = json_array_get(data, i - 1);

		check(json_array_size(row) == json_array_size(header),
		    "%s: row %zu has %zu cells, the header %zu", last_request(),
		    i, json_array_size(row), json_array_size(header));
		for (size_t k = 0; cells[k] != NULL; k++) {
			long col = column(header, cells[k]);
			const char *want =
			    json_string_value(at_path(item, cells[k]));
			const char *got =
			    json_string_value(json_array_get(row, (size_t)col));

			check(col >= 0 && want != NULL,
			    "%s: no %s column or value", last_request(),
			    cells[k]);
			check(got != NULL && strcmp(got, want) == 0,
			    "%s: row %zu %s is\n  '%s'\nnot the JSON's\n  '%s'",
			    last_request(), i, cells[k], got != NULL ? got : "",
			    want);
			if (strpbrk(want, ",\"\r\n") != NULL) {
				char *q = quoted(want);

				check(
				    memmem(c.body, c.len, q, strlen(q)) != NULL,
				    "%s: %s of row %zu is not quoted as RFC "
				    "4180 says: %s",
				    last_request(), cells[k], i, q);
				free(q);
				(*needed)++;
			}
			if (strpbrk(want, "\"\n") != NULL)
				(*hard)++;
		}
	}
	json_decref(rows);
	http_response_free(&j);
	http_response_free(&c);
}

/* format=csv: CSV of the events, row for row and cell for cell the JSON. */
static void
test_csv_events(void **state)
{
	size_t needed, hard;

	(void)state;
	expect_csv_events(PLAIN, &needed, &hard);
	check(needed > 0, "no event value holds a comma: quoting is untested");
}

/* CSV quoting round-trips quotes, commas, CR and LF (the fixture). */
static void
test_csv_quoting(void **state)
{
	size_t needed, hard;

	(void)state;
	expect_csv_events(FIXTURE, &needed, &hard);
	check(
	    hard >= 3, "the fixture's hard values are not served (%zu)", hard);
}

/* Every collection as CSV: one row per item, in the JSON's order, every
 * row as wide as the header. */
static void
test_csv_every_collection(void **state)
{

	(void)state;
	for (size_t k = 0; colls[k] != NULL; k++) {
		struct http_response j, c;
		char target[256];
		const char *why = "";
		json_t *rows, *data;
		long id;

		snprintf(target, sizeof(target), API "/%s?" ALL, colls[k]);
		fetch(&j, PLAIN, "GET", target, NULL);
		snprintf(target, sizeof(target), API "/%s?" ALL "&format=csv",
		    colls[k]);
		fetch(&c, PLAIN, "GET", target, NULL);
		expect_status(&c, 200);
		expect_header(&c, "Content-Type", CSV_TYPE);
		data = json_object_get(j.json, "data");
		rows = csv_parse(c.body, c.len, &why);
		check(rows != NULL, "%s: not RFC 4180 with CRLF: %s",
		    last_request(), why);
		check(json_array_size(rows) == json_array_size(data) + 1,
		    "%s: %zu rows under the header for %zu items",
		    last_request(), json_array_size(rows) - 1,
		    json_array_size(data));
		id = column(json_array_get(rows, 0), "id");
		check(id >= 0, "%s: no id column", last_request());
		for (size_t i = 1; i < json_array_size(rows); i++) {
			json_t *row = json_array_get(rows, i);
			const char *want = json_string_value(
			    json_object_get(json_array_get(data, i - 1), "id"));

			check(json_array_size(row) ==
				json_array_size(json_array_get(rows, 0)),
			    "%s: row %zu is not as wide as the header",
			    last_request(), i);
			check(want != NULL &&
				strcmp(json_string_value(
					   json_array_get(row, (size_t)id)),
				    want) == 0,
			    "%s: row %zu is not item %s", last_request(), i,
			    want != NULL ? want : "?");
		}
		json_decref(rows);
		http_response_free(&j);
		http_response_free(&c);
	}
}

/* The cell of column name in the CSV body of r's first data row, or NULL;
 * *ncols the header's width. */
static json_t *
csv_first_row(const struct http_response *r, size_t *ncols)
{
	const char *why = "";
	json_t *rows = csv_parse(r->body, r->len, &why);

	check(rows != NULL && json_array_size(rows) >= 2,
	    "%s: not a CSV with a row: %s", last_request(), why);
	*ncols = json_array_size(json_array_get(rows, 0));
	return rows;
}

/* fields= in CSV: every field of every collection gives its columns
 * (header named by the field, or field.sub), href among them, and an href
 * cell is the JSON's href, under a trusted proxy's prefix too. */
static void
test_csv_every_field(void **state)
{
	(void)state;
	for (size_t k = 0; colls[k] != NULL; k++) {
		struct http_response j, c;
		json_t *item, *v, *rows;
		const char *key;
		char target[256];
		size_t ncols;

		snprintf(target, sizeof(target), API "/%s?limit=1", colls[k]);
		fetch(&j, PLAIN, "GET", target, NULL);
		item = json_array_get(json_object_get(j.json, "data"), 0);
		check(
		    json_object_size(item) > 0, "%s: no item", last_request());
		json_object_foreach (item, key, v) {
			snprintf(target, sizeof(target),
			    API "/%s?limit=1&format=csv&fields=%s", colls[k],
			    key);
			fetch(&c, PLAIN, "GET", target, NULL);
			expect_status(&c, 200);
			rows = csv_first_row(&c, &ncols);
			check(ncols > 0, "%s: no column", last_request());
			for (size_t i = 0; i < ncols; i++) {
				const char *h = json_string_value(
				    json_array_get(json_array_get(rows, 0), i));
				size_t n = strlen(key);

				check(h != NULL && strncmp(h, key, n) == 0 &&
					(h[n] == '\0' || h[n] == '.'),
				    "%s: column '%s' is not of %s",
				    last_request(), h != NULL ? h : "?", key);
			}
			json_decref(rows);
			http_response_free(&c);
		}
		http_response_free(&j);
		for (int srv = PLAIN; srv <= PROXY; srv += PROXY - PLAIN) {
			const char *pre = srv == PROXY ? PREFIX : NULL;

			snprintf(target, sizeof(target), API "/%s?limit=1",
			    colls[k]);
			fetch(&j, srv, "GET", target, pre, NULL);
			snprintf(target, sizeof(target),
			    API "/%s?limit=1&format=csv&fields=href", colls[k]);
			fetch(&c, srv, "GET", target, pre, NULL);
			rows = csv_first_row(&c, &ncols);
			check(ncols == 1 &&
				json_equal(
				    json_array_get(json_array_get(rows, 1), 0),
				    json_object_get(
					json_array_get(
					    json_object_get(j.json, "data"), 0),
					"href")),
			    "%s: the href cell is not the JSON's href",
			    last_request());
			json_decref(rows);
			http_response_free(&j);
			http_response_free(&c);
		}
	}
}

/* Accept: text/csv gives the CSV; a tie or a lower q for CSV gives JSON;
 * the cache does not mix the two. */
static void
test_csv_by_accept(void **state)
{
	static const struct {
		const char *accept;
		int csv;
	} cases[] = { { "Accept: text/csv", 1 },
		{ "Accept: text/csv, application/json", 0 },
		{ "Accept: application/json, text/csv", 0 },
		{ "Accept: text/csv;q=0.5, application/json", 0 },
		{ "Accept: text/csv;q=0.9, application/json;q=0.8", 1 },
		{ "Accept: application/json", 0 }, { "Accept: */*", 0 },
		{ "Accept: text/csv", 1 } };
	struct http_response want;

	(void)state;
	fetch(&want, PLAIN, "GET", API "/events?limit=4&format=csv", NULL);
	expect_header(&want, "Content-Type", CSV_TYPE);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct http_response r;

		fetch(&r, PLAIN, "GET", API "/events?limit=4", cases[i].accept,
		    NULL);
		expect_status(&r, 200);
		expect_token(&r, "Vary", "Accept");
		if (cases[i].csv) {
			expect_header(&r, "Content-Type", CSV_TYPE);
			check(r.len == want.len &&
				memcmp(r.body, want.body, r.len) == 0,
			    "%s: not the CSV of format=csv", last_request());
		} else {
			expect_header(&r, "Content-Type", JSON_TYPE);
			check(r.json != NULL, "%s: not JSON", last_request());
		}
		http_response_free(&r);
	}
	http_response_free(&want);
}

/* fields=id,title&format=csv gives exactly those columns. */
static void
test_csv_fields(void **state)
{
	struct http_response r;
	const char *why = "";
	json_t *rows, *row;
	size_t i;

	(void)state;
	fetch(&r, PLAIN, "GET", API "/events?fields=id,title&format=csv&" ALL,
	    NULL);
	expect_status(&r, 200);
	expect_header(&r, "Content-Type", CSV_TYPE);
	check(strncmp(r.body, "id,title\r\n", 10) == 0,
	    "%s: the header row is not 'id,title': %.100s", last_request(),
	    r.body);
	rows = csv_parse(r.body, r.len, &why);
	check(rows != NULL && json_array_size(rows) > 1,
	    "%s: not CSV with rows: %s", last_request(), why);
	json_array_foreach (rows, i, row)
		check(json_array_size(row) == 2, "%s: row %zu has %zu cells",
		    last_request(), i, json_array_size(row));
	json_decref(rows);
	http_response_free(&r);
}

/* /funding/totals?format=csv is the totals' rows as CSV. */
static void
test_csv_totals(void **state)
{
	struct http_response j, c;
	const char *why = "";
	json_t *rows;

	(void)state;
	fetch(&j, PLAIN, "GET", API "/funding/totals", NULL);
	fetch(&c, PLAIN, "GET", API "/funding/totals?format=csv", NULL);
	expect_status(&c, 200);
	expect_header(&c, "Content-Type", CSV_TYPE);
	rows = csv_parse(c.body, c.len, &why);
	check(rows != NULL, "%s: not CSV: %s", last_request(), why);
	check(json_array_size(rows) ==
		json_array_size(json_object_get(j.json, "data")) + 1,
	    "%s: %zu rows for %zu totals", last_request(),
	    json_array_size(rows) - 1,
	    json_array_size(json_object_get(j.json, "data")));
	check(column(json_array_get(rows, 0), "key") >= 0 &&
		column(json_array_get(rows, 0), "amount_yuan") >= 0,
	    "%s: no key or amount_yuan column: %.200s", last_request(), c.body);
	json_decref(rows);
	http_response_free(&j);
	http_response_free(&c);
}

/* format=xml is a 400; format=csv where no collection is (an item,
 * /healthz) is an unknown parameter. */
static void
test_format_rejected(void **state)
{
	char id[256], target[512];

	(void)state;
	expect_bad_param(ports[PLAIN], "format", API "/events?format=xml");
	first_id(PLAIN, "events", id, sizeof(id));
	snprintf(target, sizeof(target), API "/events/%s?format=csv", id);
	expect_bad_param(ports[PLAIN], "format", "%s", target);
	expect_bad_param(ports[PLAIN], "format", "/healthz?format=csv");
}

/* pretty=1 indents; the document (but links.self, which carries
 * pretty=1), its status and its type are those of the compact one, on
 * items, totals, pages and errors. */
static void
test_pretty(void **state)
{
	static const char *const targets[][2] = {
		{ API "/entities/wenshan?pretty=1", API "/entities/wenshan" },
		{ API "/funding/totals?pretty=1", API "/funding/totals" },
		{ API "/events?limit=2&pretty=1", API "/events?limit=2" },
		{ API "/events?limit=0&pretty=1", API "/events?limit=0" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		struct http_response p, c;

		fetch(&c, PLAIN, "GET", targets[i][1], NULL);
		expect_header(&c, "Content-Type",
		    c.status < 400 ? JSON_TYPE : PROBLEM_TYPE);
		fetch(&p, PLAIN, "GET", targets[i][0], NULL);
		expect_status(&p, c.status);
		expect_header(&p, "Content-Type", hdr(&c, "Content-Type"));
		check(strstr(p.body, "\n  \"") != NULL,
		    "%s is not indented: %.200s", targets[i][0], p.body);
		check(strchr(c.body, '\n') == NULL, "%s is not compact",
		    targets[i][1]);
		check(p.json != NULL && c.json != NULL, "%s or %s is not JSON",
		    targets[i][0], targets[i][1]);
		json_object_del(p.json, "links");
		json_object_del(c.json, "links");
		check(json_equal(p.json, c.json), "%s differs from %s",
		    targets[i][0], targets[i][1]);
		http_response_free(&p);
		http_response_free(&c);
	}
}

/* pretty=1 indents the 404 of an unknown path like any other answer. */
static void
test_pretty_unknown_path(void **state)
{
	struct http_response r;
	char body[512];
	long status;

	(void)state;
	fetch(&r, PLAIN, "GET", API "/nope?pretty=1", NULL);
	status = r.status;
	snprintf(body, sizeof(body), "%s", r.body);
	http_response_free(&r); /* before failing: no leak */
	check(status == 404 && strstr(body, "\n  \"") != NULL,
	    "%s: %ld, not indented: %s", last_request(), status, body);
}

/* pretty takes 1, true, 0 or false; anything else is a 400. */
static void
test_pretty_invalid(void **state)
{
	(void)state;
	expect_bad_param(ports[PLAIN], "pretty", API "/events?pretty=maybe");
	expect_bad_param(
	    ports[PLAIN], "pretty", API "/entities/wenshan?pretty=2");
}

/* ---------------------------------------------------------------------
 * Strictness and limits
 */

/* A trailing slash names the same resource: /api/v1/events/ answers the
 * bytes, Content-Type and ETag of /api/v1/events, with or without a query. */
static void
test_trailing_slash(void **state)
{
	static const char *const pairs[][2] = {
		{ API "/events/", API "/events" },
		{ API "/events/?limit=1", API "/events?limit=1" },
		{ API "/events/?limit=2&offset=2",
		    API "/events?limit=2&offset=2" },
		{ API "/", API },
		{ API "/entities/shanghai/", API "/entities/shanghai" },
		{ API "/funding/totals/", API "/funding/totals" },
		{ "/healthz/", "/healthz" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		struct http_response a, b;

		fetch(&a, PLAIN, "GET", pairs[i][0], NULL);
		expect_status(&a, 200);
		expect_header(&a, "Content-Type", JSON_TYPE);
		fetch(&b, PLAIN, "GET", pairs[i][1], NULL);
		expect_status(&b, 200);
		expect_header(&b, "Content-Type", JSON_TYPE);
		check(a.len == b.len && memcmp(a.body, b.body, a.len) == 0,
		    "%s and %s differ", pairs[i][0], pairs[i][1]);
		expect_header(&a, "ETag", hdr(&b, "ETag"));
		http_response_free(&a);
		http_response_free(&b);
	}
}

/* A query key given twice is a 400 naming it, with the same value or
 * not, on every collection and on the totals. */
static void
test_repeated_parameter(void **state)
{
	(void)state;
	for (size_t i = 0; colls[i] != NULL; i++) {
		expect_bad_param(
		    ports[PLAIN], "limit", API "/%s?limit=1&limit=1", colls[i]);
		expect_bad_param(
		    ports[PLAIN], "limit", API "/%s?limit=1&limit=2", colls[i]);
		expect_bad_param(
		    ports[PLAIN], "q", API "/%s?q=a&offset=0&q=b", colls[i]);
	}
	expect_bad_param(ports[PLAIN], "group_by",
	    API "/funding/totals?group_by=kind&group_by=kind");
}

/* The data of GET target on the plain daemon (new reference), failing
 * unless it is a 200. */
static json_t *
data_of(const char *target)
{
	struct http_response r;
	json_t *data;

	fetch(&r, PLAIN, "GET", target, NULL);
	expect_status(&r, 200);
	data = json_incref(json_object_get(r.json, "data"));
	http_response_free(&r);
	return data;
}

/* A parameter that takes a comma list may be repeated, as openapi-fetch
 * and other clients send lists: fields=a&fields=b is fields=a,b, and
 * sort=a&sort=-b is sort=a,-b. */
static void
test_repeated_list_parameter(void **state)
{
	static const struct {
		const char *repeated, *once;
	} cases[] = {
		{ "/events?fields=id&fields=title,start",
		    "/events?fields=id,title,start" },
		{ "/entities?fields=name&fields=id",
		    "/entities?fields=name,id" },
		{ "/funding?sort=kind&sort=-amount_yuan",
		    "/funding?sort=kind,-amount_yuan" },
		{ "/partnerships?sort=-start&fields=id&sort=id&fields=sector",
		    "/partnerships?sort=-start,id&fields=id,sector" },
		{ "/events/2011-06-aid-total?fields=title&fields=id",
		    "/events/2011-06-aid-total?fields=title,id" },
	};
	char a[256], b[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *x, *y;

		snprintf(a, sizeof(a), API "%s", cases[i].repeated);
		snprintf(b, sizeof(b), API "%s", cases[i].once);
		x = data_of(a);
		y = data_of(b);
		check(x != NULL && json_equal(x, y),
		    "%s does not answer the data of %s", a, b);
		json_decref(x);
		json_decref(y);
	}
	/* a key twice inside the joined list is still refused */
	expect_bad_param(
	    ports[PLAIN], "sort", API "/events?sort=start&sort=start");
}

/*
 * GET / negotiates: a browser (Accept prefers text/html) gets the page, with
 * a Content-Security-Policy that allows only its own origin; a client that
 * asks for JSON (or for anything) gets the index document, the same as
 * /api/v1. Every answer says nosniff. The page is revalidated every time
 * (it names its files' versions); its assets are served with their types,
 * under names that carry the page's version (app.VERSION.js), and its
 * scripts import each other by those names; an address with the current
 * version may be cached for a year, any other name of the file as usual; a
 * version in a query is refused; a file the page does not have is a JSON
 * 404.
 */
static void
test_root_negotiates(void **state)
{
	struct http_response page, index, json;
	const char *v;
	char asset[256], lib[64], version[64] = "";

	(void)state;
	fetch(&page, PLAIN, "GET", "/",
	    "Accept: text/html,application/xhtml+xml,*/*;q=0.8", NULL);
	expect_status(&page, 200);
	expect_header(&page, "Content-Type", "text/html; charset=utf-8");
	check(strstr(page.body, "<html lang=\"en\">") != NULL &&
		strstr(page.body, "<title>") != NULL,
	    "/: not the page: %.200s", page.body);
	v = hdr(&page, "Content-Security-Policy");
	check(v != NULL && strstr(v, "default-src 'self'") != NULL &&
		strstr(v, "script-src 'self'") != NULL,
	    "/: Content-Security-Policy '%s'", v != NULL ? v : "(absent)");
	expect_header(&page, "X-Content-Type-Options", "nosniff");
	expect_header(&page, "Vary", VARY_DATA);
	/* the HTML names its files' versions: revalidated every second */
	expect_header(&page, "Cache-Control", PAGE_CONTROL);
	/* the assets the page names, with its version in their names */
	if ((v = strstr(page.body, "\"assets/app.")) != NULL)
		snprintf(version, sizeof(version), "%.*s",
		    (int)strspn(v + 12, "0123456789abcdef"), v + 12);
	check(strlen(version) == 16,
	    "/: the page names no app.VERSION.js: '%s'", version);
	snprintf(asset, sizeof(asset), "/assets/app.%s.js", version);
	check(strstr(page.body, asset + 1) != NULL, "/: no %s", asset + 1);
	http_response_free(&page);
	fetch(&page, PLAIN, "GET", asset, NULL);
	expect_status(&page, 200);
	expect_header(&page, "Content-Type", "text/javascript; charset=utf-8");
	expect_header(
	    &page, "Cache-Control", "public, max-age=31536000, immutable");
	/* its imports name the same version */
	snprintf(lib, sizeof(lib), "from './lib.%s.js'", version);
	check(strstr(page.body, lib) != NULL &&
		strstr(page.body, "'./lib.js'") == NULL,
	    "%s does not import %s: %.300s", asset, lib, page.body);
	http_response_free(&page);
	/* another version, or none: the same file, cached as usual */
	fetch(&page, PLAIN, "GET", "/assets/app.0000000000000000.js", NULL);
	expect_status(&page, 200);
	expect_header(&page, "Cache-Control", CACHE_CONTROL);
	http_response_free(&page);
	fetch(&page, PLAIN, "GET", "/assets/app.js", NULL);
	expect_status(&page, 200);
	expect_header(&page, "Cache-Control", CACHE_CONTROL);
	http_response_free(&page);
	snprintf(asset, sizeof(asset), "/assets/app.js?v=%s", version);
	fetch(&page, PLAIN, "GET", asset, NULL);
	expect_status(&page, 400);
	http_response_free(&page);
	fetch(&page, PLAIN, "GET", "/assets/no-such.js", NULL);
	expect_status(&page, 404);
	expect_header(&page, "Content-Type", PROBLEM_TYPE);
	http_response_free(&page);
	fetch(&page, PLAIN, "GET", "/assets/index.html", NULL);
	expect_status(&page, 404);
	http_response_free(&page);
	snprintf(asset, sizeof(asset), "/assets/index.%s.html", version);
	fetch(&page, PLAIN, "GET", asset, NULL);
	expect_status(&page, 404);
	http_response_free(&page);
	/* JSON, or no preference: the index */
	fetch(&json, PLAIN, "GET", "/", "Accept: application/json", NULL);
	fetch(&index, PLAIN, "GET", API, NULL);
	expect_status(&json, 200);
	expect_header(&json, "Content-Type", JSON_TYPE);
	check(strcmp(json.body, index.body) == 0,
	    "/ as JSON is not the index: %.200s", json.body);
	expect_header(&json, "Cache-Control", CACHE_CONTROL);
	expect_header(&json, "X-Content-Type-Options", "nosniff");
	http_response_free(&json);
	fetch(&json, PLAIN, "GET", "/", NULL);
	check(strcmp(json.body, index.body) == 0,
	    "/ without Accept is not the index: %.200s", json.body);
	http_response_free(&json);
	http_response_free(&index);
}

/* A malformed escape or bytes that are not UTF-8 in the query are a 400
 * naming the parameter, on every collection. */
static void
test_bad_encoding(void **state)
{
	static const char *const bad[] = { "%zz", "%FF", "%E2%8", "%E2%82",
		"%C0%AF", "%ED%A0%80", "a%", "%0A",
		/* with a word, so that only the UTF-8 check can refuse them */
		"cadre%FF", "cadre%E2%82", NULL };

	(void)state;
	for (size_t i = 0; colls[i] != NULL; i++)
		for (size_t j = 0; bad[j] != NULL; j++)
			expect_bad_param(ports[PLAIN], "q", API "/%s?q=%s",
			    colls[i], bad[j]);
}

/* A raw request whose response must be a problem document of status. */
static void
expect_raw_problem(const char *request, long status)
{
	struct raw_msg m;
	char *bytes;
	size_t len, off = 0;
	json_t *doc;

	bytes = raw(PLAIN, request, &len);
	check(raw_parse(bytes, len, &off, 0, &m) == 0 && m.status == status,
	    "%s: not a %ld: %.300s", last_request(), status, bytes);
	check(raw_hdr(&m, "Content-Type") != NULL &&
		strcmp(raw_hdr(&m, "Content-Type"), PROBLEM_TYPE) == 0,
	    "%s: the %ld is not %s: %.300s", last_request(), status,
	    PROBLEM_TYPE, m.head);
	check(sane_id(raw_hdr(&m, "X-Request-Id")),
	    "%s: the %ld has no X-Request-Id", last_request(), status);
	doc = json_loadb(m.body, m.bodylen, 0, NULL);
	check(json_integer_value(json_object_get(doc, "status")) == status,
	    "%s: not a problem document of %ld: %.*s", last_request(), status,
	    (int)m.bodylen, m.body);
	json_decref(doc);
	free(bytes);
}

/* A path with a malformed escape or a NUL is a 400 problem document, sent
 * by curl as it is and on a raw socket. */
static void
test_bad_path(void **state)
{
	static const char *const targets[] = { API "/events%zz",
		API "/events/%zz", API "/events/%E2%82", API "/events/%",
		API "/events/a%00b", NULL };

	(void)state;
	static const char *const slashes[] = { API "/events/%2F",
		API "/events/%2F%2F", API "/entities/%2F", API "/events%2F",
		API "/entities/yunnan%2F", NULL };

	(void)state;
	for (size_t i = 0; targets[i] != NULL; i++)
		expect_problem(ports[PLAIN], 400, "%s", targets[i]);
	/* an encoded slash is part of its segment, never a trailing slash */
	for (size_t i = 0; slashes[i] != NULL; i++)
		expect_problem(ports[PLAIN], 404, "%s", slashes[i]);
	expect_raw_problem("GET " API "/events%zz HTTP/1.1\r\n"
			   "Host: 127.0.0.1\r\nConnection: close\r\n\r\n",
	    400);
}

/*
 * The request forms of RFC 9112 beyond the origin form: an absolute-form
 * target names the same resource; "OPTIONS *" asks about the server as a
 * whole (204 with Allow); an HTTP/1.1 request without Host is a 400.
 */
static void
test_request_forms(void **state)
{
	struct raw_msg m;
	char *bytes;
	size_t len, off = 0;

	(void)state;
	bytes = raw(PLAIN,
	    "GET http://localhost" API "/events?limit=1 HTTP/1.1\r\n"
	    "Host: localhost\r\nConnection: close\r\n\r\n",
	    &len);
	check(raw_parse(bytes, len, &off, 0, &m) == 0 && m.status == 200 &&
		strstr(m.body, "\"limit\":1") != NULL,
	    "%s: absolute form not served: %.300s", last_request(), bytes);
	free(bytes);
	off = 0;
	bytes = raw(PLAIN,
	    "OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: "
	    "close\r\n\r\n",
	    &len);
	check(raw_parse(bytes, len, &off, 1, &m) == 0 && m.status == 204 &&
		raw_hdr(&m, "Allow") != NULL &&
		strcmp(raw_hdr(&m, "Allow"), METHODS) == 0,
	    "%s: not a 204 with Allow: %.300s", last_request(), bytes);
	free(bytes);
}

/*
 * A query of 2,000 parameters (a&a&..., 4 KB, within the 8 KiB target)
 * is the server's 400, on every libmicrohttpd version: libmicrohttpd
 * would record each argument in the connection's memory, and run out of
 * it, unless the query is cut for it (mhd_cut_query).
 */
static void
test_many_parameters(void **state)
{
	struct buf b = { 0 };
	char *req;

	(void)state;
	buf_puts(&b, "GET " API "/events?a");
	for (int i = 1; i < 2000; i++)
		buf_puts(&b, "&a");
	buf_puts(
	    &b, " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
	req = buf_finish(&b);
	assert_non_null(req);
	expect_raw_problem(req, 400);
	free(req);
}

/* A request of the given shape: a target of n bytes, or a header field of
 * n bytes (malloc'd). */
static char *
long_request(size_t target_len, size_t header_len)
{
	struct buf b = { 0 };
	char *r;

	buf_puts(&b, "GET " API "/events");
	if (target_len > 0) {
		buf_puts(&b, "?q=");
		for (size_t i = strlen(API "/events?q="); i < target_len; i++)
			buf_putc(&b, 'a');
	}
	buf_puts(&b, " HTTP/1.1\r\nHost: localhost\r\n");
	if (header_len > 0) {
		buf_puts(&b, "X-Big: ");
		for (size_t i = 0; i < header_len; i++)
			buf_putc(&b, 'b');
		buf_puts(&b, "\r\n");
	}
	buf_puts(&b, "Connection: close\r\n\r\n");
	r = buf_finish(&b);
	assert_non_null(r);
	return r;
}

/* A 9000-byte target is a 414 problem document. */
static void
test_long_target(void **state)
{
	char *req = long_request(9000, 0);

	(void)state;
	expect_raw_problem(req, 414);
	free(req);
}

/* A 12000-byte header (beyond the server's 8 KiB of fields, within
 * libmicrohttpd's 16 KiB of memory) is a 431 problem document. */
static void
test_long_header(void **state)
{
	char *req = long_request(0, 12000);

	(void)state;
	expect_raw_problem(req, 431);
	free(req);
}

/* A 100000-byte header or target is refused (414 or 431, libmicrohttpd's
 * own page will do), and the server goes on answering. */
static void
test_huge_request(void **state)
{
	static const size_t shapes[][2] = { { 100000, 0 }, { 0, 100000 } };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		char *req = long_request(shapes[i][0], shapes[i][1]), *bytes;
		struct http_response r;
		long status;
		size_t len;

		capture_stderr(); /* libmicrohttpd logs what it refused */
		bytes = raw(PLAIN, req, &len);
		free(release_stderr());
		status = len > 12 && strncmp(bytes, "HTTP/1.1 ", 9) == 0
		    ? strtol(bytes + 9, NULL, 10)
		    : 0;
		check(status == 414 || status == 431,
		    "a %zu-byte target, %zu-byte header: not 414 or 431: "
		    "%.200s",
		    shapes[i][0], shapes[i][1], bytes);
		free(bytes);
		free(req);
		fetch(&r, PLAIN, "GET", "/healthz", NULL);
		expect_status(&r, 200);
		http_response_free(&r);
	}
}

/* ---------------------------------------------------------------------
 * Request ids
 */

/* Every response has an X-Request-Id: 200, 304, 400, 404, 405, 204, 414. */
static void
test_request_id_everywhere(void **state)
{
	static const struct {
		const char *method, *target;
		long status;
	} cases[] = { { "GET", BIG, 200 }, { "GET", BIG, 304 },
		{ "GET", API "/events?limit=0", 400 }, { "GET", "/nope", 404 },
		{ "DELETE", BIG, 405 }, { "OPTIONS", BIG, 204 },
		{ "HEAD", BIG, 200 } };
	char etag[128], inm[256], *req, ids[8][130];
	size_t nids = 0;

	(void)state;
	etag_of(PLAIN, BIG, NULL, etag, sizeof(etag));
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct http_response r;

		fetch(&r, PLAIN, cases[i].method, cases[i].target,
		    cases[i].status == 304 ? inm : NULL, NULL);
		expect_status(&r, cases[i].status);
		check(own_id(hdr(&r, "X-Request-Id")),
		    "%s: X-Request-Id '%s' is not an id of the server's",
		    last_request(), hdr(&r, "X-Request-Id"));
		for (size_t j = 0; j < nids; j++)
			check(strcmp(ids[j], hdr(&r, "X-Request-Id")) != 0,
			    "%s: X-Request-Id %s was given before",
			    last_request(), ids[j]);
		snprintf(
		    ids[nids++], sizeof(ids[0]), "%s", hdr(&r, "X-Request-Id"));
		http_response_free(&r);
	}
	req = long_request(9000, 0);
	expect_raw_problem(req, 414); /* checks X-Request-Id */
	free(req);
}

/* A sane client id (<= 128 of [A-Za-z0-9._-]) is echoed, on successes and
 * errors alike (200, 300, 400, 404, 405) and on HEAD. */
static void
test_request_id_echoed(void **state)
{
	static const char *const targets[] = { BIG, API "/events?limit=1",
		"/nope", API "/nope", API "/events?limit=0",
		API "/entities/baoshan", NULL };
	static const struct {
		const char *method, *header, *id;
	} others[] = { { "HEAD", "X-Request-Id: h-1", "h-1" },
		{ "POST", "X-Request-Id: p-1", "p-1" } };
	char id128[129], h[256];
	const char *ids[] = { "abc-123._XYZ", "0", id128, NULL };
	struct http_response r;

	(void)state;
	memset(id128, 'x', 128);
	id128[128] = '\0';
	for (size_t i = 0; targets[i] != NULL; i++)
		for (size_t k = 0; ids[k] != NULL; k++) {
			snprintf(h, sizeof(h), "X-Request-Id: %s", ids[k]);
			fetch(&r, PLAIN, "GET", targets[i], h, NULL);
			expect_header(&r, "X-Request-Id", ids[k]);
			http_response_free(&r);
		}
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		fetch(&r, PLAIN, others[i].method, API, others[i].header, NULL);
		expect_header(&r, "X-Request-Id", others[i].id);
		http_response_free(&r);
	}
}

/* An insane client id (129 characters, a space, a slash, not ASCII, other
 * characters) is replaced by a new one, on successes and errors alike,
 * different on every request; so are the ids of requests without one. */
static void
test_request_id_replaced(void **state)
{
	static const char *const targets[] = { BIG, API "/nope", NULL };
	char id129[130], h[256], first[256];
	const char *ids[] = { id129, "a b", "a/b", "caf\xc3\xa9", "a;b", "<x>",
		NULL };
	struct http_response r;
	const char *got;

	(void)state;
	memset(id129, 'y', 129);
	id129[129] = '\0';
	for (size_t k = 0; ids[k] != NULL; k++) {
		snprintf(h, sizeof(h), "X-Request-Id: %s", ids[k]);
		for (size_t i = 0; targets[i] != NULL; i++)
			for (int n = 0; n < 2; n++) {
				fetch(&r, PLAIN, "GET", targets[i], h, NULL);
				got = hdr(&r, "X-Request-Id");
				check(sane_id(got) && strcmp(got, ids[k]) != 0,
				    "%s: the id '%s' is kept or not replaced "
				    "by a sane one: '%s'",
				    last_request(), ids[k], got);
				if (n == 0)
					snprintf(
					    first, sizeof(first), "%s", got);
				else
					check(strcmp(first, got) != 0,
					    "%s: two requests got the id %s",
					    last_request(), got);
				http_response_free(&r);
			}
	}
	for (int n = 0; n < 2; n++) {
		fetch(&r, PLAIN, "GET", BIG, NULL);
		got = hdr(&r, "X-Request-Id");
		check(sane_id(got), "%s: X-Request-Id '%s' is not an id",
		    last_request(), got);
		if (n == 0)
			snprintf(first, sizeof(first), "%s", got);
		else
			check(strcmp(first, got) != 0,
			    "%s: two requests without an id share the id %s",
			    last_request(), got);
		http_response_free(&r);
	}
}

/* ---------------------------------------------------------------------
 * Behind a proxy
 */

/* Fails unless link starts with prefix, then "/" and not "/aid" (no
 * prefix where none belongs, nor twice). */
static void
expect_prefixed(const char *what, const char *link, const char *prefix)
{
	size_t n = strlen(prefix);

	check(link != NULL && strncmp(link, prefix, n) == 0 && link[n] == '/' &&
		strncmp(link + n, "/aid", 4) != 0,
	    "%s: %s '%s' does not start with '%s/'", last_request(), what,
	    link != NULL ? link : "(absent)", prefix);
}

/* Every <...> of a Link header starts with prefix. */
static void
expect_link_header(const struct http_response *r, const char *prefix)
{
	const char *link = hdr(r, "Link");
	size_t n = 0;

	check(link != NULL, "%s: no Link", last_request());
	for (const char *p = strchr(link, '<'); p != NULL;
	     p = strchr(p + 1, '<')) {
		char target[1024];

		snprintf(target, sizeof(target), "%.*s",
		    (int)strcspn(p + 1, ">"), p + 1);
		expect_prefixed("Link", target, prefix);
		n++;
	}
	check(
	    n >= 2, "%s: Link names %zu targets: %s", last_request(), n, link);
}

/* A middle page's links, body and Link header, all under prefix. */
static void
expect_page_links(int srv, const char *prefix_header, const char *prefix)
{
	static const char *const rels[] = { "self", "next", "prev", NULL };
	struct http_response r;
	json_t *links;

	fetch(&r, srv, "GET", API "/events?limit=2&offset=2", prefix_header,
	    NULL);
	expect_status(&r, 200);
	links = json_object_get(r.json, "links");
	for (size_t i = 0; rels[i] != NULL; i++)
		expect_prefixed(rels[i],
		    json_string_value(json_object_get(links, rels[i])), prefix);
	expect_link_header(&r, prefix);
	http_response_free(&r);
}

/* The index's links all under prefix. */
static void
expect_index_links(int srv, const char *prefix_header, const char *prefix)
{
	struct http_response r;
	json_t *links, *v;
	const char *key;

	fetch(&r, srv, "GET", API, prefix_header, NULL);
	expect_status(&r, 200);
	links = json_object_get(json_object_get(r.json, "data"), "links");
	check(json_object_size(links) > 0, "%s: no data.links", last_request());
	json_object_foreach (links, key, v)
		expect_prefixed(key, json_string_value(v), prefix);
	http_response_free(&r);
}

/* An entity asked for by another key than its id: Content-Location under
 * prefix. */
static void
expect_location(int srv, const char *prefix_header, const char *prefix)
{
	char id[256], upper[256], target[512];
	struct http_response r;
	size_t i;

	first_id(srv, "entities", id, sizeof(id));
	for (i = 0; id[i] != '\0' && i + 1 < sizeof(upper); i++)
		upper[i] =
		    (char)(id[i] >= 'a' && id[i] <= 'z' ? id[i] - 32 : id[i]);
	upper[i] = '\0';
	snprintf(target, sizeof(target), API "/entities/%s", upper);
	fetch(&r, srv, "GET", target, prefix_header, NULL);
	expect_status(&r, 200);
	expect_prefixed(
	    "Content-Location", hdr(&r, "Content-Location"), prefix);
	snprintf(target, sizeof(target), "%s" API "/entities/%s", prefix, id);
	expect_header(&r, "Content-Location", target);
	http_response_free(&r);
}

/* With trust_proxy, X-Forwarded-Prefix goes before every link: bodies,
 * Link, the index, Content-Location. */
static void
test_proxy_prefix(void **state)
{
	(void)state;
	expect_page_links(PROXY, PREFIX, "/aid");
	expect_index_links(PROXY, PREFIX, "/aid");
	expect_location(PROXY, PREFIX, "/aid");
	expect_page_links(
	    PROXY, "X-Forwarded-Prefix: /a/b-c.d_e~f", "/a/b-c.d_e~f");
}

/* With trust_proxy, a 300's candidates have their href under the prefix. */
static void
test_proxy_prefix_candidates(void **state)
{
	static const char *const prefixes[][2] = { { PREFIX, "/aid" },
		{ NULL, "" } };

	(void)state;
	for (size_t k = 0; k < 2; k++) {
		struct http_response r;
		json_t *candidates, *c;
		size_t i;

		fetch(&r, FIXTURE, "GET", API "/entities/" SHARED_KEY,
		    prefixes[k][0], NULL);
		expect_status(&r, 300);
		candidates = json_object_get(r.json, "candidates");
		check(json_array_size(candidates) == 2,
		    "%s: not two candidates: %.300s", last_request(), r.body);
		json_array_foreach (candidates, i, c) {
			char want[512];

			snprintf(want, sizeof(want), "%s" API "/entities/%s",
			    prefixes[k][1],
			    json_string_value(json_object_get(c, "id")));
			check(json_is_string(json_object_get(c, "href")) &&
				strcmp(json_string_value(
					   json_object_get(c, "href")),
				    want) == 0,
			    "%s: candidate href %s, not %s", last_request(),
			    json_string_value(json_object_get(c, "href")),
			    want);
		}
		http_response_free(&r);
	}
}

/* The bytes and Link of target on srv with header, and without. */
static void
expect_same_as_without(int srv, const char *target, const char *header)
{
	struct http_response a, b;

	fetch(&b, srv, "GET", target, NULL);
	fetch(&a, srv, "GET", target, header, NULL);
	check(a.len == b.len && memcmp(a.body, b.body, a.len) == 0,
	    "%s: not what it is without the header:\n%.300s\n%.300s",
	    last_request(), a.body, b.body);
	if (hdr(&b, "Link") != NULL)
		expect_header(&a, "Link", hdr(&b, "Link"));
	else
		expect_absent(&a, "Link");
	http_response_free(&a);
	http_response_free(&b);
}

/* A trailing slash of the prefix is dropped: /aid/ works as /aid. */
static void
test_proxy_prefix_slash(void **state)
{
	struct http_response a, b;

	(void)state;
	expect_page_links(PROXY, "X-Forwarded-Prefix: /aid/", "/aid");
	fetch(&a, PROXY, "GET", API "/events?limit=2&offset=2",
	    "X-Forwarded-Prefix: /aid/", NULL);
	fetch(&b, PROXY, "GET", API "/events?limit=2&offset=2", PREFIX, NULL);
	check(a.len == b.len && memcmp(a.body, b.body, a.len) == 0,
	    "%s: not the body of /aid", last_request());
	expect_header(&a, "Link", hdr(&b, "Link"));
	http_response_free(&a);
	http_response_free(&b);
}

/* A header of the trusted proxy that no link can carry is refused, with a
 * problem naming it, rather than dropped: links without it would be
 * wrong. */
static void
test_proxy_prefix_insane(void **state)
{
	static const char *const insane[] = { "X-Forwarded-Prefix: /aid/../x",
		"X-Forwarded-Prefix: aid", "X-Forwarded-Prefix: /a b",
		"X-Forwarded-Prefix: //evil.example",
		"X-Forwarded-Prefix: /aid?x=1", "X-Forwarded-Prefix: /aid/./x",
		"X-Forwarded-Prefix: https://evil.example",
		"X-Forwarded-Proto: gopher", "X-Forwarded-Host: evil.example/x",
		NULL };
	char longest[300], over[300];

	(void)state;
	for (size_t i = 0; insane[i] != NULL; i++) {
		struct http_response r;
		size_t name = strcspn(insane[i], ":");

		fetch(&r, PROXY, "GET", API "/events?limit=2", insane[i], NULL);
		expect_status(&r, 400);
		expect_problem_doc(&r, 400);
		check(r.json != NULL &&
			strncmp(json_string_value(
				    json_object_get(r.json, "detail")),
			    insane[i], name) == 0,
		    "%s: the detail does not name %.*s", last_request(),
		    (int)name, insane[i]);
		http_response_free(&r);
	}
	/* 255 bytes of prefix are kept whole; 256 are refused */
	snprintf(longest, sizeof(longest), "X-Forwarded-Prefix: /%0254d", 0);
	snprintf(over, sizeof(over), "X-Forwarded-Prefix: /%0255d", 0);
	expect_page_links(
	    PROXY, longest, longest + strlen("X-Forwarded-Prefix: "));
	{
		struct http_response r;

		fetch(&r, PROXY, "GET", API, over, NULL);
		expect_problem_doc(&r, 400);
		http_response_free(&r);
	}
}

/* The servers[0].url of /openapi.json on srv with the headers given. */
static void
expect_servers_url(
    int srv, const char *h1, const char *h2, const char *h3, const char *want)
{
	struct http_response r;
	const char *url;

	fetch(&r, srv, "GET", "/openapi.json", h1, h2, h3, NULL);
	expect_status(&r, 200);
	url = json_string_value(json_object_get(
	    json_array_get(json_object_get(r.json, "servers"), 0), "url"));
	check(url != NULL && strcmp(url, want) == 0,
	    "%s: servers[0].url is '%s', not '%s'", last_request(),
	    url != NULL ? url : "(absent)", want);
	http_response_free(&r);
}

/* X-Forwarded-Proto and -Host (and -Prefix) set /openapi.json's
 * servers[0].url. */
static void
test_proxy_servers_url(void **state)
{
	(void)state;
	expect_servers_url(PROXY, PREFIX, "X-Forwarded-Proto: https",
	    "X-Forwarded-Host: host", "https://host/aid");
	expect_servers_url(PROXY, "X-Forwarded-Proto: http",
	    "X-Forwarded-Host: api.example:8443", NULL,
	    "http://api.example:8443");
	expect_servers_url(PROXY, "X-Forwarded-Proto: https",
	    "X-Forwarded-Host: host", NULL, "https://host");
	/* the longest host and prefix: the URL is not cut */
	{
		char host[300], prefix[300], want[700];

		snprintf(host, sizeof(host), "X-Forwarded-Host: h%0254d", 0);
		snprintf(
		    prefix, sizeof(prefix), "X-Forwarded-Prefix: /%0254d", 0);
		snprintf(want, sizeof(want), "https://%s%s",
		    host + strlen("X-Forwarded-Host: "),
		    prefix + strlen("X-Forwarded-Prefix: "));
		expect_servers_url(
		    PROXY, "X-Forwarded-Proto: https", host, prefix, want);
	}
}

/* Without trust_proxy, X-Forwarded-* change nothing. */
static void
test_proxy_untrusted(void **state)
{
	static const char *const headers[] = { PREFIX,
		"X-Forwarded-Prefix: /aid/", "X-Forwarded-Proto: https",
		"X-Forwarded-Host: host", NULL };

	(void)state;
	for (size_t i = 0; headers[i] != NULL; i++) {
		expect_same_as_without(
		    PLAIN, API "/events?limit=2&offset=2", headers[i]);
		expect_same_as_without(PLAIN, API, headers[i]);
		expect_same_as_without(PLAIN, "/openapi.json", headers[i]);
	}
	expect_page_links(PLAIN, PREFIX, "");
	expect_location(PLAIN, PREFIX, "");
	expect_servers_url(PLAIN, PREFIX, "X-Forwarded-Proto: https",
	    "X-Forwarded-Host: host", "/");
}

/* The cache does not mix prefixes: the same URL with and without gets the
 * right links every time. */
static void
test_proxy_cache_not_mixed(void **state)
{
	(void)state;
	for (int i = 0; i < 2; i++) {
		expect_page_links(PROXY, NULL, "");
		expect_page_links(PROXY, PREFIX, "/aid");
		expect_index_links(PROXY, PREFIX, "/aid");
		expect_index_links(PROXY, NULL, "");
		expect_servers_url(PROXY, PREFIX, "X-Forwarded-Proto: https",
		    "X-Forwarded-Host: host", "https://host/aid");
		expect_servers_url(PROXY, NULL, NULL, NULL, "/");
		expect_location(PROXY, NULL, "");
		expect_location(PROXY, PREFIX, "/aid");
	}
}

/* ---------------------------------------------------------------------
 * Access log
 */

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
	cfg.db = snapshot_db;
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

/* ---------------------------------------------------------------------
 * Metrics
 */

#define EVENTS_200 "aid_http_requests_total{route=\"events\",status=\"200\"}"

/* /metrics counts the requests of its own daemon: none before the first,
 * then exactly ours, and none that another daemon of this process
 * answered. */
static void
test_metrics_counts(void **state)
{
	char *text = scrape(PLAIN);
	double plain = series(text, EVENTS_200);

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
	check(series(text, EVENTS_200) < 0,
	    "%s is %g on a daemon that was asked for no event", EVENTS_200,
	    series(text, EVENTS_200));
	free(text);
	for (int i = 0; i < 3; i++) {
		struct http_response r;

		fetch(&r, COUNTED, "GET", API "/events?limit=1", NULL);
		http_response_free(&r);
	}
	text = scrape_until(COUNTED, EVENTS_200, 3);
	check(series(text, EVENTS_200) == 3, "%s is %g after 3 requests",
	    EVENTS_200, series(text, EVENTS_200));
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
		inf = series(text, name);
		check(inf == n, "route %s: the +Inf bucket is %g, _count %g",
		    route, inf, n);
		snprintf(name, sizeof(name),
		    "aid_http_request_duration_seconds_sum{route=\"%s\"}",
		    route);
		check(series(text, name) >= 0, "route %s: no _sum", route);
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
	check(series(text, "aid_http_requests_in_flight") >= 1,
	    "aid_http_requests_in_flight is %g during a request",
	    series(text, "aid_http_requests_in_flight"));
	check(series(text, "aid_http_connections_open") >= 1,
	    "aid_http_connections_open is %g on an open connection",
	    series(text, "aid_http_connections_open"));
	/* the memory the open connections hold, and their most */
	check(series(text, "aid_http_connections_memory_bytes") ==
		series(text, "aid_http_connections_open") *
		    (CONNECTION_MEMORY + CONNECTION_STATE),
	    "aid_http_connections_memory_bytes is %g for %g connections",
	    series(text, "aid_http_connections_memory_bytes"),
	    series(text, "aid_http_connections_open"));
	check(series(text, "aid_http_connections_max") >= 16,
	    "aid_http_connections_max is %g",
	    series(text, "aid_http_connections_max"));
	/* the libmicrohttpd the server runs with, as this process loaded it */
	snprintf(name, sizeof(name), "libmicrohttpd=\"%s\"", MHD_get_version());
	check(strstr(text, name) != NULL, "aid_build_info has no %s", name);
	snprintf(name, sizeof(name), "aid_dataset_info{dataset_version=\"%s\"}",
	    dataset_version);
	check(series(text, name) == 1, "no '%s 1' in /metrics", name);
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
		cmocka_unit_test(test_data_caching_headers),
		cmocka_unit_test(test_last_modified_is_build),
		cmocka_unit_test(test_vary_origin),
		cmocka_unit_test(test_etags_distinct),
		cmocka_unit_test(test_if_none_match),
		cmocka_unit_test(test_if_modified_since),
		cmocka_unit_test(test_no_store),
		cmocka_unit_test(test_stale_directives),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_other_methods),
		cmocka_unit_test(test_304_framing),
		cmocka_unit_test(test_head_framing),
		cmocka_unit_test(test_keep_alive),
		cmocka_unit_test(test_gzip_body),
		cmocka_unit_test(test_gzip_metrics),
		cmocka_unit_test(test_gzip_negotiation),
		cmocka_unit_test(test_small_not_compressed),
		cmocka_unit_test(test_rendition_reused),
		cmocka_unit_test(test_rendition_without_cache),
		cmocka_unit_test(test_cors_allowed),
		cmocka_unit_test(test_cors_denied),
		cmocka_unit_test(test_cors_any),
		cmocka_unit_test(test_cors_preflight),
		cmocka_unit_test(test_cors_off),
		cmocka_unit_test(test_trailing_slash),
		cmocka_unit_test(test_repeated_parameter),
		cmocka_unit_test(test_repeated_list_parameter),
		cmocka_unit_test(test_root_negotiates),
		cmocka_unit_test(test_bad_encoding),
		cmocka_unit_test(test_bad_path),
		cmocka_unit_test(test_request_forms),
		cmocka_unit_test(test_many_parameters),
		cmocka_unit_test(test_long_target),
		cmocka_unit_test(test_long_header),
		cmocka_unit_test(test_huge_request),
		cmocka_unit_test(test_request_id_everywhere),
		cmocka_unit_test(test_request_id_echoed),
		cmocka_unit_test(test_request_id_replaced),
		cmocka_unit_test(test_proxy_prefix),
		cmocka_unit_test(test_proxy_prefix_candidates),
		cmocka_unit_test(test_proxy_prefix_slash),
		cmocka_unit_test(test_proxy_prefix_insane),
		cmocka_unit_test(test_proxy_servers_url),
		cmocka_unit_test(test_proxy_untrusted),
		cmocka_unit_test(test_proxy_cache_not_mixed),
		cmocka_unit_test(test_access_log),
		cmocka_unit_test(test_access_log_trusted),
		cmocka_unit_test(test_metrics_counts),
		cmocka_unit_test(test_metrics_histogram),
		cmocka_unit_test(test_metrics_info),
		cmocka_unit_test(test_metrics_format),
		/*
		 * Last: a CSV request that crashes the server (it runs in
		 * this process) would otherwise hide every test after it.
		 */
		cmocka_unit_test(test_csv_events),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_every_collection),
		cmocka_unit_test(test_csv_every_field),
		cmocka_unit_test(test_csv_by_accept),
		cmocka_unit_test(test_csv_fields),
		cmocka_unit_test(test_csv_totals),
		cmocka_unit_test(test_format_rejected),
		cmocka_unit_test(test_pretty),
		cmocka_unit_test(test_pretty_unknown_path),
		cmocka_unit_test(test_pretty_invalid),
	};

	return cmocka_run_group_tests_name("behaviour", tests, setup, teardown);
}
