#!/bin/sh
# Shows that each data check fails when what it guards breaks: runs the
# data test programs against mutated copies of the database, of the
# article, of the not-facts list and of the list of claims not made, and
# requires, for each mutation, that the targeted test fails with at least
# one message it does not print on the unmutated data. The rules only the
# served answers show (the article's order, the honest totals, the years
# of an end the article does not give) are mutated too, and the HTTP
# program that runs the targeted test must fail on them.
#
# usage: sh tests/data/test_data-mutations.sh [BUILD]
# Run from the repository root; BUILD (build) holds aid.db and the test
# programs under tests/. Each test is run by the program of the lists
# below whose output on the unmutated data names it.  Rows are picked by
# query, not by id, so the script does not depend on the data.

set -u

build=${1:-build}
db=$build/aid.db
data="test_quotes test_numerals test_aliases test_hierarchy test_containment
    test_dates test_facts test_wording"
http="test_sort test_totals test_years"
article=${AID_SOURCE_FILE:-db/source/shanghai-yunnan-partner-aid.txt}
notfacts=${AID_NOT_FACTS:-tests/data/numerals-not-facts.tsv}
claims=${AID_NOT_CLAIMED:-tests/data/claims-not-made.tsv}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
misses=0

# run PROGRAM DB ARTICLE NOTFACTS OUT [CLAIMS]: the output of the test
# program in OUT
run() {
	AID_DB=$2 AID_SOURCE_FILE=$3 AID_NOT_FACTS=$4 \
	    AID_NOT_CLAIMED=${6:-$claims} "$build/tests/$1" >"$5" 2>&1
}

