/* The state machine, fed events on a manual clock: screens, focus, keys, time-outs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "firmware/core/app.h"

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
	app_init(&app, NULL, strings, now);
	return 0;
}

static bool send(enum app_event_type type, enum app_key key, int digit, int item)
{
	struct app_event ev = {.type = type, .key = key, .digit = digit, .item = item};
	return app_handle(&app, &ev, now, &fx);
}

static void key(enum app_key k)
{
	send(APP_EV_KEY, k, 0, -1);
}

static void tap(int item)
{
	send(APP_EV_POINTER_DOWN, APP_KEY_NONE, 0, item);
	send(APP_EV_POINTER_UP, APP_KEY_NONE, 0, item);
}

/* A tap, or in speech mode (where a tap only explores) a double tap. */
static void press(int item)
{
	tap(item);
	if (app.speech_mode)
		tap(item);
}

static bool has_fx(enum app_fx_type type, const char *fx_key)
{
	for (int i = 0; i < fx.count; i++)
		if (fx.fx[i].type == type &&
		    (!fx_key || (fx.fx[i].key && strcmp(fx.fx[i].key, fx_key) == 0)))
			return true;
	return false;
}

static int find_action(int action)
{
	for (int i = 0; i < app.view.count; i++)
		if (app.view.nodes[i].action == action)
			return i;
	return -1;
}

static void speech_done(void)
{
	send(APP_EV_SPEECH_DONE, APP_KEY_NONE, 0, -1);
}

static void advance(uint64_t ms)
{
	now += ms;
	send(APP_EV_TICK, APP_KEY_NONE, 0, -1);
}

static void test_attract_is_bilingual(void **state)
{
	(void)state;
	assert_int_equal(app.screen, APP_SCREEN_ATTRACT);
	assert_string_equal(app.view.nodes[0].text, "Bonjour");
	assert_string_equal(app.view.nodes[0].text2, "Hello");
	assert_int_not_equal(find_action(APP_ACT_LANG_FR), -1);
	assert_int_not_equal(find_action(APP_ACT_LANG_EN), -1);
	assert_int_not_equal(find_action(APP_ACT_HELP), -1);
	assert_int_not_equal(find_action(APP_ACT_STAFF), -1);
}

static void test_touch_language_starts_session_without_speech(void **state)
{
	(void)state;
	tap(find_action(APP_ACT_LANG_EN));
	assert_int_equal(app.screen, APP_SCREEN_HOME);
	assert_true(app.in_session);
	assert_int_equal(app.settings.lang, LANG_EN);
	assert_false(app.speech_mode);
	assert_false(has_fx(APP_FX_SPEAK_SCREEN, NULL));
	assert_string_equal(app.view.nodes[0].text, "How can we help you?");
}

static void test_first_key_starts_speech_and_is_spent(void **state)
{
	(void)state;
	key(APP_KEY_DOWN);
	assert_true(app.speech_mode);
	assert_int_equal(app.focus, 0);
	assert_true(has_fx(APP_FX_SPEAK_KEY, "attract.hint"));
	key(APP_KEY_DOWN);
	assert_int_equal(app.focus, 1);
	assert_true(has_fx(APP_FX_STOP_SPEECH, NULL));
	assert_true(has_fx(APP_FX_SPEAK_FOCUS, NULL));
	assert_true(has_fx(APP_FX_CUE, NULL));
}

static void test_digit_chooses_language(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 1, -1);
	assert_int_equal(app.screen, APP_SCREEN_HOME);
	assert_int_equal(app.settings.lang, LANG_FR);
	assert_true(app.speech_mode);
	assert_true(has_fx(APP_FX_SPEAK_SCREEN, NULL));
	assert_string_equal(app.view.nodes[0].text, "Comment pouvons-nous vous aider\u202f?");
}

