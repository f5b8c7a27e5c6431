#include "firmware/kiosk.h"

#include <SDL.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "firmware/central_link.h"
#include "firmware/core/log.h"
#include "firmware/core/standards.h"
#include "firmware/core/text.h"
#include "firmware/services/escpos.h"
#include "firmware/outbox_link.h"
#include "firmware/services/jack.h"
#include "firmware/services/printer.h"
#include "firmware/services/receipt.h"
#include "firmware/services/techpin.h"
#include "firmware/services/techset.h"
#include "firmware/selftest.h"
#include "firmware/version.h"
#include "ui/input_sdl.h"
#include "ui/screens/screens.h"
#include "ui/render_sdl.h"
#include "voices/announce.h"
#include "voices/speech.h"
#include "voices/speech_recorder.h"

#define KIOSK_VERSION ACCUEIL_VERSION
/* A finger that moves this far is scrolling, not choosing. */
#define KIOSK_DRAG_PX 24

enum { PART_CENTRAL, PART_JACK, PART_OUTBOX, PART_COUNT };

/* The payloads the program layer's answers carry. */
union answer_payload {
	struct app_submit_outcome submit;
	struct status_answer status;
	struct tech_pin_answer pin;
	struct tech_diag diag;
	struct tech_outbox outbox;
	struct tech_settings_answer settings;
};

struct pending_answer {
	struct app_result r;
	union answer_payload payload;
};

#define ANSWERS_MAX 8