# program_of TEST PROGRAMS: the one of PROGRAMS whose unmutated run (in
# $tmp/base.PROGRAM) ran TEST
program_of() {
	for p in $2; do
		if grep -qxF "[ RUN      ] $1" "$tmp/base.$p"; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# block TEST FILE: the lines of TEST's run in FILE
block() {
	awk -v t="$1" '
	    $0 == "[ RUN      ] " t { on = 1; next }
	    on && ($0 ~ /^\[       OK \]/ || $0 ~ /^\[  FAILED  \]/) {
		print; exit }
	    on { print }' "$2"
}

# expect TEST WHAT DB ARTICLE NOTFACTS [CLAIMS]
expect() {
	if ! p=$(program_of "$1" "$data"); then
		printf 'MISSED %-30s %s: no data program runs it\n' "$1" "$2"
		misses=$((misses + 1))
		return
	fi
	run "$p" "$3" "$4" "$5" "$tmp/out" "${6:-}"
	block "$1" "$tmp/base.$p" >"$tmp/b"
	block "$1" "$tmp/out" >"$tmp/m"
	grep -vxF -f "$tmp/b" "$tmp/m" | grep -v '^\[' >"$tmp/new"
	if grep -qxF "[  FAILED  ] $1" "$tmp/m" && [ -s "$tmp/new" ]; then
		printf 'fails  %-30s %s\n' "$1" "$2"
		sed -n '1,3s/^/         | /p' "$tmp/new"
	else
		printf 'MISSED %-30s %s\n' "$1" "$2"
		misses=$((misses + 1))
	fi
}

# mutate TEST WHAT STATEMENTS: a copy of the database in $tmp/m.db with
# STATEMENTS applied; fails, counting a miss, when they do not apply
mutate() {
	cp "$db" "$tmp/m.db"
	if ! printf 'PRAGMA ignore_check_constraints = ON;\n%s\n' "$3" |
	    sqlite3 -bail "$tmp/m.db"; then
		printf 'BROKEN %-30s %s: the mutation did not apply\n' \
		    "$1" "$2"
		misses=$((misses + 1))
		return 1
	fi
}

# sql TEST WHAT STATEMENTS: mutate a copy of the database
sql() {
	mutate "$1" "$2" "$3" || return
	expect "$1" "$2" "$tmp/m.db" "$article" "$notfacts"
}

# text TEST WHAT ARTICLE NOTFACTS: mutated files, database unchanged
text() {
	expect "$1" "$2" "$db" "$3" "$4"
}

# claimlist TEST WHAT CLAIMS: a mutated list of claims not made
claimlist() {
	expect "$1" "$2" "$db" "$article" "$notfacts" "$3"
}

for p in $data; do
	run "$p" "$db" "$article" "$notfacts" "$tmp/base.$p"
done

# 1. The source.
sql test_source_is_the_article "title changed" \
    "UPDATE sources SET title = title || ' (copy)';"
sql test_source_is_the_article "publisher changed" \
    "UPDATE sources SET publisher = 'gpig';"
sql test_source_is_the_article "text one byte longer" \
    "UPDATE sources SET text = text || ' ';"
sql test_source_is_the_article "a second source" \
    "INSERT INTO sources SELECT id || '-2', title, publisher, published,
	language, text, url, rights FROM sources;"

# 2. Quotes.
sql test_quotes_verbatim "event quote with an extra x" \
    "UPDATE events SET quote = quote || 'x'
	WHERE id = (SELECT min(id) FROM events);"
sql test_quotes_verbatim "partnership quote with a typo fixed" \
    "UPDATE partnerships SET quote = replace(quote, 'a', 'A')
	WHERE id = (SELECT min(id) FROM partnerships);"
sql test_quotes_verbatim "funding quote with straight quotes" \
    "UPDATE funding SET quote = 'Shanghai ' || quote
	WHERE id = (SELECT min(id) FROM funding);"
sql test_quotes_verbatim "entity quote blank" \
    "UPDATE entities SET quote = ' '
	WHERE id = (SELECT min(id) FROM entities);"
sql test_quotes_verbatim "no event at all" \
    "DELETE FROM event_figures; DELETE FROM event_entities;
	DELETE FROM event_partnerships; DELETE FROM event_funding;
	DELETE FROM events;"

# 3. Numerals.
sed 's/ in ten batches\./ in ten batches and 77 hospitals./' \
    "$article" >"$tmp/article-77.txt"
text test_numerals_accounted "article with \"and 77 hospitals\"" \
    "$tmp/article-77.txt" "$notfacts"
sed 's/ in ten batches\./ in ten batches, with 2.5 million yuan./' \
    "$article" >"$tmp/article-money.txt"
text test_numerals_accounted "article with \"2.5 million yuan\"" \
    "$tmp/article-money.txt" "$notfacts"
sql test_numerals_accounted "largest event figure deleted" \
    "DELETE FROM event_figures WHERE (event_id, position) =
	(SELECT event_id, position FROM event_figures
	ORDER BY value DESC, 1, 2 LIMIT 1);"
sql test_numerals_accounted "funding amount off by one yuan" \
    "UPDATE funding SET amount_yuan = amount_yuan + 1
	WHERE id = (SELECT min(id) FROM funding);"
sql test_numerals_accounted "partnership counts, and figures restating them, dropped" \
    "DELETE FROM event_figures WHERE value IN (SELECT donor_count
	FROM partnerships UNION SELECT recipient_count FROM partnerships);
	UPDATE partnerships SET donor_count = NULL, recipient_count = NULL;"
sql test_numerals_accounted "decade event made a year event" \
    "UPDATE events SET precision = 'year'
	WHERE id = (SELECT min(id) FROM events WHERE precision = 'decade');"
sql test_numerals_accounted "event start years shifted" \
    "UPDATE events SET start_year = start_year + 1;"
sql test_numerals_accounted "published date changed" \
    "UPDATE sources SET published = '2018-02-03';"
sed '$d' "$notfacts" >"$tmp/nf-short.tsv"
text test_numerals_accounted "last not-facts row deleted" \
    "$article" "$tmp/nf-short.tsv"

