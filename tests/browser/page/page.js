/*
 * A page of another origin reading aid-api with fetch, as a frontend
 * does: JSON and the headers a script may only read when the API exposes
 * them (Link, X-Total-Count, ETag, X-Request-Id, Content-Location,
 * Content-Disposition), a revalidation with If-None-Match, a projection, a
 * 400 problem document, a 404 and the resource timing Timing-Allow-Origin
 * opens. The API's origin is the `api` query parameter of this page. The
 * answers go to window.aidResults (tests/browser/browser-test.mjs reads and
 * judges them) and onto the page.
 */
const api = new URL(window.location.href).searchParams.get('api');

const headersOf = (res, names) => Object.fromEntries(names.map((n) => [n, res.headers.get(n)]));

async function run() {
  const out = { api, origin: window.location.origin };

  /* A page of events; X-Request-Id makes it a preflighted request. */
  const eventsUrl = `${api}/api/v1/events?limit=2`;
  const events = await fetch(eventsUrl, { headers: { 'X-Request-Id': 'browser-check-1' } });
  out.events = {
    status: events.status,
    headers: headersOf(events, ['content-type', 'link', 'x-total-count', 'etag', 'x-request-id', 'vary']),
    body: await events.json(),
  };

  /* The same page again, If-None-Match its ETag, past the HTTP cache. */
  const again = await fetch(eventsUrl, { headers: { 'If-None-Match': out.events.headers.etag || '' }, cache: 'no-store' });
  out.revalidated = { status: again.status, headers: headersOf(again, ['etag']) };

  /* An entity by an alias: the canonical address in Content-Location. */
  const alias = await fetch(`${api}/api/v1/entities/minghang-district`);
  out.alias = { status: alias.status, headers: headersOf(alias, ['content-type', 'content-location']), body: await alias.json() };

  /* A projection. */
  const few = await fetch(`${api}/api/v1/events?fields=id,title&limit=1`);
  out.projection = { status: few.status, headers: headersOf(few, ['content-type']), body: await few.json() };

  /* CSV, a download. */
  const csv = await fetch(`${api}/api/v1/events?format=csv&limit=1`);
  out.csv = { status: csv.status, headers: headersOf(csv, ['content-type', 'content-disposition']), firstLine: (await csv.text()).split('\r\n')[0] };

  /* A 400 problem document, and a 404. */
  out.problemUrl = `${api}/api/v1/events?limit=0`;
  const bad = await fetch(out.problemUrl);
  out.problem = { status: bad.status, headers: headersOf(bad, ['content-type', 'x-request-id']), body: await bad.json() };
  out.notFoundUrl = `${api}/api/v1/events/no-such-event`;
  const missing = await fetch(out.notFoundUrl);
  out.notFound = { status: missing.status, headers: headersOf(missing, ['content-type']), body: await missing.json() };

  /* Resource timing of the first request: its details are zero unless
   * the answer carries Timing-Allow-Origin for this origin. */
  const t = performance.getEntriesByType('resource').find((e) => e.name === eventsUrl);
  out.timing = t ? { requestStart: t.requestStart, responseStart: t.responseStart, encodedBodySize: t.encodedBodySize } : null;
  return out;
}

run().then((out) => {
  window.aidResults = out;
  document.getElementById('status').textContent = 'done';
  document.getElementById('results').textContent = JSON.stringify(out, null, 2);
}, (e) => {
  window.aidResults = { error: String(e && e.stack ? e.stack : e) };
  document.getElementById('status').textContent = `failed: ${e}`;
});
