/* net_form: percent-encoding and a bounded application/x-www-form-urlencoded body builder.
 * Pure C (no libcurl), so request builders stay unit-testable. Bodies can carry a visitor's
 * personal data: every buffer is wiped before it is freed. */
#ifndef ACCUEIL_NET_FORM_H
#define ACCUEIL_NET_FORM_H

#include <stddef.h>

/* Appends src percent-encoded (RFC 3986 unreserved bytes kept, everything else %XX, so UTF-8
 * passes through byte by byte and a space is %20) to dst, which holds *len bytes and has room
 * for cap bytes including the NUL. Returns 0, or -ENAMETOOLONG with dst and *len unchanged. */
int net_form_escape_append(char *dst, size_t cap, size_t *len, const char *src);

/* A growing form body, never longer than max bytes. The first error sticks: later adds do
 * nothing and net_form_take() returns it, so a builder checks once at the end. */
struct net_form {
	char *buf;
	size_t len;
	size_t cap;
	size_t max;
	int err;
};

/* Starts an empty form of at most max bytes. Cannot fail. */
void net_form_init(struct net_form *f, size_t max);

/* Appends "&name=value" (no '&' first), both encoded. A NULL value adds nothing. Returns the
 * sticky error: 0, -E2BIG (over max) or -ENOMEM. */
int net_form_add(struct net_form *f, const char *name, const char *value);

/* Hands the body over: returns 0 with *body (malloc'd, NUL-terminated, caller frees; "" for an
 * empty form) and *len, or the sticky error (the form is released either way). */
int net_form_take(struct net_form *f, char **body, size_t *len);

/* Wipes and frees the buffer. Safe to call twice. */
void net_form_release(struct net_form *f);

#endif
