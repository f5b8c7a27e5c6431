/* SDL renderer: draws a laid-out view with SDL2 primitives and SDL2_ttf text
 * through the text cache. Shapes carry meaning besides colour (V4): outlines
 * on every control, a thick ring for focus, a tick in checked boxes, a
 * triangle on alerts, icons for speech mode, blanking and progress. */
#include "ui/render_sdl.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "firmware/core/flows/technician.h"
#include "ui/text_cache.h"
#include "ui/theme.h"

/* Distinct (px, bold) faces: 4 sizes x 2 weights x 2 text modes, plus room. */
#define RENDER_MAX_FONTS 24
#define RENDER_PATH_MAX  1024
/* Longest text measured in one call (a label plus its translation). */
#define RENDER_MEASURE_MAX (VIEW_TEXT_MAX + VIEW_TEXT_MAX / 4 + 8)
/* The focus ring starts this far outside the node (V3). */
#define RENDER_RING_GAP 4
#define RENDER_FLASH_W  6

struct face {
	int px;
	bool bold;
	TTF_Font *font;
};

/* Measured widths, remembered. The layout measures a wrapped text at each break opportunity,
 * and again when it is drawn, on every frame; shaping text with HarfBuzz is then most of a
 * frame's work (55 % on the keyboard screen with a long description). Direct-mapped by a hash
 * of (text, px, bold); the text is kept to compare, so a width is never another text's.
 * Bounded: RENDER_WIDTHS slots of at most RENDER_MEASURE_MAX bytes each. */
#define RENDER_WIDTHS 1024

struct width_slot {
	char *text; /* len bytes (malloc'd); NULL: an empty slot */
	uint32_t hash;
	uint16_t len;
	int16_t px;
	bool bold;
	int width;
};

struct render {
	SDL_Renderer *sdl;
	char font_path[RENDER_PATH_MAX];
	char bold_path[RENDER_PATH_MAX];
	bool synth_bold;
	struct face faces[RENDER_MAX_FONTS];
	int nfaces;
	text_cache_t *cache;
	SDL_Texture *logo; /* the agency's logo (render_set_logo), NULL: none */
	int logo_w, logo_h;
	unsigned long frames;
	bool flash_seen;
	uint32_t flash_onset; /* when the last shown flash started */
	struct width_slot widths[RENDER_WIDTHS];
	unsigned long width_hits, width_misses;
	char buf[RENDER_MEASURE_MAX];
};

/* The message is the concatenation of up to three pieces. */
static void set_err(char *err, size_t cap, const char *a, const char *b, const char *c)
{
	if (err != NULL && cap > 0)
		snprintf(err, cap, "%s%s%s", a, b ? b : "", c ? c : "");
}

static TTF_Font *open_face(struct render *r, int px, bool bold)
{
	const char *path = bold && !r->synth_bold ? r->bold_path : r->font_path;
	TTF_Font *f = TTF_OpenFont(path, px);
	if (f != NULL && bold && r->synth_bold)
		TTF_SetFontStyle(f, TTF_STYLE_BOLD);
	return f;
}

static TTF_Font *face_get(struct render *r, int px, bool bold)
{
	for (int i = 0; i < r->nfaces; i++)
		if (r->faces[i].px == px && r->faces[i].bold == bold)
			return r->faces[i].font;
	if (r->nfaces == RENDER_MAX_FONTS) {
		/* Never expected with the theme's sizes; reuse the nearest face rather
		 * than fail to draw. */
		int best = 0;
		for (int i = 1; i < r->nfaces; i++)
			if (abs(r->faces[i].px - px) < abs(r->faces[best].px - px))
				best = i;
		return r->faces[best].font;
	}
	TTF_Font *f = open_face(r, px, bold);
	if (f == NULL)
		return NULL;
	r->faces[r->nfaces].px = px;
	r->faces[r->nfaces].bold = bold;
	r->faces[r->nfaces].font = f;
	r->nfaces++;
	return f;
}

/* FNV-1a over the text, then the size and weight. */
static uint32_t width_hash(const char *utf8, size_t len, int px, bool bold)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)utf8[i]) * 16777619u;
	return (h ^ (uint32_t)px * 2u ^ (bold ? 1u : 0u)) * 16777619u;
}

static void widths_clear(struct render *r)
{
	for (int i = 0; i < RENDER_WIDTHS; i++) {
		free(r->widths[i].text);
		r->widths[i].text = NULL;
	}
}

static int measure_width(void *ctx, const char *utf8, size_t len, int px, bool bold)
{
	struct render *r = ctx;
	if (len == 0)
		return 0;
	if (len >= sizeof r->buf)
		len = sizeof r->buf - 1;
	uint32_t hash = width_hash(utf8, len, px, bold);
	struct width_slot *slot = &r->widths[hash % RENDER_WIDTHS];
	if (slot->text != NULL && slot->hash == hash && slot->len == len && slot->px == px &&
	    slot->bold == bold && memcmp(slot->text, utf8, len) == 0) {
		r->width_hits++;
		return slot->width;
	}
	TTF_Font *f = face_get(r, px, bold);
	if (f == NULL)
		return 0;
	memcpy(r->buf, utf8, len);
	r->buf[len] = '\0';
	int w = 0, h = 0;
	if (TTF_SizeUTF8(f, r->buf, &w, &h) != 0)
		return 0;
	r->width_misses++;
	char *copy = malloc(len);
	if (copy != NULL) { /* without memory, measured again next time */
		memcpy(copy, utf8, len);
		free(slot->text);
		*slot = (struct width_slot){.text = copy,
		                            .hash = hash,
		                            .len = (uint16_t)len,
		                            .px = (int16_t)px,
		                            .bold = bold,
		                            .width = w};
	}
	return w;
}

