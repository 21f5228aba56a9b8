/*
 * The program around the daemon: start-up and shutdown. Configuration errors
 * and a database or socket that cannot be used end here with one line on stderr
 * and a non-zero exit.
 *
 * Signals: every signal the server handles is blocked first thing, before
 * any can arrive, and in every thread libmicrohttpd starts; the main thread
 * waits for them. SIGTERM and SIGINT drain (the requests being answered
 * finish, then exit 0); SIGQUIT stops at once (exit 0, nothing drained);
 * SIGHUP, SIGUSR1 and SIGUSR2 are logged and ignored (the data is
 * read-only: there is nothing to reload or reopen; the log is stderr).
 */
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * Memory that stays within the cache's budget. glibc gives each thread
 * its own heap (arena), and a block freed by another thread returns to the
 * heap it came from: with the cache's bodies made on one worker and
 * evicted on another, every heap grows to the budget on its own (77 MB of
 * RSS for a 32 MiB budget under a stream of new URLs, 48 MB with one
 * heap, which was no slower). And a fixed threshold for mmap (glibc's own
 * rises with every large block freed) gives large transient bodies back
 * to the system when they are freed.
 */
static void
bound_heap(void)
{
#if defined(M_ARENA_MAX) && defined(M_MMAP_THRESHOLD)
	(void)mallopt(M_ARENA_MAX, 1);
	(void)mallopt(M_MMAP_THRESHOLD, 64 * 1024);
#endif
}

int
server_main(int argc, char **argv, const struct app *app)
{
	static const int handled[] = { SIGTERM, SIGINT, SIGQUIT, SIGHUP,
		SIGUSR1, SIGUSR2 };
	struct config cfg;
	struct daemon *d;
	sigset_t set;
	int rc, sig;

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(handled) / sizeof(handled[0]); i++)
		sigaddset(&set, handled[i]);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	raise_file_limit();
	bound_heap();
	if ((rc = config_parse(&cfg, argc, argv)) != 0)
		return rc == 1 ? 0 : 2;
	if (cfg.healthcheck) {
		pthread_sigmask(SIG_UNBLOCK, &set, NULL);
		return healthcheck(&cfg);
	}
	if ((d = daemon_start(&cfg, app)) == NULL)
		return 1;
	printf("aid-api %s listening on http://%s%s%s:%u/ (database %s, "
	       "libmicrohttpd %s)\n",
	    AID_VERSION, strchr(cfg.bind, ':') ? "[" : "", cfg.bind,
	    strchr(cfg.bind, ':') ? "]" : "", daemon_port(d), cfg.db,
	    MHD_get_version());
	fflush(stdout);
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			sig = SIGTERM;
		if (sig == SIGTERM || sig == SIGINT || sig == SIGQUIT)
			break;
		fprintf(stderr, "aid-api: %s: ignored (nothing to reload)\n",
		    sig == SIGHUP	 ? "SIGHUP"
			: sig == SIGUSR1 ? "SIGUSR1"
					 : "SIGUSR2");
	}
	if (sig == SIGQUIT) {
		fprintf(stderr, "aid-api: SIGQUIT: stopping at once\n");
		daemon_set_drain(d, 0);
	} else {
		fprintf(stderr, "aid-api: %s: draining and stopping\n",
		    sig == SIGINT ? "SIGINT" : "SIGTERM");
	}
	daemon_stop(d);
	return 0;
}
