/* Technician mode's answers and the PIN's check (ui/screens/tech.h). */
#include <string.h>

#include "firmware/core/text.h"
#include "ui/screens/tech.h"

static void request(struct app *a, struct app_fx_list *fx, enum app_request_kind kind)
{
	a->visit.tech.request = ++a->last_request;
	app_fx_add(fx, APP_FX_REQUEST, kind);
	if (fx->count > 0 && fx->fx[fx->count - 1].type == APP_FX_REQUEST)
		fx->fx[fx->count - 1].id = a->visit.tech.request;
}

void tech_speak_texts(struct app *a, struct app_fx_list *fx)
{
	for (int i = 1; i < a->view.count; i++) {
		const struct view_node *n = &a->view.nodes[i];
		if (n->role == VIEW_ROLE_TEXT || n->role == VIEW_ROLE_ALERT) {
			app_fx_add(fx, APP_FX_SPEAK_NODE, i);
			a->speaking = true;
		}
	}
	app_speak(a, fx, APP_FX_SPEAK_FOCUS, NULL, a->visit.settings.lang, APP_TO_EVERYONE);
}

void tech_validate(struct app *a, struct app_fx_list *fx)
{
	struct tech *t = &a->visit.tech;
	if (t->state != TECH_PIN)
		return;
	if (!t->pin[0]) {
		t->error = "tech.pin.empty";
		app_fx_add(fx, APP_FX_CUE, CUE_ALERT);
		app_rebuild(a);
		tech_speak_texts(a, fx);
		return;
	}
	t->state = TECH_CHECKING;
	request(a, fx, APP_REQ_TECH_PIN);
}

/* The PIN matched: the menu replaces the PIN screen (Back never returns to it). */
static void pin_answer(struct app *a, const struct app_result *r, struct app_fx_list *fx)
{
	struct tech *t = &a->visit.tech;
	const struct tech_pin_answer *ans = r->payload;

	text_wipe(t->pin, sizeof(t->pin));
	if (r->error == APP_RESULT_OK) {
		t->state = TECH_IN;
		t->error = NULL;
		a->visit.here = (struct app_frame){.screen = &screen_tech_menu};
		a->visit.depth = 0;
		a->focus = 0;
		a->focus_id = 0;
		app_rebuild(a);
		app_cue(a, fx, CUE_PAGE);
		app_say(a, fx, "tech.pin.accepted");
		app_speak(a, fx, APP_FX_SPEAK_SCREEN, NULL, a->visit.settings.lang,
		          APP_TO_LISTENER);
		return;
	}
	t->state = TECH_PIN;
	t->wait_s = ans && r->payload_len == sizeof(*ans) ? ans->wait_s : 0;
	t->tries_left = ans && r->payload_len == sizeof(*ans) ? ans->tries_left : 0;
	t->error = ans && ans->unset ? "tech.pin.unset"
	           : t->wait_s       ? "tech.pin.locked"
	                             : "tech.pin.wrong";
	a->focus_id = view_id("tech.pin.field");
	app_fx_add(fx, APP_FX_CUE, CUE_ALERT);
	app_rebuild(a);
	tech_speak_texts(a, fx);
}

/* Says the screen's texts again when it is the one shown (an answer may come after the
 * technician left it). */
static void refresh_if(struct app *a, struct app_fx_list *fx, const struct screen_def *s)
{
	if (a->screen != s)
		return;
	app_rebuild(a);
	tech_speak_texts(a, fx);
}

static void outbox_answer(struct app *a, const struct app_result *r, struct app_fx_list *fx)
{
	struct tech *t = &a->visit.tech;
	if (r->payload && r->payload_len == sizeof(t->outbox)) {
		memcpy(&t->outbox, r->payload, sizeof(t->outbox));
		t->outbox_ready = true;
	}
	if (r->kind == APP_REQ_TECH_RETRY)
		t->printed = r->error == APP_RESULT_OK            ? "tech.outbox.retried"
		             : r->error == APP_RESULT_UNREACHABLE ? "tech.outbox.no_central"
		                                                  : "tech.outbox.retry_failed";
	if (t->outbox_ready)
		refresh_if(a, fx, &screen_tech_outbox);
}

static void settings_answer(struct app *a, const struct app_result *r, struct app_fx_list *fx)
{
	struct tech *t = &a->visit.tech;
	const struct tech_settings_answer *ans = r->payload;
	if (r->kind == APP_REQ_TECH_SETTINGS) {
		t->settings = *ans;
		t->settings_ready = true;
		t->settings_note = ans->note != TECH_SETTINGS_FILE;
		refresh_if(a, fx, &screen_tech_settings);
		return;
	}
	/* A save: what was kept is the technician's choice; only the note is new. */
	t->settings.note = ans->note;
	t->settings_note = true;
	if (a->screen != &screen_tech_settings)
		return;
	app_rebuild(a);
	if (ans->note != TECH_SETTINGS_SAVED)
		app_fx_add(fx, APP_FX_CUE, CUE_ALERT);
	app_speak(a, fx, APP_FX_SPEAK_KEY,
	          ans->note == TECH_SETTINGS_SAVED  ? "tech.settings.saved"
	          : ans->note == TECH_SETTINGS_FULL ? "tech.settings.full"
	                                            : "tech.settings.not_saved",
	          a->visit.settings.lang, APP_TO_EVERYONE);
}

void tech_take_result(struct app *a, const struct app_result *r, struct app_fx_list *fx)
{
	struct tech *t = &a->visit.tech;
	if (!t->active || r->id != t->request)
		return;
	t->request = 0;
	switch (r->kind) {
	case APP_REQ_TECH_PIN:
		if (t->state == TECH_CHECKING)
			pin_answer(a, r, fx);
		break;
	case APP_REQ_TECH_DIAG:
		if (r->error != APP_RESULT_OK || !r->payload || r->payload_len != sizeof(t->diag))
			break;
		memcpy(&t->diag, r->payload, sizeof(t->diag));
		t->diag_ready = true;
		if (a->screen == &screen_tech_diag) {
			app_rebuild(a);
			tech_speak_texts(a, fx);
		}
		break;
	case APP_REQ_TECH_OUTBOX:
	case APP_REQ_TECH_RETRY:
		outbox_answer(a, r, fx);
		break;
	case APP_REQ_TECH_SETTINGS:
	case APP_REQ_TECH_SAVE:
		if (!r->payload || r->payload_len != sizeof(t->settings))
			break;
		settings_answer(a, r, fx);
		break;
	case APP_REQ_TECH_PRINT:
		t->printed = r->error == APP_RESULT_OK ? "tech.print.done" : "tech.print.failed";
		app_rebuild(a);
		app_say(a, fx, t->printed);
		break;
	default:
		break;
	}
}

void tech_diag_enter(struct app *a, struct app_fx_list *fx)
{
	a->visit.tech.diag_ready = false;
	request(a, fx, APP_REQ_TECH_DIAG);
}

void tech_request(struct app *a, struct app_fx_list *fx, enum app_request_kind kind)
{
	request(a, fx, kind);
}
