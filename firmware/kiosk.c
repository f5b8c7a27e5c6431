#include "firmware/kiosk.h"

#include <SDL.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "firmware/core/log.h"
#include "firmware/services/jack.h"
#include "firmware/services/kiosk_api.h"
#include "firmware/services/net.h"
#include "ui/input_sdl.h"
#include "ui/render_sdl.h"
#include "voices/announce.h"
#include "voices/speech.h"
#include "voices/speech_recorder.h"

/* What a finished request was for (net_request.tag). */
enum kiosk_tag { TAG_HEARTBEAT = 1, TAG_NOTICES };

#define KIOSK_VERSION "0.1.0"
#define HEARTBEAT_MS  60000
#define NOTICES_MS    60000

struct kiosk {
	struct config cfg;
	net_t *net;   /* NULL when no central is configured */
	jack_t *jack; /* NULL with the "key" detector (F9 on the pc board) */
	struct kiosk_api_config api;
	struct kiosk_api_schedule sched;
	unsigned hb_assist;    /* staff calls carried by the heartbeat on its way */
	bool staff_waiting;    /* a visitor waits to hear that the staff was told */
	bool staff_failed_now; /* no central: say so at the next step */
	uint64_t started_ms;
	i18n_t *strings;
	struct app app;
	audio_t *audio;
	speech_t *speech;
	struct speech_recorder *rec;
	struct utterance utt;
	SDL_Window *window;
	SDL_Surface *surface; /* scripted runs draw here */
	SDL_Renderer *sdl;
	render_t *render;
	struct view shown; /* what is on screen: layout bounds for hit testing */
	struct render_result last;
	int width, height;
	int scroll;
	bool dirty;
	bool follow_focus;
	uint64_t redraw_at;
	enum render_flash flash;
	uint64_t flash_at;
	bool headphones_route;
	bool speech_pending; /* speech opens after the first frame: it must not delay it */
	bool audio_failed;
	struct kiosk_options opt;
	uint64_t barge_ns; /* last barge-in: event entry to audio cleared */
	uint64_t event_t0;
	uint64_t first_frame_ns;
	unsigned long frames, utterances;
	uint64_t last_frame_ns;
};

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static enum render_flash flash_of(enum earcon e)
{
	switch (e) {
	case EARCON_MOVE:
		return RENDER_FLASH_MOVE;
	case EARCON_ACTIONABLE:
		return RENDER_FLASH_ACTIONABLE;
	case EARCON_CHECKED:
		return RENDER_FLASH_CHECKED;
	case EARCON_UNCHECKED:
		return RENDER_FLASH_UNCHECKED;
	case EARCON_ACTIVATE:
		return RENDER_FLASH_ACTIVATE;
	case EARCON_NO_ACTION:
		return RENDER_FLASH_NO_ACTION;
	case EARCON_PAGE:
		return RENDER_FLASH_PAGE;
	case EARCON_ALERT:
		return RENDER_FLASH_ALERT;
	case EARCON_WORKING:
	case EARCON_COUNT:
		return RENDER_FLASH_WORKING;
	}
	return RENDER_FLASH_NONE;
}

static void flush_speech(kiosk_t *k, uint64_t now)
{
	if (k->utt.count == 0)
		return;
	/* S9: personal data only through headphones. */
	if (k->speech && (!k->utt.personal || k->app.headphones)) {
		int rc = speech_say(k->speech, &k->utt, now);
		if (rc < 0)
			log_msg(LOG_WARN, "speech", "could not speak (%d)", rc);
		k->utterances++;
	}
	utterance_clear(&k->utt);
}

