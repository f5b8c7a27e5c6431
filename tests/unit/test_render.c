/* The SDL renderer under the dummy video driver with the software renderer and
 * DejaVu: French accents, the text cache (no string rasterised twice), the
 * focus ring, blanking, flashes at most 3 a second, missing fonts, PNGs. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include "ui/render_sdl.h"
#include "ui/text_cache.h"
#include "ui/theme.h"

struct fixture {
	SDL_Window *win;
	SDL_Renderer *sdl;
	render_t *r;
	int w, h;
};

static bool have_fonts(void)
{
	return access(RENDER_FONT_REGULAR, R_OK) == 0 && access(RENDER_FONT_BOLD, R_OK) == 0;
}

/* A hidden window and its software renderer, without the fonts. */
static int open_window(struct fixture *f, int w, int h)
{
	memset(f, 0, sizeof *f);
	f->w = w;
	f->h = h;
	f->win = SDL_CreateWindow("test", 0, 0, w, h, SDL_WINDOW_HIDDEN);
	if (f->win == NULL)
		return -1;
	f->sdl = SDL_CreateRenderer(f->win, -1, SDL_RENDERER_SOFTWARE);
	return f->sdl ? 0 : -1;
}

static int open_fixture(struct fixture *f, int w, int h)
{
	if (open_window(f, w, h) < 0)
		return -1;
	char err[256];
	if (render_new(f->sdl, RENDER_FONT_REGULAR, RENDER_FONT_BOLD, &f->r, err, sizeof err) !=
	    0) {
		print_error("%s\n", err);
		return -1;
	}
	return 0;
}

static void close_fixture(struct fixture *f)
{
	render_free(f->r);
	if (f->sdl)
		SDL_DestroyRenderer(f->sdl);
	if (f->win)
		SDL_DestroyWindow(f->win);
}

