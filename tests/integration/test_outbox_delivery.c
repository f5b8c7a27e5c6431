/* outbox_link end to end: real outbox files, real HTTPS on loopback, against the reference
 * central (counted in its database by CLIENT_REQUEST_ID) and the scripted quirk server (500,
 * time-outs, garbage, cut connections, servers that hide new requests, refusals). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "firmware/outbox_link.h"
#include "tests/support/central_harness.h"
#include "tests/support/quirk_server.h"

#define PKI    "tests/data/pki/"
#define CRID   "6f1c1c7e-1a43-4a8e-9d71-0b6c0e0d4a11"
#define REQS   "/open311/v2/requests.json"
#define JSONCT "application/json; charset=utf-8"
#define NAME   "Ghislaine"
#define EMAIL  "ghislaine.b@example.ca"
#define PHONE  "819-555-0173"
#define DESC   "La porte automatique du hall se referme sur les fauteuils roulants."

struct fx {
	char dir[64];
	struct outbox_link_options o;
	struct quirk_server *qs;
	struct central_harness *h;
	int events, last_error;
	struct outbox_outcome last;
	int errors[16];
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/accueil-obl-XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	fx->o.data_dir = fx->dir;
	fx->o.kiosk_number = 7;
	fx->o.net.timeout_ms = 5000;
	fx->o.net.backoff_base_ms = 20;
	fx->o.net.backoff_cap_ms = 100;
	snprintf(fx->o.open311.path, sizeof(fx->o.open311.path), "open311/v2/");
	snprintf(fx->o.open311.api_key, sizeof(fx->o.open311.api_key), "test-key");
	snprintf(fx->o.open311.device_id, sizeof(fx->o.open311.device_id), "kiosk-07");
	fx->o.open311.idempotency_honoured = true;
	snprintf(fx->o.kiosk.path, sizeof(fx->o.kiosk.path), "kiosk/v1/");
	snprintf(fx->o.kiosk.kiosk_id, sizeof(fx->o.kiosk.kiosk_id), "kiosk-07");
	snprintf(fx->o.kiosk.api_key, sizeof(fx->o.kiosk.api_key), "test-key");
	*state = fx;
	return 0;
}

static int setup_quirk(void **state)
{
	struct fx *fx;

	if (setup(state) != 0)
		return -1;
	fx = *state;
	if (quirk_server_start(PKI "server.crt", PKI "server.key", &fx->qs) != 0)
		return -1;
	fx->o.net.base_url = quirk_server_url(fx->qs);
	fx->o.net.ca_file = PKI "ca.crt";
	return 0;
}

static int setup_central(void **state)
{
	struct fx *fx;

	if (setup(state) != 0)
		return -1;
	fx = *state;
	if (central_harness_start(NULL, &fx->h) != 0)
		return -1;
	fx->o.net.base_url = fx->h->base_url;
	fx->o.net.ca_file = fx->h->ca_path;
	snprintf(fx->o.open311.api_key, sizeof(fx->o.open311.api_key), "%s", fx->h->api_key);
	snprintf(fx->o.kiosk.api_key, sizeof(fx->o.kiosk.api_key), "%s", fx->h->api_key);
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	const char *names[] = {"outbox.db", "outbox.db-wal", "outbox.db-shm", "outbox.key"};
	char p[128];

	quirk_server_stop(fx->qs);
	central_harness_stop(fx->h);
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s/%s", fx->dir, names[i]);
		unlink(p);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static void on_event(void *ctx, const struct app_event *ev, uint64_t now)
{
	struct fx *fx = ctx;

	(void)now;
	if (ev->type != APP_EV_RESULT)
		return;
	assert_true(ev->result.kind == APP_REQ_SUBMIT || ev->result.kind == APP_REQ_FEEDBACK);
	assert_int_equal(ev->result.id, 42);
	assert_non_null(ev->result.payload);
	if (fx->events < 16)
		fx->errors[fx->events] = ev->result.error;
	fx->events++;
	fx->last_error = ev->result.error;
	memcpy(&fx->last, ev->result.payload, sizeof(fx->last));
}

static uint64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Steps l on the real clock until nothing is waiting any more (or limit_ms). */
static void drive(struct fx *fx, outbox_link_t *l, uint64_t limit_ms)
{
	struct participant p = outbox_link_participant(l);
	struct participant_sink sink = {.ctx = fx, .deliver = on_event};
	struct outbox_link_health hh;
	uint64_t end = mono_ms() + limit_ms;

	while (mono_ms() < end) {
		uint64_t now = mono_ms(), d;
		p.step(p.self, now, &sink);
		outbox_link_health(l, now, &hh);
		if (hh.pending == hh.attention)
			return; /* delivered, or waiting for staff */
		d = p.next_deadline(p.self, mono_ms());
		now = mono_ms();
		if (d == UINT64_MAX)
			return;
		if (d > now) {
			uint64_t w = d - now < 20 ? d - now : 20;
			if (outbox_link_wait(l, (uint32_t)w) == 0)
				usleep((useconds_t)w * 1000);
		}
	}
}

