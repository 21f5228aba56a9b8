/*
 * The acceptor: a thread of its own takes every connection the kernel has
 * queued on the listening socket and hands each to libmicrohttpd
 * (MHD_add_connection), which gives it to a worker thread.
 *
 * libmicrohttpd's own accepting takes at most 10 connections per turn of
 * a worker's event loop, and a turn serves every ready connection first:
 * with thousands of clients a turn lasts tens of milliseconds, and a new
 * client waited seconds in the listen queue (its first request timed out
 * at wrk's 2 s; scripts/bench/sweep.sh). Here the queue is emptied as
 * soon as it fills, whatever the workers are busy with.
 *
 * A worker counts a connection (on_connection) some time after it is
 * handed over, so the connections handed over and not yet started are
 * counted here, for on_accept to hold --max-connections within a burst:
 * one flag for each descriptor, set before the hand-over, cleared by the
 * worker that starts it (or here, when it is refused). One that
 * libmicrohttpd drops unstarted (out of memory) keeps its flag until its
 * descriptor's number comes again, and is not counted twice.
 */
#define _GNU_SOURCE /* accept4, pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

struct acceptor {
	int fd;	     /* the listening socket, closed on stop */
	int wake[2]; /* a byte on wake[1] stops the thread */
	struct MHD_Daemon *mhd;
	pthread_t thread;
	int running;
	int short_of;	       /* out of files or memory, said */
	atomic_uchar *pending; /* by descriptor: handed over, not started */
	size_t npending;       /* descriptors below it have a flag */
	atomic_long handed;    /* flags set */
};

/* Sets (1) or clears (0) the flag of fd; the count follows. */
static void
mark(struct acceptor *a, int fd, int on)
{
	if (fd < 0 || (size_t)fd >= a->npending)
		return;
	if (atomic_exchange(&a->pending[fd], (unsigned char)on) != on)
		atomic_fetch_add(&a->handed, on ? 1 : -1);
}

/* The most connections taken in one turn, between looks at the stop. */
#define TURN 1024

/* Errors of one connection, which left or failed before it was taken
 * (accept(2) says to take the next), and a signal. */
static const int next_one[] = { ECONNABORTED, EINTR, EPROTO, ENETDOWN,
	ENOPROTOOPT, EHOSTDOWN, ENONET, EHOSTUNREACH, EOPNOTSUPP, ENETUNREACH,
	EPERM };

static int
is_next_one(int err)
{
	for (size_t i = 0; i < sizeof(next_one) / sizeof(next_one[0]); i++)
		if (next_one[i] == err)
			return 1;
	return 0;
}

/*
 * Out of files or memory (or any error not a connection's own): the
 * clients stay queued in the kernel until a connection closes; the
 * thread waits a little rather than spin, and says so once for each time
 * it runs out.
 */
static void
cannot_accept(struct acceptor *a, int err)
{
	static const struct timespec pause = { 0, 10 * 1000 * 1000 };

	if (!a->short_of)
		fprintf(stderr,
		    "aid-api: cannot accept a connection (%s): new clients "
		    "wait in the listen queue until one closes\n",
		    strerror(err));
	a->short_of = 1;
	nanosleep(&pause, NULL);
}

/* Takes what the queue holds, up to TURN, until it is empty or the
 * server is out of files (then back to poll, which also hears the
 * stop). */
static void
accept_turn(struct acceptor *a)
{
	for (int taken = 0; taken < TURN; taken++) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		int s = accept4(a->fd, (struct sockaddr *)&ss, &len,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (s < 0) {
			if (is_next_one(errno))
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				cannot_accept(a, errno);
			return;
		}
		a->short_of = 0;
		/* refused (the server's limits, on_accept) or not, the
		 * socket is libmicrohttpd's: it closes what it refuses */
		mark(a, s, 1);
		if (MHD_add_connection(
			a->mhd, s, (struct sockaddr *)&ss, len) != MHD_YES)
			mark(a, s, 0);
	}
}

static void *
run(void *arg)
{
	struct acceptor *a = arg;
	struct pollfd fds[2] = { { .fd = a->fd, .events = POLLIN },
		{ .fd = a->wake[0], .events = POLLIN } };

	for (;;) {
		/* (it fails only on a signal, or with no memory for its
		 * two descriptors: wait and look again) */
		if (poll(fds, 2, -1) < 0) {
			cannot_accept(a, errno);
			continue;
		}
		if (fds[1].revents != 0)
			return NULL;
		if (fds[0].revents != 0)
			accept_turn(a);
	}
}

struct acceptor *
acceptor_new(int fd, struct MHD_Daemon *mhd)
{
	struct acceptor *a = calloc(1, sizeof(*a));
	struct rlimit rl;

	if (a == NULL)
		return NULL;
	a->fd = fd;
	a->mhd = mhd;
	a->wake[0] = a->wake[1] = -1;
	/* a flag for each descriptor the open-file limit allows (at most
	 * a million: one byte each) */
	a->npending = getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
		rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (1u << 20)
	    ? (size_t)rl.rlim_cur
	    : (size_t)1 << 20;
	if ((a->pending = calloc(a->npending, sizeof(*a->pending))) == NULL)
		goto fail;
	/* never blocked in accept4: woken by poll, it takes until EAGAIN */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0 ||
	    pipe2(a->wake, O_CLOEXEC) != 0)
		goto fail;
	return a;
fail:
	free(a->pending);
	free(a);
	return NULL;
}

int
acceptor_run(struct acceptor *a)
{
	a->running = pthread_create(&a->thread, NULL, run, a) == 0;
	return a->running ? 0 : -1;
}

long
acceptor_pending(struct acceptor *a)
{
	return atomic_load(&a->handed);
}

void
acceptor_started(struct acceptor *a, int fd)
{
	mark(a, fd, 0);
}

void
acceptor_stop(struct acceptor *a)
{
	static const char stop = 's';

	if (a == NULL)
		return;
	if (a->running) {
		while (write(a->wake[1], &stop, 1) < 0 && errno == EINTR)
			;
		pthread_join(a->thread, NULL);
		a->running = 0;
	}
	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
}

void
acceptor_free(struct acceptor *a)
{
	if (a == NULL)
		return;
	acceptor_stop(a);
	close(a->wake[0]);
	close(a->wake[1]);
	free(a->pending);
	free(a);
}
