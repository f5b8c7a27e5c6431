/* Queue API builders and tolerant parsers (PROTOCOL.md §3). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "firmware/services/queue_api.h"

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

static const struct queue_api_config cfg = {.path = "queue/v1/", .idempotency_honoured = true};

static void test_build(void **s)
{
	struct net_request req;

	(void)s;
	assert_int_equal(queue_api_build_services(&cfg, LANG_FR, &req), 0);
	assert_string_equal(req.path, "queue/v1/services");
	assert_string_equal(req.query, "lang=fr");
	net_request_release(&req);

	assert_int_equal(queue_api_build_take_ticket(&cfg, "A", true, LANG_EN,
	                                             "6f1c1c7e-1a43-4a8e-9d71-0b6c0e0d4a11", &req),
	                 0);
	assert_int_equal(req.method, NET_POST);
	assert_string_equal(req.path, "queue/v1/tickets");
	assert_string_equal(req.body, "{\"service\":\"A\",\"priority\":true,\"lang\":\"en\"}");
	assert_string_equal(req.content_type, "application/json; charset=utf-8");
	assert_string_equal(req.headers[0],
	                    "Idempotency-Key: 6f1c1c7e-1a43-4a8e-9d71-0b6c0e0d4a11");
	assert_true(req.retry_safe);
	net_request_release(&req);
	assert_int_equal(queue_api_build_take_ticket(&cfg, "", false, LANG_EN, "k", &req), -EINVAL);
	assert_int_equal(queue_api_build_take_ticket(&cfg, "A", false, LANG_EN, NULL, &req),
	                 -EINVAL);

	assert_int_equal(queue_api_build_ticket_status(&cfg, "A042", &req), 0);
	assert_string_equal(req.path, "queue/v1/tickets/A042");
	net_request_release(&req);
	{
		char t[400];
		memset(t, '/', sizeof(t) - 1);
		t[sizeof(t) - 1] = '\0';
		memset(&req, 0xa5, sizeof(req));
		assert_int_equal(queue_api_build_ticket_status(&cfg, t, &req), -ENAMETOOLONG);
		assert_null(req.body);
	}
	assert_int_equal(queue_api_build_ticket_status(&cfg, "A/../x", &req), 0);
	assert_string_equal(req.path, "queue/v1/tickets/A%2F..%2Fx");
	net_request_release(&req);
}

static void test_services(void **s)
{
	struct net_result r = json(
	    200, "[{\"id\":\"A\",\"name\":{\"fr\":\"Permis\",\"en\":\"Licences\"},\"state\":"
	         "\"open\",\"waiting\":7,\"wait_min_s\":600,\"wait_max_s\":1200,"
	         "\"counters_open\":2,\"opens_at\":\"2024-03-12T08:30:00-04:00\",\"closes_at\":"
	         "\"2024-03-12T17:00:00-04:00\",\"best_hours\":[\"10:00-11:00\",\"14:00-15:00\"]},"
	         "{\"id\":\"B\",\"name\":\"Info\",\"state\":\"CLOSING\",\"waiting\":\"3\","
	         "\"wait_min_s\":null,\"wait_max_s\":\"900\",\"best_hours\":[{\"from\":\"9:00\","
	         "\"to\":\"10:00\"}]},"
	         "{\"id\":3,\"state\":\"weird\",\"waiting\":-4,\"wait_min_s\":900,\"wait_max_s\":"
	         "300,\"best_hours\":\"nope\"},"
	         "{\"name\":{\"fr\":\"sans id\"}}]");
	struct queue_api_services out;
	struct net_api_status st;

	(void)s;
	assert_int_equal(queue_api_parse_services(&r, &out, &st), NET_API_OK);
	assert_int_equal(out.count, 3);
	assert_string_equal(out.items[0].id, "A");
	assert_string_equal(out.items[0].name_fr, "Permis");
	assert_string_equal(out.items[0].name_en, "Licences");
	assert_int_equal(out.items[0].state, QUEUE_API_OPEN);
	assert_int_equal(out.items[0].waiting, 7);
	assert_int_equal(out.items[0].wait_min_s, 600);
	assert_int_equal(out.items[0].wait_max_s, 1200);
	assert_int_equal(out.items[0].counters_open, 2);
	assert_true(out.items[0].opens_at.valid);
	assert_int_equal(out.items[0].closes_at.utc - out.items[0].opens_at.utc, 8 * 3600 + 1800);
	assert_int_equal(out.items[0].n_best, 2);
	assert_string_equal(out.items[0].best_hours[1], "14:00-15:00");
	assert_string_equal(out.items[1].name_fr, "Info");
	assert_string_equal(out.items[1].name_en, "Info");
	assert_int_equal(out.items[1].state, QUEUE_API_CLOSING);
	assert_int_equal(out.items[1].waiting, 3);
	assert_int_equal(out.items[1].wait_min_s, 900); /* one bound: a point, not nonsense */
	assert_int_equal(out.items[1].wait_max_s, 900);
	assert_int_equal(out.items[1].counters_open, QUEUE_API_UNKNOWN);
	assert_false(out.items[1].opens_at.valid);
	assert_string_equal(out.items[1].best_hours[0], "9:00-10:00");
	assert_string_equal(out.items[2].id, "3");
	assert_string_equal(out.items[2].name_fr, "3");
	assert_int_equal(out.items[2].state, QUEUE_API_STATE_UNKNOWN);
	assert_int_equal(out.items[2].waiting, QUEUE_API_UNKNOWN);
	assert_int_equal(out.items[2].wait_min_s, 300);
	assert_int_equal(out.items[2].wait_max_s, 900);
	assert_int_equal(out.items[2].n_best, 0);

	r = json(200, "{\"id\":\"A\",\"state\":\"closed\"}");
	assert_int_equal(queue_api_parse_services(&r, &out, NULL), NET_API_OK);
	assert_int_equal(out.count, 1);
	assert_int_equal(out.items[0].state, QUEUE_API_CLOSED);
	r = json(200, "[]");
	assert_int_equal(queue_api_parse_services(&r, &out, NULL), NET_API_OK);
	assert_int_equal(out.count, 0);
	r = json(200, "[{\"id\":");
	assert_int_equal(queue_api_parse_services(&r, &out, NULL), NET_API_EBADREPLY);
	r = json(503, "<html></html>");
	assert_int_equal(queue_api_parse_services(&r, &out, &st), NET_API_ESERVER);
}

