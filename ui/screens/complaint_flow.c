/* The "file a request" flow: its steps, what they share, and the answers to the submission. */
#include <string.h>

#include "ui/screens/complaint.h"

static const struct screen_def *const steps[] = {
    [COMPLAINT_STEP_CATEGORY] = &screen_complaint_category,
    [COMPLAINT_STEP_DETAILS] = &screen_complaint_details,
    [COMPLAINT_STEP_DESCRIPTION] = &screen_complaint_entry,
    [COMPLAINT_STEP_CONTACT] = &screen_complaint_contact,
    [COMPLAINT_STEP_REVIEW] = &screen_complaint_review,
    [COMPLAINT_STEP_RECEIPT] = &screen_complaint_receipt,
    [COMPLAINT_STEP_FEEDBACK] = &screen_complaint_feedback,
};

static bool entered(const struct app *a)
{
	const struct complaint *c = &a->visit.complaint;
	/* Once filed, nothing is lost by leaving: the receipt was given. */
	return c->state != COMPLAINT_FILED && complaint_entered(c);
}

static void discard(struct app *a)
{
	complaint_reset(&a->visit.complaint);
	a->task_deadline = 0;
}

static int back_to(const struct app *a, int step)
{
	const struct complaint *c = &a->visit.complaint;
	if (step == COMPLAINT_STEP_DESCRIPTION && c->attrs.count == 0 && !c->attrs_request)
		return COMPLAINT_STEP_CATEGORY;
	return step - 1;
}

const struct flow_def flow_complaint = {
    .name = "complaint",
    .steps = (int)(sizeof(steps) / sizeof(steps[0])),
    .step = steps,
    .entered = entered,
    .discard = discard,
    .back_to = back_to,
};

const struct catalogue_item *complaint_item(const struct app *a)
{
	return catalogue_find(&a->catalogue, a->visit.complaint.code);
}

const char *complaint_edit_id(enum complaint_field f)
{
	static const char *const ids[COMPLAINT_FIELDS] = {
	    "complaint.edit.description", "complaint.edit.first_name", "complaint.edit.last_name",
	    "complaint.edit.phone",       "complaint.edit.email",      "complaint.edit.comment",
	    "complaint.edit.attr.0",      "complaint.edit.attr.1",     "complaint.edit.attr.2",
	    "complaint.edit.attr.3",      "complaint.edit.attr.4",     "complaint.edit.attr.5",
	};
	_Static_assert(sizeof(ids) / sizeof(ids[0]) == COMPLAINT_FIELDS, "one id per field");
	return f >= 0 && f < COMPLAINT_FIELDS ? ids[f] : ids[0];
}

void complaint_error_node(struct view *v, const struct app *a)
{
	const struct complaint *c = &a->visit.complaint;
	if (!c->error)
		return;
	/* E1: the error names the field and the fix. */
	enum lang l = a->visit.settings.lang;
	char text[VIEW_TEXT_MAX];
	if (i18n_format(a->strings, l, "complaint.error.format", text, sizeof(text), "field",
	                i18n_get(a->strings, l, complaint_field_key(c->error_field)), "fix",
	                i18n_get(a->strings, l, c->error), I18N_END) < 0) {
		v->overflow++;
		return;
	}
	if (!i18n_has(a->strings, l, c->error))
		v->missing++;
	screen_add_text(v, "complaint.error", VIEW_ROLE_ALERT, l, text, APP_ACT_NONE);
}

void complaint_show_error(struct app *a, struct app_fx_list *fx, const char *key,
                          enum complaint_field field)
{
	struct complaint *c = &a->visit.complaint;
	c->error = key;
	c->error_field = field;
	/* Focus on the field at fault where this step shows it, else on the error. */
	a->focus_id = view_id(complaint_edit_id(field));
	app_rebuild(a);
	if (a->view.nodes[a->focus].id != view_id(complaint_edit_id(field))) {
		a->focus_id = view_id("complaint.error");
		app_rebuild(a);
	}
	app_fx_add(fx, APP_FX_CUE, CUE_ALERT);
	for (int i = 0; i < a->view.count; i++)
		if (a->view.nodes[i].id == view_id("complaint.error")) {
			/* Said to everyone: a visitor who cannot see must hear it, and one who can
			 * should not be left wondering. */
			app_fx_add(fx, APP_FX_SPEAK_NODE, i);
			a->speaking = true;
		}
	app_speak(a, fx, APP_FX_SPEAK_FOCUS, NULL, a->visit.settings.lang, APP_TO_LISTENER);
}

static bool on_receipt_step(const struct app *a)
{
	return a->visit.here.flow == &flow_complaint;
}

