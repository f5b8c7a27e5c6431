/* Calendar arithmetic, local time from the tz database, Ontario business days. See calendar.h. */
#include "firmware/core/calendar.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
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

/* ---- Time zones from the tz database (TZif, RFC 8536) ---- */

#define TZIF_HEADER_LEN 44
/* TZif designation bytes per file; zic's own limit is far lower. */
#define TZIF_CHARS_MAX 256
/* RFC 9636 §3.2: a local time type's offset lies in (-25 h, 26 h). */
#define TZIF_UTOFF_MIN (-89999)
#define TZIF_UTOFF_MAX 93599
/* Instants are clamped to years 1..9999 before rule arithmetic, so nothing can overflow. */
#define INSTANT_MIN (-62135596800LL)
#define INSTANT_MAX 253402300799LL

struct zone_type {
	int32_t utoff; /* seconds east of UTC */
	bool isdst;
};

/* One date rule of a POSIX TZ string ("Jn", "n" or "Mm.w.d") and its local time of day. */
struct zone_rule {
	char kind;    /* 'J': day 1..365 without Feb 29; 'D': day 0..365; 'M': month.week.weekday */
	int day;      /* J, D: the day; M: the weekday 0..6 */
	int month;    /* M: 1..12 */
	int week;     /* M: 1..5, 5 = the last */
	int32_t time; /* seconds after local midnight, -167 h..167 h (RFC 8536 §3.3.1) */
};

/* The footer's TZ string: local time after the last transition. */
struct zone_footer {
	bool present; /* non-empty */
	bool has_dst;
	int32_t std_off, dst_off; /* seconds east of UTC */
	struct zone_rule start, end;
};

struct zone_transition {
	int64_t at;
	unsigned char type;
};

struct calendar_zone {
	char name[CALENDAR_ZONE_NAME_MAX];
	struct zone_footer footer;
	size_t type_count;
	struct zone_type types[CALENDAR_ZONE_TYPES_MAX];
	size_t trans_count;
	struct zone_transition trans[];
};

