/* The state machine, fed events on a manual clock: screens, focus, keys, time-outs. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "firmware/core/app.h"
#include "ui/screens/complaint.h"
#include "ui/screens/screens.h"

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

/* Screen-local actions (see the screen files). */
#define ACT_LANG_FR       APP_ACT_SCREEN
#define ACT_LANG_EN       (APP_ACT_SCREEN + 1)
#define ACT_OPTIONS_LARGE APP_ACT_SCREEN

static int find_go(const struct screen_def *to)
{
	for (int i = 0; i < app.view.count; i++)
		if (app.view.nodes[i].action == APP_ACT_GO && app.view.nodes[i].go == to)
			return i;
	return -1;
}

/* The answer to the last request the core made. */
static bool staff_result(int error)
{
	struct app_event ev = {
	    .type = APP_EV_RESULT,
	    .result = {.kind = APP_REQ_STAFF_CALL, .id = app.last_request, .error = error}};
	return app_handle(&app, &ev, now, &fx);
}

static bool notices(const struct app_notice *n, int count)
{
	struct app_event ev = {.type = APP_EV_NOTICES, .notices = n, .notice_count = count};
	return app_handle(&app, &ev, now, &fx);
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
	assert_ptr_equal(app.screen, &screen_attract);
	assert_string_equal(app.view.nodes[0].text, "Bonjour");
	assert_string_equal(app.view.nodes[0].text2, "Hello");
	assert_int_not_equal(find_action(ACT_LANG_FR), -1);
	assert_int_not_equal(find_action(ACT_LANG_EN), -1);
	assert_int_not_equal(find_action(APP_ACT_HELP), -1);
	assert_int_not_equal(find_action(APP_ACT_STAFF), -1);
}

static int find_id(const char *id)
{
	for (int i = 0; i < app.view.count; i++)
		if (app.view.nodes[i].id == view_id(id))
			return i;
	return -1;
}

/* Issue 12: the attract screen shows no focus ring to a passer-by; the first key (which
 * starts speech, A1) brings it. */
static void test_attract_ring_only_after_a_key(void **state)
{
	(void)state;
	assert_ptr_equal(app.screen, &screen_attract);
	assert_true(app.view.focus >= 0); /* kept for keys and speech, only not drawn */
	assert_true(app.view.focus_hidden);
	assert_true(app.view.centered);
	key(APP_KEY_DOWN);
	assert_ptr_equal(app.screen, &screen_attract);
	assert_false(app.view.focus_hidden);
	/* the next screens draw their ring as before */
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	assert_ptr_not_equal(app.screen, &screen_attract);
	assert_false(app.view.focus_hidden);
	assert_false(app.view.centered);
}

/* Issue 12: the keypad's digits are signage (a pictogram and a small bilingual line), not the
 * touch invitation; the agency's name shows only when configured. */
static void test_attract_signage_and_agency(void **state)
{
	(void)state;
	int sign = find_id("attract.sign");
	assert_int_not_equal(sign, -1);
	const struct view_node *n = &app.view.nodes[sign];
	assert_int_equal(n->icon, VIEW_ICON_JACK_KEYPAD);
	assert_int_equal(n->size, VIEW_SIZE_SMALL);
	assert_int_equal(n->lang, LANG_FR);
	assert_non_null(strstr(n->text, "casque"));
	assert_non_null(strstr(n->text, "appuyez sur 1"));
	assert_non_null(strstr(n->text2, "headphones"));
	assert_non_null(strstr(n->text2, "press 2"));
	for (int i = 0; i < app.view.count; i++) {
		if (i == sign)
			continue;
		assert_null(strstr(app.view.nodes[i].text, "appuyez sur 1"));
		assert_null(strstr(app.view.nodes[i].text, "press 2"));
	}
	assert_int_equal(find_id("attract.agency"), -1);

	struct app_config cfg;
	app_config_defaults(&cfg);
	snprintf(cfg.agency[LANG_FR], sizeof(cfg.agency[LANG_FR]), "%s", "Ville d’Exemple");
	snprintf(cfg.agency[LANG_EN], sizeof(cfg.agency[LANG_EN]), "%s", "City of Example");
	app_init(&app, &cfg, strings, &screens_all, now);
	int ag = find_id("attract.agency");
	assert_int_equal(ag, 0); /* first, above the greeting */
	assert_string_equal(app.view.nodes[ag].text, "Ville d’Exemple");
	assert_string_equal(app.view.nodes[ag].text2, "City of Example");
	assert_int_equal(app.view.nodes[ag].icon, VIEW_ICON_NONE);
	cfg.logo = true;
	snprintf(cfg.agency[LANG_EN], sizeof(cfg.agency[LANG_EN]), "%s", "Ville d’Exemple");
	app_init(&app, &cfg, strings, &screens_all, now);
	ag = find_id("attract.agency");
	assert_string_equal(app.view.nodes[ag].text2, ""); /* the same name is not shown twice */
	assert_int_equal(app.view.nodes[ag].icon, VIEW_ICON_LOGO);
}

/* Before a language is chosen, help and everything else is said in both languages,
 * each in its own voice; so are the edge hints (issue 12). */
static void test_help_before_a_language_is_bilingual(void **state)
{
	(void)state;
	key(APP_KEY_DOWN); /* starts speech */
	key(APP_KEY_HELP);
	assert_ptr_equal(app.screen, &screen_help);
	assert_true(app.view.bilingual);
	for (int i = 0; i < app.view.count; i++) {
		const struct view_node *n = &app.view.nodes[i];
		if (n->action == APP_ACT_SWITCH_LANG)
			continue;
		assert_int_equal(n->lang, LANG_FR);
		assert_true(n->text2[0] != '\0');
	}
	assert_string_equal(app.view.nodes[0].text2, "Help");
	assert_non_null(strstr(app.view.nodes[1].text2, "Choose your language"));
	key(APP_KEY_UP);
	bool fr = false, en = false;
	for (int i = 0; i < fx.count; i++)
		if (fx.fx[i].type == APP_FX_SPEAK_KEY && fx.fx[i].key &&
		    strcmp(fx.fx[i].key, "nav.first") == 0) {
			fr |= fx.fx[i].lang == LANG_FR;
			en |= fx.fx[i].lang == LANG_EN;
		}
	assert_true(fr && en);
	/* once a language is chosen, one language again */
	key(APP_KEY_BACK);
	assert_ptr_equal(app.screen, &screen_attract);
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	key(APP_KEY_HELP);
	assert_false(app.view.bilingual);
	assert_string_equal(app.view.nodes[0].text2, "");
}

