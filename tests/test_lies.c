/*
 * A database that lies is refused. Each case is a copy of the real
 * database ($AID_DB, else build/aid.db) changed by SQL (its CHECK
 * constraints and foreign keys set aside, as a tool that writes the file
 * could), or a page of its file overwritten: a document with a NUL byte,
 * one cut short, {}, one of another id or address, one that is not JSON,
 * one with a member without its value, a row of a collection without its
 * document or its name, a missing table, a fact without its source or
 * citing none, a source without its title, a reference to no entity or
 * no funding record, an empty enumeration, no dataset version, what the
 * dataset is (its name, title, author, description, the date of its
 * data) missing or a date that is none. Each must be refused where the
 * check lives (store_open, dataset_load, or the service as start-up opens
 * it) with a reason naming the table and the id, and by the real binary
 * ($AID_BIN, else build/aid-api): exit 1 and that one line on stderr,
 * never a server that starts and serves the lie.
 *
 * (tests/test_truths.c: copies that do not lie, served as they are.)
 *
 * What is checked at load: db/load.c (every row of a collection has its
 * document and its name; each document is the compact JSON object of its
 * own id and address, db/scan.c; every enumeration has values; every
 * reference names an item that is there, db/relations.c), the views
 * (handlers/view.c: every document is JSON) and the citations
 * (handlers/citation.c: every fact quotes one of the sources).
 */
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "harness.h"
#include "harness_chaos.h"
#include "harness_proc.h"

static char dir[] = "/tmp/aid-lies-XXXXXX";

/* Where the check that refuses a lie lives. */
enum where {
	STORE,	 /* store_open */
	LOAD,	 /* dataset_load */
	SERVICE, /* service_open: the handlers' state, or the meta table */
};

struct lie {
	const char *name;
	const char *sql; /* on the copy (?1: the id below); NULL: junk over a
			  * page of the file */
	const char *id_query; /* the id the lie is about, or NULL; for junk,
			       * the number of the page it goes over */
	enum where where;
	const char *want[3]; /* what the reason must name besides the id */
	int not_the_row;     /* it names what the row refers to, not the row */
};

#define FIRST_EVENT   "SELECT min(id) FROM events"
#define FIRST_ENTITY  "SELECT min(id) FROM entities"
#define FIRST_FUNDING "SELECT min(id) FROM funding"
#define EVENT_DOC                                                              \
	"UPDATE documents SET doc = %s WHERE resource = 'events' AND id = ?1"

