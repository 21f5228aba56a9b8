/*
 * libmicrohttpd's event loop, kept from stalling. This file defines
 * epoll_wait for the whole process (the server itself never calls it;
 * libmicrohttpd's calls come here, the C library's definition being the
 * next), and changes one thing.
 *
 * A worker of libmicrohttpd (0.9.75 and 1.0.1 alike: MHD_epoll in their
 * daemon.c) reads its events 128 at a time, and reads again as long as a
 * read came back full, with the same timeout as the first read: up to
 * the idle timeout. When the events ready are exactly a multiple of 128
 * (256 clients on 2 workers, each with its request sent), the read after
 * the last full one finds nothing and waits, with the requests it has
 * read not yet answered; their clients wait for those answers, so
 * nothing comes, and the worker sleeps for up to 30 s with every one of
 * its clients waiting (wrk -c256 served some 600 requests a second
 * instead of 30,000).
 *
 * Here, a read that follows a full read of the same epoll set on the
 * same thread does not wait: it returns what is ready, if anything, at
 * once. For any other caller that costs at most one read that does not
 * wait where it would have. Counted, for /metrics.
 */
#include <stdatomic.h>
#include <sys/epoll.h>

#include "internal.h"

static atomic_ullong unblocked;
static atomic_int awake; /* on */

/* The epoll set whose last read on this thread came back full, or -1. */
static _Thread_local int full = -1;

__attribute__((visibility("default"))) int
epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout)
{
	int n;

	if (epfd == full && timeout != 0 &&
	    atomic_load_explicit(&awake, memory_order_relaxed)) {
		timeout = 0;
		atomic_fetch_add_explicit(&unblocked, 1, memory_order_relaxed);
	}
	n = epoll_pwait(epfd, events, maxevents, timeout, NULL);
	full = n == maxevents ? epfd : -1;
	return n;
}

void
mhd_epoll_keep_awake(int on)
{
	atomic_store(&awake, on != 0);
}

unsigned long long
mhd_epoll_unblocked(void)
{
	return atomic_load_explicit(&unblocked, memory_order_relaxed);
}
