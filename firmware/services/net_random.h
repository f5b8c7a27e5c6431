/* net_random: unpredictable bytes from the kernel (getrandom), for backoff jitter and for the
 * UUIDs that make requests idempotent. Never seeded by hand, so two kiosks booted at the same
 * instant never draw the same values. Thread-safe. */
#ifndef ACCUEIL_NET_RANDOM_H
#define ACCUEIL_NET_RANDOM_H

#include <stddef.h>
#include <stdint.h>

#define NET_RANDOM_UUID_LEN 36 /* "xxxxxxxx-xxxx-4xxx-Nxxx-xxxxxxxxxxxx", without the NUL */

/* Fills buf with len random bytes. Waits for the kernel pool only at early boot. Returns 0 or
 * -EIO (nothing usable was produced). */
int net_random_bytes(void *buf, size_t len);

/* A random value in [0, n) without modulo bias; n = 0 gives 0. Returns 0 and *out, or -EIO. */
int net_random_below(uint64_t n, uint64_t *out);

/* Writes a version 4 (random) UUID, lowercase, NUL-terminated; cap >= NET_RANDOM_UUID_LEN + 1.
 * Returns 0, -ENOSPC or -EIO (out then holds ""). */
int net_random_uuid_v4(char *out, size_t cap);

#endif
