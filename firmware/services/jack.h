/* The headphone jack detector (ACCESSIBILITY.md A1), chosen by the board's `jack =` setting:
 *  - "key": no hardware; on the pc board F9 plugs and unplugs (ui/input_sdl.c);
 *  - "evdev:PATH": an input device's SW_HEADPHONE_INSERT switch (the ALSA driver's jack
 *    input, or a codec's), PATH its event node (/dev/input/by-path/…-event); a file of
 *    recorded `struct input_event` reads the same way (tests, bench);
 *  - "gpio:CHIP:LINE[:active-low]": a GPIO line through libgpiod (CHIP "gpiochip0" or "0"),
 *    its value read once, then its edge events;
 *  - "gpio-events:PATH[:active-low]": recorded GPIO line events (`struct gpioevent_data`,
 *    what the line's event descriptor delivers), for tests where no GPIO chip exists;
 *  - a file path (or "!PATH" for an active-low line): a sysfs GPIO value file, "1" or "0".
 * Every backend is read when jack_poll is due (twice a second); a device that cannot be read
 * yet (a keypad's jack not plugged in) is reported once and tried again. */
#ifndef ACCUEIL_JACK_H
#define ACCUEIL_JACK_H

#include <stdbool.h>
#include <stdint.h>

typedef struct jack jack_t;

#define JACK_POLL_MS 500

/* Returns 0 and *out (NULL for "key": nothing to poll), or -EINVAL for an empty or malformed
 * spec (an unknown scheme, a line that is not a number), -ENOMEM. A device that cannot be
 * opened yet is not an error here: jack_poll says so. */
int jack_new(const char *spec, jack_t **out);
/* Closes the device. NULL is fine. */
void jack_free(jack_t *j);

/* Reads the detector when a poll is due at now. Returns 1 and *plugged when the state
 * changed (the first successful read counts as a change when plugged), 0 when not,
 * -EIO when the device cannot be read (reported once until it reads again). */
int jack_poll(jack_t *j, uint64_t now, bool *plugged);

/* When jack_poll wants to be called next. */
uint64_t jack_next_poll(const jack_t *j);

/* The backend's name for messages: "key", "evdev", "gpio", "gpio-events", "file". */
const char *jack_kind(const jack_t *j);

#endif
