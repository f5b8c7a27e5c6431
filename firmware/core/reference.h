/* Reference numbers of the reference central (PROTOCOL.md §2): 9 digits and a Damm check digit,
 * shown and spoken in groups "482 193 557 6". Validation says which kind of mistake a visitor
 * made so the kiosk can tell them. Pure C, libc only; shared by the kiosk and the central. */
#ifndef ACCUEIL_REFERENCE_H
#define ACCUEIL_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>

/* Digits of a reference, check digit included. */
#define REFERENCE_DIGITS 10
/* Room for a reference as digits with its NUL. */
#define REFERENCE_BUF (REFERENCE_DIGITS + 1)
/* Room for the grouped form "482 193 557 6" with its NUL. */
#define REFERENCE_GROUPED_BUF 14

enum reference_error {
	REFERENCE_OK = 0,
	REFERENCE_EMPTY,       /* nothing but separators */
	REFERENCE_TOO_SHORT,   /* fewer than 10 digits: check.digits says how many */
	REFERENCE_TOO_LONG,    /* more than 10 digits: check.digits says how many */
	REFERENCE_NOT_DIGIT,   /* a character that is neither a digit nor a separator */
	REFERENCE_CHECK_FAILED /* 10 digits whose check digit is wrong: a typo or two swapped digits
	                        */
};

/* What reference_validate found. */
struct reference_check {
	enum reference_error error;
	size_t digits;  /* digits seen (separators ignored) */
	size_t bad_pos; /* REFERENCE_NOT_DIGIT: byte offset of the first bad character */
	char normalized[REFERENCE_BUF]; /* REFERENCE_OK: the 10 digits, NUL-terminated; else "" */
};

/* The Damm check digit (0..9) of n digits ('0'..'9'). Returns it, or -EINVAL on a non-digit or
 * a NULL pointer. n = 0 gives 0. */
int reference_damm(const char *digits, size_t n);

/* True when the n digits (check digit last) pass the Damm check. */
bool reference_damm_ok(const char *digits, size_t n);

/* Validates what a visitor typed (length len, need not be NUL-terminated). Spaces, hyphens,
 * dots and non-breaking spaces (U+00A0, U+202F in UTF-8) between digits are ignored. Returns the
 * error kind, also stored in *out (out may be NULL). */
enum reference_error reference_validate(const char *input, size_t len, struct reference_check *out);

/* Makes a reference from 9 digits: writes the 9 digits, the check digit and a NUL to out
 * (REFERENCE_BUF bytes). Returns 0 or -EINVAL. */
int reference_make(const char *nine, char out[REFERENCE_BUF]);

/* Formats 10 digits as "482 193 557 6" into out (REFERENCE_GROUPED_BUF bytes or more). Other
 * lengths are grouped by three too. Returns the length, -EINVAL on a non-digit, -ENOSPC when out
 * is too small (out then holds ""). */
int reference_format(const char *digits, size_t n, char *out, size_t cap);

#endif
