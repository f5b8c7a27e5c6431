/* Values, characters, dates and times as they are read aloud in each language (S4, K6).
 * Pure C: text in, text out. Every function writes a NUL-terminated text into out (cap
 * bytes) and returns its length, -EINVAL on a bad argument, or -ENOSPC when out is too
 * small (out then holds a truncated text). Digits are written as digits: the voice of
 * the segment's language says them ("4" is "quatre" or "four"). */
#ifndef ACCUEIL_NORMALIZE_H
#define ACCUEIL_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "firmware/core/i18n.h"
#include "ui/view.h"

/* One character at a time: "1234" → "1 2 3 4". Symbols are named ("-" → "tiret"). */
int normalize_digits(enum lang lang, const char *value, char *out, size_t cap);

/* A reference as printed, digit by digit in groups: "4821935576" → "4 8 2, 1 9 3, 5 5 7, 6"
 * (groups of three, check digit apart). Letters and separators of other servers' ids and
 * of provisional references are kept as group boundaries: "K12-0034" → "K, 1 2, 0 0 3 4". */
int normalize_reference(enum lang lang, const char *value, char *out, size_t cap);

/* A queue ticket: letters, then the digits one by one: "A042" → "A, 0 4 2". */
int normalize_ticket(enum lang lang, const char *value, char *out, size_t cap);

/* A phone number in the usual 3-3-4 groups: "416-555-0123" → "4 1 6, 5 5 5, 0 1 2 3";
 * a leading 1 is its own group. */
int normalize_phone(enum lang lang, const char *value, char *out, size_t cap);

/* An e-mail address spelled, one item per comma: "jo.b@x.ca" → "j, o, point, b, arobase,
 * x, point, c, a" ("dot", "at" in English). */
int normalize_email(enum lang lang, const char *value, char *out, size_t cap);

/* The value read as its kind says; VIEW_VALUE_PLAIN is copied as it is. */
int normalize_value(enum lang lang, enum view_value_kind kind, const char *value, char *out,
                    size_t cap);

/* The echo of one typed character (K6): "é" → "é, e accent aigu" / "é, e acute";
 * "A" → "A majuscule" / "capital A"; "@" → "arobase" / "at"; " " → "espace" / "space";
 * a plain letter or digit is itself. Only the first character of utf8_char is used. */
int normalize_char(enum lang lang, const char *utf8_char, char *out, size_t cap);

/* Day of the week of a Gregorian date, 0 = Sunday; -EINVAL for an invalid date. */
int normalize_weekday(int year, int month, int day);

/* A date as written and read in lang: "22 novembre 2026", "1er novembre 2026" /
 * "November 22, 2026"; with_weekday: "dimanche 22 novembre 2026" / "Sunday, November 22,
 * 2026". -EINVAL for an invalid date. */
int normalize_date(enum lang lang, int year, int month, int day, bool with_weekday, char *out,
                   size_t cap);

/* A time of day (24-hour input) as written in lang: "14 h 30", "9 h" / "2:30 PM", "9:00 AM". */
int normalize_time(enum lang lang, int hour, int minute, char *out, size_t cap);

/* "22 novembre 2026, 14 h 30" / "November 22, 2026, 2:30 PM". */
int normalize_datetime(enum lang lang, int year, int month, int day, int hour, int minute,
                       char *out, size_t cap);

/* Rewrites text as shown into text for espeak-ng in lang, so that display forms are read
 * naturally: "14 h 30" → "14 heures 30"; "2:00 PM" → "2 PM", "2:05 PM" → "2 oh 5 PM";
 * "November 22" → "November 22nd"; a lone accented letter ("é, e accent aigu") is said as
 * its sound through espeak's phoneme notation "[[e]]"; a line break is a sentence's end
 * ("Centre\nOpen today" → "Centre. Open today"); any "[[" already in the text is
 * broken up so visitors' text can never reach the phoneme parser. */
int normalize_spoken(enum lang lang, const char *text, char *out, size_t cap);
/* The same for a voice at wpm words a minute: a phrase confused at fast rates (lexicon.h) is
 * said no faster than it stays distinct, through espeak-ng's embedded speed command
 * ("\001-45S" … "\001+45S"). Control characters of text itself never pass. */
int normalize_spoken_at(enum lang lang, int wpm, const char *text, char *out, size_t cap);

#endif