static struct open311_submission sample(void)
{
	return (struct open311_submission){.service_code = "complaint_agency",
	                                   .description = DESC,
	                                   .first_name = NAME,
	                                   .email = EMAIL,
	                                   .phone = PHONE,
	                                   .lang = LANG_FR,
	                                   .client_request_id = CRID};
}

static int central_count(struct fx *fx, const char *sql, const char *key)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int n = -1;

	assert_int_equal(sqlite3_open_v2(fx->h->db_path, &db, SQLITE_OPEN_READONLY, NULL), 0);
	sqlite3_busy_timeout(db, 2000);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), 0);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static int requests_for(struct fx *fx, const char *crid)
{
	return central_count(fx, "SELECT count(*) FROM requests WHERE client_request_id = ?", crid);
}

static bool file_contains(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	size_t n, k = strlen(needle);
	char *buf;
	bool found = false;

	if (f == NULL)
		return false;
	buf = malloc(16 << 20);
	n = fread(buf, 1, 16 << 20, f);
	fclose(f);
	for (size_t i = 0; i + k <= n && !found; i++)
		found = memcmp(buf + i, needle, k) == 0;
	free(buf);
	return found;
}

static void assert_no_personal_data(struct fx *fx)
{
	const char *secrets[] = {NAME, EMAIL, PHONE, "porte automatique", "fauteuils"};
	const char *files[] = {"outbox.db", "outbox.db-wal"};
	char p[128];

	for (size_t f = 0; f < 2; f++) {
		snprintf(p, sizeof(p), "%s/%s", fx->dir, files[f]);
		for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++)
			assert_false(file_contains(p, secrets[i]));
	}
}

/* ---- against the reference central ---- */

static void test_central_online(void **state)
{
	struct fx *fx = *state;
	struct open311_submission s = sample();
	struct kiosk_api_feedback fb = {.rating = 5, .comment = "Très bien, merci Ghislaine"};
	struct outbox_receipt r, rf;
	struct outbox_entry e;
	outbox_link_t *l = NULL;

	assert_int_equal(outbox_link_new(&fx->o, mono_ms(), &l), 0);
	assert_int_equal(outbox_link_submit(l, &s, 42, mono_ms(), &r), 0);
	assert_string_equal(r.reference, "K7-1");
	assert_string_equal(r.request_id, CRID);
	assert_no_personal_data(fx); /* the commit is on disk, sealed */
	drive(fx, l, 15000);
	assert_int_equal(fx->events, 1);
	assert_int_equal(fx->last_error, APP_RESULT_OK);
	assert_string_equal(fx->last.reference, "K7-1");
	assert_int_equal(strlen(fx->last.service_request_id), 10);
	assert_true(fx->last.service_notice[0] != '\0');
	assert_int_equal(requests_for(fx, CRID), 1);
	/* The status task finds the provisional reference: sent, with its final reference. */
	assert_int_equal(outbox_link_find(l, "K7-1", &e), 0);
	assert_int_equal(e.state, OUTBOX_DELIVERED);
	assert_string_equal(e.service_request_id, fx->last.service_request_id);

	/* Feedback goes through the same outbox. */
	assert_int_equal(outbox_link_feedback(l, &fb, 42, mono_ms(), &rf), 0);
	drive(fx, l, 15000);
	assert_int_equal(fx->events, 2);
	assert_int_equal(fx->last_error, APP_RESULT_OK);
	assert_int_equal(
	    central_count(fx, "SELECT count(*) FROM feedback WHERE idem_key = ?", rf.request_id),
	    1);
	assert_no_personal_data(fx);
	outbox_link_free(l);
}

