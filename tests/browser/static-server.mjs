#!/usr/bin/env node
/*
 * A tiny static server for the browser test: serves tests/browser/page/
 * (index.html at /, page.js) from 127.0.0.1 on a port of its own, so that
 * the page is of another origin than the API. Anything else is a 404.
 * Prints "static: http://127.0.0.1:PORT/" once listening; exits 0 on
 * SIGTERM or SIGINT.
 *   node tests/browser/static-server.mjs [--port N]   (0, the default: any free port)
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = join(dirname(fileURLToPath(import.meta.url)), 'page');
const i = process.argv.indexOf('--port');
const port = i > 0 ? Number(process.argv[i + 1]) : 0;

const files = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/index.html': ['index.html', 'text/html; charset=utf-8'],
  '/page.js': ['page.js', 'text/javascript; charset=utf-8'],
};

const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  const f = files[path];
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('method not allowed\n');
    return;
  }
  if (!f) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
    return;
  }
  const body = readFileSync(join(here, f[0]));
  res.writeHead(200, { 'Content-Type': f[1], 'Content-Length': body.length, 'Cache-Control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`static: http://127.0.0.1:${server.address().port}/`);
});
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
