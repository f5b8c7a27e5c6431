/* Technician mode: the self-test's results (the checks that run inside the live kiosk), the
 * central, and the outbox's depth, oldest age and the entries a technician must resolve.
 * Asked when the screen is entered (APP_REQ_TECH_DIAG); the self-test's words are English. */
#include <stdio.h>
#include <string.h>

#include "firmware/core/text.h"
#include "ui/screens/tech.h"

static const char *status_key(enum tech_check_status s)
{
	switch (s) {
	case TECH_CHECK_OK:
		return "tech.diag.ok";
	case TECH_CHECK_WARN:
		return "tech.diag.warn";
	case TECH_CHECK_FAIL:
		return "tech.diag.fail";
	case TECH_CHECK_SKIP:
		break;
	}
	return "tech.diag.skip";
}

static void outbox_node(struct view *v, const struct app *a)
{
	const struct tech_diag *d = &a->visit.tech.diag;
	enum lang l = a->visit.settings.lang;
	char pending[16], minutes[24], attention[16], text[VIEW_TEXT_MAX];

	if (!d->outbox_ok) {
		screen_add(v, a, VIEW_ROLE_ALERT, "tech.diag.outbox.broken", APP_ACT_NONE);
		return;
	}
	snprintf(pending, sizeof(pending), "%u", d->pending);
	snprintf(minutes, sizeof(minutes), "%llu", (unsigned long long)(d->oldest_s / 60));
	snprintf(attention, sizeof(attention), "%u", d->attention);
	const char *key = d->pending == 0 ? "tech.diag.outbox.empty" : "tech.diag.outbox";
	if (i18n_format(a->strings, l, key, text, sizeof(text), "pending", pending, "minutes",
	                minutes, I18N_END) < 0)
		v->overflow++;
	else
		screen_add_text(v, "tech.diag.outbox", VIEW_ROLE_TEXT, l, text, APP_ACT_NONE);
	if (d->attention == 0)
		return;
	if (i18n_format(a->strings, l, "tech.diag.attention", text, sizeof(text), "n", attention,
	                I18N_END) < 0)
		v->overflow++;
	else
		screen_add_text(v, "tech.diag.attention", VIEW_ROLE_ALERT, l, text, APP_ACT_NONE);
}

/* The central: none configured, not reached yet, reached some minutes ago, or unreachable
 * (an alert, with the failure's name: no network at boot shows here). */
static void central_node(struct view *v, const struct app *a)
{
	const struct tech_diag *d = &a->visit.tech.diag;
	enum lang l = a->visit.settings.lang;
	char minutes[24], text[VIEW_TEXT_MAX];
	if (!d->central || d->central_last == 0) {
		screen_add(v, a, VIEW_ROLE_TEXT,
		           d->central ? "tech.diag.central" : "tech.diag.central.none",
		           APP_ACT_NONE);
		return;
	}
	snprintf(minutes, sizeof(minutes), "%llu", (unsigned long long)(d->central_age_s / 60));
	bool down = d->central_last < 0;
	if (i18n_format(a->strings, l, down ? "tech.diag.central.down" : "tech.diag.central.ok",
	                text, sizeof(text), "minutes", minutes, "error", d->central_error,
	                I18N_END) < 0)
		v->overflow++;
	else
		screen_add_text(v, "tech.diag.central", down ? VIEW_ROLE_ALERT : VIEW_ROLE_TEXT, l,
		                text, APP_ACT_NONE);
}

static void build(const struct app *a, struct view *v)
{
	const struct tech *t = &a->visit.tech;
	const struct tech_diag *d = &t->diag;
	enum lang l = a->visit.settings.lang;
	char text[VIEW_TEXT_MAX];

	screen_add(v, a, VIEW_ROLE_HEADING, "tech.diag.title", APP_ACT_NONE);
	if (!t->diag_ready) {
		screen_add(v, a, VIEW_ROLE_TEXT, "tech.diag.running", APP_ACT_NONE);
	} else {
		central_node(v, a);
		outbox_node(v, a);
		for (int i = 0; i < d->count && i < TECH_DIAG_MAX; i++) {
			char id[40];
			snprintf(id, sizeof(id), "tech.diag.%s", d->checks[i].name);
			if (i18n_format(a->strings, l, "tech.diag.check", text, sizeof(text),
			                "name", d->checks[i].name, "status",
			                i18n_get(a->strings, l, status_key(d->checks[i].status)),
			                I18N_END) < 0) {
				v->overflow++;
				continue;
			}
			struct view_node *n =
			    screen_add_text(v, id,
			                    d->checks[i].status == TECH_CHECK_FAIL ? VIEW_ROLE_ALERT
			                                                           : VIEW_ROLE_TEXT,
			                    l, text, APP_ACT_NONE);
			/* What was found, in the self-test's words (English, said in its voice). */
			if (n && d->checks[i].msg[0] &&
			    text_copy(n->value, sizeof(n->value), d->checks[i].msg) < 0)
				v->overflow++;
		}
	}
	screen_add(v, a, VIEW_ROLE_BUTTON, "common.back", APP_ACT_BACK);
	screen_footer(v, a, false);
}

static const char *sample(struct app *a, int i)
{
	struct tech *t = &a->visit.tech;
	struct tech_diag *d = &t->diag;
	t->active = true;
	t->state = TECH_IN;
	if (i == 1)
		return "running";
	t->diag_ready = true;
	d->central = true;
	d->central_last = -1;
	d->central_age_s = 240;
	text_copy(d->central_error, sizeof(d->central_error), "offline");
	d->outbox_ok = true;
	d->pending = 2;
	d->oldest_s = 1800;
	d->attention = 1;
	d->count = 3;
	text_copy(d->checks[0].name, sizeof(d->checks[0].name), "storage");
	text_copy(d->checks[0].msg, sizeof(d->checks[0].msg), "/var/lib/accueil: 812 MiB free");
	text_copy(d->checks[1].name, sizeof(d->checks[1].name), "clock");
	text_copy(d->checks[1].msg, sizeof(d->checks[1].msg), "2026-12-24 15:25 UTC");
	text_copy(d->checks[2].name, sizeof(d->checks[2].name), "printer");
	d->checks[2].status = TECH_CHECK_FAIL;
	text_copy(d->checks[2].msg, sizeof(d->checks[2].msg),
	          "the printer does not answer: check its cable and paper");
	return "";
}

const struct screen_def screen_tech_diag = {
    .name = "tech_diag",
    .help_key = "help.screen.tech_diag",
    .build = build,
    .enter = tech_diag_enter,
    .samples = 2,
    .sample = sample,
};
