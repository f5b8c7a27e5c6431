/* Service standards (SPEC.md §6): how many business days the agency takes to answer each kind
 * of request, and the answer-by date it implies. Defaults are the SPEC's; each agency edits the
 * table (standards_set_days). Pure C, libc only; shared by the kiosk and the central. */
#ifndef ACCUEIL_STANDARDS_H
#define ACCUEIL_STANDARDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/core/calendar.h"

enum standards_kind {
	STANDARDS_COMPLAINT_AGENCY = 0, /* complaint about the agency: 10 business days */
	STANDARDS_COMPLAINT_REGULATED,  /* about a regulated business or person: 25 */
	STANDARDS_GENERAL_INQUIRY,      /* 2 */
	STANDARDS_COMPLEX_INQUIRY,      /* 30 */
	STANDARDS_MESSAGE_ACK,          /* written / online message acknowledgement: 2 */
	STANDARDS_FEEDBACK,             /* feedback or compliment acknowledged: 2 */
	STANDARDS_APPOINTMENT,          /* in-person appointment offered: 5 */
	STANDARDS_KIND_COUNT
};

/* Longest standard accepted: about two years of business days. */
#define STANDARDS_MAX_DAYS 500

/* One row of the table. Strings are static. */
struct standards_entry {
	const char *key; /* stable key used in config files and the protocol: "complaint_agency" */
	const char *name_fr; /* "Plainte au sujet de l'organisme" */
	const char *name_en; /* "Complaint about the agency" */
	int business_days;
};

/* The table; a plain value (copy it freely). */
struct standards_table {
	struct standards_entry entries[STANDARDS_KIND_COUNT];
};

/* Fills t with the SPEC.md §6 defaults. */
void standards_defaults(struct standards_table *t);

/* The kind whose key is `key` (length len, need not be NUL-terminated). Returns 0 and *out, or
 * -ENOENT. */
int standards_kind_from_key(const char *key, size_t len, enum standards_kind *out);

/* The key of a kind ("complaint_agency"), or "" when out of range. Static storage. */
const char *standards_key(enum standards_kind kind);

/* Changes one standard. Returns 0, or -EINVAL (kind out of range, days < 0 or >
 * STANDARDS_MAX_DAYS). */
int standards_set_days(struct standards_table *t, enum standards_kind kind, int business_days);

/* Business days of a kind, or -EINVAL when out of range. */
int standards_days(const struct standards_table *t, enum standards_kind kind);

/* The answer-by date of a request of `kind` submitted at instant `submitted_utc`: that many
 * business days after the submission's local date (calendar_add_business_days). Returns 0 and
 * *out, or -EINVAL. */
int standards_answer_by(const struct standards_table *t, enum standards_kind kind,
                        int64_t submitted_utc, struct calendar_date *out);

/* Same from a number of business days (for a server-given standard). -EINVAL when days is out
 * of range. */
int standards_answer_by_days(int business_days, int64_t submitted_utc, struct calendar_date *out);

/* Plain wording of a standard for a receipt: "10 jours ouvrables (2 semaines)" /
 * "10 business days (2 weeks)"; "1 business day"; weeks are shown when days is a multiple of 5.
 * lang "fr" or "en". Returns the length or -ENOSPC (out then holds ""). */
int standards_describe_days(int business_days, const char *lang, char *out, size_t cap);

#endif
