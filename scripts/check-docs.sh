#!/usr/bin/env bash
# Checks the documentation against handlers/openapi.json and the tree:
#   1. every path of the OpenAPI document has a section in docs/api.md: a
#      heading holding the path in a code span (`GET /api/v1/events`);
#   2. every query parameter of each path (its GET, HEAD and OPTIONS
#      operations, $refs resolved) is named in that path's section, as a
#      code span `name` or `name=...`; the section runs to the next heading
#      of the same or a higher level;
#   3. every status, media type and header (response headers and header
#      parameters) of the document is named somewhere in docs/api.md;
#   4. every link of docs/*.md and README.md (inline, reference-style and
#      autolinks, outside fenced code and code spans) stays inside the repository and names a
#      file or directory that exists; a #fragment names a heading of the
#      Markdown file it points at (GitHub's heading ids). A link with a
#      scheme (https:, mailto:) points outside the repository and fails.
# Then it proves that it can fail: on temporary copies of docs/api.md and
# handlers/openapi.json, each broken in one way (a path's heading gone, a
# parameter's name gone, a link to a missing file, a path and a parameter
# added to the document), it requires the check to fail and to name what
# was broken.
# Prints each problem and a summary line; exits 1 when the tree fails or a
# broken copy passes. Needs bash and Node.js (no npm packages).
#   scripts/check-docs.sh
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "check-docs: $*" >&2; exit 1; }
command -v node >/dev/null || die "node is needed (Debian: apt-get install nodejs)"

# check [REL=FILE]...: checks this tree, reading FILE in place of REL
# (handlers/openapi.json or docs/api.md) where given. Prints one line per
# problem and a summary; exits 1 when there is a problem.
check() {
  node --input-type=module - "$PWD" "$@" <<'EOF'
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve, sep } from 'node:path';

const [root, ...overrides] = process.argv.slice(2);
const replaced = new Map(overrides.map((o) => [o.slice(0, o.indexOf('=')), o.slice(o.indexOf('=') + 1)]));
const read = (rel) => readFileSync(replaced.get(rel) ?? join(root, rel), 'utf8');
const problems = [];
const problem = (what) => problems.push(what);

