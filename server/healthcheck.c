/*
 * --healthcheck: the binary as its own probe, for a container's
 * HEALTHCHECK that has no shell and no curl. One GET /readyz over
 * loopback; exit 0 on 200.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define TIMEOUT_MS 2000

/* Waits for fd to be ready for events; 0 on time, -1 otherwise. */
static int
wait_fd(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };

	return poll(&p, 1, TIMEOUT_MS) == 1 ? 0 : -1;
}

int
healthcheck(const struct config *cfg)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char req[128], answer[64];
	const char *addr = cfg->bind;
	ssize_t n, got = 0;
	int fd = -1, rc = 1;

	if (strcmp(addr, "0.0.0.0") == 0)
		addr = "127.0.0.1";
	else if (strcmp(addr, "::") == 0)
		addr = "::1";
	if (net_address(addr, cfg->port, &ss, &len) != 0) {
		fprintf(stderr, "aid-api: healthcheck: bad address %s\n", addr);
		return 1;
	}
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0)) < 0)
		goto fail;
	if (connect(fd, (struct sockaddr *)&ss, len) != 0 &&
	    (errno != EINPROGRESS || wait_fd(fd, POLLOUT) != 0))
		goto fail;
	{
		int err = 0;
		socklen_t elen = sizeof(err);

		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0 ||
		    err != 0) {
			errno = err;
			goto fail;
		}
	}
	n = snprintf(req, sizeof(req),
	    "GET /readyz HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n",
	    addr);
	if (send(fd, req, (size_t)n, MSG_NOSIGNAL) != n)
		goto fail;
	while ((size_t)got < sizeof(answer) - 1 && wait_fd(fd, POLLIN) == 0 &&
	    (n = recv(fd, answer + got, sizeof(answer) - 1 - (size_t)got, 0)) >
		0)
		got += n;
	answer[got] = '\0';
	if (strncmp(answer, "HTTP/1.1 200 ", 13) == 0)
		rc = 0;
	else
		fprintf(stderr,
		    "aid-api: healthcheck: %s port %ld answered "
		    "'%.20s'\n",
		    addr, cfg->port, got > 0 ? answer : "nothing");
	close(fd);
	return rc;
fail:
	fprintf(stderr, "aid-api: healthcheck: %s port %ld: %s\n", addr,
	    cfg->port, strerror(errno));
	if (fd >= 0)
		close(fd);
	return 1;
}
