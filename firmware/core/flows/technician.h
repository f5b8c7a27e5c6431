/* Technician mode (SPEC.md C9): entered by a chord on a service keyboard (APP_EV_TECHNICIAN,
 * which only the input layer makes) or a 5-second press in a configured corner, then the PIN.
 * The visitor's session is ended (wiped) first, so nothing of it is visible here; leaving
 * returns to the attract screen. The PIN is checked by the program layer (techpin.h, mbedTLS)
 * through APP_REQ_TECH_PIN; what the technician typed lives here only until that answer and
 * is wiped with the rest of the visit. Pure C: the screens are ui/screens/tech_*.c. */
#ifndef ACCUEIL_TECHNICIAN_H
#define ACCUEIL_TECHNICIAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TECH_PIN_MAX      12 /* digits; techpin.h's TECHPIN_MAX_DIGITS */
#define TECH_PRESS_MS     5000
#define TECH_DIAG_MAX     16
#define TECH_DIAG_MSG_MAX 256 /* a view node's value (VIEW_VALUE_MAX) */
#define TECH_LOG_LINES    8
#define TECH_LOG_LINE_MAX 160

struct app;
struct app_fx_list;

/* The answer to APP_REQ_TECH_PIN (payload of its APP_EV_RESULT; error APP_RESULT_OK when the
 * PIN matched, APP_RESULT_REJECTED otherwise). */
struct tech_pin_answer {
	uint32_t wait_s;     /* locked: seconds before the next try; 0 not locked */
	unsigned tries_left; /* failures left before the lock-out starts */
	bool unset;          /* no PIN is provisioned (or its stored form is damaged) */
};

enum tech_check_status { TECH_CHECK_OK, TECH_CHECK_WARN, TECH_CHECK_FAIL, TECH_CHECK_SKIP };

/* The answer to APP_REQ_TECH_DIAG: the self-test's checks that run inside the live kiosk,
 * and the outbox's and central's state. */
struct tech_diag {
	int count;
	struct {
		char name[24];
		enum tech_check_status status;
		char msg[TECH_DIAG_MSG_MAX]; /* the self-test's words (English) */
	} checks[TECH_DIAG_MAX];
	bool central;           /* a central is configured */
	int central_last;       /* the last heartbeat: 1 answered, -1 failed, 0 not yet */
	uint64_t central_age_s; /* how long ago */
	char central_error[48]; /* the failure's name */
	bool outbox_ok;         /* the outbox could be opened */
	unsigned pending;
	uint64_t oldest_s;
	unsigned attention; /* unconfirmed or refused entries a technician must resolve */
};

/* ---- The outbox's screen (APP_REQ_TECH_OUTBOX, APP_REQ_TECH_RETRY) ---- */

#define TECH_OUTBOX_LIST      8
#define TECH_OUTBOX_REF_MAX   32
#define TECH_OUTBOX_CAT_MAX   64
#define TECH_OUTBOX_ERROR_MAX 120

/* One entry a technician must resolve, with no personal data: no description, name or
 * contact, and not the central's own words (they may echo what the visitor typed). */
struct tech_outbox_entry {
	char reference[TECH_OUTBOX_REF_MAX]; /* the provisional reference, "K7-42" */
	char category[TECH_OUTBOX_CAT_MAX];  /* the service code, or "feedback" */
	uint64_t age_s;
	unsigned attempts;
	bool refused;                      /* the central refused it (else: unconfirmed) */
	char error[TECH_OUTBOX_ERROR_MAX]; /* the kiosk's words for the last error (English) */
};

struct tech_outbox {
	bool ok; /* the outbox could be opened */
	unsigned pending;
	uint64_t oldest_s;
	unsigned attention; /* unconfirmed or refused: all of them, even beyond the list */
	int count;          /* listed, oldest first */
	struct tech_outbox_entry entries[TECH_OUTBOX_LIST];
	int retried; /* APP_REQ_TECH_RETRY: entries sent again now; -1 not asked */
};

/* ---- Settings a technician may change (APP_REQ_TECH_SETTINGS, APP_REQ_TECH_SAVE) ---- */

#define TECH_VOLUME_MIN 20
#define TECH_VOLUME_MAX 100
#define TECH_IDLE_MIN_S 30
#define TECH_IDLE_MAX_S 600
#define TECH_END_MIN_S  30 /* ACCESSIBILITY.md R1: never less than 30 s to answer */
#define TECH_END_MAX_S  300

struct tech_settings {
	int volume;      /* default volume, percent */
	bool portrait;   /* orientation of the screen */
	unsigned idle_s; /* no input this long: the warning (twice as long in speech mode) */
	unsigned end_s;  /* no answer to the warning this long: the session ends */
};

