// The timeline: a picture of time (axis.js), then every event in the API's
// order (by date; where two dates cannot be told apart, in the order the
// article tells them) with its date at its precision, inferred dates and
// ends not given marked, its summary, figures, entities, money and
// partnerships, and its quote. Filters by years (from, to), category and place are the API's own
// (GET /events?from=&to=&category=&entity=) and live in the URL; a jump
// to each decade leads to its first event.
import { axis, placeAxis } from './axis.js';
import { andList, append, entityLink, factLink, getAll, h, hashFor, num, SIDES, words } from './lib.js';
import { factRows, inferredTag, jsonLinks, quoteBlock } from './pieces.js';
import { endTag, spansOf } from './spans.js';

const FILTERS = ['from', 'to', 'category', 'place'];
const chosen = (state) => Object.fromEntries(FILTERS.map((k) => [k, state.params[k] || '']));

export const title = (state) => (FILTERS.some((k) => state.params[k]) ? 'Timeline, filtered' : 'Timeline');
export const key = (state) => FILTERS.map((k) => state.params[k] || '').join('|');

export async function render(section, state) {
  const f = chosen(state);
  const query = { from: f.from, to: f.to, category: f.category, entity: f.place };
  const [all, events, partnerships, funding, entities] = await Promise.all([
    getAll('events'),
    getAll('events', query),
    getAll('partnerships'),
    getAll('funding'),
    getAll('entities'),
  ]);
  const filtered = FILTERS.some((k) => f[k]);
  drawn = { draw: (w) => axis(spansOf(partnerships, funding), all, f, w), width: room() };
  append(
    section,
    h('h2', { id: 'h-timeline' }, 'Timeline'),
    h(
      'p',
      { class: 'intro' },
      `The ${all.length} events the article tells, by date; where two dates cannot be told apart, in the order the article tells them. `,
      'A date is as precise as the article is (a decade, a year or a month). ',
      'Where the article implies a date without stating it, the date is marked ',
      inferredTag(),
      ' and the summary says how it was inferred.',
    ),
    drawn.draw(drawn.width),
    h('h3', { id: 'h-events' }, 'The events'),
    form(f, all, entities),
    h(
      'p',
      { class: 'shown-count', role: 'status' },
      filtered ? `${events.length} of the ${all.length} events: ${said(f, entities)}.` : `All ${all.length} events.`,
    ),
    decades(events, f),
    events.length
      ? h('ol', { class: 'timeline', 'aria-labelledby': 'h-events' }, events.map(eventItem))
      : h('p', { class: 'none' }, 'No event of the article matches these filters. ', h('a', { href: hashFor('timeline') }, 'Show every event'), '.'),
    jsonLinks(['these events', 'events', query], ['the partnerships', 'partnerships'], ['the money', 'funding']),
  );
}

// Once on the page: the axis starts where the years are dense.
export function after(section) {
  placeAxis(section);
  const mine = drawn;
  clearTimeout(resizing);
  window.onresize = () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => redraw(section, mine), 150);
  };
}

// The axis is drawn for the room it has: when the window's width changes
// (a phone turned), it is drawn again, in place; once its view is gone,
// nothing is.
let drawn = null;
let resizing = null;
function redraw(section, mine) {
  if (!section.isConnected || mine !== drawn) return;
  const w = room();
  if (Math.abs(w - mine.width) < 8) return;
  mine.width = w;
  const old = section.querySelector('figure.axis');
  if (old) old.replaceWith(mine.draw(w));
  placeAxis(section);
}

// The room the axis has: main's width less its padding and the figure's.
function room() {
  const main = document.getElementById('main');
  const pad = parseFloat(getComputedStyle(main).paddingLeft) + parseFloat(getComputedStyle(main).paddingRight);
  return main.clientWidth - pad - 34;
}

// The filters in words: "from 1996 to 2004, policy, about Wenshan".
function said(f, entities) {
  const out = [];
  if (f.from && f.to) out.push(`from ${f.from} to ${f.to}`);
  else if (f.from) out.push(`from ${f.from} on`);
  else if (f.to) out.push(`up to ${f.to}`);
  if (f.category) out.push(`category “${words(f.category, 'category')}”`);
  if (f.place) out.push(`about ${(entities.find((e) => e.id === f.place) || { name: f.place }).name}`);
  return out.join(', ');
}

