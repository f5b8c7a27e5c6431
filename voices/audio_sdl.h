/* Internal to voices/audio*.c: the SDL device behind the "sdl" backend. Only
 * audio_sdl.c includes SDL, so the rest of voices/ builds and tests without it. */
#ifndef ACCUEIL_AUDIO_SDL_H
#define ACCUEIL_AUDIO_SDL_H

#include <stddef.h>
#include <stdint.h>

struct audio;

/* Opens the default output at AUDIO_RATE mono S16 with a buffer of `frames` and
 * starts it; its callback fills the buffer from audio_pull_locked(a, …). Returns 0 and
 * the device id in *dev, or -ENODEV with the reason in err. */
int audio_sdl_open(struct audio *a, int frames, uint32_t *dev, char *err, size_t errcap);
void audio_sdl_close(uint32_t dev);
/* The device lock the callback runs under. */
void audio_sdl_lock(uint32_t dev);
void audio_sdl_unlock(uint32_t dev);

/* audio_pull with the lock already held (the callback's case). Defined in audio.c. */
size_t audio_pull_locked(struct audio *a, int16_t *out, size_t n);

#endif
