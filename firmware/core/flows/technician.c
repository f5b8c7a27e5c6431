/* Technician mode's model and its entry by a long press in a corner (technician.h). */
#include "firmware/core/flows/technician.h"

#include <errno.h>
#include <string.h>

#include "firmware/core/app.h"

int tech_corner_parse(const char *s, enum tech_corner *out)
{
	static const struct {
		const char *name;
		enum tech_corner corner;
	} names[] = {
	    {"none", TECH_CORNER_NONE},
	    {"top-left", TECH_CORNER_TOP_LEFT},
	    {"top-right", TECH_CORNER_TOP_RIGHT},
	    {"bottom-left", TECH_CORNER_BOTTOM_LEFT},
	    {"bottom-right", TECH_CORNER_BOTTOM_RIGHT},
	};
	for (size_t i = 0; s && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i].name) == 0) {
			*out = names[i].corner;
			return 0;
		}
	return -EINVAL;
}

static bool in_corner(enum tech_corner c, int x, int y, int w, int h)
{
	int side = (w < h ? w : h) / 10;
	side = side < 48 ? 48 : side;
	bool left = x >= 0 && x < side, right = x >= w - side && x < w;
	bool top = y >= 0 && y < side, bottom = y >= h - side && y < h;
	switch (c) {
	case TECH_CORNER_TOP_LEFT:
		return top && left;
	case TECH_CORNER_TOP_RIGHT:
		return top && right;
	case TECH_CORNER_BOTTOM_LEFT:
		return bottom && left;
	case TECH_CORNER_BOTTOM_RIGHT:
		return bottom && right;
	case TECH_CORNER_NONE:
		break;
	}
	return false;
}

void tech_press_down(struct tech_press *p, int x, int y, int w, int h, uint64_t now)
{
	p->down = in_corner(p->corner, x, y, w, h);
	p->since = now;
}

void tech_press_move(struct tech_press *p, int x, int y, int w, int h)
{
	if (p->down && !in_corner(p->corner, x, y, w, h))
		p->down = false;
}

void tech_press_up(struct tech_press *p)
{
	p->down = false;
}

uint64_t tech_press_deadline(const struct tech_press *p)
{
	return p->down ? p->since + TECH_PRESS_MS : UINT64_MAX;
}

bool tech_press_due(struct tech_press *p, uint64_t now)
{
	if (!p->down || now < p->since + TECH_PRESS_MS)
		return false;
	p->down = false;
	return true;
}

void tech_type(struct app *a, struct app_fx_list *fx, int digit)
{
	struct tech *t = &a->visit.tech;
	size_t n = strlen(t->pin);
	if (t->state != TECH_PIN || digit < 0 || digit > 9 || n >= TECH_PIN_MAX) {
		app_cue(a, fx, CUE_NO_ACTION);
		return;
	}
	t->pin[n] = (char)('0' + digit);
	t->pin[n + 1] = '\0';
	t->error = NULL;
	/* The digit itself is never said: the speaker may be on, someone may be listening. */
	app_say(a, fx, "tech.pin.digit");
}

void tech_erase(struct app *a, struct app_fx_list *fx)
{
	struct tech *t = &a->visit.tech;
	size_t n = strlen(t->pin);
	if (t->state != TECH_PIN || n == 0) {
		app_cue(a, fx, CUE_NO_ACTION);
		app_say(a, fx, "keyboard.empty");
		return;
	}
	t->pin[n - 1] = '\0';
	app_say(a, fx, "keyboard.erased");
}
