/* AES-256-GCM sealing on mbedTLS; every mbedTLS code is translated here. */
#include "firmware/services/crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/gcm.h>

struct crypto {
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
	mbedtls_gcm_context gcm;
	uint8_t key[CRYPTO_KEY_LEN];
};

static const unsigned char PERSONAL[] = "accueil-crypto";

static void wipe(void *p, size_t n)
{
	explicit_bzero(p, n);
}

/* A context with its generator seeded, no key yet. */
static int crypto_alloc(crypto_t **out)
{
	crypto_t *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return -ENOMEM;
	mbedtls_entropy_init(&c->entropy);
	mbedtls_ctr_drbg_init(&c->drbg);
	mbedtls_gcm_init(&c->gcm);
	if (mbedtls_ctr_drbg_seed(&c->drbg, mbedtls_entropy_func, &c->entropy, PERSONAL,
	                          sizeof(PERSONAL) - 1) != 0) {
		crypto_free(c);
		return -EIO;
	}
	*out = c;
	return 0;
}

static int crypto_set_key(crypto_t *c)
{
	return mbedtls_gcm_setkey(&c->gcm, MBEDTLS_CIPHER_ID_AES, c->key, CRYPTO_KEY_LEN * 8) == 0
	           ? 0
	           : -EIO;
}

int crypto_new_with_key(const uint8_t key[CRYPTO_KEY_LEN], crypto_t **out)
{
	crypto_t *c;
	int rc;

	if (key == NULL || out == NULL)
		return -EINVAL;
	rc = crypto_alloc(&c);
	if (rc != 0)
		return rc;
	memcpy(c->key, key, CRYPTO_KEY_LEN);
	rc = crypto_set_key(c);
	if (rc != 0) {
		crypto_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

/* Reads exactly CRYPTO_KEY_LEN bytes of a regular file. */
static int read_key(const char *path, uint8_t key[CRYPTO_KEY_LEN])
{
	uint8_t extra;
	struct stat st;
	size_t got = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	int rc = 0;

	if (fd < 0)
		return errno == ELOOP ? -EKEYREJECTED : -errno;
	if (fstat(fd, &st) != 0) {
		rc = -errno;
		goto fail_close;
	}
	if (!S_ISREG(st.st_mode) || st.st_size != CRYPTO_KEY_LEN) {
		rc = -EKEYREJECTED;
		goto fail_close;
	}
	while (got < CRYPTO_KEY_LEN) {
		n = read(fd, key + got, CRYPTO_KEY_LEN - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n < 0 ? -errno : -EKEYREJECTED;
			goto fail_close;
		}
		got += (size_t)n;
	}
	/* The file may have grown between fstat and read. */
	n = read(fd, &extra, 1);
	if (n != 0)
		rc = -EKEYREJECTED;
fail_close:
	close(fd);
	return rc;
}

/* Writes a fresh key to a file that must not exist yet. */
static int create_key(crypto_t *c, const char *path)
{
	size_t put = 0;
	ssize_t n;
	int rc = 0;
	int fd;

	if (mbedtls_ctr_drbg_random(&c->drbg, c->key, CRYPTO_KEY_LEN) != 0)
		return -EIO;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	/* The umask may have taken bits away, never added; make sure of 0600 anyway. */
	if (fchmod(fd, 0600) != 0) {
		rc = -errno;
		goto fail_unlink;
	}
	while (put < CRYPTO_KEY_LEN) {
		n = write(fd, c->key + put, CRYPTO_KEY_LEN - put);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n < 0 ? -errno : -EIO;
			goto fail_unlink;
		}
		put += (size_t)n;
	}
	if (fsync(fd) != 0) {
		rc = -errno;
		goto fail_unlink;
	}
	close(fd);
	return 0;
fail_unlink:
	/* Only our own half-written file: O_EXCL guaranteed it did not exist. */
	close(fd);
	unlink(path);
	return rc;
}

int crypto_new(const char *key_path, bool create, crypto_t **out)
{
	crypto_t *c;
	int rc;

	if (key_path == NULL || out == NULL)
		return -EINVAL;
	rc = crypto_alloc(&c);
	if (rc != 0)
		return rc;
	rc = read_key(key_path, c->key);
	if (rc == -ENOENT)
		rc = create ? create_key(c, key_path) : -ENOKEY;
	if (rc == 0)
		rc = crypto_set_key(c);
	if (rc != 0) {
		crypto_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

void crypto_free(crypto_t *c)
{
	if (c == NULL)
		return;
	mbedtls_gcm_free(&c->gcm);
	mbedtls_ctr_drbg_free(&c->drbg);
	mbedtls_entropy_free(&c->entropy);
	wipe(c, sizeof(*c));
	free(c);
}

int crypto_random(crypto_t *c, void *buf, size_t n)
{
	uint8_t *p = buf;

	if (c == NULL || (buf == NULL && n > 0))
		return -EINVAL;
	while (n > 0) {
		size_t k = n < MBEDTLS_CTR_DRBG_MAX_REQUEST ? n : MBEDTLS_CTR_DRBG_MAX_REQUEST;
		if (mbedtls_ctr_drbg_random(&c->drbg, p, k) != 0)
			return -EIO;
		p += k;
		n -= k;
	}
	return 0;
}

int crypto_seal(crypto_t *c, const void *ad, size_t ad_len, const void *plain, size_t len,
                uint8_t *out, size_t cap, size_t *out_len)
{
	uint8_t *nonce, *body;

	if (c == NULL || out == NULL || out_len == NULL || (plain == NULL && len > 0) ||
	    (ad == NULL && ad_len > 0))
		return -EINVAL;
	if (len > SIZE_MAX - CRYPTO_OVERHEAD || cap < len + CRYPTO_OVERHEAD)
		return -ENOSPC;
	nonce = out;
	body = out + CRYPTO_NONCE_LEN;
	if (crypto_random(c, nonce, CRYPTO_NONCE_LEN) != 0)
		return -EIO;
	if (mbedtls_gcm_crypt_and_tag(&c->gcm, MBEDTLS_GCM_ENCRYPT, len, nonce, CRYPTO_NONCE_LEN,
	                              ad, ad_len, plain, body, CRYPTO_TAG_LEN, body + len) != 0) {
		wipe(out, len + CRYPTO_OVERHEAD);
		return -EIO;
	}
	*out_len = len + CRYPTO_OVERHEAD;
	return 0;
}

int crypto_open(crypto_t *c, const void *ad, size_t ad_len, const uint8_t *sealed, size_t len,
                uint8_t *out, size_t cap, size_t *out_len)
{
	size_t n;
	int rc;

	if (c == NULL || sealed == NULL || out_len == NULL || (ad == NULL && ad_len > 0))
		return -EINVAL;
	if (len < CRYPTO_OVERHEAD)
		return -EBADMSG;
	n = len - CRYPTO_OVERHEAD;
	if (cap < n || (out == NULL && n > 0))
		return -ENOSPC;
	rc = mbedtls_gcm_auth_decrypt(&c->gcm, n, sealed, CRYPTO_NONCE_LEN, ad, ad_len,
	                              sealed + CRYPTO_NONCE_LEN + n, CRYPTO_TAG_LEN,
	                              sealed + CRYPTO_NONCE_LEN, out);
	if (rc != 0) {
		if (n > 0)
			wipe(out, n);
		return rc == MBEDTLS_ERR_GCM_AUTH_FAILED ? -EBADMSG : -EIO;
	}
	*out_len = n;
	return 0;
}