static void run_effects(kiosk_t *k, const struct app_fx_list *fx, uint64_t now)
{
	const struct app *a = &k->app;
	int rc = 0;

	utterance_clear(&k->utt);
	for (int i = 0; i < fx->count; i++) {
		const struct app_fx *f = &fx->fx[i];
		switch (f->type) {
		case APP_FX_STOP_SPEECH:
			utterance_clear(&k->utt);
			if (k->speech) {
				speech_stop(k->speech, now);
				k->barge_ns = mono_ns() - k->event_t0;
			}
			break;
		case APP_FX_EARCON:
			flush_speech(k, now); /* keep the order the core asked for */
			if (k->speech)
				speech_earcon(k->speech, (enum earcon)f->arg, now);
			k->flash = flash_of((enum earcon)f->arg);
			k->flash_at = now;
			k->dirty = true;
			break;
		case APP_FX_SPEAK_SCREEN:
			rc = announce_screen(&a->view, k->strings, &k->utt);
			break;
		case APP_FX_SPEAK_FOCUS:
			if (a->view.focus >= 0)
				rc = announce_node(&a->view, k->strings, a->view.focus, &k->utt);
			break;
		case APP_FX_SPEAK_KEY:
			rc = announce_message(k->strings, f->lang, f->key, &k->utt);
			break;
		case APP_FX_REPEAT:
			flush_speech(k, now);
			if (k->speech && speech_repeat(k->speech, now) < 0)
				announce_node(&a->view, k->strings, a->view.focus, &k->utt);
			break;
		case APP_FX_VOLUME:
			if (k->speech)
				speech_set_volume(k->speech, f->arg);
			break;
		case APP_FX_RATE:
			if (k->speech)
				speech_set_rate(k->speech, f->arg);
			break;
		case APP_FX_ROUTE:
			if (k->headphones_route != (f->arg != 0))
				log_msg(LOG_INFO, "audio", "route: %s",
				        f->arg ? "headphones" : "speaker");
			k->headphones_route = f->arg != 0;
			break;
		case APP_FX_STAFF_CALL:
			log_msg(LOG_INFO, "staff", "assistance requested");
			if (k->net) {
				kiosk_api_schedule_assistance(&k->sched);
				k->staff_waiting = true;
			} else {
				k->staff_failed_now = true;
			}
			break;
		case APP_FX_SPEAK_NODE:
			if (f->arg >= 0 && f->arg < a->view.count)
				rc = announce_node(&a->view, k->strings, f->arg, &k->utt);
			break;
		case APP_FX_SESSION_END:
			k->scroll = 0;
			k->audio_failed = false;
			log_msg(LOG_INFO, "session", "ended");
			break;
		}
		if (rc == -ENOSPC)
			log_msg(LOG_WARN, "speech", "utterance truncated");
		rc = 0;
	}
	flush_speech(k, now);
}

static void open_speech(kiosk_t *k, const struct kiosk_options *opt);
static void audio_follow_speech_mode(kiosk_t *k, uint64_t now);

static void deliver(kiosk_t *k, const struct app_event *ev, uint64_t now)
{
	struct app_fx_list fx;

	k->event_t0 = mono_ns();
	if (k->speech_pending) {
		/* Input before the first frame (scripts): speech must be there to answer it. */
		k->speech_pending = false;
		open_speech(k, &k->opt);
	}
	int focus = k->app.focus;
	enum app_screen screen = k->app.screen;

	if (app_handle(&k->app, ev, now, &fx))
		k->dirty = true;
	if (k->app.focus != focus || k->app.screen != screen)
		k->follow_focus = true;
	if (k->app.speech_mode || k->app.headphones)
		audio_follow_speech_mode(k, now);
	if (k->app.screen != screen) {
		k->scroll = 0;
		log_msg(LOG_INFO, "screen", "%s (%s)", app_screen_name(k->app.screen),
		        lang_code(k->app.settings.lang));
	}
	run_effects(k, &fx, now);
}

void kiosk_event(kiosk_t *k, const struct app_event *ev, uint64_t now)
{
	deliver(k, ev, now);
}

void kiosk_pointer(kiosk_t *k, enum app_event_type type, int x, int y, uint64_t now)
{
	struct app_event ev = {.type = type, .item = layout_hit(&k->shown, &k->last.layout, x, y)};
	deliver(k, &ev, now);
}

