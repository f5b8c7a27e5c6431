/* The shared "key = value" reader and typed setters. See conf.h. */
#include "firmware/core/conf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/core/utf8.h"

/* One parse: the callback, the current section and the first error. */
struct conf_state {
	conf_fn fn;
	void *user;
	bool keep_going;
	bool skip_section; /* the current header was bad or refused: skip its entries */
	char section[CONF_SECTION_MAX];
	struct conf_error first;
};

char *conf_trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/* Records the error when it is the first; returns whether parsing goes on. */
static bool fail(struct conf_state *st, int line, int code, const char *why)
{
	if (st->first.code == 0) {
		st->first.line = line;
		st->first.code = code;
		st->first.why = why ? why : conf_strerror(code);
	}
	return st->keep_going;
}

static bool header(struct conf_state *st, char *s, int line)
{
	char *close = strchr(s, ']');
	const char *why = NULL;
	st->skip_section = true;
	if (!close || close[1])
		return fail(st, line, CONF_ESECTION, "expected [section]");
	*close = '\0';
	char *name = conf_trim(s + 1);
	size_t n = strlen(name);
	if (n == 0 || n >= sizeof st->section)
		return fail(st, line, CONF_ESECTION, "section name empty or too long");
	memcpy(st->section, name, n + 1);
	int rc = st->fn(st->user, st->section, NULL, NULL, line, &why);
	if (rc)
		return fail(st, line, rc, why);
	st->skip_section = false;
	return true;
}

static bool entry(struct conf_state *st, char *s, int line)
{
	const char *why = NULL;
	char *eq = strchr(s, '=');
	if (!eq)
		return fail(st, line, CONF_ENOEQUAL, "expected key = value");
	*eq = '\0';
	char *key = conf_trim(s);
	if (!*key)
		return fail(st, line, CONF_ENOEQUAL, "no key before '='");
	if (st->skip_section)
		return true;
	int rc = st->fn(st->user, st->section, key, conf_trim(eq + 1), line, &why);
	if (rc)
		return fail(st, line, rc, why);
	return true;
}

/* Handles one line of n bytes (its end removed); returns whether parsing goes on. */
static bool one_line(struct conf_state *st, const char *text, size_t n, int line)
{
	char buf[CONF_LINE_MAX + 1];
	if (n > CONF_LINE_MAX)
		return fail(st, line, CONF_ELONG, "line too long");
	if (memchr(text, '\0', n))
		return fail(st, line, -EILSEQ, "NUL byte in line");
	memcpy(buf, text, n);
	buf[n] = '\0';
	char *s = conf_trim(buf);
	if (!*s || *s == '#' || *s == ';')
		return true;
	if (*s == '[')
		return header(st, s, line);
	return entry(st, s, line);
}

int conf_parse(const char *text, size_t len, bool keep_going, conf_fn fn, void *user,
               struct conf_error *err)
{
	struct conf_state st;
	size_t lines = 0, i = 0;
	memset(&st, 0, sizeof st);
	st.fn = fn;
	st.user = user;
	st.keep_going = keep_going;
	if (len > CONF_BYTES_MAX) {
		fail(&st, 0, -E2BIG, "file too large");
		goto done;
	}
	for (const char *p = text; p && (p = memchr(p, '\n', len - (size_t)(p - text))); p++)
		lines++;
	if (len && text[len - 1] != '\n')
		lines++;
	if (lines > CONF_LINES_MAX) {
		fail(&st, 0, -E2BIG, "too many lines");
		goto done;
	}
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (int line = 1; i < len; line++) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len, n = end - i;
		if (n && text[end - 1] == '\r')
			n--;
		if (!one_line(&st, text + i, n, line))
			break;
		i = end + 1;
	}
done:
	if (err)
		*err = st.first;
	return st.first.code;
}

int conf_read_file(const char *path, char **text, size_t *len)
{
	int rc = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return errno ? -errno : -EIO;
	char *buf = malloc(CONF_BYTES_MAX + 1);
	if (!buf) {
		rc = -ENOMEM;
		goto fail_close;
	}
	size_t n = fread(buf, 1, CONF_BYTES_MAX + 1, f);
	if (ferror(f))
		rc = -EIO;
	else if (n > CONF_BYTES_MAX)
		rc = -E2BIG;
	if (rc)
		goto fail_free_buf;
	fclose(f);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
fail_free_buf:
	free(buf);
fail_close:
	fclose(f);
	return rc;
}

void conf_error_format(const struct conf_error *err, const char *name, char *msg, size_t cap)
{
	const char *why = err->why ? err->why : conf_strerror(err->code);
	if (!msg || !cap)
		return;
	if (name && err->line)
		snprintf(msg, cap, "%s:%d: %s", name, err->line, why);
	else if (name)
		snprintf(msg, cap, "%s: %s", name, why);
	else if (err->line)
		snprintf(msg, cap, "line %d: %s", err->line, why);
	else
		snprintf(msg, cap, "%s", why);
}

const char *conf_strerror(int code)
{
	switch (code) {
	case 0:
		return "no error";
	case CONF_ELONG:
		return "line too long";
	case CONF_ENOEQUAL:
		return "expected key = value";
	case CONF_ESECTION:
		return "expected [section]";
	case -EILSEQ:
		return "not UTF-8 text";
	case -E2BIG:
		return "too large";
	case -ERANGE:
		return "number out of range";
	case -ENOENT:
		return "unknown key";
	default:
		return "bad value";
	}
}

static int refuse(const char **why, const char *reason, int code)
{
	if (why)
		*why = reason;
	return code;
}

int conf_set_str(char *dst, size_t cap, const char *value, const char **why)
{
	size_t n = strlen(value);
	if (n >= cap)
		return refuse(why, "value too long", -EMSGSIZE);
	if (!utf8_valid(value, n))
		return refuse(why, "value not UTF-8", -EILSEQ);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)value[i] < 0x20 || value[i] == 0x7f)
			return refuse(why, "control character in value", -EILSEQ);
	memcpy(dst, value, n + 1);
	return 0;
}

int conf_set_int(int *dst, const char *value, long lo, long hi, const char **why)
{
	char *end;
	errno = 0;
	long n = strtol(value, &end, 10);
	if (end == value || *end)
		return refuse(why, "expected a whole number", -EINVAL);
	if (errno || n < lo || n > hi)
		return refuse(why, "number out of range", -ERANGE);
	*dst = (int)n;
	return 0;
}

int conf_set_bool(bool *dst, const char *value, const char **why)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (!strcmp(value, yes[i])) {
			*dst = true;
			return 0;
		}
		if (!strcmp(value, no[i])) {
			*dst = false;
			return 0;
		}
	}
	return refuse(why, "expected yes or no", -EINVAL);
}

int conf_set_ms(uint32_t *dst, const char *value, long lo, long hi, uint32_t unit_ms,
                const char **why)
{
	int n;
	int rc = conf_set_int(&n, value, lo, hi, why);
	if (rc)
		return rc;
	if (n < 0 || (uint64_t)n * unit_ms > UINT32_MAX)
		return refuse(why, "duration out of range", -ERANGE);
	*dst = (uint32_t)n * unit_ms;
	return 0;
}
