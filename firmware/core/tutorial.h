/* "Learn the keys": the tutorial asks for one key at a time and says whether it was the
 * right one (E3). Its steps are the core's; ui/screens/tutorial.c shows them. */
#ifndef ACCUEIL_TUTORIAL_H
#define ACCUEIL_TUTORIAL_H

#include <stdbool.h>

#include "firmware/core/app.h"

#define TUTORIAL_STEPS 5
/* The id (view_id) of the node showing the step's instruction. */
#define TUTORIAL_INSTRUCTION_ID "tutorial.instruction"

/* The key step (0-based) asks for, APP_KEY_NONE past the end. */
enum app_key tutorial_key(int step);
/* The string key of step's instruction ("tutorial.done" past the end). */
const char *tutorial_instruction(int step);
/* Starts at the first step, focus on its instruction (screen_def.enter). */
void tutorial_enter(struct app *a, struct app_fx_list *fx);
/* Takes the tutorial's keys (screen_def.key); true when taken. Back always leaves
 * (asking first once a step is done); Help always helps. */
bool tutorial_handle_key(struct app *a, const struct app_event *ev, struct app_fx_list *fx);

#endif
