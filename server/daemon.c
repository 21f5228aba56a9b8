/*
 * The libmicrohttpd daemon: listening socket, worker threads with one
 * store each, the per-request lifecycle callbacks, and the drain on stop.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
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
	int fd; /* the listening socket until the acceptor owns it */
	struct acceptor *acceptor;
	unsigned short port;
	struct service svc;    /* stores, handlers, cache, metrics, CORS */
	atomic_size_t claimed; /* stores handed to threads */
	atomic_int closing;    /* draining: ask clients to close */
	long drain_seconds;
	int access_log;	      /* write the access log */
	struct conns *conns;  /* every open connection's state */
	long max_connections; /* --max-connections */
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
	/* GCOVR_EXCL_START: daemon_start opens a store for each of the
	 * cfg->threads threads libmicrohttpd's pool has; no more can come */
	store = i < d->svc.nstores ? d->svc.stores[i] : NULL;
	if (store == NULL)
		fprintf(stderr, "aid-api: more worker threads than stores\n");
	/* GCOVR_EXCL_STOP */
	return store;
}

/* The connection state MHD keeps for us (NULL when it could not be
 * made: the connection's requests are then refused). */
static struct conn *
conn_of(struct MHD_Connection *con)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(con, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci != NULL ? ci->socket_context : NULL;
}

/*
 * The status of the answer libmicrohttpd last said (in its error log) it
 * sends on its own, on this thread: it refused a request there, and the
 * thread's next exchange refused without a status of its own (one whose
 * request line never reached the server) takes it. Each worker thread
 * serves its own connections, one at a time.
 */
static _Thread_local unsigned int mhd_refused;

/* Microseconds since the exchange began. */
static long long
elapsed_us(const struct exchange *x)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)(now.tv_sec - x->start.tv_sec) * 1000000 +
	    (now.tv_nsec - x->start.tv_nsec) / 1000;
}

/*
 * The end of an exchange, however it ends: counted, logged, and its
 * state released. One that never reached a handler (libmicrohttpd
 * refused it itself, or the client left) is counted and logged under the
 * route "refused" with the status libmicrohttpd sent, if any.
 */
static void
finish(struct daemon *d, struct exchange *x, unsigned int status)
{
	if (!x->begun)
		return;
	if (!x->handled) {
		x->route = d->svc.app->nroutes; /* "refused" */
		x->status = status != 0 ? status : mhd_refused;
		mhd_refused = 0;
	}
	if (x->handled)
		metrics_in_flight(d->svc.metrics, -1);
	metrics_observe(d->svc.metrics, x->route, x->status, elapsed_us(x));
	if (d->access_log && (x->status != 0 || !x->handled))
		log_exchange(x, d->svc.app);
	free(x->target);
	memset(x, 0, sizeof(*x));
}

/*
 * The request line is read. The exchange lives in the connection's
 * state, so that it is freed however the connection ends. The server
 * parses the query from its own copy of the target; libmicrohttpd's is
 * cut where its version needs it (mhd_cut_query), so that no number of
 * parameters can exhaust its memory before the server answers.
 */
static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *con)
{
	struct daemon *d = cls;
	struct conn *c = conn_of(con);
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

	if (c == NULL)
		return NULL;
	finish(d, &c->x, 0); /* a previous exchange left unfinished */
	conn_reading(d->conns, c, 1);
	c->x.begun = 1;
	c->x.route = d->svc.app->nroutes - 1;
	clock_gettime(CLOCK_MONOTONIC, &c->x.start);
	c->x.target = strdup(uri);
	c->x.line_at = (uintptr_t)uri;
	request_begin(ci != NULL ? ci->client_addr : NULL, &c->x);
	if (c->x.target != NULL)
		mhd_cut_query(mhd_traits(), uri);
	return &c->x;
}

