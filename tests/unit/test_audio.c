/* voices/audio.c and voices/wav.c: the ring (push, pull, clear, overflow, volume), the
 * first-voiced stamp, the WAV round trip, and a missing device as an error. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "voices/audio.h"
#include "voices/wav.h"

static char dir[] = "/tmp/test_audio.XXXXXX";

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

static audio_t *open_manual(int ring_seconds)
{
	struct audio_config cfg = {.backend = "manual", .ring_seconds = ring_seconds};
	audio_t *a = NULL;
	assert_int_equal(audio_new(&cfg, &a), 0);
	assert_non_null(a);
	return a;
}

static void ramp(int16_t *s, size_t n, int start)
{
	for (size_t i = 0; i < n; i++)
		s[i] = (int16_t)(start + (int)i);
}

static void test_push_pull_in_order(void **state)
{
	(void)state;
	audio_t *a = open_manual(1);
	int16_t in[1000], out[600];
	ramp(in, 1000, 1000);
	assert_int_equal(audio_push(a, in, 1000), 0);
	assert_int_equal(audio_queued(a), 1000);
	assert_int_equal(audio_pull(a, out, 600), 600);
	assert_memory_equal(out, in, sizeof(out));
	assert_int_equal(audio_queued(a), 400);
	/* A short pull fills the rest with silence, as a device callback must. */
	assert_int_equal(audio_pull(a, out, 600), 400);
	assert_memory_equal(out, in + 600, 400 * sizeof(int16_t));
	for (int i = 400; i < 600; i++)
		assert_int_equal(out[i], 0);
	assert_int_equal(audio_queued(a), 0);
	audio_free(a);
}

static void test_wraps_around(void **state)
{
	(void)state;
	audio_t *a = open_manual(1); /* 22 050 samples */
	static int16_t in[15000], out[15000];
	ramp(in, 15000, 0);
	for (int round = 0; round < 5; round++) {
		assert_int_equal(audio_push(a, in, 15000), 0);
		assert_int_equal(audio_pull(a, out, 15000), 15000);
		assert_memory_equal(out, in, sizeof(out));
	}
	audio_free(a);
}

static void test_overflow_keeps_what_fits(void **state)
{
	(void)state;
	audio_t *a = open_manual(1);
	static int16_t in[30000], out[30000];
	ramp(in, 30000, -15000);
	assert_int_equal(audio_push(a, in, 30000), -ENOSPC);
	assert_int_equal(audio_queued(a), AUDIO_RATE);
	assert_int_equal(audio_push(a, in, 1), -ENOSPC);
	assert_int_equal(audio_pull(a, out, 30000), AUDIO_RATE);
	assert_memory_equal(out, in, AUDIO_RATE * sizeof(int16_t));
	audio_free(a);
}

static void test_clear_drops_everything(void **state)
{
	(void)state;
	audio_t *a = open_manual(2);
	int16_t in[5000], out[100];
	ramp(in, 5000, 500);
	audio_push(a, in, 5000);
	audio_pull(a, out, 100);
	audio_clear(a);
	assert_int_equal(audio_queued(a), 0);
	assert_int_equal(audio_pull(a, out, 100), 0);
	assert_int_equal(out[0], 0);
	/* After a clear, new samples come first. */
	int16_t next[3] = {7, 8, 9};
	audio_push(a, next, 3);
	assert_int_equal(audio_pull(a, out, 3), 3);
	assert_memory_equal(out, next, sizeof(next));
	audio_free(a);
}

static void test_volume(void **state)
{
	(void)state;
	audio_t *a = open_manual(1);
	int16_t in[2] = {20000, -20000}, out[2];
	audio_set_volume(a, 50);
	audio_push(a, in, 2);
	audio_pull(a, out, 2);
	assert_int_equal(out[0], 10000);
	assert_int_equal(out[1], -10000);
	/* Never silent (S7): 0 % is 10 %. */
	audio_set_volume(a, 0);
	audio_push(a, in, 2);
	audio_pull(a, out, 2);
	assert_in_range(out[0], 1999, 2000);
	audio_set_volume(a, 250);
	audio_push(a, in, 2);
	audio_pull(a, out, 2);
	assert_int_equal(out[0], 20000);
	audio_free(a);
}

