/* Filing a request, step 4: everything entered, read aloud, with Change and Confirm (E2).
 * Confirm stores the request durably, then sends it (APP_REQ_SUBMIT). */
#include "ui/screens/complaint.h"

enum { ACT_CHANGE_TEXT = APP_ACT_SCREEN, ACT_CHANGE_CONTACT, ACT_CONFIRM, ACT_OTHER_CATEGORY };

/* Returns false when it does not fit cap. */
static bool contact_line(const struct complaint *c, char *out, size_t cap)
{
	return (size_t)snprintf(out, cap, "%s%s%s%s%s%s%s", c->first_name,
	                        c->last_name[0] ? " " : "", c->last_name, c->phone[0] ? ", " : "",
	                        c->phone, c->email[0] ? ", " : "", c->email) < cap;
}

static void build(const struct app *a, struct view *v)
{
	const struct complaint *c = &a->visit.complaint;
	enum lang l = a->visit.settings.lang;
	const struct catalogue_item *it = complaint_item(a);
	char buf[VIEW_TEXT_MAX];
	bool sending = c->state == COMPLAINT_SENDING;

	screen_add(v, a, VIEW_ROLE_HEADING, "complaint.review.title", APP_ACT_NONE);
	complaint_error_node(v, a);
	if (sending)
		screen_add(v, a, VIEW_ROLE_ALERT, "complaint.review.sending", APP_ACT_NONE);
	if (c->state == COMPLAINT_REFUSED) {
		if (i18n_format(a->strings, l, "complaint.review.refused", buf, sizeof(buf), "why",
		                c->message[0] ? c->message : "-", I18N_END) >= 0)
			screen_add_text(v, "complaint.review.refused", VIEW_ROLE_ALERT, l, buf,
			                APP_ACT_NONE);
	}
	if (c->state == COMPLAINT_NOT_STORED &&
	    screen_contact_text(a, "complaint.review.not_stored", buf, sizeof(buf)) == 0)
		screen_add_text(v, "complaint.review.not_stored", VIEW_ROLE_ALERT, l, buf,
		                APP_ACT_NONE);
	struct view_node *n =
	    screen_add(v, a, VIEW_ROLE_TEXT, "complaint.review.category", APP_ACT_NONE);
	if (n && it) {
		enum lang in;
		screen_set_value(v, n, catalogue_name(it, l, &in));
	}
	n = screen_add(v, a, VIEW_ROLE_EDIT, "complaint.field.description", APP_ACT_NONE);
	if (n) {
		n->id = view_id("complaint.review.description");
		n->value_ref = c->description;
		n->personal = true;
	}
	n = screen_add(v, a, VIEW_ROLE_TEXT, "complaint.review.contact", APP_ACT_NONE);
	if (n) {
		if (c->consent == COMPLAINT_CONSENTED) {
			if (contact_line(c, buf, sizeof(buf)))
				screen_set_value(v, n, buf);
			else
				v->overflow++;
			n->personal = true;
		} else {
			screen_set_value(v, n,
			                 i18n_get(a->strings, l, "complaint.review.anonymous"));
		}
	}
	int change_state = sending ? VIEW_STATE_DISABLED : VIEW_STATE_NONE;
	if (c->state == COMPLAINT_REFUSED)
		screen_add(v, a, VIEW_ROLE_BUTTON, "complaint.review.other", ACT_OTHER_CATEGORY);
	else if ((n = screen_add(v, a, VIEW_ROLE_BUTTON, "complaint.review.confirm", ACT_CONFIRM)))
		n->state = change_state;
	if ((n = screen_add(v, a, VIEW_ROLE_BUTTON, "complaint.review.change_text",
	                    ACT_CHANGE_TEXT)))
		n->state = change_state;
	if ((n = screen_add(v, a, VIEW_ROLE_BUTTON, "complaint.review.change_contact",
	                    ACT_CHANGE_CONTACT)))
		n->state = change_state;
	screen_footer(v, a, true);
}

