#include "firmware/outbox_link.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "firmware/core/log.h"
#include "firmware/core/text.h"

#define WAITERS_MAX     16
#define BACKOFF_BASE_MS 2000
#define BACKOFF_CAP_MS  300000
#define BACKOFF_FLOOR   250 /* full jitter may draw 0: never a busy loop */
#define DB_RETRY_MS     5000
#define LOOKUP_SLACK_S  600 /* look up from a little before the entry was made */

enum op { OP_NONE, OP_POST, OP_LOOKUP, OP_TOKEN };

/* A visitor of this process waiting for an entry's outcome. */
struct waiter {
	int64_t seq;
	uint32_t id;
	enum app_request_kind kind;
	char reference[OUTBOX_REF_MAX];
	bool told_waiting;
	bool tell_waiting_now;
};

struct outbox_link {
	outbox_t *ob; /* NULL when the outbox could not be opened (open_error says why) */
	int open_error;
	net_t *net; /* NULL without a central */
	struct open311_config open311;
	struct kiosk_api_config kiosk;
	enum outbox_link_lost lost;
	uint64_t now0;
	int64_t wall0;
	bool recover;          /* SENDING entries of a previous run still to be judged */
	enum op op;            /* the request in flight */
	struct outbox_entry e; /* its entry */
	int64_t next_wall;     /* earliest due entry, INT64_MAX none */
	int64_t db_retry_wall; /* after a failed read of the outbox, 0 none */
	struct outbox_stats stats;
	struct waiter waiters[WAITERS_MAX];
};

static int64_t wall(const outbox_link_t *l, uint64_t now)
{
	return l->wall0 + (int64_t)(now - l->now0);
}

static void refresh(outbox_link_t *l)
{
	int64_t t;

	if (l->ob == NULL)
		return;
	if (outbox_next_time(l->ob, &t) != 0)
		t = INT64_MAX;
	l->next_wall = t;
	if (outbox_stats(l->ob, &l->stats) != 0)
		log_msg(LOG_WARN, "outbox", "cannot count the outbox");
}

static struct waiter *waiter_of(outbox_link_t *l, int64_t seq)
{
	for (int i = 0; i < WAITERS_MAX; i++)
		if (l->waiters[i].id != 0 && l->waiters[i].seq == seq)
			return &l->waiters[i];
	return NULL;
}

static void add_waiter(outbox_link_t *l, const struct outbox_entry *e, uint32_t id,
                       enum app_request_kind kind)
{
	struct waiter *w = &l->waiters[0];

	if (id == 0)
		return;
	for (int i = 0; i < WAITERS_MAX; i++) {
		if (l->waiters[i].id == 0) {
			w = &l->waiters[i];
			break;
		}
		if (l->waiters[i].seq < w->seq)
			w = &l->waiters[i]; /* all taken: the oldest gives way */
	}
	*w = (struct waiter){.seq = e->seq, .id = id, .kind = kind, .tell_waiting_now = !l->net};
	snprintf(w->reference, sizeof(w->reference), "%s", e->reference);
}

static void outcome_of(const struct outbox_entry *e, enum outbox_link_reason reason,
                       struct outbox_outcome *o)
{
	memset(o, 0, sizeof(*o));
	snprintf(o->reference, sizeof(o->reference), "%s", e->reference);
	snprintf(o->service_request_id, sizeof(o->service_request_id), "%s", e->service_request_id);
	snprintf(o->token, sizeof(o->token), "%s", e->token);
	snprintf(o->service_notice, sizeof(o->service_notice), "%s", e->service_notice);
	snprintf(o->message, sizeof(o->message), "%s", e->error_text);
	o->reason = reason;
}

/* Tells the waiting visitor, if any; a final result forgets the waiter. */
static void tell(outbox_link_t *l, const struct outbox_entry *e, int error,
                 enum outbox_link_reason reason, uint64_t now, const struct participant_sink *sink)
{
	struct waiter *w = waiter_of(l, e->seq);
	struct outbox_outcome o;

