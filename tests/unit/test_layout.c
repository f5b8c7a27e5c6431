/* Layout with a fake, deterministic measure: portrait and landscape, normal and
 * large text, long French strings. No overlap, nothing off screen, targets
 * >= 44 px, hit testing, and the focused node visible when the body scrolls. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ui/layout.h"
#include "ui/theme.h"

/* Every character is 0.55 em wide (bold 0.6 em); lines are 1.25 em apart. A
 * UTF-8 continuation byte adds nothing, so accents count as one character. */
static int fake_width(void *ctx, const char *s, size_t len, int px, bool bold)
{
	(void)ctx;
	int chars = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			chars++;
	return chars * px * (bold ? 60 : 55) / 100;
}

static int fake_line_height(void *ctx, int px)
{
	(void)ctx;
	return (px * 5 + 3) / 4;
}

static const struct layout_measure fake = {NULL, fake_width, fake_line_height};

static struct view_node *add(struct view *v, enum view_role role, enum view_region region,
                             enum view_size size, const char *text, const char *text2, int action)
{
	struct view_node *n = &v->nodes[v->count++];
	memset(n, 0, sizeof *n);
	n->role = role;
	n->region = region;
	n->size = size;
	n->action = action;
	n->state = role == VIEW_ROLE_CHECKBOX ? VIEW_STATE_UNCHECKED : VIEW_STATE_NONE;
	snprintf(n->text, sizeof n->text, "%s", text);
	if (text2)
		snprintf(n->text2, sizeof n->text2, "%s", text2);
	return n;
}

/* A busy screen in French with long labels, every role, and a footer. */
static void build_busy(struct view *v)
{
	memset(v, 0, sizeof *v);
	v->lang = LANG_FR;
	add(v, VIEW_ROLE_HEADING, VIEW_REGION_HEADER, VIEW_SIZE_LARGE,
	    "Déposer une plainte, une demande de renseignements ou une opposition", NULL, 0);
	add(v, VIEW_ROLE_TEXT, VIEW_REGION_BODY, VIEW_SIZE_NORMAL,
	    "Choisissez le type de demande. Nous répondrons dans les dix jours ouvrables "
	    "suivant la réception de votre plainte concernant l’organisme ; pour une plainte "
	    "visant une entreprise réglementée, le délai est de vingt-cinq jours ouvrables.",
	    NULL, 0);
	add(v, VIEW_ROLE_BUTTON, VIEW_REGION_BODY, VIEW_SIZE_NORMAL,
	    "Plainte au sujet de l’organisme", NULL, 1);
	add(v, VIEW_ROLE_BUTTON, VIEW_REGION_BODY, VIEW_SIZE_NORMAL,
	    "Plainte visant une entreprise ou une personne réglementée", NULL, 2);
	add(v, VIEW_ROLE_BUTTON, VIEW_REGION_BODY, VIEW_SIZE_NORMAL,
	    "Demande de renseignements générale", NULL, 3);
	add(v, VIEW_ROLE_BUTTON, VIEW_REGION_BODY, VIEW_SIZE_NORMAL, "Opposition à une décision",
	    NULL, 4);
	add(v, VIEW_ROLE_CHECKBOX, VIEW_REGION_BODY, VIEW_SIZE_NORMAL,
	    "Service prioritaire (personne handicapée, aînée ou accompagnée d’enfants)", NULL, 5);
	struct view_node *e = add(v, VIEW_ROLE_EDIT, VIEW_REGION_BODY, VIEW_SIZE_NORMAL,
	                          "Numéro de référence (10 chiffres)", NULL, 6);
	snprintf(e->value, sizeof e->value, "%s", "123 456 789");
	add(v, VIEW_ROLE_ALERT, VIEW_REGION_BODY, VIEW_SIZE_NORMAL,
	    "Numéro de référence : il faut 10 chiffres, vous en avez saisi 9.", NULL, 0);
	struct view_node *r = add(v, VIEW_ROLE_TEXT, VIEW_REGION_BODY, VIEW_SIZE_HUGE,
	                          "Votre numéro de billet", NULL, 0);
	snprintf(r->value, sizeof r->value, "%s", "A 042");
	add(v, VIEW_ROLE_BUTTON, VIEW_REGION_FOOTER, VIEW_SIZE_NORMAL, "Aide", "Help", 10);
	add(v, VIEW_ROLE_BUTTON, VIEW_REGION_FOOTER, VIEW_SIZE_NORMAL, "Demander de l’aide",
	    "Request staff assistance", 11);
	add(v, VIEW_ROLE_BUTTON, VIEW_REGION_FOOTER, VIEW_SIZE_NORMAL, "English", NULL, 12);
	add(v, VIEW_ROLE_BUTTON, VIEW_REGION_FOOTER, VIEW_SIZE_NORMAL, "Retour", "Back", 13);
	v->focus = 2;
}

