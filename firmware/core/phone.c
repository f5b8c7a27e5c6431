/* Phone numbers in text: a small hand-written matcher, no regex library. */
#include "firmware/core/phone.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (unsigned char)c >= 0xC3; /* a letter with an accent, and the like */
}

/* A blank between groups: space, U+00A0 or U+202F. Returns its length or 0. */
static size_t blank_at(const char *s)
{
	if (s[0] == ' ')
		return 1;
	if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		return 2;
	if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0xAF)
		return 3;
	return 0;
}

/* A separator between groups: a blank, '-', '.', or U+2011 (non-breaking hyphen). */
static size_t sep_at(const char *s)
{
	if (s[0] == '-' || s[0] == '.')
		return 1;
	if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0x91)
		return 3;
	return blank_at(s);
}

/* Exactly n digits at s, appended to d (nd digits so far). */
static bool group_at(const char *s, size_t n, char *d, size_t *nd)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	if (is_digit(s[n]))
		return false;
	memcpy(d + *nd, s, n);
	*nd += n;
	return true;
}

/* " ext. 123", ", ext 123", " x123", " poste 123" after a number: its length or 0. */
static size_t ext_at(const char *s, char *ext)
{
	static const char *const words[] = {"ext.", "ext", "poste", "x"};
	size_t p = 0, b;
	if (s[p] == ',')
		p++;
	if ((b = blank_at(s + p)) == 0)
		return 0;
	p += b;
	for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++) {
		size_t n = strlen(words[w]);
		if (strncasecmp(s + p, words[w], n) != 0)
			continue;
		size_t q = p + n;
		q += blank_at(s + q);
		size_t k = 0;
		while (is_digit(s[q + k]) && k < PHONE_EXT_MAX)
			k++;
		if (k == 0 || is_alnum(s[q + k]))
			return 0;
		memcpy(ext, s + q, k);
		ext[k] = '\0';
		return q + k;
	}
	return 0;
}

/* The local part "555-0199" at s: its length, or 0. Separators: any after an area
 * code; without one only '-' ("555 0199" could be a count). */
static size_t local_at(const char *s, bool area, char *d, size_t *nd)
{
	size_t n;
	if (!group_at(s, 3, d, nd))
		return 0;
	n = area ? sep_at(s + 3) : (s[3] == '-' ? 1 : 0);
	if (n == 0 || !group_at(s + 3 + n, 4, d, nd) || is_alnum(s[3 + n + 4]))
		return 0;
	return 3 + n + 4;
}

/* The area code "416-" or "(416) " at s and the local part after it: the length, or 0. */
static size_t area_at(const char *s, char *d, size_t *nd)
{
	size_t p, n;
	if (s[0] == '(' && group_at(s + 1, 3, d, nd) && s[4] == ')') {
		p = 5 + blank_at(s + 5);
	} else if (group_at(s, 3, d, nd) && (n = sep_at(s + 3)) > 0) {
		p = 3 + n;
	} else {
		return 0;
	}
	n = local_at(s + p, true, d, nd);
	return n > 0 ? p + n : 0;
}

/* Whether a number may start at `at`: after a blank, a colon, a quote, not glued to a
 * word, another number or a hyphen. Beyond ASCII only no-break spaces, « », and the
 * spaces and quotes of U+2000..U+202F (its hyphens and dashes excepted) may stand there. */
static bool starts_word(const char *text, size_t at)
{
	const unsigned char *t = (const unsigned char *)text;
	if (at == 0)
		return true;
	if (t[at - 1] < 0x80)
		return !is_alnum(text[at - 1]) && !strchr("-./+()", text[at - 1]);
	if (at >= 2 && t[at - 2] == 0xC2)
		return t[at - 1] == 0xA0 || t[at - 1] == 0xAB || t[at - 1] == 0xBB;
	return at >= 3 && t[at - 3] == 0xE2 && t[at - 2] == 0x80 && t[at - 1] <= 0xAF &&
	       !(t[at - 1] >= 0x90 && t[at - 1] <= 0x95);
}

size_t phone_span(const char *text, size_t at, struct phone_number *out)
{
	struct phone_number num = {{0}, {0}, 0};
	size_t p = 0, n, nd = 0;

	if (!text || !starts_word(text, at))
		return 0;
	const char *s = text + at;
	/* "+1 " or "1-": the country code, when an area code follows. */
	if (s[0] == '+' && s[1] == '1' && (n = sep_at(s + 2)) > 0)
		p = 2 + n;
	else if (s[0] == '1' && (n = sep_at(s + 1)) > 0)
		p = 1 + n;
	if (p > 0) {
		num.digits[nd++] = '1';
		n = area_at(s + p, num.digits, &nd);
	} else {
		n = area_at(s, num.digits, &nd);
		if (n == 0) {
			nd = 0;
			n = local_at(s, false, num.digits, &nd);
		}
	}
	if (n == 0)
		return 0;
	p += n;
	num.digits[nd] = '\0';
	num.number_len = p;
	p += ext_at(s + p, num.ext);
	if (out)
		*out = num;
	return p;
}
