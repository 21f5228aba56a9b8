// The money: first the answer to the question everyone asks (what the
// article guarantees Shanghai gave Yunnan, by kind, with its period and its
// bound, from GET /funding/totals), then the honest totals by kind, donor
// or recipient (bars.js) with the rule in the page's own words and the same
// as a table, and every funding record with its amount, bound, period and
// recipients.
import { chart, legend, ruleWords, table } from './bars.js';
import { amount, andList, api, append, entityLink, getAll, getJSON, h, hashFor, inferred, num, words, yuan } from './lib.js';
import { factRows, inferredTag, jsonLinks, problem, quoteBlock, readTag } from './pieces.js';
import { endTag, yearAt } from './spans.js';

const GROUPINGS = [
  ['kind', 'Kind of money'],
  ['donor', 'Donor'],
  ['recipient', 'Recipient'],
];

// The question the headline answers: money from Shanghai to Yunnan.
const HEADLINE = { donor: 'shanghai', recipient: 'yunnan' };

const grouping = (state) => state.params.group_by || 'kind';

export const title = () => 'The money';
export const key = (state) => `${grouping(state)}|${state.params.recipient || ''}`;

export async function render(section, state) {
  const by = grouping(state);
  const recipient = state.params.recipient || null;
  const [totals, places, records, all, entities, answer] = await Promise.all([
    getJSON(api('funding/totals', { group_by: by, recipient })),
    getJSON(api('funding/totals', { group_by: 'recipient' })),
    getAll('funding', { recipient }),
    getAll('funding'),
    getAll('entities'),
    // the answer fails alone: the totals below still show
    headline().catch((err) => problem(err, 'The answer in one sentence')),
  ]);
  const rows = totals.body.data;
  const byId = new Map(records.map((r) => [r.id, r]));
  const entity = new Map(entities.map((e) => [e.id, e]));
  const placeName = recipient ? (entity.get(recipient) || { name: recipient }).name : null;
  const forWhom = recipient ? `, for money reaching ${placeName}` : '';
  const groupWord = (GROUPINGS.find(([k]) => k === by) || [by, by])[1].toLowerCase();
  // A record of the list below keeps the recipient chosen; one that is not
  // in it is shown among them all.
  const link = (id) => hashFor('money', null, { group_by: state.params.group_by, recipient: byId.has(id) ? recipient : null, item: id });
  const ctx = { by, forWhom, placeName, records: new Map(all.map((r) => [r.id, r])), link };

  append(
    section,
    h('h2', { id: 'h-money' }, 'The money'),
    answer,
    h(
      'p',
      { class: 'intro' },
      'Every amount of money the article gives, and totals that never count a yuan twice. ',
      'Most amounts are running totals over many years, and some smaller amounts may lie inside them; ',
      'a total adds only what it can be sure of, so each is a lower bound (“at least”). ',
      'There is no total per year: splitting running totals by year would invent data.',
    ),
    pickers(by, recipient, places.body.data),
    h(
      'section',
      { class: 'totals', 'aria-labelledby': 'h-totals' },
      h('h3', { id: 'h-totals' }, `Honest totals by ${groupWord}${forWhom}`),
      h(
        'div',
        { class: 'money-grid' },
        chart(rows, ctx),
        h(
          'aside',
          { class: 'rule', 'aria-labelledby': 'h-rule' },
          h('h4', { id: 'h-rule' }, 'How these totals are counted'),
          h('p', { class: 'rule-text' }, ruleWords(by, recipient)),
          h('p', null, `${totals.body.meta.records} amount${totals.body.meta.records === 1 ? '' : 's'} of money considered.`),
          legend(),
        ),
      ),
      table(rows, ctx),
    ),
    h(
      'section',
      { class: 'records', 'aria-labelledby': 'h-records' },
      h('h3', { id: 'h-records' }, recipient ? `Every amount for ${placeName}` : 'Every amount in the article'),
      h(
        'p',
        { class: 'intro' },
        recipient
          ? `The ${records.length} amounts whose recipients include ${placeName}, a place within it or a group that lies in it.`
          : `The ${records.length} amounts of money the article states, biggest running totals first.`,
      ),
      h(
        'ol',
        { class: 'funding-records' },
        records.map((r) => record(r, link)),
      ),
    ),
    jsonLinks(['these totals', 'funding/totals', { group_by: by, recipient }], ['these amounts', 'funding', { recipient }]),
  );
}

/*
 * The headline: one figure and one sentence for what the article
 * guarantees Shanghai gave Yunnan, by kind (the kinds may be added: an
 * amount has one kind), with the period of the amounts counted and their
 * bound, each kind linking to the records behind it.
 */
