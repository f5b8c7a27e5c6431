/* The kiosk's state machine. See app.h; the behaviours cited are ACCESSIBILITY.md's. */
#include "firmware/core/app.h"

#include <string.h>

#include "ui/screens/screens.h"

static const char *const screen_names[APP_SCREEN_COUNT] = {
    "attract", "home", "help", "keypad", "tutorial", "options", "staff", "timeout", "unavailable",
};

const char *app_screen_name(enum app_screen s)
{
	return s >= 0 && s < APP_SCREEN_COUNT ? screen_names[s] : "?";
}

int app_screen_from_name(const char *name)
{
	for (int i = 0; i < APP_SCREEN_COUNT; i++)
		if (strcmp(screen_names[i], name) == 0)
			return i;
	return -1;
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
	cfg->contact_phone[0] = cfg->contact_tty[0] = cfg->contact_web[0] = '\0';
}

static void settings_default(struct app_settings *s)
{
	s->lang = LANG_FR;
	s->large_text = false;
	s->high_contrast = false;
	s->blank = false;
	s->volume = APP_VOLUME_DEFAULT;
	s->rate = APP_RATE_DEFAULT;
}

static void fx_add(struct app_fx_list *fx, enum app_fx_type type, int arg, const char *key,
                   enum lang lang)
{
	if (fx->count >= APP_MAX_FX)
		return; /* the list is sized for the longest sequence any event makes */
	fx->fx[fx->count++] = (struct app_fx){.type = type, .arg = arg, .key = key, .lang = lang};
}

static void rebuild(struct app *a)
{
	screens_build(a, &a->view);
	a->focus = a->view.focus;
}

/* Speech is produced only in speech mode; `always` is for what R1 wants heard by everyone. */
static void speak(struct app *a, struct app_fx_list *fx, enum app_fx_type type, const char *key,
                  enum lang lang, bool always)
{
	if (!a->speech_mode && !always)
		return;
	fx_add(fx, type, 0, key, lang);
	a->speaking = true;
}

static void cue(struct app *a, struct app_fx_list *fx, enum cue e)
{
	if (a->speech_mode)
		fx_add(fx, APP_FX_CUE, (int)e, NULL, a->settings.lang);
}

/* C6: notices are said on the home screen, after its title. */
static void speak_notices(struct app *a, struct app_fx_list *fx)
{
	if (a->screen != APP_SCREEN_HOME)
		return;
	for (int i = 0; i < a->view.count; i++)
		if (a->view.nodes[i].role == VIEW_ROLE_ALERT && a->speech_mode) {
			fx_add(fx, APP_FX_SPEAK_NODE, i, NULL, a->settings.lang);
			a->speaking = true;
		}
}

static void show(struct app *a, struct app_fx_list *fx, enum app_screen s, int focus, bool always)
{
	a->screen = s;
	a->focus = focus;
	a->edge_hits = 0;
	rebuild(a);
	cue(a, fx, CUE_PAGE);
	speak(a, fx, APP_FX_SPEAK_SCREEN, NULL, a->settings.lang, always);
	speak_notices(a, fx);
}

static void go(struct app *a, struct app_fx_list *fx, enum app_screen s)
{
	if (a->depth < APP_STACK_MAX) {
		a->stack[a->depth] = a->screen;
		a->stack_focus[a->depth] = a->focus;
		a->depth++;
	}
	show(a, fx, s, 0, false);
}

static void back(struct app *a, struct app_fx_list *fx)
{
	if (a->depth == 0) {
		cue(a, fx, CUE_NO_ACTION);
		speak(a, fx, APP_FX_SPEAK_KEY, "nav.first_screen", a->settings.lang, false);
		return;
	}
	a->depth--;
	show(a, fx, a->stack[a->depth], a->stack_focus[a->depth], false);
}

static void speak_bilingual(struct app *a, struct app_fx_list *fx, const char *key)
{
	speak(a, fx, APP_FX_SPEAK_KEY, key, LANG_FR, false);
	speak(a, fx, APP_FX_SPEAK_KEY, key, LANG_EN, false);
}

