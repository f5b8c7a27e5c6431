/* The one reader of our "key = value" files with optional [sections]: the kiosk's kiosk.conf,
 * the central's central.conf, board settings and technician settings. Each program keeps its
 * own key table and hands a callback to conf_parse; the typed setters below turn a value into a
 * field the same way everywhere.
 *
 * The format: one entry per line, "\n" or "\r\n" ends; an optional UTF-8 byte-order mark; blank
 * lines; comment lines whose first non-blank character is '#' or ';'; "[section name]" lines;
 * "key = value" lines with blanks around key and value trimmed. A value runs to the end of its
 * line: '#', ';', quotes, « » and no-break spaces inside it are kept as they are (French text,
 * URLs, attribute lists). A line over CONF_LINE_MAX bytes is an error, never cut short.
 * Pure C, libc only. */
#ifndef ACCUEIL_CONF_H
#define ACCUEIL_CONF_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONF_LINE_MAX    2048         /* bytes of one line, its end excluded */
#define CONF_SECTION_MAX 128          /* bytes of a section name */
#define CONF_LINES_MAX   10000        /* lines of one file */
#define CONF_BYTES_MAX   (256 * 1024) /* bytes of one file */

/* Syntax errors conf_parse reports (negative errno codes): a line longer than CONF_LINE_MAX; a
 * line that is neither blank, a comment, a section nor "key = value"; a section header with no
 * "]", text after "]", or an empty or too long name. */
#define CONF_ELONG    (-EMSGSIZE)
#define CONF_ENOEQUAL (-EBADMSG)
#define CONF_ESECTION (-EPROTO)

/* The first error of a parse: its 1-based line (0 when it concerns no line) and a static
 * reason, in English, for the log. */
struct conf_error {
	int line;
	int code;
	const char *why;
};

/* Called for each section header with key and value NULL, then for each "key = value" line.
 * section is "" before the first header. value is trimmed, NUL-terminated and may be changed in
 * place; none of the strings outlives the call. Returns 0, or a negative errno code after
 * pointing *why at a static reason (left NULL, a reason is derived from the code). */
typedef int (*conf_fn)(void *user, const char *section, const char *key, char *value, int line,
                       const char **why);

/* Parses text[0..len) (need not be NUL-terminated) and calls fn per header and entry. With
 * keep_going, a bad line is recorded and skipped and the next lines are still applied (the kiosk
 * runs on what is good); otherwise the parse stops at the first error (the central refuses a bad
 * file). Returns 0 or the first error's code: CONF_ELONG, CONF_ENOEQUAL, CONF_ESECTION, -EILSEQ
 * (a NUL byte), -E2BIG (over CONF_BYTES_MAX bytes or CONF_LINES_MAX lines: nothing is parsed),
 * or fn's code. After a section header that is malformed or that fn refused, the entries up to
 * the next header are skipped without a call. err (may be NULL) gets the first error. */
int conf_parse(const char *text, size_t len, bool keep_going, conf_fn fn, void *user,
               struct conf_error *err);

/* Reads the file at path whole into a new buffer (*text, NUL-terminated, the caller frees it)
 * of *len bytes. Returns 0, -ENOENT, -EACCES or another negative errno code from opening,
 * -EIO, -E2BIG (over CONF_BYTES_MAX bytes) or -ENOMEM; *text and *len are written only on
 * success. */
int conf_read_file(const char *path, char **text, size_t *len);

/* Writes "name:line: why" into msg (cap bytes, cut short if need be: it is a log line); without
 * a line "name: why", without a name (NULL) "line N: why", without either "why". */
void conf_error_format(const struct conf_error *err, const char *name, char *msg, size_t cap);

/* Strips blanks (spaces and tabs) at both ends of s in place; returns the first kept byte. For
 * values that hold several fields ("a | b | c"). */
char *conf_trim(char *s);

/* The reason for a code (conf_parse's, the setters'), for a callback that gave none. Static. */
const char *conf_strerror(int code);

/* The typed setters: each writes *dst only on success and, on error, points *why (may be NULL)
 * at a static reason. */

/* Copies value into dst (cap bytes with the NUL). Returns 0, -EMSGSIZE when it does not fit, or
 * -EILSEQ when it is not UTF-8 or holds a control character. */
int conf_set_str(char *dst, size_t cap, const char *value, const char **why);

/* A decimal integer within [lo, hi]. Returns 0, -EINVAL (not a whole number) or -ERANGE. */
int conf_set_int(int *dst, const char *value, long lo, long hi, const char **why);

/* yes/no, true/false, on/off, 1/0. Returns 0 or -EINVAL. */
int conf_set_bool(bool *dst, const char *value, const char **why);

/* A duration given as a whole number of units of unit_ms milliseconds (1000 for a "_s" key, 1
 * for a "_ms" key) within [lo, hi] units, stored in milliseconds. Returns as conf_set_int. */
int conf_set_ms(uint32_t *dst, const char *value, long lo, long hi, uint32_t unit_ms,
                const char **why);

#endif
