#ifndef AID_SLUG_H
#define AID_SLUG_H

#include <stddef.h>

/*
 * Writes the slug of the NUL-terminated UTF-8 string s into out (capacity
 * cap, cap > 0): ASCII letters lowercased and digits kept, apostrophes
 * (' and U+2019) dropped, every other run of bytes turned into one '-',
 * no '-' at either end. "Pu'er City" gives "puer-city".
 * Returns the slug's length, or -1 (out holds "") when it does not fit.
 * Never allocates; out is always NUL-terminated.
 */
int slug_write(const char *s, char *out, size_t cap);

#endif