static void test_first_voiced_is_stamped_when_handed_over(void **state)
{
	(void)state;
	audio_t *a = open_manual(1);
	int16_t quiet[100] = {0}, loud[10], out[200];
	for (int i = 0; i < 10; i++)
		loud[i] = 5000;
	quiet[50] = AUDIO_VOICED_THRESHOLD - 1;
	assert_int_equal(audio_first_voiced_ns(a), 0);
	audio_push(a, quiet, 100);
	audio_push(a, loud, 10);
	/* Queued is not handed over. */
	assert_int_equal(audio_first_voiced_ns(a), 0);
	audio_pull(a, out, 100);
	assert_int_equal(audio_first_voiced_ns(a), 0);
	uint64_t before = audio_clock_ns();
	audio_pull(a, out, 100);
	uint64_t t = audio_first_voiced_ns(a);
	assert_true(t >= before && t <= audio_clock_ns());
	/* Later voiced samples do not move it; a clear resets it. */
	audio_push(a, loud, 10);
	audio_pull(a, out, 10);
	assert_int_equal(audio_first_voiced_ns(a), t);
	audio_clear(a);
	assert_int_equal(audio_first_voiced_ns(a), 0);
	audio_free(a);
}

static void test_null_backend(void **state)
{
	(void)state;
	struct audio_config cfg = {.backend = "null"};
	audio_t *a = NULL;
	int16_t loud[4] = {0, 0, 9000, 9000}, out[4];
	assert_int_equal(audio_new(&cfg, &a), 0);
	assert_int_equal(audio_push(a, loud, 2), 0);
	assert_int_equal(audio_first_voiced_ns(a), 0);
	assert_int_equal(audio_push(a, loud, 4), 0);
	assert_true(audio_first_voiced_ns(a) > 0);
	assert_int_equal(audio_queued(a), 0);
	assert_int_equal(audio_pull(a, out, 4), 0);
	audio_free(a);
}

static void test_wav_backend_round_trip(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof(path), "%s/out.wav", dir);
	struct audio_config cfg = {.backend = "wav", .wav_path = path};
	audio_t *a = NULL;
	static int16_t in[3000];
	for (int i = 0; i < 3000; i++)
		in[i] = (int16_t)((i * 37) % 60000 - 30000);
	assert_int_equal(audio_new(&cfg, &a), 0);
	assert_int_equal(audio_push(a, in, 1000), 0);
	assert_true(audio_first_voiced_ns(a) > 0); /* written is handed over */
	assert_int_equal(audio_push(a, in + 1000, 2000), 0);
	audio_clear(a); /* what is written stays written */
	audio_free(a);

	int16_t *back = NULL;
	size_t n = 0;
	int rate = 0;
	assert_int_equal(wav_read(path, 100000, &back, &n, &rate), 0);
	assert_int_equal(rate, AUDIO_RATE);
	assert_int_equal(n, 3000);
	assert_memory_equal(back, in, sizeof(in));
	free(back);
	assert_int_equal(wav_read(path, 2999, &back, &n, &rate), -EFBIG);
}

static void test_wav_writer(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof(path), "%s/w.wav", dir);
	wav_t *w = NULL;
	int16_t s[5] = {1, -1, 32767, -32768, 0};
	assert_int_equal(wav_open(path, 16000, &w), 0);
	assert_int_equal(wav_write(w, s, 5), 0);
	assert_int_equal(wav_samples(w), 5);
	/* After a flush the file is valid before close. */
	assert_int_equal(wav_flush(w), 0);
	int16_t *back = NULL;
	size_t n = 0;
	int rate = 0;
	assert_int_equal(wav_read(path, 10, &back, &n, &rate), 0);
	assert_int_equal(n, 5);
	assert_int_equal(rate, 16000);
	assert_memory_equal(back, s, sizeof(s));
	free(back);
	assert_int_equal(wav_write(w, s, 2), 0);
	assert_int_equal(wav_close(w), 0);
	assert_int_equal(wav_read(path, 10, &back, &n, &rate), 0);
	assert_int_equal(n, 7);
	free(back);

	/* The header says 44 bytes then the data, little-endian. */
	FILE *f = fopen(path, "rb");
	unsigned char h[44];
	assert_int_equal(fread(h, 1, 44, f), 44);
	fclose(f);
	assert_memory_equal(h, "RIFF", 4);
	assert_int_equal(h[4] | h[5] << 8, 36 + 14);
	assert_memory_equal(h + 8, "WAVEfmt ", 8);
	assert_int_equal(h[22], 1);               /* mono */
	assert_int_equal(h[34], 16);              /* bits */
	assert_int_equal(h[40] | h[41] << 8, 14); /* data bytes */
	assert_int_equal(wav_close(NULL), 0);
}

