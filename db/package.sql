-- The Frictionless Data Package of the data (Data Package, Tabular Data
-- Resource and Table Schema specifications, v1): one CSV file per table a
-- researcher needs, and datapackage.json describing them. Run last by
-- build/aid-mkdb, after the data and derive.sql; the server serves the
-- files of package_files at /api/v1/datapackage/{path}.
--
-- Written by hand: which tables are resources, their titles and
-- descriptions, and the descriptions of some fields. Read from the schema
-- (so that a column added to a table is in the package with nothing
-- written here): every field and its type (INTEGER integer, TEXT string;
-- a column whose definition holds "IN (0, 1)" boolean, one that must
-- GLOB a date date), whether it is required (NOT NULL or in the primary
-- key), the primary key, the foreign keys to other resources, and, for a
-- column that refers to an enumeration table (value, position, label),
-- the values it may take.

CREATE TEMP TABLE package_resources (
  position    INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE, -- the table, and its CSV file's name
  title       TEXT NOT NULL,
  description TEXT NOT NULL
);
INSERT INTO package_resources (position, name, title, description) VALUES
  (1, 'sources', 'Sources',
   'The article every fact comes from: title, publisher, date of publication, language and its whole text. The text belongs to its publisher and is reproduced for provenance: it is under none of this package''s licences. url is empty: the article''s original web address is not known.'),
  (2, 'entities', 'Entities',
   'Every place, organisation, programme, group of people and ethnic group the article names: its modern English name, kind, side (Shanghai''s, Yunnan''s or national), parent place, a note, and the article''s first mention of it.'),
  (3, 'entity_aliases', 'Aliases of entities',
   'Every other spelling the article uses for an entity (short forms, former names, misspellings), in order.'),
  (4, 'entity_locations', 'Where groups lie',
   'Each place a group of people or villages lies in, stated by the article or read from it (inferred). A relation of its own: the group is the recipient of what it receives, and the places it lies in share it.'),
  (5, 'name_rules', 'Rules of the Chinese names',
   'Where the Chinese names come from: the rule each follows.'),
  (6, 'chinese_names', 'Chinese names of places and ethnic groups',
   'The standard names of the places and ethnic groups of China in simplified Chinese characters and in Hanyu Pinyin with tone marks. NOT FROM THE ARTICLE: each follows its rule (name_rules). Where the name is not certain, zh and pinyin are empty and null_reason says why.'),
  (7, 'chinese_former_names', 'Former Chinese names',
   'Names a place or ethnic group had before, with the year the next name replaced them (思茅 for Pu''er). Not from the article.'),
  (8, 'partnerships', 'Partnerships',
   'Who was paired with whom, when, in what sector. The counts of parties only where the article states a number. A date the article implies without stating it is marked inferred, and the summary says how. end_status says whether it ended (the end given), goes on (the article says so) or is unknown (no end given: known_until is then the last date the article attests).'),
  (9, 'partnership_parties', 'Parties of partnerships',
   'The donors and recipients of each partnership, in order.'),
  (10, 'funding', 'Funding',
   'Every amount of money the article gives, in integer yuan. bound is at_least where the article says "more than"; cumulative marks running totals; part_of names the record that contains this one (never add both), part_of_inferred where that is read rather than stated; possibly_part_of one that may contain it (add neither).'),
  (11, 'funding_recipients', 'Recipients of funding',
   'The recipients of each funding record, in order; inferred where the article ties the amount to it only by context.'),
  (12, 'events', 'Events',
   'The timeline: each event with its start and end, end_status (ended, ongoing or unknown, with known_until), precision (decade, year or month), title, summary and category.'),
  (13, 'event_entities', 'Entities of events',
   'The entities each event''s passage names, in order.'),
  (14, 'event_figures', 'Figures of events',
   'Every quantity an event''s passage states, in numerals or words, one row each: label, integer value, unit and bound. part_of is the position of the figure of the same event that contains this one (the 2,858 projects among the 5,249), so that nothing adds them.'),
  (15, 'event_partnerships', 'Partnerships of events',
   'The partnerships each event tells of.'),
  (16, 'event_funding', 'Funding of events',
   'The funding records each event tells of.');

