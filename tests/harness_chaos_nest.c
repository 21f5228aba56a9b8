/*
 * The calls the chaos test of start-up nests (tests/harness_chaos.h,
 * chaos_nesting): opening a store, loading the dataset, what it offers
 * whole, a view, the OpenAPI document, the citations and the service,
 * each wrapped so that inside it only the first allocation counts. Only
 * a program linked with -Wl,--wrap of each reaches these (the others
 * leave their __real_ names unresolved: weak, null, never called).
 */
#include "../db/internal.h"
#include "../handlers/collection.h"
#include "harness.h"
#include "harness_chaos.h"

#define WEAK __attribute__((weak))

/* Each counts its first allocation and no more while chaos_nesting is
 * on (-Wl,--wrap of each, WRAP_test_chaos_startup). */
WEAK struct store *__real_store_open(const char *, char *, size_t);
WEAK struct dataset *__real_dataset_load(struct store *, char *, size_t);
WEAK int __real_about_load(
    struct store *, struct store_about *, char *, size_t);
WEAK int __real_view_open(struct view *, const struct collection *,
    const struct dataset *, char *, size_t);
WEAK int __real_openapi_open(struct api *, char *, size_t);
WEAK int __real_cites_open(struct api *, char *, size_t);
WEAK int __real_service_open(
    struct service *, const struct config *, const struct app *);
struct store *__wrap_store_open(const char *, char *, size_t);
struct dataset *__wrap_dataset_load(struct store *, char *, size_t);
int __wrap_about_load(struct store *, struct store_about *, char *, size_t);
int __wrap_view_open(struct view *, const struct collection *,
    const struct dataset *, char *, size_t);
int __wrap_openapi_open(struct api *, char *, size_t);
int __wrap_cites_open(struct api *, char *, size_t);
int __wrap_service_open(
    struct service *, const struct config *, const struct app *);

struct store *
__wrap_store_open(const char *path, char *err, size_t errlen)
{
	struct store *s;

	chaos_enter();
	s = __real_store_open(path, err, errlen);
	chaos_leave();
	return s;
}

struct dataset *
__wrap_dataset_load(struct store *s, char *err, size_t errlen)
{
	struct dataset *ds;

	chaos_enter();
	ds = __real_dataset_load(s, err, errlen);
	chaos_leave();
	return ds;
}

int
__wrap_about_load(
    struct store *s, struct store_about *a, char *err, size_t errlen)
{
	int rc;

	chaos_enter();
	rc = __real_about_load(s, a, err, errlen);
	chaos_leave();
	return rc;
}

int
__wrap_view_open(struct view *v, const struct collection *c,
    const struct dataset *ds, char *err, size_t errlen)
{
	int rc;

	chaos_enter();
	rc = __real_view_open(v, c, ds, err, errlen);
	chaos_leave();
	return rc;
}

int
__wrap_openapi_open(struct api *api, char *err, size_t errlen)
{
	int rc;

	chaos_enter();
	rc = __real_openapi_open(api, err, errlen);
	chaos_leave();
	return rc;
}

int
__wrap_cites_open(struct api *api, char *err, size_t errlen)
{
	int rc;

	chaos_enter();
	rc = __real_cites_open(api, err, errlen);
	chaos_leave();
	return rc;
}

int
__wrap_service_open(
    struct service *s, const struct config *cfg, const struct app *app)
{
	int rc;

	chaos_enter();
	rc = __real_service_open(s, cfg, app);
	chaos_leave();
	return rc;
}
