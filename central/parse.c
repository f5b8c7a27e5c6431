/* Bounded parsing and validation of what peers send to the central. See parse.h. */
#include "central/parse.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "firmware/core/utf8.h"

static void set_err(char *err, size_t cap, const char *msg)
{
	if (err && cap) {
		size_t n = strlen(msg);
		if (n >= cap)
			n = cap - 1;
		memcpy(err, msg, n);
		err[n] = '\0';
	}
}

long central_utf8_chars(const char *str, size_t len)
{
	return utf8_chars(str, len);
}

bool central_utf8_valid(const char *s, size_t len)
{
	return utf8_valid(s, len);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes src[0..len) into dst (room for len + 1). Returns the decoded length or -EILSEQ. */
static long url_decode(const char *src, size_t len, char *dst)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		char c = src[i];
		if (c == '+') {
			dst[o++] = ' ';
		} else if (c == '%') {
			if (i + 2 >= len)
				return -EILSEQ;
			int hi = hexval(src[i + 1]), lo = hexval(src[i + 2]);
			if (hi < 0 || lo < 0)
				return -EILSEQ;
			dst[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			dst[o++] = c;
		}
	}
	dst[o] = '\0';
	if (!central_utf8_valid(dst, o))
		return -EILSEQ;
	return (long)o;
}

void central_form_free(struct central_form *f)
{
	if (!f)
		return;
	free(f->storage);
	memset(f, 0, sizeof *f);
}

int central_form_parse(const char *body, size_t len, struct central_form *out)
{
	struct central_form f;
	int rc = 0;
	memset(&f, 0, sizeof f);
	memset(out, 0, sizeof *out);
	if (len > CENTRAL_MAX_BODY)
		return -E2BIG;
	if (len && !body)
		return -EINVAL;
	/* Decoded text is never longer than its source; two NULs per field at most. */
	f.storage = malloc(len + 2 * CENTRAL_MAX_FIELDS + 2);
	if (!f.storage)
		return -ENOMEM;
	size_t used = 0, i = 0;
	while (i < len) {
		size_t end = i;
		while (end < len && body[end] != '&')
			end++;
		if (end > i) {
			if (f.count == CENTRAL_MAX_FIELDS) {
				rc = -E2BIG;
				goto fail_free_storage;
			}
			size_t eq = i;
			while (eq < end && body[eq] != '=')
				eq++;
			char *name = f.storage + used;
			long nl = url_decode(body + i, eq - i, name);
			if (nl < 0) {
				rc = -EILSEQ;
				goto fail_free_storage;
			}
			if (nl == 0) {
				rc = -EINVAL;
				goto fail_free_storage;
			}
			used += (size_t)nl + 1;
			char *value = f.storage + used;
			long vl = eq < end ? url_decode(body + eq + 1, end - eq - 1, value) : 0;
			if (vl < 0) {
				rc = -EILSEQ;
				goto fail_free_storage;
			}
			if (eq >= end)
				value[0] = '\0';
			used += (size_t)vl + 1;
			for (size_t k = 0; k < f.count; k++) {
				if (strcmp(f.names[k], name) == 0) {
					rc = -EINVAL;
					goto fail_free_storage;
				}
			}
			f.names[f.count] = name;
			f.values[f.count] = value;
			f.value_lens[f.count] = (size_t)vl;
			f.count++;
		}
		i = end + 1;
	}
	*out = f;
	return 0;

fail_free_storage:
	free(f.storage);
	return rc;
}

const char *central_form_get(const struct central_form *f, const char *name)
{
	for (size_t i = 0; i < f->count; i++)
		if (strcmp(f->names[i], name) == 0)
			return f->values[i];
	return NULL;
}

int central_json_depth(const char *s, size_t len, int limit)
{
	int depth = 0, max = 0;
	bool in_string = false, escaped = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (in_string) {
			if (escaped)
				escaped = false;
			else if (c == '\\')
				escaped = true;
			else if (c == '"')
				in_string = false;
			continue;
		}
		if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			depth++;
			if (depth > max)
				max = depth;
			if (max > limit)
				return max;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return max;
}

