/* voices/announce.c: what focus and new screens say, with the built-in strings, in both
 * languages (S2, S3, K3). Views are made by hand so the test does not depend on screens. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "voices/announce.h"

static i18n_t *strings;
static struct view v;
static struct utterance u;
static char said[4096];

static int group_setup(void **state)
{
	(void)state;
	return i18n_new_builtin(&strings);
}

static int group_teardown(void **state)
{
	(void)state;
	i18n_free(strings);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	memset(&v, 0, sizeof(v));
	v.focus = -1;
	utterance_clear(&u);
	return 0;
}

static struct view_node *add(enum view_role role, enum lang lang, const char *text)
{
	assert_true(v.count < VIEW_MAX_NODES);
	struct view_node *n = &v.nodes[v.count++];
	memset(n, 0, sizeof(*n));
	n->role = role;
	n->lang = lang;
	snprintf(n->text, sizeof(n->text), "%s", text);
	if (role == VIEW_ROLE_BUTTON || role == VIEW_ROLE_CHECKBOX || role == VIEW_ROLE_EDIT)
		n->action = 1;
	return n;
}

/* The utterance as one line: "fr: … | en: …". */
static const char *text_of(void)
{
	assert_true(utterance_to_text(&u, said, sizeof(said)) >= 0);
	return said;
}

static void home_fr(void)
{
	v.lang = LANG_FR;
	add(VIEW_ROLE_HEADING, LANG_FR, "Comment pouvons-nous vous aider\xe2\x80\xaf?");
	add(VIEW_ROLE_BUTTON, LANG_FR, "Vérifier une demande");
	add(VIEW_ROLE_BUTTON, LANG_FR, "Prendre un billet");
	add(VIEW_ROLE_BUTTON, LANG_EN, "English");
	add(VIEW_ROLE_BUTTON, LANG_FR, "Aide");
}

static void test_button_french(void **state)
{
	(void)state;
	home_fr();
	assert_int_equal(announce_node(&v, strings, 1, &u), 0);
	assert_string_equal(text_of(), "fr: Vérifier une demande, bouton, 2 sur 5");
	assert_false(u.personal);
}

static void test_button_english(void **state)
{
	(void)state;
	v.lang = LANG_EN;
	add(VIEW_ROLE_HEADING, LANG_EN, "How can we help you?");
	add(VIEW_ROLE_BUTTON, LANG_EN, "File a complaint");
	add(VIEW_ROLE_BUTTON, LANG_EN, "Check a request");
	add(VIEW_ROLE_BUTTON, LANG_EN, "Take a ticket");
	add(VIEW_ROLE_BUTTON, LANG_EN, "Help");
	assert_int_equal(announce_node(&v, strings, 2, &u), 0);
	assert_string_equal(text_of(), "en: Check a request, button, 3 of 5");
}

/* Before a language is chosen (view.bilingual), a node in both languages says each with
 * its own role and position words, each part in its own voice (issue 12). */
static void test_bilingual_view_says_each_language_whole(void **state)
{
	(void)state;
	v.lang = LANG_FR;
	v.bilingual = true;
	struct view_node *h = add(VIEW_ROLE_HEADING, LANG_FR, "Aide");
	snprintf(h->text2, sizeof(h->text2), "%s", "Help");
	struct view_node *b = add(VIEW_ROLE_BUTTON, LANG_FR, "Retour");
	snprintf(b->text2, sizeof(b->text2), "%s", "Back");
	add(VIEW_ROLE_BUTTON, LANG_EN, "English");
	assert_int_equal(announce_node(&v, strings, 1, &u), 0);
	assert_string_equal(text_of(), "fr: Retour, bouton, 2 sur 3 | en: Back, button, 2 of 3");
	utterance_clear(&u);
	assert_int_equal(announce_node(&v, strings, 2, &u), 0);
	assert_string_equal(text_of(), "en: English, button, 3 of 3");
	utterance_clear(&u);
	v.focus = 0;
	assert_int_equal(announce_screen(&v, strings, &u), 0);
	assert_string_equal(text_of(), "fr: Aide. 3 éléments. titre, 1 sur 3 | en: Help. 3 items. "
	                               "heading, 1 of 3");
}

