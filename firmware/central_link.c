#include "firmware/central_link.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/core/log.h"
#include "firmware/core/text.h"
#include "firmware/services/kiosk_api.h"
#include "firmware/services/net.h"
#include "firmware/services/net_random.h"
#include "firmware/services/open311.h"
#include "firmware/services/queue_api.h"

/* What a finished request was for (net_request.tag; the low byte). */
enum tag {
	TAG_HEARTBEAT = 1,
	TAG_NOTICES,
	TAG_HOURS, /* the queue's services, polled with the notices for the home's hours */
	TAG_SERVICES,
	TAG_DEFINITION,
	TAG_STATUS,
	TAG_QUEUE,
	TAG_TICKET,
	TAG_TICKET_STATE
};

/* A visitor's task asked of the central (status, queue, ticket): one of each at a time. */
enum task { TASK_STATUS, TASK_QUEUE, TASK_TICKET, TASK_TICKET_STATE, TASK_COUNT };

#define TASK_TIMEOUT_MS 8000

#define HEARTBEAT_MS 60000
/* The request categories change rarely: fetched at start, then every 10 minutes (a minute
 * after a failure). */
#define CATALOGUE_MS       600000
#define CATALOGUE_RETRY_MS 60000

struct central_link {
	net_t *net; /* NULL when no central is configured or it could not be set up */
	const struct central_link_health *health;
	struct kiosk_api_config api;
	struct kiosk_api_schedule sched;
	unsigned hb_assist;     /* staff calls carried by the heartbeat on its way */
	uint32_t staff_request; /* the staff call a visitor waits for, 0 none */
	bool staff_answer_now;  /* no central: answer it at the next step */
	uint64_t started_ms;
	struct open311_config open311;
	uint64_t next_catalogue;    /* when to fetch the categories again */
	unsigned catalogue_pending; /* answers still expected (one per language) */
	bool catalogue_failed;
	struct open311_services *services[LANG_COUNT]; /* as answered in each language asked */
	enum lang answered_in[LANG_COUNT];             /* the language each answer was in (S3) */
	uint32_t definition_request; /* a category's definition asked for by a visitor, 0 none */
	bool definition_answer_now;  /* it could not be sent: say so at the next step */
	const struct app *app;       /* the model the tasks' requests read (central_link_set_app) */
	struct queue_api_config queue;
	uint32_t task_id[TASK_COUNT];    /* the request awaited for each task, 0 none */
	int task_fail[TASK_COUNT];       /* failed before sending: answered at the next step */
	char status_id[OPEN311_ID_MAX];  /* the reference looked up */
	struct central_link_state state; /* the last heartbeat's outcome */
	/* The deployment's status wordings (configuration), tried before the built-in ones. */
	struct config_status_rule rule_text[CONFIG_STATUS_RULES_MAX];
	struct open311_progress_rule rules[CONFIG_STATUS_RULES_MAX];
	size_t rule_count;
};

static void answer_staff(central_link_t *c, bool ok, uint64_t now,
                         const struct participant_sink *sink)
{
	struct app_event ev = {.type = APP_EV_RESULT,
	                       .item = -1,
	                       .result = {.kind = APP_REQ_STAFF_CALL,
	                                  .id = c->staff_request,
	                                  .error = ok ? APP_RESULT_OK : APP_RESULT_UNREACHABLE}};
	c->staff_request = 0;
	log_msg(ok ? LOG_INFO : LOG_WARN, "staff", "assistance call %s",
	        ok ? "delivered to the central" : "could not reach the central");
	sink->deliver(sink->ctx, &ev, now);
}

static int64_t utc_of(const struct net_api_time *t)
{
	return t->valid ? t->utc : 0;
}

static void take_notices(const struct kiosk_api_notices *in, uint64_t now,
                         const struct participant_sink *sink)
{
	struct app_notice n[APP_NOTICES_MAX];
	int count = 0;

	memset(n, 0, sizeof(n));
	for (size_t i = 0; i < in->count && count < APP_NOTICES_MAX; i++, count++) {
		const struct kiosk_api_notice *src = &in->items[i];
		struct app_notice *d = &n[count];
		snprintf(d->id, sizeof(d->id), "%s", src->id);
		d->closure = src->severity == KIOSK_API_CLOSURE;
		d->until = utc_of(&src->until);
		snprintf(d->reason[LANG_FR], APP_NOTICE_TEXT_MAX, "%s", src->reason_fr);
		snprintf(d->reason[LANG_EN], APP_NOTICE_TEXT_MAX, "%s", src->reason_en);
		snprintf(d->alternatives[LANG_FR], APP_NOTICE_TEXT_MAX, "%s", src->alternatives_fr);
		snprintf(d->alternatives[LANG_EN], APP_NOTICE_TEXT_MAX, "%s", src->alternatives_en);
	}
	struct app_event ev = {
	    .type = APP_EV_NOTICES, .item = -1, .notices = n, .notice_count = count};
	sink->deliver(sink->ctx, &ev, now);
}

