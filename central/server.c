/* HTTPS endpoints of the reference central. See server.h and central/README.md. */
#include "central/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <microhttpd.h>

#include "central/hours.h"
#include "central/parse.h"
#include "firmware/core/calendar.h"
#include "firmware/core/standards.h"

#define MAX_QUERY_ARGS 32
#define DRAIN_MAX      (1024 * 1024)
#define MAX_ARG_BYTES  512
#define TLS_PRIORITIES "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"

/* Connection limits (README "Connection limits"); the options override them. */
#define DEFAULT_MAX_CONNECTIONS 1000
#define DEFAULT_PER_IP_LIMIT    32
#define DEFAULT_IDLE_TIMEOUT_S  15
#define DEFAULT_HEADER_TIMEOUT  10

/* One per TCP connection: until a request's headers are complete (and again between the
 * requests of a kept-alive connection) it is armed with a deadline; the watchdog shuts down
 * the socket of an armed connection past its deadline, however slowly bytes still trickle in
 * (MHD's own timeout only counts idleness). */
struct guard {
	struct guard *prev, *next;
	int fd;
	bool armed;
	struct timespec deadline; /* CLOCK_MONOTONIC */
};

struct central_server {
	struct MHD_Daemon *daemon;
	central_db_t *db;
	struct central_config config;
	bool require_client_cert;
	FILE *log;
	pthread_mutex_t log_lock;
	int64_t clock_offset; /* added to the real clock; atomic access */
	char *cert_pem, *key_pem, *ca_pem;
	uint16_t port;

	unsigned header_timeout_s;
	pthread_mutex_t guard_lock;
	pthread_cond_t guard_cv; /* a guard was armed, or stop */
	struct guard *guards;
	bool watchdog_stop, watchdog_started;
	pthread_t watchdog;
};

/* Per HTTP request. */
struct exchange {
	char *body;
	size_t len;
	bool too_big;
	bool rejected; /* a response was queued before the body */
	char method[8];
	const char *path; /* MHD's, valid for the request */
	struct timespec start;
};

int central_read_file(const char *path, size_t max, char **out, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	char *buf = malloc(max + 1);
	size_t n = 0;
	ssize_t r;
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while ((r = read(fd, buf + n, max + 1 - n)) > 0) {
		n += (size_t)r;
		if (n > max)
			break;
	}
	close(fd);
	if (r < 0 || n > max) {
		free(buf);
		return r < 0 ? -EIO : -E2BIG;
	}
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = n;
	return 0;
}

int64_t central_server_now(const struct central_server *s)
{
	return (int64_t)time(NULL) + __atomic_load_n(&s->clock_offset, __ATOMIC_RELAXED);
}

void central_server_set_now(struct central_server *s, int64_t now)
{
	__atomic_store_n(&s->clock_offset, now - (int64_t)time(NULL), __ATOMIC_RELAXED);
}

uint16_t central_server_port(const struct central_server *s)
{
	return s->port;
}

central_db_t *central_server_db(struct central_server *s)
{
	return s->db;
}

/* ---- responses ---- */

static void log_line(struct central_server *s, struct MHD_Connection *c, struct exchange *x,
                     unsigned status)
{
	char path[96];
	size_t n = 0;
	(void)c;
	if (!s->log)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double ms = (double)(now.tv_sec - x->start.tv_sec) * 1e3 +
	            (double)(now.tv_nsec - x->start.tv_nsec) / 1e6;
	/* The path only (never the query or the body), printable ASCII, cut short; the method
	 * likewise (MHD passes any token a client sends). */
	for (const char *u = x->path; u && *u && n < sizeof path - 1; u++)
		path[n++] = (*u > 0x20 && *u < 0x7F) ? *u : '?';
	path[n] = '\0';
	char method[sizeof x->method];
	n = 0;
	for (const char *u = x->method; *u && n < sizeof method - 1; u++)
		method[n++] = (*u > 0x20 && *u < 0x7F) ? *u : '?';
	method[n] = '\0';
	pthread_mutex_lock(&s->log_lock);
	fprintf(s->log, "%s %s %u %.1fms\n", method, path, status, ms);
	fflush(s->log);
	pthread_mutex_unlock(&s->log_lock);
}

static enum MHD_Result send_text(struct central_server *s, struct MHD_Connection *c,
                                 struct exchange *x, unsigned status, char *text,
                                 const char *retry_after, const char *allow)
{
	struct MHD_Response *r;
	if (!text)
		return MHD_NO;
	r = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json; charset=utf-8");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (retry_after)
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, retry_after);
	if (allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
	enum MHD_Result ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	if (x)
		log_line(s, c, x, status);
	return ret;
}

static enum MHD_Result send_json(struct central_server *s, struct MHD_Connection *c,
                                 struct exchange *x, unsigned status, cJSON *j)
{
	char *text = j ? cJSON_PrintUnformatted(j) : NULL;
	cJSON_Delete(j);
	return send_text(s, c, x, status, text, NULL, NULL);
}

/* The Open311 error shape: [{"code":N,"description":"…"}], plus optional extra members. */
static cJSON *error_body(unsigned status, const char *description)
{
	cJSON *arr = cJSON_CreateArray(), *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "code", status);
	cJSON_AddStringToObject(o, "description", description);
	cJSON_AddItemToArray(arr, o);
	return arr;
}

static enum MHD_Result send_error(struct central_server *s, struct MHD_Connection *c,
                                  struct exchange *x, unsigned status, const char *description)
{
	cJSON *e = error_body(status, description);
	char *text = cJSON_PrintUnformatted(e);
	cJSON_Delete(e);
	return send_text(s, c, x, status, text, status == 503 ? "1" : NULL, NULL);
}

static enum MHD_Result send_405(struct central_server *s, struct MHD_Connection *c,
                                struct exchange *x, const char *allow)
{
	cJSON *e = error_body(405, "method not allowed");
	char *text = cJSON_PrintUnformatted(e);
	cJSON_Delete(e);
	return send_text(s, c, x, 405, text, NULL, allow);
}

/* Storage errors become 503 (try again); anything else 500. Never a detail of the data. */
static enum MHD_Result send_db_error(struct central_server *s, struct MHD_Connection *c,
                                     struct exchange *x, int rc)
{
	if (rc == -EIO || rc == -ESHUTDOWN || rc == -ENOMEM)
		return send_error(s, c, x, 503, "storage temporarily unavailable, try again");
	return send_error(s, c, x, 500, "internal error");
}

/* ---- request helpers ---- */

static const char *header(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

static const char *arg(struct MHD_Connection *c, const char *name)
{
	const char *v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
	return (v && *v) ? v : NULL;
}

struct arg_check {
	int count;
	bool bad;
};

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
	struct arg_check *a = cls;
	(void)kind;
	a->count++;
	if (a->count > MAX_QUERY_ARGS || !key || strlen(key) > MAX_ARG_BYTES ||
	    !central_utf8_valid(key, strlen(key)) ||
	    (value &&
	     (strlen(value) > MAX_ARG_BYTES || !central_utf8_valid(value, strlen(value))))) {
		a->bad = true;
		return MHD_NO;
	}
	return MHD_YES;
}

