/*
 * Chinese names (db/data/25-chinese-names.sql), over all the data: every
 * place and ethnic group has its official name in simplified Chinese and
 * Hanyu Pinyin with tone marks, or a null with a reason, and no other
 * entity has one; the characters and the pinyin agree (one tone mark per
 * character); none of them is presented as the article's (from_article
 * false, the rule given, not in the article's text, not an alias); and
 * every one of them finds its entity, by key (/entities/文山,
 * /entities/Wénshān, /entities/思茅) and by q, a query in Han characters
 * matching by character.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <sqlite3.h>

#include "../db/text.h"
#include "harness_api.h"

/* Every Chinese spelling of an entity: official, short and former names,
 * in characters and in pinyin. */
#define SPELLINGS                                                              \
	"SELECT entity_id, zh, pinyin FROM chinese_names WHERE zh IS NOT NULL" \
	" UNION ALL SELECT entity_id, short_zh, short_pinyin FROM"             \
	" chinese_names WHERE short_zh IS NOT NULL"                            \
	" UNION ALL SELECT entity_id, zh, pinyin FROM chinese_former_names"    \
	" UNION ALL SELECT entity_id, short_zh, short_pinyin FROM"             \
	" chinese_former_names WHERE short_zh IS NOT NULL"

static sqlite3_stmt *
query(const char *sql)
{
	sqlite3_stmt *st = NULL;

	check(sqlite3_prepare_v2(api_db, sql, -1, &st, NULL) == SQLITE_OK,
	    "%s: %s", sql, sqlite3_errmsg(api_db));
	return st;
}

static const char *
col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s != NULL ? s : "";
}

/* GET a target (fmt) answering JSON; the parsed body (new reference). */
static json_t *get_json(long *status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static json_t *
get_json(long *status, const char *fmt, ...)
{
	struct http_response r;
	va_list ap;
	json_t *j;

	va_start(ap, fmt);
	http_vfetch(&r, api_port, "GET", NULL, fmt, ap);
	va_end(ap);
	check(r.json != NULL, "%s: not JSON: %.200s", last_request(), r.body);
	*status = r.status;
	j = json_incref(r.json);
	http_response_free(&r);
	return j;
}

/* s percent-encoded for a URL (a new string). */
static char *
enc(const char *s)
{
	char *out = malloc(3 * strlen(s) + 1);

	assert_non_null(out);
	pct_encode(out, s, pct_unreserved);
	return out;
}

/* Every place (a kind that is a place or a group of places) and every
 * ethnic group has a row; no other entity has one; a row gives both names
 * or neither, and then a reason; the API serves chinese_name exactly
 * where there is a row. */
static void
test_every_place_has_names_or_a_reason(void **state)
{
	sqlite3_stmt *st = query(
	    "SELECT e.id, k.place OR e.kind = 'ethnic_group', c.entity_id,"
	    " c.zh, c.pinyin, c.null_reason FROM entities e"
	    " JOIN entity_kinds k ON k.value = e.kind"
	    " LEFT JOIN chinese_names c ON c.entity_id = e.id");
	int places = 0, named = 0;

	(void)state;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = col(st, 0);
		int place = sqlite3_column_int(st, 1);
		int row = sqlite3_column_type(st, 2) != SQLITE_NULL;
		int zh = sqlite3_column_type(st, 3) != SQLITE_NULL;
		int py = sqlite3_column_type(st, 4) != SQLITE_NULL;
		int why = sqlite3_column_type(st, 5) != SQLITE_NULL;
		long status;
		json_t *doc = get_json(&status, API "/entities/%s", id);
		json_t *cn = json_object_get(
		    json_object_get(doc, "data"), "chinese_name");

		places += place;
		named += zh;
		check(place == row, "%s: %s, but %s Chinese name", id,
		    place ? "a place or ethnic group" : "neither",
		    row ? "it has a" : "it has no");
		check(!row || (zh && py && !why) || (!zh && !py && why),
		    "%s: names %d/%d and a reason %d: both names, or neither "
		    "and a reason",
		    id, zh, py, why);
		check(row ? json_is_object(cn) : json_is_null(cn),
		    "%s: chinese_name is %s", id,
		    cn == NULL ? "missing"
			: row  ? "not an object"
			       : "not null");
		if (json_is_object(cn)) {
			check(
			    json_is_false(json_object_get(cn, "from_article")),
			    "%s: chinese_name.from_article is not false", id);
			check(json_is_string(json_object_get(cn, "rule")) &&
				strstr(json_string_value(
					   json_object_get(cn, "rule")),
				    "Not from the article") != NULL,
			    "%s: chinese_name.rule does not say it is not "
			    "from the article",
			    id);
			check(json_is_string(json_object_get(cn, "zh")) == zh &&
				json_is_string(
				    json_object_get(cn, "null_reason")) == why,
			    "%s: chinese_name is not its row", id);
		}
		json_decref(doc);
	}
	sqlite3_finalize(st);
	check(places > 0 && named > 0, "no place has a Chinese name");
}

