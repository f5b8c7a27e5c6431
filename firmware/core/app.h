/* The kiosk's state machine: events in, model updated, effects out. Pure C: time
 * comes in as `now` (milliseconds on the caller's clock); nothing here draws,
 * speaks, sleeps or touches the network. ui/screens builds the view from it. */
#ifndef ACCUEIL_APP_H
#define ACCUEIL_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "firmware/core/i18n.h"
#include "firmware/core/screen.h"
#include "ui/view.h"
#include "firmware/core/catalogue.h"
#include "firmware/core/cue.h"
#include "firmware/core/flows/complaint.h"
#include "firmware/core/flows/status.h"
#include "firmware/core/flows/technician.h"
#include "firmware/core/flows/ticket.h"

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
	APP_KEY_ERASE,  /* Backspace: erases in a text field, else Back */
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
	APP_EV_RESULT,      /* a request's outcome: `result` */
	APP_EV_NOTICES,     /* the central's notices now: `notices`, `notice_count` */
	APP_EV_TEXT,        /* text typed on a keyboard (UTF-8 in `text`), while a field takes it */
	APP_EV_CATALOGUE,   /* the central's request categories: `catalogue` */
	APP_EV_TECHNICIAN,  /* the service chord or the corner press: technician mode (C9) */
	APP_EV_HOURS,       /* the office's hours as the central's queue reports them: `hours` */
};

/* The work the core asks the program layer for (APP_FX_REQUEST). */
enum app_request_kind {
	APP_REQ_STAFF_CALL = 1, /* tell the staff a visitor needs help */
	APP_REQ_SUBMIT,         /* store the complaint durably and send it (payload: outcome) */
	APP_REQ_PRINT_RECEIPT,  /* print the complaint's receipt (visit.complaint) */
	APP_REQ_FEEDBACK,       /* kiosk-API feedback through the outbox */
	APP_REQ_DEFINITION,     /* the extra fields of category `key` (payload: complaint_attrs) */
	APP_REQ_STATUS,         /* look up visit.status.lookup (payload: struct status_answer) */
	APP_REQ_QUEUE,          /* the queue's services (payload: struct ticket_services) */
	APP_REQ_TICKET,         /* take a ticket for visit.ticket (payload: struct ticket_issued) */
	APP_REQ_TICKET_STATE,   /* a ticket's state by number (payload: struct ticket_state) */
	APP_REQ_PRINT_TICKET,   /* print visit.ticket's ticket */
	APP_REQ_TECH_PIN,       /* check visit.tech.pin (payload: struct tech_pin_answer) */
	APP_REQ_TECH_DIAG,      /* the self-test and outbox (payload: struct tech_diag) */
	APP_REQ_TECH_PRINT,     /* print the printer's test page */
	APP_REQ_TECH_RESTART,   /* end the program so that systemd starts it again */
	APP_REQ_TECH_OUTBOX,    /* the outbox's entries to resolve (payload: struct tech_outbox) */
	APP_REQ_TECH_RETRY,     /* send the outbox again now (payload: struct tech_outbox) */
	APP_REQ_TECH_SETTINGS,  /* the saved settings (payload: struct tech_settings_answer) */
	APP_REQ_TECH_SAVE,      /* save and apply visit.tech.settings (payload: the same) */
};

/* What a submission came to (APP_EV_RESULT of APP_REQ_SUBMIT). The first result says it is
 * stored (provisional reference); a second may bring the central's final one. */
struct app_submit_outcome {
	bool final; /* the central's reference, not this kiosk's provisional one */
	char reference[64];
	char notice[512];  /* the central's service_notice */
	char message[256]; /* the central's reason when refused */
};

/* How a request ended. A negative value is an error. */
enum app_result_error {
	APP_RESULT_OK = 0,
	APP_RESULT_UNREACHABLE = -1, /* the central could not be reached */
	APP_RESULT_REJECTED = -2,    /* the central refused it; the payload says why */
	APP_RESULT_UNCONFIRMED = -3, /* sent, but whether it arrived is unknown */
	APP_RESULT_BAD_REPLY = -4,   /* the answer could not be read */
	APP_RESULT_NOT_STORED = -5,  /* the kiosk could not keep it (full disk, corrupt store) */
	APP_RESULT_NOT_FOUND = -6,   /* no such request or ticket (404, `200 []`) */
	APP_RESULT_TIMED_OUT = -7,   /* the central did not answer in time */
	APP_RESULT_CLOSED = -8,      /* the queue is closed (payload: the next opening) */
};

