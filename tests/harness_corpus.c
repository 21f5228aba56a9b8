/*
 * The corpus loader (harness_corpus.h): corpus.txt's cases read and
 * checked against the rules its head states.
 */
#include "harness_corpus.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../db/text.h"

const char *const corpus_series_key[NSERIES] = { "direct-0.9", "direct-1.0" };
static const char *const series_note[NSERIES] = { "mhd-0.9", "mhd-1.0" };

static struct malformed *cases;
static size_t ncases;

static void corpus_fail(int line, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
corpus_fail(int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: ", CORPUS, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* Appends the bytes s (up to end) spells, escapes decoded: \r \n \t \0
 * \\ \{ \} \xHH. */
static void
unescape(struct buf *b, const char *s, const char *end, int line)
{
	while (s < end) {
		char c = *s++;

		if (c != '\\') {
			buf_putc(b, c);
			continue;
		}
		if (s >= end)
			corpus_fail(line, "a lone backslash at the end");
		switch (c = *s++) {
		case 'r': buf_putc(b, '\r'); break;
		case 'n': buf_putc(b, '\n'); break;
		case 't': buf_putc(b, '\t'); break;
		case '0': buf_putc(b, '\0'); break;
		case '\\':
		case '{':
		case '}': buf_putc(b, c); break;
		case 'x':
			if (end - s < 2 || hex_digit(s[0]) < 0 ||
			    hex_digit(s[1]) < 0)
				corpus_fail(line, "\\x takes two hex digits");
			buf_putc(
			    b, (char)(hex_digit(s[0]) * 16 + hex_digit(s[1])));
			s += 2;
			break;
		default: corpus_fail(line, "unknown escape \\%c", c);
		}
	}
}

/* Appends the bytes a send: line spells: escaped text, and {TEXT*N} for
 * N copies of TEXT (itself escaped). */
static void
spell(struct buf *b, const char *s, int line)
{
	while (*s != '\0') {
		const char *open = s, *close, *star;
		char *endp;
		long n;
		struct buf unit = { 0 };

		/* the next unescaped '{' */
		while (*open != '\0' && *open != '{')
			open += open[0] == '\\' && open[1] != '\0' ? 2 : 1;
		unescape(b, s, open, line);
		if (*open == '\0')
			return;
		close = open + 1;
		while (*close != '\0' && *close != '}')
			close += close[0] == '\\' && close[1] != '\0' ? 2 : 1;
		star = close;
		while (star > open && *star != '*')
			star--;
		if (*close != '}' || star == open)
			corpus_fail(line, "{TEXT*N} is not closed or has no *");
		n = strtol(star + 1, &endp, 10);
		if (endp != close || n < 1 || n > 1000000)
			corpus_fail(line, "{TEXT*N} needs N in 1..1000000");
		unescape(&unit, open + 1, star, line);
		for (long i = 0; i < n; i++)
			buf_putn(
			    b, unit.data != NULL ? unit.data : "", unit.len);
		free(buf_finish(&unit));
		s = close + 1;
	}
}

/* Reads an answer line: "[answer ...] ending", each answer STATUS,
 * mhd-STATUS or mhd-STATUSx2, or "none" alone. */
static void
parse_expect(struct expect *e, char *s, int line, int proxy)
{
	char *tok, *save = NULL;
	int none = 0, ended = 0;

	memset(e, 0, sizeof(*e));
	for (tok = strtok_r(s, " ", &save); tok != NULL;
	     tok = strtok_r(NULL, " ", &save)) {
		struct answer a = { 0, OURS };
		char *endp;

		if (ended)
			corpus_fail(line, "'%s' after the ending", tok);
		if (strcmp(tok, "close") == 0 || strcmp(tok, "keep") == 0 ||
		    strcmp(tok, "deadline") == 0) {
			e->ending = tok[0] == 'c' ? CLOSE
			    : tok[0] == 'k'	  ? KEEP
						  : DEADLINE;
			ended = 1;
			continue;
		}
		if (strcmp(tok, "none") == 0) {
			none = 1;
			continue;
		}
		if (strncmp(tok, "mhd-", 4) == 0) {
			if (proxy)
				corpus_fail(line, "nginx answers are not mhd-");
			a.who = MHD;
			tok += 4;
		} else if (strncmp(tok, "http09-", 7) == 0) {
			if (!proxy)
				corpus_fail(line, "http09- is nginx's answer");
			a.who = HTTP09;
			tok += 7;
		}
		a.status = strtol(tok, &endp, 10);
		if (a.who == MHD && strcmp(endp, "x2") == 0) {
			a.who = MHD_TWICE;
			endp += 2;
		}
		if (*endp != '\0' || a.status < 100 || a.status > 599)
			corpus_fail(line, "'%s' is not an answer", tok);
		if (e->n == MAX_ANSWER)
			corpus_fail(line, "more than %d answers", MAX_ANSWER);
		e->answer[e->n++] = a;
	}
	if (!ended)
		corpus_fail(line, "no ending (close, keep or deadline)");
	if (none != (e->n == 0))
		corpus_fail(line, "'none' stands alone for no answer");
	if (e->ending == DEADLINE && (e->n != 0 || proxy))
		corpus_fail(line, "deadline: direct, with no answer");
	for (size_t i = 0; i < e->n; i++)
		if (e->answer[i].who == HTTP09 &&
		    (e->n != 1 || e->ending != CLOSE))
			corpus_fail(line, "http09- stands alone, then close");
}

/* 1 when the direct answer is libmicrohttpd's: one of its pages, or no
 * answer at all. */
static int
decided_by_mhd(const struct expect *e)
{
	for (size_t i = 0; i < e->n; i++)
		if (e->answer[i].who != OURS)
			return 1;
	return e->n == 0;
}

static void
finish_case(struct malformed *c)
{
	if (c->name[0] == '\0')
		corpus_fail(c->line, "a case without a name");
	if (c->send.len == 0)
		corpus_fail(c->line, "%s: nothing to send", c->name);
	for (int v = 0; v < NSERIES; v++)
		if (decided_by_mhd(&c->direct[v]) && !c->mhd[v])
			corpus_fail(c->line,
			    "%s: libmicrohttpd answers (%s): say what it does "
			    "(mhd: or %s:)",
			    c->name, corpus_series_key[v], series_note[v]);
	for (size_t i = 0; i + 1 < ncases; i++)
		if (strcmp(cases[i].name, c->name) == 0)
			corpus_fail(
			    c->line, "%s: a second case of that name", c->name);
}

/* A case needs a direct answer for every series and nginx's. */
static void
check_seen(const struct malformed *c, int seen, int line)
{
	if (seen != 7)
		corpus_fail(line,
		    "%s: needs direct: (or direct-0.9: and direct-1.0:) and "
		    "nginx:",
		    c->name);
}

static void
load_corpus(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[65536];
	/* seen: the direct answer of 0.9 (1) and of 1.0 (4), nginx's (2) */
	int no = 0, seen = 0;
	struct malformed *c = NULL;

	if (f == NULL) {
		fprintf(stderr, "%s: cannot open\n", path);
		exit(1);
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		size_t len = strcspn(line, "\n");
		char *value;

		no++;
		if (line[len] != '\n' && !feof(f))
			corpus_fail(no, "a line over %zu bytes", sizeof(line));
		line[len] = '\0';
		if (line[0] == '#')
			continue;
		if (line[0] == '\0') {
			if (c != NULL) {
				check_seen(c, seen, no);
				finish_case(c);
			}
			c = NULL;
			continue;
		}
		if ((value = strstr(line, ": ")) == NULL)
			corpus_fail(no, "not 'key: value'");
		*value = '\0';
		value += 2;
		if (c == NULL) {
			if (strcmp(line, "name") != 0)
				corpus_fail(no, "a case begins with name:");
			cases = realloc(cases, (ncases + 1) * sizeof(*cases));
			assert_non_null(cases);
			c = &cases[ncases++];
			memset(c, 0, sizeof(*c));
			c->line = no;
			seen = 0;
			if (strlen(value) >= sizeof(c->name) ||
			    strspn(value,
				"abcdefghijklmnopqrstuvwxyz0123456789-") !=
				strlen(value))
				corpus_fail(no, "a name is [a-z0-9-], short");
			snprintf(c->name, sizeof(c->name), "%s", value);
		} else if (strcmp(line, "send") == 0) {
			spell(&c->send, value, no);
			assert_false(c->send.oom);
		} else if (strcmp(line, "direct") == 0) {
			if (seen & 5)
				corpus_fail(no, "a second direct answer");
			parse_expect(&c->direct[MHD_09], value, no, 0);
			c->direct[MHD_10] = c->direct[MHD_09];
			seen |= 5;
		} else if (strcmp(line, corpus_series_key[MHD_09]) == 0 ||
		    strcmp(line, corpus_series_key[MHD_10]) == 0) {
			int v = strcmp(line, corpus_series_key[MHD_09]) == 0
			    ? MHD_09
			    : MHD_10;

			if (seen & (v == MHD_09 ? 1 : 4))
				corpus_fail(no, "a second %s", line);
			parse_expect(&c->direct[v], value, no, 0);
			seen |= v == MHD_09 ? 1 : 4;
		} else if (strcmp(line, "nginx") == 0) {
			parse_expect(&c->nginx, value, no, 1);
			seen |= 2;
		} else if (strcmp(line, "mhd") == 0) {
			c->mhd[MHD_09] = c->mhd[MHD_10] = 1;
		} else if (strcmp(line, series_note[MHD_09]) == 0 ||
		    strcmp(line, series_note[MHD_10]) == 0) {
			c->mhd[strcmp(line, series_note[MHD_09]) == 0
				? MHD_09
				: MHD_10] = 1;
		} else if (strcmp(line, "why") != 0) {
			corpus_fail(no, "unknown key '%s'", line);
		}
	}
	fclose(f);
	if (c != NULL) {
		check_seen(c, seen, no);
		finish_case(c);
	}
	if (ncases == 0)
		corpus_fail(no, "no case");
}

struct malformed *
corpus_load(const char *path, size_t *n)
{
	load_corpus(path);
	*n = ncases;
	return cases;
}

void
corpus_free(struct malformed *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(buf_finish(&c[i].send));
	free(c);
}
