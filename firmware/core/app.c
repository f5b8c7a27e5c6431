/* The shell: barge-in, navigation, focus, time-outs and the global keys. What a screen
 * does with its own buttons lives in its file under ui/screens (struct screen_def); the
 * behaviours cited are ACCESSIBILITY.md's. */
#include "firmware/core/app.h"

#include <errno.h>
#include <string.h>

#include "firmware/core/text.h"
#include "firmware/core/textfield.h"

/* The remaining time is said again this long before the session ends (R1). */
#define TIMEOUT_AGAIN_MS 10000

const struct screen_def *screen_find(const struct screen_set *set, const char *name)
{
	for (int i = 0; set && name && i < set->count; i++)
		if (strcmp(set->all[i]->name, name) == 0)
			return set->all[i];
	return NULL;
}

void app_config_defaults(struct app_config *cfg)
{
	cfg->idle_ms = 90000;
	cfg->idle_speech_ms = 180000;
	cfg->warning_ms = 30000;
	cfg->hint_interval_ms = 6000;
	cfg->double_strike_ms = 0;
	cfg->double_tap_ms = 400;
	cfg->help_twice_ms = 600;
	cfg->volume_default = APP_VOLUME_DEFAULT;
	cfg->contact_phone[0] = cfg->contact_tty[0] = cfg->contact_web[0] = '\0';
	for (int l = 0; l < LANG_COUNT; l++)
		cfg->agency[l][0] = '\0';
	cfg->logo = false;
}

/* R2 and A4: nothing of the visitor survives by omission; every setting to its default. */
static void visit_reset(struct app *a)
{
	text_wipe(&a->visit, sizeof(a->visit));
	complaint_reset(&a->visit.complaint);
	a->task_deadline = 0;
	struct app_settings *s = &a->visit.settings;
	s->lang = LANG_FR;
	s->volume = a->cfg.volume_default >= 10 && a->cfg.volume_default <= 100
	                ? a->cfg.volume_default
	                : APP_VOLUME_DEFAULT;
	s->rate = APP_RATE_DEFAULT;
	a->visit.here.screen = a->screens->attract;
	a->visit.staff_state = APP_STAFF_SENDING;
}

void app_fx_add(struct app_fx_list *fx, enum app_fx_type type, int arg)
{
	if (fx->count >= APP_MAX_FX)
		return; /* the list is sized for the longest sequence any event makes */
	fx->fx[fx->count++] = (struct app_fx){.type = type, .arg = arg, .lang = LANG_FR};
}

static struct app_fx *fx_last(struct app_fx_list *fx)
{
	return fx->count > 0 ? &fx->fx[fx->count - 1] : NULL;
}

/* The screen the model shows now. */
static const struct screen_def *shown(const struct app *a)
{
	const struct app_frame *h = &a->visit.here;
	if (h->flow && a->visit.confirm_discard)
		return a->screens->discard;
	if (h->flow)
		return h->flow->step[h->step];
	return h->screen;
}

static int index_of(const struct view *v, uint32_t id)
{
	for (int i = 0; id && i < v->count; i++)
		if (v->nodes[i].id == id)
			return i;
	return -1;
}

static void build(struct app *a)
{
	struct view *v = &a->view;
	v->count = 0;
	v->overflow = 0;
	v->missing = 0;
	v->pages = 0;
	v->focus_hidden = false;
	v->centered = false;
	v->pattern = VIEW_PATTERN_NONE;
	v->pattern_hits = 0;
	v->screen = a->screen;
	v->lang = a->visit.settings.lang;
	v->bilingual = !a->in_session;
	a->screen->build(a, v);
}

void app_rebuild(struct app *a)
{
	struct view *v = &a->view;
	int *page = &a->visit.here.page;

	a->screen = shown(a);
	build(a);
	/* Only the screen knows how long its list is: a page past either end is brought
	 * back and the screen built again. */
	if (*page < 0 || (*page > 0 && *page >= v->pages)) {
		*page = *page < 0 || v->pages == 0 ? 0 : v->pages - 1;
		build(a);
	}
	int at = index_of(v, a->focus_id);
	if (at < 0)
		at = v->count == 0          ? -1
		     : a->focus < 0         ? 0
		     : a->focus >= v->count ? v->count - 1
		                            : a->focus;
	v->focus = at;
	a->focus = at;
	a->focus_id = at >= 0 ? v->nodes[at].id : 0;
	/* Before a language is chosen, role and position words follow the focused item. */
	if (a->screen->bilingual && at >= 0)
		v->lang = v->nodes[at].lang;
}

static void set_focus(struct app *a, int index)
{
	a->focus = index;
	a->focus_id = index >= 0 && index < a->view.count ? a->view.nodes[index].id : 0;
}

