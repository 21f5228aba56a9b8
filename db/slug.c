#include "slug.h"

#include <string.h>

int
slug_write(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	int gap = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p != '\0';
	     p++) {
		unsigned char c = *p;

		if (c == '\'')
			continue;
		if (c == 0xe2 && p[1] == 0x80 && p[2] == 0x99) {
			p += 2; /* U+2019, the typographic apostrophe */
			continue;
		}
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (gap && n > 0) {
				if (n + 1 >= cap)
					goto toolong;
				out[n++] = '-';
			}
			gap = 0;
			if (n + 1 >= cap)
				goto toolong;
			out[n++] = (char)c;
		} else {
			gap = 1;
		}
	}
	out[n] = '\0';
	return (int)n;
toolong:
	out[0] = '\0';
	return -1;
}
