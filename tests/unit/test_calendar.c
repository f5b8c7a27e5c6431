/* Tests firmware/core/calendar.c: dates, Toronto time, Ontario holidays, business days, ISO 8601.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "firmware/core/calendar.h"

static struct calendar_date D(int y, int m, int d) {
	struct calendar_date r = {y, m, d};
	return r;
}

static void
assert_date(struct calendar_date got, int y, int m, int d)
{
	assert_int_equal(got.year, y);
	assert_int_equal(got.month, m);
	assert_int_equal(got.day, d);
}

static int64_t utc_of(const char *iso)
{
	int64_t t = 0;
	assert_int_equal(calendar_parse_iso8601(iso, strlen(iso), &t, NULL), 0);
	return t;
}

static void test_days_roundtrip(void **state)
{
	(void)state;
	assert_int_equal(calendar_days_from_date(D(1970, 1, 1)), 0);
	assert_int_equal(calendar_days_from_date(D(2000, 3, 1)), 11017);
	assert_int_equal(calendar_days_from_date(D(1969, 12, 31)), -1);
	for (int64_t d = -719162; d < 2932897; d += 37) {
		struct calendar_date c = calendar_date_from_days(d);
		assert_true(calendar_date_valid(c));
		assert_int_equal(calendar_days_from_date(c), d);
	}
	assert_int_equal(calendar_weekday(D(2024, 3, 12)), 2); /* Tuesday */
	assert_int_equal(calendar_weekday(D(1970, 1, 1)), 4);
	assert_false(calendar_date_valid(D(2023, 2, 29)));
	assert_true(calendar_date_valid(D(2024, 2, 29)));
	assert_false(calendar_date_valid(D(1900, 2, 29)));
	assert_true(calendar_date_valid(D(2000, 2, 29)));
	assert_false(calendar_date_valid(D(2024, 13, 1)));
	assert_false(calendar_date_valid(D(2024, 4, 31)));
	assert_date(calendar_add_days(D(2024, 2, 28), 2), 2024, 3, 1);
	assert_int_equal(calendar_date_cmp(D(2024, 1, 1), D(2023, 12, 31)), 1);
}

static void test_toronto_dst(void **state)
{
	(void)state;
	/* 2024: EDT from 2024-03-10 07:00Z to 2024-11-03 06:00Z. */
	assert_int_equal(calendar_toronto_offset(utc_of("2024-03-10T06:59:59Z")), -300);
	assert_int_equal(calendar_toronto_offset(utc_of("2024-03-10T07:00:00Z")), -240);
	assert_int_equal(calendar_toronto_offset(utc_of("2024-11-03T05:59:59Z")), -240);
	assert_int_equal(calendar_toronto_offset(utc_of("2024-11-03T06:00:00Z")), -300);
	assert_int_equal(calendar_toronto_offset(utc_of("2025-03-09T07:00:00Z")), -240);
	assert_int_equal(calendar_toronto_offset(utc_of("2025-01-15T12:00:00Z")), -300);
	assert_int_equal(calendar_toronto_offset(utc_of("2025-07-15T12:00:00Z")), -240);
	/* Before 2007: first Sunday of April to last Sunday of October. */
	assert_int_equal(calendar_toronto_offset(utc_of("2006-04-02T07:00:00Z")), -240);
	assert_int_equal(calendar_toronto_offset(utc_of("2006-03-20T12:00:00Z")), -300);
	assert_int_equal(calendar_toronto_offset(utc_of("2006-10-29T06:00:00Z")), -300);

	struct calendar_local l = calendar_to_toronto(utc_of("2024-03-12T14:15:30Z"));
	assert_date(l.date, 2024, 3, 12);
	assert_int_equal(l.hour, 10);
	assert_int_equal(l.minute, 15);
	assert_int_equal(l.second, 30);
	assert_int_equal(l.offset_min, -240);
	assert_int_equal(l.weekday, 2);
	/* Just after midnight UTC is still the previous day in Toronto. */
	assert_date(calendar_toronto_date(utc_of("2024-01-02T03:00:00Z")), 2024, 1, 1);

	int64_t t;
	assert_int_equal(calendar_from_toronto(D(2024, 1, 15), 8, 30, 0, &t), 0);
	assert_int_equal(t, utc_of("2024-01-15T13:30:00Z"));
	assert_int_equal(calendar_from_toronto(D(2024, 7, 15), 8, 30, 0, &t), 0);
	assert_int_equal(t, utc_of("2024-07-15T12:30:00Z"));
	/* Skipped hour moves forward; repeated hour is daylight time. */
	assert_int_equal(calendar_from_toronto(D(2024, 3, 10), 2, 30, 0, &t), 0);
	assert_int_equal(t, utc_of("2024-03-10T07:30:00Z"));
	assert_int_equal(calendar_from_toronto(D(2024, 11, 3), 1, 30, 0, &t), 0);
	assert_int_equal(t, utc_of("2024-11-03T05:30:00Z"));
	assert_int_equal(calendar_from_toronto(D(2024, 2, 30), 1, 0, 0, &t), -EINVAL);
	assert_int_equal(calendar_from_toronto(D(2024, 2, 3), 24, 0, 0, &t), -EINVAL);
}