/* How the settings file was found, or how saving went. */
enum tech_settings_note {
	TECH_SETTINGS_FILE,       /* read from the data directory */
	TECH_SETTINGS_DEFAULTS,   /* no file yet: the configuration's values */
	TECH_SETTINGS_DAMAGED,    /* damaged or cut short: the configuration's values in use */
	TECH_SETTINGS_UNREADABLE, /* cannot be read (permissions, disk) */
	TECH_SETTINGS_SAVED,      /* saved and applied */
	TECH_SETTINGS_FULL,       /* not saved: the data partition is full */
	TECH_SETTINGS_NOT_SAVED,  /* not saved: another write error (read-only, permissions) */
};

struct tech_settings_answer {
	struct tech_settings settings;
	enum tech_settings_note note;
};

/* The next value of a setting, each Action a step (wrapping round at the end). */
int tech_settings_next_volume(int volume);
unsigned tech_settings_next_idle(unsigned idle_s);
unsigned tech_settings_next_end(unsigned end_s);

/* True when every value is in range. */
bool tech_settings_valid(const struct tech_settings *s);

/* ---- The touch test: a target in each corner and the centre ---- */

enum tech_touch_target {
	TECH_TOUCH_TOP_LEFT,
	TECH_TOUCH_TOP_RIGHT,
	TECH_TOUCH_BOTTOM_RIGHT,
	TECH_TOUCH_BOTTOM_LEFT,
	TECH_TOUCH_CENTRE,
	TECH_TOUCH_TARGETS
};

/* Target i's square on a w x h screen (a tenth of the shorter side, at least 88 px, 4 px from
 * the edges). The renderer draws it there; tech_touch_at tests it there. */
void tech_touch_rect(int i, int w, int h, int *x, int *y, int *side);
/* The target under (x, y), or -1; *nearest (may be NULL) gets the closest target and *dist_px
 * (may be NULL) how far its edge is. */
int tech_touch_at(int x, int y, int w, int h, int *nearest, int *dist_px);

struct tech_touch {
	unsigned hits;   /* bit i: target i was touched */
	int last;        /* the target touched last, -1 none */
	bool missed;     /* the last touch hit no target */
	bool down_taken; /* the finger's press was the test's: its release is too */
	int miss_x, miss_y, miss_near, miss_dist;
};

enum tech_state {
	TECH_PIN,      /* typing the PIN */
	TECH_CHECKING, /* APP_REQ_TECH_PIN asked */
	TECH_IN,       /* the PIN matched: the menu */
};

/* Technician mode's part of the visit (wiped with it). */
struct tech {
	bool active;
	enum tech_state state;
	char pin[TECH_PIN_MAX + 1];
	const char *error; /* string key of the PIN screen's alert, NULL none */
	uint32_t wait_s;
	unsigned tries_left;
	uint32_t request;
	bool diag_ready;
	struct tech_diag diag;
	const char *printed; /* the printer test's outcome (string key), NULL none */
	char log[TECH_LOG_LINES][TECH_LOG_LINE_MAX];
	int log_count;
	bool outbox_ready;
	struct tech_outbox outbox;
	bool settings_ready;
	struct tech_settings_answer settings; /* as read, then as the technician changes them */
	bool settings_note;                   /* the note is to show (cleared by the next change) */
	struct tech_touch touch;
};

/* Where a press of TECH_PRESS_MS enters technician mode. */
enum tech_corner {
	TECH_CORNER_NONE,
	TECH_CORNER_TOP_LEFT,
	TECH_CORNER_TOP_RIGHT,
	TECH_CORNER_BOTTOM_LEFT,
	TECH_CORNER_BOTTOM_RIGHT,
};

/* "top-right", "none", … Returns 0 and *out, or -EINVAL. */
int tech_corner_parse(const char *s, enum tech_corner *out);

/* A press in the corner, held TECH_PRESS_MS without leaving it. */
struct tech_press {
	enum tech_corner corner;
	bool down;
	uint64_t since;
};

/* Finger down at (x, y) of a w x h screen: starts timing when it is in the corner (a square of
 * a tenth of the shorter side, at least 48 px). */
void tech_press_down(struct tech_press *p, int x, int y, int w, int h, uint64_t now);
/* Moved to (x, y): leaving the corner stops the timing. */
void tech_press_move(struct tech_press *p, int x, int y, int w, int h);
void tech_press_up(struct tech_press *p);
/* When the press will have lasted long enough, or UINT64_MAX. */
uint64_t tech_press_deadline(const struct tech_press *p);
/* True once, when the press has lasted long enough (then it is spent until the next press). */
bool tech_press_due(struct tech_press *p, uint64_t now);

/* The PIN screen: one digit more (never said: "digit typed"), or the last one erased. */
void tech_type(struct app *a, struct app_fx_list *fx, int digit);
void tech_erase(struct app *a, struct app_fx_list *fx);

#endif
