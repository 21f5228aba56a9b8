/*
 * The three defects of issue 19, each a check that failed on the page
 * before they were fixed:
 *   - the article view printed a literal "null" where its notice would be
 *     when no quote was asked for;
 *   - choosing Diqing among search results (the finder of places, and the
 *     search of everything) put the focus and the scroll on the alphabetical
 *     list far below, the entity's card off screen;
 *   - the amounts listed and not added (shared, contained, uncertain, and
 *     since issue 22 inferred) were drawn as rows of small marks, not as
 *     bars: each must now read as a bar (tests/page/support.mjs judgeBar),
 *     on screen and in print, one for each amount the API lists.
 */
import { judgeBar, pixels } from './support.mjs';

export default async function defects(t) {
  const { page, attempt, go, settled } = t;

  await attempt('the article with no quote asked for says no "null" (nor "undefined") anywhere', async () => {
    await go('#/article');
    const r = await page.evaluate(() => {
      const main = document.getElementById('main');
      const loose = [...main.querySelectorAll('section, section > *')]
        .flatMap((el) => [...el.childNodes])
        .filter((n) => n.nodeType === Node.TEXT_NODE && /\b(null|undefined)\b/.test(n.textContent))
        .map((n) => n.textContent);
      return { words: (main.innerText.match(/\b(null|undefined)\b/g) || []), loose };
    });
    return (r.words.length === 0 && r.loose.length === 0) || JSON.stringify(r);
  });

  // The card of the entity chosen: in view, and the focus in it.
  const cardInView = () =>
    page.evaluate(() => {
      const card = document.querySelector('section.entity');
      if (!card) return { card: false };
      const box = card.getBoundingClientRect();
      const heading = card.querySelector('h3').getBoundingClientRect();
      return {
        card: true,
        top: Math.round(box.top),
        headingBottom: Math.round(heading.bottom),
        height: window.innerHeight,
        focusInCard: card.contains(document.activeElement),
        focused: `${document.activeElement.tagName} ${document.activeElement.textContent.slice(0, 60)}`,
      };
    });
  const judgeCard = (r) => r.card && r.top >= 0 && r.headingBottom <= r.height && r.focusInCard;
  for (const [w, h] of [
    [1280, 900],
    [390, 844],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await attempt(`at ${w} px, choosing Diqing among the places found for "Diqing" shows its card, in view, with the focus in it`, async () => {
      await go('#/places?q=Diqing');
      await page.locator('ul.entity-results a', { hasText: 'Diqing Tibetan Autonomous Prefecture' }).first().click();
      await settled();
      const r = await cardInView();
      return judgeCard(r) || JSON.stringify(r);
    });
    await attempt(`at ${w} px, choosing Diqing among the results of the search of everything shows its card, in view, with the focus in it`, async () => {
      await go('#/search?q=Diqing');
      await page.locator('section.search-group a[href="#/places/diqing"]').first().click();
      await settled();
      const r = await cardInView();
      return judgeCard(r) || JSON.stringify(r);
    });
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // Every amount listed and not added, drawn beside its words.
  const bars = async (media) => {
    await page.emulateMedia({ media });
    await go('#/money?group_by=recipient');
    const items = page.locator('.chart-row ul.listed > li');
    const n = await items.count();
    const bad = [];
    const lists = ['contained', 'uncertain', 'shared', 'inferred'];
    const want = t.totals.recipient.data.reduce((sum, r) => sum + lists.reduce((k, l) => k + r[l].length, 0), 0);
    if (n !== want) bad.push(`${n} amounts listed and not added, the API lists ${want}`);
    let judged = 0;
    for (let i = 0; i < n; i++) {
      const li = items.nth(i);
      const bar = li.locator('.mini').first();
      const words = await li.innerText();
      if (!(await bar.count())) {
        bad.push(`no bar beside "${words.slice(0, 50)}"`);
        continue;
      }
      await bar.scrollIntoViewIfNeeded();
      const wrong = judgeBar(await pixels(t, bar));
      judged++;
      if (wrong) bad.push(`"${words.slice(0, 60)}": ${wrong}`);
    }
    await page.emulateMedia({ media: 'screen' });
    if (judged === 0) bad.push('no listed amount found');
    return bad.length === 0 || `${bad.length} of ${n}: ${bad.slice(0, 6).join('; ')}`;
  };
  await attempt('every amount listed and not added (shared, contained, uncertain, inferred) reads as a bar: a whole outline and an even pattern', () => bars('screen'));
  await attempt('and in print too', () => bars('print'));
  await attempt('a patterned bar keeps its pattern when printed (print-color-adjust: exact, or drawn as SVG)', async () => {
    await page.emulateMedia({ media: 'print' });
    await go('#/money?group_by=recipient');
    const r = await page.$$eval('.chart-row ul.listed .mini', (els) =>
      els
        .filter((el) => !(el instanceof SVGElement))
        .map((el) => ({ adjust: getComputedStyle(el).printColorAdjust, image: getComputedStyle(el).backgroundImage }))
        .filter((x) => x.adjust !== 'exact' || !/gradient/.test(x.image)),
    );
    await page.emulateMedia({ media: 'screen' });
    return r.length === 0 || JSON.stringify(r.slice(0, 3));
  });
}
