/* voices/speech*.c with the real espeak-ng into the "manual", "wav" and "null" audio
 * outputs, plus the "tone" stand-in and the recorder. No timed assertions: speed is
 * measured by make bench. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <espeak-ng/speak_lib.h>

#include "voices/normalize.h"

#include "voices/speech.h"
#include "voices/speech_recorder.h"
#include "voices/wav.h"

#define TAIL_KEEP (AUDIO_RATE * 80 / 1000)

static char dir[] = "/tmp/test_speech.XXXXXX";
static int16_t pulled[AUDIO_RATE * 30];

static int group_setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

struct rig {
	audio_t *audio;
	speech_t *sp;
};

static void rig_open(struct rig *r, const char *engine)
{
	struct audio_config ac = {.backend = "manual", .ring_seconds = 60};
	assert_int_equal(audio_new(&ac, &r->audio), 0);
	struct speech_config sc = {.engine = engine, .audio = r->audio};
	int rc = speech_new(&sc, &r->sp);
	if (rc < 0)
		fail_msg("speech_new: %d %s", rc, speech_last_error());
}

static void rig_close(struct rig *r)
{
	speech_free(r->sp);
	audio_free(r->audio);
}

/* An espeak-ng rig whose words are also kept by a recorder (the spoken log, in memory). */
static void rig_open_recorded(struct rig *r, struct speech_recorder **rec)
{
	rig_open(r, "espeak");
	assert_int_equal(recorder_new(NULL, NULL, rec), 0);
	speech_set_recorder(r->sp, *rec);
}

static void say(speech_t *sp, enum lang lang, const char *text, uint64_t now)
{
	struct utterance u;
	utterance_clear(&u);
	assert_int_equal(utterance_add(&u, lang, text), 0);
	assert_int_equal(speech_say(sp, &u, now), 0);
}

/* Drains the ring into `pulled`; returns the number of samples. */
static size_t drain(audio_t *a)
{
	size_t n = audio_queued(a);
	assert_true(n <= sizeof(pulled) / sizeof(pulled[0]));
	assert_int_equal(audio_pull(a, pulled, n), n);
	return n;
}

static size_t count_voiced(const int16_t *s, size_t n)
{
	size_t v = 0;
	for (size_t i = 0; i < n; i++)
		v += audio_voiced(s[i]);
	return v;
}

static size_t trailing_quiet(const int16_t *s, size_t n)
{
	size_t q = 0;
	while (q < n && !audio_voiced(s[n - 1 - q]))
		q++;
	return q;
}

static void check_speech(const int16_t *s, size_t n)
{
	assert_true(n > AUDIO_RATE / 2); /* a sentence lasts more than half a second */
	assert_true(audio_voiced(s[0])); /* leading silence trimmed */
	assert_true(count_voiced(s, n) > n / 4);
	assert_true(trailing_quiet(s, n) <= TAIL_KEEP); /* trailing silence shortened */
	int peak = 0;
	for (size_t i = 0; i < n; i++)
		if (abs(s[i]) > peak)
			peak = abs(s[i]);
	assert_true(peak > 3000);
}

static void test_french_and_english_speak(void **state)
{
	(void)state;
	struct rig r;
	rig_open(&r, "espeak");
	say(r.sp, LANG_FR, "Vérifier une demande, bouton, 2 sur 5", 0);
	size_t n_fr = drain(r.audio);
	check_speech(pulled, n_fr);
	say(r.sp, LANG_EN, "Check a request, button, 2 of 5", 0);
	size_t n_en = drain(r.audio);
	check_speech(pulled, n_en);
	assert_int_not_equal(n_fr, n_en);
	rig_close(&r);
}

