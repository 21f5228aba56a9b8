/* The gzip reader (harness_gzip.h). */
#include "harness_gzip.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "harness.h"

char *
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
