/* The Open311, queue and kiosk clients end to end (builder → net → HTTPS → parser) against the
 * scripted quirk server: each real-world quirk of PROTOCOL.md §1 and what the kiosk makes of
 * it, as the outcome the UI will speak. Manual clock; only libcurl's time-outs are real. */
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
#include "firmware/services/net.h"
#include "firmware/services/open311.h"
#include "firmware/services/queue_api.h"
#include "tests/support/quirk_server.h"

#define PKI    "tests/data/pki/"
#define UUID   "6f1c1c7e-1a43-4a8e-9d71-0b6c0e0d4a11"
#define REQS   "/open311/v2/requests.json"
#define JSONCT "application/json; charset=utf-8"

struct fx {
	struct quirk_server *qs;
	net_t *net;
	struct net_config nc;
	uint64_t now;
	struct open311_config o311;
	struct queue_api_config queue;
	struct kiosk_api_config kiosk;
};

static void make_net(struct fx *fx)
{
	net_free(fx->net);
	fx->net = NULL;
	assert_int_equal(net_new(&fx->nc, &fx->net), 0);
}

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	if (fx == NULL || quirk_server_start(PKI "server.crt", PKI "server.key", &fx->qs) != 0)
		return -1;
	fx->nc.base_url = quirk_server_url(fx->qs);
	fx->nc.ca_file = PKI "ca.crt";
	fx->nc.timeout_ms = 5000;
	fx->nc.max_body = 256 * 1024;
	if (net_new(&fx->nc, &fx->net) != 0)
		return -1;
	fx->now = 77000;
	snprintf(fx->o311.path, sizeof(fx->o311.path), "open311/v2/");
	snprintf(fx->o311.api_key, sizeof(fx->o311.api_key), "k");
	snprintf(fx->o311.device_id, sizeof(fx->o311.device_id), "kiosk-07");
	snprintf(fx->queue.path, sizeof(fx->queue.path), "queue/v1/");
	snprintf(fx->kiosk.path, sizeof(fx->kiosk.path), "kiosk/v1/");
	snprintf(fx->kiosk.kiosk_id, sizeof(fx->kiosk.kiosk_id), "kiosk-07");
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	net_free(fx->net);
	quirk_server_stop(fx->qs);
	free(fx);
	return 0;
}

static void add(struct fx *fx, const char *method, const char *path, struct quirk_reply r)
{
	assert_int_equal(quirk_server_add(fx->qs, method, path, &r), 0);
}

static void call(struct fx *fx, struct net_request *req, struct net_result *res)
{
	int rc, i;

	assert_int_equal(net_submit(fx->net, req, fx->now, &(uint64_t){0}), 0);
	net_request_release(req);
	for (i = 0; i < 50; i++) {
		rc = quirk_drive(fx->net, fx->now, res);
		if (rc == 0)
			return;
		assert_int_equal(rc, -EAGAIN);
		fx->now = net_next_deadline_ms(fx->net, fx->now);
	}
	fail_msg("no result");
}

static int submit(struct fx *fx, struct open311_submit_result *out, struct net_api_status *st)
{
	struct open311_submission sub = {.service_code = "001",
	                                 .description = "Bonjour",
	                                 .lang = LANG_FR,
	                                 .client_request_id = UUID};
	struct net_request req;
	struct net_result res;
	int rc;

	assert_int_equal(open311_build_submit(&fx->o311, &sub, &req), 0);
	call(fx, &req, &res);
	rc = open311_parse_submit(&res, out, st);
	net_result_release(&res);
	return rc;
}

static int status(struct fx *fx, const char *id, struct open311_request *out,
                  struct net_api_status *st)
{
	struct net_request req;
	struct net_result res;
	int rc;

	assert_int_equal(open311_build_status(&fx->o311, id, LANG_EN, &req), 0);
	call(fx, &req, &res);
	rc = open311_parse_status(&res, id, out, st);
	net_result_release(&res);
	return rc;
}