/* The language a reply is in: its Content-Language when it says, else the one asked. */
static enum lang reply_lang(const struct net_result *res, enum lang asked)
{
	if (strncmp(res->content_language, "fr", 2) == 0)
		return LANG_FR;
	if (strncmp(res->content_language, "en", 2) == 0)
		return LANG_EN;
	return asked;
}

/* Both languages' answers into one bilingual catalogue. A name the central gave in one
 * language only stays in that language (and is spoken in its voice, S3) unless the built-in
 * catalogue has the same category in the other: then that translation is used. */
static void take_catalogue(central_link_t *c, uint64_t now, const struct participant_sink *sink)
{
	struct catalogue *cat = calloc(1, sizeof(*cat)), *builtin = malloc(sizeof(*builtin));
	if (!cat || !builtin) {
		free(cat);
		free(builtin);
		return;
	}
	catalogue_builtin(builtin);
	for (int l = 0; l < LANG_COUNT; l++) {
		const struct open311_services *sv = c->services[l];
		enum lang in = c->answered_in[l];
		for (size_t i = 0; sv && i < sv->count; i++) {
			const struct open311_service *s = &sv->items[i];
			struct catalogue_item *it =
			    (struct catalogue_item *)catalogue_find(cat, s->code);
			if (!it) {
				if (cat->count >= CATALOGUE_MAX)
					continue;
				it = &cat->items[cat->count++];
				memset(it, 0, sizeof(*it));
				text_copy(it->code, sizeof(it->code), s->code);
				it->metadata = s->metadata;
				if (s->required & (OPEN311_FIELD_FIRST_NAME | OPEN311_FIELD_EMAIL |
				                   OPEN311_FIELD_PHONE))
					it->needs |= CATALOGUE_NEEDS_CONTACT;
				enum standards_kind k;
				it->standard = standards_kind_from_key(s->standard,
				                                       strlen(s->standard), &k) == 0
				                   ? k
				                   : STANDARDS_GENERAL_INQUIRY;
			}
			if (!it->name[in][0]) {
				text_copy(it->name[in], sizeof(it->name[in]), s->name);
				text_copy(it->desc[in], sizeof(it->desc[in]), s->description);
			}
		}
	}
	for (int i = 0; i < cat->count; i++) {
		const struct catalogue_item *b = catalogue_find(builtin, cat->items[i].code);
		for (int l = 0; b && l < LANG_COUNT; l++)
			if (!cat->items[i].name[l][0]) {
				memcpy(cat->items[i].name[l], b->name[l], sizeof(b->name[l]));
				memcpy(cat->items[i].desc[l], b->desc[l], sizeof(b->desc[l]));
			}
	}
	if (cat->count > 0) {
		struct app_event ev = {.type = APP_EV_CATALOGUE, .item = -1, .catalogue = cat};
		sink->deliver(sink->ctx, &ev, now);
		log_msg(LOG_INFO, "central", "%d request categories", cat->count);
	}
	free(cat);
	free(builtin);
}

static void catalogue_answer(central_link_t *c, struct net_result *res, uint64_t now,
                             const struct participant_sink *sink)
{
	struct net_api_status st;
	enum lang asked = (enum lang)(res->tag >> 8);
	struct open311_services *sv = NULL;
	if (asked < 0 || asked >= LANG_COUNT)
		return;
	if (open311_parse_services(res, &sv, &st) == 0) {
		open311_services_free(c->services[asked]);
		c->services[asked] = sv;
		c->answered_in[asked] = reply_lang(res, asked);
	} else {
		c->catalogue_failed = true;
		log_msg(LOG_WARN, "central", "categories: %s (the built-in ones stay)",
		        net_api_error_name(st.error));
	}
	if (c->catalogue_pending > 0 && --c->catalogue_pending == 0) {
		if (!c->catalogue_failed)
			take_catalogue(c, now, sink);
		c->next_catalogue = now + (c->catalogue_failed ? CATALOGUE_RETRY_MS : CATALOGUE_MS);
	}
}