static struct respond_env
env_of(struct daemon *d)
{
	struct respond_env env = service_env(&d->svc, thread_store(d));

	env.closing = atomic_load(&d->closing);
	return env;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *con, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_size, void **req_cls)
{
	struct daemon *d = cls;
	struct exchange *x = *req_cls;
	struct respond_env env;
	struct head h;

	(void)url;
	(void)upload_data;
	if (x == NULL)
		return MHD_NO; /* no connection state: out of memory */
	/*
	 * The first call: the head is read whole. A request that must be
	 * refused (its framing, or a body no route takes) is answered now,
	 * which makes libmicrohttpd read no body, send no 100 Continue and
	 * close the connection. Any other is answered on the second call:
	 * libmicrohttpd 0.9.75 closes the connection after a response
	 * queued on the first.
	 */
	if (!x->handled) {
		x->handled = 1;
		metrics_in_flight(d->svc.metrics, 1);
		conn_reading(d->conns, conn_of(con), 0);
		/* libmicrohttpd answered itself (a Content-Length it cannot
		 * read): end it there, so that no second answer follows */
		if (MHD_get_connection_info(
			con, MHD_CONNECTION_INFO_HTTP_STATUS) != NULL)
			return MHD_NO;
		head_from(con, method, version, &h);
		if ((x->refuse = request_framing(
			 &h, x->target, &x->refuse_detail)) == 0 &&
		    ((x->refuse_detail = mhd_line_as_sent(
			  mhd_traits(), x, method, version)) != NULL ||
			(x->refuse_detail = mhd_fields_as_sent(
			     mhd_traits(), con, method, version)) != NULL))
			x->refuse = 400;
		if (x->refuse == 0)
			return MHD_YES;
		env = env_of(d);
		env.closing = 1;
		return respond(con, x, method, version, &env);
	}
	if (*upload_size != 0) {
		*upload_size = 0; /* refused on the first call: not reached */
		return MHD_YES;
	}
	env = env_of(d);
	return respond(con, x, method, version, &env);
}

static void
on_completed(void *cls, struct MHD_Connection *con, void **req_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct daemon *d = cls;
	struct exchange *x = *req_cls;
	struct conn *c = conn_of(con);
	const union MHD_ConnectionInfo *ci;
	int ends = toe != MHD_REQUEST_TERMINATED_COMPLETED_OK;

	if (x != NULL) {
		/* what libmicrohttpd sent, when it answered itself */
		ci = MHD_get_connection_info(
		    con, MHD_CONNECTION_INFO_HTTP_STATUS);
		/* refused, by the server or by libmicrohttpd, or draining:
		 * the connection ends with this exchange */
		ends = ends || x->refuse != 0 || (!x->handled && ci != NULL) ||
		    atomic_load(&d->closing);
		finish(d, x, ci != NULL ? ci->http_status : 0);
		*req_cls = NULL;
	}
	if (c != NULL) {
		unsigned long long rx = net_bytes_received(c->fd);

		c->rx_done = ends ? ULLONG_MAX : rx;
		clock_gettime(CLOCK_MONOTONIC, &c->done_at);
		conn_idle(d->conns, c, rx);
	}
}

/*
 * A connection closes without a request line since its last exchange,
 * though its client sent bytes since: libmicrohttpd refused them (a line
 * it cannot read, a bad or unsupported version, too long a line) or the
 * client left mid-line. Counted and logged as a refused exchange, with
 * the status libmicrohttpd answered, if any.
 */
static void
refused_unseen(struct daemon *d, struct MHD_Connection *con, struct conn *c)
{
	const union MHD_ConnectionInfo *ci;

	/* (the kernel counts the client's FIN as one byte) */
	if (c->x.begun || c->rx_done == ULLONG_MAX ||
	    net_bytes_received(c->fd) <= c->rx_done + 1)
		return;
	ci = MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	c->x.begun = 1;
	c->x.start = c->done_at;
	request_begin(ci != NULL ? ci->client_addr : NULL, &c->x);
	finish(d, &c->x, 0);
}

