/* Theme: colours and font sizes. Pure C (no SDL).
 *
 * Two palettes, default and high contrast (V1). Every text colour is used only
 * on the backgrounds listed by theme_pairs(), which tests check for >= 7:1;
 * focus ring, outlines and icons are checked for >= 3:1 against what they sit
 * on. Colour is never the only cue (V4): buttons have outlines, the focus is a
 * thick ring, checkboxes a box with a tick, alerts an icon and a thick border.
 *
 * Font sizes meet V2 at the 21.5" 1080x1920 panel (~102 dpi): DejaVu Sans
 * capitals are ~0.73 em, so 4.8 mm (19.3 px) needs >= 27 px per em. */
#ifndef ACCUEIL_THEME_H
#define ACCUEIL_THEME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/view.h"

/* The panel the sizes are computed for. */
#define THEME_PANEL_DPI     102.0
#define THEME_CAP_HEIGHT_EM 0.73
/* Large-text mode scales every size by 3/2 (V2: >= 150 %). */
#define THEME_LARGE_NUM 3
#define THEME_LARGE_DEN 2
/* Focus ring thickness (V3) and outline thickness, px. */
#define THEME_FOCUS_RING    8
#define THEME_OUTLINE       3
#define THEME_ALERT_OUTLINE 6

struct theme_color {
	uint8_t r, g, b, a;
};

struct theme {
	const char *name;
	struct theme_color background;  /* body */
	struct theme_color text;        /* body text, headings in the body */
	struct theme_color header_bg;   /* header band */
	struct theme_color header_text; /* heading in the header */
	struct theme_color footer_bg;   /* footer band */
	struct theme_color rule;        /* line between header/footer and body (>= 3:1) */
	struct theme_color button_bg;
	struct theme_color button_text;
	struct theme_color button_outline;
	struct theme_color focus_bg; /* focused button/checkbox/edit fill */
	struct theme_color focus_text;
	struct theme_color focus_ring; /* thick ring around the focused node (>= 3:1) */
	struct theme_color edit_bg;    /* entry box */
	struct theme_color edit_text;
	struct theme_color alert_bg;
	struct theme_color alert_text;
	struct theme_color alert_outline; /* border and icon */
	struct theme_color icon;          /* status icons, checkbox box and tick, scroll bar */
	struct theme_color flash;         /* visible counterpart of an earcon (S6) */
	struct theme_color blank;         /* V5: the blanked screen */
	struct theme_color blank_icon;    /* the small icon saying the screen is blanked */
};

/* A foreground drawn on a background, with the minimum contrast it must have. */
struct theme_pair {
	const char *what;
	struct theme_color fg, bg;
	double min_ratio; /* 7.0 for text, 3.0 for rings, outlines and icons */
};

/* The palette; never NULL, static storage. */
const struct theme *theme_get(bool high_contrast);

/* WCAG 2 relative luminance of c (0 black .. 1 white); alpha is ignored. */
double theme_luminance(struct theme_color c);

/* WCAG 2 contrast ratio between two colours, 1..21, order irrelevant. */
double theme_contrast_ratio(struct theme_color a, struct theme_color b);

/* Every foreground/background combination the renderer draws with theme t.
 * Stores the static array in *pairs and returns its length. */
size_t theme_pairs(const struct theme *t, const struct theme_pair **pairs);

/* Font size, px per em, for a node size; large_text scales by 3/2. */
int theme_font_px(enum view_size size, bool large_text);

/* True when size uses a bold face (headings use theme_font_px of their size, bold). */
bool theme_font_bold(enum view_role role, enum view_size size);

/* Height of a capital letter at px, in millimetres on the panel. */
double theme_cap_height_mm(int px);

/* 0xRRGGBBAA, as the text cache keys colours. */
uint32_t theme_rgba(struct theme_color c);

#endif
