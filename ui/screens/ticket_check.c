/* Taking a ticket, "I already have a ticket": the visitor types the ticket's number (a letter
 * and up to three digits) on the keypad's digit keys, a keyboard or the on-screen pad (the
 * queue's service letters, then digits), and hears and sees where it stands: people ahead, or
 * called to a counter. Checked before any network call (E1); nothing personal: a number. */
#include <stdio.h>
#include <string.h>

#include "firmware/core/flows/ticket.h"
#include "firmware/core/text.h"
#include "ui/screens/ticket.h"

enum {
	ACT_FIELD = APP_ACT_SCREEN,
	ACT_LOOK_UP,
	ACT_ERASE,
	ACT_LETTER = APP_ACT_SCREEN + 8, /* + the service's index */
	ACT_DIGIT = APP_ACT_SCREEN + 24, /* + the digit */
};

static const char *const digits[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

/* The letters on the pad: the queue's services', else A to D. */
static int letters(const struct ticket *t, const char *out[TICKET_SERVICES_MAX])
{
	static const char *const fallback[] = {"A", "B", "C", "D"};
	int n = 0;
	for (int i = 0; t->have_services && i < t->services.count && n < TICKET_SERVICES_MAX; i++)
		if (strlen(t->services.items[i].id) == 1)
			out[n++] = t->services.items[i].id;
	for (int i = 0; n == 0 && i < 4; i++)
		out[i] = fallback[i];
	return n ? n : 4;
}

static void result_node(struct view *v, const struct app *a)
{
	const struct ticket *t = &a->visit.ticket;
	const struct ticket_state *s = &t->state;
	enum lang l = a->visit.settings.lang;
	char text[VIEW_TEXT_MAX], n[16], lo[16], hi[16];
	const char *key;
	enum view_role role = VIEW_ROLE_TEXT;
	int min_m, max_m;

	switch (t->lookup) {
	case TICKET_LOOKUP_FOUND:
		key = s->state == TICKET_CALLED   ? "queue.check.called"
		      : s->state == TICKET_SERVED ? "queue.check.served"
		      : s->state == TICKET_MISSED ? "queue.check.missed"
		      : s->ahead <= 0             ? "queue.check.next"
		      : s->ahead == 1             ? "queue.check.ahead.one"
		                                  : "queue.check.ahead";
		break;
	case TICKET_LOOKUP_NOT_FOUND:
		key = "queue.check.not_found";
		role = VIEW_ROLE_ALERT;
		break;
	case TICKET_LOOKUP_FAILED:
		if (screen_contact_text(a, "queue.check.failed", text, sizeof(text)) == 0)
			screen_add_text(v, "queue.check.result", VIEW_ROLE_ALERT, l, text,
			                APP_ACT_NONE);
		return;
	default:
		return;
	}
	ticket_wait_minutes(s->wait_min_s, s->wait_max_s, &min_m, &max_m);
	snprintf(n, sizeof(n), "%d", s->ahead > 0 ? s->ahead : 0);
	snprintf(lo, sizeof(lo), "%d", min_m);
	snprintf(hi, sizeof(hi), "%d", max_m);
	if (i18n_format(a->strings, l, key, text, sizeof(text), "ticket", s->ticket, "n", n, "min",
	                lo, "max", hi, "counter", s->counter[0] ? s->counter : "?", I18N_END) < 0) {
		v->overflow++;
		return;
	}
	screen_add_text(v, "queue.check.result", role, l, text, APP_ACT_NONE);
}

static void build(const struct app *a, struct view *v)
{
	const struct ticket *t = &a->visit.ticket;
	enum lang l = a->visit.settings.lang;
	const char *pad[TICKET_SERVICES_MAX];
	char id[32];

	screen_add(v, a, VIEW_ROLE_HEADING, "queue.check.title", APP_ACT_NONE);
	if (t->lookup_error) {
		char text[VIEW_TEXT_MAX];
		if (i18n_format(a->strings, l, "status.error.format", text, sizeof(text), "field",
		                i18n_get(a->strings, l, "queue.check.field"), "fix",
		                i18n_get(a->strings, l, t->lookup_error), I18N_END) >= 0)
			screen_add_text(v, "queue.check.error", VIEW_ROLE_ALERT, l, text,
			                APP_ACT_NONE);
		else
			v->overflow++;
	}
	result_node(v, a);
	screen_add(v, a, VIEW_ROLE_TEXT, "queue.check.intro", APP_ACT_NONE);
	struct view_node *f = screen_add(v, a, VIEW_ROLE_EDIT, "queue.check.field", ACT_FIELD);
	if (f) {
		f->id = view_id("queue.check.edit");
		screen_set_value(v, f, t->typed);
		f->value_kind = VIEW_VALUE_TICKET;
		f->size = VIEW_SIZE_LARGE;
	}
	struct view_node *go =
	    screen_add(v, a, VIEW_ROLE_BUTTON, "queue.check.look_up", ACT_LOOK_UP);
	if (go && t->lookup == TICKET_LOOKUP_ASKING)
		go->state = VIEW_STATE_DISABLED;
	screen_add(v, a, VIEW_ROLE_BUTTON, "common.back", APP_ACT_BACK);
	int nl = letters(t, pad);
	for (int i = 0; i < nl; i++) {
		snprintf(id, sizeof(id), "queue.check.letter.%d", i);
		screen_add_text(v, id, VIEW_ROLE_KEY, l, pad[i], ACT_LETTER + i);
	}
	for (int i = 0; i < 10; i++) {
		int d = (i + 1) % 10; /* 1 … 9, 0 */
		snprintf(id, sizeof(id), "queue.check.digit.%d", d);
		screen_add_text(v, id, VIEW_ROLE_KEY, l, digits[d], ACT_DIGIT + d);
	}
	screen_add(v, a, VIEW_ROLE_BUTTON, "keyboard.erase", ACT_ERASE);
	screen_footer(v, a, true);
}

static void type(struct app *a, struct app_fx_list *fx, const char *ch)
{
	struct ticket *t = &a->visit.ticket;
	if (t->lookup == TICKET_LOOKUP_ASKING)
		return;
	t->lookup_error = NULL;
	if (strlen(ch) != 1 || ticket_type(t, ch[0]) < 0) {
		app_cue(a, fx, CUE_NO_ACTION);
		return;
	}
	text_copy(t->echo, sizeof(t->echo), t->typed + strlen(t->typed) - 1);
	app_rebuild(a);
	app_echo(a, fx, t->echo, false, false);
}

static void erase(struct app *a, struct app_fx_list *fx)
{
	struct ticket *t = &a->visit.ticket;
	size_t n = strlen(t->typed);
	if (t->lookup == TICKET_LOOKUP_ASKING)
		return;
	t->lookup_error = NULL;
	if (n == 0) {
		app_cue(a, fx, CUE_NO_ACTION);
		app_say(a, fx, "keyboard.empty");
		return;
	}
	text_copy(t->echo, sizeof(t->echo), t->typed + n - 1);
	ticket_erase(t);
	app_rebuild(a);
	app_echo(a, fx, t->echo, true, false);
}

static void act(struct app *a, int action, struct app_fx_list *fx)
{
	const char *pad[TICKET_SERVICES_MAX];
	int nl = letters(&a->visit.ticket, pad);
	if (action == ACT_LOOK_UP || (action == ACT_FIELD && a->visit.ticket.typed[0]))
		ticket_look_up(a, fx);
	else if (action == ACT_ERASE)
		erase(a, fx);
	else if (action == ACT_FIELD)
		app_speak(a, fx, APP_FX_SPEAK_FOCUS, NULL, a->visit.settings.lang, APP_TO_LISTENER);
	else if (action >= ACT_LETTER && action < ACT_LETTER + nl)
		type(a, fx, pad[action - ACT_LETTER]);
	else if (action >= ACT_DIGIT && action < ACT_DIGIT + 10)
		type(a, fx, digits[action - ACT_DIGIT]);
}

static bool key(struct app *a, const struct app_event *ev, struct app_fx_list *fx)
{
	static const struct screen_entry entry = {
	    .type = type, .erase = erase, .done = ticket_look_up};
	return screen_entry_key(a, ev, fx, &entry);
}

static const char *sample(struct app *a, int i)
{
	struct ticket *t = &a->visit.ticket;
	a->visit.here = (struct app_frame){.flow = &flow_ticket, .step = TICKET_STEP_CHECK};
	t->phase = TICKET_CHOOSING;
	text_copy(t->typed, sizeof(t->typed), "A042");
	text_copy(t->state.ticket, sizeof(t->state.ticket), "A042");
	t->lookup = TICKET_LOOKUP_FOUND;
	if (i == 1) {
		t->state.state = TICKET_CALLED;
		text_copy(t->state.counter, sizeof(t->state.counter), "3");
		return "called";
	}
	if (i == 2) {
		t->lookup = TICKET_LOOKUP_ENTRY;
		text_copy(t->typed, sizeof(t->typed), "42");
		t->lookup_error = "ticket.check.error.letter";
		return "error";
	}
	t->state.state = TICKET_WAITING;
	t->state.ahead = 4;
	t->state.wait_min_s = 480;
	t->state.wait_max_s = 900;
	return "";
}

const struct screen_def screen_ticket_check = {
    .name = "ticket_check",
    .help_key = "help.screen.ticket_check",
    .takes_text = true,
    .build = build,
    .act = act,
    .key = key,
    .samples = 3,
    .sample = sample,
};
