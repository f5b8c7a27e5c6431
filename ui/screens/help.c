/* Help (E3), the first layer: what this screen is for, and the way to the others. */
#include "ui/screens/screens.h"

static void build(const struct app *a, struct view *v)
{
	const struct screen_def *of = a->visit.help_of;
	screen_add(v, a, VIEW_ROLE_HEADING, "help.title", APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_TEXT, of && of->help_key ? of->help_key : "help.screen.other",
	           APP_ACT_NONE);
	screen_add_go(v, a, "help.keypad", &screen_keypad);
	screen_add_go(v, a, "help.tutorial", &screen_tutorial);
	screen_add_go(v, a, "help.options", &screen_options);
	screen_add(v, a, VIEW_ROLE_BUTTON, "common.back", APP_ACT_BACK);
	screen_footer(v, a, true);
}

static const char *sample(struct app *a, int i)
{
	(void)i;
	a->visit.help_of = &screen_home;
	return "";
}

const struct screen_def screen_help = {
    .name = "help",
    .help_next = &screen_keypad,
    .build = build,
    .samples = 1,
    .sample = sample,
};
