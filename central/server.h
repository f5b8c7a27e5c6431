/* The reference central's HTTPS server (libmicrohttpd + GnuTLS): Open311 under /open311/v2/,
 * the queue API under /queue/v1/, the kiosk API under /kiosk/v1/ (PROTOCOL.md; choices in
 * central/README.md). TLS 1.2 and 1.3 only; optional required client certificates. */
#ifndef ACCUEIL_CENTRAL_SERVER_H
#define ACCUEIL_CENTRAL_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "central/config.h"
#include "central/db.h"

struct central_server;

struct central_server_options {
	const char *db_path;        /* SQLite file (created when missing) */
	const char *addr;           /* IPv4 literal; NULL: 127.0.0.1 */
	uint16_t port;              /* 0: a free port (see central_server_port) */
	const char *cert_path;      /* PEM server certificate (chain) */
	const char *key_path;       /* PEM private key */
	const char *client_ca_path; /* NULL, or a PEM CA that client certificates must chain to */
	const struct central_config *config; /* copied; NULL: built-in defaults */
	int threads;                         /* worker threads; 0: 4 */
	/* Connection limits; 0 takes the default (central/README.md "Connection limits"). */
	unsigned max_connections;  /* in all; default 1000 */
	unsigned per_ip_limit;     /* from one client address; default 32 */
	unsigned idle_timeout_s;   /* no byte for this long closes; default 15 */
	unsigned header_timeout_s; /* a request's headers (and TLS handshake) complete within this
	                            * from the connection or the previous answer; default 10 */
	FILE *log;                 /* one line per request (no personal data); NULL: silent */
	bool has_fake_now;         /* tests: the clock starts at fake_now and runs on */
	int64_t fake_now;
};

/* Starts serving. Returns 0 and *out (stop with central_server_stop), or a negative errno code
 * with a reason in err (cap bytes; may be NULL). */
int central_server_start(const struct central_server_options *opts, struct central_server **out,
                         char *err, size_t cap);

/* The port actually bound. */
uint16_t central_server_port(const struct central_server *s);

/* The server's clock (UTC seconds). */
int64_t central_server_now(const struct central_server *s);

/* Moves the server's clock so that it reads `now` at this instant (tests). */
void central_server_set_now(struct central_server *s, int64_t now);

/* The server's database handle (owned by the server). */
central_db_t *central_server_db(struct central_server *s);

/* Stops accepting, finishes in-flight requests and pending writes, closes. NULL is fine. */
void central_server_stop(struct central_server *s);

/* Reads a whole small file (at most max bytes) into a new NUL-terminated buffer (*out, free()).
 * Returns 0, -E2BIG, or a negative errno code. */
int central_read_file(const char *path, size_t max, char **out, size_t *len);

#endif
