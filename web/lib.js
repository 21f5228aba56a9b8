// What every view shares: building DOM, formatting, reading the API and
// reading or writing the state in the URL's fragment. No imports.

// --- DOM ------------------------------------------------------------------

// h('a', {href: '#/x', class: 'y'}, 'text', child, [more], null): an element.
// Attributes are set as attributes (never a style attribute: the page's
// Content-Security-Policy forbids inline styles); `on` takes listeners.
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

const SVG = 'http://www.w3.org/2000/svg';
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG, tag), attrs, children);
}

function build(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'on') {
      for (const [type, fn] of Object.entries(v)) el.addEventListener(type, fn);
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

// "a, b and c" from nodes or strings.
export function andList(items) {
  const out = [];
  items.forEach((it, i) => {
    if (i > 0) out.push(i === items.length - 1 ? ' and ' : ', ');
    out.push(it);
  });
  return out;
}

// --- formatting -----------------------------------------------------------

const integer = new Intl.NumberFormat('en-US');
export const num = (n) => integer.format(n);

// 1981000000 -> "1,981,000,000 yuan"
export const yuan = (n) => `${num(n)} yuan`;

// 1981000000 -> "1.981 billion", 33640000 -> "33.64 million"
export function short(n) {
  const fmt = (x) => String(Number(x.toFixed(3)));
  if (n >= 1e9) return `${fmt(n / 1e9)} billion`;
  if (n >= 1e6) return `${fmt(n / 1e6)} million`;
  return num(n);
}

// poverty_alleviation -> "Poverty alleviation"
export function words(code) {
  if (!code) return '';
  const t = String(code).replace(/_/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

export const SIDES = { shanghai: "Shanghai's side", yunnan: "Yunnan's side", national: 'National' };
export const ON_SIDE = { shanghai: "on Shanghai's side", yunnan: "on Yunnan's side", national: 'national' };

// A date object or a period: is any of it inferred?
export const inferred = (...dates) => dates.some((d) => d && d.inferred);

// The slug the API matches keys with (db/text.c slug_write): apostrophes
// dropped, ASCII letters and digits kept, lowercased, every other run a "-".
export function slug(text) {
  return String(text)
    .replace(/['\u2019]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

// True when a search text has a letter or digit (the API answers 400 to a
// q without a word, so the page does not ask).
export const hasWord = (q) => /[\p{L}\p{N}]/u.test(q || '');

// --- the API ----------------------------------------------------------------

// An answer the page could not use: a problem document (status, title,
// detail), an unreachable server (status 0) or a body that is not JSON.
export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

// Relative to the page ("api/v1/events": works under any prefix), or a link
// the API gave ("/aid/api/v1/events?offset=50"): both are resolved against
// the page's own address.
export const resolve = (url) => new URL(url, document.baseURI).href;

// 'events', {q: 'cadre'} -> "api/v1/events?q=cadre" (relative).
export function api(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, v);
  const qs = q.toString();
  return `api/v1/${path}${qs ? `?${qs}` : ''}`;
}

// The data never changes while the server runs: each address is asked once
// (a failure is forgotten, so that "Try again" asks again).
const cache = new Map();

export function getJSON(url) {
  const href = resolve(url);
  if (!cache.has(href)) {
    const p = fetchJSON(href);
    cache.set(href, p);
    p.catch(() => cache.delete(href));
  }
  return cache.get(href);
}

export function forget() {
  cache.clear();
}

async function fetchJSON(href) {
  let res;
  try {
    res = await fetch(href, { headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'The API could not be reached', 'no answer came back (the server or the network is down)');
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  // 300: a key that names several entities; its candidates are the answer.
  if (res.ok || res.status === 300) {
    if (body === null) throw new ApiError(res.status, 'The API answered something that is not JSON', `status ${res.status}`);
    return { status: res.status, body, location: res.headers.get('Content-Location') };
  }
  const title = (body && body.title) || res.statusText || 'Error';
  let detail = body && body.detail;
  if (body && Array.isArray(body.errors)) {
    detail = [detail, ...body.errors.map((e) => `${e.param}: ${e.detail}`)].filter(Boolean).join('; ');
  }
  throw new ApiError(res.status, title, detail || '');
}

// Every item of a collection: pages of the API's own size, following
// links.next (the API's links, resolved against the page's address).
export async function getAll(path, params = {}) {
  let url = api(path, params);
  const items = [];
  for (let i = 0; url && i < 100; i++) {
    const { body } = await getJSON(url);
    items.push(...body.data);
    url = body.links && body.links.next;
  }
  return items;
}

// --- the state in the fragment ---------------------------------------------

// "#/places/minhang-district?quote=entities/minhang-district" ->
// {view: 'places', id: 'minhang-district', params: {quote: '...'}}
export function parseHash(hash) {
  let frag = (hash || '').replace(/^#/, '');
  if (frag.startsWith('/')) frag = frag.slice(1);
  const at = frag.indexOf('?');
  const path = at < 0 ? frag : frag.slice(0, at);
  const query = at < 0 ? '' : frag.slice(at + 1);
  const [view, ...rest] = path.split('/').map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  const params = {};
  for (const [k, v] of new URLSearchParams(query)) if (v !== '') params[k] = v;
  return { view: view || 'timeline', id: rest.join('/') || null, params };
}

// The fragment for a state; keys in a fixed order, so one state has one URL.
const ORDER = ['group_by', 'recipient', 'q', 'find', 'quote', 'item'];
const enc = (v) => encodeURIComponent(v).replace(/%2F/g, '/');
export function hashFor(view, id = null, params = {}) {
  const rank = (k) => (ORDER.includes(k) ? ORDER.indexOf(k) : ORDER.length);
  const keys = Object.keys(params)
    .filter((k) => params[k] !== null && params[k] !== undefined && params[k] !== '')
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const qs = keys.map((k) => `${k}=${enc(params[k])}`).join('&');
  return `#/${view}${id ? `/${enc(id)}` : ''}${qs ? `?${qs}` : ''}`;
}

// Where a fact lives on the page: kind is the collection's name.
export function factHash(kind, id) {
  switch (kind) {
    case 'events': return hashFor('timeline', null, { item: id });
    case 'partnerships': return hashFor('partnerships', null, { item: id });
    case 'funding': return hashFor('money', null, { item: id });
    case 'entities': return hashFor('places', id);
    default: return hashFor('timeline');
  }
}

export const entityHash = (ref) => hashFor('places', ref.id);

// A link to an entity's view, from a reference {id, name, href}.
export const entityLink = (ref) => h('a', { href: entityHash(ref) }, ref.name);

// --- shared pieces of views ------------------------------------------------

// What the page says where content would be when the API fails.
export function problem(err, what, retry) {
  const e = err instanceof ApiError ? err : new ApiError(-1, 'The page failed', String(err && err.message || err));
  let said;
  if (e.status === 0) said = `${e.title}: ${e.detail}.`;
  else if (e.status > 0) said = `The API answered ${e.status} ${e.title}${e.detail ? ` (${e.detail})` : ''}.`;
  else said = `${e.title}: ${e.detail}.`;
  return h('div', { class: 'problem', role: 'alert' },
    h('p', null, h('strong', null, `${what} could not be shown. `), said),
    retry ? h('p', null, h('button', { type: 'button', on: { click: retry } }, 'Try again')) : null);
}

// The quote of a fact, one click away: a link that opens it (the state is
// in the URL: quote=kind/id), and the panel it opens, with a link to the
// article where the quote is highlighted. The router's applyQuote() sets
// which one is open.
export function quoteBlock(kind, item, what) {
  const key = `${kind}/${item.id}`;
  const panelId = `quote-${kind}-${item.id}`;
  const source = item.source || {};
  return h('div', { class: 'quote' },
    h('a', { class: 'quote-toggle', href: '#', 'data-quote-toggle': key, 'aria-controls': panelId, 'aria-expanded': 'false' },
      h('span', { class: 'quote-toggle-open' }, 'Show the words of the article'),
      h('span', { class: 'quote-toggle-close' }, 'Hide the words of the article'),
      h('span', { class: 'visually-hidden' }, ` for ${what}`)),
    h('div', { class: 'quote-panel', id: panelId, 'data-quote': key, hidden: true },
      h('blockquote', { class: 'verbatim' }, h('p', null, source.quote || '(no quote)')),
      h('p', { class: 'quote-note' }, 'Verbatim, typos included. ',
        h('a', { href: hashFor('article', null, { quote: key }), class: 'to-article' }, 'See it in the article'),
        h('span', { class: 'visually-hidden' }, ` (${what})`))));
}

// "date inferred" marking, in words.
export function inferredTag(what = 'date') {
  return h('span', { class: 'tag tag-inferred', title: `The ${what} is inferred, not stated in the article; the summary says how.` },
    `${what} inferred`);
}
