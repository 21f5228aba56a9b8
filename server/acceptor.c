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
 */
#define _GNU_SOURCE /* accept4, pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

struct acceptor {
	int fd;	     /* the listening socket, closed on stop */
	int wake[2]; /* a byte on wake[1] stops the thread */
	struct MHD_Daemon *mhd;
	pthread_t thread;
	int short_of; /* out of files or memory, said */
};

/*
 * Out of files or memory: the clients stay queued in the kernel until a
 * connection closes; the thread waits a little rather than spin, and
 * says so once for each time it runs out.
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

/* Takes what the queue holds, until it is empty or the server is out of
 * files (then back to poll, which also hears the stop). */
static void
accept_all(struct acceptor *a)
{
	for (;;) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		int s = accept4(a->fd, (struct sockaddr *)&ss, &len,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (s < 0) {
			/* a client that left before it was taken, a signal */
			if (errno == ECONNABORTED || errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				cannot_accept(a, errno);
			return;
		}
		a->short_of = 0;
		/* libmicrohttpd sends an answer's head and body apart, and
		 * sets no option on a socket it did not accept itself: without
		 * this, the body's last bytes could wait for the client's
		 * delayed acknowledgement of the head */
		(void)setsockopt(
		    s, IPPROTO_TCP, TCP_NODELAY, &(int){ 1 }, sizeof(int));
		/* refused (the server's limits, on_accept) or not, the
		 * socket is libmicrohttpd's: it closes what it refuses */
		(void)MHD_add_connection(
		    a->mhd, s, (struct sockaddr *)&ss, len);
	}
}

static void *
run(void *arg)
{
	struct acceptor *a = arg;
	struct pollfd fds[2] = { { .fd = a->fd, .events = POLLIN },
		{ .fd = a->wake[0], .events = POLLIN } };

	for (;;) {
		if (poll(fds, 2, -1) < 0)
			continue; /* EINTR: a signal */
		if (fds[1].revents != 0)
			return NULL;
		if (fds[0].revents != 0)
			accept_all(a);
	}
}

struct acceptor *
acceptor_start(int fd, struct MHD_Daemon *mhd)
{
	struct acceptor *a = calloc(1, sizeof(*a));

	if (a == NULL)
		return NULL;
	a->fd = fd;
	a->mhd = mhd;
	/* never blocked in accept4: woken by poll, it takes until EAGAIN */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0 ||
	    pipe2(a->wake, O_CLOEXEC) != 0) {
		free(a);
		return NULL;
	}
	if (pthread_create(&a->thread, NULL, run, a) != 0) {
		close(a->wake[0]);
		close(a->wake[1]);
		free(a);
		return NULL;
	}
	return a;
}

void
acceptor_stop(struct acceptor *a)
{
	static const char stop = 's';

	if (a == NULL)
		return;
	while (write(a->wake[1], &stop, 1) < 0 && errno == EINTR)
		;
	pthread_join(a->thread, NULL);
	close(a->fd);
	close(a->wake[0]);
	close(a->wake[1]);
	free(a);
}
