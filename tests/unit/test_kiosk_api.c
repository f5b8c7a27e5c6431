/* Kiosk API builders, tolerant parsers and the heartbeat / notice schedule (PROTOCOL.md §4). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "firmware/services/kiosk_api.h"

static struct net_result json(long status, const char *body)
{
	struct net_result r;

	memset(&r, 0, sizeof(r));
	r.status = status;
	r.body = (char *)body;
	r.body_len = body ? strlen(body) : 0;
	r.maybe_sent = true;
	return r;
}

static const struct kiosk_api_config cfg = {.path = "kiosk/v1/",
                                            .kiosk_id = "kiosk-07",
                                            .site = "ottawa-sparks",
                                            .version = "1.2.3",
                                            .idempotency_honoured = true};

static void test_build_notices(void **s)
{
	struct net_request req;

	(void)s;
	assert_int_equal(kiosk_api_build_notices(&cfg, &req), 0);
	assert_string_equal(req.path, "kiosk/v1/notices");
	assert_string_equal(req.query, "site=ottawa-sparks");
	assert_true(req.background);
	assert_true(req.retry_safe);
	net_request_release(&req);
}

static void test_build_heartbeat(void **s)
{
	const struct kiosk_api_check checks[] = {{"printer", true, NULL},
	                                         {"speech", false, "no voice \"fr\""}};
	struct kiosk_api_heartbeat hb = {.uptime_s = 3600,
	                                 .outbox_pending = 2,
	                                 .outbox_oldest_s = 95,
	                                 .assistance_calls = 3,
	                                 .n_checks = 2,
	                                 .checks = checks};
	struct net_request req;

	(void)s;
	assert_int_equal(kiosk_api_build_heartbeat(&cfg, &hb, &req), 0);
	assert_int_equal(req.method, NET_POST);
	assert_string_equal(req.path, "kiosk/v1/heartbeat");
	assert_string_equal(
	    req.body, "{\"kiosk\":\"kiosk-07\",\"version\":\"1.2.3\",\"uptime_s\":3600,"
	              "\"outbox\":{\"pending\":2,\"oldest_s\":95},\"checks\":{\"printer\":"
	              "\"ok\",\"speech\":\"fail: no voice \\\"fr\\\"\"},\"assistance_calls\":3}");
	assert_true(req.background);
	assert_true(req.retry_safe);
	net_request_release(&req);

	hb.n_checks = KIOSK_API_CHECKS_MAX + 1;
	assert_int_equal(kiosk_api_build_heartbeat(&cfg, &hb, &req), -EINVAL);
	{
		struct kiosk_api_config c = cfg;
		c.kiosk_id[0] = '\0';
		hb.n_checks = 0;
		assert_int_equal(kiosk_api_build_heartbeat(&c, &hb, &req), -EINVAL);
	}
}

static void test_build_feedback(void **s)
{
	struct kiosk_api_feedback fb = {.task = KIOSK_API_TASK_TICKET,
	                                .rating = 4,
	                                .comment = "Très rapide",
	                                .lang = LANG_FR,
	                                .idempotency_key = "6f1c1c7e-1a43-4a8e-9d71-0b6c0e0d4a11"};
	struct net_request req;
	char *long_comment;

	(void)s;
	assert_int_equal(kiosk_api_build_feedback(&cfg, &fb, &req), 0);
	assert_string_equal(req.path, "kiosk/v1/feedback");
	assert_string_equal(req.body, "{\"task\":\"ticket\",\"rating\":4,\"comment\":\"Très "
	                              "rapide\",\"lang\":\"fr\"}");
	assert_string_equal(req.headers[0],
	                    "Idempotency-Key: 6f1c1c7e-1a43-4a8e-9d71-0b6c0e0d4a11");
	assert_false(req.background); /* the visitor is waiting for it */
	net_request_release(&req);
	fb.comment = NULL;
	assert_int_equal(kiosk_api_build_feedback(&cfg, &fb, &req), 0);
	assert_string_equal(req.body, "{\"task\":\"ticket\",\"rating\":4,\"lang\":\"fr\"}");
	net_request_release(&req);
	fb.rating = 0;
	assert_int_equal(kiosk_api_build_feedback(&cfg, &fb, &req), -EINVAL);
	fb.rating = 6;
	assert_int_equal(kiosk_api_build_feedback(&cfg, &fb, &req), -EINVAL);
	fb.rating = 5;
	fb.comment = "\xff";
	assert_int_equal(kiosk_api_build_feedback(&cfg, &fb, &req), -EILSEQ);
	long_comment = malloc(KIOSK_API_COMMENT_CHARS + 2);
	memset(long_comment, 'a', KIOSK_API_COMMENT_CHARS + 1);
	long_comment[KIOSK_API_COMMENT_CHARS + 1] = '\0';
	fb.comment = long_comment;
	assert_int_equal(kiosk_api_build_feedback(&cfg, &fb, &req), -E2BIG);
	long_comment[KIOSK_API_COMMENT_CHARS] = '\0';
	assert_int_equal(kiosk_api_build_feedback(&cfg, &fb, &req), 0);
	net_request_release(&req);
	free(long_comment);
}

