/*
 * A ZIP archive (PKWARE APPNOTE 6.3, the subset every unzip reads: deflate,
 * no extras, no data descriptors) of a list of files, made in memory at
 * start-up: the data package as one download. The same files and date
 * give the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zlib.h>

#include "internal.h"

struct out {
	unsigned char *b;
	size_t len, cap;
	int oom;
};

static void
put(struct out *o, const void *p, size_t n)
{
	if (o->oom || n == 0)
		return;
	if (o->len + n > o->cap) {
		size_t cap = o->cap ? o->cap : 4096;
		unsigned char *b;

		while (cap < o->len + n)
			cap *= 2;
		if ((b = realloc(o->b, cap)) == NULL) {
			o->oom = 1;
			return;
		}
		o->b = b;
		o->cap = cap;
	}
	memcpy(o->b + o->len, p, n);
	o->len += n;
}

static void
put16(struct out *o, unsigned v)
{
	unsigned char b[2] = { (unsigned char)(v & 0xff),
		(unsigned char)((v >> 8) & 0xff) };

	put(o, b, 2);
}

static void
put32(struct out *o, unsigned long v)
{
	unsigned char b[4] = { (unsigned char)(v & 0xff),
		(unsigned char)((v >> 8) & 0xff),
		(unsigned char)((v >> 16) & 0xff),
		(unsigned char)((v >> 24) & 0xff) };

	put(o, b, 4);
}

/* Raw deflate of data into *out (malloc'd); its length, or 0 on failure. */
static size_t
deflate_raw(const char *data, size_t len, unsigned char **out)
{
	z_stream z;
	size_t n = 0;

	memset(&z, 0, sizeof(z));
	*out = NULL;
	if (deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	if ((*out = malloc(deflateBound(&z, (uLong)len))) != NULL) {
		z.next_in = (Bytef *)(uintptr_t)data;
		z.avail_in = (uInt)len;
		z.next_out = *out;
		z.avail_out = (uInt)deflateBound(&z, (uLong)len);
		if (deflate(&z, Z_FINISH) == Z_STREAM_END)
			n = z.total_out;
	}
	deflateEnd(&z);
	if (n == 0) {
		free(*out);
		*out = NULL;
	}
	return n;
}

int
zip_build(const struct store_file *files, size_t n, time_t date,
    struct store_file *zip)
{
	struct out o = { 0 }, cd = { 0 };
	struct tm tm;
	unsigned dos_time, dos_date;

	gmtime_r(&date, &tm);
	if (tm.tm_year < 80) /* DOS dates start in 1980 */
		tm = (struct tm){ .tm_year = 80, .tm_mday = 1 };
	dos_time =
	    (unsigned)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
	dos_date = (unsigned)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 |
	    tm.tm_mday);
	for (size_t i = 0; i < n; i++) {
		const struct store_file *f = &files[i];
		unsigned char *z;
		size_t zlen = deflate_raw(f->data, f->len, &z);
		unsigned long crc =
		    crc32(0L, (const Bytef *)f->data, (uInt)f->len);
		size_t name = strlen(f->path), offset = o.len;

		if (zlen == 0 || f->len > 0xffffffffUL ||
		    o.len > 0xffffffffUL) {
			free(z);
			goto fail;
		}
		put32(&o, 0x04034b50UL); /* local file header */
		put16(&o, 20);		 /* version needed: 2.0 */
		put16(&o, 0x0800);	 /* names are UTF-8 */
		put16(&o, 8);		 /* deflate */
		put16(&o, dos_time);
		put16(&o, dos_date);
		put32(&o, crc);
		put32(&o, (unsigned long)zlen);
		put32(&o, (unsigned long)f->len);
		put16(&o, (unsigned)name);
		put16(&o, 0);
		put(&o, f->path, name);
		put(&o, z, zlen);
		free(z);
		put32(&cd, 0x02014b50UL); /* central directory header */
		put16(&cd, 20);		  /* made by: 2.0, MS-DOS attributes */
		put16(&cd, 20);
		put16(&cd, 0x0800);
		put16(&cd, 8);
		put16(&cd, dos_time);
		put16(&cd, dos_date);
		put32(&cd, crc);
		put32(&cd, (unsigned long)zlen);
		put32(&cd, (unsigned long)f->len);
		put16(&cd, (unsigned)name);
		put16(&cd, 0); /* extra */
		put16(&cd, 0); /* comment */
		put16(&cd, 0); /* disk */
		put16(&cd, 0); /* internal attributes */
		put32(&cd, 0); /* external attributes */
		put32(&cd, (unsigned long)offset);
		put(&cd, f->path, name);
	}
	{
		size_t at = o.len;

		put(&o, cd.b, cd.len);
		put32(&o, 0x06054b50UL); /* end of central directory */
		put16(&o, 0);
		put16(&o, 0);
		put16(&o, (unsigned)n);
		put16(&o, (unsigned)n);
		put32(&o, (unsigned long)cd.len);
		put32(&o, (unsigned long)at);
		put16(&o, 0);
	}
	if (o.oom || cd.oom || n > 0xffff)
		goto fail;
	free(cd.b);
	zip->data = (char *)o.b;
	zip->len = o.len;
	return 0;
fail:
	free(cd.b);
	free(o.b);
	return -1;
}
