/* The libcurl multi adapter. One struct xfer per submitted request lives from net_submit until
 * net_take_result hands its result over; its easy handle is reused for retries so the connection
 * cache of the multi handle keeps TLS sessions warm. */
#include "firmware/services/net.h"

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <arpa/inet.h>
#include <curl/curl.h>

#include "firmware/core/text.h"
#include "firmware/services/net_form.h"
#include "firmware/services/net_random.h"

#define NET_URL_MAX 2048

enum xfer_state {
	XFER_WAITING, /* not started, or between attempts: starts at due_ms */
	XFER_RUNNING, /* in the multi handle */
	XFER_DONE,    /* result ready, not taken */
};

struct xfer {
	struct xfer *next;
	uint64_t id;
	uint64_t tag;
	enum xfer_state state;
	CURL *easy;
	struct curl_slist *headers;
	char *url;
	char *body;
	size_t body_len;
	bool is_post;
	bool retry_safe;
	bool background;
	uint32_t timeout_ms;
	uint64_t submitted_ms;
	uint64_t due_ms;
	uint64_t finished_ms;
	unsigned attempts;
	/* The reply of the current attempt. */
	char *resp;
	size_t resp_len;
	size_t resp_cap;
	bool too_large;
	size_t max_body;    /* the net's cap, copied so callbacks need only the xfer */
	time_t date;        /* Date header, 0 when none */
	time_t retry_at;    /* Retry-After as an HTTP-date, 0 when none */
	long retry_after_s; /* Retry-After in seconds, -1 when none */
	/* The final outcome, once XFER_DONE. */
	enum net_error error;
	long status;
	bool maybe_sent;
	uint64_t retry_after_ms;
	char ctype[NET_CTYPE_MAX];
	char clang[NET_LANG_MAX]; /* Content-Language of the reply, "" when none */
};

struct net {
	CURLM *multi;
	struct xfer *xfers; /* submission order */
	uint64_t next_id;
	size_t running;
	bool openssl; /* libcurl's TLS backend is OpenSSL: its verify codes can be read */
	char *base_url;
	char *ca_file;
	char *client_cert;
	char *client_key;
	char *pinned_pubkey;
	char *user_agent;
	char *proxy; /* NULL: none */
	uint32_t connect_timeout_ms;
	uint32_t timeout_ms;
	size_t max_body;
	unsigned max_attempts;
	uint32_t backoff_base_ms;
	uint32_t backoff_cap_ms;
	uint32_t retry_after_max_ms;
	uint32_t io_poll_ms;
	uint32_t busy_after_ms;
};

/* ---- libcurl ---- */

/* libcurl is loaded when the first client is made, not when the program starts: with its
 * TLS, LDAP and Kerberos libraries it is about 30 shared objects whose loading and symbol
 * relocation would delay the kiosk's first frame by ~10 ms (SPEC.md §5). It stays loaded
 * until the process ends (OpenSSL's exit handlers live in it). */
#ifndef NET_LIBCURL
#define NET_LIBCURL "libcurl.so.4"
#endif

static struct {
	CURLcode (*global_init)(long flags);
	void (*global_cleanup)(void);
	curl_version_info_data *(*version_info)(CURLversion v);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *e, CURLoption opt, ...);
	CURLcode (*easy_getinfo)(CURL *e, CURLINFO info, ...);
	void (*easy_cleanup)(CURL *e);
	struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
	void (*slist_free_all)(struct curl_slist *l);
	time_t (*getdate)(const char *s, const time_t *unused);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_add_handle)(CURLM *m, CURL *e);
	CURLMcode (*multi_remove_handle)(CURLM *m, CURL *e);
	CURLMcode (*multi_perform)(CURLM *m, int *running);
	CURLMsg *(*multi_info_read)(CURLM *m, int *left);
	CURLMcode (*multi_timeout)(CURLM *m, long *ms);
	CURLMcode (*multi_poll)(CURLM *m, struct curl_waitfd fds[], unsigned n, int ms, int *ret);
	CURLMcode (*multi_wakeup)(CURLM *m);
	CURLMcode (*multi_cleanup)(CURLM *m);
} lc;
static bool lc_loaded;
static pthread_once_t lc_once = PTHREAD_ONCE_INIT;

static void lc_load(void)
{
#define LC_SYM(f)                                                                                  \
	{                                                                                          \
		"curl_" #f, (void **)&lc.f                                                         \
	}
	static const struct {
		const char *name;
		void **slot;
	} syms[] = {
	    LC_SYM(global_init),         LC_SYM(global_cleanup),
	    LC_SYM(version_info),        LC_SYM(easy_init),
	    LC_SYM(easy_setopt),         LC_SYM(easy_getinfo),
	    LC_SYM(easy_cleanup),        LC_SYM(slist_append),
	    LC_SYM(slist_free_all),      LC_SYM(getdate),
	    LC_SYM(multi_init),          LC_SYM(multi_add_handle),
	    LC_SYM(multi_remove_handle), LC_SYM(multi_perform),
	    LC_SYM(multi_info_read),     LC_SYM(multi_timeout),
	    LC_SYM(multi_poll),          LC_SYM(multi_wakeup),
	    LC_SYM(multi_cleanup),
	};
#undef LC_SYM
	void *lib = dlopen(NET_LIBCURL, RTLD_NOW | RTLD_LOCAL);
	if (lib == NULL)
		return;
	for (size_t i = 0; i < sizeof(syms) / sizeof(syms[0]); i++)
		if ((*syms[i].slot = dlsym(lib, syms[i].name)) == NULL)
			return; /* an older libcurl: lc_loaded stays false */
	lc_loaded = true;
}

