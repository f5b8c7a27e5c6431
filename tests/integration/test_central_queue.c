/* The reference central's queue API over real HTTPS on loopback: services, tickets, staff calls,
 * opening hours (the server's clock is moved), priority, idempotency, concurrency. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "tests/support/central_harness.h"

#define JSON "application/json"

static struct central_harness *h;

static int setup(void **state)
{
	(void)state;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	struct central_harness_options o = {.fake_now = "2024-03-12T10:00:00-04:00", .threads = 4};
	return central_harness_start(&o, &h);
}

static int teardown(void **state)
{
	(void)state;
	central_harness_stop(h);
	curl_global_cleanup();
	return 0;
}

static cJSON *call(const char *method, const char *path, const char *body, const char *key,
                   long *status)
{
	struct central_harness_response r;
	char hdr[200];
	const char *headers[] = {hdr, NULL};
	snprintf(hdr, sizeof hdr, "Idempotency-Key: %s", key ? key : "");
	assert_int_equal(central_harness_http(h, method, path, body ? JSON : NULL, body,
	                                      body ? strlen(body) : 0, key ? headers : NULL, false,
	                                      &r),
	                 0);
	*status = r.status;
	cJSON *j = cJSON_Parse(r.body);
	central_harness_response_free(&r);
	assert_non_null(j);
	return j;
}

static cJSON *take(const char *service, bool priority, const char *key, long *status)
{
	char body[128];
	snprintf(body, sizeof body, "{\"service\":\"%s\",\"priority\":%s,\"lang\":\"fr\"}", service,
	         priority ? "true" : "false");
	return call("POST", "/queue/v1/tickets", body, key, status);
}

static const char *str(cJSON *o, const char *name)
{
	cJSON *v = cJSON_GetObjectItem(o, name);
	assert_true(cJSON_IsString(v));
	return v->valuestring;
}

static double num(cJSON *o, const char *name)
{
	cJSON *v = cJSON_GetObjectItem(o, name);
	assert_true(cJSON_IsNumber(v));
	return v->valuedouble;
}

static cJSON *service(cJSON *list, const char *id)
{
	cJSON *it;
	cJSON_ArrayForEach(it, list) if (!strcmp(str(it, "id"), id)) return it;
	fail_msg("no service %s", id);
	return NULL;
}

static void test_services_and_tickets(void **state)
{
	(void)state;
	long st;
	cJSON *j = call("GET", "/queue/v1/services?lang=fr", NULL, NULL, &st);
	assert_int_equal(st, 200);
	cJSON *a = service(j, "A");
	assert_string_equal(str(a, "state"), "open");
	assert_int_equal((int)num(a, "waiting"), 0);
	assert_int_equal((int)num(a, "counters_open"), 2);
	assert_string_equal(str(cJSON_GetObjectItem(a, "name"), "en"), "General information");
	assert_string_equal(str(a, "opens_at"), "2024-03-12T08:30:00-04:00");
	assert_string_equal(str(a, "closes_at"), "2024-03-12T17:00:00-04:00");
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(a, "best_hours")));
	cJSON_Delete(j);

	j = take("A", false, "k-1", &st);
	assert_int_equal(st, 201);
	assert_string_equal(str(j, "ticket"), "A001");
	assert_int_equal((int)num(j, "ahead"), 0);
	assert_string_equal(str(cJSON_GetObjectItem(j, "where"), "fr"), "Salle d'attente A");
	cJSON_Delete(j);
	/* Same key: same ticket. */
	j = take("A", false, "k-1", &st);
	assert_int_equal(st, 200);
	assert_string_equal(str(j, "ticket"), "A001");
	cJSON_Delete(j);
	j = take("A", false, "k-2", &st);
	assert_string_equal(str(j, "ticket"), "A002");
	assert_int_equal((int)num(j, "ahead"), 1);
	/* 1 ahead / 2 counters × 6 min: 135 to 225 s, rounded out to minutes. */
	assert_int_equal((int)num(j, "wait_min_s"), 120);
	assert_int_equal((int)num(j, "wait_max_s"), 240);
	cJSON_Delete(j);

	j = call("GET", "/queue/v1/services", NULL, NULL, &st);
	assert_int_equal((int)num(service(j, "A"), "waiting"), 2);
	cJSON_Delete(j);

	char out[256];
	assert_int_equal(central_harness_staff(h, out, sizeof out, "call-next", "A", "3", NULL), 0);
	assert_string_equal(out, "A001 -> counter 3\n");
	j = call("GET", "/queue/v1/tickets/A001", NULL, NULL, &st);
	assert_int_equal(st, 200);
	assert_string_equal(str(j, "state"), "called");
	assert_string_equal(str(j, "counter"), "3");
	cJSON_Delete(j);
	j = call("GET", "/queue/v1/tickets/A002", NULL, NULL, &st);
	assert_string_equal(str(j, "state"), "waiting");
	assert_int_equal((int)num(j, "ahead"), 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "counter")));
	cJSON_Delete(j);

	central_harness_set_now(h, "2024-03-12T10:10:00-04:00");
	assert_int_equal(central_harness_staff(h, out, sizeof out, "ticket-served", "A001", NULL),
	                 0);
	assert_int_equal(central_harness_staff(h, out, sizeof out, "ticket-served", "A001", NULL),
	                 1);
	assert_int_equal(central_harness_staff(h, out, sizeof out, "call-next", "A", "1", NULL), 0);
	assert_int_equal(central_harness_staff(h, out, sizeof out, "ticket-missed", "A002", NULL),
	                 0);
	j = call("GET", "/queue/v1/tickets/A002", NULL, NULL, &st);
	assert_string_equal(str(j, "state"), "missed");
	cJSON_Delete(j);
	assert_int_equal(central_harness_staff(h, out, sizeof out, "call-next", "A", "1", NULL), 3);
	assert_int_equal(central_harness_staff(h, out, sizeof out, "call-next", "Q", "1", NULL), 1);
	char list[4096];
	assert_int_equal(central_harness_staff(h, list, sizeof list, "list", "tickets", NULL), 0);
	assert_non_null(strstr(list, "A001"));
	assert_non_null(strstr(list, "served"));
}

