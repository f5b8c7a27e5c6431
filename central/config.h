/* Configuration of the reference central: the catalogue of request categories (Open311
 * services), the queue services, opening hours and accepted API keys. Built-in defaults match
 * SPEC.md §6; a config file (INI-like, see assets/config/central.conf.example) replaces them.
 * Pure C (libc + our calendar/standards). */
#ifndef ACCUEIL_CENTRAL_CONFIG_H
#define ACCUEIL_CENTRAL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "firmware/core/standards.h"

#define CENTRAL_MAX_CATEGORIES  32
#define CENTRAL_MAX_QUEUES      16
#define CENTRAL_MAX_CAT_ATTRS   8
#define CENTRAL_MAX_ATTR_VALUES 8
#define CENTRAL_MAX_API_KEYS    16
#define CENTRAL_MAX_KIOSKS      256

/* One allowed value of a list attribute. */
struct central_attr_value {
	char key[33];
	char name_fr[97];
	char name_en[97];
};

/* An extra Open311 attribute of a category (services/{code}.json). */
struct central_attr {
	char code[65];
	char
	    datatype[16]; /* string | number | datetime | text | singlevaluelist | multivaluelist */
	bool required;
	char desc_fr[257];
	char desc_en[257];
	int value_count;
	struct central_attr_value values[CENTRAL_MAX_ATTR_VALUES];
};

/* A request category (Open311 service). */
struct central_category {
	char code[65];
	char name_fr[129], name_en[129];
	char desc_fr[513], desc_en[513];
	char group_fr[65], group_en[65];
	char keywords[129];
	enum standards_kind standard;
	int standard_days;
	unsigned required; /* central_field_bit (parse.h) */
	int attr_count;
	struct central_attr attrs[CENTRAL_MAX_CAT_ATTRS];
};

/* A queue service; its id is the ticket letter. */
struct central_queue {
	char id[2];
	char name_fr[129], name_en[129];
	char where_fr[129], where_en[129];
	int counters;    /* counters open when none called recently */
	int service_min; /* mean service time until measured */
};

/* Opening hours, in the site's local time (time_zone). */
struct central_hours {
	int open_min;  /* minutes after midnight: 510 = 8:30 */
	int close_min; /* 1020 = 17:00 */
	unsigned days; /* bit per weekday, bit 0 = Sunday: Monday-Friday = 0x3E */
	bool holidays_closed;
	int closing_min; /* "closing" this long before the cut-off */
	int cutoff_min;  /* no tickets this long before closing */
};

struct central_config {
	int category_count;
	struct central_category categories[CENTRAL_MAX_CATEGORIES];
	int queue_count;
	struct central_queue queues[CENTRAL_MAX_QUEUES];
	struct central_hours hours;
	int api_key_count;
	char api_keys[CENTRAL_MAX_API_KEYS][129];
	/* [kiosk ID] api_key = KEY: a key that is this kiosk's alone */
	int kiosk_count;
	struct central_kiosk_key {
		char id[129];
		char api_key[129];
	} kiosks[CENTRAL_MAX_KIOSKS];
	char default_lang[3];
	char agency_fr[129], agency_en[129];
	char time_zone[CALENDAR_ZONE_NAME_MAX]; /* tz database name of the site's local time */
};

/* Fills c with the built-in defaults (six categories, three queues, 8:30-17:00 Mon-Fri,
 * America/Toronto). */
void central_config_defaults(struct central_config *c);

/* Reads a config text over the defaults with the shared reader (firmware/core/conf.h; text need
 * not be NUL-terminated), stopping at the first error. Returns 0, or a negative errno code with
 * the 1-based line (0: the file as a whole) and "line N: why" in err (cap bytes): -EINVAL (a bad
 * value, an unknown key or section, an incomplete catalogue), a setter's -ERANGE, -EMSGSIZE or
 * -EILSEQ, a syntax error of conf_parse, -E2BIG when the text is too large or a table
 * overflows, -ENOMEM. c is left as it was on error. */
int central_config_parse(struct central_config *c, const char *text, size_t len, int *line,
                         char *err, size_t cap);

/* Reads the file at path over the defaults. Returns 0, a code of conf_read_file (err "PATH: why")
 * or of central_config_parse (err "PATH:LINE: why"). */
int central_config_load(struct central_config *c, const char *path, char *err, size_t cap);

/* Adds an accepted API key. Returns 0, -EINVAL (malformed) or -E2BIG (table full). */
int central_config_add_api_key(struct central_config *c, const char *key);

/* True when key is accepted (constant time in the key's content). With no keys configured,
 * "dev-key" is accepted. */
bool central_config_api_key_ok(const struct central_config *c, const char *key);

/* The kiosk whose own key (a [kiosk ID] section) key is, or NULL (constant time in the key's
 * content). */
const char *central_config_kiosk_of_key(const struct central_config *c, const char *key);

/* True when kiosk has a key of its own (then only that key may speak for it). */
bool central_config_kiosk_has_key(const struct central_config *c, const char *kiosk);

/* The category with that code, or NULL. */
const struct central_category *central_config_category(const struct central_config *c,
                                                       const char *code);

/* The queue with that id, or NULL. */
const struct central_queue *central_config_queue(const struct central_config *c, const char *id);

/* The attribute of a category with that code, or NULL. */
const struct central_attr *central_config_attr(const struct central_category *cat,
                                               const char *code);

#endif
