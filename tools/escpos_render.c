/* escpos_render: reads an ESC/POS byte stream as a receipt printer would and writes what it
 * prints, for tests and for people without a printer.
 *
 *   escpos_render [-c COLUMNS] [-t OUT.txt] [-p OUT.png] [-f FONT.ttf] [-F BOLD.ttf] IN.bin
 *
 * -t writes the printed text converted back to UTF-8 (through iconv, independently of the
 * firmware's own table), one printed line per line, "[image WxH]" for a raster image and
 * "[cut]" for a cut; "-" is standard output (the default). -p writes a PNG of the paper:
 * COLUMNS (default 48) characters of 12 x 24 dots in a monospace font, bold, double width and
 * height, alignment, and raster images dot for dot, so a QR code on it can be read back.
 * Understood: ESC @, ESC t (0 = CP437, 19 = CP858), ESC E, ESC a, ESC d, GS !, GS V, GS v 0, LF,
 * CR. Anything else is refused: exit 2 with the byte offset. Exit 0 when written, 1 when a
 * file cannot be read or written. Caps: 1 MiB of input, 20 000 printed lines. */
#define SDL_MAIN_HANDLED
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#define IN_MAX   (1024 * 1024)
#define ROWS_MAX 20000
#define COLS_MAX 64
#define CELL_W   12
#define CELL_H   24
#define LINE_GAP 6
#define MARGIN   24
#define FONT_DIR "/usr/share/fonts/truetype/dejavu/"

enum row_kind { ROW_TEXT, ROW_IMAGE, ROW_CUT };

struct cell {
	uint8_t ch;
	bool bold;
	uint8_t wm, hm;
	int cp; /* code page in force when it was received */
};

struct row {
	enum row_kind kind;
	int align;
	struct cell cells[COLS_MAX];
	int n, width, hm;
	int bpr, rows; /* ROW_IMAGE */
	const uint8_t *bits;
};

struct state {
	struct row *rows;
	int count;
	struct row cur;
	bool bold;
	int wm, hm, align, cp;
	int columns;
};

static int fail_at(size_t off, const char *why)
{
	fprintf(stderr, "escpos_render: byte %zu: %s\n", off, why);
	return 2;
}

static struct row *push(struct state *s)
{
	if (s->count >= ROWS_MAX)
		return NULL;
	return &s->rows[s->count++];
}

/* Prints the line being received (an empty line when there is nothing on it). */
static int flush(struct state *s)
{
	struct row *r = push(s);
	if (!r)
		return -1;
	*r = s->cur;
	r->kind = ROW_TEXT;
	r->align = s->align;
	if (r->hm == 0)
		r->hm = 1;
	memset(&s->cur, 0, sizeof(s->cur));
	return 0;
}

static int add_char(struct state *s, uint8_t ch)
{
	if (s->cur.width + s->wm > s->columns && flush(s) < 0) /* the printer wraps by itself */
		return -1;
	struct cell *c = &s->cur.cells[s->cur.n++];
	*c = (struct cell){
	    .ch = ch, .bold = s->bold, .wm = (uint8_t)s->wm, .hm = (uint8_t)s->hm, .cp = s->cp};
	s->cur.width += s->wm;
	if (s->hm > s->cur.hm)
		s->cur.hm = s->hm;
	return 0;
}

static void reset(struct state *s)
{
	s->bold = false;
	s->wm = s->hm = 1;
	s->align = 0;
	s->cp = 0;
}

