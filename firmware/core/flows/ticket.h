/* Taking a queue ticket (SPEC.md C5): the queue's services as the central reports them, the
 * visitor's choice, the ticket issued, and a ticket's state looked up by its number. The steps'
 * screens are ui/screens/ticket_*.c; this is the state and the rules they share. Pure C. No
 * personal data: a ticket is a number. */
#ifndef ACCUEIL_TICKET_H
#define ACCUEIL_TICKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/core/i18n.h"

#define TICKET_ID_MAX       16
#define TICKET_NAME_MAX     160
#define TICKET_WHERE_MAX    256
#define TICKET_URL_MAX      256
#define TICKET_SERVICES_MAX 8
#define TICKET_BEST_MAX     4
#define TICKET_UNKNOWN      (-1)

enum ticket_queue_state { TICKET_OPEN, TICKET_CLOSING, TICKET_CLOSED, TICKET_STATE_UNKNOWN };

struct ticket_service {
	char id[TICKET_ID_MAX];
	char name[LANG_COUNT][TICKET_NAME_MAX];
	enum ticket_queue_state state;
	int waiting; /* people waiting, or TICKET_UNKNOWN */
	int wait_min_s, wait_max_s;
	int64_t opens_at, closes_at; /* current or next opening window, 0 unknown */
	int n_best;
	char best[TICKET_BEST_MAX][24]; /* "10:00-11:00" */
};

/* The answer to APP_REQ_QUEUE. */
struct ticket_services {
	int count;
	struct ticket_service items[TICKET_SERVICES_MAX];
};

/* The answer to APP_REQ_TICKET: the ticket, or (APP_RESULT_CLOSED) the next opening. */
struct ticket_issued {
	char ticket[TICKET_ID_MAX]; /* "A042" */
	char service[TICKET_ID_MAX];
	int ahead;
	int wait_min_s, wait_max_s;
	int64_t issued_at;
	char where[LANG_COUNT][TICKET_WHERE_MAX];
	char follow_url[TICKET_URL_MAX]; /* "" when the central gives no link */
	int64_t next_opening;            /* closed: when it opens next, 0 unknown */
};

enum ticket_called_state {
	TICKET_WAITING,
	TICKET_CALLED,
	TICKET_SERVED,
	TICKET_MISSED,
	TICKET_UNKNOWN_STATE
};

/* The answer to APP_REQ_TICKET_STATE. */
struct ticket_state {
	char ticket[TICKET_ID_MAX];
	enum ticket_called_state state;
	char counter[TICKET_ID_MAX];
	int ahead;
	int wait_min_s, wait_max_s;
};

enum ticket_phase {
	TICKET_LOADING,     /* asking for the services */
	TICKET_CHOOSING,    /* the services are shown */
	TICKET_TAKING,      /* a ticket was asked for */
	TICKET_ISSUED,      /* the ticket is shown, said and printed */
	TICKET_REFUSED,     /* closed (or too close to closing) at the central */
	TICKET_UNAVAILABLE, /* the central is down, did not answer, or the answer was bad */
};

enum ticket_lookup_phase {
	TICKET_LOOKUP_ENTRY,
	TICKET_LOOKUP_ASKING,
	TICKET_LOOKUP_FOUND,
	TICKET_LOOKUP_NOT_FOUND,
	TICKET_LOOKUP_FAILED,
};

struct ticket {
	enum ticket_phase phase;
	struct ticket_services services;
	bool have_services;
	uint32_t queue_request;
	char chosen[TICKET_ID_MAX]; /* the service asked for */
	bool priority;              /* a priority / assistance ticket */
	uint32_t take_request;
	struct ticket_issued issued;
	enum { TICKET_PRINT_NONE, TICKET_PRINTING, TICKET_PRINTED, TICKET_PRINT_FAILED } print;
	uint32_t print_request;
	/* Checking a ticket by its number. */
	char typed[TICKET_ID_MAX];
	char echo[4];             /* the character last typed or erased, to say back */
	const char *lookup_error; /* string key, NULL none */
	enum ticket_lookup_phase lookup;
	uint32_t lookup_request;
	struct ticket_state state;
};

/* The service with that id in s, or NULL. */
const struct ticket_service *ticket_service_find(const struct ticket_services *s, const char *id);

/* "10 to 20 minutes" as numbers of minutes, rounded (min up from 0, max at least min). */
void ticket_wait_minutes(int min_s, int max_s, int *min_m, int *max_m);

/* Checks a ticket number as typed ("a42", "A042"): a letter then 1 to 3 digits. Writes the
 * canonical form ("A042") to out. Returns NULL or the error's string key. */
const char *ticket_check_number(const char *typed, char *out, size_t cap);

/* Appends a character (letter or digit) to the ticket number typed. -E2BIG, -EINVAL. */
int ticket_type(struct ticket *t, char ch);
int ticket_erase(struct ticket *t);

/* Forgets everything (explicit zeroing). */
void ticket_reset(struct ticket *t);

#endif