static const struct lie lies[] = {
	{ "a NUL byte in a document",
	    "UPDATE documents SET doc = substr(doc, 1, 30) || char(0) || "
	    "substr(doc, 31) WHERE resource = 'events' AND id = ?1",
	    FIRST_EVENT, LOAD, { "events/", "compact JSON object" }, 0 },
	{ "a document cut short",
	    "UPDATE documents SET doc = substr(doc, 1, length(doc) / 2) "
	    "WHERE resource = 'events' AND id = ?1",
	    FIRST_EVENT, LOAD, { "events/", "compact JSON object" }, 0 },
	{ "an empty object",
	    "UPDATE documents SET doc = '{}' WHERE "
	    "resource = 'events' AND id = ?1",
	    FIRST_EVENT, LOAD, { "events/", "not the object of that id" }, 0 },
	{ "a document of another id",
	    "UPDATE documents SET doc = replace(doc, '\"id\":\"' || ?1 || "
	    "'\"', '\"id\":\"' || ?1 || '-not\"') WHERE resource = 'events' "
	    "AND id = ?1",
	    FIRST_EVENT, LOAD, { "events/", "not the object of that id" }, 0 },
	{ "a document of another address",
	    "UPDATE documents SET doc = replace(doc, '\"href\":\"/api/v1/"
	    "events/' || ?1 || '\"', '\"href\":\"/api/v1/events/other\"') "
	    "WHERE resource = 'events' AND id = ?1",
	    FIRST_EVENT, LOAD, { "events/", "not the object of that id" }, 0 },
	{ "a document that is not JSON",
	    "UPDATE documents SET doc = '{\"id\":\"' || ?1 || '\",\"href\":"
	    "\"/api/v1/events/' || ?1 || '\",\"start\":tru}' WHERE "
	    "resource = 'events' AND id = ?1",
	    FIRST_EVENT, SERVICE, { "events/", "not JSON" }, 0 },
	{ "a member without its value",
	    "UPDATE documents SET doc = '{\"id\":\"' || ?1 || '\",\"href\":"
	    "\"/api/v1/events/' || ?1 || '\",\"start\":,\"end\":null}' "
	    "WHERE resource = 'events' AND id = ?1",
	    FIRST_EVENT, LOAD, { "events/", "compact JSON object" }, 0 },
	{ "a row without its document",
	    "DELETE FROM documents WHERE resource = 'events' AND id = ?1",
	    FIRST_EVENT, LOAD, { "events/", "has no document" }, 0 },
	{ "a row without its name",
	    "DELETE FROM item_refs WHERE resource = 'events' AND id = ?1",
	    FIRST_EVENT, LOAD, { "events/", "item_refs" }, 0 },
	{ "a missing table", "DROP TABLE events", NULL, LOAD,
	    { "events", "no such table" }, 0 },
	{ "a page of the documents overwritten", NULL,
	    "SELECT max(pageno) FROM dbstat WHERE name = 'documents' AND "
	    "pagetype = 'leaf'",
	    STORE, { "is corrupt", "Page" }, 1 },
	{ "a page of the schema overwritten", NULL,
	    "SELECT max(pageno) FROM dbstat WHERE name = 'sqlite_schema'",
	    STORE, { "is corrupt" }, 1 },
	{ "a missing table the store prepares", "DROP TABLE sources", NULL,
	    STORE, { "sources", "expected schema" }, 0 },
	{ "a fact without its source",
	    "UPDATE documents SET doc = json_remove(doc, '$.source') WHERE "
	    "resource = 'events' AND id = ?1",
	    FIRST_EVENT, SERVICE, { "events/", "source" }, 0 },
	{ "a fact citing none of the sources",
	    "UPDATE documents SET doc = json_set(doc, '$.source.id', "
	    "'no-such-source') WHERE resource = 'events' AND id = ?1",
	    FIRST_EVENT, SERVICE, { "events/", "none of the sources" }, 0 },
	{ "a key naming no entity",
	    "UPDATE entity_keys SET entity_id = 'no-such-entity' WHERE key = "
	    "?1",
	    "SELECT min(key) FROM entity_keys", LOAD,
	    { "entity_keys/", "'no-such-entity'" }, 0 },
	{ "a recipient naming no entity",
	    "UPDATE funding_recipients SET entity_id = 'no-such-entity' "
	    "WHERE funding_id = ?1 AND position = (SELECT min(position) FROM "
	    "funding_recipients WHERE funding_id = ?1)",
	    "SELECT min(funding_id) FROM funding_recipients", LOAD,
	    { "funding/", "'no-such-entity'" }, 0 },
	{ "a parent naming no entity",
	    "UPDATE entities SET parent = 'no-such-entity' WHERE id = ?1",
	    FIRST_ENTITY, LOAD, { "entities/", "'no-such-entity'" }, 0 },
	{ "a donor naming no entity",
	    "UPDATE funding SET donor = 'no-such-entity' WHERE id = ?1",
	    FIRST_FUNDING, LOAD, { "funding/", "'no-such-entity'" }, 0 },
	{ "a container naming no funding record",
	    "UPDATE funding SET part_of = 'no-such-funding' WHERE id = ?1",
	    FIRST_FUNDING, LOAD, { "funding", "'no-such-funding'" }, 1 },
	{ "a possible container naming no funding record",
	    "UPDATE funding SET possibly_part_of = 'no-such-funding' WHERE "
	    "id = ?1",
	    FIRST_FUNDING, LOAD, { "funding", "'no-such-funding'" }, 1 },
	{ "a recipient of no funding record",
	    "UPDATE funding_recipients SET funding_id = 'no-such-funding' "
	    "WHERE funding_id = ?1",
	    FIRST_FUNDING, LOAD, { "funding", "'no-such-funding'" }, 1 },
	{ "an ancestor naming no entity",
	    "UPDATE entity_ancestors SET ancestor_id = 'no-such-entity' WHERE "
	    "entity_id = ?1 AND ancestor_id = ?1",
	    FIRST_ENTITY, LOAD, { "entity_ancestors", "'no-such-entity'" }, 1 },
	{ "a place naming no entity",
	    "UPDATE entity_locations SET place_id = 'no-such-entity' WHERE "
	    "entity_id = ?1 AND position = (SELECT min(position) FROM "
	    "entity_locations WHERE entity_id = ?1)",
	    "SELECT min(entity_id) FROM entity_locations", LOAD,
	    { "entities/", "'no-such-entity'" }, 0 },
	{ "a source without its title",
	    "UPDATE documents SET doc = json_remove(doc, '$.title') WHERE "
	    "resource = 'sources' AND id = ?1",
	    "SELECT min(id) FROM sources", SERVICE, { "sources/", "title" },
	    0 },
	{ "a date of the data that is none",
	    "UPDATE meta SET value = 'soon' WHERE key = 'data_modified'", NULL,
	    SERVICE, { "data_modified", "'soon' is not a date" }, 0 },
	{ "an empty enumeration", "DELETE FROM sides", NULL, LOAD,
	    { "sides", "empty" }, 0 },
	{ "no dataset version",
	    "DELETE FROM meta WHERE key = 'dataset_version'", NULL, SERVICE,
	    { "meta", "dataset version" }, 0 },
	{ "the dataset's name missing", "DELETE FROM about WHERE key = 'name'",
	    NULL, SERVICE, { "about", "rebuild" }, 0 },
	{ "the dataset's author missing",
	    "DELETE FROM about WHERE key = 'author'", NULL, SERVICE,
	    { "about", "rebuild" }, 0 },
	{ "the dataset's description missing",
	    "DELETE FROM about WHERE key = 'description'", NULL, SERVICE,
	    { "about", "rebuild" }, 0 },
	{ "the date of the data missing",
	    "DELETE FROM meta WHERE key = 'data_modified'", NULL, SERVICE,
	    { "data_modified", "rebuild" }, 0 },
	{ "the dataset's title missing",
	    "DELETE FROM about WHERE key = "
	    "'title'",
	    NULL, SERVICE, { "about", "rebuild" }, 0 },
};

