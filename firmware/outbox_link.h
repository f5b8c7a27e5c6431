/* The outbox's participant (participant.h): it stores what a visitor files (Open311 submissions,
 * kiosk-API feedback) in the durable outbox (services/outbox.h) and sends it, exactly once,
 * across failures and restarts, answering the flow with APP_EV_RESULT events.
 *
 * It owns its own net_t rather than sharing central_link's: its retries are its own (net's
 * in-request retries are off, max_attempts = 1) and persisted in the outbox (attempt count, next
 * attempt time), so they survive a restart and never delay the heartbeat or notices; and a
 * visitor's submission is never queued behind a hanging background call. Delays between attempts
 * come from net_backoff_ms (capped exponential, full jitter), and a Retry-After is a minimum.
 *
 * Exactly once: an entry is committed as SENDING (synchronous=FULL) before its POST leaves, with
 * the same Idempotency-Key and CLIENT_REQUEST_ID on every attempt. When a POST's answer is lost
 * (time-out, broken connection, 500/502/504, a 2xx we cannot read, or a restart while SENDING),
 * what happens follows `lost` (PROTOCOL.md §1):
 *  - OUTBOX_LINK_LOST_RETRY: the server honours Idempotency-Key (the reference central does): the
 *    same POST again is safe.
 *  - OUTBOX_LINK_LOST_LOOKUP: the server lists CLIENT_REQUEST_ID reliably: look it up; found is
 *    delivered, an empty answer means not created (sent again), anything else unconfirmed.
 *  - OUTBOX_LINK_LOST_UNCONFIRMED (any other server): look it up; found is delivered, anything
 *    else (empty list included: servers that filter start_date wrongly or hide new requests
 *    until moderated) is UNCONFIRMED: never re-POSTed automatically, counted for staff in the
 *    heartbeat.
 * Feedback goes to our kiosk API, which honours Idempotency-Key: always RETRY.
 *
 * Results (APP_EV_RESULT, only to the process that submitted: after a restart nobody waits):
 *  kind APP_REQ_SUBMIT or APP_REQ_FEEDBACK, id = the request id given at submit, payload = a
 *  struct outbox_outcome valid during the delivery, error =
 *  - APP_RESULT_OK: delivered (final service_request_id, or only a token still being polled);
 *  - APP_RESULT_UNREACHABLE: the first attempt failed (or there is no central): it is saved on
 *    the kiosk and will be sent; a later final result with the same id may follow;
 *  - APP_RESULT_REJECTED: the central refused it (outcome.reason, outcome.message); a POST
 *    answered 404 is OUTBOX_LINK_CATEGORY_GONE ("category no longer offered");
 *  - APP_RESULT_UNCONFIRMED: whether it arrived is unknown (lost answer on a server that cannot
 *    confirm, or an idempotency conflict, which is logged as a bug).
 * Logs name references, states, HTTP statuses and error names only: never the payload, nor the
 * server's message (it may echo the visitor's input; it is kept in the entry for staff). */
#ifndef ACCUEIL_OUTBOX_LINK_H
#define ACCUEIL_OUTBOX_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/config.h"
#include "firmware/participant.h"
#include "firmware/services/kiosk_api.h"
#include "firmware/services/net.h"
#include "firmware/services/open311.h"
#include "firmware/services/outbox.h"

typedef struct outbox_link outbox_link_t;

enum outbox_link_lost {
	OUTBOX_LINK_LOST_RETRY,
	OUTBOX_LINK_LOST_LOOKUP,
	OUTBOX_LINK_LOST_UNCONFIRMED,
};

/* Why an entry was not delivered (outbox_outcome.reason). */
enum outbox_link_reason {
	OUTBOX_LINK_NONE,
	OUTBOX_LINK_REFUSED,       /* the central refused it (4xx): see message */
	OUTBOX_LINK_CATEGORY_GONE, /* POST answered 404: the category is no longer offered */
	OUTBOX_LINK_CONFLICT,      /* 422 idempotency conflict: a bug of ours, logged */
	OUTBOX_LINK_LOST,          /* its answer was lost and it could not be confirmed */
	OUTBOX_LINK_UNSENDABLE,    /* the kiosk cannot build or open it (logged) */
	OUTBOX_LINK_WAITING,       /* not sent yet (APP_RESULT_UNREACHABLE) */
};

/* The payload of an APP_EV_RESULT; valid during the delivery only. */
struct outbox_outcome {
	char reference[OUTBOX_REF_MAX];         /* the provisional reference, "K7-42" */
	char service_request_id[OUTBOX_ID_MAX]; /* the final reference, "" when not known */
	char token[OUTBOX_ID_MAX];
	char service_notice[OUTBOX_NOTICE_MAX];
	char message[OUTBOX_ERROR_MAX]; /* the server's words on refusal; may echo input */
	enum outbox_link_reason reason;
};

/* What outbox_link_submit hands back at once. */
struct outbox_receipt {
	char reference[OUTBOX_REF_MAX];
	char request_id[OUTBOX_UUID_MAX];
};

