/* queue_api: the kiosk's client of our queue API (PROTOCOL.md §3): services with their state and
 * expected wait, taking a ticket, a ticket's state. Builders fill a struct net_request; parsers
 * are pure (cJSON, no libcurl) and as tolerant as the Open311 ones: numbers or strings, array or
 * bare object, missing / null / "" alike. Conventions as in open311.h: builders return 0 or a
 * negative errno code; parsers return NET_API_OK or an enum net_api_error, fill *st (may be
 * NULL) and write *out only on success. */
#ifndef ACCUEIL_QUEUE_API_H
#define ACCUEIL_QUEUE_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/core/i18n.h"
#include "firmware/services/net.h"
#include "firmware/services/net_api.h"

#define QUEUE_API_ID_MAX       16 /* service id ("A"), ticket ("A042"), counter ("3") */
#define QUEUE_API_NAME_MAX     160
#define QUEUE_API_WHERE_MAX    256
#define QUEUE_API_SERVICES_MAX 16
#define QUEUE_API_BEST_MAX     4
#define QUEUE_API_UNKNOWN      (-1) /* a number the server did not give */

struct queue_api_config {
	char path[128]; /* below the net_t's base URL, e.g. "queue/v1/" */
	/* The server honours Idempotency-Key (ours does): a ticket request whose answer was lost
	 * is re-sent with the same key instead of being reported as unconfirmed. */
	bool idempotency_honoured;
};

enum queue_api_state {
	QUEUE_API_OPEN,
	QUEUE_API_CLOSING, /* open, but not for long: say so */
	QUEUE_API_CLOSED,
	QUEUE_API_STATE_UNKNOWN,
};

struct queue_api_service {
	char id[QUEUE_API_ID_MAX];
	char name_fr[QUEUE_API_NAME_MAX];
	char name_en[QUEUE_API_NAME_MAX];
	enum queue_api_state state;
	int waiting;    /* people waiting, or QUEUE_API_UNKNOWN */
	int wait_min_s; /* expected wait range, or QUEUE_API_UNKNOWN */
	int wait_max_s;
	int counters_open;            /* or QUEUE_API_UNKNOWN */
	struct net_api_time opens_at; /* current or next opening window */
	struct net_api_time closes_at;
	size_t n_best;
	char best_hours[QUEUE_API_BEST_MAX][24]; /* "10:00-11:00" as the server wrote them */
};

struct queue_api_services {
	size_t count;
	struct queue_api_service items[QUEUE_API_SERVICES_MAX];
};

struct queue_api_ticket {
	char ticket[QUEUE_API_ID_MAX]; /* "A042" */
	char service[QUEUE_API_ID_MAX];
	int ahead;      /* or QUEUE_API_UNKNOWN */
	int wait_min_s; /* or QUEUE_API_UNKNOWN */
	int wait_max_s;
	struct net_api_time issued_at;
	char where_fr[QUEUE_API_WHERE_MAX];
	char where_en[QUEUE_API_WHERE_MAX];
	char follow_url[QUEUE_API_WHERE_MAX]; /* a page following the ticket ("" none) */
};

enum queue_api_ticket_state {
	QUEUE_API_WAITING,
	QUEUE_API_CALLED,
	QUEUE_API_SERVED,
	QUEUE_API_MISSED,
	QUEUE_API_TICKET_UNKNOWN,
};

struct queue_api_ticket_status {
	char ticket[QUEUE_API_ID_MAX];
	char service[QUEUE_API_ID_MAX];
	enum queue_api_ticket_state state;
	char counter[QUEUE_API_ID_MAX]; /* "" until called */
	int ahead;                      /* or QUEUE_API_UNKNOWN */
	int wait_min_s;
	int wait_max_s;
};

/* GET services?lang=. */
int queue_api_build_services(const struct queue_api_config *cfg, enum lang lang,
                             struct net_request *req);

/* POST tickets {"service","priority","lang"} with Idempotency-Key (a UUID made once per
 * attempt to take a ticket, e.g. net_random_uuid_v4). -EINVAL for an empty service or key. */
int queue_api_build_take_ticket(const struct queue_api_config *cfg, const char *service,
                                bool priority, enum lang lang, const char *idempotency_key,
                                struct net_request *req);

/* GET tickets/{ticket}. */
int queue_api_build_ticket_status(const struct queue_api_config *cfg, const char *ticket,
                                  struct net_request *req);

/* Services; an empty list is a success with count 0; items without id are skipped. */
int queue_api_parse_services(const struct net_result *res, struct queue_api_services *out,
                             struct net_api_status *st);

/* A new ticket (200 or 201). A closed queue (409) gives NET_API_ECLOSED with *next_opening
 * (may be NULL) set from the reply ("next_opening" or "opens_at", in the error item or at top
 * level; valid = false when the server did not say). A lost answer gives NET_API_EUNCONFIRMED. */
int queue_api_parse_ticket(const struct net_result *res, struct queue_api_ticket *out,
                           struct net_api_time *next_opening, struct net_api_status *st);

/* A ticket's state; 404 (not today's, or unknown) gives NET_API_ENOTFOUND. */
int queue_api_parse_ticket_status(const struct net_result *res, struct queue_api_ticket_status *out,
                                  struct net_api_status *st);

#endif
