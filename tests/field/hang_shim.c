/* A renderer that hangs, for the watchdog test: preloaded into the real kiosk, it passes
 * SDL_RenderPresent through until the file named by ACCUEIL_HANG_FLAG exists, and from then
 * on never returns from it, as a wedged GPU driver would. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>

void SDL_RenderPresent(void *renderer);

void SDL_RenderPresent(void *renderer)
{
	static void (*real)(void *);
	const char *flag = getenv("ACCUEIL_HANG_FLAG");

	if (flag && access(flag, F_OK) == 0)
		for (;;)
			pause();
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "SDL_RenderPresent");
	if (real)
		real(renderer);
}
