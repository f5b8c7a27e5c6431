/* Filing a request, the receipt: the reference (grouped, said digit by digit), the category,
 * when it was filed, the service standard and the answer-by date in business days (SPEC.md
 * §6), the central's notice, and how to check the status. A provisional K… reference says
 * honestly that the request is saved on this kiosk and will be sent. */
#include <string.h>

#include "firmware/core/standards.h"
#include "ui/screens/complaint.h"

enum { ACT_FINISH = APP_ACT_SCREEN };

/* A reference of the reference central: nine digits and a check digit. */
static bool numeric_reference(const char *s)
{
	return strlen(s) == 10 && strspn(s, "0123456789") == 10;
}

static void build(const struct app *a, struct view *v)
{
	const struct complaint *c = &a->visit.complaint;
	enum lang l = a->visit.settings.lang;
	const char *code = lang_code(l);
	const struct catalogue_item *it = complaint_item(a);
	char buf[VIEW_TEXT_MAX], date[96], time_s[32], days[96];

	screen_add(v, a, VIEW_ROLE_HEADING,
	           c->provisional ? "complaint.receipt.title.saved" : "complaint.receipt.title",
	           APP_ACT_NONE);
	struct view_node *n = screen_add(v, a, VIEW_ROLE_TEXT,
	                                 c->provisional ? "complaint.receipt.provisional_ref"
	                                                : "complaint.receipt.reference",
	                                 APP_ACT_NONE);
	if (n && numeric_reference(c->reference)) {
		/* Shown as printed and said: "482 193 557 6" (PROTOCOL.md §2). */
		const char *r = c->reference;
		snprintf(buf, sizeof(buf), "%.3s\u00a0%.3s\u00a0%.3s\u00a0%.1s", r, r + 3, r + 6,
		         r + 9);
		screen_set_value(v, n, buf);
		n->value_kind = VIEW_VALUE_REFERENCE;
	} else if (n) {
		screen_set_value(v, n, c->reference);
	}
	if (n)
		n->size = VIEW_SIZE_HUGE;
	if (c->provisional)
		screen_add(v, a, VIEW_ROLE_ALERT, "complaint.receipt.saved", APP_ACT_NONE);
	if (it && (n = screen_add(v, a, VIEW_ROLE_TEXT, "complaint.review.category", APP_ACT_NONE)))
		screen_set_value(v, n, catalogue_name(it, l, NULL));
	struct calendar_local when = calendar_to_local(c->filed_at);
	screen_clock_text(c->filed_at, l, time_s, sizeof(time_s));
	if (calendar_format_date_long(when.date, code, date, sizeof(date)) >= 0 &&
	    i18n_format(a->strings, l, "complaint.receipt.filed", buf, sizeof(buf), "date", date,
	                "time", time_s, I18N_END) >= 0)
		screen_add_text(v, "complaint.receipt.filed", VIEW_ROLE_TEXT, l, buf, APP_ACT_NONE);
	struct standards_table table;
	struct calendar_date by;
	standards_defaults(&table);
	if (it && standards_answer_by(&table, it->standard, c->filed_at, &by) == 0 &&
	    standards_describe_days(standards_days(&table, it->standard), code, days,
	                            sizeof(days)) >= 0 &&
	    calendar_format_date_long(by, code, date, sizeof(date)) >= 0 &&
	    i18n_format(a->strings, l, "complaint.receipt.standard", buf, sizeof(buf), "days", days,
	                "date", date, I18N_END) >= 0)
		screen_add_text(v, "complaint.receipt.standard", VIEW_ROLE_TEXT, l, buf,
		                APP_ACT_NONE);
	if (c->notice[0])
		screen_add_text(v, "complaint.receipt.notice", VIEW_ROLE_TEXT, l, c->notice,
		                APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_TEXT, "complaint.receipt.how_to_check", APP_ACT_NONE);
	if (c->print == COMPLAINT_PRINTED || c->print == COMPLAINT_PRINT_FAILED) {
		n = screen_add(v, a,
		               c->print == COMPLAINT_PRINTED ? VIEW_ROLE_TEXT : VIEW_ROLE_ALERT,
		               c->print == COMPLAINT_PRINTED ? "complaint.receipt.printed"
		                                             : "complaint.receipt.not_printed",
		               APP_ACT_NONE);
		if (n)
			n->id = view_id("complaint.receipt.print");
	}
	screen_add(v, a, VIEW_ROLE_BUTTON, "complaint.receipt.finish", ACT_FINISH);
	screen_footer(v, a, true);
}

static void act(struct app *a, int action, struct app_fx_list *fx)
{
	(void)action;
	app_flow_next(a, fx); /* the feedback, skippable with one key */
}

/* Everything on the receipt is said on arrival, the reference digit by digit. */
static void enter(struct app *a, struct app_fx_list *fx)
{
	screen_speak_texts(a, fx);
}

/* Filed is filed: Back goes on (to the feedback), it never returns to the review. */
static bool key(struct app *a, const struct app_event *ev, struct app_fx_list *fx)
{
	if (ev->type == APP_EV_KEY && (ev->key == APP_KEY_BACK || ev->key == APP_KEY_ERASE)) {
		app_flow_next(a, fx);
		return true;
	}
	return false;
}

static const char *sample(struct app *a, int i)
{
	struct complaint *c = &a->visit.complaint;
	a->visit.here = (struct app_frame){.flow = &flow_complaint, .step = COMPLAINT_STEP_RECEIPT};
	text_copy(c->code, sizeof(c->code), "complaint_regulated");
	c->state = COMPLAINT_FILED;
	c->filed_at = 1798125900; /* 2026-12-24 10:25 in Toronto: the standard spans holidays */
	if (i == 1) {
		c->provisional = true;
		text_copy(c->reference, sizeof(c->reference), "K7-000042");
		return "provisional";
	}
	text_copy(c->reference, sizeof(c->reference), "4821935576");
	text_copy(c->notice, sizeof(c->notice),
	          a->visit.settings.lang == LANG_FR ? "Un agent vous répondra par écrit."
	                                            : "An officer will answer you in writing.");
	return "";
}

const struct screen_def screen_complaint_receipt = {
    .name = "complaint_receipt",
    .help_key = "help.screen.complaint_receipt",
    .build = build,
    .act = act,
    .key = key,
    .enter = enter,
    .samples = 2,
    .sample = sample,
};
