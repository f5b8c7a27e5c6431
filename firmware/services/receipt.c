#include "firmware/services/receipt.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "firmware/core/calendar.h"
#include "firmware/core/reference.h"
#include "firmware/core/standards.h"

/* Room for one formatted line of the catalogue with its values. */
#define LINE_MAX (RECEIPT_FIELD_MAX + 512)
/* Dots per QR module: 0.75 mm at 203 dpi, read easily by phones and hand scanners. */
#define QR_MODULE 6

static bool field_ok(const char *s, bool required)
{
	if (!s || !s[0])
		return !required;
	return strlen(s) <= RECEIPT_FIELD_MAX;
}

static bool present(const char *s)
{
	return s && s[0];
}

int receipt_format_time(int hour, int minute, enum lang lang, char *out, size_t cap)
{
	int n;
	if (lang == LANG_FR && minute == 0)
		n = snprintf(out, cap, "%d h", hour); /* « 10 h », as the screens write it */
	else if (lang == LANG_FR)
		n = snprintf(out, cap, "%d h %02d", hour, minute);
	else
		n = snprintf(out, cap, "%d:%02d %s", hour % 12 == 0 ? 12 : hour % 12, minute,
		             hour < 12 ? "a.m." : "p.m.");
	if (n < 0 || (size_t)n >= cap) {
		if (cap)
			out[0] = '\0';
		return -ENOSPC;
	}
	return n;
}

/* The local date ("mardi 12 mars 2024") and time ("14 h 05") of utc. */
static int local_date_time(int64_t utc, enum lang lang, char *date, size_t dcap, char *time,
                           size_t tcap)
{
	struct calendar_local l = calendar_to_local(utc);
	int rc = calendar_format_date_long(l.date, lang_code(lang), date, dcap);
	if (rc < 0)
		return rc;
	rc = receipt_format_time(l.hour, l.minute, lang, time, tcap);
	return rc < 0 ? rc : 0;
}

/* What a document is built with; err keeps the first formatting error. */
struct ctx {
	escpos_t *doc;
	const i18n_t *t;
	enum lang lang;
	int err;
};

/* One catalogue line with up to two values (n2 may be I18N_END), wrapped. */
static void say(struct ctx *c, const char *key, const char *n1, const char *v1, const char *n2,
                const char *v2)
{
	char line[LINE_MAX];
	int rc = i18n_format(c->t, c->lang, key, line, sizeof(line), n1, v1, n2, v2, I18N_END);
	if (rc < 0) {
		if (!c->err)
			c->err = rc;
		return;
	}
	escpos_line(c->doc, line);
}

static int done(const struct ctx *c)
{
	return c->err ? c->err : escpos_error(c->doc);
}

/* The agency's name (the configuration's, else a generic line), then the title. */
static void header(escpos_t *doc, const i18n_t *t, enum lang lang, const char *agency,
                   const char *title_key)
{
	escpos_init(doc);
	escpos_align(doc, ESCPOS_CENTER);
	escpos_bold(doc, true);
	escpos_line(doc, present(agency) ? agency : i18n_get(t, lang, "agency.name"));
	escpos_bold(doc, false);
	escpos_newline(doc);
	escpos_size(doc, 2, 2);
	escpos_line(doc, i18n_get(t, lang, title_key));
	escpos_size(doc, 1, 1);
	escpos_newline(doc);
}

int receipt_build_request(escpos_t *doc, const struct receipt_request *r, const i18n_t *t,
                          enum lang lang)
{
	char ref[64], qr[64], date[96], time[32], standard[96], answer[96];
	struct ctx c = {.doc = doc, .t = t, .lang = lang};
	int rc;

	if (!field_ok(r->reference, true) || !field_ok(r->category, true) ||
	    !field_ok(r->notice, false) || !field_ok(r->phone, false) || !field_ok(r->web, false) ||
	    !field_ok(r->agency, false))
		return -EINVAL;
	if (r->provisional) {
		if (r->reference[0] != 'K' || strlen(r->reference) >= sizeof(ref))
			return -EINVAL;
		snprintf(ref, sizeof(ref), "%s", r->reference);
		snprintf(qr, sizeof(qr), "%s", r->reference);
	} else {
		struct reference_check chk;
		if (strlen(r->reference) != REFERENCE_DIGITS ||
		    reference_validate(r->reference, strlen(r->reference), &chk) != REFERENCE_OK)
			return -EINVAL;
		snprintf(qr, sizeof(qr), "%s", chk.normalized);
		if ((rc = reference_format(chk.normalized, REFERENCE_DIGITS, ref, sizeof(ref))) < 0)
			return rc;
	}
	if ((rc = local_date_time(r->submitted_utc, lang, date, sizeof(date), time, sizeof(time))) <
	    0)
		return rc;

