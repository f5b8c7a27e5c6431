/* The settings a technician changes on the kiosk (technician mode, Settings), kept in the data
 * directory (DATA_DIR/settings.conf) across restarts and written whole (statefile.h):
 *
 *   volume = 60               default volume, percent (20..100)
 *   orientation = portrait    or landscape
 *   idle_warning_s = 90       no input this long: the warning (30..600)
 *   idle_end_s = 30           no answer to the warning this long: the session ends (30..300)
 *   check = 1a2b3c4d          FNV-1a of everything above it
 *
 * Read back, every value is validated; a file cut short, damaged (its check no longer
 * matches) or with a bad value is refused as a whole: the kiosk then runs on its configuration
 * (kiosk.conf) and says so in the self-test and on the technician's screen. The check line is
 * required: without it a file cut just before it could not be told from a whole one. The file
 * is the kiosk's own: settings a person writes go to kiosk.conf. */
#ifndef ACCUEIL_TECHSET_H
#define ACCUEIL_TECHSET_H

#include <stddef.h>

#include "firmware/core/flows/technician.h"

#define TECHSET_FILE "settings.conf"

/* Parses text[0..len). Returns 0 and *out, or -EBADMSG with why (a line for the log: "line 3:
 * volume must be 20..100") in why[0..cap). *out is written only on success. */
int techset_parse(const char *text, size_t len, struct tech_settings *out, char *why, size_t cap);

/* Writes s in the file's form into buf (cap bytes). Returns the length, -EINVAL (a value out
 * of range) or -ENOSPC. */
int techset_format(const struct tech_settings *s, char *buf, size_t cap);

/* Reads path. Returns 0 and *out, -ENOENT (no file: nothing saved yet), -EBADMSG (damaged: why
 * says how), -EACCES or -EIO (unreadable). *out is written only on success. */
int techset_load(const char *path, struct tech_settings *out, char *why, size_t cap);

/* Validates and writes s to path whole. Returns 0, -EINVAL, or statefile_write's error
 * (-ENOSPC: full disk, -EROFS, -EACCES, -EIO …); on error the old file is untouched. */
int techset_save(const char *path, const struct tech_settings *s);

#endif
