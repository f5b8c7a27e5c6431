/* libFuzzer target over the reference central's request handling and storage: the handler
 * behind libmicrohttpd (routing, authentication, idempotency, every endpoint) with a real SQLite
 * database in a temporary directory. The central runs in process on 127.0.0.1 (port 0) with a
 * development PKI made at start; each input becomes one HTTPS request on a kept-alive libcurl
 * connection. Input: byte 0 the method, byte 1 the route, byte 2 flags (bit 0: add the api_key,
 * bit 1: JSON content type, bit 2: form content type), then a line appended to the route
 * (path and query; bytes outside printable ASCII are percent-encoded), then header lines up to
 * an empty line (at most 8), then the body.
 * Fails (abort) when the central answers 500, answers with a body that is not JSON, or stops
 * answering: a storage or handler bug, not bad input. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "central/config.h"
#include "central/devca.h"
#include "central/server.h"

#define URL_MAX    4096
#define HEADER_MAX 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct central_server *server;
static CURL *easy;
static char base[64], ca_path[300];

static const char *const methods[] = {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"};
static const char *const routes[] = {
    "/open311/v2/requests.json",
    "/open311/v2/services.json",
    "/open311/v2/requests/",
    "/open311/v2/tokens/",
    "/open311/v2/services/",
    "/open311/v2/discovery.json",
    "/queue/v1/services",
    "/queue/v1/tickets",
    "/queue/v1/tickets/",
    "/kiosk/v1/heartbeat",
    "/kiosk/v1/feedback",
    "/kiosk/v1/notices",
    "/",
};

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct {
		char *data;
		size_t len;
	} *b = arg;
	size_t add = size * n;
	if (b->len + add > (1u << 20))
		return 0;
	char *nd = realloc(b->data, b->len + add + 1);
	if (!nd)
		return 0;
	memcpy(nd + b->len, p, add);
	b->data = nd;
	b->len += add;
	b->data[b->len] = '\0';
	return add;
}

/* Starts the central once per process; its directory is left for the system's tmp cleaning
 * (libFuzzer ends the process without a hook). */
static int start(void)
{
	static char dir[] = "/tmp/fuzz-central-XXXXXX";
	char err[160], cert[300], key[300], db[300];
	struct central_config *cfg = malloc(sizeof *cfg);
	struct central_server_options o;
	if (!cfg || !mkdtemp(dir) || central_devca_create(dir, err, sizeof err) != 0)
		return -1;
	central_config_defaults(cfg);
	central_config_add_api_key(cfg, "fuzz-key");
	snprintf(cert, sizeof cert, "%s/server.crt", dir);
	snprintf(key, sizeof key, "%s/server.key", dir);
	snprintf(db, sizeof db, "%s/central.sqlite", dir);
	snprintf(ca_path, sizeof ca_path, "%s/ca.crt", dir);
	memset(&o, 0, sizeof o);
	o.db_path = db;
	o.cert_path = cert;
	o.key_path = key;
	o.config = cfg;
	o.threads = 2;
	o.has_fake_now = true;
	o.fake_now = 1710252000; /* Tuesday 2024-03-12 10:00 Toronto: the queues are open */
	if (central_server_start(&o, &server, err, sizeof err) != 0) {
		free(cfg);
		return -1;
	}
	free(cfg);
	snprintf(base, sizeof base, "https://127.0.0.1:%u", (unsigned)central_server_port(server));
	curl_global_init(CURL_GLOBAL_DEFAULT);
	easy = curl_easy_init();
	return easy ? 0 : -1;
}

/* Appends src[0..n) to url, percent-encoding what a URL cannot carry as is. */
static void append_escaped(char *url, size_t *len, const uint8_t *src, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n && *len + 4 < URL_MAX; i++) {
		uint8_t c = src[i];
		if (c > 0x20 && c < 0x7F && c != '#' && c != '%' && c != '\\') {
			url[(*len)++] = (char)c;
		} else {
			url[(*len)++] = '%';
			url[(*len)++] = hex[c >> 4];
			url[(*len)++] = hex[c & 15];
		}
	}
	url[*len] = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char url[URL_MAX], line[512];
	struct curl_slist *hl = NULL;
	struct {
		char *data;
		size_t len;
	} body = {NULL, 0};
	if (!server && start() != 0)
		abort();
	if (size < 3)
		return 0;
	const char *method = methods[data[0] % (sizeof methods / sizeof methods[0])];
	const char *route = routes[data[1] % (sizeof routes / sizeof routes[0])];
	uint8_t flags = data[2];
	const uint8_t *p = data + 3, *end = data + size;
	size_t len = (size_t)snprintf(url, sizeof url, "%s%s", base, route);
	const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
	size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
	append_escaped(url, &len, p, n);
	p += n + (nl ? 1 : 0);
	if (flags & 1) {
		const char *sep = strchr(url + strlen(base), '?') ? "&" : "?";
		snprintf(url + len, sizeof url - len, "%sapi_key=fuzz-key", sep);
	}
	for (int h = 0; h < HEADER_MAX && p < end; h++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n == 0) {
			p += 1;
			break;
		}
		/* A header line is kept only when it is one (no control bytes, a colon). */
		bool ok = n < sizeof line && memchr(p, ':', n) != NULL;
		for (size_t i = 0; ok && i < n; i++)
			ok = p[i] >= 0x20 && p[i] != 0x7F;
		if (ok) {
			memcpy(line, p, n);
			line[n] = '\0';
			hl = curl_slist_append(hl, line);
		}
		p += n + (nl ? 1 : 0);
	}
	hl = curl_slist_append(hl, (flags & 2)   ? "Content-Type: application/json"
	                           : (flags & 4) ? "Content-Type: application/x-www-form-urlencoded"
	                                         : "Content-Type:");
	hl = curl_slist_append(hl, "Expect:");
	curl_easy_reset(easy);
	curl_easy_setopt(easy, CURLOPT_URL, url);
	curl_easy_setopt(easy, CURLOPT_CAINFO, ca_path);
	curl_easy_setopt(easy, CURLOPT_PROXY, "");
	curl_easy_setopt(easy, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(easy, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(easy, CURLOPT_WRITEDATA, &body);
	if (!strcmp(method, "HEAD"))
		curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "GET") != 0)
		curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method);
	if (p < end || !strcmp(method, "POST")) {
		curl_easy_setopt(easy, CURLOPT_POSTFIELDS, p < end ? (const char *)p : "");
		curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(end - p));
	}
	CURLcode rc = curl_easy_perform(easy);
	long status = 0;
	curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hl);
	/* The central must answer every request, never with 500 (an unexpected failure), and
	 * always with JSON (HEAD has no body). */
	if (rc != CURLE_OK || status == 500 || status == 0)
		abort();
	if (strcmp(method, "HEAD") != 0) {
		cJSON *j = body.data ? cJSON_Parse(body.data) : NULL;
		if (!j)
			abort();
		cJSON_Delete(j);
	}
	free(body.data);
	return 0;
}
