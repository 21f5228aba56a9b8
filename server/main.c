/*
 * The program around the daemon: start-up and shutdown. Configuration errors
 * and a database or socket that cannot be used end here with one line on stderr
 * and a non-zero exit; SIGTERM or SIGINT drains the requests in flight and
 * exits 0.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int
server_main(int argc, char **argv, const struct app *app)
{
	struct config cfg;
	struct daemon *d;
	sigset_t stop;
	int rc, sig;

	if ((rc = config_parse(&cfg, argc, argv)) != 0)
		return rc == 1 ? 0 : 2;
	if (cfg.healthcheck)
		return healthcheck(&cfg);
	/* block the stop signals in every thread; main waits for them */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((d = daemon_start(&cfg, app)) == NULL)
		return 1;
	printf("aid-api %s listening on http://%s%s%s:%u/ (database %s)\n",
	    AID_VERSION, strchr(cfg.bind, ':') ? "[" : "", cfg.bind,
	    strchr(cfg.bind, ':') ? "]" : "", daemon_port(d), cfg.db);
	fflush(stdout);
	if (sigwait(&stop, &sig) != 0)
		sig = SIGTERM;
	fprintf(stderr, "aid-api: %s: draining and stopping\n",
	    sig == SIGINT ? "SIGINT" : "SIGTERM");
	daemon_stop(d);
	return 0;
}
