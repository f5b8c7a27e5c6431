/* Nodes to utterances. A node's label is in its own language; everything the kiosk adds
 * around it (role, state, count, position) is in the screen's language, so an English
 * screen says "Français" in the French voice and "button" in the English one (S3). */
#include "firmware/core/utf8.h"
#include "voices/announce.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "voices/lexicon.h"
#include "voices/normalize.h"

/* Keeps the first error but goes on, so a full utterance still says as much as fits. */
static void keep(int *rc, int r)
{
	if (r < 0 && *rc == 0)
		*rc = r;
}

static const char *role_key(enum view_role role)
{
	switch (role) {
	case VIEW_ROLE_HEADING:
		return "role.heading";
	case VIEW_ROLE_BUTTON:
		return "role.button";
	case VIEW_ROLE_CHECKBOX:
		return "role.checkbox";
	case VIEW_ROLE_EDIT:
		return "role.edit";
	case VIEW_ROLE_ALERT:
		return "role.alert";
	case VIEW_ROLE_KEY:
		return "role.key";
	case VIEW_ROLE_TEXT:
		break;
	}
	return NULL; /* static text says no role word */
}

static const char *state_key(enum view_state state)
{
	switch (state) {
	case VIEW_STATE_CHECKED:
		return "state.checked";
	case VIEW_STATE_UNCHECKED:
		return "state.unchecked";
	case VIEW_STATE_DISABLED:
		return "state.disabled";
	case VIEW_STATE_NONE:
		break;
	}
	return NULL;
}

static bool lang_ok(enum lang lang)
{
	return lang >= 0 && lang < LANG_COUNT;
}

static int add_label(const struct view_node *n, struct utterance *out)
{
	int rc = 0;
	enum lang lang = lang_ok(n->lang) ? n->lang : LANG_FR;
	keep(&rc, utterance_add(out, lang, n->text));
	keep(&rc, utterance_add(out, lang_other(lang), n->text2));
	return rc;
}

static int add_key(const i18n_t *s, enum lang lang, const char *key, struct utterance *out)
{
	return key ? utterance_add(out, lang, i18n_get(s, lang, key)) : 0;
}

/* "{count} items" / "1 item" and the like: key for many, key".one" for one. */
static int add_count(const i18n_t *s, enum lang lang, const char *key, int count,
                     const char *suffix, struct utterance *out)
{
	char one_key[64], num[16], text[128];
	snprintf(one_key, sizeof(one_key), "%s.one", key);
	snprintf(num, sizeof(num), "%d", count);
	int n = i18n_format(s, lang, count == 1 ? one_key : key, text, sizeof(text) - 2, "count",
	                    num, (const char *)NULL);
	if (n < 0)
		return n;
	if (suffix) {
		size_t len = (size_t)n, sl = strlen(suffix);
		if (len + sl < sizeof(text)) {
			memcpy(text + len, suffix, sl + 1);
		}
	}
	return utterance_add(out, lang, text);
}

static bool is_digit_kind(enum view_value_kind kind)
{
	return kind == VIEW_VALUE_DIGITS || kind == VIEW_VALUE_REFERENCE ||
	       kind == VIEW_VALUE_PHONE;
}

/* "4 digits: 1 2 3 4", "11 characters: …" or "empty" (S2). */
static int add_edit_value(const struct view_node *n, const i18n_t *s, enum lang lang,
                          struct utterance *out)
{
	size_t len = strlen(view_node_value(n));
	if (len == 0)
		return add_key(s, lang, "edit.empty", out);

	int digits = 0, chars = 0;
	bool only_digits = true;
	for (size_t i = 0; i < len;) {
		uint32_t c;
		size_t k = utf8_decode(view_node_value(n) + i, len - i, &c);
		if (k == 0) {
			k = 1;
			c = 0xFFFD;
		}
		chars++;
		if (c >= '0' && c <= '9')
			digits++;
		else if (c != ' ')
			only_digits = false;
		i += k;
	}
	int rc = 0;
	const char *colon = lang == LANG_FR ? "\u00a0:" : ":"; /* « 4 chiffres : » */
	if (is_digit_kind(n->value_kind) && only_digits)
		keep(&rc, add_count(s, lang, "edit.digits", digits, colon, out));
	else
		keep(&rc, add_count(s, lang, "edit.characters", chars, colon, out));
	keep(&rc, announce_value(lang, n->value_kind, view_node_value(n), out));
	return rc;
}

static int add_position(const struct view *v, const i18n_t *s, int idx, enum lang lang,
                        struct utterance *out)
{
	char n[16], total[16], text[64];
	snprintf(n, sizeof(n), "%d", idx + 1);
	snprintf(total, sizeof(total), "%d", v->count);
	int r = i18n_format(s, lang, "position", text, sizeof(text), "n", n, "total", total,
	                    (const char *)NULL);
	if (r < 0)
		return r;
	return utterance_add(out, lang, text);
}

/* Everything focus says after the label, in lang. */
static int add_details(const struct view *v, const i18n_t *s, int idx, enum lang lang,
                       struct utterance *out)
{
	const struct view_node *n = &v->nodes[idx];
	int rc = 0;