struct orient {
	int w, h;
	bool large;
	const char *name;
};

static const struct orient orients[] = {
    {1080, 1920, false, "portrait normal"},
    {1920, 1080, false, "landscape normal"},
    {1080, 1920, true, "portrait large"},
    {1920, 1080, true, "landscape large"},
};

static bool overlap(const struct view_rect *a, const struct view_rect *b, int gap)
{
	return a->x < b->x + b->w + gap && b->x < a->x + a->w + gap && a->y < b->y + b->h + gap &&
	       b->y < a->y + a->h + gap;
}

static bool inside(const struct view_rect *in, const struct view_rect *out)
{
	if (in->w == 0 && in->h == 0)
		return true;
	return in->x >= out->x && in->y >= out->y && in->x + in->w <= out->x + out->w &&
	       in->y + in->h <= out->y + out->h;
}

/* Every wrapped line of text fits the width it was wrapped to. */
static void assert_text_fits(const char *text, const struct view_rect *r, int px, bool bold)
{
	if (text[0] == '\0')
		return;
	struct layout_line lines[LAYOUT_MAX_LINES];
	int n = layout_wrap(&fake, text, px, bold, r->w, lines, LAYOUT_MAX_LINES);
	assert_true(n >= 1 && n <= LAYOUT_MAX_LINES);
	for (int i = 0; i < n; i++)
		assert_true(lines[i].width <= r->w);
	assert_true(n * fake_line_height(NULL, px) <= r->h);
}

static void check_geometry(struct view *v, const struct layout_info *L, const struct orient *o)
{
	const struct view_rect screen = {0, 0, o->w, o->h};
	/* Regions tile the screen. */
	assert_int_equal(L->header.y, 0);
	assert_int_equal(L->body.y, L->header.h);
	assert_int_equal(L->footer.y, L->body.y + L->body.h);
	assert_int_equal(L->footer.y + L->footer.h, o->h);
	for (int i = 0; i < v->count; i++) {
		const struct view_node *n = &v->nodes[i];
		const struct layout_part *p = &L->parts[i];
		/* Nothing sticks out horizontally (no horizontal scrolling). */
		assert_true(n->bounds.x >= LAYOUT_MARGIN / 2);
		assert_true(n->bounds.x + n->bounds.w <= o->w - LAYOUT_MARGIN / 2);
		/* Fixed nodes are on screen and in their region. */
		if (!p->scrolls) {
			assert_true(inside(&n->bounds, &screen));
			const struct view_rect *reg =
			    n->region == VIEW_REGION_HEADER ? &L->header : &L->footer;
			assert_true(inside(&n->bounds, reg));
		}
		/* T1: targets at least 44 px (and our own 15 mm minimum). */
		if (view_node_actionable(n)) {
			assert_true(n->bounds.h >= 44);
			assert_true(n->bounds.w >= 44);
			assert_true(n->bounds.h >= LAYOUT_MIN_TARGET);
		}
		/* Parts stay in the node; text is never clipped. */
		assert_true(inside(&p->box, &n->bounds));
		assert_true(inside(&p->label, &n->bounds));
		assert_true(inside(&p->value, &n->bounds));
		assert_true(inside(&p->mark, &n->bounds));
		char label[VIEW_TEXT_MAX + VIEW_TEXT_MAX / 4 + 4];
		layout_label(n, p->label_split, label, sizeof label);
		assert_text_fits(label, &p->label, p->label_px, p->label_bold);
		/* A bilingual label never starts a line with its slash. */
		struct layout_line ln[LAYOUT_MAX_LINES];
		int nl = layout_wrap(&fake, label, p->label_px, p->label_bold,
		                     p->label.w > 0 ? p->label.w : 1, ln, LAYOUT_MAX_LINES);
		for (int k = 0; k < nl && k < LAYOUT_MAX_LINES; k++)
			assert_true(label[ln[k].start] != '/');
		if (n->role == VIEW_ROLE_EDIT || n->value[0])
			assert_text_fits(n->value, &p->value, p->value_px, p->value_bold);
		/* Text size follows the mode. */
		assert_int_equal(p->label_px, theme_font_px(n->size, o->large));
		/* No two nodes of the same layer overlap, and gaps are visible. */
		for (int j = 0; j < i; j++) {
			if (L->parts[j].scrolls != p->scrolls)
				continue;
			if (overlap(&n->bounds, &v->nodes[j].bounds, LAYOUT_GAP - 1)) {
				print_error("%s: nodes %d and %d overlap or touch\n", o->name, j,
				            i);
				fail();
			}
		}
	}
}

