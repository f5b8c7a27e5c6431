/* Text cache: a hash table of textures with an LRU list, bounded by count and
 * bytes. A frame draws the same lines again and again (every redraw, every
 * screen revisited); rasterising is the expensive part, so it happens once. */
#include "ui/text_cache.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

struct entry {
	struct entry *hnext;       /* hash chain */
	struct entry *prev, *next; /* LRU list, most recent at head */
	uint32_t hash;
	int px;
	bool bold;
	uint32_t rgba;
	SDL_Texture *tex;
	int w, h;
	size_t bytes;
	unsigned long frame; /* the last frame that drew it (text_cache_next_frame) */
	size_t len;
	char text[]; /* len bytes, NUL-terminated */
};

struct text_cache {
	SDL_Renderer *r;
	text_cache_raster_fn raster;
	void *ctx;
	size_t max_entries, max_bytes;
	struct entry **buckets;
	size_t nbuckets; /* power of two */
	struct entry *head, *tail;
	unsigned long frame; /* 0 until text_cache_next_frame: no entry is kept over the budget */
	struct text_cache_stats st;
};

static uint32_t key_hash(const struct text_cache_key *k)
{
	/* FNV-1a over the text and the other key fields. */
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < k->len; i++) {
		h ^= (unsigned char)k->utf8[i];
		h *= 16777619u;
	}
	uint32_t extra[3] = {(uint32_t)k->px, k->bold ? 1u : 0u, k->rgba};
	for (int i = 0; i < 3; i++) {
		for (int b = 0; b < 4; b++) {
			h ^= (extra[i] >> (8 * b)) & 0xff;
			h *= 16777619u;
		}
	}
	return h;
}

int text_cache_new(struct SDL_Renderer *r, text_cache_raster_fn raster, void *ctx,
                   size_t max_entries, size_t max_bytes, text_cache_t **out)
{
	if (r == NULL || raster == NULL || out == NULL)
		return -EINVAL;
	struct text_cache *c = calloc(1, sizeof *c);
	if (c == NULL)
		return -ENOMEM;
	c->r = r;
	c->raster = raster;
	c->ctx = ctx;
	c->max_entries = max_entries ? max_entries : TEXT_CACHE_MAX_ENTRIES;
	c->max_bytes = max_bytes ? max_bytes : TEXT_CACHE_MAX_BYTES;
	c->nbuckets = 16;
	while (c->nbuckets < 2 * c->max_entries && c->nbuckets < (1u << 20))
		c->nbuckets <<= 1;
	c->buckets = calloc(c->nbuckets, sizeof *c->buckets);
	if (c->buckets == NULL) {
		free(c);
		return -ENOMEM;
	}
	*out = c;
	return 0;
}

static void lru_unlink(struct text_cache *c, struct entry *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		c->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		c->tail = e->prev;
	e->prev = e->next = NULL;
}

static void lru_push_head(struct text_cache *c, struct entry *e)
{
	e->prev = NULL;
	e->next = c->head;
	if (c->head)
		c->head->prev = e;
	c->head = e;
	if (c->tail == NULL)
		c->tail = e;
}

static void entry_remove(struct text_cache *c, struct entry *e)
{
	struct entry **pp = &c->buckets[e->hash & (c->nbuckets - 1)];
	while (*pp != e)
		pp = &(*pp)->hnext;
	*pp = e->hnext;
	lru_unlink(c, e);
	c->st.entries--;
	c->st.bytes -= e->bytes;
	if (e->tex)
		SDL_DestroyTexture(e->tex);
	free(e);
}

void text_cache_clear(text_cache_t *c)
{
	if (c == NULL)
		return;
	while (c->head)
		entry_remove(c, c->head);
}

void text_cache_free(text_cache_t *c)
{
	if (c == NULL)
		return;
	text_cache_clear(c);
	free(c->buckets);
	free(c);
}

void text_cache_next_frame(text_cache_t *c)
{
	if (c != NULL)
		c->frame++;
}

/* Drawn by this frame or the one before: the screen being shown. */
static bool in_use(const struct text_cache *c, const struct entry *e)
{
	return c->frame != 0 && e->frame + 1 >= c->frame;
}

static bool key_equal(const struct entry *e, const struct text_cache_key *k, uint32_t hash)
{
	return e->hash == hash && e->len == k->len && e->px == k->px && e->bold == k->bold &&
	       e->rgba == k->rgba && memcmp(e->text, k->utf8, k->len) == 0;
}

int text_cache_get(text_cache_t *c, const struct text_cache_key *key, struct SDL_Texture **tex,
                   int *w, int *h)
{
	if (c == NULL || key == NULL || tex == NULL || w == NULL || h == NULL ||
	    (key->utf8 == NULL && key->len > 0))
		return -EINVAL;
	if (key->len > TEXT_CACHE_MAX_TEXT)
		return -E2BIG;
	if (key->len == 0) {
		*tex = NULL;
		*w = *h = 0;
		return 0;
	}
	uint32_t hash = key_hash(key);
	size_t b = hash & (c->nbuckets - 1);
	for (struct entry *e = c->buckets[b]; e; e = e->hnext) {
		if (key_equal(e, key, hash)) {
			c->st.hits++;
			e->frame = c->frame;
			lru_unlink(c, e);
			lru_push_head(c, e);
			*tex = e->tex;
			*w = e->w;
			*h = e->h;
			return 0;
		}
	}

	c->st.misses++;
	SDL_Surface *s = c->raster(c->ctx, key);
	if (s == NULL) {
		c->st.failures++;
		return -EIO;
	}
	SDL_Texture *t = SDL_CreateTextureFromSurface(c->r, s);
	int sw = s->w, sh = s->h;
	SDL_FreeSurface(s);
	if (t == NULL) {
		c->st.failures++;
		return -EIO;
	}
	struct entry *e = malloc(sizeof *e + key->len + 1);
	if (e == NULL) {
		SDL_DestroyTexture(t);
		return -ENOMEM;
	}
	memset(e, 0, sizeof *e);
	e->hash = hash;
	e->px = key->px;
	e->bold = key->bold;
	e->rgba = key->rgba;
	e->tex = t;
	e->w = sw;
	e->h = sh;
	e->bytes = (size_t)sw * (size_t)sh * 4u;
	e->frame = c->frame;
	e->len = key->len;
	memcpy(e->text, key->utf8, key->len);
	e->text[key->len] = '\0';

	/* Make room first; the new entry itself always stays, even when it alone
	 * is over the byte budget, so the caller gets its texture. The texts of the
	 * screen being shown stay too, up to twice the budget: a screen whose texts
	 * alone are over it would otherwise rasterise them all again on every frame.
	 * They are the most recently used, so a tail in use means all are. */
	while (c->head) {
		size_t n = c->st.entries + 1, bytes = c->st.bytes + e->bytes;
		if (n <= c->max_entries && bytes <= c->max_bytes)
			break;
		if (in_use(c, c->tail) && n <= 2 * c->max_entries && bytes <= 2 * c->max_bytes)
			break;
		entry_remove(c, c->tail);
		c->st.evictions++;
	}
	e->hnext = c->buckets[b];
	c->buckets[b] = e;
	lru_push_head(c, e);
	c->st.entries++;
	c->st.bytes += e->bytes;
	*tex = t;
	*w = sw;
	*h = sh;
	return 0;
}

void text_cache_get_stats(const text_cache_t *c, struct text_cache_stats *out)
{
	if (out == NULL)
		return;
	if (c == NULL) {
		memset(out, 0, sizeof *out);
		return;
	}
	*out = c->st;
}
