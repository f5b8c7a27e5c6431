/* Filing a request: the text a visitor types and the checks of each step
 * (firmware/core/flows/complaint.c, firmware/core/textfield.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "firmware/core/flows/complaint.h"
#include "firmware/core/textfield.h"

static struct complaint c;

static int setup(void **state)
{
	(void)state;
	complaint_reset(&c);
	return 0;
}

static void test_description_counts_characters_not_bytes(void **state)
{
	(void)state;
	c.editing = COMPLAINT_DESCRIPTION;
	/* 4 000 « é » (8 000 bytes) fit; the 4 001st character does not. */
	for (int i = 0; i < COMPLAINT_DESC_CHARS; i++)
		assert_int_equal(complaint_type(&c, "é"), 0);
	assert_int_equal(textfield_chars(c.description), COMPLAINT_DESC_CHARS);
	assert_int_equal(complaint_type(&c, "a"), -E2BIG);
	assert_int_equal(textfield_chars(c.description), COMPLAINT_DESC_CHARS);
	assert_null(complaint_check_description(&c));
}

static void test_a_5000_character_paste_is_refused_whole(void **state)
{
	(void)state;
	static char big[5001];
	memset(big, 'x', 5000);
	c.editing = COMPLAINT_DESCRIPTION;
	assert_int_equal(complaint_type(&c, "Bonjour "), 0);
	assert_int_equal(complaint_type(&c, big), -E2BIG);
	assert_string_equal(c.description, "Bonjour "); /* nothing lost, nothing cut */
}

static void test_control_characters_and_bad_utf8_refused(void **state)
{
	(void)state;
	c.editing = COMPLAINT_FIRST_NAME;
	assert_int_equal(complaint_type(&c, "\x1b[31m"), -EILSEQ);
	assert_int_equal(complaint_type(&c, "\xc3"), -EILSEQ);
	assert_int_equal(complaint_type(&c, "\n"), -EILSEQ); /* one line in a name */
	assert_string_equal(c.first_name, "");
	c.editing = COMPLAINT_DESCRIPTION;
	assert_int_equal(complaint_type(&c, "\n"), 0); /* lines in a description */
}

static void test_echo_character_then_word(void **state)
{
	(void)state;
	c.editing = COMPLAINT_DESCRIPTION;
	complaint_type(&c, "É");
	assert_string_equal(c.echo, "É");
	complaint_type(&c, "t");
	complaint_type(&c, "é");
	complaint_type(&c, " ");
	assert_string_equal(c.echo, "Été"); /* the finished word is read back (K6) */
	assert_int_equal(complaint_erase(&c), 0);
	assert_int_equal(complaint_erase(&c), 0);
	assert_string_equal(c.echo, "é"); /* a two-byte character erased whole */
	assert_string_equal(c.description, "Ét");
	complaint_erase(&c);
	complaint_erase(&c);
	assert_int_equal(complaint_erase(&c), -ENOENT);
}

static void test_empty_description_refused(void **state)
{
	(void)state;
	assert_string_equal(complaint_check_description(&c), "complaint.error.empty");
	c.editing = COMPLAINT_DESCRIPTION;
	complaint_type(&c, "   ");
	assert_string_equal(complaint_check_description(&c), "complaint.error.empty");
}

static void test_email_formats(void **state)
{
	(void)state;
	assert_true(complaint_email_ok("lea@example.ca"));
	assert_true(complaint_email_ok("lea.tremblay+kiosk@sub.example.gc.ca"));
	assert_false(complaint_email_ok("lea@example"));
	assert_false(complaint_email_ok("lea.example.ca"));
	assert_false(complaint_email_ok("@example.ca"));
	assert_false(complaint_email_ok("lea@@example.ca"));
	assert_false(complaint_email_ok("léa tremblay@example.ca"));
	assert_false(complaint_email_ok("lea@example..ca"));
	assert_false(complaint_email_ok("lea@example.c4"));
}

