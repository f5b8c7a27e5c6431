/* The file-backed headphone detector: changes reported once, active-low lines,
 * unreadable files reported once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "firmware/services/jack.h"

static char path[64];

static void put(const char *v)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(v, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof(path), "/tmp/accueil-jack-%d", (int)getpid());
	put("0\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static void test_key_backend_polls_nothing(void **state)
{
	(void)state;
	jack_t *j = (jack_t *)1;
	assert_int_equal(jack_new("key", &j), 0);
	assert_null(j);
	assert_int_equal(jack_next_poll(j), UINT64_MAX);
	assert_int_equal(jack_new("", &j), -EINVAL);
}

static void test_file_changes_reported_once(void **state)
{
	(void)state;
	jack_t *j;
	bool plugged = false;
	assert_int_equal(jack_new(path, &j), 0);
	assert_int_equal(jack_poll(j, 1000, &plugged), 0); /* unplugged at start: nothing to say */
	put("1\n");
	assert_int_equal(jack_poll(j, 1100, &plugged), 0); /* not due yet */
	assert_int_equal(jack_poll(j, 1500, &plugged), 1);
	assert_true(plugged);
	assert_int_equal(jack_poll(j, 2000, &plugged), 0);
	put("0\n");
	assert_int_equal(jack_poll(j, 2500, &plugged), 1);
	assert_false(plugged);
	jack_free(j);
}

static void test_active_low_and_unreadable(void **state)
{
	(void)state;
	char spec[80];
	jack_t *j;
	bool plugged = false;
	snprintf(spec, sizeof(spec), "!%s", path);
	assert_int_equal(jack_new(spec, &j), 0);
	assert_int_equal(jack_poll(j, 0, &plugged), 1); /* "0" on an active-low line: plugged */
	assert_true(plugged);
	unlink(path);
	assert_int_equal(jack_poll(j, 500, &plugged), -EIO);
	assert_int_equal(jack_poll(j, 1000, &plugged), 0); /* said once */
	put("garbage");
	assert_int_equal(jack_poll(j, 1500, &plugged), 0);
	put("1");
	assert_int_equal(jack_poll(j, 2000, &plugged), 1);
	assert_false(plugged);
	jack_free(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_key_backend_polls_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_file_changes_reported_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_active_low_and_unreadable, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
