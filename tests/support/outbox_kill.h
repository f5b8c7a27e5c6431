/* outbox_kill: the SIGKILL cycles shared by tests/integration/test_outbox_kill.c and the bench.
 * A child process (this same program, re-executed with OUTBOX_KILL_CHILD as argv[1]) opens the
 * outbox of a directory, submits one entry with a given client request id, says on its standard
 * output when the commit returned, and delivers it to the central; the parent kills it with
 * SIGKILL at a random instant, then delivers what is left with a fresh link and counts the
 * central's rows for that id. Tests only. */
#ifndef ACCUEIL_OUTBOX_KILL_H
#define ACCUEIL_OUTBOX_KILL_H

#include <stdbool.h>
#include <stddef.h>

#define OUTBOX_KILL_CHILD "--outbox-kill-child"

struct central_harness;

struct outbox_kill_result {
	unsigned cycles;
	unsigned committed;    /* the child said "stored" before it died */
	unsigned killed;       /* killed before it finished */
	unsigned lost;         /* committed but not at the central after recovery: must be 0 */
	unsigned doubled;      /* more than one row for one id: must be 0 */
	double commit_ms[512]; /* the children's commit latencies (first min(cycles, 512)) */
	size_t n_commit;
};

/* The child's main: argv[2] dir, argv[3] base URL, argv[4] CA file, argv[5] api key,
 * argv[6] client request id. Returns the exit status. */
int outbox_kill_child_main(int argc, char **argv);

/* Runs cycles kill cycles against h in a fresh directory under dir_base, killing each child
 * after a random delay in [0, max_delay_ms]. Returns 0 and *out, or a negative errno code. */
int outbox_kill_run(struct central_harness *h, const char *self_exe, unsigned cycles,
                    unsigned max_delay_ms, struct outbox_kill_result *out);

#endif