/* True once libcurl is loaded (loading it on the first call). */
static bool lc_ready(void)
{
	pthread_once(&lc_once, lc_load);
	return lc_loaded;
}

const char *net_library_version(void)
{
	const curl_version_info_data *vi = lc_ready() ? lc.version_info(CURLVERSION_NOW) : NULL;
	return vi != NULL ? vi->version : NULL;
}

/* ---- requests ---- */

/* text_copy, with the error this interface documents for a field that does not fit. */
static int copy_str(char *dst, size_t cap, const char *src)
{
	return text_copy(dst, cap, src) < 0 ? -ENAMETOOLONG : 0;
}

int net_request_init(struct net_request *req, enum net_method method, const char *path)
{
	if (req == NULL || path == NULL)
		return -EINVAL;
	memset(req, 0, sizeof(*req));
	req->method = method;
	req->retry_safe = method == NET_GET;
	return copy_str(req->path, sizeof(req->path), path);
}

int net_request_add_query(struct net_request *req, const char *name, const char *value)
{
	size_t len = strlen(req->query), start = len;
	int rc = 0;

	if (len > 0) {
		if (len + 1 >= sizeof(req->query))
			return -ENAMETOOLONG;
		req->query[len++] = '&';
		req->query[len] = '\0';
	}
	rc = net_form_escape_append(req->query, sizeof(req->query), &len, name);
	if (rc == 0 && len + 1 < sizeof(req->query)) {
		req->query[len++] = '=';
		req->query[len] = '\0';
	} else {
		rc = -ENAMETOOLONG;
	}
	if (rc == 0)
		rc = net_form_escape_append(req->query, sizeof(req->query), &len, value);
	if (rc != 0)
		req->query[start] = '\0';
	return rc;
}

static bool header_text_ok(const char *s, bool is_name)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\r' || c == '\n' || (c < 0x20 && c != '\t') || c == 0x7f)
			return false;
		if (is_name && (c == ':' || c == ' ' || c == '\t'))
			return false;
	}
	return true;
}

int net_request_add_header(struct net_request *req, const char *name, const char *value)
{
	size_t i, nl, vl;

	if (req == NULL || name == NULL || value == NULL || name[0] == '\0')
		return -EINVAL;
	if (!header_text_ok(name, true) || !header_text_ok(value, false))
		return -EINVAL;
	nl = strlen(name);
	vl = strlen(value);
	if (nl + 2 + vl >= NET_HEADER_MAX)
		return -ENAMETOOLONG;
	for (i = 0; i < NET_HEADERS_MAX; i++) {
		if (req->headers[i][0] == '\0') {
			memcpy(req->headers[i], name, nl);
			memcpy(req->headers[i] + nl, ": ", 2);
			memcpy(req->headers[i] + nl + 2, value, vl + 1);
			return 0;
		}
	}
	return -ENOSPC;
}

static void wipe_free(char *p, size_t len)
{
	if (p != NULL) {
		explicit_bzero(p, len);
		free(p);
	}
}

int net_request_take_body(struct net_request *req, const char *content_type, char *body, size_t len)
{
	if (req == NULL || content_type == NULL || (body == NULL && len > 0)) {
		wipe_free(body, len);
		return -EINVAL;
	}
	if (!header_text_ok(content_type, false) ||
	    copy_str(req->content_type, sizeof(req->content_type), content_type) != 0) {
		wipe_free(body, len);
		return content_type[0] != '\0' && header_text_ok(content_type, false)
		           ? -ENAMETOOLONG
		           : -EINVAL;
	}
	wipe_free(req->body, req->body_len);
	req->body = body;
	req->body_len = len;
	return 0;
}

void net_request_release(struct net_request *req)
{
	if (req == NULL)
		return;
	wipe_free(req->body, req->body_len);
	req->body = NULL;
	req->body_len = 0;
}

void net_result_release(struct net_result *res)
{
	if (res == NULL)
		return;
	wipe_free(res->body, res->body_len);
	memset(res, 0, sizeof(*res));
}

