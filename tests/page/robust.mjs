/*
 * The page for everyone and under trouble:
 *   - axe-core reports no critical or serious violation in any view;
 *   - the keyboard reaches the skip link, then the content, with a visible
 *     focus;
 *   - nothing scrolls sideways at 390 px;
 *   - screenshots for the docs (desktop and phone; the money view, the
 *     time axis, an entity with its names in Chinese);
 *   - every file of the page is asked for with its version in its path
 *     (assets/NAME.VERSION.EXT, no query string) and cached for good;
 *   - when the API fails (a 500, no answer, a missing item), or a script of
 *     the page does not load, the page says so.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { VIEWS } from './words.mjs';
import { watcher } from './support.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const AXE_VIEWS = [
  ...VIEWS,
  '#/timeline?quote=events/1996-districts-paired-with-key-counties',
  '#/timeline?place=wenshan',
  '#/places?q=Minghang',
  '#/places/puer',
  '#/search?q=simao',
];

export async function access(t) {
  const { page, check, attempt, go, settled } = t;
  for (const [w, h] of [
    [1280, 900],
    [390, 844],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    const found = [];
    await page.evaluate(axeSource);
    for (const v of AXE_VIEWS) {
      await go(v);
      const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      for (const x of res.violations) {
        if (x.impact === 'critical' || x.impact === 'serious') found.push(`${v}: ${x.id} (${x.impact}) ${x.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`);
      }
    }
    check(`axe-core at ${w} px: no critical or serious violation in ${AXE_VIEWS.length} views`, found.length === 0, found.join('; '));
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  await attempt('the keyboard reaches the skip link, then the content, with a visible focus', async () => {
    const kb = await t.context.newPage();
    const kbWatch = watcher(kb, t.base);
    try {
      await kb.goto(`${t.base}#/timeline`);
      await settled(kb);
      await kb.keyboard.press('Tab');
      const skip = await kb.evaluate(() => ({ cls: document.activeElement.className, outline: getComputedStyle(document.activeElement).outlineStyle, top: document.activeElement.getBoundingClientRect().top }));
      await kb.keyboard.press('Enter');
      await kb.keyboard.press('Tab');
      const next = await kb.evaluate(() => ({ inMain: document.getElementById('main').contains(document.activeElement), tag: document.activeElement.tagName, outline: getComputedStyle(document.activeElement).outlineStyle }));
      const hash = await kb.evaluate(() => location.hash);
      t.extra.push(...kbWatch.problems());
      return (skip.cls === 'skip' && skip.outline !== 'none' && skip.top >= 0 && next.inMain && next.outline !== 'none' && hash === '#/timeline') || JSON.stringify({ skip, next, hash });
    } finally {
      await kb.close();
    }
  });

  if (t.shots) {
    const shot = async (name, w, h, hash, at) => {
      await page.setViewportSize({ width: w, height: h });
      await go('#/article'); // another view first: the view is drawn for this width
      await go(hash);
      await page.evaluate((sel) => {
        if (!sel) return window.scrollTo(0, 0);
        const el = document.querySelector(sel);
        const nav = document.querySelector('nav.views').getBoundingClientRect().height;
        window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - nav - 8);
      }, at);
      await page.screenshot({ path: join(t.shots, name) });
    };
    await shot('page-desktop.png', 1100, 760, '#/money?group_by=recipient', '#h-totals'); // the honest totals
    await shot('page-phone.png', 390, 844, '#/money', null); // the headline, on a phone's first screen
    await shot('page-axis.png', 1100, 760, '#/timeline', 'figure.axis'); // the time axis
    await shot('page-axis-phone.png', 390, 844, '#/timeline', 'figure.axis');
    await shot('page-chinese.png', 1100, 760, '#/places/puer', 'section.entity'); // an entity with its names in Chinese
    await shot('page-chinese-phone.png', 390, 844, '#/places/puer', 'section.entity .chinese-names');
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  await page.setViewportSize({ width: 390, height: 844 });
  {
    const wide = [];
    for (const v of AXE_VIEWS) {
      await go(v);
      const r = await page.evaluate(() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]);
      if (r[0] > r[1]) wide.push(`${v}: ${r[0]} > ${r[1]}`);
    }
    check(`nothing scrolls sideways at 390 px (${AXE_VIEWS.length} views)`, wide.length === 0, wide.join('; '));
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

export async function assets(t) {
  const { page, check } = t;
  const version = await page.evaluate(() => {
    const m = /\/assets\/app\.([0-9a-f]{16})\.js$/.exec(new URL(document.querySelector('script[type="module"]').src).pathname);
    return m ? m[1] : null;
  });
  const all = t.watch.responses().filter((r) => new URL(r.url).pathname.includes('/assets/'));
  const loose = all
    .filter((r) => {
      const u = new URL(r.url);
      return u.search !== '' || !new RegExp(`/assets/[a-z]+\\.${version}\\.(js|css|svg)$`).test(u.pathname) || !/immutable/.test(r.cache || '');
    })
    .map((r) => `${r.url} (${r.cache})`);
  const files = new Set(all.map((r) => new URL(r.url).pathname));
  check(`every file of the page is asked for with its version in its path, no query, and cached for good (${files.size} files)`, version && files.size >= 12 && loose.length === 0, loose.join('; ') || `${files.size} files, version ${version}`);
}

export async function failures(t) {
  const { attempt, go, settled } = t;
  const bad = await t.context.newPage();
  await attempt('an API error (500 problem document) is said in words where the timeline would be, and "Try again" recovers', async () => {
    await bad.route(/\/api\/v1\/events(\?|$)/, (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'the database is not answering' }),
      }),
    );
    await bad.goto(`${t.base}#/timeline`);
    await settled(bad);
    const said = await bad.locator('main .problem').first().innerText();
    await bad.unroute(/\/api\/v1\/events(\?|$)/);
    await bad.locator('main .problem button').first().click();
    await settled(bad);
    const titles = await bad.locator('ol.timeline h3').count();
    return (/Timeline could not be shown/.test(said) && /500 Internal Server Error/.test(said) && /the database is not answering/.test(said) && titles === t.data.events.length) || JSON.stringify({ said, titles });
  });
  await attempt('an API that cannot be reached is said in words where the totals would be', async () => {
    await bad.route(/\/api\/v1\/funding\/totals/, (route) => route.abort('connectionrefused'));
    await go('#/money?group_by=donor', bad);
    const said = await bad.locator('main .problem').first().innerText();
    await bad.unroute(/\/api\/v1\/funding\/totals/);
    return /could not be reached/.test(said) || said;
  });
  await attempt("a missing entity is said in words (the API's 404)", async () => {
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
  const broken = await t.context.newPage();
  await attempt('a script of the page that does not load is said in words', async () => {
    await broken.route(/\/assets\/lib[.]/, (route) => route.fulfill({ status: 404, contentType: 'application/problem+json', body: '{"title":"Not Found","status":404}' }));
    await broken.goto(`${t.base}#/timeline`);
    await broken.waitForSelector('main .problem', { timeout: 15000 });
    const said = await broken.locator('main .problem').innerText();
    return /could not load its own scripts/.test(said) || said;
  });
  await broken.close();
}
