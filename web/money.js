// The money: the honest totals (GET /funding/totals?group_by=...), drawn as
// bars by this page's own code (inline SVG), with what is counted,
// contained, uncertain and shared told apart by pattern, outline and words,
// the API's rule beside it, the same totals as a table, and every funding
// record with its amount, bound, period and recipients.
const lib = await import(`./lib.js${new URL(import.meta.url).search}`);
const { h, s, api, getJSON, getAll, hashFor, entityLink, quoteBlock, inferredTag, yuan, short, words, andList } = lib;

const GROUPINGS = [
  ['kind', 'Kind of money'],
  ['donor', 'Donor'],
  ['recipient', 'Recipient'],
];

// How each list of a totals row is drawn and said. Patterns and outlines
// differ, so that colour is never what tells them apart.
const LISTS = {
  counted: { word: 'Counted', fill: '#1d4e89', stroke: '#1d4e89', dash: null,
    says: 'added to the total' },
  contained: { word: 'Contained', fill: 'url(#pat-contained)', stroke: '#1d4e89', dash: null,
    says: 'inside a counted amount, so not added again' },
  uncertain: { word: 'Uncertain', fill: 'url(#pat-uncertain)', stroke: '#8a4b00', dash: '5 3',
    says: 'may be inside a counted amount (the article leaves it open), so not added' },
  shared: { word: 'Shared', fill: 'url(#pat-shared)', stroke: '#444', dash: '1.5 2.5',
    says: 'given to this group together with places outside it: some unknown part reached it, so not added' },
};

const CAPTION = {
  kind: 'Each bar is the money of that kind the article guarantees',
  donor: 'Each bar is what that donor (with everything below it) is sure to have given',
  recipient: 'Each bar is what that place or group (with everything within it) is sure to have received',
};

const grouping = (state) => (state.params.group_by || 'kind');

export function title(state) {
  return 'The money';
}
export const key = (state) => `${grouping(state)}|${state.params.recipient || ''}`;

export async function render(section, state, ctx) {
  const by = grouping(state);
  const recipient = state.params.recipient || null;
  const [totals, places, records, recipientEntity] = await Promise.all([
    getJSON(api('funding/totals', { group_by: by, recipient })),
    getJSON(api('funding/totals', { group_by: 'recipient' })),
    getAll('funding', { recipient }),
    recipient ? getJSON(api(`entities/${encodeURIComponent(recipient)}`)) : null,
  ]);
  const rows = totals.body.data;
  const meta = totals.body.meta;
  const placeName = recipientEntity && recipientEntity.body.data ? recipientEntity.body.data.name : recipient;
  const byId = new Map(records.map((r) => [r.id, r]));
  const forWhom = recipient ? `, for money reaching ${placeName}` : '';
  const groupWord = GROUPINGS.find(([k]) => k === by)?.[1].toLowerCase() || by;

  section.append(
    h('h2', { id: 'h-money' }, 'The money'),
    h('p', { class: 'intro' },
      'Every amount of money the article gives, and totals that never count a yuan twice. ',
      'Most amounts are running totals over many years, and some smaller amounts lie inside them; ',
      'a total adds only what it can be sure of, so each is a lower bound (“at least”). ',
      'There is no total per year: splitting running totals by year would invent data.'),
    pickers(by, recipient, places.body.data),
    h('section', { class: 'totals', 'aria-labelledby': 'h-totals' },
      h('h3', { id: 'h-totals' }, `Honest totals by ${groupWord}${forWhom}`),
      h('div', { class: 'money-grid' },
        chart(rows, by, byId, forWhom),
        h('aside', { class: 'rule', 'aria-labelledby': 'h-rule' },
          h('h4', { id: 'h-rule' }, 'How these totals are counted'),
          h('p', { class: 'rule-text' }, meta.rule),
          h('p', null, `${meta.records} funding record${meta.records === 1 ? '' : 's'} considered.`),
          legend())),
      table(rows, by, byId, forWhom, state)),
    h('section', { class: 'records', 'aria-labelledby': 'h-records' },
      h('h3', { id: 'h-records' }, recipient ? `Every amount for ${placeName}` : 'Every amount in the article'),
      h('p', { class: 'intro' }, recipient
        ? `The ${records.length} records whose recipients include ${placeName} or a place within it.`
        : `The ${records.length} amounts of money the article states, biggest running totals first.`),
      h('ol', { class: 'funding-records' }, records.map((r) => record(r, byId, state)))),
    h('p', { class: 'api-link' }, 'The same in JSON: ',
      h('a', { href: api('funding/totals', { group_by: by, recipient }) }, api('funding/totals', { group_by: by, recipient })), ' and ',
      h('a', { href: api('funding', { recipient }) }, api('funding', { recipient }))));
}

