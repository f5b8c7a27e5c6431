/* outbox: the kiosk's durable store of submissions (Open311 requests, kiosk-API feedback) not yet
 * delivered to the central, on SQLite, so a visitor's request survives the network, the central
 * and a restart of the kiosk, and is sent exactly once (firmware/outbox_link.c sends).
 *
 * Files, in the data directory (created 0700 when missing):
 *  - outbox.db (+ -wal, -shm): SQLite, WAL, synchronous=FULL on every commit (a commit has
 *    reached the disk before outbox_add_* returns, so "received" is never a lie), secure_delete
 *    on, mode 0600.
 *  - outbox.key: the AES-256-GCM key (crypto.h), made at the first start; never replaced while
 *    entries exist.
 *
 * Tables: `entries` (one row per undelivered entry: kind, request id, provisional reference,
 * created time, state, attempts, next attempt time, final id / token / service_notice once known,
 * the server's error text; the payload sealed with crypto_seal, associated data
 * "accueil-outbox-1:" + request id), `receipts` (delivered entries, no personal data: provisional
 * reference → final reference, the most recent OUTBOX_RECEIPTS_MAX kept) and `meta` (the next
 * sequence number, never reused).
 *
 * Everything a visitor typed (description, name, e-mail, phone, comment, extra attributes) is in
 * the sealed payload only; the clear columns hold ids, times, states and the server's answers.
 *
 * The provisional reference is "K" + kiosk number (decimal, no padding) + "-" + sequence (decimal
 * from 1, no padding): "K7-42" (PROTOCOL.md §2).
 *
 * Errors: negative errno codes; SQLite's never leave this module. -ENOSPC: the disk (or the
 * database's size cap) is full; -EUCLEAN: the database file is corrupt (it is left untouched for
 * the technician); -EDQUOT: the outbox holds its maximum number of entries; -E2BIG: one entry
 * over its size cap. A failed write leaves every entry stored before it intact.
 * Not thread-safe: one thread owns an outbox_t (another process may open the same file). */
#ifndef ACCUEIL_OUTBOX_H
#define ACCUEIL_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/services/kiosk_api.h"
#include "firmware/services/open311.h"

#define OUTBOX_REF_MAX          32
#define OUTBOX_UUID_MAX         (OPEN311_UUID_LEN + 1)
#define OUTBOX_ID_MAX           OPEN311_ID_MAX
#define OUTBOX_NOTICE_MAX       OPEN311_TEXT_MAX
#define OUTBOX_ERROR_MAX        (NET_API_MESSAGE_MAX + 128)
#define OUTBOX_ENTRIES_DEFAULT  500
#define OUTBOX_ENTRY_BYTES_MAX  (64 * 1024) /* serialized payload, before sealing */
#define OUTBOX_RECEIPTS_MAX     1000
#define OUTBOX_KIOSK_NUMBER_MAX 999999

enum outbox_kind {
	OUTBOX_OPEN311 = 1,  /* an Open311 submission (open311_build_submit) */
	OUTBOX_FEEDBACK = 2, /* kiosk-API feedback (kiosk_api_build_feedback) */
};

enum outbox_state {
	OUTBOX_PENDING = 0,     /* to be sent at next_attempt_ms */
	OUTBOX_SENDING = 1,     /* a POST may be on its way: found at start, its answer was lost */
	OUTBOX_LOOKUP = 2,      /* an answer was lost: to be looked up before anything is sent */
	OUTBOX_TOKEN = 3,       /* accepted with a token; the id is polled (payload erased) */
	OUTBOX_UNCONFIRMED = 4, /* may or may not exist at the central: never re-sent on its own;
	                         * staff decide */
	OUTBOX_REJECTED = 5,    /* the central refused it (error_text says why) */
	OUTBOX_DELIVERED = 6,   /* only in receipts: sent, final reference known (or token) */
};

/* One entry's record, without its payload. A plain value. */
struct outbox_entry {
	int64_t seq;
	enum outbox_kind kind;
	enum outbox_state state;
	char request_id[OUTBOX_UUID_MAX];       /* UUID: CLIENT_REQUEST_ID and Idempotency-Key */
	char reference[OUTBOX_REF_MAX];         /* "K7-42" */
	int64_t created_ms;                     /* wall clock, ms since 1970 (UTC) */
	unsigned attempts;                      /* POSTs or polls tried so far */
	int64_t next_attempt_ms;                /* wall clock */
	char service_request_id[OUTBOX_ID_MAX]; /* "" until known */
	char token[OUTBOX_ID_MAX];
	char service_notice[OUTBOX_NOTICE_MAX];
	char error_text[OUTBOX_ERROR_MAX]; /* the server's message on rejection, for staff */
};

struct outbox_options {
	const char *dir;         /* data directory; required */
	unsigned kiosk_number;   /* in the reference, 0..OUTBOX_KIOSK_NUMBER_MAX */
	unsigned max_entries;    /* 0: OUTBOX_ENTRIES_DEFAULT */
	size_t max_entry_bytes;  /* 0: OUTBOX_ENTRY_BYTES_MAX */
	unsigned long max_pages; /* the database's hard size in pages (4 KiB); 0: 16 384 */
};