static void test_touch_language_starts_session_without_speech(void **state)
{
	(void)state;
	tap(find_action(ACT_LANG_EN));
	assert_ptr_equal(app.screen, &screen_home);
	assert_true(app.in_session);
	assert_int_equal(app.visit.settings.lang, LANG_EN);
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
	assert_ptr_equal(app.screen, &screen_home);
	assert_int_equal(app.visit.settings.lang, LANG_FR);
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
	const struct screen_def *seen[] = {&screen_home, &screen_help, &screen_keypad,
	                                   &screen_tutorial};
	for (size_t i = 0; i < sizeof(seen) / sizeof(seen[0]); i++) {
		assert_ptr_equal(app.screen, seen[i]);
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
	assert_ptr_equal(app.screen, &screen_help);
	now += 200;
	key(APP_KEY_HELP);
	assert_ptr_equal(app.screen, &screen_help);
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
	assert_ptr_equal(app.screen, &screen_home);
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
	assert_int_equal(app.visit.settings.lang, LANG_FR);
	assert_ptr_equal(app.screen, &screen_help);
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
	assert_ptr_equal(app.screen, &screen_staff);
	assert_true(has_fx(APP_FX_REQUEST, NULL));
	assert_int_equal(app.staff_calls, 1);
	tap(find_action(APP_ACT_BACK));
	assert_ptr_equal(app.screen, &screen_attract);
}

static void test_tutorial_teaches_keys(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	key(APP_KEY_HELP);
	now += 1000;
	press(find_go(&screen_tutorial));
	assert_ptr_equal(app.screen, &screen_tutorial);
	key(APP_KEY_UP); /* wrong: Down expected */
	assert_true(has_fx(APP_FX_SPEAK_KEY, "tutorial.wrong"));
	assert_int_equal(app.visit.tutorial_step, 0);
	enum app_key seq[] = {APP_KEY_DOWN, APP_KEY_UP, APP_KEY_ACTION, APP_KEY_HELP, APP_KEY_BACK};
	for (size_t i = 0; i < 5; i++) {
		now += 1000;
		key(seq[i]);
	}
	assert_true(has_fx(APP_FX_SPEAK_KEY, "tutorial.done"));
	assert_ptr_equal(app.screen, &screen_help);
}

static void open_tutorial(void)
{
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	key(APP_KEY_HELP);
	now += 1000;
	press(find_go(&screen_tutorial));
	assert_ptr_equal(app.screen, &screen_tutorial);
}

/* The tutorial never traps: Back leaves (asking first once a step is done), Help helps,
 * and the language key keeps the instruction in the announcement. */
static void test_tutorial_back_leaves_help_helps(void **state)
{
	(void)state;
	open_tutorial();
	/* the instruction is what focus says, so a new announcement carries it */
	assert_int_equal(app.view.nodes[app.focus].id, view_id("tutorial.instruction"));
	key(APP_KEY_LANG);
	assert_ptr_equal(app.screen, &screen_tutorial);
	assert_true(has_fx(APP_FX_SPEAK_SCREEN, NULL));
	assert_int_equal(app.view.nodes[app.focus].id, view_id("tutorial.instruction"));
	assert_string_equal(app.view.nodes[app.focus].text, "Appuyez sur la flèche Bas.");
	/* Help at a step that does not ask for it helps, and the lesson goes on */
	now += 1000;
	key(APP_KEY_HELP);
	assert_false(has_fx(APP_FX_SPEAK_KEY, "tutorial.wrong"));
	assert_true(has_fx(APP_FX_SPEAK_KEY, "tutorial.help"));
	assert_ptr_equal(app.screen, &screen_tutorial);
	/* Back before any step is done leaves at once */
	now += 1000;
	key(APP_KEY_BACK);
	assert_ptr_equal(app.screen, &screen_help);

	/* half done: Back asks, any other key goes on, Back again leaves */
	now += 1000;
	press(find_go(&screen_tutorial));
	assert_ptr_equal(app.screen, &screen_tutorial);
	key(APP_KEY_DOWN);
	assert_int_equal(app.visit.tutorial_step, 1);
	key(APP_KEY_BACK);
	assert_ptr_equal(app.screen, &screen_tutorial);
	assert_true(has_fx(APP_FX_SPEAK_KEY, "tutorial.leave"));
	assert_int_not_equal(find_action(APP_ACT_BACK), -1); /* and a button to leave by touch */
	key(APP_KEY_UP); /* the step's key: the lesson goes on */
	assert_int_equal(app.visit.tutorial_step, 2);
	assert_false(app.visit.tutorial_leaving);
	key(APP_KEY_BACK);
	assert_true(app.visit.tutorial_leaving);
	now += 1000;
	key(APP_KEY_BACK);
	assert_ptr_equal(app.screen, &screen_help);
}

static void test_options_toggle_and_reset_at_session_end(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	key(APP_KEY_HELP);
	press(find_go(&screen_options));
	int large = find_action(ACT_OPTIONS_LARGE);
	press(large);
	assert_true(app.visit.settings.large_text);
	assert_int_equal(app.view.nodes[large].state, VIEW_STATE_CHECKED);
	key(APP_KEY_VOL_UP);
	key(APP_KEY_VOL_UP);
	assert_int_equal(app.visit.settings.volume, APP_VOLUME_DEFAULT + 20);
	key(APP_KEY_LANG);
	assert_int_equal(app.visit.settings.lang, LANG_FR);
	/* End: everything back to the defaults (A4), on the attract screen */
	app.visit.here = (struct app_frame){.screen = &screen_home};
	app.visit.depth = 0;
	send(APP_EV_TICK, APP_KEY_NONE, 0, -1);
	press(find_action(APP_ACT_END_SESSION));
	assert_ptr_equal(app.screen, &screen_attract);
	assert_false(app.visit.settings.large_text);
	assert_false(app.speech_mode);
	assert_int_equal(app.visit.settings.volume, APP_VOLUME_DEFAULT);
	assert_int_equal(app.visit.settings.lang, LANG_FR);
	assert_true(has_fx(APP_FX_SESSION_END, NULL));
}

static void test_volume_never_silent(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	for (int i = 0; i < 15; i++)
		key(APP_KEY_VOL_DOWN);
	assert_int_equal(app.visit.settings.volume, 10);
	assert_true(has_fx(APP_FX_SPEAK_KEY, "volume.min"));
	for (int i = 0; i < 15; i++)
		key(APP_KEY_VOL_UP);
	assert_int_equal(app.visit.settings.volume, 100);
	assert_true(has_fx(APP_FX_SPEAK_KEY, "volume.max"));
}

/* K4: volume and speech on/off by touch as well as by keys: in "Display and voice",
 * and from a small control present on every screen while speech is on. */
static void test_volume_and_speech_by_touch(void **state)
{
	(void)state;
	tap(find_action(ACT_LANG_FR)); /* touch visitor: no speech, no volume control */
	assert_int_equal(find_id("options.volume"), -1);
	key(APP_KEY_DOWN); /* a key starts speech: the control appears */
	int control = find_id("options.volume");
	assert_int_not_equal(control, -1);
	assert_int_equal(app.view.nodes[control].region, VIEW_REGION_FOOTER);
	assert_string_equal(app.view.nodes[control].value, "60 %");
	press(control);
	assert_ptr_equal(app.screen, &screen_options);
	int louder = find_id("volume.louder");
	assert_int_not_equal(louder, -1);
	press(louder);
	assert_int_equal(app.visit.settings.volume, 70);
	assert_true(has_fx(APP_FX_VOLUME, NULL));
	assert_string_equal(app.view.nodes[find_id("options.volume")].value, "70 %");
	press(find_id("volume.softer"));
	press(find_id("volume.softer"));
	assert_int_equal(app.visit.settings.volume, 50);
	int speech = find_id("options.speech");
	assert_int_equal(app.view.nodes[speech].state, VIEW_STATE_CHECKED);
	press(speech);
	assert_false(app.speech_mode);
	assert_int_equal(app.view.nodes[speech].state, VIEW_STATE_UNCHECKED);
	tap(speech);
	assert_true(app.speech_mode);
}

static void test_timeout_warns_extends_and_resets(void **state)
{
	(void)state;
	tap(find_action(ACT_LANG_EN)); /* touch visitor: 90 s */
	assert_int_equal(app_next_deadline(&app), now + 90000);
	advance(89999);
	assert_ptr_equal(app.screen, &screen_home);
	advance(1);
	assert_ptr_equal(app.screen, &screen_timeout);
	assert_true(has_fx(APP_FX_SPEAK_LABEL, NULL)); /* spoken even without speech mode */
	assert_true(has_fx(APP_FX_CUE, NULL));
	/* timers count from the end of speech */
	advance(40000);
	assert_ptr_equal(app.screen, &screen_timeout);
	speech_done();
	/* extendable many times */
	for (int i = 0; i < 12; i++) {
		tap(2);
		assert_ptr_equal(app.screen, &screen_home);
		speech_done();
		advance(90000);
		assert_ptr_equal(app.screen, &screen_timeout);
		speech_done();
	}
	assert_int_equal(app.visit.extensions, 12);
	advance(20000);
	speech_done(); /* the remaining time, said again, does not restart the countdown */
	advance(9999);
	assert_ptr_equal(app.screen, &screen_timeout);
	advance(1);
	assert_ptr_equal(app.screen, &screen_attract);
	assert_false(app.in_session);
	assert_int_equal(app.sessions, 1);
}

/* The fx that says node `key`'s label, or -1. */
static int said_label(const char *node_key)
{
	for (int i = 0; i < fx.count; i++)
		if (fx.fx[i].type == APP_FX_SPEAK_LABEL && fx.fx[i].arg >= 0 &&
		    fx.fx[i].arg < app.view.count &&
		    app.view.nodes[fx.fx[i].arg].id == view_id(node_key))
			return i;
	return -1;
}

/* R1, S1: the whole warning at once; any key extends (Back and Help then act); the
 * remaining time again at 10 s. */
static void test_timeout_said_whole_and_any_key_extends(void **state)
{
	(void)state;
	static const enum app_key keys[] = {APP_KEY_UP,       APP_KEY_DOWN,   APP_KEY_ACTION,
	                                    APP_KEY_VOL_DOWN, APP_KEY_VOL_UP, APP_KEY_DIGIT,
	                                    APP_KEY_REPEAT,   APP_KEY_RATE,   APP_KEY_HELP};
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	speech_done();
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		advance(180000);
		assert_ptr_equal(app.screen, &screen_timeout);
		int title = said_label("timeout.title"), body = said_label("timeout.body");
		int how = said_label("timeout.how");
		assert_true(title >= 0 && body > title && how > body);
		assert_non_null(strstr(app.view.nodes[fx.fx[body].arg].text, "30"));
		int volume = app.visit.settings.volume;
		key(keys[k]);
		assert_true(has_fx(APP_FX_SPEAK_KEY, "timeout.extended"));
		if (keys[k] == APP_KEY_HELP) {
			assert_ptr_equal(app.screen, &screen_help);
		} else {
			assert_ptr_equal(app.screen, &screen_home);
		}
		if (keys[k] == APP_KEY_VOL_UP || keys[k] == APP_KEY_VOL_DOWN)
			assert_int_not_equal(app.visit.settings.volume, volume);
		speech_done();
	}
	advance(180000);
	key(APP_KEY_BACK); /* from help: extends, then goes back */
	assert_true(has_fx(APP_FX_SPEAK_KEY, "timeout.extended"));
	assert_ptr_equal(app.screen, &screen_home);
	speech_done();
	/* the remaining time, said again 10 s before the end */
	advance(180000);
	speech_done();
	advance(19000);
	assert_int_equal(said_label("timeout.body"), -1);
	advance(1000);
	int again = said_label("timeout.body");
	assert_true(again >= 0);
	assert_non_null(strstr(app.view.nodes[fx.fx[again].arg].text, "10"));
	speech_done();
	advance(10000);
	assert_ptr_equal(app.screen, &screen_attract);
}

