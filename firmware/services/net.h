/* net: the kiosk's HTTPS client, on the libcurl multi interface, driven by the main loop.
 *
 * Nothing here blocks or sleeps (except net_wait, which exists for programs without SDL). The
 * caller submits requests, calls net_perform() whenever net_next_deadline_ms() passes or sockets
 * may be ready, and takes finished results. Time comes in as now_ms on the caller's monotonic
 * clock, so retries and backoff can be tested with a manual clock; libcurl's own connect and
 * total timeouts run on the real clock (they guard real sockets).
 *
 * Security: HTTPS only, peer and host name always verified, optional public-key pin and client
 * certificate, TLS 1.2 or newer, no redirects (they could carry the api_key elsewhere).
 *
 * Retries: only requests marked retry_safe (GET, or a POST whose Idempotency-Key the server is
 * known to honour) are re-sent after a reply may have been produced. Any request is re-sent when
 * nothing reached the server (resolve/connect failures, time-out before a byte of the request
 * was sent). Delays are capped exponential backoff with full jitter; a Retry-After (seconds or
 * HTTP-date) on 429/503 is honoured as a minimum.
 *
 * libcurl codes never leave this module: results carry enum net_error. Not thread-safe: one
 * thread owns a net_t (net_wakeup excepted).
 *
 * Driving it from the main loop (one net_t per central host; tag says which call it was):
 *
 *	for (;;) {
 *		uint64_t now = clock_ms();
 *		net_perform(net, now);
 *		while (net_take_result(net, &res) == 0) {
 *			switch (res.tag) { case CALL_STATUS: open311_parse_status(&res, …); … }
 *			→ a kiosk event for app_handle(); net_result_release(&res);
 *		}
 *		busy = net_busy_ms(net, now) >= 1000;	// "One moment / Un instant"
 *		jobs = kiosk_api_schedule_due(&sched, now);	// heartbeat, notices → net_submit
 *		wake = min(app_next_deadline(app), net_next_deadline_ms(net, now),
 *			   kiosk_api_schedule_next_ms(&sched));
 *		SDL_WaitEventTimeout(&ev, wake == NET_NO_DEADLINE ? -1 : wake - now);
 *	}
 *
 * Programs without SDL (tests, tools) wait with net_wait(net, wake - now) instead. */
#ifndef ACCUEIL_NET_H
#define ACCUEIL_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NET_NO_DEADLINE UINT64_MAX

#define NET_PATH_MAX     512  /* path below the base URL, percent-encoded */
#define NET_QUERY_MAX    1024 /* query string without '?', percent-encoded */
#define NET_HEADERS_MAX  6    /* extra request headers */
#define NET_HEADER_MAX   256  /* one "Name: value" line */
#define NET_CTYPE_MAX    128  /* content type, request or reply */
#define NET_MAX_PENDING  64   /* requests submitted and not yet taken */
#define NET_BODY_DEFAULT (256 * 1024)

/* Why a request produced no usable HTTP reply. HTTP error statuses are not errors here: they
 * come back with NET_OK and their status for the protocol parsers to judge. */
enum net_error {
	NET_OK = 0,
	NET_ERR_CONNECT = -1, /* could not resolve or connect: offline, refused, unreachable */
	NET_ERR_TIMEOUT = -2, /* connect or total time-out */
	NET_ERR_CERT_UNTRUSTED = -3, /* server certificate does not chain to the configured CA */
	NET_ERR_CERT_TIME = -4,  /* certificate expired or not yet valid (or our clock is wrong) */
	NET_ERR_CERT_NAME = -5,  /* certificate not issued for this host name */
	NET_ERR_PIN = -6,        /* public key differs from the configured pin */
	NET_ERR_TLS = -7,        /* other TLS failure (handshake, version, client cert refused) */
	NET_ERR_CONFIG = -8,     /* our CA file, client certificate or key cannot be used */
	NET_ERR_TOO_LARGE = -9,  /* reply body over the configured cap; nothing kept */
	NET_ERR_RECV = -10,      /* connection broken before the reply was complete */
	NET_ERR_PROTOCOL = -11,  /* not a valid HTTP reply */
	NET_ERR_CANCELLED = -12, /* net_cancel() */
	NET_ERR_NOMEM = -13,
	NET_ERR_INTERNAL = -14, /* anything else libcurl reported */
};

