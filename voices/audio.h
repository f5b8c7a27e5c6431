/* Audio output: a ring of mono 16-bit samples drained by a backend.
 * Backends by name: "sdl" (SDL audio device, small buffer), "wav" (every sample
 * appended to a WAV file at once, for scripted runs and tests), "null". */
#ifndef ACCUEIL_AUDIO_H
#define ACCUEIL_AUDIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct audio audio_t;

#define AUDIO_RATE 22050

struct audio_config {
	const char *backend;  /* "sdl", "wav", "null" */
	const char *wav_path; /* for "wav" */
	int buffer_frames;    /* device buffer; default 512 */
	int ring_seconds;     /* ring capacity; default 90 */
};

/* Returns 0 and a new output in *out, or -ENODEV (no device could open),
 * -EIO (file), -EINVAL, -ENOMEM. Caller frees with audio_free. */
int audio_new(const struct audio_config *cfg, audio_t **out);
void audio_free(audio_t *a);

/* Queues samples. Returns 0, or -ENOSPC when the ring is full (the rest dropped). */
int audio_push(audio_t *a, const int16_t *samples, size_t n);

/* Barge-in: drops everything queued, at once. */
void audio_clear(audio_t *a);

/* Gain in percent, 10..100 (S7: never silent). */
void audio_set_volume(audio_t *a, int percent);

/* Monotonic nanoseconds at which the first non-silent sample since the last
 * audio_clear() was handed to the device (0 when none yet): for make bench. */
uint64_t audio_first_voiced_ns(const audio_t *a);

/* Samples still queued (not yet handed to the device). */
size_t audio_queued(const audio_t *a);

#endif
