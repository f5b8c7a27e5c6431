/* "Service unavailable": what a fatal condition shows while systemd restarts us. */
#include "firmware/core/text.h"
#include "ui/screens/screens.h"

/* No session survives a fatal condition: the screen speaks to whoever comes, in both
 * languages, each in its own voice. */
static void both(struct view *v, const struct app *a, enum view_role role, const char *key)
{
	for (int l = 0; l < LANG_COUNT; l++)
		screen_add_text(v, l == LANG_FR ? key : "unavailable.en", role, (enum lang)l,
		                i18n_get(a->strings, (enum lang)l, key), APP_ACT_NONE);
}

static void build(const struct app *a, struct view *v)
{
	struct view_node *n =
	    screen_add_text(v, "unavailable.title", VIEW_ROLE_HEADING, LANG_FR,
	                    i18n_get(a->strings, LANG_FR, "unavailable.title"), APP_ACT_NONE);
	if (n && text_copy(n->text2, sizeof(n->text2),
	                   i18n_get(a->strings, LANG_EN, "unavailable.title")) < 0)
		v->overflow++;
	both(v, a, VIEW_ROLE_TEXT, "unavailable.body");
}

const struct screen_def screen_unavailable = {
    .name = "unavailable",
    .bilingual = true,
    .build = build,
    .samples = 1,
};