static void test_every_segment_is_trimmed(void **state)
{
	(void)state;
	struct rig r;
	rig_open(&r, "espeak");
	struct utterance u;
	utterance_clear(&u);
	utterance_add(&u, LANG_EN, "English");
	utterance_add(&u, LANG_FR, "bouton, 4 sur 5");
	assert_int_equal(speech_say(r.sp, &u, 0), 0);
	size_t both = drain(r.audio);
	check_speech(pulled, both);
	say(r.sp, LANG_EN, "English", 0);
	size_t en = drain(r.audio);
	say(r.sp, LANG_FR, "bouton, 4 sur 5", 0);
	size_t fr = drain(r.audio);
	/* Two segments are their two parts, nothing in between (espeak-ng's voicing has
	 * some randomness: lengths vary by a few milliseconds from run to run). */
	size_t sum = en + fr, slack = sum / 50;
	if (both + slack < sum || both > sum + slack)
		fail_msg("both %zu, en %zu + fr %zu", both, en, fr);
	rig_close(&r);
}

static void test_stop_clears(void **state)
{
	(void)state;
	struct rig r;
	rig_open(&r, "espeak");
	say(r.sp, LANG_FR, "Bonjour. Pour le français, appuyez sur 1.", 1000);
	assert_true(audio_queued(r.audio) > 0);
	assert_true(speech_busy_until(r.sp) > 1000);
	speech_stop(r.sp, 1200);
	assert_int_equal(audio_queued(r.audio), 0);
	assert_int_equal(speech_busy_until(r.sp), 0);
	assert_int_equal(audio_first_voiced_ns(r.audio), 0);
	rig_close(&r);
}

static void test_repeat(void **state)
{
	(void)state;
	struct rig r;
	struct speech_recorder *rec;
	rig_open_recorded(&r, &rec);
	assert_int_equal(speech_repeat(r.sp, 0), -ENOENT);
	say(r.sp, LANG_EN, "Pound: repeat the last sentence.", 0);
	size_t first = drain(r.audio);
	speech_stop(r.sp, 10);
	assert_int_equal(speech_repeat(r.sp, 20), 0);
	size_t again = audio_queued(r.audio);
	/* espeak-ng's output varies by a few samples from one run to the next. */
	assert_true(again > first * 95 / 100 && again < first * 105 / 100);
	assert_int_equal(recorder_count(rec), 2);
	assert_string_equal(recorder_text(rec, 1, NULL), "Pound: repeat the last sentence.");
	rig_close(&r);
	recorder_free(rec);
}

static void test_rate_changes_duration(void **state)
{
	(void)state;
	struct rig r;
	rig_open(&r, "espeak");
	assert_int_equal(speech_rate(r.sp), 2);
	assert_int_equal(speech_rate_wpm(0), 130);
	assert_int_equal(speech_rate_wpm(1), 155);
	assert_int_equal(speech_rate_wpm(3), 215);
	assert_int_equal(speech_rate_wpm(2), 175);
	assert_int_equal(speech_rate_wpm(4), 260);
	assert_int_equal(speech_rate_wpm(9), 260);
	const char *text = "Touchez votre langue pour commencer.";
	speech_set_rate(r.sp, 0);
	say(r.sp, LANG_FR, text, 0);
	size_t slow = drain(r.audio);
	speech_set_rate(r.sp, 2);
	say(r.sp, LANG_FR, text, 0);
	size_t normal = drain(r.audio);
	speech_set_rate(r.sp, 4);
	say(r.sp, LANG_FR, text, 0);
	size_t fast = drain(r.audio);
	assert_true(slow > normal && normal > fast);
	assert_true(slow > fast * 3 / 2);
	speech_set_rate(r.sp, -3);
	assert_int_equal(speech_rate(r.sp), 0);
	rig_close(&r);
}

static void test_volume(void **state)
{
	(void)state;
	struct rig r;
	rig_open(&r, "tone"); /* deterministic: the same samples twice */
	speech_set_volume(r.sp, 5);
	assert_int_equal(speech_volume(r.sp), 10);
	speech_set_volume(r.sp, 50);
	say(r.sp, LANG_EN, "Louder", 0);
	int16_t half[64];
	audio_pull(r.audio, half, 64);
	speech_stop(r.sp, 0);
	speech_set_volume(r.sp, 100);
	say(r.sp, LANG_EN, "Louder", 0);
	int16_t full[64];
	audio_pull(r.audio, full, 64);
	/* Same samples, half as loud. */
	for (int i = 0; i < 64; i++)
		assert_true(abs(half[i] - full[i] / 2) <= 1);
	rig_close(&r);
}

