/* net against the scripted quirk server over real HTTPS on loopback: what the kiosk does with
 * each real-world failure of PROTOCOL.md §1 and with bad certificates. Time on a manual clock;
 * only libcurl's own time-outs (a few hundred ms) run on the real one, and nothing asserts on
 * how long anything took. Run from the repository root (test PKI in tests/data/pki). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "firmware/services/net.h"
#include "tests/support/quirk_server.h"

#define PKI "tests/data/pki/"

struct fx {
	struct quirk_server *qs;
	net_t *net;
	struct net_config cfg;
	uint64_t now;
	char pin[128];
};

static void read_line(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	assert_non_null(fgets(buf, (int)cap, f));
	buf[strcspn(buf, "\r\n")] = '\0';
	fclose(f);
}

static int start(struct fx *fx, const char *cert)
{
	char crt[128], key[128];

	snprintf(crt, sizeof(crt), PKI "%s.crt", cert);
	snprintf(key, sizeof(key), PKI "%s.key", cert);
	if (quirk_server_start(crt, key, &fx->qs) != 0)
		return -1;
	memset(&fx->cfg, 0, sizeof(fx->cfg));
	fx->cfg.base_url = quirk_server_url(fx->qs);
	fx->cfg.ca_file = PKI "ca.crt";
	fx->cfg.connect_timeout_ms = 2000;
	fx->cfg.timeout_ms = 5000;
	fx->cfg.max_body = 64 * 1024;
	fx->cfg.user_agent = "accueil-test/1";
	fx->now = 1000000;
	return 0;
}

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	if (fx == NULL || start(fx, "server") != 0)
		return -1;
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

static void make_net(struct fx *fx)
{
	net_free(fx->net);
	fx->net = NULL;
	assert_int_equal(net_new(&fx->cfg, &fx->net), 0);
}

static void add(struct fx *fx, const char *method, const char *path, struct quirk_reply r)
{
	assert_int_equal(quirk_server_add(fx->qs, method, path, &r), 0);
}

static uint64_t submit_get(struct fx *fx, const char *path)
{
	struct net_request req;
	uint64_t id = 0;

	assert_int_equal(net_request_init(&req, NET_GET, path), 0);
	assert_int_equal(net_submit(fx->net, &req, fx->now, &id), 0);
	net_request_release(&req);
	return id;
}

static uint64_t submit_post(struct fx *fx, const char *path, bool retry_safe, const char *key)
{
	struct net_request req;
	uint64_t id = 0;
	char *body = strdup("service_code=001&description=caf%C3%A9");

	assert_int_equal(net_request_init(&req, NET_POST, path), 0);
	req.retry_safe = retry_safe;
	if (key != NULL)
		assert_int_equal(net_request_add_header(&req, "Idempotency-Key", key), 0);
	assert_int_equal(net_request_take_body(&req,
	                                       "application/x-www-form-urlencoded; charset=utf-8",
	                                       body, strlen(body)),
	                 0);
	assert_int_equal(net_submit(fx->net, &req, fx->now, &id), 0);
	net_request_release(&req);
	return id;
}

/* Drives until a result, advancing the manual clock to each deadline when only the clock can
 * move things on (retries). */
static void finish(struct fx *fx, struct net_result *res)
{
	int rc, i;

	for (i = 0; i < 20; i++) {
		rc = quirk_drive(fx->net, fx->now, res);
		if (rc == 0)
			return;
		assert_int_equal(rc, -EAGAIN);
		fx->now = net_next_deadline_ms(fx->net, fx->now);
	}
	fail_msg("no result");
}

