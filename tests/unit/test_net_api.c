/* net_api (outcomes, error shapes, JSON readers, text sanitising), net_form and net_random:
 * the pure parts under the protocol clients. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "firmware/services/net_api.h"
#include "firmware/services/net_form.h"
#include "firmware/services/net_random.h"

static struct net_result reply(long status, const char *body)
{
	struct net_result r;

	memset(&r, 0, sizeof(r));
	r.status = status;
	r.body = (char *)body;
	r.body_len = body ? strlen(body) : 0;
	return r;
}

static void test_check_statuses(void **s)
{
	static const struct {
		long status;
		bool submission;
		int want;
	} cases[] = {
	    {200, false, NET_API_OK},           {201, true, NET_API_OK},
	    {204, false, NET_API_OK},           {301, false, NET_API_EBADREPLY},
	    {400, false, NET_API_EREJECTED},    {401, true, NET_API_EREJECTED},
	    {403, false, NET_API_EREJECTED},    {404, false, NET_API_ENOTFOUND},
	    {410, false, NET_API_ENOTFOUND},    {409, true, NET_API_ECLOSED},
	    {413, true, NET_API_EREJECTED},     {429, true, NET_API_ESERVER},
	    {500, false, NET_API_ESERVER},      {500, true, NET_API_EUNCONFIRMED},
	    {501, false, NET_API_EUNSUPPORTED}, {502, true, NET_API_EUNCONFIRMED},
	    {503, true, NET_API_ESERVER},       {504, false, NET_API_ESERVER},
	    {504, true, NET_API_EUNCONFIRMED},  {99, false, NET_API_EBADREPLY},
	    {422, true, NET_API_EREJECTED},
	};
	struct net_api_status st;
	size_t i;

	(void)s;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct net_result r = reply(cases[i].status, "");
		r.retry_after_ms = 5000;
		assert_int_equal(net_api_check(&r, cases[i].submission, &st), cases[i].want);
		assert_int_equal(st.error, cases[i].want);
		assert_int_equal(st.http_status, cases[i].status);
		assert_int_equal(st.retry_after_ms, 5000);
	}
	assert_int_equal(net_api_check(NULL, false, NULL), NET_API_EBADREPLY);
}

static void test_check_idempotency_conflict(void **s)
{
	static const char central[] = "[{\"code\":422,\"description\":\"Idempotency-Key was "
	                              "already used with a different request\"}]";
	static const char problem[] = "{\"type\":\"https://example.org/idempotency-key-reused\","
	                              "\"code\":\"idempotency_key_reused\",\"message\":\"no\"}";
	struct net_api_status st;
	struct net_result r = reply(422, central);

	(void)s;
	assert_int_equal(net_api_check(&r, true, &st), NET_API_ECONFLICT);
	assert_int_equal(st.error, NET_API_ECONFLICT);
	assert_int_equal(st.http_status, 422);
	assert_non_null(strstr(st.message, "Idempotency-Key"));
	assert_string_equal(net_api_error_name(NET_API_ECONFLICT), "conflict-bug");
	r = reply(422, problem);
	assert_int_equal(net_api_check(&r, true, &st), NET_API_ECONFLICT);
	/* A look-up is no submission; another 422 is a plain refusal. */
	r = reply(422, central);
	assert_int_equal(net_api_check(&r, false, &st), NET_API_EREJECTED);
	r = reply(422, "[{\"code\":422,\"description\":\"email is invalid\"}]");
	assert_int_equal(net_api_check(&r, true, &st), NET_API_EREJECTED);
}

