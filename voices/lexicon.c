/* Character, month and weekday words in French and English. */
#include "voices/lexicon.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

/* phonemes NULL: espeak-ng already says the lone letter as its sound ("à" is a word). */
static const struct lexicon_letter letters[] = {
    {0xE9, 0xC9, {"e accent aigu", "e acute"}, {"e", "eI"}},
    {0xE8, 0xC8, {"e accent grave", "e grave"}, {"E", "E"}},
    {0xEA, 0xCA, {"e accent circonflexe", "e circumflex"}, {"E", "E"}},
    {0xEB, 0xCB, {"e tréma", "e diaeresis"}, {"E", "E"}},
    {0xE0, 0xC0, {"a accent grave", "a grave"}, {NULL, NULL}},
    {0xE2, 0xC2, {"a accent circonflexe", "a circumflex"}, {"a", "A:"}},
    {0xE7, 0xC7, {"c cédille", "c cedilla"}, {"s", "s"}},
    {0xEE, 0xCE, {"i accent circonflexe", "i circumflex"}, {"i", "i:"}},
    {0xEF, 0xCF, {"i tréma", "i diaeresis"}, {"i", "i:"}},
    {0xF4, 0xD4, {"o accent circonflexe", "o circumflex"}, {NULL, "oU"}},
    {0xFB, 0xDB, {"u accent circonflexe", "u circumflex"}, {"y", "u:"}},
    {0xF9, 0xD9, {"u accent grave", "u grave"}, {"y", "u:"}},
    {0xFC, 0xDC, {"u tréma", "u diaeresis"}, {"y", "u:"}},
};

const struct lexicon_letter *lexicon_letter_find(uint32_t cp)
{
	for (size_t i = 0; i < sizeof(letters) / sizeof(letters[0]); i++)
		if (letters[i].lower == cp || letters[i].upper == cp)
			return &letters[i];
	return NULL;
}

const struct lexicon_letter *lexicon_letter_at(size_t i)
{
	return i < sizeof(letters) / sizeof(letters[0]) ? &letters[i] : NULL;
}

static const struct {
	uint32_t cp;
	const char *name[LANG_COUNT];
} symbols[] = {
    {' ', {"espace", "space"}},
    {'@', {"arobase", "at"}},
    {'.', {"point", "dot"}},
    {'-', {"tiret", "dash"}},
    {'_', {"trait de soulignement", "underscore"}},
    {'+', {"plus", "plus"}},
    {'\'', {"apostrophe", "apostrophe"}},
    {0x2019, {"apostrophe", "apostrophe"}},
    {',', {"virgule", "comma"}},
    {'/', {"barre oblique", "slash"}},
    {'#', {"dièse", "pound"}},
    {'*', {"étoile", "star"}},
};

const char *lexicon_symbol(enum lang lang, uint32_t cp)
{
	if (lang < 0 || lang >= LANG_COUNT)
		return NULL;
	for (size_t i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++)
		if (symbols[i].cp == cp)
			return symbols[i].name[lang];
	return NULL;
}

static bool in_list(const char *const *list, size_t count, const char *s, size_t n, bool nocase)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(list[i]) == n &&
		    (nocase ? strncasecmp(list[i], s, n) : strncmp(list[i], s, n)) == 0)
			return true;
	return false;
}

bool lexicon_spelled(const char *s, size_t n)
{
	static const char *const words[] = {"ATS", "TTY", "TDD"};
	return s && in_list(words, sizeof(words) / sizeof(words[0]), s, n, false);
}

bool lexicon_web_suffix(const char *s, size_t n)
{
	static const char *const words[] = {"ca", "com", "org", "net", "gov", "edu", "info", "fr"};
	return s && in_list(words, sizeof(words) / sizeof(words[0]), s, n, true);
}

static const struct {
	enum lang lang;
	const char *phrase, *said;
	int max_wpm;
} stressed[] = {
    /* espeak-ng gives "Down" a secondary stress before "arrow": a full stress and a pause
     * keep it from sounding like "Up" up to 215 words a minute; faster, it still was
     * (a speech recogniser heard "Up arrow" at 260): said no faster than 215. */
    {LANG_EN, "Down arrow", "[[d'aUn]], arrow", 215},
    {LANG_EN, "down arrow", "[[d'aUn]], arrow", 215},
    /* "not" unstressed is lost at 215 words a minute and more. */
    {LANG_EN, "not checked", "[[n'0t]] checked", 215},
};

static bool ascii_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

const char *lexicon_stressed(enum lang lang, const char *s, size_t *n, int *max_wpm)
{
	if (!s || !n)
		return NULL;
	for (size_t i = 0; i < sizeof(stressed) / sizeof(stressed[0]); i++) {
		size_t len = strlen(stressed[i].phrase);
		if (stressed[i].lang != lang || strncmp(s, stressed[i].phrase, len) != 0)
			continue;
		const char *end = s + len;
		if (*end == 's' && !ascii_letter(end[1]))
			end++;
		if (ascii_letter(*end) || (unsigned char)*end >= 0x80)
			continue;
		*n = len;
		if (max_wpm)
			*max_wpm = stressed[i].max_wpm;
		return stressed[i].said;
	}
	return NULL;
}

static const char *const months[LANG_COUNT][12] = {
    {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
     "octobre", "novembre", "décembre"},
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"},
};

static const char *const weekdays[LANG_COUNT][7] = {
    {"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
    {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
};

const char *lexicon_month(enum lang lang, int month)
{
	if (lang < 0 || lang >= LANG_COUNT || month < 1 || month > 12)
		return NULL;
	return months[lang][month - 1];
}

const char *lexicon_weekday(enum lang lang, int weekday)
{
	if (lang < 0 || lang >= LANG_COUNT || weekday < 0 || weekday > 6)
		return NULL;
	return weekdays[lang][weekday];
}
