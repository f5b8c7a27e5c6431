#include "firmware/selftest.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <mbedtls/x509_crt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "firmware/core/conf.h"
#include "firmware/services/jack.h"
#include "firmware/services/kiosk_api.h"
#include "firmware/services/net.h"
#include "firmware/services/outbox.h"
#include "firmware/services/printer.h"
#include "firmware/services/techpin.h"
#include "firmware/services/techset.h"
#include "firmware/version.h"
#include "voices/audio.h"
#include "voices/speech.h"

const char *selftest_status_name(enum selftest_status s)
{
	switch (s) {
	case SELFTEST_OK:
		return "ok";
	case SELFTEST_WARN:
		return "warn";
	case SELFTEST_FAIL:
		return "FAIL";
	case SELFTEST_SKIP:
		return "skip";
	}
	return "?";
}

static void set(struct selftest_check *c, const char *name, enum selftest_status st,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void set(struct selftest_check *c, const char *name, enum selftest_status st,
                const char *fmt, ...)
{
	va_list ap;
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->status = st;
	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof(c->msg), fmt, ap);
	va_end(ap);
}

/* ---- display and fonts ---- */

static void check_display(struct selftest_check *c)
{
	SDL_DisplayMode mode;
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) < 0) {
		set(c, "display", SELFTEST_FAIL,
		    "cannot open the display: %s; on a board check the KMSDRM device (/dev/dri) "
		    "and that the kiosk user is in the video group",
		    SDL_GetError());
		return;
	}
	const char *driver = SDL_GetCurrentVideoDriver();
	if (SDL_GetNumVideoDisplays() < 1 || SDL_GetDesktopDisplayMode(0, &mode) < 0)
		set(c, "display", SELFTEST_FAIL,
		    "driver %s finds no screen: is the panel connected?", driver ? driver : "?");
	else
		set(c, "display", SELFTEST_OK, "driver %s, %dx%d at %d Hz", driver ? driver : "?",
		    mode.w, mode.h, mode.refresh_rate);
	SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

/* Both faces must open and carry French letters and typography (é, ç, «, no-break spaces). */
static void check_fonts(const struct config *cfg, struct selftest_check *c)
{
	static const Uint16 needed[] = {0x00E9, 0x00E7, 0x00AB, 0x00BB, 0x00A0, 0x202F, 0x2019};
	const char *paths[2] = {cfg->font, cfg->font_bold};

	if (TTF_Init() < 0) {
		set(c, "fonts", SELFTEST_FAIL, "SDL_ttf: %s", TTF_GetError());
		return;
	}
	for (int i = 0; i < 2; i++) {
		TTF_Font *f = TTF_OpenFont(paths[i], 24);
		if (!f) {
			set(c, "fonts", SELFTEST_FAIL,
			    "cannot open %s: install fonts-dejavu-core or set font%s = in the "
			    "configuration",
			    paths[i], i ? "_bold" : "");
			TTF_Quit();
			return;
		}
		for (size_t g = 0; g < sizeof(needed) / sizeof(needed[0]); g++)
			if (!TTF_GlyphIsProvided(f, needed[g])) {
				set(c, "fonts", SELFTEST_FAIL,
				    "%s lacks U+%04X, needed for French: choose a fuller font",
				    paths[i], needed[g]);
				TTF_CloseFont(f);
				TTF_Quit();
				return;
			}
		TTF_CloseFont(f);
	}
	set(c, "fonts", SELFTEST_OK, "%s and %s, French letters present", cfg->font,
	    cfg->font_bold);
	TTF_Quit();
}

/* ---- speech and audio ---- */

