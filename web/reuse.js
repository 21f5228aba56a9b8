// Cite and download: how to cite the dataset (the API's citation, GET
// /citation, as text and BibTeX, with links to its other forms), the
// licences of its three parts apart (the index's licenses: the code, the
// data, the article's text), and everything to download (the index's
// links: the SQLite database, the data package and its descriptor, with
// the package's tables by their titles). Every address is the API's own,
// from the index, resolved against the page's address.
import { copyButton, inFull } from './cite.js';
import { andList, append, dateWords, getJSON, h, hashFor, resolve } from './lib.js';
import { problem } from './pieces.js';

export const title = () => 'Cite and download';
export const key = () => '';

// The parts of the licences, in the page's words; a part the page does
// not know is named by its key in words.
const PARTS = {
  code: 'The code: the server, its build, its tests and this page',
  data: 'The data: every fact as structured data, the database and the data package',
  article_text: "The article's text: served whole, and quoted in every fact",
};

export async function render(section) {
  const index = (await getJSON('api/v1')).body;
  const links = index.data.links || {};
  append(
    section,
    h('h2', { id: 'h-cite' }, 'Cite and download'),
    h(
      'p',
      { class: 'intro' },
      'How to cite this data, what you may do with it, and all of it to take away. ',
      'Each fact of the page has its own citation too: the button “Copy citation” beside its quote copies it, naming the article, the quote and the fact.',
    ),
    await citing(links),
    licences(index.data),
    await downloads(links),
  );
}

// A part that fails to load says so in its place; the others still show.
async function part(what, make) {
  try {
    return await make();
  } catch (err) {
    return problem(err, what);
  }
}

function citing(links) {
  return part('The citation of the dataset', async () => {
    const c = (await getJSON(links.citation)).body.data;
    const text = inFull(c.text, c.address);
    const bibtex = inFull(c.bibtex, c.address);
    const status = h('span', { class: 'copy-status', role: 'status' });
    const form = (format, words) => h('a', { href: `${resolve(links.citation)}?format=${format}`, 'data-format': format }, words);
    return h(
      'section',
      { class: 'reuse-part', 'data-citation': 'dataset', 'aria-labelledby': 'h-cite-dataset' },
      h('h3', { id: 'h-cite-dataset' }, 'Cite the dataset'),
      h('blockquote', { class: 'citation-text' }, h('p', null, text)),
      h(
        'p',
        { class: 'cite-about' },
        `Version ${c.version}, the data as of ${dateWords(String(c.data_modified || '').slice(0, 10))}: the version changes whenever the data does, so a citation names exactly what was read.`,
      ),
      h(
        'p',
        { class: 'copy-tools' },
        copyButton('citation', 'Citation', () => text, status),
        ' ',
        copyButton('bibtex', 'BibTeX', () => bibtex, status),
        ' ',
        status,
      ),
      h('p', null, 'The same as a file: ', form('bibtex', 'BibTeX'), ', ', form('csl', 'CSL-JSON'), ' or ', form('text', 'plain text'), '.'),
    );
  });
}

function licences(d) {
  const all = d.licenses || {};
  const source = d.source || {};
  return h(
    'section',
    { class: 'reuse-part', 'aria-labelledby': 'h-licences' },
    h('h3', { id: 'h-licences' }, 'Licences: three parts, three rights'),
    h(
      'ul',
      { class: 'licences' },
      Object.entries(all).map(([k, l]) =>
        h(
          'li',
          { 'data-licence': k },
          h('h4', null, PARTS[k] || k.replace(/_/g, ' ')),
          h('p', { class: 'licence-name' }, l.url ? h('a', { href: l.url }, l.name) : l.name, l.holder ? `, held by ${l.holder}` : null, '.'),
          l.note ? h('p', null, l.note) : null,
          k === 'article_text' && source.rights ? h('p', null, source.rights) : null,
        ),
      ),
    ),
  );
}

// What each download of the index is, in the page's words.
const WHAT = {
  database: [
    'The database',
    'The SQLite database the server reads, byte for byte: every table of the facts. Open it with the sqlite3 shell, Datasette or any SQLite library.',
  ],
  datapackage: [
    'The data package',
    'A Frictionless Data Package in one ZIP archive: a descriptor of its tables (their columns, types and keys) and one CSV file per table, ready to load and join.',
  ],
  datapackage_descriptor: ['The data package’s descriptor', 'The descriptor alone, from which a tool reads the package over the web, table by table.'],
};

function downloads(links) {
  return part('The downloads', async () => {
    let tables = null;
    if (links.datapackage_descriptor) {
      const pkg = (await getJSON(links.datapackage_descriptor)).body;
      tables = (pkg.resources || []).map((r) => r.title || r.name);
    }
    const item = (k) => {
      if (!links[k]) return null;
      const [name, says] = WHAT[k];
      return h(
        'li',
        { 'data-download': k },
        h('a', { href: resolve(links[k]), 'data-href': true }, name),
        ` — ${says}`,
        k === 'datapackage' && tables ? h('span', { class: 'tables' }, ` Its ${tables.length} tables: `, andList(tables), '.') : null,
      );
    };
    return h(
      'section',
      { class: 'reuse-part', 'aria-labelledby': 'h-downloads' },
      h('h3', { id: 'h-downloads' }, 'Download everything'),
      h(
        'p',
        null,
        'Each is named with the version of the data, so that two downloads of one version are the same file. ',
        'The data is under the data’s licence above; the article’s text in them is its publisher’s.',
      ),
      h('ul', { class: 'downloads' }, Object.keys(WHAT).map(item)),
      h(
        'p',
        null,
        'Every view of the page also links its facts in JSON, and the API describes itself: ',
        h('a', { href: 'openapi.json' }, 'its contract'),
        '. ',
        h('a', { href: hashFor('timeline') }, 'Back to the timeline'),
        '.',
      ),
    );
  });
}
