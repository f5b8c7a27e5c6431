/* voices/normalize*.c and voices/lexicon.c: values, characters, dates and times as they
 * are read aloud in French and English (S4, K6). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "firmware/core/utf8.h"
#include "voices/lexicon.h"
#include "voices/normalize.h"

static char out[512];

#define EXPECT(call, want)                                                                         \
	do {                                                                                       \
		int n_ = (call);                                                                   \
		assert_string_equal(out, want);                                                    \
		assert_int_equal(n_, (int)strlen(want));                                           \
	} while (0)

static void test_digits(void **state)
{
	(void)state;
	EXPECT(normalize_digits(LANG_FR, "1234", out, sizeof(out)), "1 2 3 4");
	EXPECT(normalize_digits(LANG_EN, "0 7", out, sizeof(out)), "0 7");
	EXPECT(normalize_digits(LANG_FR, "12-3", out, sizeof(out)), "1 2 tiret 3");
	EXPECT(normalize_digits(LANG_EN, "", out, sizeof(out)), "");
}

static void test_reference(void **state)
{
	(void)state;
	/* Our references: 9 digits and a check digit, printed "482 193 557 6". */
	EXPECT(normalize_reference(LANG_FR, "4821935576", out, sizeof(out)),
	       "4 8 2, 1 9 3, 5 5 7, 6");
	EXPECT(normalize_reference(LANG_EN, "482 193 557 6", out, sizeof(out)),
	       "4 8 2, 1 9 3, 5 5 7, 6");
	EXPECT(normalize_reference(LANG_EN, "123", out, sizeof(out)), "1 2 3");
	/* Provisional and other servers' ids: letter and digit runs are groups. */
	EXPECT(normalize_reference(LANG_FR, "K12-0034", out, sizeof(out)), "K, 1 2, 0 0 3 4");
	EXPECT(normalize_reference(LANG_EN, "SR-2026-00123", out, sizeof(out)),
	       "S, R, 2 0 2 6, 0 0 1, 2 3");
	EXPECT(normalize_value(LANG_EN, VIEW_VALUE_REFERENCE, "4821935576", out, sizeof(out)),
	       "4 8 2, 1 9 3, 5 5 7, 6");
}

static void test_ticket(void **state)
{
	(void)state;
	EXPECT(normalize_ticket(LANG_FR, "A042", out, sizeof(out)), "A, 0 4 2");
	EXPECT(normalize_ticket(LANG_EN, "A042", out, sizeof(out)), "A, 0 4 2");
	EXPECT(normalize_ticket(LANG_EN, "PB-7", out, sizeof(out)), "P, B, 7");
	EXPECT(normalize_value(LANG_FR, VIEW_VALUE_TICKET, "C100", out, sizeof(out)), "C, 1 0 0");
}

static void test_phone(void **state)
{
	(void)state;
	EXPECT(normalize_phone(LANG_FR, "416-555-0123", out, sizeof(out)), "4 1 6, 5 5 5, 0 1 2 3");
	EXPECT(normalize_phone(LANG_EN, "(416) 555 0123", out, sizeof(out)),
	       "4 1 6, 5 5 5, 0 1 2 3");
	EXPECT(normalize_phone(LANG_EN, "1-800-555-0199", out, sizeof(out)),
	       "1, 8 0 0, 5 5 5, 0 1 9 9");
	EXPECT(normalize_phone(LANG_EN, "555-0199", out, sizeof(out)), "5 5 5, 0 1 9 9");
	EXPECT(normalize_phone(LANG_FR, "416 555 0123 poste 12", out, sizeof(out)),
	       "4 1 6, 5 5 5, 0 1 2 3, poste 1 2");
	EXPECT(normalize_phone(LANG_EN, "416-555-0123 x12", out, sizeof(out)),
	       "4 1 6, 5 5 5, 0 1 2 3, extension 1 2");
	EXPECT(normalize_value(LANG_EN, VIEW_VALUE_PHONE, "6135550100", out, sizeof(out)),
	       "6 1 3, 5 5 5, 0 1 0 0");
}

