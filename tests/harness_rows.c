/*
 * Rows of the store in memory (harness_rows.h): entities with their
 * parents, aliases, funding with its containers and recipients; and the
 * walk up either chain.
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
#include "harness_data.h"
#include "harness_rows.h"

void
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

size_t
entity_index(const struct entities *es, const char *id)
{
	size_t i;

	for (i = 0; i < es->n; i++)
		if (strcmp(es->v[i].id, id) == 0)
			return i;
	return NOPOS;
}

int
entities_load(struct guard *g, struct entities *es)
{
	sqlite3 *db = g->f->db;
	sqlite3_stmt *st = NULL;
	struct entity *e;
	size_t i, cap = 0;
	int rc, ret = -1;

	es->v = NULL;
	es->n = 0;
	if ((st = data_prepare(db,
		 "SELECT id, name, kind, side, parent"
		 " FROM entities ORDER BY id")) == NULL)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		es->v = data_grow(es->v, es->n, &cap, sizeof(*es->v));
		e = &es->v[es->n++];
		e->id = data_strdup(data_col(st, 0));
		e->name = data_strdup(data_col(st, 1));
		e->kind = data_strdup(data_col(st, 2));
		e->side = data_strdup(data_col(st, 3));
		e->parent = data_col_dup(st, 4);
		if (slug_write(e->name, e->slug, sizeof(e->slug)) == -1)
			e->slug[0] = '\0';
	}
	if (data_step_end(db, rc) == -1)
		goto out;
	for (i = 0; i < es->n; i++)
		es->v[i].up = es->v[i].parent == NULL
		    ? NOPOS
		    : entity_index(es, es->v[i].parent);
	ret = 0;
out:
	sqlite3_finalize(st);
	if (ret == -1) {
		entities_free(es);
		g->err = 1;
	}
	return ret;
}

int
entity_at_or_above(const struct entities *es, size_t a, size_t e)
{
	size_t steps;

	for (steps = 0; e != NOPOS && steps <= es->n; steps++) {
		if (e == a)
			return 1;
		e = es->v[e].up;
	}
	return 0;
}

void
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

int
aliases_load(struct guard *g, const struct entities *es, struct aliases *as)
{
	sqlite3 *db = g->f->db;
	sqlite3_stmt *st = NULL;
	struct alias *a;
	size_t cap = 0;
	int rc, ret = -1;

	as->v = NULL;
	as->n = 0;
	if ((st = data_prepare(db,
		 "SELECT entity_id, alias"
		 " FROM entity_aliases ORDER BY entity_id, position")) == NULL)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		as->v = data_grow(as->v, as->n, &cap, sizeof(*as->v));
		a = &as->v[as->n++];
		a->entity_id = data_strdup(data_col(st, 0));
		a->entity = entity_index(es, a->entity_id);
		a->alias = data_strdup(data_col(st, 1));
		if (slug_write(a->alias, a->slug, sizeof(a->slug)) == -1)
			a->slug[0] = '\0';
	}
	if (data_step_end(db, rc) == -1)
		goto out;
	ret = 0;
out:
	sqlite3_finalize(st);
	if (ret == -1) {
		aliases_free(as);
		g->err = 1;
	}
	return ret;
}

void
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

int
funds_load(struct guard *g, struct funds *fs)
{
	sqlite3 *db = g->f->db;
	sqlite3_stmt *st = NULL, *rs = NULL;
	struct fund *fd;
	size_t i, cap = 0, rcap;
	int rc, ret = -1;

	fs->v = NULL;
	fs->n = 0;
	if ((st = data_prepare(db,
		 "SELECT id, start_year, start_month,"
		 " end_year, end_month, cumulative, part_of, summary"
		 " FROM funding ORDER BY id")) == NULL)
		goto out;
	if ((rs = data_prepare(db,
		 "SELECT entity_id, inferred FROM funding_recipients"
		 " WHERE funding_id = ?1 ORDER BY position")) == NULL)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fs->v = data_grow(fs->v, fs->n, &cap, sizeof(*fs->v));
		fd = &fs->v[fs->n++];
		memset(fd, 0, sizeof(*fd));
		fd->id = data_strdup(data_col(st, 0));
		fd->sy = sqlite3_column_int(st, 1);
		fd->sm = sqlite3_column_int(st, 2);
		fd->has_end = sqlite3_column_type(st, 3) != SQLITE_NULL;
		fd->ey = sqlite3_column_int(st, 3);
		fd->em = sqlite3_column_int(st, 4);
		fd->cumulative = sqlite3_column_int(st, 5);
		fd->part_of = data_col_dup(st, 6);
		fd->summary = data_strdup(data_col(st, 7));
		rcap = 0;
		sqlite3_reset(rs);
		if (sqlite3_bind_text(rs, 1, fd->id, -1, SQLITE_STATIC) !=
		    SQLITE_OK) {
			print_error("bind: %s\n", sqlite3_errmsg(db));
			goto out;
		}
		while ((rc = sqlite3_step(rs)) == SQLITE_ROW) {
			size_t was = rcap;

			fd->rec = data_grow(
			    fd->rec, fd->nrec, &rcap, sizeof(*fd->rec));
			if (rcap != was)
				fd->rec_read = data_realloc(
				    fd->rec_read, rcap, sizeof(*fd->rec_read));
			fd->rec_read[fd->nrec] = sqlite3_column_int(rs, 1);
			fd->rec[fd->nrec++] = data_strdup(data_col(rs, 0));
		}
		if (data_step_end(db, rc) == -1)
			goto out;
	}
	if (data_step_end(db, rc) == -1)
		goto out;
	for (i = 0; i < fs->n; i++)
		fs->v[i].up = fs->v[i].part_of == NULL
		    ? NOPOS
		    : fund_index(fs, fs->v[i].part_of);
	ret = 0;
out:
	sqlite3_finalize(rs);
	sqlite3_finalize(st);
	if (ret == -1) {
		funds_free(fs);
		g->err = 1;
	}
	return ret;
}

long
fund_period_lo(const struct fund *fd)
{
	return (long)fd->sy * 12 + (fd->sm != 0 ? fd->sm - 1 : 0);
}

long
fund_period_hi(const struct fund *fd)
{
	if (!fd->has_end)
		return LONG_MAX;
	return (long)fd->ey * 12 + (fd->em != 0 ? fd->em - 1 : 11);
}

/*
 * Reports, as offences of g, each of the n items of set whose chain of
 * links up (up(set, i): the index of the item above item i, NOPOS at the
 * top) never reaches the top: "<kind> <id>: its <link> chain is a cycle".
 */
