/* The "check a request's status" flow: its steps, the look-up and its answers. */
#include <stdio.h>
#include <string.h>

#include "firmware/core/flows/status.h"
#include "ui/screens/status.h"

static const struct screen_def *const steps[] = {
    [STATUS_STEP_ENTRY] = &screen_status_entry,
    [STATUS_STEP_RESULT] = &screen_status_result,
};

static bool entered(const struct app *a)
{
	(void)a;
	return false; /* a reference is on the visitor's receipt: nothing is lost by leaving */
}

static void discard(struct app *a)
{
	status_reset(&a->visit.status);
	a->waiting = false;
	a->task_deadline = 0;
}

const struct flow_def flow_status = {
    .name = "status",
    .steps = (int)(sizeof(steps) / sizeof(steps[0])),
    .step = steps,
    .entered = entered,
    .discard = discard,
};

static void say_alerts(struct app *a, struct app_fx_list *fx)
{
	for (int i = 0; i < a->view.count; i++)
		if (a->view.nodes[i].role == VIEW_ROLE_ALERT) {
			app_fx_add(fx, APP_FX_SPEAK_NODE, i);
			a->speaking = true;
		}
}

void status_look_up(struct app *a, struct app_fx_list *fx)
{
	struct status *s = &a->visit.status;
	if (s->state == STATUS_LOOKING)
		return;
	s->error = status_check(s->typed, &s->kind, &s->error_digits, s->lookup, sizeof(s->lookup));
	if (s->error) {
		/* E1: said at once, to everyone, and focus on the field. */
		a->focus_id = view_id("status.edit");
		app_rebuild(a);
		app_fx_add(fx, APP_FX_CUE, CUE_ALERT);
		say_alerts(a, fx);
		app_speak(a, fx, APP_FX_SPEAK_FOCUS, NULL, a->visit.settings.lang, APP_TO_LISTENER);
		return;
	}
	s->state = STATUS_LOOKING;
	memset(&s->answer, 0, sizeof(s->answer));
	s->request = ++a->last_request;
	a->waiting = true; /* S8 */
	a->waiting_since = a->now;
	a->one_moment_said = false;
	a->task_deadline = a->now + 12000; /* past this, an honest "no answer in time" */
	app_fx_add(fx, APP_FX_REQUEST, APP_REQ_STATUS);
	fx->fx[fx->count - 1].id = s->request;
	app_rebuild(a);
	app_say(a, fx, "status.looking");
}

static void to_result(struct app *a, struct app_fx_list *fx, enum status_state st)
{
	struct status *s = &a->visit.status;
	s->state = st;
	a->waiting = false;
	a->task_deadline = 0;
	if (a->visit.here.flow != &flow_status)
		return; /* the visitor went elsewhere meanwhile (help): the result waits there */
	app_flow_goto(a, fx, STATUS_STEP_RESULT);
	if (st != STATUS_FOUND) {
		app_fx_add(fx, APP_FX_CUE, CUE_ALERT);
		say_alerts(a, fx);
	}
}

void status_take_result(struct app *a, const struct app_result *r, struct app_fx_list *fx)
{
	struct status *s = &a->visit.status;
	if (r->kind != APP_REQ_STATUS || r->id == 0 || r->id != s->request ||
	    s->state != STATUS_LOOKING)
		return;
	const struct status_answer *ans = r->payload;
	switch (r->error) {
	case APP_RESULT_OK:
		if (!ans || r->payload_len != sizeof(*ans)) {
			to_result(a, fx, STATUS_FAILED);
			return;
		}
		s->answer = *ans;
		to_result(a, fx, STATUS_FOUND);
		return;
	case APP_RESULT_NOT_FOUND:
		to_result(a, fx, STATUS_NOT_FOUND);
		return;
	case APP_RESULT_UNREACHABLE:
		to_result(a, fx, STATUS_UNREACHABLE);
		return;
	case APP_RESULT_TIMED_OUT:
		to_result(a, fx, STATUS_TIMED_OUT);
		return;
	default:
		to_result(a, fx, STATUS_FAILED);
		return;
	}
}

void status_tick(struct app *a, struct app_fx_list *fx)
{
	if (a->visit.status.state == STATUS_LOOKING)
		to_result(a, fx, STATUS_TIMED_OUT);
}
