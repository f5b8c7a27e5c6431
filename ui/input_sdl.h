/* SDL events to kiosk input: keys (ACCESSIBILITY.md K1, any keyboard), touch and
 * mouse (activation on release), the pc board's headphone key. Auto-repeat is
 * dropped here; nothing a visitor presses maps to "quit". */
#ifndef ACCUEIL_INPUT_SDL_H
#define ACCUEIL_INPUT_SDL_H

#include <stdbool.h>

#include "firmware/core/app.h"

union SDL_Event;

enum input_kind {
	INPUT_NONE,       /* nothing for the kiosk (or deliberately ignored: quit requests) */
	INPUT_KEY,        /* ev holds an APP_EV_KEY */
	INPUT_POINTER,    /* ev.type is POINTER_DOWN/MOVE/UP; x, y in window pixels */
	INPUT_HEADPHONES, /* the pc board's simulated jack (F9): toggles */
	INPUT_REDRAW,     /* the window was exposed or resized */
};

struct input_event {
	enum input_kind kind;
	struct app_event ev;
	int x, y;
};

/* Maps one SDL event. win_w/win_h scale touch coordinates (normalised by SDL). typing: a
 * text field takes keyboard text (SDL_TEXTINPUT becomes APP_EV_TEXT, and printable keys
 * lose their kiosk meaning: "-" types a hyphen rather than lowering the volume). */
void input_from_sdl(const union SDL_Event *e, int win_w, int win_h, bool typing,
                    struct input_event *out);

/* For scripts: "up", "down", "action", "back", "help", "vol-", "vol+", "lang",
 * "repeat", "rate", "erase", a digit "0".."9", or "technician" (the service chord
 * Ctrl+Alt+T: an APP_EV_TECHNICIAN). Returns 0 or -EINVAL. */
int input_key_from_name(const char *name, struct app_event *out);

#endif
