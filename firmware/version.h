/* The firmware's identity: its version, the board it was built for, the commit and the
 * libraries it runs on, for `accueil --version`, the heartbeat and the self-test. */
#ifndef ACCUEIL_VERSION_H
#define ACCUEIL_VERSION_H

#include <stddef.h>
#include <stdint.h>

#define ACCUEIL_VERSION "0.1.0"

/* The board this binary was built for ("pc", "rpi4", "rpi3"). Static storage. */
const char *version_board(void);
/* The source commit ("unknown" outside a git checkout). Static storage. */
const char *version_commit(void);
/* When the source was last committed (seconds since the epoch; 0 when unknown): no
 * correct clock can be earlier. */
int64_t version_source_epoch(void);

/* Writes the --version text (several lines: version, board, commit, libraries) to out.
 * Returns the length, or -ENOSPC when cap is too small (out then holds a cut text). */
int version_describe(char *out, size_t cap);

#endif
