/*
 * Unit tests of what stands alone: query parsing and validation, the
 * parameter getters, links, routing, slugs, search queries, configuration
 * and problem documents.
 */
#include <arpa/inet.h>
#include <limits.h>
#include <netinet/in.h>
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
#include "../handlers/collection.h"
#include "harness.h"

/* Parses a query into req (the buffer must outlive req). */
static void
parse_into(struct request *req, char *query)
{
	const char *bad, *why;

	memset(req, 0, sizeof(*req));
	req->path = "/api/v1/events";
	req->prefix = "";
	assert_int_equal(
	    params_parse(query, &req->params, &req->nparams, &bad, &why), 0);
}

static void
free_req(struct request *req)
{
	req_clear(req);
}

/* The errors recorded so far, as the JSON array a 400 would hold. */
static json_t *
errors_of(const struct request *req)
{
	struct buf b = { 0 };
	json_t *errors;
	char *s;

	buf_putc(&b, '[');
	buf_putn(&b, req->errors.data != NULL ? req->errors.data : "",
	    req->errors.len);
	buf_putc(&b, ']');
	s = buf_finish(&b);
	errors = json_loads(s, 0, NULL);
	free(s);
	assert_non_null(errors);
	return errors;
}

/* The detail recorded for param, or NULL (a copy kept until the next
 * call). */
static const char *
error_for(const struct request *req, const char *param)
{
	static char detail[512];
	json_t *errors = errors_of(req), *e;
	const char *found = NULL;
	size_t i;

	json_array_foreach (errors, i, e) {
		if (strcmp(json_string_value(json_object_get(e, "param")),
			param) == 0) {
			snprintf(detail, sizeof(detail), "%s",
			    json_string_value(json_object_get(e, "detail")));
			found = detail;
		}
	}
	json_decref(errors);
	return found;
}

static void
test_pct_decode(void **state)
{
	char a[] = "a%20b+c%2Bd", b[] = "bad%2", c[] = "bad%zz", d[] = "%C3%A9";

	(void)state;
	assert_int_equal(pct_decode(a, 1), 7);
	assert_string_equal(a, "a b c+d");
	assert_int_equal(pct_decode(b, 1), -1);
	assert_int_equal(pct_decode(c, 1), -1);
	assert_int_equal(pct_decode(d, 0), 2);
	assert_string_equal(d, "\xc3\xa9");
}

static void
test_utf8_valid(void **state)
{
	(void)state;
	assert_true(utf8_valid("plain", 5));
	assert_true(utf8_valid("Pu\xe2\x80\x99"
			       "er",
	    7));
	assert_false(utf8_valid("\xff", 1));
	assert_false(utf8_valid("\xc0\xaf", 2));	 /* overlong '/' */
	assert_false(utf8_valid("\xed\xa0\x80", 3));	 /* surrogate */
	assert_false(utf8_valid("\xe2\x80", 2));	 /* truncated */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
}

static void
test_params_parse(void **state)
{
	char q[] = "limit=5&q=decent+life&&empty=&bare";
	struct param *p;
	size_t n;
	const char *bad, *why;

	(void)state;
	assert_int_equal(params_parse(q, &p, &n, &bad, &why), 0);
	assert_int_equal(n, 4);
	assert_string_equal(p[0].key, "limit");
	assert_string_equal(p[0].value, "5");
	assert_string_equal(p[1].value, "decent life");
	assert_string_equal(p[2].key, "empty");
	assert_string_equal(p[2].value, "");
	assert_string_equal(p[3].key, "bare");
	assert_string_equal(p[3].value, "");
	free(p);
}

static void
test_params_parse_rejects(void **state)
{
	char escape[] = "q=%E2%8", utf8[] = "q=%FF", control[] = "q=a%0Ab";
	struct param *p;
	size_t n;
	const char *bad, *why;

	(void)state;
	assert_int_equal(params_parse(escape, &p, &n, &bad, &why), -1);
	assert_string_equal(why, "malformed percent-encoding");
	assert_int_equal(params_parse(utf8, &p, &n, &bad, &why), -1);
	assert_string_equal(bad, "q");
	assert_string_equal(why, "not valid UTF-8 text");
	assert_int_equal(params_parse(control, &p, &n, &bad, &why), -1);
}

