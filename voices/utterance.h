/* What is to be said: a short list of segments, each in its own language (S3). Pure C. */
#ifndef ACCUEIL_UTTERANCE_H
#define ACCUEIL_UTTERANCE_H

#include <stdbool.h>
#include <stddef.h>

#include "firmware/core/i18n.h"

#define UTTERANCE_MAX_SEGMENTS 32
#define UTTERANCE_SEGMENT_MAX  1536

struct utterance_segment {
	enum lang lang;
	char text[UTTERANCE_SEGMENT_MAX];
};

struct utterance {
	struct utterance_segment seg[UTTERANCE_MAX_SEGMENTS];
	int count;
	bool personal; /* holds personal data: headphones only (S9) */
};

void utterance_clear(struct utterance *u);

/* Appends text in lang. Joins the previous segment when it has the same language
 * (with ", " between them unless the previous text ends in punctuation), so
 * voices switch only where the language changes. Empty text is ignored.
 * Returns 0, or -ENOSPC when the utterance is full (text then truncated). */
int utterance_add(struct utterance *u, enum lang lang, const char *text);

/* Ends the last segment as a sentence (appends "." unless it already ends in
 * punctuation), so what follows is spoken after a full stop: a screen's title,
 * then its item count. Returns 0, or -ENOSPC when the segment is full. */
int utterance_end_sentence(struct utterance *u);

/* One line for logs and tests: "fr: texte | en: text". Returns length or -ENOSPC. */
int utterance_to_text(const struct utterance *u, char *out, size_t cap);

#endif
