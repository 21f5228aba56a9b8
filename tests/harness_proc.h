#ifndef AID_TEST_HARNESS_PROC_H
#define AID_TEST_HARNESS_PROC_H

/*
 * The real binary as a process ($AID_BIN, else build/aid-api): started with
 * its stdout and stderr on pipes, waited for, its refusals read, its port
 * taken from the line it prints. Shared by the start-up, signal, connection
 * and health-check tests and by test_lies (the binary refusing a lie).
 */

#include <sys/types.h>

struct proc {
	pid_t pid;
	int out, err; /* read ends of its stdout and stderr */
};

/* The binary's path (static). */
const char *proc_bin(void);

/* Variables the next proc_spawn() sets in the child ("NAME=value",
 * NULL-ended; NULL: none). */
extern const char *const *proc_env;

/* Starts the binary with args (NULL-terminated, argv[0] excluded, at most
 * 14), without AID_DB and PORT in its environment; fails the test when it
 * cannot. The caller closes p->out and p->err. */
void proc_spawn(struct proc *p, const char *const *args);

/* What fd gives until EOF or timeout_ms of silence (malloc'd, the caller
 * frees; never NULL). */
char *proc_slurp(int fd, int timeout_ms);

/* Waits up to seconds for pid; its wait status, or -1 when it runs on. */
int proc_wait(pid_t pid, int seconds);

/* Runs the binary with args; fails unless it exits with rc within 10 s
 * and says exactly one line on stderr. That line, its newline cut
 * (malloc'd, the caller frees). */
char *proc_refusal(const char *const *args, int rc);

/* proc_refusal, and fails unless the line contains want. */
void proc_expect_refusal(const char *const *args, int rc, const char *want);

/* Starts the server with args (one of them --port 0) and reads the first
 * line it prints; fails unless that line names the port it listens on
 * and the libmicrohttpd version. The port. */
unsigned short proc_start_with(struct proc *p, const char *const *args);

/* The server on the test's database, on a free port, with threads
 * workers and 5 s to drain; its port. */
unsigned short proc_start_threads(struct proc *p, const char *threads);

/* proc_start_threads with 2 workers. */
unsigned short proc_start(struct proc *p);

/* A socket connected to 127.0.0.1:port (fails the test when it cannot). */
int proc_connect(unsigned short port);

/* 1 when GET /healthz on a new connection is answered 200, else 0. */
int proc_healthy(unsigned short port);

/* Ends the server with SIGTERM; fails the test unless it exits with 0
 * within 10 s. Closes p->out and p->err. */
void proc_stop_clean(struct proc *p);

/* Stops pid (SIGSTOP) and returns once it is stopped, so that what
 * clients send meanwhile waits for it whole; fails the test when it does
 * not stop within 5 s. SIGCONT continues it. */
void proc_pause(pid_t pid);

#endif
