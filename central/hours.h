/* Opening hours of the queue: open / closing / closed at an instant, the current or next
 * opening window, and the wait estimate. Pure C (libc + calendar). */
#ifndef ACCUEIL_CENTRAL_HOURS_H
#define ACCUEIL_CENTRAL_HOURS_H

#include <stdbool.h>
#include <stdint.h>

#include "central/config.h"

enum central_hours_state { CENTRAL_HOURS_OPEN, CENTRAL_HOURS_CLOSING, CENTRAL_HOURS_CLOSED };

struct central_hours_status {
	enum central_hours_state state;
	bool accepting;   /* tickets may be issued now */
	int64_t opens_at; /* the current window's opening, or the next one's when closed */
	int64_t closes_at;
	int64_t next_opening; /* when accepting is false: the next opening; else opens_at */
};

/* Status at instant now (UTC seconds). Looks at most 60 days ahead for the next opening (a
 * configuration with no open day gives next_opening 0). */
void central_hours_status(const struct central_hours *h, int64_t now,
                          struct central_hours_status *out);

/* "fr"/"en" name of a state: "open", "closing", "closed". */
const char *central_hours_state_name(enum central_hours_state s);

/* Expected wait as a range in seconds for someone with `ahead` people effectively ahead, given
 * `counters` open counters and a mean service time mean_s: ahead / counters × mean, -25 %/+25 %,
 * rounded down/up to the minute. */
void central_hours_wait(int64_t ahead, int counters, double mean_s, int64_t *min_s, int64_t *max_s);

#endif
