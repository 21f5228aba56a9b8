/*
 * What the machine allows the process: open files (the soft limit raised
 * to the hard one) and memory (its cgroup's limit, or the machine's
 * memory), and so how many connections it can hold by default.
 */
#include <limits.h>
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

/* The number in the file root/path (cgroup v2's "max" is none): 0 when
 * there is none. */
static unsigned long long
number_in(const char *root, const char *path)
{
	char full[1024];
	FILE *f;
	unsigned long long n = 0;
	char line[64];

	snprintf(full, sizeof(full), "%s%s", root, path);
	if ((f = fopen(full, "r")) == NULL)
		return 0;
	if (fgets(line, sizeof(line), f) != NULL && line[0] >= '0' &&
	    line[0] <= '9')
		n = strtoull(line, NULL, 10);
	fclose(f);
	return n;
}

unsigned long long
cgroup_memory_limit(const char *root)
{
	char line[512], path[600];
	FILE *f;
	unsigned long long n = 0;

	snprintf(path, sizeof(path), "%s/proc/self/cgroup", root);
	f = fopen(path, "r");
	/* v2: "0::/its/path" */
	while (f != NULL && n == 0 && fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "0::", 3) == 0) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(path, sizeof(path),
			    "/sys/fs/cgroup%s/memory.max",
			    strcmp(line + 3, "/") == 0 ? "" : line + 3);
			n = number_in(root, path);
		}
	if (f != NULL)
		fclose(f);
	if (n == 0) /* a container's own cgroup namespace */
		n = number_in(root, "/sys/fs/cgroup/memory.max");
	if (n == 0) /* v1: no limit is a number near 2^63 */
		n = number_in(
		    root, "/sys/fs/cgroup/memory/memory.limit_in_bytes");
	return n;
}

unsigned long long
memory_allowed(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
	unsigned long long phys = pages > 0 && size > 0
	    ? (unsigned long long)pages * (unsigned long long)size
	    : 0;
	unsigned long long cg = cgroup_memory_limit("");

	return cg != 0 && (phys == 0 || cg < phys) ? cg : phys;
}

long
connections_for(unsigned long long files, unsigned long long mem,
    long cache_bytes, long per_connection)
{
	/* the files: what the listening socket, the database connections
	 * and a margin leave */
	unsigned long long n = files > 64 + 2 * 256 ? files - 64 - 2 * 256 : 0;
	unsigned long long fixed =
	    (unsigned long long)cache_bytes + MEMORY_FIXED;

	/* the memory: what the cache's budget and the fixed part leave */
	if (mem != 0) {
		unsigned long long by_mem = mem > fixed && per_connection > 0
		    ? (mem - fixed) / (unsigned long long)per_connection
		    : 0;

		if (by_mem < n)
			n = by_mem;
	}
	return n < 16 ? 16 : n > MAX_CONNECTIONS ? MAX_CONNECTIONS : (long)n;
}

long
connections_allowed(long cache_bytes, long per_connection)
{
	struct rlimit rl;
	/* if getrlimit fails, Linux's default soft limit */
	unsigned long long files = 1024;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0)
		files = rl.rlim_cur == RLIM_INFINITY ? ULLONG_MAX : rl.rlim_cur;
	return connections_for(
	    files, memory_allowed(), cache_bytes, per_connection);
}
