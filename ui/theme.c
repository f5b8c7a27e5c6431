/* Theme: palettes and sizes. Pure C. The numbers are chosen so that the pairs
 * below pass WCAG AAA text contrast (7:1) and 3:1 for non-text marks in both
 * palettes; tests/unit/test_theme.c proves it. */
#include "ui/theme.h"

#include <string.h>

#include <math.h>

#define RGB(hex)                                                                                   \
	{                                                                                          \
		(uint8_t)(((hex) >> 16) & 0xff), (uint8_t)(((hex) >> 8) & 0xff),                   \
		    (uint8_t)((hex)&0xff), 0xff                                                    \
	}

/* Default: white body, light blue-grey bands, navy outlines, orange focus ring
 * (a hue no other mark uses, so it stands out even before its thickness). */
static const struct theme theme_default = {
    .name = "default",
    .background = RGB(0xFFFFFF),
    .text = RGB(0x1A1A1A),
    .header_bg = RGB(0xE8EEF5),
    .header_text = RGB(0x0B2545),
    .footer_bg = RGB(0xE8EEF5),
    .rule = RGB(0x0B3D6B),
    .button_bg = RGB(0xFFFFFF),
    .button_text = RGB(0x0B3D6B),
    .button_outline = RGB(0x0B3D6B),
    .focus_bg = RGB(0xFFF1C2),
    .focus_text = RGB(0x1A1A1A),
    .focus_ring = RGB(0xC2410C),
    .edit_bg = RGB(0xFFFFFF),
    .edit_text = RGB(0x1A1A1A),
    .alert_bg = RGB(0xFDECEC),
    .alert_text = RGB(0x7A1F1F),
    .alert_outline = RGB(0xB00020),
    .icon = RGB(0x0B3D6B),
    .flash = RGB(0x5B2A86),
    .blank = RGB(0x000000),
    .blank_icon = RGB(0x9E9E9E),
};

/* High contrast: black, white text, yellow controls, cyan focus ring; the
 * focused control is inverted (yellow fill, black text). */
static const struct theme theme_high_contrast = {
    .name = "high-contrast",
    .background = RGB(0x000000),
    .text = RGB(0xFFFFFF),
    .header_bg = RGB(0x000000),
    .header_text = RGB(0xFFFFFF),
    .footer_bg = RGB(0x000000),
    .rule = RGB(0xFFFFFF),
    .button_bg = RGB(0x000000),
    .button_text = RGB(0xFFFF00),
    .button_outline = RGB(0xFFFF00),
    .focus_bg = RGB(0xFFFF00),
    .focus_text = RGB(0x000000),
    .focus_ring = RGB(0x00FFFF),
    .edit_bg = RGB(0x000000),
    .edit_text = RGB(0xFFFFFF),
    .alert_bg = RGB(0x000000),
    .alert_text = RGB(0xFFFFFF),
    .alert_outline = RGB(0xFF9999),
    .icon = RGB(0xFFFFFF),
    .flash = RGB(0xFF9999),
    .blank = RGB(0x000000),
    .blank_icon = RGB(0x9E9E9E),
};

/* Every combination render_sdl.c draws. Keep in step with it: a new colour
 * use needs a row here, so the contrast test covers it. */