	header(doc, t, lang, r->agency,
	       r->provisional ? "receipt.title.provisional" : "receipt.title");
	escpos_line(
	    doc, i18n_get(t, lang,
	                  r->provisional ? "receipt.reference.provisional" : "receipt.reference"));
	escpos_bold(doc, true);
	escpos_size(doc, 2, 2);
	escpos_line(doc, ref);
	escpos_size(doc, 1, 1);
	escpos_bold(doc, false);
	escpos_newline(doc);
	escpos_align(doc, ESCPOS_LEFT);
	if (r->provisional) {
		escpos_line(doc, i18n_get(t, lang, "receipt.provisional.body"));
		escpos_newline(doc);
	}
	say(&c, "receipt.category", "category", r->category, I18N_END, NULL);
	say(&c, "receipt.date", "date", date, "time", time);
	if (r->standard_days >= 0) {
		if ((rc = standards_describe_days(r->standard_days, lang_code(lang), standard,
		                                  sizeof(standard))) < 0)
			return rc;
		say(&c, "receipt.standard", "standard", standard, I18N_END, NULL);
		if (r->provisional) {
			escpos_line(doc, i18n_get(t, lang, "receipt.provisional.standard"));
		} else {
			struct calendar_date by;
			if ((rc = standards_answer_by_days(r->standard_days, r->submitted_utc,
			                                   &by)) < 0 ||
			    (rc = calendar_format_date_long(by, lang_code(lang), answer,
			                                    sizeof(answer))) < 0)
				return rc;
			escpos_bold(doc, true);
			say(&c, "receipt.answer_by", "date", answer, I18N_END, NULL);
			escpos_bold(doc, false);
			escpos_line(doc, i18n_get(t, lang, "receipt.answer_by.note"));
		}
	}
	if (present(r->notice)) {
		escpos_rule(doc);
		escpos_bold(doc, true);
		escpos_line(doc, i18n_get(t, lang, "receipt.next"));
		escpos_bold(doc, false);
		escpos_line(doc, r->notice);
	}
	escpos_rule(doc);
	escpos_line(doc, i18n_get(t, lang, "receipt.status"));
	if (present(r->phone))
		say(&c, "receipt.status.phone", "phone", r->phone, I18N_END, NULL);
	if (present(r->web))
		say(&c, "receipt.status.web", "web", r->web, I18N_END, NULL);
	escpos_newline(doc);
	/* The QR code holds the reference exactly as typed on the status screen: digits only. */
	escpos_qr(doc, qr, QR_MODULE);
	escpos_align(doc, ESCPOS_CENTER);
	escpos_line(doc, i18n_get(t, lang, "receipt.privacy"));
	escpos_cut(doc);
	return done(&c);
}

int receipt_build_ticket(escpos_t *doc, const struct receipt_ticket *k, const i18n_t *t,
                         enum lang lang)
{
	char date[96], time[32], n1[16], n2[16];
	struct ctx c = {.doc = doc, .t = t, .lang = lang};
	int rc;

	if (!field_ok(k->number, true) || strlen(k->number) > 8 || !field_ok(k->service, true) ||
	    !field_ok(k->where, false) || !field_ok(k->follow_url, false) ||
	    !field_ok(k->agency, false) || k->people_ahead < 0)
		return -EINVAL;
	if ((rc = local_date_time(k->issued_utc, lang, date, sizeof(date), time, sizeof(time))) < 0)
		return rc;

	header(doc, t, lang, k->agency, "ticket.title");
	escpos_bold(doc, true);
	escpos_size(doc, 4, 4);
	escpos_line(doc, k->number);
	escpos_size(doc, 1, 1);
	if (k->priority)
		escpos_line(doc, i18n_get(t, lang, "ticket.priority"));
	escpos_bold(doc, false);
	escpos_newline(doc);
	escpos_align(doc, ESCPOS_LEFT);
	say(&c, "ticket.service", "service", k->service, I18N_END, NULL);
	say(&c, "ticket.date", "date", date, "time", time);
	escpos_bold(doc, true);
	snprintf(n1, sizeof(n1), "%d", k->people_ahead);
	if (k->people_ahead == 0)
		escpos_line(doc, i18n_get(t, lang, "ticket.ahead.none"));
	else if (k->people_ahead == 1)
		escpos_line(doc, i18n_get(t, lang, "ticket.ahead.one"));
	else
		say(&c, "ticket.ahead", "count", n1, I18N_END, NULL);
	escpos_bold(doc, false);
	if (k->wait_max == 0) {
		escpos_line(doc, i18n_get(t, lang, "ticket.wait.now"));
	} else if (k->wait_max > 0) {
		int lo = k->wait_min < 0 ? 0 : k->wait_min;
		snprintf(n1, sizeof(n1), "%d", lo);
		snprintf(n2, sizeof(n2), "%d", k->wait_max);
		if (lo >= k->wait_max)
			say(&c, "ticket.wait.about", "min", n2, I18N_END, NULL);
		else
			say(&c, "ticket.wait", "min", n1, "max", n2);
	}
	if (present(k->where))
		say(&c, "ticket.where", "where", k->where, I18N_END, NULL);
	escpos_newline(doc);
	escpos_line(doc, i18n_get(t, lang, "ticket.call"));
	if (present(k->follow_url)) {
		escpos_newline(doc);
		escpos_line(doc, i18n_get(t, lang, "ticket.follow"));
		escpos_qr(doc, k->follow_url, QR_MODULE);
	}
	escpos_cut(doc);
	return done(&c);
}