int central_json_parse(const char *body, size_t len, struct cJSON **out)
{
	if (len > CENTRAL_MAX_BODY)
		return -E2BIG;
	if (len && !body)
		return -EINVAL;
	if (!central_utf8_valid(body, len))
		return -EILSEQ;
	if (central_json_depth(body, len, CENTRAL_MAX_JSON_DEPTH) > CENTRAL_MAX_JSON_DEPTH)
		return -ELOOP;
	char *copy = malloc(len + 1);
	if (!copy)
		return -ENOMEM;
	if (len)
		memcpy(copy, body, len);
	copy[len] = '\0';
	const char *end = NULL;
	cJSON *j = cJSON_ParseWithOpts(copy, &end, 1);
	free(copy);
	if (!j)
		return -EINVAL;
	*out = j;
	return 0;
}

/* C1 controls U+0080..U+009F are C2 80..C2 9F in UTF-8 (U+009B is a terminal's CSI). */
static bool is_c1(const unsigned char *s)
{
	return s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F;
}

bool central_text_valid(const char *s, long max, bool multiline)
{
	size_t len = strlen(s);
	long chars = central_utf8_chars(s, len);
	if (chars < 0 || chars > max)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0x7F || is_c1((const unsigned char *)s + i))
			return false;
		/* Tabs and line breaks only where the text may span lines (descriptions,
		 * comments, addresses): elsewhere they only forge columns. */
		if (c < 0x20 && !(multiline && (c == '\t' || c == '\n' || c == '\r')))
			return false;
	}
	return true;
}

/* Text a person typed: valid UTF-8, at most max characters, no control characters except tab
 * and (when multiline) line breaks. */
static bool text_ok(const char *s, long max, bool multiline)
{
	return central_text_valid(s, max, multiline);
}

size_t central_escape(const char *in, char *out, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)(in ? in : "");
	size_t o = 0;
	if (cap == 0)
		return 0;
	while (*p) {
		char tmp[8];
		size_t n = 0, take = 1;
		uint32_t cp;
		size_t seq = utf8_decode((const char *)p, strnlen((const char *)p, 4), &cp);
		if (*p == '\\') {
			tmp[n++] = '\\';
			tmp[n++] = '\\';
		} else if (*p < 0x20 || *p == 0x7F || seq == 0) {
			tmp[n++] = '\\';
			tmp[n++] = 'x';
			tmp[n++] = hex[*p >> 4];
			tmp[n++] = hex[*p & 15];
		} else if (seq == 2 && is_c1(p)) {
			memcpy(tmp, "\\u00", 4);
			n = 4;
			tmp[n++] = hex[p[1] >> 4];
			tmp[n++] = hex[p[1] & 15];
			take = 2;
		} else {
			memcpy(tmp, p, seq);
			n = take = seq;
		}
		if (o + n >= cap)
			break; /* cut short, never in the middle of an escape or a character */
		memcpy(out + o, tmp, n);
		o += n;
		p += take;
	}
	out[o] = '\0';
	return o;
}

bool central_key_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > CENTRAL_MAX_KEY)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7F)
			return false;
	return true;
}

static bool code_ok(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.'))
			return false;
	}
	return true;
}

static bool email_ok(const char *s)
{
	size_t n = strlen(s), at = 0, ats = 0;
	if (n < 3 || n > CENTRAL_MAX_EMAIL)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7F || c == '<' || c == '>' || c == '"' || c == ',' ||
		    c == ';')
			return false;
		if (c == '@') {
			at = i;
			ats++;
		}
	}
	return ats == 1 && at > 0 && at + 1 < n && strchr(s + at + 1, '.') != NULL &&
	       s[n - 1] != '.';
}

static bool phone_ok(const char *s)
{
	size_t n = strlen(s), digits = 0;
	if (n == 0 || n > CENTRAL_MAX_PHONE)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9')
			digits++;
		else if (!strchr(" +-().#*xXeEtT,/", c))
			return false;
	}
	return digits >= 3;
}

