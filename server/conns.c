/*
 * Connections: what the daemon keeps of each open connection (its socket
 * context), so that nothing a request allocates can outlive the
 * connection, whatever path libmicrohttpd takes; and a reaper thread that
 * closes a connection whose request head does not arrive within the
 * header deadline, counted from the connection's start or, between
 * requests, from the first byte of the next head (slowloris trickles one
 * header every few seconds, which an idle timeout never catches), or
 * whose client has closed its side while idle between requests or part
 * way through a request head. When the server holds its most
 * connections, the one idle the longest makes room for a new client.
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define REAP_MS	   250 /* how often the reaper looks */
#define REAP_BATCH 64  /* connections it looks at under one hold of the lock */

struct conns {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t reaper;
	int running, stop;
	struct conn *head;
	/* connections with no request begun since they opened or since
	 * their last answer, the longest waiting first: the ones to close
	 * when a new client needs the place (conns_make_room) */
	struct conn *quiet_head, *quiet_tail;
	/* the next connection the reaper looks at: it lets go of the lock
	 * between batches, and conn_close moves this on past a connection it
	 * frees */
	struct conn *cursor;
	long header_ms;
};

static long long
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* 1 when the client has closed its side of fd (a read would see EOF). */
static int
peer_closed(int fd)
{
	char c;
	ssize_t n = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);

	return n == 0 ||
	    (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
		errno != EINTR);
}

/*
 * Looks at connection c (under the lock): shuts it down when its head is
 * late, or when its client has closed its side between requests or part
 * way through a head (seen on two looks in a row, so that a head read
 * whole and about to be answered is never cut; within a second of the
 * close).
 */
static void
look_at(struct conns *cs, struct conn *c, long long now)
{
	unsigned long long rx = 0;
	int late, eof = 0, open = 1;

	if (c->reaped || c->fd < 0)
		return;
	/* a connection that moved within the last look (a request begun,
	 * read or answered) is alive, and is looked into only once it has
	 * been still for a whole look: thousands are looked at four times a
	 * second. With one system call while it is open both ways, a second
	 * once the client's FIN or reset has come. */
	if (now - c->moved_at >= REAP_MS && (c->idle || c->waiting_since != 0))
		open = net_tcp_open(c->fd, &rx);
	/* between requests, bytes of the next head have come: its deadline
	 * runs from now (libmicrohttpd tells of a request only once its line
	 * is whole, so a line trickled a byte at a time would escape it) */
	if (c->idle && c->waiting_since == 0 && rx > c->rx_mark)
		c->waiting_since = now;
	late = c->waiting_since != 0 && now - c->waiting_since > cs->header_ms;
	/*
	 * libmicrohttpd 0.9.75 stops reading at a short read, so under
	 * epoll's edge trigger it never sees a FIN that came with the last
	 * bytes: the client's close is seen here, once nothing it sent is
	 * left unread.
	 */
	if (!open)
		eof = (c->idle || c->waiting_since != 0) && peer_closed(c->fd);
	/* shut down, not closed: libmicrohttpd closes the fd itself, after
	 * telling us (conn_close, which takes this lock), so the fd cannot be
	 * another's here */
	if (late || (eof && c->eof_seen)) {
		shutdown(c->fd, SHUT_RDWR);
		c->reaped = 1;
	}
	c->eof_seen = eof;
}

/*
 * The reaper: every REAP_MS, a look at every connection, REAP_BATCH at a
 * time under the lock, which it lets go of between batches. Each request
 * takes the same lock (conn_reading, conn_idle): with thousands of
 * connections, one hold over all of them (two system calls each) kept
 * every worker waiting for milliseconds, four times a second.
 */
static void *
reap(void *arg)
{
	struct conns *cs = arg;

	pthread_mutex_lock(&cs->lock);
	while (!cs->stop) {
		struct timespec until;
		long long now = now_ms();

		cs->cursor = cs->head;
		while (cs->cursor != NULL && !cs->stop) {
			for (int k = 0; k < REAP_BATCH && cs->cursor != NULL;
			     k++) {
				struct conn *c = cs->cursor;

				cs->cursor = c->next;
				look_at(cs, c, now);
			}
			pthread_mutex_unlock(&cs->lock);
			pthread_mutex_lock(&cs->lock);
		}
		cs->cursor = NULL;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += REAP_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&cs->wake, &cs->lock, &until);
	}
	pthread_mutex_unlock(&cs->lock);
	return NULL;
}