const char *net_error_name(enum net_error err)
{
	switch (err) {
	case NET_OK:
		return "ok";
	case NET_ERR_CONNECT:
		return "connect";
	case NET_ERR_TIMEOUT:
		return "timeout";
	case NET_ERR_CERT_UNTRUSTED:
		return "cert-untrusted";
	case NET_ERR_CERT_TIME:
		return "cert-time";
	case NET_ERR_CERT_NAME:
		return "cert-name";
	case NET_ERR_PIN:
		return "pin-mismatch";
	case NET_ERR_TLS:
		return "tls";
	case NET_ERR_CONFIG:
		return "tls-config";
	case NET_ERR_TOO_LARGE:
		return "too-large";
	case NET_ERR_RECV:
		return "recv";
	case NET_ERR_PROTOCOL:
		return "protocol";
	case NET_ERR_CANCELLED:
		return "cancelled";
	case NET_ERR_NOMEM:
		return "nomem";
	case NET_ERR_INTERNAL:
		return "internal";
	}
	return "unknown";
}

/* ---- client ---- */

static int dup_opt(char **dst, const char *src, size_t max)
{
	*dst = NULL;
	if (src == NULL || src[0] == '\0')
		return 0;
	if (strlen(src) >= max)
		return -EINVAL;
	*dst = strdup(src);
	return *dst == NULL ? -ENOMEM : 0;
}

static void net_free_strings(struct net *n)
{
	free(n->base_url);
	free(n->ca_file);
	free(n->client_cert);
	free(n->client_key);
	free(n->pinned_pubkey);
	free(n->user_agent);
	free(n->proxy);
}

/* True when the base URL's host is an IP literal (no name to resolve). */
static bool host_is_literal(const char *url)
{
	const char *h = url + 8, *end; /* after "https://" */
	char host[64];
	unsigned char addr[16];
	size_t n;

	if (*h == '[')
		return true;
	end = h + strcspn(h, ":/?#");
	n = (size_t)(end - h);
	if (n == 0 || n >= sizeof(host))
		return false;
	memcpy(host, h, n);
	host[n] = '\0';
	return inet_pton(AF_INET, host, addr) == 1;
}

