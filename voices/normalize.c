/* Values read aloud (S4) and typed characters echoed (K6). The grouping rules are shared by
 * both languages; the words come from the lexicon and the per-language files. */
#include "firmware/core/utf8.h"
#include "voices/normalize.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#include "firmware/core/phone.h"

#include "voices/lexicon.h"
#include "voices/normalize_lang.h"

void normalize_buf_init(struct normalize_buf *b, char *out, size_t cap)
{
	b->out = out;
	b->cap = cap;
	b->len = 0;
	b->full = false;
	if (cap > 0)
		out[0] = '\0';
}

void normalize_putn(struct normalize_buf *b, const char *s, size_t n)
{
	if (b->full || b->cap == 0) {
		b->full = true;
		return;
	}
	if (b->len + n >= b->cap) {
		/* Keep whole UTF-8 sequences only, so a truncated text is still valid. */
		size_t room = b->cap - 1 - b->len;
		while (room > 0 && ((unsigned char)s[room] & 0xC0) == 0x80)
			room--;
		memcpy(b->out + b->len, s, room);
		b->len += room;
		b->out[b->len] = '\0';
		b->full = true;
		return;
	}
	memcpy(b->out + b->len, s, n);
	b->len += n;
	b->out[b->len] = '\0';
}

void normalize_put(struct normalize_buf *b, const char *s)
{
	normalize_putn(b, s, strlen(s));
}

