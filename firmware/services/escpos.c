#include "firmware/services/escpos.h"

#include <errno.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/core/utf8.h"

struct escpos {
	uint8_t *buf;
	size_t len, cap;
	int err;
	int columns;
	int col;  /* the current line's width so far, in base columns */
	int wmul; /* width multiplier in force */
	size_t replaced;
};

#define ESC 0x1B
#define GS  0x1D
#define LF  0x0A
/* Code page 858's no-break space. */
#define CP_NBSP 0xFF
/* Rows of a raster image per GS v 0 command: small enough for every printer's buffer. */
#define RASTER_BAND 128

/* Code page 858, bytes 0x80..0xFF, as Unicode (the IBM/Microsoft table; 0xD5 is the euro). */
static const uint16_t cp858[128] = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA, 0x00EB, 0x00E8, 0x00EF,
    0x00EE, 0x00EC, 0x00C4, 0x00C5, 0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
    0x00FF, 0x00D6, 0x00DC, 0x00F8, 0x00A3, 0x00D8, 0x00D7, 0x0192, 0x00E1, 0x00ED, 0x00F3, 0x00FA,
    0x00F1, 0x00D1, 0x00AA, 0x00BA, 0x00BF, 0x00AE, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x00C1, 0x00C2, 0x00C0, 0x00A9, 0x2563, 0x2551, 0x2557,
    0x255D, 0x00A2, 0x00A5, 0x2510, 0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x00E3, 0x00C3,
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x00A4, 0x00F0, 0x00D0, 0x00CA, 0x00CB,
    0x00C8, 0x20AC, 0x00CD, 0x00CE, 0x00CF, 0x2518, 0x250C, 0x2588, 0x2584, 0x00A6, 0x00CC, 0x2580,
    0x00D3, 0x00DF, 0x00D4, 0x00D2, 0x00F5, 0x00D5, 0x00B5, 0x00FE, 0x00DE, 0x00DA, 0x00DB, 0x00D9,
    0x00FD, 0x00DD, 0x00AF, 0x00B4, 0x00AD, 0x00B1, 0x2017, 0x00BE, 0x00B6, 0x00A7, 0x00F7, 0x00B8,
    0x00B0, 0x00A8, 0x00B7, 0x00B9, 0x00B3, 0x00B2, 0x25A0, 0x00A0,
};

/* What code page 858 lacks, written as the nearest ASCII. */
static const struct {
	uint32_t cp;
	const char *ascii;
} fallback[] = {
    {0x2018, "'"},   {0x2019, "'"},  {0x201A, "'"},  {0x02BC, "'"},  {0x2032, "'"},  {0x201C, "\""},
    {0x201D, "\""},  {0x201E, "\""}, {0x2033, "\""}, {0x2039, "<"},  {0x203A, ">"},  {0x2010, "-"},
    {0x2011, "-"},   {0x2012, "-"},  {0x2013, "-"},  {0x2014, "-"},  {0x2015, "-"},  {0x2212, "-"},
    {0x2026, "..."}, {0x0152, "OE"}, {0x0153, "oe"}, {0x0178, "Y"},  {0x2022, "*"},  {0x2002, " "},
    {0x2003, " "},   {0x2009, " "},  {0x200A, " "},  {0x2122, "TM"}, {0x2116, "No"},
};

/* Characters that are not seen: nothing to print. */
static bool invisible(uint32_t cp)
{
	return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF ||
	       cp == 0x00AD;
}

static bool no_break_space(uint32_t cp)
{
	return cp == 0x00A0 || cp == 0x202F || cp == 0x2007;
}

long escpos_encode(const char *s, size_t n, uint8_t *out, size_t cap, size_t *replaced)
{
	size_t w = 0, bad = 0, i = 0;
	while (i < n) {
		uint8_t tmp[4];
		const char *ascii = NULL;
		size_t tn = 0;
		uint32_t cp = 0;
		size_t step = utf8_decode(s + i, n - i, &cp);
		if (step == 0) { /* not UTF-8: one '?' per bad byte */
			tmp[tn++] = '?';
			bad++;
			step = 1;
		} else if (cp == '\n') {
			tmp[tn++] = LF;
		} else if (cp == '\t') {
			tmp[tn++] = ' ';
		} else if (cp == '\r' || invisible(cp)) {
			/* nothing visible to print */
		} else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
			tmp[tn++] = '?'; /* a control character: never a printer command */
			bad++;
		} else if (cp < 0x7F) {
			tmp[tn++] = (uint8_t)cp;
		} else if (no_break_space(cp)) {
			tmp[tn++] = CP_NBSP;
		} else {
			for (int b = 0; b < 128 && tn == 0; b++)
				if (cp858[b] == cp)
					tmp[tn++] = (uint8_t)(0x80 + b);
			for (size_t f = 0;
			     tn == 0 && !ascii && f < sizeof(fallback) / sizeof(fallback[0]); f++)
				if (fallback[f].cp == cp)
					ascii = fallback[f].ascii;
			if (ascii) {
				tn = strlen(ascii);
				memcpy(tmp, ascii, tn);
			} else if (tn == 0) {
				tmp[tn++] = '?';
				bad++;
			}
		}
		if (w + tn > cap)
			return -ENOSPC;
		memcpy(out + w, tmp, tn);
		w += tn;
		i += step;
	}
	if (replaced)
		*replaced = bad;
	return (long)w;
}

