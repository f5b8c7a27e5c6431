/* Kiosk API requests, tolerant replies and the polling schedule. */
#include "firmware/services/kiosk_api.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#define JSON_CTYPE "application/json; charset=utf-8"

static int init_req(struct net_request *req, const struct kiosk_api_config *cfg,
                    enum net_method method, const char *tail)
{
	char path[NET_PATH_MAX];
	int n, rc;

	if (cfg == NULL || req == NULL)
		return -EINVAL;
	/* Cleared first: callers release req on any error, and it must hold no stale pointer. */
	memset(req, 0, sizeof(*req));
	n = snprintf(path, sizeof(path), "%s%s", cfg->path, tail);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	rc = net_request_init(req, method, path);
	/* The central authenticates every kiosk API call by the kiosk's key. */
	if (rc == 0 && cfg->api_key[0] != '\0')
		rc = net_request_add_query(req, "api_key", cfg->api_key);
	return rc;
}

/* Gives req the JSON of o (consumed) as its body. */
static int take_json(struct net_request *req, cJSON *o)
{
	char *body;

	if (o == NULL)
		return -ENOMEM;
	body = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (body == NULL)
		return -ENOMEM;
	return net_request_take_body(req, JSON_CTYPE, body, strlen(body));
}

int kiosk_api_build_notices(const struct kiosk_api_config *cfg, struct net_request *req)
{
	int rc = init_req(req, cfg, NET_GET, "notices");

	if (rc == 0 && cfg->site[0] != '\0')
		rc = net_request_add_query(req, "site", cfg->site);
	if (rc != 0) {
		net_request_release(req);
		return rc;
	}
	req->background = true;
	return 0;
}

/* Adds a number member; false when out of memory. */
static bool add_num(cJSON *o, const char *key, double v)
{
	return cJSON_AddNumberToObject(o, key, v) != NULL;
}

int kiosk_api_build_heartbeat(const struct kiosk_api_config *cfg,
                              const struct kiosk_api_heartbeat *hb, struct net_request *req)
{
	cJSON *o, *ob, *ch;
	char val[160];
	size_t i;
	bool ok;
	int rc;

	if (cfg == NULL || hb == NULL || cfg->kiosk_id[0] == '\0' ||
	    hb->n_checks > KIOSK_API_CHECKS_MAX || (hb->n_checks > 0 && hb->checks == NULL))
		return -EINVAL;
	for (i = 0; i < hb->n_checks; i++)
		if (hb->checks[i].name == NULL || hb->checks[i].name[0] == '\0' ||
		    net_api_utf8_chars(hb->checks[i].name) < 0 ||
		    (hb->checks[i].detail != NULL && net_api_utf8_chars(hb->checks[i].detail) < 0))
			return -EINVAL;
	rc = init_req(req, cfg, NET_POST, "heartbeat");
	if (rc != 0)
		return rc;
	o = cJSON_CreateObject();
	ok = o != NULL && cJSON_AddStringToObject(o, "kiosk", cfg->kiosk_id) != NULL &&
	     cJSON_AddStringToObject(o, "version", cfg->version) != NULL &&
	     add_num(o, "uptime_s", (double)hb->uptime_s);
	ob = ok ? cJSON_AddObjectToObject(o, "outbox") : NULL;
	ok = ok && ob != NULL && add_num(ob, "pending", hb->outbox_pending) &&
	     add_num(ob, "oldest_s", (double)hb->outbox_oldest_s);
	ch = ok ? cJSON_AddObjectToObject(o, "checks") : NULL;
	ok = ok && ch != NULL;
	for (i = 0; ok && i < hb->n_checks; i++) {
		const struct kiosk_api_check *c = &hb->checks[i];
		if (c->ok)
			snprintf(val, sizeof(val), "ok");
		else if (c->detail != NULL && c->detail[0] != '\0')
			snprintf(val, sizeof(val), "fail: %s", c->detail);
		else
			snprintf(val, sizeof(val), "fail");
		ok = cJSON_AddStringToObject(ch, c->name, val) != NULL;
	}
	ok = ok && add_num(o, "assistance_calls", hb->assistance_calls);
	if (!ok) {
		cJSON_Delete(o);
		net_request_release(req);
		return -ENOMEM;
	}
	rc = take_json(req, o);
	if (rc != 0) {
		net_request_release(req);
		return rc;
	}
	req->background = true;
	req->retry_safe = true;
	return 0;
}