static void test_email(void **state)
{
	(void)state;
	EXPECT(normalize_email(LANG_FR, "jo.b-c_d@x1.ca", out, sizeof(out)),
	       "j, o, point, b, tiret, c, trait de soulignement, d, arobase, x, 1, point, c, a");
	EXPECT(normalize_email(LANG_EN, "Jo.B-c_d@x1.ca", out, sizeof(out)),
	       "j, o, dot, b, dash, c, underscore, d, at, x, 1, dot, c, a");
	EXPECT(normalize_email(LANG_FR, "léa@x.ca", out, sizeof(out)),
	       "l, e accent aigu, a, arobase, x, point, c, a");
	EXPECT(normalize_value(LANG_EN, VIEW_VALUE_EMAIL, "a@b.c", out, sizeof(out)),
	       "a, at, b, dot, c");
}

static void test_plain_value_is_copied(void **state)
{
	(void)state;
	EXPECT(normalize_value(LANG_FR, VIEW_VALUE_PLAIN, "Jean Dupont", out, sizeof(out)),
	       "Jean Dupont");
	EXPECT(normalize_value(LANG_EN, VIEW_VALUE_DIGITS, "42", out, sizeof(out)), "4 2");
}

static void test_char_echo_french(void **state)
{
	(void)state;
	EXPECT(normalize_char(LANG_FR, "é", out, sizeof(out)), "é, e accent aigu");
	EXPECT(normalize_char(LANG_FR, "è", out, sizeof(out)), "è, e accent grave");
	EXPECT(normalize_char(LANG_FR, "ê", out, sizeof(out)), "ê, e accent circonflexe");
	EXPECT(normalize_char(LANG_FR, "ë", out, sizeof(out)), "ë, e tréma");
	EXPECT(normalize_char(LANG_FR, "à", out, sizeof(out)), "à, a accent grave");
	EXPECT(normalize_char(LANG_FR, "â", out, sizeof(out)), "â, a accent circonflexe");
	EXPECT(normalize_char(LANG_FR, "ç", out, sizeof(out)), "ç, c cédille");
	EXPECT(normalize_char(LANG_FR, "î", out, sizeof(out)), "î, i accent circonflexe");
	EXPECT(normalize_char(LANG_FR, "ï", out, sizeof(out)), "ï, i tréma");
	EXPECT(normalize_char(LANG_FR, "ô", out, sizeof(out)), "ô, o accent circonflexe");
	EXPECT(normalize_char(LANG_FR, "û", out, sizeof(out)), "û, u accent circonflexe");
	EXPECT(normalize_char(LANG_FR, "ù", out, sizeof(out)), "ù, u accent grave");
	EXPECT(normalize_char(LANG_FR, "ü", out, sizeof(out)), "ü, u tréma");
	EXPECT(normalize_char(LANG_FR, "É", out, sizeof(out)), "É, e accent aigu majuscule");
	EXPECT(normalize_char(LANG_FR, "A", out, sizeof(out)), "A majuscule");
	EXPECT(normalize_char(LANG_FR, "a", out, sizeof(out)), "a");
	EXPECT(normalize_char(LANG_FR, "7", out, sizeof(out)), "7");
	EXPECT(normalize_char(LANG_FR, " ", out, sizeof(out)), "espace");
	EXPECT(normalize_char(LANG_FR, "@", out, sizeof(out)), "arobase");
	EXPECT(normalize_char(LANG_FR, ".", out, sizeof(out)), "point");
	EXPECT(normalize_char(LANG_FR, "-", out, sizeof(out)), "tiret");
	EXPECT(normalize_char(LANG_FR, "_", out, sizeof(out)), "trait de soulignement");
	/* Only the first character counts. */
	EXPECT(normalize_char(LANG_FR, "éa", out, sizeof(out)), "é, e accent aigu");
}

