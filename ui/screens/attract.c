/* Attract screen: "Bonjour / Hello" and the language choice (A2, A3). */
#include <stdio.h>

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
	struct view_node *n = both(v, a, VIEW_ROLE_HEADING, "attract.hello", APP_ACT_NONE);
	if (n)
		n->size = VIEW_SIZE_HUGE;
	for (int l = 0; l < LANG_COUNT; l++) {
		n = screen_add_text(v, l == LANG_FR ? "attract.fr" : "attract.en", VIEW_ROLE_BUTTON,
		                    (enum lang)l, i18n_get(a->strings, (enum lang)l, "lang.name"),
		                    l == LANG_FR ? ACT_FR : ACT_EN);
		if (n)
			n->size = VIEW_SIZE_LARGE;
	}
	/* The idle hint is printed here too (A2), in each language. */
	for (int l = 0; l < LANG_COUNT; l++) {
		char text[VIEW_TEXT_MAX];
		const char *touch = i18n_get(a->strings, (enum lang)l, "attract.touch");
		const char *keys = i18n_get(a->strings, (enum lang)l, "attract.keys");
		if ((size_t)snprintf(text, sizeof(text), "%s %s", touch, keys) >= sizeof(text)) {
			v->overflow++;
			continue;
		}
		screen_add_text(v, l == LANG_FR ? "attract.touch.fr" : "attract.touch.en",
		                VIEW_ROLE_TEXT, (enum lang)l, text, APP_ACT_NONE);
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
	a->focus = 1 + (int)a->visit.settings.lang; /* the button of the sample's language */
	a->focus_id = 0;
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