# 3, converse. The not-facts list.
{ cat "$notfacts"; printf '77\tIn the 1960s\tnot in the context\n'; } \
    >"$tmp/nf-absent.tsv"
text test_not_facts_rows_used "row whose numeral is not in its context" \
    "$article" "$tmp/nf-absent.tsv"
{ cat "$notfacts"; printf '1960s\tIn the 1970s\tcontext not in article\n'; } \
    >"$tmp/nf-context.tsv"
text test_not_facts_rows_used "row whose context is not in the article" \
    "$article" "$tmp/nf-context.tsv"
{ cat "$notfacts"; printf '1960s\tIn the 1960s\t\n'; } >"$tmp/nf-reason.tsv"
text test_not_facts_rows_used "row without a reason" \
    "$article" "$tmp/nf-reason.tsv"
{ cat "$notfacts"; printf '1960s In the 1960s\n'; } >"$tmp/nf-fields.tsv"
text test_not_facts_rows_used "row without tabs" \
    "$article" "$tmp/nf-fields.tsv"
sed '1s/.*/numeral,context,reason/' "$notfacts" >"$tmp/nf-header.tsv"
text test_not_facts_rows_used "wrong header" \
    "$article" "$tmp/nf-header.tsv"

# 4. Ids and names.
sql test_ids_are_slugs "event id with capitals and _" \
    "UPDATE events SET id = 'Bad_Id' WHERE id = (SELECT min(id) FROM events);"
sql test_ids_are_slugs "entity id with a double hyphen" \
    "UPDATE entities SET id = 'a--b' WHERE id = (SELECT min(id) FROM entities);"
sql test_ids_are_slugs "funding id ending in a hyphen" \
    "UPDATE funding SET id = 'x-' WHERE id = (SELECT min(id) FROM funding);"
sql test_ids_unique "partnerships without a primary key, one row twice" \
    "CREATE TABLE p2 AS SELECT * FROM partnerships;
	INSERT INTO p2 SELECT * FROM partnerships ORDER BY id LIMIT 1;
	PRAGMA legacy_alter_table = ON;
	ALTER TABLE partnerships RENAME TO p_old;
	ALTER TABLE p2 RENAME TO partnerships;"
sql test_entity_names_unique "two entities named alike" \
    "UPDATE entities SET name = upper((SELECT name FROM entities
	ORDER BY id LIMIT 1)) WHERE id = (SELECT id FROM entities
	ORDER BY id LIMIT 1 OFFSET 1);"

# 5. Hierarchy.
sql test_parents_exist "parent that does not exist" \
    "UPDATE entities SET parent = 'no-such-place'
	WHERE id = (SELECT min(id) FROM entities WHERE parent IS NOT NULL);"
sql test_hierarchy_acyclic "a top entity made the child of its child" \
    "UPDATE entities SET parent = (SELECT c.id FROM entities c
	JOIN entities p ON c.parent = p.id WHERE p.parent IS NULL
	ORDER BY c.id LIMIT 1)
	WHERE id = (SELECT p.id FROM entities c
	JOIN entities p ON c.parent = p.id WHERE p.parent IS NULL
	ORDER BY c.id LIMIT 1);"
sql test_hierarchy_acyclic "an entity its own parent" \
    "UPDATE entities SET parent = id WHERE id = (SELECT min(id) FROM entities);"
sql test_kinds_nest "a prefecture without a parent" \
    "UPDATE entities SET parent = NULL
	WHERE id = (SELECT min(id) FROM entities WHERE kind = 'prefecture');"
sql test_kinds_nest "a county under a company" \
    "UPDATE entities SET kind = 'county', parent = (SELECT min(id)
	FROM entities WHERE kind = 'company')
	WHERE id = (SELECT min(id) FROM entities WHERE kind IN ('city',
	'county'));"