static int measure_line_height(void *ctx, int px)
{
	struct render *r = ctx;
	TTF_Font *f = face_get(r, px, false);
	return f != NULL ? TTF_FontLineSkip(f) : px;
}

static SDL_Surface *raster(void *ctx, const struct text_cache_key *k)
{
	struct render *r = ctx;
	TTF_Font *f = face_get(r, k->px, k->bold);
	if (f == NULL)
		return NULL;
	size_t len = k->len < sizeof r->buf ? k->len : sizeof r->buf - 1;
	memcpy(r->buf, k->utf8, len);
	r->buf[len] = '\0';
	SDL_Color c = {(Uint8)(k->rgba >> 24), (Uint8)(k->rgba >> 16), (Uint8)(k->rgba >> 8),
	               (Uint8)k->rgba};
	return TTF_RenderUTF8_Blended(f, r->buf, c);
}

int render_new(struct SDL_Renderer *sdl, const char *font, const char *bold_font, render_t **out,
               char *err, size_t err_cap)
{
	if (sdl == NULL || font == NULL || out == NULL) {
		set_err(err, err_cap, "render: missing renderer, font or output", NULL, NULL);
		return -EINVAL;
	}
	if (strlen(font) >= RENDER_PATH_MAX ||
	    (bold_font && strlen(bold_font) >= RENDER_PATH_MAX)) {
		set_err(err, err_cap, "render: font path too long: ", font, NULL);
		return -EINVAL;
	}
	const char *paths[2] = {font, bold_font};
	for (int i = 0; i < 2; i++) {
		if (paths[i] != NULL && access(paths[i], R_OK) != 0) {
			set_err(err, err_cap, "font not found: ", paths[i],
			        " (install fonts-dejavu-core or set the font path in the kiosk "
			        "configuration)");
			return -ENOENT;
		}
	}
	struct render *r = calloc(1, sizeof *r);
	if (r == NULL) {
		set_err(err, err_cap, "render: out of memory", NULL, NULL);
		return -ENOMEM;
	}
	if (TTF_Init() != 0) {
		set_err(err, err_cap, "render: cannot start SDL_ttf: ", TTF_GetError(), NULL);
		free(r);
		return -EIO;
	}
	r->sdl = sdl;
	snprintf(r->font_path, sizeof r->font_path, "%s", font);
	if (bold_font != NULL)
		snprintf(r->bold_path, sizeof r->bold_path, "%s", bold_font);
	else
		r->synth_bold = true;
	int rc = -ENOENT;
	/* Open one face of each weight now so a broken file fails here, not at
	 * the first frame. */
	for (int b = 0; b < 2; b++) {
		if (face_get(r, theme_font_px(VIEW_SIZE_NORMAL, false), b == 1) == NULL) {
			set_err(err, err_cap, "cannot open font ",
			        b == 1 && !r->synth_bold ? r->bold_path : r->font_path,
			        " (not a usable TrueType file)");
			rc = -EINVAL;
			goto fail_free_faces;
		}
	}
	rc = text_cache_new(sdl, raster, r, 0, 0, &r->cache);
	if (rc < 0) {
		set_err(err, err_cap, "render: cannot create the text cache", NULL, NULL);
		goto fail_free_faces;
	}
	*out = r;
	return 0;

fail_free_faces:
	for (int i = 0; i < r->nfaces; i++)
		TTF_CloseFont(r->faces[i].font);
	TTF_Quit();
	free(r);
	return rc;
}

void render_free(render_t *r)
{
	if (r == NULL)
		return;
	text_cache_free(r->cache);
	widths_clear(r);
	if (r->logo)
		SDL_DestroyTexture(r->logo);
	for (int i = 0; i < r->nfaces; i++)
		TTF_CloseFont(r->faces[i].font);
	TTF_Quit();
	free(r);
}

struct layout_measure render_measure(render_t *r)
{
	struct layout_measure m = {r, measure_width, measure_line_height};
	return m;
}

/* ---- drawing primitives ---- */

static void set_color(struct render *r, struct theme_color c)
{
	SDL_SetRenderDrawColor(r->sdl, c.r, c.g, c.b, c.a);
}

static void fill(struct render *r, struct view_rect a, struct theme_color c)
{
	if (a.w <= 0 || a.h <= 0)
		return;
	SDL_Rect s = {a.x, a.y, a.w, a.h};
	set_color(r, c);
	SDL_RenderFillRect(r->sdl, &s);
}

static struct view_rect outset(struct view_rect a, int d)
{
	struct view_rect o = {a.x - d, a.y - d, a.w + 2 * d, a.h + 2 * d};
	return o;
}

/* A frame of thickness t inside rectangle a. */
static void frame(struct render *r, struct view_rect a, int t, struct theme_color c)
{
	struct view_rect top = {a.x, a.y, a.w, t}, bot = {a.x, a.y + a.h - t, a.w, t};
	struct view_rect lft = {a.x, a.y, t, a.h}, rgt = {a.x + a.w - t, a.y, t, a.h};
	fill(r, top, c);
	fill(r, bot, c);
	fill(r, lft, c);
	fill(r, rgt, c);
}