struct tzif_counts {
	uint32_t isut, isstd, leap, time, type, chars;
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Two's complement by arithmetic: converting an out-of-range unsigned value is
 * implementation-defined in C11. */
static int32_t be32s(const unsigned char *p)
{
	uint32_t v = be32(p);
	return v <= INT32_MAX ? (int32_t)v : -(int32_t)~v - 1;
}

static int64_t be64s(const unsigned char *p)
{
	uint64_t v = (uint64_t)be32(p) << 32 | be32(p + 4);
	return v <= INT64_MAX ? (int64_t)v : -(int64_t)~v - 1;
}

/* Reads and checks a header at buf[pos]. RFC 8536 §3.1. */
static int tzif_header(const unsigned char *buf, size_t len, size_t pos, unsigned char *version,
                       struct tzif_counts *c)
{
	if (pos > len || len - pos < TZIF_HEADER_LEN || memcmp(buf + pos, "TZif", 4) != 0)
		return -EINVAL;
	const unsigned char *p = buf + pos;
	unsigned char v = p[4];
	if (v != 0 && (v < '2' || v > '4'))
		return -EINVAL;
	c->isut = be32(p + 20);
	c->isstd = be32(p + 24);
	c->leap = be32(p + 28);
	c->time = be32(p + 32);
	c->type = be32(p + 36);
	c->chars = be32(p + 40);
	if (c->type == 0 || c->chars == 0 || (c->isut != 0 && c->isut != c->type) ||
	    (c->isstd != 0 && c->isstd != c->type))
		return -EINVAL;
	if (c->time > CALENDAR_ZONE_TRANS_MAX || c->type > CALENDAR_ZONE_TYPES_MAX ||
	    c->chars > TZIF_CHARS_MAX)
		return -EINVAL;
	/* Leap-second ("right/") data counts TAI-like seconds, not Unix time: refused rather than
	 * read a few seconds off. */
	if (c->leap != 0)
		return -ENOTSUP;
	*version = v;
	return 0;
}

/* Checks the data block at buf[pos] with tsize-byte times and, when z is not NULL, copies the
 * transitions and types into z. *end gets the offset just past the block. */
static int tzif_block(const unsigned char *buf, size_t len, size_t pos, const struct tzif_counts *c,
                      size_t tsize, struct calendar_zone *z, size_t *end)
{
	/* The caps keep every product far from overflow. */
	size_t need = (size_t)c->time * (tsize + 1) + (size_t)c->type * 6 + c->chars +
	              (size_t)c->leap * (tsize + 4) + c->isstd + c->isut;
	if (pos > len || len - pos < need)
		return -EINVAL;
	const unsigned char *times = buf + pos;
	const unsigned char *idx = times + (size_t)c->time * tsize;
	const unsigned char *info = idx + c->time;
	const unsigned char *chars = info + (size_t)c->type * 6;
	const unsigned char *isstd = chars + c->chars + (size_t)c->leap * (tsize + 4);
	const unsigned char *isut = isstd + c->isstd;
	int64_t prev = 0;
	for (uint32_t i = 0; i < c->time; i++) {
		int64_t at =
		    tsize == 8 ? be64s(times + (size_t)i * 8) : be32s(times + (size_t)i * 4);
		if ((i > 0 && at <= prev) || idx[i] >= c->type)
			return -EINVAL;
		prev = at;
		if (z) {
			z->trans[i].at = at;
			z->trans[i].type = idx[i];
		}
	}
	for (uint32_t i = 0; i < c->type; i++) {
		const unsigned char *t = info + (size_t)i * 6;
		int32_t utoff = be32s(t);
		unsigned char desig = t[5];
		if (utoff < TZIF_UTOFF_MIN || utoff > TZIF_UTOFF_MAX || t[4] > 1 ||
		    desig >= c->chars || !memchr(chars + desig, '\0', c->chars - desig))
			return -EINVAL;
		if (z) {
			z->types[i].utoff = utoff;
			z->types[i].isdst = t[4] == 1;
		}
	}
	for (uint32_t i = 0; i < c->isstd; i++)
		if (isstd[i] > 1)
			return -EINVAL;
	for (uint32_t i = 0; i < c->isut; i++)
		/* A UT indicator of 1 requires a standard-time indicator of 1. */
		if (isut[i] > 1 || (isut[i] == 1 && (c->isstd == 0 || isstd[i] != 1)))
			return -EINVAL;
	if (z) {
		z->trans_count = c->time;
		z->type_count = c->type;
	}
	*end = pos + need;
	return 0;
}

/* A cursor over a TZ string. */
struct tz_cursor {
	const unsigned char *s;
	size_t n, i;
};

static bool tz_peek(const struct tz_cursor *p, char c)
{
	return p->i < p->n && p->s[p->i] == (unsigned char)c;
}

static bool tz_digit(const struct tz_cursor *p)
{
	return p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9';
}

/* Up to max_digits digits, at least one, value <= max. */
static bool tz_num(struct tz_cursor *p, int max_digits, int max, int *out)
{
	int v = 0, k = 0;
	while (k < max_digits && tz_digit(p)) {
		v = v * 10 + (p->s[p->i++] - '0');
		k++;
	}
	if (k == 0 || v > max)
		return false;
	*out = v;
	return true;
}

/* A zone abbreviation: three or more letters, or <...> of letters, digits, '+' and '-'. */
static bool tz_name(struct tz_cursor *p)
{
	size_t start;
	if (tz_peek(p, '<')) {
		start = ++p->i;
		while (p->i < p->n && p->s[p->i] != '>') {
			unsigned char c = p->s[p->i];
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			      (c >= '0' && c <= '9') || c == '+' || c == '-'))
				return false;
			p->i++;
		}
		if (p->i >= p->n || p->i - start < 3)
			return false;
		p->i++;
		return true;
	}
	start = p->i;
	while (p->i < p->n && ((p->s[p->i] >= 'A' && p->s[p->i] <= 'Z') ||
	                       (p->s[p->i] >= 'a' && p->s[p->i] <= 'z')))
		p->i++;
	return p->i - start >= 3;
}

/* [+-]h[h[h]][:mm[:ss]], hours <= max_h, as signed seconds. */
static bool tz_hms(struct tz_cursor *p, int max_h, int32_t *out)
{
	int sign = 1, h, m = 0, s = 0;
	if (tz_peek(p, '+') || tz_peek(p, '-'))
		sign = p->s[p->i++] == '-' ? -1 : 1;
	if (!tz_num(p, 3, max_h, &h))
		return false;
	if (tz_peek(p, ':')) {
		p->i++;
		if (!tz_num(p, 2, 59, &m))
			return false;
		if (tz_peek(p, ':')) {
			p->i++;
			if (!tz_num(p, 2, 59, &s))
				return false;
		}
	}
	*out = sign * (h * 3600 + m * 60 + s);
	return true;
}