	keep(&rc, add_key(s, lang, role_key(n->role), out));
	if (n->role == VIEW_ROLE_EDIT) {
		if (n->state == VIEW_STATE_DISABLED)
			keep(&rc, add_key(s, lang, state_key(n->state), out));
		keep(&rc, add_edit_value(n, s, lang, out));
	} else {
		keep(&rc, add_key(s, lang, state_key(n->state), out));
		if (view_node_value(n)[0])
			keep(&rc, announce_value(lang, n->value_kind, view_node_value(n), out));
	}
	keep(&rc, add_position(v, s, idx, lang, out));
	if (n->personal)
		out->personal = true;
	return rc;
}

static bool view_ok(const struct view *v)
{
	return v && v->count >= 0 && v->count <= VIEW_MAX_NODES && lang_ok(v->lang);
}

/* A node with a label in both languages on a bilingual view (before a language is
 * chosen): each language whole, with its own role and position words. */
static bool both_languages(const struct view *v, const struct view_node *n)
{
	return v->bilingual && n->text2[0] && n->text[0];
}

/* The language of the words around node n's label. */
static enum lang details_lang(const struct view *v, const struct view_node *n)
{
	return v->bilingual && lang_ok(n->lang) ? n->lang : v->lang;
}

/* Focus on node idx: label and details (with_label false: the details alone). */
static int add_focus(const struct view *v, const i18n_t *s, int idx, bool with_label,
                     struct utterance *out)
{
	const struct view_node *n = &v->nodes[idx];
	int rc = 0;
	if (both_languages(v, n)) {
		enum lang first = lang_ok(n->lang) ? n->lang : LANG_FR;
		for (int k = 0; k < 2; k++) {
			enum lang l = k == 0 ? first : lang_other(first);
			if (with_label)
				keep(&rc, utterance_add(out, l, k == 0 ? n->text : n->text2));
			keep(&rc, add_details(v, s, idx, l, out));
		}
		return rc;
	}
	if (with_label)
		keep(&rc, add_label(n, out));
	keep(&rc, add_details(v, s, idx, details_lang(v, n), out));
	return rc;
}

int announce_node(const struct view *v, const i18n_t *s, int idx, struct utterance *out)
{
	if (!view_ok(v) || !out || idx < 0 || idx >= v->count)
		return -EINVAL;
	return add_focus(v, s, idx, true, out);
}

int announce_label(const struct view *v, int idx, struct utterance *out)
{
	if (!view_ok(v) || !out || idx < 0 || idx >= v->count)
		return -EINVAL;
	const struct view_node *n = &v->nodes[idx];
	int rc = add_label(n, out);
	if (n->value[0])
		keep(&rc, announce_value(lang_ok(n->lang) ? n->lang : LANG_FR, n->value_kind,
		                         n->value, out));
	if (n->personal)
		out->personal = true;
	keep(&rc, utterance_end_sentence(out));
	return rc;
}

int announce_screen(const struct view *v, const i18n_t *s, struct utterance *out)
{
	if (!view_ok(v) || !out)
		return -EINVAL;
	int rc = 0, title = -1;
	for (int i = 0; i < v->count && title < 0; i++)
		if (v->nodes[i].role == VIEW_ROLE_HEADING)
			title = i;
	if (title >= 0 && v->nodes[title].personal)
		out->personal = true;
	if (title >= 0 && both_languages(v, &v->nodes[title])) {
		/* Before a language is chosen: the title and the count in each language. */
		const struct view_node *t = &v->nodes[title];
		enum lang first = lang_ok(t->lang) ? t->lang : LANG_FR;
		for (int k = 0; k < 2; k++) {
			enum lang l = k == 0 ? first : lang_other(first);
			keep(&rc, utterance_add(out, l, k == 0 ? t->text : t->text2));
			keep(&rc, utterance_end_sentence(out));
			keep(&rc, add_count(s, l, "screen.items", v->count, NULL, out));
			keep(&rc, utterance_end_sentence(out));
			if (v->focus == title)
				keep(&rc, add_details(v, s, title, l, out));
		}
		if (v->focus >= 0 && v->focus < v->count && v->focus != title)
			keep(&rc, add_focus(v, s, v->focus, true, out));
		return rc;
	}
	if (title >= 0) {
		keep(&rc, add_label(&v->nodes[title], out));
		keep(&rc, utterance_end_sentence(out));
	}
	keep(&rc, add_count(s, v->lang, "screen.items", v->count, NULL, out));
	keep(&rc, utterance_end_sentence(out));
	if (v->focus >= 0 && v->focus < v->count)
		/* The title was just said: focus on it adds only its role and position. */
		keep(&rc, add_focus(v, s, v->focus, v->focus != title, out));
	return rc;
}

int announce_message(const i18n_t *s, enum lang lang, const char *key, struct utterance *out)
{
	if (!out || !key || !lang_ok(lang))
		return -EINVAL;
	return utterance_add(out, lang, i18n_get(s, lang, key));
}

int announce_value(enum lang lang, enum view_value_kind kind, const char *value,
                   struct utterance *out)
{
	char text[UTTERANCE_SEGMENT_MAX];
	if (!out || !value || !lang_ok(lang))
		return -EINVAL;
	int n = normalize_value(lang, kind, value, text, sizeof(text));
	if (n < 0 && n != -ENOSPC)
		return n;
	int r = utterance_add(out, lang, text);
	return n < 0 ? n : r;
}

int announce_char(enum lang lang, const char *utf8_char, struct utterance *out)
{
	char text[128];
	if (!out || !utf8_char || !lang_ok(lang))
		return -EINVAL;
	int n = normalize_char(lang, utf8_char, text, sizeof(text));
	if (n < 0)
		return n;
	return utterance_add(out, lang, text);
}