struct app_result {
	enum app_request_kind kind;
	uint32_t id;         /* the id of the APP_FX_REQUEST it answers */
	int error;           /* enum app_result_error */
	const void *payload; /* kind-specific; valid during app_handle only (may be NULL) */
	size_t payload_len;
};

struct app_notice;

struct app_event {
	enum app_event_type type;
	enum app_key key;
	int digit;
	int item;
	/* Pointer events: the point, on a w x h screen (0, 0, 0, 0 when not known). */
	int x, y, w, h;
	struct app_result result;         /* APP_EV_RESULT */
	const struct app_notice *notices; /* APP_EV_NOTICES: borrowed during app_handle */
	int notice_count;
	char text[32];                     /* APP_EV_TEXT */
	const struct catalogue *catalogue; /* APP_EV_CATALOGUE: borrowed during app_handle */
	const struct app_hours *hours;     /* APP_EV_HOURS: borrowed during app_handle */
	int64_t wall;                      /* Unix seconds now, for what is dated (receipts) */
};

/* What activating a node does (view_node.action). 0 is "not actionable". These are
 * the shell's; a screen numbers its own from APP_ACT_SCREEN and handles them itself. */
enum app_action {
	APP_ACT_NONE,
	APP_ACT_SWITCH_LANG,
	APP_ACT_HELP,
	APP_ACT_STAFF,
	APP_ACT_BACK,
	APP_ACT_GO, /* open the screen in view_node.go */
	APP_ACT_END_SESSION,
	APP_ACT_MORE_TIME,
	APP_ACT_DISCARD,   /* leave the flow and forget what was entered */
	APP_ACT_KEEP,      /* stay in the flow */
	APP_ACT_PAGE_PREV, /* a list longer than a screen: the previous page */
	APP_ACT_PAGE_NEXT,
	APP_ACT_SCREEN = 64,
};

enum app_fx_type {
	APP_FX_STOP_SPEECH,  /* barge-in */
	APP_FX_CUE,          /* arg: enum cue */
	APP_FX_SPEAK_SCREEN, /* title, item count, focused item (K3) */
	APP_FX_SPEAK_FOCUS,  /* the focused item (S2) */
	APP_FX_SPEAK_KEY,    /* the string `key` in `lang` */
	APP_FX_SPEAK_NODE,   /* node `arg` of the current view, as focus would say it */
	APP_FX_SPEAK_CHAR,   /* the character `key` (UTF-8) named in `lang` ("é, e accent aigu") */
	APP_FX_SPEAK_TEXT,   /* the text `key` in `lang`; arg 1: personal (headphones only) */
	APP_FX_SPEAK_LABEL,  /* node `arg`'s label (and value) alone: no role, no position */
	APP_FX_REPEAT,       /* the last utterance again */
	APP_FX_VOLUME,       /* arg: percent */
	APP_FX_RATE,         /* arg: rate step */
	APP_FX_ROUTE,        /* arg: 1 headphones, 0 speaker */
	APP_FX_REQUEST,      /* arg: enum app_request_kind, id: answered by an APP_EV_RESULT */
	APP_FX_SESSION_END,  /* wipe everything of the visitor's */
};

struct app_fx {
	enum app_fx_type type;
	int arg;
	const char *key;
	enum lang lang;
	uint32_t id;
};

#define APP_MAX_FX 24

struct app_fx_list {
	struct app_fx fx[APP_MAX_FX];
	int count;
};

#define APP_CONTACT_MAX 128
#define APP_AGENCY_MAX  128

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
	int volume_default;        /* percent at each session's start (a technician's setting) */
	/* The agency's name on the attract screen, per language ("": none). */
	char agency[LANG_COUNT][APP_AGENCY_MAX];
	/* Its opening hours as it publishes them, per language ("Monday to Friday, 8:30 a.m. to
	 * 5 p.m., except holidays"), said when the queue gives no number; "": not said. */
	char hours[LANG_COUNT][APP_AGENCY_MAX];
	bool logo; /* the program layer loaded the agency's logo: the attract screen shows it */
};

