/*
 * The harness every test program shares: check(), the daemon started in
 * the test process, the libcurl client and the expectations on what it
 * gets, and fd 2 captured.
 */
#include "harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#define TARGET_MAX 8192

static char last[TARGET_MAX + 1024]; /* the last request, for messages */

void
check_at(const char *file, int line, int ok, const char *fmt, ...)
{
	char msg[4096];
	va_list ap;

	if (ok)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	print_error("ERROR: %s\n", msg);
	_fail(file, line);
}

const char *
harness_db(void)
{
	const char *db = getenv("AID_DB");

	return db != NULL && *db != '\0' ? db : "build/aid.db";
}

void
harness_config(struct config *cfg)
{
	char name[] = "aid-api", *argv[] = { name, NULL };

	/* the real defaults, then what tests need */
	unsetenv("PORT");
	unsetenv("BIND");
	assert_int_equal(config_parse(cfg, 1, argv), 0);
	cfg->port = 0;
	cfg->bind = "127.0.0.1";
	cfg->db = harness_db();
	cfg->threads = 2;
	cfg->drain_seconds = 5;
	cfg->access_log = "off";
}

struct daemon *
harness_start(const struct config *cfg)
{
	struct daemon *d = daemon_start(cfg, &aid_app);

	assert_non_null(d);
	assert_true(daemon_port(d) > 0);
	return d;
}

static size_t
collect(char *data, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	buf_putn(b, data, size * n);
	return size * n;
}

/* Keeps only the header block of the last response (after redirects or
 * 1xx there could be several). */
static size_t
collect_header(char *data, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;

	if (size * n > 5 && strncmp(data, "HTTP/", 5) == 0)
		b->len = 0;
	buf_putn(b, data, size * n);
	return size * n;
}

void
http_request(unsigned short port, const char *method, const char *target,
    const char *const *headers, struct http_response *out)
{
	CURL *curl = curl_easy_init();
	struct curl_slist *list = NULL;
	struct buf body = { 0 }, head = { 0 };
	char url[TARGET_MAX + 64];
	CURLcode rc;

	assert_non_null(curl);
	memset(out, 0, sizeof(*out));
	snprintf(url, sizeof(url), "http://127.0.0.1:%u%s", port,
	    target[0] == '/' ? target : "/");
	if (target[0] != '/') /* "*", an absolute form: sent as it is */
		curl_easy_setopt(curl, CURLOPT_REQUEST_TARGET, target);
	for (size_t i = 0; headers != NULL && headers[i] != NULL; i++)
		list = curl_slist_append(list, headers[i]);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, &head);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
	curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
	rc = curl_easy_perform(curl);
	if (rc != CURLE_OK)
		fail_msg("%s %s: %s", method, target, curl_easy_strerror(rc));
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->status);
	curl_slist_free_all(list);
	curl_easy_cleanup(curl);
	out->len = body.len;
	out->body = buf_finish(&body);
	out->headers = buf_finish(&head);
	assert_non_null(out->body);
	assert_non_null(out->headers);
	if (out->len > 0)
		out->json = json_loadb(out->body, out->len, 0, NULL);
}

long
http_vfetch(struct http_response *r, unsigned short port, const char *method,
    const char *const *headers, const char *fmt, va_list ap)
{
	char target[TARGET_MAX];
	int n = vsnprintf(target, sizeof(target), fmt, ap);
	const char *id;

	assert_true(n > 0 && (size_t)n < sizeof(target));
	snprintf(last, sizeof(last), "%s %s", method, target);
	for (size_t i = 0; headers != NULL && headers[i] != NULL; i++) {
		size_t used = strlen(last);

		snprintf(
		    last + used, sizeof(last) - used, " [%.200s]", headers[i]);
	}
	http_request(port, method, target, headers, r);
	check(r->status >= 200 && r->status <= 599 && r->status != 500,
	    "%s: status %ld: %.300s", last, r->status, r->body);
	id = hdr(r, "X-Request-Id");
	check(id != NULL && *id != '\0', "%s: no X-Request-Id", last);
	return r->status;
}

long
http_fetch(struct http_response *r, unsigned short port, const char *method,
    const char *const *headers, const char *fmt, ...)
{
	va_list ap;
	long status;

	va_start(ap, fmt);
	status = http_vfetch(r, port, method, headers, fmt, ap);
	va_end(ap);
	return status;
}

const char *
last_request(void)
{
	return last;
}

void
set_last_request(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last, sizeof(last), fmt, ap);
	va_end(ap);
}

void
http_response_free(struct http_response *r)
{
	free(r->body);
	free(r->headers);
	json_decref(r->json);
	memset(r, 0, sizeof(*r));
}

const char *
hdr(const struct http_response *r, const char *name)
{
	static char bufs[8][TARGET_MAX];
	static unsigned int next;
	size_t n = strlen(name);

	for (const char *line = r->headers; line != NULL && *line != '\0';) {
		const char *eol = strstr(line, "\r\n");
		size_t len = eol != NULL ? (size_t)(eol - line) : strlen(line);

		if (len > n && line[n] == ':' &&
		    strncasecmp(line, name, n) == 0) {
			const char *v = line + n + 1;
			char *buf = bufs[next++ % 8];

			while (*v == ' ')
				v++;
			len -= (size_t)(v - line);
			check(len < sizeof(bufs[0]), "%s: %s of %zu bytes",
			    last, name, len);
			memcpy(buf, v, len);
			buf[len] = '\0';
			return buf;
		}
		line = eol != NULL ? eol + 2 : NULL;
	}
	return NULL;
}