int net_new(const struct net_config *cfg, net_t **out)
{
	const curl_version_info_data *vi;
	struct net *n;
	int rc;

	if (cfg == NULL || out == NULL || cfg->base_url == NULL)
		return -EINVAL;
	if (strncmp(cfg->base_url, "https://", 8) != 0 || strlen(cfg->base_url) <= 8)
		return -EINVAL;
	if ((cfg->client_cert == NULL) != (cfg->client_key == NULL))
		return -EINVAL;
	if (!lc_ready() || lc.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -EIO;
	vi = lc.version_info(CURLVERSION_NOW);
	if (vi == NULL || !(vi->features & CURL_VERSION_SSL) || vi->ssl_version == NULL) {
		rc = -ENOTSUP;
		goto fail_global;
	}
	/* Without libcurl's asynchronous resolver, looking a host name up would block the loop. */
	if (!(vi->features & CURL_VERSION_ASYNCHDNS) && !host_is_literal(cfg->base_url)) {
		rc = -ENOTSUP;
		goto fail_global;
	}
	n = calloc(1, sizeof(*n));
	if (n == NULL) {
		rc = -ENOMEM;
		goto fail_global;
	}
	n->openssl = strncmp(vi->ssl_version, "OpenSSL", 7) == 0;
	rc = dup_opt(&n->base_url, cfg->base_url, NET_URL_MAX / 2);
	if (rc == 0)
		rc = dup_opt(&n->ca_file, cfg->ca_file, 4096);
	if (rc == 0)
		rc = dup_opt(&n->client_cert, cfg->client_cert, 4096);
	if (rc == 0)
		rc = dup_opt(&n->client_key, cfg->client_key, 4096);
	if (rc == 0)
		rc = dup_opt(&n->pinned_pubkey, cfg->pinned_pubkey, 4096);
	if (rc == 0)
		rc = dup_opt(&n->user_agent, cfg->user_agent ? cfg->user_agent : "accueil", 256);
	if (rc == 0)
		rc = dup_opt(&n->proxy, cfg->proxy, 1024);
	if (rc != 0)
		goto fail_free_strings;
	if (n->pinned_pubkey != NULL && strncmp(n->pinned_pubkey, "sha256//", 8) != 0) {
		rc = -EINVAL;
		goto fail_free_strings;
	}
	n->connect_timeout_ms = cfg->connect_timeout_ms ? cfg->connect_timeout_ms : 5000;
	n->timeout_ms = cfg->timeout_ms ? cfg->timeout_ms : 15000;
	n->max_body = cfg->max_body ? cfg->max_body : NET_BODY_DEFAULT;
	n->max_attempts = cfg->max_attempts ? cfg->max_attempts : 3;
	n->backoff_base_ms = cfg->backoff_base_ms ? cfg->backoff_base_ms : 500;
	n->backoff_cap_ms = cfg->backoff_cap_ms ? cfg->backoff_cap_ms : 8000;
	n->retry_after_max_ms = cfg->retry_after_max_ms ? cfg->retry_after_max_ms : 30000;
	n->io_poll_ms = cfg->io_poll_ms ? cfg->io_poll_ms : 10;
	n->busy_after_ms = cfg->busy_after_ms ? cfg->busy_after_ms : 1000;
	if (n->max_body > SIZE_MAX / 4 || n->max_attempts > 20) {
		rc = -EINVAL;
		goto fail_free_strings;
	}
	n->multi = lc.multi_init();
	if (n->multi == NULL) {
		rc = -EIO;
		goto fail_free_strings;
	}
	n->next_id = 1;
	*out = n;
	return 0;

fail_free_strings:
	net_free_strings(n);
	free(n);
fail_global:
	lc.global_cleanup();
	return rc;
}

static void xfer_reset_reply(struct xfer *x)
{
	wipe_free(x->resp, x->resp_cap);
	x->resp = NULL;
	x->resp_len = x->resp_cap = 0;
	x->too_large = false;
	x->date = 0;
	x->retry_at = 0;
	x->retry_after_s = -1;
}

static void xfer_free(struct net *n, struct xfer *x)
{
	if (x->easy != NULL) {
		if (x->state == XFER_RUNNING) {
			lc.multi_remove_handle(n->multi, x->easy);
			n->running--;
		}
		lc.easy_cleanup(x->easy);
	}
	lc.slist_free_all(x->headers);
	free(x->url);
	wipe_free(x->body, x->body_len);
	xfer_reset_reply(x);
	free(x);
}

void net_free(net_t *net)
{
	struct xfer *x, *next;

	if (net == NULL)
		return;
	for (x = net->xfers; x != NULL; x = next) {
		next = x->next;
		xfer_free(net, x);
	}
	lc.multi_cleanup(net->multi);
	net_free_strings(net);
	free(net);
	lc.global_cleanup();
}

/* ---- callbacks (run inside curl_multi_perform) ---- */

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
	struct xfer *x = userp;
	size_t len = size * nmemb, need, ncap;
	char *nbuf;

	if (len == 0)
		return 0;
	/* Checked before storing, so a 50 MB reply never grows the buffer past the cap. */
	if (x->too_large || len > x->max_body || x->resp_len > x->max_body - len) {
		x->too_large = true;
		return 0;
	}
	need = x->resp_len + len + 1;
	if (need > x->resp_cap) {
		ncap = x->resp_cap ? x->resp_cap : 4096;
		while (ncap < need)
			ncap *= 2;
		if (ncap > x->max_body + 1)
			ncap = x->max_body + 1; /* need never exceeds it: checked above */
		/* Copy rather than realloc so the old buffer can be wiped: replies can be personal.
		 */
		nbuf = malloc(ncap);
		if (nbuf == NULL)
			return 0;
		if (x->resp != NULL) {
			memcpy(nbuf, x->resp, x->resp_len);
			explicit_bzero(x->resp, x->resp_cap);
			free(x->resp);
		}
		x->resp = nbuf;
		x->resp_cap = ncap;
	}
	memcpy(x->resp + x->resp_len, data, len);
	x->resp_len += len;
	x->resp[x->resp_len] = '\0';
	return len;
}

/* Copies a header's value (after "name:") into buf, trimmed; false when it is not that header. */
static bool header_value(const char *line, size_t len, const char *name, char *buf, size_t cap)
{
	size_t nl = strlen(name), i, o = 0;

	if (len <= nl || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return false;
	for (i = nl + 1; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	for (; i < len && line[i] != '\r' && line[i] != '\n' && o + 1 < cap; i++)
		buf[o++] = line[i];
	while (o > 0 && (buf[o - 1] == ' ' || buf[o - 1] == '\t'))
		o--;
	buf[o] = '\0';
	return true;
}

/* Decimal digits only, saturating at max; -1 when not a number. */
static long parse_decimal(const char *s, long max)
{
	long v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		if (v < max)
			v = v * 10 + (*s - '0');
	}
	return v > max ? max : v;
}

static size_t on_header(char *data, size_t size, size_t nitems, void *userp)
{
	struct xfer *x = userp;
	size_t len = size * nitems;
	char val[128];
	long v;
	time_t t;

	if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		/* A new response starts (after a 100 Continue, say): forget the previous one's. */
		x->date = 0;
		x->retry_at = 0;
		x->retry_after_s = -1;
		x->clang[0] = '\0';
	} else if (header_value(data, len, "Content-Language", val, sizeof(val))) {
		/* Kept only when it is a plain tag ("fr", "en-CA"): it decides a voice (S3). */
		if (strlen(val) < sizeof(x->clang) && header_text_ok(val, false))
			memcpy(x->clang, val, strlen(val) + 1);
	} else if (header_value(data, len, "Retry-After", val, sizeof(val))) {
		v = parse_decimal(val, 86400L * 365);
		if (v >= 0) {
			x->retry_after_s = v;
		} else {
			t = lc.getdate(val, NULL);
			if (t > 0)
				x->retry_at = t;
		}
	} else if (header_value(data, len, "Date", val, sizeof(val))) {
		t = lc.getdate(val, NULL);
		if (t > 0)
			x->date = t;
	} else if (header_value(data, len, "Content-Length", val, sizeof(val))) {
		v = parse_decimal(val, LONG_MAX / 2);
		if (v > 0 && (unsigned long)v > x->max_body) {
			x->too_large = true;
			return 0; /* abort now: nothing of it is read */
		}
	}
	return len;
}