int escpos_new(int columns, size_t cap, escpos_t **out)
{
	if (columns < ESCPOS_COLUMNS_MIN || columns > ESCPOS_COLUMNS_MAX || cap > ESCPOS_DOC_MAX)
		return -EINVAL;
	if (cap == 0)
		cap = ESCPOS_DOC_MAX;
	escpos_t *d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->buf = malloc(cap);
	if (!d->buf) {
		free(d);
		return -ENOMEM;
	}
	d->cap = cap;
	d->columns = columns;
	d->wmul = 1;
	*out = d;
	return 0;
}

void escpos_free(escpos_t *d)
{
	if (!d)
		return;
	free(d->buf);
	free(d);
}

static int put(escpos_t *d, const void *p, size_t n)
{
	if (d->err)
		return d->err;
	if (n > d->cap - d->len) {
		d->err = -E2BIG;
		return d->err;
	}
	memcpy(d->buf + d->len, p, n);
	d->len += n;
	return 0;
}

static int put3(escpos_t *d, uint8_t a, uint8_t b, uint8_t c)
{
	const uint8_t cmd[3] = {a, b, c};
	return put(d, cmd, sizeof(cmd));
}

/* Records a caller's mistake as the document's error too: the builder checks once. */
static int fail(escpos_t *d, int rc)
{
	if (!d->err)
		d->err = rc;
	return rc;
}

int escpos_init(escpos_t *d)
{
	const uint8_t cmd[] = {ESC, '@', ESC, 't', ESCPOS_CODE_PAGE_858};
	d->col = 0;
	d->wmul = 1;
	return put(d, cmd, sizeof(cmd));
}

int escpos_align(escpos_t *d, enum escpos_align a)
{
	if (a != ESCPOS_LEFT && a != ESCPOS_CENTER && a != ESCPOS_RIGHT)
		return fail(d, -EINVAL);
	return put3(d, ESC, 'a', (uint8_t)a);
}

int escpos_bold(escpos_t *d, bool on)
{
	return put3(d, ESC, 'E', on ? 1 : 0);
}

int escpos_size(escpos_t *d, int width, int height)
{
	if (width < 1 || width > 8 || height < 1 || height > 8)
		return fail(d, -EINVAL);
	int rc = put3(d, GS, '!', (uint8_t)(((width - 1) << 4) | (height - 1)));
	if (rc == 0)
		d->wmul = width;
	return rc;
}

int escpos_newline(escpos_t *d)
{
	const uint8_t lf = LF;
	int rc = put(d, &lf, 1);
	if (rc == 0)
		d->col = 0;
	return rc;
}

/* Ends the current line when something is on it. */
static int end_line(escpos_t *d)
{
	return d->col > 0 ? escpos_newline(d) : d->err;
}

/* Writes one word (no spaces or line feeds in it), cutting it when longer than a line. */
static int put_word(escpos_t *d, const uint8_t *w, size_t n)
{
	int width = d->columns;
	while (n > 0 && d->err == 0) {
		size_t room = (size_t)((width - d->col) / d->wmul);
		if (n <= room) {
			put(d, w, n);
			d->col += (int)n * d->wmul;
			break;
		}
		if (d->col > 0) { /* try it on a fresh line first */
			escpos_newline(d);
			continue;
		}
		if (room == 0) /* wider than the paper even alone: a size error of the caller's */
			return fail(d, -EINVAL);
		put(d, w, room);
		escpos_newline(d);
		w += room;
		n -= room;
	}
	return d->err;
}

int escpos_text(escpos_t *d, const char *utf8)
{
	if (d->err)
		return d->err;
	size_t n = strlen(utf8);
	if (n > ESCPOS_TEXT_MAX)
		return fail(d, -EMSGSIZE);
	/* At most 3 bytes out per byte in ("..." for the 3-byte "…"). */
	uint8_t *conv = malloc(3 * n + 1);
	if (!conv)
		return fail(d, -ENOMEM);
	size_t bad = 0;
	long m = escpos_encode(utf8, n, conv, 3 * n + 1, &bad);
	if (m < 0) {
		free(conv);
		return fail(d, (int)m);
	}
	d->replaced += bad;
	size_t i = 0, len = (size_t)m;
	while (i < len && d->err == 0) {
		if (conv[i] == LF) {
			escpos_newline(d);
			i++;
			continue;
		}
		size_t spaces = 0;
		while (i < len && conv[i] == ' ') {
			spaces++;
			i++;
		}
		size_t start = i;
		while (i < len && conv[i] != ' ' && conv[i] != LF)
			i++;
		size_t wlen = i - start;
		int sp = (int)spaces * d->wmul;
		if (wlen == 0) { /* trailing spaces: kept when they fit, for "Label : " + value */
			if (d->col > 0 && d->col + sp <= d->columns) {
				for (size_t s = 0; s < spaces; s++)
					put(d, " ", 1);
				d->col += sp;
			}
			continue;
		}
		if (d->col > 0 && d->col + sp + (int)wlen * d->wmul > d->columns)
			escpos_newline(d);
		else if (d->col > 0) {
			for (size_t s = 0; s < spaces; s++)
				put(d, " ", 1);
			d->col += sp;
		}
		put_word(d, conv + start, wlen);
	}
	free(conv);
	return d->err;
}

