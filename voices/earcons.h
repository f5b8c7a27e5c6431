/* Earcons (S6): short tones generated in code, 100 to 200 ms each. Pure C. */
#ifndef ACCUEIL_EARCONS_H
#define ACCUEIL_EARCONS_H

#include <stddef.h>
#include <stdint.h>

#include "firmware/core/cue.h"

enum earcon {
	EARCON_MOVE,
	EARCON_ACTIONABLE,
	EARCON_CHECKED,
	EARCON_UNCHECKED,
	EARCON_ACTIVATE,
	EARCON_NO_ACTION,
	EARCON_PAGE,
	EARCON_ALERT,
	EARCON_WORKING,
	EARCON_COUNT
};

/* The earcon that sounds cue c (the core names cues, not sounds). */
enum earcon earcon_for_cue(enum cue c);

/* Renders earcon e as mono 16-bit samples at `rate` Hz into out (cap samples).
 * Returns the number of samples written, or -EINVAL / -ENOSPC. */
int earcon_render(enum earcon e, int rate, int16_t *out, size_t cap);

/* Samples earcon_render needs for e at rate (so callers can size out); 0 for a bad e. */
size_t earcon_length(enum earcon e, int rate);

/* "move", "actionable", "checked", "unchecked", "activate", "no_action", "page", "alert",
 * "working"; NULL for a bad e. For logs and test scripts. Static storage. */
const char *earcon_name(enum earcon e);

#endif
