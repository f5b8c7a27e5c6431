/* The one table of screens, and the helpers every screen file uses. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "firmware/core/calendar.h"
#include "firmware/core/text.h"
#include "ui/screens/complaint.h"
#include "ui/screens/screens.h"
#include "ui/screens/status.h"
#include "ui/screens/tech.h"
#include "ui/screens/ticket.h"

#define SCREEN(name) +1
enum {
	SCREENS_COUNT = 0
#include "ui/screens/screen_list.h"
};
#undef SCREEN

/* Each task's answers and deadline go to every flow; each takes only its own requests. */
static void tasks_result(struct app *a, const struct app_result *r, struct app_fx_list *fx)
{
	complaint_result(a, r, fx);
	status_take_result(a, r, fx);
	ticket_take_result(a, r, fx);
	tech_take_result(a, r, fx);
}

static void tasks_tick(struct app *a, struct app_fx_list *fx)
{
	complaint_tick(a, fx);
	status_tick(a, fx);
	ticket_tick(a, fx);
}

#define SCREEN(name) &screen_##name,
static const struct screen_def *const table[] = {
#include "ui/screens/screen_list.h"
};
#undef SCREEN
_Static_assert(sizeof(table) / sizeof(table[0]) == SCREENS_COUNT, "one entry per screen");

const struct screen_set screens_all = {
    .all = table,
    .count = SCREENS_COUNT,
    .attract = &screen_attract,
    .home = &screen_home,
    .help = &screen_help,
    .staff = &screen_staff,
    .timeout = &screen_timeout,
    .unavailable = &screen_unavailable,
    .discard = &screen_discard,
    .technician = &screen_tech_pin,
    .result = tasks_result,
    .tick = tasks_tick,
};

struct view_node *screen_add_text(struct view *v, const char *id, enum view_role role,
                                  enum lang lang, const char *text, int action)
{
	if (v->count >= VIEW_MAX_NODES) {
		v->overflow++;
		return NULL;
	}
	struct view_node *n = &v->nodes[v->count];
	memset(n, 0, sizeof(*n));
	if (text_copy(n->text, sizeof(n->text), text) < 0) {
		v->overflow++;
		return NULL;
	}
	v->count++;
	n->id = view_id(id);
	n->role = role;
	n->lang = lang;
	n->action = action;
	n->region = role == VIEW_ROLE_HEADING ? VIEW_REGION_HEADER : VIEW_REGION_BODY;
	n->size = role == VIEW_ROLE_HEADING ? VIEW_SIZE_LARGE : VIEW_SIZE_NORMAL;
	n->state = role == VIEW_ROLE_CHECKBOX ? VIEW_STATE_UNCHECKED : VIEW_STATE_NONE;
	return n;
}

struct view_node *screen_add(struct view *v, const struct app *a, enum view_role role,
                             const char *key, int action)
{
	enum lang lang = a->visit.settings.lang;
	if (!i18n_has(a->strings, lang, key))
		v->missing++;
	struct view_node *n =
	    screen_add_text(v, key, role, lang, i18n_get(a->strings, lang, key), action);
	/* Before a language is chosen, every label is shown and said in both. */
	if (n && v->bilingual &&
	    text_copy(n->text2, sizeof(n->text2), i18n_get(a->strings, lang_other(lang), key)) < 0)
		v->overflow++;
	return n;
}

struct view_node *screen_add_go(struct view *v, const struct app *a, const char *key,
                                const struct screen_def *to)
{
	struct view_node *n = screen_add(v, a, VIEW_ROLE_BUTTON, key, APP_ACT_GO);
	if (n)
		n->go = to;
	return n;
}

void screen_set_value(struct view *v, struct view_node *n, const char *value)
{
	if (n && text_copy(n->value, sizeof(n->value), value) < 0)
		v->overflow++;
}

int screen_contact_append(const struct app *a, char *out, size_t cap)
{
	enum lang l = a->visit.settings.lang;
	const struct app_config *c = &a->cfg;
	const struct {
		const char *value, *key, *name;
	} ways[] = {
	    {c->contact_phone, "contact.phone", "phone"},
	    {c->contact_tty, "contact.tty", "tty"},
	    {c->contact_web, "contact.web", "web"},
	};

	for (size_t i = 0; i < sizeof(ways) / sizeof(ways[0]); i++) {
		size_t n = strlen(out);
		if (!ways[i].value[0])
			continue;
		if (i18n_format(a->strings, l, ways[i].key, out + n, cap - n, ways[i].name,
		                ways[i].value, I18N_END) < 0)
			return -E2BIG;
	}
	return 0;
}

int screen_contact_text(const struct app *a, const char *key, char *out, size_t cap)
{
	if (text_copy(out, cap, i18n_get(a->strings, a->visit.settings.lang, key)) < 0)
		return -E2BIG;
	return screen_contact_append(a, out, cap);
}

int screen_page(struct view *v, const struct app *a, int total, int per_page, int *count)
{
	if (total <= 0 || per_page <= 0) {
		*count = 0;
		return 0;
	}
	int pages = (total + per_page - 1) / per_page;
	int page = a->visit.here.page < 0 ? 0 : a->visit.here.page;
	page = page >= pages ? pages - 1 : page;
	v->pages = pages;
	int first = page * per_page;
	*count = total - first < per_page ? total - first : per_page;
	return first;
}

