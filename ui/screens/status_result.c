/* Checking a status, step 2: the status in plain words (PROTOCOL.md §1's table), the last
 * update, the agency's notes (in their own language, marked when it is not the screen's), the
 * expected date when it is after the filing date, the next step and whom to contact. Nothing
 * else of the request: no description, no personal data. A provisional K… reference answers
 * from this kiosk's outbox. Not found, central down, no answer in time: said honestly, with
 * the other ways to reach the agency. */
#include <stdio.h>
#include <string.h>

#include "firmware/core/flows/status.h"
#include "firmware/core/reference.h"
#include "firmware/core/text.h"
#include "ui/screens/status.h"

enum { ACT_AGAIN = APP_ACT_SCREEN, ACT_FINISH };

static void add_format(struct view *v, const struct app *a, const char *key, const char *name,
                       const char *value, enum view_role role, bool personal)
{
	char text[VIEW_TEXT_MAX];
	enum lang l = a->visit.settings.lang;
	if (i18n_format(a->strings, l, key, text, sizeof(text), name, value, I18N_END) < 0) {
		v->overflow++;
		return;
	}
	struct view_node *n = screen_add_text(v, key, role, l, text, APP_ACT_NONE);
	if (n)
		n->personal = personal;
}

static void add_date(struct view *v, const struct app *a, const char *key, int64_t utc)
{
	enum lang l = a->visit.settings.lang;
	char date[96], time_s[32], text[VIEW_TEXT_MAX];
	struct calendar_local t = calendar_to_local(utc);
	screen_clock_text(utc, l, time_s, sizeof(time_s));
	if (calendar_format_date_long(t.date, lang_code(l), date, sizeof(date)) < 0 ||
	    i18n_format(a->strings, l, key, text, sizeof(text), "date", date, "time", time_s,
	                I18N_END) < 0) {
		v->overflow++;
		return;
	}
	struct view_node *n = screen_add_text(v, key, VIEW_ROLE_TEXT, l, text, APP_ACT_NONE);
	if (n)
		n->personal = true;
}

static void contacts(struct view *v, const struct app *a, const char *key, enum view_role role)
{
	char text[VIEW_TEXT_MAX];
	if (screen_contact_text(a, key, text, sizeof(text)) < 0) {
		v->overflow++;
		return;
	}
	screen_add_text(v, key, role, a->visit.settings.lang, text, APP_ACT_NONE);
}

static void found(struct view *v, const struct app *a)
{
	const struct status_answer *ans = &a->visit.status.answer;
	enum lang l = a->visit.settings.lang;
	struct view_node *n;

	if (ans->outbox != STATUS_OUTBOX_NONE) {
		static const char *const keys[] = {
		    [STATUS_OUTBOX_WAITING] = "status.outbox.waiting",
		    [STATUS_OUTBOX_SENT] = "status.outbox.sent",
		    [STATUS_OUTBOX_REFUSED] = "status.outbox.refused",
		    [STATUS_OUTBOX_UNCONFIRMED] = "status.outbox.unconfirmed",
		};
		n = screen_add(v, a, VIEW_ROLE_TEXT, keys[ans->outbox], APP_ACT_NONE);
		if (n && ans->outbox == STATUS_OUTBOX_SENT && ans->id[0]) {
			screen_set_value(v, n, ans->id);
			n->value_kind = strlen(ans->id) == REFERENCE_DIGITS &&
			                        strspn(ans->id, "0123456789") == REFERENCE_DIGITS
			                    ? VIEW_VALUE_REFERENCE
			                    : VIEW_VALUE_PLAIN;
		}
		if (ans->outbox != STATUS_OUTBOX_SENT)
			contacts(v, a, "status.outbox.contact", VIEW_ROLE_TEXT);
		return;
	}
	add_format(v, a, "status.progress", "status",
	           i18n_get(a->strings, l, status_progress_key(ans->progress)), VIEW_ROLE_TEXT,
	           true);
	if (ans->updated > 0)
		add_date(v, a, "status.updated", ans->updated);
	if (ans->notes[0]) {
		/* Server text in the other language is marked, and said in its own voice (S3). */
		enum lang nl = status_text_lang(ans->notes, l);
		n = screen_add(v, a, VIEW_ROLE_TEXT,
		               nl == l         ? "status.notes"
		               : nl == LANG_FR ? "status.notes.in_fr"
		                               : "status.notes.in_en",
		               APP_ACT_NONE);
		if (n)
			n->personal = true;
		n = screen_add_text(v, "status.notes.text", VIEW_ROLE_TEXT, nl, ans->notes,
		                    APP_ACT_NONE);
		if (n)
			n->personal = true;
	}
	if (status_expected_shown(ans))
		add_date(v, a, "status.expected", ans->expected);
	n = screen_add(v, a, VIEW_ROLE_TEXT, status_next_key(ans->progress), APP_ACT_NONE);
	if (n)
		n->personal = true;
	if (ans->agency[0])
		add_format(v, a, "status.agency", "agency", ans->agency, VIEW_ROLE_TEXT, false);
	contacts(v, a, "status.contact", VIEW_ROLE_TEXT);
}

