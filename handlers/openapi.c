/*
 * GET /openapi.json: the OpenAPI 3.1 document of this API. It is kept as
 * handlers/openapi.json and embedded at build time (build/gen/openapi.c);
 * only its `servers` is set per request, to where the client reaches us.
 */
#include <stddef.h>
#include <stdio.h>

#include "handlers.h"

extern const unsigned char openapi_json[];
extern const size_t openapi_json_len;

void
handle_openapi(struct request *req, struct reply *rep)
{
	json_error_t err;
	json_t *doc;
	const char *url;

	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	doc = json_loadb((const char *)openapi_json, openapi_json_len, 0, &err);
	if (doc == NULL) {
		fprintf(stderr, "aid-api: openapi.json: line %d: %s\n",
		    err.line, err.text);
		reply_fault(rep);
		return;
	}
	url = req->public_base != NULL ? req->public_base
	    : req->prefix[0] != '\0'   ? req->prefix
				       : "/";
	json_object_set_new(doc, "servers", json_pack("[{s:s}]", "url", url));
	reply_json(rep, 200, doc);
}
