/*
 * Plain words: what a view shows a reader has no field name, code or JSON
 * term in it. The rule, over the field names and enumeration codes of every
 * schema of the OpenAPI document (handlers/openapi.json, read here):
 *
 *   1. Always a code, wherever it stands: a snake_case or camelCase name
 *      (amount_yuan, government_aid, primaryKey: any at all, not only the
 *      schemas'), a dotted path of names (meta.rule, source.citation: parts
 *      of two characters or more, so "e.g." is not one; a web address is
 *      not judged), and null, undefined, NaN and [object ...].
 *   2. A field name or an enumeration code that is one plain English word
 *      a reader uses (article, title, name, source, address, prefecture,
 *      ongoing, ...) is a word, not a code. Such words are listed in PROSE,
 *      the one place where that is decided; an entry must be lowercase
 *      letters only, so that no snake_case, camelCase, dotted or mixed name
 *      can ever be excused there (the check refuses any other entry).
 *   3. Any other field name or code (id, href, url, zh, spdx, bibtex, csl,
 *      meta, healthz, shanghai, ...) is a code: found as a whole word, in
 *      the case the schema writes it ("shanghai" is a code where "Shanghai"
 *      is a name).
 *
 * A new field named with a plain English word fails this check until it is
 * added to PROSE: that is where a person decides it is a word. The rule is
 * itself checked on every run against sentences it must pass and codes it
 * must flag (SELF_TEST), so that a change to it that lets a code through,
 * or flags plain English, fails.
 */
import { readFileSync } from 'node:fs';

// Field names and enumeration codes of the schemas that are also plain
// English words a reader uses.
const PROSE = new Set(
  `address agency aliases article author bound candidates category citation city code
  company contained contributors count counted county created cumulative data
  database dataset decade delegation description detail district document
  donation donor donors education end ended entities errors events exact fact
  fields figures former funding health holder industry inferred info instance
  issued key kind label language licence licenses limit links literal meeting
  migration month municipality name national next note offset ongoing parent
  partnership partnerships path paths period personnel pinyin policy
  precision prefecture profile programme projects province published publisher
  purpose quote recipient recipients records resources rights rule schema
  sector self servers shared side source sources start status summary text
  title total town type uncertain unit unknown until value version village
  year`.split(/\s+/),
);

// What PROSE may hold: one lowercase word of letters.
const WORD = /^[a-z]+$/;

export function fieldNames(file) {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const names = new Set();
  const walk = (x) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      if (x.properties && typeof x.properties === 'object') Object.keys(x.properties).forEach((k) => names.add(k));
      if (Array.isArray(x.enum)) x.enum.filter((e) => typeof e === 'string').forEach((e) => names.add(e));
      Object.values(x).forEach(walk);
    }
  };
  walk(doc.components.schemas);
  const all = [...names];
  return { all, codes: all.filter((n) => !PROSE.has(n)) };
}

const escape = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The codes in a text, by the rule above: [{code, at}].
export function codesIn(text, codes) {
  // A web address is an address, not a code: its dots and slashes are not
  // judged (the citations the page shows end with one).
  const judged = text.replace(/\bhttps?:\/\/\S+/g, (u) => ' '.repeat(u.length));
  const hits = [];
  const add = (re) => {
    for (const m of judged.matchAll(re)) hits.push({ code: m[0], at: m.index });
  };
  add(/\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b/g); // snake_case
  add(/\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/g); // camelCase
  add(/\b[a-z][A-Za-z0-9_]+(?:\.[a-z][A-Za-z0-9_]+)+\b/g); // dotted paths
  add(/\b(?:null|undefined|NaN)\b|\[object \w+\]/g);
  for (const c of codes) {
    if (/[_.]/.test(c) || /[a-z][A-Z]/.test(c)) continue; // found above
    add(new RegExp(`(?<![\\p{L}\\p{N}_-])${escape(c)}(?![\\p{L}\\p{N}_-])`, 'gu'));
  }
  return hits;
}

// The rule's own check: what it must flag, and what it must leave alone.
const SELF_TEST = {
  flag: ['the amount_yuan of it', 'see meta.rule', 'its source.citation', 'a primaryKey', 'none: null', 'undefined', 'government_aid', 'its href', 'the zh name', 'from shanghai', '[object Object]', 'end_status'],
  pass: [
    'The article gives it: its title, its name, its source and its address.',
    'The 44 pilot villages of 1998, e.g. in Wenshan, in the prefecture of Shanghai; ongoing, unknown.',
    'at least 1.981 billion yuan, known until June 2011',
    'Cited at https://aid.example.org/api/v1/events/x and http://127.0.0.1:8080/aid/api/v1',
    'Hanyu Pinyin: Wénshān; a county-level hospital; the Third Front',
  ],
};

// The views a reader sees, each as its own address: every view, every
// grouping of the money, an entity (with its names in Chinese), a search,
// the article with and without a quote, the timeline filtered, citing and
// downloading. A quote panel opened in each that has one.
export const VIEWS = [
  '#/timeline',
  '#/timeline?from=1996&to=2004&category=policy',
  '#/money',
  '#/money?group_by=donor',
  '#/money?group_by=recipient',
  '#/money?recipient=wenshan&quote=funding/wenshan-aid-15-years',
  '#/money?recipient=dehong',
  '#/partnerships?quote=partnerships/shanghai-partners-diqing-counties',
  '#/places',
  '#/places/diqing',
  '#/places/puer',
  '#/places?q=baoshan',
  '#/places?q=文山',
  '#/article',
  '#/article?quote=funding/aid-total-to-june-2011',
  '#/search?q=aid',
  '#/cite',
];

export default async function words(t, openapiFile) {
  const { all, codes } = fieldNames(openapiFile);
  const notWords = [...PROSE].filter((w) => !WORD.test(w));
  const unused = [...PROSE].filter((w) => !all.includes(w));
  const wrong = [
    ...SELF_TEST.flag.filter((x) => codesIn(x, codes).length === 0).map((x) => `not flagged: “${x}”`),
    ...SELF_TEST.pass.filter((x) => codesIn(x, codes).length > 0).map((x) => `flagged: “${x}” (${codesIn(x, codes).map((h) => h.code)})`),
  ];
  t.check(
    `plain words: the rule holds (PROSE is ${PROSE.size} plain words of the schemas, lowercase letters only; it flags ${SELF_TEST.flag.length} codes and passes ${SELF_TEST.pass.length} plain sentences)`,
    notWords.length === 0 && unused.length === 0 && wrong.length === 0,
    [notWords.length ? `not plain words: ${notWords}` : '', unused.length ? `no such field or code in the schemas: ${unused}` : '', ...wrong].filter(Boolean).join('; '),
  );

  const found = [];
  for (const v of VIEWS) {
    await t.go(v);
    const text = await t.page.evaluate(() => document.getElementById('main').innerText);
    const where = (i, len) => `“…${text.slice(Math.max(0, i - 70), i + len + 30).replace(/\s+/g, ' ')}…”`;
    const hits = codesIn(text, codes).map((x) => `${x.code} in ${where(x.at, x.code.length)}`);
    if (hits.length) found.push(`${v}: ${[...new Set(hits)].join('; ')}`);
  }
  t.check(
    `plain words: no field name or code of the OpenAPI schemas (${codes.length} of their ${all.length} names and codes are not plain words), no snake_case, camelCase or dotted path, nor null or undefined, in the visible text of ${VIEWS.length} views`,
    found.length === 0,
    found.join(' | '),
  );
}
