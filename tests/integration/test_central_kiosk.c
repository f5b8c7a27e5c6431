/* The reference central's kiosk API, TLS settings and command line: notices, heartbeat, feedback,
 * required client certificates, TLS versions, `serve` as a process with SIGTERM, `dev-ca`. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "central/cli.h"
#include "central/db.h"
#include "central/server.h"
#include "tests/support/central_harness.h"

#define JSON "application/json"

static cJSON *call(struct central_harness *h, const char *method, const char *path,
                   const char *body, const char *key, long *status)
{
	struct central_harness_response r;
	char hdr[200], keyed[512];
	const char *headers[] = {hdr, NULL};
	snprintf(hdr, sizeof hdr, "Idempotency-Key: %s", key ? key : "");
	/* The kiosk API wants the kiosk's api_key on every call. */
	if (!strncmp(path, "/kiosk/v1/", 10)) {
		snprintf(keyed, sizeof keyed, "%s%capi_key=%s", path, strchr(path, '?') ? '&' : '?',
		         h->api_key);
		path = keyed;
	}
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

static const char *str(cJSON *o, const char *name)
{
	cJSON *v = cJSON_GetObjectItem(o, name);
	assert_true(cJSON_IsString(v));
	return v->valuestring;
}

static void test_notices(void **state)
{
	(void)state;
	struct central_harness *h;
	struct central_harness_options o = {.fake_now = "2024-03-12T10:00:00-04:00"};
	char out[256], id[32];
	long st;
	assert_int_equal(central_harness_start(&o, &h), 0);
	cJSON *j = call(h, "GET", "/kiosk/v1/notices?site=lobby-1", NULL, NULL, &st);
	assert_int_equal(st, 200);
	assert_int_equal(cJSON_GetArraySize(j), 0);
	cJSON_Delete(j);
	assert_int_equal(central_harness_staff(h, out, sizeof out, "notice-add", "--severity",
	                                       "closure", "--reason-fr", "Panne de courant",
	                                       "--reason-en", "Power outage", "--until",
	                                       "2024-03-12T14:00:00-04:00", "--alternatives-fr",
	                                       "Téléphone : 1-800-555-0100", "--alternatives-en",
	                                       "Phone: 1-800-555-0100", NULL),
	                 0);
	size_t idl = strcspn(out, "\n");
	assert_true(idl > 0 && idl < sizeof id);
	memcpy(id, out, idl);
	id[idl] = '\0';
	assert_int_equal(central_harness_staff(h, out, sizeof out, "notice-add", "--severity",
	                                       "info", "--reason-fr", "Autre site", "--reason-en",
	                                       "Other site", "--site", "lobby-2", NULL),
	                 0);
	j = call(h, "GET", "/kiosk/v1/notices?site=lobby-1", NULL, NULL, &st);
	assert_int_equal(cJSON_GetArraySize(j), 1);
	cJSON *n = cJSON_GetArrayItem(j, 0);
	assert_string_equal(str(n, "id"), id);
	assert_string_equal(str(n, "severity"), "closure");
	assert_string_equal(str(cJSON_GetObjectItem(n, "reason"), "fr"), "Panne de courant");
	assert_string_equal(str(cJSON_GetObjectItem(n, "alternatives"), "en"),
	                    "Phone: 1-800-555-0100");
	assert_string_equal(str(n, "until"), "2024-03-12T14:00:00-04:00");
	cJSON_Delete(j);
	j = call(h, "GET", "/kiosk/v1/notices?site=lobby-2", NULL, NULL, &st);
	assert_int_equal(cJSON_GetArraySize(j), 2);
	cJSON_Delete(j);
	/* Past its end it is gone. */
	central_harness_set_now(h, "2024-03-12T14:00:01-04:00");
	j = call(h, "GET", "/kiosk/v1/notices?site=lobby-1", NULL, NULL, &st);
	assert_int_equal(cJSON_GetArraySize(j), 0);
	cJSON_Delete(j);
	assert_int_equal(central_harness_staff(h, out, sizeof out, "notice-clear", "all", NULL), 0);
	j = call(h, "GET", "/kiosk/v1/notices", NULL, NULL, &st);
	assert_int_equal(cJSON_GetArraySize(j), 0);
	cJSON_Delete(j);
	assert_int_equal(central_harness_staff(h, out, sizeof out, "notice-clear", id, NULL), 1);
	assert_int_equal(central_harness_staff(h, out, sizeof out, "notice-add", "--severity",
	                                       "loud", "--reason-fr", "x", "--reason-en", "x",
	                                       NULL),
	                 2);
	j = call(h, "GET", "/kiosk/v1/notices?site=has%20space", NULL, NULL, &st);
	assert_int_equal(st, 400);
	cJSON_Delete(j);
	central_harness_stop(h);
}

