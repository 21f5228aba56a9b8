/*
 * test_data: the store holds every fact of the article, each with its
 * source.
 *
 * Opens the built database read-only and checks it against the article
 * and against the schema's rules.  Paths come from the environment,
 * relative to the repository root where the program runs:
 *
 *	AID_DB		the database (build/aid.db)
 *	AID_SOURCE_FILE	the article (db/source/shanghai-yunnan-partner-aid.txt)
 *	AID_NOT_FACTS	the numerals of the article that are not facts
 *			(tests/data/numerals-not-facts.tsv)
 *	AID_NOT_CLAIMED	phrases that claim more than the article says
 *			(tests/data/claims-not-made.tsv)
 *
 * Each test prints every offending row with print_error before it fails,
 * so that one run shows all of them, not just the first.
 */

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "../db/text.h"

#define NOPOS	     SIZE_MAX /* no offset, no index */
#define SLUG_MAX     512
#define EXCERPT_SIDE 40
#define EXCERPT_MAX  256
#define NUM_PARTS    4
#define CLIP	     300 /* bytes of a long string in a message */

struct fixture {
	sqlite3 *db;
	char *article; /* the article's bytes, NUL-terminated */
	size_t article_len;
	const char *not_facts_path;
	const char *not_claimed_path;
};

enum numkind {
	NUM_NUMBER,   /* 12, 9,664, 6.6, 6.6 million */
	NUM_DECADE,   /* 1960s */
	NUM_ORDINAL,  /* 5th */
	NUM_COMPOUND, /* 7+8 */
	NUM_DATE      /* 02-02-2018 */
};

/* One numeral occurring in a text. */
struct numeral {
	size_t off;  /* its first byte */
	size_t len;  /* as written, suffix included */
	size_t span; /* len, plus " million" or " billion" */
	enum numkind kind;
	int exact; /* value (every part) is a known integer */
	long long value;
	long long parts[NUM_PARTS]; /* of a compound or a date */
	size_t nparts;
};

/* A fact row (event, partnership, funding): its quote and its values. */
struct claim {
	char *what; /* "event some-id" */
	char *quote;
	size_t qlen;
	long long *values;
	size_t nvalues;
	long long decade; /* start year of a decade event, or -1 */
};

struct claims {
	struct claim *v;
	size_t n;
};

/* One row of the not-facts list; the strings point into buf. */
struct notfact {
	size_t line;
	const char *numeral;
	const char *context;
	const char *reason;
};

struct notfacts {
	char *buf;
	struct notfact *v;
	size_t n;
	int malformed; /* lines that are not a row */
};

struct entity {
	char *id;
	char *name;
	char *kind;
	char *side;
	char *parent;	     /* NULL at the top */
	size_t up;	     /* index of parent, NOPOS if none */
	char slug[SLUG_MAX]; /* of the name */
};

struct entities {
	struct entity *v;
	size_t n;
};

struct alias {
	char *entity_id;
	size_t entity; /* index in entities, NOPOS if none */
	char *alias;
	char slug[SLUG_MAX];
};

struct aliases {
	struct alias *v;
	size_t n;
};

/* A funding row; months are 0 when unknown. */
struct fund {
	char *id;
	int sy, sm;
	int has_end, ey, em;
	int cumulative;
	char *part_of;
	char *summary;
	size_t up;     /* index of part_of, NOPOS if none */
	char **rec;    /* recipient entity ids */
	int *rec_read; /* per recipient: read from context, not stated */
	size_t nrec;
};

struct funds {
	struct fund *v;
	size_t n;
};

/*
 * Memory and text helpers.
 */

static void *
xrealloc(void *p, size_t n, size_t size)
{
	void *np;

	if (size != 0 && n > SIZE_MAX / size)
		goto oom;
	if ((np = realloc(p, n * size == 0 ? 1 : n * size)) == NULL)
		goto oom;
	return np;
oom:
	fputs("test_data: out of memory\n", stderr);
	abort();
}

/* Makes room for one more element in *v (n used, *cap allocated). */
static void *
grow(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap == 0 ? 16 : *cap * 2;
	return xrealloc(v, *cap, size);
}

static char *
xstrdup(const char *s)
{
	size_t n = strlen(s);
	char *p = xrealloc(NULL, n + 1, 1);

	memcpy(p, s, n + 1);
	return p;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

static const char *
env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : def;
}

/* Offset of needle (nn > 0 bytes) in hay at or after from, or NOPOS. */
static size_t
find(const char *hay, size_t hn, const char *needle, size_t nn, size_t from)
{
	size_t i;

	if (nn == 0 || nn > hn)
		return NOPOS;
	for (i = from; i + nn <= hn; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, nn) == 0)
			return i;
	return NOPOS;
}

/* Whether hay contains needle, ASCII letters compared without case. */
static int
contains_ci(const char *hay, const char *needle)
{
	size_t i, j, nn = strlen(needle);
	char a, b;

	for (i = 0; hay[i] != '\0'; i++) {
		for (j = 0; j < nn && hay[i + j] != '\0'; j++) {
			a = hay[i + j];
			b = needle[j];
			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (b >= 'A' && b <= 'Z')
				b = (char)(b - 'A' + 'a');
			if (a != b)
				break;
		}
		if (j == nn)
			return 1;
	}
	return 0;
}

/* A valid id: lowercase [a-z0-9] words joined by single '-'. */
static int
is_slug(const char *s)
{
	char prev = '-';

	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (*s == '-') {
			if (prev == '-')
				return 0;
		} else if (!((*s >= 'a' && *s <= 'z') || is_digit(*s)))
			return 0;
		prev = *s;
	}
	return prev != '-';
}

/* Line number (from 1) of byte off in t. */
static size_t
line_of(const char *t, size_t off)
{
	size_t i, line = 1;

	for (i = 0; i < off; i++)
		if (t[i] == '\n')
			line++;
	return line;
}

/*
 * How many bytes of s to print: at most max, not cutting a UTF-8
 * character; ellipsis() says whether that cut s short.  cmocka's
 * print_error truncates a message at 1024 bytes, newline included.
 */
static int
clip(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return (int)n;
	for (n = max; n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80; n--)
		continue;
	return (int)n;
}

static const char *
ellipsis(const char *s, size_t max)
{
	return strlen(s) > max ? "..." : "";
}

/*
 * Writes into out the text around t[off, off + len), which is put in
 * brackets; newlines become spaces; never cuts a UTF-8 character.
 */
static void
excerpt(const char *t, size_t n, size_t off, size_t len, char *out, size_t cap)
{
	size_t s, e, i, k = 0;

	s = off > EXCERPT_SIDE ? off - EXCERPT_SIDE : 0;
	while (s < off && ((unsigned char)t[s] & 0xc0) == 0x80)
		s++;
	e = off + len + EXCERPT_SIDE < n ? off + len + EXCERPT_SIDE : n;
	while (e > off + len && ((unsigned char)t[e] & 0xc0) == 0x80)
		e--;
	for (i = s; i <= e && k + 4 < cap; i++) {
		if (i == off)
			out[k++] = '[';
		if (i == off + len)
			out[k++] = ']';
		if (i == e)
			break;
		out[k++] = t[i] == '\n' || t[i] == '\t' ? ' ' : t[i];
	}
	out[k] = '\0';
}

/* Reads the file at path into a NUL-terminated buffer: 0, or -1. */
static int
slurp(const char *path, char **buf, size_t *len)
{
	FILE *fp = NULL;
	char *b = NULL;
	size_t n = 0, cap = 0, got;
	int rc = -1;

	if ((fp = fopen(path, "rb")) == NULL) {
		print_error("%s: cannot open\n", path);
		goto out;
	}
	for (;;) {
		if (cap - n < 4096) {
			cap = cap == 0 ? 8192 : cap * 2;
			b = xrealloc(b, cap, 1);
		}
		if ((got = fread(b + n, 1, cap - n - 1, fp)) == 0)
			break;
		n += got;
	}
	if (ferror(fp)) {
		print_error("%s: read error\n", path);
		goto out;
	}
	b[n] = '\0';
	if (memchr(b, '\0', n) != NULL) {
		print_error("%s: holds a NUL byte\n", path);
		goto out;
	}
	*buf = b;
	*len = n;
	b = NULL;
	rc = 0;
out:
	if (fp != NULL)
		fclose(fp);
	free(b);
	return rc;
}

/*
 * SQLite helpers.
 */

static sqlite3_stmt *
prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		print_error(
		    "cannot prepare: %s\n    %s\n", sqlite3_errmsg(db), sql);
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/* Reports a step that ended other than SQLITE_DONE: 0, or -1. */
static int
step_end(sqlite3 *db, int rc)
{
	if (rc == SQLITE_DONE)
		return 0;
	print_error("query failed: %s\n", sqlite3_errmsg(db));
	return -1;
}

/* Column i as a string; "" for NULL. */
static const char *
col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s == NULL ? "" : (const char *)s;
}

/* Column i as a new string (the caller frees), or NULL for NULL. */
static char *
col_dup(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	return xstrdup(col_text(st, i));
}

/* Fails the running test if the check could not run or found offenders. */
static void
verdict(int bad, int err, const char *what)
{
	if (err)
		fail_msg("%s: could not be checked (see above)", what);
	if (bad > 0)
		fail_msg("%d %s", bad, what);
}

/*
 * Numerals.
 */

static size_t
digits_end(const char *t, size_t i)
{
	while (is_digit(t[i]))
		i++;
	return i;
}

/*
 * Value of the digits in t[s, e), ',' and '.' skipped; *frac counts the
 * digits after '.'.  Returns -1 when it does not fit.
 */
