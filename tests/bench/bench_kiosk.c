/* make bench: the kiosk's bars of SPEC.md §5, measured on the real program and
 * printed as table rows. Never fails the build: a row that cannot be measured says why.
 * Usage: bench_kiosk BUILD_DIR (the kiosk binary is BUILD_DIR/accueil).
 * BENCH_KIOSK_ONLY=typing,keyboard-frames runs only the rows named (comma-separated):
 * first-frame, speech, frames, idle, soak, typing, keyboard-frames, complaint-soak. */
#include <SDL.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "firmware/config.h"
#include "firmware/core/log.h"
#include "firmware/kiosk.h"
#include "ui/input_sdl.h"

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
	SDL_Quit();
	return 0;
}
