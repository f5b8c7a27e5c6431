/* Accueil kiosk: the event loop. It waits on SDL events and the next deadline,
 * never busy-waits, and draws only when something changed. */
#include <SDL.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "firmware/config.h"
#include "firmware/core/calendar.h"
#include "firmware/core/log.h"
#include "firmware/kiosk.h"
#include "firmware/script.h"
#include "firmware/selftest.h"
#include "firmware/services/techpin.h"
#include "firmware/version.h"
#include "firmware/watchdog.h"

#define DEFAULT_CONFIG "/etc/accueil/kiosk.conf"

static volatile sig_atomic_t stop_requested;
static Uint32 stop_event;

/* SIGINT and SIGTERM are blocked in every thread and taken here, then handed to the
 * loop as an SDL event (SDL_PushEvent is thread-safe): the loop sleeps until something
 * happens instead of waking up to look for a signal. */
static void *signal_thread(void *arg)
{
	sigset_t *set = arg;
	int sig;
	if (sigwait(set, &sig) == 0) {
		SDL_Event e = {.type = stop_event};
		stop_requested = 1;
		SDL_PushEvent(&e);
	}
	return NULL;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: accueil [--config FILE] [--windowed] [--size WxH]\n"
	           "       accueil --script FILE --out DIR [--size WxH] [--config FILE]\n"
	           "       accueil --render-all DIR [--config FILE]\n"
	           "       accueil --selftest [--json] [--config FILE]\n"
	           "       accueil --version\n"
	           "       accueil --hash-pin < PIN   (board/provision: the stored form)\n");
}

/* mkdir -p: the output folders of scripted runs may be nested. */
static void make_dirs(const char *path)
{
	char buf[1024];
	size_t n = strlen(path);
	if (n == 0 || n >= sizeof(buf))
		return;
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(buf, 0755);
			*p = '/';
		}
	}
	mkdir(buf, 0755);
}

static int parse_size(const char *s, int *w, int *h)
{
	return sscanf(s, "%dx%d", w, h) == 2 && *w >= 240 && *h >= 240 && *w <= 8192 && *h <= 8192
	           ? 0
	           : -EINVAL;
}

/* Local time comes from the tz database for the configured zone, loaded once here and kept until
 * exit. A zone that cannot be read is reported and the coded Toronto rules stay in force: the
 * kiosk never goes dark for it. */
static void site_zone_load(const char *name)
{
	const char *dir = getenv("TZDIR");
	calendar_zone_t *z = NULL;
	int rc = calendar_zone_load(dir && *dir ? dir : NULL, name, &z);
	if (rc < 0) {
		log_msg(LOG_ERROR, "time",
		        "time zone %s: %s; using the built-in America/Toronto rules", name,
		        calendar_zone_error(rc));
		return;
	}
	calendar_site_zone_set(z);
}

/* How the configuration was read, for technician mode's diagnostics (as for the self-test). */
static int config_rc_seen;
static const char *config_msg_seen;

static int run_headless(const struct config *cfg, const char *script, const char *out_dir,
                        const char *render_dir, int w, int h)
{
	char said_log[1024], said_wav[1024];
	kiosk_t *k;
	uint64_t clock = 1000;
	int rc;

	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	if (SDL_Init(0) < 0) {
		fprintf(stderr, "accueil: SDL: %s\n", SDL_GetError());
		return 2;
	}
	struct kiosk_options opt = {.cfg = cfg,
	                            .width = w,
	                            .height = h,
	                            .config_rc = config_rc_seen,
	                            .config_msg = config_msg_seen};
	if (script) {
		make_dirs(out_dir);
		snprintf(said_log, sizeof(said_log), "%s/said.txt", out_dir);
		snprintf(said_wav, sizeof(said_wav), "%s/said.wav", out_dir);
		opt.said_log = said_log;
		opt.said_wav = said_wav;
	}
	if ((rc = kiosk_new(&opt, clock, &k)) < 0) {
		fprintf(stderr, "accueil: cannot start (%s)\n", strerror(-rc));
		SDL_Quit();
		return 2;
	}
	if (render_dir) {
		make_dirs(render_dir);
		rc = kiosk_render_all(k, render_dir);
		if (rc >= 0)
			printf("accueil: %d screens written to %s\n", rc, render_dir);
	} else {
		rc = script_run(k, script, out_dir, &clock, stderr);
	}
	kiosk_free(k);
	SDL_Quit();
	return rc < 0 ? 1 : 0;
}

