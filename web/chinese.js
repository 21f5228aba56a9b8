// Names in Chinese, as the API gives them (an entity's chinese_name): the
// official name in simplified characters and in Hanyu Pinyin, the short
// name, former names. They are not from the article, which is in English,
// and every place that shows them says so, with the API's rule of where
// they come from. Characters are marked lang zh-Hans and pinyin
// zh-Latn-pinyin, so that a screen reader says them in Chinese.
import { h } from './lib.js';

const zh = (text) => (text ? h('span', { lang: 'zh-Hans', class: 'zh' }, text) : null);
const py = (text) => (text ? h('span', { lang: 'zh-Latn-pinyin', class: 'pinyin' }, text) : null);

// "文山壮族苗族自治州 (Wénshān Zhuàngzú Miáozú Zìzhìzhōu)"; either alone.
function both(chars, pinyin) {
  if (chars && pinyin) return [zh(chars), ' (', py(pinyin), ')'];
  return chars ? zh(chars) : py(pinyin);
}

// The words beside a name: "not from the article", or, were the API ever
// to give a name from the article, that.
const whence = (cn) => (cn.from_article ? 'from the article' : 'not from the article');

// The official name beside an English one in a list: 文山壮族苗族自治州, in
// its language; nothing where the API gives none.
export function zhBeside(e) {
  const cn = e.chinese_name;
  return cn && cn.zh ? [' ', zh(cn.zh)] : null;
}

/*
 * An entity's names in Chinese, for its card: every name the API gives,
 * each in its language, the reason where there is no official name, and
 * the rule, under a heading that says they are not from the article.
 * Nothing for an entity the API gives no Chinese name (an organisation).
 */
export function chineseNames(e) {
  const cn = e.chinese_name;
  if (!cn) return null;
  const rows = [];
  if (cn.zh || cn.pinyin) rows.push(['Official name', both(cn.zh, cn.pinyin)]);
  else rows.push(['Official name', `none given: ${cn.null_reason || 'not certain'}`]);
  if (cn.short_zh || cn.short_pinyin) rows.push(['Short name', both(cn.short_zh, cn.short_pinyin)]);
  if (cn.former.length) {
    const items = cn.former.map((f) => [
      both(f.zh, f.pinyin),
      f.short_zh && f.short_zh !== f.zh ? [', short ', both(f.short_zh, f.short_pinyin)] : null,
      f.until ? `, until ${f.until}` : null,
    ]);
    rows.push([cn.former.length === 1 ? 'Former name' : 'Former names', items.flatMap((x, i) => (i ? ['; ', x] : [x]))]);
  }
  return h(
    'section',
    { class: 'chinese-names', 'aria-labelledby': 'h-chinese' },
    h('h4', { id: 'h-chinese' }, 'Names in Chinese ', h('span', { class: 'tag tag-outside' }, whence(cn))),
    h(
      'dl',
      { class: 'facts' },
      rows.map(([dt, dd]) => [h('dt', null, dt), h('dd', null, dd)]),
    ),
    h('p', { class: 'name-rule' }, `The article is in English and gives none of these. Where they come from: ${cn.rule}`),
  );
}

// Which name of an entity a text is, when it is one of its Chinese names:
// "its name in Chinese", "its former name in Chinese (until 2003)", "its
// name in pinyin"; null otherwise. Pinyin is compared without tone marks,
// spaces, hyphens or apostrophes, as the API finds it.
export function whichName(e, text) {
  const cn = e.chinese_name;
  if (!cn || !text) return null;
  const bare = (x) =>
    (x || '')
      .normalize('NFD')
      .replace(/[\p{M}\s'’-]/gu, '')
      .toLowerCase();
  const t = text.trim();
  if ([cn.zh, cn.short_zh].includes(t)) return 'its name in Chinese';
  const f = cn.former.find((x) => [x.zh, x.short_zh].includes(t));
  if (f) return `its former name in Chinese${f.until ? ` (until ${f.until})` : ''}`;
  const english = [e.name, ...e.aliases].some((x) => x.toLowerCase() === t.toLowerCase());
  if (!english && [cn.pinyin, cn.short_pinyin].some((p) => p && bare(p) === bare(t))) return 'its name in pinyin';
  return null;
}
