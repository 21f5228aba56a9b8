/*
 * The money view's answers, judged against what the API says:
 *   - the headline: one sentence and one figure for what the article
 *     guarantees Shanghai gave Yunnan (funding/totals by kind, donor
 *     Shanghai, recipient Yunnan), each kind with its amount and bound, the
 *     period, linking to every record counted; on the first screen of a
 *     390 x 844 phone;
 *   - a row with nothing counted says what is true of each list, never "at
 *     least 0 yuan": the amounts it shares in (given to several recipients
 *     together, how they were split not said), the amounts tied to it only
 *     by a reading of the article (inferred), and those that lie or may lie
 *     inside others; no row says that "some unknown part reached it".
 */
import { norm, num, short, when } from './support.mjs';

export default async function money(t) {
  const { page, attempt, go, settled, data } = t;
  const byId = new Map(data.funding.map((f) => [f.id, f]));

  const q = await t.api('funding/totals?group_by=kind&donor=shanghai&recipient=yunnan');
  const rows = q.data.filter((r) => r.amount_yuan > 0);
  const sum = rows.reduce((s, r) => s + r.amount_yuan, 0);
  const atLeast = rows.some((r) => r.at_least);
  const counted = rows.flatMap((r) => r.counted.map((c) => byId.get(c.id)));
  const first = counted.reduce((a, b) => (when(b.period.start) < when(a.period.start) ? b : a));
  const last = counted.reduce((a, b) => (when(b.period.end) > when(a.period.end) ? b : a));
  const figure = `${atLeast ? 'at least ' : ''}${short(sum)} yuan`;

  await page.setViewportSize({ width: 390, height: 844 });
  await attempt(`the money view opens with the headline answer (${figure}), on the first screen of a 390 x 844 phone`, async () => {
    const fresh = await t.context.newPage();
    await fresh.setViewportSize({ width: 390, height: 844 });
    try {
      await fresh.goto(`${t.base}#/money`);
      await settled(fresh);
      const r = await fresh.evaluate(() => {
        const box = document.querySelector('.headline');
        if (!box) return { found: false };
        const b = box.getBoundingClientRect();
        return {
          found: true,
          figure: (box.querySelector('.headline-figure') || {}).textContent || '',
          bottom: Math.round(b.bottom),
          scrolled: window.scrollY,
          before: [...document.querySelectorAll('main section.view > *')].indexOf(box.closest('section.view > *')),
        };
      });
      return (r.found && r.scrolled === 0 && r.bottom <= 844 && norm(r.figure) === figure && r.before <= 1) || JSON.stringify(r);
    } finally {
      await fresh.close();
    }
  });
  await page.setViewportSize({ width: 1280, height: 900 });

  await attempt('the headline says each kind with its amount and bound, the period, Shanghai and Yunnan in one sentence, and links every record counted', async () => {
    await go('#/money');
    const r = await page.evaluate(() => {
      const box = document.querySelector('.headline');
      return box
        ? {
            sentence: box.querySelector('.headline-text').textContent,
            links: [...box.querySelectorAll('a')].map((a) => a.getAttribute('href')),
          }
        : null;
    });
    if (!r) return 'no headline';
    const s = norm(r.sentence);
    const bad = [];
    for (const row of rows) {
      const said = `${row.at_least ? 'at least ' : ''}${short(row.amount_yuan)} yuan of ${row.name.toLowerCase()}`;
      if (!s.includes(said)) bad.push(`no "${said}"`);
    }
    for (const w of ['Shanghai', 'Yunnan', first.period.start.label, last.period.end.label, `${atLeast ? 'at least ' : ''}${num(sum)} yuan`]) {
      if (!s.includes(w)) bad.push(`no "${w}"`);
    }
    if ((s.match(/[.!?](\s|$)/g) || []).length !== 1) bad.push('not one sentence');
    for (const c of counted) if (!r.links.includes(`#/money?item=${c.id}`)) bad.push(`no link to ${c.id}`);
    return bad.length === 0 || `${bad.join('; ')} in: ${s} (links ${r.links.join(' ')})`;
  });
  await attempt('a click on a record of the headline shows that record, in view', async () => {
    const id = counted[0].id;
    await page.locator(`.headline a[href="#/money?item=${id}"]`).first().click();
    await settled();
    const r = await page.evaluate((x) => {
      const el = document.getElementById(`item-${x}`);
      const b = el ? el.getBoundingClientRect() : null;
      return { hash: location.hash, top: b && Math.round(b.top), height: window.innerHeight };
    }, id);
    return (r.hash === `#/money?item=${id}` && r.top !== null && r.top >= 0 && r.top < r.height) || JSON.stringify(r);
  });

  // Rows with nothing counted, in every grouping and for money reaching
  // Wenshan or Dehong: never "0 yuan"; what is true of each list, said.
  const said = (rec) => `${rec.bound === 'at_least' ? 'at least ' : ''}${short(rec.amount_yuan)} yuan`;
  const groupings = [
    ['#/money', 'funding/totals?group_by=kind'],
    ['#/money?group_by=donor', 'funding/totals?group_by=donor'],
    ['#/money?group_by=recipient', 'funding/totals?group_by=recipient'],
    ['#/money?group_by=recipient&recipient=wenshan', 'funding/totals?group_by=recipient&recipient=wenshan'],
    ['#/money?recipient=wenshan', 'funding/totals?group_by=kind&recipient=wenshan'],
    ['#/money?recipient=dehong', 'funding/totals?group_by=kind&recipient=dehong'],
  ];
  for (const [hash, path] of groupings) {
    const doc = await t.api(path);
    const empty = doc.data.filter((r) => r.counted.length === 0);
    await attempt(`${hash}: no total reads "0 yuan"; each of the ${empty.length} rows with nothing counted says what it shares in and what is tied to it only by a reading`, async () => {
      await go(hash);
      const shown = await page.$$eval('.chart-row', (lis) =>
        lis.map((li) => ({ key: li.dataset.key, text: li.innerText, none: (li.querySelector('.row-none') || {}).innerText || '' })),
      );
      const bad = [];
      for (const s of shown) {
        if (/(^|[^\d,.])0 yuan/.test(s.text)) bad.push(`${s.key} says "0 yuan"`);
        if (/unknown part/.test(s.text)) bad.push(`${s.key} says "some unknown part reached it"`);
      }
      for (const r of empty) {
        const s = shown.find((x) => x.key === r.key);
        const text = norm(s && s.none);
        if (!text) {
          bad.push(`${r.key}: no sentence for a row with nothing counted`);
          continue;
        }
        if (r.shared.length && !/shares in/.test(text)) bad.push(`${r.key}: shares, but no "shares in" in: ${text}`);
        if (!r.shared.length && /shares in/.test(text)) bad.push(`${r.key}: shares nothing, but says "shares in": ${text}`);
        if (r.inferred.length && !/only by a reading/.test(text)) bad.push(`${r.key}: tied by a reading, but no "only by a reading" in: ${text}`);
        if (!r.inferred.length && /reading/.test(text)) bad.push(`${r.key}: nothing read, but says "reading": ${text}`);
        for (const ref of [...r.shared, ...r.inferred, ...r.contained, ...r.uncertain]) {
          if (!text.includes(said(byId.get(ref.id)))) bad.push(`${r.key}: no "${said(byId.get(ref.id))}" in: ${text}`);
        }
        for (const ref of r.shared) {
          const rec = byId.get(ref.id);
          const stated = rec.recipients.filter((x) => !x.inferred);
          const who = stated.length <= 2 ? stated.map((x) => x.name).join(' and ') : `${stated.length} recipients`;
          if (!text.includes(`given to ${who} together`)) bad.push(`${r.key}: no "given to ${who} together" in: ${text}`);
        }
      }
      return bad.length === 0 || bad.join('; ');
    });
  }
}