sql test_kinds_nest "a Shanghai district under a province" \
    "UPDATE entities SET parent = (SELECT min(id) FROM entities
	WHERE kind = 'province') WHERE id = (SELECT min(id) FROM entities
	WHERE kind = 'district' AND side = 'shanghai');"

# 6. Aliases.
sql test_aliases_unambiguous "alias that is another entity's name" \
    "INSERT INTO entity_aliases SELECT (SELECT id FROM entities ORDER BY id
	LIMIT 1), 99, (SELECT name FROM entities ORDER BY id LIMIT 1 OFFSET 1);"
sql test_aliases_unambiguous "alias that is another entity's id" \
    "INSERT INTO entity_aliases SELECT (SELECT id FROM entities ORDER BY id
	LIMIT 1), 99, (SELECT upper(id) FROM entities ORDER BY id
	LIMIT 1 OFFSET 2);"
sql test_aliases_unambiguous "one alias on two entities" \
    "INSERT INTO entity_aliases SELECT (SELECT id FROM entities
	WHERE id NOT IN (SELECT entity_id FROM entity_aliases) ORDER BY id
	LIMIT 1), 99, (SELECT alias FROM entity_aliases
	ORDER BY entity_id, position LIMIT 1);"
sql test_aliases_not_name "alias that is its own name in capitals" \
    "INSERT INTO entity_aliases SELECT id, 99, upper(name) FROM entities
	ORDER BY id LIMIT 1;"
sql test_aliases_in_article "alias not spelled in the article" \
    "INSERT INTO entity_aliases SELECT id, 99, 'Nowhere In The Article'
	FROM entities ORDER BY id LIMIT 1;"
sql test_aliases_in_article "alias in another case than the article's" \
    "UPDATE entity_aliases SET alias = lower(alias)
	WHERE (entity_id, position) = (SELECT entity_id, position
	FROM entity_aliases WHERE alias <> lower(alias) ORDER BY 1, 2 LIMIT 1);"

# 7. Consistency.
sql test_periods_ordered "partnership ending a year before it starts" \
    "UPDATE partnerships SET end_year = start_year - 1
	WHERE id = (SELECT min(id) FROM partnerships);"
sql test_periods_ordered "event ending in an earlier month of its year" \
    "UPDATE events SET start_month = 12, end_year = start_year,
	end_month = 1 WHERE id = (SELECT min(id) FROM events);"
sql test_event_precision "month event without a month" \
    "UPDATE events SET start_month = NULL
	WHERE id = (SELECT min(id) FROM events WHERE precision = 'month');"
sql test_event_precision "decade event ending 10 years later" \
    "UPDATE events SET end_year = start_year + 10
	WHERE id = (SELECT min(id) FROM events WHERE precision = 'decade');"
sql test_event_precision "decade event starting in a year ending in 1" \
    "UPDATE events SET start_year = start_year + 1, end_year = end_year + 1
	WHERE id = (SELECT min(id) FROM events WHERE precision = 'decade');"
sql test_partnership_parties "partnership without recipients" \
    "DELETE FROM partnership_parties WHERE role = 'recipient'
	AND partnership_id = (SELECT min(id) FROM partnerships);"
sql test_partnership_parties "partnership without donors" \
    "DELETE FROM partnership_parties WHERE role = 'donor'
	AND partnership_id = (SELECT max(id) FROM partnerships);"
sql test_funding_part_of "container not cumulative" \
    "UPDATE funding SET cumulative = 0
	WHERE id IN (SELECT part_of FROM funding);"
sql test_funding_part_of "part starting before its container" \
    "UPDATE funding SET start_year = (SELECT c.start_year - 1 FROM funding c
	WHERE c.id = funding.part_of) WHERE id = (SELECT min(id) FROM funding
	WHERE part_of IS NOT NULL);"
sql test_funding_part_of "part ongoing in a closed container" \
    "UPDATE funding SET end_year = NULL, end_month = NULL
	WHERE id = (SELECT min(id) FROM funding WHERE part_of IS NOT NULL);"
