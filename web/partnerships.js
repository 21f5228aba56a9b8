// The partnerships: who was paired with whom (donors → recipients), since
// when and until when (an end the article does not give said as such), in
// what field, with the counts the article gives.
import { append, entityLink, getAll, h, num, words } from './lib.js';
import { inferredTag, jsonLinks, quoteBlock } from './pieces.js';
import { endTag } from './spans.js';

export const title = () => 'Partnerships';
export const key = () => '';

export async function render(section) {
  const list = await getAll('partnerships');
  append(
    section,
    h('h2', { id: 'h-partnerships' }, 'Partnerships'),
    h(
      'p',
      { class: 'intro' },
      `The ${list.length} pairings the article tells: who on Shanghai's side was paired with whom in Yunnan, since when and in what field. `,
      'Where the article gives a number of parties (“12 districts and counties”, “23 key counties”), it is shown; where it gives none, none is.',
    ),
    h('ol', { class: 'partnerships' }, list.map(item)),
    jsonLinks(['the partnerships', 'partnerships']),
  );
}

function side(label, refs, count) {
  return h(
    'div',
    { class: 'side' },
    h('p', { class: 'side-label' }, label, count !== null && count !== undefined ? h('span', { class: 'count' }, ` (the article counts ${num(count)})`) : null),
    h(
      'ul',
      { class: 'refs' },
      refs.map((r) => h('li', null, entityLink(r))),
    ),
  );
}

function item(p) {
  const hid = `partnership-${p.id}`;
  return h(
    'li',
    { id: `item-${p.id}`, class: 'fact partnership' },
    h(
      'article',
      { 'aria-labelledby': hid },
      h(
        'p',
        { class: 'when' },
        h('span', { class: 'date' }, p.period_label),
        (p.start && p.start.inferred) || (p.end && p.end.inferred) ? inferredTag() : null,
        endTag(p),
        h('span', { class: 'tag tag-category' }, words(p.sector, 'sector')),
      ),
      h('h3', { id: hid }, p.name),
      h(
        'div',
        { class: 'pair' },
        side('Donors', p.donors, p.donor_count),
        h('p', { class: 'arrow', 'aria-hidden': 'true' }, '→'),
        side('Recipients', p.recipients, p.recipient_count),
      ),
      h('p', { class: 'summary' }, p.summary),
      quoteBlock('partnerships', p, p.name),
    ),
  );
}