static void check_observed(int y, enum calendar_holiday h, int m, int d)
{
	struct calendar_date o;
	assert_int_equal(calendar_holiday_observed(y, h, &o), 0);
	assert_date(o, y, m, d);
	assert_false(calendar_is_business_day(o));
	assert_int_equal(calendar_holiday_on(o, NULL), h);
}

static void test_holidays(void **state)
{
	(void)state;
	check_observed(2024, CALENDAR_HOLIDAY_NEW_YEAR, 1, 1);
	check_observed(2024, CALENDAR_HOLIDAY_FAMILY_DAY, 2, 19);
	check_observed(2024, CALENDAR_HOLIDAY_GOOD_FRIDAY, 3, 29);
	check_observed(2024, CALENDAR_HOLIDAY_VICTORIA_DAY, 5, 20);
	check_observed(2024, CALENDAR_HOLIDAY_CANADA_DAY, 7, 1);
	check_observed(2024, CALENDAR_HOLIDAY_CIVIC_HOLIDAY, 8, 5);
	check_observed(2024, CALENDAR_HOLIDAY_LABOUR_DAY, 9, 2);
	check_observed(2024, CALENDAR_HOLIDAY_THANKSGIVING, 10, 14);
	check_observed(2024, CALENDAR_HOLIDAY_CHRISTMAS, 12, 25);
	check_observed(2024, CALENDAR_HOLIDAY_BOXING_DAY, 12, 26);
	check_observed(2025, CALENDAR_HOLIDAY_GOOD_FRIDAY, 4, 18);
	check_observed(2019, CALENDAR_HOLIDAY_GOOD_FRIDAY, 4, 19);
	check_observed(2021, CALENDAR_HOLIDAY_VICTORIA_DAY, 5, 24);
	check_observed(2023, CALENDAR_HOLIDAY_VICTORIA_DAY, 5, 22);
	/* Weekend observance: next weekday. */
	check_observed(2022, CALENDAR_HOLIDAY_NEW_YEAR, 1, 3);
	check_observed(2023, CALENDAR_HOLIDAY_NEW_YEAR, 1, 2);
	check_observed(2023, CALENDAR_HOLIDAY_CANADA_DAY, 7, 3);
	/* Christmas Saturday + Boxing Day Sunday: Monday and Tuesday. */
	check_observed(2021, CALENDAR_HOLIDAY_CHRISTMAS, 12, 27);
	check_observed(2021, CALENDAR_HOLIDAY_BOXING_DAY, 12, 28);
	/* Christmas Sunday: Monday and Tuesday off. */
	check_observed(2022, CALENDAR_HOLIDAY_CHRISTMAS, 12, 26);
	check_observed(2022, CALENDAR_HOLIDAY_BOXING_DAY, 12, 27);
	/* Christmas Friday, Boxing Day Saturday: Monday. */
	check_observed(2020, CALENDAR_HOLIDAY_BOXING_DAY, 12, 28);
	bool shifted = false;
	assert_int_equal(calendar_holiday_on(D(2021, 12, 28), &shifted),
	                 CALENDAR_HOLIDAY_BOXING_DAY);
	assert_true(shifted);
	/* The holiday's own weekend date is still named. */
	assert_int_equal(calendar_holiday_on(D(2021, 12, 25), &shifted),
	                 CALENDAR_HOLIDAY_CHRISTMAS);
	assert_int_equal(calendar_holiday_on(D(2024, 3, 12), NULL), CALENDAR_HOLIDAY_NONE);
	assert_string_equal(calendar_holiday_name(CALENDAR_HOLIDAY_CANADA_DAY, "fr"),
	                    "Fête du Canada");
	assert_string_equal(calendar_holiday_name(CALENDAR_HOLIDAY_BOXING_DAY, "en"), "Boxing Day");
	struct calendar_date o;
	assert_int_equal(calendar_holiday_observed(2024, CALENDAR_HOLIDAY_NONE, &o), -EINVAL);
}

