/* Layout: places the nodes of a view on the screen. Pure C (no SDL): text is
 * measured through callbacks, so tests use a fake measure and the renderer a
 * TTF-backed one, and both get the same geometry.
 *
 * Rules:
 *  - header (role heading etc.) on top, footer at the bottom, body between them
 *    in reading order (node order); portrait 1080x1920 and landscape 1920x1080
 *    come from the same nodes: in landscape runs of buttons/checkboxes go in two
 *    columns (row by row, so the visual reading order is still the node order);
 *  - every actionable node is at least LAYOUT_MIN_TARGET px high, with
 *    LAYOUT_GAP px between nodes (T1);
 *  - text wraps (layout_wrap, also used by the renderer); large text (theme
 *    sizes x 1.5) reflows: nothing is clipped and nothing scrolls horizontally;
 *  - when the body is taller than its viewport it scrolls vertically; with
 *    follow_focus the scroll is moved (as little as possible) so the focused
 *    body node is visible. When header and footer together would leave too
 *    little room for the body, everything scrolls as one column instead. */
#ifndef ACCUEIL_LAYOUT_H
#define ACCUEIL_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/view.h"

/* 15 mm at the 21.5" panel's ~102 dpi is 60 px (>= the 44 px minimum of T1). */
#define LAYOUT_MIN_TARGET 60
/* Visible gap between two nodes, and the screen's outer margin. */
#define LAYOUT_GAP    24
#define LAYOUT_MARGIN 32
/* Inner padding of a button/edit box between its outline and its text. */
#define LAYOUT_PAD 18
/* Side of the square status area (header, top right) where the renderer draws
 * the speech and progress icons: no text is laid out there. */
#define LAYOUT_STATUS_SIZE 72
/* Width kept at the body's right edge for the scroll bar when the body overflows: wide
 * enough for its two scroll buttons to be touch targets (T1). */
#define LAYOUT_SCROLLBAR_W LAYOUT_MIN_TARGET
/* Hard cap on wrapped lines for one piece of text. */
#define LAYOUT_MAX_LINES 64

/* Text measurement. text_width: advance width in px of len bytes of UTF-8 (not
 * necessarily NUL-terminated) at font size px (pixels per em). line_height: the
 * distance between two baselines at px. Both must be deterministic. */
struct layout_measure {
	void *ctx;
	int (*text_width)(void *ctx, const char *utf8, size_t len, int px, bool bold);
	int (*line_height)(void *ctx, int px);
};

struct layout_config {
	int width, height; /* the screen, px; landscape when width > height */
	bool large_text;   /* V2: 150 % text */
	int scroll;        /* body scroll requested, px from the top (keep layout_info.scroll) */
	bool follow_focus; /* adjust scroll so the focused body node is visible */
};

/* Where each part of a node goes, for the renderer. Rectangles are in screen
 * coordinates, already scrolled. Empty rectangles have w == 0. */
struct layout_part {
	struct view_rect box;   /* outline/fill: button, edit field, alert, checkbox row */
	struct view_rect label; /* the wrapped label "text / text2" */
	struct view_rect
	    value;             /* the wrapped value (edit fields inside box; results below label) */
	struct view_rect mark; /* checkbox square or alert icon */
	int label_px, value_px; /* font sizes */
	bool label_bold, value_bold;
	bool label_split; /* draw layout_label(n, true, ...): text2 on its own line */
	bool centered;    /* center each label/value line horizontally (buttons) */
	bool scrolls;     /* part of the scrolling body: clip it to layout_info.body */
};

struct layout_info {
	struct view_rect header, body, footer;   /* the three regions on screen */
	struct view_rect status;                 /* icon area in the header's top right corner */
	struct view_rect scrollbar;              /* w == 0 when the body does not overflow */
	struct view_rect scroll_up, scroll_down; /* its buttons, at either end (touch) */
	int content_h;                           /* full height of the body's content */
	int scroll, scroll_max;                  /* scroll applied, 0..scroll_max */
	int columns;                             /* 1, or 2 for landscape button grids */
	bool landscape;
	struct layout_part parts[VIEW_MAX_NODES];
};

/* One wrapped line: bytes [start, start+len) of the text, and its width in px. */
struct layout_line {
	int start, len, width;
};

/* Lays out every node of v: fills v->nodes[i].bounds (screen coordinates, after
 * scrolling) and, when info is not NULL, the regions, scroll and per-node parts.
 * Returns 0, or -EINVAL for a NULL argument, a bad count/size or a screen
 * smaller than 240x240. Never writes outside v and info. */
int layout_view(struct view *v, const struct layout_config *cfg, const struct layout_measure *m,
                struct layout_info *info);

/* The one word-wrapping routine (layout and renderer both use it). Breaks utf8
 * (NUL-terminated) into lines no wider than max_width at px/bold: after spaces
 * (which are dropped at the break), after '-' and '/', at '\n'; never at a
 * no-break space (U+00A0, U+202F: French punctuation stays attached) nor inside
 * a phone number ("1-800-555-0199", "(416) 555-0199": phone_span); a word
 * wider than max_width is cut between UTF-8 characters. Writes at most
 * max_lines lines and returns the number of lines the text needs (0 for an
 * empty text; more than max_lines means truncated), or -EINVAL. */
int layout_wrap(const struct layout_measure *m, const char *utf8, int px, bool bold, int max_width,
                struct layout_line *lines, int max_lines);

/* The label as shown: "text / text2", or text alone when text2 is empty; with
 * split, "text /" and text2 on separate lines (the layout splits a bilingual
 * label that does not fit on one line, so each language starts a line; see
 * layout_part.label_split). Writes a NUL-terminated string (truncated at a
 * character boundary if cap is too small) and returns its length. */
size_t layout_label(const struct view_node *n, bool split, char *out, size_t cap);

/* The node under (x, y), or -1. Uses bounds from the last layout_view; with
 * info, body nodes are only hit inside the visible body. Returns any node
 * (text too, for touch exploration, T2): the caller checks actionability. */
int layout_hit(const struct view *v, const struct layout_info *info, int x, int y);

#endif