static void test_char_echo_english(void **state)
{
	(void)state;
	EXPECT(normalize_char(LANG_EN, "é", out, sizeof(out)), "é, e acute");
	EXPECT(normalize_char(LANG_EN, "è", out, sizeof(out)), "è, e grave");
	EXPECT(normalize_char(LANG_EN, "ê", out, sizeof(out)), "ê, e circumflex");
	EXPECT(normalize_char(LANG_EN, "ë", out, sizeof(out)), "ë, e diaeresis");
	EXPECT(normalize_char(LANG_EN, "ç", out, sizeof(out)), "ç, c cedilla");
	EXPECT(normalize_char(LANG_EN, "ü", out, sizeof(out)), "ü, u diaeresis");
	EXPECT(normalize_char(LANG_EN, "Ç", out, sizeof(out)), "Ç, capital c cedilla");
	EXPECT(normalize_char(LANG_EN, "A", out, sizeof(out)), "capital A");
	EXPECT(normalize_char(LANG_EN, "z", out, sizeof(out)), "z");
	EXPECT(normalize_char(LANG_EN, "0", out, sizeof(out)), "0");
	EXPECT(normalize_char(LANG_EN, " ", out, sizeof(out)), "space");
	EXPECT(normalize_char(LANG_EN, "@", out, sizeof(out)), "at");
	EXPECT(normalize_char(LANG_EN, ".", out, sizeof(out)), "dot");
	EXPECT(normalize_char(LANG_EN, "-", out, sizeof(out)), "dash");
	EXPECT(normalize_char(LANG_EN, "_", out, sizeof(out)), "underscore");
}

static void test_char_errors(void **state)
{
	(void)state;
	assert_int_equal(normalize_char(LANG_FR, "", out, sizeof(out)), -EINVAL);
	assert_int_equal(normalize_char(LANG_FR, "\xc3", out, sizeof(out)), -EINVAL);
	assert_int_equal(normalize_char(LANG_FR, "\xff", out, sizeof(out)), -EINVAL);
	assert_int_equal(normalize_char(LANG_FR, NULL, out, sizeof(out)), -EINVAL);
	assert_int_equal(normalize_char(LANG_FR, "a", NULL, 10), -EINVAL);
}

static void test_every_k6_letter_is_named(void **state)
{
	(void)state;
	static const char *const k6[] = {"é", "è", "ê", "ë", "à", "â", "ç",
	                                 "î", "ï", "ô", "û", "ù", "ü"};
	for (size_t i = 0; i < sizeof(k6) / sizeof(k6[0]); i++) {
		uint32_t cp;
		assert_int_equal(utf8_decode(k6[i], strlen(k6[i]), &cp), 2);
		const struct lexicon_letter *l = lexicon_letter_find(cp);
		assert_non_null(l);
		assert_int_equal(l->lower, cp);
		for (int lang = 0; lang < LANG_COUNT; lang++) {
			assert_true(normalize_char((enum lang)lang, k6[i], out, sizeof(out)) > 0);
			/* "é, <name>": the name follows the character. */
			assert_non_null(strstr(out, l->name[lang]));
			assert_int_equal(strncmp(out, k6[i], strlen(k6[i])), 0);
		}
	}
	assert_null(lexicon_letter_find('e'));
	assert_non_null(lexicon_letter_at(0));
	assert_null(lexicon_letter_at(13));
}