static void test_parse_notices(void **s)
{
	struct net_result r = json(
	    200, "[{\"id\":12,\"severity\":\"closure\",\"reason\":{\"fr\":\"Panne\",\"en\":"
	         "\"Outage\"},\"until\":\"2024-03-12T15:00:00-04:00\",\"alternatives\":{\"fr\":"
	         "\"Appelez le 1 800\",\"en\":\"Call 1 800\"}},"
	         "{\"id\":\"13\",\"severity\":\"INFO\",\"reason\":\"Bilingual text\",\"until\":"
	         "null,\"alternatives\":null},"
	         "{\"id\":\"14\",\"severity\":\"odd\",\"reason\":{\"en\":\"English only\"}},"
	         "{\"id\":\"15\",\"reason\":{}}]");
	struct kiosk_api_notices n;
	struct net_api_status st;

	(void)s;
	assert_int_equal(kiosk_api_parse_notices(&r, &n, &st), NET_API_OK);
	assert_int_equal(n.count, 3);
	assert_string_equal(n.items[0].id, "12");
	assert_int_equal(n.items[0].severity, KIOSK_API_CLOSURE);
	assert_string_equal(n.items[0].reason_fr, "Panne");
	assert_string_equal(n.items[0].alternatives_en, "Call 1 800");
	assert_true(n.items[0].until.valid);
	assert_int_equal(n.items[1].severity, KIOSK_API_INFO);
	assert_string_equal(n.items[1].reason_en, "Bilingual text");
	assert_false(n.items[1].until.valid);
	assert_string_equal(n.items[1].alternatives_fr, "");
	assert_int_equal(n.items[2].severity, KIOSK_API_WARNING);
	assert_string_equal(n.items[2].reason_fr, "English only");

	r = json(200, "[]");
	assert_int_equal(kiosk_api_parse_notices(&r, &n, NULL), NET_API_OK);
	assert_int_equal(n.count, 0);
	r = json(200, "{\"notices\":[{\"reason\":\"x\"}]}");
	assert_int_equal(kiosk_api_parse_notices(&r, &n, NULL), NET_API_OK);
	assert_int_equal(n.count, 1);
	r = json(404, "");
	assert_int_equal(kiosk_api_parse_notices(&r, &n, NULL), NET_API_EUNSUPPORTED);
	r = json(200, "[{");
	assert_int_equal(kiosk_api_parse_notices(&r, &n, NULL), NET_API_EBADREPLY);
}

static void test_parse_heartbeat_feedback(void **s)
{
	struct net_result r = json(200, "{\"ok\":true}");
	char id[16];

	(void)s;
	assert_int_equal(kiosk_api_parse_heartbeat(&r, NULL), NET_API_OK);
	r = json(204, "");
	assert_int_equal(kiosk_api_parse_heartbeat(&r, NULL), NET_API_OK);
	r = json(400, "[{\"code\":400,\"description\":\"kiosk required\"}]");
	assert_int_equal(kiosk_api_parse_heartbeat(&r, NULL), NET_API_EREJECTED);
	r = json(201, "{\"id\":55}");
	assert_int_equal(kiosk_api_parse_feedback(&r, id, sizeof(id), NULL), NET_API_OK);
	assert_string_equal(id, "55");
	r = json(200, "garbage");
	assert_int_equal(kiosk_api_parse_feedback(&r, id, sizeof(id), NULL), NET_API_OK);
	assert_string_equal(id, "");
	r = json(0, NULL);
	r.error = NET_ERR_RECV;
	assert_int_equal(kiosk_api_parse_feedback(&r, id, sizeof(id), NULL), NET_API_EUNCONFIRMED);
}

