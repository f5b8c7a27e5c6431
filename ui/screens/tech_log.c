/* Technician mode: the last lines of the kiosk's log (firmware/core/log.h), as logged (in
 * English; logs hold no personal data by rule). Copied when the screen is entered. */
#include <stdio.h>
#include <string.h>

#include "firmware/core/log.h"
#include "firmware/core/text.h"
#include "ui/screens/tech.h"

static void build(const struct app *a, struct view *v)
{
	const struct tech *t = &a->visit.tech;
	screen_add(v, a, VIEW_ROLE_HEADING, "tech.log.title", APP_ACT_NONE);
	if (t->log_count == 0)
		screen_add(v, a, VIEW_ROLE_TEXT, "tech.log.empty", APP_ACT_NONE);
	for (int i = 0; i < t->log_count; i++) {
		char id[24];
		snprintf(id, sizeof(id), "tech.log.%d", i);
		screen_add_text(v, id, VIEW_ROLE_TEXT, LANG_EN, t->log[i], APP_ACT_NONE);
	}
	screen_add(v, a, VIEW_ROLE_BUTTON, "common.back", APP_ACT_BACK);
	screen_footer(v, a, false);
}

static void enter(struct app *a, struct app_fx_list *fx)
{
	struct tech *t = &a->visit.tech;
	t->log_count = log_recent(&t->log[0][0], TECH_LOG_LINES, TECH_LOG_LINE_MAX);
	app_rebuild(a);
	tech_speak_texts(a, fx);
}

static const char *sample(struct app *a, int i)
{
	struct tech *t = &a->visit.tech;
	(void)i;
	t->active = true;
	t->state = TECH_IN;
	text_copy(t->log[0], sizeof(t->log[0]), "info screen: tech_menu (fr)");
	text_copy(t->log[1], sizeof(t->log[1]),
	          "warn printer: test page not printed: no printer (-19)");
	t->log_count = 2;
	return "";
}

const struct screen_def screen_tech_log = {
    .name = "tech_log",
    .help_key = "help.screen.tech_log",
    .build = build,
    .enter = enter,
    .samples = 1,
    .sample = sample,
};