static int group_setup(void **state)
{
	(void)state;
	setenv("SDL_VIDEODRIVER", "dummy", 0);
	setenv("SDL_RENDER_DRIVER", "software", 0);
	if (!have_fonts()) {
		print_error("DejaVu fonts missing (%s): install fonts-dejavu-core\n",
		            RENDER_FONT_REGULAR);
		return -1;
	}
	if (SDL_Init(SDL_INIT_VIDEO) != 0) {
		print_error("SDL_Init: %s\n", SDL_GetError());
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	SDL_Quit();
	return 0;
}

static struct view_node *add(struct view *v, enum view_role role, enum view_region region,
                             const char *text, const char *text2, int action)
{
	struct view_node *n = &v->nodes[v->count++];
	memset(n, 0, sizeof *n);
	n->role = role;
	n->region = region;
	n->size = role == VIEW_ROLE_HEADING ? VIEW_SIZE_LARGE : VIEW_SIZE_NORMAL;
	n->action = action;
	snprintf(n->text, sizeof n->text, "%s", text);
	if (text2)
		snprintf(n->text2, sizeof n->text2, "%s", text2);
	return n;
}

static void build_french(struct view *v)
{
	memset(v, 0, sizeof *v);
	v->lang = LANG_FR;
	add(v, VIEW_ROLE_HEADING, VIEW_REGION_HEADER, "Vérifier l’état d’une demande", NULL, 0);
	add(v, VIEW_ROLE_TEXT, VIEW_REGION_BODY,
	    "Entrez le numéro de référence à 10 chiffres inscrit sur votre reçu. Ça prend "
	    "quelques secondes ; à la fin, l’état s’affiche et est lu à voix haute.",
	    NULL, 0);
	struct view_node *e =
	    add(v, VIEW_ROLE_EDIT, VIEW_REGION_BODY, "Numéro de référence", NULL, 1);
	snprintf(e->value, sizeof e->value, "%s", "123 456 78");
	struct view_node *c =
	    add(v, VIEW_ROLE_CHECKBOX, VIEW_REGION_BODY, "Lire le résultat à voix haute", NULL, 2);
	c->state = VIEW_STATE_CHECKED;
	add(v, VIEW_ROLE_ALERT, VIEW_REGION_BODY,
	    "Numéro de référence : il faut 10 chiffres, vous en avez saisi 8.", NULL, 0);
	add(v, VIEW_ROLE_BUTTON, VIEW_REGION_BODY, "Vérifier", NULL, 3);
	add(v, VIEW_ROLE_BUTTON, VIEW_REGION_FOOTER, "Aide", "Help", 4);
	add(v, VIEW_ROLE_BUTTON, VIEW_REGION_FOOTER, "Demander de l’aide",
	    "Request staff assistance", 5);
	add(v, VIEW_ROLE_BUTTON, VIEW_REGION_FOOTER, "English", NULL, 6);
	v->focus = 5;
}

static SDL_Surface *read_back(SDL_Renderer *sdl)
{
	int w, h;
	SDL_GetRendererOutputSize(sdl, &w, &h);
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(s);
	assert_int_equal(
	    SDL_RenderReadPixels(sdl, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch), 0);
	return s;
}

static struct theme_color pixel(SDL_Surface *s, int x, int y)
{
	uint32_t p = ((uint32_t *)((uint8_t *)s->pixels + y * s->pitch))[x];
	struct theme_color c = {(uint8_t)(p >> 16), (uint8_t)(p >> 8), (uint8_t)p, 255};
	return c;
}

static bool same(struct theme_color a, struct theme_color b)
{
	return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* Pixels in r that are not the colour bg: text and marks were drawn there. */
static int count_not(SDL_Surface *s, struct view_rect r, struct theme_color bg)
{
	int n = 0;
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++)
			if (x >= 0 && y >= 0 && x < s->w && y < s->h && !same(pixel(s, x, y), bg))
				n++;
	return n;
}

static void test_french_frame_and_cache(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(open_fixture(&f, 1080, 1920), 0);
	struct view v;
	build_french(&v);
	struct render_options o = {.width = 1080, .height = 1920, .follow_focus = true};
	struct render_result res;
	assert_int_equal(render_frame(f.r, &v, &o, &res), 0);
	assert_int_equal(res.redraw_in_ms, -1);
	struct render_stats st1;
	render_get_stats(f.r, &st1);
	assert_int_equal(st1.frames, 1);
	assert_true(st1.rasterised >= 10);

	const struct theme *t = theme_get(false);
	SDL_Surface *s = read_back(f.sdl);
	/* Accented text was drawn in the body text and the heading. */
	assert_true(count_not(s, res.layout.parts[1].label, t->background) > 500);
	assert_true(count_not(s, res.layout.parts[0].label, t->header_bg) > 300);
	/* The focus ring (V3) surrounds the focused node, in the ring colour. */
	const struct view_rect *b = &v.nodes[v.focus].bounds;
	int ring = 4 + THEME_FOCUS_RING / 2;
	assert_true(same(pixel(s, b->x + b->w / 2, b->y - ring), t->focus_ring));
	assert_true(same(pixel(s, b->x - ring, b->y + b->h / 2), t->focus_ring));
	/* An unfocused button has its outline, no ring. */
	const struct view_rect *b6 = &v.nodes[6].bounds;
	assert_true(same(pixel(s, b6->x + 1, b6->y + b6->h / 2), t->button_outline));
	assert_false(same(pixel(s, b6->x - ring, b6->y + b6->h / 2), t->focus_ring));
	SDL_FreeSurface(s);

	/* The same frame again: nothing rasterised, all from the cache. */
	build_french(&v);
	assert_int_equal(render_frame(f.r, &v, &o, &res), 0);
	struct render_stats st2;
	render_get_stats(f.r, &st2);
	assert_int_equal(st2.frames, 2);
	assert_int_equal(st2.rasterised, st1.rasterised);
	assert_true(st2.cache_hits >= st1.rasterised);
	assert_int_equal(st2.cache_entries, st1.cache_entries);
	/* …and no text shaped again: every width was remembered. */
	assert_int_equal(st2.width_misses, st1.width_misses);
	assert_true(st2.width_hits > st1.width_hits);

	/* Moving the focus re-colours two labels only. */
	v.focus = 6;
	assert_int_equal(render_frame(f.r, &v, &o, &res), 0);
	struct render_stats st3;
	render_get_stats(f.r, &st3);
	assert_true(st3.rasterised > st2.rasterised);
	assert_true(st3.rasterised <= st2.rasterised + 8);
	/* Back again: both colourings are cached now. */
	v.focus = 5;
	assert_int_equal(render_frame(f.r, &v, &o, &res), 0);
	struct render_stats st4;
	render_get_stats(f.r, &st4);
	assert_int_equal(st4.rasterised, st3.rasterised);
	close_fixture(&f);
}

/* A remembered width is the width of that very text, at that size and weight, however many
 * other texts were measured in between (slots are reused). */
static void test_widths_remembered(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(open_fixture(&f, 480, 640), 0);
	struct layout_measure m = render_measure(f.r);
	int w = m.text_width(m.ctx, "Bonjour", 7, 32, false);
	int wb = m.text_width(m.ctx, "Bonjour", 7, 32, true);
	int w_big = m.text_width(m.ctx, "Bonjour", 7, 48, false);
	int w_pre = m.text_width(m.ctx, "Bonjou", 6, 32, false);
	assert_true(w > 0 && wb > w && w_big > w && w_pre < w);
	struct render_stats st1, st2;
	render_get_stats(f.r, &st1);
	assert_int_equal(m.text_width(m.ctx, "Bonjour", 7, 32, false), w);
	render_get_stats(f.r, &st2);
	assert_int_equal(st2.width_hits, st1.width_hits + 1);
	assert_int_equal(st2.width_misses, st1.width_misses);
	char text[32];
	for (int i = 0; i < 5000; i++) {
		int n = snprintf(text, sizeof text, "mot %d", i);
		int a = m.text_width(m.ctx, text, (size_t)n, 32, false);
		assert_int_equal(m.text_width(m.ctx, text, (size_t)n, 32, false), a);
	}
	assert_int_equal(m.text_width(m.ctx, "Bonjour", 7, 32, false), w);
	assert_int_equal(m.text_width(m.ctx, "Bonjour", 7, 32, true), wb);
	assert_int_equal(m.text_width(m.ctx, "Bonjour", 7, 48, false), w_big);
	assert_int_equal(m.text_width(m.ctx, "Bonjou", 6, 32, false), w_pre);
	close_fixture(&f);
}

static void test_high_contrast_large_landscape(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(open_fixture(&f, 1920, 1080), 0);
	struct view v;
	build_french(&v);
	struct render_options o = {.high_contrast = true, .large_text = true, .follow_focus = true};
	struct render_result res;
	/* Width and height 0: the renderer's output size. */
	assert_int_equal(render_frame(f.r, &v, &o, &res), 0);
	assert_true(res.layout.landscape);
	const struct theme *t = theme_get(true);
	SDL_Surface *s = read_back(f.sdl);
	const struct view_rect *b = &v.nodes[v.focus].bounds;
	int ring = 4 + THEME_FOCUS_RING / 2;
	assert_true(same(pixel(s, b->x + b->w / 2, b->y - ring), t->focus_ring));
	/* The focused button is inverted: yellow fill. */
	assert_true(same(pixel(s, b->x + 6, b->y + 6), t->focus_bg));
	assert_true(same(pixel(s, 5, res.layout.body.y + 5), t->background));
	SDL_FreeSurface(s);
	close_fixture(&f);
}

static void test_blank_speech_and_working(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(open_fixture(&f, 1080, 1920), 0);
	struct view v;
	build_french(&v);
	const struct theme *t = theme_get(false);
	struct render_options o = {.width = 1080, .height = 1920, .speech_mode = true};
	struct render_result res;
	assert_int_equal(render_frame(f.r, &v, &o, &res), 0);
	SDL_Surface *s = read_back(f.sdl);
	/* The headphones icon in the status area: icon pixels, no text. */
	assert_true(count_not(s, res.layout.status, t->header_bg) > 200);
	SDL_FreeSurface(s);

	/* V5: blanked, every pixel outside the small icon is black. */
	o.blank = true;
	assert_int_equal(render_frame(f.r, &v, &o, &res), 0);
	s = read_back(f.sdl);
	struct view_rect all = {0, 0, 1080, 1920};
	int lit = count_not(s, all, t->blank);
	assert_true(lit > 0 && lit < LAYOUT_STATUS_SIZE * LAYOUT_STATUS_SIZE);
	assert_int_equal(count_not(s, res.layout.body, t->blank), 0);
	SDL_FreeSurface(s);

	/* S8: working shows progress and asks for the next step's redraw. */
	o.blank = false;
	o.working = true;
	o.now_ms = 1200;
	assert_int_equal(render_frame(f.r, &v, &o, &res), 0);
	assert_int_equal(res.redraw_in_ms, RENDER_WORKING_STEP_MS - 200);
	close_fixture(&f);
}

/* V4: flashes never start less than 334 ms apart; one flash spans frames. */
static void test_flash_rate(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(open_fixture(&f, 1080, 1920), 0);
	struct view v;
	build_french(&v);
	struct render_options o = {.width = 1080, .height = 1920};
	struct render_result res;
	o.flash = RENDER_FLASH_ACTIONABLE;
	o.flash_ms = 1000;
	o.now_ms = 1000;
	assert_int_equal(render_frame(f.r, &v, &o, &res), 0);
	assert_true(res.flash_shown);
	assert_int_equal(res.redraw_in_ms, RENDER_FLASH_MS);
	o.now_ms = 1100; /* the same flash, still on */
	assert_int_equal(render_frame(f.r, &v, &o, &res), 0);
	assert_true(res.flash_shown);
	o.now_ms = 1000 + RENDER_FLASH_MS; /* over */
	assert_int_equal(render_frame(f.r, &v, &o, &res), 0);
	assert_false(res.flash_shown);
	assert_int_equal(res.redraw_in_ms, -1);
	o.flash_ms = o.now_ms = 1200; /* too soon after the last one */
	assert_int_equal(render_frame(f.r, &v, &o, &res), 0);
	assert_false(res.flash_shown);
	o.flash_ms = o.now_ms = 1000 + RENDER_FLASH_MIN_INTERVAL_MS;
	assert_int_equal(render_frame(f.r, &v, &o, &res), 0);
	assert_true(res.flash_shown);
	/* Every kind draws without error. */
	for (int k = RENDER_FLASH_MOVE; k <= RENDER_FLASH_WORKING; k++) {
		o.flash = (enum render_flash)k;
		o.flash_ms = o.now_ms = 10000u + 1000u * (uint32_t)k;
		assert_int_equal(render_frame(f.r, &v, &o, &res), 0);
		assert_true(res.flash_shown);
	}
	close_fixture(&f);
}

static void test_missing_font(void **state)
{
	(void)state;
	struct fixture f;
	memset(&f, 0, sizeof f);
	f.win = SDL_CreateWindow("test", 0, 0, 640, 480, SDL_WINDOW_HIDDEN);
	assert_non_null(f.win);
	f.sdl = SDL_CreateRenderer(f.win, -1, SDL_RENDERER_SOFTWARE);
	assert_non_null(f.sdl);
	render_t *r = NULL;
	char err[256] = "";
	assert_int_equal(
	    render_new(f.sdl, "/nonexistent/NoSuchFont.ttf", NULL, &r, err, sizeof err), -ENOENT);
	assert_null(r);
	assert_non_null(strstr(err, "/nonexistent/NoSuchFont.ttf"));
	assert_int_equal(
	    render_new(f.sdl, RENDER_FONT_REGULAR, "/nonexistent/Bold.ttf", &r, err, sizeof err),
	    -ENOENT);
	assert_non_null(strstr(err, "/nonexistent/Bold.ttf"));
	/* A file that is not a font. */
	char bad[] = "/tmp/accueil-notafont-XXXXXX";
	int fd = mkstemp(bad);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "not a font", 10), 10);
	close(fd);
	assert_true(render_new(f.sdl, bad, NULL, &r, err, sizeof err) < 0);
	assert_null(r);
	assert_non_null(strstr(err, bad));
	unlink(bad);
	assert_int_equal(render_new(NULL, RENDER_FONT_REGULAR, NULL, &r, NULL, 0), -EINVAL);
	/* No bold file: synthesised bold still works. */
	assert_int_equal(render_new(f.sdl, RENDER_FONT_REGULAR, NULL, &r, err, sizeof err), 0);
	struct view v;
	build_french(&v);
	struct render_options o = {.width = 640, .height = 480};
	assert_int_equal(render_frame(r, &v, &o, NULL), 0);
	render_free(r);
	render_free(NULL);
	close_fixture(&f);
}