/* The language of an answer: lang, locale, Accept-Language, then the configured default. */
static const char *pick_lang(struct central_server *s, struct MHD_Connection *c)
{
	const char *v = arg(c, "lang");
	if (!v)
		v = arg(c, "locale");
	if (v && (strncmp(v, "fr", 2) == 0 || strncmp(v, "en", 2) == 0))
		return strncmp(v, "fr", 2) == 0 ? "fr" : "en";
	const char *al = central_accept_language(header(c, MHD_HTTP_HEADER_ACCEPT_LANGUAGE));
	return al ? al : s->config.default_lang;
}

static bool is_fr(const char *lang)
{
	return strcmp(lang, "fr") == 0;
}

static bool content_type_is(struct MHD_Connection *c, const char *want)
{
	const char *ct = header(c, MHD_HTTP_HEADER_CONTENT_TYPE);
	size_t n = strlen(want);
	return ct && strncasecmp(ct, want, n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* Idempotency-Key: absent → NULL; malformed → *bad. */
static const char *idem_key(struct MHD_Connection *c, bool *bad)
{
	const char *k = header(c, "Idempotency-Key");
	*bad = false;
	if (!k || !*k)
		return NULL;
	if (!central_key_valid(k)) {
		*bad = true;
		return NULL;
	}
	return k;
}

/* The fingerprint of the request body that an Idempotency-Key is bound to: SHA-256, hex. */
static const char *body_hash(const struct exchange *x, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[32];
	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, x->body ? x->body : "", x->len, d) != 0)
		return NULL;
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
	return out;
}

static enum MHD_Result send_idem_conflict(struct central_server *s, struct MHD_Connection *c,
                                          struct exchange *x)
{
	return send_error(s, c, x, 422,
	                  "Idempotency-Key was already used with a different request");
}

static void add_time(cJSON *o, const char *name, int64_t t)
{
	char buf[40];
	if (t <= 0) {
		cJSON_AddNullToObject(o, name);
		return;
	}
	calendar_format_local(t, buf, sizeof buf);
	cJSON_AddStringToObject(o, name, buf);
}

static cJSON *pair(const char *fr, const char *en)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "fr", fr);
	cJSON_AddStringToObject(o, "en", en);
	return o;
}

/* ---- Open311 ---- */

static enum MHD_Result open311_discovery(struct central_server *s, struct MHD_Connection *c,
                                         struct exchange *x)
{
	const char *host = header(c, MHD_HTTP_HEADER_HOST);
	char url[300];
	if (!host || !central_key_valid(host) || strlen(host) > 200)
		host = "127.0.0.1";
	snprintf(url, sizeof url, "https://%s/open311/v2/", host);
	cJSON *d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "changeset", "2024-01-01T00:00:00Z");
	cJSON_AddStringToObject(d, "contact", "Accueil reference central service");
	cJSON_AddStringToObject(d, "key_service", "Ask the agency for an API key.");
	cJSON *eps = cJSON_AddArrayToObject(d, "endpoints");
	cJSON *ep = cJSON_CreateObject();
	cJSON_AddStringToObject(ep, "specification", "http://wiki.open311.org/GeoReport_v2");
	cJSON_AddStringToObject(ep, "url", url);
	cJSON_AddStringToObject(ep, "changeset", "2024-01-01T00:00:00Z");
	cJSON_AddStringToObject(ep, "type", "production");
	cJSON *formats = cJSON_AddArrayToObject(ep, "formats");
	cJSON_AddItemToArray(formats, cJSON_CreateString("application/json"));
	cJSON_AddItemToArray(eps, ep);
	return send_json(s, c, x, 200, d);
}

static const char *field_names[] = {"first_name", "last_name", "phone", "email", "description"};

static enum MHD_Result open311_services(struct central_server *s, struct MHD_Connection *c,
                                        struct exchange *x)
{
	const char *lang = pick_lang(s, c);
	bool fr = is_fr(lang);
	cJSON *arr = cJSON_CreateArray();
	for (int i = 0; i < s->config.category_count; i++) {
		const struct central_category *k = &s->config.categories[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "service_code", k->code);
		cJSON_AddStringToObject(o, "service_name", fr ? k->name_fr : k->name_en);
		cJSON_AddStringToObject(o, "description", fr ? k->desc_fr : k->desc_en);
		cJSON_AddBoolToObject(o, "metadata", true);
		cJSON_AddStringToObject(o, "type", "realtime");
		cJSON_AddStringToObject(o, "keywords", k->keywords);
		cJSON_AddStringToObject(o, "group", fr ? k->group_fr : k->group_en);
		cJSON *req = cJSON_AddArrayToObject(o, "required");
		for (int b = 0; b < 5; b++)
			if (k->required & (1u << b))
				cJSON_AddItemToArray(req, cJSON_CreateString(field_names[b]));
		cJSON_AddStringToObject(o, "standard", standards_key(k->standard));
		cJSON_AddNumberToObject(o, "standard_days", k->standard_days);
		cJSON_AddItemToArray(arr, o);
	}
	return send_json(s, c, x, 200, arr);
}

static cJSON *attr_json(const char *code, const char *datatype, bool required,
                        const char *description, int order)
{
	cJSON *a = cJSON_CreateObject();
	cJSON_AddBoolToObject(a, "variable", true);
	cJSON_AddStringToObject(a, "code", code);
	cJSON_AddStringToObject(a, "datatype", datatype);
	cJSON_AddBoolToObject(a, "required", required);
	cJSON_AddStringToObject(a, "datatype_description", "");
	cJSON_AddNumberToObject(a, "order", order);
	cJSON_AddStringToObject(a, "description", description);
	return a;
}

static void add_value(cJSON *values, const char *key, const char *name)
{
	cJSON *v = cJSON_CreateObject();
	cJSON_AddStringToObject(v, "key", key);
	cJSON_AddStringToObject(v, "name", name);
	cJSON_AddItemToArray(values, v);
}

static enum MHD_Result open311_definition(struct central_server *s, struct MHD_Connection *c,
                                          struct exchange *x, const char *code)
{
	const struct central_category *k = central_config_category(&s->config, code);
	if (!k)
		return send_error(s, c, x, 404, "unknown service_code");
	bool fr = is_fr(pick_lang(s, c));
	cJSON *d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "service_code", k->code);
	cJSON *attrs = cJSON_AddArrayToObject(d, "attributes");
	cJSON *a = attr_json("LANGUAGE", "singlevaluelist", false,
	                     fr ? "Langue de la demande" : "Language of the request", 1);
	cJSON *values = cJSON_AddArrayToObject(a, "values");
	add_value(values, "fr", "Français");
	add_value(values, "en", "English");
	cJSON_AddItemToArray(attrs, a);
	cJSON_AddItemToArray(attrs, attr_json("CLIENT_REQUEST_ID", "string", false,
	                                      fr ? "Identifiant unique de l'envoi (idempotence)"
	                                         : "Unique id of this submission (idempotency)",
	                                      2));
	for (int i = 0; i < k->attr_count; i++) {
		const struct central_attr *at = &k->attrs[i];
		a = attr_json(at->code, at->datatype, at->required, fr ? at->desc_fr : at->desc_en,
		              3 + i);
		if (at->value_count) {
			values = cJSON_AddArrayToObject(a, "values");
			for (int v = 0; v < at->value_count; v++)
				add_value(values, at->values[v].key,
				          fr ? at->values[v].name_fr : at->values[v].name_en);
		}
		cJSON_AddItemToArray(attrs, a);
	}
	return send_json(s, c, x, 200, d);
}

