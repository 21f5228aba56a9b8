// The check of scripts/bench.sh, before it trusts a number: every server
// answers every URL with 200 and the same ids as the first server (the
// reference): data[].id in order for a list, data.id for an item, and for
// /funding/totals each row's key with its counted ids (rows and counted ids
// compared as sets: the order of rows is not part of the contract). Every
// difference is printed, with both id lists; then it exits 1.
//   node check.mjs FIXED_URLS STREAM_URLS NAME=BASE [NAME=BASE | --fixed-only NAME=BASE]...
// FIXED_URLS and STREAM_URLS are files of paths, one a line; a server given
// with --fixed-only (nginx) is asked for the fixed ones only.
import { readFileSync } from 'node:fs';

const [fixedFile, streamFile, ...rest] = process.argv.slice(2);
const lines = (file) => readFileSync(file, 'utf8').split('\n').filter(Boolean);
const fixed = lines(fixedFile);
const stream = lines(streamFile);
const servers = [];
for (let i = 0; i < rest.length; i++) {
  const fixedOnly = rest[i] === '--fixed-only';
  const [name, base] = (fixedOnly ? rest[++i] : rest[i]).split(/=(.*)/s);
  servers.push({ name, base, fixedOnly });
}

const counted = (row) => (row.counted ?? []).map((r) => (typeof r === 'string' ? r : r.id)).sort();
function ids(url, body) {
  const data = body?.data;
  if (new URL(url, 'http://x').pathname.replace(/\/$/, '').endsWith('/funding/totals'))
    return (data ?? []).map((row) => `${row.key}: ${counted(row).join(',')}`).sort();
  if (Array.isArray(data)) return data.map((item) => item?.id);
  return [data?.id];
}

async function answer(server, url) {
  try {
    const res = await fetch(server.base + url);
    const text = await res.text();
    let body = null;
    try { body = JSON.parse(text); } catch { /* reported below as no ids */ }
    return { status: res.status, ids: body === null ? ['(not JSON)'] : ids(url, body) };
  } catch (err) {
    return { status: `no answer (${err.cause?.code ?? err.message})`, ids: [] };
  }
}

const show = (v) => JSON.stringify(v);
let failures = 0;
const [ref, ...others] = servers;
const urls = [...fixed.map((u) => [u, false]), ...stream.map((u) => [u, true])];
for (const [url, isStream] of urls) {
  const want = await answer(ref, url);
  if (want.status !== 200 || (isStream && want.ids.length === 0)) {
    failures++;
    console.error(`check: ${url}: ${ref.name} answered ${want.status} with ${want.ids.length} items`);
    continue;
  }
  for (const server of others) {
    if (isStream && server.fixedOnly) continue;
    const got = await answer(server, url);
    if (got.status === 200 && show(got.ids) === show(want.ids)) continue;
    failures++;
    const width = Math.max(ref.name.length, server.name.length) + 1;
    console.error(`check: ${url}: ${server.name} differs from ${ref.name}\n` +
      `  ${(ref.name + ':').padEnd(width)} ${want.status} ${show(want.ids)}\n` +
      `  ${(server.name + ':').padEnd(width)} ${got.status} ${show(got.ids)}`);
  }
}
if (failures > 0) {
  console.error(`check: ${failures} difference(s); the numbers would compare different work ` +
    '(bench.sh --no-check skips this check)');
  process.exit(1);
}
console.log(`check: ${fixed.length} fixed and ${stream.length} never-repeated URLs: ` +
  `${servers.map((s) => s.name).join(', ')} answer 200 with the same ids`);
