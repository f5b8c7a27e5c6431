/* "Display and voice": large text, high contrast, speech rate, blank screen (V1, V2, S7,
 * V5). What the visitor sets here lasts until the session ends (A4). */
#include <stdio.h>

#include "ui/screens/screens.h"

enum {
	ACT_LARGE = APP_ACT_SCREEN,
	ACT_CONTRAST,
	ACT_BLANK,
	ACT_RATE,
	ACT_SPEECH,
	ACT_SOFTER,
	ACT_LOUDER,
	ACT_ALOUD,
};

static void checkbox(struct view *v, const struct app *a, const char *key, int action, bool on)
{
	struct view_node *n = screen_add(v, a, VIEW_ROLE_CHECKBOX, key, action);
	if (n)
		n->state = on ? VIEW_STATE_CHECKED : VIEW_STATE_UNCHECKED;
}

static void build(const struct app *a, struct view *v)
{
	const struct app_settings *s = &a->visit.settings;
	char rate_key[40];

	struct view_node *n;
	screen_add(v, a, VIEW_ROLE_HEADING, "options.title", APP_ACT_NONE);
	checkbox(v, a, "options.large", ACT_LARGE, s->large_text);
	checkbox(v, a, "options.contrast", ACT_CONTRAST, s->high_contrast);
	n = screen_add(v, a, VIEW_ROLE_BUTTON, "options.rate", ACT_RATE);
	snprintf(rate_key, sizeof(rate_key), "options.rate.%d", s->rate);
	screen_set_value(v, n, i18n_get(a->strings, s->lang, rate_key));
	checkbox(v, a, "options.blank", ACT_BLANK, s->blank);
	/* K4: speech and volume by touch too, not only from the keypad. */
	checkbox(v, a, "options.speech", ACT_SPEECH, a->speech_mode);
	n = screen_add(v, a, VIEW_ROLE_TEXT, "options.volume", APP_ACT_NONE);
	screen_set_volume(v, a, n);
	screen_add(v, a, VIEW_ROLE_BUTTON, "volume.softer", ACT_SOFTER);
	screen_add(v, a, VIEW_ROLE_BUTTON, "volume.louder", ACT_LOUDER);
	/* S9: what the visitor types is said through the headphones only, unless they choose the
	 * speaker knowing others may hear. */
	checkbox(v, a, "options.aloud", ACT_ALOUD, s->personal_aloud);
	screen_add(v, a, VIEW_ROLE_BUTTON, "common.back", APP_ACT_BACK);
	screen_footer(v, a, true);
}

static void act(struct app *a, int action, struct app_fx_list *fx)
{
	struct app_settings *s = &a->visit.settings;
	if (action == ACT_SOFTER || action == ACT_LOUDER) {
		app_volume(a, fx, action == ACT_LOUDER ? 10 : -10);
		return;
	}
	if (action == ACT_SPEECH) {
		if (a->speech_mode) {
			app_speech_off(a, fx);
			app_rebuild(a);
			return;
		}
		app_speech_on(a, fx);
		app_rebuild(a);
		app_cue(a, fx, CUE_CHECKED);
		app_speak(a, fx, APP_FX_SPEAK_FOCUS, NULL, s->lang, APP_TO_LISTENER);
		return;
	}
	if (action == ACT_ALOUD) {
		s->personal_aloud = !s->personal_aloud;
		app_rebuild(a);
		app_cue(a, fx, s->personal_aloud ? CUE_CHECKED : CUE_UNCHECKED);
		app_speak(a, fx, APP_FX_SPEAK_FOCUS, NULL, s->lang, APP_TO_LISTENER);
		if (s->personal_aloud) /* the warning, said and heard by whoever is near */
			app_speak(a, fx, APP_FX_SPEAK_KEY, "options.aloud.warning", s->lang,
			          APP_TO_EVERYONE);
		return;
	}
	if (action == ACT_RATE) {
		s->rate = (s->rate + 1) % 5;
		app_fx_add(fx, APP_FX_RATE, s->rate);
		app_rebuild(a);
		app_speak(a, fx, APP_FX_SPEAK_FOCUS, NULL, s->lang, APP_TO_LISTENER);
		return;
	}
	bool *flag = action == ACT_LARGE      ? &s->large_text
	             : action == ACT_CONTRAST ? &s->high_contrast
	                                      : &s->blank;
	*flag = !*flag;
	app_rebuild(a);
	app_cue(a, fx, *flag ? CUE_CHECKED : CUE_UNCHECKED);
	app_speak(a, fx, APP_FX_SPEAK_FOCUS, NULL, s->lang, APP_TO_LISTENER);
}

const struct screen_def screen_options = {
    .name = "options",
    .help_key = "help.screen.options",
    .build = build,
    .act = act,
    .samples = 1,
};
