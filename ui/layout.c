/* Layout of a view: regions, flow, grids, wrapping and scrolling. Pure C. */
#include "firmware/core/utf8.h"
#include "ui/layout.h"

#include <errno.h>
#include <string.h>

#include "firmware/core/phone.h"
#include "ui/theme.h"

/* A body that would get less than this share of the screen (header and footer
 * too tall, e.g. long headings in large text) makes everything scroll as one
 * column, so nothing is ever out of reach. */
#define LAYOUT_MIN_BODY_NUM 1
#define LAYOUT_MIN_BODY_DEN 2
/* Text lines are kept to about 45 em so long lines stay readable in landscape. */
#define LAYOUT_MAX_MEASURE_EM 45
/* Smaller gap between a label and its value or entry box. */
#define LAYOUT_SUBGAP (LAYOUT_GAP / 2)
/* Narrowest key of the on-screen keyboard (T1: well above 44 px), normal and large text. */
#define LAYOUT_KEY_MIN       88
#define LAYOUT_KEY_MIN_LARGE 128
/* A task tile's pictogram: at least this big. */
#define LAYOUT_ICON_MIN 96
/* Checkbox square and alert icon: at least this big (an icon, >= 3:1). */
#define LAYOUT_MARK_MIN 36

struct lctx {
	const struct layout_measure *m;
	bool large;
	bool center; /* view.centered: texts centred on the line, with their pictogram */
};

static int measure(const struct layout_measure *m, const char *s, int len, int px, bool bold)
{
	if (len <= 0)
		return 0;
	return m->text_width(m->ctx, s, (size_t)len, px, bold);
}

/* Widest run of [start, end) that fits max_width, cut between UTF-8
 * characters; at least one character so wrapping always progresses. */
static int cut_word(const struct layout_measure *m, const char *s, int start, int end, int px,
                    bool bold, int max_width)
{
	int best = -1;
	int k = start;
	while (k < end) {
		k++;
		while (k < end && utf8_is_cont((unsigned char)s[k]))
			k++;
		if (measure(m, s + start, k - start, px, bold) > max_width)
			break;
		best = k;
	}
	if (best < 0) {
		best = start + 1;
		while (best < end && utf8_is_cont((unsigned char)s[best]))
			best++;
	}
	return best;
}

/* The next break opportunity at or after j: *end is where the line would end,
 * *next where the following line would start. Returns 1 for a forced break
 * ('\n'), 2 at the end of the text, 0 for an ordinary opportunity. */
static int next_break(const char *s, int line_start, int j, int *end, int *next)
{
	for (int k = j;; k++) {
		/* A phone number is shown whole, as it is read (S4): no break inside it. */
		struct phone_number num;
		if (phone_span(s, (size_t)k, &num) > 0) {
			k += (int)num.number_len - 1;
			continue;
		}
		char ch = s[k];
		if (ch == '\0') {
			*end = k;
			*next = k;
			return 2;
		}
		if (ch == '\n') {
			*end = k;
			*next = k + 1;
			return 1;
		}
		/* Not before a slash between two words: "Aide /" stays together. */
		if (ch == ' ' && k > line_start && !(s[k + 1] == '/' && s[k + 2] == ' ')) {
			*end = k;
			*next = k + 1;
			return 0;
		}
		/* After a hyphen or slash inside a word ("c'est-à-dire", "a/b"), not
		 * after one standing alone (" / " is broken at its spaces). */
		if ((ch == '-' || ch == '/') && k > line_start && s[k - 1] != ' ' &&
		    s[k + 1] != ' ' && s[k + 1] != '\0' && s[k + 1] != '\n') {
			*end = k + 1;
			*next = k + 1;
			return 0;
		}
	}
}