sql test_funding_part_of "part with a recipient outside its container" \
    "INSERT INTO funding_recipients (funding_id, position, entity_id,
	inferred) SELECT (SELECT min(id) FROM funding
	WHERE part_of IS NOT NULL), 99, (SELECT min(id) FROM entities
	WHERE kind = 'district' AND side = 'shanghai'), 1;"
sql test_funding_part_of "part whose read recipient is called stated" \
    "UPDATE funding_recipients SET inferred = 0 WHERE funding_id =
	(SELECT min(f.id) FROM funding f JOIN funding_recipients r
	ON r.funding_id = f.id WHERE f.part_of IS NOT NULL AND r.inferred);"
sql test_funding_part_of "part_of a row that does not exist" \
    "UPDATE funding SET part_of = 'no-such-row'
	WHERE id = (SELECT min(id) FROM funding WHERE part_of IS NOT NULL);"
sql test_funding_part_of_acyclic "container made part of its part" \
    "UPDATE funding SET part_of = (SELECT min(id) FROM funding
	WHERE part_of IS NOT NULL) WHERE id = (SELECT part_of FROM funding
	WHERE part_of IS NOT NULL ORDER BY id LIMIT 1);"
sql test_funding_cumulative "running total not cumulative" \
    "UPDATE funding SET cumulative = 0 WHERE id = (SELECT min(id) FROM funding
	WHERE quote LIKE '%accumulatively%' OR quote LIKE '%in the past%');"
sql test_funding_bound "bound flipped" \
    "UPDATE funding SET bound = CASE bound WHEN 'exact' THEN 'at_least'
	ELSE 'exact' END WHERE id = (SELECT min(id) FROM funding);"
sql test_funding_bound "\"more than\" amount made exact" \
    "UPDATE funding SET bound = 'exact' WHERE id = (SELECT min(id)
	FROM funding WHERE quote LIKE '%more than%');"
sql test_funding_bound "amount not in the quote" \
    "UPDATE funding SET amount_yuan = amount_yuan * 10
	WHERE id = (SELECT min(id) FROM funding);"

# 8. Figures.
sql test_figures_valid "figure of value 0" \
    "UPDATE event_figures SET value = 0 WHERE (event_id, position) =
	(SELECT event_id, position FROM event_figures ORDER BY 1, 2 LIMIT 1);"
sql test_figures_valid "figure without a label" \
    "UPDATE event_figures SET label = ' ' WHERE (event_id, position) =
	(SELECT event_id, position FROM event_figures ORDER BY 1, 2 LIMIT 1);"
sql test_figures_valid "figure without a unit" \
    "UPDATE event_figures SET unit = '' WHERE (event_id, position) =
	(SELECT event_id, position FROM event_figures ORDER BY 1, 2 LIMIT 1);"

# 9. References.
sql test_foreign_keys "event naming an entity that does not exist" \
    "INSERT INTO event_entities SELECT (SELECT min(id) FROM events), 99,
	'no-such-entity';"
sql test_foreign_keys "funding donor that does not exist" \
    "UPDATE funding SET donor = 'nobody' WHERE id = (SELECT min(id)
	FROM funding);"
sql test_foreign_keys "partnership party that does not exist" \
    "UPDATE partnership_parties SET entity_id = 'nobody'
	WHERE (partnership_id, role, position) = (SELECT partnership_id, role,
	position FROM partnership_parties ORDER BY 1, 2, 3 LIMIT 1);"

# 10. Possible containment, inferred dates, figures within figures,
# sectors, what events involve, where facts stand in the article.
sql test_funding_possibly_part_of "possible container not cumulative" \
    "UPDATE funding SET cumulative = 0
	WHERE id IN (SELECT possibly_part_of FROM funding);"
