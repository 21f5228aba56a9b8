#!/usr/bin/env node
/*
 * The page's end-to-end test: Debian's Chromium (/usr/bin/chromium, driven
 * by playwright-core, which downloads no browser) opens the page that
 * aid-api serves at --base (http://127.0.0.1:P/ directly, or
 * http://127.0.0.1:N/aid/ behind nginx) and judges it against what the API
 * itself answers there:
 *   - every event title of /api/v1/events is on the timeline, in order,
 *     with its date label and the inferred ones marked;
 *   - every total of /funding/totals (group_by kind, donor, recipient, and
 *     for money reaching Wenshan) is shown, reached by clicking links, with
 *     the rule and each listed record in words; every funding record too;
 *   - a click on a fact shows its verbatim quote, a click on "See it in the
 *     article" the article with that quote highlighted (the marked text is
 *     the quote, and in view); every fact's quote is found so;
 *   - the back button goes back; the alias search finds Minhang District
 *     from "Minghang", Pu'er City from "Simiao", and both Baoshans;
 *   - the full-text search finds what each collection's q finds;
 *   - shared URLs restore their state in a fresh page;
 *   - no console error, no failed request, nothing outside the page's
 *     address (so relative URLs hold under a prefix);
 *   - axe-core reports no critical or serious violation in any view;
 *   - nothing scrolls sideways at 390 px; the focus is visible;
 *   - every file of the page is asked for with its version (?v=), immutable;
 *   - when the API fails (a 500, no answer, a missing item), or a script of
 *     the page does not load, the page says so.
 *
 *   node tests/page/page-test.mjs --base URL [--label NAME] [--shots DIR]
 *       [--chromium /usr/bin/chromium]
 *
 * Prints "ok ..." or "FAIL ..." per check, then "page (NAME): N checks
 * passed" or "page (NAME): F of N checks failed"; exits 1 on a failure.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { chromiumArgs, tally } from '../lib/checks.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const base = arg('base');
const label = arg('label', 'page');
const shots = arg('shots', null);
const executablePath = arg('chromium', '/usr/bin/chromium');
if (!base || !base.endsWith('/')) {
  console.error('usage: page-test.mjs --base URL/ [--label NAME] [--shots DIR] [--chromium PATH]');
  process.exit(2);
}
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const args = chromiumArgs;
const { check, finish } = tally(label === 'page' ? 'page' : `page (${label})`);
// A check whose judging may throw (a locator that times out, say).
async function attempt(what, fn) {
  try {
    const r = await fn();
    if (r === true || r === undefined) return check(what, true);
    return check(what, false, r);
  } catch (err) {
    return check(what, false, err instanceof Error ? err.message.split('\n')[0] : String(err));
  }
}

// --- what the API says, asked directly (the page must say the same) ----------
const apiGet = async (path) => {
  const r = await fetch(new URL(`api/v1/${path}`, base));
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return r.json();
};
const all = async (path) => (await apiGet(`${path}${path.includes('?') ? '&' : '?'}limit=500`)).data;
const events = await all('events');
const partnerships = await all('partnerships');
const funding = await all('funding');
const entities = await all('entities');
const totals = {};
for (const g of ['kind', 'donor', 'recipient']) totals[g] = await apiGet(`funding/totals?group_by=${g}`);
const wenshanTotals = await apiGet('funding/totals?group_by=kind&recipient=wenshan');

const num = (n) => new Intl.NumberFormat('en-US').format(n);
const totalText = (r) => `${r.at_least ? 'at least ' : ''}${num(r.amount_yuan)} yuan`;
const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();

const profile = mkdtempSync(join(tmpdir(), 'aid-page-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath, args, headless: true, timeout: 60000, viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] || await context.newPage();
  const watch = watcher(page);
  const extra = []; // what other pages of ordinary use saw

  // Waits until the page shows the state of its current fragment.
  const settled = (p = page) => p.waitForFunction(() => {
    const m = document.getElementById('main');
    return m && m.dataset.shown === location.hash && !m.hasAttribute('aria-busy');
  }, null, { timeout: 15000 });
  const go = async (hash, p = page) => {
    await p.evaluate((h) => { location.hash = h; }, hash);
    await settled(p);
  };

  // --- the page itself -----------------------------------------------------
  const nav = await page.goto(base, { waitUntil: 'load', timeout: 30000 });
  const headers = nav ? nav.headers() : {};
  check('the page loads as HTML with the page\'s CSP', nav && nav.status() === 200 && /^text\/html/.test(headers['content-type'] || '') &&
    /default-src 'self'/.test(headers['content-security-policy'] || ''), JSON.stringify({ status: nav && nav.status(), type: headers['content-type'] }));
  await settled();
  const meta = await page.evaluate(() => ({ lang: document.documentElement.lang, title: document.title, main: !!document.querySelector('main'), h1: document.querySelectorAll('h1').length }));
  check('lang, <title>, one <h1> and a <main>', meta.lang === 'en' && /Shanghai's partner aid to Yunnan/.test(meta.title) && meta.main && meta.h1 === 1, JSON.stringify(meta));

  // --- the timeline ----------------------------------------------------------
  const shown = await page.$$eval('ol.timeline > li', (lis) => lis.map((li) => ({
    id: li.id.replace(/^item-/, ''),
    title: li.querySelector('h3').textContent,
    date: li.querySelector('.date').textContent,
    inferred: !!li.querySelector('.tag-inferred'),
    entities: [...li.querySelectorAll('.entities a')].map((a) => a.getAttribute('href')),
    money: [...li.querySelectorAll('a[href^="#/money"]')].length,
    partnerships: [...li.querySelectorAll('a[href^="#/partnerships"]')].length,
  })));
  const missingTitles = events.filter((e) => !shown.some((s) => s.title === e.title)).map((e) => e.title);
  check(`every event title of /api/v1/events is on the timeline (${events.length})`, missingTitles.length === 0 && shown.length === events.length, `missing: ${missingTitles.join(' | ')}`);
  check('the timeline keeps the API\'s order (the article\'s)', shown.map((s) => s.id).join() === events.map((e) => e.id).join(), shown.map((s) => s.id).join());
  const badDates = events.filter((e, i) => !shown[i] || shown[i].date !== e.period_label ||
    shown[i].inferred !== Boolean((e.start && e.start.inferred) || (e.end && e.end.inferred))).map((e) => e.id);
  check('each event shows its date label at its precision ("1960s") and inferred dates are marked', badDates.length === 0, badDates.join(', '));
  const badRefs = events.filter((e, i) => !shown[i] || shown[i].entities.length !== e.entities.length ||
    shown[i].entities.some((href, j) => href !== `#/places/${e.entities[j].id}`) ||
    shown[i].money !== e.funding.length || shown[i].partnerships !== e.partnerships.length).map((e) => e.id);
  check('each event links its entities, money and partnerships', badRefs.length === 0, badRefs.join(', '));

  // --- a fact's quote, then the article with it highlighted ------------------
  const ev = events.find((e) => e.id === '1997-07-first-batch-of-cadres') || events[0];
  await attempt('a click on a fact shows its verbatim quote', async () => {
    const li = page.locator(`#item-${ev.id}`);
    await li.locator('.quote-toggle').click();
    await settled();
    const text = await li.locator('.quote-panel blockquote').innerText();
    const visible = await li.locator('.quote-panel').isVisible();
    const hash = await page.evaluate(() => location.hash);
    return (visible && norm(text) === norm(ev.source.quote) && hash.includes(`quote=events/${ev.id}`)) ||
      JSON.stringify({ visible, text, hash });
  });
  await attempt('and a click on "See it in the article" highlights that quote in place, in view', async () => {
    await page.locator(`#item-${ev.id} .quote-panel a.to-article`).click();
    await settled();
    const r = await page.evaluate(() => {
      const marks = [...document.querySelectorAll('mark.quote-mark')];
      const box = marks.length ? marks[0].getBoundingClientRect() : null;
      return { text: marks.map((m) => m.textContent).join(''), inView: !!box && box.top >= 0 && box.top < window.innerHeight, inArticle: marks.every((m) => m.closest('article.source-text')) };
    });
    return (r.text === ev.source.quote && r.inView && r.inArticle) || JSON.stringify(r);
  });
  await attempt('the back button goes back to the fact with its quote open', async () => {
    await page.goBack();
    await settled();
    const hash = await page.evaluate(() => location.hash);
    const visible = await page.locator(`#item-${ev.id} .quote-panel`).isVisible();
    return (hash.startsWith('#/timeline') && hash.includes(`quote=events/${ev.id}`) && visible) || JSON.stringify({ hash, visible });
  });
  {
    const facts = [
      ...events.map((x) => ['events', x]), ...partnerships.map((x) => ['partnerships', x]),
      ...funding.map((x) => ['funding', x]), ...entities.map((x) => ['entities', x]),
    ];
    const wrong = [];
    for (const [kind, x] of facts) {
      await go(`#/article?quote=${kind}/${x.id}`);
      const text = await page.evaluate(() => [...document.querySelectorAll('mark.quote-mark')].map((m) => m.textContent).join(''));
      if (text !== x.source.quote) wrong.push(`${kind}/${x.id}`);
    }
    check(`every fact's quote is highlighted verbatim in the article (${facts.length} facts)`, wrong.length === 0, wrong.join(', '));
  }

  // --- the money ---------------------------------------------------------------
  await page.locator('nav.views a[data-view="money"]').click();
  await settled();
  const rowsShown = () => page.evaluate(() => ({
    chart: [...document.querySelectorAll('.chart-row')].map((li) => ({
      key: li.dataset.key, name: li.querySelector('.row-name').textContent, total: li.querySelector('.row-total').textContent,
      contained: li.querySelectorAll('.listed-contained').length, uncertain: li.querySelectorAll('.listed-uncertain').length,
      shared: li.querySelectorAll('.listed-shared').length,
      words: [...li.querySelectorAll('ul.listed li strong')].map((s) => s.textContent),
    })),
    table: [...document.querySelectorAll('table.totals-table tbody tr')].map((tr) => ({ key: tr.dataset.key, total: tr.querySelector('td.num').textContent })),
    caption: (document.querySelector('table.totals-table caption') || {}).textContent || '',
    rule: (document.querySelector('.rule-text') || {}).textContent || '',
    legend: [...document.querySelectorAll('dl.legend dt')].map((d) => d.textContent.trim()),
  }));
  const judgeTotals = (doc, got) => {
    const bad = [];
    if (got.chart.length !== doc.data.length) bad.push(`${got.chart.length} rows shown, ${doc.data.length} in the API`);
    doc.data.forEach((r, i) => {
      const c = got.chart[i];
      const t = got.table[i];
      if (!c || c.key !== r.key || c.name !== r.name || c.total !== totalText(r)) bad.push(`chart ${r.key}: ${JSON.stringify(c)}`);
      if (!t || t.key !== r.key || t.total !== totalText(r)) bad.push(`table ${r.key}: ${JSON.stringify(t)}`);
      if (c && (c.contained !== r.contained.length || c.uncertain !== r.uncertain.length || c.shared !== r.shared.length)) bad.push(`listed ${r.key}: ${JSON.stringify(c)}`);
      if (c && !c.words.every((w) => /^(Contained|Uncertain|Shared), not added: $/.test(w))) bad.push(`words ${r.key}: ${c.words}`);
    });
    if (norm(got.rule) !== norm(doc.meta.rule)) bad.push(`rule: ${got.rule}`);
    if (got.legend.join() !== 'Counted,Contained,Uncertain,Shared') bad.push(`legend: ${got.legend}`);
    return bad;
  };
  for (const [g, text] of [['donor', 'Donor'], ['recipient', 'Recipient'], ['kind', 'Kind of money']]) {
    await attempt(`every total of /funding/totals?group_by=${g} is shown, with its rule and each listed record in words (a click on "${text}")`, async () => {
      const link = page.locator('nav.picker').first().getByRole('link', { name: text, exact: true });
      const href = await link.getAttribute('href');
      await link.click();
      await settled();
      const bad = judgeTotals(totals[g], await rowsShown());
      const current = await page.locator('nav.picker a[aria-current="true"]').first().innerText();
      if (!href.startsWith('#/money')) bad.push(`the grouping is not a link of the page: ${href}`);
      if (!current.includes(text)) bad.push(`current grouping shown as ${current}`);
      return bad.length === 0 || bad.join('; ');
    });
  }
  await attempt('the totals for money reaching Wenshan (a click on it) are the API\'s, shared records listed', async () => {
    const link = page.locator('nav.picker').nth(1).getByRole('link', { name: 'Wenshan Zhuang and Miao Autonomous Prefecture', exact: true });
    await link.click();
    await settled();
    const got = await rowsShown();
    const bad = judgeTotals(wenshanTotals, got);
    const hash = await page.evaluate(() => location.hash);
    if (hash !== '#/money?recipient=wenshan') bad.push(`hash ${hash}`);
    if (!/for money reaching Wenshan/.test(got.caption)) bad.push(`caption ${got.caption}`);
    return bad.length === 0 || bad.join('; ');
  });
  await attempt(`every funding record is listed with its amount, bound, period and recipients (${funding.length})`, async () => {
    await go('#/money');
    const got = await page.$$eval('ol.funding-records > li', (lis) => lis.map((li) => ({
      id: li.id.replace(/^item-/, ''), amount: li.querySelector('.amount').textContent, text: li.textContent,
      recipients: [...li.querySelectorAll('dd a[href^="#/places/"]')].map((a) => a.getAttribute('href')),
    })));
    const bad = funding.filter((f) => {
      const g = got.find((x) => x.id === f.id);
      return !g || g.amount !== `${f.bound === 'at_least' ? 'at least ' : ''}${num(f.amount_yuan)} yuan` || !g.text.includes(f.period_label) ||
        !f.recipients.every((r) => g.recipients.includes(`#/places/${r.id}`));
    }).map((f) => f.id);
    return (bad.length === 0 && got.length === funding.length) || `wrong: ${bad.join(', ')}`;
  });

  // --- the partnerships ----------------------------------------------------------
  await attempt(`every partnership shows donors → recipients, since when, its sector and the article's counts (${partnerships.length})`, async () => {
    await page.locator('nav.views a[data-view="partnerships"]').click();
    await settled();
    const got = await page.$$eval('ol.partnerships > li', (lis) => lis.map((li) => ({
      id: li.id.replace(/^item-/, ''), date: li.querySelector('.date').textContent, text: li.textContent,
      sides: [...li.querySelectorAll('.side')].map((s) => [...s.querySelectorAll('a')].map((a) => a.textContent)),
    })));
    const bad = partnerships.filter((p, i) => {
      const g = got[i];
      return !g || g.id !== p.id || g.date !== p.period_label || g.sides[0].join('|') !== p.donors.map((d) => d.name).join('|') ||
        g.sides[1].join('|') !== p.recipients.map((d) => d.name).join('|') ||
        (p.donor_count !== null && !g.text.includes(`the article counts ${num(p.donor_count)}`)) ||
        (p.recipient_count !== null && !g.text.includes(`the article counts ${num(p.recipient_count)}`));
    }).map((p) => p.id);
    return bad.length === 0 || bad.join(', ');
  });

  // --- places: the alias search, homonyms, the hierarchy ----------------------
  const find = async (q) => {
    await page.locator('#places-q').fill(q);
    await page.locator('#places-q').press('Enter');
    await settled();
  };
  await page.locator('nav.views a[data-view="places"]').click();
  await settled();
  await attempt('the alias search finds Minhang District from "Minghang"', async () => {
    await find('Minghang');
    const names = await page.locator('ul.entity-results > li > a').allInnerTexts();
    const exact = await page.locator('.found .exact').innerText();
    const hash = await page.evaluate(() => location.hash);
    return (names.includes('Minhang District') && /Minhang District/.test(exact) && hash === '#/places?q=Minghang') || JSON.stringify({ names, exact, hash });
  });
  await attempt('and Pu\'er City from "Simiao"', async () => {
    await find('Simiao');
    const names = await page.locator('ul.entity-results > li > a').allInnerTexts();
    return names.includes("Pu'er City") || JSON.stringify(names);
  });
  await attempt('"Baoshan" lists both homonyms (the API\'s 300 candidates), each on its side', async () => {
    await find('Baoshan');
    const got = await page.locator('.candidates li').allInnerTexts();
    return (got.length === 2 && got.some((t) => /^Baoshan City — City, on Yunnan's side/.test(t)) && got.some((t) => /^Baoshan District — District, on Shanghai's side/.test(t))) || JSON.stringify(got);
  });
  await attempt('an entity\'s view: its parent, its other spellings, what it is not to be confused with', async () => {
    await page.locator('.candidates a', { hasText: 'Baoshan District' }).click();
    await settled();
    const text = await page.locator('section.entity').innerText();
    const hash = await page.evaluate(() => location.hash);
    return (hash === '#/places/baoshan-district' && /Part of\s+Shanghai/.test(text) && /Not to be confused with\s+Baoshan City/.test(text)) || JSON.stringify({ hash, text: text.slice(0, 400) });
  });
  await attempt(`the hierarchy lists all ${entities.length} entities under their parents`, async () => {
    const got = await page.$$eval('.hierarchy li', (lis) => lis.map((li) => ({
      id: li.querySelector(':scope > a').getAttribute('href').replace('#/places/', ''),
      parent: li.parentElement.closest('li') ? li.parentElement.closest('li').querySelector(':scope > a').getAttribute('href').replace('#/places/', '') : null,
    })));
    const bad = entities.filter((e) => !got.some((g) => g.id === e.id && g.parent === (e.parent ? e.parent.id : null))).map((e) => e.id);
    return (bad.length === 0 && got.length === entities.length) || `${got.length} shown; misplaced: ${bad.join(', ')}`;
  });

  // --- full-text search over everything --------------------------------------
  await attempt('the search box finds what q finds in each collection, grouped by kind', async () => {
    await page.locator('#search-all-q').fill('cadre');
    await page.locator('#search-all-q').press('Enter');
    await settled();
    const want = {};
    for (const c of ['events', 'partnerships', 'funding', 'entities', 'sources']) want[c] = (await apiGet(`${c}?q=cadre`)).meta.total;
    const got = await page.$$eval('section.search-group h3', (hs) => hs.map((x) => x.textContent));
    const expected = [`Events (${want.events})`, `Partnerships (${want.partnerships})`, `Money (${want.funding})`, `Places and organisations (${want.entities})`, `The article (${want.sources})`];
    return got.join('|') === expected.join('|') || `${got.join('|')} (want ${expected.join('|')})`;
  });
  await attempt('a search result for the article marks where it uses the word', async () => {
    await page.locator('section.search-group').last().locator('a').first().click();
    await settled();
    const marks = await page.locator('mark.find-mark').allInnerTexts();
    return (marks.length > 0 && marks.every((m) => /^cadre/i.test(m))) || JSON.stringify(marks);
  });

  // --- a shared URL restores its state in a fresh page -----------------------
  const fresh = await context.newPage();
  const freshWatch = watcher(fresh);
  await attempt('a shared URL restores its state in a fresh page (grouping, recipient, opened quote)', async () => {
    await fresh.goto(`${base}#/money?group_by=recipient&recipient=wenshan&quote=funding/wenshan-aid-15-years`);
    await settled(fresh);
    const r = await fresh.evaluate(() => ({
      current: [...document.querySelectorAll('nav.picker a[aria-current="true"]')].map((a) => a.textContent),
      rows: [...document.querySelectorAll('.chart-row')].map((li) => li.dataset.key),
      quote: !document.querySelector('[data-quote="funding/wenshan-aid-15-years"]').hidden,
      view: document.querySelector('nav.views a[aria-current="page"]').textContent,
    }));
    return (r.view === 'Money' && r.current.join('|') === 'Recipient|Wenshan Zhuang and Miao Autonomous Prefecture' &&
      r.rows.join() === 'wenshan' && r.quote) || JSON.stringify(r);
  });
  await attempt('a shared URL of an entity (by an alias) and of a search restores them', async () => {
    await fresh.goto(`${base}#/places/minghang-district`);
    await settled(fresh);
    const heading = await fresh.locator('section.entity h3').innerText();
    await fresh.goto(`${base}#/search?q=hospital`);
    await settled(fresh);
    const value = await fresh.locator('#search-all-q').inputValue();
    const groups = await fresh.locator('section.search-group').count();
    return (heading === 'Minhang District' && value === 'hospital' && groups === 5) || JSON.stringify({ heading, value, groups });
  });

  // --- accessibility, layout -----------------------------------------------------
  const views = [
    '#/timeline?quote=events/1996-districts-paired-with-key-counties',
    '#/money?group_by=recipient',
    '#/money?recipient=wenshan&quote=funding/wenshan-aid-15-years',
    '#/partnerships',
    '#/places?q=Minghang',
    '#/places?q=baoshan',
    '#/places/puer',
    '#/article?quote=funding/aid-total-to-june-2011',
    '#/search?q=simao',
  ];
  {
    const found = [];
    await page.evaluate(axeSource);
    for (const v of views) {
      await go(v);
      const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      for (const x of res.violations) {
        if (x.impact === 'critical' || x.impact === 'serious') found.push(`${v}: ${x.id} (${x.impact}) ${x.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`);
      }
    }
    check(`axe-core: no critical or serious violation in ${views.length} views`, found.length === 0, found.join('; '));
  }
  await attempt('the keyboard reaches the skip link, then the content, with a visible focus', async () => {
    const kb = await context.newPage();
    const kbWatch = watcher(kb);
    try {
      await kb.goto(`${base}#/timeline`);
      await settled(kb);
      await kb.keyboard.press('Tab');
      const skip = await kb.evaluate(() => ({ cls: document.activeElement.className, outline: getComputedStyle(document.activeElement).outlineStyle, top: document.activeElement.getBoundingClientRect().top }));
      await kb.keyboard.press('Enter');
      await kb.keyboard.press('Tab');
      const next = await kb.evaluate(() => ({ inMain: document.getElementById('main').contains(document.activeElement), tag: document.activeElement.tagName, outline: getComputedStyle(document.activeElement).outlineStyle }));
      const hash = await kb.evaluate(() => location.hash);
      extra.push(...kbWatch.problems());
      return (skip.cls === 'skip' && skip.outline !== 'none' && skip.top >= 0 && next.inMain && next.tag === 'A' && next.outline !== 'none' && hash === '#/timeline') || JSON.stringify({ skip, next, hash });
    } finally {
      await kb.close();
    }
  });
  if (shots) { // the honest totals: counted, contained, uncertain and shared
    await page.setViewportSize({ width: 960, height: 620 });
    await go('#/money?group_by=recipient');
    await page.evaluate(() => document.getElementById('h-totals').scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(shots, 'page-desktop.png') });
  }
  await page.setViewportSize({ width: 390, height: 844 });
  {
    const wide = [];
    for (const v of ['#/timeline', ...views]) {
      await go(v);
      const r = await page.evaluate(() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]);
      if (r[0] > r[1]) wide.push(`${v}: ${r[0]} > ${r[1]}`);
    }
    check(`nothing scrolls sideways at 390 px (${views.length + 1} views)`, wide.length === 0, wide.join('; '));
  }
  if (shots) {
    await go('#/timeline');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(shots, 'page-phone.png') });
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // Everything so far was ordinary use: not one error.
  const seen = [...watch.problems(), ...freshWatch.problems(), ...extra];
  check('no console error, no failed request', seen.length === 0, seen.join('; '));
  {
    const version = await page.evaluate(() => new URL(document.querySelector('script[type="module"]').src).searchParams.get('v'));
    const assets = watch.responses().filter((r) => new URL(r.url).pathname.includes('/assets/'));
    const loose = assets.filter((r) => new URL(r.url).searchParams.get('v') !== version || !/immutable/.test(r.cache || '')).map((r) => `${r.url} (${r.cache})`);
    check(`every file of the page is asked for with its version and cached for good (${assets.length} files)`, version && assets.length >= 9 && loose.length === 0, loose.join('; ') || `${assets.length} files, version ${version}`);
  }
  const outside = [...watch.outside(), ...freshWatch.outside()];
  check(`every request stays under the page's address ${new URL(base).pathname}`, outside.length === 0, outside.join('; '));
  check('the API was read through relative URLs and its own next links', watch.requests().some((u) => /api\/v1\/entities\?offset=50/.test(u) || /api\/v1\/entities\?.*offset=50/.test(u)), watch.requests().filter((u) => u.includes('entities')).join(' '));
  await fresh.close();

  // --- when the API fails, the page says so -------------------------------------
  const bad = await context.newPage();
  await attempt('an API error (500 problem document) is said in words where the timeline would be, and "Try again" recovers', async () => {
    await bad.route(/\/api\/v1\/events(\?|$)/, (route) => route.fulfill({
      status: 500, contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'the database is not answering' }),
    }));
    await bad.goto(`${base}#/timeline`);
    await settled(bad);
    const said = await bad.locator('main .problem').innerText();
    await bad.unroute(/\/api\/v1\/events(\?|$)/);
    await bad.locator('main .problem button').click();
    await settled(bad);
    const titles = await bad.locator('ol.timeline h3').count();
    return (/Timeline could not be shown/.test(said) && /500 Internal Server Error/.test(said) && /the database is not answering/.test(said) && titles === events.length) ||
      JSON.stringify({ said, titles });
  });
  await attempt('an API that cannot be reached is said in words where the totals would be', async () => {
    await bad.route(/\/api\/v1\/funding\/totals/, (route) => route.abort('connectionrefused'));
    await go('#/money?group_by=donor', bad);
    const said = await bad.locator('main .problem').innerText();
    await bad.unroute(/\/api\/v1\/funding\/totals/);
    return /could not be reached/.test(said) || said;
  });
  await attempt('a missing entity is said in words (the API\'s 404)', async () => {
    await go('#/places/no-such-place', bad);
    const said = await bad.locator('section.entity .problem').innerText();
    return (/404 Not Found/.test(said) && /no-such-place/.test(said)) || said;
  });
  await attempt('a missing fact asked for in the article is said in words, and the article still shown', async () => {
    await go('#/article?quote=events/no-such-event', bad);
    const said = await bad.locator('main .problem').innerText();
    const paragraphs = await bad.locator('article.source-text p').count();
    return (/404 Not Found/.test(said) && paragraphs > 5) || JSON.stringify({ said, paragraphs });
  });
  await bad.close();
  const broken = await context.newPage();
  await attempt('a script of the page that does not load is said in words', async () => {
    await broken.route(/\/assets\/lib\.js/, (route) => route.fulfill({ status: 404, contentType: 'application/problem+json', body: '{"title":"Not Found","status":404}' }));
    await broken.goto(`${base}#/timeline`);
    await broken.waitForSelector('main .problem', { timeout: 15000 });
    const said = await broken.locator('main .problem').innerText();
    return /could not load its own scripts/.test(said) || said;
  });
  await broken.close();
} catch (err) {
  check('the page test ran', false, err instanceof Error ? err.stack : String(err));
} finally {
  if (context) await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}

// Console errors, failed requests, error statuses, and requests that leave
// the page's address, as they happen.
function watcher(page) {
  const problems = [];
  const outside = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location().url})`); });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} (${r.failure() && r.failure().errorText})`));
  const responses = [];
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
    responses.push({ url: r.url(), status: r.status(), cache: r.headers()['cache-control'] });
  });
  page.on('request', (r) => {
    requests.push(r.url());
    if (!r.url().startsWith(base) && !r.url().startsWith('data:')) outside.push(r.url());
  });
  return { problems: () => problems, outside: () => outside, requests: () => requests, responses: () => responses };
}

finish();