static void test_no_wrap_and_escalating_hint(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	key(APP_KEY_UP);
	assert_int_equal(app.focus, 0);
	assert_true(has_fx(APP_FX_SPEAK_KEY, "nav.first"));
	key(APP_KEY_UP);
	assert_true(has_fx(APP_FX_SPEAK_KEY, "nav.first.hint"));
	for (int i = 0; i < app.view.count + 2; i++)
		key(APP_KEY_DOWN);
	assert_int_equal(app.focus, app.view.count - 1);
	assert_true(has_fx(APP_FX_SPEAK_KEY, "nav.last.hint"));
}

static void test_every_screen_has_help_and_staff(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	enum app_screen seen[] = {APP_SCREEN_HOME, APP_SCREEN_HELP, APP_SCREEN_KEYPAD,
	                          APP_SCREEN_TUTORIAL};
	for (size_t i = 0; i < sizeof(seen) / sizeof(seen[0]); i++) {
		assert_int_equal(app.screen, seen[i]);
		assert_int_not_equal(find_action(APP_ACT_HELP), -1);
		assert_int_not_equal(find_action(APP_ACT_STAFF), -1);
		now += 1000; /* not a double press */
		key(APP_KEY_HELP);
	}
}

static void test_help_twice_stops_speech_only(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	key(APP_KEY_HELP);
	assert_int_equal(app.screen, APP_SCREEN_HELP);
	now += 200;
	key(APP_KEY_HELP);
	assert_int_equal(app.screen, APP_SCREEN_HELP);
	assert_true(has_fx(APP_FX_STOP_SPEECH, NULL));
	assert_false(has_fx(APP_FX_SPEAK_SCREEN, NULL));
}

static void test_back_returns_with_focus(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	key(APP_KEY_DOWN);
	key(APP_KEY_DOWN);
	int focus = app.focus;
	key(APP_KEY_HELP);
	key(APP_KEY_BACK);
	assert_int_equal(app.screen, APP_SCREEN_HOME);
	assert_int_equal(app.focus, focus);
	key(APP_KEY_BACK);
	assert_true(has_fx(APP_FX_SPEAK_KEY, "nav.first_screen"));
}

static void test_switch_language_anywhere(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	key(APP_KEY_HELP);
	key(APP_KEY_LANG);
	assert_int_equal(app.settings.lang, LANG_FR);
	assert_int_equal(app.screen, APP_SCREEN_HELP);
	assert_string_equal(app.view.nodes[0].text, "Aide");
	/* the switch is labelled in the language it switches to */
	int sw = find_action(APP_ACT_SWITCH_LANG);
	assert_int_equal(app.view.nodes[sw].lang, LANG_EN);
	assert_string_equal(app.view.nodes[sw].text, "English");
}

static void test_staff_call_is_reported(void **state)
{
	(void)state;
	tap(find_action(APP_ACT_STAFF));
	assert_int_equal(app.screen, APP_SCREEN_STAFF);
	assert_true(has_fx(APP_FX_STAFF_CALL, NULL));
	assert_int_equal(app.staff_calls, 1);
	tap(find_action(APP_ACT_STAFF_CANCEL));
	assert_int_equal(app.screen, APP_SCREEN_ATTRACT);
}

static void test_tutorial_teaches_keys(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	key(APP_KEY_HELP);
	now += 1000;
	press(find_action(APP_ACT_TUTORIAL));
	assert_int_equal(app.screen, APP_SCREEN_TUTORIAL);
	key(APP_KEY_UP); /* wrong: Down expected */
	assert_true(has_fx(APP_FX_SPEAK_KEY, "tutorial.wrong"));
	assert_int_equal(app.tutorial_step, 0);
	enum app_key seq[] = {APP_KEY_DOWN, APP_KEY_UP, APP_KEY_ACTION, APP_KEY_HELP, APP_KEY_BACK};
	for (size_t i = 0; i < 5; i++) {
		now += 1000;
		key(seq[i]);
	}
	assert_true(has_fx(APP_FX_SPEAK_KEY, "tutorial.done"));
	assert_int_equal(app.screen, APP_SCREEN_HELP);
}