static void test_north_american_phones_with_extensions(void **state)
{
	(void)state;
	assert_true(complaint_phone_ok("416-555-0123"));
	assert_true(complaint_phone_ok("(416) 555-0123"));
	assert_true(complaint_phone_ok("4165550123"));
	assert_true(complaint_phone_ok("+1 416 555 0123"));
	assert_true(complaint_phone_ok("1-800-555-0199 ext. 123"));
	assert_true(complaint_phone_ok("416.555.0123 poste 4567"));
	assert_true(complaint_phone_ok("416-555-0123 x12"));
	assert_false(complaint_phone_ok("555-0123"));         /* no area code */
	assert_false(complaint_phone_ok("116-555-0123"));     /* area code starts with 1 */
	assert_false(complaint_phone_ok("416-155-0123"));     /* exchange starts with 1 */
	assert_false(complaint_phone_ok("416-555-01234"));    /* 11 digits not starting with 1 */
	assert_false(complaint_phone_ok("416-555-0123 ext")); /* extension without digits */
	assert_false(complaint_phone_ok("416-555-0123 ext 1234567"));
	assert_false(complaint_phone_ok("four one six"));
}

static void test_objection_needs_every_contact(void **state)
{
	(void)state;
	struct catalogue cat;
	catalogue_builtin(&cat);
	const struct catalogue_item *objection = catalogue_find(&cat, "objection");
	const struct catalogue_item *inquiry = catalogue_find(&cat, "inquiry_general");
	enum complaint_field bad;
	assert_non_null(objection);
	assert_string_equal(complaint_check_contact(&c, objection, &bad),
	                    "complaint.error.contact_required");
	c.consent = COMPLAINT_ANONYMOUS;
	assert_null(complaint_check_contact(&c, inquiry, &bad)); /* anonymous is fine there */
	c.consent = COMPLAINT_CONSENTED;
	snprintf(c.first_name, sizeof(c.first_name), "%s", "Léa");
	snprintf(c.last_name, sizeof(c.last_name), "%s", "Tremblay");
	snprintf(c.phone, sizeof(c.phone), "%s", "416-555-0123");
	assert_string_equal(complaint_check_contact(&c, objection, &bad),
	                    "complaint.error.missing");
	assert_int_equal(bad, COMPLAINT_EMAIL);
	snprintf(c.email, sizeof(c.email), "%s", "lea@example");
	assert_string_equal(complaint_check_contact(&c, objection, &bad), "complaint.error.email");
	snprintf(c.email, sizeof(c.email), "%s", "lea@example.ca");
	assert_null(complaint_check_contact(&c, objection, &bad));
	snprintf(c.phone, sizeof(c.phone), "%s", "555-0123");
	assert_string_equal(complaint_check_contact(&c, inquiry, &bad), "complaint.error.phone");
	assert_int_equal(bad, COMPLAINT_PHONE);
}

static void test_reset_wipes_everything(void **state)
{
	(void)state;
	c.editing = COMPLAINT_DESCRIPTION;
	complaint_type(&c, "secret");
	snprintf(c.email, sizeof(c.email), "%s", "lea@example.ca");
	assert_true(complaint_entered(&c));
	complaint_reset(&c);
	assert_false(complaint_entered(&c));
	static const struct complaint zero = {.picker = -1};
	assert_memory_equal(&c, &zero, sizeof(c));
}

static void test_picker_lists_french_letters_then_done(void **state)
{
	(void)state;
	int n = textfield_picker_count();
	bool cedilla = false, e_acute = false;
	for (int i = TEXTFIELD_PICKER_FIRST; i < n; i++) {
		cedilla |= strcmp(textfield_picker_char(i), "ç") == 0;
		e_acute |= strcmp(textfield_picker_char(i), "é") == 0;
	}
	assert_true(cedilla && e_acute);
	assert_null(textfield_picker_char(0)); /* "done", one Up from the first letter */
	assert_string_equal(textfield_picker_char(TEXTFIELD_PICKER_FIRST), "a");
	assert_null(textfield_picker_char(n));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_description_counts_characters_not_bytes, setup),
	    cmocka_unit_test_setup(test_a_5000_character_paste_is_refused_whole, setup),
	    cmocka_unit_test_setup(test_control_characters_and_bad_utf8_refused, setup),
	    cmocka_unit_test_setup(test_echo_character_then_word, setup),
	    cmocka_unit_test_setup(test_empty_description_refused, setup),
	    cmocka_unit_test_setup(test_email_formats, setup),
	    cmocka_unit_test_setup(test_north_american_phones_with_extensions, setup),
	    cmocka_unit_test_setup(test_objection_needs_every_contact, setup),
	    cmocka_unit_test_setup(test_reset_wipes_everything, setup),
	    cmocka_unit_test_setup(test_picker_lists_french_letters_then_done, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