static void test_ticket(void **s)
{
	struct net_result r =
	    json(201, "{\"ticket\":\"A042\",\"service\":\"A\",\"ahead\":6,\"wait_min_s\":540,"
	              "\"wait_max_s\":900,\"issued_at\":\"2024-03-12T10:02:33.5-04:00\",\"where\":"
	              "{\"fr\":\"Salle 2\",\"en\":\"Room 2\"}}");
	struct queue_api_ticket t;
	struct net_api_time next;
	struct net_api_status st;

	(void)s;
	assert_int_equal(queue_api_parse_ticket(&r, &t, &next, &st), NET_API_OK);
	assert_string_equal(t.ticket, "A042");
	assert_int_equal(t.ahead, 6);
	assert_int_equal(t.wait_min_s, 540);
	assert_true(t.issued_at.valid);
	assert_string_equal(t.where_fr, "Salle 2");
	assert_string_equal(t.where_en, "Room 2");
	r = json(200, "[{\"ticket\":\"A042\"}]"); /* a replay, in an array */
	assert_int_equal(queue_api_parse_ticket(&r, &t, NULL, NULL), NET_API_OK);
	assert_int_equal(t.ahead, QUEUE_API_UNKNOWN);
	assert_string_equal(t.where_en, "");
}

static void test_ticket_closed(void **s)
{
	struct net_result r = json(409, "[{\"code\":409,\"description\":\"Fermé\",\"next_opening\":"
	                                "\"2024-03-13T08:30:00-04:00\"}]");
	struct queue_api_ticket t;
	struct net_api_time next;
	struct net_api_status st;

	(void)s;
	assert_int_equal(queue_api_parse_ticket(&r, &t, &next, &st), NET_API_ECLOSED);
	assert_true(next.valid);
	assert_int_equal(next.utc, 1710333000);
	assert_string_equal(st.message, "Fermé");
	r = json(409, "{\"message\":\"closed\",\"opens_at\":\"2024-03-13T12:30:00Z\"}");
	assert_int_equal(queue_api_parse_ticket(&r, &t, &next, &st), NET_API_ECLOSED);
	assert_int_equal(next.utc, 1710333000);
	r = json(409,
	         "{\"error\":{\"message\":\"closed\",\"next_opening\":\"2024-03-13T12:30:00Z\"}}");
	assert_int_equal(queue_api_parse_ticket(&r, &t, &next, &st), NET_API_ECLOSED);
	assert_true(next.valid);
	r = json(409, "<html>closed</html>");
	assert_int_equal(queue_api_parse_ticket(&r, &t, &next, &st), NET_API_ECLOSED);
	assert_false(next.valid);
	assert_int_equal(queue_api_parse_ticket(&r, &t, NULL, &st), NET_API_ECLOSED);
}