static void session_start(struct app *a, struct app_fx_list *fx, enum lang lang)
{
	a->in_session = true;
	a->settings.lang = lang;
	a->depth = 0;
	show(a, fx, APP_SCREEN_HOME, 0, false);
}

/* R2 and A4: nothing of this visitor survives; every setting back to its default. */
static void session_end(struct app *a, struct app_fx_list *fx, uint64_t now)
{
	fx_add(fx, APP_FX_STOP_SPEECH, 0, NULL, a->settings.lang);
	fx_add(fx, APP_FX_SESSION_END, 0, NULL, a->settings.lang);
	settings_default(&a->settings);
	fx_add(fx, APP_FX_VOLUME, a->settings.volume, NULL, LANG_FR);
	fx_add(fx, APP_FX_RATE, a->settings.rate, NULL, LANG_FR);
	fx_add(fx, APP_FX_ROUTE, a->headphones, NULL, LANG_FR);
	a->in_session = false;
	a->speech_mode = false;
	a->speaking = false;
	a->depth = 0;
	a->extensions = 0;
	a->tutorial_step = 0;
	a->waiting = false;
	a->pointer_item = -1;
	a->last_tap_item = -1;
	a->sessions++;
	a->screen = APP_SCREEN_ATTRACT;
	a->focus = 0;
	a->idle_since = now;
	a->next_hint = now + a->cfg.hint_interval_ms;
	rebuild(a);
	if (a->headphones) {
		/* Still listening: say so, in both languages, through the headphones only. */
		a->speech_mode = true;
		speak_bilingual(a, fx, "session.ended");
		a->speech_mode = false;
	}
}

static void more_time(struct app *a, struct app_fx_list *fx)
{
	a->extensions++;
	if (a->depth > 0) {
		a->depth--;
		a->screen = a->stack[a->depth];
		a->focus = a->stack_focus[a->depth];
	}
	rebuild(a);
	speak(a, fx, APP_FX_SPEAK_KEY, "timeout.extended", a->settings.lang, false);
	speak(a, fx, APP_FX_SPEAK_SCREEN, NULL, a->settings.lang, false);
}

static void speak_focus(struct app *a, struct app_fx_list *fx)
{
	speak(a, fx, APP_FX_SPEAK_FOCUS, NULL, a->settings.lang, false);
}

static void start_tutorial(struct app *a, struct app_fx_list *fx)
{
	a->tutorial_step = 0;
	go(a, fx, APP_SCREEN_TUTORIAL);
	speak(a, fx, APP_FX_SPEAK_KEY, screen_tutorial_instruction(0), a->settings.lang, false);
}

