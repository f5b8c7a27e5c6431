/* The technician's settings file (firmware/services/techset.c) and the state files it is
 * written with (statefile.c): a round trip; every value validated; a file cut short at any
 * byte, a damaged one (its check no longer matches), one without a check line;
 * writes that replace the old file whole and leave nothing behind when they fail. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "firmware/services/statefile.h"
#include "firmware/services/techset.h"

static char dir[64], path[128];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/accueil-techset-%d", (int)getpid());
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/" TECHSET_FILE, dir);
	unlink(path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char tmp[160];
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	unlink(tmp);
	unlink(path);
	chmod(dir, 0700);
	rmdir(dir);
	return 0;
}

static const struct tech_settings good = {
    .volume = 70, .portrait = false, .idle_s = 120, .end_s = 45};

static void round_trip_and_mode(void **state)
{
	(void)state;
	struct tech_settings back;
	char why[160];
	assert_int_equal(techset_load(path, &back, why, sizeof(why)), -ENOENT);
	assert_int_equal(techset_save(path, &good), 0);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	memset(&back, 0, sizeof(back));
	assert_int_equal(techset_load(path, &back, why, sizeof(why)), 0);
	assert_int_equal(back.volume, 70);
	assert_false(back.portrait);
	assert_int_equal(back.idle_s, 120);
	assert_int_equal(back.end_s, 45);
	/* Out of range: refused before anything is written. */
	struct tech_settings bad = good;
	bad.end_s = 5;
	assert_int_equal(techset_save(path, &bad), -EINVAL);
	assert_int_equal(techset_load(path, &back, why, sizeof(why)), 0);
	assert_int_equal(back.end_s, 45);
}

static void every_cut_is_refused(void **state)
{
	(void)state;
	char text[512], why[160];
	struct tech_settings back = {.volume = 1};
	int len = techset_format(&good, text, sizeof(text));
	assert_true(len > 0);
	for (int cut = 0; cut < len - 1; cut++) {
		/* A cut inside the check line's digits could still parse: it must not match. */
		int rc = techset_parse(text, (size_t)cut, &back, why, sizeof(why));
		if (rc == 0)
			fail_msg("a file cut at %d of %d bytes was accepted", cut, len);
		assert_int_equal(rc, -EBADMSG);
		assert_true(why[0] != '\0');
	}
	assert_int_equal(back.volume, 1); /* never written on error */
	assert_int_equal(techset_parse(text, (size_t)len, &back, why, sizeof(why)), 0);
}

static void damaged_and_without_check(void **state)
{
	(void)state;
	char text[512], why[160];
	struct tech_settings back;
	int len = techset_format(&good, text, sizeof(text));
	/* One digit changed: the check says so. */
	char *v = strstr(text, "volume = 70");
	assert_non_null(v);
	v[9] = '9';
	assert_int_equal(techset_parse(text, (size_t)len, &back, why, sizeof(why)), -EBADMSG);
	assert_non_null(strstr(why, "check does not match"));
	/* Every value good but no check line: a cut could have taken it. */
	const char *nocheck =
	    "volume = 50\norientation = portrait\nidle_warning_s = 90\nidle_end_s = 30\n";
	assert_int_equal(techset_parse(nocheck, strlen(nocheck), &back, why, sizeof(why)),
	                 -EBADMSG);
	assert_non_null(strstr(why, "no check line"));
	const char *bad[] = {
	    "volume = 5\norientation = portrait\nidle_warning_s = 90\nidle_end_s = 30\n",
	    "volume = 50\norientation = sideways\nidle_warning_s = 90\nidle_end_s = 30\n",
	    "volume = 50\norientation = portrait\nidle_warning_s = 9000\nidle_end_s = 30\n",
	    "volume = 50\norientation = portrait\nidle_warning_s = 90\nidle_end_s = 10\n",
	    "volume = 50\norientation = portrait\nidle_warning_s = 90\n",
	    "volume = 50\norientation = portrait\nidle_warning_s = 90\nidle_end_s = 30\ncolour = "
	    "red\n",
	    "[section]\nvolume = 50\n",
	    "volume = loud\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		assert_int_equal(techset_parse(bad[i], strlen(bad[i]), &back, why, sizeof(why)),
		                 -EBADMSG);
		assert_true(why[0] != '\0');
	}
	/* A damaged file on disk, through load. */
	assert_int_equal(statefile_write(path, "volume = 5", 10), 0);
	assert_int_equal(techset_load(path, &back, why, sizeof(why)), -EBADMSG);
}

static void failed_write_keeps_the_old_file(void **state)
{
	(void)state;
	char text[STATEFILE_MAX], tmp[160];
	assert_int_equal(techset_save(path, &good), 0);
	chmod(dir, 0500);
	struct tech_settings other = good;
	other.volume = 100;
	int rc = techset_save(path, &other);
	if (access(dir, W_OK) == 0) { /* root writes anywhere: nothing to see here */
		chmod(dir, 0700);
		return;
	}
	assert_int_equal(rc, -EACCES);
	chmod(dir, 0700);
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	assert_int_equal(access(tmp, F_OK), -1);
	assert_true(statefile_read(path, text, sizeof(text)) > 0);
	assert_non_null(strstr(text, "volume = 70"));
	assert_int_equal(statefile_write("/nonexistent-dir/x", "a", 1), -ENOENT);
	assert_int_equal(statefile_read(path, text, 8), -EFBIG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(round_trip_and_mode, setup, teardown),
	    cmocka_unit_test(every_cut_is_refused),
	    cmocka_unit_test_setup_teardown(damaged_and_without_check, setup, teardown),
	    cmocka_unit_test_setup_teardown(failed_write_keeps_the_old_file, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
