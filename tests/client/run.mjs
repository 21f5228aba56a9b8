#!/usr/bin/env node
/*
 * Runs the compiled typed client (client.js, emitted by tsc from client.ts)
 * against a live server and prints its summary line; exits 1 when any of
 * its checks fails.
 *   node tests/client/run.mjs DIR_OF_CLIENT_JS http://127.0.0.1:PORT
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, base] = process.argv.slice(2);
if (!dir || !base) {
  console.error('usage: run.mjs DIR_OF_CLIENT_JS BASE_URL');
  process.exit(2);
}
const { main } = await import(pathToFileURL(resolve(dir, 'client.js')).href);
try {
  console.log(await main(base));
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
