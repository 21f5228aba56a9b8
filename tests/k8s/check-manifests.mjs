// Checks the Kubernetes manifests of a folder (deploy/k8s by default):
//   1. schema: every document of every file kustomization.yaml lists (and
//      no other file) is a Kubernetes API object, validated by the
//      validator of kubernetes-models (the API's OpenAPI schemas, compiled
//      with ajv): types, required fields, enumerations, formats;
//   2. strict: the same documents type-checked by tsc against
//      kubernetes-types (the API's types): a field the API does not have
//      (a misspelt readOnlyRootFilesystem) is an error, which the schemas,
//      open to extra fields, let through;
//   3. agreement with the image (Dockerfile), the server (server/config.c,
//      handlers/openapi.json) and each other: the port, the probes' paths,
//      the user, the hardening, the drain time against the grace period,
//      every variable a name the server reads, the selectors, the
//      autoscaler's target, the ingress's prefixes.
// Prints one line per problem and a summary; exits 1 on any problem.
//   node tests/k8s/check-manifests.mjs [DIR] [--no-strict]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

const root = resolve(new URL('../..', import.meta.url).pathname);
const args = process.argv.slice(2);
const dir = resolve(args.find((a) => !a.startsWith('--')) ?? join(root, 'deploy/k8s'));
const strict = !args.includes('--no-strict');
const problems = [];
const problem = (msg) => problems.push(msg);

// --- the files, as kustomize reads them ------------------------------------
function load(file) {
  const docs = parseAllDocuments(readFileSync(join(dir, file), 'utf8'), { uniqueKeys: true });
  const out = [];
  for (const d of docs) {
    for (const e of [...d.errors, ...d.warnings]) problem(`${file}: ${e.message.split('\n')[0]}`);
    const v = d.toJS();
    if (v !== null) out.push(v);
  }
  return out;
}

const kust = existsSync(join(dir, 'kustomization.yaml')) ? load('kustomization.yaml')[0] : null;
if (!kust || kust.kind !== 'Kustomization' || !Array.isArray(kust.resources)) {
  problem('kustomization.yaml: no Kustomization listing resources');
}
const listed = kust?.resources ?? [];
for (const f of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml')) {
  if (!listed.includes(f)) problem(`${f}: not listed in kustomization.yaml (kubectl apply -k would leave it out)`);
}
const objects = []; // { file, obj }
for (const f of listed) {
  if (!existsSync(join(dir, f))) { problem(`kustomization.yaml: lists ${f}, which does not exist`); continue; }
  for (const obj of load(f)) objects.push({ file: f, obj });
}

// --- 1. the API's schemas ------------------------------------------------------
for (const { file, obj } of objects) {
  const where = `${file}: ${obj?.kind ?? '?'} ${obj?.metadata?.name ?? '?'}`;
  if (typeof obj?.apiVersion !== 'string' || typeof obj?.kind !== 'string') { problem(`${where}: no apiVersion or kind`); continue; }
  let Model;
  try {
    Model = (await import(`kubernetes-models/${obj.apiVersion}/${obj.kind}`))[obj.kind];
  } catch {
    problem(`${where}: ${obj.apiVersion} ${obj.kind} is not a Kubernetes API kind`);
    continue;
  }
  try {
    new Model(obj).validate();
  } catch (e) {
    problem(`${where}: schema: ${e.message}`);
  }
}