static cJSON *request_json(struct central_server *s, const struct central_request_row *r, bool fr,
                           bool list)
{
	const struct central_category *k = central_config_category(&s->config, r->service_code);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "service_request_id", r->id);
	cJSON_AddStringToObject(o, "status", r->status);
	cJSON_AddStringToObject(o, "status_notes", r->status_notes);
	cJSON_AddStringToObject(o, "service_name", k ? (fr ? k->name_fr : k->name_en) : "");
	cJSON_AddStringToObject(o, "service_code", r->service_code);
	cJSON_AddStringToObject(o, "agency_responsible", r->agency);
	cJSON_AddStringToObject(o, "service_notice", r->service_notice);
	add_time(o, "requested_datetime", r->requested);
	add_time(o, "updated_datetime", r->updated);
	add_time(o, "expected_datetime", r->expected);
	cJSON_AddStringToObject(o, "address", r->address);
	if (list) {
		cJSON_AddStringToObject(o, "device_id", r->device_id);
		cJSON_AddStringToObject(o, "client_request_id", r->client_request_id);
	}
	return o;
}

/* Checks a submission's attributes against the category: known codes, datatypes, list values,
 * required ones present. */
static const char *check_attributes(const struct central_category *k,
                                    const struct central_submission *sub)
{
	for (size_t i = 0; i < sub->attr_count; i++) {
		const char *code = sub->attr_codes[i], *v = sub->attr_values[i];
		if (!strcmp(code, "LANGUAGE") || !strcmp(code, "CLIENT_REQUEST_ID"))
			continue;
		const struct central_attr *a = central_config_attr(k, code);
		if (!a)
			return "unknown attribute for this service_code";
		if (!*v)
			continue;
		if (!strcmp(a->datatype, "number")) {
			char *end;
			double d = strtod(v, &end);
			if (*end || end == v || !isfinite(d))
				return "attribute must be a number";
		} else if (!strcmp(a->datatype, "datetime")) {
			int64_t t;
			if (calendar_parse_iso8601(v, strlen(v), &t, NULL) != 0)
				return "attribute must be an ISO 8601 date and time";
		} else if (!strcmp(a->datatype, "singlevaluelist") ||
		           !strcmp(a->datatype, "multivaluelist")) {
			bool multi = a->datatype[0] == 'm';
			const char *p = v;
			while (*p) {
				const char *end = multi ? strchr(p, ',') : NULL;
				size_t n = end ? (size_t)(end - p) : strlen(p);
				bool found = false;
				for (int j = 0; j < a->value_count; j++)
					found |= strlen(a->values[j].key) == n &&
					         !strncmp(a->values[j].key, p, n);
				if (!found)
					return "attribute value is not one of the allowed values";
				p += n;
				if (*p == ',')
					p++;
			}
		}
	}
	for (int i = 0; i < k->attr_count; i++) {
		if (!k->attrs[i].required)
			continue;
		bool present = false;
		for (size_t j = 0; j < sub->attr_count; j++)
			present |=
			    !strcmp(sub->attr_codes[j], k->attrs[i].code) && *sub->attr_values[j];
		if (!present)
			return "a required attribute is missing";
	}
	return NULL;
}

static enum MHD_Result open311_post(struct central_server *s, struct MHD_Connection *c,
                                    struct exchange *x)
{
	struct central_form form;
	struct central_submission sub;
	char err[160], notice[1024], standard[64], date[96], buf[40];
	if (!content_type_is(c, "application/x-www-form-urlencoded"))
		return send_error(s, c, x, 415,
		                  "Content-Type must be application/x-www-form-urlencoded");
	int rc = central_form_parse(x->body, x->len, &form);
	if (rc == -E2BIG)
		return send_error(s, c, x, 400, "too many form fields");
	if (rc == -EILSEQ)
		return send_error(s, c, x, 400, "body is not valid form encoding of UTF-8 text");
	if (rc == -ENOMEM)
		return send_error(s, c, x, 503, "out of memory, try again");
	if (rc)
		return send_error(s, c, x, 400, "empty or repeated field name");
	enum MHD_Result ret;
	if (!central_config_api_key_ok(&s->config, central_form_get(&form, "api_key"))) {
		ret = send_error(s, c, x, 403, "invalid api_key");
		goto out_free_form;
	}
	if (central_submission_parse(&form, &sub, err, sizeof err) != 0) {
		ret = send_error(s, c, x, 400, err);
		goto out_free_form;
	}
	const struct central_category *k = central_config_category(&s->config, sub.service_code);
	if (!k) {
		ret = send_error(s, c, x, 404, "unknown service_code");
		goto out_free_form;
	}
	for (int b = 0; b < 5; b++) {
		if ((k->required & (1u << b)) && !(sub.present & (1u << b))) {
			snprintf(err, sizeof err, "%s is required for this service_code",
			         field_names[b]);
			ret = send_error(s, c, x, 400, err);
			goto out_free_form;
		}
	}
	const char *why = check_attributes(k, &sub);
	if (why) {
		ret = send_error(s, c, x, 400, why);
		goto out_free_form;
	}
	bool bad;
	const char *key = idem_key(c, &bad);
	if (bad) {
		ret = send_error(s, c, x, 400, "Idempotency-Key is malformed");
		goto out_free_form;
	}
	if (!key)
		key = sub.client_request_id;