static void test_options_toggle_and_reset_at_session_end(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	key(APP_KEY_HELP);
	press(find_action(APP_ACT_OPTIONS));
	int large = find_action(APP_ACT_TOGGLE_LARGE);
	press(large);
	assert_true(app.settings.large_text);
	assert_int_equal(app.view.nodes[large].state, VIEW_STATE_CHECKED);
	key(APP_KEY_VOL_UP);
	key(APP_KEY_VOL_UP);
	assert_int_equal(app.settings.volume, APP_VOLUME_DEFAULT + 20);
	key(APP_KEY_LANG);
	assert_int_equal(app.settings.lang, LANG_FR);
	/* End: everything back to the defaults (A4), on the attract screen */
	app.screen = APP_SCREEN_HOME;
	app.depth = 0;
	send(APP_EV_TICK, APP_KEY_NONE, 0, -1);
	press(find_action(APP_ACT_END_SESSION));
	assert_int_equal(app.screen, APP_SCREEN_ATTRACT);
	assert_false(app.settings.large_text);
	assert_false(app.speech_mode);
	assert_int_equal(app.settings.volume, APP_VOLUME_DEFAULT);
	assert_int_equal(app.settings.lang, LANG_FR);
	assert_true(has_fx(APP_FX_SESSION_END, NULL));
}

static void test_volume_never_silent(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	for (int i = 0; i < 15; i++)
		key(APP_KEY_VOL_DOWN);
	assert_int_equal(app.settings.volume, 10);
	assert_true(has_fx(APP_FX_SPEAK_KEY, "volume.min"));
	for (int i = 0; i < 15; i++)
		key(APP_KEY_VOL_UP);
	assert_int_equal(app.settings.volume, 100);
	assert_true(has_fx(APP_FX_SPEAK_KEY, "volume.max"));
}

static void test_timeout_warns_extends_and_resets(void **state)
{
	(void)state;
	tap(find_action(APP_ACT_LANG_EN)); /* touch visitor: 90 s */
	assert_int_equal(app_next_deadline(&app), now + 90000);
	advance(89999);
	assert_int_equal(app.screen, APP_SCREEN_HOME);
	advance(1);
	assert_int_equal(app.screen, APP_SCREEN_TIMEOUT);
	assert_true(has_fx(APP_FX_SPEAK_SCREEN, NULL)); /* spoken even without speech mode */
	assert_true(has_fx(APP_FX_CUE, NULL));
	/* timers count from the end of speech */
	advance(40000);
	assert_int_equal(app.screen, APP_SCREEN_TIMEOUT);
	speech_done();
	/* extendable many times */
	for (int i = 0; i < 12; i++) {
		tap(2);
		assert_int_equal(app.screen, APP_SCREEN_HOME);
		speech_done();
		advance(90000);
		assert_int_equal(app.screen, APP_SCREEN_TIMEOUT);
		speech_done();
	}
	assert_int_equal(app.extensions, 12);
	advance(29999);
	assert_int_equal(app.screen, APP_SCREEN_TIMEOUT);
	advance(1);
	assert_int_equal(app.screen, APP_SCREEN_ATTRACT);
	assert_false(app.in_session);
	assert_int_equal(app.sessions, 1);
}

static void test_speech_mode_waits_longer(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	speech_done();
	advance(90000);
	assert_int_equal(app.screen, APP_SCREEN_HOME);
	advance(90000);
	assert_int_equal(app.screen, APP_SCREEN_TIMEOUT);
}

