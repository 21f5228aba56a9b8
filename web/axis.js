// A picture of time: one time axis, drawn by this page as inline SVG, with
// every partnership and every running total of money a span from its start
// to its end and every event a mark, each linking to its fact. A date the
// article does not state (inferred) is drawn dashed and lighter and said in
// the span's words. An end is drawn as the API gives it: an ended span is
// closed at its end; one that goes on runs to the edge with an arrow; one
// whose end is unknown is solid to the last date the article attests it,
// then open and fading, with no end drawn. Years in which the article tells
// of nothing are cut out of the axis and the cut is drawn and said. The
// drawing is for the eye: a table says the same for a screen reader and a
// keyboard, with the same links.
import { factHash, factLink, h, s } from './lib.js';
import { endSaid, lastDate, yearAt } from './spans.js';

const WIDE = 880; // from this width on, each span's words stand on its line
const MIN_W = 300; // the narrowest drawing; a narrower screen scrolls inside it
const PAD = { left: 14, right: 18 };
const CUT = 40; // the width of a cut
const LANE = 15; // a lane of event marks

const TAIL = 3; // an unknown end's open tail, in fading steps

const startWords = (x) => `${x.start.label}${x.start.inferred ? ' (inferred)' : ''}`;
const stopWords = (x) => endSaid(x.state, x.end, x.known);
// A span in words: "1996 (inferred) to June 2011", "since 2009, goes on
// (the article says so)", "from 1996, no end given, known until 2012".
const spanWords = (x) => {
  if (x.state === 'ended') return `${startWords(x)} to ${stopWords(x)}`;
  return `${x.state === 'ongoing' ? 'since' : 'from'} ${startWords(x)}, ${stopWords(x)}`;
};
const solidTo = (x) => lastDate(x.state, x.end, x.known);

// The years drawn: from the decade of the first date to a year past the
// last one (room for an open end), each stretch of five or more years
// without anything cut out. x(year) places a year; cuts lists the cuts.
function scale(spans, events, W) {
  const ranges = [
    // an unknown end: a year more, for its open tail
    ...spans.map((x) => [yearAt(x.start), yearAt(solidTo(x) || x.start, 'end') + (x.state === 'unknown' ? 1 : 0)]),
    ...events.map((e) => [yearAt(e.start), yearAt(e.end || e.start, 'end')]),
  ].sort((a, b) => a[0] - b[0]);
  const first = Math.floor(ranges[0][0] / 10) * 10;
  const last = Math.ceil(Math.max(...ranges.map((r) => r[1])));
  const right = last + 1;
  const cuts = [];
  let reach = ranges[0][1];
  for (const [a, b] of ranges) {
    const from = Math.ceil(reach);
    const to = Math.floor(a) - 1;
    if (to - from >= 5) cuts.push([from, to]);
    reach = Math.max(reach, b);
  }
  const years = right - first - cuts.reduce((n, [a, b]) => n + (b - a), 0);
  const per = (W - PAD.left - PAD.right - cuts.length * CUT) / years;
  const x = (y) => {
    let at = PAD.left;
    let prev = first;
    for (const [a, b] of cuts) {
      if (y <= a) return at + (y - prev) * per;
      at += (a - prev) * per;
      if (y < b) return at + CUT * ((y - a) / (b - a));
      at += CUT;
      prev = b;
    }
    return at + (y - prev) * per;
  };
  return { x, first, last, right, cuts, per, W };
}

// Year labels: the years on each side of a cut, and every year, or every
// 2 or 5, as room allows; none inside a cut, none crowding another.
function ticks(sc) {
  const step = sc.per >= 38 ? 1 : sc.per >= 17 ? 2 : 5;
  const edges = sc.cuts.flat();
  const out = [];
  for (let y = sc.first; y <= sc.right; y++) {
    if (sc.cuts.some(([a, b]) => y > a && y < b)) continue;
    const edge = edges.includes(y);
    if (!edge && y % step !== 0) continue;
    const near = (z) => Math.abs(sc.x(z) - sc.x(y)) < 36;
    if (!edge && (edges.some(near) || (out.length && near(out[out.length - 1])))) continue;
    out.push(y);
  }
  return out;
}

