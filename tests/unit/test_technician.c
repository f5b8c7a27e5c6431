/* Technician mode (firmware/core/flows/technician.c, ui/screens/tech_*.c): entry by the chord
 * or a corner press, the visitor's session wiped first, the PIN's answers, leaving; the log's
 * recent lines it shows; the outbox's entries to resolve and its retry; the settings (values,
 * a damaged file, a full disk, the default volume at the next session); the display pattern
 * and the touch test. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "firmware/core/app.h"
#include "firmware/core/log.h"
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

static void send(const struct app_event *ev)
{
	app_handle(&app, ev, now, &fx);
}

static void key(enum app_key k, int digit)
{
	struct app_event ev = {.type = APP_EV_KEY, .key = k, .digit = digit, .item = -1};
	send(&ev);
	now += 100;
}

static void chord(void)
{
	struct app_event ev = {.type = APP_EV_TECHNICIAN, .item = -1};
	send(&ev);
}

static uint32_t last_request(enum app_request_kind kind)
{
	for (int i = fx.count - 1; i >= 0; i--)
		if (fx.fx[i].type == APP_FX_REQUEST && fx.fx[i].arg == (int)kind)
			return fx.fx[i].id;
	return 0;
}

static void pin_answer(uint32_t id, int error, uint32_t wait_s, unsigned tries)
{
	struct tech_pin_answer ans = {.wait_s = wait_s, .tries_left = tries};
	struct app_event ev = {.type = APP_EV_RESULT,
	                       .item = -1,
	                       .result = {.kind = APP_REQ_TECH_PIN,
	                                  .id = id,
	                                  .error = error,
	                                  .payload = &ans,
	                                  .payload_len = sizeof(ans)}};
	send(&ev);
}

static bool shown(const char *text)
{
	for (int i = 0; i < app.view.count; i++)
		if (strstr(app.view.nodes[i].text, text))
			return true;
	return false;
}

static uint32_t type_pin(const char *digits)
{
	for (const char *d = digits; *d; d++)
		key(APP_KEY_DIGIT, *d - '0');
	struct app_event ev = {.type = APP_EV_TEXT, .item = -1, .text = "\n"};
	send(&ev);
	return last_request(APP_REQ_TECH_PIN);
}

static void test_corner_names(void **state)
{
	(void)state;
	enum tech_corner c;
	assert_int_equal(tech_corner_parse("top-right", &c), 0);
	assert_int_equal(c, TECH_CORNER_TOP_RIGHT);
	assert_int_equal(tech_corner_parse("none", &c), 0);
	assert_int_equal(c, TECH_CORNER_NONE);
	assert_int_equal(tech_corner_parse("middle", &c), -EINVAL);
	assert_int_equal(tech_corner_parse(NULL, &c), -EINVAL);
}

static void test_corner_press_needs_five_seconds_in_the_corner(void **state)
{
	(void)state;
	struct tech_press p = {.corner = TECH_CORNER_TOP_RIGHT};
	/* Elsewhere: nothing is timed. */
	tech_press_down(&p, 10, 10, 1080, 1920, 0);
	assert_int_equal(tech_press_deadline(&p), UINT64_MAX);
	/* In the corner, released early: nothing. */
	tech_press_down(&p, 1070, 10, 1080, 1920, 0);
	assert_int_equal(tech_press_deadline(&p), TECH_PRESS_MS);
	assert_false(tech_press_due(&p, TECH_PRESS_MS - 1));
	tech_press_up(&p);
	assert_false(tech_press_due(&p, TECH_PRESS_MS));
	/* Slid out of the corner: nothing. */
	tech_press_down(&p, 1070, 10, 1080, 1920, 0);
	tech_press_move(&p, 500, 10, 1080, 1920);
	assert_false(tech_press_due(&p, TECH_PRESS_MS));
	/* Held: due once. */
	tech_press_down(&p, 1070, 10, 1080, 1920, 0);
	assert_true(tech_press_due(&p, TECH_PRESS_MS));
	assert_false(tech_press_due(&p, TECH_PRESS_MS + 1));
	/* No corner configured: never. */
	struct tech_press none = {.corner = TECH_CORNER_NONE};
	tech_press_down(&none, 0, 0, 1080, 1920, 0);
	assert_false(tech_press_due(&none, TECH_PRESS_MS));
}

