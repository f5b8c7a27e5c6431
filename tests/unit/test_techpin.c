/* The technician PIN: PBKDF2-HMAC-SHA256 with a random salt, right and wrong PINs, damaged
 * stored forms, and the exponential lock-out after 5 failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "firmware/services/statefile.h"
#include "firmware/services/techpin.h"

static void hash_and_verify(void **state)
{
	char a[TECHPIN_STORED_MAX], b[TECHPIN_STORED_MAX];
	(void)state;
	assert_int_equal(techpin_hash("482913", a, sizeof(a)), 0);
	assert_int_equal(techpin_hash("482913", b, sizeof(b)), 0);
	assert_string_not_equal(a, b); /* a fresh salt each time */
	assert_null(strstr(a, "482913"));
	assert_memory_equal(a, "pbkdf2-sha256$100000$", 21);
	assert_int_equal(techpin_verify("482913", a), 0);
	assert_int_equal(techpin_verify("482914", a), -EACCES);
	assert_int_equal(techpin_verify("", a), -EACCES);
	assert_int_equal(techpin_hash("12345", a, sizeof(a)), -EINVAL);  /* too short */
	assert_int_equal(techpin_hash("12345a", a, sizeof(a)), -EINVAL); /* not digits */
	assert_int_equal(techpin_hash("482913", a, 20), -ENOSPC);
}

static void damaged_stored_forms(void **state)
{
	char good[TECHPIN_STORED_MAX];
	(void)state;
	assert_int_equal(techpin_hash("000000", good, sizeof(good)), 0);
	assert_int_equal(techpin_verify("000000", "482913"), -EINVAL); /* a PIN in clear */
	assert_int_equal(techpin_verify("000000", "pbkdf2-sha256$10$AAAA$BBBB"), -EINVAL);
	good[strlen(good) - 6] = '\0'; /* a half-written line */
	assert_int_equal(techpin_verify("000000", good), -EINVAL);
	assert_int_equal(techpin_verify("000000", NULL), -EINVAL);
}

static void lockout_doubles_after_five(void **state)
{
	struct techpin_guard g = {0};
	uint64_t t = 1000;
	(void)state;
	for (int i = 0; i < 4; i++) {
		techpin_guard_record(&g, false, t);
		assert_int_equal(techpin_guard_wait(&g, t), 0);
	}
	techpin_guard_record(&g, false, t); /* the 5th */
	assert_int_equal(techpin_guard_wait(&g, t), 30000);
	t += 30000;
	assert_int_equal(techpin_guard_wait(&g, t), 0);
	techpin_guard_record(&g, false, t);
	assert_int_equal(techpin_guard_wait(&g, t), 60000);
	t += 60000;
	techpin_guard_record(&g, false, t);
	assert_int_equal(techpin_guard_wait(&g, t), 120000);
	for (int i = 0; i < 20; i++)
		techpin_guard_record(&g, false, t);
	assert_int_equal(techpin_guard_wait(&g, t), TECHPIN_LOCK_MAX_MS);
	techpin_guard_record(&g, true, t);
	assert_int_equal(techpin_guard_wait(&g, t), 0);
	assert_int_equal(g.failures, 0);
}

static char state_path[64];

static int state_setup(void **state)
{
	(void)state;
	snprintf(state_path, sizeof(state_path), "/tmp/accueil-techpin-%d.state", (int)getpid());
	unlink(state_path);
	return 0;
}

static int state_teardown(void **state)
{
	(void)state;
	unlink(state_path);
	return 0;
}

#define WALL0 1796000000000LL /* Unix ms, a day of 2026 */

/* Six failures lock for 60 s; the kiosk restarts 10 s later (its clock starts again at 0):
 * the count and the 50 s left survive, and the next failure doubles the lock again. */
