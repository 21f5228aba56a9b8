// Pieces every view builds the same way: a fact's definition rows, the
// links to the same in JSON, the quote of a fact behind its disclosure
// button, the inferred and read tags, and what the page says when the API
// fails.
import { copyTools } from './cite.js';
import { ApiError, api, h, hashFor } from './lib.js';

// A fact's definition rows: [[term, ...description], ...]; a null row is
// left out. Nothing when no row is left.
export function factRows(rows, cls = 'facts') {
  const kept = rows.filter(Boolean);
  if (!kept.length) return null;
  return h(
    'dl',
    { class: cls },
    kept.map(([dt, ...dd]) => [h('dt', null, dt), h('dd', null, dd)]),
  );
}

// "The same in JSON: the events, the totals": each [words, path, params]
// a link to the API's answer for what the view shows.
export function jsonLinks(...links) {
  const out = [];
  links.forEach(([words, path, params], i) => {
    if (i > 0) out.push(i === links.length - 1 ? ' and ' : ', ');
    out.push(h('a', { href: api(path, params) }, words));
  });
  return h('p', { class: 'api-link' }, 'The same in JSON: ', out, '.');
}

// "date inferred" marking, in words.
export function inferredTag(what = 'date') {
  return h('span', { class: 'tag tag-inferred', title: `The ${what} is inferred, not stated in the article; the summary says how.` }, `${what} inferred`);
}

// A recipient (or a containment) the article does not state, read from
// the context of its words.
export function readTag() {
  return h('span', { class: 'tag tag-inferred', title: 'The article does not state this; it is read from the context of its words.' }, 'read, not stated');
}

// What the page says where content would be when the API fails.
export function problem(err, what, retry) {
  const e = err instanceof ApiError ? err : new ApiError(-1, 'The page failed', String((err && err.message) || err));
  let said;
  if (e.status === 0) said = `${e.title}: ${e.detail}.`;
  else if (e.status > 0) said = `The API answered ${e.status} ${e.title}${e.detail ? ` (${e.detail})` : ''}.`;
  else said = `${e.title}: ${e.detail}.`;
  return h(
    'div',
    { class: 'problem', role: 'alert' },
    h('p', null, h('strong', null, `${what} could not be shown. `), said),
    retry ? h('p', null, h('button', { type: 'button', on: { click: retry } }, 'Try again')) : null,
  );
}

/*
 * The quote of a fact, one press away: a disclosure button (aria-expanded,
 * aria-controls) and the panel it opens, with the verbatim words, a link to
 * them highlighted in the article, and buttons that copy the quote's
 * permanent link and a citation. Which quote is open is in the URL
 * (quote=kind/id); the router (app.js) opens it and keeps the URL in step
 * with the buttons.
 */
export function quoteBlock(kind, item, what) {
  const key = `${kind}/${item.id}`;
  const panelId = `quote-${kind}-${item.id}`;
  const source = item.source || {};
  return h(
    'div',
    { class: 'quote' },
    h(
      'button',
      { type: 'button', class: 'quote-toggle', 'data-quote-toggle': key, 'aria-controls': panelId, 'aria-expanded': 'false' },
      h('span', { class: 'quote-toggle-open' }, 'Show the words of the article'),
      h('span', { class: 'quote-toggle-close' }, 'Hide the words of the article'),
      h('span', { class: 'visually-hidden' }, ` for ${what}`),
    ),
    h(
      'div',
      { class: 'quote-panel', id: panelId, 'data-quote': key, hidden: true },
      h('blockquote', { class: 'verbatim' }, h('p', null, source.quote || '(no quote)')),
      h(
        'p',
        { class: 'quote-note' },
        'Verbatim, typos included. ',
        h('a', { href: hashFor('article', null, { quote: key }), class: 'to-article' }, 'See it in the article'),
        h('span', { class: 'visually-hidden' }, ` (${what})`),
      ),
      copyTools(kind, item, what),
    ),
  );
}
