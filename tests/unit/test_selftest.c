/* The self-test's checks that depend on time or on the kernel's device list, with a fake
 * clock and recorded device lists: clock sanity, certificate validity and the 30-day
 * warning, keypad detection, the last update. The whole self-test is driven by
 * tests/field/test_selftest.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <mbedtls/x509_crt.h>

#include "firmware/selftest.h"

#define PKI "tests/data/pki/"

/* The certificate's end in 64-bit seconds (certificates outlive a 32-bit time_t). */
static int64_t not_after(const char *path)
{
	mbedtls_x509_crt crt;
	mbedtls_x509_crt_init(&crt);
	assert_int_equal(mbedtls_x509_crt_parse_file(&crt, path), 0);
	int64_t y = crt.valid_to.year, m = crt.valid_to.mon, d = crt.valid_to.day;
	int64_t h = crt.valid_to.hour, mi = crt.valid_to.min, sec = crt.valid_to.sec;
	mbedtls_x509_crt_free(&crt);
	/* Days since 1970 counted the slow way: every year, then every month. */
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int64_t days = 0;
	for (int64_t yy = 1970; yy < y; yy++)
		days += (yy % 4 == 0 && (yy % 100 != 0 || yy % 400 == 0)) ? 366 : 365;
	for (int mm = 1; mm < m; mm++)
		days += mdays[mm - 1] + (mm == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
	days += d - 1;
	return days * 86400 + h * 3600 + mi * 60 + sec;
}

static void clock_before_the_firmware_fails(void **state)
{
	struct selftest_check c;
	(void)state;
	selftest_check_clock(86400, 1700000000, &c); /* 1970-01-02: an RTC with no battery */
	assert_int_equal(c.status, SELFTEST_FAIL);
	assert_non_null(strstr(c.msg, "1970-01-02"));
	assert_non_null(strstr(c.msg, "NTP"));
	selftest_check_clock(1700000100, 1700000000, &c);
	assert_int_equal(c.status, SELFTEST_OK);
	assert_string_equal(c.name, "clock");
}

static void certificate_validity_at_each_age(void **state)
{
	struct selftest_check c;
	int64_t end = not_after(PKI "server.crt");
	(void)state;

	selftest_check_cert("client-cert", "client certificate", PKI "server.crt", end - 90 * 86400,
	                    &c);
	assert_int_equal(c.status, SELFTEST_OK);
	/* It ends after 2038: read right where time_t is 32-bit (armhf). */
	assert_non_null(strstr(c.msg, "valid until 2045-01-01"));
	selftest_check_cert("client-cert", "client certificate", PKI "server.crt", end - 29 * 86400,
	                    &c);
	assert_int_equal(c.status, SELFTEST_WARN);
	assert_non_null(strstr(c.msg, "in 29 days"));
	selftest_check_cert("client-cert", "client certificate", PKI "server.crt", end + 60, &c);
	assert_int_equal(c.status, SELFTEST_FAIL);
	assert_non_null(strstr(c.msg, "expired on"));
	selftest_check_cert("client-cert", "client certificate", PKI "server-future.crt",
	                    (int64_t)time(NULL), &c);
	assert_int_equal(c.status, SELFTEST_FAIL);
	assert_non_null(strstr(c.msg, "not valid yet"));
	/* Not a certificate at all (a key), and nothing configured. */
	selftest_check_cert("client-cert", "client certificate", PKI "server.pin", time(NULL), &c);
	assert_int_equal(c.status, SELFTEST_FAIL);
	assert_non_null(strstr(c.msg, "not a PEM certificate"));
	selftest_check_cert("client-cert", "client certificate", "", time(NULL), &c);
	assert_int_equal(c.status, SELFTEST_FAIL);
	assert_non_null(strstr(c.msg, "board/provision"));
}

static void keypad_from_the_device_list(void **state)
{
	char path[64];
	struct selftest_check c;
	(void)state;
	snprintf(path, sizeof(path), "/tmp/accueil-input-%d", (int)getpid());
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	/* A board with only its power button: no keypad. */
	fputs("I: Bus=0019 Vendor=0000 Product=0001 Version=0000\n"
	      "N: Name=\"Power Button\"\n"
	      "H: Handlers=kbd event0 \n\n",
	      f);
	fclose(f);
	selftest_check_keypad("any", path, &c);
	assert_int_equal(c.status, SELFTEST_FAIL);
	assert_non_null(strstr(c.msg, "plug the keypad"));
	f = fopen(path, "a");
	assert_non_null(f);
	fputs("I: Bus=0003 Vendor=1234 Product=5678 Version=0111\n"
	      "N: Name=\"Assistive Keypad 12\"\n"
	      "H: Handlers=sysrq kbd leds event3 \n\n",
	      f);
	fclose(f);
	selftest_check_keypad("any", path, &c);
	assert_int_equal(c.status, SELFTEST_OK);
	assert_non_null(strstr(c.msg, "1 keyboard device attached"));
	unlink(path);
	selftest_check_keypad("any", path, &c);
	assert_int_equal(c.status, SELFTEST_FAIL);
}

/* An ALSA jack control on a card that is not there (no sound card on the test machines): the
 * check fails and names the card and how to list the cards; a malformed setting says so. */
static void alsa_jack_absent_card_named(void **state)
{
	(void)state;
	struct selftest_check c;
	selftest_check_jack("alsa:NoSuchCard:Headphone Jack", &c);
	assert_int_equal(c.status, SELFTEST_FAIL);
	assert_string_equal(c.name, "headphones");
	assert_non_null(strstr(c.msg, "no ALSA card \"hw:NoSuchCard\""));
	assert_non_null(strstr(c.msg, "aplay -l"));
	selftest_check_jack("alsa:NoSuchCard", &c);
	assert_int_equal(c.status, SELFTEST_FAIL);
	assert_non_null(strstr(c.msg, "alsa:CARD:CONTROL"));
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The last update, from the updater's files: none, on trial, committed, rolled back for each
 * cause, and a damaged file; control characters in the health check's words become spaces. */
static void last_update_from_the_updater_state(void **state)
{
	(void)state;
	char dir[] = "/tmp/accueil-selftest-XXXXXX"; /* mkdtemp's template */
	char sub[sizeof(dir) + 8], last[sizeof(sub) + 16], trial[sizeof(sub) + 8];
	struct selftest_check c;
	assert_non_null(mkdtemp(dir));
	selftest_check_update(dir, &c);
	assert_string_equal(c.name, "update");
	assert_int_equal(c.status, SELFTEST_OK);
	assert_string_equal(c.msg, "no update installed since this card was written");

	snprintf(sub, sizeof(sub), "%s/update", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(last, sizeof(last), "%s/last-update", sub);
	snprintf(trial, sizeof(trial), "%s/trial", sub);
	write_file(last, "outcome=committed\ncause=\nversion=1.2.0\nslot=B\nrunning=1.2.0\n"
	                 "running_slot=B\nreason=\ntime=2026-11-28 10:15 UTC\n");
	selftest_check_update(dir, &c);
	assert_int_equal(c.status, SELFTEST_OK);
	assert_string_equal(
	    c.msg, "version 1.2.0 installed and committed in slot B (2026-11-28 10:15 UTC)");

	write_file(trial, "A 1.3.0\n");
	selftest_check_update(dir, &c);
	assert_int_equal(c.status, SELFTEST_WARN);
	assert_non_null(strstr(c.msg, "version 1.3.0 is on trial in slot A"));
	unlink(trial);

	write_file(last, "outcome=rolled-back\ncause=unhealthy\nversion=1.3.0\nslot=A\n"
	                 "running=1.2.0\nrunning_slot=B\nreason=health: no frame\x01\x1b[2J "
	                 "rendered\ntime=2026-11-28 10:20 UTC\n");
	selftest_check_update(dir, &c);
	assert_int_equal(c.status, SELFTEST_WARN);
	assert_non_null(strstr(c.msg, "version 1.3.0 rolled back (2026-11-28 10:20 UTC); running "
	                              "1.2.0 in slot B. Do not reinstall it; report "));
	assert_non_null(strstr(c.msg, "/update/health.log. Its health check failed: health: no "
	                              "frame  [2J rendered"));

	write_file(last, "outcome=rolled-back\ncause=unstarted\nversion=1.3.0\nslot=A\n"
	                 "running=1.2.0\nrunning_slot=B\nreason=\ntime=2026-11-28 10:20 UTC\n");
	selftest_check_update(dir, &c);
	assert_int_equal(c.status, SELFTEST_WARN);
	assert_non_null(strstr(c.msg, "report this line. It never reached its health check"));
	assert_non_null(strstr(c.msg, "running 1.2.0 in slot B"));

	/* Cut short by a power failure in the middle of an older, non-atomic write. */
	write_file(last, "outcome=rolled-ba");
	selftest_check_update(dir, &c);
	assert_int_equal(c.status, SELFTEST_WARN);
	assert_non_null(strstr(c.msg, "last-update is damaged"));

	unlink(last);
	rmdir(sub);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(clock_before_the_firmware_fails),
	    cmocka_unit_test(certificate_validity_at_each_age),
	    cmocka_unit_test(keypad_from_the_device_list),
	    cmocka_unit_test(alsa_jack_absent_card_named),
	    cmocka_unit_test(last_update_from_the_updater_state),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
