/* Every actionable item of every screen's sample states can be reached by touch, in both
 * orientations, both languages and both text sizes (issue 12, defect 5): brought into view by
 * focus (as a keypad or a scroll does), it lies whole inside its region, is not clipped by the
 * header or the footer, and is at least a 44 px target (T1). Built from the real screens and
 * strings, laid out with a deterministic measure (no fonts needed). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "firmware/core/app.h"
#include "ui/layout.h"
#include "ui/screens/screens.h"

/* As in test_layout.c: 0.55 em a character (bold 0.6 em), lines 1.25 em apart. */
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

static bool inside(const struct view_rect *in, const struct view_rect *r)
{
	return r->x >= in->x && r->y >= in->y && r->x + r->w <= in->x + in->w &&
	       r->y + r->h <= in->y + in->h;
}

static struct app app;
static struct view v;
static struct layout_info info;

static void test_every_actionable_item_can_be_reached(void **state)
{
	(void)state;
	static const int sizes[2][2] = {{1080, 1920}, {1920, 1080}};
	const struct screen_set *set = &screens_all;
	i18n_t *strings;
	int checked = 0;
	assert_int_equal(i18n_new_builtin(&strings), 0);
	for (int s = 0; s < set->count; s++)
		for (int i = 0; i < set->all[s]->samples; i++)
			for (int l = 0; l < LANG_COUNT; l++)
				for (int big = 0; big < 2; big++)
					for (int o = 0; o < 2; o++) {
						app_init(&app, NULL, strings, &screens_all, 1000);
						app.visit.here =
						    (struct app_frame){.screen = set->all[s]};
						app.visit.settings.lang = (enum lang)l;
						app.in_session = true;
						app.cfg.contact_phone[0] = '1';
						if (set->all[s]->sample)
							set->all[s]->sample(&app, i);
						app_refresh(&app);
						for (int n = 0; n < app.view.count; n++) {
							if (!view_node_actionable(
							        &app.view.nodes[n]))
								continue;
							memcpy(&v, &app.view, sizeof(v));
							v.focus = n;
							struct layout_config cfg = {
							    .width = sizes[o][0],
							    .height = sizes[o][1],
							    .large_text = big,
							    .follow_focus = true};
							assert_int_equal(
							    layout_view(&v, &cfg, &fake, &info), 0);
							const struct view_node *nd = &v.nodes[n];
							const struct view_rect *region =
							    info.parts[n].scrolls ? &info.body
							    : nd->region == VIEW_REGION_FOOTER
							        ? &info.footer
							        : &info.header;
							if (!inside(region, &nd->bounds) ||
							    nd->bounds.h < 44 || nd->bounds.w < 44)
								fail_msg("%s sample %d %s %s %s: "
								         "\"%s\" at %d,%d %dx%d "
								         "out of reach (region "
								         "%d,%d %dx%d)",
								         set->all[s]->name, i,
								         lang_code((enum lang)l),
								         big ? "large" : "normal",
								         o ? "landscape"
								           : "portrait",
								         nd->text, nd->bounds.x,
								         nd->bounds.y, nd->bounds.w,
								         nd->bounds.h, region->x,
								         region->y, region->w,
								         region->h);
							checked++;
						}
					}
	assert_true(checked > 1000);
	i18n_free(strings);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_actionable_item_can_be_reached),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
