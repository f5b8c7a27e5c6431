/* Every kiosk client call against the real reference central over real HTTPS on loopback
 * (tests/support/central_harness.h): builders → net → central → parsers, as the kiosk does it.
 * The central's clock is fake (a Tuesday at 10:00 in Toronto); the kiosk's is manual. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "firmware/core/calendar.h"
#include "firmware/services/kiosk_api.h"
#include "firmware/services/net.h"
#include "firmware/services/net_random.h"
#include "firmware/services/open311.h"
#include "firmware/services/queue_api.h"
#include "tests/support/central_harness.h"
#include "tests/support/quirk_server.h"

struct fx {
	struct central_harness *h;
	net_t *net;
	uint64_t now;
	struct open311_config o311;
	struct queue_api_config queue;
	struct kiosk_api_config kiosk;
};

static int start(void **state, bool client_cert)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	struct central_harness_options o = {.fake_now = "2024-03-12T10:00:00-04:00",
	                                    .require_client_cert = client_cert};
	struct net_config nc;

	if (fx == NULL || central_harness_start(&o, &fx->h) != 0)
		return -1;
	memset(&nc, 0, sizeof(nc));
	nc.base_url = fx->h->base_url;
	nc.ca_file = fx->h->ca_path;
	if (client_cert) {
		nc.client_cert = fx->h->client_cert;
		nc.client_key = fx->h->client_key;
	}
	nc.timeout_ms = 10000;
	if (net_new(&nc, &fx->net) != 0)
		return -1;
	fx->now = 5000;
	snprintf(fx->o311.path, sizeof(fx->o311.path), "open311/v2/");
	snprintf(fx->o311.api_key, sizeof(fx->o311.api_key), "%s", fx->h->api_key);
	snprintf(fx->o311.device_id, sizeof(fx->o311.device_id), "kiosk-test-07");
	snprintf(fx->o311.address, sizeof(fx->o311.address), "90 rue Sparks, Ottawa");
	fx->o311.idempotency_honoured = true;
	snprintf(fx->queue.path, sizeof(fx->queue.path), "queue/v1/");
	fx->queue.idempotency_honoured = true;
	snprintf(fx->kiosk.path, sizeof(fx->kiosk.path), "kiosk/v1/");
	snprintf(fx->kiosk.kiosk_id, sizeof(fx->kiosk.kiosk_id), "kiosk-test-07");
	snprintf(fx->kiosk.site, sizeof(fx->kiosk.site), "lobby-1");
	snprintf(fx->kiosk.version, sizeof(fx->kiosk.version), "0.1.0-test");
	snprintf(fx->kiosk.api_key, sizeof(fx->kiosk.api_key), "%s", fx->h->api_key);
	fx->kiosk.idempotency_honoured = true;
	*state = fx;
	return 0;
}

static int setup(void **state)
{
	return start(state, false);
}

static int setup_mtls(void **state)
{
	return start(state, true);
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	net_free(fx->net);
	central_harness_stop(fx->h);
	free(fx);
	return 0;
}

/* Sends req (released here) and waits for its result, as the main loop would. */
static void call(struct fx *fx, struct net_request *req, struct net_result *res)
{
	uint64_t id;
	int rc;

	assert_int_equal(net_submit(fx->net, req, fx->now, &id), 0);
	net_request_release(req);
	for (;;) {
		rc = quirk_drive(fx->net, fx->now, res);
		if (rc == 0)
			break;
		assert_int_equal(rc, -EAGAIN);
		fx->now = net_next_deadline_ms(fx->net, fx->now);
	}
	assert_int_equal(res->id, id);
}

static void submit(struct fx *fx, const struct open311_submission *sub,
                   struct open311_submit_result *out, int want)
{
	struct net_request req;
	struct net_result res;
	struct net_api_status st;

	assert_int_equal(open311_build_submit(&fx->o311, sub, &req), 0);
	call(fx, &req, &res);
	assert_int_equal(open311_parse_submit(&res, out, &st), want);
	net_result_release(&res);
}