/* ---- submitting ---- */

static int xfer_setup(struct net *n, struct xfer *x, const struct net_request *req)
{
	struct curl_slist *h;
	bool has_accept = false;
	char line[NET_HEADER_MAX + 16];
	size_t i;
	CURLcode c = CURLE_OK;

	for (i = 0; i < NET_HEADERS_MAX; i++) {
		if (req->headers[i][0] == '\0')
			continue;
		if (strncasecmp(req->headers[i], "Accept:", 7) == 0)
			has_accept = true;
		h = lc.slist_append(x->headers, req->headers[i]);
		if (h == NULL)
			return -ENOMEM;
		x->headers = h;
	}
	/* "Expect:" stops libcurl from waiting for a 100 Continue some servers never send. */
	h = lc.slist_append(x->headers, "Expect:");
	if (h == NULL)
		return -ENOMEM;
	x->headers = h;
	if (!has_accept) {
		h = lc.slist_append(x->headers, "Accept: application/json");
		if (h == NULL)
			return -ENOMEM;
		x->headers = h;
	}
	if (req->body != NULL || req->method == NET_POST) {
		if (snprintf(line, sizeof(line), "Content-Type: %s",
		             req->content_type[0]
		                 ? req->content_type
		                 : "application/octet-stream") >= (int)sizeof(line))
			return -EINVAL;
		h = lc.slist_append(x->headers, line);
		if (h == NULL)
			return -ENOMEM;
		x->headers = h;
	}

	x->easy = lc.easy_init();
	if (x->easy == NULL)
		return -ENOMEM;
#define SET(opt, val)                                                                              \
	do {                                                                                       \
		if (c == CURLE_OK)                                                                 \
			c = lc.easy_setopt(x->easy, opt, val);                                     \
	} while (0)
	SET(CURLOPT_URL, x->url);
	SET(CURLOPT_PRIVATE, (void *)x);
	SET(CURLOPT_PROTOCOLS_STR, "https");
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (n->ca_file != NULL) {
		SET(CURLOPT_CAINFO, n->ca_file);
		/* Only the configured CA: not the distribution's bundle as well. */
		SET(CURLOPT_CAPATH, (char *)NULL);
	}
	if (n->pinned_pubkey != NULL)
		SET(CURLOPT_PINNEDPUBLICKEY, n->pinned_pubkey);
	if (n->client_cert != NULL) {
		SET(CURLOPT_SSLCERT, n->client_cert);
		SET(CURLOPT_SSLKEY, n->client_key);
	}
	SET(CURLOPT_CONNECTTIMEOUT_MS, (long)n->connect_timeout_ms);
	SET(CURLOPT_TIMEOUT_MS, (long)(req->timeout_ms ? req->timeout_ms : n->timeout_ms));
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)n->max_body);
	SET(CURLOPT_USERAGENT, n->user_agent);
	SET(CURLOPT_HTTPHEADER, x->headers);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, (void *)x);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, (void *)x);
	SET(CURLOPT_TCP_KEEPALIVE, 1L);
	/* The route is the configuration's: "" turns off libcurl's reading of https_proxy and
	 * ALL_PROXY, and an explicit NOPROXY list keeps NO_PROXY out of it too. */
	SET(CURLOPT_PROXY, n->proxy != NULL ? n->proxy : "");
	SET(CURLOPT_NOPROXY, "");
	if (req->method == NET_POST) {
		SET(CURLOPT_POST, 1L);
		SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)x->body_len);
		SET(CURLOPT_POSTFIELDS, x->body != NULL ? x->body : "");
	} else {
		SET(CURLOPT_HTTPGET, 1L);
	}
#undef SET
	if (c == CURLE_NOT_BUILT_IN || c == CURLE_UNKNOWN_OPTION)
		return -ENOTSUP;
	if (c == CURLE_OUT_OF_MEMORY)
		return -ENOMEM;
	return c == CURLE_OK ? 0 : -EINVAL;
}

