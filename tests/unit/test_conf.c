/* The shared "key = value" reader (firmware/core/conf.c): syntax, caps, errors and setters. */
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

#include "firmware/core/conf.h"

/* What the callback saw: every call, the first 16 in full. */
struct seen {
	int calls;
	struct {
		char section[CONF_SECTION_MAX];
		char key[64];
		char value[CONF_LINE_MAX + 1];
		bool header;
		int line;
	} at[16];
	const char *refuse_key; /* refused with -EINVAL and "refused" */
};

static int record(void *user, const char *section, const char *key, char *value, int line,
                  const char **why)
{
	struct seen *s = user;
	if (s->calls < 16) {
		snprintf(s->at[s->calls].section, sizeof s->at[0].section, "%s", section);
		snprintf(s->at[s->calls].key, sizeof s->at[0].key, "%s", key ? key : "");
		snprintf(s->at[s->calls].value, sizeof s->at[0].value, "%s", value ? value : "");
		s->at[s->calls].header = key == NULL;
		s->at[s->calls].line = line;
	}
	s->calls++;
	if (key && s->refuse_key && !strcmp(key, s->refuse_key)) {
		*why = "refused";
		return -EINVAL;
	}
	return 0;
}

static int parse(const char *text, bool keep_going, struct seen *s, struct conf_error *e)
{
	memset(s, 0, sizeof *s);
	return conf_parse(text, strlen(text), keep_going, record, s, e);
}

static void test_entries_sections_and_comments(void **state)
{
	(void)state;
	struct seen s;
	struct conf_error e;
	const char *t = "# comment\n; comment too\n\n  a = 1  \nempty =\n[ category x ]\n"
	                "\tb=two words # not a comment\n";
	assert_int_equal(parse(t, false, &s, &e), 0);
	assert_int_equal(e.code, 0);
	assert_int_equal(s.calls, 4);
	assert_string_equal(s.at[0].section, "");
	assert_string_equal(s.at[0].key, "a");
	assert_string_equal(s.at[0].value, "1");
	assert_int_equal(s.at[0].line, 4);
	assert_string_equal(s.at[1].key, "empty");
	assert_string_equal(s.at[1].value, "");
	assert_true(s.at[2].header);
	assert_string_equal(s.at[2].section, "category x");
	assert_int_equal(s.at[2].line, 6);
	assert_string_equal(s.at[3].section, "category x");
	assert_string_equal(s.at[3].value, "two words # not a comment");
}

static void test_french_values_kept_whole(void **state)
{
	(void)state;
	struct seen s;
	/* « guillemets » with no-break spaces (U+00A0, U+202F), ';' and '#' inside values. */
	const char *v1 = "Bureau « Accueil » ; porte\xc2\xa0"
	                 "B\xe2\x80\xaf!";
	const char *v2 = "https://exemple.ca/aide#fr;v=2";
	char t[256];
	snprintf(t, sizeof t, "agency_fr = %s\nurl = %s\nattr = k1:n1:m1;k2:n2:m2\n", v1, v2);
	assert_int_equal(parse(t, false, &s, NULL), 0);
	assert_string_equal(s.at[0].value, v1);
	assert_string_equal(s.at[1].value, v2);
	assert_string_equal(s.at[2].value, "k1:n1:m1;k2:n2:m2");
	char out[64];
	assert_int_equal(conf_set_str(out, sizeof out, s.at[0].value, NULL), 0);
	assert_string_equal(out, v1);
}

static void test_crlf_and_bom(void **state)
{
	(void)state;
	struct seen s;
	const char *t = "\xEF\xBB\xBFkey = value\r\n[sec]\r\nother = x\r\nlast = y";
	assert_int_equal(parse(t, false, &s, NULL), 0);
	assert_int_equal(s.calls, 4);
	assert_string_equal(s.at[0].key, "key"); /* the mark is not part of the first key */
	assert_string_equal(s.at[0].value, "value");
	assert_string_equal(s.at[1].section, "sec");
	assert_string_equal(s.at[2].value, "x");
	assert_string_equal(s.at[3].value, "y");
	assert_int_equal(s.at[3].line, 4);
}