sql test_funding_possibly_part_of "possibly part of a record of another kind" \
    "UPDATE funding SET kind = 'donation' WHERE id = (SELECT min(id)
	FROM funding WHERE possibly_part_of IS NOT NULL);"
sql test_funding_possibly_part_of "possibly part of a later record" \
    "UPDATE funding SET start_year = 1990 WHERE id = (SELECT min(id)
	FROM funding WHERE possibly_part_of IS NOT NULL);"
sql test_funding_possibly_part_of "both part_of and possibly_part_of" \
    "UPDATE funding SET possibly_part_of = part_of, part_of = part_of
	WHERE id = (SELECT min(id) FROM funding WHERE part_of IS NOT NULL);"
sql test_funding_possibly_part_of "containers in a cycle" \
    "UPDATE funding SET possibly_part_of = (SELECT min(id) FROM funding
	WHERE possibly_part_of IS NOT NULL)
	WHERE id = (SELECT possibly_part_of FROM funding
	WHERE possibly_part_of IS NOT NULL ORDER BY id LIMIT 1);"
sql test_inferred_dates_explained "inferred date the summary does not explain" \
    "UPDATE partnerships SET summary = 'A pairing.' WHERE id = (SELECT min(id)
	FROM partnerships WHERE start_inferred = 1);"
sql test_inferred_dates_explained "inferred date called the article's year" \
    "UPDATE events SET summary = summary || ' The year is the article''s.'
	WHERE id = (SELECT min(id) FROM events WHERE start_inferred = 1);"
sql test_figures_part_of "figure part of a smaller one" \
    "UPDATE event_figures SET part_of = (SELECT min(position)
	FROM event_figures g WHERE g.event_id = event_figures.event_id
	AND g.value < event_figures.value)
	WHERE (event_id, position) = (SELECT event_id, max(position)
	FROM event_figures GROUP BY event_id ORDER BY max(value) DESC LIMIT 1);"
sql test_figures_part_of "figure part of one in another unit" \
    "UPDATE event_figures SET unit = 'units' WHERE (event_id, position) =
	(SELECT event_id, part_of FROM event_figures WHERE part_of IS NOT NULL
	LIMIT 1);"
sql test_sectors_by_rule "hospitals' partnership filed as poverty alleviation" \
    "UPDATE partnerships SET sector = 'poverty_alleviation'
	WHERE sector = 'health';"
sql test_sectors_by_rule "companies' partnership filed by the kind of donor" \
    "UPDATE partnerships SET sector = 'ethnic_minority' WHERE id = (SELECT
	min(partnership_id) FROM partnership_parties x JOIN entities e
	ON e.id = x.entity_id WHERE e.kind = 'company');"
sql test_event_involvement "an event without the recipients of its funding" \
    "DELETE FROM event_involvement WHERE (event_id, entity_id) = (SELECT
	x.event_id, r.entity_id FROM event_funding x JOIN funding_recipients r
	ON r.funding_id = x.funding_id WHERE NOT EXISTS (SELECT 1
	FROM event_entities e WHERE e.event_id = x.event_id
	AND e.entity_id = r.entity_id) ORDER BY 1, 2 LIMIT 1);"
sql test_article_positions "an event placed before its quote" \
    "UPDATE item_refs SET position = position - 1
	WHERE resource = 'events' AND id = (SELECT min(id) FROM events);"

# 11. Located, not shared; stated or read; one rule for dates; ends; the
# words of the summaries.
sql test_locations "a location above the group's parent" \
    "UPDATE entity_locations SET place_id = (SELECT g.parent FROM entities g
	WHERE g.id = entity_locations.entity_id)
	WHERE (entity_id, position) = (SELECT entity_id, position
	FROM entity_locations ORDER BY 1, 2 LIMIT 1);"
sql test_locations "a location of a company" \
    "UPDATE entity_locations SET entity_id = (SELECT min(id) FROM entities
	WHERE kind = 'company') WHERE (entity_id, position) = (SELECT
	entity_id, position FROM entity_locations ORDER BY 1, 2 LIMIT 1);"
