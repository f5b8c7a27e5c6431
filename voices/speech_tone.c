/* A deterministic stand-in for espeak-ng: one tone burst per character, a gap per word
 * and a pause per punctuation mark, timed from the rate as speech would be (about six
 * characters a word). Tests of timing and barge-in use it so they do not depend on
 * espeak-ng's data; French and English differ in pitch so a test can tell them apart. */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "voices/audio.h"
#include "voices/speech.h"
#include "voices/speech_engine.h"

#define SPEECH_TONE_CHUNK 441 /* 20 ms, like espeak-ng's chunks */

struct speech_tone_gen {
	int16_t buf[SPEECH_TONE_CHUNK];
	size_t len;
	double phase;
	speech_sink_fn sink;
	void *ctx;
	int stopped;
};

static void speech_tone_put(struct speech_tone_gen *g, int16_t s)
{
	if (g->stopped)
		return;
	g->buf[g->len++] = s;
	if (g->len == SPEECH_TONE_CHUNK) {
		g->stopped = g->sink(g->ctx, g->buf, g->len);
		g->len = 0;
	}
}

/* A burst with 2 ms ramps at both ends, so bursts join without clicks. */
static void speech_tone_burst(struct speech_tone_gen *g, double hz, size_t n)
{
	size_t ramp = AUDIO_RATE / 500;
	double w = 2.0 * M_PI * hz / AUDIO_RATE;
	for (size_t i = 0; i < n; i++) {
		double env = 1.0;
		if (i < ramp)
			env = (double)i / ramp;
		if (n - 1 - i < ramp && (double)(n - 1 - i) / ramp < env)
			env = (double)(n - 1 - i) / ramp;
		speech_tone_put(g, (int16_t)lrint(8000.0 * env * sin(g->phase)));
		g->phase += w;
	}
	g->phase = fmod(g->phase, 2.0 * M_PI);
}

static void speech_tone_silence(struct speech_tone_gen *g, size_t n)
{
	for (size_t i = 0; i < n; i++)
		speech_tone_put(g, 0);
}

static int speech_tone_open(const struct speech_config *cfg, void **state, char *err, size_t errcap)
{
	static int speech_tone_dummy;
	(void)cfg;
	(void)err;
	(void)errcap;
	*state = &speech_tone_dummy;
	return 0;
}

static void speech_tone_close(void *state)
{
	(void)state;
}

static int speech_tone_synth(void *state, enum lang lang, const char *text, int wpm,
                             speech_sink_fn sink, void *ctx)
{
	struct speech_tone_gen g = {.sink = sink, .ctx = ctx};
	(void)state;
	if (wpm <= 0 || lang < 0 || lang >= LANG_COUNT)
		return -EINVAL;
	size_t per_char = (size_t)AUDIO_RATE * 60 / ((size_t)wpm * 6);
	double hz = lang == LANG_FR ? 220.0 : 330.0;
	for (const char *p = text; *p && !g.stopped; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c & 0xC0) == 0x80)
			continue; /* one burst per character, not per byte */
		if (c == ' ')
			speech_tone_silence(&g, per_char);
		else if (strchr(",.;:!?", c))
			speech_tone_silence(&g, per_char * 4);
		else
			speech_tone_burst(&g, hz, per_char);
	}
	/* A closing pause, as espeak-ng makes: speech.c shortens it. */
	speech_tone_silence(&g, per_char * 4);
	if (g.len > 0 && !g.stopped)
		sink(ctx, g.buf, g.len);
	return 0;
}

const struct speech_engine speech_tone_engine = {
    "tone",
    speech_tone_open,
    speech_tone_close,
    speech_tone_synth,
};
