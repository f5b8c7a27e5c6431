/* The reference central against a hostile client on the same network (issue 7): connection
 * limits per address, slow clients, client certificates checked in the handshake and for their
 * purpose. Real HTTPS on loopback; the "attacker" connects from 127.0.0.2 (still loopback) so
 * that its address differs from the valid kiosk's 127.0.0.1. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <sqlite3.h>

#include "central/db.h"
#include "central/server.h"
#include "tests/support/central_harness.h"

#define ATTACKER "127.0.0.2"
#define NOTICES  "/kiosk/v1/notices?api_key=test-key" /* the harness's default key */

/* A TCP connection to the harness's port from a chosen loopback source address, or -1. */
static int connect_from(const char *src, int port)
{
	struct sockaddr_in a, b;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	inet_pton(AF_INET, src, &a.sin_addr);
	memset(&b, 0, sizeof b);
	b.sin_family = AF_INET;
	b.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, "127.0.0.1", &b.sin_addr);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    connect(fd, (struct sockaddr *)&b, sizeof b) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* True when the server has closed fd (end of stream or reset), waiting up to ms. */
static bool closed_by_server(int fd, int ms)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	char c;
	if (poll(&p, 1, ms) <= 0)
		return false;
	ssize_t n = recv(fd, &c, 1, MSG_DONTWAIT);
	return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* The start of a TLS record announcing 512 bytes of handshake that never come. */
static const char slow_hello[] = "\x16\x03\x01\x02\x00";

static void test_one_address_cannot_fill_the_server(void **state)
{
	(void)state;
	enum { TOTAL = 24, PER_IP = 6 };
	struct central_harness *h;
	struct central_harness_options o = {.max_connections = TOTAL, .per_ip_limit = PER_IP};
	struct central_harness_response r;
	int fds[TOTAL];
	assert_int_equal(central_harness_start(&o, &h), 0);
	for (int i = 0; i < TOTAL; i++) {
		fds[i] = connect_from(ATTACKER, h->port);
		assert_true(fds[i] >= 0);
		assert_int_equal(send(fds[i], slow_hello, 1, MSG_NOSIGNAL), 1);
	}
	/* The slow connections were accepted first; a kiosk from another address is served. */
	assert_int_equal(central_harness_http(h, "GET", NOTICES, NULL, NULL, 0, NULL, false, &r),
	                 0);
	assert_int_equal(r.status, 200);
	central_harness_response_free(&r);
	/* Exactly the per-address maximum of them is still open. */
	int open = 0;
	for (int i = 0; i < TOTAL; i++)
		open += !closed_by_server(fds[i], i < PER_IP ? 0 : 50);
	assert_int_equal(open, PER_IP);
	for (int i = 0; i < TOTAL; i++)
		close(fds[i]);
	central_harness_stop(h);
}