/* A repeated key is kept as given: a single-valued getter refuses it, a
 * list getter reads every value. */
static void
test_repeated_keys(void **state)
{
	char q[] = "limit=5&limit=6&fields=id&other=1&fields=name,title";
	struct request req;

	(void)state;
	parse_into(&req, q);
	assert_int_equal(req.nparams, 5);
	assert_null(req_param(&req, "limit"));
	assert_non_null(strstr(error_for(&req, "limit"), "more than once"));
	assert_string_equal(req_list(&req, "fields", 0), "id");
	assert_string_equal(req_list(&req, "fields", 1), "name,title");
	assert_null(req_list(&req, "fields", 2));
	assert_null(error_for(&req, "fields"));
	assert_int_equal(req_finish(&req), 1);
	assert_non_null(strstr(error_for(&req, "other"), "unknown"));
	assert_int_equal(req.nerrors, 2);
	free_req(&req);
}

static void
test_req_int(void **state)
{
	char q[] = "limit=500&offset=-1&from=19x&to=2010";
	struct request req;

	(void)state;
	parse_into(&req, q);
	assert_int_equal(req_int(&req, "limit", 50, 1, 500), 500);
	assert_int_equal(req_int(&req, "offset", 0, 0, 100), 0);
	assert_int_equal(req_int(&req, "from", -1, 1000, 9999), -1);
	assert_int_equal(req_int(&req, "to", -1, 1000, 9999), 2010);
	assert_int_equal(req_int(&req, "absent", 7, 0, 9), 7);
	assert_non_null(error_for(&req, "offset"));
	assert_non_null(error_for(&req, "from"));
	assert_null(error_for(&req, "limit"));
	assert_int_equal(req.nerrors, 2);
	free_req(&req);
}

static void
test_req_choice_and_bool(void **state)
{
	static const char *const kinds[] = { "donation", "government_aid",
		NULL };
	char q[] = "kind=gift&cumulative=true&other=1";
	struct request req;

	(void)state;
	parse_into(&req, q);
	assert_null(req_choice(&req, "kind", kinds));
	assert_non_null(strstr(error_for(&req, "kind"), "government_aid"));
	assert_int_equal(req_bool(&req, "cumulative", -1), 1);
	/* "other" was never read: req_finish names it */
	assert_int_equal(req_finish(&req), 1);
	assert_non_null(strstr(error_for(&req, "other"), "unknown"));
	free_req(&req);
}

/* req_link into a new string. */
static char *
link_of(const struct request *req, const char *path, long long offset)
{
	struct buf b = { 0 };

	req_link(&b, req, path, offset);
	return buf_finish(&b);
}

static void
test_req_link(void **state)
{
	char q[] = "limit=2&q=a%26b%20c&offset=4";
	struct request req;
	char *link;

	(void)state;
	parse_into(&req, q);
	req.prefix = "/aid";
	link = link_of(&req, "/api/v1/events", 6);
	assert_string_equal(link,
	    "/aid/api/v1/events?limit=2&q=a%26b%20c"
	    "&offset=6");
	free(link);
	link = link_of(&req, "/api/v1/events", -1);
	assert_string_equal(link,
	    "/aid/api/v1/events?limit=2&q=a%26b%20c"
	    "&offset=4");
	free(link);
	free_req(&req);
	parse_into(&req, q + sizeof(q) - 1); /* no parameters */
	link = link_of(&req, "/api/v1/events", 50);
	assert_string_equal(link, "/api/v1/events?offset=50");
	free(link);
	free_req(&req);
}

/* The route of path, checking its {id} argument. */
static size_t
route_of(const char *path, const char *want_arg)
{
	const char *arg;
	size_t r = route_match(&aid_app, path, &arg);

	if (want_arg == NULL)
		assert_null(arg);
	else
		assert_string_equal(arg, want_arg);
	return r;
}

