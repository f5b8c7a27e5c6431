/* Kernel randomness only: the kiosk has no reason to carry its own generator. */
#include "firmware/services/net_random.h"

#include <errno.h>
#include <sys/random.h>

int net_random_bytes(void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len > 0) {
		ssize_t n = getrandom(p, len, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -EIO;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int net_random_below(uint64_t n, uint64_t *out)
{
	uint64_t v, limit;

	if (n == 0) {
		*out = 0;
		return 0;
	}
	/* Reject the top partial range so every value is equally likely. */
	limit = UINT64_MAX - (UINT64_MAX % n);
	do {
		if (net_random_bytes(&v, sizeof(v)) != 0)
			return -EIO;
	} while (v >= limit);
	*out = v % n;
	return 0;
}

int net_random_uuid_v4(char *out, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	size_t i, o = 0;

	if (out == NULL || cap < NET_RANDOM_UUID_LEN + 1) {
		if (out != NULL && cap > 0)
			out[0] = '\0';
		return -ENOSPC;
	}
	if (net_random_bytes(b, sizeof(b)) != 0) {
		out[0] = '\0';
		return -EIO;
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	for (i = 0; i < sizeof(b); i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 0x0f];
	}
	out[o] = '\0';
	return 0;
}
