/* The reference central's Open311 endpoints over real HTTPS on loopback: every endpoint, bad
 * input, idempotency. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "central/db.h"
#include "central/server.h"
#include "firmware/core/reference.h"
#include "tests/support/central_harness.h"

#define FORM "application/x-www-form-urlencoded"

static struct central_harness *h;

static int setup(void **state)
{
	(void)state;
	struct central_harness_options o = {.fake_now = "2024-03-12T10:00:00-04:00"};
	return central_harness_start(&o, &h);
}

static int teardown(void **state)
{
	(void)state;
	central_harness_stop(h);
	return 0;
}

/* GET path; returns the parsed body (caller deletes) and the status. */
static cJSON *get(const char *path, const char *const *headers, long *status)
{
	struct central_harness_response r;
	assert_int_equal(central_harness_http(h, "GET", path, NULL, NULL, 0, headers, false, &r),
	                 0);
	*status = r.status;
	cJSON *j = cJSON_Parse(r.body);
	central_harness_response_free(&r);
	assert_non_null(j);
	return j;
}

static cJSON *post_form(const char *body, const char *const *headers, long *status)
{
	struct central_harness_response r;
	assert_int_equal(central_harness_http(h, "POST", "/open311/v2/requests.json", FORM, body,
	                                      strlen(body), headers, false, &r),
	                 0);
	*status = r.status;
	cJSON *j = cJSON_Parse(r.body);
	central_harness_response_free(&r);
	assert_non_null(j);
	return j;
}

/* Asserts the Open311 error shape with that code. */
static void assert_error(cJSON *j, long status, long want)
{
	assert_int_equal(status, want);
	assert_true(cJSON_IsArray(j));
	cJSON *e = cJSON_GetArrayItem(j, 0);
	assert_non_null(e);
	assert_int_equal((long)cJSON_GetObjectItem(e, "code")->valuedouble, want);
	assert_true(cJSON_IsString(cJSON_GetObjectItem(e, "description")));
}

static const char *str(cJSON *o, const char *name)
{
	cJSON *v = cJSON_GetObjectItem(o, name);
	assert_true(cJSON_IsString(v));
	return v->valuestring;
}

static char *form(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *form(const char *fmt, ...)
{
	static char buf[65536 * 2];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return buf;
}

static void test_discovery_and_services(void **state)
{
	(void)state;
	long st;
	cJSON *j = get("/open311/v2/discovery.json", NULL, &st);
	assert_int_equal(st, 200);
	cJSON *ep = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "endpoints"), 0);
	assert_non_null(strstr(str(ep, "url"), "/open311/v2/"));
	cJSON_Delete(j);

	j = get("/open311/v2/services.json?jurisdiction_id=&locale=fr&lang=fr", NULL, &st);
	assert_int_equal(st, 200);
	assert_true(cJSON_GetArraySize(j) >= 6);
	bool saw_objection = false;
	cJSON *it;
	cJSON_ArrayForEach(it, j)
	{
		if (!strcmp(str(it, "service_code"), "objection")) {
			saw_objection = true;
			assert_string_equal(str(it, "service_name"), "Opposition");
			assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(it, "required")),
			                 5);
		}
		if (!strcmp(str(it, "service_code"), "complaint_regulated"))
			assert_int_equal(cJSON_GetObjectItem(it, "standard_days")->valueint, 25);
	}
	assert_true(saw_objection);
	assert_string_equal(str(cJSON_GetArrayItem(j, 0), "service_name"),
	                    "Plainte au sujet de l'organisme");
	cJSON_Delete(j);

	const char *en[] = {"Accept-Language: en-CA,en;q=0.9,fr;q=0.5", NULL};
	j = get("/open311/v2/services.json", en, &st);
	assert_string_equal(str(cJSON_GetArrayItem(j, 0), "service_name"),
	                    "Complaint about the agency");
	cJSON_Delete(j);
	const char *fr[] = {"Accept-Language: en;q=0.4, fr-CA", NULL};
	j = get("/open311/v2/services.json", fr, &st);
	assert_string_equal(str(cJSON_GetArrayItem(j, 0), "service_name"),
	                    "Plainte au sujet de l'organisme");
	cJSON_Delete(j);

	j = get("/open311/v2/services/complaint_regulated.json?lang=en", NULL, &st);
	assert_int_equal(st, 200);
	cJSON *attrs = cJSON_GetObjectItem(j, "attributes");
	assert_int_equal(cJSON_GetArraySize(attrs), 3);
	assert_string_equal(str(cJSON_GetArrayItem(attrs, 0), "code"), "LANGUAGE");
	assert_string_equal(str(cJSON_GetArrayItem(attrs, 2), "code"), "BUSINESS_NAME");
	cJSON_Delete(j);

	j = get("/open311/v2/services/nope.json", NULL, &st);
	assert_error(j, st, 404);
	cJSON_Delete(j);
	j = get("/open311/v2/services.xml", NULL, &st);
	assert_error(j, st, 400);
	cJSON_Delete(j);
	j = get("/open311/v2/nothing-here", NULL, &st);
	assert_error(j, st, 404);
	cJSON_Delete(j);
}

