// The timeline: every event in the API's order (the article's), with its
// date at its precision, inferred dates marked, its summary, figures,
// entities, money and partnerships, and its quote.
const { h, api, getAll, hashFor, entityLink, quoteBlock, inferredTag, num, words, andList } =
  await import(`./lib.js${new URL(import.meta.url).search}`);

export const title = () => 'Timeline';
export const key = () => '';

export async function render(section) {
  const events = await getAll('events');
  section.append(
    h('h2', { id: 'h-timeline' }, 'Timeline'),
    h('p', { class: 'intro' },
      `The ${events.length} events the article tells, in its order: by date, and where two dates cannot be told apart, by where the article tells them. `,
      'A date is as precise as the article is (a decade, a year or a month). ',
      'Where the article implies a date without stating it, the date is marked ', inferredTag(), ' and the summary says how it was inferred.'),
    h('ol', { class: 'timeline', 'aria-label': 'Events, in the article\'s order' }, events.map(eventItem)),
    h('p', { class: 'api-link' }, 'The same in JSON: ', h('a', { href: api('events') }, api('events'))));
}

function eventItem(e) {
  const hid = `event-${e.id}`;
  const dateInferred = (e.start && e.start.inferred) || (e.end && e.end.inferred);
  return h('li', { id: `item-${e.id}`, class: 'fact event' },
    h('article', { 'aria-labelledby': hid },
      h('p', { class: 'when' },
        h('span', { class: `date precision-${e.precision}` }, e.period_label),
        dateInferred ? inferredTag() : null,
        h('span', { class: 'tag tag-category' }, words(e.category))),
      h('h3', { id: hid }, e.title),
      h('p', { class: 'summary' }, e.summary),
      details(e),
      quoteBlock('events', e, e.title)));
}

function details(e) {
  const rows = [];
  if (e.funding.length) {
    rows.push(['Money', h('ul', { class: 'refs' }, e.funding.map((f) =>
      h('li', null, h('a', { href: hashFor('money', null, { item: f.id }) }, f.name))))]);
  }
  if (e.partnerships.length) {
    rows.push(['Partnerships', h('ul', { class: 'refs' }, e.partnerships.map((p) =>
      h('li', null, h('a', { href: hashFor('partnerships', null, { item: p.id }) }, p.name))))]);
  }
  if (e.figures.length) {
    rows.push(['Figures', h('ul', { class: 'figures' }, e.figures.map((f) => h('li', null,
      `${f.label}: `,
      h('span', { class: 'figure-value' }, `${f.bound === 'at_least' ? 'at least ' : ''}${num(f.value)} ${f.unit}`),
      f.part_of ? ` (part of “${f.part_of}”, not in addition to it)` : null)))]);
  }
  if (e.entities.length) {
    rows.push(['Who and where', h('p', { class: 'entities' }, andList(e.entities.map(entityLink)))]);
  }
  if (!rows.length) return null;
  return h('dl', { class: 'facts' }, rows.map(([dt, dd]) => [h('dt', null, dt), h('dd', null, dd)]));
}
