/* make bench: the kiosk's bars of SPEC.md §5, measured on the real program and
 * printed as table rows. Never fails the build: a row that cannot be measured says why.
 * Usage: bench_kiosk BUILD_DIR (the kiosk binary is BUILD_DIR/accueil).
 * BENCH_KIOSK_ONLY=typing,keyboard-frames runs only the rows named (comma-separated):
 * first-frame, speech, frames, idle, soak, typing, keyboard-frames, complaint-soak, tasks
 * (the two tasks against a central on loopback: ticket and status answers as heard). */
#include <SDL.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "firmware/config.h"
#include "firmware/core/log.h"
#include "firmware/core/screen.h"
#include "firmware/core/textfield.h"
#include "firmware/kiosk.h"
#include "firmware/services/outbox.h"
#include "tests/support/central_harness.h"
#include "ui/input_sdl.h"
#include "ui/view.h"

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static double pct_ms(uint64_t *v, size_t n, double p)
{
	if (n == 0)
		return -1;
	qsort(v, n, sizeof(*v), cmp_u64);
	size_t i = (size_t)(p * (double)(n - 1) + 0.5);
	return (double)v[i] / 1e6;
}

static long status_kb(pid_t pid, const char *field)
{
	char path[64], line[256];
	long kb = -1;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = strlen(field);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, n) && line[n] == ':')
			kb = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return kb;
}

