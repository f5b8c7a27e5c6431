/* Storage of the reference central: SQLite in WAL mode, synchronous=FULL. Every write that the
 * server acknowledges has been committed (and so fsynced) before the function returns 0. With
 * group commit (the server), writes from all HTTP threads go through one writer thread that
 * commits them in batches, each write in its own savepoint; the staff command line writes
 * directly. Several processes may use one file: writes wait for each other (busy timeout).
 * Thread-safe. Rows hold no more than the protocol shows; personal data stays in the file. */
#ifndef ACCUEIL_CENTRAL_DB_H
#define ACCUEIL_CENTRAL_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "central/parse.h"

typedef struct central_db central_db_t;

/* Opens (creating file and schema when missing) the database at path. group_commit starts the
 * writer thread. Returns 0 and *out (close with central_db_close), or -EIO/-ENOMEM. */
int central_db_open(const char *path, bool group_commit, central_db_t **out);

/* Finishes pending writes and closes. NULL is fine. */
void central_db_close(central_db_t *db);

/* A new Open311 request. Strings may be NULL. */
struct central_request_new {
	const struct central_submission *sub;
	const char *idem_key;       /* Idempotency-Key, else the CLIENT_REQUEST_ID, else NULL */
	const char *idem_hash;      /* fingerprint of the request body (hex), NULL: not compared */
	const char *service_notice; /* in the visitor's language */
	const char *agency;
	const char *attributes_json; /* the attribute[] fields as a JSON object */
	int64_t now;
	int64_t expected; /* answer-by instant */
};

/* What the protocol shows of a request (no description, no personal data). */
struct central_request_row {
	char id[11];
	char token[33];
	char service_code[65];
	char status[8];
	char status_notes[1025];
	char agency[257];
	char service_notice[1025];
	char address[CENTRAL_MAX_ADDRESS * 4 + 1];
	char device_id[CENTRAL_MAX_KEY + 1];
	char client_request_id[CENTRAL_MAX_KEY + 1];
	int64_t requested, updated, expected;
};

/* Creates a request with a fresh 10-digit reference (9 random digits + Damm), or returns the
 * one created earlier with the same idem_key (*replayed true). Returns 0, -EEXIST (idem_key was
 * used with a request whose idem_hash differs; nothing written) or -EIO. */
int central_db_request_create(central_db_t *db, const struct central_request_new *r,
                              struct central_request_row *out, bool *replayed);

/* Request by reference or by token. Returns 0, -ENOENT or -EIO. */
int central_db_request_get(central_db_t *db, const char *id, struct central_request_row *out);
int central_db_request_by_token(central_db_t *db, const char *token,
                                struct central_request_row *out);

/* Filters of GET requests.json; NULL/false fields do not filter. */
struct central_request_filter {
	const char *service_code, *status, *device_id, *client_request_id;
	bool has_start, has_end;
	int64_t start, end;
	int limit; /* 1..1000 */
};

/* Calls cb for each matching request, newest first. cb returning non-zero stops. Returns 0 or
 * -EIO. */
int central_db_request_list(central_db_t *db, const struct central_request_filter *f,
                            int (*cb)(const struct central_request_row *row, void *arg), void *arg);

/* Sets status ("open"/"closed") and, when not NULL, notes and agency. Returns 0, -ENOENT, -EIO. */
int central_db_request_set_status(central_db_t *db, const char *id, const char *status,
                                  const char *notes, const char *agency, int64_t now);

/* A queue ticket. */
struct central_ticket_row {
	char label[8]; /* "A042" */
	char service[2];
	char day[11]; /* Toronto date "YYYY-MM-DD" */
	int number;
	bool priority;
	char lang[3];
	char state[8]; /* waiting | called | served | missed */
	char counter[33];
	int64_t issued, called, done;
	int64_t ahead; /* people effectively ahead (priority-aware) while waiting, else 0 */
};

/* Issues the next ticket of a service for `day`, or returns the one issued earlier with the same
 * idem_key (*replayed). Numbers restart each day; -ENOSPC past 999. idem_hash (may be NULL)
 * fingerprints the request: -EEXIST when idem_key came with another. Returns 0, -ENOSPC,
 * -EEXIST, -EIO. */
