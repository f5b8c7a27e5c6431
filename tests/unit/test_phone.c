/* firmware/core/phone.c: which spans of a text are North American phone numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "firmware/core/phone.h"

static void expect_number(const char *text, size_t len, const char *digits, const char *ext)
{
	struct phone_number num;
	memset(&num, 0x55, sizeof(num));
	size_t n = phone_span(text, 0, &num);
	if (n != len)
		fail_msg("\"%s\": span %zu, want %zu", text, n, len);
	assert_string_equal(num.digits, digits);
	assert_string_equal(num.ext, ext);
}

static void expect_none(const char *text)
{
	struct phone_number num = {"keep", "me", 0};
	size_t n = phone_span(text, 0, &num);
	if (n != 0)
		fail_msg("\"%s\" read as a phone number of %zu bytes", text, n);
	assert_string_equal(num.digits, "keep"); /* untouched */
}

static void test_forms(void **state)
{
	(void)state;
	expect_number("1-800-555-0199", 14, "18005550199", "");
	expect_number("1-800-555-0199.", 14, "18005550199", "");
	expect_number("(416) 555-0199 today", 14, "4165550199", "");
	expect_number("416.555.0199", 12, "4165550199", "");
	expect_number("+1 416 555 0199", 15, "14165550199", "");
	expect_number("1 (416) 555-0199", 16, "14165550199", "");
	expect_number("416-555-0199", 12, "4165550199", "");
	expect_number("555-0199", 8, "5550199", "");
	/* French typography: no-break spaces, and a non-breaking hyphen. */
	expect_number("1\u00a0800\u00a0555\u20110199", 18, "18005550199", "");
	expect_number("613\u202f555\u202f0199", 16, "6135550199", "");
}

static void test_extensions(void **state)
{
	(void)state;
	expect_number("1-800-555-0199 ext. 123", 23, "18005550199", "123");
	expect_number("416-555-0199, ext 45.", 20, "4165550199", "45");
	expect_number("416-555-0199 x7", 15, "4165550199", "7");
	expect_number("416-555-0199 poste 123", 22, "4165550199", "123");
	expect_number("416-555-0199 Poste\u00a0123", 23, "4165550199", "123");
	struct phone_number num;
	assert_int_equal(phone_span("(416) 555-0199 ext. 12", 0, &num), 22);
	assert_int_equal(num.number_len, 14);
	/* Not an extension: the number alone. */
	expect_number("416-555-0199 postes", 12, "4165550199", "");
	expect_number("416-555-0199 extra 5", 12, "4165550199", "");
}

static void test_not_numbers(void **state)
{
	(void)state;
	expect_none("4165550199");    /* bare digits: a reference, a count */
	expect_none("482 193 557 6"); /* our grouped references */
	expect_none("2026-11-22");    /* a date */
	expect_none("14 h 30");       /* a time */
	expect_none("555 0199");      /* seven digits need their hyphen */
	expect_none("416-555-01999"); /* too many digits */
	expect_none("416-555-0199a"); /* glued to a word */
	expect_none("1-800");         /* too short */
	expect_none("1 personne");    /* a one and a word */
	expect_none("(416 555-0199"); /* an unclosed parenthesis */
	expect_none("800-5550199");   /* groups as nobody writes them */
	expect_none("");
	assert_int_equal(phone_span(NULL, 0, NULL), 0);
	assert_int_equal(phone_span("1-800-555-0199", 0, NULL), 14);
}

/* Only at a word start: not the tail of another number or of a word. */
static void test_word_start(void **state)
{
	(void)state;
	const char *t = "Tél. : 416-555-0199";
	assert_int_equal(phone_span(t, strlen("Tél. : "), NULL), 12);
	assert_int_equal(phone_span("a416-555-0199", 1, NULL), 0);
	assert_int_equal(phone_span("416-555-0199", 4, NULL), 0); /* "555-0199" inside it */
	assert_int_equal(phone_span("2-416-555-0199", 2, NULL), 0);
	assert_int_equal(phone_span("é416-555-0199", 2, NULL), 0);
	assert_int_equal(phone_span("\u00ab416-555-0199\u00bb", 2, NULL), 12);
	assert_int_equal(phone_span("ligne\u00a0416-555-0199", 7, NULL), 12);
	assert_int_equal(phone_span("\u2011416-555-0199", 3, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_forms),
	    cmocka_unit_test(test_extensions),
	    cmocka_unit_test(test_not_numbers),
	    cmocka_unit_test(test_word_start),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