	int64_t now = central_server_now(s);
	const char *lang = sub.lang ? sub.lang : s->config.default_lang;
	bool fr = is_fr(lang);
	struct calendar_date by;
	int64_t expected = now;
	if (standards_answer_by_days(k->standard_days, now, &by) == 0)
		calendar_from_local(by, s->config.hours.close_min / 60 % 24,
		                    s->config.hours.close_min % 60, 0, &expected);
	standards_describe_days(k->standard_days, lang, standard, sizeof standard);
	calendar_format_date_long(by, lang, date, sizeof date);
	snprintf(notice, sizeof notice,
	         fr ? "Demande reçue. Norme de service : %s; réponse visée au plus tard le %s."
	            : "Request received. Service standard: %s; we aim to answer by %s.",
	         standard, date);
	cJSON *attrs = cJSON_CreateObject();
	for (size_t i = 0; i < sub.attr_count; i++)
		cJSON_AddStringToObject(attrs, sub.attr_codes[i], sub.attr_values[i]);
	char *attrs_text = cJSON_PrintUnformatted(attrs);
	cJSON_Delete(attrs);
	char hash[65];
	struct central_request_new nr = {
	    .sub = &sub,
	    .idem_key = key,
	    .idem_hash = body_hash(x, hash),
	    .service_notice = notice,
	    .agency = fr ? s->config.agency_fr : s->config.agency_en,
	    .attributes_json = attrs_text,
	    .now = now,
	    .expected = expected,
	};
	struct central_request_row *row = malloc(sizeof *row);
	bool replayed = false;
	rc = row ? central_db_request_create(s->db, &nr, row, &replayed) : -ENOMEM;
	free(attrs_text);
	if (rc) {
		free(row);
		ret = rc == -EEXIST ? send_idem_conflict(s, c, x) : send_db_error(s, c, x, rc);
		goto out_free_form;
	}
	cJSON *arr = cJSON_CreateArray(), *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "service_request_id", row->id);
	cJSON_AddStringToObject(o, "token", row->token);
	cJSON_AddStringToObject(o, "service_notice", row->service_notice);
	cJSON_AddNullToObject(o, "account_id");
	calendar_format_local(row->expected, buf, sizeof buf);
	cJSON_AddStringToObject(o, "expected_datetime", buf);
	cJSON_AddItemToArray(arr, o);
	free(row);
	ret = send_json(s, c, x, replayed ? 200 : 201, arr);
out_free_form:
	central_form_free(&form);
	return ret;
}

static enum MHD_Result open311_get_request(struct central_server *s, struct MHD_Connection *c,
                                           struct exchange *x, const char *id, bool by_token)
{
	struct central_request_row *row = malloc(sizeof *row);
	if (!row)
		return send_error(s, c, x, 503, "out of memory, try again");
	int rc = !central_key_valid(id) ? -ENOENT
	         : by_token             ? central_db_request_by_token(s->db, id, row)
	                                : central_db_request_get(s->db, id, row);
	enum MHD_Result ret;
	if (rc == -ENOENT) {
		ret = send_error(s, c, x, 404, by_token ? "unknown token" : "unknown request id");
	} else if (rc) {
		ret = send_db_error(s, c, x, rc);
	} else if (by_token) {
		cJSON *arr = cJSON_CreateArray(), *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "service_request_id", row->id);
		cJSON_AddStringToObject(o, "token", row->token);
		cJSON_AddItemToArray(arr, o);
		ret = send_json(s, c, x, 200, arr);
	} else {
		cJSON *arr = cJSON_CreateArray();
		cJSON_AddItemToArray(arr, request_json(s, row, is_fr(pick_lang(s, c)), false));
		ret = send_json(s, c, x, 200, arr);
	}
	free(row);
	return ret;
}

struct list_ctx {
	struct central_server *s;
	cJSON *arr;
	bool fr;
};

static int list_cb(const struct central_request_row *row, void *arg)
{
	struct list_ctx *l = arg;
	cJSON_AddItemToArray(l->arr, request_json(l->s, row, l->fr, true));
	return 0;
}

static enum MHD_Result open311_list(struct central_server *s, struct MHD_Connection *c,
                                    struct exchange *x)
{
	struct central_request_filter f = {.limit = 200};
	f.service_code = arg(c, "service_code");
	f.status = arg(c, "status");
	f.device_id = arg(c, "device_id");
	f.client_request_id = arg(c, "client_request_id");
	if (f.status && strcmp(f.status, "open") && strcmp(f.status, "closed"))
		return send_error(s, c, x, 400, "status must be open or closed");
	const char *sd = arg(c, "start_date"), *ed = arg(c, "end_date");
	if (sd) {
		if (calendar_parse_iso8601(sd, strlen(sd), &f.start, NULL) != 0)
			return send_error(s, c, x, 400, "start_date must be ISO 8601");
		f.has_start = true;
	}
	if (ed) {
		if (calendar_parse_iso8601(ed, strlen(ed), &f.end, NULL) != 0)
			return send_error(s, c, x, 400, "end_date must be ISO 8601");
		f.has_end = true;
	}
	struct list_ctx l = {s, cJSON_CreateArray(), is_fr(pick_lang(s, c))};
	const char *ids = arg(c, "service_request_id");
	if (ids) {
		/* Open311: a comma-separated list of ids, answered in that order (unknown ones are
		 * left out). At most 50. */
		char one[CENTRAL_MAX_KEY + 1];
		int count = 0;
		struct central_request_row *row = malloc(sizeof *row);
		if (!row) {
			cJSON_Delete(l.arr);
			return send_error(s, c, x, 503, "out of memory, try again");
		}
		for (const char *p = ids; *p && count < 50; count++) {
			size_t n = strcspn(p, ",");
			if (n > 0 && n < sizeof one) {
				memcpy(one, p, n);
				one[n] = '\0';
				int rc = central_key_valid(one)
				             ? central_db_request_get(s->db, one, row)
				             : -ENOENT;
				if (rc == 0)
					list_cb(row, &l);
				else if (rc != -ENOENT) {
					free(row);
					cJSON_Delete(l.arr);
					return send_db_error(s, c, x, rc);
				}
			}
			p += n;
			if (*p == ',')
				p++;
		}
		free(row);
		return send_json(s, c, x, 200, l.arr);
	}
	int rc = central_db_request_list(s->db, &f, list_cb, &l);
	if (rc) {
		cJSON_Delete(l.arr);
		return send_db_error(s, c, x, rc);
	}
	return send_json(s, c, x, 200, l.arr);
}

/* ---- queue ---- */

static void today(struct central_server *s, int64_t now, char day[11])
{
	(void)s;
	calendar_format_date(calendar_local_date(now), day, 11);
}

/* Wait range for someone with `ahead` people before them. */
static void queue_wait(const struct central_queue *q, const struct central_queue_load *l,
                       int64_t ahead, int64_t *min_s, int64_t *max_s, int *counters)
{
	int n = l->counters_active > 0 ? l->counters_active : q->counters;
	central_hours_wait(ahead, n, l->mean_s, min_s, max_s);
	if (counters)
		*counters = n;
}

