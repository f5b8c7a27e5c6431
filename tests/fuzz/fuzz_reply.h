/* Shared by the reply-parser fuzzers: turns fuzz input into a finished net_result.
 *   byte 0: HTTP status (from a table of those servers really send)
 *   byte 1: bits 0-3 transport error (0-7: none), bit 4: maybe_sent
 *   rest:   the body, in an exact-size NUL-terminated heap copy so ASan sees any overread.
 * Header-only on purpose: fuzz.mk builds each tests/fuzz/fuzz_*.c alone. */
#ifndef ACCUEIL_FUZZ_REPLY_H
#define ACCUEIL_FUZZ_REPLY_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/services/net.h"
#include "firmware/services/net_api.h"

static inline int fuzz_reply(const uint8_t *data, size_t size, struct net_result *r)
{
	static const long statuses[] = {200, 201, 200, 204, 400, 401, 403, 404, 409, 410,
	                                413, 429, 500, 501, 502, 503, 504, 302, 0};
	static const enum net_error errors[] = {
	    NET_ERR_TIMEOUT, NET_ERR_CONNECT,   NET_ERR_RECV,     NET_ERR_TOO_LARGE,
	    NET_ERR_PIN,     NET_ERR_CANCELLED, NET_ERR_PROTOCOL, NET_ERR_CERT_TIME};

	if (size < 2)
		return -1;
	memset(r, 0, sizeof(*r));
	r->status = statuses[data[0] % (sizeof(statuses) / sizeof(statuses[0]))];
	r->error = (data[1] & 0x0f) < 8 ? NET_OK : errors[(data[1] & 0x0f) - 8];
	r->maybe_sent = (data[1] & 0x10) != 0;
	r->body_len = size - 2;
	r->body = malloc(r->body_len + 1);
	if (r->body == NULL)
		return -1;
	memcpy(r->body, data + 2, r->body_len);
	r->body[r->body_len] = '\0';
	return 0;
}

/* Every text a parser hands out must be NUL-terminated inside its field and valid UTF-8. */
static inline void fuzz_check_text(const char *s, size_t cap)
{
	if (memchr(s, '\0', cap) == NULL || net_api_utf8_chars(s) < 0)
		__builtin_trap();
}

#define FUZZ_TEXT(field) fuzz_check_text((field), sizeof(field))

static inline void fuzz_check_status(const struct net_api_status *st, int rc)
{
	if (st->error != rc)
		__builtin_trap();
	FUZZ_TEXT(st->code);
	FUZZ_TEXT(st->message);
}

#endif