static void test_entry_wipes_the_visitors_session(void **state)
{
	(void)state;
	key(APP_KEY_ACTION, 0); /* speech on */
	key(APP_KEY_DIGIT, 2);  /* English session */
	assert_true(app.in_session);
	assert_ptr_equal(app.screen, &screen_home);
	app.visit.settings.volume = 90;
	unsigned before = app.sessions;
	chord();
	assert_int_equal(app.sessions, before + 1);
	assert_ptr_equal(app.screen, &screen_tech_pin);
	assert_int_equal(app.visit.depth, 0); /* Back cannot reach the visitor's screens */
	assert_int_equal(app.visit.settings.volume, APP_VOLUME_DEFAULT);
	assert_true(app.visit.tech.active);
	assert_true(app.speech_mode);
	/* The chord again changes nothing (and wipes nothing typed). */
	key(APP_KEY_DIGIT, 4);
	chord();
	assert_string_equal(app.visit.tech.pin, "4");
}

static void test_visitor_keys_never_enter(void **state)
{
	(void)state;
	for (int k = APP_KEY_UP; k < APP_KEY_COUNT; k++)
		key((enum app_key)k, 7);
	assert_false(app.visit.tech.active);
	assert_ptr_not_equal(app.screen, &screen_tech_pin);
}

static void test_wrong_pin_then_lockout_then_right_pin(void **state)
{
	(void)state;
	chord();
	uint32_t id = type_pin("999999");
	assert_true(id != 0);
	assert_int_equal(app.visit.tech.state, TECH_CHECKING);
	pin_answer(id, APP_RESULT_REJECTED, 0, 4);
	assert_string_equal(app.visit.tech.pin, ""); /* wiped with the answer */
	assert_ptr_equal(app.screen, &screen_tech_pin);
	assert_true(shown("Tries left before the lock-out: 4") || shown("blocage"));
	/* An answer to another request is ignored. */
	id = type_pin("999999");
	pin_answer(id + 7, APP_RESULT_OK, 0, 0);
	assert_ptr_equal(app.screen, &screen_tech_pin);
	pin_answer(id, APP_RESULT_REJECTED, 30, 0);
	assert_int_equal(app.visit.tech.wait_s, 30);
	assert_true(shown("30"));
	id = type_pin("123456");
	pin_answer(id, APP_RESULT_OK, 0, 0);
	assert_ptr_equal(app.screen, &screen_tech_menu);
	assert_string_equal(app.visit.tech.pin, "");
	/* Back from the menu does not return to the PIN screen nor anywhere else. */
	key(APP_KEY_BACK, 0);
	assert_ptr_equal(app.screen, &screen_tech_menu);
}

static void test_empty_pin_is_refused_without_a_request(void **state)
{
	(void)state;
	chord();
	fx.count = 0;
	uint32_t id = type_pin("");
	assert_int_equal(id, 0);
	assert_ptr_equal(app.visit.tech.error, "tech.pin.empty");
}

static void test_leaving_returns_to_attract_and_forgets(void **state)
{
	(void)state;
	chord();
	pin_answer(type_pin("123456"), APP_RESULT_OK, 0, 0);
	assert_ptr_equal(app.screen, &screen_tech_menu);
	int leave = -1;
	for (int i = 0; i < app.view.count; i++)
		if (app.view.nodes[i].action == APP_ACT_END_SESSION)
			leave = i;
	assert_true(leave >= 0);
	app.focus = leave;
	app.focus_id = app.view.nodes[leave].id;
	key(APP_KEY_ACTION, 0);
	assert_ptr_equal(app.screen, &screen_attract);
	assert_false(app.in_session);
	assert_false(app.visit.tech.active);
	assert_int_equal(app.visit.tech.state, TECH_PIN);
}