static long long
digits_value(const char *t, size_t s, size_t e, size_t *frac)
{
	long long v = 0;
	int dot = 0;

	*frac = 0;
	for (; s < e; s++) {
		if (t[s] == ',')
			continue;
		if (t[s] == '.') {
			dot = 1;
			continue;
		}
		if (v > (LLONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (t[s] - '0');
		if (dot)
			(*frac)++;
	}
	return v;
}

/* Whether the word w (starting with a space) is at t + i. */
static int
word_at(const char *t, size_t i, const char *w)
{
	size_t n = strlen(w);

	return strncmp(t + i, w, n) == 0 && !is_alpha(t[i + n]);
}

/*
 * Reads the numeral starting at t[i], a digit, into *nm; returns the
 * offset just after it.  t is NUL-terminated.
 */
static size_t
numeral_at(const char *t, size_t i, struct numeral *nm)
{
	size_t e, e2, e3, frac, k;
	long long m, scale = 1, p10 = 1;

	memset(nm, 0, sizeof(*nm));
	nm->off = i;
	e = digits_end(t, i);

	/* A date, digits-digits-digits. */
	if (t[e] == '-' && is_digit(t[e + 1])) {
		e2 = digits_end(t, e + 1);
		if (t[e2] == '-' && is_digit(t[e2 + 1])) {
			e3 = digits_end(t, e2 + 1);
			nm->kind = NUM_DATE;
			nm->parts[0] = digits_value(t, i, e, &frac);
			nm->parts[1] = digits_value(t, e + 1, e2, &frac);
			nm->parts[2] = digits_value(t, e2 + 1, e3, &frac);
			nm->nparts = 3;
			nm->exact = nm->parts[0] >= 0 && nm->parts[1] >= 0 &&
			    nm->parts[2] >= 0;
			nm->len = nm->span = e3 - i;
			return e3;
		}
	}

	/* A compound, digits+digits... */
	if (t[e] == '+' && is_digit(t[e + 1])) {
		nm->kind = NUM_COMPOUND;
		nm->exact = 1;
		nm->parts[nm->nparts++] = digits_value(t, i, e, &frac);
		while (t[e] == '+' && is_digit(t[e + 1])) {
			e2 = digits_end(t, e + 1);
			if (nm->nparts < NUM_PARTS)
				nm->parts[nm->nparts++] =
				    digits_value(t, e + 1, e2, &frac);
			else
				nm->exact = 0;
			e = e2;
		}
		for (k = 0; k < nm->nparts; k++)
			if (nm->parts[k] < 0)
				nm->exact = 0;
		nm->len = nm->span = e - i;
		return e;
	}

	/* A number: grouping commas, then a decimal point. */
	while (t[e] == ',' && is_digit(t[e + 1]) && is_digit(t[e + 2]) &&
	    is_digit(t[e + 3]) && !is_digit(t[e + 4]))
		e += 4;
	if (t[e] == '.' && is_digit(t[e + 1]))
		e = digits_end(t, e + 1);
	m = digits_value(t, i, e, &frac);
	nm->kind = NUM_NUMBER;
	nm->len = e - i;
	nm->span = nm->len;
	if (t[e] == 's' && !is_alpha(t[e + 1])) {
		nm->kind = NUM_DECADE;
		nm->len = nm->span = nm->len + 1;
	} else if ((strncmp(t + e, "st", 2) == 0 ||
		       strncmp(t + e, "nd", 2) == 0 ||
		       strncmp(t + e, "rd", 2) == 0 ||
		       strncmp(t + e, "th", 2) == 0) &&
	    !is_alpha(t[e + 2])) {
		nm->kind = NUM_ORDINAL;
		nm->len = nm->span = nm->len + 2;
	} else if (word_at(t, e, " million")) {
		scale = 1000000;
		nm->span = nm->len + strlen(" million");
	} else if (word_at(t, e, " billion")) {
		scale = 1000000000;
		nm->span = nm->len + strlen(" billion");
	}
	for (k = 0; k < frac && p10 <= LLONG_MAX / 10; k++)
		p10 *= 10;
	if (m >= 0 && m <= LLONG_MAX / scale && k == frac &&
	    (m * scale) % p10 == 0) {
		nm->value = m * scale / p10;
		nm->exact = 1;
	}
	return i + nm->span;
}

/* Every numeral of t (n bytes, NUL-terminated) in order; the caller frees. */
static struct numeral *
numerals_scan(const char *t, size_t n, size_t *count)
{
	struct numeral *v = NULL;
	size_t i = 0, k = 0, cap = 0;

	while (i < n) {
		if (!is_digit(t[i]) || (i > 0 && is_digit(t[i - 1]))) {
			i++;
			continue;
		}
		v = grow(v, k, &cap, sizeof(*v));
		i = numeral_at(t, i, &v[k++]);
	}
	*count = k;
	return v;
}

/*
 * The not-facts list.
 */

static void
notfacts_free(struct notfacts *nf)
{
	free(nf->v);
	free(nf->buf);
	memset(nf, 0, sizeof(*nf));
}

/*
 * Loads the not-facts list from path into *nf; lines that are not a row
 * are skipped, counted in nf->malformed and, if loud, reported.
 * Returns 0, or -1 when the file cannot be read.
 */
static int
notfacts_load(const char *path, struct notfacts *nf, int loud)
{
	char *p, *eol, *t1, *t2;
	size_t len, line = 0, cap = 0;

	memset(nf, 0, sizeof(*nf));
	if (slurp(path, &nf->buf, &len) == -1)
		return -1;
	for (p = nf->buf; *p != '\0'; p = eol) {
		line++;
		if ((eol = strchr(p, '\n')) != NULL)
			*eol++ = '\0';
		else
			eol = p + strlen(p);
		if (*p != '\0' && p[strlen(p) - 1] == '\r')
			p[strlen(p) - 1] = '\0';
		if (line == 1) {
			if (strcmp(p, "numeral\tcontext\treason") != 0) {
				if (loud)
					print_error("%s:1: the header is not "
						    "\"numeral<TAB>context<TAB>"
						    "reason\"\n",
					    path);
				nf->malformed++;
			}
			continue;
		}
		if (*p == '\0')
			continue;
		t1 = strchr(p, '\t');
		t2 = t1 == NULL ? NULL : strchr(t1 + 1, '\t');
		if (t2 == NULL || strchr(t2 + 1, '\t') != NULL) {
			if (loud)
				print_error("%s:%zu: not three tab-separated "
					    "fields\n",
				    path, line);
			nf->malformed++;
			continue;
		}
		*t1 = *t2 = '\0';
		if (*p == '\0' || t1[1] == '\0') {
			if (loud)
				print_error("%s:%zu: empty numeral or "
					    "context\n",
				    path, line);
			nf->malformed++;
			continue;
		}
		nf->v = grow(nf->v, nf->n, &cap, sizeof(*nf->v));
		nf->v[nf->n].line = line;
		nf->v[nf->n].numeral = p;
		nf->v[nf->n].context = t1 + 1;
		nf->v[nf->n].reason = t2 + 1;
		nf->n++;
	}
	if (line == 0) {
		if (loud)
			print_error("%s: empty, not even a header\n", path);
		nf->malformed++;
	}
	return 0;
}

/*
 * Whether the not-facts row r accounts for the numeral nm of t: r names
 * it as written (with or without its " million") and one occurrence of
 * r's context in t contains it.
 */
static int
notfact_covers(
    const struct notfact *r, const char *t, size_t n, const struct numeral *nm)
{
	size_t nl = strlen(r->numeral), cl = strlen(r->context), pos;

	if (!(nl == nm->len && memcmp(t + nm->off, r->numeral, nl) == 0) &&
	    !(nl == nm->span && memcmp(t + nm->off, r->numeral, nl) == 0))
		return 0;
	for (pos = find(t, n, r->context, cl, 0); pos != NOPOS;
	     pos = find(t, n, r->context, cl, pos + 1))
		if (pos <= nm->off && nm->off + nm->len <= pos + cl)
			return 1;
	return 0;
}

/*
 * Claims: the quotes and values of events, partnerships and funding.
 */

static void
claims_free(struct claims *cl)
{
	size_t i;

	for (i = 0; i < cl->n; i++) {
		free(cl->v[i].what);
		free(cl->v[i].quote);
		free(cl->v[i].values);
	}
	free(cl->v);
	cl->v = NULL;
	cl->n = 0;
}

/* One row per (fact, value); a fact without values still has one row. */
static const char *const claims_sql =
    "SELECT 'event', e.id, e.quote,"
    " CASE WHEN e.precision = 'decade' THEN e.start_year END, v.value"
    " FROM events e LEFT JOIN ("
    "  SELECT id AS k, start_year AS value FROM events"
    "  UNION ALL SELECT id, end_year FROM events"
    "  UNION ALL SELECT event_id, value FROM event_figures"
    " ) v ON v.k = e.id "
    "UNION ALL "
    "SELECT 'partnership', p.id, p.quote, NULL, v.value"
    " FROM partnerships p LEFT JOIN ("
    "  SELECT id AS k, start_year AS value FROM partnerships"
    "  UNION ALL SELECT id, end_year FROM partnerships"
    "  UNION ALL SELECT id, donor_count FROM partnerships"
    "  UNION ALL SELECT id, recipient_count FROM partnerships"
    " ) v ON v.k = p.id "
    "UNION ALL "
    "SELECT 'funding', g.id, g.quote, NULL, v.value"
    " FROM funding g LEFT JOIN ("
    "  SELECT id AS k, amount_yuan AS value FROM funding"
    "  UNION ALL SELECT id, start_year FROM funding"
    "  UNION ALL SELECT id, end_year FROM funding"
    " ) v ON v.k = g.id "
    "ORDER BY 1, 2";

/* Loads every claim of db into *cl: 0, or -1 (reported). */
static int
claims_load(sqlite3 *db, struct claims *cl)
{
	sqlite3_stmt *st = NULL;
	struct claim *c;
	char what[1024];
	size_t cap = 0, vcap = 0;
	int rc, ret = -1;

	cl->v = NULL;
	cl->n = 0;
	if ((st = prepare(db, claims_sql)) == NULL)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(what, sizeof(what), "%s %s", col_text(st, 0),
		    col_text(st, 1));
		if (cl->n == 0 || strcmp(cl->v[cl->n - 1].what, what) != 0) {
			cl->v = grow(cl->v, cl->n, &cap, sizeof(*cl->v));
			c = &cl->v[cl->n++];
			memset(c, 0, sizeof(*c));
			c->what = xstrdup(what);
			c->quote = xstrdup(col_text(st, 2));
			c->qlen = strlen(c->quote);
			c->decade = sqlite3_column_type(st, 3) == SQLITE_NULL
			    ? -1
			    : sqlite3_column_int64(st, 3);
			vcap = 0;
		}
		c = &cl->v[cl->n - 1];
		if (sqlite3_column_type(st, 4) == SQLITE_NULL)
			continue;
		c->values =
		    grow(c->values, c->nvalues, &vcap, sizeof(*c->values));
		c->values[c->nvalues++] = sqlite3_column_int64(st, 4);
	}
	if (step_end(db, rc) == -1)
		goto out;
	ret = 0;
out:
	sqlite3_finalize(st);
	if (ret == -1)
		claims_free(cl);
	return ret;
}

static int
claim_has(const struct claim *c, long long v)
{
	size_t i;

	for (i = 0; i < c->nvalues; i++)
		if (c->values[i] == v)
			return 1;
	return 0;
}

/*
 * Whether claim c states the value of nm: a number or ordinal is one of
 * its values, each part of a compound is, a decade is the decade of a
 * decade event.  Dates are never stated by a fact row.
 */
static int
claim_states(const struct claim *c, const struct numeral *nm)
{
	size_t i;

	if (!nm->exact)
		return 0;
	switch (nm->kind) {
	case NUM_NUMBER:
	case NUM_ORDINAL: return claim_has(c, nm->value);
	case NUM_DECADE: return c->decade == nm->value;
	case NUM_COMPOUND:
		for (i = 0; i < nm->nparts; i++)
			if (!claim_has(c, nm->parts[i]))
				return 0;
		return nm->nparts > 0;
	case NUM_DATE: break;
	}
	return 0;
}

/* Whether some occurrence of c's quote in t contains nm and c states it. */
static int
claim_covers(
    const struct claim *c, const char *t, size_t n, const struct numeral *nm)
{
	size_t pos;

	if (!claim_states(c, nm))
		return 0;
	for (pos = find(t, n, c->quote, c->qlen, 0); pos != NOPOS;
	     pos = find(t, n, c->quote, c->qlen, pos + 1))
		if (pos <= nm->off && nm->off + nm->span <= pos + c->qlen)
			return 1;
	return 0;
}

/*
 * Entities and aliases.
 */

static void
entities_free(struct entities *es)
{
	size_t i;

	for (i = 0; i < es->n; i++) {
		free(es->v[i].id);
		free(es->v[i].name);
		free(es->v[i].kind);
		free(es->v[i].side);
		free(es->v[i].parent);
	}
	free(es->v);
	es->v = NULL;
	es->n = 0;
}

static size_t
entity_index(const struct entities *es, const char *id)
{
	size_t i;

	for (i = 0; i < es->n; i++)
		if (strcmp(es->v[i].id, id) == 0)
			return i;
	return NOPOS;
}

/* Loads every entity of db into *es: 0, or -1 (reported). */
static int
entities_load(sqlite3 *db, struct entities *es)
{
	sqlite3_stmt *st = NULL;
	struct entity *e;
	size_t i, cap = 0;
	int rc, ret = -1;

	es->v = NULL;
	es->n = 0;
	if ((st = prepare(db,
		 "SELECT id, name, kind, side, parent"
		 " FROM entities ORDER BY id")) == NULL)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		es->v = grow(es->v, es->n, &cap, sizeof(*es->v));
		e = &es->v[es->n++];
		e->id = xstrdup(col_text(st, 0));
		e->name = xstrdup(col_text(st, 1));
		e->kind = xstrdup(col_text(st, 2));
		e->side = xstrdup(col_text(st, 3));
		e->parent = col_dup(st, 4);
		if (slug_write(e->name, e->slug, sizeof(e->slug)) == -1)
			e->slug[0] = '\0';
	}
	if (step_end(db, rc) == -1)
		goto out;
	for (i = 0; i < es->n; i++)
		es->v[i].up = es->v[i].parent == NULL
		    ? NOPOS
		    : entity_index(es, es->v[i].parent);
	ret = 0;
out:
	sqlite3_finalize(st);
	if (ret == -1)
		entities_free(es);
	return ret;
}

