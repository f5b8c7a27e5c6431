/* Central configuration: defaults and the INI-like file. See config.h. */
#include "central/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "central/parse.h"
#include "firmware/core/conf.h"
#include "firmware/core/text.h"

/* The built-in defaults and values already checked against their caps: a copy that does not
 * fit is a programming error, and text_copy then leaves dst as it was. */
static void copy(char *dst, size_t cap, const char *src)
{
	(void)text_copy(dst, cap, src);
}

static void add_category(struct central_config *c, const char *code, const char *fr, const char *en,
                         const char *dfr, const char *den, const char *gfr, const char *gen,
                         enum standards_kind std, unsigned required)
{
	struct central_category *k = &c->categories[c->category_count++];
	struct standards_table t;
	standards_defaults(&t);
	memset(k, 0, sizeof *k);
	copy(k->code, sizeof k->code, code);
	copy(k->name_fr, sizeof k->name_fr, fr);
	copy(k->name_en, sizeof k->name_en, en);
	copy(k->desc_fr, sizeof k->desc_fr, dfr);
	copy(k->desc_en, sizeof k->desc_en, den);
	copy(k->group_fr, sizeof k->group_fr, gfr);
	copy(k->group_en, sizeof k->group_en, gen);
	k->standard = std;
	k->standard_days = standards_days(&t, std);
	k->required = required;
}

static void add_queue(struct central_config *c, const char *id, const char *fr, const char *en,
                      const char *wfr, const char *wen, int counters, int service_min)
{
	struct central_queue *q = &c->queues[c->queue_count++];
	memset(q, 0, sizeof *q);
	copy(q->id, sizeof q->id, id);
	copy(q->name_fr, sizeof q->name_fr, fr);
	copy(q->name_en, sizeof q->name_en, en);
	copy(q->where_fr, sizeof q->where_fr, wfr);
	copy(q->where_en, sizeof q->where_en, wen);
	q->counters = counters;
	q->service_min = service_min;
}

void central_config_defaults(struct central_config *c)
{
	memset(c, 0, sizeof *c);
	const unsigned contact = CENTRAL_FIELD_FIRST_NAME | CENTRAL_FIELD_LAST_NAME |
	                         CENTRAL_FIELD_PHONE | CENTRAL_FIELD_EMAIL;
	add_category(c, "complaint_agency", "Plainte au sujet de l'organisme",
	             "Complaint about the agency",
	             "Un service, une décision ou un membre du personnel de l'organisme.",
	             "A service, a decision or a staff member of the agency.", "Plaintes",
	             "Complaints", STANDARDS_COMPLAINT_AGENCY, CENTRAL_FIELD_DESCRIPTION);
	add_category(c, "complaint_regulated", "Plainte au sujet d'une entreprise réglementée",
	             "Complaint about a regulated business",
	             "Une entreprise ou une personne titulaire d'un permis de l'organisme.",
	             "A business or person licensed by the agency.", "Plaintes", "Complaints",
	             STANDARDS_COMPLAINT_REGULATED, CENTRAL_FIELD_DESCRIPTION);
	struct central_category *reg = &c->categories[c->category_count - 1];
	reg->attr_count = 1;
	copy(reg->attrs[0].code, sizeof reg->attrs[0].code, "BUSINESS_NAME");
	copy(reg->attrs[0].datatype, sizeof reg->attrs[0].datatype, "string");
	copy(reg->attrs[0].desc_fr, sizeof reg->attrs[0].desc_fr, "Nom de l'entreprise");
	copy(reg->attrs[0].desc_en, sizeof reg->attrs[0].desc_en, "Name of the business");
	add_category(c, "inquiry_general", "Demande de renseignements", "General inquiry",
	             "Une question simple sur nos services.",
	             "A simple question about our services.", "Renseignements", "Inquiries",
	             STANDARDS_GENERAL_INQUIRY, CENTRAL_FIELD_DESCRIPTION);
	add_category(c, "inquiry_complex", "Demande de renseignements complexe", "Complex inquiry",
	             "Une question qui demande une recherche ou plusieurs services.",
	             "A question that needs research or several services.", "Renseignements",
	             "Inquiries", STANDARDS_COMPLEX_INQUIRY, CENTRAL_FIELD_DESCRIPTION);
	add_category(c, "objection", "Opposition", "Objection",
	             "Une opposition à une demande ou à une décision. Les oppositions anonymes ne "
	             "sont pas examinées.",
	             "An objection to an application or a decision. Anonymous objections are not "
	             "considered.",
	             "Oppositions", "Objections", STANDARDS_MESSAGE_ACK,
	             contact | CENTRAL_FIELD_DESCRIPTION);
	add_category(c, "feedback", "Commentaire ou compliment", "Feedback or compliment",
	             "Dites-nous ce qui a bien fonctionné ou ce que nous pourrions améliorer.",
	             "Tell us what worked well or what we could do better.", "Commentaires",
	             "Feedback", STANDARDS_FEEDBACK, CENTRAL_FIELD_DESCRIPTION);
	add_queue(c, "A", "Renseignements généraux", "General information", "Salle d'attente A",
	          "Waiting area A", 2, 6);
	add_queue(c, "B", "Dépôt de documents", "Document drop-off", "Salle d'attente B",
	          "Waiting area B", 1, 4);
	add_queue(c, "C", "Rendez-vous", "Appointments", "Salle d'attente C", "Waiting area C", 1,
	          15);
	c->hours.open_min = 8 * 60 + 30;
	c->hours.close_min = 17 * 60;
	c->hours.days = 0x3E;
	c->hours.holidays_closed = true;
	c->hours.closing_min = 30;
	c->hours.cutoff_min = 15;
	copy(c->default_lang, sizeof c->default_lang, "en");
	copy(c->agency_fr, sizeof c->agency_fr, "Service à la clientèle");
	copy(c->agency_en, sizeof c->agency_en, "Client services");
	copy(c->time_zone, sizeof c->time_zone, CALENDAR_ZONE_DEFAULT);
}