static void test_business_days(void **state)
{
	(void)state;
	assert_true(calendar_is_business_day(D(2024, 3, 12)));
	assert_false(calendar_is_business_day(D(2024, 3, 16)));
	assert_false(calendar_is_business_day(D(2024, 3, 17)));
	/* Monday + 2 = Wednesday. */
	assert_date(calendar_add_business_days(D(2024, 3, 11), 2), 2024, 3, 13);
	/* Saturday + 2 = Tuesday. */
	assert_date(calendar_add_business_days(D(2024, 3, 16), 2), 2024, 3, 19);
	/* Across Good Friday 2024. */
	assert_date(calendar_add_business_days(D(2024, 3, 22), 10), 2024, 4, 8);
	/* Across Christmas 2021 observed on Monday and Tuesday. */
	assert_date(calendar_add_business_days(D(2021, 12, 23), 2), 2021, 12, 29);
	/* 25 business days from a Friday in June, across Canada Day 2024. */
	assert_date(calendar_add_business_days(D(2024, 6, 14), 25), 2024, 7, 22);
	assert_date(calendar_add_business_days(D(2024, 3, 16), 0), 2024, 3, 18);
	assert_date(calendar_add_business_days(D(2024, 3, 12), 0), 2024, 3, 12);
	assert_int_equal(calendar_business_days_between(D(2024, 3, 22), D(2024, 4, 8)), 10);
	assert_int_equal(calendar_business_days_between(D(2024, 4, 8), D(2024, 3, 22)), 0);
	/* A whole year: 366 days 2024, 262 weekdays, 10 holidays all on weekdays. */
	assert_int_equal(calendar_business_days_between(D(2023, 12, 31), D(2024, 12, 31)), 252);
}