static void test_speech_mode_waits_longer(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	speech_done();
	advance(90000);
	assert_ptr_equal(app.screen, &screen_home);
	advance(90000);
	assert_ptr_equal(app.screen, &screen_timeout);
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
	int en = find_action(ACT_LANG_EN);
	send(APP_EV_POINTER_DOWN, APP_KEY_NONE, 0, en);
	send(APP_EV_POINTER_UP, APP_KEY_NONE, 0, en);
	assert_ptr_equal(app.screen, &screen_attract); /* explored, not activated */
	assert_int_equal(app.focus, en);
	assert_int_equal(app.view.lang, LANG_EN);
	now += 200;
	tap(en); /* double tap activates */
	assert_ptr_equal(app.screen, &screen_home);
	assert_int_equal(app.visit.settings.lang, LANG_EN);
}

static void test_release_elsewhere_does_not_activate(void **state)
{
	(void)state;
	int fr = find_action(ACT_LANG_FR);
	send(APP_EV_POINTER_DOWN, APP_KEY_NONE, 0, fr);
	assert_ptr_equal(app.screen, &screen_attract); /* nothing on press */
	send(APP_EV_POINTER_MOVE, APP_KEY_NONE, 0, -1);
	send(APP_EV_POINTER_UP, APP_KEY_NONE, 0, fr);
	assert_ptr_equal(app.screen, &screen_attract);
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
	assert_true(has_fx(APP_FX_REQUEST, NULL));
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
	staff_result(APP_RESULT_OK);
	assert_false(app.waiting);
	assert_int_equal(app.visit.staff_state, APP_STAFF_SENT);
	assert_string_equal(app.view.nodes[0].text, "A staff member is on the way");
	assert_true(has_fx(APP_FX_SPEAK_LABEL, NULL));
}

static void test_staff_failure_is_said_even_without_speech_mode(void **state)
{
	(void)state;
	app.cfg.contact_phone[0] = '\0';
	snprintf(app.cfg.contact_tty, sizeof(app.cfg.contact_tty), "%s", "1-800-555-0198");
	tap(find_action(ACT_LANG_FR));
	tap(find_action(APP_ACT_STAFF));
	staff_result(APP_RESULT_UNREACHABLE);
	assert_int_equal(app.visit.staff_state, APP_STAFF_FAILED);
	assert_true(has_fx(APP_FX_SPEAK_LABEL, NULL));
	bool found = false;
	for (int i = 0; i < app.view.count; i++)
		found |= strstr(app.view.nodes[i].text, "ATS\u00a0: 1-800-555-0198.") != NULL &&
		         strstr(app.view.nodes[i].text, "Téléphone") == NULL;
	assert_true(found);
}

/* A failed call: what was said before ("Calling a staff member") is cut off, what the
 * screen now shows is said, and the visitor can try again without a new stack entry. */