void kiosk_sdl_event(kiosk_t *k, const SDL_Event *e, uint64_t now)
{
	struct input_event in;
	input_from_sdl(e, k->width, k->height, &in);
	switch (in.kind) {
	case INPUT_KEY:
		deliver(k, &in.ev, now);
		break;
	case INPUT_POINTER:
		kiosk_pointer(k, in.ev.type, in.x, in.y, now);
		break;
	case INPUT_HEADPHONES: {
		struct app_event ev = {.type = k->app.headphones ? APP_EV_HEADPHONES_OUT
		                                                 : APP_EV_HEADPHONES_IN,
		                       .item = -1};
		deliver(k, &ev, now);
		break;
	}
	case INPUT_REDRAW:
		if (k->window)
			SDL_GetWindowSize(k->window, &k->width, &k->height);
		k->dirty = true;
		break;
	case INPUT_NONE:
		break;
	}
}

static void draw(kiosk_t *k, uint64_t now)
{
	const struct app *a = &k->app;
	uint64_t t0 = mono_ns();

	memcpy(&k->shown, &a->view, sizeof(k->shown));
	struct render_options o = {
	    .width = k->width,
	    .height = k->height,
	    .high_contrast = a->settings.high_contrast,
	    .large_text = a->settings.large_text,
	    .speech_mode = a->speech_mode,
	    .blank = a->settings.blank && a->speech_mode,
	    .working = app_working(a, now),
	    .scroll = k->scroll,
	    .follow_focus = k->follow_focus,
	    .flash = k->flash,
	    .flash_ms = (uint32_t)k->flash_at,
	    .now_ms = (uint32_t)now,
	};
	if (render_frame(k->render, &k->shown, &o, &k->last) < 0)
		log_msg(LOG_WARN, "render", "frame failed: %s", SDL_GetError());
	k->scroll = k->last.layout.scroll;
	k->follow_focus = false;
	k->redraw_at =
	    k->last.redraw_in_ms >= 0 ? now + (uint64_t)k->last.redraw_in_ms : UINT64_MAX;
	if (k->window)
		SDL_RenderPresent(k->sdl);
	if (k->frames == 0)
		k->first_frame_ns = mono_ns();
	k->frames++;
	k->last_frame_ns = mono_ns() - t0;
	k->dirty = false;
}

static void staff_outcome(kiosk_t *k, bool ok, uint64_t now)
{
	struct app_event ev = {.type = APP_EV_NET_DONE, .item = ok ? 1 : 0};
	k->staff_waiting = false;
	log_msg(ok ? LOG_INFO : LOG_WARN, "staff", "assistance call %s",
	        ok ? "delivered to the central" : "could not reach the central");
	deliver(k, &ev, now);
}

static void take_notices(kiosk_t *k, const struct kiosk_api_notices *in, uint64_t now)
{
	struct app_notice n[APP_NOTICES_MAX];
	struct app_fx_list fx;
	int count = 0;

	memset(n, 0, sizeof(n));
	for (size_t i = 0; i < in->count && count < APP_NOTICES_MAX; i++, count++) {
		const struct kiosk_api_notice *src = &in->items[i];
		struct app_notice *d = &n[count];
		snprintf(d->id, sizeof(d->id), "%s", src->id);
		d->closure = src->severity == KIOSK_API_CLOSURE;
		snprintf(d->reason[LANG_FR], APP_NOTICE_TEXT_MAX, "%s", src->reason_fr);
		snprintf(d->reason[LANG_EN], APP_NOTICE_TEXT_MAX, "%s", src->reason_en);
		snprintf(d->alternatives[LANG_FR], APP_NOTICE_TEXT_MAX, "%s", src->alternatives_fr);
		snprintf(d->alternatives[LANG_EN], APP_NOTICE_TEXT_MAX, "%s", src->alternatives_en);
	}
	if (app_set_notices(&k->app, n, count, now, &fx))
		k->dirty = true;
	run_effects(k, &fx, now);
}