async function headline() {
  const [totals, all, donor, recipient] = await Promise.all([
    getJSON(api('funding/totals', { group_by: 'kind', ...HEADLINE })),
    getAll('funding'),
    getJSON(api(`entities/${HEADLINE.donor}`)),
    getJSON(api(`entities/${HEADLINE.recipient}`)),
  ]);
  const byId = new Map(all.map((r) => [r.id, r]));
  const rows = totals.body.data.filter((r) => r.counted.length);
  const sum = rows.reduce((n, r) => n + r.amount_yuan, 0);
  const atLeast = rows.some((r) => r.at_least);
  const counted = rows.flatMap((r) => r.counted.map((c) => byId.get(c.id))).filter(Boolean);
  if (!rows.length || !counted.length) return null;
  const start = counted.map((r) => r.period.start).reduce((a, b) => (yearAt(b) < yearAt(a) ? b : a));
  const end = counted.map((r) => r.period.end).reduce((a, b) => (yearAt(b, 'end') > yearAt(a, 'end') ? b : a));
  const from = donor.body.data.name;
  const to = recipient.body.data.name;
  const link = (id) => hashFor('money', null, { item: id });
  const kinds = rows.map((r) => {
    const said = `${amount(r.amount_yuan, r.at_least)} of ${r.name.toLowerCase()}`;
    return r.counted.length === 1
      ? h('a', { href: link(r.counted[0].id) }, said)
      : [said, ' (', andList(r.counted.map((c) => h('a', { href: link(c.id) }, c.name))), ')'];
  });
  const left = totals.body.data.flatMap((r) => [...r.contained, ...r.uncertain]);
  return h(
    'section',
    { class: 'headline', 'aria-labelledby': 'h-headline' },
    h('h3', { id: 'h-headline', class: 'headline-q' }, `How much did ${from} give ${to}?`),
    h('p', { class: 'headline-figure' }, amount(sum, atLeast)),
    h(
      'p',
      { class: 'headline-text' },
      `The article guarantees that from ${start.label} to ${end.label} ${from} gave ${to} ${amount(sum, atLeast, num)}: `,
      andList(kinds),
      '.',
    ),
    h(
      'p',
      { class: 'headline-more' },
      start.inferred ? `The start, ${start.label}, is inferred: the article states only when these running totals were reached. ` : null,
      left.length ? `${left.length} smaller amount${left.length === 1 ? '' : 's'} that lie, or may lie, inside these are not added again. ` : null,
      h('button', { type: 'button', class: 'as-link', on: { click: toTotals } }, 'How the totals are counted'),
      '.',
    ),
  );
}

// A jump within the view (not a state of the page): the URL stays.
function toTotals() {
  const el = document.getElementById('h-totals');
  el.setAttribute('tabindex', '-1');
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: 'start' });
}

function pickers(by, recipient, placeRows) {
  const link = (params, text, current) => h('a', { href: hashFor('money', null, params), 'aria-current': current ? 'true' : null }, text);
  return h(
    'div',
    { class: 'pickers' },
    h(
      'nav',
      { class: 'picker', 'aria-labelledby': 'h-group-by' },
      h('h3', { id: 'h-group-by', class: 'picker-label' }, 'Group the totals by'),
      h(
        'ul',
        null,
        GROUPINGS.map(([k, text]) => h('li', null, link({ group_by: k === 'kind' ? null : k, recipient }, text, k === by))),
      ),
    ),
    h(
      'nav',
      { class: 'picker', 'aria-labelledby': 'h-recipient' },
      h('h3', { id: 'h-recipient', class: 'picker-label' }, 'Money reaching'),
      h(
        'ul',
        null,
        h('li', null, link({ group_by: by === 'kind' ? null : by }, 'Anyone', !recipient)),
        placeRows.map((row) => h('li', null, link({ group_by: by === 'kind' ? null : by, recipient: row.key }, row.name, row.key === recipient))),
      ),
    ),
  );
}

function record(r, link) {
  const hid = `funding-${r.id}`;
  return h(
    'li',
    { id: `item-${r.id}`, class: 'fact funding' },
    h(
      'article',
      { 'aria-labelledby': hid },
      h('h4', { id: hid }, r.name),
      factRows([
        [
          'Amount',
          h('span', { class: 'amount' }, `${r.bound === 'at_least' ? 'at least ' : ''}${yuan(r.amount_yuan)}`),
          r.bound === 'at_least' ? ' (the article says “more than”)' : '',
        ],
        ['Kind', words(r.kind, 'funding')],
        ['Given by', entityLink(r.donor)],
        ['To', andList(r.recipients.map((x) => (x.inferred ? [entityLink(x), ' ', readTag()] : entityLink(x))))],
        ['When', r.period_label, inferred(r.period.start, r.period.end) ? [' ', inferredTag('period')] : null, endTag(r) ? [' ', endTag(r)] : null],
        ['Running total', r.cumulative ? 'yes: an amount accumulated over the period' : 'no: one amount'],
        r.part_of
          ? r.part_of.inferred
            ? [
                'Inside, as read',
                h('a', { href: link(r.part_of.id) }, r.part_of.name),
                ': a reading of the article, not its words; a total that counts that amount does not add this one',
              ]
            : ['Inside', h('a', { href: link(r.part_of.id) }, r.part_of.name), ': counted once, there']
          : null,
        r.possibly_part_of ? ['Maybe inside', h('a', { href: link(r.possibly_part_of.id) }, r.possibly_part_of.name), ': the article leaves it open'] : null,
        r.purpose ? ['Purpose', r.purpose] : null,
      ]),
      r.summary ? h('p', { class: 'summary' }, r.summary) : null,
      quoteBlock('funding', r, r.name),
    ),
  );
}
