// Places and organisations: a finder over entities and every other spelling
// the article uses (GET /entities?q= and /entities/{key}), one entity's
// view (its place in the hierarchy, its spellings, its first mention and
// what it appears in), homonyms told apart (the 300 answer's candidates),
// and the whole hierarchy.
const lib = await import(`./lib.js${new URL(import.meta.url).search}`);
const { h, api, getJSON, getAll, hashFor, entityLink, problem, words, slug, hasWord, SIDES, andList } = lib;

export const title = (state) => (state.id ? 'Places and organisations' : state.params.q ? `Places: “${state.params.q}”` : 'Places and organisations');
export const key = (state) => `${state.id || ''}|${state.params.q || ''}`;

// The keys the API finds an entity by (db/derive.sql): its id, the slug of
// its name and of each alias, and for a place that name or alias without
// the word that says what it is ("Baoshan District" is also "baoshan").
// The page asks /entities/{key} only for a key it expects to exist, so
// that an ordinary search never makes the API answer 404.
const PLACE_KINDS = new Set(['municipality', 'province', 'prefecture', 'city', 'district', 'county', 'town', 'village']);
const KIND_WORDS = ['District', 'City', 'County', 'Prefecture', 'Province', 'Village', 'Town'];
function keysOf(e) {
  const spellings = [e.name, ...e.aliases];
  const keys = new Set([slug(e.id), ...spellings.map(slug)]);
  if (PLACE_KINDS.has(e.kind)) {
    for (const sp of spellings) {
      const padded = ` ${sp} `;
      for (const w of KIND_WORDS) {
        if (!padded.toLowerCase().endsWith(` ${w.toLowerCase()} `)) continue;
        const at = padded.indexOf(` ${w} `);
        if (at > 1) keys.add(slug(sp.slice(0, at).trimEnd()));
      }
    }
  }
  keys.delete('');
  return keys;
}

function index(all) {
  const byId = new Map(all.map((e) => [e.id, e]));
  const byKey = new Map();
  for (const e of all) {
    for (const k of keysOf(e)) {
      if (!byKey.has(k)) byKey.set(k, new Set());
      byKey.get(k).add(e.id);
    }
  }
  const children = new Map();
  for (const e of all) {
    if (!e.parent) continue;
    if (!children.has(e.parent.id)) children.set(e.parent.id, []);
    children.get(e.parent.id).push(e);
  }
  // Homonyms: entities that share a key (the API answers 300 for it).
  const homonyms = (id) => {
    const out = new Set();
    for (const ids of byKey.values()) if (ids.has(id) && ids.size > 1) for (const x of ids) if (x !== id) out.add(x);
    return [...out].map((x) => byId.get(x));
  };
  return { byId, byKey, children, homonyms };
}

const kindSide = (e) => `${words(e.kind)}, ${lib.ON_SIDE[e.side] || e.side}`;

export async function render(section, state) {
  const all = await getAll('entities');
  const ix = index(all);
  const q = state.params.q || '';
  section.append(
    h('h2', { id: 'h-places' }, 'Places and organisations'),
    h('p', { class: 'intro' },
      `The ${all.length} places, organisations, programmes and groups of people the article names, `,
      'each under its correct modern English name, with every other spelling the article uses (misspellings and former names included). ',
      'Two places with the same name are two entries.'),
    finder(q));
  if (state.id) section.append(await entityView(state.id, ix));
  else if (q) section.append(await results(q, ix));
  section.append(hierarchy(all, ix, state.id));
}

function finder(q) {
  return h('form', { class: 'finder', role: 'search', 'aria-label': 'Places and organisations', on: { submit: (ev) => {
    ev.preventDefault();
    const value = ev.target.elements.q.value.trim();
    location.hash = hashFor('places', null, { q: value });
  } } },
  h('label', { for: 'places-q' }, 'Find a place or organisation by any spelling the article uses'),
  h('span', { class: 'search-row' },
    h('input', { id: 'places-q', name: 'q', type: 'search', value: q, autocomplete: 'off', spellcheck: 'false', placeholder: 'e.g. Minghang, Simiao, Baoshan' }),
    h('button', { type: 'submit' }, 'Find')));
}

async function results(q, ix) {
  const box = h('section', { class: 'found', 'aria-labelledby': 'h-found' }, h('h3', { id: 'h-found', 'data-autofocus': true }, `Found for “${q}”`));
  if (!hasWord(q)) {
    box.append(h('p', null, 'Type at least one letter or digit.'));
    return box;
  }
  const k = slug(q);
  try {
    const [found, exact] = await Promise.all([
      getAll('entities', { q }),
      k && ix.byKey.has(k) ? getJSON(api(`entities/${encodeURIComponent(k)}`)) : null,
    ]);
    if (exact && exact.status === 300) box.append(candidates(q, exact.body, ix));
    else if (exact && exact.body.data) {
      const e = exact.body.data;
      const spelled = slug(e.name) === k ? 'is' : 'is a spelling the article uses for';
      box.append(h('p', { class: 'exact' }, `“${q}” ${spelled} `, h('a', { href: hashFor('places', e.id) }, e.name), ` (${kindSide(e)}).`));
    }
    box.append(found.length === 0
      ? h('p', null, `No place or organisation matches “${q}”. The search looks at names and every spelling of the article, and matches the beginnings of words.`)
      : h('ul', { class: 'entity-results' }, found.map((e) => resultItem(e, q))));
  } catch (err) {
    box.append(problem(err, `The search for “${q}”`));
  }
  return box;
}