int central_db_ticket_take(central_db_t *db, const char *service, bool priority, const char *lang,
                           const char *idem_key, const char *idem_hash, const char *day,
                           int64_t now, struct central_ticket_row *out, bool *replayed);

/* Ticket `label` of `day`. Returns 0, -ENOENT, -EIO. */
int central_db_ticket_get(central_db_t *db, const char *day, const char *label,
                          struct central_ticket_row *out);

/* Load of a service on `day` at `now`. */
struct central_queue_load {
	int64_t waiting, waiting_priority;
	int counters_active; /* counters that called a ticket in the last hour */
	double mean_s;       /* weighted mean service time, or the default given */
};

int central_db_queue_load(central_db_t *db, const char *service, const char *day, int64_t now,
                          double default_mean_s, struct central_queue_load *out);

/* Calls the next ticket of a service to a counter (priority first, then oldest); a ticket still
 * "called" at that counter is marked served first. Returns 0 and *out, -ENOENT (nobody waits),
 * -EIO. */
int central_db_ticket_call_next(central_db_t *db, const char *service, const char *counter,
                                const char *day, int64_t now, double default_mean_s,
                                struct central_ticket_row *out);

/* Marks a called ticket served (its duration feeds the weighted mean, α = 0.3) or missed.
 * Returns 0, -ENOENT (no such ticket today), -EALREADY (not in "called" state), -EIO. */
int central_db_ticket_finish(central_db_t *db, const char *day, const char *label, bool served,
                             int64_t now, double default_mean_s);

/* Up to 2 local hours (0..23) inside [open_min, close_min) that had the fewest tickets of a
 * service in the 28 days before now, when at least 20 tickets are known. Returns the count
 * (0..2) written to hours, or -EIO. */
int central_db_best_hours(central_db_t *db, const char *service, int64_t now, int open_min,
                          int close_min, int hours[2]);

/* Lists today's tickets (day NULL: all, newest first, at most 1000). */
int central_db_ticket_list(central_db_t *db, const char *day,
                           int (*cb)(const struct central_ticket_row *row, void *arg), void *arg);

/* A service notice. */
struct central_notice_row {
	int64_t id;
	char severity[16];
	char reason_fr[1025], reason_en[1025];
	char alt_fr[1025], alt_en[1025];
	bool has_until;
	int64_t until;
	char site[CENTRAL_MAX_KEY + 1]; /* "" = all sites */
	int64_t created;
	bool cleared;
};

/* Adds a notice; *id gets its id. Returns 0 or -EIO. */
int central_db_notice_add(central_db_t *db, const struct central_notice_row *n, int64_t now,
                          int64_t *id);

/* Clears one notice (id > 0) or all (id 0). *count (may be NULL) gets how many. Returns 0,
 * -ENOENT (that id is not active), -EIO. */
int central_db_notice_clear(central_db_t *db, int64_t id, int *count);

/* Notices; active_only: not cleared, not past `until`, for `site` or all sites (site NULL: any).
 * At most 100. Returns 0 or -EIO. */
int central_db_notice_list(central_db_t *db, const char *site, bool active_only, int64_t now,
                           int (*cb)(const struct central_notice_row *row, void *arg), void *arg);

/* Stores a heartbeat. Returns 0 or -EIO. */
int central_db_heartbeat(central_db_t *db, const struct central_heartbeat *h, int64_t now);

struct central_kiosk_row {
	char kiosk[CENTRAL_MAX_KEY + 1];
	char version[65];
	int64_t uptime_s, outbox_pending, outbox_oldest_s, last_seen;
	int64_t assistance_calls,
	    last_assistance; /* staff calls in all; when the last came (0: never) */
	char checks[2048];
};

int central_db_kiosk_list(central_db_t *db,
                          int (*cb)(const struct central_kiosk_row *row, void *arg), void *arg);

/* Stores feedback once per idem_key (may be NULL). *id gets its id; *replayed true when the key
 * was seen before. Returns 0, -EEXIST (idem_key came with another idem_hash) or -EIO. */
int central_db_feedback_add(central_db_t *db, const struct central_feedback *f,
                            const char *idem_key, const char *idem_hash, int64_t now, int64_t *id,
                            bool *replayed);

/* Counts rows of a table ("requests", "tickets", "feedback", "notices", "kiosks"); -EINVAL for
 * another name. For tests and the bench. */
int64_t central_db_count(central_db_t *db, const char *table);

#endif
