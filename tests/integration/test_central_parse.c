/* The central's parsing, configuration and opening hours without a server (central/parse.c,
 * config.c, hours.c), and the shipped example configuration. */
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

#include <cjson/cJSON.h>

#include "central/config.h"
#include "central/hours.h"
#include "central/parse.h"
#include "firmware/core/calendar.h"

static void test_utf8(void **state)
{
	(void)state;
	assert_int_equal(central_utf8_chars("été", strlen("été")), 3);
	assert_int_equal(central_utf8_chars("\xf0\x9f\x98\x80", 4), 1);
	const char *bad[] = {"\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
	                     "\xff",     "\xc3",         "\x80",         "\xe2\x82"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(central_utf8_valid(bad[i], strlen(bad[i])));
	assert_false(central_utf8_valid("a\0b", 3));
}

static void test_form(void **state)
{
	(void)state;
	struct central_form f;
	const char *b = "a=1&b=h%C3%A9+ho&&c&d=";
	assert_int_equal(central_form_parse(b, strlen(b), &f), 0);
	assert_int_equal(f.count, 4);
	assert_string_equal(central_form_get(&f, "b"), "hé ho");
	assert_string_equal(central_form_get(&f, "c"), "");
	assert_null(central_form_get(&f, "zz"));
	central_form_free(&f);
	assert_int_equal(central_form_parse("a=1&a=2", 7, &f), -EINVAL);
	assert_int_equal(central_form_parse("=1", 2, &f), -EINVAL);
	assert_int_equal(central_form_parse("a=%zz", 5, &f), -EILSEQ);
	assert_int_equal(central_form_parse("a=%4", 4, &f), -EILSEQ);
	char many[1024];
	int n = 0;
	for (int i = 0; i <= CENTRAL_MAX_FIELDS; i++)
		n += snprintf(many + n, sizeof many - (size_t)n, "f%d=&", i);
	assert_int_equal(central_form_parse(many, (size_t)n, &f), -E2BIG);
	assert_int_equal(f.count, 0);
	central_form_free(&f);
}

static void test_json(void **state)
{
	(void)state;
	cJSON *j;
	assert_int_equal(central_json_depth("[\"[[[[\",{}]", 11, 16), 2);
	char deep[64];
	memset(deep, '[', 20);
	assert_int_equal(central_json_parse(deep, 20, &j), -ELOOP);
	assert_int_equal(central_json_parse("{} x", 4, &j), -EINVAL);
	assert_int_equal(central_json_parse("\"\xff\"", 3, &j), -EILSEQ);
	const char *t = "{\"service\":\"B\",\"priority\":null}";
	assert_int_equal(central_json_parse(t, strlen(t), &j), 0);
	struct central_ticket_request tr;
	char err[100];
	assert_int_equal(central_ticket_request_parse(j, &tr, err, sizeof err), 0);
	assert_string_equal(tr.service, "B");
	assert_false(tr.priority);
	assert_string_equal(tr.lang, "fr");
	cJSON_Delete(j);
}

static void test_accept_language(void **state)
{
	(void)state;
	assert_string_equal(central_accept_language("fr-CA,fr;q=0.9,en;q=0.8"), "fr");
	assert_string_equal(central_accept_language("en;q=0.3, fr;q=0.2"), "en");
	assert_string_equal(central_accept_language("de, en-GB;q=0.5"), "en");
	assert_null(central_accept_language("de, es"));
	assert_null(central_accept_language("fr;q=0"));
	assert_null(central_accept_language(NULL));
	assert_null(central_accept_language("frx"));
}

static void test_config(void **state)
{
	(void)state;
	struct central_config *c = malloc(sizeof *c);
	char err[160];
	int line = 0;
	assert_non_null(c);
	central_config_defaults(c);
	assert_int_equal(c->category_count, 6);
	const struct central_category *o = central_config_category(c, "objection");
	assert_non_null(o);
	assert_int_equal(o->required & (CENTRAL_FIELD_FIRST_NAME | CENTRAL_FIELD_LAST_NAME |
	                                CENTRAL_FIELD_PHONE | CENTRAL_FIELD_EMAIL),
	                 CENTRAL_FIELD_FIRST_NAME | CENTRAL_FIELD_LAST_NAME | CENTRAL_FIELD_PHONE |
	                     CENTRAL_FIELD_EMAIL);
	assert_int_equal(central_config_category(c, "complaint_agency")->standard_days, 10);
	assert_int_equal(central_config_category(c, "complaint_regulated")->standard_days, 25);
	assert_int_equal(central_config_category(c, "inquiry_general")->standard_days, 2);
	assert_int_equal(central_config_category(c, "inquiry_complex")->standard_days, 30);
	assert_int_equal(central_config_category(c, "feedback")->standard_days, 2);
	assert_true(central_config_api_key_ok(c, "dev-key"));
	assert_false(central_config_api_key_ok(c, "dev-ke"));
	assert_false(central_config_api_key_ok(c, ""));
	assert_string_equal(c->time_zone, "America/Toronto");

	/* The shipped example parses and equals the defaults where it restates them. */
	FILE *f = fopen("assets/config/central.conf.example", "r");
	if (f) {
		static char text[65536];
		size_t n = fread(text, 1, sizeof text, f);
		fclose(f);
		assert_int_equal(central_config_parse(c, text, n, &line, err, sizeof err), 0);
		assert_int_equal(c->category_count, 6);
		assert_int_equal(c->queue_count, 3);
		assert_true(central_config_api_key_ok(c, "change-me-0123456789"));
		assert_false(central_config_api_key_ok(c, "dev-key"));
		assert_int_equal(central_config_category(c, "objection")->required,
		                 CENTRAL_FIELD_FIRST_NAME | CENTRAL_FIELD_LAST_NAME |
		                     CENTRAL_FIELD_PHONE | CENTRAL_FIELD_EMAIL |
		                     CENTRAL_FIELD_DESCRIPTION);
		assert_int_equal(central_config_category(c, "complaint_regulated")->attr_count, 1);
		assert_string_equal(c->time_zone, "America/Toronto");
	}

	const char *text = "[central]\ntime_zone = America/Winnipeg\n"
	                   "[hours]\nopen = 09:00\nclose = 16:00\ndays = mon,wed\n"
	                   "[category x]\nname_fr = X\nstandard = complex_inquiry\n"
	                   "attribute = Y|singlevaluelist|yes|a|b|k1:n1:m1;k2:n2:m2\n"
	                   "[queue D]\ncounters = 3\n";
	central_config_defaults(c);
	assert_int_equal(central_config_parse(c, text, strlen(text), &line, err, sizeof err), 0);
	assert_int_equal(c->category_count, 1);
	assert_int_equal(c->categories[0].standard_days, 30);
	assert_int_equal(c->categories[0].attrs[0].value_count, 2);
	assert_int_equal(c->queue_count, 1);
	assert_int_equal(c->hours.days, (1u << 1) | (1u << 3));
	assert_string_equal(c->time_zone, "America/Winnipeg");
	const char *bad[] = {"[nope]\n",
	                     "[hours]\nopen = 25:00\n",
	                     "key = v\n",
	                     "[queue AB]\n",
	                     "[category x]\nstandard = none\n",
	                     "[hours]\nopen = 17:00\nclose = 08:00\n",
	                     "[category x]\n[category x]\n"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		central_config_defaults(c);
		assert_int_equal(
		    central_config_parse(c, bad[i], strlen(bad[i]), &line, err, sizeof err),
		    -EINVAL);
		/* Left as it was. */
		assert_int_equal(c->category_count, 6);
	}

	/* A file: French values whole, CRLF ends; a bad line refused as FILE:LINE: why. */
	char path[] = "/tmp/accueil-central-conf-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *cf = fdopen(fd, "w");
	assert_non_null(cf);
	fputs("[central]\r\nagency_fr = Service « Accueil » ; étage 2 # nord\r\n", cf);
	fclose(cf);
	central_config_defaults(c);
	assert_int_equal(central_config_load(c, path, err, sizeof err), 0);
	assert_string_equal(c->agency_fr, "Service « Accueil » ; étage 2 # nord");
	cf = fopen(path, "w");
	assert_non_null(cf);
	fputs("[central]\nagency_en = Client services\n[hours]\nopen = 25:00\n", cf);
	fclose(cf);
	central_config_defaults(c);
	assert_int_equal(central_config_load(c, path, err, sizeof err), -EINVAL);
	char want[200];
	snprintf(want, sizeof want, "%s:4: expected HH:MM", path);
	assert_string_equal(err, want);
	unlink(path);
	assert_int_equal(central_config_load(c, path, err, sizeof err), -ENOENT);
	free(c);
}

static int64_t at(const char *iso)
{
	int64_t t;
	assert_int_equal(calendar_parse_iso8601(iso, strlen(iso), &t, NULL), 0);
	return t;
}

static void test_hours(void **state)
{
	(void)state;
	struct central_config *c = malloc(sizeof *c);
	struct central_hours_status s;
	assert_non_null(c);
	central_config_defaults(c);
	central_hours_status(&c->hours, at("2024-03-12T10:00:00-04:00"), &s);
	assert_int_equal(s.state, CENTRAL_HOURS_OPEN);
	assert_true(s.accepting);
	central_hours_status(&c->hours, at("2024-03-12T16:15:00-04:00"), &s);
	assert_int_equal(s.state, CENTRAL_HOURS_CLOSING);
	central_hours_status(&c->hours, at("2024-03-12T16:45:00-04:00"), &s);
	assert_int_equal(s.state, CENTRAL_HOURS_CLOSED);
	assert_false(s.accepting);
	assert_int_equal(s.next_opening, at("2024-03-13T08:30:00-04:00"));
	/* Across the spring change: Friday evening EST to Monday morning EDT. */
	central_hours_status(&c->hours, at("2024-03-08T18:00:00-05:00"), &s);
	assert_int_equal(s.next_opening, at("2024-03-11T08:30:00-04:00"));
	/* Victoria Day 2024 (Monday May 20). */
	central_hours_status(&c->hours, at("2024-05-20T10:00:00-04:00"), &s);
	assert_int_equal(s.next_opening, at("2024-05-21T08:30:00-04:00"));
	int64_t lo, hi;
	central_hours_wait(0, 2, 360, &lo, &hi);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 0);
	central_hours_wait(4, 2, 360, &lo, &hi);
	assert_int_equal(lo, 540);
	assert_int_equal(hi, 900);
	central_hours_wait(4, 0, 360, &lo, &hi);
	assert_int_equal(lo, 1080);
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8),   cmocka_unit_test(test_form),
	    cmocka_unit_test(test_json),   cmocka_unit_test(test_accept_language),
	    cmocka_unit_test(test_config), cmocka_unit_test(test_hours),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