static void test_busy_until(void **state)
{
	(void)state;
	struct rig r;
	rig_open(&r, "espeak");
	assert_int_equal(speech_busy_until(r.sp), 0);
	say(r.sp, LANG_EN, "One moment", 1000);
	size_t n1 = audio_queued(r.audio);
	uint64_t end1 = 1000 + (n1 * 1000 + AUDIO_RATE - 1) / AUDIO_RATE;
	assert_int_equal(speech_busy_until(r.sp), end1);
	/* Said while the first still plays: queued after it. */
	say(r.sp, LANG_FR, "Un instant", 1100);
	size_t n2 = audio_queued(r.audio) - n1;
	assert_int_equal(speech_busy_until(r.sp), end1 + (n2 * 1000 + AUDIO_RATE - 1) / AUDIO_RATE);
	/* Earcons count too; after a quiet while, from now. */
	assert_int_equal(speech_earcon(r.sp, EARCON_PAGE, 60000), 0);
	size_t ne = earcon_length(EARCON_PAGE, AUDIO_RATE);
	assert_int_equal(audio_queued(r.audio), n1 + n2 + ne);
	assert_int_equal(speech_busy_until(r.sp),
	                 60000 + (ne * 1000 + AUDIO_RATE - 1) / AUDIO_RATE);
	assert_int_equal(speech_earcon(r.sp, EARCON_COUNT, 0), -EINVAL);
	rig_close(&r);
}

static void test_bad_data_path(void **state)
{
	(void)state;
	speech_t *sp = NULL;
	struct speech_config sc = {.engine = "espeak", .espeak_data = "/nonexistent/espeak-data"};
	assert_int_equal(speech_new(&sc, &sp), -ENOENT);
	assert_null(sp);
	assert_non_null(strstr(speech_last_error(), "/nonexistent/espeak-data"));
	/* A directory that is not espeak-ng's data. */
	sc.espeak_data = dir;
	assert_int_equal(speech_new(&sc, &sp), -ENOENT);
	assert_non_null(strstr(speech_last_error(), dir));
	/* Still alive, and espeak-ng still works afterwards. */
	struct rig r;
	rig_open(&r, "espeak");
	say(r.sp, LANG_FR, "Bonjour", 0);
	assert_true(audio_queued(r.audio) > 0);
	rig_close(&r);
	struct speech_config bad = {.engine = "festival"};
	assert_int_equal(speech_new(&bad, &sp), -EINVAL);
	assert_non_null(strstr(speech_last_error(), "festival"));
}

static void test_one_espeak_per_process(void **state)
{
	(void)state;
	struct rig a, b;
	rig_open(&a, "espeak");
	rig_open(&b, "espeak");
	/* Other data while espeak-ng runs: refused, not silently ignored. */
	char other[160];
	snprintf(other, sizeof(other), "%s/data", dir);
	char cmd[400];
	snprintf(cmd, sizeof(cmd), "mkdir -p %s && touch %s/phontab", other, other);
	assert_int_equal(system(cmd), 0);
	speech_t *sp = NULL;
	struct speech_config sc = {.engine = "espeak", .espeak_data = other};
	assert_int_equal(speech_new(&sc, &sp), -EBUSY);
	rig_close(&a);
	say(b.sp, LANG_EN, "Still here", 0);
	assert_true(audio_queued(b.audio) > 0);
	rig_close(&b);
}