static void
test_routes(void **state)
{
	(void)state;
	assert_int_equal(route_of("/api/v1", NULL), ROUTE_INDEX);
	assert_int_equal(route_of("/api/v1/events", NULL), ROUTE_EVENTS);
	assert_int_equal(route_of("/api/v1/events/x-1", "x-1"), ROUTE_EVENT);
	assert_int_equal(
	    route_of("/api/v1/funding/totals", NULL), ROUTE_FUNDING_TOTALS);
	assert_int_equal(route_of("/api/v1/funding/abc", "abc"), ROUTE_FUNDING);
	assert_int_equal(route_of("/api/v1/events/a/b", NULL), ROUTE_NOT_FOUND);
	assert_int_equal(route_of("/api/v1/nothing", NULL), ROUTE_NOT_FOUND);
	assert_int_equal(route_of("/api/v1/eventsx", NULL), ROUTE_NOT_FOUND);
	assert_int_equal(route_of("/healthz", NULL), ROUTE_HEALTHZ);
	assert_int_equal(route_of("/readyz", NULL), ROUTE_READYZ);
	assert_int_equal(aid_app.nroutes, ROUTE__MAX);
	assert_null(aid_app.routes[ROUTE__MAX - 1].path);
	for (size_t r = 0; r < aid_app.nroutes; r++) {
		assert_non_null(aid_app.routes[r].handler);
		assert_non_null(aid_app.routes[r].name);
	}
}

static void
test_slug(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(slug_write("Pu'er City", out, sizeof(out)), 9);
	assert_string_equal(out, "puer-city");
	slug_write("  Shangri-La  County ", out, sizeof(out));
	assert_string_equal(out, "shangri-la-county");
	slug_write("Yunnan\xe2\x80\x99s Fight", out, sizeof(out));
	assert_string_equal(out, "yunnans-fight");
	assert_int_equal(slug_write("--", out, sizeof(out)), 0);
	assert_int_equal(slug_write("abcdef", out, 4), -1);
	assert_string_equal(out, "");
	/* pinyin with tone marks, precomposed or not, slugs as without */
	slug_write(
	    "W\xc3\xa9nsh\xc4\x81n Zhu\xc3\xa0ngz\xc3\xba", out, sizeof(out));
	assert_string_equal(out, "wenshan-zhuangzu");
	slug_write("Pu\xcc\x8c'e\xcc\x8cr Sh\xc7\x90", out, sizeof(out));
	assert_string_equal(out, "puer-shi");
	/* Han characters are kept, as they are */
	slug_write("\xe6\x96\x87\xe5\xb1\xb1 (Wenshan)", out, sizeof(out));
	assert_string_equal(out, "\xe6\x96\x87\xe5\xb1\xb1-wenshan");
	/* a Han character does not fit in the last two bytes */
	assert_int_equal(slug_write("a\xe6\x96\x87", out, 4), -1);
}

/* q split by the search index's own tokenizer: punctuation of any script
 * separates words, letters of any script make them. */
static void
test_match_query(void **state)
{
	char out[128], err[256];
	struct store *s = store_open(harness_db(), err, sizeof(err));

	(void)state;
	if (s == NULL)
		fail_msg("%s", err);
	assert_int_equal(store_match_query(s, "Cadre", out, sizeof(out)), 8);
	assert_string_equal(out, "\"cadre\"*");
	store_match_query(s, " decent-life \"x\" ", out, sizeof(out));
	assert_string_equal(out, "\"decent\"* \"life\"* \"x\"*");
	store_match_query(s, "\xe2\x80\x9cpilot\xe2\x80\x9d", out, sizeof(out));
	assert_string_equal(out, "\"pilot\"*");
	/* 上海？ with a full-width question mark: one word, whose Han
	 * characters the index holds one by one: the phrase of them */
	store_match_query(
	    s, "\xe4\xb8\x8a\xe6\xb5\xb7\xef\xbc\x9f", out, sizeof(out));
	assert_string_equal(out, "\"\xe4\xb8\x8a \xe6\xb5\xb7\"");
	/* Latin and Han in one word: a prefix term, then the phrase */
	store_match_query(s, "W\xc3\xa9nsh\xc4\x81n\xe6\x96\x87\xe5\xb1\xb1",
	    out, sizeof(out));
	assert_string_equal(out, "\"wenshan\"* \"\xe6\x96\x87 \xe5\xb1\xb1\"");
	assert_int_equal(store_match_query(s, " -*\"() ", out, sizeof(out)), 0);
	/* an em dash, a full-width ?, an ideographic full stop, a ¿ */
	assert_int_equal(
	    store_match_query(s, "\xe2\x80\x94", out, sizeof(out)), 0);
	assert_int_equal(
	    store_match_query(s, "\xef\xbc\x9f", out, sizeof(out)), 0);
	assert_int_equal(
	    store_match_query(s, "\xe3\x80\x82", out, sizeof(out)), 0);
	assert_int_equal(store_match_query(s, "\xc2\xbf", out, sizeof(out)), 0);
	assert_int_equal(store_match_query(s, "abcdefgh", out, 8), -1);
	store_close(s);
}

