#include "firmware/services/techpin.h"

#include <errno.h>
#include <mbedtls/base64.h>
#include <mbedtls/md.h>
#include <mbedtls/pkcs5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "firmware/core/conf.h"
#include "firmware/services/statefile.h"

int techpin_valid(const char *pin)
{
	size_t n = pin ? strlen(pin) : 0;
	if (n < TECHPIN_MIN_DIGITS || n > TECHPIN_MAX_DIGITS)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (pin[i] < '0' || pin[i] > '9')
			return -EINVAL;
	return 0;
}

static int derive(const char *pin, const unsigned char *salt, size_t salt_len, unsigned iterations,
                  unsigned char out[TECHPIN_HASH_BYTES])
{
	mbedtls_md_context_t md;
	int rc;
	mbedtls_md_init(&md);
	rc = mbedtls_md_setup(&md, mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), 1);
	if (rc == 0)
		rc = mbedtls_pkcs5_pbkdf2_hmac(&md, (const unsigned char *)pin, strlen(pin), salt,
		                               salt_len, iterations, TECHPIN_HASH_BYTES, out);
	mbedtls_md_free(&md);
	return rc == 0 ? 0 : -EIO;
}

int techpin_hash(const char *pin, char *out, size_t cap)
{
	unsigned char salt[TECHPIN_SALT_BYTES], hash[TECHPIN_HASH_BYTES];
	unsigned char salt64[32], hash64[64];
	size_t s_len, h_len;

	if (techpin_valid(pin) < 0)
		return -EINVAL;
	if (getrandom(salt, sizeof(salt), 0) != (ssize_t)sizeof(salt))
		return -EIO;
	if (derive(pin, salt, sizeof(salt), TECHPIN_ITERATIONS, hash) < 0 ||
	    mbedtls_base64_encode(salt64, sizeof(salt64), &s_len, salt, sizeof(salt)) != 0 ||
	    mbedtls_base64_encode(hash64, sizeof(hash64), &h_len, hash, sizeof(hash)) != 0) {
		memset(hash, 0, sizeof(hash));
		return -EIO;
	}
	memset(hash, 0, sizeof(hash));
	int n = snprintf(out, cap, "pbkdf2-sha256$%u$%s$%s", TECHPIN_ITERATIONS, (char *)salt64,
	                 (char *)hash64);
	return n < 0 ? -EIO : (size_t)n >= cap ? -ENOSPC : 0;
}

int techpin_verify(const char *pin, const char *stored)
{
	char copy[TECHPIN_STORED_MAX];
	unsigned char salt[64], want[64], got[TECHPIN_HASH_BYTES];
	size_t s_len, w_len;
	char *end;

	if (!stored || strlen(stored) >= sizeof(copy) || strncmp(stored, "pbkdf2-sha256$", 14))
		return -EINVAL;
	memcpy(copy, stored, strlen(stored) + 1);
	errno = 0;
	unsigned long iter = strtoul(copy + 14, &end, 10);
	if (errno || *end != '$' || iter < 1000 || iter > 10000000)
		return -EINVAL;
	char *salt64 = end + 1, *hash64 = strchr(salt64, '$');
	if (!hash64)
		return -EINVAL;
	*hash64++ = '\0';
	if (mbedtls_base64_decode(salt, sizeof(salt), &s_len, (unsigned char *)salt64,
	                          strlen(salt64)) != 0 ||
	    mbedtls_base64_decode(want, sizeof(want), &w_len, (unsigned char *)hash64,
	                          strlen(hash64)) != 0 ||
	    s_len < 8 || w_len != TECHPIN_HASH_BYTES)
		return -EINVAL;
	if (techpin_valid(pin) < 0)
		return -EACCES; /* cannot match anything stored */
	if (derive(pin, salt, s_len, (unsigned)iter, got) < 0)
		return -EIO;
	unsigned char diff = 0;
	for (size_t i = 0; i < TECHPIN_HASH_BYTES; i++)
		diff |= (unsigned char)(got[i] ^ want[i]);
	memset(got, 0, sizeof(got));
	return diff ? -EACCES : 0;
}

uint64_t techpin_guard_wait(const struct techpin_guard *g, uint64_t now)
{
	return now < g->locked_until ? g->locked_until - now : 0;
}