static void test_log_keeps_the_last_lines(void **state)
{
	(void)state;
	char lines[4][LOG_RECENT_LINE_MAX];
	log_set_sink(NULL, NULL);
	log_recent_clear();
	assert_int_equal(log_recent(&lines[0][0], 4, sizeof(lines[0])), 0);
	for (int i = 0; i < LOG_RECENT_MAX + 3; i++)
		log_msg(LOG_WARN, "test", "line %d", i);
	assert_int_equal(log_recent(&lines[0][0], 4, sizeof(lines[0])), 4);
	char want[64];
	snprintf(want, sizeof(want), "warn test: line %d", LOG_RECENT_MAX + 2);
	assert_string_equal(lines[3], want);
	snprintf(want, sizeof(want), "warn test: line %d", LOG_RECENT_MAX - 1);
	assert_string_equal(lines[0], want);
	log_recent_clear();
}

/* Chord, PIN, accepted: the menu. */
static void enter_menu(void)
{
	chord();
	pin_answer(type_pin("123456"), APP_RESULT_OK, 0, 0);
	assert_ptr_equal(app.screen, &screen_tech_menu);
}

static void result(enum app_request_kind kind, uint32_t id, int error, const void *payload,
                   size_t len)
{
	struct app_event ev = {
	    .type = APP_EV_RESULT,
	    .item = -1,
	    .result = {
	        .kind = kind, .id = id, .error = error, .payload = payload, .payload_len = len}};
	send(&ev);
}

static bool said_key(const char *key)
{
	for (int i = 0; i < fx.count; i++)
		if (fx.fx[i].type == APP_FX_SPEAK_KEY && fx.fx[i].key && !strcmp(fx.fx[i].key, key))
			return true;
	return false;
}

/* The text of each node said by APP_FX_SPEAK_NODE in the last effects, joined. */
static void said_nodes(char *out, size_t cap)
{
	out[0] = '\0';
	for (int i = 0; i < fx.count; i++)
		if (fx.fx[i].type == APP_FX_SPEAK_NODE && fx.fx[i].arg < app.view.count) {
			size_t n = strlen(out);
			snprintf(out + n, cap - n, "%s|", app.view.nodes[fx.fx[i].arg].text);
		}
}

static int focus_on(const char *text)
{
	for (int i = 0; i < app.view.count; i++)
		if (strstr(app.view.nodes[i].text, text)) {
			while (app.focus < i)
				key(APP_KEY_DOWN, 0);
			while (app.focus > i)
				key(APP_KEY_UP, 0);
			return i;
		}
	fail_msg("\"%s\" is not on screen", text);
	return -1;
}

static void test_settings_values_step_and_wrap(void **state)
{
	(void)state;
	assert_int_equal(tech_settings_next_volume(60), 70);
	assert_int_equal(tech_settings_next_volume(100), TECH_VOLUME_MIN);
	assert_int_equal(tech_settings_next_volume(65), 70);
	assert_int_equal(tech_settings_next_idle(90), 120);
	assert_int_equal(tech_settings_next_idle(300), 60);
	assert_int_equal(tech_settings_next_end(30), 45);
	assert_int_equal(tech_settings_next_end(120), 30);
	struct tech_settings s = {.volume = 60, .portrait = true, .idle_s = 90, .end_s = 30};
	assert_true(tech_settings_valid(&s));
	s.end_s = 10; /* R1: at least 30 s to answer the warning */
	assert_false(tech_settings_valid(&s));
}

