/*
 * The downloads: the SQLite database itself, and the Frictionless Data
 * Package (db/package.sql) as one ZIP archive and file by file. Each is
 * data (a strong ETag, Last-Modified); the database and the archive come
 * as attachments named with the dataset version, the package's files
 * under the names its descriptor gives them, so that a folder of them is
 * the package.
 */
#include <stdio.h>
#include <string.h>

#include "collection.h"

int
downloads_open(struct api *api, char *err, size_t errlen)
{
	const char *v = api->data->info.dataset_version;

	(void)err;
	(void)errlen;
	snprintf(
	    api->database_name, sizeof(api->database_name), "aid-api-%s.db", v);
	snprintf(api->package_name, sizeof(api->package_name),
	    "aid-api-%s-datapackage.zip", v);
	snprintf(
	    api->bibtex_name, sizeof(api->bibtex_name), "aid-api-%s.bib", v);
	snprintf(
	    api->csl_name, sizeof(api->csl_name), "aid-api-%s.csl.json", v);
	snprintf(api->text_name, sizeof(api->text_name),
	    "aid-api-%s-citation.txt", v);
	return 0;
}

/* 200 with a copy of the file's bytes, as an attachment named name. */
static void
reply_file(struct reply *rep, const struct store_file *f, const char *type,
    const char *name)
{
	struct buf b = { 0 };

	buf_putn(&b, f->data, f->len);
	reply_buf(rep, 200, type, &b);
	if (rep->status == 200)
		rep->filename = name;
}

/* GET /api/v1/database: the database the server reads, byte for byte. */
void
handle_database(struct request *req, struct reply *rep)
{
	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	reply_file(rep, &req->api->about.database, "application/vnd.sqlite3",
	    req->api->database_name);
}

/* GET /api/v1/datapackage: every file of the data package in one ZIP
 * archive, datapackage.json first. */
void
handle_package(struct request *req, struct reply *rep)
{
	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	reply_file(rep, &req->api->about.package, "application/zip",
	    req->api->package_name);
}

/* GET /api/v1/datapackage/{path}: datapackage.json, or a CSV file it
 * lists. */
void
handle_package_file(struct request *req, struct reply *rep)
{
	const struct store_file *f;

	if (req_finish(req)) {
		reply_invalid(rep, req);
		return;
	}
	if ((f = about_file(&req->api->about, req->arg)) == NULL) {
		reply_problem(rep, 404,
		    "the data package has no file '%s'; its files are listed "
		    "in %s%s/datapackage/datapackage.json",
		    req->arg, req->prefix, API_PREFIX);
		return;
	}
	reply_file(rep, f, f->type, f->path);
}