static enum MHD_Result queue_services(struct central_server *s, struct MHD_Connection *c,
                                      struct exchange *x)
{
	int64_t now = central_server_now(s);
	char day[11];
	struct central_hours_status hs;
	today(s, now, day);
	central_hours_status(&s->config.hours, now, &hs);
	cJSON *arr = cJSON_CreateArray();
	for (int i = 0; i < s->config.queue_count; i++) {
		const struct central_queue *q = &s->config.queues[i];
		struct central_queue_load l;
		int64_t wmin, wmax;
		int counters, hours[2];
		int rc = central_db_queue_load(s->db, q->id, day, now, q->service_min * 60.0, &l);
		if (rc) {
			cJSON_Delete(arr);
			return send_db_error(s, c, x, rc);
		}
		queue_wait(q, &l, l.waiting, &wmin, &wmax, &counters);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", q->id);
		cJSON_AddItemToObject(o, "name", pair(q->name_fr, q->name_en));
		cJSON_AddStringToObject(o, "state", central_hours_state_name(hs.state));
		cJSON_AddNumberToObject(o, "waiting", (double)l.waiting);
		cJSON_AddNumberToObject(o, "wait_min_s", (double)wmin);
		cJSON_AddNumberToObject(o, "wait_max_s", (double)wmax);
		cJSON_AddNumberToObject(o, "counters_open", hs.accepting ? counters : 0);
		add_time(o, "opens_at", hs.opens_at);
		add_time(o, "closes_at", hs.closes_at);
		cJSON_AddItemToObject(o, "where", pair(q->where_fr, q->where_en));
		cJSON *best = cJSON_AddArrayToObject(o, "best_hours");
		int n = central_db_best_hours(s->db, q->id, now, s->config.hours.open_min,
		                              s->config.hours.close_min, hours);
		for (int h = 0; h < n; h++) {
			char range[16];
			int from = hours[h] * 60, to = from + 60;
			if (from < s->config.hours.open_min)
				from = s->config.hours.open_min;
			if (to > s->config.hours.close_min)
				to = s->config.hours.close_min;
			snprintf(range, sizeof range, "%02d:%02d-%02d:%02d", from / 60 % 100,
			         from % 60, to / 60 % 100, to % 60);
			cJSON_AddItemToArray(best, cJSON_CreateString(range));
		}
		cJSON_AddItemToArray(arr, o);
	}
	return send_json(s, c, x, 200, arr);
}

static cJSON *ticket_json(struct central_server *s, const struct central_queue *q,
                          const struct central_ticket_row *t, bool full)
{
	struct central_queue_load l;
	int64_t wmin = 0, wmax = 0;
	if (strcmp(t->state, "waiting") == 0 &&
	    central_db_queue_load(s->db, q->id, t->day, central_server_now(s),
	                          q->service_min * 60.0, &l) == 0)
		queue_wait(q, &l, t->ahead, &wmin, &wmax, NULL);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "ticket", t->label);
	cJSON_AddStringToObject(o, "service", t->service);
	cJSON_AddStringToObject(o, "state", t->state);
	if (t->counter[0])
		cJSON_AddStringToObject(o, "counter", t->counter);
	else
		cJSON_AddNullToObject(o, "counter");
	cJSON_AddNumberToObject(o, "ahead", (double)t->ahead);
	cJSON_AddNumberToObject(o, "wait_min_s", (double)wmin);
	cJSON_AddNumberToObject(o, "wait_max_s", (double)wmax);
	cJSON_AddBoolToObject(o, "priority", t->priority);
	add_time(o, "issued_at", t->issued);
	if (full) {
		cJSON_AddStringToObject(o, "lang", t->lang);
		cJSON_AddItemToObject(o, "where", pair(q->where_fr, q->where_en));
	}
	return o;
}

/* Reads the request's JSON body into *j (caller deletes it). Returns false when it was
 * refused, an error having been sent (its result in *sent): wrong type, too deep, not
 * UTF-8, not JSON. */
static bool json_body(struct central_server *s, struct MHD_Connection *c, struct exchange *x,
                      cJSON **j, enum MHD_Result *sent)
{
	int rc;
	if (!content_type_is(c, "application/json")) {
		*sent = send_error(s, c, x, 415, "Content-Type must be application/json");
		return false;
	}
	rc = central_json_parse(x->body, x->len, j);
	if (rc == 0)
		return true;
	*sent = send_error(s, c, x, 400,
	                   rc == -ELOOP    ? "JSON nested too deeply"
	                   : rc == -EILSEQ ? "body is not valid UTF-8"
	                                   : "body is not valid JSON");
	return false;
}

/* The page that follows a ticket (its state as JSON, GET tickets/{ticket}/follow), at the host
 * the kiosk reached: false when the Host header is missing or not a plain host[:port]. */
static bool follow_url(struct MHD_Connection *c, const char *label, char *out, size_t cap)
{
	const char *host = header(c, MHD_HTTP_HEADER_HOST);
	size_t n = host ? strlen(host) : 0;
	if (n == 0 || n > 255 ||
	    strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") !=
	        n)
		return false;
	return (size_t)snprintf(out, cap, "https://%s/queue/v1/tickets/%s/follow", host, label) <
	       cap;
}

static enum MHD_Result queue_take(struct central_server *s, struct MHD_Connection *c,
                                  struct exchange *x)
{
	cJSON *j = NULL;
	struct central_ticket_request tr;
	char err[120], day[11];
	enum MHD_Result sent;
	if (!json_body(s, c, x, &j, &sent))
		return sent;
	int rc = central_ticket_request_parse(j, &tr, err, sizeof err);
	cJSON_Delete(j);
	if (rc)
		return send_error(s, c, x, 400, err);
	const struct central_queue *q = central_config_queue(&s->config, tr.service);
	if (!q)
		return send_error(s, c, x, 404, "unknown service");
	bool bad;
	const char *key = idem_key(c, &bad);
	if (bad)
		return send_error(s, c, x, 400, "Idempotency-Key is malformed");
	int64_t now = central_server_now(s);
	struct central_hours_status hs;
	central_hours_status(&s->config.hours, now, &hs);
	if (!hs.accepting) {
		cJSON *e = error_body(409, is_fr(tr.lang) ? "Le service est fermé."
		                                          : "The service is closed.");
		cJSON *o = cJSON_GetArrayItem(e, 0);
		add_time(o, "next_opening", hs.next_opening);
		add_time(o, "opens_at", hs.opens_at);
		add_time(o, "closes_at", hs.closes_at);
		return send_json(s, c, x, 409, e);
	}
	today(s, now, day);
	struct central_ticket_row t;
	bool replayed = false;
	char hash[65];
	rc = central_db_ticket_take(s->db, q->id, tr.priority, tr.lang, key, body_hash(x, hash),
	                            day, now, &t, &replayed);
	if (rc == -EEXIST)
		return send_idem_conflict(s, c, x);
	if (rc == -ENOSPC)
		return send_error(s, c, x, 503, "no more tickets today");
	if (rc)
		return send_db_error(s, c, x, rc);
	cJSON *o = ticket_json(s, q, &t, true);
	char url[320];
	if (o && follow_url(c, t.label, url, sizeof url))
		cJSON_AddStringToObject(o, "follow_url", url);
	return send_json(s, c, x, replayed ? 200 : 201, o);
}

static enum MHD_Result queue_ticket(struct central_server *s, struct MHD_Connection *c,
                                    struct exchange *x, const char *label)
{
	char day[11], service[2] = {label[0], 0};
	size_t n = strlen(label);
	if (n != 4 || label[0] < 'A' || label[0] > 'Z' || strspn(label + 1, "0123456789") != 3)
		return send_error(s, c, x, 404, "unknown ticket");
	const struct central_queue *q = central_config_queue(&s->config, service);
	if (!q)
		return send_error(s, c, x, 404, "unknown ticket");
	today(s, central_server_now(s), day);
	struct central_ticket_row t;
	int rc = central_db_ticket_get(s->db, day, label, &t);
	if (rc == -ENOENT)
		return send_error(s, c, x, 404, "unknown ticket");
	if (rc)
		return send_db_error(s, c, x, rc);
	return send_json(s, c, x, 200, ticket_json(s, q, &t, false));
}

