/* Technician mode: the outbox. Its depth and oldest age, and the entries a technician must
 * resolve (unconfirmed: the answer was lost and the central could not confirm it; refused by
 * the central), oldest first: provisional reference, category, age, tries and the kiosk's
 * words for the last error. Never personal data: the program layer gives none (no
 * description, name, contact, nor the central's message, which may echo them). "Retry sending
 * now" sends every waiting entry at once and looks unconfirmed ones up again
 * (APP_REQ_TECH_RETRY); refused entries are not sent again. */
#include <stdio.h>
#include <string.h>

#include "firmware/core/text.h"
#include "ui/screens/tech.h"

enum { ACT_RETRY = APP_ACT_SCREEN };

static void summary(struct view *v, const struct app *a)
{
	const struct tech_outbox *o = &a->visit.tech.outbox;
	enum lang l = a->visit.settings.lang;
	char pending[16], minutes[24], n[16], text[VIEW_TEXT_MAX];

	snprintf(pending, sizeof(pending), "%u", o->pending);
	snprintf(minutes, sizeof(minutes), "%llu", (unsigned long long)(o->oldest_s / 60));
	const char *key = o->pending == 0 ? "tech.diag.outbox.empty" : "tech.diag.outbox";
	if (i18n_format(a->strings, l, key, text, sizeof(text), "pending", pending, "minutes",
	                minutes, I18N_END) < 0)
		v->overflow++;
	else
		screen_add_text(v, "tech.outbox.summary", VIEW_ROLE_TEXT, l, text, APP_ACT_NONE);
	if (o->attention == 0) {
		screen_add(v, a, VIEW_ROLE_TEXT, "tech.outbox.none", APP_ACT_NONE);
		return;
	}
	snprintf(n, sizeof(n), "%u", o->attention);
	if (i18n_format(a->strings, l, "tech.diag.attention", text, sizeof(text), "n", n,
	                I18N_END) < 0)
		v->overflow++;
	else
		screen_add_text(v, "tech.diag.attention", VIEW_ROLE_ALERT, l, text, APP_ACT_NONE);
}

/* "K7-42: Pothole, 95 minutes old, 4 tries, unconfirmed." with the last error as its value
 * (the kiosk's words, in English like the self-test's). */
static void entry(struct view *v, const struct app *a, int i)
{
	const struct tech_outbox_entry *e = &a->visit.tech.outbox.entries[i];
	enum lang l = a->visit.settings.lang;
	char id[32], minutes[24], tries[16], text[VIEW_TEXT_MAX];
	const struct catalogue_item *it = catalogue_find(&a->catalogue, e->category);
	const char *category = it ? catalogue_name(it, l, NULL)
	                       : !strcmp(e->category, "feedback")
	                           ? i18n_get(a->strings, l, "tech.outbox.feedback")
	                           : e->category;

	snprintf(id, sizeof(id), "tech.outbox.%d", i);
	snprintf(minutes, sizeof(minutes), "%llu", (unsigned long long)(e->age_s / 60));
	snprintf(tries, sizeof(tries), "%u", e->attempts);
	if (i18n_format(a->strings, l, "tech.outbox.entry", text, sizeof(text), "reference",
	                e->reference, "category", category, "minutes", minutes, "attempts", tries,
	                "state",
	                i18n_get(a->strings, l,
	                         e->refused ? "tech.outbox.refused" : "tech.outbox.unconfirmed"),
	                I18N_END) < 0) {
		v->overflow++;
		return;
	}
	struct view_node *n = screen_add_text(v, id, VIEW_ROLE_TEXT, l, text, APP_ACT_NONE);
	if (n && e->error[0] && text_copy(n->value, sizeof(n->value), e->error) < 0)
		v->overflow++;
}

