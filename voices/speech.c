/* Speech: segments to the engine, the engine's samples trimmed and pushed to the audio
 * ring as they come, so the first voiced sample is queued a fraction of a millisecond
 * after speech_say starts. Synthesis is synchronous and ~1000x faster than real time:
 * speech_say returns when the whole utterance is queued, and never waits for playback. */
#include "voices/speech.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "voices/normalize.h"
#include "voices/speech_engine.h"
#include "voices/speech_recorder.h"

/* Silence longer than this inside speech is let through in pieces of this size. */
#define SPEECH_HOLD_MAX (AUDIO_RATE / 2)
/* What is kept of the silence at a segment's end: a short breath between segments, and
 * no dead time before the inactivity timer starts (R1 counts from the end of speech). */
#define SPEECH_TAIL_KEEP (AUDIO_RATE * 80 / 1000)
#define SPEECH_OUT_CHUNK 1024

static const int speech_wpm[SPEECH_RATE_STEPS] = {130, 155, 175, 215, 260};

struct speech {
	const struct speech_engine *engine;
	void *engine_state;
	audio_t *audio;
	struct speech_recorder *rec;
	int rate_step;
	int volume;
	uint64_t busy_until;
	bool has_last;
	struct utterance last;

	/* One segment's trimming: nothing goes out before its first voiced sample; quiet
	 * samples wait in hold until a voiced one shows they were a pause, not the end. */
	bool voiced;
	size_t held, out_len;
	uint64_t samples; /* pushed by the current speech_say */
	int push_rc;
	int16_t out[SPEECH_OUT_CHUNK];
	int16_t hold[SPEECH_HOLD_MAX];
	/* One segment as the engine gets it (normalize_spoken may lengthen it). */
	char spoken[UTTERANCE_SEGMENT_MAX * 2];
};

static char speech_error[256];

const char *speech_last_error(void)
{
	return speech_error;
}

int speech_new(const struct speech_config *cfg, speech_t **out)
{
	const struct speech_engine *engine = NULL;
	speech_error[0] = '\0';
	if (!cfg || !cfg->engine || !out) {
		snprintf(speech_error, sizeof(speech_error), "speech: no configuration");
		return -EINVAL;
	}
	if (strcmp(cfg->engine, "espeak") == 0) {
		engine = &speech_espeak_engine;
	} else if (strcmp(cfg->engine, "tone") == 0) {
		engine = &speech_tone_engine;
	} else {
		snprintf(speech_error, sizeof(speech_error), "speech: unknown engine \"%.64s\"",
		         cfg->engine);
		return -EINVAL;
	}
	struct speech *sp = calloc(1, sizeof(*sp));
	if (!sp)
		return -ENOMEM;
	int rc = engine->open(cfg, &sp->engine_state, speech_error, sizeof(speech_error));
	if (rc < 0) {
		free(sp);
		return rc;
	}
	sp->engine = engine;
	sp->audio = cfg->audio;
	sp->rate_step = 2;
	sp->volume = 100;
	*out = sp;
	return 0;
}

void speech_free(speech_t *sp)
{
	if (!sp)
		return;
	sp->engine->close(sp->engine_state);
	free(sp);
}

static void speech_emit(struct speech *sp, const int16_t *s, size_t n)
{
	if (n == 0)
		return;
	if (sp->audio) {
		int rc = audio_push(sp->audio, s, n);
		if (rc < 0 && sp->push_rc == 0)
			sp->push_rc = rc;
	}
	recorder_add_samples(sp->rec, s, n);
	sp->samples += n;
}

static void speech_flush(struct speech *sp)
{
	speech_emit(sp, sp->out, sp->out_len);
	sp->out_len = 0;
}

static void speech_out(struct speech *sp, int16_t s)
{
	sp->out[sp->out_len++] = s;
	if (sp->out_len == SPEECH_OUT_CHUNK)
		speech_flush(sp);
}

static void speech_release_hold(struct speech *sp, size_t n)
{
	for (size_t i = 0; i < n; i++)
		speech_out(sp, sp->hold[i]);
	sp->held = 0;
}

static int speech_sink(void *ctx, const int16_t *s, size_t n)
{
	struct speech *sp = ctx;
	size_t i = 0;
	if (!sp->voiced) {
		while (i < n && !audio_voiced(s[i]))
			i++;
		if (i == n)
			return 0;
		sp->voiced = true;
	}
	for (; i < n; i++) {
		if (audio_voiced(s[i])) {
			if (sp->held > 0)
				speech_release_hold(sp, sp->held);
			speech_out(sp, s[i]);
		} else {
			if (sp->held == SPEECH_HOLD_MAX)
				speech_release_hold(sp, sp->held);
			sp->hold[sp->held++] = s[i];
		}
	}
	/* Hand this chunk's voice to the device now, not when the segment ends. */
	speech_flush(sp);
	return 0;
}

