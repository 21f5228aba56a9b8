/*
 * GET /metrics: the server's counters in the Prometheus text format.
 */
#include "handlers.h"

void
handle_metrics(struct request *req, struct reply *rep)
{
	struct buf b = { 0 };

	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	server_metrics(req, &b);
	reply_buf(rep, 200, "text/plain; version=0.0.4; charset=utf-8", &b);
}