static void confirm(struct app *a, struct app_fx_list *fx)
{
	struct complaint *c = &a->visit.complaint;
	enum complaint_field bad;
	const char *err = complaint_check_description(c);
	if (!err)
		err = complaint_check_contact(c, complaint_item(a), &bad);
	if (err) {
		complaint_show_error(a, fx, err, COMPLAINT_DESCRIPTION);
		return;
	}
	c->state = COMPLAINT_SENDING;
	c->request = ++a->last_request;
	c->provisional = false;
	c->reference[0] = '\0';
	c->filed_at = a->wall;
	a->waiting = true; /* S8: "One moment" past a second */
	a->waiting_since = a->now;
	a->one_moment_said = false;
	/* The central has a few seconds to give its reference; past that, the receipt shows
	 * this kiosk's provisional one (the request stays stored and is sent later). */
	a->task_deadline = a->now + 6000;
	app_fx_add(fx, APP_FX_REQUEST, APP_REQ_SUBMIT);
	fx->fx[fx->count - 1].id = c->request;
	app_rebuild(a);
	app_say(a, fx, "complaint.review.sending");
}

static void act(struct app *a, int action, struct app_fx_list *fx)
{
	struct complaint *c = &a->visit.complaint;
	if (c->state == COMPLAINT_SENDING)
		return;
	c->error = NULL;
	switch (action) {
	case ACT_CONFIRM:
		confirm(a, fx);
		return;
	case ACT_CHANGE_TEXT:
		c->editing = COMPLAINT_DESCRIPTION;
		app_flow_goto(a, fx, COMPLAINT_STEP_DESCRIPTION);
		return;
	case ACT_CHANGE_CONTACT:
		app_flow_goto(a, fx, COMPLAINT_STEP_CONTACT);
		return;
	case ACT_OTHER_CATEGORY:
		c->state = COMPLAINT_EDITING;
		app_flow_goto(a, fx, COMPLAINT_STEP_CATEGORY);
		return;
	}
}

/* E2: the review is read aloud on arrival, every line of it. */
static void enter(struct app *a, struct app_fx_list *fx)
{
	screen_speak_texts(a, fx);
}

/* While the request is on its way nothing may change it, and Back does not leave. */
static bool key(struct app *a, const struct app_event *ev, struct app_fx_list *fx)
{
	if (a->visit.complaint.state != COMPLAINT_SENDING || ev->type != APP_EV_KEY)
		return false;
	if (ev->key == APP_KEY_BACK || ev->key == APP_KEY_ERASE) {
		app_cue(a, fx, CUE_NO_ACTION);
		app_say(a, fx, "complaint.review.sending");
		return true;
	}
	return false;
}

static const char *sample(struct app *a, int i)
{
	struct complaint *c = &a->visit.complaint;
	a->visit.here = (struct app_frame){.flow = &flow_complaint, .step = COMPLAINT_STEP_REVIEW};
	text_copy(c->code, sizeof(c->code), "complaint_agency");
	text_copy(c->description, sizeof(c->description),
	          "Le guichet était fermé à 14 h sans avis. J’ai attendu « longtemps ».");
	c->consent = COMPLAINT_CONSENTED;
	text_copy(c->first_name, sizeof(c->first_name), "Léa");
	text_copy(c->email, sizeof(c->email), "lea@example.ca");
	if (i == 1) {
		c->state = COMPLAINT_SENDING;
		return "sending";
	}
	if (i == 2) {
		c->state = COMPLAINT_REFUSED;
		text_copy(c->message, sizeof(c->message), "Unknown service code");
		return "refused";
	}
	return "";
}

const struct screen_def screen_complaint_review = {
    .name = "complaint_review",
    .help_key = "help.screen.complaint_review",
    .build = build,
    .act = act,
    .key = key,
    .enter = enter,
    .samples = 3,
    .sample = sample,
};
