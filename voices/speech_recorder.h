/* Keeps what was said: text, language, time and samples, for scripted runs and tests. */
#ifndef ACCUEIL_SPEECH_RECORDER_H
#define ACCUEIL_SPEECH_RECORDER_H

#include <stddef.h>
#include <stdint.h>

#include "firmware/core/i18n.h"

struct speech_recorder;

#define RECORDER_MAX_ENTRIES 4096

/* log_path: a text file, one line per segment "t=12.345 fr: texte" (NULL: none).
 * wav_path: every sample said, as a 22 050 Hz mono WAV (NULL: none).
 * Returns 0 or -EIO / -ENOMEM. */
int recorder_new(const char *log_path, const char *wav_path, struct speech_recorder **out);
/* Finishes the WAV header and closes the files. NULL is fine. */
void recorder_free(struct speech_recorder *r);

void recorder_add_text(struct speech_recorder *r, uint64_t now_ms, enum lang lang, const char *text);
void recorder_add_samples(struct speech_recorder *r, const int16_t *s, size_t n);
void recorder_mark_stop(struct speech_recorder *r, uint64_t now_ms);

size_t recorder_count(const struct speech_recorder *r);
/* The i-th segment; NULL past the end. *lang is written when not NULL. */
const char *recorder_text(const struct speech_recorder *r, size_t i, enum lang *lang);
/* Forgets the text kept so far (the files keep everything): a script's
 * "expect said" looks at what was said since its previous expectation. */
void recorder_mark(struct speech_recorder *r);
size_t recorder_mark_index(const struct speech_recorder *r);

#endif
