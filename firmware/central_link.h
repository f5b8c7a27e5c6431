/* The kiosk's side of the central: the heartbeat and notice schedules, and the requests
 * the core asks for (APP_FX_REQUEST), answered as APP_EV_RESULT events. A participant
 * (participant.h). Without a configured central it still answers every request, with
 * APP_RESULT_UNREACHABLE, so the visitor is told the truth. */
#ifndef ACCUEIL_CENTRAL_LINK_H
#define ACCUEIL_CENTRAL_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/config.h"
#include "firmware/participant.h"

typedef struct central_link central_link_t;

/* What the heartbeat reports of the kiosk's own health. */
struct central_link_health {
	bool speech_ok;
	bool display_ok;
	unsigned outbox_pending;   /* undelivered outbox entries */
	uint64_t outbox_oldest_s;  /* age of the oldest, 0 when none */
	unsigned outbox_attention; /* unconfirmed or rejected: a check that fails for staff */
};

/* Sets up the connection to cfg's central (none when central_url is empty); nothing is
 * sent yet. health is read at each heartbeat and must outlive the link. Returns 0 and
 * *out, or -ENOMEM. A central that cannot be set up is logged and treated as absent. */
int central_link_new(const struct config *cfg, const struct central_link_health *health,
                     const char *version, uint64_t now, central_link_t **out);
void central_link_free(central_link_t *c);

/* What the last heartbeat came to, for technician mode. */
struct central_link_state {
	bool configured; /* a central is set up */
	int last;        /* 1 answered, -1 failed, 0 nothing tried yet */
	uint64_t at;     /* when (the link's clock) */
	char error[48];  /* the failure's name (net_api_error_name) */
};
void central_link_state(const central_link_t *c, struct central_link_state *out);

/* The link as a participant; valid while c lives. */
struct participant central_link_participant(central_link_t *c);

/* The model the visitor's tasks read when the core asks (APP_REQ_STATUS: visit.status.lookup;
 * APP_REQ_TICKET: visit.ticket.chosen, priority, idempotency_key; APP_REQ_TICKET_STATE:
 * visit.ticket.typed); borrowed, must outlive c. Answers are APP_EV_RESULT with the core's
 * payloads (struct status_answer, ticket_services, ticket_issued, ticket_state). */
void central_link_set_app(central_link_t *c, const struct app *a);

/* Waits up to max_ms (real time) on the central's sockets. Returns the requests still
 * pending (0 without a central). */
size_t central_link_wait(central_link_t *c, uint32_t max_ms);

#endif
