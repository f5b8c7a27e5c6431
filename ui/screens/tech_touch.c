/* Technician mode: the touch test. A target in each corner and the centre (drawn by the
 * renderer over the screen's nodes at tech_touch_rect); each target touched is shown (filled,
 * with a tick) and said; a touch that lands on no target is reported with where it landed and
 * the nearest target, so an offset or a dead area of the panel shows. What is still to touch
 * is shown and said after each touch. Back (key or button) returns to the menu. */
#include <stdio.h>
#include <string.h>

#include "firmware/core/text.h"
#include "ui/screens/tech.h"

static const char *target_key(int i)
{
	static const char *const keys[TECH_TOUCH_TARGETS] = {
	    "tech.touch.t0", "tech.touch.t1", "tech.touch.t2", "tech.touch.t3", "tech.touch.t4"};
	return i >= 0 && i < TECH_TOUCH_TARGETS ? keys[i] : keys[TECH_TOUCH_CENTRE];
}

static int count_hits(unsigned hits)
{
	int n = 0;
	for (int i = 0; i < TECH_TOUCH_TARGETS; i++)
		n += (hits >> i) & 1u;
	return n;
}

/* "Targets touched: 2 of 5. Still to touch: bottom right corner, …", or all done. */
static void progress_node(struct view *v, const struct app *a)
{
	const struct tech_touch *t = &a->visit.tech.touch;
	enum lang l = a->visit.settings.lang;
	char left[VIEW_TEXT_MAX / 2] = "", n[8], text[VIEW_TEXT_MAX];
	if (count_hits(t->hits) == TECH_TOUCH_TARGETS) {
		screen_add(v, a, VIEW_ROLE_TEXT, "tech.touch.done", APP_ACT_NONE);
		return;
	}
	size_t used = 0;
	for (int i = 0; i < TECH_TOUCH_TARGETS; i++) {
		if (t->hits & (1u << i))
			continue;
		int w = snprintf(left + used, sizeof(left) - used, "%s%s", used ? ", " : "",
		                 i18n_get(a->strings, l, target_key(i)));
		if (w < 0 || (size_t)w >= sizeof(left) - used) {
			v->overflow++;
			return;
		}
		used += (size_t)w;
	}
	snprintf(n, sizeof(n), "%d", count_hits(t->hits));
	if (i18n_format(a->strings, l, "tech.touch.progress", text, sizeof(text), "n", n, "left",
	                left, I18N_END) < 0)
		v->overflow++;
	else
		screen_add_text(v, "tech.touch.progress", VIEW_ROLE_TEXT, l, text, APP_ACT_NONE);
}

/* The last touch: a target touched, or a miss with its place and the nearest target. */
static void last_node(struct view *v, const struct app *a)
{
	const struct tech_touch *t = &a->visit.tech.touch;
	enum lang l = a->visit.settings.lang;
	char text[VIEW_TEXT_MAX], x[16], y[16], d[16];
	int rc;
	if (t->missed) {
		snprintf(x, sizeof(x), "%d", t->miss_x);
		snprintf(y, sizeof(y), "%d", t->miss_y);
		snprintf(d, sizeof(d), "%d", t->miss_dist);
		rc = i18n_format(a->strings, l, "tech.touch.miss", text, sizeof(text), "x", x, "y",
		                 y, "target", i18n_get(a->strings, l, target_key(t->miss_near)),
		                 "dist", d, I18N_END);
		if (rc < 0)
			v->overflow++;
		else
			screen_add_text(v, "tech.touch.last", VIEW_ROLE_ALERT, l, text,
			                APP_ACT_NONE);
	} else if (t->last >= 0) {
		rc = i18n_format(a->strings, l, "tech.touch.hit", text, sizeof(text), "target",
		                 i18n_get(a->strings, l, target_key(t->last)), I18N_END);
		if (rc < 0)
			v->overflow++;
		else
			screen_add_text(v, "tech.touch.last", VIEW_ROLE_TEXT, l, text,
			                APP_ACT_NONE);
	}
}