sql test_locations "the places a group lies in listed as recipients beside it" \
    "INSERT INTO funding_recipients (funding_id, position, entity_id,
	inferred) SELECT r.funding_id, 90 + l.position, l.place_id, 0
	FROM funding_recipients r JOIN entity_locations l
	ON l.entity_id = r.entity_id AND NOT l.inferred WHERE NOT r.inferred
	AND NOT EXISTS (SELECT 1 FROM funding_recipients x
	WHERE x.funding_id = r.funding_id AND x.entity_id = l.place_id);"
sql test_stated_or_read "a record whose every recipient is read" \
    "UPDATE funding_recipients SET inferred = 1 WHERE funding_id =
	(SELECT min(funding_id) FROM funding_recipients);"
sql test_stated_or_read "a read containment stated as a fact" \
    "UPDATE funding SET summary = 'Part of the June 2011 running total. ' ||
	summary WHERE id = (SELECT min(id) FROM funding
	WHERE part_of_inferred);"
sql test_stated_or_read "a read recipient its summary does not call read" \
    "UPDATE funding SET summary = replace(replace(summary, 'read', 'seen'),
	'Read', 'Seen') WHERE id = (SELECT min(funding_id)
	FROM funding_recipients WHERE inferred);"
sql test_dates_by_rule "partnerships dated by a decision, their starts stated" \
    "UPDATE partnerships SET start_inferred = 0
	WHERE quote LIKE '%to establish%';"
sql test_dates_by_rule "a start stated that its quote does not give" \
    "UPDATE funding SET start_inferred = 0 WHERE id = (SELECT min(id)
	FROM funding WHERE start_inferred = 1);"
sql test_dates_by_rule "a start inferred that its quote gives" \
    "UPDATE events SET start_inferred = 1 WHERE id = (SELECT min(id)
	FROM events WHERE start_inferred = 0);"
sql test_dates_by_rule "an end stated that its quote does not give" \
    "UPDATE funding SET end_inferred = 0 WHERE id = (SELECT min(id)
	FROM funding WHERE end_inferred = 1);"
sql test_dates_by_rule "a last attested date stated that its quote does not give" \
    "UPDATE partnerships SET known_until_inferred = 0 WHERE id = (SELECT
	min(id) FROM partnerships WHERE known_until_inferred = 1
	AND instr(quote, known_until_year) = 0);"
sql test_ends "an end the article does not give served as going on" \
    "UPDATE partnerships SET end_status = 'ongoing', known_until_year = NULL,
	known_until_month = NULL, known_until_inferred = 0 WHERE id = (SELECT
	min(id) FROM partnerships WHERE end_status = 'unknown');"
sql test_ends "an unknown end its summary does not tell" \
    "UPDATE partnerships SET summary = replace(summary, 'gives no end',
	'is silent') WHERE id = (SELECT min(id) FROM partnerships
	WHERE end_status = 'unknown');"
sql test_ends "known until after the article's date" \
    "UPDATE partnerships SET known_until_year = 2030 WHERE id = (SELECT
	min(id) FROM partnerships WHERE end_status = 'unknown');"
sql test_texts_name_no_field "a summary naming a field" \
    "UPDATE partnerships SET summary = summary || ' So donor_count is empty.'
	WHERE id = (SELECT min(id) FROM partnerships);"
sql test_texts_name_no_field "a figure label naming a value of the schema" \
    "UPDATE event_figures SET label = label || ' (at_least)'
	WHERE (event_id, position) = (SELECT event_id, position
	FROM event_figures ORDER BY 1, 2 LIMIT 1);"
sql test_claims_not_made "a summary that says main targets" \
    "UPDATE events SET summary = summary ||
	' Diqing became one of its main targets of support.'
	WHERE id = (SELECT min(id) FROM events);"
