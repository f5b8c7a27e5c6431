/* Small state files of the data directory (the technician's settings, the PIN's lock-out),
 * written whole or not at all: a temporary file in the same folder, flushed to the disk, then
 * renamed over the old one (and the folder flushed), so a power cut leaves the old file or the
 * new one, never half of it. Mode 0600: the data partition is the kiosk's alone. */
#ifndef ACCUEIL_STATEFILE_H
#define ACCUEIL_STATEFILE_H

#include <stddef.h>

#define STATEFILE_MAX 4096 /* bytes of one state file */

/* Writes text (len bytes) to path. Returns 0, -EINVAL (no path, over STATEFILE_MAX), -ENOSPC
 * (full disk), -EDQUOT, -EROFS, -EACCES, -ENOENT (no such folder) or -EIO; on error the old
 * file, if any, is untouched and no temporary file is left. */
int statefile_write(const char *path, const char *text, size_t len);

/* Reads path whole into buf (cap bytes, NUL-terminated). Returns the length (>= 0), -ENOENT
 * (no file: nothing was saved yet), -EFBIG (longer than cap - 1), -EACCES or -EIO. */
int statefile_read(const char *path, char *buf, size_t cap);

/* A check of text[0..len) (FNV-1a, 32 bits) for the "check = " line that ends a state file:
 * a file cut short or damaged no longer matches it. */
unsigned long statefile_check(const char *text, size_t len);

#endif
