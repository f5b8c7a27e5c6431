#include "firmware/core/tutorial.h"

static const struct {
	enum app_key key;
	const char *instruction;
} steps[] = {
    {APP_KEY_DOWN, "tutorial.step.down"},     {APP_KEY_UP, "tutorial.step.up"},
    {APP_KEY_ACTION, "tutorial.step.action"}, {APP_KEY_HELP, "tutorial.step.help"},
    {APP_KEY_BACK, "tutorial.step.back"},
};
_Static_assert(sizeof(steps) / sizeof(steps[0]) == TUTORIAL_STEPS, "one entry per step");

enum app_key tutorial_key(int step)
{
	return step >= 0 && step < TUTORIAL_STEPS ? steps[step].key : APP_KEY_NONE;
}

const char *tutorial_instruction(int step)
{
	return step >= 0 && step < TUTORIAL_STEPS ? steps[step].instruction : "tutorial.done";
}

void tutorial_enter(struct app *a, struct app_fx_list *fx)
{
	(void)fx;
	a->visit.tutorial_step = 0;
	a->visit.tutorial_leaving = false;
	/* Focus on the instruction: every announcement of the screen (arriving, a language
	 * switch) says it. */
	a->focus_id = view_id(TUTORIAL_INSTRUCTION_ID);
	app_rebuild(a);
}

static void leave(struct app *a, struct app_fx_list *fx)
{
	a->visit.tutorial_step = 0;
	a->visit.tutorial_leaving = false;
	app_back(a, fx);
}

bool tutorial_handle_key(struct app *a, const struct app_event *ev, struct app_fx_list *fx)
{
	enum app_key key = ev->key;
	if (!a->speech_mode || key < APP_KEY_UP || key > APP_KEY_HELP)
		return false;
	int *step = &a->visit.tutorial_step;
	bool leaving = a->visit.tutorial_leaving;
	if (leaving) {
		a->visit.tutorial_leaving = false; /* any other key: the lesson goes on */
		app_rebuild(a);
	}
	if (key == APP_KEY_BACK && key != tutorial_key(*step)) {
		/* Back always leaves; once a step is done, it asks first. */
		if (*step == 0 || leaving) {
			leave(a, fx);
			return true;
		}
		a->visit.tutorial_leaving = true;
		app_rebuild(a);
		app_cue(a, fx, CUE_ALERT);
		app_say(a, fx, "tutorial.leave");
		return true;
	}
	if (key == APP_KEY_HELP && key != tutorial_key(*step)) {
		/* Help always helps: what the lesson is, how to leave it, and the step. */
		app_say(a, fx, "tutorial.help");
		app_say(a, fx, tutorial_instruction(*step));
		return true;
	}
	if (key != tutorial_key(*step)) {
		app_cue(a, fx, CUE_NO_ACTION);
		app_say(a, fx, "tutorial.wrong");
		app_say(a, fx, tutorial_instruction(*step));
		return true;
	}
	(*step)++;
	app_cue(a, fx, CUE_ACTIVATE);
	if (*step >= TUTORIAL_STEPS) {
		app_say(a, fx, "tutorial.done");
		leave(a, fx);
		return true;
	}
	app_rebuild(a);
	app_say(a, fx, "tutorial.good");
	app_say(a, fx, tutorial_instruction(*step));
	return true;
}