sql test_claims_not_made "an entity note with a claim of the list" \
    "UPDATE entities SET note = 'Part of the June 2011 running total.'
	WHERE id = (SELECT min(id) FROM entities);"
{ cat "$claims"; printf 'a phrase without why\n'; } >"$tmp/claims-why.tsv"
claimlist test_claims_not_made "a row of the list without why" \
    "$tmp/claims-why.tsv"
sed '1s/.*/phrase,why/' "$claims" >"$tmp/claims-header.tsv"
claimlist test_claims_not_made "a list with the wrong header" \
    "$tmp/claims-header.tsv"

# 12. What only the served answers show, by the HTTP programs.
# http_sql TEST WHAT STATEMENTS: the HTTP program on a mutated copy of the
# database must fail TEST, which it passes on the database itself.
http_sql() {
	mutate "$1" "$2" "$3" || return
	if ! p=$(program_of "$1" "$http"); then
		printf 'MISSED %-30s %s: no HTTP program runs it\n' "$1" "$2"
		misses=$((misses + 1))
		return
	fi
	AID_DB="$tmp/m.db" "$build/tests/$p" >"$tmp/hout" 2>&1
	block "$1" "$tmp/base.$p" >"$tmp/b"
	block "$1" "$tmp/hout" >"$tmp/m"
	if grep -qxF "[  FAILED  ] $1" "$tmp/m" &&
	    ! grep -qxF "[  FAILED  ] $1" "$tmp/b"; then
		printf 'fails  %-30s %s\n' "$1" "$2"
		grep -v '^\[' "$tmp/m" | sed -n '1,3s/^/         | /p'
	else
		printf 'MISSED %-30s %s\n' "$1" "$2"
		misses=$((misses + 1))
	fi
}

for p in $http; do
	AID_DB="$db" "$build/tests/$p" >"$tmp/base.$p" 2>&1
done
# The article's order, as the server answers it: the Third Front ("In the
# 1960s") moved after the educated youths ("At the end of the 1960s")
# must break the hand-checked order.
http_sql test_article_order \
    "the 1960s relocation told after the educated youths" \
    "UPDATE item_refs SET position = (SELECT position + 1
    FROM item_refs WHERE resource = 'events'
    AND id = '1960s-educated-youths-to-yunnan')
    WHERE resource = 'events' AND id = '1960s-third-front-relocation';"
# The honest totals, by hand from the article: a reading counted as
# stated, a place a group lies in made its recipient, a read
# containment made certain.
http_sql test_totals_by_recipient_by_hand \
    "a recipient read from context counted as stated" \
    "UPDATE funding_recipients SET inferred = 0 WHERE inferred;"
http_sql test_totals_by_recipient_by_hand \
    "the places the De'ang villages lie in made recipients beside them" \
    "INSERT INTO funding_recipients (funding_id, position, entity_id,
    inferred) SELECT r.funding_id, 90 + l.position, l.place_id, 0
    FROM funding_recipients r JOIN entity_locations l
    ON l.entity_id = r.entity_id WHERE r.entity_id =
    'deang-natural-villages' AND NOT r.inferred;"
http_sql test_totals_by_kind_by_hand \
    "the containments read in the article made stated" \
    "UPDATE funding SET part_of_inferred = 0;"
http_sql test_totals_by_recipient_by_hand "where the groups lie forgotten" \
    "DELETE FROM entity_locations;"
# Years: an end the article does not give, served as going on.
http_sql test_years_unknown_end \
    "an unknown end taken as going on to today" \
    "UPDATE partnerships SET end_status = 'ongoing',
    known_until_year = NULL, known_until_month = NULL,
    known_until_inferred = 0 WHERE end_status = 'unknown';"

if [ "$misses" -ne 0 ]; then
	echo "$misses mutation(s) not caught"
	exit 1
fi
echo "every mutation caught"