static void test_label_in_its_own_language(void **state)
{
	(void)state;
	/* S3: "English" on a French screen is said by the English voice; the role and the
	 * position stay French. */
	home_fr();
	assert_int_equal(announce_node(&v, strings, 3, &u), 0);
	assert_int_equal(u.count, 2);
	assert_string_equal(text_of(), "en: English | fr: bouton, 4 sur 5");
}

static void test_second_label_in_the_other_voice(void **state)
{
	(void)state;
	v.lang = LANG_EN;
	add(VIEW_ROLE_HEADING, LANG_EN, "Hello");
	struct view_node *n = add(VIEW_ROLE_BUTTON, LANG_FR, "Aide");
	snprintf(n->text2, sizeof(n->text2), "Help");
	assert_int_equal(announce_node(&v, strings, 1, &u), 0);
	assert_string_equal(text_of(), "fr: Aide | en: Help, button, 2 of 2");
}

static void test_checkbox_states(void **state)
{
	(void)state;
	v.lang = LANG_EN;
	add(VIEW_ROLE_HEADING, LANG_EN, "Take a ticket");
	add(VIEW_ROLE_TEXT, LANG_EN, "Choose a service.");
	add(VIEW_ROLE_CHECKBOX, LANG_EN, "Priority service")->state = VIEW_STATE_UNCHECKED;
	add(VIEW_ROLE_BUTTON, LANG_EN, "Continue");
	assert_int_equal(announce_node(&v, strings, 2, &u), 0);
	assert_string_equal(text_of(), "en: Priority service, check box, not checked, 3 of 4");
	utterance_clear(&u);
	v.nodes[2].state = VIEW_STATE_CHECKED;
	announce_node(&v, strings, 2, &u);
	assert_string_equal(text_of(), "en: Priority service, check box, checked, 3 of 4");
	utterance_clear(&u);
	v.lang = LANG_FR;
	v.nodes[2].lang = LANG_FR;
	snprintf(v.nodes[2].text, sizeof(v.nodes[2].text), "Service prioritaire");
	v.nodes[2].state = VIEW_STATE_UNCHECKED;
	announce_node(&v, strings, 2, &u);
	/* The state agrees with « case » (feminine). */
	assert_string_equal(text_of(),
	                    "fr: Service prioritaire, case à cocher, non cochée, 3 sur 4");
	utterance_clear(&u);
	v.nodes[2].state = VIEW_STATE_CHECKED;
	announce_node(&v, strings, 2, &u);
	assert_string_equal(text_of(), "fr: Service prioritaire, case à cocher, cochée, 3 sur 4");
}

static void test_disabled(void **state)
{
	(void)state;
	v.lang = LANG_EN;
	add(VIEW_ROLE_BUTTON, LANG_EN, "Take a ticket")->state = VIEW_STATE_DISABLED;
	assert_int_equal(announce_node(&v, strings, 0, &u), 0);
	assert_string_equal(text_of(), "en: Take a ticket, button, unavailable, 1 of 1");
}

static void test_text_and_heading(void **state)
{
	(void)state;
	v.lang = LANG_EN;
	add(VIEW_ROLE_HEADING, LANG_EN, "How can we help you?");
	add(VIEW_ROLE_TEXT, LANG_EN, "Touch a button.");
	add(VIEW_ROLE_ALERT, LANG_EN, "Reference number: 10 digits needed, you entered 9");
	announce_node(&v, strings, 0, &u);
	assert_string_equal(text_of(), "en: How can we help you? heading, 1 of 3");
	utterance_clear(&u);
	/* Static text says no role word. */
	announce_node(&v, strings, 1, &u);
	assert_string_equal(text_of(), "en: Touch a button. 2 of 3");
	utterance_clear(&u);
	announce_node(&v, strings, 2, &u);
	assert_string_equal(text_of(),
	                    "en: Reference number: 10 digits needed, you entered 9, alert, 3 of 3");
}

