-- Derived tables, filled after the data files by build/aid-mkdb, which
-- provides the slug() function (db/slug.c).

-- Keys: an entity is found by the slug of its id, of its name and of each
-- alias, and a place also by its name or alias without the word that says
-- what it is ("Baoshan District" and "Baoshan City" are both "baoshan";
-- "Minhang District" is "minhang"). A key may name several entities: the
-- API answers 300 then.
--
-- A spelling is also the same without its hyphens and apostrophes
-- ("Shangri-La" is "ShangriLa", so that shangrila finds it; "Dé'ángzú"
-- "Déángzú", so that deangzu does), and the Chinese names of
-- data/25-chinese-names.sql are spellings too (文山, Wénshān, wenshan, and
-- a former name such as 思茅): keys and search find them, though they are
-- not the article's.
CREATE TEMP VIEW chinese_spellings (entity_id, spelling) AS
SELECT entity_id, zh FROM chinese_names WHERE zh IS NOT NULL
UNION ALL SELECT entity_id, pinyin FROM chinese_names WHERE pinyin IS NOT NULL
UNION ALL SELECT entity_id, short_zh FROM chinese_names WHERE short_zh IS NOT NULL
UNION ALL SELECT entity_id, short_pinyin FROM chinese_names WHERE short_pinyin IS NOT NULL
UNION ALL SELECT entity_id, zh FROM chinese_former_names
UNION ALL SELECT entity_id, pinyin FROM chinese_former_names
UNION ALL SELECT entity_id, short_zh FROM chinese_former_names WHERE short_zh IS NOT NULL
UNION ALL SELECT entity_id, short_pinyin FROM chinese_former_names WHERE short_pinyin IS NOT NULL;

CREATE TEMP VIEW article_spellings (entity_id, spelling, kind) AS
SELECT id, name, kind FROM entities
UNION ALL
SELECT a.entity_id, a.alias, e.kind
  FROM entity_aliases a JOIN entities e ON e.id = a.entity_id;

CREATE TEMP VIEW all_spellings (entity_id, spelling, kind) AS
SELECT entity_id, spelling, kind FROM article_spellings
UNION ALL
SELECT c.entity_id, c.spelling, e.kind
  FROM chinese_spellings c JOIN entities e ON e.id = c.entity_id;