static void activate(struct app *a, struct app_fx_list *fx, enum app_action action, uint64_t now)
{
	switch (action) {
	case APP_ACT_NONE:
		speak_focus(a, fx);
		break;
	case APP_ACT_LANG_FR:
	case APP_ACT_LANG_EN: {
		enum lang lang = action == APP_ACT_LANG_FR ? LANG_FR : LANG_EN;
		if (!a->in_session) {
			session_start(a, fx, lang);
		} else {
			a->settings.lang = lang;
			show(a, fx, a->screen, a->focus, false);
		}
		break;
	}
	case APP_ACT_SWITCH_LANG:
		if (!a->in_session) {
			/* Nothing to switch yet: say the choice again, in both languages. */
			speak_bilingual(a, fx, "attract.hint");
			break;
		}
		a->settings.lang = lang_other(a->settings.lang);
		show(a, fx, a->screen, a->focus, false);
		break;
	case APP_ACT_HELP:
		/* Help again goes one layer deeper: this screen, then the keypad, then the
		 * tutorial. */
		if (a->screen == APP_SCREEN_HELP) {
			go(a, fx, APP_SCREEN_KEYPAD);
		} else if (a->screen == APP_SCREEN_KEYPAD) {
			start_tutorial(a, fx);
		} else if (a->screen == APP_SCREEN_TUTORIAL) {
			speak(a, fx, APP_FX_SPEAK_KEY,
			      screen_tutorial_instruction(a->tutorial_step), a->settings.lang,
			      false);
		} else {
			a->help_layer_of = (int)a->screen;
			go(a, fx, APP_SCREEN_HELP);
		}
		break;
	case APP_ACT_STAFF:
		a->staff_calls++;
		a->staff_state = APP_STAFF_SENDING;
		a->waiting = true;
		a->waiting_since = now;
		a->one_moment_said = false;
		fx_add(fx, APP_FX_STAFF_CALL, 0, NULL, a->settings.lang);
		go(a, fx, APP_SCREEN_STAFF);
		break;
	case APP_ACT_STAFF_CANCEL:
	case APP_ACT_BACK:
		back(a, fx);
		break;
	case APP_ACT_KEYPAD:
		go(a, fx, APP_SCREEN_KEYPAD);
		break;
	case APP_ACT_TUTORIAL:
		start_tutorial(a, fx);
		break;
	case APP_ACT_OPTIONS:
		go(a, fx, APP_SCREEN_OPTIONS);
		break;
	case APP_ACT_TOGGLE_LARGE:
	case APP_ACT_TOGGLE_CONTRAST:
	case APP_ACT_TOGGLE_BLANK: {
		bool *flag = action == APP_ACT_TOGGLE_LARGE      ? &a->settings.large_text
		             : action == APP_ACT_TOGGLE_CONTRAST ? &a->settings.high_contrast
		                                                 : &a->settings.blank;
		*flag = !*flag;
		rebuild(a);
		cue(a, fx, *flag ? CUE_CHECKED : CUE_UNCHECKED);
		speak_focus(a, fx);
		break;
	}
	case APP_ACT_NEXT_RATE:
		a->settings.rate = (a->settings.rate + 1) % 5;
		fx_add(fx, APP_FX_RATE, a->settings.rate, NULL, a->settings.lang);
		rebuild(a);
		speak_focus(a, fx);
		break;
	case APP_ACT_END_SESSION:
		session_end(a, fx, now);
		break;
	case APP_ACT_MORE_TIME:
		more_time(a, fx);
		break;
	}
}

static void move(struct app *a, struct app_fx_list *fx, int dir)
{
	int next = a->focus + dir;
	if (next < 0 || next >= a->view.count) {
		/* K2: no wrap-around; a "no action" cue and a hint that grows. */
		a->edge_hits++;
		cue(a, fx, CUE_NO_ACTION);
		const char *key = dir < 0 ? (a->edge_hits > 1 ? "nav.first.hint" : "nav.first")
		                          : (a->edge_hits > 1 ? "nav.last.hint" : "nav.last");
		speak(a, fx, APP_FX_SPEAK_KEY, key, a->settings.lang, false);
		return;
	}
	a->edge_hits = 0;
	a->focus = next;
	rebuild(a);
	cue(a, fx, view_node_actionable(&a->view.nodes[a->focus]) ? CUE_ACTIONABLE : CUE_MOVE);
	speak_focus(a, fx);
}

/* The tutorial asks for one key at a time and says whether it was the right one. */
static bool tutorial_key(struct app *a, struct app_fx_list *fx, enum app_key key)
{
	if (a->screen != APP_SCREEN_TUTORIAL || key < APP_KEY_UP || key > APP_KEY_HELP)
		return false;
	enum lang lang = a->settings.lang;
	if (key != screen_tutorial_key(a->tutorial_step)) {
		cue(a, fx, CUE_NO_ACTION);
		speak(a, fx, APP_FX_SPEAK_KEY, "tutorial.wrong", lang, false);
		speak(a, fx, APP_FX_SPEAK_KEY, screen_tutorial_instruction(a->tutorial_step), lang,
		      false);
		return true;
	}
	a->tutorial_step++;
	cue(a, fx, CUE_ACTIVATE);
	if (a->tutorial_step >= APP_TUTORIAL_STEPS) {
		a->tutorial_step = 0;
		speak(a, fx, APP_FX_SPEAK_KEY, "tutorial.done", lang, false);
		back(a, fx);
		return true;
	}
	rebuild(a);
	speak(a, fx, APP_FX_SPEAK_KEY, "tutorial.good", lang, false);
	speak(a, fx, APP_FX_SPEAK_KEY, screen_tutorial_instruction(a->tutorial_step), lang, false);
	return true;
}

