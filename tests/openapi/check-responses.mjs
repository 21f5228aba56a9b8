#!/usr/bin/env node
/*
 * Checks a running aid-api against its OpenAPI document: every path and
 * method of the document, every status it declares that a request can
 * reach, each response's status, Content-Type, declared headers (and no
 * undeclared API header) and body, validated with Ajv's JSON Schema 2020-12
 * against the document's schema for that path, method, status and media
 * type. Request values come from the document's parameter schemas (enums,
 * bounds, examples) and ids from the collections' own answers.
 *
 * Beyond the schemas it checks what they cannot say: a `fields` answer is
 * the projection media type and any other JSON 200 is application/json;
 * CSV comes with its Content-Disposition and JSON without; every `href`
 * is the address of its item and every reference names it as the item
 * does; each totals row adds up its counted records; fields and sort may
 * be repeated and mean their joined list; CORS exposes the documented
 * headers and grants Timing-Allow-Origin; the index links the document.
 * Last, it breaks real bodies (a required field dropped, a reference made
 * a bare id, a projection sent as a full item, ...) and requires the
 * schemas to reject each, so that a broken response cannot pass.
 *
 *   node tests/openapi/check-responses.mjs --base http://127.0.0.1:PORT
 *       [--doc handlers/openapi.json] [--cors-origin ORIGIN]
 *       [--trust-proxy] [--verbose]
 *
 * --cors-origin names the origin the server was started to allow (its
 * --cors-origin); --trust-proxy says the server trusts X-Forwarded-Prefix.
 * Without them the CORS and prefix checks still run and expect the headers
 * (so a server that lacks the feature fails them).
 *
 * Prints one line per failure, "openapi: K of K broken bodies rejected by
 * the schemas" and "openapi: N responses checked, M failed"; exits 1 when
 * anything failed, 2 on bad usage.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const Ajv2020 = Ajv2020Module.default ?? Ajv2020Module;
const addFormats = addFormatsModule.default ?? addFormatsModule;

/* ------------------------------------------------------------ arguments */

const here = dirname(fileURLToPath(import.meta.url));
const opts = {
  base: null,
  doc: resolve(here, '../../handlers/openapi.json'),
  corsOrigin: null,
  trustProxy: false,
  verbose: false,
};
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--base') opts.base = process.argv[++i];
  else if (a === '--doc') opts.doc = process.argv[++i];
  else if (a === '--cors-origin') opts.corsOrigin = process.argv[++i];
  else if (a === '--trust-proxy') opts.trustProxy = true;
  else if (a === '--verbose' || a === '-v') opts.verbose = true;
  else {
    console.error(`check-responses: unknown argument ${a}`);
    process.exit(2);
  }
}
if (!opts.base) {
  console.error('usage: check-responses.mjs --base http://127.0.0.1:PORT [--doc FILE] [--cors-origin ORIGIN] [--trust-proxy] [--verbose]');
  process.exit(2);
}
const base = new URL(opts.base);
/* The origin CORS checks send; with no --cors-origin, one a server would
 * have to be configured for (the checks then fail, as they should). */
const ALLOWED_ORIGIN = opts.corsOrigin && opts.corsOrigin !== '*' ? opts.corsOrigin : 'http://cors.example';
const OTHER_ORIGIN = 'http://not-allowed.example';

/* ------------------------------------------------------------ the document */

const docText = readFileSync(opts.doc, 'utf8');
const doc = JSON.parse(docText);
const DOC_ID = 'https://aid-api.invalid/openapi.json';

const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
addFormats(ajv);
ajv.addSchema({ ...doc, $id: DOC_ID });

const escPtr = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const getPtr = (ptr) => ptr.split('/').slice(1)
  .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
  .reduce((o, k) => (o == null ? undefined : o[k]), doc);

/* Follows $refs to components; returns {value, ptr}. */
function deref(value, ptr) {
  for (let n = 0; value && typeof value.$ref === 'string' && n < 20; n++) {
    ptr = value.$ref.slice(1);
    value = getPtr(ptr);
  }
  return { value, ptr };
}

