/* UTF-8, decoded strictly and in one place for the kiosk and the central: no overlong
 * forms, no UTF-16 surrogates, nothing past U+10FFFF. Pure C, libc only. */
#ifndef ACCUEIL_UTF8_H
#define ACCUEIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes the character at s (n bytes available). Returns its length in bytes (1..4)
 * and *cp, or 0 when the bytes are not valid UTF-8 (*cp untouched). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Characters (code points) in s[0..n), or -EILSEQ when it is not valid UTF-8 or holds a
 * NUL byte. s need not be NUL-terminated; it may be NULL when n is 0. */
long utf8_chars(const char *s, size_t n);

/* True when s[0..n) is valid UTF-8 without NUL bytes. */
bool utf8_valid(const char *s, size_t n);

/* Encodes cp (at most U+10FFFF) as UTF-8 into out (at least 5 bytes), NUL-terminated.
 * Returns its length. */
size_t utf8_encode(uint32_t cp, char *out);

/* True for a continuation byte (10xxxxxx): never the start of a character. */
static inline bool utf8_is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

#endif
