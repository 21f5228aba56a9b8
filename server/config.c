/*
 * Configuration: every flag has an environment variable of the same meaning;
 * a flag wins over its variable. The table below is the whole list: --help
 * prints it, README.md documents it.
 */
#include <arpa/inet.h>
#include <limits.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "internal.h"

enum opt_type { OPT_INT, OPT_SIZE, OPT_STR, OPT_BOOL };

struct opt {
	const char *flag; /* without the leading "--" */
	const char *env;
	enum opt_type type;
	size_t offset;	  /* of the field in struct config */
	long min, max;	  /* OPT_INT */
	long idef;	  /* OPT_INT default; 0 with min 1: computed */
	const char *sdef; /* OPT_STR default; NULL: computed */
	const char *arg;  /* the value's name in --help */
	const char *help;
	const char *const *choices; /* OPT_STR: allowed values, or NULL */
	const char *(*check)(const char *); /* OPT_STR: why not, or NULL */
	/* OPT_STR: checks and rewrites the value into cfg's buffer at
	 * normal_offset; why not, or NULL */
	const char *(*normalize)(const char *, char *out, size_t cap);
	size_t normal_offset, normal_cap;
};

/* An address inet_pton takes (the daemon binds it as it is). */
static const char *
check_addr(const char *v)
{
	unsigned char sa[sizeof(struct in6_addr)];

	if (inet_pton(AF_INET, v, sa) == 1 || inet_pton(AF_INET6, v, sa) == 1)
		return NULL;
	return "must be an IPv4 or IPv6 address such as 127.0.0.1 or ::";
}

/* One origin: http:// or https:// and a host[:port], nothing else. */
static int
is_origin(const char *p, size_t len)
{
	const char *host;

	if (len > 7 && strncmp(p, "http://", 7) == 0)
		host = p + 7;
	else if (len > 8 && strncmp(p, "https://", 8) == 0)
		host = p + 8;
	else
		return 0;
	for (const char *c = host; c < p + len; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			(*c >= '0' && *c <= '9') || *c == '.' || *c == '-' ||
			*c == ':' || *c == '[' || *c == ']'))
			return 0;
	return 1;
}

/*
 * A comma list of origins ("https://a.example, http://b:8000") or "*":
 * spaces around the entries are dropped; the list without them is written
 * to out (cap bytes). Returns NULL, or why not naming the bad entry (in a
 * static buffer).
 */
static const char *
check_origins(const char *v, char *out, size_t cap)
{
	static char why[512];
	size_t n = 0;

	if (strlen(v) >= cap)
		return "is too long";
	for (const char *p = v;;) {
		size_t len;

		p += strspn(p, " \t");
		len = strcspn(p, ",");
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (!(len == 1 && *p == '*' && n == 0 &&
			p[strcspn(p, ",")] == '\0') &&
		    !is_origin(p, len)) {
			snprintf(why, sizeof(why),
			    "'%.*s' is not an origin: give * or a comma list "
			    "of origins such as https://example.org or "
			    "http://host:8000",
			    (int)(len > 100 ? 100 : len), p);
			return why;
		}
		if (n > 0)
			out[n++] = ',';
		memcpy(out + n, p, len);
		n += len;
		out[n] = '\0';
		p += strcspn(p, ",");
		if (*p == '\0')
			return NULL;
		p++;
	}
}

static const char *const log_formats[] = { "json", "off", NULL };

#define F(field) offsetof(struct config, field)

