/* The technician PIN: PBKDF2-HMAC-SHA256 with a random salt, right and wrong PINs, damaged
 * stored forms, and the exponential lock-out after 5 failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <string.h>

#include <cmocka.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(hash_and_verify),
	    cmocka_unit_test(damaged_stored_forms),
	    cmocka_unit_test(lockout_doubles_after_five),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
