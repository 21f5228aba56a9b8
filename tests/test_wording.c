/*
 * The words a person reads (a data guard, harness_data.h): no title,
 * summary, purpose, note or label names a field of the schema, or makes
 * a claim the article does not make (tests/data/claims-not-made.tsv).
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
#include "harness_text.h"

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
	guard_query(state,
	    PERSON_TEXTS "SELECT what || ': names a field: \"' || text || '\"'"
			 " FROM t WHERE text GLOB '*[A-Za-z]_[A-Za-z]*'",
	    "text(s) for a person that name fields");
}

/* A phrase of the list (arg) in a text a person reads. */
static void
claim_row(struct guard *g, sqlite3_stmt *st, void *arg)
{
	const char *const *phrase = arg; /* the phrase, and why */

	guard_offence(g, "%s says \"%s\": %s (\"%.*s%s\")\n", data_col(st, 0),
	    phrase[0], phrase[1], txt_clip(data_col(st, 1), TXT_CLIP),
	    data_col(st, 1), txt_ellipsis(data_col(st, 1), TXT_CLIP));
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
	struct guard g = guard_begin(state);
	const char *path = g.f->not_claimed_path, *phrase[2];
	sqlite3_stmt *st = NULL;
	char *buf = NULL, *p, *eol, *tab;
	size_t len, line = 0;

	if (txt_slurp(path, &buf, &len) == -1) {
		g.err = 1;
		goto out;
	}
	if ((st = guard_prepare(&g,
		 PERSON_TEXTS "SELECT what, text FROM t"
			      " WHERE instr(text, ?1) > 0 ORDER BY 1")) == NULL)
		goto out;
	for (p = buf; *p != '\0'; p = eol) {
		line++;
		if ((eol = strchr(p, '\n')) != NULL)
			*eol++ = '\0';
		else
			eol = p + strlen(p);
		if (line == 1) {
			if (strcmp(p, "phrase\twhy") != 0)
				guard_offence(&g,
				    "%s:1: the header is not "
				    "\"phrase<TAB>why\"\n",
				    path);
			continue;
		}
		if (*p == '\0')
			continue;
		if ((tab = strchr(p, '\t')) == NULL || tab == p ||
		    tab[1] == '\0' || strchr(tab + 1, '\t') != NULL) {
			guard_offence(&g,
			    "%s:%zu: not a phrase and why it claims more than "
			    "the article\n",
			    path, line);
			continue;
		}
		*tab = '\0';
		phrase[0] = p;
		phrase[1] = tab + 1;
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, p, -1, SQLITE_TRANSIENT);
		guard_each(&g, st, claim_row, phrase);
	}
	if (line < 2)
		guard_offence(&g, "%s: no phrase\n", path);
out:
	sqlite3_finalize(st);
	free(buf);
	guard_end(&g, "claim(s) the article does not make");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_texts_name_no_field),
		cmocka_unit_test(test_claims_not_made),
	};

	return cmocka_run_group_tests_name(
	    "wording", tests, data_setup, data_teardown);
}
