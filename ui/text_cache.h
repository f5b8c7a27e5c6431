/* Text cache: rasterised text as textures, keyed by (text, px, bold, colour),
 * so a string is rasterised once while it stays in use. Bounded by an entry
 * count and a byte budget (up to twice them for the screen being shown); the
 * least recently used entries go first.
 * The cache does not know fonts: a callback rasterises on a miss. */
#ifndef ACCUEIL_TEXT_CACHE_H
#define ACCUEIL_TEXT_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct SDL_Renderer;
struct SDL_Surface;
struct SDL_Texture;

typedef struct text_cache text_cache_t;

/* Defaults: 4 MB of RGBA lines keeps the current screen and the last ones visited (both
 * languages, focused and not); a text-heavy screen in large text (3-5 MB), or the keyboard
 * screen with a long description, may take up to twice that while it is shown (see
 * text_cache_next_frame). The cache is most of the kiosk's heap: SPEC.md's 40 MB resident. */
#define TEXT_CACHE_MAX_ENTRIES 512
#define TEXT_CACHE_MAX_BYTES   (4u * 1024u * 1024u)
/* Longest text one entry holds; longer keys are refused with -E2BIG. */
#define TEXT_CACHE_MAX_TEXT 1024

struct text_cache_key {
	const char *utf8; /* len bytes, need not be NUL-terminated */
	size_t len;
	int px;
	bool bold;
	uint32_t rgba; /* 0xRRGGBBAA */
};

/* Rasterises key into a new surface (the cache frees it), or returns NULL on
 * failure. */
typedef struct SDL_Surface *(*text_cache_raster_fn)(void *ctx, const struct text_cache_key *key);

struct text_cache_stats {
	unsigned long hits, misses, evictions, failures;
	size_t entries, bytes;
};

/* New cache drawing on renderer r (not owned). max_entries/max_bytes of 0 take
 * the defaults. Returns 0 and *out (free with text_cache_free), -EINVAL, -ENOMEM. */
int text_cache_new(struct SDL_Renderer *r, text_cache_raster_fn raster, void *ctx,
                   size_t max_entries, size_t max_bytes, text_cache_t **out);

/* Frees every texture and the cache; NULL is fine. */
void text_cache_free(text_cache_t *c);

/* The texture for key, rasterising it on a miss. *tex is owned by the cache and
 * valid until the next text_cache_get/clear/free; *w, *h are its size.
 * Returns 0, -EINVAL, -E2BIG (text too long), -ENOMEM, or -EIO when
 * rasterisation fails. An empty text returns 0 with *tex NULL and 0x0. */
int text_cache_get(text_cache_t *c, const struct text_cache_key *key, struct SDL_Texture **tex,
                   int *w, int *h);

/* Starts a frame. Entries drawn by this frame or the previous one (the screen shown) are not
 * evicted to make room while the cache stays within twice its bounds: it then holds more than
 * its budget rather than rasterise the same texts on every frame. A cache whose frames are
 * never started keeps strictly to its bounds. NULL is fine. */
void text_cache_next_frame(text_cache_t *c);

/* Drops every entry (counters are kept). */
void text_cache_clear(text_cache_t *c);

/* Counters for tests and `make bench`. */
void text_cache_get_stats(const text_cache_t *c, struct text_cache_stats *out);

#endif
