/* The kiosk's state machine: events in, model updated, effects out. Pure C: time
 * comes in as `now` (milliseconds on the caller's clock); nothing here draws,
 * speaks, sleeps or touches the network. ui/screens builds the view from it. */
#ifndef ACCUEIL_APP_H
#define ACCUEIL_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "firmware/core/i18n.h"
#include "ui/view.h"
#include "firmware/core/cue.h"

enum app_screen {
	APP_SCREEN_ATTRACT,
	APP_SCREEN_HOME,
	APP_SCREEN_HELP,
	APP_SCREEN_KEYPAD,
	APP_SCREEN_TUTORIAL,
	APP_SCREEN_OPTIONS,
	APP_SCREEN_STAFF,
	APP_SCREEN_TIMEOUT,
	APP_SCREEN_UNAVAILABLE,
	APP_SCREEN_COUNT
};

/* The EZ-Access keys (ACCESSIBILITY.md K1) plus the fixed keys of the 12-key pad. */
enum app_key {
	APP_KEY_NONE,
	APP_KEY_UP,
	APP_KEY_DOWN,
	APP_KEY_ACTION,
	APP_KEY_BACK,
	APP_KEY_HELP,
	APP_KEY_VOL_DOWN,
	APP_KEY_VOL_UP,
	APP_KEY_DIGIT,  /* digit in app_event.digit */
	APP_KEY_LANG,   /* star: switch language at any time (A3) */
	APP_KEY_REPEAT, /* pound: repeat the last utterance (S5) */
	APP_KEY_RATE,   /* next speech rate (S7) */
	APP_KEY_COUNT
};

enum app_event_type {
	APP_EV_KEY,           /* a key press (auto-repeat already dropped by the input layer) */
	APP_EV_POINTER_DOWN,  /* finger down on node `item` (-1: none) */
	APP_EV_POINTER_MOVE,  /* finger moved onto node `item` */
	APP_EV_POINTER_UP,    /* finger lifted over node `item`: activation happens on release */
	APP_EV_HEADPHONES_IN, /* the jack detector (or F9 on the pc board) */
	APP_EV_HEADPHONES_OUT,
	APP_EV_SPEECH_DONE, /* everything queued has been played: time-outs count from here */
	APP_EV_TICK,        /* time passed; the caller asks app_next_deadline() when */
	APP_EV_NET_DONE,    /* the staff call reached the central (item 1) or did not (item 0) */
};

struct app_event {
	enum app_event_type type;
	enum app_key key;
	int digit;
	int item;
};

/* What activating a node does (view_node.action). 0 is "not actionable". */
enum app_action {
	APP_ACT_NONE,
	APP_ACT_LANG_FR,
	APP_ACT_LANG_EN,
	APP_ACT_SWITCH_LANG,
	APP_ACT_HELP,
	APP_ACT_STAFF,
	APP_ACT_STAFF_CANCEL,
	APP_ACT_BACK,
	APP_ACT_KEYPAD,
	APP_ACT_TUTORIAL,
	APP_ACT_OPTIONS,
	APP_ACT_TOGGLE_LARGE,
	APP_ACT_TOGGLE_CONTRAST,
	APP_ACT_TOGGLE_BLANK,
	APP_ACT_NEXT_RATE,
	APP_ACT_END_SESSION,
	APP_ACT_MORE_TIME,
};

enum app_fx_type {
	APP_FX_STOP_SPEECH,  /* barge-in */
	APP_FX_CUE,          /* arg: enum cue */
	APP_FX_SPEAK_SCREEN, /* title, item count, focused item (K3) */
	APP_FX_SPEAK_FOCUS,  /* the focused item (S2) */
	APP_FX_SPEAK_KEY,    /* the string `key` in `lang` */
	APP_FX_SPEAK_NODE,   /* node `arg` of the current view, as focus would say it */
	APP_FX_REPEAT,       /* the last utterance again */
	APP_FX_VOLUME,       /* arg: percent */
	APP_FX_RATE,         /* arg: rate step */
	APP_FX_ROUTE,        /* arg: 1 headphones, 0 speaker */
	APP_FX_STAFF_CALL,   /* report it to the central now; APP_EV_NET_DONE says how it went */
	APP_FX_SESSION_END,  /* wipe everything of the visitor's */
};

struct app_fx {
	enum app_fx_type type;
	int arg;
	const char *key;
	enum lang lang;
};

#define APP_MAX_FX 24

struct app_fx_list {
	struct app_fx fx[APP_MAX_FX];
	int count;
};

#define APP_CONTACT_MAX 128

