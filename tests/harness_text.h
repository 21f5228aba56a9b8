#ifndef AID_TEST_HARNESS_TEXT_H
#define AID_TEST_HARNESS_TEXT_H

/*
 * Text for the data guards: reading a file whole, finding a quote in the
 * article, and quoting text in a message without cutting a UTF-8
 * character (cmocka's print_error cuts a message at 1024 bytes).
 */

#include <stddef.h>

#define TXT_CLIP	300 /* bytes of a long string in a message */
#define TXT_EXCERPT_MAX 256 /* an excerpt of txt_excerpt(), NUL included */

/* Classes of an ASCII byte. */
int txt_is_digit(char c);
int txt_is_alpha(char c);

/* 1 when s has nothing but spaces, tabs and line ends. */
int txt_is_blank(const char *s);

/* A valid id: lowercase [a-z0-9] words joined by single '-'. */
int txt_is_slug(const char *s);

/* Offset of needle (nn > 0 bytes) in hay (hn bytes) at or after from, or
 * NOPOS (harness_data.h). */
size_t txt_find(
    const char *hay, size_t hn, const char *needle, size_t nn, size_t from);

/* Whether hay contains needle, ASCII letters compared without case. */
int txt_contains_ci(const char *hay, const char *needle);

/* Line number (from 1) of byte off in t. */
size_t txt_line_of(const char *t, size_t off);

/*
 * How many bytes of s to print ("%.*s"): at most max, not cutting a UTF-8
 * character; txt_ellipsis() is "..." when that cut s short, else "".
 */
int txt_clip(const char *s, size_t max);
const char *txt_ellipsis(const char *s, size_t max);

/*
 * Writes into out (cap bytes) the text around t[off, off + len), which is
 * put in brackets, t being n bytes; newlines and tabs become spaces;
 * never cuts a UTF-8 character.
 */
void txt_excerpt(
    const char *t, size_t n, size_t off, size_t len, char *out, size_t cap);

/*
 * Reads the file at path into *buf (NUL-terminated; the caller frees)
 * and its length into *len: 0, or -1 (reported with print_error) when it
 * cannot be read or holds a NUL byte.
 */
int txt_slurp(const char *path, char **buf, size_t *len);

#endif
