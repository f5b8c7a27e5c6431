/* imgdiff: compares two PNGs for the reference-image tests.
 *
 *   imgdiff [-t THRESHOLD] [-p TOLERANCE_PERCENT] [-d DIFF.png] A.png B.png
 *
 * A pixel differs when any channel differs by more than THRESHOLD (0-255,
 * default 24: anti-aliasing on another CPU moves edges by a few levels). Prints
 * the share of differing pixels; exits 0 when it is at most TOLERANCE percent
 * (default 2), 1 when above or when the sizes differ, 2 on a usage or file
 * error. With -d, writes an image: A faded, differing pixels in magenta. */
#define SDL_MAIN_HANDLED
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_image.h>

static void usage(void)
{
	fprintf(stderr, "usage: imgdiff [-t threshold 0-255] [-p tolerance %%] [-d diff.png] "
	                "a.png b.png\n");
}

static bool parse_num(const char *s, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static SDL_Surface *load(const char *path)
{
	SDL_Surface *s = IMG_Load(path);
	if (s == NULL) {
		fprintf(stderr, "imgdiff: cannot read %s: %s\n", path, IMG_GetError());
		return NULL;
	}
	SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(s);
	if (c == NULL)
		fprintf(stderr, "imgdiff: cannot convert %s: %s\n", path, SDL_GetError());
	return c;
}

static uint32_t px(const SDL_Surface *s, int x, int y)
{
	return ((const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch))[x];
}

static int chan_diff(uint32_t a, uint32_t b, int shift)
{
	int d = (int)((a >> shift) & 0xff) - (int)((b >> shift) & 0xff);
	return d < 0 ? -d : d;
}

int main(int argc, char **argv)
{
	double threshold = 24, tolerance = 2.0;
	const char *diff_path = NULL;
	const char *files[2];
	int nfiles = 0;
	for (int i = 1; i < argc; i++) {
		if ((strcmp(argv[i], "-t") == 0 || strcmp(argv[i], "-p") == 0 ||
		     strcmp(argv[i], "-d") == 0) &&
		    i + 1 < argc) {
			const char *opt = argv[i++];
			if (opt[1] == 'd') {
				diff_path = argv[i];
			} else if (!parse_num(argv[i], 0, opt[1] == 't' ? 255 : 100,
			                      opt[1] == 't' ? &threshold : &tolerance)) {
				fprintf(stderr, "imgdiff: bad value for %s: %s\n", opt, argv[i]);
				usage();
				return 2;
			}
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			usage();
			return 2;
		} else if (nfiles < 2) {
			files[nfiles++] = argv[i];
		} else {
			usage();
			return 2;
		}
	}
	if (nfiles != 2) {
		usage();
		return 2;
	}

	int rc = 2;
	SDL_Surface *a = load(files[0]);
	SDL_Surface *b = a ? load(files[1]) : NULL;
	SDL_Surface *d = NULL;
	if (a == NULL || b == NULL)
		goto out;
	if (a->w != b->w || a->h != b->h) {
		printf("%s: %dx%d, %s: %dx%d: sizes differ\n", files[0], a->w, a->h, files[1], b->w,
		       b->h);
		rc = 1;
		goto out;
	}
	if (diff_path != NULL) {
		d = SDL_CreateRGBSurfaceWithFormat(0, a->w, a->h, 32, SDL_PIXELFORMAT_ARGB8888);
		if (d == NULL) {
			fprintf(stderr, "imgdiff: out of memory\n");
			goto out;
		}
	}
	long long differ = 0, total = (long long)a->w * a->h;
	SDL_LockSurface(a);
	SDL_LockSurface(b);
	for (int y = 0; y < a->h; y++) {
		for (int x = 0; x < a->w; x++) {
			uint32_t pa = px(a, x, y), pb = px(b, x, y);
			int m = 0;
			for (int sh = 0; sh < 32; sh += 8) {
				int c = chan_diff(pa, pb, sh);
				m = c > m ? c : m;
			}
			bool diff = m > (int)threshold;
			differ += diff;
			if (d != NULL) {
				/* Faded original, so the differences stand out. */
				uint32_t g =
				    (((pa >> 16) & 0xff) + ((pa >> 8) & 0xff) + (pa & 0xff)) / 3;
				g = 192 + g / 4;
				uint32_t out =
				    diff ? 0xFFFF00FFu : (0xFFu << 24 | g << 16 | g << 8 | g);
				((uint32_t *)((uint8_t *)d->pixels +
				              (size_t)y * (size_t)d->pitch))[x] = out;
			}
		}
	}
	SDL_UnlockSurface(a);
	SDL_UnlockSurface(b);
	double share = total ? 100.0 * (double)differ / (double)total : 0.0;
	rc = share > tolerance ? 1 : 0;
	printf("%lld of %lld pixels differ (%.3f %%), threshold %d, tolerance %.2f %%: %s\n",
	       differ, total, share, (int)threshold, tolerance, rc ? "DIFFERENT" : "same");
	if (d != NULL && IMG_SavePNG(d, diff_path) != 0) {
		fprintf(stderr, "imgdiff: cannot write %s: %s\n", diff_path, IMG_GetError());
		rc = 2;
	}
out:
	SDL_FreeSurface(d);
	SDL_FreeSurface(b);
	SDL_FreeSurface(a);
	SDL_Quit();
	return rc;
}
