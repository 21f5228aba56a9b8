/*
 * What the machine allows the process: open files (the soft limit raised
 * to the hard one) and memory (its cgroup's limit, or the machine's
 * memory), and so how many connections it can hold by default.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "internal.h"

#define MAX_CONNECTIONS 16384 /* the default's ceiling */

void
raise_file_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* The number in the file at path (cgroup v2's "max" is none): 0 when
 * there is none. */
static unsigned long long
number_in(const char *path)
{
	FILE *f = fopen(path, "r");
	unsigned long long n = 0;
	char line[64];

	if (f == NULL)
		return 0;
	if (fgets(line, sizeof(line), f) != NULL && line[0] >= '0' &&
	    line[0] <= '9')
		n = strtoull(line, NULL, 10);
	fclose(f);
	return n;
}

/* The memory limit of the process's cgroup (v2, else v1), 0 when none. */
static unsigned long long
cgroup_limit(void)
{
	FILE *f = fopen("/proc/self/cgroup", "r");
	char line[512], path[600];
	unsigned long long n = 0;

	/* v2: "0::/its/path" */
	while (f != NULL && n == 0 && fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "0::", 3) == 0) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(path, sizeof(path),
			    "/sys/fs/cgroup%s/memory.max",
			    strcmp(line + 3, "/") == 0 ? "" : line + 3);
			n = number_in(path);
		}
	if (f != NULL)
		fclose(f);
	if (n == 0) /* a container's own cgroup namespace */
		n = number_in("/sys/fs/cgroup/memory.max");
	if (n == 0) /* v1: no limit is a number near 2^63 */
		n = number_in("/sys/fs/cgroup/memory/memory.limit_in_bytes");
	return n;
}

unsigned long long
memory_allowed(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
	unsigned long long phys = pages > 0 && size > 0
	    ? (unsigned long long)pages * (unsigned long long)size
	    : 0;
	unsigned long long cg = cgroup_limit();

	return cg != 0 && (phys == 0 || cg < phys) ? cg : phys;
}

long
connections_allowed(long cache_bytes, long per_connection)
{
	struct rlimit rl;
	unsigned long long mem = memory_allowed(), fixed;
	long n = 1024;

	/* the files: what the listening socket, the database connections
	 * and a margin leave */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		n = (long)rl.rlim_cur - 64 - 2 * 256;
	else if (rl.rlim_cur == RLIM_INFINITY)
		n = MAX_CONNECTIONS;
	/* the memory: what the cache's budget and the fixed part leave */
	fixed = (unsigned long long)cache_bytes + MEMORY_FIXED;
	if (mem != 0) {
		unsigned long long by_mem = mem > fixed && per_connection > 0
		    ? (mem - fixed) / (unsigned long long)per_connection
		    : 0;

		if (by_mem < (unsigned long long)n)
			n = (long)by_mem;
	}
	return n < 16 ? 16 : n > MAX_CONNECTIONS ? MAX_CONNECTIONS : n;
}
