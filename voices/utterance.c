/* Utterances: language segments joined so the voice switches only where the language does. */
#include "voices/utterance.h"

#include <errno.h>
#include <string.h>

void utterance_clear(struct utterance *u)
{
	if (!u)
		return;
	u->count = 0;
	u->personal = false;
	u->seg[0].text[0] = '\0';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Clause punctuation after which a plain space is enough: the voice already pauses. */
static bool ends_in_punct(const char *s, size_t len)
{
	static const char *const marks[] = {".", ",", ";", ":", "!", "?", "\xe2\x80\xa6" /* … */};
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		size_t m = strlen(marks[i]);
		if (len >= m && memcmp(s + len - m, marks[i], m) == 0)
			return true;
	}
	return false;
}

/* Copies at most `room` bytes of src to dst without cutting a UTF-8 sequence.
 * Returns the number of bytes copied. */
static size_t copy_utf8(char *dst, size_t room, const char *src, size_t len)
{
	if (len <= room) {
		memcpy(dst, src, len);
		return len;
	}
	size_t n = room;
	while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
		n--;
	memcpy(dst, src, n);
	return n;
}

int utterance_add(struct utterance *u, enum lang lang, const char *text)
{
	if (!u || !text)
		return -EINVAL;
	while (is_space(*text))
		text++;
	size_t len = strlen(text);
	while (len > 0 && is_space(text[len - 1]))
		len--;
	if (len == 0)
		return 0;

	struct utterance_segment *seg;
	size_t at;
	if (u->count > 0 && u->seg[u->count - 1].lang == lang) {
		seg = &u->seg[u->count - 1];
		at = strlen(seg->text);
		/* Trailing blanks of the previous piece (strings such as "Well done. ") would
		 * otherwise double the separator. */
		while (at > 0 && is_space(seg->text[at - 1]))
			at--;
		const char *sep = ends_in_punct(seg->text, at) ? " " : ", ";
		size_t sep_len = strlen(sep);
		if (at + sep_len >= UTTERANCE_SEGMENT_MAX) {
			seg->text[at] = '\0';
			return -ENOSPC;
		}
		memcpy(seg->text + at, sep, sep_len);
		at += sep_len;
	} else {
		if (u->count >= UTTERANCE_MAX_SEGMENTS)
			return -ENOSPC;
		seg = &u->seg[u->count++];
		seg->lang = lang;
		at = 0;
	}
	/* A long text (a visitor's description) goes on in further segments of the same
	 * language, cut between words where it can be. */
	for (;;) {
		size_t room = UTTERANCE_SEGMENT_MAX - 1 - at;
		size_t n = copy_utf8(seg->text + at, room, text, len);
		if (n < len) {
			size_t cut = n;
			while (cut > n / 2 && !is_space(text[cut]))
				cut--;
			if (cut > n / 2)
				n = cut;
		}
		seg->text[at + n] = '\0';
		if (n >= len)
			return 0;
		text += n;
		len -= n;
		while (len > 0 && is_space(*text)) {
			text++;
			len--;
		}
		if (len == 0)
			return 0;
		if (u->count >= UTTERANCE_MAX_SEGMENTS)
			return -ENOSPC;
		seg = &u->seg[u->count++];
		seg->lang = lang;
		at = 0;
	}
}

int utterance_end_sentence(struct utterance *u)
{
	if (!u || u->count == 0)
		return 0;
	struct utterance_segment *seg = &u->seg[u->count - 1];
	size_t at = strlen(seg->text);
	while (at > 0 && is_space(seg->text[at - 1]))
		at--;
	seg->text[at] = '\0';
	if (at == 0 || ends_in_punct(seg->text, at))
		return 0;
	/* A comma would be too weak a stop; replace it rather than stacking marks. */
	if (seg->text[at - 1] == ',') {
		seg->text[at - 1] = '.';
		return 0;
	}
	if (at + 1 >= UTTERANCE_SEGMENT_MAX)
		return -ENOSPC;
	seg->text[at] = '.';
	seg->text[at + 1] = '\0';
	return 0;
}

int utterance_to_text(const struct utterance *u, char *out, size_t cap)
{
	if (!u || !out || cap == 0)
		return -EINVAL;
	size_t n = 0;
	out[0] = '\0';
	for (int i = 0; i < u->count; i++) {
		const char *pieces[3] = {i > 0 ? " | " : "", lang_code(u->seg[i].lang), ": "};
		for (int k = 0; k < 4; k++) {
			const char *p = k < 3 ? pieces[k] : u->seg[i].text;
			size_t len = strlen(p);
			if (n + len >= cap) {
				n += copy_utf8(out + n, cap - 1 - n, p, len);
				out[n] = '\0';
				return -ENOSPC;
			}
			memcpy(out + n, p, len);
			n += len;
		}
	}
	out[n] = '\0';
	return (int)n;
}