/* --exit-after-first-frame (make bench): print when the first frame was presented,
 * on the monotonic clock, and stop. */
static bool exit_after_first_frame;

static int run_live(const struct config *cfg, bool windowed, int w, int h)
{
	static sigset_t stop_set;
	pthread_t sig_thread;
	kiosk_t *k;
	int rc;

	/* Our own handling: SDL's would turn a signal into SDL_QUIT, which visitors can
	 * also cause (the window's close button) and which we therefore ignore. Blocked
	 * before SDL starts its threads, so they inherit the mask. */
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	sigemptyset(&stop_set);
	sigaddset(&stop_set, SIGINT);
	sigaddset(&stop_set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_set, NULL);
	/* The software renderer unless told otherwise: no GPU on the development machine,
	 * and Mesa's llvmpipe costs more start time and memory than it gives back. */
	SDL_SetHint(SDL_HINT_RENDER_DRIVER,
	            getenv("SDL_RENDER_DRIVER") ? getenv("SDL_RENDER_DRIVER") : "software");
	/* Without this SDL backs the software renderer's window with OpenGL, which pulls in
	 * Mesa (≈ 100 MB and ≈ 250 ms on a machine with no GPU). */
	SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, getenv("SDL_FRAMEBUFFER_ACCELERATION")
	                                                   ? getenv("SDL_FRAMEBUFFER_ACCELERATION")
	                                                   : "0");
	SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
	SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
	if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) < 0 ||
	    (stop_event = SDL_RegisterEvents(1)) == (Uint32)-1) {
		fprintf(stderr,
		        "accueil: cannot open the display: %s\n"
		        "  On a desktop, check DISPLAY or WAYLAND_DISPLAY; on a board, the KMSDRM\n"
		        "  device (/dev/dri) and the user's video group; headless: use --script.\n",
		        SDL_GetError());
		return 2;
	}
	if (w == 0 || h == 0) {
		SDL_DisplayMode mode;
		if (windowed || SDL_GetDesktopDisplayMode(0, &mode) < 0) {
			w = 1080;
			h = 1920;
		} else {
			w = mode.w;
			h = mode.h;
		}
	}
	Uint32 flags = windowed ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP;
	SDL_Window *win = SDL_CreateWindow("Accueil", SDL_WINDOWPOS_CENTERED,
	                                   SDL_WINDOWPOS_CENTERED, w, h, flags);
	if (!win) {
		fprintf(stderr, "accueil: cannot open a window: %s\n", SDL_GetError());
		SDL_Quit();
		return 2;
	}
	if (!windowed)
		SDL_ShowCursor(SDL_DISABLE);
	struct kiosk_options opt = {
	    .cfg = cfg, .window = win, .config_rc = config_rc_seen, .config_msg = config_msg_seen};
	if ((rc = kiosk_new(&opt, SDL_GetTicks64(), &k)) < 0) {
		fprintf(stderr, "accueil: cannot start (%s)\n", strerror(-rc));
		SDL_DestroyWindow(win);
		SDL_Quit();
		return 2;
	}
	if (pthread_create(&sig_thread, NULL, signal_thread, &stop_set) != 0) {
		fprintf(stderr, "accueil: cannot start the signal thread\n");
		kiosk_free(k);
		SDL_DestroyWindow(win);
		SDL_Quit();
		return 2;
	}
	pthread_detach(sig_thread);
	log_msg(LOG_INFO, "main", "running at %dx%d", w, h);
	struct watchdog dog;
	if ((rc = watchdog_init(&dog, SDL_GetTicks64())) < 0)
		log_msg(LOG_WARN, "systemd", "WATCHDOG_USEC is malformed (%d): no watchdog", rc);
	bool ready = false;
	int status = 0;
	while (!stop_requested) {
		SDL_Event e;
		uint64_t now = SDL_GetTicks64();
		bool drew = kiosk_step(k, now);
		if (kiosk_restart_requested(k)) {
			/* Technician mode's Restart: a failure status, so that systemd starts
			 * the kiosk again whatever its Restart= policy. */
			log_msg(LOG_INFO, "main", "restarting at the technician's request");
			status = 3;
			break;
		}
		if (drew && exit_after_first_frame) {
			struct kiosk_stats st;
			kiosk_get_stats(k, &st);
			printf("first-frame-ns %llu\n", (unsigned long long)st.first_frame_ns);
			break;
		}
		/* One iteration done: the frame (if any) is on screen. A renderer that hangs
		 * never gets here, the pings stop and systemd restarts the kiosk. */
		if (!ready && drew) {
			watchdog_ready(&dog, "attract screen shown");
			ready = true;
		}
		watchdog_feed(&dog, now);
		uint64_t due = kiosk_next_deadline(k, now);
		if (watchdog_next(&dog) < due)
			due = watchdog_next(&dog);
		int got;
		if (due <= now)
			got = SDL_PollEvent(&e);
		else if (due == UINT64_MAX)
			got = SDL_WaitEvent(&e); /* nothing due: sleep until input or a signal */
		else
			got = SDL_WaitEventTimeout(&e, due - now > INT32_MAX ? INT32_MAX
			                                                     : (int)(due - now));
		if (got) {
			kiosk_sdl_event(k, &e, SDL_GetTicks64());
			while (SDL_PollEvent(&e))
				kiosk_sdl_event(k, &e, SDL_GetTicks64());
		}
	}
	if (!status)
		log_msg(LOG_INFO, "main", "stopping on signal");
	watchdog_stopping(&dog);
	kiosk_free(k);
	SDL_DestroyWindow(win);
	SDL_Quit();
	return status;
}