/* Counts the Han characters of s; 0 when s holds anything else. */
static size_t
han_only(const char *s)
{
	size_t n = 0, len = strlen(s), k;
	unsigned long cp;

	for (size_t i = 0; i < len; i += k) {
		if ((k = utf8_next(s + i, len - i, &cp)) == 0 || !han_char(cp))
			return 0;
		n++;
	}
	return n;
}

/* Counts the vowels with a tone mark of s (ā á ǎ à, ē ..., ǖ ǘ ǚ ǜ and the
 * capitals); -1 when s holds anything but Latin letters, spaces and
 * apostrophes. */
static long
tone_marks(const char *s)
{
	static const char *const marked =
	    "āáǎàĀÁǍÀēéěèĒÉĚÈīíǐìĪÍǏÌōóǒòŌÓǑÒūúǔùŪÚǓÙǖǘǚǜ";
	size_t len = strlen(s), k;
	unsigned long cp;
	long n = 0;

	for (size_t i = 0; i < len; i += k) {
		if ((k = utf8_next(s + i, len - i, &cp)) == 0)
			return -1;
		if (k == 1) {
			if (!((cp >= 'a' && cp <= 'z') ||
				(cp >= 'A' && cp <= 'Z') || cp == ' ' ||
				cp == '\''))
				return -1;
			continue;
		}
		{
			char one[5] = { 0 };

			memcpy(one, s + i, k);
			if (strstr(marked, one) == NULL)
				return -1;
			n++;
		}
	}
	return n;
}

/* The characters and the pinyin of every name agree: Han characters only,
 * Latin letters only, and as many tone marks as characters (none of these
 * names has a neutral tone). */
static void
test_characters_and_pinyin_agree(void **state)
{
	sqlite3_stmt *st = query(SPELLINGS);
	int n = 0;

	(void)state;
	while (sqlite3_step(st) == SQLITE_ROW) {
		size_t chars = han_only(col(st, 1));
		long tones = tone_marks(col(st, 2));

		check(chars > 0, "%s: '%s' is not Han characters only",
		    col(st, 0), col(st, 1));
		check(tones >= 0, "%s: '%s' is not pinyin (Latin letters)",
		    col(st, 0), col(st, 2));
		check(tones == (long)chars,
		    "%s: '%s' has %zu characters, '%s' %ld tone marks",
		    col(st, 0), col(st, 1), chars, col(st, 2), tones);
		n++;
	}
	sqlite3_finalize(st);
	check(n > 0, "no Chinese name");
}

/* No Chinese name is presented as the article's: none is in its text,
 * none is a name or an alias (the article's spellings). */
static void
test_no_name_is_the_articles(void **state)
{
	sqlite3_stmt *st = query(
	    "SELECT s.entity_id, s.spelling FROM (SELECT entity_id, zh AS "
	    "spelling FROM (" SPELLINGS ") UNION ALL SELECT entity_id, pinyin "
	    "FROM (" SPELLINGS ")) s WHERE instr((SELECT group_concat(text) "
	    "FROM sources), s.spelling) > 0 OR s.spelling IN (SELECT alias "
	    "FROM entity_aliases UNION SELECT name FROM entities)");

	(void)state;
	while (sqlite3_step(st) == SQLITE_ROW)
		check(0,
		    "%s: the Chinese name '%s' is in the article or among "
		    "its spellings",
		    col(st, 0), col(st, 1));
	sqlite3_finalize(st);
}

/* 1 when the list of a 200 (or the candidates of a 300) names id. */
static int
names(json_t *doc, const char *id)
{
	json_t *list = json_object_get(doc, "data"), *e;
	size_t i;

	if (json_is_object(list))
		return strcmp(json_string_value(json_object_get(list, "id")),
			   id) == 0;
	if (list == NULL)
		list = json_object_get(doc, "candidates");
	json_array_foreach (list, i, e)
		if (strcmp(json_string_value(json_object_get(e, "id")), id) ==
		    0)
			return 1;
	return 0;
}

/* Every Chinese spelling, in characters and in pinyin (with its tone
 * marks, and without), is a key of its entity (a 300 lists it where two
 * share it, as Bǎoshān) and q finds the entity. */
static void
test_every_name_finds_its_entity(void **state)
{
	sqlite3_stmt *st = query(SPELLINGS);

	(void)state;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = col(st, 0);
		char folded[256];
		const char *keys[] = { col(st, 1), col(st, 2), folded };

		slug_write(col(st, 2), folded, sizeof(folded));
		for (size_t k = 0; k < 3; k++) {
			char *e = enc(keys[k]);
			long status;
			json_t *doc = get_json(&status, API "/entities/%s", e);

			check(
			    (status == 200 || status == 300) && names(doc, id),
			    "/entities/%s (%s) answers %ld without %s", keys[k],
			    e, status, id);
			json_decref(doc);
			doc = get_json(&status,
			    API "/entities?q=%s&limit=500&fields=id", e);
			check(status == 200 && names(doc, id),
			    "q=%s does not find %s", keys[k], id);
			json_decref(doc);
			free(e);
		}
	}
	sqlite3_finalize(st);
}

