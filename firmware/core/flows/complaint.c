#include "firmware/core/flows/complaint.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "firmware/core/calendar.h"
#include "firmware/core/text.h"
#include "firmware/core/textfield.h"

char *complaint_field(struct complaint *c, enum complaint_field f, size_t *cap, long *max_chars)
{
	struct {
		char *buf;
		size_t cap;
		long chars;
	} t[COMPLAINT_ATTR0] = {
	    [COMPLAINT_DESCRIPTION] = {c->description, sizeof(c->description),
	                               COMPLAINT_DESC_CHARS},
	    [COMPLAINT_FIRST_NAME] = {c->first_name, sizeof(c->first_name), COMPLAINT_NAME_CHARS},
	    [COMPLAINT_LAST_NAME] = {c->last_name, sizeof(c->last_name), COMPLAINT_NAME_CHARS},
	    [COMPLAINT_PHONE] = {c->phone, sizeof(c->phone), COMPLAINT_PHONE_CHARS},
	    [COMPLAINT_EMAIL] = {c->email, sizeof(c->email), COMPLAINT_EMAIL_CHARS},
	    [COMPLAINT_COMMENT] = {c->comment, sizeof(c->comment), COMPLAINT_COMMENT_CHARS},
	};
	if (f >= COMPLAINT_ATTR0 && f < COMPLAINT_FIELDS) {
		struct complaint_attr *at = &c->attrs.a[f - COMPLAINT_ATTR0];
		if (cap)
			*cap = sizeof(at->value);
		if (max_chars)
			*max_chars = COMPLAINT_ATTR_CHARS;
		return at->value;
	}
	if (f < 0 || f >= COMPLAINT_FIELDS)
		f = COMPLAINT_DESCRIPTION;
	if (cap)
		*cap = t[f].cap;
	if (max_chars)
		*max_chars = t[f].chars;
	return t[f].buf;
}

const char *complaint_field_text(const struct complaint *c, enum complaint_field f)
{
	return complaint_field((struct complaint *)c, f, NULL, NULL);
}

const char *complaint_field_key(enum complaint_field f)
{
	static const char *const keys[COMPLAINT_ATTR0] = {
	    "complaint.field.description", "complaint.field.first_name",
	    "complaint.field.last_name",   "complaint.field.phone",
	    "complaint.field.email",       "complaint.field.comment",
	};
	if (f >= COMPLAINT_ATTR0 && f < COMPLAINT_FIELDS)
		return "complaint.field.details";
	return f >= 0 && f < COMPLAINT_ATTR0 ? keys[f] : keys[0];
}

int complaint_type(struct complaint *c, const char *utf8)
{
	size_t cap;
	long max;
	char *buf = complaint_field(c, c->editing, &cap, &max);
	int rc = textfield_insert(buf, cap, max, utf8,
	                          c->editing == COMPLAINT_DESCRIPTION ||
	                              c->editing == COMPLAINT_COMMENT);
	if (rc < 0)
		return rc;
	if (strcmp(utf8, " ") == 0 || strcmp(utf8, "\n") == 0)
		textfield_last_word(buf, c->echo, sizeof(c->echo)); /* K6: words are read back */
	else
		text_copy(c->echo, sizeof(c->echo), strlen(utf8) < sizeof(c->echo) ? utf8 : "");
	return 0;
}

int complaint_erase(struct complaint *c)
{
	char gone[8];
	int rc = textfield_erase(complaint_field(c, c->editing, NULL, NULL), gone);
	if (rc == 0)
		text_copy(c->echo, sizeof(c->echo), gone);
	return rc;
}

bool complaint_entered(const struct complaint *c)
{
	for (int f = 0; f < COMPLAINT_COMMENT; f++)
		if (complaint_field_text(c, (enum complaint_field)f)[0])
			return true;
	for (int i = 0; i < c->attrs.count; i++)
		if (c->attrs.a[i].value[0] || c->attrs.a[i].chosen)
			return true;
	return false;
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\n')
			return false;
	return true;
}

const char *complaint_check_description(const struct complaint *c)
{
	if (blank(c->description))
		return "complaint.error.empty";
	if (textfield_chars(c->description) > COMPLAINT_DESC_CHARS)
		return "complaint.error.too_long";
	return NULL;
}

static bool number_ok(const char *s)
{
	size_t i = (s[0] == '-') ? 1 : 0, digits = 0;
	bool point = false;
	for (; s[i]; i++) {
		if (isdigit((unsigned char)s[i]))
			digits++;
		else if ((s[i] == '.' || s[i] == ',') && !point)
			point = true;
		else
			return false;
	}
	return digits > 0;
}

static bool date_ok(const char *s)
{
	struct calendar_date d = {0};
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	d.year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	d.month = (s[5] - '0') * 10 + (s[6] - '0');
	d.day = (s[8] - '0') * 10 + (s[9] - '0');
	return calendar_date_valid(d);
}