static int services(struct fx *fx, struct net_api_status *st)
{
	struct open311_services *s = NULL;
	struct net_request req;
	struct net_result res;
	int rc;

	assert_int_equal(open311_build_services(&fx->o311, LANG_FR, &req), 0);
	call(fx, &req, &res);
	rc = open311_parse_services(&res, &s, st);
	net_result_release(&res);
	open311_services_free(s);
	return rc;
}

static void test_success_shapes(void **state)
{
	struct fx *fx = *state;
	struct open311_submit_result out;
	struct quirk_request seen;

	/* 201 with a bare object and a numeric id. */
	add(fx, "POST", REQS,
	    (struct quirk_reply){.status = 201,
	                         .content_type = JSONCT,
	                         .body = "{\"service_request_id\":4821935576,\"service_notice\":"
	                                 "\"Merci\"}"});
	/* 200 with the standard array, labelled text/html. */
	add(fx, "POST", REQS,
	    (struct quirk_reply){.status = 200,
	                         .content_type = "text/html",
	                         .body = "[{\"service_request_id\":\"77\"}]"});
	assert_int_equal(submit(fx, &out, NULL), NET_API_OK);
	assert_string_equal(out.service_request_id, "4821935576");
	assert_string_equal(out.service_notice, "Merci");
	assert_int_equal(submit(fx, &out, NULL), NET_API_OK);
	assert_string_equal(out.service_request_id, "77");
	assert_int_equal(quirk_server_last(fx->qs, "POST", REQS, &seen), 0);
	assert_string_equal(seen.idempotency_key, UUID);
	assert_non_null(strstr(seen.body, "attribute%5BCLIENT_REQUEST_ID%5D=" UUID));
	assert_non_null(strstr(seen.body, "attribute%5BLANGUAGE%5D=fr"));
	assert_non_null(strstr(seen.body, "device_id=kiosk-07"));
}

static void test_empty_array_not_found(void **state)
{
	struct fx *fx = *state;
	struct open311_request r;
	struct net_api_status st;

	add(fx, "GET", "/open311/v2/requests/123.json",
	    (struct quirk_reply){.content_type = JSONCT, .body = "[]"});
	assert_int_equal(status(fx, "123", &r, &st), NET_API_ENOTFOUND);
	assert_int_equal(st.http_status, 200);
}

static void test_error_shapes(void **state)
{
	struct fx *fx = *state;
	static const struct {
		unsigned status;
		const char *ctype;
		const char *body;
		int want;
		const char *message;
	} cases[] = {
	    {400, JSONCT, "[{\"code\":400,\"description\":\"api_key invalid\"}]", NET_API_EREJECTED,
	     "api_key invalid"},
	    {403, JSONCT, "{\"code\":403,\"detail\":\"api_key invalid\"}", NET_API_EREJECTED,
	     "api_key invalid"},
	    {400, JSONCT, "{\"type\":\"E\",\"code\":\"unknown_service\",\"message\":\"No such\"}",
	     NET_API_EREJECTED, "No such"},
	    {403, JSONCT, "{\"message\":\"unknown service\"}", NET_API_EREJECTED,
	     "unknown service"},
	    {404, "text/html", "<html><body>Not Found</body></html>", NET_API_ENOTFOUND, ""},
	    {400, "text/html", "<!DOCTYPE html><title>400</title>", NET_API_EREJECTED, ""},
	    {500, "text/html", "<html>Internal Server Error</html>", NET_API_EUNCONFIRMED, ""},
	};
	struct open311_submit_result out;
	struct net_api_status st;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		add(fx, "POST", REQS,
		    (struct quirk_reply){.status = cases[i].status,
		                         .content_type = cases[i].ctype,
		                         .body = cases[i].body});
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(submit(fx, &out, &st), cases[i].want);
		assert_int_equal(st.http_status, cases[i].status);
		assert_string_equal(st.message, cases[i].message);
	}
	/* Refusals are final: nothing was re-sent. */
	assert_int_equal(quirk_server_hits(fx->qs, "POST", REQS), i);
}

