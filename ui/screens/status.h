/* The "check a request's status" flow (SPEC.md C4): its steps' screens share these. The
 * flow's state and rules are firmware/core/flows/status.c. */
#ifndef ACCUEIL_SCREENS_STATUS_H
#define ACCUEIL_SCREENS_STATUS_H

#include "ui/screens/screens.h"

extern const struct flow_def flow_status;

enum status_step { STATUS_STEP_ENTRY, STATUS_STEP_RESULT };

/* The answer to the look-up and its deadline (screen_set.result / .tick). */
void status_take_result(struct app *a, const struct app_result *r, struct app_fx_list *fx);
void status_tick(struct app *a, struct app_fx_list *fx);

/* Starts the look-up of what was typed (checked first: an error is shown and said). */
void status_look_up(struct app *a, struct app_fx_list *fx);

#endif
