/*
 * The timeline's picture of time and the ways through it, judged against
 * the API:
 *   - one inline SVG time axis drawn by the page: every partnership and
 *     every running total of money a span from its start to its end (x in
 *     the order of the dates), every event a mark, each linking to its fact;
 *     an inferred start or end drawn dashed and said in words; an end as
 *     the API gives it (end_status): an ended one closed at its date, an
 *     ongoing one open to the edge with an arrow and said to go on, an
 *     unknown one drawn solid to the last date the article attests
 *     (known_until), then open and fading, and said as "no end given, known
 *     until ..."; a table saying the same, with the links, for a screen
 *     reader and a keyboard; at 390 px it scrolls inside itself, the page
 *     never sideways;
 *   - filters by years, category and place, kept in the URL, that show
 *     what the API's own filters find, restored from a shared URL;
 *   - a jump to each decade; the views' menu reachable at the bottom of a
 *     long view on a phone.
 */
import { norm, when } from './support.mjs';

// An end as the page must say it, from the API's end_status: the date of
// an ended one, "goes on" for an ongoing one, and for an unknown one "no
// end given, known until" the last date the article attests. A thing
// without an end_status is a failure of the API, said as such.
export const endSaid = (x) => {
  if (x.end_status === 'ended') return x.end.label;
  if (x.end_status === 'ongoing') return 'goes on (the article says so)';
  if (x.end_status === 'unknown') return `no end given, known until ${x.known_until.label}`;
  return `(no end_status: ${JSON.stringify(x.end_status)})`;
};
// Where a date of the API begins or ends, in years: "2011" is 2011 to
// 2012, "June 2011" 2011.417 to 2011.5.
const edge = (d, which) => d.year + (d.month ? (d.month - (which === 'start' ? 1 : 0)) / 12 : which === 'start' ? 0 : 1);
// The date the drawing's solid bar ends at: the end, or the last date
// attested; none for an ongoing one (it runs to the edge).
const drawnEnd = (x) => (x.end_status === 'ended' ? x.end : x.end_status === 'unknown' ? x.known_until : null);

