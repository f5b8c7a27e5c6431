/* Layered help (E3): this screen, the keypad, a tutorial that teaches the keys. */
#include <stdio.h>

#include "ui/screens/screens.h"

static const char *help_key_for(enum app_screen s)
{
	switch (s) {
	case APP_SCREEN_ATTRACT:
		return "help.screen.attract";
	case APP_SCREEN_HOME:
		return "help.screen.home";
	case APP_SCREEN_STAFF:
		return "help.screen.staff";
	case APP_SCREEN_OPTIONS:
		return "help.screen.options";
	default:
		return "help.screen.other";
	}
}

void screen_help(const struct app *a, struct view *v)
{
	screen_add(v, a, VIEW_ROLE_HEADING, "help.title", APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_TEXT, help_key_for((enum app_screen)a->help_layer_of),
	           APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_BUTTON, "help.keypad", APP_ACT_KEYPAD);
	screen_add(v, a, VIEW_ROLE_BUTTON, "help.tutorial", APP_ACT_TUTORIAL);
	screen_add(v, a, VIEW_ROLE_BUTTON, "help.options", APP_ACT_OPTIONS);
	screen_add(v, a, VIEW_ROLE_BUTTON, "common.back", APP_ACT_BACK);
	screen_footer(v, a, true);
}

void screen_keypad(const struct app *a, struct view *v)
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

static const struct {
	enum app_key key;
	const char *instruction;
} tutorial_steps[APP_TUTORIAL_STEPS] = {
    {APP_KEY_DOWN, "tutorial.step.down"},     {APP_KEY_UP, "tutorial.step.up"},
    {APP_KEY_ACTION, "tutorial.step.action"}, {APP_KEY_HELP, "tutorial.step.help"},
    {APP_KEY_BACK, "tutorial.step.back"},
};

enum app_key screen_tutorial_key(int step)
{
	return step >= 0 && step < APP_TUTORIAL_STEPS ? tutorial_steps[step].key : APP_KEY_NONE;
}

const char *screen_tutorial_instruction(int step)
{
	return step >= 0 && step < APP_TUTORIAL_STEPS ? tutorial_steps[step].instruction
	                                              : "tutorial.done";
}

void screen_tutorial(const struct app *a, struct view *v)
{
	char n[16], total[16], progress[VIEW_TEXT_MAX];
	int step =
	    a->tutorial_step < APP_TUTORIAL_STEPS ? a->tutorial_step : APP_TUTORIAL_STEPS - 1;

	snprintf(n, sizeof(n), "%d", step + 1);
	snprintf(total, sizeof(total), "%d", APP_TUTORIAL_STEPS);
	i18n_format(a->strings, a->settings.lang, "tutorial.progress", progress, sizeof(progress),
	            "n", n, "total", total, I18N_END);
	screen_add(v, a, VIEW_ROLE_HEADING, "tutorial.title", APP_ACT_NONE);
	screen_add_text(v, VIEW_ROLE_TEXT, a->settings.lang, progress, APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_TEXT, screen_tutorial_instruction(step), APP_ACT_NONE);
	screen_footer(v, a, true);
}

void screen_options(const struct app *a, struct view *v)
{
	char rate_key[40];
	struct view_node *n;

	screen_add(v, a, VIEW_ROLE_HEADING, "options.title", APP_ACT_NONE);
	if ((n = screen_add(v, a, VIEW_ROLE_CHECKBOX, "options.large", APP_ACT_TOGGLE_LARGE)))
		n->state = a->settings.large_text ? VIEW_STATE_CHECKED : VIEW_STATE_UNCHECKED;
	if ((n = screen_add(v, a, VIEW_ROLE_CHECKBOX, "options.contrast", APP_ACT_TOGGLE_CONTRAST)))
		n->state = a->settings.high_contrast ? VIEW_STATE_CHECKED : VIEW_STATE_UNCHECKED;
	if ((n = screen_add(v, a, VIEW_ROLE_BUTTON, "options.rate", APP_ACT_NEXT_RATE))) {
		snprintf(rate_key, sizeof(rate_key), "options.rate.%d", a->settings.rate);
		const char *rate = i18n_get(a->strings, a->settings.lang, rate_key);
		snprintf(n->value, sizeof(n->value), "%s", rate);
	}
	if ((n = screen_add(v, a, VIEW_ROLE_CHECKBOX, "options.blank", APP_ACT_TOGGLE_BLANK)))
		n->state = a->settings.blank ? VIEW_STATE_CHECKED : VIEW_STATE_UNCHECKED;
	screen_add(v, a, VIEW_ROLE_BUTTON, "common.back", APP_ACT_BACK);
	screen_footer(v, a, true);
}
