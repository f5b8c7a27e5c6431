/* UTF-8 validation shared by the kiosk's and the central's readers of untrusted text
 * (configuration files, request bodies). Pure C, libc only. */
#ifndef ACCUEIL_UTF8_H
#define ACCUEIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Code points in s[0..len), or -1 when it is not well-formed UTF-8: overlong forms, UTF-16
 * surrogates, code points above U+10FFFF and NUL bytes are refused. s may be NULL when len is 0.
 * s need not be NUL-terminated. */
long utf8_chars(const char *s, size_t len);

/* True when s[0..len) is well-formed UTF-8 without NUL bytes (see utf8_chars). */
bool utf8_valid(const char *s, size_t len);

#endif