	if (w == NULL || (error == APP_RESULT_UNREACHABLE && w->told_waiting))
		return;
	outcome_of(e, reason, &o);
	struct app_event ev = {.type = APP_EV_RESULT,
	                       .item = -1,
	                       .result = {.kind = w->kind,
	                                  .id = w->id,
	                                  .error = error,
	                                  .payload = &o,
	                                  .payload_len = sizeof(o)}};
	if (error == APP_RESULT_UNREACHABLE)
		w->told_waiting = true;
	else
		memset(w, 0, sizeof(*w));
	sink->deliver(sink->ctx, &ev, now);
	text_wipe(&o, sizeof(o));
}

static void save(outbox_link_t *l, const struct outbox_entry *e)
{
	int rc = outbox_update(l->ob, e);
	if (rc != 0)
		log_msg(LOG_ERROR, "outbox", "%s: cannot record state %s (%d)", e->reference,
		        outbox_state_name(e->state), rc);
}

static int64_t later(outbox_link_t *l, unsigned attempts, uint64_t retry_after_ms, uint64_t now)
{
	uint64_t d = net_backoff_ms(l->net, attempts > 0 ? attempts - 1 : 0);

	if (d < BACKOFF_FLOOR)
		d = BACKOFF_FLOOR;
	if (d < retry_after_ms)
		d = retry_after_ms;
	return wall(l, now) + (int64_t)d;
}

/* ---- outcomes ---- */

static void delivered(outbox_link_t *l, struct outbox_entry *e, uint64_t now,
                      const struct participant_sink *sink)
{
	int rc = outbox_deliver(l->ob, e, wall(l, now));

	if (rc != 0) {
		/* Kept as it was: the next attempt gets the same answer again (same key). */
		log_msg(LOG_ERROR, "outbox", "%s: delivered but cannot record it (%d)",
		        e->reference, rc);
		return;
	}
	log_msg(LOG_INFO, "outbox", "%s delivered after %u attempt(s)%s", e->reference, e->attempts,
	        e->service_request_id[0] ? "" : " (final reference not given)");
	tell(l, e, APP_RESULT_OK, OUTBOX_LINK_NONE, now, sink);
}

static void set_error(struct outbox_entry *e, const char *why, const struct net_api_status *st)
{
	if (st != NULL && st->message[0] != '\0')
		snprintf(e->error_text, sizeof(e->error_text), "%s: %s", why, st->message);
	else if (st != NULL && st->http_status != 0)
		snprintf(e->error_text, sizeof(e->error_text), "%s (HTTP %ld)", why,
		         st->http_status);
	else
		snprintf(e->error_text, sizeof(e->error_text), "%s", why);
}

static void finish_bad(outbox_link_t *l, struct outbox_entry *e, enum outbox_state state,
                       enum outbox_link_reason reason, const char *why,
                       const struct net_api_status *st, uint64_t now,
                       const struct participant_sink *sink)
{
	e->state = state;
	set_error(e, why, st);
	save(l, e);
	log_msg(state == OUTBOX_REJECTED ? LOG_WARN : LOG_ERROR, "outbox",
	        "%s %s: %s (HTTP %ld, %s)", e->reference, outbox_state_name(state), why,
	        st ? st->http_status : 0L, st ? net_api_error_name(st->error) : "local");
	tell(l, e, state == OUTBOX_REJECTED ? APP_RESULT_REJECTED : APP_RESULT_UNCONFIRMED, reason,
	     now, sink);
}

static void try_later(outbox_link_t *l, struct outbox_entry *e, enum outbox_state state,
                      const struct net_api_status *st, uint64_t now,
                      const struct participant_sink *sink)
{
	e->state = state;
	e->next_attempt_ms = later(l, e->attempts, st ? st->retry_after_ms : 0, now);
	save(l, e);
	log_msg(LOG_INFO, "outbox", "%s not sent yet (%s, HTTP %ld): next try in %lld ms",
	        e->reference, st ? net_api_error_name(st->error) : "local",
	        st ? st->http_status : 0L, (long long)(e->next_attempt_ms - wall(l, now)));
	tell(l, e, APP_RESULT_UNREACHABLE, OUTBOX_LINK_WAITING, now, sink);
}