function candidates(q, body, ix) {
  return h('div', { class: 'candidates' },
    h('p', null, `“${q}” names ${body.candidates.length} different entries; which one do you mean?`),
    h('ul', null, body.candidates.map((c) => {
      const e = ix.byId.get(c.id);
      return h('li', null, h('a', { href: hashFor('places', c.id) }, c.name),
        ` — ${e ? kindSide(e) : words(c.kind)}${e && e.parent ? `, in ${e.parent.name}` : ''}`);
    })));
}

function resultItem(e, q) {
  const words_ = q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const hit = (text) => words_.some((w) => text.toLowerCase().split(/[^\p{L}\p{N}']+/u).some((t) => t.startsWith(w)));
  return h('li', null,
    h('a', { href: hashFor('places', e.id) }, e.name),
    ` — ${kindSide(e)}${e.parent ? `, in ${e.parent.name}` : ''}`,
    e.aliases.length ? h('span', { class: 'aliases' }, '. Also written: ',
      andList(e.aliases.map((a) => (hit(a) ? h('mark', { class: 'hit' }, a) : a)))) : null);
}

async function entityView(id, ix) {
  let res;
  try {
    res = await getJSON(api(`entities/${encodeURIComponent(id)}`));
  } catch (err) {
    return h('section', { class: 'entity' }, h('h3', null, `“${id}”`), problem(err, 'This place or organisation'));
  }
  if (res.status === 300) {
    return h('section', { class: 'entity' }, h('h3', null, `“${id}”`), candidates(id, res.body, ix));
  }
  const e = res.body.data;
  const chain = [];
  for (let p = e.parent, n = 0; p && n < 20; p = (ix.byId.get(p.id) || {}).parent, n++) chain.push(p);
  const kids = ix.children.get(e.id) || [];
  const others = ix.homonyms(e.id);
  const rows = [
    ['What', kindSide(e)],
    ['Part of', chain.length ? andList(chain.map(entityLink)) : 'nothing above it in the article'],
  ];
  if (kids.length) rows.push(['Within it', andList(kids.map(entityLink))]);
  rows.push(['Other spellings in the article', e.aliases.length ? andList(e.aliases.map((a) => h('q', null, a))) : 'none']);
  if (e.note) rows.push(['Note', e.note]);
  if (others.length) {
    rows.push(['Not to be confused with', andList(others.map((o) => [entityLink(o), ` (${kindSide(o)}${o.parent ? `, in ${o.parent.name}` : ''})`]))]);
  }
  const box = h('section', { class: 'entity fact', 'aria-labelledby': 'h-entity' },
    h('h3', { id: 'h-entity', 'data-autofocus': true }, e.name),
    e.id !== id && slug(e.name) !== slug(id) ? h('p', { class: 'exact' }, `“${id}” is a spelling the article uses for ${e.name}.`) : null,
    h('dl', { class: 'facts' }, rows.map(([dt, dd]) => [h('dt', null, dt), h('dd', null, dd)])),
    h('p', { class: 'quote-intro' }, 'The article first names it as ', h('q', { class: 'verbatim' }, e.source.quote), ' (verbatim). ',
      h('a', { href: hashFor('article', null, { quote: `entities/${e.id}` }), class: 'to-article' }, 'See it in the article')),
    await appearsIn(e));
  return box;
}

async function appearsIn(e) {
  const box = h('div', { class: 'appears' }, h('h4', null, `Where the article tells of ${e.name} or a place within it`));
  try {
    const [events, partnerships, funding] = await Promise.all([
      getAll('events', { entity: e.id }), getAll('partnerships', { entity: e.id }), getAll('funding', { entity: e.id })]);
    const list = (label, items, link) => h('div', null, h('p', { class: 'side-label' }, `${label} (${items.length})`),
      items.length ? h('ul', { class: 'refs' }, items.map((x) => h('li', null, link(x)))) : h('p', null, 'none'));
    box.append(
      list('Events', events, (x) => h('a', { href: hashFor('timeline', null, { item: x.id }) }, `${x.period_label}: ${x.title}`)),
      list('Partnerships', partnerships, (x) => h('a', { href: hashFor('partnerships', null, { item: x.id }) }, x.name)),
      list('Money', funding, (x) => h('a', { href: hashFor('money', null, { item: x.id }) }, x.name)));
  } catch (err) {
    box.append(problem(err, `What ${e.name} appears in`));
  }
  return box;
}

function hierarchy(all, ix, current) {
  const item = (e) => {
    const kids = ix.children.get(e.id) || [];
    return h('li', null,
      h('a', { href: hashFor('places', e.id), 'aria-current': e.id === current ? 'page' : null }, e.name),
      h('span', { class: 'kind' }, ` — ${words(e.kind).toLowerCase()}`),
      e.aliases.length ? h('span', { class: 'aliases' }, ` (also ${e.aliases.map((a) => `“${a}”`).join(', ')})`) : null,
      kids.length ? h('ul', null, kids.map(item)) : null);
  };
  const sides = ['shanghai', 'yunnan', 'national'];
  return h('section', { class: 'hierarchy', 'aria-labelledby': 'h-hierarchy' },
    h('h3', { id: 'h-hierarchy' }, 'All of them, by where they belong'),
    h('div', { class: 'sides' }, sides.map((sd) => {
      const roots = all.filter((e) => e.side === sd && !(e.parent && ix.byId.has(e.parent.id)));
      return h('section', { class: 'tree', 'aria-labelledby': `h-side-${sd}` },
        h('h4', { id: `h-side-${sd}` }, SIDES[sd]),
        h('ul', null, roots.map(item)));
    })));
}
