/* Technician mode (firmware/core/flows/technician.c, ui/screens/tech_*.c): entry by the chord
 * or a corner press, the visitor's session wiped first, the PIN's answers, leaving; and the
 * log's recent lines it shows. */
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
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free(strings);
	return rc;
}
