/* Help, the third layer: a tutorial that teaches the keys one at a time. Its steps and
 * key handling are the core's (firmware/core/tutorial.c). */
#include <stdio.h>

#include "firmware/core/tutorial.h"
#include "ui/screens/screens.h"

static void build(const struct app *a, struct view *v)
{
	char n[16], total[16], progress[VIEW_TEXT_MAX];
	int step =
	    a->visit.tutorial_step < TUTORIAL_STEPS ? a->visit.tutorial_step : TUTORIAL_STEPS - 1;

	snprintf(n, sizeof(n), "%d", step + 1);
	snprintf(total, sizeof(total), "%d", TUTORIAL_STEPS);
	screen_add(v, a, VIEW_ROLE_HEADING, "tutorial.title", APP_ACT_NONE);
	if (i18n_format(a->strings, a->visit.settings.lang, "tutorial.progress", progress,
	                sizeof(progress), "n", n, "total", total, I18N_END) < 0)
		v->overflow++;
	else
		screen_add_text(v, "tutorial.progress", VIEW_ROLE_TEXT, a->visit.settings.lang,
		                progress, APP_ACT_NONE);
	const char *instruction = tutorial_instruction(step);
	enum lang l = a->visit.settings.lang;
	if (!i18n_has(a->strings, l, instruction))
		v->missing++;
	screen_add_text(v, TUTORIAL_INSTRUCTION_ID, VIEW_ROLE_TEXT, l,
	                i18n_get(a->strings, l, instruction), APP_ACT_NONE);
	if (a->visit.tutorial_leaving)
		screen_add(v, a, VIEW_ROLE_ALERT, "tutorial.leave", APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_BUTTON, "tutorial.quit", APP_ACT_BACK);
	screen_footer(v, a, true);
}

const struct screen_def screen_tutorial = {
    .name = "tutorial",
    .help_key = "help.screen.other",
    .build = build,
    .key = tutorial_handle_key,
    .enter = tutorial_enter,
    .samples = 1,
};