/* A POST whose answer was lost (PROTOCOL.md §1). */
static void lost(outbox_link_t *l, struct outbox_entry *e, const struct net_api_status *st,
                 uint64_t now, const struct participant_sink *sink)
{
	bool retry = e->kind == OUTBOX_FEEDBACK || l->lost == OUTBOX_LINK_LOST_RETRY;

	log_msg(LOG_WARN, "outbox", "%s: the answer was lost; %s", e->reference,
	        retry ? "sending again with the same key" : "looking it up");
	try_later(l, e, retry ? OUTBOX_PENDING : OUTBOX_LOOKUP, st, now, sink);
}

static void on_post(outbox_link_t *l, struct outbox_entry *e, const struct net_result *res,
                    uint64_t now, const struct participant_sink *sink)
{
	struct open311_submit_result r;
	struct net_api_status st;
	char id[KIOSK_API_ID_MAX];
	int err;

	memset(&r, 0, sizeof(r));
	if (e->kind == OUTBOX_FEEDBACK) {
		err = kiosk_api_parse_feedback(res, id, sizeof(id), &st);
		if (err == NET_API_OK)
			snprintf(r.service_request_id, sizeof(r.service_request_id), "%s", id);
	} else {
		err = open311_parse_submit(res, &r, &st);
	}
	switch (err) {
	case NET_API_OK:
		snprintf(e->service_request_id, sizeof(e->service_request_id), "%s",
		         r.service_request_id);
		snprintf(e->token, sizeof(e->token), "%s", r.token);
		snprintf(e->service_notice, sizeof(e->service_notice), "%s", r.service_notice);
		if (e->kind == OUTBOX_OPEN311 && r.service_request_id[0] == '\0') {
			/* Created; its id comes through the token. The visitor is told now. */
			e->state = OUTBOX_TOKEN;
			e->attempts = 0;
			e->next_attempt_ms = later(l, 1, 0, now);
			save(l, e);
			log_msg(LOG_INFO, "outbox", "%s accepted with a token", e->reference);
			tell(l, e, APP_RESULT_OK, OUTBOX_LINK_NONE, now, sink);
			return;
		}
		delivered(l, e, now, sink);
		return;
	case NET_API_EUNCONFIRMED:
	case NET_API_EBADREPLY:
		lost(l, e, &st, now, sink);
		return;
	case NET_API_ECONFLICT:
		log_msg(LOG_ERROR, "outbox",
		        "%s: BUG: the central saw this Idempotency-Key with another request",
		        e->reference);
		finish_bad(l, e, OUTBOX_UNCONFIRMED, OUTBOX_LINK_CONFLICT,
		           "idempotency conflict (kiosk bug)", &st, now, sink);
		return;
	case NET_API_ENOTFOUND:
		if (e->kind == OUTBOX_OPEN311) {
			finish_bad(l, e, OUTBOX_REJECTED, OUTBOX_LINK_CATEGORY_GONE,
			           "category no longer offered", &st, now, sink);
			return;
		}
		try_later(l, e, OUTBOX_PENDING, &st, now, sink); /* no feedback endpoint now */
		return;
	case NET_API_EREJECTED:
	case NET_API_ECLOSED:
		finish_bad(l, e, OUTBOX_REJECTED, OUTBOX_LINK_REFUSED, "refused by the central",
		           &st, now, sink);
		return;
	default: /* offline, time-out before sending, 503/429, security, cancelled */
		try_later(l, e, OUTBOX_PENDING, &st, now, sink);
		return;
	}
}

