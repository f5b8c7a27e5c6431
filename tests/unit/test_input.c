/* SDL events to kiosk input: every K1 key on any keyboard, auto-repeat dropped,
 * nothing a visitor presses means "quit", touch activation on release. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <SDL.h>
#include <cmocka.h>

#include "ui/input_sdl.h"

static struct input_event map_key(SDL_Keycode sym, Uint16 mod, Uint8 repeat)
{
	SDL_Event e;
	struct input_event in;
	memset(&e, 0, sizeof(e));
	e.type = SDL_KEYDOWN;
	e.key.keysym.sym = sym;
	e.key.keysym.mod = mod;
	e.key.repeat = repeat;
	input_from_sdl(&e, 1080, 1920, false, &in);
	return in;
}

static void expect_key(SDL_Keycode sym, Uint16 mod, enum app_key key)
{
	struct input_event in = map_key(sym, mod, 0);
	assert_int_equal(in.kind, INPUT_KEY);
	assert_int_equal(in.ev.type, APP_EV_KEY);
	assert_int_equal(in.ev.key, key);
}

static void test_ez_access_keys_on_any_keyboard(void **state)
{
	(void)state;
	expect_key(SDLK_UP, 0, APP_KEY_UP);
	expect_key(SDLK_TAB, KMOD_LSHIFT, APP_KEY_UP);
	expect_key(SDLK_DOWN, 0, APP_KEY_DOWN);
	expect_key(SDLK_TAB, 0, APP_KEY_DOWN);
	expect_key(SDLK_RETURN, 0, APP_KEY_ACTION);
	expect_key(SDLK_KP_ENTER, 0, APP_KEY_ACTION);
	expect_key(SDLK_ESCAPE, 0, APP_KEY_BACK);
	expect_key(SDLK_BACKSPACE, 0, APP_KEY_ERASE); /* Back, except in a text field */
	expect_key(SDLK_F1, 0, APP_KEY_HELP);
	expect_key(SDLK_SLASH, KMOD_LSHIFT, APP_KEY_HELP); /* '?' */
	expect_key(SDLK_KP_MINUS, 0, APP_KEY_VOL_DOWN);
	expect_key(SDLK_KP_PLUS, 0, APP_KEY_VOL_UP);
	expect_key(SDLK_EQUALS, KMOD_RSHIFT, APP_KEY_VOL_UP); /* '+' */
	expect_key(SDLK_KP_MULTIPLY, 0, APP_KEY_LANG);
	expect_key(SDLK_8, KMOD_LSHIFT, APP_KEY_LANG);   /* '*' */
	expect_key(SDLK_3, KMOD_LSHIFT, APP_KEY_REPEAT); /* '#' */
	struct input_event in = map_key(SDLK_KP_7, 0, 0);
	assert_int_equal(in.ev.key, APP_KEY_DIGIT);
	assert_int_equal(in.ev.digit, 7);
	in = map_key(SDLK_0, 0, 0);
	assert_int_equal(in.ev.digit, 0);
}

static void test_repeat_and_quit_keys_do_nothing(void **state)
{
	(void)state;
	assert_int_equal(map_key(SDLK_DOWN, 0, 1).kind, INPUT_NONE);
	assert_int_equal(map_key(SDLK_F4, KMOD_LALT, 0).ev.key, APP_KEY_RATE); /* F4 alone: rate */
	assert_int_equal(map_key(SDLK_q, KMOD_LCTRL, 0).kind, INPUT_NONE);
	assert_int_equal(map_key(SDLK_w, KMOD_LCTRL, 0).kind, INPUT_NONE);
	SDL_Event e;
	struct input_event in;
	memset(&e, 0, sizeof(e));
	e.type = SDL_QUIT;
	input_from_sdl(&e, 1080, 1920, false, &in);
	assert_int_equal(in.kind, INPUT_NONE);
	e.type = SDL_WINDOWEVENT;
	e.window.event = SDL_WINDOWEVENT_CLOSE;
	input_from_sdl(&e, 1080, 1920, false, &in);
	assert_int_equal(in.kind, INPUT_NONE);
}