static void test_get_ok(void **state)
{
	struct fx *fx = *state;
	struct net_result res;
	struct quirk_request seen;
	uint64_t id;

	add(fx, "GET", "/open311/v2/services.json",
	    (struct quirk_reply){.content_type = "application/json; charset=utf-8",
	                         .body = "[{\"service_code\":\"001\"}]"});
	make_net(fx);
	{
		struct net_request req;
		assert_int_equal(net_request_init(&req, NET_GET, "open311/v2/services.json"), 0);
		assert_int_equal(net_request_add_query(&req, "locale", "fr"), 0);
		assert_int_equal(net_request_add_query(&req, "q", "é &="), 0);
		assert_int_equal(net_request_add_header(&req, "Accept-Language", "fr"), 0);
		assert_int_equal(net_submit(fx->net, &req, fx->now, &id), 0);
	}
	assert_int_equal(net_busy_ms(fx->net, fx->now + 300), 300);
	finish(fx, &res);
	assert_int_equal(res.id, id);
	assert_int_equal(res.error, NET_OK);
	assert_int_equal(res.status, 200);
	assert_string_equal(res.body, "[{\"service_code\":\"001\"}]");
	assert_int_equal(res.body_len, strlen(res.body));
	assert_string_equal(res.content_type, "application/json; charset=utf-8");
	assert_int_equal(res.attempts, 1);
	assert_int_equal(quirk_server_last(fx->qs, "GET", "/open311/v2/services.json", &seen), 0);
	assert_string_equal(seen.query, "locale=fr&q=é &=");
	assert_string_equal(seen.accept_language, "fr");
	assert_string_equal(seen.user_agent, "accueil-test/1");
	net_result_release(&res);
	assert_int_equal(net_busy_ms(fx->net, fx->now + 300), 0);
	assert_int_equal(net_next_deadline_ms(fx->net, fx->now), NET_NO_DEADLINE);
}

static void test_post_201_with_key(void **state)
{
	struct fx *fx = *state;
	struct net_result res;
	struct quirk_request seen;

	add(fx, "POST", "/open311/v2/requests.json",
	    (struct quirk_reply){.status = 201,
	                         .content_type = "application/json",
	                         .body = "[{\"service_request_id\":4821935576}]"});
	make_net(fx);
	submit_post(fx, "open311/v2/requests.json", false, "6f1c1c7e-1a43-4a8e-9d71-0b6c0e0d4a11");
	finish(fx, &res);
	assert_int_equal(res.error, NET_OK);
	assert_int_equal(res.status, 201);
	assert_int_equal(quirk_server_last(fx->qs, "POST", "/open311/v2/requests.json", &seen), 0);
	assert_string_equal(seen.body, "service_code=001&description=caf%C3%A9");
	assert_string_equal(seen.content_type, "application/x-www-form-urlencoded; charset=utf-8");
	assert_string_equal(seen.idempotency_key, "6f1c1c7e-1a43-4a8e-9d71-0b6c0e0d4a11");
	net_result_release(&res);
}

static void expect_cert_error(const char *cert, enum net_error want)
{
	struct fx fx;
	struct net_result res;

	memset(&fx, 0, sizeof(fx));
	assert_int_equal(start(&fx, cert), 0);
	add(&fx, "GET", "/x", (struct quirk_reply){.body = "{}"});
	make_net(&fx);
	submit_get(&fx, "x");
	finish(&fx, &res);
	assert_int_equal(res.error, want);
	assert_int_equal(res.status, 0);
	assert_null(res.body);
	/* A certificate problem is not transient: no retry, and the server never saw a request. */
	assert_int_equal(res.attempts, 1);
	assert_false(res.maybe_sent);
	assert_int_equal(quirk_server_hits(fx.qs, "GET", "/x"), 0);
	net_result_release(&res);
	net_free(fx.net);
	quirk_server_stop(fx.qs);
}

static void test_cert_other_ca(void **state)
{
	(void)state;
	expect_cert_error("server-other", NET_ERR_CERT_UNTRUSTED);
}

static void test_cert_expired(void **state)
{
	(void)state;
	expect_cert_error("server-expired", NET_ERR_CERT_TIME);
}

static void test_cert_not_yet_valid(void **state)
{
	(void)state;
	expect_cert_error("server-future", NET_ERR_CERT_TIME);
}

