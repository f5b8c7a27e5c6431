/* "Request staff assistance": sent at once, the outcome shown and said (C8, S8). */
#include "ui/screens/screens.h"

static void build(const struct app *a, struct view *v)
{
	switch (a->visit.staff_state) {
	case APP_STAFF_SENDING:
		screen_add(v, a, VIEW_ROLE_HEADING, "staff.title.sending", APP_ACT_NONE);
		screen_add(v, a, VIEW_ROLE_TEXT, "staff.sending", APP_ACT_NONE);
		break;
	case APP_STAFF_SENT:
		screen_add(v, a, VIEW_ROLE_HEADING, "staff.title", APP_ACT_NONE);
		screen_add(v, a, VIEW_ROLE_ALERT, "staff.body", APP_ACT_NONE);
		break;
	case APP_STAFF_FAILED: {
		char text[VIEW_TEXT_MAX];
		screen_add(v, a, VIEW_ROLE_HEADING, "staff.title.failed", APP_ACT_NONE);
		if (screen_contact_text(a, "staff.failed", text, sizeof(text)) < 0)
			v->overflow++;
		else
			screen_add_text(v, "staff.failed", VIEW_ROLE_ALERT, a->visit.settings.lang,
			                text, APP_ACT_NONE);
		break;
	}
	}
	if (a->visit.staff_state == APP_STAFF_FAILED)
		screen_add(v, a, VIEW_ROLE_BUTTON, "staff.retry", APP_ACT_STAFF);
	/* Nothing to cancel once the call could not be made. */
	screen_add(v, a, VIEW_ROLE_BUTTON,
	           a->visit.staff_state == APP_STAFF_FAILED ? "common.back" : "staff.cancel",
	           APP_ACT_BACK);
	screen_footer(v, a, false);
}

static const char *sample(struct app *a, int i)
{
	static const char *const names[] = {"", "sent", "failed"};
	static const enum app_staff_state states[] = {APP_STAFF_SENDING, APP_STAFF_SENT,
	                                              APP_STAFF_FAILED};
	_Static_assert(sizeof(names) / sizeof(names[0]) == sizeof(states) / sizeof(states[0]),
	               "one name per sample state");
	a->visit.staff_state = states[i];
	return names[i];
}

const struct screen_def screen_staff = {
    .name = "staff",
    .help_key = "help.screen.staff",
    .build = build,
    .samples = 3,
    .sample = sample,
};
