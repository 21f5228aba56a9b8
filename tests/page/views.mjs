/*
 * What each view shows, judged against what the API itself answers:
 *   - every event of /api/v1/events on the timeline, in order, with its
 *     date label, the inferred ones marked, its entities, money and
 *     partnerships linked;
 *   - a click on a fact shows its verbatim quote, "See it in the article"
 *     the article with that quote highlighted in view; the back button
 *     returns; every fact's quote is found verbatim in the article;
 *   - every total of /funding/totals (by kind, donor, recipient, and for
 *     money reaching Wenshan), reached by clicking, with the page's own
 *     rule and each listed record in words; every funding record;
 *   - every partnership with its sides, dates and counts;
 *   - places: the alias search (asking the API whether the text is a key),
 *     homonyms from the API's 300, an entity's view, the hierarchy;
 *   - the search of everything finds what each collection's q finds;
 *   - shared URLs restore their state in a fresh page.
 */
import { norm, num } from './support.mjs';

const totalText = (r) => (r.counted.length ? `${r.at_least ? 'at least ' : ''}${num(r.amount_yuan)} yuan` : 'no amount of its own');

export default async function views(t) {
  const { page, check, attempt, go, settled, data } = t;
  const { events, partnerships, funding, entities } = data;

  // --- the timeline ----------------------------------------------------------
  await go('#/timeline');
  const shown = await page.$$eval('ol.timeline > li', (lis) =>
    lis.map((li) => ({
      id: li.id.replace(/^item-/, ''),
      title: li.querySelector('h3').textContent,
      date: li.querySelector('.date').textContent,
      inferred: !!li.querySelector('.tag-inferred'),
      entities: [...li.querySelectorAll('.entities a')].map((a) => a.getAttribute('href')),
      money: li.querySelectorAll('dl a[href^="#/money"]').length,
      partnerships: li.querySelectorAll('dl a[href^="#/partnerships"]').length,
    })),
  );
  const missingTitles = events.filter((e) => !shown.some((s) => s.title === e.title)).map((e) => e.title);
  check(`every event title of /api/v1/events is on the timeline (${events.length})`, missingTitles.length === 0 && shown.length === events.length, `missing: ${missingTitles.join(' | ')}`);
  check("the timeline keeps the API's order (by date; ties in the article's order)", shown.map((s) => s.id).join() === events.map((e) => e.id).join(), shown.map((s) => s.id).join());
  const badDates = events
    .filter((e, i) => !shown[i] || shown[i].date !== e.period_label || shown[i].inferred !== Boolean((e.start && e.start.inferred) || (e.end && e.end.inferred)))
    .map((e) => e.id);
  check('each event shows its date label at its precision ("1960s") and inferred dates are marked', badDates.length === 0, badDates.join(', '));
  const badRefs = events
    .filter(
      (e, i) =>
        !shown[i] ||
        shown[i].entities.length !== e.entities.length ||
        shown[i].entities.some((href, j) => href !== `#/places/${e.entities[j].id}`) ||
        shown[i].money !== e.funding.length ||
        shown[i].partnerships !== e.partnerships.length,
    )
    .map((e) => e.id);
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
    return (visible && norm(text) === norm(ev.source.quote) && hash.includes(`quote=events/${ev.id}`)) || JSON.stringify({ visible, text, hash });
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
    const facts = [...events.map((x) => ['events', x]), ...partnerships.map((x) => ['partnerships', x]), ...funding.map((x) => ['funding', x]), ...entities.map((x) => ['entities', x])];
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
  const rowsShown = () =>
    page.evaluate(() => ({
      chart: [...document.querySelectorAll('.chart-row')].map((li) => ({
        key: li.dataset.key,
        name: li.querySelector('.row-name').textContent,
        total: li.querySelector('.row-total').textContent,
        contained: li.querySelectorAll('.listed-contained').length,
        uncertain: li.querySelectorAll('.listed-uncertain').length,
        shared: li.querySelectorAll('.listed-shared').length,
        inferred: li.querySelectorAll('.listed-inferred').length,
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
      const tr = got.table[i];
      if (!c || c.key !== r.key || c.name !== r.name || c.total !== totalText(r)) bad.push(`chart ${r.key}: ${JSON.stringify(c)}`);
      if (!tr || tr.key !== r.key || tr.total !== totalText(r)) bad.push(`table ${r.key}: ${JSON.stringify(tr)}`);
      if (c && ['contained', 'uncertain', 'shared', 'inferred'].some((k) => c[k] !== r[k].length)) bad.push(`listed ${r.key}: ${JSON.stringify(c)}`);
      if (c && !c.words.every((w) => /^(Contained|Uncertain|Shared|Inferred), not added: $/.test(w))) bad.push(`words ${r.key}: ${c.words}`);
    });
    // The page's own sentence for the rule, saying whether rows add up as
    // the API's rule does.
    const mayAdd = /may be added together/.test(doc.meta.rule);
    if (!/lower bound/.test(got.rule) || !(mayAdd ? /may be added together/ : /must not be added together/).test(got.rule)) bad.push(`rule: ${got.rule}`);
    if (norm(got.rule) === norm(doc.meta.rule)) bad.push('the rule is the API\'s technical one');
    if (got.legend.join() !== 'Counted,Contained,Uncertain,Shared,Inferred') bad.push(`legend: ${got.legend}`);
    return bad;
  };
  for (const [g, text] of [
    ['donor', 'Donor'],
    ['recipient', 'Recipient'],
    ['kind', 'Kind of money'],
  ]) {
    await attempt(`every total of /funding/totals?group_by=${g} is shown, with the page's rule and each listed record in words (a click on "${text}")`, async () => {
      const link = page.locator('nav.picker').first().getByRole('link', { name: text, exact: true });
      const href = await link.getAttribute('href');
      await link.click();
      await settled();
      const bad = judgeTotals(t.totals[g], await rowsShown());
      const current = await page.locator('nav.picker a[aria-current="true"]').first().innerText();
      if (!href.startsWith('#/money')) bad.push(`the grouping is not a link of the page: ${href}`);
      if (!current.includes(text)) bad.push(`current grouping shown as ${current}`);
      return bad.length === 0 || bad.join('; ');
    });
  }
  await attempt("the totals for money reaching Wenshan (a click on it) are the API's, shared records listed", async () => {
    const link = page.locator('nav.picker').nth(1).getByRole('link', { name: 'Wenshan Zhuang and Miao Autonomous Prefecture', exact: true });
    await link.click();
    await settled();
    const got = await rowsShown();
    const bad = judgeTotals(await t.api('funding/totals?group_by=kind&recipient=wenshan'), got);
    const hash = await page.evaluate(() => location.hash);
    if (hash !== '#/money?recipient=wenshan') bad.push(`hash ${hash}`);
    if (!/for money reaching Wenshan/.test(got.caption)) bad.push(`caption ${got.caption}`);
    return bad.length === 0 || bad.join('; ');
  });
  await attempt(`every funding record is listed with its amount, bound, period and recipients (${funding.length})`, async () => {
    await go('#/money');
    const got = await page.$$eval('ol.funding-records > li', (lis) =>
      lis.map((li) => ({
        id: li.id.replace(/^item-/, ''),
        amount: li.querySelector('.amount').textContent,
        text: li.textContent,
        recipients: [...li.querySelectorAll('dd a[href^="#/places/"]')].map((a) => a.getAttribute('href')),
      })),
    );
    const bad = funding
      .filter((f) => {
        const g = got.find((x) => x.id === f.id);
        return (
          !g ||
          g.amount !== `${f.bound === 'at_least' ? 'at least ' : ''}${num(f.amount_yuan)} yuan` ||
          !g.text.includes(f.period_label) ||
          !f.recipients.every((r) => g.recipients.includes(`#/places/${r.id}`))
        );
      })
      .map((f) => f.id);
    return (bad.length === 0 && got.length === funding.length) || `wrong: ${bad.join(', ')}`;
  });

  // --- the partnerships ----------------------------------------------------------
  await attempt(`every partnership shows donors → recipients, since when, its sector and the article's counts (${partnerships.length})`, async () => {
    await page.locator('nav.views a[data-view="partnerships"]').click();
    await settled();
    const got = await page.$$eval('ol.partnerships > li', (lis) =>
      lis.map((li) => ({
        id: li.id.replace(/^item-/, ''),
        date: li.querySelector('.date').textContent,
        text: li.textContent,
        sides: [...li.querySelectorAll('.side')].map((s) => [...s.querySelectorAll('a')].map((a) => a.textContent)),
      })),
    );
    const bad = partnerships
      .filter((p, i) => {
        const g = got[i];
        return (
          !g ||
          g.id !== p.id ||
          g.date !== p.period_label ||
          g.sides[0].join('|') !== p.donors.map((d) => d.name).join('|') ||
          g.sides[1].join('|') !== p.recipients.map((d) => d.name).join('|') ||
          (p.donor_count !== null && !g.text.includes(`the article counts ${num(p.donor_count)}`)) ||
          (p.recipient_count !== null && !g.text.includes(`the article counts ${num(p.recipient_count)}`))
        );
      })
      .map((p) => p.id);
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
  await attempt('the alias search finds Minhang District from "Minghang", asking the API whether the text is a key', async () => {
    await find('Minghang');
    const names = await page.locator('ul.entity-results > li > a').allInnerTexts();
    const exact = await page.locator('.found .exact').innerText();
    const hash = await page.evaluate(() => location.hash);
    const asked = t.watch.requests().some((u) => /\/api\/v1\/entities\/Minghang$/.test(u));
    return (names.includes('Minhang District') && /Minhang District/.test(exact) && hash === '#/places?q=Minghang' && asked) || JSON.stringify({ names, exact, hash, asked });
  });
  await attempt('and Pu\'er City from "Simiao"', async () => {
    await find('Simiao');
    const names = await page.locator('ul.entity-results > li > a').allInnerTexts();
    return names.includes("Pu'er City") || JSON.stringify(names);
  });
  await attempt('"Baoshan" lists both homonyms (the API\'s 300 candidates), each on its side', async () => {
    await find('Baoshan');
    const got = await page.locator('.candidates li').allInnerTexts();
    // each with its name in Chinese beside it, where the API gives one
    const zh = (id) => ((entities.find((e) => e.id === id) || {}).chinese_name || {}).zh;
    const named = (id, name) => (zh(id) ? `${name} ${zh(id)}` : name);
    return (
      (got.length === 2 &&
        got.some((x) => x.startsWith(`${named('baoshan-city', 'Baoshan City')} — City, on Yunnan's side`)) &&
        got.some((x) => x.startsWith(`${named('baoshan-district', 'Baoshan District')} — District, on Shanghai's side`))) ||
      JSON.stringify(got)
    );
  });
  await attempt("an entity's view: its parent, its other spellings, its note", async () => {
    await page.locator('.candidates a', { hasText: 'Baoshan District' }).click();
    await settled();
    const text = await page.locator('section.entity').innerText();
    const hash = await page.evaluate(() => location.hash);
    const e = entities.find((x) => x.id === 'baoshan-district');
    return (hash === '#/places/baoshan-district' && /Part of\s+Shanghai/.test(text) && (!e.note || norm(text).includes(norm(e.note)))) || JSON.stringify({ hash, text: text.slice(0, 400) });
  });
  await attempt(`the hierarchy lists all ${entities.length} entities under their parents`, async () => {
    const got = await page.$$eval('.hierarchy li', (lis) =>
      lis.map((li) => ({
        id: li.querySelector(':scope > a').getAttribute('href').replace('#/places/', ''),
        parent: li.parentElement.closest('li') ? li.parentElement.closest('li').querySelector(':scope > a').getAttribute('href').replace('#/places/', '') : null,
      })),
    );
    const bad = entities.filter((e) => !got.some((g) => g.id === e.id && g.parent === (e.parent ? e.parent.id : null))).map((e) => e.id);
    return (bad.length === 0 && got.length === entities.length) || `${got.length} shown; misplaced: ${bad.join(', ')}`;
  });

  // --- full-text search over everything --------------------------------------
  await attempt('the search box finds what q finds in each collection, grouped by kind', async () => {
    await page.locator('#search-all-q').fill('cadre');
    await page.locator('#search-all-q').press('Enter');
    await settled();
    const want = {};
    for (const c of ['events', 'partnerships', 'funding', 'entities', 'sources']) want[c] = (await t.api(`${c}?q=cadre`)).meta.total;
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
  await attempt('a shared URL restores its state in a fresh page (grouping, recipient, opened quote)', async () => {
    await t.fresh.goto(`${t.base}#/money?group_by=recipient&recipient=wenshan&quote=funding/wenshan-aid-15-years`);
    await settled(t.fresh);
    const r = await t.fresh.evaluate(() => ({
      current: [...document.querySelectorAll('nav.picker a[aria-current="true"]')].map((a) => a.textContent),
      rows: [...document.querySelectorAll('.chart-row')].map((li) => li.dataset.key),
      quote: !document.querySelector('[data-quote="funding/wenshan-aid-15-years"]').hidden,
      view: document.querySelector('nav.views a[aria-current="page"]').textContent,
    }));
    return (r.view === 'Money' && r.current.join('|') === 'Recipient|Wenshan Zhuang and Miao Autonomous Prefecture' && r.rows.join() === 'wenshan' && r.quote) || JSON.stringify(r);
  });
  await attempt('a shared URL of an entity (by an alias) and of a search restores them', async () => {
    await t.fresh.goto(`${t.base}#/places/minghang-district`);
    await settled(t.fresh);
    const heading = await t.fresh.locator('section.entity h3').innerText();
    await t.fresh.goto(`${t.base}#/search?q=hospital`);
    await settled(t.fresh);
    const value = await t.fresh.locator('#search-all-q').inputValue();
    const groups = await t.fresh.locator('section.search-group').count();
    return (heading === 'Minhang District' && value === 'hospital' && groups === 5) || JSON.stringify({ heading, value, groups });
  });
}