static const struct opt opts[] = {
	{ .flag = "port",
	    .env = "PORT",
	    .type = OPT_INT,
	    .offset = F(port),
	    .min = 0,
	    .max = 65535,
	    .idef = 8080,
	    .arg = "N",
	    .help = "TCP port to listen on; 0 picks a free one and prints it" },
	{ .flag = "bind",
	    .env = "BIND",
	    .type = OPT_STR,
	    .offset = F(bind),
	    .sdef = "127.0.0.1",
	    .arg = "ADDR",
	    .help = "IPv4 or IPv6 address to listen on",
	    .check = check_addr },
	{ .flag = "db",
	    .env = "AID_DB",
	    .type = OPT_STR,
	    .offset = F(db),
	    .arg = "PATH",
	    .help = "the SQLite database built by make (default: aid.db "
		    "beside the binary)" },
	{ .flag = "threads",
	    .env = "AID_THREADS",
	    .type = OPT_INT,
	    .offset = F(threads),
	    .min = 1,
	    .max = 256,
	    .arg = "N",
	    .help = "worker threads, each with its own database connection "
		    "(default: the number of cores)" },
	{ .flag = "max-connections",
	    .env = "AID_MAX_CONNECTIONS",
	    .type = OPT_INT,
	    .offset = F(max_connections),
	    .min = 1,
	    .max = 65536,
	    .arg = "N",
	    .help = "open connections at most; past them, the connection idle "
		    "the longest makes room, or else the new client is closed "
		    "at once (default: what the open-file limit and the memory "
		    "allow, at most 16384: see the memory bound below)" },
	{ .flag = "connections-per-address",
	    .env = "AID_CONNECTIONS_PER_ADDRESS",
	    .type = OPT_INT,
	    .offset = F(connections_per_address),
	    .min = 0,
	    .max = 65536,
	    .idef = 64,
	    .arg = "N",
	    .help = "open connections at most from one client address; more "
		    "are closed at once; 0: no limit (not applied with "
		    "--trust-proxy, where every connection is the proxy's)" },
	{ .flag = "idle-timeout",
	    .env = "AID_IDLE_TIMEOUT",
	    .type = OPT_INT,
	    .offset = F(idle_timeout),
	    .min = 1,
	    .max = 3600,
	    .idef = 30,
	    .arg = "SECONDS",
	    .help = "close a connection idle this long" },
	{ .flag = "header-timeout",
	    .env = "AID_HEADER_TIMEOUT",
	    .type = OPT_INT,
	    .offset = F(header_timeout),
	    .min = 1,
	    .max = 3600,
	    .idef = 10,
	    .arg = "SECONDS",
	    .help = "close a connection whose request line and header fields "
		    "take longer than this to arrive" },
	{ .flag = "drain-seconds",
	    .env = "AID_DRAIN_SECONDS",
	    .type = OPT_INT,
	    .offset = F(drain_seconds),
	    .min = 0,
	    .max = 3600,
	    .idef = 10,
	    .arg = "SECONDS",
	    .help = "on SIGTERM or SIGINT, wait this long at most for "
		    "requests in flight, then exit" },
	{ .flag = "access-log",
	    .env = "AID_ACCESS_LOG",
	    .type = OPT_STR,
	    .offset = F(access_log),
	    .sdef = "json",
	    .arg = "json|off",
	    .help = "one JSON line per request on stderr, or none",
	    .choices = log_formats },
	{ .flag = "cache-max-age",
	    .env = "AID_CACHE_MAX_AGE",
	    .type = OPT_INT,
	    .offset = F(cache_max_age),
	    .min = 0,
	    .max = 31536000,
	    .idef = 300,
	    .arg = "SECONDS",
	    .help = "max-age of Cache-Control on data responses" },
	{ .flag = "stale-while-revalidate",
	    .env = "AID_STALE_WHILE_REVALIDATE",
	    .type = OPT_INT,
	    .offset = F(stale_revalidate),
	    .min = 0,
	    .max = 31536000,
	    .idef = 60,
	    .arg = "SECONDS",
	    .help = "how long past max-age a cache may answer a data response "
		    "while it revalidates it (Cache-Control); 0: not said" },
	{ .flag = "stale-if-error",
	    .env = "AID_STALE_IF_ERROR",
	    .type = OPT_INT,
	    .offset = F(stale_if_error),
	    .min = 0,
	    .max = 31536000,
	    .idef = 86400,
	    .arg = "SECONDS",
	    .help = "how long past max-age a cache may answer a data response "
		    "when the server fails or cannot be reached; 0: not said" },
	{ .flag = "cache-bytes",
	    .env = "AID_CACHE_BYTES",
	    .type = OPT_SIZE,
	    .offset = F(cache_bytes),
	    .min = 0,
	    .max = 64L << 30,
	    .idef = 32L << 20,
	    .arg = "BYTES",
	    .help = "memory for responses kept ready (bodies and their gzip), "
		    "a number with an optional K, M or G; 0 keeps none" },
	{ .flag = "connection-memory",
	    .env = "AID_CONNECTION_MEMORY",
	    .type = OPT_SIZE,
	    .offset = F(connection_memory),
	    .min = 16L << 10,
	    .max = 1L << 20,
	    .idef = CONNECTION_MEMORY,
	    .arg = "BYTES",
	    .help = "libmicrohttpd's memory for each connection, all of it "
		    "resident: the largest request head it holds, with 64 "
		    "bytes for each field (a number with an optional K or M)" },
	{ .flag = "cors-origin",
	    .env = "AID_CORS_ORIGIN",
	    .type = OPT_STR,
	    .offset = F(cors_origin),
	    .arg = "LIST",
	    .help = "origins allowed to read responses in a browser: * or a "
		    "comma list (default: none)",
	    .normalize = check_origins,
	    .normal_offset = F(cors_list),
	    .normal_cap = sizeof(((struct config *)0)->cors_list) },
	{ .flag = "trust-proxy",
	    .env = "AID_TRUST_PROXY",
	    .type = OPT_BOOL,
	    .offset = F(trust_proxy),
	    .arg = "",
	    .help = "believe X-Forwarded-For, -Prefix, -Proto and -Host (only "
		    "behind a reverse proxy that sets them)" },
};