enum net_method { NET_GET, NET_POST };

/* What the caller wants sent. Plain value: fill it with the helpers below (or by hand), submit
 * it, then net_request_release() it; net_submit() copies everything it needs. */
struct net_request {
	enum net_method method;
	char path[NET_PATH_MAX];                       /* appended to the base URL */
	char query[NET_QUERY_MAX];                     /* "" for none */
	char headers[NET_HEADERS_MAX][NET_HEADER_MAX]; /* "Name: value"; "" = unused */
	char content_type[NET_CTYPE_MAX];              /* of the body; "" for none */
	char *body; /* owned by the request (heap), may be NULL */
	size_t body_len;
	bool retry_safe;        /* may be re-sent after it may have reached the server */
	bool background;        /* heartbeat, polling: not counted by net_busy_ms() */
	uint32_t timeout_ms;    /* total time per attempt; 0 = the configuration's */
	uint64_t not_before_ms; /* do not start before this instant (now_ms clock); 0 = at once */
	uint64_t tag;           /* caller's value, returned in the result */
};

/* Clears *req and sets method and path (copied; must be percent-encoded already). GET requests
 * are retry_safe. Returns 0, or -ENAMETOOLONG when the path does not fit, -EINVAL on a NULL. */
int net_request_init(struct net_request *req, enum net_method method, const char *path);

/* Appends name=value to the query, both percent-encoded here (UTF-8, RFC 3986 unreserved kept).
 * Returns 0 or -ENAMETOOLONG (query unchanged). */
int net_request_add_query(struct net_request *req, const char *name, const char *value);

/* Adds a header line "name: value". Returns 0, -ENOSPC (no free slot), -ENAMETOOLONG, or
 * -EINVAL when name or value holds CR, LF or NUL-breaking bytes (header injection). */
int net_request_add_header(struct net_request *req, const char *name, const char *value);

/* Gives the request a body: takes ownership of body (malloc'd; freed by net_request_release,
 * also on error). Returns 0, -ENAMETOOLONG (content type too long) or -EINVAL. */
int net_request_take_body(struct net_request *req, const char *content_type, char *body,
                          size_t len);

/* Frees the body. The request can be reused after net_request_init. NULL is fine. */
void net_request_release(struct net_request *req);

/* A finished request. Everything in it is owned by the result: net_result_release() frees it. */
#define NET_LANG_MAX 32

struct net_result {
	uint64_t id;                         /* from net_submit */
	uint64_t tag;                        /* from the request */
	enum net_error error;                /* NET_OK when an HTTP reply arrived (any status) */
	long status;                         /* HTTP status; 0 when none */
	char *body;                          /* NUL-terminated (not counted); NULL when empty */
	size_t body_len;                     /* bytes, <= the configured cap */
	char content_type[NET_CTYPE_MAX];    /* of the reply; "" when none */
	char content_language[NET_LANG_MAX]; /* Content-Language of the reply; "" when none */
	uint64_t retry_after_ms;             /* Retry-After of the last reply, 0 when none */
	bool maybe_sent;       /* the request may have reached the server: after an error,
	                        * a non-idempotent request may or may not have taken effect */
	unsigned attempts;     /* how many times it was sent or tried */
	uint64_t submitted_ms; /* now_ms of net_submit */
	uint64_t finished_ms;  /* now_ms of the net_perform that finished it */
};

/* Frees the body; fields are reset. NULL is fine. */
void net_result_release(struct net_result *res);

struct net_config {
	const char *base_url;        /* "https://host[:port]/prefix/"; only https */
	const char *ca_file;         /* PEM CA bundle trusted for the central; NULL: system store */
	const char *client_cert;     /* PEM client certificate (mutual TLS), or NULL */
	const char *client_key;      /* its PEM key, or NULL */
	const char *pinned_pubkey;   /* "sha256//<base64>[;sha256//…]", or NULL */
	const char *user_agent;      /* NULL: "accueil" */
	const char *proxy;           /* "http://host:port" for every request; NULL or "": none. The
	                                environment (https_proxy, ALL_PROXY, NO_PROXY) is never read */
	uint32_t connect_timeout_ms; /* 0: 5 000 */
	uint32_t timeout_ms;         /* per attempt, 0: 15 000 */
	size_t max_body;             /* reply cap in bytes, 0: NET_BODY_DEFAULT */
	unsigned max_attempts;       /* first try included, 0: 3 */
	uint32_t backoff_base_ms;    /* first retry drawn in [0, base], 0: 500 */
	uint32_t backoff_cap_ms;     /* ceiling of the doubling, 0: 8 000 */
	uint32_t retry_after_max_ms; /* a longer Retry-After ends the request, 0: 30 000 */
	uint32_t io_poll_ms;         /* see net_next_deadline_ms, 0: 10 */
	uint32_t busy_after_ms;      /* see net_next_deadline_ms, 0: 1 000 */
};

