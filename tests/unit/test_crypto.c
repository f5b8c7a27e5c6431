/* firmware/services/crypto.c: AES-256-GCM sealing and the key file. */
#include <errno.h>
#include <stdbool.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "firmware/services/crypto.h"

static const char PLAIN[] = "Marie Tremblay <marie@example.ca> 613-555-0199: l'ascenseur";
static const char AD[] = "K7-42";

struct fx {
	char dir[64];
	char key[96];
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/accueil-crypto-XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	snprintf(fx->key, sizeof(fx->key), "%s/outbox.key", fx->dir);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	unlink(fx->key);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static bool contains(const uint8_t *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return true;
	return false;
}

static void seal(crypto_t *c, uint8_t *out, size_t *len)
{
	assert_int_equal(crypto_seal(c, AD, strlen(AD), PLAIN, strlen(PLAIN), out, 256, len), 0);
	assert_int_equal(*len, strlen(PLAIN) + CRYPTO_OVERHEAD);
}

static void test_round_trip(void **state)
{
	struct fx *fx = *state;
	crypto_t *c = NULL;
	uint8_t sealed[256], a2[256], plain[256];
	size_t n, n2, m;

	assert_int_equal(crypto_new(fx->key, true, &c), 0);
	seal(c, sealed, &n);
	/* Not in the clear, and a fresh nonce each time. */
	assert_false(contains(sealed, n, "Tremblay"));
	seal(c, a2, &n2);
	assert_memory_not_equal(sealed, a2, CRYPTO_NONCE_LEN);
	assert_int_equal(crypto_open(c, AD, strlen(AD), sealed, n, plain, sizeof(plain), &m), 0);
	assert_int_equal(m, strlen(PLAIN));
	assert_memory_equal(plain, PLAIN, m);
	/* An empty buffer seals too. */
	assert_int_equal(crypto_seal(c, NULL, 0, "", 0, a2, sizeof(a2), &n2), 0);
	assert_int_equal(crypto_open(c, NULL, 0, a2, n2, plain, sizeof(plain), &m), 0);
	assert_int_equal(m, 0);
	/* Too small a buffer is refused, not overrun. */
	assert_int_equal(crypto_seal(c, AD, 2, PLAIN, strlen(PLAIN), a2, 20, &n2), -ENOSPC);
	crypto_free(c);

	/* The same key comes back from the file. */
	assert_int_equal(crypto_new(fx->key, false, &c), 0);
	assert_int_equal(crypto_open(c, AD, strlen(AD), sealed, n, plain, sizeof(plain), &m), 0);
	crypto_free(c);
}

static void test_tamper_refused(void **state)
{
	struct fx *fx = *state;
	crypto_t *c = NULL;
	uint8_t sealed[256], plain[256];
	size_t n, m = 999;
	size_t where[] = {0, CRYPTO_NONCE_LEN + 3, 0 /* tag, below */};

	assert_int_equal(crypto_new(fx->key, true, &c), 0);
	seal(c, sealed, &n);
	where[2] = n - 1;
	for (size_t i = 0; i < 3; i++) {
		sealed[where[i]] ^= 0x01;
		assert_int_equal(
		    crypto_open(c, AD, strlen(AD), sealed, n, plain, sizeof(plain), &m), -EBADMSG);
		sealed[where[i]] ^= 0x01;
	}
	assert_int_equal(m, 999); /* never written on failure */
	/* Other associated data: another entry's payload cannot be swapped in. */
	assert_int_equal(crypto_open(c, "K7-43", 5, sealed, n, plain, sizeof(plain), &m), -EBADMSG);
	/* Cut short. */
	assert_int_equal(crypto_open(c, AD, strlen(AD), sealed, n - 1, plain, sizeof(plain), &m),
	                 -EBADMSG);
	assert_int_equal(crypto_open(c, AD, strlen(AD), sealed, 10, plain, sizeof(plain), &m),
	                 -EBADMSG);
	assert_int_equal(crypto_open(c, AD, strlen(AD), sealed, n, plain, sizeof(plain), &m), 0);
	crypto_free(c);
}

static void test_wrong_key_refused(void **state)
{
	struct fx *fx = *state;
	uint8_t k2[CRYPTO_KEY_LEN];
	crypto_t *c = NULL, *other = NULL;
	uint8_t sealed[256], plain[256];
	size_t n, m;

	assert_int_equal(crypto_new(fx->key, true, &c), 0);
	seal(c, sealed, &n);
	memset(k2, 0x5a, sizeof(k2));
	assert_int_equal(crypto_new_with_key(k2, &other), 0);
	assert_int_equal(crypto_open(other, AD, strlen(AD), sealed, n, plain, sizeof(plain), &m),
	                 -EBADMSG);
	crypto_free(other);
	crypto_free(c);
}

static void test_key_file(void **state)
{
	struct fx *fx = *state;
	crypto_t *c = NULL;
	struct stat st;
	FILE *f;
	uint8_t before[CRYPTO_KEY_LEN], after[CRYPTO_KEY_LEN];

	/* Absent, and not to be created: a clear error. */
	assert_int_equal(crypto_new(fx->key, false, &c), -ENOKEY);
	assert_null(c);
	assert_int_equal(crypto_new(fx->key, true, &c), 0);
	crypto_free(c);
	assert_int_equal(stat(fx->key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, CRYPTO_KEY_LEN);

	/* A second start keeps the key, byte for byte. */
	f = fopen(fx->key, "rb");
	assert_int_equal(fread(before, 1, sizeof(before), f), sizeof(before));
	fclose(f);
	assert_int_equal(crypto_new(fx->key, true, &c), 0);
	crypto_free(c);
	f = fopen(fx->key, "rb");
	assert_int_equal(fread(after, 1, sizeof(after), f), sizeof(after));
	fclose(f);
	assert_memory_equal(before, after, sizeof(before));

	/* A key file of the wrong size is an error, never replaced. */
	f = fopen(fx->key, "ab");
	fputc('x', f);
	fclose(f);
	assert_int_equal(crypto_new(fx->key, true, &c), -EKEYREJECTED);
	assert_int_equal(stat(fx->key, &st), 0);
	assert_int_equal(st.st_size, CRYPTO_KEY_LEN + 1);
	assert_int_equal(truncate(fx->key, 5), 0);
	assert_int_equal(crypto_new(fx->key, true, &c), -EKEYREJECTED);

	/* Unreadable (unless we are root, who reads everything). */
	assert_int_equal(truncate(fx->key, 0), 0);
	f = fopen(fx->key, "wb");
	fwrite(before, 1, sizeof(before), f);
	fclose(f);
	assert_int_equal(chmod(fx->key, 0), 0);
	if (geteuid() != 0)
		assert_int_equal(crypto_new(fx->key, true, &c), -EACCES);
	chmod(fx->key, 0600);
	assert_int_equal(crypto_new(fx->key, true, &c), 0);
	crypto_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tamper_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wrong_key_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_key_file, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
