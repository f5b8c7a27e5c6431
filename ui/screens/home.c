/* Home: what the visitor can do here. Tasks appear as their issues land; until
 * then the menu offers only what works, and says honestly where to get service. */
#include <stdio.h>

#include "ui/screens/screens.h"

/* C6: the central's notices, in the visitor's language, closures first. */
static void notices(const struct app *a, struct view *v)
{
	enum lang l = a->settings.lang;
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < a->notice_count; i++) {
			const struct app_notice *n = &a->notices[i];
			if (n->closure != (pass == 0))
				continue;
			char text[VIEW_TEXT_MAX];
			const char *reason =
			    n->reason[l][0] ? n->reason[l] : n->reason[lang_other(l)];
			const char *alt = n->alternatives[l];
			snprintf(text, sizeof(text), "%s%s%s", reason, alt[0] ? " " : "", alt);
			struct view_node *node =
			    screen_add_text(v, VIEW_ROLE_ALERT, l, text, APP_ACT_NONE);
			/* Text only the central had in the other language is said in that voice. */
			if (node && !n->reason[l][0])
				node->lang = lang_other(l);
		}
	}
}

void screen_home(const struct app *a, struct view *v)
{
	screen_add(v, a, VIEW_ROLE_HEADING, "home.title", APP_ACT_NONE);
	notices(a, v);
	screen_add(v, a, VIEW_ROLE_TEXT, "home.unavailable", APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_BUTTON, "home.end", APP_ACT_END_SESSION);
	screen_footer(v, a, true);
}

void screen_staff(const struct app *a, struct view *v)
{
	switch (a->staff_state) {
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
		screen_contact_text(a, "staff.failed", text, sizeof(text));
		screen_add_text(v, VIEW_ROLE_ALERT, a->settings.lang, text, APP_ACT_NONE);
		break;
	}
	}
	/* Nothing to cancel once the call could not be made. */
	screen_add(v, a, VIEW_ROLE_BUTTON,
	           a->staff_state == APP_STAFF_FAILED ? "common.back" : "staff.cancel",
	           APP_ACT_STAFF_CANCEL);
	screen_footer(v, a, false);
}

void screen_unavailable(const struct app *a, struct view *v)
{
	screen_add(v, a, VIEW_ROLE_HEADING, "unavailable.title", APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_TEXT, "unavailable.body", APP_ACT_NONE);
}

void screen_timeout(const struct app *a, struct view *v, uint64_t now)
{
	char seconds[16], body[VIEW_TEXT_MAX];
	uint64_t elapsed = now > a->warning_since && !a->speaking ? now - a->warning_since : 0;
	uint64_t left_ms = elapsed < a->cfg.warning_ms ? a->cfg.warning_ms - elapsed : 0;
	unsigned left = (unsigned)((left_ms + 999) / 1000);

	screen_add(v, a, VIEW_ROLE_HEADING, "timeout.title", APP_ACT_NONE);
	/* snprintf of an unsigned into a fixed buffer cannot truncate here. */
	snprintf(seconds, sizeof(seconds), "%u", left);
	i18n_format(a->strings, a->settings.lang, "timeout.body", body, sizeof(body), "seconds",
	            seconds, I18N_END);
	struct view_node *n =
	    screen_add_text(v, VIEW_ROLE_ALERT, a->settings.lang, body, APP_ACT_NONE);
	(void)n;
	screen_add(v, a, VIEW_ROLE_BUTTON, "timeout.more", APP_ACT_MORE_TIME);
	screen_add(v, a, VIEW_ROLE_BUTTON, "timeout.end", APP_ACT_END_SESSION);
	screen_footer(v, a, true);
}
