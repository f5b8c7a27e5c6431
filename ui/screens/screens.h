/* Screen builders: the model in, the view out. Pure C: no SDL, no speech. */
#ifndef ACCUEIL_SCREENS_H
#define ACCUEIL_SCREENS_H

#include "firmware/core/app.h"
#include "ui/view.h"

/* Builds the view of a's current screen into v (v->focus from a->focus, clamped). */
void screens_build(const struct app *a, struct view *v);

/* Helpers shared by the screen files. Each returns the new node, or NULL when the
 * view is full (the builders then show fewer items, never overflow). */
struct view_node *screen_add(struct view *v, const struct app *a, enum view_role role,
                             const char *key, int action);
struct view_node *screen_add_text(struct view *v, enum view_role role, enum lang lang,
                                  const char *text, int action);
/* The string `key` followed by how to reach the agency otherwise (phone, TTY, web),
 * from the configuration; only the ways that are configured are named. */
void screen_contact_text(const struct app *a, const char *key, char *out, size_t cap);
/* Help, staff assistance (unless with_staff is false) and the language switch. */
void screen_footer(struct view *v, const struct app *a, bool with_staff);

void screen_attract(const struct app *a, struct view *v);
void screen_home(const struct app *a, struct view *v);
void screen_help(const struct app *a, struct view *v);
void screen_keypad(const struct app *a, struct view *v);
void screen_tutorial(const struct app *a, struct view *v);
void screen_options(const struct app *a, struct view *v);
void screen_staff(const struct app *a, struct view *v);
void screen_timeout(const struct app *a, struct view *v, uint64_t now);
void screen_unavailable(const struct app *a, struct view *v);

/* The key the tutorial asks for at step (0-based), and its instruction string. */
enum app_key screen_tutorial_key(int step);
const char *screen_tutorial_instruction(int step);

#endif