int layout_wrap(const struct layout_measure *m, const char *utf8, int px, bool bold, int max_width,
                struct layout_line *lines, int max_lines)
{
	if (m == NULL || m->text_width == NULL || utf8 == NULL || px <= 0 || max_width <= 0 ||
	    max_lines < 0 || (lines == NULL && max_lines > 0))
		return -EINVAL;
	int n = 0;
	int pos = 0;
	while (utf8[pos] == ' ')
		pos++;
	while (utf8[pos] != '\0') {
		int line_start = pos;
		int best_end = -1, best_next = -1, best_w = 0;
		int j = pos;
		/* The rest of the paragraph on one line, when it fits: what the search below would
		 * find (a longer run is never narrower), in one measurement instead of one per
		 * word. Most texts are a single line. */
		int para = line_start;
		while (utf8[para] != '\0' && utf8[para] != '\n')
			para++;
		int para_w = measure(m, utf8 + line_start, para - line_start, px, bold);
		bool whole = para_w <= max_width;
		if (whole) {
			best_end = para;
			best_next = utf8[para] == '\n' ? para + 1 : para;
			best_w = para_w;
		}
		while (!whole) {
			int end, next;
			int kind = next_break(utf8, line_start, j, &end, &next);
			int w = measure(m, utf8 + line_start, end - line_start, px, bold);
			if (w <= max_width) {
				best_end = end;
				best_next = next;
				best_w = w;
				if (kind != 0)
					break;
				j = next;
				continue;
			}
			if (best_end < 0) {
				/* The first word alone is too wide: cut it. */
				best_end = cut_word(m, utf8, line_start, end, px, bold, max_width);
				best_next = best_end;
				best_w =
				    measure(m, utf8 + line_start, best_end - line_start, px, bold);
			}
			break;
		}
		if (n < max_lines) {
			lines[n].start = line_start;
			lines[n].len = best_end - line_start;
			lines[n].width = best_w;
		}
		n++;
		pos = best_next;
		/* A soft break swallows the spaces after it; a '\n' keeps them. */
		if (pos > 0 && utf8[pos - 1] != '\n')
			while (utf8[pos] == ' ')
				pos++;
	}
	return n;
}

size_t layout_label(const struct view_node *n, bool split, char *out, size_t cap)
{
	if (out == NULL || cap == 0)
		return 0;
	size_t len = 0;
	const char *parts[3] = {n->text, n->text2[0] ? (split ? " /\n" : " / ") : "", n->text2};
	for (int p = 0; p < 3; p++) {
		const char *s = parts[p];
		size_t sl = strnlen(s, p == 0 ? sizeof n->text : sizeof n->text2);
		if (p == 1 && n->text[0] == '\0')
			continue; /* no leading slash when only text2 is set */
		if (len + sl >= cap) {
			sl = cap - 1 - len;
			while (sl > 0 && utf8_is_cont((unsigned char)s[sl]))
				sl--;
			memcpy(out + len, s, sl);
			len += sl;
			break;
		}
		memcpy(out + len, s, sl);
		len += sl;
	}
	out[len] = '\0';
	return len;
}

static int line_h(const struct lctx *c, int px)
{
	int h = c->m->line_height(c->m->ctx, px);
	return h > 0 ? h : px;
}

static int clamp_lines(int n)
{
	if (n < 0)
		return 0;
	return n > LAYOUT_MAX_LINES ? LAYOUT_MAX_LINES : n;
}

static int wrap_count(const struct lctx *c, const char *s, int px, bool bold, int w)
{
	struct layout_line lines[LAYOUT_MAX_LINES];
	if (w < 1)
		w = 1;
	return clamp_lines(layout_wrap(c->m, s, px, bold, w, lines, LAYOUT_MAX_LINES));
}

/* Width of the widest word (space separated) of s: a grid column narrower
 * than that would cut words, so such a grid falls back to fewer columns. */
static int widest_word(const struct lctx *c, const char *s, int px, bool bold)
{
	int best = 0;
	int i = 0;
	while (s[i] != '\0') {
		while (s[i] == ' ')
			i++;
		int st = i;
		while (s[i] != '\0' && s[i] != ' ')
			i++;
		int w = measure(c->m, s + st, i - st, px, bold);
		if (w > best)
			best = w;
	}
	return best;
}

static struct view_rect rect(int x, int y, int w, int h)
{
	struct view_rect r = {x, y, w, h};
	return r;
}

static bool is_grid_role(const struct view_node *n)
{
	return n->role == VIEW_ROLE_BUTTON || n->role == VIEW_ROLE_CHECKBOX;
}

static int value_px(const struct view_node *n, bool large)
{
	return theme_font_px(n->size == VIEW_SIZE_HUGE ? VIEW_SIZE_HUGE : VIEW_SIZE_LARGE, large);
}

static int max_i(int a, int b)
{
	return a > b ? a : b;
}