static void test_dates(void **state)
{
	(void)state;
	EXPECT(normalize_date(LANG_FR, 2026, 11, 22, false, out, sizeof(out)), "22 novembre 2026");
	EXPECT(normalize_date(LANG_EN, 2026, 11, 22, false, out, sizeof(out)), "November 22, 2026");
	EXPECT(normalize_date(LANG_FR, 2026, 11, 1, false, out, sizeof(out)), "1er novembre 2026");
	EXPECT(normalize_date(LANG_EN, 2026, 11, 1, false, out, sizeof(out)), "November 1, 2026");
	EXPECT(normalize_date(LANG_FR, 2026, 11, 23, true, out, sizeof(out)),
	       "lundi 23 novembre 2026");
	EXPECT(normalize_date(LANG_EN, 2026, 11, 23, true, out, sizeof(out)),
	       "Monday, November 23, 2026");
	EXPECT(normalize_date(LANG_FR, 2024, 2, 29, true, out, sizeof(out)),
	       "jeudi 29 février 2024");
	EXPECT(normalize_date(LANG_FR, 2026, 8, 15, false, out, sizeof(out)), "15 août 2026");
	assert_int_equal(normalize_date(LANG_FR, 2026, 2, 29, false, out, sizeof(out)), -EINVAL);
	assert_int_equal(normalize_date(LANG_EN, 2026, 13, 1, false, out, sizeof(out)), -EINVAL);
	assert_int_equal(normalize_date(LANG_EN, 2026, 4, 31, false, out, sizeof(out)), -EINVAL);
	assert_int_equal(normalize_weekday(2026, 11, 22), 0); /* a Sunday */
	assert_int_equal(normalize_weekday(2000, 1, 1), 6);   /* a Saturday */
	assert_int_equal(normalize_weekday(1900, 2, 29), -EINVAL);
}

static void test_times(void **state)
{
	(void)state;
	EXPECT(normalize_time(LANG_FR, 14, 30, out, sizeof(out)), "14 h 30");
	EXPECT(normalize_time(LANG_FR, 9, 5, out, sizeof(out)), "9 h 05");
	EXPECT(normalize_time(LANG_FR, 17, 0, out, sizeof(out)), "17 h");
	EXPECT(normalize_time(LANG_EN, 14, 30, out, sizeof(out)), "2:30 PM");
	EXPECT(normalize_time(LANG_EN, 9, 5, out, sizeof(out)), "9:05 AM");
	EXPECT(normalize_time(LANG_EN, 0, 15, out, sizeof(out)), "12:15 AM");
	EXPECT(normalize_time(LANG_EN, 12, 0, out, sizeof(out)), "12:00 PM");
	assert_int_equal(normalize_time(LANG_EN, 24, 0, out, sizeof(out)), -EINVAL);
	assert_int_equal(normalize_time(LANG_FR, 8, 60, out, sizeof(out)), -EINVAL);
	EXPECT(normalize_datetime(LANG_FR, 2026, 11, 22, 14, 30, out, sizeof(out)),
	       "22 novembre 2026, 14 h 30");
	EXPECT(normalize_datetime(LANG_EN, 2026, 11, 22, 14, 30, out, sizeof(out)),
	       "November 22, 2026, 2:30 PM");
}