/* A dashed frame: disabled controls (a shape cue, not a fainter colour). */
static void dashed_frame(struct render *r, struct view_rect a, int t, struct theme_color c)
{
	const int dash = 16;
	for (int x = a.x; x < a.x + a.w; x += 2 * dash) {
		int w = x + dash > a.x + a.w ? a.x + a.w - x : dash;
		fill(r, (struct view_rect){x, a.y, w, t}, c);
		fill(r, (struct view_rect){x, a.y + a.h - t, w, t}, c);
	}
	for (int y = a.y; y < a.y + a.h; y += 2 * dash) {
		int h = y + dash > a.y + a.h ? a.y + a.h - y : dash;
		fill(r, (struct view_rect){a.x, y, t, h}, c);
		fill(r, (struct view_rect){a.x + a.w - t, y, t, h}, c);
	}
}

static SDL_Vertex vtx(float x, float y, struct theme_color c)
{
	SDL_Vertex v = {{x, y}, {c.r, c.g, c.b, c.a}, {0, 0}};
	return v;
}

static void thick_line(struct render *r, float x0, float y0, float x1, float y1, float t,
                       struct theme_color c)
{
	float dx = x1 - x0, dy = y1 - y0;
	float len = sqrtf(dx * dx + dy * dy);
	if (len <= 0.0f)
		return;
	/* Half-thickness along the line (h) and across it (n); the ends are
	 * extended by half the thickness so joined segments meet. */
	float hx = dx / len * t / 2, hy = dy / len * t / 2;
	float nx = -hy, ny = hx, ex = hx, ey = hy;
	SDL_Vertex v[4] = {vtx(x0 + nx - ex, y0 + ny - ey, c), vtx(x1 + nx + ex, y1 + ny + ey, c),
	                   vtx(x1 - nx + ex, y1 - ny + ey, c), vtx(x0 - nx - ex, y0 - ny - ey, c)};
	int idx[6] = {0, 1, 2, 0, 2, 3};
	SDL_RenderGeometry(r->sdl, NULL, v, 4, idx, 6);
}

static void arc(struct render *r, float cx, float cy, float rad, float a0, float a1, float t,
                struct theme_color c)
{
	const int steps = 24;
	float px = cx + rad * cosf(a0), py = cy + rad * sinf(a0);
	for (int i = 1; i <= steps; i++) {
		float a = a0 + (a1 - a0) * (float)i / steps;
		float x = cx + rad * cosf(a), y = cy + rad * sinf(a);
		thick_line(r, px, py, x, y, t, c);
		px = x;
		py = y;
	}
}

static void disc(struct render *r, float cx, float cy, float rad, struct theme_color c)
{
	enum { N = 24 };
	SDL_Vertex v[N + 1];
	int idx[3 * N];
	v[0] = vtx(cx, cy, c);
	for (int i = 0; i < N; i++) {
		float a = 2.0f * (float)M_PI * (float)i / N;
		v[i + 1] = vtx(cx + rad * cosf(a), cy + rad * sinf(a), c);
		idx[3 * i] = 0;
		idx[3 * i + 1] = i + 1;
		idx[3 * i + 2] = (i + 1) % N + 1;
	}
	SDL_RenderGeometry(r->sdl, NULL, v, N + 1, idx, 3 * N);
}

static void triangle(struct render *r, struct view_rect a, struct theme_color c)
{
	SDL_Vertex v[3] = {vtx(a.x + a.w / 2.0f, (float)a.y, c),
	                   vtx((float)(a.x + a.w), (float)(a.y + a.h), c),
	                   vtx((float)a.x, (float)(a.y + a.h), c)};
	SDL_RenderGeometry(r->sdl, NULL, v, 3, NULL, 0);
}

/* ---- text ---- */

/* Draws text wrapped in box (the same wrapping the layout measured). */
static int draw_text(struct render *r, const char *text, struct view_rect box, int px, bool bold,
                     bool centered, struct theme_color color)
{
	if (text[0] == '\0' || box.w <= 0)
		return 0;
	struct layout_measure m = render_measure(r);
	struct layout_line lines[LAYOUT_MAX_LINES];
	int n = layout_wrap(&m, text, px, bold, box.w, lines, LAYOUT_MAX_LINES);
	if (n < 0)
		return n;
	if (n > LAYOUT_MAX_LINES)
		n = LAYOUT_MAX_LINES;
	int lh = measure_line_height(r, px);
	int rc = 0;
	for (int i = 0; i < n; i++) {
		struct text_cache_key k = {text + lines[i].start, (size_t)lines[i].len, px, bold,
		                           theme_rgba(color)};
		SDL_Texture *t;
		int w, h;
		int e = text_cache_get(r->cache, &k, &t, &w, &h);
		if (e < 0) {
			rc = e;
			continue;
		}
		if (t == NULL)
			continue;
		int x = box.x + (centered ? (box.w - lines[i].width) / 2 : 0);
		SDL_Rect dst = {x, box.y + i * lh, w, h};
		SDL_RenderCopy(r->sdl, t, NULL, &dst);
	}
	return rc;
}

/* ---- icons ---- */

static void icon_headphones(struct render *r, struct view_rect a, struct theme_color c)
{
	float s = (float)a.w;
	float cx = a.x + s / 2, cy = a.y + s * 0.52f, rad = s * 0.34f, t = s * 0.09f;
	arc(r, cx, cy, rad, (float)M_PI, 2.0f * (float)M_PI, t, c);
	int cw = (int)(s * 0.2f), ch = (int)(s * 0.36f);
	fill(r, (struct view_rect){(int)(cx - rad - cw / 2.0f), (int)cy, cw, ch}, c);
	fill(r, (struct view_rect){(int)(cx + rad - cw / 2.0f), (int)cy, cw, ch}, c);
}