/* ",Jn[/time]", ",n[/time]" or ",Mm.w.d[/time]"; the time defaults to 02:00. */
static bool tz_rule(struct tz_cursor *p, struct zone_rule *r)
{
	if (!tz_peek(p, ','))
		return false;
	p->i++;
	memset(r, 0, sizeof *r);
	if (tz_peek(p, 'J')) {
		p->i++;
		r->kind = 'J';
		if (!tz_num(p, 3, 365, &r->day) || r->day < 1)
			return false;
	} else if (tz_peek(p, 'M')) {
		p->i++;
		r->kind = 'M';
		if (!tz_num(p, 2, 12, &r->month) || r->month < 1 || !tz_peek(p, '.'))
			return false;
		p->i++;
		if (!tz_num(p, 1, 5, &r->week) || r->week < 1 || !tz_peek(p, '.'))
			return false;
		p->i++;
		if (!tz_num(p, 1, 6, &r->day))
			return false;
	} else {
		r->kind = 'D';
		if (!tz_num(p, 3, 365, &r->day))
			return false;
	}
	r->time = 2 * 3600;
	if (tz_peek(p, '/')) {
		p->i++;
		if (!tz_hms(p, 167, &r->time))
			return false;
	}
	return true;
}

/* Parses a footer TZ string (POSIX TZ with RFC 8536 §3.3.1's extensions). Empty is allowed. */
static int tz_parse(const unsigned char *s, size_t n, struct zone_footer *f)
{
	struct tz_cursor p = {s, n, 0};
	int32_t off;
	memset(f, 0, sizeof *f);
	if (n == 0)
		return 0;
	/* POSIX offsets count hours west of Greenwich: "EST5" is UTC-5. */
	if (!tz_name(&p) || !tz_hms(&p, 24, &off))
		return -EINVAL;
	f->present = true;
	f->std_off = f->dst_off = -off;
	if (p.i == n)
		return 0;
	if (!tz_name(&p))
		return -EINVAL;
	f->dst_off = f->std_off + 3600;
	if (!tz_peek(&p, ',')) {
		if (!tz_hms(&p, 24, &off))
			return -EINVAL;
		f->dst_off = -off;
	}
	/* zic always writes the rules with a daylight name; POSIX leaves their absence to the
	 * implementation, so such a string is refused rather than guessed. */
	if (!tz_rule(&p, &f->start) || !tz_rule(&p, &f->end) || p.i != n)
		return -EINVAL;
	f->has_dst = true;
	return 0;
}

int calendar_zone_parse(const unsigned char *buf, size_t len, calendar_zone_t **out)
{
	struct tzif_counts c1, c;
	unsigned char v1, v = 0;
	size_t end, data, tsize = 4;
	int rc;
	if (!buf || !out)
		return -EINVAL;
	rc = tzif_header(buf, len, 0, &v1, &c1);
	if (rc)
		return rc;
	/* The version 1 block is checked even when the 64-bit one is used. */
	rc = tzif_block(buf, len, TZIF_HEADER_LEN, &c1, 4, NULL, &end);
	if (rc)
		return rc;
	c = c1;
	data = TZIF_HEADER_LEN;
	if (v1 != 0) {
		rc = tzif_header(buf, len, end, &v, &c);
		if (rc)
			return rc;
		if (v != v1)
			return -EINVAL;
		data = end + TZIF_HEADER_LEN;
		tsize = 8;
	}
	calendar_zone_t *z = calloc(1, sizeof *z + (size_t)c.time * sizeof z->trans[0]);
	if (!z)
		return -ENOMEM;
	rc = tzif_block(buf, len, data, &c, tsize, z, &end);
	if (rc)
		goto fail_free_zone;
	rc = -EINVAL;
	if (v1 != 0) {
		/* The footer: '\n', a TZ string, '\n', and nothing after it. */
		if (end >= len || buf[end] != '\n')
			goto fail_free_zone;
		const unsigned char *s = buf + end + 1;
		size_t room = len - end - 1;
		const unsigned char *nl = memchr(s, '\n', room);
		if (!nl || (size_t)(nl - s) > CALENDAR_ZONE_FOOTER_MAX ||
		    (size_t)(nl - s) + 1 != room)
			goto fail_free_zone;
		rc = tz_parse(s, (size_t)(nl - s), &z->footer);
		if (rc)
			goto fail_free_zone;
	} else if (end != len) {
		goto fail_free_zone;
	}
	*out = z;
	return 0;
fail_free_zone:
	free(z);
	return rc;
}

