/*
 * The page for people: GET / in a browser (the page, web/index.html) or
 * as JSON (the index), and GET /assets/{name}, the page's other files.
 * All of it is embedded in the binary (handlers/web.h). The page keeps its
 * state in the URL's fragment, so every state has one address and the
 * server one document.
 */
#include <string.h>

#include "collection.h"
#include "web.h"

/* Only the page's own origin, for everything the page loads or reads. */
#define PAGE_CSP                                                               \
	"default-src 'self'; script-src 'self'; style-src 'self'; "            \
	"img-src 'self' data:; connect-src 'self'; font-src 'self'; "          \
	"object-src 'none'; base-uri 'self'; form-action 'self'; "             \
	"frame-ancestors 'none'"

static const struct web_file *
web_file(const char *name)
{
	for (size_t i = 0; i < web_nfiles; i++)
		if (strcmp(web_files[i].name, name) == 0)
			return &web_files[i];
	return NULL;
}

static void
send_file(struct reply *rep, const struct web_file *f)
{
	struct buf b = { 0 };

	buf_putn(&b, (const char *)f->data, f->len);
	reply_buf(rep, 200, f->type, &b);
	rep->csp = PAGE_CSP;
}

void
handle_root(struct request *req, struct reply *rep)
{
	const struct web_file *f;

	if (!req->accept_html) {
		handle_index(req, rep); /* a client that asks for JSON */
		return;
	}
	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	if ((f = web_file("index.html")) == NULL) {
		reply_fault(rep);
		return;
	}
	send_file(rep, f);
	/* it names its files' current versions: never kept stale */
	rep->fresh = FRESH_REVALIDATE;
}

void
handle_asset(struct request *req, struct reply *rep)
{
	const char *v = req_param(req, "v");
	const struct web_file *f = web_file(req->arg);

	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	if (f == NULL || strcmp(req->arg, "index.html") == 0) {
		reply_problem(rep, 404, "the page has no file '%s'", req->arg);
		return;
	}
	send_file(rep, f);
	/* an address with the current version names these bytes for good */
	if (v != NULL && strcmp(v, web_version) == 0)
		rep->fresh = FRESH_IMMUTABLE;
}
