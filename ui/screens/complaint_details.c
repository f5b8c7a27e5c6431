/* Filing a request, step 2: the category's extra fields (Open311 service-definition
 * attributes of every datatype): text, numbers and dates typed on the entry screen, single-
 * and multi-value lists chosen here. Questions keep the language the central wrote them in. */
#include "ui/screens/complaint.h"

enum { ACT_CONTINUE = APP_ACT_SCREEN, ACT_EDIT, ACT_CHOOSE = APP_ACT_SCREEN + 16 };

static bool is_list(const struct complaint_attr *at)
{
	return at->type == COMPLAINT_DT_SINGLE || at->type == COMPLAINT_DT_MULTI;
}

static void build(const struct app *a, struct view *v)
{
	const struct complaint *c = &a->visit.complaint;
	char id[32], label[VIEW_TEXT_MAX];

	screen_add(v, a, VIEW_ROLE_HEADING, "complaint.details.title", APP_ACT_NONE);
	complaint_error_node(v, a);
	if (c->attrs_request)
		screen_add(v, a, VIEW_ROLE_TEXT, "complaint.details.loading", APP_ACT_NONE);
	for (int i = 0; i < c->attrs.count; i++) {
		const struct complaint_attr *at = &c->attrs.a[i];
		const char *need = i18n_get(a->strings, at->desc_lang,
		                            at->required ? "complaint.details.required"
		                                         : "complaint.details.optional");
		if ((size_t)snprintf(label, sizeof(label), "%s (%s)", at->desc, need) >=
		    sizeof(label)) {
			v->overflow++;
			continue;
		}
		snprintf(id, sizeof(id), "complaint.edit.attr.%d", i);
		if (!is_list(at)) {
			struct view_node *n = screen_add_text(v, id, VIEW_ROLE_EDIT, at->desc_lang,
			                                      label, ACT_EDIT + i);
			if (n)
				n->value_ref = at->value;
			continue;
		}
		screen_add_text(v, id, VIEW_ROLE_TEXT, at->desc_lang, label, APP_ACT_NONE);
		for (int j = 0; j < at->n_values; j++) {
			char vid[40];
			snprintf(vid, sizeof(vid), "attr.%d.%d", i, j);
			struct view_node *n = screen_add_text(
			    v, vid, VIEW_ROLE_CHECKBOX, at->desc_lang, at->values[j].name,
			    ACT_CHOOSE + i * COMPLAINT_ATTR_VALUES_MAX + j);
			if (n)
				n->state = at->chosen & (1u << j) ? VIEW_STATE_CHECKED
				                                  : VIEW_STATE_UNCHECKED;
		}
	}
	screen_add(v, a, VIEW_ROLE_BUTTON, "common.continue", ACT_CONTINUE);
	screen_add(v, a, VIEW_ROLE_BUTTON, "common.back", APP_ACT_BACK);
	screen_footer(v, a, true);
}

static void act(struct app *a, int action, struct app_fx_list *fx)
{
	struct complaint *c = &a->visit.complaint;
	c->error = NULL;
	if (action == ACT_CONTINUE) {
		int bad;
		const char *err = complaint_check_attrs(c, &bad);
		if (err) {
			complaint_show_error(a, fx, err,
			                     (enum complaint_field)(COMPLAINT_ATTR0 + bad));
			return;
		}
		c->editing = COMPLAINT_DESCRIPTION;
		app_flow_next(a, fx);
		return;
	}
	if (action >= ACT_CHOOSE) {
		int k = action - ACT_CHOOSE, i = k / COMPLAINT_ATTR_VALUES_MAX,
		    j = k % COMPLAINT_ATTR_VALUES_MAX;
		if (i >= c->attrs.count || j >= c->attrs.a[i].n_values)
			return;
		struct complaint_attr *at = &c->attrs.a[i];
		if (at->type == COMPLAINT_DT_SINGLE)
			at->chosen = at->chosen == (1u << j) ? 0 : 1u << j;
		else
			at->chosen ^= 1u << j;
		app_rebuild(a);
		app_cue(a, fx, at->chosen & (1u << j) ? CUE_CHECKED : CUE_UNCHECKED);
		app_speak(a, fx, APP_FX_SPEAK_FOCUS, NULL, a->visit.settings.lang, APP_TO_LISTENER);
		return;
	}
	int i = action - ACT_EDIT;
	if (i >= 0 && i < c->attrs.count) {
		c->editing = (enum complaint_field)(COMPLAINT_ATTR0 + i);
		app_go(a, fx, &screen_complaint_entry);
	}
}

static void enter(struct app *a, struct app_fx_list *fx)
{
	screen_speak_texts(a, fx);
}

static const char *sample(struct app *a, int i)
{
	struct complaint *c = &a->visit.complaint;
	a->visit.here = (struct app_frame){.flow = &flow_complaint, .step = COMPLAINT_STEP_DETAILS};
	text_copy(c->code, sizeof(c->code), "complaint_regulated");
	complaint_builtin_attrs(c->code, a->visit.settings.lang, &c->attrs);
	struct complaint_attr *at = &c->attrs.a[c->attrs.count++];
	text_copy(at->code, sizeof(at->code), "CHANNEL");
	text_copy(at->desc, sizeof(at->desc), "How were you served?");
	at->desc_lang = LANG_EN; /* a question the central had in English only */
	at->type = COMPLAINT_DT_MULTI;
	at->required = true;
	at->n_values = 2;
	text_copy(at->values[0].key, sizeof(at->values[0].key), "counter");
	text_copy(at->values[0].name, sizeof(at->values[0].name), "At the counter");
	text_copy(at->values[1].key, sizeof(at->values[1].key), "phone");
	text_copy(at->values[1].name, sizeof(at->values[1].name), "By phone");
	if (i == 1) {
		c->error = "complaint.error.choose";
		c->error_field = (enum complaint_field)(COMPLAINT_ATTR0 + 1);
		return "error";
	}
	return "";
}

const struct screen_def screen_complaint_details = {
    .name = "complaint_details",
    .help_key = "help.screen.complaint_details",
    .build = build,
    .act = act,
    .enter = enter,
    .samples = 2,
    .sample = sample,
};
