/* Attract screen: "Bonjour / Hello" and the language choice (A2, A3). */
#include <string.h>

#include "ui/screens/screens.h"

static struct view_node *both(struct view *v, const struct app *a, enum view_role role,
                              const char *key, int action)
{
	struct view_node *n =
	    screen_add_text(v, role, LANG_FR, i18n_get(a->strings, LANG_FR, key), action);
	if (n) {
		const char *en = i18n_get(a->strings, LANG_EN, key);
		size_t len = strlen(en);
		if (len >= sizeof(n->text2))
			len = sizeof(n->text2) - 1;
		memcpy(n->text2, en, len);
		n->text2[len] = '\0';
	}
	return n;
}

void screen_attract(const struct app *a, struct view *v)
{
	struct view_node *n = both(v, a, VIEW_ROLE_HEADING, "attract.hello", APP_ACT_NONE);
	if (n)
		n->size = VIEW_SIZE_HUGE;
	for (int l = 0; l < LANG_COUNT; l++) {
		n = screen_add_text(v, VIEW_ROLE_BUTTON, (enum lang)l,
		                    i18n_get(a->strings, (enum lang)l, "lang.name"),
		                    l == LANG_FR ? APP_ACT_LANG_FR : APP_ACT_LANG_EN);
		if (n)
			n->size = VIEW_SIZE_LARGE;
	}
	/* The idle hint is printed here too (A2), in each language. */
	for (int l = 0; l < LANG_COUNT; l++) {
		char text[VIEW_TEXT_MAX];
		const char *touch = i18n_get(a->strings, (enum lang)l, "attract.touch");
		const char *keys = i18n_get(a->strings, (enum lang)l, "attract.keys");
		size_t tl = strlen(touch), kl = strlen(keys);
		if (tl + 1 + kl < sizeof(text)) {
			memcpy(text, touch, tl);
			text[tl] = ' ';
			memcpy(text + tl + 1, keys, kl + 1);
			screen_add_text(v, VIEW_ROLE_TEXT, (enum lang)l, text, APP_ACT_NONE);
		}
	}
	if ((n = both(v, a, VIEW_ROLE_BUTTON, "common.help", APP_ACT_HELP)))
		n->region = VIEW_REGION_FOOTER;
	if ((n = both(v, a, VIEW_ROLE_BUTTON, "common.staff", APP_ACT_STAFF)))
		n->region = VIEW_REGION_FOOTER;
}
