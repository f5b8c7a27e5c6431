/* A small WAV file writer and reader: 16-bit PCM mono, for the "wav" audio backend,
 * the speech recorder and tests. */
#ifndef ACCUEIL_WAV_H
#define ACCUEIL_WAV_H

#include <stddef.h>
#include <stdint.h>

typedef struct wav wav_t;

/* Creates (truncates) path and writes a header for rate Hz mono 16-bit; the sizes in
 * the header are fixed up by wav_flush and wav_close. Returns 0 and the writer in *out
 * (caller closes it with wav_close), -EINVAL, -EIO (file), -ENOMEM. */
int wav_open(const char *path, int rate, wav_t **out);

/* Appends n samples. Returns 0, -EIO, or -EFBIG past the 2 GiB a WAV can describe
 * (the rest is dropped). */
int wav_write(wav_t *w, const int16_t *samples, size_t n);

/* Writes the sizes reached so far into the header, so the file is valid even if the
 * program dies afterwards. Returns 0 or -EIO. */
int wav_flush(wav_t *w);

/* Samples written so far. */
size_t wav_samples(const wav_t *w);

/* Fixes up the header and closes the file. Returns 0 or -EIO. NULL is fine. */
int wav_close(wav_t *w);

/* Reads a 16-bit PCM mono WAV of at most max_samples samples. Returns 0 with a new
 * array in *samples (caller frees it with free()), its length in *n and the rate in
 * *rate; -ENOENT, -EIO, -EINVAL (not such a WAV), -EFBIG (longer than max_samples),
 * -ENOMEM. */
int wav_read(const char *path, size_t max_samples, int16_t **samples, size_t *n, int *rate);

#endif
