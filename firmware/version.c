#include "firmware/version.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <espeak-ng/speak_lib.h>
#include <mbedtls/version.h>
#include <sqlite3.h>
#include <stdio.h>

#include "firmware/services/net.h"

/* The Makefile passes these for this file only; a build outside it still says something
 * true. */
#ifndef ACCUEIL_BOARD_NAME
#define ACCUEIL_BOARD_NAME "unknown"
#endif
#ifndef ACCUEIL_COMMIT
#define ACCUEIL_COMMIT "unknown"
#endif
#ifndef ACCUEIL_SOURCE_EPOCH
#define ACCUEIL_SOURCE_EPOCH 0
#endif

const char *version_board(void)
{
	return ACCUEIL_BOARD_NAME;
}

const char *version_commit(void)
{
	return ACCUEIL_COMMIT;
}

int64_t version_source_epoch(void)
{
	return (int64_t)ACCUEIL_SOURCE_EPOCH;
}

int version_describe(char *out, size_t cap)
{
	SDL_version sdl;
	const SDL_version *ttf = TTF_Linked_Version();
	const char *espeak_path = NULL;
	char mbed[32];

	SDL_GetVersion(&sdl);
	mbedtls_version_get_string(mbed);
	const char *espeak = espeak_Info(&espeak_path);
	const char *curl = net_library_version();
	int n = snprintf(out, cap,
	                 "accueil %s\n"
	                 "board %s\n"
	                 "commit %s\n"
	                 "SDL %d.%d.%d, SDL_ttf %d.%d.%d, espeak-ng %s, libcurl %s, mbedTLS %s, "
	                 "SQLite %s\n",
	                 ACCUEIL_VERSION, version_board(), version_commit(), sdl.major, sdl.minor,
	                 sdl.patch, ttf->major, ttf->minor, ttf->patch, espeak ? espeak : "?",
	                 curl ? curl : "?", mbed, sqlite3_libversion());
	if (n < 0)
		return -EIO;
	return (size_t)n >= cap ? -ENOSPC : n;
}
