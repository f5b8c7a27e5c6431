/* The "take a queue ticket" flow (SPEC.md C5): its steps' screens share these. The flow's
 * state and rules are firmware/core/flows/ticket.c. */
#ifndef ACCUEIL_SCREENS_TICKET_H
#define ACCUEIL_SCREENS_TICKET_H

#include "ui/screens/screens.h"

extern const struct flow_def flow_ticket;

enum ticket_step { TICKET_STEP_SERVICES, TICKET_STEP_ISSUED, TICKET_STEP_CHECK };

/* Starts the flow: the services are asked for at once. */
void ticket_start(struct app *a, struct app_fx_list *fx);
/* Asks for a ticket of service i of the list. */
void ticket_take(struct app *a, struct app_fx_list *fx, int i);
void ticket_take_result(struct app *a, const struct app_result *r, struct app_fx_list *fx);
/* "I already have a ticket": opens the check, and looks up the number typed (checked first). */
void ticket_check_open(struct app *a, struct app_fx_list *fx);
void ticket_look_up(struct app *a, struct app_fx_list *fx);
void ticket_tick(struct app *a, struct app_fx_list *fx);

#endif