static void test_ticket_errors(void **s)
{
	struct queue_api_ticket t;
	struct net_result r = json(404, "[{\"code\":404,\"description\":\"unknown service\"}]");

	(void)s;
	assert_int_equal(queue_api_parse_ticket(&r, &t, NULL, NULL), NET_API_ENOTFOUND);
	r = json(201, "{\"ticket\":");
	assert_int_equal(queue_api_parse_ticket(&r, &t, NULL, NULL), NET_API_EUNCONFIRMED);
	r = json(201, "{}");
	assert_int_equal(queue_api_parse_ticket(&r, &t, NULL, NULL), NET_API_EUNCONFIRMED);
	r = json(0, NULL);
	r.error = NET_ERR_TIMEOUT;
	assert_int_equal(queue_api_parse_ticket(&r, &t, NULL, NULL), NET_API_EUNCONFIRMED);
	r.maybe_sent = false;
	assert_int_equal(queue_api_parse_ticket(&r, &t, NULL, NULL), NET_API_ETIMEOUT);
	r = json(503, "");
	assert_int_equal(queue_api_parse_ticket(&r, &t, NULL, NULL), NET_API_ESERVER);
}

static void test_ticket_status(void **s)
{
	struct net_result r =
	    json(200, "{\"ticket\":\"A042\",\"service\":\"A\",\"state\":\"called\","
	              "\"counter\":3,\"ahead\":0}");
	struct queue_api_ticket_status t;

	(void)s;
	assert_int_equal(queue_api_parse_ticket_status(&r, &t, NULL), NET_API_OK);
	assert_int_equal(t.state, QUEUE_API_CALLED);
	assert_string_equal(t.counter, "3");
	assert_int_equal(t.ahead, 0);
	r = json(200,
	         "{\"ticket\":\"A042\",\"state\":\"Waiting\",\"counter\":null,\"ahead\":\"2\"}");
	assert_int_equal(queue_api_parse_ticket_status(&r, &t, NULL), NET_API_OK);
	assert_int_equal(t.state, QUEUE_API_WAITING);
	assert_string_equal(t.counter, "");
	assert_int_equal(t.ahead, 2);
	r = json(200, "{\"state\":\"gone\"}");
	assert_int_equal(queue_api_parse_ticket_status(&r, &t, NULL), NET_API_OK);
	assert_int_equal(t.state, QUEUE_API_TICKET_UNKNOWN);
	r = json(200, "[]");
	assert_int_equal(queue_api_parse_ticket_status(&r, &t, NULL), NET_API_ENOTFOUND);
	r = json(404, "");
	assert_int_equal(queue_api_parse_ticket_status(&r, &t, NULL), NET_API_ENOTFOUND);
	r = json(200, "nope");
	assert_int_equal(queue_api_parse_ticket_status(&r, &t, NULL), NET_API_EBADREPLY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_build),         cmocka_unit_test(test_services),
	    cmocka_unit_test(test_ticket),        cmocka_unit_test(test_ticket_closed),
	    cmocka_unit_test(test_ticket_errors), cmocka_unit_test(test_ticket_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