/* Markdown: lines outside fenced code blocks, with code spans kept apart. */
function proseLines(text) {
  const out = [];
  let fence = null;
  text.split('\n').forEach((line, i) => {
    const m = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence !== null) {
      if (m && m[1][0] === fence[0] && m[1].length >= fence.length && line.trim() === m[1]) fence = null;
    } else if (m) fence = m[1];
    else out.push({ n: i + 1, line });
  });
  return out;
}
/* GitHub's heading ids: lowercased, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingIds(text) {
  const ids = new Set();
  const seen = new Map();
  for (const { line } of proseLines(text)) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const plain = m[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '');
    const base = plain.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    const k = seen.get(base) ?? 0;
    seen.set(base, k + 1);
    ids.add(k === 0 ? base : `${base}-${k}`);
  }
  return ids;
}

/* 1-3: the OpenAPI document against docs/api.md. */
const doc = JSON.parse(read('handlers/openapi.json'));
const api = read('docs/api.md');
const deref = (o) => {
  while (o && o.$ref) o = o.$ref.slice(2).split('/').reduce((x, k) => x[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  return o;
};
const prose = proseLines(api);
const headings = prose
  .map(({ n, line }, i) => ({ n, i, m: /^(#{1,6})\s+(.*)$/.exec(line) }))
  .filter((h) => h.m)
  .map(({ n, i, m }) => ({ n, i, level: m[1].length, text: m[2] }));
const statuses = new Set();
const mediaTypes = new Set();
const headerNames = new Set();
let nparams = 0;
for (const [path, item] of Object.entries(doc.paths)) {
  const ops = ['get', 'head', 'options'].filter((m) => item[m]);
  const params = new Map();
  for (const p of (item.parameters ?? []).map(deref)) params.set(`${p.in}:${p.name}`, p);
  for (const m of ops) for (const p of (item[m].parameters ?? []).map(deref)) params.set(`${p.in}:${p.name}`, p);
  for (const m of ops) {
    for (const [status, r] of Object.entries(item[m].responses ?? {})) {
      statuses.add(status);
      const resp = deref(r);
      for (const t of Object.keys(resp.content ?? {})) mediaTypes.add(t);
      for (const h of Object.keys(resp.headers ?? {})) headerNames.add(h);
    }
  }
  for (const p of params.values()) if (p.in === 'header') headerNames.add(p.name);

  const h = headings.find((x) => x.text.includes(`\`GET ${path}\``) || x.text.includes(`\`${path}\``));
  if (!h) {
    problem(`docs/api.md: no section for ${path}: no heading holds \`GET ${path}\``);
    continue;
  }
  const next = headings.find((x) => x.i > h.i && x.level <= h.level);
  const section = prose.slice(h.i, next ? next.i : prose.length).map((x) => x.line).join('\n');
  for (const p of params.values()) {
    if (p.in !== 'query') continue;
    nparams++;
    const esc = p.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (!new RegExp('`' + esc + '(`|=)').test(section)) {
      problem(`docs/api.md:${h.n}: ${path}: its query parameter ${p.name} is not named in its section (\`${p.name}\`)`);
    }
  }
}
for (const s of statuses) if (!api.includes('`' + s)) problem(`docs/api.md: status ${s} of the document is not named (\`${s} ...\`)`);
for (const t of mediaTypes) if (!api.includes(t)) problem(`docs/api.md: media type ${t} of the document is not named`);
for (const name of headerNames) {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (!new RegExp(`(^|[^A-Za-z0-9-])${esc}($|[^A-Za-z0-9-])`, 'i').test(api)) problem(`docs/api.md: header ${name} of the document is not named`);
}

/* 4: links of docs/*.md and README.md. */
const mdFiles = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const idsOf = new Map();
const idsFor = (rel) => {
  if (!idsOf.has(rel)) idsOf.set(rel, headingIds(read(rel)));
  return idsOf.get(rel);
};
let nlinks = 0;
for (const rel of mdFiles) {
  for (const { n, line } of proseLines(read(rel))) {
    const bare = line.replace(/(`+)(?:(?!\1).)+?\1/g, '``');
    const targets = [];
    for (const m of bare.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+("[^"]*"|'[^']*'))?\s*\)/g)) targets.push(m[1]);
    const def = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)/.exec(bare);
    if (def) targets.push(def[1]);
    for (const m of bare.matchAll(/<([a-z][a-z0-9+.-]*:[^>\s]*)>/gi)) targets.push(m[1]);
    for (const target of targets) {
      nlinks++;
      const where = `${rel}:${n}: link ${target}`;
      if (target === '') { problem(`${where}: empty`); continue; }
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) {
        problem(`${where}: points outside the repository`);
        continue;
      }
      const hash = target.indexOf('#');
      const file = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
      const frag = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
      const abs = file === '' ? join(root, rel) : file.startsWith('/') ? join(root, file) : resolve(dirname(join(root, rel)), file);
      const inside = relative(root, abs);
      if (inside === '..' || inside.startsWith('..' + sep) || normalize(inside).startsWith('..')) {
        problem(`${where}: points outside the repository (${inside})`);
        continue;
      }
      if (!existsSync(abs)) { problem(`${where}: no such file ${inside}`); continue; }
      if (frag !== null && frag !== '' && inside.endsWith('.md') && !idsFor(inside.split(sep).join('/')).has(frag)) {
        problem(`${where}: ${inside} has no heading #${frag}`);
      }
    }
  }
}

for (const p of problems) console.log(`check-docs: ${p}`);
const summary = `${Object.keys(doc.paths).length} paths, ${nparams} query parameters, ${statuses.size} statuses, ` +
  `${mediaTypes.size} media types, ${headerNames.size} headers, ${nlinks} links in ${mdFiles.length} files`;
console.log(problems.length ? `check-docs: ${problems.length} problems (${summary})` : `check-docs: ok: ${summary}`);
process.exit(problems.length ? 1 : 0);
EOF
}

status=0
check || status=1

# The check must fail, naming the fault, on copies broken on purpose.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mutant() { # NAME EXPECTED REL=FILE...
  local name=$1 expected=$2 out rc=0
  shift 2
  out=$(check "$@") || rc=$?
  if [ "$rc" -eq 0 ]; then
    echo "check-docs: $name: the check passed a broken copy" >&2
    status=1
  elif ! grep -qF -- "$expected" <<<"$out"; then
    printf '%s\n' "$out" >&2
    echo "check-docs: $name: the check failed, but did not name $expected" >&2
    status=1
  else
    echo "check-docs: $name: rejected ($(grep -F -m1 -- "$expected" <<<"$out" | sed 's/^check-docs: //'))"
    rejected=$((rejected + 1))
  fi
}
rejected=0

# shellcheck disable=SC2016 # backticks of Markdown, not shell
grep -vF '### `GET /api/v1/sources/{id}`' docs/api.md >"$tmp/no-heading.md"
mutant "a path's heading removed" "no section for /api/v1/sources/{id}" "docs/api.md=$tmp/no-heading.md"

# shellcheck disable=SC2016 # backticks of Markdown, not shell
sed 's/`group_by/`grouping/g' docs/api.md >"$tmp/no-param.md"
mutant "a parameter's name removed" "/api/v1/funding/totals: its query parameter group_by" "docs/api.md=$tmp/no-param.md"

{ cat docs/api.md; printf '\nSee [the old check](../scripts/no-such-check.sh).\n'; } >"$tmp/bad-link.md"
mutant "a link to a missing file" "no such file scripts/no-such-check.sh" "docs/api.md=$tmp/bad-link.md"

# shellcheck disable=SC2016 # JavaScript, not shell
node --input-type=module -e '
import { readFileSync, writeFileSync } from "node:fs";
const [file, outPath, outParam] = process.argv.slice(1);
const doc = JSON.parse(readFileSync(file, "utf8"));
const withPath = structuredClone(doc);
withPath.paths["/api/v1/undocumented"] = withPath.paths["/healthz"];
writeFileSync(outPath, JSON.stringify(withPath));
const withParam = structuredClone(doc);
withParam.paths["/api/v1/events"].get.parameters.push({ name: "undocumented_param", in: "query", schema: { type: "string" } });
writeFileSync(outParam, JSON.stringify(withParam));
' handlers/openapi.json "$tmp/new-path.json" "$tmp/new-param.json"
mutant "a path added to the document" "no section for /api/v1/undocumented" "handlers/openapi.json=$tmp/new-path.json"
mutant "a query parameter added to the document" "/api/v1/events: its query parameter undocumented_param" \
  "handlers/openapi.json=$tmp/new-param.json"

if [ "$status" -eq 0 ]; then
  echo "check-docs: docs match handlers/openapi.json, every link resolves; $rejected broken copies rejected"
else
  echo "check-docs: FAILED (see above); $rejected broken copies rejected" >&2
fi
exit "$status"