static void send_catalogue(central_link_t *c, uint64_t now)
{
	c->catalogue_failed = false;
	c->catalogue_pending = 0;
	c->next_catalogue = UINT64_MAX; /* set again when both answers are in */
	for (int l = 0; l < LANG_COUNT; l++) {
		struct net_request req;
		uint64_t id;
		int rc = open311_build_services(&c->open311, (enum lang)l, &req);
		if (rc == 0) {
			req.tag = TAG_SERVICES | ((uint64_t)l << 8);
			req.background = true;
			rc = net_submit(c->net, &req, now, &id);
		}
		net_request_release(&req);
		if (rc == 0)
			c->catalogue_pending++;
	}
	if (c->catalogue_pending == 0)
		c->next_catalogue = now + CATALOGUE_RETRY_MS;
}

static void answer_definition(central_link_t *c, const struct net_result *res, uint64_t now,
                              const struct participant_sink *sink);
static enum app_result_error result_error(int api_error)
{
	switch (api_error) {
	case NET_API_OK:
		return APP_RESULT_OK;
	case NET_API_ENOTFOUND:
		return APP_RESULT_NOT_FOUND;
	case NET_API_EOFFLINE:
		return APP_RESULT_UNREACHABLE;
	case NET_API_ETIMEOUT:
		return APP_RESULT_TIMED_OUT;
	case NET_API_ECLOSED:
		return APP_RESULT_CLOSED;
	case NET_API_EREJECTED:
		return APP_RESULT_REJECTED;
	case NET_API_EUNCONFIRMED:
		return APP_RESULT_UNCONFIRMED;
	default:
		return APP_RESULT_BAD_REPLY;
	}
}

static void answer_task(central_link_t *c, enum task t, enum app_request_kind kind, int error,
                        const void *payload, size_t len, uint64_t now,
                        const struct participant_sink *sink)
{
	struct app_event ev = {.type = APP_EV_RESULT,
	                       .item = -1,
	                       .result = {.kind = kind,
	                                  .id = c->task_id[t],
	                                  .error = error,
	                                  .payload = payload,
	                                  .payload_len = payload ? len : 0}};
	c->task_id[t] = 0;
	sink->deliver(sink->ctx, &ev, now);
}

static void status_done(central_link_t *c, const struct net_result *res, uint64_t now,
                        const struct participant_sink *sink)
{
	struct net_api_status st;
	struct open311_request *r = malloc(sizeof(*r));
	struct status_answer ans;
	int err = r ? open311_parse_status(res, c->status_id, r, &st) : NET_API_EBADREPLY;
	memset(&ans, 0, sizeof(ans));
	if (err == NET_API_OK) {
		text_copy(ans.id, sizeof(ans.id), r->service_request_id);
		ans.progress =
		    (enum status_progress)open311_progress_of(r, c->rules, c->rule_count);
		snprintf(ans.notes, sizeof(ans.notes), "%s", r->status_notes);
		snprintf(ans.agency, sizeof(ans.agency), "%s", r->agency_responsible);
		ans.requested = utc_of(&r->requested);
		ans.updated = utc_of(&r->updated);
		ans.expected = utc_of(&r->expected);
	}
	log_msg(err == NET_API_OK || err == NET_API_ENOTFOUND ? LOG_INFO : LOG_WARN, "status",
	        "look-up: %s (HTTP %ld)", err == NET_API_OK ? "found" : net_api_error_name(err),
	        res->status);
	free(r);
	answer_task(c, TASK_STATUS, APP_REQ_STATUS, result_error(err), &ans, sizeof(ans), now,
	            sink);
}

static enum ticket_queue_state queue_state(enum queue_api_state s)
{
	return s == QUEUE_API_OPEN      ? TICKET_OPEN
	       : s == QUEUE_API_CLOSING ? TICKET_CLOSING
	       : s == QUEUE_API_CLOSED  ? TICKET_CLOSED
	                                : TICKET_STATE_UNKNOWN;
}