const validators = new Map();
function validatorAt(ptr) {
  if (!validators.has(ptr)) validators.set(ptr, ajv.compile({ $ref: `${DOC_ID}#${ptr}` }));
  return validators.get(ptr);
}
function schemaErrors(ptr, value) {
  const v = validatorAt(ptr);
  if (v(value)) return null;
  return v.errors.slice(0, 4).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && e.params.additionalProperty ? ` (${e.params.additionalProperty})` : ''}${e.params && e.params.allowedValues ? ` (${e.params.allowedValues.join('|')})` : ''}`).join('; ');
}

/* Paths: concrete ones first, as OpenAPI matches them. */
const pathTemplates = Object.keys(doc.paths).map((t) => ({
  template: t,
  re: new RegExp(`^${t.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '([^/]+)')}$`),
  templated: t.includes('{'),
})).sort((a, b) => a.templated - b.templated);

function matchPath(pathname) {
  let p = pathname;
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return pathTemplates.find((t) => t.re.test(p)) || null;
}

/* Every header name any response declares: the API's own headers. */
const apiHeaders = new Set();
for (const r of Object.values(doc.components.responses || {})) {
  for (const h of Object.keys(r.headers || {})) apiHeaders.add(h.toLowerCase());
}
for (const item of Object.values(doc.paths)) {
  for (const op of Object.values(item)) {
    for (const r of Object.values(op.responses || {})) {
      for (const h of Object.keys(deref(r).value.headers || {})) apiHeaders.add(h.toLowerCase());
    }
  }
}

/* ------------------------------------------------------------ bookkeeping */

let checked = 0;
let failedResponses = 0;
let otherFailures = 0;
const failures = [];
const covered = new Set(); /* "GET /api/v1/events 200" */
let current = null; /* what a failure is about: the request, or a name */
const frames = []; /* the responses being checked (checks nest) */

function fail(msg) {
  if (frames.length) frames[frames.length - 1].failed = true;
  else otherFailures++;
  failures.push(`${current ? `${current} ` : ''}${msg}`);
  console.log(`FAIL ${current ? `${current}: ` : ''}${msg}`);
}
function describeReq(method, target, headers) {
  const shown = target.length > 120 ? `${target.slice(0, 100)}...(${target.length} bytes)` : target;
  const hs = Object.entries(headers || {})
    .map(([k, v]) => `${k}: ${String(v).length > 60 ? `${String(v).slice(0, 20)}...(${String(v).length} bytes)` : v}`);
  return `${method} ${shown}${hs.length ? ` [${hs.join('; ')}]` : ''}`;
}
function beginResponse() {
  frames.push({ failed: false });
}
function endResponse() {
  const f = frames.pop();
  checked++;
  if (f.failed) failedResponses++;
}

/* ------------------------------------------------------------ HTTP */

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function request(method, target, headers = {}, { fresh = false } = {}) {
  return new Promise((resolveP) => {
    const req = http.request({
      host: base.hostname,
      port: base.port,
      method,
      path: target,
      headers: { ...(method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS' ? { 'Content-Length': '0' } : {}), ...headers },
      agent: fresh ? false : agent,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        resolveP({ status: res.statusCode, headers: res.headers, raw, error: null });
      });
      res.on('error', (e) => resolveP({ status: 0, headers: {}, raw: Buffer.alloc(0), error: e }));
    });
    req.on('error', (e) => resolveP({ status: 0, headers: {}, raw: Buffer.alloc(0), error: e }));
    req.setTimeout(10000, () => req.destroy(new Error('timed out after 10 s')));
    req.end();
  });
}

function decodeBody(res) {
  if (res.headers['content-encoding'] === 'gzip') {
    try {
      return zlib.gunzipSync(res.raw).toString('utf8');
    } catch (e) {
      fail(`Content-Encoding: gzip but the body does not gunzip: ${e.message}`);
      return null;
    }
  }
  return res.raw.toString('utf8');
}

function mediaType(ct) {
  const [type, ...params] = String(ct).split(';').map((s) => s.trim());
  const p = {};
  for (const kv of params) {
    const i = kv.indexOf('=');
    if (i > 0) p[kv.slice(0, i).toLowerCase()] = kv.slice(i + 1).replace(/^"|"$/g, '');
  }
  return { type: type.toLowerCase(), params: p };
}

/* ------------------------------------------------------------ validation */

/* The operation a request meets: {template, item, opName, op, opPtr}. */
function operationFor(method, target) {
  const pathname = target.split('?')[0];
  const m = matchPath(pathname);
  if (!m) return null;
  const item = doc.paths[m.template];
  const lower = method.toLowerCase();
  const opName = ['get', 'head', 'options'].includes(lower) ? lower : 'get';
  return { template: m.template, item, opName, op: item[opName], opPtr: `/paths/${escPtr(m.template)}/${opName}` };
}

/* The media type of a `fields` answer (a projection). */
const PROJECTION = 'application/vnd.aid-api.projection+json';

/* Validates one response against the document; returns the parsed body.
 * prefix is the trusted X-Forwarded-Prefix the request was sent with. */
function validateResponse(method, target, res, { prefix = '' } = {}) {
  const o = operationFor(method, target);
  let respObj;
  let respPtr;
  if (!o) {
    ({ value: respObj, ptr: respPtr } = deref(doc.components.responses.NotFound, '/components/responses/NotFound'));
    if (res.status !== 404) fail(`a path the document does not have answered ${res.status}, not 404`);
  } else {
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && res.status !== 405) fail(`method ${method} answered ${res.status}, not 405`);
    const key = String(res.status);
    const declared = o.op.responses[key];
    if (!declared) {
      fail(`status ${res.status} is not declared for ${o.opName.toUpperCase()} ${o.template} (declared: ${Object.keys(o.op.responses).join(', ')})`);
      return undefined;
    }
    ({ value: respObj, ptr: respPtr } = deref(declared, `${o.opPtr}/responses/${key}`));
    covered.add(`${o.opName.toUpperCase()} ${o.template} ${key}`);
  }

  /* Headers: the declared ones, and no API header the document does not
   * declare for this response. */
  const declaredHeaders = respObj.headers || {};
  const declaredLower = new Set(Object.keys(declaredHeaders).map((h) => h.toLowerCase()));
  for (const [name, hRef] of Object.entries(declaredHeaders)) {
    const { value: h, ptr: hPtr } = deref(hRef, `${respPtr}/headers/${escPtr(name)}`);
    const v = res.headers[name.toLowerCase()];
    if (v === undefined) {
      if (h.required) fail(`missing header ${name}`);
      continue;
    }
    const sv = Array.isArray(v) ? v.join(', ') : v;
    const sch = deref(h.schema, `${hPtr}/schema`);
    const wantsInt = sch.value && (sch.value.type === 'integer' || sch.value.type === 'number');
    const value = wantsInt && /^-?[0-9]+$/.test(sv) ? Number(sv) : sv;
    const err = schemaErrors(`${hPtr}/schema`, value);
    if (err) fail(`header ${name}: ${JSON.stringify(sv)}: ${err}`);
  }
  for (const name of Object.keys(res.headers)) {
    if (apiHeaders.has(name) && !declaredLower.has(name)) fail(`header ${name} is sent but not declared for this response`);
  }

  /* The representation: a `fields` answer is the projection, any other
   * JSON 200 application/json; CSV is a download, JSON is not. */
  const sentType = res.headers['content-type'] ? mediaType(res.headers['content-type']).type : null;
  if (o && res.status === 200 && (sentType === 'application/json' || sentType === PROJECTION) &&
      opParams(o.op).some((p) => p.name === 'fields')) {
    const asked = new URLSearchParams(target.split('?')[1] || '').has('fields');
    const want = asked ? PROJECTION : 'application/json';
    if (sentType !== want) fail(`${asked ? 'a fields answer' : 'an answer without fields'} is ${sentType}, not ${want}`);
  }
  /* A download names its file: CSV of a collection, and every response
   * that declares Content-Disposition as required; nothing else does. */
  const disposition = Object.entries(declaredHeaders).find(([n]) => n.toLowerCase() === 'content-disposition');
  if (sentType === 'text/csv' && res.headers['content-disposition'] === undefined) fail('CSV without Content-Disposition');
  if (disposition && deref(disposition[1]).value.required && res.status === 200 && res.headers['content-disposition'] === undefined) fail('a download without Content-Disposition');
  if (sentType !== 'text/csv' && res.headers['content-disposition'] !== undefined && !disposition) fail(`Content-Disposition ${res.headers['content-disposition']} on ${sentType}`);

  /* Content. */
  if (method === 'HEAD' || !respObj.content) {
    if (res.raw.length !== 0) fail(`expected no body, got ${res.raw.length} bytes`);
    return undefined;
  }
  const ct = res.headers['content-type'];
  if (!ct) {
    fail('no Content-Type');
    return undefined;
  }
  const mt = mediaType(ct);
  const media = respObj.content[mt.type];
  if (!media) {
    fail(`Content-Type ${ct} is not one the document declares (${Object.keys(respObj.content).join(', ')})`);
    return undefined;
  }
  /* text has its charset; a binary file (the database, a ZIP archive) none */
  const binary = media.schema?.$ref === '#/components/schemas/BinaryFile';
  if (!binary && (mt.params.charset || '').toLowerCase() !== 'utf-8') fail(`Content-Type ${ct} has no charset=utf-8`);
  if (binary && mt.params.charset !== undefined) fail(`Content-Type ${ct} of a binary file has a charset`);
  if (mt.type === 'text/csv' && mt.params.header !== 'present') fail(`Content-Type ${ct} has no header=present`);
  if (mt.type === 'text/plain' && target.startsWith('/metrics') && mt.params.version !== '0.0.4') fail(`Content-Type ${ct} is not version=0.0.4`);
  if (binary) return undefined;
  const text = decodeBody(res);
  if (text === null) return undefined;
  const schemaPtr = `${respPtr}/content/${escPtr(mt.type)}/schema`;
  let body = text;
  if (mt.type === 'application/json' || mt.type.endsWith('+json')) {
    try {
      body = JSON.parse(text);
    } catch (e) {
      fail(`the body is not JSON: ${e.message}: ${text.slice(0, 120)}`);
      return undefined;
    }
  }
  const err = schemaErrors(schemaPtr, body);
  if (err) fail(`body does not match ${media.schema.$ref || schemaPtr}: ${err}`);
  if (typeof body === 'object' && target.startsWith(`${API}`)) checkLinks(body, prefix);
  return body;
}

/*
 * Every object of an answer that has an id and an href (an item, a
 * reference, a candidate, a totals record, the index's source): the href
 * is the address of an item that exists, and a name is that item's name.
 * Every figure's part_of is the label of another figure of its event.
 */
const itemNames = new Map(); /* "/api/v1/entities/wenshan" -> name or title */
function checkLinks(value, prefix, where = '') {
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkLinks(v, prefix, `${where}/${i}`));
    return;
  }
  if (!value || typeof value !== 'object') return;
  if (typeof value.id === 'string' && typeof value.href === 'string' && itemNames.size) {
    const path = value.href.startsWith(prefix) ? value.href.slice(prefix.length) : null;
    if (path === null) fail(`${where}/href ${value.href} does not start with ${prefix}`);
    else if (!itemNames.has(path)) fail(`${where}/href ${value.href} is the address of no item`);
    else {
      if (!path.endsWith(`/${encodeURIComponent(value.id)}`)) fail(`${where}/href ${value.href} is not the address of ${value.id}`);
      if (typeof value.name === 'string' && value.name !== itemNames.get(path)) fail(`${where}/name ${JSON.stringify(value.name)} is not the name of ${path}, ${JSON.stringify(itemNames.get(path))}`);
    }
  }
  if (Array.isArray(value.figures)) {
    const labels = value.figures.map((f) => f && f.label);
    value.figures.forEach((f, i) => {
      if (f && f.part_of !== null && f.part_of !== undefined && (f.part_of === f.label || !labels.includes(f.part_of))) {
        fail(`${where}/figures/${i}/part_of ${JSON.stringify(f.part_of)} is not the label of another figure of the event`);
      }
    });
  }
  for (const [k, v] of Object.entries(value)) if (v && typeof v === 'object') checkLinks(v, prefix, `${where}/${k}`);
}

/*
 * One request: sends it, checks the status and validates the response;
 * then (for GET, unless head is false) sends HEAD with the same target and
 * headers and checks it answers the same status and headers, no body.
 * Returns {status, headers, body, text} (body parsed JSON or text).
 */
async function check({ method = 'GET', target, headers = {}, expect, head = true, fresh = false, then }) {
  const label = describeReq(method, target, headers);
  current = label;
  beginResponse();
  const res = await request(method, target, headers, { fresh });
  if (opts.verbose) console.log(`${res.status} ${label}`);
  let body;
  if (res.error) {
    fail(`no response: ${res.error.message}`);
    if (res.error.code === 'ECONNREFUSED') {
      endResponse();
      throw Object.assign(new Error(`the server at ${opts.base} stopped answering (it crashed?): ${label} was refused; the failures before it tell which request it died on`), { serverGone: true });
    }
  } else {
    const want = Array.isArray(expect) ? expect : [expect];
    if (expect !== undefined && !want.includes(res.status)) {
      const preview = res.raw.length ? `: ${decodeBody(res)?.slice(0, 200)}` : '';
      fail(`status ${res.status}, expected ${want.join(' or ')}${preview}`);
    }
    body = validateResponse(method, target, res, { prefix: requestPrefix(headers) });
  }
  const out = { ...res, body, text: res.error ? '' : (res.headers['content-encoding'] === 'gzip' ? safeGunzip(res.raw) : res.raw.toString('utf8')) };
  if (then && !res.error) {
    try {
      await then(out);
    } catch (e) {
      current = label;
      fail(`check threw: ${e.stack || e}`);
    }
  }
  current = label;
  endResponse();
  if (method === 'GET' && head && !res.error) await checkHead(target, headers, out);
  current = null;
  return out;
}

function safeGunzip(buf) {
  try {
    return zlib.gunzipSync(buf).toString('utf8');
  } catch {
    return '';
  }
}

const VOLATILE = new Set(['date', 'x-request-id', 'connection', 'keep-alive']);
async function checkHead(target, headers, get) {
  const label = describeReq('HEAD', target, headers);
  current = label;
  beginResponse();
  const res = await request('HEAD', target, headers);
  if (opts.verbose) console.log(`${res.status} ${label}`);
  if (res.error) {
    fail(`no response: ${res.error.message}`);
    endResponse();
    return;
  }
  if (res.status !== get.status) fail(`HEAD answered ${res.status}, GET ${get.status}`);
  validateResponse('HEAD', target, res, { prefix: requestPrefix(headers) });
  const names = new Set([...Object.keys(res.headers), ...Object.keys(get.headers)]);
  for (const n of names) {
    if (VOLATILE.has(n)) continue;
    if (n === 'content-length' && (res.headers[n] === undefined || target.startsWith('/metrics'))) continue;
    if (String(res.headers[n]) !== String(get.headers[n])) {
      fail(`HEAD header ${n} is ${JSON.stringify(res.headers[n])}, GET's ${JSON.stringify(get.headers[n])}`);
    }
  }
  if (get.status !== 304 && get.status !== 204 && get.headers['content-length'] !== undefined &&
      Number(get.headers['content-length']) !== get.raw.length) {
    fail(`GET Content-Length ${get.headers['content-length']} but ${get.raw.length} bytes of body`);
  }
  endResponse();
  current = null;
}

/* ------------------------------------------------------------ helpers */

/* The prefix links carry for a request: its X-Forwarded-Prefix, trusted. */
function requestPrefix(headers) {
  const h = Object.entries(headers || {}).find(([k]) => k.toLowerCase() === 'x-forwarded-prefix');
  return h && opts.trustProxy ? h[1].replace(/\/+$/, '') : '';
}

