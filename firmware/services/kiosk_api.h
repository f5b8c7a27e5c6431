/* kiosk_api: the kiosk's client of our kiosk API (PROTOCOL.md §4): service disruption notices,
 * the heartbeat, visitor feedback, and a small scheduler for the heartbeat and notice polling.
 * Conventions as in open311.h: builders return 0 or a negative errno code; parsers are pure,
 * return NET_API_OK or an enum net_api_error, fill *st (may be NULL), write *out only on
 * success. */
#ifndef ACCUEIL_KIOSK_API_H
#define ACCUEIL_KIOSK_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/core/i18n.h"
#include "firmware/services/net.h"
#include "firmware/services/net_api.h"

#define KIOSK_API_ID_MAX        64
#define KIOSK_API_TEXT_MAX      512
#define KIOSK_API_NOTICES_MAX   8
#define KIOSK_API_CHECKS_MAX    16
#define KIOSK_API_COMMENT_CHARS 1000

struct kiosk_api_config {
	char path[128]; /* below the net_t's base URL, e.g. "kiosk/v1/" */
	char kiosk_id[KIOSK_API_ID_MAX];
	char site[KIOSK_API_ID_MAX]; /* notices of this site (and of all sites) */
	char version[32];            /* firmware version, for the heartbeat */
	char api_key[128];         /* sent as the api_key query argument of every call ("": none) */
	bool idempotency_honoured; /* see open311_config */
};

enum kiosk_api_severity {
	KIOSK_API_INFO,
	KIOSK_API_WARNING,
	KIOSK_API_CLOSURE,
};

struct kiosk_api_notice {
	char id[KIOSK_API_ID_MAX];
	enum kiosk_api_severity severity; /* unknown wordings read as warning */
	char reason_fr[KIOSK_API_TEXT_MAX];
	char reason_en[KIOSK_API_TEXT_MAX];
	char alternatives_fr[KIOSK_API_TEXT_MAX]; /* "" when none */
	char alternatives_en[KIOSK_API_TEXT_MAX];
	struct net_api_time until; /* valid = false: until further notice */
};

struct kiosk_api_notices {
	size_t count; /* in the server's order */
	struct kiosk_api_notice items[KIOSK_API_NOTICES_MAX];
};

/* One self-check for the heartbeat ("printer": ok). Strings borrowed; no personal data. */
struct kiosk_api_check {
	const char *name;
	bool ok;
	const char *detail; /* NULL or a short technical note */
};

struct kiosk_api_heartbeat {
	uint64_t uptime_s;
	unsigned outbox_pending;
	uint64_t outbox_oldest_s;  /* age of the oldest unsent outbox entry, 0 when none */
	unsigned assistance_calls; /* staff-assistance calls since the last heartbeat delivered */
	size_t n_checks;
	const struct kiosk_api_check *checks;
};

enum kiosk_api_task { KIOSK_API_TASK_COMPLAINT, KIOSK_API_TASK_STATUS, KIOSK_API_TASK_TICKET };

struct kiosk_api_feedback {
	enum kiosk_api_task task;
	int rating;          /* 1..5 */
	const char *comment; /* NULL or up to KIOSK_API_COMMENT_CHARS characters */
	enum lang lang;
	const char *idempotency_key; /* a UUID made once per feedback */
};

/* GET notices?site= (a background request: it never makes the UI say "one moment"). */
int kiosk_api_build_notices(const struct kiosk_api_config *cfg, struct net_request *req);

/* POST heartbeat: {"kiosk","version","uptime_s","outbox":{"pending","oldest_s"},
 * "checks":{name: "ok" | "fail: detail"},"assistance_calls"} (background, retry-safe: a second
 * heartbeat harms nobody). -EINVAL for a check without name or too many checks. */
int kiosk_api_build_heartbeat(const struct kiosk_api_config *cfg,
                              const struct kiosk_api_heartbeat *hb, struct net_request *req);

/* POST feedback {"task","rating","comment","lang"} with Idempotency-Key. -EINVAL (rating out of
 * 1..5, no key), -EILSEQ (comment not UTF-8), -E2BIG (comment too long). */
int kiosk_api_build_feedback(const struct kiosk_api_config *cfg,
                             const struct kiosk_api_feedback *fb, struct net_request *req);

/* Active notices (an empty list is a success). 404/501: NET_API_EUNSUPPORTED. Items without a
 * reason in either language are skipped. */
int kiosk_api_parse_notices(const struct net_result *res, struct kiosk_api_notices *out,
                            struct net_api_status *st);

/* Any 2xx is a delivered heartbeat, whatever its body. */
int kiosk_api_parse_heartbeat(const struct net_result *res, struct net_api_status *st);

/* Delivered feedback; id (cap bytes, may be NULL) gets the server's id or "". */
int kiosk_api_parse_feedback(const struct net_result *res, char *id, size_t cap,
                             struct net_api_status *st);

/* ---- schedule ---- */

enum kiosk_api_job {
	KIOSK_API_JOB_HEARTBEAT = 1u << 0,
	KIOSK_API_JOB_NOTICES = 1u << 1,
};

/* When the heartbeat and notice polling are due, on the now_ms clock. A plain value owned by the
 * caller; no allocation. After a failure a job comes back sooner than its interval (capped
 * doubling from 15 s), so a restored link is noticed quickly without hammering a sick central. */
struct kiosk_api_schedule {
	uint32_t heartbeat_ms;
	uint32_t notices_ms;
	uint64_t next[2];
	bool running[2];
	unsigned failures[2];
	unsigned assist_unreported; /* staff calls not yet in a delivered heartbeat */
	unsigned assist_in_flight;  /* ... of which in the heartbeat now on its way */
};

/* Both jobs due at now_ms. Intervals of 0 take the defaults (60 s heartbeat, 60 s notices). */
void kiosk_api_schedule_init(struct kiosk_api_schedule *s, uint64_t now_ms, uint32_t heartbeat_ms,
                             uint32_t notices_ms);

/* The jobs due at now_ms and not running (enum kiosk_api_job bits). */
unsigned kiosk_api_schedule_due(const struct kiosk_api_schedule *s, uint64_t now_ms);

/* Marks job started. For the heartbeat, returns the staff-assistance count to put in it. */
unsigned kiosk_api_schedule_start(struct kiosk_api_schedule *s, enum kiosk_api_job job);

/* Marks job finished: ok reschedules at its interval, a failure sooner (see above). */
void kiosk_api_schedule_done(struct kiosk_api_schedule *s, enum kiosk_api_job job, bool ok,
                             uint64_t now_ms);

/* Makes job due at now_ms unless it is already running (a visitor waits on it). */
void kiosk_api_schedule_hurry(struct kiosk_api_schedule *s, enum kiosk_api_job job,
                              uint64_t now_ms);

/* Counts one staff-assistance call for the next heartbeat. */
void kiosk_api_schedule_assistance(struct kiosk_api_schedule *s);

/* The earliest instant a job not running is due, or NET_NO_DEADLINE. */
uint64_t kiosk_api_schedule_next_ms(const struct kiosk_api_schedule *s);

#endif
