/* Queue API requests and tolerant replies. */
#include "firmware/services/queue_api.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#define JSON_CTYPE "application/json; charset=utf-8"

static int init_req(struct net_request *req, const struct queue_api_config *cfg,
                    enum net_method method, const char *tail, const char *id)
{
	return cfg == NULL ? -EINVAL : net_api_request_init(req, method, cfg->path, tail, id, NULL);
}

int queue_api_build_services(const struct queue_api_config *cfg, enum lang lang,
                             struct net_request *req)
{
	int rc = init_req(req, cfg, NET_GET, "services", NULL);

	if (rc == 0)
		rc = net_request_add_query(req, "lang", lang_code(lang));
	if (rc == 0)
		rc = net_request_add_header(req, "Accept-Language", lang_code(lang));
	if (rc != 0)
		net_request_release(req);
	return rc;
}

int queue_api_build_take_ticket(const struct queue_api_config *cfg, const char *service,
                                bool priority, enum lang lang, const char *idempotency_key,
                                struct net_request *req)
{
	cJSON *o;
	char *body;
	int rc;

	if (service == NULL || service[0] == '\0' || idempotency_key == NULL ||
	    idempotency_key[0] == '\0' || strlen(service) >= QUEUE_API_ID_MAX ||
	    net_api_utf8_chars(service) < 0)
		return -EINVAL;
	rc = init_req(req, cfg, NET_POST, "tickets", NULL);
	if (rc != 0)
		return rc;
	o = cJSON_CreateObject();
	if (o == NULL || cJSON_AddStringToObject(o, "service", service) == NULL ||
	    cJSON_AddBoolToObject(o, "priority", priority) == NULL ||
	    cJSON_AddStringToObject(o, "lang", lang_code(lang)) == NULL) {
		cJSON_Delete(o);
		return -ENOMEM;
	}
	body = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (body == NULL)
		return -ENOMEM;
	req->retry_safe = cfg->idempotency_honoured;
	rc = net_request_take_body(req, JSON_CTYPE, body, strlen(body));
	if (rc == 0)
		rc = net_request_add_header(req, "Idempotency-Key", idempotency_key);
	if (rc != 0)
		net_request_release(req);
	return rc;
}

int queue_api_build_ticket_status(const struct queue_api_config *cfg, const char *ticket,
                                  struct net_request *req)
{
	int rc;

	if (ticket == NULL || ticket[0] == '\0')
		return -EINVAL;
	rc = init_req(req, cfg, NET_GET, "tickets/", ticket);
	if (rc != 0)
		net_request_release(req);
	return rc;
}

/* An int in [0, max] or QUEUE_API_UNKNOWN. */
static int small_int(const void *o, const char *key, int64_t max)
{
	int64_t v;

	if (!net_api_json_int(o, key, &v) || v < 0 || v > max)
		return QUEUE_API_UNKNOWN;
	return (int)v;
}

/* Wait ranges must make sense together or not be shown at all. */
static void wait_range(const void *o, int *min_s, int *max_s)
{
	*min_s = small_int(o, "wait_min_s", 7 * 86400);
	*max_s = small_int(o, "wait_max_s", 7 * 86400);
	if (*min_s == QUEUE_API_UNKNOWN && *max_s != QUEUE_API_UNKNOWN)
		*min_s = *max_s;
	if (*max_s == QUEUE_API_UNKNOWN && *min_s != QUEUE_API_UNKNOWN)
		*max_s = *min_s;
	if (*min_s > *max_s) {
		int t = *min_s;
		*min_s = *max_s;
		*max_s = t;
	}
}

static enum queue_api_state state_of(const char *s)
{
	if (strcmp(s, "open") == 0)
		return QUEUE_API_OPEN;
	if (strcmp(s, "closing") == 0)
		return QUEUE_API_CLOSING;
	if (strcmp(s, "closed") == 0)
		return QUEUE_API_CLOSED;
	return QUEUE_API_STATE_UNKNOWN;
}

static void lower_ascii(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static void read_best(const void *o, struct queue_api_service *s)
{
	const void *b = net_api_json_get(o, "best_hours"), *it;
	char from[12], to[12];
	size_t i, n;

	n = net_api_json_is_array(b) ? net_api_json_count(b) : 0;
	for (i = 0; i < n && s->n_best < QUEUE_API_BEST_MAX; i++) {
		it = net_api_json_at(b, i);
		/* "10:00-11:00", or {"from","to"} / {"start","end"} objects. */
		if (net_api_json_value_text(it, s->best_hours[s->n_best], sizeof(s->best_hours[0]),
		                            true) > 0) {
			s->n_best++;
			continue;
		}
		if ((net_api_json_text(it, "from", from, sizeof(from), true) > 0 ||
		     net_api_json_text(it, "start", from, sizeof(from), true) > 0) &&
		    (net_api_json_text(it, "to", to, sizeof(to), true) > 0 ||
		     net_api_json_text(it, "end", to, sizeof(to), true) > 0)) {
			snprintf(s->best_hours[s->n_best], sizeof(s->best_hours[0]), "%s-%s", from,
			         to);
			s->n_best++;
		}
	}
}

int queue_api_parse_services(const struct net_result *res, struct queue_api_services *out,
                             struct net_api_status *st)
{
	struct queue_api_services *s;
	struct queue_api_service *it;
	void *root;
	const void *list, *o;
	char state[16];
	size_t i, n;
	int err = net_api_check(res, false, st);

	if (err != NET_API_OK)
		return err;
	root = net_api_json_parse(res->body, res->body_len);
	if (root == NULL)
		return net_api_fail(st, NET_API_EBADREPLY, res);
	list = net_api_json_list(root, "services");
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		net_api_json_free(root);
		return net_api_fail(st, NET_API_EOFFLINE, res);
	}
	n = net_api_json_count(list);
	for (i = 0; i < n && s->count < QUEUE_API_SERVICES_MAX; i++) {
		o = net_api_json_at(list, i);
		it = &s->items[s->count];
		memset(it, 0, sizeof(*it));
		if (net_api_json_text(o, "id", it->id, sizeof(it->id), true) <= 0)
			continue;
		if (net_api_json_text2(o, "name", it->name_fr, it->name_en, sizeof(it->name_fr)) ==
		    0) {
			memcpy(it->name_fr, it->id, sizeof(it->id));
			memcpy(it->name_en, it->id, sizeof(it->id));
		}
		net_api_json_text(o, "state", state, sizeof(state), false);
		lower_ascii(state);
		it->state = state_of(state);
		it->waiting = small_int(o, "waiting", 100000);
		wait_range(o, &it->wait_min_s, &it->wait_max_s);
		it->counters_open = small_int(o, "counters_open", 1000);
		net_api_json_time(o, "opens_at", &it->opens_at);
		net_api_json_time(o, "closes_at", &it->closes_at);
		read_best(o, it);
		s->count++;
	}
	net_api_json_free(root);
	*out = *s;
	free(s);
	return NET_API_OK;
}