static void queue_done(central_link_t *c, const struct net_result *res, uint64_t now,
                       const struct participant_sink *sink)
{
	struct net_api_status st;
	struct queue_api_services *in = malloc(sizeof(*in));
	struct ticket_services *out = calloc(1, sizeof(*out));
	int err = in && out ? queue_api_parse_services(res, in, &st) : NET_API_EBADREPLY;
	for (size_t i = 0; err == NET_API_OK && i < in->count && i < TICKET_SERVICES_MAX; i++) {
		const struct queue_api_service *q = &in->items[i];
		struct ticket_service *t = &out->items[out->count++];
		text_copy(t->id, sizeof(t->id), q->id);
		snprintf(t->name[LANG_FR], TICKET_NAME_MAX, "%s", q->name_fr);
		snprintf(t->name[LANG_EN], TICKET_NAME_MAX, "%s", q->name_en);
		t->state = queue_state(q->state);
		t->waiting = q->waiting;
		t->wait_min_s = q->wait_min_s;
		t->wait_max_s = q->wait_max_s;
		t->opens_at = utc_of(&q->opens_at);
		t->closes_at = utc_of(&q->closes_at);
		for (size_t b = 0; b < q->n_best && b < TICKET_BEST_MAX; b++)
			snprintf(t->best[t->n_best++], sizeof(t->best[0]), "%s", q->best_hours[b]);
	}
	if (err != NET_API_OK)
		log_msg(LOG_WARN, "queue", "services: %s", net_api_error_name(err));
	answer_task(c, TASK_QUEUE, APP_REQ_QUEUE, result_error(err), out, sizeof(*out), now, sink);
	free(in);
	free(out);
}

static void ticket_done(central_link_t *c, const struct net_result *res, uint64_t now,
                        const struct participant_sink *sink)
{
	struct net_api_status st;
	struct queue_api_ticket t;
	struct net_api_time next = {0};
	struct ticket_issued out;
	int err = queue_api_parse_ticket(res, &t, &next, &st);
	memset(&out, 0, sizeof(out));
	if (err == NET_API_OK) {
		text_copy(out.ticket, sizeof(out.ticket), t.ticket);
		text_copy(out.service, sizeof(out.service), t.service);
		out.ahead = t.ahead;
		out.wait_min_s = t.wait_min_s;
		out.wait_max_s = t.wait_max_s;
		out.issued_at = utc_of(&t.issued_at);
		snprintf(out.where[LANG_FR], TICKET_WHERE_MAX, "%s", t.where_fr);
		snprintf(out.where[LANG_EN], TICKET_WHERE_MAX, "%s", t.where_en);
		snprintf(out.follow_url, sizeof(out.follow_url), "%s", t.follow_url);
		log_msg(LOG_INFO, "queue", "ticket %s issued", t.ticket);
	} else {
		out.next_opening = utc_of(&next);
		log_msg(LOG_WARN, "queue", "no ticket: %s", net_api_error_name(err));
	}
	answer_task(c, TASK_TICKET, APP_REQ_TICKET, result_error(err), &out, sizeof(out), now,
	            sink);
}

static void ticket_state_done(central_link_t *c, const struct net_result *res, uint64_t now,
                              const struct participant_sink *sink)
{
	struct net_api_status st;
	struct queue_api_ticket_status t;
	struct ticket_state out;
	int err = queue_api_parse_ticket_status(res, &t, &st);
	memset(&out, 0, sizeof(out));
	if (err == NET_API_OK) {
		text_copy(out.ticket, sizeof(out.ticket), t.ticket);
		out.state = (enum ticket_called_state)t.state;
		text_copy(out.counter, sizeof(out.counter), t.counter);
		out.ahead = t.ahead;
		out.wait_min_s = t.wait_min_s;
		out.wait_max_s = t.wait_max_s;
	}
	answer_task(c, TASK_TICKET_STATE, APP_REQ_TICKET_STATE, result_error(err), &out,
	            sizeof(out), now, sink);
}

/* The office's hours for the home screen, from the queue's services: open now when any
 * service takes visitors, and the earliest window with the latest closing of that day. */
static void hours_done(const struct net_result *res, uint64_t now,
                       const struct participant_sink *sink)
{
	struct net_api_status st;
	struct queue_api_services *in = malloc(sizeof(*in));
	if (!in || queue_api_parse_services(res, in, &st) != NET_API_OK) {
		log_msg(LOG_WARN, "queue", "hours: %s",
		        in ? net_api_error_name(st.error) : "out of memory");
		free(in);
		return;
	}
	/* A central without a queue says nothing of its hours: nothing is claimed. */
	struct app_hours h = {.known = in->count > 0};
	for (size_t i = 0; i < in->count; i++) {
		const struct queue_api_service *q = &in->items[i];
		int64_t open = utc_of(&q->opens_at);
		if (q->state == QUEUE_API_OPEN || q->state == QUEUE_API_CLOSING)
			h.open_now = true;
		if (open > 0 && (h.opens_at == 0 || open < h.opens_at))
			h.opens_at = open;
	}
	for (size_t i = 0; h.opens_at && i < in->count; i++) {
		int64_t open = utc_of(&in->items[i].opens_at);
		int64_t close = utc_of(&in->items[i].closes_at);
		if (open > 0 && close > h.closes_at && open - h.opens_at < 24 * 3600)
			h.closes_at = close;
	}
	free(in);
	struct app_event ev = {.type = APP_EV_HOURS, .item = -1, .hours = &h};
	sink->deliver(sink->ctx, &ev, now);
}

