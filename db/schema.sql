-- aid-api store: the tables the data files fill, and the derived tables and
-- views the server reads. Built by build/aid-mkdb (db/mkdb.c) in this order:
-- schema.sql, data/*.sql (sorted by name), derive.sql.
--
-- Conventions:
--   * ids are lowercase slugs: [a-z0-9] words joined by single hyphens;
--   * a date is a (year, month) pair, month NULL when the article gives only
--     the year or the decade; an end year NULL means the article gives no
--     end, and end_status says why: 'ongoing' (the article says it goes
--     on) or 'unknown' (it does not say; known_until is then the last date
--     the article attests it); a date the article implies without stating
--     it has its *_inferred flag set (and the summary says how it is
--     inferred);
--   * every fact row has source_id and quote, a verbatim excerpt of the
--     source text (checked by the test suite, not trusted);
--   * list columns (donors, recipients, entities, figures) are child tables
--     ordered by position.

PRAGMA user_version = 5; -- the schema version; db/store.h names the one the server reads

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- The enumerations: every value a column may take, in the order the API
-- lists them, with how a person says it. The columns below refer to them,
-- the server reads its choices from them at start-up, and
-- tests/test_unit_request.c checks that the OpenAPI document lists the same.
CREATE TABLE entity_kinds (
  value    TEXT PRIMARY KEY,
  position INTEGER NOT NULL UNIQUE,
  label    TEXT NOT NULL,
  place    INTEGER NOT NULL CHECK (place IN (0, 1)) -- a place, or a group of places
) WITHOUT ROWID;
INSERT INTO entity_kinds (value, position, label, place) VALUES
  ('municipality', 1, 'Municipality', 1), ('province', 2, 'Province', 1),
  ('prefecture', 3, 'Prefecture', 1), ('city', 4, 'City', 1),
  ('district', 5, 'District', 1), ('county', 6, 'County', 1),
  ('town', 7, 'Town', 1), ('village', 8, 'Village', 1),
  ('county_group', 9, 'Group of counties', 1),
  ('village_group', 10, 'Group of villages', 1),
  ('hospital_group', 11, 'Group of hospitals', 0),
  ('school_group', 12, 'Group of schools', 0), ('company', 13, 'Company', 0),
  ('company_group', 14, 'Group of companies', 0), ('agency', 15, 'Agency', 0),
  ('delegation', 16, 'Delegation', 0), ('meeting', 17, 'Meeting', 0),
  ('programme', 18, 'Programme', 0), ('document', 19, 'Document', 0),
  ('people_group', 20, 'Group of people', 0),
  ('ethnic_group', 21, 'Ethnic group', 0);

CREATE TABLE sides (
  value    TEXT PRIMARY KEY,
  position INTEGER NOT NULL UNIQUE,
  label    TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO sides (value, position, label) VALUES
  ('shanghai', 1, 'Shanghai'), ('yunnan', 2, 'Yunnan'),
  ('national', 3, 'National');

CREATE TABLE sectors (
  value    TEXT PRIMARY KEY,
  position INTEGER NOT NULL UNIQUE,
  label    TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO sectors (value, position, label) VALUES
  ('poverty_alleviation', 1, 'Poverty alleviation'), ('health', 2, 'Health'),
  ('education', 3, 'Education'), ('ethnic_minority', 4, 'Ethnic minorities');

CREATE TABLE event_categories (
  value    TEXT PRIMARY KEY,
  position INTEGER NOT NULL UNIQUE,
  label    TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO event_categories (value, position, label) VALUES
  ('industry', 1, 'Industry'), ('migration', 2, 'Migration'),
  ('policy', 3, 'Policy'), ('partnership', 4, 'Partnership'),
  ('personnel', 5, 'Personnel'), ('projects', 6, 'Projects'),
  ('funding', 7, 'Funding'), ('health', 8, 'Health'),
  ('education', 9, 'Education'), ('ethnic_minority', 10, 'Ethnic minorities'),
  ('summary', 11, 'Summary');

CREATE TABLE funding_kinds (
  value    TEXT PRIMARY KEY,
  position INTEGER NOT NULL UNIQUE,
  label    TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO funding_kinds (value, position, label) VALUES
  ('government_aid', 1, 'Government aid'), ('donation', 2, 'Donations'),
  ('enterprise_investment', 3, 'Enterprise investment');

CREATE TABLE bounds (
  value    TEXT PRIMARY KEY,
  position INTEGER NOT NULL UNIQUE,
  label    TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO bounds (value, position, label) VALUES
  ('exact', 1, 'exactly'), ('at_least', 2, 'at least');

CREATE TABLE precisions (
  value    TEXT PRIMARY KEY,
  position INTEGER NOT NULL UNIQUE,
  label    TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO precisions (value, position, label) VALUES
  ('decade', 1, 'decade'), ('year', 2, 'year'), ('month', 3, 'month');

-- How a dated thing ends: the end given, going on at the article's date,
-- or not told (db/data/README.md, "Ends").
CREATE TABLE end_statuses (
  value    TEXT PRIMARY KEY,
  position INTEGER NOT NULL UNIQUE,
  label    TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO end_statuses (value, position, label) VALUES
  ('ended', 1, 'ended'), ('ongoing', 2, 'ongoing'),
  ('unknown', 3, 'end unknown');

-- The names of the months, for the labels of dates.
CREATE TABLE months (
  month INTEGER PRIMARY KEY CHECK (month BETWEEN 1 AND 12),
  name  TEXT NOT NULL
);
INSERT INTO months (month, name) VALUES
  (1, 'January'), (2, 'February'), (3, 'March'), (4, 'April'), (5, 'May'),
  (6, 'June'), (7, 'July'), (8, 'August'), (9, 'September'),
  (10, 'October'), (11, 'November'), (12, 'December');

-- What the dataset is and under which licences its parts are
-- (data/01-about.sql): read by package.sql, the index and the citations.
-- Not facts of the article.
CREATE TABLE about (
  key   TEXT PRIMARY KEY CHECK (key IN ('name', 'title', 'author', 'description')),
  value TEXT NOT NULL CHECK (length(value) > 0)
) WITHOUT ROWID;

CREATE TABLE licences (
  part     TEXT PRIMARY KEY CHECK (part IN ('code', 'data', 'article_text')),
  position INTEGER NOT NULL UNIQUE,
  spdx     TEXT,          -- the SPDX id; NULL: the part has no licence
  name     TEXT NOT NULL,
  url      TEXT CHECK (url IS NULL OR url GLOB 'https://?*'),
  holder   TEXT NOT NULL, -- whose the part is
  note     TEXT NOT NULL, -- what the part is, and why this licence
  CHECK ((spdx IS NULL) = (url IS NULL))
) WITHOUT ROWID;

CREATE TABLE sources (
  id        TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*'),
  title     TEXT NOT NULL,
  publisher TEXT NOT NULL,
  published TEXT NOT NULL CHECK (published GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  language  TEXT NOT NULL,
  text      TEXT NOT NULL CHECK (length(text) > 0),
  -- the source's original web address; NULL where it is not known (none
  -- is ever made up)
  url       TEXT CHECK (url IS NULL OR url GLOB 'http*://?*'),
  -- whose the text is: it is reproduced for provenance, under none of the
  -- project's licences
  rights    TEXT NOT NULL CHECK (length(rights) > 0)
) WITHOUT ROWID;

CREATE TABLE entities (
  id        TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*'),
  name      TEXT NOT NULL,
  kind      TEXT NOT NULL REFERENCES entity_kinds (value),
  side      TEXT NOT NULL REFERENCES sides (value),
  parent    TEXT REFERENCES entities (id),
  note      TEXT,
  source_id TEXT NOT NULL REFERENCES sources (id),
  quote     TEXT NOT NULL CHECK (length(quote) > 0)
) WITHOUT ROWID;

CREATE TABLE entity_aliases (
  entity_id TEXT NOT NULL REFERENCES entities (id),
  position  INTEGER NOT NULL,
  alias     TEXT NOT NULL CHECK (length(alias) > 0),
  PRIMARY KEY (entity_id, position)
) WITHOUT ROWID;

-- Where a group of people or villages lies: each place the article puts
-- it in (inferred = 1 where that is read, not stated). A relation of its
-- own, neither a parent (the smallest named place holding the whole group)
-- nor a recipient: the group receives, and the places it lies in share
-- what it receives (db/data/README.md, "Located, not shared").
CREATE TABLE entity_locations (
  entity_id TEXT NOT NULL REFERENCES entities (id),
  position  INTEGER NOT NULL,
  place_id  TEXT NOT NULL REFERENCES entities (id) CHECK (place_id <> entity_id),
  inferred  INTEGER NOT NULL CHECK (inferred IN (0, 1)),
  source_id TEXT NOT NULL REFERENCES sources (id),
  quote     TEXT NOT NULL CHECK (length(quote) > 0),
  PRIMARY KEY (entity_id, position),
  UNIQUE (entity_id, place_id)
) WITHOUT ROWID;

-- Names of places and ethnic groups of China in simplified Chinese and in
-- Hanyu Pinyin with tone marks. None is from the article, which is in
-- English: each follows the rule its row names, and where the official
-- name is not certain zh and pinyin are NULL and null_reason says why.
-- Every place and ethnic group has a row (tests/test_names.c).
CREATE TABLE name_rules (
  value    TEXT PRIMARY KEY,
  position INTEGER NOT NULL UNIQUE,
  label    TEXT NOT NULL -- the rule, in words
) WITHOUT ROWID;

CREATE TABLE chinese_names (
  entity_id    TEXT PRIMARY KEY REFERENCES entities (id),
  rule         TEXT NOT NULL REFERENCES name_rules (value),
  zh           TEXT,        -- the official name: 文山壮族苗族自治州
  pinyin       TEXT,        -- in Hanyu Pinyin: Wénshān Zhuàngzú Miáozú Zìzhìzhōu
  short_zh     TEXT,        -- its proper name alone: 文山
  short_pinyin TEXT,        -- Wénshān
  null_reason  TEXT,        -- why zh is NULL
  CHECK ((zh IS NULL) = (pinyin IS NULL)),
  CHECK ((short_zh IS NULL) = (short_pinyin IS NULL)),
  CHECK ((zh IS NULL) = (null_reason IS NOT NULL)),
  CHECK (zh IS NOT NULL OR short_zh IS NULL)
) WITHOUT ROWID;

-- Names the place or group had before, oldest first.
CREATE TABLE chinese_former_names (
  entity_id    TEXT NOT NULL REFERENCES chinese_names (entity_id),
  position     INTEGER NOT NULL,
  zh           TEXT NOT NULL,
  pinyin       TEXT NOT NULL,
  short_zh     TEXT,
  short_pinyin TEXT,
  until_year   INTEGER NOT NULL, -- the year the next name replaced it
  CHECK ((short_zh IS NULL) = (short_pinyin IS NULL)),
  PRIMARY KEY (entity_id, position)
) WITHOUT ROWID;

CREATE TABLE partnerships (
  id              TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*'),
  sector          TEXT NOT NULL REFERENCES sectors (value),
  donor_count     INTEGER CHECK (donor_count > 0),
  recipient_count INTEGER CHECK (recipient_count > 0),
  start_year      INTEGER NOT NULL,
  start_month     INTEGER CHECK (start_month BETWEEN 1 AND 12),
  end_year        INTEGER CHECK (end_year >= start_year),
  end_month       INTEGER CHECK (end_month IS NULL OR (end_month BETWEEN 1 AND 12 AND end_year IS NOT NULL)),
  start_inferred  INTEGER NOT NULL DEFAULT 0 CHECK (start_inferred IN (0, 1)),
  end_inferred    INTEGER NOT NULL DEFAULT 0 CHECK (end_inferred IN (0, 1) AND (end_inferred = 0 OR end_year IS NOT NULL)),
  end_status  TEXT NOT NULL DEFAULT 'ended' REFERENCES end_statuses (value)
              CHECK ((end_status = 'ended') = (end_year IS NOT NULL)),
  -- where the end is unknown, the last date the article attests it
  known_until_year  INTEGER CHECK ((known_until_year IS NULL) = (end_status <> 'unknown')
                                   AND (known_until_year IS NULL OR known_until_year >= start_year)),
  known_until_month INTEGER CHECK (known_until_month IS NULL OR (known_until_month BETWEEN 1 AND 12 AND known_until_year IS NOT NULL)),
  known_until_inferred INTEGER NOT NULL DEFAULT 0 CHECK (known_until_inferred IN (0, 1) AND (known_until_inferred = 0 OR known_until_year IS NOT NULL)),
  summary         TEXT NOT NULL,
  source_id       TEXT NOT NULL REFERENCES sources (id),
  quote           TEXT NOT NULL CHECK (length(quote) > 0)
) WITHOUT ROWID;

CREATE TABLE partnership_parties (
  partnership_id TEXT NOT NULL REFERENCES partnerships (id),
  role           TEXT NOT NULL CHECK (role IN ('donor', 'recipient')),
  position       INTEGER NOT NULL,
  entity_id      TEXT NOT NULL REFERENCES entities (id),
  PRIMARY KEY (partnership_id, role, position),
  UNIQUE (partnership_id, role, entity_id)
) WITHOUT ROWID;

CREATE TABLE funding (
  id          TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*'),
  amount_yuan INTEGER NOT NULL CHECK (amount_yuan > 0),
  bound       TEXT NOT NULL REFERENCES bounds (value),
  kind        TEXT NOT NULL REFERENCES funding_kinds (value),
  start_year  INTEGER NOT NULL,
  start_month INTEGER CHECK (start_month BETWEEN 1 AND 12),
  end_year    INTEGER CHECK (end_year >= start_year),
  end_month   INTEGER CHECK (end_month IS NULL OR (end_month BETWEEN 1 AND 12 AND end_year IS NOT NULL)),
  start_inferred INTEGER NOT NULL DEFAULT 0 CHECK (start_inferred IN (0, 1)),
  end_inferred   INTEGER NOT NULL DEFAULT 0 CHECK (end_inferred IN (0, 1) AND (end_inferred = 0 OR end_year IS NOT NULL)),
  end_status  TEXT NOT NULL DEFAULT 'ended' REFERENCES end_statuses (value)
              CHECK ((end_status = 'ended') = (end_year IS NOT NULL)),
  -- where the end is unknown, the last date the article attests it
  known_until_year  INTEGER CHECK ((known_until_year IS NULL) = (end_status <> 'unknown')
                                   AND (known_until_year IS NULL OR known_until_year >= start_year)),
  known_until_month INTEGER CHECK (known_until_month IS NULL OR (known_until_month BETWEEN 1 AND 12 AND known_until_year IS NOT NULL)),
  known_until_inferred INTEGER NOT NULL DEFAULT 0 CHECK (known_until_inferred IN (0, 1) AND (known_until_inferred = 0 OR known_until_year IS NOT NULL)),
  donor       TEXT NOT NULL REFERENCES entities (id),
  purpose     TEXT NOT NULL,
  cumulative  INTEGER NOT NULL CHECK (cumulative IN (0, 1)),
  -- the record that contains this one, where the article makes it so
  part_of     TEXT REFERENCES funding (id) CHECK (part_of IS NOT id),
  -- 1 where that containment is read, not stated
  part_of_inferred INTEGER NOT NULL CHECK (part_of_inferred IN (0, 1) AND (part_of_inferred = 0 OR part_of IS NOT NULL)),
  -- a record that may contain this one, where the article leaves it open
  possibly_part_of TEXT REFERENCES funding (id)
              CHECK (possibly_part_of IS NOT id AND (possibly_part_of IS NULL OR part_of IS NULL)),
  summary     TEXT NOT NULL,
  source_id   TEXT NOT NULL REFERENCES sources (id),
  quote       TEXT NOT NULL CHECK (length(quote) > 0)
) WITHOUT ROWID;

CREATE TABLE funding_recipients (
  funding_id TEXT NOT NULL REFERENCES funding (id),
  position   INTEGER NOT NULL,
  entity_id  TEXT NOT NULL REFERENCES entities (id),
  -- 1 where the article does not name it as a recipient: read from context
  inferred   INTEGER NOT NULL CHECK (inferred IN (0, 1)),
  PRIMARY KEY (funding_id, position),
  UNIQUE (funding_id, entity_id)
) WITHOUT ROWID;

CREATE TABLE events (
  id          TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*'),
  start_year  INTEGER NOT NULL,
  start_month INTEGER CHECK (start_month BETWEEN 1 AND 12),
  end_year    INTEGER CHECK (end_year >= start_year),
  end_month   INTEGER CHECK (end_month IS NULL OR (end_month BETWEEN 1 AND 12 AND end_year IS NOT NULL)),
  start_inferred INTEGER NOT NULL DEFAULT 0 CHECK (start_inferred IN (0, 1)),
  end_inferred   INTEGER NOT NULL DEFAULT 0 CHECK (end_inferred IN (0, 1) AND (end_inferred = 0 OR end_year IS NOT NULL)),
  end_status  TEXT NOT NULL DEFAULT 'ended' REFERENCES end_statuses (value)
              CHECK ((end_status = 'ended') = (end_year IS NOT NULL)),
  -- where the end is unknown, the last date the article attests it
  known_until_year  INTEGER CHECK ((known_until_year IS NULL) = (end_status <> 'unknown')
                                   AND (known_until_year IS NULL OR known_until_year >= start_year)),
  known_until_month INTEGER CHECK (known_until_month IS NULL OR (known_until_month BETWEEN 1 AND 12 AND known_until_year IS NOT NULL)),
  known_until_inferred INTEGER NOT NULL DEFAULT 0 CHECK (known_until_inferred IN (0, 1) AND (known_until_inferred = 0 OR known_until_year IS NOT NULL)),
  precision   TEXT NOT NULL REFERENCES precisions (value),
  title       TEXT NOT NULL,
  summary     TEXT NOT NULL,
  category    TEXT NOT NULL REFERENCES event_categories (value),
  source_id   TEXT NOT NULL REFERENCES sources (id),
  quote       TEXT NOT NULL CHECK (length(quote) > 0),
  CHECK (precision <> 'decade' OR (start_year % 10 = 0 AND start_month IS NULL)),
  CHECK (precision <> 'month' OR start_month IS NOT NULL)
) WITHOUT ROWID;

CREATE TABLE event_entities (
  event_id  TEXT NOT NULL REFERENCES events (id),
  position  INTEGER NOT NULL,
  entity_id TEXT NOT NULL REFERENCES entities (id),
  PRIMARY KEY (event_id, position),
  UNIQUE (event_id, entity_id)
) WITHOUT ROWID;

CREATE TABLE event_figures (
  event_id TEXT NOT NULL REFERENCES events (id),
  position INTEGER NOT NULL,
  label    TEXT NOT NULL,
  value    INTEGER NOT NULL,
  unit     TEXT NOT NULL,
  bound    TEXT NOT NULL DEFAULT 'exact' REFERENCES bounds (value),
  -- the position of the figure of the same event that contains this one
  -- ("5,249 projects ... Among them, 2,858"), so that none adds them
  part_of  INTEGER CHECK (part_of IS NOT position),
  PRIMARY KEY (event_id, position),
  FOREIGN KEY (event_id, part_of) REFERENCES event_figures (event_id, position)
) WITHOUT ROWID;

CREATE TABLE event_partnerships (
  event_id       TEXT NOT NULL REFERENCES events (id),
  partnership_id TEXT NOT NULL REFERENCES partnerships (id),
  PRIMARY KEY (event_id, partnership_id)
) WITHOUT ROWID;

CREATE TABLE event_funding (
  event_id   TEXT NOT NULL REFERENCES events (id),
  funding_id TEXT NOT NULL REFERENCES funding (id),
  PRIMARY KEY (event_id, funding_id)
) WITHOUT ROWID;

-- Derived by derive.sql; never written by the data files.

-- Every key that names an entity: the slugs of its id, name and aliases.
CREATE TABLE entity_keys (
  key       TEXT NOT NULL,
  entity_id TEXT NOT NULL REFERENCES entities (id),
  PRIMARY KEY (key, entity_id)
) WITHOUT ROWID;

-- Each entity with itself and every entity above it.
CREATE TABLE entity_ancestors (
  entity_id   TEXT NOT NULL REFERENCES entities (id),
  ancestor_id TEXT NOT NULL REFERENCES entities (id),
  depth       INTEGER NOT NULL CHECK (depth = 0 OR entity_id <> ancestor_id),
  PRIMARY KEY (ancestor_id, entity_id)
) WITHOUT ROWID;

-- Each entity with every entity the filters find it under: those above it
-- and, for a group located in places (entity_locations), each of those
-- places and those above them.
CREATE VIEW entity_reach (entity_id, ancestor_id) AS
SELECT entity_id, ancestor_id FROM entity_ancestors
UNION
SELECT l.entity_id, a.ancestor_id
  FROM entity_locations l JOIN entity_ancestors a ON a.entity_id = l.place_id;

-- Everything an event involves: the entities it names (event_entities, in
-- their order), then those its partnerships and funding name, so that a
-- filter by entity finds an event whenever it finds its facts.
CREATE TABLE event_involvement (
  event_id  TEXT NOT NULL REFERENCES events (id),
  position  INTEGER NOT NULL,
  entity_id TEXT NOT NULL REFERENCES entities (id),
  PRIMARY KEY (event_id, position),
  UNIQUE (event_id, entity_id)
) WITHOUT ROWID;

-- Every item's name where another item refers to it (an entity's name, an
-- event's title, a partnership's parties, a funding record's amount and
-- kind), its article position (where its quote starts in its source, for
-- the article's order), and its reference {"id", "name", "href"}.
CREATE TABLE item_refs (
  resource TEXT NOT NULL,
  id       TEXT NOT NULL,
  name     TEXT NOT NULL,
  position INTEGER NOT NULL,
  ref      TEXT NOT NULL,
  PRIMARY KEY (resource, id)
) WITHOUT ROWID;

-- The dates of every dated item as the API writes them: start and end as
-- {"year", "month", "label", "inferred"} (end NULL where the article gives
-- none), known_until where the end is unknown, and the period as a person
-- reads it ("2006–2010", "since 2009", "from 1996, end unknown").
CREATE TABLE item_dates (
  resource     TEXT NOT NULL,
  id           TEXT NOT NULL,
  start        TEXT NOT NULL,
  "end"        TEXT,
  known_until  TEXT,
  period_label TEXT NOT NULL,
  PRIMARY KEY (resource, id)
) WITHOUT ROWID;

-- Every item as the API serves it: the document of its *_docs view below,
-- rendered once by aid-mkdb as compact JSON (json_canonical), so that the
-- server reads finished bytes and never builds or parses a document per
-- request.
CREATE TABLE documents (
  resource TEXT NOT NULL,
  id       TEXT NOT NULL,
  doc      TEXT NOT NULL CHECK (doc GLOB '{*}'),
  PRIMARY KEY (resource, id)
) WITHOUT ROWID;

-- The Frictionless Data Package of the data (db/package.sql): its
-- descriptor, datapackage.json, and a CSV file per table it lists, served
-- at /api/v1/datapackage/{path}.
CREATE TABLE package_files (
  path       TEXT PRIMARY KEY CHECK (path GLOB '[a-z]*.csv' OR path = 'datapackage.json'),
  media_type TEXT NOT NULL,
  content    TEXT NOT NULL
) WITHOUT ROWID;

-- Full-text search: one row per item of every collection.
CREATE VIRTUAL TABLE search USING fts5 (
  resource UNINDEXED,
  id UNINDEXED,
  body,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Views: each item as the JSON document the API serves (API.md, "Shapes";
-- db/annotate.sql adds what lies beyond the article's facts: an entity's
-- Chinese name, each fact's link to its citation),
-- beside the columns the list queries filter on. Lists inside a document
-- are aggregated from subqueries ordered by `position` (json() restores
-- the JSON type that a subquery column loses). Every link is an absolute
-- path under /api/v1.

CREATE VIEW entity_docs AS
SELECT e.id, e.name, e.kind, e.side, e.parent,
  json_object(
    'id', e.id,
    'href', '/api/v1/entities/' || e.id,
    'name', e.name,
    'kind', e.kind,
    'side', e.side,
    'parent', json((SELECT r.ref FROM item_refs r
                     WHERE r.resource = 'entities' AND r.id = e.parent)),
    'aliases', (SELECT json_group_array(alias) FROM (
                  SELECT a.alias FROM entity_aliases a
                   WHERE a.entity_id = e.id ORDER BY a.position)),
    'note', e.note,
    -- where a group lies (db/data/README.md, "Located, not shared")
    'located_in', (SELECT json_group_array(json_set(json(r.ref),
                      '$.inferred', json(CASE l.inferred WHEN 1 THEN 'true' ELSE 'false' END))) FROM (
                  SELECT x.place_id, x.inferred FROM entity_locations x
                   WHERE x.entity_id = e.id ORDER BY x.position) l
                  JOIN item_refs r ON r.resource = 'entities' AND r.id = l.place_id),
    'source', json_object('id', e.source_id, 'quote', e.quote)) AS doc
FROM entities e;

CREATE VIEW partnership_docs AS
SELECT p.id, p.sector, p.start_year, p.end_year,
  json_object(
    'id', p.id,
    'href', '/api/v1/partnerships/' || p.id,
    'name', (SELECT r.name FROM item_refs r
              WHERE r.resource = 'partnerships' AND r.id = p.id),
    'donors', (SELECT json_group_array(json(ref)) FROM (
                  SELECT r.ref FROM partnership_parties x
                    JOIN item_refs r ON r.resource = 'entities' AND r.id = x.entity_id
                   WHERE x.partnership_id = p.id AND x.role = 'donor' ORDER BY x.position)),
    'recipients', (SELECT json_group_array(json(ref)) FROM (
                  SELECT r.ref FROM partnership_parties x
                    JOIN item_refs r ON r.resource = 'entities' AND r.id = x.entity_id
                   WHERE x.partnership_id = p.id AND x.role = 'recipient' ORDER BY x.position)),
    'donor_count', p.donor_count,
    'recipient_count', p.recipient_count,
    'sector', p.sector,
    'start', json(d.start),
    'end', json(d."end"),
    'end_status', p.end_status,
    'known_until', json(d.known_until),
    'period_label', d.period_label,
    'summary', p.summary,
    'source', json_object('id', p.source_id, 'quote', p.quote)) AS doc
FROM partnerships p
JOIN item_dates d ON d.resource = 'partnerships' AND d.id = p.id;

CREATE VIEW funding_docs AS
SELECT f.id, f.kind, f.cumulative, f.start_year, f.end_year, f.donor,
  json_object(
    'id', f.id,
    'href', '/api/v1/funding/' || f.id,
    'name', (SELECT r.name FROM item_refs r
              WHERE r.resource = 'funding' AND r.id = f.id),
    'amount_yuan', f.amount_yuan,
    'bound', f.bound,
    'kind', f.kind,
    'period', json_object('start', json(d.start), 'end', json(d."end")),
    'end_status', f.end_status,
    'known_until', json(d.known_until),
    'period_label', d.period_label,
    'donor', json((SELECT r.ref FROM item_refs r
                    WHERE r.resource = 'entities' AND r.id = f.donor)),
    'recipients', (SELECT json_group_array(json(ref)) FROM (
                  SELECT json_set(r.ref, '$.inferred',
                                  json(CASE WHEN x.inferred THEN 'true' ELSE 'false' END)) AS ref
                    FROM funding_recipients x
                    JOIN item_refs r ON r.resource = 'entities' AND r.id = x.entity_id
                   WHERE x.funding_id = f.id ORDER BY x.position)),
    'purpose', f.purpose,
    'cumulative', json(CASE WHEN f.cumulative THEN 'true' ELSE 'false' END),
    'part_of', json((SELECT json_set(r.ref, '$.inferred',
                               json(CASE WHEN f.part_of_inferred THEN 'true' ELSE 'false' END))
                       FROM item_refs r
                      WHERE r.resource = 'funding' AND r.id = f.part_of)),
    'possibly_part_of', json((SELECT r.ref FROM item_refs r
                      WHERE r.resource = 'funding' AND r.id = f.possibly_part_of)),
    'summary', f.summary,
    'source', json_object('id', f.source_id, 'quote', f.quote)) AS doc
FROM funding f
JOIN item_dates d ON d.resource = 'funding' AND d.id = f.id;

CREATE VIEW event_docs AS
SELECT v.id, v.category, v.start_year, v.end_year,
  json_object(
    'id', v.id,
    'href', '/api/v1/events/' || v.id,
    'start', json(d.start),
    'end', json(d."end"),
    'end_status', v.end_status,
    'known_until', json(d.known_until),
    'period_label', d.period_label,
    'precision', v.precision,
    'title', v.title,
    'summary', v.summary,
    'category', v.category,
    'entities', (SELECT json_group_array(json(ref)) FROM (
                  SELECT r.ref FROM event_involvement x
                    JOIN item_refs r ON r.resource = 'entities' AND r.id = x.entity_id
                   WHERE x.event_id = v.id ORDER BY x.position)),
    'figures', (SELECT json_group_array(json(fig)) FROM (
                  SELECT json_object('label', g.label, 'value', g.value,
                                     'unit', g.unit, 'bound', g.bound,
                                     'part_of', c.label) AS fig
                    FROM event_figures g
                    LEFT JOIN event_figures c
                      ON c.event_id = g.event_id AND c.position = g.part_of
                   WHERE g.event_id = v.id ORDER BY g.position)),
    'partnerships', (SELECT json_group_array(json(ref)) FROM (
                  SELECT r.ref FROM event_partnerships x
                    JOIN item_refs r ON r.resource = 'partnerships' AND r.id = x.partnership_id
                   WHERE x.event_id = v.id ORDER BY r.position)),
    'funding', (SELECT json_group_array(json(ref)) FROM (
                  SELECT r.ref FROM event_funding x
                    JOIN item_refs r ON r.resource = 'funding' AND r.id = x.funding_id
                   WHERE x.event_id = v.id ORDER BY r.position)),
    'source', json_object('id', v.source_id, 'quote', v.quote)) AS doc
FROM events v
JOIN item_dates d ON d.resource = 'events' AND d.id = v.id;

CREATE VIEW source_docs AS
SELECT s.id, s.published,
  json_object(
    'id', s.id,
    'href', '/api/v1/sources/' || s.id,
    'title', s.title,
    'publisher', s.publisher,
    'published', s.published,
    'language', s.language,
    'text', s.text,
    'url', s.url,
    'rights', s.rights) AS doc
FROM sources s;
