#!/usr/bin/env node
/*
 * Checks the data package a running aid-api serves, with the Frictionless
 * Data libraries (datapackage 1.1.10, tableschema 1.12.6, pinned in
 * package.json), which validate against the Data Package, Tabular Data
 * Resource and Table Schema specifications' own JSON Schemas:
 *
 *   1. /api/v1/datapackage/datapackage.json is a valid Tabular Data
 *      Package, read over HTTP as any tool would, with the properties the
 *      project promises (name, title, version = dataset_version, created =
 *      the data's date, licenses, sources, contributors);
 *   2. each resource's Table Schema is valid;
 *   3. every CSV file parses with its declared schema (types, required,
 *      enumerations, primary keys unique) and every foreign key resolves;
 *   4. each CSV file holds as many rows as its table in the SQLite
 *      database the server serves (/api/v1/database, read with the sqlite3
 *      shell), and those of the
 *      collections as many as their meta.total;
 *   5. /api/v1/datapackage (the ZIP archive) holds exactly these files,
 *      byte for byte, datapackage.json first;
 *   6. copies broken on purpose (a foreign key that resolves nowhere, a
 *      cell of the wrong type, a descriptor without resources) fail.
 *
 *   node tests/datapackage/check.mjs --base http://127.0.0.1:PORT
 *
 * Prints what it checked and "datapackage: ... passed, N failed"; exits 1
 * when anything failed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';

import datapackage from 'datapackage';
import tableschema from 'tableschema';

const { Package } = datapackage;
const { Schema } = tableschema;

let base = null;
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === '--base') base = process.argv[++i];
  else {
    console.error(`check-datapackage: unknown argument ${process.argv[i]}`);
    process.exit(2);
  }
}
if (!base) {
  console.error('usage: check.mjs --base http://127.0.0.1:PORT');
  process.exit(2);
}

let passed = 0;
let failed = 0;
const ok = (cond, what) => {
  if (cond) passed++;
  else {
    failed++;
    console.log(`FAIL ${what}`);
  }
  return cond;
};

async function get(path) {
  const res = await fetch(new URL(path, base));
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/* The rows of a resource read with its schema and relations; throws on the
 * first row that does not cast or whose foreign key resolves nowhere. */
async function readAll(pkg, name) {
  return pkg.getResource(name).read({ relations: true, cast: true });
}

const API = '/api/v1';
const descriptorUrl = new URL(`${API}/datapackage/datapackage.json`, base).href;
const index = JSON.parse((await get(API)).bytes.toString('utf8'));

/* 1. the descriptor */
const pkg = await Package.load(descriptorUrl);
ok(pkg.valid, `the descriptor is not a valid Tabular Data Package: ${pkg.errors.map(String).join('; ')}`);
const d = pkg.descriptor;
console.log(`datapackage: ${descriptorUrl} is ${pkg.valid ? 'a valid' : 'NOT a valid'} ${d.profile} (${pkg.resources.length} resources)`);
for (const key of ['name', 'title', 'version', 'created', 'licenses', 'sources', 'contributors']) {
  ok(d[key] !== undefined && d[key] !== '' && !(Array.isArray(d[key]) && d[key].length === 0), `the descriptor has no ${key}`);
}
ok(d.version === index.meta.dataset_version, `version ${d.version} is not the dataset version ${index.meta.dataset_version}`);
ok(d.created === index.meta.data_modified, `created ${d.created} is not the data's date ${index.meta.data_modified}`);
ok(d.licenses.some((l) => l.name === index.data.licenses.data.spdx), `licenses do not name the data's licence ${index.data.licenses.data.spdx}`);
ok(d.rights && d.rights.code && d.rights.data && d.rights.article_text && d.rights.article_text.license === null,
  'rights does not keep code, data and the article\'s text apart');

/* 2. and 3. each resource */
const counts = {};
for (const r of pkg.resources) {
  const schema = await Schema.load(r.descriptor.schema);
  ok(schema.valid, `${r.name}: its Table Schema is not valid: ${schema.errors.map(String).join('; ')}`);
  try {
    const rows = await readAll(pkg, r.name);
    counts[r.name] = rows.length;
    ok(true, r.name);
  } catch (e) {
    ok(false, `${r.name}: ${e.message} ${(e.errors || []).slice(0, 3).map(String).join('; ')}`);
  }
}