static void test_geometry_all_orientations(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof orients / sizeof orients[0]; k++) {
		const struct orient *o = &orients[k];
		struct view v;
		build_busy(&v);
		struct layout_config cfg = {o->w, o->h, o->large, 0, true};
		struct layout_info L;
		assert_int_equal(layout_view(&v, &cfg, &fake, &L), 0);
		check_geometry(&v, &L, o);
		/* Scroll to the very end too: still consistent. */
		cfg.scroll = 1 << 20;
		cfg.follow_focus = false;
		assert_int_equal(layout_view(&v, &cfg, &fake, &L), 0);
		assert_int_equal(L.scroll, L.scroll_max);
		check_geometry(&v, &L, o);
	}
}

static void test_landscape_uses_two_columns(void **state)
{
	(void)state;
	struct view v;
	build_busy(&v);
	struct layout_config cfg = {1920, 1080, false, 0, false};
	struct layout_info L;
	assert_int_equal(layout_view(&v, &cfg, &fake, &L), 0);
	assert_true(L.landscape);
	assert_int_equal(L.columns, 2);
	/* Buttons 2 and 3 share a row, side by side, in reading order. */
	assert_int_equal(v.nodes[2].bounds.y, v.nodes[3].bounds.y);
	assert_true(v.nodes[3].bounds.x > v.nodes[2].bounds.x + v.nodes[2].bounds.w);
	assert_true(v.nodes[4].bounds.y > v.nodes[2].bounds.y);
	/* A bilingual label too long for one line puts each language on its own. */
	assert_true(L.parts[11].label_split);
	assert_false(L.parts[10].label_split);

	build_busy(&v);
	struct layout_config port = {1080, 1920, false, 0, false};
	assert_int_equal(layout_view(&v, &port, &fake, &L), 0);
	assert_false(L.landscape);
	assert_true(v.nodes[3].bounds.y > v.nodes[2].bounds.y);
	assert_int_equal(v.nodes[2].bounds.x, v.nodes[3].bounds.x);
	/* Three footer buttons in two columns: the third takes the whole last row. */
	build_busy(&v);
	v.count--;
	assert_int_equal(layout_view(&v, &port, &fake, &L), 0);
	assert_int_equal(v.nodes[10].bounds.y, v.nodes[11].bounds.y);
	assert_true(v.nodes[12].bounds.y > v.nodes[10].bounds.y);
	assert_int_equal(v.nodes[12].bounds.w, 1080 - 2 * LAYOUT_MARGIN);
}

static void test_large_text_reflows(void **state)
{
	(void)state;
	struct view a, b;
	build_busy(&a);
	build_busy(&b);
	struct layout_config n = {1080, 1920, false, 0, false}, l = {1080, 1920, true, 0, false};
	struct layout_info La, Lb;
	assert_int_equal(layout_view(&a, &n, &fake, &La), 0);
	assert_int_equal(layout_view(&b, &l, &fake, &Lb), 0);
	/* >= 150 %, the same width (less the scroll bar when it overflows), more lines. */
	assert_true(Lb.parts[1].label_px * 2 >= La.parts[1].label_px * 3);
	assert_int_equal(a.nodes[1].bounds.w - (Lb.scroll_max > 0 && La.scroll_max == 0
	                                            ? LAYOUT_SCROLLBAR_W + LAYOUT_GAP
	                                            : 0),
	                 b.nodes[1].bounds.w);
	assert_true(b.nodes[1].bounds.h > a.nodes[1].bounds.h * 3 / 2 - 2);
	assert_true(Lb.content_h > La.content_h);
}

