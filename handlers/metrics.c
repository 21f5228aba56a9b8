/*
 * GET /metrics: the server's counters in the Prometheus text format.
 */
#include "handlers.h"

void
handle_metrics(struct request *req, struct reply *rep)
{
	char *text;
	size_t len;

	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	text = server_metrics(req, &len);
	reply_text(
	    rep, 200, "text/plain; version=0.0.4; charset=utf-8", text, len);
}
