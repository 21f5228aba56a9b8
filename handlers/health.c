/*
 * /healthz and /readyz: liveness and readiness for orchestrators.
 */
#include <string.h>

#include "handlers.h"

void
handle_healthz(struct request *req, struct reply *rep)
{
	struct buf b = { 0 };

	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	buf_puts(&b, "{\"status\":\"ok\"}");
	reply_buf(rep, 200, TYPE_JSON, &b);
}

void
handle_readyz(struct request *req, struct reply *rep)
{
	struct buf b = { 0 };

	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	if (store_ping(req->store) != 0) {
		reply_problem(rep, 503, "the database does not answer");
		return;
	}
	buf_puts(&b, "{\"status\":\"ready\",\"dataset_version\":");
	buf_json_string(
	    &b, req->info->dataset_version, strlen(req->info->dataset_version));
	buf_putc(&b, '}');
	reply_buf(rep, 200, TYPE_JSON, &b);
}
