// The peer of scripts/bench.sh: the URLs of the benchmark served the way a
// competent Node.js developer would write this API, with fastify 5 and
// better-sqlite3 over the very aid.db that aid-api reads (read-only). Per
// request: one prepared statement over the *_docs views (the filters in SQL,
// as db/store.c does; an entity filter first resolves its key), JSON.parse
// of each document, sort, page and project in JS, the envelope of API.md,
// and fastify's serializer. Nothing is cached between requests. It reads
// the databases of older and newer aid-api alike: the enumeration tables,
// item_refs (the article's order), event_involvement and possibly_part_of
// are used where the database has them.
// node:cluster runs one worker per core, as aid-api runs one thread per core.
//   node peer.mjs AID_DB [PORT]          (PORT 0 or none: any free port)
//   PEER_WORKERS=N overrides the number of workers.
import cluster from 'node:cluster';
import { createRequire } from 'node:module';
import os from 'node:os';

import Database from 'better-sqlite3';
import Fastify from 'fastify';

const [dbPath, port = '0'] = process.argv.slice(2);
const API = '/api/v1';

if (!dbPath) {
  console.error('usage: node peer.mjs AID_DB [PORT]');
  process.exit(2);
}

if (cluster.isPrimary) {
  const workers = Number(process.env.PEER_WORKERS) || os.availableParallelism();
  let listening = 0;
  let stopping = false;

  cluster.on('listening', (worker, address) => {
    if (++listening < workers) return;
    const version = (name) => createRequire(import.meta.url)(`${name}/package.json`).version;
    console.log(`peer listening on http://127.0.0.1:${address.port}/ (fastify ${version('fastify')}` +
      ` and better-sqlite3 ${version('better-sqlite3')} on Node.js ${process.version},` +
      ` node:cluster with ${workers} workers)`);
  });
  // A worker that dies under load would make the numbers lie: stop at once.
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`peer: worker ${worker.process.pid} exited (${signal ?? code})`);
    stopping = true;
    for (const w of Object.values(cluster.workers)) w.kill();
    process.exit(1);
  });
  for (const sig of ['SIGTERM', 'SIGINT'])
    process.on(sig, () => {
      stopping = true;
      for (const w of Object.values(cluster.workers)) w.kill();
      cluster.disconnect(() => process.exit(0));
    });
  for (let i = 0; i < workers; i++) cluster.fork();
} else {
  await serve();
}