static void test_wav_output_starts_voiced(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof(path), "%s/said.wav", dir);
	struct audio_config ac = {.backend = "wav", .wav_path = path};
	audio_t *a;
	speech_t *sp;
	assert_int_equal(audio_new(&ac, &a), 0);
	struct speech_config sc = {.engine = "espeak", .audio = a};
	assert_int_equal(speech_new(&sc, &sp), 0);
	uint64_t before = audio_clock_ns();
	say(sp, LANG_FR, "Numéro de référence, champ de saisie, vide", 0);
	assert_true(audio_first_voiced_ns(a) >= before);
	speech_free(sp);
	audio_free(a);
	int16_t *s = NULL;
	size_t n = 0;
	int rate = 0;
	assert_int_equal(wav_read(path, AUDIO_RATE * 30, &s, &n, &rate), 0);
	assert_int_equal(rate, AUDIO_RATE);
	check_speech(s, n);
	free(s);
}

static void test_recorder(void **state)
{
	(void)state;
	char log[128], wav[128];
	snprintf(log, sizeof(log), "%s/said.log", dir);
	snprintf(wav, sizeof(wav), "%s/rec.wav", dir);
	struct speech_recorder *rec;
	struct rig r;
	assert_int_equal(recorder_new(log, wav, &rec), 0);
	rig_open(&r, "espeak");
	speech_set_recorder(r.sp, rec);
	struct utterance u;
	utterance_clear(&u);
	utterance_add(&u, LANG_FR, "Français");
	utterance_add(&u, LANG_EN, "button, 5 of 5");
	assert_int_equal(speech_say(r.sp, &u, 12345), 0);
	speech_earcon(r.sp, EARCON_MOVE, 13000);
	size_t pushed = audio_queued(r.audio);
	speech_stop(r.sp, 14000);

	enum lang lang;
	assert_int_equal(recorder_count(rec), 2);
	assert_string_equal(recorder_text(rec, 0, &lang), "Français");
	assert_int_equal(lang, LANG_FR);
	assert_string_equal(recorder_text(rec, 1, &lang), "button, 5 of 5");
	assert_int_equal(lang, LANG_EN);
	assert_int_equal(recorder_time(rec, 1), 12345);
	const char *last = NULL;
	assert_int_equal(recorder_earcons(rec, &last), 1);
	assert_string_equal(last, "move");

	/* A check looks at what was said since the previous one. */
	recorder_mark(rec);
	assert_int_equal(recorder_mark_index(rec), 2);
	assert_null(recorder_text(rec, 0, NULL));
	say(r.sp, LANG_EN, "Help", 15000);
	assert_int_equal(recorder_count(rec), 3);
	assert_string_equal(recorder_text(rec, 2, NULL), "Help");
	assert_null(recorder_text(rec, 3, NULL));
	pushed += audio_queued(r.audio);
	rig_close(&r);
	recorder_free(rec);

	FILE *f = fopen(log, "r");
	assert_non_null(f);
	char text[1024];
	size_t len = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[len] = '\0';
	assert_string_equal(text, "t=12.345 fr: Français\n"
	                          "t=12.345 en: button, 5 of 5\n"
	                          "t=13.000 earcon: move\n"
	                          "t=14.000 stop: \n"
	                          "t=15.000 en: Help\n");
	int16_t *s;
	size_t n;
	int rate;
	assert_int_equal(wav_read(wav, AUDIO_RATE * 30, &s, &n, &rate), 0);
	assert_int_equal(n, pushed); /* everything said, earcon included */
	free(s);
}

static void test_recorder_bounded(void **state)
{
	(void)state;
	struct speech_recorder *rec;
	assert_int_equal(recorder_new(NULL, NULL, &rec), 0);
	char t[32];
	for (int i = 0; i < RECORDER_MAX_ENTRIES + 10; i++) {
		snprintf(t, sizeof(t), "n%d", i);
		recorder_add_text(rec, (uint64_t)i, LANG_FR, t);
	}
	assert_int_equal(recorder_count(rec), RECORDER_MAX_ENTRIES + 10);
	assert_int_equal(recorder_mark_index(rec), 10);
	assert_null(recorder_text(rec, 9, NULL));
	assert_string_equal(recorder_text(rec, 10, NULL), "n10");
	snprintf(t, sizeof(t), "n%d", RECORDER_MAX_ENTRIES + 9);
	assert_string_equal(recorder_text(rec, RECORDER_MAX_ENTRIES + 9, NULL), t);
	recorder_free(rec);
	recorder_free(NULL);
	assert_int_equal(recorder_new("/nonexistent-dir/said.log", NULL, &rec), -EIO);
}