int central_config_add_api_key(struct central_config *c, const char *key)
{
	if (!central_key_valid(key))
		return -EINVAL;
	if (c->api_key_count == CENTRAL_MAX_API_KEYS)
		return -E2BIG;
	copy(c->api_keys[c->api_key_count++], sizeof c->api_keys[0], key);
	return 0;
}

/* Compares without an early exit on the first differing byte, so timing says nothing of how
 * much of a key was right. */
static bool same_key(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char diff = (unsigned char)(la != lb);
	for (size_t i = 0; i < la; i++)
		diff |= (unsigned char)(a[i] ^ b[i < lb ? i : 0]);
	return diff == 0;
}

bool central_config_api_key_ok(const struct central_config *c, const char *key)
{
	bool ok = false;
	bool any_kiosk_key = false;
	if (!key || !*key)
		return false;
	for (int i = 0; i < c->kiosk_count; i++) {
		any_kiosk_key |= c->kiosks[i].api_key[0] != '\0';
		ok |= c->kiosks[i].api_key[0] && same_key(key, c->kiosks[i].api_key);
	}
	if (c->api_key_count == 0 && !any_kiosk_key)
		return same_key(key, "dev-key");
	for (int i = 0; i < c->api_key_count; i++)
		ok |= same_key(key, c->api_keys[i]);
	return ok;
}

const char *central_config_kiosk_of_key(const struct central_config *c, const char *key)
{
	const char *found = NULL;
	if (!key || !*key)
		return NULL;
	for (int i = 0; i < c->kiosk_count; i++)
		if (c->kiosks[i].api_key[0] && same_key(key, c->kiosks[i].api_key) && !found)
			found = c->kiosks[i].id;
	return found;
}

bool central_config_kiosk_has_key(const struct central_config *c, const char *kiosk)
{
	for (int i = 0; kiosk && i < c->kiosk_count; i++)
		if (strcmp(c->kiosks[i].id, kiosk) == 0 && c->kiosks[i].api_key[0])
			return true;
	return false;
}

const struct central_category *central_config_category(const struct central_config *c,
                                                       const char *code)
{
	for (int i = 0; code && i < c->category_count; i++)
		if (strcmp(c->categories[i].code, code) == 0)
			return &c->categories[i];
	return NULL;
}

const struct central_queue *central_config_queue(const struct central_config *c, const char *id)
{
	for (int i = 0; id && i < c->queue_count; i++)
		if (strcmp(c->queues[i].id, id) == 0)
			return &c->queues[i];
	return NULL;
}

const struct central_attr *central_config_attr(const struct central_category *cat, const char *code)
{
	for (int i = 0; code && i < cat->attr_count; i++)
		if (strcmp(cat->attrs[i].code, code) == 0)
			return &cat->attrs[i];
	return NULL;
}

/* ---- file parsing ---- */

struct parser {
	struct central_config *c;
	enum { SEC_NONE, SEC_CENTRAL, SEC_HOURS, SEC_CATEGORY, SEC_QUEUE, SEC_KIOSK } section;
	bool categories_replaced, queues_replaced;
	const char *err;
};