static void on_lookup(outbox_link_t *l, struct outbox_entry *e, const struct net_result *res,
                      uint64_t now, const struct participant_sink *sink)
{
	struct net_api_status st;
	int err = open311_parse_lookup(res, e->request_id, e->service_request_id,
	                               sizeof(e->service_request_id), &st);

	switch (err) {
	case NET_API_OK:
		delivered(l, e, now, sink);
		return;
	case NET_API_ENOTFOUND:
		if (l->lost == OUTBOX_LINK_LOST_LOOKUP) {
			log_msg(LOG_INFO, "outbox", "%s was not created: sending it again",
			        e->reference);
			e->state = OUTBOX_PENDING;
			e->next_attempt_ms = wall(l, now);
			save(l, e);
			return;
		}
		/* An empty list from a server not known to list every request at once proves
		 * nothing. */
		finish_bad(l, e, OUTBOX_UNCONFIRMED, OUTBOX_LINK_LOST,
		           "answer lost; the server's list cannot confirm it", &st, now, sink);
		return;
	case NET_API_EUNCONFIRMED:
		finish_bad(l, e, OUTBOX_UNCONFIRMED, OUTBOX_LINK_LOST,
		           "answer lost; the server cannot say whether it exists", &st, now, sink);
		return;
	default:
		e->service_request_id[0] = '\0';
		try_later(l, e, OUTBOX_LOOKUP, &st, now, sink);
		return;
	}
}

static void on_token(outbox_link_t *l, struct outbox_entry *e, const struct net_result *res,
                     uint64_t now)
{
	struct open311_submit_result r;
	struct net_api_status st;
	int err = open311_parse_token(res, &r, &st);

	if (err == NET_API_OK && r.service_request_id[0] != '\0') {
		snprintf(e->service_request_id, sizeof(e->service_request_id), "%s",
		         r.service_request_id);
		if (r.service_notice[0] != '\0')
			snprintf(e->service_notice, sizeof(e->service_notice), "%s",
			         r.service_notice);
	}
	if (err == NET_API_EUNSUPPORTED || e->service_request_id[0] != '\0') {
		/* Either way it exists: the receipt keeps the token when no id will come. */
		int rc = outbox_deliver(l->ob, e, wall(l, now));
		if (rc != 0)
			log_msg(LOG_ERROR, "outbox", "%s: cannot record delivery (%d)",
			        e->reference, rc);
		return;
	}
	e->state = OUTBOX_TOKEN;
	e->next_attempt_ms = later(l, e->attempts, err == NET_API_OK ? 0 : st.retry_after_ms, now);
	save(l, e);
}

/* ---- sending ---- */

static int build(outbox_link_t *l, struct outbox_entry *e, enum op *op, struct net_request *req)
{
	struct outbox_payload p;
	int rc;

	if (e->state == OUTBOX_TOKEN) {
		*op = OP_TOKEN;
		return open311_build_token(&l->open311, e->token, req);
	}
	rc = outbox_payload(l->ob, e, &p);
	if (rc != 0)
		return rc;
	if (e->state == OUTBOX_LOOKUP) {
		*op = OP_LOOKUP;
		rc =
		    open311_build_lookup(&l->open311, p.sub.service_code,
		                         e->created_ms / 1000 - LOOKUP_SLACK_S, e->request_id, req);
	} else {
		*op = OP_POST;
		rc = e->kind == OUTBOX_FEEDBACK ? kiosk_api_build_feedback(&l->kiosk, &p.fb, req)
		                                : open311_build_submit(&l->open311, &p.sub, req);
	}
	outbox_payload_free(&p);
	return rc;
}