static void net_results(kiosk_t *k, uint64_t now)
{
	struct net_result res;
	struct net_api_status st;

	while (net_take_result(k->net, &res) == 0) {
		if (res.tag == TAG_HEARTBEAT) {
			bool ok = kiosk_api_parse_heartbeat(&res, &st) == 0;
			unsigned carried = k->hb_assist;
			kiosk_api_schedule_done(&k->sched, KIOSK_API_JOB_HEARTBEAT, ok, now);
			k->hb_assist = 0;
			if (!ok)
				log_msg(LOG_WARN, "central", "heartbeat failed: %s",
				        net_api_error_name(st.error));
			/* A heartbeat that left before the call does not answer it: the next one
			 * will. */
			if (k->staff_waiting && (carried > 0 || !ok))
				staff_outcome(k, ok, now);
		} else if (res.tag == TAG_NOTICES) {
			struct kiosk_api_notices *notices = malloc(sizeof(*notices));
			bool ok = notices && kiosk_api_parse_notices(&res, notices, &st) == 0;
			kiosk_api_schedule_done(&k->sched, KIOSK_API_JOB_NOTICES, ok, now);
			if (ok)
				take_notices(k, notices, now);
			else
				log_msg(LOG_WARN, "central", "notices: %s",
				        notices ? net_api_error_name(st.error) : "out of memory");
			free(notices);
		}
		net_result_release(&res);
	}
}

static void net_jobs(kiosk_t *k, uint64_t now)
{
	struct net_request req;
	uint64_t id;

	/* A waiting visitor's call goes at once, not at the next heartbeat. */
	if (k->staff_waiting)
		kiosk_api_schedule_hurry(&k->sched, KIOSK_API_JOB_HEARTBEAT, now);
	unsigned due = kiosk_api_schedule_due(&k->sched, now);
	if (due & KIOSK_API_JOB_HEARTBEAT) {
		struct kiosk_stats st;
		kiosk_get_stats(k, &st);
		struct kiosk_api_check checks[] = {
		    {.name = "speech", .ok = st.speech_ok},
		    {.name = "display", .ok = st.fonts_ok},
		};
		unsigned assist = kiosk_api_schedule_start(&k->sched, KIOSK_API_JOB_HEARTBEAT);
		struct kiosk_api_heartbeat hb = {
		    .uptime_s = (now - k->started_ms) / 1000,
		    .assistance_calls = assist,
		    .n_checks = sizeof(checks) / sizeof(checks[0]),
		    .checks = checks,
		};
		int rc = kiosk_api_build_heartbeat(&k->api, &hb, &req);
		if (rc == 0) {
			req.tag = TAG_HEARTBEAT;
			req.background = !k->staff_waiting;
			rc = net_submit(k->net, &req, now, &id);
		}
		net_request_release(&req);
		k->hb_assist = rc == 0 ? assist : 0;
		if (rc < 0)
			kiosk_api_schedule_done(&k->sched, KIOSK_API_JOB_HEARTBEAT, false, now);
	}
	if (due & KIOSK_API_JOB_NOTICES) {
		kiosk_api_schedule_start(&k->sched, KIOSK_API_JOB_NOTICES);
		int rc = kiosk_api_build_notices(&k->api, &req);
		if (rc == 0) {
			req.tag = TAG_NOTICES;
			req.background = true;
			rc = net_submit(k->net, &req, now, &id);
		}
		net_request_release(&req);
		if (rc < 0)
			kiosk_api_schedule_done(&k->sched, KIOSK_API_JOB_NOTICES, false, now);
	}
}

bool kiosk_step(kiosk_t *k, uint64_t now)
{
	struct app_event ev = {.item = -1};

	if (k->staff_failed_now) {
		k->staff_failed_now = false;
		staff_outcome(k, false, now);
	}
	bool plugged;
	int jr = jack_poll(k->jack, now, &plugged);
	if (jr == -EIO)
		log_msg(LOG_WARN, "jack",
		        "cannot read the headphone detector %s: speech starts by "
		        "keypad only until it reads again",
		        k->cfg.jack);
	if (jr == 1 && plugged != k->app.headphones) {
		ev.type = plugged ? APP_EV_HEADPHONES_IN : APP_EV_HEADPHONES_OUT;
		deliver(k, &ev, now);
	}
	if (k->net) {
		net_perform(k->net, now);
		net_results(k, now);
		net_jobs(k, now);
	}

	if (k->app.speaking && (!k->speech || now >= speech_busy_until(k->speech))) {
		ev.type = APP_EV_SPEECH_DONE;
		deliver(k, &ev, now);
	}
	if (now >= app_next_deadline(&k->app)) {
		ev.type = APP_EV_TICK;
		deliver(k, &ev, now);
	}
	if (k->audio && !k->app.speech_mode && !k->app.headphones)
		audio_follow_speech_mode(k, now);
	if (now >= k->redraw_at)
		k->dirty = true;
	if (!k->dirty || !k->render) {
		if (k->speech_pending) {
			k->speech_pending = false;
			open_speech(k, &k->opt);
		}
		return false;
	}
	draw(k, now);
	if (k->speech_pending) {
		k->speech_pending = false;
		open_speech(k, &k->opt);
	}
	return true;
}