static void test_hit(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof orients / sizeof orients[0]; k++) {
		struct view v;
		build_busy(&v);
		struct layout_config cfg = {orients[k].w, orients[k].h, orients[k].large, 0, true};
		struct layout_info L;
		assert_int_equal(layout_view(&v, &cfg, &fake, &L), 0);
		for (int i = 0; i < v.count; i++) {
			const struct view_rect *b = &v.nodes[i].bounds;
			int cx = b->x + b->w / 2, cy = b->y + b->h / 2;
			bool visible =
			    !L.parts[i].scrolls || (cy >= L.body.y && cy < L.body.y + L.body.h);
			if (b->h == 0)
				continue;
			/* A body node under a band is not hit there (the band's node may be). */
			if (visible)
				assert_int_equal(layout_hit(&v, &L, cx, cy), i);
			else
				assert_int_not_equal(layout_hit(&v, &L, cx, cy), i);
		}
		/* The gap between two nodes and the outer margin hit nothing. */
		const struct view_rect *b2 = &v.nodes[2].bounds;
		assert_int_equal(layout_hit(&v, &L, b2->x - LAYOUT_GAP / 2, b2->y + 5), -1);
		assert_int_equal(layout_hit(&v, &L, 2, 2), -1);
		assert_int_equal(layout_hit(&v, &L, -5, -5), -1);
		assert_int_equal(layout_hit(NULL, &L, 10, 10), -1);
	}
}

/* A long list in large text: the body overflows; focusing any node scrolls it
 * into view, and a node hidden under the header is not hit there. */
static void test_focus_visible_when_body_overflows(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof orients / sizeof orients[0]; k++) {
		const struct orient *o = &orients[k];
		struct view v;
		build_busy(&v);
		/* Make sure it overflows: add items up to the cap. */
		char label[64];
		while (v.count < VIEW_MAX_NODES - 4) {
			snprintf(label, sizeof label, "Élément supplémentaire numéro %d", v.count);
			add(&v, VIEW_ROLE_BUTTON, VIEW_REGION_BODY, VIEW_SIZE_NORMAL, label, NULL,
			    100 + v.count);
		}
		/* Keep the footer last in reading order. */
		add(&v, VIEW_ROLE_BUTTON, VIEW_REGION_FOOTER, VIEW_SIZE_NORMAL, "Aide", "Help", 10);
		struct layout_info L;
		struct layout_config cfg = {o->w, o->h, o->large, 0, true};
		v.focus = 0;
		assert_int_equal(layout_view(&v, &cfg, &fake, &L), 0);
		assert_true(L.scroll_max > 0);
		assert_true(L.scrollbar.w > 0);
		/* The last body node is below the fold at first. */
		int last = v.count - 2;
		assert_true(v.nodes[last].bounds.y >= L.body.y + L.body.h);

		/* Walk down then up, keeping the scroll between frames as the loop does. */
		for (int pass = 0; pass < 2; pass++) {
			for (int s = 0; s < v.count; s++) {
				int i = pass == 0 ? s : v.count - 1 - s;
				v.focus = i;
				cfg.scroll = L.scroll;
				assert_int_equal(layout_view(&v, &cfg, &fake, &L), 0);
				const struct view_rect *b = &v.nodes[i].bounds;
				if (!L.parts[i].scrolls)
					continue;
				if (!(b->y >= L.body.y && b->y + b->h <= L.body.y + L.body.h)) {
					print_error("%s: node %d at %d..%d, body %d..%d\n", o->name,
					            i, b->y, b->y + b->h, L.body.y,
					            L.body.y + L.body.h);
					fail();
				}
				assert_true(L.scroll >= 0 && L.scroll <= L.scroll_max);
				assert_int_equal(layout_hit(&v, &L, b->x + 3, b->y + b->h / 2), i);
				check_geometry(&v, &L, o);
			}
		}
		/* Without follow_focus the requested scroll is kept (a drag). */
		cfg.follow_focus = false;
		cfg.scroll = 10;
		v.focus = last;
		assert_int_equal(layout_view(&v, &cfg, &fake, &L), 0);
		assert_int_equal(L.scroll, 10);
		/* A body node scrolled under the header is not hit through the header. */
		cfg.scroll = L.scroll_max;
		assert_int_equal(layout_view(&v, &cfg, &fake, &L), 0);
		for (int i = 0; i < v.count; i++) {
			const struct view_rect *b = &v.nodes[i].bounds;
			if (L.parts[i].scrolls && b->y + b->h < L.body.y && b->y + b->h > 0) {
				int hit = layout_hit(&v, &L, b->x + 3, b->y + b->h - 1);
				assert_true(hit != i);
			}
		}
	}
}

