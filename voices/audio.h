/* Audio output: a ring of mono 16-bit samples drained by a backend.
 * Backends by name: "sdl" (SDL audio device, small buffer), "wav" (every sample
 * appended to a WAV file at once, for scripted runs and tests), "null" (every sample
 * dropped at once, as if played instantly), "manual" (samples wait in the ring until
 * audio_pull takes them: what the device callback does, driven by a test). */
#ifndef ACCUEIL_AUDIO_H
#define ACCUEIL_AUDIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct audio audio_t;

#define AUDIO_RATE 22050

/* A sample whose magnitude reaches this is "non-silent" (about -48 dBFS): used to trim
 * speech and to time the first voiced sample. */
#define AUDIO_VOICED_THRESHOLD 128

/* The kiosk's device buffer: 64 frames (2.9 ms; SDL rounds it up to what the hardware takes).
 * The device takes samples from the ring once per buffer, so a reply waits for its turn: the
 * first voiced sample is queued 0.25 ms after the key, then waits up to one buffer (with 256
 * frames, up to 11.6 ms: nearly all of the key → first sample time, SPEC.md §5). */
#define AUDIO_KIOSK_FRAMES 64

struct audio_config {
	const char *backend;  /* "sdl", "wav", "null", "manual" */
	const char *wav_path; /* for "wav" */
	int buffer_frames;    /* device buffer; default 512 */
	int ring_seconds;     /* ring capacity; default 90 */
};

/* Returns 0 and a new output in *out, or -ENODEV (no device could open),
 * -EIO (file), -EINVAL, -ENOMEM. Caller frees with audio_free. */
int audio_new(const struct audio_config *cfg, audio_t **out);
/* Closes the device or finishes the WAV file. NULL is fine. */
void audio_free(audio_t *a);

/* Why the last audio_new failed, for the log: "SDL audio: no device (…)". Static storage. */
const char *audio_last_error(void);

/* Queues samples. Returns 0, or -ENOSPC when the ring is full (the rest dropped). */
int audio_push(audio_t *a, const int16_t *samples, size_t n);

/* Barge-in: drops everything queued, at once. */
void audio_clear(audio_t *a);

/* Gain in percent, 10..100 (S7: never silent). */
void audio_set_volume(audio_t *a, int percent);

/* Monotonic nanoseconds at which the first non-silent sample since the last
 * audio_clear() was handed to the device (0 when none yet): for make bench. */
uint64_t audio_first_voiced_ns(const audio_t *a);
/* Forgets that stamp without dropping anything queued: the next voiced sample is stamped. */
void audio_rearm(audio_t *a);

/* Samples still queued (not yet handed to the device). */
size_t audio_queued(const audio_t *a);

/* Takes up to n queued samples into out with the volume applied, as the device callback
 * does, and fills the rest of out with silence. Returns the number of queued samples
 * taken. For the "manual" backend (and any backend, from a test). */
size_t audio_pull(audio_t *a, int16_t *out, size_t n);

/* The monotonic clock, in nanoseconds, that audio_first_voiced_ns uses. */
uint64_t audio_clock_ns(void);

/* True when the sample is not silence (see AUDIO_VOICED_THRESHOLD). */
static inline bool audio_voiced(int16_t s)
{
	return s >= AUDIO_VOICED_THRESHOLD || s <= -AUDIO_VOICED_THRESHOLD;
}

#endif
