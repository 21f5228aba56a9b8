/*
 * Taking the data away (issue 18), against the real daemon: CSV complete
 * without limit (every row, and a 400 naming limit past CSV_MAX_ROWS, on
 * a copy of the database with more sources than that), events' figures
 * as a count; the downloads (the database byte for byte, the data
 * package's files, its ZIP archive) with strong ETags and file names
 * carrying the dataset version. Citing it: test_citations.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <sqlite3.h>
#include <zlib.h>

#include "../handlers/collection.h"
#include "harness_api.h"
#include "harness_sql.h"

#define CSV "text/csv; charset=utf-8; header=present"

static struct daemon *big;
static unsigned short big_port;
static char modified[32], big_db[64];

static const char *const colls[] = { "entities", "partnerships", "funding",
	"events", "sources", NULL };

static long
db_long(const char *sql)
{
	char *s = sql_value(sql);
	long n = atol(s);

	free(s);
	return n;
}

/* The data rows of a CSV body (lines ending in CRLF, outside quotes,
 * less the header). */
static long
csv_rows(const char *s, size_t len)
{
	long lines = 0;
	int quoted = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == '\r' && i + 1 < len &&
		    s[i + 1] == '\n')
			lines++;
	}
	return lines - 1;
}

/* Without limit a CSV holds every row that matches, as many as the table
 * and X-Total-Count; from an offset, the rest; with limit, a page. */
static void
test_csv_is_complete(void **state)
{
	(void)state;
	for (size_t k = 0; colls[k] != NULL; k++) {
		struct http_response r;
		char sql[128];
		long total;

		snprintf(
		    sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", colls[k]);
		total = db_long(sql);
		http_fetch(
		    &r, api_port, "GET", NULL, API "/%s?format=csv", colls[k]);
		expect_header(&r, "Content-Type", CSV);
		check(csv_rows(r.body, r.len) == total &&
			atol(hdr(&r, "X-Total-Count")) == total,
		    "%s: %ld rows, X-Total-Count %s, the table %ld",
		    last_request(), csv_rows(r.body, r.len),
		    hdr(&r, "X-Total-Count"), total);
		expect_absent(&r, "Link");
		http_response_free(&r);
		http_fetch(&r, api_port, "GET", NULL,
		    API "/%s?format=csv&offset=1", colls[k]);
		check(csv_rows(r.body, r.len) == total - 1,
		    "%s: %ld rows of %ld", last_request(),
		    csv_rows(r.body, r.len), total);
		http_response_free(&r);
		http_fetch(&r, api_port, "GET", NULL,
		    API "/%s?format=csv&limit=1", colls[k]);
		check(csv_rows(r.body, r.len) == 1, "%s: %ld rows",
		    last_request(), csv_rows(r.body, r.len));
		http_response_free(&r);
	}
	/* by Accept too; JSON stays paged */
	{
		const char *const csv[] = { "Accept: text/csv", NULL };
		struct http_response r;

		http_fetch(&r, api_port, "GET", csv, API "/entities");
		check(csv_rows(r.body, r.len) ==
			db_long("SELECT count(*) FROM "
				"entities"),
		    "%s: not every entity", last_request());
		http_response_free(&r);
		http_fetch(&r, api_port, "GET", NULL, API "/entities");
		check(json_array_size(json_object_get(r.json, "data")) == 50,
		    "%s: JSON is not paged by 50", last_request());
		http_response_free(&r);
	}
}

/* Past CSV_MAX_ROWS, a CSV without limit is a 400 naming limit, never a
 * cut; a page of it, or fewer rows from an offset, answer. */
static void
test_csv_cap(void **state)
{
	struct http_response r;
	long total;

	(void)state;
	http_fetch(&r, big_port, "GET", NULL, API "/sources?limit=1");
	total = json_integer_value(
	    json_object_get(json_object_get(r.json, "meta"), "total"));
	http_response_free(&r);
	check(total == CSV_MAX_ROWS + 2, "the copy has %ld sources", total);
	expect_bad_param(big_port, "limit", API "/sources?format=csv");
	expect_bad_param(big_port, "limit", API "/sources?format=csv&offset=1");
	http_fetch(
	    &r, big_port, "GET", NULL, API "/sources?format=csv&offset=2");
	check(r.status == 200 && csv_rows(r.body, r.len) == CSV_MAX_ROWS,
	    "%s: %ld, %ld rows", last_request(), r.status,
	    csv_rows(r.body, r.len));
	http_response_free(&r);
	http_fetch(
	    &r, big_port, "GET", NULL, API "/sources?format=csv&limit=500");
	check(r.status == 200 && csv_rows(r.body, r.len) == 500, "%s: %ld",
	    last_request(), r.status);
	http_response_free(&r);
}

/* Events' CSV has figures.count, each event's number of figures, and no
 * prose cell of them. */
static void
test_csv_figures_count(void **state)
{
	struct http_response r;
	const char *p;

	(void)state;
	http_fetch(&r, api_port, "GET", NULL,
	    API "/events?format=csv&fields=id,figures&sort=id");
	check(strncmp(r.body, "id,figures.count\r\n", 18) == 0,
	    "%s: the header is not id,figures.count: %.60s", last_request(),
	    r.body);
	p = r.body + 18;
	{
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_prepare_v2(api_db,
				     "SELECT e.id, (SELECT count(*) FROM "
				     "event_figures f WHERE f.event_id = "
				     "e.id) FROM events e ORDER BY e.id",
				     -1, &st, NULL),
		    SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			char want[256];

			snprintf(want, sizeof(want), "%s,%d\r\n",
			    sqlite3_column_text(st, 0),
			    sqlite3_column_int(st, 1));
			check(strncmp(p, want, strlen(want)) == 0,
			    "%s: the row is not %s", last_request(), want);
			p += strlen(want);
		}
		sqlite3_finalize(st);
	}
	http_response_free(&r);
}