static void test_schedule(void **s)
{
	struct kiosk_api_schedule sc;
	uint64_t t = 1000;

	(void)s;
	kiosk_api_schedule_init(&sc, t, 60000, 30000);
	assert_int_equal(kiosk_api_schedule_due(&sc, t),
	                 KIOSK_API_JOB_HEARTBEAT | KIOSK_API_JOB_NOTICES);
	kiosk_api_schedule_assistance(&sc);
	kiosk_api_schedule_assistance(&sc);
	assert_int_equal(kiosk_api_schedule_start(&sc, KIOSK_API_JOB_HEARTBEAT), 2);
	assert_int_equal(kiosk_api_schedule_start(&sc, KIOSK_API_JOB_NOTICES), 0);
	assert_int_equal(kiosk_api_schedule_due(&sc, t + 999999), 0); /* running: not due again */
	assert_int_equal(kiosk_api_schedule_next_ms(&sc), NET_NO_DEADLINE);
	kiosk_api_schedule_assistance(&sc); /* a call while the heartbeat is on its way */
	kiosk_api_schedule_done(&sc, KIOSK_API_JOB_HEARTBEAT, true, t + 100);
	kiosk_api_schedule_done(&sc, KIOSK_API_JOB_NOTICES, true, t + 100);
	assert_int_equal(kiosk_api_schedule_next_ms(&sc), t + 100 + 30000);
	assert_int_equal(kiosk_api_schedule_due(&sc, t + 100 + 30000), KIOSK_API_JOB_NOTICES);
	t += 100 + 60000;
	assert_int_equal(kiosk_api_schedule_due(&sc, t),
	                 KIOSK_API_JOB_HEARTBEAT | KIOSK_API_JOB_NOTICES);
	/* Only the call not yet reported. */
	assert_int_equal(kiosk_api_schedule_start(&sc, KIOSK_API_JOB_HEARTBEAT), 1);
	/* Failure: the count is kept for the next one, which comes back sooner. */
	kiosk_api_schedule_done(&sc, KIOSK_API_JOB_HEARTBEAT, false, t);
	assert_int_equal(sc.next[0], t + 15000);
	assert_int_equal(kiosk_api_schedule_start(&sc, KIOSK_API_JOB_HEARTBEAT), 1);
	kiosk_api_schedule_done(&sc, KIOSK_API_JOB_HEARTBEAT, false, t);
	assert_int_equal(sc.next[0], t + 30000);
	kiosk_api_schedule_start(&sc, KIOSK_API_JOB_HEARTBEAT);
	kiosk_api_schedule_done(&sc, KIOSK_API_JOB_HEARTBEAT, false, t);
	assert_int_equal(sc.next[0], t + 60000); /* capped at the interval */
	kiosk_api_schedule_start(&sc, KIOSK_API_JOB_HEARTBEAT);
	kiosk_api_schedule_done(&sc, KIOSK_API_JOB_HEARTBEAT, false, t);
	assert_int_equal(sc.next[0], t + 60000);
	assert_int_equal(kiosk_api_schedule_start(&sc, KIOSK_API_JOB_HEARTBEAT), 1);
	kiosk_api_schedule_done(&sc, KIOSK_API_JOB_HEARTBEAT, true, t);
	assert_int_equal(kiosk_api_schedule_start(&sc, KIOSK_API_JOB_HEARTBEAT), 0);

	kiosk_api_schedule_init(&sc, 5, 0, 0);
	assert_int_equal(sc.heartbeat_ms, 60000);
	assert_int_equal(kiosk_api_schedule_next_ms(&sc), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_build_notices),
	    cmocka_unit_test(test_build_heartbeat),
	    cmocka_unit_test(test_build_feedback),
	    cmocka_unit_test(test_parse_notices),
	    cmocka_unit_test(test_parse_heartbeat_feedback),
	    cmocka_unit_test(test_schedule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