/* Whether entity a is e or above e, walking at most es->n steps up. */
static int
at_or_above(const struct entities *es, size_t a, size_t e)
{
	size_t steps;

	for (steps = 0; e != NOPOS && steps <= es->n; steps++) {
		if (e == a)
			return 1;
		e = es->v[e].up;
	}
	return 0;
}

static void
aliases_free(struct aliases *as)
{
	size_t i;

	for (i = 0; i < as->n; i++) {
		free(as->v[i].entity_id);
		free(as->v[i].alias);
	}
	free(as->v);
	as->v = NULL;
	as->n = 0;
}

/* Loads every alias of db into *as, indexed into es: 0, or -1. */
static int
aliases_load(sqlite3 *db, const struct entities *es, struct aliases *as)
{
	sqlite3_stmt *st = NULL;
	struct alias *a;
	size_t cap = 0;
	int rc, ret = -1;

	as->v = NULL;
	as->n = 0;
	if ((st = prepare(db,
		 "SELECT entity_id, alias"
		 " FROM entity_aliases ORDER BY entity_id, position")) == NULL)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		as->v = grow(as->v, as->n, &cap, sizeof(*as->v));
		a = &as->v[as->n++];
		a->entity_id = xstrdup(col_text(st, 0));
		a->entity = entity_index(es, a->entity_id);
		a->alias = xstrdup(col_text(st, 1));
		if (slug_write(a->alias, a->slug, sizeof(a->slug)) == -1)
			a->slug[0] = '\0';
	}
	if (step_end(db, rc) == -1)
		goto out;
	ret = 0;
out:
	sqlite3_finalize(st);
	if (ret == -1)
		aliases_free(as);
	return ret;
}

/*
 * Funding.
 */

static void
funds_free(struct funds *fs)
{
	size_t i, j;

	for (i = 0; i < fs->n; i++) {
		free(fs->v[i].id);
		free(fs->v[i].part_of);
		free(fs->v[i].summary);
		for (j = 0; j < fs->v[i].nrec; j++)
			free(fs->v[i].rec[j]);
		free(fs->v[i].rec);
		free(fs->v[i].rec_read);
	}
	free(fs->v);
	fs->v = NULL;
	fs->n = 0;
}

static size_t
fund_index(const struct funds *fs, const char *id)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].id, id) == 0)
			return i;
	return NOPOS;
}

/* Loads every funding row of db with its recipients: 0, or -1. */
static int
funds_load(sqlite3 *db, struct funds *fs)
{
	sqlite3_stmt *st = NULL, *rs = NULL;
	struct fund *g;
	size_t i, cap = 0, rcap;
	int rc, ret = -1;

	fs->v = NULL;
	fs->n = 0;
	if ((st = prepare(db,
		 "SELECT id, start_year, start_month,"
		 " end_year, end_month, cumulative, part_of, summary"
		 " FROM funding ORDER BY id")) == NULL)
		goto out;
	if ((rs = prepare(db,
		 "SELECT entity_id, inferred FROM funding_recipients"
		 " WHERE funding_id = ?1 ORDER BY position")) == NULL)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fs->v = grow(fs->v, fs->n, &cap, sizeof(*fs->v));
		g = &fs->v[fs->n++];
		memset(g, 0, sizeof(*g));
		g->id = xstrdup(col_text(st, 0));
		g->sy = sqlite3_column_int(st, 1);
		g->sm = sqlite3_column_int(st, 2);
		g->has_end = sqlite3_column_type(st, 3) != SQLITE_NULL;
		g->ey = sqlite3_column_int(st, 3);
		g->em = sqlite3_column_int(st, 4);
		g->cumulative = sqlite3_column_int(st, 5);
		g->part_of = col_dup(st, 6);
		g->summary = xstrdup(col_text(st, 7));
		rcap = 0;
		sqlite3_reset(rs);
		if (sqlite3_bind_text(rs, 1, g->id, -1, SQLITE_STATIC) !=
		    SQLITE_OK) {
			print_error("bind: %s\n", sqlite3_errmsg(db));
			goto out;
		}
		while ((rc = sqlite3_step(rs)) == SQLITE_ROW) {
			size_t was = rcap;

			g->rec = grow(g->rec, g->nrec, &rcap, sizeof(*g->rec));
			if (rcap != was)
				g->rec_read = xrealloc(
				    g->rec_read, rcap, sizeof(*g->rec_read));
			g->rec_read[g->nrec] = sqlite3_column_int(rs, 1);
			g->rec[g->nrec++] = xstrdup(col_text(rs, 0));
		}
		if (step_end(db, rc) == -1)
			goto out;
	}
	if (step_end(db, rc) == -1)
		goto out;
	for (i = 0; i < fs->n; i++)
		fs->v[i].up = fs->v[i].part_of == NULL
		    ? NOPOS
		    : fund_index(fs, fs->v[i].part_of);
	ret = 0;
out:
	sqlite3_finalize(rs);
	sqlite3_finalize(st);
	if (ret == -1)
		funds_free(fs);
	return ret;
}

/* First and last month (year * 12 + month - 1) of a funding row's period. */
static long
period_lo(const struct fund *g)
{
	return (long)g->sy * 12 + (g->sm != 0 ? g->sm - 1 : 0);
}

static long
period_hi(const struct fund *g)
{
	if (!g->has_end)
		return LONG_MAX;
	return (long)g->ey * 12 + (g->em != 0 ? g->em - 1 : 11);
}

/*
 * The tests.
 */

/*
 * Guards the provenance: the store has exactly one source, the article,
 * byte for byte, with its title, publisher and date.
 */
static void
test_source_is_the_article(void **state)
{
	struct fixture *f = *state;
	sqlite3_stmt *st = NULL;
	const char *id, *text;
	size_t n, i;
	int bad = 0, err = 0, rows = 0, rc;

	if ((st = prepare(f->db,
		 "SELECT id, title, publisher, published,"
		 " text FROM sources ORDER BY id")) == NULL) {
		err = 1;
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rows++;
		id = col_text(st, 0);
		if (strcmp(col_text(st, 1),
			"Shanghai's partner aid to Yunnan") != 0) {
			print_error("source %s: title \"%s\" is not the "
				    "article's\n",
			    id, col_text(st, 1));
			bad++;
		}
		if (strcmp(col_text(st, 2), "GPIG") != 0) {
			print_error("source %s: publisher \"%s\" is not "
				    "GPIG\n",
			    id, col_text(st, 2));
			bad++;
		}
		if (strcmp(col_text(st, 3), "2018-02-02") != 0) {
			print_error("source %s: published \"%s\" is not "
				    "2018-02-02\n",
			    id, col_text(st, 3));
			bad++;
		}
		text = sqlite3_column_blob(st, 4);
		n = (size_t)sqlite3_column_bytes(st, 4);
		if (n != f->article_len || n == 0 ||
		    memcmp(text, f->article, n) != 0) {
			for (i = 0; i < n && i < f->article_len &&
			     text[i] == f->article[i];
			     i++)
				continue;
			print_error(
			    "source %s: text (%zu bytes) is not the "
			    "article (%zu bytes); first difference at byte "
			    "%zu\n",
			    id, n, f->article_len, i);
			bad++;
		}
	}
	if (step_end(f->db, rc) == -1)
		err = 1;
	if (rows != 1) {
		print_error("the store has %d sources, not exactly the one "
			    "article\n",
		    rows);
		bad++;
	}
out:
	sqlite3_finalize(st);
	verdict(bad, err, "problem(s) with the source");
}

/*
 * Guards provenance of every fact: each quote is a non-empty, verbatim
 * substring of its source's text; and the store is not empty.
 */
static void
test_quotes_verbatim(void **state)
{
	static const char *const kinds[] = { "entity", "event", "funding",
		"location", "partnership" };
	struct fixture *f = *state;
	sqlite3_stmt *st = NULL;
	const char *kind, *id, *quote, *text;
	size_t qn, tn, k;
	int seen[sizeof(kinds) / sizeof(kinds[0])] = { 0 };
	int bad = 0, err = 0, rc;

	if ((st = prepare(f->db,
		 "SELECT 'entity', x.id, x.quote, x.source_id, s.text"
		 " FROM entities x LEFT JOIN sources s ON s.id = x.source_id "
		 "UNION ALL SELECT 'event', x.id, x.quote, x.source_id, s.text"
		 " FROM events x LEFT JOIN sources s ON s.id = x.source_id "
		 "UNION ALL SELECT 'funding', x.id, x.quote, x.source_id, "
		 "s.text"
		 " FROM funding x LEFT JOIN sources s ON s.id = x.source_id "
		 "UNION ALL SELECT 'partnership', x.id, x.quote, x.source_id,"
		 " s.text FROM partnerships x"
		 " LEFT JOIN sources s ON s.id = x.source_id "
		 "UNION ALL SELECT 'location', x.entity_id || ' in ' ||"
		 " x.place_id, x.quote, x.source_id, s.text"
		 " FROM entity_locations x"
		 " LEFT JOIN sources s ON s.id = x.source_id "
		 "ORDER BY 1, 2")) == NULL) {
		err = 1;
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		kind = col_text(st, 0);
		id = col_text(st, 1);
		for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
			if (strcmp(kind, kinds[k]) == 0)
				seen[k]++;
		quote = col_text(st, 2);
		qn = strlen(quote);
		if (sqlite3_column_type(st, 4) == SQLITE_NULL) {
			print_error("%s %s: source \"%s\" does not exist\n",
			    kind, id, col_text(st, 3));
			bad++;
			continue;
		}
		text = col_text(st, 4);
		tn = strlen(text);
		if (qn == 0 || is_blank(quote)) {
			print_error("%s %s: empty quote\n", kind, id);
			bad++;
		} else if (find(text, tn, quote, qn, 0) == NOPOS) {
			print_error("%s %s: quote not in article: \"%.*s%s\"\n",
			    kind, id, clip(quote, CLIP), quote,
			    ellipsis(quote, CLIP));
			bad++;
		}
	}
	if (step_end(f->db, rc) == -1)
		err = 1;
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (seen[k] == 0) {
			print_error("no %s row at all: the store holds none "
				    "of the article's facts of that kind\n",
			    kinds[k]);
			bad++;
		}
out:
	sqlite3_finalize(st);
	verdict(bad, err, "quote(s) not verbatim in their source");
}

/*
 * Whether the numeral nm of the article is accounted for: listed as no
 * fact, the article's date of publication, or stated by a fact whose
 * quote contains it.
 */