static void test_submit_and_look_up(void **state)
{
	(void)state;
	long st;
	char path[128];
	/* The fake clock ticks with the real one from the group's start: pinned again here, the
	 * submission lands on 10:00:00 unless a second boundary falls within these few ms. */
	assert_int_equal(central_harness_set_now(h, "2024-03-12T10:00:00-04:00"), 0);
	cJSON *j = post_form(form("api_key=%s&service_code=complaint_agency&description="
	                          "Attente+tr%%C3%%A8s+longue&attribute%%5BLANGUAGE%%5D=fr&"
	                          "address_string=1+rue+Principale&address=1+rue+Principale&"
	                          "device_id=kiosk-7&first_name=&email=",
	                          h->api_key),
	                     NULL, &st);
	assert_int_equal(st, 201);
	cJSON *o = cJSON_GetArrayItem(j, 0);
	const char *id = str(o, "service_request_id");
	assert_int_equal(strlen(id), 10);
	assert_true(reference_damm_ok(id, 10));
	assert_non_null(strstr(str(o, "service_notice"), "10 jours ouvrables"));
	assert_non_null(strstr(str(o, "service_notice"), "26 mars 2024"));
	char saved_id[16], token[64];
	snprintf(saved_id, sizeof saved_id, "%s", id);
	snprintf(token, sizeof token, "%s", str(o, "token"));
	cJSON_Delete(j);

	snprintf(path, sizeof path, "/open311/v2/requests/%s.json?lang=en", saved_id);
	j = get(path, NULL, &st);
	assert_int_equal(st, 200);
	o = cJSON_GetArrayItem(j, 0);
	assert_string_equal(str(o, "service_request_id"), saved_id);
	assert_string_equal(str(o, "status"), "open");
	assert_string_equal(str(o, "service_name"), "Complaint about the agency");
	/* The central's clock runs on from 10:00: a loaded machine may take a few seconds. */
	assert_int_equal(strncmp(str(o, "requested_datetime"), "2024-03-12T10:0", 15), 0);
	assert_non_null(strstr(str(o, "requested_datetime"), "-04:00"));
	assert_string_equal(str(o, "expected_datetime"), "2024-03-26T17:00:00-04:00");
	/* No complaint text and no personal data on a look-up by reference. */
	assert_null(cJSON_GetObjectItem(o, "description"));
	assert_null(cJSON_GetObjectItem(o, "email"));
	cJSON_Delete(j);

	char out[256];
	assert_int_equal(central_harness_staff(h, out, sizeof out, "set-status", saved_id, "closed",
	                                       "--notes", "Answered by phone", NULL),
	                 0);
	j = get(path, NULL, &st);
	o = cJSON_GetArrayItem(j, 0);
	assert_string_equal(str(o, "status"), "closed");
	assert_string_equal(str(o, "status_notes"), "Answered by phone");
	cJSON_Delete(j);

	snprintf(path, sizeof path, "/open311/v2/tokens/%s.json", token);
	j = get(path, NULL, &st);
	assert_int_equal(st, 200);
	assert_string_equal(str(cJSON_GetArrayItem(j, 0), "service_request_id"), saved_id);
	cJSON_Delete(j);

	j = get(
	    "/open311/v2/requests.json?service_code=complaint_agency&start_date=2024-03-12T00:00:"
	    "00-04:00&device_id=kiosk-7",
	    NULL, &st);
	assert_int_equal(st, 200);
	assert_int_equal(cJSON_GetArraySize(j), 1);
	assert_string_equal(str(cJSON_GetArrayItem(j, 0), "device_id"), "kiosk-7");
	cJSON_Delete(j);
	j = get("/open311/v2/requests.json?start_date=2024-03-13", NULL, &st);
	assert_int_equal(cJSON_GetArraySize(j), 0);
	cJSON_Delete(j);
	j = get("/open311/v2/requests.json?start_date=yesterday", NULL, &st);
	assert_error(j, st, 400);
	cJSON_Delete(j);

	char multi[96];
	snprintf(multi, sizeof multi, "/open311/v2/requests.json?service_request_id=%s,123,%s",
	         saved_id, saved_id);
	j = get(multi, NULL, &st);
	assert_int_equal(st, 200);
	assert_int_equal(cJSON_GetArraySize(j), 2);
	cJSON_Delete(j);

	j = get("/open311/v2/requests/0000000000.json", NULL, &st);
	assert_error(j, st, 404);
	cJSON_Delete(j);
	j = get("/open311/v2/tokens/unknown.json", NULL, &st);
	assert_error(j, st, 404);
	cJSON_Delete(j);
	char list[4096];
	assert_int_equal(central_harness_staff(h, list, sizeof list, "list", "requests", NULL), 0);
	assert_non_null(strstr(list, saved_id));
	assert_null(strstr(list, "Attente"));
}

