/* Tolerant reading of what servers really send (PROTOCOL.md §1). Everything here is bounded by
 * the caller's buffers and NET_API_DEPTH_MAX; nothing trusts a length from the peer. */
#include "firmware/services/net_api.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "firmware/core/calendar.h"
#include "firmware/core/utf8.h"
#include "firmware/services/net_form.h"

/* ---- text ---- */

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	uint32_t cp;
	return utf8_decode((const char *)s, n, &cp);
}

long net_api_utf8_chars(const char *s)
{
	return utf8_chars(s, strlen(s));
}

size_t net_api_sanitize(const char *text, size_t len, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t o = 0, k;

	if (cap == 0)
		return 0;
	/* Leading white space is dropped, trailing trimmed at the end. */
	while (len > 0 && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
		p++;
		len--;
	}
	while (len > 0) {
		k = utf8_seq(p, len);
		if (k == 0) {
			if (o + 1 >= cap)
				break;
			out[o++] = '?';
			p++;
			len--;
			continue;
		}
		if (o + k >= cap)
			break; /* never half a character */
		if (k == 1) {
			unsigned char c = *p;
			out[o++] = (c < 0x20 && c != '\n') || c == 0x7f ? ' ' : (char)c;
		} else {
			memcpy(out + o, p, k);
			o += k;
		}
		p += k;
		len -= k;
	}
	while (o > 0 && (out[o - 1] == ' ' || out[o - 1] == '\n'))
		o--;
	out[o] = '\0';
	return o;
}

/* ---- JSON ---- */