static int
numeral_accounted(struct fixture *f, sqlite3_stmt *pub, const struct claims *cl,
    const struct notfacts *nf, const struct numeral *nm, int *err)
{
	char d1[64], d2[64];
	size_t i;
	int rc, hit;

	for (i = 0; i < nf->n; i++)
		if (notfact_covers(&nf->v[i], f->article, f->article_len, nm))
			return 1;
	if (nm->kind == NUM_DATE && nm->exact && nm->nparts == 3) {
		/* The byline's order (day-month or month-day) is unknown. */
		snprintf(d1, sizeof(d1), "%04lld-%02lld-%02lld", nm->parts[2],
		    nm->parts[1], nm->parts[0]);
		snprintf(d2, sizeof(d2), "%04lld-%02lld-%02lld", nm->parts[2],
		    nm->parts[0], nm->parts[1]);
		sqlite3_reset(pub);
		if (sqlite3_bind_text(pub, 1, d1, -1, SQLITE_TRANSIENT) !=
			SQLITE_OK ||
		    sqlite3_bind_text(pub, 2, d2, -1, SQLITE_TRANSIENT) !=
			SQLITE_OK) {
			*err = 1;
			return 0;
		}
		hit = 0;
		while ((rc = sqlite3_step(pub)) == SQLITE_ROW)
			hit = sqlite3_column_int(pub, 0) > 0;
		if (step_end(sqlite3_db_handle(pub), rc) == -1)
			*err = 1;
		if (hit)
			return 1;
	}
	for (i = 0; i < cl->n; i++)
		if (claim_covers(&cl->v[i], f->article, f->article_len, nm))
			return 1;
	return 0;
}

/*
 * Guards completeness: every numeral occurrence of the article is a fact
 * of the store (inside the quote of a row that states its value), the
 * date of publication, or listed in the not-facts file.
 */
static void
test_numerals_accounted(void **state)
{
	struct fixture *f = *state;
	struct numeral *nums = NULL;
	struct claims cl = { NULL, 0 };
	struct notfacts nf;
	sqlite3_stmt *pub = NULL;
	char ctx[EXCERPT_MAX];
	size_t n = 0, i;
	int bad = 0, err = 0;

	memset(&nf, 0, sizeof(nf));
	if (notfacts_load(f->not_facts_path, &nf, 0) == -1 ||
	    claims_load(f->db, &cl) == -1) {
		err = 1;
		goto out;
	}
	if ((pub = prepare(f->db,
		 "SELECT count(*) FROM sources"
		 " WHERE published IN (?1, ?2)")) == NULL) {
		err = 1;
		goto out;
	}
	nums = numerals_scan(f->article, f->article_len, &n);
	if (n == 0) {
		print_error("the article has no numeral at all: wrong "
			    "file?\n");
		bad++;
	}
	for (i = 0; i < n; i++) {
		if (numeral_accounted(f, pub, &cl, &nf, &nums[i], &err))
			continue;
		excerpt(f->article, f->article_len, nums[i].off, nums[i].span,
		    ctx, sizeof(ctx));
		print_error("numeral \"%.*s\" at line %zu, byte %zu, is "
			    "not accounted for: ...%s...\n",
		    (int)nums[i].span, f->article + nums[i].off,
		    line_of(f->article, nums[i].off), nums[i].off, ctx);
		bad++;
	}
out:
	sqlite3_finalize(pub);
	free(nums);
	claims_free(&cl);
	notfacts_free(&nf);
	verdict(bad, err,
	    "numeral occurrence(s) of the article neither a "
	    "fact nor listed as no fact");
}

/*
 * Guards the not-facts list: well formed, and each row used, its context
 * found in the article and containing the numeral it names.
 */
static void
test_not_facts_rows_used(void **state)
{
	struct fixture *f = *state;
	struct numeral *nums = NULL;
	struct notfacts nf;
	const struct notfact *r;
	size_t n = 0, i, j;
	int bad = 0, err = 0, used;

	memset(&nf, 0, sizeof(nf));
	if (notfacts_load(f->not_facts_path, &nf, 1) == -1) {
		err = 1;
		goto out;
	}
	bad += nf.malformed;
	nums = numerals_scan(f->article, f->article_len, &n);
	for (i = 0; i < nf.n; i++) {
		r = &nf.v[i];
		if (is_blank(r->reason)) {
			print_error("%s:%zu: \"%s\" has no reason\n",
			    f->not_facts_path, r->line, r->numeral);
			bad++;
		}
		if (find(f->article, f->article_len, r->context,
			strlen(r->context), 0) == NOPOS) {
			print_error("%s:%zu: context not in the article: "
				    "\"%.*s%s\"\n",
			    f->not_facts_path, r->line, clip(r->context, CLIP),
			    r->context, ellipsis(r->context, CLIP));
			bad++;
			continue;
		}
		for (used = 0, j = 0; j < n && !used; j++)
			used = notfact_covers(
			    r, f->article, f->article_len, &nums[j]);
		if (!used) {
			print_error("%s:%zu: \"%s\" is not a numeral of its "
				    "context \"%.*s%s\"\n",
			    f->not_facts_path, r->line, r->numeral,
			    clip(r->context, CLIP), r->context,
			    ellipsis(r->context, CLIP));
			bad++;
		}
	}
out:
	free(nums);
	notfacts_free(&nf);
	verdict(bad, err, "problem(s) in the not-facts list");
}

static const char *const ids_sql =
    "SELECT 'source' AS t, id FROM sources"
    " UNION ALL SELECT 'entity', id FROM entities"
    " UNION ALL SELECT 'partnership', id FROM partnerships"
    " UNION ALL SELECT 'funding', id FROM funding"
    " UNION ALL SELECT 'event', id FROM events";

/* Guards the URLs: every id is a lowercase slug. */
static void
test_ids_are_slugs(void **state)
{
	struct fixture *f = *state;
	sqlite3_stmt *st = NULL;
	int bad = 0, err = 0, rc;

	if ((st = prepare(f->db, ids_sql)) == NULL) {
		err = 1;
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (!is_slug(col_text(st, 1))) {
			print_error("%s \"%s\": id is not a slug "
				    "([a-z0-9] words joined by single '-')\n",
			    col_text(st, 0), col_text(st, 1));
			bad++;
		}
	if (step_end(f->db, rc) == -1)
		err = 1;
out:
	sqlite3_finalize(st);
	verdict(bad, err, "id(s) not a slug");
}

/* Guards /{collection}/{id}: no id names two rows of one table. */
static void
test_ids_unique(void **state)
{
	struct fixture *f = *state;
	sqlite3_stmt *st = NULL;
	char *sql;
	int bad = 0, err = 0, rc;

	sql = sqlite3_mprintf(
	    "SELECT t, id, count(*) FROM (%s)"
	    " GROUP BY t, id HAVING count(*) > 1 ORDER BY t, id",
	    ids_sql);
	if (sql == NULL || (st = prepare(f->db, sql)) == NULL) {
		err = 1;
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		print_error("%s %s: id used by %d rows\n", col_text(st, 0),
		    col_text(st, 1), sqlite3_column_int(st, 2));
		bad++;
	}
	if (step_end(f->db, rc) == -1)
		err = 1;
out:
	sqlite3_finalize(st);
	sqlite3_free(sql);
	verdict(bad, err, "duplicate id(s)");
}

/* Guards entity lookup by name: no two entities share a name (by slug). */
static void
test_entity_names_unique(void **state)
{
	struct fixture *f = *state;
	struct entities es = { NULL, 0 };
	size_t i, j;
	int bad = 0, err = 0;

	if (entities_load(f->db, &es) == -1) {
		err = 1;
		goto out;
	}
	for (i = 0; i < es.n; i++) {
		if (es.v[i].slug[0] == '\0') {
			print_error("entity %s: name \"%s\" has no slug\n",
			    es.v[i].id, es.v[i].name);
			bad++;
			continue;
		}
		for (j = i + 1; j < es.n; j++)
			if (strcmp(es.v[i].slug, es.v[j].slug) == 0) {
				print_error("entity %s and entity %s share "
					    "the name \"%s\" / \"%s\"\n",
				    es.v[i].id, es.v[j].id, es.v[i].name,
				    es.v[j].name);
				bad++;
			}
	}
out:
	entities_free(&es);
	verdict(bad, err, "entity name(s) shared");
}

/* Guards the hierarchy's links: every parent is an entity. */
static void
test_parents_exist(void **state)
{
	struct fixture *f = *state;
	struct entities es = { NULL, 0 };
	size_t i;
	int bad = 0, err = 0;

	if (entities_load(f->db, &es) == -1) {
		err = 1;
		goto out;
	}
	for (i = 0; i < es.n; i++)
		if (es.v[i].parent != NULL && es.v[i].up == NOPOS) {
			print_error("entity %s: parent \"%s\" does not "
				    "exist\n",
			    es.v[i].id, es.v[i].parent);
			bad++;
		}
out:
	entities_free(&es);
	verdict(bad, err, "missing parent(s)");
}

/* Guards "everything below" filters: the hierarchy has no cycle. */
static void
test_hierarchy_acyclic(void **state)
{
	struct fixture *f = *state;
	struct entities es = { NULL, 0 };
	size_t i, e, steps;
	int bad = 0, err = 0;

	if (entities_load(f->db, &es) == -1) {
		err = 1;
		goto out;
	}
	for (i = 0; i < es.n; i++) {
		e = i;
		for (steps = 0; steps < es.n && es.v[e].up != NOPOS; steps++)
			e = es.v[e].up;
		if (es.v[e].up != NOPOS) {
			print_error("entity %s: its parent chain is a "
				    "cycle\n",
			    es.v[i].id);
			bad++;
		}
	}
out:
	entities_free(&es);
	verdict(bad, err, "entit(ies) in a parent cycle");
}

/*
 * Guards the meaning of kinds: a place below province level lies in a
 * province or municipality, and a district of Shanghai has Shanghai,
 * the municipality, for parent.
 */
static void
test_kinds_nest(void **state)
{
	static const char *const below[] = { "prefecture", "city", "district",
		"county", "town", "village" };
	struct fixture *f = *state;
	struct entities es = { NULL, 0 };
	size_t i, k, e, steps, sh = NOPOS;
	int bad = 0, err = 0, nsh = 0, place, reached;

	if (entities_load(f->db, &es) == -1) {
		err = 1;
		goto out;
	}
	for (i = 0; i < es.n; i++)
		if (strcmp(es.v[i].kind, "municipality") == 0 &&
		    strcmp(es.v[i].side, "shanghai") == 0) {
			sh = i;
			nsh++;
		}
	for (i = 0; i < es.n; i++) {
		for (place = 0, k = 0; k < sizeof(below) / sizeof(below[0]);
		     k++)
			if (strcmp(es.v[i].kind, below[k]) == 0)
				place = 1;
		if (!place)
			continue;
		reached = 0;
		e = es.v[i].up;
		for (steps = 0; e != NOPOS && steps < es.n && !reached;
		     steps++) {
			reached = strcmp(es.v[e].kind, "province") == 0 ||
			    strcmp(es.v[e].kind, "municipality") == 0;
			e = es.v[e].up;
		}
		if (!reached) {
			print_error("entity %s (%s): its parent chain "
				    "reaches no province or municipality\n",
			    es.v[i].id, es.v[i].kind);
			bad++;
		}
		if (strcmp(es.v[i].kind, "district") != 0 ||
		    strcmp(es.v[i].side, "shanghai") != 0)
			continue;
		if (nsh != 1) {
			print_error("entity %s: a district of Shanghai, but "
				    "there are %d Shanghai municipalities\n",
			    es.v[i].id, nsh);
			bad++;
		} else if (es.v[i].up != sh) {
			print_error("entity %s: a district of Shanghai whose "
				    "parent is %s, not %s\n",
			    es.v[i].id,
			    es.v[i].parent == NULL ? "(none)" : es.v[i].parent,
			    es.v[sh].id);
			bad++;
		}
	}
out:
	entities_free(&es);
	verdict(bad, err, "entit(ies) nested against their kind");
}

/*
 * Guards GET /entities/{alias}: an alias names one entity only, its slug
 * being no other entity's id, name or alias.
 */
static void
test_aliases_unambiguous(void **state)
{
	struct fixture *f = *state;
	struct entities es = { NULL, 0 };
	struct aliases as = { NULL, 0 };
	const struct alias *a, *b;
	size_t i, j;
	int bad = 0, err = 0;

	if (entities_load(f->db, &es) == -1 ||
	    aliases_load(f->db, &es, &as) == -1) {
		err = 1;
		goto out;
	}
	for (i = 0; i < as.n; i++) {
		a = &as.v[i];
		if (a->slug[0] == '\0') {
			print_error("alias \"%s\" of %s has no slug\n",
			    a->alias, a->entity_id);
			bad++;
			continue;
		}
		for (j = 0; j < es.n; j++) {
			if (strcmp(es.v[j].id, a->entity_id) == 0)
				continue;
			if (strcmp(a->slug, es.v[j].id) == 0 ||
			    strcmp(a->slug, es.v[j].slug) == 0) {
				print_error("alias \"%s\" of %s also names "
					    "entity %s (\"%s\")\n",
				    a->alias, a->entity_id, es.v[j].id,
				    es.v[j].name);
				bad++;
			}
		}
		for (j = 0; j < as.n; j++) {
			b = &as.v[j];
			if (strcmp(b->entity_id, a->entity_id) != 0 &&
			    strcmp(a->slug, b->slug) == 0) {
				print_error("alias \"%s\" of %s is also alias "
					    "\"%s\" of %s\n",
				    a->alias, a->entity_id, b->alias,
				    b->entity_id);
				bad++;
			}
		}
	}
out:
	aliases_free(&as);
	entities_free(&es);
	verdict(bad, err, "ambiguous alias(es)");
}

/* Guards aliases from redundancy: none is its own entity's name in any
 * case (a spelling that differs only in punctuation, such as "Puer City"
 * for "Pu'er City", is the article's own and stays). */
static void
test_aliases_not_name(void **state)
{
	struct fixture *f = *state;
	struct entities es = { NULL, 0 };
	struct aliases as = { NULL, 0 };
	const struct alias *a;
	size_t i;
	int bad = 0, err = 0;

	if (entities_load(f->db, &es) == -1 ||
	    aliases_load(f->db, &es, &as) == -1) {
		err = 1;
		goto out;
	}
	for (i = 0; i < as.n; i++) {
		a = &as.v[i];
		if (a->entity == NOPOS) {
			print_error("alias \"%s\": entity %s does not "
				    "exist\n",
			    a->alias, a->entity_id);
			bad++;
		} else if (strcasecmp(a->alias, es.v[a->entity].name) == 0) {
			print_error("alias \"%s\" of %s is its name \"%s\"\n",
			    a->alias, a->entity_id, es.v[a->entity].name);
			bad++;
		}
	}
out:
	aliases_free(&as);
	entities_free(&es);
	verdict(bad, err, "alias(es) equal to their entity's name");
}

/* Guards aliases as the article's own spellings: each occurs in it. */
static void
test_aliases_in_article(void **state)
{
	struct fixture *f = *state;
	struct entities es = { NULL, 0 };
	struct aliases as = { NULL, 0 };
	const struct alias *a;
	size_t i;
	int bad = 0, err = 0;

	if (entities_load(f->db, &es) == -1 ||
	    aliases_load(f->db, &es, &as) == -1) {
		err = 1;
		goto out;
	}
	for (i = 0; i < as.n; i++) {
		a = &as.v[i];
		if (find(f->article, f->article_len, a->alias, strlen(a->alias),
			0) == NOPOS) {
			print_error("alias \"%s\" of %s does not occur in "
				    "the article\n",
			    a->alias, a->entity_id);
			bad++;
		}
	}
out:
	aliases_free(&as);
	entities_free(&es);
	verdict(bad, err, "alias(es) not in the article");
}

/* Guards time: no event, partnership or funding ends before it starts. */
static void
test_periods_ordered(void **state)
{
	struct fixture *f = *state;
	sqlite3_stmt *st = NULL;
	int bad = 0, err = 0, rc, sy, sm, ey, em;

	if ((st = prepare(f->db,
		 "SELECT 'event', id, start_year, start_month, end_year,"
		 " end_month FROM events"
		 " UNION ALL SELECT 'partnership', id, start_year, start_month,"
		 " end_year, end_month FROM partnerships"
		 " UNION ALL SELECT 'funding', id, start_year, start_month,"
		 " end_year, end_month FROM funding ORDER BY 1, 2")) == NULL) {
		err = 1;
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 4) == SQLITE_NULL)
			continue;
		sy = sqlite3_column_int(st, 2);
		sm = sqlite3_column_int(st, 3);
		ey = sqlite3_column_int(st, 4);
		em = sqlite3_column_int(st, 5);
		if (ey < sy || (ey == sy && sm != 0 && em != 0 && em < sm)) {
			print_error("%s %s: ends (%d-%02d) before it starts "
				    "(%d-%02d)\n",
			    col_text(st, 0), col_text(st, 1), ey, em, sy, sm);
			bad++;
		}
	}
	if (step_end(f->db, rc) == -1)
		err = 1;