void app_speak(struct app *a, struct app_fx_list *fx, enum app_fx_type type, const char *key,
               enum lang lang, enum app_audience audience)
{
	if ((audience == APP_TO_LISTENER && !a->speech_mode) ||
	    (audience == APP_TO_HEADPHONES && !a->headphones))
		return;
	app_fx_add(fx, type, 0);
	struct app_fx *f = fx_last(fx);
	if (f) {
		f->key = key;
		f->lang = lang;
	}
	a->speaking = true;
}

void app_echo(struct app *a, struct app_fx_list *fx, const char *text, bool erased, bool personal)
{
	enum lang l = a->visit.settings.lang;
	if (!a->speech_mode)
		return;
	if (erased)
		app_speak(a, fx, APP_FX_SPEAK_KEY, "keyboard.erased", l, APP_TO_LISTENER);
	/* K6: a character is named ("é, e accent aigu"); a finished word is read back. */
	bool word = !erased && textfield_chars(text) > 1;
	int before = fx->count;
	app_speak(a, fx, word ? APP_FX_SPEAK_TEXT : APP_FX_SPEAK_CHAR, text, l, APP_TO_LISTENER);
	if (personal && fx->count > before)
		fx->fx[fx->count - 1].arg = 1;
}

void app_say(struct app *a, struct app_fx_list *fx, const char *key)
{
	/* Before a language is chosen, everything is said in both, each in its own voice. */
	if (!a->in_session) {
		app_speak(a, fx, APP_FX_SPEAK_KEY, key, LANG_FR, APP_TO_LISTENER);
		app_speak(a, fx, APP_FX_SPEAK_KEY, key, LANG_EN, APP_TO_LISTENER);
		return;
	}
	app_speak(a, fx, APP_FX_SPEAK_KEY, key, a->visit.settings.lang, APP_TO_LISTENER);
}

static void speak_focus(struct app *a, struct app_fx_list *fx)
{
	app_speak(a, fx, APP_FX_SPEAK_FOCUS, NULL, a->visit.settings.lang, APP_TO_LISTENER);
}

static void speak_node(struct app *a, struct app_fx_list *fx, int i, enum app_audience who)
{
	if (who == APP_TO_LISTENER && !a->speech_mode)
		return;
	app_fx_add(fx, APP_FX_SPEAK_NODE, i);
	a->speaking = true;
}

static void speak_label(struct app *a, struct app_fx_list *fx, int i, enum app_audience who)
{
	if (who == APP_TO_LISTENER && !a->speech_mode)
		return;
	app_fx_add(fx, APP_FX_SPEAK_LABEL, i);
	a->speaking = true;
}

void app_cue(struct app *a, struct app_fx_list *fx, enum cue c)
{
	if (a->speech_mode)
		app_fx_add(fx, APP_FX_CUE, (int)c);
}

static void speak_bilingual(struct app *a, struct app_fx_list *fx, const char *key,
                            enum app_audience who)
{
	app_speak(a, fx, APP_FX_SPEAK_KEY, key, LANG_FR, who);
	app_speak(a, fx, APP_FX_SPEAK_KEY, key, LANG_EN, who);
}

/* C6: notices are said on the home screen, after its title; the focused one is already
 * said by the screen's announcement (a language switch keeps focus on it). */
static void speak_notices(struct app *a, struct app_fx_list *fx)
{
	if (a->screen != a->screens->home)
		return;
	for (int i = 0; i < a->view.count; i++)
		if (a->view.nodes[i].role == VIEW_ROLE_ALERT && i != a->view.focus)
			speak_node(a, fx, i, APP_TO_LISTENER);
}

/* Shows what `here` says, focus on the node `focus_id` or else at index `focus`, and
 * says it to a listener. */
static void show(struct app *a, struct app_fx_list *fx, int focus, uint32_t focus_id)
{
	a->focus = focus;
	a->focus_id = focus_id;
	a->edge_hits = 0;
	app_rebuild(a);
	app_cue(a, fx, CUE_PAGE);
	app_speak(a, fx, APP_FX_SPEAK_SCREEN, NULL, a->visit.settings.lang, APP_TO_LISTENER);
	speak_notices(a, fx);
}

/* Shows the frame Back or a cancelled question returns to, focus where it was. */
static void show_here(struct app *a, struct app_fx_list *fx)
{
	show(a, fx, a->visit.here.focus, a->visit.here.focus_id);
}

static int push(struct app *a, struct app_fx_list *fx)
{
	struct app_visit *v = &a->visit;
	if (v->depth >= APP_STACK_MAX) {
		/* Never a skipped screen: the visitor stays and is told. */
		app_cue(a, fx, CUE_NO_ACTION);
		app_say(a, fx, "nav.too_deep");
		return -ENOSPC;
	}
	v->here.focus = a->focus;
	v->here.focus_id = a->focus_id;
	v->stack[v->depth++] = v->here;
	return 0;
}

