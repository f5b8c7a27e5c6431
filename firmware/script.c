#include "firmware/script.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "firmware/core/calendar.h"
#include "ui/input_sdl.h"
#include "voices/speech_recorder.h"

#define SCRIPT_LINE_MAX 1024
#define SCRIPT_ARGS_MAX 6

struct script {
	kiosk_t *k;
	const char *path;
	const char *out_dir;
	uint64_t *clock;
	FILE *err;
	int line;
	size_t said_from; /* "expect said" looks from here: the last input's speech */
};

/* Splits a line into words; "quoted text" is one word. Returns the count or -EINVAL. */
static int split(char *s, char **argv, int max)
{
	int n = 0;
	while (*s) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#')
			break;
		if (n == max)
			return -EINVAL;
		if (*s == '"') {
			argv[n++] = ++s;
			char *q = strchr(s, '"');
			if (!q)
				return -EINVAL;
			*q = '\0';
			s = q + 1;
		} else {
			argv[n++] = s;
			while (*s && *s != ' ' && *s != '\t')
				s++;
			if (*s)
				*s++ = '\0';
		}
	}
	return n;
}

static int fail(struct script *sc, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct script *sc, int rc, const char *fmt, ...)
{
	va_list ap;
	fprintf(sc->err, "%s:%d: ", sc->path, sc->line);
	va_start(ap, fmt);
	vfprintf(sc->err, fmt, ap);
	va_end(ap);
	fputc('\n', sc->err);
	return rc;
}

static int parse_int(const char *s, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < -100000 || v > 100000)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

static int parse_duration(const char *s, uint64_t *ms)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || v > 86400000ull)
		return -EINVAL;
	if (!strcmp(end, "ms"))
		*ms = v;
	else if (!strcmp(end, "s"))
		*ms = v * 1000;
	else if (!strcmp(end, "m"))
		*ms = v * 60000;
	else
		return -EINVAL;
	return 0;
}

/* Lets time pass on the manual clock, delivering every deadline on the way. */
static void advance(struct script *sc, uint64_t ms)
{
	uint64_t target = *sc->clock + ms;
	for (int guard = 0; guard < 1000000; guard++) {
		kiosk_step(sc->k, *sc->clock);
		uint64_t next = kiosk_next_deadline(sc->k, *sc->clock);
		if (next <= *sc->clock)
			next = *sc->clock + 1;
		if (next > target)
			break;
		*sc->clock = next;
	}
	*sc->clock = target;
	kiosk_step(sc->k, *sc->clock);
}

static void input_begins(struct script *sc)
{
	struct speech_recorder *r = kiosk_recorder(sc->k);
	sc->said_from = r ? recorder_count(r) : 0;
}

static int tap_text(struct script *sc, const char *text)
{
	kiosk_step(sc->k, *sc->clock); /* lay out what is current */
	const struct view *v = kiosk_shown(sc->k);
	/* An item showing exactly this text first (a keyboard's "e"), else the first that
	 * contains it. */
	int at = -1;
	for (int i = 0; i < v->count && at < 0; i++)
		if (strcmp(v->nodes[i].text, text) == 0)
			at = i;
	for (int i = 0; i < v->count; i++) {
		const struct view_node *n = &v->nodes[at >= 0 ? at : i];
		if (at >= 0 || strstr(n->text, text) || (n->text2[0] && strstr(n->text2, text))) {
			struct view_rect b = n->bounds;
			int x = b.x + b.w / 2, y = b.y + b.h / 2;
			kiosk_pointer(sc->k, APP_EV_POINTER_DOWN, x, y, *sc->clock);
			kiosk_pointer(sc->k, APP_EV_POINTER_UP, x, y, *sc->clock);
			return 0;
		}
	}
	return fail(sc, -EDOM, "tap: nothing on screen shows \"%s\"", text);
}