static void start(outbox_link_t *l, uint64_t now, const struct participant_sink *sink)
{
	struct outbox_entry e;
	struct net_request req;
	enum op op = OP_NONE;
	uint64_t id;
	int rc = outbox_next_due(l->ob, wall(l, now), &e);

	if (rc == -ENOENT)
		return;
	if (rc != 0) {
		log_msg(LOG_ERROR, "outbox", "cannot read the outbox (%d)", rc);
		l->db_retry_wall = wall(l, now) + DB_RETRY_MS;
		return;
	}
	rc = build(l, &e, &op, &req);
	if (rc != 0) {
		finish_bad(l, &e, e.state == OUTBOX_LOOKUP ? OUTBOX_UNCONFIRMED : OUTBOX_REJECTED,
		           OUTBOX_LINK_UNSENDABLE,
		           rc == -EBADMSG ? "stored payload cannot be opened (key?)"
		                          : "the kiosk cannot build this request",
		           NULL, now, sink);
		return;
	}
	req.tag = (uint64_t)e.seq;
	req.background = true;
	e.attempts++;
	if (op == OP_POST) {
		/* Committed before the POST leaves: a crash from here on is a lost answer. */
		e.state = OUTBOX_SENDING;
		rc = outbox_update(l->ob, &e);
		if (rc != 0) {
			log_msg(LOG_ERROR, "outbox", "%s: cannot mark it sending (%d)", e.reference,
			        rc);
			net_request_release(&req);
			l->db_retry_wall = wall(l, now) + DB_RETRY_MS;
			return;
		}
	}
	rc = net_submit(l->net, &req, now, &id);
	net_request_release(&req);
	if (rc != 0) {
		/* It never left: plain pending again (a lookup or poll stays what it was). */
		e.state = op == OP_POST ? OUTBOX_PENDING : e.state;
		e.next_attempt_ms = later(l, e.attempts, 0, now);
		save(l, &e);
		return;
	}
	l->op = op;
	l->e = e;
}

/* Entries left SENDING by a previous run: their answers were lost. No visitor waits. */
static void recover(outbox_link_t *l, uint64_t now, const struct participant_sink *sink)
{
	struct outbox_entry list[32];
	int n;

	do {
		n = outbox_list(l->ob, OUTBOX_SENDING, list, 32);
		for (int i = 0; i < n; i++) {
			struct net_api_status st = {.error = NET_API_EUNCONFIRMED};
			lost(l, &list[i], &st, now, sink);
		}
	} while (n == 32);
	if (n < 0)
		log_msg(LOG_ERROR, "outbox", "cannot read the outbox (%d)", n);
}

static void results(outbox_link_t *l, uint64_t now, const struct participant_sink *sink)
{
	struct net_result res;

	while (net_take_result(l->net, &res) == 0) {
		if (l->op != OP_NONE && res.tag == (uint64_t)l->e.seq) {
			enum op op = l->op;
			l->op = OP_NONE;
			if (op == OP_POST)
				on_post(l, &l->e, &res, now, sink);
			else if (op == OP_LOOKUP)
				on_lookup(l, &l->e, &res, now, sink);
			else
				on_token(l, &l->e, &res, now);
			text_wipe(&l->e, sizeof(l->e));
		}
		net_result_release(&res);
	}
}

static void step(void *self, uint64_t now, const struct participant_sink *sink)
{
	outbox_link_t *l = self;

	if (l->ob == NULL)
		return;
	for (int i = 0; i < WAITERS_MAX; i++) {
		struct waiter *w = &l->waiters[i];
		if (w->id != 0 && w->tell_waiting_now) {
			struct outbox_entry e;
			memset(&e, 0, sizeof(e));
			w->tell_waiting_now = false;
			e.seq = w->seq;
			snprintf(e.reference, sizeof(e.reference), "%s", w->reference);
			tell(l, &e, APP_RESULT_UNREACHABLE, OUTBOX_LINK_WAITING, now, sink);
		}
	}
	if (l->recover) {
		l->recover = false;
		recover(l, now, sink);
		refresh(l);
	}
	if (l->net == NULL)
		return;
	net_perform(l->net, now);
	results(l, now, sink);
	if (l->op == OP_NONE && (l->db_retry_wall == 0 || wall(l, now) >= l->db_retry_wall)) {
		l->db_retry_wall = 0;
		start(l, now, sink);
	}
	refresh(l);
}

static uint64_t next_deadline(void *self, uint64_t now)
{
	outbox_link_t *l = self;
	int64_t w, due;

	if (l->ob == NULL)
		return UINT64_MAX;
	if (l->recover)
		return now;
	for (int i = 0; i < WAITERS_MAX; i++)
		if (l->waiters[i].id != 0 && l->waiters[i].tell_waiting_now)
			return now;
	if (l->net == NULL)
		return UINT64_MAX;
	if (l->op != OP_NONE)
		return net_next_deadline_ms(l->net, now);
	due = l->db_retry_wall > l->next_wall ? l->db_retry_wall : l->next_wall;
	if (due == INT64_MAX)
		return UINT64_MAX;
	w = wall(l, now);
	return due <= w ? now : now + (uint64_t)(due - w);
}