int app_go(struct app *a, struct app_fx_list *fx, const struct screen_def *s)
{
	int rc = push(a, fx);
	if (rc < 0)
		return rc;
	a->visit.here = (struct app_frame){.screen = s};
	a->visit.confirm_discard = false;
	show(a, fx, 0, 0);
	if (s->enter)
		s->enter(a, fx);
	return 0;
}

static void pop(struct app *a, struct app_fx_list *fx)
{
	struct app_visit *v = &a->visit;
	if (v->here.flow && v->here.flow->discard)
		v->here.flow->discard(a);
	v->here = v->stack[--v->depth];
	v->confirm_discard = false;
	show_here(a, fx);
}

void app_back(struct app *a, struct app_fx_list *fx)
{
	struct app_visit *v = &a->visit;
	struct app_frame *h = &v->here;

	if (h->flow && v->confirm_discard) {
		v->confirm_discard = false; /* Back on the question keeps what was entered */
		show_here(a, fx);
		return;
	}
	if (h->flow && h->step > 0) {
		int to = h->flow->back_to ? h->flow->back_to(a, h->step) : h->step - 1;
		h->step = to >= 0 && to < h->step ? to : h->step - 1;
		show(a, fx, 0, 0);
		return;
	}
	if (h->flow && h->flow->entered && h->flow->entered(a)) {
		h->focus = a->focus; /* where "No, keep it" returns to */
		h->focus_id = a->focus_id;
		v->confirm_discard = true;
		show(a, fx, 0, 0);
		return;
	}
	if (v->depth == 0) {
		app_cue(a, fx, CUE_NO_ACTION);
		app_say(a, fx, "nav.first_screen");
		return;
	}
	pop(a, fx);
}

int app_flow_start(struct app *a, struct app_fx_list *fx, const struct flow_def *f)
{
	int rc = push(a, fx);
	if (rc < 0)
		return rc;
	a->visit.here = (struct app_frame){.flow = f, .screen = f->step[0]};
	a->visit.confirm_discard = false;
	show(a, fx, 0, 0);
	if (a->screen->enter)
		a->screen->enter(a, fx);
	return 0;
}

void app_flow_end(struct app *a, struct app_fx_list *fx)
{
	if (!a->visit.here.flow)
		return;
	if (a->visit.depth == 0) {
		/* A flow is always started from somewhere; keep the model sane regardless. */
		a->visit.here = (struct app_frame){.screen = a->screens->home};
		show(a, fx, 0, 0);
		return;
	}
	pop(a, fx);
}

void app_flow_next(struct app *a, struct app_fx_list *fx)
{
	struct app_frame *h = &a->visit.here;
	if (!h->flow)
		return;
	if (h->step + 1 >= h->flow->steps) {
		app_flow_end(a, fx);
		return;
	}
	app_flow_goto(a, fx, h->step + 1);
}

void app_flow_goto(struct app *a, struct app_fx_list *fx, int step)
{
	struct app_frame *h = &a->visit.here;
	if (!h->flow || step < 0 || step >= h->flow->steps)
		return;
	h->step = step;
	h->page = 0;
	a->visit.confirm_discard = false;
	show(a, fx, 0, 0);
	if (a->screen->enter)
		a->screen->enter(a, fx);
}

void app_session_start(struct app *a, struct app_fx_list *fx, enum lang lang)
{
	a->in_session = true;
	a->visit.settings.lang = lang;
	a->visit.depth = 0;
	a->visit.here = (struct app_frame){.screen = a->screens->home};
	show(a, fx, 0, 0);
}

static void session_end(struct app *a, struct app_fx_list *fx, uint64_t now)
{
	app_fx_add(fx, APP_FX_STOP_SPEECH, 0);
	app_fx_add(fx, APP_FX_SESSION_END, 0);
	struct app_frame *h = &a->visit.here;
	if (h->flow && h->flow->discard)
		h->flow->discard(a);
	for (int i = 0; i < a->visit.depth; i++)
		if (a->visit.stack[i].flow && a->visit.stack[i].flow->discard)
			a->visit.stack[i].flow->discard(a);
	visit_reset(a);
	app_fx_add(fx, APP_FX_VOLUME, a->visit.settings.volume);
	app_fx_add(fx, APP_FX_RATE, a->visit.settings.rate);
	app_fx_add(fx, APP_FX_ROUTE, a->headphones);
	a->in_session = false;
	a->speech_mode = false;
	a->speaking = false;
	a->waiting = false;
	a->pointer_item = -1;
	a->last_tap_item = -1;
	a->sessions++;
	a->focus = 0;
	a->focus_id = 0;
	a->idle_since = now;
	a->next_hint = now + a->cfg.hint_interval_ms;
	app_rebuild(a);
	/* Still listening: say so, in both languages, through the headphones only. */
	speak_bilingual(a, fx, "session.ended", APP_TO_HEADPHONES);
}

/* R1: the warning answered. `announce` says where the visitor is back; a key that goes
 * on to do its own job (Back, Help, volume …) says only that there is more time. */