static void test_priority(void **state)
{
	(void)state;
	long st;
	char out[128];
	central_harness_set_now(h, "2024-03-14T09:00:00-04:00");
	cJSON *j = take("C", false, NULL, &st);
	assert_string_equal(str(j, "ticket"), "C001");
	cJSON_Delete(j);
	j = take("C", false, NULL, &st);
	cJSON_Delete(j);
	j = take("C", true, NULL, &st);
	assert_string_equal(str(j, "ticket"), "C003");
	assert_int_equal((int)num(j, "ahead"), 0);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "priority")));
	cJSON_Delete(j);
	j = call("GET", "/queue/v1/tickets/C001", NULL, NULL, &st);
	assert_int_equal((int)num(j, "ahead"), 1);
	cJSON_Delete(j);
	j = call("GET", "/queue/v1/tickets/C002", NULL, NULL, &st);
	assert_int_equal((int)num(j, "ahead"), 2);
	cJSON_Delete(j);
	assert_int_equal(central_harness_staff(h, out, sizeof out, "call-next", "C", "2", NULL), 0);
	assert_string_equal(out, "C003 -> counter 2\n");
	j = call("GET", "/queue/v1/tickets/C002", NULL, NULL, &st);
	assert_int_equal((int)num(j, "ahead"), 1);
	cJSON_Delete(j);
}

struct closed_case {
	const char *now, *next;
};

static void test_hours(void **state)
{
	(void)state;
	long st;
	const struct closed_case closed[] = {
	    {"2024-03-16T10:00:00-04:00", "2024-03-18T08:30:00-04:00"}, /* Saturday */
	    {"2024-03-29T10:00:00-04:00", "2024-04-01T08:30:00-04:00"}, /* Good Friday */
	    {"2024-03-12T16:50:00-04:00", "2024-03-13T08:30:00-04:00"}, /* past the cut-off */
	    {"2024-03-12T08:00:00-04:00", "2024-03-12T08:30:00-04:00"}, /* before opening */
	    {"2021-12-27T10:00:00-05:00", "2021-12-29T08:30:00-05:00"}, /* Christmas observed */
	    {"2024-12-31T18:00:00-05:00", "2025-01-02T08:30:00-05:00"}, /* New Year's Day next */
	};
	for (size_t i = 0; i < sizeof closed / sizeof closed[0]; i++) {
		central_harness_set_now(h, closed[i].now);
		cJSON *j = take("B", false, NULL, &st);
		assert_int_equal(st, 409);
		cJSON *e = cJSON_GetArrayItem(j, 0);
		assert_int_equal((int)num(e, "code"), 409);
		assert_string_equal(str(e, "next_opening"), closed[i].next);
		cJSON_Delete(j);
		j = call("GET", "/queue/v1/services", NULL, NULL, &st);
		assert_string_equal(str(service(j, "B"), "state"), "closed");
		assert_string_equal(str(service(j, "B"), "opens_at"), closed[i].next);
		cJSON_Delete(j);
	}
	central_harness_set_now(h, "2024-03-12T16:20:00-04:00");
	cJSON *j = call("GET", "/queue/v1/services", NULL, NULL, &st);
	assert_string_equal(str(service(j, "B"), "state"), "closing");
	cJSON_Delete(j);
	j = take("B", false, NULL, &st);
	assert_int_equal(st, 201);
	cJSON_Delete(j);
}