/* Filed: the receipt, shown and said, wherever in the flow the visitor is. */
static void to_receipt(struct app *a, struct app_fx_list *fx)
{
	struct complaint *c = &a->visit.complaint;
	c->state = COMPLAINT_FILED;
	a->waiting = false;
	a->task_deadline = 0;
	/* The receipt is printed at once: the visitor should not have to ask. */
	c->print = COMPLAINT_PRINTING;
	c->print_request = ++a->last_request;
	app_fx_add(fx, APP_FX_REQUEST, APP_REQ_PRINT_RECEIPT);
	fx->fx[fx->count - 1].id = c->print_request;
	if (on_receipt_step(a))
		app_flow_goto(a, fx, COMPLAINT_STEP_RECEIPT);
}

void complaint_result(struct app *a, const struct app_result *r, struct app_fx_list *fx)
{
	struct complaint *c = &a->visit.complaint;
	if (r->kind == APP_REQ_DEFINITION) {
		if (r->id != c->attrs_request || !r->id)
			return;
		c->attrs_request = 0;
		const struct complaint_attrs *def = r->payload;
		/* The central's own definition replaces the built-in one; without an answer
		 * the built-in one stays. */
		if (r->error == APP_RESULT_OK && def)
			memcpy(&c->attrs, def, sizeof(c->attrs));
		a->waiting = false;
		if (a->screen == &screen_complaint_details) {
			if (c->attrs.count == 0) {
				app_flow_goto(a, fx, COMPLAINT_STEP_DESCRIPTION);
			} else {
				app_rebuild(a);
				screen_speak_texts(a, fx);
			}
		}
		return;
	}
	if (r->kind == APP_REQ_FEEDBACK) {
		/* Stored is enough: the outbox sends it. Later outcomes change nothing here. */
		if (r->id == c->feedback_request && r->id && !c->feedback_sent) {
			c->feedback_sent = true;
			c->feedback_request = 0;
			bool ok = r->error == APP_RESULT_OK || r->error == APP_RESULT_UNREACHABLE;
			app_say(a, fx, ok ? "feedback.thanks" : "feedback.not_stored");
			if (a->visit.here.flow == &flow_complaint)
				app_flow_end(a, fx);
		}
		return;
	}
	if (r->kind == APP_REQ_PRINT_RECEIPT && r->id == c->print_request && r->id) {
		c->print = r->error == APP_RESULT_OK ? COMPLAINT_PRINTED : COMPLAINT_PRINT_FAILED;
		if (a->screen == &screen_complaint_receipt) {
			app_rebuild(a);
			for (int i = 0; i < a->view.count; i++)
				if (a->view.nodes[i].id == view_id("complaint.receipt.print"))
					app_fx_add(fx, APP_FX_SPEAK_NODE, i);
		}
		return;
	}
	if (r->kind != APP_REQ_SUBMIT || r->id == 0 || r->id != c->request ||
	    c->state != COMPLAINT_SENDING)
		return; /* a visitor who has gone, or an answer that came too late to matter */
	const struct app_submit_outcome *o = r->payload;
	if (r->error == APP_RESULT_OK && o) {
		text_copy(c->reference, sizeof(c->reference), o->reference);
		text_copy(c->notice, sizeof(c->notice), o->notice);
		c->provisional = !o->final;
		if (o->final)
			to_receipt(a, fx);
		return; /* stored: the central has until the deadline to give its reference */
	}
	if (r->error == APP_RESULT_REJECTED) {
		c->state = COMPLAINT_REFUSED;
		text_copy(c->message, sizeof(c->message), o ? o->message : "");
		a->waiting = false;
		a->task_deadline = 0;
	} else if (r->error == APP_RESULT_UNCONFIRMED && c->reference[0]) {
		to_receipt(a, fx); /* the provisional receipt says it could not be confirmed yet */
		return;
	} else if (c->reference[0]) {
		return; /* stored, and sent later: the deadline shows the provisional receipt */
	} else {
		c->state = COMPLAINT_NOT_STORED;
		a->waiting = false;
		a->task_deadline = 0;
	}
	if (on_receipt_step(a)) {
		app_rebuild(a);
		app_fx_add(fx, APP_FX_CUE, CUE_ALERT);
		for (int i = 0; i < a->view.count; i++)
			if (a->view.nodes[i].role == VIEW_ROLE_ALERT) {
				app_fx_add(fx, APP_FX_SPEAK_NODE, i);
				a->speaking = true;
			}
	}
}

void complaint_tick(struct app *a, struct app_fx_list *fx)
{
	struct complaint *c = &a->visit.complaint;
	if (c->state != COMPLAINT_SENDING)
		return;
	if (c->reference[0]) {
		c->provisional = true;
		to_receipt(a, fx);
		return;
	}
	/* Not even stored in time: say so honestly rather than wait on. */
	c->state = COMPLAINT_NOT_STORED;
	a->waiting = false;
	if (on_receipt_step(a))
		app_rebuild(a);
	app_fx_add(fx, APP_FX_CUE, CUE_ALERT);
}