/* /api/v1/database is the database the server reads, byte for byte. */
static void
test_database_download(void **state)
{
	struct http_response r;
	char cd[128];
	FILE *f = fopen(harness_db(), "rb");
	char *bytes;
	long len;

	(void)state;
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	bytes = malloc((size_t)len);
	assert_int_equal(fread(bytes, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	http_fetch(&r, api_port, "GET", NULL, API "/database");
	snprintf(cd, sizeof(cd), "attachment; filename=\"aid-api-%s.db\"",
	    api_dataset_version);
	api_expect_download(&r, "application/vnd.sqlite3", cd);
	check(r.len == (size_t)len && memcmp(r.body, bytes, r.len) == 0,
	    "%s: %zu bytes, not the %ld of %s", last_request(), r.len, len,
	    harness_db());
	free(bytes);
	http_response_free(&r);
}

/* Every file of package_files is served under its name; the descriptor
 * names the dataset version and the data's date, and lists every column
 * of each table it takes (from the schema: a column added is there). */
static void
test_package_files(void **state)
{
	sqlite3_stmt *st;
	struct http_response r;
	json_t *res, *x;
	size_t i;

	(void)state;
	assert_int_equal(sqlite3_prepare_v2(api_db,
			     "SELECT path, media_type, content FROM "
			     "package_files",
			     -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 0);
		char cd[128];

		http_fetch(
		    &r, api_port, "GET", NULL, API "/datapackage/%s", path);
		snprintf(cd, sizeof(cd), "attachment; filename=\"%s\"", path);
		api_expect_download(
		    &r, (const char *)sqlite3_column_text(st, 1), cd);
		check(r.len == (size_t)sqlite3_column_bytes(st, 2) &&
			memcmp(r.body, sqlite3_column_blob(st, 2), r.len) == 0,
		    "%s: not the file", last_request());
		http_response_free(&r);
	}
	sqlite3_finalize(st);
	expect_problem(api_port, 404, API "/datapackage/no-such-file.csv");
	http_fetch(
	    &r, api_port, "GET", NULL, API "/datapackage/datapackage.json");
	check(strcmp(json_string_value(json_object_get(r.json, "version")),
		  api_dataset_version) == 0 &&
		strcmp(json_string_value(json_object_get(r.json, "created")),
		    modified) == 0,
	    "the descriptor's version or created is not %s, %s",
	    api_dataset_version, modified);
	res = json_object_get(r.json, "resources");
	check(
	    json_array_size(res) >= 10, "%zu resources", json_array_size(res));
	json_array_foreach (res, i, x) {
		const char *name =
		    json_string_value(json_object_get(x, "name"));
		json_t *fields =
		    json_object_get(json_object_get(x, "schema"), "fields");
		char sql[256], *cols;
		struct buf got = { 0 };
		size_t k;
		json_t *fld;

		snprintf(sql, sizeof(sql),
		    "SELECT group_concat(name, ',') FROM (SELECT name FROM "
		    "pragma_table_info('%s') ORDER BY cid)",
		    name);
		cols = sql_value(sql);
		json_array_foreach (fields, k, fld) {
			if (k > 0)
				buf_putc(&got, ',');
			buf_puts(&got,
			    json_string_value(json_object_get(fld, "name")));
		}
		{
			char *g = buf_finish(&got);

			check(strcmp(g, cols) == 0,
			    "resource %s has fields %s, its table %s", name, g,
			    cols);
			free(g);
		}
		free(cols);
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", name);
		{
			struct http_response c;

			http_fetch(&c, api_port, "GET", NULL,
			    API "/datapackage/%s.csv", name);
			check(csv_rows(c.body, c.len) == db_long(sql),
			    "%s: %ld rows, the table %ld", last_request(),
			    csv_rows(c.body, c.len), db_long(sql));
			http_response_free(&c);
		}
	}
	http_response_free(&r);
}

/* Inflates a raw deflate stream of want bytes; NULL when it is not one. */
static char *
inflate_raw(const unsigned char *in, size_t len, size_t want)
{
	z_stream z;
	char *out = malloc(want + 1);

	memset(&z, 0, sizeof(z));
	assert_int_equal(inflateInit2(&z, -15), Z_OK);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)want + 1;
	if (inflate(&z, Z_FINISH) != Z_STREAM_END || z.total_out != want) {
		free(out);
		out = NULL;
	}
	inflateEnd(&z);
	return out;
}

static unsigned
u16(const unsigned char *p)
{
	return p[0] | (unsigned)p[1] << 8;
}

static unsigned long
u32(const unsigned char *p)
{
	return u16(p) | (unsigned long)u16(p + 2) << 16;
}

/* /api/v1/datapackage is a ZIP archive of every file of the package,
 * datapackage.json first, each entry inflating to the file with its CRC. */
static void
test_package_archive(void **state)
{
	struct http_response r;
	const unsigned char *b;
	char cd[128];
	size_t eocd, at;
	long files = db_long("SELECT count(*) FROM package_files");

	(void)state;
	http_fetch(&r, api_port, "GET", NULL, API "/datapackage");
	snprintf(cd, sizeof(cd),
	    "attachment; filename=\"aid-api-%s-datapackage.zip\"",
	    api_dataset_version);
	api_expect_download(&r, "application/zip", cd);
	b = (const unsigned char *)r.body;
	assert_true(r.len > 22);
	eocd = r.len - 22;
	check(
	    u32(b + eocd) == 0x06054b50UL && (long)u16(b + eocd + 10) == files,
	    "%s: no end of central directory with %ld entries", last_request(),
	    files);
	at = u32(b + eocd + 16);
	for (unsigned i = 0; i < u16(b + eocd + 10); i++) {
		unsigned nlen = u16(b + at + 28);
		size_t local = u32(b + at + 42), usize = u32(b + at + 24);
		char name[128], sql[256];
		char *data, *want;

		assert_true(u32(b + at) == 0x02014b50UL && nlen < sizeof(name));
		memcpy(name, b + at + 46, nlen);
		name[nlen] = '\0';
		check(i > 0 || strcmp(name, "datapackage.json") == 0,
		    "the archive starts with %s", name);
		data = inflate_raw(b + local + 30 + nlen + u16(b + local + 28),
		    u32(b + at + 20), usize);
		check(data != NULL &&
			crc32(0, (const Bytef *)data, (uInt)usize) ==
			    u32(b + at + 16),
		    "%s: the entry does not inflate to its size and CRC", name);
		snprintf(sql, sizeof(sql),
		    "SELECT content FROM package_files WHERE path = '%s'",
		    name);
		want = sql_value(sql);
		check(strlen(want) == usize && memcmp(want, data, usize) == 0,
		    "%s in the archive is not the file", name);
		free(want);
		free(data);
		at += 46 + nlen + u16(b + at + 30) + u16(b + at + 32);
	}
	http_response_free(&r);
}

/* A copy of the database with CSV_MAX_ROWS + 1 sources more. */
static int
make_big_db(void)
{
	sqlite3 *b = NULL;
	sqlite3_backup *bk;
	int fd, rc;

	snprintf(big_db, sizeof(big_db), "/tmp/aid-dataout-XXXXXX");
	if ((fd = mkstemp(big_db)) < 0)
		return -1;
	close(fd);
	if (sqlite3_open(big_db, &b) != SQLITE_OK ||
	    (bk = sqlite3_backup_init(b, "main", api_db, "main")) == NULL)
		return -1;
	sqlite3_backup_step(bk, -1);
	sqlite3_backup_finish(bk);
	rc = sqlite3_exec(b,
	    "CREATE TEMP TABLE n AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
	    "SELECT i + 1 FROM n WHERE i < 1001) SELECT i FROM n;"
	    "INSERT INTO sources SELECT 'extra-' || i, 'T', 'P', '2018-02-02', "
	    "'en', 'x', NULL, 'r' FROM n;"
	    "INSERT INTO item_refs SELECT 'sources', 'extra-' || i, 'T', 0, "
	    "'{}' FROM n;"
	    "INSERT INTO documents SELECT 'sources', 'extra-' || i, "
	    "json_object('id', 'extra-' || i, 'href', '/api/v1/sources/extra-' "
	    "|| i, 'title', 'T', 'publisher', 'P', 'published', '2018-02-02', "
	    "'language', 'en', 'text', 'x', 'url', NULL, 'rights', 'r') FROM "
	    "n;",
	    NULL, NULL, NULL);
	sqlite3_close(b);
	return rc == SQLITE_OK && CSV_MAX_ROWS == 1000 ? 0 : -1;
}

static int
setup(void **state)
{
	static struct config bcfg;
	char *v;

	if (api_setup(state) != 0 || make_big_db() != 0)
		return -1;
	v = sql_value("SELECT value FROM meta WHERE key = 'data_modified'");
	snprintf(modified, sizeof(modified), "%s", v);
	free(v);
	harness_config(&bcfg);
	bcfg.db = big_db;
	big = harness_start(&bcfg);
	big_port = daemon_port(big);
	return 0;
}

static int
teardown(void **state)
{
	daemon_stop(big);
	unlink(big_db);
	return api_teardown(state);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_is_complete),
		cmocka_unit_test(test_csv_cap),
		cmocka_unit_test(test_csv_figures_count),
		cmocka_unit_test(test_database_download),
		cmocka_unit_test(test_package_files),
		cmocka_unit_test(test_package_archive),
	};

	return cmocka_run_group_tests_name("dataout", tests, setup, teardown);
}