static void test_idempotency(void **state)
{
	(void)state;
	long st;
	const char *hdr[] = {"Idempotency-Key: 7d7f6a0e-2a7e-4f77-9a51-0f0a8e2b1c01", NULL};
	const char *body = form("api_key=%s&service_code=inquiry_general&description=Heures%%3F&"
	                        "attribute[CLIENT_REQUEST_ID]=7d7f6a0e-2a7e-4f77-9a51-0f0a8e2b1c01",
	                        h->api_key);
	char first[16];
	int64_t before = central_db_count(central_server_db(h->server), "requests");
	cJSON *j = post_form(body, hdr, &st);
	assert_int_equal(st, 201);
	snprintf(first, sizeof first, "%s", str(cJSON_GetArrayItem(j, 0), "service_request_id"));
	cJSON_Delete(j);
	for (int i = 0; i < 3; i++) {
		j = post_form(body, hdr, &st);
		assert_int_equal(st, 200);
		assert_string_equal(str(cJSON_GetArrayItem(j, 0), "service_request_id"), first);
		cJSON_Delete(j);
	}
	/* The CLIENT_REQUEST_ID alone is a key too. */
	j = post_form(body, NULL, &st);
	assert_int_equal(st, 200);
	assert_string_equal(str(cJSON_GetArrayItem(j, 0), "service_request_id"), first);
	cJSON_Delete(j);
	assert_int_equal(central_db_count(central_server_db(h->server), "requests"), before + 1);
	/* Found again by the look-up a kiosk does after a time-out. */
	j = get("/open311/v2/requests.json?client_request_id=7d7f6a0e-2a7e-4f77-9a51-0f0a8e2b1c01",
	        NULL, &st);
	assert_int_equal(cJSON_GetArraySize(j), 1);
	cJSON_Delete(j);
	const char *bad[] = {"Idempotency-Key: has space", NULL};
	j = post_form(body, bad, &st);
	assert_error(j, st, 400);
	cJSON_Delete(j);
}

static void test_keys_codes_and_required(void **state)
{
	(void)state;
	long st;
	int64_t before = central_db_count(central_server_db(h->server), "requests");
	cJSON *j =
	    post_form("api_key=wrong&service_code=complaint_agency&description=x", NULL, &st);
	assert_error(j, st, 403);
	cJSON_Delete(j);
	j = post_form("service_code=complaint_agency&description=x", NULL, &st);
	assert_error(j, st, 403);
	cJSON_Delete(j);
	j = post_form(form("api_key=%s&service_code=no_such&description=x", h->api_key), NULL, &st);
	assert_error(j, st, 404);
	cJSON_Delete(j);
	j = post_form(form("api_key=%s&description=x", h->api_key), NULL, &st);
	assert_error(j, st, 400);
	cJSON_Delete(j);
	/* Objections are not anonymous. */
	j = post_form(form("api_key=%s&service_code=objection&description=Non&first_name=Marie&"
	                   "last_name=Tremblay&email=marie%%40example.org",
	                   h->api_key),
	              NULL, &st);
	assert_error(j, st, 400);
	assert_non_null(strstr(str(cJSON_GetArrayItem(j, 0), "description"), "phone"));
	cJSON_Delete(j);
	j = post_form(form("api_key=%s&service_code=objection&description=Non&first_name=Marie&"
	                   "last_name=Tremblay&email=marie%%40example.org&phone=416-555-0100",
	                   h->api_key),
	              NULL, &st);
	assert_int_equal(st, 201);
	cJSON_Delete(j);
	j = post_form(
	    form("api_key=%s&service_code=feedback&description=x&email=not-an-email", h->api_key),
	    NULL, &st);
	assert_error(j, st, 400);
	cJSON_Delete(j);
	j = post_form(
	    form("api_key=%s&service_code=feedback&description=x&attribute[NOPE]=1", h->api_key),
	    NULL, &st);
	assert_error(j, st, 400);
	cJSON_Delete(j);
	j = post_form(form("api_key=%s&service_code=feedback&description=x&attribute[LANGUAGE]=de",
	                   h->api_key),
	              NULL, &st);
	assert_error(j, st, 400);
	cJSON_Delete(j);
	j = post_form(
	    form("api_key=%s&service_code=feedback&description=x&lat=91&long=0", h->api_key), NULL,
	    &st);
	assert_error(j, st, 400);
	cJSON_Delete(j);
	assert_int_equal(central_db_count(central_server_db(h->server), "requests"), before + 1);
}

