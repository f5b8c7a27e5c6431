/* open311: the kiosk's Open311 GeoReport v2 client (PROTOCOL.md §1): request builders that fill
 * a struct net_request, and pure response parsers (no libcurl) tolerant of every quirk real
 * servers have: ids as strings or numbers (kept as strings), 200 or 201, an array or a bare
 * object, `200 []` for "not found", every error shape, missing / null / "" fields alike, dates
 * with fractions and any offset, and no discovery, definitions or tokens at all.
 *
 * Builders return 0 or a negative errno code and leave *req released on error. Parsers take the
 * finished net_result, return NET_API_OK or an enum net_api_error, fill *st (may be NULL) in
 * every case, and write *out only on success. */
#ifndef ACCUEIL_OPEN311_H
#define ACCUEIL_OPEN311_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/core/i18n.h"
#include "firmware/services/net.h"
#include "firmware/services/net_api.h"

#define OPEN311_CODE_MAX          64  /* service codes, attribute codes */
#define OPEN311_ID_MAX            128 /* service_request_id, token, account_id */
#define OPEN311_NAME_MAX          200
#define OPEN311_TEXT_MAX          1024 /* descriptions, notices, notes */
#define OPEN311_SERVICES_MAX      64
#define OPEN311_ATTRS_MAX         24
#define OPEN311_VALUES_MAX        16
#define OPEN311_EXTRA_MAX         16   /* extra attributes a submission may carry */
#define OPEN311_DESCRIPTION_CHARS 4000 /* PROTOCOL.md §1, counted as characters */
#define OPEN311_UUID_LEN          36

/* One deployment's Open311 endpoint. The net_t it is used with points at the host; path is the
 * part below (e.g. "open311/v2/"). When the agency's Open311 lives on another host than our
 * queue and kiosk APIs, use a second net_t for it. */
struct open311_config {
	char path[128];
	char api_key[128];
	char jurisdiction_id[64]; /* "" when the server has none */
	char device_id[64];       /* this kiosk's id */
	char address[256];        /* the kiosk's site, sent as address_string and address */
	bool has_location;        /* send lat/long */
	double lat;
	double lon;
	/* The server is known to honour Idempotency-Key (the reference central does): a submission
	 * whose answer was lost may be re-sent with the same key. Otherwise it must be looked up
	 * (open311_build_lookup) before anything is sent again. */
	bool idempotency_honoured;
};

/* Fields of a submission a category can require (the "required" extension of services.json). */
enum open311_field {
	OPEN311_FIELD_FIRST_NAME = 1u << 0,
	OPEN311_FIELD_LAST_NAME = 1u << 1,
	OPEN311_FIELD_EMAIL = 1u << 2,
	OPEN311_FIELD_PHONE = 1u << 3,
	OPEN311_FIELD_DESCRIPTION = 1u << 4,
};

enum open311_service_type { OPEN311_TYPE_REALTIME, OPEN311_TYPE_BATCH, OPEN311_TYPE_BLACKBOX };

struct open311_service {
	char code[OPEN311_CODE_MAX];
	char name[OPEN311_NAME_MAX];
	char description[OPEN311_TEXT_MAX];
	char group[OPEN311_NAME_MAX];
	bool metadata; /* has a definition (open311_build_definition) */
	enum open311_service_type type;
	unsigned required; /* enum open311_field bits */
	char standard[64]; /* service standard key (reference central extension), "" */
	int standard_days; /* business days to answer, -1 when not given */
};

/* The catalogue. Heap-allocated by the parser; free with open311_services_free. */
struct open311_services {
	size_t count;
	bool truncated; /* the server listed more than OPEN311_SERVICES_MAX */
	struct open311_service items[OPEN311_SERVICES_MAX];
};

enum open311_datatype {
	OPEN311_DT_STRING,
	OPEN311_DT_NUMBER,
	OPEN311_DT_DATETIME,
	OPEN311_DT_TEXT,
	OPEN311_DT_SINGLEVALUELIST,
	OPEN311_DT_MULTIVALUELIST,
	OPEN311_DT_UNKNOWN,
};

