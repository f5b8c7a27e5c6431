/* Test harness for the reference central service (central/), for any test that needs a real
 * central over real HTTPS on loopback. Everything in tests/support/ (every .c file) is linked into
 * every test binary, so kiosk-side tests can use it too.
 *
 * Typical use (cmocka):
 *
 *     struct central_harness *h;
 *     struct central_harness_options o = {.fake_now = "2024-03-12T10:00:00-04:00"};
 *     assert_int_equal(central_harness_start(&o, &h), 0);
 *     // h->base_url is "https://127.0.0.1:PORT", h->ca_path the CA to verify the peer with,
 *     // h->api_key a key the central accepts, h->client_cert/h->client_key a kiosk client cert.
 *     central_harness_staff(h, out, sizeof out, "call-next", "A", "3", NULL);
 *     central_harness_stop(h);
 *
 * The server runs in this process (its own threads) on 127.0.0.1 with port 0 (a free port), with
 * a development CA made by `accueil-central dev-ca` logic in a fresh temporary directory and a
 * fresh database there. Nothing listens on another address. central_harness_stop() stops the
 * server and removes the directory. */
#ifndef ACCUEIL_CENTRAL_HARNESS_H
#define ACCUEIL_CENTRAL_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Options for central_harness_start; zero-initialise and set what you need. */
struct central_harness_options {
	const char *fake_now; /* ISO 8601 instant the server's clock starts at; NULL: real time */
	bool require_client_cert; /* serve with --client-ca (the dev CA) */
	const char *config_text; /* central.conf contents written to the temp dir; NULL: defaults */
	const char *api_key;     /* accepted Open311 api_key; NULL: "test-key" */
	int threads;             /* HTTP worker threads; 0: the server's default */
	unsigned max_connections; /* 0: the server's defaults (central_server_options) */
	unsigned per_ip_limit;
	unsigned header_timeout_s;
	FILE *log; /* the server's request log; NULL: none */
};

/* A running central. All paths and URLs are NUL-terminated; owned by the harness. */
struct central_harness {
	char dir[256];         /* temporary directory holding the PKI and the database */
	char base_url[64];     /* "https://127.0.0.1:PORT" (no trailing slash) */
	char open311_url[96];  /* base_url + "/open311/v2/" */
	char queue_url[96];    /* base_url + "/queue/v1/" */
	char kiosk_url[96];    /* base_url + "/kiosk/v1/" */
	char ca_path[320];     /* dev CA certificate (PEM) to verify the server */
	char client_cert[320]; /* kiosk client certificate (PEM) */
	char client_key[320];  /* its key (PEM) */
	char db_path[320];     /* the SQLite database */
	char api_key[64];      /* an accepted api_key */
	int port;
	struct central_server *server; /* internal */
};

/* Makes a fresh temporary directory (under $TMPDIR or /tmp) with a development PKI in it (ca.crt,
 * ca.key, server.crt, server.key, kiosk.crt, kiosk.key). Writes its path to dir (cap bytes).
 * Returns 0 or a negative errno code. The caller removes it (central_harness_rmtree). */
int central_harness_make_ca(char *dir, size_t cap);

/* Removes a directory made by central_harness_make_ca and everything in it (one level deep). */
void central_harness_rmtree(const char *dir);

/* Starts a central as described above. opts may be NULL. Returns 0 and *out (free with
 * central_harness_stop), or a negative errno code. */
int central_harness_start(const struct central_harness_options *opts, struct central_harness **out);

/* Moves the running server's clock to an ISO 8601 instant (it runs on from there). Staff
 * commands run through central_harness_staff use the same clock. Returns 0 or -EINVAL. */
int central_harness_set_now(struct central_harness *h, const char *iso8601);

/* Runs a staff command of `accueil-central` in process on the harness's database, e.g.
 * central_harness_staff(h, out, sizeof out, "set-status", "4821935576", "closed", NULL)
 * (the --db option is added). The arguments end with NULL (at most 16). Its standard output goes
 * to out (cap bytes, NUL-terminated, may be truncated; out may be NULL). Returns the command's
 * exit status (0 success, 1 failure, 2 usage, 3 nothing to call). */
int central_harness_staff(struct central_harness *h, char *out, size_t cap, const char *cmd, ...);

/* An HTTP answer from central_harness_http. */
struct central_harness_response {
	long status;   /* HTTP status, 0 when the exchange failed (see curl_code) */
	int curl_code; /* CURLcode of the transfer */
	char *body;    /* NUL-terminated body (malloc; free with central_harness_response_free) */
	size_t body_len;
};

/* One HTTPS exchange with the harness's central using libcurl, peer verified against h->ca_path.
 * method "GET"/"POST"/...; path starts with '/' ("/open311/v2/services.json?lang=fr"); body may
 * be NULL; content_type NULL sends none; headers is a NULL-terminated list of "Name: value" or
 * NULL. With client_cert, presents h->client_cert. Returns 0 (any HTTP status) or -EIO when the
 * transfer failed (resp->curl_code says why). */
int central_harness_http(const struct central_harness *h, const char *method, const char *path,
                         const char *content_type, const char *body, size_t body_len,
                         const char *const *headers, bool client_cert,
                         struct central_harness_response *resp);

/* Frees the body of a response (the struct is the caller's). */
void central_harness_response_free(struct central_harness_response *resp);

/* Stops the server and removes the temporary directory. NULL is fine. */
void central_harness_stop(struct central_harness *h);

#endif
