// What every view shares: building DOM, words for codes and numbers,
// reading the API and reading or writing the state in the URL's fragment.
// No imports.

// --- DOM ------------------------------------------------------------------

// h('a', {href: '#/x', class: 'y'}, 'text', child, [more], null): an element.
// Attributes are set as attributes (never a style attribute: the page's
// Content-Security-Policy forbids inline styles); `on` takes listeners,
// `css` custom properties or styles set through the CSSOM (allowed).
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
    } else if (k === 'css') {
      for (const [prop, value] of Object.entries(v)) el.style.setProperty(prop, value);
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, ...children);
  return el;
}

// Appends nodes, strings and arrays of them; null, undefined and false are
// nothing (never the text "null").
export function append(el, ...children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, ...c);
    else el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

// "a, b and c" from nodes or strings.
export function andList(items, last = ' and ') {
  const out = [];
  items.forEach((it, i) => {
    if (i > 0) out.push(i === items.length - 1 ? last : ', ');
    out.push(it);
  });
  return out;
}

// --- words for numbers and codes ---------------------------------------------

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

// An amount with its bound, in words: "at least 1.981 billion yuan".
export const amount = (n, atLeast, form = short) => `${atLeast ? 'at least ' : ''}${form(n)} yuan`;

// The API's codes in words. A code these lists do not know is written with
// spaces for its underscores, never as it is.
const LABELS = {
  sector: {
    poverty_alleviation: 'Poverty alleviation',
    education: 'Education',
    health: 'Health',
    ethnic_minority: 'Help for an ethnic minority',
  },
  category: {
    industry: 'Industry',
    migration: 'People who moved',
    policy: 'Policy',
    partnership: 'Partnership',
    summary: 'Summary of years',
    personnel: 'People sent',
    projects: 'Projects',
    education: 'Education',
    ethnic_minority: 'An ethnic minority',
    health: 'Health',
    funding: 'Money',
  },
  funding: {
    government_aid: 'Government aid',
    enterprise_investment: 'Enterprise investment',
    donation: 'Donation',
  },
  entity: {
    county_group: 'Group of counties',
    village_group: 'Group of villages',
    school_group: 'Group of schools',
    hospital_group: 'Group of hospitals',
    company_group: 'Group of companies',
    people_group: 'Group of people',
    ethnic_group: 'Ethnic group',
  },
};

export function words(code, list = null) {
  if (!code) return '';
  const known = list && LABELS[list] && LABELS[list][code];
  if (known) return known;
  const t = String(code).replace(/_/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

export const SIDES = { shanghai: "Shanghai's side", yunnan: "Yunnan's side", national: 'National' };
export const ON_SIDE = { shanghai: "on Shanghai's side", yunnan: "on Yunnan's side", national: 'national' };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// "2018-02-02" -> "2 February 2018"
export function dateWords(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}` : iso;
}

// A date object or a period: is any of it inferred?
export const inferred = (...dates) => dates.some((d) => d && d.inferred);

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
  let body;
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
const ORDER = ['group_by', 'recipient', 'from', 'to', 'category', 'place', 'q', 'find', 'quote', 'item'];
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
    case 'events':
      return hashFor('timeline', null, { item: id });
    case 'partnerships':
      return hashFor('partnerships', null, { item: id });
    case 'funding':
      return hashFor('money', null, { item: id });
    case 'entities':
      return hashFor('places', id);
    default:
      return hashFor('timeline');
  }
}

// The full address of a state of the page (for a link that travels): the
// page's own address, whatever prefix it is served under, with the fragment.
export const pageURL = (hash) => `${location.origin}${location.pathname}${location.search}${hash}`;

// A link to an entity's view, from a reference {id, name, href}.
export const entityLink = (ref) => h('a', { href: hashFor('places', ref.id) }, ref.name);

// A link to a fact of the page, from a reference {id, name}.
export const factLink = (kind, ref, text = ref.name) => h('a', { href: factHash(kind, ref.id) }, text);