#define NLIES (sizeof(lies) / sizeof(lies[0]))

/* The id of each lie (from the real database), and its copy's path. */
static char ids[NLIES][128];
static char paths[NLIES][256];

/* Makes the copy of lie i: the real database with its SQL run. */
static void
make_lie(size_t i)
{
	const struct lie *l = &lies[i];
	sqlite3 *db;
	sqlite3_stmt *st;

	snprintf(paths[i], sizeof(paths[i]), "%s/lie-%zu.db", dir, i);
	chaos_db_copy(paths[i]);
	if (l->sql == NULL) { /* junk over the page the query names */
		FILE *f = fopen(paths[i], "r+b");
		char page[32], size[32], junk[65536];
		long n;

		chaos_db_text(l->id_query, page, sizeof(page));
		chaos_db_text("PRAGMA page_size", size, sizeof(size));
		n = atol(size);
		assert_true(atol(page) > 1 && n > 0 && n <= (long)sizeof(junk));
		memset(junk, 0x5a, (size_t)n);
		assert_non_null(f);
		assert_int_equal(fseek(f, (atol(page) - 1) * n, SEEK_SET), 0);
		assert_int_equal(fwrite(junk, 1, (size_t)n, f), (size_t)n);
		assert_int_equal(fclose(f), 0);
		return;
	}
	assert_int_equal(sqlite3_open(paths[i], &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
			     "PRAGMA ignore_check_constraints = ON; "
			     "PRAGMA foreign_keys = OFF",
			     NULL, NULL, NULL),
	    SQLITE_OK);
	if (l->id_query != NULL)
		chaos_db_text(l->id_query, ids[i], sizeof(ids[i]));
	if (sqlite3_prepare_v2(db, l->sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", l->name, sqlite3_errmsg(db));
	if (l->id_query != NULL)
		sqlite3_bind_text(st, 1, ids[i], -1, SQLITE_STATIC);
	check(sqlite3_step(st) == SQLITE_DONE &&
		(sqlite3_changes(db) > 0 || l->id_query == NULL),
	    "%s: the lie was not made: %s", l->name, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

/* Fails unless why (one line) names what lie i is about. */
static void
expect_named(size_t i, const char *where, const char *why)
{
	const struct lie *l = &lies[i];

	check(why != NULL && *why != '\0' && strchr(why, '\n') == NULL,
	    "%s: %s gave no one-line reason: '%s'", l->name, where,
	    why != NULL ? why : "(none)");
	check(
	    ids[i][0] == '\0' || l->not_the_row || strstr(why, ids[i]) != NULL,
	    "%s: %s's reason does not name %s: %s", l->name, where, ids[i],
	    why);
	for (size_t k = 0; k < 3 && l->want[k] != NULL; k++)
		check(strstr(why, l->want[k]) != NULL,
		    "%s: %s's reason does not say '%s': %s", l->name, where,
		    l->want[k], why);
}

/* Refused in process: by the function that checks it, then by the
 * service as start-up opens it (one line on stderr). */
static void
refused_in_process(size_t i)
{
	const struct lie *l = &lies[i];
	char err[512] = "", *said;
	struct store *s = store_open(paths[i], err, sizeof(err));
	struct service svc;
	struct config cfg;
	size_t n;

	if (l->where == STORE) {
		check(s == NULL, "%s: store_open takes it", l->name);
		expect_named(i, "store_open", err);
	} else {
		check(s != NULL, "%s: store_open refuses it: %s", l->name, err);
	}
	if (s != NULL && l->where == LOAD) {
		struct dataset *ds = dataset_load(s, err, sizeof(err));

		check(ds == NULL, "%s: dataset_load takes it", l->name);
		expect_named(i, "dataset_load", err);
	}
	store_close(s);
	harness_config(&cfg);
	cfg.db = paths[i];
	capture_stderr();
	check(service_open(&svc, &cfg, &aid_app) != 0,
	    "%s: the service starts on it", l->name);
	said = release_stderr();
	n = strlen(said);
	check(n > 0 && said[n - 1] == '\n', "%s: the service said '%s'",
	    l->name, said);
	said[n - 1] = '\0';
	expect_named(i, "service_open", said);
	free(said);
}

/* Refused by the real binary: exit 1 and one line naming it. */
static void
refused_by_binary(size_t i)
{
	const char *args[] = { "--port", "0", "--db", paths[i], NULL };
	char *said = proc_refusal(args, 1);

	check(strncmp(said, "aid-api: ", 9) == 0, "%s: the binary said '%s'",
	    lies[i].name, said);
	expect_named(i, "the binary", said);
	free(said);
}

/* The real database itself is taken: what refuses the lies is the lie. */
static void
test_truth_taken(void **state)
{
	char err[512];
	struct store *s = store_open(harness_db(), err, sizeof(err));
	struct dataset *ds;

	(void)state;
	check(s != NULL, "the real database is refused: %s", err);
	ds = dataset_load(s, err, sizeof(err));
	check(ds != NULL, "the real database is refused: %s", err);
	dataset_free(ds);
	store_close(s);
}

static void
test_lies_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < NLIES; i++) {
		make_lie(i);
		refused_in_process(i);
		refused_by_binary(i);
	}
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	return harness_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_truth_taken),
		cmocka_unit_test(test_lies_refused),
	};

	return cmocka_run_group_tests_name("lies", tests, setup, teardown);
}