static void test_services_fr_en(void **state)
{
	struct fx *fx = *state;
	struct net_request req;
	struct net_result res;
	struct open311_services *fr = NULL, *en = NULL;
	size_t i;
	bool objection = false;

	assert_int_equal(open311_build_services(&fx->o311, LANG_FR, &req), 0);
	call(fx, &req, &res);
	assert_int_equal(open311_parse_services(&res, &fr, NULL), NET_API_OK);
	net_result_release(&res);
	assert_int_equal(open311_build_services(&fx->o311, LANG_EN, &req), 0);
	call(fx, &req, &res);
	assert_int_equal(open311_parse_services(&res, &en, NULL), NET_API_OK);
	net_result_release(&res);

	assert_true(fr->count >= 5);
	assert_int_equal(fr->count, en->count);
	for (i = 0; i < fr->count; i++) {
		assert_string_equal(fr->items[i].code, en->items[i].code);
		assert_true(fr->items[i].standard_days > 0);
		if (strcmp(fr->items[i].code, "objection") == 0) {
			objection = true;
			assert_string_equal(fr->items[i].name, "Opposition");
			assert_string_equal(en->items[i].name, "Objection");
			/* Anonymous objections are not considered (SPEC C3). */
			assert_int_equal(fr->items[i].required &
			                     (OPEN311_FIELD_FIRST_NAME | OPEN311_FIELD_LAST_NAME |
			                      OPEN311_FIELD_PHONE | OPEN311_FIELD_EMAIL),
			                 OPEN311_FIELD_FIRST_NAME | OPEN311_FIELD_LAST_NAME |
			                     OPEN311_FIELD_PHONE | OPEN311_FIELD_EMAIL);
		}
	}
	assert_true(objection);
	open311_services_free(fr);
	open311_services_free(en);
}

static void test_discovery_and_definition(void **state)
{
	struct fx *fx = *state;
	struct net_request req;
	struct net_result res;
	struct open311_discovery disc;
	struct open311_definition *d = NULL;
	size_t i;
	bool lang = false, crid = false;

	assert_int_equal(open311_build_discovery(&fx->o311, &req), 0);
	call(fx, &req, &res);
	assert_int_equal(open311_parse_discovery(&res, &disc, NULL), NET_API_OK);
	net_result_release(&res);

	assert_int_equal(open311_build_definition(&fx->o311, "complaint_regulated", LANG_EN, &req),
	                 0);
	call(fx, &req, &res);
	assert_int_equal(open311_parse_definition(&res, &d, NULL), NET_API_OK);
	net_result_release(&res);
	for (i = 0; i < d->count; i++) {
		lang |= strcmp(d->attrs[i].code, "LANGUAGE") == 0;
		crid |= strcmp(d->attrs[i].code, "CLIENT_REQUEST_ID") == 0;
	}
	assert_true(lang && crid);
	open311_definition_free(d);

	assert_int_equal(open311_build_definition(&fx->o311, "no_such_code", LANG_EN, &req), 0);
	call(fx, &req, &res);
	assert_int_equal(open311_parse_definition(&res, &d, NULL), NET_API_EUNSUPPORTED);
	net_result_release(&res);
}

