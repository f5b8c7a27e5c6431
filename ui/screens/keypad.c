/* Help, the second layer: the keypad guide (K1). */
#include "ui/screens/screens.h"

static void build(const struct app *a, struct view *v)
{
	static const char *const keys[] = {"keypad.arrows", "keypad.action", "keypad.back",
	                                   "keypad.help",   "keypad.volume", "keypad.digits",
	                                   "keypad.star",   "keypad.pound"};
	screen_add(v, a, VIEW_ROLE_HEADING, "keypad.title", APP_ACT_NONE);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		screen_add(v, a, VIEW_ROLE_TEXT, keys[i], APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_BUTTON, "common.back", APP_ACT_BACK);
	screen_footer(v, a, true);
}

const struct screen_def screen_keypad = {
    .name = "keypad",
    .help_key = "help.screen.other",
    .help_next = &screen_tutorial,
    .build = build,
    .samples = 1,
};