int kiosk_api_build_feedback(const struct kiosk_api_config *cfg,
                             const struct kiosk_api_feedback *fb, struct net_request *req)
{
	static const char *const tasks[] = {"complaint", "status", "ticket"};
	cJSON *o;
	long chars;
	bool ok;
	int rc;

	if (cfg == NULL || fb == NULL || fb->rating < 1 || fb->rating > 5 ||
	    fb->idempotency_key == NULL || fb->idempotency_key[0] == '\0' ||
	    (unsigned)fb->task > KIOSK_API_TASK_TICKET)
		return -EINVAL;
	if (fb->comment != NULL) {
		chars = net_api_utf8_chars(fb->comment);
		if (chars < 0)
			return -EILSEQ;
		if (chars > KIOSK_API_COMMENT_CHARS)
			return -E2BIG;
	}
	rc = init_req(req, cfg, NET_POST, "feedback");
	if (rc != 0)
		return rc;
	o = cJSON_CreateObject();
	ok = o != NULL && cJSON_AddStringToObject(o, "task", tasks[fb->task]) != NULL &&
	     add_num(o, "rating", fb->rating) &&
	     (fb->comment == NULL || fb->comment[0] == '\0' ||
	      cJSON_AddStringToObject(o, "comment", fb->comment) != NULL) &&
	     cJSON_AddStringToObject(o, "lang", lang_code(fb->lang)) != NULL;
	if (!ok) {
		cJSON_Delete(o);
		net_request_release(req);
		return -ENOMEM;
	}
	rc = take_json(req, o);
	if (rc == 0)
		rc = net_request_add_header(req, "Idempotency-Key", fb->idempotency_key);
	if (rc != 0) {
		net_request_release(req);
		return rc;
	}
	req->retry_safe = cfg->idempotency_honoured;
	return 0;
}

static enum kiosk_api_severity severity_of(const char *s)
{
	if (strcmp(s, "info") == 0 || strcmp(s, "information") == 0)
		return KIOSK_API_INFO;
	if (strcmp(s, "closure") == 0 || strcmp(s, "closed") == 0 || strcmp(s, "critical") == 0)
		return KIOSK_API_CLOSURE;
	return KIOSK_API_WARNING;
}

int kiosk_api_parse_notices(const struct net_result *res, struct kiosk_api_notices *out,
                            struct net_api_status *st)
{
	struct kiosk_api_notices *n;
	struct kiosk_api_notice *it;
	void *root;
	const void *list, *o;
	char sev[24], *p;
	size_t i, count;
	int err = net_api_check(res, false, st);

	if (err == NET_API_ENOTFOUND || err == NET_API_EUNSUPPORTED)
		return net_api_fail(st, NET_API_EUNSUPPORTED, res);
	if (err != NET_API_OK)
		return err;
	root = net_api_json_parse(res->body, res->body_len);
	if (root == NULL)
		return net_api_fail(st, NET_API_EBADREPLY, res);
	list = net_api_json_list(root, "notices");
	n = calloc(1, sizeof(*n));
	if (n == NULL) {
		net_api_json_free(root);
		return net_api_fail(st, NET_API_EOFFLINE, res);
	}
	count = net_api_json_count(list);
	for (i = 0; i < count && n->count < KIOSK_API_NOTICES_MAX; i++) {
		o = net_api_json_at(list, i);
		it = &n->items[n->count];
		memset(it, 0, sizeof(*it));
		if (net_api_json_text2(o, "reason", it->reason_fr, it->reason_en,
		                       sizeof(it->reason_fr)) == 0)
			continue;
		net_api_json_text(o, "id", it->id, sizeof(it->id), false);
		net_api_json_text(o, "severity", sev, sizeof(sev), false);
		for (p = sev; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		it->severity = severity_of(sev);
		net_api_json_text2(o, "alternatives", it->alternatives_fr, it->alternatives_en,
		                   sizeof(it->alternatives_fr));
		net_api_json_time(o, "until", &it->until);
		n->count++;
	}
	net_api_json_free(root);
	*out = *n;
	free(n);
	return NET_API_OK;
}

int kiosk_api_parse_heartbeat(const struct net_result *res, struct net_api_status *st)
{
	return net_api_check(res, false, st);
}

int kiosk_api_parse_feedback(const struct net_result *res, char *id, size_t cap,
                             struct net_api_status *st)
{
	char tmp[KIOSK_API_ID_MAX] = "";
	void *root;
	int err = net_api_check(res, true, st);

