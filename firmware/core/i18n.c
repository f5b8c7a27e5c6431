/* PO parsing and named-placeholder formatting. Only the subset of PO we write:
 * comments, msgid "…", msgstr "…", continuation lines, and the C escapes \" \\ \n \t. */
#include "firmware/core/i18n.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct i18n_entry {
	char *key;
	char *text;
};

struct i18n {
	struct i18n_entry *entries[LANG_COUNT];
	size_t count[LANG_COUNT];
};

extern const char strings_fr_po[];
extern const size_t strings_fr_po_len;
extern const char strings_en_po[];
extern const size_t strings_en_po_len;

const char *lang_code(enum lang lang)
{
	return lang == LANG_FR ? "fr" : "en";
}

enum lang lang_other(enum lang lang)
{
	return lang == LANG_FR ? LANG_EN : LANG_FR;
}

/* Appends the quoted string starting at p (at the opening quote) to buf. */
static int po_unquote(const char *p, const char *end, char *buf, size_t *len)
{
	if (p >= end || *p != '"')
		return -EINVAL;
	for (p++; p < end && *p != '"'; p++) {
		char c = *p;
		if (c == '\\') {
			if (++p >= end)
				return -EINVAL;
			switch (*p) {
			case 'n':
				c = '\n';
				break;
			case 't':
				c = '\t';
				break;
			case '"':
				c = '"';
				break;
			case '\\':
				c = '\\';
				break;
			default:
				return -EINVAL;
			}
		}
		if (*len + 1 >= I18N_MAX_TEXT)
			return -EINVAL;
		buf[(*len)++] = c;
	}
	if (p >= end)
		return -EINVAL;
	buf[*len] = '\0';
	return 0;
}

static int entries_add(struct i18n *t, enum lang lang, const char *key, const char *text)
{
	if (t->count[lang] >= I18N_MAX_ENTRIES)
		return -EINVAL;
	struct i18n_entry *e = &t->entries[lang][t->count[lang]];
	e->key = strdup(key);
	e->text = strdup(text);
	if (!e->key || !e->text) {
		free(e->key);
		free(e->text);
		return -ENOMEM;
	}
	t->count[lang]++;
	return 0;
}

static int po_parse(struct i18n *t, enum lang lang, const char *src, size_t len, int *err_line)
{
	enum { NONE, IN_ID, IN_STR } state = NONE;
	char *id = malloc(I18N_MAX_TEXT), *str = malloc(I18N_MAX_TEXT);
	size_t id_len = 0, str_len = 0;
	int line_no = 0, rc = 0;
	const char *p = src, *end = src + len;

	if (!id || !str) {
		rc = -ENOMEM;
		goto out_free;
	}
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = eol ? eol : end;
		line_no++;
		while (p < line_end && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		const char *le = line_end;
		while (le > p && (le[-1] == ' ' || le[-1] == '\t' || le[-1] == '\r'))
			le--;
		if (p == le || *p == '#') {
			/* blank or comment: ends an entry */
		} else if (strncmp(p, "msgid ", 6) == 0) {
			if (state == IN_STR && id_len > 0 &&
			    (rc = entries_add(t, lang, id, str)) < 0)
				goto out_err;
			id_len = str_len = 0;
			if ((rc = po_unquote(p + 6, le, id, &id_len)) < 0)
				goto out_err;
			state = IN_ID;
		} else if (strncmp(p, "msgstr ", 7) == 0) {
			if (state != IN_ID) {
				rc = -EINVAL;
				goto out_err;
			}
			str_len = 0;
			if ((rc = po_unquote(p + 7, le, str, &str_len)) < 0)
				goto out_err;
			state = IN_STR;
		} else if (*p == '"') {
			if (state == IN_ID)
				rc = po_unquote(p, le, id, &id_len);
			else if (state == IN_STR)
				rc = po_unquote(p, le, str, &str_len);
			else
				rc = -EINVAL;
			if (rc < 0)
				goto out_err;
		} else {
			rc = -EINVAL;
			goto out_err;
		}
		p = eol ? eol + 1 : end;
	}
	if (state == IN_STR && id_len > 0)
		rc = entries_add(t, lang, id, str);
	else if (state == IN_ID)
		rc = -EINVAL;
	goto out_free;
out_err:
	if (err_line)
		*err_line = line_no;
out_free:
	free(id);
	free(str);
	return rc;
}

