/* The status flow (firmware/core/flows/status.c and ui/screens/status_*.c): the reference's
 * check before any network call, the answers, and what is (not) shown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "firmware/core/app.h"
#include "ui/screens/screens.h"
#include "ui/screens/status.h"

static i18n_t *strings;
static struct app app;
static struct app_fx_list fx;
static uint64_t now;

static int setup(void **state)
{
	(void)state;
	if (!strings && i18n_new_builtin(&strings) < 0)
		return -1;
	now = 1000;
	app_init(&app, NULL, strings, &screens_all, now);
	app_session_start(&app, &fx, LANG_EN);
	return 0;
}

static bool send(struct app_event ev)
{
	return app_handle(&app, &ev, now, &fx);
}

static void tap(int item)
{
	send((struct app_event){.type = APP_EV_POINTER_DOWN, .item = item});
	send((struct app_event){.type = APP_EV_POINTER_UP, .item = item});
}

static int find_id(const char *id)
{
	for (int i = 0; i < app.view.count; i++)
		if (app.view.nodes[i].id == view_id(id))
			return i;
	return -1;
}

static int find_text(const char *text)
{
	for (int i = 0; i < app.view.count; i++)
		if (strcmp(app.view.nodes[i].text, text) == 0)
			return i;
	return -1;
}

static bool shown(const char *part)
{
	for (int i = 0; i < app.view.count; i++)
		if (strstr(app.view.nodes[i].text, part) || strstr(app.view.nodes[i].value, part))
			return true;
	return false;
}

static bool asked(enum app_request_kind kind)
{
	for (int i = 0; i < fx.count; i++)
		if (fx.fx[i].type == APP_FX_REQUEST && fx.fx[i].arg == (int)kind)
			return true;
	return false;
}

static void type_touch(const char *digits)
{
	for (const char *p = digits; *p; p++) {
		char k[2] = {*p, 0};
		int i = find_text(k);
		assert_int_not_equal(i, -1);
		tap(i);
	}
}

static void to_entry(void)
{
	tap(find_id("home.status"));
	assert_ptr_equal(app.screen, &screen_status_entry);
}

static void answer(int error, const struct status_answer *a)
{
	send((struct app_event){.type = APP_EV_RESULT,
	                        .result = {.kind = APP_REQ_STATUS,
	                                   .id = app.visit.status.request,
	                                   .error = error,
	                                   .payload = a,
	                                   .payload_len = a ? sizeof(*a) : 0}});
}

static void test_check_says_which_mistake(void **state)
{
	(void)state;
	enum status_kind kind;
	int digits;
	char out[64];
	assert_string_equal(status_check("482193557", &kind, &digits, out, sizeof(out)),
	                    "status.error.length");
	assert_int_equal(digits, 9);
	assert_string_equal(status_check("48219355771", &kind, &digits, out, sizeof(out)),
	                    "status.error.length");
	assert_int_equal(digits, 11);
	assert_string_equal(status_check("4821935576", &kind, &digits, out, sizeof(out)),
	                    "status.error.check");
	assert_string_equal(status_check("", &kind, &digits, out, sizeof(out)),
	                    "status.error.empty");
	assert_null(status_check("482 193 557 7", &kind, &digits, out, sizeof(out)));
	assert_int_equal(kind, STATUS_KIND_NUMERIC);
	assert_string_equal(out, "4821935577");
	/* Other servers' ids come as they are, any length, no check digit. */
	assert_null(status_check("SR-2024-77", &kind, &digits, out, sizeof(out)));
	assert_int_equal(kind, STATUS_KIND_OTHER);
	assert_string_equal(out, "SR-2024-77");
	assert_null(status_check("k7-42", &kind, &digits, out, sizeof(out)));
	assert_int_equal(kind, STATUS_KIND_PROVISIONAL);
	assert_string_equal(out, "K7-42");
}

static void test_wrong_length_is_told_before_any_request(void **state)
{
	(void)state;
	to_entry();
	type_touch("482193557");
	assert_true(shown("482 193 557"));
	tap(find_id("status.look_up"));
	assert_false(asked(APP_REQ_STATUS));
	assert_true(shown("Reference number: 10 digits needed, you entered 9."));
	assert_int_equal(app.view.nodes[app.focus].id, view_id("status.edit"));
	/* A wrong check digit: a typo, said so. */
	type_touch("6");
	tap(find_id("status.look_up"));
	assert_false(asked(APP_REQ_STATUS));
	assert_true(shown("a digit is probably mistyped"));
}

static void test_found_shows_plain_words_and_no_early_date(void **state)
{
	(void)state;
	to_entry();
	type_touch("4821935577");
	tap(find_id("status.look_up"));
	assert_true(asked(APP_REQ_STATUS));
	assert_string_equal(app.visit.status.lookup, "4821935577");
	struct status_answer a = {.progress = STATUS_WAITING_FOR_YOU,
	                          .requested = 1798125900,
	                          .updated = 1798212300,
	                          .expected = 1798125900}; /* not after the filing: not shown */
	snprintf(a.notes, sizeof(a.notes), "%s", "Nous attendons une copie de votre facture.");
	answer(APP_RESULT_OK, &a);
	assert_ptr_equal(app.screen, &screen_status_result);
	assert_true(shown("Status: waiting for you"));
	assert_true(shown("Note from the agency, in French:"));
	int notes = find_id("status.notes.text");
	assert_int_not_equal(notes, -1);
	assert_int_equal(app.view.nodes[notes].lang, LANG_FR);
	assert_true(app.view.nodes[notes].personal);
	assert_int_equal(find_id("status.expected"), -1);
	assert_true(shown("Last update:"));
}