/* Letters, digits and "_+-./" in non-empty parts that do not start with '.': no absolute path,
 * no "." or "..", no hidden file. */
static bool zone_name_valid(const char *name)
{
	size_t part = 0, i;
	if (!name)
		return false;
	for (i = 0; name[i]; i++) {
		char c = name[i];
		if (i + 1 >= CALENDAR_ZONE_NAME_MAX)
			return false;
		if (c == '/') {
			if (part == 0)
				return false;
			part = 0;
			continue;
		}
		if (part == 0 && c == '.')
			return false;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '+' || c == '-' || c == '.'))
			return false;
		part++;
	}
	return part > 0;
}

int calendar_zone_load(const char *dir, const char *name, calendar_zone_t **out)
{
	char path[CALENDAR_ZONE_NAME_MAX + 256];
	calendar_zone_t *z = NULL;
	unsigned char *buf;
	size_t n;
	int rc;
	if (!out || !zone_name_valid(name))
		return -EINVAL;
	if (!dir)
		dir = CALENDAR_ZONE_DIR;
	rc = snprintf(path, sizeof path, "%s/%s", dir, name);
	if (rc < 0 || (size_t)rc >= sizeof path)
		return -ENAMETOOLONG;
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (errno == EACCES)
			return -EACCES;
		return (errno == ENOENT || errno == ENOTDIR) ? -ENOENT : -EIO;
	}
	/* One byte over the cap tells a file at the cap from a larger one. */
	buf = malloc(CALENDAR_ZONE_FILE_MAX + 1);
	if (!buf) {
		rc = -ENOMEM;
		goto close_file;
	}
	errno = 0;
	n = fread(buf, 1, CALENDAR_ZONE_FILE_MAX + 1, f);
	if (ferror(f)) {
		rc = errno == EISDIR ? -EISDIR : -EIO;
		goto free_buf;
	}
	if (n > CALENDAR_ZONE_FILE_MAX) {
		rc = -EFBIG;
		goto free_buf;
	}
	rc = calendar_zone_parse(buf, n, &z);
	if (rc == 0) {
		/* zone_name_valid bounded the length. */
		memcpy(z->name, name, strlen(name) + 1);
		*out = z;
	}
free_buf:
	free(buf);
close_file:
	fclose(f);
	return rc;
}

const char *calendar_zone_error(int rc)
{
	switch (rc) {
	case 0:
		return "no error";
	case -EINVAL:
		return "not a zone name, or the zone file is corrupt";
	case -ENOENT:
		return "no such zone in the tz database (is the tzdata package installed?)";
	case -EACCES:
		return "the zone file cannot be read (permissions)";
	case -EISDIR:
		return "that name is a folder of zones, not a zone";
	case -EFBIG:
		return "the zone file is too large";
	case -ENAMETOOLONG:
		return "the zone's path is too long";
	case -ENOTSUP:
		return "leap-second (\"right/\") zone files are not supported";
	case -ENOMEM:
		return "out of memory";
	default:
		return "the zone file cannot be read";
	}
}

void calendar_zone_free(calendar_zone_t *z)
{
	free(z);
}

const char *calendar_zone_name(const calendar_zone_t *z)
{
	return z ? z->name : "";
}

/* The UTC instant at which a footer rule fires in year, off_before being the offset in force
 * just before it. */
static int64_t rule_instant(const struct zone_rule *r, int year, int32_t off_before)
{
	struct calendar_date jan1 = {year, 1, 1};
	int64_t days;
	if (r->kind == 'J')
		/* Jn never counts February 29. */
		days = calendar_days_from_date(jan1) + r->day - 1 + (is_leap(year) && r->day >= 60);
	else if (r->kind == 'D')
		days = calendar_days_from_date(jan1) + r->day;
	else
		days = calendar_days_from_date(r->week == 5
		                                   ? last_weekday(year, r->month, r->day)
		                                   : nth_weekday(year, r->month, r->day, r->week));
	return days * SECONDS_PER_DAY + r->time - off_before;
}

/* The footer's offset at t: the latest daylight start or end at or before t, over the years
 * around t, decides. This holds for both hemispheres and for daylight time all year. */
