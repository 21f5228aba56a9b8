#!/usr/bin/env node
/*
 * The browser test: Debian's Chromium (/usr/bin/chromium), driven by
 * playwright-core (no browser of its own is downloaded), opens the page of
 * tests/browser/page/ from the static server's origin; the page reads the
 * API of another origin with fetch (page.js). Each answer is judged here:
 * JSON, the headers a script can read only when they are exposed, a
 * preflighted request, a 304, a projection, CSV's Content-Disposition, a
 * 400 problem document, a 404, the timing Timing-Allow-Origin opens, and
 * no console error but those the 400 and 404 fetches cause.
 *
 *   node tests/browser/browser-test.mjs --page http://127.0.0.1:P/ --api http://127.0.0.1:Q
 *       [--chromium /usr/bin/chromium]
 *
 * Prints one line per check ("ok ..." or "FAIL ...") and "browser: N checks
 * passed" (or "browser: N of M checks failed"); exits 1 on a failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { chromiumArgs, tally } from '../lib/checks.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const pageUrl = arg('page');
const api = arg('api');
const executablePath = arg('chromium', '/usr/bin/chromium');
if (!pageUrl || !api) {
  console.error('usage: browser-test.mjs --page URL --api URL [--chromium PATH]');
  process.exit(2);
}

const args = chromiumArgs;
const { check, finish } = tally('browser');

const profile = mkdtempSync(join(tmpdir(), 'aid-api-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, { executablePath, args, headless: true, timeout: 60000 });
  const page = context.pages()[0] || await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push({ text: m.text(), url: m.location().url });
  });
  page.on('pageerror', (e) => consoleErrors.push({ text: `uncaught: ${e.message}`, url: '' }));

  const target = `${pageUrl}?api=${encodeURIComponent(api)}`;
  const nav = await page.goto(target, { waitUntil: 'load', timeout: 30000 });
  check(`the page loads from ${new URL(pageUrl).origin}`, nav && nav.status() === 200, nav ? `status ${nav.status()}` : 'no response');
  await page.waitForFunction(() => window.aidResults !== undefined, null, { timeout: 30000 });
  const r = await page.evaluate(() => window.aidResults);
  if (r.error) {
    check('the page script ran', false, r.error);
  } else {
    const e = r.events;
    check('JSON from the API origin', e.status === 200 && /^application\/json/.test(e.headers['content-type'] || '') && e.body.data.length === 2 && e.body.data[0].href.startsWith('/api/v1/events/'),
      JSON.stringify({ status: e.status, type: e.headers['content-type'] }));
    check('Link is readable and names the next page', e.headers.link === `<${e.body.links.next}>; rel="next"`, `Link ${JSON.stringify(e.headers.link)}, links.next ${e.body.links.next}`);
    check('X-Total-Count is readable and is meta.total', e.headers['x-total-count'] === String(e.body.meta.total), `X-Total-Count ${JSON.stringify(e.headers['x-total-count'])}`);
    check('ETag is readable and strong', /^"[^"]+"$/.test(e.headers.etag || ''), `ETag ${JSON.stringify(e.headers.etag)}`);
    check('X-Request-Id is readable and is the one sent (a preflighted request)', e.headers['x-request-id'] === 'browser-check-1', `X-Request-Id ${JSON.stringify(e.headers['x-request-id'])}`);
    check('a header not exposed stays hidden (Vary)', e.headers.vary === null, `Vary ${JSON.stringify(e.headers.vary)}`);
    check('If-None-Match with the ETag is a 304 with the same ETag', r.revalidated.status === 304 && r.revalidated.headers.etag === e.headers.etag, JSON.stringify(r.revalidated));
    check('Content-Location is readable and is the canonical address', r.alias.status === 200 && r.alias.headers['content-location'] === '/api/v1/entities/minhang-district' && r.alias.body.data.id === 'minhang-district',
      JSON.stringify(r.alias.headers));
    check('a fields answer is the projection, with only those fields', r.projection.headers['content-type'] === 'application/vnd.aid-api.projection+json; charset=utf-8' && Object.keys(r.projection.body.data[0]).join() === 'id,title',
      JSON.stringify(r.projection.headers));
    check('Content-Disposition of CSV is readable', r.csv.status === 200 && r.csv.headers['content-disposition'] === 'attachment; filename="events.csv"' && r.csv.firstLine.startsWith('id,'),
      JSON.stringify(r.csv.headers));
    const p = r.problem;
    check('a 400 is a problem document naming the parameter', p.status === 400 && /^application\/problem\+json/.test(p.headers['content-type'] || '') && p.body.status === 400 && Array.isArray(p.body.errors) && p.body.errors.some((x) => x.param === 'limit'),
      JSON.stringify(p));
    const n = r.notFound;
    check('a 404 is a problem document', n.status === 404 && /^application\/problem\+json/.test(n.headers['content-type'] || '') && n.body.status === 404, JSON.stringify(n));
    check('Timing-Allow-Origin opens the resource timing', r.timing !== null && r.timing.requestStart > 0 && r.timing.responseStart > 0 && r.timing.encodedBodySize > 0, JSON.stringify(r.timing));
    const allowed = (m) => (m.url === r.problemUrl && /status of 400/.test(m.text)) || (m.url === r.notFoundUrl && /status of 404/.test(m.text));
    const others = consoleErrors.filter((m) => !allowed(m));
    check(`no console error but the 400's and the 404's (${consoleErrors.length - others.length} of those)`, others.length === 0, others.map((m) => `${m.text} (${m.url})`).join('; '));
  }
} catch (err) {
  check('the browser test ran', false, err instanceof Error ? err.message : String(err));
} finally {
  if (context) await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}

finish();
