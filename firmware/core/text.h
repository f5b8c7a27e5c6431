/* Bounded text and explicit zeroing, written once for the whole tree. Pure C. */
#ifndef ACCUEIL_TEXT_H
#define ACCUEIL_TEXT_H

#include <stddef.h>

/* Copies src (NUL-terminated) into dst of cap bytes. Returns 0, or -E2BIG when it does
 * not fit whole (dst is then left unchanged: text is never cut silently), or -EINVAL for
 * a NULL argument or cap 0. */
int text_copy(char *dst, size_t cap, const char *src);

/* Zeroes n bytes at p in a way the compiler may not drop (a visitor's text must not
 * linger in memory after the session). p may be NULL when n is 0. */
void text_wipe(void *p, size_t n);

#endif