function pickers(by, recipient, placeRows) {
  const link = (params, text, current) => h('a', { href: hashFor('money', null, params), 'aria-current': current ? 'true' : null }, text);
  return h('div', { class: 'pickers' },
    h('nav', { class: 'picker', 'aria-labelledby': 'h-group-by' },
      h('h3', { id: 'h-group-by', class: 'picker-label' }, 'Group the totals by'),
      h('ul', null, GROUPINGS.map(([k, text]) =>
        h('li', null, link({ group_by: k === 'kind' ? null : k, recipient }, text, k === by))))),
    h('nav', { class: 'picker', 'aria-labelledby': 'h-recipient' },
      h('h3', { id: 'h-recipient', class: 'picker-label' }, 'Money reaching'),
      h('ul', null,
        h('li', null, link({ group_by: by === 'kind' ? null : by }, 'Anyone', !recipient)),
        placeRows.map((row) => h('li', null,
          link({ group_by: by === 'kind' ? null : by, recipient: row.key }, row.name, row.key === recipient))))));
}

// The largest amount any bar of the chart draws: one scale for all rows.
function scaleOf(rows) {
  let max = 1;
  for (const r of rows) {
    max = Math.max(max, r.amount_yuan);
    for (const k of ['contained', 'uncertain', 'shared']) for (const x of r[k]) max = Math.max(max, x.amount_yuan);
  }
  return (n) => (n <= 0 ? 0 : Math.max(0.6, (n / max) * 100));
}

const total = (r) => `${r.at_least ? 'at least ' : ''}${yuan(r.amount_yuan)}`;

function rowName(r) {
  return r.href ? h('a', { href: hashFor('places', r.key) }, r.name) : r.name;
}

function chart(rows, by, byId, forWhom) {
  const pct = scaleOf(rows);
  return h('figure', { class: 'chart' },
    patterns(),
    h('figcaption', null, `${CAPTION[by] || 'Each bar is what the article guarantees'}${forWhom}; the thin bars below it, drawn to the same scale, are amounts listed and not added. `,
      by === 'kind' ? 'A record has one kind, so these rows may be added together.' : 'Rows nest (one place or donor holds another), so they must not be added together.'),
    rows.length === 0 ? h('p', null, 'No money in the article matches this choice.') : null,
    h('ol', { class: 'chart-rows' }, rows.map((r) => {
      let x = 0;
      const counted = r.counted.map((c) => {
        const w = pct(c.amount_yuan);
        const el = s('rect', { x: `${x}%`, y: 0, width: `${w}%`, height: '100%', fill: LISTS.counted.fill, stroke: '#fff', 'stroke-width': 1.5 },
          s('title', null, `${c.name}: ${yuan(c.amount_yuan)}, counted`));
        x += w;
        return el;
      });
      const listed = [];
      for (const k of ['contained', 'uncertain', 'shared']) {
        for (const item of r[k]) listed.push(listedLine(k, item, byId, pct));
      }
      return h('li', { class: 'chart-row', 'data-key': r.key },
        h('p', { class: 'row-head' },
          h('span', { class: 'row-name' }, rowName(r)),
          h('span', { class: 'row-total' }, total(r)),
          r.amount_yuan > 0 ? h('span', { class: 'row-short' }, ` (${short(r.amount_yuan)})`) : null),
        s('svg', { class: 'bar', width: '100%', height: 22, 'aria-hidden': 'true', focusable: 'false' },
          s('rect', { class: 'track', x: 0, y: 0, width: '100%', height: '100%' }),
          counted),
        h('p', { class: 'bar-note' }, r.counted.length
          ? ['Counted: ', andList(r.counted.map((c) => `${c.name}`)), '.']
          : 'Nothing counted: no amount lies wholly in this group.'),
        listed.length ? h('ul', { class: 'listed' }, listed) : null);
    })));
}

function listedLine(kind, item, byId, pct) {
  const L = LISTS[kind];
  const rec = byId.get(item.id);
  let why = '';
  if (kind === 'contained' && rec && rec.part_of) why = `, inside ${rec.part_of.name}`;
  if (kind === 'uncertain' && rec && rec.possibly_part_of) why = `, may be inside ${rec.possibly_part_of.name}`;
  if (kind === 'shared') why = ', shared with others';
  return h('li', { class: `listed-${kind}` },
    s('svg', { class: 'mini', width: '100%', height: 12, 'aria-hidden': 'true', focusable: 'false' },
      s('rect', { x: 1, y: 1, width: `${pct(item.amount_yuan)}%`, height: 10, fill: L.fill, stroke: L.stroke, 'stroke-width': 1.5, 'stroke-dasharray': L.dash })),
    h('span', { class: 'listed-text' }, h('strong', null, `${L.word}, not added: `), `${item.name}${why}.`));
}