static void test_parse(void **state)
{
	(void)state;
	int64_t t = 0, base = utc_of("2024-03-12T14:15:00Z");
	int off = 1;
	const char *ok[] = {"2024-03-12T10:15:00-04:00",
	                    "2024-03-12T10:15:00.123456-04:00",
	                    "2024-03-12T14:15:00Z",
	                    "2024-03-12t14:15:00z",
	                    "2024-03-12T19:45:00+05:30",
	                    "2024-03-12T19:45:00+0530",
	                    "2024-03-12T16:15:00+02",
	                    "2024-03-12 10:15:00",
	                    "2024-03-12T10:15",
	                    "2024-03-12T14:15:00,5Z",
	                    "2024-03-12T10:15:00.000000000001-04:00"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		assert_int_equal(calendar_parse_iso8601(ok[i], strlen(ok[i]), &t, &off), 0);
		assert_int_equal(t, base);
	}
	assert_int_equal(calendar_parse_iso8601("2024-03-12T19:45:00+05:30", 25, &t, &off), 0);
	assert_int_equal(off, 330);
	assert_int_equal(calendar_parse_iso8601("2024-03-12", 10, &t, &off), 0);
	assert_int_equal(t, utc_of("2024-03-12T04:00:00Z"));
	assert_int_equal(off, -240);
	/* Not NUL-terminated: only len bytes are read. */
	assert_int_equal(calendar_parse_iso8601("2024-03-12T14:15:00ZZZZ", 20, &t, NULL), 0);
	assert_int_equal(t, base);
	assert_int_equal(calendar_parse_iso8601("2016-12-31T23:59:60Z", 20, &t, NULL), 0);
	const char *bad[] = {"",
	                     "garbage",
	                     "2024-02-30T10:00:00Z",
	                     "2024-03-12T25:00:00Z",
	                     "2024-03-12T10:60:00Z",
	                     "2024-03-12T10:15:00+24:00",
	                     "2024-03-12T10:15:00Q",
	                     "2024-03-12T10:15:00Z ",
	                     "2024-3-12",
	                     "2024-03-12T10",
	                     "2024-03-12T10:15:00.Z",
	                     "2024-03-12T10:15:00+5",
	                     "0000-01-01T00:00:00Z",
	                     "2024-03-12T10:15:00+05:3"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t keep = 42;
		assert_int_equal(calendar_parse_iso8601(bad[i], strlen(bad[i]), &keep, NULL),
		                 -EINVAL);
		assert_int_equal(keep, 42);
	}
	assert_int_equal(calendar_parse_iso8601(NULL, 0, &t, NULL), -EINVAL);
}

static void test_format(void **state)
{
	(void)state;
	char buf[64];
	int64_t t = utc_of("2024-03-12T14:15:00Z");
	assert_int_equal(calendar_format_toronto(t, buf, sizeof buf), 25);
	assert_string_equal(buf, "2024-03-12T10:15:00-04:00");
	assert_int_equal(calendar_format_iso8601(t, 0, buf, sizeof buf), 20);
	assert_string_equal(buf, "2024-03-12T14:15:00Z");
	assert_int_equal(calendar_format_iso8601(t, 330, buf, sizeof buf), 25);
	assert_string_equal(buf, "2024-03-12T19:45:00+05:30");
	assert_int_equal(calendar_format_toronto(utc_of("2024-01-12T14:15:00Z"), buf, sizeof buf),
	                 25);
	assert_string_equal(buf, "2024-01-12T09:15:00-05:00");
	assert_int_equal(calendar_format_iso8601(t, 0, buf, 10), -ENOSPC);
	assert_string_equal(buf, "");
	/* Round trip over a span of instants and offsets. */
	for (int64_t x = -100000000; x < 4000000000; x += 7777777) {
		int64_t back;
		int n = calendar_format_toronto(x, buf, sizeof buf);
		assert_true(n > 0);
		assert_int_equal(calendar_parse_iso8601(buf, (size_t)n, &back, NULL), 0);
		assert_int_equal(back, x);
	}
	assert_int_equal(calendar_format_date(D(2024, 3, 5), buf, sizeof buf), 10);
	assert_string_equal(buf, "2024-03-05");
	assert_true(calendar_format_date_long(D(2024, 3, 12), "fr", buf, sizeof buf) > 0);
	assert_string_equal(buf, "mardi 12 mars 2024");
	assert_true(calendar_format_date_long(D(2024, 8, 1), "fr", buf, sizeof buf) > 0);
	assert_string_equal(buf, "jeudi 1er août 2024");
	assert_true(calendar_format_date_long(D(2024, 3, 12), "en", buf, sizeof buf) > 0);
	assert_string_equal(buf, "Tuesday, March 12, 2024");
	assert_int_equal(calendar_format_date_long(D(2024, 3, 12), "en", buf, 8), -ENOSPC);
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_days_roundtrip), cmocka_unit_test(test_toronto_dst),
	    cmocka_unit_test(test_holidays),       cmocka_unit_test(test_business_days),
	    cmocka_unit_test(test_parse),          cmocka_unit_test(test_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