/*
 * config_parse on the arguments given (NULL-terminated), copied into
 * storage that outlives the call: the configuration borrows its strings.
 */
static int
parse_args(struct config *cfg, ...)
{
	static char store[8][64];
	char *argv[9];
	const char *a;
	int argc = 0;
	va_list ap;

	va_start(ap, cfg);
	while ((a = va_arg(ap, const char *)) != NULL && argc < 8) {
		snprintf(store[argc], sizeof(store[argc]), "%s", a);
		argv[argc] = store[argc];
		argc++;
	}
	va_end(ap);
	argv[argc] = NULL;
	return config_parse(cfg, argc, argv);
}

static void
test_config(void **state)
{
	struct config cfg;

	(void)state;
	assert_int_equal(parse_args(&cfg, "aid-api", "--port", "0",
			     "--threads=3", "--db", "x.db", NULL),
	    0);
	assert_int_equal(cfg.port, 0);
	assert_int_equal(cfg.threads, 3);
	assert_string_equal(cfg.db, "x.db");
	assert_int_equal(
	    parse_args(&cfg, "aid-api", "--port", "70000", NULL), 2);
	assert_int_equal(parse_args(&cfg, "aid-api", "--nope", NULL), 2);
	assert_int_equal(parse_args(&cfg, "aid-api", "--db", NULL), 2);
	assert_int_equal(
	    parse_args(&cfg, "aid-api", "--access-log=xml", NULL), 2);
	assert_int_equal(parse_args(&cfg, "aid-api", "stray", NULL), 2);
	setenv("PORT", "9090", 1);
	assert_int_equal(parse_args(&cfg, "aid-api", NULL), 0);
	assert_int_equal(cfg.port, 9090);
	assert_int_equal(parse_args(&cfg, "aid-api", "--port", "1", NULL), 0);
	assert_int_equal(cfg.port, 1); /* a flag wins over its variable */
	setenv("PORT", "nine", 1);
	assert_int_equal(parse_args(&cfg, "aid-api", NULL), 2);
	unsetenv("PORT");
	/* spaces around the origins of a list are forgiven */
	assert_int_equal(parse_args(&cfg, "aid-api", "--cors-origin",
			     " https://a.example , http://b:8000", NULL),
	    0);
	assert_string_equal(cfg.cors_origin, "https://a.example,http://b:8000");
	assert_int_equal(
	    parse_args(&cfg, "aid-api", "--cors-origin", "*", NULL), 0);
	assert_string_equal(cfg.cors_origin, "*");
	assert_int_equal(parse_args(&cfg, "aid-api", "--cors-origin",
			     "https://a.example,,http://b", NULL),
	    2);
	assert_int_equal(parse_args(&cfg, "aid-api", "--cors-origin",
			     "*, https://a.example", NULL),
	    2);
	/* sizes take K, M and G */
	assert_int_equal(
	    parse_args(&cfg, "aid-api", "--cache-bytes", "64K", NULL), 0);
	assert_int_equal(cfg.cache_bytes, 64 * 1024);
	assert_int_equal(
	    parse_args(&cfg, "aid-api", "--cache-bytes", "2M", NULL), 0);
	assert_int_equal(cfg.cache_bytes, 2 * 1024 * 1024);
	assert_int_equal(
	    parse_args(&cfg, "aid-api", "--cache-bytes", "0", NULL), 0);
	assert_int_equal(cfg.cache_bytes, 0);
	assert_int_equal(
	    parse_args(&cfg, "aid-api", "--cache-bytes", "65G", NULL), 2);
	assert_int_equal(
	    parse_args(&cfg, "aid-api", "--cache-bytes", "M", NULL), 2);
}