function form(f, all, entities) {
  const years = [];
  const lo = Math.min(...all.map((e) => e.start.year));
  const hi = Math.max(...all.map((e) => (e.end || e.start).year));
  for (let y = lo; y <= hi; y++) years.push(String(y));
  const categories = [...new Set(all.map((e) => e.category))].sort((a, b) => words(a, 'category').localeCompare(words(b, 'category')));
  const named = new Set(all.flatMap((e) => e.entities.map((x) => x.id)));
  const who = entities.filter((e) => named.has(e.id));
  const option = (value, text, current) => h('option', { value, selected: value === current }, text);
  const select = (name, label, options) => h('label', { class: 'filter' }, h('span', { class: 'filter-label' }, label), h('select', { name }, options));
  const message = h('p', { class: 'filter-problem', role: 'alert', hidden: true });
  return h(
    'form',
    {
      class: 'filters',
      'aria-label': 'Filter the events',
      on: {
        submit: (ev) => {
          ev.preventDefault();
          const v = Object.fromEntries(FILTERS.map((k) => [k, ev.target.elements[k].value]));
          if (v.from && v.to && Number(v.from) > Number(v.to)) {
            message.hidden = false;
            message.textContent = `The first year (${v.from}) is after the last (${v.to}): choose them the other way round.`;
            return;
          }
          location.hash = hashFor('timeline', null, v);
        },
      },
    },
    select('from', 'From the year', [option('', 'the first', f.from), years.map((y) => option(y, y, f.from))]),
    select('to', 'to the year', [option('', 'the last', f.to), years.map((y) => option(y, y, f.to))]),
    select('category', 'Category', [option('', 'any', f.category), categories.map((c) => option(c, words(c, 'category'), f.category))]),
    select('place', 'Place or organisation', [
      option('', 'any', f.place),
      ['shanghai', 'yunnan', 'national'].map((sd) =>
        h(
          'optgroup',
          { label: SIDES[sd] },
          who.filter((e) => e.side === sd).map((e) => option(e.id, e.name, f.place)),
        ),
      ),
    ]),
    h('span', { class: 'filter-do' }, h('button', { type: 'submit' }, 'Show'), ' ', h('a', { href: hashFor('timeline') }, 'Clear the filters')),
    message,
  );
}

// A jump to the first event of each decade shown.
function decades(events, f) {
  const firsts = new Map();
  for (const e of events) {
    const d = `${Math.floor(e.start.year / 10) * 10}s`;
    if (!firsts.has(d)) firsts.set(d, e.id);
  }
  if (firsts.size < 2) return null;
  return h(
    'nav',
    { class: 'decades', 'aria-label': 'Jump to a decade' },
    h('span', { class: 'decades-label' }, 'Jump to: '),
    h(
      'ul',
      null,
      [...firsts].map(([d, id]) => h('li', null, h('a', { href: hashFor('timeline', null, { ...f, item: id }) }, d))),
    ),
  );
}

function eventItem(e) {
  const hid = `event-${e.id}`;
  const dateInferred = (e.start && e.start.inferred) || (e.end && e.end.inferred);
  return h(
    'li',
    { id: `item-${e.id}`, class: 'fact event' },
    h(
      'article',
      { 'aria-labelledby': hid },
      h(
        'p',
        { class: 'when' },
        h('span', { class: `date precision-${e.precision}` }, e.period_label),
        dateInferred ? inferredTag() : null,
        endTag(e),
        h('span', { class: 'tag tag-category' }, words(e.category, 'category')),
      ),
      h('h3', { id: hid }, e.title),
      h('p', { class: 'summary' }, e.summary),
      details(e),
      quoteBlock('events', e, e.title),
    ),
  );
}

function details(e) {
  const list = (kind, refs) =>
    h(
      'ul',
      { class: 'refs' },
      refs.map((r) => h('li', null, factLink(kind, r))),
    );
  return factRows([
    e.funding.length ? ['Money', list('funding', e.funding)] : null,
    e.partnerships.length ? ['Partnerships', list('partnerships', e.partnerships)] : null,
    e.figures.length
      ? [
          'Figures',
          h(
            'ul',
            { class: 'figures' },
            e.figures.map((f) =>
              h(
                'li',
                null,
                `${f.label}: `,
                h('span', { class: 'figure-value' }, `${f.bound === 'at_least' ? 'at least ' : ''}${num(f.value)} ${f.unit}`),
                f.part_of ? ` (part of “${f.part_of}”, not in addition to it)` : null,
              ),
            ),
          ),
        ]
      : null,
    e.entities.length ? ['Who and where', h('p', { class: 'entities' }, andList(e.entities.map(entityLink)))] : null,
  ]);
}
