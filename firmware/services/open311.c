/* Open311 GeoReport v2 requests and tolerant replies. Parsers work on a heap copy of their
 * result and hand it over only when everything went well. */
#include "firmware/services/open311.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "firmware/core/calendar.h"
#include "firmware/services/net_form.h"
#include "firmware/services/net_random.h"

#define OPEN311_FORM_MAX (64 * 1024)
#define FORM_CTYPE       "application/x-www-form-urlencoded; charset=utf-8"

/* ---- building ---- */

/* cfg->path + prefix + escaped(id) + suffix into req (GET). */
static int init_get(struct net_request *req, const struct open311_config *cfg, const char *prefix,
                    const char *id, const char *suffix)
{
	return cfg == NULL ? -EINVAL
	                   : net_api_request_init(req, NET_GET, cfg->path, prefix, id, suffix);
}

static int add_lang(struct net_request *req, const struct open311_config *cfg, enum lang lang)
{
	int rc = 0;

	if (cfg->jurisdiction_id[0] != '\0')
		rc = net_request_add_query(req, "jurisdiction_id", cfg->jurisdiction_id);
	if (rc == 0)
		rc = net_request_add_query(req, "locale", lang_code(lang));
	if (rc == 0)
		rc = net_request_add_query(req, "lang", lang_code(lang));
	if (rc == 0)
		rc = net_request_add_header(req, "Accept-Language", lang_code(lang));
	return rc;
}

static int finish_build(struct net_request *req, int rc)
{
	if (rc != 0)
		net_request_release(req);
	return rc;
}

int open311_build_discovery(const struct open311_config *cfg, struct net_request *req)
{
	int rc = init_get(req, cfg, "discovery.json", NULL, NULL);

	return finish_build(req, rc);
}

int open311_build_services(const struct open311_config *cfg, enum lang lang,
                           struct net_request *req)
{
	int rc = init_get(req, cfg, "services.json", NULL, NULL);

	if (rc == 0)
		rc = add_lang(req, cfg, lang);
	return finish_build(req, rc);
}

int open311_build_definition(const struct open311_config *cfg, const char *service_code,
                             enum lang lang, struct net_request *req)
{
	int rc;

	if (service_code == NULL || service_code[0] == '\0')
		return -EINVAL;
	rc = init_get(req, cfg, "services/", service_code, ".json");
	if (rc == 0)
		rc = add_lang(req, cfg, lang);
	return finish_build(req, rc);
}

int open311_build_token(const struct open311_config *cfg, const char *token,
                        struct net_request *req)
{
	int rc;

	if (token == NULL || token[0] == '\0')
		return -EINVAL;
	rc = init_get(req, cfg, "tokens/", token, ".json");
	if (rc == 0 && cfg->jurisdiction_id[0] != '\0')
		rc = net_request_add_query(req, "jurisdiction_id", cfg->jurisdiction_id);
	return finish_build(req, rc);
}

int open311_build_status(const struct open311_config *cfg, const char *service_request_id,
                         enum lang lang, struct net_request *req)
{
	int rc;

	if (service_request_id == NULL || service_request_id[0] == '\0')
		return -EINVAL;
	rc = init_get(req, cfg, "requests/", service_request_id, ".json");
	if (rc == 0)
		rc = add_lang(req, cfg, lang);
	return finish_build(req, rc);
}

static bool is_uuid(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != OPEN311_UUID_LEN)
		return false;
	for (i = 0; i < OPEN311_UUID_LEN; i++) {
		char c = s[i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return false;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		             (c >= 'A' && c <= 'F'))) {
			return false;
		}
	}
	return true;
}

