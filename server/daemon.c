/*
 * The libmicrohttpd daemon: listening socket, worker threads with one
 * store each, the per-request lifecycle callbacks, and the drain on stop.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

struct daemon {
	struct MHD_Daemon *mhd;
	int fd; /* the listening socket until MHD owns it */
	unsigned short port;
	const struct app *app;
	struct api *api;       /* the handlers' state, shared read-only */
	struct store **stores; /* one per worker thread */
	size_t nstores;
	atomic_size_t claimed; /* stores handed to threads */
	atomic_int closing;    /* draining: ask clients to close */
	long drain_seconds;
	int access_log;		 /* write the access log */
	struct cache *cache;	 /* renditions of data responses */
	struct metrics *metrics; /* the counters, requests in flight and
				  * open connections among them */
	struct cors *cors;	 /* --cors-origin, or NULL */
	long max_age;		 /* --cache-max-age */
	int trust_proxy;	 /* --trust-proxy */
	struct store_info info;
};

/* The store of the calling worker thread, claimed on its first request. */
static struct store *
thread_store(struct daemon *d)
{
	static _Thread_local struct daemon *owner;
	static _Thread_local struct store *store;
	size_t i;

	if (owner == d)
		return store;
	i = atomic_fetch_add(&d->claimed, 1);
	owner = d;
	store = i < d->nstores ? d->stores[i] : NULL;
	if (store == NULL)
		fprintf(stderr, "aid-api: more worker threads than stores\n");
	return store;
}

static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *con)
{
	struct daemon *d = cls;
	struct exchange *x;

	(void)con;
	metrics_in_flight(d->metrics, 1);
	if ((x = calloc(1, sizeof(*x))) == NULL)
		return NULL;
	x->route = d->app->nroutes - 1;
	clock_gettime(CLOCK_MONOTONIC, &x->start);
	x->target = strdup(uri);
	return x;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *con, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_size, void **req_cls)
{
	struct daemon *d = cls;
	struct exchange *x = *req_cls;
	struct respond_env env;

	(void)url;
	(void)upload_data;
	if (x == NULL)
		return MHD_NO; /* out of memory in on_uri */
	/*
	 * Queue on the second call: libmicrohttpd 0.9.75 closes the
	 * connection when a response is queued on the first.
	 */
	if (!x->seen) {
		x->seen = 1;
		return MHD_YES;
	}
	if (*upload_size != 0) {
		*upload_size = 0; /* no route takes a body: drop it */
		return MHD_YES;
	}
	env = (struct respond_env){ .app = d->app,
		.api = d->api,
		.store = thread_store(d),
		.info = &d->info,
		.cache = d->cache,
		.metrics = d->metrics,
		.cors = d->cors,
		.max_age = d->max_age,
		.trust_proxy = d->trust_proxy,
		.closing = atomic_load(&d->closing) };
	return respond(con, x, method, version, &env);
}

static void
on_completed(void *cls, struct MHD_Connection *con, void **req_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct daemon *d = cls;
	struct exchange *x = *req_cls;

	(void)con;
	(void)toe;
	if (x != NULL) {
		if (x->status != 0) {
			struct timespec now;

			clock_gettime(CLOCK_MONOTONIC, &now);
			metrics_observe(d->metrics, x->route, x->status,
			    (long long)(now.tv_sec - x->start.tv_sec) *
				    1000000 +
				(now.tv_nsec - x->start.tv_nsec) / 1000);
			if (d->access_log)
				log_exchange(x, d->app);
		}
		free(x->target);
		free(x);
		*req_cls = NULL;
	}
	metrics_in_flight(d->metrics, -1);
}

static void
on_connection(void *cls, struct MHD_Connection *con, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	struct daemon *d = cls;

	(void)con;
	(void)socket_context;
	metrics_connections(
	    d->metrics, toe == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1);
}

static void
on_mhd_error(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("aid-api: libmicrohttpd: ", stderr);
	vfprintf(stderr, fmt, ap);
}

/* Binds and listens; prints why not and returns -1. */
static int
listen_on(struct daemon *d, const char *addr, long port, int backlog)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	int one = 1, fd;

	if (net_address(addr, port, &ss, &sslen) != 0) {
		fprintf(stderr,
		    "aid-api: --bind: '%s' is not an IPv4 or IPv6 "
		    "address\n",
		    addr);
		return -1;
	}
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, (struct sockaddr *)&ss, sslen) != 0 ||
	    listen(fd, backlog) != 0) {
		fprintf(stderr, "aid-api: cannot listen on %s port %ld: %s\n",
		    addr, port, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	sslen = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &sslen) != 0) {
		fprintf(stderr, "aid-api: getsockname: %s\n", strerror(errno));
		close(fd);
		return -1;
	}
	d->port = ntohs(ss.ss_family == AF_INET
		? ((struct sockaddr_in *)(void *)&ss)->sin_port
		: ((struct sockaddr_in6 *)(void *)&ss)->sin6_port);
	d->fd = fd;
	return 0;
}