#define NOPTS (sizeof(opts) / sizeof(opts[0]))

static void
defaults(struct config *cfg)
{
	char exe[4096];
	ssize_t n;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	memset(cfg, 0, sizeof(*cfg));
	for (size_t i = 0; i < NOPTS; i++) {
		char *field = (char *)cfg + opts[i].offset;

		if (opts[i].type != OPT_STR)
			*(long *)(void *)field = opts[i].idef;
		else
			*(const char **)(void *)field = opts[i].sdef;
	}
	cfg->threads = cores > 0 ? (cores > 256 ? 256 : cores) : 1;
	cfg->max_connections = 0; /* connections_allowed, once parsed */
	cfg->mhd_discipline = MHD_DISCIPLINE;
	/* aid.db in the directory of the executable, else in the current one */
	memcpy(cfg->db_default, "aid.db", sizeof("aid.db"));
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe))) > 0 &&
	    (size_t)n < sizeof(exe)) {
		char *slash;
		size_t dir;

		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL &&
		    (dir = (size_t)(slash - exe) + 1) + sizeof("aid.db") <=
			sizeof(cfg->db_default)) {
			memcpy(cfg->db_default, exe, dir);
			memcpy(
			    cfg->db_default + dir, "aid.db", sizeof("aid.db"));
		}
	}
	cfg->db = cfg->db_default;
}

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: aid-api [--flag VALUE]...\n"
	    "Serves the aid-api JSON API (see README.md). Each flag can also "
	    "be set by its\nenvironment variable; a flag wins.\n\n");
	for (size_t i = 0; i < NOPTS; i++) {
		const struct opt *o = &opts[i];
		char left[64];

		snprintf(left, sizeof(left), "--%s %s", o->flag, o->arg);
		fprintf(
		    f, "  %-26s %s\n  %-26s env %s", left, o->help, "", o->env);
		if (o->type == OPT_SIZE && o->idef % (1L << 20) == 0)
			fprintf(f, ", default %ldM", o->idef >> 20);
		else if (o->type != OPT_STR && o->type != OPT_BOOL &&
		    (o->idef != 0 || o->min == 0))
			fprintf(f, ", default %ld", o->idef);
		else if (o->type == OPT_BOOL)
			fprintf(f, "=true|false, default false");
		else if (o->type == OPT_STR && o->sdef != NULL)
			fprintf(f, ", default %s", o->sdef);
		fputc('\n', f);
	}
	fprintf(f, "  %-26s print this help and exit\n", "--help");
	fprintf(f, "  %-26s print the version and exit\n", "--version");
	fprintf(f,
	    "  %-26s ask GET /readyz of the server these settings "
	    "describe;\n  %-26s exit 0 when it answers 200, else 1 (for "
	    "container health checks)\n",
	    "--healthcheck", "");
	fprintf(f,
	    "\nMemory: the process stays within --cache-bytes, plus %ld MiB, "
	    "plus\n--connection-memory and %d KiB for each open connection "
	    "(--max-connections\nat most); the default --max-connections "
	    "keeps that within the memory\nallowed (the cgroup's limit, or "
	    "the machine's memory: %llu MiB here).\n",
	    MEMORY_FIXED >> 20, CONNECTION_STATE >> 10, memory_allowed() >> 20);
}

