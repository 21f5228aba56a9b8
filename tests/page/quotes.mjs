/*
 * Quotes that travel:
 *   - every quote's disclosure is a <button> with aria-expanded and
 *     aria-controls naming its panel; Space and Enter open and close it;
 *     its state is kept in the URL with no history entry per toggle;
 *   - beside every quote, a button copies the fact's permanent link (the
 *     full URL of the article with the quote highlighted: opened in a fresh
 *     page it highlights exactly that quote) and one copies a citation
 *     (the API's: judged in cite.mjs).
 */
import { norm } from './support.mjs';

export default async function quotes(t) {
  const { page, attempt, go, settled, data } = t;
  const origin = new URL(t.base).origin;
  await t.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });

  for (const [hash, kind, items] of [
    ['#/timeline', 'events', data.events],
    ['#/partnerships', 'partnerships', data.partnerships],
    ['#/money', 'funding', data.funding],
  ]) {
    await attempt(`${hash}: every quote (${items.length}) has a disclosure button naming its panel, a copy-link and a copy-citation button`, async () => {
      await go(hash);
      const r = await page.$$eval('.quote', (qs) =>
        qs.map((q) => {
          const b = q.querySelector('.quote-toggle');
          const panel = b && document.getElementById(b.getAttribute('aria-controls'));
          return {
            key: b && b.dataset.quoteToggle,
            button: !!b && b.tagName === 'BUTTON' && b.type === 'button',
            expanded: b && b.getAttribute('aria-expanded'),
            panel: !!panel && q.contains(panel) && panel.hidden,
            copies: panel ? [...panel.querySelectorAll('button[data-copy]')].map((x) => x.dataset.copy).join() : '',
          };
        }),
      );
      const bad = items.filter((x) => {
        const g = r.find((q) => q.key === `${kind}/${x.id}`);
        return !g || !g.button || g.expanded !== 'false' || !g.panel || g.copies !== 'link,citation';
      });
      return (bad.length === 0 && r.length === items.length) || `${r.length} quotes; wrong: ${bad.map((x) => x.id).join(', ')} ${JSON.stringify(r.slice(0, 2))}`;
    });
  }

  const ev = data.events.find((e) => e.id === '1997-07-first-batch-of-cadres') || data.events[0];
  const key = `events/${ev.id}`;
  const state = () =>
    page.evaluate(
      (k) => ({
        expanded: document.querySelector(`[data-quote-toggle="${k}"]`).getAttribute('aria-expanded'),
        visible: !document.querySelector(`[data-quote="${k}"]`).hidden,
        hash: location.hash,
        length: history.length,
      }),
      key,
    );
  await attempt('Space opens a quote and Enter closes it; the URL says which is open; no history entry per toggle', async () => {
    await go('#/timeline');
    const before = await state();
    await page.locator(`[data-quote-toggle="${key}"]`).focus();
    await page.keyboard.press('Space');
    await settled();
    const opened = await state();
    await page.keyboard.press('Enter');
    await settled();
    const closed = await state();
    const ok =
      opened.expanded === 'true' && opened.visible && opened.hash === `#/timeline?quote=${key}` && opened.length === before.length &&
      closed.expanded === 'false' && !closed.visible && closed.hash === '#/timeline' && closed.length === before.length;
    return ok || JSON.stringify({ before, opened, closed });
  });

  const link = `${t.base}#/article?quote=${key}`;
  const clip = () => page.evaluate(() => navigator.clipboard.readText());
  await attempt('"Copy link" copies the permanent link of the quote, which highlights it in the article in a fresh page', async () => {
    await go(`#/timeline?quote=${key}`);
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await page.locator(`[data-quote="${key}"] button[data-copy="link"]`).click();
    await page.waitForFunction(() => navigator.clipboard.readText().then((x) => x !== ''), null, { timeout: 5000 });
    const copied = await clip();
    const said = await page.locator(`[data-quote="${key}"] [role="status"]`).innerText();
    if (copied !== link) return JSON.stringify({ copied, want: link, said });
    const fresh = await t.context.newPage();
    try {
      await fresh.goto(copied);
      await settled(fresh);
      const marked = await fresh.evaluate(() => [...document.querySelectorAll('mark.quote-mark')].map((x) => x.textContent).join(''));
      return (marked === ev.source.quote && /copied/i.test(said)) || JSON.stringify({ marked, said });
    } finally {
      await fresh.close();
    }
  });
  await attempt('the article\'s highlighted quote and an entity\'s first mention can be copied as a link and a citation too', async () => {
    await go(`#/article?quote=${key}`);
    const inArticle = await page.locator('.notice button[data-copy]').evaluateAll((bs) => bs.map((b) => b.dataset.copy).join());
    await go('#/places/diqing');
    const inEntity = await page.locator('section.entity button[data-copy]').evaluateAll((bs) => bs.map((b) => b.dataset.copy).join());
    return (inArticle === 'link,citation' && inEntity === 'link,citation') || JSON.stringify({ inArticle, inEntity });
  });
}