struct participant outbox_link_participant(outbox_link_t *l)
{
	return (struct participant){
	    .name = "outbox", .self = l, .next_deadline = next_deadline, .step = step};
}

/* ---- the flow's API ---- */

static int stored(outbox_link_t *l, int rc, const struct outbox_entry *e, uint32_t request_id,
                  enum app_request_kind kind, struct outbox_receipt *out)
{
	if (rc != 0) {
		log_msg(LOG_ERROR, "outbox", "cannot store a %s (%d)",
		        kind == APP_REQ_SUBMIT ? "submission" : "feedback", rc);
		return rc;
	}
	log_msg(LOG_INFO, "outbox", "%s stored", e->reference);
	add_waiter(l, e, request_id, kind);
	refresh(l);
	if (out != NULL) {
		snprintf(out->reference, sizeof(out->reference), "%s", e->reference);
		snprintf(out->request_id, sizeof(out->request_id), "%s", e->request_id);
	}
	return 0;
}

int outbox_link_submit(outbox_link_t *l, const struct open311_submission *sub, uint32_t request_id,
                       uint64_t now, struct outbox_receipt *out)
{
	struct outbox_entry e;

	if (l == NULL || sub == NULL)
		return -EINVAL;
	if (l->ob == NULL)
		return l->open_error;
	return stored(l, outbox_add_submission(l->ob, sub, wall(l, now), &e), &e, request_id,
	              APP_REQ_SUBMIT, out);
}

int outbox_link_feedback(outbox_link_t *l, const struct kiosk_api_feedback *fb, uint32_t request_id,
                         uint64_t now, struct outbox_receipt *out)
{
	struct outbox_entry e;

	if (l == NULL || fb == NULL)
		return -EINVAL;
	if (l->ob == NULL)
		return l->open_error;
	return stored(l, outbox_add_feedback(l->ob, fb, wall(l, now), &e), &e, request_id,
	              APP_REQ_FEEDBACK, out);
}

int outbox_link_find(outbox_link_t *l, const char *reference, struct outbox_entry *out)
{
	if (l == NULL)
		return -EINVAL;
	if (l->ob == NULL)
		return l->open_error;
	return outbox_find(l->ob, reference, out);
}

void outbox_link_health(const outbox_link_t *l, uint64_t now, struct outbox_link_health *out)
{
	int64_t age;

	memset(out, 0, sizeof(*out));
	if (l == NULL)
		return;
	out->ok = l->ob != NULL;
	out->pending = l->stats.entries;
	out->attention = l->stats.attention;
	age = l->stats.entries > 0 ? wall(l, now) - l->stats.oldest_ms : 0;
	out->oldest_s = age > 0 ? (uint64_t)age / 1000 : 0;
}

size_t outbox_link_wait(outbox_link_t *l, uint32_t max_ms)
{
	if (l == NULL || l->net == NULL)
		return 0;
	net_wait(l->net, max_ms);
	return net_pending(l->net);
}

/* ---- life ---- */