static void test_truncated_json(void **state)
{
	struct fx *fx = *state;
	struct open311_submit_result out;
	struct net_api_status st;

	add(fx, "GET", "/open311/v2/services.json",
	    (struct quirk_reply){.content_type = JSONCT,
	                         .body = "[{\"service_code\":\"001\",\"serv"});
	add(fx, "POST", REQS,
	    (struct quirk_reply){
	        .status = 201, .content_type = JSONCT, .body = "[{\"service_request_id\":\"48"});
	assert_int_equal(services(fx, &st), NET_API_EBADREPLY);
	/* Created, but which id? Unconfirmed: looked up, never re-POSTed blindly. */
	assert_int_equal(submit(fx, &out, &st), NET_API_EUNCONFIRMED);
	assert_int_equal(st.http_status, 201);
}

static void test_huge_body(void **state)
{
	struct fx *fx = *state;
	struct net_api_status st;

	add(fx, "GET", "/open311/v2/services.json",
	    (struct quirk_reply){.mode = QUIRK_HUGE,
	                         .huge_len = 50u << 20,
	                         .huge_chunked = true,
	                         .content_type = JSONCT});
	assert_int_equal(services(fx, &st), NET_API_EBADREPLY);
	assert_int_equal(st.net, NET_ERR_TOO_LARGE);
}

static void test_silent_server(void **state)
{
	struct fx *fx = *state;
	struct open311_request r;
	struct open311_submit_result out;
	struct net_api_status st;
	struct net_request req;
	struct net_result res;
	struct quirk_request seen;
	char found[OPEN311_ID_MAX];

	fx->nc.timeout_ms = 1000; /* the look-up must finish well within it */
	fx->nc.max_attempts = 2;
	make_net(fx);
	add(fx, "GET", "/open311/v2/requests/5.json", (struct quirk_reply){.mode = QUIRK_HANG});
	assert_int_equal(status(fx, "5", &r, &st), NET_API_ETIMEOUT);

	/* A server not known to honour Idempotency-Key: one POST, then the truth is looked up. */
	fx->o311.idempotency_honoured = false;
	add(fx, "POST", REQS, (struct quirk_reply){.mode = QUIRK_HANG});
	assert_int_equal(submit(fx, &out, &st), NET_API_EUNCONFIRMED);
	assert_int_equal(quirk_server_hits(fx->qs, "POST", REQS), 1);
	add(fx, "GET", REQS,
	    (struct quirk_reply){.content_type = JSONCT,
	                         .body = "[{\"service_request_id\":\"555\",\"client_request_id\":"
	                                 "\"" UUID "\"}]"});
	assert_int_equal(open311_build_lookup(&fx->o311, "001", 1710252900, UUID, &req), 0);
	call(fx, &req, &res);
	assert_int_equal(open311_parse_lookup(&res, UUID, found, sizeof(found), &st), NET_API_OK);
	net_result_release(&res);
	assert_string_equal(found, "555");
	assert_int_equal(quirk_server_last(fx->qs, "GET", REQS, &seen), 0);
	assert_non_null(strstr(seen.query, "client_request_id=" UUID));
	assert_non_null(strstr(seen.query, "service_code=001"));
	assert_int_equal(quirk_server_hits(fx->qs, "POST", REQS), 1);
}

static void test_silent_server_idempotent(void **state)
{
	struct fx *fx = *state;
	struct open311_submit_result out;
	struct quirk_request seen;

	fx->nc.timeout_ms = 1500; /* the second attempt must finish well within it */
	make_net(fx);
	/* A server known to honour the key: the lost POST is sent again with the same key. */
	fx->o311.idempotency_honoured = true;
	add(fx, "POST", REQS, (struct quirk_reply){.mode = QUIRK_HANG});
	add(fx, "POST", REQS,
	    (struct quirk_reply){.status = 200,
	                         .content_type = JSONCT,
	                         .body = "[{\"service_request_id\":\"556\"}]"});
	assert_int_equal(submit(fx, &out, NULL), NET_API_OK);
	assert_string_equal(out.service_request_id, "556");
	assert_int_equal(quirk_server_hits(fx->qs, "POST", REQS), 2);
	assert_int_equal(quirk_server_last(fx->qs, "POST", REQS, &seen), 0);
	assert_string_equal(seen.idempotency_key, UUID);
}