static void test_screenshots(void **state)
{
	(void)state;
	char dir[] = "/tmp/accueil-render-XXXXXX";
	assert_non_null(mkdtemp(dir));
	const int sizes[2][2] = {{1080, 1920}, {1920, 1080}};
	for (int i = 0; i < 2; i++) {
		struct fixture f;
		assert_int_equal(open_fixture(&f, sizes[i][0], sizes[i][1]), 0);
		struct view v;
		build_french(&v);
		struct render_options o = {.large_text = i == 1, .follow_focus = true};
		assert_int_equal(render_frame(f.r, &v, &o, NULL), 0);
		char path[256];
		snprintf(path, sizeof path, "%s/shot-%d.png", dir, i);
		assert_int_equal(render_save_png(f.sdl, path), 0);
		SDL_Surface *png = IMG_Load(path);
		assert_non_null(png);
		assert_int_equal(png->w, sizes[i][0]);
		assert_int_equal(png->h, sizes[i][1]);
		SDL_FreeSurface(png);
		unlink(path);
		assert_int_equal(render_save_png(f.sdl, "/nonexistent/dir/x.png"), -EIO);
		assert_int_equal(render_save_png(NULL, path), -EINVAL);
		close_fixture(&f);
	}
	rmdir(dir);
}

/* The cache alone: bounded by count and bytes, least recently used first. */
static int rasters;
static SDL_Surface *fake_raster(void *ctx, const struct text_cache_key *k)
{
	(void)ctx;
	rasters++;
	return SDL_CreateRGBSurfaceWithFormat(0, 10 * (int)k->len, k->px, 32,
	                                      SDL_PIXELFORMAT_ARGB8888);
}