/* Settings that the session's end resets (A4). */
struct app_settings {
	enum lang lang;
	bool large_text;
	bool high_contrast;
	bool blank;          /* V5: screen blanked while listening */
	int volume;          /* percent, 10..100 */
	int rate;            /* 0..4 */
	bool personal_aloud; /* S9: personal data said through the speaker too, after a warning */
};

/* A service disruption notice from the central (C6), in both languages. */
#define APP_NOTICES_MAX     4
#define APP_NOTICE_TEXT_MAX 512

struct app_notice {
	char id[64];
	bool closure;  /* the office is closed: said first, shown as an alert */
	int64_t until; /* when the disruption is expected to end (UTC), 0: until further notice */
	char reason[LANG_COUNT][APP_NOTICE_TEXT_MAX];
	char alternatives[LANG_COUNT][APP_NOTICE_TEXT_MAX];
};

/* Today's opening hours on the home screen, from the central's queue (C5): open now until
 * closes_at, or closed with the next window. Unknown until the central first answers. */
struct app_hours {
	bool known;
	bool open_now;    /* some service takes visitors now */
	int64_t opens_at; /* the current window's opening, or the next one's; 0: none known */
	int64_t closes_at;
};

enum app_staff_state { APP_STAFF_SENDING, APP_STAFF_SENT, APP_STAFF_FAILED };

#define APP_STACK_MAX      16
#define APP_VOLUME_DEFAULT 60
#define APP_RATE_DEFAULT   2

/* Who hears what is said. */
enum app_audience {
	APP_TO_LISTENER,   /* a visitor in speech mode (the usual case) */
	APP_TO_EVERYONE,   /* said even without speech mode (R1's warning, a failed call) */
	APP_TO_HEADPHONES, /* only while headphones are in, speech mode or not (A2) */
};

/* One place on the navigation stack: a screen, or a flow at one of its steps. */
struct app_frame {
	const struct screen_def *screen;
	const struct flow_def *flow; /* non-NULL: a flow, at `step` */
	int step;
	int page;          /* the page shown of a list longer than a screen holds */
	uint32_t focus_id; /* the focused node's id (view_node.id), 0: none */
	int focus;         /* its index, used when the id is gone */
};

/* Everything a visitor leaves behind, wiped in one step at the session's end. */
struct app_visit {
	struct app_settings settings;
	struct app_frame here;                 /* where the visitor is */
	struct app_frame stack[APP_STACK_MAX]; /* where Back returns to */
	int depth;
	bool confirm_discard;             /* the flow in `here` asks "discard what you entered?" */
	const struct screen_def *help_of; /* the screen whose help is shown */
	int tutorial_step;
	bool tutorial_leaving; /* Back was pressed mid-lesson: Back again leaves */
	int extensions;        /* how often the visitor asked for more time */
	enum app_staff_state staff_state;
	uint32_t staff_request; /* the id of the staff call under way, 0 none */
	struct complaint complaint;
	struct status status;
	struct ticket ticket;
	struct tech tech; /* technician mode (never together with a visitor's session) */
};

struct app {
	const i18n_t *strings;            /* not owned */
	const struct screen_set *screens; /* not owned */
	struct app_config cfg;
	struct app_visit visit;
	const struct screen_def *screen; /* the screen shown: here's, or the discard question */
	int focus;
	uint32_t focus_id;
	bool in_session;
	bool speech_mode;
	bool headphones;
	bool speaking;           /* speech queued and not yet done */
	uint64_t idle_since;     /* last input or end of speech, whichever is later */
	uint64_t warning_since;  /* the countdown's start: the end of the warning's speech */
	bool warning_counting;   /* the warning has been said; the countdown runs */
	bool warning_again_said; /* the remaining time was said again near the end */
	uint64_t next_hint;      /* when the idle hint plays next (A2) */
	int edge_hits;           /* K2: the no-wrap hints escalate */
	uint64_t last_help;
	enum app_key last_key;
	uint64_t last_key_time;
	int pointer_item; /* node under the finger since POINTER_DOWN, -1 none */
	int last_tap_item;
	uint64_t last_tap_time;
	unsigned staff_calls;  /* since start */
	uint32_t last_request; /* ids of APP_FX_REQUEST, counting up */
	bool waiting;          /* a request the visitor waits for is under way (S8) */
	uint64_t waiting_since;
	bool one_moment_said;
	uint64_t next_progress;
	struct app_notice notices[APP_NOTICES_MAX];
	int notice_count;
	struct app_hours hours;
	struct catalogue catalogue; /* request categories: the central's, else built in */
	int64_t wall;               /* Unix seconds at the last event that carried it */
	uint64_t task_deadline;     /* a task waits until then (screen_set.tick), 0 none */
	unsigned sessions;          /* completed sessions, for soak tests */
	uint64_t now;               /* time of the event being handled */
	struct view view;           /* the current screen, rebuilt after every event */
};