struct app_config {
	/* How to reach the agency when the kiosk cannot (phone, TTY, web), shown with errors. */
	char contact_phone[APP_CONTACT_MAX];
	char contact_tty[APP_CONTACT_MAX];
	char contact_web[APP_CONTACT_MAX];
	uint32_t idle_ms;          /* inactivity before the warning (R1): 90 s */
	uint32_t idle_speech_ms;   /* the same in speech mode or while typing: 180 s */
	uint32_t warning_ms;       /* no answer to the warning before the reset: 30 s */
	uint32_t hint_interval_ms; /* the idle hint's period through headphones (A2) */
	uint32_t double_strike_ms; /* same key again within this is ignored (K4), 0..500 */
	uint32_t double_tap_ms;    /* two taps on one item activate in speech mode (T2) */
	uint32_t help_twice_ms;    /* Help twice within this stops speech (S5) */
};

/* Settings that the session's end resets (A4). */
struct app_settings {
	enum lang lang;
	bool large_text;
	bool high_contrast;
	bool blank; /* V5: screen blanked while listening */
	int volume; /* percent, 10..100 */
	int rate;   /* 0..4 */
};

/* A service disruption notice from the central (C6), in both languages. */
#define APP_NOTICES_MAX     4
#define APP_NOTICE_TEXT_MAX 512

struct app_notice {
	char id[64];
	bool closure; /* the office is closed: said first, shown as an alert */
	char reason[LANG_COUNT][APP_NOTICE_TEXT_MAX];
	char alternatives[LANG_COUNT][APP_NOTICE_TEXT_MAX];
};

enum app_staff_state { APP_STAFF_SENDING, APP_STAFF_SENT, APP_STAFF_FAILED };

#define APP_STACK_MAX      8
#define APP_TUTORIAL_STEPS 5
#define APP_VOLUME_DEFAULT 60
#define APP_RATE_DEFAULT   2

struct app {
	const i18n_t *strings; /* not owned */
	struct app_config cfg;
	struct app_settings settings;
	enum app_screen screen;
	int focus;
	enum app_screen stack[APP_STACK_MAX]; /* screens Back returns to, with their focus */
	int stack_focus[APP_STACK_MAX];
	int depth;
	bool in_session;
	bool speech_mode;
	bool headphones;
	bool speaking;       /* speech queued and not yet done */
	uint64_t idle_since; /* last input or end of speech, whichever is later */
	uint64_t warning_since;
	int extensions;     /* how often the visitor asked for more time */
	uint64_t next_hint; /* when the idle hint plays next (A2) */
	int edge_hits;      /* K2: the no-wrap hints escalate */
	uint64_t last_help;
	enum app_key last_key;
	uint64_t last_key_time;
	int pointer_item; /* node under the finger since POINTER_DOWN, -1 none */
	int last_tap_item;
	uint64_t last_tap_time;
	int tutorial_step;
	int help_layer_of;    /* the screen whose help is shown */
	unsigned staff_calls; /* since start */
	enum app_staff_state staff_state;
	bool waiting; /* a request the visitor waits for is under way (S8) */
	uint64_t waiting_since;
	bool one_moment_said;
	uint64_t next_progress;
	struct app_notice notices[APP_NOTICES_MAX];
	int notice_count;
	unsigned sessions; /* completed sessions, for soak tests */
	uint64_t now;      /* time of the event being handled */
	struct view view;  /* the current screen, rebuilt after every event */
};

/* Defaults from SPEC.md C7 and ACCESSIBILITY.md. */
void app_config_defaults(struct app_config *cfg);

/* Starts on the attract screen. strings is borrowed and must outlive app. */
void app_init(struct app *a, const struct app_config *cfg, const i18n_t *strings, uint64_t now);

/* Handles one event. fx is cleared, then receives the effects to carry out, in order.
 * a->view is rebuilt. Returns true when what is shown changed (redraw needed). */
bool app_handle(struct app *a, const struct app_event *ev, uint64_t now, struct app_fx_list *fx);

/* The next time an APP_EV_TICK is due (time-out warning, reset, idle hint), or
 * UINT64_MAX when nothing is pending. */
uint64_t app_next_deadline(const struct app *a);

/* Replaces the notices shown on the home screen. New ones are spoken there in speech
 * mode; fx (cleared first) gets the effects. Returns true when the screen changed. */
bool app_set_notices(struct app *a, const struct app_notice *n, int count, uint64_t now,
                     struct app_fx_list *fx);

/* True while a visitor has waited more than a second for the central (S8's visible half). */
bool app_working(const struct app *a, uint64_t now);

/* Rebuilds a->view after the model was set directly (reference images, tests). */
void app_refresh(struct app *a);

/* Shows the "service unavailable" screen (a fatal condition; systemd restarts us). */
void app_fail(struct app *a, uint64_t now);

/* The idle limit in force now (R1): longer in speech mode. */
uint32_t app_idle_limit(const struct app *a);

/* Name of a screen for scripts and logs ("home"), and back; -1 when unknown. */
const char *app_screen_name(enum app_screen s);
int app_screen_from_name(const char *name);

#endif