static void test_settings_screen_damaged_file_change_full_disk(void **state)
{
	(void)state;
	enter_menu();
	assert_int_equal(app_go(&app, &fx, &screen_tech_settings), 0);
	uint32_t id = last_request(APP_REQ_TECH_SETTINGS);
	assert_true(id != 0);
	assert_true(shown("Lecture des réglages"));
	struct tech_settings_answer ans = {
	    .settings = {.volume = 60, .portrait = true, .idle_s = 90, .end_s = 30},
	    .note = TECH_SETTINGS_DAMAGED};
	result(APP_REQ_TECH_SETTINGS, id, APP_RESULT_OK, &ans, sizeof(ans));
	assert_true(shown("endommagé"));
	char said[4096];
	said_nodes(said, sizeof(said));
	assert_non_null(strstr(said, "endommagé"));
	assert_true(shown("Volume par défaut"));
	assert_true(shown("60"));
	assert_true(shown("portrait"));
	/* Action on the volume: the next value, said at once, then saved. */
	focus_on("Volume par défaut");
	key(APP_KEY_ACTION, 0);
	assert_int_equal(app.visit.tech.settings.settings.volume, 70);
	assert_true(strstr(app.view.nodes[app.focus].text, "70") != NULL);
	id = last_request(APP_REQ_TECH_SAVE);
	assert_true(id != 0);
	assert_false(shown("endommagé")); /* the note was the file's: a change clears it */
	/* The disk is full: shown as an alert and said. */
	struct tech_settings_answer full = ans;
	full.note = TECH_SETTINGS_FULL;
	result(APP_REQ_TECH_SAVE, id, APP_RESULT_NOT_STORED, &full, sizeof(full));
	assert_true(shown("pleine"));
	assert_true(said_key("tech.settings.full"));
	assert_int_equal(app.visit.tech.settings.settings.volume, 70); /* still the choice */
	/* Orientation: toggles; saved this time. */
	focus_on("Orientation");
	key(APP_KEY_ACTION, 0);
	assert_true(shown("paysage"));
	id = last_request(APP_REQ_TECH_SAVE);
	struct tech_settings_answer saved = {.settings = app.visit.tech.settings.settings,
	                                     .note = TECH_SETTINGS_SAVED};
	result(APP_REQ_TECH_SAVE, id, APP_RESULT_OK, &saved, sizeof(saved));
	assert_true(said_key("tech.settings.saved"));
	/* The time-outs step too. */
	focus_on("Avertissement après");
	key(APP_KEY_ACTION, 0);
	assert_int_equal(app.visit.tech.settings.settings.idle_s, 120);
	focus_on("Fin de la session");
	key(APP_KEY_ACTION, 0);
	assert_int_equal(app.visit.tech.settings.settings.end_s, 45);
}

/* The program layer sets app.cfg.volume_default from the saved settings: the next visitor
 * starts there. */
static void test_default_volume_applies_at_the_next_session(void **state)
{
	(void)state;
	app.cfg.volume_default = 80;
	key(APP_KEY_ACTION, 0);
	key(APP_KEY_DIGIT, 1);
	assert_true(app.in_session);
	app.visit.settings.volume = 30;
	chord(); /* ends the session (wiped, settings reset) */
	assert_int_equal(app.visit.settings.volume, 80);
}

static void test_outbox_screen_lists_and_retries(void **state)
{
	(void)state;
	enter_menu();
	focus_on("Boîte d’envoi");
	key(APP_KEY_ACTION, 0);
	assert_ptr_equal(app.screen, &screen_tech_outbox);
	uint32_t id = last_request(APP_REQ_TECH_OUTBOX);
	assert_true(id != 0);
	struct tech_outbox o = {
	    .ok = true, .pending = 3, .oldest_s = 7200, .attention = 2, .count = 2, .retried = -1};
	snprintf(o.entries[0].reference, sizeof(o.entries[0].reference), "K7-41");
	snprintf(o.entries[0].category, sizeof(o.entries[0].category), "complaint_agency");
	o.entries[0].age_s = 7200;
	o.entries[0].attempts = 4;
	snprintf(o.entries[0].error, sizeof(o.entries[0].error), "answer lost");
	snprintf(o.entries[1].reference, sizeof(o.entries[1].reference), "K7-42");
	snprintf(o.entries[1].category, sizeof(o.entries[1].category), "feedback");
	o.entries[1].refused = true;
	o.entries[1].attempts = 1;
	result(APP_REQ_TECH_OUTBOX, id, APP_RESULT_OK, &o, sizeof(o));
	assert_true(shown("3 en attente"));
	assert_true(shown("120 minutes"));
	assert_true(shown("K7-41"));
	assert_true(shown("Plainte au sujet de l’organisme")); /* the category's name */
	assert_true(shown("4, non confirmée"));
	assert_true(shown("non confirmée"));
	assert_true(shown("Commentaire ou compliment")); /* feedback, named as the catalogue does */
	assert_true(shown("refusée par la centrale"));
	char said[4096];
	said_nodes(said, sizeof(said));
	assert_non_null(strstr(said, "K7-42"));
	/* Retry now: asked; the answer says how many go again. */
	focus_on("Réessayer l’envoi");
	key(APP_KEY_ACTION, 0);
	id = last_request(APP_REQ_TECH_RETRY);
	assert_true(id != 0);
	o.retried = 2;
	result(APP_REQ_TECH_RETRY, id, APP_RESULT_OK, &o, sizeof(o));
	assert_true(shown("Envoi relancé pour 2 demandes"));
	said_nodes(said, sizeof(said));
	assert_non_null(strstr(said, "Envoi relancé pour 2 demandes"));
	/* No central: said so. */
	focus_on("Réessayer l’envoi");
	key(APP_KEY_ACTION, 0);
	id = last_request(APP_REQ_TECH_RETRY);
	o.retried = -1;
	result(APP_REQ_TECH_RETRY, id, APP_RESULT_UNREACHABLE, &o, sizeof(o));
	assert_true(shown("Aucune centrale n’est configurée"));
}