static void icon_closed_eye(struct render *r, struct view_rect a, struct theme_color c)
{
	float s = (float)a.w;
	float cx = a.x + s / 2, cy = a.y + s / 2, t = s * 0.07f;
	arc(r, cx, cy + s * 0.35f, s * 0.5f, -2.3f, -0.84f, t, c);
	arc(r, cx, cy - s * 0.35f, s * 0.5f, 0.84f, 2.3f, t, c);
	disc(r, cx, cy, s * 0.11f, c);
	thick_line(r, a.x + s * 0.15f, a.y + s * 0.85f, a.x + s * 0.85f, a.y + s * 0.15f, t, c);
}

static void mark_checkbox(struct render *r, struct view_rect m, bool checked, struct theme_color c)
{
	frame(r, m, THEME_OUTLINE + 1, c);
	if (!checked)
		return;
	float s = (float)m.w, t = s * 0.14f;
	float x = (float)m.x, y = (float)m.y;
	thick_line(r, x + s * 0.22f, y + s * 0.52f, x + s * 0.42f, y + s * 0.72f, t, c);
	thick_line(r, x + s * 0.42f, y + s * 0.72f, x + s * 0.80f, y + s * 0.28f, t, c);
}

static void mark_alert(struct render *r, struct view_rect m, const struct theme *t)
{
	triangle(r, m, t->alert_outline);
	int bw = m.w / 9 > 2 ? m.w / 9 : 2;
	fill(r, (struct view_rect){m.x + (m.w - bw) / 2, m.y + m.h * 3 / 10, bw, m.h * 4 / 10},
	     t->alert_bg);
	fill(r, (struct view_rect){m.x + (m.w - bw) / 2, m.y + m.h * 8 / 10, bw, bw}, t->alert_bg);
}

/* The home screen's task pictograms, drawn in code (no image files to ship or fetch): a
 * page with lines and a pen (file a request), a magnifier over a page (check a status),
 * a ticket with a notch (take a ticket). Strokes are at least 1/16 of the icon. */
static void pictogram(struct render *r, enum view_icon icon, struct view_rect m,
                      struct theme_color c, struct theme_color bg)
{
	int u = m.w / 16 > 2 ? m.w / 16 : 2;
	switch (icon) {
	case VIEW_ICON_FILE: {
		struct view_rect page = {m.x + m.w / 8, m.y, m.w * 5 / 8, m.h};
		frame(r, page, u, c);
		for (int i = 0; i < 4; i++)
			fill(r,
			     (struct view_rect){page.x + 3 * u, page.y + (4 + 3 * i) * u,
			                        page.w - 6 * u, u},
			     c);
		/* the pen, upright beside the page */
		fill(r, (struct view_rect){m.x + m.w * 13 / 16, m.y + m.h / 8, 2 * u, m.h * 5 / 8},
		     c);
		fill(r,
		     (struct view_rect){m.x + m.w * 13 / 16 + u / 2, m.y + m.h * 3 / 4, u, 2 * u},
		     c);
		break;
	}
	case VIEW_ICON_STATUS:
		frame(r, (struct view_rect){m.x, m.y, m.w * 9 / 16, m.h * 9 / 16}, u, c);
		for (int i = 0; i < 6; i++)
			fill(r,
			     (struct view_rect){m.x + m.w * 9 / 16 + i * u,
			                        m.y + m.h * 9 / 16 + i * u, 3 * u, 3 * u},
			     c);
		break;
	case VIEW_ICON_TICKET: {
		struct view_rect t = {m.x, m.y + m.h / 4, m.w, m.h / 2};
		fill(r, t, c);
		fill(r, (struct view_rect){t.x + t.w / 3, t.y + u, u, t.h - 2 * u}, bg);
		fill(r, (struct view_rect){t.x, t.y + t.h / 2 - 2 * u, 2 * u, 4 * u}, bg);
		break;
	}
	case VIEW_ICON_JACK_KEYPAD: {
		/* Left: a headphone plug (tip, rings, sleeve) on its cable; right: a 3 x 4 keypad
		 * with the tactile bump on its 5 key, as on EZ Access kiosks. */
		int pw = m.w * 5 / 16;
		int px = m.x + (m.w / 2 - pw) / 2;
		fill(r, (struct view_rect){px + pw / 3, m.y, pw / 3, m.h / 8}, c);
		fill(r, (struct view_rect){px + pw / 4, m.y + m.h / 8 + u, pw / 2, m.h / 4}, c);
		fill(r, (struct view_rect){px, m.y + m.h * 3 / 8 + 2 * u, pw, m.h * 3 / 8}, c);
		fill(r,
		     (struct view_rect){px + pw / 2 - u, m.y + m.h * 3 / 4 + 2 * u, 2 * u,
		                        m.h / 4 - 2 * u},
		     c);
		struct view_rect pad = {m.x + m.w / 2 + u, m.y, m.w / 2 - u, m.h};
		frame(r, pad, u, c);
		int kw = (pad.w - 4 * u) / 3, kh = (pad.h - 5 * u) / 4;
		for (int row = 0; row < 4; row++)
			for (int col = 0; col < 3; col++)
				fill(r,
				     (struct view_rect){pad.x + u + col * (kw + u),
				                        pad.y + u + row * (kh + u), kw, kh},
				     c);
		/* the 5 key's bump, in the background colour */
		fill(r,
		     (struct view_rect){pad.x + u + kw + u + kw / 2 - u / 2,
		                        pad.y + u + kh + u + kh / 2 - u / 2, u, u},
		     bg);
		break;
	}
	case VIEW_ICON_LOGO:
		if (r->logo) {
			/* Fitted in the square, its proportions kept. */
			int w = m.w, h = m.h;
			if ((long)r->logo_w * m.h > (long)r->logo_h * m.w)
				h = (int)((long)r->logo_h * m.w / r->logo_w);
			else
				w = (int)((long)r->logo_w * m.h / r->logo_h);
			SDL_Rect dst = {m.x + (m.w - w) / 2, m.y + (m.h - h) / 2, w, h};
			SDL_RenderCopy(r->sdl, r->logo, NULL, &dst);
		}
		break;
	case VIEW_ICON_NONE:
		break;
	}
}

