/* Service-standard table and answer-by dates. See standards.h. */
#include "firmware/core/standards.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const struct standards_entry defaults[STANDARDS_KIND_COUNT] = {
    {"complaint_agency", "Plainte au sujet de l'organisme", "Complaint about the agency", 10},
    {"complaint_regulated", "Plainte au sujet d'une entreprise ou d'une personne réglementée",
     "Complaint about a regulated business or person", 25},
    {"general_inquiry", "Demande de renseignements générale", "General inquiry", 2},
    {"complex_inquiry", "Demande de renseignements complexe", "Complex inquiry", 30},
    {"message_ack", "Accusé de réception d'un message écrit ou en ligne",
     "Written or online message acknowledgement", 2},
    {"feedback", "Commentaire ou compliment", "Feedback or compliment", 2},
    {"appointment", "Rendez-vous en personne offert", "In-person appointment offered", 5},
};

void standards_defaults(struct standards_table *t)
{
	memcpy(t->entries, defaults, sizeof defaults);
}

int standards_kind_from_key(const char *key, size_t len, enum standards_kind *out)
{
	if (!key)
		return -ENOENT;
	for (int k = 0; k < STANDARDS_KIND_COUNT; k++) {
		if (strlen(defaults[k].key) == len && memcmp(defaults[k].key, key, len) == 0) {
			*out = (enum standards_kind)k;
			return 0;
		}
	}
	return -ENOENT;
}

const char *standards_key(enum standards_kind kind)
{
	if (kind < 0 || kind >= STANDARDS_KIND_COUNT)
		return "";
	return defaults[kind].key;
}

int standards_set_days(struct standards_table *t, enum standards_kind kind, int business_days)
{
	if (kind < 0 || kind >= STANDARDS_KIND_COUNT || business_days < 0 ||
	    business_days > STANDARDS_MAX_DAYS)
		return -EINVAL;
	t->entries[kind].business_days = business_days;
	return 0;
}

int standards_days(const struct standards_table *t, enum standards_kind kind)
{
	if (kind < 0 || kind >= STANDARDS_KIND_COUNT)
		return -EINVAL;
	return t->entries[kind].business_days;
}

int standards_answer_by_days(int business_days, int64_t submitted_utc, struct calendar_date *out)
{
	if (business_days < 0 || business_days > STANDARDS_MAX_DAYS)
		return -EINVAL;
	struct calendar_date d = calendar_local_date(submitted_utc);
	if (!calendar_date_valid(d))
		return -EINVAL;
	*out = calendar_add_business_days(d, business_days);
	return 0;
}

int standards_answer_by(const struct standards_table *t, enum standards_kind kind,
                        int64_t submitted_utc, struct calendar_date *out)
{
	int days = standards_days(t, kind);
	if (days < 0)
		return -EINVAL;
	return standards_answer_by_days(days, submitted_utc, out);
}

int standards_describe_days(int business_days, const char *lang, char *out, size_t cap)
{
	bool fr = lang && strcmp(lang, "fr") == 0;
	int n;
	if (!out || cap == 0)
		return -ENOSPC;
	if (business_days < 0 || business_days > STANDARDS_MAX_DAYS) {
		out[0] = '\0';
		return -EINVAL;
	}
	int weeks = business_days / 5;
	const char *day_word = fr ? (business_days > 1 ? "jours ouvrables" : "jour ouvrable")
	                          : (business_days == 1 ? "business day" : "business days");
	if (business_days >= 5 && business_days % 5 == 0)
		n = snprintf(out, cap, "%d %s (%d %s)", business_days, day_word, weeks,
		             fr ? (weeks > 1 ? "semaines" : "semaine")
		                : (weeks > 1 ? "weeks" : "week"));
	else
		n = snprintf(out, cap, "%d %s", business_days, day_word);
	if (n < 0 || (size_t)n >= cap) {
		out[0] = '\0';
		return -ENOSPC;
	}
	return n;
}