/* Synthesises a sentence in lang into a "manual" output and measures what came out. */
static void check_speech(const struct config *cfg, enum lang lang, struct selftest_check *c)
{
	static const char *const text[LANG_COUNT] = {
	    [LANG_FR] = "Essai de la voix française.",
	    [LANG_EN] = "English voice test.",
	};
	const char *name = lang == LANG_FR ? "speech-fr" : "speech-en";
	struct audio_config ac = {.backend = "manual", .ring_seconds = 10};
	struct speech_config sc = {.engine = "espeak",
	                           .espeak_data = cfg->espeak_data[0] ? cfg->espeak_data : NULL};
	struct utterance u;
	audio_t *out = NULL;
	speech_t *sp = NULL;
	int16_t buf[1024];
	size_t total = 0, voiced = 0;
	int peak = 0;

	if (audio_new(&ac, &out) < 0) {
		set(c, name, SELFTEST_FAIL, "out of memory");
		return;
	}
	sc.audio = out;
	if (speech_new(&sc, &sp) < 0) {
		set(c, name, SELFTEST_FAIL,
		    "%s: install espeak-ng-data or set espeak_data = in the configuration",
		    speech_last_error());
		audio_free(out);
		return;
	}
	speech_set_volume(sp, 100);
	utterance_clear(&u);
	int rc = utterance_add(&u, lang, text[lang]);
	if (rc == 0)
		rc = speech_say(sp, &u, 0);
	if (rc < 0) {
		set(c, name, SELFTEST_FAIL, "synthesis failed (%s)", strerror(-rc));
	} else {
		size_t n;
		while ((n = audio_pull(out, buf, sizeof(buf) / sizeof(buf[0]))) > 0) {
			for (size_t i = 0; i < n; i++) {
				int m = buf[i] < 0 ? -buf[i] : buf[i];
				peak = m > peak ? m : peak;
				voiced += audio_voiced(buf[i]);
			}
			total += n;
		}
		/* A spoken sentence is more than a quarter second, and most of it voiced. */
		if (total < AUDIO_RATE / 4 || voiced < AUDIO_RATE / 20)
			set(c, name, SELFTEST_FAIL,
			    "the %s voice produced %zu ms of sound, %zu ms voiced: the voice data "
			    "is broken; reinstall espeak-ng-data",
			    lang == LANG_FR ? "French" : "English", total * 1000 / AUDIO_RATE,
			    voiced * 1000 / AUDIO_RATE);
		else
			set(c, name, SELFTEST_OK, "%zu ms of speech, peak %d",
			    total * 1000 / AUDIO_RATE, peak);
	}
	speech_free(sp);
	audio_free(out);
}

