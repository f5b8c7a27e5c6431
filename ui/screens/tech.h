/* Technician mode's screens (tech_*.c) and what they share: the PIN's check, the answers to
 * APP_REQ_TECH_*, and moving between its screens. The model is firmware/core/flows/technician.h. */
#ifndef ACCUEIL_SCREENS_TECH_H
#define ACCUEIL_SCREENS_TECH_H

#include "firmware/core/app.h"
#include "ui/screens/screens.h"

/* Validate on the PIN screen: asks the program layer to check it (APP_REQ_TECH_PIN); an empty
 * PIN is refused here with a spoken alert. */
void tech_validate(struct app *a, struct app_fx_list *fx);
/* The answers to APP_REQ_TECH_*; other kinds, and answers nobody waits for, are ignored. */
void tech_take_result(struct app *a, const struct app_result *r, struct app_fx_list *fx);
/* Says every alert and text of the screen after its title, then the focused item. */
void tech_speak_texts(struct app *a, struct app_fx_list *fx);

/* The diagnostics' screen asks when it is entered (the kiosk answers at its next step). */
void tech_diag_enter(struct app *a, struct app_fx_list *fx);
/* Asks the program layer for kind (printer test, restart); the answer, if any, comes to
 * tech_take_result. */
void tech_request(struct app *a, struct app_fx_list *fx, enum app_request_kind kind);

#endif
