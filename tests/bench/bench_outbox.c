/* make bench: the outbox under SIGKILL (a child submits and is killed at a random instant
 * between its commit and delivery; a fresh link delivers what is left to the real central) and
 * the commit latency with synchronous=FULL, as measured by the children. One table row each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/central_harness.h"
#include "tests/support/outbox_kill.h"

#define CYCLES 200

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	struct central_harness *h = NULL;
	struct outbox_kill_result *r;

	if (argc > 1 && strcmp(argv[1], OUTBOX_KILL_CHILD) == 0)
		return outbox_kill_child_main(argc, argv);
	r = calloc(1, sizeof(*r));
	if (r == NULL || central_harness_start(NULL, &h) != 0) {
		printf("| outbox: SIGKILL cycles | could not start the central | |\n");
		free(r);
		return 0;
	}
	if (outbox_kill_run(h, "/proc/self/exe", CYCLES, 150, r) != 0) {
		printf("| outbox: SIGKILL cycles | failed after %u cycles | |\n", r->cycles);
	} else {
		printf("| outbox: SIGKILL between commit and delivery | %u cycles, %u killed, %u "
		       "committed: %u lost, %u doubled | 0 lost, 0 doubled |\n",
		       r->cycles, r->killed, r->committed, r->lost, r->doubled);
		if (r->n_commit > 0) {
			qsort(r->commit_ms, r->n_commit, sizeof(r->commit_ms[0]), cmp);
			printf(
			    "| outbox: commit latency, synchronous=FULL (n=%zu) | p50 %.2f ms, p99 "
			    "%.2f ms | |\n",
			    r->n_commit, r->commit_ms[r->n_commit / 2],
			    r->commit_ms[(r->n_commit * 99) / 100 < r->n_commit
			                     ? (r->n_commit * 99) / 100
			                     : r->n_commit - 1]);
		}
	}
	central_harness_stop(h);
	free(r);
	return 0;
}
