/*
 * The daemons by configuration (harness_daemons.h): the snapshot and the
 * fixture databases, the daemons started on them, and requests to them.
 */
#include "harness_daemons.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <sqlite3.h>

#include "harness_headers.h"

const char *const collection_names[] = { "entities", "partnerships", "funding",
	"events", "sources", NULL };

unsigned short srv_port[NSRV];
char daemons_snapshot[64];
char daemons_version[64];
char daemons_last_modified[64];
time_t daemons_built_at;

static struct daemon *daemons[NSRV];
static char fixture_db[64];
static unsigned asked; /* the daemons of the group that runs */

long
fetch(struct http_response *r, int srv, const char *method, const char *target,
    ...)
{
	const char *headers[16];
	size_t n = 0;
	va_list ap;

	va_start(ap, target);
	while ((headers[n] = va_arg(ap, const char *)) != NULL)
		assert_true(++n < sizeof(headers) / sizeof(headers[0]));
	va_end(ap);
	return http_fetch(r, srv_port[srv], method, headers, "%s", target);
}

void
expect_status_at(
    const char *file, int line, const struct http_response *r, long want)
{
	check_at(file, line, r->status == want, "%s: %ld, not %ld: %.300s",
	    last_request(), r->status, want, r->body);
}

void
first_id(int srv, const char *coll, char *buf, size_t cap)
{
	struct http_response r;
	char target[256];
	const char *id;

	snprintf(target, sizeof(target), API "/%s?limit=1", coll);
	fetch(&r, srv, "GET", target, NULL);
	expect_status(&r, 200);
	id = json_string_value(json_object_get(
	    json_array_get(json_object_get(r.json, "data"), 0), "id"));
	check(id != NULL, "%s: no first item", last_request());
	snprintf(buf, cap, "%s", id);
	http_response_free(&r);
}

void
etag_of(int srv, const char *target, const char *header, char *buf, size_t cap)
{
	struct http_response r;
	const char *etag;

	fetch(&r, srv, "GET", target, header, NULL);
	expect_status(&r, 200);
	etag = hdr(&r, "ETag");
	check(etag != NULL, "%s: no ETag", last_request());
	snprintf(buf, cap, "%s", etag);
	http_response_free(&r);
}

static int
exec_sql(sqlite3 *db, const char *sql, int want_changes)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK ||
	    sqlite3_changes(db) != want_changes) {
		fprintf(stderr, "harness_daemons: fixture: %s: %s\n", sql,
		    err != NULL ? err : "not the rows expected");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* Copies the database at from into a new temporary file, named in path. */
static sqlite3 *
copy_db(const char *from, char *path, size_t cap)
{
	sqlite3 *src = NULL, *dst = NULL;
	sqlite3_backup *b;
	int fd, ok = 0;

	snprintf(path, cap, "/tmp/aid-behaviour-XXXXXX");
	if ((fd = mkstemp(path)) < 0)
		return NULL;
	close(fd);
	if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL) ==
		SQLITE_OK &&
	    sqlite3_open(path, &dst) == SQLITE_OK &&
	    (b = sqlite3_backup_init(dst, "main", src, "main")) != NULL) {
		sqlite3_backup_step(b, -1);
		ok = sqlite3_backup_finish(b) == SQLITE_OK;
	}
	if (!ok)
		fprintf(stderr, "harness_daemons: cannot copy %s to %s: %s\n",
		    from, path,
		    dst != NULL ? sqlite3_errmsg(dst) : "out of memory");
	sqlite3_close(src);
	if (!ok) {
		sqlite3_close(dst);
		return NULL;
	}
	return dst;
}

/*
 * The databases: a snapshot of the test database, so that a rebuild of it
 * while the tests run cannot give two daemons two versions; and, when
 * fixture is not 0, the fixture, a copy where the first event's title
 * holds quotes, its summary LF and CRLF (and nothing else that needs
 * quoting), its quote all of them with a comma, and where SHARED_KEY names
 * the first two entities.
 */