void screen_page_controls(struct view *v, const struct app *a)
{
	enum lang l = a->visit.settings.lang;
	char n[16], total[16], text[VIEW_TEXT_MAX];
	int page = a->visit.here.page;

	if (v->pages <= 1)
		return;
	page = page < 0 ? 0 : page >= v->pages ? v->pages - 1 : page;
	snprintf(n, sizeof(n), "%d", page + 1);
	snprintf(total, sizeof(total), "%d", v->pages);
	if (i18n_format(a->strings, l, "page.of", text, sizeof(text), "n", n, "total", total,
	                I18N_END) < 0)
		v->overflow++;
	else
		screen_add_text(v, "page.of", VIEW_ROLE_TEXT, l, text, APP_ACT_NONE);
	struct view_node *prev = screen_add(v, a, VIEW_ROLE_BUTTON, "page.prev", APP_ACT_PAGE_PREV);
	if (prev && page == 0)
		prev->state = VIEW_STATE_DISABLED;
	struct view_node *next = screen_add(v, a, VIEW_ROLE_BUTTON, "page.next", APP_ACT_PAGE_NEXT);
	if (next && page == v->pages - 1)
		next->state = VIEW_STATE_DISABLED;
}

void screen_clock_text(int64_t utc, enum lang l, char *out, size_t cap)
{
	struct calendar_local t = calendar_to_local(utc);
	if (l == LANG_FR && t.minute == 0)
		snprintf(out, cap, "%d\u00a0h", t.hour); /* « 17 h », not « 17 h 00 » */
	else if (l == LANG_FR)
		snprintf(out, cap, "%d\u00a0h\u00a0%02d", t.hour, t.minute);
	else
		snprintf(out, cap, "%d:%02d\u00a0%s", t.hour % 12 ? t.hour % 12 : 12, t.minute,
		         t.hour < 12 ? "a.m." : "p.m.");
}

bool screen_entry_key(struct app *a, const struct app_event *ev, struct app_fx_list *fx,
                      const struct screen_entry *e)
{
	static const char *const digits[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
	if (ev->type == APP_EV_TEXT) {
		if (strcmp(ev->text, "\n") == 0 || strcmp(ev->text, "\r") == 0)
			e->done(a, fx);
		else if (strcmp(ev->text, " ") != 0)
			e->type(a, fx, ev->text);
		return true;
	}
	if (ev->key == APP_KEY_ERASE) {
		e->erase(a, fx);
		return true;
	}
	if (ev->key == APP_KEY_DIGIT) {
		/* K5: the digit keys type into the field wherever focus is. */
		if (!a->speech_mode)
			app_speech_on(a, fx); /* A1, and the digit is not lost */
		if (ev->digit >= 0 && ev->digit <= 9)
			e->type(a, fx, digits[ev->digit]);
		return true;
	}
	return false;
}

void screen_end_sentence(char *text)
{
	size_t n = strlen(text);
	if (n >= 2 && text[n - 1] == '.' && text[n - 2] == '.')
		text[n - 1] = '\0';
}

void screen_when_text(int64_t utc, enum lang l, char *out, size_t cap)
{
	char date[96], clock[32];
	if (calendar_format_date_long(calendar_to_local(utc).date, lang_code(l), date,
	                              sizeof(date)) < 0)
		date[0] = '\0';
	screen_clock_text(utc, l, clock, sizeof(clock));
	snprintf(out, cap, l == LANG_FR ? "%s à %s" : "%s at %s", date, clock);
}

void screen_speak_texts(struct app *a, struct app_fx_list *fx)
{
	for (int i = 1; a->speech_mode && i < a->view.count; i++) {
		const struct view_node *n = &a->view.nodes[i];
		if (n->role == VIEW_ROLE_TEXT || n->role == VIEW_ROLE_ALERT ||
		    (n->role == VIEW_ROLE_EDIT && !n->action)) {
			app_fx_add(fx, APP_FX_SPEAK_NODE, i);
			a->speaking = true;
		}
	}
}

void screen_set_volume(struct view *v, const struct app *a, struct view_node *n)
{
	char pct[16], text[VIEW_VALUE_MAX];
	snprintf(pct, sizeof(pct), "%d", a->visit.settings.volume);
	if (i18n_format(a->strings, a->visit.settings.lang, "volume.percent", text, sizeof(text),
	                "percent", pct, I18N_END) < 0)
		v->overflow++;
	else
		screen_set_value(v, n, text);
}

void screen_volume_control(struct view *v, const struct app *a)
{
	if (!a->speech_mode || v->screen == &screen_options)
		return;
	struct view_node *n = screen_add_go(v, a, "options.volume", &screen_options);
	if (!n)
		return;
	n->region = VIEW_REGION_FOOTER;
	n->size = VIEW_SIZE_SMALL;
	screen_set_volume(v, a, n);
}

void screen_footer(struct view *v, const struct app *a, bool with_staff)
{
	struct view_node *n = screen_add(v, a, VIEW_ROLE_BUTTON, "common.help", APP_ACT_HELP);
	if (n)
		n->region = VIEW_REGION_FOOTER;
	if (with_staff && (n = screen_add(v, a, VIEW_ROLE_BUTTON, "common.staff", APP_ACT_STAFF)))
		n->region = VIEW_REGION_FOOTER;
	/* The switch is labelled, shown and spoken in the language it switches to (S3). */
	enum lang other = lang_other(a->visit.settings.lang);
	n = screen_add_text(v, "lang.name", VIEW_ROLE_BUTTON, other,
	                    i18n_get(a->strings, other, "lang.name"), APP_ACT_SWITCH_LANG);
	if (n)
		n->region = VIEW_REGION_FOOTER;
	screen_volume_control(v, a);
}
