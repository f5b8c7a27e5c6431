/* Checking a status, step 1: the reference, typed on the digit keys or the on-screen numeric
 * keypad (K5) and echoed in groups; checked before any network call with an error that says
 * which mistake it was (E1). Letters come from a keyboard, or K and - on screen, for this
 * kiosk's provisional K… references and other servers' ids. */
#include <stdio.h>
#include <string.h>

#include "firmware/core/flows/status.h"
#include "firmware/core/reference.h"
#include "firmware/core/text.h"
#include "ui/screens/status.h"

enum {
	ACT_FIELD = APP_ACT_SCREEN,
	ACT_LOOK_UP,
	ACT_ERASE,
	ACT_KEY = APP_ACT_SCREEN + 16, /* + the key's index */
};

static const char *const keys[] = {"1", "2", "3", "4", "5", "6", "7",
                                   "8", "9", "0", "K", "-", NULL};

/* "482 193 557 6" while it is all digits; as typed otherwise. */
static void shown(const char *typed, char *out, size_t cap)
{
	size_t n = strlen(typed);
	if (n && strspn(typed, "0123456789") == n && reference_format(typed, n, out, cap) >= 0)
		return;
	snprintf(out, cap, "%s", typed);
}

static void error_node(struct view *v, const struct app *a)
{
	const struct status *s = &a->visit.status;
	enum lang l = a->visit.settings.lang;
	char fix[256], n[16], text[VIEW_TEXT_MAX];
	if (!s->error)
		return;
	snprintf(n, sizeof(n), "%d", s->error_digits);
	if (!i18n_has(a->strings, l, s->error))
		v->missing++;
	if (i18n_format(a->strings, l, s->error, fix, sizeof(fix), "n", n, I18N_END) < 0 ||
	    i18n_format(a->strings, l, "status.error.format", text, sizeof(text), "field",
	                i18n_get(a->strings, l, "status.field"), "fix", fix, I18N_END) < 0) {
		v->overflow++;
		return;
	}
	screen_add_text(v, "status.error", VIEW_ROLE_ALERT, l, text, APP_ACT_NONE);
}

static void build(const struct app *a, struct view *v)
{
	const struct status *s = &a->visit.status;
	enum lang l = a->visit.settings.lang;
	char value[VIEW_VALUE_MAX];

	screen_add(v, a, VIEW_ROLE_HEADING, "status.entry.title", APP_ACT_NONE);
	error_node(v, a);
	screen_add(v, a, VIEW_ROLE_TEXT, "status.entry.intro", APP_ACT_NONE);
	struct view_node *f = screen_add(v, a, VIEW_ROLE_EDIT, "status.field", ACT_FIELD);
	if (f) {
		f->id = view_id("status.edit");
		shown(s->typed, value, sizeof(value));
		screen_set_value(v, f, value);
		/* Grouped with the check digit apart once there are ten; one by one before. */
		size_t n = strlen(s->typed);
		f->value_kind = strspn(s->typed, "0123456789") != n ? VIEW_VALUE_PLAIN
		                : n == REFERENCE_DIGITS             ? VIEW_VALUE_REFERENCE
		                                                    : VIEW_VALUE_DIGITS;
		f->size = VIEW_SIZE_LARGE;
	}
	struct view_node *go = screen_add(v, a, VIEW_ROLE_BUTTON, "status.look_up", ACT_LOOK_UP);
	if (go && s->state == STATUS_LOOKING)
		go->state = VIEW_STATE_DISABLED;
	screen_add(v, a, VIEW_ROLE_BUTTON, "common.back", APP_ACT_BACK);
	for (int i = 0; keys[i]; i++) {
		char id[24];
		snprintf(id, sizeof(id), "status.key.%d", i);
		screen_add_text(v, id, VIEW_ROLE_KEY, l, keys[i], ACT_KEY + i);
	}
	screen_add(v, a, VIEW_ROLE_BUTTON, "keyboard.erase", ACT_ERASE);
	screen_footer(v, a, true);
}

static void type(struct app *a, struct app_fx_list *fx, const char *ch)
{
	struct status *s = &a->visit.status;
	if (s->state == STATUS_LOOKING)
		return;
	s->error = NULL;
	if (status_type(s, ch) < 0) {
		app_cue(a, fx, CUE_NO_ACTION);
		return;
	}
	size_t n = strlen(s->typed);
	text_copy(s->echo, sizeof(s->echo), s->typed + n - 1);
	app_echo(a, fx, s->echo, false, false);
}

static void erase(struct app *a, struct app_fx_list *fx)
{
	struct status *s = &a->visit.status;
	size_t n = strlen(s->typed);
	if (s->state == STATUS_LOOKING)
		return;
	s->error = NULL;
	if (n == 0) {
		app_cue(a, fx, CUE_NO_ACTION);
		app_say(a, fx, "keyboard.empty");
		return;
	}
	text_copy(s->echo, sizeof(s->echo), s->typed + n - 1);
	status_erase(s);
	app_echo(a, fx, s->echo, true, false);
}

static void act(struct app *a, int action, struct app_fx_list *fx)
{
	if (action == ACT_LOOK_UP)
		status_look_up(a, fx);
	else if (action == ACT_ERASE)
		erase(a, fx);
	else if (action == ACT_FIELD && a->visit.status.typed[0])
		status_look_up(a, fx); /* Action in the filled field looks it up, like Enter */
	else if (action == ACT_FIELD)
		app_speak(a, fx, APP_FX_SPEAK_FOCUS, NULL, a->visit.settings.lang, APP_TO_LISTENER);
	else if (action >= ACT_KEY && action < ACT_KEY + (int)(sizeof(keys) / sizeof(keys[0])) - 1)
		type(a, fx, keys[action - ACT_KEY]);
}

static bool key(struct app *a, const struct app_event *ev, struct app_fx_list *fx)
{
	static const struct screen_entry entry = {
	    .type = type, .erase = erase, .done = status_look_up};
	return screen_entry_key(a, ev, fx, &entry);
}

static const char *sample(struct app *a, int i)
{
	struct status *s = &a->visit.status;
	a->visit.here = (struct app_frame){.flow = &flow_status, .step = STATUS_STEP_ENTRY};
	text_copy(s->typed, sizeof(s->typed), "482193557");
	if (i == 1) {
		s->error = "status.error.length";
		s->error_digits = 9;
		return "error";
	}
	return "";
}

const struct screen_def screen_status_entry = {
    .name = "status_entry",
    .help_key = "help.screen.status_entry",
    .takes_text = true,
    .build = build,
    .act = act,
    .key = key,
    .samples = 2,
    .sample = sample,
};
