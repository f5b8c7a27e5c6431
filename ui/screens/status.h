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

/* "14 h 05" / "2:05 p.m." and "le 24 décembre 2026" at the site's local time. */
void status_clock_text(int64_t utc, enum lang l, char *out, size_t cap);

#endif
