/* Keeps what was said: text, language, time and samples, for scripted runs and tests.
 * Its files hold everything said, personal data included: it is never set on a kiosk in
 * service (logs never contain personal data). */
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

/* One segment said at now_ms (the caller's clock). Text is kept up to 4 KiB; past
 * RECORDER_MAX_ENTRIES kept segments the oldest is forgotten (its index stays used). */
void recorder_add_text(struct speech_recorder *r, uint64_t now_ms, enum lang lang,
                       const char *text);
/* One earcon played: logged "t=1.234 earcon: page" and counted. name: static storage
 * (earcon_name()). */
void recorder_add_earcon(struct speech_recorder *r, uint64_t now_ms, const char *name);
/* Samples said, appended to the WAV. */
void recorder_add_samples(struct speech_recorder *r, const int16_t *s, size_t n);
/* Barge-in: logged "t=1.234 stop: ". */
void recorder_mark_stop(struct speech_recorder *r, uint64_t now_ms);

/* Segments said since recorder_new (indices are absolute: they never shift). */
size_t recorder_count(const struct speech_recorder *r);
/* The i-th segment said; NULL past the end and for a forgotten one (before
 * recorder_mark_index). *lang is written when not NULL. Owned by the recorder, valid
 * until the next mark or add. */
const char *recorder_text(const struct speech_recorder *r, size_t i, enum lang *lang);
/* When the i-th segment was said (caller's clock, ms); 0 past the end. */
uint64_t recorder_time(const struct speech_recorder *r, size_t i);
/* Earcons played since the last mark; *last (when not NULL) gets the last one's name
 * or NULL. */
size_t recorder_earcons(const struct speech_recorder *r, const char **last);
/* Forgets the text kept so far (the files keep everything): a script's
 * "expect said" looks at what was said since its previous expectation. */
void recorder_mark(struct speech_recorder *r);
/* The first segment still kept: recorder_count() at the last mark, or later when more
 * than RECORDER_MAX_ENTRIES were said since. "Said since the last check" is
 * recorder_text(r, i) for i from recorder_mark_index(r) to recorder_count(r) - 1. */
size_t recorder_mark_index(const struct speech_recorder *r);

#endif