/* SDL2_image is loaded when a PNG is first read or written (the agency's logo, a screenshot),
 * not at start: with libtiff, libwebp, libjpeg and the rest it is nine shared objects whose
 * loading would delay the first frame by ~4 ms (SPEC.md §5). Like every renderer call, from
 * the thread that draws only; it stays loaded until the process ends. */
#ifndef RENDER_LIBSDL2_IMAGE
#define RENDER_LIBSDL2_IMAGE "libSDL2_image-2.0.so.0"
#endif

static struct {
	bool tried, ok;
	SDL_Surface *(*load)(const char *file);
	int (*save_png)(SDL_Surface *surface, const char *file);
} img;

/* True once SDL2_image is there (loading it on the first call). */
static bool img_ready(void)
{
	if (!img.tried) {
		img.tried = true;
		void *lib = SDL_LoadObject(RENDER_LIBSDL2_IMAGE);
		if (lib != NULL) {
			*(void **)&img.load = SDL_LoadFunction(lib, "IMG_Load");
			*(void **)&img.save_png = SDL_LoadFunction(lib, "IMG_SavePNG");
			img.ok = img.load != NULL && img.save_png != NULL;
		}
	}
	return img.ok;
}

int render_set_logo(render_t *r, const char *path, char *err, size_t err_cap)
{
	if (r == NULL || path == NULL) {
		set_err(err, err_cap, "logo: no renderer or path", NULL, NULL);
		return -EINVAL;
	}
	if (access(path, R_OK) != 0) {
		set_err(err, err_cap, "logo not found: ", path, NULL);
		return -ENOENT;
	}
	if (!img_ready()) {
		set_err(err, err_cap, "logo: SDL2_image cannot be loaded: ", SDL_GetError(), NULL);
		return -ENOTSUP;
	}
	SDL_Surface *s = img.load(path);
	if (s == NULL || s->w <= 0 || s->h <= 0 || s->w > RENDER_LOGO_MAX_PX ||
	    s->h > RENDER_LOGO_MAX_PX) {
		set_err(err, err_cap, "logo is not a usable PNG (at most 4096 px a side): ", path,
		        NULL);
		SDL_FreeSurface(s);
		return -EINVAL;
	}
	SDL_Texture *t = SDL_CreateTextureFromSurface(r->sdl, s);
	int w = s->w, h = s->h;
	SDL_FreeSurface(s);
	if (t == NULL) {
		set_err(err, err_cap, "logo: cannot make a texture: ", SDL_GetError(), NULL);
		return -EIO;
	}
	SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
	if (r->logo)
		SDL_DestroyTexture(r->logo);
	r->logo = t;
	r->logo_w = w;
	r->logo_h = h;
	return 0;
}

/* ---- nodes ---- */

static void draw_node(struct render *r, const struct view_node *n, const struct layout_part *p,
                      bool focused, const struct theme *t)
{
	char label[VIEW_TEXT_MAX + VIEW_TEXT_MAX / 4 + 4];
	layout_label(n, p->label_split, label, sizeof label);
	bool disabled = n->state == VIEW_STATE_DISABLED;
	struct theme_color fg;

	switch (n->role) {
	case VIEW_ROLE_BUTTON:
	case VIEW_ROLE_KEY:
	case VIEW_ROLE_CHECKBOX:
		/* Focused: the fill changes and outline, mark and text take the focus
		 * text colour, which contrasts with that fill in both themes. */
		fill(r, p->box, focused ? t->focus_bg : t->button_bg);
		fg = focused ? t->focus_text : t->button_text;
		if (disabled)
			dashed_frame(r, p->box, THEME_OUTLINE, focused ? fg : t->button_outline);
		else
			frame(r, p->box, THEME_OUTLINE, focused ? fg : t->button_outline);
		if (n->role == VIEW_ROLE_CHECKBOX)
			mark_checkbox(r, p->mark, n->state == VIEW_STATE_CHECKED,
			              focused ? fg : t->icon);
		if (n->icon != VIEW_ICON_NONE)
			pictogram(r, n->icon, p->mark, focused ? fg : t->icon,
			          focused ? t->focus_bg : t->button_bg);
		draw_text(r, label, p->label, p->label_px, p->label_bold, p->centered, fg);
		draw_text(r, view_node_value(n), p->value, p->value_px, p->value_bold, p->centered,
		          fg);
		break;
	case VIEW_ROLE_EDIT: {
		fg = n->region == VIEW_REGION_HEADER ? t->header_text : t->text;
		draw_text(r, label, p->label, p->label_px, p->label_bold, false, fg);
		fill(r, p->box, focused ? t->focus_bg : t->edit_bg);
		fg = focused ? t->focus_text : t->edit_text;
		if (disabled)
			dashed_frame(r, p->box, THEME_OUTLINE, focused ? fg : t->button_outline);
		else
			frame(r, p->box, THEME_OUTLINE, focused ? fg : t->button_outline);
		draw_text(r, view_node_value(n), p->value, p->value_px, p->value_bold, false, fg);
		if (focused) {
			/* Caret after the last character of the last line. */
			struct layout_measure m = render_measure(r);
			struct layout_line lines[LAYOUT_MAX_LINES];
			int ln = view_node_value(n)[0]
			             ? layout_wrap(&m, view_node_value(n), p->value_px, false,
			                           p->value.w, lines, LAYOUT_MAX_LINES)
			             : 0;
			int lh = measure_line_height(r, p->value_px);
			int cx = p->value.x, cy = p->value.y;
			if (ln > 0 && ln <= LAYOUT_MAX_LINES) {
				cx += lines[ln - 1].width + 2;
				cy += (ln - 1) * lh;
			}
			fill(r, (struct view_rect){cx, cy, 4, lh}, fg);
		}
		break;
	}
	case VIEW_ROLE_ALERT:
		fill(r, p->box, t->alert_bg);
		frame(r, p->box, THEME_ALERT_OUTLINE, t->alert_outline);
		mark_alert(r, p->mark, t);
		draw_text(r, label, p->label, p->label_px, p->label_bold, false, t->alert_text);
		draw_text(r, view_node_value(n), p->value, p->value_px, p->value_bold, false,
		          t->alert_text);
		break;
	case VIEW_ROLE_HEADING:
	case VIEW_ROLE_TEXT:
	default:
		if (focused) {
			/* Up to the ring, so the text does not touch it. */
			fill(r, outset(n->bounds, RENDER_RING_GAP), t->focus_bg);
			fg = t->focus_text;
		} else {
			fg = n->region == VIEW_REGION_HEADER ? t->header_text : t->text;
		}
		if (n->icon != VIEW_ICON_NONE)
			pictogram(r, n->icon, p->mark, n->icon == VIEW_ICON_LOGO ? fg : t->icon,
			          focused ? t->focus_bg : t->background);
		draw_text(r, label, p->label, p->label_px, p->label_bold, p->centered, fg);
		draw_text(r, view_node_value(n), p->value, p->value_px, p->value_bold, p->centered,
		          fg);
		break;
	}
}