static void test_spoken_forms(void **state)
{
	(void)state;
	EXPECT(normalize_spoken(LANG_FR, "22 novembre 2026, 14 h 30", out, sizeof(out)),
	       "22 novembre 2026, 14 heures 30");
	EXPECT(normalize_spoken(LANG_FR, "Ouvert de 8 h 30 à 17 h.", out, sizeof(out)),
	       "Ouvert de 8 heures 30 à 17 heures.");
	EXPECT(normalize_spoken(LANG_FR, "à 1 h 05", out, sizeof(out)), "à 1 heure 5");
	/* Screens keep a time and its a.m./p.m. together with a no-break space. */
	EXPECT(normalize_spoken(LANG_EN, "from 8:30\u00a0a.m. to 5:00\u00a0p.m.", out, sizeof(out)),
	       "from 8:30 AM to 5 PM.");
	EXPECT(normalize_spoken(LANG_EN, "Closed until 3:00\u00a0p.m. Use the side door.", out,
	                        sizeof(out)),
	       "Closed until 3 PM. Use the side door.");
	/* Lines on screen are sentences when said. */
	EXPECT(normalize_spoken(LANG_EN, "ServiceOntario Centre\nOpen today", out, sizeof(out)),
	       "ServiceOntario Centre. Open today");
	EXPECT(normalize_spoken(LANG_FR, "Fermé.\nOuvre lundi", out, sizeof(out)),
	       "Fermé. Ouvre lundi");
	/* No-break spaces, as French typography writes them. */
	EXPECT(normalize_spoken(LANG_FR,
	                        "14\xc2\xa0h\xc2\xa0"
	                        "30",
	                        out, sizeof(out)),
	       "14 heures 30");
	EXPECT(normalize_spoken(LANG_FR, "10 hommes, 2 heures", out, sizeof(out)),
	       "10 hommes, 2 heures");
	EXPECT(normalize_spoken(LANG_EN, "November 22, 2026, 2:30 PM", out, sizeof(out)),
	       "November 22nd, 2026, 2:30 PM");
	EXPECT(normalize_spoken(LANG_EN, "from 9:00 AM to 5:05 PM", out, sizeof(out)),
	       "from 9 AM to 5 oh 5 PM");
	EXPECT(
	    normalize_spoken(LANG_EN, "May 1, June 2, July 3, March 11, May 21", out, sizeof(out)),
	    "May 1st, June 2nd, July 3rd, March 11th, May 21st");
	EXPECT(normalize_spoken(LANG_EN, "March 2026", out, sizeof(out)), "March 2026");
	EXPECT(normalize_spoken(LANG_EN, "at 14:30", out, sizeof(out)), "at 14:30");
	/* A lone accented letter is said as its sound: the echo names it next. */
	EXPECT(normalize_spoken(LANG_FR, "é, e accent aigu", out, sizeof(out)),
	       "[[e]], e accent aigu");
	EXPECT(normalize_spoken(LANG_EN, "É, capital e acute", out, sizeof(out)),
	       "[[eI]], capital e acute");
	EXPECT(normalize_spoken(LANG_FR, "à Toronto, été", out, sizeof(out)), "à Toronto, été");
	/* Visitors' text never reaches espeak-ng's phoneme parser. */
	EXPECT(normalize_spoken(LANG_EN, "x [[h@'loU]] y", out, sizeof(out)), "x [ [h@'loU]] y");
	EXPECT(normalize_spoken(LANG_EN, "[[[", out, sizeof(out)), "[ [ [");
}

/* S4: phone numbers in running text (the staff-failure message, notices, help) are read
 * digit by digit in their groups, with a pause between groups, never as quantities. */
static void test_spoken_phone_numbers(void **state)
{
	(void)state;
	EXPECT(normalize_spoken(LANG_EN, "Phone: 1-800-555-0199.", out, sizeof(out)),
	       "Phone: 1, 8 0 0, 5 5 5, 0 1 9 9.");
	EXPECT(normalize_spoken(LANG_FR, "Téléphone\u00a0: 1-800-555-0199.", out, sizeof(out)),
	       "Téléphone\u00a0: 1, 8 0 0, 5 5 5, 0 1 9 9.");
	EXPECT(normalize_spoken(LANG_EN, "Call (416) 555-0199 today", out, sizeof(out)),
	       "Call 4 1 6, 5 5 5, 0 1 9 9, today");
	EXPECT(normalize_spoken(LANG_FR, "Appelez le 416.555.0199", out, sizeof(out)),
	       "Appelez le 4 1 6, 5 5 5, 0 1 9 9");
	EXPECT(normalize_spoken(LANG_EN, "+1 416 555 0199", out, sizeof(out)),
	       "1, 4 1 6, 5 5 5, 0 1 9 9");
	EXPECT(normalize_spoken(LANG_EN, "416-555-0199 ext. 123.", out, sizeof(out)),
	       "4 1 6, 5 5 5, 0 1 9 9, extension 1 2 3.");
	EXPECT(normalize_spoken(LANG_FR, "416 555-0199, poste 123", out, sizeof(out)),
	       "4 1 6, 5 5 5, 0 1 9 9, poste 1 2 3");
	EXPECT(normalize_spoken(LANG_FR, "416-555-0199 ext. 123", out, sizeof(out)),
	       "4 1 6, 5 5 5, 0 1 9 9, poste 1 2 3");
	/* Quantities, references and dates stay as they are. */
	EXPECT(
	    normalize_spoken(LANG_EN, "1200 people, 482 193 557 6, 2026-11-22", out, sizeof(out)),
	    "1200 people, 482 193 557 6, 2026-11-22");
	EXPECT(normalize_spoken(LANG_EN, "id4165550199 a416-555-0199", out, sizeof(out)),
	       "id4165550199 a416-555-0199");
}

