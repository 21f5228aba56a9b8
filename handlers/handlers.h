#ifndef AID_HANDLERS_H
#define AID_HANDLERS_H

/*
 * One handler per route (routes.c holds the table, handed to the server as
 * aid_app), one file per resource. A handler reads the request and fills
 * the reply; it never touches libmicrohttpd. Each comment names the
 * statuses it can send; every handler can also send 500.
 */

#include "../server/server.h"

/* The routes, in the order of the table (routes.c). */
enum route_id {
	ROUTE_ROOT,
	ROUTE_INDEX,
	ROUTE_ENTITIES,
	ROUTE_ENTITY,
	ROUTE_PARTNERSHIPS,
	ROUTE_PARTNERSHIP,
	ROUTE_FUNDINGS,
	ROUTE_FUNDING_TOTALS,
	ROUTE_FUNDING,
	ROUTE_EVENTS,
	ROUTE_EVENT,
	ROUTE_SOURCES,
	ROUTE_SOURCE,
	ROUTE_DATABASE,
	ROUTE_PACKAGE,
	ROUTE_PACKAGE_FILE,
	ROUTE_CITATION,
	ROUTE_CITE_ENTITY,
	ROUTE_CITE_PARTNERSHIP,
	ROUTE_CITE_FUNDING,
	ROUTE_CITE_EVENT,
	ROUTE_HEALTHZ,
	ROUTE_READYZ,
	ROUTE_OPENAPI,
	ROUTE_METRICS,
	ROUTE_ASSET,
	ROUTE_NOT_FOUND, /* every other path: the last row */
	ROUTE__MAX
};

/* The whole API: its routes and the state they read (routes.c). */
extern const struct app aid_app;

/* page.c: GET / — 200, the page (text/html) or, asked for JSON, the
 * index; GET /assets/{name} — 200, 404. */
handler_fn handle_root;
handler_fn handle_asset;

/* index.c: GET /api/v1 — 200. */
handler_fn handle_index;

/* entities.c: GET /api/v1/entities — 200, 400. */
handler_fn handle_entities;
/* entities.c: GET /api/v1/entities/{key} — 200, 300 (ambiguous key), 400,
 * 404. */
handler_fn handle_entity;

/* partnerships.c: GET /api/v1/partnerships — 200, 400. */
handler_fn handle_partnerships;
/* partnerships.c: GET /api/v1/partnerships/{id} — 200, 400, 404. */
handler_fn handle_partnership;

/* funding.c: GET /api/v1/funding — 200, 400. */
handler_fn handle_fundings;
/* totals.c: GET /api/v1/funding/totals — 200, 400. */
handler_fn handle_funding_totals;
/* funding.c: GET /api/v1/funding/{id} — 200, 400, 404. */
handler_fn handle_funding;

/* events.c: GET /api/v1/events — 200, 400. */
handler_fn handle_events;
/* events.c: GET /api/v1/events/{id} — 200, 400, 404. */
handler_fn handle_event;

/* sources.c: GET /api/v1/sources — 200, 400. */
handler_fn handle_sources;
/* sources.c: GET /api/v1/sources/{id} — 200, 400, 404. */
handler_fn handle_source;

/* downloads.c: GET /api/v1/database — 200, the SQLite database; GET
 * /api/v1/datapackage — 200, the data package as a ZIP archive; GET
 * /api/v1/datapackage/{path} — 200, a file of it, 404. Each 400 for a
 * parameter. */
handler_fn handle_database;
handler_fn handle_package;
handler_fn handle_package_file;

/* citation.c: GET /api/v1/citation — 200, the dataset's citation, 400;
 * GET /api/v1/citations/{collection}/{id} — 200, a fact's citation, 400,
 * 404. */
handler_fn handle_citation;
handler_fn handle_cite_entity;
handler_fn handle_cite_partnership;
handler_fn handle_cite_funding;
handler_fn handle_cite_event;

/* health.c: GET /healthz — 200; GET /readyz — 200, 503. */
handler_fn handle_healthz;
handler_fn handle_readyz;

/* openapi.c: GET /openapi.json — 200, the OpenAPI 3.1 document. */
handler_fn handle_openapi;

/* metrics.c: GET /metrics — 200, Prometheus text format. */
handler_fn handle_metrics;

/* index.c: any other path — 404. */
handler_fn handle_not_found;

#endif
