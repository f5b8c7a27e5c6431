/* Test harness for the reference central. See central_harness.h. */
#include "tests/support/central_harness.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "central/cli.h"
#include "central/config.h"
#include "central/devca.h"
#include "central/server.h"
#include "firmware/core/calendar.h"

#define STAFF_MAX_ARGS 16

int central_harness_make_ca(char *dir, size_t cap)
{
	const char *tmp = getenv("TMPDIR");
	char path[256], err[160];
	if (!tmp || !*tmp)
		tmp = "/tmp";
	if ((size_t)snprintf(path, sizeof path, "%s/accueil-central-XXXXXX", tmp) >= sizeof path)
		return -ENAMETOOLONG;
	if (!mkdtemp(path))
		return -errno;
	int rc = central_devca_create(path, err, sizeof err);
	if (rc) {
		central_harness_rmtree(path);
		return rc;
	}
	if (strlen(path) >= cap) {
		central_harness_rmtree(path);
		return -ENAMETOOLONG;
	}
	memcpy(dir, path, strlen(path) + 1);
	return 0;
}

void central_harness_rmtree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -errno;
	size_t n = strlen(text);
	int rc = fwrite(text, 1, n, f) == n ? 0 : -EIO;
	if (fclose(f) != 0)
		rc = -EIO;
	return rc;
}

int central_harness_start(const struct central_harness_options *opts, struct central_harness **out)
{
	static const struct central_harness_options none;
	struct central_harness *h = calloc(1, sizeof *h);
	struct central_config *cfg = malloc(sizeof *cfg);
	struct central_server_options so;
	char err[160];
	int rc;
	if (!opts)
		opts = &none;
	if (!h || !cfg) {
		rc = -ENOMEM;
		goto fail_free;
	}
	rc = central_harness_make_ca(h->dir, sizeof h->dir);
	if (rc)
		goto fail_free;
	snprintf(h->ca_path, sizeof h->ca_path, "%s/ca.crt", h->dir);
	snprintf(h->client_cert, sizeof h->client_cert, "%s/kiosk.crt", h->dir);
	snprintf(h->client_key, sizeof h->client_key, "%s/kiosk.key", h->dir);
	snprintf(h->db_path, sizeof h->db_path, "%s/central.sqlite", h->dir);
	snprintf(h->api_key, sizeof h->api_key, "%s", opts->api_key ? opts->api_key : "test-key");
	central_config_defaults(cfg);
	if (opts->config_text) {
		char path[320];
		snprintf(path, sizeof path, "%s/central.conf", h->dir);
		rc = write_file(path, opts->config_text);
		if (!rc)
			rc = central_config_parse(cfg, opts->config_text, strlen(opts->config_text),
			                          NULL, err, sizeof err);
		if (rc) {
			fprintf(stderr, "central_harness: config: %s\n", err);
			goto fail_rmtree;
		}
	}
	rc = central_config_add_api_key(cfg, h->api_key);
	if (rc)
		goto fail_rmtree;
	char cert[320], key[320];
	snprintf(cert, sizeof cert, "%s/server.crt", h->dir);
	snprintf(key, sizeof key, "%s/server.key", h->dir);
	memset(&so, 0, sizeof so);
	so.db_path = h->db_path;
	so.addr = "127.0.0.1";
	so.port = 0;
	so.cert_path = cert;
	so.key_path = key;
	so.client_ca_path = opts->require_client_cert ? h->ca_path : NULL;
	so.config = cfg;
	so.threads = opts->threads;
	so.max_connections = opts->max_connections;
	so.per_ip_limit = opts->per_ip_limit;
	so.header_timeout_s = opts->header_timeout_s;
	so.log = opts->log;
	if (opts->fake_now) {
		if (calendar_parse_iso8601(opts->fake_now, strlen(opts->fake_now), &so.fake_now,
		                           NULL) != 0) {
			rc = -EINVAL;
			goto fail_rmtree;
		}
		so.has_fake_now = true;
	}
	rc = central_server_start(&so, &h->server, err, sizeof err);
	if (rc) {
		fprintf(stderr, "central_harness: %s\n", err);
		goto fail_rmtree;
	}
	h->port = central_server_port(h->server);
	snprintf(h->base_url, sizeof h->base_url, "https://127.0.0.1:%d", h->port);
	snprintf(h->open311_url, sizeof h->open311_url, "%s/open311/v2/", h->base_url);
	snprintf(h->queue_url, sizeof h->queue_url, "%s/queue/v1/", h->base_url);
	snprintf(h->kiosk_url, sizeof h->kiosk_url, "%s/kiosk/v1/", h->base_url);
	free(cfg);
	*out = h;
	return 0;

fail_rmtree:
	central_harness_rmtree(h->dir);
fail_free:
	free(cfg);
	free(h);
	return rc;
}

