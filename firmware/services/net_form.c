/* Form encoding by hand: libcurl's escape function needs a handle, and the builders must not. */
#include "firmware/services/net_form.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

static size_t escaped_len(const char *src)
{
	size_t n = 0;

	for (; *src != '\0'; src++)
		n += unreserved((unsigned char)*src) ? 1 : 3;
	return n;
}

static void escape_into(char *dst, const char *src)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *src != '\0'; src++) {
		unsigned char c = (unsigned char)*src;
		if (unreserved(c)) {
			*dst++ = (char)c;
		} else {
			*dst++ = '%';
			*dst++ = hex[c >> 4];
			*dst++ = hex[c & 0x0f];
		}
	}
	*dst = '\0';
}

int net_form_escape_append(char *dst, size_t cap, size_t *len, const char *src)
{
	size_t n = escaped_len(src);

	if (*len >= cap || n >= cap - *len)
		return -ENAMETOOLONG;
	escape_into(dst + *len, src);
	*len += n;
	return 0;
}

void net_form_init(struct net_form *f, size_t max)
{
	memset(f, 0, sizeof(*f));
	f->max = max;
}

static int form_reserve(struct net_form *f, size_t extra)
{
	size_t need, ncap;
	char *nbuf;

	if (extra > f->max || f->len > f->max - extra)
		return -E2BIG;
	need = f->len + extra + 1;
	if (need <= f->cap)
		return 0;
	ncap = f->cap ? f->cap : 256;
	while (ncap < need)
		ncap *= 2;
	/* Grow by copy, not realloc, so the old buffer can be wiped. */
	nbuf = malloc(ncap);
	if (nbuf == NULL)
		return -ENOMEM;
	if (f->buf != NULL) {
		memcpy(nbuf, f->buf, f->len + 1);
		explicit_bzero(f->buf, f->cap);
		free(f->buf);
	}
	f->buf = nbuf;
	f->cap = ncap;
	return 0;
}

int net_form_add(struct net_form *f, const char *name, const char *value)
{
	size_t extra;
	int rc;

	if (f->err != 0 || value == NULL)
		return f->err;
	extra = (f->len > 0 ? 1 : 0) + escaped_len(name) + 1 + escaped_len(value);
	rc = form_reserve(f, extra);
	if (rc != 0) {
		f->err = rc;
		return rc;
	}
	if (f->len > 0)
		f->buf[f->len++] = '&';
	escape_into(f->buf + f->len, name);
	f->len += escaped_len(name);
	f->buf[f->len++] = '=';
	escape_into(f->buf + f->len, value);
	f->len += escaped_len(value);
	return 0;
}

int net_form_take(struct net_form *f, char **body, size_t *len)
{
	int rc = f->err;

	if (rc == 0 && f->buf == NULL)
		rc = form_reserve(f, 0);
	if (rc != 0) {
		net_form_release(f);
		return rc;
	}
	f->buf[f->len] = '\0';
	*body = f->buf;
	*len = f->len;
	f->buf = NULL;
	f->len = f->cap = 0;
	return 0;
}

void net_form_release(struct net_form *f)
{
	if (f->buf != NULL) {
		explicit_bzero(f->buf, f->cap);
		free(f->buf);
	}
	f->buf = NULL;
	f->len = f->cap = 0;
}
