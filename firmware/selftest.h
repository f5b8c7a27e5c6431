/* The kiosk's self-test (`accueil --selftest`, and the technician's results screen): every
 * part a lobby kiosk needs, checked for real, one line each, with what to do when it fails.
 * Display, fonts, speech in both languages (synthesised and checked non-silent), audio
 * device, keypad, headphone detector, printer, storage, clock, the central over TLS with the
 * configured pin and client certificate, certificate expiry, the outbox.
 *
 * A check never stops the others: each one that cannot run says why and the rest go on.
 * Nothing here logs personal data (there is none to log: the self-test runs outside any
 * visitor's session). Program layer: it uses SDL, SDL_ttf, espeak-ng, libcurl, mbedTLS. */
#ifndef ACCUEIL_SELFTEST_H
#define ACCUEIL_SELFTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "firmware/config.h"

enum selftest_status {
	SELFTEST_OK,
	SELFTEST_WARN, /* works, but needs attention soon (a certificate near expiry) */
	SELFTEST_FAIL,
	SELFTEST_SKIP, /* not part of this kiosk (no printer configured) */
};

#define SELFTEST_MAX      24
#define SELFTEST_NAME_MAX 24
#define SELFTEST_MSG_MAX  640

/* Certificates expiring sooner than this are a warning. */
#define SELFTEST_CERT_WARN_DAYS 30
/* Free space on the data directory below this fails (the outbox and logs need room). */
#define SELFTEST_MIN_FREE_MB 64

struct selftest_check {
	char name[SELFTEST_NAME_MAX]; /* "display", "speech-fr", … stable, for scripts */
	enum selftest_status status;
	char msg[SELFTEST_MSG_MAX]; /* what was found, and what to do when it is not right */
};

struct selftest_report {
	struct selftest_check checks[SELFTEST_MAX];
	int count;
	int ok, warned, failed, skipped;
};

struct selftest_options {
	const struct config *cfg;
	time_t now;                  /* the wall clock to judge (0: time(NULL)) */
	uint32_t central_timeout_ms; /* 0: 8 000 */
	const char *input_devices;   /* the kernel's input list (NULL: /proc/bus/input/devices) */
	/* How reading the configuration went (config_load's code and message; 0 and NULL when
	 * there was no file and the defaults run). */
	int config_rc;
	const char *config_msg;
};

/* Runs every check into *r (cleared first). SDL must not be initialised by the caller: the
 * display check initialises and quits its own subsystems. Returns 0 when nothing failed, 1
 * when some check failed (warnings do not fail), or -ENOMEM. */
int selftest_run(const struct selftest_options *o, struct selftest_report *r);

/* The checks run by selftest_run, each on its own (tests and the technician screens). Each
 * fills *c. */
void selftest_check_clock(time_t now, int64_t source_epoch, struct selftest_check *c);
/* A PEM certificate file's validity at now: FAIL when missing, unreadable, expired or not yet
 * valid; WARN within SELFTEST_CERT_WARN_DAYS of expiry. what names it ("client certificate").
 * now is in seconds since the epoch, 64-bit even where time_t is not (armhf). */
void selftest_check_cert(const char *name, const char *what, const char *path, int64_t now,
                         struct selftest_check *c);
void selftest_check_storage(const char *dir, struct selftest_check *c);
void selftest_check_keypad(const char *spec, const char *input_devices, struct selftest_check *c);
void selftest_check_jack(const char *spec, struct selftest_check *c);
/* The technician's saved settings (DATA_DIR/settings.conf) and the PIN's lock-out
 * (DATA_DIR/techpin.state): OK when absent or good; FAIL naming the file and what is wrong
 * when damaged, cut short or unreadable (the kiosk then runs on its configuration / locks
 * technician mode for 30 s). now_ms is the wall clock (Unix ms). */
void selftest_check_settings(const char *data_dir, int64_t now_ms, struct selftest_check *c);
/* The last signed update, from the updater's state on the data partition
 * (DATA_DIR/update/last-update and DATA_DIR/update/trial, written by accueil-update): OK when
 * none was installed or the last one was committed; WARN while one is on trial, and when the
 * last one was rolled back (which version, when, why, and what runs instead); WARN naming the
 * file when it is damaged. */
void selftest_check_update(const char *data_dir, struct selftest_check *c);

/* Name of a status as printed ("ok", "warn", "FAIL", "skip"). */
const char *selftest_status_name(enum selftest_status s);

/* One line per check, then the summary line. Returns 0 or -EIO. */
int selftest_print(const struct selftest_report *r, FILE *f);
/* The report as JSON (version, board, checks, counts) on f. Returns 0, -ENOMEM or -EIO. */
int selftest_print_json(const struct selftest_report *r, FILE *f);

#endif
