/* Damm check digit and reference validation. See reference.h. */
#include "firmware/core/reference.h"

#include <errno.h>
#include <string.h>

/* A totally anti-symmetric quasigroup of order 10 with zero diagonal (Damm, 2004): it detects
 * every single-digit error and every adjacent transposition. */
static const unsigned char damm_table[10][10] = {
    {0, 3, 1, 7, 5, 9, 8, 6, 4, 2}, {7, 0, 9, 2, 1, 5, 4, 8, 6, 3}, {4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
    {1, 7, 5, 0, 9, 8, 3, 4, 2, 6}, {6, 1, 2, 3, 0, 4, 5, 9, 7, 8}, {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
    {5, 8, 6, 9, 7, 2, 0, 1, 3, 4}, {8, 9, 4, 5, 3, 6, 2, 0, 1, 7}, {9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
    {2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
};

int reference_damm(const char *digits, size_t n)
{
	unsigned interim = 0;
	if (!digits && n)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (digits[i] < '0' || digits[i] > '9')
			return -EINVAL;
		interim = damm_table[interim][digits[i] - '0'];
	}
	return (int)interim;
}

bool reference_damm_ok(const char *digits, size_t n)
{
	return n > 0 && reference_damm(digits, n) == 0;
}

/* Length of a separator at s[i], or 0. */
static size_t separator_len(const char *s, size_t len, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	if (c == ' ' || c == '-' || c == '.' || c == '\t')
		return 1;
	if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0)
		return 2;
	if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
	    (unsigned char)s[i + 2] == 0xAF)
		return 3;
	return 0;
}

enum reference_error reference_validate(const char *input, size_t len, struct reference_check *out)
{
	struct reference_check c;
	memset(&c, 0, sizeof c);
	c.error = REFERENCE_OK;
	char buf[REFERENCE_BUF];
	size_t i = 0;
	if (!input)
		len = 0;
	while (i < len) {
		size_t sep = separator_len(input, len, i);
		if (sep) {
			i += sep;
			continue;
		}
		char ch = input[i];
		if (ch < '0' || ch > '9') {
			if (c.error == REFERENCE_OK) {
				c.error = REFERENCE_NOT_DIGIT;
				c.bad_pos = i;
			}
			i++;
			continue;
		}
		if (c.digits < REFERENCE_DIGITS)
			buf[c.digits] = ch;
		c.digits++;
		i++;
	}
	if (c.error == REFERENCE_OK) {
		if (c.digits == 0)
			c.error = REFERENCE_EMPTY;
		else if (c.digits < REFERENCE_DIGITS)
			c.error = REFERENCE_TOO_SHORT;
		else if (c.digits > REFERENCE_DIGITS)
			c.error = REFERENCE_TOO_LONG;
		else if (!reference_damm_ok(buf, REFERENCE_DIGITS))
			c.error = REFERENCE_CHECK_FAILED;
	}
	if (c.error == REFERENCE_OK) {
		memcpy(c.normalized, buf, REFERENCE_DIGITS);
		c.normalized[REFERENCE_DIGITS] = '\0';
	}
	if (out)
		*out = c;
	return c.error;
}

int reference_make(const char *nine, char out[REFERENCE_BUF])
{
	if (!nine || !out)
		return -EINVAL;
	int check = reference_damm(nine, REFERENCE_DIGITS - 1);
	if (check < 0)
		return -EINVAL;
	memcpy(out, nine, REFERENCE_DIGITS - 1);
	out[REFERENCE_DIGITS - 1] = (char)('0' + check);
	out[REFERENCE_DIGITS] = '\0';
	return 0;
}

int reference_format(const char *digits, size_t n, char *out, size_t cap)
{
	size_t need = n + (n ? (n - 1) / 3 : 0) + 1, k = 0;
	if (!out || cap == 0)
		return -ENOSPC;
	out[0] = '\0';
	if (!digits && n)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (digits[i] < '0' || digits[i] > '9')
			return -EINVAL;
	if (need > cap)
		return -ENOSPC;
	for (size_t i = 0; i < n; i++) {
		if (i && i % 3 == 0)
			out[k++] = ' ';
		out[k++] = digits[i];
	}
	out[k] = '\0';
	return (int)k;
}