static int parse(struct state *s, const uint8_t *b, size_t n)
{
	size_t i = 0;
	reset(s);
	while (i < n) {
		uint8_t c = b[i];
		if (c == 0x1B || c == 0x1D) {
			if (i + 1 >= n)
				return fail_at(i, "command cut short");
			uint8_t op = b[i + 1];
			if (c == 0x1B && op == '@') {
				reset(s);
				i += 2;
				continue;
			}
			if (c == 0x1D && op == 'v') {
				if (i + 8 > n || b[i + 2] != '0')
					return fail_at(i, "bad GS v 0 header");
				int bpr = b[i + 4] | (b[i + 5] << 8),
				    rows = b[i + 6] | (b[i + 7] << 8);
				size_t size = (size_t)bpr * (size_t)rows;
				if (bpr == 0 || rows == 0 || bpr * 8 > s->columns * CELL_W)
					return fail_at(
					    i, "raster image empty or wider than the paper");
				if (i + 8 + size > n)
					return fail_at(i, "raster data cut short");
				if (s->cur.n > 0 && flush(s) < 0)
					return fail_at(i, "too many lines");
				struct row *r = push(s);
				if (!r)
					return fail_at(i, "too many lines");
				*r = (struct row){
				    .kind = ROW_IMAGE, .bpr = bpr, .rows = rows, .bits = b + i + 8};
				i += 8 + size;
				continue;
			}
			if (i + 2 >= n)
				return fail_at(i, "command cut short");
			uint8_t arg = b[i + 2];
			if (c == 0x1B && op == 't') {
				if (arg != 0 && arg != 19)
					return fail_at(
					    i, "code page other than 0 (CP437) or 19 (CP858)");
				s->cp = arg;
			} else if (c == 0x1B && op == 'E') {
				s->bold = arg & 1;
			} else if (c == 0x1B && op == 'a') {
				if (arg > 2 && !(arg >= '0' && arg <= '2'))
					return fail_at(i, "bad alignment");
				s->align = arg > 2 ? arg - '0' : arg;
			} else if (c == 0x1B && op == 'd') {
				for (int k = 0; k < (arg ? arg : 1); k++)
					if (flush(s) < 0)
						return fail_at(i, "too many lines");
			} else if (c == 0x1D && op == '!') {
				s->wm = ((arg >> 4) & 7) + 1;
				s->hm = (arg & 7) + 1;
			} else if (c == 0x1D && op == 'V') {
				if (arg == 65 || arg == 66) {
					if (i + 3 >= n)
						return fail_at(i, "command cut short");
					i++; /* the feed before the cut */
				}
				if (s->cur.n > 0 && flush(s) < 0)
					return fail_at(i, "too many lines");
				struct row *r = push(s);
				if (!r)
					return fail_at(i, "too many lines");
				*r = (struct row){.kind = ROW_CUT};
			} else {
				return fail_at(i, "unknown command");
			}
			i += 3;
			continue;
		}
		if (c == '\n') {
			if (flush(s) < 0)
				return fail_at(i, "too many lines");
		} else if (c == '\r') {
			/* ignored, as printers in their default setting do */
		} else if (c < 0x20 || c == 0x7F) {
			return fail_at(i, "unexpected control byte");
		} else if (add_char(s, c) < 0) {
			return fail_at(i, "too many lines");
		}
		i++;
	}
	if (s->cur.n > 0)
		fprintf(stderr, "escpos_render: %d characters never printed (no line feed)\n",
		        s->cur.n);
	return 0;
}

/* The UTF-8 of every byte of a code page, through iconv. */
static int cp_table(const char *name, char table[256][8])
{
	iconv_t cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return -1;
	for (int b = 0; b < 256; b++) {
		char in = (char)b, *ip = &in, *op = table[b];
		size_t il = 1, ol = 7;
		memset(table[b], 0, 8);
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1)
			snprintf(table[b], 8, "?");
	}
	iconv_close(cd);
	return 0;
}

static char cp437[256][8], cp858[256][8];

static const char *utf8_of(const struct cell *c)
{
	return c->cp == 19 ? cp858[c->ch] : cp437[c->ch];
}

static int write_text(const struct state *s, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;
	if (!f)
		return 1;
	for (int r = 0; r < s->count; r++) {
		const struct row *row = &s->rows[r];
		if (row->kind == ROW_IMAGE)
			fprintf(f, "[image %dx%d]\n", row->bpr * 8, row->rows);
		else if (row->kind == ROW_CUT)
			fprintf(f, "[cut]\n");
		else {
			for (int i = 0; i < row->n; i++)
				fputs(utf8_of(&row->cells[i]), f);
			fputc('\n', f);
		}
	}
	if (f != stdout && fclose(f) != 0)
		return 1;
	return 0;
}

static int row_height(const struct row *r)
{
	return r->kind == ROW_IMAGE ? r->rows : r->kind == ROW_CUT ? 24 : r->hm * CELL_H + LINE_GAP;
}

static void fill(SDL_Surface *p, int x, int y, int w, int h, uint32_t color)
{
	SDL_Rect rc = {x, y, w, h};
	SDL_FillRect(p, &rc, color);
}