// The width of a text as the drawing writes it (12px, the page's font).
let ruler = null;
function textWidth(text) {
  if (!ruler) {
    ruler = document.createElement('canvas').getContext('2d');
    ruler.font = `12px ${getComputedStyle(document.body).fontFamily}`;
  }
  return ruler.measureText(text).width;
}

function axisLine(sc, y, below) {
  const g = s('g', { class: 'axis-years' });
  for (const yr of ticks(sc)) {
    const x = sc.x(yr);
    g.append(
      s('line', { class: 'tick', x1: x, x2: x, y1: y - 4, y2: y + 4 }),
      s('text', { x, y: below ? y + 16 : y - 8, 'text-anchor': 'middle', class: 'year', 'data-year': yr }, String(yr)),
    );
  }
  for (const [a, b] of sc.cuts) {
    const x0 = sc.x(a) + 4;
    const x1 = sc.x(b) - 4;
    g.append(s('path', { class: 'cut', d: `M${x0} ${y - 6} l4 12 M${x1 - 4} ${y - 6} l4 12` }));
  }
  const pieces = [sc.first, ...sc.cuts.flat(), sc.right];
  for (let i = 0; i < pieces.length; i += 2) g.append(s('line', { class: 'baseline', x1: sc.x(pieces[i]), x2: sc.x(pieces[i + 1]), y1: y, y2: y }));
  return g;
}

// A text cut into lines no wider than max (at spaces).
function wrap(text, max) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    const longer = line ? `${line} ${word}` : word;
    if (line && textWidth(longer) > max) {
      lines.push(line);
      line = word;
    } else line = longer;
  }
  if (line) lines.push(line);
  return lines;
}

// One span: a bar from its start to its end (ended), to the edge with an
// arrow (ongoing), or to the last date attested and then an open tail
// fading out (unknown); a line across each end that is known (dashed when
// inferred), a lighter stretch over an inferred date, its words above. On
// a wide drawing the words start where the bar starts (or end at the edge
// when they would run past it); on a narrow one, or when they are wider
// than the drawing, they run from the left, in as many lines as they need. Returns {node, height}.
function span(x, sc, y) {
  const x0 = sc.x(yearAt(x.start));
  const last = solidTo(x);
  const x1 = x.state === 'ongoing' ? sc.x(sc.right) : sc.x(yearAt(last || x.start, 'end'));
  const fade = Math.min(12, Math.max(5, sc.per * 0.8));
  const words = `${x.name}: ${spanWords(x)}`;
  let label;
  let lines = 1;
  if (sc.narrow || textWidth(words) > sc.W - PAD.left - 4) {
    const cut = wrap(words, sc.W - PAD.left - 4);
    lines = cut.length;
    label = s(
      'text',
      { class: 'span-label', x: PAD.left, y: y + 10 },
      cut.map((t, i) => s('tspan', { x: PAD.left, dy: i ? 14 : 0 }, t)),
    );
  } else {
    const len = textWidth(words);
    const anchorEnd = x0 + len > sc.W - 4;
    label = s(
      'text',
      { class: 'span-label', x: anchorEnd ? Math.min(sc.W - 4, Math.max(x1, len + 4)) : x0, y: y + 10, 'text-anchor': anchorEnd ? 'end' : 'start' },
      words,
    );
  }
  const bar = y + 2 + lines * 14;
  const g = s(
    'g',
    {
      'data-span': `${x.kind}/${x.id}`,
      'data-start': x.start.inferred ? 'inferred' : 'stated',
      'data-end': x.state,
      class: `span span-${x.kind} span-${x.state}`,
    },
    label,
    s('rect', { class: 'span-bar', x: x0, y: bar, width: Math.max(2, x1 - x0), height: 11 }),
  );
  const lighter = (d) => {
    const a = sc.x(yearAt(d));
    g.append(s('rect', { class: 'fuzzy', x: a, y: bar, width: Math.max(2, sc.x(yearAt(d, 'end')) - a), height: 11 }));
  };
  if (x.start.inferred) lighter(x.start);
  g.append(s('line', { class: `cap cap-start${x.start.inferred ? ' cap-inferred' : ''}`, x1: x0, x2: x0, y1: bar - 4, y2: bar + 15 }));
  if (x.state === 'ongoing') {
    for (let i = 1; i <= 3; i++) g.append(s('rect', { class: `fade fade-${i}`, x: x1 - (4 - i) * fade, y: bar, width: fade, height: 11 }));
    g.append(s('path', { class: 'arrow', d: `M${x1} ${bar - 3} l7 8.5 l-7 8.5 z` }));
  } else if (x.state === 'unknown') {
    // After the last date attested: an open tail, lighter step by step, and
    // no line across it: the article gives no end.
    if (last && last.inferred && !(x.start.inferred && last.label === x.start.label)) lighter(last);
    g.append(s('rect', { class: 'span-tail', x: x1, y: bar, width: TAIL * fade, height: 11 }));
    for (let i = 1; i <= TAIL; i++) g.append(s('rect', { class: `fade fade-${i}`, x: x1 + (i - 1) * fade, y: bar, width: fade, height: 11 }));
  } else {
    if (x.end.inferred) lighter(x.end);
    g.append(s('line', { class: `cap cap-end${x.end.inferred ? ' cap-inferred' : ''}`, x1, x2: x1, y1: bar - 4, y2: bar + 15 }));
  }
  return { node: s('a', { href: factHash(x.kind, x.id), tabindex: '-1' }, s('title', null, words), g), height: bar - y + 20 };
}