static void test_offline_restart_then_delivered_once(void **state)
{
	struct fx *fx = *state;
	struct open311_submission s = sample();
	struct outbox_link_options off = fx->o;
	struct outbox_link_health hh;
	struct outbox_receipt r;
	struct outbox_entry e;
	outbox_link_t *l = NULL;

	/* Central unreachable: port 1 on loopback refuses. */
	off.net.base_url = "https://127.0.0.1:1/";
	assert_int_equal(outbox_link_new(&off, mono_ms(), &l), 0);
	assert_int_equal(outbox_link_submit(l, &s, 42, mono_ms(), &r), 0);
	drive(fx, l, 600);
	assert_int_equal(fx->events, 1);
	assert_int_equal(fx->last_error, APP_RESULT_UNREACHABLE);
	assert_string_equal(fx->last.reference, r.reference);
	outbox_link_health(l, mono_ms(), &hh);
	assert_int_equal(hh.pending, 1);
	assert_int_equal(outbox_link_find(l, r.reference, &e), 0);
	assert_int_equal(e.state, OUTBOX_PENDING);
	assert_true(e.attempts >= 1);
	outbox_link_free(l); /* the kiosk restarts */
	assert_int_equal(requests_for(fx, CRID), 0);

	/* Back, with the central up: delivered once; nobody waits for it any more. */
	assert_int_equal(outbox_link_new(&fx->o, mono_ms(), &l), 0);
	drive(fx, l, 15000);
	assert_int_equal(fx->events, 1);
	outbox_link_health(l, mono_ms(), &hh);
	assert_int_equal(hh.pending, 0);
	assert_int_equal(requests_for(fx, CRID), 1);
	assert_int_equal(outbox_link_find(l, r.reference, &e), 0);
	assert_int_equal(e.state, OUTBOX_DELIVERED);
	outbox_link_free(l);
}

static void test_restart_while_sending(void **state)
{
	struct fx *fx = *state;
	struct open311_submission s = sample();
	struct participant p;
	struct participant_sink sink = {.ctx = fx, .deliver = on_event};
	struct outbox_entry e;
	outbox_link_t *l = NULL;

	assert_int_equal(outbox_link_new(&fx->o, mono_ms(), &l), 0);
	assert_int_equal(outbox_link_submit(l, &s, 42, mono_ms(), NULL), 0);
	p = outbox_link_participant(l);
	p.step(p.self, mono_ms(), &sink); /* the POST leaves */
	assert_int_equal(outbox_link_find(l, "K7-1", &e), 0);
	assert_int_equal(e.state, OUTBOX_SENDING);
	/* The kiosk dies with the POST on its way (the central may or may not have it). */
	outbox_link_free(l);
	assert_true(requests_for(fx, CRID) <= 1);

	assert_int_equal(outbox_link_new(&fx->o, mono_ms(), &l), 0);
	drive(fx, l, 15000);
	assert_int_equal(requests_for(fx, CRID), 1);
	assert_int_equal(outbox_link_find(l, "K7-1", &e), 0);
	assert_int_equal(e.state, OUTBOX_DELIVERED);
	outbox_link_free(l);
}

