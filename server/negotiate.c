/*
 * Content negotiation: what Accept asks for (JSON, CSV or the page's
 * HTML) and whether Accept-Encoding allows gzip, q-values honoured (RFC
 * 9110, 12.5).
 */
#define _GNU_SOURCE /* strncasecmp */
#include <string.h>
#include <strings.h>

#include "internal.h"

/*
 * A weight (RFC 9110, 12.4.2: "0" to "1" with at most three decimals) in
 * thousandths, from s up to end (or to ';', a space or a tab). A weight
 * that is not one (nan, 1e3, -1, 1.5) makes its element unacceptable: 0.
 */
static int
qvalue(const char *s, const char *end)
{
	int q, scale = 100;

	if (s >= end || (*s != '0' && *s != '1'))
		return 0;
	q = (*s++ - '0') * 1000;
	if (s < end && *s == '.')
		for (s++; s < end && *s >= '0' && *s <= '9' && scale > 0;
		     s++, scale /= 10)
			q += (*s - '0') * scale;
	if (s < end && *s != ';' && *s != ' ' && *s != '\t')
		return 0;
	return q > 1000 ? 0 : q;
}

/*
 * The q-value (in thousandths) that an Accept-style list gives token, or
 * -1 when the list does not name it. Tokens compare case-insensitively.
 */
static int
list_q(const char *list, const char *token)
{
	size_t tlen = strlen(token);

	for (const char *p = list; p != NULL && *p != '\0';) {
		const char *end = p + strcspn(p, ","), *semi;
		size_t len;
		int q = 1000;

		p += strspn(p, " \t");
		semi = memchr(p, ';', (size_t)(end - p));
		len = (size_t)((semi != NULL ? semi : end) - p);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		for (const char *a = semi; a != NULL && a < end;
		     a = memchr(a + 1, ';', (size_t)(end - a - 1))) {
			const char *v = a + 1 + strspn(a + 1, " \t");

			if ((v[0] == 'q' || v[0] == 'Q') && v[1] == '=')
				q = qvalue(v + 2, end);
		}
		if (len == tlen && strncasecmp(p, token, len) == 0)
			return q;
		p = *end != '\0' ? end + 1 : end;
	}
	return -1;
}

/* The q of the most specific of the given tokens the list names; 0 if none. */
static int
best_q(const char *list, const char *a, const char *b, const char *c)
{
	int q;

	if ((q = list_q(list, a)) >= 0 || (q = list_q(list, b)) >= 0 ||
	    (c != NULL && (q = list_q(list, c)) >= 0))
		return q;
	return 0;
}

void
negotiate(const struct head *h, struct request *req, struct negotiated *n)
{
	const char *accept = head_get(h, MHD_HTTP_HEADER_ACCEPT);
	const char *enc = head_get(h, MHD_HTTP_HEADER_ACCEPT_ENCODING);

	n->origin = head_get(h, MHD_HTTP_HEADER_ORIGIN);
	n->gzip = enc != NULL && best_q(enc, "gzip", "x-gzip", "*") > 0;
	if (accept != NULL) {
		int csv = best_q(accept, "text/csv", "text/*", "*/*");
		int json =
		    best_q(accept, "application/json", "application/*", "*/*");

		int html = best_q(accept, "text/html", "text/*", "*/*");

		req->accept_csv = csv > 0 && csv > json;
		req->accept_html = html > 0 && html > json;
	}
}
