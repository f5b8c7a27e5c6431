/* The headphone jack detector (ACCESSIBILITY.md A1), chosen by the board's `jack =` setting:
 *  - "key": no hardware; on the pc board F9 plugs and unplugs (ui/input_sdl.c);
 *  - "evdev:PATH": an input device's SW_HEADPHONE_INSERT switch (the ALSA driver's jack
 *    input, or a codec's), PATH its event node (/dev/input/by-path/…-event); a file of
 *    recorded `struct input_event` reads the same way (tests, bench);
 *  - "gpio:CHIP:LINE[:active-low]": a GPIO line through libgpiod (CHIP "gpiochip0" or "0"),
 *    its value read once, then its edge events;
 *  - "gpio-events:PATH[:active-low]": recorded GPIO line events (`struct gpioevent_data`,
 *    what the line's event descriptor delivers), for tests where no GPIO chip exists;
 *  - "alsa:CARD:CONTROL": an ALSA jack control (a boolean of the CARD interface, such as
 *    "Headphone Jack", which codec drivers with jack detection create), read with alsa-lib's
 *    snd_ctl on card hw:CARD (CARD its index "0" or its name "Headphones", no colon); its
 *    value is read once, then its change events;
 *  - "alsa-events:PATH:CONTROL": recorded control events (text lines, see
 *    jack_alsa_parse_line), decoded by the same jack_alsa_decode, for tests with no card;
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

/* The backend's name for messages: "key", "evdev", "gpio", "gpio-events", "alsa",
 * "alsa-events", "file". */
const char *jack_kind(const jack_t *j);

/* Why the last jack_poll returned -EIO, in words for the log and the self-test ("no ALSA
 * card \"hw:9\" …"); "" when it has not failed. Never NULL; valid until the next poll. */
const char *jack_error(const jack_t *j);

/* ---- ALSA control events, decoded without alsa-lib (pure; tests feed recorded ones) ---- */

#define JACK_ALSA_NAME_MAX 44 /* SNDRV_CTL_ELEM_ID_NAME_MAXLEN */

/* What changed in an element (alsa-lib's SND_CTL_EVENT_MASK_*; REMOVE stands alone). */
enum jack_alsa_mask {
	JACK_ALSA_VALUE = 1,
	JACK_ALSA_INFO = 2,
	JACK_ALSA_ADD = 4,
	JACK_ALSA_TLV = 8,
	JACK_ALSA_REMOVE = 16,
};

/* One element event of a control device, with the element's value read after it (value -1:
 * not read, e.g. a removal). */
struct jack_alsa_event {
	unsigned mask;
	char name[JACK_ALSA_NAME_MAX];
	unsigned index;
	int value;
};

/* One recorded line, as `amixer -c CARD events` prints an element event, followed by the
 * element's value as `amixer cget` prints it:
 *   event value: numid=12,iface=CARD,name='Headphone Jack' values=on
 *   event remove: numid=12,iface=CARD,name='Headphone Jack'
 * (masks "value", "info", "add", "tlv" joined by ',', or "remove"; `index=N` may follow the
 * name; values on/off/1/0). Blank lines and lines starting with '#' are not events.
 * Returns 1 and *ev, 0 for a line that is no event, -EINVAL for a malformed one. */
int jack_alsa_parse_line(const char *line, struct jack_alsa_event *ev);

/* Whether ev says something about control (index 0): 1 and *level when it carries the
 * control's new value, 0 when it concerns another element (or no value), -ENODEV when the
 * control was removed (the card went away: the device is opened again). */
int jack_alsa_decode(const struct jack_alsa_event *ev, const char *control, bool *level);

#endif