static void more_time(struct app *a, struct app_fx_list *fx, bool announce)
{
	a->visit.extensions++;
	if (a->visit.depth > 0) {
		struct app_visit *v = &a->visit;
		v->here = v->stack[--v->depth];
		a->focus = v->here.focus;
		a->focus_id = v->here.focus_id;
	}
	app_rebuild(a);
	app_say(a, fx, "timeout.extended");
	if (announce)
		app_speak(a, fx, APP_FX_SPEAK_SCREEN, NULL, a->visit.settings.lang,
		          APP_TO_LISTENER);
}

static void help(struct app *a, struct app_fx_list *fx)
{
	/* Help again goes one layer deeper: this screen, then the keypad, then the tutorial. */
	if (a->screen->help_next) {
		app_go(a, fx, a->screen->help_next);
		return;
	}
	a->visit.help_of = a->screen;
	app_go(a, fx, a->screens->help);
}

/* A list longer than a screen: the screen builds one page (see screen_page in
 * ui/screens); focus stays on the button pressed, and the new page is announced. */
static void turn_page(struct app *a, struct app_fx_list *fx, int dir)
{
	int before = a->visit.here.page;
	a->visit.here.page += dir;
	app_rebuild(a); /* the screen clamps the page to the list */
	if (a->visit.here.page == before) {
		app_cue(a, fx, CUE_NO_ACTION);
		speak_focus(a, fx);
		return;
	}
	app_cue(a, fx, CUE_PAGE);
	int at = index_of(&a->view, view_id("page.of"));
	if (at >= 0)
		speak_node(a, fx, at, APP_TO_LISTENER);
	speak_focus(a, fx);
}

static void staff_call(struct app *a, struct app_fx_list *fx, uint64_t now)
{
	a->staff_calls++;
	a->visit.staff_state = APP_STAFF_SENDING;
	a->visit.staff_request = ++a->last_request;
	a->waiting = true;
	a->waiting_since = now;
	a->one_moment_said = false;
	app_fx_add(fx, APP_FX_REQUEST, APP_REQ_STAFF_CALL);
	struct app_fx *f = fx_last(fx);
	if (f)
		f->id = a->visit.staff_request;
	if (a->screen == a->screens->staff)
		show(a, fx, 0, 0); /* "Try again": the same screen, no new stack entry */
	else
		app_go(a, fx, a->screens->staff);
}

static void activate(struct app *a, struct app_fx_list *fx, const struct view_node *n, uint64_t now)
{
	switch ((enum app_action)n->action) {
	case APP_ACT_NONE:
		speak_focus(a, fx);
		break;
	case APP_ACT_SWITCH_LANG:
		if (!a->in_session) {
			/* Nothing to switch yet: say the choice again, in both languages. */
			speak_bilingual(a, fx, "attract.hint", APP_TO_LISTENER);
			break;
		}
		a->visit.settings.lang = lang_other(a->visit.settings.lang);
		show(a, fx, a->focus, a->focus_id);
		break;
	case APP_ACT_HELP:
		help(a, fx);
		break;
	case APP_ACT_STAFF:
		staff_call(a, fx, now);
		break;
	case APP_ACT_BACK:
		app_back(a, fx);
		break;
	case APP_ACT_GO:
		if (n->go)
			app_go(a, fx, n->go);
		break;
	case APP_ACT_END_SESSION:
		session_end(a, fx, now);
		break;
	case APP_ACT_MORE_TIME:
		more_time(a, fx, true);
		break;
	case APP_ACT_DISCARD:
		a->visit.confirm_discard = false;
		app_flow_end(a, fx);
		break;
	case APP_ACT_KEEP:
		app_back(a, fx);
		break;
	case APP_ACT_PAGE_PREV:
	case APP_ACT_PAGE_NEXT:
		turn_page(a, fx, n->action == APP_ACT_PAGE_NEXT ? 1 : -1);
		break;
	case APP_ACT_SCREEN:
	default:
		if (a->screen->act)
			a->screen->act(a, n->action, fx);
		break;
	}
}

static void move(struct app *a, struct app_fx_list *fx, int dir)
{
	int next = a->focus + dir;
	if (next < 0 || next >= a->view.count) {
		/* K2: no wrap-around; a "no action" cue and a hint that grows. */
		a->edge_hits++;
		app_cue(a, fx, CUE_NO_ACTION);
		const char *key = dir < 0 ? (a->edge_hits > 1 ? "nav.first.hint" : "nav.first")
		                          : (a->edge_hits > 1 ? "nav.last.hint" : "nav.last");
		app_say(a, fx, key);
		return;
	}
	a->edge_hits = 0;
	set_focus(a, next);
	app_rebuild(a);
	app_cue(a, fx, view_node_actionable(&a->view.nodes[a->focus]) ? CUE_ACTIONABLE : CUE_MOVE);
	speak_focus(a, fx);
}

