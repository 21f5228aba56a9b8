// The article itself (GET /sources/{id}, its text), line by line as the
// API serves it. quote=kind/id highlights that fact's verbatim quote in
// place (its exact characters, found in the text) and scrolls to it, with
// buttons that copy its permanent link and a citation; find=words
// highlights where the article uses those words.
import { copyTools } from './cite.js';
import { ApiError, api, append, dateWords, factHash, getAll, getJSON, h, hasWord } from './lib.js';
import { jsonLinks, problem } from './pieces.js';

export const title = () => 'The article';
export const key = (state) => `${state.params.quote || ''}|${state.params.find || ''}`;

const KINDS = ['events', 'partnerships', 'funding', 'entities'];

export async function render(section, state) {
  append(section, h('h2', { id: 'h-article' }, 'The article'));
  const quoteKey = state.params.quote || null;
  let fact = null;
  let kind = null;
  let notice = null;
  if (quoteKey) {
    const at = quoteKey.indexOf('/');
    kind = at > 0 ? quoteKey.slice(0, at) : quoteKey;
    const id = at > 0 ? quoteKey.slice(at + 1) : '';
    if (!KINDS.includes(kind) || !id) {
      notice = h(
        'div',
        { class: 'problem', role: 'alert' },
        h(
          'p',
          null,
          `The address asks for the quote of “${quoteKey}”, which names no fact (a fact is an event, a partnership, an amount of money or a place).`,
        ),
      );
    } else {
      try {
        fact = (await getJSON(api(`${kind}/${encodeURIComponent(id)}`))).body.data;
      } catch (err) {
        notice = problem(err, 'The fact whose quote was asked for');
      }
    }
  }

  let sourceId = fact && fact.source ? fact.source.id : null;
  if (!sourceId) {
    const sources = await getAll('sources', { fields: 'id' });
    if (!sources.length) throw new ApiError(-1, 'The API has no article', 'its list of sources is empty');
    sourceId = sources[0].id;
  }
  const src = (await getJSON(api(`sources/${encodeURIComponent(sourceId)}`))).body.data;
  const text = src.text || '';

  const marks = [];
  if (fact) {
    const quote = fact.source.quote;
    const at = text.indexOf(quote);
    const label = fact.title || fact.name;
    if (at < 0) {
      notice = h(
        'div',
        { class: 'problem', role: 'alert' },
        h('p', null, `The words that state “${label}” were not found in the article's text: `, h('q', null, quote)),
      );
    } else {
      marks.push({ from: at, to: at + quote.length, cls: 'quote-mark' });
      notice = h(
        'div',
        { class: 'notice', tabindex: '-1' },
        h(
          'p',
          null,
          'Highlighted below: the words that state ',
          h('strong', null, label),
          '. ',
          h('a', { href: factHash(kind, fact.id) }, kind === 'entities' ? 'Back to it' : 'Back to this fact'),
          '.',
        ),
        copyTools(kind, fact, label),
      );
    }
  }
  const find = state.params.find || '';
  if (find && hasWord(find)) {
    const found = occurrences(text, find);
    marks.push(...found.map(([from, to]) => ({ from, to, cls: 'find-mark' })));
    notice = h(
      'p',
      { class: 'notice', tabindex: '-1' },
      found.length
        ? `The article uses “${find}” ${found.length === 1 ? 'once' : `${found.length} times`}; each is highlighted.`
        : `The article does not use “${find}” as such (the search also looks at titles and summaries, which are not the article's words).`,
    );
  }

  append(
    section,
    h(
      'p',
      { class: 'intro' },
      `“${src.title}”, published by ${src.publisher} on ${dateWords(src.published)}. `,
      "The text as the API serves it, verbatim: typos, spacing and curly quotes are the article's own. Each fact of this page carries the words of it that state the fact.",
    ),
    notice,
    h('article', { class: 'source-text', lang: src.language || 'en', 'aria-label': 'The text of the article' }, lines(text, marks)),
    jsonLinks(['the article and its text', `sources/${encodeURIComponent(sourceId)}`]),
  );
}

// After the view is on the page: bring the highlight into view, and put
// the focus on what says what is highlighted.
export function after(section) {
  const mark = section.querySelector('mark.quote-mark, mark.find-mark');
  if (mark) mark.scrollIntoView({ block: 'center' });
  const notice = section.querySelector('.notice');
  if (notice && mark) notice.focus({ preventScroll: true });
}

// Where the article uses words beginning as those of the search do.
function occurrences(text, find) {
  const words = find
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (!words.length) return [];
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join('|')})[\\p{L}\\p{N}]*`, 'giu');
  return [...text.matchAll(re)].map((m) => [m.index, m.index + m[0].length]);
}

// The text, one element a line: the first is the title, the second the
// byline, a line after an empty one a photo's caption. Marks are placed by
// character offsets into the whole text, so a quote is marked exactly
// where it stands (across lines, if it did).
function lines(text, marks) {
  const out = [];
  let offset = 0;
  const all = text.split('\n');
  all.forEach((line, i) => {
    const start = offset;
    offset += line.length + 1;
    if (line.trim() === '') return;
    const content = marked(line, start, marks);
    if (i === 0) out.push(h('h3', { class: 'article-title' }, content));
    else if (i === 1) out.push(h('p', { class: 'byline' }, content));
    else if (i > 0 && all[i - 1].trim() === '') out.push(h('p', { class: 'caption' }, h('span', { class: 'caption-label' }, 'Photo caption: '), content));
    else out.push(h('p', null, content));
  });
  return out;
}

function marked(line, start, marks) {
  const end = start + line.length;
  const cuts = marks.filter((m) => m.from < end && m.to > start).sort((a, b) => a.from - b.from);
  const out = [];
  let at = start;
  for (const m of cuts) {
    const from = Math.max(m.from, at);
    const to = Math.min(m.to, end);
    if (from < at || from >= to) continue;
    if (from > at) out.push(line.slice(at - start, from - start));
    out.push(h('mark', { class: m.cls }, line.slice(from - start, to - start)));
    at = to;
  }
  if (at < end) out.push(line.slice(at - start));
  return out;
}
