/* Calendar: civil dates, the site's local time from the tz database (TZif files, RFC 8536) with
 * America/Toronto's rules coded as the fallback and test oracle, Ontario public holidays with
 * their observed dates, business days, ISO 8601 parse and format.
 * Pure C (libc only): shared by the kiosk and the reference central service. Zones are immutable
 * once built, so any thread may read them. The only state is the site zone pointer, installed at
 * start (calendar_site_zone_set). Times are Unix seconds (int64_t, UTC); dates are proleptic
 * Gregorian, years 1..9999. */
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

/* A time zone read from the tz database: immutable, thread-safe to read. */
typedef struct calendar_zone calendar_zone_t;

/* Where the tz database lives on Debian (TZDIR overrides it in the program layer). */
#define CALENDAR_ZONE_DIR "/usr/share/zoneinfo"
/* The site's zone when the configuration names none. */
#define CALENDAR_ZONE_DEFAULT "America/Toronto"
/* Hard caps: a zone name (with its NUL), a TZif file, its transitions and local time types.
 * The largest Debian 12 zone file is under 4 KiB with 310 transitions and 18 types. */
#define CALENDAR_ZONE_NAME_MAX   64
#define CALENDAR_ZONE_FILE_MAX   (64 * 1024)
#define CALENDAR_ZONE_TRANS_MAX  2000
#define CALENDAR_ZONE_TYPES_MAX  256
#define CALENDAR_ZONE_FOOTER_MAX 128

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

/* The coded Toronto rules: the fallback when the tz database cannot be read, and the oracle that
 * tests hold the tz database to. Toronto's UTC offset in minutes at instant utc: -240 during
 * daylight time (2nd Sunday of March 2:00 EST to 1st Sunday of November 2:00 EDT since 2007; 1st
 * Sunday of April to last Sunday of October before), else -300. */
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
 * (midnight), means the site's local time. Fractions are truncated; a leap second 60 reads as
 * 59. s need not be NUL-terminated. Returns 0 with *utc and, when not NULL, *offset_min (the
 * offset written, or the site's), or -EINVAL. Nothing is written on error. */
int calendar_parse_iso8601(const char *s, size_t len, int64_t *utc, int *offset_min);

/* Formats utc at offset_min as "YYYY-MM-DDTHH:MM:SS+HH:MM" ('Z' for offset 0). Returns the
 * length, or -ENOSPC when cap < 26 (out then holds ""). */
int calendar_format_iso8601(int64_t utc, int offset_min, char *out, size_t cap);

/* "YYYY-MM-DD". Returns the length or -ENOSPC (cap < 11). */
int calendar_format_date(struct calendar_date d, char *out, size_t cap);

/* A date for people: "mardi 12 mars 2024" (fr, "1er" for the first) or "Tuesday, March 12, 2024"
 * (en). Returns the length or -ENOSPC (out then holds ""). */
int calendar_format_date_long(struct calendar_date d, const char *lang, char *out, size_t cap);

/* Parses a TZif file (RFC 8536, versions 1 to 4) held in buf[0..len): the 64-bit data of
 * version 2+ files and their footer TZ string (POSIX rules, for instants after the last
 * transition), else the 32-bit data. Every count, index, offset and flag is checked against the
 * format and the CALENDAR_ZONE_* caps. Returns 0 with *out (the caller frees it with
 * calendar_zone_free; buf is not kept); -EINVAL for a truncated or malformed file or one over a
 * cap; -ENOTSUP for leap-second ("right/") data; -ENOMEM. Nothing is written on error. */
int calendar_zone_parse(const unsigned char *buf, size_t len, calendar_zone_t **out);

/* Reads the zone named name ("America/Toronto") from dir (NULL: CALENDAR_ZONE_DIR) and parses
 * it. The name must be relative, of letters, digits and "_+-./", with no empty, "." or ".."
 * part (no path traversal), shorter than CALENDAR_ZONE_NAME_MAX. Returns 0 with *out (the
 * caller frees it); -EINVAL for a bad name or a corrupt file; -ENOENT when there is no such
 * zone; -EACCES; -EISDIR when name is a folder; -EFBIG over CALENDAR_ZONE_FILE_MAX;
 * -ENAMETOOLONG; -ENOTSUP; -ENOMEM; -EIO. Nothing is written on error. */
int calendar_zone_load(const char *dir, const char *name, calendar_zone_t **out);

/* Why calendar_zone_load or calendar_zone_parse failed, in a line for the log (English, for
 * technicians). Static storage; never NULL. */
const char *calendar_zone_error(int rc);

/* Frees a zone. NULL is fine. The zone must not be the installed site zone. */
void calendar_zone_free(calendar_zone_t *z);

/* The name the zone was loaded under, "" when parsed from bytes. Owned by z; never NULL. */
const char *calendar_zone_name(const calendar_zone_t *z);

/* Zone z's UTC offset in whole minutes at instant utc (the seconds of local mean time before
 * ~1900 are dropped). z NULL: the coded Toronto rules (calendar_toronto_offset). */
int calendar_zone_offset(const calendar_zone_t *z, int64_t utc);

/* Breaks utc down into z's local time (z NULL: the coded Toronto rules). */
struct calendar_local calendar_zone_to_local(const calendar_zone_t *z, int64_t utc);

/* The UTC instant of a wall-clock time in z (z NULL: calendar_from_toronto). An ambiguous time
 * (a repeated hour) is taken as its first occurrence; a time that does not exist (a skipped
 * hour) is read with the offset before the gap, which moves it forward by the gap. Returns 0 and
 * *utc, or -EINVAL for an invalid date or time. */
int calendar_zone_from_local(const calendar_zone_t *z, struct calendar_date d, int hour, int minute,
                             int second, int64_t *utc);

/* Installs z as the site's zone, read by the calendar_*local* functions below and by
 * calendar_parse_iso8601; NULL (the initial state) means the coded Toronto rules. Call it at
 * start, before other threads read local time: the pointer is swapped atomically, but the
 * caller keeps ownership and must keep z alive while any thread may still read it (in practice
 * until exit). Returns the zone installed before. */
const calendar_zone_t *calendar_site_zone_set(const calendar_zone_t *z);

/* The installed site zone, or NULL for the coded Toronto rules. */
const calendar_zone_t *calendar_site_zone(void);

/* The site's UTC offset in minutes at utc. */
int calendar_local_offset(int64_t utc);

/* Breaks utc down into the site's local time. */
struct calendar_local calendar_to_local(int64_t utc);

/* The UTC instant of a wall-clock time at the site (see calendar_zone_from_local). Returns 0 and
 * *utc, or -EINVAL. */
int calendar_from_local(struct calendar_date d, int hour, int minute, int second, int64_t *utc);

/* The site's date at instant utc. */
struct calendar_date calendar_local_date(int64_t utc);

/* calendar_format_iso8601 at the site's offset. */
int calendar_format_local(int64_t utc, char *out, size_t cap);

#endif
