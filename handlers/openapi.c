/*
 * GET /openapi.json: the OpenAPI 3.1 document of this API. It is kept as
 * handlers/openapi.json and embedded at build time (build/gen/openapi.c);
 * start-up renders it once, compact, around the one value set per request:
 * the url of its `servers`, where the client reaches us.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "collection.h"

extern const unsigned char openapi_json[];
extern const size_t openapi_json_len;

#define MARK "\"@@servers-url@@\""

int
openapi_open(struct api *api, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *doc;
	struct buf b = { 0 };
	char *text, *at;

	doc =
	    json_loadb((const char *)openapi_json, openapi_json_len, 0, &jerr);
	if (doc == NULL) {
		snprintf(err, errlen, "openapi.json: line %d: %s", jerr.line,
		    jerr.text);
		return -1;
	}
	json_object_set_new(
	    doc, "servers", json_pack("[{s:s}]", "url", "@@servers-url@@"));
	buf_json(&b, doc, JSON_COMPACT);
	text = buf_finish(&b);
	json_decref(doc);
	if (text == NULL || (at = strstr(text, MARK)) == NULL) {
		free(text);
		snprintf(err, errlen, "openapi.json: out of memory");
		return -1;
	}
	*at = '\0';
	api->openapi_head = text;
	api->openapi_head_len = (size_t)(at - text);
	api->openapi_tail = at + sizeof(MARK) - 1;
	api->openapi_tail_len = strlen(api->openapi_tail);
	return 0;
}

void
handle_openapi(struct request *req, struct reply *rep)
{
	const struct api *api = req->api;
	struct buf b = { 0 };
	const char *url;

	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	url = req->public_base != NULL ? req->public_base
	    : req->prefix[0] != '\0'   ? req->prefix
				       : "/";
	buf_putn(&b, api->openapi_head, api->openapi_head_len);
	buf_json_string(&b, url, strlen(url));
	buf_putn(&b, api->openapi_tail, api->openapi_tail_len);
	reply_buf(rep, 200, TYPE_JSON, &b);
}
