/*
 * The hierarchy of entities and the references between rows (a data
 * guard, harness_data.h): every parent exists, no chain of parents is a
 * cycle, kinds nest as places do, a group is located below its parent and
 * never listed beside the places it lies in, and every foreign key holds.
 */
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
#include "harness_rows.h"
#include "harness_text.h"

/* Guards the hierarchy's links: every parent is an entity. */
static void
test_parents_exist(void **state)
{
	struct guard g = guard_begin(state);
	struct entities es = { NULL, 0 };
	size_t i;

	if (entities_load(&g, &es) == -1)
		goto out;
	for (i = 0; i < es.n; i++)
		if (es.v[i].parent != NULL && es.v[i].up == NOPOS)
			guard_offence(&g,
			    "entity %s: parent \"%s\" does not exist\n",
			    es.v[i].id, es.v[i].parent);
out:
	entities_free(&es);
	guard_end(&g, "missing parent(s)");
}

/* Guards "everything below" filters: the hierarchy has no cycle. */
static void
test_hierarchy_acyclic(void **state)
{
	struct guard g = guard_begin(state);
	struct entities es = { NULL, 0 };

	if (entities_load(&g, &es) == 0)
		entities_cycles(&g, &es);
	entities_free(&es);
	guard_end(&g, "entit(ies) in a parent cycle");
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
	struct guard g = guard_begin(state);
	struct entities es = { NULL, 0 };
	size_t i, k, e, steps, sh = NOPOS;
	int nsh = 0, place, reached;

	if (entities_load(&g, &es) == -1)
		goto out;
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
		if (!reached)
			guard_offence(&g,
			    "entity %s (%s): its parent chain reaches no "
			    "province or municipality\n",
			    es.v[i].id, es.v[i].kind);
		if (strcmp(es.v[i].kind, "district") != 0 ||
		    strcmp(es.v[i].side, "shanghai") != 0)
			continue;
		if (nsh != 1)
			guard_offence(&g,
			    "entity %s: a district of Shanghai, but there are "
			    "%d Shanghai municipalities\n",
			    es.v[i].id, nsh);
		else if (es.v[i].up != sh)
			guard_offence(&g,
			    "entity %s: a district of Shanghai whose parent is "
			    "%s, not %s\n",
			    es.v[i].id,
			    es.v[i].parent == NULL ? "(none)" : es.v[i].parent,
			    es.v[sh].id);
	}
out:
	entities_free(&es);
	guard_end(&g, "entit(ies) nested against their kind");
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
	guard_query(state,
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

	if ((pk = data_prepare(db,
		 "SELECT name FROM pragma_table_info(?1)"
		 " WHERE pk > 0 ORDER BY pk")) == NULL)
		goto out;
	if (sqlite3_bind_text(pk, 1, table, -1, SQLITE_STATIC) != SQLITE_OK)
		goto out;
	q = sqlite3_str_new(db);
	sqlite3_str_appendf(q, "SELECT \"%w\"", from);
	while ((rc = sqlite3_step(pk)) == SQLITE_ROW)
		sqlite3_str_appendf(q, ", \"%w\"", data_col(pk, 0));
	sqlite3_str_appendf(q,
	    " FROM \"%w\" WHERE \"%w\" IS NOT NULL"
	    " AND \"%w\" NOT IN (SELECT \"%w\" FROM \"%w\")",
	    table, from, from, to, parent);
	sql = sqlite3_str_finish(q);
	if (data_step_end(db, rc) == -1 || sql == NULL ||
	    (st = data_prepare(db, sql)) == NULL)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		key[0] = '\0';
		for (i = 1, k = 0;
		     i < sqlite3_column_count(st) && k < sizeof(key); i++)
			k += (size_t)snprintf(key + k, sizeof(key) - k,
			    "%s%s=%.*s", i > 1 ? ", " : "",
			    sqlite3_column_name(st, i),
			    txt_clip(data_col(st, i), 100), data_col(st, i));
		print_error("%s (%s): %s \"%.*s\" is no %s.%s\n", table, key,
		    from, txt_clip(data_col(st, 0), 100), data_col(st, 0),
		    parent, to);
	}
	if (data_step_end(db, rc) == -1)
		goto out;
	ret = 0;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(pk);
	sqlite3_free(sql);
	return ret;
}

/* A group of rows of one table that reference missing rows of another
 * (pragma_foreign_key_check), each counted and named by print_dangling()
 * through the foreign key's columns (arg: its query). */
static void
dangling_row(struct guard *g, sqlite3_stmt *st, void *arg)
{
	sqlite3_stmt *fk = arg;
	int rk, named = 0;

	g->bad += sqlite3_column_int(st, 3);
	sqlite3_reset(fk);
	sqlite3_bind_text(fk, 1, data_col(st, 0), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(fk, 2, sqlite3_column_int(st, 2));
	while ((rk = sqlite3_step(fk)) == SQLITE_ROW)
		if (sqlite3_column_type(fk, 1) != SQLITE_NULL &&
		    print_dangling(g->f->db, data_col(st, 0), data_col(fk, 0),
			data_col(st, 1), data_col(fk, 1)) == 0)
			named = 1;
	if (data_step_end(g->f->db, rk) == -1)
		g->err = 1;
	if (!named)
		print_error("%s: %d row(s) reference missing rows of %s\n",
		    data_col(st, 0), sqlite3_column_int(st, 3),
		    data_col(st, 1));
}

/*
 * Guards references: every row's entities, sources and other rows exist
 * (PRAGMA foreign_key_check finds nothing).
 */
static void
test_foreign_keys(void **state)
{
	struct guard g = guard_begin(state);
	sqlite3_stmt *st, *fk = NULL;

	st = guard_prepare(&g,
	    "SELECT \"table\", parent, fkid, count(*)"
	    " FROM pragma_foreign_key_check GROUP BY 1, 2, 3");
	if (st != NULL &&
	    (fk = guard_prepare(&g,
		 "SELECT \"from\", \"to\""
		 " FROM pragma_foreign_key_list(?1) WHERE id = ?2")) != NULL)
		guard_each(&g, st, dangling_row, fk);
	sqlite3_finalize(fk);
	sqlite3_finalize(st);
	guard_end(&g, "row(s) referencing rows that do not exist");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parents_exist),
		cmocka_unit_test(test_hierarchy_acyclic),
		cmocka_unit_test(test_kinds_nest),
		cmocka_unit_test(test_locations),
		cmocka_unit_test(test_foreign_keys),
	};

	return cmocka_run_group_tests_name(
	    "hierarchy", tests, data_setup, data_teardown);
}
