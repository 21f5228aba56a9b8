// Full-text search over everything: q on each collection (names, aliases,
// titles, summaries and quotes; case-insensitive, word beginnings), the
// results grouped by kind, each a link to where it is on the page.
import { zhBeside } from './chinese.js';
import { append, factHash, getAll, h, hashFor, hasWord, words } from './lib.js';
import { problem } from './pieces.js';

export const title = (state) => (state.params.q ? `Search: “${state.params.q}”` : 'Search');
export const key = (state) => state.params.q || '';

const GROUPS = [
  { path: 'events', heading: 'Events', text: (x) => `${x.period_label}: ${x.title}`, more: (x) => x.summary },
  { path: 'partnerships', heading: 'Partnerships', text: (x) => x.name, more: (x) => `${x.period_label}, ${words(x.sector, 'sector').toLowerCase()}` },
  { path: 'funding', heading: 'Money', text: (x) => x.name, more: (x) => `${x.period_label}; given by ${x.donor.name}` },
  {
    path: 'entities',
    heading: 'Places and organisations',
    text: (x) => x.name,
    beside: zhBeside,
    more: (x) => [words(x.kind, 'entity'), x.aliases.length ? `also written ${x.aliases.map((a) => `“${a}”`).join(', ')}` : null].filter(Boolean).join('; '),
  },
  {
    path: 'sources',
    heading: 'The article',
    link: (x, q) => hashFor('article', null, { find: q }),
    text: (x) => `“${x.title}” (${x.publisher})`,
    more: () => "the article's own words: see where it uses them",
  },
];

export async function render(section, state) {
  const q = (state.params.q || '').trim();
  append(section, h('h2', { id: 'h-search' }, q ? `Search: “${q}”` : 'Search'));
  if (!q) {
    append(
      section,
      h(
        'p',
        { class: 'intro' },
        'Type a word in the search box at the top of the page: it looks through every event, partnership, amount, place and organisation (their names, every spelling of the article, the names in Chinese and pinyin, titles, summaries and quotes) and the article itself.',
      ),
    );
    return;
  }
  if (!hasWord(q)) {
    append(section, h('p', { class: 'intro' }, `“${q}” has no letter or digit to search for.`));
    return;
  }
  const settled = await Promise.allSettled(GROUPS.map((g) => getAll(g.path, { q, fields: g.path === 'sources' ? 'id,title,publisher' : null })));
  const n = settled.reduce((sum, r) => sum + (r.status === 'fulfilled' ? r.value.length : 0), 0);
  append(
    section,
    h(
      'p',
      { class: 'intro', role: 'status' },
      n === 0 ? `Nothing matches “${q}”.` : `${n} result${n === 1 ? '' : 's'} for “${q}”, by kind. The search matches the beginnings of words, in any case.`,
    ),
  );
  GROUPS.forEach((g, i) => {
    const r = settled[i];
    const hid = `h-search-${g.path}`;
    const box = h('section', { class: 'search-group', 'aria-labelledby': hid });
    if (r.status === 'rejected') {
      box.append(h('h3', { id: hid }, g.heading), problem(r.reason, `${g.heading} matching “${q}”`));
    } else {
      const link = (x) => (g.link ? g.link(x, q) : factHash(g.path, x.id));
      box.append(
        h('h3', { id: hid }, `${g.heading} (${r.value.length})`),
        r.value.length === 0
          ? h('p', null, 'None.')
          : h(
              'ul',
              { class: 'results' },
              r.value.map((x) =>
                h('li', null, h('a', { href: link(x) }, g.text(x)), g.beside ? g.beside(x) : null, h('span', { class: 'more' }, ` — ${g.more(x)}`)),
              ),
            ),
      );
    }
    append(section, box);
  });
}
