/* The gzip reader (harness_gzip.h): shared by the suite and the fuzz
 * targets, so it stands on zlib and libc alone. */
#include "harness_gzip.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

char *
gunzip(const char *in, size_t inlen, size_t *outlen)
{
	z_stream z;
	size_t cap = 4 * inlen + 1024;
	char *out = malloc(cap), *more;
	int rc = Z_OK;

	memset(&z, 0, sizeof(z));
	if (out == NULL)
		return NULL;
	if (inflateInit2(&z, 15 + 16) != Z_OK) {
		free(out);
		return NULL;
	}
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)inlen;
	while (rc == Z_OK) {
		/* room for the bytes and the NUL after them */
		if (z.total_out + 1 >= cap) {
			if ((more = realloc(out, cap * 2)) == NULL) {
				rc = Z_MEM_ERROR;
				break;
			}
			out = more;
			cap *= 2;
		}
		z.next_out = (Bytef *)out + z.total_out;
		z.avail_out = (uInt)(cap - 1 - z.total_out);
		rc = inflate(&z, Z_NO_FLUSH);
	}
	inflateEnd(&z);
	if (rc != Z_STREAM_END || z.avail_in != 0) {
		free(out);
		return NULL;
	}
	out[z.total_out] = '\0';
	*outlen = z.total_out;
	return out;
}
