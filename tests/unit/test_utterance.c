/* voices/utterance.c: segments joined by language, bounded, printed for logs. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "voices/utterance.h"

static struct utterance u;

static int setup(void **state)
{
	(void)state;
	memset(&u, 0x5A, sizeof(u)); /* garbage: utterance_clear must be enough */
	utterance_clear(&u);
	return 0;
}

static void test_same_language_joins(void **state)
{
	(void)state;
	assert_int_equal(utterance_add(&u, LANG_EN, "Check a request"), 0);
	assert_int_equal(utterance_add(&u, LANG_EN, "button"), 0);
	assert_int_equal(utterance_add(&u, LANG_EN, "2 of 5"), 0);
	assert_int_equal(u.count, 1);
	assert_int_equal(u.seg[0].lang, LANG_EN);
	assert_string_equal(u.seg[0].text, "Check a request, button, 2 of 5");
	assert_false(u.personal);
}

static void test_punctuation_joins_with_a_space(void **state)
{
	(void)state;
	utterance_add(&u, LANG_FR, "Aide.");
	utterance_add(&u, LANG_FR, "Bravo. "); /* strings may end in a space */
	utterance_add(&u, LANG_FR, "Appuyez sur Entrée.");
	utterance_add(&u, LANG_FR, "Vraiment\xe2\x80\xaf?");
	utterance_add(&u, LANG_FR, "oui");
	assert_int_equal(u.count, 1);
	assert_string_equal(u.seg[0].text,
	                    "Aide. Bravo. Appuyez sur Entrée. Vraiment\xe2\x80\xaf? oui");
}

static void test_language_change_starts_a_segment(void **state)
{
	(void)state;
	utterance_add(&u, LANG_FR, "Français");
	utterance_add(&u, LANG_EN, "button");
	utterance_add(&u, LANG_EN, "5 of 5");
	utterance_add(&u, LANG_FR, "Aide");
	assert_int_equal(u.count, 3);
	assert_int_equal(u.seg[0].lang, LANG_FR);
	assert_string_equal(u.seg[0].text, "Français");
	assert_int_equal(u.seg[1].lang, LANG_EN);
	assert_string_equal(u.seg[1].text, "button, 5 of 5");
	assert_int_equal(u.seg[2].lang, LANG_FR);
	assert_string_equal(u.seg[2].text, "Aide");
}

static void test_empty_text_is_ignored(void **state)
{
	(void)state;
	assert_int_equal(utterance_add(&u, LANG_FR, ""), 0);
	assert_int_equal(utterance_add(&u, LANG_FR, "   "), 0);
	assert_int_equal(u.count, 0);
	utterance_add(&u, LANG_FR, "a");
	assert_int_equal(utterance_add(&u, LANG_EN, ""), 0);
	utterance_add(&u, LANG_FR, "b");
	assert_int_equal(u.count, 1);
	assert_string_equal(u.seg[0].text, "a, b");
	assert_int_equal(utterance_add(NULL, LANG_FR, "x"), -EINVAL);
	assert_int_equal(utterance_add(&u, LANG_FR, NULL), -EINVAL);
}

static void test_too_many_segments(void **state)
{
	(void)state;
	for (int i = 0; i < UTTERANCE_MAX_SEGMENTS; i++)
		assert_int_equal(utterance_add(&u, i % 2 ? LANG_EN : LANG_FR, "x"), 0);
	assert_int_equal(utterance_add(&u, UTTERANCE_MAX_SEGMENTS % 2 ? LANG_EN : LANG_FR, "y"),
	                 -ENOSPC);
	assert_int_equal(u.count, UTTERANCE_MAX_SEGMENTS);
	/* The last segment's language still joins. */
	enum lang last = (UTTERANCE_MAX_SEGMENTS - 1) % 2 ? LANG_EN : LANG_FR;
	assert_int_equal(utterance_add(&u, last, "z"), 0);
	assert_string_equal(u.seg[UTTERANCE_MAX_SEGMENTS - 1].text, "x, z");
}

