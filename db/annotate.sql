-- What the documents carry beyond the article's facts, added after
-- derive.sql has rendered them (build/aid-mkdb): an entity's Chinese name
-- (data/25-chinese-names.sql), and each fact's link to its citation.

-- chinese_name: null for an entity that is neither a place nor an ethnic
-- group of China; else the names, marked as not from the article, with the
-- rule they follow and, where a name is not certain, why it is null.
UPDATE documents
   SET doc = json_canonical(json_set(doc, '$.chinese_name', json((
     SELECT json_object(
       'zh', c.zh,
       'pinyin', c.pinyin,
       'short_zh', c.short_zh,
       'short_pinyin', c.short_pinyin,
       'former', (SELECT json_group_array(json(f)) FROM (
                    SELECT json_object('zh', f.zh, 'pinyin', f.pinyin,
                                       'short_zh', f.short_zh,
                                       'short_pinyin', f.short_pinyin,
                                       'until', f.until_year) AS f
                      FROM chinese_former_names f
                     WHERE f.entity_id = c.entity_id ORDER BY f.position)),
       'from_article', json('false'),
       'rule', r.label,
       'null_reason', c.null_reason)
       FROM chinese_names c JOIN name_rules r ON r.value = c.rule
      WHERE c.entity_id = documents.id))))
 WHERE resource = 'entities';

-- source.citation: where each fact's citation is (the article, the fact's
-- quote and its permanent address: handlers/citation.c).
UPDATE documents
   SET doc = json_canonical(json_set(doc, '$.source.citation',
                '/api/v1/citations/' || resource || '/' || id))
 WHERE resource IN ('entities', 'partnerships', 'funding', 'events');
