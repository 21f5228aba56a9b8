// Places and organisations: a finder over entities, every other spelling
// the article uses and their names in Chinese, one entity's view (its place
// in the hierarchy, its spellings, its names in Chinese, its first mention
// and what it appears in), homonyms told apart (the API's 300 answer and
// its candidates), and the whole hierarchy.
//
// Which entity a text names is the API's to say: the finder asks
// GET /entities/{text} (200: that entity; 300: several; 404: none) beside
// the full-text search GET /entities?q=, and never works out keys itself.
import { chineseNames, whichName, zhBeside } from './chinese.js';
import { copyTools } from './cite.js';
import { andList, api, append, entityLink, factLink, getAll, getJSON, h, hashFor, hasWord, ON_SIDE, SIDES, words } from './lib.js';
import { factRows, problem } from './pieces.js';

export const title = (state) => (state.id ? 'Places and organisations' : state.params.q ? `Places: “${state.params.q}”` : 'Places and organisations');
export const key = (state) => `${state.id || ''}|${state.params.q || ''}`;

const kindSide = (e) => `${words(e.kind, 'entity')}, ${ON_SIDE[e.side] || e.side}`;
const where = (e) => `${kindSide(e)}${e.parent ? `, in ${e.parent.name}` : ''}`;

// The entity a key names, as the API answers: {status: 200|300, body}, or
// null when no entity has that key (the API's 404).
async function byKey(key) {
  try {
    return await getJSON(api(`entities/${encodeURIComponent(key)}`));
  } catch (err) {
    if (err.status === 404) return null;
    throw err;
  }
}

export async function render(section, state) {
  const all = await getAll('entities');
  const q = state.params.q || '';
  append(
    section,
    h('h2', { id: 'h-places' }, 'Places and organisations'),
    h(
      'p',
      { class: 'intro' },
      `The ${all.length} places, organisations, programmes and groups of people the article names, `,
      'each under its correct modern English name, with every other spelling the article uses (misspellings and former names included). ',
      'Two places with the same name are two entries. ',
      'Beside the English, a place or ethnic group of China has its official name in Chinese and in pinyin: not from the article, which is in English, and each says where it comes from.',
    ),
    finder(q),
  );
  if (state.id) append(section, await entityView(state.id, all));
  else if (q) append(section, await results(q, all));
  append(section, hierarchy(all, state.id));
}

function finder(q) {
  return h(
    'form',
    {
      class: 'finder',
      role: 'search',
      'aria-label': 'Places and organisations',
      on: {
        submit: (ev) => {
          ev.preventDefault();
          location.hash = hashFor('places', null, { q: ev.target.elements.q.value.trim() });
        },
      },
    },
    h('label', { for: 'places-q' }, 'Find a place or organisation by any spelling the article uses, or by its name in Chinese or pinyin'),
    h(
      'span',
      { class: 'search-row' },
      h('input', {
        id: 'places-q',
        name: 'q',
        type: 'search',
        value: q,
        autocomplete: 'off',
        spellcheck: 'false',
        placeholder: 'e.g. Minghang, Simiao, Baoshan, 文山',
      }),
      h('button', { type: 'submit' }, 'Find'),
    ),
  );
}

async function results(q, all) {
  const box = h('section', { class: 'found', 'aria-labelledby': 'h-found' }, h('h3', { id: 'h-found', 'data-autofocus': true }, `Found for “${q}”`));
  if (!hasWord(q)) {
    box.append(h('p', null, 'Type at least one letter or digit.'));
    return box;
  }
  try {
    const [found, exact] = await Promise.all([getAll('entities', { q }), byKey(q)]);
    if (exact && exact.status === 300) box.append(candidates(q, exact.body, all));
    else if (exact && exact.body.data) {
      const e = exact.body.data;
      const same = q.toLowerCase() === e.name.toLowerCase();
      const which = whichName(e, q);
      box.append(
        h(
          'p',
          { class: 'exact' },
          `“${q}” ${same ? 'is' : 'names'} `,
          entityLink(e),
          ` (${kindSide(e)})`,
          which ? `: ${which}, not from the article` : null,
          '.',
        ),
      );
    }
    box.append(
      found.length === 0
        ? h(
            'p',
            null,
            `No place or organisation matches “${q}”. The search looks at names, every spelling of the article and the names in Chinese and pinyin, and matches the beginnings of words.`,
          )
        : h(
            'ul',
            { class: 'entity-results' },
            found.map((e) => resultItem(e, q)),
          ),
    );
  } catch (err) {
    box.append(problem(err, `The search for “${q}”`));
  }
  return box;
}

function candidates(q, body, all) {
  const byId = new Map(all.map((e) => [e.id, e]));
  return h(
    'div',
    { class: 'candidates' },
    h('p', null, `“${q}” names ${body.candidates.length} different entries; which one do you mean?`),
    h(
      'ul',
      null,
      body.candidates.map((c) => {
        const e = byId.get(c.id);
        return h('li', null, entityLink(c), e ? zhBeside(e) : null, ` — ${e ? where(e) : words(c.kind, 'entity')}`);
      }),
    ),
  );
}