/* When the server holds its most connections (those the acceptor handed
 * over and no worker has started yet among them), a new client takes the
 * place of one idle (conns_make_room), or else is refused at once: it is
 * closed, never left waiting in the listen queue. The one closed to make
 * room is counted until libmicrohttpd lets go of it, within the margin of
 * libmicrohttpd's own limit (daemon_start). */
static enum MHD_Result
on_accept(void *cls, const struct sockaddr *addr, socklen_t len)
{
	struct daemon *d = cls;
	/* those handed over and not yet started, but this one, read before
	 * those started: a worker counts one (on_connection) before it
	 * tells the acceptor, so one that starts between the two reads is
	 * counted twice, never missed */
	long open = acceptor_pending(d->acceptor) - 1;

	(void)addr;
	(void)len;
	open += metrics_get_connections(d->svc.metrics);
	if (open >= d->max_connections && !conns_make_room(d->conns)) {
		metrics_refused(d->svc.metrics);
		return MHD_NO;
	}
	return MHD_YES;
}

static void
on_connection(void *cls, struct MHD_Connection *con, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	struct daemon *d = cls;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		    con, MHD_CONNECTION_INFO_CONNECTION_FD);

		struct conn *c =
		    conn_open(d->conns, ci != NULL ? ci->connect_fd : -1);

		if (c != NULL)
			clock_gettime(CLOCK_MONOTONIC, &c->done_at);
		*socket_context = c;
		metrics_connections(d->svc.metrics, 1);
		/* counted: no longer the acceptor's to count */
		acceptor_started(d->acceptor, ci != NULL ? ci->connect_fd : -1);
		return;
	}
	if (*socket_context != NULL) {
		struct conn *c = *socket_context;

		refused_unseen(d, con, c);
		finish(d, &c->x, 0); /* never completed: the client left */
		conn_close(d->conns, c);
		*socket_context = NULL;
	}
	metrics_connections(d->svc.metrics, -1);
}

/* libmicrohttpd's error log; its word that it answers a request itself
 * gives mhd_refused the status. */
__attribute__((format(printf, 2, 0))) static void
on_mhd_error(void *cls, const char *fmt, va_list ap)
{
	static const char answers[] =
	    "Error processing request (HTTP response code is %u";
	va_list status;

	(void)cls;
	if (strncmp(fmt, answers, sizeof(answers) - 1) == 0) {
		va_copy(status, ap);
		mhd_refused = va_arg(status, unsigned int);
		va_end(status);
	}
	fputs("aid-api: libmicrohttpd: ", stderr);
	vfprintf(stderr, fmt, ap);
}

static void
free_daemon(struct daemon *d)
{
	acceptor_free(d->acceptor);
	service_close(&d->svc);
	conns_free(d->conns);
	if (d->fd >= 0)
		close(d->fd);
	free(d);
}