static void test_heartbeat_and_feedback(void **state)
{
	(void)state;
	struct central_harness *h;
	char list[2048];
	long st;
	assert_int_equal(central_harness_start(NULL, &h), 0);
	cJSON *j =
	    call(h, "POST", "/kiosk/v1/heartbeat",
	         "{\"kiosk\":\"lobby-1-k2\",\"version\":\"1.4.0\",\"uptime_s\":3600,"
	         "\"outbox\":{\"pending\":3,\"oldest_s\":120},\"checks\":{\"printer\":\"ok\"},"
	         "\"assistance_calls\":2}",
	         NULL, &st);
	assert_int_equal(st, 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "ok")));
	cJSON_Delete(j);
	assert_int_equal(central_harness_staff(h, list, sizeof list, "list", "kiosks", NULL), 0);
	assert_non_null(strstr(list, "lobby-1-k2\t1.4.0\t"));
	assert_non_null(strstr(list, "\t3600\t3\t120\t2\t"));
	/* staff calls add up across heartbeats; a heartbeat without any keeps the count */
	j = call(h, "POST", "/kiosk/v1/heartbeat",
	         "{\"kiosk\":\"lobby-1-k2\",\"uptime_s\":3660,\"assistance_calls\":1}", NULL, &st);
	assert_int_equal(st, 200);
	cJSON_Delete(j);
	j = call(h, "POST", "/kiosk/v1/heartbeat", "{\"kiosk\":\"lobby-1-k2\",\"uptime_s\":3720}",
	         NULL, &st);
	cJSON_Delete(j);
	assert_int_equal(central_harness_staff(h, list, sizeof list, "list", "kiosks", NULL), 0);
	assert_non_null(strstr(list, "\t3720\t0\t0\t3\t"));
	const char *bad_hb[] = {"{}",
	                        "{\"kiosk\":\"\"}",
	                        "{\"kiosk\":\"k\",\"uptime_s\":-1}",
	                        "{\"kiosk\":\"k\",\"outbox\":{\"pending\":\"3\"}}",
	                        "{\"kiosk\":\"k\",\"checks\":[1]}",
	                        "{\"kiosk\":\"k\",\"assistance_calls\":-1}"};
	for (size_t i = 0; i < sizeof bad_hb / sizeof bad_hb[0]; i++) {
		j = call(h, "POST", "/kiosk/v1/heartbeat", bad_hb[i], NULL, &st);
		assert_int_equal(st, 400);
		cJSON_Delete(j);
	}

	const char *fb =
	    "{\"task\":\"ticket\",\"rating\":4,\"comment\":\"Très bien\",\"lang\":\"fr\"}";
	j = call(h, "POST", "/kiosk/v1/feedback", fb, "fb-1", &st);
	assert_int_equal(st, 201);
	char id[32];
	snprintf(id, sizeof id, "%s", str(j, "id"));
	cJSON_Delete(j);
	j = call(h, "POST", "/kiosk/v1/feedback", fb, "fb-1", &st);
	assert_int_equal(st, 200);
	assert_string_equal(str(j, "id"), id);
	cJSON_Delete(j);
	assert_int_equal(central_db_count(central_server_db(h->server), "feedback"), 1);
	const char *bad_fb[] = {"{\"task\":\"ticket\",\"rating\":6}",
	                        "{\"task\":\"x\",\"rating\":3}", "{\"task\":\"status\"}",
	                        "{\"task\":\"status\",\"rating\":2.5}",
	                        "{\"task\":\"status\",\"rating\":2,\"comment\":7}"};
	for (size_t i = 0; i < sizeof bad_fb / sizeof bad_fb[0]; i++) {
		j = call(h, "POST", "/kiosk/v1/feedback", bad_fb[i], NULL, &st);
		assert_int_equal(st, 400);
		cJSON_Delete(j);
	}
	j = call(h, "GET", "/kiosk/v1/feedback", NULL, NULL, &st);
	assert_int_equal(st, 405);
	cJSON_Delete(j);
	assert_int_equal(central_db_count(central_server_db(h->server), "feedback"), 1);
	central_harness_stop(h);
}

