/* espeak-ng in process. espeak-ng is one instance per process, so the engine state is
 * shared; its synchronous mode calls our callback with each chunk (about 20 ms of audio)
 * while espeak_Synth runs, and the chunk goes to the ring at once.
 * Once started, espeak-ng stays loaded until the process ends: with espeak-ng 1.51 an
 * espeak_Terminate followed by a new espeak_Initialize leaves its event thread in a
 * state where the next espeak_Terminate waits forever. A kiosk starts speech once. */
#include <errno.h>
#include <espeak-ng/speak_lib.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "voices/speech.h"
#include "voices/speech_engine.h"

/* Short chunks: the first voiced samples reach the ring a fraction of a millisecond
 * after espeak_Synth starts. */
#define SPEECH_ESPEAK_BUFFER_MS 20
#define SPEECH_ESPEAK_PATH_MAX  512

static const char *const speech_espeak_voices[LANG_COUNT] = {
    [LANG_FR] = "fr",    /* espeak-ng-data/lang/roa/fr */
    [LANG_EN] = "en-us", /* espeak-ng-data/lang/gmw/en-US */
};

struct speech_espeak_job {
	speech_sink_fn sink;
	void *ctx;
};

static struct {
	bool started;
	int refs;
	char data[SPEECH_ESPEAK_PATH_MAX]; /* the directory espeak-ng reads */
	int voice;                         /* enum lang loaded, -1 none */
	int wpm;
} speech_espeak_state = {.voice = -1};

static int speech_espeak_callback(short *wav, int n, espeak_EVENT *events)
{
	struct speech_espeak_job *job = events ? events[0].user_data : NULL;
	if (!job || !wav || n <= 0)
		return 0;
	return job->sink(job->ctx, wav, (size_t)n) ? 1 : 0;
}

static bool has_phontab(const char *dir)
{
	char file[SPEECH_ESPEAK_PATH_MAX + 16];
	if (!dir || snprintf(file, sizeof(file), "%s/phontab", dir) >= (int)sizeof(file))
		return false;
	return access(file, R_OK) == 0;
}

static bool same_dir(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];
	if (!realpath(a, ra) || !realpath(b, rb))
		return strcmp(a, b) == 0;
	return strcmp(ra, rb) == 0;
}

static int speech_espeak_set_voice(enum lang lang)
{
	if (speech_espeak_state.voice == (int)lang)
		return 0;
	if (espeak_SetVoiceByName(speech_espeak_voices[lang]) != EE_OK) {
		speech_espeak_state.voice = -1;
		return -ENOENT;
	}
	speech_espeak_state.voice = (int)lang;
	return 0;
}

static int speech_espeak_open(const struct speech_config *cfg, void **state, char *err,
                              size_t errcap)
{
	const char *want = cfg->espeak_data ? cfg->espeak_data : "";
	const char *used = NULL;

	/* espeak-ng quietly falls back on its default data when the one asked for is
	 * missing: look first, so a bad path is an error and not another voice. */
	if (cfg->espeak_data && !has_phontab(cfg->espeak_data)) {
		snprintf(err, errcap, "espeak-ng data not found in %s (no phontab)",
		         cfg->espeak_data);
		return -ENOENT;
	}
	if (strlen(want) >= SPEECH_ESPEAK_PATH_MAX) {
		snprintf(err, errcap, "espeak-ng data path too long");
		return -EINVAL;
	}
	if (speech_espeak_state.started) {
		/* One espeak-ng per process: a second speech shares it, if it asks for the
		 * same data (or for the default, whatever runs). */
		if (cfg->espeak_data && !same_dir(cfg->espeak_data, speech_espeak_state.data)) {
			snprintf(err, errcap, "espeak-ng already runs with the data in %s",
			         speech_espeak_state.data);
			return -EBUSY;
		}
		speech_espeak_state.refs++;
		*state = &speech_espeak_state;
		return 0;
	}
	if (espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, SPEECH_ESPEAK_BUFFER_MS, cfg->espeak_data,
	                      espeakINITIALIZE_DONT_EXIT) < 0) {
		snprintf(err, errcap, "espeak-ng could not start with the data in %s",
		         want[0] ? want : "its default directory");
		return -ENOENT;
	}
	espeak_Info(&used);
	if (!has_phontab(used)) {
		snprintf(err, errcap, "espeak-ng data not found in %s (no phontab)",
		         used ? used : "its default directory");
		espeak_Terminate();
		return -ENOENT;
	}
	espeak_SetSynthCallback(speech_espeak_callback);
	speech_espeak_state.voice = -1;
	speech_espeak_state.wpm = 0;
	/* Load both voices now: the first load reads the dictionary (tens of ms), which
	 * must not happen on the first key press. */
	for (int l = LANG_COUNT - 1; l >= 0; l--) {
		if (speech_espeak_set_voice((enum lang)l) < 0) {
			snprintf(err, errcap, "espeak-ng voice \"%s\" not found in %s",
			         speech_espeak_voices[l], used);
			espeak_Terminate();
			return -ENOENT;
		}
	}
	snprintf(speech_espeak_state.data, sizeof(speech_espeak_state.data), "%s", used);
	speech_espeak_state.started = true;
	speech_espeak_state.refs = 1;
	*state = &speech_espeak_state;
	return 0;
}

static void speech_espeak_close(void *state)
{
	(void)state;
	/* espeak-ng itself stays loaded (see the top of this file). */
	if (speech_espeak_state.refs > 0)
		speech_espeak_state.refs--;
}

static int speech_espeak_synth(void *state, enum lang lang, const char *text, int wpm,
                               speech_sink_fn sink, void *ctx)
{
	struct speech_espeak_job job = {sink, ctx};
	(void)state;

	if (lang < 0 || lang >= LANG_COUNT)
		return -EINVAL;
	int rc = speech_espeak_set_voice(lang);
	if (rc < 0)
		return rc;
	if (wpm != speech_espeak_state.wpm) {
		if (espeak_SetParameter(espeakRATE, wpm, 0) != EE_OK)
			return -EIO;
		speech_espeak_state.wpm = wpm;
	}
	/* text comes from normalize_spoken (speech.c): "[[" only where it put phonemes. */
	if (espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
	                 espeakCHARS_UTF8 | espeakPHONEMES, NULL, &job) != EE_OK)
		return -EIO;
	return 0;
}

const struct speech_engine speech_espeak_engine = {
    "espeak",
    speech_espeak_open,
    speech_espeak_close,
    speech_espeak_synth,
};
