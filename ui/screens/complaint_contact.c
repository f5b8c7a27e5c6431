/* Filing a request, step 3: contact details behind a consent statement that says what is
 * collected, why and who sees it (C3, C7). The visitor accepts or stays anonymous; objections
 * need a name, a phone and an e-mail (anonymous objections are not considered). */
#include "ui/screens/complaint.h"

enum { ACT_ACCEPT = APP_ACT_SCREEN, ACT_ANONYMOUS, ACT_CONTINUE, ACT_EDIT };

static const enum complaint_field fields[] = {COMPLAINT_FIRST_NAME, COMPLAINT_LAST_NAME,
                                              COMPLAINT_PHONE, COMPLAINT_EMAIL};
#define FIELD_COUNT ((int)(sizeof(fields) / sizeof(fields[0])))

static bool required(const struct app *a)
{
	const struct catalogue_item *it = complaint_item(a);
	return it && (it->needs & CATALOGUE_NEEDS_CONTACT);
}

static void build(const struct app *a, struct view *v)
{
	const struct complaint *c = &a->visit.complaint;

	screen_add(v, a, VIEW_ROLE_HEADING, "complaint.contact.title", APP_ACT_NONE);
	complaint_error_node(v, a);
	screen_add(v, a, VIEW_ROLE_TEXT, "complaint.contact.consent", APP_ACT_NONE);
	if (required(a))
		screen_add(v, a, VIEW_ROLE_TEXT, "complaint.contact.required", APP_ACT_NONE);
	if (c->consent != COMPLAINT_CONSENTED) {
		screen_add(v, a, VIEW_ROLE_BUTTON, "complaint.contact.accept", ACT_ACCEPT);
		if (!required(a))
			screen_add(v, a, VIEW_ROLE_BUTTON, "complaint.contact.anonymous",
			           ACT_ANONYMOUS);
	} else {
		for (int i = 0; i < FIELD_COUNT; i++) {
			struct view_node *n = screen_add(
			    v, a, VIEW_ROLE_EDIT, complaint_field_key(fields[i]), ACT_EDIT + i);
			if (!n)
				continue;
			n->id = view_id(complaint_edit_id(fields[i]));
			n->value_ref = complaint_field_text(c, fields[i]);
			n->personal = true;
			n->value_kind = fields[i] == COMPLAINT_PHONE   ? VIEW_VALUE_PHONE
			                : fields[i] == COMPLAINT_EMAIL ? VIEW_VALUE_EMAIL
			                                               : VIEW_VALUE_PLAIN;
		}
		screen_add(v, a, VIEW_ROLE_BUTTON, "common.continue", ACT_CONTINUE);
		if (!required(a))
			screen_add(v, a, VIEW_ROLE_BUTTON, "complaint.contact.anonymous",
			           ACT_ANONYMOUS);
	}
	screen_add(v, a, VIEW_ROLE_BUTTON, "common.back", APP_ACT_BACK);
	screen_footer(v, a, true);
}

static void forget_contact(struct complaint *c)
{
	for (int i = 0; i < FIELD_COUNT; i++) {
		size_t cap = 0;
		char *buf = complaint_field(c, fields[i], &cap, NULL);
		text_wipe(buf, cap);
	}
}

static void act(struct app *a, int action, struct app_fx_list *fx)
{
	struct complaint *c = &a->visit.complaint;
	enum complaint_field bad;
	c->error = NULL;
	switch (action) {
	case ACT_ACCEPT:
		c->consent = COMPLAINT_CONSENTED;
		app_rebuild(a);
		app_say(a, fx, "complaint.contact.accepted");
		app_speak(a, fx, APP_FX_SPEAK_FOCUS, NULL, a->visit.settings.lang, APP_TO_LISTENER);
		return;
	case ACT_ANONYMOUS:
		c->consent = COMPLAINT_ANONYMOUS;
		forget_contact(c);
		app_flow_next(a, fx);
		return;
	case ACT_CONTINUE: {
		const char *err = complaint_check_contact(c, complaint_item(a), &bad);
		if (err) {
			complaint_show_error(a, fx, err, bad);
			return;
		}
		app_flow_next(a, fx);
		return;
	}
	default: {
		int i = action - ACT_EDIT;
		if (i < 0 || i >= FIELD_COUNT)
			return;
		c->editing = fields[i];
		app_go(a, fx, &screen_complaint_entry);
		return;
	}
	}
}

/* What is collected, why and who sees it is said on arrival, before any choice. */
static void enter(struct app *a, struct app_fx_list *fx)
{
	screen_speak_texts(a, fx);
}

static const char *sample(struct app *a, int i)
{
	struct complaint *c = &a->visit.complaint;
	a->visit.here = (struct app_frame){.flow = &flow_complaint, .step = COMPLAINT_STEP_CONTACT};
	text_copy(c->code, sizeof(c->code), i == 2 ? "objection" : "complaint_agency");
	if (i == 0)
		return "";
	c->consent = COMPLAINT_CONSENTED;
	text_copy(c->first_name, sizeof(c->first_name), "Léa");
	text_copy(c->last_name, sizeof(c->last_name), "Tremblay");
	text_copy(c->phone, sizeof(c->phone), "416-555-0123");
	if (i == 1)
		return "filled";
	c->error = "complaint.error.missing";
	c->error_field = COMPLAINT_EMAIL;
	return "objection";
}

const struct screen_def screen_complaint_contact = {
    .name = "complaint_contact",
    .help_key = "help.screen.complaint_contact",
    .build = build,
    .act = act,
    .enter = enter,
    .samples = 3,
    .sample = sample,
};
