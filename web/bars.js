// The honest totals drawn: one row a group, its counted amounts a solid
// bar, each amount listed and not added (contained, uncertain, shared,
// inferred) a patterned bar of its own beside the words that say why, all
// to one scale; a row with nothing counted says what is true of each list;
// the legend; the page's own words for the rule; the same totals as a
// table. Bars are HTML boxes whose patterns are CSS gradients (style.css),
// printed as shown.
import { amount, andList, entityLink, h, words, yuan } from './lib.js';

// How each list of a totals row is drawn and said.
export const LISTS = {
  counted: { word: 'Counted', says: 'added to the total' },
  contained: { word: 'Contained', says: 'inside a counted amount, so not added again' },
  uncertain: { word: 'Uncertain', says: 'may be inside a counted amount (the article leaves it open, or it is only read so), so not added' },
  shared: { word: 'Shared', says: 'given to this group together with others outside it; the article does not say how it was split, so not added' },
  inferred: { word: 'Inferred', says: 'tied to this group only by a reading of the article, not by its words, so not added' },
};
const NOT_ADDED = ['contained', 'uncertain', 'shared', 'inferred'];

const CAPTION = {
  kind: 'Each bar is the money of that kind the article guarantees',
  donor: 'Each bar is what that donor (with everything below it) is sure to have given',
  recipient: 'Each bar is what that place or group (with everything within it) is sure to have received',
};

// The rule, in the page's own words, for each grouping.
export function ruleWords(by, recipient) {
  const base =
    'A total adds only the amounts it can be sure of. An amount that lies inside another counted amount (contained), or that may (uncertain), is listed beside it and not added, so that no yuan is counted twice; each total is therefore a lower bound, “at least”.';
  const shared =
    'An amount given to a place together with places outside it (shared) is listed and not added: the article does not say how it was split. Nor is one that only a reading of the article ties to the place (inferred), where its words give it to another.';
  if (by === 'kind') return `${base} ${recipient ? `${shared} ` : ''}Every amount has one kind, so these totals may be added together.`;
  if (by === 'donor')
    return `${base} ${recipient ? `${shared} ` : ''}A donor's total includes what those below it gave (Shanghai holds its enterprises), so these rows overlap and must not be added together.`;
  return `${base} ${shared} A place's total includes the places within it (Yunnan holds Wenshan), so these rows overlap and must not be added together.`;
}

// The total of a row as said: "at least 1,981,000,000 yuan", or, when
// nothing is counted, "no amount of its own" (never "at least 0 yuan").
export const totalWords = (r) => (r.counted.length ? `${r.at_least ? 'at least ' : ''}${yuan(r.amount_yuan)}` : 'no amount of its own');

// The largest amount any bar of the chart draws: one scale for all rows.
function scaleOf(rows) {
  let max = 1;
  for (const r of rows) {
    max = Math.max(max, r.amount_yuan);
    for (const k of NOT_ADDED) for (const x of r[k]) max = Math.max(max, x.amount_yuan);
  }
  return (n) => `${n <= 0 ? 0 : Math.max(0.4, (n / max) * 100)}%`;
}

const rowName = (r) => (r.href ? entityLink({ id: r.key, name: r.name }) : r.name);

// ctx: {by, forWhom, records (id -> record), within(entityId, rowKey) ->
// boolean, link(id) -> the hash of a record}
export function chart(rows, ctx) {
  const width = scaleOf(rows);
  return h(
    'figure',
    { class: 'chart' },
    h(
      'figcaption',
      null,
      `${CAPTION[ctx.by] || 'Each bar is what the article guarantees'}${ctx.forWhom}; the patterned bars below it, drawn to the same scale, are amounts listed and not added. `,
      ctx.by === 'kind'
        ? 'An amount has one kind, so these rows may be added together.'
        : 'Rows nest (one place or donor holds another), so they must not be added together.',
    ),
    rows.length === 0 ? h('p', null, 'No money in the article matches this choice.') : null,
    h(
      'ol',
      { class: 'chart-rows' },
      rows.map((r) => row(r, ctx, width)),
    ),
  );
}

function row(r, ctx, width) {
  const listed = [];
  for (const k of NOT_ADDED) for (const item of r[k]) listed.push(listedLine(k, item, ctx, width));
  return h(
    'li',
    { class: 'chart-row', 'data-key': r.key },
    h(
      'p',
      { class: 'row-head' },
      h('span', { class: 'row-name' }, rowName(r)),
      h('span', { class: 'row-total' }, totalWords(r)),
      r.amount_yuan > 0 ? h('span', { class: 'row-short' }, ` (${amount(r.amount_yuan, false)})`) : null,
    ),
    r.counted.length
      ? [
          h(
            'div',
            { class: 'bar', 'aria-hidden': 'true' },
            r.counted.map((c) =>
              h('span', { class: 'seg', 'data-bar': 'counted', css: { width: width(c.amount_yuan) }, title: `${c.name}: ${yuan(c.amount_yuan)}, counted` }),
            ),
          ),
          h('p', { class: 'bar-note' }, 'Counted: ', andList(r.counted.map((c) => h('a', { href: ctx.link(c.id) }, c.name))), '.'),
        ]
      : h('p', { class: 'row-none' }, nothingCounted(r, ctx)),
    listed.length ? h('ul', { class: 'listed' }, listed) : null,
  );
}

