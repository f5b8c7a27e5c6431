/* What a screen is, as the core sees it: a description with a name, its help, how it
 * builds its nodes from the model, its own actions and keys, and sample states for the
 * reference images. ui/screens/ implement one per file and list them in one table; the
 * program layer hands that table to the core (app_init), so the core includes no screen.
 * A flow (a task of several steps) is a list of such screens that sits as one entry on
 * the navigation stack. Pure C. */
#ifndef ACCUEIL_SCREEN_H
#define ACCUEIL_SCREEN_H

#include <stdbool.h>

struct app;
struct app_event;
struct app_result;
struct app_fx_list;
struct view;

struct screen_def {
	const char *name;     /* for scripts, logs and reference images: "home" */
	const char *help_key; /* what the help screen says about it; NULL: the general text */
	/* Help here goes one layer deeper to this screen instead of the help screen
	 * (help → keypad guide → tutorial). NULL: the help screen. */
	const struct screen_def *help_next;
	bool bilingual;  /* shown before a language is chosen: role words follow the focus */
	bool takes_text; /* a text field: the program layer turns keyboard text input on */
	/* Appends the screen's nodes to v (already emptied, v->lang set). */
	void (*build)(const struct app *a, struct view *v);
	/* The screen's own actions (values from APP_ACT_SCREEN up). NULL: none. */
	void (*act)(struct app *a, int action, struct app_fx_list *fx);
	/* Sees a key (or APP_EV_TEXT) before the shell does; true when taken. NULL: none. */
	bool (*key)(struct app *a, const struct app_event *ev, struct app_fx_list *fx);
	/* Sees a pointer event (with its point: app_event.x, y) before the shell does; true
	 * when taken (technician mode's touch test). NULL: none. */
	bool (*pointer)(struct app *a, const struct app_event *ev, struct app_fx_list *fx);
	/* Runs when the screen is entered going forward (not on Back). NULL: none. */
	void (*enter)(struct app *a, struct app_fx_list *fx);
	/* Sample states for reference images: sample i of `samples` puts the model in that
	 * state and returns its name ("" for the first, used without a suffix). */
	int samples;
	const char *(*sample)(struct app *a, int i);
};

/* A task of several steps: one navigation entry with its own Back. */
struct flow_def {
	const char *name;
	int steps;
	const struct screen_def *const *step; /* the screen of each step */
	/* True when leaving now would lose something the visitor entered. */
	bool (*entered)(const struct app *a);
	/* Forgets what the visitor entered (explicit zeroing); runs when the flow is left. */
	void (*discard)(struct app *a);
	/* The step Back goes to from `step` (> 0), for steps that may be skipped. NULL: step - 1.
	 */
	int (*back_to)(const struct app *a, int step);
};

/* Every screen, and the ones the shell itself leads to. */
struct screen_set {
	const struct screen_def *const *all;
	int count;
	const struct screen_def *attract, *home, *help, *staff, *timeout, *unavailable, *discard;
	const struct screen_def *technician; /* technician mode's PIN screen; NULL: none */
	/* The tasks' answers to their requests (APP_EV_RESULT other than the shell's own),
	 * wherever the visitor is meanwhile. NULL: none. */
	void (*result)(struct app *a, const struct app_result *r, struct app_fx_list *fx);
	/* The tasks' deadline passed (app.task_deadline). NULL: none. */
	void (*tick)(struct app *a, struct app_fx_list *fx);
};

/* The screen called name in set, or NULL. */
const struct screen_def *screen_find(const struct screen_set *set, const char *name);

#endif