struct open311_attribute {
	char code[OPEN311_CODE_MAX];
	char description[OPEN311_TEXT_MAX];
	enum open311_datatype datatype;
	bool variable; /* false: informational text only, nothing to enter */
	bool required;
	int64_t order;
	size_t n_values;
	struct {
		char key[OPEN311_CODE_MAX];
		char name[OPEN311_NAME_MAX];
	} values[OPEN311_VALUES_MAX];
};

/* A service definition. Heap-allocated by the parser; free with open311_definition_free. */
struct open311_definition {
	char service_code[OPEN311_CODE_MAX];
	size_t count;
	struct open311_attribute attrs[OPEN311_ATTRS_MAX];
};

/* What the visitor files. Strings are UTF-8 and borrowed; NULL or "" means "not given". */
struct open311_submission {
	const char *service_code; /* required */
	const char *description;  /* at most OPEN311_DESCRIPTION_CHARS characters */
	const char *first_name;
	const char *last_name;
	const char *email;
	const char *phone;
	enum lang lang;                /* sent as attribute[LANGUAGE] */
	const char *client_request_id; /* UUID v4 (open311_new_client_request_id), made once and
	                                * kept with the outbox entry: attribute[CLIENT_REQUEST_ID]
	                                * and the Idempotency-Key header */
	size_t n_extra;
	struct {
		const char *code;  /* attribute code from the definition */
		const char *value; /* a multivaluelist gives one entry per chosen key */
		bool multi;        /* sent as attribute[code][] */
	} extra[OPEN311_EXTRA_MAX];
};

struct open311_submit_result {
	char service_request_id[OPEN311_ID_MAX]; /* "" when only a token came back */
	char token[OPEN311_ID_MAX];              /* "" when none: poll open311_build_token */
	char service_notice[OPEN311_TEXT_MAX];
	char account_id[OPEN311_ID_MAX];
};

enum open311_status { OPEN311_STATUS_OPEN, OPEN311_STATUS_CLOSED, OPEN311_STATUS_OTHER };

/* A request's status, without its description or any personal data (C4). */
struct open311_request {
	char service_request_id[OPEN311_ID_MAX];
	enum open311_status status;
	char status_raw[32]; /* as the server wrote it, lowercased */
	char status_notes[OPEN311_TEXT_MAX];
	char service_name[OPEN311_NAME_MAX];
	char service_code[OPEN311_CODE_MAX];
	char agency_responsible[OPEN311_NAME_MAX];
	char service_notice[OPEN311_TEXT_MAX];
	struct net_api_time requested;
	struct net_api_time updated;
	struct net_api_time expected;
};

struct open311_discovery {
	char changeset[64];
	char contact[OPEN311_NAME_MAX];
	char key_service[OPEN311_NAME_MAX];
};

/* ---- requests ---- */

/* GET discovery.json (optional on servers: 404/501 give NET_API_EUNSUPPORTED). */
int open311_build_discovery(const struct open311_config *cfg, struct net_request *req);

/* GET services.json in lang (jurisdiction_id, locale, lang and Accept-Language). */
int open311_build_services(const struct open311_config *cfg, enum lang lang,
                           struct net_request *req);

/* GET services/{code}.json in lang. -EINVAL for an empty code. */
int open311_build_definition(const struct open311_config *cfg, const char *service_code,
                             enum lang lang, struct net_request *req);

/* POST requests.json, form-urlencoded UTF-8, with every field PROTOCOL.md §1 lists and the
 * Idempotency-Key header. retry_safe follows cfg->idempotency_honoured. Errors: -EINVAL (no
 * service code, client_request_id not a UUID, bad attribute code), -EILSEQ (a text is not
 * valid UTF-8), -E2BIG (description over OPEN311_DESCRIPTION_CHARS characters, or the body over
 * 64 KiB), -ENOMEM. The body holds personal data: net_request_release wipes it. */
int open311_build_submit(const struct open311_config *cfg, const struct open311_submission *sub,
                         struct net_request *req);

/* GET tokens/{token}.json, to be submitted with req->not_before_ms set from net_backoff_ms. */
int open311_build_token(const struct open311_config *cfg, const char *token,
                        struct net_request *req);

/* GET requests/{id}.json. The id is sent as given (percent-encoded); validate reference
 * numbers with their check digit before calling. */
