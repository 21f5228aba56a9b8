/*
 * Citing and taking the data away (issue 18's citations, licences and
 * downloads), judged against what the API answers at the same address:
 *   - the views' menu and the footer lead to "Cite and download";
 *   - it shows the dataset's citation as the API words it (GET
 *     /citation, its address in full), copies it as text and as BibTeX,
 *     and links the API's other forms of it;
 *   - it shows the three licences of the index apart (the code, the data,
 *     the article's text), each with its name, holder and note, linked
 *     where the index gives an address and not where it gives none;
 *   - it links the downloads of the index (the SQLite database, the data
 *     package and its descriptor), each with what it is (the package's
 *     tables by their titles), and each link answers what it says;
 *   - every fact's "Copy citation" copies the API's citation of that fact
 *     (its source.citation, as text), and when the API does not give it,
 *     says so and copies nothing (no citation made up by the page).
 */
import { norm } from './support.mjs';

// A citation's text with its address in full: the API gives a path where
// no trusted proxy tells it the host, and the page writes it as the
// address it stands for, resolved against the page's own.
const full = (base, c) => (c.address && c.address.startsWith('/') ? c.text.split(c.address).join(new URL(c.address, base).href) : c.text);

export default async function cite(t) {
  const { page, attempt, go, settled, data } = t;
  const index = await (await fetch(new URL('api/v1', t.base))).json();
  const links = index.data.links;
  const abs = (href) => new URL(href, t.base).href;
  const origin = new URL(t.base).origin;
  await t.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const clip = (p = page) => p.evaluate(() => navigator.clipboard.readText());
  const copied = async (p, button) => {
    await p.evaluate(() => navigator.clipboard.writeText('(nothing copied)'));
    await button.click();
    await p.waitForFunction(() => navigator.clipboard.readText().then((x) => x !== '(nothing copied)'), null, { timeout: 5000 });
    return clip(p);
  };

  await attempt('the views\' menu and the footer lead to "Cite and download"', async () => {
    await go('#/timeline');
    const r = await page.evaluate(() => ({
      nav: (document.querySelector('nav.views a[data-view="cite"]') || {}).textContent || '',
      footer: [...document.querySelectorAll('footer a')].map((a) => a.getAttribute('href')),
    }));
    if (r.nav !== 'Cite and download' || !r.footer.includes('#/cite')) return JSON.stringify(r);
    await page.locator('nav.views a[data-view="cite"]').click();
    await settled();
    const h2 = await page.locator('main h2').first().innerText();
    return h2 === 'Cite and download' || h2;
  });

  const dataset = (await t.api('citation')).data;
  await attempt("it shows the dataset's citation as the API words it, its address in full, and copies it as text and as BibTeX", async () => {
    await go('#/cite');
    const shown = norm(await page.locator('[data-citation="dataset"] .citation-text').innerText());
    if (shown !== norm(full(t.base, dataset))) return `shown: ${shown}; the API: ${full(t.base, dataset)}`;
    const text = await copied(page, page.locator('[data-citation="dataset"] button[data-copy="citation"]'));
    if (text !== full(t.base, dataset)) return `copied: ${text}`;
    const bib = await copied(page, page.locator('[data-citation="dataset"] button[data-copy="bibtex"]'));
    const wantBib = dataset.address.startsWith('/') ? dataset.bibtex.split(dataset.address).join(abs(dataset.address)) : dataset.bibtex;
    return bib === wantBib || `copied BibTeX: ${bib}`;
  });
  await attempt("it links the API's other forms of the dataset's citation (BibTeX, CSL-JSON), and they answer", async () => {
    const hrefs = await page.$$eval('[data-citation="dataset"] a[data-format]', (as) => as.map((a) => [a.dataset.format, a.href]));
    const bad = [];
    for (const f of ['bibtex', 'csl']) {
      const h = hrefs.find(([x]) => x === f);
      const want = `${abs(links.citation)}?format=${f}`;
      if (!h || h[1] !== want) bad.push(`${f}: ${h && h[1]}, want ${want}`);
      else {
        const r = await fetch(h[1]);
        if (r.status !== 200) bad.push(`${f}: ${r.status}`);
      }
    }
    return bad.length === 0 || bad.join('; ');
  });

  await attempt(`it shows the licences of the index apart (${Object.keys(index.data.licenses).join(', ')}), each with its name, holder and note, linked only where the index gives an address`, async () => {
    const got = await page.$$eval('[data-licence]', (els) =>
      els.map((el) => ({ key: el.dataset.licence, text: el.innerText, links: [...el.querySelectorAll('a')].map((a) => a.href) })),
    );
    const bad = [];
    for (const [key, l] of Object.entries(index.data.licenses)) {
      const g = got.find((x) => x.key === key);
      if (!g) {
        bad.push(`${key}: not shown`);
        continue;
      }
      const text = norm(g.text);
      for (const w of [l.name, l.holder, l.note]) if (w && !text.includes(norm(w))) bad.push(`${key}: no "${w.slice(0, 40)}"`);
      if (l.url ? !g.links.includes(l.url) : g.links.length) bad.push(`${key}: links ${JSON.stringify(g.links)}, the index ${l.url}`);
    }
    if (got.length !== Object.keys(index.data.licenses).length) bad.push(`${got.length} parts shown`);
    const rights = index.data.source.rights;
    if (rights && !got.some((g) => g.key === 'article_text' && norm(g.text).includes(norm(rights)))) bad.push("the article's rights not said with its text");
    return bad.length === 0 || bad.join('; ');
  });

  const descriptor = await (await fetch(abs(links.datapackage_descriptor))).json();
  await attempt('it links the downloads of the index (the database, the data package, its descriptor), each said, and each link answers what it says', async () => {
    const got = await page.$$eval('[data-download]', (els) =>
      els.map((el) => ({ key: el.dataset.download, href: (el.querySelector('a[data-href]') || {}).href, text: el.innerText })),
    );
    const bad = [];
    const want = { database: 'application/vnd.sqlite3', datapackage: 'application/zip', datapackage_descriptor: 'application/json' };
    for (const [key, type] of Object.entries(want)) {
      const g = got.find((x) => x.key === key);
      if (!g || g.href !== abs(links[key])) {
        bad.push(`${key}: ${JSON.stringify(g)}, the index ${links[key]}`);
        continue;
      }
      const r = await fetch(g.href, { method: 'HEAD' });
      if (r.status !== 200 || !(r.headers.get('content-type') || '').startsWith(type)) bad.push(`${key}: ${r.status} ${r.headers.get('content-type')}`);
    }
    const pkg = got.find((x) => x.key === 'datapackage');
    for (const res of descriptor.resources) if (pkg && !norm(pkg.text).includes(res.title)) bad.push(`the package's table "${res.title}" not said`);
    return bad.length === 0 || bad.join('; ');
  });

  // Every fact's citation is the API's, and nothing when the API gives none.
  const ev = data.events.find((e) => e.id === '1997-07-first-batch-of-cadres') || data.events[0];
  const key = `events/${ev.id}`;
  await attempt("a fact's \"Copy citation\" copies the API's citation of it (its source.citation, as text, its address in full), asked of the API", async () => {
    const c = (await (await fetch(abs(ev.source.citation))).json()).data;
    await go(`#/timeline?quote=${key}`);
    const text = await copied(page, page.locator(`[data-quote="${key}"] button[data-copy="citation"]`));
    const asked = t.watch.requests().some((u) => u.startsWith(abs(ev.source.citation)));
    return (text === full(t.base, c) && asked) || JSON.stringify({ text, want: full(t.base, c), asked });
  });
  await attempt('and the same for an entity, a partnership and an amount (each from its own source.citation)', async () => {
    const bad = [];
    for (const [kind, x, hash, where] of [
      ['entities', data.entities.find((e) => e.id === 'diqing'), '#/places/diqing', 'section.entity'],
      ['partnerships', data.partnerships[0], `#/partnerships?quote=partnerships/${data.partnerships[0].id}`, `[data-quote="partnerships/${data.partnerships[0].id}"]`],
      ['funding', data.funding[0], `#/money?quote=funding/${data.funding[0].id}`, `[data-quote="funding/${data.funding[0].id}"]`],
    ]) {
      const c = (await (await fetch(abs(x.source.citation))).json()).data;
      await go(hash);
      const text = await copied(page, page.locator(`${where} button[data-copy="citation"]`).first());
      if (text !== full(t.base, c)) bad.push(`${kind}/${x.id}: ${text}`);
    }
    return bad.length === 0 || bad.join('; ');
  });
  await attempt('when the API does not give the citation, the page says so and copies nothing: no citation of its own making', async () => {
    const p = await t.context.newPage();
    try {
      await p.route(/\/api\/v1\/citations\//, (route) =>
        route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'try later' }) }),
      );
      await p.goto(`${t.base}#/timeline?quote=${key}`);
      await settled(p);
      await p.evaluate(() => navigator.clipboard.writeText('(nothing copied)'));
      await p.locator(`[data-quote="${key}"] button[data-copy="citation"]`).click();
      const status = p.locator(`[data-quote="${key}"] [role="status"]`);
      await status.filter({ hasText: /./ }).waitFor({ timeout: 5000 });
      const said = await status.innerText();
      const clipboard = await clip(p);
      return (clipboard === '(nothing copied)' && /could not/i.test(said) && /503/.test(said)) || JSON.stringify({ said, clipboard });
    } finally {
      await p.close();
    }
  });
}
