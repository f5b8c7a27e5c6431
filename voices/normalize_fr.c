/* French forms: "1er novembre 2026", "14 h 30", "A majuscule", and "14 h 30" read
 * "14 heures 30" (espeak-ng would otherwise say the letter h). */
#include <stdint.h>

#include "firmware/core/utf8.h"
#include "voices/lexicon.h"
#include "voices/normalize_lang.h"

void normalize_fr_date(struct normalize_buf *b, int year, int month, int day, int weekday)
{
	if (weekday >= 0) {
		normalize_put(b, lexicon_weekday(LANG_FR, weekday));
		normalize_put(b, " ");
	}
	normalize_putf_int(b, day);
	if (day == 1)
		normalize_put(b, "er");
	normalize_put(b, " ");
	normalize_put(b, lexicon_month(LANG_FR, month));
	normalize_put(b, " ");
	normalize_putf_int(b, year);
}

void normalize_fr_time(struct normalize_buf *b, int hour, int minute)
{
	normalize_putf_int(b, hour);
	normalize_put(b, " h");
	if (minute > 0) {
		normalize_put(b, minute < 10 ? " 0" : " ");
		normalize_putf_int(b, minute);
	}
}

void normalize_fr_capital(struct normalize_buf *b, const char *letter)
{
	normalize_put(b, letter);
	normalize_put(b, " majuscule");
}

/* Spaces French typography puts in times: plain, no-break, narrow no-break. */
static size_t blank_at(const char *s, size_t len, size_t at)
{
	if (at < len && s[at] == ' ')
		return 1;
	if (at + 1 < len && (unsigned char)s[at] == 0xC2 && (unsigned char)s[at + 1] == 0xA0)
		return 2;
	if (at + 2 < len && (unsigned char)s[at] == 0xE2 && (unsigned char)s[at + 1] == 0x80 &&
	    (unsigned char)s[at + 2] == 0xAF)
		return 3;
	return 0;
}

static bool digit_at(const char *s, size_t len, size_t at)
{
	return at < len && s[at] >= '0' && s[at] <= '9';
}

/* True when nothing letter- or digit-like follows at `at`. */
static bool word_ends(const char *s, size_t len, size_t at)
{
	if (at >= len)
		return true;
	unsigned char c = (unsigned char)s[at];
	if (c >= 0x80) {
		uint32_t cp;
		size_t n = utf8_decode(s + at, len - at, &cp);
		return n > 0 && (cp == 0xA0 || cp == 0x202F || (cp >= 0x2000 && cp <= 0x206F) ||
		                 cp == 0xAB || cp == 0xBB);
	}
	return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

size_t normalize_fr_spoken(struct normalize_buf *b, const char *s, size_t len, size_t at)
{
	size_t p = at;
	int hour = 0, minute = -1;

	if (!digit_at(s, len, p))
		return 0;
	hour = s[p++] - '0';
	if (digit_at(s, len, p))
		hour = hour * 10 + (s[p++] - '0');
	p += blank_at(s, len, p);
	if (p >= len || s[p] != 'h' || hour > 24)
		return 0;
	p++;
	size_t q = p + blank_at(s, len, p);
	if (digit_at(s, len, q) && digit_at(s, len, q + 1) && word_ends(s, len, q + 2)) {
		minute = (s[q] - '0') * 10 + (s[q + 1] - '0');
		if (minute > 59)
			return 0;
		p = q + 2;
	} else if (!word_ends(s, len, p)) {
		return 0;
	}
	normalize_putf_int(b, hour);
	normalize_put(b, hour < 2 ? " heure" : " heures");
	if (minute > 0) {
		normalize_put(b, " ");
		normalize_putf_int(b, minute);
	}
	return p - at;
}
