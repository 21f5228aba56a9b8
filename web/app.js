// The page: a router over the URL's fragment. Every state (view, grouping,
// recipient, filters, entity, search, opened quote) is in the fragment, so
// that a shared URL restores it and the back button undoes it
// (hashchange). Opening or closing a quote replaces the URL without a new
// history entry.
//
// The modules import each other statically by their plain names; the
// server gives each file under a name with the page's version in it
// (scripts/embed-web.sh), so that every file of one version is cached for
// good together. If one cannot load, boot.js says so.
import * as article from './article.js';
import { getJSON, h, hashFor, parseHash, forget } from './lib.js';
import * as money from './money.js';
import * as partnerships from './partnerships.js';
import { problem } from './pieces.js';
import * as places from './places.js';
import * as cite from './reuse.js';
import * as search from './search.js';
import * as timeline from './timeline.js';

const views = { timeline, money, partnerships, places, article, search, cite };
const main = document.getElementById('main');
const SITE = "Shanghai's partner aid to Yunnan";

let shown = { view: null, key: null }; // what main holds now
let turn = 0; // the latest route(); an older one that finishes late is dropped

async function route() {
  const mine = ++turn;
  const state = parseHash(location.hash);
  const view = views[state.view];
  markNav(state.view);
  const box = document.getElementById('search-all-q');
  if (document.activeElement !== box) box.value = state.view === 'search' ? state.params.q || '' : '';

  if (!view) {
    shown = { view: null, key: null };
    document.title = `Not found — ${SITE}`;
    main.replaceChildren(
      h(
        'section',
        { class: 'view' },
        h('h2', { tabindex: '-1' }, 'There is no such view'),
        h('p', null, `The address names “${state.view}”, which this page does not have. `, h('a', { href: hashFor('timeline') }, 'Go to the timeline'), '.'),
      ),
    );
    focusHeading();
    main.dataset.shown = location.hash;
    return;
  }

  document.title = `${view.title(state)} — ${SITE}`;
  const key = view.key(state);
  if (shown.view !== state.view || shown.key !== key) {
    const sameView = shown.view === state.view;
    const focusedHref = document.activeElement && main.contains(document.activeElement) ? document.activeElement.getAttribute('href') : null;
    const section = h('section', { class: `view view-${state.view}`, 'aria-labelledby': `h-${state.view}` });
    main.setAttribute('aria-busy', 'true');
    try {
      await view.render(section, state, { retry });
    } catch (err) {
      section.replaceChildren(h('h2', { id: `h-${state.view}`, tabindex: '-1' }, view.title(state)), problem(err, view.title(state), retry));
    }
    if (mine !== turn) return; // a newer state is being shown
    main.replaceChildren(section);
    main.removeAttribute('aria-busy');
    const first = shown.view === null;
    shown = { view: state.view, key };
    // Focus: on what the view answers (the place chosen, say), else back on
    // the control that asked (a grouping link), else on the view's heading;
    // none on the first load.
    const answer = main.querySelector('[data-autofocus]');
    const again = focusedHref && [...main.querySelectorAll('a[href]')].find((a) => a.getAttribute('href') === focusedHref);
    if (answer && !first) {
      answer.setAttribute('tabindex', '-1');
      answer.focus({ preventScroll: true });
      answer.scrollIntoView({ block: 'start' });
    } else if (again) again.focus();
    else if (!first) focusHeading(!sameView);
    if (view.after) view.after(section, state);
  }
  applyQuote(state);
  applyItem(state);
  main.dataset.shown = location.hash; // what is on screen (tests wait for it)
}

function retry() {
  forget();
  shown = { view: null, key: null };
  route();
}

function focusHeading(scroll = true) {
  const h2 = main.querySelector('h2');
  if (!h2) return;
  h2.setAttribute('tabindex', '-1');
  h2.focus({ preventScroll: true });
  if (scroll) window.scrollTo(0, 0);
}

// The current view marked in the menu, and brought into the menu's sight
// where the menu is a row narrower than its links (a phone).
function markNav(view) {
  for (const a of document.querySelectorAll('nav.views a[data-view]')) {
    if (a.dataset.view === view) {
      a.setAttribute('aria-current', 'page');
      const row = a.closest('ul');
      const left = a.offsetLeft - row.offsetLeft;
      if (left < row.scrollLeft || left + a.offsetWidth > row.scrollLeft + row.clientWidth) row.scrollLeft = left - 8;
    } else a.removeAttribute('aria-current');
  }
}

// quote=kind/id opens that fact's quote: its button says it is expanded,
// its panel shows.
let openQuote = null;
function applyQuote(state) {
  const key = state.params.quote || null;
  for (const b of main.querySelectorAll('[data-quote-toggle]')) b.setAttribute('aria-expanded', String(b.dataset.quoteToggle === key));
  let panel = null;
  for (const p of main.querySelectorAll('[data-quote]')) {
    p.hidden = p.dataset.quote !== key;
    if (!p.hidden) panel = p;
  }
  if (panel && key !== openQuote && state.view !== 'article') {
    const r = panel.getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight) panel.scrollIntoView({ block: 'nearest' });
  }
  openQuote = key;
}

// A quote's button opens or closes it: the URL says so, without a history
// entry per press (history.replaceState fires no hashchange).
main.addEventListener('click', (ev) => {
  const button = ev.target.closest('button[data-quote-toggle]');
  if (!button || !main.contains(button)) return;
  const state = parseHash(location.hash);
  const open = button.getAttribute('aria-expanded') === 'true';
  const params = { ...state.params, quote: open ? null : button.dataset.quoteToggle };
  delete params.item;
  history.replaceState(history.state, '', hashFor(state.view, state.id, params));
  applyQuote(parseHash(location.hash));
  main.dataset.shown = location.hash;
});

// item=id: scroll to that item of the view and mark it.
function applyItem(state) {
  for (const el of main.querySelectorAll('.is-target')) el.classList.remove('is-target');
  const id = state.params.item;
  if (!id) return;
  const el = document.getElementById(`item-${id}`);
  if (!el) return;
  el.classList.add('is-target');
  el.setAttribute('tabindex', '-1');
  el.scrollIntoView({ block: 'start' });
  el.focus({ preventScroll: true });
}

// The search box of the header: a search is a state like any other.
document.querySelector('[data-search-all]').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const q = ev.target.elements.q.value.trim();
  location.hash = hashFor('search', null, { q });
});

// The skip link would change the fragment: move the focus instead.
document.querySelector('[data-skip]').addEventListener('click', (ev) => {
  ev.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', route);

// The footer says which data this is.
getJSON('api/v1')
  .then(({ body }) => {
    const d = body.data;
    document.querySelector('[data-version]').textContent =
      `API ${d.version}, data version ${body.meta.dataset_version}, built ${body.meta.built_at.slice(0, 10)}.`;
  })
  .catch(() => {});

route();
