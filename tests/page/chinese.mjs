/*
 * Names in Chinese (the API's chinese_name, issue 18), judged against the
 * API over every entity:
 *   - an entity's card shows every name the API gives: the official name in
 *     characters and in pinyin, the short name, each former name with the
 *     year it ended, each in its language (lang zh-Hans for characters,
 *     zh-Latn-pinyin for pinyin), marked as not from the article with the
 *     API's rule; where the API gives no official name, its reason; where
 *     the API gives no Chinese name at all (an organisation), nothing;
 *   - the list of all entities shows each official name beside the English
 *     one, in its language, and says once that they are not the article's;
 *   - the page's searches find an entity by its Chinese name, its pinyin
 *     (with or without tone marks) and its former name, through the API's
 *     q and /entities/{key}: 文山, wenshan, Wénshān and 思茅, and an address
 *     of the page naming an entity by its Chinese name shows its card.
 */
import { norm } from './support.mjs';

const CHARS = 'zh-Hans';
const PINYIN = 'zh-Latn-pinyin';

export default async function chinese(t) {
  const { page, attempt, go, data } = t;
  const withNames = data.entities.filter((e) => e.chinese_name);

  await attempt(`every entity's card shows the names in Chinese the API gives, in their languages, marked not from the article with the API's rule (${data.entities.length} entities, ${withNames.length} with names)`, async () => {
    const bad = [];
    for (const e of data.entities) {
      await go(`#/places/${e.id}`);
      const r = await page.evaluate(() => {
        const box = document.querySelector('section.entity .chinese-names');
        if (!box) return null;
        const langs = (lang) => [...box.querySelectorAll(`[lang="${lang}"]`)].map((x) => x.textContent);
        return { text: box.innerText, chars: langs('zh-Hans'), pinyin: langs('zh-Latn-pinyin') };
      });
      const cn = e.chinese_name;
      if (!cn) {
        if (r) bad.push(`${e.id}: the API gives no Chinese name, the card shows ${JSON.stringify(r.text.slice(0, 80))}`);
        continue;
      }
      if (!r) {
        bad.push(`${e.id}: no names in Chinese on its card`);
        continue;
      }
      const text = norm(r.text);
      const chars = [cn.zh, cn.short_zh, ...cn.former.flatMap((f) => [f.zh, f.short_zh])].filter(Boolean);
      const pinyin = [cn.pinyin, cn.short_pinyin, ...cn.former.flatMap((f) => [f.pinyin, f.short_pinyin])].filter(Boolean);
      for (const c of chars) if (!r.chars.includes(c)) bad.push(`${e.id}: ${c} not shown in ${CHARS}`);
      for (const p of pinyin) if (!r.pinyin.includes(p)) bad.push(`${e.id}: ${p} not shown in ${PINYIN}`);
      for (const f of cn.former) if (!text.includes(`until ${f.until}`)) bad.push(`${e.id}: the former name ${f.zh} without "until ${f.until}"`);
      if (!/not from the article/i.test(text)) bad.push(`${e.id}: not marked as not from the article`);
      if (!text.includes(norm(cn.rule))) bad.push(`${e.id}: the rule is not said`);
      if (cn.zh === null && !text.includes(norm(cn.null_reason))) bad.push(`${e.id}: no official name, and its reason not said`);
    }
    return bad.length === 0 || bad.slice(0, 10).join('; ');
  });

  await attempt('the list of all entities shows each official name in Chinese beside the English one, in its language, and says once that they are not from the article', async () => {
    await go('#/places');
    const r = await page.evaluate(() => ({
      items: [...document.querySelectorAll('.hierarchy li')].map((li) => ({
        id: li.querySelector(':scope > a').getAttribute('href').replace('#/places/', ''),
        zh: [...li.querySelectorAll(':scope > [lang="zh-Hans"]')].map((x) => x.textContent),
      })),
      note: (document.querySelector('.hierarchy .chinese-note') || {}).textContent || '',
    }));
    const bad = [];
    for (const e of data.entities) {
      const li = r.items.find((x) => x.id === e.id);
      const want = e.chinese_name && e.chinese_name.zh ? [e.chinese_name.zh] : [];
      if (!li || li.zh.join() !== want.join()) bad.push(`${e.id}: ${JSON.stringify(li && li.zh)}, the API ${JSON.stringify(want)}`);
    }
    if (!/not from the article/i.test(r.note)) bad.push(`no note that they are not from the article: "${r.note}"`);
    return bad.length === 0 || bad.slice(0, 8).join('; ');
  });

  // The searches: the finder of places (q and the key) and the search of
  // everything, for the name in characters, the pinyin with and without
  // tone marks, and a former name.
  const wanted = [
    ['文山', 'wenshan'],
    ['wenshan', 'wenshan'],
    ['Wénshān', 'wenshan'],
    ['思茅', 'puer'],
  ];
  for (const [q, id] of wanted) {
    const e = data.entities.find((x) => x.id === id);
    await attempt(`the finder of places, asked “${q}”, names ${e.name} and lists it, as the API's key and q find it`, async () => {
      await go(`#/places?q=${encodeURIComponent(q)}`);
      const r = await page.evaluate(() => ({
        exact: [...document.querySelectorAll('.found .exact a')].map((a) => a.getAttribute('href')),
        listed: [...document.querySelectorAll('ul.entity-results > li > a')].map((a) => a.getAttribute('href')),
        said: (document.querySelector('.found .exact') || {}).textContent || '',
      }));
      const asked = t.watch.requests().some((u) => decodeURIComponent(new URL(u).pathname).endsWith(`/api/v1/entities/${q}`));
      const ok = r.exact.includes(`#/places/${id}`) && r.listed.includes(`#/places/${id}`) && asked;
      const former = /\p{Script=Han}/u.test(q) && e.chinese_name.former.some((f) => f.short_zh === q || f.zh === q);
      if (former && !/former name in Chinese/.test(r.said)) return `“${q}” is a former name, not said so: ${r.said}`;
      return ok || JSON.stringify({ ...r, asked });
    });
  }
  await attempt('the search of everything finds Wenshan for 文山 among the places, and the events the API finds', async () => {
    await go(`#/search?q=${encodeURIComponent('文山')}`);
    const want = (await t.api(`events?q=${encodeURIComponent('文山')}`)).meta.total;
    const r = await page.evaluate(() => ({
      places: [...document.querySelectorAll('section[aria-labelledby="h-search-entities"] ul a')].map((a) => a.getAttribute('href')),
      headings: [...document.querySelectorAll('section.search-group h3')].map((h) => h.textContent),
    }));
    return (r.places.includes('#/places/wenshan') && r.headings.includes(`Events (${want})`) && want > 0) || JSON.stringify({ ...r, want });
  });
  await attempt('an address naming an entity by its Chinese name (#/places/文山) shows its card', async () => {
    await go(`#/places/${encodeURIComponent('文山')}`);
    const heading = await page.locator('section.entity h3').first().innerText();
    return heading === data.entities.find((x) => x.id === 'wenshan').name || heading;
  });
}