/* Width left for the label of n in a node of width w (see node_geom). */
static int label_width(const struct lctx *c, const struct view_node *n, const struct layout_part *q,
                       int w)
{
	int lh = line_h(c, q->label_px);
	int ms = max_i(LAYOUT_MARK_MIN, lh);
	switch (n->role) {
	case VIEW_ROLE_BUTTON:
	case VIEW_ROLE_KEY:
		return w - 2 * (THEME_OUTLINE + LAYOUT_PAD);
	case VIEW_ROLE_CHECKBOX:
		return w - 2 * (THEME_OUTLINE + LAYOUT_PAD) - ms - LAYOUT_PAD;
	case VIEW_ROLE_ALERT:
		return w - 2 * (THEME_ALERT_OUTLINE + LAYOUT_PAD) - ms - LAYOUT_PAD;
	case VIEW_ROLE_EDIT:
		return w;
	default:
		return w < LAYOUT_MAX_MEASURE_EM * q->label_px
		           ? w
		           : LAYOUT_MAX_MEASURE_EM * q->label_px;
	}
}

/* A bilingual label that needs more than one line is split so the second
 * language starts its own line ("Demander de l'aide /" then "Request staff
 * assistance") rather than wherever the words happen to break. */
static bool split_label(const struct lctx *c, const struct view_node *n,
                        const struct layout_part *q, int w)
{
	if (n->text2[0] == '\0' || n->text[0] == '\0')
		return false;
	char label[VIEW_TEXT_MAX + VIEW_TEXT_MAX / 4 + 4];
	layout_label(n, false, label, sizeof label);
	return wrap_count(c, label, q->label_px, q->label_bold, label_width(c, n, q, w)) > 1;
}

/* Geometry of one node at (x, y) with width w. min_h stretches it (grid rows
 * of equal height). Returns the node's height; fills *p when p is not NULL. */