-- Field descriptions; '*' for a column of that name in any resource.
CREATE TEMP TABLE package_field_notes (
  resource    TEXT NOT NULL,
  field       TEXT NOT NULL,
  description TEXT NOT NULL,
  PRIMARY KEY (resource, field)
);
INSERT INTO package_field_notes (resource, field, description) VALUES
  ('*', 'source_id', 'The source (sources.id) that states the fact.'),
  ('*', 'quote', 'The verbatim excerpt of the article that states the fact, typos included: the publisher''s words, not under this package''s licence.'),
  ('*', 'position', 'The place in its list, from 1.'),
  ('*', 'start_month', 'Empty where the article gives only a year or a decade.'),
  ('*', 'end_year', 'Empty for what is still going on.'),
  ('*', 'end_month', 'Empty where the article gives only a year or a decade, or no end.'),
  ('*', 'start_inferred', 'True where the article implies the start without stating it; the summary says how.'),
  ('*', 'end_inferred', 'True where the article implies the end without stating it; the summary says how.'),
  ('*', 'summary', 'Written by the project, not the article''s words.'),
  ('entities', 'id', 'A stable lowercase slug.'),
  ('entities', 'name', 'The modern English name.'),
  ('entities', 'parent', 'The smallest named place holding it; empty for organisations, programmes and ethnic groups.'),
  ('entities', 'quote', 'The article''s first mention of the entity, verbatim.'),
  ('sources', 'text', 'The article''s whole text, verbatim. It belongs to its publisher and is reproduced for provenance only.'),
  ('sources', 'url', 'The article''s original web address: empty, because it is not known (none is made up).'),
  ('sources', 'rights', 'Whose the text is.'),
  ('partnerships', 'donor_count', 'The number of donors where the article states one; else empty.'),
  ('partnerships', 'recipient_count', 'The number of recipients where the article states one; else empty.'),
  ('funding', 'amount_yuan', 'The amount in yuan, an integer ("6.6 million" is 6600000).'),
  ('funding', 'bound', 'exact, or at_least where the article says "more than".'),
  ('funding', 'cumulative', 'True for a running total ("accumulatively provided").'),
  ('funding', 'part_of', 'The funding record that contains this one: never add both.'),
  ('funding', 'possibly_part_of', 'A funding record that may contain this one where the article leaves it open: add neither.'),
  ('events', 'precision', 'decade, year or month.'),
  ('event_figures', 'value', 'An integer.'),
  ('event_figures', 'bound', 'exact, or at_least where the passage says "more than" or "thousands".'),
  ('event_figures', 'part_of', 'The position of the figure of the same event that contains this one, or empty.'),
  ('chinese_names', 'zh', 'The official name in simplified Chinese characters; empty where not certain.'),
  ('chinese_names', 'pinyin', 'The official name in Hanyu Pinyin with tone marks; empty where not certain.'),
  ('chinese_names', 'short_zh', 'The proper name alone (文山 of 文山壮族苗族自治州).'),
  ('chinese_names', 'short_pinyin', 'The proper name alone in Hanyu Pinyin (Wénshān).'),
  ('chinese_names', 'null_reason', 'Why zh and pinyin are empty; empty where they are given.'),
  ('chinese_former_names', 'until_year', 'The year the next name replaced this one.');

-- Every column of every resource: its definition's line in the schema,
-- read for what pragma_table_info does not say (booleans, dates).
CREATE TEMP VIEW package_columns AS
SELECT r.position AS rpos, r.name AS resource, c.cid, c.name, c.type,
       c."notnull" AS not_null, c.pk,
       (SELECT substr(rest, 1, instr(rest || char(10), char(10)) - 1)
          FROM (SELECT substr(t.sql, instr(t.sql, char(10) || '  ' || c.name || ' ') + 1) AS rest)
       ) AS line,
       (SELECT f."table" FROM pragma_foreign_key_list(r.name) f
         WHERE f."from" = c.name AND f."table" NOT IN (SELECT name FROM package_resources)
         LIMIT 1) AS enumeration
  FROM package_resources r
  JOIN sqlite_schema t ON t.type = 'table' AND t.name = r.name
  JOIN pragma_table_info(r.name) c;

CREATE TEMP VIEW package_fields AS
SELECT rpos, resource, cid,
  json_patch(
    json_object(
      'name', name,
      'type', CASE WHEN line LIKE '%IN (0, 1)%' THEN 'boolean'
                   WHEN line LIKE '%GLOB ''[12][0-9][0-9][0-9]-%' THEN 'date'
                   WHEN upper(type) = 'INTEGER' THEN 'integer'
                   ELSE 'string' END),
    json_object(
      'description', coalesce(
        (SELECT n.description FROM package_field_notes n
          WHERE n.resource = package_columns.resource AND n.field = name),
        (SELECT n.description FROM package_field_notes n
          WHERE n.resource = '*' AND n.field = name)),
      'trueValues', json(CASE WHEN line LIKE '%IN (0, 1)%' THEN '["1"]' END),
      'falseValues', json(CASE WHEN line LIKE '%IN (0, 1)%' THEN '["0"]' END),
      'constraints', json(CASE WHEN not_null OR pk > 0 OR enumeration IS NOT NULL
        THEN json_patch(json_object('required', json(CASE WHEN not_null OR pk > 0 THEN 'true' END)),
                        json_object('enum', json(CASE WHEN enumeration IS NOT NULL
                                                      THEN enum_values(enumeration) END)))
        END))) AS field