static void test_check_transport(void **s)
{
	static const struct {
		enum net_error e;
		bool sent;
		bool submission;
		int want;
	} cases[] = {
	    {NET_ERR_CONNECT, false, true, NET_API_EOFFLINE},
	    {NET_ERR_TIMEOUT, false, false, NET_API_ETIMEOUT},
	    {NET_ERR_TIMEOUT, true, false, NET_API_ETIMEOUT},
	    {NET_ERR_TIMEOUT, true, true, NET_API_EUNCONFIRMED},
	    {NET_ERR_RECV, true, false, NET_API_EOFFLINE},
	    {NET_ERR_RECV, true, true, NET_API_EUNCONFIRMED},
	    {NET_ERR_TOO_LARGE, true, false, NET_API_EBADREPLY},
	    {NET_ERR_PROTOCOL, true, false, NET_API_EBADREPLY},
	    {NET_ERR_CERT_UNTRUSTED, false, true, NET_API_ESECURITY},
	    {NET_ERR_CERT_NAME, false, true, NET_API_ESECURITY},
	    {NET_ERR_CONFIG, false, true, NET_API_ESECURITY},
	    {NET_ERR_CANCELLED, true, true, NET_API_ECANCELLED},
	    {NET_ERR_NOMEM, false, false, NET_API_EOFFLINE},
	};
	size_t i;

	(void)s;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct net_result r = reply(0, NULL);
		struct net_api_status st;
		r.error = cases[i].e;
		r.maybe_sent = cases[i].sent;
		assert_int_equal(net_api_check(&r, cases[i].submission, &st), cases[i].want);
		assert_int_equal(st.net, cases[i].e);
		assert_string_equal(net_api_error_name(cases[i].want),
		                    net_api_error_name(st.error));
	}
	assert_string_equal(net_api_error_name(NET_API_EUNCONFIRMED), "unconfirmed");
	assert_string_equal(net_api_error_name(12345), "unknown");
}

static void test_error_message_capped(void **s)
{
	char *body = malloc(5000);
	struct net_api_status st;
	size_t i, n = 0;

	(void)s;
	n += (size_t)snprintf(body, 100, "[{\"code\":400,\"description\":\"");
	for (i = 0; i < 2000; i++) {
		memcpy(body + n, "\xc3\xa9", 2); /* é */
		n += 2;
	}
	memcpy(body + n, "\"}]", 4);
	struct net_result r = reply(400, body);
	assert_int_equal(net_api_check(&r, false, &st), NET_API_EREJECTED);
	/* Cut on a character boundary, still valid UTF-8. */
	assert_true(strlen(st.message) < NET_API_MESSAGE_MAX);
	assert_int_equal(strlen(st.message) % 2, 0);
	assert_true(net_api_utf8_chars(st.message) > 0);
	free(body);
}

/* Validation frameworks send the message as a list, or an object of lists: kept for staff. */
static void test_error_message_lists(void **s)
{
	struct net_api_status st;
	struct net_result r = reply(400, "{\"message\":[\"too long\",\"not UTF-8\"]}");

	(void)s;
	assert_int_equal(net_api_check(&r, true, &st), NET_API_EREJECTED);
	assert_string_equal(st.message, "too long, not UTF-8");
	r = reply(422, "{\"detail\":{\"email\":[\"is invalid\"],\"phone\":[\"too short\","
	               "\"has letters\"],\"n\":3}}");
	assert_int_equal(net_api_check(&r, true, &st), NET_API_EREJECTED);
	assert_string_equal(st.message, "email: is invalid; phone: too short, has letters");
	r = reply(400, "[{\"code\":400,\"description\":{\"service_code\":\"unknown\"}}]");
	assert_int_equal(net_api_check(&r, true, &st), NET_API_EREJECTED);
	assert_string_equal(st.message, "service_code: unknown");
}

static void test_sanitize(void **s)
{
	char out[16];

	(void)s;
	assert_int_equal(net_api_sanitize("  hi  ", 6, out, sizeof(out)), 2);
	assert_string_equal(out, "hi");
	net_api_sanitize("a\tb\rc\x01"
	                 "d\x7f",
	                 8, out, sizeof(out));
	assert_string_equal(out, "a b c d");
	net_api_sanitize("l1\nl2\n\n", 7, out, sizeof(out));
	assert_string_equal(out, "l1\nl2");
	/* Overlong NUL, surrogate, past U+10FFFF, lone continuation: each byte a '?'. */
	net_api_sanitize("\xc0\x80", 2, out, sizeof(out));
	assert_string_equal(out, "??");
	net_api_sanitize("\xed\xa0\x80", 3, out, sizeof(out));
	assert_string_equal(out, "???");
	net_api_sanitize("\xf4\x90\x80\x80", 4, out, sizeof(out));
	assert_string_equal(out, "????");
	net_api_sanitize("\x80z", 2, out, sizeof(out));
	assert_string_equal(out, "?z");
	/* Never half a character: "abcdé" into 6 bytes keeps "abcd". */
	net_api_sanitize("abcd\xc3\xa9", 6, out, 6);
	assert_string_equal(out, "abcd");
	net_api_sanitize("\xf0\x9f\x98\x80!", 5, out, sizeof(out));
	assert_string_equal(out, "\xf0\x9f\x98\x80!");
	assert_int_equal(net_api_sanitize("x", 1, out, 0), 0);
}