static void test_over_long_line_is_an_error(void **state)
{
	(void)state;
	struct seen s;
	struct conf_error e;
	static char t[CONF_LINE_MAX + 48];
	size_t n = CONF_LINE_MAX + 10;
	memcpy(t, "key = ", 6);
	memset(t + 6, 'x', n - 6);
	memcpy(t + n, "\nnext = 1\n", 11);
	/* Stopping: nothing of the long line reaches the callback, not even cut short. */
	assert_int_equal(parse(t, false, &s, &e), CONF_ELONG);
	assert_int_equal(s.calls, 0);
	assert_int_equal(e.line, 1);
	assert_string_equal(e.why, "line too long");
	/* Going on: the long line is skipped whole and the next one is read. */
	assert_int_equal(parse(t, true, &s, &e), CONF_ELONG);
	assert_int_equal(s.calls, 1);
	assert_string_equal(s.at[0].key, "next");
	assert_int_equal(s.at[0].line, 2);
	/* Exactly CONF_LINE_MAX bytes (plus "\r\n") is within the cap. */
	memcpy(t + CONF_LINE_MAX, "\r\n", 3);
	assert_int_equal(parse(t, false, &s, &e), 0);
	assert_int_equal(strlen(s.at[0].value), CONF_LINE_MAX - 6);
}

static void test_syntax_errors(void **state)
{
	(void)state;
	struct seen s;
	struct conf_error e;
	char msg[128];
	assert_int_equal(parse("a = 1\nno equals sign\nb = 2\n", false, &s, &e), CONF_ENOEQUAL);
	assert_int_equal(e.line, 2);
	assert_int_equal(s.calls, 1);
	conf_error_format(&e, "kiosk.conf", msg, sizeof msg);
	assert_string_equal(msg, "kiosk.conf:2: expected key = value");
	assert_int_equal(parse(" = value\n", false, &s, &e), CONF_ENOEQUAL);
	const char *bad_headers[] = {"[central\n", "[central] x\n", "[]\n", "[  ]\n", "[a]b]\n"};
	for (size_t i = 0; i < sizeof bad_headers / sizeof bad_headers[0]; i++) {
		assert_int_equal(parse(bad_headers[i], false, &s, &e), CONF_ESECTION);
		assert_int_equal(e.line, 1);
		assert_int_equal(s.calls, 0);
	}
	char longname[CONF_SECTION_MAX + 8];
	memset(longname, 'n', sizeof longname);
	longname[0] = '[';
	memcpy(longname + sizeof longname - 3, "]\n", 3);
	assert_int_equal(parse(longname, false, &s, &e), CONF_ESECTION);
	assert_int_equal(conf_parse("a = 1\0b = 2\n", 12, false, record, &s, &e), -EILSEQ);
	conf_error_format(&e, NULL, msg, sizeof msg);
	assert_string_equal(msg, "line 1: NUL byte in line");
}

static void test_keep_going_reports_the_first_error(void **state)
{
	(void)state;
	struct seen s;
	struct conf_error e;
	memset(&s, 0, sizeof s);
	s.refuse_key = "bad";
	const char *t = "a = 1\nbad = x\n[oops\nc = 3\n[ok]\nd = 4\n";
	assert_int_equal(conf_parse(t, strlen(t), true, record, &s, &e), -EINVAL);
	assert_int_equal(e.line, 2);
	assert_string_equal(e.why, "refused");
	/* a, bad, then c is skipped (under a malformed header), ok and d are read. */
	assert_int_equal(s.calls, 4);
	assert_string_equal(s.at[2].section, "ok");
	assert_string_equal(s.at[3].key, "d");
	/* Stopping at the first error: nothing after line 2. */
	memset(&s, 0, sizeof s);
	s.refuse_key = "bad";
	assert_int_equal(conf_parse(t, strlen(t), false, record, &s, &e), -EINVAL);
	assert_int_equal(s.calls, 2);
}

static char *lines_of(int count, size_t *len)
{
	char *t = malloc((size_t)count * 16 + 1);
	size_t n = 0;
	assert_non_null(t);
	for (int i = 0; i < count; i++)
		n += (size_t)snprintf(t + n, 17, "k%d = %d\n", i % 1000, i);
	*len = n;
	return t;
}

