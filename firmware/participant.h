/* A participant of the program layer: something besides the core that has work of its
 * own (the central's requests and schedules, the headphone detector; the outbox, the
 * printer and the board next). The loop asks each for its next deadline and steps it;
 * the core's effects are offered to each in turn; what a participant learns goes back to
 * the core as events through `deliver`. */
#ifndef ACCUEIL_PARTICIPANT_H
#define ACCUEIL_PARTICIPANT_H

#include <stdbool.h>
#include <stdint.h>

#include "firmware/core/app.h"

/* Where a participant sends the events it produces (the kiosk hands them to the core). */
struct participant_sink {
	void *ctx;
	void (*deliver)(void *ctx, const struct app_event *ev, uint64_t now);
};

struct participant {
	const char *name;
	void *self;
	/* The next time step has something to do, or UINT64_MAX. */
	uint64_t (*next_deadline)(void *self, uint64_t now);
	/* Does what is due at now; events go to sink. */
	void (*step)(void *self, uint64_t now, const struct participant_sink *sink);
	/* Takes an effect of the core's; true when it was this participant's. NULL: none. */
	bool (*effect)(void *self, const struct app_fx *fx, uint64_t now);
};

#endif
