/* The configuration file: good values applied, bad lines reported, defaults kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "firmware/config.h"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_example_file_loads_cleanly(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	char msg[256] = "";
	assert_int_equal(
	    config_load(&c, "assets/config/kiosk.conf.example", NULL, msg, sizeof(msg)), 0);
	assert_string_equal(c.kiosk_id, "kiosk-0001");
	assert_string_equal(c.time_zone, "America/Toronto");
	assert_int_equal(c.app.idle_ms, 90000);
	assert_int_equal(c.app.idle_speech_ms, 180000);
	assert_true(c.fullscreen);
}

static void test_bad_lines_reported_good_ones_applied(void **state)
{
	(void)state;
	char path[] = "/tmp/accueil-config-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	write_file(path, "# comment\nidle_s = 120\nbogus = 1\nwarning_s = 5\nwidth=1920\n"
	                 "double_strike_ms = 300\nno equals sign\n");
	struct config c;
	config_defaults(&c);
	int line = 0;
	char msg[256], want[320];
	assert_int_equal(config_load(&c, path, &line, msg, sizeof(msg)), -EINVAL);
	assert_int_equal(line, 3);
	snprintf(want, sizeof want, "%s:3: unknown key", path);
	assert_string_equal(msg, want);
	assert_int_equal(c.app.idle_ms, 120000);
	assert_int_equal(c.app.warning_ms, 30000); /* 5 s is below R1's 30 s: refused */
	assert_int_equal(c.width, 1920);
	assert_int_equal(c.app.double_strike_ms, 300);
	unlink(path);
}

static void test_section_refused_with_its_keys(void **state)
{
	(void)state;
	char path[] = "/tmp/accueil-config-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	write_file(path, "site = 1 rue de l’Église ; porte « B »\r\n[display]\r\nwidth = 800\r\n");
	struct config c;
	config_defaults(&c);
	int line = 0;
	char msg[256], want[320];
	assert_int_equal(config_load(&c, path, &line, msg, sizeof(msg)), -EINVAL);
	assert_int_equal(line, 2);
	snprintf(want, sizeof want, "%s:2: the kiosk file has no [sections]", path);
	assert_string_equal(msg, want);
	assert_string_equal(c.site, "1 rue de l’Église ; porte « B »");
	assert_int_equal(c.width, 0); /* a key under a refused section is not applied */
	unlink(path);
}

static void test_missing_file_keeps_defaults(void **state)
{
	(void)state;
	struct config c, d;
	config_defaults(&c);
	config_defaults(&d);
	char msg[256];
	assert_int_equal(config_load(&c, "/nonexistent/kiosk.conf", NULL, msg, sizeof(msg)),
	                 -ENOENT);
	assert_non_null(strstr(msg, "/nonexistent/kiosk.conf"));
	assert_memory_equal(&c, &d, sizeof(c));
}

static void test_too_long_value_refused(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	char big[200];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(config_set(&c, "kiosk_id", big), -EMSGSIZE);
	assert_string_equal(c.kiosk_id, "kiosk-dev");
	assert_int_equal(config_set(&c, "double_strike_ms", "501"), -ERANGE);
	assert_int_equal(config_set(&c, "idle_s", "12abc"), -EINVAL);
	assert_int_equal(config_set(&c, "no_such_key", "1"), -ENOENT);
	assert_int_equal(config_set(&c, "fullscreen", "off"), 0);
	assert_false(c.fullscreen);
	assert_int_equal(config_set(&c, "time_zone", big), -EMSGSIZE);
	assert_string_equal(c.time_zone, "America/Toronto");
	assert_int_equal(config_set(&c, "time_zone", "Europe/Paris"), 0);
	assert_string_equal(c.time_zone, "Europe/Paris");
}

static void test_printer_key(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	assert_string_equal(c.printer, "none");
	assert_int_equal(c.printer_columns, 48);
	assert_int_equal(config_set(&c, "printer", "usb/lp0"), -EINVAL); /* relative: refused */
	assert_int_equal(config_set(&c, "printer", "file:"), -EINVAL);
	assert_string_equal(c.printer, "none");
	assert_int_equal(config_set(&c, "printer", "/dev/usb/lp0"), 0);
	assert_string_equal(c.printer, "/dev/usb/lp0");
	assert_int_equal(config_set(&c, "printer", "file:/tmp/paper.bin"), 0);
	assert_string_equal(c.printer, "file:/tmp/paper.bin");
	assert_int_equal(config_set(&c, "printer_columns", "42"), 0);
	assert_int_equal(c.printer_columns, 42);
	assert_int_equal(config_set(&c, "printer_columns", "12"), -ERANGE);
	assert_int_equal(c.printer_columns, 42);
}

