/* Theme: contrast of every colour pair the renderer draws (V1), font sizes at
 * the panel's size (V2), and the WCAG formula itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ui/theme.h"

static const struct theme_color black = {0, 0, 0, 255}, white = {255, 255, 255, 255};

static void test_wcag_formula(void **state)
{
	(void)state;
	assert_true(theme_luminance(black) == 0.0);
	assert_true(theme_luminance(white) > 0.9999 && theme_luminance(white) < 1.0001);
	double r = theme_contrast_ratio(black, white);
	assert_true(r > 20.99 && r < 21.01);
	assert_true(theme_contrast_ratio(white, black) == r);
	assert_true(theme_contrast_ratio(white, white) == 1.0);
	/* Known value: #767676 on white is the classic 4.54:1. */
	struct theme_color grey = {0x76, 0x76, 0x76, 255};
	r = theme_contrast_ratio(grey, white);
	assert_true(r > 4.50 && r < 4.60);
	assert_int_equal(theme_rgba((struct theme_color){0x12, 0x34, 0x56, 0x78}), 0x12345678u);
}

static void check_pairs(bool high_contrast)
{
	const struct theme *t = theme_get(high_contrast);
	const struct theme_pair *p;
	size_t n = theme_pairs(t, &p);
	assert_true(n >= 20);
	size_t text_pairs = 0;
	for (size_t i = 0; i < n; i++) {
		double r = theme_contrast_ratio(p[i].fg, p[i].bg);
		if (r < p[i].min_ratio) {
			print_error("%s: %s is %.2f:1, needs %.1f:1\n", t->name, p[i].what, r,
			            p[i].min_ratio);
			fail();
		}
		assert_true(p[i].min_ratio >= 3.0);
		if (p[i].min_ratio >= 7.0)
			text_pairs++;
	}
	assert_true(text_pairs >= 7);
}

static void test_pairs_default(void **state)
{
	(void)state;
	check_pairs(false);
}

static void test_pairs_high_contrast(void **state)
{
	(void)state;
	check_pairs(true);
}

/* The same rules spelled out, independent of the pair list: every text colour
 * on its background >= 7:1, the focus ring >= 3:1 on every band. */
static void test_text_and_focus_explicitly(void **state)
{
	(void)state;
	for (int hc = 0; hc < 2; hc++) {
		const struct theme *t = theme_get(hc);
		assert_true(theme_contrast_ratio(t->text, t->background) >= 7.0);
		assert_true(theme_contrast_ratio(t->header_text, t->header_bg) >= 7.0);
		assert_true(theme_contrast_ratio(t->text, t->footer_bg) >= 7.0);
		assert_true(theme_contrast_ratio(t->button_text, t->button_bg) >= 7.0);
		assert_true(theme_contrast_ratio(t->focus_text, t->focus_bg) >= 7.0);
		assert_true(theme_contrast_ratio(t->edit_text, t->edit_bg) >= 7.0);
		assert_true(theme_contrast_ratio(t->alert_text, t->alert_bg) >= 7.0);
		const struct theme_color *bands[] = {&t->background, &t->header_bg, &t->footer_bg};
		for (int b = 0; b < 3; b++) {
			assert_true(theme_contrast_ratio(t->focus_ring, *bands[b]) >= 3.0);
			assert_true(theme_contrast_ratio(t->button_outline, *bands[b]) >= 3.0);
			assert_true(theme_contrast_ratio(t->icon, *bands[b]) >= 3.0);
		}
	}
	/* The high-contrast theme is a different palette, and stronger. */
	const struct theme *d = theme_get(false), *h = theme_get(true);
	assert_ptr_not_equal(d, h);
	assert_true(theme_contrast_ratio(h->text, h->background) >=
	            theme_contrast_ratio(d->text, d->background));
}

static void test_font_sizes(void **state)
{
	(void)state;
	const enum view_size sizes[] = {VIEW_SIZE_SMALL, VIEW_SIZE_NORMAL, VIEW_SIZE_LARGE,
	                                VIEW_SIZE_HUGE};
	for (int i = 0; i < 4; i++) {
		int px = theme_font_px(sizes[i], false);
		int lpx = theme_font_px(sizes[i], true);
		/* V2: capitals >= 4.8 mm on the 102 dpi panel, even the small size. */
		assert_true(theme_cap_height_mm(px) >= 4.8);
		/* Large text is >= 150 %. */
		assert_true(lpx * 2 >= px * 3);
		if (i > 0)
			assert_true(px > theme_font_px(sizes[i - 1], false));
	}
	/* 27 px is the threshold: 27 * 0.73 / 102 * 25.4 = 4.91 mm. */
	assert_true(theme_cap_height_mm(26) < 4.8);
	assert_true(theme_font_bold(VIEW_ROLE_HEADING, VIEW_SIZE_NORMAL));
	assert_false(theme_font_bold(VIEW_ROLE_TEXT, VIEW_SIZE_NORMAL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_wcag_formula),
	    cmocka_unit_test(test_pairs_default),
	    cmocka_unit_test(test_pairs_high_contrast),
	    cmocka_unit_test(test_text_and_focus_explicitly),
	    cmocka_unit_test(test_font_sizes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
