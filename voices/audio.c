/* The audio ring and its backends. The ring is written by the main loop (speech pushes
 * samples as espeak-ng makes them) and read by the device callback; both sides hold the
 * SDL device lock for a memcpy at most, so barge-in (audio_clear) takes effect at once. */
#include "voices/audio.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "voices/audio_sdl.h"
#include "voices/wav.h"

#define AUDIO_DEFAULT_FRAMES       512
#define AUDIO_DEFAULT_RING_SECONDS 90
#define AUDIO_MAX_RING_SECONDS     600

enum audio_backend { AUDIO_NULL, AUDIO_WAV, AUDIO_MANUAL, AUDIO_SDL };

struct audio {
	enum audio_backend backend;
	int16_t *ring; /* AUDIO_MANUAL and AUDIO_SDL only */
	size_t cap, head, len;
	atomic_int gain_q15;
	atomic_uint_fast64_t first_voiced_ns;
	wav_t *wav;
	uint32_t dev;
};

static char last_error[256];

const char *audio_last_error(void)
{
	return last_error;
}

uint64_t audio_clock_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void lock(const audio_t *a)
{
	if (a->backend == AUDIO_SDL)
		audio_sdl_lock(a->dev);
}

static void unlock(const audio_t *a)
{
	if (a->backend == AUDIO_SDL)
		audio_sdl_unlock(a->dev);
}

/* Stamps the first voiced sample since the last clear; later ones change nothing. */
static void note_voiced(audio_t *a, const int16_t *s, size_t n)
{
	if (atomic_load_explicit(&a->first_voiced_ns, memory_order_relaxed) != 0)
		return;
	for (size_t i = 0; i < n; i++) {
		if (audio_voiced(s[i])) {
			uint64_t t = audio_clock_ns();
			atomic_store(&a->first_voiced_ns, t ? t : 1);
			return;
		}
	}
}

static int16_t apply_gain(int16_t s, int gain_q15)
{
	return (int16_t)(((int32_t)s * gain_q15) >> 15);
}

int audio_new(const struct audio_config *cfg, audio_t **out)
{
	int rc;
	last_error[0] = '\0';
	if (!cfg || !cfg->backend || !out) {
		snprintf(last_error, sizeof(last_error), "audio: no configuration");
		return -EINVAL;
	}
	int frames = cfg->buffer_frames > 0 ? cfg->buffer_frames : AUDIO_DEFAULT_FRAMES;
	int seconds = cfg->ring_seconds > 0 ? cfg->ring_seconds : AUDIO_DEFAULT_RING_SECONDS;
	if (frames < 16 || frames > 8192 || seconds > AUDIO_MAX_RING_SECONDS) {
		snprintf(last_error, sizeof(last_error),
		         "audio: buffer of %d frames or ring of %d s out of range", frames,
		         seconds);
		return -EINVAL;
	}
	struct audio *a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	atomic_init(&a->gain_q15, 32768);
	atomic_init(&a->first_voiced_ns, 0);

	if (strcmp(cfg->backend, "null") == 0) {
		a->backend = AUDIO_NULL;
	} else if (strcmp(cfg->backend, "wav") == 0) {
		a->backend = AUDIO_WAV;
		if (!cfg->wav_path) {
			snprintf(last_error, sizeof(last_error),
			         "audio: wav backend without a path");
			rc = -EINVAL;
			goto fail_free;
		}
		if ((rc = wav_open(cfg->wav_path, AUDIO_RATE, &a->wav)) < 0) {
			snprintf(last_error, sizeof(last_error), "audio: cannot write %s",
			         cfg->wav_path);
			goto fail_free;
		}
	} else if (strcmp(cfg->backend, "manual") == 0 || strcmp(cfg->backend, "sdl") == 0) {
		a->backend = cfg->backend[0] == 'm' ? AUDIO_MANUAL : AUDIO_SDL;
		a->cap = (size_t)seconds * AUDIO_RATE;
		a->ring = malloc(a->cap * sizeof(int16_t));
		if (!a->ring) {
			rc = -ENOMEM;
			goto fail_free;
		}
		if (a->backend == AUDIO_SDL &&
		    (rc = audio_sdl_open(a, frames, &a->dev, last_error, sizeof(last_error))) < 0)
			goto fail_free_ring;
	} else {
		snprintf(last_error, sizeof(last_error), "audio: unknown backend \"%.64s\"",
		         cfg->backend);
		rc = -EINVAL;
		goto fail_free;
	}
	*out = a;
	return 0;

fail_free_ring:
	free(a->ring);
fail_free:
	free(a);
	return rc;
}

