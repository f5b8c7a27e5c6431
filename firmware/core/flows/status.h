/* Checking a request's status (SPEC.md C4): the reference the visitor types, its check before
 * any network call, and the answer. The steps' screens are ui/screens/status_*.c; this is the
 * state and the rules they share. Pure C. */
#ifndef ACCUEIL_STATUS_H
#define ACCUEIL_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/core/i18n.h"

#define STATUS_TYPED_MAX 32 /* characters a reference may have (other servers' ids too) */
#define STATUS_TEXT_MAX  1024

/* What the kiosk tells the visitor (PROTOCOL.md §1); the same order as open311_progress. */
enum status_progress {
	STATUS_RECEIVED,
	STATUS_IN_PROGRESS,
	STATUS_WAITING_FOR_YOU,
	STATUS_CLOSED_ANSWERED,
	STATUS_CLOSED_REFERRED,
	STATUS_PROGRESS_COUNT
};

/* A provisional K… reference, as this kiosk's outbox knows it. */
enum status_outbox {
	STATUS_OUTBOX_NONE,    /* not a provisional reference */
	STATUS_OUTBOX_WAITING, /* saved on this kiosk, waiting to be sent */
	STATUS_OUTBOX_SENT,    /* sent: final reference in `id` */
	STATUS_OUTBOX_REFUSED, /* the central refused it */
	STATUS_OUTBOX_UNCONFIRMED,
};

/* The answer to APP_REQ_STATUS (payload of its APP_EV_RESULT). No description and no
 * personal data: the protocol's status carries none and none is kept. */
struct status_answer {
	char id[64]; /* the reference as the server knows it, or the final one of a K… */
	enum status_progress progress;
	char notes[STATUS_TEXT_MAX];  /* status_notes as the server wrote them */
	char agency[STATUS_TEXT_MAX]; /* agency_responsible: whom to contact */
	int64_t requested;            /* Unix seconds, 0 unknown */
	int64_t updated;
	int64_t expected;
	enum status_outbox outbox;
};

/* The kind of reference typed. */
enum status_kind {
	STATUS_KIND_NUMERIC,     /* the reference central's 10 digits with a check digit */
	STATUS_KIND_PROVISIONAL, /* this kiosk's K… */
	STATUS_KIND_OTHER,       /* another server's id (has letters): taken as it comes */
};

enum status_state {
	STATUS_ENTRY,
	STATUS_LOOKING,     /* asked the central (or the outbox) */
	STATUS_FOUND,       /* answer holds the status */
	STATUS_NOT_FOUND,   /* 404 with any body, `200 []` */
	STATUS_UNREACHABLE, /* the central is down or unreachable */
	STATUS_TIMED_OUT,   /* no answer in time */
	STATUS_FAILED,      /* an answer we cannot read, a refusal */
};

struct status {
	char typed[STATUS_TYPED_MAX * 4 + 1];
	const char *error; /* string key of the error shown, NULL none */
	int error_digits;  /* digits typed, for "10 digits needed, you entered 9" */
	enum status_state state;
	enum status_kind kind;
	char lookup[STATUS_TYPED_MAX * 4 + 1]; /* what is looked up: the checked reference */
	uint32_t request;
	char echo[8]; /* the character last typed or erased, to say back */
	struct status_answer answer;
};

/* Checks what was typed before any network call. Returns NULL when it may be looked up
 * (*kind set; out, cap bytes, receives the reference to look up: 10 digits without
 * separators, or the text as typed), else the error's string key, with *digits the count of
 * digits typed: "status.error.empty", "status.error.length", "status.error.check",
 * "status.error.character". */
const char *status_check(const char *typed, enum status_kind *kind, int *digits, char *out,
                         size_t cap);

/* Appends one character (ASCII letter, digit, '-') to what is typed. -E2BIG past
 * STATUS_TYPED_MAX, -EINVAL for anything else. */
int status_type(struct status *s, const char *utf8);
/* Erases the last character. -ENOENT when empty. */
int status_erase(struct status *s);

/* The language a server's text is written in, as far as its words tell (French accents and
 * common words against English ones); `fallback` when it cannot tell. */
enum lang status_text_lang(const char *text, enum lang fallback);

/* The string key of a progress in plain words ("status.progress.in_progress"), and of the
 * next step that goes with it. */
const char *status_progress_key(enum status_progress p);
const char *status_next_key(enum status_progress p);

/* True when the expected date is worth showing: known, and after the filing date. */
bool status_expected_shown(const struct status_answer *a);

/* Forgets everything (explicit zeroing). */
void status_reset(struct status *s);

#endif