static void test_optional_endpoints_absent(void **state)
{
	struct fx *fx = *state;
	struct open311_discovery d;
	struct open311_definition *def = NULL;
	struct open311_submit_result out;
	struct net_request req;
	struct net_result res;

	add(fx, "GET", "/open311/v2/discovery.json",
	    (struct quirk_reply){
	        .status = 404, .content_type = "text/html", .body = "<h1>404</h1>"});
	add(fx, "GET", "/open311/v2/services/001.json", (struct quirk_reply){.status = 501});
	add(fx, "GET", "/open311/v2/tokens/t1.json",
	    (struct quirk_reply){.status = 404, .content_type = JSONCT, .body = "[]"});
	assert_int_equal(open311_build_discovery(&fx->o311, &req), 0);
	call(fx, &req, &res);
	assert_int_equal(open311_parse_discovery(&res, &d, NULL), NET_API_EUNSUPPORTED);
	net_result_release(&res);
	assert_int_equal(open311_build_definition(&fx->o311, "001", LANG_FR, &req), 0);
	call(fx, &req, &res);
	assert_int_equal(open311_parse_definition(&res, &def, NULL), NET_API_EUNSUPPORTED);
	net_result_release(&res);
	assert_int_equal(open311_build_token(&fx->o311, "t1", &req), 0);
	call(fx, &req, &res);
	assert_int_equal(open311_parse_token(&res, &out, NULL), NET_API_EUNSUPPORTED);
	net_result_release(&res);
}

static void test_token_polling(void **state)
{
	struct fx *fx = *state;
	struct open311_submit_result out, tok;
	struct net_request req;
	struct net_result res;
	unsigned attempt;

	add(fx, "POST", REQS,
	    (struct quirk_reply){.status = 201, .content_type = JSONCT, .body = "[{\"token\":9}]"});
	add(fx, "GET", "/open311/v2/tokens/9.json",
	    (struct quirk_reply){.content_type = JSONCT, .body = "[{\"token\":\"9\"}]"});
	add(fx, "GET", "/open311/v2/tokens/9.json",
	    (struct quirk_reply){.content_type = JSONCT,
	                         .body = "[{\"token\":\"9\",\"service_request_id\":\"321\"}]"});
	assert_int_equal(submit(fx, &out, NULL), NET_API_OK);
	assert_string_equal(out.service_request_id, "");
	assert_string_equal(out.token, "9");
	/* Poll with backoff (the delay goes in not_before_ms) until the id comes. */
	for (attempt = 0; attempt < 5; attempt++) {
		assert_int_equal(open311_build_token(&fx->o311, out.token, &req), 0);
		req.not_before_ms = fx->now + net_backoff_ms(fx->net, attempt);
		call(fx, &req, &res);
		assert_int_equal(open311_parse_token(&res, &tok, NULL), NET_API_OK);
		net_result_release(&res);
		if (tok.service_request_id[0] != '\0')
			break;
	}
	assert_int_equal(attempt, 1);
	assert_string_equal(tok.service_request_id, "321");
}

static void test_busy_then_ok(void **state)
{
	struct fx *fx = *state;
	struct net_api_status st;

	add(fx, "GET", "/open311/v2/services.json",
	    (struct quirk_reply){.status = 503,
	                         .headers = {"Retry-After: 2"},
	                         .content_type = "text/html",
	                         .body = "<html>busy</html>"});
	add(fx, "GET", "/open311/v2/services.json",
	    (struct quirk_reply){.content_type = JSONCT, .body = "[{\"service_code\":\"001\"}]"});
	assert_int_equal(services(fx, &st), NET_API_OK);
	assert_int_equal(quirk_server_hits(fx->qs, "GET", "/open311/v2/services.json"), 2);
	/* Always busy: the server's status, after the configured attempts. */
	add(fx, "GET", "/open311/v2/discovery.json", (struct quirk_reply){.status = 503});
	{
		struct open311_discovery d;
		struct net_request req;
		struct net_result res;
		assert_int_equal(open311_build_discovery(&fx->o311, &req), 0);
		call(fx, &req, &res);
		assert_int_equal(res.attempts, 3);
		assert_int_equal(open311_parse_discovery(&res, &d, &st), NET_API_ESERVER);
		net_result_release(&res);
	}
}