static bool number_ok(const char *s, double lo, double hi, double *out)
{
	char *end = NULL;
	if (!*s || strlen(s) > 32)
		return false;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/* Empty means absent: Open311 clients send "" for fields they do not have. */
static const char *field(const struct central_form *f, const char *name)
{
	const char *v = central_form_get(f, name);
	return (v && *v) ? v : NULL;
}

int central_submission_parse(const struct central_form *f, struct central_submission *out,
                             char *err, size_t cap)
{
	struct central_submission s;
	memset(&s, 0, sizeof s);
	s.api_key = field(f, "api_key");
	s.service_code = field(f, "service_code");
	s.description = field(f, "description");
	s.first_name = field(f, "first_name");
	s.last_name = field(f, "last_name");
	s.email = field(f, "email");
	s.phone = field(f, "phone");
	s.address_string = field(f, "address_string");
	s.address = field(f, "address");
	s.device_id = field(f, "device_id");
	if (s.api_key && !central_key_valid(s.api_key))
		return set_err(err, cap, "api_key is malformed"), -EINVAL;
	if (!s.service_code)
		return set_err(err, cap, "service_code is required"), -EINVAL;
	if (!code_ok(s.service_code, 64))
		return set_err(err, cap, "service_code is malformed"), -EINVAL;
	if (s.description && !text_ok(s.description, CENTRAL_MAX_DESCRIPTION, true))
		return set_err(err, cap,
		               "description must be valid text of at most 4000 characters"),
		       -EINVAL;
	if (s.first_name && !text_ok(s.first_name, CENTRAL_MAX_NAME, false))
		return set_err(err, cap, "first_name is too long or malformed"), -EINVAL;
	if (s.last_name && !text_ok(s.last_name, CENTRAL_MAX_NAME, false))
		return set_err(err, cap, "last_name is too long or malformed"), -EINVAL;
	if (s.email && !email_ok(s.email))
		return set_err(err, cap, "email is not a valid address"), -EINVAL;
	if (s.phone && !phone_ok(s.phone))
		return set_err(err, cap, "phone is not a valid number"), -EINVAL;
	if (s.address_string && !text_ok(s.address_string, CENTRAL_MAX_ADDRESS, true))
		return set_err(err, cap, "address_string is too long or malformed"), -EINVAL;
	if (s.address && !text_ok(s.address, CENTRAL_MAX_ADDRESS, true))
		return set_err(err, cap, "address is too long or malformed"), -EINVAL;
	if (s.device_id && !central_key_valid(s.device_id))
		return set_err(err, cap, "device_id is malformed"), -EINVAL;
	const char *lat = field(f, "lat"), *lon = field(f, "long");
	if (lat || lon) {
		if (!lat || !lon || !number_ok(lat, -90, 90, &s.lat) ||
		    !number_ok(lon, -180, 180, &s.lon))
			return set_err(err, cap, "lat and long must be given together, in range"),
			       -EINVAL;
		s.has_location = true;
	}
	const char *locale = field(f, "locale");
	if (locale && (strncmp(locale, "fr", 2) == 0 || strncmp(locale, "en", 2) == 0))
		s.lang = strncmp(locale, "fr", 2) == 0 ? "fr" : "en";
	size_t used = 0;
	for (size_t i = 0; i < f->count; i++) {
		const char *name = f->names[i];
		size_t nl = strlen(name);
		if (nl < 11 || strncmp(name, "attribute[", 10) != 0)
			continue;
		if (name[nl - 1] != ']' || nl - 11 == 0 || nl - 11 > 64)
			return set_err(err, cap, "attribute name is malformed"), -EINVAL;
		if (s.attr_count == CENTRAL_MAX_ATTRS)
			return set_err(err, cap, "too many attributes"), -EINVAL;
		char *code = s.storage + used;
		memcpy(code, name + 10, nl - 11);
		code[nl - 11] = '\0';
		used += nl - 10;
		if (!code_ok(code, 64))
			return set_err(err, cap, "attribute name is malformed"), -EINVAL;
		const char *v = f->values[i];
		if (!text_ok(v, CENTRAL_MAX_ATTR_VALUE, true))
			return set_err(err, cap, "attribute value is too long or malformed"),
			       -EINVAL;
		if (strcmp(code, "LANGUAGE") == 0) {
			if (strcmp(v, "fr") != 0 && strcmp(v, "en") != 0)
				return set_err(err, cap, "attribute[LANGUAGE] must be fr or en"),
				       -EINVAL;
			s.lang = strcmp(v, "fr") == 0 ? "fr" : "en";
		} else if (strcmp(code, "CLIENT_REQUEST_ID") == 0) {
			if (*v && !central_key_valid(v))
				return set_err(err, cap,
				               "attribute[CLIENT_REQUEST_ID] is malformed"),
				       -EINVAL;
			s.client_request_id = *v ? v : NULL;
		}
		s.attr_codes[s.attr_count] = code;
		s.attr_values[s.attr_count] = v;
		s.attr_count++;
	}
	if (s.first_name)
		s.present |= CENTRAL_FIELD_FIRST_NAME;
	if (s.last_name)
		s.present |= CENTRAL_FIELD_LAST_NAME;
	if (s.phone)
		s.present |= CENTRAL_FIELD_PHONE;
	if (s.email)
		s.present |= CENTRAL_FIELD_EMAIL;
	if (s.description)
		s.present |= CENTRAL_FIELD_DESCRIPTION;
	/* The attribute codes point into s.storage: fix them up for the copy. */
	*out = s;
	for (size_t i = 0; i < s.attr_count; i++)
		out->attr_codes[i] = out->storage + (s.attr_codes[i] - s.storage);
	return 0;
}

/* Copies a JSON string member (absent or null: def) into out (cap bytes); max characters. */
static int json_string(const cJSON *obj, const char *name, const char *def, char *out, size_t cap,
                       long max)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	const char *s = def;
	if (v && !cJSON_IsNull(v)) {
		if (!cJSON_IsString(v) || !v->valuestring)
			return -EINVAL;
		s = v->valuestring;
	}
	if (!s) {
		out[0] = '\0';
		return 1;
	}
	size_t n = strlen(s);
	long chars = central_utf8_chars(s, n);
	if (chars < 0 || chars > max || n >= cap)
		return -EINVAL;
	memcpy(out, s, n + 1);
	return 0;
}

