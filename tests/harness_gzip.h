#ifndef AID_TEST_HARNESS_GZIP_H
#define AID_TEST_HARNESS_GZIP_H

/* The gzip reader: a gzip body back to the bytes it holds (zlib). */

#include <stddef.h>

/* The bytes a gzip stream decompresses to (malloc'd, NUL-terminated; their
 * length in *outlen), or NULL when in is not one whole gzip stream. */
char *gunzip(const char *in, size_t inlen, size_t *outlen);

#endif