/* "TTY" and its French name "ATS" are said as letters; web addresses as people say them. */
static void test_spoken_tty_and_web(void **state)
{
	(void)state;
	EXPECT(normalize_spoken(LANG_EN, "TTY: 1-800-555-0198.", out, sizeof(out)),
	       "T T Y: 1, 8 0 0, 5 5 5, 0 1 9 8.");
	EXPECT(normalize_spoken(LANG_FR, "ATS\u00a0: 1-800-555-0198.", out, sizeof(out)),
	       "A T S\u00a0: 1, 8 0 0, 5 5 5, 0 1 9 8.");
	EXPECT(normalize_spoken(LANG_FR, "ATS ou TTY", out, sizeof(out)), "A T S ou T T Y");
	/* Only the word itself: "ATSB", "Tty" and "STATS" are left to the voice. */
	EXPECT(normalize_spoken(LANG_EN, "ATSB, Tty, STATS", out, sizeof(out)), "ATSB, Tty, STATS");
	EXPECT(normalize_spoken(LANG_EN, "Online: ontario.ca.", out, sizeof(out)),
	       "Online: ontario dot c a.");
	EXPECT(normalize_spoken(LANG_FR, "En ligne\u00a0: ontario.ca.", out, sizeof(out)),
	       "En ligne\u00a0: ontario point c a.");
	EXPECT(normalize_spoken(LANG_FR, "Service en ligne : exemple.ca", out, sizeof(out)),
	       "Service en ligne : exemple point c a");
	EXPECT(normalize_spoken(LANG_EN, "www.ServiceOntario.ca/fr today", out, sizeof(out)),
	       "www dot ServiceOntario dot c a, slash f r, today");
	EXPECT(normalize_spoken(LANG_FR, "https://aide-juridique.on.ca", out, sizeof(out)),
	       "aide tiret juridique point o n point c a");
	EXPECT(normalize_spoken(LANG_EN, "example.com", out, sizeof(out)), "example dot com");
	/* Not addresses: abbreviations, decimals, sentence ends. */
	EXPECT(normalize_spoken(LANG_EN, "e.g. 3.5 km. Done. a.m.", out, sizeof(out)),
	       "e.g. 3.5 km. Done. a.m.");
}

/* Words a listener confuses at the faster rates are stressed (and, for the arrow, followed
 * by a short pause): "Down arrow" was heard as "Up arrow", "not checked" as "checked". */