static void test_untrusted_server(void **state)
{
	struct fx *fx = *state;
	struct quirk_server *other = NULL;
	struct net_api_status st;

	/* The same protocol from a server with another CA's certificate: nothing is trusted. */
	assert_int_equal(quirk_server_start(PKI "server-other.crt", PKI "server-other.key", &other),
	                 0);
	fx->nc.base_url = quirk_server_url(other);
	make_net(fx);
	assert_int_equal(services(fx, &st), NET_API_ESECURITY);
	assert_int_equal(st.net, NET_ERR_CERT_UNTRUSTED);
	net_free(fx->net);
	fx->net = NULL;
	quirk_server_stop(other);
	other = NULL;
	assert_int_equal(
	    quirk_server_start(PKI "server-expired.crt", PKI "server-expired.key", &other), 0);
	fx->nc.base_url = quirk_server_url(other);
	make_net(fx);
	assert_int_equal(services(fx, &st), NET_API_ESECURITY);
	assert_int_equal(st.net, NET_ERR_CERT_TIME);
	net_free(fx->net);
	fx->net = NULL;
	quirk_server_stop(other);
}

static void test_queue_and_kiosk_quirks(void **state)
{
	struct fx *fx = *state;
	struct queue_api_ticket t;
	struct net_api_time next;
	struct net_api_status st;
	struct kiosk_api_notices n;
	struct queue_api_services sv;
	struct net_request req;
	struct net_result res;

	add(fx, "POST", "/queue/v1/tickets",
	    (struct quirk_reply){.status = 409,
	                         .content_type = JSONCT,
	                         .body =
	                             "[{\"code\":409,\"description\":\"Fermé\",\"next_opening\":"
	                             "\"2024-03-18T08:30:00.000-04:00\"}]"});
	assert_int_equal(queue_api_build_take_ticket(&fx->queue, "A", false, LANG_FR, UUID, &req),
	                 0);
	call(fx, &req, &res);
	assert_int_equal(queue_api_parse_ticket(&res, &t, &next, &st), NET_API_ECLOSED);
	net_result_release(&res);
	assert_true(next.valid);
	assert_int_equal(next.utc, 1710765000);
	assert_string_equal(st.message, "Fermé");

	add(fx, "GET", "/queue/v1/services",
	    (struct quirk_reply){.content_type = "text/plain",
	                         .body = "{\"id\":\"A\",\"name\":\"Info\",\"state\":\"open\","
	                                 "\"waiting\":\"4\"}"});
	assert_int_equal(queue_api_build_services(&fx->queue, LANG_EN, &req), 0);
	call(fx, &req, &res);
	assert_int_equal(queue_api_parse_services(&res, &sv, NULL), NET_API_OK);
	net_result_release(&res);
	assert_int_equal(sv.count, 1);
	assert_int_equal(sv.items[0].waiting, 4);

	add(fx, "GET", "/kiosk/v1/notices", (struct quirk_reply){.status = 501});
	assert_int_equal(kiosk_api_build_notices(&fx->kiosk, &req), 0);
	call(fx, &req, &res);
	assert_int_equal(kiosk_api_parse_notices(&res, &n, NULL), NET_API_EUNSUPPORTED);
	net_result_release(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_success_shapes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_empty_array_not_found, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_error_shapes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_truncated_json, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_huge_body, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_silent_server, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_silent_server_idempotent, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_optional_endpoints_absent, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_token_polling, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_busy_then_ok, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_untrusted_server, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_queue_and_kiosk_quirks, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