/* The log keeps the words as the synthesiser got them, so a test asserts what a visitor
 * hears ("14 heures 30"), not what the screen shows ("14 h 30"). */
static void test_recorder_keeps_spoken_words(void **state)
{
	(void)state;
	struct speech_recorder *rec;
	struct rig r;
	rig_open_recorded(&r, &rec);
	struct utterance u;
	utterance_clear(&u);
	utterance_add(&u, LANG_FR, "Ouvert jusqu’à 14 h 30");
	utterance_add(&u, LANG_EN, "Open until 2:05 PM");
	assert_int_equal(speech_say(r.sp, &u, 0), 0);
	enum lang lang;
	assert_string_equal(recorder_text(rec, 0, &lang), "Ouvert jusqu’à 14 heures 30");
	assert_int_equal(lang, LANG_FR);
	assert_string_equal(recorder_text(rec, 1, &lang), "Open until 2 oh 5 PM");
	assert_int_equal(lang, LANG_EN);
	check_speech(pulled, drain(r.audio));
	rig_close(&r);
	recorder_free(rec);
}

/* The phonemes real espeak-ng makes of text as the kiosk sends it (the voice of the
 * last segment said stays loaded). */
static void phonemes_of(enum lang lang, const char *text, char *out, size_t cap)
{
	char spoken[512];
	assert_true(normalize_spoken(lang, text, spoken, sizeof(spoken)) > 0);
	const void *p = spoken;
	out[0] = '\0';
	while (p) {
		const char *ph = espeak_TextToPhonemes(&p, espeakCHARS_UTF8 | espeakPHONEMES, 0);
		if (ph && strlen(out) + strlen(ph) + 2 < cap) {
			strncat(out, ph, cap - strlen(out) - 2);
			strncat(out, " ", 2);
		}
	}
}

/* "Down arrow" was heard as "Up arrow" at every rate and "not checked" as "checked" at
 * 215 and 260 words a minute: espeak-ng said "Down" and "not" with a weak stress
 * (",aUn", ",0t"). They now carry a full stress, so the words stand apart. */
static void test_confusable_words_are_stressed(void **state)
{
	(void)state;
	char down[512], up[512], unchecked[512], checked[512];
	struct rig r;
	rig_open(&r, "espeak");
	say(r.sp, LANG_EN, "English", 0); /* loads the English voice */
	phonemes_of(LANG_EN, "Use the Down arrow.", down, sizeof(down));
	phonemes_of(LANG_EN, "Use the Up arrow.", up, sizeof(up));
	phonemes_of(LANG_EN, "check box, not checked, 2 of 9", unchecked, sizeof(unchecked));
	phonemes_of(LANG_EN, "check box, checked, 2 of 9", checked, sizeof(checked));
	if (!strstr(down, "d'aUn"))
		fail_msg("\"Down\" without its stress: %s", down);
	if (!strstr(unchecked, "n'0t"))
		fail_msg("\"not\" without its stress: %s", unchecked);
	assert_null(strstr(checked, "0t"));
	assert_null(strstr(up, "aUn"));
	drain(r.audio);
	rig_close(&r);
}

/* At 260 words a minute "Down arrow" was still heard as "Up arrow": it is said at 215 there
 * (the rest of the sentence keeps its rate), and the voice really slows for it. */
static void test_confusable_words_paced_at_the_fastest_rate(void **state)
{
	(void)state;
	struct rig r;
	struct speech_recorder *rec;
	rig_open_recorded(&r, &rec);
	speech_set_rate(r.sp, 4);
	say(r.sp, LANG_EN, "Use the Down arrow, then the key.", 0);
	size_t paced = drain(r.audio);
	say(r.sp, LANG_EN, "Use the Town arrow, then the key.", 0); /* same length, not paced */
	size_t plain = drain(r.audio);
	assert_non_null(strstr(recorder_text(rec, 0, NULL), "\001-45S"));
	assert_null(strstr(recorder_text(rec, 1, NULL), "\001"));
	assert_true(paced > plain * 105 / 100);
	speech_set_rate(r.sp, 3);
	say(r.sp, LANG_EN, "Use the Down arrow, then the key.", 0);
	drain(r.audio);
	assert_null(strstr(recorder_text(rec, 2, NULL), "\001"));
	rig_close(&r);
	recorder_free(rec);
}