uint64_t kiosk_next_deadline(kiosk_t *k, uint64_t now)
{
	uint64_t t = app_next_deadline(&k->app);
	if (k->net) {
		uint64_t n = net_next_deadline_ms(k->net, now);
		uint64_t j = kiosk_api_schedule_next_ms(&k->sched);
		t = n < t ? n : t;
		t = j < t ? j : t;
	}
	if (k->staff_failed_now)
		t = now;
	if (jack_next_poll(k->jack) < t)
		t = jack_next_poll(k->jack);
	if (k->app.speaking) {
		uint64_t end = k->speech ? speech_busy_until(k->speech) : 0;
		if (end < t)
			t = end;
	}
	if (k->redraw_at < t)
		t = k->redraw_at;
	if (k->dirty)
		t = 0;
	return t;
}

int kiosk_screenshot(kiosk_t *k, const char *path)
{
	if (!k->render)
		return -ENODEV;
	draw(k, k->app.now); /* the renderer's back buffer holds exactly this frame */
	return render_save_png(k->sdl, path);
}

static int make_surface_renderer(kiosk_t *k, int w, int h)
{
	if (k->render) {
		render_free(k->render);
		k->render = NULL;
	}
	if (k->sdl)
		SDL_DestroyRenderer(k->sdl);
	if (k->surface)
		SDL_FreeSurface(k->surface);
	k->sdl = NULL;
	k->surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!k->surface || !(k->sdl = SDL_CreateSoftwareRenderer(k->surface))) {
		log_msg(LOG_ERROR, "render", "cannot make a %dx%d surface: %s", w, h,
		        SDL_GetError());
		return -ENOMEM;
	}
	k->width = w;
	k->height = h;
	return 0;
}

static int open_renderer(kiosk_t *k)
{
	char err[256] = "";
	int rc = render_new(k->sdl, k->cfg.font, k->cfg.font_bold, &k->render, err, sizeof(err));
	if (rc < 0) {
		log_msg(LOG_ERROR, "render",
		        "%s: install the fonts-dejavu-core package or set "
		        "font = in the configuration",
		        err);
		return rc;
	}
	k->dirty = true;
	return 0;
}

int kiosk_render_all(kiosk_t *k, const char *dir)
{
	static const int sizes[2][2] = {{1080, 1920}, {1920, 1080}};
	static const char *const orient[2] = {"portrait", "landscape"};
	struct app saved;
	int written = 0, rc = 0;

	memcpy(&saved, &k->app, sizeof(saved));
	for (int o = 0; o < 2 && rc == 0; o++) {
		if ((rc = make_surface_renderer(k, sizes[o][0], sizes[o][1])) < 0 ||
		    (rc = open_renderer(k)) < 0)
			break;
		for (int s = 0; s < APP_SCREEN_COUNT && rc == 0; s++) {
			for (int l = 0; l < LANG_COUNT && rc == 0; l++) {
				for (int big = 0; big < 2 && rc == 0; big++) {
					char path[1024];
					struct app *a = &k->app;
					a->screen = (enum app_screen)s;
					a->settings.lang = (enum lang)l;
					a->settings.large_text = big;
					a->in_session = s != APP_SCREEN_ATTRACT;
					a->help_layer_of = APP_SCREEN_HOME;
					a->warning_since = a->now;
					a->focus = s == APP_SCREEN_ATTRACT ? 1 + l : 1;
					app_refresh(a);
					k->scroll = 0;
					k->follow_focus = true;
					snprintf(path, sizeof(path), "%s/%s-%s-%s-%s.png", dir,
					         app_screen_name((enum app_screen)s), orient[o],
					         lang_code((enum lang)l), big ? "large" : "normal");
					if ((rc = kiosk_screenshot(k, path)) == 0)
						written++;
				}
			}
		}
	}
	memcpy(&k->app, &saved, sizeof(saved));
	return rc < 0 ? rc : written;
}