int escpos_line(escpos_t *d, const char *utf8)
{
	int rc = escpos_text(d, utf8);
	return rc ? rc : escpos_newline(d);
}

int escpos_feed(escpos_t *d, int lines)
{
	if (lines < 0 || lines > 255)
		return fail(d, -EINVAL);
	int rc = put3(d, ESC, 'd', (uint8_t)lines);
	if (rc == 0)
		d->col = 0;
	return rc;
}

int escpos_rule(escpos_t *d)
{
	uint8_t dash[ESCPOS_COLUMNS_MAX];
	end_line(d);
	memset(dash, '-', sizeof(dash));
	put(d, dash, (size_t)(d->columns / d->wmul));
	return escpos_newline(d);
}

int escpos_cut(escpos_t *d)
{
	const uint8_t cmd[] = {GS, 'V', 66, 0};
	end_line(d);
	return put(d, cmd, sizeof(cmd));
}

int escpos_raster(escpos_t *d, const uint8_t *bits, int bytes_per_row, int rows)
{
	if (d->err)
		return d->err;
	if (bytes_per_row < 1 || bytes_per_row * 8 > d->columns * ESCPOS_DOTS_PER_COLUMN ||
	    rows < 1 || rows > ESCPOS_RASTER_MAX_ROWS)
		return fail(d, -EINVAL);
	end_line(d);
	for (int y = 0; y < rows && d->err == 0; y += RASTER_BAND) {
		int h = rows - y < RASTER_BAND ? rows - y : RASTER_BAND;
		const uint8_t cmd[] = {GS,
		                       'v',
		                       '0',
		                       0,
		                       (uint8_t)(bytes_per_row & 0xFF),
		                       (uint8_t)(bytes_per_row >> 8),
		                       (uint8_t)(h & 0xFF),
		                       (uint8_t)(h >> 8)};
		put(d, cmd, sizeof(cmd));
		put(d, bits + (size_t)y * (size_t)bytes_per_row, (size_t)h * (size_t)bytes_per_row);
	}
	return d->err;
}

int escpos_qr(escpos_t *d, const char *text, int module)
{
	if (d->err)
		return d->err;
	size_t n = strlen(text);
	if (n == 0 || n > ESCPOS_QR_TEXT_MAX)
		return fail(d, -EMSGSIZE);
	if (module < 1 || module > 16)
		return fail(d, -EINVAL);
	errno = 0;
	QRcode *qr = QRcode_encodeData((int)n, (const unsigned char *)text, 0, QR_ECLEVEL_M);
	if (!qr)
		return fail(d, errno == ENOMEM ? -ENOMEM : -ERANGE);
	int dots = d->columns * ESCPOS_DOTS_PER_COLUMN;
	int side = qr->width + 8; /* the quiet zone: 4 modules each side */
	while (module > 1 && side * module > dots)
		module--;
	int px = side * module;
	if (px > dots || px > ESCPOS_RASTER_MAX_ROWS) {
		QRcode_free(qr);
		return fail(d, -ERANGE);
	}
	int bpr = dots / 8;
	int left = (dots - px) / 2 + 4 * module;
	uint8_t *bits = calloc((size_t)px, (size_t)bpr);
	if (!bits) {
		QRcode_free(qr);
		return fail(d, -ENOMEM);
	}
	for (int my = 0; my < qr->width; my++)
		for (int mx = 0; mx < qr->width; mx++) {
			if (!(qr->data[my * qr->width + mx] & 1))
				continue;
			for (int y = 0; y < module; y++)
				for (int x = 0; x < module; x++) {
					int X = left + mx * module + x, Y = (4 + my) * module + y;
					bits[(size_t)Y * (size_t)bpr + (size_t)(X / 8)] |=
					    (uint8_t)(0x80 >> (X % 8));
				}
		}
	QRcode_free(qr);
	int rc = escpos_raster(d, bits, bpr, px);
	free(bits);
	return rc;
}

const uint8_t *escpos_bytes(const escpos_t *d, size_t *len)
{
	if (d->err) {
		*len = 0;
		return NULL;
	}
	*len = d->len;
	return d->buf;
}

int escpos_error(const escpos_t *d)
{
	return d->err;
}

size_t escpos_replaced(const escpos_t *d)
{
	return d->replaced;
}

int escpos_columns(const escpos_t *d)
{
	return d->columns;
}