static int64_t real_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int outbox_link_new(const struct outbox_link_options *o, uint64_t now, outbox_link_t **out)
{
	struct outbox_options oo;
	struct net_config nc;
	outbox_link_t *l;
	int rc;

	if (o == NULL || out == NULL || o->data_dir == NULL)
		return -EINVAL;
	l = calloc(1, sizeof(*l));
	if (l == NULL)
		return -ENOMEM;
	l->open311 = o->open311;
	l->kiosk = o->kiosk;
	l->kiosk.idempotency_honoured = true;
	l->lost = o->lost;
	l->now0 = now;
	l->wall0 = o->wall_start_ms ? o->wall_start_ms : real_ms();
	l->next_wall = INT64_MAX;
	l->recover = true;
	oo = (struct outbox_options){.dir = o->data_dir,
	                             .kiosk_number = o->kiosk_number,
	                             .max_entries = o->max_entries,
	                             .max_pages = o->max_pages};
	rc = outbox_new(&oo, &l->ob);
	if (rc != 0)
		goto fail_free;
	if (o->net.base_url != NULL && o->net.base_url[0] != '\0') {
		nc = o->net;
		nc.max_attempts = 1;
		if (nc.backoff_base_ms == 0)
			nc.backoff_base_ms = BACKOFF_BASE_MS;
		if (nc.backoff_cap_ms == 0)
			nc.backoff_cap_ms = BACKOFF_CAP_MS;
		rc = net_new(&nc, &l->net);
		if (rc != 0)
			goto fail_free;
	}
	refresh(l);
	*out = l;
	return 0;
fail_free:
	outbox_link_free(l);
	return rc;
}

void outbox_link_free(outbox_link_t *l)
{
	if (l == NULL)
		return;
	net_free(l->net);
	outbox_free(l->ob);
	text_wipe(l, sizeof(*l));
	free(l);
}

/* The trailing digits of kiosk_id ("kiosk-07" → 7), 0 when none. */
static unsigned kiosk_number(const char *id)
{
	size_t n = strlen(id), i = n;
	unsigned v = 0;

	while (i > 0 && id[i - 1] >= '0' && id[i - 1] <= '9')
		i--;
	for (; i < n; i++) {
		v = v * 10 + (unsigned)(id[i] - '0');
		if (v > OUTBOX_KIOSK_NUMBER_MAX)
			return 0;
	}
	return v;
}

int outbox_link_new_from_config(const struct config *cfg, const char *version, uint64_t now,
                                outbox_link_t **out)
{
	struct outbox_link_options o;
	char base[CONFIG_STR_MAX + 2], agent[64];
	outbox_link_t *l;
	int rc;

	memset(&o, 0, sizeof(o));
	o.data_dir = cfg->data_dir;
	o.kiosk_number = kiosk_number(cfg->kiosk_id);
	o.lost = strcmp(cfg->open311_lost_answer, "lookup") == 0 ? OUTBOX_LINK_LOST_LOOKUP
	         : strcmp(cfg->open311_lost_answer, "unconfirmed") == 0
	             ? OUTBOX_LINK_LOST_UNCONFIRMED
	             : OUTBOX_LINK_LOST_RETRY;
	snprintf(agent, sizeof(agent), "accueil/%s", version);
	if (config_net(cfg, agent, base, sizeof(base), &o.net) < 0)
		o.net = (struct net_config){0}; /* no central: entries wait */
	config_open311(cfg, &o.open311);
	if (snprintf(o.open311.address, sizeof(o.open311.address), "%s", cfg->site) >=
	    (int)sizeof(o.open311.address)) {
		/* Never half a character: no address rather than a broken one. */
		o.open311.address[0] = '\0';
		log_msg(LOG_WARN, "outbox", "site is too long for the Open311 address: not sent");
	}
	o.open311.idempotency_honoured = o.lost == OUTBOX_LINK_LOST_RETRY;
	snprintf(o.kiosk.path, sizeof(o.kiosk.path), "%s", "kiosk/v1/");
	snprintf(o.kiosk.kiosk_id, sizeof(o.kiosk.kiosk_id), "%s", cfg->kiosk_id);
	snprintf(o.kiosk.site, sizeof(o.kiosk.site), "%s", cfg->site_id);
	snprintf(o.kiosk.version, sizeof(o.kiosk.version), "%s", version);
	snprintf(o.kiosk.api_key, sizeof(o.kiosk.api_key), "%s", cfg->api_key);
	rc = outbox_link_new(&o, now, &l);
	if (rc == 0) {
		*out = l;
		return 0;
	}
	if (rc == -ENOMEM)
		return rc;
	log_msg(LOG_ERROR, "outbox",
	        "cannot open the outbox in %s (%d): submissions cannot be kept; check data_dir, "
	        "its free space and outbox.key",
	        cfg->data_dir, rc);
	l = calloc(1, sizeof(*l));
	if (l == NULL)
		return -ENOMEM;
	l->open_error = rc;
	l->next_wall = INT64_MAX;
	*out = l;
	return 0;
}

