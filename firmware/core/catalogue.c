#include "firmware/core/catalogue.h"

#include <string.h>

#include "firmware/core/text.h"

static void add(struct catalogue *c, const char *code, const char *fr, const char *en,
                const char *dfr, const char *den, unsigned needs, enum standards_kind std)
{
	if (c->count >= CATALOGUE_MAX)
		return;
	struct catalogue_item *it = &c->items[c->count++];
	memset(it, 0, sizeof(*it));
	text_copy(it->code, sizeof(it->code), code);
	text_copy(it->name[LANG_FR], sizeof(it->name[LANG_FR]), fr);
	text_copy(it->name[LANG_EN], sizeof(it->name[LANG_EN]), en);
	text_copy(it->desc[LANG_FR], sizeof(it->desc[LANG_FR]), dfr);
	text_copy(it->desc[LANG_EN], sizeof(it->desc[LANG_EN]), den);
	it->needs = needs;
	it->standard = std;
}

void catalogue_builtin(struct catalogue *c)
{
	memset(c, 0, sizeof(*c));
	add(c, "complaint_agency", "Plainte au sujet de l’organisme", "Complaint about the agency",
	    "Un service, une décision ou un membre du personnel de l’organisme.",
	    "A service, a decision or a staff member of the agency.", 0,
	    STANDARDS_COMPLAINT_AGENCY);
	add(c, "complaint_regulated", "Plainte au sujet d’une entreprise réglementée",
	    "Complaint about a regulated business",
	    "Une entreprise ou une personne titulaire d’un permis de l’organisme.",
	    "A business or person licensed by the agency.", 0, STANDARDS_COMPLAINT_REGULATED);
	c->items[c->count - 1].metadata = true; /* the business's name */
	add(c, "inquiry_general", "Demande de renseignements", "General inquiry",
	    "Une question simple sur nos services.", "A simple question about our services.", 0,
	    STANDARDS_GENERAL_INQUIRY);
	add(c, "inquiry_complex", "Demande de renseignements complexe", "Complex inquiry",
	    "Une question qui demande une recherche ou plusieurs services.",
	    "A question that needs research or several services.", 0, STANDARDS_COMPLEX_INQUIRY);
	add(c, "objection", "Opposition", "Objection",
	    "Une opposition à une demande ou à une décision. Les oppositions anonymes ne sont pas "
	    "examinées.",
	    "An objection to an application or a decision. Anonymous objections are not "
	    "considered.",
	    CATALOGUE_NEEDS_CONTACT, STANDARDS_MESSAGE_ACK);
	add(c, "feedback", "Commentaire ou compliment", "Feedback or compliment",
	    "Dites-nous ce qui a bien fonctionné ou ce que nous pourrions améliorer.",
	    "Tell us what worked well or what we could do better.", 0, STANDARDS_FEEDBACK);
}

static const char *pick(const char (*text)[CATALOGUE_DESC_MAX], enum lang lang, enum lang *shown_in)
{
	enum lang l = text[lang][0] ? lang : lang_other(lang);
	if (shown_in)
		*shown_in = text[l][0] ? l : lang;
	return text[l];
}

const char *catalogue_name(const struct catalogue_item *it, enum lang lang, enum lang *shown_in)
{
	enum lang l = it->name[lang][0] ? lang : lang_other(lang);
	if (!it->name[l][0])
		l = lang;
	if (shown_in)
		*shown_in = l;
	return it->name[l][0] ? it->name[l] : it->code;
}

const char *catalogue_desc(const struct catalogue_item *it, enum lang lang, enum lang *shown_in)
{
	return pick(it->desc, lang, shown_in);
}

const struct catalogue_item *catalogue_find(const struct catalogue *c, const char *code)
{
	for (int i = 0; code && i < c->count; i++)
		if (strcmp(c->items[i].code, code) == 0)
			return &c->items[i];
	return NULL;
}
