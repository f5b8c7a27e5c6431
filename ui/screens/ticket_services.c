/* Taking a ticket, step 1: the queue's services with their state, people waiting and the wait
 * as a range; a priority / assistance option; the best time to come when the central says.
 * Closed (or too close to closing): no ticket, but the hours, the next opening and the
 * alternatives. Refreshed while open without moving focus. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "firmware/core/calendar.h"
#include "firmware/core/flows/ticket.h"
#include "firmware/core/text.h"
#include "ui/screens/ticket.h"

enum { ACT_PRIORITY = APP_ACT_SCREEN, ACT_CHECK, ACT_SERVICE = APP_ACT_SCREEN + 8 };

static void service_value(const struct app *a, const struct ticket_service *s, char *out,
                          size_t cap)
{
	enum lang l = a->visit.settings.lang;
	char n[16], lo[16], hi[16], at[160];
	int min_m, max_m;
	ticket_wait_minutes(s->wait_min_s, s->wait_max_s, &min_m, &max_m);
	snprintf(n, sizeof(n), "%d", s->waiting > 0 ? s->waiting : 0);
	snprintf(lo, sizeof(lo), "%d", min_m);
	snprintf(hi, sizeof(hi), "%d", max_m);
	if (s->state == TICKET_CLOSED) {
		screen_when_text(s->opens_at, l, at, sizeof(at));
		i18n_format(a->strings, l,
		            s->opens_at ? "queue.service.closed_until" : "queue.service.closed",
		            out, cap, "when", at, I18N_END);
		return;
	}
	/* Singular and plural: "1 person", "0 personne" and "1 personne" (French: below 2). */
	bool one = s->waiting == 1 || (l == LANG_FR && s->waiting <= 0);
	const char *key = s->state == TICKET_CLOSING
	                      ? (one ? "queue.service.closing.one" : "queue.service.closing")
	                      : (one ? "queue.service.open.one" : "queue.service.open");
	i18n_format(a->strings, l, key, out, cap, "n", n, "min", lo, "max", hi, I18N_END);
}

/* No number now: why (`key`), the agency's opening hours as it publishes them (from the
 * configuration, when set), and the other ways to get service. */
static int closed_text(const struct app *a, const char *key, char *out, size_t cap)
{
	enum lang l = a->visit.settings.lang;
	if (text_copy(out, cap, i18n_get(a->strings, l, key)) < 0)
		return -E2BIG;
	size_t n = strlen(out);
	if (a->cfg.hours[l][0] && i18n_format(a->strings, l, "queue.hours", out + n, cap - n,
	                                      "hours", a->cfg.hours[l], I18N_END) < 0)
		return -E2BIG;
	return screen_contact_append(a, out, cap);
}

static void build(const struct app *a, struct view *v)
{
	const struct ticket *t = &a->visit.ticket;
	enum lang l = a->visit.settings.lang;
	char text[VIEW_TEXT_MAX];

	screen_add(v, a, VIEW_ROLE_HEADING, "queue.title", APP_ACT_NONE);
	if (t->phase == TICKET_LOADING)
		screen_add(v, a, VIEW_ROLE_TEXT, "queue.loading", APP_ACT_NONE);
	if (t->phase == TICKET_UNAVAILABLE || t->phase == TICKET_REFUSED) {
		const char *key =
		    t->phase == TICKET_REFUSED ? "queue.refused" : "queue.unavailable";
		if ((t->phase == TICKET_REFUSED
		         ? closed_text(a, key, text, sizeof(text))
		         : screen_contact_text(a, key, text, sizeof(text))) == 0)
			screen_add_text(v, "queue.alert", VIEW_ROLE_ALERT, l, text, APP_ACT_NONE);
		if (t->phase == TICKET_REFUSED && t->issued.next_opening) {
			char at[160];
			screen_when_text(t->issued.next_opening, l, at, sizeof(at));
			if (i18n_format(a->strings, l, "queue.next_opening", text, sizeof(text),
			                "when", at, I18N_END) >= 0) {
				screen_end_sentence(text);
				screen_add_text(v, "queue.next_opening", VIEW_ROLE_TEXT, l, text,
				                APP_ACT_NONE);
			}
		}
	}
	if (t->have_services) {
		screen_add(v, a, VIEW_ROLE_TEXT, "queue.intro", APP_ACT_NONE);
		bool any_open = false;
		for (int i = 0; i < t->services.count; i++) {
			const struct ticket_service *s = &t->services.items[i];
			char id[32], value[VIEW_VALUE_MAX];
			snprintf(id, sizeof(id), "queue.service.%s", s->id);
			const char *name = s->name[l][0] ? s->name[l] : s->name[lang_other(l)];
			struct view_node *n =
			    screen_add_text(v, id, VIEW_ROLE_BUTTON, l, name, ACT_SERVICE + i);
			service_value(a, s, value, sizeof(value));
			screen_set_value(v, n, value);
			if (n && (s->state == TICKET_CLOSED || t->phase == TICKET_TAKING))
				n->state = VIEW_STATE_DISABLED;
			any_open |= s->state != TICKET_CLOSED;
			if (s->n_best > 0 && s->state != TICKET_CLOSED) {
				char best[64];
				snprintf(best, sizeof(best), "%s%s%s", s->best[0],
				         s->n_best > 1 ? ", " : "",
				         s->n_best > 1 ? s->best[1] : "");
				snprintf(id, sizeof(id), "queue.best.%s", s->id);
				if (i18n_format(a->strings, l, "queue.best", text, sizeof(text),
				                "hours", best, I18N_END) >= 0)
					screen_add_text(v, id, VIEW_ROLE_TEXT, l, text,
					                APP_ACT_NONE);
			}
		}
		if (!any_open && t->phase != TICKET_REFUSED &&
		    closed_text(a, "queue.all_closed", text, sizeof(text)) == 0)
			screen_add_text(v, "queue.all_closed", VIEW_ROLE_ALERT, l, text,
			                APP_ACT_NONE);
		struct view_node *p =
		    screen_add(v, a, VIEW_ROLE_CHECKBOX, "queue.priority", ACT_PRIORITY);
		if (p)
			p->state = t->priority ? VIEW_STATE_CHECKED : VIEW_STATE_UNCHECKED;
	}
	screen_add(v, a, VIEW_ROLE_BUTTON, "queue.check", ACT_CHECK);
	screen_add(v, a, VIEW_ROLE_BUTTON, "common.back", APP_ACT_BACK);
	screen_footer(v, a, true);
}

