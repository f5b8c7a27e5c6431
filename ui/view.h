/* The screen description: one list of nodes that the renderer draws and the
 * speech speaks, so screen and speech cannot drift apart. Pure C, no SDL. */
#ifndef ACCUEIL_VIEW_H
#define ACCUEIL_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "firmware/core/i18n.h"

struct screen_def;

#define VIEW_MAX_NODES 64
#define VIEW_TEXT_MAX  1024
#define VIEW_VALUE_MAX 256

enum view_role {
	VIEW_ROLE_HEADING,  /* the screen's title */
	VIEW_ROLE_TEXT,     /* static text: instructions, results */
	VIEW_ROLE_BUTTON,   /* activates an action */
	VIEW_ROLE_CHECKBOX, /* toggles; state CHECKED or UNCHECKED */
	VIEW_ROLE_EDIT,     /* an entry field; value holds what was typed */
	VIEW_ROLE_ALERT,    /* an error or warning: spoken at once */
	VIEW_ROLE_KEY,      /* a key of the on-screen keyboard: laid out in a grid of keys */
};

enum view_state {
	VIEW_STATE_NONE,
	VIEW_STATE_CHECKED,
	VIEW_STATE_UNCHECKED,
	VIEW_STATE_DISABLED,
};

/* How a value is read aloud (ACCESSIBILITY.md S4). */
enum view_value_kind {
	VIEW_VALUE_PLAIN,
	VIEW_VALUE_DIGITS,    /* one digit at a time */
	VIEW_VALUE_REFERENCE, /* digits in groups of three, check digit apart */
	VIEW_VALUE_TICKET,    /* letter then digits one by one: "A 0 4 2" */
	VIEW_VALUE_PHONE,     /* digits in the usual 3-3-4 groups */
	VIEW_VALUE_EMAIL,     /* spelled */
};

/* A pictogram drawn in code beside a large button (the home screen's tasks) or a text (the
 * attract screen's signage); LOGO is the agency's image when the program layer loaded one. */
enum view_icon {
	VIEW_ICON_NONE,
	VIEW_ICON_FILE,
	VIEW_ICON_STATUS,
	VIEW_ICON_TICKET,
	VIEW_ICON_JACK_KEYPAD, /* a headphone plug and a 12-key pad: "listen and use the keys" */
	VIEW_ICON_LOGO,
};

enum view_region { VIEW_REGION_HEADER, VIEW_REGION_BODY, VIEW_REGION_FOOTER };

enum view_size { VIEW_SIZE_NORMAL, VIEW_SIZE_SMALL, VIEW_SIZE_LARGE, VIEW_SIZE_HUGE };

struct view_rect {
	int x, y, w, h;
};

struct view_node {
	enum view_role role;
	enum view_region region;
	enum view_size size;
	char text[VIEW_TEXT_MAX];      /* the label as shown and spoken, in `lang` */
	enum lang lang;                /* the label's language (S3): may differ from the screen's */
	char text2[VIEW_TEXT_MAX / 4]; /* optional same label in the other language, shown
	                                * after a slash and spoken in its own voice */
	char value[VIEW_VALUE_MAX];
	/* A long value the model owns (what a visitor typed, up to 16 KiB): shown and spoken
	 * instead of value[]. It lives as long as the model; views only borrow it. */
	const char *value_ref;
	enum view_value_kind value_kind;
	enum view_state state;
	uint32_t id; /* stable across rebuilds (view_id of a key), 0: none */
	int action;  /* what Action does here (enum app_action); 0: not actionable */
	const struct screen_def *go; /* with APP_ACT_GO: the screen it opens */
	bool personal;               /* personal data: spoken only through headphones (S9) */
	enum view_icon icon;         /* a pictogram beside the label (home tiles) */
	struct view_rect bounds;     /* filled by layout_view() */
};

/* A drawing of technician mode's tests, made by the renderer rather than from nodes. The
 * nodes are still spoken (and, with TOUCH, drawn under the targets). */
enum view_pattern {
	VIEW_PATTERN_NONE,
	VIEW_PATTERN_BARS,  /* the whole screen: colour bars, grey steps, a 1 px grid and border */
	VIEW_PATTERN_TOUCH, /* the touch test's targets (technician.h tech_touch_rect) */
};

struct view {
	const struct screen_def *screen;
	enum lang lang; /* the screen's language */
	/* Before a language is chosen: labels in both languages (text, text2), each said
	 * with its own role and position words in its own voice. */
	bool bilingual;
	struct view_node nodes[VIEW_MAX_NODES];
	int count;
	int focus;    /* index of the focused node, -1 when none */
	int overflow; /* nodes or texts that did not fit and were left out: a bug to log */
	int missing;  /* string keys missing from the catalogue (shown as the key): a bug */
	int pages;    /* pages of the list on this screen (screen_page), 0: not paged */
	/* The focus is kept (keys, speech) but not drawn: the attract screen before any key, so
	 * its title does not look like a field to a passer-by (issue 12). */
	bool focus_hidden;
	/* The body's content is centred vertically when it fits (a screen seen from afar). */
	bool centered;
	enum view_pattern pattern;
	unsigned pattern_hits; /* VIEW_PATTERN_TOUCH: bit i, target i was touched */
};

/* A node's stable id from a string (its string key, or "notice." and the notice's id):
 * FNV-1a, never 0. Focus is kept by id, so a node inserted above it does not move it. */
static inline uint32_t view_id(const char *s)
{
	uint32_t h = 2166136261u;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h ? h : 1;
}

/* The node's value: value_ref when set, else value[]. Never NULL. */
static inline const char *view_node_value(const struct view_node *n)
{
	return n->value_ref ? n->value_ref : n->value;
}

static inline bool view_node_actionable(const struct view_node *n)
{
	return n->action != 0 && n->state != VIEW_STATE_DISABLED;
}

#endif