#define PAIRS(T)                                                                                   \
	{                                                                                          \
		{"body text", T.text, T.background, 7.0},                                          \
		    {"header text", T.header_text, T.header_bg, 7.0},                              \
		    {"footer text", T.text, T.footer_bg, 7.0},                                     \
		    {"button label", T.button_text, T.button_bg, 7.0},                             \
		    {"focused label", T.focus_text, T.focus_bg, 7.0},                              \
		    {"edit value", T.edit_text, T.edit_bg, 7.0},                                   \
		    {"alert text", T.alert_text, T.alert_bg, 7.0},                                 \
		    {"focus ring on body", T.focus_ring, T.background, 3.0},                       \
		    {"focus ring on header", T.focus_ring, T.header_bg, 3.0},                      \
		    {"focus ring on footer", T.focus_ring, T.footer_bg, 3.0},                      \
		    {"button outline on body", T.button_outline, T.background, 3.0},               \
		    {"button outline on footer", T.button_outline, T.footer_bg, 3.0},              \
		    {"button outline on header", T.button_outline, T.header_bg, 3.0},              \
		    {"focused outline on focus fill", T.focus_text, T.focus_bg, 3.0},              \
		    {"edit outline on body", T.button_outline, T.background, 3.0},                 \
		    {"rule on body", T.rule, T.background, 3.0},                                   \
		    {"rule on bands", T.rule, T.header_bg, 3.0},                                   \
		    {"alert outline on body", T.alert_outline, T.background, 3.0},                 \
		    {"alert outline on alert", T.alert_outline, T.alert_bg, 3.0},                  \
		    {"icon on body", T.icon, T.background, 3.0},                                   \
		    {"icon on header", T.icon, T.header_bg, 3.0},                                  \
		    {"icon on footer", T.icon, T.footer_bg, 3.0},                                  \
		    {"focused checkbox on focus fill", T.focus_text, T.focus_bg, 3.0},             \
		    {"flash on body", T.flash, T.background, 3.0},                                 \
		    {"flash on header", T.flash, T.header_bg, 3.0},                                \
		    {"flash on footer", T.flash, T.footer_bg, 3.0},                                \
		    {"blank icon", T.blank_icon, T.blank, 3.0},                                    \
	}

/* Filled on first use: C does not allow a static initialiser to read another
 * object's members (GCC tolerates it, clang does not). */
#define PAIRS_MAX 40
static struct theme_pair pairs_default[PAIRS_MAX], pairs_high_contrast[PAIRS_MAX];
static size_t pairs_count;

static size_t pairs_fill(struct theme_pair *dst, const struct theme *t)
{
	const struct theme_pair src[] = PAIRS((*t));
	_Static_assert(sizeof(src) / sizeof(src[0]) <= PAIRS_MAX, "PAIRS_MAX too small");
	memcpy(dst, src, sizeof(src));
	return sizeof(src) / sizeof(src[0]);
}

const struct theme *theme_get(bool high_contrast)
{
	return high_contrast ? &theme_high_contrast : &theme_default;
}

static double channel(uint8_t v)
{
	double c = v / 255.0;
	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

double theme_luminance(struct theme_color c)
{
	return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double theme_contrast_ratio(struct theme_color a, struct theme_color b)
{
	double la = theme_luminance(a), lb = theme_luminance(b);
	double hi = la > lb ? la : lb, lo = la > lb ? lb : la;
	return (hi + 0.05) / (lo + 0.05);
}

size_t theme_pairs(const struct theme *t, const struct theme_pair **pairs)
{
	if (pairs_count == 0) {
		pairs_fill(pairs_high_contrast, &theme_high_contrast);
		pairs_count = pairs_fill(pairs_default, &theme_default);
	}
	*pairs = t == &theme_high_contrast ? pairs_high_contrast : pairs_default;
	return pairs_count;
}

int theme_font_px(enum view_size size, bool large_text)
{
	/* 28 px: capitals 20.4 px = 5.1 mm at 102 dpi, above V2's 4.8 mm even for
	 * the smallest text. */
	int px;
	switch (size) {
	case VIEW_SIZE_SMALL:
		px = 28;
		break;
	case VIEW_SIZE_LARGE:
		px = 40;
		break;
	case VIEW_SIZE_HUGE:
		px = 64;
		break;
	case VIEW_SIZE_NORMAL:
	default:
		px = 32;
		break;
	}
	return large_text ? px * THEME_LARGE_NUM / THEME_LARGE_DEN : px;
}

bool theme_font_bold(enum view_role role, enum view_size size)
{
	return role == VIEW_ROLE_HEADING || role == VIEW_ROLE_BUTTON || role == VIEW_ROLE_KEY ||
	       role == VIEW_ROLE_ALERT || size == VIEW_SIZE_HUGE;
}

double theme_cap_height_mm(int px)
{
	return px * THEME_CAP_HEIGHT_EM / THEME_PANEL_DPI * 25.4;
}

uint32_t theme_rgba(struct theme_color c)
{
	return (uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a;
}
