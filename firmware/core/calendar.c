/* Calendar arithmetic for Toronto time and Ontario business days. See calendar.h. */
#include "firmware/core/calendar.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define SECONDS_PER_DAY 86400

/* Division rounding toward minus infinity, so instants before 1970 break down correctly. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_length(int y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && is_leap(y))
		return 29;
	return len[m - 1];
}

bool calendar_date_valid(struct calendar_date d)
{
	if (d.year < 1 || d.year > 9999 || d.month < 1 || d.month > 12)
		return false;
	return d.day >= 1 && d.day <= month_length(d.year, d.month);
}

/* Counts in 400-year eras starting on March 1st so that the leap day is the last of the year. */
int64_t calendar_days_from_date(struct calendar_date d)
{
	int64_t y = d.year - (d.month <= 2 ? 1 : 0);
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;
	int64_t mp = d.month > 2 ? d.month - 3 : d.month + 9;
	int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct calendar_date calendar_date_from_days(int64_t days)
{
	int64_t z = days + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	struct calendar_date d;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(yoe + era * 400 + (d.month <= 2 ? 1 : 0));
	return d;
}

int calendar_weekday(struct calendar_date d)
{
	/* 1970-01-01 was a Thursday. */
	int64_t w = (calendar_days_from_date(d) + 4) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

struct calendar_date calendar_add_days(struct calendar_date d, int n)
{
	return calendar_date_from_days(calendar_days_from_date(d) + n);
}

int calendar_date_cmp(struct calendar_date a, struct calendar_date b)
{
	int64_t x = calendar_days_from_date(a), y = calendar_days_from_date(b);
	return x < y ? -1 : (x > y ? 1 : 0);
}

/* The n-th (1-based) given weekday of a month. */
static struct calendar_date nth_weekday(int year, int month, int weekday, int n)
{
	struct calendar_date d = {year, month, 1};
	int first = calendar_weekday(d);
	d.day = 1 + (weekday - first + 7) % 7 + 7 * (n - 1);
	return d;
}

/* The last given weekday of a month. */
static struct calendar_date last_weekday(int year, int month, int weekday)
{
	struct calendar_date d = {year, month, month_length(year, month)};
	int last = calendar_weekday(d);
	d.day -= (last - weekday + 7) % 7;
	return d;
}

/* Daylight time interval of a year, as UTC instants [start, end). */
static void dst_bounds(int year, int64_t *start, int64_t *end)
{
	struct calendar_date s, e;
	if (year >= 2007) {
		s = nth_weekday(year, 3, 0, 2);
		e = nth_weekday(year, 11, 0, 1);
	} else {
		s = nth_weekday(year, 4, 0, 1);
		e = last_weekday(year, 10, 0);
	}
	/* 2:00 EST = 07:00 UTC; 2:00 EDT = 06:00 UTC. */
	*start = calendar_days_from_date(s) * SECONDS_PER_DAY + 7 * 3600;
	*end = calendar_days_from_date(e) * SECONDS_PER_DAY + 6 * 3600;
}

int calendar_toronto_offset(int64_t utc)
{
	struct calendar_date d = calendar_date_from_days(floor_div(utc, SECONDS_PER_DAY));
	int64_t start, end;
	dst_bounds(d.year, &start, &end);
	return (utc >= start && utc < end) ? -240 : -300;
}

struct calendar_local calendar_to_offset(int64_t utc, int offset_min)
{
	struct calendar_local l;
	int64_t t = utc + (int64_t)offset_min * 60;
	int64_t days = floor_div(t, SECONDS_PER_DAY);
	int64_t secs = t - days * SECONDS_PER_DAY;
	l.date = calendar_date_from_days(days);
	l.hour = (int)(secs / 3600);
	l.minute = (int)(secs / 60 % 60);
	l.second = (int)(secs % 60);
	l.weekday = calendar_weekday(l.date);
	l.offset_min = offset_min;
	return l;
}

struct calendar_local calendar_to_toronto(int64_t utc)
{
	return calendar_to_offset(utc, calendar_toronto_offset(utc));
}

struct calendar_date calendar_toronto_date(int64_t utc)
{
	return calendar_to_toronto(utc).date;
}

int calendar_from_toronto(struct calendar_date d, int hour, int minute, int second, int64_t *utc)
{
	if (!calendar_date_valid(d) || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
	    second < 0 || second > 59)
		return -EINVAL;
	int64_t wall =
	    calendar_days_from_date(d) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
	int64_t as_edt = wall + 4 * 3600, as_est = wall + 5 * 3600;
	if (calendar_toronto_offset(as_edt) == -240)
		*utc = as_edt;
	else
		/* Standard time, or the skipped hour: as EST it lands one hour later in EDT. */
		*utc = as_est;
	return 0;
}

/* Easter Sunday, Gregorian computus (Meeus/Jones/Butcher). */
static struct calendar_date easter(int y)
{
	int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	struct calendar_date r = {y, (h + l - 7 * m + 114) / 31, (h + l - 7 * m + 114) % 31 + 1};
	return r;
}

static bool is_weekend(struct calendar_date d)
{
	int w = calendar_weekday(d);
	return w == 0 || w == 6;
}

/* Own (calendar) date of a holiday. */
static struct calendar_date holiday_actual(int year, enum calendar_holiday h)
{
	struct calendar_date d = {year, 1, 1};
	switch (h) {
	case CALENDAR_HOLIDAY_NEW_YEAR:
		break;
	case CALENDAR_HOLIDAY_FAMILY_DAY:
		d = nth_weekday(year, 2, 1, 3);
		break;
	case CALENDAR_HOLIDAY_GOOD_FRIDAY:
		d = calendar_add_days(easter(year), -2);
		break;
	case CALENDAR_HOLIDAY_VICTORIA_DAY: {
		/* The Monday before May 25. */
		struct calendar_date may24 = {year, 5, 24};
		d = calendar_add_days(may24, -((calendar_weekday(may24) - 1 + 7) % 7));
		break;
	}
	case CALENDAR_HOLIDAY_CANADA_DAY:
		d.month = 7;
		break;
	case CALENDAR_HOLIDAY_CIVIC_HOLIDAY:
		d = nth_weekday(year, 8, 1, 1);
		break;
	case CALENDAR_HOLIDAY_LABOUR_DAY:
		d = nth_weekday(year, 9, 1, 1);
		break;
	case CALENDAR_HOLIDAY_THANKSGIVING:
		d = nth_weekday(year, 10, 1, 2);
		break;
	case CALENDAR_HOLIDAY_CHRISTMAS:
		d.month = 12;
		d.day = 25;
		break;
	case CALENDAR_HOLIDAY_BOXING_DAY:
		d.month = 12;
		d.day = 26;
		break;
	default:
		break;
	}
	return d;
}

int calendar_holiday_observed(int year, enum calendar_holiday h, struct calendar_date *out)
{
	if (year < 1 || year > 9999 || h <= CALENDAR_HOLIDAY_NONE || h >= CALENDAR_HOLIDAY_COUNT)
		return -EINVAL;
	struct calendar_date d = holiday_actual(year, h);
	if (h == CALENDAR_HOLIDAY_BOXING_DAY) {
		/* Boxing Day moves past a weekend and past Christmas's own substitute day, so that
		 * Christmas and Boxing Day on Saturday and Sunday are off on Monday and Tuesday. */
		struct calendar_date xmas;
		calendar_holiday_observed(year, CALENDAR_HOLIDAY_CHRISTMAS, &xmas);
		while (is_weekend(d) || calendar_date_cmp(d, xmas) == 0)
			d = calendar_add_days(d, 1);
	} else {
		while (is_weekend(d))
			d = calendar_add_days(d, 1);
	}
	*out = d;
	return 0;
}

enum calendar_holiday calendar_holiday_on(struct calendar_date d, bool *observed_shift)
{
	if (observed_shift)
		*observed_shift = false;
	if (!calendar_date_valid(d))
		return CALENDAR_HOLIDAY_NONE;
	for (int h = CALENDAR_HOLIDAY_NONE + 1; h < CALENDAR_HOLIDAY_COUNT; h++) {
		struct calendar_date obs;
		calendar_holiday_observed(d.year, (enum calendar_holiday)h, &obs);
		if (calendar_date_cmp(obs, d) == 0) {
			if (observed_shift)
				*observed_shift =
				    calendar_date_cmp(
				        holiday_actual(d.year, (enum calendar_holiday)h), d) != 0;
			return (enum calendar_holiday)h;
		}
	}
	for (int h = CALENDAR_HOLIDAY_NONE + 1; h < CALENDAR_HOLIDAY_COUNT; h++)
		if (calendar_date_cmp(holiday_actual(d.year, (enum calendar_holiday)h), d) == 0)
			return (enum calendar_holiday)h;
	return CALENDAR_HOLIDAY_NONE;
}

const char *calendar_holiday_name(enum calendar_holiday h, const char *lang)
{
	static const char *const fr[CALENDAR_HOLIDAY_COUNT] = {"",
	                                                       "Jour de l'An",
	                                                       "Jour de la Famille",
	                                                       "Vendredi saint",
	                                                       "Fête de la Reine",
	                                                       "Fête du Canada",
	                                                       "Congé civique",
	                                                       "Fête du Travail",
	                                                       "Action de grâce",
	                                                       "Noël",
	                                                       "Lendemain de Noël"};
	static const char *const en[CALENDAR_HOLIDAY_COUNT] = {
	    "",           "New Year's Day", "Family Day", "Good Friday",  "Victoria Day",
	    "Canada Day", "Civic Holiday",  "Labour Day", "Thanksgiving", "Christmas Day",
	    "Boxing Day"};
	if (h < 0 || h >= CALENDAR_HOLIDAY_COUNT)
		h = CALENDAR_HOLIDAY_NONE;
	return (lang && strcmp(lang, "fr") == 0) ? fr[h] : en[h];
}

bool calendar_is_business_day(struct calendar_date d)
{
	if (!calendar_date_valid(d) || is_weekend(d))
		return false;
	bool shifted;
	enum calendar_holiday h = calendar_holiday_on(d, &shifted);
	return h == CALENDAR_HOLIDAY_NONE;
}

struct calendar_date calendar_add_business_days(struct calendar_date d, int n)
{
	if (n <= 0) {
		/* Bounded: no run of non-business days is longer than a few days. */
		for (int i = 0; i < 14 && !calendar_is_business_day(d); i++)
			d = calendar_add_days(d, 1);
		return d;
	}
	while (n > 0) {
		d = calendar_add_days(d, 1);
		if (d.year > 9999)
			break;
		if (calendar_is_business_day(d))
			n--;
	}
	return d;
}

int calendar_business_days_between(struct calendar_date a, struct calendar_date b)
{
	int n = 0;
	/* Caps the walk at ~30 years so a wild input cannot spin. */
	for (int i = 0; i < 11000 && calendar_date_cmp(a, b) < 0; i++) {
		a = calendar_add_days(a, 1);
		if (calendar_is_business_day(a))
			n++;
	}
	return n;
}

/* Reads exactly n digits at s[*i]. */
static bool read_digits(const char *s, size_t len, size_t *i, int n, int *out)
{
	int v = 0;
	if (*i + (size_t)n > len)
		return false;
	for (int k = 0; k < n; k++) {
		char c = s[*i + (size_t)k];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*i += (size_t)n;
	*out = v;
	return true;
}

static bool read_char(const char *s, size_t len, size_t *i, char c)
{
	if (*i < len && s[*i] == c) {
		(*i)++;
		return true;
	}
	return false;
}

int calendar_parse_iso8601(const char *s, size_t len, int64_t *utc, int *offset_min)
{
	struct calendar_date d;
	int hour = 0, minute = 0, second = 0;
	size_t i = 0;
	if (!s)
		return -EINVAL;
	if (!read_digits(s, len, &i, 4, &d.year) || !read_char(s, len, &i, '-') ||
	    !read_digits(s, len, &i, 2, &d.month) || !read_char(s, len, &i, '-') ||
	    !read_digits(s, len, &i, 2, &d.day) || !calendar_date_valid(d))
		return -EINVAL;
	if (i < len) {
		if (s[i] != 'T' && s[i] != 't' && s[i] != ' ')
			return -EINVAL;
		i++;
		if (!read_digits(s, len, &i, 2, &hour) || !read_char(s, len, &i, ':') ||
		    !read_digits(s, len, &i, 2, &minute))
			return -EINVAL;
		if (read_char(s, len, &i, ':')) {
			if (!read_digits(s, len, &i, 2, &second))
				return -EINVAL;
			if ((read_char(s, len, &i, '.') || read_char(s, len, &i, ','))) {
				size_t start = i;
				while (i < len && s[i] >= '0' && s[i] <= '9')
					i++;
				if (i == start)
					return -EINVAL;
			}
		}
		if (hour > 23 || minute > 59 || second > 60)
			return -EINVAL;
		if (second == 60)
			second = 59;
	}
	if (i == len) {
		int64_t t;
		if (calendar_from_toronto(d, hour, minute, second, &t) != 0)
			return -EINVAL;
		*utc = t;
		if (offset_min)
			*offset_min = calendar_toronto_offset(t);
		return 0;
	}
	int off = 0;
	if (s[i] == 'Z' || s[i] == 'z') {
		i++;
	} else if (s[i] == '+' || s[i] == '-') {
		int sign = s[i] == '-' ? -1 : 1, oh = 0, om = 0;
		i++;
		if (!read_digits(s, len, &i, 2, &oh))
			return -EINVAL;
		if (read_char(s, len, &i, ':')) {
			if (!read_digits(s, len, &i, 2, &om))
				return -EINVAL;
		} else if (i < len && !read_digits(s, len, &i, 2, &om)) {
			return -EINVAL;
		}
		if (oh > 23 || om > 59)
			return -EINVAL;
		off = sign * (oh * 60 + om);
	} else {
		return -EINVAL;
	}
	if (i != len)
		return -EINVAL;
	*utc = calendar_days_from_date(d) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second -
	       (int64_t)off * 60;
	if (offset_min)
		*offset_min = off;
	return 0;
}

int calendar_format_iso8601(int64_t utc, int offset_min, char *out, size_t cap)
{
	if (!out || cap < 26) {
		if (out && cap)
			out[0] = '\0';
		return -ENOSPC;
	}
	struct calendar_local l = calendar_to_offset(utc, offset_min);
	int n = snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d", l.date.year, l.date.month,
	                 l.date.day, l.hour, l.minute, l.second);
	if (offset_min == 0) {
		n += snprintf(out + n, cap - (size_t)n, "Z");
	} else {
		int a = offset_min < 0 ? -offset_min : offset_min;
		n += snprintf(out + n, cap - (size_t)n, "%c%02d:%02d", offset_min < 0 ? '-' : '+',
		              a / 60, a % 60);
	}
	return n;
}

int calendar_format_toronto(int64_t utc, char *out, size_t cap)
{
	return calendar_format_iso8601(utc, calendar_toronto_offset(utc), out, cap);
}

int calendar_format_date(struct calendar_date d, char *out, size_t cap)
{
	if (!out || cap < 11) {
		if (out && cap)
			out[0] = '\0';
		return -ENOSPC;
	}
	return snprintf(out, cap, "%04d-%02d-%02d", d.year, d.month, d.day);
}

int calendar_format_date_long(struct calendar_date d, const char *lang, char *out, size_t cap)
{
	static const char *const wd_fr[7] = {"dimanche", "lundi",    "mardi", "mercredi",
	                                     "jeudi",    "vendredi", "samedi"};
	static const char *const wd_en[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
	                                     "Thursday", "Friday", "Saturday"};
	static const char *const mo_fr[12] = {"janvier",   "février", "mars",     "avril",
	                                      "mai",       "juin",    "juillet",  "août",
	                                      "septembre", "octobre", "novembre", "décembre"};
	static const char *const mo_en[12] = {"January",   "February", "March",    "April",
	                                      "May",       "June",     "July",     "August",
	                                      "September", "October",  "November", "December"};
	int n;
	if (!out || cap == 0)
		return -ENOSPC;
	if (!calendar_date_valid(d)) {
		out[0] = '\0';
		return -EINVAL;
	}
	int w = calendar_weekday(d);
	if (lang && strcmp(lang, "fr") == 0)
		n = snprintf(out, cap, "%s %d%s %s %d", wd_fr[w], d.day, d.day == 1 ? "er" : "",
		             mo_fr[d.month - 1], d.year);
	else
		n = snprintf(out, cap, "%s, %s %d, %d", wd_en[w], mo_en[d.month - 1], d.day,
		             d.year);
	if (n < 0 || (size_t)n >= cap) {
		out[0] = '\0';
		return -ENOSPC;
	}
	return n;
}