static void test_wav_read_errors(void **state)
{
	(void)state;
	char path[128];
	int16_t *s;
	size_t n;
	int rate;
	snprintf(path, sizeof(path), "%s/missing.wav", dir);
	assert_int_equal(wav_read(path, 10, &s, &n, &rate), -ENOENT);
	snprintf(path, sizeof(path), "%s/junk.wav", dir);
	FILE *f = fopen(path, "wb");
	fputs("RIFF\x10\0\0\0WAVEjunkjunkjunk", f);
	fclose(f);
	assert_int_equal(wav_read(path, 10, &s, &n, &rate), -EINVAL);
	assert_int_equal(wav_open(NULL, AUDIO_RATE, NULL), -EINVAL);
	wav_t *w;
	assert_int_equal(wav_open("/nonexistent-dir/x.wav", AUDIO_RATE, &w), -EIO);
}

static void test_bad_configs(void **state)
{
	(void)state;
	audio_t *a = NULL;
	struct audio_config bad = {.backend = "loudspeaker"};
	assert_int_equal(audio_new(&bad, &a), -EINVAL);
	assert_non_null(strstr(audio_last_error(), "loudspeaker"));
	struct audio_config nopath = {.backend = "wav"};
	assert_int_equal(audio_new(&nopath, &a), -EINVAL);
	struct audio_config noway = {.backend = "wav", .wav_path = "/nonexistent-dir/x.wav"};
	assert_int_equal(audio_new(&noway, &a), -EIO);
	struct audio_config huge = {.backend = "manual", .ring_seconds = 100000};
	assert_int_equal(audio_new(&huge, &a), -EINVAL);
	assert_null(a);
	audio_free(NULL);
	audio_clear(NULL);
	assert_int_equal(audio_queued(NULL), 0);
}

static void test_sdl_without_a_device(void **state)
{
	(void)state;
	/* A driver that does not exist stands for a machine with no sound card. */
	const char *saved = getenv("SDL_AUDIODRIVER");
	char keep[64] = "";
	if (saved)
		snprintf(keep, sizeof(keep), "%s", saved);
	setenv("SDL_AUDIODRIVER", "no-such-driver", 1);
	struct audio_config cfg = {.backend = "sdl"};
	audio_t *a = NULL;
	assert_int_equal(audio_new(&cfg, &a), -ENODEV);
	assert_null(a);
	assert_non_null(strstr(audio_last_error(), "SDL audio"));
	if (saved)
		setenv("SDL_AUDIODRIVER", keep, 1);
	else
		unsetenv("SDL_AUDIODRIVER");
}

static void test_sdl_dummy_device(void **state)
{
	(void)state;
	const char *drv = getenv("SDL_AUDIODRIVER");
	if (!drv || strcmp(drv, "dummy") != 0)
		skip(); /* only with the driver tests run under */
	struct audio_config cfg = {.backend = "sdl", .buffer_frames = 256};
	audio_t *a = NULL;
	assert_int_equal(audio_new(&cfg, &a), 0);
	int16_t in[1000];
	ramp(in, 1000, 1000);
	assert_int_equal(audio_push(a, in, 1000), 0);
	assert_true(audio_queued(a) <= 1000);
	audio_clear(a);
	assert_int_equal(audio_queued(a), 0);
	audio_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_push_pull_in_order),
	    cmocka_unit_test(test_wraps_around),
	    cmocka_unit_test(test_overflow_keeps_what_fits),
	    cmocka_unit_test(test_clear_drops_everything),
	    cmocka_unit_test(test_volume),
	    cmocka_unit_test(test_first_voiced_is_stamped_when_handed_over),
	    cmocka_unit_test(test_null_backend),
	    cmocka_unit_test(test_wav_backend_round_trip),
	    cmocka_unit_test(test_wav_writer),
	    cmocka_unit_test(test_wav_read_errors),
	    cmocka_unit_test(test_bad_configs),
	    cmocka_unit_test(test_sdl_without_a_device),
	    cmocka_unit_test(test_sdl_dummy_device),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