static int build_url(const struct net *n, const struct net_request *req, char **out)
{
	size_t bl = strlen(n->base_url), pl, ql = strlen(req->query), len;
	const char *path = req->path;
	char *url;

	if (bl > 0 && n->base_url[bl - 1] == '/')
		while (*path == '/')
			path++;
	pl = strlen(path);
	len = bl + ((bl > 0 && n->base_url[bl - 1] != '/' && pl > 0 && path[0] != '/') ? 1 : 0) +
	      pl + (ql ? 1 + ql : 0);
	if (len >= NET_URL_MAX)
		return -ENAMETOOLONG;
	url = malloc(len + 1);
	if (url == NULL)
		return -ENOMEM;
	memcpy(url, n->base_url, bl);
	len = bl;
	if (bl > 0 && n->base_url[bl - 1] != '/' && pl > 0 && path[0] != '/')
		url[len++] = '/';
	memcpy(url + len, path, pl);
	len += pl;
	if (ql) {
		url[len++] = '?';
		memcpy(url + len, req->query, ql);
		len += ql;
	}
	url[len] = '\0';
	*out = url;
	return 0;
}

static bool request_text_ok(const struct net_request *req)
{
	size_t i;

	if (memchr(req->path, '\0', sizeof(req->path)) == NULL ||
	    memchr(req->query, '\0', sizeof(req->query)) == NULL ||
	    memchr(req->content_type, '\0', sizeof(req->content_type)) == NULL)
		return false;
	/* Paths and queries are already encoded: anything that could split the request line is
	 * refused rather than escaped again. */
	if (strpbrk(req->path, " \r\n\t?#") != NULL || strpbrk(req->query, " \r\n\t#") != NULL)
		return false;
	for (i = 0; i < NET_HEADERS_MAX; i++) {
		if (memchr(req->headers[i], '\0', NET_HEADER_MAX) == NULL)
			return false;
		if (strpbrk(req->headers[i], "\r\n") != NULL)
			return false;
	}
	return header_text_ok(req->content_type, false);
}

int net_submit(net_t *net, const struct net_request *req, uint64_t now_ms, uint64_t *id)
{
	struct xfer *x, **tail;
	size_t pending = 0;
	int rc;

	if (net == NULL || req == NULL || id == NULL)
		return -EINVAL;
	if ((req->method != NET_GET && req->method != NET_POST) || !request_text_ok(req))
		return -EINVAL;
	if (req->method == NET_GET && req->body != NULL)
		return -EINVAL;
	for (tail = &net->xfers; *tail != NULL; tail = &(*tail)->next)
		pending++;
	if (pending >= NET_MAX_PENDING)
		return -EBUSY;

	x = calloc(1, sizeof(*x));
	if (x == NULL)
		return -ENOMEM;
	x->retry_after_s = -1;
	x->max_body = net->max_body;
	rc = build_url(net, req, &x->url);
	if (rc != 0)
		goto fail_free_xfer;
	if (req->body != NULL && req->body_len > 0) {
		x->body = malloc(req->body_len);
		if (x->body == NULL) {
			rc = -ENOMEM;
			goto fail_free_xfer;
		}
		memcpy(x->body, req->body, req->body_len);
		x->body_len = req->body_len;
	}
	x->is_post = req->method == NET_POST;
	x->retry_safe = req->retry_safe;
	x->background = req->background;
	x->timeout_ms = req->timeout_ms;
	x->tag = req->tag;
	x->submitted_ms = now_ms;
	x->due_ms = req->not_before_ms > now_ms ? req->not_before_ms : now_ms;
	x->state = XFER_WAITING;
	rc = xfer_setup(net, x, req);
	if (rc != 0)
		goto fail_free_xfer;
	x->id = net->next_id++;
	*tail = x;
	*id = x->id;
	return 0;

fail_free_xfer:
	xfer_free(net, x);
	return rc;
}

/* ---- running ---- */

static void xfer_finish(struct xfer *x, enum net_error err, long status, bool sent, uint64_t now)
{
	x->state = XFER_DONE;
	x->error = err;
	x->status = status;
	x->maybe_sent = sent;
	x->finished_ms = now;
	if (err != NET_OK)
		xfer_reset_reply(x); /* a partial or refused body is never handed up */
}

static void xfer_start(struct net *n, struct xfer *x, uint64_t now)
{
	xfer_reset_reply(x);
	x->attempts++;
	if (lc.multi_add_handle(n->multi, x->easy) != CURLM_OK) {
		xfer_finish(x, NET_ERR_INTERNAL, 0, false, now);
		return;
	}
	x->state = XFER_RUNNING;
	n->running++;
}

/* OpenSSL's X509_V_ERR_CERT_NOT_YET_VALID and X509_V_ERR_CERT_HAS_EXPIRED, and its host name
 * mismatch; numbers rather than its header, which this adapter has no other use for. */
#define OSSL_NOT_YET_VALID 9
#define OSSL_EXPIRED       10
#define OSSL_UNSPECIFIED   1 /* what libcurl 7.88 stores when its own host name check fails */
#define OSSL_HOST_MISMATCH 62

static enum net_error map_curl(const struct net *n, struct xfer *x, CURLcode c)
{
	long verify = 0;

