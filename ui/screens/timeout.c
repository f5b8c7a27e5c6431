/* The time-out warning (R1): the session is about to end; any key or touch extends it.
 * The shell says the title, the countdown and how to extend at once, and the remaining
 * time again near the end. */
#include <stdio.h>

#include "ui/screens/screens.h"

static void build(const struct app *a, struct view *v)
{
	char seconds[16], body[VIEW_TEXT_MAX];
	uint64_t elapsed =
	    a->now > a->warning_since && a->warning_counting ? a->now - a->warning_since : 0;
	uint64_t left_ms = elapsed < a->cfg.warning_ms ? a->cfg.warning_ms - elapsed : 0;
	unsigned left = (unsigned)((left_ms + 999) / 1000);

	screen_add(v, a, VIEW_ROLE_HEADING, "timeout.title", APP_ACT_NONE);
	snprintf(seconds, sizeof(seconds), "%u", left);
	if (i18n_format(a->strings, a->visit.settings.lang, "timeout.body", body, sizeof(body),
	                "seconds", seconds, I18N_END) < 0)
		v->overflow++;
	else
		screen_add_text(v, "timeout.body", VIEW_ROLE_ALERT, a->visit.settings.lang, body,
		                APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_TEXT, "timeout.how", APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_BUTTON, "timeout.more", APP_ACT_MORE_TIME);
	screen_add(v, a, VIEW_ROLE_BUTTON, "timeout.end", APP_ACT_END_SESSION);
	screen_footer(v, a, true);
}

static const char *sample(struct app *a, int i)
{
	(void)i;
	a->warning_since = a->now;
	return "";
}

const struct screen_def screen_timeout = {
    .name = "timeout",
    .build = build,
    .samples = 1,
    .sample = sample,
};