/* ---- kiosk ---- */

/* The common name of the verified client certificate (only when certificates are required and
 * so verified in the handshake). False when there is none or it is no plausible kiosk id. */
static bool client_cert_cn(struct central_server *s, struct MHD_Connection *c, char *out,
                           size_t cap)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	gnutls_x509_crt_t crt;
	unsigned int count = 0;
	size_t n = cap;
	bool ok = false;
	if (!s->require_client_cert || !ci || !ci->tls_session)
		return false;
	const gnutls_datum_t *der =
	    gnutls_certificate_get_peers((gnutls_session_t)ci->tls_session, &count);
	if (!der || count == 0 || gnutls_x509_crt_init(&crt) != 0)
		return false;
	if (gnutls_x509_crt_import(crt, &der[0], GNUTLS_X509_FMT_DER) == 0 &&
	    gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, out, &n) == 0)
		ok = central_key_valid(out);
	gnutls_x509_crt_deinit(crt);
	return ok;
}

/* Every kiosk API call carries the kiosk's api_key (query argument). A key of the kiosk's own
 * ([kiosk ID] in the config) binds the call to that kiosk; so does a verified client
 * certificate (its common name), and both must then name the same kiosk. bound gets the kiosk
 * ("" for a shared key without certificate). False when refused, the 403 sent (*sent). */
static bool kiosk_auth(struct central_server *s, struct MHD_Connection *c, struct exchange *x,
                       char bound[CENTRAL_MAX_KEY + 1], enum MHD_Result *sent)
{
	const char *key = arg(c, "api_key");
	char cn[CENTRAL_MAX_KEY + 1];
	bound[0] = '\0';
	if (!central_config_api_key_ok(&s->config, key)) {
		*sent = send_error(s, c, x, 403, "invalid api_key");
		return false;
	}
	const char *own = central_config_kiosk_of_key(&s->config, key);
	if (client_cert_cn(s, c, cn, sizeof cn)) {
		if (own && strcmp(own, cn) != 0) {
			*sent =
			    send_error(s, c, x, 403,
			               "the api_key and the client certificate are not the same "
			               "kiosk's");
			return false;
		}
		if (!own)
			own = cn;
	}
	if (own)
		snprintf(bound, CENTRAL_MAX_KEY + 1, "%s", own);
	return true;
}

static int notice_cb(const struct central_notice_row *n, void *arg)
{
	cJSON *arr = arg, *o = cJSON_CreateObject();
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)n->id);
	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "severity", n->severity);
	cJSON_AddItemToObject(o, "reason", pair(n->reason_fr, n->reason_en));
	add_time(o, "until", n->has_until ? n->until : 0);
	cJSON_AddItemToObject(o, "alternatives", pair(n->alt_fr, n->alt_en));
	cJSON_AddItemToArray(arr, o);
	return 0;
}

static enum MHD_Result kiosk_notices(struct central_server *s, struct MHD_Connection *c,
                                     struct exchange *x)
{
	char bound[CENTRAL_MAX_KEY + 1];
	enum MHD_Result sent;
	if (!kiosk_auth(s, c, x, bound, &sent))
		return sent;
	const char *site = arg(c, "site");
	if (site && !central_key_valid(site))
		return send_error(s, c, x, 400, "site is malformed");
	cJSON *arr = cJSON_CreateArray();
	int rc = central_db_notice_list(s->db, site, true, central_server_now(s), notice_cb, arr);
	if (rc) {
		cJSON_Delete(arr);
		return send_db_error(s, c, x, rc);
	}
	return send_json(s, c, x, 200, arr);
}

static enum MHD_Result kiosk_post(struct central_server *s, struct MHD_Connection *c,
                                  struct exchange *x, bool feedback)
{
	cJSON *j = NULL;
	char err[120], bound[CENTRAL_MAX_KEY + 1];
	enum MHD_Result sent;
	if (!kiosk_auth(s, c, x, bound, &sent))
		return sent;
	if (!json_body(s, c, x, &j, &sent))
		return sent;
	int rc;
	int64_t now = central_server_now(s);
	if (!feedback) {
		struct central_heartbeat *h = malloc(sizeof *h);
		rc = h ? central_heartbeat_parse(j, h, err, sizeof err) : -ENOMEM;
		cJSON_Delete(j);
		if (rc) {
			free(h);
			return rc == -ENOMEM ? send_error(s, c, x, 503, "out of memory")
			                     : send_error(s, c, x, 400, err);
		}
		/* A kiosk id is spoken for by its own credential only. */
		const char *why = NULL;
		if (bound[0] && strcmp(bound, h->kiosk) != 0)
			why = "this credential belongs to another kiosk";
		else if (!bound[0] && central_config_kiosk_has_key(&s->config, h->kiosk))
			why = "this kiosk must use its own api_key";
		if (why) {
			free(h);
			return send_error(s, c, x, 403, why);
		}
		rc = central_db_heartbeat(s->db, h, now);
		free(h);
		if (rc)
			return send_db_error(s, c, x, rc);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddBoolToObject(o, "ok", true);
		add_time(o, "server_time", now);
		return send_json(s, c, x, 200, o);
	}
	bool bad;
	const char *key = idem_key(c, &bad);
	if (bad) {
		cJSON_Delete(j);
		return send_error(s, c, x, 400, "Idempotency-Key is malformed");
	}
	struct central_feedback *f = malloc(sizeof *f);
	rc = f ? central_feedback_parse(j, f, err, sizeof err) : -ENOMEM;
	cJSON_Delete(j);
	if (rc) {
		free(f);
		return rc == -ENOMEM ? send_error(s, c, x, 503, "out of memory")
		                     : send_error(s, c, x, 400, err);
	}
	int64_t id = 0;
	bool replayed = false;
	char hash[65];
	rc = central_db_feedback_add(s->db, f, key, body_hash(x, hash), now, &id, &replayed);
	free(f);
	if (rc == -EEXIST)
		return send_idem_conflict(s, c, x);
	if (rc)
		return send_db_error(s, c, x, rc);
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", (long long)id);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", ids);
	return send_json(s, c, x, replayed ? 200 : 201, o);
}

/* ---- routing ---- */

/* Matches "prefix{middle}suffix" with a middle of 1..128 bytes and no '/'. */
static bool match_param(const char *url, const char *prefix, const char *suffix, char *out,
                        size_t cap)
{
	size_t pl = strlen(prefix), sl = strlen(suffix), ul = strlen(url);
	if (ul <= pl + sl || strncmp(url, prefix, pl) != 0 || strcmp(url + ul - sl, suffix) != 0)
		return false;
	size_t n = ul - pl - sl;
	if (n >= cap || memchr(url + pl, '/', n))
		return false;
	memcpy(out, url + pl, n);
	out[n] = '\0';
	return true;
}

/* Client certificates must be for client authentication (extended key usage clientAuth): a
 * server's certificate from the same CA is no kiosk credential. */
