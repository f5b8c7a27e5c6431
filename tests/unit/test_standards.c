/* Tests firmware/core/standards.c: the SPEC §6 table and answer-by dates. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "firmware/core/standards.h"

static int64_t utc_of(const char *iso)
{
	int64_t t = 0;
	assert_int_equal(calendar_parse_iso8601(iso, strlen(iso), &t, NULL), 0);
	return t;
}

static void test_defaults(void **state)
{
	(void)state;
	struct standards_table t;
	standards_defaults(&t);
	assert_int_equal(standards_days(&t, STANDARDS_COMPLAINT_AGENCY), 10);
	assert_int_equal(standards_days(&t, STANDARDS_COMPLAINT_REGULATED), 25);
	assert_int_equal(standards_days(&t, STANDARDS_GENERAL_INQUIRY), 2);
	assert_int_equal(standards_days(&t, STANDARDS_COMPLEX_INQUIRY), 30);
	assert_int_equal(standards_days(&t, STANDARDS_MESSAGE_ACK), 2);
	assert_int_equal(standards_days(&t, STANDARDS_FEEDBACK), 2);
	assert_int_equal(standards_days(&t, STANDARDS_APPOINTMENT), 5);
	assert_int_equal(standards_days(&t, STANDARDS_KIND_COUNT), -EINVAL);
	for (int k = 0; k < STANDARDS_KIND_COUNT; k++) {
		enum standards_kind back;
		const char *key = standards_key((enum standards_kind)k);
		assert_int_equal(standards_kind_from_key(key, strlen(key), &back), 0);
		assert_int_equal(back, k);
		assert_true(strlen(t.entries[k].name_fr) > 0);
		assert_true(strlen(t.entries[k].name_en) > 0);
	}
	enum standards_kind k;
	assert_int_equal(standards_kind_from_key("complaint_agencyX", 16, &k), 0);
	assert_int_equal(k, STANDARDS_COMPLAINT_AGENCY);
	assert_int_equal(standards_kind_from_key("nope", 4, &k), -ENOENT);
	assert_string_equal(standards_key(STANDARDS_KIND_COUNT), "");
}

static void test_edit(void **state)
{
	(void)state;
	struct standards_table t;
	standards_defaults(&t);
	assert_int_equal(standards_set_days(&t, STANDARDS_GENERAL_INQUIRY, 3), 0);
	assert_int_equal(standards_days(&t, STANDARDS_GENERAL_INQUIRY), 3);
	assert_int_equal(standards_set_days(&t, STANDARDS_GENERAL_INQUIRY, -1), -EINVAL);
	assert_int_equal(standards_set_days(&t, STANDARDS_GENERAL_INQUIRY, STANDARDS_MAX_DAYS + 1),
	                 -EINVAL);
	assert_int_equal(standards_days(&t, STANDARDS_GENERAL_INQUIRY), 3);
	/* A copy is independent. */
	struct standards_table d;
	standards_defaults(&d);
	assert_int_equal(standards_days(&d, STANDARDS_GENERAL_INQUIRY), 2);
}

static void test_answer_by(void **state)
{
	(void)state;
	struct standards_table t;
	struct calendar_date d;
	standards_defaults(&t);
	/* Friday 2024-03-22 in Toronto, 10 business days across Good Friday: Monday 2024-04-08. */
	assert_int_equal(standards_answer_by(&t, STANDARDS_COMPLAINT_AGENCY,
	                                     utc_of("2024-03-22T16:00:00-04:00"), &d),
	                 0);
	assert_int_equal(d.year, 2024);
	assert_int_equal(d.month, 4);
	assert_int_equal(d.day, 8);
	/* 23:30 Toronto on Friday is Saturday in UTC: the Toronto date counts. */
	assert_int_equal(standards_answer_by(&t, STANDARDS_GENERAL_INQUIRY,
	                                     utc_of("2024-03-15T23:30:00-04:00"), &d),
	                 0);
	assert_int_equal(d.month, 3);
	assert_int_equal(d.day, 19);
	/* Christmas 2021 observed on Monday and Tuesday. */
	assert_int_equal(
	    standards_answer_by(&t, STANDARDS_FEEDBACK, utc_of("2021-12-23T10:00:00-05:00"), &d),
	    0);
	assert_int_equal(d.month, 12);
	assert_int_equal(d.day, 29);
	assert_int_equal(standards_answer_by(&t, STANDARDS_KIND_COUNT, 0, &d), -EINVAL);
	assert_int_equal(standards_answer_by_days(-1, 0, &d), -EINVAL);
	assert_int_equal(standards_answer_by_days(5, utc_of("2024-06-28T09:00:00-04:00"), &d), 0);
	assert_int_equal(d.month, 7);
	assert_int_equal(d.day, 8); /* Canada Day Monday skipped */
}

static void test_describe(void **state)
{
	(void)state;
	char buf[64];
	assert_true(standards_describe_days(10, "fr", buf, sizeof buf) > 0);
	assert_string_equal(buf, "10 jours ouvrables (2 semaines)");
	assert_true(standards_describe_days(10, "en", buf, sizeof buf) > 0);
	assert_string_equal(buf, "10 business days (2 weeks)");
	assert_true(standards_describe_days(5, "en", buf, sizeof buf) > 0);
	assert_string_equal(buf, "5 business days (1 week)");
	assert_true(standards_describe_days(2, "fr", buf, sizeof buf) > 0);
	assert_string_equal(buf, "2 jours ouvrables");
	assert_true(standards_describe_days(1, "en", buf, sizeof buf) > 0);
	assert_string_equal(buf, "1 business day");
	assert_true(standards_describe_days(1, "fr", buf, sizeof buf) > 0);
	assert_string_equal(buf, "1 jour ouvrable");
	assert_int_equal(standards_describe_days(25, "fr", buf, 10), -ENOSPC);
	assert_string_equal(buf, "");
	assert_int_equal(standards_describe_days(-3, "fr", buf, sizeof buf), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_edit),
	    cmocka_unit_test(test_answer_by),
	    cmocka_unit_test(test_describe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