const enc = (s) => encodeURIComponent(s).replace(/%2C/gi, ',');
function withQuery(path, params) {
  const q = Object.entries(params).map(([k, v]) => (v === null ? enc(k) : `${enc(k)}=${enc(v)}`));
  return q.length ? `${path}?${q.join('&')}` : path;
}
function expectParamError(res, param) {
  const errs = res.body && Array.isArray(res.body.errors) ? res.body.errors : [];
  if (!errs.some((e) => e.param === param)) fail(`the 400 does not name parameter '${param}' in errors (${JSON.stringify(errs).slice(0, 200)})`);
}
const slugify = (s) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
  .replace(/['\u2019]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
function splitList(v) {
  return String(v || '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
}

/* JSON with object keys sorted, to compare documents whatever their order. */
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

/* Params of an operation, dereferenced. */
function opParams(op) {
  return (op.parameters || []).map((p) => {
    const d = deref(p).value;
    return { ...d, ref: p.$ref, schemaRef: d.schema && d.schema.$ref, schema: deref(d.schema).value };
  });
}

/* A value the parameter's schema allows (for a parameter sent where it is
 * not documented). */
function validValue(p, entityFor) {
  const s = p.schema;
  if (p.schemaRef === '#/components/schemas/EntityKey') return entityFor[p.name] || entityFor.entity;
  if (s.type === 'array') return (deref(s.items).value.enum || ['id'])[0];
  if (s.enum) return s.enum[0];
  if (s.default !== undefined) return String(s.default);
  if (s.minimum !== undefined) return String(s.minimum);
  if (s.examples) return String(s.examples[0]);
  return '1';
}

/* 1 when an operation's 200 JSON is {"data": ...} (an item or a list). */
function hasDataItem(op) {
  const r = deref(op.responses['200']).value;
  const json = r.content && r.content['application/json'];
  return Boolean(json && deref(json.schema).value.properties?.data);
}

/* The item schema (component) of a collection's or item's 200 JSON. */
function itemSchemaOf(op) {
  const r = deref(op.responses['200']).value;
  const s = deref(r.content['application/json'].schema).value;
  const data = deref(s.properties.data).value;
  return data.type === 'array' ? deref(data.items).value : data;
}

/* The item schema of a collection's or item's 200 projection, or null. */
function projectionSchemaOf(op) {
  const r = deref(op.responses['200']).value;
  const media = r.content && r.content[PROJECTION];
  if (!media) return null;
  const s = deref(media.schema).value;
  const data = deref(s.properties.data).value;
  return data.type === 'array' ? deref(data.items).value : data;
}

/* RFC 4180 parser: rows of fields. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new Error('an unterminated quoted field');
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/* References (the schemas of {id, name, href} to another item): CSV gives
 * each, or each list of them, two columns, x.id and x.name; a reference
 * that also says whether the article states it (inferred) a third,
 * x.inferred. */
const REF_SCHEMAS = new Set(['EntityRef', 'PartnershipRef', 'FundingRef'].map((n) => `#/components/schemas/${n}`));
const READ_REF_SCHEMAS = new Set(['RecipientRef', 'ContainerRef', 'LocationRef'].map((n) => `#/components/schemas/${n}`));

/* What a property schema is for CSV: 'ref' (a reference, a list of them,
 * or a reference or null), 'readref' (the same of references that say
 * whether they are read), {object} (another object, or it or null: its
 * properties are flattened) or 'cell' (anything else: one column). */
function csvShape(node, depth = 0) {
  let n = node;
  for (let i = 0; n && typeof n.$ref === 'string' && i < 20; i++) {
    if (REF_SCHEMAS.has(n.$ref)) return 'ref';
    if (READ_REF_SCHEMAS.has(n.$ref)) return 'readref';
    n = getPtr(n.$ref.slice(1));
  }
  if (!n || depth > 5) return 'cell';
  if (n.type === 'array' && n.items) {
    const shape = csvShape(n.items, depth + 1);
    return shape === 'ref' || shape === 'readref' ? shape : 'cell';
  }
  if (n.type === 'object' && n.properties) return n;
  for (const alt of n.oneOf || n.anyOf || []) {
    const shape = csvShape(alt, depth + 1);
    if (shape !== 'cell') return shape;
  }
  return 'cell';
}

/*
 * The CSV columns of an item schema, by the rule of the CsvTable schema:
 * each property in order (the item's own href too); a reference (or a list of them) as
 * x.id and x.name; another object flattened into its dotted sub-columns,
 * recursively. They depend on the schema and the fields asked for, never
 * on the data.
 */
function csvColumns(itemSchema, fields = null, prefix = '') {
  const cols = [];
  const names = fields ? [...new Set(fields)] : Object.keys(itemSchema.properties);
  for (const name of names) {
    const prop = itemSchema.properties[name];
    /* x-csv: omit (no column) or count (x.count, the list's length) */
    if (prop && prop['x-csv'] === 'omit') continue;
    if (prop && prop['x-csv'] === 'count') {
      cols.push(`${prefix}${name}.count`);
      continue;
    }
    const shape = csvShape(prop);
    if (shape === 'ref') cols.push(`${prefix}${name}.id`, `${prefix}${name}.name`);
    else if (shape === 'readref') cols.push(`${prefix}${name}.id`, `${prefix}${name}.name`, `${prefix}${name}.inferred`);
    else if (shape !== 'cell') cols.push(...csvColumns(shape, null, `${prefix}${name}.`));
    else cols.push(`${prefix}${name}`);
  }
  return cols;
}

/* The cell of a JSON value: a list joined by "; ", an object element by
 * its id or else its non-null values joined by spaces; null is empty. */
function csvCell(v) {
  const scalar = (x) => (x === null || x === undefined ? '' : String(x));
  if (!Array.isArray(v)) return scalar(v);
  return v.map((e) => {
    if (e && typeof e === 'object') {
      if ('id' in e) return scalar(e.id);
      return Object.values(e).filter((x) => x !== null).map(scalar).join(' ');
    }
    return scalar(e);
  }).join('; ');
}

/* The cell of a dotted column of an item: through a list, the value of
 * each element, joined by "; " (donors.name: the donors' names). Returns
 * undefined where the column ends on an object that is not a list. */
function csvCellAt(v, path) {
  if (Array.isArray(v)) return v.map((e) => csvCellAt(e, path) ?? '').join('; ');
  if (v === null || typeof v !== 'object') return '';
  const dot = path.indexOf('.');
  const x = v[dot < 0 ? path : path.slice(0, dot)];
  if (dot >= 0 && Array.isArray(x) && path.slice(dot + 1) === 'count') return String(x.length);
  if (dot >= 0) return x && typeof x === 'object' ? csvCellAt(x, path.slice(dot + 1)) : '';
  if (x && typeof x === 'object' && !Array.isArray(x)) return undefined;
  return csvCell(x);
}

/* The CSV of a collection or totals page against its JSON: the header
 * (from the schema and fields), one row per item, every cell. */
async function checkCsvAgainstJson(csvRes, jsonTarget, itemSchema, fields = null) {
  let rows;
  try {
    rows = parseCsv(csvRes.text);
  } catch (e) {
    fail(`the CSV does not parse: ${e.message}`);
    return;
  }
  if (!/\r\n$/.test(csvRes.text)) fail('the CSV does not end with CRLF');
  /* Without limit a CSV holds every row: the JSON to compare is all of
   * them (limit=500, every item of this dataset). */
  const o = operationFor('GET', jsonTarget);
  const [jpath, jquery] = jsonTarget.split('?');
  const jparams = new URLSearchParams(jquery || '');
  if (o && opParams(o.op).some((x) => x.name === 'limit') && !jparams.has('limit')) {
    jparams.set('limit', '500');
    jsonTarget = `${jpath}?${jparams.toString().replace(/%2C/gi, ',')}`;
    const total = Number(csvRes.headers['x-total-count']);
    const want = Math.max(0, total - Number(jparams.get('offset') || 0));
    if (rows.length - 1 !== want) fail(`the CSV without limit has ${rows.length - 1} rows; X-Total-Count ${total} less the offset is ${want}`);
  }
  const json = await check({ target: jsonTarget, expect: 200, head: false });
  current = `CSV of ${jsonTarget}`;
  if (!json.body || !Array.isArray(json.body.data)) return;
  const items = json.body.data;
  if (rows.length === 0) {
    fail('the CSV has no header row');
    return;
  }
  const header = rows[0];
  const want = csvColumns(itemSchema, fields);
  if (header.join(',') !== want.join(',')) fail(`the CSV header is ${JSON.stringify(header.join(','))}; the schema's columns are ${JSON.stringify(want.join(','))}`);
  const dataRows = rows.slice(1);
  if (dataRows.length !== items.length) fail(`the CSV has ${dataRows.length} rows, the JSON ${items.length} items`);
  for (let r = 0; r < Math.min(dataRows.length, items.length); r++) {
    const row = dataRows[r];
    if (row.length !== header.length) {
      fail(`CSV row ${r + 1} has ${row.length} fields, the header ${header.length}`);
      continue;
    }
    header.forEach((col, c) => {
      const cell = csvCellAt(items[r], col);
      if (cell === undefined) {
        fail(`CSV column ${col} holds an object`);
        return;
      }
      if (row[c] !== cell) fail(`CSV row ${r + 1} column ${col} is ${JSON.stringify(row[c].slice(0, 60))}, the JSON gives ${JSON.stringify(cell.slice(0, 60))}`);
    });
  }
}

/* What a browser script must be able to read (API.md, the issue). */
const EXPOSED = ['link', 'x-total-count', 'etag', 'x-request-id', 'content-location', 'allow', 'content-disposition'];

/* Collections: envelope consistency, headers, projection. */
function checkEnvelope(res, { limit = 50, offset = 0, fields = null, itemSchema, prefix = '' }) {
  const b = res.body;
  if (!b || !b.meta || !Array.isArray(b.data)) return;
  if (b.meta.count !== b.data.length) fail(`meta.count ${b.meta.count} but ${b.data.length} items`);
  if (b.meta.limit !== limit) fail(`meta.limit ${b.meta.limit}, asked ${limit}`);
  if (b.meta.offset !== offset) fail(`meta.offset ${b.meta.offset}, asked ${offset}`);
  if (b.data.length > limit) fail(`${b.data.length} items, more than limit ${limit}`);
  if (b.meta.count !== Math.max(0, Math.min(limit, b.meta.total - offset))) fail(`meta.count ${b.meta.count} with total ${b.meta.total}, limit ${limit}, offset ${offset}`);
  if (String(res.headers['x-total-count']) !== String(b.meta.total)) fail(`X-Total-Count ${res.headers['x-total-count']} but meta.total ${b.meta.total}`);
  const links = {};
  for (const part of String(res.headers.link || '').split(/,\s*(?=<)/).filter(Boolean)) {
    const m = /^<([^>]*)>;\s*rel="([^"]+)"$/.exec(part.trim());
    if (m) links[m[2]] = m[1];
    else fail(`Link part ${JSON.stringify(part)} is not <path>; rel="..."`);
  }
  for (const rel of ['next', 'prev']) {
    if ((links[rel] ?? null) !== b.links[rel]) fail(`Link rel=${rel} ${JSON.stringify(links[rel] ?? null)} but links.${rel} ${JSON.stringify(b.links[rel])}`);
    if (b.links[rel] && !b.links[rel].startsWith(`${prefix}/api/v1/`)) fail(`links.${rel} ${b.links[rel]} does not start with ${prefix}/api/v1/`);
  }
  if (!b.links.self.startsWith(`${prefix}/api/v1/`)) fail(`links.self ${b.links.self} does not start with ${prefix}/api/v1/`);
  if ((offset + limit < b.meta.total) !== (b.links.next !== null)) fail(`links.next ${b.links.next} with total ${b.meta.total}, offset ${offset}, limit ${limit}`);
  if ((offset > 0) !== (b.links.prev !== null)) fail(`links.prev ${b.links.prev} with offset ${offset}`);
  checkProjection(b.data, fields, itemSchema);
}
/* Without fields every documented property is present; with fields, exactly those named. */
function checkProjection(items, fields, itemSchema) {
  const all = Object.keys(itemSchema.properties);
  const want = fields ? [...new Set(fields)] : all;
  for (const it of items) {
    const keys = Object.keys(it);
    const missing = want.filter((k) => !keys.includes(k));
    const extra = keys.filter((k) => !want.includes(k));
    if (missing.length || extra.length) {
      fail(`item ${it.id ?? '?'} has fields [${keys.join(',')}]; expected [${want.join(',')}]${missing.length ? ` (missing ${missing.join(',')})` : ''}${extra.length ? ` (extra ${extra.join(',')})` : ''}`);
      return;
    }
  }
}

/*
 * A totals answer: each row adds up exactly its counted records; a record
 * is in one list of a row at most, with its own amount; contained records
 * have their container, stated, in the row; uncertain ones their possible
 * or read container; no counted one has either; at_least is true when a
 * counted record is a lower bound or anything is uncertain, shared or
 * inferred; a kind row has no href and
 * holds only its kind (shared ones too: with recipient=, a record that the
 * recipient shares with other places), an entity row the entity's address
 * and name.
 */
const fundingById = new Map();
function checkTotals(body, groupBy) {
  if (!body || !Array.isArray(body.data) || !body.meta) return;
  if (body.meta.group_by !== groupBy) fail(`meta.group_by is ${body.meta.group_by}, asked ${groupBy}`);
  const keys = new Set();
  body.data.forEach((row, i) => {
    const w = `/data/${i} (${row.key})`;
    if (keys.has(row.key)) fail(`${w}: a second row for ${row.key}`);
    keys.add(row.key);
    const lists = ['counted', 'contained', 'uncertain', 'shared', 'inferred'];
    if (!lists.every((l) => Array.isArray(row[l]))) return;
    const sum = row.counted.reduce((a, r) => a + r.amount_yuan, 0);
    if (row.amount_yuan !== sum) fail(`${w}: amount_yuan ${row.amount_yuan}, its counted records add up to ${sum}`);
    const seen = new Set();
    for (const l of lists) {
      for (const r of row[l]) {
        if (seen.has(r.id)) fail(`${w}: ${r.id} is in two lists`);
        seen.add(r.id);
        const f = fundingById.get(r.id);
        if (!f) fail(`${w}: ${l} names ${r.id}, no funding record`);
        else if (f.amount_yuan !== r.amount_yuan) fail(`${w}: ${l} gives ${r.id} ${r.amount_yuan} yuan, the record ${f.amount_yuan}`);
      }
    }
    const rec = (r) => fundingById.get(r.id) || {};
    const inRow = new Set([...row.counted, ...row.contained, ...row.uncertain].map((r) => r.id));
    for (const r of row.contained) if (!(rec(r).part_of && !rec(r).part_of.inferred && inRow.has(rec(r).part_of.id))) fail(`${w}: ${r.id} is contained, but not stated to be part_of a record of the row`);
    for (const r of row.uncertain) if (!(rec(r).possibly_part_of && inRow.has(rec(r).possibly_part_of.id)) && !(rec(r).part_of && rec(r).part_of.inferred && inRow.has(rec(r).part_of.id))) fail(`${w}: ${r.id} is uncertain, but neither possibly_part_of nor read to be part_of a record of the row`);
    for (const r of row.counted) {
      const f = rec(r);
      if ((f.part_of && inRow.has(f.part_of.id)) || (f.possibly_part_of && inRow.has(f.possibly_part_of.id))) fail(`${w}: ${r.id} is counted, but its container is in the row too`);
    }
    const atLeast = row.counted.some((r) => rec(r).bound === 'at_least') || row.shared.length > 0 || row.uncertain.length > 0 || row.inferred.length > 0;
    if (row.at_least !== atLeast) fail(`${w}: at_least is ${row.at_least}, its records say ${atLeast}`);
    if (groupBy === 'kind') {
      if (row.href !== null) fail(`${w}: a kind's row has href ${row.href}`);
      for (const id of inRow) if (fundingById.has(id) && fundingById.get(id).kind !== row.key) fail(`${w}: ${id} is of kind ${fundingById.get(id).kind}`);
    } else {
      const href = `${API}/entities/${encodeURIComponent(row.key)}`;
      if (row.href !== href) fail(`${w}: href ${row.href}, not ${href}`);
      else if (itemNames.size && row.name !== itemNames.get(href)) fail(`${w}: name ${JSON.stringify(row.name)}, the entity's is ${JSON.stringify(itemNames.get(href))}`);
    }
  });
}

function checkCaching(res) {
  const vary = splitList(res.headers.vary);
  if (res.headers['content-encoding'] === 'gzip' && !vary.includes('accept-encoding')) fail(`gzip but Vary is ${JSON.stringify(res.headers.vary)}`);
  if (res.headers.etag && /^W\//.test(res.headers.etag)) fail(`ETag ${res.headers.etag} is weak`);
}

/* ------------------------------------------------------------ the checks */

const API = '/api/v1';
const COLLECTIONS = Object.keys(doc.paths)
  .filter((t) => t.startsWith(`${API}/`) && !t.includes('{') && doc.paths[t].get.responses['200'] &&
    deref(doc.paths[t].get.responses['200']).value.headers['X-Total-Count']);

async function main() {
  /* The document itself: every path answers GET, HEAD and OPTIONS; every
   * fields parameter lists exactly its item's properties. */
  current = 'document';
  for (const [t, item] of Object.entries(doc.paths)) {
    for (const m of ['get', 'head', 'options']) if (!item[m]) fail(`${t} has no ${m}`);
    if (item.get && !item.get.responses['405']) fail(`GET ${t} does not declare 405`);
    for (const m of ['get', 'head']) {
      const f = opParams(item[m] || {}).find((p) => p.name === 'fields');
      if (f) {
        const props = Object.keys(itemSchemaOf(item.get).properties);
        if (f.schema.items.enum.join(',') !== props.join(',')) fail(`${m.toUpperCase()} ${t}: fields lists ${f.schema.items.enum.join(',')}, the item has ${props.join(',')}`);
      }
      for (const p of opParams(item[m] || {})) {
        if (p.schema && p.schema.type === 'array' && (p.style !== 'form' || p.explode !== false)) fail(`${m.toUpperCase()} ${t}: the list parameter ${p.name} is not style: form, explode: false`);
      }
    }
    /* A full item lists every field as required; its projection has the
     * same fields, none required, under the projection media type. */
    if (item.get.responses['200'] && opParams(item.get).some((p) => p.name === 'fields')) {
      const full = itemSchemaOf(item.get);
      const props = Object.keys(full.properties);
      if ((full.required || []).join(',') !== props.join(',')) fail(`GET ${t}: the item requires [${(full.required || []).join(',')}], not every field [${props.join(',')}]`);
      const proj = projectionSchemaOf(item.get);
      if (!proj) fail(`GET ${t}: 200 has no ${PROJECTION} content`);
      else {
        if (Object.keys(proj.properties).join(',') !== props.join(',')) fail(`GET ${t}: the projection has [${Object.keys(proj.properties).join(',')}], the item [${props.join(',')}]`);
        if (proj.required && proj.required.length) fail(`GET ${t}: the projection requires [${proj.required.join(',')}]`);
      }
    }
  }
  current = null;

  /* Ids and keys, from the collections' answers. */
  const firstPage = {};
  for (const coll of COLLECTIONS) {
    const res = await check({ target: withQuery(coll, { limit: 500 }), expect: 200, head: false });
    firstPage[coll] = res.body && Array.isArray(res.body.data) ? res.body.data : [];
    if (firstPage[coll].length === 0) {
      current = coll;
      fail('the collection is empty: no id to check items with');
    }
  }
  for (const coll of COLLECTIONS) {
    for (const it of firstPage[coll]) itemNames.set(`${coll}/${encodeURIComponent(it.id)}`, it.name ?? it.title);
  }
  const entities = firstPage[`${API}/entities`] || [];
  const idOf = (coll) => (firstPage[coll][0] || {}).id || 'none';
  const entityWithAlias = entities.find((e) => Array.isArray(e.aliases) && e.aliases.some((a) => slugify(a) !== e.id));
  const entityWithParent = entities.find((e) => e.parent);
  const parentId = entityWithParent ? entityWithParent.parent.id : idOf(`${API}/entities`);
  const childOfParent = entities.filter((e) => e.parent && e.parent.id === parentId);
  /* A key that names two entities: a slug shared by two of them, else the
   * README's example, baoshan (Baoshan District and Baoshan City). */
  const slugOwners = new Map();
  for (const e of entities) {
    for (const s of new Set([e.id, slugify(e.name || ''), ...(e.aliases || []).map(slugify)])) {
      if (!slugOwners.has(s)) slugOwners.set(s, new Set());
      slugOwners.get(s).add(e.id);
    }
  }
  const ambiguous = [...slugOwners.entries()].find(([, ids]) => ids.size > 1);
  const ambiguousKey = ambiguous ? ambiguous[0] : 'baoshan';
  const funding = firstPage[`${API}/funding`] || [];
  for (const f of funding) fundingById.set(f.id, f);
  const donorId = funding[0] && funding[0].donor ? funding[0].donor.id : idOf(`${API}/entities`);
  const recipientId = funding[0] && funding[0].recipients && funding[0].recipients[0] ? funding[0].recipients[0].id : idOf(`${API}/entities`);
  const entityFor = { entity: recipientId, donor: donorId, recipient: recipientId, parent: parentId };

  /* An item's path with a real id; another path parameter (a file of the
   * page) with its first example. */
  const concrete = (t) => t.replace(/\{([^}]+)\}/, (_, name) => {
    const coll = t.replace(/\/\{[^}]+\}$/, '');
    if (firstPage[coll]) return enc(idOf(coll));
    const p = opParams(doc.paths[t].get).find((x) => x.in === 'path' && x.name === name);
    return enc((p && p.schema && p.schema.examples && p.schema.examples[0]) || 'none');
  });

  /* The index, for the build time. */
  const serviceDesc = (prefix) => (res) => {
    const want = `<${prefix}/openapi.json>; rel="service-desc"`;
    if (res.headers.link !== want) fail(`Link is ${JSON.stringify(res.headers.link)}, not ${want}`);
    const got = res.body?.data?.links?.openapi;
    if (res.body && got !== `${prefix}/openapi.json`) fail(`links.openapi is ${JSON.stringify(got)}`);
  };
  const index = await check({ target: API, expect: 200, then: serviceDesc('') });
  const builtAt = index.body && index.body.meta ? Date.parse(index.body.meta.built_at) : NaN;

  for (const t of Object.keys(doc.paths)) {
    const item = doc.paths[t];
    const get = item.get;
    const target = concrete(t);
    const params = opParams(get).filter((p) => p.in === 'query');
    const isColl = COLLECTIONS.includes(t);
    const isItem = t.startsWith(`${API}/`) && t.includes('{') && hasDataItem(get);
    const itemSchema = isColl || isItem ? itemSchemaOf(get) : null;
    const rowSchema = itemSchema || deref(schemaOfRows(get)).value;
    const cached = Boolean(get.responses['304']);
    const hasCsv = Boolean(deref(get.responses['200']).value.content?.['text/csv']) &&
      params.some((p) => p.name === 'format' && (p.schema.enum || []).includes('csv'));
    const after = (extra = {}) => (res) => {
      if (res.status !== 200) return;
      if (cached) {
        checkCaching(res);
        const lm = Date.parse(res.headers['last-modified']);
        if (!Number.isNaN(builtAt) && !Number.isNaN(lm) && Math.abs(lm - builtAt) > 1000) {
          fail(`Last-Modified ${res.headers['last-modified']} is not the build time ${index.body.meta.built_at}`);
        }
      }
      if (isColl && res.body && typeof res.body === 'object' && t !== `${API}/funding/totals`) checkEnvelope(res, { itemSchema, ...extra });
      if (isItem && res.body && res.body.data) checkProjection([res.body.data], extra.fields || null, itemSchema);
      if (t === `${API}/funding/totals` && res.body && typeof res.body === 'object') checkTotals(res.body, extra.groupBy || 'kind');
    };

    /* The plain GET (and HEAD), OPTIONS, other methods. */
    const plain = await check({ target, expect: 200, then: after() });
    await check({ target: `${target.split('?')[0]}/`, expect: 200, head: false, then: async (res) => {
      if (plain.body !== undefined && JSON.stringify(res.body) !== JSON.stringify(plain.body) && t !== '/metrics') {
        fail('with a trailing slash the body differs from without');
      }
    } });
    await check({ method: 'OPTIONS', target, expect: 204, then: (res) => {
      if (res.headers.allow !== 'GET, HEAD, OPTIONS') fail(`Allow is ${JSON.stringify(res.headers.allow)}`);
    } });
    for (const m of t === API ? ['POST', 'PUT', 'PATCH', 'DELETE'] : ['POST', 'DELETE']) {
      await check({ method: m, target, expect: 405 });
    }

    /* 414 and 431, for GET, HEAD and OPTIONS (9 KB of fields: over the
     * server's 8 KiB, within libmicrohttpd's 16 KiB for a connection). */
    const longTarget = `${target.split('?')[0]}${isItem ? 'x'.repeat(9000) : `?pad=${'x'.repeat(9000)}`}`;
    for (const m of ['GET', 'HEAD', 'OPTIONS']) {
      await check({ method: m, target: longTarget, expect: 414, head: false, fresh: true });
      await check({ method: m, target, headers: { 'X-Padding': 'y'.repeat(4500), 'X-Padding-2': 'z'.repeat(4500) }, expect: 431, head: false, fresh: true });
    }

    /* A body (no route takes one: refused before it is read), a
     * transfer coding other than chunked, and codings that do not end in
     * chunked (no length: RFC 9112, 6.3), for GET, HEAD and OPTIONS. */
    for (const m of ['GET', 'HEAD', 'OPTIONS']) {
      await check({ method: m, target, headers: { 'Content-Length': '5' }, expect: 413, head: false, fresh: true });
      await check({ method: m, target, headers: { 'Transfer-Encoding': 'gzip, chunked' }, expect: 501, head: false, fresh: true });
      await check({ method: m, target, headers: { 'Transfer-Encoding': 'gzip' }, expect: 400, head: false, fresh: true });
    }

    /* pretty, and every other parameter from its schema. */
    const seen = new Set();
    for (const p of params) {
      const s = p.schema;
      const valid = [];
      const invalid = [];
      if (p.schemaRef === '#/components/schemas/EntityKey') {
        const id = entityFor[p.name] || recipientId;
        valid.push(id);
        const e = entities.find((x) => x.id === id);
        if (e && e.name) valid.push(e.name.toUpperCase());
        invalid.push('no-such-entity-zzz');
      } else if (s.type === 'array') {
        const values = deref(s.items).value.enum || [];
        for (const v of values) valid.push([v]);
        if (p.name === 'fields') valid.push(values);
        invalid.push(['no_such_value'], [values[0], '']);
      } else if (s.enum) {
        valid.push(...s.enum);
        invalid.push('no_such_value');
      } else if (s.type === 'integer') {
        valid.push(s.minimum, s.maximum, s.default);
        if (s.minimum !== undefined) invalid.push(s.minimum - 1);
        if (s.maximum !== undefined) invalid.push(s.maximum + 1);
        invalid.push('1x', '');
      } else if (s.type === 'string') {
        if (s.examples) valid.push(...s.examples);
        if (s.maxLength) {
          valid.push('a'.repeat(s.maxLength));
          invalid.push('a'.repeat(s.maxLength + 1));
        }
        if (s.pattern) invalid.push('-- ?!');
      }
      for (const v of valid) {
        if (v === undefined) continue;
        const value = Array.isArray(v) ? v.join(',') : String(v);
        const key = `${p.name}=${value}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const q = { [p.name]: value };
        const extra = {};
        if (p.name === 'limit') extra.limit = Number(value);
        if (p.name === 'offset') extra.offset = Number(value);
        if (p.name === 'fields') extra.fields = v;
        if (p.name === 'group_by') extra.groupBy = value;
        const csv = p.name === 'format' && value === 'csv';
        await check({
          target: withQuery(target, q), expect: 200, then: async (res) => {
            if (csv) {
              if (!String(res.headers['content-type'] || '').startsWith('text/csv')) {
                fail(`format=csv answered ${res.headers['content-type']}`);
                return;
              }
              await checkCsvAgainstJson(res, target, rowSchema);
              return;
            }
            after(extra)(res);
            if (p.name === 'pretty' && res.status === 200 && typeof res.body === 'object') {
              const indented = /\n\s+"/.test(res.text);
              if (['1', 'true', ''].includes(value) !== indented) fail(`pretty=${value} ${indented ? 'indents' : 'does not indent'}`);
            }
            if (p.name === 'sort' && res.body && Array.isArray(res.body.data) && (value === 'id' || value === '-id')) {
              const ids = res.body.data.map((x) => x.id);
              const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
              if (value === '-id') sorted.reverse();
              if (ids.join() !== sorted.join()) fail(`sort=${value} does not order by id`);
            }
          },
        });
      }
      for (const v of invalid) {
        const value = Array.isArray(v) ? v.join(',') : String(v);
        await check({ target: withQuery(target, { [p.name]: value }), expect: 400, then: (res) => expectParamError(res, p.name) });
      }
    }
    /* Parameters of other operations are unknown here. */
    /* (each with a value valid where it is documented, so a server that
     * takes it here answers 200 and fails) */
    const mine = new Set(params.map((p) => p.name));
    const others = new Map();
    for (const it of Object.values(doc.paths)) {
      for (const p of opParams(it.get)) {
        if (p.in === 'query' && !mine.has(p.name) && !others.has(p.name)) others.set(p.name, validValue(p, entityFor));
      }
    }
    others.set('no_such_param', '1');
    for (const [name, value] of others) {
      await check({ target: withQuery(target, { [name]: value }), expect: 400, head: false, then: (res) => expectParamError(res, name) });
    }
    /* A repeated parameter is a 400, but for fields and sort, whose
     * repetitions join into one list. */
    await check({ target: `${target}?pretty=1&pretty=1`, expect: 400, then: (res) => expectParamError(res, 'pretty') });
    if (mine.has('limit')) await check({ target: `${target}?limit=1&limit=2`, expect: 400, head: false, then: (res) => expectParamError(res, 'limit') });
    for (const p of params.filter((x) => x.schema.type === 'array')) {
      const values = deref(p.schema.items).value.enum || [];
      /* two values that can go together (not a key and its -key) */
      const two = values.filter((v) => !v.startsWith('-')).slice(-2);
      if (two.length < 2) continue;
      const joined = await check({ target: withQuery(target, { [p.name]: two.join(',') }), expect: 200, head: false });
      await check({ target: `${target}?${two.map((v) => `${p.name}=${enc(v)}`).join('&')}`, expect: 200, then: (res) => {
        after(p.name === 'fields' ? { fields: two } : {})(res);
        if (joined.body && res.body && JSON.stringify(res.body.data) !== JSON.stringify(joined.body.data)) fail(`${p.name}=${two[0]}&${p.name}=${two[1]} answers other data than ${p.name}=${two.join(',')}`);
      } });
      await check({ target: `${target}?${p.name}=${enc(two[0])}&${p.name}=no_such_value`, expect: 400, head: false, then: (res) => expectParamError(res, p.name) });
    }
    if (mine.has('from') && mine.has('to')) {
      await check({ target: withQuery(target, { from: 2001, to: 2000 }), expect: 400, then: (res) => expectParamError(res, 'from') });
      await check({ target: withQuery(target, { from: 2000, to: 2000 }), expect: 200, then: after() });
    }

    /* Items (and files): 404, a bad percent-encoding. */
    if (t.startsWith(`${API}/`) && t.includes('{')) {
      const parent = t.replace(/\/\{[^}]+\}$/, '');
      await check({ target: `${parent}/no-such-id-zzz`, expect: 404 });
      await check({ target: `${parent}/no-such-id-zzz?pretty=1`, expect: 404 });
      await check({ target: `${parent}/%zz`, expect: 400 });
      for (const it of firstPage[parent] || []) {
        await check({ target: `${parent}/${enc(it.id)}`, expect: 200, head: false, then: after() });
      }
    }

    /* Caching: 304 for the ETag, If-Modified-Since, and not for another ETag. */
    if (cached && plain.status === 200) {
      const etag = plain.headers.etag;
      const lm = plain.headers['last-modified'];
      if (etag) {
        await check({ target, headers: { 'If-None-Match': etag }, expect: 304, then: (res) => {
          if (res.headers.etag !== etag) fail(`304 ETag ${res.headers.etag}, the 200's ${etag}`);
        } });
        await check({ target, headers: { 'If-None-Match': `"no-such-etag", ${etag}` }, expect: 304 });
        await check({ target, headers: { 'If-None-Match': '"no-such-etag"' }, expect: 200, then: after() });
        if (lm) await check({ target, headers: { 'If-None-Match': '"no-such-etag"', 'If-Modified-Since': lm }, expect: 200, head: false });
      } else {
        current = describeReq('GET', target, {});
        fail('no ETag, so no 304 to check');
      }
      if (lm) {
        await check({ target, headers: { 'If-Modified-Since': lm }, expect: 304 });
        await check({ target, headers: { 'If-Modified-Since': 'Mon, 01 Jan 1990 00:00:00 GMT' }, expect: 200, head: false });
      }
      /* Another representation has another ETag (pretty changes only
       * JSON: a file of the page stays the same bytes). */
      const pretty = await check({ target: withQuery(target, { pretty: 1 }), expect: 200, head: false });
      const json = /json/.test(mediaType(plain.headers['content-type'] || '').type);
      if (etag && json && pretty.headers.etag === etag) {
        current = describeReq('GET', withQuery(target, { pretty: 1 }), {});
        fail('pretty and compact JSON have the same strong ETag');
      }
    }

    /* gzip. */
    const gz = await check({ target, headers: { 'Accept-Encoding': 'gzip' }, expect: 200, then: (res) => {
      after()(res);
      const identityLen = plain.raw.length;
      const compressed = mediaType(plain.headers['content-type'] || '').type === 'application/zip';
      if (identityLen >= 4096 && !compressed && res.headers['content-encoding'] !== 'gzip') fail(`a ${identityLen}-byte body is not gzip-compressed for Accept-Encoding: gzip`);
      if (res.headers['content-encoding'] === 'gzip') {
        if (res.text !== plain.text && t !== '/metrics') fail('the gzip body does not decompress to the identity body');
        if (cached && !splitList(res.headers.vary).includes('accept-encoding')) fail('gzip without Vary: Accept-Encoding');
        if (cached && res.headers.etag && res.headers.etag === plain.headers.etag) fail('gzip and identity have the same strong ETag');
      }
      if (cached && plain.headers.vary !== undefined && plain.raw.length >= 4096 && !splitList(plain.headers.vary).includes('accept-encoding')) {
        current = describeReq('GET', target, {});
        fail(`a compressible representation without Vary: Accept-Encoding (Vary: ${plain.headers.vary})`);
      }
    } });
    if (gz.headers['content-encoding'] === 'gzip' && gz.headers.etag && cached) {
      await check({ target, headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': gz.headers.etag }, expect: 304 });
    }
    await check({ target, headers: { 'Accept-Encoding': 'gzip;q=0, identity' }, expect: 200, head: false, then: (res) => {
      if (res.headers['content-encoding']) fail(`Content-Encoding ${res.headers['content-encoding']} although gzip;q=0`);
    } });

    /* CSV by Accept, and its caching. */
    if (hasCsv) {
      const csv = await check({ target, headers: { Accept: 'text/csv' }, expect: 200, then: async (res) => {
        if (!String(res.headers['content-type'] || '').startsWith('text/csv')) {
          fail(`Accept: text/csv answered ${res.headers['content-type']}`);
          return;
        }
        if (!splitList(res.headers.vary).includes('accept')) fail(`CSV by Accept, but Vary (${res.headers.vary}) does not name Accept`);
        if (res.headers.etag && res.headers.etag === plain.headers.etag) fail('CSV and JSON have the same strong ETag');
        await checkCsvAgainstJson(res, target, rowSchema);
      } });
      if (csv.headers.etag) await check({ target, headers: { Accept: 'text/csv', 'If-None-Match': csv.headers.etag }, expect: 304 });
      await check({ target, headers: { Accept: 'text/csv;q=0.5, application/json' }, expect: 200, head: false, then: (res) => {
        if (!String(res.headers['content-type'] || '').startsWith('application/json')) fail(`Accept preferring JSON answered ${res.headers['content-type']}`);
      } });
      await check({ target: withQuery(target, { format: 'json' }), headers: { Accept: 'text/csv' }, expect: 200, head: false, then: (res) => {
        if (!String(res.headers['content-type'] || '').startsWith('application/json')) fail(`format=json with Accept: text/csv answered ${res.headers['content-type']}`);
      } });
      if (isColl && itemSchema) {
        const f = Object.keys(itemSchema.properties).slice(0, 2);
        await check({ target: withQuery(target, { format: 'csv', fields: f.join(','), limit: 3, offset: 1 }), expect: 200, then: async (res) => {
          if (!String(res.headers['content-type'] || '').startsWith('text/csv')) {
            fail(`format=csv answered ${res.headers['content-type']}`);
            return;
          }
          await checkCsvAgainstJson(res, withQuery(target, { fields: f.join(','), limit: 3, offset: 1 }), itemSchema, f);
        } });
        /* The columns do not depend on the page: an empty page, and (where
         * items can be ongoing) one that starts with an item whose end is
         * null, have the header of the whole collection. */
        await check({ target: withQuery(target, { format: 'csv', offset: 1000000 }), expect: 200, then: async (res) => {
          await checkCsvAgainstJson(res, withQuery(target, { offset: 1000000 }), itemSchema);
        } });
        if (opParams(get).find((p) => p.name === 'sort')?.schema.items.enum.includes('-end')) {
          await check({ target: withQuery(target, { format: 'csv', sort: '-end', limit: 1 }), expect: 200, then: async (res) => {
            await checkCsvAgainstJson(res, withQuery(target, { sort: '-end', limit: 1 }), itemSchema);
          } });
        }
      }
    }

    /* CORS. */
    const corsCheck = (res, preflight = false) => {
      const acao = res.headers['access-control-allow-origin'];
      if (acao !== ALLOWED_ORIGIN && acao !== '*') {
        fail(`Access-Control-Allow-Origin is ${JSON.stringify(acao)} for the allowed origin ${ALLOWED_ORIGIN}${opts.corsOrigin ? '' : ' (the server was started without --cors-origin)'}`);
        return;
      }
      if (acao !== '*' && !splitList(res.headers.vary).includes('origin')) fail(`Access-Control-Allow-Origin ${acao} without Vary: Origin`);
      if (res.headers['timing-allow-origin'] !== acao) fail(`Timing-Allow-Origin is ${JSON.stringify(res.headers['timing-allow-origin'])}, Access-Control-Allow-Origin ${acao}`);
      const exposed = splitList(res.headers['access-control-expose-headers']);
      for (const h of EXPOSED) if (!exposed.includes(h)) fail(`Access-Control-Expose-Headers (${res.headers['access-control-expose-headers']}) does not name ${h}`);
      if (preflight) {
        const methods = splitList(res.headers['access-control-allow-methods']);
        if (!methods.includes('get')) fail(`Access-Control-Allow-Methods is ${JSON.stringify(res.headers['access-control-allow-methods'])}`);
        if (res.headers['access-control-max-age'] === undefined) fail('no Access-Control-Max-Age on the preflight');
        const allowedHeaders = splitList(res.headers['access-control-allow-headers']);
        for (const h of ['if-none-match', 'x-request-id']) if (!allowedHeaders.includes(h)) fail(`Access-Control-Allow-Headers (${res.headers['access-control-allow-headers']}) does not name ${h}`);
      }
    };
    await check({ target, headers: { Origin: ALLOWED_ORIGIN }, expect: 200, then: (res) => corsCheck(res) });
    await check({
      method: 'OPTIONS', target,
      headers: { Origin: ALLOWED_ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'if-none-match, x-request-id' },
      expect: 204, then: (res) => corsCheck(res, true),
    });
    if (opts.corsOrigin !== '*') {
      await check({ target, headers: { Origin: OTHER_ORIGIN }, expect: 200, head: false, then: (res) => {
        if (res.headers['access-control-allow-origin'] !== undefined) fail(`Access-Control-Allow-Origin ${res.headers['access-control-allow-origin']} for an origin not allowed`);
        if (res.headers['timing-allow-origin'] !== undefined) fail(`Timing-Allow-Origin ${res.headers['timing-allow-origin']} for an origin not allowed`);
      } });
    }
    await check({ target: withQuery(target, { no_such_param: 1 }), headers: { Origin: ALLOWED_ORIGIN }, expect: 400, head: false, then: (res) => corsCheck(res) });
    if (hasCsv) await check({ target: withQuery(target, { format: 'csv' }), headers: { Origin: ALLOWED_ORIGIN }, expect: 200, head: false, then: (res) => corsCheck(res) });
    if (isItem) await check({ target: `${target.replace(/\/[^/]+$/, '')}/no-such-id-zzz`, headers: { Origin: ALLOWED_ORIGIN }, expect: 404, head: false, then: (res) => corsCheck(res) });
  }

  /* Entities by key: name, alias, slug, case; 300; 404. */
  const ENTITY = `${API}/entities`;
  if (entityWithAlias) {
    const alias = entityWithAlias.aliases.find((a) => slugify(a) !== entityWithAlias.id);
    const canonical = `${ENTITY}/${entityWithAlias.id}`;
    const cl = (res) => {
      if (res.headers['content-location'] !== canonical) fail(`Content-Location is ${JSON.stringify(res.headers['content-location'])}, not ${canonical}`);
      if (res.body && res.body.data && res.body.data.id !== entityWithAlias.id) fail(`answered ${res.body.data.id}, not ${entityWithAlias.id}`);
    };
    for (const key of [alias, slugify(alias), alias.toUpperCase(), entityWithAlias.id.toUpperCase(), entityWithAlias.name]) {
      const r = await check({ target: `${ENTITY}/${enc(key)}`, expect: 200, then: cl });
      if (r.headers.etag) await check({ target: `${ENTITY}/${enc(key)}`, headers: { 'If-None-Match': r.headers.etag }, expect: 304, then: cl });
    }
    await check({ target: canonical, expect: 200, then: (res) => {
      if (res.headers['content-location'] !== undefined) fail(`Content-Location ${res.headers['content-location']} for the id itself`);
    } });
  } else {
    current = ENTITY;
    fail('no entity has an alias: Content-Location is not checked');
  }
  await check({ target: `${ENTITY}/${enc(ambiguousKey)}`, expect: 300, then: (res) => {
    const ids = res.body && Array.isArray(res.body.candidates) ? res.body.candidates.map((c) => c.id).sort() : [];
    if (ambiguous && ids.join() !== [...ambiguous[1]].sort().join()) fail(`candidates ${ids.join()}, expected ${[...ambiguous[1]].sort().join()}`);
    for (const c of (res.body && res.body.candidates) || []) if (c.href !== `${ENTITY}/${c.id}`) fail(`candidate href ${c.href}`);
  } });
  await check({ target: `${ENTITY}/${enc(ambiguousKey)}?fields=id`, expect: 300, then: (res) => {
    if (mediaType(res.headers['content-type']).type !== 'application/json') fail(`a 300 with fields is ${res.headers['content-type']}, not application/json`);
  } });
  await check({ target: `${ENTITY}/${enc(ambiguousKey)}`, headers: { Origin: ALLOWED_ORIGIN, 'X-Forwarded-Prefix': '/aid' }, expect: 300, then: (res) => {
    if (res.headers['access-control-allow-origin'] === undefined) fail('no Access-Control-Allow-Origin on a 300');
    for (const c of (res.body && res.body.candidates) || []) if (c.href !== `${opts.trustProxy ? '/aid' : ''}${ENTITY}/${c.id}`) fail(`candidate href ${c.href} behind the proxy`);
  } });
  await check({ target: `${ENTITY}/${enc(ambiguousKey)}?no_such_param=1`, expect: 400 });
  for (const [param, coll] of [['recipient', `${API}/funding`], ['entity', `${API}/events`]]) {
    await check({ target: withQuery(coll, { [param]: ambiguousKey }), expect: 400, then: (res) => expectParamError(res, param) });
  }

  /* Every fact links its citation (source.citation), which quotes the
   * fact as the fact does and gives its address. */
  for (const coll of COLLECTIONS) {
    for (const it of firstPage[coll]) {
      if (!it.source || typeof it.source.quote !== 'string') continue;
      const want = `${API}/citations/${coll.slice(API.length + 1)}/${encodeURIComponent(it.id)}`;
      if (it.source.citation !== want) {
        current = `${coll}/${it.id}`;
        fail(`source.citation is ${JSON.stringify(it.source.citation)}, not ${want}`);
        continue;
      }
      await check({ target: it.source.citation, expect: 200, head: false, then: (res) => {
        const c = res.body?.data;
        if (!c) return;
        if (c.quote !== it.source.quote) fail(`the citation quotes ${JSON.stringify(c.quote.slice(0, 60))}, the fact ${JSON.stringify(it.source.quote.slice(0, 60))}`);
        if (c.fact.id !== it.id || c.fact.href !== it.href || c.address !== it.href) fail(`the citation cites ${c.fact.href} at ${c.address}, not ${it.href}`);
        if (!c.text.includes(it.source.quote) || !c.text.includes(it.href)) fail('the text citation lacks the quote or the address');
        if (c.article.id !== it.source.id) fail(`the citation's article is ${c.article.id}, the fact's source ${it.source.id}`);
      } });
    }
  }

  /* parent= lists the children. */
  await check({ target: withQuery(ENTITY, { parent: parentId, limit: 500 }), expect: 200, then: (res) => {
    const got = (res.body?.data || []).map((e) => e.id).sort().join();
    const want = childOfParent.map((e) => e.id).sort().join();
    if (got !== want) fail(`parent=${parentId} lists [${got}], the collection says [${want}]`);
  } });

  /* Paging through a whole collection by links.next. */
  {
    let next = withQuery(ENTITY, { limit: 7 });
    const ids = [];
    let total = null;
    for (let n = 0; next && n < 100; n++) {
      const offset = Number(new URL(next, 'http://x').searchParams.get('offset') || 0);
      const res = await check({ target: next, expect: 200, head: false, then: (r) => checkEnvelope(r, { limit: 7, offset, itemSchema: itemSchemaOf(doc.paths[ENTITY].get) }) });
      if (!res.body || !res.body.links) break;
      total = res.body.meta.total;
      ids.push(...res.body.data.map((e) => e.id));
      next = res.body.links.next;
    }
    current = `paging ${ENTITY} by 7`;
    if (new Set(ids).size !== ids.length) fail('pages overlap');
    if (total !== null && ids.length !== total) fail(`${ids.length} items over the pages, total ${total}`);
  }

  /* A header block beyond libmicrohttpd's 64 KiB per connection is refused
   * by libmicrohttpd itself, with a 431 and its own short page (not a
   * problem document, so not checked against the document); the server
   * goes on answering. */
  {
    const label = describeReq('GET', '/healthz', { 'X-Padding': '(100000 bytes)' });
    current = label;
    beginResponse();
    const res = await request('GET', '/healthz', { 'X-Padding': 'y'.repeat(100000) }, { fresh: true });
    if (res.error) fail(`no response: ${res.error.message}`);
    else if (res.status !== 431) fail(`status ${res.status}, expected 431`);
    endResponse();
    await check({ target: '/healthz', expect: 200, head: false, fresh: true });
  }

  /* A path the document does not have; request ids. */
  await check({ target: '/no/such/path', expect: 404 });
  await check({ target: `${API}/no-such-collection`, expect: 404 });
  await check({ method: 'OPTIONS', target: '/no/such/path', expect: 404, head: false });
  await check({ target: '/healthz', headers: { 'X-Request-Id': 'abc.DEF_123-x' }, expect: 200, head: false, then: (res) => {
    if (res.headers['x-request-id'] !== 'abc.DEF_123-x') fail(`X-Request-Id ${res.headers['x-request-id']}, not the client's`);
  } });
  for (const bad of ['bad id!', 'a'.repeat(129), 'é']) {
    await check({ target: '/healthz', headers: { 'X-Request-Id': Buffer.from(bad, 'utf8').toString('latin1') }, expect: 200, head: false, then: (res) => {
      if (res.headers['x-request-id'] === bad) fail('an insane X-Request-Id was echoed');
    } });
  }
  await check({ target: '/no/such/path', headers: { 'X-Request-Id': 'req-404' }, expect: 404, head: false, then: (res) => {
    if (res.headers['x-request-id'] !== 'req-404') fail(`X-Request-Id ${res.headers['x-request-id']} on a 404`);
  } });
  await check({ target: '/no/such/path', headers: { Origin: ALLOWED_ORIGIN }, expect: 404, head: false, then: (res) => {
    if (!res.headers['access-control-allow-origin']) fail('no Access-Control-Allow-Origin on a 404');
  } });

  /* The served document is this file, servers aside. */
  const served = await check({ target: '/openapi.json', expect: 200, head: false });
  if (served.body && typeof served.body === 'object') {
    current = 'GET /openapi.json';
    const { servers, ...rest } = served.body;
    const fileRest = { ...doc };
    delete fileRest.servers;
    if (JSON.stringify(servers) !== JSON.stringify([{ url: '/' }])) fail(`servers is ${JSON.stringify(servers)}, not [{"url":"/"}]`);
    if (canonical(rest) !== canonical(fileRest)) fail(`the served document differs from ${opts.doc} (outside servers): rebuild the server`);
  }
  /* Behind a trusted proxy: the prefix in servers and every link. */
  const proxied = { 'X-Forwarded-Prefix': '/aid', 'X-Forwarded-For': '203.0.113.7' };
  await check({ target: '/openapi.json', headers: proxied, expect: 200, head: false, then: (res) => {
    const want = opts.trustProxy ? ['/aid', '/aid/'] : ['/'];
    const got = res.body && res.body.servers;
    if (!Array.isArray(got) || got.length !== 1 || !want.includes(got[0].url)) fail(`servers is ${JSON.stringify(got)}, not [{"url":"${want.join('"} or [{"url":"')}"}]${opts.trustProxy ? '' : ' (no --trust-proxy: the header must be ignored)'}`);
  } });
  await check({ target: '/openapi.json', headers: { ...proxied, 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'api.example' }, expect: 200, head: false, then: (res) => {
    const want = opts.trustProxy ? ['https://api.example/aid', 'https://api.example/aid/'] : ['/'];
    const got = res.body && res.body.servers;
    if (!Array.isArray(got) || got.length !== 1 || !want.includes(got[0].url)) fail(`servers is ${JSON.stringify(got)}, not [{"url":"${want[0]}"}]`);
  } });
  await check({ target: withQuery(`${API}/events`, { limit: 2, offset: 2 }), headers: proxied, expect: 200, then: (res) => {
    checkEnvelope(res, { limit: 2, offset: 2, itemSchema: itemSchemaOf(doc.paths[`${API}/events`].get), prefix: opts.trustProxy ? '/aid' : '' });
  } });
  await check({ target: API, headers: proxied, expect: 200, then: (res) => {
    const self = res.body?.data?.links?.self;
    if (self !== `${opts.trustProxy ? '/aid' : ''}${API}`) fail(`links.self is ${self}`);
    serviceDesc(opts.trustProxy ? '/aid' : '')(res);
  } });
  for (const coll of COLLECTIONS) {
    await check({ target: withQuery(coll, { limit: 500 }), headers: proxied, expect: 200, head: false });
  }
  if (!opts.trustProxy) {
    current = 'X-Forwarded-Prefix';
    fail('not checked behind a trusted proxy: the server has no --trust-proxy (API.md, "HTTP behaviour")');
  }

  /* Metrics: the Prometheus text format. */
  await check({ target: '/metrics', expect: 200, then: (res) => {
    if (res.status !== 200) return;
    const lines = res.text.split('\n');
    if (lines[lines.length - 1] !== '') fail('the exposition does not end with a newline');
    const types = new Map();
    let samples = 0;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*"(,\s*[a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*")*,?)?\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)( -?[0-9]+)?$/;
    for (const line of lines) {
      if (line === '') continue;
      const m = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$/.exec(line);
      if (m) {
        if (m[1] === 'TYPE') {
          if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(m[3])) fail(`bad TYPE line: ${line}`);
          types.set(m[2], m[3]);
        }
        continue;
      }
      if (line.startsWith('#')) continue;
      if (!sample.test(line)) fail(`not a Prometheus sample line: ${line.slice(0, 120)}`);
      else samples++;
    }
    if (samples === 0) fail('no samples');
    const hist = [...types.entries()].filter(([, ty]) => ty === 'histogram').map(([n]) => n);
    if (hist.length === 0) fail('no histogram (API.md: a latency histogram)');
    for (const h of hist) if (!lines.some((l) => l.startsWith(`${h}_bucket{`) && l.includes('le="+Inf"'))) fail(`histogram ${h} has no le="+Inf" bucket`);
    if (!lines.some((l) => /(route|path|handler)="/.test(l) && /(status|code)="/.test(l))) fail('no sample labelled by route and status (API.md: requests by route and status)');
  } });

  /* Honest totals: for each grouping, with and without filters, the rows
   * hold only what /funding finds with the same filters (meta.records is
   * its total) and, grouped by kind, each such record exactly once. */
  const TOTALS = `${API}/funding/totals`;
  const filters = [{}, { recipient: 'wenshan' }, { donor: donorId }, { kind: 'government_aid' }, { cumulative: 'false' }, { from: 2005, to: 2010 }];
  for (const groupBy of ['kind', 'recipient', 'donor']) {
    for (const f of filters) {
      const list = await check({ target: withQuery(`${API}/funding`, { ...f, limit: 500 }), expect: 200, head: false });
      const ids = new Set((list.body?.data || []).map((x) => x.id));
      await check({ target: withQuery(TOTALS, { group_by: groupBy, ...f }), expect: 200, head: false, then: (res) => {
        checkTotals(res.body, groupBy);
        if (!res.body || !list.body) return;
        if (res.body.meta.records !== list.body.meta.total) fail(`meta.records ${res.body.meta.records}, /funding with the same filters has ${list.body.meta.total}`);
        const listed = [];
        for (const row of res.body.data) for (const l of ['counted', 'contained', 'uncertain', 'shared', 'inferred']) for (const r of row[l] || []) listed.push(r.id);
        for (const id of listed) if (!ids.has(id)) fail(`${id} is in a row, but /funding with the same filters does not find it`);
        if (groupBy === 'kind' && [...listed].sort().join() !== [...ids].sort().join()) fail(`the kind rows list [${[...listed].sort()}], /funding finds [${[...ids].sort()}]`);
      } });
    }
  }
  /* A total is of a group of records, not of a text match: q is a 400. */
  for (const groupBy of ['kind', 'recipient', 'donor']) {
    await check({ target: withQuery(TOTALS, { group_by: groupBy, q: 'aid' }), expect: 400, head: false, then: (res) => expectParamError(res, 'q') });
  }
  await check({ target: withQuery(TOTALS, { group_by: 'recipient', format: 'csv' }), expect: 200, then: async (res) => {
    await checkCsvAgainstJson(res, withQuery(TOTALS, { group_by: 'recipient' }), deref(schemaOfRows(doc.paths[TOTALS].get)).value);
  } });

  /* The page: a browser's Accept gets the HTML, under its CSP; a file
   * the page does not have is a 404. */
  await check({ target: '/', headers: { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }, expect: 200, then: (res) => {
    if (mediaType(res.headers['content-type'] || '').type !== 'text/html') fail(`a browser got ${res.headers['content-type']}, not the page`);
    if (!res.headers['content-security-policy']) fail('the page has no Content-Security-Policy');
    if (res.headers.link) fail(`the page has the index's Link ${res.headers.link}`);
  } });
  await check({ target: '/assets/no-such-file.js', expect: 404 });

  await brokenBodies();

  /* Coverage: every declared status of every operation, where reachable. */
  current = null;
  const unreachable = [];
  const missed = [];
  for (const [t, item] of Object.entries(doc.paths)) {
    for (const m of ['get', 'head', 'options']) {
      for (const code of Object.keys(item[m].responses)) {
        const key = `${m.toUpperCase()} ${t} ${code}`;
        if (covered.has(key)) continue;
        /* A real fault, or no database connection: no request provokes them. */
        if (code === '500' || code === '503') unreachable.push(key);
        else missed.push(key);
      }
    }
  }
  for (const k of missed) {
    failures.push(`coverage: ${k} was never answered`);
    console.log(`FAIL coverage: ${k} was never answered`);
  }
  if (opts.verbose || unreachable.length) {
    console.log(`openapi: not reachable by a request, not checked: ${unreachable.length} (500 and 503 of ${new Set(unreachable.map((k) => k.split(' ')[1])).size} paths)`);
  }
}