void
expect_absent_at(
    const char *file, int line, const struct http_response *r, const char *name)
{
	const char *got = hdr(r, name);

	check_at(file, line, got == NULL, "%s: has %s: %s", last, name,
	    got != NULL ? got : "");
}

void
expect_header_at(const char *file, int line, const struct http_response *r,
    const char *name, const char *want)
{
	const char *got;

	if (want == NULL) {
		expect_absent_at(file, line, r, name);
		return;
	}
	got = hdr(r, name);
	check_at(file, line, got != NULL && strcmp(got, want) == 0,
	    "%s: %s is '%s', not '%s'", last, name,
	    got != NULL ? got : "(absent)", want);
}

void
expect_problem_doc_at(
    const char *file, int line, const struct http_response *r, long status)
{
	const char *ct = hdr(r, "Content-Type");
	json_t *st = json_object_get(r->json, "status");

	check_at(file, line, r->status == status, "%s: %ld, not %ld: %.300s",
	    last, r->status, status, r->body);
	check_at(file, line, ct != NULL && strcmp(ct, PROBLEM_TYPE) == 0,
	    "%s: %ld with Content-Type '%s'", last, r->status,
	    ct != NULL ? ct : "(absent)");
	check_at(file, line,
	    json_is_string(json_object_get(r->json, "type")) &&
		json_is_string(json_object_get(r->json, "title")) &&
		json_is_string(json_object_get(r->json, "detail")) &&
		json_is_integer(st) && json_integer_value(st) == status,
	    "%s: not a problem document of status %ld: %.300s", last, status,
	    r->body);
	/* a detail cut to size ends on a whole character: no U+FFFD */
	check_at(file, line,
	    r->body == NULL ||
		(strstr(r->body, "\\ufffd") == NULL &&
		    strstr(r->body, "\xef\xbf\xbd") == NULL),
	    "%s: a detail holds U+FFFD (cut in a character?): %.300s", last,
	    r->body);
}

json_t *
error_naming(const struct http_response *r, const char *param)
{
	json_t *errors = json_object_get(r->json, "errors"), *e;
	size_t i;

	json_array_foreach (errors, i, e) {
		check(json_is_string(json_object_get(e, "param")) &&
			json_is_string(json_object_get(e, "detail")),
		    "%s: an error without param and detail: %s", last, r->body);
		if (strcmp(json_string_value(json_object_get(e, "param")),
			param) == 0)
			return e;
	}
	return NULL;
}

void
expect_problem_at(const char *file, int line, unsigned short port, long status,
    const char *fmt, ...)
{
	struct http_response r;
	va_list ap;

	va_start(ap, fmt);
	http_vfetch(&r, port, "GET", NULL, fmt, ap);
	va_end(ap);
	expect_problem_doc_at(file, line, &r, status);
	check_at(file, line,
	    strstr(r.body, "<html") == NULL && strstr(r.body, "<HTML") == NULL,
	    "%s: HTML in the body", last);
	http_response_free(&r);
}

void
expect_bad_param_at(const char *file, int line, unsigned short port,
    const char *param, const char *fmt, ...)
{
	struct http_response r;
	va_list ap;

	va_start(ap, fmt);
	http_vfetch(&r, port, "GET", NULL, fmt, ap);
	va_end(ap);
	check_at(file, line, r.status == 400,
	    "%s: %ld, not 400 naming '%s': %.300s", last, r.status, param,
	    r.body);
	expect_problem_doc_at(file, line, &r, 400);
	check_at(file, line,
	    json_array_size(json_object_get(r.json, "errors")) > 0,
	    "%s: a 400 without errors: %s", last, r.body);
	check_at(file, line, error_naming(&r, param) != NULL,
	    "%s: the errors do not name '%s': %s", last, param, r.body);
	http_response_free(&r);
}

static int saved_stderr = -1;
static FILE *captured;

/* From here on, what is written on fd 2 goes to a temporary file. */
void
capture_stderr(void)
{
	fflush(stderr);
	captured = tmpfile();
	assert_non_null(captured);
	saved_stderr = dup(STDERR_FILENO);
	assert_true(saved_stderr >= 0);
	assert_true(dup2(fileno(captured), STDERR_FILENO) >= 0);
}

/* Puts fd 2 back; returns what was written on it (free()). */
char *
release_stderr(void)
{
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;

	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	saved_stderr = -1;
	rewind(captured);
	while ((n = fread(chunk, 1, sizeof(chunk), captured)) > 0)
		buf_putn(&b, chunk, n);
	fclose(captured);
	captured = NULL;
	return buf_finish(&b);
}

int
harness_rmtree(const char *dir)
{
	char cmd[600];

	if (snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir) >= (int)sizeof(cmd))
		return -1;
	return system(cmd) == 0 ? 0 : -1;
}
