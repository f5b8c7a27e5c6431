/* The "take a queue ticket" flow: its steps, the requests and their answers. The services are
 * refreshed every 30 s while their screen is open; focus stays where it was (by node id). */
#include <string.h>

#include "firmware/core/flows/ticket.h"
#include "firmware/core/text.h"
#include "ui/screens/ticket.h"

#define TICKET_REFRESH_MS 30000
#define TICKET_ANSWER_MS  12000

static const struct screen_def *const steps[] = {
    [TICKET_STEP_SERVICES] = &screen_ticket_services,
    [TICKET_STEP_ISSUED] = &screen_ticket_issued,
    [TICKET_STEP_CHECK] = &screen_ticket_check,
};

/* Back from the check goes to the services, not to a ticket never taken. */
static int back_to(const struct app *a, int step)
{
	(void)a;
	return step == TICKET_STEP_CHECK ? TICKET_STEP_SERVICES : step - 1;
}

static bool entered(const struct app *a)
{
	(void)a;
	return false;
}

static void discard(struct app *a)
{
	ticket_reset(&a->visit.ticket);
	a->waiting = false;
	a->task_deadline = 0;
}

const struct flow_def flow_ticket = {
    .name = "ticket",
    .steps = (int)(sizeof(steps) / sizeof(steps[0])),
    .step = steps,
    .entered = entered,
    .discard = discard,
    .back_to = back_to,
};

static uint32_t request(struct app *a, struct app_fx_list *fx, enum app_request_kind kind)
{
	uint32_t id = ++a->last_request;
	app_fx_add(fx, APP_FX_REQUEST, kind);
	fx->fx[fx->count - 1].id = id;
	return id;
}

static void ask_services(struct app *a, struct app_fx_list *fx)
{
	a->visit.ticket.queue_request = request(a, fx, APP_REQ_QUEUE);
	a->task_deadline = a->now + TICKET_ANSWER_MS;
}

void ticket_start(struct app *a, struct app_fx_list *fx)
{
	ticket_reset(&a->visit.ticket);
	if (app_flow_start(a, fx, &flow_ticket) < 0)
		return;
	a->visit.ticket.phase = TICKET_LOADING;
	a->waiting = true; /* S8 */
	a->waiting_since = a->now;
	a->one_moment_said = false;
	ask_services(a, fx);
}

void ticket_take(struct app *a, struct app_fx_list *fx, int i)
{
	struct ticket *t = &a->visit.ticket;
	if (t->phase == TICKET_TAKING || i < 0 || i >= t->services.count)
		return;
	text_copy(t->chosen, sizeof(t->chosen), t->services.items[i].id);
	t->phase = TICKET_TAKING;
	t->take_request = request(a, fx, APP_REQ_TICKET);
	a->waiting = true;
	a->waiting_since = a->now;
	a->one_moment_said = false;
	a->task_deadline = a->now + TICKET_ANSWER_MS;
	app_rebuild(a);
	app_say(a, fx, "queue.taking");
}

static bool here(const struct app *a)
{
	return a->visit.here.flow == &flow_ticket;
}

static void say_alerts(struct app *a, struct app_fx_list *fx)
{
	app_fx_add(fx, APP_FX_CUE, CUE_ALERT);
	for (int i = 0; i < a->view.count; i++)
		if (a->view.nodes[i].role == VIEW_ROLE_ALERT) {
			app_fx_add(fx, APP_FX_SPEAK_NODE, i);
			a->speaking = true;
		}
}

static void services_result(struct app *a, const struct app_result *r, struct app_fx_list *fx)
{
	struct ticket *t = &a->visit.ticket;
	const struct ticket_services *s = r->payload;
	bool first = t->phase == TICKET_LOADING;
	t->queue_request = 0;
	a->waiting = false;
	if (r->error == APP_RESULT_OK && s && r->payload_len == sizeof(*s)) {
		t->services = *s;
		t->have_services = true;
		if (first || t->phase == TICKET_UNAVAILABLE)
			t->phase = TICKET_CHOOSING;
	} else if (first) {
		t->phase = TICKET_UNAVAILABLE;
	}
	/* Refreshed while the list is open; a failed refresh keeps what was shown. */
	a->task_deadline = a->now + TICKET_REFRESH_MS;
	if (!here(a))
		return;
	app_rebuild(a);
	if (a->screen != &screen_ticket_services)
		return; /* the check is open: nothing said over it */
	if (first && t->phase == TICKET_UNAVAILABLE)
		say_alerts(a, fx);
	else if (first)
		screen_speak_texts(a, fx);
}

static void issued_result(struct app *a, const struct app_result *r, struct app_fx_list *fx)
{
	struct ticket *t = &a->visit.ticket;
	const struct ticket_issued *k = r->payload;
	t->take_request = 0;
	a->waiting = false;
	a->task_deadline = a->now + TICKET_REFRESH_MS;
	if (k && r->payload_len == sizeof(*k))
		t->issued = *k;
	if (r->error == APP_RESULT_OK && k && k->ticket[0]) {
		t->phase = TICKET_ISSUED;
		a->task_deadline = 0;
		t->print = TICKET_PRINTING;
		t->print_request = request(a, fx, APP_REQ_PRINT_TICKET);
		if (here(a))
			app_flow_goto(a, fx, TICKET_STEP_ISSUED);
		return;
	}
	t->phase = r->error == APP_RESULT_CLOSED ? TICKET_REFUSED : TICKET_UNAVAILABLE;
	if (here(a)) {
		app_rebuild(a);
		say_alerts(a, fx);
	}
}

