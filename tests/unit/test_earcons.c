/* voices/earcons.c: nine short tones that can be told apart, without clicks (S6). */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "voices/earcons.h"

#define RATE 22050
#define CAP  (RATE / 2)

static int16_t buf[EARCON_COUNT][CAP];
static int len[EARCON_COUNT];

static int setup(void **state)
{
	(void)state;
	for (int e = 0; e < EARCON_COUNT; e++)
		len[e] = earcon_render((enum earcon)e, RATE, buf[e], CAP);
	return 0;
}

static int peak(const int16_t *s, int from, int to)
{
	int p = 0;
	for (int i = from; i < to; i++)
		if (abs(s[i]) > p)
			p = abs(s[i]);
	return p;
}

static void test_lengths(void **state)
{
	(void)state;
	for (int e = 0; e < EARCON_COUNT; e++) {
		assert_true(len[e] >= RATE / 10); /* 100 ms */
		assert_true(len[e] <= RATE / 5);  /* 200 ms */
		assert_int_equal((size_t)len[e], earcon_length((enum earcon)e, RATE));
		/* Same duration at another rate. */
		int n44 = earcon_render((enum earcon)e, 44100, NULL, 0);
		assert_int_equal(n44, -ENOSPC);
		assert_true(labs((long)earcon_length((enum earcon)e, 44100) - 2L * len[e]) <= 2);
	}
}

static void test_audible_but_below_speech(void **state)
{
	(void)state;
	for (int e = 0; e < EARCON_COUNT; e++) {
		int p = peak(buf[e], 0, len[e]);
		assert_true(p > 3000);
		assert_true(p < 16000);
	}
}

static void test_no_clicks(void **state)
{
	(void)state;
	/* Starts and ends at silence, and the first and last millisecond are ramps, not a
	 * full-level edge. */
	int ms = RATE / 1000;
	for (int e = 0; e < EARCON_COUNT; e++) {
		int p = peak(buf[e], 0, len[e]);
		assert_true(abs(buf[e][0]) < 200);
		assert_true(abs(buf[e][len[e] - 1]) < 200);
		assert_true(peak(buf[e], 0, ms) < p / 2);
		assert_true(peak(buf[e], len[e] - ms, len[e]) < p / 2);
		/* No sample-to-sample jump larger than a full-level sine at 4 kHz can make. */
		double max_step = 2.0 * M_PI * 4000.0 / RATE * p;
		for (int i = 1; i < len[e]; i++)
			assert_true(abs(buf[e][i] - buf[e][i - 1]) <= max_step);
	}
}

/* Normalised difference of two renderings over the longer length. */
static double difference(int a, int b)
{
	int n = len[a] > len[b] ? len[a] : len[b];
	double diff = 0, energy = 0;
	for (int i = 0; i < n; i++) {
		double x = i < len[a] ? buf[a][i] : 0, y = i < len[b] ? buf[b][i] : 0;
		diff += (x - y) * (x - y);
		energy += x * x + y * y;
	}
	return diff / energy;
}

static void test_all_distinct(void **state)
{
	(void)state;
	for (int a = 0; a < EARCON_COUNT; a++)
		for (int b = a + 1; b < EARCON_COUNT; b++)
			assert_true(difference(a, b) > 0.5);
	for (int a = 0; a < EARCON_COUNT; a++)
		for (int b = a + 1; b < EARCON_COUNT; b++)
			assert_string_not_equal(earcon_name((enum earcon)a),
			                        earcon_name((enum earcon)b));
}

static void test_deterministic(void **state)
{
	(void)state;
	static int16_t again[CAP];
	for (int e = 0; e < EARCON_COUNT; e++) {
		assert_int_equal(earcon_render((enum earcon)e, RATE, again, CAP), len[e]);
		assert_memory_equal(again, buf[e], (size_t)len[e] * sizeof(int16_t));
	}
}

static void test_errors(void **state)
{
	(void)state;
	int16_t small[10];
	assert_int_equal(earcon_render(EARCON_COUNT, RATE, small, 10), -EINVAL);
	assert_int_equal(earcon_render(EARCON_MOVE, 0, small, 10), -EINVAL);
	assert_int_equal(earcon_render(EARCON_MOVE, RATE, small, 10), -ENOSPC);
	assert_null(earcon_name(EARCON_COUNT));
	assert_int_equal(earcon_length(EARCON_COUNT, RATE), 0);
	assert_string_equal(earcon_name(EARCON_PAGE), "page");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lengths),       cmocka_unit_test(test_audible_but_below_speech),
	    cmocka_unit_test(test_no_clicks),     cmocka_unit_test(test_all_distinct),
	    cmocka_unit_test(test_deterministic), cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