int open311_build_lookup(const struct open311_config *cfg, const char *service_code,
                         int64_t start_utc, const char *client_request_id, struct net_request *req)
{
	char date[40];
	int rc;

	if (service_code == NULL || service_code[0] == '\0' || !is_uuid(client_request_id))
		return -EINVAL;
	if (calendar_format_iso8601(start_utc, 0, date, sizeof(date)) < 0)
		return -EINVAL;
	rc = init_get(req, cfg, "requests.json", NULL, NULL);
	if (rc == 0 && cfg->jurisdiction_id[0] != '\0')
		rc = net_request_add_query(req, "jurisdiction_id", cfg->jurisdiction_id);
	if (rc == 0)
		rc = net_request_add_query(req, "service_code", service_code);
	if (rc == 0)
		rc = net_request_add_query(req, "start_date", date);
	if (rc == 0 && cfg->device_id[0] != '\0')
		rc = net_request_add_query(req, "device_id", cfg->device_id);
	if (rc == 0)
		rc = net_request_add_query(req, "client_request_id", client_request_id);
	return finish_build(req, rc);
}

int open311_new_client_request_id(char *out, size_t cap)
{
	return net_random_uuid_v4(out, cap);
}

static bool given(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* Coordinates written by hand: snprintf's %f would follow LC_NUMERIC ("45,5" under fr_CA). */
static int format_coord(double v, double limit, char *out, size_t cap)
{
	long long micro;
	int n;

	if (!isfinite(v) || v < -limit || v > limit)
		return -EINVAL;
	micro = llround(fabs(v) * 1e6);
	n = snprintf(out, cap, "%s%lld.%06lld", v < 0 && micro != 0 ? "-" : "", micro / 1000000,
	             micro % 1000000);
	return n < 0 || (size_t)n >= cap ? -EINVAL : 0;
}

static bool attr_code_ok(const char *s)
{
	size_t n = 0;

	if (!given(s))
		return false;
	for (; *s != '\0'; s++, n++) {
		char c = *s;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.'))
			return false;
	}
	return n < OPEN311_CODE_MAX;
}

static int check_text(const char *s)
{
	return s == NULL || net_api_utf8_chars(s) >= 0 ? 0 : -EILSEQ;
}

int open311_build_submit(const struct open311_config *cfg, const struct open311_submission *sub,
                         struct net_request *req)
{
	const char *texts[6];
	char lat[32], lon[32], name[OPEN311_CODE_MAX + 16];
	struct net_form f;
	char *body = NULL;
	size_t len = 0, i;
	long chars;
	int rc;

	if (cfg == NULL || sub == NULL || req == NULL || !given(sub->service_code) ||
	    !is_uuid(sub->client_request_id) || sub->n_extra > OPEN311_EXTRA_MAX)
		return -EINVAL;
	texts[0] = sub->service_code;
	texts[1] = sub->description;
	texts[2] = sub->first_name;
	texts[3] = sub->last_name;
	texts[4] = sub->email;
	texts[5] = sub->phone;
	for (i = 0; i < 6; i++)
		if (check_text(texts[i]) != 0)
			return -EILSEQ;
	for (i = 0; i < sub->n_extra; i++) {
		if (!attr_code_ok(sub->extra[i].code) || sub->extra[i].value == NULL)
			return -EINVAL;
		if (check_text(sub->extra[i].value) != 0)
			return -EILSEQ;
	}
	if (sub->description != NULL) {
		chars = net_api_utf8_chars(sub->description);
		if (chars > OPEN311_DESCRIPTION_CHARS)
			return -E2BIG;
	}
	if (cfg->has_location && (format_coord(cfg->lat, 90, lat, sizeof(lat)) != 0 ||
	                          format_coord(cfg->lon, 180, lon, sizeof(lon)) != 0))
		return -EINVAL;

	net_form_init(&f, OPEN311_FORM_MAX);
	net_form_add(&f, "api_key", cfg->api_key);
	if (given(cfg->jurisdiction_id))
		net_form_add(&f, "jurisdiction_id", cfg->jurisdiction_id);
	net_form_add(&f, "service_code", sub->service_code);
	if (given(sub->description))
		net_form_add(&f, "description", sub->description);
	if (given(sub->first_name))
		net_form_add(&f, "first_name", sub->first_name);
	if (given(sub->last_name))
		net_form_add(&f, "last_name", sub->last_name);
	if (given(sub->email))
		net_form_add(&f, "email", sub->email);
	if (given(sub->phone))
		net_form_add(&f, "phone", sub->phone);
	if (given(cfg->address)) {
		net_form_add(&f, "address_string", cfg->address);
		net_form_add(&f, "address", cfg->address);
	}
	if (cfg->has_location) {
		net_form_add(&f, "lat", lat);
		net_form_add(&f, "long", lon);
	}
	if (given(cfg->device_id))
		net_form_add(&f, "device_id", cfg->device_id);
	net_form_add(&f, "attribute[LANGUAGE]", lang_code(sub->lang));
	net_form_add(&f, "attribute[CLIENT_REQUEST_ID]", sub->client_request_id);
	for (i = 0; i < sub->n_extra; i++) {
		snprintf(name, sizeof(name), "attribute[%s]%s", sub->extra[i].code,
		         sub->extra[i].multi ? "[]" : "");
		net_form_add(&f, name, sub->extra[i].value);
	}
	rc = net_form_take(&f, &body, &len);
	if (rc != 0)
		return rc;

	rc = init_get(req, cfg, "requests.json", NULL, NULL);
	if (rc != 0) {
		explicit_bzero(body, len);
		free(body);
		return rc;
	}
	req->method = NET_POST;
	req->retry_safe = cfg->idempotency_honoured;
	rc = net_request_take_body(req, FORM_CTYPE, body, len);
	if (rc == 0)
		rc = net_request_add_header(req, "Idempotency-Key", sub->client_request_id);
	if (rc == 0)
		rc = net_request_add_header(req, "Accept-Language", lang_code(sub->lang));
	return finish_build(req, rc);
}

/* ---- parsing ---- */

/* The list inside a reply: the root, or its first array member among keys (some servers wrap
 * lists: {"services":[…]}). */
static const void *unwrap(const void *root, const char *const *keys)
{
	const void *v;

	if (!net_api_json_is_array(root) && keys != NULL) {
		for (; *keys != NULL; keys++) {
			v = net_api_json_get(root, *keys);
			if (net_api_json_is_array(v))
				return v;
		}
	}
	return root;
}

static enum open311_service_type service_type(const char *s)
{
	if (strcmp(s, "batch") == 0)
		return OPEN311_TYPE_BATCH;
	if (strcmp(s, "blackbox") == 0)
		return OPEN311_TYPE_BLACKBOX;
	return OPEN311_TYPE_REALTIME;
}

static unsigned required_fields(const void *item)
{
	static const struct {
		const char *name;
		unsigned bit;
	} map[] = {{"first_name", OPEN311_FIELD_FIRST_NAME},
	           {"last_name", OPEN311_FIELD_LAST_NAME},
	           {"email", OPEN311_FIELD_EMAIL},
	           {"phone", OPEN311_FIELD_PHONE},
	           {"description", OPEN311_FIELD_DESCRIPTION}};
	const void *req = net_api_json_get(item, "required");
	char name[32], *p;
	unsigned bits = 0;
	size_t i, j, n;

	n = net_api_json_is_array(req) ? net_api_json_count(req) : 0;
	for (i = 0; i < n && i < 16; i++) {
		if (net_api_json_value_text(net_api_json_at(req, i), name, sizeof(name), true) <= 0)
			continue;
		for (p = name; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		for (j = 0; j < sizeof(map) / sizeof(map[0]); j++)
			if (strcmp(name, map[j].name) == 0)
				bits |= map[j].bit;
	}
	return bits;
}

static void lower_ascii(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* A 2xx reply's JSON, or the error to return (st written). */
static int reply_json(const struct net_result *res, bool submission, void **root,
                      struct net_api_status *st)
{
	int err = net_api_check(res, submission, st);

	if (err != NET_API_OK)
		return err;
	*root = net_api_json_parse(res->body, res->body_len);
	return NET_API_OK;
}

int open311_parse_discovery(const struct net_result *res, struct open311_discovery *out,
                            struct net_api_status *st)
{
	struct open311_discovery d;
	void *root = NULL;
	const void *o;
	int err = reply_json(res, false, &root, st);

	if (err == NET_API_ENOTFOUND || err == NET_API_EUNSUPPORTED)
		return net_api_fail(st, NET_API_EUNSUPPORTED, res);
	if (err != NET_API_OK)
		return err;
	o = net_api_json_at(root, 0);
	if (o == NULL || net_api_json_is_array(o)) {
		net_api_json_free(root);
		return net_api_fail(st, NET_API_EBADREPLY, res);
	}
	memset(&d, 0, sizeof(d));
	net_api_json_text(o, "changeset", d.changeset, sizeof(d.changeset), false);
	net_api_json_text(o, "contact", d.contact, sizeof(d.contact), false);
	net_api_json_text(o, "key_service", d.key_service, sizeof(d.key_service), false);
	net_api_json_free(root);
	*out = d;
	return NET_API_OK;
}

int open311_parse_services(const struct net_result *res, struct open311_services **out,
                           struct net_api_status *st)
{
	static const char *const wrappers[] = {"services", NULL};
	struct open311_services *s;
	struct open311_service *it;
	void *root = NULL;
	const void *list, *o;
	char type[16];
	int64_t days;
	size_t i, n;
	int err = reply_json(res, false, &root, st);

	if (err != NET_API_OK)
		return err;
	if (root == NULL)
		return net_api_fail(st, NET_API_EBADREPLY, res);
	list = unwrap(root, wrappers);
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		net_api_json_free(root);
		return net_api_fail(st, NET_API_EOFFLINE, res);
	}
	n = net_api_json_count(list);
	for (i = 0; i < n; i++) {
		o = net_api_json_at(list, i);
		if (s->count == OPEN311_SERVICES_MAX) {
			s->truncated = true;
			break;
		}
		it = &s->items[s->count];
		memset(it, 0, sizeof(*it));
		if (net_api_json_text(o, "service_code", it->code, sizeof(it->code), true) <= 0)
			continue; /* nothing a visitor could choose */
		net_api_json_text(o, "service_name", it->name, sizeof(it->name), false);
		if (it->name[0] == '\0')
			memcpy(it->name, it->code, sizeof(it->code));
		net_api_json_text(o, "description", it->description, sizeof(it->description),
		                  false);
		net_api_json_text(o, "group", it->group, sizeof(it->group), false);
		net_api_json_bool(o, "metadata", &it->metadata);
		net_api_json_text(o, "type", type, sizeof(type), false);
		lower_ascii(type);
		it->type = service_type(type);
		it->required = required_fields(o);
		net_api_json_text(o, "standard", it->standard, sizeof(it->standard), false);
		it->standard_days =
		    net_api_json_int(o, "standard_days", &days) && days >= 0 && days <= 3650
		        ? (int)days
		        : -1;
		s->count++;
	}
	net_api_json_free(root);
	*out = s;
	return NET_API_OK;
}

void open311_services_free(struct open311_services *s)
{
	free(s);
}

static enum open311_datatype datatype_of(const char *s)
{
	static const char *const names[] = {"string", "number",          "datetime",
	                                    "text",   "singlevaluelist", "multivaluelist"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0)
			return (enum open311_datatype)i;
	return OPEN311_DT_UNKNOWN;
}

static void parse_attribute(const void *o, struct open311_attribute *a)
{
	const void *vals, *v;
	char dt[32];
	size_t i, n;

	net_api_json_text(o, "description", a->description, sizeof(a->description), false);
	net_api_json_text(o, "datatype", dt, sizeof(dt), false);
	lower_ascii(dt);
	a->datatype = datatype_of(dt);
	a->variable = true;
	net_api_json_bool(o, "variable", &a->variable);
	net_api_json_bool(o, "required", &a->required);
	if (!net_api_json_int(o, "order", &a->order))
		a->order = 0;
	vals = net_api_json_get(o, "values");
	n = net_api_json_is_array(vals) ? net_api_json_count(vals) : 0;
	for (i = 0; i < n && a->n_values < OPEN311_VALUES_MAX; i++) {
		v = net_api_json_at(vals, i);
		if (net_api_json_text(v, "key", a->values[a->n_values].key,
		                      sizeof(a->values[0].key), true) <= 0)
			continue;
		net_api_json_text(v, "name", a->values[a->n_values].name, sizeof(a->values[0].name),
		                  false);
		if (a->values[a->n_values].name[0] == '\0')
			memcpy(a->values[a->n_values].name, a->values[a->n_values].key,
			       sizeof(a->values[0].key));
		a->n_values++;
	}
}

int open311_parse_definition(const struct net_result *res, struct open311_definition **out,
                             struct net_api_status *st)
{
	struct open311_definition *d;
	void *root = NULL;
	const void *o, *attrs;
	size_t i, n;
	int err = reply_json(res, false, &root, st);

	if (err == NET_API_ENOTFOUND || err == NET_API_EUNSUPPORTED)
		return net_api_fail(st, NET_API_EUNSUPPORTED, res);
	if (err != NET_API_OK)
		return err;
	o = net_api_json_at(root, 0); /* an object, or an array holding it */
	if (o == NULL || net_api_json_is_array(o)) {
		net_api_json_free(root);
		return net_api_fail(st, NET_API_EBADREPLY, res);
	}
	d = calloc(1, sizeof(*d));
	if (d == NULL) {
		net_api_json_free(root);
		return net_api_fail(st, NET_API_EOFFLINE, res);
	}
	net_api_json_text(o, "service_code", d->service_code, sizeof(d->service_code), false);
	attrs = net_api_json_get(o, "attributes");
	n = net_api_json_count(attrs); /* an array, or a bare attribute object */
	for (i = 0; i < n && d->count < OPEN311_ATTRS_MAX; i++) {
		const void *a = net_api_json_at(attrs, i);
		struct open311_attribute *at = &d->attrs[d->count];
		memset(at, 0, sizeof(*at));
		if (net_api_json_text(a, "code", at->code, sizeof(at->code), true) <= 0)
			continue;
		parse_attribute(a, at);
		d->count++;
	}
	net_api_json_free(root);
	*out = d;
	return NET_API_OK;
}

void open311_definition_free(struct open311_definition *d)
{
	free(d);
}

static int read_submit_item(const void *o, struct open311_submit_result *r)
{
	memset(r, 0, sizeof(*r));
	if (net_api_json_text(o, "service_request_id", r->service_request_id,
	                      sizeof(r->service_request_id), true) < 0 ||
	    net_api_json_text(o, "token", r->token, sizeof(r->token), true) < 0)
		return -E2BIG;
	net_api_json_text(o, "service_notice", r->service_notice, sizeof(r->service_notice), false);
	net_api_json_text(o, "account_id", r->account_id, sizeof(r->account_id), false);
	return 0;
}

int open311_parse_submit(const struct net_result *res, struct open311_submit_result *out,
                         struct net_api_status *st)
{
	static const char *const wrappers[] = {"service_requests", "requests", NULL};
	struct open311_submit_result r;
	void *root = NULL;
	const void *list;
	int err = reply_json(res, true, &root, st);

	if (err != NET_API_OK)
		return err;
	/* The server said yes but we cannot read what it created: it exists, id unknown. */
	if (root == NULL)
		return net_api_fail(st, NET_API_EUNCONFIRMED, res);
	list = unwrap(root, wrappers);
	if (net_api_json_count(list) == 0 || read_submit_item(net_api_json_at(list, 0), &r) != 0 ||
	    (r.service_request_id[0] == '\0' && r.token[0] == '\0')) {
		net_api_json_free(root);
		return net_api_fail(st, NET_API_EUNCONFIRMED, res);
	}
	net_api_json_free(root);
	*out = r;
	return NET_API_OK;
}

int open311_parse_token(const struct net_result *res, struct open311_submit_result *out,
                        struct net_api_status *st)
{
	struct open311_submit_result r;
	void *root = NULL;
	int err = reply_json(res, false, &root, st);

	if (err == NET_API_ENOTFOUND || err == NET_API_EUNSUPPORTED)
		return net_api_fail(st, NET_API_EUNSUPPORTED, res);
	if (err != NET_API_OK)
		return err;
	if (root == NULL) {
		return net_api_fail(st, NET_API_EBADREPLY, res);
	}
	/* `[]`: the token is known but no request yet. */
	if (net_api_json_count(root) == 0) {
		memset(&r, 0, sizeof(r));
	} else if (read_submit_item(net_api_json_at(root, 0), &r) != 0) {
		net_api_json_free(root);
		return net_api_fail(st, NET_API_EBADREPLY, res);
	}
	net_api_json_free(root);
	*out = r;
	return NET_API_OK;
}

/* Ids compare as text, except that all-digit ids ignore leading zeros: a server that sends
 * numbers loses them ("0482…" comes back as 482…). */
static bool same_id(const char *a, const char *b)
{
	const char *p;
	bool digits = a[0] != '\0' && b[0] != '\0';

	for (p = a; digits && *p; p++)
		digits = *p >= '0' && *p <= '9';
	for (p = b; digits && *p; p++)
		digits = *p >= '0' && *p <= '9';
	if (!digits)
		return strcmp(a, b) == 0;
	while (*a == '0' && a[1] != '\0')
		a++;
	while (*b == '0' && b[1] != '\0')
		b++;
	return strcmp(a, b) == 0;
}

static void read_request(const void *o, struct open311_request *r)
{
	net_api_json_text(o, "status", r->status_raw, sizeof(r->status_raw), false);
	lower_ascii(r->status_raw);
	if (strcmp(r->status_raw, "open") == 0)
		r->status = OPEN311_STATUS_OPEN;
	else if (strcmp(r->status_raw, "closed") == 0)
		r->status = OPEN311_STATUS_CLOSED;
	else
		r->status = OPEN311_STATUS_OTHER;
	net_api_json_text(o, "status_notes", r->status_notes, sizeof(r->status_notes), false);
	net_api_json_text(o, "service_name", r->service_name, sizeof(r->service_name), false);
	net_api_json_text(o, "service_code", r->service_code, sizeof(r->service_code), false);
	net_api_json_text(o, "agency_responsible", r->agency_responsible,
	                  sizeof(r->agency_responsible), false);
	net_api_json_text(o, "service_notice", r->service_notice, sizeof(r->service_notice), false);
	net_api_json_time(o, "requested_datetime", &r->requested);
	net_api_json_time(o, "updated_datetime", &r->updated);
	net_api_json_time(o, "expected_datetime", &r->expected);
}

int open311_parse_status(const struct net_result *res, const char *want_id,
                         struct open311_request *out, struct net_api_status *st)
{
	static const char *const wrappers[] = {"service_requests", "requests", NULL};
	struct open311_request *r;
	void *root = NULL;
	const void *list, *o = NULL;
	char id[OPEN311_ID_MAX];
	bool carried = false;
	size_t i, n;
	int err = reply_json(res, false, &root, st);

	if (err != NET_API_OK)
		return err;
	if (root == NULL) {
		/* `200` with nothing at all reads like `200 []`. */
		bool blank = true;
		for (i = 0; i < res->body_len && blank; i++)
			blank = res->body[i] == ' ' || res->body[i] == '\n' ||
			        res->body[i] == '\r' || res->body[i] == '\t';
		return net_api_fail(st, blank ? NET_API_ENOTFOUND : NET_API_EBADREPLY, res);
	}
	list = unwrap(root, wrappers);
	n = net_api_json_count(list);
	for (i = 0; i < n && want_id != NULL; i++) {
		const void *c = net_api_json_at(list, i);
		if (net_api_json_text(c, "service_request_id", id, sizeof(id), true) > 0) {
			carried = true;
			if (same_id(id, want_id)) {
				o = c;
				break;
			}
		}
	}
	/* Items that name another request are not ours (never show someone else's status);
	 * items that name none are taken as the answer to what was asked. */
	if (o == NULL && n > 0 && !carried)
		o = net_api_json_at(list, 0);
	if (o == NULL || net_api_json_is_array(o)) {
		net_api_json_free(root);
		return net_api_fail(st, NET_API_ENOTFOUND, res);
	}
	r = calloc(1, sizeof(*r));
	if (r == NULL) {
		net_api_json_free(root);
		return net_api_fail(st, NET_API_EOFFLINE, res);
	}
	if (net_api_json_text(o, "service_request_id", r->service_request_id,
	                      sizeof(r->service_request_id), true) <= 0 &&
	    want_id != NULL)
		snprintf(r->service_request_id, sizeof(r->service_request_id), "%s", want_id);
	read_request(o, r);
	net_api_json_free(root);
	*out = *r;
	free(r);
	return NET_API_OK;
}

/* The client request id an item carries: top level, or in "attributes" / "attribute" as an
 * object ({"CLIENT_REQUEST_ID": …}) or a list of {code, value}. 1 found, 0 not carried. */
static int item_client_id(const void *o, char *out, size_t cap)
{
	static const char *const keys[] = {"attributes", "attribute", NULL};
	const void *a, *e;
	char code[OPEN311_CODE_MAX];
	size_t i, n, k;

	if (net_api_json_text(o, "client_request_id", out, cap, true) > 0)
		return 1;
	for (k = 0; keys[k] != NULL; k++) {
		a = net_api_json_get(o, keys[k]);
		if (a == NULL)
			continue;
		if (!net_api_json_is_array(a)) {
			if (net_api_json_text(a, "CLIENT_REQUEST_ID", out, cap, true) > 0)
				return 1;
			continue;
		}
		n = net_api_json_count(a);
		for (i = 0; i < n; i++) {
			e = net_api_json_at(a, i);
			if (net_api_json_text(e, "code", code, sizeof(code), true) > 0 &&
			    strcmp(code, "CLIENT_REQUEST_ID") == 0 &&
			    net_api_json_text(e, "value", out, cap, true) > 0)
				return 1;
		}
	}
	out[0] = '\0';
	return 0;
}

int open311_parse_lookup(const struct net_result *res, const char *client_request_id, char *id,
                         size_t cap, struct net_api_status *st)
{
	static const char *const wrappers[] = {"service_requests", "requests", NULL};
	void *root = NULL;
	const void *list, *o;
	char cid[OPEN311_ID_MAX], sid[OPEN311_ID_MAX];
	bool carried = false;
	size_t i, n;
	int err = reply_json(res, false, &root, st);

	if (err == NET_API_ENOTFOUND || err == NET_API_EUNSUPPORTED || err == NET_API_EREJECTED)
		return net_api_fail(st, NET_API_EUNCONFIRMED, res); /* no search here */
	if (err != NET_API_OK)
		return err;
	if (client_request_id == NULL || id == NULL || cap == 0) {
		net_api_json_free(root);
		return net_api_fail(st, NET_API_EUNCONFIRMED, res);
	}
	if (root == NULL)
		return net_api_fail(st, NET_API_EUNCONFIRMED, res);
	list = unwrap(root, wrappers);
	n = net_api_json_count(list);
	for (i = 0; i < n; i++) {
		o = net_api_json_at(list, i);
		if (item_client_id(o, cid, sizeof(cid)) == 0)
			continue;
		carried = true;
		if (strcmp(cid, client_request_id) != 0)
			continue;
		if (net_api_json_text(o, "service_request_id", sid, sizeof(sid), true) <= 0 ||
		    strlen(sid) >= cap)
			break; /* ours, but without a usable id */
		memcpy(id, sid, strlen(sid) + 1);
		net_api_json_free(root);
		return net_api_fail(st, NET_API_OK, res);
	}
	net_api_json_free(root);
	/* The standard filters (service_code, start_date) make an empty list a real "no"; a list
	 * whose items say whose they are, without ours, too. Anything else cannot be told apart. */
	if (i == n && (n == 0 || carried))
		return net_api_fail(st, NET_API_ENOTFOUND, res);
	return net_api_fail(st, NET_API_EUNCONFIRMED, res);
}

/* ---- plain words ---- */

static bool contains_ci(const char *hay, const char *needle)
{
	size_t i, j, nl = strlen(needle);

	if (nl == 0)
		return true;
	for (i = 0; hay[i] != '\0'; i++) {
		for (j = 0; j < nl && hay[i + j] != '\0'; j++) {
			char a = hay[i + j], b = needle[j];
			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (b >= 'A' && b <= 'Z')
				b = (char)(b - 'A' + 'a');
			if (a != b)
				break;
		}
		if (j == nl)
			return true;
	}
	return false;
}

static bool rule_matches(const struct open311_progress_rule *rule, const struct open311_request *r)
{
	if (rule->status != NULL && rule->status[0] != '\0' &&
	    strcmp(rule->status, r->status_raw) != 0)
		return false;
	return rule->notes_contains == NULL || contains_ci(r->status_notes, rule->notes_contains);
}

static const struct open311_progress_rule builtin_rules[] = {
    {"closed", "referred", OPEN311_PROGRESS_CLOSED_REFERRED},
    {"closed", "transferred", OPEN311_PROGRESS_CLOSED_REFERRED},
    {"closed", "forwarded", OPEN311_PROGRESS_CLOSED_REFERRED},
    {"closed", "redirected", OPEN311_PROGRESS_CLOSED_REFERRED},
    {"closed", "renvoy", OPEN311_PROGRESS_CLOSED_REFERRED},
    {"closed", "transmis", OPEN311_PROGRESS_CLOSED_REFERRED},
    {"closed", "transf\xc3\xa9r", OPEN311_PROGRESS_CLOSED_REFERRED},
    {"closed", "redirig", OPEN311_PROGRESS_CLOSED_REFERRED},
    {"closed", "", OPEN311_PROGRESS_CLOSED_ANSWERED},
    {"", "waiting for you", OPEN311_PROGRESS_WAITING_FOR_YOU},
    {"", "more information", OPEN311_PROGRESS_WAITING_FOR_YOU},
    {"", "awaiting your", OPEN311_PROGRESS_WAITING_FOR_YOU},
    {"", "en attente de vo", OPEN311_PROGRESS_WAITING_FOR_YOU},
    {"", "renseignements suppl", OPEN311_PROGRESS_WAITING_FOR_YOU},
    {"", "information suppl", OPEN311_PROGRESS_WAITING_FOR_YOU},
    {"", "in progress", OPEN311_PROGRESS_IN_PROGRESS},
    {"", "assigned", OPEN311_PROGRESS_IN_PROGRESS},
    {"", "under review", OPEN311_PROGRESS_IN_PROGRESS},
    {"", "en cours", OPEN311_PROGRESS_IN_PROGRESS},
    {"", "en traitement", OPEN311_PROGRESS_IN_PROGRESS},
    {"", "assign\xc3\xa9", OPEN311_PROGRESS_IN_PROGRESS},
    {"", "\xc3\xa0 l'\xc3\xa9tude", OPEN311_PROGRESS_IN_PROGRESS},
};

enum open311_progress open311_progress_of(const struct open311_request *r,
                                          const struct open311_progress_rule *rules, size_t n)
{
	size_t i;

	for (i = 0; rules != NULL && i < n; i++)
		if (rule_matches(&rules[i], r))
			return rules[i].progress;
	for (i = 0; i < sizeof(builtin_rules) / sizeof(builtin_rules[0]); i++)
		if (rule_matches(&builtin_rules[i], r))
			return builtin_rules[i].progress;
	if (r->status == OPEN311_STATUS_CLOSED)
		return OPEN311_PROGRESS_CLOSED_ANSWERED;
	/* Any other server status (acknowledged, in_progress…) means someone is on it. */
	return r->status == OPEN311_STATUS_OTHER && r->status_raw[0] != '\0'
	           ? OPEN311_PROGRESS_IN_PROGRESS
	           : OPEN311_PROGRESS_RECEIVED;
}