/* --hash-pin: one PIN on stdin, its PBKDF2 form on stdout; the PIN is wiped after. */
static int hash_pin(void)
{
	char pin[64] = "", out[TECHPIN_STORED_MAX];
	int rc = -EINVAL;
	if (fgets(pin, sizeof(pin), stdin)) {
		pin[strcspn(pin, "\r\n")] = '\0';
		rc = techpin_hash(pin, out, sizeof(out));
	}
	memset(pin, 0, sizeof(pin));
	if (rc < 0) {
		fprintf(stderr, "accueil: %s\n",
		        rc == -EINVAL ? "the technician PIN must be 6 to 12 digits"
		                      : "cannot hash the PIN (no randomness?)");
		return 2;
	}
	printf("%s\n", out);
	return 0;
}

/* Secrets live apart from the settings, on the data partition, readable by the kiosk only:
 * DATA_DIR/secrets.conf, read over the configuration when it exists. */
static void secrets_load(struct config *cfg, int *config_rc, char *msg, size_t cap)
{
	char path[CONFIG_STR_MAX + 16], why[1200];
	struct stat st;
	int bad = 0;
	snprintf(path, sizeof(path), "%s/secrets.conf", cfg->data_dir);
	if (stat(path, &st) < 0)
		return;
	if (st.st_mode & 077)
		log_msg(LOG_WARN, "config", "%s is readable by others: chmod 600 it", path);
	int rc = config_load(cfg, path, &bad, why, sizeof(why));
	if (rc < 0) {
		log_msg(LOG_ERROR, "config", "%s", why);
		if (*config_rc == 0) {
			*config_rc = rc == -EINVAL ? rc : -EIO;
			snprintf(msg, cap, "%s", why);
		}
	}
}

