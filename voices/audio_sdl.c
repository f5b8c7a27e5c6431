/* The SDL2 audio device: a callback that copies from the ring, nothing else, so it never
 * waits on the main loop. SDL holds the device lock while the callback runs. */
#include "voices/audio_sdl.h"

#include <SDL.h>
#include <errno.h>
#include <stdio.h>

#include "voices/audio.h"

static void audio_sdl_callback(void *user, Uint8 *stream, int len)
{
	audio_pull_locked(user, (int16_t *)(void *)stream, (size_t)len / sizeof(int16_t));
}

int audio_sdl_open(struct audio *a, int frames, uint32_t *dev, char *err, size_t errcap)
{
	SDL_AudioSpec want, have;

	if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
		snprintf(err, errcap, "SDL audio: no driver could start (%s)", SDL_GetError());
		return -ENODEV;
	}
	SDL_zero(want);
	want.freq = AUDIO_RATE;
	want.format = AUDIO_S16SYS;
	want.channels = 1;
	want.samples = (Uint16)frames;
	want.callback = audio_sdl_callback;
	want.userdata = a;
	/* No allowed changes: SDL converts to whatever the hardware wants, and the ring
	 * stays at 22 050 Hz mono like espeak-ng's output. */
	SDL_AudioDeviceID id = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
	if (id == 0) {
		snprintf(err, errcap, "SDL audio: no output device could open (%s, driver %s)",
		         SDL_GetError(),
		         SDL_GetCurrentAudioDriver() ? SDL_GetCurrentAudioDriver() : "none");
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
		return -ENODEV;
	}
	SDL_PauseAudioDevice(id, 0);
	*dev = id;
	return 0;
}

void audio_sdl_close(uint32_t dev)
{
	if (dev == 0)
		return;
	SDL_CloseAudioDevice(dev);
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

void audio_sdl_lock(uint32_t dev)
{
	SDL_LockAudioDevice(dev);
}

void audio_sdl_unlock(uint32_t dev)
{
	SDL_UnlockAudioDevice(dev);
}
