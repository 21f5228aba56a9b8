// The reference for scripts/bench.sh: a plain Node.js HTTP server that
// answers the benchmark's URLs with the very bytes aid-api gave for them
// (read once at start-up from the running aid-api), with the same
// Content-Type. It does no work per request but a map lookup, so it is a
// generous reference: what a Node server costs at best.
//   node scripts/bench-reference.mjs AID_BASE_URL PORT PATH...   (PORT 0: any)
import http from 'node:http';

const [base, port, ...paths] = process.argv.slice(2);
const bodies = new Map();
for (const p of paths) {
  const res = await fetch(base + p);
  bodies.set(p, { type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) });
}
http.createServer((req, res) => {
  const hit = bodies.get(req.url);
  if (!hit) {
    res.writeHead(404, { 'Content-Type': 'application/problem+json' });
    res.end('{"status":404}');
    return;
  }
  res.writeHead(200, { 'Content-Type': hit.type, 'Content-Length': hit.body.length });
  res.end(hit.body);
}).listen(Number(port), '127.0.0.1', function () {
  console.log(`reference listening on 127.0.0.1:${this.address().port}/`);
});