/* Defaults from SPEC.md C7 and ACCESSIBILITY.md. */
void app_config_defaults(struct app_config *cfg);

/* Starts on the attract screen. strings and screens are borrowed and must outlive app. */
void app_init(struct app *a, const struct app_config *cfg, const i18n_t *strings,
              const struct screen_set *screens, uint64_t now);

/* Handles one event. fx is cleared, then receives the effects to carry out, in order.
 * a->view is rebuilt. Returns true when what is shown changed (redraw needed). */
bool app_handle(struct app *a, const struct app_event *ev, uint64_t now, struct app_fx_list *fx);

/* The next time an APP_EV_TICK is due (time-out warning, reset, idle hint), or
 * UINT64_MAX when nothing is pending. */
uint64_t app_next_deadline(const struct app *a);

/* True while a visitor has waited more than a second for the central (S8's visible half). */
bool app_working(const struct app *a, uint64_t now);

/* Rebuilds a->view after the model was set directly (reference images, tests). */
void app_refresh(struct app *a);

/* Shows the "service unavailable" screen (a fatal condition; systemd restarts us). */
void app_fail(struct app *a, uint64_t now);

/* ---- The shell's services, for screens and flows ---- */

/* Opens screen s, pushing where the visitor is. Returns 0, or -ENOSPC when the stack
 * is full: then nothing moves and the visitor hears that (never a skipped screen). */
int app_go(struct app *a, struct app_fx_list *fx, const struct screen_def *s);
/* Back: a flow's previous step, its "discard?" question, or the previous screen. */
void app_back(struct app *a, struct app_fx_list *fx);
/* Starts flow f at its first step, as one entry on the stack. Returns 0 or -ENOSPC. */
int app_flow_start(struct app *a, struct app_fx_list *fx, const struct flow_def *f);
/* The flow's next step; past the last one the flow ends (see app_flow_end). */
void app_flow_next(struct app *a, struct app_fx_list *fx);
/* Goes to step (0-based) of the flow in place ("Change" on a review). */
void app_flow_goto(struct app *a, struct app_fx_list *fx, int step);
/* Leaves the flow for the screen it was started from, forgetting what was entered. */
void app_flow_end(struct app *a, struct app_fx_list *fx);
/* Queues `type` (SPEAK_SCREEN, SPEAK_FOCUS, SPEAK_KEY with key in lang) for audience. */
void app_speak(struct app *a, struct app_fx_list *fx, enum app_fx_type type, const char *key,
               enum lang lang, enum app_audience audience);
/* The string `key` in the visitor's language, to a listener in speech mode; before a
 * language is chosen, in both. */
void app_say(struct app *a, struct app_fx_list *fx, const char *key);
/* Says back what was typed to a listener in speech mode: a character named, or a word read
 * back; "Erased:" first when erased. personal: headphones only (S9). text must outlive fx. */
void app_echo(struct app *a, struct app_fx_list *fx, const char *text, bool erased, bool personal);
/* A cue (earcon and flash) for a listener in speech mode. */
void app_cue(struct app *a, struct app_fx_list *fx, enum cue c);
/* Adds one effect. */
void app_fx_add(struct app_fx_list *fx, enum app_fx_type type, int arg);
/* Rebuilds the view; focus stays on the same node (by id) when it is still there. */
void app_rebuild(struct app *a);
/* Starts the session in lang on the home screen. */
void app_session_start(struct app *a, struct app_fx_list *fx, enum lang lang);
/* Turns speech mode on because a key was used (routes audio; says nothing). */
void app_speech_on(struct app *a, struct app_fx_list *fx);

/* Volume up (step > 0) or down by step percent, never below 10 % (S7); says so. */
void app_volume(struct app *a, struct app_fx_list *fx, int step);
/* Turns speech mode off (the "Speech" option); speech stops at once. */
void app_speech_off(struct app *a, struct app_fx_list *fx);

/* The idle limit in force now (R1): longer in speech mode. */
uint32_t app_idle_limit(const struct app *a);

#endif
