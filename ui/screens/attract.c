/* Attract screen: "Bonjour / Hello" and the language choice (A2, A3). */
#include <stdio.h>
#include <string.h>

#include "firmware/core/text.h"
#include "ui/screens/screens.h"

enum { ACT_FR = APP_ACT_SCREEN, ACT_EN };

static struct view_node *both(struct view *v, const struct app *a, enum view_role role,
                              const char *key, int action)
{
	struct view_node *n =
	    screen_add_text(v, key, role, LANG_FR, i18n_get(a->strings, LANG_FR, key), action);
	if (n && text_copy(n->text2, sizeof(n->text2), i18n_get(a->strings, LANG_EN, key)) < 0)
		v->overflow++;
	return n;
}

static void build(const struct app *a, struct view *v)
{
	struct view_node *n;
	/* Seen from two metres in a lobby: everything in the body, centred, the language
	 * buttons largest after the greeting; nothing hides in the bottom third. */
	v->centered = true;
	/* No ring before a key is used or speech is on: to a passer-by a ringed title looks
	 * like a text field (issue 12). Any key starts speech mode (A1). */
	v->focus_hidden = !a->speech_mode;
	/* The agency's identity, from the configuration: its name, its logo beside it. */
	if (a->cfg.agency[LANG_FR][0] || a->cfg.agency[LANG_EN][0]) {
		bool same = !strcmp(a->cfg.agency[LANG_FR], a->cfg.agency[LANG_EN]);
		enum lang first = a->cfg.agency[LANG_FR][0] ? LANG_FR : LANG_EN;
		n = screen_add_text(v, "attract.agency", VIEW_ROLE_TEXT, first,
		                    a->cfg.agency[first], APP_ACT_NONE);
		if (n && first == LANG_FR && !same && a->cfg.agency[LANG_EN][0] &&
		    text_copy(n->text2, sizeof(n->text2), a->cfg.agency[LANG_EN]) < 0)
			v->overflow++;
		if (n) {
			n->size = VIEW_SIZE_LARGE;
			n->icon = a->cfg.logo ? VIEW_ICON_LOGO : VIEW_ICON_NONE;
		}
	}
	n = both(v, a, VIEW_ROLE_HEADING, "attract.hello", APP_ACT_NONE);
	if (n) {
		n->size = VIEW_SIZE_HUGE;
		n->region = VIEW_REGION_BODY;
	}
	/* For touch: the invitation; the keypad's digits are signage below (and spoken, A2). */
	for (int l = 0; l < LANG_COUNT; l++)
		screen_add_text(v, l == LANG_FR ? "attract.touch.fr" : "attract.touch.en",
		                VIEW_ROLE_TEXT, (enum lang)l,
		                i18n_get(a->strings, (enum lang)l, "attract.touch"), APP_ACT_NONE);
	for (int l = 0; l < LANG_COUNT; l++) {
		n = screen_add_text(v, l == LANG_FR ? "attract.fr" : "attract.en", VIEW_ROLE_BUTTON,
		                    (enum lang)l, i18n_get(a->strings, (enum lang)l, "lang.name"),
		                    l == LANG_FR ? ACT_FR : ACT_EN);
		if (n)
			n->size = VIEW_SIZE_HUGE;
	}
	/* The EZ Access sign: a headphone plug and a keypad, and one short line in each
	 * language with the language's key (the idle hint A2 says the same). */
	char sign[LANG_COUNT][VIEW_TEXT_MAX / 4];
	for (int l = 0; l < LANG_COUNT; l++)
		if ((size_t)snprintf(sign[l], sizeof(sign[l]), "%s %s",
		                     i18n_get(a->strings, (enum lang)l, "attract.sign"),
		                     i18n_get(a->strings, (enum lang)l, "attract.keys")) >=
		    sizeof(sign[l]))
			v->overflow++;
	n = screen_add_text(v, "attract.sign", VIEW_ROLE_TEXT, LANG_FR, sign[LANG_FR],
	                    APP_ACT_NONE);
	if (n) {
		if (text_copy(n->text2, sizeof(n->text2), sign[LANG_EN]) < 0)
			v->overflow++;
		n->icon = VIEW_ICON_JACK_KEYPAD;
		n->size = VIEW_SIZE_SMALL;
	}
	if ((n = both(v, a, VIEW_ROLE_BUTTON, "common.help", APP_ACT_HELP)))
		n->region = VIEW_REGION_FOOTER;
	if ((n = both(v, a, VIEW_ROLE_BUTTON, "common.staff", APP_ACT_STAFF)))
		n->region = VIEW_REGION_FOOTER;
	screen_volume_control(v, a);
}

static void act(struct app *a, int action, struct app_fx_list *fx)
{
	app_session_start(a, fx, action == ACT_FR ? LANG_FR : LANG_EN);
}

/* 1 and 2 choose the language (A3); the key counts as using the keypad. */
static bool key(struct app *a, const struct app_event *ev, struct app_fx_list *fx)
{
	if (ev->key != APP_KEY_DIGIT || (ev->digit != 1 && ev->digit != 2))
		return false;
	app_speech_on(a, fx);
	app_session_start(a, fx, ev->digit == 1 ? LANG_FR : LANG_EN);
	return true;
}

static const char *sample(struct app *a, int i)
{
	(void)i;
	a->in_session = false;
	/* the button of the sample's language */
	a->focus_id = view_id(a->visit.settings.lang == LANG_FR ? "attract.fr" : "attract.en");
	return "";
}

const struct screen_def screen_attract = {
    .name = "attract",
    .help_key = "help.screen.attract",
    .bilingual = true,
    .build = build,
    .act = act,
    .key = key,
    .samples = 1,
    .sample = sample,
};