static void test_utf8_chars(void **s)
{
	(void)s;
	assert_int_equal(net_api_utf8_chars(""), 0);
	assert_int_equal(net_api_utf8_chars("été"), 3);
	assert_int_equal(net_api_utf8_chars("\xf0\x9f\x98\x80"), 1);
	assert_int_equal(net_api_utf8_chars("\xe0\x80\xaf"), -EILSEQ);
	assert_int_equal(net_api_utf8_chars("\xc3"), -EILSEQ);
}

static void test_json_readers(void **s)
{
	const char *text = "{\"s\":\" x \",\"n\":42,\"big\":4821935576,\"f\":1.5,\"neg\":-3,"
	                   "\"t\":true,\"nul\":null,\"e\":\"\",\"o\":{},\"a\":[1],"
	                   "\"ns\":\"-17\",\"bs\":\"12a\",\"bt\":\"true\",\"b0\":0,\"huge\":1e300,"
	                   "\"d\":\"2024-11-03T01:30:00.999-05:00\",\"dbad\":\"yesterday\","
	                   "\"bi\":{\"fr\":\"Bonjour\",\"en\":\"Hello\"},\"bo\":{\"en\":\"Only\"},"
	                   "\"bp\":\"Plain\"}";
	void *j = net_api_json_parse(text, strlen(text));
	char out[32], fr[16], en[16];
	int64_t v;
	bool b;
	struct net_api_time t;

	(void)s;
	assert_non_null(j);
	assert_int_equal(net_api_json_text(j, "s", out, sizeof(out), false), 1);
	assert_string_equal(out, "x");
	assert_int_equal(net_api_json_text(j, "n", out, sizeof(out), true), 1);
	assert_string_equal(out, "42");
	assert_int_equal(net_api_json_text(j, "big", out, sizeof(out), true), 1);
	assert_string_equal(out, "4821935576");
	assert_int_equal(net_api_json_text(j, "f", out, sizeof(out), true), 1);
	assert_string_equal(out, "1.5");
	assert_int_equal(net_api_json_text(j, "t", out, sizeof(out), true), 1);
	assert_string_equal(out, "true");
	assert_int_equal(net_api_json_text(j, "nul", out, sizeof(out), true), 0);
	assert_int_equal(net_api_json_text(j, "e", out, sizeof(out), true), 0);
	assert_int_equal(net_api_json_text(j, "o", out, sizeof(out), true), 0);
	assert_int_equal(net_api_json_text(j, "a", out, sizeof(out), true), 0);
	assert_int_equal(net_api_json_text(j, "missing", out, sizeof(out), true), 0);
	assert_int_equal(net_api_json_text(j, "big", out, 5, true), -E2BIG);
	assert_string_equal(out, "");
	assert_int_equal(net_api_json_text(j, "huge", out, sizeof(out), false), 1);

	assert_true(net_api_json_int(j, "n", &v) && v == 42);
	assert_true(net_api_json_int(j, "ns", &v) && v == -17);
	assert_false(net_api_json_int(j, "bs", &v));
	assert_false(net_api_json_int(j, "f", &v));
	assert_false(net_api_json_int(j, "huge", &v));
	assert_false(net_api_json_int(j, "nul", &v));
	assert_true(net_api_json_bool(j, "t", &b) && b);
	assert_true(net_api_json_bool(j, "bt", &b) && b);
	assert_true(net_api_json_bool(j, "b0", &b) && !b);
	assert_false(net_api_json_bool(j, "s", &b));

	net_api_json_time(j, "d", &t);
	assert_true(t.valid);
	assert_int_equal(t.utc, 1730615400); /* 2024-11-03T06:30:00Z */
	assert_int_equal(t.offset_min, -300);
	net_api_json_time(j, "dbad", &t);
	assert_false(t.valid);
	net_api_json_time(j, "nul", &t);
	assert_false(t.valid);

	assert_int_equal(net_api_json_text2(j, "bi", fr, en, sizeof(fr)), 1);
	assert_string_equal(fr, "Bonjour");
	assert_string_equal(en, "Hello");
	assert_int_equal(net_api_json_text2(j, "bo", fr, en, sizeof(fr)), 1);
	assert_string_equal(fr, "Only");
	assert_int_equal(net_api_json_text2(j, "bp", fr, en, sizeof(fr)), 1);
	assert_string_equal(en, "Plain");
	assert_int_equal(net_api_json_text2(j, "o", fr, en, sizeof(fr)), 0);
	assert_int_equal(net_api_json_count(j), 1);
	assert_ptr_equal(net_api_json_at(j, 0), j);
	assert_null(net_api_json_at(j, 1));
	net_api_json_free(j);
}