// The events as marks, in lanes so that none hides another.
function marks(events, sc, y) {
  const lanes = [];
  const out = [];
  for (const e of events) {
    const x0 = sc.x(yearAt(e.start));
    const x1 = e.end ? sc.x(yearAt(e.end, 'end')) : x0;
    const cx = e.start.label === (e.end || e.start).label ? (x0 + x1) / 2 : x0;
    let lane = lanes.findIndex((r) => r < cx - 11);
    if (lane < 0) lane = lanes.push(0) - 1;
    lanes[lane] = Math.max(cx, x1);
    const cy = y + 8 + lane * LANE;
    const inferred = (e.start && e.start.inferred) || (e.end && e.end.inferred);
    out.push(
      s(
        'a',
        { href: factHash('events', e.id), tabindex: '-1' },
        s('title', null, `${e.period_label}: ${e.title}`),
        s(
          'g',
          { 'data-mark': `events/${e.id}`, class: `mark${inferred ? ' mark-inferred' : ''}` },
          x1 - x0 > 12 && cx === x0 ? s('line', { class: 'mark-run', x1: x0, x2: x1, y1: cy, y2: cy }) : null,
          s('path', { class: 'mark-shape', d: `M${cx} ${cy - 6} l6 6 l-6 6 l-6 -6 z` }),
        ),
      ),
    );
  }
  return { out, height: lanes.length * LANE + 10 };
}

function heading(text, y) {
  return s('text', { class: 'group-label', x: PAD.left, y }, text);
}

