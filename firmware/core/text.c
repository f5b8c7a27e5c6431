#include "firmware/core/text.h"

#include <errno.h>
#include <string.h>

int text_copy(char *dst, size_t cap, const char *src)
{
	if (!dst || !src || cap == 0)
		return -EINVAL;
	size_t n = strlen(src);
	if (n >= cap)
		return -E2BIG;
	memcpy(dst, src, n + 1);
	return 0;
}

void text_wipe(void *p, size_t n)
{
	/* Through a volatile pointer, so the stores are not optimised away as dead. */
	volatile unsigned char *v = p;
	while (n--)
		*v++ = 0;
}