function resultItem(e, q) {
  const typed = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const hit = (text) =>
    typed.some((w) =>
      text
        .toLowerCase()
        .split(/[^\p{L}\p{N}']+/u)
        .some((t) => t.startsWith(w)),
    );
  return h(
    'li',
    null,
    entityLink(e),
    zhBeside(e),
    ` — ${where(e)}`,
    e.aliases.length ? h('span', { class: 'aliases' }, '. Also written: ', andList(e.aliases.map((a) => (hit(a) ? h('mark', { class: 'hit' }, a) : a)))) : null,
  );
}

async function entityView(id, all) {
  let res;
  try {
    res = await getJSON(api(`entities/${encodeURIComponent(id)}`));
  } catch (err) {
    return h('section', { class: 'entity' }, h('h3', null, `“${id}”`), problem(err, 'This place or organisation'));
  }
  if (res.status === 300) {
    return h('section', { class: 'entity' }, h('h3', null, `“${id}”`), candidates(id, res.body, all));
  }
  const e = res.body.data;
  const byId = new Map(all.map((x) => [x.id, x]));
  const chain = [];
  for (let p = e.parent, n = 0; p && n < 20; p = (byId.get(p.id) || {}).parent, n++) chain.push(p);
  const kids = all.filter((x) => x.parent && x.parent.id === e.id);
  return h(
    'section',
    { class: 'entity fact', 'aria-labelledby': 'h-entity' },
    h('h3', { id: 'h-entity', 'data-autofocus': true }, e.name),
    id !== e.id && id.toLowerCase() !== e.name.toLowerCase() ? h('p', { class: 'exact' }, `The address names it as “${id}”.`) : null,
    factRows([
      ['What', kindSide(e)],
      ['Part of', chain.length ? andList(chain.map(entityLink)) : 'nothing above it in the article'],
      kids.length ? ['Within it', andList(kids.map(entityLink))] : null,
      ['Other spellings in the article', e.aliases.length ? andList(e.aliases.map((a) => h('q', null, a))) : 'none'],
      e.note ? ['Note', e.note] : null,
    ]),
    chineseNames(e),
    h(
      'div',
      { class: 'quote-intro' },
      h(
        'p',
        null,
        'The article first names it as ',
        h('q', { class: 'verbatim' }, e.source.quote),
        ' (verbatim). ',
        h('a', { href: hashFor('article', null, { quote: `entities/${e.id}` }), class: 'to-article' }, 'See it in the article'),
      ),
      copyTools('entities', e, e.name),
    ),
    await appearsIn(e),
  );
}

async function appearsIn(e) {
  const box = h('div', { class: 'appears' }, h('h4', null, `Where the article tells of ${e.name} or a place within it`));
  try {
    const [events, partnerships, funding] = await Promise.all([
      getAll('events', { entity: e.id }),
      getAll('partnerships', { entity: e.id }),
      getAll('funding', { entity: e.id }),
    ]);
    const list = (label, kind, items, text) =>
      h(
        'div',
        null,
        h('p', { class: 'side-label' }, `${label} (${items.length})`),
        items.length
          ? h(
              'ul',
              { class: 'refs' },
              items.map((x) => h('li', null, factLink(kind, x, text(x)))),
            )
          : h('p', null, 'none'),
      );
    box.append(
      list('Events', 'events', events, (x) => `${x.period_label}: ${x.title}`),
      list('Partnerships', 'partnerships', partnerships, (x) => x.name),
      list('Money', 'funding', funding, (x) => x.name),
    );
  } catch (err) {
    box.append(problem(err, `What ${e.name} appears in`));
  }
  return box;
}

function hierarchy(all, current) {
  const byId = new Map(all.map((e) => [e.id, e]));
  const children = new Map();
  for (const e of all) {
    if (!e.parent) continue;
    if (!children.has(e.parent.id)) children.set(e.parent.id, []);
    children.get(e.parent.id).push(e);
  }
  const item = (e) => {
    const kids = children.get(e.id) || [];
    return h(
      'li',
      null,
      h('a', { href: hashFor('places', e.id), 'aria-current': e.id === current ? 'page' : null }, e.name),
      zhBeside(e),
      h('span', { class: 'kind' }, ` — ${words(e.kind, 'entity').toLowerCase()}`),
      e.aliases.length ? h('span', { class: 'aliases' }, ` (also ${e.aliases.map((a) => `“${a}”`).join(', ')})`) : null,
      kids.length ? h('ul', null, kids.map(item)) : null,
    );
  };
  return h(
    'section',
    { class: 'hierarchy', 'aria-labelledby': 'h-hierarchy' },
    h('h3', { id: 'h-hierarchy' }, 'All of them, by where they belong'),
    h(
      'p',
      { class: 'chinese-note' },
      'Beside an English name, the official name in Chinese where there is one: not from the article; each entry says where it comes from.',
    ),
    h(
      'div',
      { class: 'sides' },
      ['shanghai', 'yunnan', 'national'].map((sd) =>
        h(
          'section',
          { class: 'tree', 'aria-labelledby': `h-side-${sd}` },
          h('h4', { id: `h-side-${sd}` }, SIDES[sd]),
          h('ul', null, all.filter((e) => e.side === sd && !(e.parent && byId.has(e.parent.id))).map(item)),
        ),
      ),
    ),
  );
}