out:
	sqlite3_finalize(st);
	verdict(bad, err, "period(s) ending before they start");
}

/*
 * Guards event dates against their precision: a month event has its
 * month, a decade event starts on a year ending in 0 and ends 9 later.
 */
static void
test_event_precision(void **state)
{
	struct fixture *f = *state;
	sqlite3_stmt *st = NULL;
	const char *id, *prec;
	int bad = 0, err = 0, rc, sy;

	if ((st = prepare(f->db,
		 "SELECT id, precision, start_year,"
		 " start_month, end_year FROM events ORDER BY id")) == NULL) {
		err = 1;
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = col_text(st, 0);
		prec = col_text(st, 1);
		sy = sqlite3_column_int(st, 2);
		if (strcmp(prec, "month") == 0 &&
		    sqlite3_column_type(st, 3) == SQLITE_NULL) {
			print_error("event %s: precision month without a "
				    "start month\n",
			    id);
			bad++;
		}
		if (strcmp(prec, "decade") != 0)
			continue;
		if (sy % 10 != 0 || sqlite3_column_type(st, 3) != SQLITE_NULL) {
			print_error("event %s: a decade that starts in %d-%s, "
				    "not a year ending in 0\n",
			    id, sy, col_text(st, 3));
			bad++;
		}
		if (sqlite3_column_type(st, 4) == SQLITE_NULL ||
		    sqlite3_column_int(st, 4) != sy + 9) {
			print_error("event %s: a decade from %d that ends in "
				    "%s, not %d\n",
			    id, sy,
			    sqlite3_column_type(st, 4) == SQLITE_NULL
				? "(none)"
				: col_text(st, 4),
			    sy + 9);
			bad++;
		}
	}
	if (step_end(f->db, rc) == -1)
		err = 1;
out:
	sqlite3_finalize(st);
	verdict(bad, err, "event(s) whose dates do not fit their precision");
}

/* Guards pairings: every partnership has donors and recipients. */
static void
test_partnership_parties(void **state)
{
	struct fixture *f = *state;
	sqlite3_stmt *st = NULL;
	int bad = 0, err = 0, rc;

	if ((st = prepare(f->db,
		 "SELECT p.id,"
		 " (SELECT count(*) FROM partnership_parties x"
		 "  WHERE x.partnership_id = p.id AND x.role = 'donor'),"
		 " (SELECT count(*) FROM partnership_parties x"
		 "  WHERE x.partnership_id = p.id AND x.role = 'recipient')"
		 " FROM partnerships p ORDER BY p.id")) == NULL) {
		err = 1;
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_int(st, 1) == 0) {
			print_error(
			    "partnership %s: no donor\n", col_text(st, 0));
			bad++;
		}
		if (sqlite3_column_int(st, 2) == 0) {
			print_error(
			    "partnership %s: no recipient\n", col_text(st, 0));
			bad++;
		}
	}
	if (step_end(f->db, rc) == -1)
		err = 1;
out:
	sqlite3_finalize(st);
	verdict(bad, err, "partnership(s) without donors or recipients");
}

/*
 * Guards honest totals: a funding row part_of another points to a
 * cumulative row whose period contains its period and whose recipients
 * include each of its recipients or one of their ancestors: each of those
 * it is read to have gone to, where it has such (the reading that makes it
 * a part: the 6.6 million, which Yunnan used, read as going to the 44
 * pilot villages), else each it is stated to have gone to.
 */
static void
test_funding_part_of(void **state)
{
	struct fixture *f = *state;
	struct entities es = { NULL, 0 };
	struct funds fs = { NULL, 0 };
	const struct fund *g, *c;
	size_t i, j, k, r, cr, nread;
	int bad = 0, err = 0, in;

	if (entities_load(f->db, &es) == -1 || funds_load(f->db, &fs) == -1) {
		err = 1;
		goto out;
	}
	for (i = 0; i < fs.n; i++) {
		g = &fs.v[i];
		if (g->part_of == NULL)
			continue;
		if (g->up == NOPOS) {
			print_error("funding %s: part_of %s does not exist\n",
			    g->id, g->part_of);
			bad++;
			continue;
		}
		c = &fs.v[g->up];
		if (!c->cumulative) {
			print_error("funding %s: part_of %s, which is not "
				    "cumulative\n",
			    g->id, c->id);
			bad++;
		}
		if (period_lo(g) < period_lo(c) ||
		    period_hi(g) > period_hi(c)) {
			print_error(
			    "funding %s: its period (%d-%02d to "
			    "%d-%02d) is not within that of %s (%d-%02d to "
			    "%d-%02d; month 00: whole year, year 0: ongoing)"
			    "\n",
			    g->id, g->sy, g->sm, g->ey, g->em, c->id, c->sy,
			    c->sm, c->ey, c->em);
			bad++;
		}
		for (nread = 0, j = 0; j < g->nrec; j++)
			nread += g->rec_read[j] != 0;
		for (j = 0; j < g->nrec; j++) {
			if (nread > 0 && !g->rec_read[j])
				continue;
			r = entity_index(&es, g->rec[j]);
			for (in = 0, k = 0; k < c->nrec && !in; k++) {
				cr = entity_index(&es, c->rec[k]);
				in = r != NOPOS && cr != NOPOS &&
				    at_or_above(&es, cr, r);
			}
			if (!in) {
				print_error(
				    "funding %s: recipient %s is "
				    "neither a recipient of %s nor below one "
				    "(summary of %s: \"%.*s%s\")\n",
				    g->id, g->rec[j], c->id, c->id,
				    clip(c->summary, CLIP), c->summary,
				    ellipsis(c->summary, CLIP));
				bad++;
			}
		}
	}
out:
	funds_free(&fs);
	entities_free(&es);
	verdict(bad, err, "funding part_of link(s) that do not hold");
}

