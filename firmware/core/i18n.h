/* Bilingual strings: every visible and spoken string, keyed, in French and English.
 * Loaded from assets/strings/{fr,en}.po (embedded at build time). Pure C. */
#ifndef ACCUEIL_I18N_H
#define ACCUEIL_I18N_H

#include <stdbool.h>
#include <stddef.h>

enum lang { LANG_FR = 0, LANG_EN = 1, LANG_COUNT = 2 };

/* "fr" or "en". */
const char *lang_code(enum lang lang);
/* The other language. */
enum lang lang_other(enum lang lang);

typedef struct i18n i18n_t;

#define I18N_MAX_ENTRIES 1024
#define I18N_MAX_TEXT    4096

/* Parses two PO texts (not NUL-terminated; lengths given). Keys are the msgids.
 * Returns 0 and a new table in *out (caller frees with i18n_free), or -EINVAL on
 * a malformed file (*err_line, when not NULL, gets the 1-based line), -ENOMEM. */
int i18n_new_from_po(const char *fr, size_t fr_len, const char *en, size_t en_len, i18n_t **out,
                     int *err_line);

/* The strings built into the program (assets/strings/fr.po and en.po). Returns 0 or a negative
 * code. */
int i18n_new_builtin(i18n_t **out);

void i18n_free(i18n_t *t);

/* The text for key in lang, never NULL: a missing key returns the key itself
 * (and a test makes sure no shipped key is missing). Owned by the table. */
const char *i18n_get(const i18n_t *t, enum lang lang, const char *key);

/* True when key exists in lang. */
bool i18n_has(const i18n_t *t, enum lang lang, const char *key);

/* Ends the name/value list of i18n_format: a typed null pointer, as varargs need. */
#define I18N_END ((const char *)0)

/* Formats key with named placeholders "{name}" replaced by values given as
 * name/value string pairs, ended by I18N_END: i18n_format(t, l, "k", out, cap, "n", "2", I18N_END).
 * Returns the length written, or -ENOSPC when out is too small (out then holds a
 * truncated, NUL-terminated text). */
int i18n_format(const i18n_t *t, enum lang lang, const char *key, char *out, size_t cap, ...);

/* Iteration for tests and tools: number of keys in lang, and the i-th key. */
size_t i18n_count(const i18n_t *t, enum lang lang);
const char *i18n_key_at(const i18n_t *t, enum lang lang, size_t i);

#endif