static char client_purpose_oid[] = GNUTLS_KP_TLS_WWW_CLIENT;
static gnutls_typed_vdata_st client_purpose = {
    .type = GNUTLS_DT_KEY_PURPOSE_OID, .data = (unsigned char *)client_purpose_oid, .size = 0};

/* Checked again per request, whatever the handshake did: verified chain, clientAuth purpose. */
static bool client_cert_ok(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	if (!ci || !ci->tls_session)
		return false;
	gnutls_session_t session = (gnutls_session_t)ci->tls_session;
	unsigned int count = 0, status = 0;
	if (!gnutls_certificate_get_peers(session, &count) || count == 0)
		return false;
	return gnutls_certificate_verify_peers(session, &client_purpose, 1, &status) ==
	           GNUTLS_E_SUCCESS &&
	       status == 0;
}

/* ---- connection guard (slow clients) ---- */

static void deadline_in(struct timespec *t, unsigned seconds)
{
	clock_gettime(CLOCK_MONOTONIC, t);
	t->tv_sec += (time_t)seconds;
}

static bool before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static void *watchdog_main(void *arg)
{
	struct central_server *s = arg;
	pthread_mutex_lock(&s->guard_lock);
	while (!s->watchdog_stop) {
		struct timespec now, next = {0, 0};
		bool any = false;
		clock_gettime(CLOCK_MONOTONIC, &now);
		for (struct guard *g = s->guards; g; g = g->next) {
			if (!g->armed)
				continue;
			if (!before(&now, &g->deadline)) {
				/* MHD sees end of stream and closes; the descriptor stays MHD's
				 * (the guard is unlinked under this lock before MHD closes it). */
				shutdown(g->fd, SHUT_RDWR);
				g->armed = false;
			} else if (!any || before(&g->deadline, &next)) {
				next = g->deadline;
				any = true;
			}
		}
		if (any)
			pthread_cond_timedwait(&s->guard_cv, &s->guard_lock, &next);
		else
			pthread_cond_wait(&s->guard_cv, &s->guard_lock);
	}
	pthread_mutex_unlock(&s->guard_lock);
	return NULL;
}

static void guard_arm(struct central_server *s, struct MHD_Connection *c, bool armed)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct guard *g = ci ? ci->socket_context : NULL;
	if (!g)
		return;
	pthread_mutex_lock(&s->guard_lock);
	g->armed = armed;
	if (armed) {
		deadline_in(&g->deadline, s->header_timeout_s);
		pthread_cond_signal(&s->guard_cv);
	}
	pthread_mutex_unlock(&s->guard_lock);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
	struct central_server *s = cls;
	struct guard *g = *socket_context;
	if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		if (g) {
			pthread_mutex_lock(&s->guard_lock);
			if (g->prev)
				g->prev->next = g->next;
			else
				s->guards = g->next;
			if (g->next)
				g->next->prev = g->prev;
			pthread_mutex_unlock(&s->guard_lock);
			free(g);
			*socket_context = NULL;
		}
		return;
	}
	const union MHD_ConnectionInfo *fi =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (s->require_client_cert) {
		/* The handshake itself demands a client certificate and verifies it (chain and
		 * purpose), so a connection without one never reaches HTTP. */
		const union MHD_ConnectionInfo *ti =
		    MHD_get_connection_info(c, MHD_CONNECTION_INFO_GNUTLS_SESSION);
		if (ti && ti->tls_session) {
			gnutls_session_t session = (gnutls_session_t)ti->tls_session;
			gnutls_certificate_server_set_request(session, GNUTLS_CERT_REQUIRE);
			gnutls_session_set_verify_cert2(session, &client_purpose, 1, 0);
		} else if (fi) {
			shutdown(fi->connect_fd, SHUT_RDWR);
		}
	}
	if (!fi)
		return;
	g = calloc(1, sizeof *g);
	if (!g) {
		/* Unguarded connections are what this is against: refuse rather. */
		shutdown(fi->connect_fd, SHUT_RDWR);
		return;
	}
	g->fd = fi->connect_fd;
	g->armed = true;
	deadline_in(&g->deadline, s->header_timeout_s);
	pthread_mutex_lock(&s->guard_lock);
	g->next = s->guards;
	if (s->guards)
		s->guards->prev = g;
	s->guards = g;
	pthread_cond_signal(&s->guard_cv);
	pthread_mutex_unlock(&s->guard_lock);
	*socket_context = g;
}

