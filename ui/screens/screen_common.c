#include <stdio.h>
#include <string.h>

#include "ui/screens/screens.h"

static void copy_text(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

struct view_node *screen_add_text(struct view *v, enum view_role role, enum lang lang,
                                  const char *text, int action)
{
	if (v->count >= VIEW_MAX_NODES)
		return NULL;
	struct view_node *n = &v->nodes[v->count++];
	memset(n, 0, sizeof(*n));
	n->role = role;
	n->lang = lang;
	n->action = action;
	n->region = role == VIEW_ROLE_HEADING ? VIEW_REGION_HEADER : VIEW_REGION_BODY;
	n->size = role == VIEW_ROLE_HEADING ? VIEW_SIZE_LARGE : VIEW_SIZE_NORMAL;
	n->state = role == VIEW_ROLE_CHECKBOX ? VIEW_STATE_UNCHECKED : VIEW_STATE_NONE;
	copy_text(n->text, sizeof(n->text), text);
	return n;
}

struct view_node *screen_add(struct view *v, const struct app *a, enum view_role role,
                             const char *key, int action)
{
	enum lang lang = a->settings.lang;
	return screen_add_text(v, role, lang, i18n_get(a->strings, lang, key), action);
}

void screen_contact_text(const struct app *a, const char *key, char *out, size_t cap)
{
	enum lang l = a->settings.lang;
	const struct app_config *c = &a->cfg;
	size_t n;

	snprintf(out, cap, "%s", i18n_get(a->strings, l, key));
	n = strlen(out);
	if (c->contact_phone[0] && n < cap) {
		i18n_format(a->strings, l, "contact.phone", out + n, cap - n, "phone",
		            c->contact_phone, I18N_END);
		n = strlen(out);
	}
	if (c->contact_tty[0] && n < cap) {
		i18n_format(a->strings, l, "contact.tty", out + n, cap - n, "tty", c->contact_tty,
		            I18N_END);
		n = strlen(out);
	}
	if (c->contact_web[0] && n < cap)
		i18n_format(a->strings, l, "contact.web", out + n, cap - n, "web", c->contact_web,
		            I18N_END);
}

void screen_footer(struct view *v, const struct app *a, bool with_staff)
{
	struct view_node *n = screen_add(v, a, VIEW_ROLE_BUTTON, "common.help", APP_ACT_HELP);
	if (n)
		n->region = VIEW_REGION_FOOTER;
	if (with_staff && (n = screen_add(v, a, VIEW_ROLE_BUTTON, "common.staff", APP_ACT_STAFF)))
		n->region = VIEW_REGION_FOOTER;
	/* The switch is labelled, shown and spoken in the language it switches to (S3). */
	enum lang other = lang_other(a->settings.lang);
	n = screen_add_text(v, VIEW_ROLE_BUTTON, other, i18n_get(a->strings, other, "lang.name"),
	                    APP_ACT_SWITCH_LANG);
	if (n)
		n->region = VIEW_REGION_FOOTER;
}

void screens_build(const struct app *a, struct view *v)
{
	v->count = 0;
	v->screen = (int)a->screen;
	v->lang = a->settings.lang;
	switch (a->screen) {
	case APP_SCREEN_ATTRACT:
		screen_attract(a, v);
		break;
	case APP_SCREEN_HOME:
		screen_home(a, v);
		break;
	case APP_SCREEN_HELP:
		screen_help(a, v);
		break;
	case APP_SCREEN_KEYPAD:
		screen_keypad(a, v);
		break;
	case APP_SCREEN_TUTORIAL:
		screen_tutorial(a, v);
		break;
	case APP_SCREEN_OPTIONS:
		screen_options(a, v);
		break;
	case APP_SCREEN_STAFF:
		screen_staff(a, v);
		break;
	case APP_SCREEN_TIMEOUT:
		screen_timeout(a, v, a->now);
		break;
	case APP_SCREEN_UNAVAILABLE:
	case APP_SCREEN_COUNT:
		screen_unavailable(a, v);
		break;
	}
	v->focus = v->count == 0          ? -1
	           : a->focus < 0         ? 0
	           : a->focus >= v->count ? v->count - 1
	                                  : a->focus;
	/* On the attract screen no language is chosen yet: role and position words
	 * follow the language of the item in focus. */
	if (a->screen == APP_SCREEN_ATTRACT && v->focus >= 0)
		v->lang = v->nodes[v->focus].lang;
}
