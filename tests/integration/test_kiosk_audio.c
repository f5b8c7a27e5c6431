/* The program layer's audio: the device is open while someone listens (speech mode or
 * headphones) and closed on an idle kiosk; what headphones should hear reaches it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>
#include <cmocka.h>

#include "firmware/config.h"
#include "firmware/core/log.h"
#include "firmware/kiosk.h"

static struct config cfg;

static void send(kiosk_t *k, enum app_event_type type, enum app_key key, int digit, uint64_t now)
{
	struct app_event ev = {.type = type, .key = key, .digit = digit, .item = -1};
	kiosk_event(k, &ev, now);
	kiosk_step(k, now);
}

/* Lets time pass on the manual clock until t, delivering what falls due. */
static void run_until(kiosk_t *k, uint64_t *now, uint64_t t)
{
	while (*now < t) {
		uint64_t next = kiosk_next_deadline(k, *now);
		*now = next > *now && next < t ? next : t;
		kiosk_step(k, *now);
	}
}

static void test_idle_hint_reaches_the_headphones_after_a_session(void **state)
{
	(void)state;
	kiosk_t *k;
	uint64_t now = 1000;
	struct kiosk_options o = {.cfg = &cfg, .width = 1080, .height = 1920, .audio = "null"};
	assert_int_equal(kiosk_new(&o, now, &k), 0);
	kiosk_step(k, now);
	assert_int_equal(kiosk_audio_first_voiced_ns(k), 0); /* nobody listens: no device */

	send(k, APP_EV_HEADPHONES_IN, APP_KEY_NONE, 0, now);
	assert_true(kiosk_audio_first_voiced_ns(k) != 0); /* the greeting */
	send(k, APP_EV_KEY, APP_KEY_DIGIT, 2, now += 500);
	/* Finish (after the three task tiles): the session ends, headphones still in */
	send(k, APP_EV_KEY, APP_KEY_DOWN, 0, now += 500);
	send(k, APP_EV_KEY, APP_KEY_DOWN, 0, now += 500);
	send(k, APP_EV_KEY, APP_KEY_DOWN, 0, now += 500);
	send(k, APP_EV_KEY, APP_KEY_DOWN, 0, now += 500);
	send(k, APP_EV_KEY, APP_KEY_ACTION, 0, now += 500);
	assert_false(kiosk_app(k)->in_session);
	assert_false(kiosk_app(k)->speech_mode);
	/* "The session has ended", then the idle hint a few seconds after it */
	run_until(k, &now, now + 30000);
	run_until(k, &now, now + 20000);
	assert_true(kiosk_audio_first_voiced_ns(k) != 0);
	assert_true(kiosk_audio_queued(k) == 0 || kiosk_app(k)->speaking);

	/* Headphones out on the attract screen: the device closes */
	send(k, APP_EV_HEADPHONES_OUT, APP_KEY_NONE, 0, now += 100);
	run_until(k, &now, now + 1000);
	assert_int_equal(kiosk_audio_first_voiced_ns(k), 0);
	kiosk_free(k);
}

static void test_fatal_condition_shows_unavailable(void **state)
{
	(void)state;
	kiosk_t *k;
	uint64_t now = 1000;
	struct kiosk_options o = {.cfg = &cfg, .width = 1080, .height = 1920, .audio = "null"};
	assert_int_equal(kiosk_new(&o, now, &k), 0);
	send(k, APP_EV_KEY, APP_KEY_DIGIT, 2, now += 500);
	assert_true(kiosk_app(k)->in_session);
	kiosk_fail(k, "test", now += 10);
	assert_true(kiosk_step(k, now));
	assert_string_equal(kiosk_app(k)->screen->name, "unavailable");
	assert_false(kiosk_app(k)->in_session);
	assert_string_equal(kiosk_shown(k)->nodes[0].text, "Service non disponible");
	kiosk_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_idle_hint_reaches_the_headphones_after_a_session),
	    cmocka_unit_test(test_fatal_condition_shows_unavailable),
	};
	config_defaults(&cfg);
	log_set_level(LOG_WARN);
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	SDL_Init(0);
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	SDL_Quit();
	return rc;
}
