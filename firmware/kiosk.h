/* The program layer: the core, the screen description, speech and the renderer
 * wired together. The live loop (main.c), scripted runs, the demo and the bench
 * all drive the kiosk through this one interface, so they exercise the same code. */
#ifndef ACCUEIL_KIOSK_H
#define ACCUEIL_KIOSK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/core/app.h"
#include "firmware/config.h"

typedef struct kiosk kiosk_t;
struct receipt_request;
struct receipt_ticket;
struct speech_recorder;
struct SDL_Window;
union SDL_Event;

struct kiosk_options {
	const struct config *cfg;
	/* Live: a window on the display, the real audio device. Scripted (window NULL):
	 * an off-screen software surface of width x height, audio recorded to files. */
	struct SDL_Window *window;
	int width, height;
	const char *said_log;   /* scripted: the spoken log "t=… fr: …" (NULL: none) */
	const char *said_wav;   /* scripted: every sample spoken, as WAV (NULL: none) */
	bool no_speech;         /* run without speech (tests of the screens alone) */
	const char *audio;      /* overrides the audio backend ("sdl", "wav", "null"); NULL:
	                         * the configuration's when live, "null" when scripted */
	int config_rc;          /* how the configuration was read (config_load), for the */
	const char *config_msg; /* technician's diagnostics as for the self-test; NULL: none */
};

/* Builds the kiosk. Whatever is missing (fonts, espeak-ng data, audio device) is
 * reported through the log with what to do, and the kiosk runs with the rest.
 * Returns 0 and *out, or -ENOMEM / -EINVAL / -EIO when nothing can be shown. */
int kiosk_new(const struct kiosk_options *opt, uint64_t now, kiosk_t **out);
void kiosk_free(kiosk_t *k);

/* Hands one input to the core and carries out its effects; the next kiosk_step draws
 * what changed. */
void kiosk_event(kiosk_t *k, const struct app_event *ev, uint64_t now);
/* A finger or mouse at window pixel (x, y); type is an APP_EV_POINTER_*. */
void kiosk_pointer(kiosk_t *k, enum app_event_type type, int x, int y, uint64_t now);
/* Maps and handles one SDL event (live loop). */
void kiosk_sdl_event(kiosk_t *k, const union SDL_Event *e, uint64_t now);

/* Delivers what is due at now (end of speech, time-outs) and draws the frame
 * if anything changed. Returns true when a frame was drawn. */
bool kiosk_step(kiosk_t *k, uint64_t now);
/* The next time kiosk_step has something to do (time-outs, speech, the central's
 * transfers and schedule), or UINT64_MAX. */
uint64_t kiosk_next_deadline(kiosk_t *k, uint64_t now);

/* Waits up to max_ms (real time) on the central's sockets, then steps the kiosk at
 * now. Returns the requests still pending. Scripts and tests use it; the live loop
 * waits on SDL events and kiosk_next_deadline instead. */
size_t kiosk_net_wait(kiosk_t *k, uint32_t max_ms, uint64_t now);

/* Saves what is on screen now as a PNG. Returns 0 or a negative code. */
int kiosk_screenshot(kiosk_t *k, const char *path);
/* Renders every screen's sample states in both orientations, both languages, normal
 * and large text, into dir as SCREEN[_SAMPLE]-ORIENTATION-LANG-SIZE.png. Returns the
 * number written or a negative code. */
int kiosk_render_all(kiosk_t *k, const char *dir);

const struct app *kiosk_app(const kiosk_t *k);
/* The view as last drawn, with its layout bounds (for scripts that tap by text). */
const struct view *kiosk_shown(const kiosk_t *k);
struct speech_recorder *kiosk_recorder(kiosk_t *k);
/* A fatal condition: logs why and shows the "service unavailable" screen (systemd's
 * watchdog or a restart takes it from there). The visitor's session is ended. */
void kiosk_fail(kiosk_t *k, const char *why, uint64_t now);
/* Sets the wall clock (Unix seconds) at now, for what is dated (receipts); scripts run on a
 * manual clock and pin the date this way. By default it is the system's. */
void kiosk_set_wall(kiosk_t *k, int64_t unix_s, uint64_t now);
/* Technician mode asked for a restart: the program ends with a failure status so that
 * systemd starts it again (main.c); the kiosk never exits by itself. */
bool kiosk_restart_requested(const kiosk_t *k);
/* Replaces the technician PIN's stored form (techpin.h) for this run (scripts). */
void kiosk_set_technician_pin(kiosk_t *k, const char *stored);
/* Forces the next kiosk_step to draw (the bench measures frame times this way). */
void kiosk_invalidate(kiosk_t *k);
/* When the first non-silent sample since the last barge-in was handed to the audio
 * device (monotonic ns), and how many samples are still queued: for the bench. */
uint64_t kiosk_audio_first_voiced_ns(const kiosk_t *k);
/* Forgets that stamp (nothing queued is dropped): what is voiced next is stamped anew. */
void kiosk_audio_rearm(kiosk_t *k);
size_t kiosk_audio_queued(const kiosk_t *k);

/* Prints the receipt of a filed request, or a queue ticket, in lang on the configured printer
 * (`printer`, `printer_columns`; firmware/services/receipt.h builds them). A direct call of the
 * program layer, not a request of the core's: the flows that will ask for it (issues 8 and 9)
 * answer their visitor from the return value. Holds the loop at most PRINTER_WRITE_BUDGET_MS.
 * Returns 0, -EINVAL for a document the builder refuses, -E2BIG when it would pass
 * ESCPOS_DOC_MAX, or printer_print's error (-ENODEV with printer = none); a failure is logged
 * once, without the document's content. */
int kiosk_print_receipt(kiosk_t *k, const struct receipt_request *r, enum lang lang);
int kiosk_print_ticket(kiosk_t *k, const struct receipt_ticket *t, enum lang lang);
/* printer_status of the configured printer, for the self-test. */
int kiosk_printer_status(kiosk_t *k);

/* Counters for tests and the bench. */
struct kiosk_stats {
	unsigned long frames;
	unsigned long utterances;
	uint64_t last_frame_ns;  /* time the last render_frame took */
	uint64_t barge_ns;       /* last barge-in: from the event to the audio queue cleared */
	uint64_t first_frame_ns; /* monotonic time the first frame was presented */
	bool speech_ok, audio_ok, fonts_ok;
};
void kiosk_get_stats(const kiosk_t *k, struct kiosk_stats *out);

#endif
