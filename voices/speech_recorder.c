/* What was said, kept three ways: in memory for a script's "expect said", a text log
 * with the caller's clock, and a WAV of every sample. */
#include "voices/speech_recorder.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "voices/audio.h"
#include "voices/wav.h"

#define RECORDER_TEXT_MAX 4096

struct recorder_entry {
	uint64_t t_ms;
	enum lang lang;
	char *text;
};

struct speech_recorder {
	FILE *log;
	wav_t *wav;
	struct recorder_entry *entries; /* a ring of RECORDER_MAX_ENTRIES */
	size_t first, count;
	size_t forgotten; /* absolute index of entries[first]: older ones were forgotten */
	size_t earcons;   /* since the last mark */
	const char *last_earcon;
};

int recorder_new(const char *log_path, const char *wav_path, struct speech_recorder **out)
{
	int rc;
	if (!out)
		return -EINVAL;
	struct speech_recorder *r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->entries = calloc(RECORDER_MAX_ENTRIES, sizeof(*r->entries));
	if (!r->entries) {
		rc = -ENOMEM;
		goto fail_free;
	}
	if (log_path && !(r->log = fopen(log_path, "w"))) {
		rc = -EIO;
		goto fail_free_entries;
	}
	if (wav_path && (rc = wav_open(wav_path, AUDIO_RATE, &r->wav)) < 0)
		goto fail_close_log;
	*out = r;
	return 0;

fail_close_log:
	if (r->log)
		fclose(r->log);
fail_free_entries:
	free(r->entries);
fail_free:
	free(r);
	return rc;
}

/* Frees the kept texts before absolute index `upto`. */
static void forget_before(struct speech_recorder *r, size_t upto)
{
	while (r->count > 0 && r->forgotten < upto) {
		free(r->entries[r->first].text);
		r->entries[r->first].text = NULL;
		r->first = (r->first + 1) % RECORDER_MAX_ENTRIES;
		r->count--;
		r->forgotten++;
	}
}

void recorder_free(struct speech_recorder *r)
{
	if (!r)
		return;
	forget_before(r, r->forgotten + r->count);
	free(r->entries);
	if (r->log)
		fclose(r->log);
	wav_close(r->wav);
	free(r);
}

static void log_line(struct speech_recorder *r, uint64_t now_ms, const char *what, const char *text)
{
	if (!r->log)
		return;
	fprintf(r->log, "t=%" PRIu64 ".%03u %s: ", now_ms / 1000, (unsigned)(now_ms % 1000), what);
	/* One line per segment, whatever the text holds. */
	for (const char *p = text; *p; p++)
		fputc(*p == '\n' || *p == '\r' ? ' ' : *p, r->log);
	fputc('\n', r->log);
	fflush(r->log);
}

void recorder_add_text(struct speech_recorder *r, uint64_t now_ms, enum lang lang, const char *text)
{
	if (!r || !text)
		return;
	size_t len = strnlen(text, RECORDER_TEXT_MAX - 1);
	char *copy = malloc(len + 1);
	if (!copy)
		return;
	memcpy(copy, text, len);
	copy[len] = '\0';
	/* Full: the oldest goes; a script only looks at what came lately. */
	if (r->count == RECORDER_MAX_ENTRIES)
		forget_before(r, r->forgotten + 1);
	struct recorder_entry *e = &r->entries[(r->first + r->count) % RECORDER_MAX_ENTRIES];
	e->t_ms = now_ms;
	e->lang = lang;
	e->text = copy;
	r->count++;
	log_line(r, now_ms, lang_code(lang), copy);
}

void recorder_add_earcon(struct speech_recorder *r, uint64_t now_ms, const char *name)
{
	if (!r || !name)
		return;
	r->earcons++;
	r->last_earcon = name;
	log_line(r, now_ms, "earcon", name);
}

void recorder_add_samples(struct speech_recorder *r, const int16_t *s, size_t n)
{
	if (r && r->wav)
		wav_write(r->wav, s, n);
}

void recorder_mark_stop(struct speech_recorder *r, uint64_t now_ms)
{
	if (r)
		log_line(r, now_ms, "stop", "");
}

size_t recorder_count(const struct speech_recorder *r)
{
	return r ? r->forgotten + r->count : 0;
}

static const struct recorder_entry *entry_at(const struct speech_recorder *r, size_t i)
{
	if (!r || i < r->forgotten || i - r->forgotten >= r->count)
		return NULL;
	return &r->entries[(r->first + (i - r->forgotten)) % RECORDER_MAX_ENTRIES];
}

const char *recorder_text(const struct speech_recorder *r, size_t i, enum lang *lang)
{
	const struct recorder_entry *e = entry_at(r, i);
	if (!e)
		return NULL;
	if (lang)
		*lang = e->lang;
	return e->text;
}

uint64_t recorder_time(const struct speech_recorder *r, size_t i)
{
	const struct recorder_entry *e = entry_at(r, i);
	return e ? e->t_ms : 0;
}

size_t recorder_earcons(const struct speech_recorder *r, const char **last)
{
	if (!r)
		return 0;
	if (last)
		*last = r->last_earcon;
	return r->earcons;
}

void recorder_mark(struct speech_recorder *r)
{
	if (!r)
		return;
	forget_before(r, r->forgotten + r->count);
	r->earcons = 0;
	r->last_earcon = NULL;
	/* The files stay valid at each check, even if the run dies afterwards. */
	if (r->wav)
		wav_flush(r->wav);
}

size_t recorder_mark_index(const struct speech_recorder *r)
{
	return r ? r->forgotten : 0;
}