/* ---- against the quirk server ---- */

static void add(struct fx *fx, const char *method, const char *path, struct quirk_reply r)
{
	assert_int_equal(quirk_server_add(fx->qs, method, path, &r), 0);
}

static const struct quirk_reply CREATED = {
    .status = 201, .content_type = JSONCT, .body = "[{\"service_request_id\":\"4821935576\"}]"};

/* The first answer to the POST is bad, the second good: delivered, with the same key. */
static void lost_then_created(struct fx *fx, struct quirk_reply first)
{
	struct open311_submission s = sample();
	struct quirk_request last;
	outbox_link_t *l = NULL;

	add(fx, "POST", REQS, first);
	add(fx, "POST", REQS, CREATED);
	assert_int_equal(outbox_link_new(&fx->o, mono_ms(), &l), 0);
	assert_int_equal(outbox_link_submit(l, &s, 42, mono_ms(), NULL), 0);
	drive(fx, l, 15000);
	assert_int_equal(quirk_server_hits(fx->qs, "POST", REQS), 2);
	assert_int_equal(quirk_server_last(fx->qs, "POST", REQS, &last), 0);
	assert_string_equal(last.idempotency_key, CRID);
	assert_non_null(strstr(last.body, CRID));
	assert_int_equal(fx->errors[0], APP_RESULT_UNREACHABLE);
	assert_int_equal(fx->last_error, APP_RESULT_OK);
	assert_string_equal(fx->last.service_request_id, "4821935576");
	outbox_link_free(l);
}

static void test_500_then_created(void **state)
{
	lost_then_created(*state, (struct quirk_reply){.status = 500, .body = "<html>oops</html>"});
}

static void test_timeout_then_created(void **state)
{
	struct fx *fx = *state;
	fx->o.net.timeout_ms = 400;
	lost_then_created(
	    fx, (struct quirk_reply){
	            .status = 201, .delay_ms = 2000, .content_type = JSONCT, .body = "[]"});
}

static void test_garbage_then_created(void **state)
{
	lost_then_created(*state, (struct quirk_reply){.status = 200,
	                                               .content_type = JSONCT,
	                                               .body = "[{\"service_request_id\":"});
}

static void test_cut_then_created(void **state)
{
	lost_then_created(*state,
	                  (struct quirk_reply){.mode = QUIRK_CUT,
	                                       .status = 201,
	                                       .content_type = JSONCT,
	                                       .body = "[{\"service_request_id\":\"4821935576\"}]",
	                                       .cut_after = 5});
}

static void test_hidden_requests_unconfirmed(void **state)
{
	struct fx *fx = *state;
	struct open311_submission s = sample();
	struct outbox_link_health hh;
	struct outbox_entry e;
	outbox_link_t *l = NULL;

	/* Not known to honour Idempotency-Key; its list hides new requests (moderation). */
	fx->o.lost = OUTBOX_LINK_LOST_UNCONFIRMED;
	fx->o.open311.idempotency_honoured = false;
	add(fx, "POST", REQS, (struct quirk_reply){.status = 502});
	add(fx, "GET", REQS, (struct quirk_reply){.content_type = JSONCT, .body = "[]"});
	assert_int_equal(outbox_link_new(&fx->o, mono_ms(), &l), 0);
	assert_int_equal(outbox_link_submit(l, &s, 42, mono_ms(), NULL), 0);
	drive(fx, l, 15000);
	assert_int_equal(fx->last_error, APP_RESULT_UNCONFIRMED);
	assert_int_equal(fx->last.reason, OUTBOX_LINK_LOST);
	assert_int_equal(quirk_server_hits(fx->qs, "GET", REQS), 1);
	outbox_link_health(l, mono_ms(), &hh);
	assert_int_equal(hh.attention, 1);
	assert_int_equal(hh.pending, 1);
	assert_int_equal(outbox_link_find(l, "K7-1", &e), 0);
	assert_int_equal(e.state, OUTBOX_UNCONFIRMED);
	/* Never re-POSTed on its own, even after a restart. */
	outbox_link_free(l);
	assert_int_equal(outbox_link_new(&fx->o, mono_ms(), &l), 0);
	drive(fx, l, 300);
	assert_int_equal(quirk_server_hits(fx->qs, "POST", REQS), 1);
	outbox_link_free(l);
}