static int node_geom(const struct lctx *c, const struct view_node *n, int x, int y, int w,
                     int min_h, struct layout_part *p)
{
	char label[VIEW_TEXT_MAX + VIEW_TEXT_MAX / 4 + 4];
	struct layout_part q;
	memset(&q, 0, sizeof q);
	q.label_px = theme_font_px(n->size, c->large);
	q.label_bold = theme_font_bold(n->role, n->size);
	q.label_split = split_label(c, n, &q, w);
	layout_label(n, q.label_split, label, sizeof label);
	int lh = line_h(c, q.label_px);
	bool actionable = n->action != 0;
	int h = 0;

	switch (n->role) {
	case VIEW_ROLE_BUTTON:
	case VIEW_ROLE_KEY: {
		int inset = THEME_OUTLINE + LAYOUT_PAD;
		/* A task tile: its pictogram on the left, the words beside it. */
		int icon = n->icon != VIEW_ICON_NONE ? max_i(LAYOUT_ICON_MIN, 2 * lh) : 0;
		int ix = x + inset + (icon ? icon + LAYOUT_PAD : 0);
		int iw = w - 2 * inset - (icon ? icon + LAYOUT_PAD : 0);
		q.value_px = icon ? theme_font_px(VIEW_SIZE_NORMAL, c->large) : q.label_px;
		int vlh = line_h(c, q.value_px);
		int ln = wrap_count(c, label, q.label_px, q.label_bold, iw);
		int vn = view_node_value(n)[0]
		             ? wrap_count(c, view_node_value(n), q.value_px, false, iw)
		             : 0;
		int text_h = ln * lh + (vn ? LAYOUT_SUBGAP / 2 + vn * vlh : 0);
		int ch = max_i(icon, text_h);
		h = max_i(max_i(LAYOUT_MIN_TARGET, ch + 2 * inset), min_h);
		int ty = y + (h - text_h) / 2;
		q.box = rect(x, y, w, h);
		q.label = rect(ix, ty, iw, ln * lh);
		if (vn)
			q.value = rect(ix, ty + ln * lh + LAYOUT_SUBGAP / 2, iw, vn * vlh);
		if (icon)
			q.mark = rect(x + inset, y + (h - icon) / 2, icon, icon);
		q.centered = !icon;
		break;
	}
	case VIEW_ROLE_CHECKBOX: {
		int inset = THEME_OUTLINE + LAYOUT_PAD;
		int ms = max_i(LAYOUT_MARK_MIN, lh);
		int lx = x + inset + ms + LAYOUT_PAD;
		int lw = x + w - inset - lx;
		int ln = wrap_count(c, label, q.label_px, q.label_bold, lw);
		int ch = max_i(ms, ln * lh);
		h = max_i(max_i(LAYOUT_MIN_TARGET, ch + 2 * inset), min_h);
		q.box = rect(x, y, w, h);
		q.mark = rect(x + inset, y + (h - ms) / 2, ms, ms);
		q.label = rect(lx, y + (h - ln * lh) / 2, lw, ln * lh);
		break;
	}
	case VIEW_ROLE_EDIT: {
		int inset = THEME_OUTLINE + LAYOUT_PAD;
		q.value_px = q.label_px;
		int ln = wrap_count(c, label, q.label_px, q.label_bold, w);
		int top = ln ? ln * lh + LAYOUT_SUBGAP : 0;
		int vn =
		    max_i(1, wrap_count(c, view_node_value(n), q.value_px, false, w - 2 * inset));
		int bh = max_i(LAYOUT_MIN_TARGET, vn * lh + 2 * inset);
		h = max_i(top + bh, min_h);
		q.label = rect(x, y, w, ln * lh);
		q.box = rect(x, y + top, w, h - top);
		q.value =
		    rect(x + inset, y + top + (h - top - vn * lh) / 2, w - 2 * inset, vn * lh);
		break;
	}
	case VIEW_ROLE_ALERT: {
		int inset = THEME_ALERT_OUTLINE + LAYOUT_PAD;
		int ms = max_i(LAYOUT_MARK_MIN, lh);
		int lx = x + inset + ms + LAYOUT_PAD;
		int lw = x + w - inset - lx;
		q.value_px = q.label_px;
		int ln = wrap_count(c, label, q.label_px, q.label_bold, lw);
		int vn = view_node_value(n)[0]
		             ? wrap_count(c, view_node_value(n), q.value_px, false, lw)
		             : 0;
		int ch = max_i(ms, ln * lh + (vn ? LAYOUT_SUBGAP / 2 + vn * lh : 0));
		h = ch + 2 * inset;
		if (actionable)
			h = max_i(h, LAYOUT_MIN_TARGET);
		h = max_i(h, min_h);
		q.box = rect(x, y, w, h);
		q.mark = rect(x + inset, y + inset, ms, ms);
		q.label = rect(lx, y + inset, lw, ln * lh);
		if (vn)
			q.value = rect(lx, y + inset + ln * lh + LAYOUT_SUBGAP / 2, lw, vn * lh);
		break;
	}
	case VIEW_ROLE_HEADING:
	case VIEW_ROLE_TEXT:
	default: {
		/* A sign or a logo: its pictogram on the left, the words beside it. */
		int icon = n->icon != VIEW_ICON_NONE ? max_i(LAYOUT_ICON_MIN, 2 * lh) : 0;
		int ix = x + (icon ? icon + LAYOUT_PAD : 0);
		int tw = w - (icon ? icon + LAYOUT_PAD : 0);
		if (tw > LAYOUT_MAX_MEASURE_EM * q.label_px)
			tw = LAYOUT_MAX_MEASURE_EM * q.label_px;
		if (tw < 1)
			tw = 1;
		q.value_px = value_px(n, c->large);
		q.value_bold = true;
		int vlh = line_h(c, q.value_px);
		struct layout_line lines[LAYOUT_MAX_LINES];
		int ln = clamp_lines(layout_wrap(c->m, label, q.label_px, q.label_bold, tw, lines,
		                                 LAYOUT_MAX_LINES));
		int vn = view_node_value(n)[0]
		             ? wrap_count(c, view_node_value(n), q.value_px, true, tw)
		             : 0;
		int ch = ln * lh + (ln && vn ? LAYOUT_SUBGAP : 0) + vn * vlh;
		h = max_i(ch, icon);
		/* An actionable text is still a target (T1). */
		if (actionable)
			h = max_i(h, LAYOUT_MIN_TARGET);
		h = max_i(h, min_h);
		if (c->center) {
			/* The pictogram and the widest line, centred as one group. */
			int widest = 0;
			for (int i = 0; i < ln; i++)
				widest = max_i(widest, lines[i].width);
			int group = (icon ? icon + LAYOUT_PAD : 0) + (vn ? tw : widest);
			int shift = (w - group) / 2;
			if (shift > 0) {
				x += shift;
				ix += shift;
				if (!vn)
					tw = widest;
			}
			q.centered = !icon;
		}
		int ty = y + (h - ch) / 2;
		q.label = rect(ix, ty, tw, ln * lh);
		if (vn)
			q.value = rect(ix, ty + ch - vn * vlh, tw, vn * vlh);
		if (icon)
			q.mark = rect(x, y + (h - icon) / 2, icon, icon);
		break;
	}
	}
	if (p != NULL)
		*p = q;
	return h;
}

