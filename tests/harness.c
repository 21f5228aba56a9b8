#include "harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

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
	char url[8192];
	CURLcode rc;

	assert_non_null(curl);
	memset(out, 0, sizeof(*out));
	snprintf(url, sizeof(url), "http://127.0.0.1:%u%s", port, target);
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
http_get(unsigned short port, const char *target, struct http_response *out)
{
	http_request(port, "GET", target, NULL, out);
	return out->status;
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
http_header(
    const struct http_response *r, const char *name, char *buf, size_t cap)
{
	size_t n = strlen(name);

	for (const char *line = r->headers; line != NULL && *line != '\0';) {
		const char *eol = strstr(line, "\r\n");
		size_t len = eol != NULL ? (size_t)(eol - line) : strlen(line);

		if (len > n && line[n] == ':' &&
		    strncasecmp(line, name, n) == 0) {
			const char *v = line + n + 1;

			while (*v == ' ')
				v++;
			len -= (size_t)(v - line);
			snprintf(buf, cap, "%.*s", (int)len, v);
			return buf;
		}
		line = eol != NULL ? eol + 2 : NULL;
	}
	return NULL;
}

char *
raw_exchange(unsigned short port, const char *request, size_t reqlen,
    int timeout_ms, size_t *len)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
		.sin_port = htons(port) };
	struct buf b = { 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	char chunk[4096];

	assert_true(fd >= 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	for (size_t off = 0; off < reqlen;) {
		ssize_t w = send(fd, request + off, reqlen - off, MSG_NOSIGNAL);

		if (w <= 0)
			break; /* the server may refuse early; read its answer
				*/
		off += (size_t)w;
	}
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t r;

		if (poll(&p, 1, timeout_ms) <= 0)
			break;
		if ((r = recv(fd, chunk, sizeof(chunk), 0)) <= 0)
			break;
		buf_putn(&b, chunk, (size_t)r);
	}
	close(fd);
	*len = b.len;
	{
		char *s = buf_finish(&b);

		assert_non_null(s);
		return s;
	}
}
