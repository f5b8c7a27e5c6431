/* Tests firmware/core/reference.c: Damm check digit, validation, formatting. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "firmware/core/reference.h"

static void test_damm_known(void **state)
{
	(void)state;
	/* The classic worked example: 572 has check digit 4. */
	assert_int_equal(reference_damm("572", 3), 4);
	assert_true(reference_damm_ok("5724", 4));
	assert_false(reference_damm_ok("5727", 4));
	assert_int_equal(reference_damm("", 0), 0);
	assert_int_equal(reference_damm("12a", 3), -EINVAL);
	assert_int_equal(reference_damm(NULL, 3), -EINVAL);
	char ref[REFERENCE_BUF];
	assert_int_equal(reference_make("482193557", ref), 0);
	assert_int_equal(strlen(ref), 10);
	assert_true(reference_damm_ok(ref, 10));
	assert_int_equal(reference_make("48219355x", ref), -EINVAL);
}

/* Pseudo-random 9-digit bodies, deterministic. */
static unsigned long long lcg(unsigned long long *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

static void test_every_single_error_and_transposition(void **state)
{
	(void)state;
	unsigned long long seed = 12345;
	for (int n = 0; n < 2000; n++) {
		char nine[10], ref[REFERENCE_BUF], bad[REFERENCE_BUF];
		for (int i = 0; i < 9; i++)
			nine[i] = (char)('0' + lcg(&seed) % 10);
		nine[9] = '\0';
		assert_int_equal(reference_make(nine, ref), 0);
		struct reference_check c;
		assert_int_equal(reference_validate(ref, 10, &c), REFERENCE_OK);
		assert_string_equal(c.normalized, ref);
		/* Every single-digit substitution at every position, check digit included. */
		for (int pos = 0; pos < 10; pos++) {
			for (char d = '0'; d <= '9'; d++) {
				if (d == ref[pos])
					continue;
				memcpy(bad, ref, sizeof bad);
				bad[pos] = d;
				assert_int_equal(reference_validate(bad, 10, &c),
				                 REFERENCE_CHECK_FAILED);
				assert_string_equal(c.normalized, "");
			}
		}
		/* Every adjacent transposition of two different digits. */
		for (int pos = 0; pos < 9; pos++) {
			if (ref[pos] == ref[pos + 1])
				continue;
			memcpy(bad, ref, sizeof bad);
			bad[pos] = ref[pos + 1];
			bad[pos + 1] = ref[pos];
			assert_int_equal(reference_validate(bad, 10, NULL), REFERENCE_CHECK_FAILED);
		}
	}
}

/* Exhaustive over all digit pairs: the property behind the test above, for any prefix state. */
static void test_exhaustive_pairs(void **state)
{
	(void)state;
	for (int p = 0; p < 10; p++) {
		char prefix[2] = {(char)('0' + p), 0};
		for (int a = 0; a < 10; a++) {
			for (int b = 0; b < 10; b++) {
				if (a == b)
					continue;
				char s1[4] = {prefix[0], (char)('0' + a), (char)('0' + b), 0};
				char s2[4] = {prefix[0], (char)('0' + b), (char)('0' + a), 0};
				assert_int_not_equal(reference_damm(s1, 3), reference_damm(s2, 3));
				char t1[3] = {prefix[0], (char)('0' + a), 0};
				char t2[3] = {prefix[0], (char)('0' + b), 0};
				assert_int_not_equal(reference_damm(t1, 2), reference_damm(t2, 2));
			}
		}
	}
}

static void test_validate_kinds(void **state)
{
	(void)state;
	char ref[REFERENCE_BUF], grouped[REFERENCE_GROUPED_BUF + 8];
	struct reference_check c;
	assert_int_equal(reference_make("482193557", ref), 0);
	assert_int_equal(reference_format(ref, 10, grouped, sizeof grouped), 13);
	assert_int_equal(grouped[3], ' ');
	assert_int_equal(grouped[7], ' ');
	assert_int_equal(grouped[11], ' ');
	assert_memory_equal(grouped, "482 193 557 ", 12);
	/* Separators are ignored. */
	assert_int_equal(reference_validate(grouped, strlen(grouped), &c), REFERENCE_OK);
	assert_string_equal(c.normalized, ref);
	char dashed[32] = "482-193-557-";
	dashed[12] = ref[9];
	assert_int_equal(reference_validate(dashed, 13, &c), REFERENCE_OK);
	char nbsp[32] = "482\xc2\xa0"
	                "193\xe2\x80\xaf"
	                "557 ";
	size_t l = strlen(nbsp);
	nbsp[l] = ref[9];
	assert_int_equal(reference_validate(nbsp, l + 1, &c), REFERENCE_OK);

	assert_int_equal(reference_validate("", 0, &c), REFERENCE_EMPTY);
	assert_int_equal(reference_validate("  - ", 4, &c), REFERENCE_EMPTY);
	assert_int_equal(reference_validate(NULL, 5, &c), REFERENCE_EMPTY);
	assert_int_equal(reference_validate("482 193 557", 11, &c), REFERENCE_TOO_SHORT);
	assert_int_equal(c.digits, 9);
	assert_int_equal(reference_validate("482 193 557 66", 14, &c), REFERENCE_TOO_LONG);
	assert_int_equal(c.digits, 11);
	assert_int_equal(reference_validate("482 19x 557 6", 13, &c), REFERENCE_NOT_DIGIT);
	assert_int_equal(c.bad_pos, 6);
	assert_string_equal(c.normalized, "");
	/* Length is only what len says. */
	assert_int_equal(reference_validate(ref, 9, &c), REFERENCE_TOO_SHORT);
}

static void test_format(void **state)
{
	(void)state;
	char out[32];
	assert_int_equal(reference_format("4821935576", 10, out, sizeof out), 13);
	assert_string_equal(out, "482 193 557 6");
	assert_int_equal(reference_format("4821935576", 10, out, 13), -ENOSPC);
	assert_string_equal(out, "");
	assert_int_equal(reference_format("4821935576", 10, out, 14), 13);
	assert_int_equal(reference_format("123", 3, out, sizeof out), 3);
	assert_string_equal(out, "123");
	assert_int_equal(reference_format("1234", 4, out, sizeof out), 5);
	assert_string_equal(out, "123 4");
	assert_int_equal(reference_format("12a4", 4, out, sizeof out), -EINVAL);
	assert_int_equal(reference_format("", 0, out, sizeof out), 0);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_damm_known),
	    cmocka_unit_test(test_every_single_error_and_transposition),
	    cmocka_unit_test(test_exhaustive_pairs),
	    cmocka_unit_test(test_validate_kinds),
	    cmocka_unit_test(test_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