static void test_staff_failure_says_the_screen_and_offers_retry(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	press(find_action(APP_ACT_STAFF));
	assert_ptr_equal(app.screen, &screen_staff);
	int depth = app.visit.depth;
	unsigned calls = app.staff_calls;
	staff_result(APP_RESULT_UNREACHABLE);
	assert_int_equal(fx.fx[0].type, APP_FX_STOP_SPEECH);
	int title = -1, alert = -1;
	for (int i = 0; i < fx.count; i++) {
		if (fx.fx[i].type != APP_FX_SPEAK_LABEL)
			continue;
		uint32_t id = app.view.nodes[fx.fx[i].arg].id;
		if (id == view_id("staff.title.failed"))
			title = i;
		if (id == view_id("staff.failed"))
			alert = i;
	}
	assert_true(title >= 0 && alert > title);
	int retry = find_action(APP_ACT_STAFF);
	assert_int_not_equal(retry, -1);
	assert_int_equal(app.view.nodes[retry].id, view_id("staff.retry"));
	assert_int_equal(app.focus, retry);
	key(APP_KEY_ACTION);
	assert_int_equal(app.staff_calls, calls + 1);
	assert_int_equal(app.visit.staff_state, APP_STAFF_SENDING);
	assert_int_equal(app.visit.depth, depth);
	assert_true(has_fx(APP_FX_REQUEST, NULL));
	staff_result(APP_RESULT_OK);
	assert_int_equal(app.visit.staff_state, APP_STAFF_SENT);
	key(APP_KEY_BACK);
	assert_ptr_equal(app.screen, &screen_home);
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
	assert_true(notices(n, 2));
	assert_int_equal(app.view.nodes[1].role, VIEW_ROLE_ALERT);
	/* only in English at the central: shown as it came and said in the English voice */
	assert_string_equal(app.view.nodes[1].text, "Closed at noon.");
	assert_int_equal(app.view.nodes[1].lang, LANG_EN);
	assert_string_equal(app.view.nodes[2].text, "Ascenseur en panne.");
	assert_true(has_fx(APP_FX_SPEAK_NODE, NULL));
	/* the same notices again change nothing */
	assert_false(notices(n, 2));
	assert_int_equal(fx.count, 0);
}

static const char *hours_line(const struct app_hours *h)
{
	struct app_event ev = {.type = APP_EV_HOURS, .hours = h};
	app_handle(&app, &ev, now, &fx);
	assert_int_equal(fx.count, 0); /* shown, never said on arrival */
	for (int i = 0; i < app.view.count; i++)
		if (app.view.nodes[i].role == VIEW_ROLE_TEXT)
			return app.view.nodes[i].text;
	return "";
}

/* C5/C6: today's hours on home, from the central, in the visitor's language. */
static void test_home_shows_todays_hours(void **state)
{
	(void)state;
	/* Monday 2026-12-21 in Toronto: 8:30 to 17:00 (UTC-5). */
	const int64_t open = 1797859800, close = 1797890400;
	struct app_event wall = {.type = APP_EV_TICK, .wall = open - 3600};
	app_handle(&app, &wall, now, &fx);
	send(APP_EV_KEY, APP_KEY_DIGIT, 1, -1);
	speech_done();
	struct app_hours h = {.known = true, .opens_at = open, .closes_at = close};
	assert_string_equal(hours_line(&h),
	                    "Ouvre aujourd’hui à 8\u00a0h\u00a030, jusqu’à 17\u00a0h");
	h.open_now = true;
	assert_string_equal(hours_line(&h), "Ouvert aujourd’hui de 8\u00a0h\u00a030 à 17\u00a0h");
	/* After the cut-off: the next window, Tuesday. */
	h = (struct app_hours){.known = true, .opens_at = open + 86400, .closes_at = close + 86400};
	assert_string_equal(
	    hours_line(&h),
	    "Fermé en ce moment. Ouvre le mardi 22 décembre 2026 à 8\u00a0h\u00a030.");
	key(APP_KEY_LANG);
	assert_string_equal(hours_line(&h),
	                    "Closed now. Opens Tuesday, December 22, 2026 at 8:30\u00a0a.m.");
	h.open_now = true;
	h.opens_at = open;
	h.closes_at = close;
	assert_string_equal(hours_line(&h), "Open today from 8:30\u00a0a.m. to 5:00\u00a0p.m.");
	/* Until the central answers, nothing is claimed. */
	h.known = false;
	assert_string_equal(hours_line(&h), "");
}

static void test_notice_arriving_keeps_focus(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	int help = find_action(APP_ACT_HELP);
	while (app.focus < help)
		key(APP_KEY_DOWN);
	assert_int_equal(app.focus, help);
	speech_done();
	struct app_notice n;
	memset(&n, 0, sizeof(n));
	snprintf(n.id, sizeof(n.id), "%s", "n1");
	snprintf(n.reason[LANG_EN], APP_NOTICE_TEXT_MAX, "%s", "Elevator out of order.");
	assert_true(notices(&n, 1));
	/* The alert is inserted above; focus stays on Help, now one further down. */
	assert_int_equal(app.focus, help + 1);
	assert_int_equal(app.view.nodes[app.focus].action, APP_ACT_HELP);
	key(APP_KEY_ACTION);
	assert_ptr_equal(app.screen, &screen_help);
	assert_true(app.in_session);
}

/* `*` on home: the title and the notice are each said once, wherever focus is. */
static void test_language_switch_says_title_and_notice_once(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	struct app_notice n;
	memset(&n, 0, sizeof(n));
	snprintf(n.id, sizeof(n.id), "%s", "n1");
	snprintf(n.reason[LANG_EN], APP_NOTICE_TEXT_MAX, "%s", "Elevator out of order.");
	snprintf(n.reason[LANG_FR], APP_NOTICE_TEXT_MAX, "%s", "Ascenseur en panne.");
	notices(&n, 1);
	speech_done();
	for (int start = 0; start < 2; start++) {
		while (app.focus > start)
			key(APP_KEY_UP);
		while (app.focus < start)
			key(APP_KEY_DOWN);
		key(APP_KEY_LANG);
		assert_ptr_equal(app.screen, &screen_home);
		int screen = 0, notice = 0;
		for (int i = 0; i < fx.count; i++) {
			screen += fx.fx[i].type == APP_FX_SPEAK_SCREEN;
			if (fx.fx[i].type == APP_FX_SPEAK_NODE &&
			    app.view.nodes[fx.fx[i].arg].role == VIEW_ROLE_ALERT)
				notice++;
		}
		/* the screen announcement says the title, then the focused item */
		assert_int_equal(screen, 1);
		bool focus_on_notice = app.view.nodes[app.focus].role == VIEW_ROLE_ALERT;
		assert_int_equal(notice + (focus_on_notice ? 1 : 0), 1);
		speech_done();
	}
}

static void test_full_stack_refuses_and_never_skips(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	const struct screen_def *order[APP_STACK_MAX + 1];
	for (int i = 0; i < APP_STACK_MAX; i++) {
		order[i] = app.screen;
		assert_int_equal(app_go(&app, &fx, i % 2 ? &screen_help : &screen_keypad), 0);
	}
	order[APP_STACK_MAX] = app.screen;
	fx.count = 0;
	assert_int_equal(app_go(&app, &fx, &screen_options), -ENOSPC);
	assert_ptr_equal(app.screen, order[APP_STACK_MAX]);
	assert_true(has_fx(APP_FX_SPEAK_KEY, "nav.too_deep"));
	for (int i = APP_STACK_MAX - 1; i >= 0; i--) {
		key(APP_KEY_BACK);
		assert_ptr_equal(app.screen, order[i]);
	}
	assert_ptr_equal(app.screen, &screen_home);
}

/* A two-step flow made for the test: step 1 takes a "typed" text, step 2 confirms. */
static char flow_text[32];

static bool flow_entered(const struct app *a)
{
	(void)a;
	return flow_text[0] != '\0';
}

static void flow_discard(struct app *a)
{
	(void)a;
	memset(flow_text, 0, sizeof(flow_text));
}

