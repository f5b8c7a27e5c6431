#include "ui/input_sdl.h"

#include <SDL.h>
#include <errno.h>
#include <string.h>

static enum app_key key_from_sym(SDL_Keycode sym, Uint16 mod, int *digit)
{
	bool shift = (mod & KMOD_SHIFT) != 0;

	/* Shifted punctuation first: on a US layout '*', '#', '?' and '+' are shifted keys. */
	if (shift && sym == SDLK_8)
		return APP_KEY_LANG;
	if (shift && sym == SDLK_3)
		return APP_KEY_REPEAT;
	if (shift && sym == SDLK_SLASH)
		return APP_KEY_HELP;
	if (shift && sym == SDLK_EQUALS)
		return APP_KEY_VOL_UP;
	if (shift && sym == SDLK_TAB)
		return APP_KEY_UP;
	if (sym >= SDLK_0 && sym <= SDLK_9) {
		*digit = (int)(sym - SDLK_0);
		return APP_KEY_DIGIT;
	}
	if (sym >= SDLK_KP_1 && sym <= SDLK_KP_9) {
		*digit = (int)(sym - SDLK_KP_1) + 1;
		return APP_KEY_DIGIT;
	}
	switch (sym) {
	case SDLK_KP_0:
		*digit = 0;
		return APP_KEY_DIGIT;
	case SDLK_UP:
	case SDLK_LEFT:
		return APP_KEY_UP;
	case SDLK_DOWN:
	case SDLK_RIGHT:
	case SDLK_TAB:
		return APP_KEY_DOWN;
	case SDLK_RETURN:
	case SDLK_RETURN2:
	case SDLK_KP_ENTER:
	case SDLK_SPACE:
		return APP_KEY_ACTION;
	case SDLK_ESCAPE:
	case SDLK_AC_BACK:
		return APP_KEY_BACK;
	case SDLK_BACKSPACE:
		return APP_KEY_ERASE;
	case SDLK_F1:
	case SDLK_HELP:
	case SDLK_QUESTION:
		return APP_KEY_HELP;
	case SDLK_MINUS:
	case SDLK_KP_MINUS:
	case SDLK_VOLUMEDOWN:
		return APP_KEY_VOL_DOWN;
	case SDLK_PLUS:
	case SDLK_KP_PLUS:
	case SDLK_VOLUMEUP:
		return APP_KEY_VOL_UP;
	case SDLK_ASTERISK:
	case SDLK_KP_MULTIPLY:
	case SDLK_F2:
		return APP_KEY_LANG;
	case SDLK_HASH:
	case SDLK_KP_HASH:
	case SDLK_F3:
		return APP_KEY_REPEAT;
	case SDLK_F4:
		return APP_KEY_RATE;
	default:
		return APP_KEY_NONE;
	}
}

/* While a text field takes keyboard text, printable keys type (SDL_TEXTINPUT brings the
 * characters): only keys that type nothing keep their kiosk meaning. */
static bool types_text(SDL_Keycode sym)
{
	return (sym >= SDLK_SPACE && sym <= SDLK_z) ||
	       (sym >= SDLK_KP_DIVIDE && sym <= SDLK_KP_0) || sym == SDLK_KP_PERIOD ||
	       (sym >= 0xA0 && sym <= 0xFF);
}