/* A heading so long that header and footer would leave no body: everything
 * scrolls together and stays reachable. */
static void test_tall_chrome_scrolls_everything(void **state)
{
	(void)state;
	struct view v;
	memset(&v, 0, sizeof v);
	char big[VIEW_TEXT_MAX];
	size_t len = 0;
	while (len + 40 < sizeof big)
		len += (size_t)snprintf(big + len, sizeof big - len, "%s",
		                        "Très long titre bilingue à afficher. ");
	add(&v, VIEW_ROLE_HEADING, VIEW_REGION_HEADER, VIEW_SIZE_HUGE, big, NULL, 0);
	add(&v, VIEW_ROLE_BUTTON, VIEW_REGION_BODY, VIEW_SIZE_NORMAL, "Continuer", "Continue", 1);
	add(&v, VIEW_ROLE_BUTTON, VIEW_REGION_FOOTER, VIEW_SIZE_NORMAL, "Aide", "Help", 2);
	v.focus = 2;
	struct layout_config cfg = {1920, 1080, true, 0, true};
	struct layout_info L;
	assert_int_equal(layout_view(&v, &cfg, &fake, &L), 0);
	assert_true(L.parts[0].scrolls && L.parts[2].scrolls);
	assert_true(L.scroll > 0);
	const struct view_rect *b = &v.nodes[2].bounds;
	assert_true(b->y >= L.body.y && b->y + b->h <= L.body.y + L.body.h);
	check_geometry(&v, &L, &orients[3]);
}

static void test_wrap(void **state)
{
	(void)state;
	struct layout_line ln[16];
	/* 10 px per char at px 20 (0.55 em ~ 11 px): "aaaa bbbb cccc" in 100 px. */
	int n = layout_wrap(&fake, "aaaa bbbb cccc", 20, false, 100, ln, 16);
	assert_int_equal(n, 2);
	assert_int_equal(ln[0].start, 0);
	assert_int_equal(ln[0].len, 9);
	assert_int_equal(ln[1].start, 10);
	assert_int_equal(ln[1].len, 4);
	/* A forced break, and an empty text. */
	assert_int_equal(layout_wrap(&fake, "a\nb", 20, false, 1000, ln, 16), 2);
	assert_int_equal(layout_wrap(&fake, "", 20, false, 1000, ln, 16), 0);
	/* No break at a no-break space (U+202F before ':', U+00A0 in « »). */
	const char *fr = "Référence\xE2\x80\xAF: \xC2\xAB\xC2\xA0oui\xC2\xA0\xC2\xBB";
	n = layout_wrap(&fake, fr, 20, false, 11 * 11, ln, 16);
	assert_int_equal(n, 2);
	assert_int_equal(ln[0].len, (int)strlen("Référence\xE2\x80\xAF:"));
	/* A word longer than the line is cut between characters, never inside one. */
	const char *word = "éééééééééééééééééééé";
	n = layout_wrap(&fake, word, 20, false, 50, ln, 16);
	assert_true(n >= 4);
	for (int i = 0; i < n && i < 16; i++) {
		assert_true(ln[i].width <= 50);
		assert_true(((unsigned char)word[ln[i].start] & 0xC0) != 0x80);
		assert_int_equal(ln[i].len % 2, 0);
	}
	/* Hyphen inside a word is a break; " / " breaks after the slash. */
	n = layout_wrap(&fake, "c'est-à-dire", 20, false, 70, ln, 16);
	assert_int_equal(n, 2);
	assert_int_equal(ln[0].len, 6);
	n = layout_wrap(&fake, "Aide / Help", 20, false, 70, ln, 16);
	assert_int_equal(n, 2);
	assert_int_equal(ln[0].len, 6);
	assert_int_equal(ln[1].start, 7);
	/* "Aide / Help" keeps "Aide /" together rather than starting a line with "/". */
	n = layout_wrap(&fake, "Demander de l'aide / Request staff", 20, false, 225, ln, 16);
	assert_int_equal(n, 2);
	assert_int_equal(ln[0].len, (int)strlen("Demander de l'aide /"));
	/* The count is returned even past max_lines. */
	assert_int_equal(layout_wrap(&fake, "a b c d e", 20, false, 12, ln, 2), 5);
	assert_int_equal(layout_wrap(NULL, "x", 20, false, 10, ln, 2), -EINVAL);
	assert_int_equal(layout_wrap(&fake, "x", 20, false, 0, ln, 2), -EINVAL);
}