static int expect(struct script *sc, int argc, char **argv)
{
	const struct app *a = kiosk_app(sc->k);
	const struct view *v = &a->view;

	if (argc == 3 && !strcmp(argv[1], "screen")) {
		if (!screen_find(a->screens, argv[2]))
			return fail(sc, -EINVAL, "unknown screen \"%s\"", argv[2]);
		if (strcmp(a->screen->name, argv[2]) != 0)
			return fail(sc, -EDOM, "expected screen %s, but it is %s", argv[2],
			            a->screen->name);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "said")) {
		enum lang want;
		if (!strcmp(argv[2], "fr"))
			want = LANG_FR;
		else if (!strcmp(argv[2], "en"))
			want = LANG_EN;
		else
			return fail(sc, -EINVAL, "said: language must be fr or en, not \"%s\"",
			            argv[2]);
		struct speech_recorder *r = kiosk_recorder(sc->k);
		if (!r)
			return fail(sc, -EDOM, "said: speech is off (no recorder)");
		for (size_t i = sc->said_from; i < recorder_count(r); i++) {
			enum lang lang;
			const char *t = recorder_text(r, i, &lang);
			if (t && lang == want && strstr(t, argv[3])) {
				sc->said_from = i;
				return 0;
			}
		}
		fprintf(sc->err, "%s:%d: not said in %s: \"%s\"; said since the last input:\n",
		        sc->path, sc->line, argv[2], argv[3]);
		for (size_t i = sc->said_from; i < recorder_count(r); i++) {
			enum lang lang;
			const char *t = recorder_text(r, i, &lang);
			fprintf(sc->err, "    %s: %s\n", lang_code(lang), t ? t : "");
		}
		return -EDOM;
	}
	if (argc == 3 && !strcmp(argv[1], "focus")) {
		if (v->focus < 0 || !strstr(v->nodes[v->focus].text, argv[2]))
			return fail(sc, -EDOM, "focus is not on \"%s\" but on \"%s\"", argv[2],
			            v->focus >= 0 ? v->nodes[v->focus].text : "nothing");
		return 0;
	}
	if (argc == 3 && (!strcmp(argv[1], "shown") || !strcmp(argv[1], "hidden"))) {
		bool want = !strcmp(argv[1], "shown");
		for (int i = 0; i < v->count; i++)
			if (strstr(v->nodes[i].text, argv[2]) ||
			    strstr(view_node_value(&v->nodes[i]), argv[2]) ||
			    strstr(v->nodes[i].text2, argv[2]))
				return want ? 0
				            : fail(sc, -EDOM, "\"%s\" is still on screen", argv[2]);
		return want ? fail(sc, -EDOM, "nothing on screen shows \"%s\"", argv[2]) : 0;
	}
	if (argc == 3 && !strcmp(argv[1], "speech")) {
		bool want = !strcmp(argv[2], "on");
		if (!want && strcmp(argv[2], "off"))
			return fail(sc, -EINVAL, "speech: on or off, not \"%s\"", argv[2]);
		if (a->speech_mode != want)
			return fail(sc, -EDOM, "speech mode is %s", a->speech_mode ? "on" : "off");
		return 0;
	}
	return fail(sc, -EINVAL, "unknown expectation \"%s\"", argc > 1 ? argv[1] : "");
}

/* The test driving the run acts between two lines: OUT/NAME.wait tells it when, and it
 * removes the file when done. The kiosk keeps running meanwhile on its manual clock. */
static int rendezvous(struct script *sc, const char *name)
{
	char path[1024];
	if (strchr(name, '/') ||
	    (size_t)snprintf(path, sizeof(path), "%s/%s.wait", sc->out_dir, name) >= sizeof(path))
		return fail(sc, -EINVAL, "rendezvous: a short name, not a path");
	FILE *f = fopen(path, "w");
	if (!f || fclose(f) != 0)
		return fail(sc, -EIO, "cannot write %s", path);
	for (int i = 0; i < 3000; i++) {
		if (access(path, F_OK) != 0)
			return 0;
		kiosk_step(sc->k, *sc->clock);
		nanosleep(&(struct timespec){.tv_nsec = 10000000}, NULL);
	}
	remove(path);
	return fail(sc, -ETIMEDOUT, "rendezvous %s: nobody answered within 30 s", name);
}

