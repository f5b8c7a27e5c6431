/* Internal to voices/speech*.c: what an engine provides to speech.c. An engine turns one
 * segment of text into 22 050 Hz mono samples and hands them over as they come. */
#ifndef ACCUEIL_SPEECH_ENGINE_H
#define ACCUEIL_SPEECH_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "firmware/core/i18n.h"

struct speech_config;

/* Receives samples as they are made; returns nonzero to cut the synthesis short. */
typedef int (*speech_sink_fn)(void *ctx, const int16_t *samples, size_t n);

struct speech_engine {
	const char *name;
	/* Returns 0 and the engine's state, or a negative code with the reason in err. */
	int (*open)(const struct speech_config *cfg, void **state, char *err, size_t errcap);
	void (*close)(void *state);
	/* Synthesises text in lang at wpm words per minute, calling sink for every chunk
	 * before returning. text is already as normalize_spoken writes it: the words to
	 * say, with "[[" only where it put phonemes. Returns 0, -ENOENT (voice gone), -EIO. */
	int (*synth)(void *state, enum lang lang, const char *text, int wpm, speech_sink_fn sink,
	             void *ctx);
};

extern const struct speech_engine speech_espeak_engine;
extern const struct speech_engine speech_tone_engine;

#endif
