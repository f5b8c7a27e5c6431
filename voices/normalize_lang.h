/* Internal to voices/normalize*.c: the output builder and the per-language parts. */
#ifndef ACCUEIL_NORMALIZE_LANG_H
#define ACCUEIL_NORMALIZE_LANG_H

#include <stdbool.h>
#include <stddef.h>

/* A bounded output text: writes past cap are dropped and remembered. */
struct normalize_buf {
	char *out;
	size_t cap, len;
	bool full;
};

void normalize_buf_init(struct normalize_buf *b, char *out, size_t cap);
void normalize_putn(struct normalize_buf *b, const char *s, size_t n);
void normalize_put(struct normalize_buf *b, const char *s);
void normalize_putf_int(struct normalize_buf *b, int v);
/* Its length, or -ENOSPC when something was dropped. */
int normalize_buf_end(struct normalize_buf *b);

/* Per language: weekday -1 for none. */
void normalize_fr_date(struct normalize_buf *b, int year, int month, int day, int weekday);
void normalize_en_date(struct normalize_buf *b, int year, int month, int day, int weekday);
void normalize_fr_time(struct normalize_buf *b, int hour, int minute);
void normalize_en_time(struct normalize_buf *b, int hour, int minute);
/* "A majuscule" / "capital A": letter is one UTF-8 character. */
void normalize_fr_capital(struct normalize_buf *b, const char *letter);
void normalize_en_capital(struct normalize_buf *b, const char *letter);
/* Tries to read a display form (time, date) at s + at (len bytes in all, at a word start).
 * Writes its spoken form and returns the bytes consumed, or 0 when nothing matches. */
size_t normalize_fr_spoken(struct normalize_buf *b, const char *s, size_t len, size_t at);
size_t normalize_en_spoken(struct normalize_buf *b, const char *s, size_t len, size_t at);

#endif
