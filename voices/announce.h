/* Turns view nodes into utterances: name, role, state, position (S2), values read
 * as S4 says, each segment in its own language (S3). Pure C: no espeak, no SDL. */
#ifndef ACCUEIL_ANNOUNCE_H
#define ACCUEIL_ANNOUNCE_H

#include "ui/view.h"
#include "voices/utterance.h"

/* Appends what focus on node idx says: "Check a request, button, 2 of 5";
 * "Reference number, edit field, 4 digits: 1 2 3 4"; "Priority service, check box,
 * not checked, 3 of 4". Role, state and position words are in the screen's
 * language; the label in the node's. Returns 0, -EINVAL (bad index), -ENOSPC. */
int announce_node(const struct view *v, const i18n_t *s, int idx, struct utterance *out);

/* Appends node idx's label (both languages when it has two) and its value, with no
 * role, state or position, ended as a sentence: a warning read as prose. */
int announce_label(const struct view *v, int idx, struct utterance *out);

/* Appends what a new screen says (K3): its title, its item count, then the
 * focused node as announce_node says it. */
int announce_screen(const struct view *v, const i18n_t *s, struct utterance *out);

/* Appends the string `key` in lang. */
int announce_message(const i18n_t *s, enum lang lang, const char *key, struct utterance *out);

/* Appends how a value of the given kind is read in lang (S4): digits one by one,
 * references in groups, tickets, phone numbers, spelled e-mail addresses. */
int announce_value(enum lang lang, enum view_value_kind kind, const char *value,
                   struct utterance *out);

/* Appends the echo of one typed character (K6): "é, e accent aigu", "A majuscule";
 * a symbol by its name alone: "arobase" ("@" itself is silent or named by the voice). */
int announce_char(enum lang lang, const char *utf8_char, struct utterance *out);

#endif
