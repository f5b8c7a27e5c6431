/* Filing a request, step 1: what kind of request (the central's categories, or the built-in
 * ones when it cannot be reached), a page at a time. */
#include "ui/screens/complaint.h"

#define PER_PAGE 6

static void build(const struct app *a, struct view *v)
{
	enum lang l = a->visit.settings.lang;
	int count;

	screen_add(v, a, VIEW_ROLE_HEADING, "complaint.category.title", APP_ACT_NONE);
	screen_add(v, a, VIEW_ROLE_TEXT, "complaint.category.intro", APP_ACT_NONE);
	int first = screen_page(v, a, a->catalogue.count, PER_PAGE, &count);
	for (int i = first; i < first + count; i++) {
		const struct catalogue_item *it = &a->catalogue.items[i];
		enum lang name_lang, desc_lang;
		const char *name = catalogue_name(it, l, &name_lang);
		const char *desc = catalogue_desc(it, l, &desc_lang);
		char id[CATALOGUE_CODE_MAX + 16];
		snprintf(id, sizeof(id), "category.%s", it->code);
		struct view_node *n =
		    screen_add_text(v, id, VIEW_ROLE_BUTTON, name_lang, name, APP_ACT_SCREEN + i);
		/* S3: a description only the central's other language had is shown as it came. */
		if (n && desc_lang == name_lang)
			screen_set_value(v, n, desc);
	}
	screen_page_controls(v, a);
	screen_add(v, a, VIEW_ROLE_BUTTON, "common.back", APP_ACT_BACK);
	screen_footer(v, a, true);
}

static void act(struct app *a, int action, struct app_fx_list *fx)
{
	int i = action - APP_ACT_SCREEN;
	if (i < 0 || i >= a->catalogue.count)
		return;
	struct complaint *c = &a->visit.complaint;
	text_copy(c->code, sizeof(c->code), a->catalogue.items[i].code);
	c->editing = COMPLAINT_DESCRIPTION;
	c->error = NULL;
	complaint_builtin_attrs(c->code, a->visit.settings.lang, &c->attrs);
	c->attrs_request = 0;
	if (a->catalogue.from_central && a->catalogue.items[i].metadata) {
		/* Its extra fields, as the central defines them (Open311 service definition). */
		c->attrs_request = ++a->last_request;
		a->waiting = true;
		a->waiting_since = a->now;
		a->one_moment_said = false;
		app_fx_add(fx, APP_FX_REQUEST, APP_REQ_DEFINITION);
		fx->fx[fx->count - 1].id = c->attrs_request;
		fx->fx[fx->count - 1].key = c->code;
		fx->fx[fx->count - 1].lang = a->visit.settings.lang;
	}
	app_flow_goto(a, fx,
	              c->attrs.count > 0 || c->attrs_request ? COMPLAINT_STEP_DETAILS
	                                                     : COMPLAINT_STEP_DESCRIPTION);
}

static const char *sample(struct app *a, int i)
{
	(void)i;
	a->visit.here =
	    (struct app_frame){.flow = &flow_complaint, .step = COMPLAINT_STEP_CATEGORY};
	return "";
}

const struct screen_def screen_complaint_category = {
    .name = "complaint_category",
    .help_key = "help.screen.complaint_category",
    .build = build,
    .act = act,
    .samples = 1,
    .sample = sample,
};