int open311_build_status(const struct open311_config *cfg, const char *service_request_id,
                         enum lang lang, struct net_request *req);

/* GET requests.json?service_code=&start_date=&device_id=&client_request_id= to find out whether a
 * submission whose answer was lost exists (start_utc: a little before it was first sent). */
int open311_build_lookup(const struct open311_config *cfg, const char *service_code,
                         int64_t start_utc, const char *client_request_id, struct net_request *req);

/* Writes a fresh UUID v4 from the kernel's random source (cap >= OPEN311_UUID_LEN + 1).
 * Returns 0, -ENOSPC or -EIO. */
int open311_new_client_request_id(char *out, size_t cap);

/* ---- replies ---- */

int open311_parse_discovery(const struct net_result *res, struct open311_discovery *out,
                            struct net_api_status *st);

/* *out is allocated on success (free with open311_services_free). An empty catalogue is a
 * success with count 0; items without a service_code are skipped. */
int open311_parse_services(const struct net_result *res, struct open311_services **out,
                           struct net_api_status *st);
void open311_services_free(struct open311_services *s);

/* 404 and 501 (no definitions on this server) give NET_API_EUNSUPPORTED. */
int open311_parse_definition(const struct net_result *res, struct open311_definition **out,
                             struct net_api_status *st);
void open311_definition_free(struct open311_definition *d);

/* 200 or 201, array or bare object, id or token. A lost answer (time-out, broken connection,
 * 500/502/504 after sending) gives NET_API_EUNCONFIRMED: never re-POST blindly. A bad api_key
 * (400/401/403) or an unknown service (400/403/404) gives NET_API_EREJECTED, with the server's
 * message when it sent one. A 2xx we cannot read (truncated, no id nor token) is
 * NET_API_EUNCONFIRMED too: it was accepted, its id is unknown. */
int open311_parse_submit(const struct net_result *res, struct open311_submit_result *out,
                         struct net_api_status *st);

/* A token's answer: success with out->service_request_id set, or set to "" when the server has
 * not assigned one yet (poll again later). 404/501: NET_API_EUNSUPPORTED. */
int open311_parse_token(const struct net_result *res, struct open311_submit_result *out,
                        struct net_api_status *st);

/* A status. `200 []`, 404 and an empty reply give NET_API_ENOTFOUND. With want_id (may be NULL),
 * the item with that id is taken (all-digit ids compare without leading zeros); items that all
 * name other ids give NET_API_ENOTFOUND (never someone else's status); items naming none: the
 * first. */
int open311_parse_status(const struct net_result *res, const char *want_id,
                         struct open311_request *out, struct net_api_status *st);

/* The answer to open311_build_lookup: success with the id (cap bytes) when an item carries our
 * client_request_id (top level, or in attributes); NET_API_ENOTFOUND when the server lists
 * client request ids and none is ours (it was not created: it may be sent again);
 * NET_API_EUNCONFIRMED when the server does not say (tell the visitor so on the receipt). */
int open311_parse_lookup(const struct net_result *res, const char *client_request_id, char *id,
                         size_t cap, struct net_api_status *st);

/* ---- status in plain words ---- */

/* What the kiosk tells the visitor about a request (SPEC C4). */
enum open311_progress {
	OPEN311_PROGRESS_RECEIVED,
	OPEN311_PROGRESS_IN_PROGRESS,
	OPEN311_PROGRESS_WAITING_FOR_YOU,
	OPEN311_PROGRESS_CLOSED_ANSWERED,
	OPEN311_PROGRESS_CLOSED_REFERRED,
};

/* One mapping rule: a request whose status (lowercased; "" for any) matches and whose notes
 * contain notes_contains (ASCII case-insensitive; "" for any) reads as progress. */
struct open311_progress_rule {
	const char *status;
	const char *notes_contains;
	enum open311_progress progress;
};

/* Maps a status through the deployment's rules first (may be NULL / 0), then built-in French and
 * English wordings, then open → received, closed → closed (answered). */
enum open311_progress open311_progress_of(const struct open311_request *r,
                                          const struct open311_progress_rule *rules, size_t n);

#endif