static void lockout_survives_a_restart(void **state)
{
	(void)state;
	struct techpin_guard g = {0}, after;
	for (int i = 0; i < 6; i++)
		techpin_guard_record(&g, false, 5000);
	assert_int_equal(techpin_guard_wait(&g, 5000), 60000);
	assert_int_equal(techpin_guard_save(&g, state_path, 5000, WALL0), 0);
	struct stat st;
	assert_int_equal(stat(state_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(techpin_guard_load(&after, state_path, 0, WALL0 + 10000), 0);
	assert_int_equal(after.failures, 6);
	assert_int_equal(techpin_guard_wait(&after, 0), 50000);
	techpin_guard_record(&after, false, 50000);
	assert_int_equal(techpin_guard_wait(&after, 50000), 120000);
	/* A clock that went back (no battery clock) gives no time off. */
	assert_int_equal(techpin_guard_load(&after, state_path, 0, WALL0 - 3600000), 0);
	assert_int_equal(techpin_guard_wait(&after, 0), 60000);
	/* Long after: unlocked, but the failures still count. */
	assert_int_equal(techpin_guard_load(&after, state_path, 0, WALL0 + 3600000), 0);
	assert_int_equal(techpin_guard_wait(&after, 0), 0);
	assert_int_equal(after.failures, 6);
	/* Success clears it, and that is kept too. */
	techpin_guard_record(&after, true, 0);
	assert_int_equal(techpin_guard_save(&after, state_path, 0, WALL0), 0);
	assert_int_equal(techpin_guard_load(&g, state_path, 0, WALL0), 0);
	assert_int_equal(g.failures, 0);
	assert_int_equal(techpin_guard_wait(&g, 0), 0);
}

/* No file: nothing saved yet. A damaged, cut short or edited file: locked 30 s, never reset. */
static void damaged_lockout_file_locks(void **state)
{
	(void)state;
	struct techpin_guard g = {.failures = 3}, back;
	assert_int_equal(techpin_guard_load(&back, state_path, 100, WALL0), 0);
	assert_int_equal(back.failures, 0);
	assert_int_equal(techpin_guard_wait(&back, 100), 0);
	assert_int_equal(techpin_guard_save(&g, state_path, 0, WALL0), 0);
	char text[STATEFILE_MAX];
	int len = statefile_read(state_path, text, sizeof(text));
	assert_true(len > 0);
	/* Half written: every cut of the file is refused. */
	for (int cut = 0; cut < len - 1; cut += 7) {
		assert_int_equal(statefile_write(state_path, text, (size_t)cut), 0);
		assert_int_equal(techpin_guard_load(&back, state_path, 100, WALL0), -EBADMSG);
		assert_int_equal(back.failures, 5);
		assert_int_equal(techpin_guard_wait(&back, 100), 30000);
	}
	/* The count lowered by hand no longer matches its check. */
	char *f = strstr(text, "failures = 3");
	assert_non_null(f);
	f[11] = '0';
	assert_int_equal(statefile_write(state_path, text, (size_t)len), 0);
	assert_int_equal(techpin_guard_load(&back, state_path, 100, WALL0), -EBADMSG);
	assert_int_equal(techpin_guard_wait(&back, 100), 30000);
	/* Unreadable: the same precaution. */
	assert_int_equal(statefile_write(state_path, "garbage\n", 8), 0);
	assert_int_equal(techpin_guard_load(&back, state_path, 100, WALL0), -EBADMSG);
	assert_int_equal(techpin_guard_load(&back, "/nonexistent-dir/x.state", 0, WALL0), 0);
	assert_true(techpin_guard_save(&g, "/nonexistent-dir/x.state", 0, WALL0) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(hash_and_verify),
	    cmocka_unit_test(damaged_stored_forms),
	    cmocka_unit_test(lockout_doubles_after_five),
	    cmocka_unit_test_setup_teardown(lockout_survives_a_restart, state_setup,
	                                    state_teardown),
	    cmocka_unit_test_setup_teardown(damaged_lockout_file_locks, state_setup,
	                                    state_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