/* Number of grid columns for the run idx[0..cnt): at most maxcols, fewer when
 * a label's widest word would not fit its column. */
static int grid_columns(const struct lctx *c, const struct view *v, const int *idx, int cnt, int w,
                        int maxcols)
{
	int cols = maxcols < cnt ? maxcols : cnt;
	for (; cols > 1; cols--) {
		int colw = (w - (cols - 1) * LAYOUT_GAP) / cols;
		bool fits = true;
		for (int k = 0; k < cnt && fits; k++) {
			const struct view_node *n = &v->nodes[idx[k]];
			char label[VIEW_TEXT_MAX + VIEW_TEXT_MAX / 4 + 4];
			layout_label(n, false, label, sizeof label);
			int px = theme_font_px(n->size, c->large);
			int room = colw - 2 * (THEME_OUTLINE + LAYOUT_PAD);
			if (n->role == VIEW_ROLE_CHECKBOX)
				room -= max_i(LAYOUT_MARK_MIN, line_h(c, px)) + LAYOUT_PAD;
			if (widest_word(c, label, px, theme_font_bold(n->role, n->size)) > room)
				fits = false;
		}
		if (fits)
			break;
	}
	return cols < 1 ? 1 : cols;
}

/* Lays idx[0..cnt) from top to bottom at (x, y) in width w; consecutive
 * buttons/checkboxes go in a grid of up to maxcols columns (row by row, so the
 * reading order is the node order). Writes bounds and parts when place is true.
 * Returns the height used; *cols_used gets the widest grid. */
static int flow(const struct lctx *c, struct view *v, const int *idx, int cnt, int x, int y, int w,
                int maxcols, bool place, struct layout_part *parts, int *cols_used)
{
	int cy = y;
	int i = 0;
	while (i < cnt) {
		if (i > 0)
			cy += LAYOUT_GAP;
		int run = 1;
		int cols;
		if (v->nodes[idx[i]].role == VIEW_ROLE_KEY) {
			/* The on-screen keyboard: as many keys a row as keep each a target. */
			while (i + run < cnt && v->nodes[idx[i + run]].role == VIEW_ROLE_KEY)
				run++;
			int key_w = c->large ? LAYOUT_KEY_MIN_LARGE : LAYOUT_KEY_MIN;
			cols = (w + LAYOUT_GAP) / (key_w + LAYOUT_GAP);
			cols = cols < 1 ? 1 : cols > run ? run : cols;
		} else {
			/* A grid holds items of one size: a plain button after large tiles (home's
			 * Finish) gets its own row rather than a tile's height. */
			if (maxcols > 1 && is_grid_role(&v->nodes[idx[i]]))
				while (i + run < cnt && is_grid_role(&v->nodes[idx[i + run]]) &&
				       v->nodes[idx[i + run]].size == v->nodes[idx[i]].size)
					run++;
			cols = run > 1 ? grid_columns(c, v, idx + i, run, w, maxcols) : 1;
		}
		if (cols_used != NULL && cols > *cols_used)
			*cols_used = cols;
		if (cols == 1) {
			struct view_node *n = &v->nodes[idx[i]];
			int h = node_geom(c, n, x, cy, w, 0, place ? &parts[idx[i]] : NULL);
			if (place)
				n->bounds = rect(x, cy, w, h);
			cy += h;
			i++;
			continue;
		}
		for (int r = 0; r < run; r += cols) {
			if (r > 0)
				cy += LAYOUT_GAP;
			/* A short last row shares the whole width rather than leaving a
			 * hole: wider is still a valid column for every label. */
			int in_row = run - r < cols ? run - r : cols;
			int colw = (w - (in_row - 1) * LAYOUT_GAP) / in_row;
			int rowh = 0;
			for (int k = r; k < run && k < r + cols; k++)
				rowh = max_i(
				    rowh, node_geom(c, &v->nodes[idx[i + k]], 0, 0, colw, 0, NULL));
			for (int k = r; place && k < run && k < r + cols; k++) {
				int ni = idx[i + k];
				int cx = x + (k - r) * (colw + LAYOUT_GAP);
				node_geom(c, &v->nodes[ni], cx, cy, colw, rowh, &parts[ni]);
				v->nodes[ni].bounds = rect(cx, cy, colw, rowh);
			}
			cy += rowh;
		}
		i += run;
	}
	return cy - y;
}

