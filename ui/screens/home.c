/* Home: what the visitor can do here. Tasks appear as their issues land; until then the
 * menu offers only what works, and says honestly where to get service. */
#include <stdio.h>
#include <string.h>

#include "ui/screens/complaint.h"
#include "ui/screens/status.h"
#include "ui/screens/ticket.h"

/* C6: the central's notices, in the visitor's language, closures first. */
static void notices(const struct app *a, struct view *v)
{
	enum lang l = a->visit.settings.lang;
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < a->notice_count; i++) {
			const struct app_notice *n = &a->notices[i];
			if (n->closure != (pass == 0))
				continue;
			char text[VIEW_TEXT_MAX], id[sizeof(n->id) + 8];
			const char *reason =
			    n->reason[l][0] ? n->reason[l] : n->reason[lang_other(l)];
			const char *alt = n->alternatives[l];
			if ((size_t)snprintf(text, sizeof(text), "%s%s%s", reason,
			                     alt[0] ? " " : "", alt) >= sizeof(text)) {
				v->overflow++;
				continue;
			}
			snprintf(id, sizeof(id), "notice.%s", n->id);
			struct view_node *node =
			    screen_add_text(v, id, VIEW_ROLE_ALERT, l, text, APP_ACT_NONE);
			/* Text only the central had in the other language is said in that voice. */
			if (node && !n->reason[l][0])
				node->lang = lang_other(l);
		}
	}
}

enum { ACT_FILE = APP_ACT_SCREEN, ACT_STATUS, ACT_TICKET };

/* A task: a large tile with its pictogram and a one-line explanation. */
static void tile(struct view *v, const struct app *a, const char *key, const char *more, int action,
                 enum view_icon icon)
{
	struct view_node *n = screen_add(v, a, VIEW_ROLE_BUTTON, key, action);
	if (n) {
		screen_set_value(v, n, i18n_get(a->strings, a->visit.settings.lang, more));
		n->icon = icon;
		n->size = VIEW_SIZE_LARGE;
	}
}

static void build(const struct app *a, struct view *v)
{
	screen_add(v, a, VIEW_ROLE_HEADING, "home.title", APP_ACT_NONE);
	notices(a, v);
	tile(v, a, "home.file", "home.file.more", ACT_FILE, VIEW_ICON_FILE);
	tile(v, a, "home.status", "home.status.more", ACT_STATUS, VIEW_ICON_STATUS);
	tile(v, a, "home.ticket", "home.ticket.more", ACT_TICKET, VIEW_ICON_TICKET);
	screen_add(v, a, VIEW_ROLE_BUTTON, "home.end", APP_ACT_END_SESSION);
	screen_footer(v, a, true);
}

static void act(struct app *a, int action, struct app_fx_list *fx)
{
	if (action == ACT_TICKET) {
		ticket_start(a, fx);
		return;
	}
	if (action == ACT_STATUS) {
		status_reset(&a->visit.status);
		app_flow_start(a, fx, &flow_status);
		return;
	}
	complaint_reset(&a->visit.complaint);
	app_flow_start(a, fx, &flow_complaint);
}

static const char *sample(struct app *a, int i)
{
	if (i == 0)
		return "";
	struct app_notice *n = &a->notices[0];
	memset(n, 0, sizeof(*n));
	snprintf(n->id, sizeof(n->id), "%s", "sample");
	snprintf(n->reason[LANG_FR], sizeof(n->reason[LANG_FR]), "%s",
	         "L’ascenseur est en panne jusqu’à 15\u00a0h.");
	snprintf(n->reason[LANG_EN], sizeof(n->reason[LANG_EN]), "%s",
	         "The elevator is out of order until 3 p.m.");
	a->notice_count = 1;
	return "notice";
}

const struct screen_def screen_home = {
    .name = "home",
    .help_key = "help.screen.home",
    .build = build,
    .act = act,
    .samples = 2,
    .sample = sample,
};