static void
report_cycles(struct guard *g, const void *set, size_t n,
    size_t (*up)(const void *, size_t), const char *(*id)(const void *, size_t),
    const char *kind, const char *link)
{
	size_t i, e, steps;

	for (i = 0; i < n; i++) {
		e = i;
		for (steps = 0; steps < n && up(set, e) != NOPOS; steps++)
			e = up(set, e);
		if (up(set, e) != NOPOS)
			guard_offence(g, "%s %s: its %s chain is a cycle\n",
			    kind, id(set, i), link);
	}
}

static size_t
entity_up_at(const void *set, size_t i)
{
	return ((const struct entities *)set)->v[i].up;
}

static const char *
entity_id_at(const void *set, size_t i)
{
	return ((const struct entities *)set)->v[i].id;
}

void
entities_cycles(struct guard *g, const struct entities *es)
{
	report_cycles(
	    g, es, es->n, entity_up_at, entity_id_at, "entity", "parent");
}

static size_t
fund_up_at(const void *set, size_t i)
{
	return ((const struct funds *)set)->v[i].up;
}

static const char *
fund_id_at(const void *set, size_t i)
{
	return ((const struct funds *)set)->v[i].id;
}

void
funds_cycles(struct guard *g, const struct funds *fs)
{
	report_cycles(
	    g, fs, fs->n, fund_up_at, fund_id_at, "funding", "part_of");
}