static void test_submit_status_idempotent(void **state)
{
	struct fx *fx = *state;
	char uuid[OPEN311_UUID_LEN + 1];
	struct open311_submission sub = {.service_code = "complaint_agency",
	                                 .description = "Le comptoir était fermé à 14 h.",
	                                 .lang = LANG_FR};
	struct open311_submit_result first, again, tok;
	struct open311_request st;
	struct net_request req;
	struct net_result res;
	char found[OPEN311_ID_MAX];
	int64_t now_utc;

	assert_int_equal(open311_new_client_request_id(uuid, sizeof(uuid)), 0);
	sub.client_request_id = uuid;
	submit(fx, &sub, &first, NET_API_OK);
	/* The reference central's numbers: 9 digits and a check digit. */
	assert_int_equal(strlen(first.service_request_id), 10);

	/* The same submission again (its answer was lost, say): the same request. */
	submit(fx, &sub, &again, NET_API_OK);
	assert_string_equal(again.service_request_id, first.service_request_id);
	/* The same key with another body is our bug: a 422, never taken for the first request. */
	{
		struct open311_submission other = sub;
		struct net_api_status why;
		other.description = "Autre chose.";
		assert_int_equal(open311_build_submit(&fx->o311, &other, &req), 0);
		call(fx, &req, &res);
		memset(&again, 0, sizeof(again));
		assert_int_equal(open311_parse_submit(&res, &again, &why), NET_API_ECONFLICT);
		assert_int_equal(why.http_status, 422);
		assert_true(why.message[0] != '\0');
		assert_string_equal(again.service_request_id, "");
		net_result_release(&res);
	}

	assert_int_equal(open311_build_status(&fx->o311, first.service_request_id, LANG_FR, &req),
	                 0);
	call(fx, &req, &res);
	assert_int_equal(open311_parse_status(&res, first.service_request_id, &st, NULL),
	                 NET_API_OK);
	net_result_release(&res);
	assert_string_equal(st.service_request_id, first.service_request_id);
	assert_int_equal(st.status, OPEN311_STATUS_OPEN);
	assert_string_equal(st.service_code, "complaint_agency");
	assert_true(st.requested.valid);
	assert_true(st.expected.valid); /* SPEC §6 answer-by date */
	assert_true(st.expected.utc > st.requested.utc);
	assert_int_equal(open311_progress_of(&st, NULL, 0), OPEN311_PROGRESS_RECEIVED);

	/* Staff close it with notes: the kiosk sees it. */
	assert_int_equal(central_harness_staff(fx->h, NULL, 0, "set-status",
	                                       first.service_request_id, "closed", "--notes",
	                                       "Referred to the City of Ottawa", NULL),
	                 0);
	assert_int_equal(open311_build_status(&fx->o311, first.service_request_id, LANG_EN, &req),
	                 0);
	call(fx, &req, &res);
	assert_int_equal(open311_parse_status(&res, first.service_request_id, &st, NULL),
	                 NET_API_OK);
	net_result_release(&res);
	assert_int_equal(st.status, OPEN311_STATUS_CLOSED);
	assert_int_equal(open311_progress_of(&st, NULL, 0), OPEN311_PROGRESS_CLOSED_REFERRED);

	/* Looking a submission up by its client id, as after a lost answer. */
	now_utc = st.requested.utc - 60;
	assert_int_equal(open311_build_lookup(&fx->o311, "complaint_agency", now_utc, uuid, &req),
	                 0);
	call(fx, &req, &res);
	assert_int_equal(open311_parse_lookup(&res, uuid, found, sizeof(found), NULL), NET_API_OK);
	net_result_release(&res);
	assert_string_equal(found, first.service_request_id);
	/* And one that never reached it. */
	{
		char other[OPEN311_UUID_LEN + 1];
		assert_int_equal(open311_new_client_request_id(other, sizeof(other)), 0);
		assert_int_equal(
		    open311_build_lookup(&fx->o311, "complaint_agency", now_utc, other, &req), 0);
		call(fx, &req, &res);
		assert_int_equal(open311_parse_lookup(&res, other, found, sizeof(found), NULL),
		                 NET_API_ENOTFOUND);
		net_result_release(&res);
	}

	/* Tokens: the central gives one; it leads to the same request. */
	if (first.token[0] != '\0') {
		assert_int_equal(open311_build_token(&fx->o311, first.token, &req), 0);
		call(fx, &req, &res);
		assert_int_equal(open311_parse_token(&res, &tok, NULL), NET_API_OK);
		net_result_release(&res);
		assert_string_equal(tok.service_request_id, first.service_request_id);
	}
}