static void clip(struct render *r, const struct view_rect *a)
{
	if (a == NULL) {
		SDL_RenderSetClipRect(r->sdl, NULL);
		return;
	}
	SDL_Rect s = {a->x, a->y, a->w, a->h};
	SDL_RenderSetClipRect(r->sdl, &s);
}

/* Decides whether the flash asked for is visible now, keeping onsets at least
 * RENDER_FLASH_MIN_INTERVAL_MS apart (V4: at most 3 flashes a second). */
static bool flash_visible(struct render *r, const struct render_options *o, int *remaining)
{
	if (o->flash == RENDER_FLASH_NONE)
		return false;
	uint32_t age = o->now_ms - o->flash_ms;
	if (age >= RENDER_FLASH_MS)
		return false;
	if (r->flash_seen && r->flash_onset != o->flash_ms &&
	    o->flash_ms - r->flash_onset < RENDER_FLASH_MIN_INTERVAL_MS)
		return false;
	r->flash_seen = true;
	r->flash_onset = o->flash_ms;
	*remaining = (int)(RENDER_FLASH_MS - age);
	return true;
}

static void draw_flash(struct render *r, const struct render_options *o, const struct view *v,
                       const struct layout_info *L, const struct theme *t, int W, int H)
{
	const struct view_rect screen = {0, 0, W, H};
	bool has_focus = v->focus >= 0 && v->focus < v->count;
	switch (o->flash) {
	case RENDER_FLASH_PAGE:
		frame(r, screen, 2 * RENDER_FLASH_W, t->flash);
		break;
	case RENDER_FLASH_ALERT:
		frame(r, screen, 4 * RENDER_FLASH_W, t->flash);
		break;
	case RENDER_FLASH_WORKING:
		frame(r, outset(L->status, RENDER_FLASH_W), RENDER_FLASH_W, t->flash);
		break;
	case RENDER_FLASH_NO_ACTION: {
		/* A bar at the end of the list the visitor bumped into. */
		bool top = has_focus && v->nodes[v->focus].bounds.y < L->body.y + L->body.h / 2;
		struct view_rect bar = {
		    0, top ? L->body.y : L->body.y + L->body.h - 2 * RENDER_FLASH_W, W,
		    2 * RENDER_FLASH_W};
		fill(r, bar, t->flash);
		break;
	}
	case RENDER_FLASH_ACTIVATE:
		if (has_focus)
			frame(r, v->nodes[v->focus].bounds, 3 * RENDER_FLASH_W, t->flash);
		break;
	default: /* move, actionable, checked, unchecked: a pulse around the ring */
		if (has_focus) {
			int d = RENDER_RING_GAP + THEME_FOCUS_RING + 2;
			int w = o->flash == RENDER_FLASH_MOVE ? RENDER_FLASH_W / 2 : RENDER_FLASH_W;
			frame(r, outset(v->nodes[v->focus].bounds, d + w), w, t->flash);
		}
		break;
	}
}

/* Technician mode's display test: the whole screen, no text, so that what is wrong with the
 * panel shows: eight colour bars (top half), sixteen grey steps, a grid of one-pixel lines
 * every 32 px (dead pixels, scaling blur) and a one-pixel border in each corner colour
 * (clipping at an edge shows as a missing line). */
