/* ESC/POS documents for thermal receipt printers: a bounded byte buffer and the commands a
 * receipt needs (init, code page, bold, size, alignment, line feeds, cut, raster images), text
 * converted from UTF-8 to code page 858 and wrapped at the paper's columns, and QR codes drawn
 * as raster images (GS v 0) so that they print on every printer, not only those with a QR
 * command. No I/O: the bytes go to a printer through firmware/services/printer.h. It lives in
 * services, not core, because the QR code comes from libqrencode.
 *
 * Code page 858 (ESC t 19, "PC858 Euro") holds every French letter with its accents except
 * Œ/œ/Ÿ, plus « » and the euro sign. What it lacks is written as the nearest ASCII (’ as ',
 * œ as oe, … as ..., dashes as -); no-break spaces become its 0xFF no-break space, which a line
 * is never broken at; invisible marks (zero-width spaces, soft hyphens, BOM) print nothing;
 * anything else, control characters included, becomes a visible '?' and is
 * counted, never dropped. Text therefore cannot smuggle printer commands onto the paper. */
#ifndef ACCUEIL_ESCPOS_H
#define ACCUEIL_ESCPOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct escpos escpos_t;

/* Hard caps: a whole document, one text call, one QR code's text, one raster image. */
#define ESCPOS_DOC_MAX         (64 * 1024)
#define ESCPOS_TEXT_MAX        4096
#define ESCPOS_QR_TEXT_MAX     256
#define ESCPOS_RASTER_MAX_ROWS 1024
/* Paper width in characters of font A (12 x 24 dots): 48 on 80 mm paper (576 dots), 42 on
 * printers with 512 printable dots, 32 on 58 mm paper. */
#define ESCPOS_COLUMNS_MIN     24
#define ESCPOS_COLUMNS_MAX     64
#define ESCPOS_DOTS_PER_COLUMN 12
/* ESC t value of code page 858 on Epson-compatible printers. */
#define ESCPOS_CODE_PAGE_858 19

enum escpos_align { ESCPOS_LEFT = 0, ESCPOS_CENTER = 1, ESCPOS_RIGHT = 2 };

/* A new empty document for paper `columns` wide (ESCPOS_COLUMNS_MIN..MAX), holding at most
 * `cap` bytes (0: ESCPOS_DOC_MAX; at most ESCPOS_DOC_MAX). Returns 0 and *out (free it with
 * escpos_free), -EINVAL for a bad width or cap, -ENOMEM. */
int escpos_new(int columns, size_t cap, escpos_t **out);
/* Frees d. NULL is fine. */
void escpos_free(escpos_t *d);

/* Every command below appends to d and returns 0 or an error. Errors are sticky: after the
 * first one (say -E2BIG when the document would pass its cap) every later call returns it and
 * appends nothing, so a builder may check only escpos_bytes at the end. */

/* ESC @ (reset) then ESC t 19 (code page 858). */
int escpos_init(escpos_t *d);
/* ESC a: alignment of the lines that follow. -EINVAL for another value. */
int escpos_align(escpos_t *d, enum escpos_align a);
/* ESC E: bold on or off. */
int escpos_bold(escpos_t *d, bool on);
/* GS !: character size, width and height multipliers 1..8 (-EINVAL otherwise). Lines wrap
 * at columns / width. */
int escpos_size(escpos_t *d, int width, int height);
/* Appends UTF-8 text at the current position, converted to code page 858 and word-wrapped at
 * the paper's width (never at a no-break space; a word longer than the line is cut). '\n'
 * ends a line. -EMSGSIZE over ESCPOS_TEXT_MAX bytes, -E2BIG past the document's cap. */
int escpos_text(escpos_t *d, const char *utf8);
/* escpos_text then a line feed. */
int escpos_line(escpos_t *d, const char *utf8);
/* A line feed (an empty line when the current line is empty). */
int escpos_newline(escpos_t *d);
/* ESC d: prints and feeds n lines (0..255; -EINVAL otherwise). Ends the current line. */
int escpos_feed(escpos_t *d, int lines);
/* A rule across the paper (a line of '-'), on a line of its own. */
int escpos_rule(escpos_t *d);
/* GS V 66 0: feeds to the cutter and cuts (partial cut). Ends the current line. */
int escpos_cut(escpos_t *d);
/* GS v 0: a 1-bit image, `bytes_per_row` bytes (8 dots each, MSB first, 1 = black) by `rows`
 * rows, sent in bands of at most 128 rows. -EINVAL when wider than the paper, empty, or over
 * ESCPOS_RASTER_MAX_ROWS; -E2BIG past the cap. Ends the current line. The bits are copied. */
int escpos_raster(escpos_t *d, const uint8_t *bits, int bytes_per_row, int rows);
/* A QR code of `text` (error correction M, byte mode) with a 4-module quiet zone, centred on
 * the paper, `module` dots per module (1..16; made smaller when it would not fit). -EMSGSIZE
 * when text is empty or over ESCPOS_QR_TEXT_MAX bytes, -ERANGE when the code would not fit
 * the paper, -ENOMEM, -E2BIG past the cap. */
int escpos_qr(escpos_t *d, const char *text, int module);

/* The document so far: returns its bytes (owned by d, valid until the next call on d) and
 * *len, or NULL and *len = 0 when a command failed (escpos_error says why). */
const uint8_t *escpos_bytes(const escpos_t *d, size_t *len);
/* The first error of d, or 0. */
int escpos_error(const escpos_t *d);
/* How many characters were replaced by '?' so far (no mapping in code page 858). */
size_t escpos_replaced(const escpos_t *d);
/* The paper's width in characters, as given to escpos_new. */
int escpos_columns(const escpos_t *d);

/* Converts UTF-8 s[0..n) to code page 858 as described above into out (cap bytes, not
 * NUL-terminated). Returns the bytes written; *replaced (may be NULL) gets the characters
 * written as '?' (invalid UTF-8 counts one per bad byte). -ENOSPC when out is too small. */
long escpos_encode(const char *s, size_t n, uint8_t *out, size_t cap, size_t *replaced);

#endif