static void flow_build(const struct app *a, struct view *v)
{
	screen_add(v, a, VIEW_ROLE_HEADING,
	           a->screen == &screen_keypad ? "keypad.title" : "help.title", APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_BUTTON, "common.back", APP_ACT_BACK);
}

static const struct screen_def step_one = {.name = "step1", .build = flow_build};
static const struct screen_def step_two = {.name = "step2", .build = flow_build};
static const struct screen_def *const flow_steps[] = {&step_one, &step_two};
static const struct flow_def test_flow = {.name = "test",
                                          .steps = 2,
                                          .step = flow_steps,
                                          .entered = flow_entered,
                                          .discard = flow_discard};

static void test_flow_is_one_entry_with_its_own_back(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	int depth = app.visit.depth;
	assert_int_equal(app_flow_start(&app, &fx, &test_flow), 0);
	assert_ptr_equal(app.screen, &step_one);
	assert_int_equal(app.visit.depth, depth + 1);
	snprintf(flow_text, sizeof(flow_text), "%s", "Léa");
	app_flow_next(&app, &fx);
	assert_ptr_equal(app.screen, &step_two);
	assert_int_equal(app.visit.depth, depth + 1); /* steps are not stack entries */
	key(APP_KEY_BACK);
	assert_ptr_equal(app.screen, &step_one);
	key(APP_KEY_BACK); /* leaving would lose the text: asked first */
	assert_ptr_equal(app.screen, &screen_discard);
	press(find_action(APP_ACT_KEEP));
	assert_ptr_equal(app.screen, &step_one);
	assert_string_equal(flow_text, "Léa");
	key(APP_KEY_BACK);
	assert_ptr_equal(app.screen, &screen_discard);
	press(find_action(APP_ACT_DISCARD));
	assert_ptr_equal(app.screen, &screen_home);
	assert_int_equal(app.visit.depth, depth);
	assert_string_equal(flow_text, "");
	/* Nothing entered: Back leaves at once. */
	assert_int_equal(app_flow_start(&app, &fx, &test_flow), 0);
	key(APP_KEY_BACK);
	assert_ptr_equal(app.screen, &screen_home);
}

static void test_session_end_wipes_the_visit(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	assert_int_equal(app_flow_start(&app, &fx, &test_flow), 0);
	snprintf(flow_text, sizeof(flow_text), "%s", "secret");
	key(APP_KEY_VOL_UP);
	app.visit.extensions = 3;
	key(APP_KEY_HELP); /* the flow is now on the stack, below help */
	assert_ptr_equal(app.screen, &screen_help);
	app.visit.here = (struct app_frame){.screen = &screen_home};
	app_refresh(&app);
	press(find_action(APP_ACT_END_SESSION));
	assert_string_equal(flow_text, ""); /* the flow on the stack forgot its text */
	assert_int_equal(app.visit.depth, 0);
	assert_int_equal(app.visit.extensions, 0);
	assert_int_equal(app.visit.staff_request, 0);
	assert_int_equal(app.visit.settings.volume, APP_VOLUME_DEFAULT);
	assert_null(app.visit.help_of);
	assert_ptr_equal(app.screen, &screen_attract);
}

static void test_stale_result_is_ignored(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	press(find_action(APP_ACT_STAFF));
	struct app_event ev = {.type = APP_EV_RESULT,
	                       .result = {.kind = APP_REQ_STAFF_CALL,
	                                  .id = app.last_request + 7,
	                                  .error = APP_RESULT_OK}};
	app_handle(&app, &ev, now, &fx);
	assert_true(app.waiting);
	assert_int_equal(app.visit.staff_state, APP_STAFF_SENDING);
	assert_int_equal(fx.fx[0].type == APP_FX_REQUEST, 0);
}

static void test_fail_shows_unavailable(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	app_fail(&app, now);
	assert_ptr_equal(app.screen, &screen_unavailable);
	assert_false(app.in_session);
	assert_string_equal(app.view.nodes[0].text, "Service non disponible");
	assert_string_equal(app.view.nodes[0].text2, "Service unavailable");
	assert_int_equal(app.view.nodes[2].lang, LANG_EN);
}

/* A screen with a list of 20 items, 6 a page. */
static void paged_build(const struct app *a, struct view *v)
{
	int count;
	screen_add(v, a, VIEW_ROLE_HEADING, "help.title", APP_ACT_NONE);
	int first = screen_page(v, a, 20, 6, &count);
	for (int i = first; i < first + count; i++) {
		char id[24], text[24];
		snprintf(id, sizeof(id), "item.%d", i);
		snprintf(text, sizeof(text), "Item %d", i + 1);
		screen_add_text(v, id, VIEW_ROLE_BUTTON, a->visit.settings.lang, text,
		                APP_ACT_NONE);
	}
	screen_page_controls(v, a);
	screen_footer(v, a, true);
}

static const struct screen_def paged = {.name = "paged", .build = paged_build};

static bool said_node_text(const char *text)
{
	for (int i = 0; i < fx.count; i++)
		if (fx.fx[i].type == APP_FX_SPEAK_NODE &&
		    strcmp(app.view.nodes[fx.fx[i].arg].text, text) == 0)
			return true;
	return false;
}

static void test_long_list_is_paged_and_says_the_page(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 2, -1);
	assert_int_equal(app_go(&app, &fx, &paged), 0);
	assert_string_equal(app.view.nodes[1].text, "Item 1");
	int next = find_action(APP_ACT_PAGE_NEXT);
	assert_int_equal(app.view.nodes[find_action(APP_ACT_PAGE_PREV)].state, VIEW_STATE_DISABLED);
	while (app.focus < next)
		key(APP_KEY_DOWN);
	key(APP_KEY_ACTION);
	assert_true(said_node_text("Page 2 of 4"));
	assert_true(has_fx(APP_FX_SPEAK_FOCUS, NULL));
	assert_string_equal(app.view.nodes[1].text, "Item 7");
	assert_int_equal(app.view.nodes[app.focus].action, APP_ACT_PAGE_NEXT); /* focus stays */
	key(APP_KEY_ACTION);
	key(APP_KEY_ACTION);
	assert_true(said_node_text("Page 4 of 4"));
	assert_string_equal(app.view.nodes[1].text, "Item 19");
	assert_int_equal(app.view.nodes[app.focus].state, VIEW_STATE_DISABLED);
	key(APP_KEY_ACTION); /* the last page: nothing turns */
	assert_false(said_node_text("Page 4 of 4"));
	assert_string_equal(app.view.nodes[1].text, "Item 19");
	/* Back and forth keeps the page */
	key(APP_KEY_HELP);
	key(APP_KEY_BACK);
	assert_string_equal(app.view.nodes[1].text, "Item 19");
}

static void type_text(const char *utf8)
{
	struct app_event ev = {.type = APP_EV_TEXT};
	snprintf(ev.text, sizeof(ev.text), "%s", utf8);
	app_handle(&app, &ev, now, &fx);
}

static uint32_t request_of(int kind)
{
	for (int i = 0; i < fx.count; i++)
		if (fx.fx[i].type == APP_FX_REQUEST && fx.fx[i].arg == kind)
			return fx.fx[i].id;
	return 0;
}

