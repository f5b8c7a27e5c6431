/* net_api: what the protocol clients (open311, queue_api, kiosk_api) share: the outcome of a call
 * as the UI needs it, the many error body shapes of real servers, and bounded, sanitising
 * readers of JSON fields. Pure: cJSON and libc, no libcurl, so every parser can be fuzzed.
 *
 * Every text copied out of a reply is valid UTF-8 (bad bytes become '?'), has no control
 * characters but '\n', is trimmed, and is cut at its field's size on a character boundary. */
#ifndef ACCUEIL_NET_API_H
#define ACCUEIL_NET_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/services/net.h"

/* How a call ended, one value per thing the visitor can be told (the UI picks the words). */
enum net_api_error {
	NET_API_OK = 0,
	NET_API_EOFFLINE = -2001,  /* the central could not be reached; nothing was done */
	NET_API_ETIMEOUT = -2002,  /* it did not answer in time */
	NET_API_ESECURITY = -2003, /* it could not be trusted (certificate, pin, TLS): staff */
	NET_API_ESERVER = -2004,   /* it failed or is overloaded (5xx, 429) */
	NET_API_EREJECTED = -2005, /* it refused this request (4xx); see message */
	NET_API_ENOTFOUND = -2006, /* no such request, ticket or service (404, `200 []`) */
	NET_API_ECLOSED = -2007,   /* the queue is closed (409); see the next opening */
	NET_API_EUNSUPPORTED =
	    -2008,                 /* an optional endpoint this server does not have (404, 501) */
	NET_API_EBADREPLY = -2009, /* a reply we cannot use: not JSON, truncated, too large */
	NET_API_EUNCONFIRMED =
	    -2010, /* a submission may or may not exist: look it up, never re-POST */
	NET_API_ECANCELLED = -2011,
	NET_API_ECONFLICT = -2012, /* 422 about idempotency: this submission's Idempotency-Key
	                              came before with another request. A bug of ours to report
	                              (log it as an error); never a success, never retried */
};

#define NET_API_CODE_MAX    64
#define NET_API_MESSAGE_MAX 512
#define NET_API_DEPTH_MAX   32 /* JSON nesting accepted from a server */

/* Details of an outcome, for the UI ("the central said: …") and for logs (never personal data:
 * server messages can echo input, so log the code and status, not the message). */
struct net_api_status {
	int error;                         /* enum net_api_error */
	long http_status;                  /* 0 when no reply */
	enum net_error net;                /* transport error, NET_OK when a reply came */
	uint64_t retry_after_ms;           /* the server's Retry-After, 0 when none */
	char code[NET_API_CODE_MAX];       /* the server's error code as text, "" when none */
	char message[NET_API_MESSAGE_MAX]; /* the server's description, "" when none */
};

/* A date from a reply. valid is false when the field was missing, null, "" or unreadable. */
struct net_api_time {
	bool valid;
	int64_t utc;    /* Unix seconds */
	int offset_min; /* the offset the server wrote (show in America/Toronto time anyway) */
};

/* Judges a result before its body is parsed. Returns NET_API_OK for a 2xx reply; otherwise the
 * error, with st filled (st may be NULL): transport errors map to OFFLINE / TIMEOUT / SECURITY /
 * BADREPLY / CANCELLED; when submission is true, a transport error after the request may have
 * left (res->maybe_sent) or a 500/502/504 gives UNCONFIRMED; 404 and 410 give NOTFOUND, 501
 * UNSUPPORTED, 409 CLOSED, 422 CONFLICT for a submission when the server's code or message
 * speaks of idempotency (else REJECTED), 429 and 5xx SERVER, other 4xx REJECTED, anything else
 * BADREPLY. For
 * HTTP errors, the server's code and description are read from whatever error shape it used
 * (Open311 array, {code,detail}, {type,code,message}, {message}, {error}); an HTML or unreadable
 * body leaves them "" and the status decides. st is always written. */
int net_api_check(const struct net_result *res, bool submission, struct net_api_status *st);

/* Reads the error shapes above from body into st->code and st->message. */
void net_api_read_error_body(const char *body, size_t len, struct net_api_status *st);

/* Sets st to a plain outcome (no server text). st may be NULL. Returns err. */
int net_api_fail(struct net_api_status *st, int err, const struct net_result *res);

/* A short stable name for logs ("offline", "not-found", …). Never NULL. */
const char *net_api_error_name(int err);

/* ---- JSON helpers for the parsers (opaque cJSON pointers keep cJSON out of this header) ---- */

/* Parses body (len bytes, need not be NUL-terminated) as JSON when it nests no deeper than
 * NET_API_DEPTH_MAX, whatever its Content-Type says (servers mislabel JSON; an HTML page fails
 * here). Returns a tree to free with net_api_json_free, or NULL. */
void *net_api_json_parse(const char *body, size_t len);
void net_api_json_free(void *json);

/* Items of a list that servers send as an array or, sometimes, as one bare object: returns the
 * count (0 for an empty array or anything else) and item i through net_api_json_at. */
size_t net_api_json_count(const void *json);
const void *net_api_json_at(const void *json, size_t i);

/* True when json is an array. */
bool net_api_json_is_array(const void *json);

/* The member key of object obj, NULL when missing or JSON null. */
const void *net_api_json_get(const void *obj, const char *key);

/* The list of a reply: root when it is an array, else root[key] when a server wrapped the
 * array in an object (a quirk PROTOCOL.md lists), else root (read as one item or none). */
const void *net_api_json_list(const void *root, const char *key);

/* Clears req, then makes it method on base + prefix + percent-escaped id (NULL: none) +
 * suffix (NULL: none). Returns 0, -EINVAL, or -ENAMETOOLONG when the path would not fit. */
int net_api_request_init(struct net_request *req, enum net_method method, const char *base,
                         const char *prefix, const char *id, const char *suffix);

/* Text of member key: a string (sanitised) or a number (as written for integers, %g otherwise)
 * or a boolean ("true"/"false"). Returns 1 when non-empty, 0 when missing, null, "" or another
 * type (out is then ""), or -E2BIG when an id-like value does not fit (strict = true; out "").
 * With strict = false, long text is cut on a character boundary. */
int net_api_json_text(const void *obj, const char *key, char *out, size_t cap, bool strict);

/* The same for a value itself (an array item, say). */
int net_api_json_value_text(const void *value, char *out, size_t cap, bool strict);

/* Integer member: a number, or a string of digits with an optional sign. Returns true and *out
 * when present and integral, within ±2^53. */
bool net_api_json_int(const void *obj, const char *key, int64_t *out);

/* Boolean member: true/false, "true"/"false", 1/0. Returns true and *out when present. */
bool net_api_json_bool(const void *obj, const char *key, bool *out);

/* ISO 8601 member (fractional seconds, any offset; see calendar_parse_iso8601). */
void net_api_json_time(const void *obj, const char *key, struct net_api_time *out);

/* Bilingual text member: {"fr": …, "en": …} (one missing: the other is used for both) or a
 * plain string (used for both). Returns 1 when something was found, else 0 (both ""). */
int net_api_json_text2(const void *obj, const char *key, char *fr, char *en, size_t cap);

/* Copies text of len bytes into out (cap bytes with the NUL), sanitised as described at the top.
 * Returns the bytes written. */
size_t net_api_sanitize(const char *text, size_t len, char *out, size_t cap);

/* Number of UTF-8 characters of s, or -EILSEQ when s is not valid UTF-8. */
long net_api_utf8_chars(const char *s);

#endif
