/*
 * What the Chromium tests (tests/browser/, tests/page/) share: the flags
 * Debian's Chromium runs with on a machine without network, and the
 * tally of checks with its summary line.
 */

/* The machine's network is closed: without the background-networking
 * flags Chromium's own connections are refused and logged. */
export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];

/*
 * A tally named name: check(what, ok, detail) prints "ok WHAT" or "FAIL
 * WHAT: DETAIL" and returns ok; finish() prints "NAME: N checks passed" or
 * "NAME: F of N checks failed" and exits 1 on a failure or when nothing
 * was checked.
 */
export function tally(name) {
  let passed = 0;
  let failed = 0;
  return {
    check(what, ok, detail = '') {
      if (ok) passed++;
      else failed++;
      console.log(`${ok ? 'ok' : 'FAIL'} ${what}${!ok && detail ? `: ${String(detail).slice(0, 1500)}` : ''}`);
      return ok;
    },
    finish() {
      if (failed || passed === 0) {
        console.log(`${name}: ${failed} of ${passed + failed} checks failed`);
        process.exit(1);
      }
      console.log(`${name}: ${passed} checks passed`);
    },
  };
}