static void test_bad_input(void **state)
{
	(void)state;
	long st;
	struct central_harness_response r;
	int64_t before = central_db_count(central_server_db(h->server), "requests");
	/* 4000 characters of two bytes each are fine; 4001 are not. */
	static char body[40000];
	int n = snprintf(body, sizeof body,
	                 "api_key=%s&service_code=feedback&description=", h->api_key);
	for (int i = 0; i < 4000; i++)
		n += snprintf(body + n, sizeof body - (size_t)n, "%%C3%%A9");
	cJSON *j = post_form(body, NULL, &st);
	assert_int_equal(st, 201);
	cJSON_Delete(j);
	snprintf(body + n, sizeof body - (size_t)n, "%%C3%%A9");
	j = post_form(body, NULL, &st);
	assert_error(j, st, 400);
	cJSON_Delete(j);
	/* Invalid UTF-8, overlong forms, NUL, bad escapes. */
	const char *bad[] = {"description=%FF%FE", "description=%C0%AF", "description=a%00b",
	                     "description=%E2%82", "description=%G1",    "description=%ED%A0%80"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		j = post_form(form("api_key=%s&service_code=feedback&%s", h->api_key, bad[i]), NULL,
		              &st);
		assert_error(j, st, 400);
		cJSON_Delete(j);
	}
	/* Too many fields; repeated field. */
	n = snprintf(body, sizeof body, "api_key=%s&service_code=feedback", h->api_key);
	for (int i = 0; i < 70; i++)
		n += snprintf(body + n, sizeof body - (size_t)n, "&f%d=1", i);
	j = post_form(body, NULL, &st);
	assert_error(j, st, 400);
	cJSON_Delete(j);
	j = post_form(form("api_key=%s&service_code=feedback&service_code=objection", h->api_key),
	              NULL, &st);
	assert_error(j, st, 400);
	cJSON_Delete(j);
	/* Oversize body: 413, read and dropped. */
	size_t big = 200 * 1024;
	char *huge = malloc(big);
	assert_non_null(huge);
	memset(huge, 'a', big);
	memcpy(huge, "description=", 12);
	assert_int_equal(central_harness_http(h, "POST", "/open311/v2/requests.json", FORM, huge,
	                                      big, NULL, false, &r),
	                 0);
	assert_int_equal(r.status, 413);
	central_harness_response_free(&r);
	free(huge);
	/* Far too large: refused before it is read (413 or a closed connection). */
	big = 8u << 20;
	huge = calloc(1, big);
	assert_non_null(huge);
	memset(huge, 'a', big);
	central_harness_http(h, "POST", "/open311/v2/requests.json", FORM, huge, big, NULL, false,
	                     &r);
	assert_true(r.status == 413 || r.status == 0);
	central_harness_response_free(&r);
	free(huge);
	/* Wrong content type, wrong method, bad query. */
	assert_int_equal(central_harness_http(h, "POST", "/open311/v2/requests.json",
	                                      "application/json", "{}", 2, NULL, false, &r),
	                 0);
	assert_int_equal(r.status, 415);
	central_harness_response_free(&r);
	assert_int_equal(central_harness_http(h, "DELETE", "/open311/v2/services.json", NULL, NULL,
	                                      0, NULL, false, &r),
	                 0);
	assert_int_equal(r.status, 405);
	central_harness_response_free(&r);
	j = get("/open311/v2/services.json?lang=%FF", NULL, &st);
	assert_error(j, st, 400);
	cJSON_Delete(j);
	/* The server is still fine and nothing was written by the failures. */
	assert_int_equal(central_db_count(central_server_db(h->server), "requests"), before + 1);
	j = get("/open311/v2/services.json", NULL, &st);
	assert_int_equal(st, 200);
	cJSON_Delete(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_discovery_and_services),
	    cmocka_unit_test(test_submit_and_look_up),
	    cmocka_unit_test(test_idempotency),
	    cmocka_unit_test(test_keys_codes_and_required),
	    cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