static void test_lookup_finds_it(void **state)
{
	struct fx *fx = *state;
	struct open311_submission s = sample();
	outbox_link_t *l = NULL;

	fx->o.lost = OUTBOX_LINK_LOST_UNCONFIRMED;
	fx->o.open311.idempotency_honoured = false;
	add(fx, "POST", REQS, (struct quirk_reply){.status = 504});
	add(fx, "GET", REQS,
	    (struct quirk_reply){.content_type = JSONCT,
	                         .body = "[{\"service_request_id\":77,\"attributes\":"
	                                 "{\"CLIENT_REQUEST_ID\":\"" CRID "\"}}]"});
	assert_int_equal(outbox_link_new(&fx->o, mono_ms(), &l), 0);
	assert_int_equal(outbox_link_submit(l, &s, 42, mono_ms(), NULL), 0);
	drive(fx, l, 15000);
	assert_int_equal(fx->last_error, APP_RESULT_OK);
	assert_string_equal(fx->last.service_request_id, "77");
	assert_int_equal(quirk_server_hits(fx->qs, "POST", REQS), 1);
	outbox_link_free(l);
}

static void refused(struct fx *fx, struct quirk_reply r, int want_error,
                    enum outbox_link_reason want_reason, const char *want_message)
{
	struct open311_submission s = sample();
	outbox_link_t *l = NULL;

	add(fx, "POST", REQS, r);
	assert_int_equal(outbox_link_new(&fx->o, mono_ms(), &l), 0);
	assert_int_equal(outbox_link_submit(l, &s, 42, mono_ms(), NULL), 0);
	drive(fx, l, 15000);
	assert_int_equal(fx->events, 1);
	assert_int_equal(fx->last_error, want_error);
	assert_int_equal(fx->last.reason, want_reason);
	assert_non_null(strstr(fx->last.message, want_message));
	drive(fx, l, 200);
	assert_int_equal(quirk_server_hits(fx->qs, "POST", REQS), 1);
	outbox_link_free(l);
}

static void test_category_gone(void **state)
{
	refused(
	    *state,
	    (struct quirk_reply){.status = 404,
	                         .content_type = JSONCT,
	                         .body = "[{\"code\":404,\"description\":\"no such service\"}]"},
	    APP_RESULT_REJECTED, OUTBOX_LINK_CATEGORY_GONE, "no such service");
}

static void test_refused_message_kept(void **state)
{
	refused(*state,
	        (struct quirk_reply){.status = 400,
	                             .content_type = JSONCT,
	                             .body = "{\"code\":\"bad\",\"message\":\"email is invalid\"}"},
	        APP_RESULT_REJECTED, OUTBOX_LINK_REFUSED, "email is invalid");
}

static void test_idempotency_conflict_is_a_bug(void **state)
{
	refused(*state,
	        (struct quirk_reply){.status = 422,
	                             .content_type = JSONCT,
	                             .body = "{\"detail\":\"Idempotency-Key reused with another "
	                                     "request\"}"},
	        APP_RESULT_UNCONFIRMED, OUTBOX_LINK_CONFLICT, "Idempotency-Key reused");
}

/* Technician mode's outbox screen: an unconfirmed entry and a refused one are listed, oldest
 * first, with the category from the sealed payload and the kiosk's own words for the error
 * (never the central's message, which here echoes the visitor's e-mail); "retry now" looks
 * the unconfirmed one up again (never a second POST) and leaves the refused one alone. */
