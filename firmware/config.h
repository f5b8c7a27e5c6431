/* The kiosk's configuration: a "key = value" file (assets/config/kiosk.conf.example) read by the
 * shared reader (firmware/core/conf.h). Unknown keys and bad values are reported and skipped:
 * the kiosk then runs on the defaults rather than not at all. It lives in the program layer: its
 * defaults name the renderer's fonts. */
#ifndef ACCUEIL_CONFIG_H
#define ACCUEIL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "firmware/core/app.h"
#include "firmware/core/calendar.h"
#include "firmware/services/open311.h"

#define CONFIG_STR_MAX 512

#define CONFIG_STATUS_RULES_MAX 16

/* A deployment's own wording of a request's status (PROTOCOL.md §1), tried before the
 * built-in ones: "status_rule = SERVER STATUS | WORDS IN THE NOTES | PROGRESS", where "*" is
 * any and PROGRESS is received, in_progress, waiting_for_you, closed_answered or
 * closed_referred. */
struct config_status_rule {
	char status[32]; /* lowercased; "": any */
	char notes[96];  /* "": any */
	enum open311_progress progress;
};

struct config {
	char kiosk_id[64];
	char site[CONFIG_STR_MAX]; /* the kiosk's street address (Open311 address_string) */
	char site_id[64];          /* the site's id for notices (PROTOCOL.md §4) */
	char central_url[CONFIG_STR_MAX];
	char api_key[128];
	char ca_file[CONFIG_STR_MAX];
	char pin_sha256[128];
	char client_cert[CONFIG_STR_MAX];
	char client_key[CONFIG_STR_MAX];
	char proxy[CONFIG_STR_MAX]; /* "http://host:port" to reach the central; "": direct */
	int notices_s; /* how often notices and today's hours are asked for: 60 s, 10..3600 */
	struct config_status_rule status_rules[CONFIG_STATUS_RULES_MAX];
	int status_rule_count;
	char font[CONFIG_STR_MAX];
	char font_bold[CONFIG_STR_MAX];
	char espeak_data[CONFIG_STR_MAX]; /* empty: espeak-ng's default */
	char audio[32];                   /* "sdl", "wav", "null" */
	int audio_frames; /* the device buffer: AUDIO_KIOSK_FRAMES (64), 32..512 (SPEC.md §5) */
	char jack[CONFIG_STR_MAX];     /* the detector (firmware/services/jack.h) */
	char data_dir[CONFIG_STR_MAX]; /* the kiosk's writable state (data partition): the outbox,
	                                  secrets */
	/* "any": some keyboard must be attached (/proc/bus/input/devices); or the path of the
	 * keypad's device node (/dev/input/by-id/…), which must open. */
	char keypad[CONFIG_STR_MAX];
	/* The technician PIN's PBKDF2 form (firmware/services/techpin.h); "": no technician
	 * mode. Kept with the other secrets in DATA_DIR/secrets.conf (mode 0600). */
	char technician_pin[128];
	/* Where a 5-second press enters technician mode: "none" (the default), "top-left",
	 * "top-right", "bottom-left", "bottom-right" (firmware/core/flows/technician.h). */
	char technician_corner[16];
	char time_zone[CALENDAR_ZONE_NAME_MAX]; /* tz database name of the site's local time */
	char printer[CONFIG_STR_MAX]; /* "none", a device ("/dev/usb/lp0") or "file:PATH" */
	int printer_columns;          /* characters per line of the paper: 48 (80 mm), 42, 32 */
	char open311_lost_answer[16]; /* "retry" (the server honours Idempotency-Key), "lookup" (it
	                               * lists CLIENT_REQUEST_ID reliably) or "unconfirmed" */
	char logo[CONFIG_STR_MAX];    /* the agency's logo (PNG) on the attract screen; "": none */
	int width, height;            /* 0: the display's native mode */
	bool fullscreen;
	struct app_config app;
};

/* Fills c with the built-in defaults. */
struct net_config;
struct open311_config;

/* The central connection of c (central_url with a trailing '/', CA, client certificate, pin,
 * proxy), written to *out; base (base_cap bytes) holds the URL and must outlive *out. Other
 * fields of *out are zero. Returns 0, -ENOENT when no central_url is set, -E2BIG when the URL
 * does not fit base. */
int config_net(const struct config *c, const char *user_agent, char *base, size_t base_cap,
               struct net_config *out);

/* The Open311 endpoint of c (path, api_key, device id = kiosk_id; the rest zero). */
void config_open311(const struct config *c, struct open311_config *out);

void config_defaults(struct config *c);

/* Reads path over the defaults already in c. Returns 0; -ENOENT, -EACCES or another code of
 * conf_read_file when the file cannot be read, -E2BIG when it has too many lines (c unchanged,
 * msg "PATH: why"); -EINVAL when some lines were bad (the good ones are applied; *bad_line
 * gets the first bad line, msg "PATH:LINE: why"). msg may be NULL. */
int config_load(struct config *c, const char *path, int *bad_line, char *msg, size_t msg_cap);

/* Applies one "key = value" line's parts. Returns 0, -ENOENT (unknown key) or the code of the
 * typed setter (conf.h: -EINVAL, -ERANGE, -EMSGSIZE, -EILSEQ); c is unchanged on error. */
int config_set(struct config *c, const char *key, const char *value);

#endif
