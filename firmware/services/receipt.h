/* The two printed documents (SPEC.md C3 and C5): the receipt of a filed request and the queue
 * ticket, as ESC/POS (firmware/services/escpos.h). They are built from the plain structs below,
 * which have no field for personal data: nothing a visitor typed about themselves can reach the
 * paper. Every word comes from the string catalogue (receipt.* and ticket.* keys) in the language
 * the caller passes; dates and times are the site's local time (calendar_to_local). */
#ifndef ACCUEIL_RECEIPT_H
#define ACCUEIL_RECEIPT_H

#include <stdbool.h>
#include <stdint.h>

#include "firmware/core/i18n.h"
#include "firmware/services/escpos.h"

/* Longest field accepted in the structs below (bytes, without the NUL). */
#define RECEIPT_FIELD_MAX 1024

/* The receipt of a filed request. Strings are borrowed; NULL or "" leaves a line out where
 * that is said below. */
struct receipt_request {
	/* The central's reference, 10 digits ("4821935576", printed "482 193 557 6"), or, when
	 * provisional, the kiosk's own "K…" reference of a request still in its outbox. */
	const char *reference;
	bool provisional;
	const char *category;  /* the category's name in the visitor's language */
	int64_t submitted_utc; /* when the visitor filed it */
	int standard_days;     /* the service standard in business days; < 0: none applies */
	const char *notice;    /* the central's service_notice: what happens next (may be NULL) */
	const char *phone;     /* how to check the status besides this kiosk (may be NULL) */
	const char *web;       /* (may be NULL) */
	const char *agency;    /* the agency's name in the visitor's language (may be NULL) */
};

/* A queue ticket. */
struct receipt_ticket {
	const char *number;  /* "A042": letter prefix of the service and number */
	const char *service; /* the service's name in the visitor's language */
	int64_t issued_utc;
	int people_ahead;       /* >= 0 */
	int wait_min, wait_max; /* expected wait in minutes; wait_max < 0: unknown */
	const char *where;      /* where to wait (may be NULL) */
	const char
	    *follow_url;    /* a page that follows the queue, printed as a QR code (may be NULL) */
	bool priority;      /* a priority / assistance ticket */
	const char *agency; /* the agency's name in the visitor's language (may be NULL) */
};

/* Appends the receipt of r in lang to doc (already made by escpos_new; this starts with
 * escpos_init and ends with the cut). Returns 0; -EINVAL when r has no reference or category,
 * a final reference that is not 10 digits, a provisional one not starting with 'K', or a
 * field over RECEIPT_FIELD_MAX; otherwise the document's error (-E2BIG past its cap, ...). */
int receipt_build_request(escpos_t *doc, const struct receipt_request *r, const i18n_t *t,
                          enum lang lang);

/* Appends ticket k in lang to doc, like receipt_build_request. -EINVAL when k has no number or
 * service, a negative people_ahead, a field over RECEIPT_FIELD_MAX, or a number longer than 8
 * bytes. */
int receipt_build_ticket(escpos_t *doc, const struct receipt_ticket *k, const i18n_t *t,
                         enum lang lang);

/* The time of day as people write it: "14 h 05" (fr) or "2:05 p.m." (en). Returns the length or
 * -ENOSPC. */
int receipt_format_time(int hour, int minute, enum lang lang, char *out, size_t cap);

#endif
