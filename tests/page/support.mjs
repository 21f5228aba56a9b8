/*
 * What the page test's groups of checks share (tests/page/page-test.mjs
 * builds one `t` and hands it to each group):
 *   t.page, t.context, t.base        the browser page, its context, --base
 *   t.check(what, ok, detail)        one check (tests/lib/checks.mjs)
 *   t.attempt(what, fn)              a check whose judging may throw; fn
 *                                    returns true (or nothing) when it
 *                                    holds, else what it saw
 *   t.go(hash, page?)                sets the fragment, waits for the view
 *   t.settled(page?)                 waits until the page shows its fragment
 *   t.api(path)                      the API's answer, asked directly
 *   t.all(path)                      every item of a collection
 *   t.data                           {events, partnerships, funding,
 *                                    entities, sources}: the API's items
 * and helpers that judge what is drawn: ink(), pixels of an element.
 */

// Waits until the page shows the state of its current fragment (the router
// sets main's data-shown to the fragment it has drawn).
export function settledOn(p) {
  return p.waitForFunction(
    () => {
      const m = document.getElementById('main');
      return m && m.dataset.shown === location.hash && !m.hasAttribute('aria-busy');
    },
    null,
    { timeout: 15000 },
  );
}

export const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
export const num = (n) => new Intl.NumberFormat('en-US').format(n);

// 1981000000 -> "1.981 billion": what the page writes for a short amount.
export function short(n) {
  const fmt = (x) => String(Number(x.toFixed(3)));
  if (n >= 1e9) return `${fmt(n / 1e9)} billion`;
  if (n >= 1e6) return `${fmt(n / 1e6)} million`;
  return num(n);
}

// A date object of the API as a number of years: June 2011 is 2011.46.
export const when = (d) => d.year + (d.month ? (d.month - 0.5) / 12 : 0);

/*
 * The pixels of what an element draws, read from a screenshot of it in a
 * blank page of the same browser (a canvas decodes the PNG): {width,
 * height, ink(x, y)}, ink being true where the pixel is not the paper (a
 * pixel far from the colour of the element's own top-left surroundings).
 * An SVG element is judged by its first shape (a bar drawn as a rect).
 */
export async function pixels(t, locator) {
  let target = locator;
  if (await locator.evaluate((el) => el instanceof SVGSVGElement)) target = locator.locator('rect').first();
  const png = await target.screenshot({ animations: 'disabled' });
  const blank = await t.context.newPage();
  try {
    const img = await blank.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = document.createElement('canvas');
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      const g = canvas.getContext('2d');
      g.drawImage(bitmap, 0, 0);
      return { width: bitmap.width, height: bitmap.height, data: Array.from(g.getImageData(0, 0, bitmap.width, bitmap.height).data) };
    }, png.toString('base64'));
    const at = (x, y) => img.data.slice((y * img.width + x) * 4, (y * img.width + x) * 4 + 3);
    // The paper: white or the page's near-white.
    const paper = (p) => p[0] > 235 && p[1] > 235 && p[2] > 225;
    return { width: img.width, height: img.height, ink: (x, y) => !paper(at(x, y)) };
  } finally {
    await blank.close();
  }
}

/*
 * Whether a drawn amount reads as a bar, not as a row of marks: at least
 * 12 px tall; a continuous outline (each of its four edges inked on 90%
 * of its length, allowing for anti-aliasing at the corners); inside it a
 * regular pattern (between 15% and 85% ink overall, and in each quarter of
 * its length), so that it is neither an empty box nor a row of separate
 * glyphs. Returns null when it holds, else what is wrong.
 */
export function judgeBar(px) {
  // The bar itself: the box its ink fills (a screenshot's clip is rounded
  // out to whole pixels, so a row or column of paper may frame it).
  const shot = px;
  const rows = [...Array(shot.height).keys()].filter((y) => [...Array(shot.width).keys()].some((x) => shot.ink(x, y)));
  const cols = [...Array(shot.width).keys()].filter((x) => [...Array(shot.height).keys()].some((y) => shot.ink(x, y)));
  if (!rows.length) return 'nothing drawn';
  const [x0, y0] = [cols[0], rows[0]];
  const w = cols[cols.length - 1] - x0 + 1;
  const hgt = rows[rows.length - 1] - y0 + 1;
  const ink = (x, y) => shot.ink(x0 + x, y0 + y);
  if (hgt < 12) return `${hgt} px tall`;
  if (w < 6) return `${w} px wide`;
  const share = (cells) => cells.filter(Boolean).length / cells.length;
  const range = (n) => [...Array(n).keys()];
  const edges = {
    top: share(range(w).map((x) => ink(x, 0))),
    bottom: share(range(w).map((x) => ink(x, hgt - 1))),
    left: share(range(hgt).map((y) => ink(0, y))),
    right: share(range(hgt).map((y) => ink(w - 1, y))),
  };
  const broken = Object.entries(edges).filter(([, v]) => v < 0.9);
  if (broken.length) return `its outline is broken: ${broken.map(([k, v]) => `${k} ${Math.round(v * 100)}%`).join(', ')}`;
  if (w < 12) return null; // too narrow to hold a pattern: a solid sliver
  const inside = (x0, x1) => {
    const cells = [];
    for (let y = 2; y < hgt - 2; y++) for (let x = x0; x < x1; x++) cells.push(ink(x, y));
    return share(cells);
  };
  const all = inside(2, w - 2);
  if (all < 0.15 || all > 0.85) return `its inside is ${Math.round(all * 100)}% ink, not a pattern`;
  if (w >= 40) {
    const q = Math.floor((w - 4) / 4);
    const parts = range(4).map((i) => inside(2 + i * q, 2 + (i + 1) * q));
    if (parts.some((v) => v < 0.15 || v > 0.85)) return `its pattern is uneven: ${parts.map((v) => `${Math.round(v * 100)}%`).join(' ')}`;
  }
  return null;
}

/*
 * Console errors, failed requests, error statuses, and requests that
 * leave the page's address, as they happen. expected(url, status) may
 * excuse an answer the page asked for knowing it may be a 404 (a search
 * asking the API whether a text is an entity's key).
 */
export function watcher(page, base, expected = () => false) {
  const problems = [];
  const outside = [];
  const requests = [];
  const responses = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const url = m.location().url || '';
    const status = /Failed to load resource: the server responded with a status of (\d+)/.exec(m.text());
    if (status && expected(url, Number(status[1]))) return;
    problems.push(`console: ${m.text()} (${url})`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} (${r.failure() && r.failure().errorText})`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !expected(r.url(), r.status())) problems.push(`${r.status()}: ${r.url()}`);
    responses.push({ url: r.url(), status: r.status(), cache: r.headers()['cache-control'] });
  });
  page.on('request', (r) => {
    requests.push(r.url());
    if (!r.url().startsWith(base) && !r.url().startsWith('data:')) outside.push(r.url());
  });
  return { problems: () => problems, outside: () => outside, requests: () => requests, responses: () => responses };
}