async function serve() {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const datasetVersion = db.prepare("SELECT value FROM meta WHERE key = 'dataset_version'")
    .pluck().get();
  const app = Fastify({
    logger: false,
    // a trailing slash names the same resource; entity keys may be long names
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1024 },
    // unknown parameters and repeated keys are a 400, as in aid-api
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true } },
  });

  // ---- SQL, as db/store.c has it (NULL switches a filter off) ----
  const match = (res) => ` AND (@match IS NULL OR id IN (SELECT id FROM search` +
    ` WHERE search MATCH @match AND resource = '${res}'))`;
  const years = ` AND (@from IS NULL OR coalesce(end_year,` +
    ` CAST(strftime('%Y', 'now') AS INTEGER)) >= @from) AND (@to IS NULL OR start_year <= @to)`;
  // a party is found by what is above it, and a group by the places it lies
  // in and what is above them (an older aid-api's database has no locations)
  const reach = db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'entity_reach'")
    .pluck().get() > 0 ? 'entity_reach' : 'entity_ancestors';
  const below = (param, table, key, extra = '') => ` AND (@${param} IS NULL OR EXISTS` +
    ` (SELECT 1 FROM ${table} x JOIN ${reach} a ON a.entity_id = x.entity_id` +
    ` WHERE x.${key} = v.id AND a.ancestor_id = @${param}${extra}))`;
  const donorBelow = (param) => `EXISTS (SELECT 1 FROM entity_ancestors a` +
    ` WHERE a.entity_id = v.donor AND a.ancestor_id = @${param})`;
  const resolveSql = `FROM entities WHERE id = lower(@key)` +
    ` OR id IN (SELECT entity_id FROM entity_keys WHERE key = @slug) ORDER BY id = lower(@key) DESC, id`;

  // ---- what this database has (an older aid-api's has less) ----
  const has = (table, column) => db.prepare(column === undefined
    ? `SELECT count(*) FROM sqlite_schema WHERE name = ?`
    : `SELECT count(*) FROM pragma_table_info(?) WHERE name = '${column}'`).pluck().get(table) > 0;
  // the values (and labels) of an enumeration: its table, or the old CHECK list
  const enumeration = (table, ...fallback) => has(table)
    ? db.prepare(`SELECT value, label FROM ${table} ORDER BY position`).all()
    : fallback.map((value) => ({ value, label: null }));
  // where an item's quote stands in the article, for the chronological order
  const position = (res) => has('item_refs', 'position')
    ? `(SELECT r.position FROM item_refs r WHERE r.resource = '${res}' AND r.id = v.id)` : 'NULL';
  const eventEntities = has('event_involvement') ? 'event_involvement' : 'event_entities';

  // ---- the collections: their query, filters, sort keys and fields ----
  const year = { type: 'integer', minimum: 1000, maximum: 9999 };
  const key = { type: 'string', minLength: 1 };
  const choice = (rows) => ({ type: 'string', enum: rows.map((r) => r.value) });
  const fundingKinds = enumeration('funding_kinds', 'government_aid', 'donation',
    'enterprise_investment');
  const collections = {
    entities: {
      sql: `SELECT doc, NULL AS position FROM entity_docs v WHERE 1 AND (@kind IS NULL OR kind = @kind)` +
        ` AND (@side IS NULL OR side = @side) AND (@parent IS NULL OR parent = @parent)` +
        match('entities') + ' ORDER BY id',
      filters: {
        kind: choice(enumeration('entity_kinds', 'municipality', 'province', 'prefecture',
          'city', 'district', 'county', 'town', 'village', 'county_group', 'village_group',
          'hospital_group', 'school_group', 'company', 'company_group', 'agency', 'delegation',
          'meeting', 'programme', 'document', 'people_group', 'ethnic_group')),
        side: choice(enumeration('sides', 'shanghai', 'yunnan', 'national')),
        parent: key,
      },
      sorts: { id: 'id', name: 'name', kind: 'kind', side: 'side', parent: 'parent' },
      defaultSort: 'name',
      fields: ['id', 'href', 'name', 'kind', 'side', 'parent', 'aliases', 'note', 'source'],
    },
    partnerships: {
      sql: `SELECT doc, ${position('partnerships')} AS position FROM partnership_docs v WHERE 1` +
        ` AND (@sector IS NULL OR sector = @sector)` +
        years + below('entity', 'partnership_parties', 'partnership_id') +
        below('donor', 'partnership_parties', 'partnership_id', " AND x.role = 'donor'") +
        below('recipient', 'partnership_parties', 'partnership_id', " AND x.role = 'recipient'") +
        match('partnerships') + ' ORDER BY id',
      filters: {
        from: year, to: year, entity: key, donor: key, recipient: key,
        sector: choice(enumeration('sectors', 'poverty_alleviation', 'health', 'education',
          'ethnic_minority', 'enterprise')),
      },
      sorts: { id: 'id', start: 'start', end: 'end', sector: 'sector',
        donor_count: 'donor_count', recipient_count: 'recipient_count' },
      chronological: ['start', 'end'],
      defaultSort: 'start',
      fields: ['id', 'href', 'name', 'donors', 'recipients', 'donor_count', 'recipient_count',
        'sector', 'start', 'end', 'period_label', 'summary', 'source'],
    },
    funding: {
      sql: `SELECT doc, ${position('funding')} AS position FROM funding_docs v WHERE 1` +
        ` AND (@kind IS NULL OR kind = @kind)` +
        ` AND (@cumulative IS NULL OR cumulative = @cumulative)` + years +
        ` AND (@entity IS NULL OR ${donorBelow('entity')} OR EXISTS (SELECT 1 FROM funding_recipients x` +
        ` JOIN ${reach} a ON a.entity_id = x.entity_id` +
        ` WHERE x.funding_id = v.id AND a.ancestor_id = @entity))` +
        ` AND (@donor IS NULL OR ${donorBelow('donor')})` +
        below('recipient', 'funding_recipients', 'funding_id') + match('funding') + ' ORDER BY id',
      filters: {
        from: year, to: year, entity: key, donor: key, recipient: key,
        kind: choice(fundingKinds),
        cumulative: { type: 'boolean' },
      },
      sorts: { id: 'id', start: 'period.start', end: 'period.end', amount_yuan: 'amount_yuan',
        kind: 'kind', donor: 'donor' },
      chronological: ['start', 'end'],
      defaultSort: 'start',
      fields: ['id', 'href', 'name', 'amount_yuan', 'bound', 'kind', 'period', 'period_label',
        'donor', 'recipients', 'purpose', 'cumulative', 'part_of', 'possibly_part_of', 'summary',
        'source'],
    },
    events: {
      sql: `SELECT doc, ${position('events')} AS position FROM event_docs v WHERE 1` +
        ` AND (@category IS NULL OR category = @category)` +
        years + below('entity', eventEntities, 'event_id') + match('events') + ' ORDER BY id',
      filters: {
        from: year, to: year, entity: key,
        category: choice(enumeration('event_categories', 'industry', 'migration', 'policy',
          'partnership', 'personnel', 'projects', 'funding', 'health', 'education',
          'ethnic_minority', 'summary')),
      },
      sorts: { id: 'id', start: 'start', end: 'end', title: 'title', category: 'category',
        precision: 'precision' },
      chronological: ['start', 'end'],
      defaultSort: 'start',
      fields: ['id', 'href', 'start', 'end', 'period_label', 'precision', 'title', 'summary',
        'category', 'entities', 'figures', 'partnerships', 'funding', 'source'],
    },
    sources: {
      sql: `SELECT doc, NULL AS position FROM source_docs v WHERE 1` + match('sources') +
        ' ORDER BY id',
      filters: {},
      sorts: { id: 'id', published: 'published', title: 'title' },
      defaultSort: 'published',
      fields: ['id', 'href', 'title', 'publisher', 'published', 'language', 'text'],
    },
  };
  const view = { entities: 'entity_docs', partnerships: 'partnership_docs',
    funding: 'funding_docs', events: 'event_docs', sources: 'source_docs' };
  const entityFilters = new Set(['entity', 'donor', 'recipient', 'parent']);

  const resolveEntity = db.prepare(`SELECT id ${resolveSql}`).pluck();
  const entityByKey = db.prepare(`SELECT doc FROM entity_docs WHERE id IN (SELECT id ${resolveSql})` +
    ` ORDER BY id = lower(@key) DESC, id`).pluck();
  for (const [name, c] of Object.entries(collections)) {
    c.list = db.prepare(c.sql);
    c.item = db.prepare(`SELECT doc FROM ${view[name]} WHERE id = @id`).pluck();
    c.params = ['match', ...Object.keys(c.filters)];
  }

  // ---- errors: RFC 9457 problem documents ----
  const problem = (status, detail) => Object.assign(new Error(detail), { statusCode: status });
  app.setErrorHandler((err, req, reply) => {
    const status = err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    reply.code(status).type('application/problem+json').send({
      type: 'about:blank', title: status === 404 ? 'Not Found' : status === 400 ? 'Bad Request' : 'Error',
      status, detail: status < 500 ? err.message : 'the server failed to answer',
    });
  });
  app.setNotFoundHandler((req) => { throw problem(404, `no resource at ${req.url}`); });

  // ---- parameters ----
  const slug = (s) => s.replace(/['\u2019]/g, '').replace(/[A-Z]+/g, (m) => m.toLowerCase())
    .split(/[^a-z0-9]+/).filter(Boolean).join('-');
  const entityId = (param, value) => {
    const ids = resolveEntity.all({ key: value, slug: slug(value) });
    if (ids.length === 1 || (ids.length > 1 && ids[0] === value.toLowerCase())) return ids[0];
    throw problem(400, ids.length === 0
      ? `${param}: no entity has the id, name or alias '${value}'`
      : `${param}: '${value}' names ${ids.length} entities (${ids.join(', ')}); use an id`);
  };
  // q: each word a prefix term, as db/store.c's store_match_query builds it
  const matchQuery = (q) => {
    const words = q.match(/[\p{L}\p{N}]+/gu);
    if (!words) throw problem(400, 'q: has no word to search for');
    return words.map((w) => `"${w}"*`).join(' ');
  };
  const parseFields = (value, c) => {
    if (value === undefined) return null;
    const fields = value.split(',');
    for (const f of fields)
      if (!c.fields.includes(f)) throw problem(400, `fields: '${f}' is not a field`);
    return fields;
  };
  const parseSort = (value, c) => {
    const keys = [];
    for (const tok of value.split(',')) {
      const desc = tok.startsWith('-');
      const name = desc ? tok.slice(1) : tok;
      if (!Object.hasOwn(c.sorts, name) || keys.some((k) => k.name === name))
        throw problem(400, `sort: '${tok}' is not a sort key, or is given twice`);
      keys.push({ name, path: c.sorts[name].split('.'), desc,
        chronological: c.chronological?.includes(name) ?? false });
    }
    if (!keys.some((k) => k.name === 'id')) keys.push({ name: 'id', path: ['id'], desc: false });
    return keys;
  };

  // ---- sorting: the order of handlers/collection.c's value_cmp ----
  const rank = (v) => typeof v === 'boolean' ? 0 : typeof v === 'number' ? 1
    : typeof v === 'string' ? 2 : Array.isArray(v) ? 4 : 3;
  const compare = (a, b) => {
    const an = a === null || a === undefined, bn = b === null || b === undefined;
    if (an || bn) return an - bn; // missing or null after everything
    const ra = rank(a), rb = rank(b);
    if (ra !== rb) return ra - rb;
    if (ra < 3) return a < b ? -1 : a > b ? 1 : 0;
    if (ra === 4) return 0;
    // dates and refs: by year, month (none before the year's months), name, id
    for (const k of ['year', 'month', 'name', 'id']) {
      const c = k === 'month' && (a.month == null || b.month == null)
        ? (a.month != null) - (b.month != null) : compare(a[k], b[k]);
      if (c !== 0) return c;
    }
    return 0;
  };
  const at = (item, path) => path.reduce((v, k) => (v == null ? undefined : v[k]), item);
  // The chronological order of aid-api's newer databases (API.md, "Query
  // parameters"): by year; within a year the dates with a month in month
  // order, each date without one placed by where the article tells it.
  // Not a pairwise order, so each item gets its rank, as in
  // handlers/collection.c. Items are {doc, position}.
  const when = (a, b) => a.none - b.none || a.year - b.year ||
    (a.month === 0) - (b.month === 0) || a.month - b.month || a.position - b.position;
  const chronologicalRanks = (items, path) => {
    const w = items.map((item, i) => {
      const d = at(item.doc, path), date = d !== null && typeof d === 'object';
      return { i, none: date ? 0 : 1, year: date ? d.year : 0, month: date ? d.month ?? 0 : 0,
        position: item.position };
    }).sort(when);
    const order = [];
    for (let y = 0; y < w.length;) {
      let end = y, undated;
      while (end < w.length && w[end].none === w[y].none && w[end].year === w[y].year) end++;
      for (undated = y; undated < end && w[undated].month !== 0;) undated++;
      for (let a = y, b = undated; a < undated || b < end;)
        order.push(b === end || (a < undated && w[a].position <= w[b].position) ? w[a++] : w[b++]);
      y = end;
    }
    const rank = new Array(items.length);
    order.forEach((x, k) => { rank[x.i] = k > 0 && when(x, order[k - 1]) === 0 ? rank[order[k - 1].i] : k; });
    return rank;
  };
  // Sorts items by the keys: a chronological key by rank where the database
  // gives article positions, every other by value.
  const sortItems = (items, keys) => {
    const ranked = items.length > 0 && items[0].position !== null;
    const by = keys.map((k) => (ranked && k.chronological ? chronologicalRanks(items, k.path) : null));
    const order = items.map((_, i) => i).sort((x, y) => {
      for (let j = 0; j < keys.length; j++) {
        const c = by[j] !== null ? by[j][x] - by[j][y]
          : compare(at(items[x].doc, keys[j].path), at(items[y].doc, keys[j].path));
        if (c !== 0) return keys[j].desc ? -c : c;
      }
      return 0;
    });
    return order.map((i) => items[i].doc);
  };
  const project = (item, fields) => {
    if (fields === null) return item;
    const out = {};
    for (const f of fields) if (item[f] !== undefined) out[f] = item[f];
    return out;
  };

  // ---- links: the request's own parameters, offset replaced or added ----
  const enc = (s) => encodeURIComponent(s).replace(/%2C/g, ',')
    .replace(/[!'()*]/g, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase());
  const link = (path, raw, offset) => {
    const pairs = [];
    let put = offset !== undefined;
    for (const [k, v] of new URLSearchParams(raw)) {
      if (put && k === 'offset') { pairs.push(`offset=${offset}`); put = false; } else pairs.push(`${enc(k)}=${enc(v)}`);
    }
    if (put) pairs.push(`offset=${offset}`);
    return pairs.length ? `${path}?${pairs.join('&')}` : path;
  };

  // ---- routes ----
  const common = {
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    offset: { type: 'integer', minimum: 0, maximum: 1000000000, default: 0 },
    sort: { type: 'string', minLength: 1 },
    fields: { type: 'string', minLength: 1 },
    q: { type: 'string', minLength: 1, maxLength: 256 },
  };
  const querystring = (properties) => ({ type: 'object', additionalProperties: false, properties });
  const itemSchema = { schema: { querystring: querystring({ fields: common.fields }) } };

  for (const [name, c] of Object.entries(collections)) {
    const path = `${API}/${name}`;
    app.get(path, { schema: { querystring: querystring({ ...common, ...c.filters }) } }, (req, reply) => {
      const query = req.query;
      const fields = parseFields(query.fields, c);
      const keys = parseSort(query.sort ?? c.defaultSort, c);
      const params = {};
      for (const p of c.params) {
        const v = query[p];
        params[p] = v === undefined ? null
          : entityFilters.has(p) ? entityId(p, v) : typeof v === 'boolean' ? Number(v) : v;
      }
      if (query.q !== undefined) params.match = matchQuery(query.q);
      if (query.from > query.to) throw problem(400, `from: must not be after to (${query.from} > ${query.to})`);
      const rows = c.list.all(params);
      const items = sortItems(rows.map((r) => ({ doc: JSON.parse(r.doc), position: r.position })), keys);
      const { limit, offset } = query;
      const total = items.length;
      const raw = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
      const next = offset + limit < total ? link(path, raw, offset + limit) : null;
      const back = offset > total ? total - limit : offset - limit;
      const prev = offset > 0 ? link(path, raw, Math.max(back, 0)) : null;
      reply.header('X-Total-Count', total);
      if (next || prev)
        reply.header('Link', [next && `<${next}>; rel="next"`, prev && `<${prev}>; rel="prev"`]
          .filter(Boolean).join(', '));
      const data = items.slice(offset, offset + limit).map((item) => project(item, fields));
      return {
        data,
        meta: { total, count: data.length, limit, offset, dataset_version: datasetVersion },
        links: { self: link(path, raw), next, prev },
      };
    });
    if (name === 'entities') continue; // by key, below
    app.get(`${path}/:id`, itemSchema, (req) => {
      const fields = parseFields(req.query.fields, c);
      const doc = c.item.get({ id: req.params.id });
      if (doc === undefined) throw problem(404, `no ${name} item has the id '${req.params.id}'`);
      return { data: project(JSON.parse(doc), fields) };
    });
  }

  // /entities/{key}: an id, or a name or alias in any case or as a slug
  app.get(`${API}/entities/:key`, itemSchema, (req, reply) => {
    const fields = parseFields(req.query.fields, collections.entities);
    const key = req.params.key;
    const docs = entityByKey.all({ key, slug: slug(key) }).map((doc) => JSON.parse(doc));
    if (docs.length === 0) throw problem(404, `no entity has the id, name or alias '${key}'`);
    if (docs.length > 1 && docs[0].id !== key.toLowerCase()) {
      reply.code(300);
      return {
        title: 'Multiple Choices',
        detail: 'the key names several entities; ask for one of the candidates by its id',
        candidates: docs.map((d) => ({ id: d.id, name: d.name, kind: d.kind, href: `${API}/entities/${d.id}` })),
      };
    }
    if (docs[0].id !== key) reply.header('Content-Location', `${API}/entities/${docs[0].id}`);
    return { data: project(docs[0], fields) };
  });

  app.get(`${API}/funding/totals`, {
    schema: { querystring: querystring({ group_by: { type: 'string', enum: ['kind', 'recipient', 'donor'] } }) },
  }, (req) => totals(req.query.group_by ?? 'kind'));

  // ---- honest totals (API.md, "Honest totals") ----
  // Places (and groups of places) are what recipient rows roll up; ethnic
  // groups and organisations qualify the places they are named with.
  const isPlace = (e) => has('entity_kinds', 'place')
    ? `(SELECT k.place FROM entity_kinds k WHERE k.value = ${e}.kind)`
    : `${e}.kind IN ('municipality', 'province', 'prefecture', 'city', 'district', 'county',` +
      ` 'town', 'village', 'county_group', 'village_group')`;
  // the database of an older aid-api has no possibly_part_of yet
  const possibly = has('funding', 'possibly_part_of')
    ? '(SELECT f.possibly_part_of FROM funding f WHERE f.id = v.id)' : 'NULL';
  // One statement per grouping: each record beside the rows it may lie in,
  // as [row entity, its name, it is a place, the party below it, that party
  // is a place, the party only lies partly in it (a place a group lies in,
  // or one above that: never wholly)].
  const up = (party, from, ancestors = 'entity_ancestors') =>
    `(SELECT json_group_array(json_array(a.ancestor_id, n.name,` +
    ` ${isPlace('n')}, ${party}, ${isPlace('p')}, a.ancestor_id NOT IN` +
    ` (SELECT ancestor_id FROM entity_ancestors WHERE entity_id = p.id))) FROM ${from}` +
    ` JOIN ${ancestors} a ON a.entity_id = p.id JOIN entities n ON n.id = a.ancestor_id`;
  const totalsSql = {
    kind: db.prepare(`SELECT v.doc, ${possibly} AS possibly, NULL AS up FROM funding_docs v ORDER BY v.id`),
    donor: db.prepare(`SELECT v.doc, ${possibly} AS possibly, ${up('p.id', 'entities p')}` +
      ` WHERE p.id = v.donor) AS up FROM funding_docs v ORDER BY v.id`),
    recipient: db.prepare(`SELECT v.doc, ${possibly} AS possibly,` +
      ` ${up('p.id', 'funding_recipients x JOIN entities p ON p.id = x.entity_id', reach)}` +
      ` WHERE x.funding_id = v.id) AS up FROM funding_docs v ORDER BY v.id`),
  };
  const kindNames = Object.fromEntries(fundingKinds.map((k) => [k.value, k.label]));
  Object.assign(kindNames, { government_aid: kindNames.government_aid ?? 'Government aid',
    donation: kindNames.donation ?? 'Donation',
    enterprise_investment: kindNames.enterprise_investment ?? 'Enterprise investment' });
  const rules = {
    kind: 'A row adds up the amount_yuan of its counted records; a record that is part_of ' +
      'another record of the row (contained) or may be (uncertain) is listed and not added, so ' +
      'each amount is a lower bound that counts no yuan twice.',
    donor: 'A row adds up the records given by its entity or anything below it; contained and ' +
      'uncertain records are listed and not added. Rows nest, so they must not be added together.',
    recipient: 'A row adds up the records that lie wholly in its place or group and below it; one ' +
      'it shares with others (shared), contained or uncertain is listed and not added. Rows nest ' +
      '(Yunnan holds Wenshan), so they must not be added together.',
  };
  const refId = (v) => (v == null ? null : typeof v === 'string' ? v : v.id);
  const kindNouns = { government_aid: 'government aid', donation: 'donations',
    enterprise_investment: 'enterprise investment' };
  const yuan = (n) => n >= 1e9 ? `${+(n / 1e9).toFixed(3)} billion yuan`
    : n >= 1e6 ? `${+(n / 1e6).toFixed(3)} million yuan` : `${n} yuan`;
  // a funding ref with its amount; an older database has no names for records
  const fundingRef = (r) => ({ id: r.id, name: r.name ?? `${yuan(r.amount_yuan)} of ${kindNouns[r.kind]}`,
    href: `${API}/funding/${r.id}`, amount_yuan: r.amount_yuan });

  const NONE = 0, SHARED = 1, WHOLLY = 2;
  // How a record lies in the row of entity e, by its parties [{place, above}]:
  // a place's row by the places among them (all of them when none is one),
  // another group's row by the parties that are not places.
  const liesIn = (parties, e, ePlace) => {
    const places = parties.filter((p) => p.place).length;
    let inside = 0, groups = 0, groupsIn = 0;
    for (const p of parties) {
      const below = p.above.has(e);
      if (p.place || places === 0) inside += below;
      if (!p.place) { groups++; groupsIn += below; }
    }
    if (ePlace) {
      const of = places > 0 ? places : parties.length;
      return inside === 0 ? NONE : inside === of ? WHOLLY : SHARED;
    }
    return groupsIn === 0 ? NONE : groupsIn === groups ? WHOLLY : SHARED;
  };
  // Of a record wholly in a row: its chain of containers (part_of, else
  // possibly_part_of) reaches another record wholly in the row?
  const statusIn = (r, lies, byId) => {
    let certain = true;
    for (let depth = 0; r !== undefined && depth < 64; depth++) {
      const part = refId(r.part_of), next = part ?? refId(r.possibly_part_of);
      if (next === null) break;
      certain &&= part !== null;
      if (lies.get(next) === WHOLLY) return certain ? 'contained' : 'uncertain';
      r = byId.get(next);
    }
    return 'counted';
  };

  function totals(groupBy) {
    const records = totalsSql[groupBy].all().map((row) => {
      const r = JSON.parse(row.doc);
      r.possibly_part_of ??= row.possibly;
      return { r, up: row.up === null ? [] : JSON.parse(row.up) };
    });
    const byId = new Map(records.map(({ r }) => [r.id, r]));
    const rows = new Map();
    const row = (key, name, href, place) => {
      if (!rows.has(key)) rows.set(key, { key, name, href, place, lies: new Map() });
      return rows.get(key);
    };
    for (const { r, up: above } of records) {
      if (groupBy === 'kind') {
        row(r.kind, kindNames[r.kind] ?? r.kind, null, false).lies.set(r.id, WHOLLY);
        continue;
      }
      // a row for each entity at or above a party (the donor, or each recipient)
      const parties = new Map(), partly = new Set();
      for (const [entity, name, place, party, partyPlace, part] of above) {
        row(entity, name, `${API}/entities/${entity}`, place === 1);
        if (!parties.has(party)) parties.set(party, { place: partyPlace === 1, above: new Set() });
        if (part === 1) partly.add(entity);
        else parties.get(party).above.add(entity);
      }
      for (const entity of new Set(above.map((a) => a[0]))) {
        let lies = groupBy === 'donor' ? WHOLLY
          : liesIn([...parties.values()], entity, rows.get(entity).place);
        if (lies === NONE && partly.has(entity)) lies = SHARED;
        if (lies !== NONE) rows.get(entity).lies.set(r.id, lies);
      }
    }
    const data = [];
    for (const { key, name, href, lies } of rows.values()) {
      const out = { counted: [], contained: [], uncertain: [], shared: [] };
      let amount = 0, atLeast = false;
      for (const { r } of records) { // in id order
        if (!lies.has(r.id)) continue;
        const status = lies.get(r.id) === SHARED ? 'shared' : statusIn(r, lies, byId);
        out[status].push(fundingRef(r));
        if (status === 'counted') { amount += r.amount_yuan; atLeast ||= r.bound === 'at_least'; }
      }
      atLeast ||= out.shared.length > 0 || out.uncertain.length > 0;
      data.push({ key, name, href, amount_yuan: amount, at_least: atLeast, ...out });
    }
    data.sort((a, b) => b.amount_yuan - a.amount_yuan || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { data, meta: { group_by: groupBy, rule: rules[groupBy], records: records.length,
      dataset_version: datasetVersion } };
  }

  await app.listen({ host: '127.0.0.1', port: Number(port) });
}