static void test_cert_wrong_name(void **state)
{
	(void)state;
	expect_cert_error("server-wrongname", NET_ERR_CERT_NAME);
}

static void test_pin(void **state)
{
	struct fx *fx = *state;
	struct net_result res;

	add(fx, "GET", "/x", (struct quirk_reply){.body = "{}"});
	read_line(PKI "other.pin", fx->pin, sizeof(fx->pin));
	fx->cfg.pinned_pubkey = fx->pin;
	make_net(fx);
	submit_get(fx, "x");
	finish(fx, &res);
	assert_int_equal(res.error, NET_ERR_PIN);
	assert_int_equal(res.attempts, 1);
	assert_int_equal(quirk_server_hits(fx->qs, "GET", "/x"), 0);
	net_result_release(&res);

	/* The right pin (alone, or among others for a key rollover) passes. */
	read_line(PKI "server.pin", fx->pin, sizeof(fx->pin));
	make_net(fx);
	submit_get(fx, "x");
	finish(fx, &res);
	assert_int_equal(res.error, NET_OK);
	assert_int_equal(res.status, 200);
	net_result_release(&res);
}

static void test_huge_body_refused(void **state)
{
	struct fx *fx = *state;
	struct net_result res;

	add(fx, "GET", "/huge",
	    (struct quirk_reply){
	        .mode = QUIRK_HUGE, .huge_len = 50u << 20, .content_type = "application/json"});
	add(fx, "GET", "/chunked",
	    (struct quirk_reply){.mode = QUIRK_HUGE,
	                         .huge_len = 50u << 20,
	                         .huge_chunked = true,
	                         .content_type = "application/json"});
	add(fx, "GET", "/at-cap", (struct quirk_reply){.mode = QUIRK_HUGE, .huge_len = 64 * 1024});
	make_net(fx);

	/* Announced by Content-Length: refused before a byte of it is read. */
	submit_get(fx, "huge");
	finish(fx, &res);
	assert_int_equal(res.error, NET_ERR_TOO_LARGE);
	assert_null(res.body);
	assert_int_equal(res.body_len, 0);
	assert_int_equal(res.attempts, 1); /* not transient: never fetched twice */
	net_result_release(&res);

	/* Chunked, no length: cut at the cap while streaming. */
	submit_get(fx, "chunked");
	finish(fx, &res);
	assert_int_equal(res.error, NET_ERR_TOO_LARGE);
	assert_null(res.body);
	assert_int_equal(res.attempts, 1);
	net_result_release(&res);

	/* Exactly the cap is fine. */
	submit_get(fx, "at-cap");
	finish(fx, &res);
	assert_int_equal(res.error, NET_OK);
	assert_int_equal(res.body_len, 64 * 1024);
	net_result_release(&res);
}

static void test_truncated_reply(void **state)
{
	struct fx *fx = *state;
	struct net_result res;
	const char *body = "[{\"service_request_id\":\"1234\",\"service_notice\":\"merci\"}]";

	add(fx, "POST", "/cut",
	    (struct quirk_reply){.mode = QUIRK_CUT, .body = body, .cut_after = 10});
	add(fx, "GET", "/cut",
	    (struct quirk_reply){.mode = QUIRK_CUT, .body = body, .cut_after = 10});
	add(fx, "GET", "/cut", (struct quirk_reply){.body = body});
	make_net(fx);

	/* A POST whose reply broke off may have been created: reported, never re-sent. */
	submit_post(fx, "cut", false, NULL);
	finish(fx, &res);
	assert_int_equal(res.error, NET_ERR_RECV);
	assert_true(res.maybe_sent);
	assert_null(res.body);
	assert_int_equal(res.attempts, 1);
	assert_int_equal(quirk_server_hits(fx->qs, "POST", "/cut"), 1);
	net_result_release(&res);

	/* A GET is simply fetched again. */
	submit_get(fx, "cut");
	finish(fx, &res);
	assert_int_equal(res.error, NET_OK);
	assert_string_equal(res.body, body);
	assert_int_equal(res.attempts, 2);
	net_result_release(&res);
}