/* Guards the totals' walk: part_of chains have no cycle. */
static void
test_funding_part_of_acyclic(void **state)
{
	struct fixture *f = *state;
	struct funds fs = { NULL, 0 };
	size_t i, g, steps;
	int bad = 0, err = 0;

	if (funds_load(f->db, &fs) == -1) {
		err = 1;
		goto out;
	}
	for (i = 0; i < fs.n; i++) {
		g = i;
		for (steps = 0; steps < fs.n && fs.v[g].up != NOPOS; steps++)
			g = fs.v[g].up;
		if (fs.v[g].up != NOPOS) {
			print_error("funding %s: its part_of chain is a "
				    "cycle\n",
			    fs.v[i].id);
			bad++;
		}
	}
out:
	funds_free(&fs);
	verdict(bad, err, "funding row(s) in a part_of cycle");
}

/* Guards running totals: a quote that says one makes the row cumulative. */
static void
test_funding_cumulative(void **state)
{
	struct fixture *f = *state;
	sqlite3_stmt *st = NULL;
	const char *quote;
	int bad = 0, err = 0, rc;

	if ((st = prepare(f->db,
		 "SELECT id, cumulative, quote FROM funding"
		 " ORDER BY id")) == NULL) {
		err = 1;
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		quote = col_text(st, 2);
		if ((contains_ci(quote, "accumulatively") ||
			contains_ci(quote, "in the past")) &&
		    sqlite3_column_int(st, 1) != 1) {
			print_error("funding %s: quote states a running "
				    "total but cumulative is %d\n",
			    col_text(st, 0), sqlite3_column_int(st, 1));
			bad++;
		}
	}
	if (step_end(f->db, rc) == -1)
		err = 1;
out:
	sqlite3_finalize(st);
	verdict(bad, err, "running total(s) not marked cumulative");
}

/*
 * Guards lower bounds: the amount is stated in the quote, and bound is
 * at_least exactly when "more than " comes right before it.
 */
static void
test_funding_bound(void **state)
{
	static const char more[] = "more than ";
	struct fixture *f = *state;
	sqlite3_stmt *st = NULL;
	struct numeral *nums = NULL;
	const char *id, *bound, *quote;
	long long amount;
	size_t n, i, ml = sizeof(more) - 1;
	int bad = 0, err = 0, rc, stated, after_more;

	if ((st = prepare(f->db,
		 "SELECT id, amount_yuan, bound, quote"
		 " FROM funding ORDER BY id")) == NULL) {
		err = 1;
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = col_text(st, 0);
		amount = sqlite3_column_int64(st, 1);
		bound = col_text(st, 2);
		quote = col_text(st, 3);
		free(nums);
		nums = numerals_scan(quote, strlen(quote), &n);
		stated = after_more = 0;
		for (i = 0; i < n; i++) {
			if (nums[i].kind != NUM_NUMBER || !nums[i].exact ||
			    nums[i].value != amount)
				continue;
			stated = 1;
			if (nums[i].off >= ml &&
			    strncmp(quote + nums[i].off - ml, more, ml) == 0)
				after_more = 1;
		}
		if (!stated) {
			print_error("funding %s: amount %lld is not stated "
				    "in its quote\n",
			    id, amount);
			bad++;
		} else if (after_more != (strcmp(bound, "at_least") == 0)) {
			print_error("funding %s: bound is %s but the quote "
				    "has %s\"more than\" before %lld\n",
			    id, bound, after_more ? "" : "no ", amount);
			bad++;
		}
	}
	if (step_end(f->db, rc) == -1)
		err = 1;
out:
	free(nums);
	sqlite3_finalize(st);
	verdict(bad, err,
	    "funding row(s) whose bound or amount does not "
	    "match the quote");
}

/* Guards figures: each is a positive quantity with a label and a unit. */
static void
test_figures_valid(void **state)
{
	struct fixture *f = *state;
	sqlite3_stmt *st = NULL;
	int bad = 0, err = 0, rc;

	if ((st = prepare(f->db,
		 "SELECT event_id, position, label, value,"
		 " unit FROM event_figures ORDER BY event_id, position")) ==
	    NULL) {
		err = 1;
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_int64(st, 3) <= 0 ||
		    is_blank(col_text(st, 2)) || is_blank(col_text(st, 4))) {
			print_error(
			    "event %s figure %d: value %lld, label "
			    "\"%.*s\", unit \"%.*s\": needs a value > 0, a "
			    "label and a unit\n",
			    col_text(st, 0), sqlite3_column_int(st, 1),
			    (long long)sqlite3_column_int64(st, 3),
			    clip(col_text(st, 2), CLIP), col_text(st, 2),
			    clip(col_text(st, 4), CLIP), col_text(st, 4));
			bad++;
		}
	}
	if (step_end(f->db, rc) == -1)
		err = 1;
out:
	sqlite3_finalize(st);
	verdict(bad, err, "invalid figure(s)");
}

/*
 * Prints, by primary key, every row of table whose column from names no
 * parent.to: 0, or -1 (reported).
 */
static int
print_dangling(sqlite3 *db, const char *table, const char *from,
    const char *parent, const char *to)
{
	sqlite3_stmt *st = NULL, *pk = NULL;
	sqlite3_str *q;
	char *sql = NULL, key[512];
	size_t k;
	int i, rc, ret = -1;

	if ((pk = prepare(db,
		 "SELECT name FROM pragma_table_info(?1)"
		 " WHERE pk > 0 ORDER BY pk")) == NULL)
		goto out;
	if (sqlite3_bind_text(pk, 1, table, -1, SQLITE_STATIC) != SQLITE_OK)
		goto out;
	q = sqlite3_str_new(db);
	sqlite3_str_appendf(q, "SELECT \"%w\"", from);
	while ((rc = sqlite3_step(pk)) == SQLITE_ROW)
		sqlite3_str_appendf(q, ", \"%w\"", col_text(pk, 0));
	sqlite3_str_appendf(q,
	    " FROM \"%w\" WHERE \"%w\" IS NOT NULL"
	    " AND \"%w\" NOT IN (SELECT \"%w\" FROM \"%w\")",
	    table, from, from, to, parent);
	sql = sqlite3_str_finish(q);
	if (step_end(db, rc) == -1 || sql == NULL ||
	    (st = prepare(db, sql)) == NULL)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		key[0] = '\0';
		for (i = 1, k = 0;
		     i < sqlite3_column_count(st) && k < sizeof(key); i++)
			k += (size_t)snprintf(key + k, sizeof(key) - k,
			    "%s%s=%.*s", i > 1 ? ", " : "",
			    sqlite3_column_name(st, i),
			    clip(col_text(st, i), 100), col_text(st, i));
		print_error("%s (%s): %s \"%.*s\" is no %s.%s\n", table, key,
		    from, clip(col_text(st, 0), 100), col_text(st, 0), parent,
		    to);
	}
	if (step_end(db, rc) == -1)
		goto out;
	ret = 0;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(pk);
	sqlite3_free(sql);
	return ret;
}

/*
 * Guards references: every row's entities, sources and other rows exist
 * (PRAGMA foreign_key_check finds nothing).
 */
static void
test_foreign_keys(void **state)
{
	struct fixture *f = *state;
	sqlite3_stmt *st = NULL, *fk = NULL;
	int bad = 0, err = 0, rc, rk, named;

	if ((st = prepare(f->db,
		 "SELECT \"table\", parent, fkid, count(*)"
		 " FROM pragma_foreign_key_check GROUP BY 1, 2, 3")) == NULL ||
	    (fk = prepare(f->db,
		 "SELECT \"from\", \"to\""
		 " FROM pragma_foreign_key_list(?1) WHERE id = ?2")) == NULL) {
		err = 1;
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bad += sqlite3_column_int(st, 3);
		named = 0;
		sqlite3_reset(fk);
		sqlite3_bind_text(fk, 1, col_text(st, 0), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(fk, 2, sqlite3_column_int(st, 2));
		while ((rk = sqlite3_step(fk)) == SQLITE_ROW)
			if (sqlite3_column_type(fk, 1) != SQLITE_NULL &&
			    print_dangling(f->db, col_text(st, 0),
				col_text(fk, 0), col_text(st, 1),
				col_text(fk, 1)) == 0)
				named = 1;
		if (step_end(f->db, rk) == -1)
			err = 1;
		if (!named)
			print_error("%s: %d row(s) reference missing rows of "
				    "%s\n",
			    col_text(st, 0), sqlite3_column_int(st, 3),
			    col_text(st, 1));
	}
	if (step_end(f->db, rc) == -1)
		err = 1;
out:
	sqlite3_finalize(fk);
	sqlite3_finalize(st);
	verdict(bad, err, "row(s) referencing rows that do not exist");
}

/*
 * Runs sql, whose rows each describe one offence in their first column,
 * and prints them; returns how many, or -1 when the query fails.
 */
static int
offences(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = prepare(db, sql);
	int n = 0, rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		print_error("%s\n", col_text(st, 0));
		n++;
	}
	if (step_end(db, rc) == -1)
		n = -1;
	sqlite3_finalize(st);
	return n;
}

/* Fails when sql (see offences()) names anything. */
static void
expect_no_offence(struct fixture *f, const char *sql, const char *what)
{
	int n = offences(f->db, sql);

	verdict(n > 0 ? n : 0, n < 0, what);
}

/* A funding row's period as comparable numbers: lo and hi in YYYYMM, a
 * missing month the whole year, a missing end ongoing. */
#define LO(t) "(" t ".start_year * 100 + coalesce(" t ".start_month, 1))"
#define HI(t)                                                                  \
	"(coalesce(" t ".end_year, 9999) * 100 + coalesce(" t ".end_month, "   \
	"12))"

/*
 * Guards the lower bounds: a record possibly_part_of another names a
 * cumulative record of its own kind whose period contains its period,
 * and is not also part_of one; no chain of part_of and possibly_part_of
 * is a cycle; and a record is only ever contained in one of its own kind,
 * so that totals by kind may be added together.
 */
static void
test_funding_possibly_part_of(void **state)
{
	expect_no_offence(*state,
	    "SELECT 'funding ' || f.id || ': possibly_part_of ' ||"
	    " f.possibly_part_of || CASE"
	    "  WHEN c.id IS NULL THEN ', which does not exist'"
	    "  WHEN f.part_of IS NOT NULL THEN ' and part_of ' || f.part_of"
	    "  WHEN NOT c.cumulative THEN ', which is not cumulative'"
	    "  WHEN " LO("f") " < " LO("c") " OR " HI("f") " > " HI(
		"c") "   THEN ', whose period does not contain its own' END"
		     " FROM funding f LEFT JOIN funding c ON c.id = "
		     "f.possibly_part_of"
		     " WHERE f.possibly_part_of IS NOT NULL AND (c.id IS NULL"
		     "  OR f.part_of IS NOT NULL OR NOT c.cumulative"
		     "  OR " LO("f") " < " LO("c") " OR " HI("f") " > " HI(
			 "c") ")"
			      " UNION ALL"
			      " SELECT 'funding ' || f.id || ' (' || f.kind || "
			      "') is in ' ||"
			      " c.id || ' (' || c.kind || '): containment "
			      "across kinds'"
			      " FROM funding f JOIN funding c"
			      "  ON c.id = coalesce(f.part_of, "
			      "f.possibly_part_of)"
			      " WHERE c.kind <> f.kind"
			      " UNION ALL"
			      " SELECT 'funding ' || id || ': its chain of "
			      "containers is a cycle'"
			      " FROM (WITH RECURSIVE up (start, id, n) AS ("
			      "  SELECT id, coalesce(part_of, "
			      "possibly_part_of), 1 FROM funding"
			      "  UNION ALL SELECT up.start,"
			      "   coalesce(f.part_of, f.possibly_part_of), n + "
			      "1"
			      "   FROM up JOIN funding f ON f.id = up.id WHERE "
			      "n < 64)"
			      "  SELECT DISTINCT start AS id FROM up WHERE id "
			      "= start)",
	    "funding row(s) whose possible container does not hold");
}

