/* The kiosk's symbol dictionary: how characters, months and weekdays are named in
 * each language, like a screen reader's symbol tables. Used by normalize_*; pure C. */
#ifndef ACCUEIL_LEXICON_H
#define ACCUEIL_LEXICON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/core/i18n.h"

/* A French accented letter of the K6 character list. */
struct lexicon_letter {
	uint32_t lower, upper;            /* code points: é / É */
	const char *name[LANG_COUNT];     /* "e accent aigu" / "e acute" */
	const char *phonemes[LANG_COUNT]; /* espeak-ng phonemes of its sound, for [[...]] */
};

/* The accented letter with code point cp (either case), or NULL. Static storage. */
const struct lexicon_letter *lexicon_letter_find(uint32_t cp);

/* The accented letter at index i (0..), or NULL past the end: for tests and pickers. */
const struct lexicon_letter *lexicon_letter_at(size_t i);

/* The spoken name of a symbol the kiosk lets visitors type (space @ . - _ + and a few
 * e-mail characters) in lang, or NULL when it has none. Static storage. */
const char *lexicon_symbol(enum lang lang, uint32_t cp);

/* True when the word s[0..n) is said letter by letter ("TTY", and "ATS", its French
 * name: appareil de télécommunication pour sourds). */
bool lexicon_spelled(const char *s, size_t n);

/* True when the label s[0..n) ends web addresses ("ca", "com", any case). */
bool lexicon_web_suffix(const char *s, size_t n);

/* A phrase a listener (or a recogniser) confuses with a close one at the faster rates:
 * "Down arrow" heard as "Up arrow", "not checked" as "checked". When s starts one in
 * lang, returns how the voice must say it (a stress in espeak-ng's phoneme notation, a
 * short pause) and sets *n to the bytes it covers, and *max_wpm (may be NULL) to the
 * fastest rate it stays distinct at; else NULL. A plural "s" after it is left to the
 * caller. Static storage. */
const char *lexicon_stressed(enum lang lang, const char *s, size_t *n, int *max_wpm);

/* Month 1..12 and weekday 0..6 (0 = Sunday) names; NULL out of range. Static storage.
 * French names are lowercase ("novembre", "lundi") as French typography wants. */
const char *lexicon_month(enum lang lang, int month);
const char *lexicon_weekday(enum lang lang, int weekday);

#endif