/* Looks up text in black at 10 px; the texture must come back. */
static void cache_black(text_cache_t *c, const char *text)
{
	SDL_Texture *t;
	int w, h;
	struct text_cache_key k = {text, strlen(text), 10, false, 0x000000ffu};
	assert_int_equal(text_cache_get(c, &k, &t, &w, &h), 0);
}

/* Frames started: the texts of the screen shown stay even over the budget (up to twice it),
 * so drawing it again rasterises nothing; once another screen is shown they go again. */
static void test_text_cache_keeps_the_screen(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(open_window(&f, 64, 64), 0);
	text_cache_t *c;
	/* 2 of the 40x10 (1600 bytes) entries. */
	assert_int_equal(text_cache_new(f.sdl, fake_raster, NULL, 16, 3300, &c), 0);
	static const char *const screen1[] = {"aaaa", "bbbb", "cccc"};
	static const char *const screen2[] = {"dddd", "eeee", "ffff"};
	struct text_cache_stats st;
	int before = rasters;
	for (int frame = 0; frame < 3; frame++) {
		text_cache_next_frame(c);
		for (int i = 0; i < 3; i++)
			cache_black(c, screen1[i]);
	}
	assert_int_equal(rasters, before + 3); /* three over the budget, each rasterised once */
	text_cache_get_stats(c, &st);
	assert_int_equal(st.entries, 3);
	assert_int_equal(st.evictions, 0);
	/* Another screen: the first one's texts make room, the new one is kept whole. */
	for (int frame = 0; frame < 3; frame++) {
		text_cache_next_frame(c);
		for (int i = 0; i < 3; i++)
			cache_black(c, screen2[i]);
	}
	assert_int_equal(rasters, before + 6);
	text_cache_get_stats(c, &st);
	assert_true(st.bytes <= 2 * 3300);
	/* The first screen is no longer shown: its last text goes as soon as room is needed,
	 * while the second screen stays. */
	text_cache_next_frame(c);
	cache_black(c, "gggg");
	for (int i = 0; i < 3; i++)
		cache_black(c, screen2[i]);
	assert_int_equal(rasters, before + 7);
	cache_black(c, screen1[2]);
	assert_int_equal(rasters, before + 8);
	/* Never more than twice the budget, even for one frame. */
	text_cache_next_frame(c);
	char text[8];
	for (int i = 0; i < 10; i++) {
		snprintf(text, sizeof text, "g%03d", i);
		cache_black(c, text);
		text_cache_get_stats(c, &st);
		assert_true(st.bytes <= 2 * 3300);
	}
	text_cache_free(c);
	close_fixture(&f);
}