/* --stale-while-revalidate and --stale-if-error: their defaults, their
 * variables, a flag winning over its variable, and what is refused. */
static void
test_config_staleness(void **state)
{
	static const char *const bad[] = { "-1", "31536001", "1e3", "", "x",
		NULL };
	struct config cfg;

	(void)state;
	unsetenv("AID_STALE_WHILE_REVALIDATE");
	unsetenv("AID_STALE_IF_ERROR");
	assert_int_equal(parse_args(&cfg, "aid-api", NULL), 0);
	assert_int_equal(cfg.stale_revalidate, 60);
	assert_int_equal(cfg.stale_if_error, 86400);
	assert_int_equal(parse_args(&cfg, "aid-api", "--stale-while-revalidate",
			     "0", "--stale-if-error=31536000", NULL),
	    0);
	assert_int_equal(cfg.stale_revalidate, 0);
	assert_int_equal(cfg.stale_if_error, 31536000);
	setenv("AID_STALE_WHILE_REVALIDATE", "5", 1);
	setenv("AID_STALE_IF_ERROR", "0", 1);
	assert_int_equal(parse_args(&cfg, "aid-api", NULL), 0);
	assert_int_equal(cfg.stale_revalidate, 5);
	assert_int_equal(cfg.stale_if_error, 0);
	assert_int_equal(
	    parse_args(&cfg, "aid-api", "--stale-if-error", "7", NULL), 0);
	assert_int_equal(cfg.stale_if_error, 7); /* the flag wins */
	for (size_t i = 0; bad[i] != NULL; i++) {
		setenv("AID_STALE_IF_ERROR", bad[i], 1);
		assert_int_equal(parse_args(&cfg, "aid-api", NULL), 2);
		unsetenv("AID_STALE_IF_ERROR");
		assert_int_equal(parse_args(&cfg, "aid-api",
				     "--stale-while-revalidate", bad[i], NULL),
		    2);
	}
	unsetenv("AID_STALE_WHILE_REVALIDATE");
}

static void
test_problem_document(void **state)
{
	char q[] = "limit=0";
	struct request req;
	struct reply rep = { .total = -1 };
	struct buf b = { 0 };
	json_t *doc;
	char *s;

	(void)state;
	parse_into(&req, q);
	req_int(&req, "limit", 50, 1, 500);
	reply_invalid(&rep, &req);
	assert_int_equal(rep.status, 400);
	assert_string_equal(rep.type, TYPE_PROBLEM);
	doc = json_loadb(rep.body, rep.len, 0, NULL);
	assert_non_null(doc);
	assert_string_equal(
	    json_string_value(json_object_get(doc, "title")), "Bad Request");
	assert_int_equal(
	    json_integer_value(json_object_get(doc, "status")), 400);
	assert_string_equal(
	    json_string_value(json_object_get(
		json_array_get(json_object_get(doc, "errors"), 0), "param")),
	    "limit");
	json_decref(doc);
	reply_fault(&rep);
	assert_int_equal(rep.status, 500);
	json_indent(&b, rep.body, rep.len);
	s = buf_finish(&b);
	assert_null(strstr(s, "sqlite"));
	assert_non_null(strstr(s, "\n  \"status\": 500"));
	free(s);
	free(rep.body);
	free_req(&req);
}

/* A detail cut in the middle of a UTF-8 character still makes a problem
 * document: the cut drops the partial character. */