static void test_submit_refusals(void **state)
{
	struct fx *fx = *state;
	char uuid[OPEN311_UUID_LEN + 1];
	struct open311_submission sub = {
	    .service_code = "objection", .description = "Je m'oppose.", .lang = LANG_FR};
	struct open311_submit_result out;
	struct net_request req;
	struct net_result res;
	struct open311_request st;
	struct net_api_status s;

	assert_int_equal(open311_new_client_request_id(uuid, sizeof(uuid)), 0);
	sub.client_request_id = uuid;
	/* An anonymous objection: refused with the server's reason. */
	assert_int_equal(open311_build_submit(&fx->o311, &sub, &req), 0);
	call(fx, &req, &res);
	assert_int_equal(open311_parse_submit(&res, &out, &s), NET_API_EREJECTED);
	assert_int_equal(s.http_status, 400);
	assert_true(s.message[0] != '\0');
	net_result_release(&res);
	/* With the contact details it requires: accepted. */
	sub.first_name = "Élise";
	sub.last_name = "Tremblay";
	sub.phone = "613-555-0100";
	sub.email = "elise@example.ca";
	submit(fx, &sub, &out, NET_API_OK);

	/* Unknown category, bad api_key. */
	assert_int_equal(open311_new_client_request_id(uuid, sizeof(uuid)), 0);
	sub.service_code = "no_such_category";
	submit(fx, &sub, &out, NET_API_ENOTFOUND);
	sub.service_code = "feedback";
	snprintf(fx->o311.api_key, sizeof(fx->o311.api_key), "wrong-key");
	assert_int_equal(open311_build_submit(&fx->o311, &sub, &req), 0);
	call(fx, &req, &res);
	assert_int_equal(open311_parse_submit(&res, &out, &s), NET_API_EREJECTED);
	assert_int_equal(s.http_status, 403);
	net_result_release(&res);

	/* A reference that does not exist. */
	assert_int_equal(open311_build_status(&fx->o311, "4821935576", LANG_EN, &req), 0);
	call(fx, &req, &res);
	assert_int_equal(open311_parse_status(&res, "4821935576", &st, NULL), NET_API_ENOTFOUND);
	net_result_release(&res);
}