static void submit_result(uint32_t id, int error, bool final, const char *ref)
{
	struct app_submit_outcome o = {.final = final};
	snprintf(o.reference, sizeof(o.reference), "%s", ref);
	snprintf(o.message, sizeof(o.message), "%s", "Unknown service code");
	struct app_event ev = {.type = APP_EV_RESULT,
	                       .result = {.kind = APP_REQ_SUBMIT,
	                                  .id = id,
	                                  .error = error,
	                                  .payload = &o,
	                                  .payload_len = sizeof(o)}};
	app_handle(&app, &ev, now, &fx);
}

/* Touch, in English: category, description, anonymous, review, confirm, receipt. */
static void file_a_request_to_review(const char *category)
{
	tap(find_action(ACT_LANG_EN));
	tap(find_id("home.file"));
	assert_ptr_equal(app.screen, &screen_complaint_category);
	tap(find_id(category));
	assert_ptr_equal(app.screen, &screen_complaint_entry);
	tap(find_id("common.continue")); /* nothing typed */
	assert_ptr_equal(app.screen, &screen_complaint_entry);
	assert_true(has_fx(APP_FX_SPEAK_NODE, NULL)); /* the error, said at once (E1) */
	int err = find_id("complaint.error");
	assert_true(err >= 0);
	assert_string_equal(app.view.nodes[err].text,
	                    "Description: type a few words to describe your request.");
	assert_int_equal(app.view.nodes[app.focus].id, view_id("complaint.edit.description"));
	type_text("Le guichet «");
	type_text(" ");
	type_text("fermé");
	assert_int_equal(find_id("complaint.error"), -1);
	tap(find_id("common.continue"));
	assert_ptr_equal(app.screen, &screen_complaint_contact);
}

static void test_file_a_request_by_touch(void **state)
{
	(void)state;
	app.wall = 1798125900;
	file_a_request_to_review("category.inquiry_general");
	tap(find_id("complaint.contact.anonymous"));
	assert_ptr_equal(app.screen, &screen_complaint_review);
	tap(find_id("complaint.review.confirm"));
	uint32_t id = request_of(APP_REQ_SUBMIT);
	assert_int_not_equal(id, 0);
	assert_true(app.waiting);
	submit_result(id, APP_RESULT_OK, false, "K7-000001"); /* stored */
	assert_ptr_equal(app.screen, &screen_complaint_review);
	submit_result(id, APP_RESULT_OK, true, "4821935576"); /* the central's reference */
	assert_ptr_equal(app.screen, &screen_complaint_receipt);
	assert_int_not_equal(request_of(APP_REQ_PRINT_RECEIPT), 0);
	int ref = find_id("complaint.receipt.reference");
	assert_string_equal(app.view.nodes[ref].value, "482\u00a0193\u00a0557\u00a06");
	assert_int_equal(app.view.nodes[ref].value_kind, VIEW_VALUE_REFERENCE);
	int std = find_id("complaint.receipt.standard");
	/* General inquiry: 2 business days after Thursday, December 24, 2026: Christmas and
	 * Boxing Day (observed on Monday 28) skipped. */
	assert_string_equal(
	    app.view.nodes[std].text,
	    "Time to answer: 2 business days, that is by Wednesday, December 30, 2026.");
	assert_string_equal(app.visit.complaint.description, "Le guichet « fermé");
	tap(find_id("complaint.receipt.finish"));
	/* C6: the opinion, optional; Send waits for a rating. */
	assert_ptr_equal(app.screen, &screen_complaint_feedback);
	assert_int_equal(app.view.nodes[find_id("feedback.send")].state, VIEW_STATE_DISABLED);
	tap(find_id("feedback.rate.4"));
	assert_int_equal(app.visit.complaint.rating, 4);
	assert_int_equal(app.view.nodes[find_id("feedback.rate.4")].state, VIEW_STATE_CHECKED);
	tap(find_id("feedback.send"));
	uint32_t fb = request_of(APP_REQ_FEEDBACK);
	assert_int_not_equal(fb, 0);
	struct app_event ev = {
	    .type = APP_EV_RESULT,
	    .result = {.kind = APP_REQ_FEEDBACK, .id = fb, .error = APP_RESULT_OK}};
	app_handle(&app, &ev, now, &fx);
	assert_ptr_equal(app.screen, &screen_home);
	assert_string_equal(app.visit.complaint.description, ""); /* wiped on leaving */
}

static void test_feedback_is_skipped_with_one_key(void **state)
{
	(void)state;
	file_a_request_to_review("category.complaint_agency");
	tap(find_id("complaint.contact.anonymous"));
	tap(find_id("complaint.review.confirm"));
	submit_result(request_of(APP_REQ_SUBMIT), APP_RESULT_OK, true, "4821935576");
	send(APP_EV_KEY, APP_KEY_BACK, 0, -1); /* the receipt goes on to the opinion */
	assert_ptr_equal(app.screen, &screen_complaint_feedback);
	send(APP_EV_KEY, APP_KEY_BACK, 0, -1); /* and one key skips it */
	assert_ptr_equal(app.screen, &screen_home);
	assert_int_equal(request_of(APP_REQ_FEEDBACK), 0);
}

static void test_provisional_receipt_when_the_central_is_slow(void **state)
{
	(void)state;
	file_a_request_to_review("category.complaint_agency");
	tap(find_id("complaint.contact.anonymous"));
	tap(find_id("complaint.review.confirm"));
	uint32_t id = request_of(APP_REQ_SUBMIT);
	submit_result(id, APP_RESULT_OK, false, "K7-000002");
	submit_result(id, APP_RESULT_UNREACHABLE, false, "K7-000002");
	assert_ptr_equal(app.screen, &screen_complaint_review);
	advance(6000);
	assert_ptr_equal(app.screen, &screen_complaint_receipt);
	assert_true(app.visit.complaint.provisional);
	assert_int_not_equal(find_id("complaint.receipt.provisional_ref"), -1);
	assert_int_not_equal(find_id("complaint.receipt.saved"), -1);
	/* A late final answer for a visitor who has moved on changes nothing. */
	submit_result(id, APP_RESULT_OK, true, "4821935576");
	assert_true(app.visit.complaint.provisional);
}

static void test_refused_and_not_stored_are_told(void **state)
{
	(void)state;
	file_a_request_to_review("category.feedback");
	tap(find_id("complaint.contact.anonymous"));
	tap(find_id("complaint.review.confirm"));
	uint32_t id = request_of(APP_REQ_SUBMIT);
	submit_result(id, APP_RESULT_OK, false, "K7-000003");
	submit_result(id, APP_RESULT_REJECTED, false, "K7-000003");
	assert_ptr_equal(app.screen, &screen_complaint_review);
	int alert = find_id("complaint.review.refused");
	assert_true(alert >= 0);
	assert_non_null(strstr(app.view.nodes[alert].text, "Unknown service code"));
	tap(find_id("complaint.review.other"));
	assert_ptr_equal(app.screen, &screen_complaint_category);
	/* Nothing stored at all (a full disk): said, never a receipt. */
	tap(find_id("category.feedback"));
	tap(find_id("common.continue"));
	tap(find_id("complaint.contact.anonymous"));
	tap(find_id("complaint.review.confirm"));
	id = request_of(APP_REQ_SUBMIT);
	submit_result(id, APP_RESULT_NOT_STORED, false, "");
	assert_ptr_equal(app.screen, &screen_complaint_review);
	assert_int_not_equal(find_id("complaint.review.not_stored"), -1);
}

