/*
 * /healthz and /readyz: liveness and readiness for orchestrators.
 */
#include "handlers.h"

void
handle_healthz(struct request *req, struct reply *rep)
{
	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	reply_json(rep, 200, json_pack("{s:s}", "status", "ok"));
}

void
handle_readyz(struct request *req, struct reply *rep)
{
	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	if (store_ping(req->store) != 0) {
		reply_problem(rep, 503, "the database does not answer");
		return;
	}
	reply_json(rep, 200,
	    json_pack("{s:s, s:s}", "status", "ready", "dataset_version",
		req->info->dataset_version));
}