static void test_client_certificates(void **state)
{
	(void)state;
	struct central_harness *h;
	struct central_harness_response r;
	struct central_harness_options o = {.require_client_cert = true};
	assert_int_equal(central_harness_start(&o, &h), 0);
	assert_int_equal(central_harness_http(h, "GET", "/kiosk/v1/notices?api_key=test-key", NULL,
	                                      NULL, 0, NULL, true, &r),
	                 0);
	assert_int_equal(r.status, 200);
	central_harness_response_free(&r);
	/* Without one: refused (403, or the handshake fails). */
	central_harness_http(h, "GET", "/kiosk/v1/notices?api_key=test-key", NULL, NULL, 0, NULL,
	                     false, &r);
	assert_true(r.status == 403 || r.status == 0);
	central_harness_response_free(&r);
	/* A certificate from another CA: refused too. */
	char other[256], cert[320], key[320];
	assert_int_equal(central_harness_make_ca(other, sizeof other), 0);
	struct central_harness fake = *h;
	snprintf(cert, sizeof cert, "%s/kiosk.crt", other);
	snprintf(key, sizeof key, "%s/kiosk.key", other);
	snprintf(fake.client_cert, sizeof fake.client_cert, "%s", cert);
	snprintf(fake.client_key, sizeof fake.client_key, "%s", key);
	central_harness_http(&fake, "GET", "/kiosk/v1/notices?api_key=test-key", NULL, NULL, 0,
	                     NULL, true, &r);
	assert_true(r.status == 403 || r.status == 0);
	central_harness_response_free(&r);
	central_harness_rmtree(other);
	central_harness_stop(h);
}

static void test_tls_versions(void **state)
{
	(void)state;
	struct central_harness *h;
	char url[128];
	assert_int_equal(central_harness_start(NULL, &h), 0);
	snprintf(url, sizeof url, "%s/kiosk/v1/notices", h->base_url);
	const long versions[][2] = {
	    {CURL_SSLVERSION_TLSv1_2, CURL_SSLVERSION_MAX_TLSv1_2},
	    {CURL_SSLVERSION_TLSv1_3, CURL_SSLVERSION_MAX_TLSv1_3},
	    {CURL_SSLVERSION_TLSv1_1, CURL_SSLVERSION_MAX_TLSv1_1},
	};
	for (int i = 0; i < 3; i++) {
		CURL *c = curl_easy_init();
		FILE *devnull = fopen("/dev/null", "w");
		curl_easy_setopt(c, CURLOPT_URL, url);
		curl_easy_setopt(c, CURLOPT_CAINFO, h->ca_path);
		curl_easy_setopt(c, CURLOPT_SSLVERSION, versions[i][0] | versions[i][1]);
		curl_easy_setopt(c, CURLOPT_WRITEDATA, devnull);
		curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
		CURLcode rc = curl_easy_perform(c);
		if (i < 2)
			assert_int_equal(rc, CURLE_OK);
		else
			assert_int_not_equal(rc, CURLE_OK);
		curl_easy_cleanup(c);
		fclose(devnull);
	}
	central_harness_stop(h);
}