static void test_objection_requires_contact_and_back_asks_to_discard(void **state)
{
	(void)state;
	file_a_request_to_review("category.objection");
	assert_int_equal(find_id("complaint.contact.anonymous"), -1); /* no anonymous objection */
	tap(find_id("complaint.contact.accept"));
	tap(find_id("common.continue"));
	assert_int_not_equal(find_id("complaint.error"), -1);
	assert_int_equal(app.view.nodes[app.focus].id, view_id("complaint.edit.first_name"));
	/* Edit the e-mail through the entry screen, then come back. */
	tap(find_id("complaint.edit.email"));
	assert_ptr_equal(app.screen, &screen_complaint_entry);
	type_text("lea@example");
	tap(find_id("complaint.field.done"));
	assert_ptr_equal(app.screen, &screen_complaint_contact);
	assert_string_equal(app.visit.complaint.email, "lea@example");
	/* Back to the start of the flow, then leaving asks first. */
	send(APP_EV_KEY, APP_KEY_BACK, 0, -1);
	send(APP_EV_KEY, APP_KEY_BACK, 0, -1);
	send(APP_EV_KEY, APP_KEY_BACK, 0, -1);
	send(APP_EV_KEY, APP_KEY_BACK, 0, -1);
	assert_ptr_equal(app.screen, &screen_discard);
	press(find_action(APP_ACT_DISCARD));
	assert_ptr_equal(app.screen, &screen_home);
	assert_string_equal(app.visit.complaint.email, "");
}

static void test_keypad_picker_types_and_erases(void **state)
{
	(void)state;
	send(APP_EV_KEY, APP_KEY_DIGIT, 1, -1); /* French, speech on */
	int file = find_id("home.file");
	while (app.focus < file)
		key(APP_KEY_DOWN);
	key(APP_KEY_ACTION);
	int cat = find_id("category.complaint_agency");
	while (app.focus < cat)
		key(APP_KEY_DOWN);
	key(APP_KEY_ACTION);
	assert_ptr_equal(app.screen, &screen_complaint_entry);
	int field = find_id("complaint.edit.description");
	while (app.focus < field)
		key(APP_KEY_DOWN);
	key(APP_KEY_ACTION); /* K6: the picker */
	assert_true(has_fx(APP_FX_SPEAK_KEY, "keyboard.picker.intro"));
	assert_true(has_fx(APP_FX_SPEAK_CHAR, "a"));
	key(APP_KEY_DOWN);
	assert_true(has_fx(APP_FX_SPEAK_CHAR, "b"));
	key(APP_KEY_ACTION);
	assert_string_equal(app.visit.complaint.description, "b");
	key(APP_KEY_UP);
	key(APP_KEY_ACTION);
	send(APP_EV_KEY, APP_KEY_DIGIT, 7, -1); /* K5: digits type */
	assert_string_equal(app.visit.complaint.description, "ba7");
	key(APP_KEY_BACK); /* erases */
	assert_true(has_fx(APP_FX_SPEAK_KEY, "keyboard.erased"));
	assert_string_equal(app.visit.complaint.description, "ba");
	assert_ptr_equal(app.screen, &screen_complaint_entry);
	/* What is typed is echoed as personal data (headphones only, S9). */
	key(APP_KEY_ACTION);
	bool personal = false;
	for (int i = 0; i < fx.count; i++)
		personal |= fx.fx[i].type == APP_FX_SPEAK_CHAR && fx.fx[i].arg == 1;
	assert_true(personal);
}

static void test_central_catalogue_keeps_each_text_in_its_language(void **state)
{
	(void)state;
	static struct catalogue cat;
	memset(&cat, 0, sizeof(cat));
	cat.count = 1;
	snprintf(cat.items[0].code, sizeof(cat.items[0].code), "%s", "parking");
	snprintf(cat.items[0].name[LANG_EN], sizeof(cat.items[0].name[LANG_EN]), "%s",
	         "Parking permit");
	struct app_event ev = {.type = APP_EV_CATALOGUE, .catalogue = &cat};
	app_handle(&app, &ev, now, &fx);
	assert_true(app.catalogue.from_central);
	send(APP_EV_KEY, APP_KEY_DIGIT, 1, -1); /* French */
	assert_int_equal(app_flow_start(&app, &fx, &flow_complaint), 0);
	int i = find_id("category.parking");
	assert_true(i >= 0);
	assert_string_equal(app.view.nodes[i].text, "Parking permit");
	assert_int_equal(app.view.nodes[i].lang, LANG_EN); /* said in the English voice (S3) */
	/* An empty answer never replaces what the visitor can choose from. */
	cat.count = 0;
	app_handle(&app, &ev, now, &fx);
	assert_int_equal(app.catalogue.count, 1);
}

static void test_category_details_of_every_kind(void **state)
{
	(void)state;
	/* Built in, offline: the regulated business's name, optional. */
	tap(find_action(ACT_LANG_EN));
	tap(find_id("home.file"));
	tap(find_id("category.complaint_regulated"));
	assert_ptr_equal(app.screen, &screen_complaint_details);
	tap(find_id("complaint.edit.attr.0"));
	assert_ptr_equal(app.screen, &screen_complaint_entry);
	type_text("Garage Tremblay");
	tap(find_id("complaint.field.done"));
	assert_ptr_equal(app.screen, &screen_complaint_details);
	tap(find_id("common.continue"));
	assert_ptr_equal(app.screen, &screen_complaint_entry);
	tap(find_id("common.back"));
	assert_ptr_equal(app.screen, &screen_complaint_details);
	assert_string_equal(app.visit.complaint.attrs.a[0].value, "Garage Tremblay");

	/* From the central: a required multi-value list and a date, the question in French only. */
	static struct catalogue cat;
	catalogue_builtin(&cat);
	struct app_event ev = {.type = APP_EV_CATALOGUE, .catalogue = &cat};
	app_handle(&app, &ev, now, &fx);
	tap(find_id("common.back"));
	assert_ptr_equal(app.screen, &screen_complaint_category);
	tap(find_id("category.complaint_regulated"));
	uint32_t id = request_of(APP_REQ_DEFINITION);
	assert_int_not_equal(id, 0);
	assert_ptr_equal(app.screen, &screen_complaint_details);
	assert_int_not_equal(find_id("complaint.details.loading"), -1);
	static struct complaint_attrs def;
	memset(&def, 0, sizeof(def));
	def.count = 2;
	snprintf(def.a[0].code, sizeof(def.a[0].code), "%s", "CHANNEL");
	snprintf(def.a[0].desc, sizeof(def.a[0].desc), "%s", "Comment avez-vous été servi ?");
	def.a[0].desc_lang = LANG_FR;
	def.a[0].type = COMPLAINT_DT_MULTI;
	def.a[0].required = true;
	def.a[0].n_values = 2;
	snprintf(def.a[0].values[0].key, sizeof(def.a[0].values[0].key), "%s", "counter");
	snprintf(def.a[0].values[0].name, sizeof(def.a[0].values[0].name), "%s", "Au comptoir");
	snprintf(def.a[0].values[1].key, sizeof(def.a[0].values[1].key), "%s", "phone");
	snprintf(def.a[0].values[1].name, sizeof(def.a[0].values[1].name), "%s", "Au téléphone");
	snprintf(def.a[1].code, sizeof(def.a[1].code), "%s", "WHEN");
	snprintf(def.a[1].desc, sizeof(def.a[1].desc), "%s", "Date of the visit");
	def.a[1].desc_lang = LANG_EN;
	def.a[1].type = COMPLAINT_DT_DATETIME;
	struct app_event res = {.type = APP_EV_RESULT,
	                        .result = {.kind = APP_REQ_DEFINITION,
	                                   .id = id,
	                                   .error = APP_RESULT_OK,
	                                   .payload = &def,
	                                   .payload_len = sizeof(def)}};
	app_handle(&app, &res, now, &fx);
	assert_int_equal(find_id("complaint.details.loading"), -1);
	int q = find_id("complaint.edit.attr.0");
	assert_int_equal(app.view.nodes[q].lang, LANG_FR); /* the question keeps its language */
	tap(find_id("common.continue"));
	assert_int_not_equal(find_id("complaint.error"), -1); /* required: choose one */
	tap(find_id("attr.0.1"));
	assert_int_equal(app.visit.complaint.attrs.a[0].chosen, 2u);
	tap(find_id("complaint.edit.attr.1"));
	type_text("2026-02-30");
	tap(find_id("complaint.field.done"));
	tap(find_id("common.continue"));
	int err = find_id("complaint.error");
	assert_non_null(strstr(app.view.nodes[err].text, "year, month, day"));
	tap(find_id("complaint.edit.attr.1"));
	send(APP_EV_KEY, APP_KEY_ERASE, 0, -1);
	now += 1000;
	send(APP_EV_KEY, APP_KEY_ERASE, 0, -1);
	type_text("28");
	tap(find_id("complaint.field.done"));
	tap(find_id("common.continue"));
	assert_ptr_equal(app.screen, &screen_complaint_entry);
	assert_string_equal(app.visit.complaint.attrs.a[1].value, "2026-02-28");
}

