-- Derived tables, filled after the data files by build/aid-mkdb, which
-- provides the slug() function (db/slug.c).

-- Keys: an entity is found by the slug of its id, of its name and of each
-- alias, and a place also by its name or alias without the word that says
-- what it is ("Baoshan District" and "Baoshan City" are both "baoshan";
-- "Minhang District" is "minhang"). A key may name several entities: the
-- API answers 300 then.
CREATE TEMP VIEW entity_spellings (entity_id, spelling, kind) AS
SELECT id, name, kind FROM entities
UNION ALL
SELECT a.entity_id, a.alias, e.kind
  FROM entity_aliases a JOIN entities e ON e.id = a.entity_id;

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

-- Full-text search bodies: names, aliases, titles, summaries and quotes,
-- and for a fact the names and aliases of the entities it involves.
CREATE TEMP VIEW entity_words (entity_id, words) AS
SELECT e.id, e.name || ' ' || coalesce(
         (SELECT group_concat(a.alias, ' ') FROM entity_aliases a
           WHERE a.entity_id = e.id), '')
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
       coalesce((SELECT group_concat(w.words, ' ') FROM event_entities x
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