void kiosk_invalidate(kiosk_t *k)
{
	k->dirty = true;
}

uint64_t kiosk_audio_first_voiced_ns(const kiosk_t *k)
{
	return k->audio ? audio_first_voiced_ns(k->audio) : 0;
}

size_t kiosk_audio_queued(const kiosk_t *k)
{
	return k->audio ? audio_queued(k->audio) : 0;
}

const struct view *kiosk_shown(const kiosk_t *k)
{
	return &k->shown;
}

const struct app *kiosk_app(const kiosk_t *k)
{
	return &k->app;
}

struct speech_recorder *kiosk_recorder(kiosk_t *k)
{
	return k->rec;
}

void kiosk_get_stats(const kiosk_t *k, struct kiosk_stats *out)
{
	out->frames = k->frames;
	out->utterances = k->utterances;
	out->last_frame_ns = k->last_frame_ns;
	out->barge_ns = k->barge_ns;
	out->first_frame_ns = k->first_frame_ns;
	out->speech_ok = k->speech != NULL;
	out->audio_ok = k->audio != NULL;
	out->fonts_ok = k->render != NULL;
}

/* The audio device is open only while speech mode is on: SDL's audio thread wakes
 * every buffer even in silence, and an idle kiosk should cost nothing. */
static void audio_follow_speech_mode(kiosk_t *k, uint64_t now)
{
	/* Headphones in: the idle hint (A2) and "session ended" play outside speech mode. */
	bool want = k->app.speech_mode || k->app.headphones ||
	            (k->speech && speech_busy_until(k->speech) > now);
	if (want && !k->audio && !k->audio_failed) {
		/* 256 frames (11.6 ms): the device asks often enough that the first sample of a
		 * reply goes out within a few milliseconds of the key (SPEC.md §5). */
		const char *backend = k->opt.audio ? k->opt.audio
		                      : k->window  ? k->cfg.audio
		                                   : "null";
		struct audio_config ac = {.backend = backend, .buffer_frames = 256};
		if (audio_new(&ac, &k->audio) < 0) {
			log_msg(LOG_WARN, "audio",
			        "%s: the kiosk runs silent; check the sound card or "
			        "set audio = in the configuration",
			        audio_last_error());
			k->audio = NULL;
			k->audio_failed = true; /* said once; the next session tries again */
			return;
		}
		if (k->speech)
			speech_set_audio(k->speech, k->audio);
	} else if (!want && k->audio) {
		if (k->speech)
			speech_set_audio(k->speech, NULL);
		audio_free(k->audio);
		k->audio = NULL;
	}
}

static void open_speech(kiosk_t *k, const struct kiosk_options *opt)
{
	int rc;
	if (opt->said_log || opt->said_wav) {
		if (recorder_new(opt->said_log, opt->said_wav, &k->rec) < 0)
			log_msg(LOG_WARN, "speech", "cannot write the spoken log or WAV");
	}
	struct speech_config sc = {.engine = "espeak",
	                           .espeak_data = k->cfg.espeak_data[0] ? k->cfg.espeak_data : NULL,
	                           .audio = NULL};
	if ((rc = speech_new(&sc, &k->speech)) < 0) {
		log_msg(LOG_ERROR, "speech",
		        "%s: speech is off; install espeak-ng-data or set "
		        "espeak_data = in the configuration",
		        speech_last_error());
		k->speech = NULL;
		return;
	}
	speech_set_recorder(k->speech, k->rec);
	speech_set_volume(k->speech, APP_VOLUME_DEFAULT);
	speech_set_rate(k->speech, APP_RATE_DEFAULT);
}

/* The central connection, when one is configured. Nothing is sent here: the first
 * heartbeat and notice poll go from kiosk_step, after the first frame. */