void audio_free(audio_t *a)
{
	if (!a)
		return;
	if (a->backend == AUDIO_SDL)
		audio_sdl_close(a->dev); /* stops the callback before the ring goes */
	wav_close(a->wav);
	free(a->ring);
	free(a);
}

int audio_push(audio_t *a, const int16_t *samples, size_t n)
{
	if (!a || (!samples && n > 0))
		return -EINVAL;
	switch (a->backend) {
	case AUDIO_NULL:
		note_voiced(a, samples, n);
		return 0;
	case AUDIO_WAV: {
		int16_t buf[512];
		int gain = atomic_load(&a->gain_q15);
		note_voiced(a, samples, n);
		for (size_t done = 0; done < n;) {
			size_t k = n - done < 512 ? n - done : 512;
			for (size_t i = 0; i < k; i++)
				buf[i] = apply_gain(samples[done + i], gain);
			int rc = wav_write(a->wav, buf, k);
			if (rc < 0)
				return rc == -EFBIG ? -ENOSPC : rc;
			done += k;
		}
		return 0;
	}
	case AUDIO_MANUAL:
	case AUDIO_SDL:
		break;
	}
	lock(a);
	size_t room = a->cap - a->len, take = n < room ? n : room;
	size_t tail = (a->head + a->len) % a->cap;
	size_t first = take < a->cap - tail ? take : a->cap - tail;
	memcpy(a->ring + tail, samples, first * sizeof(int16_t));
	memcpy(a->ring, samples + first, (take - first) * sizeof(int16_t));
	a->len += take;
	unlock(a);
	return take < n ? -ENOSPC : 0;
}

void audio_clear(audio_t *a)
{
	if (!a)
		return;
	lock(a);
	a->head = 0;
	a->len = 0;
	atomic_store(&a->first_voiced_ns, 0);
	unlock(a);
}

void audio_set_volume(audio_t *a, int percent)
{
	if (!a)
		return;
	if (percent < 10)
		percent = 10;
	if (percent > 100)
		percent = 100;
	atomic_store(&a->gain_q15, percent * 32768 / 100);
}

uint64_t audio_first_voiced_ns(const audio_t *a)
{
	return a ? atomic_load(&((audio_t *)a)->first_voiced_ns) : 0;
}

void audio_rearm(audio_t *a)
{
	if (a)
		atomic_store(&a->first_voiced_ns, 0);
}

size_t audio_queued(const audio_t *a)
{
	if (!a || !a->ring)
		return 0;
	lock(a);
	size_t n = a->len;
	unlock(a);
	return n;
}

size_t audio_pull_locked(struct audio *a, int16_t *out, size_t n)
{
	size_t take = n < a->len ? n : a->len;
	size_t first = take < a->cap - a->head ? take : a->cap - a->head;
	int gain = atomic_load_explicit(&a->gain_q15, memory_order_relaxed);

	memcpy(out, a->ring + a->head, first * sizeof(int16_t));
	memcpy(out + first, a->ring, (take - first) * sizeof(int16_t));
	a->head = (a->head + take) % a->cap;
	a->len -= take;
	/* Stamped here, when the samples leave for the device (S5 latency bar). */
	note_voiced(a, out, take);
	for (size_t i = 0; i < take; i++)
		out[i] = apply_gain(out[i], gain);
	memset(out + take, 0, (n - take) * sizeof(int16_t));
	return take;
}

size_t audio_pull(audio_t *a, int16_t *out, size_t n)
{
	if (!a || !out)
		return 0;
	if (!a->ring) {
		memset(out, 0, n * sizeof(int16_t));
		return 0;
	}
	lock(a);
	size_t take = audio_pull_locked(a, out, n);
	unlock(a);
	return take;
}