/*
 * The schemas reject broken bodies: real answers, each broken in one way
 * a server could break it, must fail validation against the schema of the
 * media type they would be sent as. Without this, a schema too loose to
 * catch anything would pass every response above.
 */
async function brokenBodies() {
  const get = async (target, headers = {}) => {
    const res = await request('GET', target, headers);
    const text = res.headers['content-encoding'] === 'gzip' ? safeGunzip(res.raw) : res.raw.toString('utf8');
    return { res, body: JSON.parse(text) };
  };
  const mediaPtr = (template, status, type) => `/paths/${escPtr(template)}/get/responses/${status}`;
  const schemaPtrOf = (template, status, type) => {
    const { ptr } = deref(getPtr(mediaPtr(template, status, type)), mediaPtr(template, status, type));
    return `${ptr}/content/${escPtr(type)}/schema`;
  };
  const JSON_T = 'application/json';
  const cases = [];
  const add = (what, template, status, type, body, mutate) => {
    const copy = structuredClone(body);
    mutate(copy);
    cases.push({ what, ptr: schemaPtrOf(template, status, type), body: copy });
  };
  const ev = await get(`${API}/events?limit=20`);
  const evItem = await get(`${API}/events/${enc(ev.body.data.find((e) => e.figures.length && e.funding.length).id)}`);
  const ent = await get(`${API}/entities?limit=500`);
  const fun = await get(`${API}/funding?limit=500`);
  const par = await get(`${API}/partnerships?limit=5`);
  const proj = await get(`${API}/events?fields=id,start&limit=5`);
  const tot = await get(`${API}/funding/totals?group_by=recipient`);
  const many = await get(`${API}/entities/baoshan`);
  const bad = await get(`${API}/events?limit=0`);
  const idx = await get(API);
  const cite = await get(`${API}/citations/events/${enc(ev.body.data[0].id)}`);
  const dataset = await get(`${API}/citation`);
  const withZh = ent.body.data.findIndex((e) => e.chinese_name && e.chinese_name.zh);
  const E = `${API}/events`;
  const withParent = ent.body.data.findIndex((e) => e.parent);
  const partOf = fun.body.data.findIndex((f) => f.part_of);

  /* The real bodies pass (else the cases below prove nothing). */
  cases.push({ what: 'an unbroken event list', ptr: schemaPtrOf(E, 200, JSON_T), body: ev.body, valid: true });
  cases.push({ what: 'an unbroken projection', ptr: schemaPtrOf(E, 200, PROJECTION), body: proj.body, valid: true });
  cases.push({ what: 'an unbroken totals answer', ptr: schemaPtrOf(`${API}/funding/totals`, 200, JSON_T), body: tot.body, valid: true });
  cases.push({ what: 'an unbroken 300', ptr: schemaPtrOf(`${API}/entities/{key}`, 300, JSON_T), body: many.body, valid: true });

  add('an event without href', E, 200, JSON_T, ev.body, (b) => { delete b.data[0].href; });
  add('an event without period_label', E, 200, JSON_T, ev.body, (b) => { delete b.data[0].period_label; });
  add('an event with a field of no schema', E, 200, JSON_T, ev.body, (b) => { b.data[0].extra = 1; });
  add('a date without label', E, 200, JSON_T, ev.body, (b) => { delete b.data[0].start.label; });
  add('a date whose inferred is a string', E, 200, JSON_T, ev.body, (b) => { b.data[0].start.inferred = 'no'; });
  add('a date with month 13', E, 200, JSON_T, ev.body, (b) => { b.data[0].start.month = 13; });
  add('an event start of null', E, 200, JSON_T, ev.body, (b) => { b.data[0].start = null; });
  add('an entity reference as a bare id', E, 200, JSON_T, ev.body, (b) => { b.data[0].entities[0] = b.data[0].entities[0].id; });
  add('an entity reference without href', E, 200, JSON_T, ev.body, (b) => { delete b.data[0].entities[0].href; });
  add('a funding reference without name', `${E}/{id}`, 200, JSON_T, evItem.body, (b) => { delete b.data.funding[0].name; });
  add('a figure without part_of', `${E}/{id}`, 200, JSON_T, evItem.body, (b) => { delete b.data.figures[0].part_of; });
  add('a figure whose value is text', `${E}/{id}`, 200, JSON_T, evItem.body, (b) => { b.data.figures[0].value = '13'; });
  add('a category out of the enum', E, 200, JSON_T, ev.body, (b) => { b.data[0].category = 'gossip'; });
  add('a projected event list sent as application/json', E, 200, JSON_T, proj.body, () => {});
  add('a projection with a field of no schema', E, 200, PROJECTION, proj.body, (b) => { b.data[0].extra = 1; });
  add('a projection of an empty item', E, 200, PROJECTION, proj.body, (b) => { b.data[0] = {}; });
  add('a projection with a bad date', E, 200, PROJECTION, proj.body, (b) => { b.data[0].start = { year: 1996 }; });
  add('an entity parent as a bare id', `${API}/entities`, 200, JSON_T, ent.body, (b) => { b.data[withParent].parent = b.data[withParent].parent.id; });
  add('an entity without aliases', `${API}/entities`, 200, JSON_T, ent.body, (b) => { delete b.data[0].aliases; });
  add('funding part_of as a bare id', `${API}/funding`, 200, JSON_T, fun.body, (b) => { b.data[partOf].part_of = b.data[partOf].part_of.id; });
  add('funding without possibly_part_of', `${API}/funding`, 200, JSON_T, fun.body, (b) => { delete b.data[0].possibly_part_of; });
  add('funding without name', `${API}/funding`, 200, JSON_T, fun.body, (b) => { delete b.data[0].name; });
  add('a fractional amount', `${API}/funding`, 200, JSON_T, fun.body, (b) => { b.data[0].amount_yuan = 1.5; });
  add('a partnership donor as a bare id', `${API}/partnerships`, 200, JSON_T, par.body, (b) => { b.data[0].donors[0] = b.data[0].donors[0].id; });
  add('a partnership without name', `${API}/partnerships`, 200, JSON_T, par.body, (b) => { delete b.data[0].name; });
  add('a page without meta.total', E, 200, JSON_T, ev.body, (b) => { delete b.meta.total; });
  add('a page without links.next', E, 200, JSON_T, ev.body, (b) => { delete b.links.next; });
  add('a totals row without shared', `${API}/funding/totals`, 200, JSON_T, tot.body, (b) => { delete b.data[0].shared; });
  add('a totals row without href', `${API}/funding/totals`, 200, JSON_T, tot.body, (b) => { delete b.data[0].href; });
  add('a totals record as a bare id', `${API}/funding/totals`, 200, JSON_T, tot.body, (b) => { b.data[0].counted[0] = b.data[0].counted[0].id; });
  add('a totals record without amount_yuan', `${API}/funding/totals`, 200, JSON_T, tot.body, (b) => { delete b.data[0].counted[0].amount_yuan; });
  add('totals meta without rule', `${API}/funding/totals`, 200, JSON_T, tot.body, (b) => { delete b.meta.rule; });
  add('a 300 candidate without href', `${API}/entities/{key}`, 300, JSON_T, many.body, (b) => { delete b.candidates[0].href; });
  add('a 300 candidate without kind', `${API}/entities/{key}`, 300, JSON_T, many.body, (b) => { delete b.candidates[0].kind; });
  cases.push({ what: 'an unbroken fact citation', ptr: schemaPtrOf(`${API}/citations/events/{id}`, 200, JSON_T), body: cite.body, valid: true });
  cases.push({ what: 'an unbroken dataset citation', ptr: schemaPtrOf(`${API}/citation`, 200, JSON_T), body: dataset.body, valid: true });
  add('an entity without chinese_name', `${API}/entities`, 200, JSON_T, ent.body, (b) => { delete b.data[withZh].chinese_name; });
  add('a Chinese name given as the article\'s', `${API}/entities`, 200, JSON_T, ent.body, (b) => { b.data[withZh].chinese_name.from_article = true; });
  add('a Chinese name null without a reason', `${API}/entities`, 200, JSON_T, ent.body, (b) => { b.data[withZh].chinese_name.zh = null; b.data[withZh].chinese_name.pinyin = null; });
  add('a Chinese name without its rule', `${API}/entities`, 200, JSON_T, ent.body, (b) => { delete b.data[withZh].chinese_name.rule; });
  add('a fact without source.citation', E, 200, JSON_T, ev.body, (b) => { delete b.data[0].source.citation; });
  add('a source without url', `${API}/sources`, 200, JSON_T, await get(`${API}/sources`).then((x) => x.body), (b) => { delete b.data[0].url; });
  add('an index without licenses', API, 200, JSON_T, idx.body, (b) => { delete b.data.licenses; });
  add('the article\'s text under a licence', API, 200, JSON_T, idx.body, (b) => { b.data.licenses.article_text.spdx = 'CC-BY-4.0'; });
  add('an index without the database link', API, 200, JSON_T, idx.body, (b) => { delete b.data.links.database; });
  add('an index without data_modified', API, 200, JSON_T, idx.body, (b) => { delete b.meta.data_modified; });
  add('a fact citation without quote', `${API}/citations/events/{id}`, 200, JSON_T, cite.body, (b) => { delete b.data.quote; });
  add('a fact citation whose article has no url member', `${API}/citations/events/{id}`, 200, JSON_T, cite.body, (b) => { delete b.data.article.url; });
  add('a fact citation whose BibTeX is not an entry', `${API}/citations/events/{id}`, 200, JSON_T, cite.body, (b) => { b.data.bibtex = 'GPIG 2018'; });
  add('a dataset citation without version', `${API}/citation`, 200, JSON_T, dataset.body, (b) => { delete b.data.version; });
  add('a dataset citation whose CSL has no issued date', `${API}/citation`, 200, JSON_T, dataset.body, (b) => { delete b.data.csl.issued; });
  add('a problem without status', E, 400, 'application/problem+json', bad.body, (b) => { delete b.status; });
  add('a 400 problem with status 404', E, 400, 'application/problem+json', bad.body, (b) => { b.status = 404; });
  add('a parameter error without param', E, 400, 'application/problem+json', bad.body, (b) => { delete b.errors[0].param; });

  current = 'broken bodies';
  let rejected = 0;
  for (const c of cases) {
    const err = schemaErrors(c.ptr, c.body);
    if (c.valid && err) fail(`${c.what} does not validate: ${err}`);
    else if (!c.valid && !err) fail(`${c.what} passes ${c.ptr}: the schema does not catch it`);
    else if (!c.valid) rejected++;
  }
  brokenRejected = rejected;
  brokenTotal = cases.filter((c) => !c.valid).length;
  current = null;
}
let brokenRejected = 0;
let brokenTotal = 0;

/* The row schema of a 200 JSON whose data is a list (the totals). */
function schemaOfRows(op) {
  const r = deref(op.responses['200']).value;
  const json = r.content && r.content['application/json'];
  if (!json) return {};
  const data = deref(deref(json.schema).value.properties?.data).value || {};
  return data.items || {};
}

try {
  await main();
} catch (e) {
  frames.length = 0;
  current = null;
  fail(e.serverGone ? `stopped: ${e.message}` : `the checker failed: ${e.stack || e}`);
}
agent.destroy();
const others = otherFailures ? `, and ${otherFailures} failures not of one response` : '';
console.log(`openapi: ${brokenRejected} of ${brokenTotal} broken bodies rejected by the schemas`);
console.log(`openapi: ${checked} responses checked, ${failedResponses} failed (${failures.length} failures in all${others})`);
process.exit(failures.length ? 1 : 0);
