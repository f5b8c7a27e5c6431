/* Speech: utterances to audio, one segment at a time in its own voice, with
 * barge-in, repeat, rate and volume. Engines by name: "espeak" (espeak-ng in
 * process, synchronous synth callback at 22 050 Hz, leading silence trimmed)
 * and "tone" (a deterministic stand-in of the same length class for tests that
 * must not depend on espeak's data). */
#ifndef ACCUEIL_SPEECH_H
#define ACCUEIL_SPEECH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "voices/audio.h"
#include "voices/earcons.h"
#include "voices/utterance.h"

typedef struct speech speech_t;
struct speech_recorder;

#define SPEECH_RATE_STEPS 5 /* about 130, 155, 175, 215, 260 words per minute (S7) */

struct speech_config {
	const char *engine;      /* "espeak" or "tone" */
	const char *espeak_data; /* espeak-ng data directory; NULL: the library's default */
	audio_t *audio;          /* not owned; may be NULL (text only) */
};

/* Returns 0 and a new speech in *out; -ENOENT when espeak-ng's data or a voice
 * is missing (the message in speech_last_error names it), -EBUSY when espeak-ng
 * already runs in this process with another data directory, -EINVAL, -ENOMEM.
 * Voices: "fr" and "en-us". Never exits, whatever espeak-ng finds. */
int speech_new(const struct speech_config *cfg, speech_t **out);
/* NULL is fine. The audio output stays the caller's. */
void speech_free(speech_t *sp);
/* Why the last speech_new failed. Static storage. */
const char *speech_last_error(void);

/* Synthesises u after whatever is still playing. now_ms is the caller's clock.
 * Returns 0 or a negative code; never blocks on audio. */
int speech_say(speech_t *sp, const struct utterance *u, uint64_t now_ms);
/* Queues an earcon after whatever is still playing. */
int speech_earcon(speech_t *sp, enum earcon e, uint64_t now_ms);
/* Barge-in: everything queued is gone at once; speech_busy_until becomes 0. */
void speech_stop(speech_t *sp, uint64_t now_ms);
/* Says the last utterance again (S5). -ENOENT when nothing was said yet. */
int speech_repeat(speech_t *sp, uint64_t now_ms);

/* Rate step 0..SPEECH_RATE_STEPS-1, default 2 (clamped). */
void speech_set_rate(speech_t *sp, int step);
int speech_rate(const speech_t *sp);
/* Words per minute of a step (clamped): 130, 155, 175, 215, 260. */
int speech_rate_wpm(int step);
/* Volume 10..100 percent (clamped), default 100: the audio output's gain. */
void speech_set_volume(speech_t *sp, int percent);
int speech_volume(const speech_t *sp);

/* Changes the output (not owned; NULL: text and recorder only). The kiosk opens the
 * audio device only while speech mode is on: an open SDL device wakes its thread every
 * buffer even in silence. */
void speech_set_audio(speech_t *sp, audio_t *audio);

/* When the audio already queued ends, on the caller's clock: each speech_say or
 * speech_earcon adds its samples / 22 050 s after max(now, the previous end).
 * 0 after speech_stop and before anything was said. */
uint64_t speech_busy_until(const speech_t *sp);

/* Every segment said (and earcon played) is also given to the recorder, when set: the
 * words as the voice got them, after normalize_spoken ("14 heures 30", a phone number's
 * digits), with their language. */
void speech_set_recorder(speech_t *sp, struct speech_recorder *rec);

#endif