static void test_text_cache_bounds(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(open_window(&f, 64, 64), 0);
	text_cache_t *c;
	/* 3 entries, or 2 of the 40x10 (1600 bytes) ones. */
	assert_int_equal(text_cache_new(f.sdl, fake_raster, NULL, 3, 3300, &c), 0);
	SDL_Texture *t;
	int w, h;
	struct text_cache_key a = {"aaaa", 4, 10, false, 0x000000ffu};
	struct text_cache_key b = {"bbbb", 4, 10, false, 0x000000ffu};
	struct text_cache_key a_red = {"aaaa", 4, 10, false, 0xff0000ffu};
	struct text_cache_key a_bold = {"aaaa", 4, 10, true, 0x000000ffu};
	assert_int_equal(text_cache_get(c, &a, &t, &w, &h), 0);
	assert_int_equal(w, 40);
	assert_int_equal(text_cache_get(c, &a, &t, &w, &h), 0);
	assert_int_equal(rasters, 1);
	assert_int_equal(text_cache_get(c, &b, &t, &w, &h), 0);
	assert_int_equal(rasters, 2);
	/* Colour and weight are part of the key. */
	assert_int_equal(text_cache_get(c, &a, &t, &w, &h), 0); /* a is now most recent */
	assert_int_equal(text_cache_get(c, &a_red, &t, &w, &h), 0);
	assert_int_equal(rasters, 3);
	struct text_cache_stats st;
	text_cache_get_stats(c, &st);
	assert_true(st.bytes <= 3300);
	assert_int_equal(st.entries, 2);
	assert_int_equal(st.evictions, 1); /* b went, a stayed */
	assert_int_equal(text_cache_get(c, &a, &t, &w, &h), 0);
	assert_int_equal(rasters, 3);
	assert_int_equal(text_cache_get(c, &a_bold, &t, &w, &h), 0);
	assert_int_equal(rasters, 4);
	text_cache_get_stats(c, &st);
	assert_int_equal(st.hits, 3);
	assert_int_equal(st.misses, 4);
	/* Empty text: no texture, no error; too long: -E2BIG. */
	struct text_cache_key e = {"", 0, 10, false, 0};
	assert_int_equal(text_cache_get(c, &e, &t, &w, &h), 0);
	assert_null(t);
	static char big[TEXT_CACHE_MAX_TEXT + 2];
	memset(big, 'x', sizeof big - 1);
	struct text_cache_key g = {big, sizeof big - 1, 10, false, 0};
	assert_int_equal(text_cache_get(c, &g, &t, &w, &h), -E2BIG);
	text_cache_clear(c);
	text_cache_get_stats(c, &st);
	assert_int_equal(st.entries, 0);
	assert_int_equal(st.bytes, 0);
	text_cache_free(c);
	text_cache_free(NULL);
	close_fixture(&f);
}

