/* The "file a request" flow (SPEC.md C3): its steps' screens share these. The flow's state
 * and rules are firmware/core/flows/complaint.c. */
#ifndef ACCUEIL_SCREENS_COMPLAINT_H
#define ACCUEIL_SCREENS_COMPLAINT_H

#include <stdio.h>

#include "firmware/core/text.h"
#include "ui/screens/screens.h"

/* The flow: category, description, contact, review, receipt. */
extern const struct flow_def flow_complaint;

enum complaint_step {
	COMPLAINT_STEP_CATEGORY,
	COMPLAINT_STEP_DETAILS, /* the category's extra fields; skipped when it has none */
	COMPLAINT_STEP_DESCRIPTION,
	COMPLAINT_STEP_CONTACT,
	COMPLAINT_STEP_REVIEW,
	COMPLAINT_STEP_RECEIPT,
	COMPLAINT_STEP_FEEDBACK,
};

/* The category chosen (NULL before one is). */
const struct catalogue_item *complaint_item(const struct app *a);

/* Adds the error of the step (if any) as an alert, first in the body. */
void complaint_error_node(struct view *v, const struct app *a);

/* Shows an error: it is spoken at once and focus moves to the field at fault (E1). */
void complaint_show_error(struct app *a, struct app_fx_list *fx, const char *key,
                          enum complaint_field field);

/* The answers to the submission and its deadline (screen_set.result / .tick). */
void complaint_result(struct app *a, const struct app_result *r, struct app_fx_list *fx);
void complaint_tick(struct app *a, struct app_fx_list *fx);

/* Ids of the edit node of each field ("complaint.edit.email"), for focus. */
const char *complaint_edit_id(enum complaint_field f);

#endif