// The patterns, defined once for every bar and swatch of the page.
function patterns() {
  return s('svg', { class: 'defs', width: 0, height: 0, 'aria-hidden': 'true', focusable: 'false' },
    s('defs', null,
      s('pattern', { id: 'pat-contained', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
        s('rect', { width: 6, height: 6, fill: '#fff' }),
        s('rect', { width: 2.5, height: 6, fill: '#1d4e89' })),
      s('pattern', { id: 'pat-uncertain', width: 6, height: 6, patternUnits: 'userSpaceOnUse' },
        s('rect', { width: 6, height: 6, fill: '#fff' }),
        s('circle', { cx: 3, cy: 3, r: 1.5, fill: '#8a4b00' })),
      s('pattern', { id: 'pat-shared', width: 7, height: 7, patternUnits: 'userSpaceOnUse' },
        s('rect', { width: 7, height: 7, fill: '#fff' }),
        s('path', { d: 'M0 3.5H7M3.5 0V7', stroke: '#444', 'stroke-width': 1 }))));
}

function legend() {
  return h('dl', { class: 'legend', 'aria-label': 'Legend of the bars' },
    Object.entries(LISTS).map(([k, L]) => [
      h('dt', null,
        s('svg', { class: 'swatch', width: 28, height: 14, 'aria-hidden': 'true', focusable: 'false' },
          s('rect', { x: 1, y: 1, width: 26, height: 12, fill: L.fill, stroke: L.stroke, 'stroke-width': 1.5, 'stroke-dasharray': L.dash })),
        L.word),
      h('dd', null, L.says),
    ]));
}

function table(rows, by, byId, forWhom, state) {
  const refs = (list, kind) => list.map((x) => h('li', { class: `ref-${kind}` },
    h('span', { class: 'list-word' }, `${LISTS[kind].word}: `),
    h('a', { href: recordHash(x.id, byId, state) }, x.name)));
  return h('table', { class: 'totals-table' },
    h('caption', null, `The totals in numbers: by ${by === 'kind' ? 'kind of money' : by}${forWhom}`),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, by === 'kind' ? 'Kind' : words(by)),
      h('th', { scope: 'col' }, 'Total, a lower bound'),
      h('th', { scope: 'col' }, 'Records: counted, and listed but not added'))),
    h('tbody', null, rows.map((r) => h('tr', { 'data-key': r.key },
      h('th', { scope: 'row' }, rowName(r)),
      h('td', { class: 'num' }, total(r)),
      h('td', null, h('ul', { class: 'row-records' },
        refs(r.counted, 'counted'), refs(r.contained, 'contained'), refs(r.uncertain, 'uncertain'), refs(r.shared, 'shared')))))));
}

// A link to a record in the list below: keeps the recipient chosen when the
// record is in that list, else drops it.
function recordHash(id, byId, state) {
  const by = state.params.group_by;
  return byId.has(id)
    ? hashFor('money', null, { group_by: by, recipient: state.params.recipient, item: id })
    : hashFor('money', null, { group_by: by, item: id });
}

function record(r, byId, state) {
  const hid = `funding-${r.id}`;
  const periodInferred = lib.inferred(r.period.start, r.period.end);
  const dl = [
    ['Amount', h('span', { class: 'amount' }, `${r.bound === 'at_least' ? 'at least ' : ''}${yuan(r.amount_yuan)}`),
      r.bound === 'at_least' ? ' (the article says “more than”)' : ''],
    ['Kind', words(r.kind)],
    ['Given by', entityLink(r.donor)],
    ['To', andList(r.recipients.map(entityLink))],
    ['When', r.period_label, periodInferred ? [' ', inferredTag('period')] : null],
    ['Running total', r.cumulative ? 'yes: an amount accumulated over the period' : 'no: one amount'],
  ];
  if (r.part_of) dl.push(['Inside', h('a', { href: recordHash(r.part_of.id, byId, state) }, r.part_of.name), ': counted once, there']);
  if (r.possibly_part_of) dl.push(['Maybe inside', h('a', { href: recordHash(r.possibly_part_of.id, byId, state) }, r.possibly_part_of.name), ': the article leaves it open']);
  if (r.purpose) dl.push(['Purpose', r.purpose]);
  return h('li', { id: `item-${r.id}`, class: 'fact funding' },
    h('article', { 'aria-labelledby': hid },
      h('h4', { id: hid }, r.name),
      h('dl', { class: 'facts' }, dl.map(([dt, ...dd]) => [h('dt', null, dt), h('dd', null, dd)])),
      r.summary ? h('p', { class: 'summary' }, r.summary) : null,
      quoteBlock('funding', r, r.name)));
}
