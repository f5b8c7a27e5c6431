/* "Discard what you entered?": asked when Back would leave a flow holding the visitor's
 * input. No keeps everything and returns to the step. */
#include "ui/screens/screens.h"

static void build(const struct app *a, struct view *v)
{
	screen_add(v, a, VIEW_ROLE_HEADING, "discard.title", APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_TEXT, "discard.body", APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_BUTTON, "discard.keep", APP_ACT_KEEP);
	screen_add(v, a, VIEW_ROLE_BUTTON, "discard.yes", APP_ACT_DISCARD);
	screen_footer(v, a, true);
}

const struct screen_def screen_discard = {
    .name = "discard",
    .help_key = "help.screen.discard",
    .build = build,
    .samples = 1,
};
