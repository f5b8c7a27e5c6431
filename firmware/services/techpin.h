/* The technician's PIN: stored only as PBKDF2-HMAC-SHA256 with a random salt (mbedTLS),
 * compared in constant time, and guarded by an exponential lock-out after 5 failures. The PIN
 * itself is never stored, logged or kept: callers wipe their copy after techpin_verify.
 *
 * Stored form (one line, safe in a key = value file):
 *   pbkdf2-sha256$ITERATIONS$SALT_BASE64$HASH_BASE64 */
#ifndef ACCUEIL_TECHPIN_H
#define ACCUEIL_TECHPIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TECHPIN_ITERATIONS  100000u
#define TECHPIN_SALT_BYTES  16
#define TECHPIN_HASH_BYTES  32
#define TECHPIN_STORED_MAX  128
#define TECHPIN_MIN_DIGITS  6
#define TECHPIN_MAX_DIGITS  12
#define TECHPIN_FREE_TRIES  5       /* failures before the lock-out starts */
#define TECHPIN_LOCK_MS     30000   /* the first lock-out; doubles with each further failure */
#define TECHPIN_LOCK_MAX_MS 3600000 /* at most an hour */

/* A PIN is 6 to 12 ASCII digits. Returns 0 or -EINVAL. */
int techpin_valid(const char *pin);

/* Hashes pin with a fresh random salt into out (TECHPIN_STORED_MAX bytes). Returns 0, -EINVAL
 * (not a valid PIN), -ENOSPC (cap too small), -EIO (no randomness or mbedTLS failed). */
int techpin_hash(const char *pin, char *out, size_t cap);

/* Returns 0 when pin matches stored, -EACCES when it does not, -EINVAL when stored is not in
 * the stored form (a damaged configuration: nobody can enter), -EIO on an mbedTLS failure. */
int techpin_verify(const char *pin, const char *stored);

/* Failures and lock-out, on the caller's millisecond clock. Zero-initialised: unlocked. */
struct techpin_guard {
	unsigned failures;
	uint64_t locked_until;
};

/* Keeps g across restarts in path (the data directory's techpin.state, written whole by
 * statefile.h): the failures, and the lock-out's end on the wall clock (wall_ms, Unix
 * milliseconds, at now on g's clock) with the time it was saved. Returns 0 or statefile_write's
 * error (-ENOSPC …). */
int techpin_guard_save(const struct techpin_guard *g, const char *path, uint64_t now,
                       int64_t wall_ms);

/* Reads what techpin_guard_save kept into *g, on g's clock at now (wall_ms the wall clock
 * then). The time left is what was left when saved, less the wall time since (none when the
 * clock went back: a board without a battery clock), never more than TECHPIN_LOCK_MAX_MS.
 * Returns 0 (no file: unlocked, no failures), or -EBADMSG (damaged or cut short) / -EACCES /
 * -EIO (unreadable): then *g holds a lock-out of TECHPIN_LOCK_MS after TECHPIN_FREE_TRIES
 * failures, because a restart must never be a way around the lock-out. */
int techpin_guard_load(struct techpin_guard *g, const char *path, uint64_t now, int64_t wall_ms);

/* 0 when a try is allowed at now, or the milliseconds left before the next one. */
uint64_t techpin_guard_wait(const struct techpin_guard *g, uint64_t now);
/* Records a try's outcome: success clears the count; the 5th and every later failure lock
 * for 30 s, 60 s, 120 s … up to an hour. */
void techpin_guard_record(struct techpin_guard *g, bool ok, uint64_t now);

#endif