static void build(const struct app *a, struct view *v)
{
	screen_add(v, a, VIEW_ROLE_HEADING, "tech.touch.title", APP_ACT_NONE);
	/* Back first: the texts below may run under the centre target on a landscape panel. */
	screen_add(v, a, VIEW_ROLE_BUTTON, "common.back", APP_ACT_BACK);
	screen_add(v, a, VIEW_ROLE_TEXT, "tech.touch.intro", APP_ACT_NONE);
	last_node(v, a);
	progress_node(v, a);
	screen_footer(v, a, false);
	v->pattern = VIEW_PATTERN_TOUCH;
	v->pattern_hits = a->visit.tech.touch.hits;
}

static void enter(struct app *a, struct app_fx_list *fx)
{
	struct tech_touch *t = &a->visit.tech.touch;
	memset(t, 0, sizeof(*t));
	t->last = -1;
	app_rebuild(a);
	tech_speak_texts(a, fx);
}

/* Says the last touch and the progress (everyone hears it: the technician looks at the
 * panel, not at a keypad). */
static void say_touch(struct app *a, struct app_fx_list *fx)
{
	static const char *const ids[] = {"tech.touch.last", "tech.touch.progress",
	                                  "tech.touch.done"};
	for (size_t k = 0; k < sizeof(ids) / sizeof(ids[0]); k++)
		for (int i = 0; i < a->view.count; i++)
			if (a->view.nodes[i].id == view_id(ids[k])) {
				app_fx_add(fx, APP_FX_SPEAK_NODE, i);
				a->speaking = true;
			}
}

static bool pointer(struct app *a, const struct app_event *ev, struct app_fx_list *fx)
{
	struct tech_touch *t = &a->visit.tech.touch;
	if (ev->w <= 0 || ev->h <= 0)
		return false; /* no point known: the shell's touch */
	if (ev->type != APP_EV_POINTER_DOWN) {
		bool taken = t->down_taken;
		if (ev->type == APP_EV_POINTER_UP)
			t->down_taken = false;
		return taken;
	}
	int nearest = -1, dist = 0;
	int hit = tech_touch_at(ev->x, ev->y, ev->w, ev->h, &nearest, &dist);
	if (hit < 0 && ev->item >= 0 && ev->item < a->view.count &&
	    view_node_actionable(&a->view.nodes[ev->item])) {
		t->down_taken = false;
		return false; /* Back and the footer's buttons work as anywhere */
	}
	t->down_taken = true;
	if (hit >= 0) {
		t->hits |= 1u << hit;
		t->last = hit;
		t->missed = false;
		app_fx_add(fx, APP_FX_CUE, CUE_ACTIVATE);
	} else {
		t->missed = true;
		t->miss_x = ev->x;
		t->miss_y = ev->y;
		t->miss_near = nearest;
		t->miss_dist = dist;
		app_fx_add(fx, APP_FX_CUE, CUE_NO_ACTION);
	}
	app_rebuild(a);
	say_touch(a, fx);
	return true;
}

static const char *sample(struct app *a, int i)
{
	struct tech_touch *t = &a->visit.tech.touch;
	a->visit.tech.active = true;
	a->visit.tech.state = TECH_IN;
	t->last = -1;
	if (i == 1) {
		t->hits = (1u << TECH_TOUCH_TOP_LEFT) | (1u << TECH_TOUCH_TOP_RIGHT);
		t->last = TECH_TOUCH_TOP_RIGHT;
		t->missed = true;
		t->miss_x = 700;
		t->miss_y = 1500;
		t->miss_near = TECH_TOUCH_CENTRE;
		t->miss_dist = 412;
		return "missed";
	}
	if (i == 2) {
		t->hits = (1u << TECH_TOUCH_TARGETS) - 1;
		t->last = TECH_TOUCH_CENTRE;
		return "done";
	}
	return "";
}

const struct screen_def screen_tech_touch = {
    .name = "tech_touch",
    .help_key = "help.screen.tech_touch",
    .build = build,
    .pointer = pointer,
    .enter = enter,
    .samples = 3,
    .sample = sample,
};
