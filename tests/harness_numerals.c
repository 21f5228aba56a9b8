/*
 * The article's numerals (harness_numerals.h): the scanner, the list of
 * numerals that are not facts, and the claims of the fact rows.
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

#include "harness_data.h"
#include "harness_numerals.h"
#include "harness_text.h"

static size_t
digits_end(const char *t, size_t i)
{
	while (txt_is_digit(t[i]))
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

	return strncmp(t + i, w, n) == 0 && !txt_is_alpha(t[i + n]);
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
	if (t[e] == '-' && txt_is_digit(t[e + 1])) {
		e2 = digits_end(t, e + 1);
		if (t[e2] == '-' && txt_is_digit(t[e2 + 1])) {
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
	if (t[e] == '+' && txt_is_digit(t[e + 1])) {
		nm->kind = NUM_COMPOUND;
		nm->exact = 1;
		nm->parts[nm->nparts++] = digits_value(t, i, e, &frac);
		while (t[e] == '+' && txt_is_digit(t[e + 1])) {
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
	while (t[e] == ',' && txt_is_digit(t[e + 1]) &&
	    txt_is_digit(t[e + 2]) && txt_is_digit(t[e + 3]) &&
	    !txt_is_digit(t[e + 4]))
		e += 4;
	if (t[e] == '.' && txt_is_digit(t[e + 1]))
		e = digits_end(t, e + 1);
	m = digits_value(t, i, e, &frac);
	nm->kind = NUM_NUMBER;
	nm->len = e - i;
	nm->span = nm->len;
	if (t[e] == 's' && !txt_is_alpha(t[e + 1])) {
		nm->kind = NUM_DECADE;
		nm->len = nm->span = nm->len + 1;
	} else if ((strncmp(t + e, "st", 2) == 0 ||
		       strncmp(t + e, "nd", 2) == 0 ||
		       strncmp(t + e, "rd", 2) == 0 ||
		       strncmp(t + e, "th", 2) == 0) &&
	    !txt_is_alpha(t[e + 2])) {
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

struct numeral *
numerals_scan(const char *t, size_t n, size_t *count)
{
	struct numeral *v = NULL;
	size_t i = 0, k = 0, cap = 0;

	while (i < n) {
		if (!txt_is_digit(t[i]) || (i > 0 && txt_is_digit(t[i - 1]))) {
			i++;
			continue;
		}
		v = data_grow(v, k, &cap, sizeof(*v));
		i = numeral_at(t, i, &v[k++]);
	}
	*count = k;
	return v;
}

void
notfacts_free(struct notfacts *nf)
{
	free(nf->v);
	free(nf->buf);
	memset(nf, 0, sizeof(*nf));
}

int
notfacts_load(struct guard *g, struct notfacts *nf, int loud)
{
	const char *path = g->f->not_facts_path;
	char *p, *eol, *t1, *t2;
	size_t len, line = 0, cap = 0;

	memset(nf, 0, sizeof(*nf));
	if (txt_slurp(path, &nf->buf, &len) == -1) {
		g->err = 1;
		return -1;
	}
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
		nf->v = data_grow(nf->v, nf->n, &cap, sizeof(*nf->v));
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

int
notfact_covers(
    const struct notfact *r, const char *t, size_t n, const struct numeral *nm)
{
	size_t nl = strlen(r->numeral), cl = strlen(r->context), pos;

	if (!(nl == nm->len && memcmp(t + nm->off, r->numeral, nl) == 0) &&
	    !(nl == nm->span && memcmp(t + nm->off, r->numeral, nl) == 0))
		return 0;
	for (pos = txt_find(t, n, r->context, cl, 0); pos != NOPOS;
	     pos = txt_find(t, n, r->context, cl, pos + 1))
		if (pos <= nm->off && nm->off + nm->len <= pos + cl)
			return 1;
	return 0;
}

void
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

int
claims_load(struct guard *g, struct claims *cl)
{
	sqlite3_stmt *st = NULL;
	struct claim *c;
	char what[1024];
	size_t cap = 0, vcap = 0;
	int rc, ret = -1;

	cl->v = NULL;
	cl->n = 0;
	if ((st = data_prepare(g->f->db, claims_sql)) == NULL)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(what, sizeof(what), "%s %s", data_col(st, 0),
		    data_col(st, 1));
		if (cl->n == 0 || strcmp(cl->v[cl->n - 1].what, what) != 0) {
			cl->v = data_grow(cl->v, cl->n, &cap, sizeof(*cl->v));
			c = &cl->v[cl->n++];
			memset(c, 0, sizeof(*c));
			c->what = data_strdup(what);
			c->quote = data_strdup(data_col(st, 2));
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
		    data_grow(c->values, c->nvalues, &vcap, sizeof(*c->values));
		c->values[c->nvalues++] = sqlite3_column_int64(st, 4);
	}
	if (data_step_end(g->f->db, rc) == -1)
		goto out;
	ret = 0;
out:
	sqlite3_finalize(st);
	if (ret == -1) {
		claims_free(cl);
		g->err = 1;
	}
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

int
claim_covers(
    const struct claim *c, const char *t, size_t n, const struct numeral *nm)
{
	size_t pos;

	if (!claim_states(c, nm))
		return 0;
	for (pos = txt_find(t, n, c->quote, c->qlen, 0); pos != NOPOS;
	     pos = txt_find(t, n, c->quote, c->qlen, pos + 1))
		if (pos <= nm->off && nm->off + nm->span <= pos + c->qlen)
			return 1;
	return 0;
}