static void test_touch_scaled_and_mouse_from_touch_ignored(void **state)
{
	(void)state;
	SDL_Event e;
	struct input_event in;
	memset(&e, 0, sizeof(e));
	e.type = SDL_FINGERUP;
	e.tfinger.x = 0.5f;
	e.tfinger.y = 0.25f;
	input_from_sdl(&e, 1080, 1920, false, &in);
	assert_int_equal(in.kind, INPUT_POINTER);
	assert_int_equal(in.ev.type, APP_EV_POINTER_UP);
	assert_int_equal(in.x, 540);
	assert_int_equal(in.y, 480);
	memset(&e, 0, sizeof(e));
	e.type = SDL_MOUSEBUTTONDOWN;
	e.button.which = SDL_TOUCH_MOUSEID;
	e.button.button = SDL_BUTTON_LEFT;
	input_from_sdl(&e, 1080, 1920, false, &in);
	assert_int_equal(in.kind, INPUT_NONE);
	e.button.which = 0;
	e.button.x = 10;
	e.button.y = 20;
	input_from_sdl(&e, 1080, 1920, false, &in);
	assert_int_equal(in.ev.type, APP_EV_POINTER_DOWN);
	assert_int_equal(in.y, 20);
}

static void test_script_key_names(void **state)
{
	(void)state;
	struct app_event ev;
	assert_int_equal(input_key_from_name("vol+", &ev), 0);
	assert_int_equal(ev.key, APP_KEY_VOL_UP);
	assert_int_equal(input_key_from_name("9", &ev), 0);
	assert_int_equal(ev.digit, 9);
	assert_int_equal(input_key_from_name("10", &ev), -EINVAL);
	assert_int_equal(input_key_from_name("quit", &ev), -EINVAL);
}

/* In a text field printable keys type; navigation keys keep their meaning. */
static void test_typing_takes_text_not_keys(void **state)
{
	(void)state;
	SDL_Event e;
	struct input_event in;
	memset(&e, 0, sizeof(e));
	e.type = SDL_KEYDOWN;
	e.key.keysym.sym = SDLK_MINUS; /* volume down, unless typing */
	input_from_sdl(&e, 1080, 1920, true, &in);
	assert_int_equal(in.kind, INPUT_NONE);
	e.key.keysym.sym = SDLK_SPACE;
	input_from_sdl(&e, 1080, 1920, true, &in);
	assert_int_equal(in.kind, INPUT_NONE);
	e.key.keysym.sym = SDLK_DOWN;
	input_from_sdl(&e, 1080, 1920, true, &in);
	assert_int_equal(in.ev.key, APP_KEY_DOWN);
	e.key.keysym.sym = SDLK_BACKSPACE;
	input_from_sdl(&e, 1080, 1920, true, &in);
	assert_int_equal(in.ev.key, APP_KEY_ERASE);
	memset(&e, 0, sizeof(e));
	e.type = SDL_TEXTINPUT;
	memcpy(e.text.text, "é", sizeof("é"));
	input_from_sdl(&e, 1080, 1920, true, &in);
	assert_int_equal(in.kind, INPUT_KEY);
	assert_int_equal(in.ev.type, APP_EV_TEXT);
	assert_string_equal(in.ev.text, "é");
	input_from_sdl(&e, 1080, 1920, false, &in);
	assert_int_equal(in.kind, INPUT_NONE); /* no field: text means nothing */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_typing_takes_text_not_keys),
	    cmocka_unit_test(test_ez_access_keys_on_any_keyboard),
	    cmocka_unit_test(test_repeat_and_quit_keys_do_nothing),
	    cmocka_unit_test(test_touch_scaled_and_mouse_from_touch_ignored),
	    cmocka_unit_test(test_script_key_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