static void test_slow_headers_are_cut(void **state)
{
	(void)state;
	struct central_harness *h;
	struct central_harness_options o = {.header_timeout_s = 1};
	struct timespec t0;
	assert_int_equal(central_harness_start(&o, &h), 0);
	int fd = connect_from(ATTACKER, h->port);
	assert_true(fd >= 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* A byte every 200 ms: never idle, never done. Bounded to 5 s. */
	bool closed = false;
	for (int i = 0; i < 25 && !closed; i++) {
		closed = closed_by_server(fd, 200);
		if (!closed)
			closed = send(fd, i < 5 ? slow_hello + i : "\0", 1, MSG_NOSIGNAL) != 1;
	}
	double took = seconds_since(&t0);
	assert_true(closed);
	assert_true(took < 3.0); /* 1 s deadline, well before the 15 s idle timeout */
	close(fd);
	central_harness_stop(h);
}

static void test_handshake_requires_client_cert(void **state)
{
	(void)state;
	struct central_harness *h;
	struct central_harness_response r;
	struct central_harness_options o = {.require_client_cert = true};
	assert_int_equal(central_harness_start(&o, &h), 0);
	assert_int_equal(central_harness_http(h, "GET", NOTICES, NULL, NULL, 0, NULL, true, &r), 0);
	assert_int_equal(r.status, 200);
	central_harness_response_free(&r);
	/* Without one the TLS handshake fails: no HTTP answer at all (it used to be a 403). */
	assert_int_equal(central_harness_http(h, "GET", NOTICES, NULL, NULL, 0, NULL, false, &r),
	                 -EIO);
	assert_int_equal(r.status, 0);
	central_harness_response_free(&r);
	central_harness_stop(h);
}

static void test_server_cert_is_no_client_credential(void **state)
{
	(void)state;
	struct central_harness *h;
	struct central_harness_response r;
	struct central_harness_options o = {.require_client_cert = true};
	assert_int_equal(central_harness_start(&o, &h), 0);
	/* The central's own certificate: same CA, extended key usage serverAuth only. */
	struct central_harness fake = *h;
	snprintf(fake.client_cert, sizeof fake.client_cert, "%s/server.crt", h->dir);
	snprintf(fake.client_key, sizeof fake.client_key, "%s/server.key", h->dir);
	central_harness_http(&fake, "GET", NOTICES, NULL, NULL, 0, NULL, true, &r);
	assert_int_equal(r.status, 0);
	central_harness_response_free(&r);
	central_harness_stop(h);
}

static unsigned mode_of(const char *dir, const char *name)
{
	char path[400];
	struct stat st;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 0777;
}

static void write_heartbeat(central_db_t *db)
{
	struct central_heartbeat hb;
	memset(&hb, 0, sizeof hb);
	snprintf(hb.kiosk, sizeof hb.kiosk, "k1");
	assert_int_equal(central_db_heartbeat(db, &hb, 1700000000), 0);
}

static void test_database_files_are_private(void **state)
{
	(void)state;
	char dir[256], path[320];
	central_db_t *db;
	mode_t old = umask(022);
	assert_int_equal(central_harness_make_ca(dir, sizeof dir), 0);
	snprintf(path, sizeof path, "%s/c.sqlite", dir);
	assert_int_equal(central_db_open(path, true, &db), 0);
	write_heartbeat(db); /* the -wal and -shm files exist while it is open */
	assert_int_equal(mode_of(dir, "c.sqlite"), 0600);
	assert_int_equal(mode_of(dir, "c.sqlite-wal"), 0600);
	assert_int_equal(mode_of(dir, "c.sqlite-shm"), 0600);
	central_db_close(db);
	/* A file left readable by an older version is tightened when opened. */
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(central_db_open(path, false, &db), 0);
	assert_int_equal(mode_of(dir, "c.sqlite"), 0600);
	write_heartbeat(db);
	assert_int_equal(mode_of(dir, "c.sqlite-wal"), 0600);
	central_db_close(db);
	umask(old);
	central_harness_rmtree(dir);
}

/* POSTs body with an Idempotency-Key; returns the HTTP status. Keeps the answer in *out (may be
 * NULL; free with cJSON_Delete). */
static long post_keyed(struct central_harness *h, const char *path, const char *type,
                       const char *body, const char *key, cJSON **out)
{
	struct central_harness_response r;
	char hdr[160];
	const char *headers[] = {hdr, NULL};
	snprintf(hdr, sizeof hdr, "Idempotency-Key: %s", key);
	assert_int_equal(
	    central_harness_http(h, "POST", path, type, body, strlen(body), headers, false, &r), 0);
	if (out)
		*out = cJSON_Parse(r.body);
	central_harness_response_free(&r);
	return r.status;
}

static long post_json(struct central_harness *h, const char *path, const char *body)
{
	return post_keyed(h, path, "application/json", body, "cc-1", NULL);
}

static void test_control_characters_refused(void **state)
{
	(void)state;
	struct central_harness *h;
	assert_int_equal(central_harness_start(NULL, &h), 0);
	const char *bad[] = {
	    "{\"kiosk\":\"k1\",\"version\":\"1.0\\u001b[2J\"}",
	    "{\"kiosk\":\"k1\",\"version\":\"1.0\\tforged\"}",
	    "{\"kiosk\":\"k1\",\"version\":\"1.0\\u009b31m\"}",
	    "{\"kiosk\":\"k1\",\"version\":\"1.0\\u007f\"}",
	    "{\"kiosk\":\"k1\",\"checks\":{\"printer\":\"fail: \\u001b]0;owned\\u0007\"}}",
	    "{\"kiosk\":\"k1\",\"checks\":{\"a\\nb\":\"ok\"}}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(post_json(h, "/kiosk/v1/heartbeat?api_key=test-key", bad[i]), 400);
	assert_int_equal(post_json(h, "/kiosk/v1/feedback?api_key=test-key",
	                           "{\"task\":\"ticket\",\"rating\":3,\"comment\":\"x\\u009by\"}"),
	                 400);
	assert_int_equal(central_db_count(central_server_db(h->server), "kiosks"), 0);
	/* What the protocol has a use for still goes through. */
	assert_int_equal(post_json(h, "/kiosk/v1/heartbeat?api_key=test-key",
	                           "{\"kiosk\":\"k1\",\"version\":\"1.0 — é\","
	                           "\"checks\":{\"printer\":\"fail: paper out\"}}"),
	                 200);
	assert_int_equal(post_json(h, "/kiosk/v1/feedback?api_key=test-key",
	                           "{\"task\":\"ticket\",\"rating\":3,\"comment\":\"a\\nb\"}"),
	                 201);
	central_harness_stop(h);
}

/* Counts the tab-separated columns of the line of out that starts with prefix. */
static int columns_of(const char *out, const char *prefix)
{
	const char *l = strstr(out, prefix);
	int n = 1;
	assert_non_null(l);
	for (; *l && *l != '\n'; l++)
		n += *l == '\t';
	return n;
}

static void test_listings_escape_what_was_stored(void **state)
{
	(void)state;
	struct central_harness *h;
	char out[4096];
	sqlite3 *raw;
	assert_int_equal(central_harness_start(NULL, &h), 0);
	/* A row stored before input was checked (or by another writer) still prints safely. */
	assert_int_equal(sqlite3_open(h->db_path, &raw), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(raw,
	                 "INSERT INTO kiosks(kiosk, version, uptime_s, outbox_pending,"
	                 " outbox_oldest_s, checks, last_seen) VALUES('k9', '1.0' || char(27) ||"
	                 " '[2J' || char(9) || 'forged' || char(155) || '\\', 1, 0, 0, '', 1)",
	                 NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(raw);
	assert_int_equal(central_harness_staff(h, out, sizeof out, "list", "kiosks", NULL), 0);
	assert_null(strchr(out, 0x1b));
	assert_non_null(strstr(out, "k9\t1.0\\x1b[2J\\x09forged\\u009b\\\\\t"));
	assert_int_equal(columns_of(out, "k9\t"), columns_of(out, "kiosk\t"));
	/* Staff text with an escape sequence is refused at the command line. */
	assert_int_equal(central_harness_staff(h, out, sizeof out, "notice-add", "--severity",
	                                       "info", "--reason-fr", "a\x1b[2Jb", "--reason-en",
	                                       "x", NULL),
	                 2);
	central_harness_stop(h);
}

static void test_request_log_escapes_the_method(void **state)
{
	(void)state;
	struct central_harness *h;
	struct central_harness_response r;
	char *text = NULL;
	size_t len = 0;
	FILE *log = open_memstream(&text, &len);
	assert_non_null(log);
	struct central_harness_options o = {.log = log};
	assert_int_equal(central_harness_start(&o, &h), 0);
	central_harness_http(h, "G\x1b[2JT", NOTICES, NULL, NULL, 0, NULL, false, &r);
	central_harness_response_free(&r);
	central_harness_stop(h);
	fclose(log);
	assert_non_null(strstr(text, "/kiosk/v1/notices 405"));
	assert_null(strchr(text, 0x1b));
	free(text);
}

/* The answer is the Open311 error shape with code 422. */
static void assert_422(cJSON *j)
{
	assert_true(cJSON_IsArray(j));
	cJSON *e = cJSON_GetArrayItem(j, 0);
	assert_int_equal(cJSON_GetObjectItem(e, "code")->valueint, 422);
	assert_true(cJSON_IsString(cJSON_GetObjectItem(e, "description")));
	cJSON_Delete(j);
}

static void test_idempotency_key_bound_to_its_body(void **state)
{
	(void)state;
	struct central_harness *h;
	struct central_harness_options o = {.fake_now = "2024-03-12T10:00:00-04:00"};
	const char *form = "application/x-www-form-urlencoded";
	char a[256], b[256];
	cJSON *j;
	assert_int_equal(central_harness_start(&o, &h), 0);
	central_db_t *db = central_server_db(h->server);
	snprintf(a, sizeof a, "api_key=%s&service_code=feedback&description=first", h->api_key);
	snprintf(b, sizeof b, "api_key=%s&service_code=feedback&description=second", h->api_key);
	assert_int_equal(post_keyed(h, "/open311/v2/requests.json", form, a, "k-req", NULL), 201);
	assert_int_equal(post_keyed(h, "/open311/v2/requests.json", form, a, "k-req", NULL), 200);
	assert_int_equal(post_keyed(h, "/open311/v2/requests.json", form, b, "k-req", &j), 422);
	assert_422(j);
	assert_int_equal(central_db_count(db, "requests"), 1);

	const char *t1 = "{\"service\":\"A\",\"lang\":\"fr\"}";
	const char *t2 = "{\"service\":\"A\",\"lang\":\"fr\",\"priority\":true}";
	assert_int_equal(post_keyed(h, "/queue/v1/tickets", "application/json", t1, "k-t", NULL),
	                 201);
	assert_int_equal(post_keyed(h, "/queue/v1/tickets", "application/json", t1, "k-t", NULL),
	                 200);
	assert_int_equal(post_keyed(h, "/queue/v1/tickets", "application/json", t2, "k-t", &j),
	                 422);
	assert_422(j);
	assert_int_equal(central_db_count(db, "tickets"), 1);

	const char *f1 = "{\"task\":\"ticket\",\"rating\":5}";
	const char *f2 = "{\"task\":\"ticket\",\"rating\":1}";
	assert_int_equal(post_keyed(h, "/kiosk/v1/feedback?api_key=test-key", "application/json",
	                            f1, "k-f", NULL),
	                 201);
	assert_int_equal(
	    post_keyed(h, "/kiosk/v1/feedback?api_key=test-key", "application/json", f2, "k-f", &j),
	    422);
	assert_422(j);
	assert_int_equal(post_keyed(h, "/kiosk/v1/feedback?api_key=test-key", "application/json",
	                            f1, "k-f", NULL),
	                 200);
	assert_int_equal(central_db_count(db, "feedback"), 1);
	central_harness_stop(h);
}

/* A heartbeat for kiosk posted with key (NULL: none), optionally with the client certificate. */
static long heartbeat_as(struct central_harness *h, const char *kiosk, const char *key, bool cert)
{
	struct central_harness_response r;
	char path[200], body[200];
	snprintf(path, sizeof path, "/kiosk/v1/heartbeat%s%s", key ? "?api_key=" : "",
	         key ? key : "");
	snprintf(body, sizeof body, "{\"kiosk\":\"%s\",\"uptime_s\":5}", kiosk);
	central_harness_http(h, "POST", path, "application/json", body, strlen(body), NULL, cert,
	                     &r);
	central_harness_response_free(&r);
	return r.status;
}

static long get_status(struct central_harness *h, const char *path)
{
	struct central_harness_response r;
	central_harness_http(h, "GET", path, NULL, NULL, 0, NULL, false, &r);
	central_harness_response_free(&r);
	return r.status;
}

static void test_kiosk_calls_need_their_credential(void **state)
{
	(void)state;
	struct central_harness *h;
	struct central_harness_options o = {.config_text =
	                                        "[kiosk lobby-1-k2]\napi_key = k2-secret\n"
	                                        "[kiosk lobby-1-k3]\napi_key = k3-secret\n"};
	assert_int_equal(central_harness_start(&o, &h), 0);
	central_db_t *db = central_server_db(h->server);
	/* No key, a wrong key: refused, nothing stored. */
	assert_int_equal(get_status(h, "/kiosk/v1/notices"), 403);
	assert_int_equal(get_status(h, "/kiosk/v1/notices?api_key=nope"), 403);
	assert_int_equal(heartbeat_as(h, "lobby-9", NULL, false), 403);
	assert_int_equal(heartbeat_as(h, "lobby-9", "nope", false), 403);
	assert_int_equal(post_keyed(h, "/kiosk/v1/feedback", "application/json",
	                            "{\"task\":\"ticket\",\"rating\":5}", "fb-x", NULL),
	                 403);
	assert_int_equal(central_db_count(db, "kiosks"), 0);
	assert_int_equal(central_db_count(db, "feedback"), 0);
	/* A kiosk with a key of its own: only that key speaks for it, and it speaks for no other.
	 */
	assert_int_equal(heartbeat_as(h, "lobby-1-k2", "test-key", false), 403);
	assert_int_equal(heartbeat_as(h, "lobby-1-k2", "k3-secret", false), 403);
	assert_int_equal(heartbeat_as(h, "lobby-9", "k2-secret", false), 403);
	assert_int_equal(central_db_count(db, "kiosks"), 0);
	assert_int_equal(heartbeat_as(h, "lobby-1-k2", "k2-secret", false), 200);
	/* A kiosk without one: the shared key. */
	assert_int_equal(heartbeat_as(h, "lobby-9", "test-key", false), 200);
	assert_int_equal(get_status(h, "/kiosk/v1/notices?api_key=k3-secret"), 200);
	assert_int_equal(central_db_count(db, "kiosks"), 2);
	central_harness_stop(h);

	/* With client certificates, the certificate names the kiosk (CN=kiosk-dev here). */
	struct central_harness_options m = {.require_client_cert = true};
	assert_int_equal(central_harness_start(&m, &h), 0);
	assert_int_equal(heartbeat_as(h, "someone-else", "test-key", true), 403);
	assert_int_equal(heartbeat_as(h, "kiosk-dev", "test-key", true), 200);
	central_harness_stop(h);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_one_address_cannot_fill_the_server),
	    cmocka_unit_test(test_slow_headers_are_cut),
	    cmocka_unit_test(test_handshake_requires_client_cert),
	    cmocka_unit_test(test_server_cert_is_no_client_credential),
	    cmocka_unit_test(test_database_files_are_private),
	    cmocka_unit_test(test_control_characters_refused),
	    cmocka_unit_test(test_listings_escape_what_was_stored),
	    cmocka_unit_test(test_request_log_escapes_the_method),
	    cmocka_unit_test(test_idempotency_key_bound_to_its_body),
	    cmocka_unit_test(test_kiosk_calls_need_their_credential),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