static void test_technician_unresolved_and_retry(void **state)
{
	struct fx *fx = *state;
	struct open311_submission s = sample();
	struct outbox_entry list[4];
	char words[OUTBOX_ERROR_MAX], category[64];
	outbox_link_t *l = NULL;

	fx->o.lost = OUTBOX_LINK_LOST_UNCONFIRMED;
	fx->o.open311.idempotency_honoured = false;
	add(fx, "POST", REQS, (struct quirk_reply){.status = 502});
	add(fx, "POST", REQS,
	    (struct quirk_reply){.status = 400,
	                         .content_type = JSONCT,
	                         .body =
	                             "{\"code\":\"bad\",\"message\":\"" EMAIL " is invalid\"}"});
	add(fx, "GET", REQS, (struct quirk_reply){.content_type = JSONCT, .body = "[]"});
	assert_int_equal(outbox_link_new(&fx->o, mono_ms(), &l), 0);
	assert_int_equal(outbox_link_retry_now(l, mono_ms()), 0); /* nothing waits yet */
	assert_int_equal(outbox_link_submit(l, &s, 42, mono_ms(), NULL), 0);
	drive(fx, l, 15000);
	assert_int_equal(fx->last_error, APP_RESULT_UNCONFIRMED);
	s.client_request_id = NULL; /* a second request */
	assert_int_equal(outbox_link_submit(l, &s, 42, mono_ms(), NULL), 0);
	drive(fx, l, 15000);
	assert_int_equal(fx->last_error, APP_RESULT_REJECTED);

	int n = outbox_link_unresolved(l, list, 4);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].reference, "K7-1");
	assert_int_equal(list[0].state, OUTBOX_UNCONFIRMED);
	assert_int_equal(list[1].state, OUTBOX_REJECTED);
	for (int i = 0; i < n; i++) {
		assert_int_equal(outbox_link_category(l, &list[i], category, sizeof(category)), 0);
		assert_string_equal(category, "complaint_agency");
		outbox_link_error_words(&list[i], words, sizeof(words));
		assert_true(words[0] != '\0');
		assert_null(strstr(words, EMAIL));
		assert_null(strstr(words, NAME));
	}
	assert_non_null(strstr(list[1].error_text, EMAIL)); /* kept for staff, never shown */
	assert_string_equal(words, "refused by the central");

	/* Retry now: the unconfirmed one is looked up again; nothing is POSTed twice. */
	assert_int_equal(outbox_link_retry_now(l, mono_ms()), 1);
	drive(fx, l, 3000);
	assert_int_equal(quirk_server_hits(fx->qs, "GET", REQS), 2);
	assert_int_equal(quirk_server_hits(fx->qs, "POST", REQS), 2);
	assert_int_equal(outbox_link_unresolved(l, list, 4), 2);
	outbox_link_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_central_online, setup_central, teardown),
	    cmocka_unit_test_setup_teardown(test_offline_restart_then_delivered_once, setup_central,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_restart_while_sending, setup_central, teardown),
	    cmocka_unit_test_setup_teardown(test_500_then_created, setup_quirk, teardown),
	    cmocka_unit_test_setup_teardown(test_timeout_then_created, setup_quirk, teardown),
	    cmocka_unit_test_setup_teardown(test_garbage_then_created, setup_quirk, teardown),
	    cmocka_unit_test_setup_teardown(test_cut_then_created, setup_quirk, teardown),
	    cmocka_unit_test_setup_teardown(test_hidden_requests_unconfirmed, setup_quirk,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_lookup_finds_it, setup_quirk, teardown),
	    cmocka_unit_test_setup_teardown(test_technician_unresolved_and_retry, setup_quirk,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_category_gone, setup_quirk, teardown),
	    cmocka_unit_test_setup_teardown(test_refused_message_kept, setup_quirk, teardown),
	    cmocka_unit_test_setup_teardown(test_idempotency_conflict_is_a_bug, setup_quirk,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