struct conns *
conns_new(long header_timeout)
{
	struct conns *cs = calloc(1, sizeof(*cs));

	if (cs == NULL)
		return NULL;
	cs->header_ms = header_timeout * 1000;
	/* GCOVR_EXCL_START: glibc's pthread_mutex_init and pthread_cond_init
	 * never fail with default attributes; no test can make them */
	if (pthread_mutex_init(&cs->lock, NULL) != 0) {
		free(cs);
		return NULL;
	}
	if (pthread_cond_init(&cs->wake, NULL) != 0) {
		pthread_mutex_destroy(&cs->lock);
		free(cs);
		return NULL;
	}
	/* GCOVR_EXCL_STOP */
	if (pthread_create(&cs->reaper, NULL, reap, cs) != 0) {
		conns_free(cs);
		return NULL;
	}
	cs->running = 1;
	return cs;
}

void
conns_free(struct conns *cs)
{
	if (cs == NULL)
		return;
	if (cs->running) {
		pthread_mutex_lock(&cs->lock);
		cs->stop = 1;
		pthread_cond_signal(&cs->wake);
		pthread_mutex_unlock(&cs->lock);
		pthread_join(cs->reaper, NULL);
	}
	pthread_cond_destroy(&cs->wake);
	pthread_mutex_destroy(&cs->lock);
	free(cs);
}

/* Puts c last in the quiet queue (under the lock). */
static void
quiet_push(struct conns *cs, struct conn *c)
{
	if (c->quiet)
		return;
	c->quiet = 1;
	c->qnext = NULL;
	c->qprev = cs->quiet_tail;
	if (cs->quiet_tail != NULL)
		cs->quiet_tail->qnext = c;
	else
		cs->quiet_head = c;
	cs->quiet_tail = c;
}

/* Takes c out of the quiet queue, if it is in (under the lock). */
static void
quiet_drop(struct conns *cs, struct conn *c)
{
	if (!c->quiet)
		return;
	if (c->qprev != NULL)
		c->qprev->qnext = c->qnext;
	else
		cs->quiet_head = c->qnext;
	if (c->qnext != NULL)
		c->qnext->qprev = c->qprev;
	else
		cs->quiet_tail = c->qprev;
	c->quiet = 0;
	c->qprev = c->qnext = NULL;
}

int
conns_make_room(struct conns *cs)
{
	struct conn *c;
	int made = 0;

	pthread_mutex_lock(&cs->lock);
	while (!made && (c = cs->quiet_head) != NULL) {
		quiet_drop(cs, c);
		if (c->reaped || c->fd < 0)
			continue;
		if (net_bytes_received(c->fd) != c->rx_mark) {
			/* a head has begun: not idle, and its deadline runs */
			if (c->waiting_since == 0)
				c->waiting_since = now_ms();
			continue;
		}
		shutdown(c->fd, SHUT_RDWR); /* closed by libmicrohttpd */
		c->reaped = 1;
		made = 1;
	}
	pthread_mutex_unlock(&cs->lock);
	return made;
}

struct conn *
conn_open(struct conns *cs, int fd)
{
	struct conn *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->fd = fd;
	pthread_mutex_lock(&cs->lock);
	c->waiting_since = now_ms(); /* the first request's head is due */
	c->moved_at = c->waiting_since;
	c->next = cs->head;
	if (cs->head != NULL)
		cs->head->prev = c;
	cs->head = c;
	quiet_push(cs, c); /* nothing received yet: rx_mark is 0 */
	pthread_mutex_unlock(&cs->lock);
	return c;
}

void
conn_close(struct conns *cs, struct conn *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&cs->lock);
	if (cs->cursor == c) /* the reaper's next: the one after it */
		cs->cursor = c->next;
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		cs->head = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	quiet_drop(cs, c);
	pthread_mutex_unlock(&cs->lock);
	free(c->x.target);
	free(c);
}

void
conn_reading(struct conns *cs, struct conn *c, int reading)
{
	long long now = now_ms();

	pthread_mutex_lock(&cs->lock);
	c->moved_at = now;
	if (reading) {
		if (c->waiting_since == 0)
			c->waiting_since = now;
		c->idle = 0;
		quiet_drop(cs, c);
	} else {
		c->waiting_since = 0;
	}
	pthread_mutex_unlock(&cs->lock);
}

void
conn_idle(struct conns *cs, struct conn *c, unsigned long long rx)
{
	long long now = now_ms();

	pthread_mutex_lock(&cs->lock);
	c->moved_at = now;
	c->waiting_since = 0;
	c->idle = 1;
	c->rx_mark = rx;
	quiet_push(cs, c);
	pthread_mutex_unlock(&cs->lock);
}