CREATE TEMP VIEW entity_spellings (entity_id, spelling, kind) AS
SELECT entity_id, spelling, kind FROM all_spellings
UNION ALL
SELECT entity_id, replace(replace(spelling, '-', ''), '''', ''), kind
  FROM all_spellings
 WHERE spelling GLOB '*[A-Za-z]-[A-Za-z]*' OR spelling LIKE '%''%';

INSERT INTO entity_keys (key, entity_id)
SELECT slug(id), id FROM entities
UNION
SELECT slug(spelling), entity_id FROM entity_spellings
UNION
SELECT slug(rtrim(substr(spelling, 1, instr(' ' || spelling || ' ', w.word) - 1))),
       entity_id
  FROM entity_spellings
  JOIN (SELECT ' District ' AS word UNION ALL SELECT ' City '
        UNION ALL SELECT ' County ' UNION ALL SELECT ' Prefecture '
        UNION ALL SELECT ' Province ' UNION ALL SELECT ' Village '
        UNION ALL SELECT ' Town ') w
    ON ' ' || spelling || ' ' LIKE '%' || w.word
 WHERE kind IN ('municipality', 'province', 'prefecture', 'city',
                'district', 'county', 'town', 'village')
   AND instr(' ' || spelling || ' ', w.word) > 2;

-- The hierarchy, closed: every entity with itself (depth 0) and each entity
-- above it. In a tree each pair is reached once; in a cycle an entity meets
-- itself again at a depth > 0, which fails the table's CHECK.
INSERT INTO entity_ancestors (entity_id, ancestor_id, depth)
WITH RECURSIVE up (entity_id, ancestor_id, depth) AS (
  SELECT id, id, 0 FROM entities
  UNION ALL
  SELECT up.entity_id, e.parent, up.depth + 1
    FROM up JOIN entities e ON e.id = up.ancestor_id
   WHERE e.parent IS NOT NULL AND up.depth < 64
)
SELECT entity_id, ancestor_id, max(depth) FROM up
GROUP BY entity_id, ancestor_id;

-- An organisation, programme or ethnic group has no parent place, but it
-- belongs to a side: a filter by Shanghai finds Shanghai's companies and
-- its government, a filter by Yunnan its ethnic groups. So whatever tops
-- a chain without being one of the two partners (Shanghai, Yunnan) is
-- found below the partner of its side.
INSERT INTO entity_ancestors (entity_id, ancestor_id, depth)
SELECT a.entity_id, root.id, a.depth + 1
  FROM entity_ancestors a
  JOIN entities top ON top.id = a.ancestor_id AND top.parent IS NULL
  JOIN entities root ON root.parent IS NULL AND root.side = top.side
   AND root.kind IN ('municipality', 'province') AND root.id <> top.id;

-- What each event involves: the entities it names, then those of its
-- partnerships (donors, then recipients) and of its funding (donor, then
-- recipients), each entity once, at its first place.
INSERT INTO event_involvement (event_id, position, entity_id)
WITH named (event_id, entity_id, grp, link, role, pos) AS (
  SELECT event_id, entity_id, 0, '', 0, position FROM event_entities
  UNION ALL
  SELECT x.event_id, p.entity_id, 1, x.partnership_id, p.role = 'recipient',
         p.position
    FROM event_partnerships x
    JOIN partnership_parties p ON p.partnership_id = x.partnership_id
  UNION ALL
  SELECT x.event_id, f.donor, 2, x.funding_id, 0, 0
    FROM event_funding x JOIN funding f ON f.id = x.funding_id
  UNION ALL
  SELECT x.event_id, r.entity_id, 2, x.funding_id, 1, r.position
    FROM event_funding x JOIN funding_recipients r ON r.funding_id = x.funding_id
), first (event_id, entity_id, grp, link, role, pos) AS (
  SELECT * FROM named n
   WHERE NOT EXISTS (SELECT 1 FROM named m
                      WHERE m.event_id = n.event_id AND m.entity_id = n.entity_id
                        AND (m.grp, m.link, m.role, m.pos) < (n.grp, n.link, n.role, n.pos))
)
SELECT event_id,
       row_number() OVER (PARTITION BY event_id ORDER BY grp, link, role, pos),
       entity_id
  FROM first;

-- Names and references. A partnership is named by its donors and its
-- first recipient ("Minhang District with Shangri-La City"); a funding
-- record by its amount and kind ("1.981 billion yuan of government aid"),
-- the amount short only where that is exact.
INSERT INTO item_refs (resource, id, name, position, ref)
SELECT resource, id, name, position,
       json_object('id', id, 'name', name, 'href', '/api/v1/' || resource || '/' || id)
  FROM (
  SELECT 'entities' AS resource, e.id, e.name, instr(s.text, e.quote) AS position
    FROM entities e JOIN sources s ON s.id = e.source_id
  UNION ALL
  SELECT 'events', v.id, v.title, instr(s.text, v.quote)
    FROM events v JOIN sources s ON s.id = v.source_id
  UNION ALL
  SELECT 'partnerships', p.id,
    (SELECT group_concat(CASE WHEN rn = 1 THEN '' WHEN rn = cnt THEN ' and ' ELSE ', ' END
                         || name, '')
       FROM (SELECT n.name, row_number() OVER (ORDER BY x.position) AS rn,
                    count(*) OVER () AS cnt
               FROM partnership_parties x JOIN entities n ON n.id = x.entity_id
              WHERE x.partnership_id = p.id AND x.role = 'donor'
              ORDER BY x.position))
    || ' with ' ||
    (SELECT n.name FROM partnership_parties x JOIN entities n ON n.id = x.entity_id
      WHERE x.partnership_id = p.id AND x.role = 'recipient'
      ORDER BY x.position LIMIT 1),
    instr(s.text, p.quote)
    FROM partnerships p JOIN sources s ON s.id = p.source_id
  UNION ALL
  SELECT 'funding', f.id,
    CASE WHEN f.amount_yuan >= 1000000000 AND f.amount_yuan % 1000000 = 0
           THEN rtrim(rtrim(printf('%.3f', f.amount_yuan / 1e9), '0'), '.') || ' billion'
         WHEN f.amount_yuan >= 1000000 AND f.amount_yuan % 1000 = 0
           THEN rtrim(rtrim(printf('%.3f', f.amount_yuan / 1e6), '0'), '.') || ' million'
         ELSE printf('%,d', f.amount_yuan) END
    || ' yuan of ' || lower(k.label),
    instr(s.text, f.quote)
    FROM funding f JOIN funding_kinds k ON k.value = f.kind
    JOIN sources s ON s.id = f.source_id
  UNION ALL
  SELECT 'sources', s.id, s.title, 0 FROM sources s
);

-- Dates: a label at the date's precision ("1960s", "1996", "September
-- 1996"), the inferred flag, and the period as a person reads it: "since
-- 2009" for what goes on, "from 1996, end unknown" where the article gives
-- no end and does not say it goes on, with "known until June 2011" where
-- the last date it attests (known_until) is not the start.
CREATE TEMP VIEW dated (resource, id, sy, sm, si, ey, em, ei, decade, status,
                        ky, km, ki) AS
SELECT 'events', id, start_year, start_month, start_inferred, end_year,
       end_month, end_inferred, precision = 'decade', end_status,
       known_until_year, known_until_month, known_until_inferred FROM events
UNION ALL
SELECT 'partnerships', id, start_year, start_month, start_inferred, end_year,
       end_month, end_inferred, 0, end_status, known_until_year,
       known_until_month, known_until_inferred FROM partnerships
UNION ALL
SELECT 'funding', id, start_year, start_month, start_inferred, end_year,
       end_month, end_inferred, 0, end_status, known_until_year,
       known_until_month, known_until_inferred FROM funding;

CREATE TEMP VIEW dated_labels AS
SELECT *,
  CASE WHEN decade THEN CAST(sy / 10 * 10 AS TEXT) || 's'
       WHEN sm IS NULL THEN CAST(sy AS TEXT)
       ELSE (SELECT name FROM months WHERE month = sm) || ' ' || sy END AS sl,
  CASE WHEN ey IS NULL THEN NULL
       WHEN decade THEN CAST(ey / 10 * 10 AS TEXT) || 's'
       WHEN em IS NULL THEN CAST(ey AS TEXT)
       ELSE (SELECT name FROM months WHERE month = em) || ' ' || ey END AS el,
  CASE WHEN ky IS NULL THEN NULL
       WHEN km IS NULL THEN CAST(ky AS TEXT)
       ELSE (SELECT name FROM months WHERE month = km) || ' ' || ky END AS kl
FROM dated;

INSERT INTO item_dates (resource, id, start, "end", known_until, period_label)
SELECT resource, id,
  json_object('year', sy, 'month', sm, 'label', sl,
              'inferred', json(CASE WHEN si THEN 'true' ELSE 'false' END)),
  CASE WHEN ey IS NULL THEN NULL
       ELSE json_object('year', ey, 'month', em, 'label', el,
                        'inferred', json(CASE WHEN ei THEN 'true' ELSE 'false' END)) END,
  CASE WHEN ky IS NULL THEN NULL
       ELSE json_object('year', ky, 'month', km, 'label', kl,
                        'inferred', json(CASE WHEN ki THEN 'true' ELSE 'false' END)) END,
  CASE WHEN status = 'ongoing' THEN 'since ' || sl
       WHEN status = 'unknown' AND kl = sl THEN 'from ' || sl || ', end unknown'
       WHEN status = 'unknown'
         THEN 'from ' || sl || ', known until ' || kl || ', end unknown'
       WHEN sl = el THEN sl
       WHEN sm IS NULL AND em IS NULL THEN sl || '–' || el
       ELSE sl || ' – ' || el END
FROM dated_labels;

-- Full-text search bodies: names, aliases, titles, summaries and quotes,
-- and for a fact the spellings of the entities it involves (names,
-- aliases, without hyphens, Chinese). Han characters are indexed one by
-- one (han_spaced: a per-character index), so that 文山 finds
-- 文山壮族苗族自治州 and 德昂 finds 德昂族 (store_match_query).
CREATE TEMP VIEW entity_words (entity_id, words) AS
SELECT e.id, (SELECT group_concat(han_spaced(s.spelling), ' ')
                FROM entity_spellings s WHERE s.entity_id = e.id)
FROM entities e;

INSERT INTO search (resource, id, body)
SELECT 'entities', e.id, w.words || ' ' || coalesce(e.note, '') || ' ' || e.quote
FROM entities e JOIN entity_words w ON w.entity_id = e.id;

INSERT INTO search (resource, id, body)
SELECT 'partnerships', p.id, p.summary || ' ' || p.quote || ' ' || p.sector || ' ' ||
       (SELECT group_concat(w.words, ' ') FROM partnership_parties x
          JOIN entity_words w ON w.entity_id = x.entity_id
         WHERE x.partnership_id = p.id)
FROM partnerships p;

INSERT INTO search (resource, id, body)
SELECT 'funding', f.id, f.purpose || ' ' || f.summary || ' ' || f.quote || ' ' ||
       (SELECT w.words FROM entity_words w WHERE w.entity_id = f.donor) || ' ' ||
       coalesce((SELECT group_concat(w.words, ' ') FROM funding_recipients x
                   JOIN entity_words w ON w.entity_id = x.entity_id
                  WHERE x.funding_id = f.id), '')
FROM funding f;

INSERT INTO search (resource, id, body)
SELECT 'events', v.id, v.title || ' ' || v.summary || ' ' || v.quote || ' ' ||
       coalesce((SELECT group_concat(g.label, ' ') FROM event_figures g
                  WHERE g.event_id = v.id), '') || ' ' ||
       coalesce((SELECT group_concat(w.words, ' ') FROM event_involvement x
                   JOIN entity_words w ON w.entity_id = x.entity_id
                  WHERE x.event_id = v.id), '')
FROM events v;

INSERT INTO search (resource, id, body)
SELECT 'sources', s.id, s.title || ' ' || s.publisher || ' ' || s.text
FROM sources s;

INSERT INTO search (search) VALUES ('optimize');

-- The documents, rendered from the views of schema.sql.
INSERT INTO documents (resource, id, doc)
SELECT 'entities', id, json_canonical(doc) FROM entity_docs
UNION ALL
SELECT 'partnerships', id, json_canonical(doc) FROM partnership_docs
UNION ALL
SELECT 'funding', id, json_canonical(doc) FROM funding_docs
UNION ALL
SELECT 'events', id, json_canonical(doc) FROM event_docs
UNION ALL
SELECT 'sources', id, json_canonical(doc) FROM source_docs;
