/* North American phone numbers inside text ("1-800-555-0199", "(416) 555-0199",
 * "416.555.0199", "+1 416 555 0199", with "ext. 123" / "poste 123"): found once, so the
 * voice reads them digit by digit in their groups (voices/normalize.c) and the line
 * breaker never splits one (ui/layout.c). Pure C, libc only. */
#ifndef ACCUEIL_PHONE_H
#define ACCUEIL_PHONE_H

#include <stddef.h>

/* Digits of the longest number: a leading 1 and ten digits. */
#define PHONE_DIGITS_MAX 11
/* Digits of the longest extension. */
#define PHONE_EXT_MAX 6

struct phone_number {
	char digits[PHONE_DIGITS_MAX + 1]; /* "18005550199", "4165550199" or "5550199" */
	char ext[PHONE_EXT_MAX + 1];       /* "123", or "" */
	size_t number_len;                 /* bytes of the number without its extension */
};

/* The length in bytes of the phone number (its extension included) that starts at
 * text + at, in a NUL-terminated text, or 0 when none starts there. A number starts a
 * word: nothing glued before it (a letter, a digit, "-", ".", "/", "+", "(" or ")"). It
 * needs its separators ("-", ".", spaces, no-break spaces, U+2011) or parentheses: a bare
 * run of digits is not one, nor is a date, a time or a grouped reference
 * ("482 193 557 6"). *out (when not NULL) is written only when a number is found. */
size_t phone_span(const char *text, size_t at, struct phone_number *out);

#endif