/* Every screen's sample states, in both languages: no missing string, nothing cut. */
static void test_every_screen_sample_builds_whole(void **state)
{
	(void)state;
	const struct screen_set *set = &screens_all;
	assert_true(set->count >= 10);
	for (int s = 0; s < set->count; s++) {
		assert_non_null(set->all[s]->name);
		assert_ptr_equal(screen_find(set, set->all[s]->name), set->all[s]);
		for (int i = 0; i < set->all[s]->samples; i++)
			for (int l = 0; l <= LANG_COUNT; l++) {
				/* l == LANG_COUNT: before a language is chosen (both languages) */
				app_init(&app, NULL, strings, &screens_all, now);
				app.cfg.contact_phone[0] = '1';
				app.visit.here = (struct app_frame){.screen = set->all[s]};
				app.visit.settings.lang = l < LANG_COUNT ? (enum lang)l : LANG_FR;
				app.in_session = l < LANG_COUNT;
				if (set->all[s]->sample)
					set->all[s]->sample(&app, i);
				app_refresh(&app);
				if (app.view.missing || app.view.overflow)
					fail_msg("%s sample %d (%s): %d missing, %d cut",
					         set->all[s]->name, i,
					         l < LANG_COUNT ? lang_code((enum lang)l) : "both",
					         app.view.missing, app.view.overflow);
				assert_true(app.view.count > 1);
			}
	}
	assert_null(screen_find(set, "nowhere"));
}

static void test_view_text_is_never_cut(void **state)
{
	(void)state;
	struct view v = {0};
	char big[VIEW_TEXT_MAX + 10];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_null(screen_add_text(&v, "x", VIEW_ROLE_TEXT, LANG_FR, big, APP_ACT_NONE));
	assert_int_equal(v.count, 0);
	assert_int_equal(v.overflow, 1);
	for (int i = 0; i < VIEW_MAX_NODES; i++)
		assert_non_null(
		    screen_add_text(&v, "y", VIEW_ROLE_TEXT, LANG_FR, "y", APP_ACT_NONE));
	assert_null(screen_add_text(&v, "z", VIEW_ROLE_TEXT, LANG_FR, "z", APP_ACT_NONE));
	assert_int_equal(v.overflow, 2);
	app_refresh(&app);
	screen_add(&v, &app, VIEW_ROLE_TEXT, "no.such.key", APP_ACT_NONE);
	assert_int_equal(v.missing, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_attract_is_bilingual, setup),
	    cmocka_unit_test_setup(test_attract_ring_only_after_a_key, setup),
	    cmocka_unit_test_setup(test_attract_signage_and_agency, setup),
	    cmocka_unit_test_setup(test_help_before_a_language_is_bilingual, setup),
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
	    cmocka_unit_test_setup(test_tutorial_back_leaves_help_helps, setup),
	    cmocka_unit_test_setup(test_options_toggle_and_reset_at_session_end, setup),
	    cmocka_unit_test_setup(test_volume_never_silent, setup),
	    cmocka_unit_test_setup(test_volume_and_speech_by_touch, setup),
	    cmocka_unit_test_setup(test_timeout_warns_extends_and_resets, setup),
	    cmocka_unit_test_setup(test_timeout_said_whole_and_any_key_extends, setup),
	    cmocka_unit_test_setup(test_speech_mode_waits_longer, setup),
	    cmocka_unit_test_setup(test_headphones_start_speech_and_hint_loops, setup),
	    cmocka_unit_test_setup(test_touch_explores_in_speech_mode, setup),
	    cmocka_unit_test_setup(test_release_elsewhere_does_not_activate, setup),
	    cmocka_unit_test_setup(test_double_strike_filter, setup),
	    cmocka_unit_test_setup(test_staff_call_waits_says_one_moment_then_outcome, setup),
	    cmocka_unit_test_setup(test_staff_failure_is_said_even_without_speech_mode, setup),
	    cmocka_unit_test_setup(test_staff_failure_says_the_screen_and_offers_retry, setup),
	    cmocka_unit_test_setup(test_notices_on_home_closures_first, setup),
	    cmocka_unit_test_setup(test_home_shows_todays_hours, setup),
	    cmocka_unit_test_setup(test_notice_arriving_keeps_focus, setup),
	    cmocka_unit_test_setup(test_language_switch_says_title_and_notice_once, setup),
	    cmocka_unit_test_setup(test_full_stack_refuses_and_never_skips, setup),
	    cmocka_unit_test_setup(test_flow_is_one_entry_with_its_own_back, setup),
	    cmocka_unit_test_setup(test_session_end_wipes_the_visit, setup),
	    cmocka_unit_test_setup(test_stale_result_is_ignored, setup),
	    cmocka_unit_test_setup(test_fail_shows_unavailable, setup),
	    cmocka_unit_test_setup(test_every_screen_sample_builds_whole, setup),
	    cmocka_unit_test_setup(test_view_text_is_never_cut, setup),
	    cmocka_unit_test_setup(test_long_list_is_paged_and_says_the_page, setup),
	    cmocka_unit_test_setup(test_file_a_request_by_touch, setup),
	    cmocka_unit_test_setup(test_provisional_receipt_when_the_central_is_slow, setup),
	    cmocka_unit_test_setup(test_feedback_is_skipped_with_one_key, setup),
	    cmocka_unit_test_setup(test_refused_and_not_stored_are_told, setup),
	    cmocka_unit_test_setup(test_objection_requires_contact_and_back_asks_to_discard, setup),
	    cmocka_unit_test_setup(test_keypad_picker_types_and_erases, setup),
	    cmocka_unit_test_setup(test_central_catalogue_keeps_each_text_in_its_language, setup),
	    cmocka_unit_test_setup(test_category_details_of_every_kind, setup),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free(strings);
	return rc;
}
