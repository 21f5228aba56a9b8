#!/usr/bin/env node
/*
 * The page's end-to-end test: Debian's Chromium (/usr/bin/chromium, driven
 * by playwright-core, which downloads no browser) opens the page that
 * aid-api serves at --base (http://127.0.0.1:P/ directly, or
 * http://127.0.0.1:N/aid/ behind nginx) and judges it against what the API
 * itself answers there. The checks, in groups of their own files:
 *   views.mjs    every view says what the API says (events, quotes in the
 *                article, totals, records, partnerships, places, search,
 *                shared URLs)
 *   defects.mjs  the three defects of issue 19 (a "null" in the article,
 *                Diqing's card off screen, bars drawn as marks)
 *   words.mjs    plain words: no field name of the OpenAPI schemas, code
 *                or JSON term in any view's visible text
 *   money.mjs    the headline answer, rows with nothing counted
 *   time.mjs     the time axis, the filters, the decades, the menu on a
 *                phone
 *   quotes.mjs   disclosure buttons, copying a quote's link and citation
 *   cite.mjs     "Cite and download": the dataset's citation, the
 *                licences apart, the downloads; every fact's citation the
 *                API's, none made up when the API fails
 *   chinese.mjs  names in Chinese on every entity's card and in the list,
 *                found by the page's searches (文山, wenshan, Wénshān, 思茅)
 *   robust.mjs   axe-core, the keyboard, 390 px, versioned immutable
 *                files, the page when the API or a script fails
 * and, over all ordinary use: no console error, no failed request, nothing
 * asked outside the page's address (so relative URLs hold under a prefix).
 *
 *   node tests/page/page-test.mjs --base URL [--label NAME] [--shots DIR]
 *       [--chromium /usr/bin/chromium] [--openapi handlers/openapi.json]
 *       [--only GROUP,...]
 * --only runs those groups alone (views, defects, words, money, time,
 * quotes, cite, chinese, access, failures), without the checks over all
 * ordinary use.
 *
 * Prints "ok ..." or "FAIL ..." per check, then "page (NAME): N checks
 * passed" or "page (NAME): F of N checks failed"; exits 1 on a failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { chromiumArgs, tally } from '../lib/checks.mjs';
import defects from './defects.mjs';
import chinese from './chinese.mjs';
import cite from './cite.mjs';
import money from './money.mjs';
import quotes from './quotes.mjs';
import { access, assets, failures } from './robust.mjs';
import { settledOn, watcher } from './support.mjs';
import time from './time.mjs';
import views from './views.mjs';
import words from './words.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const base = arg('base');
const label = arg('label', 'page');
const shots = arg('shots', null);
const executablePath = arg('chromium', '/usr/bin/chromium');
const openapi = arg('openapi', new URL('../../handlers/openapi.json', import.meta.url).pathname);
const only = arg('only', null) ? new Set(arg('only').split(',')) : null;
if (!base || !base.endsWith('/')) {
  console.error('usage: page-test.mjs --base URL/ [--label NAME] [--shots DIR] [--chromium PATH] [--openapi FILE] [--only GROUP,...]');
  process.exit(2);
}
const { check, finish } = tally(label === 'page' ? 'page' : `page (${label})`);

// --- what the API says, asked directly (the page must say the same) ----------
const api = async (path) => {
  const r = await fetch(new URL(`api/v1/${path}`, base));
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return r.json();
};
const all = async (path) => (await api(`${path}${path.includes('?') ? '&' : '?'}limit=500`)).data;
const data = {};
for (const c of ['events', 'partnerships', 'funding', 'entities', 'sources']) data[c] = await all(c);
const totals = {};
for (const g of ['kind', 'donor', 'recipient']) totals[g] = await api(`funding/totals?group_by=${g}`);

// The page asks the API whether a text typed in a search is an entity's
// key: a 404 to /entities/{key} is the API's answer "no", not a failure.
const keyAsked = (url, status) => status === 404 && /\/api\/v1\/entities\/[^/?]+$/.test(new URL(url).pathname);

const profile = mkdtempSync(join(tmpdir(), 'aid-page-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    args: chromiumArgs,
    headless: true,
    timeout: 60000,
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] || (await context.newPage());
  const settled = (p = page) => settledOn(p);
  const t = {
    page,
    context,
    base,
    shots,
    data,
    totals,
    api,
    all,
    check,
    extra: [], // what other pages of ordinary use saw
    watch: watcher(page, base, keyAsked),
    settled,
    async go(hash, p = page) {
      await p.evaluate((h) => {
        location.hash = h;
      }, hash);
      await settled(p);
    },
    // A check whose judging may throw (a locator that times out, say).
    async attempt(what, fn) {
      try {
        const r = await fn();
        if (r === true || r === undefined) return check(what, true);
        return check(what, false, r);
      } catch (err) {
        return check(what, false, err instanceof Error ? err.message.split('\n')[0] : String(err));
      }
    },
  };

  // --- the page itself -----------------------------------------------------
  const nav = await page.goto(base, { waitUntil: 'load', timeout: 30000 });
  const headers = nav ? nav.headers() : {};
  check(
    "the page loads as HTML with the page's CSP",
    nav && nav.status() === 200 && /^text\/html/.test(headers['content-type'] || '') && /default-src 'self'/.test(headers['content-security-policy'] || ''),
    JSON.stringify({ status: nav && nav.status(), type: headers['content-type'] }),
  );
  await settled();
  const meta = await page.evaluate(() => ({ lang: document.documentElement.lang, title: document.title, main: !!document.querySelector('main'), h1: document.querySelectorAll('h1').length }));
  check('lang, <title>, one <h1> and a <main>', meta.lang === 'en' && /Shanghai's partner aid to Yunnan/.test(meta.title) && meta.main && meta.h1 === 1, JSON.stringify(meta));

  t.fresh = await context.newPage();
  const freshWatch = watcher(t.fresh, base, keyAsked);
  const groups = { views, defects, words: (x) => words(x, openapi), money, time, quotes, cite, chinese, access };
  for (const [name, run] of Object.entries(groups)) if (!only || only.has(name)) await run(t);

  if (!only) {
    // Everything so far was ordinary use: not one error.
    const seen = [...t.watch.problems(), ...freshWatch.problems(), ...t.extra];
    check('no console error, no failed request', seen.length === 0, seen.join('; '));
    await assets(t);
    const outside = [...t.watch.outside(), ...freshWatch.outside()];
    check(`every request stays under the page's address ${new URL(base).pathname}`, outside.length === 0, outside.join('; '));
    check(
      'the API was read through relative URLs and its own next links',
      t.watch.requests().some((u) => /api\/v1\/entities\?.*offset=50/.test(u)),
      t.watch.requests().filter((u) => u.includes('entities')).join(' '),
    );
  }
  await t.fresh.close();
  if (!only || only.has('failures')) await failures(t);
} catch (err) {
  check('the page test ran', false, err instanceof Error ? err.stack : String(err));
} finally {
  if (context) await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}

finish();