static void pointer(enum app_event_type type, int x, int y)
{
	struct app_event ev = {.type = type, .item = -1, .x = x, .y = y, .w = 1080, .h = 1920};
	send(&ev);
	now += 50;
}

static void touch(int x, int y)
{
	pointer(APP_EV_POINTER_DOWN, x, y);
	pointer(APP_EV_POINTER_UP, x, y);
}

static void test_touch_test_hits_misses_and_done(void **state)
{
	(void)state;
	int x, y, side;
	enter_menu();
	assert_int_equal(app_go(&app, &fx, &screen_tech_touch), 0);
	assert_int_equal(app.view.pattern, VIEW_PATTERN_TOUCH);
	assert_true(shown("Reste à toucher"));
	/* The targets sit in the corners, whole, and the centre. */
	tech_touch_rect(TECH_TOUCH_BOTTOM_RIGHT, 1080, 1920, &x, &y, &side);
	assert_true(side >= 88);
	assert_int_equal(x + side, 1080 - 4);
	assert_int_equal(y + side, 1920 - 4);
	char said[4096];
	pointer(APP_EV_POINTER_DOWN, 10, 10);
	said_nodes(said, sizeof(said));
	pointer(APP_EV_POINTER_UP, 10, 10);
	assert_int_equal(app.view.pattern_hits, 1u << TECH_TOUCH_TOP_LEFT);
	assert_true(shown("coin supérieur gauche."));
	assert_non_null(strstr(said, "coin supérieur gauche"));
	assert_non_null(strstr(said, "1 sur 5"));
	/* A touch between targets: reported, with where and the nearest target. */
	pointer(APP_EV_POINTER_DOWN, 540, 700);
	said_nodes(said, sizeof(said));
	pointer(APP_EV_POINTER_UP, 540, 700);
	assert_true(shown("Toucher manqué en 540, 700"));
	assert_true(shown("centre"));
	assert_non_null(strstr(said, "Toucher manqué en 540, 700"));
	assert_int_equal(app.view.pattern_hits, 1u << TECH_TOUCH_TOP_LEFT);
	for (int i = 1; i < TECH_TOUCH_TARGETS; i++) {
		tech_touch_rect(i, 1080, 1920, &x, &y, &side);
		touch(x + side / 2, y + side / 2);
	}
	assert_int_equal(app.view.pattern_hits, (1u << TECH_TOUCH_TARGETS) - 1);
	assert_true(shown("Les cinq cibles ont été touchées"));
	/* Back leaves, by key. */
	key(APP_KEY_BACK, 0);
	assert_ptr_equal(app.screen, &screen_tech_menu);
}

