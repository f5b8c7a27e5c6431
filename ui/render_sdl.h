/* SDL renderer: lays out a view (ui/layout.h) and draws it with SDL2 and
 * SDL2_ttf through a text cache. The caller owns the window and the
 * SDL_Renderer (software by default), presents, and calls render_frame only
 * when something changed (or when render_result.redraw_in_ms says so).
 *
 * Typical loop:
 *     render_t *r; char err[256];
 *     if (render_new(sdl, RENDER_FONT_REGULAR, RENDER_FONT_BOLD, &r, err, sizeof err) < 0)
 *             log(err) and show what works;
 *     ...
 *     struct render_options o = { .width = w, .height = h, .high_contrast = hc,
 *             .large_text = lt, .speech_mode = sp, .scroll = ui.scroll,
 *             .follow_focus = focus_moved, .now_ms = now, ... };
 *     struct render_result res;
 *     render_frame(r, &view, &o, &res);
 *     ui.scroll = res.layout.scroll;    // keep for the next frame
 *     ui.layout = res.layout;           // for layout_hit(&view, &ui.layout, x, y)
 *     SDL_RenderPresent(sdl);
 *     if (res.redraw_in_ms >= 0) schedule a redraw at now + res.redraw_in_ms;
 */
#ifndef ACCUEIL_RENDER_SDL_H
#define ACCUEIL_RENDER_SDL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/core/cue.h"
#include "ui/layout.h"
#include "ui/view.h"

struct SDL_Renderer;

typedef struct render render_t;

#define RENDER_FONT_REGULAR "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define RENDER_FONT_BOLD    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

/* How long a flash stays visible, and the shortest time between two flash
 * onsets: at most 3 flashes a second (V4). */
#define RENDER_FLASH_MS              150
#define RENDER_FLASH_MIN_INTERVAL_MS 334
/* The progress indicator (S8) moves one step per period. */
#define RENDER_WORKING_STEP_MS 500

/* The visible counterpart of each earcon (S6). */
enum render_flash {
	RENDER_FLASH_NONE,
	RENDER_FLASH_MOVE,       /* thin pulse around the focused node */
	RENDER_FLASH_ACTIONABLE, /* pulse around the focused node */
	RENDER_FLASH_CHECKED,
	RENDER_FLASH_UNCHECKED,
	RENDER_FLASH_ACTIVATE,  /* filled pulse on the focused node */
	RENDER_FLASH_NO_ACTION, /* bar at the top or bottom edge of the body: "end of list" */
	RENDER_FLASH_PAGE,      /* border around the whole screen */
	RENDER_FLASH_ALERT,     /* thick border around the screen */
	RENDER_FLASH_WORKING,
};

/* The flash that shows cue c (V3: every sound has a visible twin). */
enum render_flash render_flash_for_cue(enum cue c);

struct render_options {
	int width, height; /* output size in px (the renderer's output size when 0) */
	bool high_contrast;
	bool large_text;
	bool speech_mode;  /* draws a headphones icon in the status area (icon only, no text) */
	bool blank;        /* V5: blank the screen for privacy (a small closed-eye icon only) */
	bool working;      /* S8: a request is under way: progress indicator */
	int scroll;        /* body scroll, px: pass back render_result.layout.scroll */
	bool follow_focus; /* scroll so the focused node is visible (after focus moves) */
	enum render_flash flash; /* the last earcon's kind ... */
	uint32_t flash_ms;       /* ... and when it sounded (same clock as now_ms) */
	uint32_t now_ms;         /* the caller's clock (manual in tests) */
};

struct render_result {
	struct layout_info layout; /* regions, scroll, parts: keep for layout_hit */
	int redraw_in_ms;          /* -1, or redraw after this (flash end, progress step) */
	bool flash_shown;
};

struct render_stats {
	unsigned long frames;     /* render_frame calls that drew */
	unsigned long rasterised; /* texts rasterised (text cache misses) */
	unsigned long cache_hits;
	unsigned long evictions;
	size_t cache_entries, cache_bytes;
	unsigned long width_hits, width_misses; /* text widths remembered / shaped */
};

/* Opens the fonts (TTF_Init is called when needed) and makes a renderer drawing
 * on sdl (not owned). bold_font may be NULL (bold is then synthesised).
 * Returns 0 and *out (free with render_free), -EINVAL, -ENOMEM, or -ENOENT when
 * a font cannot be opened; err (may be NULL) then gets a message naming the
 * file. Never exits. */
int render_new(struct SDL_Renderer *sdl, const char *font, const char *bold_font, render_t **out,
               char *err, size_t err_cap);

/* Loads the agency's logo (a PNG through SDL2_image, at most RENDER_LOGO_MAX_PX a side), drawn
 * for VIEW_ICON_LOGO. Returns 0, -EINVAL (not a usable image), -ENOENT, -EIO, or -ENOTSUP
 * (SDL2_image cannot be loaded); err (may be NULL) then names the file, and no logo is drawn. */
#define RENDER_LOGO_MAX_PX 4096
int render_set_logo(render_t *r, const char *path, char *err, size_t err_cap);

/* Frees fonts and cached textures; NULL is fine. Does not free the SDL_Renderer. */
void render_free(render_t *r);

/* A measure backed by the renderer's fonts, for layout_view/layout_wrap. Valid
 * while r lives. */
struct layout_measure render_measure(render_t *r);

/* Lays out v (fills bounds) and draws it, with the thick focus ring (V3) around
 * v->focus. Does not present. res (may be NULL) gets the layout and when to
 * redraw. Returns 0, -EINVAL, or -EIO when SDL fails (the frame may be partial). */
int render_frame(render_t *r, struct view *v, const struct render_options *o,
                 struct render_result *res);

/* Writes what sdl has drawn as a PNG (call after render_frame, before
 * SDL_RenderPresent). Returns 0, -EINVAL, -ENOMEM or -EIO. */
int render_save_png(struct SDL_Renderer *sdl, const char *path);

/* Counters for tests and `make bench`. */
void render_get_stats(const render_t *r, struct render_stats *out);

#endif