/* V2 with the real font: a capital H at the smallest size is >= 4.8 mm on the
 * 102 dpi panel (checks the 0.73 em cap height the theme assumes). */
static void test_cap_height_real_font(void **state)
{
	(void)state;
	assert_int_equal(TTF_Init(), 0);
	int px = theme_font_px(VIEW_SIZE_SMALL, false);
	TTF_Font *f = TTF_OpenFont(RENDER_FONT_REGULAR, px);
	assert_non_null(f);
	int minx, maxx, miny, maxy, adv;
	assert_int_equal(TTF_GlyphMetrics32(f, 'H', &minx, &maxx, &miny, &maxy, &adv), 0);
	double mm = maxy / THEME_PANEL_DPI * 25.4;
	assert_true(mm >= 4.8);
	assert_true(maxy >= (int)(px * THEME_CAP_HEIGHT_EM) - 1);
	TTF_CloseFont(f);
	TTF_Quit();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_french_frame_and_cache),
	    cmocka_unit_test(test_widths_remembered),
	    cmocka_unit_test(test_high_contrast_large_landscape),
	    cmocka_unit_test(test_blank_speech_and_working),
	    cmocka_unit_test(test_flash_rate),
	    cmocka_unit_test(test_missing_font),
	    cmocka_unit_test(test_screenshots),
	    cmocka_unit_test(test_text_cache_bounds),
	    cmocka_unit_test(test_text_cache_keeps_the_screen),
	    cmocka_unit_test(test_cap_height_real_font),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
