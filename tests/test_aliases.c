/*
 * Ids, names and aliases: the keys of the store (a data guard,
 * harness_data.h). Every id is a slug, unique in its table; no two
 * entities share a name; an alias names one entity only, is not its own
 * entity's name, and is the article's own spelling.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness_data.h"
#include "harness_rows.h"
#include "harness_text.h"

/* Every id of the store, by the kind of row it names. */
#define IDS_SQL                                                                \
	"SELECT 'source' AS t, id FROM sources"                                \
	" UNION ALL SELECT 'entity', id FROM entities"                         \
	" UNION ALL SELECT 'partnership', id FROM partnerships"                \
	" UNION ALL SELECT 'funding', id FROM funding"                         \
	" UNION ALL SELECT 'event', id FROM events"

/* An id that is no slug. */
static void
id_row(struct guard *g, sqlite3_stmt *st, void *arg)
{
	(void)arg;
	if (!txt_is_slug(data_col(st, 1)))
		guard_offence(g,
		    "%s \"%s\": id is not a slug ([a-z0-9] words joined by "
		    "single '-')\n",
		    data_col(st, 0), data_col(st, 1));
}

/* Guards the URLs: every id is a lowercase slug. */
static void
test_ids_are_slugs(void **state)
{
	guard_run(state, IDS_SQL, id_row, "id(s) not a slug");
}

/* An id two rows of one table share. */
static void
duplicate_row(struct guard *g, sqlite3_stmt *st, void *arg)
{
	(void)arg;
	guard_offence(g, "%s %s: id used by %d rows\n", data_col(st, 0),
	    data_col(st, 1), sqlite3_column_int(st, 2));
}

/* Guards /{collection}/{id}: no id names two rows of one table. */
static void
test_ids_unique(void **state)
{
	guard_run(state,
	    "SELECT t, id, count(*) FROM (" IDS_SQL ")"
	    " GROUP BY t, id HAVING count(*) > 1 ORDER BY t, id",
	    duplicate_row, "duplicate id(s)");
}

/* Guards entity lookup by name: no two entities share a name (by slug). */
static void
test_entity_names_unique(void **state)
{
	struct guard g = guard_begin(state);
	struct entities es = { NULL, 0 };
	size_t i, j;

	if (entities_load(&g, &es) == -1)
		goto out;
	for (i = 0; i < es.n; i++) {
		if (es.v[i].slug[0] == '\0') {
			guard_offence(&g,
			    "entity %s: name \"%s\" has no slug\n", es.v[i].id,
			    es.v[i].name);
			continue;
		}
		for (j = i + 1; j < es.n; j++)
			if (strcmp(es.v[i].slug, es.v[j].slug) == 0)
				guard_offence(&g,
				    "entity %s and entity %s share the name "
				    "\"%s\" / \"%s\"\n",
				    es.v[i].id, es.v[j].id, es.v[i].name,
				    es.v[j].name);
	}
out:
	entities_free(&es);
	guard_end(&g, "entity name(s) shared");
}

/*
 * Guards GET /entities/{alias}: an alias names one entity only, its slug
 * being no other entity's id, name or alias.
 */
static void
test_aliases_unambiguous(void **state)
{
	struct guard g = guard_begin(state);
	struct entities es = { NULL, 0 };
	struct aliases as = { NULL, 0 };
	const struct alias *a, *b;
	size_t i, j;

	if (entities_load(&g, &es) == -1 || aliases_load(&g, &es, &as) == -1)
		goto out;
	for (i = 0; i < as.n; i++) {
		a = &as.v[i];
		if (a->slug[0] == '\0') {
			guard_offence(&g, "alias \"%s\" of %s has no slug\n",
			    a->alias, a->entity_id);
			continue;
		}
		for (j = 0; j < es.n; j++) {
			if (strcmp(es.v[j].id, a->entity_id) == 0)
				continue;
			if (strcmp(a->slug, es.v[j].id) == 0 ||
			    strcmp(a->slug, es.v[j].slug) == 0)
				guard_offence(&g,
				    "alias \"%s\" of %s also names entity %s "
				    "(\"%s\")\n",
				    a->alias, a->entity_id, es.v[j].id,
				    es.v[j].name);
		}
		for (j = 0; j < as.n; j++) {
			b = &as.v[j];
			if (strcmp(b->entity_id, a->entity_id) != 0 &&
			    strcmp(a->slug, b->slug) == 0)
				guard_offence(&g,
				    "alias \"%s\" of %s is also alias \"%s\" "
				    "of "
				    "%s\n",
				    a->alias, a->entity_id, b->alias,
				    b->entity_id);
		}
	}
out:
	aliases_free(&as);
	entities_free(&es);
	guard_end(&g, "ambiguous alias(es)");
}

/* Guards aliases from redundancy: none is its own entity's name in any
 * case (a spelling that differs only in punctuation, such as "Puer City"
 * for "Pu'er City", is the article's own and stays). */
static void
test_aliases_not_name(void **state)
{
	struct guard g = guard_begin(state);
	struct entities es = { NULL, 0 };
	struct aliases as = { NULL, 0 };
	const struct alias *a;
	size_t i;

	if (entities_load(&g, &es) == -1 || aliases_load(&g, &es, &as) == -1)
		goto out;
	for (i = 0; i < as.n; i++) {
		a = &as.v[i];
		if (a->entity == NOPOS)
			guard_offence(&g,
			    "alias \"%s\": entity %s does not exist\n",
			    a->alias, a->entity_id);
		else if (strcasecmp(a->alias, es.v[a->entity].name) == 0)
			guard_offence(&g,
			    "alias \"%s\" of %s is its name \"%s\"\n", a->alias,
			    a->entity_id, es.v[a->entity].name);
	}
out:
	aliases_free(&as);
	entities_free(&es);
	guard_end(&g, "alias(es) equal to their entity's name");
}

/* Guards aliases as the article's own spellings: each occurs in it. */
static void
test_aliases_in_article(void **state)
{
	struct guard g = guard_begin(state);
	struct entities es = { NULL, 0 };
	struct aliases as = { NULL, 0 };
	const struct alias *a;
	size_t i;

	if (entities_load(&g, &es) == -1 || aliases_load(&g, &es, &as) == -1)
		goto out;
	for (i = 0; i < as.n; i++) {
		a = &as.v[i];
		if (txt_find(g.f->article, g.f->article_len, a->alias,
			strlen(a->alias), 0) == NOPOS)
			guard_offence(&g,
			    "alias \"%s\" of %s does not occur in the "
			    "article\n",
			    a->alias, a->entity_id);
	}
out:
	aliases_free(&as);
	entities_free(&es);
	guard_end(&g, "alias(es) not in the article");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_are_slugs),
		cmocka_unit_test(test_ids_unique),
		cmocka_unit_test(test_entity_names_unique),
		cmocka_unit_test(test_aliases_unambiguous),
		cmocka_unit_test(test_aliases_not_name),
		cmocka_unit_test(test_aliases_in_article),
	};

	return cmocka_run_group_tests_name(
	    "aliases", tests, data_setup, data_teardown);
}
