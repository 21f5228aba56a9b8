/*
 * The page for people: GET / in a browser (the page, web/index.html) or
 * as JSON (the index), and GET /assets/{name}, the page's other files.
 * All of it is embedded in the binary (handlers/web.h). The page keeps its
 * state in the URL's fragment, so every state has one address and the
 * server one document. It names its files with the version in their name
 * (assets/app.<version>.js, scripts/embed-web.sh), so that an address of
 * the current version names those bytes for good.
 */
#include <stddef.h>
#include <stdio.h>
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

/*
 * The file an asset's name asks for: NAME.VERSION.EXT (VERSION 16 hex
 * digits) is the file NAME.EXT, any other name the file of that name.
 * *current is set to 1 when VERSION is the page's own (web_version), else
 * to 0 (no version, or another one: the same file, cached as usual).
 * NULL when there is no such file.
 */
static const struct web_file *
asset_file(const char *arg, int *current)
{
	const char *ext = strrchr(arg, '.'), *v;
	char name[128];
	size_t vlen = strlen(web_version);

	*current = 0;
	if (ext == NULL || ext - arg < (ptrdiff_t)vlen + 2)
		return web_file(arg);
	v = ext - vlen;
	if (v[-1] != '.' || strspn(v, "0123456789abcdef") != vlen)
		return web_file(arg);
	if ((size_t)(v - arg) + strlen(ext) >= sizeof(name))
		return NULL;
	snprintf(name, sizeof(name), "%.*s%s", (int)(v - 1 - arg), arg, ext);
	*current = strncmp(v, web_version, vlen) == 0;
	return web_file(name);
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
	int current;
	const struct web_file *f = asset_file(req->arg, &current);

	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	if (f == NULL || strcmp(f->name, "index.html") == 0) {
		reply_problem(rep, 404, "the page has no file '%s'", req->arg);
		return;
	}
	send_file(rep, f);
	/* an address with the current version names these bytes for good */
	if (current)
		rep->fresh = FRESH_IMMUTABLE;
}