static const char *rate_key(int rate)
{
	static const char *const keys[] = {"options.rate.0", "options.rate.1", "options.rate.2",
	                                   "options.rate.3", "options.rate.4"};
	_Static_assert(sizeof(keys) / sizeof(keys[0]) == 5, "one string per speech rate");
	return keys[rate >= 0 && rate < 5 ? rate : APP_RATE_DEFAULT];
}

void app_volume(struct app *a, struct app_fx_list *fx, int step)
{
	int v = a->visit.settings.volume + step;
	v = v < 10 ? 10 : v > 100 ? 100 : v;
	a->visit.settings.volume = v;
	app_fx_add(fx, APP_FX_VOLUME, v);
	app_rebuild(a); /* the volume is shown */
	const char *key = step > 0 ? (v == 100 ? "volume.max" : "volume.louder")
	                           : (v == 10 ? "volume.min" : "volume.softer");
	app_say(a, fx, key);
}

void app_speech_on(struct app *a, struct app_fx_list *fx)
{
	if (a->speech_mode)
		return;
	a->speech_mode = true;
	app_fx_add(fx, APP_FX_ROUTE, a->headphones);
}

void app_speech_off(struct app *a, struct app_fx_list *fx)
{
	if (!a->speech_mode)
		return;
	a->speech_mode = false;
	a->speaking = false;
	app_fx_add(fx, APP_FX_STOP_SPEECH, 0);
}

static void start_speech_mode(struct app *a, struct app_fx_list *fx)
{
	app_speech_on(a, fx);
	if (!a->in_session) {
		speak_bilingual(a, fx, "attract.greeting", APP_TO_LISTENER);
		speak_bilingual(a, fx, "attract.hint", APP_TO_LISTENER);
	} else {
		app_say(a, fx, "attract.greeting");
		app_speak(a, fx, APP_FX_SPEAK_SCREEN, NULL, a->visit.settings.lang,
		          APP_TO_LISTENER);
	}
}

static void handle_key(struct app *a, const struct app_event *ev, struct app_fx_list *fx,
                       uint64_t now)
{
	enum app_key key = ev->key;

	if (a->screen == a->screens->timeout) {
		/* R1: any key extends. Keys that move or choose are spent on it; the others
		 * then do what they do on the screen the visitor returns to. */
		bool spent = key == APP_KEY_UP || key == APP_KEY_DOWN || key == APP_KEY_ACTION ||
		             key == APP_KEY_DIGIT || key == APP_KEY_REPEAT;
		more_time(a, fx, spent);
		if (spent)
			return;
	}
	if (a->screen->key && a->screen->key(a, ev, fx))
		return;
	if (!a->speech_mode) {
		start_speech_mode(a, fx); /* A1: any keypad key starts speech; the key is spent */
		return;
	}

	switch (key) {
	case APP_KEY_UP:
		move(a, fx, -1);
		break;
	case APP_KEY_DOWN:
		move(a, fx, +1);
		break;
	case APP_KEY_ACTION: {
		const struct view_node *n = a->focus >= 0 ? &a->view.nodes[a->focus] : NULL;
		if (n && view_node_actionable(n)) {
			app_cue(a, fx, CUE_ACTIVATE);
			struct view_node copy = *n; /* activation rebuilds the view */
			activate(a, fx, &copy, now);
		} else {
			speak_focus(a, fx); /* S5: Action on what does nothing says it again */
		}
		break;
	}
	case APP_KEY_BACK:
	case APP_KEY_ERASE:
		if (!a->in_session && a->visit.depth == 0)
			speak_bilingual(a, fx, "attract.hint", APP_TO_LISTENER);
		else
			app_back(a, fx);
		break;
	case APP_KEY_HELP:
		if (a->last_help && now - a->last_help < a->cfg.help_twice_ms) {
			a->last_help = 0; /* S5: Help twice stops speech (already stopped above) */
			break;
		}
		a->last_help = now;
		help(a, fx);
		break;
	case APP_KEY_VOL_DOWN:
		app_volume(a, fx, -10);
		break;
	case APP_KEY_VOL_UP:
		app_volume(a, fx, +10);
		break;
	case APP_KEY_DIGIT:
		app_cue(a, fx, CUE_NO_ACTION);
		speak_focus(a, fx);
		break;
	case APP_KEY_LANG: {
		struct view_node sw = {.action = APP_ACT_SWITCH_LANG};
		activate(a, fx, &sw, now);
		break;
	}
	case APP_KEY_REPEAT:
		app_fx_add(fx, APP_FX_REPEAT, 0);
		a->speaking = true;
		break;
	case APP_KEY_RATE: {
		a->visit.settings.rate = (a->visit.settings.rate + 1) % 5;
		app_fx_add(fx, APP_FX_RATE, a->visit.settings.rate);
		app_rebuild(a);
		app_say(a, fx, "options.rate");
		app_say(a, fx, rate_key(a->visit.settings.rate));
		break;
	}
	case APP_KEY_NONE:
	case APP_KEY_COUNT:
		break;
	}
}