static int json_int(const cJSON *obj, const char *name, int64_t def, int64_t lo, int64_t hi,
                    int64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (!v || cJSON_IsNull(v)) {
		*out = def;
		return 0;
	}
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < (double)lo ||
	    v->valuedouble > (double)hi || v->valuedouble != (double)(int64_t)v->valuedouble)
		return -EINVAL;
	*out = (int64_t)v->valuedouble;
	return 0;
}

static bool lang_ok(const char *l)
{
	return strcmp(l, "fr") == 0 || strcmp(l, "en") == 0;
}

int central_ticket_request_parse(const cJSON *json, struct central_ticket_request *out, char *err,
                                 size_t cap)
{
	struct central_ticket_request t;
	memset(&t, 0, sizeof t);
	if (!cJSON_IsObject(json))
		return set_err(err, cap, "body must be a JSON object"), -EINVAL;
	if (json_string(json, "service", NULL, t.service, sizeof t.service, 7) != 0 ||
	    !code_ok(t.service, 7))
		return set_err(err, cap, "service is required"), -EINVAL;
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(json, "priority");
	if (p && !cJSON_IsNull(p)) {
		if (!cJSON_IsBool(p))
			return set_err(err, cap, "priority must be true or false"), -EINVAL;
		t.priority = cJSON_IsTrue(p);
	}
	if (json_string(json, "lang", "fr", t.lang, sizeof t.lang, 2) != 0 || !lang_ok(t.lang))
		return set_err(err, cap, "lang must be fr or en"), -EINVAL;
	*out = t;
	return 0;
}

/* Every member name and string in j is single-line text without control characters. */
static bool json_text_clean(const cJSON *j, int depth)
{
	if (depth > CENTRAL_MAX_JSON_DEPTH)
		return false;
	if (j->string && !text_ok(j->string, CENTRAL_MAX_BODY, false))
		return false;
	if (cJSON_IsString(j) && !text_ok(j->valuestring, CENTRAL_MAX_BODY, false))
		return false;
	for (const cJSON *c = j->child; c; c = c->next)
		if (!json_text_clean(c, depth + 1))
			return false;
	return true;
}