const char *complaint_check_attrs(const struct complaint *c, int *index)
{
	for (int i = 0; i < c->attrs.count; i++) {
		const struct complaint_attr *at = &c->attrs.a[i];
		bool list = at->type == COMPLAINT_DT_SINGLE || at->type == COMPLAINT_DT_MULTI;
		bool empty = list ? at->chosen == 0 : blank(at->value);
		*index = i;
		if (empty && at->required)
			return list ? "complaint.error.choose" : "complaint.error.required";
		if (empty)
			continue;
		if (at->type == COMPLAINT_DT_NUMBER && !number_ok(at->value))
			return "complaint.error.number";
		if (at->type == COMPLAINT_DT_DATETIME && !date_ok(at->value))
			return "complaint.error.date";
	}
	return NULL;
}

void complaint_builtin_attrs(const char *code, enum lang lang, struct complaint_attrs *out)
{
	memset(out, 0, sizeof(*out));
	if (strcmp(code, "complaint_regulated") != 0)
		return;
	/* The reference central's definition of this category, for when it cannot be asked. */
	struct complaint_attr *at = &out->a[out->count++];
	text_copy(at->code, sizeof(at->code), "BUSINESS_NAME");
	text_copy(at->desc, sizeof(at->desc),
	          lang == LANG_FR ? "Nom de l’entreprise" : "Name of the business");
	at->desc_lang = lang;
	at->type = COMPLAINT_DT_STRING;
}

bool complaint_email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	size_t n = strlen(s);
	if (!at || at == s || strchr(at + 1, '@') || n > 254)
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == ',' || *p == ';')
			return false;
	const char *dot = strrchr(at + 1, '.');
	if (!dot || dot == at + 1 || strlen(dot + 1) < 2 || strstr(at + 1, ".."))
		return false;
	for (const char *p = dot + 1; *p; p++)
		if (!isalpha((unsigned char)*p))
			return false;
	return true;
}

bool complaint_phone_ok(const char *s)
{
	char digits[16];
	size_t n = 0;
	const char *p = s;

	for (; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (isdigit(ch)) {
			if (n + 1 >= sizeof(digits))
				return false;
			digits[n++] = (char)ch;
		} else if (ch == ' ' || ch == '-' || ch == '.' || ch == '(' || ch == ')' ||
		           (ch == '+' && n == 0)) {
			continue;
		} else {
			break; /* an extension, or a mistake */
		}
	}
	digits[n] = '\0';
	const char *d = digits;
	if (n == 11 && d[0] == '1')
		d++;
	else if (n != 10)
		return false;
	/* NANP: area code and exchange start with 2..9. */
	if (d[0] < '2' || d[3] < '2')
		return false;
	if (!*p)
		return true;
	/* Extension: "x", "ext", "ext.", "poste", then 1..6 digits. */
	while (*p == ' ' || *p == ',')
		p++;
	static const char *const words[] = {"ext.", "ext", "poste", "x", "#"};
	size_t w = 0;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]) && !w; i++)
		if (strncmp(p, words[i], strlen(words[i])) == 0)
			w = strlen(words[i]);
	if (!w)
		return false;
	p += w;
	while (*p == ' ')
		p++;
	size_t ext = strspn(p, "0123456789");
	return ext >= 1 && ext <= 6 && p[ext] == '\0';
}

const char *complaint_check_contact(const struct complaint *c, const struct catalogue_item *it,
                                    enum complaint_field *field)
{
	bool needed = it && (it->needs & CATALOGUE_NEEDS_CONTACT);
	if (needed && c->consent != COMPLAINT_CONSENTED) {
		*field = COMPLAINT_FIRST_NAME;
		return "complaint.error.contact_required";
	}
	if (c->consent != COMPLAINT_CONSENTED)
		return NULL;
	if (needed) {
		static const enum complaint_field need[] = {
		    COMPLAINT_FIRST_NAME, COMPLAINT_LAST_NAME, COMPLAINT_PHONE, COMPLAINT_EMAIL};
		for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++)
			if (blank(complaint_field_text(c, need[i]))) {
				*field = need[i];
				return "complaint.error.missing";
			}
	}
	if (c->phone[0] && !complaint_phone_ok(c->phone)) {
		*field = COMPLAINT_PHONE;
		return "complaint.error.phone";
	}
	if (c->email[0] && !complaint_email_ok(c->email)) {
		*field = COMPLAINT_EMAIL;
		return "complaint.error.email";
	}
	if (!needed && blank(c->first_name) && blank(c->last_name) && blank(c->phone) &&
	    blank(c->email)) {
		*field = COMPLAINT_FIRST_NAME;
		return "complaint.error.no_contact";
	}
	return NULL;
}

void complaint_reset(struct complaint *c)
{
	text_wipe(c, sizeof(*c));
	c->picker = -1;
}