static void draw_test_pattern(struct render *r, int W, int H)
{
	static const struct theme_color bars[8] = {
	    {255, 255, 255, 255}, {255, 255, 0, 255}, {0, 255, 255, 255}, {0, 255, 0, 255},
	    {255, 0, 255, 255},   {255, 0, 0, 255},   {0, 0, 255, 255},   {0, 0, 0, 255},
	};
	const struct theme_color black = {0, 0, 0, 255}, white = {255, 255, 255, 255};
	const struct theme_color grid = {128, 128, 128, 255};
	set_color(r, black);
	SDL_RenderClear(r->sdl);
	int bars_h = H / 2;
	for (int i = 0; i < 8; i++) {
		int x0 = W * i / 8, x1 = W * (i + 1) / 8;
		fill(r, (struct view_rect){x0, 0, x1 - x0, bars_h}, bars[i]);
	}
	int steps_y = bars_h, steps_h = H / 4;
	for (int i = 0; i < 16; i++) {
		int x0 = W * i / 16, x1 = W * (i + 1) / 16;
		uint8_t g = (uint8_t)(i * 17);
		fill(r, (struct view_rect){x0, steps_y, x1 - x0, steps_h},
		     (struct theme_color){g, g, g, 255});
	}
	/* The grid: on black in the lowest quarter, over everything as single pixels. */
	set_color(r, grid);
	for (int x = 0; x < W; x += 32)
		SDL_RenderDrawLine(r->sdl, x, steps_y + steps_h, x, H - 1);
	for (int y = steps_y + steps_h; y < H; y += 32)
		SDL_RenderDrawLine(r->sdl, 0, y, W - 1, y);
	/* One-pixel border: white, with a red, green, blue and yellow corner mark. */
	set_color(r, white);
	SDL_Rect border = {0, 0, W, H};
	SDL_RenderDrawRect(r->sdl, &border);
	static const struct theme_color corners[4] = {
	    {255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255}, {255, 255, 0, 255}};
	int c = (W < H ? W : H) / 20;
	fill(r, (struct view_rect){1, H - 1 - c, c, c}, corners[0]);
	fill(r, (struct view_rect){W - 1 - c, H - 1 - c, c, c}, corners[1]);
	fill(r, (struct view_rect){W - 1 - c, steps_y + steps_h + 1, c, c}, corners[2]);
	fill(r, (struct view_rect){1, steps_y + steps_h + 1, c, c}, corners[3]);
}

/* The touch test's five targets over the screen's nodes: a ring with a cross, filled with a
 * tick once touched (the state shows by shape as well as colour, V4). */
static void draw_touch_targets(struct render *r, int W, int H, unsigned hits, const struct theme *t)
{
	for (int i = 0; i < TECH_TOUCH_TARGETS; i++) {
		int x, y, s;
		tech_touch_rect(i, W, H, &x, &y, &s);
		struct view_rect a = {x, y, s, s};
		bool hit = hits & (1u << i);
		struct theme_color fg = hit ? t->focus_text : t->button_text;
		fill(r, a, hit ? t->focus_bg : t->button_bg);
		frame(r, a, THEME_OUTLINE + 2, fg);
		float cx = x + s / 2.0f, cy = y + s / 2.0f, w = s * 0.06f;
		if (hit) {
			mark_checkbox(r, (struct view_rect){x + s / 4, y + s / 4, s / 2, s / 2},
			              true, fg);
		} else {
			thick_line(r, cx - s * 0.3f, cy, cx + s * 0.3f, cy, w, fg);
			thick_line(r, cx, cy - s * 0.3f, cx, cy + s * 0.3f, w, fg);
		}
	}
}

int render_frame(render_t *r, struct view *v, const struct render_options *o,
                 struct render_result *res)
{
	if (r == NULL || v == NULL || o == NULL)
		return -EINVAL;
	int W = o->width, H = o->height;
	if (W <= 0 || H <= 0)
		if (SDL_GetRendererOutputSize(r->sdl, &W, &H) != 0)
			return -EIO;
	const struct theme *t = theme_get(o->high_contrast);
	struct layout_config cfg = {W, H, o->large_text, o->scroll, o->follow_focus};
	struct layout_measure m = render_measure(r);
	static const struct render_result zero;
	struct render_result local = zero;
	struct render_result *R = res != NULL ? res : &local;
	*R = zero;
	R->redraw_in_ms = -1;
	int rc = layout_view(v, &cfg, &m, &R->layout);
	if (rc < 0)
		return rc;
	const struct layout_info *L = &R->layout;
	r->frames++;
	text_cache_next_frame(r->cache);
	clip(r, NULL);
	SDL_SetRenderDrawBlendMode(r->sdl, SDL_BLENDMODE_NONE);

	if (o->blank) {
		/* V5: nothing of the screen shows; only a sign that it is blanked on
		 * purpose, so staff do not think the kiosk is broken. */
		set_color(r, t->blank);
		SDL_RenderClear(r->sdl);
		icon_closed_eye(r, L->status, t->blank_icon);
		return 0;
	}
	if (v->pattern == VIEW_PATTERN_BARS) {
		draw_test_pattern(r, W, H);
		return 0;
	}

	set_color(r, t->background);
	SDL_RenderClear(r->sdl);
	fill(r, L->header, t->header_bg);
	fill(r, (struct view_rect){0, L->header.y + L->header.h - 4, W, 4}, t->rule);
	if (L->footer.h > 0) {
		fill(r, L->footer, t->footer_bg);
		fill(r, (struct view_rect){0, L->footer.y, W, 4}, t->rule);
	}