static void test_accented_echo_and_phoneme_brackets(void **state)
{
	(void)state;
	struct rig r;
	rig_open(&r, "espeak");
	say(r.sp, LANG_FR, "é, e accent aigu", 0);
	check_speech(pulled, drain(r.audio));
	/* A visitor typing espeak-ng's phoneme brackets gets them read as text. */
	say(r.sp, LANG_EN, "[[h@'loU]] [[", 0);
	assert_true(drain(r.audio) > 0);
	rig_close(&r);
}

static size_t zero_crossings(const int16_t *s, size_t n)
{
	size_t z = 0;
	for (size_t i = 1; i < n; i++)
		z += (s[i - 1] < 0) != (s[i] < 0);
	return z;
}

static void test_tone_engine(void **state)
{
	(void)state;
	struct rig r;
	rig_open(&r, "tone");
	say(r.sp, LANG_FR, "Bonjour, madame", 0);
	size_t fr = drain(r.audio);
	assert_true(audio_voiced(pulled[0]));
	assert_true(trailing_quiet(pulled, fr) <= TAIL_KEEP);
	size_t zfr = zero_crossings(pulled, fr);
	say(r.sp, LANG_FR, "Bonjour, madame", 0);
	assert_int_equal(drain(r.audio), fr); /* deterministic */
	say(r.sp, LANG_EN, "Bonjour, madame", 0);
	size_t en = drain(r.audio);
	assert_true(en + 4 >= fr && en <= fr + 4); /* same length class: the ends differ */
	assert_true(zero_crossings(pulled, en) > zfr * 5 / 4); /* English is higher */
	speech_set_rate(r.sp, 0);
	say(r.sp, LANG_FR, "Bonjour, madame", 0);
	assert_true(drain(r.audio) > fr * 5 / 4);
	/* About the length of speech: 15 characters at 130 wpm, near a second. */
	assert_true(fr > AUDIO_RATE / 2 && fr < AUDIO_RATE * 2);
	rig_close(&r);
}

static void test_without_audio(void **state)
{
	(void)state;
	speech_t *sp;
	struct speech_config sc = {.engine = "tone"};
	assert_int_equal(speech_new(&sc, &sp), 0);
	say(sp, LANG_EN, "text only", 500);
	assert_true(speech_busy_until(sp) > 500);
	speech_stop(sp, 600);
	speech_set_volume(sp, 40);
	speech_free(sp);
	speech_free(NULL);
	assert_int_equal(speech_say(NULL, NULL, 0), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_french_and_english_speak),
	    cmocka_unit_test(test_every_segment_is_trimmed),
	    cmocka_unit_test(test_stop_clears),
	    cmocka_unit_test(test_repeat),
	    cmocka_unit_test(test_rate_changes_duration),
	    cmocka_unit_test(test_volume),
	    cmocka_unit_test(test_busy_until),
	    cmocka_unit_test(test_bad_data_path),
	    cmocka_unit_test(test_one_espeak_per_process),
	    cmocka_unit_test(test_wav_output_starts_voiced),
	    cmocka_unit_test(test_recorder),
	    cmocka_unit_test(test_recorder_bounded),
	    cmocka_unit_test(test_recorder_keeps_spoken_words),
	    cmocka_unit_test(test_confusable_words_are_stressed),
	    cmocka_unit_test(test_confusable_words_paced_at_the_fastest_rate),
	    cmocka_unit_test(test_accented_echo_and_phoneme_brackets),
	    cmocka_unit_test(test_tone_engine),
	    cmocka_unit_test(test_without_audio),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