static void test_unknown_down_and_slow_are_honest(void **state)
{
	(void)state;
	static const struct {
		int error;
		const char *says;
	} cases[] = {
	    {APP_RESULT_NOT_FOUND, "No request has this number"},
	    {APP_RESULT_UNREACHABLE, "cannot be reached"},
	    {APP_RESULT_TIMED_OUT, "did not answer in time"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		setup(NULL);
		to_entry();
		type_touch("4821935577");
		tap(find_id("status.look_up"));
		answer(cases[i].error, NULL);
		assert_ptr_equal(app.screen, &screen_status_result);
		assert_true(shown(cases[i].says));
	}
	/* No answer at all: the deadline says so. */
	setup(NULL);
	to_entry();
	type_touch("4821935577");
	tap(find_id("status.look_up"));
	now += 13000;
	send((struct app_event){.type = APP_EV_TICK});
	assert_ptr_equal(app.screen, &screen_status_result);
	assert_true(shown("did not answer in time"));
	/* A late answer changes nothing. */
	struct status_answer a = {.progress = STATUS_IN_PROGRESS};
	answer(APP_RESULT_OK, &a);
	assert_true(shown("did not answer in time"));
}

static void test_provisional_reference_from_the_outbox(void **state)
{
	(void)state;
	to_entry();
	type_touch("K7-42");
	tap(find_id("status.look_up"));
	assert_true(asked(APP_REQ_STATUS));
	assert_int_equal(app.visit.status.kind, STATUS_KIND_PROVISIONAL);
	struct status_answer a = {.outbox = STATUS_OUTBOX_SENT};
	snprintf(a.id, sizeof(a.id), "%s", "4821935577");
	answer(APP_RESULT_OK, &a);
	assert_true(shown("Final reference number"));
	assert_true(shown("4821935577"));
}

static void test_digit_keys_type_and_session_end_wipes(void **state)
{
	(void)state;
	to_entry();
	for (int d = 0; d < 3; d++)
		send((struct app_event){.type = APP_EV_KEY, .key = APP_KEY_DIGIT, .digit = d + 4});
	assert_string_equal(app.visit.status.typed, "456");
	send((struct app_event){.type = APP_EV_KEY, .key = APP_KEY_ERASE});
	assert_string_equal(app.visit.status.typed, "45");
	for (int i = 0; i < 4; i++) {
		now += 200000;
		send((struct app_event){.type = APP_EV_TICK});
		send((struct app_event){.type = APP_EV_SPEECH_DONE});
	}
	assert_false(app.in_session);
	assert_string_equal(app.visit.status.typed, "");
}

static void test_status_language_guess(void **state)
{
	(void)state;
	assert_int_equal(status_text_lang("Votre dossier est à l’étude.", LANG_EN), LANG_FR);
	assert_int_equal(status_text_lang("Your file is being reviewed by the officer.", LANG_FR),
	                 LANG_EN);
	assert_int_equal(status_text_lang("OK", LANG_EN), LANG_EN);
}

/* A ticket's number as typed: a letter then 1 to 3 digits, canonical "A042". */
static void test_ticket_number_check(void **state)
{
	char out[TICKET_ID_MAX];
	(void)state;
	assert_null(ticket_check_number("a42", out, sizeof(out)));
	assert_string_equal(out, "A042");
	assert_null(ticket_check_number("B7", out, sizeof(out)));
	assert_string_equal(out, "B007");
	assert_string_equal(ticket_check_number("", out, sizeof(out)), "ticket.check.error.empty");
	assert_string_equal(ticket_check_number("042", out, sizeof(out)),
	                    "ticket.check.error.letter");
	assert_string_equal(ticket_check_number("A", out, sizeof(out)),
	                    "ticket.check.error.digits");
	assert_string_equal(ticket_check_number("A0421", out, sizeof(out)),
	                    "ticket.check.error.digits");
	assert_string_equal(ticket_check_number("A000", out, sizeof(out)),
	                    "ticket.check.error.digits");
	assert_string_equal(ticket_check_number("A4B", out, sizeof(out)),
	                    "ticket.check.error.digits");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_check_says_which_mistake),
	    cmocka_unit_test_setup(test_wrong_length_is_told_before_any_request, setup),
	    cmocka_unit_test_setup(test_found_shows_plain_words_and_no_early_date, setup),
	    cmocka_unit_test_setup(test_unknown_down_and_slow_are_honest, setup),
	    cmocka_unit_test_setup(test_provisional_reference_from_the_outbox, setup),
	    cmocka_unit_test_setup(test_digit_keys_type_and_session_end_wipes, setup),
	    cmocka_unit_test(test_status_language_guess),
	    cmocka_unit_test(test_ticket_number_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