static int set_time(struct parser *p, int *dst, const char *v)
{
	int h, m;
	char extra;
	if (sscanf(v, "%2d:%2d%c", &h, &m, &extra) != 2 || h < 0 || h > 24 || m < 0 || m > 59 ||
	    h * 60 + m > 24 * 60) {
		p->err = "expected HH:MM";
		return -EINVAL;
	}
	*dst = h * 60 + m;
	return 0;
}

static int set_days(struct parser *p, unsigned *dst, char *v)
{
	static const char *const names[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
	unsigned mask = 0;
	char *save = NULL;
	for (char *tok = strtok_r(v, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		int found = -1;
		for (int d = 0; d < 7; d++)
			if (strncmp(tok, names[d], 3) == 0)
				found = d;
		if (found < 0) {
			p->err = "days: expected mon,tue,...";
			return -EINVAL;
		}
		mask |= 1u << found;
	}
	*dst = mask;
	return 0;
}

static int set_required(struct parser *p, unsigned *dst, char *v)
{
	static const struct {
		const char *name;
		unsigned bit;
	} f[] = {{"first_name", CENTRAL_FIELD_FIRST_NAME},
	         {"last_name", CENTRAL_FIELD_LAST_NAME},
	         {"phone", CENTRAL_FIELD_PHONE},
	         {"email", CENTRAL_FIELD_EMAIL},
	         {"description", CENTRAL_FIELD_DESCRIPTION}};
	unsigned mask = 0;
	char *save = NULL;
	for (char *tok = strtok_r(v, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		bool found = false;
		for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
			if (strcmp(tok, f[i].name) == 0) {
				mask |= f[i].bit;
				found = true;
			}
		if (!found) {
			p->err = "required: unknown field";
			return -EINVAL;
		}
	}
	*dst = mask;
	return 0;
}

/* CODE|datatype|required|desc fr|desc en|key:nom:name;key:nom:name */
static int add_attr(struct parser *p, struct central_category *k, char *v)
{
	static const char *const types[] = {"string", "number",          "datetime",
	                                    "text",   "singlevaluelist", "multivaluelist"};
	char *parts[6] = {0};
	int n = 0;
	char *s = v;
	if (k->attr_count == CENTRAL_MAX_CAT_ATTRS) {
		p->err = "too many attributes";
		return -E2BIG;
	}
	while (n < 6) {
		parts[n++] = s;
		char *bar = strchr(s, '|');
		if (!bar)
			break;
		*bar = '\0';
		s = bar + 1;
	}
	if (n < 5) {
		p->err = "attribute: CODE|datatype|required|description fr|description en[|values]";
		return -EINVAL;
	}
	struct central_attr a;
	memset(&a, 0, sizeof a);
	for (int i = 0; i < n; i++)
		parts[i] = conf_trim(parts[i]);
	bool type_ok = false;
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		type_ok |= strcmp(parts[1], types[i]) == 0;
	if (!type_ok || strlen(parts[0]) == 0 || strlen(parts[0]) >= sizeof a.code) {
		p->err = "attribute: bad code or datatype";
		return -EINVAL;
	}
	copy(a.code, sizeof a.code, parts[0]);
	copy(a.datatype, sizeof a.datatype, parts[1]);
	if (conf_set_bool(&a.required, parts[2], &p->err) ||
	    conf_set_str(a.desc_fr, sizeof a.desc_fr, parts[3], &p->err) ||
	    conf_set_str(a.desc_en, sizeof a.desc_en, parts[4], &p->err))
		return -EINVAL;
	if (n == 6 && *parts[5]) {
		char *save = NULL;
		for (char *tok = strtok_r(parts[5], ";", &save); tok;
		     tok = strtok_r(NULL, ";", &save)) {
			if (a.value_count == CENTRAL_MAX_ATTR_VALUES) {
				p->err = "too many values";
				return -E2BIG;
			}
			struct central_attr_value *av = &a.values[a.value_count++];
			char *c1 = strchr(tok, ':');
			char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
			if (!c2) {
				p->err = "values: key:nom:name;...";
				return -EINVAL;
			}
			*c1 = *c2 = '\0';
			if (conf_set_str(av->key, sizeof av->key, conf_trim(tok), &p->err) ||
			    conf_set_str(av->name_fr, sizeof av->name_fr, conf_trim(c1 + 1),
			                 &p->err) ||
			    conf_set_str(av->name_en, sizeof av->name_en, conf_trim(c2 + 1),
			                 &p->err))
				return -EINVAL;
		}
	}
	k->attrs[k->attr_count++] = a;
	return 0;
}

static int section(struct parser *p, const char *name)
{
	struct central_config *c = p->c;
	if (strcmp(name, "central") == 0) {
		p->section = SEC_CENTRAL;
	} else if (strcmp(name, "hours") == 0) {
		p->section = SEC_HOURS;
	} else if (strncmp(name, "category ", 9) == 0) {
		const char *code = name + 9 + strspn(name + 9, " \t");
		if (!p->categories_replaced) {
			c->category_count = 0;
			p->categories_replaced = true;
		}
		if (c->category_count == CENTRAL_MAX_CATEGORIES) {
			p->err = "too many categories";
			return -E2BIG;
		}
		if (strlen(code) == 0 || strlen(code) > 64 || central_config_category(c, code)) {
			p->err = "category code empty, too long or repeated";
			return -EINVAL;
		}
		add_category(c, code, code, code, "", "", "", "", STANDARDS_GENERAL_INQUIRY,
		             CENTRAL_FIELD_DESCRIPTION);
		p->section = SEC_CATEGORY;
	} else if (strncmp(name, "queue ", 6) == 0) {
		const char *id = name + 6 + strspn(name + 6, " \t");
		if (!p->queues_replaced) {
			c->queue_count = 0;
			p->queues_replaced = true;
		}
		if (c->queue_count == CENTRAL_MAX_QUEUES) {
			p->err = "too many queues";
			return -E2BIG;
		}
		if (strlen(id) != 1 || id[0] < 'A' || id[0] > 'Z' || central_config_queue(c, id)) {
			p->err = "queue id must be one capital letter, not repeated";
			return -EINVAL;
		}
		add_queue(c, id, id, id, "", "", 1, 5);
		p->section = SEC_QUEUE;
	} else if (strncmp(name, "kiosk ", 6) == 0) {
		const char *id = name + 6 + strspn(name + 6, " \t");
		if (c->kiosk_count == CENTRAL_MAX_KIOSKS) {
			p->err = "too many kiosks";
			return -E2BIG;
		}
		bool repeated = false;
		for (int i = 0; i < c->kiosk_count; i++)
			repeated |= strcmp(c->kiosks[i].id, id) == 0;
		if (!central_key_valid(id) || repeated) {
			p->err = "kiosk id malformed or repeated";
			return -EINVAL;
		}
		copy(c->kiosks[c->kiosk_count].id, sizeof c->kiosks[0].id, id);
		c->kiosks[c->kiosk_count++].api_key[0] = '\0';
		p->section = SEC_KIOSK;
	} else {
		p->err = "unknown section";
		return -EINVAL;
	}
	return 0;
}

static int entry(struct parser *p, const char *key, char *v)
{
	struct central_config *c = p->c;
	switch (p->section) {
	case SEC_CENTRAL:
		if (!strcmp(key, "api_key")) {
			int rc = central_config_add_api_key(c, v);
			if (rc)
				p->err = "api_key malformed or too many";
			return rc;
		}
		if (!strcmp(key, "default_lang")) {
			if (strcmp(v, "fr") && strcmp(v, "en"))
				return p->err = "default_lang: fr or en", -EINVAL;
			return conf_set_str(c->default_lang, sizeof c->default_lang, v, &p->err);
		}
		if (!strcmp(key, "agency_fr"))
			return conf_set_str(c->agency_fr, sizeof c->agency_fr, v, &p->err);
		if (!strcmp(key, "agency_en"))
			return conf_set_str(c->agency_en, sizeof c->agency_en, v, &p->err);
		if (!strcmp(key, "time_zone"))
			return conf_set_str(c->time_zone, sizeof c->time_zone, v, &p->err);
		break;
	case SEC_HOURS:
		if (!strcmp(key, "open"))
			return set_time(p, &c->hours.open_min, v);
		if (!strcmp(key, "close"))
			return set_time(p, &c->hours.close_min, v);
		if (!strcmp(key, "days"))
			return set_days(p, &c->hours.days, v);
		if (!strcmp(key, "holidays_closed"))
			return conf_set_bool(&c->hours.holidays_closed, v, &p->err);
		if (!strcmp(key, "closing_min"))
			return conf_set_int(&c->hours.closing_min, v, 0, 600, &p->err);
		if (!strcmp(key, "cutoff_min"))
			return conf_set_int(&c->hours.cutoff_min, v, 0, 600, &p->err);
		break;
	case SEC_CATEGORY: {
		struct central_category *k = &c->categories[c->category_count - 1];
		if (!strcmp(key, "name_fr"))
			return conf_set_str(k->name_fr, sizeof k->name_fr, v, &p->err);
		if (!strcmp(key, "name_en"))
			return conf_set_str(k->name_en, sizeof k->name_en, v, &p->err);
		if (!strcmp(key, "description_fr"))
			return conf_set_str(k->desc_fr, sizeof k->desc_fr, v, &p->err);
		if (!strcmp(key, "description_en"))
			return conf_set_str(k->desc_en, sizeof k->desc_en, v, &p->err);
		if (!strcmp(key, "group_fr"))
			return conf_set_str(k->group_fr, sizeof k->group_fr, v, &p->err);
		if (!strcmp(key, "group_en"))
			return conf_set_str(k->group_en, sizeof k->group_en, v, &p->err);
		if (!strcmp(key, "keywords"))
			return conf_set_str(k->keywords, sizeof k->keywords, v, &p->err);
		if (!strcmp(key, "standard")) {
			struct standards_table t;
			standards_defaults(&t);
			if (standards_kind_from_key(v, strlen(v), &k->standard) != 0)
				return p->err = "unknown standard", -EINVAL;
			k->standard_days = standards_days(&t, k->standard);
			return 0;
		}
		if (!strcmp(key, "standard_days"))
			return conf_set_int(&k->standard_days, v, 0, STANDARDS_MAX_DAYS, &p->err);
		if (!strcmp(key, "required"))
			return set_required(p, &k->required, v);
		if (!strcmp(key, "attribute"))
			return add_attr(p, k, v);
		break;
	}
	case SEC_QUEUE: {
		struct central_queue *q = &c->queues[c->queue_count - 1];
		if (!strcmp(key, "name_fr"))
			return conf_set_str(q->name_fr, sizeof q->name_fr, v, &p->err);
		if (!strcmp(key, "name_en"))
			return conf_set_str(q->name_en, sizeof q->name_en, v, &p->err);
		if (!strcmp(key, "where_fr"))
			return conf_set_str(q->where_fr, sizeof q->where_fr, v, &p->err);
		if (!strcmp(key, "where_en"))
			return conf_set_str(q->where_en, sizeof q->where_en, v, &p->err);
		if (!strcmp(key, "counters"))
			return conf_set_int(&q->counters, v, 1, 100, &p->err);
		if (!strcmp(key, "service_min"))
			return conf_set_int(&q->service_min, v, 1, 240, &p->err);
		break;
	}
	case SEC_KIOSK: {
		struct central_kiosk_key *k = &c->kiosks[c->kiosk_count - 1];
		if (!strcmp(key, "api_key")) {
			if (!central_key_valid(v) || central_config_kiosk_of_key(c, v)) {
				p->err = "api_key malformed or another kiosk's";
				return -EINVAL;
			}
			copy(k->api_key, sizeof k->api_key, v);
			return 0;
		}
		break;
	}
	default:
		p->err = "key outside a section";
		return -EINVAL;
	}
	p->err = "unknown key";
	return -EINVAL;
}

static int on_line(void *user, const char *name, const char *key, char *value, int line,
                   const char **why)
{
	struct parser *p = user;
	(void)line;
	int rc = key ? entry(p, key, value) : section(p, name);
	if (rc)
		*why = p->err;
	return rc;
}

/* Parses over a copy, so that c is left as it was on error. name (may be NULL) is for err. */
static int parse(struct central_config *c, const char *text, size_t len, const char *name,
                 int *line, char *err, size_t cap)
{
	struct parser p;
	struct conf_error e;
	struct central_config *work = malloc(sizeof *work);
	if (!work)
		return -ENOMEM;
	*work = *c;
	memset(&p, 0, sizeof p);
	p.c = work;
	int rc = conf_parse(text, len, false, on_line, &p, &e);
	if (!rc && (work->category_count == 0 || work->queue_count == 0 ||
	            work->hours.open_min >= work->hours.close_min)) {
		e.line = 0;
		e.code = rc = -EINVAL;
		e.why = "need a category, a queue, and open before close";
	}
	if (rc) {
		if (line)
			*line = e.line;
		conf_error_format(&e, name, err, cap);
		free(work);
		return rc;
	}
	*c = *work;
	free(work);
	return 0;
}

int central_config_parse(struct central_config *c, const char *text, size_t len, int *line,
                         char *err, size_t cap)
{
	return parse(c, text, len, NULL, line, err, cap);
}

int central_config_load(struct central_config *c, const char *path, char *err, size_t cap)
{
	char *text;
	size_t len;
	int rc = conf_read_file(path, &text, &len);
	if (rc) {
		if (err && cap)
			snprintf(err, cap, "%s: %s", path, strerror(-rc));
		return rc;
	}
	rc = parse(c, text, len, path, NULL, err, cap);
	free(text);
	return rc;
}