static void test_headphones_start_speech_and_hint_loops(void **state)
{
	(void)state;
	send(APP_EV_HEADPHONES_IN, APP_KEY_NONE, 0, -1);
	assert_true(app.speech_mode);
	assert_true(has_fx(APP_FX_ROUTE, NULL));
	assert_int_equal(fx.fx[1].type, APP_FX_ROUTE);
	assert_int_equal(fx.fx[1].arg, 1);
	assert_true(has_fx(APP_FX_SPEAK_KEY, "attract.greeting"));
	speech_done();
	uint64_t due = app_next_deadline(&app);
	assert_true(due > now && due <= now + 10000);
	now = due;
	send(APP_EV_TICK, APP_KEY_NONE, 0, -1);
	assert_true(has_fx(APP_FX_SPEAK_KEY, "attract.hint"));
	send(APP_EV_HEADPHONES_OUT, APP_KEY_NONE, 0, -1);
	assert_false(app.speech_mode);
	assert_int_equal(app_next_deadline(&app), UINT64_MAX);
}

static void test_touch_explores_in_speech_mode(void **state)
{
	(void)state;
	send(APP_EV_HEADPHONES_IN, APP_KEY_NONE, 0, -1);
	int en = find_action(APP_ACT_LANG_EN);
	send(APP_EV_POINTER_DOWN, APP_KEY_NONE, 0, en);
	send(APP_EV_POINTER_UP, APP_KEY_NONE, 0, en);
	assert_int_equal(app.screen, APP_SCREEN_ATTRACT); /* explored, not activated */
	assert_int_equal(app.focus, en);
	assert_int_equal(app.view.lang, LANG_EN);
	now += 200;
	tap(en); /* double tap activates */
	assert_int_equal(app.screen, APP_SCREEN_HOME);
	assert_int_equal(app.settings.lang, LANG_EN);
}

static void test_release_elsewhere_does_not_activate(void **state)
{
	(void)state;
	int fr = find_action(APP_ACT_LANG_FR);
	send(APP_EV_POINTER_DOWN, APP_KEY_NONE, 0, fr);
	assert_int_equal(app.screen, APP_SCREEN_ATTRACT); /* nothing on press */
	send(APP_EV_POINTER_MOVE, APP_KEY_NONE, 0, -1);
	send(APP_EV_POINTER_UP, APP_KEY_NONE, 0, fr);
	assert_int_equal(app.screen, APP_SCREEN_ATTRACT);
}

static void test_double_strike_filter(void **state)
{
	(void)state;
	app.cfg.double_strike_ms = 300;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	key(APP_KEY_DOWN);
	int f = app.focus;
	now += 100;
	assert_false(send(APP_EV_KEY, APP_KEY_DOWN, 0, -1));
	assert_int_equal(app.focus, f);
	now += 400;
	key(APP_KEY_DOWN);
	assert_int_equal(app.focus, f + 1);
}

static void test_staff_call_waits_says_one_moment_then_outcome(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	uint64_t t0 = now;
	press(find_action(APP_ACT_STAFF));
	assert_true(has_fx(APP_FX_STAFF_CALL, NULL));
	assert_string_equal(app.view.nodes[0].text, "Calling a staff member");
	assert_false(app_working(&app, now));
	assert_int_equal(app_next_deadline(&app), t0 + 1000);
	now = t0 + 1000;
	send(APP_EV_TICK, APP_KEY_NONE, 0, -1);
	assert_true(has_fx(APP_FX_SPEAK_KEY, "net.one_moment"));
	assert_true(app_working(&app, now));
	now = app_next_deadline(&app);
	assert_int_equal(now, t0 + 3500);
	send(APP_EV_TICK, APP_KEY_NONE, 0, -1);
	assert_true(has_fx(APP_FX_CUE, NULL)); /* the soft progress tone */
	send(APP_EV_NET_DONE, APP_KEY_NONE, 0, 1);
	assert_false(app.waiting);
	assert_int_equal(app.staff_state, APP_STAFF_SENT);
	assert_string_equal(app.view.nodes[0].text, "A staff member is on the way");
	assert_true(has_fx(APP_FX_SPEAK_NODE, NULL));
}