void normalize_putf_int(struct normalize_buf *b, int v)
{
	char tmp[16];
	size_t n = 0;
	unsigned int u = v < 0 ? 0u - (unsigned int)v : (unsigned int)v;
	do {
		tmp[sizeof(tmp) - 1 - n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0 && n < sizeof(tmp) - 1);
	if (v < 0)
		tmp[sizeof(tmp) - 1 - n++] = '-';
	normalize_putn(b, tmp + sizeof(tmp) - n, n);
}

int normalize_buf_end(struct normalize_buf *b)
{
	return b->full ? -ENOSPC : (int)b->len;
}

/* Puts sep first unless the output is still empty. */
static void put_item(struct normalize_buf *b, const char *sep, const char *s, size_t n)
{
	if (b->len > 0)
		normalize_put(b, sep);
	normalize_putn(b, s, n);
}

static bool is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

static bool is_ascii_alpha(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Letters of any script count as letters; punctuation, spaces and symbols do not. */
static bool is_letter(uint32_t c)
{
	if (is_ascii_alpha(c))
		return true;
	if (c < 0xC0)
		return false;
	if (c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F))
		return false;
	return true;
}

static bool is_blank(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x202F;
}

/* Decodes the next character; malformed bytes are taken one at a time as U+FFFD so a
 * visitor's bad text is skipped, never misread as something else. */
static size_t next_char(const char *s, size_t len, size_t at, uint32_t *cp)
{
	size_t n = utf8_decode(s + at, len - at, cp);
	if (n == 0) {
		*cp = 0xFFFD;
		return 1;
	}
	return n;
}

static int check_args(const char *value, char *out, size_t cap)
{
	if (!value || !out || cap == 0)
		return -EINVAL;
	out[0] = '\0';
	return 0;
}

int normalize_digits(enum lang lang, const char *value, char *out, size_t cap)
{
	struct normalize_buf b;
	int rc = check_args(value, out, cap);
	if (rc < 0)
		return rc;
	normalize_buf_init(&b, out, cap);
	size_t len = strlen(value);
	for (size_t i = 0; i < len;) {
		uint32_t c;
		size_t n = next_char(value, len, i, &c);
		const char *name = lexicon_symbol(lang, c);
		if (c == 0xFFFD || is_blank(c))
			; /* a space between digits is only layout */
		else if (name && !is_digit(c))
			put_item(&b, " ", name, strlen(name));
		else
			put_item(&b, " ", value + i, n);
		i += n;
	}
	return normalize_buf_end(&b);
}

/* Digits one by one in groups of three from the left; a last group of one joins the
 * previous one ("1 2 3 4" rather than "1 2 3, 4") unless check_apart. */
static void put_digit_groups(struct normalize_buf *b, const char *d, size_t n, bool check_apart)
{
	size_t body = check_apart && n >= 4 ? n - 1 : n;
	size_t i = 0;
	while (i < body) {
		size_t g = body - i;
		if (g > 4 || (g == 4 && check_apart))
			g = 3;
		if (b->len > 0)
			normalize_put(b, ", ");
		for (size_t k = 0; k < g; k++) {
			if (k > 0)
				normalize_put(b, " ");
			normalize_putn(b, d + i + k, 1);
		}
		i += g;
	}
	if (body < n) {
		if (b->len > 0)
			normalize_put(b, ", ");
		normalize_putn(b, d + body, 1);
	}
}

/* Reads an id made of letter runs and digit runs: letters spelled, digits one by one
 * (grouped when group_digits), each run its own group. */
static int put_runs(struct normalize_buf *b, enum lang lang, const char *value, bool group_digits)
{
	char digits[VIEW_VALUE_MAX] = {0};
	size_t nd = 0, len = strlen(value);
	(void)lang;

	for (size_t i = 0; i <= len;) {
		uint32_t c = 0;
		size_t n = i < len ? next_char(value, len, i, &c) : 1;
		if (i < len && is_digit(c) && nd < sizeof(digits)) {
			digits[nd++] = (char)c;
			i += n;
			continue;
		}
		if (nd > 0) {
			if (group_digits) {
				put_digit_groups(b, digits, nd, false);
			} else {
				if (b->len > 0)
					normalize_put(b, ", ");
				for (size_t k = 0; k < nd; k++) {
					if (k > 0)
						normalize_put(b, " ");
					normalize_putn(b, digits + k, 1);
				}
			}
			nd = 0;
		}
		if (i < len && is_letter(c))
			put_item(b, ", ", value + i, n);
		i += n;
	}
	return normalize_buf_end(b);
}

int normalize_reference(enum lang lang, const char *value, char *out, size_t cap)
{
	struct normalize_buf b;
	char digits[VIEW_VALUE_MAX] = {0};
	size_t nd = 0, len;
	bool only_digits = true;
	int rc = check_args(value, out, cap);
	if (rc < 0)
		return rc;
	normalize_buf_init(&b, out, cap);
	len = strlen(value);
	for (size_t i = 0; i < len && only_digits;) {
		uint32_t c;
		size_t n = next_char(value, len, i, &c);
		if (is_digit(c) && nd < sizeof(digits))
			digits[nd++] = (char)c;
		else if (!is_blank(c))
			only_digits = false;
		i += n;
	}
	/* Our references are printed "482 193 557 6": read them exactly so. */
	if (only_digits) {
		put_digit_groups(&b, digits, nd, true);
		return normalize_buf_end(&b);
	}
	return put_runs(&b, lang, value, true);
}

int normalize_ticket(enum lang lang, const char *value, char *out, size_t cap)
{
	struct normalize_buf b;
	int rc = check_args(value, out, cap);
	if (rc < 0)
		return rc;
	normalize_buf_init(&b, out, cap);
	return put_runs(&b, lang, value, false);
}

int normalize_phone(enum lang lang, const char *value, char *out, size_t cap)
{
	struct normalize_buf b;
	char digits[VIEW_VALUE_MAX] = {0};
	size_t nd = 0, len, i = 0;
	int rc = check_args(value, out, cap);
	if (rc < 0)
		return rc;
	normalize_buf_init(&b, out, cap);
	len = strlen(value);
	/* The number proper: digits up to the first letter ("x12", "poste 12"). */
	for (; i < len; i++) {
		char c = value[i];
		if (c >= '0' && c <= '9') {
			if (nd < sizeof(digits))
				digits[nd++] = c;
		} else if (is_ascii_alpha((unsigned char)c) || (unsigned char)c >= 0x80) {
			break;
		}
	}
	const char *d = digits;
	if (nd == 11 && d[0] == '1') {
		normalize_putn(&b, d, 1);
		d++;
		nd--;
	}
	if (nd == 10 || nd == 7) {
		size_t groups[3] = {3, 3, 4}, ng = nd == 10 ? 3 : 2;
		const size_t *g = nd == 10 ? groups : groups + 1;
		for (size_t k = 0; k < ng; k++) {
			if (b.len > 0)
				normalize_put(&b, ", ");
			for (size_t j = 0; j < g[k]; j++) {
				if (j > 0)
					normalize_put(&b, " ");
				normalize_putn(&b, d + j, 1);
			}
			d += g[k];
		}
	} else {
		put_digit_groups(&b, d, nd, false);
	}
	/* An extension: its digits, after the word for it. */
	char ext[VIEW_VALUE_MAX] = {0};
	size_t ne = 0;
	for (; i < len; i++)
		if (value[i] >= '0' && value[i] <= '9' && ne < sizeof(ext))
			ext[ne++] = value[i];
	if (ne > 0) {
		normalize_put(&b, lang == LANG_FR ? ", poste " : ", extension ");
		for (size_t j = 0; j < ne; j++) {
			if (j > 0)
				normalize_put(&b, " ");
			normalize_putn(&b, ext + j, 1);
		}
	}
	return normalize_buf_end(&b);
}

int normalize_email(enum lang lang, const char *value, char *out, size_t cap)
{
	struct normalize_buf b;
	int rc = check_args(value, out, cap);
	if (rc < 0)
		return rc;
	normalize_buf_init(&b, out, cap);
	size_t len = strlen(value);
	for (size_t i = 0; i < len;) {
		uint32_t c;
		size_t n = next_char(value, len, i, &c);
		const struct lexicon_letter *accented = lexicon_letter_find(c);
		const char *name = lexicon_symbol(lang, c);
		if (c == 0xFFFD || is_blank(c)) {
			/* nothing to spell */
		} else if (c >= 'A' && c <= 'Z') {
			/* Addresses are case-insensitive in practice: spell them lowercase. */
			char lower = (char)(c - 'A' + 'a');
			put_item(&b, ", ", &lower, 1);
		} else if (accented) {
			put_item(&b, ", ", accented->name[lang], strlen(accented->name[lang]));
		} else if (name) {
			put_item(&b, ", ", name, strlen(name));
		} else {
			put_item(&b, ", ", value + i, n);
		}
		i += n;
	}
	return normalize_buf_end(&b);
}

int normalize_value(enum lang lang, enum view_value_kind kind, const char *value, char *out,
                    size_t cap)
{
	switch (kind) {
	case VIEW_VALUE_DIGITS:
		return normalize_digits(lang, value, out, cap);
	case VIEW_VALUE_REFERENCE:
		return normalize_reference(lang, value, out, cap);
	case VIEW_VALUE_TICKET:
		return normalize_ticket(lang, value, out, cap);
	case VIEW_VALUE_PHONE:
		return normalize_phone(lang, value, out, cap);
	case VIEW_VALUE_EMAIL:
		return normalize_email(lang, value, out, cap);
	case VIEW_VALUE_PLAIN:
		break;
	}
	struct normalize_buf b;
	int rc = check_args(value, out, cap);
	if (rc < 0)
		return rc;
	normalize_buf_init(&b, out, cap);
	normalize_put(&b, value);
	return normalize_buf_end(&b);
}

int normalize_char(enum lang lang, const char *utf8_char, char *out, size_t cap)
{
	struct normalize_buf b;
	uint32_t c;
	int rc = check_args(utf8_char, out, cap);
	if (rc < 0)
		return rc;
	if (lang < 0 || lang >= LANG_COUNT)
		return -EINVAL;
	size_t n = utf8_decode(utf8_char, strlen(utf8_char), &c);
	if (n == 0)
		return -EINVAL;
	normalize_buf_init(&b, out, cap);

	const struct lexicon_letter *accented = lexicon_letter_find(c);
	const char *name = lexicon_symbol(lang, c);
	if (accented) {
		normalize_putn(&b, utf8_char, n);
		normalize_put(&b, ", ");
		if (c == accented->upper) {
			if (lang == LANG_FR) {
				normalize_put(&b, accented->name[lang]);
				normalize_put(&b, " majuscule");
			} else {
				normalize_put(&b, "capital ");
				normalize_put(&b, accented->name[lang]);
			}
		} else {
			normalize_put(&b, accented->name[lang]);
		}
	} else if (c >= 'A' && c <= 'Z') {
		char letter[2] = {(char)c, '\0'};
		if (lang == LANG_FR)
			normalize_fr_capital(&b, letter);
		else
			normalize_en_capital(&b, letter);
	} else if (name) {
		normalize_put(&b, name);
	} else {
		normalize_putn(&b, utf8_char, n);
	}
	return normalize_buf_end(&b);
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool date_valid(int y, int m, int d)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= days[m - 1] + (m == 2 && is_leap(y));
}

int normalize_weekday(int year, int month, int day)
{
	static const int t[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
	if (!date_valid(year, month, day))
		return -EINVAL;
	int y = month < 3 ? year - 1 : year;
	return (y + y / 4 - y / 100 + y / 400 + t[month - 1] + day) % 7;
}

int normalize_date(enum lang lang, int year, int month, int day, bool with_weekday, char *out,
                   size_t cap)
{
	struct normalize_buf b;
	if (!out || cap == 0 || lang < 0 || lang >= LANG_COUNT)
		return -EINVAL;
	out[0] = '\0';
	if (!date_valid(year, month, day))
		return -EINVAL;
	int wd = with_weekday ? normalize_weekday(year, month, day) : -1;
	normalize_buf_init(&b, out, cap);
	if (lang == LANG_FR)
		normalize_fr_date(&b, year, month, day, wd);
	else
		normalize_en_date(&b, year, month, day, wd);
	return normalize_buf_end(&b);
}

int normalize_time(enum lang lang, int hour, int minute, char *out, size_t cap)
{
	struct normalize_buf b;
	if (!out || cap == 0 || lang < 0 || lang >= LANG_COUNT)
		return -EINVAL;
	out[0] = '\0';
	if (hour < 0 || hour > 23 || minute < 0 || minute > 59)
		return -EINVAL;
	normalize_buf_init(&b, out, cap);
	if (lang == LANG_FR)
		normalize_fr_time(&b, hour, minute);
	else
		normalize_en_time(&b, hour, minute);
	return normalize_buf_end(&b);
}

int normalize_datetime(enum lang lang, int year, int month, int day, int hour, int minute,
                       char *out, size_t cap)
{
	int n = normalize_date(lang, year, month, day, false, out, cap);
	if (n < 0)
		return n;
	if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
		out[0] = '\0';
		return -EINVAL;
	}
	struct normalize_buf b = {out, cap, (size_t)n, false};
	normalize_put(&b, ", ");
	if (lang == LANG_FR)
		normalize_fr_time(&b, hour, minute);
	else
		normalize_en_time(&b, hour, minute);
	return normalize_buf_end(&b);
}

/* The code point that ends just before byte `at`, or 0 at the start. */
static uint32_t prev_char(const char *s, size_t at)
{
	if (at == 0)
		return 0;
	size_t start = at - 1;
	while (start > 0 && at - start < 4 && ((unsigned char)s[start] & 0xC0) == 0x80)
		start--;
	uint32_t c;
	if (utf8_decode(s + start, at - start, &c) != at - start)
		return 0xFFFD;
	return c;
}

static bool word_edge(uint32_t c)
{
	return !is_letter(c) && !is_digit(c) && c != 0xFFFD;
}

static bool alnum_byte(char c)
{
	return (c >= '0' && c <= '9') || is_ascii_alpha((unsigned char)c) ||
	       (unsigned char)c >= 0xC3;
}

/* After a number or an address said in pieces, a comma before the next word keeps its
 * last digit or letter from running into it ("0 1 9 9, today", "c a, today"). */
static void put_pause_before_more(struct normalize_buf *b, const char *rest)
{
	if (rest[0] == ' ' && alnum_byte(rest[1]))
		normalize_put(b, ",");
}

/* A phone number at text + at: its digits in groups (normalize_phone), or 0. */
static size_t spoken_phone(struct normalize_buf *b, enum lang lang, const char *text, size_t at)
{
	struct phone_number num;
	char value[PHONE_DIGITS_MAX + PHONE_EXT_MAX + 2], said[128];
	const char *s = text + at;
	size_t n = phone_span(text, at, &num);
	if (n == 0)
		return 0;
	size_t nd = strlen(num.digits), ne = strlen(num.ext);
	memcpy(value, num.digits, nd);
	value[nd] = 'x';
	memcpy(value + nd + 1, num.ext, ne + 1);
	if (normalize_phone(lang, value, said, sizeof(said)) < 0)
		return 0; /* cannot happen with these sizes: read the text as it is */
	normalize_put(b, said);
	put_pause_before_more(b, s + n);
	return n;
}

/* "TTY", "ATS": letter by letter. */
static size_t spoken_acronym(struct normalize_buf *b, const char *s)
{
	size_t n = 0;
	while (s[n] >= 'A' && s[n] <= 'Z')
		n++;
	if (n == 0 || alnum_byte(s[n]) || !lexicon_spelled(s, n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			normalize_put(b, " ");
		normalize_putn(b, s + i, 1);
	}
	return n;
}

static bool label_byte(char c)
{
	return (c >= '0' && c <= '9') || is_ascii_alpha((unsigned char)c) || c == '-';
}

/* One label or path piece: a short one ("ca", "fr", "on") spelled, a longer one as a
 * word, its hyphens named. */
static void put_web_piece(struct normalize_buf *b, enum lang lang, const char *s, size_t n,
                          bool spell_short)
{
	if (spell_short && n <= 2) {
		for (size_t i = 0; i < n; i++) {
			char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
			if (i > 0)
				normalize_put(b, " ");
			normalize_putn(b, &c, 1);
		}
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-') {
			normalize_put(b, " ");
			normalize_put(b, lexicon_symbol(lang, '-'));
			normalize_put(b, " ");
		} else {
			normalize_putn(b, s + i, 1);
		}
	}
}

#define WEB_LABELS_MAX 8

/* A web address at s: "ontario.ca" → "ontario point c a" / "ontario dot c a"; a path
 * after it: "…, barre oblique f r". "https://" is not said. Returns the bytes read, or 0. */
static size_t spoken_web(struct normalize_buf *b, enum lang lang, const char *s)
{
	size_t start[WEB_LABELS_MAX], len[WEB_LABELS_MAX], nl = 0, p = 0;
	if (strncasecmp(s, "https://", 8) == 0)
		p = 8;
	else if (strncasecmp(s, "http://", 7) == 0)
		p = 7;
	for (;;) {
		size_t q = p;
		while (label_byte(s[q]))
			q++;
		if (q == p || s[p] == '-' || nl == WEB_LABELS_MAX)
			return 0;
		start[nl] = p;
		len[nl++] = q - p;
		p = q;
		if (s[p] != '.' || !label_byte(s[p + 1]))
			break;
		p++;
	}
	if (nl < 2 || !lexicon_web_suffix(s + start[nl - 1], len[nl - 1]) || alnum_byte(s[p]))
		return 0;
	const char *dot = lexicon_symbol(lang, '.');
	for (size_t i = 0; i < nl; i++) {
		if (i > 0) {
			normalize_put(b, " ");
			normalize_put(b, dot);
			normalize_put(b, " ");
		}
		put_web_piece(b, lang, s + start[i], len[i], i > 0);
	}
	/* A path: "/fr", "/services/aide". */
	while (s[p] == '/' && label_byte(s[p + 1])) {
		size_t q = p + 1;
		while (label_byte(s[q]) || s[q] == '_')
			q++;
		normalize_put(b, ", ");
		normalize_put(b, lexicon_symbol(lang, '/'));
		normalize_put(b, " ");
		put_web_piece(b, lang, s + p + 1, q - p - 1, true);
		p = q;
	}
	if (s[p] == '/')
		p++;
	if (alnum_byte(s[p]))
		return 0;
	put_pause_before_more(b, s + p);
	return p;
}

int normalize_spoken(enum lang lang, const char *text, char *out, size_t cap)
{
	return normalize_spoken_at(lang, 0, text, out, cap);
}

int normalize_spoken_at(enum lang lang, int wpm, const char *text, char *out, size_t cap)
{
	struct normalize_buf b;
	int rc = check_args(text, out, cap);
	if (rc < 0)
		return rc;
	if (lang < 0 || lang >= LANG_COUNT)
		return -EINVAL;
	normalize_buf_init(&b, out, cap);
	size_t len = strlen(text);
	for (size_t i = 0; i < len;) {
		if (text[i] == '[' && i + 1 < len && text[i + 1] == '[') {
			/* "[[" would switch espeak-ng to phoneme input. */
			normalize_put(&b, "[ ");
			i++;
			continue;
		}
		if ((unsigned char)text[i] < 0x20 && text[i] != '\n') {
			/* Control characters (from a server's text too) never reach the voice:
			 * espeak-ng would take \001 as one of its own commands. */
			normalize_put(&b, " ");
			i++;
			continue;
		}
		if (text[i] == '\n') {
			/* A line break on screen is a pause: the lines are sentences. */
			uint32_t before = prev_char(text, i);
			normalize_put(&b, i == 0 || strchr(".:;,?!", (int)before) ? " " : ". ");
			i++;
			continue;
		}
		uint32_t c;
		size_t n = next_char(text, len, i, &c);
		if (word_edge(prev_char(text, i))) {
			size_t used = 0;
			int max_wpm = 0;
			const char *said = lexicon_stressed(lang, text + i, &used, &max_wpm);
			if (said && max_wpm > 0 && wpm > max_wpm) {
				/* espeak-ng's embedded speed change, relative, undone after the
				 * phrase */
				normalize_put(&b, "\001-");
				normalize_putf_int(&b, wpm - max_wpm);
				normalize_put(&b, "S");
				normalize_put(&b, said);
				normalize_put(&b, "\001+");
				normalize_putf_int(&b, wpm - max_wpm);
				normalize_put(&b, "S");
			} else if (said) {
				normalize_put(&b, said);
			} else
				used = spoken_phone(&b, lang, text, i);
			if (used == 0)
				used = spoken_acronym(&b, text + i);
			if (used == 0)
				used = spoken_web(&b, lang, text + i);
			if (used == 0)
				used = lang == LANG_FR ? normalize_fr_spoken(&b, text, len, i)
				                       : normalize_en_spoken(&b, text, len, i);
			if (used > 0) {
				i += used;
				continue;
			}
			const struct lexicon_letter *l = lexicon_letter_find(c);
			uint32_t after = 0;
			if (i + n < len)
				next_char(text, len, i + n, &after);
			/* espeak-ng names a lone accented letter ("e accent aigu"); the echo
			 * already names it, so the letter itself is said as its sound. */
			if (l && l->phonemes[lang] && (i + n == len || word_edge(after))) {
				normalize_put(&b, "[[");
				normalize_put(&b, l->phonemes[lang]);
				normalize_put(&b, "]]");
				i += n;
				continue;
			}
		}
		normalize_putn(&b, text + i, n);
		i += n;
	}
	return normalize_buf_end(&b);
}