static void shift_rect(struct view_rect *r, int dy)
{
	if (r->w > 0 || r->h > 0)
		r->y += dy;
}

static void shift_node(struct view_node *n, struct layout_part *p, int dy)
{
	shift_rect(&n->bounds, dy);
	shift_rect(&p->box, dy);
	shift_rect(&p->label, dy);
	shift_rect(&p->value, dy);
	shift_rect(&p->mark, dy);
}

static bool valid_node(const struct view_node *n)
{
	return (unsigned)n->role <= VIEW_ROLE_KEY && (unsigned)n->region <= VIEW_REGION_FOOTER &&
	       (unsigned)n->size <= VIEW_SIZE_HUGE;
}

int layout_view(struct view *v, const struct layout_config *cfg, const struct layout_measure *m,
                struct layout_info *info)
{
	if (v == NULL || cfg == NULL || m == NULL || m->text_width == NULL ||
	    m->line_height == NULL || v->count < 0 || v->count > VIEW_MAX_NODES ||
	    cfg->width < 240 || cfg->height < 240)
		return -EINVAL;
	for (int i = 0; i < v->count; i++)
		if (!valid_node(&v->nodes[i]))
			return -EINVAL;

	static const struct layout_info zero_info;
	struct layout_info local = zero_info;
	struct layout_info *L = info != NULL ? info : &local;
	*L = zero_info;
	struct lctx c = {m, cfg->large_text, v->centered};
	const int W = cfg->width, H = cfg->height;
	const int cw = W - 2 * LAYOUT_MARGIN;
	L->landscape = W > H;
	int body_cols = L->landscape ? 2 : 1;
	int foot_cols = L->landscape ? 4 : 2;

	int hdr[VIEW_MAX_NODES] = {0}, bod[VIEW_MAX_NODES] = {0}, ftr[VIEW_MAX_NODES] = {0};
	int nh = 0, nb = 0, nf = 0;
	for (int i = 0; i < v->count; i++) {
		if (v->nodes[i].region == VIEW_REGION_HEADER)
			hdr[nh++] = i;
		else if (v->nodes[i].region == VIEW_REGION_FOOTER)
			ftr[nf++] = i;
		else
			bod[nb++] = i;
	}

	/* Header: nodes left of the status icons. */
	int hw = cw - LAYOUT_STATUS_SIZE - LAYOUT_GAP;
	int cols = 0;
	int hh = flow(&c, v, hdr, nh, 0, 0, hw, body_cols, false, NULL, &cols);
	int header_h = max_i(hh, LAYOUT_STATUS_SIZE) + 2 * LAYOUT_GAP;
	int fh = flow(&c, v, ftr, nf, 0, 0, cw, foot_cols, false, NULL, &cols);
	int footer_h = nf ? fh + 2 * LAYOUT_GAP : 0;

	/* The scrolling flow: the body, or everything when the bands are too tall. */
	int flow_idx[VIEW_MAX_NODES] = {0};
	int nflow = 0;
	bool chrome_scrolls = header_h + footer_h >
	                      H * (LAYOUT_MIN_BODY_DEN - LAYOUT_MIN_BODY_NUM) / LAYOUT_MIN_BODY_DEN;
	if (chrome_scrolls) {
		header_h = LAYOUT_STATUS_SIZE + 2 * LAYOUT_GAP;
		footer_h = 0;
		for (int i = 0; i < v->count; i++)
			flow_idx[nflow++] = i;
	} else {
		memcpy(flow_idx, bod, sizeof(int) * (size_t)nb);
		nflow = nb;
	}