static void test_never_answers_get(void **state)
{
	struct fx *fx = *state;
	struct net_result res;

	add(fx, "GET", "/hang", (struct quirk_reply){.mode = QUIRK_HANG});
	fx->cfg.timeout_ms = 300;
	fx->cfg.max_attempts = 2;
	make_net(fx);
	submit_get(fx, "hang");
	finish(fx, &res);
	/* The kiosk's own time-out decides, for every attempt. */
	assert_int_equal(res.error, NET_ERR_TIMEOUT);
	assert_true(res.maybe_sent);
	assert_int_equal(res.attempts, 2);
	assert_int_equal(quirk_server_hits(fx->qs, "GET", "/hang"), 2);
	net_result_release(&res);
}

static void test_post_timeout_not_resent(void **state)
{
	struct fx *fx = *state;
	struct net_result res;

	add(fx, "POST", "/open311/v2/requests.json", (struct quirk_reply){.mode = QUIRK_HANG});
	fx->cfg.timeout_ms = 300;
	fx->cfg.max_attempts = 3;
	make_net(fx);
	submit_post(fx, "open311/v2/requests.json", false, "11111111-2222-4333-8444-555555555555");
	finish(fx, &res);
	assert_int_equal(res.error, NET_ERR_TIMEOUT);
	assert_true(res.maybe_sent); /* the caller must look it up before any new POST */
	assert_int_equal(res.attempts, 1);
	assert_int_equal(quirk_server_hits(fx->qs, "POST", "/open311/v2/requests.json"), 1);
	net_result_release(&res);
}