/* The agency's identity on the attract screen (issue 12). */
static void test_agency_keys(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	assert_string_equal(c.app.agency[LANG_FR], "");
	assert_string_equal(c.logo, "");
	assert_int_equal(config_set(&c, "agency_fr", "Ville d’Exemple"), 0);
	assert_int_equal(config_set(&c, "agency_en", "City of Example"), 0);
	assert_int_equal(config_set(&c, "logo", "/etc/accueil/logo.png"), 0);
	assert_string_equal(c.app.agency[LANG_FR], "Ville d’Exemple");
	assert_string_equal(c.app.agency[LANG_EN], "City of Example");
	assert_string_equal(c.logo, "/etc/accueil/logo.png");
	char longname[APP_AGENCY_MAX + 8];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_true(config_set(&c, "agency_en", longname) < 0);
	assert_string_equal(c.app.agency[LANG_EN], "City of Example");
}

/* PROTOCOL.md §1: each deployment adds its own status wordings, tried before the built-in
 * ones; a malformed rule is refused with its reason and the others still apply. */
static void test_status_rules(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	assert_int_equal(config_set(&c, "status_rule", " On_Hold | * | waiting_for_you "), 0);
	assert_int_equal(
	    config_set(&c, "status_rule", "* | escalated to the director | in_progress"), 0);
	assert_int_equal(config_set(&c, "status_rule", "open | * | maybe"), -EINVAL);
	assert_int_equal(config_set(&c, "status_rule", "open only"), -EINVAL);
	assert_int_equal(c.status_rule_count, 2);
	assert_string_equal(c.status_rules[0].status, "on_hold");
	assert_string_equal(c.status_rules[0].notes, "");
	assert_string_equal(c.status_rules[1].status, "");
	assert_string_equal(c.status_rules[1].notes, "escalated to the director");

	struct open311_progress_rule rules[2];
	for (int i = 0; i < 2; i++)
		rules[i] = (struct open311_progress_rule){.status = c.status_rules[i].status,
		                                          .notes_contains = c.status_rules[i].notes,
		                                          .progress = c.status_rules[i].progress};
	struct open311_request r;
	memset(&r, 0, sizeof(r));
	r.status = OPEN311_STATUS_OTHER;
	snprintf(r.status_raw, sizeof(r.status_raw), "%s", "on_hold");
	assert_int_equal(open311_progress_of(&r, rules, 2), OPEN311_PROGRESS_WAITING_FOR_YOU);
	assert_int_equal(open311_progress_of(&r, NULL, 0), OPEN311_PROGRESS_IN_PROGRESS);
	r.status = OPEN311_STATUS_OPEN;
	snprintf(r.status_raw, sizeof(r.status_raw), "%s", "open");
	snprintf(r.status_notes, sizeof(r.status_notes), "%s", "Escalated to the Director.");
	assert_int_equal(open311_progress_of(&r, rules, 2), OPEN311_PROGRESS_IN_PROGRESS);
	assert_int_equal(open311_progress_of(&r, NULL, 0), OPEN311_PROGRESS_RECEIVED);
	for (int i = 2; i < CONFIG_STATUS_RULES_MAX; i++)
		assert_int_equal(config_set(&c, "status_rule", "x | * | received"), 0);
	assert_int_equal(config_set(&c, "status_rule", "y | * | received"), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_example_file_loads_cleanly),
	    cmocka_unit_test(test_bad_lines_reported_good_ones_applied),
	    cmocka_unit_test(test_section_refused_with_its_keys),
	    cmocka_unit_test(test_missing_file_keeps_defaults),
	    cmocka_unit_test(test_too_long_value_refused),
	    cmocka_unit_test(test_printer_key),
	    cmocka_unit_test(test_agency_keys),
	    cmocka_unit_test(test_status_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