static void handle_pointer(struct app *a, const struct app_event *ev, struct app_fx_list *fx,
                           uint64_t now)
{
	int item = ev->item >= 0 && ev->item < a->view.count ? ev->item : -1;

	if (a->screen == a->screens->timeout && ev->type == APP_EV_POINTER_DOWN) {
		more_time(a, fx, true);
		a->pointer_item = -1;
		return;
	}
	if (a->screen->pointer && a->screen->pointer(a, ev, fx)) {
		a->pointer_item = -1;
		return;
	}
	switch (ev->type) {
	case APP_EV_POINTER_DOWN:
		a->pointer_item = item;
		if (a->speech_mode && item >= 0 && item != a->focus) {
			/* T2: touch explores in speech mode; nothing activates */
			set_focus(a, item);
			app_rebuild(a);
			speak_focus(a, fx);
		} else if (a->speech_mode && item >= 0) {
			speak_focus(a, fx);
		}
		break;
	case APP_EV_POINTER_MOVE:
		if (a->speech_mode) {
			if (item >= 0 && item != a->focus) {
				set_focus(a, item);
				app_rebuild(a);
				app_cue(a, fx, CUE_MOVE);
				speak_focus(a, fx);
			}
		} else if (item != a->pointer_item) {
			a->pointer_item = -1; /* slid off: releasing elsewhere activates nothing */
		}
		break;
	case APP_EV_POINTER_UP:
		if (a->speech_mode) {
			bool double_tap = item >= 0 && item == a->last_tap_item &&
			                  now - a->last_tap_time <= a->cfg.double_tap_ms;
			a->last_tap_item = double_tap ? -1 : item;
			a->last_tap_time = now;
			if (double_tap && view_node_actionable(&a->view.nodes[item])) {
				app_cue(a, fx, CUE_ACTIVATE);
				struct view_node copy = a->view.nodes[item];
				activate(a, fx, &copy, now);
			}
		} else if (item >= 0 && item == a->pointer_item) {
			set_focus(a, item);
			app_rebuild(a);
			if (view_node_actionable(&a->view.nodes[item])) {
				struct view_node copy = a->view.nodes[item];
				activate(a, fx, &copy, now);
			}
		}
		a->pointer_item = -1;
		break;
	default:
		break;
	}
}

uint32_t app_idle_limit(const struct app *a)
{
	return a->speech_mode ? a->cfg.idle_speech_ms : a->cfg.idle_ms;
}

/* S8: a wait over a second says "One moment", then a soft tone every 2.5 s. */
static bool waiting_feedback(struct app *a, struct app_fx_list *fx, uint64_t now)
{
	if (!a->waiting || now < a->waiting_since + 1000)
		return false;
	if (!a->one_moment_said) {
		a->one_moment_said = true;
		a->next_progress = now + 2500;
		app_fx_add(fx, APP_FX_CUE, CUE_WORKING);
		app_say(a, fx, "net.one_moment");
		return true;
	}
	if (now >= a->next_progress) {
		a->next_progress = now + 2500;
		app_cue(a, fx, CUE_WORKING);
	}
	return true;
}

static bool handle_tick(struct app *a, struct app_fx_list *fx, uint64_t now)
{
	bool waited = waiting_feedback(a, fx, now);
	if (a->task_deadline && now >= a->task_deadline) {
		a->task_deadline = 0;
		if (a->screens->tick)
			a->screens->tick(a, fx);
		return true;
	}
	if (a->speaking)
		return waited;
	if (a->screen == a->screens->timeout) {
		if (!a->warning_counting) {
			a->warning_counting = true; /* nothing was said (no speech at all) */
			a->warning_since = now;
		}
		if (now - a->warning_since >= a->cfg.warning_ms) {
			session_end(a, fx, now);
			return true;
		}
		if (!a->warning_again_said &&
		    now - a->warning_since + TIMEOUT_AGAIN_MS >= a->cfg.warning_ms) {
			/* R1: the remaining time again, shortly before the end. */
			a->warning_again_said = true;
			app_rebuild(a);
			int at = index_of(&a->view, view_id("timeout.body"));
			if (at >= 0)
				speak_label(a, fx, at, APP_TO_EVERYONE);
		}
		return true; /* the countdown on screen moved */
	}
	if (a->in_session && now - a->idle_since >= app_idle_limit(a)) {
		if (push(a, fx) < 0) {
			/* No room to keep the visitor's place: the warning replaces it. */
			a->visit.depth = 0;
		}
		a->visit.here = (struct app_frame){.screen = a->screens->timeout};
		a->warning_since = now;
		a->warning_counting = false;
		a->warning_again_said = false;
		a->focus = 0;
		a->focus_id = view_id("timeout.more");
		app_rebuild(a);
		/* R1, S1: the warning is shown, sounded and said whole, for every visitor:
		 * the title, that the session will end and when, and how to get more time. */
		app_fx_add(fx, APP_FX_CUE, CUE_ALERT);
		static const char *const said[] = {"timeout.title", "timeout.body", "timeout.how"};
		for (size_t i = 0; i < sizeof(said) / sizeof(said[0]); i++) {
			int at = index_of(&a->view, view_id(said[i]));
			if (at >= 0)
				speak_label(a, fx, at, APP_TO_EVERYONE);
		}
		return true;
	}
	if (!a->in_session && a->headphones && now >= a->next_hint) {
		/* A2: the idle hint loops through the headphones only. */
		speak_bilingual(a, fx, "attract.hint", APP_TO_HEADPHONES);
		a->next_hint = now + a->cfg.hint_interval_ms;
	}
	return false;
}

