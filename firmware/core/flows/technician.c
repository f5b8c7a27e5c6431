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

int tech_settings_next_volume(int volume)
{
	int v = (volume / 10 + 1) * 10;
	return v > TECH_VOLUME_MAX || v < TECH_VOLUME_MIN ? TECH_VOLUME_MIN : v;
}

static unsigned next_of(const unsigned *steps, size_t n, unsigned now)
{
	for (size_t i = 0; i < n; i++)
		if (steps[i] > now)
			return steps[i];
	return steps[0];
}

unsigned tech_settings_next_idle(unsigned idle_s)
{
	static const unsigned steps[] = {60, 90, 120, 180, 240, 300};
	return next_of(steps, sizeof(steps) / sizeof(steps[0]), idle_s);
}

unsigned tech_settings_next_end(unsigned end_s)
{
	static const unsigned steps[] = {30, 45, 60, 90, 120};
	return next_of(steps, sizeof(steps) / sizeof(steps[0]), end_s);
}

bool tech_settings_valid(const struct tech_settings *s)
{
	return s->volume >= TECH_VOLUME_MIN && s->volume <= TECH_VOLUME_MAX &&
	       s->idle_s >= TECH_IDLE_MIN_S && s->idle_s <= TECH_IDLE_MAX_S &&
	       s->end_s >= TECH_END_MIN_S && s->end_s <= TECH_END_MAX_S;
}

void tech_touch_rect(int i, int w, int h, int *x, int *y, int *side)
{
	int s = (w < h ? w : h) / 10;
	s = s < 88 ? 88 : s;
	int m = 4;
	switch (i) {
	case TECH_TOUCH_TOP_LEFT:
		*x = m, *y = m;
		break;
	case TECH_TOUCH_TOP_RIGHT:
		*x = w - m - s, *y = m;
		break;
	case TECH_TOUCH_BOTTOM_RIGHT:
		*x = w - m - s, *y = h - m - s;
		break;
	case TECH_TOUCH_BOTTOM_LEFT:
		*x = m, *y = h - m - s;
		break;
	default:
		*x = (w - s) / 2, *y = (h - s) / 2;
		break;
	}
	*side = s;
}

int tech_touch_at(int x, int y, int w, int h, int *nearest, int *dist_px)
{
	int best = -1, best_d = 0;
	for (int i = 0; i < TECH_TOUCH_TARGETS; i++) {
		int tx, ty, s;
		tech_touch_rect(i, w, h, &tx, &ty, &s);
		int dx = x < tx ? tx - x : x >= tx + s ? x - (tx + s - 1) : 0;
		int dy = y < ty ? ty - y : y >= ty + s ? y - (ty + s - 1) : 0;
		int d = dx > dy ? dx : dy;
		if (best < 0 || d < best_d) {
			best = i;
			best_d = d;
		}
	}
	if (nearest)
		*nearest = best;
	if (dist_px)
		*dist_px = best_d;
	return best_d == 0 ? best : -1;
}