static void test_edit_digits(void **state)
{
	(void)state;
	v.lang = LANG_EN;
	add(VIEW_ROLE_HEADING, LANG_EN, "Check a request");
	struct view_node *n = add(VIEW_ROLE_EDIT, LANG_EN, "Reference number");
	n->value_kind = VIEW_VALUE_DIGITS;
	snprintf(n->value, sizeof(n->value), "1234");
	assert_int_equal(announce_node(&v, strings, 1, &u), 0);
	assert_string_equal(text_of(),
	                    "en: Reference number, edit field, 4 digits: 1 2 3 4, 2 of 2");

	utterance_clear(&u);
	snprintf(n->value, sizeof(n->value), "7");
	announce_node(&v, strings, 1, &u);
	assert_string_equal(text_of(), "en: Reference number, edit field, 1 digit: 7, 2 of 2");

	utterance_clear(&u);
	n->value[0] = '\0';
	announce_node(&v, strings, 1, &u);
	assert_string_equal(text_of(), "en: Reference number, edit field, empty, 2 of 2");
}

static void test_edit_french(void **state)
{
	(void)state;
	v.lang = LANG_FR;
	add(VIEW_ROLE_HEADING, LANG_FR, "Vérifier une demande");
	struct view_node *n = add(VIEW_ROLE_EDIT, LANG_FR, "Numéro de référence");
	n->value_kind = VIEW_VALUE_REFERENCE;
	snprintf(n->value, sizeof(n->value), "4821935576");
	assert_int_equal(announce_node(&v, strings, 1, &u), 0);
	assert_string_equal(text_of(),
	                    "fr: Numéro de référence, champ de saisie, 10 chiffres\u00a0: "
	                    "4 8 2, 1 9 3, 5 5 7, 6, 2 sur 2");
	utterance_clear(&u);
	n->value[0] = '\0';
	announce_node(&v, strings, 1, &u);
	assert_string_equal(text_of(), "fr: Numéro de référence, champ de saisie, vide, 2 sur 2");
	utterance_clear(&u);
	n->value_kind = VIEW_VALUE_PLAIN;
	snprintf(n->value, sizeof(n->value), "Léa");
	announce_node(&v, strings, 1, &u);
	assert_string_equal(
	    text_of(),
	    "fr: Numéro de référence, champ de saisie, 3 caractères\u00a0: Léa, 2 sur 2");
	utterance_clear(&u);
	snprintf(n->value, sizeof(n->value), "L");
	announce_node(&v, strings, 1, &u);
	assert_string_equal(
	    text_of(), "fr: Numéro de référence, champ de saisie, 1 caractère\u00a0: L, 2 sur 2");
}

static void test_personal_and_values(void **state)
{
	(void)state;
	v.lang = LANG_EN;
	add(VIEW_ROLE_HEADING, LANG_EN, "Review");
	struct view_node *n = add(VIEW_ROLE_EDIT, LANG_EN, "Phone");
	n->value_kind = VIEW_VALUE_PHONE;
	n->personal = true;
	snprintf(n->value, sizeof(n->value), "4165550123");
	struct view_node *t = add(VIEW_ROLE_TEXT, LANG_EN, "Your ticket");
	t->value_kind = VIEW_VALUE_TICKET;
	snprintf(t->value, sizeof(t->value), "A042");

	announce_node(&v, strings, 2, &u);
	assert_string_equal(text_of(), "en: Your ticket, A, 0 4 2, 3 of 3");
	assert_false(u.personal);
	utterance_clear(&u);
	announce_node(&v, strings, 1, &u);
	assert_string_equal(text_of(),
	                    "en: Phone, edit field, 10 digits: 4 1 6, 5 5 5, 0 1 2 3, 2 of 3");
	assert_true(u.personal);
}