static void speech_segment_begin(struct speech *sp)
{
	sp->voiced = false;
	sp->held = 0;
	sp->out_len = 0;
}

static void speech_segment_end(struct speech *sp)
{
	speech_flush(sp);
	speech_release_hold(sp, sp->held < SPEECH_TAIL_KEEP ? sp->held : SPEECH_TAIL_KEEP);
	speech_flush(sp);
}

/* The queue's end moves by what was pushed, from now or from the previous end. */
static void speech_advance(struct speech *sp, uint64_t start_ms)
{
	if (sp->samples == 0)
		return;
	sp->busy_until = start_ms + (sp->samples * 1000 + AUDIO_RATE - 1) / AUDIO_RATE;
}

int speech_say(speech_t *sp, const struct utterance *u, uint64_t now_ms)
{
	if (!sp || !u || u->count < 0 || u->count > UTTERANCE_MAX_SEGMENTS)
		return -EINVAL;
	if (u != &sp->last) {
		memcpy(&sp->last, u, sizeof(*u));
		sp->has_last = true;
	}
	uint64_t start = sp->busy_until > now_ms ? sp->busy_until : now_ms;
	int wpm = speech_wpm[sp->rate_step];
	int rc = 0;
	sp->samples = 0;
	sp->push_rc = 0;
	for (int i = 0; i < sp->last.count; i++) {
		const struct utterance_segment *seg = &sp->last.seg[i];
		size_t len = strnlen(seg->text, sizeof(seg->text));
		if (len == 0 || len == sizeof(seg->text))
			continue; /* empty, or not a string: nothing to say */
		/* The words themselves, as the voice will say them: the recorder keeps these,
		 * so a test hears what a visitor hears. A text too long for the buffer is
		 * said as far as it goes. */
		int n =
		    normalize_spoken_at(seg->lang, wpm, seg->text, sp->spoken, sizeof(sp->spoken));
		if (n < 0 && !sp->spoken[0]) {
			if (rc == 0)
				rc = n;
			continue;
		}
		recorder_add_text(sp->rec, now_ms, seg->lang, sp->spoken);
		speech_segment_begin(sp);
		int r = sp->engine->synth(sp->engine_state, seg->lang, sp->spoken, wpm, speech_sink,
		                          sp);
		speech_segment_end(sp);
		if (r < 0 && rc == 0)
			rc = r;
	}
	speech_advance(sp, start);
	return rc < 0 ? rc : sp->push_rc;
}

int speech_earcon(speech_t *sp, enum earcon e, uint64_t now_ms)
{
	int16_t buf[AUDIO_RATE / 4]; /* earcons last 200 ms at most */
	if (!sp)
		return -EINVAL;
	int n = earcon_render(e, AUDIO_RATE, buf, sizeof(buf) / sizeof(buf[0]));
	if (n < 0)
		return n;
	uint64_t start = sp->busy_until > now_ms ? sp->busy_until : now_ms;
	sp->samples = 0;
	sp->push_rc = 0;
	recorder_add_earcon(sp->rec, now_ms, earcon_name(e));
	speech_emit(sp, buf, (size_t)n);
	speech_advance(sp, start);
	return sp->push_rc;
}

void speech_stop(speech_t *sp, uint64_t now_ms)
{
	if (!sp)
		return;
	audio_clear(sp->audio);
	sp->busy_until = 0;
	recorder_mark_stop(sp->rec, now_ms);
}

int speech_repeat(speech_t *sp, uint64_t now_ms)
{
	if (!sp)
		return -EINVAL;
	if (!sp->has_last)
		return -ENOENT;
	return speech_say(sp, &sp->last, now_ms);
}

void speech_set_rate(speech_t *sp, int step)
{
	if (!sp)
		return;
	sp->rate_step = step < 0 ? 0 : step >= SPEECH_RATE_STEPS ? SPEECH_RATE_STEPS - 1 : step;
}

int speech_rate(const speech_t *sp)
{
	return sp ? sp->rate_step : 2;
}

int speech_rate_wpm(int step)
{
	step = step < 0 ? 0 : step >= SPEECH_RATE_STEPS ? SPEECH_RATE_STEPS - 1 : step;
	return speech_wpm[step];
}

void speech_set_volume(speech_t *sp, int percent)
{
	if (!sp)
		return;
	sp->volume = percent < 10 ? 10 : percent > 100 ? 100 : percent;
	audio_set_volume(sp->audio, sp->volume);
}

int speech_volume(const speech_t *sp)
{
	return sp ? sp->volume : 100;
}

void speech_set_audio(speech_t *sp, audio_t *audio)
{
	if (!sp)
		return;
	sp->audio = audio;
	if (audio)
		audio_set_volume(audio, sp->volume);
}

uint64_t speech_busy_until(const speech_t *sp)
{
	return sp ? sp->busy_until : 0;
}

void speech_set_recorder(speech_t *sp, struct speech_recorder *rec)
{
	if (sp)
		sp->rec = rec;
}
