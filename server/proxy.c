/*
 * The headers of a trusted proxy (--trust-proxy): the client's address
 * from X-Forwarded-For, and the public location of the API (the prefix,
 * scheme and host every link is made from) from X-Forwarded-Prefix,
 * -Proto and -Host.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Behind a trusted proxy, the client's address is the last address of
 * X-Forwarded-For (the one that proxy added): out, the peer's address
 * until then, becomes it when it is one. */
void
forwarded_client(const struct head *h, char *out, size_t cap)
{
	const char *xff = head_get(h, "X-Forwarded-For");

	if (xff != NULL) {
		const char *last = strrchr(xff, ',');
		unsigned char addr[sizeof(struct in6_addr)];
		char tmp[64];

		last = last != NULL ? last + 1 : xff;
		last += strspn(last, " \t");
		snprintf(
		    tmp, sizeof(tmp), "%.*s", (int)strcspn(last, " \t"), last);
		if (inet_pton(AF_INET, tmp, addr) == 1 ||
		    inet_pton(AF_INET6, tmp, addr) == 1)
			snprintf(out, cap, "%s", tmp);
	}
}

/*
 * X-Forwarded-Prefix, -Proto and -Host of a trusted proxy. Returns NULL,
 * or why one it sent is refused (static): a proxy that sends what no link
 * can carry is misconfigured, and links silently without it would be
 * wrong.
 */
const char *
proxy_location(const struct head *h, struct negotiated *n)
{
	const char *prefix = head_get(h, "X-Forwarded-Prefix");
	const char *proto = head_get(h, "X-Forwarded-Proto");
	const char *host = head_get(h, "X-Forwarded-Host");
	size_t len;

	if (prefix != NULL) {
		if (prefix[0] != '/' ||
		    !only_chars(prefix, ALNUM "/-._~", sizeof(n->prefix) - 1) ||
		    strstr(prefix, "//") != NULL ||
		    strstr(prefix, "/.") != NULL)
			return "X-Forwarded-Prefix must be a path of at most "
			       "255 bytes of letters, digits, '/', '-', '.', "
			       "'_' and '~', with no empty or dot segment";
		snprintf(n->prefix, sizeof(n->prefix), "%s", prefix);
		len = strlen(n->prefix);
		while (len > 0 && n->prefix[len - 1] == '/')
			n->prefix[--len] = '\0';
	}
	if (proto != NULL && strcmp(proto, "http") != 0 &&
	    strcmp(proto, "https") != 0)
		return "X-Forwarded-Proto must be http or https";
	if (host != NULL &&
	    (*host == '\0' || !only_chars(host, ALNUM ".-:[]", 255) ||
		!host_valid(host, strlen(host))))
		return "X-Forwarded-Host must be a host name or address and "
		       "port of at most 255 bytes";
	if (proto != NULL && host != NULL)
		snprintf(n->base, sizeof(n->base), "%s://%s%s", proto, host,
		    n->prefix);
	return NULL;
}