/*
 * Guards dates: a date marked inferred is explained in its summary, and
 * no summary calls a date the article's when the article implies it.
 */
static void
test_inferred_dates_explained(void **state)
{
	expect_no_offence(*state,
	    "WITH dated (what, id, si, ei, summary) AS ("
	    " SELECT 'event', id, start_inferred, end_inferred, summary"
	    "  FROM events"
	    " UNION ALL SELECT 'partnership', id, start_inferred,"
	    "  end_inferred, summary FROM partnerships"
	    " UNION ALL SELECT 'funding', id, start_inferred, end_inferred,"
	    "  summary FROM funding)"
	    " SELECT what || ' ' || id || CASE"
	    "  WHEN (si OR ei) AND instr(lower(summary), 'inferred') = 0"
	    "   THEN ': an inferred date its summary does not explain'"
	    "  ELSE ': its summary calls an inferred date the article''s' END"
	    " FROM dated"
	    " WHERE ((si OR ei) AND instr(lower(summary), 'inferred') = 0)"
	    "  OR ((si OR ei) AND (summary LIKE '%year is the article''s%'"
	    "   OR summary LIKE '%the article''s year%'))",
	    "date(s) inferred without saying so");
}

/*
 * Guards figures that contain figures: part_of names another figure of
 * the same event, in the same unit, at least as large, so that nothing
 * sums the part with its whole.
 */
static void
test_figures_part_of(void **state)
{
	expect_no_offence(*state,
	    "SELECT 'event ' || g.event_id || ' figure ' || g.position ||"
	    " ' (' || g.value || ' ' || g.unit || ') part_of figure ' ||"
	    " g.part_of || CASE WHEN c.position IS NULL"
	    "  THEN ', which does not exist'"
	    "  ELSE ' (' || c.value || ' ' || c.unit || '), not a whole of"
	    " it' END"
	    " FROM event_figures g LEFT JOIN event_figures c"
	    "  ON c.event_id = g.event_id AND c.position = g.part_of"
	    " WHERE g.part_of IS NOT NULL AND (c.position IS NULL"
	    "  OR c.unit <> g.unit OR c.value < g.value OR c.part_of IS NOT "
	    "NULL)",
	    "figure(s) part of no whole");
}

/*
 * Guards sectors by one rule (db/data/README.md, "Sectors"): a partnership
 * of hospitals is health, of schools education, one whose recipients are
 * an ethnic group ethnic_minority, and every other one, whoever gives it,
 * poverty_alleviation.
 */
static void
test_sectors_by_rule(void **state)
{
	expect_no_offence(*state,
	    "SELECT 'partnership ' || id || ': sector ' || sector ||"
	    " ', by the rule ' || want FROM (SELECT p.id, p.sector, CASE"
	    "  WHEN EXISTS (SELECT 1 FROM partnership_parties x JOIN entities e"
	    "   ON e.id = x.entity_id WHERE x.partnership_id = p.id"
	    "   AND e.kind = 'hospital_group') THEN 'health'"
	    "  WHEN EXISTS (SELECT 1 FROM partnership_parties x JOIN entities e"
	    "   ON e.id = x.entity_id WHERE x.partnership_id = p.id"
	    "   AND e.kind = 'school_group') THEN 'education'"
	    "  WHEN EXISTS (SELECT 1 FROM partnership_parties x JOIN entities e"
	    "   ON e.id = x.entity_id WHERE x.partnership_id = p.id"
	    "   AND x.role = 'recipient' AND e.kind = 'ethnic_group')"
	    "   THEN 'ethnic_minority'"
	    "  ELSE 'poverty_alleviation' END AS want FROM partnerships p)"
	    " WHERE sector <> want",
	    "partnership(s) whose sector breaks the rule");
}

/*
 * Guards what a filter by entity finds: an event involves every entity it
 * names and every party of its partnerships and funding, each once.
 */
static void
test_event_involvement(void **state)
{
	expect_no_offence(*state,
	    "WITH should (event_id, entity_id, why) AS ("
	    " SELECT event_id, entity_id, 'it names' FROM event_entities"
	    " UNION SELECT x.event_id, p.entity_id, 'partnership ' ||"
	    "  x.partnership_id || ' names'"
	    "  FROM event_partnerships x JOIN partnership_parties p"
	    "  ON p.partnership_id = x.partnership_id"
	    " UNION SELECT x.event_id, f.donor, 'funding ' || x.funding_id ||"
	    "  ' names' FROM event_funding x JOIN funding f ON f.id = "
	    "x.funding_id"
	    " UNION SELECT x.event_id, r.entity_id, 'funding ' ||"
	    "  x.funding_id || ' names'"
	    "  FROM event_funding x JOIN funding_recipients r"
	    "  ON r.funding_id = x.funding_id)"
	    " SELECT 'event ' || s.event_id || ' does not involve ' ||"
	    " s.entity_id || ', which ' || s.why FROM should s"
	    " WHERE NOT EXISTS (SELECT 1 FROM event_involvement i"
	    "  WHERE i.event_id = s.event_id AND i.entity_id = s.entity_id)"
	    " UNION ALL SELECT 'event ' || i.event_id || ' involves ' ||"
	    " i.entity_id || ', which nothing names' FROM event_involvement i"
	    " WHERE NOT EXISTS (SELECT 1 FROM should s"
	    "  WHERE s.event_id = i.event_id AND s.entity_id = i.entity_id)",
	    "event(s) missing what their facts involve");
}

/*
 * Guards the article's order: every item's position is where its quote
 * starts in its source (what orders facts the dates cannot).
 */
static void
test_article_positions(void **state)
{
	expect_no_offence(*state,
	    "WITH q (resource, id, source_id, quote) AS ("
	    " SELECT 'events', id, source_id, quote FROM events"
	    " UNION ALL SELECT 'partnerships', id, source_id, quote"
	    "  FROM partnerships"
	    " UNION ALL SELECT 'funding', id, source_id, quote FROM funding"
	    " UNION ALL SELECT 'entities', id, source_id, quote FROM entities)"
	    " SELECT q.resource || ' ' || q.id || ': position ' ||"
	    " coalesce(r.position, 'none') || ', its quote starts at ' ||"
	    " instr(s.text, q.quote)"
	    " FROM q JOIN sources s ON s.id = q.source_id"
	    " LEFT JOIN item_refs r ON r.resource = q.resource AND r.id = q.id"
	    " WHERE r.position IS NOT instr(s.text, q.quote)",
	    "item(s) placed elsewhere than their quote");
}

/*
 * Guards "located, not shared" (README.md): a location places a group
 * (people, villages, counties, ...) in a place, below the group's parent
 * (the parent holds the whole group; a location that were the parent or
 * above it would place nothing); and no funding record or partnership
 * lists a group it states beside a place the article states the group
 * lies in, as if that place were another recipient.
 */
static void
test_locations(void **state)
{
	expect_no_offence(*state,
	    "SELECT 'location of ' || l.entity_id || ' in ' || l.place_id ||"
	    " CASE WHEN g.kind NOT GLOB '*_group'"
	    "   THEN ': ' || g.id || ' is no group but a ' || g.kind"
	    "  WHEN NOT k.place THEN ': ' || l.place_id || ' is no place'"
	    "  ELSE ': not below the group''s parent, ' ||"
	    "   coalesce(g.parent, 'none') END"
	    " FROM entity_locations l JOIN entities g ON g.id = l.entity_id"
	    " JOIN entities p ON p.id = l.place_id"
	    " JOIN entity_kinds k ON k.value = p.kind"
	    " WHERE g.kind NOT GLOB '*_group' OR NOT k.place"
	    "  OR NOT EXISTS (SELECT 1 FROM entity_ancestors a"
	    "   WHERE a.entity_id = l.place_id AND a.ancestor_id = g.parent"
	    "   AND a.depth > 0)"
	    " UNION ALL"
	    " SELECT 'funding ' || x.funding_id || ': lists ' || x.entity_id ||"
	    " ' beside ' || y.entity_id || ', which the article places in it'"
	    " FROM funding_recipients x JOIN funding_recipients y"
	    "  ON y.funding_id = x.funding_id AND NOT y.inferred"
	    " JOIN entity_locations l ON l.entity_id = y.entity_id"
	    "  AND l.place_id = x.entity_id AND NOT l.inferred"
	    " UNION ALL"
	    " SELECT 'partnership ' || x.partnership_id || ': lists ' ||"
	    " x.entity_id || ' beside ' || y.entity_id ||"
	    " ', which the article places in it'"
	    " FROM partnership_parties x JOIN partnership_parties y"
	    "  ON y.partnership_id = x.partnership_id AND y.role = x.role"
	    " JOIN entity_locations l ON l.entity_id = y.entity_id"
	    "  AND l.place_id = x.entity_id AND NOT l.inferred",
	    "location(s) that do not hold");
}

/*
 * Guards "stated or read" (README.md): every funding record has a
 * recipient the article states; a record with a recipient or a
 * containment read from context says in its summary that it is read; and
 * no summary states a read containment as a fact ("Part of ...").
 */
static void
test_stated_or_read(void **state)
{
	expect_no_offence(*state,
	    "SELECT 'funding ' || f.id || CASE"
	    "  WHEN NOT EXISTS (SELECT 1 FROM funding_recipients r"
	    "   WHERE r.funding_id = f.id AND NOT r.inferred)"
	    "   THEN ': no recipient the article states'"
	    "  WHEN f.part_of_inferred AND (f.summary GLOB 'Part of *'"
	    "   OR f.summary GLOB '*[.;] Part of *')"
	    "   THEN ': its summary states as a fact a containment that is"
	    " read'"
	    "  ELSE ': a recipient or containment read from context that its"
	    " summary does not call read' END"
	    " FROM funding f"
	    " WHERE NOT EXISTS (SELECT 1 FROM funding_recipients r"
	    "   WHERE r.funding_id = f.id AND NOT r.inferred)"
	    "  OR (f.part_of_inferred AND (f.summary GLOB 'Part of *'"
	    "   OR f.summary GLOB '*[.;] Part of *'))"
	    "  OR ((f.part_of_inferred OR EXISTS (SELECT 1"
	    "   FROM funding_recipients r WHERE r.funding_id = f.id"
	    "   AND r.inferred))"
	    "   AND ' ' || lower(f.summary) || ' ' NOT GLOB "
	    "'*[^a-z]read[^a-z]*')",
	    "funding row(s) that state what is read");
}

/*
 * Guards one rule for inferred dates (README.md, "Dates"): a date is
 * stated when the quote of the thing dated gives it (its year, or the
 * decade; its month's name, where it has one) or points to a date the
 * article gives ("In the same year", "On that tour"); a partnership the
 * article tells as a decision or request "to establish" it is dated by
 * that decision, so its start is inferred; every other date is inferred.
 * A point (end = start) and the end of a decade need no words of their
 * own; an inferred date is not one its quote gives.
 */
