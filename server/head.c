/*
 * A request's head as the server reads it: its line and header fields,
 * gathered from libmicrohttpd once; the request id and the client's
 * address each exchange gets as its request line arrives.
 */
#define _GNU_SOURCE /* strcasecmp */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>

#include "internal.h"

enum method
method_of(const char *m)
{
	if (strcmp(m, MHD_HTTP_METHOD_GET) == 0)
		return METHOD_GET;
	if (strcmp(m, MHD_HTTP_METHOD_HEAD) == 0)
		return METHOD_HEAD;
	if (strcmp(m, MHD_HTTP_METHOD_OPTIONS) == 0)
		return METHOD_OPTIONS;
	return METHOD_OTHER;
}

/* 1 when every byte of s is in set and s has 1..max bytes. */
int
only_chars(const char *s, const char *set, size_t max)
{
	size_t n = strlen(s);

	return n > 0 && n <= max && strspn(s, set) == n;
}

/*
 * Writes n in hex at out, digits digits wide (0: as few as it takes, at
 * least one) and a NUL; returns the end. out holds 17 bytes.
 */
static char *
put_hex(char *out, uint64_t n, int digits)
{
	char tmp[16];
	int len = 0;

	do
		tmp[len++] = "0123456789abcdef"[n & 15];
	while ((n >>= 4) != 0 || len < digits);
	while (len > 0)
		*out++ = tmp[--len];
	*out = '\0';
	return out;
}

/* A new request id: a random process prefix and a counter, in hex
 * ("04ad869cc18be539-fab"); out holds 34 bytes. */
static void
new_request_id(char *out)
{
	static atomic_uint_fast64_t counter;
	static atomic_uint_fast64_t prefix;
	uint64_t p = atomic_load(&prefix);

	if (p == 0) {
		if (getrandom(&p, sizeof(p), 0) != (ssize_t)sizeof(p))
			p = (uint64_t)time(NULL) * UINT64_C(0x9e3779b97f4a7c15);
		p |= 1;
		atomic_store(&prefix, p);
	}
	out = put_hex(out, p, 16);
	*out++ = '-';
	put_hex(out, atomic_fetch_add(&counter, 1), 0);
}

const char *
head_get(const struct head *h, const char *name)
{
	for (size_t i = 0; i < h->nfields && i < HEAD_FIELDS; i++)
		if (strcasecmp(h->field[i].key, name) == 0)
			return h->field[i].value;
	return NULL;
}

void
head_add(struct head *h, const char *key, const char *value)
{
	if (h->nfields < HEAD_FIELDS)
		h->field[h->nfields] = (struct field){ key != NULL ? key : "",
			value != NULL ? value : "" };
	h->nfields++;
	h->bytes += (key != NULL ? strlen(key) : 0) +
	    (value != NULL ? strlen(value) : 0) + 4;
}

static enum MHD_Result
add_field(
    void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	head_add(cls, key, value);
	return MHD_YES;
}

void
head_from(struct MHD_Connection *con, const char *method, const char *version,
    struct head *h)
{
	memset(h, 0, sizeof(*h));
	h->method = method;
	h->version = version;
	MHD_get_connection_values(con, MHD_HEADER_KIND, add_field, h);
}

/* Each request has its peer's address formatted once (request_begin), an
 * IPv4 one, nearly every client's, without printf. */
void
peer_address(const struct sockaddr *sa, char *out, size_t cap)
{
	snprintf(out, cap, "-");
	if (sa != NULL && sa->sa_family == AF_INET && cap >= INET_ADDRSTRLEN) {
		const unsigned char *a = (const unsigned char *)&(
		    (const struct sockaddr_in *)(const void *)sa)
					     ->sin_addr;

		for (int i = 0; i < 4; i++) {
			if (a[i] >= 100)
				*out++ = (char)('0' + a[i] / 100);
			if (a[i] >= 10)
				*out++ = (char)('0' + a[i] / 10 % 10);
			*out++ = (char)('0' + a[i] % 10);
			*out++ = i < 3 ? '.' : '\0';
		}
	} else if (sa != NULL && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    out, (socklen_t)cap);
}

void
request_begin(const struct sockaddr *peer, struct exchange *x)
{
	new_request_id(x->id);
	peer_address(peer, x->client, sizeof(x->client));
}