// The figure: the drawing in a box that scrolls sideways on a narrow
// screen, its legend in words, and the table saying the same. years is the
// range chosen by the timeline's filters ({from, to}), drawn as a band;
// width the room the page has for it.
export function axis(spans, events, years, width) {
  const W = Math.max(MIN_W, Math.floor(width || WIDE));
  const sc = { ...scale(spans, events, W), narrow: W < WIDE };
  const parts = [];
  let y = 30;
  const top = y;
  y += 20;
  const groups = [
    ['Partnerships', spans.filter((x) => x.kind === 'partnerships')],
    ['Running totals of money', spans.filter((x) => x.kind === 'funding')],
  ];
  for (const [label, list] of groups) {
    parts.push(heading(label, y));
    y += 8;
    for (const x of list) {
      const one = span(x, sc, y);
      parts.push(one.node);
      y += one.height;
    }
    y += 12;
  }
  parts.push(heading('Events', y));
  const m = marks(events, sc, y + 6);
  parts.push(...m.out);
  y += m.height + 26;
  const band = [];
  if (years.from || years.to) {
    const a = sc.x(years.from ? Number(years.from) : sc.first);
    const b = sc.x(years.to ? Number(years.to) + 1 : sc.right);
    band.push(
      s('rect', { class: 'band', x: a, y: top, width: Math.max(2, b - a), height: y - top }),
      s('text', { class: 'band-label', x: a + 3, y: top + 14 }, 'the years chosen'),
    );
  }
  const grid = ticks(sc).map((yr) => s('line', { class: 'grid', x1: sc.x(yr), x2: sc.x(yr), y1: top, y2: y }));
  const svg = s(
    'svg',
    {
      class: 'axis-drawing',
      width: W,
      height: y + 24,
      viewBox: `0 0 ${W} ${y + 24}`,
      'aria-hidden': 'true',
      focusable: 'false',
      'data-right': sc.x(sc.right),
      // where the years after the last cut begin: a narrow screen starts there
      'data-dense': sc.cuts.length ? sc.x(sc.cuts[sc.cuts.length - 1][1]) - 24 : 0,
    },
    band,
    grid,
    axisLine(sc, top, false),
    parts,
    axisLine(sc, y, true),
  );
  const cut = sc.cuts.map(([a, b]) => `${a} to ${b}`);
  return h(
    'figure',
    { class: 'axis', 'aria-labelledby': 'h-axis' },
    h('h3', { id: 'h-axis' }, 'A picture of time'),
    h(
      'figcaption',
      null,
      `Each partnership and each running total of money is a bar from its start to its end; each event is a mark. A date the article does not state, but implies, is drawn with a dashed line and a lighter stretch. A bar that the article says goes on runs to the edge, with an arrow; one whose end the article does not give is solid to the last date the article tells of it, then fades out, with no end drawn. ${cut.length ? `The years ${cut.join(' and ')}, in which the article tells of nothing, are cut out of the axis. ` : ''}The table below the drawing says the same in words; the events are listed after it, with their dates.`,
    ),
    h(
      'p',
      { class: 'axis-hint', hidden: true },
      'The drawing is wider than the screen: it scrolls sideways. It starts at the years where the article tells the most.',
    ),
    h('div', { class: 'axis-scroll' }, svg),
    table(spans),
  );
}

function table(spans) {
  return h(
    'table',
    { class: 'axis-table' },
    h('caption', null, 'The bars of the axis, in words'),
    h(
      'thead',
      null,
      h('tr', null, h('th', { scope: 'col' }, 'Partnership or running total'), h('th', { scope: 'col' }, 'From'), h('th', { scope: 'col' }, 'To')),
    ),
    h(
      'tbody',
      null,
      spans.map((x) =>
        h(
          'tr',
          { 'data-key': `${x.kind}/${x.id}` },
          h('th', { scope: 'row' }, factLink(x.kind, x)),
          h('td', { class: 'from' }, startWords(x)),
          h('td', { class: 'to' }, stopWords(x)),
        ),
      ),
    ),
  );
}

// Once on the page: a drawing wider than its box (a narrow window, a large
// text) says so, can be scrolled with the keyboard, and starts where the
// years are dense (after the last cut), not at the empty early ones.
export function placeAxis(root) {
  const box = root.querySelector('figure.axis .axis-scroll');
  if (!box || box.scrollWidth <= box.clientWidth) return;
  root.querySelector('figure.axis .axis-hint').hidden = false;
  box.setAttribute('tabindex', '0');
  box.setAttribute('role', 'region');
  box.setAttribute('aria-label', 'The time axis, drawn (the table after it says the same)');
  box.scrollLeft = Number(box.querySelector('svg').dataset.dense) || 0;
}
