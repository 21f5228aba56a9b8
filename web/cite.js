// Quotes that travel: a fact's permanent link (the article with the fact's
// quote highlighted, as a full URL) and the API's citation of it, each
// copied to the clipboard by a button beside the quote; the copy buttons
// of the dataset's citation use the same (copyButton).
import { ApiError, getJSON, h, hashFor, pageURL, resolve } from './lib.js';

// The full URL of the article with this fact's quote highlighted: it holds
// the fact's kind and id only, which do not change.
export const permalink = (kind, id) => pageURL(hashFor('article', null, { quote: `${kind}/${id}` }));

// A citation of the API with its address in full. The API gives the
// address as a path ("/api/v1/events/x") where no trusted proxy tells it
// its host; that path means the address resolved against the page's own,
// and a citation pasted elsewhere needs it whole. An address given whole
// is left as it is; nothing else of the text is touched.
export function inFull(text, address) {
  if (!text || !address || !address.startsWith('/')) return text;
  return text.split(address).join(resolve(address));
}

/*
 * The citation of one fact, as the API words it (the item's
 * source.citation, its text form: the article, the fact's quote and its
 * permanent address). The page makes up none of its own: when the API does
 * not answer, copying fails and says why.
 */
export async function citation(item) {
  const href = item.source && item.source.citation;
  if (!href) throw new ApiError(-1, 'The API gives no citation of this fact', '');
  const c = (await getJSON(href)).body.data;
  return inFull(c.text, c.address);
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

// Why something could not be copied, in words.
function why(err) {
  if (!(err instanceof ApiError)) return String((err && err.message) || err);
  if (err.status > 0) return `the API answered ${err.status} ${err.title}${err.detail ? ` (${err.detail})` : ''}`;
  return `${err.title}${err.detail ? `: ${err.detail}` : ''}`;
}

/*
 * A button that copies what make() gives (a text, or a promise of one),
 * saying in status what was copied; when the browser refuses, the text is
 * shown selected for copying by hand; when make() fails, why, and nothing
 * is copied. which names it for the tests (data-copy), label says what it
 * copies ("Link"), what names the fact for a screen reader.
 */
export function copyButton(which, label, make, status, what = null) {
  const noun = /^[A-Z][a-z]+$/.test(label) ? label.toLowerCase() : label; // "link", but "BibTeX"
  const run = async () => {
    status.replaceChildren();
    let text;
    try {
      text = await make();
    } catch (err) {
      status.append(`The ${noun} could not be copied: ${why(err)}.`);
      return;
    }
    if (await copy(text)) {
      status.append(`${label} copied.`);
      return;
    }
    const field = h('input', { type: 'text', readonly: true, value: text, class: 'copy-by-hand', 'aria-label': `${label}, to copy by hand` });
    status.append(`Your browser did not let the page copy; copy the ${noun} from here: `, field);
    field.select();
  };
  return h(
    'button',
    { type: 'button', class: 'copy', 'data-copy': which, on: { click: run } },
    `Copy ${noun}`,
    what ? h('span', { class: 'visually-hidden' }, ` of ${what}`) : null,
  );
}

/*
 * The two buttons beside a quote, "Copy link" and "Copy citation" (the
 * latter only where the API gives the fact a citation), and a status that
 * says what was copied. what names the fact for a screen reader.
 */
export function copyTools(kind, item, what) {
  const status = h('span', { class: 'copy-status', role: 'status' });
  const cites = item.source && item.source.citation;
  return h(
    'p',
    { class: 'copy-tools' },
    copyButton('link', 'Link', () => permalink(kind, item.id), status, what),
    ' ',
    cites ? [copyButton('citation', 'Citation', () => citation(item), status, what), ' '] : null,
    status,
  );
}