/* No network at boot, a half-written configuration: the diagnostics name both, as alerts. */
static void test_diag_names_an_unreachable_central_and_a_bad_config(void **state)
{
	(void)state;
	enter_menu();
	assert_int_equal(app_go(&app, &fx, &screen_tech_diag), 0);
	uint32_t id = last_request(APP_REQ_TECH_DIAG);
	struct tech_diag d = {.central = true,
	                      .central_last = -1,
	                      .central_age_s = 300,
	                      .outbox_ok = true,
	                      .count = 1};
	snprintf(d.central_error, sizeof(d.central_error), "unreachable");
	snprintf(d.checks[0].name, sizeof(d.checks[0].name), "config");
	d.checks[0].status = TECH_CHECK_FAIL;
	snprintf(d.checks[0].msg, sizeof(d.checks[0].msg),
	         "/etc/accueil/kiosk.conf:13: expected key = value: that line is skipped");
	result(APP_REQ_TECH_DIAG, id, APP_RESULT_OK, &d, sizeof(d));
	assert_true(shown("Centrale injoignable (unreachable) au dernier essai, il y a 5 minutes"));
	assert_true(shown("config"));
	char said[4096];
	said_nodes(said, sizeof(said));
	assert_non_null(strstr(said, "Centrale injoignable"));
	int alerts = 0;
	for (int i = 0; i < app.view.count; i++)
		alerts += app.view.nodes[i].role == VIEW_ROLE_ALERT;
	assert_int_equal(alerts, 2);
	/* Reached: plain text. */
	key(APP_KEY_BACK, 0);
	assert_int_equal(app_go(&app, &fx, &screen_tech_diag), 0);
	id = last_request(APP_REQ_TECH_DIAG);
	d.central_last = 1;
	d.count = 0;
	result(APP_REQ_TECH_DIAG, id, APP_RESULT_OK, &d, sizeof(d));
	assert_true(shown("jointe il y a 5 minutes"));
}

static void test_pattern_any_key_or_touch_returns(void **state)
{
	(void)state;
	enter_menu();
	assert_int_equal(app_go(&app, &fx, &screen_tech_pattern), 0);
	assert_int_equal(app.view.pattern, VIEW_PATTERN_BARS);
	char said[4096];
	said_nodes(said, sizeof(said));
	assert_non_null(strstr(said, "pixels morts"));
	key(APP_KEY_DIGIT, 5);
	assert_ptr_equal(app.screen, &screen_tech_menu);
	assert_int_equal(app_go(&app, &fx, &screen_tech_pattern), 0);
	pointer(APP_EV_POINTER_DOWN, 500, 500);
	assert_ptr_equal(app.screen, &screen_tech_pattern); /* on release only (T1) */
	pointer(APP_EV_POINTER_UP, 500, 500);
	assert_ptr_equal(app.screen, &screen_tech_menu);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_corner_names),
	    cmocka_unit_test(test_corner_press_needs_five_seconds_in_the_corner),
	    cmocka_unit_test_setup(test_entry_wipes_the_visitors_session, setup),
	    cmocka_unit_test_setup(test_visitor_keys_never_enter, setup),
	    cmocka_unit_test_setup(test_wrong_pin_then_lockout_then_right_pin, setup),
	    cmocka_unit_test_setup(test_empty_pin_is_refused_without_a_request, setup),
	    cmocka_unit_test_setup(test_leaving_returns_to_attract_and_forgets, setup),
	    cmocka_unit_test(test_log_keeps_the_last_lines),
	    cmocka_unit_test(test_settings_values_step_and_wrap),
	    cmocka_unit_test_setup(test_settings_screen_damaged_file_change_full_disk, setup),
	    cmocka_unit_test_setup(test_default_volume_applies_at_the_next_session, setup),
	    cmocka_unit_test_setup(test_outbox_screen_lists_and_retries, setup),
	    cmocka_unit_test_setup(test_touch_test_hits_misses_and_done, setup),
	    cmocka_unit_test_setup(test_pattern_any_key_or_touch_returns, setup),
	    cmocka_unit_test_setup(test_diag_names_an_unreachable_central_and_a_bad_config, setup),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free(strings);
	return rc;
}