	if (err != NET_API_OK)
		return err;
	root = net_api_json_parse(res->body, res->body_len);
	if (root != NULL)
		net_api_json_text(net_api_json_at(root, 0), "id", tmp, sizeof(tmp), false);
	net_api_json_free(root);
	if (id != NULL && cap > 0)
		snprintf(id, cap, "%s", tmp);
	return NET_API_OK;
}

/* ---- schedule ---- */

#define RETRY_FIRST_MS 15000u

static int job_index(enum kiosk_api_job job)
{
	return job == KIOSK_API_JOB_HEARTBEAT ? 0 : 1;
}

void kiosk_api_schedule_init(struct kiosk_api_schedule *s, uint64_t now_ms, uint32_t heartbeat_ms,
                             uint32_t notices_ms)
{
	memset(s, 0, sizeof(*s));
	s->heartbeat_ms = heartbeat_ms ? heartbeat_ms : 60000;
	s->notices_ms = notices_ms ? notices_ms : 60000;
	s->next[0] = s->next[1] = now_ms;
}

unsigned kiosk_api_schedule_due(const struct kiosk_api_schedule *s, uint64_t now_ms)
{
	unsigned due = 0;

	if (!s->running[0] && s->next[0] <= now_ms)
		due |= KIOSK_API_JOB_HEARTBEAT;
	if (!s->running[1] && s->next[1] <= now_ms)
		due |= KIOSK_API_JOB_NOTICES;
	return due;
}

unsigned kiosk_api_schedule_start(struct kiosk_api_schedule *s, enum kiosk_api_job job)
{
	int i = job_index(job);

	s->running[i] = true;
	if (job != KIOSK_API_JOB_HEARTBEAT)
		return 0;
	s->assist_in_flight = s->assist_unreported;
	return s->assist_in_flight;
}

void kiosk_api_schedule_done(struct kiosk_api_schedule *s, enum kiosk_api_job job, bool ok,
                             uint64_t now_ms)
{
	int i = job_index(job);
	uint64_t interval = i == 0 ? s->heartbeat_ms : s->notices_ms, delay;
	unsigned k;

	s->running[i] = false;
	if (ok) {
		s->failures[i] = 0;
		delay = interval;
		if (job == KIOSK_API_JOB_HEARTBEAT)
			s->assist_unreported -= s->assist_in_flight;
	} else {
		delay = RETRY_FIRST_MS;
		for (k = 0; k < s->failures[i] && delay < interval; k++)
			delay *= 2;
		if (delay > interval)
			delay = interval;
		if (s->failures[i] < 32)
			s->failures[i]++;
	}
	if (job == KIOSK_API_JOB_HEARTBEAT)
		s->assist_in_flight = 0;
	s->next[i] = now_ms + delay;
}

void kiosk_api_schedule_hurry(struct kiosk_api_schedule *s, enum kiosk_api_job job, uint64_t now_ms)
{
	size_t i = job_index(job);
	if (!s->running[i] && s->next[i] > now_ms)
		s->next[i] = now_ms;
}

void kiosk_api_schedule_assistance(struct kiosk_api_schedule *s)
{
	if (s->assist_unreported < 100000)
		s->assist_unreported++;
}

uint64_t kiosk_api_schedule_next_ms(const struct kiosk_api_schedule *s)
{
	uint64_t d = NET_NO_DEADLINE;
	int i;

	for (i = 0; i < 2; i++)
		if (!s->running[i] && s->next[i] < d)
			d = s->next[i];
	return d;
}