static const char *rate_key(int rate)
{
	static const char *const keys[] = {"options.rate.0", "options.rate.1", "options.rate.2",
	                                   "options.rate.3", "options.rate.4"};
	return keys[rate >= 0 && rate < 5 ? rate : APP_RATE_DEFAULT];
}

static void volume(struct app *a, struct app_fx_list *fx, int step)
{
	int v = a->settings.volume + step;
	v = v < 10 ? 10 : v > 100 ? 100 : v;
	a->settings.volume = v;
	fx_add(fx, APP_FX_VOLUME, v, NULL, a->settings.lang);
	const char *key = step > 0 ? (v == 100 ? "volume.max" : "volume.louder")
	                           : (v == 10 ? "volume.min" : "volume.softer");
	speak(a, fx, APP_FX_SPEAK_KEY, key, a->settings.lang, false);
}

static void start_speech_mode(struct app *a, struct app_fx_list *fx)
{
	a->speech_mode = true;
	fx_add(fx, APP_FX_ROUTE, a->headphones, NULL, a->settings.lang);
	if (!a->in_session) {
		speak_bilingual(a, fx, "attract.greeting");
		speak_bilingual(a, fx, "attract.hint");
	} else {
		speak(a, fx, APP_FX_SPEAK_KEY, "attract.greeting", a->settings.lang, false);
		speak(a, fx, APP_FX_SPEAK_SCREEN, NULL, a->settings.lang, false);
	}
}

