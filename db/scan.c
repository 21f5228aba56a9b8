/*
 * The document scanner: where each member of a stored document (the
 * compact JSON object aid-mkdb wrote) begins and ends, and where its links
 * are, so that a request can copy members and rewrite links without
 * parsing JSON. A document that is not such an object (a NUL byte, an
 * unterminated string, unbalanced brackets, a member without a value) is
 * refused, and with it the database.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * Skips the JSON string at json[i] (its opening quote), recording a link
 * when its text starts with STORE_LINK_PREFIX. Returns the index past the
 * closing quote, or 0 when malformed.
 */
static size_t
skip_string(const char *json, size_t len, size_t i, struct doc *d)
{
	size_t start = ++i, plen = sizeof(STORE_LINK_PREFIX) - 1;

	if (len - start > plen &&
	    memcmp(json + start, STORE_LINK_PREFIX, plen) == 0 &&
	    (json[start + plen] == '/' || json[start + plen] == '"' ||
		json[start + plen] == '?')) {
		uint32_t *links =
		    realloc(d->links, (d->nlinks + 1) * sizeof(*d->links));

		if (links == NULL)
			return 0;
		d->links = links;
		d->links[d->nlinks++] = (uint32_t)start;
	}
	for (; i < len; i++) {
		if (json[i] == '\\')
			i++;
		else if (json[i] == '"')
			return i + 1;
	}
	return 0;
}

/* Skips the JSON value at json[i]. Returns the index past it, or 0. */
static size_t
skip_value(const char *json, size_t len, size_t i, struct doc *d)
{
	int depth = 0;
	size_t start;

	do {
		if (i >= len)
			return 0;
		switch (json[i]) {
		case '"':
			if ((i = skip_string(json, len, i, d)) == 0)
				return 0;
			break;
		case '{':
		case '[':
			depth++;
			i++;
			break;
		case '}':
		case ']':
			if (--depth < 0)
				return 0;
			i++;
			break;
		case ',':
		case ':':
			if (depth == 0)
				return 0;
			i++;
			break;
		default: /* a number, true, false or null: one byte at least */
			start = i;
			while (i < len && strchr(",:]}\"{[", json[i]) == NULL)
				i++;
			/* only a NUL stops it at once, and doc_scan refuses
			 * a NUL first */
			if (i == start)	  /* GCOVR_EXCL_LINE */
				return 0; /* GCOVR_EXCL_LINE */
		}
	} while (depth > 0);
	return i;
}

int
doc_scan(struct doc *d)
{
	const char *j = d->json;
	size_t len = d->len, i = 1;

	/* (a NUL would end the bytes strchr and the copies look at) */
	if (len < 2 || j[0] != '{' || j[len - 1] != '}' ||
	    memchr(j, '\0', len) != NULL)
		return -1;
	while (i < len - 1) {
		struct member m;
		size_t keyend, end;
		struct member *mm;

		if (j[i] != '"' || (keyend = skip_string(j, len, i, d)) == 0 ||
		    keyend >= len || j[keyend] != ':' ||
		    (end = skip_value(j, len, keyend + 1, d)) == 0)
			return -1;
		m = (struct member){ .key = j + i + 1,
			.keylen = (uint32_t)(keyend - i - 2),
			.off = (uint32_t)i,
			.len = (uint32_t)(end - i) };
		if ((mm = realloc(
			 d->members, (d->nmembers + 1) * sizeof(*mm))) == NULL)
			return -1;
		d->members = mm;
		d->members[d->nmembers++] = m;
		if (j[end] == ',' && end + 1 < len - 1)
			end++; /* a member follows */
		else if (end != len - 1)
			return -1;
		i = end;
	}
	return 0;
}