static void check_audio(const struct config *cfg, struct selftest_check *c)
{
	struct audio_config ac = {.backend = cfg->audio, .buffer_frames = cfg->audio_frames};
	audio_t *a = NULL;

	if (strcmp(cfg->audio, "null") == 0) {
		set(c, "audio", SELFTEST_FAIL,
		    "audio = null: the kiosk is silent; set audio = sdl in the configuration");
		return;
	}
	if (strcmp(cfg->audio, "sdl") == 0 && SDL_InitSubSystem(SDL_INIT_AUDIO) < 0) {
		set(c, "audio", SELFTEST_FAIL, "no audio driver: %s", SDL_GetError());
		return;
	}
	if (audio_new(&ac, &a) < 0)
		set(c, "audio", SELFTEST_FAIL,
		    "%s: check the sound card and that the kiosk user is in the audio group",
		    audio_last_error());
	else if (strcmp(cfg->audio, "sdl") == 0)
		set(c, "audio", SELFTEST_OK, "device open (driver %s)",
		    SDL_GetCurrentAudioDriver() ? SDL_GetCurrentAudioDriver() : "?");
	else
		set(c, "audio", SELFTEST_OK, "backend %s", cfg->audio);
	audio_free(a);
	if (strcmp(cfg->audio, "sdl") == 0)
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

/* ---- devices ---- */

/* "any": a device in the kernel's list whose handlers include "kbd" (a keyboard or keypad);
 * otherwise the configured device node must open for reading. */
void selftest_check_keypad(const char *spec, const char *input_devices, struct selftest_check *c)
{
	if (strcmp(spec, "any") != 0) {
		int fd = open(spec, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			set(c, "keypad", SELFTEST_FAIL,
			    "%s: %s; plug the keypad in (or fix keypad = in the configuration)",
			    spec, strerror(errno));
		else
			set(c, "keypad", SELFTEST_OK, "%s present", spec);
		if (fd >= 0)
			close(fd);
		return;
	}
	const char *path = input_devices ? input_devices : "/proc/bus/input/devices";
	FILE *f = fopen(path, "r");
	char line[512], name[128] = "";
	int keyboards = 0;
	if (!f) {
		set(c, "keypad", SELFTEST_FAIL, "cannot read %s: %s", path, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "N: Name=", 8) == 0) {
			snprintf(name, sizeof(name), "%.127s", line + 8);
			name[strcspn(name, "\n")] = '\0';
		} else if (strncmp(line, "H: Handlers=", 12) == 0 && strstr(line, "kbd") &&
		           (strstr(line, " event") || strstr(line, "=event"))) {
			/* Power buttons and lid switches also carry "kbd": they have no keys to
			 * type with, and their names say so. */
			if (!strstr(name, "Power Button") && !strstr(name, "Sleep Button") &&
			    !strstr(name, "Lid Switch") && !strstr(name, "Video Bus"))
				keyboards++;
		}
	}
	fclose(f);
	if (keyboards == 0)
		set(c, "keypad", SELFTEST_FAIL,
		    "no keypad or keyboard attached: plug the keypad's USB cable in");
	else
		set(c, "keypad", SELFTEST_OK, "%d keyboard device%s attached", keyboards,
		    keyboards > 1 ? "s" : "");
}

void selftest_check_jack(const char *spec, struct selftest_check *c)
{
	jack_t *j = NULL;
	bool plugged = false;
	int rc = jack_new(spec, &j);

	if (rc < 0) {
		set(c, "headphones", SELFTEST_FAIL,
		    "jack = \"%s\" is not a detector: use key, evdev:PATH, gpio:CHIP:LINE, "
		    "alsa:CARD:CONTROL or a GPIO value file",
		    spec);
		return;
	}
	if (!j) {
		set(c, "headphones", SELFTEST_OK,
		    "no detector (jack = key): F9 stands for the jack on the pc board");
		return;
	}
	rc = jack_poll(j, 0, &plugged);
	if (rc < 0)
		set(c, "headphones", SELFTEST_FAIL,
		    "cannot read the headphone detector %s (%s): %s; check the board's jack "
		    "wiring and jack = in the configuration",
		    spec, jack_kind(j), jack_error(j));
	else
		set(c, "headphones", SELFTEST_OK, "detector %s (%s) reads: headphones %s", spec,
		    jack_kind(j), rc == 1 && plugged ? "in" : "out");
	jack_free(j);
}

/* What exists today: no printer module in this firmware. The printer service plugs in here
 * (the configured printer, its paper and its link). */
static void check_printer(const struct config *cfg, struct selftest_check *c)
{
	printer_t *p = NULL;
	int rc = printer_new(cfg->printer, &p);
	if (rc < 0) {
		set(c, "printer", SELFTEST_FAIL, "printer = %s: %s", cfg->printer,
		    printer_error(rc));
		return;
	}
	if (!strcmp(cfg->printer, "none")) {
		set(c, "printer", SELFTEST_SKIP, "not configured: this kiosk prints nothing");
		printer_free(p);
		return;
	}
	rc = printer_status(p);
	if (rc < 0)
		set(c, "printer", SELFTEST_FAIL, "%s: %s", cfg->printer, printer_error(rc));
	else
		set(c, "printer", SELFTEST_OK, "%s ready", cfg->printer);
	printer_free(p);
}

/* What waits on the device: undelivered requests, their oldest age, and what staff must
 * resolve (unconfirmed or refused entries). */
static void check_outbox(const struct config *cfg, struct selftest_check *c)
{
	struct outbox_options o = {.dir = cfg->data_dir};
	struct outbox_stats st;
	outbox_t *ob = NULL;
	char path[CONFIG_STR_MAX + 16];
	struct stat sb;
	/* The self-test creates nothing: no outbox file yet is an empty outbox. */
	snprintf(path, sizeof(path), "%s/outbox.db", cfg->data_dir);
	if (stat(path, &sb) != 0) {
		set(c, "outbox", SELFTEST_OK, "empty: nothing waiting on this kiosk");
		return;
	}
	int rc = outbox_new(&o, &ob);
	if (rc == 0)
		rc = outbox_stats(ob, &st);
	outbox_free(ob);
	if (rc < 0) {
		set(c, "outbox", SELFTEST_FAIL,
		    "cannot open the outbox in %s: %s; requests cannot be kept", cfg->data_dir,
		    rc == -EUCLEAN
		        ? "the file is damaged (keep it for the agency, do not delete it)"
		    : rc == -ENOKEY ? "its key file is missing"
		    : rc == -EACCES ? "permission denied"
		                    : strerror(-rc));
		return;
	}
	int64_t age_s = st.oldest_ms ? ((int64_t)time(NULL) * 1000 - st.oldest_ms) / 1000 : 0;
	set(c, "outbox", st.attention ? SELFTEST_WARN : SELFTEST_OK,
	    "%u waiting, oldest %lld s, %u for staff to resolve", st.entries, (long long)age_s,
	    st.attention);
}

/* ---- storage and clock ---- */

void selftest_check_settings(const char *data_dir, int64_t now_ms, struct selftest_check *c)
{
	char path[1100], why[160] = "";
	struct tech_settings s;
	struct techpin_guard g;

	snprintf(path, sizeof(path), "%s/" TECHSET_FILE, data_dir);
	int rc = techset_load(path, &s, why, sizeof(why));
	if (rc < 0 && rc != -ENOENT) {
		set(c, "settings", SELFTEST_FAIL,
		    "%s %s (%s): the kiosk runs on kiosk.conf's values; save the settings again in "
		    "technician mode",
		    path, rc == -EBADMSG ? "is damaged" : "cannot be read", why);
		return;
	}
	snprintf(path, sizeof(path), "%s/techpin.state", data_dir);
	rc = techpin_guard_load(&g, path, 0, now_ms);
	if (rc < 0) {
		set(c, "settings", SELFTEST_FAIL,
		    "%s (the PIN lock-out) %s: technician mode is locked 30 s at each start until "
		    "a PIN is accepted",
		    path, rc == -EBADMSG ? "is damaged" : "cannot be read");
		return;
	}
	if (techpin_guard_wait(&g, 0))
		set(c, "settings", SELFTEST_WARN,
		    "technician mode is locked for %llu s after %u wrong PINs",
		    (unsigned long long)(techpin_guard_wait(&g, 0) + 999) / 1000, g.failures);
	else
		set(c, "settings", SELFTEST_OK, "technician settings and PIN lock-out readable");
}

/* ---- the last update (board/update/accueil-update's state on the data partition) ---- */

/* DATA_DIR/update/last-update: KEY=VALUE lines, written whole by accueil-update. */
struct last_update {
	char outcome[24], cause[24], version[32], slot[4], running[32], running_slot[4];
	char reason[200], when[40];
};

static int last_update_entry(void *user, const char *section, const char *key, char *value,
                             int line, const char **why)
{
	(void)section;
	(void)line;
	(void)why;
	struct last_update *u = user;
	struct {
		const char *key;
		char *field;
		size_t cap;
	} fields[] = {
	    {"outcome", u->outcome, sizeof(u->outcome)},
	    {"cause", u->cause, sizeof(u->cause)},
	    {"version", u->version, sizeof(u->version)},
	    {"slot", u->slot, sizeof(u->slot)},
	    {"running", u->running, sizeof(u->running)},
	    {"running_slot", u->running_slot, sizeof(u->running_slot)},
	    {"reason", u->reason, sizeof(u->reason)},
	    {"time", u->when, sizeof(u->when)},
	};
	if (!key)
		return 0;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (strcmp(key, fields[i].key) != 0)
			continue;
		/* The health check's words may hold anything: control characters become spaces. */
		for (char *p = value; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = ' ';
		snprintf(fields[i].field, fields[i].cap, "%s", value);
	}
	return 0;
}

void selftest_check_update(const char *data_dir, struct selftest_check *c)
{
	char path[CONFIG_STR_MAX + 32], *text = NULL;
	size_t len = 0;
	struct last_update u;

	snprintf(path, sizeof(path), "%s/update/trial", data_dir);
	if (conf_read_file(path, &text, &len) == 0) {
		/* "B 1.3.0": the slot and the version on trial. */
		text[strcspn(text, "\r\n")] = '\0';
		const char *v = strchr(text, ' ');
		bool on_trial = text[0] != '\0';
		if (on_trial)
			set(c, "update", SELFTEST_WARN,
			    "version %.30s is on trial in slot %.1s: it is committed, or rolled "
			    "back, when its health check ends (accueil-update boot-check, after "
			    "each start)",
			    v ? v + 1 : "?", text);
		free(text);
		if (on_trial)
			return;
	}
	snprintf(path, sizeof(path), "%s/update/last-update", data_dir);
	int rc = conf_read_file(path, &text, &len);
	if (rc == -ENOENT) {
		set(c, "update", SELFTEST_OK, "no update installed since this card was written");
		return;
	}
	if (rc < 0) {
		set(c, "update", SELFTEST_WARN,
		    "%s cannot be read (%s): `accueil-update status` and its journal tell the last "
		    "update",
		    path, strerror(-rc));
		return;
	}
	memset(&u, 0, sizeof(u));
	rc = conf_parse(text, len, false, last_update_entry, &u, NULL);
	free(text);
	bool committed = strcmp(u.outcome, "committed") == 0;
	if (rc < 0 || (!committed && strcmp(u.outcome, "rolled-back") != 0) || !u.version[0] ||
	    !u.slot[0]) {
		set(c, "update", SELFTEST_WARN,
		    "%s is damaged: `accueil-update status` and its journal tell the last update",
		    path);
		return;
	}
	const char *when = u.when[0] ? u.when : "time unknown";
	if (committed) {
		set(c, "update", SELFTEST_OK, "version %s installed and committed in slot %s (%s)",
		    u.version, u.slot, when);
		return;
	}
	/* The advice comes before the health check's words: the technician's screen shows the
	 * first 255 bytes. */
	bool unhealthy = strcmp(u.cause, "unhealthy") == 0;
	char health_log[CONFIG_STR_MAX + 32];
	snprintf(health_log, sizeof(health_log), "%s/update/health.log", data_dir);
	set(c, "update", SELFTEST_WARN,
	    "version %s rolled back (%s); running %s in slot %s. Do not reinstall it; report %s. "
	    "%s%s",
	    u.version, when, u.running[0] ? u.running : "?",
	    u.running_slot[0] ? u.running_slot : "?", unhealthy ? health_log : "this line",
	    unhealthy ? "Its health check failed: "
	              : "It never reached its health check (the boot loader went back by itself)",
	    unhealthy ? (u.reason[0] ? u.reason : "no reason given") : "");
}

void selftest_check_storage(const char *dir, struct selftest_check *c)
{
	char path[CONFIG_STR_MAX + 32];
	struct statvfs vfs;
	static const char probe[] = "accueil self-test\n";

	if (!dir[0]) {
		set(c, "storage", SELFTEST_FAIL, "data_dir is not set in the configuration");
		return;
	}
	snprintf(path, sizeof(path), "%s/.selftest-XXXXXX", dir);
	int fd = mkstemp(path);
	if (fd < 0) {
		set(c, "storage", SELFTEST_FAIL, "%s is not writable: %s%s", dir, strerror(errno),
		    errno == ENOSPC   ? " (the disk is full)"
		    : errno == ENOENT ? " (create it, or run board/provision)"
		                      : "");
		return;
	}
	ssize_t w = write(fd, probe, sizeof(probe) - 1);
	int e = w == (ssize_t)sizeof(probe) - 1 ? (fsync(fd) == 0 ? 0 : errno)
	        : w < 0                         ? errno
	                                        : ENOSPC;
	close(fd);
	unlink(path);
	if (e) {
		set(c, "storage", SELFTEST_FAIL, "cannot write to %s: %s%s", dir, strerror(e),
		    e == ENOSPC ? " (the disk is full)" : "");
		return;
	}
	if (statvfs(dir, &vfs) < 0) {
		set(c, "storage", SELFTEST_FAIL, "%s: %s", dir, strerror(errno));
		return;
	}
	unsigned long long free_mb =
	    (unsigned long long)vfs.f_bavail * (unsigned long long)vfs.f_frsize / (1024 * 1024);
	if (free_mb < SELFTEST_MIN_FREE_MB)
		set(c, "storage", SELFTEST_FAIL,
		    "%s has %llu MiB free, under %d MiB: the disk is nearly full; remove old "
		    "logs or enlarge the data partition",
		    dir, free_mb, SELFTEST_MIN_FREE_MB);
	else
		set(c, "storage", SELFTEST_OK, "%s writable, %llu MiB free", dir, free_mb);
}

void selftest_check_clock(time_t now, int64_t source_epoch, struct selftest_check *c)
{
	struct tm tm;
	char when[32] = "?";

	if (gmtime_r(&now, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
	if ((int64_t)now < source_epoch)
		set(c, "clock", SELFTEST_FAIL,
		    "the clock says %s, before this firmware was written: TLS will refuse the "
		    "central's certificate; check the network time (NTP) or the board's RTC",
		    when);
	else if (tm.tm_year + 1900 > 2100)
		set(c, "clock", SELFTEST_FAIL, "the clock says %s: set the date (NTP)", when);
	else
		set(c, "clock", SELFTEST_OK, "%s", when);
}

/* ---- certificates and the central ---- */

/* Seconds since the epoch of a certificate's date, in 64 bits whatever time_t is: on armhf
 * time_t is 32-bit and certificates often end after 2038. */
static int64_t x509_seconds(const mbedtls_x509_time *t)
{
	int64_t y = t->year - (t->mon <= 2), era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400, mp = (t->mon + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + t->day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;
	return days * 86400 + t->hour * 3600 + t->min * 60 + t->sec;
}

void selftest_check_cert(const char *name, const char *what, const char *path, int64_t now,
                         struct selftest_check *c)
{
	mbedtls_x509_crt crt;
	char when[32];

	if (!path || !path[0]) {
		set(c, name, SELFTEST_FAIL, "no %s configured: run board/provision", what);
		return;
	}
	if (access(path, R_OK) < 0) {
		set(c, name, SELFTEST_FAIL, "%s %s: %s; run board/provision", what, path,
		    strerror(errno));
		return;
	}
	mbedtls_x509_crt_init(&crt);
	if (mbedtls_x509_crt_parse_file(&crt, path) != 0) {
		set(c, name, SELFTEST_FAIL, "%s %s is not a PEM certificate (damaged?)", what,
		    path);
		mbedtls_x509_crt_free(&crt);
		return;
	}
	int64_t from = x509_seconds(&crt.valid_from), to = x509_seconds(&crt.valid_to);
	snprintf(when, sizeof(when), "%04d-%02d-%02d", crt.valid_to.year % 10000,
	         crt.valid_to.mon % 100, crt.valid_to.day % 100);
	long days = (long)((to - now) / 86400);
	if (now < from)
		set(c, name, SELFTEST_FAIL, "%s is not valid yet: check the clock", what);
	else if (now >= to)
		set(c, name, SELFTEST_FAIL,
		    "%s expired on %s: renew it (board/provision, then have the CSR signed)", what,
		    when);
	else if (days < SELFTEST_CERT_WARN_DAYS)
		set(c, name, SELFTEST_WARN, "%s expires on %s, in %ld days: renew it soon", what,
		    when, days);
	else
		set(c, name, SELFTEST_OK, "%s valid until %s (%ld days)", what, when, days);
	mbedtls_x509_crt_free(&crt);
}

static const char *net_error_advice(enum net_error e)
{
	switch (e) {
	case NET_ERR_CONNECT:
		return "cannot connect: no network, or the central is down";
	case NET_ERR_TIMEOUT:
		return "no answer in time: network or firewall";
	case NET_ERR_CERT_UNTRUSTED:
		return "the central's certificate is not signed by ca_file's CA";
	case NET_ERR_CERT_TIME:
		return "the central's certificate is expired or not yet valid (or the clock is "
		       "wrong)";
	case NET_ERR_CERT_NAME:
		return "the central's certificate is not for this host name";
	case NET_ERR_PIN:
		return "the central's public key does not match pin_sha256";
	case NET_ERR_TLS:
		return "TLS handshake refused (client certificate not accepted?)";
	case NET_ERR_CONFIG:
		return "ca_file, client_cert or client_key cannot be used";
	default:
		return "transfer failed";
	}
}

static void check_central(const struct config *cfg, uint32_t timeout_ms, struct selftest_check *c)
{
	char base[CONFIG_STR_MAX + 2];
	struct kiosk_api_config api = {.idempotency_honoured = true};
	struct net_request req;
	struct net_result res;
	net_t *net = NULL;
	uint64_t id;

	if (!cfg->central_url[0]) {
		set(c, "central", SELFTEST_FAIL, "central_url is not set: run board/provision");
		return;
	}
	struct net_config nc;
	if (config_net(cfg, "accueil-selftest/" ACCUEIL_VERSION, base, sizeof(base), &nc) < 0) {
		set(c, "central", SELFTEST_FAIL, "central_url is too long");
		return;
	}
	nc.connect_timeout_ms = timeout_ms;
	nc.timeout_ms = timeout_ms;
	nc.max_attempts = 1;
	int rc = net_new(&nc, &net);
	if (rc < 0) {
		set(c, "central", SELFTEST_FAIL, "cannot use central_url %s (%s)", cfg->central_url,
		    strerror(-rc));
		return;
	}
	snprintf(api.path, sizeof(api.path), "%s", "kiosk/v1/");
	snprintf(api.kiosk_id, sizeof(api.kiosk_id), "%s", cfg->kiosk_id);
	snprintf(api.site, sizeof(api.site), "%s", cfg->site_id);
	snprintf(api.version, sizeof(api.version), "%s", ACCUEIL_VERSION);
	snprintf(api.api_key, sizeof(api.api_key), "%s", cfg->api_key);
	rc = kiosk_api_build_notices(&api, &req);
	if (rc == 0)
		rc = net_submit(net, &req, 0, &id);
	net_request_release(&req);
	if (rc < 0) {
		set(c, "central", SELFTEST_FAIL, "cannot build the request (%s)", strerror(-rc));
		net_free(net);
		return;
	}
	/* net's own time-outs run on the real clock; this loop only waits for them. */
	bool done = false;
	for (int spins = 0; !done && spins < 100000; spins++) {
		net_perform(net, 0);
		if (net_take_result(net, &res) == 0)
			done = true;
		else
			net_wait(net, 100);
	}
	if (!done) {
		set(c, "central", SELFTEST_FAIL, "%s: no result", cfg->central_url);
	} else if (res.error != NET_OK) {
		set(c, "central", SELFTEST_FAIL, "%s: %s", cfg->central_url,
		    net_error_advice(res.error));
	} else if (res.status == 401 || res.status == 403) {
		set(c, "central", SELFTEST_FAIL,
		    "%s answers %ld: the api_key or the kiosk's certificate is refused",
		    cfg->central_url, res.status);
	} else if (res.status != 200) {
		set(c, "central", SELFTEST_FAIL, "%s answers HTTP %ld", cfg->central_url,
		    res.status);
	} else {
		set(c, "central", SELFTEST_OK, "%s reachable over TLS%s%s", cfg->central_url,
		    cfg->pin_sha256[0] ? ", pin matches" : "",
		    cfg->client_cert[0] ? ", client certificate accepted" : "");
	}
	if (done)
		net_result_release(&res);
	net_free(net);
}

/* ---- the whole run ---- */

static struct selftest_check *next(struct selftest_report *r)
{
	return r->count < SELFTEST_MAX ? &r->checks[r->count++] : NULL;
}

int selftest_run(const struct selftest_options *o, struct selftest_report *r)
{
	const struct config *cfg = o->cfg;
	time_t now = o->now ? o->now : time(NULL);
	uint32_t timeout = o->central_timeout_ms ? o->central_timeout_ms : 8000;
	struct selftest_check *c;

	memset(r, 0, sizeof(*r));
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	if ((c = next(r))) {
		if (o->config_rc == 0)
			set(c, "config", SELFTEST_OK, "%s",
			    o->config_msg ? o->config_msg : "no file: built-in defaults");
		else if (o->config_rc == -EINVAL)
			set(c, "config", SELFTEST_FAIL,
			    "%s: that line is skipped and the rest applied; fix it (see "
			    "kiosk.conf.example) or run board/provision again",
			    o->config_msg ? o->config_msg : "a bad line");
		else
			set(c, "config", SELFTEST_FAIL,
			    "%s: the kiosk runs on the built-in defaults; run board/provision",
			    o->config_msg ? o->config_msg : "unreadable");
	}
	if ((c = next(r))) {
		/* Only the form is checked: no PIN is tried here. */
		int pr = cfg->technician_pin[0] ? techpin_verify("", cfg->technician_pin) : 0;
		if (!cfg->technician_pin[0])
			set(c, "technician-pin", SELFTEST_WARN,
			    "no technician PIN: technician mode is closed; run board/provision");
		else if (pr == -EINVAL)
			set(c, "technician-pin", SELFTEST_FAIL,
			    "the stored technician PIN is damaged: run board/provision again");
		else
			set(c, "technician-pin", SELFTEST_OK, "set (PBKDF2-HMAC-SHA256, salted)");
	}
	if ((c = next(r)))
		check_display(c);
	if ((c = next(r)))
		check_fonts(cfg, c);
	if ((c = next(r)))
		check_speech(cfg, LANG_FR, c);
	if ((c = next(r)))
		check_speech(cfg, LANG_EN, c);
	if ((c = next(r)))
		check_audio(cfg, c);
	if ((c = next(r)))
		selftest_check_keypad(cfg->keypad, o->input_devices, c);
	if ((c = next(r)))
		selftest_check_jack(cfg->jack, c);
	if ((c = next(r)))
		check_printer(cfg, c);
	if ((c = next(r)))
		selftest_check_storage(cfg->data_dir, c);
	if ((c = next(r)))
		selftest_check_settings(cfg->data_dir, (int64_t)now * 1000, c);
	if ((c = next(r)))
		selftest_check_update(cfg->data_dir, c);
	if ((c = next(r)))
		selftest_check_clock(now, version_source_epoch(), c);
	if ((c = next(r)))
		check_central(cfg, timeout, c);
	if ((c = next(r)))
		selftest_check_cert("client-cert", "client certificate", cfg->client_cert, now, c);
	if ((c = next(r))) {
		if (cfg->ca_file[0])
			selftest_check_cert("ca-cert", "CA certificate", cfg->ca_file, now, c);
		else
			set(c, "ca-cert", SELFTEST_WARN,
			    "no ca_file: the system's CAs are trusted for the central; provision "
			    "the agency's CA");
	}
	if ((c = next(r)))
		check_outbox(cfg, c);
	SDL_Quit();
	for (int i = 0; i < r->count; i++) {
		switch (r->checks[i].status) {
		case SELFTEST_OK:
			r->ok++;
			break;
		case SELFTEST_WARN:
			r->warned++;
			break;
		case SELFTEST_FAIL:
			r->failed++;
			break;
		case SELFTEST_SKIP:
			r->skipped++;
			break;
		}
	}
	return r->failed ? 1 : 0;
}

int selftest_print(const struct selftest_report *r, FILE *f)
{
	for (int i = 0; i < r->count; i++)
		fprintf(f, "%-4s  %-12s %s\n", selftest_status_name(r->checks[i].status),
		        r->checks[i].name, r->checks[i].msg);
	fprintf(f, "self-test: %d ok, %d warnings, %d failed, %d skipped\n", r->ok, r->warned,
	        r->failed, r->skipped);
	return ferror(f) ? -EIO : 0;
}

int selftest_print_json(const struct selftest_report *r, FILE *f)
{
	cJSON *root = cJSON_CreateObject(), *arr = cJSON_CreateArray();
	char *text = NULL;
	int rc = -ENOMEM;

	if (!root || !arr) {
		cJSON_Delete(root);
		cJSON_Delete(arr);
		return -ENOMEM;
	}
	cJSON_AddItemToObject(root, "checks", arr);
	if (!cJSON_AddStringToObject(root, "version", ACCUEIL_VERSION) ||
	    !cJSON_AddStringToObject(root, "board", version_board()) ||
	    !cJSON_AddStringToObject(root, "commit", version_commit()))
		goto out;
	for (int i = 0; i < r->count; i++) {
		cJSON *o = cJSON_CreateObject();
		if (!o)
			goto out;
		cJSON_AddItemToArray(arr, o);
		if (!cJSON_AddStringToObject(o, "name", r->checks[i].name) ||
		    !cJSON_AddStringToObject(o, "status",
		                             r->checks[i].status == SELFTEST_FAIL
		                                 ? "fail"
		                                 : selftest_status_name(r->checks[i].status)) ||
		    !cJSON_AddStringToObject(o, "message", r->checks[i].msg))
			goto out;
	}
	if (!cJSON_AddNumberToObject(root, "ok", r->ok) ||
	    !cJSON_AddNumberToObject(root, "warnings", r->warned) ||
	    !cJSON_AddNumberToObject(root, "failed", r->failed) ||
	    !cJSON_AddNumberToObject(root, "skipped", r->skipped) ||
	    !cJSON_AddBoolToObject(root, "pass", r->failed == 0))
		goto out;
	text = cJSON_Print(root);
	if (!text)
		goto out;
	rc = fprintf(f, "%s\n", text) < 0 ? -EIO : 0;
out:
	free(text);
	cJSON_Delete(root);
	return rc;
}
