/* Technician mode: the few settings a technician may change. Each is a button whose Action
 * moves it to its next value (keypad-operable, no typing): default volume, orientation, the
 * inactivity warning and the session's end. Each change is saved at once in the data
 * directory and applied (APP_REQ_TECH_SAVE): the orientation now, the volume and time-outs from
 * the next visitor. A damaged settings file, or a save that fails (full disk), is shown and
 * said. */
#include <stdio.h>
#include <string.h>

#include "ui/screens/tech.h"

enum {
	ACT_VOLUME = APP_ACT_SCREEN,
	ACT_ORIENTATION,
	ACT_IDLE,
	ACT_END,
};

static const char *note_key(enum tech_settings_note n)
{
	switch (n) {
	case TECH_SETTINGS_DEFAULTS:
		return "tech.settings.defaults";
	case TECH_SETTINGS_DAMAGED:
		return "tech.settings.damaged";
	case TECH_SETTINGS_UNREADABLE:
		return "tech.settings.unreadable";
	case TECH_SETTINGS_SAVED:
		return "tech.settings.saved";
	case TECH_SETTINGS_FULL:
		return "tech.settings.full";
	case TECH_SETTINGS_NOT_SAVED:
		return "tech.settings.not_saved";
	case TECH_SETTINGS_FILE:
		break;
	}
	return NULL;
}

static bool note_is_alert(enum tech_settings_note n)
{
	return n == TECH_SETTINGS_DAMAGED || n == TECH_SETTINGS_UNREADABLE ||
	       n == TECH_SETTINGS_FULL || n == TECH_SETTINGS_NOT_SAVED;
}

/* A button "Default volume: 60 %" whose id stays the key's, so focus stays on it. */
static void setting(struct view *v, const struct app *a, const char *key, const char *value,
                    int action)
{
	enum lang l = a->visit.settings.lang;
	char text[VIEW_TEXT_MAX];
	if (i18n_format(a->strings, l, key, text, sizeof(text), "value", value, I18N_END) < 0)
		v->overflow++;
	else
		screen_add_text(v, key, VIEW_ROLE_BUTTON, l, text, action);
}

static void build(const struct app *a, struct view *v)
{
	const struct tech *t = &a->visit.tech;
	const struct tech_settings *s = &t->settings.settings;
	enum lang l = a->visit.settings.lang;
	char n[16];

	screen_add(v, a, VIEW_ROLE_HEADING, "tech.settings.title", APP_ACT_NONE);
	if (!t->settings_ready) {
		screen_add(v, a, VIEW_ROLE_TEXT, "tech.settings.loading", APP_ACT_NONE);
	} else {
		const char *note = t->settings_note ? note_key(t->settings.note) : NULL;
		if (note)
			screen_add(v, a,
			           note_is_alert(t->settings.note) ? VIEW_ROLE_ALERT
			                                           : VIEW_ROLE_TEXT,
			           note, APP_ACT_NONE);
		snprintf(n, sizeof(n), "%d", s->volume);
		setting(v, a, "tech.settings.volume", n, ACT_VOLUME);
		setting(
		    v, a, "tech.settings.orientation",
		    i18n_get(a->strings, l,
		             s->portrait ? "tech.settings.portrait" : "tech.settings.landscape"),
		    ACT_ORIENTATION);
		snprintf(n, sizeof(n), "%u", s->idle_s);
		setting(v, a, "tech.settings.idle", n, ACT_IDLE);
		snprintf(n, sizeof(n), "%u", s->end_s);
		setting(v, a, "tech.settings.end", n, ACT_END);
		screen_add(v, a, VIEW_ROLE_TEXT, "tech.settings.when", APP_ACT_NONE);
	}
	screen_add(v, a, VIEW_ROLE_BUTTON, "common.back", APP_ACT_BACK);
	screen_footer(v, a, false);
}

static void act(struct app *a, int action, struct app_fx_list *fx)
{
	struct tech *t = &a->visit.tech;
	struct tech_settings *s = &t->settings.settings;
	if (!t->settings_ready)
		return;
	switch (action) {
	case ACT_VOLUME:
		s->volume = tech_settings_next_volume(s->volume);
		break;
	case ACT_ORIENTATION:
		s->portrait = !s->portrait;
		break;
	case ACT_IDLE:
		s->idle_s = tech_settings_next_idle(s->idle_s);
		break;
	case ACT_END:
		s->end_s = tech_settings_next_end(s->end_s);
		break;
	default:
		return;
	}
	/* The new value at once; whether it was saved follows with the answer. */
	t->settings_note = false;
	app_rebuild(a);
	app_speak(a, fx, APP_FX_SPEAK_FOCUS, NULL, a->visit.settings.lang, APP_TO_EVERYONE);
	tech_request(a, fx, APP_REQ_TECH_SAVE);
}

static void enter(struct app *a, struct app_fx_list *fx)
{
	a->visit.tech.settings_ready = false;
	a->visit.tech.settings_note = false;
	tech_request(a, fx, APP_REQ_TECH_SETTINGS);
}

static const char *sample(struct app *a, int i)
{
	struct tech *t = &a->visit.tech;
	t->active = true;
	t->state = TECH_IN;
	t->settings_ready = i != 1;
	t->settings.settings =
	    (struct tech_settings){.volume = 60, .portrait = true, .idle_s = 90, .end_s = 30};
	if (i == 1)
		return "loading";
	if (i == 2) {
		t->settings.note = TECH_SETTINGS_DAMAGED;
		t->settings_note = true;
		return "damaged";
	}
	if (i == 3) {
		t->settings.settings.portrait = false;
		t->settings.note = TECH_SETTINGS_FULL;
		t->settings_note = true;
		return "full";
	}
	return "";
}

const struct screen_def screen_tech_settings = {
    .name = "tech_settings",
    .help_key = "help.screen.tech_settings",
    .build = build,
    .act = act,
    .enter = enter,
    .samples = 4,
    .sample = sample,
};
