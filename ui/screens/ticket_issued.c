/* Taking a ticket, step 2: the ticket shown large and said digit by digit, with the service,
 * the people ahead, the wait range and where to wait; printed at once (with a QR code to
 * follow it where the central gives a link). */
#include <stdio.h>
#include <string.h>

#include "firmware/core/flows/ticket.h"
#include "firmware/core/text.h"
#include "ui/screens/ticket.h"

enum { ACT_FINISH = APP_ACT_SCREEN };

static void build(const struct app *a, struct view *v)
{
	const struct ticket *t = &a->visit.ticket;
	const struct ticket_issued *k = &t->issued;
	enum lang l = a->visit.settings.lang;
	char text[VIEW_TEXT_MAX], n[16], lo[16], hi[16];
	int min_m, max_m;

	screen_add(v, a, VIEW_ROLE_HEADING, "queue.issued.title", APP_ACT_NONE);
	struct view_node *node = screen_add(v, a, VIEW_ROLE_TEXT, "queue.number", APP_ACT_NONE);
	if (node) {
		screen_set_value(v, node, k->ticket);
		node->value_kind = VIEW_VALUE_TICKET;
		node->size = VIEW_SIZE_HUGE;
	}
	const struct ticket_service *s = ticket_service_find(&t->services, k->service);
	if (s && (node = screen_add(v, a, VIEW_ROLE_TEXT, "queue.service", APP_ACT_NONE)))
		screen_set_value(v, node, s->name[l][0] ? s->name[l] : s->name[lang_other(l)]);
	if (t->priority)
		screen_add(v, a, VIEW_ROLE_TEXT, "queue.issued.priority", APP_ACT_NONE);
	ticket_wait_minutes(k->wait_min_s, k->wait_max_s, &min_m, &max_m);
	snprintf(n, sizeof(n), "%d", k->ahead > 0 ? k->ahead : 0);
	snprintf(lo, sizeof(lo), "%d", min_m);
	snprintf(hi, sizeof(hi), "%d", max_m);
	if (i18n_format(a->strings, l,
	                k->ahead > 1    ? "queue.issued.ahead"
	                : k->ahead == 1 ? "queue.issued.ahead.one"
	                                : "queue.issued.next",
	                text, sizeof(text), "n", n, "min", lo, "max", hi, I18N_END) >= 0)
		screen_add_text(v, "queue.issued.ahead", VIEW_ROLE_TEXT, l, text, APP_ACT_NONE);
	if (k->where[l][0] && i18n_format(a->strings, l, "queue.issued.where", text, sizeof(text),
	                                  "where", k->where[l], I18N_END) >= 0)
		screen_add_text(v, "queue.issued.where", VIEW_ROLE_TEXT, l, text, APP_ACT_NONE);
	if (t->print == TICKET_PRINTED || t->print == TICKET_PRINT_FAILED) {
		node =
		    screen_add(v, a, t->print == TICKET_PRINTED ? VIEW_ROLE_TEXT : VIEW_ROLE_ALERT,
		               t->print == TICKET_PRINTED ? "queue.printed" : "queue.not_printed",
		               APP_ACT_NONE);
		if (node)
			node->id = view_id("queue.print");
	}
	screen_add(v, a, VIEW_ROLE_BUTTON, "queue.finish", ACT_FINISH);
	screen_footer(v, a, true);
}

static void act(struct app *a, int action, struct app_fx_list *fx)
{
	(void)action;
	app_flow_end(a, fx);
}

static void enter(struct app *a, struct app_fx_list *fx)
{
	screen_speak_texts(a, fx);
}

static bool key(struct app *a, const struct app_event *ev, struct app_fx_list *fx)
{
	if (ev->type == APP_EV_KEY && (ev->key == APP_KEY_BACK || ev->key == APP_KEY_ERASE)) {
		app_flow_end(a, fx);
		return true;
	}
	return false;
}

static const char *sample(struct app *a, int i)
{
	struct ticket *t = &a->visit.ticket;
	(void)i;
	a->visit.here = (struct app_frame){.flow = &flow_ticket, .step = TICKET_STEP_ISSUED};
	t->phase = TICKET_ISSUED;
	t->services.count = 1;
	text_copy(t->services.items[0].id, TICKET_ID_MAX, "A");
	text_copy(t->services.items[0].name[LANG_FR], TICKET_NAME_MAX, "Renseignements généraux");
	text_copy(t->services.items[0].name[LANG_EN], TICKET_NAME_MAX, "General information");
	text_copy(t->issued.ticket, sizeof(t->issued.ticket), "A042");
	text_copy(t->issued.service, sizeof(t->issued.service), "A");
	t->issued.ahead = 6;
	t->issued.wait_min_s = 600;
	t->issued.wait_max_s = 1200;
	text_copy(t->issued.where[LANG_FR], TICKET_WHERE_MAX, "Salle d’attente A");
	text_copy(t->issued.where[LANG_EN], TICKET_WHERE_MAX, "Waiting area A");
	t->print = TICKET_PRINTED;
	return "";
}

const struct screen_def screen_ticket_issued = {
    .name = "ticket_issued",
    .help_key = "help.screen.ticket_issued",
    .build = build,
    .act = act,
    .key = key,
    .enter = enter,
    .samples = 1,
    .sample = sample,
};