static void results(central_link_t *c, uint64_t now, const struct participant_sink *sink)
{
	struct net_result res;
	struct net_api_status st;

	while (net_take_result(c->net, &res) == 0) {
		if (res.tag == TAG_HEARTBEAT) {
			bool ok = kiosk_api_parse_heartbeat(&res, &st) == 0;
			unsigned carried = c->hb_assist;
			kiosk_api_schedule_done(&c->sched, KIOSK_API_JOB_HEARTBEAT, ok, now);
			c->hb_assist = 0;
			c->state.last = ok ? 1 : -1;
			c->state.at = now;
			snprintf(c->state.error, sizeof(c->state.error), "%s",
			         ok ? "" : net_api_error_name(st.error));
			if (!ok)
				log_msg(LOG_WARN, "central", "heartbeat failed: %s",
				        net_api_error_name(st.error));
			/* A heartbeat that left before the call does not answer it: the next one
			 * will. */
			if (c->staff_request && (carried > 0 || !ok))
				answer_staff(c, ok, now, sink);
		} else if ((res.tag & 0xff) == TAG_DEFINITION) {
			answer_definition(c, &res, now, sink);
		} else if ((res.tag & 0xff) == TAG_SERVICES) {
			catalogue_answer(c, &res, now, sink);
		} else if (res.tag == TAG_NOTICES) {
			struct kiosk_api_notices *notices = malloc(sizeof(*notices));
			bool ok = notices && kiosk_api_parse_notices(&res, notices, &st) == 0;
			kiosk_api_schedule_done(&c->sched, KIOSK_API_JOB_NOTICES, ok, now);
			if (ok)
				take_notices(notices, now, sink);
			else
				log_msg(LOG_WARN, "central", "notices: %s",
				        notices ? net_api_error_name(st.error) : "out of memory");
			free(notices);
		} else if (res.tag == TAG_HOURS) {
			hours_done(&res, now, sink);
		} else if (res.tag == TAG_STATUS && c->task_id[TASK_STATUS]) {
			status_done(c, &res, now, sink);
		} else if (res.tag == TAG_QUEUE && c->task_id[TASK_QUEUE]) {
			queue_done(c, &res, now, sink);
		} else if (res.tag == TAG_TICKET && c->task_id[TASK_TICKET]) {
			ticket_done(c, &res, now, sink);
		} else if (res.tag == TAG_TICKET_STATE && c->task_id[TASK_TICKET_STATE]) {
			ticket_state_done(c, &res, now, sink);
		}
		net_result_release(&res);
	}
}

static void send_heartbeat(central_link_t *c, uint64_t now)
{
	struct net_request req;
	uint64_t id;
	char outbox[64];
	snprintf(outbox, sizeof(outbox), "%u unconfirmed or rejected", c->health->outbox_attention);
	struct kiosk_api_check checks[] = {
	    {.name = "speech", .ok = c->health->speech_ok},
	    {.name = "display", .ok = c->health->display_ok},
	    {.name = "outbox",
	     .ok = c->health->outbox_attention == 0,
	     .detail = c->health->outbox_attention ? outbox : NULL},
	};
	unsigned assist = kiosk_api_schedule_start(&c->sched, KIOSK_API_JOB_HEARTBEAT);
	struct kiosk_api_heartbeat hb = {
	    .uptime_s = (now - c->started_ms) / 1000,
	    .assistance_calls = assist,
	    .outbox_pending = c->health->outbox_pending,
	    .outbox_oldest_s = c->health->outbox_oldest_s,
	    .n_checks = sizeof(checks) / sizeof(checks[0]),
	    .checks = checks,
	};
	int rc = kiosk_api_build_heartbeat(&c->api, &hb, &req);
	if (rc == 0) {
		req.tag = TAG_HEARTBEAT;
		req.background = c->staff_request == 0;
		rc = net_submit(c->net, &req, now, &id);
	}
	net_request_release(&req);
	c->hb_assist = rc == 0 ? assist : 0;
	if (rc < 0)
		kiosk_api_schedule_done(&c->sched, KIOSK_API_JOB_HEARTBEAT, false, now);
}