/* What was stored, opened again for sending. Strings point into buf and are owned by the
 * payload: outbox_payload_free wipes and frees them. kind says which of sub / fb is filled;
 * their client_request_id / idempotency_key point to request_id. */
struct outbox_payload {
	enum outbox_kind kind;
	struct open311_submission sub;
	struct kiosk_api_feedback fb;
	char request_id[OUTBOX_UUID_MAX];
	char *buf;
	size_t cap;
};

/* Depth and age for the heartbeat. */
struct outbox_stats {
	unsigned entries;   /* every undelivered entry */
	unsigned waiting;   /* pending, sending, lookup, token: the link is on them */
	unsigned attention; /* unconfirmed and rejected: staff must look */
	int64_t oldest_ms;  /* created_ms of the oldest entry, 0 when empty */
};

typedef struct outbox outbox_t;

/* Opens (or creates) the outbox of o->dir. Returns 0 and *out (free with outbox_free), or
 * -EINVAL (no dir, kiosk number too large), -EUCLEAN (corrupt database), -ENOKEY (entries exist
 * but outbox.key is missing), -EKEYREJECTED (the key file is unusable), -ENOSPC, -EACCES, -EROFS,
 * -EIO, -ENOMEM. */
int outbox_new(const struct outbox_options *o, outbox_t **out);

/* Closes. NULL is fine. */
void outbox_free(outbox_t *ob);

/* Stores a submission durably (committed with synchronous=FULL before returning) as PENDING,
 * due at now_ms. sub->client_request_id, when a UUID, is kept; when NULL a fresh one is made.
 * sub is copied; nothing of it is kept in memory. Returns 0 and *out (may be NULL), or -EINVAL
 * (no service code, a malformed id, too many extras), -EEXIST (that request id is already
 * stored), -E2BIG, -EDQUOT, -ENOSPC, -EUCLEAN, -EIO, -ENOMEM. */
int outbox_add_submission(outbox_t *ob, const struct open311_submission *sub, int64_t now_ms,
                          struct outbox_entry *out);

/* The same for feedback; fb->idempotency_key as client_request_id above. -EINVAL also for a
 * rating outside 1..5. */
int outbox_add_feedback(outbox_t *ob, const struct kiosk_api_feedback *fb, int64_t now_ms,
                        struct outbox_entry *out);

/* The due entry (PENDING, LOOKUP or TOKEN with next_attempt_ms <= now_ms) that is due the
 * earliest. Returns 0 and *out, -ENOENT when none, or an error as above. */
int outbox_next_due(outbox_t *ob, int64_t now_ms, struct outbox_entry *out);

/* The earliest next_attempt_ms of PENDING, LOOKUP and TOKEN entries. Returns 0 and *out_ms, or
 * -ENOENT when none waits. */
int outbox_next_time(outbox_t *ob, int64_t *out_ms);

/* Up to cap entries in state, oldest first. Returns the count (>= 0) or an error. */
int outbox_list(outbox_t *ob, enum outbox_state state, struct outbox_entry *out, size_t cap);

/* Opens e's payload (it must still have one: not TOKEN). Returns 0 and *out (release with
 * outbox_payload_free), or -ENOENT (no such entry or no payload), -EBADMSG (the payload fails
 * authentication: tampered with, or another key), -ENOMEM, -EUCLEAN, -EIO. */
int outbox_payload(outbox_t *ob, const struct outbox_entry *e, struct outbox_payload *out);

/* Wipes and frees what outbox_payload gave. NULL is fine; the struct is reset. */
void outbox_payload_free(struct outbox_payload *p);

/* Writes e's state, attempts, next attempt, service_request_id, token, service_notice and
 * error_text to its row (by e->seq); entering TOKEN erases the payload (the central has it).
 * Committed with synchronous=FULL. Returns 0, -ENOENT (no such entry), -EINVAL (DELIVERED: use
 * outbox_deliver), -ENOSPC, -EUCLEAN, -EIO. */
int outbox_update(outbox_t *ob, const struct outbox_entry *e);

/* Delivered: deletes e's entry and its payload (secure_delete) and records the receipt
 * (reference → e->service_request_id / token / service_notice) in one transaction. Returns 0,
 * -ENOENT, -ENOSPC, -EUCLEAN, -EIO. */
int outbox_deliver(outbox_t *ob, const struct outbox_entry *e, int64_t now_ms);

/* Looks a provisional reference up (ASCII case-insensitive "k7-42" works): an entry, or a
 * receipt (state DELIVERED with the final reference). Returns 0 and *out, -ENOENT, or an error. */
int outbox_find(outbox_t *ob, const char *reference, struct outbox_entry *out);

/* Depth and age. Returns 0 and *out or an error. */
int outbox_stats(outbox_t *ob, struct outbox_stats *out);

/* A stable lowercase name for logs ("pending", "unconfirmed", …). Never NULL. */
const char *outbox_state_name(enum outbox_state s);

#endif