static int write_png(const struct state *s, const char *path, const char *font, const char *bold)
{
	int rc = 1;
	int width = s->columns * CELL_W + 2 * MARGIN, height = 2 * MARGIN;
	for (int r = 0; r < s->count; r++)
		height += row_height(&s->rows[r]);
	if (TTF_Init() < 0) {
		fprintf(stderr, "escpos_render: %s\n", TTF_GetError());
		return 1;
	}
	/* 20 points of DejaVu Sans Mono advance 12 pixels: the printer's font A cell. */
	TTF_Font *fr = TTF_OpenFont(font, 20), *fb = TTF_OpenFont(bold, 20);
	SDL_Surface *paper =
	    SDL_CreateRGBSurfaceWithFormat(0, width, height, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!fr || !fb || !paper) {
		fprintf(stderr, "escpos_render: %s\n", fr && fb ? SDL_GetError() : TTF_GetError());
		goto done;
	}
	uint32_t white = SDL_MapRGB(paper->format, 255, 255, 255);
	uint32_t black = SDL_MapRGB(paper->format, 0, 0, 0);
	uint32_t grey = SDL_MapRGB(paper->format, 160, 160, 160);
	SDL_FillRect(paper, NULL, white);
	int y = MARGIN;
	for (int r = 0; r < s->count; r++) {
		const struct row *row = &s->rows[r];
		int h = row_height(row);
		if (row->kind == ROW_CUT) {
			for (int x = 0; x < width; x += 16)
				fill(paper, x, y + h / 2, 8, 2, grey);
		} else if (row->kind == ROW_IMAGE) {
			for (int yy = 0; yy < row->rows; yy++)
				for (int x = 0; x < row->bpr * 8; x++)
					if (row->bits[yy * row->bpr + x / 8] & (0x80 >> (x % 8)))
						fill(paper, MARGIN + x, y + yy, 1, 1, black);
		} else {
			int free_cols = s->columns - row->width;
			int x = MARGIN + CELL_W * (row->align == 1   ? free_cols / 2
			                           : row->align == 2 ? free_cols
			                                             : 0);
			for (int i = 0; i < row->n; i++) {
				const struct cell *c = &row->cells[i];
				SDL_Rect dst = {x, y + (row->hm - c->hm) * CELL_H, CELL_W * c->wm,
				                CELL_H * c->hm};
				const char *u = utf8_of(c);
				if (c->ch != ' ' && strcmp(u, "\xc2\xa0") != 0) {
					SDL_Color ink = {0, 0, 0, 255};
					SDL_Surface *g =
					    TTF_RenderUTF8_Blended(c->bold ? fb : fr, u, ink);
					if (g) {
						SDL_Rect src = {0, 0, g->w < CELL_W ? g->w : CELL_W,
						                g->h};
						SDL_BlitScaled(g, &src, paper, &dst);
						SDL_FreeSurface(g);
					}
				}
				x += dst.w;
			}
		}
		y += h;
	}
	if (IMG_SavePNG(paper, path) < 0)
		fprintf(stderr, "escpos_render: %s: %s\n", path, IMG_GetError());
	else
		rc = 0;
done:
	if (paper)
		SDL_FreeSurface(paper);
	if (fr)
		TTF_CloseFont(fr);
	if (fb)
		TTF_CloseFont(fb);
	TTF_Quit();
	return rc;
}

static void usage(void)
{
	fprintf(stderr, "usage: escpos_render [-c columns] [-t out.txt] [-p out.png] "
	                "[-f font.ttf] [-F bold.ttf] in.bin\n");
}

int main(int argc, char **argv)
{
	const char *txt = "-", *png = NULL, *in = NULL;
	const char *font = FONT_DIR "DejaVuSansMono.ttf",
	           *bold = FONT_DIR "DejaVuSansMono-Bold.ttf";
	struct state s = {.columns = 48};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (i + 1 < argc && !strcmp(a, "-c")) {
			char *end;
			long c = strtol(argv[++i], &end, 10);
			if (*end || c < 24 || c > COLS_MAX) {
				usage();
				return 2;
			}
			s.columns = (int)c;
		} else if (i + 1 < argc && !strcmp(a, "-t")) {
			txt = argv[++i];
		} else if (i + 1 < argc && !strcmp(a, "-p")) {
			png = argv[++i];
		} else if (i + 1 < argc && !strcmp(a, "-f")) {
			font = argv[++i];
		} else if (i + 1 < argc && !strcmp(a, "-F")) {
			bold = argv[++i];
		} else if (!in && a[0] != '-') {
			in = a;
		} else {
			usage();
			return 2;
		}
	}
	if (!in) {
		usage();
		return 2;
	}
	if (cp_table("CP437", cp437) < 0 || cp_table("CP858", cp858) < 0) {
		fprintf(stderr, "escpos_render: iconv has no CP437 or CP858\n");
		return 1;
	}
	FILE *f = fopen(in, "rb");
	if (!f) {
		fprintf(stderr, "escpos_render: %s: %s\n", in, strerror(errno));
		return 1;
	}
	uint8_t *buf = malloc(IN_MAX + 1);
	s.rows = calloc(ROWS_MAX, sizeof(*s.rows));
	size_t n = buf ? fread(buf, 1, IN_MAX + 1, f) : 0;
	fclose(f);
	int rc = 1;
	if (!buf || !s.rows) {
		fprintf(stderr, "escpos_render: out of memory\n");
	} else if (n > IN_MAX) {
		fprintf(stderr, "escpos_render: %s: over %d bytes\n", in, IN_MAX);
	} else if ((rc = parse(&s, buf, n)) == 0) {
		rc = write_text(&s, txt);
		if (rc)
			fprintf(stderr, "escpos_render: cannot write %s\n", txt);
		if (rc == 0 && png)
			rc = write_png(&s, png, font, bold);
	}
	free(s.rows);
	free(buf);
	return rc;
}