static void test_queue(void **state)
{
	struct fx *fx = *state;
	struct net_request req;
	struct net_result res;
	struct queue_api_services fr, en;
	struct queue_api_ticket t, t2;
	struct queue_api_ticket_status ts;
	struct net_api_time next;
	struct net_api_status st;
	char key[40], key2[40], out[128];

	assert_int_equal(queue_api_build_services(&fx->queue, LANG_FR, &req), 0);
	call(fx, &req, &res);
	assert_int_equal(queue_api_parse_services(&res, &fr, NULL), NET_API_OK);
	net_result_release(&res);
	assert_int_equal(queue_api_build_services(&fx->queue, LANG_EN, &req), 0);
	call(fx, &req, &res);
	assert_int_equal(queue_api_parse_services(&res, &en, NULL), NET_API_OK);
	net_result_release(&res);
	assert_true(fr.count >= 1);
	assert_string_equal(fr.items[0].id, "A");
	assert_string_equal(fr.items[0].name_fr, "Renseignements généraux");
	assert_string_equal(en.items[0].name_en, "General information");
	assert_int_equal(fr.items[0].state, QUEUE_API_OPEN);
	assert_int_equal(fr.items[0].waiting, 0);
	assert_true(fr.items[0].opens_at.valid && fr.items[0].closes_at.valid);

	assert_int_equal(net_random_uuid_v4(key, sizeof(key)), 0);
	assert_int_equal(queue_api_build_take_ticket(&fx->queue, "A", false, LANG_FR, key, &req),
	                 0);
	call(fx, &req, &res);
	assert_int_equal(queue_api_parse_ticket(&res, &t, &next, NULL), NET_API_OK);
	net_result_release(&res);
	assert_string_equal(t.ticket, "A001");
	assert_int_equal(t.ahead, 0);
	assert_string_equal(t.where_fr, "Salle d'attente A");
	/* Same key: same ticket, not a second one. */
	assert_int_equal(queue_api_build_take_ticket(&fx->queue, "A", false, LANG_FR, key, &req),
	                 0);
	call(fx, &req, &res);
	assert_int_equal(queue_api_parse_ticket(&res, &t2, &next, NULL), NET_API_OK);
	net_result_release(&res);
	assert_string_equal(t2.ticket, "A001");
	assert_int_equal(net_random_uuid_v4(key2, sizeof(key2)), 0);
	assert_int_equal(queue_api_build_take_ticket(&fx->queue, "A", true, LANG_EN, key2, &req),
	                 0);
	call(fx, &req, &res);
	assert_int_equal(queue_api_parse_ticket(&res, &t2, &next, NULL), NET_API_OK);
	net_result_release(&res);
	assert_string_equal(t2.ticket, "A002");

	assert_int_equal(queue_api_build_ticket_status(&fx->queue, "A001", &req), 0);
	call(fx, &req, &res);
	assert_int_equal(queue_api_parse_ticket_status(&res, &ts, NULL), NET_API_OK);
	net_result_release(&res);
	assert_int_equal(ts.state, QUEUE_API_WAITING);
	assert_string_equal(ts.counter, "");

	/* The priority ticket goes first; then A001 is called to counter 3. */
	assert_int_equal(
	    central_harness_staff(fx->h, out, sizeof(out), "call-next", "A", "3", NULL), 0);
	assert_non_null(strstr(out, "A002"));
	assert_int_equal(
	    central_harness_staff(fx->h, out, sizeof(out), "call-next", "A", "3", NULL), 0);
	assert_int_equal(queue_api_build_ticket_status(&fx->queue, "A001", &req), 0);
	call(fx, &req, &res);
	assert_int_equal(queue_api_parse_ticket_status(&res, &ts, NULL), NET_API_OK);
	net_result_release(&res);
	assert_int_equal(ts.state, QUEUE_API_CALLED);
	assert_string_equal(ts.counter, "3");

	assert_int_equal(queue_api_build_ticket_status(&fx->queue, "Z999", &req), 0);
	call(fx, &req, &res);
	assert_int_equal(queue_api_parse_ticket_status(&res, &ts, NULL), NET_API_ENOTFOUND);
	net_result_release(&res);

	/* Saturday: closed, with the next opening (Monday 8:30 in Toronto). */
	assert_int_equal(central_harness_set_now(fx->h, "2024-03-16T10:00:00-04:00"), 0);
	assert_int_equal(net_random_uuid_v4(key, sizeof(key)), 0);
	assert_int_equal(queue_api_build_take_ticket(&fx->queue, "A", false, LANG_FR, key, &req),
	                 0);
	call(fx, &req, &res);
	assert_int_equal(queue_api_parse_ticket(&res, &t, &next, &st), NET_API_ECLOSED);
	net_result_release(&res);
	assert_int_equal(st.http_status, 409);
	assert_true(next.valid);
	{
		struct calendar_local l = calendar_to_toronto(next.utc);
		assert_int_equal(l.date.day, 18);
		assert_int_equal(l.hour, 8);
		assert_int_equal(l.minute, 30);
	}
}