void techpin_guard_record(struct techpin_guard *g, bool ok, uint64_t now)
{
	if (ok) {
		g->failures = 0;
		g->locked_until = 0;
		return;
	}
	if (g->failures < 64)
		g->failures++;
	if (g->failures < TECHPIN_FREE_TRIES)
		return;
	unsigned shift = g->failures - TECHPIN_FREE_TRIES;
	uint64_t lock = shift >= 8 ? TECHPIN_LOCK_MAX_MS : (uint64_t)TECHPIN_LOCK_MS << shift;
	if (lock > TECHPIN_LOCK_MAX_MS)
		lock = TECHPIN_LOCK_MAX_MS;
	g->locked_until = now + lock;
}

int techpin_guard_save(const struct techpin_guard *g, const char *path, uint64_t now,
                       int64_t wall_ms)
{
	char text[512];
	uint64_t left = techpin_guard_wait(g, now);
	int n = snprintf(text, sizeof(text),
	                 "# The technician PIN's failures and lock-out, kept across restarts.\n"
	                 "# Written by the kiosk; do not edit.\n"
	                 "failures = %u\nlocked_until_ms = %lld\nsaved_at_ms = %lld\n",
	                 g->failures, (long long)(left ? wall_ms + (int64_t)left : 0),
	                 (long long)wall_ms);
	if (n < 0 || (size_t)n >= sizeof(text) - 32)
		return -EINVAL;
	n += snprintf(text + n, sizeof(text) - (size_t)n, "check = %08lx\n",
	              statefile_check(text, (size_t)n));
	return statefile_write(path, text, (size_t)n);
}

struct guard_file {
	long long failures, locked_until, saved_at;
	bool have[3];
	unsigned long check;
	bool has_check;
};

static int long_value(const char *v, long long *out)
{
	char *end;
	errno = 0;
	long long x = strtoll(v, &end, 10);
	if (errno || end == v || *end || x < 0)
		return -EINVAL;
	*out = x;
	return 0;
}

static int guard_entry(void *user, const char *section, const char *key, char *value, int line,
                       const char **why)
{
	struct guard_file *f = user;
	(void)line;
	if (!key)
		return section[0] ? -EINVAL : 0;
	static const char *const keys[] = {"failures", "locked_until_ms", "saved_at_ms"};
	long long *dst[] = {&f->failures, &f->locked_until, &f->saved_at};
	for (int i = 0; i < 3; i++)
		if (!strcmp(key, keys[i])) {
			f->have[i] = true;
			return long_value(value, dst[i]);
		}
	if (!strcmp(key, "check")) {
		char *end;
		f->check = strtoul(value, &end, 16);
		f->has_check = end != value && !*end;
		return f->has_check ? 0 : -EINVAL;
	}
	*why = "unknown key";
	return -EINVAL;
}

int techpin_guard_load(struct techpin_guard *g, const char *path, uint64_t now, int64_t wall_ms)
{
	char text[STATEFILE_MAX];
	struct guard_file f;
	int len = statefile_read(path, text, sizeof(text));

	memset(g, 0, sizeof(*g));
	if (len == -ENOENT)
		return 0;
	memset(&f, 0, sizeof(f));
	const char *check = len >= 0 ? strstr(text, "check = ") : NULL;
	int rc = len < 0 ? (len == -EACCES  ? -EACCES
	                    : len == -EFBIG ? -EBADMSG
	                                    : -EIO)
	         : conf_parse(text, (size_t)len, false, guard_entry, &f, NULL) < 0 ? -EBADMSG
	                                                                           : 0;
	if (rc == 0 && (!f.have[0] || !f.have[1] || !f.have[2] || !f.has_check || !check ||
	                statefile_check(text, (size_t)(check - text)) != f.check))
		rc = -EBADMSG;
	if (rc < 0) {
		g->failures = TECHPIN_FREE_TRIES;
		g->locked_until = now + TECHPIN_LOCK_MS;
		return rc;
	}
	g->failures = f.failures > 64 ? 64 : (unsigned)f.failures;
	if (f.locked_until > f.saved_at) {
		int64_t elapsed = wall_ms > f.saved_at ? wall_ms - f.saved_at : 0;
		int64_t left = f.locked_until - f.saved_at - elapsed;
		if (left > TECHPIN_LOCK_MAX_MS)
			left = TECHPIN_LOCK_MAX_MS;
		if (left > 0)
			g->locked_until = now + (uint64_t)left;
	}
	return 0;
}
