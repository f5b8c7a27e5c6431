/* Filing a complaint, inquiry, objection or feedback (SPEC.md C3): what the visitor entered,
 * its checks, and the outcome of the submission. The steps' screens are ui/screens/complaint_*.c
 * (listed in the flow table there); this is the state and the rules they share. Pure C. */
#ifndef ACCUEIL_COMPLAINT_H
#define ACCUEIL_COMPLAINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/core/catalogue.h"

#define COMPLAINT_DESC_CHARS    4000 /* PROTOCOL.md §1: characters, not bytes */
#define COMPLAINT_NAME_CHARS    60
#define COMPLAINT_PHONE_CHARS   30
#define COMPLAINT_EMAIL_CHARS   120
#define COMPLAINT_COMMENT_CHARS 1000 /* the kiosk API's cap on a feedback comment */

#define COMPLAINT_ATTRS_MAX       6 /* a category's extra fields shown (Open311 attributes) */
#define COMPLAINT_ATTR_VALUES_MAX 8 /* choices of a list attribute */
#define COMPLAINT_ATTR_CHARS      120

/* An Open311 service-definition attribute, as the visitor answers it. */
enum complaint_datatype {
	COMPLAINT_DT_STRING,
	COMPLAINT_DT_NUMBER,
	COMPLAINT_DT_DATETIME, /* a date, typed AAAA-MM-JJ / YYYY-MM-DD */
	COMPLAINT_DT_TEXT,
	COMPLAINT_DT_SINGLE, /* one of the values */
	COMPLAINT_DT_MULTI,  /* any of the values */
};

struct complaint_attr {
	char code[64];
	char desc[192];      /* the question, as the central worded it */
	enum lang desc_lang; /* the language it came in (S3) */
	enum complaint_datatype type;
	bool required;
	int n_values;
	struct {
		char key[64];
		char name[128];
	} values[COMPLAINT_ATTR_VALUES_MAX];
	char value[COMPLAINT_ATTR_CHARS * 4 + 1]; /* what was typed */
	unsigned chosen;                          /* list attributes: bit i for values[i] */
};

/* A category's attributes: the payload of APP_REQ_DEFINITION's result too. */
struct complaint_attrs {
	int count;
	struct complaint_attr a[COMPLAINT_ATTRS_MAX];
};

enum complaint_field {
	COMPLAINT_DESCRIPTION,
	COMPLAINT_FIRST_NAME,
	COMPLAINT_LAST_NAME,
	COMPLAINT_PHONE,
	COMPLAINT_EMAIL,
	COMPLAINT_COMMENT, /* the optional comment of the feedback after the task (C6) */
	COMPLAINT_ATTR0,   /* + i: the typed answer of attribute i */
	COMPLAINT_FIELDS = COMPLAINT_ATTR0 + COMPLAINT_ATTRS_MAX
};

enum complaint_consent { COMPLAINT_UNASKED, COMPLAINT_CONSENTED, COMPLAINT_ANONYMOUS };

enum complaint_state {
	COMPLAINT_EDITING,
	COMPLAINT_SENDING, /* stored durably; waiting a few seconds for the central's reference */
	COMPLAINT_FILED,   /* the receipt: a final reference, or a provisional one */
	COMPLAINT_REFUSED, /* the central refused it (message kept); nothing was filed */
	COMPLAINT_NOT_STORED, /* the kiosk could not store it (full disk): told so, with contacts */
};

struct complaint {
	char code[CATALOGUE_CODE_MAX]; /* the category chosen, "" none */
	char description[COMPLAINT_DESC_CHARS * 4 + 1];
	char first_name[COMPLAINT_NAME_CHARS * 4 + 1];
	char last_name[COMPLAINT_NAME_CHARS * 4 + 1];
	char phone[COMPLAINT_PHONE_CHARS * 4 + 1];
	char email[COMPLAINT_EMAIL_CHARS * 4 + 1];
	char comment[COMPLAINT_COMMENT_CHARS * 4 + 1];
	struct complaint_attrs attrs; /* the chosen category's extra fields */
	uint32_t attrs_request;       /* its definition is being fetched, 0 not */
	int rating;                   /* feedback 1..5, 0 none */
	bool feedback_sent;           /* stored for sending: thanked, and not sent twice */
	uint32_t feedback_request;
	enum complaint_consent consent;
	enum complaint_field editing; /* the field the entry screen edits */
	int picker;                   /* K6: the character list's position, -1 not picking */
	int keyset;                   /* on-screen keyboard: 0 letters, 1 accents, 2 digits */
	bool shift;                   /* on-screen keyboard: next letter upper case */
	char echo[96];                /* what to say back: the last character or word */
	const char *error;            /* string key of the error shown, NULL none */
	enum complaint_field error_field;
	enum complaint_state state;
	uint32_t request; /* the submission's request id while sending */
	bool provisional; /* the reference is this kiosk's K… (not yet at the central) */
	char reference[64];
	char notice[512];  /* the central's service_notice */
	char message[256]; /* the central's reason for a refusal */
	int64_t filed_at;  /* Unix seconds */
	enum {
		COMPLAINT_PRINT_NONE,
		COMPLAINT_PRINTING,
		COMPLAINT_PRINTED,
		COMPLAINT_PRINT_FAILED
	} print;
	uint32_t print_request;
};

/* The buffer of field f, its capacity in bytes and in characters. */
char *complaint_field(struct complaint *c, enum complaint_field f, size_t *cap, long *max_chars);
const char *complaint_field_text(const struct complaint *c, enum complaint_field f);
/* The string key naming field f ("complaint.field.email"). */
const char *complaint_field_key(enum complaint_field f);

/* Types text into the field being edited. Returns textfield_insert's codes; the text to echo
 * is left in c->echo (the character, or the finished word after a space). */
int complaint_type(struct complaint *c, const char *utf8);
/* Erases the last character of the field being edited (echo: the character). -ENOENT when
 * empty. */
int complaint_erase(struct complaint *c);

/* True when the visitor entered anything leaving would lose. */
bool complaint_entered(const struct complaint *c);

/* The check of the description step: NULL when it may go on, else the error's string key. */
const char *complaint_check_description(const struct complaint *c);
/* The check of the contact step for category it: NULL, or the error's string key with the
 * field at fault in *field. */
const char *complaint_check_contact(const struct complaint *c, const struct catalogue_item *it,
                                    enum complaint_field *field);

/* The check of the details step: NULL, or the error's string key with the attribute at fault
 * in *index. Required answers, numbers, dates (YYYY-MM-DD, a real day). */
const char *complaint_check_attrs(const struct complaint *c, int *index);

/* The built-in attributes of a built-in category, in lang (used when the central cannot say). */
void complaint_builtin_attrs(const char *code, enum lang lang, struct complaint_attrs *out);

/* E-mail (local@domain.tld) and North American phone (10 digits, or 1 and 10, with an
 * optional extension "x123", "ext. 123", "poste 123") formats. */
bool complaint_email_ok(const char *s);
bool complaint_phone_ok(const char *s);

/* Forgets everything (explicit zeroing) and starts again. */
void complaint_reset(struct complaint *c);

#endif
