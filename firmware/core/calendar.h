/* Calendar: civil dates, America/Toronto local time computed from UTC in code (no tz database),
 * Ontario public holidays with their observed dates, business days, ISO 8601 parse and format.
 * Pure C (libc only): shared by the kiosk and the reference central service. Thread-safe: no
 * state. Times are Unix seconds (int64_t, UTC); dates are proleptic Gregorian, years 1..9999. */
#ifndef ACCUEIL_CALENDAR_H
#define ACCUEIL_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A civil date. Plain value; check it with calendar_date_valid(). */
struct calendar_date {
	int year;  /* 1..9999 */
	int month; /* 1..12 */
	int day;   /* 1..31 */
};

/* A local (wall-clock) date and time with its UTC offset. */
struct calendar_local {
	struct calendar_date date;
	int hour;       /* 0..23 */
	int minute;     /* 0..59 */
	int second;     /* 0..59 */
	int weekday;    /* 0 = Sunday .. 6 = Saturday */
	int offset_min; /* minutes east of UTC: -300 (EST) or -240 (EDT) for Toronto */
};

enum calendar_holiday {
	CALENDAR_HOLIDAY_NONE = 0,
	CALENDAR_HOLIDAY_NEW_YEAR,
	CALENDAR_HOLIDAY_FAMILY_DAY,
	CALENDAR_HOLIDAY_GOOD_FRIDAY,
	CALENDAR_HOLIDAY_VICTORIA_DAY,
	CALENDAR_HOLIDAY_CANADA_DAY,
	CALENDAR_HOLIDAY_CIVIC_HOLIDAY,
	CALENDAR_HOLIDAY_LABOUR_DAY,
	CALENDAR_HOLIDAY_THANKSGIVING,
	CALENDAR_HOLIDAY_CHRISTMAS,
	CALENDAR_HOLIDAY_BOXING_DAY,
	CALENDAR_HOLIDAY_COUNT
};

/* True when y-m-d exists (1..9999, month length, leap years). */
bool calendar_date_valid(struct calendar_date d);

/* Days since 1970-01-01 (negative before). d must be valid. */
int64_t calendar_days_from_date(struct calendar_date d);

/* The date `days` days after 1970-01-01. */
struct calendar_date calendar_date_from_days(int64_t days);

/* Day of week, 0 = Sunday .. 6 = Saturday. */
int calendar_weekday(struct calendar_date d);

/* d plus n calendar days (n may be negative). */
struct calendar_date calendar_add_days(struct calendar_date d, int n);

/* -1, 0 or 1 as a is before, equal to or after b. */
int calendar_date_cmp(struct calendar_date a, struct calendar_date b);

/* Toronto's UTC offset in minutes at instant utc: -240 during daylight time (2nd Sunday of
 * March 2:00 EST to 1st Sunday of November 2:00 EDT since 2007; 1st Sunday of April to last
 * Sunday of October before), else -300. */
int calendar_toronto_offset(int64_t utc);

/* Breaks utc down into Toronto local time. */
struct calendar_local calendar_to_toronto(int64_t utc);

/* Breaks utc down at a fixed offset (minutes east of UTC). */
struct calendar_local calendar_to_offset(int64_t utc, int offset_min);

/* The UTC instant of a Toronto wall-clock time. An ambiguous time (the repeated hour in
 * November) is taken as daylight time; a time that does not exist (the skipped hour in March) is
 * moved forward by one hour. Returns 0 and *utc, or -EINVAL for an invalid date or time. */
int calendar_from_toronto(struct calendar_date d, int hour, int minute, int second, int64_t *utc);

/* The holiday observed on d (a weekday), or whose own date is d (even on a weekend), or
 * CALENDAR_HOLIDAY_NONE. *observed_shift (may be NULL) is set true when d is a substitute day. */
enum calendar_holiday calendar_holiday_on(struct calendar_date d, bool *observed_shift);

/* The observed (day off) date of holiday h in year. Returns 0 or -EINVAL. */
int calendar_holiday_observed(int year, enum calendar_holiday h, struct calendar_date *out);

/* The holiday's name in "fr" or "en" (anything else: English). Static storage; never NULL. */
const char *calendar_holiday_name(enum calendar_holiday h, const char *lang);

/* True on Monday..Friday when no Ontario holiday is observed that day. */
bool calendar_is_business_day(struct calendar_date d);

/* The n-th business day after d (n >= 0; n = 0 gives d itself when it is a business day, else
 * the next one). Counting starts the day after d: submitted Monday + 2 gives Wednesday. */
struct calendar_date calendar_add_business_days(struct calendar_date d, int n);

/* Business days in (a, b]: 0 when b <= a. */
int calendar_business_days_between(struct calendar_date a, struct calendar_date b);

/* Parses ISO 8601 / RFC 3339: "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fraction]]" with 'T', 't' or
 * ' ' and an optional zone 'Z', 'z', "+HH", "+HHMM", "+HH:MM" (or '-'). No zone, or a date alone
 * (midnight), means Toronto local time. Fractions are truncated; a leap second 60 reads as 59.
 * s need not be NUL-terminated. Returns 0 with *utc and, when not NULL, *offset_min (the offset
 * written, or Toronto's), or -EINVAL. Nothing is written on error. */
int calendar_parse_iso8601(const char *s, size_t len, int64_t *utc, int *offset_min);

/* Formats utc at offset_min as "YYYY-MM-DDTHH:MM:SS+HH:MM" ('Z' for offset 0). Returns the
 * length, or -ENOSPC when cap < 26 (out then holds ""). */
int calendar_format_iso8601(int64_t utc, int offset_min, char *out, size_t cap);

/* Same in Toronto time. */
int calendar_format_toronto(int64_t utc, char *out, size_t cap);

/* "YYYY-MM-DD". Returns the length or -ENOSPC (cap < 11). */
int calendar_format_date(struct calendar_date d, char *out, size_t cap);

/* A date for people: "mardi 12 mars 2024" (fr, "1er" for the first) or "Tuesday, March 12, 2024"
 * (en). Returns the length or -ENOSPC (out then holds ""). */
int calendar_format_date_long(struct calendar_date d, const char *lang, char *out, size_t cap);

/* Today's date in Toronto at instant utc. */
struct calendar_date calendar_toronto_date(int64_t utc);

#endif