static enum MHD_Result route(struct central_server *s, struct MHD_Connection *c, struct exchange *x,
                             const char *url, const char *method)
{
	char p[CENTRAL_MAX_KEY + 1];
	bool get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
	bool post = !strcmp(method, "POST");
	struct arg_check ac = {0, false};
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, check_arg, &ac);
	if (ac.bad)
		return send_error(s, c, x, 400, "query arguments too many, too long or not UTF-8");
	if (!central_utf8_valid(url, strlen(url)))
		return send_error(s, c, x, 400, "path is not valid UTF-8");

	if (!strncmp(url, "/open311/v2/", 12)) {
		size_t ul = strlen(url);
		if (ul > 4 && !strcmp(url + ul - 4, ".xml"))
			return send_error(s, c, x, 400, "only the JSON format is served");
		if (!strcmp(url, "/open311/v2/discovery.json"))
			return get ? open311_discovery(s, c, x) : send_405(s, c, x, "GET");
		if (!strcmp(url, "/open311/v2/services.json"))
			return get ? open311_services(s, c, x) : send_405(s, c, x, "GET");
		if (!strcmp(url, "/open311/v2/requests.json")) {
			if (post)
				return open311_post(s, c, x);
			return get ? open311_list(s, c, x) : send_405(s, c, x, "GET, POST");
		}
		if (match_param(url, "/open311/v2/services/", ".json", p, sizeof p))
			return get ? open311_definition(s, c, x, p) : send_405(s, c, x, "GET");
		if (match_param(url, "/open311/v2/requests/", ".json", p, sizeof p))
			return get ? open311_get_request(s, c, x, p, false)
			           : send_405(s, c, x, "GET");
		if (match_param(url, "/open311/v2/tokens/", ".json", p, sizeof p))
			return get ? open311_get_request(s, c, x, p, true)
			           : send_405(s, c, x, "GET");
	} else if (!strncmp(url, "/queue/v1/", 10)) {
		if (!strcmp(url, "/queue/v1/services"))
			return get ? queue_services(s, c, x) : send_405(s, c, x, "GET");
		if (!strcmp(url, "/queue/v1/tickets"))
			return post ? queue_take(s, c, x) : send_405(s, c, x, "POST");
		if (match_param(url, "/queue/v1/tickets/", "/follow", p, sizeof p))
			return get ? queue_ticket(s, c, x, p) : send_405(s, c, x, "GET");
		if (match_param(url, "/queue/v1/tickets/", "", p, sizeof p))
			return get ? queue_ticket(s, c, x, p) : send_405(s, c, x, "GET");
	} else if (!strncmp(url, "/kiosk/v1/", 10)) {
		if (!strcmp(url, "/kiosk/v1/notices"))
			return get ? kiosk_notices(s, c, x) : send_405(s, c, x, "GET");
		if (!strcmp(url, "/kiosk/v1/heartbeat"))
			return post ? kiosk_post(s, c, x, false) : send_405(s, c, x, "POST");
		if (!strcmp(url, "/kiosk/v1/feedback"))
			return post ? kiosk_post(s, c, x, true) : send_405(s, c, x, "POST");
	}
	return send_error(s, c, x, 404, "not found");
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
	struct central_server *s = cls;
	struct exchange *x = *con_cls;
	(void)version;
	if (!x) {
		x = calloc(1, sizeof *x);
		if (!x)
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &x->start);
		snprintf(x->method, sizeof x->method, "%s", method);
		x->path = url;
		*con_cls = x;
		guard_arm(s, c, false); /* the headers are in */
		if (s->require_client_cert && !client_cert_ok(c)) {
			x->rejected = true;
			return send_error(s, c, x, 403, "a valid client certificate is required");
		}
		const char *cl = header(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl) {
			char *end;
			errno = 0;
			unsigned long long n = strtoull(cl, &end, 10);
			/* Bodies a little over the cap are read and dropped so the client sees the
			 * 413; a huge one is refused at once (the connection then closes). */
			if (errno || *end || n > DRAIN_MAX) {
				x->rejected = true;
				return send_error(s, c, x, 413, "request body too large");
			}
		}
		return MHD_YES;
	}
	if (*upload_size) {
		/* Bounded: past the cap the rest is read and dropped, then answered 413. */
		if (!x->too_big && !x->rejected) {
			if (x->len + *upload_size > CENTRAL_MAX_BODY) {
				x->too_big = true;
				free(x->body);
				x->body = NULL;
				x->len = 0;
			} else {
				char *nb = realloc(x->body, x->len + *upload_size + 1);
				if (!nb)
					return MHD_NO;
				memcpy(nb + x->len, upload_data, *upload_size);
				x->body = nb;
				x->len += *upload_size;
				x->body[x->len] = '\0';
			}
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (x->rejected)
		return MHD_YES;
	if (x->too_big)
		return send_error(s, c, x, 413, "request body too large");
	return route(s, c, x, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct exchange *x = *con_cls;
	(void)toe;
	/* A kept-alive connection waits for its next request's headers under the same deadline. */
	guard_arm(cls, c, true);
	if (x) {
		free(x->body);
		free(x);
		*con_cls = NULL;
	}
}

static void watchdog_stop(struct central_server *s)
{
	if (!s->watchdog_started)
		return;
	pthread_mutex_lock(&s->guard_lock);
	s->watchdog_stop = true;
	pthread_cond_signal(&s->guard_cv);
	pthread_mutex_unlock(&s->guard_lock);
	pthread_join(s->watchdog, NULL);
	s->watchdog_started = false;
}

int central_server_start(const struct central_server_options *o, struct central_server **out,
                         char *err, size_t cap)
{
	struct central_server *s = calloc(1, sizeof *s);
	struct sockaddr_in sa;
	int rc;
	if (!s)
		return -ENOMEM;
	pthread_mutex_init(&s->log_lock, NULL);
	pthread_mutex_init(&s->guard_lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->guard_cv, &ca);
	pthread_condattr_destroy(&ca);
	s->header_timeout_s = o->header_timeout_s ? o->header_timeout_s : DEFAULT_HEADER_TIMEOUT;
	if (o->config)
		s->config = *o->config;
	else
		central_config_defaults(&s->config);
	s->log = o->log;
	if (o->has_fake_now)
		central_server_set_now(s, o->fake_now);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons(o->port);
	if (inet_pton(AF_INET, o->addr ? o->addr : "127.0.0.1", &sa.sin_addr) != 1) {
		if (err)
			snprintf(err, cap, "--addr must be an IPv4 address");
		rc = -EINVAL;
		goto fail_free;
	}
	if ((rc = central_read_file(o->cert_path, 1 << 20, &s->cert_pem, NULL)) ||
	    (rc = central_read_file(o->key_path, 1 << 20, &s->key_pem, NULL)) ||
	    (o->client_ca_path &&
	     (rc = central_read_file(o->client_ca_path, 1 << 20, &s->ca_pem, NULL)))) {
		if (err)
			snprintf(err, cap, "cannot read the certificate, key or client CA file");
		goto fail_free;
	}
	s->require_client_cert = o->client_ca_path != NULL;
	rc = central_db_open(o->db_path, true, &s->db);
	if (rc) {
		if (err)
			snprintf(err, cap, "cannot open the database");
		goto fail_free;
	}
	if (pthread_create(&s->watchdog, NULL, watchdog_main, s) != 0) {
		if (err)
			snprintf(err, cap, "cannot start the connection watchdog");
		rc = -ENOMEM;
		goto fail_close_db;
	}
	s->watchdog_started = true;
	unsigned flags = MHD_USE_TLS | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
	int threads = o->threads > 0 ? o->threads : 4;
	if (threads > 64)
		threads = 64;
	unsigned max_conn = o->max_connections ? o->max_connections : DEFAULT_MAX_CONNECTIONS;
	unsigned per_ip = o->per_ip_limit ? o->per_ip_limit : DEFAULT_PER_IP_LIMIT;
	unsigned idle = o->idle_timeout_s ? o->idle_timeout_s : DEFAULT_IDLE_TIMEOUT_S;
	/* The list ends early (MHD_OPTION_END in place of the trust option) without a client CA. */
	s->daemon = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_CONNECTION_LIMIT, max_conn,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip, MHD_OPTION_CONNECTION_TIMEOUT, idle,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_NOTIFY_CONNECTION,
	    on_connection, s, MHD_OPTION_HTTPS_MEM_KEY, s->key_pem, MHD_OPTION_HTTPS_MEM_CERT,
	    s->cert_pem, MHD_OPTION_HTTPS_PRIORITIES, TLS_PRIORITIES,
	    s->ca_pem ? MHD_OPTION_HTTPS_MEM_TRUST : MHD_OPTION_END, s->ca_pem, MHD_OPTION_END);
	if (!s->daemon) {
		if (err)
			snprintf(err, cap, "cannot start HTTPS on that address and port");
		rc = -EADDRINUSE;
		goto fail_close_db;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : o->port;
	*out = s;
	return 0;

fail_close_db:
	watchdog_stop(s);
	central_db_close(s->db);
fail_free:
	free(s->cert_pem);
	free(s->key_pem);
	free(s->ca_pem);
	pthread_cond_destroy(&s->guard_cv);
	pthread_mutex_destroy(&s->guard_lock);
	pthread_mutex_destroy(&s->log_lock);
	free(s);
	return rc;
}

void central_server_stop(struct central_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->daemon);
	watchdog_stop(s);
	central_db_close(s->db);
	free(s->cert_pem);
	free(s->key_pem);
	free(s->ca_pem);
	pthread_cond_destroy(&s->guard_cv);
	pthread_mutex_destroy(&s->guard_lock);
	pthread_mutex_destroy(&s->log_lock);
	free(s);
}
