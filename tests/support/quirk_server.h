/* quirk_server: a scripted HTTPS test server (libmicrohttpd + GnuTLS) on 127.0.0.1 that replays
 * fixture replies, to reproduce what real Open311 servers do wrong (PROTOCOL.md §1): odd
 * statuses and shapes, HTML error pages, truncated or huge bodies, replies that never come, wrong
 * certificates. Each connection gets its own thread, so a hanging reply blocks nobody else.
 * Tests only. */
#ifndef ACCUEIL_QUIRK_SERVER_H
#define ACCUEIL_QUIRK_SERVER_H

#include <stdbool.h>
#include <stddef.h>

enum quirk_mode {
	QUIRK_NORMAL, /* status, headers, body */
	QUIRK_HANG,   /* accept the request and never answer (until the server stops) */
	QUIRK_HUGE,   /* a generated body of huge_len bytes, streamed, never held in memory */
	QUIRK_CUT, /* announce body_len bytes, send cut_after of them, then drop the connection */
};

#define QUIRK_HEADERS_MAX 4

/* One scripted reply. Strings are copied by quirk_server_add. */
struct quirk_reply {
	enum quirk_mode mode;
	unsigned status;                        /* 0: 200 */
	const char *content_type;               /* NULL: no Content-Type header */
	const char *body;                       /* NULL: empty */
	const char *headers[QUIRK_HEADERS_MAX]; /* "Name: value" or NULL */
	unsigned delay_ms;                      /* wait before answering */
	size_t huge_len;                        /* QUIRK_HUGE */
	bool huge_chunked;                      /* QUIRK_HUGE without Content-Length */
	size_t cut_after;                       /* QUIRK_CUT */
};

struct quirk_server;

/* Starts a server on 127.0.0.1 (free port) with the PEM certificate chain and key given.
 * Returns 0 and *out, or a negative errno code (-ENOTSUP when libmicrohttpd lacks TLS). */
int quirk_server_start(const char *cert_file, const char *key_file, struct quirk_server **out);

/* "https://127.0.0.1:PORT/" — owned by the server. */
const char *quirk_server_url(const struct quirk_server *qs);

/* Appends a reply to the script of (method, path); path is without query, e.g.
 * "/open311/v2/requests.json". The n-th request on that route gets the n-th reply; the last
 * one repeats. A request with no route gets 404. Returns 0 or -ENOMEM/-ENOSPC. */
int quirk_server_add(struct quirk_server *qs, const char *method, const char *path,
                     const struct quirk_reply *reply);

/* How many requests reached (method, path). */
unsigned quirk_server_hits(struct quirk_server *qs, const char *method, const char *path);

/* What the last request on (method, path) carried. */
struct quirk_request {
	char query[1024]; /* decoded "k=v&k=v" */
	char body[65536]; /* as received, NUL-terminated (truncated past the cap) */
	size_t body_len;
	char content_type[128];
	char idempotency_key[128];
	char accept_language[64];
	char user_agent[128];
};

/* Copies the last request of (method, path) into *out. Returns 0 or -ENOENT. */
int quirk_server_last(struct quirk_server *qs, const char *method, const char *path,
                      struct quirk_request *out);

/* Stops (hanging replies are abandoned) and frees. NULL is fine. */
void quirk_server_stop(struct quirk_server *qs);

/* A TCP port on 127.0.0.1 that completes TCP handshakes (kernel backlog) but never accepts,
 * reads or answers: a peer that "accepts the connection and never answers" even to TLS.
 * Returns the listening socket (close it to stop) and *port, or a negative errno code. */
int quirk_blackhole_open(unsigned *port);

struct net;
struct net_result;

/* Test loop for a net_t on a manual clock: calls net_perform(now_ms) and net_wait until a result
 * is ready (returns 0 with *res), or until nothing is on the wire while requests wait for a
 * retry time on the manual clock (returns -EAGAIN: the test decides when to advance the clock),
 * or nothing is pending at all (-ENOENT). Never advances the clock itself. */
int quirk_drive(struct net *net, unsigned long long now_ms, struct net_result *res);

#endif