struct daemon *
daemon_start(const struct config *cfg, const struct app *app)
{
	struct daemon *d;
	struct MHD_OptionItem more[3];
	size_t n = 0;
	/* the acceptor (server/acceptor.c) accepts, not libmicrohttpd */
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_USE_NO_LISTEN_SOCKET;

	if ((d = calloc(1, sizeof(*d))) == NULL) {
		fprintf(stderr, "aid-api: out of memory\n");
		return NULL;
	}
	d->fd = -1;
	d->drain_seconds = cfg->drain_seconds;
	d->access_log = strcmp(cfg->access_log, "off") != 0;
	d->max_connections = cfg->max_connections;
	if ((d->conns = conns_new(cfg->header_timeout)) == NULL) {
		fprintf(
		    stderr, "aid-api: cannot start the connection reaper\n");
		goto fail;
	}
	if (service_open(&d->svc, cfg, app) != 0)
		goto fail;
	/* a burst of new clients waits in the kernel's queue (its somaxconn
	 * caps it), not refused */
	if ((d->fd = net_listen(cfg->bind, cfg->port, 4096, &d->port)) < 0)
		goto fail;
	/*
	 * A connection's memory (--connection-memory, 16 KiB by default)
	 * holds a request line of 8 KiB (the server's 414 just beyond) with
	 * up to about 7.5 KiB of header fields, or 8 KiB of fields alone
	 * (its 431 beyond), and the answer's head: a head larger than that,
	 * near both limits at once, is refused by libmicrohttpd itself
	 * (docs/framing.md). It is that small because libmicrohttpd zeroes
	 * all of it after every request: with thousands of connections,
	 * every byte is resident and every request writes it again. Behind a
	 * proxy, which adds fields of its own and holds few connections,
	 * deploy/ gives it 32 KiB. libmicrohttpd's connection limit is never
	 * the one that bites (on_accept refuses first, at once).
	 */
	/* one thread is no pool: libmicrohttpd warns of a pool of 0 or 1 */
	if (cfg->threads > 1)
		more[n++] =
		    (struct MHD_OptionItem){ MHD_OPTION_THREAD_POOL_SIZE,
			    (intptr_t)cfg->threads, NULL };
	n += mhd_options(mhd_traits(), cfg->mhd_discipline, more + n,
	    sizeof(more) / sizeof(more[0]) - 1 - n);
	more[n] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
	mhd_epoll_keep_awake(mhd_traits()->drain_waits);
	d->mhd = MHD_start_daemon(flags, 0, on_accept, d, on_request, d,
	    MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, d, MHD_OPTION_ARRAY, more,
	    MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned int)(cfg->max_connections + 4 * cfg->threads + 16),
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    (unsigned int)(cfg->trust_proxy ? 0 : cfg->connections_per_address),
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->idle_timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)cfg->connection_memory,
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, d, MHD_OPTION_NOTIFY_COMPLETED,
	    on_completed, d, MHD_OPTION_NOTIFY_CONNECTION, on_connection, d,
	    MHD_OPTION_END);
	if (d->mhd == NULL) {
		fprintf(stderr, "aid-api: libmicrohttpd failed to start\n");
		goto fail;
	}
	if ((d->acceptor = acceptor_new(d->fd, d->mhd)) != NULL)
		d->fd = -1; /* the acceptor's */
	if (d->acceptor == NULL || acceptor_run(d->acceptor) != 0) {
		fprintf(stderr, "aid-api: cannot start the acceptor thread\n");
		MHD_stop_daemon(d->mhd);
		goto fail;
	}
	return d;
fail:
	free_daemon(d);
	return NULL;
}

void
daemon_set_drain(struct daemon *d, long seconds)
{
	d->drain_seconds = seconds;
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

	if (d == NULL)
		return;
	atomic_store(&d->closing, 1);
	acceptor_stop(d->acceptor);
	clock_gettime(CLOCK_MONOTONIC, &start);
	idle = start;
	limit = (long long)d->drain_seconds * 1000;
	for (;;) {
		int busy = metrics_get_in_flight(d->svc.metrics) > 0;
		long long elapsed;

		clock_gettime(CLOCK_MONOTONIC, &now);
		elapsed = ms_between(&start, &now);
		if (busy && elapsed >= limit) {
			fprintf(stderr,
			    "aid-api: %lld requests still in flight after %ld "
			    "s; stopping\n",
			    metrics_get_in_flight(d->svc.metrics),
			    d->drain_seconds);
			break;
		}
		if (busy)
			idle =
			    now; /* the last-request grace starts when idle */
		else if (metrics_get_connections(d->svc.metrics) == 0 ||
		    ms_between(&idle, &now) >= 1000 || elapsed >= limit)
			break;
		nanosleep(&tick, NULL);
	}
	MHD_stop_daemon(d->mhd);
	free_daemon(d);
}