static void take_result(struct app *a, const struct app_result *r, struct app_fx_list *fx)
{
	if (r->kind != APP_REQ_STAFF_CALL) {
		if (a->screens->result)
			a->screens->result(a, r, fx);
		return;
	}
	if (r->id != a->visit.staff_request)
		return; /* an answer for a visitor who has gone, or a request long replaced */
	a->waiting = false;
	a->visit.staff_request = 0;
	bool ok = r->error == APP_RESULT_OK;
	a->visit.staff_state = ok ? APP_STAFF_SENT : APP_STAFF_FAILED;
	if (a->screen != a->screens->staff)
		return;
	/* The outcome replaces whatever was still being said ("Calling a staff member"):
	 * the screen's new title and message at once, a failure to everyone, with the
	 * alternatives; focus on what to do next (Try again, or Cancel). */
	app_fx_add(fx, APP_FX_STOP_SPEECH, 0);
	a->speaking = false;
	a->focus = 0;
	a->focus_id = view_id(ok ? "staff.cancel" : "staff.retry");
	app_rebuild(a);
	if (!ok)
		app_fx_add(fx, APP_FX_CUE, CUE_ALERT);
	enum app_audience who = ok ? APP_TO_LISTENER : APP_TO_EVERYONE;
	for (int i = 0; i < a->view.count; i++)
		if (a->view.nodes[i].role == VIEW_ROLE_HEADING ||
		    a->view.nodes[i].role == VIEW_ROLE_ALERT)
			speak_label(a, fx, i, who);
	speak_focus(a, fx);
}

static bool same_notices(const struct app *a, const struct app_notice *n, int count)
{
	if (count != a->notice_count)
		return false;
	for (int i = 0; i < count; i++)
		if (memcmp(&a->notices[i], &n[i], sizeof(*n)) != 0)
			return false;
	return true;
}

/* C6: new notices are shown at once and spoken on home; focus stays on its node. */
static bool take_notices(struct app *a, const struct app_event *ev, struct app_fx_list *fx)
{
	int count = ev->notice_count > APP_NOTICES_MAX ? APP_NOTICES_MAX : ev->notice_count;
	if (count < 0 || (count > 0 && !ev->notices) || same_notices(a, ev->notices, count))
		return false;
	if (count > 0)
		memcpy(a->notices, ev->notices, sizeof(*a->notices) * (size_t)count);
	a->notice_count = count;
	app_rebuild(a);
	if (a->screen == a->screens->home && !a->speaking)
		speak_notices(a, fx);
	return a->screen == a->screens->home;
}

/* C9: the service chord or the corner press. A visitor's session ends first (wiped), so
 * nothing of it can be seen from technician mode; leaving it (End, or the time-out) ends this
 * session too and returns to the attract screen. */
static bool technician(struct app *a, struct app_fx_list *fx, uint64_t now)
{
	if (!a->screens->technician || a->visit.tech.active)
		return false;
	if (a->in_session)
		session_end(a, fx, now);
	else
		visit_reset(a);
	app_fx_add(fx, APP_FX_STOP_SPEECH, 0); /* not "session ended": a technician is here */
	a->speaking = false;
	a->in_session = true;
	a->idle_since = now;
	a->visit.tech.active = true;
	a->visit.tech.state = TECH_PIN;
	a->visit.here = (struct app_frame){.screen = a->screens->technician};
	app_speech_on(a, fx); /* technician mode is used by keypad with speech */
	show(a, fx, 0, 0);
	return true;
}

