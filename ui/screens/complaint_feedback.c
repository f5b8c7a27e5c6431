/* After the task (C6): how it went, from 1 to 5, with an optional comment, sent through the
 * outbox like everything else. Skipping is one key: Back, or "No, thank you". The digits 1
 * to 5 choose a rating directly. */
#include "ui/screens/complaint.h"

enum { ACT_SEND = APP_ACT_SCREEN, ACT_SKIP, ACT_COMMENT, ACT_RATE };

static const char *const rating_keys[5] = {"feedback.rate.1", "feedback.rate.2", "feedback.rate.3",
                                           "feedback.rate.4", "feedback.rate.5"};

static void build(const struct app *a, struct view *v)
{
	const struct complaint *c = &a->visit.complaint;
	screen_add(v, a, VIEW_ROLE_HEADING, "feedback.title", APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_TEXT, "feedback.intro", APP_ACT_NONE);
	for (int i = 0; i < 5; i++) {
		struct view_node *n =
		    screen_add(v, a, VIEW_ROLE_CHECKBOX, rating_keys[i], ACT_RATE + i);
		if (n)
			n->state = c->rating == i + 1 ? VIEW_STATE_CHECKED : VIEW_STATE_UNCHECKED;
	}
	struct view_node *n =
	    screen_add(v, a, VIEW_ROLE_EDIT, "complaint.field.comment", ACT_COMMENT);
	if (n) {
		n->id = view_id(complaint_edit_id(COMPLAINT_COMMENT));
		n->value_ref = c->comment;
		n->personal = true;
	}
	if ((n = screen_add(v, a, VIEW_ROLE_BUTTON, "feedback.send", ACT_SEND)) && !c->rating)
		n->state = VIEW_STATE_DISABLED;
	screen_add(v, a, VIEW_ROLE_BUTTON, "feedback.skip", ACT_SKIP);
	screen_footer(v, a, true);
}

static void rate(struct app *a, struct app_fx_list *fx, int rating)
{
	a->visit.complaint.rating = rating;
	a->focus_id = view_id(rating_keys[rating - 1]);
	app_rebuild(a);
	app_cue(a, fx, CUE_CHECKED);
	app_speak(a, fx, APP_FX_SPEAK_FOCUS, NULL, a->visit.settings.lang, APP_TO_LISTENER);
}

static void act(struct app *a, int action, struct app_fx_list *fx)
{
	struct complaint *c = &a->visit.complaint;
	switch (action) {
	case ACT_SKIP:
		app_flow_end(a, fx);
		return;
	case ACT_COMMENT:
		c->editing = COMPLAINT_COMMENT;
		app_go(a, fx, &screen_complaint_entry);
		return;
	case ACT_SEND:
		if (!c->rating || c->feedback_request || c->feedback_sent)
			return;
		c->feedback_request = ++a->last_request;
		app_fx_add(fx, APP_FX_REQUEST, APP_REQ_FEEDBACK);
		fx->fx[fx->count - 1].id = c->feedback_request;
		return;
	default:
		if (action >= ACT_RATE && action < ACT_RATE + 5)
			rate(a, fx, action - ACT_RATE + 1);
		return;
	}
}

static bool key(struct app *a, const struct app_event *ev, struct app_fx_list *fx)
{
	if (ev->type != APP_EV_KEY)
		return false;
	if (ev->key == APP_KEY_BACK || ev->key == APP_KEY_ERASE) {
		app_flow_end(a, fx); /* skipping is one key */
		return true;
	}
	if (a->speech_mode && ev->key == APP_KEY_DIGIT && ev->digit >= 1 && ev->digit <= 5) {
		rate(a, fx, ev->digit);
		return true;
	}
	return false;
}

static const char *sample(struct app *a, int i)
{
	a->visit.here =
	    (struct app_frame){.flow = &flow_complaint, .step = COMPLAINT_STEP_FEEDBACK};
	a->visit.complaint.state = COMPLAINT_FILED;
	if (i == 1) {
		a->visit.complaint.rating = 4;
		text_copy(a->visit.complaint.comment, sizeof(a->visit.complaint.comment),
		          "Très clair, merci.");
		return "rated";
	}
	return "";
}

const struct screen_def screen_complaint_feedback = {
    .name = "complaint_feedback",
    .help_key = "help.screen.complaint_feedback",
    .build = build,
    .act = act,
    .key = key,
    .samples = 2,
    .sample = sample,
};
