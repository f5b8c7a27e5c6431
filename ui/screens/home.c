/* Home: what the visitor can do here. Tasks appear as their issues land; until
 * then the menu offers only what works, and says honestly where to get service. */
#include <stdio.h>

#include "ui/screens/screens.h"

void screen_home(const struct app *a, struct view *v)
{
	screen_add(v, a, VIEW_ROLE_HEADING, "home.title", APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_TEXT, "home.unavailable", APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_BUTTON, "home.end", APP_ACT_END_SESSION);
	screen_footer(v, a, true);
}

void screen_staff(const struct app *a, struct view *v)
{
	screen_add(v, a, VIEW_ROLE_HEADING, "staff.title", APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_TEXT, "staff.body", APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_BUTTON, "staff.cancel", APP_ACT_STAFF_CANCEL);
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
		    seconds, NULL);
	struct view_node *n = screen_add_text(v, VIEW_ROLE_ALERT, a->settings.lang, body, APP_ACT_NONE);
	(void)n;
	screen_add(v, a, VIEW_ROLE_BUTTON, "timeout.more", APP_ACT_MORE_TIME);
	screen_add(v, a, VIEW_ROLE_BUTTON, "timeout.end", APP_ACT_END_SESSION);
	screen_footer(v, a, true);
}