	switch (c) {
	case CURLE_OK:
		return NET_OK;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
	case CURLE_PROXY: /* the configured proxy failed its handshake */
		return NET_ERR_CONNECT;
	case CURLE_OPERATION_TIMEDOUT:
		return NET_ERR_TIMEOUT;
	case CURLE_PEER_FAILED_VERIFICATION:
		if (!n->openssl)
			return NET_ERR_CERT_UNTRUSTED;
		lc.easy_getinfo(x->easy, CURLINFO_SSL_VERIFYRESULT, &verify);
		if (verify == OSSL_NOT_YET_VALID || verify == OSSL_EXPIRED)
			return NET_ERR_CERT_TIME;
		/* libcurl checks the name itself after OpenSSL accepted the chain. */
		if (verify == 0 || verify == OSSL_UNSPECIFIED || verify == OSSL_HOST_MISMATCH)
			return NET_ERR_CERT_NAME;
		return NET_ERR_CERT_UNTRUSTED;
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		return NET_ERR_PIN;
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
		return NET_ERR_CONFIG;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_USE_SSL_FAILED:
		return NET_ERR_TLS;
	case CURLE_FILESIZE_EXCEEDED:
		return NET_ERR_TOO_LARGE;
	case CURLE_WRITE_ERROR:
		return x->too_large ? NET_ERR_TOO_LARGE : NET_ERR_NOMEM;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		return NET_ERR_RECV;
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_BAD_CONTENT_ENCODING:
	case CURLE_HTTP_RETURNED_ERROR:
		return NET_ERR_PROTOCOL;
	case CURLE_OUT_OF_MEMORY:
		return NET_ERR_NOMEM;
	default:
		return NET_ERR_INTERNAL;
	}
}

uint64_t net_backoff_ms(const net_t *net, unsigned attempt)
{
	uint64_t ceiling = net->backoff_base_ms, r;
	unsigned i;

	for (i = 0; i < attempt && ceiling < net->backoff_cap_ms; i++)
		ceiling *= 2;
	if (ceiling > net->backoff_cap_ms)
		ceiling = net->backoff_cap_ms;
	/* Full jitter: uniformly anywhere below the ceiling, so kiosks that failed together do not
	 * come back together. Without randomness, the ceiling (still bounded). */
	if (net_random_below(ceiling + 1, &r) != 0)
		return ceiling;
	return r;
}

static uint64_t retry_after_ms(const struct xfer *x)
{
	time_t base;

	if (x->retry_after_s >= 0)
		return (uint64_t)x->retry_after_s * 1000;
	if (x->retry_at > 0) {
		/* Against the server's own Date when it sent one: the kiosk's clock may be wrong.
		 */
		base = x->date > 0 ? x->date : time(NULL);
		return x->retry_at > base ? (uint64_t)(x->retry_at - base) * 1000 : 0;
	}
	return 0;
}

static void xfer_done(struct net *n, struct xfer *x, CURLcode c, uint64_t now)
{
	enum net_error err = map_curl(n, x, c);
	long status = 0, reqsize = 0;
	char *ctype = NULL;
	bool sent, transient, allowed;
	uint64_t wait_ms = retry_after_ms(x), delay;

	lc.easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	lc.easy_getinfo(x->easy, CURLINFO_REQUEST_SIZE, &reqsize);
	sent = reqsize > 0 || status > 0;
	if (n->proxy != NULL && err != NET_OK) {
		long tunnel = 0;
		lc.easy_getinfo(x->easy, CURLINFO_HTTP_CONNECTCODE, &tunnel);
		/* The proxy refused the tunnel (or failed): the central saw nothing. A network
		 * error like any other, retried like the others. */
		if (tunnel != 0 && (tunnel < 200 || tunnel > 299)) {
			err = NET_ERR_CONNECT;
			sent = false;
			status = 0;
		}
	}
	x->ctype[0] = '\0';
	if (lc.easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &ctype) == CURLE_OK && ctype != NULL)
		copy_str(x->ctype, sizeof(x->ctype), ctype);
	x->retry_after_ms = wait_ms;

	transient =
	    err == NET_ERR_CONNECT || err == NET_ERR_TIMEOUT || err == NET_ERR_RECV ||
	    (err == NET_OK && (status == 429 || status == 502 || status == 503 || status == 504));
	/* PROTOCOL §1: a request that may have reached the server is re-sent only when doing it
	 * twice is harmless (GET, or an Idempotency-Key the server honours). */
	allowed = x->retry_safe || !sent;
	if (transient && allowed && x->attempts < n->max_attempts) {
		delay = net_backoff_ms(n, x->attempts - 1);
		if (err == NET_OK && wait_ms > 0) {
			if (wait_ms > n->retry_after_max_ms)
				goto finish; /* longer than a visitor waits: let the caller decide
				              */
			if (delay < wait_ms)
				delay = wait_ms;
		}
		xfer_reset_reply(x);
		x->state = XFER_WAITING;
		x->due_ms = now + delay;
		return;
	}
finish:
	xfer_finish(x, err, status, sent, now);
}

