/* Every string exists in both languages with the same placeholders, and French
 * typography is right: no plain space before « : ; ? ! », guillemets with no-break spaces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "firmware/core/i18n.h"

static i18n_t *t;

static int setup(void **state)
{
	(void)state;
	return i18n_new_builtin(&t) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	i18n_free(t);
	return 0;
}

/* The "{name}" placeholders of s, in order of appearance (at most 8). The two languages
 * may order them differently, so callers compare the sets. */
static void placeholders(const char *s, char out[][32], int *n)
{
	*n = 0;
	for (const char *p = strchr(s, '{'); p && *n < 8; p = strchr(p + 1, '{')) {
		const char *q = strchr(p, '}');
		if (!q || q - p >= 32)
			break;
		memcpy(out[*n], p, (size_t)(q - p + 1));
		out[(*n)++][q - p + 1] = '\0';
	}
}

static void test_same_keys_both_ways(void **state)
{
	(void)state;
	assert_true(i18n_count(t, LANG_FR) > 50);
	assert_int_equal(i18n_count(t, LANG_FR), i18n_count(t, LANG_EN));
	for (int l = 0; l < LANG_COUNT; l++) {
		for (size_t i = 0; i < i18n_count(t, (enum lang)l); i++) {
			const char *key = i18n_key_at(t, (enum lang)l, i);
			if (!i18n_has(t, lang_other((enum lang)l), key))
				fail_msg("key \"%s\" is missing in %s", key,
				         lang_code(lang_other((enum lang)l)));
		}
	}
}

static void test_same_placeholders(void **state)
{
	(void)state;
	for (size_t i = 0; i < i18n_count(t, LANG_FR); i++) {
		const char *key = i18n_key_at(t, LANG_FR, i);
		char a[8][32], b[8][32];
		int na, nb;
		placeholders(i18n_get(t, LANG_FR, key), a, &na);
		placeholders(i18n_get(t, LANG_EN, key), b, &nb);
		if (na != nb)
			fail_msg("\"%s\": %d placeholders in French, %d in English", key, na, nb);
		for (int x = 0; x < na; x++) {
			bool found = false;
			for (int y = 0; y < nb; y++)
				found |= strcmp(a[x], b[y]) == 0;
			if (!found)
				fail_msg("\"%s\": %s only in French", key, a[x]);
		}
	}
}

static void test_french_typography(void **state)
{
	(void)state;
	for (size_t i = 0; i < i18n_count(t, LANG_FR); i++) {
		const char *key = i18n_key_at(t, LANG_FR, i);
		const char *s = i18n_get(t, LANG_FR, key);
		for (const char *p = s; *p; p++) {
			/* » is two bytes; its first (0xC2) also starts « and U+00A0. */
			if (p[0] == ' ' && p[1] &&
			    (strchr(":;?!", p[1]) || strncmp(p + 1, "»", strlen("»")) == 0))
				fail_msg("\"%s\": plain space before '%c' (use U+00A0 or U+202F)",
				         key, p[1]);
			if (p != s && strchr(";?!", *p) && p[-1] != '\xaf' && p[-1] != ' ')
				fail_msg("\"%s\": '%c' without a narrow no-break space before it",
				         key, *p);
			if (p != s && *p == ':' && p[-1] != '\xa0')
				fail_msg("\"%s\": ':' without a no-break space before it", key);
			if (*p == '"')
				fail_msg("\"%s\": straight quotes; French uses « guillemets »",
				         key);
		}
	}
}

static void test_format_and_missing_key(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(
	    i18n_format(t, LANG_FR, "position", out, sizeof(out), "n", "2", "total", "5", I18N_END),
	    (int)strlen("2 sur 5"));
	assert_string_equal(out, "2 sur 5");
	i18n_format(t, LANG_EN, "position", out, sizeof(out), "n", "2", "total", "5", I18N_END);
	assert_string_equal(out, "2 of 5");
	/* too small: truncated, terminated, and said so */
	assert_int_equal(
	    i18n_format(t, LANG_EN, "position", out, 4, "n", "2", "total", "5", I18N_END), -ENOSPC);
	assert_int_equal(strlen(out), 3);
	assert_string_equal(i18n_get(t, LANG_EN, "no.such.key"), "no.such.key");
	assert_false(i18n_has(t, LANG_EN, "no.such.key"));
}

static void test_malformed_po_is_an_error(void **state)
{
	(void)state;
	i18n_t *bad = NULL;
	int line = 0;
	const char ok[] = "msgid \"a\"\nmsgstr \"b\"\n";
	const char broken[] = "msgid \"a\"\nmsgstr \"b\n";
	const char orphan[] = "msgstr \"b\"\n";
	assert_int_equal(i18n_new_from_po(broken, strlen(broken), ok, strlen(ok), &bad, &line),
	                 -EINVAL);
	assert_int_equal(line, 2);
	assert_null(bad);
	assert_int_equal(i18n_new_from_po(ok, strlen(ok), orphan, strlen(orphan), &bad, &line),
	                 -EINVAL);
	assert_int_equal(i18n_new_from_po(ok, strlen(ok), ok, strlen(ok), &bad, &line), 0);
	assert_string_equal(i18n_get(bad, LANG_EN, "a"), "b");
	i18n_free(bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_keys_both_ways),
	    cmocka_unit_test(test_same_placeholders),
	    cmocka_unit_test(test_french_typography),
	    cmocka_unit_test(test_format_and_missing_key),
	    cmocka_unit_test(test_malformed_po_is_an_error),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