static void test_caps_on_lines_and_bytes(void **state)
{
	(void)state;
	struct seen s;
	struct conf_error e;
	size_t len;
	char *t = lines_of(5000, &len);
	memset(&s, 0, sizeof s);
	assert_int_equal(conf_parse(t, len, false, record, &s, &e), 0);
	assert_int_equal(s.calls, 5000);
	free(t);
	t = lines_of(CONF_LINES_MAX + 1, &len);
	memset(&s, 0, sizeof s);
	assert_int_equal(conf_parse(t, len, true, record, &s, &e), -E2BIG);
	assert_int_equal(s.calls, 0);
	assert_string_equal(e.why, "too many lines");
	free(t);
	/* Over the byte cap: refused whole, even with few lines. */
	char *big = malloc(CONF_BYTES_MAX + 1);
	assert_non_null(big);
	memset(big, '#', CONF_BYTES_MAX + 1);
	assert_int_equal(conf_parse(big, CONF_BYTES_MAX + 1, true, record, &s, &e), -E2BIG);
	assert_int_equal(e.line, 0);

	/* The file loader: within and over the cap, missing. */
	char path[] = "/tmp/accueil-conf-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, big, CONF_BYTES_MAX), CONF_BYTES_MAX);
	char *text = NULL;
	assert_int_equal(conf_read_file(path, &text, &len), 0);
	assert_int_equal(len, CONF_BYTES_MAX);
	assert_int_equal(text[len], '\0');
	free(text);
	assert_int_equal(write(fd, "\n", 1), 1);
	close(fd);
	text = NULL;
	assert_int_equal(conf_read_file(path, &text, &len), -E2BIG);
	assert_null(text);
	unlink(path);
	assert_int_equal(conf_read_file(path, &text, &len), -ENOENT);
	free(big);
}

static void test_setters(void **state)
{
	(void)state;
	char buf[8] = "keep";
	const char *why = NULL;
	assert_int_equal(conf_set_str(buf, sizeof buf, "1234567", &why), 0);
	assert_string_equal(buf, "1234567");
	assert_int_equal(conf_set_str(buf, sizeof buf, "12345678", &why), -EMSGSIZE);
	assert_string_equal(why, "value too long");
	assert_string_equal(buf, "1234567");
	assert_int_equal(conf_set_str(buf, sizeof buf, "\xc3(", &why), -EILSEQ);
	assert_int_equal(conf_set_str(buf, sizeof buf, "a\tb", &why), -EILSEQ);
	assert_int_equal(conf_set_str(buf, sizeof buf, "", NULL), 0);
	assert_string_equal(buf, "");

	int n = 7;
	assert_int_equal(conf_set_int(&n, "-5", -10, 10, &why), 0);
	assert_int_equal(n, -5);
	assert_int_equal(conf_set_int(&n, "11", -10, 10, &why), -ERANGE);
	assert_int_equal(conf_set_int(&n, "99999999999999999999", -10, 10, &why), -ERANGE);
	assert_int_equal(conf_set_int(&n, "3x", -10, 10, &why), -EINVAL);
	assert_int_equal(conf_set_int(&n, "", -10, 10, &why), -EINVAL);
	assert_string_equal(why, "expected a whole number");
	assert_int_equal(n, -5);

	const char *yes[] = {"yes", "true", "on", "1"}, *no[] = {"no", "false", "off", "0"};
	for (size_t i = 0; i < 4; i++) {
		bool b = false;
		assert_int_equal(conf_set_bool(&b, yes[i], NULL), 0);
		assert_true(b);
		assert_int_equal(conf_set_bool(&b, no[i], NULL), 0);
		assert_false(b);
	}
	bool b = true;
	assert_int_equal(conf_set_bool(&b, "oui", &why), -EINVAL);
	assert_string_equal(why, "expected yes or no");
	assert_true(b);

	uint32_t ms = 1;
	assert_int_equal(conf_set_ms(&ms, "90", 10, 3600, 1000, NULL), 0);
	assert_int_equal(ms, 90000);
	assert_int_equal(conf_set_ms(&ms, "300", 0, 500, 1, NULL), 0);
	assert_int_equal(ms, 300);
	assert_int_equal(conf_set_ms(&ms, "5", 10, 3600, 1000, NULL), -ERANGE);
	assert_int_equal(conf_set_ms(&ms, "5000000", 0, 5000000, 1000, NULL), -ERANGE);
	assert_int_equal(ms, 300);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_entries_sections_and_comments),
	    cmocka_unit_test(test_french_values_kept_whole),
	    cmocka_unit_test(test_crlf_and_bom),
	    cmocka_unit_test(test_over_long_line_is_an_error),
	    cmocka_unit_test(test_syntax_errors),
	    cmocka_unit_test(test_keep_going_reports_the_first_error),
	    cmocka_unit_test(test_caps_on_lines_and_bytes),
	    cmocka_unit_test(test_setters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