static void test_staff_failure_is_said_even_without_speech_mode(void **state)
{
	(void)state;
	app.cfg.contact_phone[0] = '\0';
	snprintf(app.cfg.contact_tty, sizeof(app.cfg.contact_tty), "%s", "1-800-555-0198");
	tap(find_action(APP_ACT_LANG_FR));
	tap(find_action(APP_ACT_STAFF));
	send(APP_EV_NET_DONE, APP_KEY_NONE, 0, 0);
	assert_int_equal(app.staff_state, APP_STAFF_FAILED);
	assert_true(has_fx(APP_FX_SPEAK_NODE, NULL));
	bool found = false;
	for (int i = 0; i < app.view.count; i++)
		found |= strstr(app.view.nodes[i].text, "ATS\u00a0: 1-800-555-0198.") != NULL &&
		         strstr(app.view.nodes[i].text, "Téléphone") == NULL;
	assert_true(found);
}

static void test_notices_on_home_closures_first(void **state)
{
	(void)state;
	struct app_notice n[2];
	memset(n, 0, sizeof(n));
	snprintf(n[0].reason[LANG_FR], APP_NOTICE_TEXT_MAX, "%s", "Ascenseur en panne.");
	snprintf(n[0].reason[LANG_EN], APP_NOTICE_TEXT_MAX, "%s", "Elevator out of order.");
	n[1].closure = true;
	snprintf(n[1].reason[LANG_EN], APP_NOTICE_TEXT_MAX, "%s", "Closed at noon.");
	send(APP_EV_KEY, APP_KEY_DIGIT, 1, -1);
	speech_done();
	assert_true(app_set_notices(&app, n, 2, now, &fx));
	assert_int_equal(app.view.nodes[1].role, VIEW_ROLE_ALERT);
	/* only in English at the central: shown as it came and said in the English voice */
	assert_string_equal(app.view.nodes[1].text, "Closed at noon.");
	assert_int_equal(app.view.nodes[1].lang, LANG_EN);
	assert_string_equal(app.view.nodes[2].text, "Ascenseur en panne.");
	assert_true(has_fx(APP_FX_SPEAK_NODE, NULL));
	/* the same notices again change nothing */
	assert_false(app_set_notices(&app, n, 2, now, &fx));
	assert_int_equal(fx.count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_attract_is_bilingual, setup),
	    cmocka_unit_test_setup(test_touch_language_starts_session_without_speech, setup),
	    cmocka_unit_test_setup(test_first_key_starts_speech_and_is_spent, setup),
	    cmocka_unit_test_setup(test_digit_chooses_language, setup),
	    cmocka_unit_test_setup(test_no_wrap_and_escalating_hint, setup),
	    cmocka_unit_test_setup(test_every_screen_has_help_and_staff, setup),
	    cmocka_unit_test_setup(test_help_twice_stops_speech_only, setup),
	    cmocka_unit_test_setup(test_back_returns_with_focus, setup),
	    cmocka_unit_test_setup(test_switch_language_anywhere, setup),
	    cmocka_unit_test_setup(test_staff_call_is_reported, setup),
	    cmocka_unit_test_setup(test_tutorial_teaches_keys, setup),
	    cmocka_unit_test_setup(test_options_toggle_and_reset_at_session_end, setup),
	    cmocka_unit_test_setup(test_volume_never_silent, setup),
	    cmocka_unit_test_setup(test_timeout_warns_extends_and_resets, setup),
	    cmocka_unit_test_setup(test_speech_mode_waits_longer, setup),
	    cmocka_unit_test_setup(test_headphones_start_speech_and_hint_loops, setup),
	    cmocka_unit_test_setup(test_touch_explores_in_speech_mode, setup),
	    cmocka_unit_test_setup(test_release_elsewhere_does_not_activate, setup),
	    cmocka_unit_test_setup(test_double_strike_filter, setup),
	    cmocka_unit_test_setup(test_staff_call_waits_says_one_moment_then_outcome, setup),
	    cmocka_unit_test_setup(test_staff_failure_is_said_even_without_speech_mode, setup),
	    cmocka_unit_test_setup(test_notices_on_home_closures_first, setup),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free(strings);
	return rc;
}