	bool focus_ok = v->focus >= 0 && v->focus < v->count && !v->focus_hidden;
	for (int i = 0; i < v->count; i++) {
		const struct layout_part *p = &L->parts[i];
		if (p->scrolls) {
			const struct view_rect *b = &v->nodes[i].bounds;
			if (b->y + b->h < L->body.y || b->y > L->body.y + L->body.h)
				continue;
			clip(r, &L->body);
		}
		draw_node(r, &v->nodes[i], p, focus_ok && i == v->focus, t);
		if (p->scrolls)
			clip(r, NULL);
	}

	if (L->scrollbar.w > 0) {
		/* Two buttons (touch scrolls a page) and, between them, the track. */
		const struct view_rect *up = &L->scroll_up, *down = &L->scroll_down;
		struct view_rect track = {up->x + up->w / 4, up->y + up->h + LAYOUT_GAP / 2,
		                          up->w / 2, down->y - up->y - up->h - LAYOUT_GAP};
		for (int b = 0; b < 2; b++) {
			const struct view_rect *a = b == 0 ? up : down;
			fill(r, *a, t->button_bg);
			frame(r, *a, THEME_OUTLINE, t->button_outline);
			float cx = a->x + a->w / 2.0f, cy = a->y + a->h / 2.0f, s = a->w * 0.25f;
			float tip = b == 0 ? cy - s : cy + s,
			      base = b == 0 ? cy + s / 2 : cy - s / 2;
			SDL_Vertex tri[3] = {vtx(cx, tip, t->icon), vtx(cx - s, base, t->icon),
			                     vtx(cx + s, base, t->icon)};
			SDL_RenderGeometry(r->sdl, NULL, tri, 3, NULL, 0);
		}
		if (track.h > 0) {
			frame(r, track, 2, t->icon);
			int th = (int)((long long)track.h * L->body.h / L->content_h);
			if (th < track.w * 2)
				th = track.w * 2;
			if (th > track.h)
				th = track.h;
			int ty =
			    track.y + (int)((long long)(track.h - th) * L->scroll / L->scroll_max);
			fill(r, (struct view_rect){track.x, ty, track.w, th}, t->icon);
		}
	}

	if (focus_ok) {
		/* V3: a thick ring that a helper can follow; clipped to the body when
		 * the node scrolls so it never paints over the bands. */
		if (L->parts[v->focus].scrolls)
			clip(r, &L->body);
		frame(r, outset(v->nodes[v->focus].bounds, RENDER_RING_GAP + THEME_FOCUS_RING),
		      THEME_FOCUS_RING, t->focus_ring);
		clip(r, NULL);
	}

	if (o->speech_mode)
		icon_headphones(r, L->status, t->icon);

	if (v->pattern == VIEW_PATTERN_TOUCH)
		draw_touch_targets(r, W, H, v->pattern_hits, t);

	if (o->working) {
		/* S8: an indeterminate progress bar along the header's lower edge,
		 * stepping (not flashing) every RENDER_WORKING_STEP_MS. */
		const int steps = 6;
		int phase = (int)((o->now_ms / RENDER_WORKING_STEP_MS) % steps);
		int bw = W / steps;
		fill(r, (struct view_rect){phase * bw, L->header.y + L->header.h - 12, bw, 12},
		     t->icon);
		R->redraw_in_ms =
		    (int)(RENDER_WORKING_STEP_MS - o->now_ms % RENDER_WORKING_STEP_MS);
	}

	int remaining = 0;
	if (flash_visible(r, o, &remaining)) {
		draw_flash(r, o, v, L, t, W, H);
		R->flash_shown = true;
		if (R->redraw_in_ms < 0 || remaining < R->redraw_in_ms)
			R->redraw_in_ms = remaining;
	}
	return rc;
}

int render_save_png(struct SDL_Renderer *sdl, const char *path)
{
	if (sdl == NULL || path == NULL)
		return -EINVAL;
	int w, h;
	if (SDL_GetRendererOutputSize(sdl, &w, &h) != 0)
		return -EIO;
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (s == NULL)
		return -ENOMEM;
	int rc = 0;
	if (SDL_RenderReadPixels(sdl, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0)
		rc = -EIO;
	else if (!img_ready() || img.save_png(s, path) != 0)
		rc = -EIO;
	SDL_FreeSurface(s);
	return rc;
}

void render_get_stats(const render_t *r, struct render_stats *out)
{
	if (out == NULL)
		return;
	memset(out, 0, sizeof *out);
	if (r == NULL)
		return;
	struct text_cache_stats cs;
	text_cache_get_stats(r->cache, &cs);
	out->frames = r->frames;
	out->rasterised = cs.misses;
	out->cache_hits = cs.hits;
	out->evictions = cs.evictions;
	out->cache_entries = cs.entries;
	out->cache_bytes = cs.bytes;
	out->width_hits = r->width_hits;
	out->width_misses = r->width_misses;
}

enum render_flash render_flash_for_cue(enum cue c)
{
	switch (c) {
	case CUE_MOVE:
		return RENDER_FLASH_MOVE;
	case CUE_ACTIONABLE:
		return RENDER_FLASH_ACTIONABLE;
	case CUE_CHECKED:
		return RENDER_FLASH_CHECKED;
	case CUE_UNCHECKED:
		return RENDER_FLASH_UNCHECKED;
	case CUE_ACTIVATE:
		return RENDER_FLASH_ACTIVATE;
	case CUE_NO_ACTION:
		return RENDER_FLASH_NO_ACTION;
	case CUE_PAGE:
		return RENDER_FLASH_PAGE;
	case CUE_ALERT:
		return RENDER_FLASH_ALERT;
	case CUE_WORKING:
	case CUE_COUNT:
		return RENDER_FLASH_WORKING;
	}
	return RENDER_FLASH_NONE;
}