struct kiosk {
	struct config cfg;
	central_link_t *central;
	outbox_link_t *outbox;             /* the durable outbox and its delivery (outbox_link.h) */
	struct central_link_health health; /* what the heartbeat reports */
	jack_t *jack;                      /* NULL with the "key" detector (F9 on the pc board) */
	printer_t *printer;                /* NULL when the configured one could not be made */
	struct participant parts[PART_COUNT];
	int failed_frames; /* frames in a row the renderer could not draw */
	/* Answers of the program layer's own requests (print, outbox, technician), handed to the
	 * core at the next step rather than from inside its effects. */
	struct pending_answer answers[ANSWERS_MAX];
	int n_answers;
	bool typing; /* a text field takes keyboard text */
	/* Technician mode: the PIN's lock-out (outlives every session), an answer still to hand
	 * to the core, the corner press, and a restart asked for. */
	struct techpin_guard tech_guard;
	char guard_path[CONFIG_STR_MAX + 32]; /* DATA_DIR/techpin.state: the lock-out kept */
	int guard_error;                      /* reading it at start: 0, or why it was not */
	int tech_error;
	struct tech_pin_answer tech_pin;
	struct tech_diag tech_diag;
	struct tech_outbox tech_outbox;
	struct tech_press tech_press;
	/* The technician's settings (DATA_DIR/settings.conf) as in force, and how the file was
	 * found at start (a damaged one is said in the diagnostics and on the settings screen). */
	struct tech_settings_answer settings;
	enum tech_settings_note settings_found; /* FILE, DEFAULTS, DAMAGED or UNREADABLE */
	char settings_path[CONFIG_STR_MAX + 32];
	char settings_why[160];
	bool rotated;               /* drawn a quarter turn from the panel (window mode) */
	SDL_Texture *rotate_target; /* what is drawn before the turn; NULL when not rotated */
	int panel_w, panel_h;       /* the window's own size (window mode) */
	int want_portrait;          /* the technician's orientation: 1, 0, or -1 none set */
	bool restart;
	uint64_t started_ms;
	int64_t wall_at_start; /* Unix seconds when the kiosk started (kiosk_set_wall) */
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
	/* Touch scrolling of a body taller than the screen: a drag, or its buttons. */
	bool drag_armed, dragging, scroll_pressed;
	int drag_y0, drag_scroll0;
	bool dirty;
	bool follow_focus;
	uint64_t redraw_at;
	enum render_flash flash;
	uint64_t flash_at;
	bool headphones_route;
	/* Speech, the outbox (SQLite) and the central's link (libcurl, loaded then) open after
	 * the first frame: the first frame never waits for speech, database or network. */
	bool speech_pending;
	bool services_pending;
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

static void flush_speech(kiosk_t *k, uint64_t now)
{
	if (k->utt.count == 0)
		return;
	/* S9: personal data only through headphones, unless the visitor chose the speaker. */
	if (k->speech &&
	    (!k->utt.personal || k->app.headphones || k->app.visit.settings.personal_aloud)) {
		int rc = speech_say(k->speech, &k->utt, now);
		if (rc < 0)
			log_msg(LOG_WARN, "speech", "could not speak (%d)", rc);
		k->utterances++;
	}
	utterance_clear(&k->utt);
}

static void print_complaint(kiosk_t *k, uint32_t id);
static void apply_orientation(kiosk_t *k, bool portrait);

/* Queues the answer to request id (payload copied, len bytes of it, may be 0). */
static void answer_later(kiosk_t *k, enum app_request_kind kind, uint32_t id, int error,
                         const void *payload, size_t len)
{
	if (k->n_answers >= ANSWERS_MAX || len > sizeof(union answer_payload)) {
		log_msg(LOG_ERROR, "kiosk", "an answer was dropped (%d queued)", k->n_answers);
		return;
	}
	struct pending_answer *a = &k->answers[k->n_answers++];
	a->r = (struct app_result){.kind = kind, .id = id, .error = error, .payload_len = len};
	if (len)
		memcpy(&a->payload, payload, len);
}
static void submit_complaint(kiosk_t *k, uint32_t id, uint64_t now);
static void submit_feedback(kiosk_t *k, uint32_t id, uint64_t now);
static bool status_from_outbox(kiosk_t *k, uint32_t id);
static void print_ticket(kiosk_t *k, uint32_t id);
static void tech_request(kiosk_t *k, const struct app_fx *f, uint64_t now);

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
		case APP_FX_CUE:
			flush_speech(k, now); /* keep the order the core asked for */
			if (k->speech)
				speech_earcon(k->speech, earcon_for_cue((enum cue)f->arg), now);
			k->flash = render_flash_for_cue((enum cue)f->arg);
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
		case APP_FX_SPEAK_CHAR:
			rc = announce_char(f->lang, f->key, &k->utt);
			break;
		case APP_FX_SPEAK_TEXT:
			rc = utterance_add(&k->utt, f->lang, f->key);
			if (f->arg)
				k->utt.personal = true;
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
		case APP_FX_REQUEST:
			if (f->arg == APP_REQ_PRINT_RECEIPT) {
				print_complaint(k, f->id);
				break;
			}
			if (f->arg == APP_REQ_SUBMIT) {
				submit_complaint(k, f->id, now);
				break;
			}
			if (f->arg == APP_REQ_FEEDBACK) {
				submit_feedback(k, f->id, now);
				break;
			}
			if (f->arg == APP_REQ_STATUS && status_from_outbox(k, f->id))
				break;
			if (f->arg == APP_REQ_PRINT_TICKET) {
				print_ticket(k, f->id);
				break;
			}
			if (f->arg >= APP_REQ_TECH_PIN && f->arg <= APP_REQ_TECH_SAVE) {
				tech_request(k, f, now);
				break;
			}
			for (int p = 0; p < PART_COUNT; p++)
				if (k->parts[p].effect &&
				    k->parts[p].effect(k->parts[p].self, f, now))
					break;
			break;
		case APP_FX_SPEAK_NODE:
			if (f->arg >= 0 && f->arg < a->view.count)
				rc = announce_node(&a->view, k->strings, f->arg, &k->utt);
			break;
		case APP_FX_SPEAK_LABEL:
			if (f->arg >= 0 && f->arg < a->view.count)
				rc = announce_label(&a->view, f->arg, &k->utt);
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

static void open_pending(kiosk_t *k, uint64_t now);
static void audio_follow_speech_mode(kiosk_t *k, uint64_t now);

static void deliver(kiosk_t *k, const struct app_event *ev, uint64_t now)
{
	struct app_fx_list fx;

	k->event_t0 = mono_ns();
	/* Input before the first frame (scripts): speech and the services must be there to
	 * answer it. */
	open_pending(k, now);
	int focus = k->app.focus;
	const struct screen_def *screen = k->app.screen;

	if (ev->wall == 0) {
		struct app_event dated = *ev;
		dated.wall = k->wall_at_start + (int64_t)((now - k->started_ms) / 1000);
		if (app_handle(&k->app, &dated, now, &fx))
			k->dirty = true;
	} else if (app_handle(&k->app, ev, now, &fx)) {
		k->dirty = true;
	}
	if (k->app.screen->takes_text != k->typing) {
		/* Keyboard text (SDL_TEXTINPUT) only while a field takes it. */
		k->typing = k->app.screen->takes_text;
		if (k->window)
			k->typing ? SDL_StartTextInput() : SDL_StopTextInput();
	}
	if (k->app.focus != focus || k->app.screen != screen)
		k->follow_focus = true;
	if (k->app.speech_mode || k->app.headphones)
		audio_follow_speech_mode(k, now);
	if (k->app.screen != screen) {
		k->scroll = 0;
		log_msg(LOG_INFO, "screen", "%s (%s)", k->app.screen->name,
		        lang_code(k->app.visit.settings.lang));
		if (k->app.view.overflow || k->app.view.missing)
			log_msg(LOG_ERROR, "screen",
			        "%s: %d items did not fit, %d strings are missing",
			        k->app.screen->name, k->app.view.overflow, k->app.view.missing);
	}
	run_effects(k, &fx, now);
}

void kiosk_event(kiosk_t *k, const struct app_event *ev, uint64_t now)
{
	deliver(k, ev, now);
}

static bool in_rect(const struct view_rect *r, int x, int y)
{
	return r->w > 0 && x >= r->x && y >= r->y && x < r->x + r->w && y < r->y + r->h;
}

/* A long screen scrolls by touch too (the keypad scrolls by moving focus): a drag in
 * the body moves it and activates nothing; the scroll bar's buttons move a page. */
static bool touch_scroll(kiosk_t *k, enum app_event_type type, int x, int y, uint64_t now)
{
	const struct layout_info *L = &k->last.layout;
	if (type == APP_EV_POINTER_DOWN) {
		k->dragging = false;
		k->drag_armed = L->scroll_max > 0 && in_rect(&L->body, x, y);
		k->drag_y0 = y;
		k->drag_scroll0 = L->scroll;
		int dir = in_rect(&L->scroll_up, x, y)     ? -1
		          : in_rect(&L->scroll_down, x, y) ? 1
		                                           : 0;
		k->scroll_pressed = dir != 0;
		if (dir) {
			k->drag_armed = false;
			k->scroll = L->scroll + dir * (L->body.h * 3 / 4);
			k->follow_focus = false;
			k->dirty = true;
			struct app_event ev = {.type = APP_EV_POINTER_MOVE, .item = -1};
			deliver(k, &ev, now); /* the visitor is active: the idle timer restarts */
		}
		return dir != 0;
	}
	if (type == APP_EV_POINTER_MOVE && k->drag_armed) {
		if (!k->dragging && abs(y - k->drag_y0) >= KIOSK_DRAG_PX) {
			k->dragging = true;
			/* slid off the item: releasing activates nothing */
			struct app_event ev = {.type = APP_EV_POINTER_MOVE, .item = -1};
			deliver(k, &ev, now);
		}
		if (k->dragging) {
			k->scroll = k->drag_scroll0 - (y - k->drag_y0);
			k->follow_focus = false;
			k->dirty = true;
		}
		return k->dragging;
	}
	if (type == APP_EV_POINTER_UP) {
		bool taken = k->dragging || k->scroll_pressed;
		k->drag_armed = k->dragging = k->scroll_pressed = false;
		if (taken) {
			struct app_event ev = {.type = APP_EV_POINTER_UP, .item = -1};
			deliver(k, &ev, now);
		}
		return taken;
	}
	return false;
}

void kiosk_pointer(kiosk_t *k, enum app_event_type type, int x, int y, uint64_t now)
{
	if (type == APP_EV_POINTER_DOWN)
		tech_press_down(&k->tech_press, x, y, k->width, k->height, now);
	else if (type == APP_EV_POINTER_MOVE)
		tech_press_move(&k->tech_press, x, y, k->width, k->height);
	else
		tech_press_up(&k->tech_press);
	if (touch_scroll(k, type, x, y, now))
		return;
	struct app_event ev = {.type = type,
	                       .item = layout_hit(&k->shown, &k->last.layout, x, y),
	                       .x = x,
	                       .y = y,
	                       .w = k->width,
	                       .h = k->height};
	deliver(k, &ev, now);
}

void kiosk_sdl_event(kiosk_t *k, const SDL_Event *e, uint64_t now)
{
	struct input_event in;
	/* Points come in the panel's terms; drawn a quarter turn round, they turn back. */
	input_from_sdl(e, k->rotated ? k->panel_w : k->width, k->rotated ? k->panel_h : k->height,
	               k->app.screen->takes_text, &in);
	switch (in.kind) {
	case INPUT_KEY:
		deliver(k, &in.ev, now);
		break;
	case INPUT_POINTER:
		if (k->rotated)
			kiosk_pointer(k, in.ev.type, in.y, k->panel_w - 1 - in.x, now);
		else
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
		if (k->window) {
			int w, h;
			SDL_GetWindowSize(k->window, &w, &h);
			if (w != k->panel_w || h != k->panel_h) {
				k->panel_w = k->width = w;
				k->panel_h = k->height = h;
				k->rotated = false;
				if (k->rotate_target)
					SDL_DestroyTexture(k->rotate_target);
				k->rotate_target = NULL;
				if (k->want_portrait >= 0)
					apply_orientation(k, k->want_portrait == 1);
			}
		}
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
	    .high_contrast = a->visit.settings.high_contrast,
	    .large_text = a->visit.settings.large_text,
	    .speech_mode = a->speech_mode,
	    .blank = a->visit.settings.blank && a->speech_mode,
	    .working = app_working(a, now),
	    .scroll = k->scroll,
	    .follow_focus = k->follow_focus,
	    .flash = k->flash,
	    .flash_ms = (uint32_t)k->flash_at,
	    .now_ms = (uint32_t)now,
	};
	if (k->rotated)
		SDL_SetRenderTarget(k->sdl, k->rotate_target);
	int frame_rc = render_frame(k->render, &k->shown, &o, &k->last);
	if (k->rotated) {
		/* The frame, a quarter turn clockwise, centred on the panel. */
		SDL_Rect dst = {(k->panel_w - k->panel_h) / 2, (k->panel_h - k->panel_w) / 2,
		                k->panel_h, k->panel_w};
		SDL_SetRenderTarget(k->sdl, NULL);
		SDL_SetRenderDrawColor(k->sdl, 0, 0, 0, 255);
		SDL_RenderClear(k->sdl);
		if (SDL_RenderCopyEx(k->sdl, k->rotate_target, NULL, &dst, 90.0, NULL,
		                     SDL_FLIP_NONE) != 0)
			frame_rc = -EIO;
	}
	if (frame_rc < 0) {
		log_msg(LOG_WARN, "render", "frame failed: %s", SDL_GetError());
		if (++k->failed_frames == 3 && k->app.screen != k->app.screens->unavailable)
			kiosk_fail(k, "the display fails to draw", now);
	} else {
		k->failed_frames = 0;
	}
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

static void deliver_from(void *ctx, const struct app_event *ev, uint64_t now)
{
	deliver(ctx, ev, now);
}

/* The outbox answers in its own terms (struct outbox_outcome); the core wants the final
 * reference, the notice and the server's message. */
static void deliver_outbox(void *ctx, const struct app_event *ev, uint64_t now)
{
	const struct outbox_outcome *o = ev->result.payload;
	if (ev->type != APP_EV_RESULT || ev->result.kind != APP_REQ_SUBMIT || !o) {
		deliver(ctx, ev, now);
		return;
	}
	struct app_submit_outcome out = {.final = o->service_request_id[0] != '\0'};
	text_copy(out.reference, sizeof(out.reference),
	          out.final ? o->service_request_id : o->reference);
	text_copy(out.notice, sizeof(out.notice), o->service_notice);
	text_copy(out.message, sizeof(out.message), o->message);
	struct app_event e = *ev;
	e.result.payload = &out;
	e.result.payload_len = sizeof(out);
	deliver(ctx, &e, now);
}

/* The headphone detector as a participant: plugging in or out is an event. */
static uint64_t jack_deadline(void *self, uint64_t now)
{
	(void)now;
	return jack_next_poll(self);
}

static void jack_step(void *self, uint64_t now, const struct participant_sink *sink)
{
	kiosk_t *k = sink->ctx;
	bool plugged;
	int jr = jack_poll(self, now, &plugged);
	if (jr == -EIO)
		log_msg(LOG_WARN, "jack",
		        "cannot read the headphone detector %s: %s; speech starts by "
		        "keypad only until it reads again",
		        k->cfg.jack, jack_error(self));
	if (jr == 1 && plugged != k->app.headphones) {
		struct app_event ev = {
		    .type = plugged ? APP_EV_HEADPHONES_IN : APP_EV_HEADPHONES_OUT, .item = -1};
		sink->deliver(sink->ctx, &ev, now);
	}
}

bool kiosk_step(kiosk_t *k, uint64_t now)
{
	struct app_event ev = {.item = -1};
	const struct participant_sink sink = {.ctx = k, .deliver = deliver_from};

	/* In order; an answer may lead to another request, answered in this same loop. */
	while (k->n_answers > 0) {
		struct pending_answer a = k->answers[0];
		memmove(&k->answers[0], &k->answers[1], sizeof(a) * (size_t)--k->n_answers);
		struct app_event ae = {.type = APP_EV_RESULT, .item = -1, .result = a.r};
		if (a.r.payload_len)
			ae.result.payload = &a.payload;
		deliver(k, &ae, now);
	}
	if (tech_press_due(&k->tech_press, now)) {
		struct app_event te = {.type = APP_EV_TECHNICIAN, .item = -1};
		log_msg(LOG_INFO, "technician", "corner held: technician mode");
		deliver(k, &te, now);
	}
	k->health.speech_ok = k->speech != NULL;
	k->health.display_ok = k->render != NULL;
	if (k->outbox) {
		struct outbox_link_health oh;
		outbox_link_health(k->outbox, now, &oh);
		k->health.outbox_pending = oh.pending;
		k->health.outbox_oldest_s = oh.oldest_s;
		k->health.outbox_attention = oh.attention + (oh.ok ? 0 : 1);
	}
	const struct participant_sink outbox_sink = {.ctx = k, .deliver = deliver_outbox};
	for (int p = 0; p < PART_COUNT; p++)
		if (k->parts[p].step)
			k->parts[p].step(k->parts[p].self, now,
			                 p == PART_OUTBOX ? &outbox_sink : &sink);

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
		open_pending(k, now);
		return false;
	}
	draw(k, now);
	open_pending(k, now);
	return true;
}

uint64_t kiosk_next_deadline(kiosk_t *k, uint64_t now)
{
	uint64_t t = app_next_deadline(&k->app);
	uint64_t press = tech_press_deadline(&k->tech_press);
	t = press < t ? press : t;
	for (int p = 0; p < PART_COUNT; p++) {
		if (!k->parts[p].next_deadline)
			continue;
		uint64_t d = k->parts[p].next_deadline(k->parts[p].self, now);
		t = d < t ? d : t;
	}
	if (k->services_pending || k->speech_pending)
		t = now;
	if (k->app.speaking) {
		uint64_t end = k->speech ? speech_busy_until(k->speech) : 0;
		if (end < t)
			t = end;
	}
	if (k->redraw_at < t)
		t = k->redraw_at;
	if (k->n_answers > 0)
		t = now;
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
	/* The agency's logo: a missing or bad file is reported and the screen goes without. */
	bool logo = false;
	if (k->cfg.logo[0]) {
		if (render_set_logo(k->render, k->cfg.logo, err, sizeof(err)) < 0)
			log_msg(LOG_WARN, "render", "%s: the attract screen shows no logo", err);
		else
			logo = true;
	}
	if (k->app.cfg.logo != logo) {
		k->app.cfg.logo = logo;
		app_refresh(&k->app);
	}
	k->dirty = true;
	return 0;
}

/* One screen's sample state in one language and text size, drawn to a PNG. */
static int render_sample(kiosk_t *k, const struct screen_def *def, int sample, enum lang lang,
                         bool big, const char *dir, const char *orient)
{
	struct app *a = &k->app;
	char path[1024];

	a->visit.here = (struct app_frame){.screen = def};
	a->visit.settings.lang = lang;
	a->visit.settings.large_text = big;
	a->in_session = true;
	a->focus = 1;
	a->focus_id = 0;
	const char *name = def->sample ? def->sample(a, sample) : "";
	app_refresh(a);
	k->scroll = 0;
	k->follow_focus = true;
	snprintf(path, sizeof(path), "%s/%s%s%s-%s-%s-%s.png", dir, def->name, name[0] ? "_" : "",
	         name, orient, lang_code(lang), big ? "large" : "normal");
	return kiosk_screenshot(k, path);
}

int kiosk_render_all(kiosk_t *k, const char *dir)
{
	static const int sizes[2][2] = {{1080, 1920}, {1920, 1080}};
	static const char *const orient[2] = {"portrait", "landscape"};
	const struct screen_set *set = &screens_all;
	struct app *saved = malloc(sizeof(*saved));
	int written = 0, rc = 0;

	if (!saved)
		return -ENOMEM;
	memcpy(saved, &k->app, sizeof(*saved));
	for (int o = 0; o < 2 && rc == 0; o++) {
		if ((rc = make_surface_renderer(k, sizes[o][0], sizes[o][1])) < 0 ||
		    (rc = open_renderer(k)) < 0)
			break;
		for (int s = 0; s < set->count && rc == 0; s++)
			for (int i = 0; i < set->all[s]->samples && rc == 0; i++)
				for (int l = 0; l < LANG_COUNT && rc == 0; l++)
					for (int big = 0; big < 2 && rc == 0; big++) {
						memcpy(&k->app, saved, sizeof(*saved));
						rc = render_sample(k, set->all[s], i, (enum lang)l,
						                   big, dir, orient[o]);
						written += rc == 0;
					}
	}
	memcpy(&k->app, saved, sizeof(*saved));
	free(saved);
	return rc < 0 ? rc : written;
}

void kiosk_fail(kiosk_t *k, const char *why, uint64_t now)
{
	struct app_fx_list fx = {.count = 0};
	log_msg(LOG_ERROR, "kiosk", "out of service: %s", why);
	fx.fx[fx.count++] = (struct app_fx){.type = APP_FX_STOP_SPEECH};
	app_fail(&k->app, now);
	run_effects(k, &fx, now);
	k->dirty = true;
}

void kiosk_set_wall(kiosk_t *k, int64_t unix_s, uint64_t now)
{
	k->wall_at_start = unix_s - (int64_t)((now - k->started_ms) / 1000);
}

void kiosk_invalidate(kiosk_t *k)
{
	k->dirty = true;
}

uint64_t kiosk_audio_first_voiced_ns(const kiosk_t *k)
{
	return k->audio ? audio_first_voiced_ns(k->audio) : 0;
}

void kiosk_audio_rearm(kiosk_t *k)
{
	if (k->audio)
		audio_rearm(k->audio);
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
		/* A short buffer: the device asks often enough that the first sample of a
		 * reply goes out within a few milliseconds of the key (SPEC.md §5). */
		const char *backend = k->opt.audio ? k->opt.audio
		                      : k->window  ? k->cfg.audio
		                                   : "null";
		struct audio_config ac = {.backend = backend, .buffer_frames = k->cfg.audio_frames};
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

/* The outbox and the central's link, once. Without memory for them the kiosk is out of
 * service (before, kiosk_new failed). */
static void open_services(kiosk_t *k, uint64_t now)
{
	int rc = central_link_new(&k->cfg, &k->health, ACCUEIL_VERSION, now, &k->central);
	if (rc == 0)
		rc = outbox_link_new_from_config(&k->cfg, KIOSK_VERSION, now, &k->outbox);
	if (rc < 0) {
		central_link_free(k->central);
		k->central = NULL;
		kiosk_fail(k, "no memory for the outbox and the central's link", now);
		return;
	}
	central_link_set_app(k->central, &k->app);
	k->parts[PART_CENTRAL] = central_link_participant(k->central);
	k->parts[PART_OUTBOX] = outbox_link_participant(k->outbox);
}

static void open_speech(kiosk_t *k, const struct kiosk_options *opt);

/* What waits for the first frame: the services first (a request may already be asked
 * for), then speech. */
static void open_pending(kiosk_t *k, uint64_t now)
{
	if (k->services_pending) {
		k->services_pending = false;
		open_services(k, now);
	}
	if (k->speech_pending) {
		k->speech_pending = false;
		open_speech(k, &k->opt);
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
	speech_set_volume(k->speech, k->app.visit.settings.volume);
	speech_set_rate(k->speech, APP_RATE_DEFAULT);
}

size_t kiosk_net_wait(kiosk_t *k, uint32_t max_ms, uint64_t now)
{
	open_pending(k, now);
	central_link_wait(k->central, max_ms);
	kiosk_step(k, now);
	return central_link_wait(k->central, 0) + outbox_link_wait(k->outbox, 0);
}

/* Builds one document with build and sends it to the printer. */
static int print_doc(kiosk_t *k, const char *what, const void *src, enum lang lang,
                     int (*build)(escpos_t *, const void *, const i18n_t *, enum lang))
{
	escpos_t *doc;
	size_t len;
	int rc = escpos_new(k->cfg.printer_columns, 0, &doc);
	if (rc == 0 && (rc = build(doc, src, k->strings, lang)) == 0) {
		const uint8_t *bytes = escpos_bytes(doc, &len);
		rc = k->printer ? printer_print(k->printer, bytes, len) : -ENODEV;
	}
	escpos_free(doc);
	if (rc < 0)
		log_msg(LOG_WARN, "printer", "%s not printed: %s (%d)", what, printer_error(rc),
		        rc);
	return rc;
}

static int build_receipt(escpos_t *doc, const void *src, const i18n_t *t, enum lang lang)
{
	return receipt_build_request(doc, src, t, lang);
}

static int build_ticket(escpos_t *doc, const void *src, const i18n_t *t, enum lang lang)
{
	return receipt_build_ticket(doc, src, t, lang);
}

int kiosk_print_receipt(kiosk_t *k, const struct receipt_request *r, enum lang lang)
{
	return print_doc(k, "receipt", r, lang, build_receipt);
}

int kiosk_print_ticket(kiosk_t *k, const struct receipt_ticket *t, enum lang lang)
{
	return print_doc(k, "ticket", t, lang, build_ticket);
}

/* The agency's name for paper in lang (the other language's when lang has none), or NULL. */
static const char *agency_on_paper(const kiosk_t *k, enum lang l)
{
	const char *name =
	    k->cfg.app.agency[l][0] ? k->cfg.app.agency[l] : k->cfg.app.agency[lang_other(l)];
	return name[0] ? name : NULL;
}

/* The complaint's receipt, from the model (no personal data goes on paper); the outcome
 * goes back to the core at the next step, not from inside the effects. */
static void print_complaint(kiosk_t *k, uint32_t id)
{
	const struct complaint *c = &k->app.visit.complaint;
	const struct catalogue_item *it = catalogue_find(&k->app.catalogue, c->code);
	enum lang l = k->app.visit.settings.lang;
	struct standards_table table;
	standards_defaults(&table);
	struct receipt_request r = {
	    .reference = c->reference,
	    .provisional = c->provisional,
	    .category = it ? catalogue_name(it, l, NULL) : c->code,
	    .submitted_utc = c->filed_at,
	    .standard_days = it ? standards_days(&table, it->standard) : -1,
	    .notice = c->notice[0] ? c->notice : NULL,
	    .phone = k->cfg.app.contact_phone[0] ? k->cfg.app.contact_phone : NULL,
	    .web = k->cfg.app.contact_web[0] ? k->cfg.app.contact_web : NULL,
	    .agency = agency_on_paper(k, l),
	};
	int rc = kiosk_print_receipt(k, &r, l);
	answer_later(k, APP_REQ_PRINT_RECEIPT, id, rc == 0 ? APP_RESULT_OK : APP_RESULT_UNREACHABLE,
	             NULL, 0);
}

/* The complaint, from the model, committed to the outbox at once (the visitor is told it is
 * received only once it is on disk); the outcome goes to the core at the next step. */
static void submit_complaint(kiosk_t *k, uint32_t id, uint64_t now)
{
	const struct complaint *c = &k->app.visit.complaint;
	bool contact = c->consent == COMPLAINT_CONSENTED;
	struct open311_submission sub = {
	    .service_code = c->code,
	    .description = c->description,
	    .first_name = contact && c->first_name[0] ? c->first_name : NULL,
	    .last_name = contact && c->last_name[0] ? c->last_name : NULL,
	    .email = contact && c->email[0] ? c->email : NULL,
	    .phone = contact && c->phone[0] ? c->phone : NULL,
	    .lang = k->app.visit.settings.lang,
	    .client_request_id = NULL, /* the outbox makes one and keeps it for every attempt */
	};
	/* The category's extra fields: typed answers as they are, list answers by key (one
	 * entry each for a multi-value list). */
	for (int i = 0; i < c->attrs.count; i++) {
		const struct complaint_attr *at = &c->attrs.a[i];
		bool list = at->type == COMPLAINT_DT_SINGLE || at->type == COMPLAINT_DT_MULTI;
		for (int j = 0; j < (list ? at->n_values : 1); j++) {
			const char *value = list ? at->values[j].key : at->value;
			if ((list && !(at->chosen & (1u << j))) || !value[0] ||
			    sub.n_extra >= OPEN311_EXTRA_MAX)
				continue;
			sub.extra[sub.n_extra].code = at->code;
			sub.extra[sub.n_extra].value = value;
			sub.extra[sub.n_extra].multi = at->type == COMPLAINT_DT_MULTI;
			sub.n_extra++;
		}
	}
	struct outbox_receipt receipt;
	int rc = outbox_link_submit(k->outbox, &sub, id, now, &receipt);
	struct app_submit_outcome out;
	memset(&out, 0, sizeof(out));
	if (rc < 0) {
		/* Nothing stored: the visitor is told so, never given a receipt. */
		log_msg(LOG_ERROR, "outbox", "request not stored (%d)", rc);
		answer_later(k, APP_REQ_SUBMIT, id, APP_RESULT_NOT_STORED, &out, sizeof(out));
		return;
	}
	log_msg(LOG_INFO, "outbox", "request stored as %s", receipt.reference);
	text_copy(out.reference, sizeof(out.reference), receipt.reference);
	answer_later(k, APP_REQ_SUBMIT, id, APP_RESULT_OK, &out, sizeof(out));
}

/* The feedback after a task, through the outbox like a request (C6). */
static void submit_feedback(kiosk_t *k, uint32_t id, uint64_t now)
{
	const struct complaint *c = &k->app.visit.complaint;
	struct kiosk_api_feedback fb = {
	    .task = KIOSK_API_TASK_COMPLAINT,
	    .rating = c->rating,
	    .comment = c->comment[0] ? c->comment : NULL,
	    .lang = k->app.visit.settings.lang,
	    .idempotency_key = NULL, /* the outbox makes one and keeps it */
	};
	struct outbox_receipt receipt;
	int rc = outbox_link_feedback(k->outbox, &fb, id, now, &receipt);
	if (rc < 0)
		log_msg(LOG_WARN, "outbox", "feedback not stored (%d)", rc);
	answer_later(k, APP_REQ_FEEDBACK, id, rc < 0 ? APP_RESULT_NOT_STORED : APP_RESULT_OK, NULL,
	             0);
}

/* A provisional K… reference is this kiosk's own: its outbox answers (C4), at the next step.
 * Returns false for any other reference (the central answers). */
static bool status_from_outbox(kiosk_t *k, uint32_t id)
{
	const struct status *s = &k->app.visit.status;
	struct outbox_entry e;
	if (s->kind != STATUS_KIND_PROVISIONAL)
		return false;
	struct status_answer ans;
	struct status_answer *a = &ans;
	memset(a, 0, sizeof(*a));
	int rc = outbox_link_find(k->outbox, s->lookup, &e);
	if (rc == -ENOENT) {
		answer_later(k, APP_REQ_STATUS, id, APP_RESULT_NOT_FOUND, a, sizeof(*a));
		return true;
	}
	if (rc < 0) {
		log_msg(LOG_WARN, "outbox", "cannot look up a provisional reference (%d)", rc);
		answer_later(k, APP_REQ_STATUS, id, APP_RESULT_BAD_REPLY, a, sizeof(*a));
		return true;
	}
	text_copy(a->id, sizeof(a->id), e.service_request_id);
	switch (e.state) {
	case OUTBOX_DELIVERED:
	case OUTBOX_TOKEN:
		a->outbox = e.service_request_id[0] ? STATUS_OUTBOX_SENT : STATUS_OUTBOX_WAITING;
		break;
	case OUTBOX_REJECTED:
		a->outbox = STATUS_OUTBOX_REFUSED;
		break;
	case OUTBOX_UNCONFIRMED:
		a->outbox = STATUS_OUTBOX_UNCONFIRMED;
		break;
	default:
		a->outbox = STATUS_OUTBOX_WAITING;
		break;
	}
	answer_later(k, APP_REQ_STATUS, id, APP_RESULT_OK, a, sizeof(*a));
	return true;
}

/* The ticket, from the model (a number, no personal data); the outcome goes to the core at
 * the next step. */
static void print_ticket(kiosk_t *k, uint32_t id)
{
	const struct ticket *t = &k->app.visit.ticket;
	enum lang l = k->app.visit.settings.lang;
	const struct ticket_service *sv = ticket_service_find(&t->services, t->issued.service);
	int min_m, max_m;
	ticket_wait_minutes(t->issued.wait_min_s, t->issued.wait_max_s, &min_m, &max_m);
	struct receipt_ticket r = {
	    .number = t->issued.ticket,
	    .service = sv && sv->name[l][0] ? sv->name[l] : t->issued.service,
	    .issued_utc = t->issued.issued_at ? t->issued.issued_at : k->app.wall,
	    .people_ahead = t->issued.ahead > 0 ? t->issued.ahead : 0,
	    .wait_min = min_m,
	    .wait_max = t->issued.wait_max_s >= 0 ? max_m : -1,
	    .where = t->issued.where[l][0] ? t->issued.where[l] : NULL,
	    .follow_url = t->issued.follow_url[0] ? t->issued.follow_url : NULL,
	    .priority = t->priority,
	    .agency = agency_on_paper(k, l),
	};
	int rc = kiosk_print_ticket(k, &r, l);
	answer_later(k, APP_REQ_PRINT_TICKET, id, rc == 0 ? APP_RESULT_OK : APP_RESULT_UNREACHABLE,
	             NULL, 0);
}

static int64_t kiosk_wall_ms(const kiosk_t *k, uint64_t now)
{
	return k->wall_at_start * 1000 + (int64_t)(now - k->started_ms);
}

/* The PIN, checked here and never kept nor logged (not even its length); the lock-out
 * follows techpin_guard. The answer goes to the core at the next step. */
static void tech_check_pin(kiosk_t *k, uint64_t now)
{
	char pin[TECH_PIN_MAX + 1];
	struct tech_pin_answer *ans = &k->tech_pin;
	memset(ans, 0, sizeof(*ans));
	text_copy(pin, sizeof(pin), k->app.visit.tech.pin);
	uint64_t wait = techpin_guard_wait(&k->tech_guard, now);
	int rc = -EACCES;
	if (wait == 0 && k->cfg.technician_pin[0])
		rc = techpin_verify(pin, k->cfg.technician_pin);
	text_wipe(pin, sizeof(pin));
	if (!k->cfg.technician_pin[0] || rc == -EINVAL || rc == -EIO) {
		/* Nobody can enter: say why rather than counting it as a wrong PIN. */
		ans->unset = true;
		k->tech_error = APP_RESULT_REJECTED;
		log_msg(LOG_WARN, "technician", "no usable technician PIN is provisioned");
		return;
	}
	if (wait == 0) {
		techpin_guard_record(&k->tech_guard, rc == 0, now);
		/* Kept across restarts: a restart must not be a way around the lock-out. */
		int sr =
		    techpin_guard_save(&k->tech_guard, k->guard_path, now, kiosk_wall_ms(k, now));
		if (sr < 0)
			log_msg(
			    LOG_ERROR, "technician",
			    "cannot keep the PIN lock-out in %s (%s): a restart would forget it",
			    k->guard_path, strerror(-sr));
	}
	if (rc == 0) {
		k->tech_error = APP_RESULT_OK;
		log_msg(LOG_INFO, "technician", "technician mode entered");
		return;
	}
	k->tech_error = APP_RESULT_REJECTED;
	wait = techpin_guard_wait(&k->tech_guard, now);
	ans->wait_s = (uint32_t)((wait + 999) / 1000);
	ans->tries_left = k->tech_guard.failures < TECHPIN_FREE_TRIES
	                      ? TECHPIN_FREE_TRIES - k->tech_guard.failures
	                      : 0;
	log_msg(LOG_WARN, "technician", "PIN refused%s", wait ? ", locked" : "");
}

static enum tech_check_status tech_status(enum selftest_status s)
{
	return s == SELFTEST_OK     ? TECH_CHECK_OK
	       : s == SELFTEST_WARN ? TECH_CHECK_WARN
	       : s == SELFTEST_FAIL ? TECH_CHECK_FAIL
	                            : TECH_CHECK_SKIP;
}

static void tech_add_check(struct tech_diag *d, const struct selftest_check *c)
{
	if (d->count >= TECH_DIAG_MAX)
		return;
	text_copy(d->checks[d->count].name, sizeof(d->checks[0].name), c->name);
	d->checks[d->count].status = tech_status(c->status);
	/* The self-test's advice may be longer than a line on screen: cut at a character. */
	snprintf(d->checks[d->count].msg, sizeof(d->checks[0].msg), "%.*s",
	         (int)sizeof(d->checks[0].msg) - 4, c->msg);
	d->count++;
}

/* The self-test's checks that can run inside the live kiosk without stopping it (display,
 * fonts, speech and audio are in use: the speech test and the screen itself show them; the
 * central's TLS check could hold the loop for seconds: its state comes from the link). */
static void tech_fill_diag(kiosk_t *k, uint64_t now)
{
	struct tech_diag *d = &k->tech_diag;
	struct selftest_check c;
	int64_t wall = k->wall_at_start + (int64_t)((now - k->started_ms) / 1000);

	memset(d, 0, sizeof(*d));
	memset(&c, 0, sizeof(c));
	/* The configuration, in the self-test's words: a half-written file is named here too. */
	text_copy(c.name, sizeof(c.name), "config");
	c.status = k->opt.config_rc == 0 ? SELFTEST_OK : SELFTEST_FAIL;
	if (k->opt.config_rc == 0)
		snprintf(c.msg, sizeof(c.msg), "%.600s",
		         k->opt.config_msg ? k->opt.config_msg : "no file: built-in defaults");
	else
		snprintf(
		    c.msg, sizeof(c.msg), "%.500s: %s", k->opt.config_msg ? k->opt.config_msg : "?",
		    k->opt.config_rc == -EINVAL
		        ? "that line is skipped and the rest applied; run board/provision again"
		        : "the kiosk runs on the built-in defaults; run board/provision");
	tech_add_check(d, &c);
	memset(&c, 0, sizeof(c));
	text_copy(c.name, sizeof(c.name), "technician-pin");
	c.status = k->cfg.technician_pin[0] ? SELFTEST_OK : SELFTEST_FAIL;
	if (!k->cfg.technician_pin[0])
		text_copy(
		    c.msg, sizeof(c.msg),
		    "no technician PIN is provisioned: run board/provision (it asks for one)");
	else if (k->guard_error)
		snprintf(c.msg, sizeof(c.msg),
		         "the PIN lock-out file %s was damaged at start (%s): locked 30 s as a "
		         "precaution",
		         k->guard_path, strerror(-k->guard_error));
	tech_add_check(d, &c);
	selftest_check_storage(k->cfg.data_dir, &c);
	tech_add_check(d, &c);
	selftest_check_clock((time_t)wall, version_source_epoch(), &c);
	tech_add_check(d, &c);
	selftest_check_keypad(k->cfg.keypad, NULL, &c);
	tech_add_check(d, &c);
	selftest_check_jack(k->cfg.jack, &c);
	tech_add_check(d, &c);
	memset(&c, 0, sizeof(c));
	text_copy(c.name, sizeof(c.name), "printer");
	int pr = kiosk_printer_status(k);
	c.status = pr == -ENODEV ? SELFTEST_SKIP : pr < 0 ? SELFTEST_FAIL : SELFTEST_OK;
	text_copy(c.msg, sizeof(c.msg), pr == -ENODEV ? "not configured" : printer_error(pr));
	tech_add_check(d, &c);
	if (k->cfg.client_cert[0]) {
		selftest_check_cert("client-cert", "client certificate", k->cfg.client_cert, wall,
		                    &c);
		tech_add_check(d, &c);
	}
	if (k->cfg.ca_file[0]) {
		selftest_check_cert("ca-cert", "CA certificate", k->cfg.ca_file, wall, &c);
		tech_add_check(d, &c);
	}
	memset(&c, 0, sizeof(c));
	text_copy(c.name, sizeof(c.name), "settings");
	c.status = k->settings_found == TECH_SETTINGS_DAMAGED ||
	                   k->settings_found == TECH_SETTINGS_UNREADABLE
	               ? SELFTEST_FAIL
	               : SELFTEST_OK;
	if (c.status == SELFTEST_FAIL)
		snprintf(
		    c.msg, sizeof(c.msg),
		    "%.300s %s (%.150s): the configuration's values are in use", k->settings_path,
		    k->settings_found == TECH_SETTINGS_DAMAGED ? "is damaged" : "cannot be read",
		    k->settings_why);
	else
		text_copy(c.msg, sizeof(c.msg),
		          k->settings_found == TECH_SETTINGS_FILE ? "saved settings in use"
		                                                  : "no saved settings");
	tech_add_check(d, &c);
	selftest_check_update(k->cfg.data_dir, &c);
	tech_add_check(d, &c);
	struct outbox_link_health oh;
	outbox_link_health(k->outbox, now, &oh);
	d->central = k->cfg.central_url[0] != '\0';
	struct central_link_state cs;
	central_link_state(k->central, &cs);
	d->central_last = cs.last;
	d->central_age_s = cs.last && now > cs.at ? (now - cs.at) / 1000 : 0;
	text_copy(d->central_error, sizeof(d->central_error), cs.error);
	d->outbox_ok = oh.ok;
	d->pending = oh.pending;
	d->oldest_s = oh.oldest_s;
	d->attention = oh.attention;
}

/* A small document that shows the printer's columns, accents and cut. */
static int build_test_page(escpos_t *doc, const void *src, const i18n_t *t, enum lang lang)
{
	(void)src;
	int rc = escpos_init(doc);
	if (rc == 0)
		rc = escpos_line(doc, i18n_get(t, lang, "tech.menu.print"));
	if (rc == 0)
		rc = escpos_rule(doc);
	if (rc == 0)
		rc = escpos_line(doc, "Accueil " ACCUEIL_VERSION);
	if (rc == 0)
		rc = escpos_line(doc, "àâçéèêëîïôûùü « » 0123456789");
	if (rc == 0)
		rc = escpos_feed(doc, 3);
	if (rc == 0)
		rc = escpos_cut(doc);
	return rc;
}

/* The outbox's depth and the entries to resolve, with no personal data: the category is
 * the service code alone, and of the last error only the kiosk's own words are kept (what
 * follows ": " is the central's message, which may echo what the visitor typed). */
static void tech_fill_outbox(kiosk_t *k, uint64_t now)
{
	struct tech_outbox *o = &k->tech_outbox;
	struct outbox_entry list[TECH_OUTBOX_LIST];
	struct outbox_link_health h;
	int64_t wall = kiosk_wall_ms(k, now);

	memset(o, 0, sizeof(*o));
	o->retried = -1;
	outbox_link_health(k->outbox, now, &h);
	o->ok = h.ok;
	o->pending = h.pending;
	o->oldest_s = h.oldest_s;
	o->attention = h.attention;
	int n = h.ok ? outbox_link_unresolved(k->outbox, list, TECH_OUTBOX_LIST) : 0;
	if (n < 0) {
		log_msg(LOG_ERROR, "outbox", "cannot list the entries to resolve (%d)", n);
		o->ok = false;
		return;
	}
	for (int i = 0; i < n; i++) {
		struct tech_outbox_entry *e = &o->entries[o->count++];
		text_copy(e->reference, sizeof(e->reference), list[i].reference);
		if (outbox_link_category(k->outbox, &list[i], e->category, sizeof(e->category)) < 0)
			text_copy(e->category, sizeof(e->category), "?");
		e->age_s =
		    wall > list[i].created_ms ? (uint64_t)(wall - list[i].created_ms) / 1000 : 0;
		e->attempts = list[i].attempts;
		e->refused = list[i].state == OUTBOX_REJECTED;
		outbox_link_error_words(&list[i], e->error, sizeof(e->error));
		text_wipe(&list[i], sizeof(list[i]));
	}
}

/* The settings in force go to the core (app_config) for the next visitor, and the
 * orientation to the screen at once. */

static void apply_settings(kiosk_t *k, const struct tech_settings *s)
{
	k->app.cfg.volume_default = s->volume;
	k->app.cfg.idle_ms = s->idle_s * 1000u;
	k->app.cfg.idle_speech_ms = 2 * s->idle_s * 1000u;
	k->app.cfg.warning_ms = s->end_s * 1000u;
	k->cfg.app.volume_default = s->volume;
	k->cfg.app.idle_ms = k->app.cfg.idle_ms;
	k->cfg.app.idle_speech_ms = k->app.cfg.idle_speech_ms;
	k->cfg.app.warning_ms = k->app.cfg.warning_ms;
	apply_orientation(k, s->portrait);
}

static void tech_save_settings(kiosk_t *k, uint64_t now)
{
	const struct tech_settings *want = &k->app.visit.tech.settings.settings;
	(void)now;
	if (!tech_settings_valid(want)) {
		k->settings.note = TECH_SETTINGS_NOT_SAVED;
		k->tech_error = APP_RESULT_NOT_STORED;
		return;
	}
	int rc = techset_save(k->settings_path, want);
	if (rc < 0) {
		log_msg(LOG_ERROR, "technician", "settings not saved in %s (%s)%s",
		        k->settings_path, strerror(-rc),
		        rc == -ENOSPC || rc == -EDQUOT ? ": the data partition is full" : "");
		k->settings.note =
		    rc == -ENOSPC || rc == -EDQUOT ? TECH_SETTINGS_FULL : TECH_SETTINGS_NOT_SAVED;
		k->tech_error = APP_RESULT_NOT_STORED;
		return;
	}
	k->settings.settings = *want;
	k->settings.note = TECH_SETTINGS_SAVED;
	k->settings_found = TECH_SETTINGS_FILE;
	apply_settings(k, want);
	log_msg(LOG_INFO, "technician",
	        "settings saved: volume %d%%, %s, warning after %u s, end %u s later", want->volume,
	        want->portrait ? "portrait" : "landscape", want->idle_s, want->end_s);
}

static void tech_request(kiosk_t *k, const struct app_fx *f, uint64_t now)
{
	k->tech_error = APP_RESULT_OK;
	switch (f->arg) {
	case APP_REQ_TECH_PIN:
		tech_check_pin(k, now);
		break;
	case APP_REQ_TECH_DIAG:
		tech_fill_diag(k, now);
		break;
	case APP_REQ_TECH_PRINT:
		if (print_doc(k, "test page", NULL, k->app.visit.settings.lang, build_test_page) <
		    0)
			k->tech_error = APP_RESULT_UNREACHABLE;
		break;
	case APP_REQ_TECH_RESTART:
		log_msg(LOG_INFO, "technician", "restart asked for");
		k->restart = true;
		return; /* no answer: the program ends */
	case APP_REQ_TECH_OUTBOX:
		tech_fill_outbox(k, now);
		break;
	case APP_REQ_TECH_RETRY: {
		int rc = outbox_link_retry_now(k->outbox, now);
		k->tech_error = rc >= 0           ? APP_RESULT_OK
		                : rc == -ENOTCONN ? APP_RESULT_UNREACHABLE
		                                  : APP_RESULT_NOT_STORED;
		if (rc < 0 && rc != -ENOTCONN)
			log_msg(LOG_ERROR, "outbox", "cannot retry the outbox (%d)", rc);
		int err = k->tech_error;
		tech_fill_outbox(k, now);
		k->tech_error = err;
		k->tech_outbox.retried = rc >= 0 ? rc : -1;
		break;
	}
	case APP_REQ_TECH_SETTINGS:
		k->settings.note = k->settings_found;
		break;
	case APP_REQ_TECH_SAVE:
		tech_save_settings(k, now);
		break;
	default:
		return;
	}
	enum app_request_kind kind = (enum app_request_kind)f->arg;
	if (kind == APP_REQ_TECH_PIN)
		answer_later(k, kind, f->id, k->tech_error, &k->tech_pin, sizeof(k->tech_pin));
	else if (kind == APP_REQ_TECH_DIAG)
		answer_later(k, kind, f->id, k->tech_error, &k->tech_diag, sizeof(k->tech_diag));
	else if (kind == APP_REQ_TECH_OUTBOX || kind == APP_REQ_TECH_RETRY)
		answer_later(k, kind, f->id, k->tech_error, &k->tech_outbox,
		             sizeof(k->tech_outbox));
	else if (kind == APP_REQ_TECH_SETTINGS || kind == APP_REQ_TECH_SAVE)
		answer_later(k, kind, f->id, k->tech_error, &k->settings, sizeof(k->settings));
	else
		answer_later(k, kind, f->id, k->tech_error, NULL, 0);
}

bool kiosk_restart_requested(const kiosk_t *k)
{
	return k->restart;
}

void kiosk_set_technician_pin(kiosk_t *k, const char *stored)
{
	text_copy(k->cfg.technician_pin, sizeof(k->cfg.technician_pin), stored);
}

int kiosk_printer_status(kiosk_t *k)
{
	return k->printer ? printer_status(k->printer) : -ENODEV;
}

static void apply_orientation(kiosk_t *k, bool portrait)
{
	k->want_portrait = portrait;
	if (k->window) {
		int w = k->panel_w, h = k->panel_h;
		bool rotate = w != h && portrait != (h > w);
		if (rotate == k->rotated)
			return;
		if (k->rotate_target)
			SDL_DestroyTexture(k->rotate_target);
		k->rotate_target = NULL;
		k->rotated = false;
		k->width = w;
		k->height = h;
		if (rotate) {
			k->rotate_target = SDL_CreateTexture(k->sdl, SDL_PIXELFORMAT_ARGB8888,
			                                     SDL_TEXTUREACCESS_TARGET, h, w);
			if (!k->rotate_target) {
				log_msg(
				    LOG_ERROR, "render",
				    "cannot draw the screen a quarter turn round (%s): it stays "
				    "as the panel is",
				    SDL_GetError());
				return;
			}
			k->rotated = true;
			k->width = h;
			k->height = w;
		}
	} else {
		/* Scripted and headless runs draw on a surface: it takes the new shape. */
		if (k->width == k->height || portrait == (k->height > k->width))
			return;
		if (make_surface_renderer(k, k->height, k->width) < 0 || open_renderer(k) < 0)
			return;
	}
	k->scroll = 0;
	k->follow_focus = true;
	k->dirty = true;
	log_msg(LOG_INFO, "render", "orientation: %s, %dx%d", portrait ? "portrait" : "landscape",
	        k->width, k->height);
}

/* DATA_DIR/settings.conf: what a technician changed, over the configuration's values. */
static void load_settings(kiosk_t *k)
{
	struct tech_settings s = {
	    .volume = k->cfg.app.volume_default,
	    .portrait = k->height > k->width,
	    .idle_s = k->cfg.app.idle_ms / 1000,
	    .end_s = k->cfg.app.warning_ms / 1000,
	};
	s.volume = s.volume < TECH_VOLUME_MIN ? TECH_VOLUME_MIN : s.volume;
	s.volume = s.volume > TECH_VOLUME_MAX ? TECH_VOLUME_MAX : s.volume;
	s.idle_s = s.idle_s < TECH_IDLE_MIN_S ? TECH_IDLE_MIN_S : s.idle_s;
	s.idle_s = s.idle_s > TECH_IDLE_MAX_S ? TECH_IDLE_MAX_S : s.idle_s;
	s.end_s = s.end_s < TECH_END_MIN_S ? TECH_END_MIN_S : s.end_s;
	s.end_s = s.end_s > TECH_END_MAX_S ? TECH_END_MAX_S : s.end_s;
	k->settings.settings = s;
	snprintf(k->settings_path, sizeof(k->settings_path), "%s/" TECHSET_FILE, k->cfg.data_dir);
	int rc = techset_load(k->settings_path, &s, k->settings_why, sizeof(k->settings_why));
	if (rc == 0) {
		k->settings_found = TECH_SETTINGS_FILE;
		k->settings.settings = s;
		apply_settings(k, &s);
		k->app.visit.settings.volume =
		    s.volume; /* no visitor yet: the idle hint's volume */
		return;
	}
	k->settings_found = rc == -ENOENT    ? TECH_SETTINGS_DEFAULTS
	                    : rc == -EBADMSG ? TECH_SETTINGS_DAMAGED
	                                     : TECH_SETTINGS_UNREADABLE;
	if (rc != -ENOENT)
		log_msg(
		    LOG_ERROR, "technician",
		    "the settings file %s is %s (%s): the configuration's values are used until a "
		    "technician saves the settings again",
		    k->settings_path, rc == -EBADMSG ? "damaged" : "unreadable", k->settings_why);
}

int kiosk_new(const struct kiosk_options *opt, uint64_t now, kiosk_t **out)
{
	int rc;
	kiosk_t *k = calloc(1, sizeof(*k));
	if (!k)
		return -ENOMEM;
	k->cfg = *opt->cfg;
	k->redraw_at = UINT64_MAX;
	k->started_ms = now;
	k->wall_at_start = (int64_t)time(NULL);
	if ((rc = i18n_new_builtin(&k->strings)) < 0) {
		log_msg(LOG_ERROR, "strings", "built-in strings are malformed (%d)", rc);
		goto fail_free;
	}
	app_init(&k->app, &k->cfg.app, k->strings, &screens_all, now);
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
	k->panel_w = k->width;
	k->panel_h = k->height;
	k->want_portrait = -1;
	load_settings(k);
	if (jack_new(k->cfg.jack, &k->jack) < 0)
		log_msg(LOG_WARN, "jack",
		        "jack = \"%s\" is not a detector: use key, evdev:PATH, "
		        "gpio:CHIP:LINE, alsa:CARD:CONTROL or a GPIO value file",
		        k->cfg.jack);
	if (printer_new(k->cfg.printer, &k->printer) < 0)
		log_msg(LOG_WARN, "printer", "printer = \"%s\" is not a printer: none is used",
		        k->cfg.printer);
	snprintf(k->guard_path, sizeof(k->guard_path), "%s/techpin.state", k->cfg.data_dir);
	k->guard_error =
	    techpin_guard_load(&k->tech_guard, k->guard_path, now, kiosk_wall_ms(k, now));
	if (k->guard_error < 0)
		log_msg(
		    LOG_ERROR, "technician",
		    "the PIN lock-out file %s cannot be read (%s): technician mode is locked for "
		    "30 s as a precaution",
		    k->guard_path, strerror(-k->guard_error));
	else if (techpin_guard_wait(&k->tech_guard, now))
		log_msg(LOG_INFO, "technician", "the PIN lock-out of the last run continues");
	if (tech_corner_parse(k->cfg.technician_corner, &k->tech_press.corner) < 0)
		k->tech_press.corner = TECH_CORNER_NONE;
	k->parts[PART_JACK] = (struct participant){
	    .name = "jack", .self = k->jack, .next_deadline = jack_deadline, .step = jack_step};
	k->services_pending = true;
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
	central_link_free(k->central);
	outbox_link_free(k->outbox);
	jack_free(k->jack);
	printer_free(k->printer);
	speech_free(k->speech);
	recorder_free(k->rec);
	if (k->rotate_target)
		SDL_DestroyTexture(k->rotate_target);
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