static void open_net(kiosk_t *k, uint64_t now)
{
	char base[CONFIG_STR_MAX + 2];
	const struct config *c = &k->cfg;

	if (!c->central_url[0])
		return;
	size_t n = strlen(c->central_url);
	snprintf(base, sizeof(base), "%s%s", c->central_url,
	         c->central_url[n - 1] == '/' ? "" : "/");
	struct net_config nc = {
	    .base_url = base,
	    .ca_file = c->ca_file[0] ? c->ca_file : NULL,
	    .client_cert = c->client_cert[0] ? c->client_cert : NULL,
	    .client_key = c->client_key[0] ? c->client_key : NULL,
	    .pinned_pubkey = c->pin_sha256[0] ? c->pin_sha256 : NULL,
	    .proxy = c->proxy[0] ? c->proxy : NULL,
	    .user_agent = "accueil/" KIOSK_VERSION,
	};
	int rc = net_new(&nc, &k->net);
	if (rc < 0) {
		log_msg(LOG_ERROR, "central",
		        "cannot set up the connection to %s (%d): check "
		        "central_url, ca_file and the client certificate",
		        c->central_url, rc);
		k->net = NULL;
		return;
	}
	snprintf(k->api.path, sizeof(k->api.path), "%s", "kiosk/v1/");
	snprintf(k->api.kiosk_id, sizeof(k->api.kiosk_id), "%s", c->kiosk_id);
	snprintf(k->api.site, sizeof(k->api.site), "%s", c->site_id);
	snprintf(k->api.version, sizeof(k->api.version), "%s", KIOSK_VERSION);
	snprintf(k->api.api_key, sizeof(k->api.api_key), "%s", c->api_key);
	k->api.idempotency_honoured = true;
	kiosk_api_schedule_init(&k->sched, now, HEARTBEAT_MS, NOTICES_MS);
	log_msg(LOG_INFO, "central", "connecting to %s", c->central_url);
}

size_t kiosk_net_wait(kiosk_t *k, uint32_t max_ms, uint64_t now)
{
	if (!k->net)
		return 0;
	net_wait(k->net, max_ms);
	kiosk_step(k, now);
	return net_pending(k->net);
}

int kiosk_new(const struct kiosk_options *opt, uint64_t now, kiosk_t **out)
{
	int rc;
	kiosk_t *k = calloc(1, sizeof(*k));
	if (!k)
		return -ENOMEM;
	k->cfg = *opt->cfg;
	k->redraw_at = UINT64_MAX;
	if ((rc = i18n_new_builtin(&k->strings)) < 0) {
		log_msg(LOG_ERROR, "strings", "built-in strings are malformed (%d)", rc);
		goto fail_free;
	}
	app_init(&k->app, &k->cfg.app, k->strings, now);
	k->window = opt->window;
	if (k->window) {
		SDL_GetWindowSize(k->window, &k->width, &k->height);
		k->sdl = SDL_CreateRenderer(k->window, -1, 0);
		if (!k->sdl) {
			log_msg(LOG_ERROR, "render", "no renderer: %s", SDL_GetError());
			rc = -EIO;
			goto fail_free;
		}
	} else if ((rc = make_surface_renderer(k, opt->width, opt->height)) < 0) {
		goto fail_free;
	}
	/* A missing font leaves the kiosk speaking with a blank screen rather than dead. */
	open_renderer(k);
	k->opt = *opt;
	k->opt.cfg = &k->cfg;
	k->started_ms = now;
	open_net(k, now);
	if (jack_new(k->cfg.jack, &k->jack) < 0)
		log_msg(LOG_WARN, "jack",
		        "jack = \"%s\" is not a detector: use key or a GPIO value file",
		        k->cfg.jack);
	k->speech_pending = !opt->no_speech;
	*out = k;
	return 0;
fail_free:
	kiosk_free(k);
	return rc;
}

void kiosk_free(kiosk_t *k)
{
	if (!k)
		return;
	net_free(k->net);
	jack_free(k->jack);
	speech_free(k->speech);
	recorder_free(k->rec);
	audio_free(k->audio);
	render_free(k->render);
	if (k->sdl)
		SDL_DestroyRenderer(k->sdl);
	if (k->surface)
		SDL_FreeSurface(k->surface);
	i18n_free(k->strings);
	/* Nothing of a visitor outlives the process in memory we hand back. */
	memset(&k->app, 0, sizeof(k->app));
	free(k);
}