static void send_notices(central_link_t *c, uint64_t now)
{
	struct net_request req;
	uint64_t id;

	kiosk_api_schedule_start(&c->sched, KIOSK_API_JOB_NOTICES);
	int rc = kiosk_api_build_notices(&c->api, &req);
	if (rc == 0) {
		req.tag = TAG_NOTICES;
		req.background = true;
		rc = net_submit(c->net, &req, now, &id);
	}
	net_request_release(&req);
	if (rc < 0)
		kiosk_api_schedule_done(&c->sched, KIOSK_API_JOB_NOTICES, false, now);
	/* The home's opening hours ride along; a failure keeps the last ones known. */
	memset(&req, 0, sizeof(req));
	if (queue_api_build_services(&c->queue, LANG_FR, &req) == 0) {
		req.tag = TAG_HOURS;
		req.background = true;
		net_submit(c->net, &req, now, &id);
	}
	net_request_release(&req);
}

static void step(void *self, uint64_t now, const struct participant_sink *sink)
{
	central_link_t *c = self;

	if (c->staff_answer_now) {
		c->staff_answer_now = false;
		answer_staff(c, false, now, sink);
	}
	if (c->definition_answer_now) {
		c->definition_answer_now = false;
		answer_definition(c, NULL, now, sink);
	}
	static const enum app_request_kind kinds[TASK_COUNT] = {
	    APP_REQ_STATUS, APP_REQ_QUEUE, APP_REQ_TICKET, APP_REQ_TICKET_STATE};
	for (int t = 0; t < TASK_COUNT; t++)
		if (c->task_fail[t] && c->task_id[t]) {
			int error = c->task_fail[t];
			c->task_fail[t] = 0;
			answer_task(c, (enum task)t, kinds[t], error, NULL, 0, now, sink);
		}
	if (!c->net)
		return;
	net_perform(c->net, now);
	results(c, now, sink);
	/* A waiting visitor's call goes at once, not at the next heartbeat. */
	if (c->staff_request)
		kiosk_api_schedule_hurry(&c->sched, KIOSK_API_JOB_HEARTBEAT, now);
	unsigned due = kiosk_api_schedule_due(&c->sched, now);
	if (due & KIOSK_API_JOB_HEARTBEAT)
		send_heartbeat(c, now);
	if (due & KIOSK_API_JOB_NOTICES)
		send_notices(c, now);
	if (now >= c->next_catalogue)
		send_catalogue(c, now);
}

static uint64_t next_deadline(void *self, uint64_t now)
{
	central_link_t *c = self;
	if (c->staff_answer_now || c->definition_answer_now)
		return now;
	for (int t = 0; t < TASK_COUNT; t++)
		if (c->task_fail[t] && c->task_id[t])
			return now;
	if (!c->net)
		return UINT64_MAX;
	uint64_t n = net_next_deadline_ms(c->net, now);
	uint64_t j = kiosk_api_schedule_next_ms(&c->sched);
	n = n < j ? n : j;
	return n < c->next_catalogue ? n : c->next_catalogue;
}

/* A category's extra fields (Open311 service definition) for the visitor's flow. */
static void ask_definition(central_link_t *c, const struct app_fx *f, uint64_t now)
{
	struct net_request req;
	uint64_t id;
	c->definition_request = f->id;
	int rc = c->net && f->key ? open311_build_definition(&c->open311, f->key, f->lang, &req)
	                          : -ENOTCONN;
	if (rc == 0) {
		req.tag = TAG_DEFINITION | ((uint64_t)f->lang << 8);
		rc = net_submit(c->net, &req, now, &id);
		net_request_release(&req);
	}
	if (rc < 0)
		c->definition_answer_now = true;
}

static enum complaint_datatype datatype(enum open311_datatype t)
{
	switch (t) {
	case OPEN311_DT_NUMBER:
		return COMPLAINT_DT_NUMBER;
	case OPEN311_DT_DATETIME:
		return COMPLAINT_DT_DATETIME;
	case OPEN311_DT_TEXT:
		return COMPLAINT_DT_TEXT;
	case OPEN311_DT_SINGLEVALUELIST:
		return COMPLAINT_DT_SINGLE;
	case OPEN311_DT_MULTIVALUELIST:
		return COMPLAINT_DT_MULTI;
	case OPEN311_DT_STRING:
	case OPEN311_DT_UNKNOWN:
		break;
	}
	return COMPLAINT_DT_STRING;
}