/* 4. rows against the database and the collections */
const dir = mkdtempSync(join(tmpdir(), 'aid-datapackage-'));
try {
  const db = join(dir, 'aid.db');
  writeFileSync(db, (await get(`${API}/database`)).bytes);
  const table = (name) => Number(execFileSync('sqlite3', ['-readonly', db, `SELECT count(*) FROM "${name.replace(/"/g, '""')}"`]).toString().trim());
  console.log('datapackage: rows per CSV file, the table in /api/v1/database, meta.total of the collection:');
  for (const r of pkg.resources) {
    const inDb = table(r.name);
    let total = '';
    if (index.data.links[r.name]) {
      total = JSON.parse((await get(`${API}/${r.name}?limit=1`)).bytes.toString('utf8')).meta.total;
      ok(total === counts[r.name], `${r.name}: ${counts[r.name]} rows, meta.total ${total}`);
    }
    ok(inDb === counts[r.name], `${r.name}: ${counts[r.name]} rows, the table ${inDb}`);
    console.log(`  ${r.name.padEnd(22)} ${String(counts[r.name]).padStart(4)} ${String(inDb).padStart(4)} ${String(total).padStart(4)}`);
  }

  /* 5. the ZIP archive */
  const zip = (await get(`${API}/datapackage`)).bytes;
  const entries = unzip(zip);
  const names = entries.map((e) => e.name);
  ok(names[0] === 'datapackage.json', `the archive starts with ${names[0]}, not datapackage.json`);
  const want = ['datapackage.json', ...pkg.resources.map((r) => r.descriptor.path)].sort();
  ok(JSON.stringify([...names].sort()) === JSON.stringify(want), `the archive holds ${names.join(', ')}`);
  for (const e of entries) {
    const served = (await get(`${API}/datapackage/${e.name}`)).bytes;
    ok(Buffer.compare(served, e.data) === 0, `${e.name} in the archive is not the file served`);
  }
  console.log(`datapackage: the ZIP archive holds the ${entries.length} files, byte for byte`);

  /* 6. broken copies fail */
  const broken = async (what, file, edit, valid = false) => {
    const copy = join(dir, what.replace(/[^a-z]+/g, '-'));
    execFileSync('mkdir', ['-p', copy]);
    for (const e of entries) writeFileSync(join(copy, e.name), e.name === file ? edit(e.data.toString('utf8')) : e.data);
    let caught = false;
    try {
      const p = await Package.load(join(copy, 'datapackage.json'));
      if (!p.valid) caught = true;
      for (const r of p.resources) await r.read({ relations: true, cast: true });
    } catch {
      caught = true;
    }
    ok(caught !== valid, valid ? `the copy as served fails` : `a copy with ${what} passes`);
  };
  /* the copy as served reads: a failure below is the break's */
  await broken('nothing broken', 'datapackage.json', (t) => t, true);
  await broken('an alias of no entity', 'entity_aliases.csv', (t) => t.replace(/\r\n[a-z0-9-]+,1,/, '\r\nno-such-entity,1,'));
  await broken('an amount that is no integer', 'funding.csv', (t) => t.replace(/\r\n([a-z0-9-]+),([0-9]+),/, '\r\n$1,many,'));
  await broken('a bound out of its enumeration', 'funding.csv', (t) => t.replace(/,at_least,/, ',roughly,'));
  await broken('a descriptor without resources', 'datapackage.json', (t) => JSON.stringify({ ...JSON.parse(t), resources: [] }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`datapackage: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

/* The entries of a ZIP archive from its central directory: name, bytes. */
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('no end of central directory');
  const n = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out = [];
  for (let i = 0; i < n; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('a bad central directory entry');
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const csize = buf.readUInt32LE(at + 20);
    const nlen = buf.readUInt16LE(at + 28);
    const xlen = buf.readUInt16LE(at + 30);
    const clen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nlen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + csize);
    const data = method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw);
    if (zlib.crc32 && zlib.crc32(data) !== crc) throw new Error(`${name}: bad CRC`);
    out.push({ name, data });
    at += 46 + nlen + xlen + clen;
  }
  return out;
}
