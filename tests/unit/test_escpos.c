/* firmware/services/escpos.c: the code page 858 conversion (held to glibc's iconv table, an
 * independent source), the commands' bytes, word wrapping, and the hard caps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "firmware/services/escpos.h"

static long enc(const char *s, uint8_t *out, size_t cap, size_t *bad)
{
	return escpos_encode(s, strlen(s), out, cap, bad);
}

/* Every byte 0x80..0xFF of CP858, as iconv decodes it, encodes back to that byte (but the
 * soft hyphen). */
static void test_table_matches_iconv(void **state)
{
	(void)state;
	iconv_t cd = iconv_open("UTF-8", "CP858");
	assert_true(cd != (iconv_t)-1);
	for (int b = 0x80; b <= 0xFF; b++) {
		char in = (char)b, utf8[8] = {0}, *ip = &in, *op = utf8;
		size_t il = 1, ol = sizeof(utf8) - 1;
		assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
		uint8_t out[8];
		size_t bad = 99;
		if (b == 0xF0) { /* the soft hyphen: invisible in running text, so not printed */
			assert_int_equal(enc(utf8, out, sizeof(out), &bad), 0);
			continue;
		}
		assert_int_equal(enc(utf8, out, sizeof(out), &bad), 1);
		if (out[0] != b)
			fail_msg("U+%s (byte 0x%02X) encodes as 0x%02X", utf8, b, out[0]);
		assert_int_equal(bad, 0);
	}
	iconv_close(cd);
}

/* The French letters and signs, byte for byte as the CP858 chart prints them. */
static void test_french(void **state)
{
	(void)state;
	static const struct {
		const char *utf8;
		const char *cp;
	} cases[] = {
	    {"à", "\x85"},
	    {"â", "\x83"},
	    {"ä", "\x84"},
	    {"ç", "\x87"},
	    {"é", "\x82"},
	    {"è", "\x8a"},
	    {"ê", "\x88"},
	    {"ë", "\x89"},
	    {"î", "\x8c"},
	    {"ï", "\x8b"},
	    {"ô", "\x93"},
	    {"ö", "\x94"},
	    {"ù", "\x97"},
	    {"û", "\x96"},
	    {"ü", "\x81"},
	    {"ÿ", "\x98"},
	    {"À", "\xb7"},
	    {"Â", "\xb6"},
	    {"Ä", "\x8e"},
	    {"Ç", "\x80"},
	    {"É", "\x90"},
	    {"È", "\xd4"},
	    {"Ê", "\xd2"},
	    {"Ë", "\xd3"},
	    {"Î", "\xd7"},
	    {"Ï", "\xd8"},
	    {"Ô", "\xe2"},
	    {"Ö", "\x99"},
	    {"Ù", "\xeb"},
	    {"Û", "\xea"},
	    {"Ü", "\x9a"},
	    {"æ", "\x91"},
	    {"Æ", "\x92"},
	    {"«", "\xae"},
	    {"»", "\xaf"},
	    {"€", "\xd5"},
	    {"°", "\xf8"},
	    {"\u00a0", "\xff"},
	    /* what CP858 lacks: the nearest ASCII, or its no-break space */
	    {"\u202f", "\xff"},
	    {"’", "'"},
	    {"‘", "'"},
	    {"“", "\""},
	    {"”", "\""},
	    {"œ", "oe"},
	    {"Œ", "OE"},
	    {"Ÿ", "Y"},
	    {"…", "..."},
	    {"–", "-"},
	    {"—", "-"},
	    {"\t", " "},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t out[8];
		size_t bad = 99;
		long n = enc(cases[i].utf8, out, sizeof(out), &bad);
		if (n != (long)strlen(cases[i].cp) || memcmp(out, cases[i].cp, (size_t)n) != 0)
			fail_msg("\"%s\" encodes wrongly (%ld bytes, first 0x%02X)", cases[i].utf8,
			         n, n > 0 ? out[0] : 0);
		assert_int_equal(bad, 0);
	}
	uint8_t out[64];
	const char *s = "L’« été » à Noël : 5 €";
	assert_int_equal(enc(s, out, sizeof(out), NULL), 22);
	assert_memory_equal(out, "L'\xae \x82t\x82 \xaf \x85 No\x89l : 5 \xd5", 22);
}

