#include "firmware/core/flows/status.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "firmware/core/reference.h"
#include "firmware/core/text.h"

const char *status_check(const char *typed, enum status_kind *kind, int *digits, char *out,
                         size_t cap)
{
	size_t n = strlen(typed);
	int d = 0;
	bool letters = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)typed[i];
		if (isdigit(ch))
			d++;
		else if (isalpha(ch))
			letters = true;
		else if (ch != '-' && ch != ' ')
			return *digits = d, "status.error.character";
	}
	*digits = d;
	if (d == 0 && !letters)
		return "status.error.empty";
	if (letters) {
		/* K… is this kiosk's provisional reference; any other id is taken as it comes. */
		*kind = (typed[0] == 'K' || typed[0] == 'k') && d > 0 ? STATUS_KIND_PROVISIONAL
		                                                      : STATUS_KIND_OTHER;
		if (text_copy(out, cap, typed) < 0)
			return "status.error.character";
		if (*kind == STATUS_KIND_PROVISIONAL)
			out[0] = 'K';
		return NULL;
	}
	struct reference_check rc;
	switch (reference_validate(typed, n, &rc)) {
	case REFERENCE_OK:
		break;
	case REFERENCE_TOO_SHORT:
	case REFERENCE_TOO_LONG:
		return "status.error.length";
	case REFERENCE_CHECK_FAILED:
		return "status.error.check";
	case REFERENCE_EMPTY:
		return "status.error.empty";
	default:
		return "status.error.character";
	}
	if (text_copy(out, cap, rc.normalized) < 0)
		return "status.error.character";
	*kind = STATUS_KIND_NUMERIC;
	return NULL;
}

int status_type(struct status *s, const char *utf8)
{
	size_t n = strlen(s->typed);
	if (strlen(utf8) != 1 || !(isalnum((unsigned char)utf8[0]) || utf8[0] == '-'))
		return -EINVAL;
	if (n >= STATUS_TYPED_MAX)
		return -E2BIG;
	s->typed[n] = (char)toupper((unsigned char)utf8[0]);
	s->typed[n + 1] = '\0';
	return 0;
}

int status_erase(struct status *s)
{
	size_t n = strlen(s->typed);
	if (n == 0)
		return -ENOENT;
	s->typed[n - 1] = '\0';
	return 0;
}

/* Whole words (ASCII case-insensitive) of each language that rarely appear in the other. */
static int count_words(const char *text, const char *const *words, size_t n)
{
	int hits = 0;
	const char *p = text;
	while (*p) {
		while (*p && !isalpha((unsigned char)*p))
			p++;
		const char *start = p;
		while (*p && (isalpha((unsigned char)*p) || (unsigned char)*p >= 0x80))
			p++;
		size_t len = (size_t)(p - start);
		for (size_t i = 0; i < n && len; i++)
			if (strlen(words[i]) == len && strncasecmp(start, words[i], len) == 0)
				hits++;
	}
	return hits;
}

enum lang status_text_lang(const char *text, enum lang fallback)
{
	static const char *const fr[] = {"le",   "la",   "les",  "des",  "une",  "est", "votre",
	                                 "vous", "nous", "pour", "dans", "avec", "sur", "du",
	                                 "au",   "et",   "en",   "par",  "un"};
	static const char *const en[] = {"the",  "is",  "your", "you", "we",   "for",
	                                 "with", "has", "been", "and", "will", "our",
	                                 "of",   "to",  "was",  "on",  "this", "are"};
	int f = count_words(text, fr, sizeof(fr) / sizeof(fr[0]));
	int e = count_words(text, en, sizeof(en) / sizeof(en[0]));
	/* French accents count for French. */
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		if (*p == 0xc3 && p[1] &&
		    (p[1] == 0xa9 || p[1] == 0xa8 || p[1] == 0xa0 || p[1] == 0xaa || p[1] == 0xa7 ||
		     p[1] == 0xb4))
			f++;
	if (f > e)
		return LANG_FR;
	if (e > f)
		return LANG_EN;
	return fallback;
}

const char *status_progress_key(enum status_progress p)
{
	static const char *const keys[STATUS_PROGRESS_COUNT] = {
	    "status.progress.received", "status.progress.in_progress",
	    "status.progress.waiting_for_you", "status.progress.closed_answered",
	    "status.progress.closed_referred"};
	return p >= 0 && p < STATUS_PROGRESS_COUNT ? keys[p] : keys[0];
}

const char *status_next_key(enum status_progress p)
{
	static const char *const keys[STATUS_PROGRESS_COUNT] = {
	    "status.next.received", "status.next.in_progress", "status.next.waiting_for_you",
	    "status.next.closed_answered", "status.next.closed_referred"};
	return p >= 0 && p < STATUS_PROGRESS_COUNT ? keys[p] : keys[0];
}

bool status_expected_shown(const struct status_answer *a)
{
	return a->expected > 0 && (a->requested <= 0 || a->expected > a->requested);
}

void status_reset(struct status *s)
{
	text_wipe(s, sizeof(*s));
}