static void
test_problem_cut_utf8(void **state)
{
	char key[1500];
	struct reply rep = { .total = -1 };
	json_t *doc;

	(void)state;
	for (size_t i = 0; i + 3 < sizeof(key); i += 3)
		memcpy(key + i, "\xe4\xb8\x8a", 3);
	key[sizeof(key) - 3] = '\0';
	reply_problem(&rep, 404, "no entity has the id '%s'", key);
	doc = json_loadb(rep.body, rep.len, 0, NULL);
	assert_non_null(doc);
	assert_true(
	    utf8_valid(json_string_value(json_object_get(doc, "detail")),
		strlen(json_string_value(json_object_get(doc, "detail")))));
	json_decref(doc);
	free(rep.body);
	assert_int_equal(utf8_cut("ab\xe4\xb8", 4), 2);
	assert_int_equal(utf8_cut("ab\xe4\xb8\x8a", 5), 5);
	assert_int_equal(utf8_cut("ab\xe4", 3), 2);
	assert_int_equal(utf8_cut("abc", 3), 3);
}

/* buf_json_string escapes as jansson does, so bodies built by either are
 * the same bytes; bytes that are not UTF-8 become U+FFFD. */
static void
test_json_string(void **state)
{
	static const char *const cases[] = { "plain",
		"quote \" back \\ slash /", "tab\tnl\ncr\rff\fbs\b",
		"\x01\x1f\x7f",
		"Pu\xe2\x80\x99"
		"er",
		"\xf0\x9f\x98\x80"
		" emoji",
		"", NULL };
	json_t *s;
	char *want, *got;
	struct buf b = { 0 };

	(void)state;
	for (size_t i = 0; cases[i] != NULL; i++) {
		s = json_string(cases[i]);
		want = json_dumps(s, JSON_ENCODE_ANY);
		buf_json_string(&b, cases[i], strlen(cases[i]));
		got = buf_finish(&b);
		assert_string_equal(got, want);
		free(want);
		free(got);
		json_decref(s);
	}
	buf_json_string(&b,
	    "a\xff"
	    "b",
	    3);
	got = buf_finish(&b);
	assert_string_equal(got, "\"a\\ufffdb\"");
	free(got);
}

extern const unsigned char openapi_json[];
extern const size_t openapi_json_len;

/* The values of an enumeration table, in order, as a JSON array. */
static json_t *
table_values(sqlite3 *db, const char *table)
{
	json_t *out = json_array();
	sqlite3_stmt *st;
	char sql[128];

	snprintf(
	    sql, sizeof(sql), "SELECT value FROM %s ORDER BY position", table);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(
		    out, json_string((const char *)sqlite3_column_text(st, 0)));
	sqlite3_finalize(st);
	return out;
}

/* Fails unless the JSON arrays a and b are equal, naming what. */
static void
expect_same_list(const char *what, json_t *a, json_t *b)
{
	char *sa = json_dumps(a, JSON_ENCODE_ANY | JSON_COMPACT);
	char *sb = json_dumps(b, JSON_ENCODE_ANY | JSON_COMPACT);

	check(a != NULL && b != NULL && json_equal(a, b),
	    "%s: the OpenAPI document lists %s, the code or the store %s", what,
	    sa != NULL ? sa : "nothing", sb != NULL ? sb : "nothing");
	free(sa);
	free(sb);
}

/*
 * One source for every enumeration: the store's tables (which the server
 * reads its choices from) and the OpenAPI document list the same values in
 * the same order, and the document's sort keys and fields are those of the
 * collections' descriptions. Every value of every table is compared, not
 * only those the data uses.
 */
