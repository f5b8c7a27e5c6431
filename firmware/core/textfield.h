/* Text a visitor types into a bounded field, counted in characters (not bytes), and the
 * keypad character picker (ACCESSIBILITY.md K6). Pure C. */
#ifndef ACCUEIL_TEXTFIELD_H
#define ACCUEIL_TEXTFIELD_H

#include <stdbool.h>
#include <stddef.h>

/* Appends the UTF-8 text `in` (one or more characters) to buf (cap bytes), holding at most
 * max_chars characters. Control characters are refused (a line break is allowed only when
 * multiline). Returns 0, -E2BIG when the field is full (nothing added), -EILSEQ for text that is
 * not valid UTF-8 or holds a refused character (nothing added). */
int textfield_insert(char *buf, size_t cap, long max_chars, const char *in, bool multiline);

/* Removes the last character of buf and copies it into erased (at least 5 bytes) when not
 * NULL. Returns 0, or -ENOENT when buf is empty. */
int textfield_erase(char *buf, char *erased);

/* Characters in buf (a valid UTF-8 string). */
long textfield_chars(const char *buf);

/* The last word of buf (after the last space or line break), copied into out (cap bytes, cut
 * at a character boundary). */
void textfield_last_word(const char *buf, char *out, size_t cap);

/* K6: the entries Up/Down walk through: "done" (0, one Up from the first letter), then the
 * letters, French accented letters, digits, space, @ . - _ ' and ','. */
#define TEXTFIELD_PICKER_FIRST 1
int textfield_picker_count(void);
/* The character at i as UTF-8 (static storage), or NULL for "done" (0) and out of range. */
const char *textfield_picker_char(int i);

#endif
