/* The headphone jack detector (ACCESSIBILITY.md A1). Backends by configuration:
 *  - "key": no hardware; on the pc board F9 plugs and unplugs (ui/input_sdl.c);
 *  - a file path: a GPIO value file ("1" plugged, "0" not; "!PATH" when the line is
 *    active low), as the board's jack switch exposes it, read twice a second. */
#ifndef ACCUEIL_JACK_H
#define ACCUEIL_JACK_H

#include <stdbool.h>
#include <stdint.h>

typedef struct jack jack_t;

#define JACK_POLL_MS 500

/* Returns 0 and *out (NULL for "key": nothing to poll), or -EINVAL for an empty spec,
 * -ENOMEM. A file that cannot be read yet is not an error here: jack_poll says so. */
int jack_new(const char *spec, jack_t **out);
void jack_free(jack_t *j);

/* Reads the detector when a poll is due at now. Returns 1 and *plugged when the state
 * changed (the first successful read counts as a change when plugged), 0 when not,
 * -EIO when the file cannot be read (reported once until it reads again). */
int jack_poll(jack_t *j, uint64_t now, bool *plugged);

/* When jack_poll wants to be called next. */
uint64_t jack_next_poll(const jack_t *j);

#endif