static int run_line(struct script *sc, int argc, char **argv)
{
	const char *cmd = argv[0];
	int x, y;

	if (!strcmp(cmd, "key") && argc == 2) {
		struct app_event ev;
		if (input_key_from_name(argv[1], &ev) < 0)
			return fail(sc, -EINVAL, "unknown key \"%s\"", argv[1]);
		input_begins(sc);
		kiosk_event(sc->k, &ev, *sc->clock);
		kiosk_step(sc->k, *sc->clock);
		return 0;
	}
	if ((!strcmp(cmd, "touch") || !strncmp(cmd, "touch-", 6)) && argc == 3) {
		if (parse_int(argv[1], &x) < 0 || parse_int(argv[2], &y) < 0)
			return fail(sc, -EINVAL, "touch: two whole numbers expected");
		kiosk_step(sc->k, *sc->clock);
		input_begins(sc);
		if (!strcmp(cmd, "touch") || !strcmp(cmd, "touch-down"))
			kiosk_pointer(sc->k, APP_EV_POINTER_DOWN, x, y, *sc->clock);
		if (!strcmp(cmd, "touch-move"))
			kiosk_pointer(sc->k, APP_EV_POINTER_MOVE, x, y, *sc->clock);
		if (!strcmp(cmd, "touch") || !strcmp(cmd, "touch-up"))
			kiosk_pointer(sc->k, APP_EV_POINTER_UP, x, y, *sc->clock);
		if (strcmp(cmd, "touch") && strcmp(cmd, "touch-down") &&
		    strcmp(cmd, "touch-move") && strcmp(cmd, "touch-up"))
			return fail(sc, -EINVAL, "unknown command \"%s\"", cmd);
		kiosk_step(sc->k, *sc->clock);
		return 0;
	}
	if (!strcmp(cmd, "tap") && argc == 2) {
		input_begins(sc);
		int rc = tap_text(sc, argv[1]);
		kiosk_step(sc->k, *sc->clock);
		return rc;
	}
	if (!strcmp(cmd, "type") && argc == 2) {
		/* A USB keyboard: one text event per character, as SDL sends them. */
		const char *p = argv[1];
		while (*p) {
			struct app_event ev = {.type = APP_EV_TEXT, .item = -1};
			size_t n = 1;
			while (p[n] && ((unsigned char)p[n] & 0xC0) == 0x80)
				n++;
			if (n >= sizeof(ev.text))
				return fail(sc, -EINVAL, "type: not UTF-8 text");
			memcpy(ev.text, p, n);
			p += n;
			input_begins(sc);
			kiosk_event(sc->k, &ev, *sc->clock);
		}
		kiosk_step(sc->k, *sc->clock);
		return 0;
	}
	if (!strcmp(cmd, "date") && argc == 2) {
		/* The wall clock for what is dated: "2026-12-24T10:25:00-05:00". */
		int64_t utc;
		if (calendar_parse_iso8601(argv[1], strlen(argv[1]), &utc, NULL) < 0)
			return fail(sc, -EINVAL, "date: an ISO 8601 time, not \"%s\"", argv[1]);
		kiosk_set_wall(sc->k, utc, *sc->clock);
		return 0;
	}
	if (!strcmp(cmd, "technician-pin") && argc == 2) {
		kiosk_set_technician_pin(sc->k, argv[1]); /* its stored (PBKDF2) form */
		return 0;
	}
	if (!strcmp(cmd, "headphones") && argc == 2) {
		struct app_event ev = {.item = -1};
		if (!strcmp(argv[1], "in"))
			ev.type = APP_EV_HEADPHONES_IN;
		else if (!strcmp(argv[1], "out"))
			ev.type = APP_EV_HEADPHONES_OUT;
		else
			return fail(sc, -EINVAL, "headphones: in or out, not \"%s\"", argv[1]);
		input_begins(sc);
		kiosk_event(sc->k, &ev, *sc->clock);
		kiosk_step(sc->k, *sc->clock);
		return 0;
	}
	if (!strcmp(cmd, "wait") && argc == 2 && !strcmp(argv[1], "network")) {
		/* Real time: the central answers on its own clock, and the manual clock follows
		 * it so retries, back-off and "One moment" happen as they would. At most 30 s. */
		struct timespec t0, t1;
		uint64_t advanced = 0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		kiosk_step(sc->k, *sc->clock);
		for (;;) {
			size_t pending = kiosk_net_wait(sc->k, 100, *sc->clock);
			clock_gettime(CLOCK_MONOTONIC, &t1);
			uint64_t elapsed = (uint64_t)(t1.tv_sec - t0.tv_sec) * 1000u +
			                   (uint64_t)((t1.tv_nsec - t0.tv_nsec) / 1000000);
			if (elapsed > advanced) {
				advance(sc, elapsed - advanced);
				advanced = elapsed;
			} else {
				/* nothing on the wire (a retry's back-off): let real time pass */
				nanosleep(&(struct timespec){.tv_nsec = 5000000}, NULL);
			}
			if (pending == 0 || elapsed > 30000)
				break;
		}
		return 0;
	}
	if (!strcmp(cmd, "wait") && argc == 2) {
		uint64_t ms;
		if (parse_duration(argv[1], &ms) < 0)
			return fail(sc, -EINVAL,
			            "wait: a duration like 5s, 250ms or 2m, not \"%s\"", argv[1]);
		advance(sc, ms);
		return 0;
	}
	if (!strcmp(cmd, "expect"))
		return expect(sc, argc, argv);
	if (!strcmp(cmd, "rendezvous") && argc == 2)
		return rendezvous(sc, argv[1]);
	if (!strcmp(cmd, "screenshot") && argc == 2) {
		char path[1024];
		if (strchr(argv[1], '/'))
			return fail(sc, -EINVAL, "screenshot: a name, not a path");
		snprintf(path, sizeof(path), "%s/%s.png", sc->out_dir, argv[1]);
		if (kiosk_screenshot(sc->k, path) < 0)
			return fail(sc, -EIO, "cannot write %s", path);
		return 0;
	}
	if (!strcmp(cmd, "size") && argc == 2)
		return 0; /* applied before the kiosk was made (script_size) */
	return fail(sc, -EINVAL, "unknown command or wrong arguments: \"%s\"", cmd);
}