void i18n_free(i18n_t *t)
{
	if (!t)
		return;
	for (int l = 0; l < LANG_COUNT; l++) {
		for (size_t i = 0; i < t->count[l]; i++) {
			free(t->entries[l][i].key);
			free(t->entries[l][i].text);
		}
		free(t->entries[l]);
	}
	free(t);
}

int i18n_new_from_po(const char *fr, size_t fr_len, const char *en, size_t en_len, i18n_t **out,
                     int *err_line)
{
	int rc;
	struct i18n *t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	for (int l = 0; l < LANG_COUNT; l++) {
		t->entries[l] = calloc(I18N_MAX_ENTRIES, sizeof(struct i18n_entry));
		if (!t->entries[l]) {
			rc = -ENOMEM;
			goto fail_free_table;
		}
	}
	if ((rc = po_parse(t, LANG_FR, fr, fr_len, err_line)) < 0)
		goto fail_free_table;
	if ((rc = po_parse(t, LANG_EN, en, en_len, err_line)) < 0)
		goto fail_free_table;
	*out = t;
	return 0;
fail_free_table:
	i18n_free(t);
	return rc;
}

int i18n_new_builtin(i18n_t **out)
{
	return i18n_new_from_po(strings_fr_po, strings_fr_po_len, strings_en_po, strings_en_po_len,
	                        out, NULL);
}

static const struct i18n_entry *find(const i18n_t *t, enum lang lang, const char *key)
{
	if (!t || !key || lang < 0 || lang >= LANG_COUNT)
		return NULL;
	/* The header entry (empty msgid) is never added, so every key is non-empty. */
	for (size_t i = 0; i < t->count[lang]; i++)
		if (strcmp(t->entries[lang][i].key, key) == 0)
			return &t->entries[lang][i];
	return NULL;
}

const char *i18n_get(const i18n_t *t, enum lang lang, const char *key)
{
	const struct i18n_entry *e = find(t, lang, key);
	return e && e->text[0] ? e->text : (key ? key : "");
}

bool i18n_has(const i18n_t *t, enum lang lang, const char *key)
{
	const struct i18n_entry *e = find(t, lang, key);
	return e && e->text[0];
}

size_t i18n_count(const i18n_t *t, enum lang lang)
{
	return t && lang >= 0 && lang < LANG_COUNT ? t->count[lang] : 0;
}

const char *i18n_key_at(const i18n_t *t, enum lang lang, size_t i)
{
	return i < i18n_count(t, lang) ? t->entries[lang][i].key : NULL;
}

int i18n_format(const i18n_t *t, enum lang lang, const char *key, char *out, size_t cap, ...)
{
	const char *src = i18n_get(t, lang, key);
	size_t n = 0;
	int rc = 0;

	if (!out || cap == 0)
		return -ENOSPC;
	while (*src) {
		const char *close = *src == '{' ? strchr(src, '}') : NULL;
		const char *rep = NULL;
		size_t rep_len = 0;
		if (close) {
			va_list ap;
			va_start(ap, cap);
			for (const char *name = va_arg(ap, const char *); name;
			     name = va_arg(ap, const char *)) {
				const char *val = va_arg(ap, const char *);
				if (strlen(name) == (size_t)(close - src - 1) &&
				    strncmp(name, src + 1, (size_t)(close - src - 1)) == 0) {
					rep = val ? val : "";
					break;
				}
			}
			va_end(ap);
		}
		if (rep) {
			rep_len = strlen(rep);
			src = close + 1;
		} else {
			rep = src++;
			rep_len = 1;
		}
		if (n + rep_len >= cap) {
			rep_len = cap - 1 - n;
			rc = -ENOSPC;
		}
		memcpy(out + n, rep, rep_len);
		n += rep_len;
		if (rc < 0)
			break;
	}
	out[n] = '\0';
	return rc < 0 ? rc : (int)n;
}