static void test_long_text_goes_on_in_more_segments(void **state)
{
	(void)state;
	static char big[UTTERANCE_SEGMENT_MAX * 2];
	/* "é" is two bytes: an odd room would cut one in half. */
	size_t n = 0;
	big[n++] = 'a';
	while (n + 2 < sizeof(big) - 1) {
		big[n++] = '\xc3';
		big[n++] = '\xa9';
	}
	big[n] = '\0';
	assert_int_equal(utterance_add(&u, LANG_FR, big), 0);
	assert_int_equal(u.count, 2);
	assert_int_equal(u.seg[1].lang, LANG_FR);
	size_t len = strlen(u.seg[0].text);
	assert_true(len < UTTERANCE_SEGMENT_MAX && len >= UTTERANCE_SEGMENT_MAX - 3);
	assert_int_not_equal((unsigned char)u.seg[0].text[len - 1], 0xC3);
	assert_int_equal(len + strlen(u.seg[1].text), strlen(big));
	/* Between words where it can: a 4 000-character description splits at a space. */
	utterance_clear(&u);
	static char words[16001];
	for (n = 0; n + 5 < sizeof(words); n += 5)
		memcpy(words + n, "mot, ", 5);
	words[n] = '\0';
	assert_int_equal(utterance_add(&u, LANG_FR, words), 0);
	for (int i = 0; i + 1 < u.count; i++)
		assert_int_equal(u.seg[i].text[strlen(u.seg[i].text) - 1], ',');
	/* More than every segment holds: an error, never a crash. */
	static char huge[UTTERANCE_SEGMENT_MAX * (UTTERANCE_MAX_SEGMENTS + 1)];
	memset(huge, 'x', sizeof(huge) - 1);
	utterance_clear(&u);
	assert_int_equal(utterance_add(&u, LANG_FR, huge), -ENOSPC);
	assert_int_equal(u.count, UTTERANCE_MAX_SEGMENTS);
}

static void test_end_sentence(void **state)
{
	(void)state;
	assert_int_equal(utterance_end_sentence(&u), 0); /* empty: nothing */
	utterance_add(&u, LANG_EN, "Home");
	utterance_end_sentence(&u);
	utterance_add(&u, LANG_EN, "3 items");
	utterance_end_sentence(&u);
	utterance_end_sentence(&u); /* never doubled */
	utterance_add(&u, LANG_EN, "Help");
	assert_string_equal(u.seg[0].text, "Home. 3 items. Help");
	utterance_clear(&u);
	utterance_add(&u, LANG_EN, "How can we help you?");
	utterance_end_sentence(&u);
	assert_string_equal(u.seg[0].text, "How can we help you?");
}

static void test_to_text(void **state)
{
	(void)state;
	char out[128];
	assert_int_equal(utterance_to_text(&u, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	utterance_add(&u, LANG_FR, "texte");
	utterance_add(&u, LANG_EN, "text");
	int n = utterance_to_text(&u, out, sizeof(out));
	assert_string_equal(out, "fr: texte | en: text");
	assert_int_equal(n, (int)strlen(out));
	char small[10];
	assert_int_equal(utterance_to_text(&u, small, sizeof(small)), -ENOSPC);
	assert_string_equal(small, "fr: texte");
	assert_int_equal(utterance_to_text(&u, NULL, 4), -EINVAL);
}

static void test_clear(void **state)
{
	(void)state;
	utterance_add(&u, LANG_FR, "x");
	u.personal = true;
	utterance_clear(&u);
	assert_int_equal(u.count, 0);
	assert_false(u.personal);
	utterance_clear(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_same_language_joins, setup),
	    cmocka_unit_test_setup(test_punctuation_joins_with_a_space, setup),
	    cmocka_unit_test_setup(test_language_change_starts_a_segment, setup),
	    cmocka_unit_test_setup(test_empty_text_is_ignored, setup),
	    cmocka_unit_test_setup(test_too_many_segments, setup),
	    cmocka_unit_test_setup(test_long_text_goes_on_in_more_segments, setup),
	    cmocka_unit_test_setup(test_end_sentence, setup),
	    cmocka_unit_test_setup(test_to_text, setup),
	    cmocka_unit_test_setup(test_clear, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