int central_harness_set_now(struct central_harness *h, const char *iso8601)
{
	int64_t t;
	if (!h || !iso8601 || calendar_parse_iso8601(iso8601, strlen(iso8601), &t, NULL) != 0)
		return -EINVAL;
	central_server_set_now(h->server, t);
	return 0;
}

int central_harness_staff(struct central_harness *h, char *out, size_t cap, const char *cmd, ...)
{
	char *argv[STAFF_MAX_ARGS + 10];
	char now[40], conf[320];
	int argc = 0;
	va_list ap;
	calendar_format_local(central_server_now(h->server), now, sizeof now);
	argv[argc++] = (char *)"accueil-central";
	argv[argc++] = (char *)cmd;
	argv[argc++] = (char *)"--db";
	argv[argc++] = h->db_path;
	argv[argc++] = (char *)"--fake-now";
	argv[argc++] = now;
	snprintf(conf, sizeof conf, "%s/central.conf", h->dir);
	if (access(conf, R_OK) == 0) {
		argv[argc++] = (char *)"--config";
		argv[argc++] = conf;
	}
	va_start(ap, cmd);
	for (const char *a = va_arg(ap, const char *); a && argc < STAFF_MAX_ARGS + 8;
	     a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return 1;
	int rc = central_cli_main(argc, argv, f, stderr);
	fclose(f);
	if (out && cap) {
		size_t n = len < cap - 1 ? len : cap - 1;
		memcpy(out, buf, n);
		out[n] = '\0';
	}
	free(buf);
	return rc;
}

struct sink {
	char *data;
	size_t len;
};

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct sink *s = userdata;
	size_t n = size * nmemb;
	/* Tests never need more than this; a larger body is a bug worth seeing as a failure. */
	if (s->len + n > (8u << 20))
		return 0;
	char *nd = realloc(s->data, s->len + n + 1);
	if (!nd)
		return 0;
	memcpy(nd + s->len, ptr, n);
	s->data = nd;
	s->len += n;
	s->data[s->len] = '\0';
	return n;
}

int central_harness_http(const struct central_harness *h, const char *method, const char *path,
                         const char *content_type, const char *body, size_t body_len,
                         const char *const *headers, bool client_cert,
                         struct central_harness_response *resp)
{
	char url[2048], ct[160];
	struct curl_slist *hl = NULL;
	struct sink s = {NULL, 0};
	memset(resp, 0, sizeof *resp);
	CURL *c = curl_easy_init();
	if (!c)
		return -ENOMEM;
	snprintf(url, sizeof url, "%s%s", h->base_url, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CAINFO, h->ca_path);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	if (client_cert) {
		curl_easy_setopt(c, CURLOPT_SSLCERT, h->client_cert);
		curl_easy_setopt(c, CURLOPT_SSLKEY, h->client_key);
	}
	if (strcmp(method, "GET") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
	}
	/* curl adds its own form content type to a POST unless told otherwise. */
	snprintf(ct, sizeof ct, "Content-Type:%s%s", content_type ? " " : "",
	         content_type ? content_type : "");
	hl = curl_slist_append(hl, ct);
	hl = curl_slist_append(hl, "Expect:");
	for (size_t i = 0; headers && headers[i]; i++)
		hl = curl_slist_append(hl, headers[i]);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	CURLcode cc = curl_easy_perform(c);
	resp->curl_code = (int)cc;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
	if (!s.data)
		s.data = calloc(1, 1);
	resp->body = s.data;
	resp->body_len = s.len;
	if (cc != CURLE_OK) {
		resp->status = 0;
		return -EIO;
	}
	return 0;
}

void central_harness_response_free(struct central_harness_response *resp)
{
	if (!resp)
		return;
	free(resp->body);
	resp->body = NULL;
	resp->body_len = 0;
}

void central_harness_stop(struct central_harness *h)
{
	if (!h)
		return;
	central_server_stop(h->server);
	central_harness_rmtree(h->dir);
	free(h);
}
