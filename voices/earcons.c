/* Earcons: a few notes each, sine plus a little harmonic colour, every note shaped by a
 * raised-cosine attack and release so nothing starts or stops with a click. The nine
 * differ in pitch, direction and rhythm, not only in loudness, so they can be told
 * apart on cheap headphones. */
#include "voices/earcons.h"

#include <errno.h>
#include <math.h>

#define EARCON_MAX_NOTES 4

struct earcon_note {
	float hz;
	float ms;
};

struct earcon_shape {
	struct earcon_note notes[EARCON_MAX_NOTES];
	int count;
	float amp;       /* peak, fraction of full scale: below speech level */
	float harmonic;  /* weight of the second (or third, when negative) harmonic */
	float attack_ms; /* per note */
	float release_ms;
	float decay_ms; /* exponential decay time constant per note; 0: none */
};

static const struct earcon_shape shapes[EARCON_COUNT] = {
    [EARCON_MOVE] = {{{880, 100}}, 1, 0.22f, 0.0f, 4, 30, 60},
    [EARCON_ACTIONABLE] = {{{660, 55}, {990, 65}}, 2, 0.25f, 0.1f, 4, 12, 0},
    [EARCON_CHECKED] = {{{784, 70}, {1175, 80}}, 2, 0.25f, 0.0f, 5, 15, 0},
    [EARCON_UNCHECKED] = {{{1175, 70}, {784, 80}}, 2, 0.25f, 0.0f, 5, 15, 0},
    [EARCON_ACTIVATE] = {{{1319, 110}}, 1, 0.28f, 0.25f, 3, 40, 45},
    [EARCON_NO_ACTION] = {{{196, 180}}, 1, 0.32f, -0.35f, 8, 40, 0},
    [EARCON_PAGE] = {{{523, 60}, {659, 60}, {784, 80}}, 3, 0.24f, 0.1f, 5, 15, 0},
    [EARCON_ALERT] = {{{988, 45}, {740, 45}, {988, 45}, {740, 45}}, 4, 0.28f, 0.0f, 4, 8, 0},
    [EARCON_WORKING] = {{{440, 140}}, 1, 0.14f, 0.0f, 30, 70, 0},
};

static double shape_ms(const struct earcon_shape *s)
{
	double ms = 0;
	for (int i = 0; i < s->count; i++)
		ms += s->notes[i].ms;
	return ms;
}

/* Raised-cosine ramp from 0 to 1 over n samples. */
static double ramp(size_t i, size_t n)
{
	if (n == 0 || i >= n)
		return 1.0;
	return 0.5 - 0.5 * cos(M_PI * (double)i / (double)n);
}

size_t earcon_length(enum earcon e, int rate)
{
	if (e < 0 || e >= EARCON_COUNT || rate < 8000 || rate > 192000)
		return 0;
	return (size_t)(shape_ms(&shapes[e]) * rate / 1000.0);
}

const char *earcon_name(enum earcon e)
{
	static const char *const names[EARCON_COUNT] = {
	    "move",      "actionable", "checked", "unchecked", "activate",
	    "no_action", "page",       "alert",   "working",
	};
	return e >= 0 && e < EARCON_COUNT ? names[e] : NULL;
}

int earcon_render(enum earcon e, int rate, int16_t *out, size_t cap)
{
	if (e < 0 || e >= EARCON_COUNT || rate < 8000 || rate > 192000 || (!out && cap > 0))
		return -EINVAL;
	const struct earcon_shape *s = &shapes[e];
	size_t total = earcon_length(e, rate);
	if (total > cap)
		return -ENOSPC;

	size_t at = 0;
	for (int k = 0; k < s->count; k++) {
		const struct earcon_note *note = &s->notes[k];
		size_t n = k == s->count - 1 ? total - at : (size_t)(note->ms * rate / 1000.0);
		size_t attack = (size_t)(s->attack_ms * rate / 1000.0);
		size_t release = (size_t)(s->release_ms * rate / 1000.0);
		if (attack + release > n)
			attack = release = n / 2;
		double w = 2.0 * M_PI * note->hz / rate;
		int mult = s->harmonic < 0 ? 3 : 2;
		double hw = fabs((double)s->harmonic);
		for (size_t i = 0; i < n; i++) {
			double env = ramp(i, attack) * ramp(n - 1 - i, release);
			if (s->decay_ms > 0)
				env *= exp(-(double)i * 1000.0 / (s->decay_ms * rate));
			double x = (sin(w * i) + hw * sin(mult * w * i)) / (1.0 + hw);
			out[at + i] = (int16_t)lrint(32767.0 * s->amp * env * x);
		}
		at += n;
	}
	return (int)total;
}

enum earcon earcon_for_cue(enum cue c)
{
	/* One earcon a cue today; the table keeps the two vocabularies apart. */
	static const enum earcon map[CUE_COUNT] = {
	    [CUE_MOVE] = EARCON_MOVE,         [CUE_ACTIONABLE] = EARCON_ACTIONABLE,
	    [CUE_CHECKED] = EARCON_CHECKED,   [CUE_UNCHECKED] = EARCON_UNCHECKED,
	    [CUE_ACTIVATE] = EARCON_ACTIVATE, [CUE_NO_ACTION] = EARCON_NO_ACTION,
	    [CUE_PAGE] = EARCON_PAGE,         [CUE_ALERT] = EARCON_ALERT,
	    [CUE_WORKING] = EARCON_WORKING,
	};
	return c >= 0 && c < CUE_COUNT ? map[c] : EARCON_NO_ACTION;
}