bool app_handle(struct app *a, const struct app_event *ev, uint64_t now, struct app_fx_list *fx)
{
	bool changed = true;

	fx->count = 0;
	a->now = now;
	if (ev->wall)
		a->wall = ev->wall;
	switch (ev->type) {
	case APP_EV_KEY:
		if (a->cfg.double_strike_ms && ev->key == a->last_key &&
		    now - a->last_key_time < a->cfg.double_strike_ms)
			return false; /* K4: a double strike is one press */
		a->last_key = ev->key;
		a->last_key_time = now;
		app_fx_add(fx, APP_FX_STOP_SPEECH, 0); /* S5: barge-in */
		a->speaking = false;
		a->idle_since = now;
		handle_key(a, ev, fx, now);
		break;
	case APP_EV_POINTER_DOWN:
	case APP_EV_POINTER_MOVE:
	case APP_EV_POINTER_UP:
		if (ev->type != APP_EV_POINTER_UP || a->speech_mode) {
			app_fx_add(fx, APP_FX_STOP_SPEECH, 0);
			a->speaking = false;
		}
		a->idle_since = now;
		handle_pointer(a, ev, fx, now);
		break;
	case APP_EV_HEADPHONES_IN:
		a->headphones = true;
		app_fx_add(fx, APP_FX_STOP_SPEECH, 0);
		a->speaking = false;
		a->idle_since = now;
		start_speech_mode(a, fx); /* A1 */
		break;
	case APP_EV_HEADPHONES_OUT:
		a->headphones = false;
		a->speech_mode = false;
		a->speaking = false;
		app_fx_add(fx, APP_FX_STOP_SPEECH, 0);
		app_fx_add(fx, APP_FX_ROUTE, 0);
		break;
	case APP_EV_SPEECH_DONE:
		a->speaking = false;
		a->idle_since = now; /* R1: timers count from the end of speech */
		if (a->screen == a->screens->timeout && !a->warning_counting) {
			a->warning_since = now; /* the countdown starts once the warning is said */
			a->warning_counting = true;
		}
		if (!a->in_session)
			a->next_hint = now + a->cfg.hint_interval_ms;
		changed = a->screen == a->screens->timeout;
		break;
	case APP_EV_TICK:
		changed = handle_tick(a, fx, now);
		break;
	case APP_EV_RESULT:
		take_result(a, &ev->result, fx);
		break;
	case APP_EV_NOTICES:
		changed = take_notices(a, ev, fx);
		break;
	case APP_EV_TEXT:
		app_fx_add(fx, APP_FX_STOP_SPEECH, 0);
		a->speaking = false;
		a->idle_since = now;
		if (!a->screen->key || !a->screen->key(a, ev, fx))
			changed = false;
		break;
	case APP_EV_CATALOGUE:
		if (ev->catalogue && ev->catalogue->count > 0) {
			memcpy(&a->catalogue, ev->catalogue, sizeof(a->catalogue));
			a->catalogue.from_central = true;
		}
		break;
	case APP_EV_TECHNICIAN:
		changed = technician(a, fx, now);
		break;
	case APP_EV_HOURS:
		/* Shown on home, never said on arrival: a visitor hears it on moving to it. */
		changed = ev->hours && a->screen == a->screens->home &&
		          (a->hours.known != ev->hours->known ||
		           a->hours.open_now != ev->hours->open_now ||
		           a->hours.opens_at != ev->hours->opens_at ||
		           a->hours.closes_at != ev->hours->closes_at);
		if (ev->hours)
			a->hours = *ev->hours;
		break;
	}
	app_rebuild(a);
	return changed;
}

bool app_working(const struct app *a, uint64_t now)
{
	return a->waiting && now >= a->waiting_since + 1000;
}

uint64_t app_next_deadline(const struct app *a)
{
	if (a->waiting) {
		uint64_t w = a->one_moment_said ? a->next_progress : a->waiting_since + 1000;
		if (a->task_deadline && a->task_deadline < w)
			w = a->task_deadline;
		return w; /* sooner than anything below while a visitor waits */
	}
	if (a->task_deadline)
		return a->task_deadline;
	if (a->speaking)
		return UINT64_MAX; /* SPEECH_DONE comes first */
	if (a->screen == a->screens->timeout) {
		uint64_t end = a->warning_since + a->cfg.warning_ms;
		uint64_t next_second = a->now + 1000 - (a->now - a->warning_since) % 1000;
		return next_second < end ? next_second : end;
	}
	if (a->in_session)
		return a->idle_since + app_idle_limit(a);
	if (a->headphones)
		return a->next_hint;
	return UINT64_MAX;
}

void app_init(struct app *a, const struct app_config *cfg, const i18n_t *strings,
              const struct screen_set *screens, uint64_t now)
{
	memset(a, 0, sizeof(*a));
	a->strings = strings;
	a->screens = screens;
	if (cfg)
		a->cfg = *cfg;
	else
		app_config_defaults(&a->cfg);
	visit_reset(a);
	catalogue_builtin(&a->catalogue);
	a->pointer_item = -1;
	a->last_tap_item = -1;
	a->now = now;
	a->idle_since = now;
	a->next_hint = now + a->cfg.hint_interval_ms;
	app_rebuild(a);
}

void app_refresh(struct app *a)
{
	app_rebuild(a);
}

void app_fail(struct app *a, uint64_t now)
{
	a->now = now;
	a->in_session = false;
	a->waiting = false;
	visit_reset(a);
	a->visit.here = (struct app_frame){.screen = a->screens->unavailable};
	a->focus = 0;
	a->focus_id = 0;
	app_rebuild(a);
}