static double cpu_seconds(pid_t pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	unsigned long ut = 0, st = 0;
	if (!p ||
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static pid_t spawn_kiosk(const char *build, int out_fd, bool first_frame)
{
	char bin[512];
	snprintf(bin, sizeof(bin), "%s/accueil", build);
	pid_t pid = fork();
	if (pid == 0) {
		if (out_fd >= 0)
			dup2(out_fd, STDOUT_FILENO);
		freopen("/dev/null", "w", stderr);
		if (first_frame)
			execl(bin, bin, "--windowed", "--size", "1080x1920",
			      "--exit-after-first-frame", (char *)NULL);
		else
			execl(bin, bin, "--windowed", "--size", "1080x1920", (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* True when BENCH_KIOSK_ONLY is unset or names this row. */
static bool row_wanted(const char *name)
{
	const char *only = getenv("BENCH_KIOSK_ONLY");
	size_t n = strlen(name);
	if (!only || !only[0])
		return true;
	for (const char *p = only; (p = strstr(p, name)) != NULL; p += n)
		if ((p == only || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
			return true;
	return false;
}

static void row(const char *what, const char *measured, const char *bar)
{
	printf("| %s | %s | %s |\n", what, measured, bar);
	fflush(stdout);
}

static void bench_first_frame(const char *build, const char *driver)
{
	uint64_t v[7];
	size_t n = 0;
	char saved[64] = "";
	if (getenv("SDL_VIDEODRIVER"))
		snprintf(saved, sizeof(saved), "%s", getenv("SDL_VIDEODRIVER"));
	if (driver)
		setenv("SDL_VIDEODRIVER", driver, 1);
	for (int i = 0; i < 7; i++) {
		int fds[2];
		if (pipe(fds) < 0)
			break;
		uint64_t t0 = mono_ns();
		pid_t pid = spawn_kiosk(build, fds[1], true);
		close(fds[1]);
		char buf[128] = "";
		ssize_t r = read(fds[0], buf, sizeof(buf) - 1);
		close(fds[0]);
		int st;
		waitpid(pid, &st, 0);
		unsigned long long t1;
		if (r > 0 && (buf[r] = '\0', sscanf(buf, "first-frame-ns %llu", &t1) == 1))
			v[n++] = t1 - t0;
	}
	char m[128];
	const char *drv = getenv("SDL_VIDEODRIVER");
	if (n)
		snprintf(m, sizeof(m), "%.1f ms median of %zu (%s driver, software renderer)",
		         pct_ms(v, n, 0.5), n, drv ? drv : "default");
	else
		snprintf(m, sizeof(m), "not measured: the kiosk did not draw a frame");
	row("process start → first complete frame", m, "≤ 150 ms");
	if (saved[0])
		setenv("SDL_VIDEODRIVER", saved, 1);
}

static void bench_idle(const char *build)
{
	pid_t pid = spawn_kiosk(build, -1, false);
	sleep(3);
	double c0 = cpu_seconds(pid);
	long rss0 = status_kb(pid, "VmRSS");
	int secs = getenv("BENCH_IDLE_S") ? (int)strtol(getenv("BENCH_IDLE_S"), NULL, 10) : 30;
	if (secs < 1)
		secs = 30;
	sleep((unsigned)secs);
	double c1 = cpu_seconds(pid);
	long hwm = status_kb(pid, "VmHWM");
	kill(pid, SIGTERM);
	int st;
	waitpid(pid, &st, 0);
	char m[160];
	if (c0 < 0 || c1 < 0)
		snprintf(m, sizeof(m), "not measured: the kiosk exited");
	else
		snprintf(m, sizeof(m), "%.3f %% of one core over %d s", 100.0 * (c1 - c0) / secs,
		         secs);
	row("idle CPU, home screen", m, "≤ 0.1 %");
	snprintf(m, sizeof(m), "%.1f MB resident, %.1f MB peak (live window, idle)", rss0 / 1024.0,
	         hwm / 1024.0);
	row("resident memory, live kiosk", m, "≤ 40 MB");
}

static void press(kiosk_t *k, const char *name, uint64_t *now);

static void key(kiosk_t *k, enum app_key key, int digit, uint64_t now)
{
	struct app_event ev = {.type = APP_EV_KEY, .key = key, .digit = digit, .item = -1};
	kiosk_event(k, &ev, now);
}

static void bench_speech(const struct config *cfg)
{
	struct kiosk_options o = {.cfg = cfg, .width = 1080, .height = 1920, .audio = "sdl"};
	kiosk_t *k;
	uint64_t now = 1000;
	enum { N = 240 };
	static uint64_t lat[N], barge[N];
	size_t n = 0, nb = 0;

	if (kiosk_new(&o, now, &k) < 0) {
		row("key → first speech sample", "not measured: no kiosk",
		    "p50 ≤ 5 ms, p95 ≤ 15 ms");
		return;
	}
	key(k, APP_KEY_DIGIT, 2, now);      /* English session, speech on */
	key(k, APP_KEY_DOWN, 0, now += 50); /* focus the home screen's text: Action repeats it */
	for (int i = 0; i < N; i++) {
		now += 300;
		bool playing = kiosk_audio_queued(k) > 0; /* something to interrupt */
		uint64_t t0 = mono_ns();
		key(k, APP_KEY_ACTION, 0, now);
		struct kiosk_stats bs;
		kiosk_get_stats(k, &bs);
		if (playing)
			barge[nb++] = bs.barge_ns;
		uint64_t first = 0;
		for (int spin = 0; spin < 4000 && !(first = kiosk_audio_first_voiced_ns(k)); spin++)
			SDL_Delay(0), usleep(50);
		if (first > t0)
			lat[n++] = first - t0;
		usleep(20000); /* let it speak a little: the next press barges in */
	}
	struct kiosk_stats st;
	kiosk_get_stats(k, &st);
	char m[200];
	if (n > 20 && st.speech_ok)
		snprintf(m, sizeof(m),
		         "p50 %.2f ms, p95 %.2f ms over %zu presses (handed to the device)",
		         pct_ms(lat, n, 0.5), pct_ms(lat, n, 0.95), n);
	else
		snprintf(m, sizeof(m), "not measured: %s",
		         st.speech_ok ? "no audio device" : "no speech");
	row("key → first non-silent speech sample", m, "p50 ≤ 5 ms, p95 ≤ 15 ms");
	snprintf(m, sizeof(m),
	         "p50 %.2f ms, p95 %.2f ms (key event → audio queue emptied), %zu interruptions",
	         pct_ms(barge, nb, 0.5), pct_ms(barge, nb, 0.95), nb);
	row("barge-in: key → previous speech gone", m, "≤ 10 ms");
	kiosk_free(k);
}

static void bench_frames(const struct config *cfg)
{
	struct kiosk_options o = {.cfg = cfg, .width = 1080, .height = 1920, .no_speech = true};
	kiosk_t *k;
	uint64_t now = 1000;
	static const struct {
		const char *name;
		enum app_key key;
		int digit;
	} path[] = {{"attract", APP_KEY_NONE, 0},
	            {"home", APP_KEY_DIGIT, 2},
	            {"help", APP_KEY_HELP, 0},
	            {"keypad", APP_KEY_HELP, 0},
	            {"tutorial", APP_KEY_HELP, 0}};
	enum { N = 120 };
	static uint64_t t[N];
	char all[600] = "";
	double worst = 0;

	if (kiosk_new(&o, now, &k) < 0)
		return;
	key(k, APP_KEY_DOWN, 0, now); /* speech mode on, so keys act at once */
	for (size_t s = 0; s < sizeof(path) / sizeof(path[0]); s++) {
		if (path[s].key != APP_KEY_NONE)
			key(k, path[s].key, path[s].digit, now += 1000);
		kiosk_step(k, now);
		for (int i = 0; i < N; i++) {
			kiosk_invalidate(k);
			kiosk_step(k, now);
			struct kiosk_stats st;
			kiosk_get_stats(k, &st);
			t[i] = st.last_frame_ns;
		}
		double p50 = pct_ms(t, N, 0.5), p99 = pct_ms(t, N, 0.99);
		if (p99 > worst)
			worst = p99;
		size_t len = strlen(all);
		snprintf(all + len, sizeof(all) - len, "%s%s %.2f/%.2f", len ? ", " : "",
		         path[s].name, p50, p99);
	}
	struct kiosk_stats before, after;
	kiosk_get_stats(k, &before);
	for (int i = 0; i < 1000; i++)
		kiosk_step(k, now);
	kiosk_get_stats(k, &after);
	char m[800];
	snprintf(m, sizeof(m),
	         "p50/p99 ms: %s; worst p99 %.2f ms; %lu frames drawn in 1000 idle steps", all,
	         worst, after.frames - before.frames);
	row("frame time, 1080×1920, software", m, "p99 ≤ 8 ms; nothing redrawn when idle");
	kiosk_free(k);
}

static long self_rss_kb(void)
{
	return status_kb(getpid(), "VmRSS");
}

static void bench_soak(const struct config *cfg)
{
	struct kiosk_options o = {.cfg = cfg, .width = 1080, .height = 1920, .audio = "null"};
	kiosk_t *k;
	uint64_t now = 1000;
	int sessions =
	    getenv("BENCH_SESSIONS") ? (int)strtol(getenv("BENCH_SESSIONS"), NULL, 10) : 10000;
	long warm = 0, peak = 0;

	if (sessions < 200 || kiosk_new(&o, now, &k) < 0)
		return;
	uint64_t t0 = mono_ns();
	for (int s = 0; s < sessions; s++) {
		struct app_event hp = {.type = APP_EV_HEADPHONES_IN, .item = -1};
		kiosk_event(k, &hp, now += 100);
		press(k, s % 2 ? "1" : "2", &now);
		press(k, "down", &now);
		press(k, "down", &now);
		press(k, "help", &now);
		press(k, "vol+", &now);
		press(k, "lang", &now);
		press(k, "back", &now);
		kiosk_step(k, now);
		/* end: the visitor leaves; the time-out resets the session */
		hp.type = APP_EV_HEADPHONES_OUT;
		kiosk_event(k, &hp, now += 100);
		for (int i = 0; i < 200 && kiosk_app(k)->in_session; i++) {
			now = kiosk_next_deadline(k, now) == UINT64_MAX
			          ? now + 1000
			          : kiosk_next_deadline(k, now);
			kiosk_step(k, now);
		}
		long rss = self_rss_kb();
		if (s == 199)
			warm = rss;
		if (rss > peak)
			peak = rss;
	}
	double secs = (double)(mono_ns() - t0) / 1e9;
	long end = self_rss_kb();
	char m[240];
	snprintf(m, sizeof(m),
	         "%d sessions in %.0f s: %.1f MB after 200, %.1f MB at the end (%+.2f MB), peak "
	         "%.1f MB; "
	         "%u sessions ended",
	         sessions, secs, warm / 1024.0, end / 1024.0, (end - warm) / 1024.0, peak / 1024.0,
	         kiosk_app(k)->sessions);
	row("memory over a scripted soak (in process)", m, "≤ 40 MB, flat ± 1 MB");
	kiosk_free(k);
}

static void press(kiosk_t *k, const char *name, uint64_t *now)
{
	struct app_event ev;
	if (input_key_from_name(name, &ev) < 0)
		return;
	*now += 700;
	kiosk_event(k, &ev, *now);
	kiosk_step(k, *now);
}

static const char *screen_of(const kiosk_t *k)
{
	const struct app *a = kiosk_app(k);
	return a->screen && a->screen->name ? a->screen->name : "";
}

/* Keypad Down (then Up: focus does not wrap) until the node whose id is view_id(key_id) has
 * the focus. */
static bool focus_on(kiosk_t *k, const char *key_id, uint64_t *now)
{
	uint32_t id = view_id(key_id);
	for (int i = 0; i < 160 && kiosk_app(k)->focus_id != id; i++) {
		key(k, i < 80 ? APP_KEY_DOWN : APP_KEY_UP, 0, *now += 300);
		kiosk_step(k, *now);
	}
	return kiosk_app(k)->focus_id == id;
}

/* From the home screen, in speech mode, to the description step of "file a request" by keypad
 * (the home tile, then the first built-in category). */
static bool reach_entry(kiosk_t *k, uint64_t *now)
{
	if (!focus_on(k, "home.file", now))
		return false;
	key(k, APP_KEY_ACTION, 0, *now += 300);
	kiosk_step(k, *now);
	if (!focus_on(k, "category.complaint_agency", now))
		return false;
	key(k, APP_KEY_ACTION, 0, *now += 300);
	kiosk_step(k, *now);
	return strcmp(screen_of(k), "complaint_entry") == 0;
}

/* Real time from t0 to the first non-silent sample handed to the device, 0 when none came
 * within about 200 ms (the same wait as bench_speech's). */
static uint64_t voiced_after(kiosk_t *k, uint64_t t0)
{
	uint64_t first = 0;
	for (int spin = 0; spin < 4000 && !(first = kiosk_audio_first_voiced_ns(k)); spin++)
		SDL_Delay(0), usleep(50);
	return first > t0 ? first - t0 : 0;
}

static void fmt_p(char *out, size_t cap, const char *what, uint64_t *v, size_t n, size_t tried)
{
	if (n == 0)
		snprintf(out, cap, "%s: none voiced of %zu", what, tried);
	else
		snprintf(out, cap, "%s p50 %.2f ms, p95 %.2f ms over %zu of %zu", what,
		         pct_ms(v, n, 0.5), pct_ms(v, n, 0.95), n, tried);
}

/* Issue 8: the echo of what a visitor types on the description step, by the keypad's
 * character picker (Action types the chosen character; Up/Down say the one chosen) and by a
 * USB keyboard (APP_EV_TEXT, one character at a time; a space reads the word back). Measured
 * like bench_speech: real time from the event to the first non-silent sample at the device. */
static void bench_typing(const struct config *cfg)
{
	struct kiosk_options o = {.cfg = cfg, .width = 1080, .height = 1920, .audio = "sdl"};
	kiosk_t *k;
	uint64_t now = 1000;
	enum { N = 300 };
	static uint64_t typed[N], moved[N], chars[N], words[N];
	size_t nt = 0, nm = 0, nc = 0, nw = 0, tc = 0, tw = 0;
	const char *bar = "p50 ≤ 5 ms, p95 ≤ 15 ms";
	static const char text[] = "Le guichet était fermé à quatorze heures sans avis et j’ai "
	                           "attendu longtemps devant la porte ";

	if (kiosk_new(&o, now, &k) < 0) {
		row("key → first speech sample, typing echo", "not measured: no kiosk", bar);
		return;
	}
	struct app_event hp = {.type = APP_EV_HEADPHONES_IN, .item = -1};
	kiosk_event(k, &hp, now); /* what is typed is said through headphones only (S9) */
	key(k, APP_KEY_DIGIT, 2, now += 50); /* English session, speech on */
	kiosk_step(k, now);
	if (!reach_entry(k, &now) || !focus_on(k, "complaint.edit.description", &now)) {
		char m[160];
		snprintf(m, sizeof(m), "not measured: the description step not reached (on %s)",
		         screen_of(k));
		row("key → first speech sample, typing echo", m, bar);
		kiosk_free(k);
		return;
	}
	key(k, APP_KEY_ACTION, 0, now += 300); /* K6: the picker */
	usleep(20000);
	const struct complaint *c = &kiosk_app(k)->visit.complaint;
	int dir = APP_KEY_DOWN, last = textfield_picker_count() - 1;
	for (int i = 0; i < N && c->picker >= 0; i++) {
		/* Choose the next character (walking the list back and forth, never onto "done"),
		 * then type it. */
		int next = c->picker + (dir == APP_KEY_DOWN ? 1 : -1);
		if (next > last || next < TEXTFIELD_PICKER_FIRST)
			dir = dir == APP_KEY_DOWN ? APP_KEY_UP : APP_KEY_DOWN;
		uint64_t t0 = mono_ns();
		key(k, (enum app_key)dir, 0, now += 300);
		uint64_t d = voiced_after(k, t0);
		if (d)
			moved[nm++] = d;
		usleep(20000);
		t0 = mono_ns();
		key(k, APP_KEY_ACTION, 0, now += 300);
		if ((d = voiced_after(k, t0)) != 0)
			typed[nt++] = d;
		usleep(20000);
	}
	long picked = textfield_chars(c->description);
	key(k, APP_KEY_UP, 0, now += 300); /* leave the picker: Up to "done", Action */
	for (int i = 0; i < 80 && c->picker > 0; i++)
		key(k, APP_KEY_UP, 0, now += 300);
	key(k, APP_KEY_ACTION, 0, now += 300);

	const char *p = text;
	for (int i = 0; i < N; i++) {
		if (!*p)
			p = text;
		unsigned char b = (unsigned char)*p;
		size_t len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
		struct app_event ev = {.type = APP_EV_TEXT, .item = -1};
		memcpy(ev.text, p, len);
		p += len;
		bool word = ev.text[0] == ' ';
		uint64_t t0 = mono_ns();
		kiosk_event(k, &ev, now += 250);
		uint64_t d = voiced_after(k, t0);
		if (word) {
			tw++;
			if (d)
				words[nw++] = d;
		} else {
			tc++;
			if (d)
				chars[nc++] = d;
		}
		usleep(20000);
		kiosk_step(k, now);
	}
	struct kiosk_stats st;
	kiosk_get_stats(k, &st);
	char m[400], a1[160], a2[160];
	if (!st.speech_ok || !st.audio_ok) {
		snprintf(m, sizeof(m), "not measured: %s",
		         st.speech_ok ? "no audio device" : "no speech");
		row("key → first speech sample, typing echo", m, bar);
		kiosk_free(k);
		return;
	}
	fmt_p(a1, sizeof(a1), "Action types (character said)", typed, nt, (size_t)N);
	fmt_p(a2, sizeof(a2), "Up/Down chooses (character said)", moved, nm, (size_t)N);
	snprintf(m, sizeof(m), "%s; %s; %ld characters typed", a1, a2, picked);
	row("key → first speech sample, typing echo, keypad picker (complaint_entry)", m, bar);
	fmt_p(a1, sizeof(a1), "character", chars, nc, tc);
	fmt_p(a2, sizeof(a2), "space (the word read back)", words, nw, tw);
	snprintf(m, sizeof(m), "%s; %s; %ld characters in the field", a1, a2,
	         textfield_chars(c->description));
	row("key → first speech sample, typing echo, USB keyboard (complaint_entry)", m, bar);
	kiosk_free(k);
}

/* p50/p99 of n forced redraws of what is shown, appended to all as "name p50/p99". */
static double frames_of(kiosk_t *k, uint64_t now, const char *name, char *all, size_t cap)
{
	enum { N = 120 };
	static uint64_t t[N];
	kiosk_step(k, now);
	for (int i = 0; i < N; i++) {
		kiosk_invalidate(k);
		kiosk_step(k, now);
		struct kiosk_stats st;
		kiosk_get_stats(k, &st);
		t[i] = st.last_frame_ns;
	}
	double p50 = pct_ms(t, N, 0.5), p99 = pct_ms(t, N, 0.99);
	size_t len = strlen(all);
	snprintf(all + len, cap - len, "%s%s %.2f/%.2f", len ? ", " : "", name, p50, p99);
	return p99;
}

/* Issue 8: the description step with its on-screen keyboard (complaint_entry), 1080×1920,
 * software renderer: each key set, empty and with a long text in the field. */
static void bench_keyboard_frames(const struct config *cfg)
{
	struct kiosk_options o = {.cfg = cfg, .width = 1080, .height = 1920, .no_speech = true};
	kiosk_t *k;
	uint64_t now = 1000;
	char all[600] = "", m[800];
	double worst = 0, p99;
	const char *what = "frame time, keyboard screen (complaint_entry), 1080×1920, software";
	const char *bar = "p99 ≤ 8 ms; nothing redrawn when idle";

	if (kiosk_new(&o, now, &k) < 0)
		return;
	key(k, APP_KEY_DIGIT, 2, now); /* English session, speech mode on: keys act at once */
	kiosk_step(k, now);
	if (!reach_entry(k, &now)) {
		snprintf(m, sizeof(m), "not measured: the description step not reached (on %s)",
		         screen_of(k));
		row(what, m, bar);
		kiosk_free(k);
		return;
	}
	if ((p99 = frames_of(k, now, "letters, empty", all, sizeof(all))) > worst)
		worst = p99;
	/* A long description (its last 600 bytes are shown), typed as a USB keyboard would. */
	static const char text[] = "The counter was closed at two without notice and I waited ";
	for (int i = 0; i < 1200; i++) {
		struct app_event ev = {.type = APP_EV_TEXT, .item = -1};
		ev.text[0] = text[i % (int)(sizeof(text) - 1)];
		kiosk_event(k, &ev, now += 200);
	}
	if ((p99 = frames_of(k, now, "letters, 1200 chars", all, sizeof(all))) > worst)
		worst = p99;
	static const char *const sets[] = {"keyboard.set.accents", "keyboard.set.digits"};
	static const char *const names[] = {"accents, 1200 chars", "digits, 1200 chars"};
	for (int s = 0; s < 2; s++) {
		if (!focus_on(k, sets[s], &now))
			break;
		key(k, APP_KEY_ACTION, 0, now += 300);
		if ((p99 = frames_of(k, now, names[s], all, sizeof(all))) > worst)
			worst = p99;
	}
	struct kiosk_stats before, after;
	kiosk_get_stats(k, &before);
	for (int i = 0; i < 1000; i++)
		kiosk_step(k, now);
	kiosk_get_stats(k, &after);
	snprintf(m, sizeof(m),
	         "p50/p99 ms: %s; worst p99 %.2f ms; %lu frames drawn in 1000 idle steps", all,
	         worst, after.frames - before.frames);
	row(what, m, bar);
	kiosk_free(k);
}

/* Taps (finger down and up) the centre of the node with id view_id(key_id), or, when text is
 * not NULL, of the on-screen keyboard's key showing exactly text; then draws. Returns 0 or
 * -ENOENT when nothing on screen matches. */
static int tap(kiosk_t *k, const char *key_id, const char *text, uint64_t *now)
{
	kiosk_step(k, *now); /* lay out what is current */
	const struct view *v = kiosk_shown(k);
	uint32_t id = key_id ? view_id(key_id) : 0;
	for (int i = 0; i < v->count; i++) {
		const struct view_node *n = &v->nodes[i];
		if (text ? n->role != VIEW_ROLE_KEY || strcmp(n->text, text) != 0 : n->id != id)
			continue;
		int x = n->bounds.x + n->bounds.w / 2, y = n->bounds.y + n->bounds.h / 2;
		*now += 400;
		kiosk_pointer(k, APP_EV_POINTER_DOWN, x, y, *now);
		kiosk_pointer(k, APP_EV_POINTER_UP, x, y, *now += 80);
		kiosk_step(k, *now);
		return 0;
	}
	return -ENOENT;
}

/* Removes the files of dir (the outbox's, all at its top level), then dir. */
static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512];
	while (d && (e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

/* One visitor files a request by touch, without a central: English, the home tile, the first
 * built-in category, a short description on the on-screen keyboard, Stay anonymous, Confirm,
 * the provisional receipt, Finish, Skip the feedback, End the session. Returns NULL, or what
 * was missing (why_cap bytes in why). */
static const char *file_by_touch(kiosk_t *k, uint64_t *now, char *why, size_t why_cap)
{
	static const char words[] = "bus late";
	static const char *const steps[][2] = {
	    {"attract.en", "home"},
	    {"home.file", "complaint_category"},
	    {"category.complaint_agency", "complaint_entry"},
	};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (tap(k, steps[i][0], NULL, now) < 0 || strcmp(screen_of(k), steps[i][1]) != 0)
			goto missing;
	for (const char *p = words; *p; p++) {
		char ch[2] = {*p, '\0'};
		if ((*p == ' ' ? tap(k, "keyboard.space", NULL, now) : tap(k, NULL, ch, now)) < 0) {
			snprintf(why, why_cap, "no key \"%s\" on %s", ch, screen_of(k));
			return why;
		}
	}
	static const char *const more[][2] = {
	    {"common.continue", "complaint_contact"},
	    {"complaint.contact.anonymous", "complaint_review"},
	    {"complaint.review.confirm", NULL},
	};
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++)
		if (tap(k, more[i][0], NULL, now) < 0 ||
		    (more[i][1] && strcmp(screen_of(k), more[i][1]) != 0))
			goto missing;
	/* The provisional receipt comes once the outbox has stored it (a few seconds at most). */
	for (int i = 0; i < 100 && strcmp(screen_of(k), "complaint_receipt") != 0; i++)
		kiosk_step(k, *now += 100);
	if (strcmp(screen_of(k), "complaint_receipt") != 0 ||
	    !kiosk_app(k)->visit.complaint.provisional) {
		snprintf(why, why_cap, "no provisional receipt (on %s)", screen_of(k));
		return why;
	}
	static const char *const last[][2] = {
	    {"complaint.receipt.finish", "complaint_feedback"},
	    {"feedback.skip", "home"},
	    {"home.end", NULL},
	};
	for (size_t i = 0; i < sizeof(last) / sizeof(last[0]); i++)
		if (tap(k, last[i][0], NULL, now) < 0 ||
		    (last[i][1] && strcmp(screen_of(k), last[i][1]) != 0))
			goto missing;
	for (int i = 0; i < 200 && kiosk_app(k)->in_session; i++)
		kiosk_step(k, *now += 100);
	if (kiosk_app(k)->in_session) {
		snprintf(why, why_cap, "the session did not end (on %s)", screen_of(k));
		return why;
	}
	return NULL;
missing:
	snprintf(why, why_cap, "the flow stopped on %s", screen_of(k));
	return why;
}

/* Issue 8: resident memory over a soak where every session files a request by touch, the
 * outbox a real file in a temporary data_dir, no central (provisional receipts). The outbox
 * holds at most OUTBOX_ENTRIES_DEFAULT undelivered entries; between sessions the bench marks
 * the stored entry delivered through the outbox's own API (outbox_deliver, on a second handle
 * of the same file, as a delivery by the link would), so the outbox never fills. Stops at
 * BENCH_COMPLAINT_SESSIONS (10 000) or after BENCH_COMPLAINT_S seconds (180), whichever first. */
static void bench_complaint_soak(const struct config *cfg)
{
	const char *what = "memory over a soak filing a request every session (in process, touch)";
	const char *bar = "≤ 40 MB, flat ± 1 MB";
	int sessions = getenv("BENCH_COMPLAINT_SESSIONS")
	                   ? (int)strtol(getenv("BENCH_COMPLAINT_SESSIONS"), NULL, 10)
	                   : 10000;
	int budget_s =
	    getenv("BENCH_COMPLAINT_S") ? (int)strtol(getenv("BENCH_COMPLAINT_S"), NULL, 10) : 180;
	char dir[] = "/tmp/accueil-bench-XXXXXX", m[400], why[160];
	static struct config c;
	static struct outbox_entry pending[8];
	struct kiosk_options o = {.cfg = &c, .width = 1080, .height = 1920, .audio = "null"};
	kiosk_t *k = NULL;
	outbox_t *ob = NULL;
	uint64_t now = 1000;
	long warm = 0, peak = 0;
	int s = 0, rc;
	unsigned delivered = 0;
	const char *stop = NULL;

	if (sessions < 200 || budget_s < 1 || !mkdtemp(dir))
		return;
	c = *cfg;
	if (config_set(&c, "data_dir", dir) < 0 || config_set(&c, "central_url", "") < 0 ||
	    kiosk_new(&o, now, &k) < 0) {
		row(what, "not measured: no kiosk", bar);
		remove_dir(dir);
		return;
	}
	struct outbox_options oo = {.dir = dir};
	if ((rc = outbox_new(&oo, &ob)) < 0) {
		snprintf(m, sizeof(m), "not measured: the outbox of %s does not open (%d)", dir,
		         rc);
		row(what, m, bar);
		kiosk_free(k);
		remove_dir(dir);
		return;
	}
	log_set_level(LOG_ERROR); /* no printer: each receipt's warning would be printed */
	uint64_t t0 = mono_ns(), deadline = t0 + (uint64_t)budget_s * 1000000000u;
	for (s = 0; s < sessions && !stop; s++) {
		if (mono_ns() > deadline)
			break;
		stop = file_by_touch(k, &now, why, sizeof(why));
		int n = outbox_list(ob, OUTBOX_PENDING, pending, 8);
		for (int i = 0; i < n; i++) {
			snprintf(pending[i].service_request_id,
			         sizeof(pending[i].service_request_id), "bench-%lld",
			         (long long)pending[i].seq);
			if (outbox_deliver(ob, &pending[i], (int64_t)now) == 0)
				delivered++;
		}
		long rss = self_rss_kb();
		if (s == 199)
			warm = rss;
		if (rss > peak)
			peak = rss;
	}
	double secs = (double)(mono_ns() - t0) / 1e9;
	long end = self_rss_kb();
	log_set_level(LOG_WARN);
	struct outbox_stats os = {0};
	outbox_stats(ob, &os);
	int done = stop ? s - 1 : s;
	if (done < 200)
		snprintf(m, sizeof(m), "not measured: %d sessions in %.0f s%s%s", done, secs,
		         stop ? ", stopped: " : "", stop ? stop : "");
	else
		snprintf(
		    m, sizeof(m),
		    "%d of %d sessions run in %.0f s (%s): %.1f MB after 200, %.1f MB at the end "
		    "(%+.2f MB), peak %.1f MB; %u sessions ended, %u requests stored and marked "
		    "delivered, %u left in the outbox%s%s",
		    done, sessions, secs,
		    stop              ? "a session failed"
		    : done < sessions ? "the time budget ran out"
		                      : "all",
		    warm / 1024.0, end / 1024.0, (end - warm) / 1024.0, peak / 1024.0,
		    kiosk_app(k)->sessions, delivered, os.entries, stop ? "; stopped: " : "",
		    stop ? stop : "");
	row(what, m, bar);
	outbox_free(ob);
	kiosk_free(k);
	remove_dir(dir);
}

/* Issue 9: the kiosk and a real central on loopback (tests/support/central_harness.h), its
 * clock on a Monday at 10:00 so the queue is open. NULL when it cannot start. */
static struct central_harness *tasks_central(struct config *cfg, char *data_dir, size_t cap)
{
	struct central_harness *h;
	struct central_harness_options o = {.fake_now = "2026-12-21T10:00:00-05:00"};
	if (central_harness_start(&o, &h) < 0)
		return NULL;
	snprintf(data_dir, cap, "%s/kiosk-data", h->dir);
	mkdir(data_dir, 0700);
	snprintf(cfg->central_url, sizeof(cfg->central_url), "%s", h->base_url);
	snprintf(cfg->api_key, sizeof(cfg->api_key), "%s", h->api_key);
	snprintf(cfg->ca_file, sizeof(cfg->ca_file), "%s", h->ca_path);
	snprintf(cfg->kiosk_id, sizeof(cfg->kiosk_id), "%s", "kiosk-bench");
	snprintf(cfg->data_dir, sizeof(cfg->data_dir), "%s", data_dir);
	snprintf(cfg->printer, sizeof(cfg->printer), "file:%.400s/printer.bin", data_dir);
	return h;
}

/* Steps the kiosk in real time until the screen named shows something with id key_id (the
 * central answered), at most about 5 s. */
static bool await_node(kiosk_t *k, const char *screen, const char *key_id, uint64_t *now)
{
	uint32_t id = view_id(key_id);
	for (int i = 0; i < 5000; i++) {
		kiosk_net_wait(k, 1, *now);
		kiosk_step(k, ++*now);
		const struct view *v = &kiosk_app(k)->view;
		for (int j = 0; !strcmp(screen_of(k), screen) && j < v->count; j++)
			if (v->nodes[j].id == id)
				return true;
	}
	return false;
}

/* Real time from t0 (the key that asked) to the first non-silent sample of the answer handed
 * to the device, once the screen named shows it; 0 when it did not come within about 5 s.
 * What the key itself said (its earcon) is not the answer. */
static uint64_t answer_heard(kiosk_t *k, uint64_t t0, const char *screen, uint64_t *now)
{
	kiosk_audio_rearm(k);
	for (int i = 0; i < 5000; i++) {
		kiosk_net_wait(k, 1, *now);
		kiosk_step(k, ++*now);
		bool there = !strcmp(screen_of(k), screen);
		uint64_t first = kiosk_audio_first_voiced_ns(k);
		if (first && !there)
			kiosk_audio_rearm(k); /* said before the answer came */
		else if (first > t0)
			return first - t0;
	}
	return 0;
}

/* A visitor in speech mode takes a ticket again and again by keypad (Action on the first
 * service, then Finish), and looks up a request's status by its reference (ten digit keys,
 * Action on "Look up", then Back): key → the answer heard. */
static void bench_tasks(struct config *cfg)
{
	const char *bar_t = "(issue 9: p95 reported)", *bar_s = "(issue 9: p50/p95 reported)";
	char data_dir[512], m[300];
	struct central_harness *h = tasks_central(cfg, data_dir, sizeof(data_dir));
	kiosk_t *k = NULL;
	uint64_t now = 1000;
	enum { N = 40 };
	static uint64_t ticket[N], status[N];
	size_t nt = 0, ns = 0;
	struct kiosk_options o = {.cfg = cfg, .width = 1080, .height = 1920, .audio = "sdl"};

	if (!h || kiosk_new(&o, now, &k) < 0) {
		row("key → spoken ticket number", h ? "not measured: no kiosk" : "no central",
		    bar_t);
		central_harness_stop(h);
		return;
	}
	/* A request to look up, filed at the central. */
	struct central_harness_response r;
	char ref[32] = "";
	static const char body[] = "api_key=test-key&service_code=inquiry_general&description=x";
	if (central_harness_http(h, "POST", "/open311/v2/requests.json",
	                         "application/x-www-form-urlencoded", body, sizeof(body) - 1, NULL,
	                         false, &r) == 0) {
		const char *at = r.body ? strstr(r.body, "\"service_request_id\":\"") : NULL;
		if (at)
			sscanf(at + 22, "%31[0-9]", ref);
		central_harness_response_free(&r);
	}
	struct app_event hp = {.type = APP_EV_HEADPHONES_IN, .item = -1};
	kiosk_event(k, &hp, now);
	key(k, APP_KEY_DIGIT, 2, now += 50); /* English session, speech on */
	kiosk_step(k, now);
	for (int i = 0; i < N; i++) {
		if (!focus_on(k, "home.ticket", &now))
			break;
		key(k, APP_KEY_ACTION, 0, now += 300);
		if (!await_node(k, "ticket_services", "queue.service.A", &now) ||
		    !focus_on(k, "queue.service.A", &now))
			break;
		uint64_t t0 = mono_ns();
		key(k, APP_KEY_ACTION, 0, ++now);
		uint64_t d = answer_heard(k, t0, "ticket_issued", &now);
		if (d)
			ticket[nt++] = d;
		if (!focus_on(k, "queue.finish", &now))
			break;
		key(k, APP_KEY_ACTION, 0, now += 300);
		kiosk_step(k, now);
	}
	for (int i = 0; strlen(ref) == 10 && i < N; i++) {
		if (!focus_on(k, "home.status", &now))
			break;
		key(k, APP_KEY_ACTION, 0, now += 300);
		kiosk_step(k, now);
		for (int d = 0; d < 10; d++)
			key(k, APP_KEY_DIGIT, ref[d] - '0', now += 300);
		if (!focus_on(k, "status.look_up", &now))
			break;
		uint64_t t0 = mono_ns();
		key(k, APP_KEY_ACTION, 0, ++now);
		uint64_t d = answer_heard(k, t0, "status_result", &now);
		if (d)
			status[ns++] = d;
		for (int b = 0; b < 4 && strcmp(screen_of(k), "home"); b++)
			key(k, APP_KEY_BACK, 0, now += 300);
		kiosk_step(k, now);
	}
	if (nt)
		snprintf(m, sizeof(m),
		         "p50 %.1f ms, p95 %.1f ms over %zu tickets (to the first sample of the "
		         "ticket screen: \"Your number\", then the number)",
		         pct_ms(ticket, nt, 0.5), pct_ms(ticket, nt, 0.95), nt);
	else
		snprintf(m, sizeof(m), "not measured: no ticket (on %s)", screen_of(k));
	row("key → spoken ticket number after issue, central on loopback", m, bar_t);
	if (ns)
		snprintf(m, sizeof(m), "p50 %.1f ms, p95 %.1f ms over %zu look-ups",
		         pct_ms(status, ns, 0.5), pct_ms(status, ns, 0.95), ns);
	else
		snprintf(m, sizeof(m), "not measured: %s (on %s)",
		         strlen(ref) == 10 ? "no answer" : "no reference", screen_of(k));
	row("status look-up: key → first sample of the answer, central on loopback", m, bar_s);
	kiosk_free(k);
	central_harness_stop(h);
}

int main(int argc, char **argv)
{
	const char *build = argc > 1 ? argv[1] : "build";
	struct config cfg;

	config_defaults(&cfg);
	log_set_level(LOG_WARN); /* the soak would print every screen change */
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	if (SDL_Init(SDL_INIT_AUDIO) < 0)
		fprintf(stderr, "bench: SDL audio: %s\n", SDL_GetError());
	if (row_wanted("first-frame")) {
		bench_first_frame(build, NULL);
		if (getenv("SDL_VIDEODRIVER") && strcmp(getenv("SDL_VIDEODRIVER"), "dummy") != 0)
			bench_first_frame(build, "dummy");
	}
	if (row_wanted("speech"))
		bench_speech(&cfg);
	if (row_wanted("frames"))
		bench_frames(&cfg);
	if (row_wanted("idle"))
		bench_idle(build);
	if (row_wanted("soak"))
		bench_soak(&cfg);
	if (row_wanted("typing"))
		bench_typing(&cfg);
	if (row_wanted("keyboard-frames"))
		bench_keyboard_frames(&cfg);
	if (row_wanted("complaint-soak"))
		bench_complaint_soak(&cfg);
	if (row_wanted("tasks")) {
		struct config tasks = cfg;
		bench_tasks(&tasks);
	}
	SDL_Quit();
	return 0;
}