static void retried_node(struct view *v, const struct app *a)
{
	const struct tech *t = &a->visit.tech;
	enum lang l = a->visit.settings.lang;
	char n[16], text[VIEW_TEXT_MAX];
	if (!t->printed) /* the retry's outcome (a string key), like the printer test's */
		return;
	snprintf(n, sizeof(n), "%d", t->outbox.retried);
	if (i18n_format(a->strings, l, t->printed, text, sizeof(text), "n", n, I18N_END) < 0)
		v->overflow++;
	else
		screen_add_text(v, "tech.outbox.retried", VIEW_ROLE_TEXT, l, text, APP_ACT_NONE);
}

static void build(const struct app *a, struct view *v)
{
	const struct tech *t = &a->visit.tech;
	const struct tech_outbox *o = &t->outbox;
	enum lang l = a->visit.settings.lang;
	char n[16], text[VIEW_TEXT_MAX];

	screen_add(v, a, VIEW_ROLE_HEADING, "tech.outbox.title", APP_ACT_NONE);
	if (!t->outbox_ready) {
		screen_add(v, a, VIEW_ROLE_TEXT, "tech.outbox.loading", APP_ACT_NONE);
	} else if (!o->ok) {
		screen_add(v, a, VIEW_ROLE_ALERT, "tech.diag.outbox.broken", APP_ACT_NONE);
	} else {
		retried_node(v, a);
		summary(v, a);
		for (int i = 0; i < o->count && i < TECH_OUTBOX_LIST; i++)
			entry(v, a, i);
		if (o->attention > (unsigned)o->count) {
			snprintf(n, sizeof(n), "%u", o->attention - (unsigned)o->count);
			if (i18n_format(a->strings, l, "tech.outbox.more", text, sizeof(text), "n",
			                n, I18N_END) < 0)
				v->overflow++;
			else
				screen_add_text(v, "tech.outbox.more", VIEW_ROLE_TEXT, l, text,
				                APP_ACT_NONE);
		}
		screen_add(v, a, VIEW_ROLE_BUTTON, "tech.outbox.retry", ACT_RETRY);
	}
	screen_add(v, a, VIEW_ROLE_BUTTON, "common.back", APP_ACT_BACK);
	screen_footer(v, a, false);
}

static void act(struct app *a, int action, struct app_fx_list *fx)
{
	if (action != ACT_RETRY)
		return;
	a->visit.tech.printed = NULL;
	tech_request(a, fx, APP_REQ_TECH_RETRY);
}

static void enter(struct app *a, struct app_fx_list *fx)
{
	a->visit.tech.outbox_ready = false;
	a->visit.tech.printed = NULL;
	tech_request(a, fx, APP_REQ_TECH_OUTBOX);
}

static const char *sample(struct app *a, int i)
{
	struct tech *t = &a->visit.tech;
	struct tech_outbox *o = &t->outbox;
	t->active = true;
	t->state = TECH_IN;
	if (i == 1)
		return "loading";
	t->outbox_ready = true;
	o->ok = true;
	o->retried = -1;
	if (i == 2) {
		o->pending = 0;
		return "empty";
	}
	o->pending = 5;
	o->oldest_s = 3 * 3600 + 600;
	o->attention = 3;
	o->count = 2;
	struct tech_outbox_entry *e = &o->entries[0];
	text_copy(e->reference, sizeof(e->reference), "K7-41");
	text_copy(e->category, sizeof(e->category), "feedback");
	e->age_s = o->oldest_s;
	e->attempts = 6;
	text_copy(e->error, sizeof(e->error),
	          "its answer was lost and the central cannot confirm it");
	e = &o->entries[1];
	text_copy(e->reference, sizeof(e->reference), "K7-42");
	text_copy(e->category, sizeof(e->category), "complaint_agency");
	e->age_s = 5400;
	e->attempts = 1;
	e->refused = true;
	text_copy(e->error, sizeof(e->error), "refused by the central (HTTP 400)");
	if (i == 3) {
		o->retried = 2;
		t->printed = "tech.outbox.retried";
		return "retried";
	}
	return "";
}

const struct screen_def screen_tech_outbox = {
    .name = "tech_outbox",
    .help_key = "help.screen.tech_outbox",
    .build = build,
    .act = act,
    .enter = enter,
    .samples = 4,
    .sample = sample,
};
