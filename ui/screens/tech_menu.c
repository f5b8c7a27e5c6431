/* Technician mode's menu, once the PIN matched: diagnostics, the outbox's entries to resolve,
 * the last log lines, the settings, the display pattern and the touch test, the printer's
 * test page, the speech test in both voices, restart, and End
 * (back to the attract screen). Nothing here leads to a shell or a desktop. */
#include "ui/screens/tech.h"

enum {
	ACT_PRINT = APP_ACT_SCREEN,
	ACT_SPEECH,
	ACT_RESTART,
};

static void build(const struct app *a, struct view *v)
{
	const struct tech *t = &a->visit.tech;

	screen_add(v, a, VIEW_ROLE_HEADING, "tech.menu.title", APP_ACT_NONE);
	if (t->printed)
		screen_add(v, a, VIEW_ROLE_TEXT, t->printed, APP_ACT_NONE);
	screen_add_go(v, a, "tech.menu.diag", &screen_tech_diag);
	screen_add_go(v, a, "tech.menu.outbox", &screen_tech_outbox);
	screen_add_go(v, a, "tech.menu.log", &screen_tech_log);
	screen_add_go(v, a, "tech.menu.settings", &screen_tech_settings);
	screen_add_go(v, a, "tech.menu.pattern", &screen_tech_pattern);
	screen_add_go(v, a, "tech.menu.touch", &screen_tech_touch);
	screen_add(v, a, VIEW_ROLE_BUTTON, "tech.menu.print", ACT_PRINT);
	screen_add(v, a, VIEW_ROLE_BUTTON, "tech.menu.speech", ACT_SPEECH);
	screen_add(v, a, VIEW_ROLE_BUTTON, "tech.menu.restart", ACT_RESTART);
	screen_add(v, a, VIEW_ROLE_BUTTON, "tech.leave", APP_ACT_END_SESSION);
	screen_footer(v, a, false);
}

static void act(struct app *a, int action, struct app_fx_list *fx)
{
	switch (action) {
	case ACT_PRINT:
		a->visit.tech.printed = NULL;
		app_say(a, fx, "tech.print.sending");
		tech_request(a, fx, APP_REQ_TECH_PRINT);
		break;
	case ACT_SPEECH:
		/* Each voice says its sentence, to the speaker as well: that is the test. */
		app_speak(a, fx, APP_FX_SPEAK_KEY, "tech.speech.sample", LANG_FR, APP_TO_EVERYONE);
		app_speak(a, fx, APP_FX_SPEAK_KEY, "tech.speech.sample", LANG_EN, APP_TO_EVERYONE);
		break;
	case ACT_RESTART:
		app_say(a, fx, "tech.restart.now");
		tech_request(a, fx, APP_REQ_TECH_RESTART);
		break;
	default:
		break;
	}
}

static const char *sample(struct app *a, int i)
{
	a->visit.tech.active = true;
	a->visit.tech.state = TECH_IN;
	if (i == 1) {
		a->visit.tech.printed = "tech.print.failed";
		return "printed";
	}
	return "";
}

const struct screen_def screen_tech_menu = {
    .name = "tech_menu",
    .help_key = "help.screen.tech_menu",
    .build = build,
    .act = act,
    .samples = 2,
    .sample = sample,
};