/* No mapping: a visible '?', counted; never dropped, never a raw byte. */
static void test_unmapped_replaced_visibly(void **state)
{
	(void)state;
	uint8_t out[32];
	size_t bad = 0;
	assert_int_equal(enc("a→b😀cłd", out, sizeof(out), &bad), 7);
	assert_memory_equal(out, "a?b?c?d", 7);
	assert_int_equal(bad, 3);
	/* invalid UTF-8: one '?' per bad byte */
	assert_int_equal(enc("x\xff\xc3y", out, sizeof(out), &bad), 4);
	assert_memory_equal(out, "x??y", 4);
	assert_int_equal(bad, 2);
	/* control characters cannot become printer commands (ESC @, GS V: reset, cut) */
	assert_int_equal(enc("\x1b@\x1dV\x7f\xc2\x85z", out, sizeof(out), &bad), 7);
	assert_memory_equal(out, "?@?V??z", 7);
	assert_int_equal(bad, 4);
	/* invisible marks print nothing, CR is dropped, LF stays */
	assert_int_equal(enc("\ufeffa\u200bb\r\n", out, sizeof(out), &bad), 3);
	assert_memory_equal(out, "ab\n", 3);
	assert_int_equal(bad, 0);
	/* too small an output */
	assert_int_equal(enc("…", out, 2, &bad), -ENOSPC);
	assert_int_equal(enc("ab", out, 1, &bad), -ENOSPC);
}

static const uint8_t *bytes(escpos_t *d, size_t *len)
{
	const uint8_t *b = escpos_bytes(d, len);
	assert_non_null(b);
	return b;
}

static void test_commands(void **state)
{
	(void)state;
	escpos_t *d;
	size_t len;
	assert_int_equal(escpos_new(48, 0, &d), 0);
	assert_int_equal(escpos_init(d), 0);
	assert_int_equal(escpos_bold(d, true), 0);
	assert_int_equal(escpos_size(d, 2, 2), 0);
	assert_int_equal(escpos_align(d, ESCPOS_CENTER), 0);
	assert_int_equal(escpos_line(d, "Reçu"), 0);
	assert_int_equal(escpos_feed(d, 3), 0);
	assert_int_equal(escpos_cut(d), 0);
	static const uint8_t want[] = {0x1b, '@',  0x1b, 't', 19,   0x1b, 'E', 1,    0x1d,
	                               '!',  0x11, 0x1b, 'a', 1,    'R',  'e', 0x87, 'u',
	                               '\n', 0x1b, 'd',  3,   0x1d, 'V',  66,  0};
	const uint8_t *b = bytes(d, &len);
	assert_int_equal(len, sizeof(want));
	assert_memory_equal(b, want, sizeof(want));
	assert_int_equal(escpos_replaced(d), 0);
	/* a caller's mistake is the document's error too */
	assert_int_equal(escpos_size(d, 9, 1), -EINVAL);
	assert_int_equal(escpos_line(d, "x"), -EINVAL);
	assert_null(escpos_bytes(d, &len));
	assert_int_equal(len, 0);
	escpos_free(d);
	escpos_free(NULL);
}

/* Lines never pass the paper's width, never break at a no-break space, and shrink with
 * double width. */
static void test_wrapping(void **state)
{
	(void)state;
	escpos_t *d;
	size_t len;
	assert_int_equal(escpos_new(32, 0, &d), 0);
	/* 29 characters, then "b : c": the break must come before "b", not at the NBSP */
	escpos_line(d, "aaaaaaaaa aaaaaaaaa aaaaaaaaa b\u00a0: c");
	escpos_size(d, 2, 1);
	escpos_line(d, "un deux trois quatre cinq six");
	escpos_size(d, 1, 1);
	escpos_line(d, "0123456789012345678901234567890123456789"); /* longer than a line: cut */
	const uint8_t *b = bytes(d, &len);
	static const char want1[] = "aaaaaaaaa aaaaaaaaa aaaaaaaaa\nb\xff: c\n"
	                            "\x1d!\x10un deux trois\nquatre cinq six\n\x1d!\x00"
	                            "01234567890123456789012345678901\n23456789\n";
	assert_int_equal(len, sizeof(want1) - 1); /* GS ! 0 holds a NUL: no strlen here */
	assert_memory_equal(b, want1, len);
	escpos_free(d);

	/* "Label : " + value: the trailing space is kept, the value wraps as a word */
	assert_int_equal(escpos_new(24, 0, &d), 0);
	escpos_text(d, "Référence : ");
	escpos_line(d, "482 193 557 6");
	escpos_text(d, "Référence provisoire : ");
	escpos_line(d, "K12345");
	b = bytes(d, &len);
	/* the trailing space of a label stays at the end of its line: nothing seen on paper */
	const char *want = "R\x82"
	                   "f\x82rence : 482 193 557\n6\n"
	                   "R\x82"
	                   "f\x82rence provisoire : \nK12345\n";
	assert_int_equal(len, strlen(want));
	assert_memory_equal(b, want, len);
	escpos_free(d);
}