typedef struct net net_t;

/* Creates a client. Every string of cfg is copied. Returns 0 and *out (free with net_free), or
 * -EINVAL (no base URL, not https, strings too long), -ENOMEM, -EIO (libcurl cannot be loaded
 * or started),
 * -ENOTSUP (libcurl without TLS, or without its asynchronous resolver while the base URL names
 * a host rather than an IP address: the lookup would block the loop). */
int net_new(const struct net_config *cfg, net_t **out);

/* Aborts every transfer and frees everything, results not taken included. NULL is fine. */
void net_free(net_t *net);

/* libcurl's version ("7.88.1"), loading libcurl (net_new does too; nothing loads it before).
 * Static storage; NULL when libcurl cannot be loaded. */
const char *net_library_version(void);

/* Queues a request (copied) and starts it at the next net_perform (or at not_before_ms).
 * Returns 0 and *id (> 0, unique per net_t), or -EINVAL (bad request, header injection),
 * -EBUSY (NET_MAX_PENDING requests not taken yet), -ENOMEM, -ENOTSUP (this libcurl cannot do
 * what the configuration asks, e.g. public-key pinning). */
int net_submit(net_t *net, const struct net_request *req, uint64_t now_ms, uint64_t *id);

/* Does all network work that is possible without blocking: sends, receives, finishes
 * transfers, schedules or starts retries that are due at now_ms. Returns the number of results
 * ready for net_take_result (>= 0), or -EIO when libcurl's multi handle failed. */
int net_perform(net_t *net, uint64_t now_ms);

/* When the loop must call net_perform again at the latest, on the now_ms clock; NET_NO_DEADLINE
 * when nothing is pending (an idle kiosk never wakes up for the network). While a transfer runs
 * it is at most io_poll_ms ahead, so a loop that waits on SDL events (which cannot see sockets)
 * still collects replies promptly; it is also the instant a foreground request turns busy
 * (busy_after_ms after its submission), and now_ms when results are waiting. */
uint64_t net_next_deadline_ms(net_t *net, uint64_t now_ms);

/* Blocks until a socket is ready, max_ms passes, libcurl's own timer fires or net_wakeup() is
 * called; returns at once when no transfer is running (retries wait on the now_ms clock, not
 * here). For tests and tools without SDL. Returns 0 or -EIO. */
int net_wait(net_t *net, uint32_t max_ms);

/* Interrupts a net_wait from another thread. Safe from any thread. */
void net_wakeup(net_t *net);

/* Takes the oldest finished result. Returns 0 and *res (release it with net_result_release),
 * or -EAGAIN when none is ready. */
int net_take_result(net_t *net, struct net_result *res);

/* Cancels a request not yet taken: its transfer stops and it finishes with NET_ERR_CANCELLED
 * (delivered through net_take_result, so every id gets exactly one result). Returns 0, or
 * -ENOENT for an unknown or already finished id. */
int net_cancel(net_t *net, uint64_t id);

/* How long the oldest foreground request (not background) has been waiting for its result, in
 * ms; 0 when none. The UI says "One moment / Un instant" past busy_after_ms (ACCESSIBILITY S8). */
uint64_t net_busy_ms(const net_t *net, uint64_t now_ms);

/* Requests submitted and not finished yet (running or waiting for a retry). */
size_t net_pending(const net_t *net);

/* Transfers on the wire now (not those waiting for a retry's time). */
size_t net_running(const net_t *net);

/* A backoff delay with full jitter for the caller's own polling (e.g. Open311 tokens): random in
 * [0, min(cap, base * 2^attempt)], attempt counted from 0. */
uint64_t net_backoff_ms(const net_t *net, unsigned attempt);

/* A stable lowercase name for logs ("timeout", "cert-untrusted", …). Never NULL. */
const char *net_error_name(enum net_error err);

#endif