/* Depth and age for the heartbeat. */
struct outbox_link_health {
	bool ok;            /* the outbox could be opened */
	unsigned pending;   /* undelivered entries */
	uint64_t oldest_s;  /* age of the oldest, 0 when none */
	unsigned attention; /* unconfirmed or rejected: staff must look */
};

struct outbox_link_options {
	const char *data_dir;    /* required */
	unsigned kiosk_number;   /* in the provisional references */
	unsigned max_entries;    /* 0: OUTBOX_ENTRIES_DEFAULT */
	unsigned long max_pages; /* 0: outbox's default */
	struct net_config net;   /* base_url NULL: no central (entries wait); max_attempts is
	                          * forced to 1; backoff 0: 2 s base, 5 min cap */
	struct open311_config open311;
	struct kiosk_api_config kiosk;
	enum outbox_link_lost lost;
	int64_t wall_start_ms; /* wall clock at now (ms since 1970); 0: the real clock */
};

/* Opens the outbox of o->data_dir and, with a base URL, the connection. Returns 0 and *out
 * (free with outbox_link_free), or -ENOMEM, -EINVAL, or an error of outbox_new (the outbox
 * cannot be used) or net_new. */
int outbox_link_new(const struct outbox_link_options *o, uint64_t now, outbox_link_t **out);

/* The kiosk's link from its configuration (data_dir, central_url, api_key, TLS settings,
 * open311_lost_answer; the kiosk number is the trailing digits of kiosk_id). Whatever cannot be
 * opened is logged and the link still exists: submit then returns the error, truthfully.
 * Returns 0 and *out, or -ENOMEM. */
int outbox_link_new_from_config(const struct config *cfg, const char *version, uint64_t now,
                                outbox_link_t **out);

/* Closes everything; a POST in flight is abandoned (its entry stays SENDING and is treated as
 * a lost answer at the next start). NULL is fine. */
void outbox_link_free(outbox_link_t *l);

/* The link as a participant; valid while l lives. */
struct participant outbox_link_participant(outbox_link_t *l);

/* Stores sub durably (committed with synchronous=FULL) and returns at once its provisional
 * reference in *out; it is sent from the next step. sub is copied (sub->client_request_id: as
 * in outbox_add_submission). request_id (non-zero) is the id its APP_EV_RESULT will carry.
 * Returns 0, or an error of outbox_add_submission (-EDQUOT full outbox, -ENOSPC full disk,
 * -EUCLEAN corrupt outbox, -E2BIG, -EINVAL …), or the error that kept the outbox from opening.
 * On error nothing was stored: tell the visitor so. */
int outbox_link_submit(outbox_link_t *l, const struct open311_submission *sub, uint32_t request_id,
                       uint64_t now, struct outbox_receipt *out);

/* The same for feedback (APP_REQ_FEEDBACK). */
int outbox_link_feedback(outbox_link_t *l, const struct kiosk_api_feedback *fb, uint32_t request_id,
                         uint64_t now, struct outbox_receipt *out);

/* A provisional reference from this kiosk (status task): an undelivered entry (its state) or a
 * delivered one (OUTBOX_DELIVERED with the final reference). Returns 0 and *out, -ENOENT, or the
 * outbox's error. */
int outbox_link_find(outbox_link_t *l, const char *reference, struct outbox_entry *out);

/* Depth and age, as last counted (no disk access). */
void outbox_link_health(const outbox_link_t *l, uint64_t now, struct outbox_link_health *out);

/* The entries a technician must resolve (OUTBOX_UNCONFIRMED and OUTBOX_REJECTED), oldest
 * first, up to cap. Returns the count, or the outbox's error (its open error when it could not
 * be opened). */
int outbox_link_unresolved(outbox_link_t *l, struct outbox_entry *out, size_t cap);

/* The category of e (its Open311 service code, or "feedback") into buf (cap bytes). Only the
 * code is taken from the sealed payload, which is wiped at once. Returns 0, -ENOENT (no payload
 * left: ""), or outbox_payload's error. */
int outbox_link_category(outbox_link_t *l, const struct outbox_entry *e, char *buf, size_t cap);

/* The kiosk's own words for e's last error ("answer lost; the server's list cannot confirm
 * it", "refused by the central (HTTP 400)") into buf (cap bytes): never the central's message,
 * which follows ": " in error_text and may echo what the visitor typed. */
void outbox_link_error_words(const struct outbox_entry *e, char *buf, size_t cap);

/* A technician's "retry now": every waiting entry (pending, lookup, token) is due now, and each
 * unconfirmed one is looked up at the central again (OUTBOX_LOOKUP; what the lookup finds then
 * follows `lost`, so nothing is ever sent twice). Refused entries stay as they are. Returns the
 * entries set to go (>= 0), -ENOTCONN without a central, or the outbox's error. */
int outbox_link_retry_now(outbox_link_t *l, uint64_t now);

/* Waits up to max_ms (real time) on the link's sockets. Returns the requests in flight. */
size_t outbox_link_wait(outbox_link_t *l, uint32_t max_ms);

#endif
