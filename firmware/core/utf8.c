/* UTF-8 validation. See utf8.h. */
#include "firmware/core/utf8.h"

long utf8_chars(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	long chars = 0;
	size_t i = 0;
	if (!s)
		return len ? -1 : 0;
	while (i < len) {
		unsigned c = s[i];
		size_t n;
		unsigned cp;
		if (c == 0)
			return -1;
		if (c < 0x80) {
			i++;
			chars++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return -1;
		}
		if (len - i <= n)
			return -1;
		for (size_t k = 1; k <= n; k++) {
			unsigned cc = s[i + k];
			if ((cc & 0xC0) != 0x80)
				return -1;
			cp = (cp << 6) | (cc & 0x3F);
		}
		/* Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8. */
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return -1;
		i += n + 1;
		chars++;
	}
	return chars;
}

bool utf8_valid(const char *s, size_t len)
{
	return utf8_chars(s, len) >= 0;
}