static void answer_definition(central_link_t *c, const struct net_result *res, uint64_t now,
                              const struct participant_sink *sink)
{
	struct open311_definition *def = NULL;
	struct net_api_status st;
	struct complaint_attrs *out = calloc(1, sizeof(*out));
	int error = APP_RESULT_UNREACHABLE;
	if (res && out && open311_parse_definition(res, &def, &st) == 0) {
		enum lang in = reply_lang(res, (enum lang)(res->tag >> 8));
		for (size_t i = 0; i < def->count && out->count < COMPLAINT_ATTRS_MAX; i++) {
			const struct open311_attribute *src = &def->attrs[i];
			if (!src->variable)
				continue; /* informational text: nothing to answer */
			/* The kiosk answers these itself with every submission (PROTOCOL.md §1). */
			if (!strcmp(src->code, "LANGUAGE") ||
			    !strcmp(src->code, "CLIENT_REQUEST_ID"))
				continue;
			struct complaint_attr *at = &out->a[out->count++];
			text_copy(at->code, sizeof(at->code), src->code);
			text_copy(at->desc, sizeof(at->desc), src->description);
			at->desc_lang = in;
			at->type = datatype(src->datatype);
			at->required = src->required;
			for (size_t j = 0;
			     j < src->n_values && at->n_values < COMPLAINT_ATTR_VALUES_MAX;
			     j++, at->n_values++) {
				text_copy(at->values[j].key, sizeof(at->values[j].key),
				          src->values[j].key);
				text_copy(at->values[j].name, sizeof(at->values[j].name),
				          src->values[j].name);
			}
		}
		error = APP_RESULT_OK;
		log_msg(LOG_INFO, "central", "category definition: %d fields", out->count);
	} else if (res && out) {
		log_msg(LOG_WARN, "central", "category definition: %s (built-in fields used)",
		        net_api_error_name(st.error));
		/* 404/501: the server has no definitions; that is no error for the visitor. */
		error = st.error == NET_API_EUNSUPPORTED ? APP_RESULT_OK : APP_RESULT_UNREACHABLE;
		if (error == APP_RESULT_OK)
			out->count = 0;
	}
	open311_definition_free(def);
	struct app_event ev = {.type = APP_EV_RESULT,
	                       .item = -1,
	                       .result = {.kind = APP_REQ_DEFINITION,
	                                  .id = c->definition_request,
	                                  .error = out ? error : APP_RESULT_UNREACHABLE,
	                                  .payload = error == APP_RESULT_OK ? out : NULL,
	                                  .payload_len = sizeof(*out)}};
	c->definition_request = 0;
	sink->deliver(sink->ctx, &ev, now);
	free(out);
}

/* Builds and sends one task's request from the model; a failure is answered at the next step. */
static void send_task(central_link_t *c, enum task t, const struct app_fx *f, uint64_t now)
{
	struct net_request req;
	uint64_t id;
	int rc = -ENOTCONN;
	enum lang l = c->app ? c->app->visit.settings.lang : LANG_FR;
	static const uint64_t tags[TASK_COUNT] = {TAG_STATUS, TAG_QUEUE, TAG_TICKET,
	                                          TAG_TICKET_STATE};

	memset(&req, 0, sizeof(req));
	c->task_id[t] = f->id;
	c->task_fail[t] = 0;
	if (!c->net || !c->app) {
		c->task_fail[t] = APP_RESULT_UNREACHABLE;
		return;
	}
	const struct app_visit *v = &c->app->visit;
	switch (t) {
	case TASK_STATUS:
		text_copy(c->status_id, sizeof(c->status_id), v->status.lookup);
		rc = open311_build_status(&c->open311, c->status_id, l, &req);
		break;
	case TASK_QUEUE:
		rc = queue_api_build_services(&c->queue, l, &req);
		break;
	case TASK_TICKET: {
		/* One key per ticket asked for: the net layer's retries of it reuse the request, so
		 * a lost answer never gives a second ticket. */
		char key[40];
		rc = net_random_uuid_v4(key, sizeof(key));
		if (rc == 0)
			rc = queue_api_build_take_ticket(&c->queue, v->ticket.chosen,
			                                 v->ticket.priority, l, key, &req);
		break;
	}
	case TASK_TICKET_STATE:
		rc = queue_api_build_ticket_status(&c->queue, v->ticket.typed, &req);
		break;
	default:
		break;
	}
	if (rc == 0) {
		req.tag = tags[t];
		req.timeout_ms = TASK_TIMEOUT_MS;
		rc = net_submit(c->net, &req, now, &id);
	}
	net_request_release(&req);
	if (rc < 0) {
		log_msg(LOG_WARN, "central", "task request not sent (%d)", rc);
		c->task_fail[t] = APP_RESULT_BAD_REPLY;
	}
}

