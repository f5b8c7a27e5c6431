/* Technician mode, first: the PIN, on the digit keys or the on-screen numeric pad. Digits are
 * shown as dots and said as "digit typed", never themselves; a wrong PIN and the lock-out (its
 * time) are shown and said. End returns to the attract screen. */
#include <stdio.h>
#include <string.h>

#include "firmware/core/text.h"
#include "ui/screens/tech.h"

enum {
	ACT_VALIDATE = APP_ACT_SCREEN,
	ACT_ERASE,
	ACT_FIELD,
	ACT_KEY = APP_ACT_SCREEN + 16, /* + the digit */
};

static void error_node(struct view *v, const struct app *a)
{
	const struct tech *t = &a->visit.tech;
	enum lang l = a->visit.settings.lang;
	char n[16], text[VIEW_TEXT_MAX];
	if (!t->error)
		return;
	if (!i18n_has(a->strings, l, t->error))
		v->missing++;
	snprintf(n, sizeof(n), "%u",
	         !strcmp(t->error, "tech.pin.locked") ? t->wait_s : t->tries_left);
	if (i18n_format(a->strings, l, t->error, text, sizeof(text), "seconds", n, "tries", n,
	                I18N_END) < 0) {
		v->overflow++;
		return;
	}
	screen_add_text(v, "tech.pin.error", VIEW_ROLE_ALERT, l, text, APP_ACT_NONE);
}

static void build(const struct app *a, struct view *v)
{
	const struct tech *t = &a->visit.tech;
	enum lang l = a->visit.settings.lang;
	char count[16], value[VIEW_VALUE_MAX];

	screen_add(v, a, VIEW_ROLE_HEADING, "tech.pin.title", APP_ACT_NONE);
	error_node(v, a);
	screen_add(v, a, VIEW_ROLE_TEXT, "tech.pin.intro", APP_ACT_NONE);
	struct view_node *f = screen_add(v, a, VIEW_ROLE_EDIT, "tech.pin.field", ACT_FIELD);
	if (f) {
		size_t n = strlen(t->pin);
		snprintf(count, sizeof(count), "%d", (int)n);
		if (n == 0)
			value[0] = '\0';
		else if (i18n_format(a->strings, l, "tech.pin.count", value, sizeof(value), "n",
		                     count, I18N_END) < 0)
			v->overflow++;
		screen_set_value(v, f, n ? value : "");
		f->size = VIEW_SIZE_LARGE;
	}
	struct view_node *ok =
	    screen_add(v, a, VIEW_ROLE_BUTTON, "tech.pin.validate", ACT_VALIDATE);
	if (ok && t->state == TECH_CHECKING)
		ok->state = VIEW_STATE_DISABLED;
	screen_add(v, a, VIEW_ROLE_BUTTON, "keyboard.erase", ACT_ERASE);
	screen_add(v, a, VIEW_ROLE_BUTTON, "tech.leave", APP_ACT_END_SESSION);
	static const char *const digits[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"};
	for (int i = 0; i < 10; i++) {
		char id[24];
		snprintf(id, sizeof(id), "tech.key.%s", digits[i]);
		screen_add_text(v, id, VIEW_ROLE_KEY, l, digits[i], ACT_KEY + (digits[i][0] - '0'));
	}
	screen_footer(v, a, false);
}

static void act(struct app *a, int action, struct app_fx_list *fx)
{
	if (action == ACT_VALIDATE || (action == ACT_FIELD && a->visit.tech.pin[0]))
		tech_validate(a, fx);
	else if (action == ACT_ERASE)
		tech_erase(a, fx);
	else if (action == ACT_FIELD)
		app_speak(a, fx, APP_FX_SPEAK_FOCUS, NULL, a->visit.settings.lang, APP_TO_LISTENER);
	else if (action >= ACT_KEY && action <= ACT_KEY + 9)
		tech_type(a, fx, action - ACT_KEY);
}

static bool key(struct app *a, const struct app_event *ev, struct app_fx_list *fx)
{
	if (ev->type == APP_EV_TEXT) {
		if (strcmp(ev->text, "\n") == 0 || strcmp(ev->text, "\r") == 0)
			tech_validate(a, fx);
		else if (ev->text[0] >= '0' && ev->text[0] <= '9' && !ev->text[1])
			tech_type(a, fx, ev->text[0] - '0');
		return true;
	}
	if (ev->key == APP_KEY_ERASE) {
		tech_erase(a, fx);
		return true;
	}
	if (ev->key == APP_KEY_DIGIT) {
		tech_type(a, fx, ev->digit);
		return true;
	}
	return false;
}

static const char *sample(struct app *a, int i)
{
	struct tech *t = &a->visit.tech;
	t->active = true;
	text_copy(t->pin, sizeof(t->pin), "1234");
	if (i == 1) {
		t->pin[0] = '\0';
		t->error = "tech.pin.locked";
		t->wait_s = 30;
		return "locked";
	}
	return "";
}

const struct screen_def screen_tech_pin = {
    .name = "tech_pin",
    .help_key = "help.screen.tech_pin",
    .takes_text = true,
    .build = build,
    .act = act,
    .key = key,
    .samples = 2,
    .sample = sample,
};
