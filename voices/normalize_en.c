/* English forms: "November 22, 2026", "2:30 PM", "capital A", and their reading:
 * "2:00 PM" → "2 PM", "2:05 PM" → "2 oh 5 PM", "November 22" → "November 22nd". */
#include <stdint.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "voices/lexicon.h"
#include "voices/normalize_lang.h"

void normalize_en_date(struct normalize_buf *b, int year, int month, int day, int weekday)
{
	if (weekday >= 0) {
		normalize_put(b, lexicon_weekday(LANG_EN, weekday));
		normalize_put(b, ", ");
	}
	normalize_put(b, lexicon_month(LANG_EN, month));
	normalize_put(b, " ");
	normalize_putf_int(b, day);
	normalize_put(b, ", ");
	normalize_putf_int(b, year);
}

void normalize_en_time(struct normalize_buf *b, int hour, int minute)
{
	int h12 = hour % 12 == 0 ? 12 : hour % 12;
	normalize_putf_int(b, h12);
	normalize_put(b, minute < 10 ? ":0" : ":");
	normalize_putf_int(b, minute);
	normalize_put(b, hour < 12 ? " AM" : " PM");
}

void normalize_en_capital(struct normalize_buf *b, const char *letter)
{
	normalize_put(b, "capital ");
	normalize_put(b, letter);
}

static bool digit_at(const char *s, size_t len, size_t at)
{
	return at < len && s[at] >= '0' && s[at] <= '9';
}

static bool alnum_at(const char *s, size_t len, size_t at)
{
	if (at >= len)
		return false;
	unsigned char c = (unsigned char)s[at];
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= 0xC3 && c < 0xE2); /* Latin letters with accents */
}

/* "AM", "PM", "a.m.", "p.m." (any case) at `at`; returns its length or 0. */
static size_t meridiem_at(const char *s, size_t len, size_t at, bool *pm)
{
	static const char *const forms[] = {"a.m.", "p.m.", "am", "pm"};
	for (size_t i = 0; i < 4; i++) {
		size_t n = strlen(forms[i]);
		if (at + n > len || strncasecmp(s + at, forms[i], n) != 0)
			continue;
		if (alnum_at(s, len, at + n))
			continue;
		*pm = forms[i][0] == 'p';
		return n;
	}
	return 0;
}

static size_t spoken_time(struct normalize_buf *b, const char *s, size_t len, size_t at)
{
	size_t p = at;
	int hour, minute;
	bool pm = false;

	if (!digit_at(s, len, p))
		return 0;
	hour = s[p++] - '0';
	if (digit_at(s, len, p))
		hour = hour * 10 + (s[p++] - '0');
	if (p >= len || s[p] != ':' || !digit_at(s, len, p + 1) || !digit_at(s, len, p + 2))
		return 0;
	minute = (s[p + 1] - '0') * 10 + (s[p + 2] - '0');
	p += 3;
	size_t q = p;
	if (q < len && s[q] == ' ')
		q++;
	else if (q + 1 < len && !strncmp(s + q, "\u00a0", 2)) /* "5:00 p.m." as screens write it */
		q += 2;
	else if (q + 2 < len && !strncmp(s + q, "\u202f", 3))
		q += 3;
	size_t m = meridiem_at(s, len, q, &pm);
	if (m == 0 || hour < 1 || hour > 12 || minute > 59)
		return 0;
	normalize_putf_int(b, hour);
	if (minute > 0 && minute < 10) {
		normalize_put(b, " oh ");
		normalize_putf_int(b, minute);
	} else if (minute >= 10) {
		normalize_put(b, ":");
		normalize_putf_int(b, minute);
	}
	normalize_put(b, pm ? " PM" : " AM");
	/* "p.m." ending a sentence keeps its full stop: "until 3 PM. Use…", "to 5 PM." */
	size_t e = q + m;
	if (s[e - 1] == '.' && (e == len || s[e] == '\n' ||
	                        (s[e] == ' ' && e + 1 < len && isupper((unsigned char)s[e + 1]))))
		normalize_put(b, ".");
	return q + m - at;
}

static const char *ordinal_suffix(int day)
{
	if (day % 100 >= 11 && day % 100 <= 13)
		return "th";
	switch (day % 10) {
	case 1:
		return "st";
	case 2:
		return "nd";
	case 3:
		return "rd";
	default:
		return "th";
	}
}

static size_t spoken_date(struct normalize_buf *b, const char *s, size_t len, size_t at)
{
	for (int m = 1; m <= 12; m++) {
		const char *name = lexicon_month(LANG_EN, m);
		size_t n = strlen(name);
		if (at + n + 2 > len || strncmp(s + at, name, n) != 0 || s[at + n] != ' ')
			continue;
		size_t p = at + n + 1;
		if (!digit_at(s, len, p))
			return 0;
		int day = s[p++] - '0';
		if (digit_at(s, len, p))
			day = day * 10 + (s[p++] - '0');
		/* Not "March 2026", nor "May 12:30". */
		if (day < 1 || day > 31 || alnum_at(s, len, p) || (p < len && s[p] == ':'))
			return 0;
		normalize_putn(b, s + at, n + 1);
		normalize_putf_int(b, day);
		normalize_put(b, ordinal_suffix(day));
		return p - at;
	}
	return 0;
}

size_t normalize_en_spoken(struct normalize_buf *b, const char *s, size_t len, size_t at)
{
	size_t n = spoken_time(b, s, len, at);
	return n > 0 ? n : spoken_date(b, s, len, at);
}