static void handle_key(struct app *a, const struct app_event *ev, struct app_fx_list *fx,
                       uint64_t now)
{
	enum app_key key = ev->key;

	if (a->screen == APP_SCREEN_TIMEOUT && key != APP_KEY_VOL_DOWN && key != APP_KEY_VOL_UP &&
	    key != APP_KEY_ACTION && key != APP_KEY_UP && key != APP_KEY_DOWN) {
		more_time(a, fx); /* R1: any key extends */
		return;
	}
	bool language_digit = a->screen == APP_SCREEN_ATTRACT && key == APP_KEY_DIGIT &&
	                      (ev->digit == 1 || ev->digit == 2);
	if (!a->speech_mode && !language_digit) {
		start_speech_mode(a, fx); /* A1: any keypad key starts speech; the key is spent */
		return;
	}
	if (!a->speech_mode) {
		a->speech_mode = true;
		fx_add(fx, APP_FX_ROUTE, a->headphones, NULL, a->settings.lang);
	}
	if (tutorial_key(a, fx, key))
		return;

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
			cue(a, fx, CUE_ACTIVATE);
			activate(a, fx, (enum app_action)n->action, now);
		} else {
			speak_focus(a, fx); /* S5: Action on what does nothing says it again */
		}
		break;
	}
	case APP_KEY_BACK:
		if (a->screen == APP_SCREEN_ATTRACT)
			speak_bilingual(a, fx, "attract.hint");
		else
			back(a, fx);
		break;
	case APP_KEY_HELP:
		if (a->last_help && now - a->last_help < a->cfg.help_twice_ms) {
			a->last_help = 0; /* S5: Help twice stops speech (already stopped above) */
			break;
		}
		a->last_help = now;
		activate(a, fx, APP_ACT_HELP, now);
		break;
	case APP_KEY_VOL_DOWN:
		volume(a, fx, -10);
		break;
	case APP_KEY_VOL_UP:
		volume(a, fx, +10);
		break;
	case APP_KEY_DIGIT:
		if (language_digit) {
			activate(a, fx, ev->digit == 1 ? APP_ACT_LANG_FR : APP_ACT_LANG_EN, now);
		} else {
			cue(a, fx, CUE_NO_ACTION);
			speak_focus(a, fx);
		}
		break;
	case APP_KEY_LANG:
		activate(a, fx, APP_ACT_SWITCH_LANG, now);
		break;
	case APP_KEY_REPEAT:
		fx_add(fx, APP_FX_REPEAT, 0, NULL, a->settings.lang);
		a->speaking = true;
		break;
	case APP_KEY_RATE: {
		a->settings.rate = (a->settings.rate + 1) % 5;
		fx_add(fx, APP_FX_RATE, a->settings.rate, NULL, a->settings.lang);
		rebuild(a);
		speak(a, fx, APP_FX_SPEAK_KEY, "options.rate", a->settings.lang, false);
		speak(a, fx, APP_FX_SPEAK_KEY, rate_key(a->settings.rate), a->settings.lang, false);
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

	if (a->screen == APP_SCREEN_TIMEOUT && ev->type == APP_EV_POINTER_DOWN) {
		more_time(a, fx);
		a->pointer_item = -1;
		return;
	}
	switch (ev->type) {
	case APP_EV_POINTER_DOWN:
		a->pointer_item = item;
		if (a->speech_mode && item >= 0 && item != a->focus) {
			/* T2: touch explores in speech mode; nothing activates */
			a->focus = item;
			rebuild(a);
			speak_focus(a, fx);
		} else if (a->speech_mode && item >= 0) {
			speak_focus(a, fx);
		}
		break;
	case APP_EV_POINTER_MOVE:
		if (a->speech_mode) {
			if (item >= 0 && item != a->focus) {
				a->focus = item;
				rebuild(a);
				cue(a, fx, CUE_MOVE);
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
				cue(a, fx, CUE_ACTIVATE);
				activate(a, fx, (enum app_action)a->view.nodes[item].action, now);
			}
		} else if (item >= 0 && item == a->pointer_item) {
			a->focus = item;
			rebuild(a);
			if (view_node_actionable(&a->view.nodes[item]))
				activate(a, fx, (enum app_action)a->view.nodes[item].action, now);
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
		fx_add(fx, APP_FX_CUE, CUE_WORKING, NULL, a->settings.lang);
		speak(a, fx, APP_FX_SPEAK_KEY, "net.one_moment", a->settings.lang, false);
		return true;
	}
	if (now >= a->next_progress) {
		a->next_progress = now + 2500;
		cue(a, fx, CUE_WORKING);
	}
	return true;
}

static bool handle_tick(struct app *a, struct app_fx_list *fx, uint64_t now)
{
	bool waited = waiting_feedback(a, fx, now);
	if (a->speaking)
		return waited;
	if (a->screen == APP_SCREEN_TIMEOUT) {
		if (now - a->warning_since >= a->cfg.warning_ms)
			session_end(a, fx, now);
		return true; /* the countdown on screen moved */
	}
	if (a->in_session && now - a->idle_since >= app_idle_limit(a)) {
		bool mode = a->speech_mode;
		a->speech_mode =
		    false; /* go() would speak only in speech mode: speak once, below */
		go(a, fx, APP_SCREEN_TIMEOUT);
		a->speech_mode = mode;
		a->warning_since = now;
		/* R1: the warning is shown, spoken and sounded, for every visitor. */
		fx_add(fx, APP_FX_CUE, CUE_ALERT, NULL, a->settings.lang);
		speak(a, fx, APP_FX_SPEAK_SCREEN, NULL, a->settings.lang, true);
		return true;
	}
	if (!a->in_session && a->headphones && now >= a->next_hint) {
		/* A2: the idle hint loops through the headphones only. */
		bool mode = a->speech_mode;
		a->speech_mode = true;
		speak_bilingual(a, fx, "attract.hint");
		a->speech_mode = mode;
		a->next_hint = now + a->cfg.hint_interval_ms;
	}
	return false;
}

bool app_handle(struct app *a, const struct app_event *ev, uint64_t now, struct app_fx_list *fx)
{
	bool changed = true;

	fx->count = 0;
	a->now = now;
	switch (ev->type) {
	case APP_EV_KEY:
		if (a->cfg.double_strike_ms && ev->key == a->last_key &&
		    now - a->last_key_time < a->cfg.double_strike_ms)
			return false; /* K4: a double strike is one press */
		a->last_key = ev->key;
		a->last_key_time = now;
		fx_add(fx, APP_FX_STOP_SPEECH, 0, NULL, a->settings.lang); /* S5: barge-in */
		a->speaking = false;
		a->idle_since = now;
		handle_key(a, ev, fx, now);
		break;
	case APP_EV_POINTER_DOWN:
	case APP_EV_POINTER_MOVE:
	case APP_EV_POINTER_UP:
		if (ev->type != APP_EV_POINTER_UP || a->speech_mode) {
			fx_add(fx, APP_FX_STOP_SPEECH, 0, NULL, a->settings.lang);
			a->speaking = false;
		}
		a->idle_since = now;
		handle_pointer(a, ev, fx, now);
		break;
	case APP_EV_HEADPHONES_IN:
		a->headphones = true;
		fx_add(fx, APP_FX_STOP_SPEECH, 0, NULL, a->settings.lang);
		a->speaking = false;
		a->idle_since = now;
		start_speech_mode(a, fx); /* A1 */
		break;
	case APP_EV_HEADPHONES_OUT:
		a->headphones = false;
		a->speech_mode = false;
		a->speaking = false;
		fx_add(fx, APP_FX_STOP_SPEECH, 0, NULL, a->settings.lang);
		fx_add(fx, APP_FX_ROUTE, 0, NULL, a->settings.lang);
		break;
	case APP_EV_SPEECH_DONE:
		a->speaking = false;
		a->idle_since = now; /* R1: timers count from the end of speech */
		if (a->screen == APP_SCREEN_TIMEOUT)
			a->warning_since = now;
		if (!a->in_session)
			a->next_hint = now + a->cfg.hint_interval_ms;
		changed = a->screen == APP_SCREEN_TIMEOUT;
		break;
	case APP_EV_TICK:
		changed = handle_tick(a, fx, now);
		break;
	case APP_EV_NET_DONE:
		a->waiting = false;
		a->staff_state = ev->item ? APP_STAFF_SENT : APP_STAFF_FAILED;
		if (a->screen == APP_SCREEN_STAFF) {
			rebuild(a);
			/* The outcome is said at once; a failure to everyone, with the
			 * alternatives. */
			for (int i = 0; i < a->view.count; i++) {
				if (a->view.nodes[i].role != VIEW_ROLE_ALERT)
					continue;
				if (a->speech_mode || !ev->item) {
					fx_add(fx, APP_FX_SPEAK_NODE, i, NULL, a->settings.lang);
					a->speaking = true;
				}
			}
		}
		break;
	}
	rebuild(a);
	return changed;
}

bool app_working(const struct app *a, uint64_t now)
{
	return a->waiting && now >= a->waiting_since + 1000;
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

bool app_set_notices(struct app *a, const struct app_notice *n, int count, uint64_t now,
                     struct app_fx_list *fx)
{
	fx->count = 0;
	if (count > APP_NOTICES_MAX)
		count = APP_NOTICES_MAX;
	if (count < 0 || same_notices(a, n, count))
		return false;
	a->now = now;
	memcpy(a->notices, n, sizeof(*n) * (size_t)count);
	a->notice_count = count;
	rebuild(a);
	if (a->screen == APP_SCREEN_HOME && a->speech_mode && !a->speaking)
		speak_notices(a, fx);
	return a->screen == APP_SCREEN_HOME;
}

uint64_t app_next_deadline(const struct app *a)
{
	if (a->waiting) {
		uint64_t w = a->one_moment_said ? a->next_progress : a->waiting_since + 1000;
		return w; /* sooner than anything below while a visitor waits */
	}
	if (a->speaking)
		return UINT64_MAX; /* SPEECH_DONE comes first */
	if (a->screen == APP_SCREEN_TIMEOUT) {
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

void app_init(struct app *a, const struct app_config *cfg, const i18n_t *strings, uint64_t now)
{
	memset(a, 0, sizeof(*a));
	a->strings = strings;
	if (cfg)
		a->cfg = *cfg;
	else
		app_config_defaults(&a->cfg);
	settings_default(&a->settings);
	a->screen = APP_SCREEN_ATTRACT;
	a->pointer_item = -1;
	a->last_tap_item = -1;
	a->now = now;
	a->idle_since = now;
	a->next_hint = now + a->cfg.hint_interval_ms;
	rebuild(a);
}

void app_refresh(struct app *a)
{
	rebuild(a);
}

void app_fail(struct app *a, uint64_t now)
{
	a->now = now;
	a->screen = APP_SCREEN_UNAVAILABLE;
	a->in_session = false;
	a->depth = 0;
	a->focus = 0;
	rebuild(a);
}