// The recipients of a record as the article states them: "80 De'ang
// natural villages and De'ang", or "7 recipients" when there are more than
// two (the ones only read are not among them).
function together(rec) {
  const stated = rec.recipients.filter((x) => !x.inferred);
  return stated.length <= 2 ? andList(stated.map((x) => x.name)).join('') : `${stated.length} recipients`;
}

// "at least 1.981 billion yuan of government aid", linking to its record.
const KIND_OF = { donation: 'donations' };
function amountLink(ref, ctx) {
  const rec = ctx.records.get(ref.id);
  const text = rec ? `${amount(rec.amount_yuan, rec.bound === 'at_least')} of ${KIND_OF[rec.kind] || words(rec.kind, 'funding').toLowerCase()}` : ref.name;
  return h('a', { href: ctx.link(ref.id) }, text);
}

/*
 * What is true of a row with nothing counted, list by list, never "at
 * least 0 yuan": the amounts it shares with recipients outside it (how
 * they were split is not said), those tied to it only by a reading of the
 * article, and those that lie, or may lie, inside others. Its subject is
 * the place of the row, or, for a kind or a donor, the place chosen.
 */
function nothingCounted(r, ctx) {
  const place = ctx.by === 'recipient' ? r.name : ctx.placeName || r.name;
  const what = ctx.by === 'kind' ? `No amount of ${r.name.toLowerCase()}` : ctx.by === 'donor' ? `No amount from ${r.name}` : 'No amount';
  const out = [];
  if (r.shared.length) {
    const parts = r.shared.map((ref) => {
      const rec = ctx.records.get(ref.id);
      return [amountLink(ref, ctx), rec ? ` given to ${together(rec)} together` : ' given to it and others together'];
    });
    out.push(
      `${what} is given to ${place} alone: it shares in `,
      andList(parts),
      `, and the article does not say how ${r.shared.length === 1 ? 'it was' : 'they were'} split.`,
    );
  } else {
    out.push(`${what} is given to ${place} in the article's words.`);
  }
  if (r.inferred.length) {
    const they = r.inferred.length === 1 ? 'it is' : 'they are';
    out.push(
      ' The article ties ',
      andList(r.inferred.map((ref) => amountLink(ref, ctx))),
      ` to it only by a reading, not by its words, so ${they} not added${r.shared.length ? ' either' : ''}.`,
    );
  }
  const inside = [...r.contained, ...r.uncertain];
  if (inside.length)
    out.push(
      ` Listed and not added, as ${inside.length === 1 ? 'it lies' : 'they lie'}, or may lie, inside another amount: `,
      andList(inside.map((ref) => amountLink(ref, ctx))),
      '.',
    );
  return out;
}

function listedLine(kind, item, ctx, width) {
  const L = LISTS[kind];
  const rec = ctx.records.get(item.id);
  let why = '';
  if (kind === 'contained' && rec && rec.part_of) why = `, inside ${rec.part_of.name}`;
  if (kind === 'uncertain' && rec && rec.part_of) why = `, read to lie inside ${rec.part_of.name} (the article does not say so)`;
  else if (kind === 'uncertain' && rec && rec.possibly_part_of) why = `, may be inside ${rec.possibly_part_of.name}`;
  if (kind === 'shared') why = rec ? `, given to ${together(rec)} together` : ', given to others too';
  if (kind === 'inferred') why = ', tied to it only by a reading of the article';
  return h(
    'li',
    { class: `listed-${kind}` },
    h('span', { class: 'mini', 'data-bar': kind, 'aria-hidden': 'true', css: { width: width(item.amount_yuan) } }),
    h('span', { class: 'listed-text' }, h('strong', null, `${L.word}, not added: `), h('a', { href: ctx.link(item.id) }, item.name), `${why}.`),
  );
}

export function legend() {
  return h(
    'dl',
    { class: 'legend', 'aria-label': 'Legend of the bars' },
    Object.entries(LISTS).map(([k, L]) => [h('dt', null, h('span', { class: 'swatch', 'data-bar': k, 'aria-hidden': 'true' }), L.word), h('dd', null, L.says)]),
  );
}

export function table(rows, ctx) {
  const refs = (list, kind) =>
    list.map((x) => h('li', { class: `ref-${kind}` }, h('span', { class: 'list-word' }, `${LISTS[kind].word}: `), h('a', { href: ctx.link(x.id) }, x.name)));
  const what = { kind: 'kind of money', donor: 'donor', recipient: 'recipient' }[ctx.by] || 'group';
  return h(
    'table',
    { class: 'totals-table' },
    h('caption', null, `The totals in numbers: by ${what}${ctx.forWhom}`),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, what.charAt(0).toUpperCase() + what.slice(1)),
        h('th', { scope: 'col' }, 'Total, a lower bound'),
        h('th', { scope: 'col' }, 'Amounts: counted, and listed but not added'),
      ),
    ),
    h(
      'tbody',
      null,
      rows.map((r) =>
        h(
          'tr',
          { 'data-key': r.key },
          h('th', { scope: 'row' }, rowName(r)),
          h('td', { class: 'num' }, totalWords(r)),
          h(
            'td',
            null,
            h(
              'ul',
              { class: 'row-records' },
              refs(r.counted, 'counted'),
              refs(r.contained, 'contained'),
              refs(r.uncertain, 'uncertain'),
              refs(r.shared, 'shared'),
              refs(r.inferred, 'inferred'),
            ),
          ),
        ),
      ),
    ),
  );
}