	L->header = rect(0, 0, W, header_h);
	L->footer = rect(0, H - footer_h, W, footer_h);
	L->body = rect(0, header_h, W, H - header_h - footer_h);
	L->status = rect(W - LAYOUT_MARGIN - LAYOUT_STATUS_SIZE, LAYOUT_GAP, LAYOUT_STATUS_SIZE,
	                 LAYOUT_STATUS_SIZE);

	if (!chrome_scrolls) {
		cols = 0;
		flow(&c, v, hdr, nh, LAYOUT_MARGIN,
		     LAYOUT_GAP + (header_h - 2 * LAYOUT_GAP - hh) / 2, hw, body_cols, true,
		     L->parts, &cols);
		flow(&c, v, ftr, nf, LAYOUT_MARGIN, L->footer.y + LAYOUT_GAP, cw, foot_cols, true,
		     L->parts, &cols);
	}

	/* Body: lay out at full width; if it overflows, again beside a scroll bar. */
	int bw = cw;
	cols = 0;
	int content = flow(&c, v, flow_idx, nflow, 0, 0, bw, body_cols, false, NULL, &cols);
	if (content + 2 * LAYOUT_GAP > L->body.h) {
		bw = cw - LAYOUT_SCROLLBAR_W - LAYOUT_GAP;
		cols = 0;
		content = flow(&c, v, flow_idx, nflow, 0, 0, bw, body_cols, false, NULL, &cols);
	}
	L->columns = cols > 0 ? cols : 1;
	int top = L->body.y + LAYOUT_GAP;
	if (v->centered && content + 2 * LAYOUT_GAP < L->body.h)
		top += (L->body.h - content - 2 * LAYOUT_GAP) / 2;
	flow(&c, v, flow_idx, nflow, LAYOUT_MARGIN, top, bw, body_cols, true, L->parts, &cols);
	L->content_h = content + 2 * LAYOUT_GAP;
	L->scroll_max = L->content_h > L->body.h ? L->content_h - L->body.h : 0;
	if (L->scroll_max > 0) {
		L->scrollbar = rect(LAYOUT_MARGIN + bw + LAYOUT_GAP, L->body.y + LAYOUT_GAP / 2,
		                    LAYOUT_SCROLLBAR_W, L->body.h - LAYOUT_GAP);
		const struct view_rect *sb = &L->scrollbar;
		L->scroll_up = rect(sb->x, sb->y, sb->w, LAYOUT_MIN_TARGET);
		L->scroll_down =
		    rect(sb->x, sb->y + sb->h - LAYOUT_MIN_TARGET, sb->w, LAYOUT_MIN_TARGET);
	}

	int scroll = cfg->scroll;
	bool focus_scrolls = false;
	if (v->focus >= 0 && v->focus < v->count)
		for (int k = 0; k < nflow; k++)
			if (flow_idx[k] == v->focus)
				focus_scrolls = true;
	if (cfg->follow_focus && focus_scrolls) {
		/* Minimal move that shows the focused node and its ring; a node
		 * taller than the body shows its top. */
		const struct view_rect *b = &v->nodes[v->focus].bounds;
		int y0 = b->y - L->body.y - LAYOUT_GAP;
		int y1 = b->y + b->h - L->body.y + LAYOUT_GAP;
		if (y1 - scroll > L->body.h)
			scroll = y1 - L->body.h;
		if (y0 < scroll)
			scroll = y0;
	}
	if (scroll > L->scroll_max)
		scroll = L->scroll_max;
	if (scroll < 0)
		scroll = 0;
	L->scroll = scroll;
	for (int k = 0; k < nflow; k++) {
		int i = flow_idx[k];
		L->parts[i].scrolls = true;
		if (scroll)
			shift_node(&v->nodes[i], &L->parts[i], -scroll);
	}
	return 0;
}

static bool in_rect(const struct view_rect *r, int x, int y)
{
	return x >= r->x && y >= r->y && x < r->x + r->w && y < r->y + r->h;
}

int layout_hit(const struct view *v, const struct layout_info *info, int x, int y)
{
	if (v == NULL || v->count < 0 || v->count > VIEW_MAX_NODES)
		return -1;
	for (int i = 0; i < v->count; i++) {
		if (!in_rect(&v->nodes[i].bounds, x, y))
			continue;
		if (info != NULL && info->parts[i].scrolls && !in_rect(&info->body, x, y))
			continue;
		return i;
	}
	return -1;
}
