/* The screens: one file each, listed once in screen_list.h. Each defines a struct
 * screen_def (firmware/core/screen.h): how it builds its nodes from the model, its own
 * actions and keys, its help and its sample states. Pure C: no SDL, no speech. */
#ifndef ACCUEIL_SCREENS_H
#define ACCUEIL_SCREENS_H

#include <stddef.h>

#include "firmware/core/app.h"
#include "firmware/core/screen.h"
#include "ui/view.h"

#define SCREEN(name) extern const struct screen_def screen_##name;
#include "ui/screens/screen_list.h"
#undef SCREEN

/* The table of every screen, with the ones the shell leads to. */
extern const struct screen_set screens_all;

/* Helpers shared by the screen files. Each returns the new node, or NULL when the view
 * is full or the text does not fit: then v->overflow counts it (logged by the program
 * layer) and the builder goes on without it. Nothing is cut silently. */
struct view_node *screen_add(struct view *v, const struct app *a, enum view_role role,
                             const char *key, int action);
/* A node with text that is not a string key: id names it across rebuilds (a string
 * key, or "notice." and the notice's id). */
struct view_node *screen_add_text(struct view *v, const char *id, enum view_role role,
                                  enum lang lang, const char *text, int action);
/* A button that opens screen `to`. */
struct view_node *screen_add_go(struct view *v, const struct app *a, const char *key,
                                const struct screen_def *to);
/* Sets n's value; on overflow the value stays empty and v->overflow counts it. */
void screen_set_value(struct view *v, struct view_node *n, const char *value);
/* The string `key` followed by how to reach the agency otherwise (phone, TTY, web),
 * from the configuration; only the ways that are configured are named. Returns 0 or
 * -E2BIG when it does not fit cap. */
int screen_contact_text(const struct app *a, const char *key, char *out, size_t cap);
/* The same ways appended to the text already in out. */
int screen_contact_append(const struct app *a, char *out, size_t cap);
/* A list of `total` items longer than a screen holds, `per_page` at a time. Returns the
 * index of the first item on the page shown (a->visit.here.page, clamped by the shell)
 * and sets *count to how many to add; then call screen_page_controls after the items. */
int screen_page(struct view *v, const struct app *a, int total, int per_page, int *count);
/* "Page 2 of 3" with Previous page / Next page (disabled at either end), when the list
 * needs more than one page; nothing otherwise. */
void screen_page_controls(struct view *v, const struct app *a);
/* The time of day of utc at the site: "14 h 05", "17 h" (no-break spaces) or "2:05 p.m.". */
void screen_clock_text(int64_t utc, enum lang l, char *out, size_t cap);
/* A day and time in the visitor's language: "Tuesday, December 22 at 8:30 a.m.",
 * « mardi 22 décembre à 8 h 30 ». */
void screen_when_text(int64_t utc, enum lang l, char *out, size_t cap);
/* A short entry's own keys (a reference, a ticket number): typed text, Enter (done), Erase,
 * and the digit keys wherever focus is (K5; the first turns speech on, A1, and is kept). */
struct screen_entry {
	void (*type)(struct app *a, struct app_fx_list *fx, const char *ch);
	void (*erase)(struct app *a, struct app_fx_list *fx);
	void (*done)(struct app *a, struct app_fx_list *fx);
};
bool screen_entry_key(struct app *a, const struct app_event *ev, struct app_fx_list *fx,
                      const struct screen_entry *e);
/* One full stop where a sentence ending in "p.m." got another: "until 3:00 p.m.". */
void screen_end_sentence(char *text);
/* Says every text of the screen after its title (the texts, alerts and read-only fields),
 * to a listener: for screens whose words matter on arrival (a consent, a review, a receipt). */
void screen_speak_texts(struct app *a, struct app_fx_list *fx);
/* Sets n's value to the volume as shown: "60 %". */
void screen_set_volume(struct view *v, const struct app *a, struct view_node *n);
/* While speech is on, a small Volume control in the footer that opens "Display and
 * voice" (K4: volume by touch as well as by keys); nothing otherwise. */
void screen_volume_control(struct view *v, const struct app *a);
/* Help, staff assistance (unless with_staff is false), the language switch and, while
 * speech is on, the volume control. */
void screen_footer(struct view *v, const struct app *a, bool with_staff);

#endif
