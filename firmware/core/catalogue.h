/* The request categories a visitor can choose from (C3): the central's Open311 catalogue
 * when it has answered, else a built-in bilingual one, so the task works offline. Text keeps
 * its language (S3): a name the central gave in one language only is marked as such. Pure C. */
#ifndef ACCUEIL_CATALOGUE_H
#define ACCUEIL_CATALOGUE_H

#include <stdbool.h>

#include "firmware/core/i18n.h"
#include "firmware/core/standards.h"

#define CATALOGUE_MAX      64
#define CATALOGUE_CODE_MAX 64
#define CATALOGUE_NAME_MAX 160
#define CATALOGUE_DESC_MAX 320

/* What the category asks of the visitor (from the central's required fields). */
enum catalogue_need {
	CATALOGUE_NEEDS_CONTACT = 1 << 0, /* name, phone and e-mail are required (objections) */
};

struct catalogue_item {
	char code[CATALOGUE_CODE_MAX];
	char name[LANG_COUNT][CATALOGUE_NAME_MAX]; /* "" where the central had none */
	char desc[LANG_COUNT][CATALOGUE_DESC_MAX];
	unsigned needs;               /* enum catalogue_need bits */
	bool metadata;                /* has extra fields (an Open311 service definition) */
	enum standards_kind standard; /* the service standard that applies */
};

struct catalogue {
	int count;
	bool from_central; /* false: the built-in one */
	struct catalogue_item items[CATALOGUE_MAX];
};

/* The built-in bilingual catalogue (the reference central's default categories). */
void catalogue_builtin(struct catalogue *c);

/* The item's name in lang, or in the other language when the central gave none; *shown_in
 * (may be NULL) gets the language of the text returned. Never NULL. */
const char *catalogue_name(const struct catalogue_item *it, enum lang lang, enum lang *shown_in);
/* The same for the one-line description ("" when none in either language). */
const char *catalogue_desc(const struct catalogue_item *it, enum lang lang, enum lang *shown_in);

/* The item whose code is `code`, or NULL. */
const struct catalogue_item *catalogue_find(const struct catalogue *c, const char *code);

#endif