static void
test_enumerations(void **state)
{
	static const struct {
		const char *schema, *table;
	} enums[] = { { "EntityKind", "entity_kinds" }, { "Side", "sides" },
		{ "Sector", "sectors" },
		{ "EventCategory", "event_categories" },
		{ "FundingKind", "funding_kinds" }, { "Bound", "bounds" },
		{ "Precision", "precisions" } };
	static const struct {
		const char *name;
		const struct collection *c;
	} colls[] = { { "entities", &entities_collection },
		{ "partnerships", &partnerships_collection },
		{ "funding", &funding_collection },
		{ "events", &events_collection },
		{ "sources", &sources_collection } };
	json_t *doc =
	    json_loadb((const char *)openapi_json, openapi_json_len, 0, NULL);
	json_t *schemas =
	    json_object_get(json_object_get(doc, "components"), "schemas");
	json_t *params =
	    json_object_get(json_object_get(doc, "components"), "parameters");
	sqlite3 *db;

	(void)state;
	assert_non_null(doc);
	assert_int_equal(
	    sqlite3_open_v2(harness_db(), &db, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	for (size_t i = 0; i < sizeof(enums) / sizeof(enums[0]); i++) {
		json_t *values = table_values(db, enums[i].table);

		assert_true(json_array_size(values) > 0);
		expect_same_list(enums[i].schema,
		    json_object_get(
			json_object_get(schemas, enums[i].schema), "enum"),
		    values);
		json_decref(values);
	}
	for (size_t i = 0; i < sizeof(colls) / sizeof(colls[0]); i++) {
		const struct collection *c = colls[i].c;
		json_t *sorts = json_array(), *fields = json_array();
		char name[64];

		for (size_t k = 0; c->sorts[k].name != NULL; k++) {
			json_array_append_new(
			    sorts, json_string(c->sorts[k].name));
			snprintf(name, sizeof(name), "-%s", c->sorts[k].name);
			json_array_append_new(sorts, json_string(name));
		}
		for (size_t k = 0; c->fields[k] != NULL; k++)
			json_array_append_new(
			    fields, json_string(c->fields[k]));
		snprintf(name, sizeof(name), "%sSort", colls[i].name);
		expect_same_list(name,
		    json_object_get(
			json_object_get(
			    json_object_get(
				json_object_get(params, name), "schema"),
			    "items"),
			"enum"),
		    sorts);
		snprintf(name, sizeof(name), "%sFields", colls[i].name);
		expect_same_list(name,
		    json_object_get(
			json_object_get(
			    json_object_get(
				json_object_get(params, name), "schema"),
			    "items"),
			"enum"),
		    fields);
		json_decref(sorts);
		json_decref(fields);
	}
	sqlite3_close(db);
	json_decref(doc);
}

/* peer_address writes what inet_ntop does, for every value of every
 * byte of an IPv4 address, for IPv6, and "-" for no address. */
static void
test_peer_address(void **state)
{
	struct sockaddr_in in = { .sin_family = AF_INET };
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6 };
	char got[64], want[64];

	(void)state;
	for (int at = 0; at < 4; at++)
		for (int v = 0; v < 256; v++) {
			unsigned char *a = (unsigned char *)&in.sin_addr;

			memset(a, at == 0 ? 7 : 250, 4);
			a[at] = (unsigned char)v;
			peer_address((struct sockaddr *)&in, got, sizeof(got));
			inet_ntop(AF_INET, a, want, sizeof(want));
			check(strcmp(got, want) == 0, "IPv4 %s written as %s",
			    want, got);
		}
	inet_pton(AF_INET6, "2001:db8::1", &in6.sin6_addr);
	peer_address((struct sockaddr *)&in6, got, sizeof(got));
	check(strcmp(got, "2001:db8::1") == 0, "IPv6 written as %s", got);
	peer_address(NULL, got, sizeof(got));
	check(strcmp(got, "-") == 0, "no address written as %s", got);
}

/* buf_putu writes what printf's %llu does, at every power of ten and
 * beside it, and at the largest value. */
static void
test_buf_putu(void **state)
{
	struct buf b = { 0 };
	char want[64];
	unsigned long long p = 1;
	char *got;

	(void)state;
	for (int i = 0; i < 20; i++) { /* 10^19 is the last below 2^64 */
		const unsigned long long v[] = { p - 1, p, p + 1 };

		for (int j = 0; j < 3; j++) {
			b.len = 0;
			buf_putu(&b, v[j]);
			snprintf(want, sizeof(want), "%llu", v[j]);
			check(b.len == strlen(want) &&
				memcmp(b.data, want, b.len) == 0,
			    "%s written as %.*s", want, (int)b.len, b.data);
		}
		if (i < 19)
			p *= 10;
	}
	b.len = 0;
	buf_putu(&b, ULLONG_MAX);
	buf_putc(&b, '\0');
	got = buf_finish(&b);
	snprintf(want, sizeof(want), "%llu", ULLONG_MAX);
	check(got != NULL && strcmp(got, want) == 0, "%s written as %s", want,
	    got != NULL ? got : "(out of memory)");
	free(got);
}

/* Versions as MHD_VERSION writes them, and what each offers and needs:
 * the workarounds of server/mhdcompat.c apply within their ranges only. */
static void
test_mhd_versions(void **state)
{
	static const struct {
		const char *text;
		unsigned long version;
		int discipline, cut_query, as_sent;
	} v[] = {
		{ "0.9.75", 0x00097500, 0, 1, 1 },
		{ "0.9.76", 0x00097600, 0, 1, 1 },
		{ "0.9.77", 0x00097700, 0, 1, 1 },
		{ "0.9.77.1", 0x00097701, 1, 1, 0 },
		{ "1.0.1", 0x01000100, 1, 1, 0 },
		{ "1.0", 0x01000000, 1, 1, 0 },
		{ "1.1.0", 0x01010000, 1, 0, 0 },
		{ "0.9.74", 0x00097400, 0, 0, 0 },
		{ "", 0, 0, 0, 0 },
		{ "1", 0, 0, 0, 0 },
		{ "x.y", 0, 0, 0, 0 },
		{ "1.100", 0, 0, 0, 0 },
	};
	struct mhd_traits t;

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		check(mhd_version_of(v[i].text) == v[i].version,
		    "'%s' is 0x%08lx, not 0x%08lx", v[i].text,
		    mhd_version_of(v[i].text), v[i].version);
		t = mhd_traits_of(v[i].version);
		check(t.discipline == v[i].discipline &&
			t.cut_query == v[i].cut_query &&
			t.as_sent == v[i].as_sent,
		    "%s: discipline %d, cut %d, as sent %d", v[i].text,
		    t.discipline, t.cut_query, t.as_sent);
	}
	/* the library this test runs with is one the server knows */
	t = *mhd_traits();
	check(t.version == mhd_version_of(MHD_get_version()) && t.cut_query,
	    "libmicrohttpd %s: no query cut", MHD_get_version());
}