/* The built program, found through the test runner's ACCUEIL_BUILD. */
static const char *central_binary(char *buf, size_t cap)
{
	const char *b = getenv("ACCUEIL_BUILD");
	snprintf(buf, cap, "%s/accueil-central", b && *b ? b : "build");
	return access(buf, X_OK) == 0 ? buf : NULL;
}

static void test_serve_process(void **state)
{
	(void)state;
	char bin[512], dir[256], db[320], cert[320], key[320], line[256] = "";
	int pipefd[2];
	if (!central_binary(bin, sizeof bin))
		skip();
	assert_int_equal(central_harness_make_ca(dir, sizeof dir), 0);
	snprintf(db, sizeof db, "%s/c.sqlite", dir);
	snprintf(cert, sizeof cert, "%s/server.crt", dir);
	snprintf(key, sizeof key, "%s/server.key", dir);
	assert_int_equal(pipe(pipefd), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(pipefd[1], 1);
		close(pipefd[0]);
		execl(bin, bin, "serve", "--db", db, "--addr", "127.0.0.1", "--port", "0", "--cert",
		      cert, "--key", key, "--quiet", (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	FILE *f = fdopen(pipefd[0], "r");
	assert_non_null(fgets(line, sizeof line, f));
	unsigned port = 0;
	assert_int_equal(sscanf(line, "listening on https://127.0.0.1:%u", &port), 1);
	assert_true(port > 0);
	/* Talk to it, then stop it. */
	struct central_harness fake;
	memset(&fake, 0, sizeof fake);
	snprintf(fake.base_url, sizeof fake.base_url, "https://127.0.0.1:%u", port);
	snprintf(fake.ca_path, sizeof fake.ca_path, "%s/ca.crt", dir);
	struct central_harness_response r;
	assert_int_equal(
	    central_harness_http(
	        &fake, "POST", "/open311/v2/requests.json", "application/x-www-form-urlencoded",
	        "api_key=dev-key&service_code=feedback&description=ok", 52, NULL, false, &r),
	    0);
	assert_int_equal(r.status, 201);
	central_harness_response_free(&r);
	kill(pid, SIGTERM);
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	fclose(f);
	/* The acknowledged request is in the file. */
	central_db_t *d;
	assert_int_equal(central_db_open(db, false, &d), 0);
	assert_int_equal(central_db_count(d, "requests"), 1);
	central_db_close(d);
	central_harness_rmtree(dir);
}

static void test_dev_ca_never_overwrites(void **state)
{
	(void)state;
	char dir[256], path[320], before[1024] = "", after[1024] = "";
	assert_int_equal(central_harness_make_ca(dir, sizeof dir), 0);
	snprintf(path, sizeof path, "%s/ca.crt", dir);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	assert_true(fread(before, 1, sizeof before - 1, f) > 0);
	fclose(f);
	struct stat st;
	snprintf(path, sizeof path, "%s/server.key", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* Remove one file: the command must still refuse, and write nothing. */
	unlink(path);
	char out[256];
	char *argv[] = {(char *)"accueil-central", (char *)"dev-ca", dir, NULL};
	FILE *o = fopen("/dev/null", "w");
	assert_int_equal(central_cli_main(3, argv, o, o), 1);
	fclose(o);
	assert_int_not_equal(access(path, F_OK), 0);
	snprintf(path, sizeof path, "%s/ca.crt", dir);
	f = fopen(path, "r");
	assert_true(fread(after, 1, sizeof after - 1, f) > 0);
	fclose(f);
	assert_string_equal(before, after);
	(void)out;
	central_harness_rmtree(dir);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_notices),
	    cmocka_unit_test(test_heartbeat_and_feedback),
	    cmocka_unit_test(test_client_certificates),
	    cmocka_unit_test(test_tls_versions),
	    cmocka_unit_test(test_serve_process),
	    cmocka_unit_test(test_dev_ca_never_overwrites),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