static void test_post_timeout_resent_with_same_key(void **state)
{
	struct fx *fx = *state;
	struct net_result res;
	struct quirk_request seen;

	add(fx, "POST", "/r", (struct quirk_reply){.mode = QUIRK_HANG});
	add(fx, "POST", "/r",
	    (struct quirk_reply){.status = 200, .body = "[{\"service_request_id\":\"42\"}]"});
	fx->cfg.timeout_ms = 1500; /* the second attempt must finish well within it */
	make_net(fx);
	/* The deployment says the server honours Idempotency-Key: the retry is safe. */
	submit_post(fx, "r", true, "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
	finish(fx, &res);
	assert_int_equal(res.error, NET_OK);
	assert_int_equal(res.status, 200);
	assert_int_equal(res.attempts, 2);
	assert_int_equal(quirk_server_hits(fx->qs, "POST", "/r"), 2);
	assert_int_equal(quirk_server_last(fx->qs, "POST", "/r", &seen), 0);
	assert_string_equal(seen.idempotency_key, "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
	net_result_release(&res);
}

static void test_blackhole_nothing_sent(void **state)
{
	struct fx *fx = *state;
	struct net_result res;
	char url[64];
	unsigned port = 0;
	int fd = quirk_blackhole_open(&port);

	assert_true(fd >= 0);
	snprintf(url, sizeof(url), "https://127.0.0.1:%u/", port);
	fx->cfg.base_url = url;
	fx->cfg.connect_timeout_ms = 200;
	fx->cfg.timeout_ms = 300;
	fx->cfg.max_attempts = 2;
	make_net(fx);
	/* TLS never completes, so not a byte of the request left: even a POST may be tried again.
	 */
	submit_post(fx, "open311/v2/requests.json", false, NULL);
	finish(fx, &res);
	assert_int_equal(res.error, NET_ERR_TIMEOUT);
	assert_false(res.maybe_sent);
	assert_int_equal(res.attempts, 2);
	net_result_release(&res);
	close(fd);
}

static void test_connection_refused(void **state)
{
	struct fx *fx = *state;
	struct net_result res;
	char url[64];
	unsigned port = 0;
	int fd = quirk_blackhole_open(&port);

	/* A port that was free a moment ago and is closed now refuses connections. */
	assert_true(fd >= 0);
	close(fd);
	snprintf(url, sizeof(url), "https://127.0.0.1:%u/", port);
	fx->cfg.base_url = url;
	fx->cfg.max_attempts = 3;
	make_net(fx);
	submit_post(fx, "x", false, NULL);
	finish(fx, &res);
	assert_int_equal(res.error, NET_ERR_CONNECT);
	assert_false(res.maybe_sent);
	assert_int_equal(res.attempts, 3);
	net_result_release(&res);
}

static void test_retry_after_seconds(void **state)
{
	struct fx *fx = *state;
	struct net_result res;
	uint64_t t0, due;

	add(fx, "GET", "/q",
	    (struct quirk_reply){.status = 503,
	                         .headers = {"Retry-After: 120"},
	                         .content_type = "text/html",
	                         .body = "<html>busy</html>"});
	add(fx, "GET", "/q",
	    (struct quirk_reply){.body = "[]", .content_type = "application/json"});
	fx->cfg.retry_after_max_ms = 300000;
	make_net(fx);
	submit_get(fx, "q");
	t0 = fx->now;
	assert_int_equal(quirk_drive(fx->net, fx->now, &res), -EAGAIN);
	assert_int_equal(quirk_server_hits(fx->qs, "GET", "/q"), 1);
	due = net_next_deadline_ms(fx->net, fx->now);
	/* Not before the server asked: the busy mark may come first, the retry not. */
	while (due < t0 + 120000) {
		fx->now = due;
		assert_int_equal(quirk_drive(fx->net, fx->now, &res), -EAGAIN);
		assert_int_equal(quirk_server_hits(fx->qs, "GET", "/q"), 1);
		due = net_next_deadline_ms(fx->net, fx->now);
	}
	/* Retry-After is larger than any first backoff, so it is the delay. */
	assert_int_equal(due, t0 + 120000);
	fx->now = t0 + 119999;
	net_perform(fx->net, fx->now);
	assert_int_equal(net_running(fx->net), 0);
	assert_int_equal(quirk_server_hits(fx->qs, "GET", "/q"), 1);
	fx->now = due;
	finish(fx, &res);
	assert_int_equal(res.error, NET_OK);
	assert_int_equal(res.status, 200);
	assert_int_equal(res.attempts, 2);
	assert_int_equal(quirk_server_hits(fx->qs, "GET", "/q"), 2);
	net_result_release(&res);
}

static void test_retry_after_http_date(void **state)
{
	struct fx *fx = *state;
	struct net_result res;
	uint64_t t0, due;

	/* An HTTP-date is read against the server's own Date: 30 s later. */
	add(fx, "GET", "/d",
	    (struct quirk_reply){.status = 429,
	                         .headers = {"Date: Tue, 12 Mar 2024 14:00:00 GMT",
	                                     "Retry-After: Tue, 12 Mar 2024 14:00:30 GMT"}});
	add(fx, "GET", "/d", (struct quirk_reply){.body = "{}"});
	make_net(fx);
	submit_get(fx, "d");
	t0 = fx->now;
	assert_int_equal(quirk_drive(fx->net, fx->now, &res), -EAGAIN);
	due = net_next_deadline_ms(fx->net, fx->now);
	while (due < t0 + 30000) {
		fx->now = due;
		assert_int_equal(quirk_drive(fx->net, fx->now, &res), -EAGAIN);
		due = net_next_deadline_ms(fx->net, fx->now);
	}
	assert_int_equal(due, t0 + 30000);
	assert_int_equal(quirk_server_hits(fx->qs, "GET", "/d"), 1);
	fx->now = due;
	finish(fx, &res);
	assert_int_equal(res.status, 200);
	net_result_release(&res);
}

static void test_retry_after_too_long(void **state)
{
	struct fx *fx = *state;
	struct net_result res;

	add(fx, "GET", "/l", (struct quirk_reply){.status = 429, .headers = {"Retry-After: 3600"}});
	make_net(fx);
	submit_get(fx, "l");
	finish(fx, &res);
	/* Longer than a visitor waits: handed back at once, with the server's wish. */
	assert_int_equal(res.error, NET_OK);
	assert_int_equal(res.status, 429);
	assert_int_equal(res.retry_after_ms, 3600000);
	assert_int_equal(res.attempts, 1);
	net_result_release(&res);
}

static void test_503_then_ok_get_backoff(void **state)
{
	struct fx *fx = *state;
	struct net_result res;
	uint64_t due;

	add(fx, "GET", "/s", (struct quirk_reply){.status = 503});
	add(fx, "GET", "/s", (struct quirk_reply){.status = 502});
	add(fx, "GET", "/s", (struct quirk_reply){.body = "ok"});
	fx->cfg.backoff_base_ms = 1000;
	fx->cfg.backoff_cap_ms = 1500;
	fx->cfg.busy_after_ms = 100000000;
	make_net(fx);
	submit_get(fx, "s");
	/* Full jitter may draw any delay in [0, bound], zero included: then the retry goes
	 * within the same drive. What must hold is the bound of each wait. */
	const uint64_t bound[] = {1000, 1500}; /* base, then doubled and capped */
	unsigned waits = 0;
	int rc;
	while ((rc = quirk_drive(fx->net, fx->now, &res)) == -EAGAIN) {
		assert_true(waits < 2);
		due = net_next_deadline_ms(fx->net, fx->now);
		assert_true(due <= fx->now + bound[waits]);
		waits++;
		fx->now = due;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(res.status, 200);
	assert_int_equal(res.attempts, 3);
	net_result_release(&res);
}

static void test_post_503_not_resent(void **state)
{
	struct fx *fx = *state;
	struct net_result res;

	add(fx, "POST", "/p", (struct quirk_reply){.status = 503, .headers = {"Retry-After: 5"}});
	make_net(fx);
	submit_post(fx, "p", false, NULL);
	finish(fx, &res);
	assert_int_equal(res.status, 503);
	assert_int_equal(res.retry_after_ms, 5000);
	assert_int_equal(res.attempts, 1);
	assert_int_equal(quirk_server_hits(fx->qs, "POST", "/p"), 1);
	net_result_release(&res);
}

static void test_cancel_and_busy(void **state)
{
	struct fx *fx = *state;
	struct net_result res;
	struct net_request req;
	uint64_t id, bg;

	add(fx, "GET", "/hang", (struct quirk_reply){.mode = QUIRK_HANG});
	make_net(fx);
	assert_int_equal(net_request_init(&req, NET_GET, "hang"), 0);
	req.background = true;
	assert_int_equal(net_submit(fx->net, &req, fx->now, &bg), 0);
	assert_int_equal(net_busy_ms(fx->net, fx->now + 5000), 0); /* background never busy */
	id = submit_get(fx, "hang");
	net_perform(fx->net, fx->now);
	assert_int_equal(net_running(fx->net), 2);
	assert_int_equal(net_busy_ms(fx->net, fx->now + 999), 999);
	/* The loop is woken at the busy mark even if nothing else happens then. */
	assert_true(net_next_deadline_ms(fx->net, fx->now) <= fx->now + 1000);
	assert_int_equal(net_cancel(fx->net, id), 0);
	assert_int_equal(net_cancel(fx->net, id), -ENOENT);
	assert_int_equal(net_take_result(fx->net, &res), 0);
	assert_int_equal(res.id, id);
	assert_int_equal(res.error, NET_ERR_CANCELLED);
	net_result_release(&res);
	assert_int_equal(net_cancel(fx->net, bg), 0);
	assert_int_equal(net_take_result(fx->net, &res), 0);
	net_result_release(&res);
	assert_int_equal(net_pending(fx->net), 0);
	assert_int_equal(net_take_result(fx->net, &res), -EAGAIN);
	assert_int_equal(net_cancel(fx->net, 12345), -ENOENT);
}

static void test_free_with_pending(void **state)
{
	struct fx *fx = *state;

	add(fx, "GET", "/hang", (struct quirk_reply){.mode = QUIRK_HANG});
	make_net(fx);
	submit_get(fx, "hang");
	submit_get(fx, "hang");
	net_perform(fx->net, fx->now);
	net_free(fx->net); /* aborts both; nothing leaks (ASan build) */
	fx->net = NULL;
}

static void test_config_and_request_checks(void **state)
{
	struct fx *fx = *state;
	struct net_config c = fx->cfg;
	struct net_request req;
	net_t *n = NULL;
	uint64_t id, b;
	unsigned i;

	c.base_url = "http://127.0.0.1/";
	assert_int_equal(net_new(&c, &n), -EINVAL);
	c.base_url = NULL;
	assert_int_equal(net_new(&c, &n), -EINVAL);
	c.base_url = "https://127.0.0.1/";
	c.pinned_pubkey = "md5//abc";
	assert_int_equal(net_new(&c, &n), -EINVAL);
	c.pinned_pubkey = NULL;
	c.client_cert = PKI "client.crt";
	assert_int_equal(net_new(&c, &n), -EINVAL); /* a certificate without its key */
	net_free(NULL);

	make_net(fx);
	assert_int_equal(net_request_init(&req, NET_GET, "x"), 0);
	assert_int_equal(net_request_add_header(&req, "X-A", "a\r\nInjected: 1"), -EINVAL);
	assert_int_equal(net_request_add_header(&req, "Bad Name", "v"), -EINVAL);
	for (i = 0; i < NET_HEADERS_MAX; i++)
		assert_int_equal(net_request_add_header(&req, "X-N", "v"), 0);
	assert_int_equal(net_request_add_header(&req, "X-N", "v"), -ENOSPC);
	/* Hand-made text that could split the request line is refused. */
	snprintf(req.path, sizeof(req.path), "a b");
	assert_int_equal(net_submit(fx->net, &req, fx->now, &id), -EINVAL);
	snprintf(req.path, sizeof(req.path), "a\r\nHost: evil");
	assert_int_equal(net_submit(fx->net, &req, fx->now, &id), -EINVAL);
	net_request_release(&req);

	/* Bounded backlog. */
	assert_int_equal(net_request_init(&req, NET_GET, "x"), 0);
	req.not_before_ms = fx->now + 3600000;
	for (i = 0; i < NET_MAX_PENDING; i++)
		assert_int_equal(net_submit(fx->net, &req, fx->now, &id), 0);
	assert_int_equal(net_submit(fx->net, &req, fx->now, &id), -EBUSY);
	assert_int_equal(net_next_deadline_ms(fx->net, fx->now), fx->now + 1000);

	/* Full jitter stays under the doubled, capped ceiling. */
	for (i = 0; i < 200; i++) {
		b = net_backoff_ms(fx->net, i % 8);
		assert_true(b <= 500u << (i % 8) && b <= 8000);
	}
	assert_string_equal(net_error_name(NET_ERR_PIN), "pin-mismatch");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_get_ok, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_post_201_with_key, setup, teardown),
	    cmocka_unit_test(test_cert_other_ca),
	    cmocka_unit_test(test_cert_expired),
	    cmocka_unit_test(test_cert_not_yet_valid),
	    cmocka_unit_test(test_cert_wrong_name),
	    cmocka_unit_test_setup_teardown(test_pin, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_huge_body_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_truncated_reply, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_never_answers_get, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_post_timeout_not_resent, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_post_timeout_resent_with_same_key, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_blackhole_nothing_sent, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_connection_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_retry_after_seconds, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_retry_after_http_date, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_retry_after_too_long, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_503_then_ok_get_backoff, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_post_503_not_resent, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cancel_and_busy, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_free_with_pending, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_config_and_request_checks, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
