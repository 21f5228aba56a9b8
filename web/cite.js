// Quotes that travel: a fact's permanent link (the article with the fact's
// quote highlighted, as a full URL) and a citation of it, each copied to
// the clipboard by a button beside the quote.
import { api, dateWords, getJSON, h, hashFor, pageURL } from './lib.js';

// The full URL of the article with this fact's quote highlighted: it holds
// the fact's kind and id only, which do not change.
export const permalink = (kind, id) => pageURL(hashFor('article', null, { quote: `${kind}/${id}` }));

/*
 * A citation of one fact, as plain text: the article's publisher, title
 * and date (GET /sources/{id}), the fact's verbatim quote and its permanent
 * link. The one place that builds it: when the API gives each fact a
 * citation of its own, this is what changes to use it.
 */
export async function citation(kind, item) {
  const source = (await getJSON(api(`sources/${encodeURIComponent(item.source.id)}`))).body.data;
  return `${source.publisher}, “${source.title}”, ${dateWords(source.published)}: “${item.source.quote}” ${permalink(kind, item.id)}`;
}

// Copies text to the clipboard; true when it did. The Clipboard API needs
// a secure context (https, or this machine); elsewhere the older copy
// command of a selected text field is tried.
async function copy(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // refused (no permission): try the other way
    }
  }
  const field = h('textarea', { readonly: true, class: 'visually-hidden', 'aria-hidden': 'true', tabindex: '-1' }, text);
  document.body.append(field);
  field.select();
  let done;
  try {
    done = document.execCommand('copy');
  } catch {
    done = false;
  }
  field.remove();
  return done;
}

/*
 * The two buttons beside a quote, "Copy link" and "Copy citation", and a
 * status that says what was copied (or, when the browser refused, shows the
 * text selected for copying by hand). what names the fact for a screen
 * reader.
 */
export function copyTools(kind, item, what) {
  const status = h('span', { class: 'copy-status', role: 'status' });
  const run = (label, make) => async () => {
    status.replaceChildren();
    const text = await make();
    if (await copy(text)) {
      status.append(`${label} copied.`);
      return;
    }
    const field = h('input', { type: 'text', readonly: true, value: text, class: 'copy-by-hand', 'aria-label': `${label}, to copy by hand` });
    status.append(`Your browser did not let the page copy; copy the ${label.toLowerCase()} from here: `, field);
    field.select();
  };
  const button = (which, label, make) =>
    h(
      'button',
      { type: 'button', class: 'copy', 'data-copy': which, on: { click: run(label, make) } },
      `Copy ${label.toLowerCase()}`,
      h('span', { class: 'visually-hidden' }, ` of ${what}`),
    );
  return h(
    'p',
    { class: 'copy-tools' },
    button('link', 'Link', () => permalink(kind, item.id)),
    ' ',
    button('citation', 'Citation', () => citation(kind, item)),
    ' ',
    status,
  );
}