void input_from_sdl(const SDL_Event *e, int win_w, int win_h, bool typing, struct input_event *out)
{
	memset(out, 0, sizeof(*out));
	out->ev.item = -1;
	switch (e->type) {
	case SDL_KEYDOWN: {
		if (e->key.repeat)
			return; /* K4: auto-repeat is ignored */
#ifdef ACCUEIL_BOARD_PC
		if (e->key.keysym.sym == SDLK_F9) {
			out->kind = INPUT_HEADPHONES;
			return;
		}
#endif
		/* C9: the service keyboard's chord Ctrl+Alt+T. A visitor's keypad has neither
		 * key; the core enters technician mode only from this event (or a corner press). */
		if (e->key.keysym.sym == SDLK_t && (e->key.keysym.mod & KMOD_CTRL) &&
		    (e->key.keysym.mod & KMOD_ALT)) {
			out->kind = INPUT_KEY;
			out->ev.type = APP_EV_TECHNICIAN;
			return;
		}
		if (typing && types_text(e->key.keysym.sym) &&
		    !(e->key.keysym.mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI)))
			return;
		int digit = 0;
		enum app_key k = key_from_sym(e->key.keysym.sym, e->key.keysym.mod, &digit);
		if (k == APP_KEY_NONE)
			return; /* Alt+F4, Ctrl+Q and the like mean nothing here */
		out->kind = INPUT_KEY;
		out->ev.type = APP_EV_KEY;
		out->ev.key = k;
		out->ev.digit = digit;
		return;
	}
	case SDL_TEXTINPUT:
		if (!typing || e->text.text[0] == '\0')
			return;
		out->kind = INPUT_KEY;
		out->ev.type = APP_EV_TEXT;
		/* SDL's text is at most 32 bytes and NUL-terminated, like ours. */
		memcpy(out->ev.text, e->text.text, sizeof(out->ev.text));
		out->ev.text[sizeof(out->ev.text) - 1] = '\0';
		return;
	case SDL_FINGERDOWN:
	case SDL_FINGERMOTION:
	case SDL_FINGERUP:
		out->kind = INPUT_POINTER;
		out->ev.type = e->type == SDL_FINGERDOWN ? APP_EV_POINTER_DOWN
		               : e->type == SDL_FINGERUP ? APP_EV_POINTER_UP
		                                         : APP_EV_POINTER_MOVE;
		out->x = (int)(e->tfinger.x * (float)win_w);
		out->y = (int)(e->tfinger.y * (float)win_h);
		return;
	case SDL_MOUSEBUTTONDOWN:
	case SDL_MOUSEBUTTONUP:
		if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT)
			return; /* touches arrive as finger events already */
		out->kind = INPUT_POINTER;
		out->ev.type =
		    e->type == SDL_MOUSEBUTTONDOWN ? APP_EV_POINTER_DOWN : APP_EV_POINTER_UP;
		out->x = e->button.x;
		out->y = e->button.y;
		return;
	case SDL_MOUSEMOTION:
		if (e->motion.which == SDL_TOUCH_MOUSEID || !(e->motion.state & SDL_BUTTON_LMASK))
			return;
		out->kind = INPUT_POINTER;
		out->ev.type = APP_EV_POINTER_MOVE;
		out->x = e->motion.x;
		out->y = e->motion.y;
		return;
	case SDL_WINDOWEVENT:
		if (e->window.event == SDL_WINDOWEVENT_EXPOSED ||
		    e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
			out->kind = INPUT_REDRAW;
		return;
	default:
		return; /* SDL_QUIT (window close) included: only signals stop the kiosk */
	}
}

int input_key_from_name(const char *name, struct app_event *out)
{
	static const struct {
		const char *name;
		enum app_key key;
	} names[] = {
	    {"up", APP_KEY_UP},       {"down", APP_KEY_DOWN},   {"action", APP_KEY_ACTION},
	    {"back", APP_KEY_BACK},   {"help", APP_KEY_HELP},   {"vol-", APP_KEY_VOL_DOWN},
	    {"vol+", APP_KEY_VOL_UP}, {"lang", APP_KEY_LANG},   {"repeat", APP_KEY_REPEAT},
	    {"rate", APP_KEY_RATE},   {"erase", APP_KEY_ERASE},
	};
	memset(out, 0, sizeof(*out));
	out->type = APP_EV_KEY;
	out->item = -1;
	if (name[0] >= '0' && name[0] <= '9' && name[1] == '\0') {
		out->key = APP_KEY_DIGIT;
		out->digit = name[0] - '0';
		return 0;
	}
	if (strcmp(name, "technician") == 0) {
		out->type = APP_EV_TECHNICIAN; /* the service chord, Ctrl+Alt+T */
		return 0;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(names[i].name, name) == 0) {
			out->key = names[i].key;
			return 0;
		}
	}
	return -EINVAL;
}