static void act(struct app *a, int action, struct app_fx_list *fx)
{
	struct ticket *t = &a->visit.ticket;
	if (action == ACT_PRIORITY) {
		t->priority = !t->priority;
		app_rebuild(a);
		app_cue(a, fx, t->priority ? CUE_CHECKED : CUE_UNCHECKED);
		app_speak(a, fx, APP_FX_SPEAK_FOCUS, NULL, a->visit.settings.lang, APP_TO_LISTENER);
		return;
	}
	if (action == ACT_CHECK) {
		ticket_check_open(a, fx);
		return;
	}
	if (action >= ACT_SERVICE && action < ACT_SERVICE + TICKET_SERVICES_MAX)
		ticket_take(a, fx, action - ACT_SERVICE);
}

static const char *sample(struct app *a, int i)
{
	struct ticket *t = &a->visit.ticket;
	a->visit.here = (struct app_frame){.flow = &flow_ticket, .step = TICKET_STEP_SERVICES};
	t->phase = TICKET_CHOOSING;
	t->have_services = true;
	t->services.count = 2;
	struct ticket_service *s = &t->services.items[0];
	text_copy(s->id, sizeof(s->id), "A");
	text_copy(s->name[LANG_FR], TICKET_NAME_MAX, "Renseignements généraux");
	text_copy(s->name[LANG_EN], TICKET_NAME_MAX, "General information");
	s->state = TICKET_OPEN;
	s->waiting = 6;
	s->wait_min_s = 600;
	s->wait_max_s = 1200;
	s->n_best = 1;
	text_copy(s->best[0], sizeof(s->best[0]), "10:00-11:00");
	s = &t->services.items[1];
	text_copy(s->id, sizeof(s->id), "B");
	text_copy(s->name[LANG_FR], TICKET_NAME_MAX, "Dépôt de documents");
	text_copy(s->name[LANG_EN], TICKET_NAME_MAX, "Document drop-off");
	s->state = i == 1 ? TICKET_CLOSED : TICKET_CLOSING;
	s->opens_at = 1798466400; /* closed: Monday 2026-12-28 at 9:00, after the holidays */
	s->waiting = 2;
	s->wait_min_s = 120;
	s->wait_max_s = 300;
	if (i == 1) {
		t->phase = TICKET_REFUSED;
		t->issued.next_opening = 1798464600; /* Monday 2026-12-28 at 8:30 */
		t->services.items[0].state = TICKET_CLOSED;
		t->services.items[0].opens_at = 1798464600;
		return "closed";
	}
	return "";
}

const struct screen_def screen_ticket_services = {
    .name = "ticket_services",
    .help_key = "help.screen.ticket_services",
    .build = build,
    .act = act,
    .samples = 2,
    .sample = sample,
};