/* The default connection limit keeps the memory bound within what the
 * process may take: the cache's budget, the fixed part and each
 * connection's share; never under 16 nor over 16384. */
static void
test_connections_allowed(void **state)
{
	unsigned long long mem = memory_allowed();
	long budgets[] = { 0, 32L << 20, 1L << 30 }, all;

	(void)state;
	check(mem > 0, "no memory limit known");
	for (size_t i = 0; i < sizeof(budgets) / sizeof(budgets[0]); i++) {
		long n = connections_allowed(budgets[i], 17 * 1024);
		unsigned long long need = (unsigned long long)budgets[i] +
		    MEMORY_FIXED + (unsigned long long)n * 17 * 1024;

		check(n >= 16 && n <= 16384, "%ld connections", n);
		check(n == 16 || need <= mem,
		    "%ld connections with a cache of %ld bytes need %llu "
		    "bytes, more than %llu",
		    n, budgets[i], need, mem);
	}
	/* a budget as large as the memory leaves the least */
	all = (long)(mem > LONG_MAX ? LONG_MAX : mem);
	check(connections_allowed(all, 17 * 1024) == 16,
	    "a cache as large as the memory still leaves %ld connections",
	    connections_allowed(all, 17 * 1024));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pct_decode),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_params_parse),
		cmocka_unit_test(test_params_parse_rejects),
		cmocka_unit_test(test_repeated_keys),
		cmocka_unit_test(test_req_int),
		cmocka_unit_test(test_req_choice_and_bool),
		cmocka_unit_test(test_req_link),
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_slug),
		cmocka_unit_test(test_match_query),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_config_staleness),
		cmocka_unit_test(test_problem_document),
		cmocka_unit_test(test_problem_cut_utf8),
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_enumerations),
		cmocka_unit_test(test_peer_address),
		cmocka_unit_test(test_buf_putu),
		cmocka_unit_test(test_mhd_versions),
		cmocka_unit_test(test_connections_allowed),
	};

	return cmocka_run_group_tests_name("unit", tests, NULL, NULL);
}