FROM package_columns;

-- The Table Schema of each resource: fields, primary key, foreign keys
-- (to resources of the package; a reference to the resource itself names
-- the resource ""). A key of several columns of which one may be empty is
-- left out: SQLite does not check such a key where a column is empty, a
-- Table Schema does unless all are (event_figures' part_of, whose relation
-- its description gives; the build checks it).
CREATE TEMP VIEW package_schemas AS
SELECT r.position, r.name,
  json_patch(
    json_object(
      'fields', (SELECT json_group_array(json(field)) FROM
                   (SELECT field FROM package_fields f
                     WHERE f.resource = r.name ORDER BY cid)),
      'primaryKey', (SELECT json_group_array(name) FROM
                       (SELECT c.name FROM pragma_table_info(r.name) c
                         WHERE c.pk > 0 ORDER BY c.pk))),
    json_object('foreignKeys', (
      SELECT CASE WHEN count(*) > 0 THEN json_group_array(json(fk)) END FROM (
        SELECT json_object(
                 'fields', json_group_array(k."from"),
                 'reference', json_object(
                   'resource', CASE WHEN k."table" = r.name THEN '' ELSE k."table" END,
                   'fields', json_group_array(k."to"))) AS fk
          FROM (SELECT f.*, (SELECT c."notnull" = 0 AND c.pk = 0
                               FROM pragma_table_info(r.name) c
                              WHERE c.name = f."from") AS nullable
                  FROM pragma_foreign_key_list(r.name) f
                 ORDER BY f.id DESC, f.seq) k
         WHERE k."table" IN (SELECT name FROM package_resources)
         GROUP BY k.id HAVING count(*) = 1 OR sum(k.nullable) = 0
         ORDER BY k.id DESC)))) AS schema
FROM package_resources r;

INSERT INTO package_files (path, media_type, content)
SELECT r.name || '.csv', 'text/csv; charset=utf-8; header=present',
       table_csv(r.name)
  FROM package_resources r;

INSERT INTO package_files (path, media_type, content)
SELECT 'datapackage.json', 'application/json; charset=utf-8',
  json_canonical(json_object(
    'profile', 'tabular-data-package',
    'name', (SELECT value FROM about WHERE key = 'name'),
    'title', (SELECT value FROM about WHERE key = 'title'),
    'description', (SELECT value FROM about WHERE key = 'description')
      || ' Licences: the structured data is '
      || (SELECT name || ' (' || spdx || ')' FROM licences WHERE part = 'data')
      || '; the code that makes it is '
      || (SELECT name FROM licences WHERE part = 'code')
      || '; the article''s text and the quotes of it are its publisher''s ('
      || (SELECT holder FROM licences WHERE part = 'article_text')
      || '), reproduced for provenance under none of these.',
    'version', dataset_version(),
    'created', data_date(),
    'keywords', json_array('Shanghai', 'Yunnan', 'partner aid',
                           'poverty alleviation', 'China'),
    'licenses', (SELECT json_group_array(json_object(
                   'name', spdx, 'path', url, 'title', name))
                   FROM licences WHERE part = 'data'),
    'sources', (SELECT json_group_array(json_object(
                  'title', s.title || ' (' || s.publisher || ', '
                           || s.published || ')'
                           || CASE WHEN s.url IS NULL
                                   THEN '; its original web address is not known'
                                   ELSE '' END))
                  FROM sources s),
    'contributors', json_array(json_object(
                      'title', (SELECT value FROM about WHERE key = 'author'),
                      'role', 'author')),
    'rights', (SELECT json_group_object(part, json_object(
                 'license', spdx, 'name', name, 'url', url,
                 'holder', holder, 'note', note))
                 FROM (SELECT * FROM licences ORDER BY position)),
    'resources', (SELECT json_group_array(json(res)) FROM (
      SELECT json_object(
               'profile', 'tabular-data-resource',
               'name', r.name,
               'path', r.name || '.csv',
               'title', r.title,
               'description', r.description,
               'format', 'csv',
               'mediatype', 'text/csv',
               'encoding', 'utf-8',
               'dialect', json_object('delimiter', ',', 'lineTerminator', char(13, 10),
                                      'quoteChar', '"', 'doubleQuote', json('true'),
                                      'header', json('true')),
               'bytes', (SELECT length(CAST(p.content AS BLOB)) FROM package_files p
                          WHERE p.path = r.name || '.csv'),
               'schema', json(s.schema)) AS res
        FROM package_resources r JOIN package_schemas s ON s.name = r.name
       ORDER BY r.position))));