static bool depth_ok(const char *s, size_t len)
{
	size_t i;
	int depth = 0;
	bool in_str = false;

	for (i = 0; i < len; i++) {
		char c = s[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == '[' || c == '{') {
			if (++depth > NET_API_DEPTH_MAX)
				return false;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return true;
}

void *net_api_json_parse(const char *body, size_t len)
{
	const char *end = NULL;
	cJSON *root;

	if (body == NULL || len == 0 || !depth_ok(body, len))
		return NULL;
	root = cJSON_ParseWithLengthOpts(body, len, &end, 0);
	if (root == NULL)
		return NULL;
	/* Trailing garbage means a broken reply, not a valid one with extras. */
	while (end != NULL && end < body + len &&
	       (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n' || *end == '\0'))
		end++;
	if (end == NULL || end < body + len) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

void net_api_json_free(void *json)
{
	cJSON_Delete(json);
}

size_t net_api_json_count(const void *json)
{
	const cJSON *j = json;

	if (cJSON_IsArray(j))
		return (size_t)cJSON_GetArraySize(j);
	if (cJSON_IsObject(j))
		return 1;
	return 0;
}

const void *net_api_json_at(const void *json, size_t i)
{
	const cJSON *j = json;

	if (cJSON_IsArray(j))
		return i <= INT32_MAX ? cJSON_GetArrayItem(j, (int)i) : NULL;
	if (cJSON_IsObject(j) && i == 0)
		return j;
	return NULL;
}

const void *net_api_json_get(const void *obj, const char *key)
{
	const cJSON *v;

	if (!cJSON_IsObject((const cJSON *)obj))
		return NULL;
	v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return v == NULL || cJSON_IsNull(v) ? NULL : v;
}

static int number_text(double d, char *out, size_t cap)
{
	int n;

	if (!isfinite(d))
		return -EINVAL;
	if (d == floor(d) && fabs(d) < 9007199254740992.0)
		n = snprintf(out, cap, "%.0f", d);
	else
		n = snprintf(out, cap, "%.17g", d);
	return n < 0 || (size_t)n >= cap ? -E2BIG : n;
}

bool net_api_json_is_array(const void *json)
{
	return cJSON_IsArray((const cJSON *)json);
}

int net_api_json_text(const void *obj, const char *key, char *out, size_t cap, bool strict)
{
	return net_api_json_value_text(net_api_json_get(obj, key), out, cap, strict);
}

int net_api_json_value_text(const void *value, char *out, size_t cap, bool strict)
{
	const cJSON *v = value;
	size_t len;
	int n;

	if (cap == 0)
		return -E2BIG;
	out[0] = '\0';
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsString(v) && v->valuestring != NULL) {
		len = strlen(v->valuestring);
		if (strict && len >= cap)
			return -E2BIG;
		return net_api_sanitize(v->valuestring, len, out, cap) > 0 ? 1 : 0;
	}
	if (cJSON_IsNumber(v)) {
		n = number_text(v->valuedouble, out, cap);
		if (n < 0) {
			out[0] = '\0';
			return strict ? -E2BIG : 0;
		}
		return 1;
	}
	if (cJSON_IsBool(v)) {
		n = snprintf(out, cap, "%s", cJSON_IsTrue(v) ? "true" : "false");
		if (n < 0 || (size_t)n >= cap) {
			out[0] = '\0';
			return strict ? -E2BIG : 0;
		}
		return 1;
	}
	return 0;
}

bool net_api_json_int(const void *obj, const char *key, int64_t *out)
{
	const cJSON *v = net_api_json_get(obj, key);
	const char *s;
	int64_t val = 0;
	bool neg = false;
	int digits = 0;

	if (v == NULL)
		return false;
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		if (!isfinite(d) || d != floor(d) || fabs(d) > 9007199254740992.0)
			return false;
		*out = (int64_t)d;
		return true;
	}
	if (!cJSON_IsString(v) || v->valuestring == NULL)
		return false;
	s = v->valuestring;
	while (*s == ' ')
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++digits > 16)
			return false;
		val = val * 10 + (*s - '0');
	}
	while (*s == ' ')
		s++;
	if (digits == 0 || *s != '\0')
		return false;
	*out = neg ? -val : val;
	return true;
}

bool net_api_json_bool(const void *obj, const char *key, bool *out)
{
	const cJSON *v = net_api_json_get(obj, key);

	if (v == NULL)
		return false;
	if (cJSON_IsBool(v)) {
		*out = cJSON_IsTrue(v);
		return true;
	}
	if (cJSON_IsNumber(v) && (v->valuedouble == 0 || v->valuedouble == 1)) {
		*out = v->valuedouble == 1;
		return true;
	}
	if (cJSON_IsString(v) && v->valuestring != NULL) {
		if (strcmp(v->valuestring, "true") == 0 || strcmp(v->valuestring, "1") == 0) {
			*out = true;
			return true;
		}
		if (strcmp(v->valuestring, "false") == 0 || strcmp(v->valuestring, "0") == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

void net_api_json_time(const void *obj, const char *key, struct net_api_time *out)
{
	const cJSON *v = net_api_json_get(obj, key);
	int64_t utc;
	int off;

	memset(out, 0, sizeof(*out));
	if (v == NULL || !cJSON_IsString(v) || v->valuestring == NULL)
		return;
	if (calendar_parse_iso8601(v->valuestring, strlen(v->valuestring), &utc, &off) == 0) {
		out->valid = true;
		out->utc = utc;
		out->offset_min = off;
	}
}

int net_api_json_text2(const void *obj, const char *key, char *fr, char *en, size_t cap)
{
	const cJSON *v = net_api_json_get(obj, key);
	int hf, he;

	fr[0] = en[0] = '\0';
	if (v == NULL)
		return 0;
	if (cJSON_IsObject(v)) {
		hf = net_api_json_text(v, "fr", fr, cap, false);
		he = net_api_json_text(v, "en", en, cap, false);
		if (hf <= 0 && he > 0)
			memcpy(fr, en, strlen(en) + 1);
		else if (he <= 0 && hf > 0)
			memcpy(en, fr, strlen(fr) + 1);
		return hf > 0 || he > 0;
	}
	if (net_api_json_text(obj, key, fr, cap, false) > 0) {
		memcpy(en, fr, strlen(fr) + 1);
		return 1;
	}
	return 0;
}

/* ---- outcomes ---- */

const char *net_api_error_name(int err)
{
	switch (err) {
	case NET_API_OK:
		return "ok";
	case NET_API_EOFFLINE:
		return "offline";
	case NET_API_ETIMEOUT:
		return "timeout";
	case NET_API_ESECURITY:
		return "security";
	case NET_API_ESERVER:
		return "server-error";
	case NET_API_EREJECTED:
		return "rejected";
	case NET_API_ENOTFOUND:
		return "not-found";
	case NET_API_ECLOSED:
		return "closed";
	case NET_API_EUNSUPPORTED:
		return "unsupported";
	case NET_API_EBADREPLY:
		return "bad-reply";
	case NET_API_EUNCONFIRMED:
		return "unconfirmed";
	case NET_API_ECONFLICT:
		return "conflict-bug";
	case NET_API_ECANCELLED:
		return "cancelled";
	}
	return "unknown";
}

int net_api_fail(struct net_api_status *st, int err, const struct net_result *res)
{
	if (st != NULL) {
		memset(st, 0, sizeof(*st));
		st->error = err;
		if (res != NULL) {
			st->http_status = res->status;
			st->net = res->error;
			st->retry_after_ms = res->retry_after_ms;
		}
	}
	return err;
}

/* The first usable error object: the item of an array, or the object, or its "error" /
 * "errors" member when that is where the details live. */
static const cJSON *error_object(const cJSON *root)
{
	const cJSON *o = root, *inner;

	if (cJSON_IsArray(o))
		o = cJSON_GetArrayItem(o, 0);
	if (!cJSON_IsObject(o))
		return NULL;
	inner = net_api_json_get(o, "errors");
	if (cJSON_IsArray(inner) && cJSON_IsObject(cJSON_GetArrayItem(inner, 0)))
		return cJSON_GetArrayItem(inner, 0);
	inner = net_api_json_get(o, "error");
	if (cJSON_IsObject(inner))
		return inner;
	return o;
}

/* Appends the strings of list (an array, or one string) to out, "; "-separated, after
 * "key: " when key is given. Bounded by cap; never half a character. */
static void append_list(const cJSON *list, const char *key, char *out, size_t cap, size_t *len)
{
	char item[NET_API_MESSAGE_MAX];
	const cJSON *v;
	bool first = true;
	int n;

	cJSON_ArrayForEach(v, list)
	{
		if (!cJSON_IsString(v) || v->valuestring == NULL ||
		    net_api_sanitize(v->valuestring, strlen(v->valuestring), item, sizeof(item)) ==
		        0)
			continue;
		n = snprintf(out + *len, cap - *len, "%s%s%s%s", *len > 0 && first ? "; " : "",
		             first && key ? key : "", first && key ? ": " : (first ? "" : ", "),
		             item);
		if (n < 0 || (size_t)n >= cap - *len) {
			out[*len] = '\0';
			return;
		}
		*len += (size_t)n;
		first = false;
	}
}

/* A message given as a list of strings or an object of lists; returns its length. */
static size_t message_of_lists(const cJSON *m, char *out, size_t cap)
{
	const cJSON *member;
	size_t len = 0;

	out[0] = '\0';
	if (cJSON_IsArray(m)) {
		append_list(m, NULL, out, cap, &len);
		return len;
	}
	cJSON_ArrayForEach(member, m)
	{
		char key[64];
		if (member->string == NULL ||
		    net_api_sanitize(member->string, strlen(member->string), key, sizeof(key)) == 0)
			continue;
		if (cJSON_IsString(member)) {
			cJSON *one = cJSON_CreateArray();
			if (one == NULL)
				break;
			cJSON_AddItemToArray(one, cJSON_CreateString(member->valuestring));
			append_list(one, key, out, cap, &len);
			cJSON_Delete(one);
		} else if (cJSON_IsArray(member)) {
			append_list(member, key, out, cap, &len);
		}
	}
	return len;
}

void net_api_read_error_body(const char *body, size_t len, struct net_api_status *st)
{
	static const char *const message_keys[] = {"description",       "detail", "message",
	                                           "error_description", "error",  "title"};
	cJSON *root = net_api_json_parse(body, len);
	const cJSON *o;
	size_t i;

	st->code[0] = st->message[0] = '\0';
	if (root == NULL)
		return; /* HTML page, plain text, nothing: the HTTP status speaks */
	o = error_object(root);
	if (o != NULL) {
		net_api_json_text(o, "code", st->code, sizeof(st->code), false);
		if (st->code[0] == '\0')
			net_api_json_text(o, "type", st->code, sizeof(st->code), false);
		for (i = 0; i < sizeof(message_keys) / sizeof(message_keys[0]); i++) {
			const cJSON *m = net_api_json_get(o, message_keys[i]);
			if (cJSON_IsString(m) && net_api_json_text(o, message_keys[i], st->message,
			                                           sizeof(st->message), false) > 0)
				break;
			/* ["a", "b"] or {"email": ["is invalid"], …} (validation frameworks). */
			if ((cJSON_IsArray(m) || cJSON_IsObject(m)) &&
			    message_of_lists(m, st->message, sizeof(st->message)) > 0)
				break;
		}
	} else if (cJSON_IsString(root) && root->valuestring != NULL) {
		net_api_sanitize(root->valuestring, strlen(root->valuestring), st->message,
		                 sizeof(st->message));
	}
	cJSON_Delete(root);
}

static int transport_error(const struct net_result *res, bool submission)
{
	switch (res->error) {
	case NET_OK:
		return NET_API_OK;
	case NET_ERR_CANCELLED:
		return NET_API_ECANCELLED;
	case NET_ERR_CERT_UNTRUSTED:
	case NET_ERR_CERT_TIME:
	case NET_ERR_CERT_NAME:
	case NET_ERR_PIN:
	case NET_ERR_TLS:
	case NET_ERR_CONFIG:
		return NET_API_ESECURITY;
	default:
		break;
	}
	if (submission && res->maybe_sent)
		return NET_API_EUNCONFIRMED;
	switch (res->error) {
	case NET_ERR_TIMEOUT:
		return NET_API_ETIMEOUT;
	case NET_ERR_TOO_LARGE:
	case NET_ERR_PROTOCOL:
		return NET_API_EBADREPLY;
	default:
		return NET_API_EOFFLINE; /* connect, broken connection, local trouble */
	}
}

/* True when text contains "idempot" in any case. */
static bool mentions_idempotency(const char *text)
{
	static const char word[] = "idempot";
	for (const char *p = text; *p; p++) {
		size_t i = 0;
		while (word[i] && p[i] && (p[i] | 0x20) == word[i])
			i++;
		if (!word[i])
			return true;
	}
	return false;
}

int net_api_check(const struct net_result *res, bool submission, struct net_api_status *st)
{
	struct net_api_status tmp;
	long s;
	int err;

	if (st == NULL)
		st = &tmp;
	if (res == NULL)
		return net_api_fail(st, NET_API_EBADREPLY, NULL);
	err = transport_error(res, submission);
	if (err != NET_API_OK || res->error != NET_OK)
		return net_api_fail(st, err != NET_API_OK ? err : NET_API_EOFFLINE, res);
	s = res->status;
	if (s >= 200 && s <= 299)
		return net_api_fail(st, NET_API_OK, res);
	if (s == 404 || s == 410)
		err = NET_API_ENOTFOUND;
	else if (s == 501)
		err = NET_API_EUNSUPPORTED;
	else if (s == 409)
		err = NET_API_ECLOSED;
	else if (submission && (s == 500 || s == 502 || s == 504))
		err = NET_API_EUNCONFIRMED; /* a gateway or crash after the write cannot be ruled
		                               out */
	else if (s == 429 || (s >= 500 && s <= 599))
		err = NET_API_ESERVER;
	else if (s >= 400 && s <= 499)
		err = NET_API_EREJECTED;
	else
		err = NET_API_EBADREPLY; /* 1xx, 3xx: no redirects are followed */
	net_api_fail(st, err, res);
	if (s >= 400)
		net_api_read_error_body(res->body, res->body_len, st);
	/* 422 is also many servers' "invalid field"; only the idempotency one is our bug (an
	 * Idempotency-Key sent before with another body). */
	if (submission && s == 422 &&
	    (mentions_idempotency(st->message) || mentions_idempotency(st->code))) {
		err = NET_API_ECONFLICT;
		st->error = err;
	}
	return err;
}

const void *net_api_json_list(const void *root, const char *key)
{
	const void *inner = net_api_json_get(root, key);
	return !net_api_json_is_array(root) && net_api_json_is_array(inner) ? inner : root;
}

int net_api_request_init(struct net_request *req, enum net_method method, const char *base,
                         const char *prefix, const char *id, const char *suffix)
{
	char path[NET_PATH_MAX];
	size_t len;
	int n;

	if (req == NULL || base == NULL || prefix == NULL)
		return -EINVAL;
	/* Cleared first: callers release req on any error, and it must hold no stale pointer. */
	memset(req, 0, sizeof(*req));
	n = snprintf(path, sizeof(path), "%s%s", base, prefix);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	len = (size_t)n;
	if (id != NULL && net_form_escape_append(path, sizeof(path), &len, id) != 0)
		return -ENAMETOOLONG;
	if (suffix != NULL) {
		n = snprintf(path + len, sizeof(path) - len, "%s", suffix);
		if (n < 0 || (size_t)n >= sizeof(path) - len)
			return -ENAMETOOLONG;
	}
	return net_request_init(req, method, path);
}
