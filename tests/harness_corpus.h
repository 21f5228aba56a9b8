#ifndef AID_TEST_HARNESS_CORPUS_H
#define AID_TEST_HARNESS_CORPUS_H

/*
 * The malformed-request corpus (tests/malformed/corpus.txt, whose head
 * says how to read it), loaded: each case's bytes to send and the answers
 * due, directly with each libmicrohttpd series and through nginx.
 * test_malformed.c replays them.
 */

#include <stddef.h>

#include "harness.h"

#define CORPUS	   "tests/malformed/corpus.txt"
#define MAX_ANSWER 4 /* answers one case may expect */

enum who {
	OURS,	   /* the server's own answer (through nginx: any problem
		    * document, or the replica's success) */
	MHD,	   /* libmicrohttpd's own HTML page */
	MHD_TWICE, /* the same, its status line and fields written twice */
	HTTP09	   /* through nginx: an HTTP/0.9 answer, a problem document
		    * alone, without status line or fields */
};

enum ending {
	CLOSE,	 /* closed at once after the answers */
	KEEP,	 /* open: a follow-up on it is answered 200 */
	DEADLINE /* closed without answer by the header deadline */
};

struct answer {
	long status;
	enum who who;
};

struct expect {
	struct answer answer[MAX_ANSWER];
	size_t n;
	enum ending ending;
};

/*
 * The libmicrohttpd versions whose answers differ: a case's "direct:"
 * line holds for both, or its "direct-0.9:" and "direct-1.0:" lines for
 * each (1.0 and later answer as 1.0 until the corpus says otherwise).
 */
enum series { MHD_09, MHD_10, NSERIES };

/* The key of each series' direct answer ("direct-0.9", "direct-1.0"). */
extern const char *const corpus_series_key[NSERIES];

struct malformed {
	char name[64];
	int line; /* in the corpus, for messages */
	struct buf send;
	struct expect direct[NSERIES], nginx;
	int mhd[NSERIES]; /* has an "mhd:" note (or "mhd-0.9:", "mhd-1.0:") */
};

/*
 * Loads the corpus at path: its cases (malloc'd), their number in *n. On
 * anything the corpus's head does not allow (an unknown key, a bad
 * escape, an answer missing, libmicrohttpd's answer without a note saying
 * what it does, two cases of one name) it prints the line at fault and
 * exits 1.
 */
struct malformed *corpus_load(const char *path, size_t *n);

/* Frees the cases corpus_load() returned. */
void corpus_free(struct malformed *cases, size_t n);

#endif