/* A query in Han characters matches by character: q=X (one character)
 * finds exactly the entities one of whose Chinese spellings holds X, for
 * every character of every name (壮族 is in Wenshan's name and is the
 * Zhuang; 州 is in every autonomous prefecture's). */
static void
test_han_queries_match_by_character(void **state)
{
	sqlite3_stmt *chars = query(
	    "WITH RECURSIVE c(rest, ch) AS (SELECT (SELECT group_concat(zh, "
	    "'') FROM (" SPELLINGS ")), '' UNION ALL SELECT substr(rest, 2), "
	    "substr(rest, 1, 1) FROM c WHERE rest <> '') SELECT DISTINCT ch "
	    "FROM c WHERE ch <> ''");
	int n = 0;

	(void)state;
	while (sqlite3_step(chars) == SQLITE_ROW) {
		const char *ch = col(chars, 0);
		char *e = enc(ch), sql[512];
		long status;
		json_t *doc = get_json(
		    &status, API "/entities?q=%s&limit=500&fields=id", e);
		sqlite3_stmt *want;
		size_t count = 0;

		snprintf(sql, sizeof(sql),
		    "SELECT DISTINCT entity_id FROM (" SPELLINGS
		    ") WHERE instr(zh, '%s') > 0",
		    ch);
		want = query(sql);
		while (sqlite3_step(want) == SQLITE_ROW) {
			check(names(doc, col(want, 0)),
			    "q=%s does not find %s, whose name holds it", ch,
			    col(want, 0));
			count++;
		}
		sqlite3_finalize(want);
		check(status == 200 &&
			json_array_size(json_object_get(doc, "data")) == count,
		    "q=%s finds %zu entities, %zu names hold it", ch,
		    json_array_size(json_object_get(doc, "data")), count);
		json_decref(doc);
		free(e);
		n++;
	}
	sqlite3_finalize(chars);
	check(n > 20, "only %d characters in the names", n);
}

/* The searches a reader of Chinese makes, and what each must find; and
 * spellings without the article's hyphen. */
static void
test_searches_of_the_issue(void **state)
{
	static const struct {
		const char *target, *id;
	} cases[] = {
		{ API "/entities?q=%E6%96%87%E5%B1%B1", "wenshan" }, /* 文山 */
		{ API "/entities?q=wenshan", "wenshan" },
		{ API "/entities?q=W%C3%A9nsh%C4%81n",
		    "wenshan" }, /* Wénshān */
		{ API "/entities/%E6%96%87%E5%B1%B1", "wenshan" },
		{ API "/entities/W%C3%A9nsh%C4%81n", "wenshan" },
		{ API "/entities/%E6%80%9D%E8%8C%85", "puer" }, /* 思茅 */
		{ API "/entities?q=%E6%80%9D%E8%8C%85", "puer" },
		{ API "/entities?q=%E6%99%AE%E6%B4%B1", "puer" },   /* 普洱 */
		{ API "/entities?q=%E8%BF%AA%E5%BA%86", "diqing" }, /* 迪庆 */
		{ API "/entities?q=%E5%BE%B7%E6%98%82", "deang" },  /* 德昂 */
		{ API "/entities?q=%E9%A6%99%E6%A0%BC%E9%87%8C%E6%8B%89",
		    "shangri-la" }, /* 香格里拉 */
		{ API "/entities?q=Shangrila", "shangri-la" },
		{ API "/entities?q=Xianggelila", "shangri-la" },
		{ API "/entities/Shangrila", "shangri-la" },
		{ API "/entities/%E4%BF%9D%E5%B1%B1",
		    "baoshan-city" }, /* 保山 */
		{ API "/entities/%E5%AE%9D%E5%B1%B1", "baoshan-district" },
		{ API "/events?q=%E6%96%87%E5%B1%B1",
		    "1997-07-first-batch-of-cadres" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long status;
		json_t *doc = get_json(&status, "%s", cases[i].target);

		check(status == 200 && names(doc, cases[i].id),
		    "%s: %ld, without %s", cases[i].target, status,
		    cases[i].id);
		json_decref(doc);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_place_has_names_or_a_reason),
		cmocka_unit_test(test_characters_and_pinyin_agree),
		cmocka_unit_test(test_no_name_is_the_articles),
		cmocka_unit_test(test_every_name_finds_its_entity),
		cmocka_unit_test(test_han_queries_match_by_character),
		cmocka_unit_test(test_searches_of_the_issue),
	};

	return cmocka_run_group_tests_name(
	    "names", tests, api_setup, api_teardown);
}