static int
make_databases(int fixture)
{
	sqlite3 *db;
	int rc;

	if ((db = copy_db(harness_db(), daemons_snapshot,
		 sizeof(daemons_snapshot))) == NULL)
		return -1;
	sqlite3_close(db);
	if (!fixture)
		return 0;
	if ((db = copy_db(daemons_snapshot, fixture_db, sizeof(fixture_db))) ==
	    NULL)
		return -1;
	rc = exec_sql(db,
		 "UPDATE events SET"
		 " title = 'He said \"yes\" and left',"
		 " summary = 'One line' || char(10) || 'and a second' ||"
		 "   char(13) || char(10) || 'and a third',"
		 " quote = '\"\"Doubled\"\", then' || char(10) || '\"end\"'"
		 " WHERE id = (SELECT min(id) FROM events)",
		 1) != 0 ||
		exec_sql(db,
		    "UPDATE documents SET doc = (SELECT doc FROM event_docs v"
		    " WHERE v.id = documents.id) WHERE resource = 'events'"
		    " AND id = (SELECT min(id) FROM events)",
		    1) != 0 ||
		exec_sql(db,
		    "INSERT INTO entity_keys (key, entity_id)"
		    " SELECT '" SHARED_KEY "', id FROM"
		    " (SELECT id FROM entities ORDER BY id LIMIT 2)",
		    2) != 0
	    ? -1
	    : 0;
	sqlite3_close(db);
	return rc;
}

static int
daemons_start(unsigned which)
{
	static struct config cfg[NSRV];
	struct http_response r;
	const char *v;

	which |= DAEMON(PLAIN);
	if (curl_global_init(CURL_GLOBAL_ALL) != CURLE_OK)
		return -1;
	if (make_databases((which & DAEMON(FIXTURE)) != 0) != 0) {
		if (daemons_snapshot[0] != '\0')
			unlink(daemons_snapshot);
		if (fixture_db[0] != '\0')
			unlink(fixture_db);
		return -1;
	}
	for (int i = 0; i < NSRV; i++) {
		harness_config(&cfg[i]);
		cfg[i].db = daemons_snapshot;
		cfg[i].cache_max_age = MAX_AGE;
		cfg[i].stale_revalidate = STALE_REVAL;
		cfg[i].stale_if_error = STALE_ERROR;
	}
	cfg[CORS].cors_origin = CORS_LIST;
	cfg[STAR].cors_origin = "*";
	cfg[PROXY].trust_proxy = 1;
	cfg[NOCACHE].cache_bytes = 0;
	cfg[FIXTURE].db = fixture_db;
	cfg[FIXTURE].trust_proxy = 1;
	for (int i = 0; i < NSRV; i++) {
		if ((which & DAEMON(i)) == 0)
			continue;
		daemons[i] = harness_start(&cfg[i]);
		srv_port[i] = daemon_port(daemons[i]);
	}
	/* no check here: the tests say what is missing */
	http_request(srv_port[PLAIN], "GET", API, NULL, &r);
	v = json_string_value(json_object_get(
	    json_object_get(r.json, "meta"), "dataset_version"));
	snprintf(daemons_version, sizeof(daemons_version), "%s",
	    v != NULL ? v : "(no meta.dataset_version in " API ")");
	v = hdr(&r, "Last-Modified");
	snprintf(daemons_last_modified, sizeof(daemons_last_modified), "%s",
	    v != NULL ? v : "(no Last-Modified on " API ")");
	daemons_built_at = parse_http_date(daemons_last_modified);
	http_response_free(&r);
	return 0;
}

static int
daemons_stop(void)
{
	for (int i = 0; i < NSRV; i++)
		if (daemons[i] != NULL)
			daemon_stop(daemons[i]);
	if (daemons_snapshot[0] != '\0')
		unlink(daemons_snapshot);
	if (fixture_db[0] != '\0')
		unlink(fixture_db);
	curl_global_cleanup();
	return 0;
}

static int
group_setup(void **state)
{
	(void)state;
	return daemons_start(asked);
}

static int
group_teardown(void **state)
{
	(void)state;
	return daemons_stop();
}

int
daemons_run(
    const char *name, const struct CMUnitTest *tests, size_t n, unsigned which)
{
	asked = which;
	return _cmocka_run_group_tests(
	    name, tests, n, group_setup, group_teardown);
}