static void
test_dates_by_rule(void **state)
{
	expect_no_offence(*state,
	    "WITH d (what, id, quote, sy, sm, si, ey, em, ei, ky, ki, decade,"
	    "  partnership) AS ("
	    " SELECT 'event', id, quote, start_year, start_month,"
	    "  start_inferred, end_year, end_month, end_inferred,"
	    "  known_until_year, known_until_inferred, precision = 'decade', 0"
	    "  FROM events"
	    " UNION ALL SELECT 'partnership', id, quote, start_year,"
	    "  start_month, start_inferred, end_year, end_month, end_inferred,"
	    "  known_until_year, known_until_inferred, 0, 1 FROM partnerships"
	    " UNION ALL SELECT 'funding', id, quote, start_year, start_month,"
	    "  start_inferred, end_year, end_month, end_inferred,"
	    "  known_until_year, known_until_inferred, 0, 0 FROM funding),"
	    " g AS (SELECT *,"
	    "  instr(quote, 'In the same year') > 0"
	    "   OR instr(quote, 'On that tour') > 0 AS refers,"
	    "  instr(quote, CAST(sy AS TEXT)) > 0 AS has_sy,"
	    "  sm IS NULL OR instr(quote, (SELECT name FROM months"
	    "   WHERE month = sm)) > 0 AS has_sm,"
	    "  partnership AND quote LIKE '%to establish%' AS decided,"
	    "  ey IS NOT NULL AND NOT decade AND (ey <> sy OR em IS NOT sm)"
	    "   AS span,"
	    "  instr(quote, CAST(ey AS TEXT)) > 0 AS has_ey FROM d)"
	    " SELECT what || ' ' || id || CASE"
	    "  WHEN decided AND NOT si THEN ': dated by a decision to establish"
	    " it, its start is inferred'"
	    "  WHEN NOT si AND NOT refers AND NOT (has_sy AND has_sm)"
	    "   THEN ': its start is stated, but its quote does not give it'"
	    "  WHEN si AND NOT decided AND (refers OR has_sy)"
	    "   THEN ': its start is inferred, but its quote gives it'"
	    "  WHEN span AND NOT ei AND NOT has_ey"
	    "   THEN ': its end is stated, but its quote does not give it'"
	    "  WHEN span AND ei AND has_ey"
	    "   THEN ': its end is inferred, but its quote gives it'"
	    "  ELSE ': its last attested date is stated, but its quote does"
	    " not give it' END"
	    " FROM g WHERE (decided AND NOT si)"
	    "  OR (NOT si AND NOT refers AND NOT (has_sy AND has_sm))"
	    "  OR (si AND NOT decided AND (refers OR has_sy))"
	    "  OR (span AND NOT ei AND NOT has_ey)"
	    "  OR (span AND ei AND has_ey)"
	    "  OR (ky IS NOT NULL AND NOT ki"
	    "   AND instr(quote, CAST(ky AS TEXT)) = 0)",
	    "date(s) against the rule for inferred dates");
}

/*
 * Guards ends (README.md, "Ends"): a thing is ongoing only where the
 * article says it goes on ("Since 2009 ... have established"), and its
 * summary says it goes on; one whose end the article does not give says
 * so ("gives no end") and is known only until a date within the article's
 * years (up to its publication).
 */
static void
test_ends(void **state)
{
	expect_no_offence(*state,
	    "WITH d (what, id, quote, summary, status, ky) AS ("
	    " SELECT 'event', id, quote, summary, end_status,"
	    "  known_until_year FROM events"
	    " UNION ALL SELECT 'partnership', id, quote, summary, end_status,"
	    "  known_until_year FROM partnerships"
	    " UNION ALL SELECT 'funding', id, quote, summary, end_status,"
	    "  known_until_year FROM funding)"
	    " SELECT what || ' ' || id || CASE"
	    "  WHEN status = 'ongoing' AND NOT (quote GLOB '*Since [12]*'"
	    "   AND (quote GLOB '* have *' OR quote GLOB '* has *'))"
	    "   THEN ': ongoing, but its quote does not say it goes on'"
	    "  WHEN status = 'ongoing' THEN ': ongoing, but its summary does"
	    " not say it goes on'"
	    "  WHEN instr(summary, 'gives no end') = 0"
	    "   THEN ': its end is unknown, but its summary does not say the"
	    " article gives no end'"
	    "  ELSE ': known until ' || ky || ', after the article''s date' END"
	    " FROM d WHERE (status = 'ongoing' AND (NOT (quote GLOB"
	    "   '*Since [12]*' AND (quote GLOB '* have *'"
	    "   OR quote GLOB '* has *')) OR instr(summary, 'going on') = 0))"
	    "  OR (status = 'unknown' AND (instr(summary, 'gives no end') = 0"
	    "   OR ky > (SELECT max(CAST(substr(published, 1, 4) AS INTEGER))"
	    "   FROM sources)))",
	    "end(s) the article does not tell so");
}

/* The texts a person reads: titles, summaries, purposes, notes, labels. */
#define PERSON_TEXTS                                                           \
	"WITH t (what, text) AS ("                                             \
	" SELECT 'event ' || id || ' title', title FROM events"                \
	" UNION ALL SELECT 'event ' || id || ' summary', summary FROM events"  \
	" UNION ALL SELECT 'partnership ' || id || ' summary', summary"        \
	"  FROM partnerships"                                                  \
	" UNION ALL SELECT 'funding ' || id || ' purpose', purpose"            \
	"  FROM funding"                                                       \
	" UNION ALL SELECT 'funding ' || id || ' summary', summary"            \
	"  FROM funding"                                                       \
	" UNION ALL SELECT 'entity ' || id || ' note', note FROM entities"     \
	"  WHERE note IS NOT NULL"                                             \
	" UNION ALL SELECT 'event ' || event_id || ' figure ' || position,"    \
	"  label FROM event_figures) "

/* Guards the texts a person reads: none names a field or a value of the
 * schema (a word with an underscore, "so donor_count is empty"). */
static void
test_texts_name_no_field(void **state)
{
	expect_no_offence(*state,
	    PERSON_TEXTS "SELECT what || ': names a field: \"' || text || '\"'"
			 " FROM t WHERE text GLOB '*[A-Za-z]_[A-Za-z]*'",
	    "text(s) for a person that name fields");
}

/*
 * Guards the wording against claims the article does not make: no text
 * a person reads holds a phrase of the list (tests/data/claims-not-made.tsv:
 * a header, then phrase<TAB>why, compared case for case), and the list is
 * well formed.
 */
static void
test_claims_not_made(void **state)
{
	struct fixture *f = *state;
	sqlite3_stmt *st = NULL;
	char *buf = NULL, *p, *eol, *tab;
	size_t len, line = 0;
	int bad = 0, err = 0, rc;

	if (slurp(f->not_claimed_path, &buf, &len) == -1 ||
	    (st = prepare(f->db,
		 PERSON_TEXTS "SELECT what, text FROM t"
			      " WHERE instr(text, ?1) > 0 ORDER BY 1")) ==
		NULL) {
		err = 1;
		goto out;
	}
	for (p = buf; *p != '\0'; p = eol) {
		line++;
		if ((eol = strchr(p, '\n')) != NULL)
			*eol++ = '\0';
		else
			eol = p + strlen(p);
		if (line == 1) {
			if (strcmp(p, "phrase\twhy") != 0) {
				print_error("%s:1: the header is not "
					    "\"phrase<TAB>why\"\n",
				    f->not_claimed_path);
				bad++;
			}
			continue;
		}
		if (*p == '\0')
			continue;
		if ((tab = strchr(p, '\t')) == NULL || tab == p ||
		    tab[1] == '\0' || strchr(tab + 1, '\t') != NULL) {
			print_error("%s:%zu: not a phrase and why it claims "
				    "more than the article\n",
			    f->not_claimed_path, line);
			bad++;
			continue;
		}
		*tab = '\0';
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, p, -1, SQLITE_TRANSIENT);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			print_error("%s says \"%s\": %s (\"%.*s%s\")\n",
			    col_text(st, 0), p, tab + 1,
			    clip(col_text(st, 1), CLIP), col_text(st, 1),
			    ellipsis(col_text(st, 1), CLIP));
			bad++;
		}
		if (step_end(f->db, rc) == -1)
			err = 1;
	}
	if (line < 2) {
		print_error("%s: no phrase\n", f->not_claimed_path);
		bad++;
	}
out:
	sqlite3_finalize(st);
	free(buf);
	verdict(bad, err, "claim(s) the article does not make");
}

static int
group_setup(void **state)
{
	struct fixture *f;
	sqlite3_stmt *st = NULL;
	const char *db = env_or("AID_DB", "build/aid.db");
	const char *src = env_or(
	    "AID_SOURCE_FILE", "db/source/shanghai-yunnan-partner-aid.txt");
	int rc = -1;

	f = xrealloc(NULL, 1, sizeof(*f));
	memset(f, 0, sizeof(*f));
	f->not_facts_path =
	    env_or("AID_NOT_FACTS", "tests/data/numerals-not-facts.tsv");
	f->not_claimed_path =
	    env_or("AID_NOT_CLAIMED", "tests/data/claims-not-made.tsv");
	if (sqlite3_open_v2(db, &f->db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		print_error("%s: %s\n", db, sqlite3_errmsg(f->db));
		goto out;
	}
	if ((st = prepare(f->db, "SELECT count(*) FROM sqlite_schema")) ==
		NULL ||
	    sqlite3_step(st) != SQLITE_ROW) {
		print_error(
		    "%s: not a database: %s\n", db, sqlite3_errmsg(f->db));
		goto out;
	}
	if (slurp(src, &f->article, &f->article_len) == -1)
		goto out;
	*state = f;
	f = NULL;
	rc = 0;
out:
	sqlite3_finalize(st);
	if (f != NULL) {
		sqlite3_close(f->db);
		free(f->article);
		free(f);
	}
	return rc;
}

static int
group_teardown(void **state)
{
	struct fixture *f = *state;

	if (f != NULL) {
		sqlite3_close(f->db);
		free(f->article);
		free(f);
	}
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_source_is_the_article),
		cmocka_unit_test(test_quotes_verbatim),
		cmocka_unit_test(test_numerals_accounted),
		cmocka_unit_test(test_not_facts_rows_used),
		cmocka_unit_test(test_ids_are_slugs),
		cmocka_unit_test(test_ids_unique),
		cmocka_unit_test(test_entity_names_unique),
		cmocka_unit_test(test_parents_exist),
		cmocka_unit_test(test_hierarchy_acyclic),
		cmocka_unit_test(test_kinds_nest),
		cmocka_unit_test(test_aliases_unambiguous),
		cmocka_unit_test(test_aliases_not_name),
		cmocka_unit_test(test_aliases_in_article),
		cmocka_unit_test(test_periods_ordered),
		cmocka_unit_test(test_event_precision),
		cmocka_unit_test(test_partnership_parties),
		cmocka_unit_test(test_funding_part_of),
		cmocka_unit_test(test_funding_part_of_acyclic),
		cmocka_unit_test(test_funding_cumulative),
		cmocka_unit_test(test_funding_bound),
		cmocka_unit_test(test_figures_valid),
		cmocka_unit_test(test_foreign_keys),
		cmocka_unit_test(test_funding_possibly_part_of),
		cmocka_unit_test(test_inferred_dates_explained),
		cmocka_unit_test(test_figures_part_of),
		cmocka_unit_test(test_sectors_by_rule),
		cmocka_unit_test(test_event_involvement),
		cmocka_unit_test(test_article_positions),
		cmocka_unit_test(test_locations),
		cmocka_unit_test(test_stated_or_read),
		cmocka_unit_test(test_dates_by_rule),
		cmocka_unit_test(test_ends),
		cmocka_unit_test(test_texts_name_no_field),
		cmocka_unit_test(test_claims_not_made),
	};

	return cmocka_run_group_tests_name(
	    "data", tests, group_setup, group_teardown);
}