static bool effect(void *self, const struct app_fx *f, uint64_t now)
{
	central_link_t *c = self;
	if (f->type == APP_FX_REQUEST && f->arg == APP_REQ_DEFINITION) {
		ask_definition(c, f, now);
		return true;
	}
	if (f->type != APP_FX_REQUEST)
		return false;
	switch (f->arg) {
	case APP_REQ_STATUS:
		send_task(c, TASK_STATUS, f, now);
		return true;
	case APP_REQ_QUEUE:
		send_task(c, TASK_QUEUE, f, now);
		return true;
	case APP_REQ_TICKET:
		send_task(c, TASK_TICKET, f, now);
		return true;
	case APP_REQ_TICKET_STATE:
		send_task(c, TASK_TICKET_STATE, f, now);
		return true;
	default:
		break;
	}
	if (f->arg != APP_REQ_STAFF_CALL)
		return false;
	log_msg(LOG_INFO, "staff", "assistance requested");
	c->staff_request = f->id;
	if (c->net)
		kiosk_api_schedule_assistance(&c->sched);
	else
		c->staff_answer_now = true;
	return true;
}

struct participant central_link_participant(central_link_t *c)
{
	return (struct participant){.name = "central",
	                            .self = c,
	                            .next_deadline = next_deadline,
	                            .step = step,
	                            .effect = effect};
}

void central_link_set_app(central_link_t *c, const struct app *a)
{
	c->app = a;
}

size_t central_link_wait(central_link_t *c, uint32_t max_ms)
{
	if (!c || !c->net)
		return 0;
	net_wait(c->net, max_ms);
	return net_pending(c->net);
}

static void open_net(central_link_t *c, const struct config *cfg, const char *version, uint64_t now)
{
	char base[CONFIG_STR_MAX + 2], agent[64];
	struct net_config nc;

	snprintf(agent, sizeof(agent), "accueil/%s", version);
	int rc = config_net(cfg, agent, base, sizeof(base), &nc);
	if (rc == -ENOENT)
		return;
	if (rc == 0)
		rc = net_new(&nc, &c->net);
	if (rc < 0) {
		log_msg(LOG_ERROR, "central",
		        "cannot set up the connection to %s (%d): check "
		        "central_url, ca_file and the client certificate",
		        cfg->central_url, rc);
		c->net = NULL;
		return;
	}
	snprintf(c->api.path, sizeof(c->api.path), "%s", "kiosk/v1/");
	snprintf(c->api.kiosk_id, sizeof(c->api.kiosk_id), "%s", cfg->kiosk_id);
	snprintf(c->api.site, sizeof(c->api.site), "%s", cfg->site_id);
	snprintf(c->api.version, sizeof(c->api.version), "%s", version);
	snprintf(c->api.api_key, sizeof(c->api.api_key), "%s", cfg->api_key);
	c->api.idempotency_honoured = true;
	config_open311(cfg, &c->open311);
	c->open311.idempotency_honoured = true;
	snprintf(c->queue.path, sizeof(c->queue.path), "%s", "queue/v1/");
	c->queue.idempotency_honoured = true;
	kiosk_api_schedule_init(&c->sched, now, HEARTBEAT_MS, (uint32_t)cfg->notices_s * 1000u);
	for (int i = 0; i < cfg->status_rule_count && i < CONFIG_STATUS_RULES_MAX; i++) {
		c->rule_text[i] = cfg->status_rules[i];
		c->rules[i] =
		    (struct open311_progress_rule){.status = c->rule_text[i].status,
		                                   .notes_contains = c->rule_text[i].notes,
		                                   .progress = c->rule_text[i].progress};
		c->rule_count++;
	}
	c->next_catalogue = now;
	log_msg(LOG_INFO, "central", "connecting to %s", cfg->central_url);
}

int central_link_new(const struct config *cfg, const struct central_link_health *health,
                     const char *version, uint64_t now, central_link_t **out)
{
	central_link_t *c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->health = health;
	c->started_ms = now;
	c->next_catalogue = UINT64_MAX;
	open_net(c, cfg, version, now);
	*out = c;
	return 0;
}

void central_link_free(central_link_t *c)
{
	if (!c)
		return;
	net_free(c->net);
	for (int l = 0; l < LANG_COUNT; l++)
		open311_services_free(c->services[l]);
	free(c);
}

void central_link_state(const central_link_t *c, struct central_link_state *out)
{
	memset(out, 0, sizeof(*out));
	if (c == NULL)
		return;
	*out = c->state;
	out->configured = c->net != NULL;
}