// --- 2. strict: no field the API does not have -----------------------------
if (strict && objects.length > 0) {
  const tmp = mkdtempSync(join(tmpdir(), 'aid-k8s-'));
  const lines = [];
  objects.forEach(({ obj }, i) => {
    const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['core', obj.apiVersion];
    const mod = `kubernetes-types/${group.replace(/\.k8s\.io$/, '')}/${version}`;
    lines.push(`export const doc${i}: import(${JSON.stringify(mod)}).${obj.kind} = ${JSON.stringify(obj, null, 1)};`);
  });
  writeFileSync(join(tmp, 'manifests.ts'), lines.join('\n') + '\n');
  writeFileSync(join(tmp, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext',
      moduleResolution: 'nodenext', types: [],
      paths: { 'kubernetes-types/*': [join(root, 'node_modules/kubernetes-types/*')] } },
    files: ['manifests.ts'],
  }));
  try {
    execFileSync(join(root, 'node_modules/.bin/tsc'), ['--project', join(tmp, 'tsconfig.json')],
      { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    const text = readFileSync(join(tmp, 'manifests.ts'), 'utf8').split('\n');
    for (const l of `${e.stdout}`.split('\n').filter((l) => /error TS/.test(l))) {
      const m = /manifests\.ts\((\d+),\d+\): error TS\d+: (.*)/.exec(l);
      // the document the error is in: the last "export const docN" above it
      let n = m ? Number(m[1]) - 1 : 0;
      while (n > 0 && !text[n].startsWith('export const doc')) n--;
      const i = Number(/doc(\d+)/.exec(text[n])?.[1] ?? 0);
      problem(`${objects[i].file}: ${objects[i].obj.kind} ${objects[i].obj.metadata?.name}: strict: ${m ? m[2] : l}`);
    }
    if (!/error TS/.test(`${e.stdout}`)) problem(`tsc failed: ${e.stderr || e.message}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// --- 3. agreement ---------------------------------------------------------------
const read = (rel) => readFileSync(join(root, rel), 'utf8');
const dockerfile = read('Dockerfile');
const configC = read('server/config.c');
const openapi = JSON.parse(read('handlers/openapi.json'));
const serverEnv = new Set([...configC.matchAll(/\.env = "([A-Z_]+)"/g)].map((m) => m[1]));
const envDefault = (name) => { // the default of an OPT_INT variable, from its entry
  const entry = configC.split('{ .flag').find((e) => e.includes(`.env = "${name}"`));
  return entry && /\.idef = (\d+)/.test(entry) ? Number(/\.idef = (\d+)/.exec(entry)[1]) : undefined;
};
const imageUser = /^USER\s+(\d+):(\d+)/m.exec(dockerfile);
const imageEnv = Object.fromEntries([...dockerfile.matchAll(/^\s*(?:ENV\s+)?([A-Z_]+)=("[^"]*"|\S+)\s*\\?$/gm)]
  .map((m) => [m[1], m[2].replace(/^"|"$/g, '')]));
const exposed = Number(/^EXPOSE\s+(\d+)/m.exec(dockerfile)?.[1]);
if (!imageUser || !exposed) problem('Dockerfile: no USER uid:gid or no EXPOSE port found');
for (const name of Object.keys(imageEnv)) {
  if (!serverEnv.has(name)) problem(`Dockerfile: ENV ${name} is no variable server/config.c reads`);
}

const of = (kind) => objects.filter(({ obj }) => obj?.kind === kind).map(({ obj }) => obj);
const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v) &&
  Object.keys(selector ?? {}).length > 0;
const deployments = of('Deployment');
if (deployments.length !== 1) problem(`${deployments.length} Deployments, not 1`);
const dep = deployments[0];
const pod = dep?.spec?.template?.spec ?? {};
const podLabels = dep?.spec?.template?.metadata?.labels ?? {};
const ctr = (pod.containers ?? []).find((c) => c.name === 'aid-api') ?? pod.containers?.[0] ?? {};
const env = Object.fromEntries((ctr.env ?? []).map((e) => [e.name, e.value]));
const D = `deployment ${dep?.metadata?.name}`;

if (!matches(dep?.spec?.selector?.matchLabels, podLabels)) problem(`${D}: its selector does not select its pods`);
if (!(dep?.spec?.replicas >= 2)) problem(`${D}: ${dep?.spec?.replicas} replicas, fewer than 2`);
for (const name of Object.keys(env)) {
  if (!serverEnv.has(name)) problem(`${D}: variable ${name} is no variable server/config.c reads`);
}
// the port: the container's, the server's (PORT, else the image's), EXPOSE
const httpPort = (ctr.ports ?? []).find((p) => p.name === 'http');
const serverPort = Number(env.PORT ?? imageEnv.PORT ?? envDefault('PORT'));
if (!httpPort) problem(`${D}: no container port named http`);
else if (httpPort.containerPort !== serverPort || httpPort.containerPort !== exposed) {
  problem(`${D}: containerPort ${httpPort.containerPort}, the server listens on ${serverPort}, the image exposes ${exposed}`);
}
const bind = env.BIND ?? imageEnv.BIND;
if (bind !== '0.0.0.0' && bind !== '::') problem(`${D}: the server binds ${bind}, unreachable from outside the pod`);
const resolvePort = (p) => (typeof p === 'number' ? p : (ctr.ports ?? []).find((x) => x.name === p)?.containerPort);
// the probes: the paths exist, the liveness one is /healthz, readiness /readyz
const probes = { livenessProbe: '/healthz', readinessProbe: '/readyz', startupProbe: '/readyz' };
for (const [probe, path] of Object.entries(probes)) {
  const g = ctr[probe]?.httpGet;
  if (!g) { problem(`${D}: no ${probe} with httpGet`); continue; }
  if (g.path !== path) problem(`${D}: ${probe} asks ${g.path}, not ${path}`);
  if (!openapi.paths?.[g.path]) problem(`${D}: ${probe} asks ${g.path}, which handlers/openapi.json does not have`);
  if (resolvePort(g.port) !== serverPort) problem(`${D}: ${probe} asks port ${g.port}, not the server's ${serverPort}`);
}
// the user and the hardening
const psc = pod.securityContext ?? {}, csc = ctr.securityContext ?? {};
const eff = (k) => csc[k] ?? psc[k];
if (imageUser && String(eff('runAsUser')) !== imageUser[1]) problem(`${D}: runAsUser ${eff('runAsUser')}, the image's user is ${imageUser[1]}`);
if (imageUser && String(eff('runAsGroup')) !== imageUser[2]) problem(`${D}: runAsGroup ${eff('runAsGroup')}, the image's group is ${imageUser[2]}`);
if (eff('runAsNonRoot') !== true) problem(`${D}: runAsNonRoot is not true`);
if (csc.readOnlyRootFilesystem !== true) problem(`${D}: readOnlyRootFilesystem is not true`);
if (csc.allowPrivilegeEscalation !== false) problem(`${D}: allowPrivilegeEscalation is not false`);
if (!(csc.capabilities?.drop ?? []).includes('ALL') || (csc.capabilities?.add ?? []).length) problem(`${D}: capabilities: not every one dropped`);
if (eff('seccompProfile')?.type !== 'RuntimeDefault') problem(`${D}: seccompProfile is not RuntimeDefault`);
for (const k of ['cpu', 'memory']) {
  if (!ctr.resources?.requests?.[k]) problem(`${D}: no ${k} request`);
}
if (!ctr.resources?.limits?.memory) problem(`${D}: no memory limit`);
// drain: preStop's wait, then SIGTERM and up to the drain seconds, all
// before the grace period ends
const drain = Number(env.AID_DRAIN_SECONDS ?? envDefault('AID_DRAIN_SECONDS'));
const preStop = ctr.lifecycle?.preStop?.sleep?.seconds;
const grace = pod.terminationGracePeriodSeconds ?? 30;
if (!(preStop > 0)) problem(`${D}: no preStop sleep: endpoints are not given time to drop the pod before SIGTERM`);
else if (!(grace > preStop + drain)) problem(`${D}: terminationGracePeriodSeconds ${grace} is not above preStop ${preStop} s + drain ${drain} s`);
if (!['true', '1', 'yes'].includes(env.AID_TRUST_PROXY)) problem(`${D}: AID_TRUST_PROXY is not true: the ingress's X-Forwarded-* are ignored`);
if (!env.AID_THREADS) problem(`${D}: no AID_THREADS: the server would start a thread per core of the node`);

// the Service, and what points at it
const services = of('Service');
const svc = services.find((s) => matches(s.spec?.selector, podLabels));
if (!svc) problem('no Service selects the Deployment\'s pods');
for (const p of svc?.spec?.ports ?? []) {
  if (resolvePort(p.targetPort) !== serverPort) problem(`service ${svc.metadata.name}: port ${p.name} goes to ${p.targetPort}, not the server's port`);
}
for (const pdb of of('PodDisruptionBudget')) {
  if (!matches(pdb.spec?.selector?.matchLabels, podLabels)) problem(`pdb ${pdb.metadata.name}: does not select the Deployment's pods`);
  if (pdb.spec?.minAvailable !== undefined && !(pdb.spec.minAvailable < dep?.spec?.replicas)) problem(`pdb ${pdb.metadata.name}: minAvailable leaves no pod to evict`);
}
if (!of('PodDisruptionBudget').length) problem('no PodDisruptionBudget');
const hpas = of('HorizontalPodAutoscaler');
if (!hpas.length) problem('no HorizontalPodAutoscaler');
for (const h of hpas) {
  const t = h.spec?.scaleTargetRef;
  if (t?.kind !== 'Deployment' || t?.name !== dep?.metadata?.name) problem(`hpa ${h.metadata.name}: scales ${t?.kind} ${t?.name}, not the Deployment`);
  if (!(h.spec?.minReplicas >= 2)) problem(`hpa ${h.metadata.name}: minReplicas below 2`);
  if (!(h.spec?.metrics ?? []).some((m) => m.resource?.name === 'cpu')) problem(`hpa ${h.metadata.name}: not on CPU`);
}
const nps = of('NetworkPolicy');
if (!nps.some((n) => matches(n.spec?.podSelector?.matchLabels, podLabels))) problem('no NetworkPolicy selects the Deployment\'s pods');
for (const n of nps) {
  for (const rule of n.spec?.ingress ?? []) {
    if (!rule.from?.length) problem(`networkpolicy ${n.metadata.name}: a rule lets anyone in`);
    for (const p of rule.ports ?? []) if (resolvePort(p.port) !== serverPort) problem(`networkpolicy ${n.metadata.name}: port ${p.port} is not the server's`);
  }
}
const ingresses = of('Ingress');
const prefixes = new Map(); // x-forwarded-prefix -> Ingress
for (const ing of ingresses) {
  const a = ing.metadata?.annotations ?? {};
  const I = `ingress ${ing.metadata?.name}`;
  for (const r of ing.spec?.rules ?? []) {
    for (const p of r.http?.paths ?? []) {
      const b = p.backend?.service;
      if (b?.name !== svc?.metadata?.name) problem(`${I}: ${p.path} goes to service ${b?.name}, not ${svc?.metadata?.name}`);
      else if (!(svc.spec.ports ?? []).some((sp) => sp.name === b.port?.name || sp.port === b.port?.number)) problem(`${I}: ${p.path}: the service has no port ${JSON.stringify(b.port)}`);
    }
  }
  const prefix = a['nginx.ingress.kubernetes.io/x-forwarded-prefix'];
  const redirect = a['nginx.ingress.kubernetes.io/permanent-redirect'] ?? a['nginx.ingress.kubernetes.io/denylist-source-range'];
  if (prefix === undefined && !redirect) problem(`${I}: no x-forwarded-prefix: a client's own X-Forwarded-Prefix would reach the replicas`);
  if (prefix !== undefined) prefixes.set(prefix, ing);
}
if (!prefixes.has('/')) problem('no Ingress mounts the API at / (x-forwarded-prefix "/")');
const aid = prefixes.get('/aid');
if (!aid) problem('no Ingress mounts the API under /aid/ (x-forwarded-prefix /aid)');
else {
  const a = aid.metadata.annotations;
  const paths = (aid.spec.rules ?? []).flatMap((r) => r.http?.paths ?? []).map((p) => p.path);
  const rx = paths.map((p) => new RegExp(`^${p}$`)).find((r) => r.test('/aid/api/v1/events'));
  const target = rx && a['nginx.ingress.kubernetes.io/rewrite-target'];
  const rewritten = target && '/aid/api/v1/events'.replace(rx, target);
  if (rewritten !== '/api/v1/events') problem(`ingress ${aid.metadata.name}: /aid/api/v1/events reaches a replica as ${rewritten}, not /api/v1/events`);
}

for (const p of problems) console.log(`check-k8s: ${p}`);
console.log(`check-k8s: ${objects.length} objects in ${listed.length} files of ${dir}: ` +
  (problems.length ? `${problems.length} problems` : `valid${strict ? ' (strict)' : ''}, and they agree with the image and the server`));
process.exit(problems.length ? 1 : 0);
