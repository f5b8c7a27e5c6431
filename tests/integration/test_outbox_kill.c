/* The outbox across SIGKILL: a child submits and is killed at a random instant between its
 * commit and the delivery; a fresh link on the same files then delivers it. Whatever the child
 * was told was stored reaches the real central (HTTPS on loopback) exactly once, counted in the
 * central's database by CLIENT_REQUEST_ID. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tests/support/central_harness.h"
#include "tests/support/outbox_kill.h"

static const char *self_exe;

static void test_kill_cycles(void **state)
{
	struct central_harness *h = NULL;
	struct outbox_kill_result *r = calloc(1, sizeof(*r));

	(void)state;
	assert_int_equal(central_harness_start(NULL, &h), 0);
	/* Under an emulator a child takes far longer to start: the kill window widens with it. */
	const char *runner = getenv("ACCUEIL_RUNNER");
	unsigned window_ms = runner && *runner ? 3000 : 120;
	assert_int_equal(outbox_kill_run(h, self_exe, 8, window_ms, r), 0);
	printf("cycles %u, committed %u, killed %u, lost %u, doubled %u\n", r->cycles, r->committed,
	       r->killed, r->lost, r->doubled);
	assert_int_equal(r->cycles, 8);
	assert_int_equal(r->lost, 0);
	assert_int_equal(r->doubled, 0);
	assert_true(r->committed > 0);
	central_harness_stop(h);
	free(r);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kill_cycles),
	};
	if (argc > 1 && strcmp(argv[1], OUTBOX_KILL_CHILD) == 0)
		return outbox_kill_child_main(argc, argv);
	/* The binary's own path: an emulator (ACCUEIL_RUNNER) must be handed the program, and its
	 * /proc/self/exe would be the emulator itself. */
	static char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		self_exe = exe;
	} else {
		self_exe = "/proc/self/exe";
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