int main(int argc, char **argv)
{
	const char *config_path = NULL, *script = NULL, *out_dir = "out/script", *render_dir = NULL;
	bool windowed = false, selftest = false, json = false;
	int w = 0, h = 0;
	struct config cfg;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--config") && v)
			config_path = argv[++i];
		else if (!strcmp(a, "--script") && v)
			script = argv[++i];
		else if (!strcmp(a, "--out") && v)
			out_dir = argv[++i];
		else if (!strcmp(a, "--render-all") && v)
			render_dir = argv[++i];
		else if (!strcmp(a, "--exit-after-first-frame"))
			exit_after_first_frame = true;
		else if (!strcmp(a, "--selftest"))
			selftest = true;
		else if (!strcmp(a, "--json"))
			json = true;
		else if (!strcmp(a, "--version")) {
			char text[1024];
			int n = version_describe(text, sizeof(text));
			if (n < 0)
				return 2;
			fputs(text, stdout);
			return 0;
		} else if (!strcmp(a, "--hash-pin")) {
			return hash_pin();
		} else if (!strcmp(a, "--windowed"))
			windowed = true;
		else if (!strcmp(a, "--size") && v && parse_size(argv[++i], &w, &h) == 0)
			continue;
		else if (!strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "accueil: unknown option or missing value: %s\n", a);
			usage(stderr);
			return 2;
		}
	}

	config_defaults(&cfg);
	char msg[1200] = "";
	int config_rc = 0;
	if (config_path || access(DEFAULT_CONFIG, F_OK) == 0) {
		int bad = 0;
		const char *path = config_path ? config_path : DEFAULT_CONFIG;
		int rc = config_load(&cfg, path, &bad, msg, sizeof(msg));
		config_rc = rc;
		if (rc == 0)
			snprintf(msg, sizeof(msg), "%s read", path);
		if (rc == -EINVAL)
			log_msg(LOG_WARN, "config", "%s (line skipped; see kiosk.conf.example)",
			        msg);
		else if (rc < 0)
			log_msg(LOG_ERROR, "config", "%s: running on the built-in defaults", msg);
	}
	secrets_load(&cfg, &config_rc, msg, sizeof(msg));
	site_zone_load(cfg.time_zone);
	config_rc_seen = config_rc;
	config_msg_seen = msg[0] ? msg : NULL;
	if (selftest) {
		struct selftest_report *r = malloc(sizeof(*r));
		struct selftest_options so = {
		    .cfg = &cfg, .config_rc = config_rc, .config_msg = msg[0] ? msg : NULL};
		if (!r)
			return 2;
		int rc = selftest_run(&so, r);
		if (rc >= 0)
			rc = (json ? selftest_print_json(r, stdout) : selftest_print(r, stdout)) < 0
			         ? 2
			         : rc;
		free(r);
		return rc < 0 ? 2 : rc;
	}
	if ((script || render_dir) && !strcmp(cfg.data_dir, "/var/lib/accueil")) {
		/* Scripted runs never touch the kiosk's real outbox. */
		const char *dir = script ? out_dir : render_dir;
		if (snprintf(cfg.data_dir, sizeof(cfg.data_dir), "%s/data", dir) >=
		    (int)sizeof(cfg.data_dir))
			cfg.data_dir[0] = '\0';
	}
	if (script || render_dir) {
		if (w == 0 || h == 0) {
			w = 1080;
			h = 1920;
			if (script)
				script_size(script, &w, &h);
		}
		return run_headless(&cfg, script, out_dir, render_dir, w, h);
	}
	if (w == 0 && cfg.width && cfg.height) {
		w = cfg.width;
		h = cfg.height;
	}
	return run_live(&cfg, windowed || !cfg.fullscreen, w, h);
}
