/* crypto: sealing of small byte buffers at rest (the outbox's personal data), AES-256-GCM on
 * mbedTLS. A sealed buffer is nonce (12 random bytes from a CTR-DRBG seeded by the platform's
 * entropy) || ciphertext || tag (16 bytes); associated data (e.g. the entry's id) is
 * authenticated, not stored. The key is 32 random bytes in a file of its own, mode 0600,
 * created once with O_EXCL.
 *
 * Errors are negative errno codes; mbedTLS codes never leave this module. Not thread-safe: one
 * thread owns a crypto_t. */
#ifndef ACCUEIL_CRYPTO_H
#define ACCUEIL_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CRYPTO_KEY_LEN   32
#define CRYPTO_NONCE_LEN 12
#define CRYPTO_TAG_LEN   16
#define CRYPTO_OVERHEAD  (CRYPTO_NONCE_LEN + CRYPTO_TAG_LEN)

typedef struct crypto crypto_t;

/* Loads the key at key_path, or, when the file does not exist and create is true, makes a new
 * random key there (O_CREAT | O_EXCL, mode 0600, written and fsync'd before use). An existing
 * key file is never replaced. Returns 0 and *out (free with crypto_free), or -ENOKEY (no key
 * file and create is false), -EKEYREJECTED (the file is not exactly CRYPTO_KEY_LEN bytes or
 * not a regular file), -EACCES / -EIO / another errno (cannot read or create it), -ENOMEM,
 * -EIO (no entropy). */
int crypto_new(const char *key_path, bool create, crypto_t **out);

/* The same with a key given in memory (copied), for tests and tools. */
int crypto_new_with_key(const uint8_t key[CRYPTO_KEY_LEN], crypto_t **out);

/* Wipes the key and frees. NULL is fine. */
void crypto_free(crypto_t *c);

/* Seals plain (len bytes, may be 0) with associated data ad (ad_len bytes, may be NULL/0) into
 * out (cap bytes, at least len + CRYPTO_OVERHEAD). Returns 0 and *out_len, or -ENOSPC (cap too
 * small), -EINVAL, -EIO (random generator or cipher failure). */
int crypto_seal(crypto_t *c, const void *ad, size_t ad_len, const void *plain, size_t len,
                uint8_t *out, size_t cap, size_t *out_len);

/* Opens what crypto_seal made, with the same associated data, into out (cap bytes, at least
 * len - CRYPTO_OVERHEAD). Returns 0 and *out_len, or -EBADMSG (too short, tampered with, other
 * associated data or another key: out is wiped), -ENOSPC, -EINVAL, -EIO. */
int crypto_open(crypto_t *c, const void *ad, size_t ad_len, const uint8_t *sealed, size_t len,
                uint8_t *out, size_t cap, size_t *out_len);

/* Fills buf with n random bytes from the generator. Returns 0 or -EIO. */
int crypto_random(crypto_t *c, void *buf, size_t n);

#endif