int central_heartbeat_parse(const cJSON *json, struct central_heartbeat *out, char *err, size_t cap)
{
	struct central_heartbeat *h = out;
	char kiosk[CENTRAL_MAX_KEY + 1], version[65];
	int64_t uptime, pending = 0, oldest = 0, assist = 0;
	if (!cJSON_IsObject(json))
		return set_err(err, cap, "body must be a JSON object"), -EINVAL;
	if (json_string(json, "kiosk", NULL, kiosk, sizeof kiosk, CENTRAL_MAX_KEY) != 0 ||
	    !central_key_valid(kiosk))
		return set_err(err, cap, "kiosk is required"), -EINVAL;
	if (json_string(json, "version", "", version, sizeof version, 64) < 0 ||
	    !text_ok(version, 64, false))
		return set_err(err, cap,
		               "version must be a short string without control characters"),
		       -EINVAL;
	if (json_int(json, "uptime_s", 0, 0, INT64_C(1) << 40, &uptime) != 0)
		return set_err(err, cap, "uptime_s must be a whole number >= 0"), -EINVAL;
	const cJSON *ob = cJSON_GetObjectItemCaseSensitive(json, "outbox");
	if (ob && !cJSON_IsNull(ob)) {
		if (!cJSON_IsObject(ob) ||
		    json_int(ob, "pending", 0, 0, INT64_C(1) << 40, &pending) != 0 ||
		    json_int(ob, "oldest_s", 0, 0, INT64_C(1) << 40, &oldest) != 0)
			return set_err(err, cap, "outbox must hold whole numbers >= 0"), -EINVAL;
	}
	if (json_int(json, "assistance_calls", 0, 0, 100000, &assist) != 0)
		return set_err(err, cap,
		               "assistance_calls must be a whole number from 0 to 100000"),
		       -EINVAL;
	const cJSON *checks = cJSON_GetObjectItemCaseSensitive(json, "checks");
	char checks_text[sizeof h->checks] = "";
	if (checks && !cJSON_IsNull(checks)) {
		if (!cJSON_IsObject(checks))
			return set_err(err, cap, "checks must be an object"), -EINVAL;
		if (!json_text_clean(checks, 0))
			return set_err(err, cap, "checks must hold no control characters"), -EINVAL;
		if (!cJSON_PrintPreallocated((cJSON *)checks, checks_text,
		                             (int)sizeof checks_text - 8, 0))
			return set_err(err, cap, "checks is too large"), -EINVAL;
	}
	memcpy(h->kiosk, kiosk, sizeof kiosk);
	memcpy(h->version, version, sizeof version);
	h->uptime_s = uptime;
	h->outbox_pending = pending;
	h->outbox_oldest_s = oldest;
	h->assistance_calls = assist;
	memcpy(h->checks, checks_text, sizeof checks_text);
	return 0;
}

int central_feedback_parse(const cJSON *json, struct central_feedback *out, char *err, size_t cap)
{
	char task[16], lang[3];
	int64_t rating;
	if (!cJSON_IsObject(json))
		return set_err(err, cap, "body must be a JSON object"), -EINVAL;
	if (json_string(json, "task", NULL, task, sizeof task, 15) != 0 ||
	    (strcmp(task, "complaint") != 0 && strcmp(task, "status") != 0 &&
	     strcmp(task, "ticket") != 0))
		return set_err(err, cap, "task must be complaint, status or ticket"), -EINVAL;
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(json, "rating");
	if (!r || json_int(json, "rating", 0, 1, 5, &rating) != 0)
		return set_err(err, cap, "rating must be 1 to 5"), -EINVAL;
	if (json_string(json, "lang", "fr", lang, sizeof lang, 2) != 0 || !lang_ok(lang))
		return set_err(err, cap, "lang must be fr or en"), -EINVAL;
	if (json_string(json, "comment", "", out->comment, sizeof out->comment,
	                CENTRAL_MAX_COMMENT) < 0 ||
	    !text_ok(out->comment, CENTRAL_MAX_COMMENT, true))
		return set_err(err, cap, "comment must be text of at most 2000 characters"),
		       -EINVAL;
	memcpy(out->task, task, sizeof task);
	memcpy(out->lang, lang, sizeof lang);
	out->rating = (int)rating;
	return 0;
}

const char *central_accept_language(const char *header)
{
	double best_q = -1;
	const char *best = NULL;
	const char *p = header;
	if (!p)
		return NULL;
	/* Bounded: headers longer than this are not worth reading. */
	for (int items = 0; *p && items < 32; items++) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *tag = p;
		while (*p && *p != ',' && *p != ';')
			p++;
		size_t tl = (size_t)(p - tag);
		double q = 1.0;
		if (*p == ';') {
			const char *qs = strstr(p, "q=");
			const char *comma = strchr(p, ',');
			if (qs && (!comma || qs < comma)) {
				char buf[8] = "";
				size_t k = 0;
				qs += 2;
				while (k < sizeof buf - 1 && qs[k] && qs[k] != ',' && qs[k] != ' ')
					buf[k] = qs[k], k++;
				buf[k] = '\0';
				char *end;
				q = strtod(buf, &end);
				if (end == buf || q < 0 || q > 1)
					q = 0;
			}
			while (*p && *p != ',')
				p++;
		}
		const char *lang = NULL;
		if (tl >= 2 && (tl == 2 || tag[2] == '-' || tag[2] == '_')) {
			if ((tag[0] | 0x20) == 'f' && (tag[1] | 0x20) == 'r')
				lang = "fr";
			else if ((tag[0] | 0x20) == 'e' && (tag[1] | 0x20) == 'n')
				lang = "en";
		}
		if (lang && q > 0 && q > best_q) {
			best_q = q;
			best = lang;
		}
		if (!*p)
			break;
	}
	return best;
}