static void test_raster_bands(void **state)
{
	(void)state;
	escpos_t *d;
	size_t len;
	static uint8_t img[300 * 72];
	assert_int_equal(escpos_new(48, 0, &d), 0);
	img[0] = 0x80;
	assert_int_equal(escpos_raster(d, img, 72, 300), 0);
	const uint8_t *b = bytes(d, &len);
	assert_int_equal(len, 3 * 8 + sizeof(img));
	static const uint8_t h1[] = {0x1d, 'v', '0', 0, 72, 0, 128, 0};
	static const uint8_t h3[] = {0x1d, 'v', '0', 0, 72, 0, 44, 0};
	assert_memory_equal(b, h1, 8);
	assert_int_equal(b[8], 0x80);
	assert_memory_equal(b + 2 * (8 + 128 * 72), h3, 8);
	/* wider than the paper, empty, too tall */
	assert_int_equal(escpos_raster(d, img, 73, 1), -EINVAL);
	escpos_free(d);
	assert_int_equal(escpos_new(48, 0, &d), 0);
	assert_int_equal(escpos_raster(d, img, 72, 0), -EINVAL);
	escpos_free(d);
	assert_int_equal(escpos_new(48, 0, &d), 0);
	assert_int_equal(escpos_raster(d, img, 1, ESCPOS_RASTER_MAX_ROWS + 1), -EINVAL);
	escpos_free(d);
}

static void test_caps(void **state)
{
	(void)state;
	escpos_t *d;
	size_t len;
	static char big[ESCPOS_TEXT_MAX + 2];
	assert_int_equal(escpos_new(10, 0, &d), -EINVAL);
	assert_int_equal(escpos_new(ESCPOS_COLUMNS_MAX + 1, 0, &d), -EINVAL);
	assert_int_equal(escpos_new(48, ESCPOS_DOC_MAX + 1, &d), -EINVAL);

	/* past the document's cap: -E2BIG, sticky, nothing half-written handed out */
	assert_int_equal(escpos_new(48, 64, &d), 0);
	assert_int_equal(escpos_init(d), 0);
	assert_int_equal(escpos_line(d, "0123456789 0123456789 0123456789"), 0);
	assert_int_equal(escpos_line(d, "0123456789 0123456789 0123456789"), -E2BIG);
	assert_int_equal(escpos_bold(d, false), -E2BIG);
	assert_int_equal(escpos_error(d), -E2BIG);
	assert_null(escpos_bytes(d, &len));
	escpos_free(d);

	/* one text call over ESCPOS_TEXT_MAX */
	memset(big, 'x', sizeof(big) - 1);
	assert_int_equal(escpos_new(48, 0, &d), 0);
	assert_int_equal(escpos_text(d, big), -EMSGSIZE);
	escpos_free(d);
	big[ESCPOS_TEXT_MAX] = '\0';
	assert_int_equal(escpos_new(48, 0, &d), 0);
	assert_int_equal(escpos_text(d, big), 0);
	escpos_free(d);

	/* QR text: empty or over ESCPOS_QR_TEXT_MAX */
	assert_int_equal(escpos_new(48, 0, &d), 0);
	assert_int_equal(escpos_qr(d, "", 6), -EMSGSIZE);
	escpos_free(d);
	big[ESCPOS_QR_TEXT_MAX + 1] = '\0';
	assert_int_equal(escpos_new(48, 0, &d), 0);
	assert_int_equal(escpos_qr(d, big, 6), -EMSGSIZE);
	escpos_free(d);
	big[ESCPOS_QR_TEXT_MAX] = '\0';
	assert_int_equal(escpos_new(48, 0, &d), 0);
	assert_int_equal(escpos_qr(d, big, 6), 0); /* fits, with smaller modules */
	assert_non_null(escpos_bytes(d, &len));
	assert_true(len > 8 && len < ESCPOS_DOC_MAX);
	escpos_free(d);
	/* a QR code whose raster passes a small document's cap */
	assert_int_equal(escpos_new(48, 1024, &d), 0);
	assert_int_equal(escpos_qr(d, "4821935576", 6), -E2BIG);
	escpos_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_matches_iconv),
	    cmocka_unit_test(test_french),
	    cmocka_unit_test(test_unmapped_replaced_visibly),
	    cmocka_unit_test(test_commands),
	    cmocka_unit_test(test_wrapping),
	    cmocka_unit_test(test_raster_bands),
	    cmocka_unit_test(test_caps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