static void test_json_parse_limits(void **s)
{
	char deep[200];
	size_t i, n = 0;

	(void)s;
	assert_null(net_api_json_parse("", 0));
	assert_null(net_api_json_parse(NULL, 3));
	assert_null(net_api_json_parse("[1] [2]", 7));
	assert_null(net_api_json_parse("<html></html>", 13));
	/* The length is the limit, not a NUL: "[1]" out of "[1]xyz". */
	void *j = net_api_json_parse("[1]xyz", 3);
	assert_non_null(j);
	net_api_json_free(j);
	for (i = 0; i < NET_API_DEPTH_MAX; i++)
		deep[n++] = '[';
	for (i = 0; i < NET_API_DEPTH_MAX; i++)
		deep[n++] = ']';
	j = net_api_json_parse(deep, n);
	assert_non_null(j);
	net_api_json_free(j);
	memmove(deep + 1, deep, n);
	deep[0] = '[';
	deep[n + 1] = ']';
	assert_null(net_api_json_parse(deep, n + 2));
	/* Brackets inside strings do not count. */
	{
		const char *str = "[\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"[\"]";
		j = net_api_json_parse(str, strlen(str));
	}
	assert_non_null(j);
	net_api_json_free(j);
}

static void test_form(void **s)
{
	struct net_form f;
	char *body = NULL;
	size_t len = 0, n = 0;
	char buf[8] = "";

	(void)s;
	net_form_init(&f, 64);
	assert_int_equal(net_form_add(&f, "a b", "é&=+"), 0);
	assert_int_equal(net_form_add(&f, "skip", NULL), 0);
	assert_int_equal(net_form_add(&f, "k", ""), 0);
	assert_int_equal(net_form_take(&f, &body, &len), 0);
	assert_string_equal(body, "a%20b=%C3%A9%26%3D%2B&k=");
	assert_int_equal(len, strlen(body));
	free(body);

	net_form_init(&f, 10);
	assert_int_equal(net_form_add(&f, "abc", "def"), 0);
	assert_int_equal(net_form_add(&f, "ghi", "jkl"), -E2BIG);
	assert_int_equal(net_form_add(&f, "x", "y"), -E2BIG); /* sticky */
	assert_int_equal(net_form_take(&f, &body, &len), -E2BIG);
	net_form_release(&f);

	net_form_init(&f, 10);
	assert_int_equal(net_form_take(&f, &body, &len), 0);
	assert_string_equal(body, "");
	free(body);

	assert_int_equal(net_form_escape_append(buf, sizeof(buf), &n, "ab"), 0);
	assert_int_equal(net_form_escape_append(buf, sizeof(buf), &n, "/"), 0);
	assert_string_equal(buf, "ab%2F");
	assert_int_equal(net_form_escape_append(buf, sizeof(buf), &n, "/"), -ENAMETOOLONG);
	assert_string_equal(buf, "ab%2F");
	assert_int_equal(n, 5);
}

static void test_random(void **s)
{
	uint64_t v, seen = 0;
	int i;

	(void)s;
	for (i = 0; i < 64; i++) {
		assert_int_equal(net_random_below(10, &v), 0);
		assert_true(v < 10);
		seen |= 1u << v;
	}
	assert_true(seen != 1); /* not stuck on one value */
	assert_int_equal(net_random_below(0, &v), 0);
	assert_int_equal(v, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_check_statuses),
	    cmocka_unit_test(test_check_idempotency_conflict),
	    cmocka_unit_test(test_check_transport),
	    cmocka_unit_test(test_error_message_capped),
	    cmocka_unit_test(test_error_message_lists),
	    cmocka_unit_test(test_sanitize),
	    cmocka_unit_test(test_utf8_chars),
	    cmocka_unit_test(test_json_readers),
	    cmocka_unit_test(test_json_parse_limits),
	    cmocka_unit_test(test_form),
	    cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
