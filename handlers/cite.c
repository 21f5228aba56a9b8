/*
 * The forms of a citation: APA-style text, BibTeX and CSL-JSON, their
 * dates and escapes, and the one way a citation is sent (handlers/cite.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cite.h"

static const char *const formats[] = { "json", "text", "bibtex", "csl", NULL };

#define TYPE_TEXT   "text/plain; charset=utf-8"
#define TYPE_BIBTEX "application/x-bibtex; charset=utf-8"
#define TYPE_CSL    "application/vnd.citationstyles.csl+json; charset=utf-8"

const char *const months[12] = { "January", "February", "March", "April", "May",
	"June", "July", "August", "September", "October", "November",
	"December" };
const char *const bib_months[12] = { "jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec" };

struct ymd
ymd_of(const char *s)
{
	struct ymd t = { 0, 0, 0 };

	if (s == NULL || sscanf(s, "%4d-%2d-%2d", &t.y, &t.m, &t.d) != 3 ||
	    t.m < 1 || t.m > 12)
		t = (struct ymd){ 0, 0, 0 };
	return t;
}

void
put_apa_date(struct buf *b, struct ymd t)
{
	if (t.y == 0)
		buf_puts(b, "(n.d.)");
	else
		buf_printf(b, "(%d, %s %d)", t.y, months[t.m - 1], t.d);
}

void
put_bib(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\\': buf_puts(b, "\\textbackslash{}"); break;
		case '{':
		case '}':
		case '&':
		case '%':
		case '$':
		case '#':
		case '_':
			buf_putc(b, '\\');
			buf_putc(b, *s);
			break;
		case '~': buf_puts(b, "\\textasciitilde{}"); break;
		case '^': buf_puts(b, "\\textasciicircum{}"); break;
		default: buf_putc(b, *s);
		}
	}
}

void
put_address(struct buf *b, const struct request *req, const char *path)
{
	buf_puts(b, req->public_base != NULL ? req->public_base : req->prefix);
	buf_puts(b, path);
}

json_t *
csl_date(struct ymd t)
{
	return json_pack("{s:[[i,i,i]]}", "date-parts", t.y, t.m, t.d);
}

const struct store_licence *
licence(const struct api *api, const char *part)
{
	for (size_t i = 0; i < api->about.nlicences; i++)
		if (strcmp(api->about.licences[i].part, part) == 0)
			return &api->about.licences[i];
	return NULL;
}

void
reply_citation(struct request *req, struct reply *rep, int format, json_t *data,
    char *text, char *bib, json_t *csl)
{
	const struct api *api = req->api;
	struct buf b = { 0 };
	json_t *doc = NULL;

	if (data == NULL || csl == NULL || text == NULL || bib == NULL)
		goto fault;
	switch (format) {
	case FORMAT_TEXT:
		buf_puts(&b, text);
		buf_putc(&b, '\n');
		reply_buf(rep, 200, TYPE_TEXT, &b);
		rep->filename = api->text_name;
		goto out;
	case FORMAT_BIBTEX:
		buf_puts(&b, bib);
		reply_buf(rep, 200, TYPE_BIBTEX, &b);
		rep->filename = api->bibtex_name;
		goto out;
	case FORMAT_CSL:
		if ((doc = json_pack("[O]", csl)) == NULL)
			goto fault;
		buf_json(&b, doc, JSON_COMPACT);
		reply_buf(rep, 200, TYPE_CSL, &b);
		rep->filename = api->csl_name;
		goto out;
	default: break;
	}
	if (json_object_set_new(data, "text", json_string(text)) != 0 ||
	    json_object_set_new(data, "bibtex", json_string(bib)) != 0 ||
	    json_object_set(data, "csl", csl) != 0 ||
	    (doc = json_pack("{s:O}", "data", data)) == NULL)
		goto fault;
	buf_json(&b, doc, JSON_COMPACT);
	reply_buf(rep, 200, TYPE_JSON, &b);
	goto out;
fault:
	free(buf_finish(&b));
	reply_fault(rep);
out:
	free(text);
	free(bib);
	json_decref(doc);
	json_decref(data);
	json_decref(csl);
}

int
format_of(struct request *req)
{
	const char *f = req_choice(req, "format", formats);

	for (int k = 0; f != NULL && formats[k] != NULL; k++)
		if (f == formats[k])
			return k;
	return FORMAT_JSON;
}