static void next_opening_of(const struct net_result *res, struct net_api_time *t)
{
	void *root = net_api_json_parse(res->body, res->body_len);
	const void *o;

	memset(t, 0, sizeof(*t));
	if (root == NULL)
		return;
	/* The Open311-style error item, a bare object, or inside {"error": {…}}. */
	o = net_api_json_at(root, 0);
	net_api_json_time(o, "next_opening", t);
	if (!t->valid)
		net_api_json_time(o, "opens_at", t);
	if (!t->valid)
		net_api_json_time(net_api_json_get(o, "error"), "next_opening", t);
	net_api_json_free(root);
}

int queue_api_parse_ticket(const struct net_result *res, struct queue_api_ticket *out,
                           struct net_api_time *next_opening, struct net_api_status *st)
{
	struct queue_api_ticket t;
	void *root;
	const void *o;
	int err = net_api_check(res, true, st);

	if (err == NET_API_ECLOSED) {
		if (next_opening != NULL)
			next_opening_of(res, next_opening);
		return err;
	}
	if (err != NET_API_OK)
		return err;
	root = net_api_json_parse(res->body, res->body_len);
	/* Accepted, but unreadable: a ticket may exist that nobody will hold. */
	if (root == NULL)
		return net_api_fail(st, NET_API_EUNCONFIRMED, res);
	o = net_api_json_at(root, 0);
	memset(&t, 0, sizeof(t));
	if (o == NULL || net_api_json_text(o, "ticket", t.ticket, sizeof(t.ticket), true) <= 0) {
		net_api_json_free(root);
		return net_api_fail(st, NET_API_EUNCONFIRMED, res);
	}
	net_api_json_text(o, "service", t.service, sizeof(t.service), false);
	t.ahead = small_int(o, "ahead", 100000);
	wait_range(o, &t.wait_min_s, &t.wait_max_s);
	net_api_json_time(o, "issued_at", &t.issued_at);
	net_api_json_text2(o, "where", t.where_fr, t.where_en, sizeof(t.where_fr));
	/* A page to follow the ticket, kept only when it is a web address. */
	if (net_api_json_text(o, "follow_url", t.follow_url, sizeof(t.follow_url), false) > 0 &&
	    strncmp(t.follow_url, "https://", 8) != 0 && strncmp(t.follow_url, "http://", 7) != 0)
		t.follow_url[0] = '\0';
	net_api_json_free(root);
	*out = t;
	return NET_API_OK;
}

static enum queue_api_ticket_state ticket_state_of(const char *s)
{
	if (strcmp(s, "waiting") == 0)
		return QUEUE_API_WAITING;
	if (strcmp(s, "called") == 0)
		return QUEUE_API_CALLED;
	if (strcmp(s, "served") == 0)
		return QUEUE_API_SERVED;
	if (strcmp(s, "missed") == 0)
		return QUEUE_API_MISSED;
	return QUEUE_API_TICKET_UNKNOWN;
}

int queue_api_parse_ticket_status(const struct net_result *res, struct queue_api_ticket_status *out,
                                  struct net_api_status *st)
{
	struct queue_api_ticket_status t;
	void *root;
	const void *o;
	char state[16];
	int err = net_api_check(res, false, st);

	if (err != NET_API_OK)
		return err;
	root = net_api_json_parse(res->body, res->body_len);
	if (root == NULL)
		return net_api_fail(st, NET_API_EBADREPLY, res);
	if (net_api_json_count(root) == 0) {
		net_api_json_free(root);
		return net_api_fail(st, NET_API_ENOTFOUND, res);
	}
	o = net_api_json_at(root, 0);
	memset(&t, 0, sizeof(t));
	if (net_api_json_text(o, "ticket", t.ticket, sizeof(t.ticket), true) < 0) {
		net_api_json_free(root);
		return net_api_fail(st, NET_API_EBADREPLY, res);
	}
	net_api_json_text(o, "service", t.service, sizeof(t.service), false);
	net_api_json_text(o, "state", state, sizeof(state), false);
	lower_ascii(state);
	t.state = ticket_state_of(state);
	net_api_json_text(o, "counter", t.counter, sizeof(t.counter), false);
	t.ahead = small_int(o, "ahead", 100000);
	wait_range(o, &t.wait_min_s, &t.wait_max_s);
	net_api_json_free(root);
	*out = t;
	return NET_API_OK;
}
