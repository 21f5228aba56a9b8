/*
 * Plain words: what a view shows a reader has no field name, code or JSON
 * term in it. The field names are those of every schema of the OpenAPI
 * document (handlers/openapi.json, read here). A name that is also a word
 * of ordinary English (name, kind, start, shared, ...) is a word there:
 * those are listed in PROSE and judged no further; any other, and any
 * name or code with an underscore (amount_yuan, part_of, government_aid,
 * any snake_case at all), may not appear in the visible text of a view,
 * nor may null, undefined, NaN or [object Object].
 */
import { readFileSync } from 'node:fs';

// Field names of the schemas that are also ordinary English words.
const PROSE = new Set(
  `aliases bound candidates category contained count counted cumulative data
  description detail donor donors end entities errors events figures funding
  info instance key kind label language limit links month name next note offset
  parent partnerships paths period precision published publisher purpose quote
  recipients records rule sector self servers shared side source sources start
  status summary text title total type uncertain unit value version year inferred`.split(/\s+/),
);

export function fieldNames(file) {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const names = new Set();
  const codes = new Set();
  const walk = (x) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      if (x.properties && typeof x.properties === 'object') Object.keys(x.properties).forEach((k) => names.add(k));
      if (Array.isArray(x.enum)) x.enum.filter((e) => typeof e === 'string' && e.includes('_')).forEach((e) => codes.add(e));
      Object.values(x).forEach(walk);
    }
  };
  walk(doc.components.schemas);
  return { names: [...names].filter((n) => !PROSE.has(n)), codes: [...codes] };
}

// The views a reader sees, each as its own address: every view, every
// grouping of the money, an entity, a search, the article with and without
// a quote, the timeline filtered. A quote panel opened in each that has one.
export const VIEWS = [
  '#/timeline',
  '#/timeline?from=1996&to=2004&category=policy',
  '#/money',
  '#/money?group_by=donor',
  '#/money?group_by=recipient',
  '#/money?recipient=wenshan&quote=funding/wenshan-aid-15-years',
  '#/partnerships?quote=partnerships/shanghai-partners-diqing-counties',
  '#/places',
  '#/places/diqing',
  '#/places?q=baoshan',
  '#/article',
  '#/article?quote=funding/aid-total-to-june-2011',
  '#/search?q=aid',
];

export default async function words(t, openapiFile) {
  const { names, codes } = fieldNames(openapiFile);
  const found = [];
  for (const v of VIEWS) {
    await t.go(v);
    const text = await t.page.evaluate(() => document.getElementById('main').innerText);
    const hits = [];
    const where = (i, len) => `“…${text.slice(Math.max(0, i - 70), i + len + 30).replace(/\s+/g, ' ')}…”`;
    for (const m of text.matchAll(/\b[A-Za-z]+(?:_[A-Za-z0-9]+)+\b/g)) hits.push(`${m[0]} in ${where(m.index, m[0].length)}`);
    for (const n of names) {
      if (n.includes('_')) continue; // matched above
      for (const m of text.matchAll(new RegExp(`\\b${n}\\b`, 'g'))) hits.push(`${n} in ${where(m.index, n.length)}`);
    }
    for (const m of text.matchAll(/\b(null|undefined|NaN)\b|\[object \w+\]/g)) hits.push(`${m[0]} in ${where(m.index, m[0].length)}`);
    if (hits.length) found.push(`${v}: ${[...new Set(hits)].join('; ')}`);
  }
  t.check(
    `plain words: no field name of the OpenAPI schemas (${names.length} names, ${codes.length} codes, any snake_case), nor null or undefined, in the visible text of ${VIEWS.length} views`,
    found.length === 0,
    found.join(' | '),
  );
}