static void test_notices_heartbeat_feedback(void **state)
{
	struct fx *fx = *state;
	struct net_request req;
	struct net_result res;
	struct kiosk_api_notices n;
	struct kiosk_api_schedule sched;
	const struct kiosk_api_check checks[] = {{"printer", true, NULL},
	                                         {"speech", false, "no voice"}};
	struct kiosk_api_heartbeat hb = {.uptime_s = 42,
	                                 .outbox_pending = 1,
	                                 .outbox_oldest_s = 7,
	                                 .n_checks = 2,
	                                 .checks = checks};
	struct kiosk_api_feedback fb = {
	    .task = KIOSK_API_TASK_COMPLAINT, .rating = 5, .comment = "Très bien", .lang = LANG_FR};
	char out[2048], key[40], id1[64], id2[64];

	assert_int_equal(central_harness_staff(fx->h, out, sizeof(out), "notice-add", "--severity",
	                                       "closure", "--reason-fr", "Panne de courant",
	                                       "--reason-en", "Power outage", "--alternatives-fr",
	                                       "Téléphone : 1-800-555-0100", "--alternatives-en",
	                                       "Phone: 1-800-555-0100", NULL),
	                 0);
	assert_int_equal(kiosk_api_build_notices(&fx->kiosk, &req), 0);
	call(fx, &req, &res);
	assert_int_equal(kiosk_api_parse_notices(&res, &n, NULL), NET_API_OK);
	net_result_release(&res);
	assert_int_equal(n.count, 1);
	assert_int_equal(n.items[0].severity, KIOSK_API_CLOSURE);
	assert_string_equal(n.items[0].reason_fr, "Panne de courant");
	assert_string_equal(n.items[0].reason_en, "Power outage");
	assert_string_equal(n.items[0].alternatives_en, "Phone: 1-800-555-0100");

	/* The heartbeat, driven by the schedule as the main loop would. */
	kiosk_api_schedule_init(&sched, fx->now, 60000, 60000);
	kiosk_api_schedule_assistance(&sched);
	assert_true(kiosk_api_schedule_due(&sched, fx->now) & KIOSK_API_JOB_HEARTBEAT);
	hb.assistance_calls = kiosk_api_schedule_start(&sched, KIOSK_API_JOB_HEARTBEAT);
	assert_int_equal(hb.assistance_calls, 1);
	assert_int_equal(kiosk_api_build_heartbeat(&fx->kiosk, &hb, &req), 0);
	call(fx, &req, &res);
	assert_int_equal(kiosk_api_parse_heartbeat(&res, NULL), NET_API_OK);
	net_result_release(&res);
	kiosk_api_schedule_done(&sched, KIOSK_API_JOB_HEARTBEAT, true, fx->now);
	assert_int_equal(central_harness_staff(fx->h, out, sizeof(out), "list", "kiosks", NULL), 0);
	assert_non_null(strstr(out, "kiosk-test-07"));
	assert_non_null(strstr(out, "0.1.0-test"));

	assert_int_equal(net_random_uuid_v4(key, sizeof(key)), 0);
	fb.idempotency_key = key;
	assert_int_equal(kiosk_api_build_feedback(&fx->kiosk, &fb, &req), 0);
	call(fx, &req, &res);
	assert_int_equal(res.status, 201);
	assert_int_equal(kiosk_api_parse_feedback(&res, id1, sizeof(id1), NULL), NET_API_OK);
	net_result_release(&res);
	assert_int_equal(kiosk_api_build_feedback(&fx->kiosk, &fb, &req), 0);
	call(fx, &req, &res);
	assert_int_equal(kiosk_api_parse_feedback(&res, id2, sizeof(id2), NULL), NET_API_OK);
	net_result_release(&res);
	assert_true(id1[0] != '\0');
	assert_string_equal(id1, id2);
}

static void test_client_certificate(void **state)
{
	struct fx *fx = *state;
	struct net_request req;
	struct net_result res;
	struct queue_api_services sv;
	struct net_config nc;
	net_t *bare = NULL;
	uint64_t id;
	int rc;

	/* With the kiosk's certificate: served. */
	assert_int_equal(queue_api_build_services(&fx->queue, LANG_EN, &req), 0);
	call(fx, &req, &res);
	assert_int_equal(queue_api_parse_services(&res, &sv, NULL), NET_API_OK);
	net_result_release(&res);

	/* Without: refused, as 403 or at the TLS level, never served. */
	memset(&nc, 0, sizeof(nc));
	nc.base_url = fx->h->base_url;
	nc.ca_file = fx->h->ca_path;
	nc.max_attempts = 1;
	assert_int_equal(net_new(&nc, &bare), 0);
	assert_int_equal(queue_api_build_services(&fx->queue, LANG_EN, &req), 0);
	assert_int_equal(net_submit(bare, &req, fx->now, &id), 0);
	net_request_release(&req);
	while ((rc = quirk_drive(bare, fx->now, &res)) == -EAGAIN)
		fx->now = net_next_deadline_ms(bare, fx->now);
	assert_int_equal(rc, 0);
	rc = queue_api_parse_services(&res, &sv, NULL);
	assert_true(rc == NET_API_EREJECTED || rc == NET_API_ESECURITY || rc == NET_API_EOFFLINE);
	net_result_release(&res);
	net_free(bare);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_services_fr_en, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_discovery_and_definition, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_submit_status_idempotent, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_submit_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_queue, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_notices_heartbeat_feedback, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_client_certificate, setup_mtls, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