static void
free_daemon(struct daemon *d)
{
	if (d->api != NULL)
		d->app->close(d->api);
	for (size_t i = 0; i < d->nstores; i++)
		store_close(d->stores[i]);
	free(d->stores);
	metrics_free(d->metrics);
	cache_free(d->cache);
	cors_free(d->cors);
	if (d->fd >= 0)
		close(d->fd);
	free(d);
}

struct daemon *
daemon_start(const struct config *cfg, const struct app *app)
{
	struct daemon *d;
	char err[512];
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ITC | MHD_USE_ERROR_LOG;

	if ((d = calloc(1, sizeof(*d))) == NULL ||
	    (d->stores = calloc((size_t)cfg->threads, sizeof(*d->stores))) ==
		NULL) {
		fprintf(stderr, "aid-api: out of memory\n");
		free(d);
		return NULL;
	}
	d->fd = -1;
	d->app = app;
	d->drain_seconds = cfg->drain_seconds;
	d->access_log = strcmp(cfg->access_log, "off") != 0;
	d->max_age = cfg->cache_max_age;
	d->trust_proxy = cfg->trust_proxy != 0;
	if ((d->cache = cache_new((size_t)cfg->cache_bytes)) == NULL ||
	    (d->metrics = metrics_new(app, d->cache)) == NULL ||
	    (cfg->cors_origin != NULL &&
		(d->cors = cors_new(cfg->cors_origin)) == NULL)) {
		fprintf(stderr, "aid-api: out of memory\n");
		goto fail;
	}
	for (long i = 0; i < cfg->threads; i++) {
		if ((d->stores[i] = store_open(cfg->db, err, sizeof(err))) ==
		    NULL) {
			fprintf(stderr, "aid-api: %s\n", err);
			goto fail;
		}
		d->nstores++;
	}
	if (store_info(d->stores[0], &d->info) != 0 ||
	    d->info.dataset_version[0] == '\0') {
		fprintf(stderr,
		    "aid-api: database %s: no dataset version in its meta "
		    "table\n",
		    cfg->db);
		goto fail;
	}
	if ((d->api = app->open(d->stores[0], err, sizeof(err))) == NULL) {
		fprintf(stderr, "aid-api: %s: %s\n", cfg->db, err);
		goto fail;
	}
	if (listen_on(d, cfg->bind, cfg->port, 511) != 0)
		goto fail;
	d->mhd = MHD_start_daemon(flags, 0, NULL, NULL, on_request, d,
	    MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, d,
	    MHD_OPTION_LISTEN_SOCKET, d->fd, MHD_OPTION_THREAD_POOL_SIZE,
	    (unsigned int)(cfg->threads > 1 ? cfg->threads : 0),
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)cfg->max_connections,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->idle_timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, d, MHD_OPTION_NOTIFY_COMPLETED,
	    on_completed, d, MHD_OPTION_NOTIFY_CONNECTION, on_connection, d,
	    MHD_OPTION_END);
	if (d->mhd == NULL) {
		fprintf(stderr, "aid-api: libmicrohttpd failed to start\n");
		goto fail;
	}
	d->fd = -1; /* MHD closes it, or hands it back when quiesced */
	return d;
fail:
	free_daemon(d);
	return NULL;
}

unsigned short
daemon_port(const struct daemon *d)
{
	return d->port;
}

/* Milliseconds from a to b. */
static long long
ms_between(const struct timespec *a, const struct timespec *b)
{
	return (long long)(b->tv_sec - a->tv_sec) * 1000 +
	    (b->tv_nsec - a->tv_nsec) / 1000000;
}

/*
 * The drain: stop accepting (the listening socket is closed, so a proxy
 * in front tries another replica at once); wait for the requests in
 * flight, up to --drain-seconds; then, for at most a second more, let each
 * kept-alive connection carry one last request, answered with
 * "Connection: close", so that no client sends a request on a connection
 * we are about to close. Then stop.
 */
void
daemon_stop(struct daemon *d)
{
	struct timespec start, now, idle, tick = { 0, 10 * 1000 * 1000 };
	long long limit;
	int fd;

	if (d == NULL)
		return;
	atomic_store(&d->closing, 1);
	if ((fd = MHD_quiesce_daemon(d->mhd)) != MHD_INVALID_SOCKET)
		close(fd);
	clock_gettime(CLOCK_MONOTONIC, &start);
	idle = start;
	limit = (long long)d->drain_seconds * 1000;
	for (;;) {
		int busy = metrics_get_in_flight(d->metrics) > 0;
		long long elapsed;

		clock_gettime(CLOCK_MONOTONIC, &now);
		elapsed = ms_between(&start, &now);
		if (busy && elapsed >= limit) {
			fprintf(stderr,
			    "aid-api: %lld requests still in flight after %ld "
			    "s; stopping\n",
			    metrics_get_in_flight(d->metrics),
			    d->drain_seconds);
			break;
		}
		if (busy)
			idle =
			    now; /* the last-request grace starts when idle */
		else if (metrics_get_connections(d->metrics) == 0 ||
		    ms_between(&idle, &now) >= 1000 || elapsed >= limit)
			break;
		nanosleep(&tick, NULL);
	}
	MHD_stop_daemon(d->mhd);
	free_daemon(d);
}