static void test_spoken_stress(void **state)
{
	(void)state;
	EXPECT(normalize_spoken(LANG_EN, "First item on screen. Use the Down arrow.", out,
	                        sizeof(out)),
	       "First item on screen. Use the [[d'aUn]], arrow.");
	EXPECT(normalize_spoken(LANG_EN, "Use the Up and Down arrows to move", out, sizeof(out)),
	       "Use the Up and [[d'aUn]], arrows to move");
	EXPECT(normalize_spoken(LANG_EN, "Large text, check box, not checked, 2 of 9", out,
	                        sizeof(out)),
	       "Large text, check box, [[n'0t]] checked, 2 of 9");
	/* Only whole words, only in English. */
	EXPECT(
	    normalize_spoken(LANG_EN, "Sundown arrow, not checkedness, checked", out, sizeof(out)),
	    "Sundown arrow, not checkedness, checked");
	/* At 260 words a minute they are said at 215: espeak-ng's relative speed command. */
	EXPECT(normalize_spoken_at(LANG_EN, 260, "Use the Down arrow.", out, sizeof(out)),
	       "Use the \001-45S[[d'aUn]], arrow\001+45S.");
	EXPECT(normalize_spoken_at(LANG_EN, 215, "Use the Down arrow.", out, sizeof(out)),
	       "Use the [[d'aUn]], arrow.");
	/* A server's control characters never reach the voice as commands. */
	EXPECT(normalize_spoken(LANG_EN,
	                        "Closed\001"
	                        "80S today",
	                        out, sizeof(out)),
	       "Closed 80S today");
	EXPECT(normalize_spoken(LANG_FR, "Down arrow, not checked", out, sizeof(out)),
	       "Down arrow, not checked");
}

static void test_small_buffers(void **state)
{
	(void)state;
	char small[8];
	assert_int_equal(normalize_reference(LANG_FR, "4821935576", small, sizeof(small)), -ENOSPC);
	assert_string_equal(small, "4 8 2, ");
	assert_int_equal(normalize_char(LANG_FR, "é", small, sizeof(small)), -ENOSPC);
	assert_true(strlen(small) < sizeof(small));
	/* Never half a UTF-8 character. */
	char four[4];
	assert_int_equal(normalize_char(LANG_FR, "é", four, sizeof(four)), -ENOSPC);
	assert_string_equal(four, "é,");
	assert_int_equal(normalize_date(LANG_FR, 2026, 11, 22, false, small, sizeof(small)),
	                 -ENOSPC);
	assert_int_equal(normalize_digits(LANG_FR, "1", small, 0), -EINVAL);
}

static void test_utf8(void **state)
{
	(void)state;
	uint32_t cp;
	char buf[5];
	assert_int_equal(utf8_decode("\xe2\x80\xaf", 3, &cp), 3);
	assert_int_equal(cp, 0x202F);
	assert_int_equal(utf8_decode("\xc0\xaf", 2, &cp), 0);     /* overlong */
	assert_int_equal(utf8_decode("\xed\xa0\x80", 3, &cp), 0); /* surrogate */
	assert_int_equal(utf8_decode("\xe2\x80", 2, &cp), 0);     /* truncated */
	assert_int_equal(utf8_encode(0xE9, buf), 2);
	assert_string_equal(buf, "é");
	assert_int_equal(utf8_encode(0x1F600, buf), 4);
	assert_int_equal(utf8_decode(buf, 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	assert_string_equal(lexicon_month(LANG_FR, 12), "décembre");
	assert_null(lexicon_month(LANG_EN, 0));
	assert_string_equal(lexicon_weekday(LANG_EN, 6), "Saturday");
	assert_null(lexicon_weekday(LANG_FR, 7));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_digits),
	    cmocka_unit_test(test_reference),
	    cmocka_unit_test(test_ticket),
	    cmocka_unit_test(test_phone),
	    cmocka_unit_test(test_email),
	    cmocka_unit_test(test_plain_value_is_copied),
	    cmocka_unit_test(test_char_echo_french),
	    cmocka_unit_test(test_char_echo_english),
	    cmocka_unit_test(test_char_errors),
	    cmocka_unit_test(test_every_k6_letter_is_named),
	    cmocka_unit_test(test_dates),
	    cmocka_unit_test(test_times),
	    cmocka_unit_test(test_spoken_forms),
	    cmocka_unit_test(test_spoken_phone_numbers),
	    cmocka_unit_test(test_spoken_tty_and_web),
	    cmocka_unit_test(test_spoken_stress),
	    cmocka_unit_test(test_small_buffers),
	    cmocka_unit_test(test_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