int script_run(kiosk_t *k, const char *path, const char *out_dir, uint64_t *clock, FILE *err)
{
	char line[SCRIPT_LINE_MAX];
	struct script sc = {.k = k, .path = path, .out_dir = out_dir, .clock = clock, .err = err};
	int rc = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(err, "%s: cannot read: %s\n", path, strerror(errno));
		return -EIO;
	}
	kiosk_step(k, *clock);
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		char *argv[SCRIPT_ARGS_MAX];
		sc.line++;
		size_t n = strlen(line);
		if (n && line[n - 1] != '\n' && !feof(f)) {
			rc = fail(&sc, -EINVAL, "line too long");
			break;
		}
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		int argc = split(line, argv, SCRIPT_ARGS_MAX);
		if (argc < 0)
			rc = fail(&sc, -EINVAL, "unbalanced quotes or too many words");
		else if (argc > 0)
			rc = run_line(&sc, argc, argv);
	}
	fclose(f);
	return rc;
}

int script_size(const char *path, int *w, int *h)
{
	char line[SCRIPT_LINE_MAX];
	FILE *f = fopen(path, "r");
	if (!f)
		return -EIO;
	while (fgets(line, sizeof(line), f)) {
		int a, b;
		if (sscanf(line, " size %dx%d", &a, &b) == 2 && a >= 240 && b >= 240 && a <= 8192 &&
		    b <= 8192) {
			*w = a;
			*h = b;
			break;
		}
	}
	fclose(f);
	return 0;
}
