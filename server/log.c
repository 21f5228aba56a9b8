/*
 * The access log: one JSON object per line on stderr for every request,
 * written with one write(2) so that lines from worker threads never mix.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/* Appends s as a JSON string; bytes that are not UTF-8 become U+FFFD. */
static void
put_json_string(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)*p);
		} else if (*p < 0x20 || *p == 0x7f) {
			buf_printf(b, "\\u%04x", *p);
		} else if (*p < 0x80) {
			buf_putc(b, (char)*p);
		} else {
			size_t n = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;

			if (utf8_valid(
				(const char *)p, strnlen((const char *)p, n)) &&
			    strnlen((const char *)p, n) == n) {
				buf_putn(b, (const char *)p, n);
				p += n - 1;
			} else {
				buf_puts(b, "\\ufffd");
			}
		}
	}
	buf_putc(b, '"');
}

static void
client_address(struct MHD_Connection *con, char *out, size_t cap)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci != NULL ? ci->client_addr : NULL;

	snprintf(out, cap, "-");
	if (sa == NULL)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET,
		    &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		    out, (socklen_t)cap);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    out, (socklen_t)cap);
}

void
log_exchange(const struct exchange *x, struct MHD_Connection *con)
{
	struct timespec now, wall;
	struct tm tm;
	struct buf b = { 0 };
	char when[32], client[INET6_ADDRSTRLEN];
	const char *q;
	char *line;
	long long us;

	clock_gettime(CLOCK_MONOTONIC, &now);
	clock_gettime(CLOCK_REALTIME, &wall);
	us = (long long)(now.tv_sec - x->start.tv_sec) * 1000000 +
	    (now.tv_nsec - x->start.tv_nsec) / 1000;
	gmtime_r(&wall.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	client_address(con, client, sizeof(client));

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
	    route_name(x->route), x->status, x->bytes, us);
	put_json_string(&b, client);
	buf_puts(&b, "}\n");
	if ((line = buf_finish(&b)) != NULL) {
		ssize_t unused = write(STDERR_FILENO, line, strlen(line));

		(void)unused;
		free(line);
	}
}
