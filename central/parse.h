/* Request parsing for the reference central: UTF-8 checks, form-urlencoded bodies, JSON bodies
 * with a depth cap, and the typed contents of each POST. No server, no SQLite, no TLS here (libc
 * and cJSON only), so tests/fuzz/fuzz_central_request.c can drive it directly. */
#ifndef ACCUEIL_CENTRAL_PARSE_H
#define ACCUEIL_CENTRAL_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cJSON;

#define CENTRAL_MAX_BODY        (64 * 1024) /* bytes of a request body */
#define CENTRAL_MAX_FIELDS      64          /* form fields of one body */
#define CENTRAL_MAX_JSON_DEPTH  16          /* nesting of arrays and objects */
#define CENTRAL_MAX_DESCRIPTION 4000        /* characters (code points) of a description */
#define CENTRAL_MAX_NAME        100         /* first_name, last_name: characters */
#define CENTRAL_MAX_EMAIL       254         /* bytes */
#define CENTRAL_MAX_PHONE       40          /* bytes */
#define CENTRAL_MAX_ADDRESS     500         /* characters */
#define CENTRAL_MAX_KEY         128         /* ids, idempotency keys, device ids: bytes */
#define CENTRAL_MAX_ATTRS       16          /* attribute[X] fields */
#define CENTRAL_MAX_ATTR_VALUE  1000        /* characters of one attribute value */
#define CENTRAL_MAX_COMMENT     2000        /* feedback comment: characters */

/* True when s[0..len) is well-formed UTF-8 (no overlong forms, surrogates or code points above
 * U+10FFFF) without NUL bytes. */
bool central_utf8_valid(const char *s, size_t len);

/* Code points in well-formed UTF-8 s, or -1 when it is not well-formed (see above). */
long central_utf8_chars(const char *s, size_t len);

/* A parsed form body. Names and values are decoded copies, NUL-terminated, valid UTF-8. */
struct central_form {
	size_t count;
	const char *names[CENTRAL_MAX_FIELDS];
	const char *values[CENTRAL_MAX_FIELDS];
	size_t value_lens[CENTRAL_MAX_FIELDS];
	char *storage; /* owns every string above */
};

/* Parses an application/x-www-form-urlencoded body ('+' is a space, %XX escapes). Returns 0 and
 * fills *out (release with central_form_free), -E2BIG when there are more than
 * CENTRAL_MAX_FIELDS fields or len > CENTRAL_MAX_BODY, -EILSEQ on a bad escape or invalid UTF-8
 * or a NUL, -EINVAL on an empty name or a repeated name, -ENOMEM. On error *out is left empty. */
int central_form_parse(const char *body, size_t len, struct central_form *out);

/* Value of field `name`, or NULL. */
const char *central_form_get(const struct central_form *f, const char *name);

/* Releases the strings of f (f itself is the caller's). Safe on an empty form. */
void central_form_free(struct central_form *f);

/* Maximum nesting depth of arrays/objects in a JSON text, ignoring brackets inside strings;
 * stops counting past limit + 1. */
int central_json_depth(const char *s, size_t len, int limit);

/* Parses a JSON body: size, UTF-8 and depth checked first. Returns 0 and *out (free with
 * cJSON_Delete), -E2BIG (too large), -EILSEQ (bad UTF-8), -ELOOP (too deep), -EINVAL (not JSON). */
int central_json_parse(const char *body, size_t len, struct cJSON **out);

/* Contact fields a category may require (bit set). */
enum central_field_bit {
	CENTRAL_FIELD_FIRST_NAME = 1 << 0,
	CENTRAL_FIELD_LAST_NAME = 1 << 1,
	CENTRAL_FIELD_PHONE = 1 << 2,
	CENTRAL_FIELD_EMAIL = 1 << 3,
	CENTRAL_FIELD_DESCRIPTION = 1 << 4,
};

/* An Open311 POST requests.json, pointers into the form (valid while it lives). Absent and empty
 * fields are NULL. */
struct central_submission {
	const char *api_key, *service_code, *description, *first_name, *last_name, *email, *phone;
	const char *address_string, *address, *device_id, *lang, *client_request_id;
	bool has_location;
	double lat, lon;
	size_t attr_count;
	const char
	    *attr_codes[CENTRAL_MAX_ATTRS]; /* without "attribute[" "]" (copies in storage) */
	const char *attr_values[CENTRAL_MAX_ATTRS];
	unsigned present; /* central_field_bit of the contact fields given */
	char storage[CENTRAL_MAX_ATTRS * 68];
};

/* Reads and checks the fields of an Open311 submission: lengths (description counted in
 * characters), e-mail and phone shapes, lat/long ranges, attribute codes ([A-Za-z0-9_-], at most
 * 64), LANGUAGE fr|en. Unknown plain fields are ignored, as Open311 allows. Returns 0, or -EINVAL
 * with a short English reason in err (cap bytes) that names the field but never its value. */
int central_submission_parse(const struct central_form *f, struct central_submission *out,
                             char *err, size_t cap);

/* A queue POST tickets body {"service":"A","priority":false,"lang":"fr"}. */
struct central_ticket_request {
	char service[8];
	bool priority;
	char lang[3]; /* "fr" or "en" (default "fr") */
};

/* Checks a parsed ticket body. Returns 0 or -EINVAL with a reason in err. */
int central_ticket_request_parse(const struct cJSON *json, struct central_ticket_request *out,
                                 char *err, size_t cap);

/* A kiosk heartbeat body. */
struct central_heartbeat {
	char kiosk[CENTRAL_MAX_KEY + 1];
	char version[65];
	int64_t uptime_s;
	int64_t outbox_pending;
	int64_t outbox_oldest_s;
	char checks[2048];        /* the "checks" object re-serialised, or "" */
	int64_t assistance_calls; /* staff-assistance calls made on the kiosk since its last
	                             heartbeat */
};

/* Checks a parsed heartbeat body (kiosk required; numbers >= 0; checks an object of at most 2 KiB
 * once serialised). Returns 0 or -EINVAL with a reason in err. */
int central_heartbeat_parse(const struct cJSON *json, struct central_heartbeat *out, char *err,
                            size_t cap);

/* A kiosk feedback body. */
struct central_feedback {
	char task[16]; /* complaint | status | ticket */
	int rating;    /* 1..5 */
	char lang[3];
	char comment[CENTRAL_MAX_COMMENT * 4 + 1];
};

/* Checks a parsed feedback body. Returns 0 or -EINVAL with a reason in err. */
int central_feedback_parse(const struct cJSON *json, struct central_feedback *out, char *err,
                           size_t cap);

/* The preferred of "fr"/"en" in an Accept-Language header value ("fr-CA,fr;q=0.9,en;q=0.8"),
 * weights honoured; NULL when neither appears. Static storage. */
const char *central_accept_language(const char *header);

/* True when s is a plausible token for a key/id: 1..CENTRAL_MAX_KEY bytes of printable ASCII
 * without spaces. */
bool central_key_valid(const char *s);

/* True when s is valid UTF-8 of at most max characters without control characters: no C0
 * (tab, CR and LF allowed only when multiline), no DEL, no C1 (U+0080..U+009F). */
bool central_text_valid(const char *s, long max, bool multiline);

/* Copies in (NULL: "") to out (cap bytes, NUL-terminated) so that a terminal shows it as text:
 * C0 controls, DEL and bytes that are not UTF-8 become \xNN, C1 controls \u00NN, a backslash
 * \\. Cut short (never inside an escape or a character) when out is full. Returns the length. */
size_t central_escape(const char *in, char *out, size_t cap);

#endif