export default async function time(t) {
  const { page, attempt, go, settled, data } = t;
  const spans = [
    ...data.partnerships.map((p) => ({ key: `partnerships/${p.id}`, href: `#/partnerships?item=${p.id}`, x: p })),
    ...data.funding.filter((f) => f.cumulative).map((f) => ({ key: `funding/${f.id}`, href: `#/money?item=${f.id}`, x: { ...f, start: f.period.start, end: f.period.end } })),
  ];
  const marks = data.events.map((e) => ({ key: `events/${e.id}`, href: `#/timeline?item=${e.id}`, x: e }));

  const drawn = () =>
    page.evaluate(() => {
      const svg = document.querySelector('figure.axis svg');
      if (!svg) return null;
      const box = (el) => {
        const b = el.getBBox();
        return { x0: b.x, x1: b.x + b.width };
      };
      const link = (el) => (el.closest('a') ? el.closest('a').getAttribute('href') : null);
      return {
        inline: svg.parentElement.closest('figure.axis') !== null && svg.namespaceURI === 'http://www.w3.org/2000/svg',
        width: svg.getBoundingClientRect().width,
        spans: [...svg.querySelectorAll('[data-span]')].map((g) => {
          const bar = g.querySelector('.span-bar');
          const cap = (which) => g.querySelector(`.cap-${which}`);
          return {
            key: g.dataset.span,
            href: link(g),
            start: g.dataset.start,
            end: g.dataset.end,
            ...(bar ? box(bar) : {}),
            startDash: cap('start') ? getComputedStyle(cap('start')).strokeDasharray : null,
            endDash: cap('end') ? getComputedStyle(cap('end')).strokeDasharray : null,
            endCap: !!cap('end'),
            tail: g.querySelector('.span-tail') ? box(g.querySelector('.span-tail')) : null,
            arrow: !!g.querySelector('.arrow'),
            // the words drawn, their lines (tspans) joined by a space
            label: [...g.querySelectorAll('.span-label')].map((x) => (x.querySelector('tspan') ? [...x.querySelectorAll('tspan')].map((l) => l.textContent).join(' ') : x.textContent)).join(' '),
          };
        }),
        marks: [...svg.querySelectorAll('[data-mark]')].map((g) => ({ key: g.dataset.mark, href: link(g), x: g.getBBox().x + g.getBBox().width / 2 })),
        edge: Number(svg.dataset.right),
        table: [...document.querySelectorAll('table.axis-table tbody tr')].map((tr) => ({
          key: tr.dataset.key,
          href: tr.querySelector('a') && tr.querySelector('a').getAttribute('href'),
          text: tr.innerText,
          from: (tr.querySelector('.from') || {}).textContent || '',
          to: (tr.querySelector('.to') || {}).textContent || '',
        })),
        hidden: svg.getAttribute('aria-hidden'),
        tabbable: [...svg.querySelectorAll('a')].filter((a) => a.getAttribute('tabindex') !== '-1').length,
      };
    });

  await attempt(`one inline SVG time axis: every partnership and running total a span linking to its fact (${spans.length}), every event a mark linking to it (${marks.length})`, async () => {
    await go('#/timeline');
    const r = await drawn();
    if (!r) return 'no figure.axis svg';
    const bad = [];
    if (!r.inline) bad.push('not inline SVG');
    for (const s of spans) {
      const d = r.spans.find((x) => x.key === s.key);
      if (!d) bad.push(`no span ${s.key}`);
      else if (d.href !== s.href) bad.push(`${s.key} links ${d.href}`);
    }
    for (const m of marks) {
      const d = r.marks.find((x) => x.key === m.key);
      if (!d) bad.push(`no mark ${m.key}`);
      else if (d.href !== m.href) bad.push(`${m.key} links ${d.href}`);
    }
    if (r.spans.length !== spans.length || r.marks.length !== marks.length) bad.push(`${r.spans.length} spans and ${r.marks.length} marks drawn`);
    return bad.length === 0 || bad.join('; ');
  });
  await attempt('each span runs from its start to its end in the order of the dates; an ongoing end runs open to the edge with an arrow; an unknown one is solid to the last date attested, then open', async () => {
    const r = await drawn();
    const bad = [];
    const got = spans.map((s) => ({ s, d: r.spans.find((x) => x.key === s.key) })).filter((p) => p.d);
    for (const { s, d } of got) {
      if (!(d.x1 > d.x0)) bad.push(`${s.key}: ${d.x0} to ${d.x1}`);
      const state = s.x.end_status;
      if (state !== d.end) bad.push(`${s.key}: drawn as ${d.end}, the API says ${state}`);
      if (state === 'ended' && (!d.endCap || d.tail || d.arrow)) bad.push(`${s.key}: its end is not drawn closed`);
      if (state === 'ongoing' && (d.endCap || d.tail || !d.arrow || Math.abs(d.x1 - r.edge) > 1)) bad.push(`${s.key}: ongoing, but closed, without its arrow or short of the edge (${d.x1} of ${r.edge})`);
      if (state === 'unknown') {
        if (d.endCap || d.arrow) bad.push(`${s.key}: an unknown end drawn closed or as going on`);
        if (!d.tail || Math.abs(d.tail.x0 - d.x1) > 1 || !(d.tail.x1 > d.tail.x0)) bad.push(`${s.key}: no open tail after the last date attested (${JSON.stringify(d.tail)})`);
        if (!(d.x1 < r.edge - 1)) bad.push(`${s.key}: an unknown end drawn solid to the edge, as if it went on`);
      }
    }
    for (const a of got) {
      for (const b of got) {
        if (when(a.s.x.start) < when(b.s.x.start) && !(a.d.x0 < b.d.x0)) bad.push(`${a.s.key} starts before ${b.s.key} but is drawn after it`);
        const ea = drawnEnd(a.s.x);
        const eb = drawnEnd(b.s.x);
        // a date at a year's precision is the whole year: "2011" is not
        // before or after "June 2011", and only dates apart are ordered
        if (ea && eb && edge(ea, 'end') <= edge(eb, 'start') && !(a.d.x1 < b.d.x1)) bad.push(`${a.s.key} ends (or is last attested) before ${b.s.key} but is drawn after it`);
        if (ea && eb && ea.label === eb.label && Math.abs(a.d.x1 - b.d.x1) > 1) bad.push(`${a.s.key} and ${b.s.key} end (or are last attested) in ${ea.label} but are drawn apart`);
      }
    }
    return bad.length === 0 || bad.slice(0, 8).join('; ');
  });
  await attempt('an inferred start or end is drawn dashed and said in words; a stated one is drawn whole; each end is said as the API gives it', async () => {
    const r = await drawn();
    const bad = [];
    for (const s of spans) {
      const d = r.spans.find((x) => x.key === s.key);
      const row = r.table.find((x) => x.key === s.key);
      if (!d || !row) {
        bad.push(`${s.key}: not drawn or not in the table`);
        continue;
      }
      const dashed = (v) => v && v !== 'none';
      const last = drawnEnd(s.x);
      const endInferred = !!(last && last.inferred);
      if (s.x.start.inferred !== dashed(d.startDash)) bad.push(`${s.key}: start ${s.x.start.inferred ? 'inferred but whole' : 'stated but dashed'}`);
      if (s.x.start.inferred !== /inferred/.test(row.from)) bad.push(`${s.key}: the table's start "${row.from}"`);
      const inLabel = (d.label.match(/inferred/g) || []).length;
      if (inLabel !== Number(s.x.start.inferred) + Number(endInferred)) bad.push(`${s.key}: the axis' label "${d.label}" says "inferred" ${inLabel} times`);
      if (s.x.end_status === 'ended' && s.x.end.inferred !== dashed(d.endDash)) bad.push(`${s.key}: end ${s.x.end.inferred ? 'inferred but whole' : 'stated but dashed'}`);
      if (endInferred !== /inferred/.test(row.to)) bad.push(`${s.key}: the table's end "${row.to}"`);
      if (!norm(row.to).startsWith(endSaid(s.x))) bad.push(`${s.key}: ends "${row.to}", not "${endSaid(s.x)}"`);
      if (!norm(d.label).includes(endSaid(s.x))) bad.push(`${s.key}: the axis' label "${d.label}" does not say "${endSaid(s.x)}"`);
      if (s.x.end_status !== 'ongoing' && /ongoing|goes on|going on/.test(`${row.to} ${d.label}`)) bad.push(`${s.key}: said to go on, but its end is ${s.x.end_status}`);
      if (!norm(row.from).startsWith(s.x.start.label)) bad.push(`${s.key}: starts "${row.from}", not "${s.x.start.label}"`);
      if (row.href !== s.href) bad.push(`${s.key}: the table links ${row.href}`);
    }
    return bad.length === 0 || bad.join('; ');
  });
  // An end the article does not give, said honestly wherever a fact with
  // an end is shown: the partnerships' cards, the timeline's events, the
  // money's records.
  for (const [hash, list, kind] of [
    ['#/partnerships', data.partnerships, 'partnership'],
    ['#/timeline', data.events, 'event'],
    ['#/money', data.funding, 'funding record'],
  ]) {
    await attempt(`${hash}: every ${kind}'s card says its end as the API gives it (${list.filter((x) => x.end_status !== 'ended').length} not ended: "goes on", or "no end given, known until ..."), and no other claims one`, async () => {
      await go(hash);
      const got = await page.$$eval('li.fact', (lis) => lis.map((li) => ({ id: li.id.replace(/^item-/, ''), end: [...li.querySelectorAll('.tag-end')].map((x) => x.textContent) })));
      const bad = [];
      for (const x of list) {
        const g = got.find((y) => y.id === x.id);
        if (!g) bad.push(`${x.id}: no card`);
        else if (x.end_status === 'ended' ? g.end.length !== 0 : g.end.length !== 1 || norm(g.end[0]) !== endSaid(x)) bad.push(`${x.id} (${x.end_status}): says ${JSON.stringify(g.end)}`);
      }
      return bad.length === 0 || bad.join('; ');
    });
  }
  await attempt('the drawing is hidden from screen readers and out of the tab order; the table is its words', async () => {
    await go('#/timeline');
    const r = await drawn();
    return (r.hidden === 'true' && r.tabbable === 0 && r.table.length === spans.length) || JSON.stringify({ hidden: r.hidden, tabbable: r.tabbable, rows: r.table.length });
  });
  await attempt('a click on a span of the axis shows its fact', async () => {
    const s = spans[0];
    await page.locator(`figure.axis [data-span="${s.key}"] .span-bar`).click();
    await settled();
    const r = await page.evaluate((id) => ({ hash: location.hash, target: !!document.querySelector(`#item-${id}.is-target`) }), s.key.split('/')[1]);
    return (r.hash === s.href && r.target) || JSON.stringify(r);
  });

  await go('#/timeline');
  await page.setViewportSize({ width: 390, height: 844 });
  await attempt('a window narrowed to 390 px (a phone turned) has the axis drawn again to fit it', async () => {
    await page.waitForFunction(() => {
      const box = document.querySelector('figure.axis .axis-scroll');
      return box && box.scrollWidth <= box.clientWidth;
    }, null, { timeout: 5000 });
  });
  await attempt('at 390 px the axis scrolls inside itself (keyboard-scrollable), the page does not', async () => {
    await go('#/timeline');
    const r = await page.evaluate(() => {
      const box = document.querySelector('figure.axis .axis-scroll');
      const page = document.scrollingElement;
      return box
        ? { inner: box.scrollWidth, shown: box.clientWidth, tabindex: box.getAttribute('tabindex'), label: box.getAttribute('aria-label'), page: page.scrollWidth - page.clientWidth }
        : null;
    });
    return (r && r.page <= 0 && (r.inner <= r.shown || (r.tabindex === '0' && !!r.label))) || JSON.stringify(r);
  });
  await attempt('at 390 px the views\' menu stays on screen at the bottom of the timeline, and works', async () => {
    await go('#/timeline');
    await page.evaluate(() => window.scrollTo(0, document.scrollingElement.scrollHeight));
    const r = await page.evaluate(() => {
      const a = document.querySelector('nav.views a[data-view="money"]');
      const b = a.getBoundingClientRect();
      const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
      return { top: Math.round(b.top), bottom: Math.round(b.bottom), height: window.innerHeight, hit: hit === a || a.contains(hit), y: window.scrollY };
    });
    if (!(r.y > 2000 && r.top >= 0 && r.bottom <= r.height && r.hit)) return JSON.stringify(r);
    await page.locator('nav.views a[data-view="money"]').click();
    await settled();
    return (await page.evaluate(() => location.hash)) === '#/money' || 'the menu did not lead to the money';
  });
  await page.setViewportSize({ width: 1280, height: 900 });

  // The filters: what the page lists is what the API's filters find.
  const listed = () => page.$$eval('ol.timeline > li', (lis) => lis.map((li) => li.id.replace(/^item-/, '')));
  const apiIds = async (params) => (await t.all(`events?${new URLSearchParams(params)}`)).map((e) => e.id);
  await attempt('filters by years, category and place: chosen in the form, kept in the URL, the events the API finds', async () => {
    await go('#/timeline');
    const form = page.locator('form.filters');
    await form.locator('select[name="from"]').selectOption('1996');
    await form.locator('select[name="to"]').selectOption('2004');
    await form.locator('select[name="category"]').selectOption('policy');
    await form.locator('button[type="submit"]').click();
    await settled();
    const hash = await page.evaluate(() => location.hash);
    const got = await listed();
    const want = await apiIds({ from: 1996, to: 2004, category: 'policy' });
    if (hash !== '#/timeline?from=1996&to=2004&category=policy' || got.join() !== want.join() || want.length === 0) return JSON.stringify({ hash, got, want });
    await form.locator('select[name="category"]').selectOption('');
    await form.locator('select[name="place"]').selectOption('wenshan');
    await form.locator('button[type="submit"]').click();
    await settled();
    const hash2 = await page.evaluate(() => location.hash);
    const got2 = await listed();
    const want2 = await apiIds({ from: 1996, to: 2004, entity: 'wenshan' });
    return (hash2 === '#/timeline?from=1996&to=2004&place=wenshan' && got2.join() === want2.join() && want2.length > 0) || JSON.stringify({ hash2, got2, want2 });
  });
  await attempt('a shared URL of filters restores the form and the list in a fresh page', async () => {
    const fresh = await t.context.newPage();
    try {
      await fresh.goto(`${t.base}#/timeline?from=2001&to=2011&place=diqing`);
      await settled(fresh);
      const r = await fresh.evaluate(() => {
        const f = document.querySelector('form.filters');
        return {
          values: ['from', 'to', 'category', 'place'].map((n) => f.elements[n].value),
          ids: [...document.querySelectorAll('ol.timeline > li')].map((li) => li.id.replace(/^item-/, '')),
        };
      });
      const want = await apiIds({ from: 2001, to: 2011, entity: 'diqing' });
      return (r.values.join() === '2001,2011,,diqing' && r.ids.join() === want.join() && want.length > 0) || JSON.stringify({ ...r, want });
    } finally {
      await fresh.close();
    }
  });
  await attempt('a jump to each decade shows its first event at the top of the screen, below the views\' menu', async () => {
    await go('#/timeline');
    const decades = [...new Set(data.events.map((e) => `${Math.floor(e.start.year / 10) * 10}s`))];
    const bad = [];
    for (const d of decades) {
      const first = data.events.find((e) => `${Math.floor(e.start.year / 10) * 10}s` === d);
      await page.locator('nav.decades a', { hasText: d }).click();
      await settled();
      const r = await page.evaluate((id) => {
        const el = document.getElementById(`item-${id}`);
        const b = el && el.getBoundingClientRect();
        const nav = document.querySelector('nav.views').getBoundingClientRect();
        return { hash: location.hash, top: b && Math.round(b.top), below: Math.round(nav.bottom), height: window.innerHeight };
      }, first.id);
      // at the top of the screen, below the views' menu, not hidden under it
      if (!(r.hash.includes(`item=${first.id}`) && r.top !== null && r.top >= r.below - 1 && r.top < r.height / 3)) bad.push(`${d}: ${JSON.stringify(r)}`);
    }
    return (decades.length > 1 && bad.length === 0) || bad.join('; ');
  });
}
