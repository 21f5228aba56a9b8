/*
 * What the dataset is and what it offers whole, read once at start-up
 * (store.h, struct store_about): its names and licences (tables about and
 * licences), the files of its data package (package_files, made by
 * db/package.sql) and the database's own bytes, for the downloads and the
 * citations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

static char *
dup_text(sqlite3_stmt *st, int col)
{
	const char *v = (const char *)sqlite3_column_text(st, col);

	return v != NULL ? strdup(v) : NULL;
}

/* 1 when column col holds a value but c, its copy, is NULL: memory ran
 * out (NULL is no licence's spdx or url only when the column says so). */
static int
lost(sqlite3_stmt *st, int col, const char *c)
{
	return c == NULL && sqlite3_column_type(st, col) != SQLITE_NULL;
}

/* Runs sql, calling row(st, about) for each row; 0, or -1 with err. */
static int
each_row(struct store *s, const char *sql,
    int (*row)(sqlite3_stmt *, struct store_about *), struct store_about *a,
    char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int step, rc = -1;

	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(
		    err, errlen, "database: %s", sqlite3_errmsg(store_db(s)));
		return -1;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (row(st, a) != 0) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
	if (step != SQLITE_DONE) {
		snprintf(
		    err, errlen, "database: %s", sqlite3_errmsg(store_db(s)));
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

static int
about_row(sqlite3_stmt *st, struct store_about *a)
{
	const char *key = (const char *)sqlite3_column_text(st, 0);
	char **to = NULL;

	if (key == NULL)
		return 0;
	if (strcmp(key, "name") == 0)
		to = &a->name;
	else if (strcmp(key, "title") == 0)
		to = &a->title;
	else if (strcmp(key, "author") == 0)
		to = &a->author;
	else if (strcmp(key, "description") == 0)
		to = &a->description;
	else if (strcmp(key, "data_modified") == 0)
		to = &a->data_modified;
	if (to == NULL)
		return 0;
	free(*to);
	return (*to = dup_text(st, 1)) == NULL ? -1 : 0;
}

static int
licence_row(sqlite3_stmt *st, struct store_about *a)
{
	struct store_licence *l =
	    realloc(a->licences, (a->nlicences + 1) * sizeof(*l));

	if (l == NULL)
		return -1;
	a->licences = l;
	l = &a->licences[a->nlicences++];
	*l = (struct store_licence){ .part = dup_text(st, 0),
		.spdx = dup_text(st, 1),
		.name = dup_text(st, 2),
		.url = dup_text(st, 3),
		.holder = dup_text(st, 4),
		.note = dup_text(st, 5) };
	return l->part == NULL || l->name == NULL || l->holder == NULL ||
		l->note == NULL || lost(st, 1, l->spdx) || lost(st, 3, l->url)
	    ? -1
	    : 0;
}

static int
file_row(sqlite3_stmt *st, struct store_about *a)
{
	struct store_file *f = realloc(a->files, (a->nfiles + 1) * sizeof(*f));
	const void *bytes = sqlite3_column_blob(st, 2);
	size_t len = (size_t)sqlite3_column_bytes(st, 2);

	if (f == NULL)
		return -1;
	a->files = f;
	f = &a->files[a->nfiles++];
	*f = (struct store_file){ .path = dup_text(st, 0),
		.type = dup_text(st, 1),
		.data = malloc(len + 1),
		.len = len };
	if (f->path == NULL || f->type == NULL || f->data == NULL)
		return -1;
	if (len > 0)
		memcpy(f->data, bytes, len);
	f->data[len] = '\0';
	return 0;
}

/* A copy of the database's pages: the bytes of its file (the build leaves
 * no journal or WAL beside it). */
static int
load_database(struct store *s, struct store_about *a, char *err, size_t errlen)
{
	sqlite3_int64 size = 0;
	unsigned char *bytes = sqlite3_serialize(store_db(s), "main", &size, 0);

	if (bytes == NULL || size <= 0) {
		sqlite3_free(bytes);
		snprintf(err, errlen, "database: cannot read its own bytes");
		return -1;
	}
	a->database = (struct store_file){ .path = strdup("aid.db"),
		.type = strdup("application/vnd.sqlite3"),
		.data = malloc((size_t)size),
		.len = (size_t)size };
	if (a->database.data != NULL)
		memcpy(a->database.data, bytes, (size_t)size);
	sqlite3_free(bytes);
	if (a->database.path == NULL || a->database.type == NULL ||
	    a->database.data == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* The data package as one ZIP archive: datapackage.json, then the rest
 * by path, dated when the data last changed. */
static int
load_package(struct store_about *a, char *err, size_t errlen)
{
	struct store_file *order = calloc(a->nfiles + 1, sizeof(*order));
	struct tm tm = { 0 };
	size_t n = 0;
	int rc = -1;

	if (order == NULL)
		goto oom;
	for (int first = 1; first >= 0; first--)
		for (size_t i = 0; i < a->nfiles; i++)
			if ((strcmp(a->files[i].path, "datapackage.json") ==
				0) == first)
				order[n++] = a->files[i];
	if (sscanf(a->data_modified, "%d-%d-%dT%d:%d:%d", &tm.tm_year,
		&tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
		&tm.tm_sec) != 6) {
		snprintf(err, errlen,
		    "database: data_modified '%s' is not a "
		    "date",
		    a->data_modified);
		goto out;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	if ((a->package.path = strdup("datapackage.zip")) == NULL ||
	    (a->package.type = strdup("application/zip")) == NULL ||
	    zip_build(order, n, timegm(&tm), &a->package) != 0)
		goto oom;
	rc = 0;
	goto out;
oom:
	snprintf(err, errlen, "out of memory");
out:
	free(order);
	return rc;
}

int
about_load(struct store *s, struct store_about *a, char *err, size_t errlen)
{
	memset(a, 0, sizeof(*a));
	if (each_row(s,
		"SELECT key, value FROM about UNION ALL "
		"SELECT key, value FROM meta WHERE key = 'data_modified'",
		about_row, a, err, errlen) != 0 ||
	    each_row(s,
		"SELECT part, spdx, name, url, holder, note FROM licences "
		"ORDER BY position",
		licence_row, a, err, errlen) != 0 ||
	    each_row(s,
		"SELECT path, media_type, content FROM package_files "
		"ORDER BY path",
		file_row, a, err, errlen) != 0 ||
	    load_database(s, a, err, errlen) != 0)
		return -1;
	if (a->name == NULL || a->title == NULL || a->author == NULL ||
	    a->description == NULL || a->data_modified == NULL ||
	    about_file(a, "datapackage.json") == NULL) {
		snprintf(err, errlen,
		    "database: no about, data_modified or datapackage.json "
		    "(rebuild it with make)");
		return -1;
	}
	return load_package(a, err, errlen);
}

static void
file_free(struct store_file *f)
{
	free(f->path);
	free(f->type);
	free(f->data);
}

void
about_free(struct store_about *a)
{
	if (a == NULL)
		return;
	free(a->name);
	free(a->title);
	free(a->author);
	free(a->description);
	free(a->data_modified);
	for (size_t i = 0; i < a->nlicences; i++) {
		struct store_licence *l = &a->licences[i];

		free(l->part);
		free(l->spdx);
		free(l->name);
		free(l->url);
		free(l->holder);
		free(l->note);
	}
	free(a->licences);
	for (size_t i = 0; i < a->nfiles; i++)
		file_free(&a->files[i]);
	free(a->files);
	file_free(&a->package);
	file_free(&a->database);
	memset(a, 0, sizeof(*a));
}

const struct store_file *
about_file(const struct store_about *a, const char *path)
{
	for (size_t i = 0; i < a->nfiles; i++)
		if (strcmp(a->files[i].path, path) == 0)
			return &a->files[i];
	return NULL;
}