int outbox_link_unresolved(outbox_link_t *l, struct outbox_entry *out, size_t cap)
{
	if (l == NULL || (out == NULL && cap > 0))
		return -EINVAL;
	if (l->ob == NULL)
		return l->open_error;
	int n = outbox_list(l->ob, OUTBOX_UNCONFIRMED, out, cap);
	if (n < 0)
		return n;
	int m = outbox_list(l->ob, OUTBOX_REJECTED, out + n, cap - (size_t)n);
	if (m < 0)
		return m;
	/* Two lists, each oldest first: one, oldest first (insertion sort, cap is small). */
	for (int i = 1; i < n + m; i++) {
		struct outbox_entry e = out[i];
		int j = i - 1;
		while (j >= 0 && out[j].created_ms > e.created_ms) {
			out[j + 1] = out[j];
			j--;
		}
		out[j + 1] = e;
	}
	return n + m;
}

int outbox_link_category(outbox_link_t *l, const struct outbox_entry *e, char *buf, size_t cap)
{
	struct outbox_payload p;

	if (l == NULL || e == NULL || buf == NULL || cap == 0)
		return -EINVAL;
	buf[0] = '\0';
	if (l->ob == NULL)
		return l->open_error;
	if (e->kind == OUTBOX_FEEDBACK) {
		snprintf(buf, cap, "feedback");
		return 0;
	}
	memset(&p, 0, sizeof(p));
	int rc = outbox_payload(l->ob, e, &p);
	if (rc == 0 && p.sub.service_code)
		snprintf(buf, cap, "%s", p.sub.service_code);
	outbox_payload_free(&p); /* wipes the visitor's data it held */
	return rc;
}

void outbox_link_error_words(const struct outbox_entry *e, char *buf, size_t cap)
{
	/* set_error writes "why: message" or "why (HTTP n)"; no `why` holds a colon. */
	size_t own = strcspn(e->error_text, ":");
	snprintf(buf, cap, "%.*s", (int)own, e->error_text);
}

int outbox_link_retry_now(outbox_link_t *l, uint64_t now)
{
	static const enum outbox_state states[] = {OUTBOX_PENDING, OUTBOX_LOOKUP, OUTBOX_TOKEN,
	                                           OUTBOX_UNCONFIRMED};
	struct outbox_entry list[32];
	struct outbox_stats st;
	int count = 0;

	if (l == NULL)
		return -EINVAL;
	if (l->ob == NULL)
		return l->open_error;
	if (l->net == NULL)
		return -ENOTCONN;
	int rc = outbox_stats(l->ob, &st);
	if (rc < 0)
		return rc;
	for (size_t s = 0; s < sizeof(states) / sizeof(states[0]); s++) {
		bool unconfirmed = states[s] == OUTBOX_UNCONFIRMED;
		/* Each pass moves what is not due now (or no longer unconfirmed): it ends. */
		for (;;) {
			int n = outbox_list(l->ob, states[s], list, 32), moved = 0;
			if (n < 0)
				return n;
			for (int i = 0; i < n; i++) {
				if (!unconfirmed && list[i].next_attempt_ms <= wall(l, now))
					continue;
				if (unconfirmed)
					list[i].state = OUTBOX_LOOKUP;
				list[i].next_attempt_ms = wall(l, now);
				if ((rc = outbox_update(l->ob, &list[i])) < 0)
					return rc;
				moved++;
			}
			if (unconfirmed)
				count += moved;
			if (n < 32 || moved == 0)
				break;
		}
	}
	count += (int)st.waiting;
	log_msg(LOG_INFO, "outbox", "a technician asked to retry now: %d entr%s", count,
	        count == 1 ? "y" : "ies");
	l->db_retry_wall = 0;
	refresh(l);
	return count;
}