void ticket_check_open(struct app *a, struct app_fx_list *fx)
{
	struct ticket *t = &a->visit.ticket;
	t->typed[0] = '\0';
	t->lookup = TICKET_LOOKUP_ENTRY;
	t->lookup_error = NULL;
	memset(&t->state, 0, sizeof(t->state));
	a->focus_id = view_id("queue.check.edit");
	app_flow_goto(a, fx, TICKET_STEP_CHECK);
}

void ticket_look_up(struct app *a, struct app_fx_list *fx)
{
	struct ticket *t = &a->visit.ticket;
	char number[TICKET_ID_MAX];
	if (t->lookup == TICKET_LOOKUP_ASKING)
		return;
	t->lookup_error = ticket_check_number(t->typed, number, sizeof(number));
	if (t->lookup_error) {
		/* E1: said at once, to everyone, and focus on the field. */
		t->lookup = TICKET_LOOKUP_ENTRY;
		a->focus_id = view_id("queue.check.edit");
		app_rebuild(a);
		say_alerts(a, fx);
		app_speak(a, fx, APP_FX_SPEAK_FOCUS, NULL, a->visit.settings.lang, APP_TO_LISTENER);
		return;
	}
	text_copy(t->typed, sizeof(t->typed), number); /* "a42" is asked for as "A042" */
	memset(&t->state, 0, sizeof(t->state));
	t->lookup = TICKET_LOOKUP_ASKING;
	t->lookup_request = request(a, fx, APP_REQ_TICKET_STATE);
	a->waiting = true; /* S8 */
	a->waiting_since = a->now;
	a->one_moment_said = false;
	a->task_deadline = a->now + TICKET_ANSWER_MS;
	app_rebuild(a);
	app_say(a, fx, "queue.check.looking");
}

static void state_result(struct app *a, const struct app_result *r, struct app_fx_list *fx)
{
	struct ticket *t = &a->visit.ticket;
	const struct ticket_state *s = r->payload;
	t->lookup_request = 0;
	a->waiting = false;
	a->task_deadline = a->now + TICKET_REFRESH_MS;
	if (r->error == APP_RESULT_OK && s && r->payload_len == sizeof(*s)) {
		t->state = *s;
		t->lookup = TICKET_LOOKUP_FOUND;
	} else {
		t->lookup = r->error == APP_RESULT_NOT_FOUND ? TICKET_LOOKUP_NOT_FOUND
		                                             : TICKET_LOOKUP_FAILED;
	}
	if (a->screen != &screen_ticket_check)
		return;
	app_rebuild(a);
	if (t->lookup != TICKET_LOOKUP_FOUND)
		app_fx_add(fx, APP_FX_CUE, CUE_ALERT);
	for (int i = 0; i < a->view.count; i++)
		if (a->view.nodes[i].id == view_id("queue.check.result")) {
			app_fx_add(fx, APP_FX_SPEAK_NODE, i);
			a->speaking = true;
		}
}

void ticket_take_result(struct app *a, const struct app_result *r, struct app_fx_list *fx)
{
	struct ticket *t = &a->visit.ticket;
	if (!r->id)
		return;
	if (r->kind == APP_REQ_TICKET_STATE && r->id == t->lookup_request &&
	    t->lookup == TICKET_LOOKUP_ASKING)
		state_result(a, r, fx);
	else if (r->kind == APP_REQ_QUEUE && r->id == t->queue_request)
		services_result(a, r, fx);
	else if (r->kind == APP_REQ_TICKET && r->id == t->take_request && t->phase == TICKET_TAKING)
		issued_result(a, r, fx);
	else if (r->kind == APP_REQ_PRINT_TICKET && r->id == t->print_request) {
		t->print = r->error == APP_RESULT_OK ? TICKET_PRINTED : TICKET_PRINT_FAILED;
		if (a->screen == &screen_ticket_issued) {
			app_rebuild(a);
			for (int i = 0; i < a->view.count; i++)
				if (a->view.nodes[i].id == view_id("queue.print"))
					app_fx_add(fx, APP_FX_SPEAK_NODE, i);
		}
	}
}

void ticket_tick(struct app *a, struct app_fx_list *fx)
{
	struct ticket *t = &a->visit.ticket;
	if (!here(a))
		return;
	if (a->screen == &screen_ticket_check) {
		if (t->lookup == TICKET_LOOKUP_ASKING) {
			struct app_result late = {.kind = APP_REQ_TICKET_STATE,
			                          .id = t->lookup_request,
			                          .error = APP_RESULT_TIMED_OUT};
			state_result(a, &late, fx);
		} else {
			a->task_deadline =
			    a->now + TICKET_REFRESH_MS; /* the list's refresh, later */
		}
		return;
	}
	if (t->phase == TICKET_TAKING) {
		/* No answer in time: said honestly; the same key is never reused for another. */
		t->take_request = 0;
		t->phase = TICKET_UNAVAILABLE;
		a->waiting = false;
		app_rebuild(a);
		say_alerts(a, fx);
		return;
	}
	if (t->phase == TICKET_LOADING) {
		t->queue_request = 0;
		t->phase = TICKET_UNAVAILABLE;
		a->waiting = false;
		app_rebuild(a);
		say_alerts(a, fx);
		return;
	}
	if (a->screen == &screen_ticket_services)
		ask_services(a, fx); /* the refresh: nothing said, focus kept */
}
