#!/usr/bin/env node
/*
 * Validates CITATION.cff as Citation File Format 1.2.0: parsed as YAML
 * (yaml, pinned in package.json) and validated with Ajv against the
 * format's JSON Schema (schema.json of CFF 1.2.0, as the npm package cffjs,
 * pinned, ships it). Then what the project promises of it: the dataset's
 * licence and the code's named apart, the article as a reference, no web
 * address made up for it. A copy broken on purpose must fail.
 *
 *   node tests/citation/check-cff.mjs [CITATION.cff]
 *
 * Prints "cff: N passed, M failed"; exits 1 when anything failed.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import YAML from 'yaml';

const Ajv = AjvModule.default ?? AjvModule;
const addFormats = addFormatsModule.default ?? addFormatsModule;
const here = dirname(fileURLToPath(import.meta.url));
const file = process.argv[2] || resolve(here, '../../CITATION.cff');

/* cffjs exports only its index (which loads more than the schema): the
 * schema's own module, by its path */
const { schema } = await import(pathToFileURL(resolve(here, '../../node_modules/cffjs/dist/schema.js')).href);

let passed = 0;
let failed = 0;
const ok = (cond, what) => {
  if (cond) passed++;
  else {
    failed++;
    console.log(`FAIL ${what}`);
  }
};

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
const errorsOf = (doc) => (validate(doc) ? null : validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; '));

ok(schema.$id === 'https://citation-file-format.github.io/1.2.0/schema.json', `the schema is ${schema.$id}, not CFF 1.2.0's`);
const text = readFileSync(file, 'utf8');
let doc = null;
try {
  doc = YAML.parse(text, { strict: true, prettyErrors: true });
} catch (e) {
  ok(false, `${file} is not YAML: ${e.message}`);
}
if (doc) {
  const err = errorsOf(doc);
  ok(err === null, `${file} is not CFF 1.2.0: ${err}`);
  console.log(`cff: ${file} ${err === null ? 'is valid' : 'is NOT valid'} Citation File Format ${doc['cff-version']}`);
  ok(doc['cff-version'] === '1.2.0', `cff-version is ${doc['cff-version']}`);
  ok(Array.isArray(doc.license) && doc.license.includes('CC-BY-4.0') && doc.license.includes('MIT'), 'license does not name the data\'s (CC-BY-4.0) and the code\'s (MIT)');
  const article = (doc.references || []).find((r) => r.title === "Shanghai's partner aid to Yunnan");
  ok(article && article.publisher?.name === 'GPIG' && String(article['date-published']) === '2018-02-02', 'the article is not a reference with its publisher and date');
  ok(article && article.url === undefined && /not known/.test(article.notes || ''), 'the article has a web address, or its notes do not say it is not known');
  /* the schema catches a broken copy */
  const broken = structuredClone(doc);
  delete broken.authors;
  broken['date-released'] = 'yesterday';
  ok(errorsOf(broken) !== null, 'a copy without authors and with a bad date passes the schema');
}
console.log(`cff: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