static void build(const struct app *a, struct view *v)
{
	const struct status *s = &a->visit.status;
	char value[VIEW_VALUE_MAX];

	screen_add(v, a, VIEW_ROLE_HEADING, "status.result.title", APP_ACT_NONE);
	struct view_node *n = screen_add(v, a, VIEW_ROLE_TEXT, "status.field", APP_ACT_NONE);
	if (n) {
		bool numeric = s->kind == STATUS_KIND_NUMERIC;
		if (!numeric ||
		    reference_format(s->lookup, strlen(s->lookup), value, sizeof(value)) < 0)
			snprintf(value, sizeof(value), "%s", s->lookup);
		screen_set_value(v, n, value);
		n->value_kind = numeric ? VIEW_VALUE_REFERENCE : VIEW_VALUE_PLAIN;
		n->size = VIEW_SIZE_LARGE;
	}
	switch (s->state) {
	case STATUS_FOUND:
		found(v, a);
		break;
	case STATUS_NOT_FOUND:
		contacts(v, a, "status.not_found", VIEW_ROLE_ALERT);
		break;
	case STATUS_UNREACHABLE:
		contacts(v, a, "status.unreachable", VIEW_ROLE_ALERT);
		break;
	case STATUS_TIMED_OUT:
		contacts(v, a, "status.timed_out", VIEW_ROLE_ALERT);
		break;
	default:
		contacts(v, a, "status.failed", VIEW_ROLE_ALERT);
		break;
	}
	screen_add(v, a, VIEW_ROLE_BUTTON, "status.again", ACT_AGAIN);
	screen_add(v, a, VIEW_ROLE_BUTTON, "status.finish", ACT_FINISH);
	screen_footer(v, a, true);
}

static void again(struct app *a, struct app_fx_list *fx)
{
	status_reset(&a->visit.status);
	app_flow_goto(a, fx, STATUS_STEP_ENTRY);
}

static void act(struct app *a, int action, struct app_fx_list *fx)
{
	if (action == ACT_AGAIN)
		again(a, fx);
	else
		app_flow_end(a, fx);
}

/* The answer is said on arrival. */
static void enter(struct app *a, struct app_fx_list *fx)
{
	screen_speak_texts(a, fx);
}

/* Back goes to the entry for another reference. */
static bool key(struct app *a, const struct app_event *ev, struct app_fx_list *fx)
{
	if (ev->type == APP_EV_KEY && (ev->key == APP_KEY_BACK || ev->key == APP_KEY_ERASE)) {
		again(a, fx);
		return true;
	}
	return false;
}

static const char *sample(struct app *a, int i)
{
	struct status *s = &a->visit.status;
	bool fr = a->visit.settings.lang == LANG_FR;
	a->visit.here = (struct app_frame){.flow = &flow_status, .step = STATUS_STEP_RESULT};
	s->kind = STATUS_KIND_NUMERIC;
	text_copy(s->lookup, sizeof(s->lookup), "4821935577");
	s->state = STATUS_FOUND;
	s->answer.progress = STATUS_IN_PROGRESS;
	s->answer.requested = 1798125900;
	s->answer.updated = 1798212300;
	s->answer.expected = 1799334000;
	text_copy(s->answer.notes, sizeof(s->answer.notes),
	          "Un agent examine votre dossier et vous écrira.");
	text_copy(s->answer.agency, sizeof(s->answer.agency),
	          fr ? "Service des plaintes" : "Complaints office");
	switch (i) {
	case 1:
		s->kind = STATUS_KIND_PROVISIONAL;
		text_copy(s->lookup, sizeof(s->lookup), "K7-42");
		s->answer.outbox = STATUS_OUTBOX_SENT;
		text_copy(s->answer.id, sizeof(s->answer.id), "4821935577");
		return "provisional";
	case 2:
		s->state = STATUS_NOT_FOUND;
		return "not_found";
	case 3:
		s->state = STATUS_UNREACHABLE;
		return "unreachable";
	default:
		return "";
	}
}

const struct screen_def screen_status_result = {
    .name = "status_result",
    .help_key = "help.screen.status_result",
    .build = build,
    .act = act,
    .key = key,
    .enter = enter,
    .samples = 4,
    .sample = sample,
};
