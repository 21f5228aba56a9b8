/*
 * Sockets: the one parser of the --bind address, for the daemon and for
 * --healthcheck; the listening socket; what the kernel counts of a
 * connection.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/tcp.h> /* struct tcp_info with tcpi_bytes_received */
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "internal.h"

/* the kernel's TCP_ESTABLISHED (its tcp_states.h; linux/tcp.h, which has
 * tcpi_bytes_received, does not name the states) */
#define TCP_STATE_ESTABLISHED 1

int
net_address(
    const char *addr, long port, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)(void *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)(void *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, addr, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((unsigned short)port);
		*len = sizeof(*in4);
		return 0;
	}
	if (inet_pton(AF_INET6, addr, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((unsigned short)port);
		*len = sizeof(*in6);
		return 0;
	}
	return -1;
}

int
net_tcp_open(int fd, unsigned long long *rx)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	*rx = 0;
	memset(&ti, 0, sizeof(ti));
	if (fd < 0 || getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) != 0 ||
	    len < offsetof(struct tcp_info, tcpi_bytes_received) +
		    sizeof(ti.tcpi_bytes_received))
		return 0;
	*rx = (unsigned long long)ti.tcpi_bytes_received;
	return ti.tcpi_state == TCP_STATE_ESTABLISHED;
}

unsigned long long
net_bytes_received(int fd)
{
	unsigned long long rx;

	(void)net_tcp_open(fd, &rx);
	return rx;
}

int
net_listen(const char *addr, long port, int backlog, unsigned short *bound)
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
	*bound = ntohs(ss.ss_family == AF_INET
		? ((struct sockaddr_in *)(void *)&ss)->sin_port
		: ((struct sockaddr_in6 *)(void *)&ss)->sin6_port);
	return fd;
}