int net_perform(net_t *net, uint64_t now_ms)
{
	struct xfer *x;
	CURLMsg *m;
	CURLcode c;
	int still = 0, left = 0, ready = 0;

	if (net == NULL)
		return -EINVAL;
	for (x = net->xfers; x != NULL; x = x->next)
		if (x->state == XFER_WAITING && x->due_ms <= now_ms)
			xfer_start(net, x, now_ms);
	if (lc.multi_perform(net->multi, &still) != CURLM_OK)
		return -EIO;
	while ((m = lc.multi_info_read(net->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		c = m->data.result; /* m dies with the handle's removal */
		x = NULL;
		lc.easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		if (x == NULL)
			continue;
		lc.multi_remove_handle(net->multi, x->easy);
		net->running--;
		xfer_done(net, x, c, now_ms);
	}
	for (x = net->xfers; x != NULL; x = x->next)
		if (x->state == XFER_DONE)
			ready++;
	return ready;
}

uint64_t net_next_deadline_ms(net_t *net, uint64_t now_ms)
{
	uint64_t d = NET_NO_DEADLINE, busy_at;
	struct xfer *x;
	long t = -1;

	if (net == NULL)
		return NET_NO_DEADLINE;
	for (x = net->xfers; x != NULL; x = x->next) {
		if (x->state == XFER_DONE)
			return now_ms;
		if (x->state == XFER_WAITING && x->due_ms < d)
			d = x->due_ms;
		if (!x->background) {
			busy_at = x->submitted_ms + net->busy_after_ms;
			if (busy_at > now_ms && busy_at < d)
				d = busy_at;
		}
	}
	if (net->running > 0) {
		if (lc.multi_timeout(net->multi, &t) == CURLM_OK && t >= 0 &&
		    now_ms + (uint64_t)t < d)
			d = now_ms + (uint64_t)t;
		if (now_ms + net->io_poll_ms < d)
			d = now_ms + net->io_poll_ms;
	}
	return d;
}

int net_wait(net_t *net, uint32_t max_ms)
{
	if (net == NULL)
		return -EINVAL;
	if (net->running == 0)
		return 0;
	if (max_ms > INT32_MAX)
		max_ms = INT32_MAX;
	return lc.multi_poll(net->multi, NULL, 0, (int)max_ms, NULL) == CURLM_OK ? 0 : -EIO;
}

void net_wakeup(net_t *net)
{
	if (net != NULL)
		lc.multi_wakeup(net->multi);
}

int net_take_result(net_t *net, struct net_result *res)
{
	struct xfer **pp, *x;

	if (net == NULL || res == NULL)
		return -EINVAL;
	for (pp = &net->xfers; *pp != NULL; pp = &(*pp)->next) {
		x = *pp;
		if (x->state != XFER_DONE)
			continue;
		memset(res, 0, sizeof(*res));
		res->id = x->id;
		res->tag = x->tag;
		res->error = x->error;
		res->status = x->status;
		res->body = x->resp;
		res->body_len = x->resp_len;
		memcpy(res->content_type, x->ctype, sizeof(res->content_type));
		memcpy(res->content_language, x->clang, sizeof(res->content_language));
		res->retry_after_ms = x->retry_after_ms;
		res->maybe_sent = x->maybe_sent;
		res->attempts = x->attempts;
		res->submitted_ms = x->submitted_ms;
		res->finished_ms = x->finished_ms;
		/* The body now belongs to the result. */
		x->resp = NULL;
		x->resp_len = x->resp_cap = 0;
		*pp = x->next;
		xfer_free(net, x);
		return 0;
	}
	return -EAGAIN;
}

int net_cancel(net_t *net, uint64_t id)
{
	struct xfer *x;

	if (net == NULL)
		return -EINVAL;
	for (x = net->xfers; x != NULL; x = x->next) {
		if (x->id != id)
			continue;
		if (x->state == XFER_DONE)
			return -ENOENT;
		if (x->state == XFER_RUNNING) {
			lc.multi_remove_handle(net->multi, x->easy);
			net->running--;
		}
		xfer_finish(x, NET_ERR_CANCELLED, 0, x->attempts > 0, x->submitted_ms);
		return 0;
	}
	return -ENOENT;
}

uint64_t net_busy_ms(const net_t *net, uint64_t now_ms)
{
	const struct xfer *x;
	uint64_t oldest = NET_NO_DEADLINE;

	if (net == NULL)
		return 0;
	for (x = net->xfers; x != NULL; x = x->next)
		if (x->state != XFER_DONE && !x->background && x->submitted_ms < oldest)
			oldest = x->submitted_ms;
	if (oldest == NET_NO_DEADLINE || oldest >= now_ms)
		return 0;
	return now_ms - oldest;
}

size_t net_pending(const net_t *net)
{
	const struct xfer *x;
	size_t n = 0;

	if (net == NULL)
		return 0;
	for (x = net->xfers; x != NULL; x = x->next)
		if (x->state != XFER_DONE)
			n++;
	return n;
}

size_t net_running(const net_t *net)
{
	return net != NULL ? net->running : 0;
}
