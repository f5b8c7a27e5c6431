/* Home: what the visitor can do here. Tasks appear as their issues land; until then the
 * menu offers only what works, and says honestly where to get service. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "firmware/core/calendar.h"

#include "ui/screens/complaint.h"
#include "ui/screens/status.h"
#include "ui/screens/ticket.h"

/* How long a disruption is expected to last: "until 3:00 p.m." today, else the day too. */
static int notice_until(const struct app *a, enum lang l, int64_t until, char *out, size_t cap)
{
	char when[160];
	bool today =
	    calendar_date_cmp(calendar_to_local(until).date, calendar_to_local(a->wall).date) == 0;
	if (today)
		screen_clock_text(until, l, when, sizeof(when));
	else
		screen_when_text(until, l, when, sizeof(when));
	int rc = i18n_format(a->strings, l, today ? "notice.until_today" : "notice.until", out, cap,
	                     "when", when, I18N_END);
	screen_end_sentence(out);
	return rc;
}

/* C6: the central's notices in the visitor's language, closures first: the reason, how long
 * it is expected to last, and the alternatives. */
static void notices(const struct app *a, struct view *v)
{
	enum lang l = a->visit.settings.lang;
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < a->notice_count; i++) {
			const struct app_notice *n = &a->notices[i];
			if (n->closure != (pass == 0))
				continue;
			char text[VIEW_TEXT_MAX], until[200] = "", id[sizeof(n->id) + 8];
			/* Only in the other language at the central: all of it in that one. */
			enum lang nl = n->reason[l][0] ? l : lang_other(l);
			const char *reason = n->reason[nl];
			const char *alt = n->alternatives[nl];
			if (n->until > 0 && notice_until(a, nl, n->until, until, sizeof(until)) < 0)
				v->overflow++;
			if ((size_t)snprintf(text, sizeof(text), "%s%s%s%s%s", reason,
			                     until[0] ? " " : "", until, alt[0] ? " " : "",
			                     alt) >= sizeof(text)) {
				v->overflow++;
				continue;
			}
			snprintf(id, sizeof(id), "notice.%s", n->id);
			struct view_node *node =
			    screen_add_text(v, id, VIEW_ROLE_ALERT, l, text, APP_ACT_NONE);
			if (node)
				node->lang = nl; /* said in its own voice */
		}
	}
}

/* Today's hours as the central's queue reports them: open now, opening later today, or
 * closed with the next opening. */
static int hours_text(const struct app *a, char *out, size_t cap)
{
	const struct app_hours *h = &a->hours;
	enum lang l = a->visit.settings.lang;
	char from[32], to[32], when[160];
	if (!h->known)
		return -ENOENT;
	screen_clock_text(h->opens_at, l, from, sizeof(from));
	screen_clock_text(h->closes_at, l, to, sizeof(to));
	if (h->open_now && h->opens_at && h->closes_at)
		return i18n_format(a->strings, l, "home.hours.open", out, cap, "from", from, "to",
		                   to, I18N_END);
	if (!h->open_now && h->opens_at && h->closes_at &&
	    calendar_date_cmp(calendar_to_local(h->opens_at).date,
	                      calendar_to_local(a->wall).date) == 0)
		return i18n_format(a->strings, l, "home.hours.later", out, cap, "from", from, "to",
		                   to, I18N_END);
	if (!h->open_now && h->opens_at) {
		screen_when_text(h->opens_at, l, when, sizeof(when));
		int rc = i18n_format(a->strings, l, "home.hours.closed", out, cap, "when", when,
		                     I18N_END);
		screen_end_sentence(out);
		return rc;
	}
	return h->open_now
	           ? -ENOENT
	           : i18n_format(a->strings, l, "home.hours.closed_now", out, cap, I18N_END);
}

/* Where the visitor is and whether the office is open: the agency's name (configuration)
 * over today's hours (the central), in the visitor's language; one item to move past. */
static void identity(const struct app *a, struct view *v)
{
	enum lang l = a->visit.settings.lang;
	const char *name = a->cfg.agency[l][0] ? a->cfg.agency[l] : a->cfg.agency[lang_other(l)];
	char hours[VIEW_TEXT_MAX / 2], text[VIEW_TEXT_MAX];
	if (hours_text(a, hours, sizeof(hours)) < 0)
		hours[0] = '\0';
	if (!name[0] && !hours[0])
		return;
	if ((size_t)snprintf(text, sizeof(text), "%s%s%s", name, name[0] && hours[0] ? "\n" : "",
	                     hours) >= sizeof(text)) {
		v->overflow++;
		return;
	}
	screen_add_text(v, "home.identity", VIEW_ROLE_TEXT, l, text, APP_ACT_NONE);
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
	identity(a, v);
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
	/* Monday 2026-12-21, 10:00 in Toronto: open from 8:30 to 17:00. */
	snprintf(a->cfg.agency[LANG_FR], sizeof(a->cfg.agency[LANG_FR]), "%s",
	         "Centre de services de l’Ontario");
	snprintf(a->cfg.agency[LANG_EN], sizeof(a->cfg.agency[LANG_EN]), "%s",
	         "ServiceOntario Centre");
	a->wall = 1797865200;
	a->hours = (struct app_hours){
	    .known = true, .open_now = true, .opens_at = 1797859800, .closes_at = 1797890400};
	if (i == 0)
		return "";
	struct app_notice *n = &a->notices[0];
	memset(n, 0, sizeof(*n));
	snprintf(n->id, sizeof(n->id), "%s", "sample");
	snprintf(n->reason[LANG_FR], sizeof(n->reason[LANG_FR]), "%s", "L’ascenseur est en panne.");
	snprintf(n->reason[LANG_EN], sizeof(n->reason[LANG_EN]), "%s",
	         "The elevator is out of order.");
	snprintf(n->alternatives[LANG_FR], sizeof(n->alternatives[LANG_FR]), "%s",
	         "Entrée accessible par la rue King.");
	snprintf(n->alternatives[LANG_EN], sizeof(n->alternatives[LANG_EN]), "%s",
	         "Step-free entrance on King Street.");
	n->until = 1797883200; /* 15:00 */
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