static void test_screen(void **state)
{
	(void)state;
	home_fr();
	v.focus = 1;
	assert_int_equal(announce_screen(&v, strings, &u), 0);
	assert_string_equal(text_of(), "fr: Comment pouvons-nous vous aider\xe2\x80\xaf? "
	                               "5 éléments. Vérifier une demande, bouton, 2 sur 5");

	/* Focus on the title: the title is not said twice. */
	utterance_clear(&u);
	v.focus = 0;
	announce_screen(&v, strings, &u);
	assert_string_equal(text_of(), "fr: Comment pouvons-nous vous aider\xe2\x80\xaf? "
	                               "5 éléments. titre, 1 sur 5");
}

static void test_screen_english_one_item(void **state)
{
	(void)state;
	v.lang = LANG_EN;
	add(VIEW_ROLE_BUTTON, LANG_EN, "Finish");
	v.focus = 0;
	assert_int_equal(announce_screen(&v, strings, &u), 0);
	assert_string_equal(text_of(), "en: 1 item. Finish, button, 1 of 1");

	utterance_clear(&u);
	memset(&v, 0, sizeof(v));
	v.lang = LANG_EN;
	v.focus = -1;
	add(VIEW_ROLE_HEADING, LANG_FR, "Bonjour");
	add(VIEW_ROLE_TEXT, LANG_EN, "Welcome");
	announce_screen(&v, strings, &u);
	assert_string_equal(text_of(), "fr: Bonjour. | en: 2 items.");
}

static void test_message_value_char(void **state)
{
	(void)state;
	assert_int_equal(announce_message(strings, LANG_EN, "volume.louder", &u), 0);
	assert_int_equal(announce_message(strings, LANG_FR, "volume.louder", &u), 0);
	assert_int_equal(announce_value(LANG_FR, VIEW_VALUE_TICKET, "B007", &u), 0);
	assert_int_equal(announce_char(LANG_FR, "é", &u), 0);
	assert_int_equal(announce_char(LANG_EN, "@", &u), 0);
	assert_string_equal(text_of(), "en: Louder | fr: Plus fort, B, 0 0 7, é, e accent aigu "
	                               "| en: at");
}

static void test_errors(void **state)
{
	(void)state;
	home_fr();
	assert_int_equal(announce_node(&v, strings, 5, &u), -EINVAL);
	assert_int_equal(announce_node(&v, strings, -1, &u), -EINVAL);
	assert_int_equal(announce_node(NULL, strings, 0, &u), -EINVAL);
	assert_int_equal(announce_node(&v, strings, 0, NULL), -EINVAL);
	assert_int_equal(announce_char(LANG_FR, "", &u), -EINVAL);
	assert_int_equal(u.count, 0);
	/* A full utterance says what fits and tells. */
	for (int i = 0; i < UTTERANCE_MAX_SEGMENTS; i++)
		utterance_add(&u, i % 2 ? LANG_EN : LANG_FR, "x");
	assert_int_equal(announce_node(&v, strings, 3, &u), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_button_french, setup),
	    cmocka_unit_test_setup(test_button_english, setup),
	    cmocka_unit_test_setup(test_label_in_its_own_language, setup),
	    cmocka_unit_test_setup(test_bilingual_view_says_each_language_whole, setup),
	    cmocka_unit_test_setup(test_second_label_in_the_other_voice, setup),
	    cmocka_unit_test_setup(test_checkbox_states, setup),
	    cmocka_unit_test_setup(test_disabled, setup),
	    cmocka_unit_test_setup(test_text_and_heading, setup),
	    cmocka_unit_test_setup(test_edit_digits, setup),
	    cmocka_unit_test_setup(test_edit_french, setup),
	    cmocka_unit_test_setup(test_personal_and_values, setup),
	    cmocka_unit_test_setup(test_screen, setup),
	    cmocka_unit_test_setup(test_screen_english_one_item, setup),
	    cmocka_unit_test_setup(test_message_value_char, setup),
	    cmocka_unit_test_setup(test_errors, setup),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