static void test_bad_input(void **state)
{
	(void)state;
	long st;
	struct central_harness_response r;
	central_harness_set_now(h, "2024-03-12T11:00:00-04:00");
	const char *bodies[] = {"{\"service\":\"A\"",
	                        "[]",
	                        "{\"service\":7}",
	                        "{\"service\":\"A\",\"priority\":\"yes\"}",
	                        "{\"service\":\"A\",\"lang\":\"de\"}",
	                        "{}",
	                        "\xff"};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		assert_int_equal(central_harness_http(h, "POST", "/queue/v1/tickets", JSON,
		                                      bodies[i], strlen(bodies[i]), NULL, false,
		                                      &r),
		                 0);
		assert_int_equal(r.status, 400);
		central_harness_response_free(&r);
	}
	char deep[256] = "";
	memset(deep, '[', 100);
	assert_int_equal(central_harness_http(h, "POST", "/queue/v1/tickets", JSON, deep,
	                                      strlen(deep), NULL, false, &r),
	                 0);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "deep"));
	central_harness_response_free(&r);
	cJSON *j = take("Z", false, NULL, &st);
	assert_int_equal(st, 404);
	cJSON_Delete(j);
	assert_int_equal(
	    central_harness_http(h, "POST", "/queue/v1/tickets", NULL, "{}", 2, NULL, false, &r),
	    0);
	assert_int_equal(r.status, 415);
	central_harness_response_free(&r);
	j = call("GET", "/queue/v1/tickets/Z999", NULL, NULL, &st);
	assert_int_equal(st, 404);
	cJSON_Delete(j);
	j = call("GET", "/queue/v1/tickets/A9999", NULL, NULL, &st);
	assert_int_equal(st, 404);
	cJSON_Delete(j);
	j = call("GET", "/queue/v1/tickets", NULL, NULL, &st);
	assert_int_equal(st, 405);
	cJSON_Delete(j);
}

#define THREADS    8
#define PER_THREAD 5

struct taker {
	int numbers[PER_THREAD];
	int ahead[PER_THREAD];
	int failures;
};

static void *taker_main(void *arg)
{
	struct taker *t = arg;
	for (int i = 0; i < PER_THREAD; i++) {
		struct central_harness_response r;
		const char *body = "{\"service\":\"B\",\"priority\":false,\"lang\":\"en\"}";
		if (central_harness_http(h, "POST", "/queue/v1/tickets", JSON, body, strlen(body),
		                         NULL, false, &r) != 0 ||
		    r.status != 201) {
			t->failures++;
			central_harness_response_free(&r);
			continue;
		}
		cJSON *j = cJSON_Parse(r.body);
		central_harness_response_free(&r);
		cJSON *tk = cJSON_GetObjectItem(j, "ticket"), *ah = cJSON_GetObjectItem(j, "ahead");
		if (!cJSON_IsString(tk) || !cJSON_IsNumber(ah)) {
			t->failures++;
		} else {
			t->numbers[i] = (int)strtol(tk->valuestring + 1, NULL, 10);
			t->ahead[i] = ah->valueint;
		}
		cJSON_Delete(j);
	}
	return NULL;
}

static void test_concurrent_tickets(void **state)
{
	(void)state;
	pthread_t th[THREADS];
	struct taker t[THREADS];
	bool seen_number[THREADS * PER_THREAD + 1] = {0};
	bool seen_ahead[THREADS * PER_THREAD] = {0};
	central_harness_set_now(h, "2024-03-13T10:00:00-04:00");
	memset(t, 0, sizeof t);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, taker_main, &t[i]), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < THREADS; i++) {
		assert_int_equal(t[i].failures, 0);
		for (int k = 0; k < PER_THREAD; k++) {
			int n = t[i].numbers[k], a = t[i].ahead[k];
			assert_true(n >= 1 && n <= THREADS * PER_THREAD);
			assert_false(seen_number[n]);
			seen_number[n] = true;
			/* Nobody was called: everyone issued before is ahead. */
			assert_int_equal(a, n - 1);
			assert_false(seen_ahead[a]);
			seen_ahead[a] = true;
		}
	}
	long st;
	cJSON *j = call("GET", "/queue/v1/services", NULL, NULL, &st);
	assert_int_equal((int)num(service(j, "B"), "waiting"), THREADS * PER_THREAD);
	cJSON_Delete(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_services_and_tickets),
	    cmocka_unit_test(test_priority),
	    cmocka_unit_test(test_hours),
	    cmocka_unit_test(test_bad_input),
	    cmocka_unit_test(test_concurrent_tickets),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