/* S4: a phone number is never split across lines, whatever its form; its extension may
 * go to the next line. */
static void test_wrap_keeps_phone_numbers(void **state)
{
	(void)state;
	struct layout_line ln[16];
	/* 11 px a character: 15 fit in 170 px, so "Call 1-800-555-" would fit. */
	int n = layout_wrap(&fake, "Call 1-800-555-0199 now", 20, false, 170, ln, 16);
	assert_int_equal(n, 3);
	assert_int_equal(ln[0].len, 4);
	assert_int_equal(ln[1].start, 5);
	assert_int_equal(ln[1].len, 14);
	/* Spaces inside the number are not break opportunities either. */
	const char *t = "TTY: +1 416 555 0199 ext. 123";
	n = layout_wrap(&fake, t, 20, false, 200, ln, 16);
	assert_int_equal(n, 3);
	assert_int_equal(ln[0].len, 4);
	assert_int_equal(ln[1].len, (int)strlen("+1 416 555 0199"));
	assert_int_equal(ln[2].len, (int)strlen("ext. 123"));
	n = layout_wrap(&fake, "Phone (416) 555-0199.", 20, false, 170, ln, 16);
	assert_int_equal(n, 2);
	assert_int_equal(ln[1].len, (int)strlen("(416) 555-0199."));
	/* French typography: no-break spaces inside, and before the colon. */
	const char *fr = "Téléphone\u202f: 1 800 555-0199";
	n = layout_wrap(&fake, fr, 20, false, 180, ln, 16);
	assert_int_equal(n, 2);
	assert_int_equal(ln[1].len, (int)strlen("1 800 555-0199"));
	/* Ordinary hyphens and spaces still break. */
	n = layout_wrap(&fake, "2026-11-22 un deux", 20, false, 70, ln, 16);
	assert_true(n >= 3);
	assert_int_equal(ln[0].len, 5);
}

static void test_label_and_errors(void **state)
{
	(void)state;
	struct view v;
	memset(&v, 0, sizeof v);
	struct view_node *n =
	    add(&v, VIEW_ROLE_BUTTON, VIEW_REGION_FOOTER, VIEW_SIZE_NORMAL, "Aide", "Help", 1);
	char out[64];
	assert_int_equal(layout_label(n, false, out, sizeof out), 11);
	assert_string_equal(out, "Aide / Help");
	layout_label(n, true, out, sizeof out);
	assert_string_equal(out, "Aide /\nHelp");
	n->text2[0] = '\0';
	layout_label(n, false, out, sizeof out);
	assert_string_equal(out, "Aide");
	snprintf(n->text, sizeof n->text, "%s", "éééé");
	assert_int_equal(layout_label(n, false, out, 4), 2); /* never half a character */

	struct layout_config cfg = {1080, 1920, false, 0, false};
	assert_int_equal(layout_view(NULL, &cfg, &fake, NULL), -EINVAL);
	assert_int_equal(layout_view(&v, NULL, &fake, NULL), -EINVAL);
	assert_int_equal(layout_view(&v, &cfg, NULL, NULL), -EINVAL);
	struct layout_config tiny = {100, 100, false, 0, false};
	assert_int_equal(layout_view(&v, &tiny, &fake, NULL), -EINVAL);
	v.count = VIEW_MAX_NODES + 1;
	assert_int_equal(layout_view(&v, &cfg, &fake, NULL), -EINVAL);
	v.count = 1;
	v.nodes[0].role = (enum view_role)99;
	assert_int_equal(layout_view(&v, &cfg, &fake, NULL), -EINVAL);
	/* An empty view is fine. */
	v.count = 0;
	v.focus = -1;
	struct layout_info L;
	assert_int_equal(layout_view(&v, &cfg, &fake, &L), 0);
	assert_int_equal(L.scroll_max, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_geometry_all_orientations),
	    cmocka_unit_test(test_landscape_uses_two_columns),
	    cmocka_unit_test(test_large_text_reflows),
	    cmocka_unit_test(test_hit),
	    cmocka_unit_test(test_focus_visible_when_body_overflows),
	    cmocka_unit_test(test_tall_chrome_scrolls_everything),
	    cmocka_unit_test(test_wrap),
	    cmocka_unit_test(test_wrap_keeps_phone_numbers),
	    cmocka_unit_test(test_label_and_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
