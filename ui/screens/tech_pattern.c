/* Technician mode: the display test pattern (colour bars, grey steps, a one-pixel grid and
 * border, drawn by the renderer over the whole screen: ui/render_sdl.c). Its title and what to
 * look for are spoken; any key or a touch returns to the menu. */
#include "ui/screens/tech.h"

static void build(const struct app *a, struct view *v)
{
	screen_add(v, a, VIEW_ROLE_HEADING, "tech.pattern.title", APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_TEXT, "tech.pattern.intro", APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_BUTTON, "common.back", APP_ACT_BACK);
	v->pattern = VIEW_PATTERN_BARS;
}

static void enter(struct app *a, struct app_fx_list *fx)
{
	tech_speak_texts(a, fx);
}

/* Every key returns (the pattern hides the buttons): a technician looking at the panel must
 * not have to find one. */
static bool key(struct app *a, const struct app_event *ev, struct app_fx_list *fx)
{
	if (ev->type == APP_EV_TEXT)
		return true;
	app_back(a, fx);
	return true;
}

/* A touch returns when the finger is lifted (T1: on release), wherever it is. */
static bool pointer(struct app *a, const struct app_event *ev, struct app_fx_list *fx)
{
	if (ev->type == APP_EV_POINTER_UP)
		app_back(a, fx);
	return true;
}

static const char *sample(struct app *a, int i)
{
	(void)i;
	a->visit.tech.active = true;
	a->visit.tech.state = TECH_IN;
	return "";
}

const struct screen_def screen_tech_pattern = {
    .name = "tech_pattern",
    .help_key = "help.screen.tech_pattern",
    .build = build,
    .key = key,
    .pointer = pointer,
    .enter = enter,
    .samples = 1,
    .sample = sample,
};