static int32_t footer_offset(const struct zone_footer *f, int64_t t)
{
	if (!f->has_dst)
		return f->std_off;
	int year = calendar_date_from_days(floor_div(t + f->std_off, SECONDS_PER_DAY)).year;
	int64_t best = 0;
	bool found = false, dst = false;
	for (int y = year - 1; y <= year + 1; y++) {
		int64_t s = rule_instant(&f->start, y, f->std_off);
		int64_t e = rule_instant(&f->end, y, f->dst_off);
		/* ">=": on a tie, the later rule in this order wins, so a year's end that meets the
		 * next year's start (daylight time all year) stays daylight. */
		if (s <= t && (!found || s >= best)) {
			best = s;
			dst = true;
			found = true;
		}
		if (e <= t && (!found || e >= best)) {
			best = e;
			dst = false;
			found = true;
		}
	}
	return dst ? f->dst_off : f->std_off;
}

static int32_t zone_utoff(const calendar_zone_t *z, int64_t t)
{
	size_t n = z->trans_count;
	/* RFC 8536 §3.2: before the first transition, type 0; after the last, the footer. */
	if (n == 0 || t >= z->trans[n - 1].at) {
		if (z->footer.present)
			return footer_offset(&z->footer, t);
		return z->types[n == 0 ? 0 : z->trans[n - 1].type].utoff;
	}
	if (t < z->trans[0].at)
		return z->types[0].utoff;
	size_t lo = 0, hi = n - 1;
	/* Invariant: trans[lo].at <= t < trans[hi].at. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (z->trans[mid].at <= t)
			lo = mid;
		else
			hi = mid;
	}
	return z->types[z->trans[lo].type].utoff;
}

int calendar_zone_offset(const calendar_zone_t *z, int64_t utc)
{
	if (!z)
		return calendar_toronto_offset(utc);
	if (utc < INSTANT_MIN)
		utc = INSTANT_MIN;
	if (utc > INSTANT_MAX)
		utc = INSTANT_MAX;
	return zone_utoff(z, utc) / 60;
}

struct calendar_local calendar_zone_to_local(const calendar_zone_t *z, int64_t utc)
{
	return calendar_to_offset(utc, calendar_zone_offset(z, utc));
}

int calendar_zone_from_local(const calendar_zone_t *z, struct calendar_date d, int hour, int minute,
                             int second, int64_t *utc)
{
	if (!z)
		return calendar_from_toronto(d, hour, minute, second, utc);
	if (!calendar_date_valid(d) || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
	    second < 0 || second > 59)
		return -EINVAL;
	int64_t wall =
	    calendar_days_from_date(d) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
	/* The offsets a day either side bracket at most one change: read the wall time with each;
	 * a reading that lands in its own offset is real. Both real: a repeated hour, take the
	 * first. Neither: a skipped hour, read with the offset before the gap. */
	int before = calendar_zone_offset(z, wall - SECONDS_PER_DAY);
	int after = calendar_zone_offset(z, wall + SECONDS_PER_DAY);
	int64_t u1 = wall - (int64_t)before * 60, u2 = wall - (int64_t)after * 60;
	if (calendar_zone_offset(z, u1) != before && calendar_zone_offset(z, u2) == after)
		*utc = u2;
	else
		*utc = u1;
	return 0;
}

/* The one piece of state: which zone "local" means. Atomic so a thread never sees a torn
 * pointer; the zone itself is immutable. */
static _Atomic(const calendar_zone_t *) site_zone;

const calendar_zone_t *calendar_site_zone_set(const calendar_zone_t *z)
{
	return atomic_exchange_explicit(&site_zone, z, memory_order_acq_rel);
}

const calendar_zone_t *calendar_site_zone(void)
{
	return atomic_load_explicit(&site_zone, memory_order_acquire);
}

int calendar_local_offset(int64_t utc)
{
	return calendar_zone_offset(calendar_site_zone(), utc);
}

struct calendar_local calendar_to_local(int64_t utc)
{
	return calendar_zone_to_local(calendar_site_zone(), utc);
}

int calendar_from_local(struct calendar_date d, int hour, int minute, int second, int64_t *utc)
{
	return calendar_zone_from_local(calendar_site_zone(), d, hour, minute, second, utc);
}

struct calendar_date calendar_local_date(int64_t utc)
{
	return calendar_to_local(utc).date;
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
		if (calendar_from_local(d, hour, minute, second, &t) != 0)
			return -EINVAL;
		*utc = t;
		if (offset_min)
			*offset_min = calendar_local_offset(t);
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

int calendar_format_local(int64_t utc, char *out, size_t cap)
{
	return calendar_format_iso8601(utc, calendar_local_offset(utc), out, cap);
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