/* Sets one option from a string; prints why not and returns -1. */
static int
set(struct config *cfg, const struct opt *o, const char *name,
    const char *value)
{
	char *field = (char *)cfg + o->offset;
	const char *why;

	if (o->type == OPT_BOOL) {
		if (strcmp(value, "1") == 0 || strcmp(value, "true") == 0 ||
		    strcmp(value, "yes") == 0)
			*(long *)(void *)field = 1;
		else if (strcmp(value, "0") == 0 ||
		    strcmp(value, "false") == 0 || strcmp(value, "no") == 0)
			*(long *)(void *)field = 0;
		else {
			fprintf(stderr,
			    "aid-api: %s: must be true or false "
			    "(got '%s')\n",
			    name, value);
			return -1;
		}
		return 0;
	}
	if (o->type == OPT_STR) {
		if (*value == '\0') {
			fprintf(
			    stderr, "aid-api: %s: must not be empty\n", name);
			return -1;
		}
		for (size_t i = 0; o->choices != NULL; i++) {
			if (o->choices[i] == NULL) {
				fprintf(stderr,
				    "aid-api: %s: must be %s (got "
				    "'%s')\n",
				    name, o->arg, value);
				return -1;
			}
			if (strcmp(o->choices[i], value) == 0)
				break;
		}
		if (o->check != NULL && (why = o->check(value)) != NULL) {
			fprintf(stderr, "aid-api: %s: %s (got '%s')\n", name,
			    why, value);
			return -1;
		}
		if (o->normalize != NULL) {
			char *normal = (char *)cfg + o->normal_offset;

			if ((why = o->normalize(
				 value, normal, o->normal_cap)) != NULL) {
				fprintf(stderr, "aid-api: %s: %s (got '%s')\n",
				    name, why, value);
				return -1;
			}
			value = normal;
		}
		*(const char **)(void *)field = value;
		return 0;
	}
	long n = 0, unit = 1;
	const char *p = value;
	size_t len = strlen(p);

	if (o->type == OPT_SIZE && len > 0) {
		const char *units = "KMG", *u = strchr(units, p[len - 1]);

		if (u != NULL && *u != '\0') {
			unit = 1L << (10 * (u - units + 1));
			len--;
		}
	}
	if (len == 0 || len > 12)
		goto bad;
	for (size_t i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			goto bad;
		n = n * 10 + (p[i] - '0');
	}
	if (n > o->max / unit || n * unit < o->min)
		goto bad;
	*(long *)(void *)field = n * unit;
	return 0;
bad:
	if (o->type == OPT_SIZE)
		fprintf(stderr,
		    "aid-api: %s: must be a number of bytes from %ld to %ldG, "
		    "with an optional K, M or G (got '%s')\n",
		    name, o->min, o->max >> 30, value);
	else
		fprintf(stderr,
		    "aid-api: %s: must be an integer from %ld to %ld "
		    "(got '%s')\n",
		    name, o->min, o->max, value);
	return -1;
}

int
config_parse(struct config *cfg, int argc, char **argv)
{
	defaults(cfg);
	for (size_t i = 0; i < NOPTS; i++) {
		const char *v = getenv(opts[i].env);

		if (v != NULL && set(cfg, &opts[i], opts[i].env, v) != 0)
			return 2;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *value = NULL, *eq;
		size_t len;
		const struct opt *o = NULL;
		char name[64];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 1;
		}
		if (strcmp(a, "--version") == 0) {
			printf("aid-api %s (libmicrohttpd %s)\n", AID_VERSION,
			    MHD_get_version());
			return 1;
		}
		if (strcmp(a, "--healthcheck") == 0) {
			cfg->healthcheck = 1;
			continue;
		}
		if (strncmp(a, "--", 2) != 0) {
			fprintf(stderr,
			    "aid-api: unexpected argument '%s' "
			    "(try --help)\n",
			    a);
			return 2;
		}
		a += 2;
		len = (eq = strchr(a, '=')) != NULL ? (size_t)(eq - a)
						    : strlen(a);
		for (size_t j = 0; j < NOPTS; j++)
			if (strlen(opts[j].flag) == len &&
			    strncmp(opts[j].flag, a, len) == 0)
				o = &opts[j];
		if (o == NULL) {
			fprintf(stderr,
			    "aid-api: unknown flag '--%.*s' "
			    "(try --help)\n",
			    (int)(len > 40 ? 40 : len), a);
			return 2;
		}
		snprintf(name, sizeof(name), "--%s", o->flag);
		if (eq != NULL)
			value = eq + 1;
		else if (o->type == OPT_BOOL)
			value = "true"; /* a bare --trust-proxy */
		else if (i + 1 < argc)
			value = argv[++i];
		else {
			fprintf(stderr, "aid-api: %s: needs a value\n", name);
			return 2;
		}
		if (set(cfg, o, name, value) != 0)
			return 2;
	}
	if (cfg->max_connections == 0)
		cfg->max_connections = connections_allowed(cfg->cache_bytes,
		    cfg->connection_memory + CONNECTION_STATE);
	return 0;
}
